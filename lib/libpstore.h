/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * libpstore: set up and read Linux pstore/ramoops.
 *
 * Conventions: functions return >= 0 on success and a negative errno on failure; results
 * come back through `T **ret` pointers. On failure the context keeps a one-line message
 * naming the file or field at fault (pstore_errmsg()). The library never prints (except
 * through the log callback) and never exits. Every /proc, /sys, /dev, /boot and
 * /lib/modules path is resolved through the context's sysroot.
 *
 * Each topic below is owned by one lib/<topic>.c file.
 */
#ifndef LIBPSTORE_H
#define LIBPSTORE_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#ifdef __cplusplus
extern "C" {
#endif

/* ==== context (lib/ctx.c) ============================================================ */

struct pstore_ctx;

/*
 * pstore_new: create a library context. @sysroot: directory every system path is
 * resolved under, or NULL / "/" for the running system. Since 0.1.
 */
int pstore_new(const char *sysroot, struct pstore_ctx **ret);
struct pstore_ctx *pstore_ref(struct pstore_ctx *ctx);
/* Drops a reference; NULL is fine. Always returns NULL. */
struct pstore_ctx *pstore_unref(struct pstore_ctx *ctx);
/* "" for the running system, else the sysroot without a trailing slash. */
const char *pstore_get_sysroot(const struct pstore_ctx *ctx);

/*
 * pstore_path: resolve an absolute system path (/proc/iomem) through the sysroot.
 * Returns a malloc'd string in *ret.
 */
int pstore_path(const struct pstore_ctx *ctx, const char *path, char **ret);

/* The message of the last failure on this context, or NULL. Valid until the next call. */
const char *pstore_errmsg(const struct pstore_ctx *ctx);
void pstore_clear_error(struct pstore_ctx *ctx);

/* Logging: syslog priorities (LOG_ERR .. LOG_DEBUG). Default LOG_WARNING, or $PSTORE_LOG. */
typedef void (*pstore_log_fn)(void *data, int priority, const char *file, int line,
			      const char *fn, const char *format, va_list args);
void pstore_set_log_fn(struct pstore_ctx *ctx, pstore_log_fn fn, void *data);
int pstore_get_log_priority(const struct pstore_ctx *ctx);
void pstore_set_log_priority(struct pstore_ctx *ctx, int priority);

/* ==== small helpers (lib/util.c) ====================================================== */

/*
 * pstore_parse_size: "1M", "64K", "0x100000", "4096", "2G", "1MiB". Suffixes are binary.
 * Returns -EINVAL for malformed text, -ERANGE when it does not fit 64 bits.
 */
int pstore_parse_size(const char *s, uint64_t *ret);
/* pstore_parse_u64: decimal or 0x hex, no suffix. Same errors. */
int pstore_parse_u64(const char *s, uint64_t *ret);

/* ==== /proc/iomem, free memory, plan, layout (lib/iomem.c, lib/plan.c) ================ */
/* (owned by the plan topic) */

/* ==== device tree (lib/dt.c) ========================================================= */
/* (owned by the dts topic) */

/* ==== kernel config and module (lib/kconfig.c, lib/module.c, lib/check.c) ============= */
/* (owned by the check topic) */

/* ==== records (lib/records.c, lib/source-*.c, lib/dmesg.c) =========================== */
/* (owned by the records topic) */

#ifdef __cplusplus
}
#endif

#endif /* LIBPSTORE_H */
