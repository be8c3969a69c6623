/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * pstorectl reason: why did the last boot end? The answer (panic,sysrq, reboot,
 * power-loss...), how sure it is, the evidence, and what this set-up cannot tell.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "pstorectl.h"

static void usage(FILE *f)
{
	fputs("Usage: pstorectl reason [OPTIONS]\n"
	      "\n"
	      "Say why the last boot ended: panic[,DETAIL], oops, watchdog, reboot, poweroff,\n"
	      "halt, kexec, power-loss, reset or unknown; how sure that is (certain, likely,\n"
	      "guess); the evidence (which record or file said what); and what this kernel's\n"
	      "set-up can and cannot tell, with what would make it tell.\n"
	      "\n"
	      "Options:\n"
	      "  -d, --dir DIR          read records from DIR instead of the pstore mount\n"
	      "  -J, --json             JSON output\n"
	      BOOT_HELP
	      "  -h, --help             show this help\n",
	      f);
}

/* The names of the ends the set-up can (or cannot) tell, comma separated. */
static void print_caps(const struct pstore_capabilities *caps, bool can)
{
	bool first = true;

	for (size_t i = 0; i < pstore_capabilities_count(caps); i++) {
		const struct pstore_capability *c = pstore_capabilities_get(caps, i);

		if (c->can_tell != can)
			continue;
		printf("%s%s", first ? "" : ", ", pstore_boot_end_to_string(c->end));
		first = false;
	}
	printf("%s\n", first ? "-" : "");
}

static void json_caps(struct json *j, const char *key, const struct pstore_capabilities *caps,
		      bool can)
{
	json_open_array(j, key);
	for (size_t i = 0; i < pstore_capabilities_count(caps); i++) {
		const struct pstore_capability *c = pstore_capabilities_get(caps, i);

		if (c->can_tell == can)
			json_str(j, NULL, pstore_boot_end_to_string(c->end));
	}
	json_close_array(j);
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
	const char *dir = NULL, *hint, *id;
	bool json = false;
	struct pstore_source *src = NULL;
	struct pstore_record **recs = NULL;
	struct pstore_boot_reason *br = NULL;
	const struct pstore_capabilities *caps;
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
	if (optind < argc)
		return usage_error("unexpected argument '%s'", argv[optind]);

	r = open_records(ctx, dir, &src, &recs, &n);
	if (r < 0) {
		if (dir)
			return lib_error(ctx, r);
		/* Without records a watchdog may still tell. */
		warnx_("warning: %s", pstore_errmsg(ctx) ? pstore_errmsg(ctx) : strerror(-r));
		pstore_clear_error(ctx);
	}
	if (n == 0 && !dir && !boot_source.boot) {
		const char *from = records_of_this_boots_archive(ctx, &src, &recs, &n);

		if (from)
			warnx_("note: pstore is empty: reading the records archived at this boot, %s",
			       from);
	}
	r = pstore_boot_reason_find(ctx, recs, n, &br);
	if (r < 0) {
		close_records(src, recs, n);
		return lib_error(ctx, r);
	}
	caps = pstore_boot_reason_get_capabilities(br);
	hint = pstore_boot_reason_get_hint(br);
	id = pstore_boot_reason_get_boot_id(br);

	if (json) {
		struct json j;

		json_init(&j, stdout);
		json_open(&j, NULL);
		json_str(&j, "reason", pstore_boot_reason_get_string(br));
		json_str(&j, "class", pstore_boot_end_to_string(pstore_boot_reason_get_end(br)));
		json_str(&j, "detail", pstore_boot_reason_get_detail(br));
		json_str(&j, "confidence",
			 pstore_confidence_to_string(pstore_boot_reason_get_confidence(br)));
		json_str(&j, "boot_id", id);
		json_str(&j, "record", pstore_boot_reason_get_record(br));
		json_open_array(&j, "evidence");
		for (size_t i = 0; i < pstore_boot_reason_evidence_count(br); i++) {
			const struct pstore_evidence *e = pstore_boot_reason_get_evidence(br, i);

			json_open(&j, NULL);
			json_str(&j, "source", e->source);
			json_str(&j, "says", e->says);
			json_close(&j);
		}
		json_close_array(&j);
		json_caps(&j, "can_tell", caps, true);
		json_caps(&j, "cannot_tell", caps, false);
		json_str(&j, "hint", hint);
		json_close(&j);
		if (json_finish(&j) < 0)
			status = EXIT_FAIL;
	} else {
		printf("Reason:      %s (%s)\n", pstore_boot_reason_get_string(br),
		       pstore_confidence_to_string(pstore_boot_reason_get_confidence(br)));
		for (size_t i = 0; i < pstore_boot_reason_evidence_count(br); i++) {
			const struct pstore_evidence *e = pstore_boot_reason_get_evidence(br, i);

			/* what a record says is text from outside: escaped on a terminal */
			tprintf(stdout, "%s %s: %s\n", i ? "            " : "Evidence:   ", e->source,
				e->says);
		}
		if (id)
			tprintf(stdout, "Boot:        %s (journalctl -b %s)\n", id, id);
		if (pstore_boot_reason_get_record(br) &&
		    (pstore_boot_reason_get_end(br) == PSTORE_END_PANIC ||
		     pstore_boot_reason_get_end(br) == PSTORE_END_OOPS))
			tprintf(stdout, "Details:     pstorectl info %s\n",
				pstore_boot_reason_get_record(br));
		printf("Can tell:    ");
		print_caps(caps, true);
		printf("Cannot tell: ");
		print_caps(caps, false);
		if (hint) {
			tprintf(stdout, "Hint:        %s\n", hint);
			if (strstr(hint, "marker"))
				printf("             (pstorectl write --marker EVENT writes the markers)\n");
		}
	}
	pstore_boot_reason_free(br);
	close_records(src, recs, n);
	return status;
}

const struct pstorectl_cmd cmd_reason = {
	.name = "reason",
	.help = "say why the last boot ended, with the evidence",
	.run = run,
};
