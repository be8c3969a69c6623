// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Finding a ramoops layout in memory without being told: persistent RAM zone headers
 * ("DBGC", or DBGC ^ LINUX_VERSION_CODE for ftrace) mark where zones start; their spacing
 * gives the sizes, the header parity the ECC size, the content and the kernel's zone
 * order (dmesg..., console, pmsg and ftrace) the kinds. Every inference is noted with
 * how sure it is.
 */
#include <inttypes.h>
#include <stdarg.h>

#include "image.h"
#include "strtab.h"

#define CHUNK (1u << 20)
#define PAGE 4096u
#define MAX_HEADERS (1u << 20)

struct pstore_scan {
	struct pstore_layout_params params;
	unsigned kernel_version;
	enum pstore_scan_confidence confidence;
	size_t nheaders;
	char **notes;
	size_t nnotes;
};

static const char conf_names[][8] = {
	[PSTORE_SCAN_NONE] = "none",
	[PSTORE_SCAN_GUESS] = "guess",
	[PSTORE_SCAN_LIKELY] = "likely",
	[PSTORE_SCAN_CERTAIN] = "certain",
};

_public_ const char *pstore_scan_confidence_to_string(enum pstore_scan_confidence c)
{
	return STRTAB_NAME(conf_names, c);
}

_public_ void pstore_scan_free(struct pstore_scan *s)
{
	if (!s)
		return;
	for (size_t i = 0; i < s->nnotes; i++)
		free(s->notes[i]);
	free(s->notes);
	free(s);
}

_public_ const struct pstore_layout_params *pstore_scan_get_params(const struct pstore_scan *s)
{
	return &s->params;
}

_public_ unsigned pstore_scan_get_kernel_version(const struct pstore_scan *s)
{
	return s->kernel_version;
}

_public_ enum pstore_scan_confidence pstore_scan_get_confidence(const struct pstore_scan *s)
{
	return s->confidence;
}

_public_ size_t pstore_scan_header_count(const struct pstore_scan *s)
{
	return s->nheaders;
}

_public_ size_t pstore_scan_note_count(const struct pstore_scan *s)
{
	return s->nnotes;
}

_public_ const char *pstore_scan_get_note(const struct pstore_scan *s, size_t i)
{
	return i < s->nnotes ? s->notes[i] : NULL;
}

_printf_(2, 3) static void note(struct pstore_scan *s, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	(void)pstore_strv_vappendf(&s->notes, &s->nnotes, fmt, ap); /* a lost note is no error */
	va_end(ap);
}

static uint32_t le32(const uint8_t *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static uint64_t rounddown_pow2(uint64_t v)
{
	return v ? UINT64_C(1) << (63 - __builtin_clzll(v)) : 0;
}

static uint64_t roundup_pow2(uint64_t v)
{
	return v <= 1 ? 1 : UINT64_C(1) << (64 - __builtin_clzll(v - 1));
}

/* A zone header found: where, and what its first bytes say. */
struct hdr {
	uint64_t off; /* from the region start */
	uint32_t start, size;
	bool dmesg, text; /* its log starts with "====", or with other data */
};

/* Reads what it can of [addr, addr+len); holes (vmcore pages not dumped) read as zeros. */
static void read_soft(struct pstore_image *img, uint64_t addr, uint8_t *buf, size_t len,
		      bool *any)
{
	for (size_t off = 0; off < len; off += PAGE) {
		size_t n = len - off < PAGE ? len - off : PAGE;

		if (image_read(img, addr + off, buf + off, n) < 0)
			memset(buf + off, 0, n);
		else
			*any = true;
	}
}

static bool ftrace_sig(const uint8_t *p)
{
	uint32_t v = le32(p) ^ PRZ_SIG;

	return v != 0 && (v >> 16) >= 2 && (v >> 16) <= 9;
}

/* How many equal ftrace zones fill [@addr, @addr + @area): the most whose every start
 * holds an ftrace signature (per-CPU zones), 0 when the first does not. */
static unsigned count_ftrace(struct pstore_ctx *ctx, struct pstore_image *img, uint64_t addr,
			     uint64_t area)
{
	unsigned best = 0;

	for (unsigned c = 1; c <= 256; c++) {
		uint64_t z = (area / c) & ~(uint64_t)1;
		bool all = true;

		if (z < PSTORE_PRZ_HEADER_SIZE)
			break;
		for (unsigned i = 0; i < c && all; i++) {
			uint8_t sig[4];

			all = image_read(img, addr + i * z, sig, 4) == 0 && ftrace_sig(sig);
		}
		if (all)
			best = c;
		else if (c == 1)
			break;
	}
	pstore_clear_error(ctx);
	return best;
}

/*
 * The ECC size search. A zone's header parity is its last ecc_size bytes (after the log
 * and the block parity), so one read of the header and of the zone's last 242 bytes
 * serves every size. A header with its parity is a shortened Reed-Solomon code word w of
 * 12 + ecc symbols; its syndromes S_i = sum_k w[k] alpha^(i (n-1-k)) (fcr 0, prim 1) are
 * all zero for a code word, and S_(i+1) = X S_i (X the error's locator) for one wrong
 * symbol. The parity bytes being the tail's last ones, S_i grows with ecc one tail byte at
 * a time: S_i(ecc) = P_i(ecc) + alpha^(i ecc) H_i, P_i the tail read backwards, H_i the
 * header's part. So the first SYN syndromes of every size cost a few table look-ups per
 * size, and only a size they do not rule out goes to libfec's decoder, which decides as
 * before.
 */
#define SYN 4u
#define ECC_MAX (ECC_NN - PSTORE_PRZ_HEADER_SIZE - 1) /* 242 */

struct gf {
	uint8_t exp[2 * ECC_NN], log[ECC_NN + 1];
};

static void gf_init(struct gf *g)
{
	unsigned x = 1;

	for (unsigned i = 0; i < ECC_NN; i++) {
		g->exp[i] = g->exp[i + ECC_NN] = (uint8_t)x;
		g->log[x] = (uint8_t)i;
		x <<= 1;
		if (x & 0x100)
			x ^= ECC_GFPOLY;
	}
	g->log[0] = 0; /* never used: zero is tested first */
}

/* a * alpha^p */
static uint8_t gf_mulexp(const struct gf *g, uint8_t a, unsigned p)
{
	return a ? g->exp[g->log[a] + p % ECC_NN] : 0;
}

/* Whether ecc_size @ecc fits a zone of @zsz bytes as ram_core.c lays it out. */
static bool ecc_fits(uint32_t ecc, uint64_t zsz)
{
	uint64_t buf = zsz - PSTORE_PRZ_HEADER_SIZE, blocks;

	if (ecc < 2 || ecc > ECC_MAX || buf <= ecc)
		return false;
	blocks = (buf - ecc + PSTORE_ECC_BLOCK_SIZE + ecc - 1) / (PSTORE_ECC_BLOCK_SIZE + ecc);
	return (blocks + 1) * ecc < buf;
}

/* The ECC size whose header parity matches the zone at @addr (@zsz bytes), or 0. */
static uint32_t find_ecc(struct pstore_ctx *ctx, struct pstore_image *img, uint64_t addr,
			 uint64_t zsz, int *fixed)
{
	static const uint32_t first[] = { 16, 8, 32, 4, 2, 64, 128 };
	uint8_t hdr[PSTORE_PRZ_HEADER_SIZE], tail[ECC_MAX], h[SYN], p[SYN] = { 0 };
	bool maybe[ECC_MAX + 1] = { false };
	size_t tlen;
	struct gf g;

	*fixed = -1;
	if (zsz <= PSTORE_PRZ_HEADER_SIZE + 2)
		return 0;
	tlen = ECC_MAX;
	if (zsz - PSTORE_PRZ_HEADER_SIZE < tlen)
		tlen = (size_t)(zsz - PSTORE_PRZ_HEADER_SIZE);
	if (image_read(img, addr, hdr, sizeof(hdr)) < 0 ||
	    image_read(img, addr + zsz - tlen, tail, tlen) < 0) {
		pstore_clear_error(ctx);
		return 0;
	}
	gf_init(&g);
	/* H_i: the header as a polynomial at alpha^i, its last byte of degree 0 */
	for (unsigned i = 0; i < SYN; i++) {
		h[i] = 0;
		for (size_t k = 0; k < sizeof(hdr); k++)
			h[i] = gf_mulexp(&g, h[i], i) ^ hdr[k];
	}
	for (uint32_t ecc = 1; ecc <= tlen; ecc++) {
		uint8_t syn[SYN];
		bool zero = true, one = true;

		for (unsigned i = 0; i < SYN; i++) {
			p[i] ^= gf_mulexp(&g, tail[tlen - ecc], i * (ecc - 1));
			syn[i] = p[i] ^ gf_mulexp(&g, h[i], i * ecc);
			zero = zero && (syn[i] == 0 || i >= ecc);
			one = one && syn[i] != 0;
		}
		/* one wrong symbol: every S_i != 0, S_(i+1) / S_i the same for every i */
		for (unsigned i = 1; i + 1 < SYN && one; i++)
			one = (g.log[syn[i + 1]] + ECC_NN - g.log[syn[i]]) % ECC_NN ==
			      (g.log[syn[1]] + ECC_NN - g.log[syn[0]]) % ECC_NN;
		maybe[ecc] = zero || (one && ecc >= 8);
	}
	for (uint32_t k = 0; k < ARRAY_SIZE(first) + ECC_NN - 1; k++) {
		uint32_t ecc = k < ARRAY_SIZE(first) ? first[k] : k - (uint32_t)ARRAY_SIZE(first) + 1;
		uint8_t w[PSTORE_PRZ_HEADER_SIZE], par[ECC_MAX];
		struct ecc *e;
		int n;

		if (k >= ARRAY_SIZE(first) && (ecc == 16 || ecc == 8 || ecc == 32 || ecc == 4 ||
					       ecc == 2 || ecc == 64 || ecc == 128))
			continue;
		if (!ecc_fits(ecc, zsz) || !maybe[ecc])
			continue;
		if (ecc_new(ctx, ecc, &e) < 0) {
			pstore_clear_error(ctx);
			return 0;
		}
		/* libfec's decoder decides (a clean block needs no parity table) */
		ecc_set_fast(e, false);
		memcpy(w, hdr, sizeof(w));
		memcpy(par, tail + tlen - ecc, ecc);
		n = ecc_decode(e, w, sizeof(w), par);
		ecc_free(e);
		/* a clean code word by chance is 2^-8ecc; one corrected symbol is still telling */
		if (n == 0 || (n > 0 && n <= 1 && ecc >= 8)) {
			*fixed = n;
			return ecc;
		}
	}
	return 0;
}

/*
 * The size of the zone whose header is @off bytes into the region at @address when no
 * header follows it, the span searched ending @end bytes in. The kernel's zone sizes are
 * powers of two: when the rest of the span is one, the span is taken to end with this
 * zone. Otherwise the span goes on past the region (a vmcore, all of memory): with ECC,
 * a zone ends with its header's parity, so the zone is the smallest power of two, from
 * the one that holds the header and its log (@fill bytes) on, that ends with a parity
 * matching the header. Without, the zone is taken as the smallest power of two, at least
 * a page, that holds the header and the log (a full ring gives the zone's size exactly, a
 * partial one less but enough to read that log); *guessed is set and the guess noted.
 */
static uint64_t last_zone_size(struct pstore_ctx *ctx, struct pstore_image *img,
			       uint64_t address, struct pstore_scan *s, uint64_t off,
			       uint64_t end, uint32_t fill, bool *guessed)
{
	uint64_t rest = end - off, max = rounddown_pow2(rest), z;
	int fixed;

	if (rest == max)
		return rest;
	z = roundup_pow2((uint64_t)fill + PSTORE_PRZ_HEADER_SIZE);
	for (; z && z <= max; z <<= 1) {
		uint32_t ecc = find_ecc(ctx, img, address + off, z, &fixed);

		if (ecc) {
			note(s, "no zone header after the one at +0x%" PRIx64 " and the span goes on: its zone is 0x%" PRIx64 " bytes, where its header's parity (ECC %u) is",
			     off, z, ecc);
			return z;
		}
	}
	z = roundup_pow2((uint64_t)fill + PSTORE_PRZ_HEADER_SIZE);
	if (z < PAGE)
		z = PAGE;
	if (z > max)
		z = max;
	*guessed = true;
	note(s, "no zone header after the one at +0x%" PRIx64 " and the span goes on: its zone is taken as 0x%" PRIx64 " bytes",
	     off, z);
	return z;
}

_public_ int pstore_scan_image(struct pstore_ctx *ctx, struct pstore_image *img,
			       uint64_t address, uint64_t size, struct pstore_scan **ret)
{
	struct pstore_scan *s;
	struct hdr *h = NULL;
	size_t nh = 0, cap = 0, m, ndmesg, lo, hi;
	uint8_t *buf = NULL;
	uint64_t base, d, end, p;
	bool guessed = false, six_one = false;
	unsigned nftrace = 0;
	uint64_t ftrace_zone = 0, console = 0, pmsg = 0;
	uint32_t ecc;
	int fixed, r = 0, first_err = 0;
	bool any = false;

	if (!size)
		return pstore_err(ctx, -EINVAL, "nothing to scan: the region size is 0");
	if (pstore_image_get_base(img, &base) == -ENODATA)
		pstore_image_set_base(img, address);
	s = calloc(1, sizeof(*s));
	buf = malloc(size < CHUNK + 64 ? (size_t)size : CHUNK + 64); /* what a read takes */
	if (!s || !buf) {
		free(buf);
		pstore_scan_free(s);
		return pstore_err_oom(ctx);
	}
	pstore_layout_params_init(&s->params);
	s->params.defaults = 0;
	s->params.mem_address = address;
	s->params.mem_size = size;

	/* 1. every "DBGC" at an even offset, with a header that could be real */
	for (uint64_t off = 0; off < size; off += CHUNK) {
		size_t len = size - off < CHUNK + 64 ? (size_t)(size - off) : CHUNK + 64;
		size_t scan = len < CHUNK ? len : CHUNK;
		uint64_t next = image_data_next(img, address + off);

		if (next - address >= off + len) {
			/* all of it a hole of a sparse file (zeros, no header) or memory a
			 * vmcore does not hold (unreadable: its read error is kept); on to
			 * the data */
			if (pstore_image_get_kind(img) != PSTORE_IMAGE_VMCORE)
				any = true;
			else if (!first_err)
				first_err = image_read(img, address + off, buf, 1);
			if (next - address >= size)
				break;
			off = (next - address) / CHUNK * CHUNK - CHUNK;
			continue;
		}
		r = image_read(img, address + off, buf, len);
		if (r < 0 && !first_err)
			first_err = r;
		if (r < 0)
			read_soft(img, address + off, buf, len, &any);
		else
			any = true;
		r = 0;
		for (const uint8_t *q = buf; (q = memmem(q, scan - (size_t)(q - buf), "DBGC", 4));
		     q++) {
			size_t at = (size_t)(q - buf);

			if (at & 1 || at + PSTORE_PRZ_HEADER_SIZE + 4 > len)
				continue;
			if (nh == cap) {
				struct hdr *nhp;

				if (cap >= MAX_HEADERS)
					break;
				cap = cap ? cap * 2 : 64;
				nhp = reallocarray(h, cap, sizeof(*h));
				if (!nhp) {
					r = pstore_err_oom(ctx);
					goto out;
				}
				h = nhp;
			}
			h[nh] = (struct hdr){ .off = off + at, .start = le32(q + 4),
					      .size = le32(q + 8) };
			if (h[nh].size > size)
				continue;
			if (h[nh].size) {
				const uint8_t *log = q + PSTORE_PRZ_HEADER_SIZE + h[nh].start;

				/* a log that did not wrap starts at data[0]: "====" for dmesg */
				if (h[nh].start == 0 || h[nh].start == h[nh].size)
					log = q + PSTORE_PRZ_HEADER_SIZE;
				if (log + 4 <= buf + len)
					h[nh].dmesg = memcmp(log, "====", 4) == 0;
				h[nh].text = !h[nh].dmesg;
			}
			nh++;
		}
	}
	s->nheaders = nh;
	if (!any) {
		/* the message of the first failed read stays */
		r = first_err;
		goto out;
	}
	pstore_clear_error(ctx);
	if (nh == 0) {
		r = pstore_err(ctx, -ENOENT,
			       "no persistent RAM zone header (\"DBGC\") in 0x%" PRIx64 " bytes at 0x%" PRIx64 ": not a ramoops region, or never set up by the kernel",
			       size, address);
		goto out;
	}
	if (h[0].off) {
		note(s, "the first zone header is 0x%" PRIx64 " bytes into the region: the region is taken to start there",
		     h[0].off);
		address += h[0].off;
		size -= h[0].off;
		for (size_t i = nh; i-- > 0;)
			h[i].off -= h[0].off;
		s->params.mem_address = address;
		s->params.mem_size = size;
	}
	end = size;

	/* 2. dmesg zones: the leading run of equally spaced headers */
	m = nh;
	d = nh > 1 ? h[1].off
		   : last_zone_size(ctx, img, address, s, 0, end, h[0].size, &guessed);
	for (m = 1; m < nh && h[m].off == m * d; m++)
		;
	/* kinds: "====" is dmesg; other data is console or pmsg; empty zones say nothing */
	lo = 0;
	hi = m;
	for (size_t i = 0; i < m; i++) {
		if (h[i].dmesg)
			lo = i + 1;
		if (h[i].text && i < hi && i >= lo)
			hi = i;
	}
	for (size_t i = hi; i < m; i++)
		if (h[i].dmesg)
			note(s, "zone %zu at +0x%" PRIx64 " holds a dmesg header after a zone that looks like console or pmsg",
			     i, h[i].off);
	/* after the dmesg zones come at most a console and a pmsg zone with this signature */
	if (nh - m >= 2)
		ndmesg = m;
	else if (hi < m)
		ndmesg = hi;
	else
		ndmesg = m >= 2 + lo ? m - (2 - (nh - m)) : lo;
	if (ndmesg < lo)
		ndmesg = lo;
	if (hi == m && nh - m < 2 && m > lo) {
		guessed = true;
		note(s, "%zu equally spaced zones; nothing tells the last ones' kind: taken as %zu dmesg zones followed by console and pmsg zones (the usual set-up)",
		     m, ndmesg);
	}
	if (ndmesg == 0) {
		/* no dmesg zones at all: record_size 0 */
		s->params.record_size = 0;
		note(s, "no dmesg zone");
	} else {
		s->params.record_size = rounddown_pow2(d);
		note(s, "%zu dmesg zones of 0x%" PRIx64 " bytes (record_size 0x%" PRIx64 ")",
		     ndmesg, d, s->params.record_size);
	}

	/* 3. the rest: console, then pmsg and ftrace in either order */
	p = ndmesg * d;
	{
		size_t rest = nh - ndmesg, k = ndmesg;
		uint64_t next;

		if (rest >= 1) {
			next = k + 1 < nh ? h[k + 1].off : end;
			console = k + 1 < nh ? rounddown_pow2(next - h[k].off)
					     : last_zone_size(ctx, img, address, s, h[k].off,
							      end, h[k].size, &guessed);
			if (rest == 1 && !h[k].text) {
				guessed = guessed || h[k].size == 0;
			}
			if (rest == 1 && h[k].text) {
				/* console text starts "[    0.000000]" (printk time) */
				note(s, "one zone after the dmesg zones: taken as the console zone");
			}
			/* 6.1 puts ftrace between console and pmsg: look in the gap */
			for (uint64_t z = PAGE; h[k].off + z + PSTORE_PRZ_HEADER_SIZE <= next; z <<= 1) {
				uint8_t sig[4];

				if (h[k].off + z >= next)
					break;
				if (image_read(img, address + h[k].off + z, sig, 4) == 0 &&
				    ftrace_sig(sig) && z < next - h[k].off) {
					console = z;
					ftrace_zone = 0;
					six_one = rest >= 2;
					break;
				}
			}
			pstore_clear_error(ctx);
			p = h[k].off + console;
		}
		if (rest >= 2) {
			k++;
			next = k + 1 < nh ? h[k + 1].off : end;
			if (six_one)
				/* console, ftrace zone(s), pmsg */
				ftrace_zone = h[k].off - p;
			pmsg = k + 1 < nh ? rounddown_pow2(next - h[k].off)
					  : last_zone_size(ctx, img, address, s, h[k].off, end,
							   h[k].size, &guessed);
			p = h[k].off + pmsg;
		}
		if (rest > 2)
			note(s, "%zu more zone headers than the kernel's layout has: ignored", rest - 2);
	}
	if (six_one) {
		nftrace = count_ftrace(ctx, img, address + h[ndmesg].off + console, ftrace_zone);
	} else if (p < end && end - p == rounddown_pow2(end - p)) {
		/* the span ends with a power of two: an ftrace area, as the kernel sizes it */
		nftrace = count_ftrace(ctx, img, address + p, end - p);
		if (nftrace)
			ftrace_zone = end - p;
	} else if (p < end && end - p >= PSTORE_PRZ_HEADER_SIZE) {
		/* the span goes on: an ftrace zone here is as large as its header's log says,
		 * repeated once per CPU */
		uint8_t fh[PSTORE_PRZ_HEADER_SIZE];

		if (image_read(img, address + p, fh, sizeof(fh)) == 0 && ftrace_sig(fh)) {
			uint64_t z = last_zone_size(ctx, img, address, s, p, end,
						    le32(fh + 8), &guessed);

			for (nftrace = 1; nftrace < 256 && p + (nftrace + 1) * z <= end; nftrace++) {
				if (image_read(img, address + p + nftrace * z, fh, 4) < 0 ||
				    !ftrace_sig(fh))
					break;
			}
			ftrace_zone = nftrace * z;
		}
		pstore_clear_error(ctx);
	}
	/* the region ends after the last zone the headers account for */
	if (!six_one && nftrace)
		p += ftrace_zone;
	if (p < end) {
		note(s, "the zones found end 0x%" PRIx64 " bytes into the region: the region is taken to end there (0x%" PRIx64 " bytes of the span follow)",
		     p, end - p);
		s->params.mem_size = p;
	}
	s->params.console_size = console;
	s->params.pmsg_size = pmsg;
	s->params.ftrace_size = ftrace_zone;
	if (console)
		note(s, "console zone of 0x%" PRIx64 " bytes", console);
	if (pmsg)
		note(s, "pmsg zone of 0x%" PRIx64 " bytes", pmsg);
	if (ftrace_zone) {
		note(s, "ftrace area of 0x%" PRIx64 " bytes%s", ftrace_zone,
		     six_one ? " before the pmsg zone (Linux before 6.2)" : "");
		if (nftrace > 1) {
			s->params.flags |= PSTORE_RAMOOPS_FLAG_FTRACE_PER_CPU;
			s->params.ftrace_cpus = nftrace;
			note(s, "%u ftrace zones: one per CPU", nftrace);
		}
	}
	if (six_one)
		s->kernel_version = PSTORE_KERNEL_VERSION(6, 1, 0);

	/* 4. ECC from the first zone's header parity */
	{
		uint64_t zsz = ndmesg ? d : (console ? console : (pmsg ? pmsg : 0));

		ecc = 0;
		fixed = -1;
		if (zsz)
			ecc = find_ecc(ctx, img, address, zsz, &fixed);
		s->params.ecc_size = ecc;
		if (ecc)
			note(s, "ECC: %u parity bytes per block: the first zone's header parity matches%s",
			     ecc, fixed > 0 ? " after correcting one byte" : "");
		else
			note(s, "ECC: off (no ECC size from 2 to 242 matches the first header's parity)");
	}
	if (!guessed && (console || !pmsg))
		s->confidence = ecc ? PSTORE_SCAN_CERTAIN : PSTORE_SCAN_LIKELY;
	else
		s->confidence = guessed ? PSTORE_SCAN_GUESS : PSTORE_SCAN_LIKELY;
	*ret = s;
	s = NULL;
out:
	free(h);
	free(buf);
	pstore_scan_free(s);
	return r;
}
