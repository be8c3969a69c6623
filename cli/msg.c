/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Messages on stderr: "pstorectl: VERB: ...", usage errors, library errors. */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "pstorectl.h"

static void vmsg(const char *fmt, va_list ap)
{
	fputs("pstorectl: ", stderr);
	if (G.verb)
		fprintf(stderr, "%s: ", G.verb);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
}

void warnx_(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vmsg(fmt, ap);
	va_end(ap);
}

int usage_error(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vmsg(fmt, ap);
	va_end(ap);
	if (G.verb)
		fprintf(stderr, "Try 'pstorectl %s --help'.\n", G.verb);
	else
		fputs("Try 'pstorectl --help'.\n", stderr);
	return EXIT_USAGE;
}

int lib_error(struct pstore_ctx *ctx, int err)
{
	const char *msg = pstore_errmsg(ctx);

	if (msg)
		warnx_("%s", msg);
	else
		warnx_("%s", strerror(err < 0 ? -err : err));
	return EXIT_FAIL;
}

int lib_error_what(struct pstore_ctx *ctx, int err, const char *what)
{
	const char *msg = pstore_errmsg(ctx);

	warnx_("%s: %s", what, msg ? msg : strerror(err < 0 ? -err : err));
	return EXIT_FAIL;
}
