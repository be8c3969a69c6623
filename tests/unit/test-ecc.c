/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Unit tests of lib/ecc.c's fast path: clean blocks are checked against a parity table
 * (made with libfec's encoder) and only the others reach libfec's decoder. The fast path
 * and libfec's decoder alone (ecc_set_fast false) must give the same answers: clean
 * blocks pass untouched, a bad byte is corrected and counted, a block beyond the code's
 * strength is marked uncorrectable; for every ECC size and block length (the header, a
 * short last block), in data and in parity.
 */
#include "image.h"
#include "unit.h"

static uint32_t rnd_state = 12345;

static uint8_t rnd(void)
{
	rnd_state = rnd_state * 1103515245u + 12345u;
	return (uint8_t)(rnd_state >> 16);
}

/* ecc_decode of a copy with both codecs: the same result and the same bytes after */
static int both(struct ecc *fast, struct ecc *full, const uint8_t *data, size_t len,
		const uint8_t *par, unsigned nroots, uint8_t *out, uint8_t *outpar)
{
	uint8_t d2[128], p2[64];
	int a, b;

	memcpy(out, data, len);
	memcpy(outpar, par, nroots);
	memcpy(d2, data, len);
	memcpy(p2, par, nroots);
	a = ecc_decode(fast, out, len, outpar);
	b = ecc_decode(full, d2, len, p2);
	assert_int_equal(a, b);
	assert_memory_equal(out, d2, len);
	assert_memory_equal(outpar, p2, nroots);
	return a;
}

static void test_fast_matches_full(void **state)
{
	static const unsigned roots[] = { 2, 4, 6, 8, 16, 20, 32, 40 };
	static const size_t lens[] = { 1, 12, 77, 127, 128 };
	struct pstore_ctx *ctx = unit_ctx(NULL);

	(void)state;
	for (size_t ri = 0; ri < ARRAY_SIZE(roots); ri++) {
		unsigned nr = roots[ri];
		struct ecc *fast = NULL, *full = NULL;

		assert_int_equal(ecc_new(ctx, nr, &fast), 0);
		assert_int_equal(ecc_new(ctx, nr, &full), 0);
		ecc_set_fast(full, false);
		ecc_set_fast(fast, true);
		for (size_t li = 0; li < ARRAY_SIZE(lens); li++) {
			size_t len = lens[li];

			for (int round = 0; round < 20; round++) {
				uint8_t data[128], par[64], out[128], outpar[64], bad[128];
				int n;

				for (size_t i = 0; i < len; i++)
					data[i] = rnd();
				assert_int_equal(ecc_encode(full, data, len, par), 0);
				/* clean: passes untouched */
				assert_int_equal(both(fast, full, data, len, par, nr, out, outpar), 0);
				assert_memory_equal(out, data, len);
				/* one bad data byte: corrected and counted */
				memcpy(bad, data, len);
				bad[rnd() % len] ^= (uint8_t)(rnd() | 1);
				assert_int_equal(both(fast, full, bad, len, par, nr, out, outpar), 1);
				assert_memory_equal(out, data, len);
				assert_memory_equal(outpar, par, nr);
				/* one bad parity byte: corrected too */
				memcpy(bad, par, nr);
				bad[rnd() % nr] ^= 0x80;
				assert_int_equal(both(fast, full, data, len, bad, nr, out, outpar), 1);
				assert_memory_equal(outpar, par, nr);
				/* beyond the strength (nr / 2 symbols): the same answer either way,
				 * uncorrectable or a wrong code word, never different */
				if (len > nr / 2 + 1) {
					memcpy(bad, data, len);
					for (unsigned k = 0; k <= nr / 2; k++)
						bad[(k * 7 + (unsigned)round) % len] ^= (uint8_t)(k + 1);
					n = both(fast, full, bad, len, par, nr, out, outpar);
					assert_true(n == -EBADMSG || n > 0);
				}
			}
		}
		ecc_free(fast);
		ecc_free(full);
	}
	pstore_unref(ctx);
}

/* The three cases the brief names, on a full block with the default ECC size (16). */
static void test_fast_cases(void **state)
{
	struct pstore_ctx *ctx = unit_ctx(NULL);
	struct ecc *fast = NULL, *full = NULL;
	uint8_t data[128], orig[128], par[16], p2[16];

	(void)state;
	assert_int_equal(ecc_new(ctx, 16, &fast), 0);
	assert_int_equal(ecc_new(ctx, 16, &full), 0);
	ecc_set_fast(full, false);
	ecc_set_fast(fast, true);
	for (size_t i = 0; i < sizeof(data); i++)
		data[i] = (uint8_t)("kernel log text "[i % 16] + i / 16);
	memcpy(orig, data, sizeof(data));
	assert_int_equal(ecc_encode(fast, data, sizeof(data), par), 0);
	/* clean */
	assert_int_equal(ecc_decode(fast, data, sizeof(data), par), 0);
	assert_int_equal(ecc_decode(full, data, sizeof(data), par), 0);
	assert_memory_equal(data, orig, sizeof(data));
	/* one bad byte: corrected and counted by both */
	data[64] ^= 0x55;
	assert_int_equal(ecc_decode(fast, data, sizeof(data), par), 1);
	assert_memory_equal(data, orig, sizeof(data));
	data[64] ^= 0x55;
	assert_int_equal(ecc_decode(full, data, sizeof(data), par), 1);
	assert_memory_equal(data, orig, sizeof(data));
	/* 9 bad bytes (beyond 8): uncorrectable for both, the data left as it was */
	for (int k = 0; k < 9; k++)
		data[k * 13] ^= 0x3c;
	memcpy(orig, data, sizeof(data));
	memcpy(p2, par, sizeof(par));
	assert_int_equal(ecc_decode(fast, data, sizeof(data), par), -EBADMSG);
	assert_memory_equal(data, orig, sizeof(data));
	assert_int_equal(ecc_decode(full, data, sizeof(data), p2), -EBADMSG);
	ecc_free(fast);
	ecc_free(full);
	pstore_unref(ctx);
}

/* A zone with ECC: the same state, counts and old log with and without the fast path. */
static void test_zone_fast_vs_full(void **state)
{
	struct pstore_ctx *ctx = unit_ctx(NULL);
	const uint64_t zsz = 4096, ecc = 16, bufsz = zsz - 12;
	const uint64_t blocks = (bufsz - ecc + 128 + ecc - 1) / (128 + ecc);
	const uint64_t usable = bufsz - (blocks + 1) * ecc;
	struct ecc *fast = NULL, *full = NULL;
	uint8_t *z = calloc(1, zsz), *z2 = malloc(zsz), *data = z + 12, *par = data + usable;
	struct prz a, b;

	(void)state;
	assert_non_null(z);
	assert_non_null(z2);
	assert_int_equal(ecc_new(ctx, (unsigned)ecc, &fast), 0);
	assert_int_equal(ecc_new(ctx, (unsigned)ecc, &full), 0);
	ecc_set_fast(full, false);
	ecc_set_fast(fast, true);
	memcpy(z, "DBGC", 4);
	z[4] = 0x10; /* start 0x310, size 0x310: a ring that did not wrap */
	z[5] = 0x03;
	z[8] = 0x10;
	z[9] = 0x03;
	for (uint64_t i = 0; i < usable; i++)
		data[i] = (uint8_t)('a' + i % 26);
	for (uint64_t o = 0, bl = 0; o < usable; o += 128, bl++)
		assert_int_equal(ecc_encode(fast, data + o, (size_t)(usable - o < 128 ? usable - o : 128),
					    par + bl * ecc), 0);
	assert_int_equal(ecc_encode(fast, z, 12, par + blocks * ecc), 0);
	data[3] ^= 1;          /* block 0: 1 byte */
	data[300] ^= 2;        /* block 2: 2 bytes */
	data[301] ^= 2;
	for (int k = 0; k < 9; k++) /* block 5: beyond the strength */
		data[5 * 128 + k * 11] ^= 0x77;
	memcpy(z2, z, zsz);
	assert_int_equal(prz_decode(z, zsz, (uint32_t)ecc, fast, 0, false, &a), 0);
	assert_int_equal(prz_decode(z2, zsz, (uint32_t)ecc, full, 0, false, &b), 0);
	assert_int_equal(a.state, PSTORE_ZONE_VALID);
	assert_int_equal(a.state, b.state);
	assert_int_equal(a.corrected, 3);
	assert_int_equal(a.corrected, b.corrected);
	assert_int_equal(a.bad_blocks, 1);
	assert_int_equal(a.bad_blocks, b.bad_blocks);
	assert_int_equal(a.len, b.len);
	assert_memory_equal(a.data, b.data, a.len);
	prz_done(&a);
	prz_done(&b);
	ecc_free(fast);
	ecc_free(full);
	free(z);
	free(z2);
	pstore_unref(ctx);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_fast_matches_full),
		cmocka_unit_test(test_fast_cases),
		cmocka_unit_test(test_zone_fast_vs_full),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
