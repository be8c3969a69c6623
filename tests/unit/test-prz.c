/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Unit tests of lib/ecc.c, lib/prz.c and lib/codec-lz.c: Reed-Solomon with the kernel's
 * parameters (flips within and beyond the strength), zone headers and rings, the dmesg
 * header, the ECC notice, the decompressors. (Truth against real kernels: test-decode.sh.)
 */
#include <zlib.h>

#include "image.h"
#include "unit.h"

static void test_ecc_flips(void **state)
{
	struct pstore_ctx *ctx = unit_ctx(NULL);
	struct ecc *e = NULL;
	uint8_t data[128], orig[128], par[16];

	(void)state;
	assert_int_equal(ecc_new(ctx, 16, &e), 0);
	for (size_t i = 0; i < sizeof(data); i++)
		data[i] = (uint8_t)(i * 7 + 3);
	memcpy(orig, data, sizeof(data));
	assert_int_equal(ecc_encode(e, data, sizeof(data), par), 0);
	assert_int_equal(ecc_decode(e, data, sizeof(data), par), 0);
	/* 16 parity bytes correct up to 8 symbols */
	for (int k = 0; k < 8; k++)
		data[k * 15] ^= 0xa5;
	assert_int_equal(ecc_decode(e, data, sizeof(data), par), 8);
	assert_memory_equal(data, orig, sizeof(data));
	for (int k = 0; k < 9; k++)
		data[k * 13] ^= 0x3c;
	assert_int_equal(ecc_decode(e, data, sizeof(data), par), -EBADMSG);
	/* a short last block and the 12-byte header use their own shortening */
	memcpy(data, orig, sizeof(data));
	assert_int_equal(ecc_encode(e, data, 12, par), 0);
	data[5] ^= 1;
	assert_int_equal(ecc_decode(e, data, 12, par), 1);
	assert_memory_equal(data, orig, 12);
	/* data and parity beyond one 255-symbol code word: the kernel fails such blocks */
	ecc_free(e);
	assert_int_equal(ecc_new(ctx, 200, &e), 0);
	assert_int_equal(ecc_decode(e, data, 128, par), -ERANGE);
	ecc_free(e);
	assert_int_equal(ecc_new(ctx, 0, &e), -EINVAL);
	pstore_unref(ctx);
}

/* A zone of @zsz bytes holding @log with the ring at @start (no ECC). */
static uint8_t *zone(uint64_t zsz, const char *log, uint32_t start, uint32_t size)
{
	uint8_t *z = calloc(1, zsz);

	assert_non_null(z);
	put32(z, PRZ_SIG);
	put32(z + 4, start);
	put32(z + 8, size);
	if (log)
		memcpy(z + PSTORE_PRZ_HEADER_SIZE, log, strlen(log));
	return z;
}

static void test_prz_states(void **state)
{
	struct prz p;
	uint8_t *z;

	(void)state;
	z = zone(4096, NULL, 0, 0);
	assert_int_equal(prz_decode(z, 4096, 0, NULL, 0, false, &p), 0);
	assert_int_equal(p.state, PSTORE_ZONE_EMPTY);
	assert_true(p.capacity == 4096 - 12);
	free(z);

	z = zone(4096, "hello", 5, 5);
	assert_int_equal(prz_decode(z, 4096, 0, NULL, 0, false, &p), 0);
	assert_int_equal(p.state, PSTORE_ZONE_VALID);
	assert_int_equal(p.len, 5);
	assert_memory_equal(p.data, "hello", 5);
	prz_done(&p);
	free(z);

	/* a full ring: the old data from start, then the wrapped part */
	z = zone(24, "DEFGHIJKLABC", 9, 12);
	assert_int_equal(prz_decode(z, 24, 0, NULL, 0, false, &p), 0);
	assert_int_equal(p.state, PSTORE_ZONE_VALID);
	assert_memory_equal(p.data, "ABCDEFGHIJKL", 12);
	prz_done(&p);
	free(z);

	z = zone(4096, NULL, 0, 5000); /* size past the zone */
	assert_int_equal(prz_decode(z, 4096, 0, NULL, 0, false, &p), 0);
	assert_int_equal(p.state, PSTORE_ZONE_INVALID);
	put32(z + 8, 10);
	put32(z + 4, 11); /* start past size */
	assert_int_equal(prz_decode(z, 4096, 0, NULL, 0, false, &p), 0);
	assert_int_equal(p.state, PSTORE_ZONE_INVALID);
	put32(z, 0);
	assert_int_equal(prz_decode(z, 4096, 0, NULL, 0, false, &p), 0);
	assert_int_equal(p.state, PSTORE_ZONE_NO_SIGNATURE);
	/* ftrace: DBGC ^ LINUX_VERSION_CODE */
	put32(z, PRZ_SIG ^ 0x060100);
	put32(z + 4, 0);
	put32(z + 8, 0);
	assert_int_equal(prz_decode(z, 4096, 0, NULL, 0, false, &p), 0);
	assert_int_equal(p.state, PSTORE_ZONE_NO_SIGNATURE);
	assert_int_equal(prz_decode(z, 4096, 0, NULL, 0, true, &p), 0);
	assert_int_equal(p.state, PSTORE_ZONE_EMPTY);
	assert_int_equal(p.sig_xor, 0x060100);
	assert_int_equal(prz_decode(z, 8, 0, NULL, 0, false, &p), 0);
	assert_int_equal(p.state, PSTORE_ZONE_NO_SIGNATURE);
	free(z);
}

/* A zone with ECC laid out as ram_core.c does: data, block parity, header parity. */
static void test_prz_ecc(void **state)
{
	struct pstore_ctx *ctx = unit_ctx(NULL);
	const uint64_t zsz = 1024, ecc = 16, buf = zsz - 12;
	const uint64_t blocks = (buf - ecc + 128 + ecc - 1) / (128 + ecc);
	const uint64_t usable = buf - (blocks + 1) * ecc;
	uint8_t *z = calloc(1, zsz), *data = z + 12, *par = data + usable;
	struct ecc *e = NULL;
	char notice[PSTORE_ECC_NOTICE_MAX];
	struct prz p;

	(void)state;
	assert_int_equal(ecc_new(ctx, (unsigned)ecc, &e), 0);
	for (uint64_t i = 0; i < usable; i++)
		data[i] = (uint8_t)('a' + i % 26);
	put32(z, PRZ_SIG);
	put32(z + 4, (uint32_t)usable);
	put32(z + 8, (uint32_t)usable);
	for (uint64_t b = 0; b * 128 < usable; b++) {
		uint64_t len = usable - b * 128 < 128 ? usable - b * 128 : 128;

		assert_int_equal(ecc_encode(e, data + b * 128, (size_t)len, par + b * ecc), 0);
	}
	assert_int_equal(ecc_encode(e, z, 12, par + blocks * ecc), 0);
	z[9] ^= 0x40;      /* the header's size */
	data[3] ^= 1;      /* block 0: one byte */
	for (int k = 0; k < 9; k++)
		data[128 + k * 3] ^= 0xff; /* block 1: beyond */
	assert_int_equal(prz_decode(z, zsz, (uint32_t)ecc, e, 0, false, &p), 0);
	assert_int_equal(p.state, PSTORE_ZONE_VALID);
	assert_int_equal(p.size, usable);
	assert_int_equal(p.corrected, 2);
	assert_int_equal(p.bad_blocks, 1);
	assert_int_equal(p.data[3], 'a' + 3);
	assert_int_equal(prz_ecc_notice((uint32_t)ecc, p.corrected, p.bad_blocks, notice), 48);
	assert_string_equal(notice, "\nECC: 2 Corrected bytes, 1 unrecoverable blocks\n");
	assert_int_equal(prz_ecc_notice(16, 0, 0, notice), 25);
	assert_string_equal(notice, "\nECC: No errors detected\n");
	assert_int_equal(prz_ecc_notice(0, 0, 0, notice), 0);
	prz_done(&p);
	ecc_free(e);
	free(z);
	pstore_unref(ctx);
}

static void test_kmsg_header(void **state)
{
	static const struct {
		const char *in;
		size_t len;
		int64_t sec;
		long usec;
		bool c;
	} cases[] = {
		{ "====1764630000.123456-C\nxyz", 24, 1764630000, 123456, true },
		{ "====12.000001-D\nPanic#1", 16, 12, 1, false },
		{ "====12.5\nPanic#1", 9, 12, 5, false },        /* before -C/-D existed */
		{ "====12.5-C\n\n\nx", 13, 12, 5, true },        /* "\n" skips all white space */
		{ "===12.5-C\n", 0, 0, 0, false },
		{ "====x.5-C\n", 0, 0, 0, false },
		{ "Panic#1 Part1\n", 0, 0, 0, false },
	};
	int64_t sec;
	long usec;
	bool c;

	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
		size_t n = prz_kmsg_header((const uint8_t *)cases[i].in, strlen(cases[i].in),
					   &sec, &usec, &c);

		assert_int_equal(n, cases[i].len);
		if (n) {
			assert_true(sec == cases[i].sec);
			assert_int_equal(usec, cases[i].usec);
			assert_int_equal(c, cases[i].c);
		}
	}
	/* a header cut short never reads past the buffer */
	assert_int_equal(prz_kmsg_header((const uint8_t *)"====1", 5, &sec, &usec, &c), 0);
}

static void test_codecs(void **state)
{
	static const char text[] = "Panic#1 Part1\nhello zstd\n";
	static const uint8_t zst[] = { 0x28, 0xb5, 0x2f, 0xfd, 0x00, 0x58, 0xc9, 0x00, 0x00,
				       'P', 'a', 'n', 'i', 'c', '#', '1', ' ', 'P', 'a', 'r',
				       't', '1', '\n', 'h', 'e', 'l', 'l', 'o', ' ', 'z', 's',
				       't', 'd', '\n' };
	struct pstore_ctx *ctx = unit_ctx(NULL);
	uint8_t in[256], *out = NULL;
	size_t outlen, n = strlen(text);
	z_stream zs = { 0 };

	(void)state;
	/* raw deflate, as pstore writes it */
	assert_int_equal(deflateInit2(&zs, 9, Z_DEFLATED, -MAX_WBITS, 8, Z_DEFAULT_STRATEGY), Z_OK);
	zs.next_in = (Bytef *)(uintptr_t)text;
	zs.avail_in = (uInt)n;
	zs.next_out = in;
	zs.avail_out = sizeof(in);
	assert_int_equal(deflate(&zs, Z_FINISH), Z_STREAM_END);
	assert_int_equal(codec_decompress(ctx, PSTORE_COMPRESS_DEFLATE, in, zs.total_out, 1 << 20,
					  &out, &outlen), 0);
	assert_int_equal(outlen, n);
	assert_memory_equal(out, text, n);
	free(out);
	assert_int_equal(codec_decompress(ctx, PSTORE_COMPRESS_DEFLATE, in, 3, 1 << 20, &out,
					  &outlen), -EBADMSG);
	deflateEnd(&zs);
	/* zstd (a frame made by zstd(1)) */
	assert_int_equal(codec_decompress(ctx, PSTORE_COMPRESS_ZSTD, zst, sizeof(zst), 1 << 20,
					  &out, &outlen), 0);
	assert_memory_equal(out, text, n);
	free(out);
	/* lz4: one block of literals (token 0xF0, length 15 + 10) */
	in[0] = 0xf0;
	in[1] = (uint8_t)(n - 15);
	memcpy(in + 2, text, n);
	assert_int_equal(codec_decompress(ctx, PSTORE_COMPRESS_LZ4, in, n + 2, 1 << 20, &out,
					  &outlen), 0);
	assert_int_equal(outlen, n);
	assert_memory_equal(out, text, n);
	free(out);
	/* lz4: bad data (a match before the start) is refused at once, not by growing the
	 * output buffer to the limit (half the address space here: it would end in ENOMEM) */
	memcpy(in, "\x10" "A" "\x05\x00", 4);
	assert_int_equal(codec_decompress(ctx, PSTORE_COMPRESS_LZ4, in, 4, SIZE_MAX / 2, &out,
					  &outlen), -EBADMSG);
	/* lz4: a block that inflates past the first buffer (64 KiB): "P", a match of 200,004
	 * bytes at offset 1 (4 + 15 + 784 * 255 + 65), then 5 literals */
	{
		uint8_t big[1024];
		size_t k = 0, want = 1 + 200004 + 5;

		big[k++] = 0x1f; /* 1 literal, match length 15 + more */
		big[k++] = 'P';
		big[k++] = 0x01; /* offset 1 */
		big[k++] = 0x00;
		for (size_t rest = 200004 - 4 - 15; ; rest -= 255) {
			big[k++] = (uint8_t)(rest >= 255 ? 255 : rest);
			if (rest < 255)
				break;
		}
		big[k++] = 0x50; /* the last sequence: 5 literals */
		memcpy(big + k, "Ptail", 5);
		k += 5;
		assert_int_equal(codec_decompress(ctx, PSTORE_COMPRESS_LZ4, big, k, 1 << 20, &out,
						  &outlen), 0);
		assert_int_equal(outlen, want);
		assert_int_equal(out[0], 'P');
		assert_int_equal(out[200004], 'P');
		assert_memory_equal(out + want - 5, "Ptail", 5);
		free(out);
		/* the same with a limit below its size */
		assert_int_equal(codec_decompress(ctx, PSTORE_COMPRESS_LZ4, big, k, 100000, &out,
						  &outlen), -EFBIG);
	}
	/* lzo1x: a literal run, then the end-of-stream marker */
	in[0] = (uint8_t)(17 + n);
	memcpy(in + 1, text, n);
	memcpy(in + 1 + n, "\x11\x00\x00", 3);
	assert_int_equal(codec_decompress(ctx, PSTORE_COMPRESS_LZO, in, n + 4, 1 << 20, &out,
					  &outlen), 0);
	assert_memory_equal(out, text, n);
	free(out);
	assert_int_equal(codec_decompress(ctx, PSTORE_COMPRESS_LZO, in, n, 1 << 20, &out, &outlen),
			 -EBADMSG);
	assert_string_equal(pstore_compress_to_string(PSTORE_COMPRESS_LZ4HC), "lz4hc");
	assert_int_equal(pstore_compress_from_string("zstd"), PSTORE_COMPRESS_ZSTD);
	assert_int_equal(pstore_compress_from_string("842"), -EINVAL);
	pstore_unref(ctx);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_ecc_flips),   cmocka_unit_test(test_prz_states),
		cmocka_unit_test(test_prz_ecc),     cmocka_unit_test(test_kmsg_header),
		cmocka_unit_test(test_codecs),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
