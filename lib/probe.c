// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * What a record says about itself when read: its dmesg header and its ECC notice, read
 * lazily by the getters or up front for a whole listing (on a few threads). Probing sits
 * above the reader (a .enc.z header is inflated through it); the reader does not call back.
 */
#include <pthread.h>
#include <sched.h>

#include "format.h"
#include "source.h"

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
	/* A record of one page is read whole with one pread: head and tail at once (ls of
	 * many records is bound by syscalls). A larger one costs two small preads, the first
	 * 128 bytes and the last few: cheaper than copying up to 16 KiB (perf: a third of
	 * ls' time in the kernel went to _copy_to_iter). */
	char hbuf[4096], tbuf[PSTORE_ECC_NOTICE_MAX];
	uint64_t off;
	size_t hn, want;
	ssize_t n;
	int e;

	if (r->foreign) {
		/* not a record: nothing of its content is a header or a notice */
		r->probed_head = r->probed_tail = true;
		return;
	}
	head = head && !r->probed_head;
	tail = tail && !r->probed_tail;
	if (head) {
		r->probed_head = true;
		if (!format_name_wants_header(&r->pn))
			head = false;
		else if (r->pn.compressed) {
			probe_head_inflated(r);
			head = false;
		}
	}
	if (tail) {
		r->probed_tail = true;
		if (!format_name_may_have_ecc(&r->pn))
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

	while ((i = __atomic_fetch_add(&job->next, 1, __ATOMIC_RELAXED)) < job->n) {
		/* The records are in sorted order, not in the order they were allocated: a
		 * cache miss each (perf: most of probe()'s own time). Fetch the next ones while
		 * this one waits on its syscalls. */
		if (i + 4 < job->n) {
			const char *next = (const char *)job->recs[i + 4];

			for (size_t b = 0; b < sizeof(struct pstore_record); b += 64)
				__builtin_prefetch(next + b);
		}
		probe(job->recs[i], true, true);
	}
	return NULL;
}

_public_ void pstore_record_list_probe(struct pstore_record **recs, size_t n)
{
	struct probe_job job = { .recs = recs, .n = n };
	pthread_t th[4];
	size_t nth = 0;
	cpu_set_t set;
	/* the CPUs this process may run on (taskset, cgroups): threads on one CPU only cost */
	long cpus = sched_getaffinity(0, sizeof(set), &set) == 0 ? CPU_COUNT(&set)
								 : sysconf(_SC_NPROCESSORS_ONLN);

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
	if (!SIZED_OK(ret))
		return -EINVAL;
	probe(r, true, false);
	if (!r->has_header)
		return -ENODATA;
	return SIZED_KEEP(ret, (*ret = r->hdr, 0));
}

_public_ int pstore_record_get_ecc(struct pstore_record *r, struct pstore_ecc_notice *ret)
{
	if (!SIZED_OK(ret))
		return -EINVAL;
	probe(r, false, true);
	return SIZED_KEEP(ret, (*ret = r->ecc, 0));
}

_public_ int pstore_record_get_probe_error(const struct pstore_record *r)
{
	return r->probe_err;
}
