/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Opening system paths inside the sysroot, never outside it: a symlink in a copied rootfs
 * (S/dev/pmsg0 -> /etc/passwd) resolves against S, not against the host. openat2(2) with
 * RESOLVE_IN_ROOT does it in the kernel; without openat2 (before Linux 5.6, or a seccomp
 * filter that says ENOSYS) a walk one component at a time does the same in user space.
 */
#include <dirent.h>
#include <fcntl.h>
#include <linux/openat2.h>
#include <stdbool.h>
#include <sys/stat.h>
#include <sys/syscall.h>

#include "internal.h"

/* As the kernel's MAXSYMLINKS: more links than this in one path is a loop. */
#define WALK_MAX_LINKS 40
/* Directory levels the walk keeps open to go back up with "..". */
#define WALK_MAX_DEPTH 256

enum walk_mode {
	WALK_IN_ROOT, /* absolute links and ".." at the top stay at the root */
	WALK_BENEATH, /* anything that would leave the start directory is refused */
};

/* The test seam: PSTORE_TEST_NO_OPENAT2=1 makes every lookup take the walk. */
static bool openat2_forced_off(void)
{
	const char *env = secure_getenv("PSTORE_TEST_NO_OPENAT2");

	return env && *env && !streq(env, "0");
}

static int try_openat2(int dirfd, const char *path, int flags, enum walk_mode mode)
{
	static int broken;
	struct open_how how = {
		.flags = (uint64_t)(flags | O_CLOEXEC),
		.resolve = RESOLVE_NO_MAGICLINKS |
			   (mode == WALK_IN_ROOT ? RESOLVE_IN_ROOT : RESOLVE_BENEATH),
	};
	long fd;

	if (broken || openat2_forced_off())
		return -ENOSYS;
	for (int i = 0; i < 8; i++) {
		fd = syscall(SYS_openat2, dirfd, path, &how, sizeof(how));
		if (fd >= 0)
			return (int)fd;
		/* EAGAIN: a rename raced with the lookup; the kernel asks to retry. */
		if (errno != EAGAIN)
			break;
	}
	if (errno == ENOSYS) {
		broken = 1;
		return -ENOSYS;
	}
	return -errno;
}

struct walk {
	int fds[WALK_MAX_DEPTH]; /* fds[0] is the start (not ours), fds[1..n-1] ours */
	size_t n;
};

static void walk_pop_to(struct walk *w, size_t n)
{
	while (w->n > n)
		close(w->fds[--w->n]);
}

/* The target of the symlink opened as @fd (O_PATH|O_NOFOLLOW), malloc'd. */
static int read_link(int fd, char **ret)
{
	size_t cap = 256;

	for (;;) {
		char *buf = malloc(cap);
		ssize_t n;

		if (!buf)
			return -ENOMEM;
		n = readlinkat(fd, "", buf, cap);
		if (n < 0) {
			free(buf);
			return -errno;
		}
		if ((size_t)n < cap) {
			buf[n] = '\0';
			*ret = buf;
			return 0;
		}
		free(buf);
		if (cap >= 65536)
			return -ENAMETOOLONG;
		cap *= 2;
	}
}

/*
 * The user-space resolver: each component is opened with O_NOFOLLOW relative to the
 * directory before it; a symlink's target is spliced into the rest of the path, an
 * absolute one starting again at the root; ".." at the root stays there (IN_ROOT) or is
 * refused (BENEATH), as the kernel does for openat2.
 */
static int walk_open(int startfd, const char *path, int flags, enum walk_mode mode)
{
	_cleanup_free_ char *rest = strdup(path);
	struct walk w = { .fds = { startfd }, .n = 1 };
	unsigned links = 0;
	char *p;
	int r;

	if (!rest)
		return -ENOMEM;
	p = rest;
	if (*p == '/' && mode == WALK_BENEATH)
		return -EXDEV;
	for (;;) {
		char *comp, *next, *target = NULL;
		bool last, must_dir = false;
		struct stat st;
		int fd;

		while (*p == '/')
			p++;
		if (!*p) {
			/* The path named the directory we are in: "/" or "dir/..". */
			fd = openat(w.fds[w.n - 1], ".", (flags & ~O_NOFOLLOW) | O_CLOEXEC);
			r = fd < 0 ? -errno : fd;
			break;
		}
		comp = p;
		next = strchr(p, '/');
		if (next) {
			*next++ = '\0';
			while (*next == '/')
				next++;
			must_dir = true;
		}
		last = !next || !*next;
		p = next ? next : comp + strlen(comp);

		if (streq(comp, "."))
			continue;
		if (streq(comp, "..")) {
			if (w.n > 1)
				walk_pop_to(&w, w.n - 1);
			else if (mode == WALK_BENEATH) {
				r = -EXDEV;
				break;
			}
			continue;
		}
		fd = openat(w.fds[w.n - 1], comp, O_PATH | O_NOFOLLOW | O_CLOEXEC);
		if (fd < 0) {
			r = -errno;
			break;
		}
		if (fstat(fd, &st) < 0) {
			r = -errno;
			close(fd);
			break;
		}
		if (S_ISLNK(st.st_mode)) {
			char *spliced;

			if (last && !must_dir && (flags & O_NOFOLLOW)) {
				close(fd);
				r = -ELOOP;
				break;
			}
			r = read_link(fd, &target);
			close(fd);
			if (r < 0)
				break;
			if (++links > WALK_MAX_LINKS) {
				free(target);
				r = -ELOOP;
				break;
			}
			if (target[0] == '/') {
				if (mode == WALK_BENEATH) {
					free(target);
					r = -EXDEV;
					break;
				}
				walk_pop_to(&w, 1);
			}
			/* The target, then what was left of the path after the link. */
			r = asprintf(&spliced, "%s%s%s", target, *p || must_dir ? "/" : "", p);
			free(target);
			if (r < 0) {
				r = -ENOMEM;
				break;
			}
			free(rest);
			rest = spliced;
			p = rest;
			continue;
		}
		if (!last) {
			if (!S_ISDIR(st.st_mode)) {
				close(fd);
				r = -ENOTDIR;
				break;
			}
			if (w.n >= WALK_MAX_DEPTH) {
				close(fd);
				r = -ENAMETOOLONG;
				break;
			}
			w.fds[w.n++] = fd;
			continue;
		}
		close(fd);
		/* The last component, opened for real; O_NOFOLLOW: a link swapped in since the
		 * check above fails instead of being followed. */
		fd = openat(w.fds[w.n - 1], comp,
			    flags | O_NOFOLLOW | O_CLOEXEC | (must_dir ? O_DIRECTORY : 0));
		r = fd < 0 ? -errno : fd;
		break;
	}
	walk_pop_to(&w, 1);
	return r;
}

static int open_resolved(int dirfd, const char *path, int flags, enum walk_mode mode)
{
	int fd;

	/* Only what is already there: no file is made through a path from the tree. */
	if ((flags & O_CREAT) || (flags & O_TMPFILE) == O_TMPFILE)
		fd = -EINVAL;
	else
		fd = try_openat2(dirfd, path, flags, mode);
	if (fd == -ENOSYS)
		fd = walk_open(dirfd, path, flags, mode);
	if (fd < 0)
		errno = -fd; /* for callers that look at errno, as after openat() */
	return fd;
}

int pstore_open_sys(const struct pstore_ctx *ctx, const char *path, int flags)
{
	int rootfd = pstore_ctx_rootfd(ctx);
	int fd;

	if (!path || path[0] != '/')
		return -EINVAL;
	if (rootfd < 0) {
		/* The running system: the paths are the host's. */
		if ((flags & O_CREAT) || (flags & O_TMPFILE) == O_TMPFILE)
			return -EINVAL;
		fd = open(path, flags | O_CLOEXEC);
		return fd < 0 ? -errno : fd;
	}
	return open_resolved(rootfd, path, flags, WALK_IN_ROOT);
}

int pstore_openat_sys(int dirfd, const char *rel, int flags)
{
	if (!rel || rel[0] == '/')
		return -EXDEV;
	return open_resolved(dirfd, rel, flags, WALK_BENEATH);
}

int pstore_stat_sys(const struct pstore_ctx *ctx, const char *path, struct stat *st)
{
	_cleanup_close_ int fd = pstore_open_sys(ctx, path, O_PATH);

	if (fd < 0)
		return fd;
	return fstat(fd, st) < 0 ? -errno : 0;
}

int pstore_opendir_sys(const struct pstore_ctx *ctx, const char *path, DIR **ret)
{
	int fd = pstore_open_sys(ctx, path, O_RDONLY | O_DIRECTORY);
	DIR *d;

	if (fd < 0)
		return fd;
	d = fdopendir(fd);
	if (!d) {
		int e = -errno;

		close(fd);
		return e;
	}
	*ret = d;
	return 0;
}
