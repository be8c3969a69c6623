// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * A directory of record files: the live pstore mount, or any copy of one. Records in
 * per-backend subdirectories (the multi-backend layout) are found too.
 */
#include <dirent.h>
#include <limits.h>
#include <fcntl.h>
#include <sys/stat.h>

#include "source.h"

struct dir_data {
	int dirfd;
	int (*remove_check)(struct pstore_source *s, int dirfd);
	bool listed; /* the skipped entries were said (tail -f lists every second) */
};

static int dir_fd(struct pstore_source *s)
{
	return ((struct dir_data *)s->data)->dirfd;
}


/*
 * How deep records sit: the per-backend subdirectories of the multi-backend series
 * ("ramoops/dmesg-ramoops-0") and systemd-pstore's archive (<id>/dmesg.txt for erst,
 * <time>/<count>/dmesg.txt for efi_pstore) hold records one and two levels down.
 */
#define MAX_DEPTH 2

/* A subdirectory of @dirfd, never through a symbolic link. */
static int open_subdir(int dirfd, const char *name)
{
	return openat(dirfd, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
}

static int list_dir(struct pstore_source *s, int fd, const char *prefix, int depth);

/*
 * One directory entry, by its type where the directory gives it (most file systems,
 * pstorefs too): a regular file is listed without a stat, which the first open of the
 * record replaces by an fstat of the open file (ls of 10,000 records: one path lookup
 * per record less); a subdirectory is opened without one.
 */
static int add_entry(struct pstore_source *s, int dirfd, const struct dirent *de,
		     const char *rel, int depth)
{
	int fd;

	switch (de->d_type) {
	case DT_REG:
		return source_add_record_unstated(s, rel);
	case DT_DIR:
		if (depth >= MAX_DEPTH)
			return 0;
		fd = open_subdir(dirfd, de->d_name);
		if (fd < 0) {
			if (errno != ENOENT && errno != ELOOP && errno != ENOTDIR)
				/* one unreadable subdirectory must not hide the others */
				warn(s->ctx, "%s/%s: skipped: %s", s->path, rel,
				     strerror(errno));
			else
				dbg(s->ctx, "%s: vanished or replaced while listing",
				    rel);
			return 0;
		}
		return list_dir(s, fd, rel, depth + 1);
	default: /* DT_UNKNOWN, and links, FIFOs, sockets, devices: said when named
		  * like a record */
		return source_dir_add_entry(s, dirfd, de->d_name, rel, depth);
	}
}

/* Lists the open directory @fd (taken), which is @prefix in the source (NULL: its top). */
static int list_dir(struct pstore_source *s, int fd, const char *prefix, int depth)
{
	DIR *d;
	struct dirent *de;
	int r = 0;

	d = fdopendir(fd);
	if (!d) {
		close(fd);
		return -errno;
	}
	rewinddir(d);
	while ((errno = 0, de = readdir(d))) {
		char *rel;

		/* dot files: ours (archive temporaries) or not records */
		if (de->d_name[0] == '.')
			continue;
		if (prefix) {
			if (asprintf(&rel, "%s/%s", prefix, de->d_name) < 0) {
				r = -ENOMEM;
				break;
			}
		} else {
			rel = strdup(de->d_name);
			if (!rel) {
				r = -ENOMEM;
				break;
			}
		}
		r = add_entry(s, dirfd(d), de, rel, depth);
		free(rel);
		if (r < 0)
			break;
	}
	if (r == 0 && errno)
		r = pstore_err_sys(s->ctx, 0, "%s%s%s", s->path, prefix ? "/" : "",
				   prefix ? prefix : "");
	closedir(d);
	return r;
}

/* One directory entry; a record that vanished since readdir is left out. */
int source_dir_add_entry(struct pstore_source *s, int dirfd, const char *base, const char *rel,
			 int depth)
{
	struct stat sb;
	int fd;

	if (fstatat(dirfd, base, &sb, AT_SYMLINK_NOFOLLOW) < 0) {
		if (errno == ENOENT) {
			dbg(s->ctx, "%s: vanished while listing", rel);
			return 0;
		}
		return pstore_err_sys(s->ctx, 0, "%s/%s", s->path, rel);
	}
	if (S_ISDIR(sb.st_mode)) {
		if (depth >= MAX_DEPTH)
			return 0;
		fd = open_subdir(dirfd, base);
		if (fd < 0) {
			if (errno == ENOENT || errno == ELOOP || errno == ENOTDIR) {
				dbg(s->ctx, "%s: vanished or replaced while listing", rel);
				return 0;
			}
			/* one unreadable subdirectory must not hide the other records */
			warn(s->ctx, "%s/%s: skipped: %s", s->path, rel, strerror(errno));
			return 0;
		}
		return list_dir(s, fd, rel, depth + 1);
	}
	if (!S_ISREG(sb.st_mode)) {
		struct pstore_name pn = PSTORE_STRUCT_INIT(struct pstore_name);

		/* named like a record: say once why it is not one (never read through a
		 * link) */
		if (!((struct dir_data *)s->data)->listed && pstore_record_name_parse(base, &pn) == 0)
			warn(s->ctx, "%s/%s: skipped: %s, not a regular file", s->path, rel,
			     S_ISLNK(sb.st_mode)  ? "a symbolic link"
			     : S_ISFIFO(sb.st_mode) ? "a FIFO"
			     : S_ISSOCK(sb.st_mode) ? "a socket"
						    : "a device");
		else
			dbg(s->ctx, "%s: not a regular file, skipped", rel);
		return 0;
	}
	return source_add_record(s, rel, (uint64_t)sb.st_size, (int64_t)sb.st_mtim.tv_sec);
}

static int dir_list(struct pstore_source *s)
{
	int fd = fcntl(dir_fd(s), F_DUPFD_CLOEXEC, 3), r;

	if (fd < 0)
		return pstore_err_sys(s->ctx, 0, "%s", s->path);
	r = list_dir(s, fd, NULL, 0);
	((struct dir_data *)s->data)->listed = true;
	return r;
}

/*
 * The directory that holds the record @r, opened level by level without following a
 * symbolic link (a subdirectory swapped for a link after listing must not lead outside
 * the source), and the record's base name in it. Returns an fd to close, or -errno.
 */
/*
 * The directory holding the record, each level opened without following a link, and
 * the record's base name. A record at the top is in the source's own directory: that fd
 * is returned as it is (no dup and close for each of 10,000 records); close the result
 * with close_parent().
 */
static int open_parent(struct pstore_source *s, struct pstore_record *r, const char **ret_base)
{
	const char *p = r->name, *slash;
	int fd;

	if (!strchr(p, '/')) {
		*ret_base = p;
		return dir_fd(s);
	}
	fd = fcntl(dir_fd(s), F_DUPFD_CLOEXEC, 3);
	if (fd < 0)
		return -errno;
	while ((slash = strchr(p, '/'))) {
		char comp[NAME_MAX + 1];
		size_t l = (size_t)(slash - p);
		int sub;

		if (l == 0 || l > NAME_MAX) {
			close(fd);
			return -EINVAL;
		}
		memcpy(comp, p, l);
		comp[l] = '\0';
		sub = open_subdir(fd, comp);
		close(fd);
		if (sub < 0)
			return errno == ELOOP || errno == ENOTDIR ? -ENOENT : -errno;
		fd = sub;
		p = slash + 1;
	}
	*ret_base = p;
	return fd;
}

static void close_parent(struct pstore_source *s, int fd)
{
	if (fd >= 0 && fd != dir_fd(s))
		close(fd);
}

static ssize_t fd_pread(struct pstore_stream *st, void *buf, size_t len, uint64_t off)
{
	ssize_t n;

	do
		n = pread(st->fd, buf, len, (off_t)off);
	while (n < 0 && errno == EINTR);
	return n < 0 ? -errno : n;
}

static void fd_close(struct pstore_stream *st)
{
	if (st->fd >= 0)
		close(st->fd);
	st->fd = -1;
}

static int dir_open(struct pstore_source *s, struct pstore_record *r, struct pstore_stream *st)
{
	struct stat sb;
	const char *base = NULL;
	int fd, pfd;

	pfd = open_parent(s, r, &base);
	if (pfd < 0) {
		fd = -1;
		errno = -pfd;
	} else {
		/* O_NONBLOCK: a FIFO put in place of a record since the listing must not hang us */
		fd = openat(pfd, base, O_RDONLY | O_CLOEXEC | O_NOFOLLOW | O_NOCTTY | O_NONBLOCK);
		if (fd < 0 && errno == ELOOP)
			errno = ENOENT; /* a link in place of the record: not the record */
		close_parent(s, pfd); /* no close(2) at the top: errno stays */
	}
	if (fd < 0) {
		if (st->quiet)
			return -errno;
		if (errno == ENOENT)
			return pstore_err(s->ctx, -ENOENT,
					  "%s: the record vanished (erased meanwhile?)", r->name);
		return pstore_err_sys(s->ctx, 0, "%s", r->name);
	}
	if (st->quiet && !r->stat_pending) {
		/* probing the listed records: the listing's size will do, one syscall less
		 * per record (ls of 10,000 records is bound by syscalls) */
		st->fd = fd;
		st->size = r->size;
		st->pread = fd_pread;
		st->close = fd_close;
		return 0;
	}
	if (fstat(fd, &sb) < 0) {
		int e = errno;

		close(fd);
		if (st->quiet)
			return -e;
		return pstore_err_sys(s->ctx, -e, "%s", r->name);
	}
	if (!S_ISREG(sb.st_mode)) {
		close(fd);
		if (st->quiet)
			return -EINVAL;
		return pstore_err(s->ctx, -EINVAL, "%s: not a regular file", r->name);
	}
	if (r->stat_pending) {
		/* the listing's size and time, read now: the probe of ls does it in
		 * threads, each record by one thread only */
		r->size = (uint64_t)sb.st_size;
		r->mtime = (int64_t)sb.st_mtim.tv_sec;
		r->stat_pending = false;
	}
	st->fd = fd;
	st->size = (uint64_t)sb.st_size;
	st->pread = fd_pread;
	st->close = fd_close;
	return 0;
}

/* The size and mtime of a record listed by its directory entry's type alone. */
static int dir_stat(struct pstore_source *s, struct pstore_record *r)
{
	const char *base = NULL;
	struct stat sb;
	int pfd, e = 0;

	pfd = open_parent(s, r, &base);
	if (pfd < 0)
		return pfd;
	if (fstatat(pfd, base, &sb, AT_SYMLINK_NOFOLLOW) < 0)
		e = -errno;
	else if (!S_ISREG(sb.st_mode))
		e = -ENOENT; /* no longer the file listed */
	close_parent(s, pfd);
	if (e < 0)
		return e;
	r->size = (uint64_t)sb.st_size;
	r->mtime = (int64_t)sb.st_mtim.tv_sec;
	return 0;
}

static int dir_remove(struct pstore_source *s, struct pstore_record *r)
{
	struct dir_data *d = s->data;
	const char *base = NULL;
	struct stat sb;
	int pfd, e = 0;

	if (d->remove_check && (e = d->remove_check(s, d->dirfd)) < 0)
		return e;
	pfd = open_parent(s, r, &base);
	if (pfd < 0)
		e = -pfd;
	else if (fstatat(pfd, base, &sb, AT_SYMLINK_NOFOLLOW) < 0)
		e = errno;
	else if (!S_ISREG(sb.st_mode))
		e = ENOENT; /* no longer the record listed: leave it */
	else if (unlinkat(pfd, base, 0) < 0)
		e = errno;
	close_parent(s, pfd);
	if (e == ENOENT)
		return pstore_err(s->ctx, -ENOENT, "%s: already gone", r->name);
	if (e)
		return pstore_err_sys(s->ctx, -e, "%s: cannot remove", r->name);
	return 0;
}

static void dir_free(struct pstore_source *s)
{
	struct dir_data *d = s->data;

	if (d && d->dirfd >= 0)
		close(d->dirfd);
	free(d);
}

/* A directory and a pstore mount are read alike; only the kind they report differs. */
#define DIR_OPS(k)                                                                       \
	{ .kind = k, .list = dir_list, .open = dir_open, .stat = dir_stat,               \
	  .remove = dir_remove, .free = dir_free }
static const struct pstore_source_ops dir_ops = DIR_OPS("dir");
static const struct pstore_source_ops mount_ops = DIR_OPS("mount");
#undef DIR_OPS

int source_dir_new(struct pstore_ctx *ctx, const char *dir, const char *kind,
		   struct pstore_source **ret)
{
	_cleanup_free_ char *shown = NULL;
	struct pstore_source *s;
	struct dir_data *d;
	int fd, r;

	/* "mount": @dir is the mount point, a system path: opened inside the sysroot. */
	if (streq(kind, "mount") && pstore_path(ctx, dir, &shown) < 0)
		return -ENOMEM;
	fd = shown ? pstore_open_sys(ctx, dir, O_RDONLY | O_DIRECTORY)
		   : open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0 && !shown)
		fd = -errno;
	dir = shown ? shown : dir;
	if (fd < 0)
		return pstore_err_sys(ctx, fd, "%s", dir);
	d = calloc(1, sizeof(*d));
	if (!d) {
		close(fd);
		return -ENOMEM;
	}
	d->dirfd = fd;
	r = source_new(ctx, streq(kind, "mount") ? &mount_ops : &dir_ops, dir, &s);
	if (r < 0) {
		close(fd);
		free(d);
		return r;
	}
	s->data = d;
	/* What inotify watches: the directory opened above, through its descriptor. Its path
	 * would be resolved again, on the host, which under a sysroot with an absolute link
	 * is another directory. Without /proc, the path. */
	if (access("/proc/self/fd", F_OK) == 0) {
		if (asprintf(&s->watch_dir, "/proc/self/fd/%d", fd) < 0)
			s->watch_dir = NULL;
	} else {
		s->watch_dir = strdup(dir);
	}
	if (!s->watch_dir) {
		pstore_source_unref(s);
		return -ENOMEM;
	}
	*ret = s;
	return 0;
}

void source_dir_set_remove_check(struct pstore_source *s,
				 int (*check)(struct pstore_source *s, int dirfd))
{
	((struct dir_data *)s->data)->remove_check = check;
}

_public_ int pstore_source_new_dir(struct pstore_ctx *ctx, const char *dir,
				   struct pstore_source **ret)
{
	return source_dir_new(ctx, dir, "dir", ret);
}
