/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Archive directory layouts (entries, see fuzz.h): pstorectl's per-boot archive
 * (<time>_<boot id>/ with records, reason.json, records.json) and systemd-pstore's
 * (/var/lib/systemd/pstore: per-id directories with dmesg.txt, flat files), as `boots`,
 * `--boot N` and `--dir` read them.
 */
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct pstore_ctx *ctx;
	static const char *const specs[] = { "0", "-1", "1", "a", "" };
	const char *root = fuzz_scratch();
	struct pstore_archive *a = NULL;
	struct pstore_source *src = NULL;
	struct pstore_record **recs = NULL;
	size_t n = 0, at;

	if (!ctx && !(ctx = fuzz_ctx(NULL)))
		abort();
	fuzz_make_tree(root, data, size);
	if (pstore_archive_open(ctx, root, &a) == 0) {
		for (size_t i = 0; i < pstore_archive_count(a); i++) {
			(void)pstore_archive_get_name(a, i);
			(void)pstore_archive_get_boot_id(a, i);
			(void)pstore_archive_get_reason(a, i);
			(void)pstore_archive_get_time(a, i);
			(void)pstore_archive_get_records(a, i);
			(void)pstore_archive_get_size(a, i);
		}
		for (size_t i = 0; i < sizeof(specs) / sizeof(specs[0]); i++)
			if (pstore_archive_find(ctx, a, specs[i], &at) == 0 &&
			    pstore_source_new_dir(ctx, pstore_archive_get_path(a, at), &src) == 0) {
				if (pstore_source_list(src, &recs, &n) == 0)
					pstore_record_list_free(recs, n);
				src = pstore_source_unref(src);
			}
		pstore_archive_free(a);
	}
	/* the same tree as systemd-pstore's archive, read with --dir */
	if (pstore_source_new_dir(ctx, root, &src) == 0) {
		if (pstore_source_list(src, &recs, &n) == 0) {
			pstore_record_list_probe(recs, n);
			pstore_record_list_free(recs, n);
		}
		pstore_source_unref(src);
	}
	fuzz_clear(root);
	return 0;
}
