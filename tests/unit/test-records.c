/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Unit tests of the records stack: formats (lib/format.c), sources (lib/source*.c), the
 * streaming reader and inflate (lib/reader.c, lib/codec-zlib.c), probing and dumps. Expected values come from the kernel's formats (fs/pstore) and
 * from files a real kernel made (tests/fixtures/e2e-captured), not from this code.
 */
#include <fcntl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <zlib.h>

#include "unit.h"
#include "source.h"

static void test_type_names(void **state)
{
	/* fs/pstore/platform.c pstore_type_names[], in enum pstore_type_id order */
	static const char *const kernel[] = { "dmesg", "mce", "console", "ftrace", "rtas",
					      "powerpc-ofw", "powerpc-common", "pmsg",
					      "powerpc-opal" };

	(void)state;
	for (int i = 0; i < (int)ARRAY_SIZE(kernel); i++) {
		assert_string_equal(pstore_type_to_string(i), kernel[i]);
		assert_int_equal(pstore_type_from_string(kernel[i]), i);
	}
	assert_string_equal(pstore_type_to_string(PSTORE_TYPE_UNKNOWN), "unknown");
	assert_int_equal(pstore_type_from_string("nope"), -EINVAL);
	assert_null(pstore_type_to_string(_PSTORE_TYPE_MAX));
	assert_int_equal(pstore_reason_from_string("Panic"), PSTORE_REASON_PANIC);
	assert_string_equal(pstore_reason_to_string(PSTORE_REASON_EMERGENCY), "emergency");
	assert_null(pstore_ecc_to_string(PSTORE_ECC_NONE));
	assert_int_equal(pstore_ecc_from_string("uncorrectable"), PSTORE_ECC_UNCORRECTABLE);
	assert_int_equal(pstore_ecc_from_string("none"), -EINVAL);
	assert_int_equal(pstore_reason_from_string("POWEROFF"), PSTORE_REASON_POWEROFF);
	assert_int_equal(pstore_reason_from_string("Panic#1"), -EINVAL);
	assert_null(pstore_reason_to_string(_PSTORE_REASON_MAX));
}

static void test_name_parse(void **state)
{
	static const struct {
		const char *name;
		int ret;
		enum pstore_type type;
		const char *backend;
		bool has_id;
		uint64_t id;
		bool compressed;
	} cases[] = {
		{ "dmesg-ramoops-0", 0, PSTORE_TYPE_DMESG, "ramoops", true, 0, false },
		{ "dmesg-ramoops-61.enc.z", 0, PSTORE_TYPE_DMESG, "ramoops", true, 61, true },
		{ "console-ramoops-0", 0, PSTORE_TYPE_CONSOLE, "ramoops", true, 0, false },
		{ "console-ramoops", 0, PSTORE_TYPE_CONSOLE, "ramoops", false, 0, false },
		{ "ftrace-ramoops", 0, PSTORE_TYPE_FTRACE, "ramoops", false, 0, false },
		{ "pmsg-ramoops-0", 0, PSTORE_TYPE_PMSG, "ramoops", true, 0, false },
		{ "mce-erst-7349573049573049573", 0, PSTORE_TYPE_MCE, "erst", true,
		  7349573049573049573ull, false },
		{ "dmesg-efi_pstore-172958439101001", 0, PSTORE_TYPE_DMESG, "efi_pstore", true,
		  172958439101001ull, false },
		{ "dmesg-efi-1", 0, PSTORE_TYPE_DMESG, "efi", true, 1, false },
		{ "dmesg-pstore_blk-3", 0, PSTORE_TYPE_DMESG, "pstore_blk", true, 3, false },
		{ "powerpc-ofw-nvram-2", 0, PSTORE_TYPE_PPC_OFW, "nvram", true, 2, false },
		{ "powerpc-common-nvram-0", 0, PSTORE_TYPE_PPC_COMMON, "nvram", true, 0, false },
		{ "powerpc-opal-nvram-0", 0, PSTORE_TYPE_PPC_OPAL, "nvram", true, 0, false },
		{ "rtas-nvram-4", 0, PSTORE_TYPE_RTAS, "nvram", true, 4, false },
		{ "unknown-ramoops-9", 0, PSTORE_TYPE_UNKNOWN, "ramoops", true, 9, false },
		{ "dmesg-ramoops", -EINVAL, PSTORE_TYPE_UNKNOWN, "", false, 0, false },
		{ "dmesg-ramoops-", -EINVAL, PSTORE_TYPE_UNKNOWN, "", false, 0, false },
		{ "dmesg--0", -EINVAL, PSTORE_TYPE_UNKNOWN, "", false, 0, false },
		{ "dmesg-ramoops-99999999999999999999", -EINVAL, PSTORE_TYPE_UNKNOWN, "", false,
		  0, false },
		{ "README", -EINVAL, PSTORE_TYPE_UNKNOWN, "", false, 0, false },
		{ ".enc.z", -EINVAL, PSTORE_TYPE_UNKNOWN, "", false, 0, false },
		{ "", -EINVAL, PSTORE_TYPE_UNKNOWN, "", false, 0, false },
		{ "dmesg", -EINVAL, PSTORE_TYPE_UNKNOWN, "", false, 0, false },
		/* a mangled id is not an id-less name of backend "ramoops-0x": refused as for
		 * every other type (pmsg-ramoops-0x) */
		{ "console-ramoops-0x", -EINVAL, PSTORE_TYPE_UNKNOWN, "", false, 0, false },
		{ "ftrace-ramoops-12a", -EINVAL, PSTORE_TYPE_UNKNOWN, "", false, 0, false },
		{ "console-ramoops-", -EINVAL, PSTORE_TYPE_UNKNOWN, "", false, 0, false },
		{ "pmsg-ramoops-0x", -EINVAL, PSTORE_TYPE_UNKNOWN, "", false, 0, false },
		/* the archive's copies NAME.N say what NAME says (pstorectl-clear(8)) */
		{ "console-ramoops-0.1", 0, PSTORE_TYPE_CONSOLE, "ramoops", true, 0, false },
		{ "console-ramoops.2", 0, PSTORE_TYPE_CONSOLE, "ramoops", false, 0, false },
		{ "dmesg-ramoops-61.enc.z.3", 0, PSTORE_TYPE_DMESG, "ramoops", true, 61, true },
		{ "dmesg-ramoops-0.0", -EINVAL, PSTORE_TYPE_UNKNOWN, "", false, 0, false },
		{ "notes.1", -EINVAL, PSTORE_TYPE_UNKNOWN, "", false, 0, false },
	};

	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
		struct pstore_name pn = PSTORE_STRUCT_INIT(struct pstore_name);

		assert_int_equal(pstore_record_name_parse(cases[i].name, &pn), cases[i].ret);
		assert_int_equal(pn.type, cases[i].type);
		assert_string_equal(pn.backend, cases[i].backend);
		assert_int_equal(pn.has_id, cases[i].has_id);
		assert_true(pn.id == cases[i].id);
		assert_int_equal(pn.compressed, cases[i].compressed);
	}
}

static void test_dmesg_header(void **state)
{
	struct pstore_dmesg_header h = PSTORE_STRUCT_INIT(struct pstore_dmesg_header);
	static const char *const bad[] = { "Panic#1 Part1", "panic#1 Part1\n", "Panic#x Part1\n",
					   "Panic#1 Part\n", "Panic#1 Part1 \n", "Crash#1 Part1\n",
					   "#1 Part1\n", "Panic#1Part1\n", "" };
	char buf[64];

	(void)state;
	assert_int_equal(pstore_dmesg_header_parse("Panic#1 Part1\n<6>[", 18, &h), 0);
	assert_int_equal(h.reason, PSTORE_REASON_PANIC);
	assert_int_equal(h.count, 1);
	assert_int_equal(h.part, 1);
	assert_int_equal(h.len, 14);
	/* generated with the kernel's format "%s#%d Part%u\n" */
	snprintf(buf, sizeof(buf), "%s#%d Part%u\n", "Oops", 12, 3u);
	assert_int_equal(pstore_dmesg_header_parse(buf, strlen(buf), &h), 0);
	assert_int_equal(h.reason, PSTORE_REASON_OOPS);
	assert_int_equal(h.count, 12);
	assert_int_equal(h.part, 3);
	snprintf(buf, sizeof(buf), "%s#%d Part%u\n", "Restart", 2, 1u);
	assert_int_equal(pstore_dmesg_header_parse(buf, strlen(buf), &h), 0);
	assert_int_equal(h.reason, PSTORE_REASON_RESTART);
	for (size_t i = 0; i < ARRAY_SIZE(bad); i++)
		assert_int_equal(pstore_dmesg_header_parse(bad[i], strlen(bad[i]), &h), -EINVAL);
}

static void test_ecc_notice(void **state)
{
	struct pstore_ecc_notice n = PSTORE_STRUCT_INIT(struct pstore_ecc_notice);
	char buf[256];
	int len;

	(void)state;
	/* ram_core.c: "\nECC: No errors detected\n" */
	len = snprintf(buf, sizeof(buf), "log line\n%s", "\nECC: No errors detected\n");
	assert_int_equal(pstore_ecc_notice_parse(buf, (size_t)len, &n), 0);
	assert_int_equal(n.status, PSTORE_ECC_CLEAN);
	assert_int_equal(n.offset, 9);
	/* ram_core.c: "\nECC: %d Corrected bytes, %d unrecoverable blocks\n" */
	len = snprintf(buf, sizeof(buf), "x\n\nECC: %d Corrected bytes, %d unrecoverable blocks\n",
		       5, 0);
	assert_int_equal(pstore_ecc_notice_parse(buf, (size_t)len, &n), 0);
	assert_int_equal(n.status, PSTORE_ECC_CORRECTED);
	assert_int_equal(n.corrected, 5);
	assert_int_equal(n.offset, 2);
	len = snprintf(buf, sizeof(buf), "\nECC: %d Corrected bytes, %d unrecoverable blocks\n",
		       17, 2);
	assert_int_equal(pstore_ecc_notice_parse(buf, (size_t)len, &n), 0);
	assert_int_equal(n.status, PSTORE_ECC_UNCORRECTABLE);
	assert_int_equal(n.unrecoverable, 2);
	assert_int_equal(n.offset, 0);
	assert_int_equal(pstore_ecc_notice_parse("plain\n", 6, &n), -ENOENT);
	assert_int_equal(n.status, PSTORE_ECC_NONE);
	assert_int_equal(pstore_ecc_notice_parse("\nECC: lots\n", 11, &n), -ENOENT);
	assert_int_equal(pstore_ecc_notice_parse("", 0, &n), -ENOENT);
	assert_int_equal(pstore_ecc_notice_parse("\n", 1, &n), -ENOENT);
}

static void test_log_prefix(void **state)
{
	int level = -1, fac = -1;

	(void)state;
	assert_int_equal(pstore_log_prefix_parse("<6>[    0.0] x", 14, &level, &fac), 3);
	assert_int_equal(level, 6);
	assert_int_equal(fac, 0);
	assert_int_equal(pstore_log_prefix_parse("<14>user", 8, &level, &fac), 4);
	assert_int_equal(level, 6);
	assert_int_equal(fac, 1);
	assert_int_equal(pstore_log_prefix_parse("[    0.0] x", 11, &level, &fac), 0);
	assert_int_equal(pstore_log_prefix_parse("<>", 2, &level, &fac), 0);
	assert_int_equal(pstore_log_prefix_parse("<6", 2, &level, &fac), 0);
	assert_int_equal(pstore_log_level_from_string("err"), 3);
	assert_int_equal(pstore_log_level_from_string("7"), 7);
	assert_int_equal(pstore_log_level_from_string("loud"), -EINVAL);
	assert_string_equal(pstore_log_level_to_string(0), "emerg");
	/* util-linux's other names, and either case */
	assert_int_equal(pstore_log_level_from_string("Warning"), 4);
	assert_int_equal(pstore_log_level_from_string("error"), 3);
	assert_int_equal(pstore_log_level_from_string("DEBUG"), 7);
	assert_int_equal(pstore_log_level_from_string("8"), -EINVAL);
	assert_null(pstore_log_level_to_string(8));
	assert_null(pstore_log_level_to_string(-1));
}

static void test_mountinfo(void **state)
{
	static const char mi[] =
		"21 1 0:19 / /proc rw,relatime - proc proc rw\n"
		"25 22 0:22 / /sys/fs/pstore rw,relatime - pstore pstore rw\n";
	static const char esc[] = "30 1 0:40 / /mnt/my\\040dir rw shared:1 - pstore none rw\n";
	char *p = NULL;

	(void)state;
	assert_int_equal(pstore_mountinfo_find(mi, sizeof(mi) - 1, "pstore", &p), 0);
	assert_string_equal(p, "/sys/fs/pstore");
	free(p);
	assert_int_equal(pstore_mountinfo_find(esc, sizeof(esc) - 1, "pstore", &p), 0);
	assert_string_equal(p, "/mnt/my dir");
	free(p);
	assert_int_equal(pstore_mountinfo_find(mi, 40, "pstore", &p), -ENOENT);
	assert_int_equal(pstore_mountinfo_find("", 0, "pstore", &p), -ENOENT);
}

/* ---- helpers over a temporary directory source ---- */

static char *tmpdir_new(void)
{
	char *d = strdup("/tmp/pstore-unit.XXXXXX");

	assert_non_null(mkdtemp(d));
	return d;
}

static void tmpdir_free(char *d)
{
	char *cmd = NULL;

	assert_true(asprintf(&cmd, "rm -rf '%s'", d) > 0);
	assert_int_equal(system(cmd), 0);
	free(cmd);
	free(d);
}

static void put_file(const char *dir, const char *name, const void *buf, size_t len)
{
	char *p = NULL;
	int fd;

	assert_true(asprintf(&p, "%s/%s", dir, name) > 0);
	fd = open(p, O_WRONLY | O_CREAT | O_TRUNC, 0644);
	assert_true(fd >= 0);
	assert_int_equal(pstore_write_all(fd, buf, len), 0);
	close(fd);
	free(p);
}

static void set_mtime(const char *dir, const char *name, time_t t)
{
	struct timespec ts[2] = { { t, 0 }, { t, 0 } };
	char *p = NULL;

	assert_true(asprintf(&p, "%s/%s", dir, name) > 0);
	assert_int_equal(utimensat(AT_FDCWD, p, ts, 0), 0);
	free(p);
}

static size_t deflate_buf(int wbits, const char *in, size_t len, unsigned char *out,
			  size_t cap)
{
	z_stream zs = { 0 };
	size_t n;

	assert_int_equal(deflateInit2(&zs, 6, Z_DEFLATED, wbits, 8, Z_DEFAULT_STRATEGY), Z_OK);
	zs.next_in = (Bytef *)(uintptr_t)in;
	zs.avail_in = (uInt)len;
	zs.next_out = out;
	zs.avail_out = (uInt)cap;
	assert_int_equal(deflate(&zs, Z_FINISH), Z_STREAM_END);
	n = zs.total_out;
	deflateEnd(&zs);
	return n;
}

/* Everything a reader gives, in a malloc'd buffer. */
static char *slurp(struct pstore_reader *rd, size_t *len)
{
	size_t cap = 1024, n = 0;
	char *b = malloc(cap);
	ssize_t r;

	assert_non_null(b);
	for (;;) {
		if (n + 7 > cap) {
			cap *= 2;
			b = realloc(b, cap);
			assert_non_null(b);
		}
		r = pstore_reader_read(rd, b + n, 7); /* small reads: exercise the state */
		assert_true(r >= 0);
		if (r == 0)
			break;
		n += (size_t)r;
	}
	*len = n;
	return b;
}

static struct pstore_record *find(struct pstore_record **recs, size_t n, const char *name)
{
	for (size_t i = 0; i < n; i++)
		if (streq(pstore_record_get_name(recs[i]), name))
			return recs[i];
	fail_msg("no record %s", name);
	return NULL;
}

/* The record so named, or NULL. */
static struct pstore_record *lookup(struct pstore_record **recs, size_t n, const char *name)
{
	for (size_t i = 0; i < n; i++)
		if (streq(pstore_record_get_name(recs[i]), name))
			return recs[i];
	return NULL;
}

static void test_dir_source(void **state)
{
	struct pstore_ctx *ctx = unit_ctx(NULL);
	struct pstore_source *s = NULL;
	struct pstore_record **recs = NULL, *r;
	struct pstore_dmesg_header h = PSTORE_STRUCT_INIT(struct pstore_dmesg_header);
	struct pstore_ecc_notice e = PSTORE_STRUCT_INIT(struct pstore_ecc_notice);
	char *d = tmpdir_new(), *sub = NULL;
	static const char body[] = "Panic#1 Part1\n<6>[    0.000000] hello\n<0>[    1.0] bye\n";
	static const char ecc[] = "\nECC: No errors detected\n";
	char full[256];
	size_t n = 0, len;
	uint64_t id;
	int64_t t;
	char *got;
	struct pstore_reader *rd = NULL;

	(void)state;
	snprintf(full, sizeof(full), "%s%s", body, ecc);
	put_file(d, "dmesg-ramoops-0", full, strlen(full));
	set_mtime(d, "dmesg-ramoops-0", 1795317075);
	put_file(d, "console-ramoops", "old console\n", 12);
	put_file(d, "strange-file", "\x01\x02", 2);
	put_file(d, "pmsg-ramoops-0", "", 0);
	put_file(d, ".hidden.tmp", "x", 1);
	assert_true(asprintf(&sub, "%s/efi_pstore", d) > 0);
	assert_int_equal(mkdir(sub, 0755), 0);
	put_file(sub, "dmesg-efi_pstore-1", "Oops#2 Part1\nb\n", 15);
	{
		char *l = NULL;

		assert_true(asprintf(&l, "%s/a-link", d) > 0);
		assert_int_equal(symlink("/etc/passwd", l), 0); /* not a record: skipped */
		free(l);
	}

	assert_int_equal(pstore_source_new_dir(ctx, d, &s), 0);
	assert_string_equal(pstore_source_get_kind(s), "dir");
	assert_int_equal(pstore_source_list(s, &recs, &n), 0);
	assert_int_equal(n, 4); /* not strange-file, the link or the dot file */
	/* sorted by type: dmesg records first */
	assert_int_equal(pstore_record_get_type(recs[0]), PSTORE_TYPE_DMESG);

	r = find(recs, n, "dmesg-ramoops-0");
	assert_int_equal(pstore_record_get_id(r, &id), 0);
	assert_true(id == 0);
	assert_true(pstore_record_get_size(r) == strlen(full));
	assert_int_equal(pstore_record_get_time(r, &t), 0);
	assert_true(t == 1795317075);
	assert_int_equal(pstore_record_get_dmesg_header(r, &h), 0);
	assert_int_equal(h.reason, PSTORE_REASON_PANIC);
	pstore_record_get_ecc(r, &e);
	assert_int_equal(e.status, PSTORE_ECC_CLEAN);
	assert_int_equal(e.offset, strlen(body));
	assert_true(pstore_record_matches(r, "dmesg"));
	assert_true(pstore_record_matches(r, "dmesg-ramoops-0"));
	assert_false(pstore_record_matches(r, "console"));

	/* raw: the exact bytes */
	assert_int_equal(pstore_record_open(ctx, r, 0, &rd), 0);
	got = slurp(rd, &len);
	assert_int_equal(len, strlen(full));
	assert_memory_equal(got, full, len);
	free(got);
	pstore_reader_free(rd);
	/* without the ECC notice and without the header */
	assert_int_equal(pstore_record_open(ctx, r,
					    PSTORE_READ_STRIP_ECC | PSTORE_READ_STRIP_HEADER, &rd),
			 0);
	got = slurp(rd, &len);
	assert_int_equal(len, strlen(body) - 14);
	assert_memory_equal(got, body + 14, len);
	free(got);
	pstore_reader_free(rd);
	/* the last line, from the end */
	assert_int_equal(pstore_record_open_tail(ctx, r, PSTORE_READ_STRIP_ECC, 1, &rd), 0);
	got = slurp(rd, &len);
	assert_int_equal(len, strlen("<0>[    1.0] bye\n"));
	assert_memory_equal(got, "<0>[    1.0] bye\n", len);
	free(got);
	pstore_reader_free(rd);
	/* more lines than there are: all of it */
	assert_int_equal(pstore_record_open_tail(ctx, r, 0, 100, &rd), 0);
	got = slurp(rd, &len);
	assert_int_equal(len, strlen(full));
	free(got);
	pstore_reader_free(rd);

	r = find(recs, n, "console-ramoops");
	assert_int_equal(pstore_record_get_type(r), PSTORE_TYPE_CONSOLE);
	assert_int_equal(pstore_record_get_id(r, &id), -ENODATA);
	assert_int_equal(pstore_record_get_time(r, &t), -ENODATA);
	pstore_record_get_ecc(r, &e);
	assert_int_equal(e.status, PSTORE_ECC_NONE);

	assert_null(lookup(recs, n, "strange-file"));

	r = find(recs, n, "efi_pstore/dmesg-efi_pstore-1");
	assert_string_equal(pstore_record_get_backend(r), "efi_pstore");
	assert_true(pstore_record_matches(r, "dmesg-efi_pstore-1"));
	assert_int_equal(pstore_record_get_dmesg_header(r, &h), 0);
	assert_int_equal(h.reason, PSTORE_REASON_OOPS);
	assert_int_equal(h.count, 2);

	/* a record that vanished: listing leaves it out, opening says so */
	assert_int_equal(source_dir_add_entry(s, AT_FDCWD, "/nonexistent/dmesg-ramoops-9",
					      "dmesg-ramoops-9", 0),
			 0);
	r = find(recs, n, "pmsg-ramoops-0");
	assert_int_equal(pstore_record_remove(ctx, r), 0);
	assert_int_equal(pstore_record_open(ctx, r, 0, &rd), -ENOENT);
	assert_non_null(strstr(pstore_errmsg(ctx), "vanished"));
	assert_int_equal(pstore_record_remove(ctx, r), -ENOENT);

	pstore_record_list_free(recs, n);
	pstore_source_unref(s);
	pstore_unref(ctx);
	free(sub);
	tmpdir_free(d);
}

/* Issue 10: only records are listed, matched and erased; other files only on request. */
/*
 * A listing takes size and time from a record's first open (or a stat on first use), not
 * a stat each: the values are the file's all the same; a record removed after the listing
 * then has size 0 and its error.
 */
static void test_listing_stat_on_use(void **state)
{
	struct pstore_ctx *ctx = unit_ctx(NULL);
	struct pstore_source *s = NULL;
	struct pstore_record **recs = NULL, *r;
	struct pstore_dmesg_header h = PSTORE_STRUCT_INIT(struct pstore_dmesg_header);
	struct timespec ts[2] = { { .tv_sec = 1700000000 }, { .tv_sec = 1700000000 } };
	char *d = tmpdir_new(), *p = NULL;
	size_t n = 0;

	(void)state;
	put_file(d, "dmesg-ramoops-0", "Panic#1 Part1\nx\n", 16);
	put_file(d, "dmesg-ramoops-1", "Oops#2 Part1\nyy\n", 16);
	put_file(d, "console-ramoops-0", "hello\n", 6);
	assert_true(asprintf(&p, "%s/dmesg-ramoops-0", d) > 0);
	assert_int_equal(utimensat(AT_FDCWD, p, ts, 0), 0);
	free(p);
	assert_int_equal(pstore_source_new_dir(ctx, d, &s), 0);
	assert_int_equal(pstore_source_list(s, &recs, &n), 0);
	assert_int_equal(n, 3);
	/* filled by the probe's open */
	r = find(recs, n, "dmesg-ramoops-0");
	assert_int_equal(pstore_record_get_dmesg_header(r, &h), 0);
	assert_int_equal(pstore_record_get_size(r), 16);
	assert_int_equal(pstore_record_get_mtime(r), 1700000000);
	/* filled by a stat on first use */
	assert_int_equal(pstore_record_get_size(find(recs, n, "console-ramoops-0")), 6);
	/* gone since the listing */
	assert_true(asprintf(&p, "%s/dmesg-ramoops-1", d) > 0);
	assert_int_equal(unlink(p), 0);
	free(p);
	r = find(recs, n, "dmesg-ramoops-1");
	assert_int_equal(pstore_record_get_size(r), 0);
	assert_int_equal(pstore_record_get_probe_error(r), -ENOENT);
	pstore_record_list_free(recs, n);
	pstore_source_unref(s);
	pstore_unref(ctx);
	tmpdir_free(d);
}

/* A record cut short while it is read is an error, not an early end (issue 16). */
static void test_truncated_while_read(void **state)
{
	struct pstore_ctx *ctx = unit_ctx(NULL);
	struct pstore_source *s = NULL;
	struct pstore_record **recs = NULL;
	struct pstore_reader *rd = NULL;
	char *d = tmpdir_new(), *p = NULL, buf[8];
	size_t n = 0;

	(void)state;
	put_file(d, "console-ramoops-0", "0123456789abcdef", 16);
	assert_int_equal(pstore_source_new_dir(ctx, d, &s), 0);
	assert_int_equal(pstore_source_list(s, &recs, &n), 0);
	assert_int_equal(n, 1);
	assert_int_equal(pstore_record_open(ctx, recs[0], 0, &rd), 0);
	assert_int_equal(pstore_reader_read(rd, buf, sizeof(buf)), 8);
	assert_memory_equal(buf, "01234567", 8);
	assert_true(asprintf(&p, "%s/console-ramoops-0", d) > 0);
	assert_int_equal(truncate(p, 10), 0);
	assert_int_equal(pstore_reader_read(rd, buf, sizeof(buf)), 2);
	assert_int_equal(pstore_reader_read(rd, buf, sizeof(buf)), -EIO);
	assert_non_null(strstr(pstore_errmsg(ctx),
			       "console-ramoops-0: truncated while being read (10 of 16"));
	pstore_reader_free(rd);
	free(p);
	pstore_record_list_free(recs, n);
	pstore_source_unref(s);
	pstore_unref(ctx);
	tmpdir_free(d);
}

static void test_only_records(void **state)
{
	struct pstore_ctx *ctx = unit_ctx(NULL);
	struct pstore_source *s = NULL;
	struct pstore_record **recs = NULL, *r;
	char *d = tmpdir_new(), *p = NULL;
	size_t n = 0;

	(void)state;
	assert_true(asprintf(&p, "mkdir -p %s/boot2 %s/ramoops %s/7349 %s/17953170/001", d, d,
			     d, d) > 0);
	assert_int_equal(system(p), 0);
	free(p);
	put_file(d, "board.dts", "/dts-v1/;\n", 10);
	put_file(d, "board.dtb", "\xd0\x0d\xfe\xed", 4);
	put_file(d, "notes.txt", "mine\n", 5);
	put_file(d, "boot2/dmesg", "old\n", 4);
	put_file(d, "dmesg-ramoops-0", "Panic#1 Part1\nx\n", 16);
	put_file(d, "dmesg-ramoops-1.enc.z", "zz", 2);
	put_file(d, "ramoops/pmsg-ramoops-0", "p\n", 2);
	/* systemd-pstore's archive: erst per id, efi per time and count, with dmesg.txt */
	put_file(d, "7349/dmesg-erst-7349", "Oops#1 Part1\ny\n", 15);
	put_file(d, "7349/dmesg.txt", "Oops#1 Part1\ny\n", 15);
	put_file(d, "17953170/001/dmesg-efi_pstore-1795317075011001", "Panic#1 Part1\n", 14);
	put_file(d, "17953170/001/dmesg.txt", "Panic#1 Part1\n", 14);

	assert_int_equal(pstore_source_new_dir(ctx, d, &s), 0);
	assert_int_equal(pstore_source_list(s, &recs, &n), 0);
	assert_int_equal(n, 7);
	assert_null(lookup(recs, n, "board.dts"));
	assert_null(lookup(recs, n, "boot2/dmesg"));
	assert_non_null(find(recs, n, "7349/dmesg-erst-7349"));
	r = find(recs, n, "17953170/001/dmesg.txt");
	assert_non_null(r);
	assert_int_equal(pstore_record_get_type(r), PSTORE_TYPE_DMESG);
	assert_non_null(find(recs, n, "17953170/001/dmesg-efi_pstore-1795317075011001"));
	/* a name without its .enc.z */
	r = find(recs, n, "dmesg-ramoops-1.enc.z");
	assert_true(pstore_record_matches(r, "dmesg-ramoops-1"));
	assert_true(pstore_record_matches(r, "dmesg-ramoops-1.enc.z"));
	assert_false(pstore_record_matches(r, "dmesg-ramoops-1.enc"));
	r = find(recs, n, "ramoops/pmsg-ramoops-0");
	assert_true(pstore_record_matches(r, "pmsg-ramoops-0"));
	assert_true(pstore_record_matches(r, "pmsg"));
	pstore_record_list_free(recs, n);

	/* all files: the others are there, foreign, matched by their exact name only and
	 * never erased */
	pstore_source_set_all_files(s, true);
	assert_int_equal(pstore_source_list(s, &recs, &n), 0);
	assert_int_equal(n, 11);
	r = find(recs, n, "boot2/dmesg");
	assert_non_null(r);
	assert_true(pstore_record_is_foreign(r));
	assert_int_equal(pstore_record_get_type(r), PSTORE_TYPE_UNKNOWN);
	assert_false(pstore_record_matches(r, "dmesg"));
	assert_true(pstore_record_matches(r, "boot2/dmesg"));
	assert_int_equal(pstore_record_remove(ctx, r), -EPERM);
	assert_false(pstore_record_is_foreign(find(recs, n, "dmesg-ramoops-0")));
	r = find(recs, n, "board.dtb");
	assert_int_equal(pstore_record_remove(ctx, r), -EPERM);
	pstore_record_list_free(recs, n);
	assert_true(asprintf(&p, "%s/board.dtb", d) > 0);
	assert_int_equal(access(p, F_OK), 0);
	free(p);

	pstore_source_unref(s);
	pstore_unref(ctx);
	tmpdir_free(d);
}

/* Issue 11.3: a subdirectory swapped for a link after listing leads nowhere. */
static void test_swapped_subdir(void **state)
{
	struct pstore_ctx *ctx = unit_ctx(NULL);
	struct pstore_source *s = NULL;
	struct pstore_record **recs = NULL, *r;
	struct pstore_reader *rd = NULL;
	char *d = tmpdir_new(), *out = tmpdir_new(), *p = NULL;
	size_t n = 0;

	(void)state;
	assert_true(asprintf(&p, "mkdir %s/ramoops", d) > 0);
	assert_int_equal(system(p), 0);
	free(p);
	put_file(d, "ramoops/dmesg-ramoops-0", "record\n", 7);
	put_file(out, "dmesg-ramoops-0", "not yours\n", 10);
	assert_int_equal(pstore_source_new_dir(ctx, d, &s), 0);
	assert_int_equal(pstore_source_list(s, &recs, &n), 0);
	assert_int_equal(n, 1);
	r = recs[0];
	/* between listing and removing, ramoops/ becomes a link to another directory */
	assert_true(asprintf(&p, "mv %s/ramoops %s/ramoops.real && ln -s %s %s/ramoops", d, d,
			     out, d) > 0);
	assert_int_equal(system(p), 0);
	free(p);
	assert_int_equal(pstore_record_open(ctx, r, 0, &rd), -ENOENT);
	assert_int_equal(pstore_record_remove(ctx, r), -ENOENT);
	assert_true(asprintf(&p, "%s/dmesg-ramoops-0", out) > 0);
	assert_int_equal(access(p, F_OK), 0); /* the file outside stays */
	free(p);
	assert_true(asprintf(&p, "%s/ramoops.real/dmesg-ramoops-0", d) > 0);
	assert_int_equal(access(p, F_OK), 0);
	free(p);
	pstore_record_list_free(recs, n);
	pstore_source_unref(s);
	pstore_unref(ctx);
	tmpdir_free(d);
	tmpdir_free(out);
}

static void count_warnings(void *data, int priority, const char *file, int line,
			   const char *fn, const char *format, va_list args)
{
	char buf[512];

	(void)file, (void)line, (void)fn;
	vsnprintf(buf, sizeof(buf), format, args);
	if (priority == LOG_WARNING && strstr(buf, "locked") && strstr(buf, "skipped"))
		(*(int *)data)++;
}

/* Issue 11.6: one unreadable subdirectory is reported and the rest listed. */
static void test_unreadable_subdir(void **state)
{
	char *d = tmpdir_new(), *p = NULL;
	pid_t pid;
	int st;

	(void)state;
	assert_true(asprintf(&p, "mkdir %s/locked %s/ramoops && chmod 755 %s", d, d, d) > 0);
	assert_int_equal(system(p), 0);
	free(p);
	put_file(d, "dmesg-ramoops-0", "a\n", 2);
	put_file(d, "ramoops/pmsg-ramoops-0", "b\n", 2);
	put_file(d, "locked/console-ramoops-0", "c\n", 2);
	assert_true(asprintf(&p, "chmod 755 %s/ramoops && chmod 644 %s/dmesg-ramoops-0 "
				 "%s/ramoops/pmsg-ramoops-0 && chmod 000 %s/locked",
			     d, d, d, d) > 0);
	assert_int_equal(system(p), 0);
	free(p);
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		struct pstore_ctx *ctx = NULL;
		struct pstore_source *s = NULL;
		struct pstore_record **recs = NULL;
		size_t n = 0;
		int warnings = 0;

		/* root reads anything: be nobody */
		if (getuid() == 0 && (setgid(65534) < 0 || setuid(65534) < 0))
			_exit(10);
		if (pstore_new(NULL, &ctx) < 0)
			_exit(11);
		pstore_set_log_fn(ctx, count_warnings, &warnings);
		pstore_set_log_priority(ctx, LOG_WARNING);
		if (pstore_source_new_dir(ctx, d, &s) < 0)
			_exit(12);
		if (pstore_source_list(s, &recs, &n) < 0)
			_exit(13);
		if (n != 2)
			_exit(14);
		if (warnings != 1)
			_exit(15);
		_exit(0);
	}
	assert_int_equal(waitpid(pid, &st, 0), pid);
	assert_true(WIFEXITED(st));
	assert_int_equal(WEXITSTATUS(st), 0);
	assert_true(asprintf(&p, "chmod 755 %s/locked", d) > 0);
	assert_int_equal(system(p), 0);
	free(p);
	tmpdir_free(d);
}

static void take_name(int dirfd, const char *name)
{
	int fd = openat(dirfd, name, O_WRONLY | O_CREAT | O_EXCL, 0644);

	assert_true(fd >= 0);
	assert_int_equal(write(fd, "theirs\n", 7), 7);
	close(fd);
}

/* Issue 11.1: a name taken between choosing it and the commit is never replaced. */
static void test_archive_never_replaces(void **state)
{
	struct pstore_ctx *ctx = unit_ctx(NULL);
	struct pstore_source *s = NULL;
	struct pstore_record **recs = NULL;
	char *d = tmpdir_new(), *a = tmpdir_new(), *p = NULL, *got = NULL, *name = NULL;
	size_t n = 0, len = 0;
	int adir;

	(void)state;
	put_file(d, "console-ramoops-0", "mine\n", 5);
	assert_int_equal(pstore_source_new_dir(ctx, d, &s), 0);
	assert_int_equal(pstore_source_list(s, &recs, &n), 0);
	adir = open(a, O_RDONLY | O_DIRECTORY);
	assert_true(adir >= 0);
	/* another run takes the name while this one writes its copy */
	pstore_atomic_test_hook = take_name;
	assert_int_equal(pstore_record_archive_new(ctx, recs[0], adir, NULL, &name), 0);
	pstore_atomic_test_hook = NULL;
	assert_string_equal(name, "console-ramoops-0.1");
	assert_true(asprintf(&p, "%s/console-ramoops-0", a) > 0);
	assert_int_equal(pstore_read_userfile(ctx, p, &got, &len), 0);
	assert_int_equal(len, 7);
	assert_memory_equal(got, "theirs\n", 7); /* the other copy is whole */
	free(got);
	free(p);
	assert_true(asprintf(&p, "%s/console-ramoops-0.1", a) > 0);
	assert_int_equal(pstore_read_userfile(ctx, p, &got, &len), 0);
	assert_int_equal(len, 5);
	assert_memory_equal(got, "mine\n", 5);
	free(got);
	free(p);
	free(name);
	/* and again without a race: the next free name */
	assert_int_equal(pstore_record_archive_new(ctx, recs[0], adir, NULL, &name), 0);
	assert_string_equal(name, "console-ramoops-0.2");
	free(name);
	close(adir);
	pstore_record_list_free(recs, n);
	pstore_source_unref(s);
	pstore_unref(ctx);
	tmpdir_free(d);
	tmpdir_free(a);
}

/* Issue 11.6: temporaries of dead archiving runs are removed, nothing else. */
static void test_archive_clean(void **state)
{
	struct pstore_ctx *ctx = unit_ctx(NULL);
	char *a = tmpdir_new(), dead[64], alive[64], *p = NULL;
	pid_t pid;
	int adir;

	(void)state;
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0)
		_exit(0);
	assert_int_equal(waitpid(pid, NULL, 0), pid); /* pid is now free */
	snprintf(dead, sizeof(dead), ".dmesg-ramoops-0.%d.0.tmp", (int)pid);
	snprintf(alive, sizeof(alive), ".dmesg-ramoops-1.%d.0.tmp", (int)getppid());
	put_file(a, dead, "x", 1);
	put_file(a, alive, "x", 1);
	put_file(a, ".notes.tmp", "x", 1);
	put_file(a, "dmesg-ramoops-0", "x", 1);
	adir = open(a, O_RDONLY | O_DIRECTORY);
	assert_true(adir >= 0);
	assert_int_equal(pstore_archive_clean(ctx, adir), 1);
	assert_true(faccessat(adir, dead, F_OK, 0) < 0);
	assert_int_equal(faccessat(adir, alive, F_OK, 0), 0);
	assert_int_equal(faccessat(adir, ".notes.tmp", F_OK, 0), 0);
	assert_int_equal(faccessat(adir, "dmesg-ramoops-0", F_OK, 0), 0);
	close(adir);
	free(p);
	pstore_unref(ctx);
	tmpdir_free(a);
}

static void test_inflate(void **state)
{
	struct pstore_ctx *ctx = unit_ctx(NULL);
	struct pstore_source *s = NULL;
	struct pstore_record **recs = NULL, *r;
	struct pstore_reader *rd = NULL;
	struct pstore_dmesg_header h = PSTORE_STRUCT_INIT(struct pstore_dmesg_header);
	char *d = tmpdir_new(), *text, *got;
	unsigned char z[1 << 16], withecc[(1 << 16) + 64];
	static const char ecc[] = "\nECC: No errors detected\n";
	size_t tlen = 0, zl, len, n = 0;
	static const int wbits[] = { -15, 15, 31 };
	static const char *const names[] = { "dmesg-ramoops-1.enc.z", "dmesg-ramoops-2.enc.z",
					     "dmesg-ramoops-3.enc.z" };

	(void)state;
	text = malloc(40000);
	assert_non_null(text);
	tlen = (size_t)sprintf(text, "Panic#1 Part1\n");
	for (int i = 0; tlen < 39000; i++)
		tlen += (size_t)sprintf(text + tlen, "<6>[ %5d.000000] line %d\n", i, i * 7);
	for (size_t i = 0; i < ARRAY_SIZE(wbits); i++) {
		zl = deflate_buf(wbits[i], text, tlen, z, sizeof(z));
		put_file(d, names[i], z, zl);
	}
	/* raw deflate followed by the ECC notice, as the kernel leaves a .enc.z with ECC */
	zl = deflate_buf(-15, text, tlen, withecc, sizeof(withecc));
	memcpy(withecc + zl, ecc, sizeof(ecc) - 1);
	put_file(d, "dmesg-ramoops-4.enc.z", withecc, zl + sizeof(ecc) - 1);
	put_file(d, "dmesg-ramoops-5.enc.z", "not compressed at all, really not\n", 34);
	put_file(d, "dmesg-ramoops-6.enc.z", withecc, zl / 2); /* truncated */

	assert_int_equal(pstore_source_new_dir(ctx, d, &s), 0);
	assert_int_equal(pstore_source_list(s, &recs, &n), 0);
	assert_int_equal(n, 6);
	for (size_t i = 0; i < 3; i++) {
		r = find(recs, n, names[i]);
		assert_true(pstore_record_is_compressed(r));
		assert_int_equal(pstore_record_open(ctx, r, PSTORE_READ_INFLATE, &rd), 0);
		got = slurp(rd, &len);
		assert_int_equal(len, tlen);
		assert_memory_equal(got, text, tlen);
		free(got);
		pstore_reader_free(rd);
		assert_int_equal(pstore_record_get_dmesg_header(r, &h), 0);
		assert_int_equal(h.reason, PSTORE_REASON_PANIC);
	}
	r = find(recs, n, "dmesg-ramoops-4.enc.z");
	assert_int_equal(pstore_record_open(ctx, r, PSTORE_READ_INFLATE, &rd), 0);
	got = slurp(rd, &len);
	assert_int_equal(len, tlen + sizeof(ecc) - 1);
	assert_memory_equal(got + tlen, ecc, sizeof(ecc) - 1);
	free(got);
	pstore_reader_free(rd);
	assert_int_equal(pstore_record_open(ctx, r, PSTORE_READ_INFLATE | PSTORE_READ_STRIP_ECC,
					    &rd),
			 0);
	got = slurp(rd, &len);
	assert_int_equal(len, tlen);
	free(got);
	pstore_reader_free(rd);
	/* tail of a compressed record */
	assert_int_equal(pstore_record_open_tail(ctx, r, PSTORE_READ_INFLATE |
							   PSTORE_READ_STRIP_ECC, 2, &rd),
			 0);
	got = slurp(rd, &len);
	assert_true(len > 0 && got[len - 1] == '\n');
	assert_memory_equal(got, text + tlen - len, len);
	assert_int_equal(memchr(got, '\n', len - 1) != NULL, 1);
	free(got);
	pstore_reader_free(rd);

	r = find(recs, n, "dmesg-ramoops-5.enc.z");
	assert_int_equal(pstore_record_open(ctx, r, PSTORE_READ_INFLATE, &rd), -EBADMSG);
	assert_non_null(strstr(pstore_errmsg(ctx), "cannot inflate"));
	/* raw still gives the bytes */
	assert_int_equal(pstore_record_open(ctx, r, 0, &rd), 0);
	pstore_reader_free(rd);

	r = find(recs, n, "dmesg-ramoops-6.enc.z");
	assert_int_equal(pstore_record_open(ctx, r, PSTORE_READ_INFLATE, &rd), 0);
	{
		char buf[4096];
		ssize_t k;

		while ((k = pstore_reader_read(rd, buf, sizeof(buf))) > 0)
			;
		assert_int_equal(k, -EBADMSG);
	}
	pstore_reader_free(rd);

	pstore_record_list_free(recs, n);
	pstore_source_unref(s);
	pstore_unref(ctx);
	free(text);
	tmpdir_free(d);
}

/* lib/codec-zlib.c's seams: bytes inflated to detect formats, and in all. */
extern unsigned long long codec_zlib_detect_out, codec_zlib_inflated;

/*
 * Reading a compressed record inflates each byte once: what format detection inflated is
 * the start of the stream, not inflated again (issue 10: detection re-inflated 4 KiB).
 */
static void test_inflate_once(void **state)
{
	const size_t len = 200u << 10;
	struct pstore_ctx *ctx = unit_ctx(NULL);
	struct pstore_source *s = NULL;
	struct pstore_record **recs = NULL;
	struct pstore_reader *rd = NULL;
	char *text = malloc(len), *buf = malloc(len + 1), *d = tmpdir_new();
	unsigned char *z = malloc(len);
	size_t n = 0, zn, total = 0, i = 0;
	ssize_t got;

	(void)state;
	assert_non_null(text);
	assert_non_null(buf);
	assert_non_null(z);
	i = (size_t)snprintf(text, len, "Panic#1 Part1\n");
	for (unsigned k = 0; i < len; k++) {
		char line[64];
		int l = snprintf(line, sizeof(line), "<6>[%5u.%06u] line %u\n", k / 100,
				 k * 7919 % 1000000, k);

		memcpy(text + i, line, len - i < (size_t)l ? len - i : (size_t)l);
		i += (size_t)l;
	}
	zn = deflate_buf(-15, text, len, z, len);
	put_file(d, "dmesg-ramoops-0.enc.z", z, zn);
	assert_int_equal(pstore_source_new_dir(ctx, d, &s), 0);
	assert_int_equal(pstore_source_list(s, &recs, &n), 0);
	assert_int_equal(n, 1);
	codec_zlib_detect_out = codec_zlib_inflated = 0;
	assert_int_equal(pstore_record_open(ctx, recs[0], PSTORE_READ_INFLATE, &rd), 0);
	assert_true(codec_zlib_detect_out > 0);
	/* reads of a few bytes too: the held start is handed out in pieces */
	got = pstore_reader_read(rd, buf, 5);
	assert_int_equal(got, 5);
	total = 5;
	while ((got = pstore_reader_read(rd, buf + total, len + 1 - total)) > 0)
		total += (size_t)got;
	assert_int_equal(got, 0);
	assert_int_equal(total, len);
	assert_memory_equal(buf, text, len);
	assert_int_equal(codec_zlib_inflated, len);
	pstore_reader_free(rd);
	pstore_record_list_free(recs, n);
	pstore_source_unref(s);
	pstore_unref(ctx);
	free(text);
	free(buf);
	free(z);
	tmpdir_free(d);
}

/*
 * A deflate bomb (64 MiB of zeros in 64 KiB): probing its header and opening it inflate a
 * few KiB, not the whole input read for detection; reading it still gives everything.
 */
static void test_inflate_bomb(void **state)
{
	const size_t big = 64u << 20;
	struct pstore_ctx *ctx = unit_ctx(NULL);
	struct pstore_source *s = NULL;
	struct pstore_record **recs = NULL;
	struct pstore_reader *rd = NULL;
	struct pstore_dmesg_header h = PSTORE_STRUCT_INIT(struct pstore_dmesg_header);
	char *zeros = calloc(1, big), *buf = malloc(1 << 20), *d = tmpdir_new();
	unsigned char *z = malloc(1 << 20);
	size_t n = 0, zn, total = 0;
	ssize_t got;

	(void)state;
	assert_non_null(zeros);
	assert_non_null(buf);
	assert_non_null(z);
	zn = deflate_buf(-15, zeros, big, z, 1 << 20);
	put_file(d, "dmesg-ramoops-0.enc.z", z, zn);
	assert_int_equal(pstore_source_new_dir(ctx, d, &s), 0);
	assert_int_equal(pstore_source_list(s, &recs, &n), 0);
	assert_int_equal(n, 1);
	codec_zlib_detect_out = 0;
	assert_int_equal(pstore_record_get_dmesg_header(recs[0], &h), -ENODATA);
	assert_int_equal(pstore_record_get_probe_error(recs[0]), 0);
	assert_int_equal(pstore_record_open(ctx, recs[0], PSTORE_READ_INFLATE, &rd), 0);
	assert_true(codec_zlib_detect_out <= 2 * 16384);
	while ((got = pstore_reader_read(rd, buf, 1 << 20)) > 0)
		total += (size_t)got;
	assert_int_equal(got, 0);
	assert_int_equal(total, big);
	pstore_reader_free(rd);
	pstore_record_list_free(recs, n);
	pstore_source_unref(s);
	pstore_unref(ctx);
	free(zeros);
	free(buf);
	free(z);
	tmpdir_free(d);
}

/* EFI splits one dump: part 1 is the newest chunk; reassembled highest part first. */
static void test_dump_parts(void **state)
{
	struct pstore_ctx *ctx = unit_ctx(NULL);
	struct pstore_source *s = NULL;
	struct pstore_record **recs = NULL, **parts = NULL;
	char *d = tmpdir_new();
	size_t n = 0, np = 0;

	(void)state;
	put_file(d, "dmesg-efi_pstore-100101", "Panic#1 Part1\nnewest\n", 21);
	put_file(d, "dmesg-efi_pstore-100201", "Panic#1 Part2\nmiddle\n", 21);
	put_file(d, "dmesg-efi_pstore-100301", "Panic#1 Part3\noldest\n", 21);
	put_file(d, "dmesg-efi_pstore-200101", "Panic#1 Part1\nother boot\n", 25);
	put_file(d, "dmesg-efi_pstore-300102", "Oops#2 Part1\nsame time, other dump\n", 35);
	for (const char *const *p = (const char *const[]){ "dmesg-efi_pstore-100101",
							   "dmesg-efi_pstore-100201",
							   "dmesg-efi_pstore-100301",
							   "dmesg-efi_pstore-300102", NULL };
	     *p; p++)
		set_mtime(d, *p, 1000000);
	set_mtime(d, "dmesg-efi_pstore-200101", 2000000);
	assert_int_equal(pstore_source_new_dir(ctx, d, &s), 0);
	assert_int_equal(pstore_source_list(s, &recs, &n), 0);
	assert_int_equal(n, 5);
	assert_int_equal(pstore_record_dump_parts(recs, n, find(recs, n, "dmesg-efi_pstore-100201"),
						  &parts, &np),
			 0);
	assert_int_equal(np, 3);
	assert_string_equal(pstore_record_get_name(parts[0]), "dmesg-efi_pstore-100301");
	assert_string_equal(pstore_record_get_name(parts[1]), "dmesg-efi_pstore-100201");
	assert_string_equal(pstore_record_get_name(parts[2]), "dmesg-efi_pstore-100101");
	pstore_record_list_free(parts, np);
	assert_int_equal(pstore_record_dump_parts(recs, n, find(recs, n, "dmesg-efi_pstore-200101"),
						  &parts, &np),
			 0);
	assert_int_equal(np, 1);
	pstore_record_list_free(parts, np);
	pstore_record_list_free(recs, n);
	pstore_source_unref(s);
	pstore_unref(ctx);
	tmpdir_free(d);
}

/* lib/dump.c's seam: records examined as candidate parts of a dump. */
extern unsigned long dump_parts_examined;

/*
 * The parts of every record of a large listing (what cat does): the index gives what
 * pstore_record_dump_parts() gives, without examining every record for each record.
 */
static void test_dump_index(void **state)
{
	enum { N = 2000 };
	struct pstore_ctx *ctx = unit_ctx(NULL);
	struct pstore_source *s = NULL;
	struct pstore_record **recs = NULL;
	struct pstore_dump_index *idx = NULL;
	char *d = tmpdir_new();
	size_t n = 0, grouped = 0;

	(void)state;
	for (int i = 0; i < N; i++) {
		char name[64], text[64];
		/* ramoops dumps minutes apart; EFI dumps in 3 parts, some at the same time
		 * with another reason or count; a few without a header */
		bool efi = i % 4 == 0;
		int len = i % 97 == 1 ? snprintf(text, sizeof(text), "no header %d\n", i)
				      : snprintf(text, sizeof(text), "%s#%d Part%d\nline %d\n",
						 i % 24 == 8 ? "Oops" : "Panic",
						 1 + (efi ? i / 12 : i) % 3,
						 efi ? 1 + (i / 4) % 3 : 1, i);

		snprintf(name, sizeof(name), efi ? "dmesg-efi_pstore-%d" : "dmesg-ramoops-%d", i);
		put_file(d, name, text, (size_t)len);
		set_mtime(d, name, 1000000 + (efi ? (i / 12) * 5 : i * 60));
	}
	put_file(d, "console-ramoops-0", "hello\n", 6);
	assert_int_equal(pstore_source_new_dir(ctx, d, &s), 0);
	assert_int_equal(pstore_source_list(s, &recs, &n), 0);
	assert_int_equal(n, N + 1);
	assert_int_equal(pstore_dump_index_new(recs, n, &idx), 0);
	dump_parts_examined = 0;
	for (size_t i = 0; i < n; i++) {
		struct pstore_record **a = NULL;
		size_t na = 0;

		assert_int_equal(pstore_dump_index_parts(idx, recs[i], &a, &na), 0);
		pstore_record_list_free(a, na);
	}
	/* a few neighbours in the time window each, not the n^2 = 4,000,000 of a scan */
	assert_true(dump_parts_examined < 20 * n);
	for (size_t i = 0; i < n; i++) {
		struct pstore_record **a = NULL, **b = NULL;
		size_t na = 0, nb = 0;

		assert_int_equal(pstore_dump_index_parts(idx, recs[i], &a, &na), 0);
		assert_int_equal(pstore_record_dump_parts(recs, n, recs[i], &b, &nb), 0);
		assert_int_equal(na, nb);
		grouped += na > 1;
		for (size_t j = 0; j < na; j++)
			assert_ptr_equal(a[j], b[j]);
		pstore_record_list_free(a, na);
		pstore_record_list_free(b, nb);
	}
	assert_true(grouped > N / 8);
	assert_ptr_equal(pstore_dump_index_free(idx), NULL);
	pstore_record_list_free(recs, n);
	pstore_source_unref(s);
	pstore_unref(ctx);
	tmpdir_free(d);
}

/*
 * The newest dump: by time, empty and header-less records aside; of a dump in parts, its
 * part 1 (EFI stores part 1 first, so a later part can be newer by a second).
 */
static void test_dump_newest(void **state)
{
	struct pstore_ctx *ctx = unit_ctx(NULL);
	struct pstore_source *s = NULL;
	struct pstore_record **recs = NULL, *r = NULL;
	char *d = tmpdir_new();
	size_t n = 0;

	(void)state;
	put_file(d, "console-ramoops-0", "console\n", 8);
	put_file(d, "dmesg-efi_pstore-100101", "Panic#1 Part1\nnewest\n", 21);
	put_file(d, "dmesg-efi_pstore-100201", "Panic#1 Part2\nmiddle\n", 21);
	put_file(d, "dmesg-efi_pstore-100301", "Panic#1 Part3\noldest\n", 21);
	put_file(d, "dmesg-efi_pstore-90101", "Oops#1 Part1\nolder\n", 19);
	put_file(d, "dmesg-ramoops-5", "", 0);
	put_file(d, "dmesg-ramoops-6", "no header\n", 10);
	set_mtime(d, "console-ramoops-0", 9000000);
	set_mtime(d, "dmesg-efi_pstore-100101", 1000000);
	set_mtime(d, "dmesg-efi_pstore-100201", 1000000);
	set_mtime(d, "dmesg-efi_pstore-100301", 1000001);
	set_mtime(d, "dmesg-efi_pstore-90101", 900000);
	set_mtime(d, "dmesg-ramoops-5", 5000000);
	set_mtime(d, "dmesg-ramoops-6", 4000000);
	assert_int_equal(pstore_source_new_dir(ctx, d, &s), 0);
	assert_int_equal(pstore_source_list(s, &recs, &n), 0);
	assert_int_equal(n, 7);
	assert_int_equal(pstore_dump_newest(recs, n, &r), 0);
	assert_string_equal(pstore_record_get_name(r), "dmesg-efi_pstore-100101");
	/* no dump at all: the console record is not one */
	r = find(recs, n, "console-ramoops-0");
	assert_int_equal(pstore_dump_newest(&r, 1, &r), -ENOENT);
	pstore_record_list_free(recs, n);
	pstore_source_unref(s);
	pstore_unref(ctx);
	tmpdir_free(d);
}

/* Files a real kernel made (tests/fixtures/e2e-captured), when they are there. */
static void test_captured(void **state)
{
	struct pstore_ctx *ctx = unit_ctx(NULL);
	struct pstore_source *s = NULL;
	struct pstore_record **recs = NULL, *r;
	struct pstore_dmesg_header h = PSTORE_STRUCT_INIT(struct pstore_dmesg_header);
	struct pstore_ecc_notice e = PSTORE_STRUCT_INIT(struct pstore_ecc_notice);
	size_t n = 0;

	(void)state;
	if (pstore_source_new_dir(ctx, FIXTURES "/e2e-captured/records-minimal-ecc16", &s) < 0) {
		pstore_unref(ctx);
		skip();
	}
	assert_int_equal(pstore_source_list(s, &recs, &n), 0);
	r = find(recs, n, "dmesg-ramoops-0");
	assert_int_equal(pstore_record_get_dmesg_header(r, &h), 0);
	assert_int_equal(h.reason, PSTORE_REASON_PANIC);
	assert_int_equal(h.count, 1);
	assert_int_equal(h.part, 1);
	pstore_record_get_ecc(r, &e);
	assert_int_equal(e.status, PSTORE_ECC_CLEAN);
	r = find(recs, n, "pmsg-ramoops-0");
	pstore_record_get_ecc(r, &e);
	assert_int_equal(e.status, PSTORE_ECC_CLEAN);
	pstore_record_list_free(recs, n);
	pstore_source_unref(s);

	assert_int_equal(pstore_source_new_dir(ctx, FIXTURES "/e2e-captured/records-minimal-ecc0", &s),
			 0);
	assert_int_equal(pstore_source_list(s, &recs, &n), 0);
	pstore_record_get_ecc(find(recs, n, "console-ramoops-0"), &e);
	assert_int_equal(e.status, PSTORE_ECC_NONE);
	pstore_record_list_free(recs, n);
	pstore_source_unref(s);
	pstore_unref(ctx);
}

/*
 * Only ramoops appends an ECC notice (ram.c alone sets ecc_notice_size): the same bytes at
 * the end of another backend's record are the record's own, not a notice to parse or strip.
 */
static void test_ecc_only_ramoops(void **state)
{
	struct pstore_ctx *ctx = unit_ctx(NULL);
	struct pstore_source *s = NULL;
	struct pstore_record **recs = NULL;
	struct pstore_reader *rd = NULL;
	struct pstore_ecc_notice e = PSTORE_STRUCT_INIT(struct pstore_ecc_notice);
	static const char msg[] = "a message\n\nECC: No errors detected\n";
	char *d = tmpdir_new(), *got;
	size_t n = 0, len;

	(void)state;
	put_file(d, "pmsg-pstore_blk-0", msg, strlen(msg));
	put_file(d, "pmsg-ramoops-0", msg, strlen(msg));
	assert_int_equal(pstore_source_new_dir(ctx, d, &s), 0);
	assert_int_equal(pstore_source_list(s, &recs, &n), 0);
	pstore_record_get_ecc(find(recs, n, "pmsg-pstore_blk-0"), &e);
	assert_int_equal(e.status, PSTORE_ECC_NONE);
	assert_int_equal(pstore_record_open(ctx, find(recs, n, "pmsg-pstore_blk-0"),
					    PSTORE_READ_STRIP_ECC, &rd),
			 0);
	got = slurp(rd, &len);
	assert_int_equal(len, strlen(msg));
	assert_memory_equal(got, msg, len);
	free(got);
	pstore_reader_free(rd);
	/* the same bytes from ramoops: a notice */
	pstore_record_get_ecc(find(recs, n, "pmsg-ramoops-0"), &e);
	assert_int_equal(e.status, PSTORE_ECC_CLEAN);
	assert_int_equal(e.offset, strlen("a message\n"));
	pstore_record_list_free(recs, n);
	pstore_source_unref(s);
	pstore_unref(ctx);
	tmpdir_free(d);
}

/*
 * A time only where the kernel sets record->time (inode.c keeps the mount time otherwise):
 * dmesg of every backend; erst (drivers/acpi/apei/erst.c, from the CPER header) for every
 * type; ramoops console/pmsg/ftrace never (ram.c: "initialized to zero").
 */
static void test_time_where_set(void **state)
{
	static const struct {
		const char *name;
		bool has_time;
	} cases[] = {
		{ "dmesg-ramoops-0", true },   { "dmesg-efi_pstore-1795317075011001", true },
		{ "mce-erst-7", true },        { "dmesg-erst-8.enc.z", true },
		{ "console-ramoops-0", false }, { "pmsg-ramoops-0", false },
		{ "ftrace-ramoops-0", false },  { "console-ramoops", false },
		{ "pmsg-pstore_blk-0", false }, { "erst-notes", false },
	};
	struct pstore_ctx *ctx = unit_ctx(NULL);
	struct pstore_source *s = NULL;
	struct pstore_record **recs = NULL;
	char *d = tmpdir_new();
	size_t n = 0;
	int64_t t;

	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
		put_file(d, cases[i].name, "x\n", 2);
		set_mtime(d, cases[i].name, 1795317075);
	}
	assert_int_equal(pstore_source_new_dir(ctx, d, &s), 0);
	pstore_source_set_all_files(s, true); /* erst-notes is not a record */
	assert_int_equal(pstore_source_list(s, &recs, &n), 0);
	for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
		int r = pstore_record_get_time(find(recs, n, cases[i].name), &t);

		if (cases[i].has_time) {
			assert_int_equal(r, 0);
			assert_true(t == 1795317075);
		} else {
			assert_int_equal(r, -ENODATA);
		}
	}
	pstore_record_list_free(recs, n);
	pstore_source_unref(s);
	pstore_unref(ctx);
	tmpdir_free(d);
}

static void test_mount_source(void **state)
{
	struct pstore_ctx *ctx;
	struct pstore_source *s = NULL;
	char *d = tmpdir_new(), *p = NULL;
	char *where = NULL;

	(void)state;
	assert_true(asprintf(&p, "mkdir -p %s/proc/self %s/sys/fs/pstore", d, d) > 0);
	assert_int_equal(system(p), 0);
	free(p);
	assert_int_equal(pstore_new(d, &ctx), 0);
	pstore_set_log_fn(ctx, NULL, NULL);
	put_file(d, "proc/self/mountinfo", "1 1 0:2 / / rw - rootfs rootfs rw\n", 34);
	assert_int_equal(pstore_source_new_mount(ctx, &s), -ENOENT);
	assert_non_null(strstr(pstore_errmsg(ctx), "not mounted"));
	/* mount with a sysroot: no pstore in /proc/filesystems, then refused */
	put_file(d, "proc/filesystems", "nodev\tsysfs\n", 12);
	assert_int_equal(pstore_mount(ctx, NULL, &where), -ENODEV);
	put_file(d, "proc/filesystems", "nodev\tsysfs\nnodev\tpstore\n", 25);
	assert_int_equal(pstore_mount(ctx, NULL, &where), -EINVAL);
	assert_non_null(strstr(pstore_errmsg(ctx), "sysroot"));
	put_file(d, "proc/self/mountinfo",
		 "25 22 0:22 / /sys/fs/pstore rw,relatime - pstore pstore rw\n", 59);
	assert_int_equal(pstore_mount(ctx, NULL, &where), 0);
	assert_string_equal(where, "/sys/fs/pstore");
	free(where);
	assert_int_equal(pstore_source_new_mount(ctx, &s), 0);
	assert_string_equal(pstore_source_get_kind(s), "mount");
	assert_true(strstr(pstore_source_get_path(s), "/sys/fs/pstore") != NULL);
	assert_true(strncmp(pstore_source_get_path(s), d, strlen(d)) == 0);
	pstore_source_unref(s);
	pstore_unref(ctx);
	tmpdir_free(d);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_type_names),   cmocka_unit_test(test_name_parse),
		cmocka_unit_test(test_dmesg_header), cmocka_unit_test(test_ecc_notice),
		cmocka_unit_test(test_log_prefix),   cmocka_unit_test(test_mountinfo),
		cmocka_unit_test(test_dir_source),   cmocka_unit_test(test_inflate),
		cmocka_unit_test(test_inflate_bomb), cmocka_unit_test(test_inflate_once),
		cmocka_unit_test(test_dump_parts),   cmocka_unit_test(test_dump_index),   cmocka_unit_test(test_captured),
		cmocka_unit_test(test_mount_source), cmocka_unit_test(test_ecc_only_ramoops),
		cmocka_unit_test(test_time_where_set), cmocka_unit_test(test_dump_newest),
		cmocka_unit_test(test_only_records), cmocka_unit_test(test_swapped_subdir),
		cmocka_unit_test(test_listing_stat_on_use),
		cmocka_unit_test(test_truncated_while_read),
		cmocka_unit_test(test_unreadable_subdir),
		cmocka_unit_test(test_archive_never_replaces),
		cmocka_unit_test(test_archive_clean),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
