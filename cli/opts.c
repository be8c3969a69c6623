/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Option values shared by the subcommands: numbers, sizes, lists, --color. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "pstorectl.h"

int help_or_usage_error(int c, void (*usage)(FILE *f))
{
	if (c != 'h')
		return usage_error("unknown option");
	usage(stdout);
	return EXIT_OK;
}

int opt_size(const char *opt, const char *arg, uint64_t *ret)
{
	int r = pstore_parse_size(arg, ret);

	if (r == -ERANGE)
		return usage_error("--%s: '%s' is too large", opt, arg), -1;
	if (r < 0)
		return usage_error("--%s: '%s' is not a size (e.g. 4096, 0x1000, 64K, 1M)", opt,
				   arg),
		       -1;
	return 0;
}

int opt_u64(const char *opt, const char *arg, uint64_t *ret)
{
	int r = pstore_parse_u64(arg, ret);

	if (r == -ERANGE)
		return usage_error("--%s: '%s' is too large", opt, arg), -1;
	if (r < 0)
		return usage_error("--%s: '%s' is not a number", opt, arg), -1;
	return 0;
}

int opt_int(const char *opt, const char *arg, long min, long max, long *ret)
{
	char *end;
	long v;

	errno = 0;
	v = strtol(arg, &end, 0);
	if (errno || end == arg || *end || v < min || v > max)
		return usage_error("--%s: '%s' is not a number from %ld to %ld", opt, arg, min,
				   max),
		       -1;
	*ret = v;
	return 0;
}

int opt_each(const char *arg, int (*each)(char *item, void *data), void *data)
{
	char *copy = strdup(arg), *tok, *save = NULL;
	int r = 0;

	if (!copy)
		return -1;
	for (tok = strtok_r(copy, ",", &save); tok && r >= 0;
	     tok = strtok_r(NULL, ",", &save))
		r = each(tok, data);
	free(copy);
	return r < 0 ? r : 0;
}

int parse_color(const char *arg)
{
	if (!arg || streq(arg, "always"))
		G.color = COLOR_ALWAYS;
	else if (streq(arg, "never"))
		G.color = COLOR_NEVER;
	else if (streq(arg, "auto"))
		G.color = COLOR_AUTO;
	else
		return usage_error("--color: '%s' is not auto, always or never", arg);
	return 0;
}

bool color_wanted(FILE *f)
{
	const char *nc;

	switch (G.color) {
	case COLOR_ALWAYS:
		return true;
	case COLOR_NEVER:
		return false;
	case COLOR_AUTO:
		break;
	}
	nc = getenv("NO_COLOR");
	if (nc && *nc)
		return false;
	/* a terminal that cannot do colour says so (util-linux colors.c does the same) */
	nc = getenv("TERM");
	if (nc && streq(nc, "dumb"))
		return false;
	return isatty(fileno(f));
}
