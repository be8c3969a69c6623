// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The record model: names, types, the dmesg "Panic#1 Part1" header, the ECC notice,
 * syslog prefixes, and what a record knows about itself (size, time, header, ECC).
 * The formats are those of fs/pstore/{inode,platform,ram_core}.c (Linux 6.1 and 6.12).
 */
#include <ctype.h>
#include <inttypes.h>
#include <pthread.h>
#include <strings.h>

#include "source.h"

/* ---- enums ---- */

/* In the kernel's enum pstore_type_id order (platform.c pstore_type_names). */
static const char *const type_names[_PSTORE_TYPE_MAX] = {
	[PSTORE_TYPE_DMESG] = "dmesg",
	[PSTORE_TYPE_MCE] = "mce",
	[PSTORE_TYPE_CONSOLE] = "console",
	[PSTORE_TYPE_FTRACE] = "ftrace",
	[PSTORE_TYPE_RTAS] = "rtas",
	[PSTORE_TYPE_PPC_OFW] = "powerpc-ofw",
	[PSTORE_TYPE_PPC_COMMON] = "powerpc-common",
	[PSTORE_TYPE_PMSG] = "pmsg",
	[PSTORE_TYPE_PPC_OPAL] = "powerpc-opal",
	[PSTORE_TYPE_UNKNOWN] = "unknown",
};

_public_ const char *pstore_type_to_string(enum pstore_type t)
{
	if ((unsigned)t >= _PSTORE_TYPE_MAX)
		return NULL;
	return type_names[t];
}

_public_ int pstore_type_from_string(const char *s)
{
	for (int i = 0; i < _PSTORE_TYPE_MAX; i++)
		if (streq(type_names[i], s))
			return i;
	return -EINVAL;
}

/* The kernel's words (kmsg_dump_reason_str), in our order. */
static const char *const reason_words[_PSTORE_REASON_MAX] = {
	[PSTORE_REASON_UNKNOWN] = "Unknown",     [PSTORE_REASON_PANIC] = "Panic",
	[PSTORE_REASON_OOPS] = "Oops",           [PSTORE_REASON_EMERGENCY] = "Emergency",
	[PSTORE_REASON_SHUTDOWN] = "Shutdown",   [PSTORE_REASON_RESTART] = "Restart",
	[PSTORE_REASON_HALT] = "Halt",           [PSTORE_REASON_POWEROFF] = "Poweroff",
};
static const char *const reason_names[_PSTORE_REASON_MAX] = {
	[PSTORE_REASON_UNKNOWN] = "unknown",     [PSTORE_REASON_PANIC] = "panic",
	[PSTORE_REASON_OOPS] = "oops",           [PSTORE_REASON_EMERGENCY] = "emergency",
	[PSTORE_REASON_SHUTDOWN] = "shutdown",   [PSTORE_REASON_RESTART] = "restart",
	[PSTORE_REASON_HALT] = "halt",           [PSTORE_REASON_POWEROFF] = "poweroff",
};

_public_ const char *pstore_reason_to_string(enum pstore_reason r)
{
	if ((unsigned)r >= _PSTORE_REASON_MAX)
		return NULL;
	return reason_names[r];
}

_public_ int pstore_reason_from_string(const char *s)
{
	for (int i = 0; i < _PSTORE_REASON_MAX; i++)
		if (strcasecmp(reason_names[i], s) == 0)
			return i;
	return -EINVAL;
}

static const char *const ecc_names[_PSTORE_ECC_MAX] = {
	[PSTORE_ECC_NONE] = NULL,
	[PSTORE_ECC_CLEAN] = "clean",
	[PSTORE_ECC_CORRECTED] = "corrected",
	[PSTORE_ECC_UNCORRECTABLE] = "uncorrectable",
};

_public_ const char *pstore_ecc_to_string(enum pstore_ecc e)
{
	if ((unsigned)e >= _PSTORE_ECC_MAX)
		return NULL;
	return ecc_names[e];
}

_public_ int pstore_ecc_from_string(const char *s)
{
	for (int i = 1; i < _PSTORE_ECC_MAX; i++)
		if (streq(ecc_names[i], s))
			return i;
	return -EINVAL;
}

/* ---- names ---- */

static bool all_digits(const char *s, size_t len)
{
	if (len == 0)
		return false;
	for (size_t i = 0; i < len; i++)
		if (!isdigit((unsigned char)s[i]))
			return false;
	return true;
}

_public_ int pstore_record_name_parse(const char *name, struct pstore_name *ret)
{
	static const char enc[] = ".enc.z";
	size_t len = strlen(name), tlen = 0, blen;
	const char *rest, *dash;
	int type = -1;

	memset(ret, 0, sizeof(*ret));
	ret->type = PSTORE_TYPE_UNKNOWN;
	if (len > sizeof(enc) - 1 && streq(name + len - (sizeof(enc) - 1), enc)) {
		ret->compressed = true;
		len -= sizeof(enc) - 1;
	}
	/* The longest type name that prefixes the name and is followed by '-'. */
	for (int i = 0; i < _PSTORE_TYPE_MAX; i++) {
		size_t l = strlen(type_names[i]);

		if (l > tlen && l < len && strncmp(name, type_names[i], l) == 0 &&
		    name[l] == '-') {
			type = i;
			tlen = l;
		}
	}
	if (type < 0) {
		ret->compressed = false;
		return -EINVAL;
	}
	rest = name + tlen + 1;
	blen = len - tlen - 1;
	dash = memrchr(rest, '-', blen);
	if (dash && all_digits(dash + 1, (size_t)(rest + blen - dash - 1))) {
		char num[24];
		size_t nl = (size_t)(rest + blen - dash - 1);
		char *end;

		if (nl >= sizeof(num))
			goto bad;
		memcpy(num, dash + 1, nl);
		num[nl] = '\0';
		errno = 0;
		ret->id = strtoull(num, &end, 10);
		if (errno)
			goto bad;
		ret->has_id = true;
		blen = (size_t)(dash - rest);
	} else if (type != PSTORE_TYPE_CONSOLE && type != PSTORE_TYPE_FTRACE) {
		/* only kernels <= 3.18 made id-less names, for console and ftrace */
		goto bad;
	}
	if (blen == 0 || blen >= sizeof(ret->backend))
		goto bad;
	memcpy(ret->backend, rest, blen);
	ret->backend[blen] = '\0';
	ret->type = (enum pstore_type)type;
	return 0;
bad:
	memset(ret, 0, sizeof(*ret));
	ret->type = PSTORE_TYPE_UNKNOWN;
	return -EINVAL;
}

/* ---- the dmesg header: "%s#%d Part%u\n" (platform.c pstore_dump) ---- */

static bool parse_uint(const char **p, const char *end, uint64_t max, uint64_t *ret)
{
	uint64_t v = 0;
	const char *s = *p;

	if (s >= end || !isdigit((unsigned char)*s))
		return false;
	while (s < end && isdigit((unsigned char)*s)) {
		v = v * 10 + (uint64_t)(*s - '0');
		if (v > max)
			return false;
		s++;
	}
	*p = s;
	*ret = v;
	return true;
}

_public_ int pstore_dmesg_header_parse(const char *buf, size_t len,
				       struct pstore_dmesg_header *ret)
{
	const char *end, *hash, *p;
	uint64_t count, part;
	int reason = -1;
	bool neg = false;

	end = memchr(buf, '\n', len > 64 ? 64 : len);
	if (!end)
		return -EINVAL;
	hash = memchr(buf, '#', (size_t)(end - buf));
	if (!hash)
		return -EINVAL;
	for (int i = 0; i < _PSTORE_REASON_MAX; i++)
		if ((size_t)(hash - buf) == strlen(reason_words[i]) &&
		    memcmp(buf, reason_words[i], (size_t)(hash - buf)) == 0)
			reason = i;
	if (reason < 0)
		return -EINVAL;
	p = hash + 1;
	if (p < end && *p == '-') { /* %d: the count could be negative in theory */
		neg = true;
		p++;
	}
	if (!parse_uint(&p, end, INT32_MAX, &count))
		return -EINVAL;
	if (end - p < 5 || memcmp(p, " Part", 5) != 0)
		return -EINVAL;
	p += 5;
	if (!parse_uint(&p, end, UINT32_MAX, &part) || p != end)
		return -EINVAL;
	ret->reason = (enum pstore_reason)reason;
	ret->count = neg ? -(int)count : (int)count;
	ret->part = (unsigned)part;
	ret->len = (size_t)(end - buf) + 1;
	return 0;
}

/* ---- the ECC notice (ram_core.c persistent_ram_ecc_string) ---- */

_public_ int pstore_ecc_notice_parse(const char *buf, size_t len, struct pstore_ecc_notice *ret)
{
	static const char clean[] = "\nECC: No errors detected\n";
	const size_t cl = sizeof(clean) - 1;
	const char *start = NULL, *p, *end = buf + len;
	uint64_t corrected, bad;

	memset(ret, 0, sizeof(*ret));
	if (len >= cl && memcmp(buf + len - cl, clean, cl) == 0) {
		ret->status = PSTORE_ECC_CLEAN;
		ret->offset = len - cl;
		return 0;
	}
	/* "\nECC: %d Corrected bytes, %d unrecoverable blocks\n" */
	if (len < 2 || buf[len - 1] != '\n')
		return -ENOENT;
	for (size_t i = len - 1; i-- > 0 && len - i <= PSTORE_ECC_NOTICE_MAX;) {
		if (buf[i] == '\n' && len - i > 6 && memcmp(buf + i, "\nECC: ", 6) == 0) {
			start = buf + i;
			break;
		}
	}
	if (!start)
		return -ENOENT;
	p = start + 6;
	if (!parse_uint(&p, end, INT32_MAX, &corrected))
		return -ENOENT;
	if ((size_t)(end - p) < 18 || memcmp(p, " Corrected bytes, ", 18) != 0)
		return -ENOENT;
	p += 18;
	if (!parse_uint(&p, end, INT32_MAX, &bad))
		return -ENOENT;
	if ((size_t)(end - p) != 22 || memcmp(p, " unrecoverable blocks\n", 22) != 0)
		return -ENOENT;
	ret->corrected = (int)corrected;
	ret->unrecoverable = (int)bad;
	ret->status = bad ? PSTORE_ECC_UNCORRECTABLE
			  : (corrected ? PSTORE_ECC_CORRECTED : PSTORE_ECC_CLEAN);
	ret->offset = (size_t)(start - buf);
	return 0;
}

/* ---- syslog prefixes "<N>" of dmesg lines ---- */

static const char *const level_names[8] = { "emerg", "alert",  "crit", "err",
					     "warn",  "notice", "info", "debug" };

_public_ size_t pstore_log_prefix_parse(const char *line, size_t len, int *level,
					int *facility)
{
	const char *p = line + 1, *end = line + len;
	uint64_t v;

	if (len < 3 || line[0] != '<')
		return 0;
	if (!parse_uint(&p, end, 1023, &v) || p >= end || *p != '>')
		return 0;
	if (level)
		*level = (int)(v & 7);
	if (facility)
		*facility = (int)(v >> 3);
	return (size_t)(p + 1 - line);
}

_public_ const char *pstore_log_level_to_string(int level)
{
	if (level < 0 || level > 7)
		return NULL;
	return level_names[level];
}

_public_ int pstore_log_level_from_string(const char *s)
{
	for (int i = 0; i < 8; i++)
		if (strcasecmp(level_names[i], s) == 0)
			return i;
	if (strcasecmp(s, "warning") == 0)
		return 4;
	if (strcasecmp(s, "error") == 0)
		return 3;
	if (s[0] >= '0' && s[0] <= '7' && s[1] == '\0')
		return s[0] - '0';
	return -EINVAL;
}

/* ---- records ---- */

int source_add_record(struct pstore_source *s, const char *name, uint64_t size,
		      int64_t mtime)
{
	struct pstore_record *r;
	const char *base = strrchr(name, '/');

	if (s->nrecs == s->cap) {
		size_t cap = s->cap ? s->cap * 2 : 64;
		struct pstore_record **n = reallocarray(s->recs, cap, sizeof(*n));

		if (!n)
			return -ENOMEM;
		s->recs = n;
		s->cap = cap;
	}
	r = calloc(1, sizeof(*r));
	if (!r)
		return -ENOMEM;
	r->name = strdup(name);
	if (!r->name) {
		free(r);
		return -ENOMEM;
	}
	r->refs = 1;
	r->src = pstore_source_ref(s);
	r->size = size;
	r->mtime = mtime;
	(void)pstore_record_name_parse(base ? base + 1 : name, &r->pn);
	s->recs[s->nrecs++] = r;
	return 0;
}

_public_ struct pstore_record *pstore_record_ref(struct pstore_record *r)
{
	if (r)
		r->refs++;
	return r;
}

_public_ struct pstore_record *pstore_record_unref(struct pstore_record *r)
{
	if (!r || --r->refs > 0)
		return NULL;
	pstore_source_unref(r->src);
	free(r->name);
	free(r);
	return NULL;
}

_public_ void pstore_record_list_free(struct pstore_record **recs, size_t n)
{
	if (!recs)
		return;
	for (size_t i = 0; i < n; i++)
		pstore_record_unref(recs[i]);
	free(recs);
}

_public_ const char *pstore_record_get_name(const struct pstore_record *r)
{
	return r->name;
}

_public_ enum pstore_type pstore_record_get_type(const struct pstore_record *r)
{
	return r->pn.type;
}

_public_ const char *pstore_record_get_backend(const struct pstore_record *r)
{
	return r->pn.backend;
}

_public_ int pstore_record_get_id(const struct pstore_record *r, uint64_t *ret)
{
	if (!r->pn.has_id)
		return -ENODATA;
	*ret = r->pn.id;
	return 0;
}

_public_ uint64_t pstore_record_get_size(const struct pstore_record *r)
{
	return r->size;
}

_public_ bool pstore_record_is_compressed(const struct pstore_record *r)
{
	return r->pn.compressed;
}

_public_ int64_t pstore_record_get_mtime(const struct pstore_record *r)
{
	return r->mtime;
}

_public_ int pstore_record_get_time(const struct pstore_record *r, int64_t *ret)
{
	/* inode.c sets mtime from record->time only when it is not 0. ramoops (its
	 * "====sec.usec" header), pstore_blk/zone and efi give a time to dmesg records
	 * alone; erst gives every record the time of its CPER header (mce too). */
	if (r->pn.type != PSTORE_TYPE_DMESG &&
	    (r->pn.type == PSTORE_TYPE_UNKNOWN || !streq(r->pn.backend, "erst")))
		return -ENODATA;
	*ret = r->mtime;
	return 0;
}

_public_ bool pstore_record_matches(const struct pstore_record *r, const char *what)
{
	const char *base = strrchr(r->name, '/');

	return streq(r->name, what) || (base && streq(base + 1, what)) ||
	       streq(type_names[r->pn.type], what);
}

/* Whether the first line can hold a dmesg header worth parsing. */
static bool wants_header(const struct pstore_record *r)
{
	return r->pn.type == PSTORE_TYPE_DMESG || r->pn.type == PSTORE_TYPE_UNKNOWN;
}

/*
 * Whether the record can end with an ECC notice: only ramoops appends one (ram.c is the
 * only backend that sets record->ecc_notice_size); in any other backend's record, text
 * that looks like a notice is the record's own (a pmsg message, say). A file whose name
 * says nothing could be from ramoops.
 */
static bool may_have_ecc(const struct pstore_record *r)
{
	return r->pn.type == PSTORE_TYPE_UNKNOWN || streq(r->pn.backend, "ramoops");
}

/* The header of a .enc.z record: inflate its first bytes. */
static void probe_head_inflated(struct pstore_record *r)
{
	struct pstore_reader *rd = NULL;
	char buf[128];
	size_t got = 0;
	ssize_t n;
	int e;

	e = pstore_record_open(r->src->ctx, r, PSTORE_READ_INFLATE, &rd);
	if (e < 0) {
		r->probe_err = r->probe_err ? r->probe_err : e;
		return;
	}
	while (got < sizeof(buf)) {
		n = pstore_reader_read(rd, buf + got, sizeof(buf) - got);
		if (n < 0) {
			r->probe_err = r->probe_err ? r->probe_err : (int)n;
			break;
		}
		if (n == 0)
			break;
		got += (size_t)n;
	}
	pstore_reader_free(rd);
	if (pstore_dmesg_header_parse(buf, got, &r->hdr) == 0)
		r->has_header = true;
}

/*
 * Read what the metadata needs, opening the record once: the first line (the dmesg
 * header) and the last bytes (the ECC notice), never the whole record.
 */
static void probe(struct pstore_record *r, bool head, bool tail)
{
	struct pstore_stream st = { .fd = -1 };
	/* A record this small is read whole with one pread: head and tail at once (ls of
	 * many records is bound by syscalls). Otherwise the first 128 bytes. */
	char hbuf[16384], tbuf[PSTORE_ECC_NOTICE_MAX];
	uint64_t off;
	size_t hn, want;
	ssize_t n;
	int e;

	head = head && !r->probed_head;
	tail = tail && !r->probed_tail;
	if (head) {
		r->probed_head = true;
		if (!wants_header(r))
			head = false;
		else if (r->pn.compressed) {
			probe_head_inflated(r);
			head = false;
		}
	}
	if (tail) {
		r->probed_tail = true;
		if (!may_have_ecc(r))
			tail = false;
	}
	if (!head && !tail)
		return;
	/* errors are kept in probe_err: no message on the (maybe shared) context */
	e = source_open_quiet(r, &st);
	if (e < 0) {
		r->probe_err = r->probe_err ? r->probe_err : e;
		return;
	}
	hn = 0;
	if (head) {
		want = tail && st.size <= sizeof(hbuf) ? (size_t)st.size : 128;
		if (want > st.size)
			want = (size_t)st.size;
		n = stream_pread_full(&st, hbuf, want, 0);
		if (n < 0)
			r->probe_err = r->probe_err ? r->probe_err : (int)n;
		else if (pstore_dmesg_header_parse(hbuf, (size_t)n, &r->hdr) == 0)
			r->has_header = true;
		hn = n > 0 ? (size_t)n : 0;
	}
	if (tail) {
		if (head && hn == st.size) {
			/* a small record: the head read holds all of it */
			n = (ssize_t)hn;
			off = 0;
			memcpy(tbuf, hbuf + (hn > sizeof(tbuf) ? hn - sizeof(tbuf) : 0),
			       hn > sizeof(tbuf) ? sizeof(tbuf) : hn);
			if (hn > sizeof(tbuf)) {
				off = hn - sizeof(tbuf);
				n = sizeof(tbuf);
			}
		} else {
			off = st.size > sizeof(tbuf) ? st.size - sizeof(tbuf) : 0;
			n = stream_pread_full(&st, tbuf, (size_t)(st.size - off), off);
		}
		if (n < 0) {
			r->probe_err = r->probe_err ? r->probe_err : (int)n;
		} else {
			(void)pstore_ecc_notice_parse(tbuf, (size_t)n, &r->ecc);
			r->ecc.offset += (size_t)off;
		}
	}
	st.close(&st);
}

_public_ void pstore_record_probe(struct pstore_record *r)
{
	probe(r, true, true);
}

struct probe_job {
	struct pstore_record **recs;
	size_t n;
	size_t next; /* atomic */
};

static void *probe_thread(void *data)
{
	struct probe_job *job = data;
	size_t i;

	while ((i = __atomic_fetch_add(&job->next, 1, __ATOMIC_RELAXED)) < job->n)
		probe(job->recs[i], true, true);
	return NULL;
}

_public_ void pstore_record_list_probe(struct pstore_record **recs, size_t n)
{
	struct probe_job job = { .recs = recs, .n = n };
	pthread_t th[4];
	size_t nth = 0;
	long cpus = sysconf(_SC_NPROCESSORS_ONLN);

	/* .enc.z records inflate through the reader, which reports on the context: here */
	for (size_t i = 0; i < n; i++)
		if (recs[i]->pn.compressed)
			probe(recs[i], true, true);
	if (n >= 256 && cpus > 1) {
		size_t want = (size_t)(cpus < (long)ARRAY_SIZE(th) ? cpus : (long)ARRAY_SIZE(th));

		for (; nth < want - 1; nth++)
			if (pthread_create(&th[nth], NULL, probe_thread, &job) != 0)
				break;
	}
	probe_thread(&job);
	for (size_t i = 0; i < nth; i++)
		pthread_join(th[i], NULL);
}

_public_ int pstore_record_get_dmesg_header(struct pstore_record *r,
					    struct pstore_dmesg_header *ret)
{
	probe(r, true, false);
	if (!r->has_header)
		return -ENODATA;
	*ret = r->hdr;
	return 0;
}

_public_ int pstore_record_get_ecc(struct pstore_record *r, struct pstore_ecc_notice *ret)
{
	probe(r, false, true);
	*ret = r->ecc;
	return 0;
}

_public_ int pstore_record_get_probe_error(const struct pstore_record *r)
{
	return r->probe_err;
}

/* ---- parts of one dump ---- */

/* EFI writes the parts of one dump one after the other: allow a little clock skew. */
#define DUMP_PARTS_MAX_SKEW 10

static int cmp_part_desc(const void *a, const void *b)
{
	const struct pstore_record *x = *(struct pstore_record *const *)a;
	const struct pstore_record *y = *(struct pstore_record *const *)b;

	if (x->hdr.part != y->hdr.part)
		return x->hdr.part > y->hdr.part ? -1 : 1;
	return strcmp(x->name, y->name);
}

_public_ int pstore_record_dump_parts(struct pstore_record *const *recs, size_t n,
				      struct pstore_record *r, struct pstore_record ***ret,
				      size_t *ret_n)
{
	struct pstore_record **out;
	struct pstore_dmesg_header h;
	size_t k = 0;

	out = calloc(n + 1, sizeof(*out));
	if (!out)
		return -ENOMEM;
	if (r->pn.type != PSTORE_TYPE_DMESG || pstore_record_get_dmesg_header(r, &h) < 0) {
		out[k++] = pstore_record_ref(r);
		goto done;
	}
	out[k++] = pstore_record_ref(r);
	for (size_t i = 0; i < n; i++) {
		struct pstore_record *o = recs[i];
		struct pstore_dmesg_header oh;
		bool dup = false;

		if (o == r || o->pn.type != PSTORE_TYPE_DMESG ||
		    !streq(o->pn.backend, r->pn.backend) ||
		    pstore_record_get_dmesg_header(o, &oh) < 0 || oh.reason != h.reason ||
		    oh.count != h.count || llabs(o->mtime - r->mtime) > DUMP_PARTS_MAX_SKEW)
			continue;
		for (size_t j = 0; j < k; j++)
			dup |= out[j]->hdr.part == oh.part;
		if (!dup)
			out[k++] = pstore_record_ref(o);
	}
	qsort(out, k, sizeof(*out), cmp_part_desc);
done:
	*ret = out;
	*ret_n = k;
	return 0;
}
