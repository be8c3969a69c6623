/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * The "runtime" checks of the live system under the sysroot: the registered backend, the
 * pstore mount, /dev/pmsg0, the device-tree node and kdump. The region checks (iomem,
 * cmdline) are in lib/check.c.
 */
#include <inttypes.h>
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
#define CMP(field, have, dtv, name)                                                      \
	do {                                                                             \
		uint64_t dv_ = (have) ? (dtv) : 0;                                       \
		if (strcmp(name, "mem_address") && strcmp(name, "mem_size"))             \
			dv_ = rounddown_pow2(dv_);                                       \
		if (p->field != dv_) {                                           \
			l = strlen(diff);                                                \
			snprintf(diff + l, sizeof(diff) - l, "%s%s 0x%" PRIx64 " vs 0x%" PRIx64, \
				 l ? ", " : "", name, p->field, dv_);                    \
		}                                                                        \
	} while (0)
	CMP(mem_address, true, n->address, "mem_address");
	CMP(mem_size, true, n->size, "mem_size");
	CMP(record_size, n->has_record_size, n->record_size, "record_size");
	CMP(console_size, n->has_console_size, n->console_size, "console_size");
	CMP(pmsg_size, n->has_pmsg_size, n->pmsg_size, "pmsg_size");
	CMP(ftrace_size, n->has_ftrace_size, n->ftrace_size, "ftrace_size");
#undef CMP
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
