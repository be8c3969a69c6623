/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Private to libpstore: optional libraries loaded with dlopen on first use (lib/dl.c). */
#ifndef LIBPSTORE_DL_H
#define LIBPSTORE_DL_H

#include <stddef.h>

#include "internal.h"

/* Room for a symbol name and its NUL; DL_DECLARE() checks each name against it. */
#define DL_NAME_MAX 40

struct dl_sym {
	char name[DL_NAME_MAX]; /* an array, not a pointer, as in strtab.h */
	void **slot;            /* a sym_<name> function pointer */
};

/* One optional library: its symbols are resolved all or none, once per process. */
struct dl_lib {
	/* arrays, not pointers, as in strtab.h; DL_LIB() checks the lengths */
	char soname[24];
	char package[16]; /* the Debian package, named in the message; or "" */
	const struct dl_sym *syms;
	size_t nsyms;
	int state;       /* 0 not tried, 1 loaded, -1 failed (under dl.c's lock) */
	const char *err; /* dlerror()'s text when it failed (kept for the process' life; not
			  * a buffer here: these tables would put 2 KB of zeros in .data) */
};

/* In a symbol list X-macro: declares sym_<name> with <name>'s type from its header. */
#define DL_DECLARE(name)                                                                 \
	static typeof(name) *sym_##name;                                                 \
	_Static_assert(sizeof(#name) <= DL_NAME_MAX, #name ": name longer than DL_NAME_MAX");
/*
 * In a symbol list X-macro: one struct dl_sym table entry for sym_<name>. The tables are
 * not const: a const table of pointers is RELRO, and on arm64 binutils 2.40 ends RELRO on
 * a 64 KiB page, so each RELRO byte is a byte less room for the library's code before its
 * file grows by 64 KiB (README "Sizes"); in .data they cost nothing there. They point at
 * the sym_ slots, which are written at load time anyway.
 */
#define DL_SYM(name) { #name, (void **)&sym_##name },
#define DL_FITS(field, str) (sizeof(str) <= sizeof(((struct dl_lib *)0)->field))
#define DL_LIB(so, pkg, table)                                                           \
	{                                                                                \
		.soname = (so), .package = (pkg), .syms = (table),                       \
		.nsyms = ARRAY_SIZE(table) +                                             \
			 STATIC_CHECK_ZERO(DL_FITS(soname, so) && DL_FITS(package, pkg), \
					   "DL_LIB: soname or package too long"),        \
	}

/* Loads lib once (thread-safe): 0 when every symbol is resolved, else -EOPNOTSUPP with
 * dlerror()'s text in lib->err and every slot NULL. */
int dl_load(struct dl_lib *lib);
/* dl_load(), logging "SONAME: cannot load: WHY (Debian package P)" when it fails. */
int dl_require(struct pstore_ctx *ctx, struct dl_lib *lib);

#endif
