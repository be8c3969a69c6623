// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Reed-Solomon as ramoops uses it, through libfec (Phil Karn's codec, which the kernel's
 * lib/reed_solomon descends from). The kernel keeps a block's parity apart from its data
 * and shortens the 255-symbol code to the block's length; libfec wants one contiguous
 * code word and a fixed shortening (pad) per handle, so there is one handle per length
 * and a scratch code word. libfec is loaded with dlopen on first use.
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

struct ecc {
	unsigned nroots;
	void *rs[ECC_NN + 1]; /* by data length, made on first use */
	uint8_t word[ECC_NN];
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

int ecc_decode(struct ecc *e, uint8_t *data, size_t len, uint8_t *par)
{
	void *rs = handle(e, len);
	int n;

	if (!rs)
		return len && len + e->nroots > ECC_NN ? -ERANGE : -ENOMEM;
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
