/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Shared by the libFuzzer targets in tests/fuzz/ (one per parser, see README): a quiet
 * library context, a scratch directory of the process's own, and "entries", the input
 * format of the targets that need a directory tree (a sysroot, a record source, an
 * archive): a sequence of
 *
 *	<name length: 1 byte> <name> <data length: 2 bytes, little endian> <data>
 *
 * where a name may hold '/' (directories are made on the way) and a name ending in '/'
 * is an empty directory. Names are cleaned to [A-Za-z0-9._+-] per component, so that a
 * target never writes outside its scratch directory; "..", "." and empty components are
 * dropped. tests/fuzz/mkcorpus.py writes the seeds in the same format.
 */
#ifndef PSTORE_FUZZ_H
#define PSTORE_FUZZ_H

#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "libpstore.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void fuzz_quiet(void *data, int priority, const char *file, int line, const char *fn,
		       const char *format, va_list args)
{
	(void)data, (void)priority, (void)file, (void)line, (void)fn, (void)format, (void)args;
}

/* A context for the running system (nothing of the host is read by the pure parsers). */
static inline struct pstore_ctx *fuzz_ctx(const char *sysroot)
{
	struct pstore_ctx *ctx = NULL;

	if (pstore_new(sysroot, &ctx) < 0)
		return NULL;
	pstore_set_log_fn(ctx, fuzz_quiet, NULL);
	return ctx;
}

/* A NUL-terminated copy of the input (the string parsers want one). */
static inline char *fuzz_strndup(const uint8_t *data, size_t size)
{
	char *s = malloc(size + 1);

	if (s) {
		memcpy(s, data, size);
		s[size] = '\0';
	}
	return s;
}

static int fuzz_rm_one(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)st;
	if (ftw->level == 0)
		return 0;
	if (flag == FTW_DP)
		rmdir(path);
	else
		unlink(path);
	return 0;
}

/* Empties @dir, which stays (only what an input made goes, not the directory). */
static inline void fuzz_clear(const char *dir)
{
	nftw(dir, fuzz_rm_one, 16, FTW_DEPTH | FTW_PHYS);
}

static char fuzz_scratch_dir[64];

static void fuzz_scratch_remove(void)
{
	fuzz_clear(fuzz_scratch_dir);
	rmdir(fuzz_scratch_dir);
}

/*
 * The process's scratch directory, made once and removed at exit; its contents are the
 * caller's to clear. Under /dev/shm when it can be written (a tmpfs: the tree an input
 * makes and the next one removes never reaches a disk's journal), else under $TMPDIR or
 * /tmp.
 */
static inline const char *fuzz_scratch(void)
{
	char *dir = fuzz_scratch_dir;

	if (!dir[0]) {
		const char *t = getenv("TMPDIR");

		if (access("/dev/shm", W_OK | X_OK) == 0)
			t = "/dev/shm";
		snprintf(dir, sizeof(fuzz_scratch_dir), "%s/pstore-fuzz.XXXXXX",
			 t && *t && strlen(t) < 40 ? t : "/tmp");
		if (!mkdtemp(dir))
			abort();
		atexit(fuzz_scratch_remove);
	}
	return dir;
}

/* Writes @data to @path (made or truncated). Returns 0 or -1. */
static inline int fuzz_write_file(const char *path, const void *data, size_t size)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW, 0644);
	const uint8_t *p = data;

	if (fd < 0)
		return -1;
	while (size > 0) {
		ssize_t w = write(fd, p, size);

		if (w <= 0) {
			close(fd);
			return -1;
		}
		p += w, size -= (size_t)w;
	}
	return close(fd);
}

/* One name component, cleaned; returns its length (0: dropped). */
static inline size_t fuzz_clean_component(const uint8_t *in, size_t len, char *out)
{
	size_t n = 0;

	for (size_t i = 0; i < len && n < 64; i++) {
		unsigned char c = in[i];

		if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
		    c == '.' || c == '_' || c == '+' || c == '-')
			out[n++] = (char)c;
	}
	out[n] = '\0';
	if ((n == 1 && out[0] == '.') || (n == 2 && out[0] == '.' && out[1] == '.'))
		n = 0;
	return n;
}

/*
 * Makes the entries of @data under @root (which must exist and be empty). At most 64
 * entries; a truncated entry ends the input. Returns the number of entries made.
 */
static inline unsigned fuzz_make_tree(const char *root, const uint8_t *data, size_t size)
{
	unsigned made = 0;
	size_t off = 0;

	while (off < size && made < 64) {
		size_t nlen = data[off++], dlen;
		const uint8_t *name, *body;
		char path[1024], comp[65];
		size_t plen, start;

		if (off + nlen + 2 > size)
			break;
		name = data + off, off += nlen;
		dlen = data[off] | (size_t)data[off + 1] << 8, off += 2;
		if (dlen > size - off)
			dlen = size - off;
		body = data + off, off += dlen;

		plen = (size_t)snprintf(path, sizeof(path), "%s", root);
		start = 0;
		for (size_t i = 0; i <= nlen; i++) {
			if (i < nlen && name[i] != '/')
				continue;
			size_t c = fuzz_clean_component(name + start, i - start, comp);

			start = i + 1;
			if (c == 0)
				continue;
			if (plen + 1 + c + 1 > sizeof(path))
				break;
			if (i < nlen) {
				plen += (size_t)snprintf(path + plen, sizeof(path) - plen, "/%s", comp);
				mkdir(path, 0755);
			} else {
				snprintf(path + plen, sizeof(path) - plen, "/%s", comp);
				if (fuzz_write_file(path, body, dlen) == 0)
					made++;
			}
		}
	}
	return made;
}

#endif /* PSTORE_FUZZ_H */
