/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* The "config" checks: what the kernel configuration allows pstore and ramoops to do. */
#include <ctype.h>

#include "check.h"

/* "config.SYM" of a symbol that is on (fine) or off (a warning with its fix). */
static void add_on_or_warn(struct state *s, const char *sym, const char *on, const char *fix,
			   const char *off)
{
	const char *v = kc_val(s, sym);
	char id[64];

	snprintf(id, sizeof(id), "config.%s", sym);
	if (kc_on(s, sym))
		add(s->c, id, PSTORE_CHECK_OK, v, NULL, "%s", on);
	else
		add(s->c, id, PSTORE_CHECK_WARN, v, fix, "%s", off);
}

/* "config.SYM" of a tristate pstore needs: built in or a module (each with its note), else a failure. */
static void add_tristate(struct state *s, const char *sym, const char *y, const char *m,
			 const char *fix, const char *off)
{
	const char *v = kc_val(s, sym);
	char id[64];

	snprintf(id, sizeof(id), "config.%s", sym);
	if (streq(v, "y"))
		add(s->c, id, PSTORE_CHECK_OK, v, NULL, "%s", y);
	else if (streq(v, "m"))
		add(s->c, id, PSTORE_CHECK_OK, v, NULL, "%s", m);
	else
		add(s->c, id, PSTORE_CHECK_FAIL, v, fix, "%s", off);
}

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

	add_tristate(s, "PSTORE", "pstore is built in",
		     "pstore is a module: it must be loaded before a backend registers",
		     kc_on(s, "MISC_FILESYSTEMS") ?
			     "enable CONFIG_PSTORE (File systems > Miscellaneous filesystems > Persistent store support) and rebuild the kernel" :
			     "enable CONFIG_MISC_FILESYSTEMS, then CONFIG_PSTORE (without the first the pstore options are hidden), and rebuild",
		     "no pstore in this kernel: nothing survives a crash");
	add_tristate(s, "PSTORE_RAM", "ramoops is built in",
		     "ramoops is a module (ramoops.ko): it must be loaded with a region",
		     "enable CONFIG_PSTORE_RAM (=y, or =m for ramoops.ko) and rebuild the kernel",
		     "no ramoops in this kernel: no RAM backend for pstore");
	add_on_or_warn(s, "PSTORE_CONSOLE", "console-ramoops-0 keeps the kernel log up to the reset",
		       "enable CONFIG_PSTORE_CONSOLE (Debian's kernels leave it off)",
		       "console frontend not available: no console-ramoops-0 record (the kernel log up to a reset or hang); only oops/panic dumps are kept");
	add_on_or_warn(s, "PSTORE_PMSG", "/dev/pmsg0 keeps user-space messages in pmsg-ramoops-0",
		       "enable CONFIG_PSTORE_PMSG (Debian's kernels leave it off)",
		       "pmsg frontend not available: no /dev/pmsg0 and no pmsg-ramoops-0 (user space cannot leave messages)");

	v = kc_val(s, "PSTORE_FTRACE");
	add(c, "config.PSTORE_FTRACE", PSTORE_CHECK_OK, v, NULL, "%s",
	    kc_on(s, "PSTORE_FTRACE") ?
		    "ftrace-ramoops-0 can keep a function trace (enable it in /sys/kernel/debug/pstore/record_ftrace)" :
		    "no ftrace-ramoops-0 (a function trace of the last moments, a debugging aid): give ramoops ftrace_size=0");

	/* >= 6.6: PSTORE_COMPRESS alone means deflate; before: one symbol per algorithm. */
	{
		static const char algos[][8] = { "DEFLATE", "LZO", "LZ4", "LZ4HC", "842",
						 "ZSTD" };
		char list[64] = "";
		const char *def = pstore_kconfig_get(s->kc, "PSTORE_COMPRESS_DEFAULT");

		for (size_t i = 0; i < ARRAY_SIZE(algos); i++) {
			char sym[64];

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

	add_on_or_warn(s, "REED_SOLOMON",
		       streq(kc_val(s, "REED_SOLOMON"), "m") ?
			       "ramoops ecc= (Reed-Solomon parity) is available; reed_solomon.ko loads with ramoops" :
			       "ramoops ecc= (Reed-Solomon parity) is available",
		       "enable CONFIG_REED_SOLOMON (CONFIG_PSTORE_RAM selects it)",
		       "no Reed-Solomon: ramoops cannot use ecc=");

	if (!kc_on(s, "OF"))
		add(c, "config.OF_RESERVED_MEM", PSTORE_CHECK_SKIP, kc_val(s, "OF_RESERVED_MEM"),
		    NULL, "not a device-tree kernel (CONFIG_OF is off)");
	else
		add_on_or_warn(s, "OF_RESERVED_MEM", "a /reserved-memory ramoops node is honoured",
			       "enable CONFIG_OF_RESERVED_MEM",
			       "a /reserved-memory ramoops node is not reserved by this kernel");

	add_on_or_warn(s, "MAGIC_SYSRQ",
		       "test with: echo c > /proc/sysrq-trigger (crashes the machine)",
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
		static const struct {
			const char *sym, *off_by, *note;
		} others[] = {
			{ "EFI_VARS_PSTORE", "EFI_VARS_PSTORE_DEFAULT_DISABLE", "" },
			{ "ACPI_APEI", NULL, " (ERST)" },
			{ "PSTORE_BLK", NULL, "" },
		};
		char list[160] = "";

		for (size_t i = 0; i < ARRAY_SIZE(others); i++) {
			size_t l = strlen(list);

			if (kc_on(s, others[i].sym) && !(others[i].off_by && kc_on(s, others[i].off_by)))
				snprintf(list + l, sizeof(list) - l, "%s%s=%s%s", l ? " " : "",
					 others[i].sym, kc_val(s, others[i].sym), others[i].note);
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
