// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Whole-buffer decompression of dmesg records as Linux up to 6.5 could compress them
 * (pstore.compress=deflate|lzo|lz4|lz4hc|zstd through the crypto API; 6.6 and later
 * deflate only). deflate is raw (no zlib header) through the linked zlib; liblzo2, liblz4
 * and libzstd are loaded with dlopen when a record needs them, so that no other verb pays
 * their start-up. lz4hc output is plain lz4 blocks.
 */
#include <pthread.h>

#include <lz4.h>
#include <lzo/lzo1x.h>
#include <zlib.h>
#include <zstd.h>
#include <zstd_errors.h>

#include "dl.h"
#include "image.h"
#include "strtab.h"

static const char compress_names[_PSTORE_COMPRESS_MAX][8] = {
	[PSTORE_COMPRESS_DEFLATE] = "deflate", [PSTORE_COMPRESS_LZO] = "lzo",
	[PSTORE_COMPRESS_LZ4] = "lz4",         [PSTORE_COMPRESS_LZ4HC] = "lz4hc",
	[PSTORE_COMPRESS_ZSTD] = "zstd",
};

_public_ const char *pstore_compress_to_string(enum pstore_compress c)
{
	return STRTAB_NAME(compress_names, c);
}

_public_ int pstore_compress_from_string(const char *s)
{
	return STRTAB_VALUE(compress_names, s);
}

/* ---- the optional libraries ---- */

#define LZO_SYMBOLS(X) X(__lzo_init_v2) X(lzo1x_decompress_safe)
#define LZ4_SYMBOLS(X) X(LZ4_decompress_safe) X(LZ4_decompress_safe_partial)
#define ZSTD_SYMBOLS(X) X(ZSTD_decompress) X(ZSTD_isError) X(ZSTD_getErrorCode)

LZO_SYMBOLS(DL_DECLARE)
LZ4_SYMBOLS(DL_DECLARE)
ZSTD_SYMBOLS(DL_DECLARE)

static struct dl_sym lzo_syms[] = { LZO_SYMBOLS(DL_SYM) };
static struct dl_sym lz4_syms[] = { LZ4_SYMBOLS(DL_SYM) };
static struct dl_sym zstd_syms[] = { ZSTD_SYMBOLS(DL_SYM) };
static struct dl_lib lib_lzo = DL_LIB("liblzo2.so.2", "liblzo2-2", lzo_syms);
static struct dl_lib lib_lz4 = DL_LIB("liblz4.so.1", "liblz4-1", lz4_syms);
static struct dl_lib lib_zstd = DL_LIB("libzstd.so.1", "libzstd1", zstd_syms);

static pthread_once_t lzo_init_once = PTHREAD_ONCE_INIT;
static int lzo_init_result = -1;

static void lzo_init_do(void)
{
	lzo_init_result = sym___lzo_init_v2(LZO_VERSION, (int)sizeof(short), (int)sizeof(int),
					    (int)sizeof(long), (int)sizeof(lzo_uint32_t),
					    (int)sizeof(lzo_uint), (int)lzo_sizeof_dict_t,
					    (int)sizeof(char *), (int)sizeof(lzo_voidp),
					    (int)sizeof(lzo_callback_t));
}

/* ---- one attempt per algorithm; 1 = output buffer too small, try a larger one ---- */

static int try_deflate(const void *in, size_t inlen, uint8_t *out, size_t cap, size_t *len)
{
	z_stream zs = { 0 };
	int r;

	if (inflateInit2(&zs, -MAX_WBITS) != Z_OK)
		return -ENOMEM;
	zs.next_in = (Bytef *)(uintptr_t)in;
	zs.avail_in = (uInt)inlen;
	zs.next_out = out;
	zs.avail_out = (uInt)cap;
	r = inflate(&zs, Z_FINISH);
	*len = zs.total_out;
	inflateEnd(&zs);
	if (r == Z_STREAM_END)
		return 0;
	if (r == Z_BUF_ERROR && zs.avail_out == 0)
		return 1;
	return r == Z_MEM_ERROR ? -ENOMEM : -EBADMSG;
}

static int try_lzo(const void *in, size_t inlen, uint8_t *out, size_t cap, size_t *len)
{
	lzo_uint n = cap;
	int r = sym_lzo1x_decompress_safe(in, inlen, out, &n, NULL);

	*len = n;
	if (r == LZO_E_OK)
		return 0;
	return r == LZO_E_OUTPUT_OVERRUN ? 1 : -EBADMSG;
}

static int try_lz4(const void *in, size_t inlen, uint8_t *out, size_t cap, size_t *len)
{
	/* LZ4_decompress_safe() fails alike for a short buffer and for bad data; the partial
	 * decoder stops at the buffer's end instead, so a failure of it is bad data (random
	 * bytes are refused at once, not after growing the buffer to the limit) */
	int n = sym_LZ4_decompress_safe_partial(in, (char *)out, (int)inlen, (int)cap, (int)cap);

	if (n < 0)
		return -EBADMSG;
	if ((size_t)n == cap)
		return 1; /* maybe more: a larger buffer */
	/* all of it: the whole-block decoder checks the block's end too */
	n = sym_LZ4_decompress_safe(in, (char *)out, (int)inlen, (int)cap);
	if (n < 0)
		return -EBADMSG;
	*len = (size_t)n;
	return 0;
}

static int try_zstd(const void *in, size_t inlen, uint8_t *out, size_t cap, size_t *len)
{
	size_t n = sym_ZSTD_decompress(out, cap, in, inlen);

	if (!sym_ZSTD_isError(n)) {
		*len = n;
		return 0;
	}
	return sym_ZSTD_getErrorCode(n) == ZSTD_error_dstSize_tooSmall ? 1 : -EBADMSG;
}

int codec_decompress(struct pstore_ctx *ctx, enum pstore_compress c, const void *in,
		     size_t inlen, size_t max, uint8_t **ret, size_t *ret_len)
{
	int (*fn)(const void *, size_t, uint8_t *, size_t, size_t *);
	struct dl_lib *lib = NULL;
	size_t cap, len = 0;
	uint8_t *out = NULL;
	int r;

	switch (c) {
	case PSTORE_COMPRESS_DEFLATE:
		fn = try_deflate;
		break;
	case PSTORE_COMPRESS_LZO:
		lib = &lib_lzo;
		fn = try_lzo;
		break;
	case PSTORE_COMPRESS_LZ4:
	case PSTORE_COMPRESS_LZ4HC:
		lib = &lib_lz4;
		fn = try_lz4;
		break;
	case PSTORE_COMPRESS_ZSTD:
		lib = &lib_zstd;
		fn = try_zstd;
		break;
	default:
		return -EINVAL;
	}
	if (lib) {
		r = dl_require(ctx, lib);
		if (r < 0)
			return r;
	}
	if (c == PSTORE_COMPRESS_LZO) {
		pthread_once(&lzo_init_once, lzo_init_do);
		if (lzo_init_result != LZO_E_OK)
			return pstore_err(ctx, -EOPNOTSUPP, "liblzo2: lzo_init failed");
	}
	if (inlen == 0 || inlen > INT32_MAX)
		return -EBADMSG;
	cap = inlen * 4 < (64u << 10) ? (64u << 10) : inlen * 4;
	if (cap > max)
		cap = max;
	for (;;) {
		uint8_t *n = realloc(out, cap ? cap : 1);

		if (!n) {
			free(out);
			return -ENOMEM;
		}
		out = n;
		r = fn(in, inlen, out, cap, &len);
		if (r <= 0)
			break;
		if (cap >= max) {
			r = -EFBIG;
			break;
		}
		cap = cap * 2 > max ? max : cap * 2;
	}
	if (r < 0) {
		free(out);
		return r;
	}
	*ret = out;
	*ret_len = len;
	return 0;
}
