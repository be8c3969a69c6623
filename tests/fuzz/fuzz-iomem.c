/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* /proc/iomem text (pstore_iomem_parse), the memory map made from it and a plan in it. */
#include "fuzz.h"

/* plan's path through the memory map: the free ranges, then a region chosen in them */
void fuzz_plan(struct pstore_ctx *ctx, struct pstore_memmap *m);
void fuzz_plan(struct pstore_ctx *ctx, struct pstore_memmap *m)
{
	struct pstore_plan_request req;
	struct pstore_range *free_r = NULL, got;
	size_t n = 0;

	if (pstore_memmap_add_initrd_room(m, PSTORE_INITRD_ROOM_DEFAULT) < 0)
		return;
	if (pstore_memmap_free_ranges(m, &free_r, &n) == 0)
		free(free_r);
	if (pstore_plan_request_init(&req) == 0)
		(void)pstore_plan_choose(ctx, m, &req, &got);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct pstore_ctx *ctx;
	struct pstore_iomem *io = NULL;
	struct pstore_memmap *m = NULL;

	if (!ctx && !(ctx = fuzz_ctx(NULL)))
		abort();
	if (pstore_iomem_parse(ctx, (const char *)data, size, "fuzz", &io) < 0)
		return 0;
	for (size_t i = 0; i < pstore_iomem_count(io); i++)
		(void)pstore_iomem_parent(io, i);
	if (pstore_memmap_from_iomem(ctx, io, &m) == 0) {
		fuzz_plan(ctx, m);
		pstore_memmap_free(m);
	}
	pstore_iomem_free(io);
	return 0;
}
