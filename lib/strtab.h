/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Private to libpstore: enum <-> string through one table of names indexed by the enum's
 * value, so that an enum's _to_string()/_from_string() pair is two one-liners over the
 * same table and the two directions cannot drift apart.
 *
 *	static const char *const color_names[_COLOR_MAX] = { [COLOR_RED] = "red", ... };
 *	const char *color_to_string(enum color c) { return STRTAB_NAME(color_names, c); }
 *	int color_from_string(const char *s) { return STRTAB_VALUE(color_names, s); }
 *
 * A NULL entry is a value without a name: never matched, and named NULL.
 */
#ifndef LIBPSTORE_STRTAB_H
#define LIBPSTORE_STRTAB_H

#include <errno.h>
#include <stdbool.h>
#include <string.h>
#include <strings.h>

#include "shared/c.h"

/* The name of value @v, or NULL when @v is out of range or has none. */
static inline const char *strtab_name(const char *const *names, size_t n, long v)
{
	if (v < 0 || (size_t)v >= n)
		return NULL;
	return names[v];
}

/*
 * The value whose name is the @len bytes at @s (not NUL-terminated: a span of a larger
 * buffer), compared exactly or, with @icase, ignoring ASCII case. Returns -EINVAL when
 * no name matches.
 */
static inline int strtab_find(const char *const *names, size_t n, const char *s, size_t len,
			      bool icase)
{
	for (size_t i = 0; i < n; i++) {
		if (!names[i] || strlen(names[i]) != len)
			continue;
		if (icase ? strncasecmp(names[i], s, len) == 0 : memcmp(names[i], s, len) == 0)
			return (int)i;
	}
	return -EINVAL;
}

/* The value named by the string @s (NULL: -EINVAL). */
static inline int strtab_value(const char *const *names, size_t n, const char *s, bool icase)
{
	return s ? strtab_find(names, n, s, strlen(s), icase) : -EINVAL;
}

#define STRTAB_NAME(tab, v) strtab_name((tab), ARRAY_SIZE(tab), (v))
#define STRTAB_VALUE(tab, s) strtab_value((tab), ARRAY_SIZE(tab), (s), false)
#define STRTAB_VALUE_ICASE(tab, s) strtab_value((tab), ARRAY_SIZE(tab), (s), true)

#endif /* LIBPSTORE_STRTAB_H */
