/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Choosing a region for ramoops in a memory map (lib/memmap.c): search, or check an address. */
#include <inttypes.h>

#include "internal.h"
#include "memmap.h"
#include "strtab.h"

static const char prefer_names[][5] = {
	[PSTORE_PREFER_HIGH] = "high",
	[PSTORE_PREFER_LOW] = "low",
};

_public_ const char *pstore_prefer_to_string(enum pstore_prefer p)
{
	return STRTAB_NAME(prefer_names, p);
}

_public_ int pstore_prefer_from_string(const char *s)
{
	return STRTAB_VALUE(prefer_names, s);
}

_public_ int pstore_plan_request_init_sz(struct pstore_plan_request *req, size_t size)
{
	if (!req || size < sizeof(*req) || size > UINT32_MAX)
		return -EINVAL;
	memset(req, 0, size);
	*req = (struct pstore_plan_request){
		.struct_size = (uint32_t)size,
		.size = PSTORE_PLAN_DEFAULT_SIZE,
		.align = PSTORE_PLAN_DEFAULT_ALIGN,
		.prefer = PSTORE_PREFER_HIGH,
	};
	return 0;
}

static bool is_pow2(uint64_t v)
{
	return v && !(v & (v - 1));
}

/* Human size for messages: "1M", "64K", "0x1234" for odd sizes. */
static void fmt_size(uint64_t v, char *buf, size_t len)
{
	static const char units[] = "KMGTPE";
	int u = -1;

	while (v >= 1024 && !(v & 1023) && u < 5) {
		v >>= 10;
		u++;
	}
	if (u < 0)
		snprintf(buf, len, "%" PRIu64, v);
	else
		snprintf(buf, len, "%" PRIu64 "%c", v, units[u]);
}

/* Validate the exact region [a, a+size) the caller asked for. */
static int check_address(struct pstore_ctx *ctx, const struct pstore_memmap *m,
			 const struct pstore_plan_request *req, struct pstore_range *ret)
{
	uint64_t a = req->address, last = a + (req->size - 1);
	struct memmap_where w;
	char what[512];
	size_t wl = 0;

	if (a % req->align)
		return pstore_err(ctx, -EINVAL,
				  "address 0x%" PRIx64 ": not aligned to 0x%" PRIx64, a, req->align);

	memmap_locate(m, a, last, &w);
	if (memmap_where_free(&w)) {
		*ret = (struct pstore_range){ a, req->size };
		return 0;
	}
	if (w.nbusy) {
		for (size_t i = 0; i < w.nbusy && i < MEMMAP_WHERE_BUSY_KEPT && wl < sizeof(what); i++) {
			const struct memmap_range *b = &m->busy[w.busy[i]];

			wl += (size_t)snprintf(what + wl, sizeof(what) - wl,
					       "%s\"%s\" [0x%" PRIx64 "-0x%" PRIx64 "]",
					       i ? ", " : "", b->name, b->start, b->last);
		}
		if (w.nbusy > MEMMAP_WHERE_BUSY_KEPT && wl < sizeof(what))
			snprintf(what + wl, sizeof(what) - wl, " and %zu more",
				 w.nbusy - MEMMAP_WHERE_BUSY_KEPT);
		return pstore_err(ctx, -EBUSY,
				  "region 0x%" PRIx64 "-0x%" PRIx64 " is not free: it overlaps %s",
				  a, last, what);
	}
	if (w.ram_part >= 0) {
		const struct memmap_range *ra = &m->ram[w.ram_part];

		return pstore_err(ctx, -EBUSY,
				  "region 0x%" PRIx64 "-0x%" PRIx64 " is not free: it runs past \"%s\" [0x%" PRIx64 "-0x%" PRIx64 "] (a region must lie inside one RAM range)",
				  a, last, ra->name, ra->start, ra->last);
	}
	return pstore_err(ctx, -EBUSY,
			  "region 0x%" PRIx64 "-0x%" PRIx64 " is not inside any System RAM range", a,
			  last);
}

_public_ int pstore_plan_choose(struct pstore_ctx *ctx, const struct pstore_memmap *m,
				const struct pstore_plan_request *req, struct pstore_range *ret)
{
	return pstore_plan_choose_fault(ctx, m, req, ret, NULL);
}

_public_ int pstore_plan_choose_fault(struct pstore_ctx *ctx, const struct pstore_memmap *m,
				      const struct pstore_plan_request *req,
				      struct pstore_range *ret, unsigned *ret_fault)
{
	unsigned dummy;

	_cleanup_free_ struct memmap_free *fr = NULL;
	uint64_t lo = 0, hi = UINT64_MAX; /* inclusive window from above / below */
	uint64_t largest = 0;
	bool found = false;
	struct pstore_range best = { 0, 0 };
	char sz[32], al[32];
	size_t n;
	int r;

	if (!ret_fault)
		ret_fault = &dummy;
	*ret_fault = 0;
	if (!m || !SIZED_OK(req) || !ret)
		return -EINVAL;
	if (req->size == 0)
		return pstore_err(ctx, -EINVAL, "size: must be non-zero");
	if (!is_pow2(req->align) || req->align < PSTORE_PLAN_MIN_ALIGN)
		return pstore_err(ctx, -EINVAL,
				  "align 0x%" PRIx64 ": must be a power of two of at least 4K",
				  req->align);
	if (req->prefer != PSTORE_PREFER_HIGH && req->prefer != PSTORE_PREFER_LOW)
		return pstore_err(ctx, -EINVAL, "prefer: unknown value %d", (int)req->prefer);
	if (req->has_above)
		lo = req->above;
	if (req->has_below) {
		if (req->below == 0)
			return pstore_err(ctx, -EINVAL, "below 0: nothing lies below address 0");
		hi = req->below - 1;
	}
	if (lo > hi)
		return pstore_err(ctx, -EINVAL,
				  "above 0x%" PRIx64 " and below 0x%" PRIx64 " leave no room", lo,
				  req->below);
	if (req->size - 1 > hi - lo)
		return pstore_err(ctx, -ENOSPC,
				  "a region of 0x%" PRIx64 " bytes does not fit between 0x%" PRIx64 " and 0x%" PRIx64,
				  req->size, lo, hi);

	if (req->has_address) {
		uint64_t a = req->address;

		*ret_fault = PSTORE_PLAN_FAULT_ADDRESS;
		if (req->size - 1 > UINT64_MAX - a)
			return pstore_err(ctx, -EINVAL, "address 0x%" PRIx64 ": region wraps past 2^64", a);
		if (a < lo || a + (req->size - 1) > hi)
			return pstore_err(ctx, -EINVAL,
					  "address 0x%" PRIx64 ": region 0x%" PRIx64 "-0x%" PRIx64 " lies outside the window 0x%" PRIx64 "-0x%" PRIx64,
					  a, a, a + (req->size - 1), lo, hi);
		r = check_address(ctx, m, req, ret);
		/* only its own checks start "address 0x...": an overlap names the region */
		if (r != -EINVAL)
			*ret_fault = 0;
		return r;
	}

	r = memmap_free_list(m, &fr, &n);
	if (r < 0)
		return pstore_err(ctx, r, "out of memory");

	for (size_t i = 0; i < n; i++) {
		uint64_t s = fr[i].start > lo ? fr[i].start : lo;
		uint64_t e = fr[i].last < hi ? fr[i].last : hi; /* inclusive */
		uint64_t cand;
		uint64_t d = fr[i].last - fr[i].start;

		d = d == UINT64_MAX ? d : d + 1;
		if (d > largest)
			largest = d;
		if (s > e || e - s < req->size - 1)
			continue;
		if (req->prefer == PSTORE_PREFER_LOW) {
			/* round s up to the alignment */
			if (s % req->align) {
				if (s > UINT64_MAX - (req->align - s % req->align))
					continue;
				s += req->align - s % req->align;
			}
			if (s > e || e - s < req->size - 1)
				continue;
			cand = s;
			if (!found || cand < best.start)
				best = (struct pstore_range){ cand, req->size };
		} else {
			cand = e - (req->size - 1);
			cand -= cand % req->align;
			if (cand < s)
				continue;
			if (!found || cand > best.start)
				best = (struct pstore_range){ cand, req->size };
		}
		found = true;
	}
	if (!found) {
		fmt_size(req->size, sz, sizeof(sz));
		fmt_size(req->align, al, sizeof(al));
		if (n == 0) {
			bool initrd = memmap_initrd_took_all(m);

			*ret_fault = initrd ? PSTORE_PLAN_FAULT_INITRD : 0;
			return pstore_err(ctx, -ENOSPC,
					  "no free memory: every System RAM range is fully covered by kernel, reserved or device ranges%s",
					  initrd ? " and the room kept for the initrd" : "");
		}
		if (req->has_above || req->has_below)
			return pstore_err(ctx, -ENOSPC,
					  "no free range holds %s aligned to %s between 0x%" PRIx64 " and 0x%" PRIx64 " (largest free range anywhere: 0x%" PRIx64 " bytes)",
					  sz, al, lo, hi, largest);
		return pstore_err(ctx, -ENOSPC,
				  "no free range holds %s aligned to %s (largest free range: 0x%" PRIx64 " bytes)",
				  sz, al, largest);
	}
	*ret = best;
	return 0;
}
