/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Private to libpstore: the decompressors behind the reader (lib/reader.c), one file per
 * library as libkmod's libkmod-file-*.c: lib/codec-zlib.c today; lzo, lz4 or zstd (the
 * other compressors pstore can use) would each be one more codec-*.c and one line in the
 * reader's table. A codec sees bytes only: no records, no context, no messages.
 */
#ifndef LIBPSTORE_CODEC_H
#define LIBPSTORE_CODEC_H

#include "internal.h"

/* One decompression in progress; each codec defines its own. */
struct codec;

struct codec_ops {
	const char *name;
	/*
	 * Whether @in (the first bytes of a compressed record) is in a format of this
	 * codec, by decoding a few KiB at most (whatever @len: a bomb must not cost
	 * more). When it is, *ret is the decompression that test started, not a new one:
	 * it has taken *consumed bytes of @in and gives what it decoded first from run(),
	 * so no byte is decoded twice. Sets *what (a name for messages: "deflate",
	 * "gzip", ...).
	 * Returns 0, -EBADMSG (not this codec's format) or -ENOMEM.
	 */
	int (*open)(const void *in, size_t len, struct codec **ret, size_t *consumed,
		    const char **what);
	/*
	 * Feed @in, output into @out; *consumed and *produced say how much. Returns 1 at the
	 * end of the compressed stream, 0 to continue, -EBADMSG for corrupt data, -ENOMEM.
	 */
	int (*run)(struct codec *c, const void *in, size_t inlen, size_t *consumed, void *out,
		   size_t outlen, size_t *produced);
	void (*free)(struct codec *c);
};

/* lib/codec-zlib.c: raw deflate (what pstore writes), zlib and gzip. */
extern const struct codec_ops codec_zlib;

#endif /* LIBPSTORE_CODEC_H */
