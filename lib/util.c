/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Small shared helpers: enum names, size parsing, reading files through the sysroot,
 * durable writes. */
#include <ctype.h>
#include <fcntl.h>
#include <inttypes.h>
#include <libgen.h>
#include <strings.h>
#include <sys/stat.h>

#include "internal.h"
#include "strtab.h"

/* ---- enum names (strtab.h) ---- */

const char *strtab_name(const char *names, size_t width, size_t n, long v)
{
	if (v < 0 || (size_t)v >= n || !names[(size_t)v * width])
		return NULL;
	return names + (size_t)v * width;
}

int strtab_find(const char *names, size_t width, size_t n, const char *s, size_t len,
		bool icase)
{
	for (size_t i = 0; i < n; i++) {
		const char *name = names + i * width;

		if (!*name || strlen(name) != len)
			continue;
		if (icase ? strncasecmp(name, s, len) == 0 : memcmp(name, s, len) == 0)
			return (int)i;
	}
	return -EINVAL;
}

int strtab_value(const char *names, size_t width, size_t n, const char *s, bool icase)
{
	return s ? strtab_find(names, width, n, s, strlen(s), icase) : -EINVAL;
}

/* An unsigned number in C notation at the start of s, unsigned and unpadded; *end after it. */
static int parse_number(const char *s, unsigned long long *v, char **end)
{
	if (!s || !*s || isspace((unsigned char)*s) || *s == '-' || *s == '+')
		return -EINVAL;
	errno = 0;
	*v = strtoull(s, end, 0);
	if (errno == ERANGE)
		return -ERANGE;
	if (errno || *end == s)
		return -EINVAL;
	return 0;
}

_public_ int pstore_parse_u64(const char *s, uint64_t *ret)
{
	unsigned long long v;
	char *end;
	int r;

	r = parse_number(s, &v, &end);
	if (r < 0)
		return r;
	if (*end)
		return -EINVAL;
	*ret = v;
	return 0;
}

_public_ int pstore_parse_size(const char *s, uint64_t *ret)
{
	static const char suffixes[] = "KMGTPE";
	unsigned long long v;
	const char *p;
	char *end;
	unsigned shift = 0;
	int r;

	r = parse_number(s, &v, &end);
	if (r < 0)
		return r;
	if (*end) {
		/* hex digits swallow a "B"-less suffix only when it is a hex digit: none of KMGTPE. */
		p = strchr(suffixes, toupper((unsigned char)*end));
		if (!p)
			return -EINVAL;
		shift = 10 * (unsigned)(p - suffixes + 1);
		end++;
		/* as util-linux: "MB" is 10^6, "M" and "MiB" are 2^20 */
		if (streq(end, "B") || streq(end, "b")) {
			for (unsigned k = 0; k < shift / 10; k++) {
				if (v > UINT64_MAX / 1000)
					return -ERANGE;
				v *= 1000;
			}
			*ret = v;
			return 0;
		}
		if (streq(end, "iB"))
			end += 2;
		if (*end)
			return -EINVAL;
		if (shift >= 64 || v > (UINT64_MAX >> shift))
			return -ERANGE;
		v <<= shift;
	}
	*ret = v;
	return 0;
}

int pstore_read_fd(int fd, size_t max, char **ret, size_t *ret_len)
{
	size_t len = 0, cap = 0;
	char *buf = NULL, *nbuf;
	ssize_t n;

	for (;;) {
		if (len == cap) {
			/* One byte past max tells a file of exactly max bytes from a larger one. */
			if (cap > max) {
				free(buf);
				return -EFBIG;
			}
			cap = cap ? cap * 2 : 16384;
			if (cap > max + 1)
				cap = max + 1;
			nbuf = realloc(buf, cap + 1);
			if (!nbuf) {
				free(buf);
				return -ENOMEM;
			}
			buf = nbuf;
		}
		n = read(fd, buf + len, cap - len);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			n = -errno;
			free(buf);
			return (int)n;
		}
		if (n == 0)
			break;
		len += (size_t)n;
	}
	if (len > max) {
		free(buf);
		return -EFBIG;
	}
	if (!buf) {
		buf = malloc(1);
		if (!buf)
			return -ENOMEM;
	}
	buf[len] = '\0';
	*ret = buf;
	if (ret_len)
		*ret_len = len;
	return 0;
}

static int read_path(struct pstore_ctx *ctx, const char *shown, int fd, char **ret,
		     size_t *ret_len)
{
	int r;

	r = pstore_read_fd(fd, PSTORE_READ_MAX, ret, ret_len);
	if (r == -EFBIG)
		return pstore_err(ctx, r, "%s: larger than %u MiB", shown, PSTORE_READ_MAX >> 20);
	if (r < 0)
		return pstore_err_sys(ctx, r, "%s", shown);
	return 0;
}

int pstore_read_sysfile(struct pstore_ctx *ctx, const char *path, char **ret, size_t *ret_len)
{
	_cleanup_free_ char *full = NULL;
	_cleanup_close_ int fd = -1;
	int r;

	r = pstore_path(ctx, path, &full);
	if (r < 0)
		return pstore_err_sys(ctx, r, "%s", path);
	fd = pstore_open_sys(ctx, path, O_RDONLY);
	if (fd < 0)
		return pstore_err_sys(ctx, fd, "%s", full);
	return read_path(ctx, full, fd, ret, ret_len);
}

int pstore_read_userfile(struct pstore_ctx *ctx, const char *path, char **ret, size_t *ret_len)
{
	_cleanup_close_ int fd = -1;

	if (streq(path, "-"))
		return read_path(ctx, "(stdin)", STDIN_FILENO, ret, ret_len);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return pstore_err_sys(ctx, 0, "%s", path);
	return read_path(ctx, path, fd, ret, ret_len);
}

int pstore_strv_vappendf(char ***v, size_t *n, const char *fmt, va_list ap)
{
	char **nv, *s;

	if (vasprintf(&s, fmt, ap) < 0)
		return -ENOMEM;
	nv = reallocarray(*v, *n + 1, sizeof(*nv));
	if (!nv) {
		free(s);
		return -ENOMEM;
	}
	*v = nv;
	nv[(*n)++] = s;
	return 0;
}

int pstore_write_all(int fd, const void *buf, size_t len)
{
	const char *p = buf;
	ssize_t n;

	while (len > 0) {
		n = write(fd, p, len);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			return -errno;
		}
		if (n == 0)
			return -EIO;
		p += n;
		len -= (size_t)n;
	}
	return 0;
}

static int atomic_openat(struct pstore_ctx *ctx, int dirfd, const char *name, mode_t mode,
			 struct pstore_atomic *a, const char *shown)
{
	static unsigned counter;
	int r;

	a->fd = -1;
	a->dirfd = dirfd;
	a->tmpname = NULL;
	a->name = strdup(name);
	if (!a->name)
		return -ENOMEM;
	for (int tries = 0; tries < 100; tries++) {
		free(a->tmpname);
		if (asprintf(&a->tmpname, ".%s.%d.%u.tmp", name, (int)getpid(), counter++) < 0) {
			a->tmpname = NULL;
			r = -ENOMEM;
			goto err;
		}
		a->fd = openat(dirfd, a->tmpname, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode);
		if (a->fd >= 0)
			return 0;
		if (errno != EEXIST)
			break;
	}
	r = pstore_err_sys(ctx, 0, "%s: cannot create a temporary file", shown);
err:
	free(a->tmpname);
	free(a->name);
	a->tmpname = a->name = NULL;
	return r;
}

int pstore_atomic_openat(struct pstore_ctx *ctx, int dirfd, const char *name, mode_t mode,
			 struct pstore_atomic *a)
{
	int dfd, r;

	/* The caller keeps its own dirfd; commit and abort close this copy. */
	memset(a, 0, sizeof(*a));
	dfd = fcntl(dirfd, F_DUPFD_CLOEXEC, 3);
	if (dfd < 0)
		return pstore_err_sys(ctx, 0, "%s", name);
	r = atomic_openat(ctx, dfd, name, mode, a, name);
	if (r < 0) {
		close(dfd);
		a->dirfd = -1;
	}
	return r;
}

int pstore_atomic_open(struct pstore_ctx *ctx, const char *path, mode_t mode,
		       struct pstore_atomic *a)
{
	_cleanup_free_ char *d = strdup(path), *b = strdup(path);
	int dirfd, r;

	memset(a, 0, sizeof(*a));
	a->fd = a->dirfd = -1;
	if (!d || !b)
		return -ENOMEM;
	if (!*path || path[strlen(path) - 1] == '/')
		return pstore_err(ctx, -EISDIR, "%s: not a file name", path);
	dirfd = open(dirname(d), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (dirfd < 0)
		return pstore_err_sys(ctx, 0, "%s", path);
	a->path = strdup(path);
	if (!a->path) {
		close(dirfd);
		return -ENOMEM;
	}
	r = atomic_openat(ctx, dirfd, basename(b), mode, a, path);
	if (r < 0) {
		close(dirfd);
		free(a->path);
		a->path = NULL;
		a->dirfd = -1;
		return r;
	}
	return 0;
}

static void atomic_free(struct pstore_atomic *a)
{
	if (a->fd >= 0)
		close(a->fd);
	if (a->dirfd >= 0)
		close(a->dirfd);
	free(a->tmpname);
	free(a->name);
	free(a->path);
	a->fd = a->dirfd = -1;
	a->tmpname = a->name = a->path = NULL;
}

/* fsync and close the temporary file. */
static int atomic_flush(struct pstore_ctx *ctx, struct pstore_atomic *a, const char *shown)
{
	int r = 0;

	if (fsync(a->fd) < 0)
		r = pstore_err_sys(ctx, 0, "%s: fsync", shown);
	/* closed whatever fsync said: a failed commit must not leak the descriptor */
	if (close(a->fd) < 0 && r == 0)
		r = pstore_err_sys(ctx, 0, "%s: close", shown);
	a->fd = -1;
	return r;
}

/* After the rename, whose result is @r: on failure the temporary file goes, else the
 * directory is synced. Frees @a either way. */
static int atomic_finish(struct pstore_ctx *ctx, struct pstore_atomic *a, const char *shown,
			 int r)
{
	if (r < 0)
		unlinkat(a->dirfd, a->tmpname, 0);
	else if (fsync(a->dirfd) < 0 && errno != EINVAL)
		r = pstore_err_sys(ctx, 0, "%s: fsync of its directory", shown);
	atomic_free(a);
	return r;
}

int pstore_atomic_commit(struct pstore_ctx *ctx, struct pstore_atomic *a)
{
	const char *shown = a->path ? a->path : a->name;
	int r = atomic_flush(ctx, a, shown);

	if (r == 0 && renameat(a->dirfd, a->tmpname, a->dirfd, a->name) < 0)
		r = pstore_err_sys(ctx, 0, "%s: rename", shown);
	return atomic_finish(ctx, a, shown, r);
}

/* Tests set this to act between the choice of a name and the commit (a racing writer). */
void (*pstore_atomic_test_hook)(int dirfd, const char *name);

/*
 * @tmp becomes @name in @dirfd unless @name exists (-EEXIST): renameat2(RENAME_NOREPLACE),
 * or where the file system refuses that flag (EINVAL), a hard link then the temporary's
 * unlink, which fail the same way on an existing name.
 */
static int rename_noreplace(int dirfd, const char *tmp, const char *name)
{
	if (renameat2(dirfd, tmp, dirfd, name, RENAME_NOREPLACE) == 0)
		return 0;
	if (errno != EINVAL && errno != ENOSYS)
		return -errno;
	if (linkat(dirfd, tmp, dirfd, name, 0) < 0)
		return -errno;
	(void)unlinkat(dirfd, tmp, 0);
	return 0;
}

int pstore_atomic_commit_new(struct pstore_ctx *ctx, struct pstore_atomic *a, char **ret_name)
{
	const char *shown = a->path ? a->path : a->name;
	char *name = NULL;
	int r = atomic_flush(ctx, a, shown);

	if (r == 0 && pstore_atomic_test_hook)
		pstore_atomic_test_hook(a->dirfd, a->name);
	/* NAME, else NAME.1, NAME.2, ...: whoever else writes here keeps its file */
	for (unsigned i = 0; r == 0; i++) {
		if (i >= 10000) {
			r = pstore_err(ctx, -EEXIST, "%s: no free name for a copy", shown);
			break;
		}
		free(name);
		name = i ? NULL : strdup(a->name);
		if (i && asprintf(&name, "%s.%u", a->name, i) < 0)
			name = NULL;
		if (!name) {
			r = -ENOMEM;
			break;
		}
		r = rename_noreplace(a->dirfd, a->tmpname, name);
		if (r == -EEXIST)
			r = 0;
		else if (r < 0)
			r = pstore_err_sys(ctx, r, "%s: rename", shown);
		else
			break;
	}
	r = atomic_finish(ctx, a, shown, r);
	if (r < 0 || !ret_name)
		free(name);
	else
		*ret_name = name;
	return r;
}

void pstore_atomic_abort(struct pstore_atomic *a)
{
	if (a->tmpname && a->dirfd >= 0)
		unlinkat(a->dirfd, a->tmpname, 0);
	atomic_free(a);
}
