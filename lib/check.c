/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * The check engine behind `pstorectl check`: everything that must hold for a crash to
 * leave records — kernel configuration, the ramoops module, the live system — as a list
 * of findings {id, section, status, value, detail, hint}. No printing here.
 */
#include <ctype.h>
#include <inttypes.h>
#include <stdarg.h>
#include <sys/stat.h>

#include "internal.h"
#include "memmap.h"

struct item {
	struct pstore_check pub;
	char *id, *value, *detail, *hint;
};

struct pstore_checks {
	struct item *v;
	size_t n, cap;
	bool oom;
};

static const char *const status_names[] = {
	[PSTORE_CHECK_OK] = "ok",
	[PSTORE_CHECK_WARN] = "warn",
	[PSTORE_CHECK_FAIL] = "fail",
	[PSTORE_CHECK_SKIP] = "skip",
};

_public_ const char *pstore_check_status_to_string(enum pstore_check_status s)
{
	if ((unsigned)s >= ARRAY_SIZE(status_names))
		return NULL;
	return status_names[s];
}

_public_ int pstore_check_status_from_string(const char *s)
{
	for (size_t i = 0; s && i < ARRAY_SIZE(status_names); i++)
		if (streq(s, status_names[i]))
			return (int)i;
	return -EINVAL;
}

_public_ void pstore_checks_free(struct pstore_checks *c)
{
	if (!c)
		return;
	for (size_t i = 0; i < c->n; i++) {
		free(c->v[i].id);
		free(c->v[i].value);
		free(c->v[i].detail);
		free(c->v[i].hint);
	}
	free(c->v);
	free(c);
}

_public_ size_t pstore_checks_count(const struct pstore_checks *c)
{
	return c ? c->n : 0;
}

_public_ const struct pstore_check *pstore_checks_get(const struct pstore_checks *c, size_t i)
{
	return c && i < c->n ? &c->v[i].pub : NULL;
}

_public_ const struct pstore_check *pstore_checks_find(const struct pstore_checks *c,
						      const char *id)
{
	for (size_t i = 0; c && id && i < c->n; i++)
		if (streq(c->v[i].id, id))
			return &c->v[i].pub;
	return NULL;
}

_public_ size_t pstore_checks_count_status(const struct pstore_checks *c,
					   enum pstore_check_status s)
{
	size_t k = 0;

	for (size_t i = 0; c && i < c->n; i++)
		k += c->v[i].pub.status == s;
	return k;
}

static char *vfmt(const char *fmt, va_list ap) _printf_(1, 0);
static char *vfmt(const char *fmt, va_list ap)
{
	char *s = NULL;

	if (!fmt)
		return strdup("");
	if (vasprintf(&s, fmt, ap) < 0)
		return NULL;
	return s;
}

static char *fmt(const char *f, ...) _printf_(1, 2);
static char *fmt(const char *f, ...)
{
	va_list ap;
	char *s;

	va_start(ap, f);
	s = vfmt(f, ap);
	va_end(ap);
	return s;
}

/*
 * Adds a finding; @value and @hint are plain strings (NULL = ""), the detail a format.
 * Out of memory is sticky and reported once at the end.
 */
static void add(struct pstore_checks *c, const char *id, enum pstore_check_status st,
		const char *value, const char *hint, const char *detail_fmt, ...) _printf_(6, 7);
static void add(struct pstore_checks *c, const char *id, enum pstore_check_status st,
		const char *value, const char *hint, const char *detail_fmt, ...)
{
	static const char *const sections[] = { "config", "module", "runtime" };
	struct item *it;
	const char *section = "";
	va_list ap;

	if (c->oom)
		return;
	for (size_t i = 0; i < ARRAY_SIZE(sections); i++)
		if (strncmp(id, sections[i], strlen(sections[i])) == 0 &&
		    id[strlen(sections[i])] == '.')
			section = sections[i];
	if (c->n == c->cap) {
		size_t cap = c->cap ? c->cap * 2 : 32;
		struct item *nv = realloc(c->v, cap * sizeof(*nv));

		if (!nv) {
			c->oom = true;
			return;
		}
		c->v = nv;
		c->cap = cap;
	}
	it = &c->v[c->n];
	memset(it, 0, sizeof(*it));
	it->id = strdup(id);
	it->value = strdup(value ? value : "");
	it->hint = strdup(st == PSTORE_CHECK_OK || !hint ? "" : hint);
	va_start(ap, detail_fmt);
	it->detail = vfmt(detail_fmt, ap);
	va_end(ap);
	if (!it->id || !it->value || !it->hint || !it->detail) {
		free(it->id);
		free(it->value);
		free(it->hint);
		free(it->detail);
		c->oom = true;
		return;
	}
	it->pub = (struct pstore_check){ .id = it->id, .section = section, .status = st,
					 .value = it->value, .detail = it->detail,
					 .hint = it->hint };
	c->n++;
}

/* Everything the checks learn once and share. */
struct state {
	struct pstore_ctx *ctx;
	struct pstore_checks *c;
	char *release;

	struct pstore_kconfig *kc;
	char *kc_error; /* an automatically found config that could not be parsed */
	char *kc_tried;

	struct pstore_module *mod;
	char *mod_error;
	int mod_err;

	bool have_params;
	struct pstore_ramoops_params params;
	char *params_error;
	int params_err;

	bool have_sys;     /* the sysroot has a /sys/module: a live system */
	char *backend;     /* NULL: no /sys/module/pstore/parameters/backend */
	char *cmdline;     /* NULL: no /proc/cmdline */

	struct pstore_dt_node *dt;
	int ndt;           /* < 0: no device tree */

	/* The region ramoops uses or is configured to use, and where that came from. */
	bool have_region;
	uint64_t region_addr, region_size;
	const char *region_from;
};

static void state_free(struct state *s)
{
	free(s->release);
	pstore_kconfig_free(s->kc);
	free(s->kc_error);
	free(s->kc_tried);
	pstore_module_free(s->mod);
	free(s->mod_error);
	free(s->params_error);
	free(s->backend);
	free(s->cmdline);
	free(s->dt);
}

static bool sys_path_exists(struct state *s, const char *path)
{
	_cleanup_free_ char *full = NULL;

	if (pstore_path(s->ctx, path, &full) < 0)
		return false;
	return access(full, F_OK) == 0;
}

/* Reads a small sysfs/proc file through the sysroot, trailing whitespace removed. */
static char *read_trimmed(struct state *s, const char *path)
{
	char *buf = NULL;
	size_t len;

	if (pstore_read_sysfile(s->ctx, path, &buf, &len) < 0) {
		pstore_clear_error(s->ctx);
		return NULL;
	}
	while (len > 0 && isspace((unsigned char)buf[len - 1]))
		buf[--len] = '\0';
	return buf;
}

static const char *errmsg_or(struct state *s, int r)
{
	const char *m = pstore_errmsg(s->ctx);

	return m ? m : strerror(-r);
}

/* ---- the kernel command line ---- */

/* The value of the last "key=value" word of the command line, or NULL. */
/* Parameter names compare as the kernel's parameqn() does: '-' and '_' are the same. */
static bool param_name_eq(const char *a, const char *b, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		char x = a[i] == '-' ? '_' : a[i], y = b[i] == '-' ? '_' : b[i];

		if (x != y)
			return false;
	}
	return true;
}

static char *cmdline_get(const char *cmdline, const char *key)
{
	size_t klen = strlen(key);
	const char *p = cmdline, *found = NULL;
	size_t flen = 0;

	while (p && *p) {
		const char *w, *e;
		bool q = false;

		while (*p == ' ' || *p == '\t' || *p == '\n')
			p++;
		w = p;
		for (e = p; *e && (q || (*e != ' ' && *e != '\t' && *e != '\n')); e++)
			if (*e == '"')
				q = !q;
		if ((size_t)(e - w) > klen && param_name_eq(w, key, klen) && w[klen] == '=') {
			found = w + klen + 1;
			flen = (size_t)(e - found);
		} else if ((size_t)(e - w) == klen && param_name_eq(w, key, klen)) {
			found = e;
			flen = 0;
		}
		p = e;
	}
	if (!found)
		return NULL;
	return strndup(found, flen);
}

/*
 * A size as the kernel's memparse() reads it: a number (0x hex, 0 octal) and K/M/G/T/P/E.
 * Like the kernel's simple_strtoull() it takes no blanks or sign before the digits.
 */
static const char *memparse(const char *p, uint64_t *ret)
{
	unsigned long long v;
	char *end;

	if (!isdigit((unsigned char)*p))
		return NULL;
	errno = 0;
	v = strtoull(p, &end, 0);
	if (errno || end == p)
		return NULL;
	switch (*end) {
	case 'E': case 'e': v <<= 10; /* fall through */
	case 'P': case 'p': v <<= 10; /* fall through */
	case 'T': case 't': v <<= 10; /* fall through */
	case 'G': case 'g': v <<= 10; /* fall through */
	case 'M': case 'm': v <<= 10; /* fall through */
	case 'K': case 'k': v <<= 10; end++; break;
	default: break;
	}
	*ret = v;
	return end;
}

/*
 * A module parameter of type ulong/ullong as the kernel's kstrtoull(s, 0) reads it: the
 * whole word is a number (0x hex, 0 octal), no K/M/G suffix — "ramoops.mem_size=1M" is
 * refused ("invalid for parameter") and ramoops gets no region.
 */
static bool kstrtou64(const char *p, uint64_t *ret)
{
	unsigned long long v;
	char *end;

	if (*p == '+')
		p++;
	if (!isdigit((unsigned char)*p))
		return false;
	errno = 0;
	v = strtoull(p, &end, 0);
	if (errno || end == p || (*end && !(*end == '\n' && !end[1])))
		return false;
	*ret = v;
	return true;
}

/* One item of a memmap= option, as x86's parse_memmap_one() reads it. */
struct memmap_item {
	char type; /* '@' RAM, '#' ACPI data, '$' reserved, '!' persistent, '%' retype,
		    * 'L' a memory limit (a size followed by anything else), 'x' exactmap,
		    * '?' no size (ignored by the kernel) */
	uint64_t size, addr;
	const char *text; /* the item, up to ',' or the end of the word */
	int len;
};

/*
 * Walks the items of every memmap= word of @cmdline (memmap= takes a comma list, and may
 * be given several times). Start with *pos = NULL; returns false after the last item.
 */
static bool memmap_next(const char *cmdline, const char **pos, struct memmap_item *it)
{
	const char *p = *pos ? *pos : cmdline;

	for (;;) {
		const char *w, *e, *item_end, *q;

		if (!p || !*p)
			return false;
		if (*p == ',' && *pos) { /* the next item of the current word */
			w = p + 1;
		} else {
			while (*p && isspace((unsigned char)*p))
				p++;
			if (strncmp(p, "memmap=", 7) != 0) {
				while (*p && !isspace((unsigned char)*p))
					p++;
				*pos = p;
				continue;
			}
			w = p + 7;
		}
		for (e = w; *e && !isspace((unsigned char)*e); e++)
			;
		item_end = memchr(w, ',', (size_t)(e - w));
		if (!item_end)
			item_end = e;
		*pos = item_end;
		memset(it, 0, sizeof(*it));
		it->text = w;
		it->len = (int)(item_end - w);
		if (strncmp(w, "exactmap", 8) == 0) {
			it->type = 'x';
			return true;
		}
		q = memparse(w, &it->size);
		if (!q || q > item_end) {
			it->type = '?';
			return true;
		}
		if (q < item_end && strchr("@#$!%", *q)) {
			it->type = *q;
			if (*q != '%' && (!(q = memparse(q + 1, &it->addr)) || q > item_end))
				it->type = '?';
		} else {
			it->type = 'L';
		}
		return true;
	}
}

/* ---- gathering ---- */

static void gather(struct state *s, const struct pstore_check_opts *opts)
{
	int r;

	if (!opts->config) {
		r = pstore_kconfig_read(s->ctx, NULL, s->release, &s->kc);
		if (r == -ENOENT)
			s->kc_tried = strdup(errmsg_or(s, r));
		else if (r < 0)
			s->kc_error = strdup(errmsg_or(s, r));
		pstore_clear_error(s->ctx);
	}

	r = pstore_module_lookup(s->ctx, "ramoops", s->release, &s->mod);
	if (r < 0) {
		s->mod_error = strdup(errmsg_or(s, r));
		s->mod_err = r;
	}
	pstore_clear_error(s->ctx);

	r = pstore_ramoops_params_read(s->ctx, &s->params);
	if (r == 0)
		s->have_params = true;
	else if (r != -ENOENT) {
		s->params_error = strdup(errmsg_or(s, r));
		s->params_err = r;
	}
	pstore_clear_error(s->ctx);

	s->have_sys = sys_path_exists(s, "/sys/module");
	s->backend = read_trimmed(s, "/sys/module/pstore/parameters/backend");
	s->cmdline = read_trimmed(s, "/proc/cmdline");

	s->ndt = pstore_dt_find_ramoops_live(s->ctx, &s->dt);
	pstore_clear_error(s->ctx);
	/*
	 * ram.c's probe writes the values it used back to the module's parameters, but not
	 * ecc and mem_type: when the loaded ramoops runs on the device-tree node (same reg),
	 * those two are the node's, whatever /sys/module/ramoops/parameters says.
	 */
	if (s->have_params && s->ndt == 1 && s->params.mem_size == s->dt[0].size &&
	    s->params.mem_address == s->dt[0].address) {
		s->params.ecc = s->dt[0].has_ecc_size ? (int64_t)s->dt[0].ecc_size : 0;
		s->params.mem_type = s->dt[0].has_mem_type ? (int64_t)s->dt[0].mem_type :
				     s->dt[0].unbuffered ? 1 : 0;
	}

	if (s->have_params && s->params.mem_size > 0) {
		s->have_region = true;
		s->region_addr = s->params.mem_address;
		s->region_size = s->params.mem_size;
		s->region_from = "the loaded ramoops";
	} else if (s->ndt > 0) {
		s->have_region = true;
		s->region_addr = s->dt[0].address;
		s->region_size = s->dt[0].size;
		s->region_from = "the device-tree node";
	} else if (s->cmdline) {
		_cleanup_free_ char *a = cmdline_get(s->cmdline, "ramoops.mem_address");
		_cleanup_free_ char *z = cmdline_get(s->cmdline, "ramoops.mem_size");
		if (a && z && kstrtou64(a, &s->region_addr) && kstrtou64(z, &s->region_size) &&
		    s->region_size > 0) {
			s->have_region = true;
			s->region_from = "the kernel command line";
		}
	}
}

static bool kc_on(struct state *s, const char *name)
{
	return pstore_kconfig_enabled(s->kc, name);
}

static const char *kc_val(struct state *s, const char *name)
{
	const char *v = pstore_kconfig_get(s->kc, name);

	return v ? v : "n";
}

static bool ramoops_registered(struct state *s)
{
	return s->backend && streq(s->backend, "ramoops") && s->have_params &&
	       s->params.mem_size > 0;
}

/* ---- config ---- */

static void check_config(struct state *s)
{
	struct pstore_checks *c = s->c;
	const char *v;

	if (!s->kc) {
		if (s->kc_error)
			add(c, "config.source", PSTORE_CHECK_FAIL, "",
			    "fix or remove that file, or give a good one with --config FILE", "%s",
			    s->kc_error);
		else
			add(c, "config.source", PSTORE_CHECK_SKIP, "",
			    "build the kernel with CONFIG_IKCONFIG_PROC=y (/proc/config.gz), or give --config FILE",
			    "%s; the configuration checks are skipped",
			    s->kc_tried ? s->kc_tried : "no kernel configuration");
		return;
	}
	add(c, "config.source", PSTORE_CHECK_OK, pstore_kconfig_get_origin(s->kc), NULL,
	    "%zu symbols", pstore_kconfig_count(s->kc));

	v = kc_val(s, "PSTORE");
	if (streq(v, "y"))
		add(c, "config.PSTORE", PSTORE_CHECK_OK, v, NULL, "pstore is built in");
	else if (streq(v, "m"))
		add(c, "config.PSTORE", PSTORE_CHECK_OK, v, NULL,
		    "pstore is a module: it must be loaded before a backend registers");
	else
		add(c, "config.PSTORE", PSTORE_CHECK_FAIL, v,
		    kc_on(s, "MISC_FILESYSTEMS") ?
			    "enable CONFIG_PSTORE (File systems > Miscellaneous filesystems > Persistent store support) and rebuild the kernel" :
			    "enable CONFIG_MISC_FILESYSTEMS, then CONFIG_PSTORE (without the first the pstore options are hidden), and rebuild",
		    "no pstore in this kernel: nothing survives a crash");

	v = kc_val(s, "PSTORE_RAM");
	if (streq(v, "y"))
		add(c, "config.PSTORE_RAM", PSTORE_CHECK_OK, v, NULL, "ramoops is built in");
	else if (streq(v, "m"))
		add(c, "config.PSTORE_RAM", PSTORE_CHECK_OK, v, NULL,
		    "ramoops is a module (ramoops.ko): it must be loaded with a region");
	else
		add(c, "config.PSTORE_RAM", PSTORE_CHECK_FAIL, v,
		    "enable CONFIG_PSTORE_RAM (=y, or =m for ramoops.ko) and rebuild the kernel",
		    "no ramoops in this kernel: no RAM backend for pstore");

	v = kc_val(s, "PSTORE_CONSOLE");
	if (kc_on(s, "PSTORE_CONSOLE"))
		add(c, "config.PSTORE_CONSOLE", PSTORE_CHECK_OK, v, NULL,
		    "console-ramoops-0 keeps the kernel log up to the reset");
	else
		add(c, "config.PSTORE_CONSOLE", PSTORE_CHECK_WARN, v,
		    "enable CONFIG_PSTORE_CONSOLE (Debian's kernels leave it off)",
		    "console frontend not available: no console-ramoops-0 record (the kernel log up to a reset or hang); only oops/panic dumps are kept");

	v = kc_val(s, "PSTORE_PMSG");
	if (kc_on(s, "PSTORE_PMSG"))
		add(c, "config.PSTORE_PMSG", PSTORE_CHECK_OK, v, NULL,
		    "/dev/pmsg0 keeps user-space messages in pmsg-ramoops-0");
	else
		add(c, "config.PSTORE_PMSG", PSTORE_CHECK_WARN, v,
		    "enable CONFIG_PSTORE_PMSG (Debian's kernels leave it off)",
		    "pmsg frontend not available: no /dev/pmsg0 and no pmsg-ramoops-0 (user space cannot leave messages)");

	v = kc_val(s, "PSTORE_FTRACE");
	add(c, "config.PSTORE_FTRACE", PSTORE_CHECK_OK, v, NULL, "%s",
	    kc_on(s, "PSTORE_FTRACE") ?
		    "ftrace-ramoops-0 can keep a function trace (enable it in /sys/kernel/debug/pstore/record_ftrace)" :
		    "no ftrace-ramoops-0 (a function trace of the last moments, a debugging aid): give ramoops ftrace_size=0");

	/* >= 6.6: PSTORE_COMPRESS alone means deflate; before: one symbol per algorithm. */
	{
		static const char *const algos[] = { "DEFLATE", "LZO", "LZ4", "LZ4HC", "842",
						     "ZSTD" };
		char list[64] = "";
		const char *def = pstore_kconfig_get(s->kc, "PSTORE_COMPRESS_DEFAULT");

		for (size_t i = 0; i < ARRAY_SIZE(algos); i++) {
			char sym[40];

			snprintf(sym, sizeof(sym), "PSTORE_%s_COMPRESS", algos[i]);
			if (kc_on(s, sym)) {
				size_t l = strlen(list);

				snprintf(list + l, sizeof(list) - l, "%s%s", l ? "," : "", algos[i]);
			}
		}
		for (char *p = list; *p; p++)
			*p = (char)tolower((unsigned char)*p);
		if (!kc_on(s, "PSTORE_COMPRESS") && !*list)
			add(c, "config.compression", PSTORE_CHECK_OK, "none", NULL,
			    "dmesg records are stored uncompressed: fewer lines fit in a record");
		else if (*list)
			add(c, "config.compression", PSTORE_CHECK_OK, def && *def ? def : list, NULL,
			    "dmesg records are compressed (available: %s; pstore.compress= picks one)",
			    list);
		else if (pstore_kconfig_get(s->kc, "PSTORE_COMPRESS") &&
			 pstore_kconfig_get(s->kc, "PSTORE_DEFLATE_COMPRESS"))
			add(c, "config.compression", PSTORE_CHECK_WARN, "none",
			    "enable one of CONFIG_PSTORE_*_COMPRESS (deflate)",
			    "CONFIG_PSTORE_COMPRESS without an algorithm: records stay uncompressed");
		else
			add(c, "config.compression", PSTORE_CHECK_OK, "deflate", NULL,
			    "dmesg records are compressed with deflate (Linux 6.6 and later)");
	}

	v = kc_val(s, "REED_SOLOMON");
	if (kc_on(s, "REED_SOLOMON"))
		add(c, "config.REED_SOLOMON", PSTORE_CHECK_OK, v, NULL,
		    "ramoops ecc= (Reed-Solomon parity) is available%s",
		    streq(v, "m") ? "; reed_solomon.ko loads with ramoops" : "");
	else
		add(c, "config.REED_SOLOMON", PSTORE_CHECK_WARN, v,
		    "enable CONFIG_REED_SOLOMON (CONFIG_PSTORE_RAM selects it)",
		    "no Reed-Solomon: ramoops cannot use ecc=");

	if (!kc_on(s, "OF"))
		add(c, "config.OF_RESERVED_MEM", PSTORE_CHECK_SKIP, kc_val(s, "OF_RESERVED_MEM"),
		    NULL, "not a device-tree kernel (CONFIG_OF is off)");
	else if (kc_on(s, "OF_RESERVED_MEM"))
		add(c, "config.OF_RESERVED_MEM", PSTORE_CHECK_OK, kc_val(s, "OF_RESERVED_MEM"),
		    NULL, "a /reserved-memory ramoops node is honoured");
	else
		add(c, "config.OF_RESERVED_MEM", PSTORE_CHECK_WARN,
		    kc_val(s, "OF_RESERVED_MEM"), "enable CONFIG_OF_RESERVED_MEM",
		    "a /reserved-memory ramoops node is not reserved by this kernel");

	if (kc_on(s, "MAGIC_SYSRQ"))
		add(c, "config.MAGIC_SYSRQ", PSTORE_CHECK_OK, kc_val(s, "MAGIC_SYSRQ"), NULL,
		    "test with: echo c > /proc/sysrq-trigger (crashes the machine)");
	else
		add(c, "config.MAGIC_SYSRQ", PSTORE_CHECK_WARN, kc_val(s, "MAGIC_SYSRQ"),
		    "enable CONFIG_MAGIC_SYSRQ to test with echo c > /proc/sysrq-trigger",
		    "no sysrq: no easy way to test a crash");

	v = pstore_kconfig_get(s->kc, "PSTORE_DEFAULT_KMSG_BYTES");
	if (v)
		add(c, "config.PSTORE_DEFAULT_KMSG_BYTES", PSTORE_CHECK_OK, v, NULL,
		    "bytes of kernel log per dump (pstore.kmsg_bytes= changes it); ramoops keeps what fits in one record");
	else
		add(c, "config.PSTORE_DEFAULT_KMSG_BYTES", PSTORE_CHECK_SKIP, "", NULL,
		    "not in this configuration");

	/* Backends that may register before ramoops: only one backend is active at a time. */
	{
		char list[160] = "";
		size_t l;

		if (kc_on(s, "EFI_VARS_PSTORE") && !kc_on(s, "EFI_VARS_PSTORE_DEFAULT_DISABLE")) {
			l = strlen(list);
			snprintf(list + l, sizeof(list) - l, "%sEFI_VARS_PSTORE=%s", l ? " " : "",
				 kc_val(s, "EFI_VARS_PSTORE"));
		}
		if (kc_on(s, "ACPI_APEI")) {
			l = strlen(list);
			snprintf(list + l, sizeof(list) - l, "%sACPI_APEI=%s (ERST)", l ? " " : "",
				 kc_val(s, "ACPI_APEI"));
		}
		if (kc_on(s, "PSTORE_BLK")) {
			l = strlen(list);
			snprintf(list + l, sizeof(list) - l, "%sPSTORE_BLK=%s", l ? " " : "",
				 kc_val(s, "PSTORE_BLK"));
		}
		if (!*list)
			add(c, "config.backends", PSTORE_CHECK_OK, "none", NULL,
			    "no other pstore backend can take ramoops' place");
		else if (ramoops_registered(s))
			add(c, "config.backends", PSTORE_CHECK_OK, list, NULL,
			    "other backends are built, but ramoops registered first");
		else
			add(c, "config.backends", PSTORE_CHECK_WARN, list,
			    "if one of them registers first: pstore.backend=ramoops or efi_pstore.pstore_disable=1 on the kernel command line",
			    "only one pstore backend is active at a time; the first to register locks the others out");
	}
}

/* ---- module ---- */

static void check_module(struct state *s)
{
	struct pstore_checks *c = s->c;
	const char *ram = pstore_kconfig_get(s->kc, "PSTORE_RAM");
	const char *load_hint =
		"pstorectl load --mem-address ADDR --mem-size SIZE (a region reserved with memmap=), or a device-tree node and modprobe ramoops";

	if (s->mod_error && s->mod_err == -EOPNOTSUPP) {
		/* libkmod is loaded on demand: without it the module cannot be looked up. */
		add(c, "module.ramoops", PSTORE_CHECK_SKIP, "no libkmod",
		    "install libkmod2, the package of libkmod.so.2, to look up the module", "%s",
		    s->mod_error);
	} else if (s->mod_error) {
		add(c, "module.ramoops", PSTORE_CHECK_WARN, "", "check the module directory",
		    "%s", s->mod_error);
	} else {
		enum pstore_module_kind k = pstore_module_get_kind(s->mod);
		const char *path = pstore_module_get_path(s->mod);
		_cleanup_free_ char *deps = NULL, *moddir = NULL, *rel = NULL;
		const char *shown = path;

		if (asprintf(&rel, "/lib/modules/%s/", s->release) >= 0 &&
		    pstore_path(s->ctx, rel, &moddir) == 0 && path &&
		    strncmp(path, moddir, strlen(moddir)) == 0)
			shown = path + strlen(moddir);
		for (size_t i = 0; i < pstore_module_dep_count(s->mod); i++) {
			char *n = fmt("%s%s%s", deps ? deps : "", deps ? ", " : "",
				      pstore_module_get_dep(s->mod, i));

			free(deps);
			deps = n;
			if (!n) {
				c->oom = true;
				return;
			}
		}
		if (k == PSTORE_MODULE_BUILTIN)
			add(c, "module.ramoops", PSTORE_CHECK_OK, "built-in", NULL,
			    "ramoops is built into the kernel %s", s->release);
		else if (k == PSTORE_MODULE_FILE && pstore_module_is_loaded(s->mod))
			add(c, "module.ramoops", PSTORE_CHECK_OK, "loaded", NULL, "%s%s%s", shown,
			    deps ? ", depends on " : "", deps ? deps : "");
		else if (k == PSTORE_MODULE_FILE)
			add(c, "module.ramoops", PSTORE_CHECK_WARN, "not loaded", load_hint,
			    "%s%s%s, not loaded: ramoops keeps nothing until it is", shown,
			    deps ? ", depends on " : "", deps ? deps : "");
		else if (ram && streq(ram, "y"))
			add(c, "module.ramoops", PSTORE_CHECK_OK, "built-in", NULL,
			    "built in according to the kernel configuration");
		else if (pstore_module_is_loaded(s->mod))
			add(c, "module.ramoops", PSTORE_CHECK_OK, "loaded", NULL,
			    "loaded; the module file was not found (%s)",
			    pstore_module_get_problem(s->mod) ? pstore_module_get_problem(s->mod) : "");
		else if (ram && streq(ram, "m"))
			add(c, "module.ramoops", PSTORE_CHECK_FAIL, "missing",
			    "install the kernel's modules (the linux-image package) and run depmod",
			    "CONFIG_PSTORE_RAM=m but no module: %s",
			    pstore_module_get_problem(s->mod) ? pstore_module_get_problem(s->mod) : "");
		else if (s->kc)
			add(c, "module.ramoops", PSTORE_CHECK_FAIL, "missing",
			    "enable CONFIG_PSTORE_RAM and rebuild the kernel",
			    "ramoops is not in this kernel");
		else
			add(c, "module.ramoops", PSTORE_CHECK_WARN, "missing",
			    "install the kernel's modules, or check that the kernel has CONFIG_PSTORE_RAM",
			    "not found: %s",
			    pstore_module_get_problem(s->mod) ? pstore_module_get_problem(s->mod) : "");
	}

	if (s->params_error) {
		/* The parameter files are 0400: only root reads them. */
		if (s->params_err == -EACCES || s->params_err == -EPERM)
			add(c, "module.params", PSTORE_CHECK_SKIP, "", "run as root", "%s",
			    s->params_error);
		else
			add(c, "module.params", PSTORE_CHECK_WARN, "",
			    "look at /sys/module/ramoops/parameters", "%s", s->params_error);
		return;
	}
	if (!s->have_params) {
		add(c, "module.params", PSTORE_CHECK_SKIP, "", NULL,
		    "ramoops is not loaded: no /sys/module/ramoops/parameters");
		return;
	}
	{
		const struct pstore_ramoops_params *p = &s->params;
		_cleanup_free_ char *value = NULL, *problems = NULL;
		enum pstore_check_status st = PSTORE_CHECK_OK;
		const char *hint = NULL;
		struct pstore_layout *lay = NULL;
		struct pstore_layout_params lp;

		/* The same words pstorectl load and modprobe take. */
		pstore_ramoops_params_to_layout(p, &lp);
		if (pstore_ramoops_options(&lp, NULL, &value) < 0)
			value = NULL;
		if (!value) {
			c->oom = true;
			return;
		}
		if (p->mem_size == 0) {
			add(c, "module.params", PSTORE_CHECK_FAIL, value, load_hint,
			    "ramoops has no memory region (mem_size=0): it registered nothing");
			return;
		}
#define PROBLEM(...)                                                                     \
	do {                                                                             \
		char *n_ = fmt("%s%s", problems ? problems : "", problems ? "; " : "");  \
		char *m_ = fmt(__VA_ARGS__);                                             \
		free(problems);                                                          \
		problems = n_ && m_ ? fmt("%s%s", n_, m_) : NULL;                        \
		free(n_);                                                                \
		free(m_);                                                                \
	} while (0)
		if (pstore_layout_compute(s->ctx, &lp, &lay) < 0) {
			st = PSTORE_CHECK_FAIL;
			hint = load_hint;
			PROBLEM("%s", pstore_errmsg(s->ctx) ? pstore_errmsg(s->ctx) : "bad layout");
		} else {
			if (pstore_layout_dump_records(lay) > 0)
				PROBLEM("%u dmesg records", pstore_layout_dump_records(lay));
			pstore_layout_free(lay);
		}
		pstore_clear_error(s->ctx);
		if (p->record_size == 0) {
			st = st == PSTORE_CHECK_OK ? PSTORE_CHECK_WARN : st;
			PROBLEM("record_size=0: no dmesg records of oops or panic");
		}
		if (s->kc && p->console_size && !kc_on(s, "PSTORE_CONSOLE")) {
			st = st == PSTORE_CHECK_OK ? PSTORE_CHECK_WARN : st;
			PROBLEM("console zone unused (no CONFIG_PSTORE_CONSOLE)");
		}
		if (s->kc && p->pmsg_size && !kc_on(s, "PSTORE_PMSG")) {
			st = st == PSTORE_CHECK_OK ? PSTORE_CHECK_WARN : st;
			PROBLEM("pmsg zone unused (no CONFIG_PSTORE_PMSG)");
		}
		if (s->kc && p->ftrace_size && !kc_on(s, "PSTORE_FTRACE")) {
			st = st == PSTORE_CHECK_OK ? PSTORE_CHECK_WARN : st;
			PROBLEM("ftrace zone of %" PRIu64 " bytes unused (no CONFIG_PSTORE_FTRACE; 4096 is the module default when ftrace_size is not given)",
				p->ftrace_size);
		}
		if (st == PSTORE_CHECK_WARN)
			hint = "reload ramoops without the unused zones (pstorectl load ... --ftrace-size 0), or give the space to record_size";
		if (!problems) {
			c->oom = true;
			return;
		}
		add(c, "module.params", st, value, hint, "%s", problems);
#undef PROBLEM
	}
}

/* ---- runtime ---- */

static void check_backend(struct state *s)
{
	struct pstore_checks *c = s->c;
	_cleanup_free_ char *want = s->cmdline ? cmdline_get(s->cmdline, "pstore.backend") : NULL;

	if (!s->backend) {
		if (s->have_sys)
			add(c, "runtime.backend", PSTORE_CHECK_FAIL, "",
			    pstore_kconfig_get(s->kc, "PSTORE") &&
					    streq(pstore_kconfig_get(s->kc, "PSTORE"), "m") ?
				    "modprobe pstore" :
				    "use a kernel with CONFIG_PSTORE",
			    "no /sys/module/pstore: pstore is not in the running kernel");
		else
			add(c, "runtime.backend", PSTORE_CHECK_SKIP, "", NULL,
			    "no /sys/module under the sysroot: not a live system");
		return;
	}
	if (streq(s->backend, "ramoops")) {
		if (want && streq(want, "ramoops") && !(s->have_params && s->params.mem_size))
			add(c, "runtime.backend", PSTORE_CHECK_FAIL, "ramoops",
			    "load ramoops with a region (see module.ramoops), then check dmesg | grep -iE 'ramoops|pstore'",
			    "pstore.backend=ramoops on the command line only asks for ramoops; no ramoops with a region has registered");
		else
			add(c, "runtime.backend", PSTORE_CHECK_OK, "ramoops", NULL,
			    "ramoops is the registered pstore backend");
		return;
	}
	if (!*s->backend || streq(s->backend, "(null)")) {
		const char *hint;

		if (!s->have_params)
			hint = "load ramoops (see module.ramoops)";
		else if (s->params.mem_size == 0)
			hint = "give ramoops a region (see module.params)";
		else
			hint = "ramoops did not register: see dmesg | grep -iE 'ramoops|pstore'";
		add(c, "runtime.backend", PSTORE_CHECK_FAIL, "none", hint,
		    "no pstore backend is registered: nothing will be kept");
		return;
	}
	add(c, "runtime.backend", PSTORE_CHECK_FAIL, s->backend,
	    "add pstore.backend=ramoops (or efi_pstore.pstore_disable=1 for efi_pstore) to the kernel command line",
	    "'%s' registered first: ramoops is locked out (one backend at a time)", s->backend);
}

static void check_mount(struct state *s)
{
	_cleanup_free_ char *buf = NULL, *where = NULL;
	size_t len;

	if (pstore_read_sysfile(s->ctx, "/proc/self/mountinfo", &buf, &len) < 0) {
		add(s->c, "runtime.mount", PSTORE_CHECK_SKIP, "", NULL, "%s",
		    pstore_errmsg(s->ctx));
		pstore_clear_error(s->ctx);
		return;
	}
	if (pstore_mountinfo_find(buf, len, "pstore", &where) == 0)
		add(s->c, "runtime.mount", PSTORE_CHECK_OK, where, NULL,
		    "pstore is mounted: records show up there");
	else
		add(s->c, "runtime.mount", PSTORE_CHECK_WARN, "not mounted",
		    "pstorectl mount (or: mount -t pstore pstore /sys/fs/pstore)",
		    "pstore is not mounted: records are kept but not visible");
}

static void check_pmsg(struct state *s)
{
	_cleanup_free_ char *full = NULL;
	struct stat st;

	if (pstore_path(s->ctx, "/dev/pmsg0", &full) < 0) {
		s->c->oom = true;
		return;
	}
	if (stat(full, &st) == 0) {
		add(s->c, "runtime.pmsg", PSTORE_CHECK_OK, "/dev/pmsg0", NULL, "%s",
		    S_ISCHR(st.st_mode) ? "user space can write to pmsg-ramoops-0" :
					  "present (not a character device: a stand-in?)");
		return;
	}
	if (!sys_path_exists(s, "/dev"))
		add(s->c, "runtime.pmsg", PSTORE_CHECK_SKIP, "", NULL,
		    "no /dev under the sysroot");
	else if (s->kc && !kc_on(s, "PSTORE_PMSG"))
		add(s->c, "runtime.pmsg", PSTORE_CHECK_SKIP, "absent", NULL,
		    "no /dev/pmsg0: the kernel has no CONFIG_PSTORE_PMSG (see config.PSTORE_PMSG)");
	else if (s->have_params && s->params.pmsg_size == 0)
		add(s->c, "runtime.pmsg", PSTORE_CHECK_WARN, "absent",
		    "give ramoops a pmsg zone (pmsg_size=0x4000)",
		    "no /dev/pmsg0: ramoops has pmsg_size=0");
	else if (!ramoops_registered(s))
		add(s->c, "runtime.pmsg", PSTORE_CHECK_SKIP, "absent", NULL,
		    "no /dev/pmsg0: ramoops is not registered (see runtime.backend)");
	else
		add(s->c, "runtime.pmsg", PSTORE_CHECK_WARN, "absent",
		    "is devtmpfs mounted on /dev? see dmesg | grep pmsg",
		    "no /dev/pmsg0 although ramoops has a pmsg zone");
}

static bool reserving_name(const char *name)
{
	return streq(name, "Reserved") || streq(name, "reserved") ||
	       strncmp(name, "Persistent Memory", 17) == 0 || strncmp(name, "ramoops", 7) == 0;
}

/* memmap=SIZE$ADDR or memmap=SIZE!ADDR on the command line covering [a, a+z). */
static bool cmdline_reserves(const char *cmdline, uint64_t a, uint64_t z)
{
	const char *pos = NULL;
	struct memmap_item it;

	while (memmap_next(cmdline, &pos, &it))
		if ((it.type == '$' || it.type == '!') && it.addr <= a && a - it.addr <= it.size &&
		    z <= it.size - (a - it.addr))
			return true;
	return false;
}

enum region_kind { REGION_RESERVED, REGION_HOLE_MEMMAP, REGION_RAM, REGION_PARTLY, REGION_NOWHERE };

/*
 * Where [a, a+z) lies in /proc/iomem; *where gets the entry that decided it (or NULL).
 * The memory map's rule (lib/memmap.c) asked the other way round: System RAM entries are
 * the RAM, reserving entries the busy ranges, and a region one of them holds is reserved.
 */
static enum region_kind region_classify(const struct pstore_iomem *io, const char *cmdline,
					uint64_t a, uint64_t z,
					const struct pstore_iomem_entry **where)
{
	struct memmap_where w;

	memmap_where_init(&w, a, a + z - 1);
	for (size_t i = 0; i < pstore_iomem_count(io); i++) {
		const struct pstore_iomem_entry *e = pstore_iomem_get(io, i);

		if (reserving_name(e->name))
			memmap_where_busy(&w, e->start, e->end, i);
		else if (streq(e->name, "System RAM"))
			memmap_where_ram(&w, e->start, e->end, i);
	}
	*where = w.busy_whole >= 0 ? pstore_iomem_get(io, (size_t)w.busy_whole) :
		 w.ram_last >= 0 ? pstore_iomem_get(io, (size_t)w.ram_last) :
		 w.nbusy ? pstore_iomem_get(io, (size_t)w.busy_last) : NULL;
	if (w.busy_whole >= 0)
		return REGION_RESERVED;
	if (w.ram_last >= 0)
		return REGION_RAM;
	if (w.nbusy)
		return REGION_PARTLY;
	if (cmdline && cmdline_reserves(cmdline, a, z))
		return REGION_HOLE_MEMMAP;
	return REGION_NOWHERE;
}

/*
 * Linux 6.12: ramoops.mem_name=LABEL takes the region of reserve_mem=SIZE:ALIGN:LABEL. That
 * memory is memblock-reserved, which x86 does not show in /proc/iomem: it stays inside
 * "System RAM" there. True when such a pair of the command line gives a region of size @z.
 */
static bool reserve_mem_covers(struct state *s, uint64_t z)
{
	_cleanup_free_ char *label = NULL;
	const char *p;

	if (!s->cmdline)
		return false;
	label = cmdline_get(s->cmdline, "ramoops.mem_name");
	if (!label)
		label = read_trimmed(s, "/sys/module/ramoops/parameters/mem_name");
	if (!label || !*label || streq(label, "(null)"))
		return false;
	for (p = s->cmdline; (p = strstr(p, "reserve_mem=")); p += 12) {
		const char *q, *l;
		uint64_t size, align;
		size_t n = strlen(label);

		if (p != s->cmdline && !isspace((unsigned char)p[-1]))
			continue;
		q = memparse(p + 12, &size);
		if (!q || *q != ':' || !(q = memparse(q + 1, &align)) || *q != ':')
			continue;
		l = q + 1;
		if (strncmp(l, label, n) == 0 && (!l[n] || isspace((unsigned char)l[n])) &&
		    size == z)
			return true;
	}
	return false;
}

static void check_iomem(struct state *s)
{
	struct pstore_iomem *io = NULL;
	const struct pstore_iomem_entry *e;
	char value[64];
	uint64_t a = s->region_addr, z = s->region_size;
	int r;

	if (!s->have_region) {
		add(s->c, "runtime.iomem", PSTORE_CHECK_SKIP, "", NULL,
		    "no ramoops region known (not loaded, no device-tree node, no ramoops.mem_address=)");
		return;
	}
	snprintf(value, sizeof(value), "0x%" PRIx64 "@0x%" PRIx64, z, a);
	if (a + z - 1 < a) {
		add(s->c, "runtime.iomem", PSTORE_CHECK_FAIL, value, "fix mem_address/mem_size",
		    "the region from %s wraps around the address space", s->region_from);
		return;
	}
	r = pstore_iomem_read(s->ctx, NULL, &io);
	if (r < 0) {
		add(s->c, "runtime.iomem", PSTORE_CHECK_SKIP, value,
		    r == -EPERM ? "run as root" : NULL, "%s", errmsg_or(s, r));
		pstore_clear_error(s->ctx);
		return;
	}
	switch (region_classify(io, s->cmdline, a, z, &e)) {
	case REGION_RESERVED:
		add(s->c, "runtime.iomem", PSTORE_CHECK_OK, value, NULL,
		    "the region of %s is reserved (%" PRIx64 "-%" PRIx64 " : %s)", s->region_from,
		    e->start, e->end, e->name);
		break;
	case REGION_HOLE_MEMMAP:
		add(s->c, "runtime.iomem", PSTORE_CHECK_OK, value, NULL,
		    "the region of %s is a hole in the memory map, taken out of System RAM by memmap=",
		    s->region_from);
		break;
	case REGION_RAM:
		if (reserve_mem_covers(s, z)) {
			add(s->c, "runtime.iomem", PSTORE_CHECK_OK, value, NULL,
			    "the region of %s is reserve_mem= memory named by ramoops.mem_name= (memblock-reserved: /proc/iomem shows System RAM; the place may move between boots)",
			    s->region_from);
			break;
		}
		/* fall through */
	case REGION_PARTLY:
		add(s->c, "runtime.iomem", PSTORE_CHECK_FAIL, value,
		    "reserve it at boot: memmap=SIZE$ADDR on the kernel command line (x86; in GRUB write \\$), or a /reserved-memory node; see pstorectl plan",
		    "the region of %s is %s (%" PRIx64 "-%" PRIx64 " : %s): the kernel reuses it, records get overwritten",
		    s->region_from,
		    streq(e->name, "System RAM") ? "unreserved System RAM" : "only partly reserved",
		    e->start, e->end, e->name);
		break;
	case REGION_NOWHERE:
		add(s->c, "runtime.iomem", PSTORE_CHECK_WARN, value,
		    "check the address: ramoops needs RAM that keeps its content across a reset",
		    "the region of %s is neither System RAM nor reserved in /proc/iomem: is there memory at this address?",
		    s->region_from);
		break;
	}
	pstore_iomem_free(io);
}

_public_ int pstore_cmdline_reservation(struct pstore_ctx *ctx, struct pstore_range *ret)
{
	_cleanup_free_ char *buf = NULL;
	const char *pos = NULL;
	struct memmap_item it;
	unsigned found = 0;
	size_t len;
	int r;

	if (!ret)
		return -EINVAL;
	r = pstore_read_sysfile(ctx, "/proc/cmdline", &buf, &len);
	if (r < 0)
		return r;
	while (memmap_next(buf, &pos, &it))
		if ((it.type == '$' || it.type == '!') && it.size > 0) {
			found++;
			ret->start = it.addr;
			ret->size = it.size;
		}
	return found == 1 ? 1 : 0;
}

_public_ int pstore_check_region(struct pstore_ctx *ctx, uint64_t address, uint64_t size)
{
	_cleanup_free_ char *cmdline = NULL;
	const struct pstore_iomem_entry *e;
	struct pstore_iomem *io = NULL;
	enum region_kind k;
	size_t len;
	int r;

	if (size == 0 || address + size - 1 < address)
		return pstore_err(ctx, -EINVAL, "0x%" PRIx64 "@0x%" PRIx64 ": not a valid region",
				  size, address);
	r = pstore_iomem_read(ctx, NULL, &io);
	if (r < 0)
		return r;
	if (pstore_read_sysfile(ctx, "/proc/cmdline", &cmdline, &len) < 0) {
		pstore_clear_error(ctx);
		cmdline = NULL;
	}
	k = region_classify(io, cmdline, address, size, &e);
	switch (k) {
	case REGION_RESERVED:
	case REGION_HOLE_MEMMAP:
		r = 0;
		break;
	case REGION_RAM:
	case REGION_PARTLY:
		r = pstore_err(ctx, -EBUSY,
			       "0x%" PRIx64 "@0x%" PRIx64 ": %s (/proc/iomem %" PRIx64 "-%" PRIx64 " : %s): reserve it at boot with memmap=0x%" PRIx64 "$0x%" PRIx64 " or a /reserved-memory node",
			       size, address,
			       k == REGION_RAM ? "not reserved, the kernel uses this RAM" :
						 "only partly reserved",
			       e->start, e->end, e->name, size, address);
		break;
	case REGION_NOWHERE:
		r = pstore_err(ctx, -ENXIO,
			       "0x%" PRIx64 "@0x%" PRIx64 ": neither System RAM nor reserved in /proc/iomem: no memory there?",
			       size, address);
		break;
	}
	pstore_iomem_free(io);
	return r;
}

static uint64_t rounddown_pow2(uint64_t v)
{
	return v ? UINT64_C(1) << (63 - __builtin_clzll(v)) : 0;
}

static void check_devicetree(struct state *s)
{
	const struct pstore_dt_node *n;
	const struct pstore_ramoops_params *p = &s->params;
	char value[300];
	char diff[200] = "";
	size_t l;

	if (s->ndt < 0) {
		add(s->c, "runtime.devicetree", PSTORE_CHECK_SKIP, "", NULL,
		    "not a device-tree system (no /sys/firmware/devicetree/base)");
		return;
	}
	if (s->ndt == 0) {
		add(s->c, "runtime.devicetree", PSTORE_CHECK_SKIP, "none", NULL,
		    "no ramoops node in the device tree%s",
		    s->have_params && p->mem_size ? ": ramoops uses module parameters" : "");
		return;
	}
	n = &s->dt[0];
	snprintf(value, sizeof(value), "%s: 0x%" PRIx64 "@0x%" PRIx64, n->path, n->size,
		 n->address);
	if (s->ndt > 1) {
		add(s->c, "runtime.devicetree", PSTORE_CHECK_WARN, value,
		    "keep one ramoops node: the kernel allows one ramoops instance",
		    "%d ramoops nodes; only one can be used", s->ndt);
		return;
	}
	if (!s->have_params) {
		add(s->c, "runtime.devicetree", PSTORE_CHECK_OK, value, NULL,
		    "modprobe ramoops (or a built-in ramoops) binds to this node");
		return;
	}
	/* ram.c's probe rounds each zone size down to a power of two before it writes the
	 * sizes back to the module's parameters; the address and the region size stay. */
#define CMP(field, have, dtv, name)                                                      \
	do {                                                                             \
		uint64_t dv_ = (have) ? (dtv) : 0;                                       \
		if (strcmp(name, "mem_address") && strcmp(name, "mem_size"))             \
			dv_ = rounddown_pow2(dv_);                                       \
		if (p->field != dv_) {                                           \
			l = strlen(diff);                                                \
			snprintf(diff + l, sizeof(diff) - l, "%s%s 0x%" PRIx64 " vs 0x%" PRIx64, \
				 l ? ", " : "", name, p->field, dv_);                    \
		}                                                                        \
	} while (0)
	CMP(mem_address, true, n->address, "mem_address");
	CMP(mem_size, true, n->size, "mem_size");
	CMP(record_size, n->has_record_size, n->record_size, "record_size");
	CMP(console_size, n->has_console_size, n->console_size, "console_size");
	CMP(pmsg_size, n->has_pmsg_size, n->pmsg_size, "pmsg_size");
	CMP(ftrace_size, n->has_ftrace_size, n->ftrace_size, "ftrace_size");
#undef CMP
	if (!*diff)
		add(s->c, "runtime.devicetree", PSTORE_CHECK_OK, value, NULL,
		    "the loaded ramoops uses this node's values");
	else
		add(s->c, "runtime.devicetree", PSTORE_CHECK_WARN, value,
		    "remove the ramoops.* parameters (command line, modprobe.d) that override the node, or fix the node",
		    "the loaded ramoops does not match the node (module vs node: %s)", diff);
}

static void check_cmdline(struct state *s)
{
	char value[512] = "";
	const char *p;
	bool bad_memmap = false;
	char bad[64] = "";
	bool stop = false;
	_cleanup_free_ char *ma = NULL, *ms = NULL;

	if (!s->cmdline) {
		add(s->c, "runtime.cmdline", PSTORE_CHECK_SKIP, "", NULL, "no /proc/cmdline");
		return;
	}
	/* Collect the words that matter, for the value. */
	for (p = s->cmdline; *p;) {
		const char *w, *e;
		size_t l;

		while (*p == ' ' || *p == '\t' || *p == '\n')
			p++;
		w = p;
		for (e = p; *e && *e != ' ' && *e != '\t' && *e != '\n'; e++)
			;
		p = e;
		if (e == w)
			break;
		if (!(strncmp(w, "memmap=", 7) == 0 || strncmp(w, "ramoops.", 8) == 0 ||
		      strncmp(w, "pstore.", 7) == 0 || strncmp(w, "efi_pstore.", 11) == 0 ||
		      strncmp(w, "reserve_mem=", 12) == 0 ||
		      strncmp(w, "crash_kexec_post_notifiers", 26) == 0 ||
		      strncmp(w, "printk.always_kmsg_dump", 23) == 0))
			continue;
		l = strlen(value);
		snprintf(value + l, sizeof(value) - l, "%s%.*s", l ? " " : "", (int)(e - w), w);
	}
	{
		const char *pos = NULL;
		struct memmap_item it;

		/* "memmap=1M" alone limits RAM to 1M: a boot loader ate "$ADDR". So does any
		 * character but @ # $ ! % after the size, e.g. a GRUB escape left in (1M\$...). */
		while (!bad_memmap && memmap_next(s->cmdline, &pos, &it))
			if (it.type == 'L') {
				const char *q = memparse(it.text, &it.size);

				bad_memmap = true;
				stop = q && q < it.text + it.len;
				snprintf(bad, sizeof(bad), "memmap=%.*s", it.len, it.text);
			}
	}
	if (bad_memmap) {
		add(s->c, "runtime.cmdline", PSTORE_CHECK_FAIL, value,
		    "escape the dollar sign where the boot loader reads it (GRUB: memmap=1M\\\\\\$0x10000000 in /etc/default/grub), then update-grub",
		    "'%s' %s: the kernel reads it as a memory limit, not a reservation", bad,
		    stop ? "has a character after the size where @, #, $ or ! belongs (an escape left in?)" :
			   "has no $ADDRESS (the boot loader ate it)");
		return;
	}
	ma = cmdline_get(s->cmdline, "ramoops.mem_address");
	ms = cmdline_get(s->cmdline, "ramoops.mem_size");
	if ((ma && !ms) || (!ma && ms)) {
		add(s->c, "runtime.cmdline", PSTORE_CHECK_WARN, value,
		    "give both ramoops.mem_address= and ramoops.mem_size=",
		    "ramoops.%s= alone: ramoops uses module parameters only when mem_size is set",
		    ma ? "mem_address" : "mem_size");
		return;
	}
	if (ma && ms) {
		uint64_t a, z;

		if (!kstrtou64(ma, &a) || !kstrtou64(ms, &z)) {
			add(s->c, "runtime.cmdline", PSTORE_CHECK_FAIL, value,
			    "write them as plain numbers: ramoops.mem_address=0x10000000 ramoops.mem_size=0x100000",
			    "ramoops.mem_address=%s ramoops.mem_size=%s: the kernel refuses a module parameter that is not a plain number (no K/M/G suffix there), and ramoops gets no region",
			    ma, ms);
			return;
		}
		if (!cmdline_reserves(s->cmdline, a, z) && s->ndt <= 0)
			add(s->c, "runtime.cmdline", PSTORE_CHECK_WARN, value,
			    "add memmap=SIZE$ADDR for the same region (unless something else reserves it: see runtime.iomem)",
			    "ramoops.mem_address=%s is not reserved by a memmap= on the command line",
			    ma);
		else
			add(s->c, "runtime.cmdline", PSTORE_CHECK_OK, value, NULL,
			    "ramoops is configured on the command line, and memmap= reserves its region");
		return;
	}
	add(s->c, "runtime.cmdline", PSTORE_CHECK_OK, *value ? value : "(none)", NULL, "%s",
	    *value ? "no ramoops region on the command line" :
		     "no ramoops, pstore or memmap parameters: ramoops is configured elsewhere (device tree, modprobe options, pstorectl load)");
}

static void check_kdump(struct state *s)
{
	_cleanup_free_ char *loaded = read_trimmed(s, "/sys/kernel/kexec_crash_loaded");
	_cleanup_free_ char *notif = NULL;

	if (!loaded) {
		add(s->c, "runtime.kdump", PSTORE_CHECK_SKIP, "", NULL,
		    "no /sys/kernel/kexec_crash_loaded");
		return;
	}
	if (!streq(loaded, "1")) {
		add(s->c, "runtime.kdump", PSTORE_CHECK_OK, "no crash kernel", NULL,
		    "no kdump kernel loaded: pstore records a panic");
		return;
	}
	notif = read_trimmed(s, "/sys/module/kernel/parameters/crash_kexec_post_notifiers");
	if (notif && (streq(notif, "Y") || streq(notif, "1")))
		add(s->c, "runtime.kdump", PSTORE_CHECK_OK, "crash_kexec_post_notifiers=Y", NULL,
		    "kdump is loaded; pstore records the panic before kdump takes over");
	else
		add(s->c, "runtime.kdump", PSTORE_CHECK_WARN,
		    notif ? "crash_kexec_post_notifiers=N" : "crash kernel loaded",
		    "add crash_kexec_post_notifiers to the kernel command line (or: echo Y > /sys/module/kernel/parameters/crash_kexec_post_notifiers)",
		    "a kdump kernel is loaded and runs first on panic: pstore records no panic");
}

_public_ int pstore_checks_run(struct pstore_ctx *ctx, const struct pstore_check_opts *opts,
			       struct pstore_checks **ret)
{
	static const struct pstore_check_opts no_opts;
	struct state s = { .ctx = ctx, .ndt = -1 };
	struct pstore_checks *c;
	int r;

	if (!ctx || !ret)
		return -EINVAL;
	if (!opts)
		opts = &no_opts;
	c = calloc(1, sizeof(*c));
	if (!c)
		return -ENOMEM;
	s.c = c;
	if (opts->release) {
		if (!*opts->release || strchr(opts->release, '/')) {
			free(c);
			return pstore_err(ctx, -EINVAL, "kernel release '%s': not a directory name",
					  opts->release);
		}
		s.release = strdup(opts->release);
		r = s.release ? 0 : -ENOMEM;
	} else {
		r = pstore_kernel_release(ctx, &s.release);
	}
	if (r < 0) {
		free(c);
		return r;
	}
	if (opts->config) {
		r = pstore_kconfig_read(ctx, opts->config, NULL, &s.kc);
		if (r < 0) {
			state_free(&s);
			free(c);
			return r;
		}
	}
	gather(&s, opts);
	check_config(&s);
	check_module(&s);
	check_backend(&s);
	check_mount(&s);
	check_pmsg(&s);
	check_iomem(&s);
	check_devicetree(&s);
	check_cmdline(&s);
	check_kdump(&s);
	state_free(&s);
	if (c->oom) {
		pstore_checks_free(c);
		return -ENOMEM;
	}
	*ret = c;
	return 0;
}
