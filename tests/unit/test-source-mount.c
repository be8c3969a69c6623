/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * The mount source erases only on pstorefs (lib/source-mount.c): a directory that
 * mountinfo named but that is another file system (mounted over, another namespace's) is
 * never erased in. Deterministic without root: the rule is tested on f_type values, and
 * the whole path on a temporary directory (tmpfs or ext4, never pstorefs).
 */
#include <fcntl.h>
#include <sys/stat.h>
#include <linux/magic.h>

#include "unit.h"
#include "source.h"

static void test_fstype_rule(void **state)
{
	struct pstore_ctx *ctx = unit_ctx(NULL);

	(void)state;
	/* include/uapi/linux/magic.h */
	assert_int_equal(source_mount_check_fstype(ctx, "/sys/fs/pstore", 0x6165676C), 0);
	assert_int_equal(source_mount_check_fstype(ctx, "/sys/fs/pstore", TMPFS_MAGIC),
			 -EMEDIUMTYPE);
	assert_non_null(strstr(pstore_errmsg(ctx), "/sys/fs/pstore: not a pstore file system"));
	assert_int_equal(source_mount_check_fstype(ctx, "/x", EXT4_SUPER_MAGIC), -EMEDIUMTYPE);
	pstore_unref(ctx);
}

static char *make_dir_with_record(void)
{
	char *d = strdup("/tmp/pstore-unit.XXXXXX"), *p = NULL;
	int fd;

	assert_non_null(mkdtemp(d));
	assert_true(asprintf(&p, "%s/dmesg-ramoops-0", d) > 0);
	fd = open(p, O_WRONLY | O_CREAT | O_TRUNC, 0644);
	assert_true(fd >= 0);
	assert_int_equal(pstore_write_all(fd, "Panic#1 Part1\n", 14), 0);
	close(fd);
	free(p);
	return d;
}

static void remove_dir(char *d)
{
	char *p = NULL;

	assert_true(asprintf(&p, "%s/dmesg-ramoops-0", d) > 0);
	unlink(p);
	free(p);
	assert_int_equal(rmdir(d), 0);
	free(d);
}

static bool exists(const char *d)
{
	char *p = NULL;
	bool e;

	assert_true(asprintf(&p, "%s/dmesg-ramoops-0", d) > 0);
	e = access(p, F_OK) == 0;
	free(p);
	return e;
}

/* The live mount source (no sysroot) on a directory that is not pstorefs erases nothing. */
static void test_mount_source_refuses_other_fs(void **state)
{
	struct pstore_ctx *ctx = unit_ctx(NULL);
	struct pstore_source *s = NULL;
	struct pstore_record **recs = NULL;
	char *d = make_dir_with_record();
	size_t n = 0;

	(void)state;
	assert_int_equal(source_mount_new_at(ctx, d, &s), 0);
	assert_string_equal(pstore_source_get_kind(s), "mount");
	/* reading is harmless and still works */
	assert_int_equal(pstore_source_list(s, &recs, &n), 0);
	assert_int_equal(n, 1);
	assert_int_equal(pstore_record_remove(ctx, recs[0]), -EMEDIUMTYPE);
	assert_non_null(strstr(pstore_errmsg(ctx), "not a pstore file system"));
	assert_true(exists(d));
	pstore_record_list_free(recs, n);
	pstore_source_unref(s);
	pstore_unref(ctx);

	/* the same directory named by the user is erased in */
	assert_int_equal(pstore_new(NULL, &ctx), 0);
	pstore_set_log_fn(ctx, NULL, NULL);
	assert_int_equal(pstore_source_new_dir(ctx, d, &s), 0);
	assert_int_equal(pstore_source_list(s, &recs, &n), 0);
	assert_int_equal(pstore_record_remove(ctx, recs[0]), 0);
	assert_false(exists(d));
	pstore_record_list_free(recs, n);
	pstore_source_unref(s);
	pstore_unref(ctx);
	remove_dir(d);
}

/* Under a sysroot the mount point is a copied tree: erasing there is what tests do. */
static void test_mount_source_sysroot_copy(void **state)
{
	struct pstore_ctx *ctx = NULL;
	struct pstore_source *s = NULL;
	struct pstore_record **recs = NULL;
	char *d = make_dir_with_record();
	size_t n = 0;

	(void)state;
	assert_int_equal(pstore_new("/tmp", &ctx), 0);
	pstore_set_log_fn(ctx, NULL, NULL);
	/* the mount point is a system path: the same directory, seen from inside /tmp */
	assert_int_equal(source_mount_new_at(ctx, d + strlen("/tmp"), &s), 0);
	assert_int_equal(pstore_source_list(s, &recs, &n), 0);
	assert_int_equal(n, 1);
	assert_int_equal(pstore_record_remove(ctx, recs[0]), 0);
	assert_false(exists(d));
	pstore_record_list_free(recs, n);
	pstore_source_unref(s);
	pstore_unref(ctx);
	remove_dir(d);
}

/*
 * tail -f watches the directory the source opened, not its path resolved again on the
 * host: under a sysroot an absolute link in it leads elsewhere on the host (here: to a
 * decoy directory that exists there too).
 */
static void test_watch_dir_is_the_opened_directory(void **state)
{
	struct pstore_ctx *ctx = NULL;
	struct pstore_source *s = NULL;
	char *root = strdup("/tmp/pstore-unit.XXXXXX"), *decoy = strdup("/tmp/pstore-unit.XXXXXX");
	char *inside = NULL, *link = NULL, *cmd = NULL;
	struct stat w, in, dec;

	(void)state;
	assert_non_null(mkdtemp(root));
	assert_non_null(mkdtemp(decoy));
	/* the link's target, seen from inside the sysroot: root + decoy's path */
	assert_true(asprintf(&inside, "%s%s", root, decoy) > 0);
	assert_true(asprintf(&cmd, "mkdir -p '%s'", inside) > 0);
	assert_int_equal(system(cmd), 0);
	assert_true(asprintf(&link, "%s/pst", root) > 0);
	assert_int_equal(symlink(decoy, link), 0);

	assert_int_equal(pstore_new(root, &ctx), 0);
	pstore_set_log_fn(ctx, NULL, NULL);
	assert_int_equal(source_mount_new_at(ctx, "/pst", &s), 0);
	assert_non_null(pstore_source_get_watch_dir(s));
	assert_int_equal(stat(pstore_source_get_watch_dir(s), &w), 0);
	assert_int_equal(stat(inside, &in), 0);
	assert_int_equal(stat(decoy, &dec), 0);
	assert_true(w.st_dev == in.st_dev && w.st_ino == in.st_ino);
	assert_false(w.st_dev == dec.st_dev && w.st_ino == dec.st_ino);
	pstore_source_unref(s);
	pstore_unref(ctx);

	free(cmd);
	assert_true(asprintf(&cmd, "rm -rf '%s' '%s'", root, decoy) > 0);
	assert_int_equal(system(cmd), 0);
	free(cmd);
	free(link);
	free(inside);
	free(decoy);
	free(root);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_fstype_rule),
		cmocka_unit_test(test_mount_source_refuses_other_fs),
		cmocka_unit_test(test_mount_source_sysroot_copy),
		cmocka_unit_test(test_watch_dir_is_the_opened_directory),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
