/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* The "config" checks: what the kernel configuration allows pstore and ramoops to do. */
#include <ctype.h>

#include "check.h"

void check_config(struct state *s)
{
	struct pstore_checks *c = s->c;
	const char *v;

	if (!s->kc) {
		if (s->kc_error)
			add_act(c, "config.source", PSTORE_CHECK_FAIL, "",
				PSTORE_CHECK_ACTION_CONFIG_FILE, "fix or remove that file", "%s",
				s->kc_error);
		else
			add_act(c, "config.source", PSTORE_CHECK_SKIP, "",
				PSTORE_CHECK_ACTION_CONFIG_FILE,
				"build the kernel with CONFIG_IKCONFIG_PROC=y (/proc/config.gz)",
				"%s; the configuration checks are skipped",
				s->kc_tried ? s->kc_tried : "no kernel configuration");
		return;
	}
	add(c, "config.source", PSTORE_CHECK_OK, pstore_kconfig_get_origin(s->kc), NULL,
	    "%zu symbols", pstore_kconfig_count(s->kc));

	v = kc_val(s, "PSTORE");
	if (streq(v, "y"))
		add(c, "config.PSTORE", PSTORE_CHECK_OK, v, NULL, "pstore is built in");
	else if (streq(v, "m"))
		add(c, "config.PSTORE", PSTORE_CHECK_OK, v, NULL,
		    "pstore is a module: it must be loaded before a backend registers");
	else
		add(c, "config.PSTORE", PSTORE_CHECK_FAIL, v,
		    kc_on(s, "MISC_FILESYSTEMS") ?
			    "enable CONFIG_PSTORE (File systems > Miscellaneous filesystems > Persistent store support) and rebuild the kernel" :
			    "enable CONFIG_MISC_FILESYSTEMS, then CONFIG_PSTORE (without the first the pstore options are hidden), and rebuild",
		    "no pstore in this kernel: nothing survives a crash");

	v = kc_val(s, "PSTORE_RAM");
	if (streq(v, "y"))
		add(c, "config.PSTORE_RAM", PSTORE_CHECK_OK, v, NULL, "ramoops is built in");
	else if (streq(v, "m"))
		add(c, "config.PSTORE_RAM", PSTORE_CHECK_OK, v, NULL,
		    "ramoops is a module (ramoops.ko): it must be loaded with a region");
	else
		add(c, "config.PSTORE_RAM", PSTORE_CHECK_FAIL, v,
		    "enable CONFIG_PSTORE_RAM (=y, or =m for ramoops.ko) and rebuild the kernel",
		    "no ramoops in this kernel: no RAM backend for pstore");

	v = kc_val(s, "PSTORE_CONSOLE");
	if (kc_on(s, "PSTORE_CONSOLE"))
		add(c, "config.PSTORE_CONSOLE", PSTORE_CHECK_OK, v, NULL,
		    "console-ramoops-0 keeps the kernel log up to the reset");
	else
		add(c, "config.PSTORE_CONSOLE", PSTORE_CHECK_WARN, v,
		    "enable CONFIG_PSTORE_CONSOLE (Debian's kernels leave it off)",
		    "console frontend not available: no console-ramoops-0 record (the kernel log up to a reset or hang); only oops/panic dumps are kept");

	v = kc_val(s, "PSTORE_PMSG");
	if (kc_on(s, "PSTORE_PMSG"))
		add(c, "config.PSTORE_PMSG", PSTORE_CHECK_OK, v, NULL,
		    "/dev/pmsg0 keeps user-space messages in pmsg-ramoops-0");
	else
		add(c, "config.PSTORE_PMSG", PSTORE_CHECK_WARN, v,
		    "enable CONFIG_PSTORE_PMSG (Debian's kernels leave it off)",
		    "pmsg frontend not available: no /dev/pmsg0 and no pmsg-ramoops-0 (user space cannot leave messages)");

	v = kc_val(s, "PSTORE_FTRACE");
	add(c, "config.PSTORE_FTRACE", PSTORE_CHECK_OK, v, NULL, "%s",
	    kc_on(s, "PSTORE_FTRACE") ?
		    "ftrace-ramoops-0 can keep a function trace (enable it in /sys/kernel/debug/pstore/record_ftrace)" :
		    "no ftrace-ramoops-0 (a function trace of the last moments, a debugging aid): give ramoops ftrace_size=0");

	/* >= 6.6: PSTORE_COMPRESS alone means deflate; before: one symbol per algorithm. */
	{
		static const char *const algos[] = { "DEFLATE", "LZO", "LZ4", "LZ4HC", "842",
						     "ZSTD" };
		char list[64] = "";
		const char *def = pstore_kconfig_get(s->kc, "PSTORE_COMPRESS_DEFAULT");

		for (size_t i = 0; i < ARRAY_SIZE(algos); i++) {
			char sym[40];

			snprintf(sym, sizeof(sym), "PSTORE_%s_COMPRESS", algos[i]);
			if (kc_on(s, sym)) {
				size_t l = strlen(list);

				snprintf(list + l, sizeof(list) - l, "%s%s", l ? "," : "", algos[i]);
			}
		}
		for (char *p = list; *p; p++)
			*p = (char)tolower((unsigned char)*p);
		if (!kc_on(s, "PSTORE_COMPRESS") && !*list)
			add(c, "config.compression", PSTORE_CHECK_OK, "none", NULL,
			    "dmesg records are stored uncompressed: fewer lines fit in a record");
		else if (*list)
			add(c, "config.compression", PSTORE_CHECK_OK, def && *def ? def : list, NULL,
			    "dmesg records are compressed (available: %s; pstore.compress= picks one)",
			    list);
		else if (pstore_kconfig_get(s->kc, "PSTORE_COMPRESS") &&
			 pstore_kconfig_get(s->kc, "PSTORE_DEFLATE_COMPRESS"))
			add(c, "config.compression", PSTORE_CHECK_WARN, "none",
			    "enable one of CONFIG_PSTORE_*_COMPRESS (deflate)",
			    "CONFIG_PSTORE_COMPRESS without an algorithm: records stay uncompressed");
		else
			add(c, "config.compression", PSTORE_CHECK_OK, "deflate", NULL,
			    "dmesg records are compressed with deflate (Linux 6.6 and later)");
	}

	v = kc_val(s, "REED_SOLOMON");
	if (kc_on(s, "REED_SOLOMON"))
		add(c, "config.REED_SOLOMON", PSTORE_CHECK_OK, v, NULL,
		    "ramoops ecc= (Reed-Solomon parity) is available%s",
		    streq(v, "m") ? "; reed_solomon.ko loads with ramoops" : "");
	else
		add(c, "config.REED_SOLOMON", PSTORE_CHECK_WARN, v,
		    "enable CONFIG_REED_SOLOMON (CONFIG_PSTORE_RAM selects it)",
		    "no Reed-Solomon: ramoops cannot use ecc=");

	if (!kc_on(s, "OF"))
		add(c, "config.OF_RESERVED_MEM", PSTORE_CHECK_SKIP, kc_val(s, "OF_RESERVED_MEM"),
		    NULL, "not a device-tree kernel (CONFIG_OF is off)");
	else if (kc_on(s, "OF_RESERVED_MEM"))
		add(c, "config.OF_RESERVED_MEM", PSTORE_CHECK_OK, kc_val(s, "OF_RESERVED_MEM"),
		    NULL, "a /reserved-memory ramoops node is honoured");
	else
		add(c, "config.OF_RESERVED_MEM", PSTORE_CHECK_WARN,
		    kc_val(s, "OF_RESERVED_MEM"), "enable CONFIG_OF_RESERVED_MEM",
		    "a /reserved-memory ramoops node is not reserved by this kernel");

	if (kc_on(s, "MAGIC_SYSRQ"))
		add(c, "config.MAGIC_SYSRQ", PSTORE_CHECK_OK, kc_val(s, "MAGIC_SYSRQ"), NULL,
		    "test with: echo c > /proc/sysrq-trigger (crashes the machine)");
	else
		add(c, "config.MAGIC_SYSRQ", PSTORE_CHECK_WARN, kc_val(s, "MAGIC_SYSRQ"),
		    "enable CONFIG_MAGIC_SYSRQ to test with echo c > /proc/sysrq-trigger",
		    "no sysrq: no easy way to test a crash");

	v = pstore_kconfig_get(s->kc, "PSTORE_DEFAULT_KMSG_BYTES");
	if (v)
		add(c, "config.PSTORE_DEFAULT_KMSG_BYTES", PSTORE_CHECK_OK, v, NULL,
		    "bytes of kernel log per dump (pstore.kmsg_bytes= changes it); ramoops keeps what fits in one record");
	else
		add(c, "config.PSTORE_DEFAULT_KMSG_BYTES", PSTORE_CHECK_SKIP, "", NULL,
		    "not in this configuration");

	/* Backends that may register before ramoops: only one backend is active at a time. */
	{
		char list[160] = "";
		size_t l;

		if (kc_on(s, "EFI_VARS_PSTORE") && !kc_on(s, "EFI_VARS_PSTORE_DEFAULT_DISABLE")) {
			l = strlen(list);
			snprintf(list + l, sizeof(list) - l, "%sEFI_VARS_PSTORE=%s", l ? " " : "",
				 kc_val(s, "EFI_VARS_PSTORE"));
		}
		if (kc_on(s, "ACPI_APEI")) {
			l = strlen(list);
			snprintf(list + l, sizeof(list) - l, "%sACPI_APEI=%s (ERST)", l ? " " : "",
				 kc_val(s, "ACPI_APEI"));
		}
		if (kc_on(s, "PSTORE_BLK")) {
			l = strlen(list);
			snprintf(list + l, sizeof(list) - l, "%sPSTORE_BLK=%s", l ? " " : "",
				 kc_val(s, "PSTORE_BLK"));
		}
		if (!*list)
			add(c, "config.backends", PSTORE_CHECK_OK, "none", NULL,
			    "no other pstore backend can take ramoops' place");
		else if (ramoops_registered(s))
			add(c, "config.backends", PSTORE_CHECK_OK, list, NULL,
			    "other backends are built, but ramoops registered first");
		else
			add(c, "config.backends", PSTORE_CHECK_WARN, list,
			    "if one of them registers first: pstore.backend=ramoops or efi_pstore.pstore_disable=1 on the kernel command line",
			    "only one pstore backend is active at a time; the first to register locks the others out");
	}
}
