/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * pstorectl tail: the last lines of the console record (or of the newest dmesg dump),
 * read from the end of the file; -f prints new records as they appear.
 */
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/inotify.h>
#include <unistd.h>

#include "imageopts.h"
#include "pstorectl.h"

/* Read size when escaping: where a multi-byte character is cut (and shown escaped). */
#define BUFSZ (128u << 10)

static void usage(FILE *f)
{
	fputs("Usage: pstorectl tail [OPTIONS] [RECORD|TYPE]\n"
	      "\n"
	      "Print the last lines of a record: by default the console record, or the newest\n"
	      "dmesg dump when there is no console record. The ECC notice is left out.\n"
	      "\n"
	      "Options:\n"
	      "  -d, --dir DIR          read records from DIR instead of the pstore mount\n"
	      "  -n, --lines [+]N       the last N lines (default 10); +N: from line N on;\n"
	      "                         -N is -n N\n"
	      "  -f, --follow           then wait for new records and print them as they\n"
	      "                         appear (inotify, and a rescan every second)\n"
	      "  -h, --help             show this help\n",
	      f);
	image_opts_help(f, true);
}

/* The record to show: @what, else console, else the newest dmesg dump. */
static struct pstore_record *pick(struct pstore_record **recs, size_t n, const char *what)
{
	struct pstore_record *best = NULL;

	if (what) {
		for (size_t i = 0; i < n; i++) {
			int64_t t, bt;

			if (!pstore_record_matches(recs[i], what))
				continue;
			/* several (a type): the newest */
			if (!best || (pstore_record_get_mtime(recs[i]) >
				      pstore_record_get_mtime(best)) ||
			    (pstore_record_get_time(recs[i], &t) == 0 &&
			     pstore_record_get_time(best, &bt) == 0 && t > bt))
				best = recs[i];
		}
		return best;
	}
	for (size_t i = 0; i < n; i++)
		if (pstore_record_get_type(recs[i]) == PSTORE_TYPE_CONSOLE &&
		    (!best || pstore_record_get_mtime(recs[i]) > pstore_record_get_mtime(best)))
			best = recs[i];
	if (best)
		return best;
	/* of a dump split in parts (EFI), part 1: it holds the end */
	if (pstore_dump_newest(recs, n, &best) < 0)
		best = NULL;
	return best;
}

/* tail -n +N: the lines from line N on. */
struct from_line {
	uint64_t from, cur; /* 1-based */
	bool escape;
};

static int put_from(const void *data, const char *line, size_t len)
{
	struct from_line *fl = (struct from_line *)data;
	bool skip = fl->cur < fl->from;

	/* a line longer than a chunk comes in pieces: only its end counts */
	if (len && line[len - 1] == '\n')
		fl->cur++;
	return skip ? 0 : write_record_text(stdout, line, len, fl->escape);
}

static int print_from(struct pstore_ctx *ctx, struct pstore_record *rec, uint64_t from,
		      bool escape)
{
	struct from_line fl = { .from = from, .cur = 1, .escape = escape };
	struct pstore_reader *rd = NULL;
	int r;

	r = pstore_record_open(ctx, rec, PSTORE_READ_INFLATE | PSTORE_READ_STRIP_ECC, &rd);
	if (r < 0)
		return r;
	r = textout_copy(rd, &(const struct textout){
				     .escape = escape, .line = put_from, .data = &fl,
				     .chunk = BUFSZ });
	pstore_reader_free(rd);
	return r;
}

static int print_tail(struct pstore_ctx *ctx, struct pstore_record *rec, uint64_t lines,
		      bool escape)
{
	struct pstore_reader *rd = NULL;
	int r;

	r = pstore_record_open_tail(ctx, rec, PSTORE_READ_INFLATE | PSTORE_READ_STRIP_ECC, lines,
				    &rd);
	if (r < 0)
		return r;
	r = textout_copy(rd, &(const struct textout){ .escape = escape, .chunk = BUFSZ });
	pstore_reader_free(rd);
	return r;
}

/*
 * -N (coreutils' old form of -n N): taken out of argv before getopt sees it. Returns the
 * new argc; *lines is set when there was one.
 */
static int take_dash_number(int argc, char *argv[], uint64_t *lines)
{
	int out = 1;

	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];

		if (streq(a, "--")) {
			while (i < argc)
				argv[out++] = argv[i++];
			break;
		}
		if (a[0] == '-' && a[1] >= '0' && a[1] <= '9' &&
		    strspn(a + 1, "0123456789") == strlen(a + 1) &&
		    pstore_parse_u64(a + 1, lines) == 0)
			continue;
		argv[out++] = argv[i];
		/* the value of an option that takes one is never a -N */
		if ((streq(a, "-d") || streq(a, "--dir") || streq(a, "-n") || streq(a, "--lines")) &&
		    i + 1 < argc)
			argv[out++] = argv[++i];
	}
	argv[out] = NULL;
	return out;
}

static bool seen_has(char **seen, size_t nseen, const char *name)
{
	for (size_t i = 0; i < nseen; i++)
		if (streq(seen[i], name))
			return true;
	return false;
}

static void seen_free(char **seen, size_t nseen)
{
	for (size_t i = 0; i < nseen; i++)
		free(seen[i]);
	free(seen);
}

/* *seen becomes the names of @recs. */
static int seen_set(char ***seen, size_t *nseen, struct pstore_record **recs, size_t n)
{
	char **ns = calloc(n + 1, sizeof(*ns));

	if (!ns)
		return -ENOMEM;
	for (size_t i = 0; i < n; i++) {
		ns[i] = strdup(pstore_record_get_name(recs[i]));
		if (!ns[i]) {
			seen_free(ns, i);
			return -ENOMEM;
		}
	}
	seen_free(*seen, *nseen);
	*seen = ns;
	*nseen = n;
	return 0;
}

static volatile sig_atomic_t stop;
static void on_signal(int sig)
{
	(void)sig;
	stop = 1;
}

static int follow(struct pstore_ctx *ctx, struct pstore_source *src, struct pstore_record **recs,
		  size_t n, bool escape)
{
	const char *wd = pstore_source_get_watch_dir(src);
	char **seen = NULL;
	size_t nseen = 0;
	int ifd = -1, r = 0;
	struct sigaction sa = { .sa_handler = on_signal };

	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	r = seen_set(&seen, &nseen, recs, n);
	if (r < 0)
		return r;
	if (wd) {
		ifd = inotify_init1(IN_NONBLOCK | IN_CLOEXEC);
		if (ifd >= 0 &&
		    inotify_add_watch(ifd, wd, IN_CREATE | IN_MOVED_TO | IN_MODIFY |
						       IN_CLOSE_WRITE) < 0) {
			close(ifd);
			ifd = -1;
		}
	}
	fflush(stdout);
	while (!stop && r == 0) {
		struct pollfd pfd = { .fd = ifd, .events = POLLIN };
		struct pstore_record **now = NULL;
		size_t nn = 0;
		int pr;

		/* pstorefs may add records without an inotify event (pstore.update_ms
		 * rescans the backend): look again every second anyway. */
		pr = poll(&pfd, ifd >= 0 ? 1 : 0, 1000);
		if (pr < 0 && errno != EINTR) {
			r = -errno;
			break;
		}
		if (stop)
			break;
		if (pr > 0) {
			char ev[4096];

			while (read(ifd, ev, sizeof(ev)) > 0)
				;
			/* let a writer finish the file it just created */
			usleep(50000);
		}
		if (pstore_source_list(src, &now, &nn) < 0)
			continue;
		for (size_t i = 0; i < nn && r == 0; i++) {
			const char *name = pstore_record_get_name(now[i]);

			if (seen_has(seen, nseen, name))
				continue;
			if (tprintf(stdout, "\n==> %s <==\n", name) < 0) {
				r = -EIO;
				break;
			}
			r = print_tail(ctx, now[i], UINT64_MAX, escape);
			if (r < 0 && r != -EPIPE && r != -EIO) {
				lib_error(ctx, r);
				r = 0;
			}
			fflush(stdout);
			if (ferror(stdout))
				r = -EIO;
		}
		/* What is there now is what was seen: a record erased and made again under
		 * the same name (ramoops reuses its zones' ids) is new and gets printed. */
		if (r == 0)
			r = seen_set(&seen, &nseen, now, nn);
		pstore_record_list_free(now, nn);
	}
	seen_free(seen, nseen);
	if (ifd >= 0)
		close(ifd);
	return r;
}

static int run(struct pstore_ctx *ctx, int argc, char *argv[])
{
	static const struct option longopts[] = {
		{ "dir",    required_argument, NULL, 'd' },
		{ "lines",  required_argument, NULL, 'n' },
		{ "follow", no_argument,       NULL, 'f' },
		{ "help",   no_argument,       NULL, 'h' },
		IMAGE_LONGOPTS,
		{}
	};
	const char *dir = NULL, *what = NULL;
	struct pstore_source *src = NULL;
	struct pstore_record **recs = NULL, *rec;
	uint64_t lines = 10, from = 0;
	bool follow_ = false, escape;
	size_t n = 0;
	int c, r, status = EXIT_OK;

	argc = take_dash_number(argc, argv, &lines);
	while ((c = getopt_long(argc, argv, "d:n:fh", longopts, NULL)) != -1) {
		if ((r = image_opts_parse(&image_source, c, optarg)) != 0) {
			if (r < 0)
				return EXIT_USAGE;
			continue;
		}
		switch (c) {
		case 'd':
			dir = optarg;
			break;
		case 'n':
			/* as coreutils: +N is "from line N on" */
			if (optarg[0] == '+') {
				if (opt_u64("lines", optarg + 1, &from) < 0)
					return EXIT_USAGE;
				from = from ? from : 1;
			} else {
				from = 0;
				if (opt_u64("lines", optarg, &lines) < 0)
					return EXIT_USAGE;
			}
			break;
		case 'f':
			follow_ = true;
			break;
		default:
			return help_or_usage_error(c, usage);
		}
	}
	if (argc - optind > 1)
		return usage_error("one record at a time");
	if (optind < argc)
		what = argv[optind];
	escape = isatty(STDOUT_FILENO);

	r = open_records(ctx, dir, &src, &recs, &n);
	if (r < 0)
		return lib_error(ctx, r);
	rec = pick(recs, n, what);
	if (rec) {
		r = from ? print_from(ctx, rec, from, escape) : print_tail(ctx, rec, lines, escape);
		if (r < 0 && r != -EPIPE) {
			fflush(stdout);
			status = lib_error(ctx, r);
		}
	} else if (what) {
		warnx_("%s: no such record", what);
		status = EXIT_FAIL;
	} else if (!follow_) {
		warnx_("no console or dmesg record in %s", pstore_source_get_path(src));
		status = EXIT_FAIL;
	}
	if (follow_ && status == EXIT_OK) {
		r = follow(ctx, src, recs, n, escape);
		if (r < 0 && r != -EPIPE && r != -EIO)
			status = lib_error(ctx, r);
	}
	close_records(src, recs, n);
	return status;
}

const struct pstorectl_cmd cmd_tail = {
	.name = "tail",
	.help = "print the end of a record, or follow new ones",
	.run = run,
};
