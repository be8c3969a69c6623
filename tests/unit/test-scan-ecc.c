/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Unit tests of lib/scan.c with ECC: the ECC size found from the first zone's header
 * parity (clean, one corrupted header byte, random data), and the size of a last zone
 * that the span does not bound, taken from where its header parity matches.
 */
#include <fcntl.h>
#include <unistd.h>

#include "image.h"
#include "unit.h"

#define ZONE (16u << 10)

/* The bytes a zone of @zsz bytes with @ecc parity bytes per block holds for its log. */
static uint64_t usable(uint64_t zsz, uint32_t ecc)
{
	uint64_t buf = zsz - PSTORE_PRZ_HEADER_SIZE;
	uint64_t blocks = (buf - ecc + PSTORE_ECC_BLOCK_SIZE + ecc - 1) /
			  (PSTORE_ECC_BLOCK_SIZE + ecc);

	return buf - (blocks + 1) * ecc;
}

/*
 * A zone of @zsz bytes at @z laid out as ram_core.c does with @ecc parity bytes per
 * block: header, @used bytes of a log that did not wrap (dmesg: "====" repeated, else
 * console-like text), block parity, header parity (the zone's last @ecc bytes).
 */
static void put_ecc_zone(struct pstore_ctx *ctx, uint8_t *z, uint64_t zsz, uint32_t ecc,
			 bool dmesg, uint64_t used)
{
	uint64_t n = usable(zsz, ecc);
	uint8_t *data = z + PSTORE_PRZ_HEADER_SIZE, *par = data + n;
	struct ecc *e = NULL;

	assert_true(used <= n);
	memset(z, 0, (size_t)zsz);
	/* a dmesg zone is all "=": a corrupted start still points at "====" */
	for (uint64_t i = 0; i < (dmesg ? n : used); i++)
		data[i] = dmesg ? (uint8_t)'=' : (uint8_t)"[    0.000000] Linux\n"[i % 21];
	put32(z, PRZ_SIG);
	put32(z + 4, (uint32_t)used);
	put32(z + 8, (uint32_t)used);
	assert_int_equal(ecc_new(ctx, ecc, &e), 0);
	for (uint64_t b = 0; b * PSTORE_ECC_BLOCK_SIZE < n; b++) {
		uint64_t len = n - b * PSTORE_ECC_BLOCK_SIZE;

		if (len > PSTORE_ECC_BLOCK_SIZE)
			len = PSTORE_ECC_BLOCK_SIZE;
		/* blocks do not fit a code word above 127 parity bytes (the kernel fails
		 * them too); only the header's parity counts here */
		if (len + ecc <= ECC_NN)
			assert_int_equal(ecc_encode(e, data + b * PSTORE_ECC_BLOCK_SIZE,
						    (size_t)len, par + b * ecc),
					 0);
	}
	assert_int_equal(ecc_encode(e, z, PSTORE_PRZ_HEADER_SIZE, z + zsz - ecc), 0);
	ecc_free(e);
}

/* The scan of @len bytes at @region, written to a raw image file with @after zero bytes
 * following. */
static struct pstore_scan *scan_buf(const uint8_t *region, size_t len, uint64_t after)
{
	struct pstore_ctx *ctx = unit_ctx(NULL);
	struct pstore_image *img = NULL;
	struct pstore_scan *s = NULL;
	char path[] = "/tmp/pstore-test-scan-ecc.XXXXXX";
	int fd = mkstemp(path);

	assert_true(fd >= 0);
	assert_int_equal(pwrite(fd, region, len, 0), (ssize_t)len);
	assert_int_equal(ftruncate(fd, (off_t)(len + after)), 0);
	close(fd);
	assert_int_equal(pstore_image_open(ctx, path, &img), 0);
	assert_int_equal(pstore_scan_image(ctx, img, 0, len + after, &s), 0);
	pstore_image_free(img);
	unlink(path);
	pstore_unref(ctx);
	return s;
}

static bool has_note(const struct pstore_scan *s, const char *part)
{
	for (size_t i = 0; i < pstore_scan_note_count(s); i++)
		if (strstr(pstore_scan_get_note(s, i), part))
			return true;
	return false;
}

/* Four dmesg zones of ZONE bytes with @ecc (the whole region: nothing guessed), the
 * first header's byte @flip XORed with 4 when @flip >= 0; the ECC size the scan finds. */
static uint32_t scan_ecc(uint32_t ecc, int flip, bool *corrected)
{
	struct pstore_ctx *ctx = unit_ctx(NULL);
	uint8_t *region = malloc(4 * ZONE);
	struct pstore_scan *s;
	uint32_t found;

	assert_non_null(region);
	for (unsigned i = 0; i < 4; i++)
		put_ecc_zone(ctx, region + i * ZONE, ZONE, ecc, true, 1000 + 100 * i);
	if (flip >= 0)
		region[flip] ^= 4;
	s = scan_buf(region, 4 * ZONE, 0);
	found = pstore_scan_get_params(s)->ecc_size;
	*corrected = has_note(s, "after correcting one byte");
	assert_int_equal(pstore_scan_get_params(s)->record_size, ZONE);
	pstore_scan_free(s);
	free(region);
	pstore_unref(ctx);
	return found;
}

/* Every ECC size is found from a clean header; one corrupted header byte is corrected
 * (ECC sizes of 8 and more, where one corrected symbol is still telling). */
static void test_scan_ecc_sizes(void **state)
{
	static const uint32_t sizes[] = { 2,  3,  4,  5,  7,   8,   9,   16, 17,
					  31, 32, 33, 64, 100, 128, 200, 242 };
	bool corrected;

	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(sizes); i++) {
		assert_int_equal(scan_ecc(sizes[i], -1, &corrected), sizes[i]);
		assert_false(corrected);
		if (sizes[i] < 8)
			continue;
		/* the start field's low byte (the log still starts with "===="), the first
		 * and the last byte of the header's parity */
		assert_int_equal(scan_ecc(sizes[i], 4, &corrected), sizes[i]);
		assert_true(corrected);
		assert_int_equal(scan_ecc(sizes[i], (int)(ZONE - sizes[i]), &corrected),
				 sizes[i]);
		assert_true(corrected);
		assert_int_equal(scan_ecc(sizes[i], ZONE - 1, &corrected), sizes[i]);
		assert_true(corrected);
	}
	/* one byte wrong is not enough to tell an ECC size below 8 */
	assert_int_equal(scan_ecc(4, 4, &corrected), 0);
}

/* Zone headers over random data: no ECC size matches by chance. */
static void test_scan_ecc_random(void **state)
{
	uint8_t *region = malloc(4 * ZONE);
	struct pstore_scan *s;
	uint32_t x = 12345;

	(void)state;
	assert_non_null(region);
	for (unsigned round = 0; round < 20; round++) {
		for (size_t i = 0; i < 4 * ZONE; i++) {
			x = x * 1103515245u + 12345u;
			region[i] = (uint8_t)(x >> 16);
		}
		for (unsigned i = 0; i < 4; i++) {
			put32(region + i * ZONE, PRZ_SIG);
			put32(region + i * ZONE + 4, 100);
			put32(region + i * ZONE + 8, 100);
		}
		s = scan_buf(region, 4 * ZONE, 0);
		assert_int_equal(pstore_scan_get_params(s)->ecc_size, 0);
		assert_true(has_note(s, "ECC: off"));
		pstore_scan_free(s);
	}
	free(region);
}

/*
 * With ECC, a last zone whose ring did not go round: the span goes on after it, so its
 * size is not bounded by a next header; the log alone would say a page, but a page with
 * ECC holds less than the log (and its header parity is not there). The size is the one
 * where the header parity matches.
 */
static void test_scan_ecc_last_zone(void **state)
{
	struct pstore_ctx *ctx = unit_ctx(NULL);
	uint8_t *region = malloc(4 * ZONE);
	const struct pstore_layout_params *p;
	struct pstore_scan *s;

	(void)state;
	assert_non_null(region);
	/* 2 dmesg zones, a console zone, a pmsg zone holding 4000 bytes */
	for (unsigned i = 0; i < 4; i++)
		put_ecc_zone(ctx, region + i * ZONE, ZONE, 16, i < 2, i == 3 ? 4000 : 300);
	s = scan_buf(region, 4 * ZONE, (5u << 20) + 12345);
	p = pstore_scan_get_params(s);
	assert_int_equal(p->ecc_size, 16);
	assert_int_equal(p->record_size, ZONE);
	assert_int_equal(p->console_size, ZONE);
	assert_int_equal(p->pmsg_size, ZONE);
	assert_int_equal(p->mem_size, 4 * ZONE);
	/* the parity says so: not a guess */
	assert_true(has_note(s, "where its header's parity (ECC 16) is"));
	assert_int_equal(pstore_scan_get_confidence(s), PSTORE_SCAN_CERTAIN);
	pstore_scan_free(s);

	/* one zone alone (the first is the last): its size and ECC size from its parity */
	put_ecc_zone(ctx, region, ZONE, 32, true, 5000);
	s = scan_buf(region, ZONE, (1u << 20) + 999);
	p = pstore_scan_get_params(s);
	assert_int_equal(p->ecc_size, 32);
	assert_int_equal(p->record_size, ZONE);
	assert_int_equal(p->mem_size, ZONE);
	pstore_scan_free(s);
	free(region);
	pstore_unref(ctx);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_scan_ecc_sizes),
		cmocka_unit_test(test_scan_ecc_random),
		cmocka_unit_test(test_scan_ecc_last_zone),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
