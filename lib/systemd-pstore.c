// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * systemd-pstore, read through the sysroot: is its unit enabled, what do its pstore.conf
 * settings make it do, and which records has it archived in /var/lib/systemd/pstore. On
 * Debian 12 it is enabled with Storage=external and Unlink=yes: at boot every record
 * leaves pstore for its archive, and a user who looks only at pstore sees none.
 */
#include <dirent.h>
#include <limits.h>
#include <sys/stat.h>

#include "internal.h"
#include "strtab.h"

#define UNIT "systemd-pstore.service"

struct pstore_systemd_pstore {
	enum pstore_unit_state unit;
	enum pstore_systemd_storage storage;
	bool unlink;
	char *storage_origin, *unlink_origin; /* the file that set it; NULL: the default */
	size_t archived;
	char *newest;
	int64_t newest_mtime;
};

static const char unit_state_names[][10] = {
	[PSTORE_UNIT_NOT_FOUND] = "not-found",
	[PSTORE_UNIT_DISABLED] = "disabled",
	[PSTORE_UNIT_ENABLED] = "enabled",
	[PSTORE_UNIT_MASKED] = "masked",
};

_public_ const char *pstore_unit_state_to_string(enum pstore_unit_state s)
{
	return STRTAB_NAME(unit_state_names, s);
}

_public_ int pstore_unit_state_from_string(const char *s)
{
	return STRTAB_VALUE(unit_state_names, s);
}

/* systemd's pstore_storage_table (src/pstore/pstore.c) */
static const char storage_names[][9] = {
	[PSTORE_SYSTEMD_STORAGE_NONE] = "none",
	[PSTORE_SYSTEMD_STORAGE_EXTERNAL] = "external",
	[PSTORE_SYSTEMD_STORAGE_JOURNAL] = "journal",
};

_public_ const char *pstore_systemd_storage_to_string(enum pstore_systemd_storage s)
{
	return STRTAB_NAME(storage_names, s);
}

_public_ int pstore_systemd_storage_from_string(const char *s)
{
	return STRTAB_VALUE(storage_names, s);
}

/* ---- the unit ---- */

/* What is at @path under the sysroot: 0 nothing, 1 a file or a link, 2 a link to /dev/null. */
static int lookup(struct pstore_ctx *ctx, const char *path)
{
	_cleanup_free_ char *full = NULL;
	char target[PATH_MAX];
	struct stat sb;
	ssize_t l;

	if (pstore_path(ctx, path, &full) < 0 || lstat(full, &sb) < 0)
		return 0;
	if (!S_ISLNK(sb.st_mode))
		return 1;
	/* the link's target is the mounted system's path: read it, never follow it */
	l = readlink(full, target, sizeof(target) - 1);
	if (l < 0)
		return 1;
	target[l] = '\0';
	return streq(target, "/dev/null") ? 2 : 1;
}

/* Does a DIR/ *.wants/ or *.requires/ directory hold the unit? */
static bool wanted_in(struct pstore_ctx *ctx, const char *dir)
{
	_cleanup_free_ char *full = NULL;
	struct dirent *de;
	bool found = false;
	DIR *d;

	if (pstore_path(ctx, dir, &full) < 0 || !(d = opendir(full)))
		return false;
	while (!found && (de = readdir(d))) {
		size_t l = strlen(de->d_name);
		char *p;

		if (!((l > 6 && streq(de->d_name + l - 6, ".wants")) ||
		      (l > 9 && streq(de->d_name + l - 9, ".requires"))))
			continue;
		if (asprintf(&p, "%s/%s/" UNIT, dir, de->d_name) < 0)
			break;
		found = lookup(ctx, p) == 1;
		free(p);
	}
	closedir(d);
	return found;
}

/* systemd's unit search path, highest precedence first (systemd.unit(5)) */
static const char unit_dirs[][30] = {
	"/etc/systemd/system", "/run/systemd/system", "/usr/local/lib/systemd/system",
	"/usr/lib/systemd/system", "/lib/systemd/system",
};

static enum pstore_unit_state unit_state(struct pstore_ctx *ctx)
{
	bool found = false;

	for (size_t i = 0; i < ARRAY_SIZE(unit_dirs) && !found; i++) {
		_cleanup_free_ char *p = NULL;
		int k;

		if (asprintf(&p, "%s/" UNIT, unit_dirs[i]) < 0)
			return PSTORE_UNIT_NOT_FOUND;
		k = lookup(ctx, p);
		/* the first file found is the unit; /dev/null there masks the others */
		if (k == 2)
			return PSTORE_UNIT_MASKED;
		found = k == 1;
	}
	if (!found)
		return PSTORE_UNIT_NOT_FOUND;
	for (size_t i = 0; i < ARRAY_SIZE(unit_dirs); i++)
		if (wanted_in(ctx, unit_dirs[i]))
			return PSTORE_UNIT_ENABLED;
	return PSTORE_UNIT_DISABLED;
}

/* ---- pstore.conf ---- */

/* systemd's parse_boolean() */
static int parse_bool(const char *v)
{
	static const char yes[][5] = { "1", "yes", "y", "true", "t", "on" };
	static const char no[][6] = { "0", "no", "n", "false", "f", "off" };

	for (size_t i = 0; i < ARRAY_SIZE(yes); i++) {
		if (strcasecmp(v, yes[i]) == 0)
			return 1;
		if (strcasecmp(v, no[i]) == 0)
			return 0;
	}
	return -EINVAL;
}

static char *trim(char *s)
{
	char *e;

	while (*s == ' ' || *s == '\t' || *s == '\r')
		s++;
	e = s + strlen(s);
	while (e > s && (e[-1] == ' ' || e[-1] == '\t' || e[-1] == '\r'))
		*--e = '\0';
	return s;
}

static int set_origin(char **slot, const char *path)
{
	char *p = strdup(path);

	if (!p)
		return -ENOMEM;
	free(*slot);
	*slot = p;
	return 0;
}

/*
 * One file of the configuration, applied over what came before: Storage= and Unlink= of
 * the [PStore] section. A value systemd cannot parse it ignores (with a warning): so do we.
 */
static int apply_conf(struct pstore_ctx *ctx, struct pstore_systemd_pstore *o, const char *path)
{
	_cleanup_free_ char *buf = NULL;
	bool in_section = false;
	size_t len;
	int r;

	if (lookup(ctx, path) != 1)
		return 0; /* absent, or masked by a link to /dev/null */
	r = pstore_read_sysfile(ctx, path, &buf, &len);
	if (r < 0) {
		dbg(ctx, "%s: skipped: %s", path, pstore_errmsg(ctx));
		pstore_clear_error(ctx);
		return r == -ENOMEM ? r : 0;
	}
	for (char *line = buf, *next; line && *line; line = next) {
		char *eq, *key, *val;

		next = strchr(line, '\n');
		if (next)
			*next++ = '\0';
		line = trim(line);
		if (!*line || *line == '#' || *line == ';')
			continue;
		if (*line == '[') {
			in_section = streq(line, "[PStore]");
			continue;
		}
		eq = strchr(line, '=');
		if (!in_section || !eq)
			continue;
		*eq = '\0';
		key = trim(line);
		val = trim(eq + 1);
		if (streq(key, "Storage")) {
			int s = pstore_systemd_storage_from_string(val);

			if (s < 0) {
				warn(ctx, "%s: Storage=%s: not a storage systemd-pstore knows, ignored", path, val);
				continue;
			}
			o->storage = (enum pstore_systemd_storage)s;
			if (set_origin(&o->storage_origin, path) < 0)
				return -ENOMEM;
		} else if (streq(key, "Unlink")) {
			int b = parse_bool(val);

			if (b < 0) {
				warn(ctx, "%s: Unlink=%s: not a boolean, ignored", path, val);
				continue;
			}
			o->unlink = b;
			if (set_origin(&o->unlink_origin, path) < 0)
				return -ENOMEM;
		}
	}
	return 0;
}

/* systemd's configuration search path, highest precedence first (systemd.syntax(7)) */
static const char conf_dirs[][23] = {
	"/etc/systemd", "/run/systemd", "/usr/local/lib/systemd", "/usr/lib/systemd",
};

static int cmp_base(const void *a, const void *b)
{
	return strcmp(strrchr(*(char *const *)a, '/') + 1, strrchr(*(char *const *)b, '/') + 1);
}

/*
 * The main file (the first of the search path that exists; systemd up to 253 reads only
 * /etc/systemd/pstore.conf, where Debian 12 ships it), then the drop-ins
 * pstore.conf.d/ *.conf of every directory sorted by file name, a name in an earlier
 * directory hiding the same name in a later one: the last file to set a value wins.
 */
static int read_conf(struct pstore_ctx *ctx, struct pstore_systemd_pstore *o)
{
	char **paths = NULL;
	size_t n = 0, cap = 0;
	int r = 0;

	for (size_t i = 0; i < ARRAY_SIZE(conf_dirs); i++) {
		_cleanup_free_ char *p = NULL;
		int k;

		if (asprintf(&p, "%s/pstore.conf", conf_dirs[i]) < 0)
			return -ENOMEM;
		k = lookup(ctx, p);
		if (k == 0)
			continue;
		if (k == 1)
			r = apply_conf(ctx, o, p);
		break; /* the first found is the main file, even a link to /dev/null */
	}
	if (r < 0)
		return r;
	for (size_t i = 0; i < ARRAY_SIZE(conf_dirs) && r == 0; i++) {
		_cleanup_free_ char *dir = NULL, *full = NULL;
		struct dirent *de;
		DIR *d;

		if (asprintf(&dir, "%s/pstore.conf.d", conf_dirs[i]) < 0 ||
		    pstore_path(ctx, dir, &full) < 0) {
			r = -ENOMEM;
			break;
		}
		d = opendir(full);
		if (!d)
			continue;
		while ((de = readdir(d))) {
			size_t l = strlen(de->d_name);
			bool seen = false;

			if (l <= 5 || !streq(de->d_name + l - 5, ".conf"))
				continue;
			for (size_t k = 0; k < n && !seen; k++)
				seen = streq(strrchr(paths[k], '/') + 1, de->d_name);
			if (seen)
				continue;
			if (n == cap) {
				size_t nc = cap ? cap * 2 : 8;
				char **np = realloc(paths, nc * sizeof(*np));

				if (!np) {
					r = -ENOMEM;
					break;
				}
				paths = np;
				cap = nc;
			}
			if (asprintf(&paths[n], "%s/%s", dir, de->d_name) < 0) {
				r = -ENOMEM;
				break;
			}
			n++;
		}
		closedir(d);
	}
	/* sorted by file name, whatever the directory (names are unique by now) */
	if (r == 0 && n)
		qsort(paths, n, sizeof(*paths), cmp_base);
	for (size_t k = 0; r == 0 && k < n; k++)
		r = apply_conf(ctx, o, paths[k]);
	for (size_t k = 0; k < n; k++)
		free(paths[k]);
	free(paths);
	return r;
}

/* ---- its archive ---- */

static int read_archive(struct pstore_ctx *ctx, struct pstore_systemd_pstore *o)
{
	_cleanup_free_ char *full = NULL;
	struct pstore_source *s = NULL;
	struct pstore_record **recs = NULL;
	size_t n = 0;
	int r;

	r = pstore_path(ctx, PSTORE_SYSTEMD_ARCHIVE_DIR, &full);
	if (r < 0)
		return r;
	if (access(full, F_OK) < 0)
		return 0;
	r = pstore_source_new_dir(ctx, full, &s);
	if (r >= 0)
		r = pstore_source_list(s, &recs, &n);
	if (r < 0) {
		dbg(ctx, "%s: not read: %s", full, pstore_errmsg(ctx));
		pstore_clear_error(ctx);
		pstore_source_unref(s);
		return r == -ENOMEM ? r : 0;
	}
	o->archived = n;
	for (size_t i = 0; i < n; i++) {
		int64_t t = pstore_record_get_mtime(recs[i]);

		if (!o->newest || t > o->newest_mtime) {
			free(o->newest);
			o->newest = strdup(pstore_record_get_name(recs[i]));
			if (!o->newest) {
				r = -ENOMEM;
				break;
			}
			o->newest_mtime = t;
		}
	}
	pstore_record_list_free(recs, n);
	pstore_source_unref(s);
	return r;
}

/* ---- the object ---- */

_public_ int pstore_systemd_pstore_read(struct pstore_ctx *ctx, struct pstore_systemd_pstore **ret)
{
	struct pstore_systemd_pstore *o;
	int r;

	if (!ctx || !ret)
		return -EINVAL;
	o = calloc(1, sizeof(*o));
	if (!o)
		return pstore_err_oom(ctx);
	/* systemd's defaults (src/pstore/pstore.c) */
	o->storage = PSTORE_SYSTEMD_STORAGE_EXTERNAL;
	o->unlink = true;
	o->unit = unit_state(ctx);
	r = read_conf(ctx, o);
	if (r >= 0)
		r = read_archive(ctx, o);
	if (r < 0) {
		pstore_systemd_pstore_free(o);
		return pstore_err(ctx, r, "out of memory");
	}
	*ret = o;
	return 0;
}

_public_ enum pstore_unit_state pstore_systemd_pstore_get_unit(const struct pstore_systemd_pstore *o)
{
	return o->unit;
}

_public_ enum pstore_systemd_storage
pstore_systemd_pstore_get_storage(const struct pstore_systemd_pstore *o)
{
	return o->storage;
}

_public_ bool pstore_systemd_pstore_get_unlink(const struct pstore_systemd_pstore *o)
{
	return o->unlink;
}

_public_ const char *pstore_systemd_pstore_get_origin(const struct pstore_systemd_pstore *o,
						      const char *setting)
{
	if (setting && streq(setting, "Storage"))
		return o->storage_origin;
	if (setting && streq(setting, "Unlink"))
		return o->unlink_origin;
	return NULL;
}

_public_ bool pstore_systemd_pstore_takes_records(const struct pstore_systemd_pstore *o)
{
	/* Storage=none exits before looking; Unlink=no leaves the records in place */
	return o->unit == PSTORE_UNIT_ENABLED && o->storage != PSTORE_SYSTEMD_STORAGE_NONE &&
	       o->unlink;
}

_public_ size_t pstore_systemd_pstore_get_archived(const struct pstore_systemd_pstore *o)
{
	return o->archived;
}

_public_ const char *pstore_systemd_pstore_get_newest(const struct pstore_systemd_pstore *o,
						      int64_t *ret_mtime)
{
	if (ret_mtime)
		*ret_mtime = o->newest ? o->newest_mtime : 0;
	return o->newest;
}

_public_ void pstore_systemd_pstore_free(struct pstore_systemd_pstore *o)
{
	if (!o)
		return;
	free(o->storage_origin);
	free(o->unlink_origin);
	free(o->newest);
	free(o);
}
