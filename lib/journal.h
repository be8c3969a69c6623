/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Private to libpstore: the journal entry of an archived boot (lib/journal.c). */
#ifndef LIBPSTORE_JOURNAL_H
#define LIBPSTORE_JOURNAL_H

#include <stddef.h>

#include "internal.h"

/*
 * journal_archive_fields: the entry for the boot directory @dir (ROOT/NAME, as
 * pstore_archive_boot() made it), as *ret_n "KEY=value" strings in *ret (free with
 * journal_fields_free()): MESSAGE_ID, MESSAGE, PRIORITY, SYSLOG_IDENTIFIER and PSTORE_*.
 * Values are one line (control characters become '?'). Returns 0 or -errno with a message.
 */
int journal_archive_fields(struct pstore_ctx *ctx, const char *dir, char ***ret,
			   size_t *ret_n);
void journal_fields_free(char **fields, size_t n);

#endif /* LIBPSTORE_JOURNAL_H */
