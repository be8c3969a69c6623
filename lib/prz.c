// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * One persistent RAM zone read as fs/pstore/ram_core.c reads it at probe: the header's
 * parity first (persistent_ram_init_ecc), then the signature and the start/size checks
 * (persistent_ram_post_init), then the data blocks' parity over the bytes in use and the
 * ring unrolled into the old log (persistent_ram_save_old). Bad content is a state.
 */
#include <ctype.h>
#include <inttypes.h>

#include "image.h"

static uint32_t le32(const uint8_t *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

size_t prz_ecc_notice(uint32_t ecc_size, int corrected, int bad_blocks, char *buf)
{
	int n;

	if (!ecc_size)
		return 0;
	if (corrected || bad_blocks)
		n = snprintf(buf, PSTORE_ECC_NOTICE_MAX,
			     "\nECC: %d Corrected bytes, %d unrecoverable blocks\n", corrected,
			     bad_blocks);
	else
		n = snprintf(buf, PSTORE_ECC_NOTICE_MAX, "\nECC: No errors detected\n");
	return n > 0 ? (size_t)n : 0;
}

void prz_done(struct prz *z)
{
	if (!z->borrowed)
		free(z->data);
	z->data = NULL;
	z->borrowed = false;
	z->len = 0;
}

int prz_decode(uint8_t *buf, uint64_t zone_size, uint32_t ecc_size, struct ecc *ecc,
	       uint32_t want_xor, bool any_xor, struct prz *ret)
{
	return prz_decode_to(buf, zone_size, ecc_size, ecc, want_xor, any_xor, NULL, ret);
}

int prz_decode_to(uint8_t *buf, uint64_t zone_size, uint32_t ecc_size, struct ecc *ecc,
		  uint32_t want_xor, bool any_xor, uint8_t *out, struct prz *ret)
{
	prz_check(buf, zone_size, ecc_size, ecc, want_xor, any_xor, ret);
	if (ret->state != PSTORE_ZONE_VALID)
		return 0;
	return prz_unroll(ret, out);
}

int prz_unroll(struct prz *z, uint8_t *out)
{
	z->data = out ?: malloc(z->size ? z->size : 1);
	if (!z->data) {
		z->state = PSTORE_ZONE_NO_SIGNATURE;
		return -ENOMEM;
	}
	z->borrowed = out != NULL;
	memcpy(z->data, z->ring + z->start, (size_t)(z->size - z->start));
	memcpy(z->data + (z->size - z->start), z->ring, (size_t)z->start);
	z->len = (size_t)z->size;
	return 0;
}

void prz_check(uint8_t *buf, uint64_t zone_size, uint32_t ecc_size, struct ecc *ecc,
	       uint32_t want_xor, bool any_xor, struct prz *ret)
{
	uint64_t bufsz, blocks = 0, total = 0, size, start;
	uint8_t *data = buf + PSTORE_PRZ_HEADER_SIZE, *par = NULL;
	int n;

	memset(ret, 0, sizeof(*ret));
	ret->state = PSTORE_ZONE_NO_SIGNATURE;
	if (zone_size < PSTORE_PRZ_HEADER_SIZE)
		return;
	bufsz = zone_size - PSTORE_PRZ_HEADER_SIZE;
	if (ecc_size && ecc) {
		/* the layout already refused sizes the kernel refuses */
		if (bufsz <= ecc_size)
			return;
		blocks = (bufsz - ecc_size + PSTORE_ECC_BLOCK_SIZE + ecc_size - 1) /
			 (PSTORE_ECC_BLOCK_SIZE + ecc_size);
		total = (blocks + 1) * ecc_size;
		if (total >= bufsz)
			return;
		bufsz -= total;
		par = data + bufsz;
		n = ecc_decode(ecc, buf, PSTORE_PRZ_HEADER_SIZE, par + blocks * ecc_size);
		if (n > 0) {
			ret->corrected += n;
		} else if (n < 0) {
			ret->bad_blocks++;
			ret->header_bad = true;
		}
	}
	ret->capacity = bufsz;
	ret->sig = le32(buf);
	ret->start = le32(buf + 4);
	ret->size = le32(buf + 8);
	ret->sig_xor = ret->sig ^ PRZ_SIG;
	if (any_xor ? false : ret->sig_xor != want_xor)
		return;
	size = ret->size;
	start = ret->start;
	if (size == 0 && start == 0) {
		ret->state = PSTORE_ZONE_EMPTY;
		return;
	}
	if (size > bufsz || start > size) {
		ret->state = PSTORE_ZONE_INVALID;
		return;
	}
	if (size == 0) {
		/* start == 0 < size fails above; here start > 0 = size: caught as invalid */
		ret->state = PSTORE_ZONE_EMPTY;
		return;
	}
	if (par) {
		/* persistent_ram_ecc_old: every block that starts below size */
		for (uint64_t off = 0, b = 0; off < size; off += PSTORE_ECC_BLOCK_SIZE, b++) {
			uint64_t len = PSTORE_ECC_BLOCK_SIZE;

			if (off + len > bufsz)
				len = bufsz - off;
			n = ecc_decode(ecc, data + off, (size_t)len, par + b * ecc_size);
			if (n > 0)
				ret->corrected += n;
			else if (n < 0)
				ret->bad_blocks++;
		}
	}
	ret->ring = data;
	ret->state = PSTORE_ZONE_VALID;
}

/* As sscanf's %lld / %lu: optional white space, [sign,] digits. */
static bool scan_num(const uint8_t *b, size_t len, size_t *i, bool sign, int64_t *ret)
{
	bool neg = false, any = false;
	uint64_t v = 0;

	while (*i < len && isspace(b[*i]))
		(*i)++;
	if (*i < len && (b[*i] == '-' || b[*i] == '+')) {
		neg = b[*i] == '-';
		(*i)++;
	}
	while (*i < len && b[*i] >= '0' && b[*i] <= '9') {
		if (v <= (UINT64_MAX - 9) / 10)
			v = v * 10 + (uint64_t)(b[*i] - '0');
		any = true;
		(*i)++;
	}
	if (!any)
		return false;
	/* %lu takes a sign too and negates; the kernel only writes digits */
	(void)sign;
	*ret = neg ? -(int64_t)v : (int64_t)v;
	return true;
}

size_t prz_kmsg_header(const uint8_t *b, size_t len, int64_t *sec, long *usec,
		       bool *compressed)
{
	int64_t s, u;
	size_t i = 4;

	*sec = 0;
	*usec = 0;
	*compressed = false;
	if (len < 4 || memcmp(b, "====", 4) != 0)
		return 0;
	if (!scan_num(b, len, &i, true, &s) || i >= len || b[i] != '.')
		return 0;
	i++;
	if (!scan_num(b, len, &i, false, &u))
		return 0;
	if (i + 1 < len && b[i] == '-') {
		/* "====%lld.%lu-%c\n%n": %c takes any byte, "\n" skips any white space */
		*compressed = b[i + 1] == 'C';
		i += 2;
	} else {
		/* "====%lld.%lu\n%n" */
		*compressed = false;
	}
	while (i < len && isspace(b[i]))
		i++;
	*sec = s;
	*usec = (long)u;
	return i;
}
