/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * pstorectl info: the crash summary of the newest (or the named) dump, as coredumpctl
 * info gives for user-space crashes: what went wrong, where, in which process, the call
 * trace and the modules.
 */
#include <ctype.h>
#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "pstorectl.h"

static void usage(FILE *f)
{
	fputs("Usage: pstorectl info [OPTIONS] [RECORD|TYPE]\n"
	      "\n"
	      "Show the crash summary of the newest dmesg dump, or of the named record (a dmesg\n"
	      "or console record): the panic/oops/BUG line, the process and PID, the CPU, the\n"
	      "taint flags spelled out, the kernel version, the faulting PC, the call trace, the\n"
	      "modules linked in and the hardware name. x86_64 and arm64 reports are read.\n"
	      "\n"
	      "Options:\n"
	      "  -d, --dir DIR          read records from DIR instead of the pstore mount\n"
	      "  -J, --json             JSON output\n"
	      BOOT_HELP
	      "  -h, --help             show this help\n",
	      f);
}

/* The newest dump among the selected records (all when sel is NULL): by the time the
 * kernel stored it, then the lowest part. Records without a header come last. */
static struct pstore_record *pick(struct pstore_record **recs, size_t n, const bool *sel)
{
	struct pstore_record *best = NULL, *other = NULL;
	struct pstore_dmesg_header bh = PSTORE_STRUCT_INIT(struct pstore_dmesg_header);
	int64_t bt = 0;

	for (size_t i = 0; i < n; i++) {
		struct pstore_dmesg_header h = PSTORE_STRUCT_INIT(struct pstore_dmesg_header);
		int64_t t = 0;

		if (sel && !sel[i])
			continue;
		if (pstore_record_get_type(recs[i]) != PSTORE_TYPE_DMESG ||
		    pstore_record_get_dmesg_header(recs[i], &h) < 0) {
			if (sel && !other)
				other = recs[i];
			continue;
		}
		pstore_record_get_time(recs[i], &t);
		if (!best || t > bt || (t == bt && h.part < bh.part)) {
			best = recs[i];
			bh = h;
			bt = t;
		}
	}
	return best ? best : other;
}

static void print_json(struct pstore_record *rec, const struct pstore_crash *c, struct json *j)
{
	struct pstore_dmesg_header h = PSTORE_STRUCT_INIT(struct pstore_dmesg_header);
	char tbuf[64];
	int64_t t;

	json_open(j, NULL);
	json_str(j, "record", pstore_record_get_name(rec));
	if (pstore_record_get_dmesg_header(rec, &h) == 0) {
		json_str(j, "reason", pstore_reason_to_string(h.reason));
		json_i64(j, "count", h.count);
		json_u64(j, "part", h.part);
	}
	if (pstore_record_get_time(rec, &t) == 0)
		json_str(j, "time", format_time(t, tbuf, sizeof(tbuf)));
	else
		json_null(j, "time");
	json_str(j, "kind", c->kind);
	json_str(j, "cause", c->cause);
	json_str(j, "headline", c->headline);
	json_str(j, "panic", c->panic);
	json_str(j, "oops", c->oops);
	json_str(j, "arch", c->arch);
	json_str(j, "process", c->process);
	if (c->pid >= 0)
		json_i64(j, "pid", c->pid);
	else
		json_null(j, "pid");
	if (c->cpu >= 0)
		json_i64(j, "cpu", c->cpu);
	else
		json_null(j, "cpu");
	if (c->taint) {
		json_open_array(j, "taint");
		for (size_t i = 0; i < c->n_taints; i++) {
			json_open(j, NULL);
			json_strn(j, "flag", &c->taints[i].flag, 1);
			json_str(j, "meaning", c->taints[i].meaning);
			json_close(j);
		}
		json_close_array(j);
	} else {
		json_null(j, "taint");
	}
	json_str(j, "kernel", c->kernel_release);
	json_str(j, "kernel_version", c->kernel_version);
	json_str(j, "hardware", c->hardware);
	if (c->pc) {
		json_open(j, "pc");
		json_str(j, "text", c->pc);
		json_str(j, "symbol", c->pc_symbol);
		if (c->pc_symbol) {
			json_u64(j, "offset", c->pc_offset);
			json_u64(j, "size", c->pc_size);
		}
		json_str(j, "module", c->pc_module);
		json_bool(j, "user", c->pc_user);
		json_close(j);
	} else {
		json_null(j, "pc");
	}
	json_open_array(j, "call_trace");
	for (size_t i = 0; i < c->n_frames; i++) {
		const struct pstore_crash_frame *f = c->frames[i];

		json_open(j, NULL);
		json_str(j, "symbol", f->symbol);
		json_u64(j, "offset", f->offset);
		json_u64(j, "size", f->size);
		json_str(j, "module", f->module);
		json_bool(j, "reliable", f->reliable);
		json_close(j);
	}
	json_close_array(j);
	json_open_array(j, "modules");
	for (size_t i = 0; i < c->n_modules; i++)
		json_str(j, NULL, c->modules[i]);
	json_close_array(j);
	json_close(j);
}

static void print_human(struct pstore_record *rec, const struct pstore_crash *c)
{
	struct pstore_dmesg_header h = PSTORE_STRUCT_INIT(struct pstore_dmesg_header);
	char tbuf[64];
	int64_t t;

	/* the crash report's text came from outside: escaped on a terminal */
	tprintf(stdout, "Record:     %s", pstore_record_get_name(rec));
	if (pstore_record_get_dmesg_header(rec, &h) == 0) {
		const char *why = pstore_reason_to_string(h.reason);

		printf(" (%c%s#%d Part%u", toupper((unsigned char)why[0]), why + 1, h.count, h.part);
		if (pstore_record_get_time(rec, &t) == 0)
			printf(", %s", format_time(t, tbuf, sizeof(tbuf)));
		printf(")");
	}
	printf("\n");
	tprintf(stdout, "Problem:    %s\n", c->headline);
	tprintf(stdout, "Kind:       %s%s%s%s\n", c->kind, c->cause ? " (" : "",
		c->cause ? c->cause : "", c->cause ? ")" : "");
	if (c->panic)
		tprintf(stdout, "Panic:      %s\n", c->panic);
	if (c->oops)
		tprintf(stdout, "Oops:       %s\n", c->oops);
	if (c->process)
		tprintf(stdout, "Process:    %s (PID %d)\n", c->process, c->pid);
	if (c->cpu >= 0)
		printf("CPU:        %d\n", c->cpu);
	if (c->taint) {
		if (!c->n_taints)
			printf("Tainted:    no\n");
		for (size_t i = 0; i < c->n_taints; i++)
			tprintf(stdout, "%s %c: %s\n", i ? "           " : "Tainted:   ",
				c->taints[i].flag, c->taints[i].meaning);
	}
	if (c->kernel_release)
		tprintf(stdout, "Kernel:     %s%s%s\n", c->kernel_release,
			c->kernel_version ? " " : "", c->kernel_version ? c->kernel_version : "");
	if (c->arch)
		tprintf(stdout, "Arch:       %s\n", c->arch);
	if (c->hardware)
		tprintf(stdout, "Hardware:   %s\n", c->hardware);
	if (c->pc)
		tprintf(stdout, "PC:         %s%s\n", c->pc, c->pc_user ? " (user space)" : "");
	if (c->n_modules) {
		printf("Modules:   ");
		for (size_t i = 0; i < c->n_modules; i++)
			tprintf(stdout, " %s", c->modules[i]);
		printf("\n");
	}
	if (c->n_frames) {
		printf("Call trace:\n");
		for (size_t i = 0; i < c->n_frames; i++)
			tprintf(stdout, "  %s %s\n", c->frames[i]->reliable ? " " : "?",
				c->frames[i]->text + (c->frames[i]->reliable ? 0 : 2));
	}
}

static int run(struct pstore_ctx *ctx, int argc, char *argv[])
{
	static const struct option longopts[] = {
		{ "dir",  required_argument, NULL, 'd' },
		{ "json", no_argument,       NULL, 'J' },
		{ "help", no_argument,       NULL, 'h' },
		BOOT_LONGOPTS,
		{}
	};
	const char *dir = NULL;
	bool json = false;
	struct pstore_source *src = NULL;
	struct pstore_record **recs = NULL, *rec;
	struct pstore_crash *crash = NULL;
	_cleanup_free_ bool *sel = NULL;
	size_t n = 0;
	int c, r, status = EXIT_OK;

	while ((c = getopt_long(argc, argv, "d:Jh", longopts, NULL)) != -1) {
		if (boot_opts_parse(&boot_source, c, optarg))
			continue;
		switch (c) {
		case 'd':
			dir = optarg;
			break;
		case 'J':
			json = true;
			break;
		default:
			return help_or_usage_error(c, usage);
		}
	}
	if (argc - optind > 1)
		return usage_error("unexpected argument '%s'", argv[optind + 1]);

	r = open_records(ctx, dir, &src, &recs, &n);
	if (r < 0)
		return lib_error(ctx, r);
	if (optind < argc) {
		sel = calloc(n ? n : 1, sizeof(*sel));
		if (!sel) {
			close_records(src, recs, n);
			return lib_error(ctx, -ENOMEM);
		}
		if (select_records(recs, n, argv + optind, 1, sel)) {
			close_records(src, recs, n);
			return EXIT_FAIL;
		}
	}
	rec = pick(recs, n, sel);
	if (!rec) {
		warnx_("no dmesg dump: nothing crashed, or the records were cleared");
		close_records(src, recs, n);
		return EXIT_FAIL;
	}
	r = pstore_crash_from_record(ctx, rec, &crash);
	if (r == -ENODATA) {
		warnx_("%s: no crash report in this record", pstore_record_get_name(rec));
		close_records(src, recs, n);
		return EXIT_FAIL;
	}
	if (r < 0) {
		close_records(src, recs, n);
		return lib_error_what(ctx, r, pstore_record_get_name(rec));
	}
	if (json) {
		struct json j;

		json_init(&j, stdout);
		print_json(rec, crash, &j);
		if (json_finish(&j) < 0)
			status = EXIT_FAIL;
	} else {
		print_human(rec, crash);
	}
	pstore_crash_free(crash);
	close_records(src, recs, n);
	return status;
}

const struct pstorectl_cmd cmd_info = {
	.name = "info",
	.help = "show the crash summary of the newest dump",
	.run = run,
};
