// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The zlib codec: streaming inflate of compressed (.enc.z) records. pstore writes raw
 * deflate (windowBits -15); zlib and gzip wrappers are accepted too.
 */
#include <zlib.h>

#include "codec.h"

struct codec {
	z_stream zs;
	bool ended;
};

static const struct {
	int wbits;
	const char *name;
} formats[] = {
	{ -MAX_WBITS, "deflate" },
	{ MAX_WBITS, "zlib" },
	{ MAX_WBITS + 16, "gzip" },
};

/*
 * Detection inflates this much at most: the header line and a little more. A deflate bomb
 * (1 GiB of zeros is 1 MiB compressed) costs no more to recognize than a small record.
 */
#define DETECT_OUT 4096

/* Test seam (tests/unit/test-records.c): bytes inflated by detection. */
unsigned long long codec_zlib_detect_out;

/*
 * Does zlib accept the start of @in in this format? Output goes to a scratch buffer.
 * A damaged stream is accepted when what it gave before the damage starts like a dump
 * ("Panic#1 Part1\n": pstore compresses dmesg records alone, header included): the
 * kernel leaves a record compressed (.enc.z) precisely when its inflate failed, and the
 * lines before the damage are worth having.
 */
static bool format_accepts(int wbits, const void *in, size_t len)
{
	unsigned char out[DETECT_OUT];
	z_stream zs = { 0 };
	struct pstore_dmesg_header h = PSTORE_STRUCT_INIT(struct pstore_dmesg_header);
	bool ok = false;
	int r;

	if (len == 0 || inflateInit2(&zs, wbits) != Z_OK)
		return false;
	zs.next_in = (Bytef *)(uintptr_t)in;
	zs.avail_in = (uInt)(len > UINT32_MAX ? UINT32_MAX : len);
	zs.next_out = out;
	zs.avail_out = sizeof(out);
	for (;;) {
		r = inflate(&zs, Z_NO_FLUSH);
		if (r == Z_STREAM_END || (r == Z_OK && zs.avail_out == 0)) {
			/* the whole stream, or a buffer full of output without complaint */
			ok = true;
			break;
		}
		if (r == Z_BUF_ERROR || (r == Z_OK && zs.avail_in == 0)) {
			/* ran out of input without complaint: plausible; but demand output */
			ok = zs.total_out > 0 || zs.total_in >= 16;
			break;
		}
		if (r != Z_OK) {
			ok = r == Z_DATA_ERROR &&
			     pstore_dmesg_header_parse((const char *)out, sizeof(out) - zs.avail_out,
						       &h) == 0;
			break;
		}
	}
	codec_zlib_detect_out += zs.total_out;
	inflateEnd(&zs);
	return ok;
}

static int zlib_detect(const void *in, size_t len, int *wbits, const char **name)
{
	for (size_t i = 0; i < ARRAY_SIZE(formats); i++) {
		if (format_accepts(formats[i].wbits, in, len)) {
			*wbits = formats[i].wbits;
			if (name)
				*name = formats[i].name;
			return 0;
		}
	}
	return -EBADMSG;
}

static int zlib_new(int wbits, struct codec **ret)
{
	struct codec *z = calloc(1, sizeof(*z));

	if (!z)
		return -ENOMEM;
	if (inflateInit2(&z->zs, wbits) != Z_OK) {
		free(z);
		return -ENOMEM;
	}
	*ret = z;
	return 0;
}

static void zlib_free(struct codec *z)
{
	if (!z)
		return;
	inflateEnd(&z->zs);
	free(z);
}

static int zlib_run(struct codec *z, const void *in, size_t inlen, size_t *consumed, void *out,
		    size_t outlen, size_t *produced)
{
	int r;

	*consumed = *produced = 0;
	if (z->ended)
		return 1;
	z->zs.next_in = (Bytef *)(uintptr_t)in;
	z->zs.avail_in = (uInt)(inlen > UINT32_MAX ? UINT32_MAX : inlen);
	z->zs.next_out = out;
	z->zs.avail_out = (uInt)(outlen > UINT32_MAX ? UINT32_MAX : outlen);
	r = inflate(&z->zs, Z_NO_FLUSH);
	*consumed = (size_t)(z->zs.next_in - (const Bytef *)in);
	*produced = (size_t)(z->zs.next_out - (Bytef *)out);
	switch (r) {
	case Z_STREAM_END:
		z->ended = true;
		return 1;
	case Z_OK:
		return 0;
	case Z_BUF_ERROR:
		/* no progress possible: the caller gives more input or ends (truncated) */
		return 0;
	case Z_MEM_ERROR:
		return -ENOMEM;
	default:
		return -EBADMSG;
	}
}

const struct codec_ops codec_zlib = {
	.name = "zlib",
	.detect = zlib_detect,
	.new = zlib_new,
	.run = zlib_run,
	.free = zlib_free,
};
