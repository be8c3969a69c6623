/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Unit tests of the boot and shutdown markers (lib/marker.c). */
#include <fcntl.h>
#include <sys/stat.h>

#include "unit.h"

#define ID "0f3c1d2e-4b5a-4c6d-8e7f-90a1b2c3d4e5"

static void test_events(void **state)
{
	(void)state;
	assert_string_equal(pstore_marker_event_to_string(PSTORE_MARKER_BOOT), "boot");
	assert_string_equal(pstore_marker_event_to_string(PSTORE_MARKER_KEXEC), "kexec");
	assert_null(pstore_marker_event_to_string(_PSTORE_MARKER_MAX));
	assert_int_equal(pstore_marker_event_from_string("poweroff"), PSTORE_MARKER_POWEROFF);
	assert_int_equal(pstore_marker_event_from_string("shutdown"), -EINVAL);
}

static void test_boot_id(void **state)
{
	(void)state;
	assert_true(pstore_boot_id_valid(ID, strlen(ID)));
	assert_true(pstore_boot_id_valid("0F3C1D2E-4B5A-4C6D-8E7F-90A1B2C3D4E5", 36));
	assert_false(pstore_boot_id_valid(ID, 35));
	assert_false(pstore_boot_id_valid("0f3c1d2e-4b5a-4c6d-8e7f-90a1b2c3d4eg", 36));
	assert_false(pstore_boot_id_valid("0f3c1d2e-4b5a-4c6d-8e7f-90a1b2c3d4\n5", 36));
	assert_false(pstore_boot_id_valid("0f3c1d2e04b5a-4c6d-8e7f-90a1b2c3d4e5", 36));
}

static void test_format_parse(void **state)
{
	struct pstore_marker m = { .struct_size = sizeof(m), .event = PSTORE_MARKER_REBOOT,
				   .time = 1795317075, .has_uptime = true, .uptime_ms = 12345 };
	struct pstore_marker back = PSTORE_STRUCT_INIT(struct pstore_marker);
	char *line = NULL;

	(void)state;
	strcpy(m.boot_id, ID);
	assert_int_equal(pstore_marker_format(&m, &line), 0);
	assert_string_equal(line, "pstorectl: reboot boot_id=" ID
				  " time=2026-11-22T03:11:15Z uptime=12.34\n");
	assert_int_equal(pstore_marker_parse(line, strlen(line), &back), 0);
	assert_int_equal(back.event, PSTORE_MARKER_REBOOT);
	assert_string_equal(back.boot_id, ID);
	assert_int_equal(back.time, 1795317075);
	assert_true(back.has_uptime);
	assert_int_equal(back.uptime_ms, 12340);
	free(line);

	m.has_uptime = false;
	m.event = PSTORE_MARKER_BOOT;
	assert_int_equal(pstore_marker_format(&m, &line), 0);
	assert_string_equal(line, "pstorectl: boot boot_id=" ID " time=2026-11-22T03:11:15Z\n");
	assert_int_equal(pstore_marker_parse(line, strlen(line) - 1, &back), 0);
	assert_false(back.has_uptime);
	free(line);

	/* nothing unchecked goes into a line */
	strcpy(m.boot_id, "0f3c1d2e-4b5a-4c6d-8e7f-90a1b2\nfake"); /* fits, not a UUID */
	assert_int_equal(pstore_marker_format(&m, &line), -EINVAL);
	strcpy(m.boot_id, ID);
	m.event = _PSTORE_MARKER_MAX;
	assert_int_equal(pstore_marker_format(&m, &line), -EINVAL);
}

static void test_parse_bad(void **state)
{
	static const char *const bad[] = {
		"",
		"pstorectl:",
		"pstorectl: reboot",
		"pstorectl: reboot time=2026-11-22T03:11:15Z",
		"pstorectl: reboot boot_id=" ID,
		"pstorectl: shutdown boot_id=" ID " time=2026-11-22T03:11:15Z",
		"pstorectl: reboot boot_id=nope time=2026-11-22T03:11:15Z",
		"pstorectl: reboot boot_id=" ID " time=2026-11-22 03:11:15",
		"pstorectl: reboot boot_id=" ID " time=2026-11-22T03:11:15Z uptime=x",
		"pstorectl: reboot boot_id=" ID " time=2026-11-22T03:11:15Z junk",
		"xpstorectl: reboot boot_id=" ID " time=2026-11-22T03:11:15Z",
	};
	struct pstore_marker m = PSTORE_STRUCT_INIT(struct pstore_marker);

	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(bad); i++)
		assert_int_equal(pstore_marker_parse(bad[i], strlen(bad[i]), &m), -EINVAL);
	/* keys of later versions are skipped */
	{
		const char *l = "pstorectl: halt boot_id=" ID " time=2026-11-22T03:11:15Z unit=a.service";

		assert_int_equal(pstore_marker_parse(l, strlen(l), &m), 0);
	}
	assert_int_equal(m.event, PSTORE_MARKER_HALT);
}

static void test_find_all(void **state)
{
	const char buf[] = "hello from an app\n"
			   "pstorectl: boot boot_id=" ID " time=2026-11-22T03:11:15Z uptime=3.10\n"
			   "pstorectl: not a marker\n"
			   "pstorectl: poweroff boot_id=" ID " time=2026-11-22T04:00:00Z\n"
			   "\nECC: No errors detected\n";
	struct pstore_marker **v = NULL, m = { 0 };
	size_t n = 0;

	(void)state;
	assert_int_equal(pstore_marker_find_all(buf, sizeof(buf) - 1, &v, &n), 0);
	assert_int_equal(n, 2);
	assert_int_equal(v[0]->struct_size, sizeof(struct pstore_marker));
	assert_int_equal(v[0]->event, PSTORE_MARKER_BOOT);
	assert_int_equal(v[0]->uptime_ms, 3100);
	assert_int_equal(v[1]->event, PSTORE_MARKER_POWEROFF);
	assert_int_equal(v[1]->time - v[0]->time, 2925);
	free(v);
	/* a struct without its size is refused */
	assert_int_equal(pstore_marker_parse(buf + 18, 70, &m), -EINVAL);
	assert_int_equal(pstore_marker_find_all("", 0, &v, &n), 0);
	assert_int_equal(n, 0);
	assert_null(v);
}

static void put(const char *root, const char *rel, const char *text)
{
	char path[4096];
	FILE *f;

	snprintf(path, sizeof(path), "%s%s", root, rel);
	for (char *p = path + strlen(root) + 1; (p = strchr(p, '/')); p++) {
		*p = '\0';
		mkdir(path, 0755);
		*p = '/';
	}
	assert_non_null(f = fopen(path, "w"));
	fputs(text, f);
	fclose(f);
}

static void test_init_write(void **state)
{
	char root[] = "/tmp/pstore-marker.XXXXXX", path[256], got[256] = "";
	struct pstore_ctx *ctx;
	struct pstore_marker m = PSTORE_STRUCT_INIT(struct pstore_marker);
	char *line = NULL;
	int fd;
	ssize_t n;

	(void)state;
	assert_non_null(mkdtemp(root));
	put(root, "/proc/sys/kernel/random/boot_id", "0F3C1D2E-4B5A-4C6D-8E7F-90A1B2C3D4E5\n");
	put(root, "/proc/uptime", "4321.98 8000.00\n");
	put(root, "/dev/pmsg0", "");
	ctx = unit_ctx(NULL);
	pstore_unref(ctx);
	assert_int_equal(pstore_new(root, &ctx), 0);
	pstore_set_log_fn(ctx, NULL, NULL);
	assert_int_equal(pstore_marker_init(ctx, PSTORE_MARKER_BOOT, &m), 0);
	assert_string_equal(m.boot_id, ID);
	assert_true(m.has_uptime);
	assert_int_equal(m.uptime_ms, 4321980);

	/* pmsg itself must be a character device (pstore_pmsg_open): write to a file here */
	snprintf(path, sizeof(path), "%s/dev/pmsg0", root);
	fd = open(path, O_WRONLY | O_TRUNC);
	assert_true(fd >= 0);
	assert_int_equal(pstore_marker_write(ctx, fd, PSTORE_MARKER_KEXEC, &line), 0);
	close(fd);
	fd = open(path, O_RDONLY);
	n = read(fd, got, sizeof(got) - 1);
	close(fd);
	assert_true(n > 0);
	assert_string_equal(got, line);
	assert_int_equal(pstore_marker_parse(got, (size_t)n, &m), 0);
	assert_int_equal(m.event, PSTORE_MARKER_KEXEC);
	free(line);

	/* a boot_id file that is not a UUID: refused, with the file named */
	put(root, "/proc/sys/kernel/random/boot_id", "0f3c1d2e-4b5a-4c6d-8e7f\n-90a1b2c3d4e5\n");
	assert_int_equal(pstore_marker_init(ctx, PSTORE_MARKER_BOOT, &m), -EINVAL);
	assert_non_null(strstr(pstore_errmsg(ctx), "/proc/sys/kernel/random/boot_id"));
	/* no uptime: the marker goes without */
	put(root, "/proc/sys/kernel/random/boot_id", ID "\n");
	snprintf(path, sizeof(path), "%s/proc/uptime", root);
	unlink(path);
	assert_int_equal(pstore_marker_init(ctx, PSTORE_MARKER_BOOT, &m), 0);
	assert_false(m.has_uptime);
	pstore_unref(ctx);
	assert_int_equal(system(((void)snprintf(path, sizeof(path), "rm -rf %s", root), path)), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_events),    cmocka_unit_test(test_boot_id),
		cmocka_unit_test(test_format_parse), cmocka_unit_test(test_parse_bad),
		cmocka_unit_test(test_find_all),  cmocka_unit_test(test_init_write),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
