// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Archiving a record: a durable copy of its bytes as stored (pstore_atomic_*, lib/util.c),
 * made before erasing it. Uses the public reader only.
 */
#include <ctype.h>
#include <dirent.h>
#include <fcntl.h>
#include <signal.h>
#include <sys/stat.h>

#include "internal.h"

#define CHUNK (256u << 10)

_public_ int pstore_record_archive_new(struct pstore_ctx *ctx, struct pstore_record *r,
				       int dirfd, const char *name, char **ret_name)
{
	_cleanup_free_ char *flat = NULL;
	struct pstore_reader *rd = NULL;
	struct pstore_atomic a;
	struct timespec ts[2];
	char *buf;
	ssize_t n;
	int e;

	if (!name) {
		/* "ramoops/dmesg-ramoops-0" -> "ramoops_dmesg-ramoops-0": one flat directory */
		flat = strdup(pstore_record_get_name(r));
		if (!flat)
			return -ENOMEM;
		for (char *p = flat; *p; p++)
			if (*p == '/')
				*p = '_';
		name = flat;
	}
	e = pstore_record_open(ctx, r, 0, &rd);
	if (e < 0)
		return e;
	e = pstore_atomic_openat(ctx, dirfd, name, 0640, &a);
	if (e < 0) {
		pstore_reader_free(rd);
		return e;
	}
	buf = malloc(CHUNK);
	if (!buf) {
		e = -ENOMEM;
		goto fail;
	}
	while ((n = pstore_reader_read(rd, buf, CHUNK)) > 0) {
		e = pstore_write_all(a.fd, buf, (size_t)n);
		if (e < 0) {
			e = pstore_err_sys(ctx, e, "%s: write", name);
			goto fail;
		}
	}
	if (n < 0) {
		e = (int)n;
		goto fail;
	}
	/* the mtime of a dmesg record is when the kernel stored it: keep it */
	ts[0].tv_sec = ts[1].tv_sec = (time_t)pstore_record_get_mtime(r);
	ts[0].tv_nsec = ts[1].tv_nsec = 0;
	(void)futimens(a.fd, ts);
	free(buf);
	pstore_reader_free(rd);
	return pstore_atomic_commit_new(ctx, &a, ret_name);
fail:
	free(buf);
	pstore_atomic_abort(&a);
	pstore_reader_free(rd);
	return e;
}

_public_ int pstore_record_archive(struct pstore_ctx *ctx, struct pstore_record *r, int dirfd,
				   const char *name)
{
	return pstore_record_archive_new(ctx, r, dirfd, name, NULL);
}

/* ".NAME.PID.N.tmp" (lib/util.c atomic_openat): the PID, or 0 when not of that form. */
static pid_t temp_owner(const char *n)
{
	size_t len = strlen(n);
	const char *p, *end;
	long pid = 0;

	if (n[0] != '.' || len < 9 || !streq(n + len - 4, ".tmp"))
		return 0;
	end = n + len - 4;
	p = end;
	while (p > n && isdigit((unsigned char)p[-1]))
		p--;
	if (p == end || p[-1] != '.')
		return 0;
	end = p - 1;
	p = end;
	while (p > n && isdigit((unsigned char)p[-1]))
		p--;
	if (p == end || p[-1] != '.' || p - 1 == n || end - p > 9)
		return 0;
	for (; p < end; p++)
		pid = pid * 10 + (*p - '0');
	return (pid_t)pid;
}

_public_ int pstore_archive_clean(struct pstore_ctx *ctx, int dirfd)
{
	struct dirent *de;
	DIR *d;
	int fd, n = 0;

	fd = fcntl(dirfd, F_DUPFD_CLOEXEC, 3);
	if (fd < 0)
		return pstore_err_sys(ctx, 0, "archive directory");
	d = fdopendir(fd);
	if (!d) {
		close(fd);
		return pstore_err_sys(ctx, 0, "archive directory");
	}
	rewinddir(d);
	while ((de = readdir(d))) {
		pid_t pid = temp_owner(de->d_name);
		struct stat sb;

		if (pid <= 0 || pid == getpid())
			continue;
		/* a live writer's file is its own business; only the dead leave files behind */
		if (kill(pid, 0) == 0 || errno != ESRCH)
			continue;
		if (fstatat(dirfd, de->d_name, &sb, AT_SYMLINK_NOFOLLOW) < 0 ||
		    !S_ISREG(sb.st_mode))
			continue;
		if (unlinkat(dirfd, de->d_name, 0) == 0) {
			dbg(ctx, "%s: removed (left by process %d)", de->d_name, (int)pid);
			n++;
		}
	}
	closedir(d);
	return n;
}
