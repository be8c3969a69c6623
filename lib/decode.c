// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * A ramoops region decoded from a memory image into the records the next boot's pstorefs
 * would show: zones in layout order (lib/prz.c), then the records in the order and form
 * of fs/pstore/ram.c ramoops_pstore_read() and platform.c (dmesg header stripped, payload
 * inflated, ECC notice appended) and inode.c (names, the ftrace seq_file rendering).
 */
#include <inttypes.h>
#include <sys/mman.h>

#include "image.h"
#include "strtab.h"

/* decompressed dmesg records larger than this are refused */
#define INFLATE_MAX (64u << 20)
#define FTRACE_REC 24u /* struct pstore_ftrace_record on 64-bit: ip, parent_ip, ts */

struct pstore_decode {
	struct pstore_ctx *ctx;
	struct pstore_layout_params params;
	struct pstore_zone_report *zones;
	struct pstore_zone *zone_copies; /* what zones[i].zone points to */
	struct prz *przs;
	char **problems; /* owned zone problem strings */
	size_t nzones;
	struct pstore_decoded_record *recs;
	size_t nrecs;
	int64_t mtime;
	char *path; /* the image's, for messages */
	/* the zones' old logs, one slot per zone with room for the ECC notice: the records
	 * of plain zones point into it (mmap'd: no copy per record, huge pages when the
	 * kernel gives them) */
	uint8_t *arena;
	size_t arena_size;
	uint64_t *slot; /* each zone's offset in the arena */
	/* a raw image file's region, mapped: zones are checked in place and the records of
	 * zones whose ring did not wrap point into it */
	struct image_map map;
};

/* a slot holds a zone's data bytes (fewer than the zone's size) and the notice */
#define SLOT_SIZE(zone_size) (((zone_size) + PSTORE_ECC_NOTICE_MAX + 1 + 63) & ~(uint64_t)63)

/* Does @p point into the arena or the mapping (not a malloc'd buffer)? */
static bool in_arena(const struct pstore_decode *d, const void *p)
{
	const uint8_t *b = p, *m = d->map.base;

	return (d->arena && b >= d->arena && b < d->arena + d->arena_size) ||
	       (m && b >= m && b < m + d->map.len);
}

static const char state_names[_PSTORE_ZONE_STATE_MAX][13] = {
	[PSTORE_ZONE_EMPTY] = "empty",
	[PSTORE_ZONE_VALID] = "valid",
	[PSTORE_ZONE_INVALID] = "invalid",
	[PSTORE_ZONE_NO_SIGNATURE] = "no-signature",
	[PSTORE_ZONE_NO_HEADER] = "no-header",
	[PSTORE_ZONE_UNREADABLE] = "unreadable",
};

_public_ const char *pstore_zone_state_to_string(enum pstore_zone_state s)
{
	return STRTAB_NAME(state_names, s);
}

_public_ int pstore_zone_state_from_string(const char *s)
{
	return STRTAB_VALUE(state_names, s);
}

_public_ const char *pstore_decode_get_path(const struct pstore_decode *d)
{
	return d ? d->path : NULL;
}

_public_ void pstore_decode_free(struct pstore_decode *d)
{
	if (!d)
		return;
	for (size_t i = 0; i < d->nzones; i++) {
		prz_done(&d->przs[i]);
		free(d->problems[i]);
	}
	for (size_t i = 0; i < d->nrecs; i++) {
		free((char *)d->recs[i].name);
		if (!in_arena(d, d->recs[i].data))
			free((void *)d->recs[i].data);
	}
	if (d->arena)
		munmap(d->arena, d->arena_size);
	image_unmap(&d->map);
	free(d->slot);
	free(d->recs);
	free(d->zones);
	free(d->zone_copies);
	free(d->przs);
	free(d->problems);
	free(d->path);
	pstore_unref(d->ctx);
	free(d);
}

_public_ size_t pstore_decode_zone_count(const struct pstore_decode *d)
{
	return d ? d->nzones : 0;
}

_public_ const struct pstore_zone_report *pstore_decode_get_zone(const struct pstore_decode *d,
								 size_t i)
{
	return d && i < d->nzones ? &d->zones[i] : NULL;
}

_public_ size_t pstore_decode_record_count(const struct pstore_decode *d)
{
	return d ? d->nrecs : 0;
}

_public_ const struct pstore_decoded_record *
pstore_decode_get_record(const struct pstore_decode *d, size_t i)
{
	return d && i < d->nrecs ? &d->recs[i] : NULL;
}

_public_ const struct pstore_layout_params *pstore_decode_get_params(const struct pstore_decode *d)
{
	return d ? &d->params : NULL;
}

_printf_(3, 4) static void set_problem(struct pstore_decode *d, size_t zi, const char *fmt, ...)
{
	va_list ap;
	char *s;

	if (d->problems[zi])
		return;
	va_start(ap, fmt);
	if (vasprintf(&s, fmt, ap) < 0)
		s = NULL;
	va_end(ap);
	d->problems[zi] = s;
	d->zones[zi].problem = s;
}

/* Appends a record: takes @data (malloc'd or in the arena, @len bytes). */
static int add_record(struct pstore_decode *d, enum pstore_type type, uint64_t id,
		      bool enc, uint8_t *data, size_t len, int64_t mtime, size_t zi)
{
	struct pstore_decoded_record *n;
	char *name;

	if (asprintf(&name, "%s-ramoops-%" PRIu64 "%s", pstore_type_to_string(type), id,
		     enc ? ".enc.z" : "") < 0) {
		if (!in_arena(d, data))
			free(data);
		return -ENOMEM;
	}
	n = reallocarray(d->recs, d->nrecs + 1, sizeof(*n));
	if (!n) {
		free(name);
		if (!in_arena(d, data))
			free(data);
		return -ENOMEM;
	}
	d->recs = n;
	d->recs[d->nrecs++] = (struct pstore_decoded_record){
		.struct_size = sizeof(struct pstore_decoded_record),
		.name = name, .type = type, .id = id, .data = data, .len = len,
		.mtime = mtime, .zone = zi,
	};
	d->zones[zi].record = name;
	return 0;
}

/* @a (@alen bytes, taken) followed by the ECC notice. */
static uint8_t *with_notice(uint8_t *a, size_t alen, const char *notice, size_t nlen,
			    size_t *ret_len)
{
	uint8_t *b = realloc(a, alen + nlen + 1);

	if (!b) {
		free(a);
		return NULL;
	}
	memcpy(b + alen, notice, nlen);
	*ret_len = alen + nlen;
	return b;
}

static uint8_t *dup_bytes(const void *p, size_t len)
{
	uint8_t *b = malloc(len ? len : 1);

	if (b && len)
		memcpy(b, p, len);
	return b;
}

/* The algorithms tried when the caller does not say which one the kernel used. */
static const enum pstore_compress try_order[] = {
	PSTORE_COMPRESS_DEFLATE, PSTORE_COMPRESS_ZSTD, PSTORE_COMPRESS_LZ4, PSTORE_COMPRESS_LZO,
};

static int inflate_payload(struct pstore_decode *d, int want, const uint8_t *in, size_t inlen,
			   uint8_t **out, size_t *outlen, int *used)
{
	int r = -EBADMSG;

	if (want >= 0) {
		r = codec_decompress(d->ctx, (enum pstore_compress)want, in, inlen, INFLATE_MAX,
				     out, outlen);
		*used = r == 0 ? want : -1;
		return r;
	}
	for (size_t i = 0; i < ARRAY_SIZE(try_order); i++) {
		struct pstore_dmesg_header h = PSTORE_STRUCT_INIT(struct pstore_dmesg_header);

		r = codec_decompress(d->ctx, try_order[i], in, inlen, INFLATE_MAX, out, outlen);
		if (r == -ENOMEM)
			return r;
		if (r < 0)
			continue;
		/* lz4 and lzo have no checksum: demand what pstore compressed, a dump */
		if (try_order[i] == PSTORE_COMPRESS_DEFLATE || try_order[i] == PSTORE_COMPRESS_ZSTD ||
		    pstore_dmesg_header_parse((const char *)*out, *outlen, &h) == 0) {
			*used = (int)try_order[i];
			return 0;
		}
		free(*out);
		*out = NULL;
		r = -EBADMSG;
	}
	pstore_clear_error(d->ctx);
	*used = -1;
	return r;
}

/* Returns 1 when the kernel would stop reading records here (a record of 0 bytes). */
static int dmesg_record(struct pstore_decode *d, size_t zi, int want)
{
	struct pstore_zone_report *z = &d->zones[zi];
	struct prz *p = &d->przs[zi];
	char notice[PSTORE_ECC_NOTICE_MAX];
	size_t hl, nl, plen, len;
	uint8_t *out = NULL, *data;
	int used = -1, r;

	hl = prz_kmsg_header(p->data, p->len, &z->sec, &z->usec, &z->compressed);
	if (!hl) {
		z->state = PSTORE_ZONE_NO_HEADER;
		set_problem(d, zi, "no \"====sec.usec\" header: the kernel discards the zone");
		return 0;
	}
	z->has_time = true;
	plen = p->len - hl;
	if (plen == 0) {
		set_problem(d, zi, "a header and nothing else: the kernel stops reading records here");
		return 1;
	}
	nl = prz_ecc_notice(d->params.ecc_size, p->corrected, p->bad_blocks, notice);
	if (z->compressed) {
		r = inflate_payload(d, want, p->data + hl, plen, &out, &len, &used);
		if (r == -ENOMEM)
			return r;
		if (r == 0) {
			z->compress = used;
			data = with_notice(out, len, notice, nl, &len);
			if (!data)
				return -ENOMEM;
			return add_record(d, PSTORE_TYPE_DMESG, z->zone->index, false, data, len,
					  z->sec, zi);
		}
		if (want >= 0)
			set_problem(d, zi, "%s cannot inflate the compressed payload: kept as .enc.z",
				    pstore_compress_to_string((enum pstore_compress)want));
		else
			set_problem(d, zi, "none of deflate, zstd, lz4, lzo inflates the compressed payload: kept as .enc.z");
	}
	if (in_arena(d, p->data)) {
		/* the slot has room for the notice after the log */
		data = p->data + hl;
		memcpy(data + plen, notice, nl);
		len = plen + nl;
		return add_record(d, PSTORE_TYPE_DMESG, z->zone->index, z->compressed, data, len,
				  z->sec, zi);
	}
	data = dup_bytes(p->data + hl, plen);
	if (!data)
		return -ENOMEM;
	data = with_notice(data, plen, notice, nl, &len);
	if (!data)
		return -ENOMEM;
	return add_record(d, PSTORE_TYPE_DMESG, z->zone->index, z->compressed, data, len, z->sec,
			  zi);
}

static int plain_record(struct pstore_decode *d, size_t zi, enum pstore_type type)
{
	struct prz *p = &d->przs[zi];
	char notice[PSTORE_ECC_NOTICE_MAX];
	size_t nl, len;
	uint8_t *data;

	nl = prz_ecc_notice(d->params.ecc_size, p->corrected, p->bad_blocks, notice);
	if (in_arena(d, p->data)) {
		memcpy(p->data + p->len, notice, nl);
		return add_record(d, type, 0, false, p->data, p->len + nl, d->mtime, zi);
	}
	data = dup_bytes(p->data, p->len);
	if (!data)
		return -ENOMEM;
	data = with_notice(data, p->len, notice, nl, &len);
	if (!data)
		return -ENOMEM;
	return add_record(d, type, 0, false, data, len, d->mtime, zi);
}

static uint64_t le64(const uint8_t *p)
{
	uint64_t v = 0;

	for (int i = 7; i >= 0; i--)
		v = v << 8 | p[i];
	return v;
}

/* pstore_ftrace_combine_log(): merge two logs of records by time stamp. */
static int ftrace_merge(uint8_t **dst, size_t *dlen, const uint8_t *src, size_t slen)
{
	size_t doff = *dlen % FTRACE_REC, soff = slen % FTRACE_REC;
	size_t dn = (*dlen - doff) / FTRACE_REC, sn = (slen - soff) / FTRACE_REC, i = 0, j = 0;
	const uint8_t *a = *dst + doff, *b = src + soff;
	uint8_t *m = malloc((dn + sn) * FTRACE_REC + 1), *o = m;

	if (!m)
		return -ENOMEM;
	while (i < dn && j < sn) {
		if ((le64(a + i * FTRACE_REC + 16) >> 8) < (le64(b + j * FTRACE_REC + 16) >> 8))
			memcpy(o, a + i++ * FTRACE_REC, FTRACE_REC);
		else
			memcpy(o, b + j++ * FTRACE_REC, FTRACE_REC);
		o += FTRACE_REC;
	}
	for (; i < dn; i++, o += FTRACE_REC)
		memcpy(o, a + i * FTRACE_REC, FTRACE_REC);
	for (; j < sn; j++, o += FTRACE_REC)
		memcpy(o, b + j * FTRACE_REC, FTRACE_REC);
	free(*dst);
	*dst = m;
	*dlen = (dn + sn) * FTRACE_REC;
	return 0;
}

/*
 * The ftrace record as pstorefs' seq_file shows it (inode.c pstore_ftrace_seq_show) for a
 * 64-bit kernel (the CPU in the low 8 bits of the time stamp). Symbols need the crashed
 * kernel's symbol table: they are shown as a kernel without kallsyms shows them.
 */
static int ftrace_record(struct pstore_decode *d, const size_t *zis, size_t n)
{
	uint8_t *log = NULL, *buf;
	size_t len = 0, total, nl;
	char notice[PSTORE_ECC_NOTICE_MAX];
	int corrected = 0, bad = 0, r;
	struct strbuf sb = { 0 };

	for (size_t k = 0; k < n; k++) {
		struct prz *p = &d->przs[zis[k]];

		corrected += p->corrected;
		bad += p->bad_blocks;
		if (n == 1) {
			log = dup_bytes(p->data, p->len);
			len = p->len;
			if (!log)
				return -ENOMEM;
		} else {
			r = ftrace_merge(&log, &len, p->data, p->len);
			if (r < 0) {
				free(log);
				return r;
			}
		}
	}
	if (!len) {
		free(log);
		return 0;
	}
	nl = prz_ecc_notice(d->params.ecc_size, corrected, bad, notice);
	buf = with_notice(log, len, notice, nl, &total);
	if (!buf)
		return -ENOMEM;
	for (size_t off = total % FTRACE_REC; off + FTRACE_REC <= total; off += FTRACE_REC) {
		uint64_t ip = le64(buf + off), parent = le64(buf + off + 8),
			 ts = le64(buf + off + 16);

		strbuf_printf(&sb, "CPU:%d ts:%" PRIu64 " %08" PRIx64 "  %08" PRIx64 "  0x%016" PRIx64 " <- 0x%016" PRIx64 "\n",
			      (int)(ts & 0xff), ts >> 8, ip, parent, ip, parent);
	}
	free(buf);
	if (strbuf_failed(&sb))
		return -ENOMEM;
	buf = (uint8_t *)strbuf_steal(&sb);
	if (!buf)
		buf = dup_bytes("", 0);
	if (!buf)
		return -ENOMEM;
	return add_record(d, PSTORE_TYPE_FTRACE, 0, false, buf, strlen((char *)buf), d->mtime,
			  zis[0]);
}

static bool all_zero(const uint8_t *b, size_t len)
{
	return len == 0 || (b[0] == 0 && memcmp(b, b + 1, len - 1) == 0);
}

static int decode_zones(struct pstore_decode *d, struct pstore_image *img,
			const struct pstore_layout *l, struct ecc *ecc)
{
	uint64_t maxsz = 0, lo = UINT64_MAX, hi = 0, zero_size = 0;
	struct prz zero_prz = { 0 }; /* what a zone of zero_size bytes of zeros decodes to */
	uint8_t *buf;
	int first_err = 0;
	size_t readable = 0, zeros = 0;

	for (size_t i = 0; i < d->nzones; i++) {
		const struct pstore_zone *zn = pstore_layout_get_zone(l, i);

		if (zn->size > maxsz)
			maxsz = zn->size;
		if (zn->start < lo)
			lo = zn->start;
		if (zn->start + zn->size > hi)
			hi = zn->start + zn->size;
	}
	/* a raw image file: the whole region mapped (else each zone read into buf) */
	if (hi > lo && hi - lo <= SIZE_MAX / 2 &&
	    image_map(img, lo, (size_t)(hi - lo), &d->map) < 0)
		image_unmap(&d->map);
	if (maxsz > SIZE_MAX / 2)
		return pstore_err(d->ctx, -EFBIG, "zones of 0x%" PRIx64 " bytes are too large",
				  maxsz);
	buf = malloc(maxsz ? (size_t)maxsz : 1);
	if (!buf)
		return pstore_err_oom(d->ctx);
	d->slot = calloc(d->nzones + 1, sizeof(*d->slot));
	if (!d->slot) {
		free(buf);
		return pstore_err_oom(d->ctx);
	}
	for (size_t i = 0; i < d->nzones; i++) {
		uint64_t sz = pstore_layout_get_zone(l, i)->size;

		d->slot[i] = d->arena_size;
		if (sz > SIZE_MAX / 4 || d->arena_size > SIZE_MAX / 4) {
			d->arena_size = 0;
			break;
		}
		d->arena_size += (size_t)SLOT_SIZE(sz);
	}
	if (d->arena_size) {
		/* untouched slots (zones that are not valid) cost nothing */
		void *a = mmap(NULL, d->arena_size, PROT_READ | PROT_WRITE,
			       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

		if (a == MAP_FAILED) {
			d->arena_size = 0; /* a malloc per zone then */
		} else {
			d->arena = a;
#ifdef MADV_HUGEPAGE
			if (d->arena_size >= (4u << 20))
				(void)madvise(a, d->arena_size, MADV_HUGEPAGE);
#endif
		}
	}
	for (size_t i = 0; i < d->nzones; i++) {
		const struct pstore_zone *zn = pstore_layout_get_zone(l, i);
		struct pstore_zone_report *z = &d->zones[i];
		struct prz *p = &d->przs[i];
		bool ftrace = zn->type == PSTORE_ZONE_FTRACE;
		int r;

		d->zone_copies[i] = *zn;
		z->struct_size = sizeof(*z);
		z->zone = &d->zone_copies[i];
		z->compress = -1;
		uint8_t *zb = d->map.p ? d->map.p + (zn->start - lo) : buf;
		/* (memory a vmcore does not hold is not zeros: its read fails, unreadable) */
		bool hole = !d->map.p && zn->size && pstore_image_get_kind(img) == PSTORE_IMAGE_RAW &&
			    image_data_next(img, zn->start) - zn->start >= zn->size;

		if (hole && zero_size == zn->size) {
			/* a hole of a sparse file again: zeros, decoded as the last one */
			readable++;
			*p = zero_prz;
			goto report;
		}
		if (hole)
			memset(buf, 0, (size_t)zn->size);
		r = d->map.p || hole ? 0 : image_read(img, zn->start, buf, (size_t)zn->size);
		if (r < 0) {
			z->state = PSTORE_ZONE_UNREADABLE;
			if (!first_err)
				first_err = r;
			set_problem(d, i, "%s", pstore_errmsg(d->ctx) ?: strerror(-r));
			continue;
		}
		readable++;
		if (pstore_image_get_kind(img) == PSTORE_IMAGE_DEVMEM &&
		    all_zero(zb, (size_t)zn->size))
			zeros++;
		prz_check(zb, zn->size, d->params.ecc_size, ecc, 0, ftrace, p);
		r = 0;
		if (p->state == PSTORE_ZONE_VALID && zb != buf && (p->start == 0 || p->start == p->size) &&
		    PSTORE_PRZ_HEADER_SIZE + (uint64_t)p->size + PSTORE_ECC_NOTICE_MAX + 1 <= zn->size) {
			/* the old log is the ring as it lies, with room after it for the notice */
			p->data = p->ring;
			p->len = p->size;
			p->borrowed = true;
		} else if (p->state == PSTORE_ZONE_VALID) {
			r = prz_unroll(p, d->arena ? d->arena + d->slot[i] : NULL);
		}
		if (r < 0) {
			free(buf);
			return pstore_err(d->ctx, r, "out of memory");
		}
		if (hole && p->state != PSTORE_ZONE_VALID) {
			zero_size = zn->size;
			zero_prz = *p;
		}
report:
		z->state = p->state;
		z->sig = p->sig;
		z->start = p->start;
		z->size = p->size;
		z->capacity = p->capacity;
		z->corrected = p->corrected;
		z->bad_blocks = p->bad_blocks;
		z->header_bad = p->header_bad;
		z->wrapped = p->state == PSTORE_ZONE_VALID && p->start < p->size;
		if (ftrace) {
			/* the sig is DBGC ^ LINUX_VERSION_CODE: a plausible version or nothing */
			uint32_t v = p->sig_xor;

			if (v == 0 || v > PSTORE_KERNEL_VERSION(9, 255, 255) || (v >> 16) < 2) {
				z->state = PSTORE_ZONE_NO_SIGNATURE;
				prz_done(p);
			} else {
				z->ftrace_version = v;
			}
		}
		if (z->state == PSTORE_ZONE_INVALID)
			set_problem(d, i, "header start %u / size %u do not fit the %" PRIu64 " data bytes: the kernel zaps the zone",
				    p->start, p->size, p->capacity);
		if (p->header_bad)
			set_problem(d, i, "uncorrectable error in the header");
	}
	free(buf);
	if (!readable)
		return first_err;
	if (zeros == readable)
		for (size_t i = 0; i < d->nzones; i++)
			set_problem(d, i, "the memory device reads as zeros: the kernel may hide this memory (CONFIG_STRICT_DEVMEM; boot with iomem=relaxed)");
	pstore_clear_error(d->ctx);
	return 0;
}

_public_ int pstore_decode_image(struct pstore_ctx *ctx, struct pstore_image *img,
				 const struct pstore_layout *l, const struct pstore_decode_opts *o,
				 struct pstore_decode **ret)
{
	struct pstore_decode *d;
	struct ecc *ecc = NULL;
	size_t *ftrace = NULL, nftrace = 0;
	int want = o ? o->compress : -1, r;
	uint64_t base;
	bool stop = false;

	if (!img || !l || !ret || (o && !SIZED_OK(o)))
		return -EINVAL;
	d = calloc(1, sizeof(*d));
	if (!d)
		return pstore_err_oom(ctx);
	d->ctx = pstore_ref(ctx);
	d->params = *pstore_layout_get_params(l);
	d->mtime = pstore_image_get_mtime(img);
	d->path = strdup(pstore_image_get_path(img));
	if (pstore_image_get_base(img, &base) == -ENODATA)
		pstore_image_set_base(img, d->params.mem_address);
	d->nzones = pstore_layout_zone_count(l);
	d->zones = calloc(d->nzones + 1, sizeof(*d->zones));
	d->zone_copies = calloc(d->nzones + 1, sizeof(*d->zone_copies));
	d->przs = calloc(d->nzones + 1, sizeof(*d->przs));
	d->problems = calloc(d->nzones + 1, sizeof(*d->problems));
	ftrace = calloc(d->nzones + 1, sizeof(*ftrace));
	if (!d->path || !d->zones || !d->zone_copies || !d->przs || !d->problems || !ftrace) {
		r = pstore_err_oom(ctx);
		goto err;
	}
	if (d->params.ecc_size) {
		r = ecc_new(ctx, d->params.ecc_size, &ecc);
		if (r < 0)
			goto err;
	}
	r = decode_zones(d, img, l, ecc);
	if (r < 0)
		goto err;

	/* ramoops_pstore_read(): dmesg zones, console, pmsg, then ftrace */
	for (size_t i = 0; i < d->nzones && !stop; i++) {
		if (d->zones[i].zone->type != PSTORE_ZONE_DMESG ||
		    d->zones[i].state != PSTORE_ZONE_VALID)
			continue;
		r = dmesg_record(d, i, want);
		if (r < 0)
			goto err;
		stop = r == 1;
	}
	for (int pass = 0; pass < 2 && !stop; pass++) {
		enum pstore_zone_type zt = pass == 0 ? PSTORE_ZONE_CONSOLE : PSTORE_ZONE_PMSG;

		for (size_t i = 0; i < d->nzones; i++) {
			if (d->zones[i].zone->type != zt || d->zones[i].state != PSTORE_ZONE_VALID)
				continue;
			r = plain_record(d, i, zt == PSTORE_ZONE_CONSOLE ? PSTORE_TYPE_CONSOLE
									 : PSTORE_TYPE_PMSG);
			if (r < 0)
				goto err;
		}
	}
	for (size_t i = 0; i < d->nzones && !stop; i++) {
		if (d->zones[i].zone->type != PSTORE_ZONE_FTRACE ||
		    d->zones[i].state != PSTORE_ZONE_VALID)
			continue;
		/* without the per-CPU flag only the first zone is read */
		if (!(d->params.flags & PSTORE_RAMOOPS_FLAG_FTRACE_PER_CPU) &&
		    d->zones[i].zone->index != 0)
			continue;
		ftrace[nftrace++] = i;
	}
	if (nftrace) {
		r = ftrace_record(d, ftrace, nftrace);
		if (r < 0)
			goto err;
	}
	ecc_free(ecc);
	free(ftrace);
	*ret = d;
	return 0;
err:
	ecc_free(ecc);
	free(ftrace);
	pstore_decode_free(d);
	if (r == -ENOMEM)
		pstore_err(ctx, r, "out of memory");
	return r;
}
