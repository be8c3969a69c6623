/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Private to lib/reason*.c. The reason engine reads in a straight line:
 *   reason-evidence.c (what survived: markers, the console, watchdogs' boot status)
 *   <- reason-caps.c (what the kernel's set-up can tell) <- reason.c (the classification).
 */
#ifndef LIBPSTORE_REASON_H
#define LIBPSTORE_REASON_H

#include "internal.h"

/* ---- the evidence readers (lib/reason-evidence.c) ---- */

/* A copy of @len bytes of record text with control characters turned into '?'. */
char *reason_clean_dup(const char *s, size_t len);

/* What survived of the boot that ended in the pmsg and console records. */
struct reason_survivors {
	struct pstore_marker **markers; /* of the last pmsg record (one boot's) */
	size_t nmarkers;
	const struct pstore_marker *last; /* the last marker, or NULL */
	const struct pstore_marker *boot; /* the last boot marker, or NULL */
	struct pstore_record *pmsg_rec;   /* the last pmsg record, or NULL */
	struct pstore_record *console_rec; /* the last console record read, or NULL */
	char *console;                    /* its text (NULL when the last one was unreadable) */
	size_t console_len;
	bool console_panic; /* the console shows "Kernel panic - not syncing" */
	bool survived;      /* a console or pmsg record: RAM survived the reset */
};
void reason_survivors_read(struct pstore_ctx *ctx, struct pstore_record *const *recs, size_t n,
			   struct reason_survivors *sv);
void reason_survivors_done(struct reason_survivors *sv);

/*
 * How the log in @buf ends, from its last lines ("reboot: Restarting system", "Starting
 * new kernel"...), with the line in *ret_line (may be NULL); PSTORE_END_UNKNOWN when none
 * says.
 */
enum pstore_boot_end reason_shutdown_line(const char *buf, size_t len, char **ret_line);
/* The last non-empty line of @buf (at most 200 bytes), for evidence. */
char *reason_last_line(const char *buf, size_t len);

/* The number of watchdogs in /sys/class/watchdog that report a boot status. */
size_t reason_count_watchdogs(struct pstore_ctx *ctx);

struct reason_watchdog {
	char name[64];     /* "watchdog0" */
	char identity[64]; /* "i6300ESB timer", or "" */
	unsigned long status;
	bool archived; /* from an archived boot's reason.json, not from /sys */
};
/*
 * The watchdog that reset the machine at the end of the boot @recs come from: for the
 * records of a boot of the per-boot archive, the watchdog evidence its reason.json
 * recorded when it was archived (today's /sys tells of the last boot only; no
 * reason.json, no watchdog); otherwise the first watchdog in /sys/class/watchdog whose
 * bootstatus has WDIOF_CARDRESET. Returns true when there is one.
 */
bool reason_find_watchdog(struct pstore_ctx *ctx, struct pstore_record *const *recs, size_t n,
			  struct reason_watchdog *ret);

/* ---- what the set-up can tell (lib/reason-caps.c) ---- */

struct pstore_capabilities {
	struct pstore_capability caps[_PSTORE_END_MAX - 1];
	size_t n;
};

/* What the kernel keeps: the backend, the dumps max_reason allows, the frontends. */
struct reason_setup {
	bool dump, oops, shutdown, console, pmsg;
	size_t watchdogs;
	int64_t max_reason; /* -1 unknown */
};
void reason_setup_read(struct pstore_ctx *ctx, struct pstore_record *const *recs, size_t n,
		       struct reason_setup *s);
void reason_caps_fill(const struct reason_setup *s, struct pstore_capabilities *c);

#endif /* LIBPSTORE_REASON_H */
