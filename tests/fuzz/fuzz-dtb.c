/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * A DTB from somebody's board: checked once (pstore_dtb_from_blob), then every question
 * plan and dts ask of it: the cells, the memory map, the ramoops nodes, and a patch that
 * adds (and one that replaces) a ramoops node.
 */
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct pstore_ctx *ctx;
	struct pstore_dtb *dtb = NULL;
	struct pstore_memmap *m = NULL;
	struct pstore_dt_node **nodes = NULL, *n = NULL;
	unsigned ac, sc;
	bool parent;
	int count;

	if (!ctx && !(ctx = fuzz_ctx(NULL)))
		abort();
	if (pstore_dtb_from_blob(ctx, data, size, "fuzz", &dtb) < 0)
		return 0;
	(void)pstore_dtb_cells(ctx, dtb, &ac, &sc, &parent);
	if (pstore_dtb_memmap(ctx, dtb, &m) == 0)
		pstore_memmap_free(m);
	count = pstore_dtb_find_ramoops(ctx, dtb, &nodes);
	if (count > 0) {
		for (int i = 0; i < count; i++) {
			struct pstore_layout *l = NULL;
			char *src = NULL;

			if (pstore_dt_node_check(ctx, nodes[i], &l) == 0)
				pstore_layout_free(l);
			if (pstore_dt_node_source(ctx, nodes[i], PSTORE_DT_FORMAT_NODE, &src) == 0)
				free(src);
		}
		pstore_dt_node_list_free(nodes, (size_t)count);
	}
	if (pstore_dt_node_new(&n) == 0) {
		struct pstore_layout_params p;

		pstore_dt_node_set_reg(n, 0x7ff00000, 0x100000);
		if (pstore_layout_params_init(&p) == 0 && pstore_dt_node_from_layout(n, &p) == 0) {
			for (unsigned flags = 0; flags <= PSTORE_DT_REPLACE; flags++) {
				void *out = NULL;
				size_t len = 0;

				if (pstore_dtb_patch(ctx, dtb, n, flags, &out, &len) == 0)
					free(out);
			}
		}
		pstore_dt_node_free(n);
	}
	pstore_dtb_free(dtb);
	return 0;
}
