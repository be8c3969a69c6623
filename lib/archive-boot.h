/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Private to libpstore: what archiving a boot (lib/archive-boot.c) shares with reading the
 * archive back and retention (lib/archive-boots.c). */
#ifndef LIBPSTORE_ARCHIVE_BOOT_H
#define LIBPSTORE_ARCHIVE_BOOT_H

#include <stdbool.h>

#include "internal.h"

#define MANIFEST ".archived"

bool archive_is_boot_name(const char *n);
int archive_remove_boot_dir(int rootfd, const char *name);
int archive_open_root(struct pstore_ctx *ctx, const char *root, bool create);

#endif /* LIBPSTORE_ARCHIVE_BOOT_H */
