/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* /etc/pstorectl.conf and its .d/ drop-ins: "key = value" lines (man pstorectl.conf(5)). */

#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "pstorectl.h"

static const char *const keys[] = { "archive-dir", "journal", "keep", "max-boots", "max-size" };

static struct {
	bool loaded;
	char *val[ARRAY_SIZE(keys)];
} conf;

static char *trim(char *s)
{
	char *e;

	while (*s == ' ' || *s == '\t')
		s++;
	e = s + strlen(s);
	while (e > s && (e[-1] == ' ' || e[-1] == '\t' || e[-1] == '\n' || e[-1] == '\r'))
		*--e = '\0';
	return s;
}

static void load_file(const char *path)
{
	char *line = NULL;
	size_t cap = 0;
	unsigned no = 0;
	FILE *f;

	f = fopen(path, "re");
	if (!f) {
		if (errno != ENOENT)
			warnx_("%s: %s", path, strerror(errno));
		return;
	}
	while (getline(&line, &cap, f) >= 0) {
		char *k = trim(line), *eq, *v;
		size_t i;

		no++;
		if (!*k || *k == '#' || *k == ';')
			continue;
		eq = strchr(k, '=');
		if (!eq) {
			warnx_("%s:%u: not a 'key = value' line, ignored", path, no);
			continue;
		}
		*eq = '\0';
		k = trim(k);
		v = trim(eq + 1);
		for (i = 0; i < ARRAY_SIZE(keys); i++)
			if (streq(k, keys[i]))
				break;
		if (i == ARRAY_SIZE(keys)) {
			warnx_("%s:%u: unknown key '%s', ignored", path, no, k);
			continue;
		}
		free(conf.val[i]);
		conf.val[i] = strdup(v);
	}
	free(line);
	fclose(f);
}

static int by_name(const struct dirent **a, const struct dirent **b)
{
	return strcmp((*a)->d_name, (*b)->d_name);
}

static int conf_name(const struct dirent *de)
{
	size_t len = strlen(de->d_name);

	return de->d_name[0] != '.' && len > 5 && streq(de->d_name + len - 5, ".conf");
}

static void load(struct pstore_ctx *ctx)
{
	const char *root = pstore_get_sysroot(ctx);
	struct dirent **list = NULL;
	char *path = NULL;
	int n;

	conf.loaded = true;
	if (asprintf(&path, "%s/etc/pstorectl.conf", root) < 0)
		return;
	load_file(path);
	free(path);
	if (asprintf(&path, "%s/etc/pstorectl.conf.d", root) < 0)
		return;
	n = scandir(path, &list, conf_name, by_name);
	for (int i = 0; i < n; i++) {
		char *p;

		if (asprintf(&p, "%s/%s", path, list[i]->d_name) >= 0) {
			load_file(p);
			free(p);
		}
		free(list[i]);
	}
	free(list);
	free(path);
}

const char *config_get(struct pstore_ctx *ctx, const char *key)
{
	if (!conf.loaded)
		load(ctx);
	for (size_t i = 0; i < ARRAY_SIZE(keys); i++)
		if (streq(key, keys[i]))
			return conf.val[i];
	return NULL;
}
