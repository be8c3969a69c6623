/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Unit tests of lib/util.c and lib/ctx.c: sizes, sysroot paths, durable writes. */
#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>

#include "unit.h"
#include "strtab.h"
#include "shared/strbuf.h"

static void test_parse_size(void **state)
{
	static const struct {
		const char *in;
		uint64_t out;
	} good[] = {
		{ "0", 0 },           { "4096", 4096 },         { "0x1000", 4096 },
		{ "64K", 65536 },     { "64k", 65536 },         { "1M", 1048576 },
		{ "1MiB", 1048576 },  { "2G", 2147483648ull },  { "0x10M", 16ull << 20 },
		{ "1T", 1ull << 40 }, { "18446744073709551615", UINT64_MAX },
		/* util-linux: "MB" is 10^6, "MiB" and "M" are 2^20 */
		{ "1MB", 1000000 },   { "64KB", 64000 },        { "2GB", 2000000000ull },
		{ "1KiB", 1024 },
	};
	static const char *const bad[] = { "", "M", "1X", "-1", " 1", "1M2", "1MB2", "0xZ",
					    "+4" };
	uint64_t v;

	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(good); i++) {
		v = 1234;
		assert_int_equal(pstore_parse_size(good[i].in, &v), 0);
		assert_true(v == good[i].out);
	}
	for (size_t i = 0; i < ARRAY_SIZE(bad); i++)
		assert_int_equal(pstore_parse_size(bad[i], &v), -EINVAL);
	assert_int_equal(pstore_parse_size("16E", &v), -ERANGE);
	assert_int_equal(pstore_parse_size("19EB", &v), -ERANGE);
	assert_int_equal(pstore_parse_size("18EB", &v), 0);
	assert_int_equal(pstore_parse_size("18446744073709551616", &v), -ERANGE);
	assert_int_equal(pstore_parse_u64("1K", &v), -EINVAL);
	assert_int_equal(pstore_parse_u64("0x20", &v), 0);
	assert_true(v == 32);
}

static void test_sysroot_path(void **state)
{
	char root[] = "/tmp/pstore-unit-root.XXXXXX", *slashes = NULL, *want = NULL;
	struct pstore_ctx *ctx;
	char *p = NULL;

	(void)state;
	assert_non_null(mkdtemp(root));
	assert_true(asprintf(&slashes, "%s//", root) > 0);
	assert_true(asprintf(&want, "%s/proc/iomem", root) > 0);
	assert_int_equal(pstore_new(slashes, &ctx), 0);
	assert_string_equal(pstore_get_sysroot(ctx), root);
	assert_int_equal(pstore_path(ctx, "/proc/iomem", &p), 0);
	assert_string_equal(p, want);
	free(p);
	free(slashes);
	free(want);
	assert_int_equal(pstore_path(ctx, "relative", &p), -EINVAL);
	pstore_unref(ctx);

	assert_int_equal(pstore_new("/", &ctx), 0);
	assert_int_equal(pstore_path(ctx, "/proc/iomem", &p), 0);
	assert_string_equal(p, "/proc/iomem");
	free(p);
	assert_null(pstore_unref(ctx));
	assert_null(pstore_unref(NULL));
	rmdir(root);
}

/* A sysroot that is not there (or not a directory) is an error, not an empty system. */
static void test_sysroot_missing(void **state)
{
	struct pstore_ctx *ctx = NULL;

	(void)state;
	assert_int_equal(pstore_new("/nonexistent/pstore-unit-sysroot", &ctx), -ENOENT);
	assert_null(ctx);
	assert_int_equal(pstore_new("/dev/null", &ctx), -ENOTDIR);
	assert_null(ctx);
}

static void test_errmsg_names_file(void **state)
{
	struct pstore_ctx *ctx = unit_ctx("dts"); /* a sysroot without /proc */
	char *buf = NULL;
	size_t len;

	(void)state;
	assert_null(pstore_errmsg(ctx));
	assert_int_equal(pstore_read_sysfile(ctx, "/proc/iomem", &buf, &len), -ENOENT);
	assert_non_null(strstr(pstore_errmsg(ctx), "dts/proc/iomem"));
	pstore_clear_error(ctx);
	assert_null(pstore_errmsg(ctx));
	pstore_unref(ctx);
}

static void test_read_fd_limits(void **state)
{
	char path[] = "/tmp/pstore-unit-read-XXXXXX", *buf = NULL;
	int fd = mkstemp(path);
	size_t len = 0;

	(void)state;
	assert_true(fd >= 0);
	assert_int_equal(pstore_write_all(fd, "12345678", 8), 0);

	/* a small limit still reads a smaller file */
	assert_int_equal(lseek(fd, 0, SEEK_SET), 0);
	assert_int_equal(pstore_read_fd(fd, 4096, &buf, &len), 0);
	assert_int_equal(len, 8);
	assert_string_equal(buf, "12345678");
	free(buf);
	/* exactly the limit is fine, one byte less is too small */
	assert_int_equal(lseek(fd, 0, SEEK_SET), 0);
	assert_int_equal(pstore_read_fd(fd, 8, &buf, &len), 0);
	free(buf);
	assert_int_equal(lseek(fd, 0, SEEK_SET), 0);
	assert_int_equal(pstore_read_fd(fd, 7, &buf, &len), -EFBIG);
	/* an empty file gives an empty, terminated buffer */
	assert_int_equal(ftruncate(fd, 0), 0);
	assert_int_equal(lseek(fd, 0, SEEK_SET), 0);
	assert_int_equal(pstore_read_fd(fd, 16, &buf, &len), 0);
	assert_int_equal(len, 0);
	assert_string_equal(buf, "");
	free(buf);
	close(fd);
	unlink(path);
}

static int count_entries(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *de;
	int n = 0;

	assert_non_null(d);
	while ((de = readdir(d)))
		if (!streq(de->d_name, ".") && !streq(de->d_name, ".."))
			n++;
	closedir(d);
	return n;
}

static void test_atomic_write(void **state)
{
	struct pstore_ctx *ctx = unit_ctx(NULL);
	char dir[] = "/tmp/pstore-unit-XXXXXX", path[64], *buf = NULL;
	struct pstore_atomic a;
	size_t len;

	(void)state;
	assert_non_null(mkdtemp(dir));
	snprintf(path, sizeof(path), "%s/out", dir);

	/* commit replaces the target with the new content, leaving no temporary file */
	assert_int_equal(pstore_atomic_open(ctx, path, 0644, &a), 0);
	assert_int_equal(pstore_write_all(a.fd, "first", 5), 0);
	assert_int_equal(pstore_atomic_commit(ctx, &a), 0);
	assert_int_equal(pstore_read_userfile(ctx, path, &buf, &len), 0);
	assert_int_equal(len, 5);
	assert_memory_equal(buf, "first", 5);
	free(buf);
	assert_int_equal(count_entries(dir), 1);

	/* abort leaves the old content and removes the temporary file */
	assert_int_equal(pstore_atomic_open(ctx, path, 0644, &a), 0);
	assert_int_equal(pstore_write_all(a.fd, "second", 6), 0);
	assert_int_equal(count_entries(dir), 2);
	pstore_atomic_abort(&a);
	assert_int_equal(count_entries(dir), 1);
	assert_int_equal(pstore_read_userfile(ctx, path, &buf, &len), 0);
	assert_memory_equal(buf, "first", 5);
	free(buf);

	/* a directory that does not exist is an error naming the path */
	assert_true(pstore_atomic_open(ctx, "/nonexistent-dir/x", 0644, &a) < 0);
	assert_non_null(strstr(pstore_errmsg(ctx), "/nonexistent-dir/x"));

	unlink(path);
	rmdir(dir);
	pstore_unref(ctx);
}

/* One table makes both directions; gaps and out-of-range values have no name. */
static void test_enum_names(void **state)
{
	static const char names[][6] = { [0] = "zero", [2] = "two", [3] = "three" };

	(void)state;
	assert_string_equal(STRTAB_NAME(names, 0), "zero");
	assert_string_equal(STRTAB_NAME(names, 3), "three");
	assert_null(STRTAB_NAME(names, 1));
	assert_null(STRTAB_NAME(names, 4));
	assert_null(STRTAB_NAME(names, -1));
	assert_int_equal(STRTAB_VALUE(names, "two"), 2);
	assert_int_equal(STRTAB_VALUE(names, "three"), 3);
	assert_int_equal(STRTAB_VALUE(names, "thre"), -EINVAL);
	assert_int_equal(STRTAB_VALUE(names, "TWO"), -EINVAL);
	assert_int_equal(STRTAB_VALUE(names, ""), -EINVAL);
	assert_int_equal(STRTAB_VALUE(names, NULL), -EINVAL);
}

/* lib/shared/strbuf.c: JSON strings the library writes (reason.json, records.json) are
 * UTF-8 whatever bytes a record held. */
static void test_json_string(void **state)
{
	static const struct {
		const char *in;
		size_t len;
		const char *out;
	} cases[] = {
		{ "plain", 5, "\"plain\"" },
		{ "a\"b\\c", 5, "\"a\\\"b\\\\c\"" },
		{ "l1\nl2\t\r", 7, "\"l1\\nl2\\t\\r\"" },
		{ "\x1b[2J\x7f", 5, "\"\\u001b[2J\\u007f\"" },
		{ "caf\xc3\xa9", 5, "\"caf\xc3\xa9\"" },          /* valid UTF-8 as is */
		{ "\xe0x\xff", 3, "\"\\ufffdx\\ufffd\"" },       /* invalid bytes */
		{ "\xc2\x85!", 3, "\"\\u0085!\"" },                 /* a C1 control */
		{ "\xe2\x82", 2, "\"\\ufffd\\ufffd\"" },         /* truncated */
		{ "nul\0in", 6, "\"nul\\u0000in\"" },
		{ "", 0, "\"\"" },
	};

	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
		struct strbuf sb = { 0 };

		assert_int_equal(strbuf_json_string(&sb, cases[i].in, cases[i].len), 0);
		assert_string_equal(sb.buf, cases[i].out);
		strbuf_free(&sb);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_parse_size),
		cmocka_unit_test(test_json_string),
		cmocka_unit_test(test_sysroot_path),
		cmocka_unit_test(test_sysroot_missing),
		cmocka_unit_test(test_errmsg_names_file),
		cmocka_unit_test(test_atomic_write),
		cmocka_unit_test(test_read_fd_limits),
		cmocka_unit_test(test_enum_names),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
