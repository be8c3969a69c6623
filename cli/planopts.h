/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * The region-selection and ramoops-layout options that `plan`, `dts` and `load` share
 * (cli/planopts.c). A command adds PLAN_SELECT_LONGOPTS / PLAN_LAYOUT_LONGOPTS to its
 * longopts[] and hands every option it does not know to plan_opts_parse().
 */
#ifndef PLANOPTS_H
#define PLANOPTS_H

#include <getopt.h>
#include <limits.h>
#include <stdio.h>

#include "libpstore.h"

struct plan_opts {
	struct pstore_plan_request req;
	struct pstore_layout_params layout;
	const char *iomem; /* --iomem FILE ("-" stdin) */
	const char *dtb;   /* --dtb FILE: memory map from a DTB (plan --dtb) */
	struct pstore_dtb *dtb_read; /* the --dtb file once read and checked, or NULL */
	unsigned set;      /* bit mask of PLAN_SET_*: which options the user gave explicitly */
	unsigned kernel_version; /* --kernel X.Y as KERNEL_VERSION(X,Y,0); 0 = newest layout */
	uint64_t initrd_room;    /* --initrd-room: kept free for boot loaders (memory from iomem) */
};

enum {
	PLAN_SET_SIZE = 1 << 0,
	PLAN_SET_ALIGN = 1 << 1,
	PLAN_SET_ADDRESS = 1 << 2,
	PLAN_SET_RECORD = 1 << 3,
	PLAN_SET_CONSOLE = 1 << 4,
	PLAN_SET_PMSG = 1 << 5,
	PLAN_SET_FTRACE = 1 << 6,
	PLAN_SET_ECC = 1 << 7,
	PLAN_SET_MAX_REASON = 1 << 8,
	PLAN_SET_MEM_TYPE = 1 << 9,
	PLAN_SET_FLAGS = 1 << 10,
	PLAN_SET_BELOW = 1 << 11,
	PLAN_SET_ABOVE = 1 << 12,
	PLAN_SET_PREFER = 1 << 13,
	PLAN_SET_INITRD_ROOM = 1 << 14,
};

/* Option ids: CHAR_MAX+200 .. CHAR_MAX+250, clear of every command's own. */
enum {
	OPT_PLAN_SIZE = CHAR_MAX + 200,
	OPT_PLAN_ALIGN,
	OPT_PLAN_PREFER,
	OPT_PLAN_BELOW,
	OPT_PLAN_ABOVE,
	OPT_PLAN_ADDRESS,
	OPT_PLAN_IOMEM,
	OPT_PLAN_DTB,
	OPT_PLAN_RECORD_SIZE,
	OPT_PLAN_CONSOLE_SIZE,
	OPT_PLAN_PMSG_SIZE,
	OPT_PLAN_FTRACE_SIZE,
	OPT_PLAN_ECC,
	OPT_PLAN_MAX_REASON,
	OPT_PLAN_MEM_TYPE,
	OPT_PLAN_FLAGS,
	OPT_PLAN_FTRACE_CPUS,
	OPT_PLAN_KERNEL,
	OPT_PLAN_INITRD_ROOM,
	OPT_PLAN_LAST_, /* must stay <= CHAR_MAX + 250 */
};

/* --size --align --prefer --below --above --address --iomem --dtb */
#define PLAN_SELECT_LONGOPTS                                                             \
	{ "size",         required_argument, NULL, OPT_PLAN_SIZE },                          \
	{ "align",        required_argument, NULL, OPT_PLAN_ALIGN },                         \
	{ "prefer",       required_argument, NULL, OPT_PLAN_PREFER },                        \
	{ "below",        required_argument, NULL, OPT_PLAN_BELOW },                         \
	{ "above",        required_argument, NULL, OPT_PLAN_ABOVE },                         \
	{ "address",      required_argument, NULL, OPT_PLAN_ADDRESS },                       \
	{ "iomem",        required_argument, NULL, OPT_PLAN_IOMEM },                         \
	{ "initrd-room",  required_argument, NULL, OPT_PLAN_INITRD_ROOM },                   \
	{ "dtb",          required_argument, NULL, OPT_PLAN_DTB }

/* --record-size --console-size --pmsg-size --ftrace-size --ecc (alias --ecc-size)
 * --max-reason --mem-type --flags. (plan adds --cpus and --kernel on its own; their ids
 * OPT_PLAN_FTRACE_CPUS / OPT_PLAN_KERNEL are handled by plan_opts_parse too.) */
#define PLAN_LAYOUT_LONGOPTS                                                             \
	{ "record-size",  required_argument, NULL, OPT_PLAN_RECORD_SIZE },                   \
	{ "console-size", required_argument, NULL, OPT_PLAN_CONSOLE_SIZE },                  \
	{ "pmsg-size",    required_argument, NULL, OPT_PLAN_PMSG_SIZE },                     \
	{ "ftrace-size",  required_argument, NULL, OPT_PLAN_FTRACE_SIZE },                   \
	{ "ecc",          required_argument, NULL, OPT_PLAN_ECC },                           \
	{ "ecc-size",     required_argument, NULL, OPT_PLAN_ECC },                           \
	{ "max-reason",   required_argument, NULL, OPT_PLAN_MAX_REASON },                    \
	{ "mem-type",     required_argument, NULL, OPT_PLAN_MEM_TYPE },                      \
	{ "flags",        required_argument, NULL, OPT_PLAN_FLAGS }

/* Defaults: pstore_plan_request_init + pstore_layout_params_init, set = 0. */
void plan_opts_init(struct plan_opts *o);
/* Returns 1 when @c was one of ours (handled), 0 when not ours, -1 after printing a usage
 * error (the caller returns EXIT_USAGE). */
int plan_opts_parse(struct plan_opts *o, int c, const char *arg);
/* Help lines for the two option groups, in the house format. */
void plan_opts_help_select(FILE *f);
void plan_opts_help_layout(FILE *f);
/*
 * Loads the memory map (--dtb through pstore_dt_memmap when given, else --iomem / the
 * sysroot's /proc/iomem) and chooses the region; sets o->layout.mem_address/mem_size.
 * Prints the error and returns 1 on failure, 0 on success.
 */
int plan_opts_choose(struct pstore_ctx *ctx, struct plan_opts *o, struct pstore_range *ret);
/*
 * Same, and hands back the memory map it used (*ret_map, to free with
 * pstore_memmap_free) — plan uses it for --all and the candidate list.
 */
int plan_opts_choose_map(struct pstore_ctx *ctx, struct plan_opts *o, struct pstore_range *ret,
			 struct pstore_memmap **ret_map);
/* Load the memory map only (no choice). Prints the error and returns 1 on failure. */
int plan_opts_load_map(struct pstore_ctx *ctx, const struct plan_opts *o,
		       struct pstore_memmap **ret_map);

#endif /* PLANOPTS_H */
