/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Unit tests of lib/archive-boot.c: the per-boot archive in temporary directories. */
#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>

#include "unit.h"

static char *mkdtemp_s(void)
{
	char *d = strdup("/tmp/pstore-archive-XXXXXX");

	assert_non_null(d);
	assert_non_null(mkdtemp(d));
	return d;
}

static void put(const char *dir, const char *name, const char *text, time_t mtime)
{
	char *p;
	int fd;

	assert_true(asprintf(&p, "%s/%s", dir, name) > 0);
	fd = open(p, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	assert_true(fd >= 0);
	assert_int_equal(pstore_write_all(fd, text, strlen(text)), 0);
	if (mtime) {
		struct timespec ts[2] = { { mtime, 0 }, { mtime, 0 } };
		assert_int_equal(futimens(fd, ts), 0);
	}
	close(fd);
	free(p);
}

static bool exists(const char *dir, const char *name)
{
	struct stat st;
	char *p;
	bool r;

	assert_true(asprintf(&p, "%s/%s", dir, name) > 0);
	r = stat(p, &st) == 0;
	free(p);
	return r;
}

static void rm_rf(const char *dir)
{
	char *cmd;

	assert_true(asprintf(&cmd, "rm -rf '%s'", dir) > 0);
	assert_int_equal(system(cmd), 0);
	free(cmd);
}

static int archive(struct pstore_ctx *ctx, const char *src_dir, const char *root,
		   unsigned flags, char **ret)
{
	struct pstore_source *src;
	int r;

	assert_int_equal(pstore_source_new_dir(ctx, src_dir, &src), 0);
	r = pstore_archive_boot(ctx, src, root, flags, ret);
	pstore_source_unref(src);
	return r;
}

static void test_archive_once(void **state)
{
	struct pstore_ctx *ctx = unit_ctx(NULL);
	char *tmp = mkdtemp_s(), *p, *root, *made = NULL;
	struct pstore_archive *a;
	size_t i;

	(void)state;
	assert_true(asprintf(&p, "%s/p", tmp) > 0 && asprintf(&root, "%s/a", tmp) > 0);
	assert_int_equal(mkdir(p, 0755), 0);
	put(p, "dmesg-ramoops-0", "Panic#1 Part1\n<0>Kernel panic - not syncing: x\n", 1790000000);
	put(p, "console-ramoops-0", "the console\n", 0);

	assert_int_equal(archive(ctx, p, root, PSTORE_ARCHIVE_KEEP, &made), 1);
	assert_non_null(made);
	assert_non_null(strstr(made, "/20260921T"));
	assert_true(exists(made, "dmesg-ramoops-0") && exists(made, "console-ramoops-0"));
	assert_true(exists(made, "dmesg.txt") && exists(made, "console.txt"));
	assert_false(exists(made, "pmsg.txt")); /* no pmsg record */
	assert_true(exists(made, "reason.json") && exists(made, "records.json"));
	assert_true(exists(made, ".archived"));
	assert_true(exists(p, "dmesg-ramoops-0")); /* kept */
	free(made);

	/* idempotent: nothing new, nothing made */
	assert_int_equal(archive(ctx, p, root, PSTORE_ARCHIVE_KEEP, &made), 0);
	assert_null(made);
	/* without keep: erased now that a complete boot directory holds them */
	assert_int_equal(archive(ctx, p, root, 0, &made), 0);
	assert_false(exists(p, "dmesg-ramoops-0"));
	assert_false(exists(p, "console-ramoops-0"));

	assert_int_equal(pstore_archive_open(ctx, root, &a), 0);
	assert_int_equal(pstore_archive_count(a), 1);
	assert_int_equal(pstore_archive_get_records(a, 0), 2);
	assert_true(pstore_archive_get_size(a, 0) > 0);
	assert_int_equal(pstore_archive_get_time(a, 0), 1790000000);
	assert_non_null(pstore_archive_get_reason(a, 0));
	assert_null(pstore_archive_get_boot_id(a, 0));
	assert_int_equal(pstore_archive_find(ctx, a, "0", &i), 0);
	assert_int_equal(i, 0);
	assert_int_equal(pstore_archive_find(ctx, a, "1", &i), 0);
	assert_int_equal(pstore_archive_find(ctx, a, "-1", &i), -ENOENT);
	assert_int_equal(pstore_archive_find(ctx, a, "2", &i), -ENOENT);
	assert_int_equal(pstore_archive_find(ctx, a, pstore_archive_get_name(a, 0), &i), 0);
	assert_null(pstore_archive_get_name(a, 1));
	pstore_archive_free(a);

	rm_rf(tmp);
	free(p);
	free(root);
	free(tmp);
	pstore_unref(ctx);
}

static void test_boot_id_and_retention(void **state)
{
	struct pstore_ctx *ctx = unit_ctx(NULL);
	char *tmp = mkdtemp_s(), *p, *root, *made = NULL, *line = NULL;
	struct pstore_marker m = { .struct_size = sizeof(m), .event = PSTORE_MARKER_BOOT,
				   .time = 1790000000 };
	const char *id = "0123abcd-0000-4000-8000-00000000cafe";
	struct pstore_archive *a;
	size_t i;

	(void)state;
	assert_true(asprintf(&p, "%s/p", tmp) > 0 && asprintf(&root, "%s/a", tmp) > 0);
	assert_int_equal(mkdir(p, 0755), 0);
	memcpy(m.boot_id, id, PSTORE_BOOT_ID_LEN + 1);
	assert_int_equal(pstore_marker_format(&m, &line), 0);
	for (int boot = 0; boot < 3; boot++) {
		char dm[64];

		snprintf(dm, sizeof(dm), "Panic#1 Part1\n<0>boot %d\n", boot);
		put(p, "dmesg-ramoops-0", dm, 1790000100 + boot * 100);
		put(p, "pmsg-ramoops-0", line, 1790000150 + boot * 100); /* mounted each boot */
		assert_int_equal(archive(ctx, p, root, 0, &made), 1);
		assert_non_null(strstr(made, id)); /* named by the boot id of its marker */
		assert_true(exists(made, "pmsg.txt"));
		free(made);
		made = NULL;
	}
	assert_int_equal(pstore_archive_open(ctx, root, &a), 0);
	assert_int_equal(pstore_archive_count(a), 3);
	assert_string_equal(pstore_archive_get_boot_id(a, 2), id);
	/* an id prefix names several boots; an index names one */
	assert_int_equal(pstore_archive_find(ctx, a, "0123abcd", &i), -EEXIST);
	assert_int_equal(pstore_archive_find(ctx, a, "-2", &i), 0);
	assert_int_equal(i, 0);
	pstore_archive_free(a);

	assert_int_equal(pstore_archive_prune(ctx, root, 2, 0), 1);
	assert_int_equal(pstore_archive_prune(ctx, root, 2, 0), 0);
	assert_int_equal(pstore_archive_prune(ctx, root, 0, 1), 1); /* the newest stays */
	assert_int_equal(pstore_archive_open(ctx, root, &a), 0);
	assert_int_equal(pstore_archive_count(a), 1);
	assert_int_equal(pstore_archive_get_time(a, 0), 1790000300);
	pstore_archive_free(a);

	rm_rf(tmp);
	free(line);
	free(p);
	free(root);
	free(tmp);
	pstore_unref(ctx);
}

static void test_stale_work_and_errors(void **state)
{
	struct pstore_ctx *ctx = unit_ctx(NULL);
	char *tmp = mkdtemp_s(), *p, *root, *work;
	struct pstore_archive *a;

	(void)state;
	assert_true(asprintf(&p, "%s/p", tmp) > 0 && asprintf(&root, "%s/a", tmp) > 0);
	assert_int_equal(mkdir(p, 0755), 0);
	assert_int_equal(mkdir(root, 0755), 0);
	/* a half-built boot of a process that is gone (pid 2^22 + 1 does not exist) */
	assert_true(asprintf(&work, "%s/.20260101T000000Z.4194305.tmpd", root) > 0);
	assert_int_equal(mkdir(work, 0755), 0);
	put(work, "dmesg-ramoops-0", "half\n", 0);
	assert_int_equal(pstore_archive_open(ctx, root, &a), 0);
	assert_int_equal(pstore_archive_count(a), 0); /* never listed */
	pstore_archive_free(a);
	/* nothing to archive: no boot, but the work is cleaned */
	assert_int_equal(archive(ctx, p, root, 0, NULL), 0);
	assert_false(exists(work, "."));
	/* an archive that cannot be created */
	put(tmp, "file", "x\n", 0);
	free(root);
	assert_true(asprintf(&root, "%s/file/a", tmp) > 0);
	assert_int_equal(archive(ctx, p, root, 0, NULL), -ENOTDIR);

	rm_rf(tmp);
	free(work);
	free(p);
	free(root);
	free(tmp);
	pstore_unref(ctx);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_archive_once),
		cmocka_unit_test(test_boot_id_and_retention),
		cmocka_unit_test(test_stale_work_and_errors),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
