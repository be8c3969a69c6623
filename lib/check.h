/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Private: what the check files share. lib/check.c owns the findings object, the state
 * gathered once (struct state) and the order of the checks; lib/check-config.c,
 * lib/check-module.c and lib/check-runtime.c each add the findings of one section.
 */
#ifndef LIBPSTORE_CHECK_H
#define LIBPSTORE_CHECK_H

#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>

#include "internal.h"

/* Everything the checks learn once and share. */
struct state {
	struct pstore_ctx *ctx;
	struct pstore_checks *c;
	char *release;

	struct pstore_kconfig *kc;
	char *kc_error; /* an automatically found config that could not be parsed */
	char *kc_tried;

	struct pstore_module *mod;
	char *mod_error;
	int mod_err;

	bool have_params;
	struct pstore_ramoops_params params;
	char *params_error;
	int params_err;

	bool have_sys;     /* the sysroot has a /sys/module: a live system */
	char *backend;     /* NULL: no /sys/module/pstore/parameters/backend */
	char *cmdline;     /* NULL: no /proc/cmdline */

	struct pstore_dt_node **dt;
	int ndt;           /* < 0: no device tree */

	/* The region ramoops uses or is configured to use, and where that came from. */
	bool have_region;
	uint64_t region_addr, region_size;
	const char *region_from;
};

/* ---- findings (lib/check.c) ---- */

/*
 * Adds a finding; @value, @action and @hint are plain strings (NULL = ""), the detail a
 * format. @action is one of the PSTORE_CHECK_ACTION_* ids. Out of memory is sticky and
 * reported once at the end.
 */
void check_vadd(struct pstore_checks *c, const char *id, enum pstore_check_status st,
		const char *value, const char *action, const char *hint,
		const char *detail_fmt, va_list ap) _printf_(7, 0);
/* Marks the checks out of memory (reported once by pstore_checks_run()). */
void check_oom(struct pstore_checks *c);

/* One module parameter a "reload" finding asks to set (pstore_check_get_reload()). */
struct check_reload {
	const char *param; /* a static string, as modprobe takes it: "console_size" */
	uint64_t value;    /* PSTORE_CHECK_ANY_SIZE: any size but 0 */
};
#define CHECK_RELOAD_MAX 4
/* Attaches @n (<= CHECK_RELOAD_MAX) parameters to the finding added last. */
void check_set_reload(struct pstore_checks *c, const struct check_reload *r, size_t n);

static inline void add(struct pstore_checks *c, const char *id, enum pstore_check_status st,
		       const char *value, const char *hint, const char *detail_fmt, ...)
	_printf_(6, 7);
static inline void add(struct pstore_checks *c, const char *id, enum pstore_check_status st,
		       const char *value, const char *hint, const char *detail_fmt, ...)
{
	va_list ap;

	va_start(ap, detail_fmt);
	check_vadd(c, id, st, value, NULL, hint, detail_fmt, ap);
	va_end(ap);
}

/* add() for a finding whose hint a tool may carry out its own way (@action). */
static inline void add_act(struct pstore_checks *c, const char *id,
			   enum pstore_check_status st, const char *value, const char *action,
			   const char *hint, const char *detail_fmt, ...) _printf_(7, 8);
static inline void add_act(struct pstore_checks *c, const char *id,
			   enum pstore_check_status st, const char *value, const char *action,
			   const char *hint, const char *detail_fmt, ...)
{
	va_list ap;

	va_start(ap, detail_fmt);
	check_vadd(c, id, st, value, action, hint, detail_fmt, ap);
	va_end(ap);
}

/* ---- the state (lib/check.c) ---- */

bool sys_path_exists(struct state *s, const char *path);
/* Reads a small sysfs/proc file through the sysroot, trailing whitespace removed. */
char *read_trimmed(struct state *s, const char *path);
/* The context's message, else strerror(-r). */
const char *errmsg_or(struct state *s, int r);

static inline bool kc_on(struct state *s, const char *name)
{
	return pstore_kconfig_enabled(s->kc, name);
}

static inline const char *kc_val(struct state *s, const char *name)
{
	const char *v = pstore_kconfig_get(s->kc, name);

	return v ? v : "n";
}

static inline bool ramoops_registered(struct state *s)
{
	return s->backend && streq(s->backend, "ramoops") && s->have_params &&
	       s->params.mem_size > 0;
}

/* ---- the sections, in the order pstore_checks_run() calls them ---- */

void check_config(struct state *s);  /* lib/check-config.c */
void check_module(struct state *s);  /* lib/check-module.c */
/* lib/check-runtime.c; runtime.iomem and runtime.cmdline are in lib/check.c, with the
 * region classification they share. */
void check_backend(struct state *s);
void check_mount(struct state *s);
void check_pmsg(struct state *s);
void check_devicetree(struct state *s);
void check_kdump(struct state *s);
void check_systemd_pstore(struct state *s); /* where the records go at boot */
void check_reason(struct state *s);         /* what a reboot's reason can tell */

#endif /* LIBPSTORE_CHECK_H */
