/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * The check engine behind `pstorectl check`: everything that must hold for a crash to
 * leave records — kernel configuration, the ramoops module, the live system — as a list
 * of findings {id, section, status, value, detail, hint, action}. No printing here.
 * This file: the findings object, what is gathered once, the region checks (iomem,
 * cmdline) and the order of the sections; the sections are lib/check-*.c (lib/check.h).
 */
#include <ctype.h>
#include <inttypes.h>
#include <stdarg.h>

#include "check.h"
#include "dt.h"
#include "cmdline.h"
#include "memmap.h"
#include "strtab.h"

/* ---- findings ---- */

struct item {
	struct pstore_check pub; /* first: pstore_check_get_reload() finds the item by it */
	char *id, *value, *detail, *hint;
	struct check_reload reload[CHECK_RELOAD_MAX];
	size_t nreload;
};

struct pstore_checks {
	struct item *v;
	size_t n, cap;
	bool oom;
};

static const char status_names[][5] = {
	[PSTORE_CHECK_OK] = "ok",
	[PSTORE_CHECK_WARN] = "warn",
	[PSTORE_CHECK_FAIL] = "fail",
	[PSTORE_CHECK_SKIP] = "skip",
};

_public_ const char *pstore_check_status_to_string(enum pstore_check_status s)
{
	return STRTAB_NAME(status_names, s);
}

_public_ int pstore_check_status_from_string(const char *s)
{
	return STRTAB_VALUE(status_names, s);
}

_public_ void pstore_checks_free(struct pstore_checks *c)
{
	if (!c)
		return;
	for (size_t i = 0; i < c->n; i++) {
		free(c->v[i].id);
		free(c->v[i].value);
		free(c->v[i].detail);
		free(c->v[i].hint);
	}
	free(c->v);
	free(c);
}

_public_ size_t pstore_checks_count(const struct pstore_checks *c)
{
	return c ? c->n : 0;
}

_public_ const struct pstore_check *pstore_checks_get(const struct pstore_checks *c, size_t i)
{
	return c && i < c->n ? &c->v[i].pub : NULL;
}

_public_ const struct pstore_check *pstore_checks_find(const struct pstore_checks *c,
						      const char *id)
{
	for (size_t i = 0; c && id && i < c->n; i++)
		if (streq(c->v[i].id, id))
			return &c->v[i].pub;
	return NULL;
}

_public_ size_t pstore_checks_count_status(const struct pstore_checks *c,
					   enum pstore_check_status s)
{
	size_t k = 0;

	for (size_t i = 0; c && i < c->n; i++)
		k += c->v[i].pub.status == s;
	return k;
}

static char *vfmt(const char *fmt, va_list ap) _printf_(1, 0);
static char *vfmt(const char *fmt, va_list ap)
{
	char *s = NULL;

	if (!fmt)
		return strdup("");
	if (vasprintf(&s, fmt, ap) < 0)
		return NULL;
	return s;
}

void check_vadd(struct pstore_checks *c, const char *id, enum pstore_check_status st,
		const char *value, const char *action, const char *hint,
		const char *detail_fmt, va_list ap)
{
	static const char sections[][8] = { "config", "module", "runtime" };
	struct item *it;
	const char *section = "";

	if (c->oom)
		return;
	for (size_t i = 0; i < ARRAY_SIZE(sections); i++)
		if (strncmp(id, sections[i], strlen(sections[i])) == 0 &&
		    id[strlen(sections[i])] == '.')
			section = sections[i];
	if (c->n == c->cap) {
		size_t cap = c->cap ? c->cap * 2 : 32;
		struct item *nv = realloc(c->v, cap * sizeof(*nv));

		if (!nv) {
			c->oom = true;
			return;
		}
		c->v = nv;
		c->cap = cap;
	}
	it = &c->v[c->n];
	memset(it, 0, sizeof(*it));
	it->id = strdup(id);
	it->value = strdup(value ? value : "");
	it->hint = strdup(st == PSTORE_CHECK_OK || !hint ? "" : hint);
	it->detail = vfmt(detail_fmt, ap);
	if (!it->id || !it->value || !it->hint || !it->detail) {
		free(it->id);
		free(it->value);
		free(it->hint);
		free(it->detail);
		c->oom = true;
		return;
	}
	it->pub = (struct pstore_check){ .struct_size = sizeof(it->pub),
					 .id = it->id, .section = section, .status = st,
					 .value = it->value, .detail = it->detail,
					 .hint = it->hint,
					 .action = st == PSTORE_CHECK_OK || !action ? "" : action };
	c->n++;
}

void check_oom(struct pstore_checks *c)
{
	c->oom = true;
}

void check_set_reload(struct pstore_checks *c, const struct check_reload *r, size_t n)
{
	struct item *it;

	if (c->oom || !c->n)
		return;
	it = &c->v[c->n - 1];
	it->nreload = n < CHECK_RELOAD_MAX ? n : CHECK_RELOAD_MAX;
	memcpy(it->reload, r, it->nreload * sizeof(*r));
}

_public_ int pstore_check_get_reload(const struct pstore_check *c, size_t i,
				     const char **ret_param, uint64_t *ret_value)
{
	const struct item *it = (const struct item *)c;

	if (!c || !streq(c->action, PSTORE_CHECK_ACTION_RELOAD) || i >= it->nreload)
		return 0;
	if (ret_param)
		*ret_param = it->reload[i].param;
	if (ret_value)
		*ret_value = it->reload[i].value;
	return 1;
}

/* ---- the state ---- */

static void state_free(struct state *s)
{
	free(s->release);
	pstore_kconfig_free(s->kc);
	free(s->kc_error);
	free(s->kc_tried);
	pstore_module_free(s->mod);
	free(s->mod_error);
	free(s->params_error);
	free(s->backend);
	free(s->cmdline);
	pstore_dt_node_list_free(s->dt, s->ndt > 0 ? (size_t)s->ndt : 0);
}

bool sys_path_exists(struct state *s, const char *path)
{
	struct stat st;

	return pstore_stat_sys(s->ctx, path, &st) == 0;
}

char *read_trimmed(struct state *s, const char *path)
{
	char *buf = NULL;
	size_t len;

	if (pstore_read_sysfile(s->ctx, path, &buf, &len) < 0) {
		pstore_clear_error(s->ctx);
		return NULL;
	}
	while (len > 0 && isspace((unsigned char)buf[len - 1]))
		buf[--len] = '\0';
	return buf;
}

const char *errmsg_or(struct state *s, int r)
{
	const char *m = pstore_errmsg(s->ctx);

	return m ? m : strerror(-r);
}

/* ---- gathering ---- */

static void gather(struct state *s, const struct pstore_check_opts *opts)
{
	int r;

	if (!opts->config) {
		r = pstore_kconfig_read(s->ctx, NULL, s->release, &s->kc);
		if (r == -ENOENT)
			s->kc_tried = strdup(errmsg_or(s, r));
		else if (r < 0)
			s->kc_error = strdup(errmsg_or(s, r));
		pstore_clear_error(s->ctx);
	}

	r = pstore_module_lookup(s->ctx, "ramoops", s->release, &s->mod);
	if (r < 0) {
		s->mod_error = strdup(errmsg_or(s, r));
		s->mod_err = r;
	}
	pstore_clear_error(s->ctx);

	r = pstore_ramoops_params_read(s->ctx, &s->params);
	if (r == 0)
		s->have_params = true;
	else if (r != -ENOENT) {
		s->params_error = strdup(errmsg_or(s, r));
		s->params_err = r;
	}
	pstore_clear_error(s->ctx);

	s->have_sys = sys_path_exists(s, "/sys/module");
	s->backend = read_trimmed(s, "/sys/module/pstore/parameters/backend");
	s->cmdline = read_trimmed(s, "/proc/cmdline");

	s->ndt = pstore_dt_find_ramoops_live(s->ctx, &s->dt);
	pstore_clear_error(s->ctx);
	/*
	 * ram.c's probe writes the values it used back to the module's parameters, but not
	 * ecc and mem_type: when the loaded ramoops runs on the device-tree node (same reg),
	 * those two are the node's, whatever /sys/module/ramoops/parameters says.
	 */
	if (s->have_params && s->ndt == 1 && s->params.mem_size == s->dt[0]->size &&
	    s->params.mem_address == s->dt[0]->address) {
		s->params.ecc = s->dt[0]->has_ecc_size ? (int64_t)s->dt[0]->ecc_size : 0;
		s->params.mem_type = s->dt[0]->has_mem_type ? (int64_t)s->dt[0]->mem_type :
				     s->dt[0]->unbuffered ? 1 : 0;
	}

	if (s->have_params && s->params.mem_size > 0) {
		s->have_region = true;
		s->region_addr = s->params.mem_address;
		s->region_size = s->params.mem_size;
		s->region_from = "the loaded ramoops";
	} else if (s->ndt > 0) {
		s->have_region = true;
		s->region_addr = s->dt[0]->address;
		s->region_size = s->dt[0]->size;
		s->region_from = "the device-tree node";
	} else if (s->cmdline) {
		_cleanup_free_ char *a = cmdline_get(s->cmdline, "ramoops.mem_address");
		_cleanup_free_ char *z = cmdline_get(s->cmdline, "ramoops.mem_size");
		if (a && z && kstrtou64(a, &s->region_addr) && kstrtou64(z, &s->region_size) &&
		    s->region_size > 0) {
			s->have_region = true;
			s->region_from = "the kernel command line";
		}
	}
}

/* ---- the region: runtime.iomem, runtime.cmdline ---- */

static bool reserving_name(const char *name)
{
	return streq(name, "Reserved") || streq(name, "reserved") ||
	       strncmp(name, "Persistent Memory", 17) == 0 || strncmp(name, "ramoops", 7) == 0;
}

/* memmap=SIZE$ADDR or memmap=SIZE!ADDR on the command line covering [a, a+z). */
static bool cmdline_reserves(const char *cmdline, uint64_t a, uint64_t z)
{
	const char *pos = NULL;
	struct memmap_item it;

	while (memmap_next(cmdline, &pos, &it))
		if ((it.type == '$' || it.type == '!') && it.addr <= a && a - it.addr <= it.size &&
		    z <= it.size - (a - it.addr))
			return true;
	return false;
}

enum region_kind {
	REGION_RESERVED,
	REGION_RAMOOPS_ZONES,
	REGION_HOLE_MEMMAP,
	REGION_RAM,
	REGION_PARTLY,
	REGION_NOWHERE
};

static bool ramoops_zone_name(const char *name)
{
	return streq(name, "ramoops") || strncmp(name, "ramoops:", 8) == 0;
}

static int cmp_entry_start(const void *x, const void *y)
{
	const struct pstore_iomem_entry *a = *(const struct pstore_iomem_entry *const *)x;
	const struct pstore_iomem_entry *b = *(const struct pstore_iomem_entry *const *)y;

	return a->start < b->start ? -1 : a->start > b->start;
}

/*
 * A region outside System RAM is mapped by ramoops with ioremap after request_mem_region,
 * one request per zone ("ramoops:dmesg(0/N)", "ramoops:console", ...): there is no
 * "reserved" line, the zones are what holds it. True when every /proc/iomem entry over
 * [a, last] is such a zone inside it and they cover it, leaving out at most gaps smaller
 * than a zone (the remainders of ramoops' divisions of the region); *nzones counts them.
 */
static bool ramoops_zones_cover(const struct pstore_iomem *io, uint64_t a, uint64_t last,
				size_t *nzones)
{
	_cleanup_free_ const struct pstore_iomem_entry **z = NULL;
	size_t n = 0, cap = pstore_iomem_count(io);
	uint64_t smallest = UINT64_MAX, pos = a, gap = 0;

	if (cap == 0 || !(z = calloc(cap, sizeof(*z))))
		return false;
	for (size_t i = 0; i < cap; i++) {
		const struct pstore_iomem_entry *e = pstore_iomem_get(io, i);

		if (e->end < a || e->start > last)
			continue;
		if (!ramoops_zone_name(e->name) || e->start < a || e->end > last)
			return false;
		z[n++] = e;
		if (e->end - e->start < smallest)
			smallest = e->end - e->start; /* size - 1 */
	}
	if (n == 0)
		return false;
	qsort(z, n, sizeof(*z), cmp_entry_start);
	for (size_t i = 0; i < n; i++) {
		if (z[i]->start < pos) /* overlapping zones: not what ramoops requests */
			return false;
		gap = z[i]->start - pos;
		if (gap > smallest)
			return false;
		pos = z[i]->end + 1;
	}
	/* pos wraps to 0 when the last zone ends at 2^64 - 1, which is then last too */
	if (pos != 0 && last - pos + 1 > smallest)
		return false;
	*nzones = n;
	return true;
}

/*
 * Where [a, a+z) lies in /proc/iomem; *where gets the entry that decided it (or NULL).
 * The memory map's rule (lib/memmap.c) asked the other way round: System RAM entries are
 * the RAM, reserving entries the busy ranges, and a region one of them holds is reserved.
 */
static enum region_kind region_classify(const struct pstore_iomem *io, const char *cmdline,
					uint64_t a, uint64_t z,
					const struct pstore_iomem_entry **where, size_t *nzones)
{
	struct memmap_where w;

	memmap_where_init(&w, a, a + z - 1);
	for (size_t i = 0; i < pstore_iomem_count(io); i++) {
		const struct pstore_iomem_entry *e = pstore_iomem_get(io, i);

		if (reserving_name(e->name))
			memmap_where_busy(&w, e->start, e->end, i);
		else if (streq(e->name, "System RAM"))
			memmap_where_ram(&w, e->start, e->end, i);
	}
	*where = w.busy_whole >= 0 ? pstore_iomem_get(io, (size_t)w.busy_whole) :
		 w.ram_last >= 0 ? pstore_iomem_get(io, (size_t)w.ram_last) :
		 w.nbusy ? pstore_iomem_get(io, (size_t)w.busy_last) : NULL;
	if (w.busy_whole >= 0)
		return REGION_RESERVED;
	if (w.ram_last >= 0)
		return REGION_RAM;
	if (w.nbusy && ramoops_zones_cover(io, a, a + z - 1, nzones))
		return REGION_RAMOOPS_ZONES;
	if (w.nbusy)
		return REGION_PARTLY;
	if (cmdline && cmdline_reserves(cmdline, a, z))
		return REGION_HOLE_MEMMAP;
	return REGION_NOWHERE;
}

/*
 * Linux 6.12: ramoops.mem_name=LABEL takes the region of reserve_mem=SIZE:ALIGN:LABEL. That
 * memory is memblock-reserved, which x86 does not show in /proc/iomem: it stays inside
 * "System RAM" there. True when such a pair of the command line gives a region of size @z.
 */
static bool reserve_mem_covers(struct state *s, uint64_t z)
{
	_cleanup_free_ char *label = NULL;
	const char *p;

	if (!s->cmdline)
		return false;
	label = cmdline_get(s->cmdline, "ramoops.mem_name");
	if (!label)
		label = read_trimmed(s, "/sys/module/ramoops/parameters/mem_name");
	if (!label || !*label || streq(label, "(null)"))
		return false;
	for (p = s->cmdline; (p = strstr(p, "reserve_mem=")); p += 12) {
		const char *q, *l;
		uint64_t size, align;
		size_t n = strlen(label);

		if (p != s->cmdline && !isspace((unsigned char)p[-1]))
			continue;
		q = memparse(p + 12, &size);
		if (!q || *q != ':' || !(q = memparse(q + 1, &align)) || *q != ':')
			continue;
		l = q + 1;
		if (strncmp(l, label, n) == 0 && (!l[n] || isspace((unsigned char)l[n])) &&
		    size == z)
			return true;
	}
	return false;
}

static void check_iomem(struct state *s)
{
	struct pstore_iomem *io = NULL;
	const struct pstore_iomem_entry *e;
	char value[64];
	uint64_t a = s->region_addr, z = s->region_size;
	size_t nzones = 0;
	int r;

	if (!s->have_region) {
		add(s->c, "runtime.iomem", PSTORE_CHECK_SKIP, "", NULL,
		    "no ramoops region known (not loaded, no device-tree node, no ramoops.mem_address=)");
		return;
	}
	snprintf(value, sizeof(value), "0x%" PRIx64 "@0x%" PRIx64, z, a);
	if (a + z - 1 < a) {
		add(s->c, "runtime.iomem", PSTORE_CHECK_FAIL, value, "fix mem_address/mem_size",
		    "the region from %s wraps around the address space", s->region_from);
		return;
	}
	r = pstore_iomem_read(s->ctx, NULL, &io);
	if (r < 0) {
		add(s->c, "runtime.iomem", PSTORE_CHECK_SKIP, value,
		    r == -EPERM ? "run as root" : NULL, "%s", errmsg_or(s, r));
		pstore_clear_error(s->ctx);
		return;
	}
	switch (region_classify(io, s->cmdline, a, z, &e, &nzones)) {
	case REGION_RESERVED:
		add(s->c, "runtime.iomem", PSTORE_CHECK_OK, value, NULL,
		    "the region of %s is reserved (%" PRIx64 "-%" PRIx64 " : %s)", s->region_from,
		    e->start, e->end, e->name);
		break;
	case REGION_RAMOOPS_ZONES:
		add(s->c, "runtime.iomem", PSTORE_CHECK_OK, value, NULL,
		    "the region of %s is in use by ramoops: outside System RAM, /proc/iomem lists its %zu zone%s there (the last %" PRIx64 "-%" PRIx64 " : %s)",
		    s->region_from, nzones, nzones == 1 ? "" : "s", e->start, e->end, e->name);
		break;
	case REGION_HOLE_MEMMAP:
		add(s->c, "runtime.iomem", PSTORE_CHECK_OK, value, NULL,
		    "the region of %s is a hole in the memory map, taken out of System RAM by memmap=",
		    s->region_from);
		break;
	case REGION_RAM:
		if (reserve_mem_covers(s, z)) {
			add(s->c, "runtime.iomem", PSTORE_CHECK_OK, value, NULL,
			    "the region of %s is reserve_mem= memory named by ramoops.mem_name= (memblock-reserved: /proc/iomem shows System RAM; the place may move between boots)",
			    s->region_from);
			break;
		}
		/* fall through */
	case REGION_PARTLY:
		add_act(s->c, "runtime.iomem", PSTORE_CHECK_FAIL, value, PSTORE_CHECK_ACTION_PLAN,
		    "reserve it at boot: memmap=SIZE$ADDR on the kernel command line (x86; in GRUB write \\$), or a /reserved-memory node",
		    "the region of %s is %s (%" PRIx64 "-%" PRIx64 " : %s): the kernel reuses it, records get overwritten",
		    s->region_from,
		    streq(e->name, "System RAM") ? "unreserved System RAM" : "only partly reserved",
		    e->start, e->end, e->name);
		break;
	case REGION_NOWHERE:
		add(s->c, "runtime.iomem", PSTORE_CHECK_WARN, value,
		    "check the address: ramoops needs RAM that keeps its content across a reset",
		    "the region of %s is neither System RAM nor reserved in /proc/iomem: is there memory at this address?",
		    s->region_from);
		break;
	}
	pstore_iomem_free(io);
}

_public_ int pstore_check_region(struct pstore_ctx *ctx, uint64_t address, uint64_t size)
{
	_cleanup_free_ char *cmdline = NULL;
	const struct pstore_iomem_entry *e;
	struct pstore_iomem *io = NULL;
	enum region_kind k;
	size_t len, nzones = 0;
	int r;

	if (size == 0 || address + size - 1 < address)
		return pstore_err(ctx, -EINVAL, "0x%" PRIx64 "@0x%" PRIx64 ": not a valid region",
				  size, address);
	r = pstore_iomem_read(ctx, NULL, &io);
	if (r < 0)
		return r;
	if (pstore_read_sysfile(ctx, "/proc/cmdline", &cmdline, &len) < 0) {
		pstore_clear_error(ctx);
		cmdline = NULL;
	}
	k = region_classify(io, cmdline, address, size, &e, &nzones);
	switch (k) {
	case REGION_RESERVED:
	case REGION_RAMOOPS_ZONES:
	case REGION_HOLE_MEMMAP:
		r = 0;
		break;
	case REGION_RAM:
	case REGION_PARTLY:
		r = pstore_err(ctx, -EBUSY,
			       "0x%" PRIx64 "@0x%" PRIx64 ": %s (/proc/iomem %" PRIx64 "-%" PRIx64 " : %s): reserve it at boot with memmap=0x%" PRIx64 "$0x%" PRIx64 " or a /reserved-memory node",
			       size, address,
			       k == REGION_RAM ? "not reserved, the kernel uses this RAM" :
						 "only partly reserved",
			       e->start, e->end, e->name, size, address);
		break;
	case REGION_NOWHERE:
		r = pstore_err(ctx, -ENXIO,
			       "0x%" PRIx64 "@0x%" PRIx64 ": neither System RAM nor reserved in /proc/iomem: no memory there?",
			       size, address);
		break;
	}
	pstore_iomem_free(io);
	return r;
}

static void check_cmdline(struct state *s)
{
	char value[512] = "";
	const char *p;
	bool bad_memmap = false;
	char bad[64] = "";
	bool stop = false;
	_cleanup_free_ char *ma = NULL, *ms = NULL;

	if (!s->cmdline) {
		add(s->c, "runtime.cmdline", PSTORE_CHECK_SKIP, "", NULL, "no /proc/cmdline");
		return;
	}
	/* Collect the words that matter, for the value. */
	for (p = s->cmdline; *p;) {
		const char *w, *e;
		size_t l;

		while (*p == ' ' || *p == '\t' || *p == '\n')
			p++;
		w = p;
		for (e = p; *e && *e != ' ' && *e != '\t' && *e != '\n'; e++)
			;
		p = e;
		if (e == w)
			break;
		if (!(strncmp(w, "memmap=", 7) == 0 || strncmp(w, "ramoops.", 8) == 0 ||
		      strncmp(w, "pstore.", 7) == 0 || strncmp(w, "efi_pstore.", 11) == 0 ||
		      strncmp(w, "reserve_mem=", 12) == 0 ||
		      strncmp(w, "crash_kexec_post_notifiers", 26) == 0 ||
		      strncmp(w, "printk.always_kmsg_dump", 23) == 0))
			continue;
		l = strlen(value);
		snprintf(value + l, sizeof(value) - l, "%s%.*s", l ? " " : "", (int)(e - w), w);
	}
	{
		const char *pos = NULL;
		struct memmap_item it;

		/* "memmap=1M" alone limits RAM to 1M: a boot loader ate "$ADDR". So does any
		 * character but @ # $ ! % after the size, e.g. a GRUB escape left in (1M\$...). */
		while (!bad_memmap && memmap_next(s->cmdline, &pos, &it))
			if (it.type == 'L') {
				const char *q = memparse(it.text, &it.size);

				bad_memmap = true;
				stop = q && q < it.text + it.len;
				snprintf(bad, sizeof(bad), "memmap=%.*s", it.len, it.text);
			}
	}
	if (bad_memmap) {
		add(s->c, "runtime.cmdline", PSTORE_CHECK_FAIL, value,
		    "escape the dollar sign where the boot loader reads it (GRUB: memmap=1M\\\\\\$0x10000000 in /etc/default/grub), then update-grub",
		    "'%s' %s: the kernel reads it as a memory limit, not a reservation", bad,
		    stop ? "has a character after the size where @, #, $ or ! belongs (an escape left in?)" :
			   "has no $ADDRESS (the boot loader ate it)");
		return;
	}
	ma = cmdline_get(s->cmdline, "ramoops.mem_address");
	ms = cmdline_get(s->cmdline, "ramoops.mem_size");
	if ((ma && !ms) || (!ma && ms)) {
		add(s->c, "runtime.cmdline", PSTORE_CHECK_WARN, value,
		    "give both ramoops.mem_address= and ramoops.mem_size=",
		    "ramoops.%s= alone: ramoops uses module parameters only when mem_size is set",
		    ma ? "mem_address" : "mem_size");
		return;
	}
	if (ma && ms) {
		uint64_t a, z;

		if (!kstrtou64(ma, &a) || !kstrtou64(ms, &z)) {
			add(s->c, "runtime.cmdline", PSTORE_CHECK_FAIL, value,
			    "write them as plain numbers: ramoops.mem_address=0x10000000 ramoops.mem_size=0x100000",
			    "ramoops.mem_address=%s ramoops.mem_size=%s: the kernel refuses a module parameter that is not a plain number (no K/M/G suffix there), and ramoops gets no region",
			    ma, ms);
			return;
		}
		if (!cmdline_reserves(s->cmdline, a, z) && s->ndt <= 0)
			add(s->c, "runtime.cmdline", PSTORE_CHECK_WARN, value,
			    "add memmap=SIZE$ADDR for the same region (unless something else reserves it: see runtime.iomem)",
			    "ramoops.mem_address=%s is not reserved by a memmap= on the command line",
			    ma);
		else
			add(s->c, "runtime.cmdline", PSTORE_CHECK_OK, value, NULL,
			    "ramoops is configured on the command line, and memmap= reserves its region");
		return;
	}
	add(s->c, "runtime.cmdline", PSTORE_CHECK_OK, *value ? value : "(none)", NULL, "%s",
	    *value ? "no ramoops region on the command line" :
		     "no ramoops, pstore or memmap parameters: ramoops is configured elsewhere (device tree, modprobe options, options given when it is loaded)");
}

/* ---- all checks ---- */

_public_ int pstore_checks_run(struct pstore_ctx *ctx, const struct pstore_check_opts *opts,
			       struct pstore_checks **ret)
{
	static const struct pstore_check_opts no_opts =
		PSTORE_STRUCT_INIT(struct pstore_check_opts);
	struct state s = { .ctx = ctx, .ndt = -1,
			   .params = PSTORE_STRUCT_INIT(struct pstore_ramoops_params) };
	struct pstore_checks *c;
	int r;

	if (!ctx || !ret)
		return -EINVAL;
	if (!opts)
		opts = &no_opts;
	else if (!SIZED_OK(opts))
		return -EINVAL;
	c = calloc(1, sizeof(*c));
	if (!c)
		return -ENOMEM;
	s.c = c;
	if (opts->release) {
		if (!*opts->release || strchr(opts->release, '/')) {
			free(c);
			return pstore_err(ctx, -EINVAL, "kernel release '%s': not a directory name",
					  opts->release);
		}
		s.release = strdup(opts->release);
		r = s.release ? 0 : -ENOMEM;
	} else {
		r = pstore_kernel_release(ctx, &s.release);
	}
	if (r < 0) {
		free(c);
		return r;
	}
	if (opts->config) {
		r = pstore_kconfig_read(ctx, opts->config, NULL, &s.kc);
		if (r < 0) {
			state_free(&s);
			free(c);
			return r;
		}
	}
	gather(&s, opts);
	check_config(&s);
	check_module(&s);
	check_backend(&s);
	check_mount(&s);
	check_systemd_pstore(&s);
	check_pmsg(&s);
	check_iomem(&s);
	check_devicetree(&s);
	check_cmdline(&s);
	check_kdump(&s);
	check_reason(&s);
	state_free(&s);
	if (c->oom) {
		pstore_checks_free(c);
		return -ENOMEM;
	}
	*ret = c;
	return 0;
}
