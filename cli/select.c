/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* The records a command works on: the source, its records, the ones the user named. */

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "imageopts.h"
#include "pstorectl.h"

int open_records(struct pstore_ctx *ctx, const char *dir, struct pstore_source **ret_src,
		 struct pstore_record ***ret_recs, size_t *ret_n)
{
	return open_records_all(ctx, dir, false, ret_src, ret_recs, ret_n);
}

struct boot_select boot_source;

int boot_opts_parse(struct boot_select *b, int c, const char *arg)
{
	if (c == OPT_BOOT)
		b->boot = arg;
	else if (c == OPT_BOOT_ARCHIVE)
		b->archive = arg;
	else
		return 0;
	return 1;
}

const char *archive_root(struct pstore_ctx *ctx, const char *given)
{
	const char *conf;

	if (given)
		return given;
	conf = config_get(ctx, "archive-dir");
	return conf ? conf : PSTORE_ARCHIVE_DIR;
}

/* The directory of the archived boot --boot names. */
static int boot_dir(struct pstore_ctx *ctx, char **ret)
{
	const char *root = archive_root(ctx, boot_source.archive);
	struct pstore_archive *a = NULL;
	size_t i;
	int r;

	r = pstore_archive_open(ctx, root, &a);
	if (r < 0)
		return r;
	r = pstore_archive_find(ctx, a, boot_source.boot, &i);
	if (r >= 0 && !(*ret = strdup(pstore_archive_get_path(a, i))))
		r = -ENOMEM;
	pstore_archive_free(a);
	return r;
}

int open_records_all(struct pstore_ctx *ctx, const char *dir, bool all_files,
		     struct pstore_source **ret_src, struct pstore_record ***ret_recs,
		     size_t *ret_n)
{
	_cleanup_free_ char *bdir = NULL;
	struct pstore_source *src = NULL;
	int r;

	if (boot_source.boot) {
		r = boot_dir(ctx, &bdir);
		if (r < 0)
			return r;
		dir = bdir;
	}
	if (image_source.image) /* --image FILE (cli/imageopts.c) */
		r = image_source_new(ctx, &src);
	else
		r = dir ? pstore_source_new_dir(ctx, dir, &src) : pstore_source_new_mount(ctx, &src);
	if (r == -ENOENT && !dir && !image_source.image)
		/* the library says pstore is not mounted; the ways out are ours */
		error_hint("; run 'pstorectl mount' or read a copy with --dir");
	if (r < 0)
		return r;
	pstore_source_set_all_files(src, all_files);
	r = pstore_source_list(src, ret_recs, ret_n);
	if (r < 0) {
		pstore_source_unref(src);
		return r;
	}
	*ret_src = src;
	return 0;
}

void close_records(struct pstore_source *src, struct pstore_record **recs, size_t n)
{
	pstore_record_list_free(recs, n);
	pstore_source_unref(src);
}

size_t select_records(struct pstore_record **recs, size_t n, char *const *args, size_t nargs,
		      bool *sel)
{
	size_t unmatched = 0;

	for (size_t i = 0; i < nargs; i++) {
		bool found = false;

		for (size_t k = 0; k < n; k++)
			if (pstore_record_matches(recs[k], args[i]))
				found = sel[k] = true;
		if (found)
			continue;
		if (pstore_type_from_string(args[i]) >= 0)
			warnx_("%s: no record of this type", args[i]);
		else
			warnx_("%s: no such record", args[i]);
		unmatched++;
	}
	return unmatched;
}

const char *records_of_this_boots_archive(struct pstore_ctx *ctx, struct pstore_source **src,
					  struct pstore_record ***recs, size_t *n)
{
	static char *path;
	struct pstore_archive *a = NULL;
	struct pstore_source *s = NULL;
	struct pstore_record **r = NULL;
	size_t i, m = 0;

	if (pstore_archive_open(ctx, archive_root(ctx, boot_source.archive), &a) < 0 ||
	    pstore_archive_this_boot(ctx, a, &i) < 0 ||
	    pstore_source_new_dir(ctx, pstore_archive_get_path(a, i), &s) < 0 ||
	    pstore_source_list(s, &r, &m) < 0) {
		pstore_clear_error(ctx);
		pstore_source_unref(s);
		pstore_archive_free(a);
		return NULL;
	}
	free(path);
	path = strdup(pstore_archive_get_path(a, i));
	pstore_archive_free(a);
	close_records(*src, *recs, *n);
	*src = s, *recs = r, *n = m;
	return path ? path : "the archive";
}
