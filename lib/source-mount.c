// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The live pstore mount as a record source: the directory source (lib/source-dir.c) on
 * the mount point lib/mount.c finds, resolved through the sysroot. Erasing there erases
 * in the backend, so it happens only on a directory that is pstorefs.
 */
#include <inttypes.h>
#include <sys/vfs.h>
#include <linux/magic.h>

#include "mount.h"
#include "source.h"

#ifndef PSTOREFS_MAGIC
#define PSTOREFS_MAGIC 0x6165676C
#endif

int source_mount_check_fstype(struct pstore_ctx *ctx, const char *path, uint64_t f_type)
{
	if (f_type == PSTOREFS_MAGIC)
		return 0;
	return pstore_err(ctx, -EMEDIUMTYPE,
			  "%s: not a pstore file system (f_type 0x%" PRIx64 ", something mounted over it?): records are erased only on the pstore mount",
			  path, f_type);
}

/*
 * mountinfo names where pstore was mounted, but the directory there may since have been
 * mounted over, or be another namespace's: before erasing, ask the open directory itself.
 * Under a sysroot the tree is a copy (a support bundle, a test), never a mount.
 */
static int check_pstorefs(struct pstore_source *s, int dirfd)
{
	struct statfs sf;

	if (*pstore_get_sysroot(s->ctx))
		return 0;
	if (fstatfs(dirfd, &sf) < 0)
		return pstore_err_sys(s->ctx, 0, "%s", s->path);
	return source_mount_check_fstype(s->ctx, s->path, (uint64_t)sf.f_type);
}

/* The mount source on the mount point @dir (a system path, opened inside the sysroot),
 * erasing only on pstorefs. */
int source_mount_new_at(struct pstore_ctx *ctx, const char *dir, struct pstore_source **ret)
{
	int r = source_dir_new(ctx, dir, "mount", ret);

	if (r < 0)
		return r;
	source_dir_set_remove_check(*ret, check_pstorefs);
	return 0;
}

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
	return source_mount_new_at(ctx, mp, ret);
}
