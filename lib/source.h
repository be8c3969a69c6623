/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Private to libpstore: the record source vtable and the record struct. A new kind of
 * source (a RAM image decoder, an archive) fills a struct pstore_source_ops and hands
 * records to pstore_record_new(); the rest of the library never asks what kind it is.
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
	/* filled while listing */
	struct pstore_record **recs;
	size_t nrecs, cap;
};

struct pstore_record {
	int refs;
	struct pstore_source *src;
	char *name;          /* relative to the source */
	struct pstore_name pn;
	uint64_t size;
	int64_t mtime;
	bool probed_head, probed_tail;
	int probe_err;
	bool has_header;
	struct pstore_dmesg_header hdr;
	struct pstore_ecc_notice ecc;
};

/* For sources: a new record (refs 1) named @name (relative path), appended to s->recs. */
int source_add_record(struct pstore_source *s, const char *name, uint64_t size,
		      int64_t mtime);
int source_new(struct pstore_ctx *ctx, const struct pstore_source_ops *ops,
	       const char *path, struct pstore_source **ret);
/* lib/source-dir.c: @kind is "dir", or "mount" with @dir the mount point (a system path). */
int source_dir_new(struct pstore_ctx *ctx, const char *dir, const char *kind,
		   struct pstore_source **ret);
/* Adds the entry @rel of @dirfd (a record, or at depth 0 a subdirectory of records). */
int source_dir_add_entry(struct pstore_source *s, int dirfd, const char *rel, int depth);
int source_open(struct pstore_record *r, struct pstore_stream *st);
/* The same without a message on the context: safe from several threads. */
int source_open_quiet(struct pstore_record *r, struct pstore_stream *st);
/* Reads up to len bytes at off, retrying short reads; returns bytes read or -errno. */
ssize_t stream_pread_full(struct pstore_stream *st, void *buf, size_t len, uint64_t off);

/* lib/inflate.c: streaming inflate of what the kernel stored as .enc.z. */
struct inflater;
/*
 * Which wrapper @in (the first bytes of the data) is in: raw deflate is tried first (what
 * pstore writes), then zlib, then gzip. Sets the zlib windowBits and a name ("deflate",
 * "zlib", "gzip"). Returns 0 or -EBADMSG.
 */
int inflate_detect(const void *in, size_t len, int *wbits, const char **name);
int inflater_new(int wbits, struct inflater **ret);
void inflater_free(struct inflater *z);
/*
 * Feed @in, output into @out; *consumed and *produced say how much. Returns 1 at the end
 * of the compressed stream, 0 to continue, -EBADMSG for corrupt data.
 */
int inflater_run(struct inflater *z, const void *in, size_t inlen, size_t *consumed,
		 void *out, size_t outlen, size_t *produced);

#endif
