// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The live pstore mount as a record source: the directory source (lib/source-dir.c) on
 * the mount point lib/mount.c finds, resolved through the sysroot.
 */
#include "mount.h"
#include "source.h"

_public_ int pstore_source_new_mount(struct pstore_ctx *ctx, struct pstore_source **ret)
{
	_cleanup_free_ char *mp = NULL;
	int r;

	r = pstore_mount_find(ctx, &mp);
	if (r == -ENOENT)
		return pstore_err(ctx, -ENOENT,
				  "pstore is not mounted (no pstore line in /proc/self/mountinfo)");
	if (r < 0)
		return r;
	/* a system path: source_dir_new opens it inside the sysroot */
	return source_dir_new(ctx, mp, "mount", ret);
}
