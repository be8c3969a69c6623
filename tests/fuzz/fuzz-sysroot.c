/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * A system as the library reads it, built from the input (entries, see fuzz.h) as a
 * sysroot: /proc/self/mountinfo, /proc/cmdline, /proc/iomem, /proc/filesystems, the
 * kernel config, /sys/module/{pstore,ramoops}/parameters, /sys/class/watchdog/NAME/
 * bootstatus, /sys/firmware/devicetree/base, the records under /sys/fs/pstore, the pmsg
 * markers in them, /etc/systemd/pstore.conf and systemd-pstore's unit and archive. Runs
 * what `check`, `status` and `reason` run on it: the evidence readers and the checks.
 */
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct pstore_ctx *base;
	const char *root = fuzz_scratch();
	struct pstore_ctx *ctx = NULL;
	struct pstore_source *src = NULL;
	struct pstore_record **recs = NULL;
	struct pstore_capabilities *caps = NULL;
	struct pstore_boot_reason *why = NULL;
	struct pstore_systemd_pstore *sp = NULL;
	struct pstore_checks *checks = NULL;
	struct pstore_check_opts copts = PSTORE_STRUCT_INIT(struct pstore_check_opts);
	struct pstore_ramoops_params rp;
	struct pstore_dt_node **nodes = NULL;
	struct pstore_iomem *io = NULL;
	struct pstore_range range;
	char *s = NULL, id[PSTORE_BOOT_ID_LEN + 1], path[256];
	size_t n = 0;
	int count;

	if (!base && !(base = fuzz_ctx(NULL)))
		abort();
	fuzz_make_tree(root, data, size);
	if (!(ctx = fuzz_ctx(root)))
		goto out;
	copts.release = "6.1.0-fuzz";
	(void)pstore_cmdline_reservation(ctx, &range);
	if (pstore_backend_get(ctx, &s) == 0)
		free(s);
	(void)pstore_boot_id_get(ctx, id);
	(void)pstore_ramoops_params_read(ctx, &rp);
	if (pstore_iomem_read(ctx, NULL, &io) == 0)
		pstore_iomem_free(io);
	count = pstore_dt_find_ramoops_live(ctx, &nodes);
	if (count > 0)
		pstore_dt_node_list_free(nodes, (size_t)count);
	if (pstore_systemd_pstore_read(ctx, &sp) == 0)
		pstore_systemd_pstore_free(sp);
	if (pstore_checks_run(ctx, &copts, &checks) == 0)
		pstore_checks_free(checks);
	snprintf(path, sizeof(path), "%s/sys/fs/pstore", root);
	if (pstore_source_new_dir(ctx, path, &src) == 0 && pstore_source_list(src, &recs, &n) == 0) {
		if (pstore_capabilities_read(ctx, recs, n, &caps) == 0)
			pstore_capabilities_free(caps);
		if (pstore_boot_reason_find(ctx, recs, n, &why) == 0)
			pstore_boot_reason_free(why);
		pstore_record_list_free(recs, n);
	}
	pstore_source_unref(src);
out:
	pstore_unref(ctx);
	fuzz_clear(root);
	return 0;
}
