/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Unit tests of lib/sysroot.c: system paths stay inside the sysroot whatever links the
 * tree holds, through openat2(RESOLVE_IN_ROOT) and through the walk that replaces it
 * (PSTORE_TEST_NO_OPENAT2=1); and pmsg writes go to a character device only.
 */
#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>

#include "unit.h"

struct tree {
	char base[64];  /* the "host": base/host-secret lives outside the sysroot */
	char *root;     /* base/root: the sysroot */
	char *secret;   /* base/host-secret */
};

static void wr(const char *dir, const char *name, const char *text)
{
	char *p;
	FILE *f;

	assert_true(asprintf(&p, "%s/%s", dir, name) > 0);
	f = fopen(p, "w");
	assert_non_null(f);
	fputs(text, f);
	fclose(f);
	free(p);
}

static void ln(const char *target, const char *dir, const char *name)
{
	char *p;

	assert_true(asprintf(&p, "%s/%s", dir, name) > 0);
	assert_int_equal(symlink(target, p), 0);
	free(p);
}

static void md(const char *dir, const char *name)
{
	char *p;

	assert_true(asprintf(&p, "%s/%s", dir, name) > 0);
	assert_int_equal(mkdir(p, 0755), 0);
	free(p);
}

static void tree_make(struct tree *t)
{
	char *hostdir_link;

	snprintf(t->base, sizeof(t->base), "/tmp/pstore-unit-sysroot.XXXXXX");
	assert_non_null(mkdtemp(t->base));
	assert_true(asprintf(&t->root, "%s/root", t->base) > 0);
	assert_true(asprintf(&t->secret, "%s/host-secret", t->base) > 0);
	wr(t->base, "host-secret", "HOST SECRET\n");
	md(t->base, "root");
	wr(t->root, "inside.txt", "INSIDE\n");
	wr(t->root, "host-secret", "ROOT COPY\n");
	md(t->root, "dir");
	md(t->root, "dir/sub");
	wr(t->root, "dir/sub/file", "SUB\n");
	ln(t->secret, t->root, "abs");                /* absolute, to the host file */
	ln("/inside.txt", t->root, "abs-inside");     /* absolute, exists inside */
	ln("../host-secret", t->root, "rel");         /* relative, climbs out */
	ln("../../../../../../host-secret", t->root, "dir/deep"); /* far out */
	ln("../inside.txt", t->root, "dir/up");       /* relative, stays inside */
	ln("/", t->root, "rootlink");                 /* a directory link to / */
	ln("loop2", t->root, "loop1");
	ln("loop1", t->root, "loop2");
	ln("self", t->root, "self");
	ln("sub/file", t->root, "dir/down");          /* below the directory */
	hostdir_link = t->base;
	ln(hostdir_link, t->root, "hostdir");        /* a directory link to the host */
}

static void tree_free(struct tree *t)
{
	char cmd[128];

	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", t->base);
	assert_int_equal(system(cmd), 0);
	free(t->root);
	free(t->secret);
}

/* What pstore_open_sys() reads at @path: the first line, or "" and the error in *err. */
static char *read_sys(struct pstore_ctx *ctx, const char *path, int flags, int *err)
{
	static char buf[64];
	int fd = pstore_open_sys(ctx, path, flags);
	ssize_t n;

	buf[0] = '\0';
	*err = fd < 0 ? fd : 0;
	if (fd < 0)
		return buf;
	n = read(fd, buf, sizeof(buf) - 1);
	buf[n > 0 ? n : 0] = '\0';
	close(fd);
	return buf;
}

static void check_in_root(bool walk)
{
	static const struct {
		const char *path;
		const char *want; /* the content, or NULL for an error */
		int err;
	} cases[] = {
		{ "/inside.txt", "INSIDE\n", 0 },
		/* the attack: a link to a host file is looked up inside the root */
		{ "/abs", NULL, -ENOENT },
		{ "/abs-inside", "INSIDE\n", 0 },
		/* ".." stops at the root */
		{ "/rel", "ROOT COPY\n", 0 },
		{ "/dir/deep", "ROOT COPY\n", 0 },
		{ "/../../../host-secret", "ROOT COPY\n", 0 },
		{ "/dir/../../inside.txt", "INSIDE\n", 0 },
		{ "/dir/up", "INSIDE\n", 0 },
		{ "/dir/down", "SUB\n", 0 },
		{ "/rootlink/inside.txt", "INSIDE\n", 0 },
		{ "/rootlink/rootlink/dir/sub/file", "SUB\n", 0 },
		{ "/hostdir/host-secret", NULL, -ENOENT },
		{ "/loop1", NULL, -ELOOP },
		{ "/self", NULL, -ELOOP },
		{ "/inside.txt/", NULL, -ENOTDIR },
		{ "/missing", NULL, -ENOENT },
	};
	struct pstore_ctx *ctx = NULL;
	struct tree t;
	struct stat st;
	DIR *d = NULL;
	bool seen = false;
	int err, fd;

	if (walk)
		setenv("PSTORE_TEST_NO_OPENAT2", "1", 1);
	else
		unsetenv("PSTORE_TEST_NO_OPENAT2");
	tree_make(&t);
	assert_int_equal(pstore_new(t.root, &ctx), 0);
	pstore_set_log_fn(ctx, NULL, NULL);
	for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
		const char *got = read_sys(ctx, cases[i].path, O_RDONLY, &err);

		if (err != cases[i].err || (cases[i].want && !streq(got, cases[i].want)))
			fail_msg("%s (%s): got %d '%s', want %d '%s'", cases[i].path,
				 walk ? "walk" : "openat2", err, got, cases[i].err,
				 cases[i].want ? cases[i].want : "");
	}
	/* O_NOFOLLOW: the last component must not be a link, even one that stays inside */
	read_sys(ctx, "/abs-inside", O_RDONLY | O_NOFOLLOW, &err);
	assert_int_equal(err, -ELOOP);
	/* never creates a file */
	assert_int_equal(pstore_open_sys(ctx, "/new", O_WRONLY | O_CREAT), -EINVAL);
	assert_int_equal(pstore_stat_sys(ctx, "/new", &st), -ENOENT);
	/* the readers and the existence checks go the same way */
	assert_int_equal(pstore_stat_sys(ctx, "/abs", &st), -ENOENT);
	assert_int_equal(pstore_stat_sys(ctx, "/rel", &st), 0);
	assert_int_equal((int)st.st_size, 10); /* "ROOT COPY\n", not the host's file */
	{
		char *buf = NULL;
		size_t len;

		assert_int_equal(pstore_read_sysfile(ctx, "/abs", &buf, &len), -ENOENT);
		assert_null(buf);
		assert_non_null(strstr(pstore_errmsg(ctx), "root/abs"));
		pstore_clear_error(ctx);
	}
	assert_int_equal(pstore_opendir_sys(ctx, "/rootlink", &d), 0);
	for (struct dirent *de; (de = readdir(d));)
		seen |= streq(de->d_name, "inside.txt");
	closedir(d);
	assert_true(seen);
	assert_int_equal(pstore_opendir_sys(ctx, "/hostdir", &d), -ENOENT);

	/* openat below a directory: nothing may leave it */
	fd = pstore_open_sys(ctx, "/dir", O_RDONLY | O_DIRECTORY);
	assert_true(fd >= 0);
	{
		int f = pstore_openat_sys(fd, "sub/file", O_RDONLY);

		assert_true(f >= 0);
		close(f);
		f = pstore_openat_sys(fd, "down", O_RDONLY);
		assert_true(f >= 0);
		close(f);
		assert_int_equal(pstore_openat_sys(fd, "up", O_RDONLY), -EXDEV);
		assert_int_equal(pstore_openat_sys(fd, "deep", O_RDONLY), -EXDEV);
		assert_int_equal(pstore_openat_sys(fd, "../inside.txt", O_RDONLY), -EXDEV);
		assert_int_equal(pstore_openat_sys(fd, "/inside.txt", O_RDONLY), -EXDEV);
		assert_int_equal(errno, EXDEV); /* as after openat(), for callers that look */
	}
	close(fd);
	pstore_unref(ctx);

	/* The running system ("/"): paths are the host's, as before. */
	assert_int_equal(pstore_new("/", &ctx), 0);
	assert_string_equal(read_sys(ctx, t.secret, O_RDONLY, &err), "HOST SECRET\n");
	pstore_unref(ctx);
	tree_free(&t);
	unsetenv("PSTORE_TEST_NO_OPENAT2");
}

static void test_openat2(void **state)
{
	(void)state;
	check_in_root(false);
}

static void test_walk(void **state)
{
	(void)state;
	check_in_root(true);
}

/* /dev/pmsg0 must be a character device: never a file a link leads to, a file or FIFO. */
static void check_pmsg(bool walk)
{
	struct pstore_ctx *ctx = NULL;
	struct tree t;
	char *dev, *pmsg, buf[64];
	int fd = -1;
	FILE *f;

	if (walk)
		setenv("PSTORE_TEST_NO_OPENAT2", "1", 1);
	else
		unsetenv("PSTORE_TEST_NO_OPENAT2");
	tree_make(&t);
	md(t.root, "dev");
	assert_true(asprintf(&dev, "%s/dev", t.root) > 0);
	assert_true(asprintf(&pmsg, "%s/pmsg0", dev) > 0);
	assert_int_equal(pstore_new(t.root, &ctx), 0);
	pstore_set_log_fn(ctx, NULL, NULL);

	/* the attack of issue 11: an absolute link to a host file */
	ln(t.secret, dev, "pmsg0");
	assert_true(pstore_pmsg_open(ctx, &fd) < 0);
	unlink(pmsg);
	/* a link inside the sysroot: refused too (O_NOFOLLOW) */
	ln("/inside.txt", dev, "pmsg0");
	assert_int_equal(pstore_pmsg_open(ctx, &fd), -ELOOP);
	assert_non_null(strstr(pstore_errmsg(ctx), "dev/pmsg0"));
	unlink(pmsg);
	/* a regular file: refused, left as it was */
	wr(dev, "pmsg0", "");
	assert_int_equal(pstore_pmsg_open(ctx, &fd), -ENODEV);
	assert_non_null(strstr(pstore_errmsg(ctx), "not a character device"));
	assert_non_null(strstr(pstore_errmsg(ctx), pmsg));
	unlink(pmsg);
	/* a FIFO: refused without waiting for a reader */
	assert_int_equal(mkfifo(pmsg, 0600), 0);
	assert_int_equal(pstore_pmsg_open(ctx, &fd), -ENODEV);
	assert_non_null(strstr(pstore_errmsg(ctx), "not a character device"));
	unlink(pmsg);
	/* missing: the old message */
	assert_int_equal(pstore_pmsg_open(ctx, &fd), -ENOENT);
	/* a character device (/dev/null's numbers; needs CAP_MKNOD) is opened */
	if (mknod(pmsg, S_IFCHR | 0600, makedev(1, 3)) == 0) {
		assert_int_equal(pstore_pmsg_open(ctx, &fd), 0);
		assert_int_equal(pstore_pmsg_write(ctx, fd, "x\n", 2), 0);
		assert_int_equal(fcntl(fd, F_GETFL) & O_NONBLOCK, 0);
		close(fd);
	}
	pstore_unref(ctx);
	/* the host file is untouched */
	f = fopen(t.secret, "r");
	assert_non_null(f);
	assert_non_null(fgets(buf, sizeof(buf), f));
	assert_string_equal(buf, "HOST SECRET\n");
	assert_null(fgets(buf, sizeof(buf), f));
	fclose(f);
	free(dev);
	free(pmsg);
	tree_free(&t);
	unsetenv("PSTORE_TEST_NO_OPENAT2");
}

static void test_pmsg_openat2(void **state)
{
	(void)state;
	check_pmsg(false);
}

static void test_pmsg_walk(void **state)
{
	(void)state;
	check_pmsg(true);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_openat2),
		cmocka_unit_test(test_walk),
		cmocka_unit_test(test_pmsg_openat2),
		cmocka_unit_test(test_pmsg_walk),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
