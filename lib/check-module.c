/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* The "module" checks: the ramoops module (built in, file, loaded) and its live parameters. */
#include <inttypes.h>

#include "check.h"

void check_module(struct state *s)
{
	struct pstore_checks *c = s->c;
	const char *ram = pstore_kconfig_get(s->kc, "PSTORE_RAM");
	const char *load_hint =
		"load ramoops with mem_address= and mem_size= of a region reserved at boot (memmap=), or add a device-tree node and modprobe ramoops";

	if (s->mod_error && s->mod_err == -EOPNOTSUPP) {
		/* libkmod is loaded on demand: without it the module cannot be looked up. */
		add(c, "module.ramoops", PSTORE_CHECK_SKIP, "no libkmod",
		    "install libkmod2, the package of libkmod.so.2, to look up the module", "%s",
		    s->mod_error);
	} else if (s->mod_error) {
		add(c, "module.ramoops", PSTORE_CHECK_WARN, "", "check the module directory",
		    "%s", s->mod_error);
	} else {
		enum pstore_module_kind k = pstore_module_get_kind(s->mod);
		const char *path = pstore_module_get_path(s->mod);
		_cleanup_free_ char *deps = NULL, *moddir = NULL, *rel = NULL;
		struct strbuf sb = {};
		const char *shown = path;

		if (asprintf(&rel, "/lib/modules/%s/", s->release) >= 0 &&
		    pstore_path(s->ctx, rel, &moddir) == 0 && path &&
		    strncmp(path, moddir, strlen(moddir)) == 0)
			shown = path + strlen(moddir);
		for (size_t i = 0; i < pstore_module_dep_count(s->mod); i++)
			strbuf_printf(&sb, "%s%s", i ? ", " : "", pstore_module_get_dep(s->mod, i));
		if (strbuf_failed(&sb)) {
			check_oom(c);
			return;
		}
		deps = strbuf_steal(&sb);
		if (k == PSTORE_MODULE_BUILTIN)
			add(c, "module.ramoops", PSTORE_CHECK_OK, "built-in", NULL,
			    "ramoops is built into the kernel %s", s->release);
		else if (k == PSTORE_MODULE_FILE && pstore_module_is_loaded(s->mod))
			add(c, "module.ramoops", PSTORE_CHECK_OK, "loaded", NULL, "%s%s%s", shown,
			    deps ? ", depends on " : "", deps ? deps : "");
		else if (k == PSTORE_MODULE_FILE)
			add_act(c, "module.ramoops", PSTORE_CHECK_WARN, "not loaded",
				PSTORE_CHECK_ACTION_LOAD, load_hint,
			    "%s%s%s, not loaded: ramoops keeps nothing until it is", shown,
			    deps ? ", depends on " : "", deps ? deps : "");
		else if (ram && streq(ram, "y"))
			add(c, "module.ramoops", PSTORE_CHECK_OK, "built-in", NULL,
			    "built in according to the kernel configuration");
		else if (pstore_module_is_loaded(s->mod))
			add(c, "module.ramoops", PSTORE_CHECK_OK, "loaded", NULL,
			    "loaded; the module file was not found (%s)",
			    pstore_module_get_problem(s->mod) ? pstore_module_get_problem(s->mod) : "");
		else if (ram && streq(ram, "m"))
			add(c, "module.ramoops", PSTORE_CHECK_FAIL, "missing",
			    "install the kernel's modules (the linux-image package) and run depmod",
			    "CONFIG_PSTORE_RAM=m but no module: %s",
			    pstore_module_get_problem(s->mod) ? pstore_module_get_problem(s->mod) : "");
		else if (s->kc)
			add(c, "module.ramoops", PSTORE_CHECK_FAIL, "missing",
			    "enable CONFIG_PSTORE_RAM and rebuild the kernel",
			    "ramoops is not in this kernel");
		else
			add(c, "module.ramoops", PSTORE_CHECK_WARN, "missing",
			    "install the kernel's modules, or check that the kernel has CONFIG_PSTORE_RAM",
			    "not found: %s",
			    pstore_module_get_problem(s->mod) ? pstore_module_get_problem(s->mod) : "");
	}

	if (s->params_error) {
		/* The parameter files are 0400: only root reads them. */
		if (s->params_err == -EACCES || s->params_err == -EPERM)
			add(c, "module.params", PSTORE_CHECK_SKIP, "", "run as root", "%s",
			    s->params_error);
		else
			add(c, "module.params", PSTORE_CHECK_WARN, "",
			    "look at /sys/module/ramoops/parameters", "%s", s->params_error);
		return;
	}
	if (!s->have_params) {
		add(c, "module.params", PSTORE_CHECK_SKIP, "", NULL,
		    "ramoops is not loaded: no /sys/module/ramoops/parameters");
		return;
	}
	{
		const struct pstore_ramoops_params *p = &s->params;
		_cleanup_free_ char *value = NULL;
		_cleanup_(strbuf_free) struct strbuf pb = {}, fix = {};
		struct check_reload reload[CHECK_RELOAD_MAX];
		size_t nreload = 0;
		bool zeros = false;
		_cleanup_free_ char *fix_hint = NULL;
		enum pstore_check_status st = PSTORE_CHECK_OK;
		const char *hint = NULL, *action = NULL;
		struct pstore_layout *lay = NULL;
		struct pstore_layout_params lp;

		/* The same words modprobe takes. */
		pstore_layout_params_init(&lp);
		pstore_ramoops_params_to_layout(p, &lp);
		if (pstore_ramoops_options(&lp, NULL, &value) < 0)
			value = NULL;
		if (!value) {
			check_oom(c);
			return;
		}
		if (p->mem_size == 0) {
			add_act(c, "module.params", PSTORE_CHECK_FAIL, value,
				PSTORE_CHECK_ACTION_LOAD, load_hint,
			    "ramoops has no memory region (mem_size=0): it registered nothing");
			return;
		}
#define PROBLEM(...)                                                                     \
	do {                                                                             \
		if (pb.len)                                                              \
			strbuf_puts(&pb, "; ");                                          \
		strbuf_printf(&pb, __VA_ARGS__);                                         \
	} while (0)
		if (pstore_layout_compute(s->ctx, &lp, &lay) < 0) {
			st = PSTORE_CHECK_FAIL;
			hint = load_hint;
			action = PSTORE_CHECK_ACTION_LOAD;
			PROBLEM("%s", pstore_errmsg(s->ctx) ? pstore_errmsg(s->ctx) : "bad layout");
		} else {
			if (pstore_layout_dump_records(lay) > 0)
				PROBLEM("%u dmesg records", pstore_layout_dump_records(lay));
			pstore_layout_free(lay);
		}
		pstore_clear_error(s->ctx);
		/* @reload collects the parameters at fault, @fix says them as modprobe
		 * takes them. */
#define RELOAD(name, v) (reload[nreload++] = (struct check_reload){ (name), (v) })
		if (p->record_size == 0) {
			st = st == PSTORE_CHECK_OK ? PSTORE_CHECK_WARN : st;
			PROBLEM("record_size=0: no dmesg records of oops or panic");
			RELOAD("record_size", PSTORE_CHECK_ANY_SIZE);
		}
		if (s->kc && p->console_size && !kc_on(s, "PSTORE_CONSOLE")) {
			st = st == PSTORE_CHECK_OK ? PSTORE_CHECK_WARN : st;
			PROBLEM("console zone unused (no CONFIG_PSTORE_CONSOLE)");
			RELOAD("console_size", 0);
		}
		if (s->kc && p->pmsg_size && !kc_on(s, "PSTORE_PMSG")) {
			st = st == PSTORE_CHECK_OK ? PSTORE_CHECK_WARN : st;
			PROBLEM("pmsg zone unused (no CONFIG_PSTORE_PMSG)");
			RELOAD("pmsg_size", 0);
		}
		if (s->kc && p->ftrace_size && !kc_on(s, "PSTORE_FTRACE")) {
			st = st == PSTORE_CHECK_OK ? PSTORE_CHECK_WARN : st;
			PROBLEM("ftrace zone of %" PRIu64 " bytes unused (no CONFIG_PSTORE_FTRACE; 4096 is the module default when ftrace_size is not given)",
				p->ftrace_size);
			RELOAD("ftrace_size", 0);
		}
#undef RELOAD
		for (size_t i = 0; i < nreload; i++) {
			if (reload[i].value == PSTORE_CHECK_ANY_SIZE)
				strbuf_printf(&fix, " %s=SIZE", reload[i].param);
			else
				strbuf_printf(&fix, " %s=%" PRIu64, reload[i].param,
					      reload[i].value);
			zeros |= reload[i].value == 0;
		}
		if (strbuf_failed(&fix)) {
			check_oom(c);
			return;
		}
		if (st == PSTORE_CHECK_WARN && fix.len) {
			if (asprintf(&fix_hint, "reload ramoops with%s%s", fix.buf,
				     zeros ? ", or give the unused zones' space to record_size" : "") < 0) {
				check_oom(c);
				return;
			}
			hint = fix_hint;
			action = PSTORE_CHECK_ACTION_RELOAD;
		}
		if (strbuf_failed(&pb) || !pb.buf) {
			check_oom(c);
			return;
		}
		add_act(c, "module.params", st, value, action, hint, "%s", pb.buf);
		if (action && streq(action, PSTORE_CHECK_ACTION_RELOAD))
			check_set_reload(c, reload, nreload);
#undef PROBLEM
	}
}
