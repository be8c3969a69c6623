/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Unit tests of lib/journal.c: the fields of an archived boot's journal entry. */
#include <fcntl.h>
#include <sys/stat.h>

#include "journal.h"
#include "unit.h"

static char *mkdtemp_s(void)
{
	char *d = strdup("/tmp/pstore-journal-XXXXXX");

	assert_non_null(d);
	assert_non_null(mkdtemp(d));
	return d;
}

static void put(const char *dir, const char *name, const char *text)
{
	char *p;
	int fd;

	assert_true(asprintf(&p, "%s/%s", dir, name) > 0);
	fd = open(p, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	assert_true(fd >= 0);
	assert_int_equal(pstore_write_all(fd, text, strlen(text)), 0);
	close(fd);
	free(p);
}

static void rm_rf(const char *dir)
{
	char *cmd;

	assert_true(asprintf(&cmd, "rm -rf '%s'", dir) > 0);
	assert_int_equal(system(cmd), 0);
	free(cmd);
}

/* The value of KEY in the fields, or NULL; fails on a key given twice. */
static const char *get(char **f, size_t n, const char *key)
{
	const char *v = NULL;
	size_t len = strlen(key);

	for (size_t i = 0; i < n; i++)
		if (!strncmp(f[i], key, len) && f[i][len] == '=') {
			assert_null(v);
			v = f[i] + len + 1;
		}
	return v;
}

/* Archives the records the caller put in TMP/p into TMP/a; the boot directory. */
static char *archive(struct pstore_ctx *ctx, const char *tmp)
{
	struct pstore_source *src = NULL;
	char *p, *root, *made = NULL;

	assert_true(asprintf(&p, "%s/p", tmp) > 0);
	assert_true(asprintf(&root, "%s/a", tmp) > 0);
	assert_int_equal(pstore_source_new_dir(ctx, p, &src), 0);
	assert_int_equal(pstore_archive_boot(ctx, src, root, PSTORE_ARCHIVE_KEEP, &made), 1);
	pstore_source_unref(src);
	free(p);
	free(root);
	return made;
}

static void test_panic_fields(void **state)
{
	struct pstore_ctx *ctx = unit_ctx(NULL);
	char *tmp = mkdtemp_s(), *p, *made, **f = NULL;
	size_t n = 0;

	(void)state;
	assert_true(asprintf(&p, "%s/p", tmp) > 0);
	assert_int_equal(mkdir(p, 0755), 0);
	put(p, "dmesg-ramoops-0",
	    "Panic#1 Part1\n<6>[    1.0] hello\n"
	    "<0>[    2.0] Kernel panic - not syncing: Fatal\texception\n");
	put(p, "pmsg-ramoops-0",
	    "pstorectl: boot boot_id=2f3c6a0e-8b1d-4c7e-9f20-5a6b7c8d9e01 "
	    "time=2026-09-01T10:00:00Z uptime=3.00\n");
	made = archive(ctx, tmp);

	assert_int_equal(journal_archive_fields(ctx, made, &f, &n), 0);
	assert_string_equal(get(f, n, "MESSAGE_ID"), PSTORE_ARCHIVE_MESSAGE_ID);
	assert_int_equal(strlen(PSTORE_ARCHIVE_MESSAGE_ID), 32);
	assert_string_equal(get(f, n, "PSTORE_REASON"), "panic");
	assert_string_equal(get(f, n, "PSTORE_BOOT_ID"), "2f3c6a0e-8b1d-4c7e-9f20-5a6b7c8d9e01");
	assert_string_equal(get(f, n, "PSTORE_ARCHIVE"), made);
	assert_string_equal(get(f, n, "PSTORE_RECORDS"), "2");
	/* one line: the tab of the record is no control character in the journal */
	assert_string_equal(get(f, n, "PSTORE_PANIC"),
			    "Kernel panic - not syncing: Fatal?exception");
	assert_string_equal(get(f, n, "PRIORITY"), "4");
	assert_string_equal(get(f, n, "SYSLOG_IDENTIFIER"), "pstorectl");
	assert_non_null(strstr(get(f, n, "MESSAGE"),
			       "The boot 2f3c6a0e-8b1d-4c7e-9f20-5a6b7c8d9e01 ended: panic: "
			       "Kernel panic - not syncing: Fatal?exception; 2 pstore records "
			       "archived in "));
	for (size_t i = 0; i < n; i++)
		assert_null(strchr(f[i], '\n'));
	journal_fields_free(f, n);

	/* not a boot directory of the archive */
	assert_int_equal(journal_archive_fields(ctx, p, &f, &n), -ENOENT);

	free(made);
	free(p);
	rm_rf(tmp);
	free(tmp);
	pstore_unref(ctx);
}

static void test_clean_reboot_fields(void **state)
{
	struct pstore_ctx *ctx = unit_ctx(NULL);
	char *tmp = mkdtemp_s(), *p, *made, **f = NULL;
	size_t n = 0;

	(void)state;
	assert_true(asprintf(&p, "%s/p", tmp) > 0);
	assert_int_equal(mkdir(p, 0755), 0);
	put(p, "pmsg-ramoops-0",
	    "pstorectl: boot boot_id=2f3c6a0e-8b1d-4c7e-9f20-5a6b7c8d9e01 "
	    "time=2026-09-01T10:00:00Z uptime=3.00\n"
	    "pstorectl: poweroff boot_id=2f3c6a0e-8b1d-4c7e-9f20-5a6b7c8d9e01 "
	    "time=2026-09-01T11:00:00Z uptime=3603.00\n");
	made = archive(ctx, tmp);
	assert_int_equal(journal_archive_fields(ctx, made, &f, &n), 0);
	assert_string_equal(get(f, n, "PSTORE_REASON"), "poweroff");
	assert_null(get(f, n, "PSTORE_PANIC"));
	assert_string_equal(get(f, n, "PRIORITY"), "6");
	assert_string_equal(get(f, n, "PSTORE_RECORDS"), "1");
	journal_fields_free(f, n);
	free(made);
	free(p);
	rm_rf(tmp);
	free(tmp);
	pstore_unref(ctx);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_panic_fields),
		cmocka_unit_test(test_clean_reboot_fields),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
