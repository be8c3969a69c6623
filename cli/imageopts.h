/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Reading records straight from a memory image (cli/imageopts.c): the options that say
 * which image and which layout (--image for ls/cat/tail/status, the IMAGE argument of
 * decode), and the steps from them to decoded records.
 */
#ifndef IMAGEOPTS_H
#define IMAGEOPTS_H

#include "planopts.h"
#include "pstorectl.h"

struct image_opts {
	bool inited;
	struct plan_opts po;     /* --size --address --dtb --kernel --cpus + layout sizes */
	const char *image;       /* --image FILE */
	bool has_base;
	uint64_t base;           /* --base ADDR */
	bool scan;               /* --scan */
	bool module_params;      /* --module-params */
	int compress;            /* --compress ALG, -1 = try each */
};

/* Option ids: CHAR_MAX+260 .. CHAR_MAX+270. */
enum {
	OPT_IMAGE = CHAR_MAX + 260,
	OPT_IMAGE_BASE,
	OPT_IMAGE_SCAN,
	OPT_IMAGE_MODULE,
	OPT_IMAGE_COMPRESS,
};

/* Everything but --image (decode takes the image as its argument). */
#define IMAGE_LAYOUT_LONGOPTS                                                            \
	{ "base",          required_argument, NULL, OPT_IMAGE_BASE },                        \
	{ "scan",          no_argument,       NULL, OPT_IMAGE_SCAN },                        \
	{ "module-params", no_argument,       NULL, OPT_IMAGE_MODULE },                      \
	{ "compress",      required_argument, NULL, OPT_IMAGE_COMPRESS },                    \
	{ "address",       required_argument, NULL, OPT_PLAN_ADDRESS },                      \
	{ "size",          required_argument, NULL, OPT_PLAN_SIZE },                         \
	{ "dtb",           required_argument, NULL, OPT_PLAN_DTB },                          \
	{ "kernel",        required_argument, NULL, OPT_PLAN_KERNEL },                       \
	{ "cpus",          required_argument, NULL, OPT_PLAN_FTRACE_CPUS },                  \
	PLAN_LAYOUT_LONGOPTS
#define IMAGE_LONGOPTS { "image", required_argument, NULL, OPT_IMAGE }, IMAGE_LAYOUT_LONGOPTS

/* The options of ls, cat, tail and status; open_records() reads from the image when set. */
extern struct image_opts image_source;

/* 1 when @c was ours, 0 when not, -1 after a usage error (the caller returns EXIT_USAGE). */
int image_opts_parse(struct image_opts *o, int c, const char *arg);
/* Help lines: with_image adds --image FILE. */
void image_opts_help(FILE *f, bool with_image);
/*
 * image_decode: open @path, find the layout (the size options, --dtb, --module-params or
 * a scan, the default), decode. Warnings and scan notes go to stderr (notes only with
 * @notes). Returns 0, or a negative errno with the message in pstore_errmsg(ctx).
 */
int image_decode(struct pstore_ctx *ctx, struct image_opts *o, const char *path, bool notes,
		 struct pstore_decode **ret);
/* The record source over image_source: what open_records() uses for --image. */
int image_source_new(struct pstore_ctx *ctx, struct pstore_source **ret);

#endif
