/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * systemd-pstore as lib/systemd-pstore.c reads it, on sysroots built here: the unit
 * enabled, disabled, masked or absent; pstore.conf and its drop-ins in systemd's order
 * (systemd.syntax(7), src/pstore/pstore.c: Storage=external and Unlink=yes by default);
 * its archive with flat records and per-id dmesg.txt directories.
 */
#include <fcntl.h>
#include <sys/stat.h>

#include "unit.h"

static char *root_new(void)
{
	char *d = strdup("/tmp/pstore-sd-unit.XXXXXX");

	assert_non_null(mkdtemp(d));
	return d;
}

static void root_free(char *d)
{
	char *cmd = NULL;

	assert_true(asprintf(&cmd, "rm -rf '%s'", d) > 0);
	assert_int_equal(system(cmd), 0);
	free(cmd);
	free(d);
}

static void mkdirs(const char *root, const char *path)
{
	char *cmd = NULL;

	assert_true(asprintf(&cmd, "mkdir -p '%s%s'", root, path) > 0);
	assert_int_equal(system(cmd), 0);
	free(cmd);
}

/* @path (absolute, under @root) with @text, modified at @mtime (0: now). */
static void put(const char *root, const char *path, const char *text, time_t mtime)
{
	char *p = NULL, *dir;
	int fd;

	dir = strdup(path);
	*strrchr(dir, '/') = '\0';
	mkdirs(root, dir);
	free(dir);
	assert_true(asprintf(&p, "%s%s", root, path) > 0);
	fd = open(p, O_WRONLY | O_CREAT | O_TRUNC, 0644);
	assert_true(fd >= 0);
	assert_int_equal(pstore_write_all(fd, text, strlen(text)), 0);
	close(fd);
	if (mtime) {
		struct timespec ts[2] = { { mtime, 0 }, { mtime, 0 } };

		assert_int_equal(utimensat(AT_FDCWD, p, ts, 0), 0);
	}
	free(p);
}

/* A link at @path under @root to @target, a path of the system inside the root. */
static void link_to(const char *root, const char *path, const char *target)
{
	char *p = NULL, *dir = strdup(path);

	*strrchr(dir, '/') = '\0';
	mkdirs(root, dir);
	free(dir);
	assert_true(asprintf(&p, "%s%s", root, path) > 0);
	assert_int_equal(symlink(target, p), 0);
	free(p);
}

static struct pstore_systemd_pstore *read_root(const char *root)
{
	struct pstore_systemd_pstore *o = NULL;
	struct pstore_ctx *ctx = NULL;

	assert_int_equal(pstore_new(root, &ctx), 0);
	pstore_set_log_fn(ctx, NULL, NULL);
	assert_int_equal(pstore_systemd_pstore_read(ctx, &o), 0);
	pstore_unref(ctx);
	return o;
}

static void test_names(void **state)
{
	(void)state;
	assert_string_equal(pstore_unit_state_to_string(PSTORE_UNIT_NOT_FOUND), "not-found");
	assert_string_equal(pstore_unit_state_to_string(PSTORE_UNIT_MASKED), "masked");
	assert_int_equal(pstore_unit_state_from_string("enabled"), PSTORE_UNIT_ENABLED);
	assert_null(pstore_unit_state_to_string(PSTORE_UNIT_MASKED + 1));
	assert_string_equal(pstore_systemd_storage_to_string(PSTORE_SYSTEMD_STORAGE_EXTERNAL),
			    "external");
	assert_int_equal(pstore_systemd_storage_from_string("journal"),
			 PSTORE_SYSTEMD_STORAGE_JOURNAL);
	assert_int_equal(pstore_systemd_storage_from_string("disk"), -EINVAL);
}

/* Nothing of systemd under the root: not installed, systemd's defaults, no archive. */
static void test_absent(void **state)
{
	char *root = root_new();
	struct pstore_systemd_pstore *o;

	(void)state;
	o = read_root(root);
	assert_int_equal(pstore_systemd_pstore_get_unit(o), PSTORE_UNIT_NOT_FOUND);
	assert_int_equal(pstore_systemd_pstore_get_storage(o), PSTORE_SYSTEMD_STORAGE_EXTERNAL);
	assert_true(pstore_systemd_pstore_get_unlink(o));
	assert_null(pstore_systemd_pstore_get_origin(o, "Storage"));
	assert_null(pstore_systemd_pstore_get_origin(o, "Unlink"));
	assert_false(pstore_systemd_pstore_takes_records(o));
	assert_int_equal(pstore_systemd_pstore_get_archived(o), 0);
	assert_null(pstore_systemd_pstore_get_newest(o, NULL));
	pstore_systemd_pstore_free(o);
	pstore_systemd_pstore_free(NULL);
	root_free(root);
}

/* Debian 12: /lib/systemd/system/systemd-pstore.service, enabled in sysinit.target.wants. */
static void test_unit_states(void **state)
{
	char *root = root_new();
	struct pstore_systemd_pstore *o;

	(void)state;
	put(root, "/lib/systemd/system/systemd-pstore.service", "[Unit]\n", 0);
	o = read_root(root);
	assert_int_equal(pstore_systemd_pstore_get_unit(o), PSTORE_UNIT_DISABLED);
	assert_false(pstore_systemd_pstore_takes_records(o));
	pstore_systemd_pstore_free(o);

	/* an absolute link, as systemctl enable makes: never followed out of the root */
	link_to(root, "/etc/systemd/system/sysinit.target.wants/systemd-pstore.service",
		"/lib/systemd/system/systemd-pstore.service");
	o = read_root(root);
	assert_int_equal(pstore_systemd_pstore_get_unit(o), PSTORE_UNIT_ENABLED);
	assert_true(pstore_systemd_pstore_takes_records(o));
	pstore_systemd_pstore_free(o);

	link_to(root, "/etc/systemd/system/systemd-pstore.service", "/dev/null");
	o = read_root(root);
	assert_int_equal(pstore_systemd_pstore_get_unit(o), PSTORE_UNIT_MASKED);
	assert_false(pstore_systemd_pstore_takes_records(o));
	pstore_systemd_pstore_free(o);
	root_free(root);

	/* /usr/lib and a vendor *.wants (static enablement) count too */
	root = root_new();
	put(root, "/usr/lib/systemd/system/systemd-pstore.service", "[Unit]\n", 0);
	link_to(root, "/usr/lib/systemd/system/sysinit.target.wants/systemd-pstore.service",
		"../systemd-pstore.service");
	o = read_root(root);
	assert_int_equal(pstore_systemd_pstore_get_unit(o), PSTORE_UNIT_ENABLED);
	pstore_systemd_pstore_free(o);
	root_free(root);
}

/* pstore.conf, then the drop-ins by file name; /etc hides /usr/lib; /dev/null masks. */
static void test_conf_precedence(void **state)
{
	char *root = root_new();
	struct pstore_systemd_pstore *o;

	(void)state;
	/* the main file: Debian's template has the defaults commented out */
	put(root, "/etc/systemd/pstore.conf", "[PStore]\n#Storage=external\n#Unlink=yes\n", 0);
	o = read_root(root);
	assert_int_equal(pstore_systemd_pstore_get_storage(o), PSTORE_SYSTEMD_STORAGE_EXTERNAL);
	assert_true(pstore_systemd_pstore_get_unlink(o));
	assert_null(pstore_systemd_pstore_get_origin(o, "Unlink"));
	pstore_systemd_pstore_free(o);

	put(root, "/etc/systemd/pstore.conf",
	    "# comment\n[Other]\nStorage=none\n[PStore]\n  Unlink = no  \nStorage=disk\n", 0);
	o = read_root(root);
	assert_int_equal(pstore_systemd_pstore_get_storage(o), PSTORE_SYSTEMD_STORAGE_EXTERNAL);
	assert_false(pstore_systemd_pstore_get_unlink(o));
	assert_string_equal(pstore_systemd_pstore_get_origin(o, "Unlink"),
			    "/etc/systemd/pstore.conf");
	pstore_systemd_pstore_free(o);

	/* drop-ins override the main file, sorted by name whatever their directory */
	put(root, "/usr/lib/systemd/pstore.conf.d/50-vendor.conf",
	    "[PStore]\nStorage=journal\nUnlink=yes\n", 0);
	put(root, "/usr/lib/systemd/pstore.conf.d/60-local.conf", "[PStore]\nUnlink=yes\n", 0);
	put(root, "/etc/systemd/pstore.conf.d/60-local.conf", "[PStore]\nUnlink=off\n", 0);
	put(root, "/usr/lib/systemd/pstore.conf.d/70-masked.conf", "[PStore]\nStorage=none\n", 0);
	link_to(root, "/etc/systemd/pstore.conf.d/70-masked.conf", "/dev/null");
	put(root, "/etc/systemd/pstore.conf.d/README", "[PStore]\nStorage=none\n", 0);
	put(root, "/run/systemd/pstore.conf.d/40-early.conf", "[PStore]\nStorage=none\n", 0);
	o = read_root(root);
	assert_int_equal(pstore_systemd_pstore_get_storage(o), PSTORE_SYSTEMD_STORAGE_JOURNAL);
	assert_string_equal(pstore_systemd_pstore_get_origin(o, "Storage"),
			    "/usr/lib/systemd/pstore.conf.d/50-vendor.conf");
	assert_false(pstore_systemd_pstore_get_unlink(o));
	assert_string_equal(pstore_systemd_pstore_get_origin(o, "Unlink"),
			    "/etc/systemd/pstore.conf.d/60-local.conf");
	pstore_systemd_pstore_free(o);
	root_free(root);

	/* no /etc/systemd/pstore.conf: the vendor's main file (systemd 254 and later) */
	root = root_new();
	put(root, "/usr/lib/systemd/pstore.conf", "[PStore]\nStorage=none\n", 0);
	o = read_root(root);
	assert_int_equal(pstore_systemd_pstore_get_storage(o), PSTORE_SYSTEMD_STORAGE_NONE);
	pstore_systemd_pstore_free(o);
	/* /etc's main file, even masked, hides it */
	link_to(root, "/etc/systemd/pstore.conf", "/dev/null");
	o = read_root(root);
	assert_int_equal(pstore_systemd_pstore_get_storage(o), PSTORE_SYSTEMD_STORAGE_EXTERNAL);
	pstore_systemd_pstore_free(o);
	root_free(root);
}

/* Its archive: ramoops records flat, an ERST dump's parts and dmesg.txt in <id>/. */
static void test_archive(void **state)
{
	char *root = root_new();
	struct pstore_systemd_pstore *o;
	int64_t t = 0;

	(void)state;
	mkdirs(root, "/var/lib/systemd/pstore");
	o = read_root(root);
	assert_int_equal(pstore_systemd_pstore_get_archived(o), 0);
	assert_null(pstore_systemd_pstore_get_newest(o, &t));
	assert_int_equal(t, 0);
	pstore_systemd_pstore_free(o);

	put(root, "/var/lib/systemd/pstore/console-ramoops-0", "console\n", 1000);
	put(root, "/var/lib/systemd/pstore/dmesg-ramoops-0", "Panic#1 Part1\n", 2000);
	put(root, "/var/lib/systemd/pstore/1706000000/dmesg-erst-1706000000001001",
	    "Oops#1 Part1\n", 2500);
	put(root, "/var/lib/systemd/pstore/1706000000/dmesg.txt",
	    "dmesg-erst-1706000000001001:\nOops#1 Part1\n", 3000);
	put(root, "/var/lib/systemd/pstore/notes.txt", "not a record\n", 4000);
	o = read_root(root);
	assert_int_equal(pstore_systemd_pstore_get_archived(o), 4);
	assert_string_equal(pstore_systemd_pstore_get_newest(o, &t), "1706000000/dmesg.txt");
	assert_int_equal(t, 3000);
	pstore_systemd_pstore_free(o);
	root_free(root);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_names),
		cmocka_unit_test(test_absent),
		cmocka_unit_test(test_unit_states),
		cmocka_unit_test(test_conf_precedence),
		cmocka_unit_test(test_archive),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
