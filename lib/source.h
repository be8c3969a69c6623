/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Private to libpstore: the record source vtable and the record struct (lib/source.c).
 * A new kind of source (a RAM image decoder, an archive) is one lib/source-*.c that fills
 * a struct pstore_source_ops and hands records to source_add_record(); the rest of the
 * library never asks what kind it is.
 *
 * The records stack, each file using only those before it:
 *   format.c <- source.c <- source-dir.c <- source-mount.c (+ mount.c)
 *            <- reader.c (+ codec-*.c) <- probe.c <- dump.c;  archive.c uses the reader.
 */
#ifndef LIBPSTORE_SOURCE_H
#define LIBPSTORE_SOURCE_H

#include <sys/types.h>

#include "internal.h"

/* An open record: positional reads, so readers can start from the end. */
struct pstore_stream {
	int fd;         /* >= 0 when backed by a file: enables splice/sendfile */
	uint64_t size;  /* bytes in the stream */
	const char *mem; /* or the bytes in memory (owned by the source) */
	ssize_t (*pread)(struct pstore_stream *st, void *buf, size_t len, uint64_t off);
	void (*close)(struct pstore_stream *st);
	void *data;
	bool quiet;     /* open: no message on the context (errors only returned) */
};

struct pstore_source_ops {
	const char *kind;
	/* Add every record with source_add_record(); records that vanished are skipped. */
	int (*list)(struct pstore_source *s);
	int (*open)(struct pstore_source *s, struct pstore_record *r, struct pstore_stream *st);
	/* The size and mtime of a record listed without them (optional; stat_pending). */
	int (*stat)(struct pstore_source *s, struct pstore_record *r);
	int (*remove)(struct pstore_source *s, struct pstore_record *r);
	void (*free)(struct pstore_source *s);
};

struct pstore_source {
	int refs;
	struct pstore_ctx *ctx;
	const struct pstore_source_ops *ops;
	char *path;      /* directory, for messages */
	char *watch_dir; /* for inotify, or NULL */
	void *data;
	bool all_files;  /* list files that are not records too (marked foreign) */
	/* filled while listing */
	struct pstore_record **recs;
	size_t nrecs, cap;
};

struct pstore_record {
	int refs;
	struct pstore_source *src;
	char *name;          /* relative to the source; stored after the struct */
	struct pstore_name pn;
	bool foreign;        /* not a pstore record: listed on request, never erased */
	uint64_t size;
	int64_t mtime;
	/* size and mtime not read yet: the listing knew a regular file from its directory
	 * entry; the first open (an fstat of the open file, no second path lookup) or
	 * source_record_stat() fills them */
	bool stat_pending;
	bool probed_head, probed_tail;
	int probe_err;
	bool has_header;
	struct pstore_dmesg_header hdr;
	struct pstore_ecc_notice ecc;
};

/* ---- lib/source.c ---- */

/*
 * For sources: a new record (refs 1) named @name (relative path), appended to s->recs.
 * A file whose name is not a record's is left out (0), or kept as foreign when the
 * source lists all files.
 */
int source_add_record(struct pstore_source *s, const char *name, uint64_t size,
		      int64_t mtime);
/* The same for a record whose size and mtime the source reads later (ops->stat). */
int source_add_record_unstated(struct pstore_source *s, const char *name);
/*
 * Fills the size and mtime of a record listed without them; a record that cannot be
 * stat'ed (it vanished) gets size 0 and its error in probe_err. Getters call it; so does
 * code that reads r->size or r->mtime directly.
 */
void source_record_stat(struct pstore_record *r);
void source_records_stat(struct pstore_record *const *recs, size_t n);
int source_new(struct pstore_ctx *ctx, const struct pstore_source_ops *ops,
	       const char *path, struct pstore_source **ret);
int source_open(struct pstore_record *r, struct pstore_stream *st);
/* The same without a message on the context: safe from several threads. */
int source_open_quiet(struct pstore_record *r, struct pstore_stream *st);
/* Reads up to len bytes at off, retrying short reads; returns bytes read or -errno. */
ssize_t stream_pread_full(struct pstore_stream *st, void *buf, size_t len, uint64_t off);

/* ---- lib/source-dir.c ---- */

/* A directory of records; @kind is "dir" or "mount" (lib/source-mount.c). */
int source_dir_new(struct pstore_ctx *ctx, const char *dir, const char *kind,
		   struct pstore_source **ret);
/*
 * Adds the entry @base of the directory @dirfd, named @rel in the source: a record, or a
 * subdirectory of records (per-backend, or systemd-pstore's per-id) above the depth limit.
 */
int source_dir_add_entry(struct pstore_source *s, int dirfd, const char *base, const char *rel,
			 int depth);
/*
 * A check that the directory source asks before each erase, on its open directory: a
 * negative errno (message set) refuses it. lib/source-mount.c verifies pstorefs with it.
 */
void source_dir_set_remove_check(struct pstore_source *s,
				 int (*check)(struct pstore_source *s, int dirfd));

/* ---- lib/source-mount.c ---- */

/* The rule of its remove check on an fstatfs() f_type (the test seam): 0 for pstorefs,
 * else -EMEDIUMTYPE with a message naming @path. */
int source_mount_check_fstype(struct pstore_ctx *ctx, const char *path, uint64_t f_type);
/* The mount source on @dir, a mount point already resolved through the sysroot. */
int source_mount_new_at(struct pstore_ctx *ctx, const char *dir, struct pstore_source **ret);

#endif
