// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The zlib codec: streaming inflate of compressed (.enc.z) records. pstore writes raw
 * deflate (windowBits -15); zlib and gzip wrappers are accepted too.
 */
#include <zlib.h>

#include "codec.h"

/*
 * Detection inflates this much at most: the header line and a little more. A deflate bomb
 * (1 GiB of zeros is 1 MiB compressed) costs no more to recognize than a small record.
 */
#define DETECT_OUT 4096

struct codec {
	z_stream zs;
	bool ended;
	/* what detection inflated, given out by run() before inflating on */
	unsigned char held[DETECT_OUT];
	size_t held_len, held_pos;
};

static const struct {
	int wbits;
	const char *name;
} formats[] = {
	{ -MAX_WBITS, "deflate" },
	{ MAX_WBITS, "zlib" },
	{ MAX_WBITS + 16, "gzip" },
};

/* Test seams (tests/unit/test-records.c): bytes inflated by detection, and in all. */
unsigned long long codec_zlib_detect_out, codec_zlib_inflated;

/*
 * Does zlib accept the start of @in in this format? @z is a stream reset to it; what it
 * inflates stays in z->held. A damaged stream is accepted when what it gave before the
 * damage starts like a dump ("Panic#1 Part1\n": pstore compresses dmesg records alone,
 * header included): the kernel leaves a record compressed (.enc.z) precisely when its
 * inflate failed, and the lines before the damage are worth having. Its stream stays in
 * zlib's error state: run() gives those lines, then the error.
 */
static bool format_accepts(struct codec *z, const void *in, size_t len)
{
	z_stream *zs = &z->zs;
	struct pstore_dmesg_header h = PSTORE_STRUCT_INIT(struct pstore_dmesg_header);
	bool ok = false;
	int r;

	if (len == 0)
		return false;
	zs->next_in = (Bytef *)(uintptr_t)in;
	zs->avail_in = (uInt)(len > UINT32_MAX ? UINT32_MAX : len);
	zs->next_out = z->held;
	zs->avail_out = sizeof(z->held);
	for (;;) {
		r = inflate(zs, Z_NO_FLUSH);
		if (r == Z_STREAM_END || (r == Z_OK && zs->avail_out == 0)) {
			/* the whole stream, or a buffer full of output without complaint */
			z->ended = r == Z_STREAM_END;
			ok = true;
			break;
		}
		if (r == Z_BUF_ERROR || (r == Z_OK && zs->avail_in == 0)) {
			/* ran out of input without complaint: plausible; but demand output */
			ok = zs->total_out > 0 || zs->total_in >= 16;
			break;
		}
		if (r != Z_OK) {
			const char *got = (const char *)z->held;
			size_t len_got = sizeof(z->held) - zs->avail_out;

			ok = r == Z_DATA_ERROR &&
			     pstore_dmesg_header_parse(got, len_got, &h) == 0;
			break;
		}
	}
	z->held_len = sizeof(z->held) - zs->avail_out;
	z->held_pos = 0;
	codec_zlib_detect_out += z->held_len;
	codec_zlib_inflated += z->held_len;
	return ok;
}

static int zlib_open(const void *in, size_t len, struct codec **ret, size_t *consumed,
		     const char **name)
{
	struct codec *z = calloc(1, sizeof(*z));

	if (!z)
		return -ENOMEM;
	for (size_t i = 0; i < ARRAY_SIZE(formats); i++) {
		int r = i == 0 ? inflateInit2(&z->zs, formats[i].wbits)
			       : inflateReset2(&z->zs, formats[i].wbits);

		if (r != Z_OK) {
			if (i > 0)
				inflateEnd(&z->zs);
			free(z);
			return -ENOMEM;
		}
		z->ended = false;
		if (format_accepts(z, in, len)) {
			*consumed = (size_t)(z->zs.next_in - (const Bytef *)in);
			if (name)
				*name = formats[i].name;
			*ret = z;
			return 0;
		}
	}
	inflateEnd(&z->zs);
	free(z);
	return -EBADMSG;
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
	if (z->held_pos < z->held_len) {
		size_t n = z->held_len - z->held_pos;

		if (n > outlen)
			n = outlen;

		memcpy(out, z->held + z->held_pos, n);
		z->held_pos += n;
		*produced = n;
		return 0;
	}
	if (z->ended)
		return 1;
	z->zs.next_in = (Bytef *)(uintptr_t)in;
	z->zs.avail_in = (uInt)(inlen > UINT32_MAX ? UINT32_MAX : inlen);
	z->zs.next_out = out;
	z->zs.avail_out = (uInt)(outlen > UINT32_MAX ? UINT32_MAX : outlen);
	r = inflate(&z->zs, Z_NO_FLUSH);
	*consumed = (size_t)(z->zs.next_in - (const Bytef *)in);
	*produced = (size_t)(z->zs.next_out - (Bytef *)out);
	codec_zlib_inflated += *produced;
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
	.open = zlib_open,
	.run = zlib_run,
	.free = zlib_free,
};
