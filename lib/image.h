/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Private to libpstore: reading records straight from memory. Reed-Solomon through libfec
 * (lib/ecc.c), persistent RAM zones (lib/prz.c), memory images (lib/image.c), the decoded
 * records (lib/decode.c), the zone scan (lib/scan.c) and the lzo/lz4/zstd decompressors
 * (lib/codec-lz.c). Optional libraries are loaded with dlopen on first use.
 */
#ifndef LIBPSTORE_IMAGE_H
#define LIBPSTORE_IMAGE_H

#include <stdint.h>

#include "internal.h"

/* ---- Reed-Solomon as ramoops uses it (lib/ecc.c) ---- */

/* The kernel's init_rs(symsize 8, poly 0x11d, fcr 0, prim 1, nroots = ecc_size). */
#define ECC_SYMSIZE 8
#define ECC_GFPOLY 0x11d
#define ECC_FCR 0
#define ECC_PRIM 1
#define ECC_NN 255u

struct ecc;
/* A codec with @nroots parity bytes per block; loads libfec. -EOPNOTSUPP with a message
 * when libfec cannot be loaded, -EINVAL when libfec refuses the parameters. */
int ecc_new(struct pstore_ctx *ctx, unsigned nroots, struct ecc **ret);
void ecc_free(struct ecc *e);
/*
 * Decode @len data bytes and their @nroots parity bytes, kept apart as ramoops keeps them,
 * correcting both in place. Returns the symbols corrected (>= 0), -EBADMSG when the block
 * is beyond the code's strength, -ERANGE when data and parity do not fit one 255-symbol
 * code word (the kernel's decode_rs8 fails those blocks too).
 */
int ecc_decode(struct ecc *e, uint8_t *data, size_t len, uint8_t *par);
/* With @fast false, ecc_decode gives every block to libfec's decoder, skipping the check
 * of clean blocks against a parity table (for tests: both must give the same answers).
 * By default the table is made once a region has had a few dozen blocks; @fast true makes
 * it at the next block. */
void ecc_set_fast(struct ecc *e, bool fast);
/* The parity of @len data bytes (for tests and image generators). 0 or -ERANGE. */
int ecc_encode(struct ecc *e, const uint8_t *data, size_t len, uint8_t *par);

/* ---- one persistent RAM zone (lib/prz.c) ---- */

#define PRZ_SIG 0x43474244u /* "DBGC" */

struct prz {
	/* as found in memory (after header correction) */
	uint32_t sig, start, size;
	uint64_t capacity; /* data bytes: zone size - header - parity */
	enum pstore_zone_state state;
	int corrected, bad_blocks;
	bool header_bad;   /* the header's own parity says it is uncorrectable */
	uint32_t sig_xor;  /* sig ^ PRZ_SIG: LINUX_VERSION_CODE for ftrace zones */
	/* the old log, ring unrolled as persistent_ram_save_old() does */
	uint8_t *data;
	size_t len;
	bool borrowed; /* data is the caller's (prz_decode_to) */
	uint8_t *ring; /* prz_check: the zone's data bytes, in the caller's buffer */
};
/*
 * prz_decode: decode the zone held in @buf (@zone_size bytes, modified in place by ECC
 * correction) as persistent_ram_post_init() and persistent_ram_save_old() do. @want_xor:
 * the sig value expected (0, or LINUX_VERSION_CODE for ftrace; with @any_xor every value
 * is accepted and kept in sig_xor). @ecc may be NULL when ecc_size is 0. Never fails on
 * bad content: that is a state. Returns 0 or -ENOMEM.
 */
int prz_decode(uint8_t *buf, uint64_t zone_size, uint32_t ecc_size, struct ecc *ecc,
	       uint32_t want_xor, bool any_xor, struct prz *ret);
/* prz_decode into @out (room for the zone's data bytes) instead of a malloc'd buffer:
 * ret->data is @out when the zone is valid. */
int prz_decode_to(uint8_t *buf, uint64_t zone_size, uint32_t ecc_size, struct ecc *ecc,
		  uint32_t want_xor, bool any_xor, uint8_t *out, struct prz *ret);
/* prz_decode in two steps: prz_check sets everything but data and len (the zone's ECC
 * corrected in @buf, its state; ring points into @buf); prz_unroll then makes the old log
 * of a valid zone into @out (room for size bytes) or, @out NULL, a malloc'd buffer. */
void prz_check(uint8_t *buf, uint64_t zone_size, uint32_t ecc_size, struct ecc *ecc,
	       uint32_t want_xor, bool any_xor, struct prz *ret);
int prz_unroll(struct prz *z, uint8_t *out);
void prz_done(struct prz *z);
/* The ECC notice the kernel appends ("\nECC: ...\n") into @buf; returns its length, 0
 * without ECC. @buf needs PSTORE_ECC_NOTICE_MAX bytes. */
size_t prz_ecc_notice(uint32_t ecc_size, int corrected, int bad_blocks, char *buf);
/*
 * prz_kmsg_header: the "====sec.usec-C\n" (or legacy "====sec.usec\n") header at the start
 * of a dmesg zone's log, parsed as ramoops_read_kmsg_hdr() does. Returns its length, 0
 * when there is none.
 */
size_t prz_kmsg_header(const uint8_t *buf, size_t len, int64_t *sec, long *usec,
		       bool *compressed);

/* ---- decompression of dmesg records (lib/codec-lz.c) ---- */
/*
 * codec_decompress: the whole of @in with algorithm @c into a malloc'd buffer (*ret,
 * *ret_len). zlib is linked; liblzo2, liblz4 and libzstd are loaded on first use. Returns
 * 0, -EBADMSG for data the algorithm rejects, -EOPNOTSUPP (message set) when the library
 * cannot be loaded, -EFBIG past @max output bytes, -ENOMEM.
 */
int codec_decompress(struct pstore_ctx *ctx, enum pstore_compress c, const void *in,
		     size_t inlen, size_t max, uint8_t **ret, size_t *ret_len);

/* ---- memory images (lib/image.c) ---- */
/* Reads @len bytes at physical address @phys. 0, or -ERANGE (outside the image, message
 * set naming the address), -ENODATA (a vmcore without these pages), -errno. */
int image_read(struct pstore_image *img, uint64_t phys, void *buf, size_t len);
/* A private mapping of @len bytes at @phys of a raw image that is a regular file: p points
 * at @phys, readable and writable (writes stay in this process). No message: -EOPNOTSUPP
 * for other images, -ERANGE outside the image, -errno; the caller reads instead. The
 * mapping lives until image_unmap, independent of the image. */
struct image_map {
	uint8_t *p;
	void *base;
	size_t len;
};
/* The lowest address >= @phys that may hold data: past the holes of a sparse raw image
 * (they read as zeros) or the pages a vmcore does not hold (libkdumpfile's page map;
 * UINT64_MAX when none follows), else @phys itself. */
uint64_t image_data_next(struct pstore_image *img, uint64_t phys);
int image_map(struct pstore_image *img, uint64_t phys, size_t len, struct image_map *ret);
void image_unmap(struct image_map *m);

#endif
