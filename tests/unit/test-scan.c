/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Unit tests of lib/scan.c: the layout inferred from zone headers in a raw image whose
 * span is larger than the region (memory before and after it, as in a vmcore); and of
 * lib/image.c's opening of a broken makedumpfile file, the scan's input, and the memory
 * that opening may take.
 */
#include <fcntl.h>
#include <sys/resource.h>
#include <unistd.h>

#include "image.h"
#include "unit.h"

#define ZONE (64u << 10)

/* A zone of ZONE bytes at @z (no ECC) holding a dmesg log (@dmesg) or console text. */
static void put_zone(uint8_t *z, bool dmesg)
{
	const char *log = dmesg ? "====1700000000.000000-D\nPanic#1 Part1\nlog\n"
				: "[    0.000000] Linux version\n";
	size_t len = strlen(log);

	put32(z, PRZ_SIG);
	put32(z + 4, (uint32_t)len);
	put32(z + 8, (uint32_t)len);
	memcpy(z + PSTORE_PRZ_HEADER_SIZE, log, len);
}

/* A raw image file of @before zero bytes, @ndmesg dmesg zones, @ntext console-like zones,
 * then @after zero bytes; the scan of all of it from address 0. */
static struct pstore_scan *scan_span(uint64_t before, unsigned ndmesg, unsigned ntext,
				     uint64_t after)
{
	struct pstore_ctx *ctx = unit_ctx(NULL);
	struct pstore_image *img = NULL;
	struct pstore_scan *s = NULL;
	char path[] = "/tmp/pstore-test-scan.XXXXXX";
	size_t rlen = (size_t)(ndmesg + ntext) * ZONE;
	uint8_t *region = calloc(1, rlen);
	int fd = mkstemp(path);

	assert_non_null(region);
	assert_true(fd >= 0);
	for (unsigned i = 0; i < ndmesg + ntext; i++)
		put_zone(region + (size_t)i * ZONE, i < ndmesg);
	assert_int_equal(pwrite(fd, region, rlen, (off_t)before), (ssize_t)rlen);
	assert_int_equal(ftruncate(fd, (off_t)(before + rlen + after)), 0);
	close(fd);
	free(region);
	assert_int_equal(pstore_image_open(ctx, path, &img), 0);
	assert_int_equal(pstore_scan_image(ctx, img, 0, before + rlen + after, &s), 0);
	pstore_image_free(img);
	unlink(path);
	pstore_unref(ctx);
	return s;
}

/* The region found starts at the first header and ends after the last zone found. */
static void test_scan_region_bounds(void **state)
{
	struct pstore_scan *s;
	const struct pstore_layout_params *p;

	(void)state;
	/* 16 dmesg zones in the middle of 8 MiB */
	s = scan_span(3u << 20, 16, 0, (4u << 20) + 12345);
	p = pstore_scan_get_params(s);
	assert_int_equal(p->mem_address, 3u << 20);
	assert_int_equal(p->mem_size, 16 * ZONE);
	assert_int_equal(p->record_size, ZONE);
	assert_int_equal(p->console_size, 0);
	assert_int_equal(p->pmsg_size, 0);
	assert_int_equal(p->ftrace_size, 0);
	pstore_scan_free(s);

	/* 6 dmesg zones, a console and a pmsg zone: the last zone's size is the smallest that
	 * holds its log (a page), the rest of the span is not the region */
	s = scan_span(ZONE, 6, 2, 5u << 20);
	p = pstore_scan_get_params(s);
	assert_int_equal(p->mem_address, ZONE);
	assert_int_equal(p->record_size, ZONE);
	assert_int_equal(p->console_size, ZONE);
	assert_int_equal(p->pmsg_size, 4096u);
	assert_int_equal(p->mem_size, 7 * ZONE + 4096u);
	assert_int_equal(pstore_scan_get_confidence(s), PSTORE_SCAN_GUESS);
	pstore_scan_free(s);

	/* a span that is the region (the rest after the last header a power of two): as
	 * before, the last zone runs to the span's end */
	s = scan_span(0, 6, 2, 0);
	p = pstore_scan_get_params(s);
	assert_int_equal(p->mem_address, 0);
	assert_int_equal(p->mem_size, 8 * ZONE);
	assert_int_equal(p->pmsg_size, ZONE);
	pstore_scan_free(s);
}

/*
 * A makedumpfile (compressed kdump) signature with a broken header: libkdumpfile 0.5.1
 * fails to open it and then crashes in kdump_free() (fuzz-image). The open fails with
 * libkdumpfile's reason, and this process goes on.
 */
static void test_broken_makedumpfile(void **state)
{
	struct pstore_ctx *ctx = unit_ctx(NULL);
	struct pstore_image *img = NULL;
	char path[] = "/tmp/pstore-test-scan.XXXXXX";
	static const char *const sigs[] = { "KDUMP   ", "DISKDUMP" };
	int fd;

	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(sigs); i++) {
		assert_true((fd = mkstemp(path)) >= 0);
		assert_int_equal(write(fd, sigs[i], 8), 8);
		assert_int_equal(ftruncate(fd, 8192), 0);
		close(fd);
		assert_int_equal(pstore_image_open(ctx, path, &img), -EINVAL);
		assert_null(img);
		assert_non_null(strstr(pstore_errmsg(ctx), ": not a vmcore libkdumpfile can read: "));
		assert_non_null(strstr(pstore_errmsg(ctx), "diskdump header"));
		unlink(path);
		memcpy(path + strlen(path) - 6, "XXXXXX", 6);
	}
	pstore_unref(ctx);
}

/* Whether setrlimit(RLIMIT_AS) takes effect: qemu-user (the cross suite) ignores it. */
static bool rlimit_as_works(void)
{
	struct rlimit r0, r1;
	bool works;

	if (getrlimit(RLIMIT_AS, &r0) < 0 || r0.rlim_cur < 2)
		return false;
	r1 = r0;
	r1.rlim_cur--;
	works = setrlimit(RLIMIT_AS, &r1) == 0 && getrlimit(RLIMIT_AS, &r1) == 0 &&
		r1.rlim_cur == r0.rlim_cur - 1;
	assert_int_equal(setrlimit(RLIMIT_AS, &r0), 0);
	return works;
}

/*
 * A 427-byte makedumpfile header (fuzz-image, minimised) whose sizes say a 15 GiB page
 * bitmap: libkdumpfile allocated it and read it, 14 GiB and over a minute for one open.
 * The probe's memory is capped: refused at once; no process of the test grew past 512 MiB.
 */
static void test_makedumpfile_memory(void **state)
{
	struct pstore_ctx *ctx;
	struct pstore_image *img = NULL;
	char path[] = "/tmp/pstore-test-scan.XXXXXX";
	uint8_t h[427] = "KDUMP   ";
	struct rusage ru;
	int fd;

	(void)state;
	if (!rlimit_as_works())
		skip();
	ctx = unit_ctx(NULL);
	h[11] = 0x43; /* header_version */
	h[418] = 1;
	h[426] = 7;
	assert_true((fd = mkstemp(path)) >= 0);
	assert_int_equal(write(fd, h, sizeof(h)), sizeof(h));
	close(fd);
	assert_int_equal(pstore_image_open(ctx, path, &img), -EINVAL);
	assert_null(img);
	assert_non_null(strstr(pstore_errmsg(ctx), ": not a vmcore libkdumpfile can read: "));
	assert_int_equal(getrusage(RUSAGE_CHILDREN, &ru), 0);
	assert_true(ru.ru_maxrss < 512 * 1024);
	unlink(path);
	pstore_unref(ctx);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_scan_region_bounds),
		cmocka_unit_test(test_broken_makedumpfile),
		cmocka_unit_test(test_makedumpfile_memory),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
