/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* The ramoops module: lookup and insertion through libkmod (its parameters and option
 * string are lib/ramoops.c). libkmod is loaded with dlopen on first use, as systemd does for optional libraries: linking
 * it would pull libcrypto, libzstd and liblzma into every program using libpstore, and
 * their start-up cost into every `pstorectl tail`. */
#include <fcntl.h>
#include <sys/stat.h>

#include <libkmod.h>

#include "dl.h"
#include "internal.h"
#include "strtab.h"

#define LIBKMOD_SONAME "libkmod.so.2"

/* The libkmod functions used here; <libkmod.h> gives their types. */
#define KMOD_SYMBOLS(X)                                                                    \
	X(kmod_new)                                                                        \
	X(kmod_unref)                                                                      \
	X(kmod_set_log_fn)                                                                 \
	X(kmod_list_next)                                                                  \
	X(kmod_module_new_from_name_lookup)                                                \
	X(kmod_module_get_dependencies)                                                    \
	X(kmod_module_get_module)                                                          \
	X(kmod_module_get_name)                                                            \
	X(kmod_module_get_path)                                                            \
	X(kmod_module_probe_insert_module)                                                 \
	X(kmod_module_unref)                                                               \
	X(kmod_module_unref_list)

KMOD_SYMBOLS(DL_DECLARE)
static struct dl_sym kmod_syms[] = { KMOD_SYMBOLS(DL_SYM) };
static struct dl_lib kmod_lib = DL_LIB(LIBKMOD_SONAME, "", kmod_syms);

struct pstore_module {
	char *name, *release, *path, *problem;
	char **deps; /* load order */
	size_t ndeps;
	enum pstore_module_kind kind;
	bool loaded;
	struct kmod_ctx *kctx;
	struct kmod_module *kmod;
};

static const char kind_names[][9] = {
	[PSTORE_MODULE_MISSING] = "missing",
	[PSTORE_MODULE_BUILTIN] = "built-in",
	[PSTORE_MODULE_FILE] = "module",
};

_public_ const char *pstore_module_kind_to_string(enum pstore_module_kind k)
{
	return STRTAB_NAME(kind_names, k);
}

_public_ int pstore_module_kind_from_string(const char *s)
{
	return STRTAB_VALUE(kind_names, s);
}

_public_ void pstore_module_free(struct pstore_module *m)
{
	if (!m)
		return;
	for (size_t i = 0; i < m->ndeps; i++)
		free(m->deps[i]);
	free(m->deps);
	free(m->name);
	free(m->release);
	free(m->path);
	free(m->problem);
	if (m->kmod)
		sym_kmod_module_unref(m->kmod);
	if (m->kctx)
		sym_kmod_unref(m->kctx);
	free(m);
}

static void module_freep(struct pstore_module **m)
{
	pstore_module_free(*m);
}

/* libkmod's messages go to our log at debug level: its errors become ours, with context. */
_printf_(6, 0) static void kmod_log(void *data, int priority _unused_, const char *file, int line,
		     const char *fn, const char *format, va_list args)
{
	const struct pstore_ctx *ctx = data;
	_cleanup_free_ char *msg = NULL;

	if (pstore_get_log_priority(ctx) < LOG_DEBUG)
		return;
	if (vasprintf(&msg, format, args) < 0)
		return;
	pstore_log(ctx, LOG_DEBUG, file, line, fn, "libkmod: %s", msg);
}

static bool sys_exists(const struct pstore_ctx *ctx, const char *name, const char *suffix)
{
	_cleanup_free_ char *rel = NULL;
	struct stat st;

	if (asprintf(&rel, "/sys/module/%s%s", name, suffix) < 0)
		return false;
	return pstore_stat_sys(ctx, rel, &st) == 0;
}

/*
 * libkmod opens DIR/FILE by name, so on the host, not inside the sysroot. With a sysroot
 * it gets DIR only when DIR and each file it may read there are the very files the
 * sysroot holds: a symlink leading out of the tree is refused instead of followed.
 * @file: "" for DIR itself, or "/modules.dep", ...
 */
static int kmod_file_confined(const struct pstore_ctx *ctx, const char *dirrel,
			      const char *dir, const char *file)
{
	_cleanup_free_ char *rel = NULL, *host = NULL;
	struct stat in, out;
	int a, b;

	if (asprintf(&rel, "%s%s", dirrel, file) < 0 || asprintf(&host, "%s%s", dir, file) < 0)
		return -ENOMEM;
	a = pstore_stat_sys(ctx, rel, &in);
	b = stat(host, &out) < 0 ? -errno : 0;
	if (a < 0 && b < 0)
		return 0; /* not there either way: libkmod will not find it */
	if (a < 0 || b < 0 || in.st_dev != out.st_dev || in.st_ino != out.st_ino)
		return -EXDEV;
	return 0;
}

static int kmod_dir_confined(const struct pstore_ctx *ctx, const char *dirrel,
			     const char *dir, const char **ret_file)
{
	/* What kmod_new() and a name lookup read (no configuration directories). */
	static const char files[][27] = {
		"", "/modules.dep", "/modules.dep.bin", "/modules.alias",
		"/modules.alias.bin", "/modules.symbols", "/modules.symbols.bin",
		"/modules.builtin", "/modules.builtin.bin", "/modules.builtin.alias.bin",
		"/modules.builtin.modinfo", "/modules.softdep", "/modules.devname",
	};
	int r;

	if (pstore_ctx_rootfd(ctx) < 0)
		return 0;
	for (size_t i = 0; i < ARRAY_SIZE(files); i++) {
		r = kmod_file_confined(ctx, dirrel, dir, files[i]);
		if (r < 0) {
			*ret_file = files[i];
			return r;
		}
	}
	return 0;
}

static int set_problem(struct pstore_module *m, const char *fmt, ...) _printf_(2, 3);
static int set_problem(struct pstore_module *m, const char *fmt, ...)
{
	va_list ap;
	int n;

	free(m->problem);
	va_start(ap, fmt);
	n = vasprintf(&m->problem, fmt, ap);
	va_end(ap);
	if (n < 0) {
		m->problem = NULL;
		return -ENOMEM;
	}
	return 0;
}

static int collect_deps(struct pstore_module *m)
{
	struct kmod_list *deps, *l;
	size_t n = 0;

	deps = sym_kmod_module_get_dependencies(m->kmod);
	for (l = deps; l; l = sym_kmod_list_next(deps, l))
		n++;
	if (n) {
		m->deps = calloc(n, sizeof(*m->deps));
		if (!m->deps) {
			sym_kmod_module_unref_list(deps);
			return -ENOMEM;
		}
	}
	/* modules.dep lists the nearest first; they load in the reverse order. */
	for (l = deps; l; l = sym_kmod_list_next(deps, l)) {
		struct kmod_module *d = sym_kmod_module_get_module(l);
		char *s = strdup(sym_kmod_module_get_name(d));

		sym_kmod_module_unref(d);
		if (!s) {
			sym_kmod_module_unref_list(deps);
			return -ENOMEM;
		}
		m->deps[n - 1 - m->ndeps++] = s;
	}
	sym_kmod_module_unref_list(deps);
	return 0;
}

_public_ int pstore_module_lookup(struct pstore_ctx *ctx, const char *name, const char *release,
				  struct pstore_module **ret)
{
	static const char *const no_config[] = { NULL };
	_cleanup_(module_freep) struct pstore_module *m = NULL;
	_cleanup_free_ char *rel = NULL, *dir = NULL, *dirrel = NULL, *dep = NULL;
	_cleanup_free_ char *deprel = NULL, *modrel = NULL;
	const char *bad = "";
	struct stat st;
	bool sys_builtin;
	int r;

	if (!name || !*name || strchr(name, '/') || !ret)
		return -EINVAL;
	if (!release) {
		r = pstore_kernel_release(ctx, &rel);
		if (r < 0)
			return r;
		release = rel;
	}
	if (!*release || strchr(release, '/'))
		return pstore_err(ctx, -EINVAL, "kernel release '%s': not a directory name",
				  release);
	m = calloc(1, sizeof(*m));
	if (!m)
		return -ENOMEM;
	m->name = strdup(name);
	m->release = strdup(release);
	if (!m->name || !m->release)
		return -ENOMEM;

	m->loaded = sys_exists(ctx, name, "");
	/* A built-in module with parameters has /sys/module/NAME but no initstate. */
	sys_builtin = m->loaded && !sys_exists(ctx, name, "/initstate");

	if (asprintf(&dirrel, "/lib/modules/%s", release) < 0)
		return -ENOMEM;
	r = pstore_path(ctx, dirrel, &dir);
	if (r < 0)
		return r;
	if (asprintf(&dep, "%s/modules.dep", dir) < 0)
		return -ENOMEM;
	if (pstore_stat_sys(ctx, dirrel, &st) < 0) {
		r = set_problem(m, "%s: no such directory", dir);
		goto nofile;
	}
	if (asprintf(&deprel, "%s/modules.dep", dirrel) < 0)
		return -ENOMEM;
	if (pstore_stat_sys(ctx, deprel, &st) < 0) {
		r = set_problem(m, "%s: missing: run depmod", dep);
		goto nofile;
	}
	r = kmod_dir_confined(ctx, dirrel, dir, &bad);
	if (r == -ENOMEM)
		return r;
	if (r < 0) {
		r = set_problem(m, "%s%s: a symbolic link that leads out of the sysroot: not read",
				dir, bad);
		goto nofile;
	}

	r = dl_require(ctx, &kmod_lib);
	if (r < 0)
		return r;
	m->kctx = sym_kmod_new(dir, no_config);
	if (!m->kctx)
		return pstore_err(ctx, -ENOMEM, "%s: libkmod cannot open it", dir);
	sym_kmod_set_log_fn(m->kctx, kmod_log, ctx);
	r = sym_kmod_module_new_from_name_lookup(m->kctx, name, &m->kmod);
	if (r < 0)
		return pstore_err_sys(ctx, r, "%s: looking up %s", dir, name);
	if (!m->kmod) {
		r = set_problem(m, "%s is neither built in (modules.builtin) nor in modules.dep",
				name);
		goto nofile;
	}
	if (sym_kmod_module_get_path(m->kmod)) {
		m->path = strdup(sym_kmod_module_get_path(m->kmod));
		if (!m->path)
			return -ENOMEM;
		/* modules.dep names files below DIR (or, rarely, by an absolute path). */
		if (strncmp(m->path, dir, strlen(dir)) == 0 && m->path[strlen(dir)] == '/' &&
		    asprintf(&modrel, "%s%s", dirrel, m->path + strlen(dir)) < 0)
			return -ENOMEM;
		if (pstore_stat_sys(ctx, modrel ? modrel : m->path, &st) < 0) {
			r = set_problem(m, "%s: listed in modules.dep but missing", m->path);
			free(m->path);
			m->path = NULL;
			goto nofile;
		}
		m->kind = PSTORE_MODULE_FILE;
		r = collect_deps(m);
		if (r < 0)
			return r;
	} else {
		m->kind = PSTORE_MODULE_BUILTIN;
	}
	*ret = TAKE_PTR(m);
	return 0;

nofile:
	if (r < 0)
		return r;
	if (sys_builtin) {
		m->kind = PSTORE_MODULE_BUILTIN;
		free(m->problem);
		m->problem = NULL;
	} else {
		m->kind = PSTORE_MODULE_MISSING;
	}
	*ret = TAKE_PTR(m);
	return 0;
}

_public_ enum pstore_module_kind pstore_module_get_kind(const struct pstore_module *m)
{
	return m ? m->kind : PSTORE_MODULE_MISSING;
}
_public_ const char *pstore_module_get_name(const struct pstore_module *m)
{
	return m ? m->name : NULL;
}
_public_ const char *pstore_module_get_release(const struct pstore_module *m)
{
	return m ? m->release : NULL;
}
_public_ const char *pstore_module_get_path(const struct pstore_module *m)
{
	return m ? m->path : NULL;
}
_public_ size_t pstore_module_dep_count(const struct pstore_module *m)
{
	return m ? m->ndeps : 0;
}
_public_ const char *pstore_module_get_dep(const struct pstore_module *m, size_t i)
{
	return m && i < m->ndeps ? m->deps[i] : NULL;
}
_public_ bool pstore_module_is_loaded(const struct pstore_module *m)
{
	return m && m->loaded;
}
_public_ const char *pstore_module_get_problem(const struct pstore_module *m)
{
	return m ? m->problem : NULL;
}

_public_ int pstore_module_insert(struct pstore_ctx *ctx, struct pstore_module *m,
				  const char *options)
{
	int r;

	if (!m)
		return -EINVAL;
	if (*pstore_get_sysroot(ctx))
		return pstore_err(ctx, -EINVAL,
				  "%s: cannot insert a module into the running kernel from a context on the sysroot %s",
				  m->name, pstore_get_sysroot(ctx));
	if (m->kind == PSTORE_MODULE_BUILTIN)
		return pstore_err(ctx, -EEXIST, "%s: built into the kernel", m->name);
	if (m->kind != PSTORE_MODULE_FILE || !m->kmod)
		return pstore_err(ctx, -ENOENT, "%s: no module file for kernel %s%s%s", m->name,
				  m->release, m->problem ? ": " : "",
				  m->problem ? m->problem : "");
	if (m->loaded)
		return pstore_err(ctx, -EEXIST, "%s: already loaded", m->name);
	r = sym_kmod_module_probe_insert_module(m->kmod, KMOD_PROBE_FAIL_ON_LOADED, options, NULL,
					    NULL, NULL);
	if (r == -EEXIST)
		return pstore_err(ctx, r, "%s: already loaded", m->name);
	if (r == -EPERM || r == -EACCES)
		return pstore_err(ctx, r, "%s: inserting: %s (run as root)", m->name,
				  strerror(-r));
	if (r < 0)
		return pstore_err(ctx, r,
				  "%s: the kernel refused the module: %s (see 'dmesg | grep -iE \"ramoops|pstore\"')",
				  m->name, strerror(-r));
	if (r > 0) /* a blacklist code: cannot happen without KMOD_PROBE_APPLY_BLACKLIST* */
		return pstore_err(ctx, -EPERM, "%s: blacklisted", m->name);
	m->loaded = true;
	return 0;
}
