/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Private to libpstore: enum <-> string through one table of names indexed by the enum's
 * value, so that an enum's _to_string()/_from_string() pair is two one-liners over the
 * same table and the two directions cannot drift apart.
 *
 *	static const char color_names[][6] = { [COLOR_RED] = "red", [COLOR_GREEN] = "green" };
 *	const char *color_to_string(enum color c) { return STRTAB_NAME(color_names, c); }
 *	int color_from_string(const char *s) { return STRTAB_VALUE(color_names, s); }
 *
 * A table is an array of fixed-size names (the longest name plus its NUL), not of
 * pointers: every pointer in a table costs the shared library a relocation and 8 bytes
 * of RELRO (32 bytes a name on arm64, where binutils 2.40 packs no relocations).
 * An empty entry ("" or not given) is a value without a name: never matched, and named
 * NULL. C drops the NUL of a name exactly as long as its array without a warning:
 * tests/lint/char-tables.py (run by `make check`) fails the build's tests when one is.
 */
#ifndef LIBPSTORE_STRTAB_H
#define LIBPSTORE_STRTAB_H

#include <stdbool.h>
#include <stddef.h>

#include "shared/c.h"

/* The name of value @v in the @n names of @width bytes at @names, or NULL when @v is out
 * of range or has none. */
const char *strtab_name(const char *names, size_t width, size_t n, long v);
/*
 * The value whose name is the @len bytes at @s (not NUL-terminated: a span of a larger
 * buffer), compared exactly or, with @icase, ignoring ASCII case. Returns -EINVAL when
 * no name matches.
 */
int strtab_find(const char *names, size_t width, size_t n, const char *s, size_t len,
		bool icase);
/* The value named by the string @s (NULL: -EINVAL). */
int strtab_value(const char *names, size_t width, size_t n, const char *s, bool icase);

/* strtab_*()'s first three arguments for @tab, which must be a table of char arrays (a
 * table of pointers would compile, read as chars, without this check). */
#define STRTAB(tab)                                                                      \
	(tab)[0] + STATIC_CHECK_ZERO(!__builtin_types_compatible_p(__typeof__((tab)[0]),  \
								     const char *),      \
				     "strtab: " #tab " must be a table of char arrays"), \
		sizeof((tab)[0]), ARRAY_SIZE(tab)

#define STRTAB_NAME(tab, v) strtab_name(STRTAB(tab), (v))
#define STRTAB_VALUE(tab, s) strtab_value(STRTAB(tab), (s), false)
#define STRTAB_VALUE_ICASE(tab, s) strtab_value(STRTAB(tab), (s), true)

#endif /* LIBPSTORE_STRTAB_H */
