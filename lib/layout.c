/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * The ramoops layout inside a region, computed with the rules of the kernel's probe
 * (fs/pstore/ram.c ramoops_probe / ramoops_init_przs / ramoops_init_prz and
 * fs/pstore/ram_core.c persistent_ram_init_ecc), so that a plan fails here, not at boot.
 */
#include <inttypes.h>
#include <stdarg.h>

#include "internal.h"
#include "strtab.h"

struct pstore_layout {
	struct pstore_layout_params eff;
	struct pstore_zone *zones;
	size_t nzones, capzones;
	char **warnings;
	size_t nwarnings;
	unsigned dump_records;
	bool oom; /* a warning could not be stored */
};

/* More zones than this is surely a mistake (a 4K record size in gigabytes of RAM). */
#define LAYOUT_MAX_ZONES (1u << 20)
/* The reed_solomon library works on 8-bit symbols: at most 255 parity bytes. */
#define ECC_MAX 255u
#define PAGE_SZ 4096u

static const char zone_names[][8] = {
	[PSTORE_ZONE_DMESG] = "dmesg",
	[PSTORE_ZONE_CONSOLE] = "console",
	[PSTORE_ZONE_FTRACE] = "ftrace",
	[PSTORE_ZONE_PMSG] = "pmsg",
};

_public_ const char *pstore_zone_type_to_string(enum pstore_zone_type t)
{
	return STRTAB_NAME(zone_names, t);
}

_public_ int pstore_zone_type_from_string(const char *s)
{
	return STRTAB_VALUE(zone_names, s);
}

_public_ int pstore_layout_params_init_sz(struct pstore_layout_params *p, size_t size)
{
	if (!p || size < sizeof(*p) || size > UINT32_MAX)
		return -EINVAL;
	memset(p, 0, size);
	*p = (struct pstore_layout_params){
		.struct_size = (uint32_t)size,
		.record_size = 64 << 10,
		.console_size = 64 << 10,
		.pmsg_size = 64 << 10,
		.ftrace_size = 0,
		.ecc_size = 0,
		.max_reason = -1,
		.mem_type = -1,
		.defaults = PSTORE_LAYOUT_DEFAULT_RECORD | PSTORE_LAYOUT_DEFAULT_CONSOLE |
			    PSTORE_LAYOUT_DEFAULT_PMSG,
	};
	return 0;
}

_public_ int pstore_layout_params_fit(struct pstore_layout_params *p)
{
	uint64_t z = 64 << 10, fixed = p ? p->ftrace_size : 0, room;

	if (!SIZED_OK(p))
		return -EINVAL;
	if (!p->mem_size)
		return 0;
	/* what the caller chose for the other zones is not there for the defaults */
	if (!(p->defaults & PSTORE_LAYOUT_DEFAULT_CONSOLE))
		fixed = fixed + p->console_size < fixed ? UINT64_MAX : fixed + p->console_size;
	if (!(p->defaults & PSTORE_LAYOUT_DEFAULT_PMSG))
		fixed = fixed + p->pmsg_size < fixed ? UINT64_MAX : fixed + p->pmsg_size;
	room = fixed < p->mem_size ? p->mem_size - fixed : 0;
	while (z > 4096 && z > room / 4)
		z >>= 1;
	/* A caller that assigned a field directly without clearing its bit keeps its value. */
	if ((p->defaults & PSTORE_LAYOUT_DEFAULT_RECORD) && p->record_size == 64 << 10)
		p->record_size = z;
	if ((p->defaults & PSTORE_LAYOUT_DEFAULT_CONSOLE) && p->console_size == 64 << 10)
		p->console_size = z;
	if ((p->defaults & PSTORE_LAYOUT_DEFAULT_PMSG) && p->pmsg_size == 64 << 10)
		p->pmsg_size = z;
	return 0;
}

_public_ void pstore_layout_free(struct pstore_layout *l)
{
	if (!l)
		return;
	for (size_t i = 0; i < l->nwarnings; i++)
		free(l->warnings[i]);
	free(l->warnings);
	free(l->zones);
	free(l);
}

static void layout_freep(struct pstore_layout **l)
{
	pstore_layout_free(*l);
}

_public_ const struct pstore_layout_params *pstore_layout_get_params(const struct pstore_layout *l)
{
	return l ? &l->eff : NULL;
}

_public_ unsigned pstore_layout_dump_records(const struct pstore_layout *l)
{
	return l ? l->dump_records : 0;
}

_public_ size_t pstore_layout_zone_count(const struct pstore_layout *l)
{
	return l ? l->nzones : 0;
}

_public_ const struct pstore_zone *pstore_layout_get_zone(const struct pstore_layout *l, size_t i)
{
	if (!l || i >= l->nzones)
		return NULL;
	return &l->zones[i];
}

_public_ size_t pstore_layout_warning_count(const struct pstore_layout *l)
{
	return l ? l->nwarnings : 0;
}

_public_ const char *pstore_layout_get_warning(const struct pstore_layout *l, size_t i)
{
	if (!l || i >= l->nwarnings)
		return NULL;
	return l->warnings[i];
}

_printf_(2, 3) static int add_warning(struct pstore_layout *l, const char *fmt, ...)
{
	va_list ap;
	int r;

	va_start(ap, fmt);
	r = pstore_strv_vappendf(&l->warnings, &l->nwarnings, fmt, ap);
	va_end(ap);
	if (r < 0)
		l->oom = true;
	return r;
}

/*
 * Data bytes of a zone: the 12-byte header comes off, then with ECC the parity of every
 * 128-byte block and of the header. 0 when the kernel would reject the ECC size (the
 * caller reports it).
 */
static bool ecc_layout(uint64_t zone_size, uint32_t ecc, uint64_t *usable, uint64_t *total)
{
	uint64_t buf, blocks, tot;

	*total = 0;
	if (zone_size < PSTORE_PRZ_HEADER_SIZE) {
		*usable = 0;
		return false;
	}
	buf = zone_size - PSTORE_PRZ_HEADER_SIZE;
	if (!ecc) {
		*usable = buf;
		return true;
	}
	if (buf <= ecc) { /* the kernel's unsigned subtraction wraps and fails the check */
		*usable = 0;
		*total = UINT64_MAX;
		return false;
	}
	blocks = (buf - ecc + PSTORE_ECC_BLOCK_SIZE + ecc - 1) / (PSTORE_ECC_BLOCK_SIZE + ecc);
	tot = (blocks + 1) * ecc;
	*total = tot;
	if (tot >= buf) {
		*usable = 0;
		return false;
	}
	*usable = buf - tot;
	return true;
}

_public_ uint64_t pstore_ecc_usable(uint64_t zone_size, uint32_t ecc_size)
{
	uint64_t usable, total;

	ecc_layout(zone_size, ecc_size, &usable, &total);
	return usable;
}

struct walk {
	struct pstore_ctx *ctx;
	struct pstore_layout *l;
	uint64_t phys, size, paddr;
};

static int add_zone(struct walk *w, enum pstore_zone_type t, unsigned idx, unsigned cnt,
		    uint64_t zsz)
{
	struct pstore_layout *l = w->l;
	const char *name = zone_names[t];
	uint64_t usable, total;

	if (zsz < PSTORE_PRZ_HEADER_SIZE)
		return pstore_err(w->ctx, -EINVAL,
				  "%s zone of %" PRIu64 " bytes is smaller than its %u-byte header",
				  name, zsz, PSTORE_PRZ_HEADER_SIZE);
	if (!ecc_layout(zsz, l->eff.ecc_size, &usable, &total)) {
		char label[64];

		if (cnt > 1)
			snprintf(label, sizeof(label), "ramoops:%s(%u/%u)", name, idx, cnt - 1);
		else
			snprintf(label, sizeof(label), "ramoops:%s", name);
		if (total == UINT64_MAX)
			return pstore_err(w->ctx, -EINVAL,
					  "ecc_size %u: the %s zone holds only %" PRIu64 " data bytes; the kernel fails with \"persistent_ram_init_ecc: invalid ecc_size %u\" and \"ECC failed %s\"",
					  l->eff.ecc_size, name, zsz - PSTORE_PRZ_HEADER_SIZE,
					  l->eff.ecc_size, label);
		return pstore_err(w->ctx, -EINVAL,
				  "ecc_size %u: the kernel fails with \"persistent_ram_init_ecc: invalid ecc_size %u (total %" PRIu64 ", buffer size %" PRIu64 ")\" and \"ECC failed %s\"",
				  l->eff.ecc_size, l->eff.ecc_size, total,
				  zsz - PSTORE_PRZ_HEADER_SIZE, label);
	}
	if (l->nzones == l->capzones) {
		size_t nc = l->capzones ? l->capzones * 2 : 32;
		struct pstore_zone *nz = reallocarray(l->zones, nc, sizeof(*nz));

		if (!nz)
			return pstore_err_oom(w->ctx);
		l->zones = nz;
		l->capzones = nc;
	}
	l->zones[l->nzones++] = (struct pstore_zone){
		.struct_size = sizeof(struct pstore_zone),
		.type = t, .index = idx, .start = w->paddr, .size = zsz, .usable = usable,
	};
	w->paddr += zsz;
	return 0;
}

static int no_room(struct walk *w, const char *name, uint64_t sz)
{
	return pstore_err(w->ctx, -ENOSPC,
			  "%s zone does not fit: the kernel fails with \"no room for %s mem region (0x%" PRIx64 "@0x%" PRIx64 ") in (0x%" PRIx64 "@0x%" PRIx64 ")\"",
			  name, name, sz, w->paddr, w->size, w->phys);
}

/* As ramoops_init_przs: record_size 0 with *cnt set means "split mem_sz into *cnt". */
static int init_przs(struct walk *w, enum pstore_zone_type t, uint64_t mem_sz,
		     uint64_t record_size, bool by_count, unsigned *cnt)
{
	const char *name = zone_names[t];
	uint64_t zsz, c;
	int r;

	if (mem_sz == 0 || (!by_count && record_size == 0)) {
		*cnt = 0;
		return 0;
	}
	if (by_count) {
		if (*cnt == 0)
			return 0;
		if (mem_sz / *cnt == 0)
			return pstore_err(w->ctx, -EINVAL,
					  "%s_size 0x%" PRIx64 " split over %u zones: the kernel fails with \"%s record size == 0 (%" PRIu64 " / %u)\"",
					  name, mem_sz, *cnt, name, mem_sz, *cnt);
		c = *cnt;
	} else {
		c = mem_sz / record_size;
		if ((unsigned)c == 0)
			return pstore_err(w->ctx, -EINVAL,
					  "record_size 0x%" PRIx64 " is larger than the 0x%" PRIx64 " bytes left for dmesg zones: the kernel fails with \"%s record count == 0 (%" PRIu64 " / %" PRIu64 ")\"",
					  record_size, mem_sz, name, mem_sz, record_size);
		c = (unsigned)c;
	}
	if (w->paddr - w->phys + mem_sz > w->size)
		return no_room(w, name, mem_sz);
	if (c > LAYOUT_MAX_ZONES)
		return pstore_err(w->ctx, -E2BIG,
				  "%s: %" PRIu64 " zones is more than the %u libpstore accepts: use a larger record size",
				  name, c, LAYOUT_MAX_ZONES);
	zsz = (mem_sz / c) & ~(uint64_t)1;
	if (zsz == 0)
		return pstore_err(w->ctx, -EINVAL, "the kernel fails with \"%s zone size == 0\"",
				  name);
	for (unsigned i = 0; i < c; i++) {
		r = add_zone(w, t, i, (unsigned)c, zsz);
		if (r < 0)
			return r;
	}
	*cnt = (unsigned)c;
	return 0;
}

static int init_prz(struct walk *w, enum pstore_zone_type t, uint64_t sz)
{
	if (!sz)
		return 0;
	if (w->paddr - w->phys + sz > w->size)
		return no_room(w, zone_names[t], sz);
	return add_zone(w, t, 0, 1, sz);
}

static uint64_t rounddown_pow2(uint64_t v)
{
	return v ? UINT64_C(1) << (63 - __builtin_clzll(v)) : 0;
}

static int round_size(struct pstore_layout *l, const char *field, uint64_t *v)
{
	uint64_t r;

	if (!*v || !(*v & (*v - 1)))
		return 0;
	r = rounddown_pow2(*v);
	if (add_warning(l, "%s 0x%" PRIx64 " is not a power of two: the kernel rounds it down to 0x%" PRIx64 " (%" PRIu64 " bytes unused)",
			field, *v, r, *v - r) < 0)
		return -ENOMEM;
	*v = r;
	return 0;
}

_public_ int pstore_layout_compute_for(struct pstore_ctx *ctx, const struct pstore_layout_params *p,
				       unsigned kernel_version, struct pstore_layout **ret)
{
	_cleanup_(layout_freep) struct pstore_layout *l = NULL;
	struct pstore_layout_params *e;
	struct walk w;
	uint64_t others, dump_mem, used;
	unsigned dcnt = 0, fcnt;
	bool pmsg_first = kernel_version == 0 ||
			  kernel_version >= PSTORE_KERNEL_VERSION(6, 2, 0);
	int r;

	if (!SIZED_OK(p) || !ret)
		return -EINVAL;
	l = calloc(1, sizeof(*l));
	if (!l)
		return pstore_err_oom(ctx);
	l->eff = *p;
	e = &l->eff;
	e->struct_size = sizeof(*e);
	pstore_layout_params_fit(e);

	if (!e->mem_size || (!e->record_size && !e->console_size && !e->ftrace_size &&
			     !e->pmsg_size))
		return pstore_err(ctx, -EINVAL,
				  "mem_size and at least one of record_size, console_size, ftrace_size, pmsg_size must be non-zero (the kernel fails with \"The memory size and the record/console size must be non-zero\")");
	if (e->mem_size - 1 > UINT64_MAX - e->mem_address)
		return pstore_err(ctx, -EINVAL, "mem_address + mem_size wraps past 2^64");
	if (e->mem_type > 2)
		return pstore_err(ctx, -EINVAL,
				  "mem_type %d: the kernel accepts 0 (write-combined), 1 (unbuffered) or 2 (cached) and fails with \"invalid mem_type=%d\"",
				  e->mem_type, e->mem_type);
	if (e->ecc_size > ECC_MAX)
		return pstore_err(ctx, -EINVAL,
				  "ecc_size %u: Reed-Solomon on 8-bit symbols allows at most %u parity bytes; the kernel fails with \"init_rs failed\"",
				  e->ecc_size, ECC_MAX);
	if (e->max_reason > 5)
		add_warning(l, "max_reason %d is above KMSG_DUMP_MAX (5): every dump reason is stored",
				e->max_reason);

	if (round_size(l, "record_size", &e->record_size) < 0 ||
	    round_size(l, "console_size", &e->console_size) < 0 ||
	    round_size(l, "ftrace_size", &e->ftrace_size) < 0 ||
	    round_size(l, "pmsg_size", &e->pmsg_size) < 0)
		return pstore_err_oom(ctx);

	others = e->console_size + e->ftrace_size + e->pmsg_size;
	if (others < e->console_size || others > e->mem_size) {
		/* the kernel's size_t subtraction would wrap and then find no room */
		return pstore_err(ctx, -ENOSPC,
				  "console_size + ftrace_size + pmsg_size (0x%" PRIx64 ") exceed mem_size 0x%" PRIx64 ": the kernel fails with \"no room for ... mem region\"",
				  others, e->mem_size);
	}
	dump_mem = e->mem_size - others;

	w = (struct walk){ .ctx = ctx, .l = l, .phys = e->mem_address, .size = e->mem_size,
			   .paddr = e->mem_address };
	r = init_przs(&w, PSTORE_ZONE_DMESG, dump_mem, e->record_size, false, &dcnt);
	if (r < 0)
		return r;
	l->dump_records = dcnt;
	r = init_prz(&w, PSTORE_ZONE_CONSOLE, e->console_size);
	if (r < 0)
		return r;
	fcnt = (e->flags & PSTORE_RAMOOPS_FLAG_FTRACE_PER_CPU) ? (e->ftrace_cpus ?: 1) : 1;
	if (pmsg_first) {
		r = init_prz(&w, PSTORE_ZONE_PMSG, e->pmsg_size);
		if (r >= 0)
			r = init_przs(&w, PSTORE_ZONE_FTRACE, e->ftrace_size, 0, true, &fcnt);
	} else {
		r = init_przs(&w, PSTORE_ZONE_FTRACE, e->ftrace_size, 0, true, &fcnt);
		if (r >= 0)
			r = init_prz(&w, PSTORE_ZONE_PMSG, e->pmsg_size);
	}
	if (r < 0)
		return r;

	if (!e->record_size)
		add_warning(l, "record_size is 0: no dmesg zones, so oops and panic logs are not kept");
	else if (!dump_mem)
		/* ramoops_init_przs() quietly makes no zone of 0 bytes: no PSTORE_FLAGS_DMESG */
		add_warning(l, "console_size + ftrace_size + pmsg_size (0x%" PRIx64 ") take all of mem_size: no room for dmesg zones, so oops and panic logs are not kept",
			    others);
	if (e->ecc_size && e->ecc_size < 2)
		add_warning(l, "ecc_size %u: one parity byte per block detects errors but corrects none (the module parameter ecc=1 means 16)",
				e->ecc_size);
	if (e->ftrace_size && (e->flags & PSTORE_RAMOOPS_FLAG_FTRACE_PER_CPU) && !e->ftrace_cpus)
		add_warning(l, "ftrace is split per CPU (flags bit 0; always so with module parameters) into nr_cpu_ids zones; the layout shown assumes 1 CPU");
	if (e->ftrace_size && e->pmsg_size && kernel_version == 0)
		add_warning(l, "Linux before 6.2 places the ftrace zone before pmsg: their offsets differ there");
	if (e->mem_address % PAGE_SZ || e->mem_size % PAGE_SZ)
		add_warning(l, "region 0x%" PRIx64 "@0x%" PRIx64 " is not page aligned (4K): memmap= and reserved-memory work in whole pages",
				e->mem_size, e->mem_address);
	used = w.paddr - w.phys;
	if (e->mem_size - used >= PAGE_SZ)
		add_warning(l, "0x%" PRIx64 " bytes at the end of the region are not used by any zone",
				e->mem_size - used);
	if (l->oom)
		return pstore_err_oom(ctx);

	*ret = TAKE_PTR(l);
	return 0;
}

_public_ int pstore_layout_compute(struct pstore_ctx *ctx, const struct pstore_layout_params *p,
				   struct pstore_layout **ret)
{
	return pstore_layout_compute_for(ctx, p, 0, ret);
}
