/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Common includes of the cmocka unit tests; they link the static library, internals too. */
#ifndef PSTORE_UNIT_H
#define PSTORE_UNIT_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "internal.h"

/* A context on a fixture sysroot (tests/fixtures/NAME), or on "/" when NAME is NULL. */
static inline struct pstore_ctx *unit_ctx(const char *fixture)
{
	struct pstore_ctx *ctx = NULL;
	char *root = NULL;

	if (fixture)
		assert_true(asprintf(&root, "%s/%s", FIXTURES, fixture) > 0);
	assert_int_equal(pstore_new(root, &ctx), 0);
	pstore_set_log_fn(ctx, NULL, NULL);
	free(root);
	return ctx;
}

/* @v little-endian at @p: the persistent RAM zone header's fields, as the kernel stores them. */
static inline void put32(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)v;
	p[1] = (uint8_t)(v >> 8);
	p[2] = (uint8_t)(v >> 16);
	p[3] = (uint8_t)(v >> 24);
}

#endif
