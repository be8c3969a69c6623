/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Unit tests of lib/kconfig.c: the .config parser (plain, gzip, broken) and its search. */
#include <sys/stat.h>
#include <zlib.h>

#include "unit.h"

static struct pstore_kconfig *parse_ok(struct pstore_ctx *ctx, const char *text)
{
	struct pstore_kconfig *kc = NULL;

	assert_int_equal(pstore_kconfig_parse(ctx, text, strlen(text), "test.config", &kc), 0);
	assert_non_null(kc);
	return kc;
}

static void test_values(void **state)
{
	struct pstore_ctx *ctx = unit_ctx(NULL);
	struct pstore_kconfig *kc;

	(void)state;
	kc = parse_ok(ctx, "#\n# Automatically generated file; DO NOT EDIT.\n#\n\n"
			   "CONFIG_PSTORE=y\n"
			   "CONFIG_PSTORE_RAM=m\n"
			   "# CONFIG_PSTORE_CONSOLE is not set\n"
			   "CONFIG_PSTORE_DEFAULT_KMSG_BYTES=10240\n"
			   "CONFIG_MAGIC_SYSRQ_DEFAULT_ENABLE=0x01b6\n"
			   "CONFIG_NEG=-3\n"
			   "CONFIG_PSTORE_COMPRESS_DEFAULT=\"deflate\"\n"
			   "CONFIG_ESC=\"a \\\"q\\\" \\\\b\"\n"
			   "CONFIG_EMPTY=\"\"\n"
			   "CONFIG_TWICE=y\n"
			   "  # an indented comment\n"
			   "CONFIG_TWICE=m\r\n"
			   "CONFIG_lower_case1=y");
	assert_string_equal(pstore_kconfig_get(kc, "PSTORE"), "y");
	assert_string_equal(pstore_kconfig_get(kc, "CONFIG_PSTORE"), "y");
	assert_string_equal(pstore_kconfig_get(kc, "PSTORE_RAM"), "m");
	assert_string_equal(pstore_kconfig_get(kc, "PSTORE_CONSOLE"), "n");
	assert_null(pstore_kconfig_get(kc, "PSTORE_PMSG"));
	assert_string_equal(pstore_kconfig_get(kc, "PSTORE_DEFAULT_KMSG_BYTES"), "10240");
	assert_string_equal(pstore_kconfig_get(kc, "MAGIC_SYSRQ_DEFAULT_ENABLE"), "0x01b6");
	assert_string_equal(pstore_kconfig_get(kc, "NEG"), "-3");
	assert_string_equal(pstore_kconfig_get(kc, "PSTORE_COMPRESS_DEFAULT"), "deflate");
	assert_string_equal(pstore_kconfig_get(kc, "ESC"), "a \"q\" \\b");
	assert_string_equal(pstore_kconfig_get(kc, "EMPTY"), "");
	assert_string_equal(pstore_kconfig_get(kc, "TWICE"), "m"); /* the last line wins */
	assert_string_equal(pstore_kconfig_get(kc, "lower_case1"), "y");
	assert_true(pstore_kconfig_enabled(kc, "PSTORE"));
	assert_true(pstore_kconfig_enabled(kc, "PSTORE_RAM"));
	assert_false(pstore_kconfig_enabled(kc, "PSTORE_CONSOLE"));
	assert_false(pstore_kconfig_enabled(kc, "NOT_THERE"));
	assert_int_equal(pstore_kconfig_count(kc), 11);
	assert_string_equal(pstore_kconfig_get_origin(kc), "test.config");
	pstore_kconfig_free(kc);
	pstore_kconfig_free(NULL);
	pstore_unref(ctx);
}

static void test_malformed(void **state)
{
	static const struct {
		const char *text;
		const char *line;
	} bad[] = {
		{ "CONFIG_A=y\nPSTORE_CONSOLE=y\n", "line 2:" },
		{ "CONFIG_A=y\nCONFIG_B\n", "line 2:" },
		{ "CONFIG_A=\n", "line 1:" },
		{ "\n\nCONFIG_A=\"unterminated\n", "line 3:" },
		{ "CONFIG_A=\"x\"tail\n", "line 1:" },
		{ "CONFIG_A=yes\n", "line 1:" },
		{ "CONFIG_A=1 2\n", "line 1:" },
		{ "CONFIG_A=0x\n", "line 1:" },
		{ "CONFIG_=y\n", "line 1:" },
		{ "CONFIG_A-B=y\n", "line 1:" },
		{ "<html>\n", "line 1:" },
	};
	struct pstore_ctx *ctx = unit_ctx(NULL);
	struct pstore_kconfig *kc = NULL;

	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(bad); i++) {
		assert_int_equal(pstore_kconfig_parse(ctx, bad[i].text, strlen(bad[i].text),
						      "my.config", &kc),
				 -EINVAL);
		assert_null(kc);
		assert_non_null(strstr(pstore_errmsg(ctx), "my.config: "));
		assert_non_null(strstr(pstore_errmsg(ctx), bad[i].line));
	}
	/* Nothing at all, only comments, binary data. */
	assert_int_equal(pstore_kconfig_parse(ctx, "", 0, "e", &kc), -EINVAL);
	assert_int_equal(pstore_kconfig_parse(ctx, "# hi\n", 5, "e", &kc), -EINVAL);
	assert_int_equal(pstore_kconfig_parse(ctx, "CONFIG_A=y\n\0x", 14, "e", &kc), -EINVAL);
	assert_non_null(strstr(pstore_errmsg(ctx), "binary"));
	pstore_unref(ctx);
}

/* gzip-compress with zlib itself: an independent writer of the format. */
static unsigned char *gz(const char *text, size_t *ret_len)
{
	z_stream zs = { 0 };
	size_t cap = strlen(text) + 1024;
	unsigned char *out = malloc(cap);

	assert_non_null(out);
	assert_int_equal(deflateInit2(&zs, 9, Z_DEFLATED, 16 + MAX_WBITS, 8, Z_DEFAULT_STRATEGY),
			 Z_OK);
	zs.next_in = (Bytef *)(uintptr_t)text;
	zs.avail_in = (uInt)strlen(text);
	zs.next_out = out;
	zs.avail_out = (uInt)cap;
	assert_int_equal(deflate(&zs, Z_FINISH), Z_STREAM_END);
	*ret_len = cap - zs.avail_out;
	deflateEnd(&zs);
	return out;
}

static void test_gzip(void **state)
{
	static const char text[] = "CONFIG_PSTORE=y\n# CONFIG_PSTORE_PMSG is not set\n";
	struct pstore_ctx *ctx = unit_ctx(NULL);
	struct pstore_kconfig *kc = NULL;
	unsigned char *z;
	size_t len;

	(void)state;
	z = gz(text, &len);
	assert_int_equal(pstore_kconfig_parse(ctx, (char *)z, len, "config.gz", &kc), 0);
	assert_string_equal(pstore_kconfig_get(kc, "PSTORE"), "y");
	assert_string_equal(pstore_kconfig_get(kc, "PSTORE_PMSG"), "n");
	pstore_kconfig_free(kc);
	kc = NULL;
	/* Cut short, and garbage after a gzip magic. */
	for (size_t cut = 2; cut < len; cut += 3) {
		assert_int_equal(pstore_kconfig_parse(ctx, (char *)z, cut, "config.gz", &kc),
				 -EBADMSG);
		assert_null(kc);
		assert_non_null(strstr(pstore_errmsg(ctx), "config.gz: not valid gzip data"));
	}
	memset(z + 10, 0xa5, len - 10);
	assert_int_equal(pstore_kconfig_parse(ctx, (char *)z, len, "config.gz", &kc), -EBADMSG);
	free(z);
	pstore_unref(ctx);
}

/* The real configurations of the Debian packages and of the minimal kernel. */
static void test_real_configs(void **state)
{
	struct pstore_ctx *ctx;
	struct pstore_kconfig *kc = NULL;

	(void)state;
	/* Debian 6.1: /boot/config-RELEASE, the release from proc/sys/kernel/osrelease. The
	 * expected values are the facts of shared/e2e/README.md, read from the package. */
	ctx = unit_ctx("check-debian-6.1");
	assert_int_equal(pstore_kconfig_read(ctx, NULL, NULL, &kc), 0);
	assert_non_null(strstr(pstore_kconfig_get_origin(kc), "/boot/config-6.1.0-56-cloud-amd64"));
	assert_string_equal(pstore_kconfig_get(kc, "PSTORE"), "y");
	assert_string_equal(pstore_kconfig_get(kc, "PSTORE_RAM"), "m");
	assert_string_equal(pstore_kconfig_get(kc, "PSTORE_CONSOLE"), "n");
	assert_string_equal(pstore_kconfig_get(kc, "PSTORE_PMSG"), "n");
	assert_string_equal(pstore_kconfig_get(kc, "PSTORE_FTRACE"), "n");
	assert_string_equal(pstore_kconfig_get(kc, "EFI_VARS_PSTORE"), "m");
	assert_string_equal(pstore_kconfig_get(kc, "PSTORE_DEFAULT_KMSG_BYTES"), "10240");
	assert_string_equal(pstore_kconfig_get(kc, "PSTORE_COMPRESS_DEFAULT"), "deflate");
	assert_string_equal(pstore_kconfig_get(kc, "PSTORE_DEFLATE_COMPRESS"), "y");
	assert_string_equal(pstore_kconfig_get(kc, "REED_SOLOMON"), "m");
	assert_true(pstore_kconfig_count(kc) > 3000);
	pstore_kconfig_free(kc);
	kc = NULL;
	pstore_unref(ctx);

	/* Debian 6.12: no per-algorithm symbols any more. */
	ctx = unit_ctx("check-debian-6.12");
	assert_int_equal(pstore_kconfig_read(ctx, NULL, NULL, &kc), 0);
	assert_string_equal(pstore_kconfig_get(kc, "PSTORE_COMPRESS"), "y");
	assert_null(pstore_kconfig_get(kc, "PSTORE_DEFLATE_COMPRESS"));
	assert_string_equal(pstore_kconfig_get(kc, "PSTORE_RAM"), "m");
	pstore_kconfig_free(kc);
	kc = NULL;
	pstore_unref(ctx);

	/* The minimal kernel: /proc/config.gz, console and pmsg built in. */
	ctx = unit_ctx("check-minimal");
	assert_int_equal(pstore_kconfig_read(ctx, NULL, NULL, &kc), 0);
	assert_non_null(strstr(pstore_kconfig_get_origin(kc), "/proc/config.gz"));
	assert_string_equal(pstore_kconfig_get(kc, "PSTORE_RAM"), "y");
	assert_string_equal(pstore_kconfig_get(kc, "PSTORE_CONSOLE"), "y");
	assert_string_equal(pstore_kconfig_get(kc, "PSTORE_PMSG"), "y");
	pstore_kconfig_free(kc);
	kc = NULL;
	pstore_unref(ctx);
}

static void test_search(void **state)
{
	struct pstore_ctx *ctx;
	struct pstore_kconfig *kc = NULL;
	char *rel = NULL;

	(void)state;
	ctx = unit_ctx("check-noconfig");
	assert_int_equal(pstore_kernel_release(ctx, &rel), 0);
	assert_string_equal(rel, "5.10.0-handmade");
	free(rel);
	assert_int_equal(pstore_kconfig_read(ctx, NULL, NULL, &kc), -ENOENT);
	assert_non_null(strstr(pstore_errmsg(ctx), "/boot/config-5.10.0-handmade"));
	assert_non_null(strstr(pstore_errmsg(ctx), "/proc/config.gz"));
	assert_int_equal(pstore_kconfig_read(ctx, NULL, "x/y", &kc), -EINVAL);
	pstore_unref(ctx);

	ctx = unit_ctx("check-badline");
	assert_int_equal(pstore_kconfig_read(ctx, NULL, NULL, &kc), -EINVAL);
	assert_non_null(strstr(pstore_errmsg(ctx), "config-5.10.0-badline: line 6:"));
	/* The wrong release finds nothing. */
	assert_int_equal(pstore_kconfig_read(ctx, NULL, "9.9.9", &kc), -ENOENT);
	pstore_unref(ctx);

	/* A user path, and one that does not exist. */
	ctx = unit_ctx(NULL);
	assert_int_equal(pstore_kconfig_read(ctx, FIXTURES "/check-minimal/proc/config.gz", NULL,
					     &kc),
			 0);
	pstore_kconfig_free(kc);
	assert_int_equal(pstore_kconfig_read(ctx, FIXTURES "/nonexistent.config", NULL, &kc),
			 -ENOENT);
	assert_non_null(strstr(pstore_errmsg(ctx), "nonexistent.config"));
	pstore_unref(ctx);
}

/* /lib/modules/RELEASE/config is the third place searched. */
static void test_search_modules_dir(void **state)
{
	char dir[] = "/tmp/pstore-kconfig.XXXXXX";
	char *p = NULL;
	struct pstore_ctx *ctx;
	struct pstore_kconfig *kc = NULL;
	FILE *f;

	(void)state;
	assert_non_null(mkdtemp(dir));
	assert_true(asprintf(&p, "%s/lib/modules/7.0-test", dir) > 0);
	assert_int_equal(system(NULL) != 0, 1);
	{
		char *cmd = NULL;

		assert_true(asprintf(&cmd, "mkdir -p '%s'", p) > 0);
		assert_int_equal(system(cmd), 0);
		free(cmd);
	}
	free(p);
	assert_true(asprintf(&p, "%s/lib/modules/7.0-test/config", dir) > 0);
	f = fopen(p, "w");
	assert_non_null(f);
	fputs("CONFIG_PSTORE=m\n", f);
	fclose(f);
	assert_int_equal(pstore_new(dir, &ctx), 0);
	pstore_set_log_fn(ctx, NULL, NULL);
	assert_int_equal(pstore_kconfig_read(ctx, NULL, "7.0-test", &kc), 0);
	assert_string_equal(pstore_kconfig_get(kc, "PSTORE"), "m");
	pstore_kconfig_free(kc);
	/* The only directory in /lib/modules is the release when there is no osrelease. */
	{
		char *rel = NULL;

		assert_int_equal(pstore_kernel_release(ctx, &rel), 0);
		assert_string_equal(rel, "7.0-test");
		free(rel);
	}
	pstore_unref(ctx);
	unlink(p);
	free(p);
	{
		char *cmd = NULL;

		assert_true(asprintf(&cmd, "rm -rf '%s'", dir) > 0);
		assert_int_equal(system(cmd), 0);
		free(cmd);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_values),
		cmocka_unit_test(test_malformed),
		cmocka_unit_test(test_gzip),
		cmocka_unit_test(test_real_configs),
		cmocka_unit_test(test_search),
		cmocka_unit_test(test_search_modules_dir),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
