/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* pstorectl write: messages to /dev/pmsg0, for the next boot to read in pmsg-*-0. */
#include <errno.h>
#include <fcntl.h>
#include <spawn.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "pstorectl.h"

static void usage(FILE *f)
{
	fputs("Usage: pstorectl write [OPTIONS] [MESSAGE...]\n"
	      "       pstorectl write --marker EVENT\n"
	      "\n"
	      "Write messages to /dev/pmsg0; after a crash or reboot they are in the record\n"
	      "pmsg-<backend>-0. Each MESSAGE argument is one message (quote spaces); without\n"
	      "arguments each line of standard input is one message. Every message is one\n"
	      "write(2) and ends with a newline.\n"
	      "\n"
	      "With --marker, write the structured line pstorectl reason reads back at the next\n"
	      "boot: \"pstorectl: EVENT boot_id=ID time=ISO uptime=SEC\". EVENT is boot (early at\n"
	      "every boot: RAM survived), reboot, poweroff, halt or kexec (just before it).\n"
	      "EVENT shutdown is the one systemd is performing: the first of kexec.target,\n"
	      "reboot.target, poweroff.target and halt.target whose start job is queued\n"
	      "(systemctl list-jobs); with none queued nothing is written\n"
	      "(pstorectl-marker.service's ExecStop).\n"
	      "\n"
	      "Options:\n"
	      "  -m, --marker EVENT     write a marker: boot, reboot, poweroff, halt, kexec,\n"
	      "                         shutdown\n"
	      "  -h, --help             show this help\n",
	      f);
}

static int put(struct pstore_ctx *ctx, int fd, const char *msg, size_t len)
{
	char *buf;
	int r;

	if (len > 0 && msg[len - 1] == '\n')
		return pstore_pmsg_write(ctx, fd, msg, len);
	buf = malloc(len + 1);
	if (!buf)
		return -ENOMEM;
	memcpy(buf, msg, len);
	buf[len] = '\n';
	r = pstore_pmsg_write(ctx, fd, buf, len + 1);
	free(buf);
	return r;
}

/* --marker shutdown: the marker value meaning "ask systemd". */
#define MARKER_SHUTDOWN _PSTORE_MARKER_MAX

/* The shutdown targets, in the order a queued one is taken when (oddly) several are. */
static const struct {
	const char *unit;
	enum pstore_marker_event event;
} shutdown_targets[] = {
	{ "kexec.target",    PSTORE_MARKER_KEXEC    },
	{ "reboot.target",   PSTORE_MARKER_REBOOT   },
	{ "poweroff.target", PSTORE_MARKER_POWEROFF },
	{ "halt.target",     PSTORE_MARKER_HALT     },
};

/*
 * The shutdown event of `systemctl list-jobs --no-legend` output ("ID UNIT TYPE STATE"
 * per line): the first shutdown target with a queued start job, or -1. The jobs list,
 * not is-active: a target is still inactive while its start job waits for the units it
 * conflicts with (this one among them) to stop.
 */
static int shutdown_from_jobs(const char *buf)
{
	bool queued[ARRAY_SIZE(shutdown_targets)] = { false };

	for (const char *l = buf; l && *l; l = strchr(l, '\n') ? strchr(l, '\n') + 1 : NULL) {
		char unit[256], type[32];

		if (sscanf(l, "%*u %255s %31s", unit, type) != 2 || !streq(type, "start"))
			continue;
		for (size_t i = 0; i < ARRAY_SIZE(shutdown_targets); i++)
			if (streq(unit, shutdown_targets[i].unit))
				queued[i] = true;
	}
	for (size_t i = 0; i < ARRAY_SIZE(shutdown_targets); i++)
		if (queued[i])
			return (int)shutdown_targets[i].event;
	return -1;
}

/*
 * Asks systemd (systemctl from PATH; as root it talks to PID 1's private socket, which
 * answers while the system goes down) which shutdown is queued. Returns the event, -1
 * when none is, or EXIT_FAIL-style -2 after a message when systemctl cannot say.
 */
static int shutdown_event(void)
{
	char *args[] = { (char *)"systemctl", (char *)"list-jobs", (char *)"--no-legend",
			 (char *)"--no-pager", (char *)"--full", NULL };
	posix_spawn_file_actions_t fa;
	struct strbuf out = {};
	int p[2], status, r;
	pid_t pid;
	char buf[4096];
	ssize_t n;

	if (pipe2(p, O_CLOEXEC) < 0)
		return warnx_("pipe: %s", strerror(errno)), -2;
	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_adddup2(&fa, p[1], STDOUT_FILENO);
	r = posix_spawnp(&pid, "systemctl", &fa, NULL, args, environ);
	posix_spawn_file_actions_destroy(&fa);
	close(p[1]);
	if (r != 0) {
		close(p[0]);
		return warnx_("systemctl: %s: cannot tell which shutdown is queued", strerror(r)),
		       -2;
	}
	while ((n = read(p[0], buf, sizeof(buf))) > 0 || (n < 0 && errno == EINTR))
		if (n > 0)
			strbuf_append(&out, buf, (size_t)n);
	close(p[0]);
	while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
		;
	/* 127: the child could not run systemctl (where posix_spawn forks, as under valgrind,
	 * a missing program is said this way, not by posix_spawn's return) */
	if (WIFEXITED(status) && WEXITSTATUS(status) == 127 && out.len == 0) {
		strbuf_free(&out);
		return warnx_("systemctl: %s: cannot tell which shutdown is queued",
			      strerror(ENOENT)),
		       -2;
	}
	if (!WIFEXITED(status) || WEXITSTATUS(status) != 0 || strbuf_failed(&out)) {
		strbuf_free(&out);
		return warnx_("systemctl list-jobs failed: cannot tell which shutdown is queued"),
		       -2;
	}
	r = shutdown_from_jobs(out.len ? out.buf : "");
	strbuf_free(&out);
	return r;
}

static int run(struct pstore_ctx *ctx, int argc, char *argv[])
{
	static const struct option longopts[] = {
		{ "marker", required_argument, NULL, 'm' },
		{ "help",   no_argument,       NULL, 'h' },
		{}
	};
	int c, r, fd = -1, status = EXIT_OK, marker = -1;

	while ((c = getopt_long(argc, argv, "m:h", longopts, NULL)) != -1) {
		switch (c) {
		case 'm':
			marker = streq(optarg, "shutdown") ? MARKER_SHUTDOWN
							   : pstore_marker_event_from_string(optarg);
			if (marker < 0)
				return usage_error("--marker: unknown event '%s' (boot, reboot, "
						   "poweroff, halt, kexec, shutdown)", optarg);
			break;
		default:
			return help_or_usage_error(c, usage);
		}
	}
	if (marker >= 0 && optind < argc)
		return usage_error("--marker takes no message");
	if (marker == MARKER_SHUTDOWN) {
		marker = shutdown_event();
		if (marker == -2)
			return EXIT_FAIL;
		if (marker < 0) {
			/* The unit stopped by hand, or a package upgrade: no shutdown to record. */
			warnx_("no shutdown (reboot, poweroff, halt or kexec.target) is queued in "
			       "systemd: no marker written");
			return EXIT_OK;
		}
	}
	r = pstore_pmsg_open(ctx, &fd);
	if (r < 0)
		return lib_error(ctx, r);
	if (marker >= 0) {
		r = pstore_marker_write(ctx, fd, marker, NULL);
		if (r < 0)
			status = lib_error(ctx, r);
	} else if (optind < argc) {
		for (int i = optind; i < argc && status == EXIT_OK; i++) {
			r = put(ctx, fd, argv[i], strlen(argv[i]));
			if (r < 0)
				status = lib_error(ctx, r);
		}
	} else {
		char *line = NULL;
		size_t cap = 0;
		ssize_t len;

		while (status == EXIT_OK && (len = getline(&line, &cap, stdin)) > 0) {
			r = put(ctx, fd, line, (size_t)len);
			if (r < 0)
				status = lib_error(ctx, r);
		}
		if (ferror(stdin)) {
			warnx_("standard input: %s", strerror(errno));
			status = EXIT_FAIL;
		}
		free(line);
	}
	close(fd);
	return status;
}

const struct pstorectl_cmd cmd_write = {
	.name = "write",
	.help = "write a message to /dev/pmsg0 for the next boot",
	.run = run,
};
