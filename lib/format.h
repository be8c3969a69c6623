/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Private to libpstore: what lib/format.c knows about records from their names alone, for
 * the code that reads them (lib/probe.c, lib/reader.c). The parsers are public
 * (libpstore.h, "records: formats").
 */
#ifndef LIBPSTORE_FORMAT_H
#define LIBPSTORE_FORMAT_H

#include "internal.h"

/* Whether the first line of a record so named can hold a dmesg header worth parsing. */
bool format_name_wants_header(const struct pstore_name *pn);
/*
 * Whether a record so named can end with an ECC notice: only ramoops appends one; in any
 * other backend's record, text that looks like a notice is the record's own.
 */
bool format_name_may_have_ecc(const struct pstore_name *pn);

#endif /* LIBPSTORE_FORMAT_H */
