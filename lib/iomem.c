/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* /proc/iomem: a parser for the kernel's resource tree as text, nesting by indentation. */
#include <ctype.h>
#include <inttypes.h>

#include "internal.h"

struct pstore_iomem {
	struct pstore_iomem_entry *entries;
	ssize_t *parent; /* index of the parent entry, -1 at top level */
	size_t n, cap;
	char *origin;
};

_public_ size_t pstore_iomem_count(const struct pstore_iomem *io)
{
	return io ? io->n : 0;
}

_public_ const struct pstore_iomem_entry *pstore_iomem_get(const struct pstore_iomem *io,
							   size_t i)
{
	if (!io || i >= io->n)
		return NULL;
	return &io->entries[i];
}

_public_ ssize_t pstore_iomem_parent(const struct pstore_iomem *io, size_t i)
{
	if (!io || i >= io->n)
		return -1;
	return io->parent[i];
}

_public_ const char *pstore_iomem_get_origin(const struct pstore_iomem *io)
{
	return io ? io->origin : NULL;
}

_public_ void pstore_iomem_free(struct pstore_iomem *io)
{
	if (!io)
		return;
	for (size_t i = 0; i < io->n; i++)
		free((char *)io->entries[i].name);
	free(io->entries);
	free(io->parent);
	free(io->origin);
	free(io);
}

static void iomem_freep(struct pstore_iomem **io)
{
	pstore_iomem_free(*io);
}

static int hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	c = (char)tolower((unsigned char)c);
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	return -1;
}

/* Hex digits (no 0x), any width; at most 16 significant digits. Returns chars used or -1. */
static int parse_hex(const char *p, const char *end, uint64_t *ret, bool *overflow)
{
	const char *s = p;
	uint64_t v = 0;
	int d;

	*overflow = false;
	while (p < end && (d = hexval(*p)) >= 0) {
		if (v >> 60)
			*overflow = true;
		v = (v << 4) | (uint64_t)d;
		p++;
	}
	if (p == s)
		return -1;
	*ret = v;
	return (int)(p - s);
}

static int iomem_add(struct pstore_iomem *io, uint64_t start, uint64_t end, const char *name,
		     size_t namelen, unsigned depth, unsigned line, ssize_t parent)
{
	char *n;

	if (io->n == io->cap) {
		size_t cap = io->cap ? io->cap * 2 : 64;
		struct pstore_iomem_entry *e = reallocarray(io->entries, cap, sizeof(*e));
		ssize_t *p;

		if (!e)
			return -ENOMEM;
		io->entries = e;
		p = reallocarray(io->parent, cap, sizeof(*p));
		if (!p)
			return -ENOMEM;
		io->parent = p;
		io->cap = cap;
	}
	n = strndup(name, namelen);
	if (!n)
		return -ENOMEM;
	io->entries[io->n] = (struct pstore_iomem_entry){
		.struct_size = sizeof(struct pstore_iomem_entry),
		.start = start, .end = end, .name = n, .depth = depth, .line = line,
	};
	io->parent[io->n] = parent;
	io->n++;
	return 0;
}

/* The deepest nesting we accept; real trees are 3-4 levels deep. */
#define IOMEM_MAX_DEPTH 64

_public_ int pstore_iomem_parse(struct pstore_ctx *ctx, const char *buf, size_t len,
				const char *origin, struct pstore_iomem **ret)
{
	_cleanup_(iomem_freep) struct pstore_iomem *io = NULL;
	/* stack of open ancestors: indentation width and entry index */
	size_t st_indent[IOMEM_MAX_DEPTH];
	size_t st_idx[IOMEM_MAX_DEPTH];
	size_t depth = 0;
	const char *p = buf, *bufend = buf + len;
	unsigned line = 0;
	bool all_zero = true;
	int r;

	if (!origin)
		origin = "/proc/iomem";
	io = calloc(1, sizeof(*io));
	if (!io)
		return -ENOMEM;
	io->origin = strdup(origin);
	if (!io->origin)
		return -ENOMEM;

	while (p < bufend) {
		const char *eol = memchr(p, '\n', (size_t)(bufend - p));
		const char *l = p, *e, *q, *name;
		uint64_t start, end;
		bool ovf1, ovf2;
		size_t indent;
		int n;

		if (!eol)
			eol = bufend;
		p = eol < bufend ? eol + 1 : bufend;
		line++;
		e = eol;
		if (strnlen(l, (size_t)(eol - l)) != (size_t)(eol - l))
			return pstore_err(ctx, -EINVAL, "%s: line %u: contains a NUL byte", origin,
					  line);
		/* trailing blanks (and \r) and blank lines */
		while (e > l && (e[-1] == ' ' || e[-1] == '\t' || e[-1] == '\r'))
			e--;
		if (e == l)
			continue;

		for (q = l; q < e && *q == ' '; q++)
			;
		indent = (size_t)(q - l);
		if (*q == '\t')
			return pstore_err(ctx, -EINVAL,
					  "%s: line %u: indented with a tab, expected spaces", origin,
					  line);
		n = parse_hex(q, e, &start, &ovf1);
		if (n < 0)
			return pstore_err(ctx, -EINVAL,
					  "%s: line %u: expected \"START-END : NAME\" with hex addresses, got \"%.*s\"",
					  origin, line, (int)(e - l > 60 ? 60 : e - l), l);
		q += n;
		if (q >= e || *q != '-')
			return pstore_err(ctx, -EINVAL,
					  "%s: line %u: expected '-' after the start address", origin,
					  line);
		q++;
		n = parse_hex(q, e, &end, &ovf2);
		if (n < 0)
			return pstore_err(ctx, -EINVAL, "%s: line %u: expected a hex end address",
					  origin, line);
		if (ovf1 || ovf2)
			return pstore_err(ctx, -ERANGE,
					  "%s: line %u: address does not fit 64 bits", origin, line);
		q += n;
		while (q < e && *q == ' ')
			q++;
		if (q >= e || *q != ':')
			return pstore_err(ctx, -EINVAL,
					  "%s: line %u: expected \" : NAME\" after the range", origin,
					  line);
		q++;
		while (q < e && *q == ' ')
			q++;
		name = q;
		if (end < start)
			return pstore_err(ctx, -EINVAL,
					  "%s: line %u: range end 0x%" PRIx64 " is below its start 0x%" PRIx64,
					  origin, line, end, start);
		if (start || end)
			all_zero = false;

		/* close the ancestors this line is not indented under */
		while (depth > 0 && st_indent[depth - 1] >= indent)
			depth--;
		if (depth >= IOMEM_MAX_DEPTH)
			return pstore_err(ctx, -EINVAL,
					  "%s: line %u: nested deeper than %d levels", origin, line,
					  IOMEM_MAX_DEPTH);
		r = iomem_add(io, start, end, name, (size_t)(e - name), (unsigned)depth, line,
			      depth ? (ssize_t)st_idx[depth - 1] : -1);
		if (r < 0)
			return pstore_err(ctx, r, "%s: out of memory", origin);
		st_indent[depth] = indent;
		st_idx[depth] = io->n - 1;
		depth++;
	}

	if (io->n == 0)
		return pstore_err(ctx, -ENODATA, "%s: empty, no memory ranges", origin);
	if (all_zero)
		return pstore_err(ctx, -EPERM,
				  "%s: every address reads 00000000-00000000: the kernel hides them from non-root readers; run as root",
				  origin);
	*ret = TAKE_PTR(io);
	return 0;
}

_public_ int pstore_iomem_read(struct pstore_ctx *ctx, const char *path,
			       struct pstore_iomem **ret)
{
	_cleanup_free_ char *buf = NULL;
	_cleanup_free_ char *full = NULL;
	const char *origin;
	size_t len;
	int r;

	if (!path) {
		r = pstore_read_sysfile(ctx, "/proc/iomem", &buf, &len);
		if (r < 0)
			return r;
		r = pstore_path(ctx, "/proc/iomem", &full);
		if (r < 0)
			return pstore_err_sys(ctx, r, "/proc/iomem");
		origin = full;
	} else {
		r = pstore_read_userfile(ctx, path, &buf, &len);
		if (r < 0)
			return r;
		origin = streq(path, "-") ? "(stdin)" : path;
	}
	return pstore_iomem_parse(ctx, buf, len, origin, ret);
}
