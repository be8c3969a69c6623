// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Archiving a record: a durable copy of its bytes as stored (pstore_atomic_*, lib/util.c),
 * made before erasing it. Uses the public reader only.
 */
#include <fcntl.h>
#include <sys/stat.h>

#include "internal.h"

#define CHUNK (256u << 10)

_public_ int pstore_record_archive(struct pstore_ctx *ctx, struct pstore_record *r, int dirfd,
				   const char *name)
{
	struct pstore_reader *rd = NULL;
	struct pstore_atomic a;
	struct timespec ts[2];
	char *buf;
	ssize_t n;
	int e;

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
			e = pstore_err(ctx, e, "%s: write: %s", name, strerror(-e));
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
	return pstore_atomic_commit(ctx, &a);
fail:
	free(buf);
	pstore_atomic_abort(&a);
	pstore_reader_free(rd);
	return e;
}
