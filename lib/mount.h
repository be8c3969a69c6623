/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Private to libpstore: finding the live pstore mount (lib/mount.c). */
#ifndef LIBPSTORE_MOUNT_H
#define LIBPSTORE_MOUNT_H

#include "internal.h"

/*
 * pstore_mount_find: where pstorefs is mounted, from the sysroot's /proc/self/mountinfo
 * (the path as the mounted system sees it, not resolved through the sysroot). Returns 0
 * and a malloc'd path, -ENOENT when pstore is not mounted (no message set), or the
 * -errno of reading mountinfo (message set, naming the file).
 */
int pstore_mount_find(struct pstore_ctx *ctx, char **ret);

#endif /* LIBPSTORE_MOUNT_H */
