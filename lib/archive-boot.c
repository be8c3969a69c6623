// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The per-boot archive: the records of the boot that ended moved into a directory of their
 * own (ROOT/<UTC time>[_<boot id>]/). Reading the archive back and retention are
 * lib/archive-boots.c.
 *
 * A boot directory is built under a temporary name (".NAME.PID.tmpd") and renamed into place
 * only when complete, so a directory without a leading dot is always whole. Its ".archived"
 * file names the records it holds by name, size and time: a record that some boot
 * directory names is never archived again, and is erased (unless kept) only then.
 */
#include <ctype.h>
#include <dirent.h>
#include <fcntl.h>
#include <inttypes.h>
#include <signal.h>
#include <sys/stat.h>
#include <time.h>

#include "archive-boot.h"
#include "internal.h"
#include "shared/c.h"
#include "shared/strbuf.h"

#define CHUNK (256u << 10)

/* "name size time": what makes a record the same record again */
static char *record_key(struct pstore_record *r)
{
	int64_t t;
	char *k;

	if (pstore_record_get_time(r, &t) < 0)
		t = pstore_record_get_mtime(r);
	if (asprintf(&k, "%" PRIu64 " %" PRId64 " %s", pstore_record_get_size(r), t,
		     pstore_record_get_name(r)) < 0)
		return NULL;
	return k;
}

bool archive_is_boot_name(const char *n)
{
	return n[0] != '.' && strlen(n) >= 16 && isdigit((unsigned char)n[0]) && n[8] == 'T';
}

static void json_str(struct strbuf *sb, const char *s)
{
	if (s)
		strbuf_json_string(sb, s, strlen(s));
	else
		strbuf_puts(sb, "null");
}

static int write_file(struct pstore_ctx *ctx, int dirfd, const char *name, const char *buf,
		      size_t len)
{
	struct pstore_atomic a;
	int r;

	r = pstore_atomic_openat(ctx, dirfd, name, 0640, &a);
	if (r < 0)
		return r;
	r = pstore_write_all(a.fd, buf, len);
	if (r < 0) {
		pstore_atomic_abort(&a);
		return pstore_err_sys(ctx, r, "%s: write", name);
	}
	return pstore_atomic_commit_new(ctx, &a, NULL);
}

/* The text of @recs, one after the other, read with @flags, as one durable file. */
static int write_text(struct pstore_ctx *ctx, int dirfd, const char *name,
		      struct pstore_record *const *recs, size_t n, unsigned flags)
{
	_cleanup_free_ char *buf = NULL;
	struct pstore_atomic a;
	int r;

	if (n == 0)
		return 0;
	buf = malloc(CHUNK);
	if (!buf)
		return -ENOMEM;
	r = pstore_atomic_openat(ctx, dirfd, name, 0640, &a);
	if (r < 0)
		return r;
	for (size_t i = 0; i < n; i++) {
		struct pstore_reader *rd;
		ssize_t got;

		r = pstore_record_open(ctx, recs[i], flags, &rd);
		if (r < 0)
			goto fail;
		while ((got = pstore_reader_read(rd, buf, CHUNK)) > 0) {
			r = pstore_write_all(a.fd, buf, (size_t)got);
			if (r < 0) {
				pstore_reader_free(rd);
				r = pstore_err_sys(ctx, r, "%s: write", name);
				goto fail;
			}
		}
		pstore_reader_free(rd);
		if (got < 0) {
			r = (int)got;
			goto fail;
		}
	}
	return pstore_atomic_commit_new(ctx, &a, NULL);
fail:
	pstore_atomic_abort(&a);
	return r;
}

static int write_reason(struct pstore_ctx *ctx, int dirfd, const struct pstore_boot_reason *br)
{
	_cleanup_(strbuf_free) struct strbuf sb = {};
	size_t n = pstore_boot_reason_evidence_count(br);

	strbuf_puts(&sb, "{\n  \"reason\": ");
	json_str(&sb, pstore_boot_reason_get_string(br));
	strbuf_puts(&sb, ",\n  \"end\": ");
	json_str(&sb, pstore_boot_end_to_string(pstore_boot_reason_get_end(br)));
	strbuf_puts(&sb, ",\n  \"detail\": ");
	json_str(&sb, pstore_boot_reason_get_detail(br));
	strbuf_puts(&sb, ",\n  \"confidence\": ");
	json_str(&sb, pstore_confidence_to_string(pstore_boot_reason_get_confidence(br)));
	strbuf_puts(&sb, ",\n  \"boot_id\": ");
	json_str(&sb, pstore_boot_reason_get_boot_id(br));
	strbuf_puts(&sb, ",\n  \"record\": ");
	json_str(&sb, pstore_boot_reason_get_record(br));
	strbuf_puts(&sb, ",\n  \"evidence\": [");
	for (size_t i = 0; i < n; i++) {
		const struct pstore_evidence *e = pstore_boot_reason_get_evidence(br, i);

		strbuf_puts(&sb, i ? ",\n    {\"source\": " : "\n    {\"source\": ");
		json_str(&sb, e->source);
		strbuf_puts(&sb, ", \"says\": ");
		json_str(&sb, e->says);
		strbuf_puts(&sb, "}");
	}
	strbuf_puts(&sb, n ? "\n  ]\n}\n" : "]\n}\n");
	if (strbuf_failed(&sb))
		return -ENOMEM;
	return write_file(ctx, dirfd, "reason.json", sb.buf, sb.len);
}

static int write_records_json(struct pstore_ctx *ctx, int dirfd, struct pstore_record **recs,
			      char **files, size_t n)
{
	_cleanup_(strbuf_free) struct strbuf sb = {};

	strbuf_puts(&sb, "{\n  \"records\": [");
	for (size_t i = 0; i < n; i++) {
		struct pstore_record *r = recs[i];
		uint64_t id;
		int64_t t;

		strbuf_puts(&sb, i ? ",\n    {\"name\": " : "\n    {\"name\": ");
		json_str(&sb, pstore_record_get_name(r));
		strbuf_puts(&sb, ", \"file\": ");
		json_str(&sb, files[i]);
		strbuf_puts(&sb, ", \"type\": ");
		json_str(&sb, pstore_type_to_string(pstore_record_get_type(r)));
		strbuf_puts(&sb, ", \"backend\": ");
		json_str(&sb, pstore_record_get_backend(r));
		if (pstore_record_get_id(r, &id) == 0)
			strbuf_printf(&sb, ", \"id\": %" PRIu64, id);
		else
			strbuf_puts(&sb, ", \"id\": null");
		strbuf_printf(&sb, ", \"size\": %" PRIu64 ", \"mtime\": %" PRId64,
			      pstore_record_get_size(r), pstore_record_get_mtime(r));
		if (pstore_record_get_time(r, &t) == 0)
			strbuf_printf(&sb, ", \"time\": %" PRId64, t);
		else
			strbuf_puts(&sb, ", \"time\": null");
		strbuf_printf(&sb, ", \"compressed\": %s}",
			      pstore_record_is_compressed(r) ? "true" : "false");
	}
	strbuf_puts(&sb, n ? "\n  ]\n}\n" : "]\n}\n");
	if (strbuf_failed(&sb))
		return -ENOMEM;
	return write_file(ctx, dirfd, "records.json", sb.buf, sb.len);
}

/* Every line of the ".archived" file of every complete boot directory under @root. */
static int read_manifests(struct pstore_ctx *ctx, int rootfd, struct strbuf *keys)
{
	struct dirent *de;
	DIR *d;
	int fd;

	fd = openat(rootfd, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0)
		return pstore_err_sys(ctx, 0, "archive directory");
	d = fdopendir(fd);
	if (!d) {
		close(fd);
		return -ENOMEM;
	}
	strbuf_puts(keys, "\n");
	while ((de = readdir(d))) {
		_cleanup_free_ char *path = NULL, *buf = NULL;
		size_t len;
		int mfd;

		if (!archive_is_boot_name(de->d_name))
			continue;
		if (asprintf(&path, "%s/" MANIFEST, de->d_name) < 0) {
			closedir(d);
			return -ENOMEM;
		}
		mfd = openat(rootfd, path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
		if (mfd < 0)
			continue;
		if (pstore_read_fd(mfd, 64u << 20, &buf, &len) == 0)
			strbuf_append(keys, buf, len);
		close(mfd);
	}
	closedir(d);
	return strbuf_failed(keys) ? -ENOMEM : 0;
}

static bool manifest_has(const struct strbuf *keys, const char *key)
{
	_cleanup_free_ char *line = NULL;

	if (asprintf(&line, "\n%s\n", key) < 0)
		return false;
	return keys->buf && strstr(keys->buf, line);
}

/* ".NAME.PID.tmpd" / ".NAME.PID.del": the PID, or 0 when not of that form. */
static pid_t work_owner(const char *n)
{
	const char *dot, *p;
	long pid = 0;

	if (n[0] != '.')
		return 0;
	dot = strrchr(n, '.');
	if (!dot || (!streq(dot, ".tmpd") && !streq(dot, ".del")))
		return 0;
	p = dot;
	while (p > n && isdigit((unsigned char)p[-1]))
		p--;
	if (p == dot || p[-1] != '.' || dot - p > 9)
		return 0;
	for (; p < dot; p++)
		pid = pid * 10 + (*p - '0');
	return (pid_t)pid;
}

/*
 * Remove a boot directory: its files, and those of its per-backend subdirectories (as deep
 * as a source's records sit); the last step is the rmdir of @name.
 */
static int remove_dir_at(int parentfd, const char *name, int depth)
{
	struct dirent *de;
	DIR *d;
	int fd;

	fd = openat(parentfd, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	d = fdopendir(fd);
	if (!d) {
		close(fd);
		return -ENOMEM;
	}
	while ((de = readdir(d))) {
		if (streq(de->d_name, ".") || streq(de->d_name, ".."))
			continue;
		if (unlinkat(fd, de->d_name, 0) < 0 && errno == EISDIR && depth < 2)
			(void)remove_dir_at(fd, de->d_name, depth + 1);
	}
	closedir(d);
	return unlinkat(parentfd, name, AT_REMOVEDIR) < 0 ? -errno : 0;
}

int archive_remove_boot_dir(int rootfd, const char *name)
{
	return remove_dir_at(rootfd, name, 0);
}

/*
 * Copy @r into the boot directory @dfd under the name the source gives it: a record of a
 * per-backend subdirectory ("ramoops/dmesg-ramoops-0") into that subdirectory, so that
 * two backends' records never meet and the archive reads back under the same names.
 */
static int archive_record(struct pstore_ctx *ctx, int dfd, struct pstore_record *r,
			  char **ret_file)
{
	const char *name = pstore_record_get_name(r), *slash = strrchr(name, '/');
	_cleanup_free_ char *dirs = NULL, *base = NULL;
	char *comp, *save = NULL;
	int fd, sub, e;

	if (!slash)
		return pstore_record_archive_new(ctx, r, dfd, name, ret_file);
	dirs = strndup(name, (size_t)(slash - name));
	if (!dirs)
		return -ENOMEM;
	fd = fcntl(dfd, F_DUPFD_CLOEXEC, 3);
	if (fd < 0)
		return -errno;
	for (comp = strtok_r(dirs, "/", &save); comp; comp = strtok_r(NULL, "/", &save)) {
		if (mkdirat(fd, comp, 0750) < 0 && errno != EEXIST) {
			e = pstore_err_sys(ctx, 0, "%s: cannot create a directory", comp);
			close(fd);
			return e;
		}
		sub = openat(fd, comp, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
		e = -errno;
		close(fd);
		if (sub < 0)
			return pstore_err_sys(ctx, e, "%s", comp);
		fd = sub;
	}
	/* the new subdirectories' entries: the later commits into @dfd fsync it */
	e = pstore_record_archive_new(ctx, r, fd, slash + 1, &base);
	close(fd);
	if (e < 0)
		return e;
	/* the file's name in its subdirectory: NAME, or NAME.1 when taken */
	if (asprintf(ret_file, "%.*s/%s", (int)(slash - name), name, base) < 0)
		return -ENOMEM;
	return 0;
}

/* Work directories a killed run left behind: half-built or half-deleted boots. */
static void clean_work_dirs(struct pstore_ctx *ctx, int rootfd)
{
	struct dirent *de;
	DIR *d;
	int fd;

	fd = openat(rootfd, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0)
		return;
	d = fdopendir(fd);
	if (!d) {
		close(fd);
		return;
	}
	while ((de = readdir(d))) {
		pid_t pid = work_owner(de->d_name);

		if (pid <= 0 || pid == getpid())
			continue;
		if (kill(pid, 0) == 0 || errno != ESRCH)
			continue;
		if (archive_remove_boot_dir(rootfd, de->d_name) == 0)
			dbg(ctx, "%s: removed (left by process %d)", de->d_name, (int)pid);
	}
	closedir(d);
	(void)pstore_archive_clean(ctx, rootfd);
}

int archive_open_root(struct pstore_ctx *ctx, const char *root, bool create)
{
	int fd;

	if (create && mkdir(root, 0750) < 0 && errno != EEXIST)
		return pstore_err_sys(ctx, 0, "%s", root);
	fd = open(root, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0)
		return pstore_err_sys(ctx, 0, "%s", root);
	return fd;
}

static int boot_dir_name(struct pstore_record **recs, size_t n, const char *boot_id,
			 char **ret)
{
	int64_t when = 0, when_m = 0;
	struct tm tm;
	char stamp[32];

	/* when the kernel stored a record; the mtime of the others is only when pstore was
	 * mounted, after the boot that ended: the last resort */
	for (size_t i = 0; i < n; i++) {
		int64_t t;

		if (pstore_record_get_time(recs[i], &t) == 0)
			when = t > when ? t : when;
		else if (pstore_record_get_mtime(recs[i]) > when_m)
			when_m = pstore_record_get_mtime(recs[i]);
	}
	if (when <= 0)
		when = when_m;
	if (when <= 0)
		when = time(NULL);
	if (!gmtime_r(&(time_t){ (time_t)when }, &tm) ||
	    !strftime(stamp, sizeof(stamp), "%Y%m%dT%H%M%SZ", &tm))
		return -ERANGE;
	if (asprintf(ret, boot_id ? "%s_%s" : "%s", stamp, boot_id) < 0)
		return -ENOMEM;
	return 0;
}

/* Build the boot directory for @recs under a temporary name; rename it into place. */
static int build_boot(struct pstore_ctx *ctx, int rootfd, const char *root,
		      struct pstore_record **all, size_t n_all, struct pstore_record **recs,
		      size_t n, char **ret_name)
{
	_cleanup_free_ char *name = NULL, *tmp = NULL, *final = NULL;
	_cleanup_(strbuf_free) struct strbuf manifest = {};
	struct pstore_record **text = NULL, **parts = NULL;
	struct pstore_boot_reason *br = NULL;
	struct pstore_record *newest = NULL;
	char **files = NULL;
	size_t n_text, n_parts = 0;
	int dfd = -1, r;

	r = pstore_boot_reason_find(ctx, all, n_all, &br);
	if (r < 0)
		return r;
	r = boot_dir_name(recs, n, pstore_boot_reason_get_boot_id(br), &name);
	if (r < 0)
		goto out;
	if (asprintf(&tmp, ".%s.%d.tmpd", name, (int)getpid()) < 0) {
		r = -ENOMEM;
		goto out;
	}
	if (mkdirat(rootfd, tmp, 0750) < 0) {
		r = pstore_err_sys(ctx, 0, "%s: cannot create a directory", root);
		goto out;
	}
	dfd = openat(rootfd, tmp, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	if (dfd < 0) {
		r = pstore_err_sys(ctx, 0, "%s/%s", root, tmp);
		goto fail;
	}
	files = calloc(n, sizeof(*files));
	text = calloc(n, sizeof(*text));
	if (!files || !text) {
		r = -ENOMEM;
		goto fail;
	}
	/* the records as stored, then what they say as text */
	for (size_t i = 0; i < n; i++) {
		_cleanup_free_ char *key = record_key(recs[i]);

		if (!key) {
			r = -ENOMEM;
			goto fail;
		}
		r = archive_record(ctx, dfd, recs[i], &files[i]);
		if (r < 0)
			goto fail;
		strbuf_printf(&manifest, "%s\n", key);
	}
	if (pstore_dump_newest(recs, n, &newest) == 0) {
		r = pstore_record_dump_parts(recs, n, newest, &parts, &n_parts);
		if (r < 0)
			goto fail;
		r = write_text(ctx, dfd, "dmesg.txt", parts, n_parts,
			       PSTORE_READ_INFLATE | PSTORE_READ_STRIP_ECC |
				       PSTORE_READ_STRIP_HEADER);
		if (r < 0)
			goto fail;
	}
	for (int k = 0; k < 2; k++) {
		enum pstore_type t = k ? PSTORE_TYPE_PMSG : PSTORE_TYPE_CONSOLE;

		n_text = 0;
		for (size_t i = 0; i < n; i++)
			if (pstore_record_get_type(recs[i]) == t)
				text[n_text++] = recs[i];
		r = write_text(ctx, dfd, k ? "pmsg.txt" : "console.txt", text, n_text,
			       PSTORE_READ_INFLATE | PSTORE_READ_STRIP_ECC);
		if (r < 0)
			goto fail;
	}
	r = write_reason(ctx, dfd, br);
	if (r < 0)
		goto fail;
	r = write_records_json(ctx, dfd, recs, files, n);
	if (r < 0)
		goto fail;
	if (strbuf_failed(&manifest)) {
		r = -ENOMEM;
		goto fail;
	}
	/* last: the list that says which records this directory holds */
	r = write_file(ctx, dfd, MANIFEST, manifest.buf, manifest.len);
	if (r < 0)
		goto fail;
	/* complete: into place under the first free name, never over another boot */
	for (unsigned i = 0;; i++) {
		free(final);
		final = NULL;
		if ((i ? asprintf(&final, "%s.%u", name, i) : asprintf(&final, "%s", name)) < 0) {
			r = -ENOMEM;
			goto fail;
		}
		if (renameat2(rootfd, tmp, rootfd, final, RENAME_NOREPLACE) == 0)
			break;
		if (errno != EEXIST || i >= 1000) {
			r = pstore_err_sys(ctx, 0, "%s/%s: rename", root, final);
			goto fail;
		}
	}
	if (fsync(rootfd) < 0 && errno != EINVAL) {
		r = pstore_err_sys(ctx, 0, "%s: fsync", root);
		goto out;
	}
	*ret_name = TAKE_PTR(final);
	r = 0;
	goto out;
fail:
	(void)archive_remove_boot_dir(rootfd, tmp);
out:
	if (dfd >= 0)
		close(dfd);
	if (files)
		for (size_t i = 0; i < n; i++)
			free(files[i]);
	free(files);
	free(text);
	pstore_record_list_free(parts, n_parts);
	pstore_boot_reason_free(br);
	return r;
}

_public_ int pstore_archive_boot(struct pstore_ctx *ctx, struct pstore_source *src,
				 const char *root, unsigned flags, char **ret_dir)
{
	_cleanup_(strbuf_free) struct strbuf keys = {};
	struct pstore_record **recs = NULL, **todo = NULL;
	size_t n = 0, n_todo = 0;
	char *made = NULL;
	int rootfd, r, err = 0;

	if (ret_dir)
		*ret_dir = NULL;
	rootfd = archive_open_root(ctx, root, true);
	if (rootfd < 0)
		return rootfd;
	clean_work_dirs(ctx, rootfd);
	r = pstore_source_list(src, &recs, &n);
	if (r < 0)
		goto out;
	r = read_manifests(ctx, rootfd, &keys);
	if (r < 0)
		goto out;
	todo = calloc(n ? n : 1, sizeof(*todo));
	if (!todo) {
		r = -ENOMEM;
		goto out;
	}
	for (size_t i = 0; i < n; i++) {
		_cleanup_free_ char *key = record_key(recs[i]);

		if (!key) {
			r = -ENOMEM;
			goto out;
		}
		if (!pstore_record_is_foreign(recs[i]) && !manifest_has(&keys, key))
			todo[n_todo++] = recs[i];
	}
	if (n_todo > 0) {
		r = build_boot(ctx, rootfd, root, recs, n, todo, n_todo, &made);
		if (r < 0)
			goto out;
		dbg(ctx, "%s/%s: %zu records archived", root, made, n_todo);
	}
	/* erase only what a complete boot directory holds: this run's, or an earlier one's */
	if (!(flags & PSTORE_ARCHIVE_KEEP)) {
		_cleanup_(strbuf_free) struct strbuf now = {};

		r = read_manifests(ctx, rootfd, &now);
		if (r < 0)
			goto out;
		for (size_t i = 0; i < n; i++) {
			_cleanup_free_ char *key = record_key(recs[i]);
			int e;

			if (!key || pstore_record_is_foreign(recs[i]) || !manifest_has(&now, key))
				continue;
			e = pstore_record_remove(ctx, recs[i]);
			if (e < 0 && e != -ENOENT && !err)
				err = e;
		}
	}
	r = made ? 1 : 0;
	if (ret_dir && made) {
		if (asprintf(ret_dir, "%s/%s", root, made) < 0)
			r = -ENOMEM;
	}
	if (r >= 0 && err)
		r = err;
out:
	free(made);
	free(todo);
	pstore_record_list_free(recs, n);
	close(rootfd);
	return r;
}

