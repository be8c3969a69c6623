/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Shared declarations of the pstorectl command: the command table and the helpers every
 * subcommand uses, grouped by the cli/ file that defines them.
 */
#ifndef PSTORECTL_H
#define PSTORECTL_H

#include <getopt.h>
#include <limits.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include <libsmartcols/libsmartcols.h>

#include "libpstore.h"

#include "shared/c.h"
#include "shared/strbuf.h"
#include "shared/utf8.h"

/* Exit codes. */
enum {
	EXIT_OK = 0,
	EXIT_FAIL = 1,  /* a failure, or a failed check */
	EXIT_USAGE = 2, /* bad usage */
};

/* Preconditions main() checks before run(). */
enum {
	CMD_NEED_ROOT = 1 << 0,
};

struct pstorectl_cmd {
	const char *name;
	const char *help; /* one line, for `pstorectl --help` */
	int (*run)(struct pstore_ctx *ctx, int argc, char *argv[]);
	unsigned flags;
};

/* Every subcommand, defined at the end of cli/cmd-<verb>.c. */
extern const struct pstorectl_cmd cmd_status, cmd_mount, cmd_ls, cmd_cat, cmd_tail,
	cmd_clear, cmd_write, cmd_plan, cmd_dts, cmd_check, cmd_load;
extern const struct pstorectl_cmd cmd_decode; /* cli/cmd-decode.c, since 0.2 */
extern const struct pstorectl_cmd cmd_reason, cmd_info;
extern const struct pstorectl_cmd cmd_view;
extern const struct pstorectl_cmd cmd_archive, cmd_boots; /* since 0.2 */

/*
 * Every subcommand's getopt_long() is this one (cli/pstorectl.c): it takes the global
 * options after the verb too (--sysroot, --color, -v), and on a bad option prints one
 * "pstorectl: VERB: ..." message and "Try ..." and exits 2, instead of getopt's message.
 */
int cli_getopt_long(int argc, char *const argv[], const char *shortopts,
		    const struct option *longopts, int *longind);
#define getopt_long cli_getopt_long

/* Global options, set by main(). */
enum color_mode { COLOR_AUTO, COLOR_ALWAYS, COLOR_NEVER };
struct pstorectl_globals {
	const char *verb;   /* the running subcommand, for messages */
	int verbose;
	enum color_mode color;
};
extern struct pstorectl_globals G;

/* ---- messages (cli/msg.c) ----
 * All of them print "pstorectl: VERB: ..." on stderr. */
void warnx_(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* A usage error: prints the message and "Try 'pstorectl VERB --help'."; returns 2. */
int usage_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* A library failure: prints pstore_errmsg(ctx) or strerror(-err); returns 1. */
int lib_error(struct pstore_ctx *ctx, int err);
/* A library failure with our own context: "WHAT: errmsg". Returns 1. */
int lib_error_what(struct pstore_ctx *ctx, int err, const char *what);
/*
 * write_error: a write error on stdout, said once per process ("write error: REASON",
 * nothing for EPIPE); afterwards lib_error()/lib_error_what() stay silent, as what fails
 * after it is its consequence. err: an errno, positive or negative (0: EIO). Returns 1.
 * write_error_seen: whether it happened.
 */
int write_error(int err);
bool write_error_seen(void);
/*
 * error_hint: text the next lib_error()/lib_error_what() adds after the library's
 * message: the CLI's way out (a flag, a verb), which a library message cannot name.
 * error_hint_take: takes it back ("" when none), for a caller that shows the message
 * itself.
 */
void error_hint(const char *hint);
const char *error_hint_take(void);

/* ---- option values (cli/opts.c) ---- */

/*
 * The last case of every command's option switch: -h (--help) prints @usage to stdout
 * and returns EXIT_OK; any other option is a usage error (EXIT_USAGE).
 */
int help_or_usage_error(int c, void (*usage)(FILE *f));
/* Option value parsers: print a usage error naming the option and return -1 on failure. */
int opt_size(const char *opt, const char *arg, uint64_t *ret);
int opt_u64(const char *opt, const char *arg, uint64_t *ret);
int opt_int(const char *opt, const char *arg, long min, long max, long *ret);
/*
 * Calls each() on every item of a comma list (empty items are skipped), a writable copy.
 * Stops at the first negative return of each() and returns it; -1 when out of memory.
 */
int opt_each(const char *arg, int (*each)(char *item, void *data), void *data);

/* --color[=WHEN]: sets G.color; a usage error (returns 2) for anything but
 * auto/always/never. No argument means always. Returns 0 on success. */
int parse_color(const char *arg);
/* Is colour wanted on this stream? (--color, NO_COLOR, isatty) */
bool color_wanted(FILE *f);

/* ---- human forms (cli/format.c) ---- */
/* "%" PRIu64 and "%" PRId64 into buf (truncated to len - 1 characters); returns buf. */
char *format_u64(uint64_t v, char *buf, size_t len);
char *format_i64(int64_t v, char *buf, size_t len);
/* Human sizes: "64K", "1M", "1.5G"; with bytes=true the plain decimal number. */
char *format_size(uint64_t size, bool bytes, char *buf, size_t len);
#define SIZE_BUFLEN 32
/* ISO 8601 UTC "2026-11-22T02:49:18Z" of seconds since the epoch; NULL when out of range. */
const char *format_time(int64_t sec, char *buf, size_t len);
/* Prints each warning of a layout as "pstorectl: VERB: warning: [WHAT: ]TEXT". */
void warn_layout(const struct pstore_layout *l, const char *what);

/* ---- record text (cli/escape.c, cli/textout.c) ---- */
/*
 * Write text that came from a record. On a terminal, control characters and escape
 * sequences are shown escaped (\x1b) and never executed; otherwise the bytes pass as they
 * are. Returns 0 or -errno.
 */
int write_record_text(FILE *f, const char *buf, size_t len, bool escape);

/*
 * One escaping rule for every string that came from outside (names, messages, config
 * values), on stdout and stderr alike: when f is a terminal, control characters, C1 and
 * invalid UTF-8 are shown as \xNN (tab kept, newline kept when keep_lines); otherwise the
 * bytes pass as they are. Returns 0 or -errno.
 */
int write_term(FILE *f, const char *buf, size_t len, bool keep_lines);
/* printf through write_term(keep_lines): for lines that print names or values. */
int tprintf(FILE *f, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Is f a terminal? (cached for stdin, stdout, stderr) */
bool term_stream(FILE *f);

#define TEXTOUT_CHUNK (256u << 10)
/* How textout_copy() passes a record's text on to stdout. */
struct textout {
	bool escape; /* escape control characters (stdout is a terminal) */
	/*
	 * When set, the text goes to line() a line at a time (its newline included,
	 * if any) instead of to stdout; line() writes what it keeps. A line longer
	 * than chunk bytes comes in pieces.
	 */
	int (*line)(const void *data, const char *line, size_t len);
	const void *data;
	size_t chunk; /* bytes read at a time; 0: TEXTOUT_CHUNK */
};
/*
 * Copies a reader to stdout. With neither escaping nor line() the bytes go as they are,
 * without a copy through user space (pstore_reader_copy). Returns 0 or -errno.
 */
int textout_copy(struct pstore_reader *rd, const struct textout *o);

/* ---- record selection (cli/select.c) ---- */
/*
 * --boot N|ID and --archive DIR (ls, cat, info, reason, view): read the records of an
 * archived boot (pstore_archive_find()) instead of the pstore mount; open_records() uses
 * them. boot_opts_parse(): 1 when @c was ours, 0 when not.
 */
enum { OPT_BOOT = CHAR_MAX + 280, OPT_BOOT_ARCHIVE };
#define BOOT_LONGOPTS                                                                    \
	{ "boot",    required_argument, NULL, OPT_BOOT },                                  \
	{ "archive", required_argument, NULL, OPT_BOOT_ARCHIVE }
#define BOOT_HELP                                                                        \
	"      --boot N|ID        the records of an archived boot: 0 the newest, -1 the one\n" \
	"                         before, 1 the oldest, or a boot id (pstorectl boots)\n"       \
	"      --archive DIR      the archive --boot reads (default /var/lib/pstore)\n"
struct boot_select {
	const char *boot;
	const char *archive;
};
extern struct boot_select boot_source;
int boot_opts_parse(struct boot_select *b, int c, const char *arg);
/* The archive root: --archive, else pstorectl.conf's archive-dir, else the default. */
const char *archive_root(struct pstore_ctx *ctx, const char *given);

/* ---- configuration (cli/config.c) ----
 * /etc/pstorectl.conf, then /etc/pstorectl.conf.d/ *.conf in name order (a later file's
 * value wins), in the sysroot: "key = value" lines, '#' comments. The value of @key, or
 * NULL when no file sets it. Unknown keys and bad lines are warned about once. */
const char *config_get(struct pstore_ctx *ctx, const char *key);

/*
 * open_records: the record source (DIR from --dir, or the live pstore mount) and its
 * records. Returns 0, or a negative errno with the message in pstore_errmsg(ctx) (and,
 * when pstore is not mounted, an error_hint()); on failure nothing is left to free.
 */
int open_records(struct pstore_ctx *ctx, const char *dir, struct pstore_source **ret_src,
		 struct pstore_record ***ret_recs, size_t *ret_n);
/* The same, with the files that are not records too when @all_files (ls --all-files). */
int open_records_all(struct pstore_ctx *ctx, const char *dir, bool all_files,
		     struct pstore_source **ret_src, struct pstore_record ***ret_recs,
		     size_t *ret_n);
/* Frees what open_records returned. */
void close_records(struct pstore_source *src, struct pstore_record **recs, size_t n);
/*
 * pstore is empty, but the archive took the last boot's records at this boot
 * (pstorectl-archive.service, pstore_archive_this_boot()): replaces the source, records and count (closing
 * them) by that boot's records and returns its directory; NULL (nothing changed) when no
 * boot of the archive is this boot's. For `reason` and the reason line of `status`.
 */
const char *records_of_this_boots_archive(struct pstore_ctx *ctx, struct pstore_source **src,
					  struct pstore_record ***recs, size_t *n);
/*
 * select_records: marks sel[k] for every record that one of the names or types in
 * args[0..nargs) matches, and says which match nothing ("X: no such record", "TYPE: no
 * record of this type"). Returns how many matched nothing.
 */
size_t select_records(struct pstore_record **recs, size_t n, char *const *args, size_t nargs,
		      bool *sel);

/* ---- listings on libsmartcols (cli/table.c) ---- */
struct out_column {
	const char *name;
	double whint;
	int flags;     /* SCOLS_FL_* */
	int json_type; /* SCOLS_JSON_* */
	const char *help;
};

struct out_opts {
	bool json, raw, noheadings, bytes, output_all;
	const char *output; /* -o LIST, "+LIST" appends to the defaults */
};

/* Long options every listing takes; include with OUT_LONGOPTS and handle with out_parse_opt. */
enum {
	OPT_OUTPUT_ALL = CHAR_MAX + 100,
};
#define OUT_SHORTOPTS "Jo:rnb"
#define OUT_LONGOPTS                                                                     \
	{ "json", no_argument, NULL, 'J' }, { "output", required_argument, NULL, 'o' },     \
		{ "output-all", no_argument, NULL, OPT_OUTPUT_ALL },                       \
		{ "raw", no_argument, NULL, 'r' }, { "noheadings", no_argument, NULL, 'n' }, \
		{ "bytes", no_argument, NULL, 'b' }
/* Returns true when c was one of the listing options. */
bool out_parse_opt(struct out_opts *o, int c, const char *arg);
/* Help text for the listing options and the column list. */
void out_help(FILE *f, const struct out_column *cols, size_t ncols);

struct out_table {
	struct libscols_table *tb;
	const struct out_column *cols;
	size_t ncols;
	int map[64]; /* table column index -> cols[] index */
	int rmap[64]; /* cols[] index -> table column or -1 */
	size_t nshown;
	const struct out_opts *opts;
	struct out_rows *rows; /* the cells until printed (cli/table.c) */
};
/*
 * out_table_init: a table with the columns the options select (default_cols: comma list).
 * json_root names the JSON array ("records"). Unknown columns are a usage error (ret 2).
 */
int out_table_init(struct out_table *t, const struct out_column *cols, size_t ncols,
		   const char *default_cols, const struct out_opts *o, const char *json_root);
/* A new line: a handle for out_set() only, not a libsmartcols line. NULL: no memory. */
struct libscols_line *out_table_line(struct out_table *t);
/* Set cell of cols[] index ci; columns not shown are ignored. NULL data = empty/null. */
int out_set(struct out_table *t, struct libscols_line *ln, int ci, const char *data);
int out_set_u64(struct out_table *t, struct libscols_line *ln, int ci, uint64_t v);
int out_set_hex(struct out_table *t, struct libscols_line *ln, int ci, uint64_t v);
int out_set_size(struct out_table *t, struct libscols_line *ln, int ci, uint64_t v);
int out_set_bool(struct out_table *t, struct libscols_line *ln, int ci, bool v);
/* Prints and frees the table. Returns 0 or -errno. */
int out_table_print(struct out_table *t);
void out_table_free(struct out_table *t);

/* ---- a small JSON writer for output that is not a table (cli/json.c) ---- */
struct json {
	FILE *f;
	int depth;
	bool need_comma[32];
};
void json_init(struct json *j, FILE *f);
void json_open(struct json *j, const char *key);       /* { ; key may be NULL */
void json_close(struct json *j);                       /* } */
void json_open_array(struct json *j, const char *key); /* [ */
void json_close_array(struct json *j);                 /* ] */
void json_str(struct json *j, const char *key, const char *val); /* NULL -> null */
void json_strn(struct json *j, const char *key, const char *val, size_t len);
void json_u64(struct json *j, const char *key, uint64_t val);
void json_number(struct json *j, const char *key, const char *digits); /* as given */
void json_i64(struct json *j, const char *key, int64_t val);
void json_bool(struct json *j, const char *key, bool val);
void json_null(struct json *j, const char *key);
/* Ends the document with a newline. Returns 0, or -EIO when the stream failed. */
int json_finish(struct json *j);

#endif /* PSTORECTL_H */
