// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * What the kernel's set-up lets the reason engine tell: the backend, the dumps
 * ramoops.max_reason allows, the console and pmsg frontends and the watchdogs decide,
 * for each way a boot can end, whether its end leaves evidence (can_tell/cannot_tell),
 * and what would make it leave some (the hints).
 */
#include <sys/stat.h>

#include "reason.h"

/* The order `check` and the reason's can_tell list use. */
static const enum pstore_boot_end cap_order[] = {
	PSTORE_END_PANIC,  PSTORE_END_OOPS,  PSTORE_END_WATCHDOG, PSTORE_END_REBOOT,
	PSTORE_END_POWEROFF, PSTORE_END_HALT, PSTORE_END_KEXEC,  PSTORE_END_RESET,
	PSTORE_END_POWER_LOSS,
};

static bool sys_exists(struct pstore_ctx *ctx, const char *path)
{
	_cleanup_free_ char *p = NULL;
	struct stat st;

	if (pstore_path(ctx, path, &p) < 0)
		return false;
	return stat(p, &st) == 0;
}

void reason_setup_read(struct pstore_ctx *ctx, struct pstore_record *const *recs, size_t n,
		       struct reason_setup *s)
{
	struct pstore_ramoops_params rp = PSTORE_STRUCT_INIT(struct pstore_ramoops_params);
	struct pstore_kconfig *kc = NULL;
	_cleanup_free_ char *backend = NULL;
	bool have_params, rec_console = false, rec_pmsg = false, rec_dmesg = false;
	bool k_console = false, k_pmsg = false;

	memset(s, 0, sizeof(*s));
	s->max_reason = -1;
	for (size_t i = 0; i < n; i++) {
		enum pstore_type t = pstore_record_get_type(recs[i]);

		rec_dmesg |= t == PSTORE_TYPE_DMESG;
		rec_console |= t == PSTORE_TYPE_CONSOLE;
		rec_pmsg |= t == PSTORE_TYPE_PMSG;
	}
	have_params = pstore_ramoops_params_read(ctx, &rp) == 0;
	if (have_params && (rp.have & PSTORE_RAMOOPS_HAVE_MAX_REASON))
		s->max_reason = rp.max_reason;
	if (pstore_backend_get(ctx, &backend) == 0 && backend && *backend &&
	    !streq(backend, "(null)"))
		s->dump = true;
	if (rec_dmesg || (have_params && rp.record_size > 0))
		s->dump = true;
	if (pstore_kconfig_read(ctx, NULL, NULL, &kc) == 0) {
		k_console = pstore_kconfig_enabled(kc, "PSTORE_CONSOLE");
		k_pmsg = pstore_kconfig_enabled(kc, "PSTORE_PMSG");
		pstore_kconfig_free(kc);
	}
	pstore_clear_error(ctx);
	k_pmsg |= sys_exists(ctx, "/dev/pmsg0");
	/* A frontend needs its zone too; without the module's parameters, trust the kernel. */
	s->console = rec_console ||
		     (k_console && (!have_params || rp.console_size > 0) && s->dump);
	s->pmsg = rec_pmsg || (k_pmsg && (!have_params || rp.pmsg_size > 0) && s->dump);
	/* max_reason 0 follows printk.always_kmsg_dump: oopses at least. */
	s->oops = s->dump && (s->max_reason < 0 || s->max_reason == 0 || s->max_reason >= 2);
	s->shutdown = s->dump && s->max_reason >= 4;
	s->watchdogs = reason_count_watchdogs(ctx);
}

static const char HINT_BACKEND[] =
	"a pstore backend (ramoops with a reserved memory region) keeps the kernel's dumps";
static const char HINT_OOPS[] = "ramoops.max_reason=2 or more keeps oopses that do not panic";
static const char HINT_WATCHDOG[] =
	"no hardware watchdog in /sys/class/watchdog: load the board's watchdog driver";
static const char HINT_CLEAN[] = "ramoops.max_reason=4 keeps a record of each clean shutdown";
static const char HINT_FRONTEND[] =
	"a kernel with CONFIG_PSTORE_CONSOLE, or CONFIG_PSTORE_PMSG with markers written at boot "
	"and before a shutdown, tells a reset from a power loss and sees a kexec";

void reason_caps_fill(const struct reason_setup *s, struct pstore_capabilities *c)
{
	c->n = 0;
	for (size_t i = 0; i < ARRAY_SIZE(cap_order); i++) {
		struct pstore_capability *cap = &c->caps[c->n++];
		enum pstore_boot_end e = cap_order[i];

		cap->struct_size = sizeof(*cap);
		cap->end = e;
		cap->hint = "";
		switch (e) {
		case PSTORE_END_PANIC:
			cap->can_tell = s->dump;
			cap->because = s->dump ? "the backend keeps a dmesg dump of a panic"
					       : "no pstore backend is registered";
			cap->hint = s->dump ? "" : HINT_BACKEND;
			break;
		case PSTORE_END_OOPS:
			cap->can_tell = s->oops;
			cap->because = s->oops ? "oopses are dumped (max_reason >= 2)"
				     : s->dump ? "max_reason 1 dumps panics only"
					       : "no pstore backend is registered";
			cap->hint = s->oops ? "" : s->dump ? HINT_OOPS : HINT_BACKEND;
			break;
		case PSTORE_END_WATCHDOG:
			cap->can_tell = s->watchdogs > 0;
			cap->because = s->watchdogs ? "a watchdog reports its boot status"
						    : "no watchdog device";
			cap->hint = s->watchdogs ? "" : HINT_WATCHDOG;
			break;
		case PSTORE_END_REBOOT:
		case PSTORE_END_POWEROFF:
		case PSTORE_END_HALT:
			cap->can_tell = s->shutdown || s->console || s->pmsg;
			cap->because = s->shutdown ? "clean shutdowns are dumped (max_reason >= 4)"
				     : s->console  ? "the console record ends with the shutdown"
				     : s->pmsg     ? "shutdown markers in pmsg"
						   : "no record is written at a clean shutdown";
			cap->hint = cap->can_tell ? "" : HINT_CLEAN;
			break;
		case PSTORE_END_KEXEC:
			cap->can_tell = s->console || s->pmsg;
			cap->because = s->console ? "the console record ends with the kexec"
				     : s->pmsg    ? "kexec markers in pmsg"
						  : "no record is written before a kexec";
			cap->hint = cap->can_tell ? "" : HINT_FRONTEND;
			break;
		case PSTORE_END_RESET:
		case PSTORE_END_POWER_LOSS:
			cap->can_tell = s->console || s->pmsg;
			cap->because = s->console ? "the console record survives a warm reset"
				     : s->pmsg    ? "pmsg boot markers survive a warm reset"
						  : "nothing this kernel keeps survives a warm reset "
						    "without a crash";
			cap->hint = cap->can_tell ? "" : HINT_FRONTEND;
			break;
		default:
			break;
		}
	}
}

_public_ int pstore_capabilities_read(struct pstore_ctx *ctx, struct pstore_record *const *recs,
				      size_t n, struct pstore_capabilities **ret)
{
	struct pstore_capabilities *c = calloc(1, sizeof(*c));
	struct reason_setup s;

	if (!c)
		return pstore_err_oom(ctx);
	reason_setup_read(ctx, recs, n, &s);
	reason_caps_fill(&s, c);
	*ret = c;
	return 0;
}

_public_ size_t pstore_capabilities_count(const struct pstore_capabilities *c)
{
	return c ? c->n : 0;
}

_public_ const struct pstore_capability *
pstore_capabilities_get(const struct pstore_capabilities *c, size_t i)
{
	return c && i < c->n ? &c->caps[i] : NULL;
}

_public_ bool pstore_capabilities_can_tell(const struct pstore_capabilities *c,
					   enum pstore_boot_end e)
{
	for (size_t i = 0; c && i < c->n; i++)
		if (c->caps[i].end == e)
			return c->caps[i].can_tell;
	return false;
}

_public_ void pstore_capabilities_free(struct pstore_capabilities *c)
{
	free(c);
}
