/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Private to lib/crash.c and lib/reason*.c: reading a record's text whole. */
#ifndef LIBPSTORE_CRASH_H
#define LIBPSTORE_CRASH_H

#include "internal.h"

/* The crash summary reads at most the last 1 MiB of a record. */
#define PSTORE_CRASH_TEXT_MAX (1u << 20)

/*
 * The record's bytes, changed as @flags say (PSTORE_READ_*), as one malloc'd buffer
 * (NUL-terminated); only the last @max bytes of a longer record are kept.
 */
int pstore_record_read_text(struct pstore_ctx *ctx, struct pstore_record *r, unsigned flags,
			    size_t max, char **ret, size_t *ret_len);

#endif
