// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The live pstore: where pstorefs is mounted (the sysroot's /proc/self/mountinfo), the
 * registered backend, and mounting it (mount -t pstore pstore /sys/fs/pstore).
 */
#include <sys/mount.h>
#include <sys/stat.h>

#include "mount.h"

/* ---- mountinfo ---- */

/* Decodes the \040-style octal escapes of mountinfo fields. */
static char *unescape_field(const char *s, size_t len)
{
	char *out = malloc(len + 1), *o = out;

	if (!out)
		return NULL;
	for (size_t i = 0; i < len; i++) {
		if (s[i] == '\\' && i + 3 < len && s[i + 1] >= '0' && s[i + 1] <= '3' &&
		    s[i + 2] >= '0' && s[i + 2] <= '7' && s[i + 3] >= '0' && s[i + 3] <= '7') {
			*o++ = (char)(((s[i + 1] - '0') << 6) | ((s[i + 2] - '0') << 3) |
				      (s[i + 3] - '0'));
			i += 3;
		} else {
			*o++ = s[i];
		}
	}
	*o = '\0';
	return out;
}

_public_ int pstore_mountinfo_find(const char *buf, size_t len, const char *fstype, char **ret)
{
	const char *p = buf, *end = buf + len;

	while (p < end) {
		const char *eol = memchr(p, '\n', (size_t)(end - p));
		const char *f[6], *sep, *q;
		size_t fl[6], nf = 0;

		if (!eol)
			eol = end;
		/* id parent maj:min root mountpoint options [optional...] - fstype source ... */
		q = p;
		while (q < eol && nf < 6) {
			const char *w;

			while (q < eol && *q == ' ')
				q++;
			w = q;
			while (q < eol && *q != ' ')
				q++;
			if (q > w) {
				f[nf] = w;
				fl[nf++] = (size_t)(q - w);
			}
		}
		sep = NULL;
		for (q = p; q + 2 < eol; q++)
			if (q[0] == ' ' && q[1] == '-' && q[2] == ' ') {
				sep = q + 3;
				break;
			}
		if (nf >= 5 && sep) {
			const char *t = sep, *te = sep;

			while (te < eol && *te != ' ')
				te++;
			if ((size_t)(te - t) == strlen(fstype) &&
			    memcmp(t, fstype, (size_t)(te - t)) == 0) {
				*ret = unescape_field(f[4], fl[4]);
				return *ret ? 0 : -ENOMEM;
			}
		}
		p = eol + 1;
	}
	return -ENOENT;
}

int pstore_mount_find(struct pstore_ctx *ctx, char **ret)
{
	_cleanup_free_ char *buf = NULL;
	size_t len;
	int r;

	r = pstore_read_sysfile(ctx, "/proc/self/mountinfo", &buf, &len);
	if (r < 0)
		return r;
	return pstore_mountinfo_find(buf, len, "pstore", ret);
}

/* ---- the backend ---- */

_public_ int pstore_backend_get(struct pstore_ctx *ctx, char **ret)
{
	char *buf = NULL;
	size_t len;
	int r;

	r = pstore_read_sysfile(ctx, "/sys/module/pstore/parameters/backend", &buf, &len);
	if (r < 0)
		return r;
	while (len > 0 && (buf[len - 1] == '\n' || buf[len - 1] == ' '))
		buf[--len] = '\0';
	if (len == 0 || streq(buf, "(null)")) {
		free(buf);
		return pstore_err(ctx, -ENODEV, "no pstore backend is registered");
	}
	*ret = buf;
	return 0;
}

/* ---- mounting ---- */

/* Does /proc/filesystems list pstore? */
static int kernel_has_pstore(struct pstore_ctx *ctx)
{
	_cleanup_free_ char *buf = NULL;
	size_t len;
	int r;

	r = pstore_read_sysfile(ctx, "/proc/filesystems", &buf, &len);
	if (r < 0)
		return r;
	for (char *line = buf, *next; line && *line; line = next) {
		next = strchr(line, '\n');
		if (next)
			*next++ = '\0';
		/* "nodev\tpstore" */
		char *name = strrchr(line, '\t');

		name = name ? name + 1 : line;
		if (streq(name, "pstore"))
			return 1;
	}
	return 0;
}

_public_ int pstore_mount(struct pstore_ctx *ctx, const char *dir, char **ret_where)
{
	_cleanup_free_ char *mp = NULL;
	const char *where = dir ? dir : "/sys/fs/pstore";
	struct stat sb;
	int r;

	*ret_where = NULL;
	r = pstore_mount_find(ctx, &mp);
	if (r == 0) {
		*ret_where = TAKE_PTR(mp);
		return 0;
	}
	if (r != -ENOENT)
		return r;
	r = kernel_has_pstore(ctx);
	if (r < 0)
		return r;
	if (r == 0)
		return pstore_err(ctx, -ENODEV,
				  "this kernel has no pstore: 'pstore' is not in /proc/filesystems "
				  "(CONFIG_PSTORE is off)");
	if (*pstore_get_sysroot(ctx))
		return pstore_err(ctx, -EINVAL,
				  "sysroot %s: cannot mount into another system's tree; "
				  "mount pstore on that system",
				  pstore_get_sysroot(ctx));
	if (geteuid() != 0)
		return pstore_err(ctx, -EPERM, "mounting pstore needs root");
	if (stat(where, &sb) < 0)
		return pstore_err_sys(ctx, 0, "%s", where);
	if (!S_ISDIR(sb.st_mode))
		return pstore_err(ctx, -ENOTDIR, "%s: not a directory", where);
	if (mount("pstore", where, "pstore", MS_NOSUID | MS_NODEV | MS_NOEXEC, NULL) < 0)
		return pstore_err_sys(ctx, 0, "%s: mount", where);
	*ret_where = strdup(where);
	return *ret_where ? 1 : -ENOMEM;
}
