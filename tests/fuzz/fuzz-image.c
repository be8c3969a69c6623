/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * A memory image (raw, or an ELF / kdump vmcore that libkdumpfile takes), decoded as
 * `decode` and `ls --image` do: with a layout given by the first input byte (zone sizes,
 * ECC off or 16, 6.1 or newest zone order, the compressor or all tried), and with the layout found by
 * --scan. Every decoded record is listed and read back through the image source.
 */
#include "fuzz.h"

static void decode(struct pstore_ctx *ctx, struct pstore_image *img,
		   const struct pstore_layout_params *p, unsigned kver, int compress)
{
	struct pstore_decode_opts o = PSTORE_STRUCT_INIT(struct pstore_decode_opts);
	struct pstore_layout *l = NULL;
	struct pstore_decode *d = NULL;
	struct pstore_source *src = NULL;
	struct pstore_record **recs = NULL;
	size_t n = 0;

	o.compress = compress;
	if (pstore_layout_compute_for(ctx, p, kver, &l) < 0)
		return;
	if (pstore_decode_image(ctx, img, l, &o, &d) == 0) {
		for (size_t i = 0; i < pstore_decode_zone_count(d); i++)
			(void)pstore_decode_get_zone(d, i);
		if (pstore_source_new_image(ctx, d, &src) == 0) {
			if (pstore_source_list(src, &recs, &n) == 0) {
				for (size_t i = 0; i < n; i++) {
					struct pstore_reader *rd = NULL;
					char buf[4096];

					if (pstore_record_open(ctx, recs[i], PSTORE_READ_INFLATE, &rd) < 0)
						continue;
					while (pstore_reader_read(rd, buf, sizeof(buf)) > 0)
						;
					pstore_reader_free(rd);
				}
				pstore_record_list_free(recs, n);
			}
			pstore_source_unref(src);
		}
	}
	pstore_layout_free(l);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct pstore_ctx *ctx;
	struct pstore_layout_params p;
	struct pstore_image *img = NULL;
	struct pstore_scan *s = NULL;
	char path[128];
	uint8_t sel;

	if (!ctx && !(ctx = fuzz_ctx(NULL)))
		abort();
	if (size < 1)
		return 0;
	sel = data[0];
	snprintf(path, sizeof(path), "%s/image.bin", fuzz_scratch());
	if (fuzz_write_file(path, data + 1, size - 1) < 0)
		abort();
	if (pstore_image_open(ctx, path, &img) < 0)
		goto out;
	if (pstore_layout_params_init(&p) < 0)
		goto out;
	p.mem_address = 0;
	p.mem_size = (sel & 0x03) == 0 ? 16384 : (sel & 0x03) == 1 ? 32768 : 65536;
	p.record_size = p.console_size = p.pmsg_size = 4096;
	p.ftrace_size = sel & 0x04 ? 4096 : 0;
	p.ecc_size = sel & 0x08 ? 16 : 0;
	p.defaults = 0;
	decode(ctx, img, &p, sel & 0x10 ? PSTORE_KERNEL_VERSION(6, 1, 0) : 0,
	       (sel >> 5) % 6 - 1);
	if (pstore_scan_image(ctx, img, 0, size - 1, &s) == 0) {
		p = *pstore_scan_get_params(s);
		for (size_t i = 0; i < pstore_scan_note_count(s); i++)
			(void)pstore_scan_get_note(s, i);
		decode(ctx, img, &p, pstore_scan_get_kernel_version(s), -1);
		pstore_scan_free(s);
	}
out:
	pstore_image_free(img);
	unlink(path);
	return 0;
}
