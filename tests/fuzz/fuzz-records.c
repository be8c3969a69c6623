/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * A record directory (entries, see fuzz.h): the files a crashed kernel left, any bytes,
 * any names (compressed .enc.z records reach every codec through the reader's format
 * detection). Lists them as `ls` does, reads each as `cat` and `tail` do (inflated, ECC
 * notice and header stripped), reassembles the newest dump's parts, and parses the crash
 * summary `info` prints.
 */
#include "fuzz.h"

static void read_all(struct pstore_reader *rd)
{
	char buf[4096];

	while (pstore_reader_read(rd, buf, sizeof(buf)) > 0)
		;
	pstore_reader_free(rd);
}

static void one(struct pstore_ctx *ctx, struct pstore_record *r)
{
	struct pstore_dmesg_header h = PSTORE_STRUCT_INIT(struct pstore_dmesg_header);
	struct pstore_ecc_notice e = PSTORE_STRUCT_INIT(struct pstore_ecc_notice);
	struct pstore_reader *rd = NULL;
	struct pstore_crash *c = NULL;
	int64_t t;

	(void)pstore_record_get_dmesg_header(r, &h);
	(void)pstore_record_get_ecc(r, &e);
	(void)pstore_record_get_time(r, &t);
	if (pstore_record_open(ctx, r, PSTORE_READ_INFLATE | PSTORE_READ_STRIP_ECC |
				       PSTORE_READ_STRIP_HEADER, &rd) == 0)
		read_all(rd);
	if (pstore_record_open(ctx, r, 0, &rd) == 0)
		read_all(rd);
	if (pstore_record_open_tail(ctx, r, PSTORE_READ_INFLATE, 3, &rd) == 0)
		read_all(rd);
	if (pstore_crash_from_record(ctx, r, &c) == 0)
		pstore_crash_free(c);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct pstore_ctx *ctx;
	const char *dir = fuzz_scratch();
	struct pstore_source *src = NULL;
	struct pstore_record **recs = NULL, *newest = NULL, **parts = NULL;
	size_t n = 0, nparts = 0;

	if (!ctx && !(ctx = fuzz_ctx(NULL)))
		abort();
	fuzz_make_tree(dir, data, size);
	if (pstore_source_new_dir(ctx, dir, &src) < 0)
		goto out;
	pstore_source_set_all_files(src, size > 0 && (data[0] & 1));
	if (pstore_source_list(src, &recs, &n) < 0)
		goto out;
	pstore_record_list_probe(recs, n);
	for (size_t i = 0; i < n; i++)
		one(ctx, recs[i]);
	if (pstore_dump_newest(recs, n, &newest) == 0 && newest &&
	    pstore_record_dump_parts(recs, n, newest, &parts, &nparts) == 0)
		pstore_record_list_free(parts, nparts);
	pstore_record_list_free(recs, n);
out:
	pstore_source_unref(src);
	fuzz_clear(dir);
	return 0;
}
