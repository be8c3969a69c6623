// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The formats of pstore records, as pure parsers of names and buffers (no files, no
 * state): record names, the enum string tables, the dmesg "Panic#1 Part1" header, the
 * ECC notice and syslog prefixes. The formats are those of fs/pstore/{inode,platform,
 * ram_core}.c (Linux 6.1 and 6.12).
 */
#include <ctype.h>
#include <inttypes.h>
#include <strings.h>

#include "format.h"
#include "strtab.h"

/* ---- enums ---- */

/* In the kernel's enum pstore_type_id order (platform.c pstore_type_names). */
static const char type_names[_PSTORE_TYPE_MAX][15] = {
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
	return STRTAB_NAME(type_names, t);
}

_public_ int pstore_type_from_string(const char *s)
{
	return STRTAB_VALUE(type_names, s);
}

/* The kernel's words (kmsg_dump_reason_str), in our order. */
static const char reason_words[_PSTORE_REASON_MAX][10] = {
	[PSTORE_REASON_UNKNOWN] = "Unknown",     [PSTORE_REASON_PANIC] = "Panic",
	[PSTORE_REASON_OOPS] = "Oops",           [PSTORE_REASON_EMERGENCY] = "Emergency",
	[PSTORE_REASON_SHUTDOWN] = "Shutdown",   [PSTORE_REASON_RESTART] = "Restart",
	[PSTORE_REASON_HALT] = "Halt",           [PSTORE_REASON_POWEROFF] = "Poweroff",
};
static const char reason_names[_PSTORE_REASON_MAX][10] = {
	[PSTORE_REASON_UNKNOWN] = "unknown",     [PSTORE_REASON_PANIC] = "panic",
	[PSTORE_REASON_OOPS] = "oops",           [PSTORE_REASON_EMERGENCY] = "emergency",
	[PSTORE_REASON_SHUTDOWN] = "shutdown",   [PSTORE_REASON_RESTART] = "restart",
	[PSTORE_REASON_HALT] = "halt",           [PSTORE_REASON_POWEROFF] = "poweroff",
};

_public_ const char *pstore_reason_to_string(enum pstore_reason r)
{
	return STRTAB_NAME(reason_names, r);
}

_public_ int pstore_reason_from_string(const char *s)
{
	return STRTAB_VALUE_ICASE(reason_names, s);
}

static const char ecc_names[_PSTORE_ECC_MAX][14] = {
	[PSTORE_ECC_NONE] = "",
	[PSTORE_ECC_CLEAN] = "clean",
	[PSTORE_ECC_CORRECTED] = "corrected",
	[PSTORE_ECC_UNCORRECTABLE] = "uncorrectable",
};

_public_ const char *pstore_ecc_to_string(enum pstore_ecc e)
{
	return STRTAB_NAME(ecc_names, e);
}

_public_ int pstore_ecc_from_string(const char *s)
{
	return STRTAB_VALUE(ecc_names, s);
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

static int parse_kernel_name(const char *name, struct pstore_name *ret)
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
	} else if ((type != PSTORE_TYPE_CONSOLE && type != PSTORE_TYPE_FTRACE) || dash) {
		/* only kernels <= 3.18 made id-less names, for console and ftrace, and their
		 * backends' names have no '-' (ramoops, efi, erst, nvram): "console-ramoops-0x"
		 * is a mangled id, not backend "ramoops-0x" */
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

/*
 * The kernel's names, and the copies pstorectl's archive makes when the name is taken:
 * NAME.N (N >= 1) is a copy of the record NAME and says what NAME says.
 */
static int record_name_parse(const char *name, struct pstore_name *ret)
{
	const char *dot = strrchr(name, '.');
	char stem[256];
	size_t sl;

	/* the kernel's names never end in ".N": read the copy's stem first (an id-less
	 * "console-ramoops-0.1" would otherwise have the backend "ramoops-0.1") */
	sl = dot ? (size_t)(dot - name) : 0;
	if (dot && all_digits(dot + 1, strlen(dot + 1)) && dot[1] != '0' && sl < sizeof(stem)) {
		memcpy(stem, name, sl);
		stem[sl] = '\0';
		if (parse_kernel_name(stem, ret) == 0)
			return 0;
	}
	return parse_kernel_name(name, ret);
}

_public_ int pstore_record_name_parse(const char *name, struct pstore_name *ret)
{
	if (!SIZED_OK(ret))
		return -EINVAL;
	return SIZED_KEEP(ret, record_name_parse(name, ret));
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
	int reason;
	bool neg = false;

	if (!SIZED_OK(ret))
		return -EINVAL;
	end = memchr(buf, '\n', len > 64 ? 64 : len);
	if (!end)
		return -EINVAL;
	hash = memchr(buf, '#', (size_t)(end - buf));
	if (!hash)
		return -EINVAL;
	reason = strtab_find(STRTAB(reason_words), buf, (size_t)(hash - buf), false);
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

static int ecc_notice_parse(const char *buf, size_t len, struct pstore_ecc_notice *ret)
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

_public_ int pstore_ecc_notice_parse(const char *buf, size_t len, struct pstore_ecc_notice *ret)
{
	if (!SIZED_OK(ret))
		return -EINVAL;
	return SIZED_KEEP(ret, ecc_notice_parse(buf, len, ret));
}

/* ---- syslog prefixes "<N>" of dmesg lines ---- */

static const char level_names[8][7] = { "emerg", "alert",  "crit", "err",
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

/* Other names util-linux's dmesg accepts for the same levels. */
static const char level_aliases[8][8] = { [LOG_ERR] = "error", [LOG_WARNING] = "warning" };

_public_ const char *pstore_log_level_to_string(int level)
{
	return STRTAB_NAME(level_names, level);
}

_public_ int pstore_log_level_from_string(const char *s)
{
	int v = STRTAB_VALUE_ICASE(level_names, s);

	if (v < 0)
		v = STRTAB_VALUE_ICASE(level_aliases, s);
	if (v < 0 && s[0] >= '0' && s[0] <= '7' && s[1] == '\0')
		v = s[0] - '0';
	return v;
}

/* ---- what a name says about the content ---- */

bool format_name_wants_header(const struct pstore_name *pn)
{
	return pn->type == PSTORE_TYPE_DMESG || pn->type == PSTORE_TYPE_UNKNOWN;
}

/*
 * Only ramoops appends a notice (ram.c is the only backend that sets
 * record->ecc_notice_size); a file whose name says nothing could be from ramoops.
 */
bool format_name_may_have_ecc(const struct pstore_name *pn)
{
	return pn->type == PSTORE_TYPE_UNKNOWN || streq(pn->backend, "ramoops");
}
