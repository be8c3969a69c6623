/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * A kernel .config, plain or gzip (what /proc/config.gz holds; pstore_kconfig_parse
 * inflates it first), then the lookups the checks make.
 */
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const names[] = { "PSTORE", "CONFIG_PSTORE_RAM", "PSTORE_PMSG",
					     "PSTORE_CONSOLE", "MODULES", "" };
	static struct pstore_ctx *ctx;
	struct pstore_kconfig *kc = NULL;

	if (!ctx && !(ctx = fuzz_ctx(NULL)))
		abort();
	if (pstore_kconfig_parse(ctx, (const char *)data, size, "fuzz", &kc) < 0)
		return 0;
	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		(void)pstore_kconfig_get(kc, names[i]);
		(void)pstore_kconfig_enabled(kc, names[i]);
	}
	(void)pstore_kconfig_count(kc);
	pstore_kconfig_free(kc);
	return 0;
}
