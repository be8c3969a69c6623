/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * The kernel command line as the kernel reads it: parameters (parameqn() names), sizes
 * (memparse()), module numbers (kstrtoull()) and the items of memmap=. Pure functions on
 * the text of /proc/cmdline, shared by the checks and the memory map; lib/cmdline.h.
 */
#include <ctype.h>
#include <inttypes.h>

#include "internal.h"
#include "cmdline.h"

/* Parameter names compare as the kernel's parameqn() does: '-' and '_' are the same. */
static bool param_name_eq(const char *a, const char *b, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		char x = a[i] == '-' ? '_' : a[i], y = b[i] == '-' ? '_' : b[i];

		if (x != y)
			return false;
	}
	return true;
}

char *cmdline_get(const char *cmdline, const char *key)
{
	size_t klen = strlen(key);
	const char *p = cmdline, *found = NULL;
	size_t flen = 0;

	while (p && *p) {
		const char *w, *e;
		bool q = false;

		while (*p == ' ' || *p == '\t' || *p == '\n')
			p++;
		w = p;
		for (e = p; *e && (q || (*e != ' ' && *e != '\t' && *e != '\n')); e++)
			if (*e == '"')
				q = !q;
		if ((size_t)(e - w) > klen && param_name_eq(w, key, klen) && w[klen] == '=') {
			found = w + klen + 1;
			flen = (size_t)(e - found);
		} else if ((size_t)(e - w) == klen && param_name_eq(w, key, klen)) {
			found = e;
			flen = 0;
		}
		p = e;
	}
	if (!found)
		return NULL;
	return strndup(found, flen);
}

/*
 * A size as the kernel's memparse() reads it: a number (0x hex, 0 octal) and K/M/G/T/P/E.
 * Like the kernel's simple_strtoull() it takes no blanks or sign before the digits.
 */
const char *memparse(const char *p, uint64_t *ret)
{
	unsigned long long v;
	char *end;

	if (!isdigit((unsigned char)*p))
		return NULL;
	errno = 0;
	v = strtoull(p, &end, 0);
	if (errno || end == p)
		return NULL;
	switch (*end) {
	case 'E': case 'e': v <<= 10; /* fall through */
	case 'P': case 'p': v <<= 10; /* fall through */
	case 'T': case 't': v <<= 10; /* fall through */
	case 'G': case 'g': v <<= 10; /* fall through */
	case 'M': case 'm': v <<= 10; /* fall through */
	case 'K': case 'k': v <<= 10; end++; break;
	default: break;
	}
	*ret = v;
	return end;
}

/*
 * A module parameter of type ulong/ullong as the kernel's kstrtoull(s, 0) reads it: the
 * whole word is a number (0x hex, 0 octal), no K/M/G suffix — "ramoops.mem_size=1M" is
 * refused ("invalid for parameter") and ramoops gets no region.
 */
bool kstrtou64(const char *p, uint64_t *ret)
{
	unsigned long long v;
	char *end;

	if (*p == '+')
		p++;
	if (!isdigit((unsigned char)*p))
		return false;
	errno = 0;
	v = strtoull(p, &end, 0);
	if (errno || end == p || (*end && !(*end == '\n' && !end[1])))
		return false;
	*ret = v;
	return true;
}

bool memmap_next(const char *cmdline, const char **pos, struct memmap_item *it)
{
	const char *p = *pos ? *pos : cmdline;

	for (;;) {
		const char *w, *item_end, *q;

		if (!p || !*p)
			return false;
		if (*p == ',' && *pos) { /* the next item of the current word */
			w = p + 1;
		} else {
			while (*p && isspace((unsigned char)*p))
				p++;
			if (strncmp(p, "memmap=", 7) != 0) {
				while (*p && !isspace((unsigned char)*p))
					p++;
				*pos = p;
				continue;
			}
			w = p + 7;
		}
		/* up to the next item, not the word's end: a word of N items is read once */
		for (item_end = w; *item_end && *item_end != ',' && !isspace((unsigned char)*item_end);
		     item_end++)
			;
		*pos = item_end;
		memset(it, 0, sizeof(*it));
		it->text = w;
		it->len = (int)(item_end - w);
		if (strncmp(w, "exactmap", 8) == 0) {
			it->type = 'x';
			return true;
		}
		q = memparse(w, &it->size);
		if (!q || q > item_end) {
			it->type = '?';
			return true;
		}
		if (q < item_end && strchr("@#$!%", *q)) {
			it->type = *q;
			if (*q != '%' && (!(q = memparse(q + 1, &it->addr)) || q > item_end))
				it->type = '?';
		} else {
			it->type = 'L';
		}
		return true;
	}
}

/* ---- the one reservation of /proc/cmdline ---- */

_public_ int pstore_cmdline_reservation(struct pstore_ctx *ctx, struct pstore_range *ret)
{
	_cleanup_free_ char *buf = NULL;
	const char *pos = NULL;
	struct memmap_item it;
	unsigned found = 0;
	size_t len;
	int r;

	if (!ret)
		return -EINVAL;
	r = pstore_read_sysfile(ctx, "/proc/cmdline", &buf, &len);
	if (r < 0)
		return r;
	while (memmap_next(buf, &pos, &it))
		if ((it.type == '$' || it.type == '!') && it.size > 0) {
			found++;
			ret->start = it.addr;
			ret->size = it.size;
		}
	return found == 1 ? 1 : 0;
}
