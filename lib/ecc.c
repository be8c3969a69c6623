// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Reed-Solomon as ramoops uses it, through libfec (Phil Karn's codec, which the kernel's
 * lib/reed_solomon descends from). The kernel keeps a block's parity apart from its data
 * and shortens the 255-symbol code to the block's length; libfec wants one contiguous
 * code word and a fixed shortening (pad) per handle, so there is one handle per length
 * and a scratch code word. libfec is loaded with dlopen on first use.
 *
 * Fast path: nearly every block of a region is clean, and libfec's decoder spends some
 * 2,300 table look-ups on a clean block's syndromes. The systematic encoder is linear, so
 * a block's parity is the XOR of what each of its bytes contributes alone: a table of the
 * parity of every byte value at every position (made with libfec's encoder, 128 x 8
 * encodes of one set bit, combined by XOR) gives a block's parity in one look-up per
 * byte. A block whose stored parity is that parity is a code word: libfec's decoder
 * would find zero syndromes and change nothing, so it is not called. A shortened block
 * (the header, a short last block) is a full block with leading zeros: the same table
 * from its first position on. Any other block goes to libfec's decoder.
 *
 * On x86-64 with GFNI and AVX-512, a full block's parity (up to 16 bytes) is computed
 * with vector GF(2^8) multiplies instead: GF2P8MULB works in the field of polynomial
 * 0x11b, so bytes are mapped into it by the field isomorphism from 0x11d (a bit matrix,
 * GF2P8AFFINEQB); parity byte j is the sum over positions i of data[i] * g_i[j], g_i the
 * parity of a block that is 1 at i (the table's entry).
 */
#include <fec.h>
#if defined(__x86_64__) && defined(__GNUC__)
#include <cpuid.h>
#include <immintrin.h>
#define HAVE_GFNI 1
#endif

#include "dl.h"
#include "image.h"

#define LIBFEC_SONAME "libfec.so.0"

#define FEC_SYMBOLS(X)                                                                     \
	X(init_rs_char)                                                                    \
	X(free_rs_char)                                                                    \
	X(encode_rs_char)                                                                  \
	X(decode_rs_char)

FEC_SYMBOLS(DL_DECLARE)
static struct dl_sym fec_syms[] = { FEC_SYMBOLS(DL_SYM) };
static struct dl_lib fec_lib = DL_LIB(LIBFEC_SONAME, "libfec0", fec_syms);

/* the fast path's table is made after this many blocks */
#define FAST_AFTER_BLOCKS 32u
/* the fast path's table takes 128 x 256 x this many bytes at most */
#define FAST_MAX_ROOTS 32u
#define FAST_WORDS(nroots) (((nroots) + 7) / 8)

struct ecc {
	unsigned nroots;
	void *rs[ECC_NN + 1]; /* by data length, made on first use */
	uint8_t word[ECC_NN];
	/* tab[(pos * 256 + byte) * words ...]: the parity of a full block holding only that
	 * byte at that position, in 64-bit words (the last one zero-padded) */
	uint64_t *tab;
	unsigned words;
	bool fast;      /* tab is usable */
	bool no_fast;   /* the caller turned the fast path off */
	unsigned slow;  /* blocks checked by libfec before the table is made */
#ifdef HAVE_GFNI
	bool gfni;      /* gk and phi are usable */
	uint64_t phi;   /* the isomorphism 0x11d -> 0x11b, as a GF2P8AFFINEQB matrix */
	uint8_t *gk;    /* 32 vectors of 64 bytes: g_i[j] mapped, 4 positions each */
	uint8_t *ctl;   /* 4 vectors: byte 4q + lane, broadcast in each 128-bit lane */
#endif
};

int ecc_new(struct pstore_ctx *ctx, unsigned nroots, struct ecc **ret)
{
	struct ecc *e;
	int r;

	if (nroots == 0 || nroots >= ECC_NN)
		return pstore_err(ctx, -EINVAL,
				  "ecc_size %u: Reed-Solomon on 8-bit symbols takes 1 to 254 parity bytes",
				  nroots);
	r = dl_require(ctx, &fec_lib);
	if (r < 0)
		return r;
	e = calloc(1, sizeof(*e));
	if (!e)
		return -ENOMEM;
	e->nroots = nroots;
	*ret = e;
	return 0;
}

void ecc_free(struct ecc *e)
{
	if (!e)
		return;
	for (size_t i = 0; i < ARRAY_SIZE(e->rs); i++)
		if (e->rs[i])
			sym_free_rs_char(e->rs[i]);
	free(e->tab);
#ifdef HAVE_GFNI
	free(e->gk);
	free(e->ctl);
#endif
	free(e);
}

/* The handle for blocks of @len data bytes, or NULL when they do not fit a code word. */
static void *handle(struct ecc *e, size_t len)
{
	if (len == 0 || len + e->nroots > ECC_NN)
		return NULL;
	if (!e->rs[len])
		e->rs[len] = sym_init_rs_char(ECC_SYMSIZE, ECC_GFPOLY, ECC_FCR, ECC_PRIM,
					      (int)e->nroots,
					      (int)(ECC_NN - e->nroots - len));
	return e->rs[len];
}

#ifdef HAVE_GFNI
/* multiplication in GF(2^8) of polynomial 0x11b, GF2P8MULB's field */
static uint8_t mul11b(uint8_t a, uint8_t b)
{
	uint8_t r = 0;

	for (; b; b >>= 1) {
		if (b & 1)
			r ^= a;
		a = (uint8_t)(a << 1 ^ (a & 0x80 ? 0x1b : 0));
	}
	return r;
}

/*
 * GFNI, AVX512F and AVX512BW, and an OS that saves the AVX-512 registers (XCR0: SSE, AVX,
 * opmask and both ZMM halves). cpuid directly: __builtin_cpu_supports() links libgcc's
 * whole CPU model table (4.5 KB of the library, issue 17) for three bits.
 */
static bool cpu_has_gfni_avx512(void)
{
	unsigned int a, b, c, d;
	uint32_t xcr0_lo, xcr0_hi;

	if (!__get_cpuid(1, &a, &b, &c, &d) || !(c & bit_OSXSAVE))
		return false;
	__asm__("xgetbv" : "=a"(xcr0_lo), "=d"(xcr0_hi) : "c"(0));
	if ((xcr0_lo & 0xe6) != 0xe6)
		return false;
	if (!__get_cpuid_count(7, 0, &a, &b, &c, &d))
		return false;
	return (b & bit_AVX512F) && (b & bit_AVX512BW) && (c & bit_GFNI);
}

/* The vector path's constants, when the CPU has GFNI and AVX-512 and nroots <= 16. */
static void gfni_setup(struct ecc *e)
{
	uint8_t img[8], beta = 0;
	uint64_t m = 0;

	if (e->nroots > 16 || !cpu_has_gfni_avx512())
		return;
	/* beta: a root of x^8 + x^4 + x^3 + x^2 + 1 in the 0x11b field; x^b maps to beta^b */
	for (unsigned c = 2; c < 256 && !beta; c++) {
		uint8_t pw[9], v;

		pw[0] = 1;
		for (int k = 1; k <= 8; k++)
			pw[k] = mul11b(pw[k - 1], (uint8_t)c);
		v = pw[8] ^ pw[4] ^ pw[3] ^ pw[2] ^ pw[0];
		if (!v)
			beta = (uint8_t)c;
	}
	if (!beta)
		return;
	img[0] = 1;
	for (int b = 1; b < 8; b++)
		img[b] = mul11b(img[b - 1], beta);
	/* GF2P8AFFINEQB: result bit i is the parity of x AND matrix byte 7 - i */
	for (int i = 0; i < 8; i++) {
		uint8_t row = 0;

		for (int b = 0; b < 8; b++)
			row |= (uint8_t)(((img[b] >> i) & 1) << b);
		m |= (uint64_t)row << (8 * (7 - i));
	}
	e->phi = m;
	e->gk = aligned_alloc(64, 32 * 64);
	e->ctl = aligned_alloc(64, 4 * 64);
	if (!e->gk || !e->ctl)
		return;
	for (unsigned q = 0; q < 4; q++)
		for (unsigned k = 0; k < 4; k++)
			memset(e->ctl + q * 64 + k * 16, (int)(4 * q + k), 16);
	for (unsigned pos = 0; pos < PSTORE_ECC_BLOCK_SIZE; pos++) {
		/* position pos: vector pos / 4 (chunk pos / 16, quarter pos / 4 % 4), lane pos % 4 */
		uint8_t *v = e->gk + (pos / 4) * 64 + (pos % 4) * 16, g[16] = { 0 };

		memcpy(g, e->tab + ((size_t)pos * 256 + 1) * e->words, e->nroots);
		for (unsigned j = 0; j < 16; j++) {
			uint8_t y = 0;

			for (int b = 0; b < 8; b++)
				if (g[j] >> b & 1)
					y ^= img[b];
			v[j] = y;
		}
	}
	e->gfni = true;
}

__attribute__((target("avx512f,avx512bw,gfni")))
static bool gfni_matches(const struct ecc *e, const uint8_t *data, const uint8_t *par)
{
	const __m512i *k = (const __m512i *)(const void *)e->gk;
	const __m512i *c = (const __m512i *)(const void *)e->ctl;
	const __m512i phi = _mm512_set1_epi64((long long)e->phi);
	__m512i acc = _mm512_setzero_si512();
	uint8_t want[64] = { 0 }, got[64];

	for (unsigned m = 0; m < PSTORE_ECC_BLOCK_SIZE / 16; m++) {
		__m512i x = _mm512_broadcast_i32x4(_mm_loadu_si128((const __m128i *)(const void *)(data + 16 * m)));

		x = _mm512_gf2p8affine_epi64_epi8(x, phi, 0);
		acc = _mm512_xor_si512(acc, _mm512_gf2p8mul_epi8(_mm512_shuffle_epi8(x, c[0]), k[m * 4]));
		acc = _mm512_xor_si512(acc, _mm512_gf2p8mul_epi8(_mm512_shuffle_epi8(x, c[1]), k[m * 4 + 1]));
		acc = _mm512_xor_si512(acc, _mm512_gf2p8mul_epi8(_mm512_shuffle_epi8(x, c[2]), k[m * 4 + 2]));
		acc = _mm512_xor_si512(acc, _mm512_gf2p8mul_epi8(_mm512_shuffle_epi8(x, c[3]), k[m * 4 + 3]));
	}
	/* the four 128-bit lanes summed, against the stored parity mapped the same way */
	memcpy(want, par, e->nroots);
	acc = _mm512_xor_si512(acc, _mm512_shuffle_i64x2(acc, acc, 0x4e));
	acc = _mm512_xor_si512(acc, _mm512_shuffle_i64x2(acc, acc, 0xb1));
	acc = _mm512_xor_si512(acc, _mm512_gf2p8affine_epi64_epi8(
					     _mm512_loadu_si512((const void *)want), phi, 0));
	_mm512_storeu_si512((void *)got, acc);
	for (unsigned j = 0; j < 16; j++)
		if (got[j])
			return false;
	return true;
}
#endif

/* Makes the fast path's table on first use; false when it cannot be had. */
static bool fast_table(struct ecc *e)
{
	const size_t bs = PSTORE_ECC_BLOCK_SIZE, w = FAST_WORDS(e->nroots);
	uint8_t block[PSTORE_ECC_BLOCK_SIZE] = { 0 }, par[FAST_MAX_ROOTS];
	void *rs;

	if (e->fast)
		return true;
	if (e->tab || e->no_fast || e->nroots > FAST_MAX_ROOTS)
		return false;
	rs = handle(e, bs);
	if (!rs)
		return false;
	e->tab = calloc(bs * 256 * w, sizeof(uint64_t));
	if (!e->tab)
		return false;
	e->words = (unsigned)w;
	for (size_t pos = 0; pos < bs; pos++) {
		uint64_t *t = e->tab + pos * 256 * w;

		for (unsigned bit = 0; bit < 8; bit++) {
			uint64_t *one = t + ((size_t)1 << bit) * w;

			memset(par, 0, sizeof(par));
			block[pos] = (uint8_t)(1u << bit);
			sym_encode_rs_char(rs, block, par);
			block[pos] = 0;
			memcpy(one, par, e->nroots);
		}
		/* every other byte value: the XOR of its bits' parities */
		for (unsigned v = 3; v < 256; v++) {
			unsigned low = v & -v;

			if (v == low)
				continue;
			for (size_t k = 0; k < w; k++)
				t[v * w + k] = t[low * w + k] ^ t[(v ^ low) * w + k];
		}
	}
	e->fast = true;
#ifdef HAVE_GFNI
	gfni_setup(e);
#endif
	return true;
}

/* Is @par the parity of @len (<= one block) data bytes? */
static bool parity_matches(const struct ecc *e, const uint8_t *data, size_t len,
			   const uint8_t *par)
{
	const size_t bs = PSTORE_ECC_BLOCK_SIZE;
	uint64_t acc[FAST_WORDS(FAST_MAX_ROOTS)] = { 0 }, want[FAST_WORDS(FAST_MAX_ROOTS)] = { 0 };
	const unsigned w = e->words;

#ifdef HAVE_GFNI
	if (e->gfni && len == bs)
		return gfni_matches(e, data, par);
#endif
	memcpy(want, par, e->nroots);
	if (w == 2) {
		/* the default ecc_size (16): two words, kept in registers */
		const uint64_t *t = e->tab + (bs - len) * 256 * 2;
		uint64_t a = 0, b = 0;

		for (size_t i = 0; i < len; i++, t += 256 * 2) {
			const uint64_t *x = t + (size_t)data[i] * 2;

			a ^= x[0];
			b ^= x[1];
		}
		return a == want[0] && b == want[1];
	}
	for (size_t i = 0; i < len; i++) {
		const uint64_t *x = e->tab + ((bs - len + i) * 256 + data[i]) * w;

		for (unsigned k = 0; k < w; k++)
			acc[k] ^= x[k];
	}
	return memcmp(acc, want, w * sizeof(uint64_t)) == 0;
}

void ecc_set_fast(struct ecc *e, bool fast)
{
	e->no_fast = !fast;
	e->fast = fast && e->tab;
	if (fast)
		e->slow = FAST_AFTER_BLOCKS; /* from the next block on */
}

int ecc_decode(struct ecc *e, uint8_t *data, size_t len, uint8_t *par)
{
	void *rs = handle(e, len);
	int n;

	if (!rs)
		return len && len + e->nroots > ECC_NN ? -ERANGE : -ENOMEM;
	/* The table costs 1,024 encodings to make: worth it for a region of many blocks, not
	 * for a header or a small image (the fuzzer's, 5x as many per second without it). */
	if (len <= PSTORE_ECC_BLOCK_SIZE && (e->fast || ++e->slow > FAST_AFTER_BLOCKS) &&
	    fast_table(e) && parity_matches(e, data, len, par))
		return 0;
	memcpy(e->word, data, len);
	memcpy(e->word + len, par, e->nroots);
	n = sym_decode_rs_char(rs, e->word, NULL, 0);
	if (n < 0)
		return -EBADMSG;
	if (n > 0) {
		memcpy(data, e->word, len);
		memcpy(par, e->word + len, e->nroots);
	}
	return n;
}

int ecc_encode(struct ecc *e, const uint8_t *data, size_t len, uint8_t *par)
{
	void *rs = handle(e, len);

	if (!rs)
		return len && len + e->nroots > ECC_NN ? -ERANGE : -ENOMEM;
	memcpy(e->word, data, len);
	sym_encode_rs_char(rs, e->word, par);
	return 0;
}
