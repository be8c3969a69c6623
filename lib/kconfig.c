/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* The kernel's .config: a strict line parser (plain or gzip) and the search for it. */
#include <ctype.h>
#include <dirent.h>
#include <sys/utsname.h>
#include <zlib.h>

#include "internal.h"

struct kc_sym {
	char *name;  /* without CONFIG_ */
	char *value; /* "y", "m", "n", "123", unquoted string */
	size_t seq;  /* line order, so that a later line for the same symbol wins */
};

struct pstore_kconfig {
	struct kc_sym *syms;
	size_t n, cap;
	char *origin;
};

_public_ void pstore_kconfig_free(struct pstore_kconfig *kc)
{
	if (!kc)
		return;
	for (size_t i = 0; i < kc->n; i++) {
		free(kc->syms[i].name);
		free(kc->syms[i].value);
	}
	free(kc->syms);
	free(kc->origin);
	free(kc);
}

static void kconfig_freep(struct pstore_kconfig **kc)
{
	pstore_kconfig_free(*kc);
}

static int sym_cmp(const void *a, const void *b)
{
	const struct kc_sym *x = a, *y = b;
	int c = strcmp(x->name, y->name);

	if (c)
		return c;
	return x->seq < y->seq ? -1 : x->seq > y->seq;
}

static int sym_key_cmp(const void *key, const void *b)
{
	return strcmp(key, ((const struct kc_sym *)b)->name);
}

static struct kc_sym *kc_find(const struct pstore_kconfig *kc, const char *name)
{
	if (strncmp(name, "CONFIG_", 7) == 0)
		name += 7;
	if (kc->n == 0)
		return NULL;
	return bsearch(name, kc->syms, kc->n, sizeof(*kc->syms), sym_key_cmp);
}

static int kc_add(struct pstore_kconfig *kc, const char *name, size_t nlen, char *value)
{
	char *n;

	n = strndup(name, nlen);
	if (!n) {
		free(value);
		return -ENOMEM;
	}
	if (kc->n == kc->cap) {
		size_t cap = kc->cap ? kc->cap * 2 : 256;
		struct kc_sym *ns = realloc(kc->syms, cap * sizeof(*ns));

		if (!ns) {
			free(n);
			free(value);
			return -ENOMEM;
		}
		kc->syms = ns;
		kc->cap = cap;
	}
	kc->syms[kc->n] = (struct kc_sym){ .name = n, .value = value, .seq = kc->n };
	kc->n++;
	return 0;
}

/* Sort for bsearch; of several lines for one symbol the last one wins, as in Kconfig. */
static void kc_finish(struct pstore_kconfig *kc)
{
	size_t o = 0;

	if (kc->n == 0)
		return;
	qsort(kc->syms, kc->n, sizeof(*kc->syms), sym_cmp);
	for (size_t i = 0; i < kc->n; i++) {
		if (i + 1 < kc->n && streq(kc->syms[i].name, kc->syms[i + 1].name)) {
			free(kc->syms[i].name);
			free(kc->syms[i].value);
			continue;
		}
		kc->syms[o++] = kc->syms[i];
	}
	kc->n = o;
}

static bool is_sym_char(char c)
{
	return isupper((unsigned char)c) || isdigit((unsigned char)c) || c == '_' ||
	       islower((unsigned char)c);
}

/* Length of a symbol name after "CONFIG_" at p (at most end), 0 if none. */
static size_t sym_len(const char *p, const char *end)
{
	const char *q = p;

	while (q < end && is_sym_char(*q))
		q++;
	return (size_t)(q - p);
}

/* Parses a value: y, m, n, a decimal or hex number, or a "string" with \" and \\ escapes. */
static int parse_value(const char *p, const char *end, char **ret)
{
	size_t len = (size_t)(end - p);
	char *v, *o;

	if (len == 0)
		return -EINVAL;
	if (*p == '"') {
		v = malloc(len);
		if (!v)
			return -ENOMEM;
		o = v;
		for (p++; p < end; p++) {
			if (*p == '\\') {
				if (++p >= end)
					break;
				*o++ = *p;
			} else if (*p == '"') {
				break;
			} else {
				*o++ = *p;
			}
		}
		if (p >= end || p + 1 != end) { /* no closing quote, or text after it */
			free(v);
			return -EINVAL;
		}
		*o = '\0';
		*ret = v;
		return 0;
	}
	if (len == 1 && (*p == 'y' || *p == 'm' || *p == 'n'))
		goto copy;
	{
		const char *q = p;

		if (*q == '-')
			q++;
		if (end - q > 2 && q[0] == '0' && (q[1] == 'x' || q[1] == 'X')) {
			for (q += 2; q < end; q++)
				if (!isxdigit((unsigned char)*q))
					return -EINVAL;
		} else {
			if (q == end)
				return -EINVAL;
			for (; q < end; q++)
				if (!isdigit((unsigned char)*q))
					return -EINVAL;
		}
	}
copy:
	v = strndup(p, len);
	if (!v)
		return -ENOMEM;
	*ret = v;
	return 0;
}

static int parse_line(struct pstore_kconfig *kc, const char *p, const char *end)
{
	static const char not_set[] = " is not set";
	char *value = NULL;
	size_t n;
	int r;

	/* Kconfig writes no trailing blanks, but a hand-edited file may have them or CRLF. */
	while (end > p && (end[-1] == ' ' || end[-1] == '\t' || end[-1] == '\r'))
		end--;
	while (p < end && (*p == ' ' || *p == '\t'))
		p++;
	if (p == end)
		return 0;
	if (*p == '#') {
		const char *q = p + 1;

		while (q < end && *q == ' ')
			q++;
		if ((size_t)(end - q) > 7 && strncmp(q, "CONFIG_", 7) == 0) {
			n = sym_len(q + 7, end);
			if (n > 0 && (size_t)(end - (q + 7 + n)) == sizeof(not_set) - 1 &&
			    strncmp(q + 7 + n, not_set, sizeof(not_set) - 1) == 0) {
				value = strdup("n");
				if (!value)
					return -ENOMEM;
				return kc_add(kc, q + 7, n, value);
			}
		}
		return 0; /* any other comment */
	}
	if ((size_t)(end - p) <= 7 || strncmp(p, "CONFIG_", 7) != 0)
		return -EINVAL;
	n = sym_len(p + 7, end);
	if (n == 0 || p + 7 + n >= end || p[7 + n] != '=')
		return -EINVAL;
	r = parse_value(p + 7 + n + 1, end, &value);
	if (r < 0)
		return r;
	return kc_add(kc, p + 7, n, value);
}

static bool is_gzip(const char *buf, size_t len)
{
	return len >= 2 && (unsigned char)buf[0] == 0x1f && (unsigned char)buf[1] == 0x8b;
}

static int gunzip(struct pstore_ctx *ctx, const char *buf, size_t len, const char *origin,
		  char **ret, size_t *ret_len)
{
	z_stream zs = { 0 };
	size_t cap = len * 4 + 65536, out_len = 0;
	char *out = NULL, *nout;
	int zr;

	if (len > UINT_MAX)
		return pstore_err(ctx, -EFBIG, "%s: too large", origin);
	if (inflateInit2(&zs, 16 + MAX_WBITS) != Z_OK)
		return pstore_err(ctx, -ENOMEM, "%s: cannot initialise zlib", origin);
	zs.next_in = (Bytef *)(uintptr_t)buf;
	zs.avail_in = (uInt)len;
	for (;;) {
		if (cap > PSTORE_READ_MAX)
			cap = PSTORE_READ_MAX;
		if (out_len == cap) {
			inflateEnd(&zs);
			free(out);
			return pstore_err(ctx, -EFBIG, "%s: inflates to more than %u MiB", origin,
					  PSTORE_READ_MAX >> 20);
		}
		nout = realloc(out, cap + 1);
		if (!nout) {
			inflateEnd(&zs);
			free(out);
			return -ENOMEM;
		}
		out = nout;
		zs.next_out = (Bytef *)out + out_len;
		zs.avail_out = (uInt)(cap - out_len);
		zr = inflate(&zs, Z_NO_FLUSH);
		out_len = cap - zs.avail_out;
		if (zr == Z_STREAM_END)
			break;
		if (zr == Z_OK && zs.avail_out == 0) {
			cap *= 2;
			continue;
		}
		if (zr == Z_OK || zr == Z_BUF_ERROR) /* input ended before the stream did */
			zr = Z_DATA_ERROR, zs.msg = (char *)"truncated gzip data";
		{
			int e = pstore_err(ctx, -EBADMSG, "%s: not valid gzip data: %s", origin,
					   zs.msg ? zs.msg : zError(zr));
			inflateEnd(&zs);
			free(out);
			return e;
		}
	}
	inflateEnd(&zs);
	out[out_len] = '\0';
	*ret = out;
	*ret_len = out_len;
	return 0;
}

_public_ int pstore_kconfig_parse(struct pstore_ctx *ctx, const char *buf, size_t len,
				  const char *origin, struct pstore_kconfig **ret)
{
	_cleanup_(kconfig_freep) struct pstore_kconfig *kc = NULL;
	_cleanup_free_ char *plain = NULL;
	const char *p, *end, *nl;
	unsigned line = 0;
	int r;

	if (!buf || !ret)
		return -EINVAL;
	if (!origin)
		origin = "(config)";
	if (is_gzip(buf, len)) {
		r = gunzip(ctx, buf, len, origin, &plain, &len);
		if (r < 0)
			return r;
		buf = plain;
	}
	if (memchr(buf, '\0', len))
		return pstore_err(ctx, -EINVAL, "%s: binary data, not a kernel configuration",
				  origin);
	kc = calloc(1, sizeof(*kc));
	if (!kc)
		return -ENOMEM;
	kc->origin = strdup(origin);
	if (!kc->origin)
		return -ENOMEM;
	for (p = buf, end = buf + len; p < end; p = nl + 1) {
		nl = memchr(p, '\n', (size_t)(end - p));
		if (!nl)
			nl = end;
		line++;
		r = parse_line(kc, p, nl);
		if (r == -ENOMEM)
			return r;
		if (r < 0) {
			int w = (int)(nl - p > 60 ? 60 : nl - p);

			return pstore_err(ctx, -EINVAL,
					  "%s: line %u: not CONFIG_X=VALUE or '# CONFIG_X is not set': '%.*s%s'",
					  origin, line, w, p, nl - p > 60 ? "..." : "");
		}
	}
	kc_finish(kc);
	if (kc->n == 0)
		return pstore_err(ctx, -EINVAL, "%s: no CONFIG_ symbols: not a kernel configuration",
				  origin);
	*ret = TAKE_PTR(kc);
	return 0;
}

_public_ int pstore_kernel_release(struct pstore_ctx *ctx, char **ret)
{
	_cleanup_free_ char *buf = NULL;
	struct utsname u;
	size_t len;
	int r;

	r = pstore_read_sysfile(ctx, "/proc/sys/kernel/osrelease", &buf, &len);
	pstore_clear_error(ctx);
	if (r == 0) {
		while (len > 0 && isspace((unsigned char)buf[len - 1]))
			buf[--len] = '\0';
		if (len > 0 && !strchr(buf, '/')) {
			*ret = TAKE_PTR(buf);
			return 0;
		}
	}
	if (*pstore_get_sysroot(ctx)) {
		char *only = NULL;
		struct dirent *de;
		unsigned count = 0;
		DIR *d = NULL;

		if (pstore_opendir_sys(ctx, "/lib/modules", &d) == 0) {
			while ((de = readdir(d))) {
				if (de->d_name[0] == '.' || de->d_type != DT_DIR)
					continue;
				count++;
				free(only);
				only = strdup(de->d_name);
			}
			closedir(d);
			if (count == 1 && only) {
				*ret = only;
				return 0;
			}
			free(only);
		}
	}
	if (uname(&u) < 0)
		return pstore_err_sys(ctx, 0, "uname");
	*ret = strdup(u.release);
	return *ret ? 0 : -ENOMEM;
}

_public_ int pstore_kconfig_read(struct pstore_ctx *ctx, const char *path, const char *release,
				 struct pstore_kconfig **ret)
{
	_cleanup_free_ char *rel = NULL, *buf = NULL;
	char *cands[3] = { NULL, NULL, NULL };
	size_t len;
	int r;

	if (!ret)
		return -EINVAL;
	if (path) {
		r = pstore_read_userfile(ctx, path, &buf, &len);
		if (r < 0)
			return r;
		return pstore_kconfig_parse(ctx, buf, len, streq(path, "-") ? "(stdin)" : path,
					    ret);
	}
	r = pstore_kernel_release(ctx, &rel);
	if (r < 0)
		return r;
	if (!release)
		release = rel;
	if (strchr(release, '/'))
		return pstore_err(ctx, -EINVAL, "kernel release '%s': contains '/'", release);
	/* /proc/config.gz is the running kernel's: not the one of another release. */
	cands[0] = strdup(streq(release, rel) ? "/proc/config.gz" : "");
	if (asprintf(&cands[1], "/boot/config-%s", release) < 0)
		cands[1] = NULL;
	if (asprintf(&cands[2], "/lib/modules/%s/config", release) < 0)
		cands[2] = NULL;
	r = -ENOENT;
	for (size_t i = 0; i < ARRAY_SIZE(cands); i++) {
		_cleanup_free_ char *full = NULL;
		struct stat st;

		if (!cands[i]) {
			r = -ENOMEM;
			break;
		}
		if (!*cands[i])
			continue;
		r = pstore_path(ctx, cands[i], &full);
		if (r < 0)
			break;
		if (pstore_stat_sys(ctx, cands[i], &st) < 0) {
			r = -ENOENT;
			continue;
		}
		r = pstore_read_sysfile(ctx, cands[i], &buf, &len);
		if (r == 0)
			r = pstore_kconfig_parse(ctx, buf, len, full, ret);
		break;
	}
	if (r == -ENOENT)
		r = pstore_err(ctx, -ENOENT, "no kernel configuration: tried %s%s%s, %s%s%s",
			       cands[0], *cands[0] ? ", " : "", cands[1], cands[2],
			       *pstore_get_sysroot(ctx) ? " under " : "",
			       pstore_get_sysroot(ctx));
	for (size_t i = 0; i < ARRAY_SIZE(cands); i++)
		free(cands[i]);
	return r;
}

_public_ const char *pstore_kconfig_get(const struct pstore_kconfig *kc, const char *name)
{
	const struct kc_sym *s;

	if (!kc || !name)
		return NULL;
	s = kc_find(kc, name);
	return s ? s->value : NULL;
}

_public_ bool pstore_kconfig_enabled(const struct pstore_kconfig *kc, const char *name)
{
	const char *v = pstore_kconfig_get(kc, name);

	return v && (streq(v, "y") || streq(v, "m"));
}

_public_ const char *pstore_kconfig_get_origin(const struct pstore_kconfig *kc)
{
	return kc ? kc->origin : NULL;
}

_public_ size_t pstore_kconfig_count(const struct pstore_kconfig *kc)
{
	return kc ? kc->n : 0;
}
