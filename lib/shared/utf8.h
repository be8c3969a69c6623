/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* UTF-8, shared by lib/ and cli/: the one decoder behind terminal escaping and JSON. */
#ifndef PSTORE_SHARED_UTF8_H
#define PSTORE_SHARED_UTF8_H

#include <stddef.h>
#include <stdint.h>

/*
 * Length of the valid UTF-8 sequence of 2 to 4 bytes at @str (at most @len bytes read),
 * its code point in *ret_cp (may be NULL); 0 for ASCII, an invalid, overlong or truncated
 * sequence, or a surrogate.
 */
size_t utf8_char_len(const char *str, size_t len, uint32_t *ret_cp);

#endif /* PSTORE_SHARED_UTF8_H */
