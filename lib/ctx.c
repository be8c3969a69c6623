/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* The library context: sysroot, reference count, logging and the last error message. */
#include <fcntl.h>
#include <stdarg.h>

#include "internal.h"
#include "strtab.h"

struct pstore_ctx {
	int refcount;
	char *sysroot; /* "" for the running system */
	int rootfd;    /* O_PATH fd of the sysroot, -1 for the running system */
	int log_priority;
	pstore_log_fn log_fn;
	void *log_data;
	char *errmsg;
};

_printf_(6, 0) static void log_stderr(void *data _unused_, int priority _unused_, const char *file _unused_,
		       int line _unused_, const char *fn, const char *format, va_list args)
{
	fprintf(stderr, "libpstore: %s: ", fn);
	vfprintf(stderr, format, args);
	fputc('\n', stderr);
}

/* $PSTORE_LOG: a name or a number; anything else is the default. */
static int log_priority_from_string(const char *s)
{
	static const char names[][8] = {
		[LOG_ERR] = "err",
		[LOG_WARNING] = "warning",
		[LOG_INFO] = "info",
		[LOG_DEBUG] = "debug",
	};
	int prio = STRTAB_VALUE(names, s);
	char *end;
	long v;

	if (prio >= 0)
		return prio;
	v = strtol(s, &end, 10);
	if (end != s && *end == '\0' && v >= 0 && v <= LOG_DEBUG)
		return (int)v;
	return LOG_WARNING;
}

_public_ int pstore_new(const char *sysroot, struct pstore_ctx **ret)
{
	struct pstore_ctx *ctx;
	const char *env;
	size_t len;

	if (!ret)
		return -EINVAL;
	ctx = calloc(1, sizeof(*ctx));
	if (!ctx)
		return -ENOMEM;
	ctx->refcount = 1;
	ctx->rootfd = -1;
	ctx->log_fn = log_stderr;
	ctx->log_priority = LOG_WARNING;
	env = secure_getenv("PSTORE_LOG");
	if (env && *env)
		ctx->log_priority = log_priority_from_string(env);

	if (!sysroot)
		sysroot = "";
	ctx->sysroot = strdup(sysroot);
	if (!ctx->sysroot) {
		free(ctx);
		return -ENOMEM;
	}
	/* "/" and "dir/" mean the same as "" and "dir": paths are appended to it. */
	len = strlen(ctx->sysroot);
	while (len > 0 && ctx->sysroot[len - 1] == '/')
		ctx->sysroot[--len] = '\0';
	/* Held for the context's life: every system path is resolved inside this one
	 * directory, also when the name is replaced meanwhile. */
	if (*ctx->sysroot) {
		ctx->rootfd = open(ctx->sysroot, O_PATH | O_DIRECTORY | O_CLOEXEC);
		if (ctx->rootfd < 0) {
			int e = -errno;

			free(ctx->sysroot);
			free(ctx);
			return e;
		}
	}

	*ret = ctx;
	return 0;
}

_public_ struct pstore_ctx *pstore_ref(struct pstore_ctx *ctx)
{
	if (ctx)
		ctx->refcount++;
	return ctx;
}

_public_ struct pstore_ctx *pstore_unref(struct pstore_ctx *ctx)
{
	if (!ctx || --ctx->refcount > 0)
		return NULL;
	if (ctx->rootfd >= 0)
		close(ctx->rootfd);
	free(ctx->sysroot);
	free(ctx->errmsg);
	free(ctx);
	return NULL;
}

_public_ const char *pstore_get_sysroot(const struct pstore_ctx *ctx)
{
	return ctx->sysroot;
}

int pstore_ctx_rootfd(const struct pstore_ctx *ctx)
{
	return ctx->rootfd;
}

_public_ int pstore_path(const struct pstore_ctx *ctx, const char *path, char **ret)
{
	if (!path || path[0] != '/')
		return -EINVAL;
	if (asprintf(ret, "%s%s", ctx->sysroot, path) < 0)
		return -ENOMEM;
	return 0;
}

_public_ const char *pstore_errmsg(const struct pstore_ctx *ctx)
{
	return ctx ? ctx->errmsg : NULL;
}

_public_ void pstore_clear_error(struct pstore_ctx *ctx)
{
	free(ctx->errmsg);
	ctx->errmsg = NULL;
}

int pstore_err(struct pstore_ctx *ctx, int err, const char *format, ...)
{
	va_list ap;
	char *msg = NULL;

	va_start(ap, format);
	if (vasprintf(&msg, format, ap) < 0)
		msg = NULL;
	va_end(ap);
	free(ctx->errmsg);
	ctx->errmsg = msg;
	if (msg)
		dbg(ctx, "%s (%s)", msg, strerror(err < 0 ? -err : err));
	return err;
}

int pstore_err_sys(struct pstore_ctx *ctx, int err, const char *format, ...)
{
	_cleanup_free_ char *what = NULL;
	va_list ap;

	if (!err)
		err = -errno;
	va_start(ap, format);
	if (vasprintf(&what, format, ap) < 0)
		what = NULL;
	va_end(ap);
	if (!what) {
		pstore_clear_error(ctx);
		return err;
	}
	return pstore_err(ctx, err, "%s: %s", what, strerror(-err));
}

int pstore_err_oom(struct pstore_ctx *ctx)
{
	return pstore_err(ctx, -ENOMEM, "out of memory");
}

_public_ void pstore_set_log_fn(struct pstore_ctx *ctx, pstore_log_fn fn, void *data)
{
	ctx->log_fn = fn;
	ctx->log_data = data;
}

_public_ int pstore_get_log_priority(const struct pstore_ctx *ctx)
{
	return ctx->log_priority;
}

_public_ void pstore_set_log_priority(struct pstore_ctx *ctx, int priority)
{
	ctx->log_priority = priority;
}

void pstore_log(const struct pstore_ctx *ctx, int priority, const char *file, int line,
		const char *fn, const char *format, ...)
{
	va_list ap;

	if (!ctx->log_fn)
		return;
	va_start(ap, format);
	ctx->log_fn(ctx->log_data, priority, file, line, fn, format, ap);
	va_end(ap);
}
