/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Private helpers of libpstore: export macro, logging, error messages, cleanup. */
#ifndef LIBPSTORE_INTERNAL_H
#define LIBPSTORE_INTERNAL_H

#include <dirent.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <syslog.h>
#include <unistd.h>

#include "libpstore.h"

#include "shared/c.h"
#include "shared/strbuf.h"

#define _public_ __attribute__((visibility("default")))

/* ---- logging (lib/ctx.c) ---- */
void pstore_log(const struct pstore_ctx *ctx, int priority, const char *file, int line,
		const char *fn, const char *format, ...) _printf_(6, 7);

#define pstore_log_cond(ctx, prio, ...)                                                  \
	do {                                                                             \
		if (pstore_get_log_priority(ctx) >= (prio))                              \
			pstore_log(ctx, prio, __FILE__, __LINE__, __func__, __VA_ARGS__);  \
	} while (0)

#define dbg(ctx, ...) pstore_log_cond(ctx, LOG_DEBUG, __VA_ARGS__)
#define info(ctx, ...) pstore_log_cond(ctx, LOG_INFO, __VA_ARGS__)
#define warn(ctx, ...) pstore_log_cond(ctx, LOG_WARNING, __VA_ARGS__)

/*
 * pstore_err: record a one-line message for the caller (pstore_errmsg()) and return
 * @err (a negative errno) so that `return pstore_err(ctx, -EINVAL, "...")` reads well.
 * The message should name the file or field at fault: "/proc/iomem: line 3: ...".
 */
int pstore_err(struct pstore_ctx *ctx, int err, const char *format, ...) _printf_(3, 4);
/* pstore_err() of "MESSAGE: strerror(-@err)" ("/proc/iomem: Permission denied"); @err 0
 * stands for -errno, read before anything else can change it. */
int pstore_err_sys(struct pstore_ctx *ctx, int err, const char *format, ...) _printf_(3, 4);
/* pstore_err(ctx, -ENOMEM, "out of memory") */
int pstore_err_oom(struct pstore_ctx *ctx);

/* ---- sized structs (the ABI rules in libpstore.h) ---- */

/*
 * SIZED_OK: does the caller's struct hold at least the 0.2 layout? Every sized struct is
 * still at its 0.2 layout, so that is sizeof, and code that writes or reads the whole
 * struct never goes past the caller's size. A struct that grows must pin its 0.2 size
 * here (offsetof its first new member) and copy no more than the caller's size.
 */
#define SIZED_OK(p) ((p) && (p)->struct_size >= sizeof(*(p)))
/* Run @call, which may assign or clear all of *@p, and keep the caller's size in it. */
#define SIZED_KEEP(p, call)                                                              \
	({                                                                               \
		uint32_t size_ = (p)->struct_size;                                       \
		__typeof__(call) r_ = (call);                                            \
		(p)->struct_size = size_;                                                \
		r_;                                                                      \
	})

/* ---- files (lib/util.c) ---- */

/* Files larger than this are refused by the read-it-whole helpers below. */
#define PSTORE_READ_MAX (64u << 20)

/* Read a whole fd (regular file, pipe or sysfs attribute). */
int pstore_read_fd(int fd, size_t max, char **ret, size_t *ret_len);
/* Read a system path through the sysroot; on failure the message names the path. */
int pstore_read_sysfile(struct pstore_ctx *ctx, const char *path, char **ret,
			size_t *ret_len);
/* Read a user-given path as is ("-" is stdin); on failure the message names the path. */
int pstore_read_userfile(struct pstore_ctx *ctx, const char *path, char **ret,
			 size_t *ret_len);

/* ---- system paths inside the sysroot (lib/sysroot.c) ---- */

/*
 * These are the only ways lib/ opens a system path (/proc, /sys, /dev, /boot,
 * /lib/modules). With a sysroot, every symlink and ".." is resolved inside it (openat2
 * RESOLVE_IN_ROOT, or a walk where openat2 is missing), so a copied tree cannot lead to
 * the host's files; never O_CREAT. pstore_path() makes the name to show, not to open.
 */
/* The sysroot's directory fd (O_PATH), or -1 for the running system (lib/ctx.c). */
int pstore_ctx_rootfd(const struct pstore_ctx *ctx);
/* Open absolute @path inside the sysroot. Returns an fd or -errno (no message set). */
int pstore_open_sys(const struct pstore_ctx *ctx, const char *path, int flags);
/* fstat() of @path inside the sysroot (following links inside it). 0 or -errno. */
int pstore_stat_sys(const struct pstore_ctx *ctx, const char *path, struct stat *st);
/* opendir() of @path inside the sysroot. 0 or -errno. */
int pstore_opendir_sys(const struct pstore_ctx *ctx, const char *path, DIR **ret);
/*
 * Open @rel below @dirfd (a directory opened by the helpers above) without leaving it:
 * absolute symlinks and ".." above @dirfd fail with -EXDEV. Returns an fd or -errno.
 */
int pstore_openat_sys(int dirfd, const char *rel, int flags);

/*
 * Durable replacement of a file: write to a temporary file in the target's directory,
 * fsync it, rename it over the target, fsync the directory. On abort (or any failure)
 * the temporary file is removed and the target is untouched.
 */
struct pstore_atomic {
	int fd;          /* write here */
	int dirfd;
	char *tmpname;   /* relative to dirfd */
	char *name;      /* final name, relative to dirfd */
	char *path;      /* as given, for messages */
};
int pstore_atomic_open(struct pstore_ctx *ctx, const char *path, mode_t mode,
		       struct pstore_atomic *a);
/* Same, for NAME inside an already open directory. */
int pstore_atomic_openat(struct pstore_ctx *ctx, int dirfd, const char *name, mode_t mode,
			 struct pstore_atomic *a);
int pstore_atomic_commit(struct pstore_ctx *ctx, struct pstore_atomic *a);
/*
 * Commit that never replaces a file: the temporary becomes NAME, or the first free one of
 * NAME.1, NAME.2, ... at the moment of the commit (an atomic no-replace rename, so two
 * writers in one directory both keep their copies). *ret_name (may be NULL) is the name.
 */
int pstore_atomic_commit_new(struct pstore_ctx *ctx, struct pstore_atomic *a, char **ret_name);
/* Tests only: called in pstore_atomic_commit_new() just before the name is taken. */
extern void (*pstore_atomic_test_hook)(int dirfd, const char *name);
void pstore_atomic_abort(struct pstore_atomic *a);
/* Write all of buf to fd, retrying on EINTR and short writes. Returns 0 or -errno. */
int pstore_write_all(int fd, const void *buf, size_t len);

/* Appends a formatted string to the malloc'd array *@v of *@n strings (layout warnings,
 * scan notes). Returns 0, or -ENOMEM with the array left as it was. */
int pstore_strv_vappendf(char ***v, size_t *n, const char *fmt, va_list ap) _printf_(3, 0);

#endif /* LIBPSTORE_INTERNAL_H */
