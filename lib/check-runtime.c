/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * The "runtime" checks of the live system under the sysroot: the registered backend, the
 * pstore mount, /dev/pmsg0, the device-tree node and kdump. The region checks (iomem,
 * cmdline) are in lib/check.c.
 */
#include <inttypes.h>
#include <stddef.h>
#include <sys/stat.h>

#include "check.h"
#include "dt.h"
#include "mount.h"
#include "cmdline.h"

void check_backend(struct state *s)
{
	struct pstore_checks *c = s->c;
	_cleanup_free_ char *want = s->cmdline ? cmdline_get(s->cmdline, "pstore.backend") : NULL;

	if (!s->backend) {
		if (s->have_sys)
			add(c, "runtime.backend", PSTORE_CHECK_FAIL, "",
			    pstore_kconfig_get(s->kc, "PSTORE") &&
					    streq(pstore_kconfig_get(s->kc, "PSTORE"), "m") ?
				    "modprobe pstore" :
				    "use a kernel with CONFIG_PSTORE",
			    "no /sys/module/pstore: pstore is not in the running kernel");
		else
			add(c, "runtime.backend", PSTORE_CHECK_SKIP, "", NULL,
			    "no /sys/module under the sysroot: not a live system");
		return;
	}
	if (streq(s->backend, "ramoops")) {
		if (want && streq(want, "ramoops") && !(s->have_params && s->params.mem_size))
			add(c, "runtime.backend", PSTORE_CHECK_FAIL, "ramoops",
			    "load ramoops with a region (see module.ramoops), then check dmesg | grep -iE 'ramoops|pstore'",
			    "pstore.backend=ramoops on the command line only asks for ramoops; no ramoops with a region has registered");
		else
			add(c, "runtime.backend", PSTORE_CHECK_OK, "ramoops", NULL,
			    "ramoops is the registered pstore backend");
		return;
	}
	if (!*s->backend || streq(s->backend, "(null)")) {
		const char *hint;

		if (!s->have_params)
			hint = "load ramoops (see module.ramoops)";
		else if (s->params.mem_size == 0)
			hint = "give ramoops a region (see module.params)";
		else
			hint = "ramoops did not register: see dmesg | grep -iE 'ramoops|pstore'";
		add(c, "runtime.backend", PSTORE_CHECK_FAIL, "none", hint,
		    "no pstore backend is registered: nothing will be kept");
		return;
	}
	add(c, "runtime.backend", PSTORE_CHECK_FAIL, s->backend,
	    "add pstore.backend=ramoops (or efi_pstore.pstore_disable=1 for efi_pstore) to the kernel command line",
	    "'%s' registered first: ramoops is locked out (one backend at a time)", s->backend);
}

void check_mount(struct state *s)
{
	_cleanup_free_ char *where = NULL;
	int r = pstore_mount_find(s->ctx, &where);

	if (r < 0 && r != -ENOENT) {
		add(s->c, "runtime.mount", PSTORE_CHECK_SKIP, "", NULL, "%s",
		    pstore_errmsg(s->ctx));
		pstore_clear_error(s->ctx);
		return;
	}
	if (r == 0)
		add(s->c, "runtime.mount", PSTORE_CHECK_OK, where, NULL,
		    "pstore is mounted: records show up there");
	else
		add_act(s->c, "runtime.mount", PSTORE_CHECK_WARN, "not mounted",
			PSTORE_CHECK_ACTION_MOUNT, "mount -t pstore pstore /sys/fs/pstore",
			"pstore is not mounted: records are kept but not visible");
}

void check_pmsg(struct state *s)
{
	struct stat st;

	if (pstore_stat_sys(s->ctx, "/dev/pmsg0", &st) == 0) {
		add(s->c, "runtime.pmsg", PSTORE_CHECK_OK, "/dev/pmsg0", NULL, "%s",
		    S_ISCHR(st.st_mode) ? "user space can write to pmsg-ramoops-0" :
					  "present (not a character device: a stand-in?)");
		return;
	}
	if (!sys_path_exists(s, "/dev"))
		add(s->c, "runtime.pmsg", PSTORE_CHECK_SKIP, "", NULL,
		    "no /dev under the sysroot");
	else if (s->kc && !kc_on(s, "PSTORE_PMSG"))
		add(s->c, "runtime.pmsg", PSTORE_CHECK_SKIP, "absent", NULL,
		    "no /dev/pmsg0: the kernel has no CONFIG_PSTORE_PMSG (see config.PSTORE_PMSG)");
	else if (s->have_params && s->params.pmsg_size == 0)
		add(s->c, "runtime.pmsg", PSTORE_CHECK_WARN, "absent",
		    "give ramoops a pmsg zone (pmsg_size=0x4000)",
		    "no /dev/pmsg0: ramoops has pmsg_size=0");
	else if (!ramoops_registered(s))
		add(s->c, "runtime.pmsg", PSTORE_CHECK_SKIP, "absent", NULL,
		    "no /dev/pmsg0: ramoops is not registered (see runtime.backend)");
	else
		add(s->c, "runtime.pmsg", PSTORE_CHECK_WARN, "absent",
		    "is devtmpfs mounted on /dev? see dmesg | grep pmsg",
		    "no /dev/pmsg0 although ramoops has a pmsg zone");
}

static uint64_t rounddown_pow2(uint64_t v)
{
	return v ? UINT64_C(1) << (63 - __builtin_clzll(v)) : 0;
}

/* What the loaded ramoops and the node say, compared: the names (no pointers, nothing
 * to relocate), the offsets in struct pstore_ramoops_params and struct pstore_dt_node,
 * and the node's has_ flag (0: always given). The first two are not rounded. */
#define CMP(field, node_field, has)                                                      \
	{ #field, offsetof(struct pstore_ramoops_params, field),                         \
	  offsetof(struct pstore_dt_node, node_field), has }
static const struct {
	char name[14];
	unsigned short param, node, has;
} cmp[] = {
	CMP(mem_address, address, 0),
	CMP(mem_size, size, 0),
	CMP(record_size, record_size, offsetof(struct pstore_dt_node, has_record_size)),
	CMP(console_size, console_size, offsetof(struct pstore_dt_node, has_console_size)),
	CMP(pmsg_size, pmsg_size, offsetof(struct pstore_dt_node, has_pmsg_size)),
	CMP(ftrace_size, ftrace_size, offsetof(struct pstore_dt_node, has_ftrace_size)),
};
#undef CMP

void check_devicetree(struct state *s)
{
	const struct pstore_dt_node *n;
	const struct pstore_ramoops_params *p = &s->params;
	char value[300];
	char diff[200] = "";
	size_t l;

	if (s->ndt < 0) {
		add(s->c, "runtime.devicetree", PSTORE_CHECK_SKIP, "", NULL,
		    "not a device-tree system (no /sys/firmware/devicetree/base)");
		return;
	}
	if (s->ndt == 0) {
		add(s->c, "runtime.devicetree", PSTORE_CHECK_SKIP, "none", NULL,
		    "no ramoops node in the device tree%s",
		    s->have_params && p->mem_size ? ": ramoops uses module parameters" : "");
		return;
	}
	n = s->dt[0];
	snprintf(value, sizeof(value), "%s: 0x%" PRIx64 "@0x%" PRIx64, n->path, n->size,
		 n->address);
	if (s->ndt > 1) {
		add(s->c, "runtime.devicetree", PSTORE_CHECK_WARN, value,
		    "keep one ramoops node: the kernel allows one ramoops instance",
		    "%d ramoops nodes; only one can be used", s->ndt);
		return;
	}
	if (!s->have_params) {
		add(s->c, "runtime.devicetree", PSTORE_CHECK_OK, value, NULL,
		    "modprobe ramoops (or a built-in ramoops) binds to this node");
		return;
	}
	/* ram.c's probe rounds each zone size down to a power of two before it writes the
	 * sizes back to the module's parameters; the address and the region size stay. */
	for (size_t i = 0; i < ARRAY_SIZE(cmp); i++) {
		uint64_t pv = *(const uint64_t *)((const char *)p + cmp[i].param);
		uint64_t dv = !cmp[i].has || *((const bool *)n + cmp[i].has) ?
				      *(const uint64_t *)((const char *)n + cmp[i].node) : 0;

		if (i >= 2)
			dv = rounddown_pow2(dv);
		if (pv != dv) {
			l = strlen(diff);
			snprintf(diff + l, sizeof(diff) - l, "%s%s 0x%" PRIx64 " vs 0x%" PRIx64,
				 l ? ", " : "", cmp[i].name, pv, dv);
		}
	}
	if (!*diff)
		add(s->c, "runtime.devicetree", PSTORE_CHECK_OK, value, NULL,
		    "the loaded ramoops uses this node's values");
	else
		add(s->c, "runtime.devicetree", PSTORE_CHECK_WARN, value,
		    "remove the ramoops.* parameters (command line, modprobe.d) that override the node, or fix the node",
		    "the loaded ramoops does not match the node (module vs node: %s)", diff);
}

void check_kdump(struct state *s)
{
	_cleanup_free_ char *loaded = read_trimmed(s, "/sys/kernel/kexec_crash_loaded");
	_cleanup_free_ char *notif = NULL;

	if (!loaded) {
		add(s->c, "runtime.kdump", PSTORE_CHECK_SKIP, "", NULL,
		    "no /sys/kernel/kexec_crash_loaded");
		return;
	}
	if (!streq(loaded, "1")) {
		add(s->c, "runtime.kdump", PSTORE_CHECK_OK, "no crash kernel", NULL,
		    "no kdump kernel loaded: pstore records a panic");
		return;
	}
	notif = read_trimmed(s, "/sys/module/kernel/parameters/crash_kexec_post_notifiers");
	if (notif && (streq(notif, "Y") || streq(notif, "1")))
		add(s->c, "runtime.kdump", PSTORE_CHECK_OK, "crash_kexec_post_notifiers=Y", NULL,
		    "kdump is loaded; pstore records the panic before kdump takes over");
	else
		add(s->c, "runtime.kdump", PSTORE_CHECK_WARN,
		    notif ? "crash_kexec_post_notifiers=N" : "crash kernel loaded",
		    "add crash_kexec_post_notifiers to the kernel command line (or: echo Y > /sys/module/kernel/parameters/crash_kexec_post_notifiers)",
		    "a kdump kernel is loaded and runs first on panic: pstore records no panic");
}

/* The archive path a user can give a tool: the sysroot's when there is one. */
static const char *archive_where(struct state *s, char **owned)
{
	if (pstore_path(s->ctx, PSTORE_SYSTEMD_ARCHIVE_DIR, owned) < 0)
		*owned = NULL;
	return *owned ? *owned : PSTORE_SYSTEMD_ARCHIVE_DIR;
}

void check_systemd_pstore(struct state *s)
{
	struct pstore_systemd_pstore *o = NULL;
	_cleanup_free_ char *where = NULL, *held = NULL;
	enum pstore_systemd_storage storage;
	char value[128];
	const char *newest;
	size_t n;

	if (pstore_systemd_pstore_read(s->ctx, &o) < 0) {
		check_oom(s->c);
		return;
	}
	storage = pstore_systemd_pstore_get_storage(o);
	n = pstore_systemd_pstore_get_archived(o);
	newest = pstore_systemd_pstore_get_newest(o, NULL);
	if (n && asprintf(&held, "; %s holds %zu record%s, newest %s", archive_where(s, &where),
			  n, n == 1 ? "" : "s", newest) < 0)
		held = NULL;
	switch (pstore_systemd_pstore_get_unit(o)) {
	case PSTORE_UNIT_NOT_FOUND:
		if (!sys_path_exists(s, "/etc/systemd") && !sys_path_exists(s, "/lib/systemd") &&
		    !sys_path_exists(s, "/usr/lib/systemd"))
			add(s->c, "runtime.systemd-pstore", PSTORE_CHECK_SKIP, "", NULL,
			    "no systemd under the sysroot");
		else
			add(s->c, "runtime.systemd-pstore", PSTORE_CHECK_OK, "not installed", NULL,
			    "systemd-pstore.service is not installed: records stay in pstore%s",
			    held ? held : "");
		break;
	case PSTORE_UNIT_DISABLED:
	case PSTORE_UNIT_MASKED:
		add(s->c, "runtime.systemd-pstore", PSTORE_CHECK_OK,
		    pstore_unit_state_to_string(pstore_systemd_pstore_get_unit(o)), NULL,
		    "systemd-pstore.service does not run at boot: records stay in pstore%s",
		    held ? held : "");
		break;
	case PSTORE_UNIT_ENABLED:
		snprintf(value, sizeof(value), "enabled, Storage=%s, Unlink=%s",
			 pstore_systemd_storage_to_string(storage),
			 pstore_systemd_pstore_get_unlink(o) ? "yes" : "no");
		if (storage == PSTORE_SYSTEMD_STORAGE_NONE)
			add(s->c, "runtime.systemd-pstore", PSTORE_CHECK_OK, value, NULL,
			    "systemd-pstore runs at boot but leaves pstore as it is%s",
			    held ? held : "");
		else if (!pstore_systemd_pstore_get_unlink(o))
			add(s->c, "runtime.systemd-pstore", PSTORE_CHECK_OK, value, NULL,
			    "at boot systemd-pstore copies the records (%s) and leaves them in pstore%s",
			    storage == PSTORE_SYSTEMD_STORAGE_EXTERNAL ? "to " PSTORE_SYSTEMD_ARCHIVE_DIR :
									 "to the journal",
			    held ? held : "");
		else if (storage == PSTORE_SYSTEMD_STORAGE_EXTERNAL)
			add_act(s->c, "runtime.systemd-pstore", PSTORE_CHECK_WARN, value,
				PSTORE_CHECK_ACTION_READ_ARCHIVE,
				"the records it took are in " PSTORE_SYSTEMD_ARCHIVE_DIR
				"; to keep them in pstore set Unlink=no in /etc/systemd/pstore.conf, or disable systemd-pstore.service",
				"at boot systemd-pstore moves every record out of pstore into its archive, ramoops records flat (a later crash's dmesg-ramoops-0 replaces an earlier one's): pstore looks empty after a crash%s",
				held ? held : "");
		else
			add(s->c, "runtime.systemd-pstore", PSTORE_CHECK_WARN, value,
			    "set Unlink=no (or Storage=external) in /etc/systemd/pstore.conf; the records it took are in the journal: journalctl -u systemd-pstore",
			    "at boot systemd-pstore logs every record to the journal and erases it from pstore: the records are in the journal only%s",
			    held ? held : "");
		break;
	}
	pstore_systemd_pstore_free(o);
}

/* The records of the pstore mount, if it can be read: they show the frontends that exist. */
static void mount_records(struct state *s, struct pstore_source **src,
			  struct pstore_record ***recs, size_t *n)
{
	if (pstore_source_new_mount(s->ctx, src) < 0 || pstore_source_list(*src, recs, n) < 0) {
		*recs = NULL;
		*n = 0;
	}
	pstore_clear_error(s->ctx);
}

void check_reason(struct state *s)
{
	struct pstore_source *src = NULL;
	struct pstore_record **recs = NULL;
	struct pstore_capabilities *caps = NULL;
	struct strbuf can = { 0 }, cannot = { 0 }, hint = { 0 }, value = { 0 };
	const char *because = NULL;
	size_t n = 0, nc;
	bool essential;

	mount_records(s, &src, &recs, &n);
	if (pstore_capabilities_read(s->ctx, recs, n, &caps) < 0) {
		pstore_clear_error(s->ctx);
		check_oom(s->c);
		goto out;
	}
	nc = pstore_capabilities_count(caps);
	/* the hints as pstorectl reason gives them: the watchdog's last, each once */
	for (size_t k = 0; k < 2 * nc; k++) {
		const struct pstore_capability *cap = pstore_capabilities_get(caps, k % nc);
		const char *name = pstore_boot_end_to_string(cap->end);

		if ((cap->end == PSTORE_END_WATCHDOG) != (k >= nc))
			continue;
		if (cap->can_tell) {
			strbuf_printf(&can, "%s%s", can.len ? ", " : "", name);
			continue;
		}
		strbuf_printf(&cannot, "%s%s", cannot.len ? ", " : "", name);
		if (!because)
			because = cap->because;
		if (*cap->hint && !(hint.buf && strstr(hint.buf, cap->hint)))
			strbuf_printf(&hint, "%s%s", hint.len ? "; " : "", cap->hint);
	}
	if (strbuf_failed(&can) || strbuf_failed(&cannot) || strbuf_failed(&hint)) {
		check_oom(s->c);
		goto out;
	}
	/* The question the set-up must answer: a crash, a clean reboot or a power cut? A
	 * missing watchdog or kexec alone is said, not warned about. */
	essential = pstore_capabilities_can_tell(caps, PSTORE_END_PANIC) &&
		    pstore_capabilities_can_tell(caps, PSTORE_END_REBOOT) &&
		    pstore_capabilities_can_tell(caps, PSTORE_END_POWER_LOSS);
	strbuf_printf(&value, "can tell %s", can.len ? can.buf : "nothing");
	if (strbuf_failed(&value)) {
		check_oom(s->c);
		goto out;
	}
	if (!cannot.len)
		add(s->c, "runtime.reason", PSTORE_CHECK_OK, value.buf, NULL,
		    "after a reboot the reason can tell every end: %s", can.buf);
	else
		add_act(s->c, "runtime.reason", essential ? PSTORE_CHECK_OK : PSTORE_CHECK_WARN,
			value.buf,
			hint.buf && strstr(hint.buf, "marker") ? PSTORE_CHECK_ACTION_MARKERS : NULL,
			hint.len ? hint.buf : NULL,
			"after a reboot the reason can tell %s; it cannot tell %s (%s)",
			can.len ? can.buf : "nothing", cannot.buf, because ? because : "");
out:
	strbuf_free(&can);
	strbuf_free(&cannot);
	strbuf_free(&hint);
	strbuf_free(&value);
	pstore_capabilities_free(caps);
	pstore_record_list_free(recs, n);
	pstore_source_unref(src);
}
