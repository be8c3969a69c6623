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
 */
#include <fec.h>

#include "dl.h"
#include "image.h"

#define LIBFEC_SONAME "libfec.so.0"

#define FEC_SYMBOLS(X)                                                                     \
	X(init_rs_char)                                                                    \
	X(free_rs_char)                                                                    \
	X(encode_rs_char)                                                                  \
	X(decode_rs_char)

FEC_SYMBOLS(DL_DECLARE)
static const struct dl_sym fec_syms[] = { FEC_SYMBOLS(DL_SYM) };
static struct dl_lib fec_lib = DL_LIB(LIBFEC_SONAME, "libfec0", fec_syms);

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
	return true;
}

/* Is @par the parity of @len (<= one block) data bytes? */
static bool parity_matches(const struct ecc *e, const uint8_t *data, size_t len,
			   const uint8_t *par)
{
	const size_t bs = PSTORE_ECC_BLOCK_SIZE;
	uint64_t acc[FAST_WORDS(FAST_MAX_ROOTS)] = { 0 }, want[FAST_WORDS(FAST_MAX_ROOTS)] = { 0 };
	const unsigned w = e->words;

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
}

int ecc_decode(struct ecc *e, uint8_t *data, size_t len, uint8_t *par)
{
	void *rs = handle(e, len);
	int n;

	if (!rs)
		return len && len + e->nroots > ECC_NN ? -ERANGE : -ENOMEM;
	if (len <= PSTORE_ECC_BLOCK_SIZE && fast_table(e) && parity_matches(e, data, len, par))
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
