/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Device trees, the running system's: ramoops nodes under /sys/firmware/devicetree/base. */
#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>

#include "dt.h"

#define LIVE_TREE "/sys/firmware/devicetree/base"

/* Cells of a live-tree directory, as the kernel reads them (walking up; defaults 1/1). */
static unsigned live_cells(int basefd, const char *dir, const char *name, unsigned dflt)
{
	char p[1024];

	snprintf(p, sizeof(p), "%s", dir);
	for (;;) {
		char f[1100];
		_cleanup_close_ int fd = -1;
		unsigned char b[4];

		snprintf(f, sizeof(f), "%s%s%s", p[0] ? p : "", p[0] ? "/" : "", name);
		fd = pstore_openat_sys(basefd, f, O_RDONLY);
		if (fd >= 0 && read(fd, b, 4) == 4)
			return (unsigned)b[0] << 24 | (unsigned)b[1] << 16 | (unsigned)b[2] << 8 |
			       b[3];
		if (!p[0])
			return dflt;
		char *slash = strrchr(p, '/');
		if (slash)
			*slash = '\0';
		else
			p[0] = '\0';
	}
}

static bool live_is_ramoops(int dirfd)
{
	_cleanup_close_ int fd = pstore_openat_sys(dirfd, "compatible", O_RDONLY);
	_cleanup_free_ char *buf = NULL;
	size_t len = 0;

	if (fd < 0 || pstore_read_fd(fd, 1u << 20, &buf, &len) < 0)
		return false;
	for (size_t i = 0; i < len; i += strlen(buf + i) + 1)
		if (streq(buf + i, RAMOOPS_COMPATIBLE))
			return true;
	return false;
}

/* @rel: path below the base, "" for the root. */
static int live_walk(struct pstore_ctx *ctx, int basefd, const char *rel, unsigned depth,
		     struct pstore_dt_node ***arr, size_t *n)
{
	_cleanup_close_ int dfd = -1;
	DIR *d;
	struct dirent *de;
	int r = 0;

	if (depth > 32)
		return 0;
	dfd = pstore_openat_sys(basefd, rel[0] ? rel : ".", O_RDONLY | O_DIRECTORY | O_NOFOLLOW);
	if (dfd < 0)
		return 0;
	if (rel[0] && live_is_ramoops(dfd)) {
		char parent[1024], path[1024];
		struct pstore_dt_node *slot;
		struct dt_props p;
		unsigned ac, sc;
		char *slash;

		snprintf(parent, sizeof(parent), "%s", rel);
		slash = strrchr(parent, '/');
		if (slash)
			*slash = '\0';
		else
			parent[0] = '\0';
		ac = live_cells(basefd, parent, "#address-cells", 1);
		sc = live_cells(basefd, parent, "#size-cells", 1);
		snprintf(path, sizeof(path), "/%s", rel);
		if (ac < 1 || ac > 2 || sc < 1 || sc > 2)
			return pstore_err(ctx, -EINVAL,
					  "%s: the parent's cells <%u>/<%u> are not supported", path,
					  ac, sc);
		r = dt_append_node(arr, n, &slot);
		if (r < 0)
			return pstore_err_sys(ctx, r, "%s", path);
		p = (struct dt_props){ .dirfd = dfd, .path = path, .ctx = ctx };
		return dt_fill_node(&p, ac, sc, slot);
	}
	int dup = fcntl(dfd, F_DUPFD_CLOEXEC, 3);
	if (dup < 0)
		return 0;
	d = fdopendir(dup);
	if (!d) {
		close(dup);
		return 0;
	}
	/* Sorted order would be nicer, but one ramoops node is the rule. */
	while ((de = readdir(d))) {
		char sub[1024];

		struct stat st;

		if (de->d_name[0] == '.')
			continue;
		if (de->d_type != DT_DIR &&
		    (de->d_type != DT_UNKNOWN ||
		     fstatat(dfd, de->d_name, &st, AT_SYMLINK_NOFOLLOW) < 0 ||
		     !S_ISDIR(st.st_mode)))
			continue;
		if ((size_t)snprintf(sub, sizeof(sub), "%s%s%s", rel, rel[0] ? "/" : "",
				     de->d_name) >= sizeof(sub))
			continue;
		r = live_walk(ctx, basefd, sub, depth + 1, arr, n);
		if (r < 0)
			break;
	}
	closedir(d);
	return r;
}

_public_ int pstore_dt_find_ramoops_live(struct pstore_ctx *ctx, struct pstore_dt_node ***ret)
{
	_cleanup_close_ int basefd = -1;
	_cleanup_free_ char *full = NULL;
	struct pstore_dt_node **arr = NULL;
	size_t n = 0;
	int r;

	basefd = pstore_open_sys(ctx, LIVE_TREE, O_RDONLY | O_DIRECTORY);
	if (basefd < 0) {
		r = basefd;
		if (pstore_path(ctx, LIVE_TREE, &full) < 0)
			full = NULL;
		if (r == -ENOENT)
			return pstore_err(ctx, r, "%s: not found: this system has no device tree",
					  full ? full : LIVE_TREE);
		return pstore_err_sys(ctx, r, "%s", full ? full : LIVE_TREE);
	}
	r = live_walk(ctx, basefd, "", 0, &arr, &n);
	if (r < 0) {
		pstore_dt_node_list_free(arr, n);
		return r;
	}
	*ret = arr;
	return (int)n;
}
