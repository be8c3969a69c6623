// SPDX-License-Identifier: LGPL-2.1-or-later
/* Mounting pstorefs where the records appear (mount -t pstore pstore /sys/fs/pstore). */
#include <sys/mount.h>
#include <sys/stat.h>

#include "source.h"

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
	_cleanup_free_ char *buf = NULL, *mp = NULL;
	const char *where = dir ? dir : "/sys/fs/pstore";
	struct stat sb;
	size_t len;
	int r;

	*ret_where = NULL;
	r = pstore_read_sysfile(ctx, "/proc/self/mountinfo", &buf, &len);
	if (r < 0)
		return r;
	if (pstore_mountinfo_find(buf, len, "pstore", &mp) == 0) {
		*ret_where = TAKE_PTR(mp);
		return 0;
	}
	r = kernel_has_pstore(ctx);
	if (r < 0)
		return r;
	if (r == 0)
		return pstore_err(ctx, -ENODEV,
				  "this kernel has no pstore: 'pstore' is not in /proc/filesystems "
				  "(CONFIG_PSTORE is off)");
	if (*pstore_get_sysroot(ctx))
		return pstore_err(ctx, -EINVAL,
				  "--sysroot %s: cannot mount into another system's tree; "
				  "mount pstore on that system",
				  pstore_get_sysroot(ctx));
	if (geteuid() != 0)
		return pstore_err(ctx, -EPERM, "mounting pstore needs root");
	if (stat(where, &sb) < 0)
		return pstore_err(ctx, -errno, "%s: %s", where, strerror(errno));
	if (!S_ISDIR(sb.st_mode))
		return pstore_err(ctx, -ENOTDIR, "%s: not a directory", where);
	if (mount("pstore", where, "pstore", MS_NOSUID | MS_NODEV | MS_NOEXEC, NULL) < 0)
		return pstore_err(ctx, -errno, "%s: mount: %s", where, strerror(errno));
	*ret_where = strdup(where);
	return *ret_where ? 1 : -ENOMEM;
}
