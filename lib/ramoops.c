/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* ramoops' module parameters: the live ones in /sys/module/ramoops/parameters, and the one
 * option string ("mem_address=0x.. mem_size=0x.. ...") for modprobe and the command line. */
#include <ctype.h>
#include <inttypes.h>
#include <sys/stat.h>

#include "internal.h"

static int read_param(struct pstore_ctx *ctx, const char *name, bool is_signed, int64_t *sret,
		      uint64_t *uret)
{
	_cleanup_free_ char *rel = NULL, *buf = NULL;
	size_t len;
	char *end;
	int r;

	if (asprintf(&rel, "/sys/module/ramoops/parameters/%s", name) < 0)
		return -ENOMEM;
	r = pstore_read_sysfile(ctx, rel, &buf, &len);
	if (r == -ENOENT) {
		pstore_clear_error(ctx);
		return 0;
	}
	if (r < 0)
		return r;
	while (len > 0 && isspace((unsigned char)buf[len - 1]))
		buf[--len] = '\0';
	errno = 0;
	if (is_signed) {
		long long v = strtoll(buf, &end, 10);

		if (errno || end == buf || *end)
			goto bad;
		*sret = v;
	} else {
		unsigned long long v;

		if (buf[0] == '-')
			goto bad;
		v = strtoull(buf, &end, 10);
		if (errno || end == buf || *end)
			goto bad;
		*uret = v;
	}
	return 1;
bad:
	return pstore_err(ctx, -EINVAL, "%s: '%.40s' is not a decimal number", rel, buf);
}

_public_ int pstore_ramoops_params_to_layout(const struct pstore_ramoops_params *p,
					     struct pstore_layout_params *ret)
{
	if (!SIZED_OK(p) || !SIZED_OK(ret))
		return -EINVAL;
	pstore_layout_params_init_sz(ret, ret->struct_size);
	ret->defaults = 0; /* these are the module's values, not pstorectl's defaults */
	ret->mem_address = p->mem_address;
	ret->mem_size = p->mem_size;
	ret->record_size = p->record_size;
	ret->console_size = p->console_size;
	ret->pmsg_size = p->pmsg_size;
	ret->ftrace_size = p->ftrace_size;
	ret->ecc_size = p->ecc == 1 ? 16 : (p->ecc > 0 && p->ecc < 256 ? (uint32_t)p->ecc : 0);
	ret->max_reason = p->max_reason >= 0 && p->max_reason <= INT32_MAX ? (int32_t)p->max_reason : -1;
	ret->mem_type = p->mem_type >= 0 && p->mem_type <= INT32_MAX ? (int32_t)p->mem_type : -1;
	return 0;
}

_public_ int pstore_ramoops_params_read(struct pstore_ctx *ctx, struct pstore_ramoops_params *ret)
{
	static const struct {
		char name[13]; /* an array, not a pointer, as in strtab.h */
		bool is_signed;
		uint16_t off;
		unsigned bit;
	} params[] = {
#define P(n, s, f, b) { n, s, offsetof(struct pstore_ramoops_params, f), b }
		P("mem_address", false, mem_address, PSTORE_RAMOOPS_HAVE_MEM_ADDRESS),
		P("mem_size", false, mem_size, PSTORE_RAMOOPS_HAVE_MEM_SIZE),
		P("record_size", false, record_size, PSTORE_RAMOOPS_HAVE_RECORD_SIZE),
		P("console_size", false, console_size, PSTORE_RAMOOPS_HAVE_CONSOLE_SIZE),
		P("pmsg_size", false, pmsg_size, PSTORE_RAMOOPS_HAVE_PMSG_SIZE),
		P("ftrace_size", false, ftrace_size, PSTORE_RAMOOPS_HAVE_FTRACE_SIZE),
		P("ecc", true, ecc, PSTORE_RAMOOPS_HAVE_ECC),
		P("max_reason", true, max_reason, PSTORE_RAMOOPS_HAVE_MAX_REASON),
		P("mem_type", true, mem_type, PSTORE_RAMOOPS_HAVE_MEM_TYPE),
		P("dump_oops", true, dump_oops, PSTORE_RAMOOPS_HAVE_DUMP_OOPS),
#undef P
	};
	struct pstore_ramoops_params p = { .struct_size = sizeof(p), .ecc = 0, .max_reason = -1,
					   .mem_type = 0, .dump_oops = -1 };
	_cleanup_free_ char *dir = NULL;
	struct stat st;
	int r;

	if (!SIZED_OK(ret))
		return -EINVAL;
	r = pstore_path(ctx, "/sys/module/ramoops/parameters", &dir);
	if (r < 0)
		return r;
	r = pstore_stat_sys(ctx, "/sys/module/ramoops/parameters", &st);
	if (r < 0)
		return pstore_err_sys(ctx, r, "%s", dir);
	for (size_t i = 0; i < ARRAY_SIZE(params); i++) {
		char *f = (char *)&p + params[i].off;

		r = read_param(ctx, params[i].name, params[i].is_signed, (int64_t *)(void *)f,
			       (uint64_t *)(void *)f);
		if (r < 0)
			return r;
		if (r > 0)
			p.have |= params[i].bit;
	}
	return SIZED_KEEP(ret, (*ret = p, 0));
}

static void append_size(struct strbuf *sb, const char *prefix, const char *name, uint64_t v)
{
	if (v == 0)
		strbuf_printf(sb, "%s%s%s=0", sb->len ? " " : "", prefix, name);
	else
		strbuf_printf(sb, "%s%s%s=0x%" PRIx64, sb->len ? " " : "", prefix, name, v);
}

_public_ int pstore_ramoops_options(const struct pstore_layout_params *p, const char *prefix,
				    char **ret)
{
	struct strbuf sb = {};
	char *s;

	if (!SIZED_OK(p) || !ret)
		return -EINVAL;
	if (!prefix)
		prefix = "";
	append_size(&sb, prefix, "mem_address", p->mem_address);
	append_size(&sb, prefix, "mem_size", p->mem_size);
	append_size(&sb, prefix, "record_size", p->record_size);
	append_size(&sb, prefix, "console_size", p->console_size);
	append_size(&sb, prefix, "pmsg_size", p->pmsg_size);
	append_size(&sb, prefix, "ftrace_size", p->ftrace_size);
	strbuf_printf(&sb, " %secc=%" PRIu32, prefix, p->ecc_size);
	if (p->max_reason >= 0)
		strbuf_printf(&sb, " %smax_reason=%" PRId32, prefix, p->max_reason);
	if (p->mem_type >= 0)
		strbuf_printf(&sb, " %smem_type=%" PRId32, prefix, p->mem_type);
	s = strbuf_steal(&sb);
	if (!s)
		return -ENOMEM;
	*ret = s;
	return 0;
}
