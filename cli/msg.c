/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Messages on stderr: "pstorectl: VERB: ...", usage errors, library errors. */
#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "pstorectl.h"

/* A message is one line: on a terminal, what it quotes from outside is escaped (escape.c). */
static void vmsg(const char *fmt, va_list ap)
{
	_cleanup_free_ char *text = NULL;
	int n = vasprintf(&text, fmt, ap);

	fputs("pstorectl: ", stderr);
	if (G.verb)
		fprintf(stderr, "%s: ", G.verb);
	if (n >= 0)
		write_term(stderr, text, (size_t)n, false);
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

/* What the CLI adds after the library's next error message: its own way out. */
static const char *err_hint;

void error_hint(const char *hint)
{
	err_hint = hint;
}

const char *error_hint_take(void)
{
	const char *hint = err_hint ? err_hint : "";

	err_hint = NULL;
	return hint;
}

static bool write_error_said;

int write_error(int err)
{
	if (err < 0)
		err = -err;
	if (!write_error_said && err != EPIPE)
		warnx_("write error: %s", strerror(err ? err : EIO));
	write_error_said = true;
	return EXIT_FAIL;
}

bool write_error_seen(void)
{
	return write_error_said;
}

int lib_error(struct pstore_ctx *ctx, int err)
{
	const char *msg = pstore_errmsg(ctx);
	const char *hint = error_hint_take();

	if (write_error_said) /* what failed after it is its consequence: said once */
		return EXIT_FAIL;

	if (msg)
		warnx_("%s%s", msg, hint);
	else
		warnx_("%s%s", strerror(err < 0 ? -err : err), hint);
	return EXIT_FAIL;
}

int lib_error_what(struct pstore_ctx *ctx, int err, const char *what)
{
	const char *msg = pstore_errmsg(ctx);
	const char *hint = error_hint_take();

	if (write_error_said)
		return EXIT_FAIL;
	warnx_("%s: %s%s", what, msg ? msg : strerror(err < 0 ? -err : err), hint);
	return EXIT_FAIL;
}
