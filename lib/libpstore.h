/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * libpstore: set up and read Linux pstore/ramoops.
 *
 * Conventions: functions return >= 0 on success and a negative errno on failure; results
 * come back through `T **ret` pointers. On failure the context keeps a one-line message
 * naming the file or field at fault (pstore_errmsg()). The library never prints (except
 * through the log callback) and never exits. Every /proc, /sys, /dev, /boot and
 * /lib/modules path is resolved through the context's sysroot.
 *
 * Each topic below is owned by one lib/<topic>.c file.
 *
 * ABI rules (libpstore.so.0). Every exported symbol is listed by name in lib/libpstore.sym.
 * LIBPSTORE_0 is frozen as of 0.2.0: nothing in it is added, removed or changed. A new
 * function goes into a new version node of the release that adds it
 * (`LIBPSTORE_0.3 { global: pstore_x; } LIBPSTORE_0;`), and its comment says "Since 0.3".
 * `make check` compares the library with the committed dump lib/libpstore.abi (abidiff);
 * `make abi-dump` regenerates the dump at a release.
 *
 * Public structs, and why each is what it is:
 * - Opaque, with getters and setters (libkmod's way): struct pstore_dt_node, the one that
 *   grows with the binding; it used to carry a fixed path buffer. Lists of nodes are
 *   arrays of pointers (pstore_dt_find_ramoops*(), pstore_dt_node_list_free()), so the
 *   caller never needs its size. Every struct declared without a body here is opaque too.
 * - Frozen value types, never to grow: struct pstore_range ({start, size}: a range of
 *   physical memory is complete as it is; it is returned by value and in arrays,
 *   pstore_memmap_free_ranges(), where the element size must not change; anything more
 *   about a range gets a call of its own) and struct pstore_taint ({flag, meaning}, in
 *   the taints array of struct pstore_crash).
 * - Sized: a first member `uint32_t struct_size` (not `size`: three of them already have a
 *   member of that name, a size in memory). For structs the caller allocates (inputs
 *   pstore_plan_request, pstore_layout_params, pstore_check_opts, pstore_decode_opts;
 *   outputs of parsers pstore_name, pstore_dmesg_header, pstore_ecc_notice,
 *   pstore_ramoops_params, pstore_marker) the caller sets it with an init macro,
 *   pstore_plan_request_init(), pstore_layout_params_init() or PSTORE_STRUCT_INIT(), which
 *   takes sizeof in the caller's compilation unit; the library refuses a size below the
 *   0.2 layout (-EINVAL) and never reads or writes past it. For structs the library hands
 *   out by const pointer (pstore_iomem_entry, pstore_zone, pstore_check,
 *   pstore_zone_report, pstore_decoded_record, pstore_crash, pstore_crash_frame,
 *   pstore_capability, pstore_evidence) the library sets it, so a caller can test
 *   whether a newer field is there. Arrays of sized structs are arrays of pointers
 *   (pstore_crash's frames, pstore_marker_find_all()), and a sized struct inside another
 *   is a pointer (pstore_zone_report's zone), so no element size is ever part of the ABI.
 */
#ifndef LIBPSTORE_H
#define LIBPSTORE_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#ifdef __cplusplus
extern "C" {
#endif

/*
 * A caller-allocated sized struct, ready to be filled in: `struct pstore_name pn =
 * PSTORE_STRUCT_INIT(struct pstore_name);`. Every other member starts zero.
 */
#define PSTORE_STRUCT_INIT(type) { .struct_size = sizeof(type) }

/* ==== context (lib/ctx.c) ============================================================ */

struct pstore_ctx;

/*
 * pstore_new: create a library context. @sysroot: directory every system path is
 * resolved under, or NULL / "/" for the running system. Symlinks and ".." in system
 * paths are resolved inside the sysroot, never on the host. Returns -errno (no context)
 * when @sysroot cannot be opened as a directory (-ENOENT, -ENOTDIR, -EACCES). Since 0.1.
 */
int pstore_new(const char *sysroot, struct pstore_ctx **ret);
struct pstore_ctx *pstore_ref(struct pstore_ctx *ctx);
/* Drops a reference; NULL is fine. Always returns NULL. */
struct pstore_ctx *pstore_unref(struct pstore_ctx *ctx);
/* "" for the running system, else the sysroot without a trailing slash. */
const char *pstore_get_sysroot(const struct pstore_ctx *ctx);

/*
 * pstore_path: the name of an absolute system path (/proc/iomem) under the sysroot,
 * for display only: opening that string would follow the tree's symlinks on the host;
 * the library opens system paths inside the sysroot itself. Returns a malloc'd string
 * in *ret.
 */
int pstore_path(const struct pstore_ctx *ctx, const char *path, char **ret);

/* The message of the last failure on this context, or NULL. Valid until the next call. */
const char *pstore_errmsg(const struct pstore_ctx *ctx);
void pstore_clear_error(struct pstore_ctx *ctx);

/* Logging: syslog priorities (LOG_ERR .. LOG_DEBUG). Default LOG_WARNING, or $PSTORE_LOG. */
typedef void (*pstore_log_fn)(void *data, int priority, const char *file, int line,
			      const char *fn, const char *format, va_list args);
void pstore_set_log_fn(struct pstore_ctx *ctx, pstore_log_fn fn, void *data);
int pstore_get_log_priority(const struct pstore_ctx *ctx);
void pstore_set_log_priority(struct pstore_ctx *ctx, int priority);

/* ==== small helpers (lib/util.c) ====================================================== */

/*
 * pstore_parse_size: "1M", "64K", "0x100000", "4096", "2G", "1MiB", "1MB". K, M, G, T, P,
 * E and KiB, MiB... are binary (2^10, 2^20...); KB, MB, GB... are decimal (10^3, 10^6...).
 * Returns -EINVAL for malformed text, -ERANGE when it does not fit 64 bits.
 */
int pstore_parse_size(const char *s, uint64_t *ret);
/* pstore_parse_u64: decimal or 0x hex, no suffix. Same errors. */
int pstore_parse_u64(const char *s, uint64_t *ret);

/* ==== /proc/iomem, free memory, plan, layout (lib/iomem.c, memmap.c, plan.c) ========= */
/* (owned by the plan topic) */

/* A range of physical memory: [start, start + size). */
struct pstore_range {
	uint64_t start;
	uint64_t size;
};

/* -- /proc/iomem (lib/iomem.c) -- */

struct pstore_iomem;
struct pstore_iomem_entry {
	uint32_t struct_size; /* set by the library */
	uint64_t start, end; /* end inclusive, as printed */
	const char *name;    /* "System RAM", "Kernel code", "reserved", ... */
	unsigned depth;      /* 0 = top level; one level per two spaces of indentation */
	unsigned line;       /* 1-based line number in the input */
};

/*
 * pstore_iomem_parse: parse the text of /proc/iomem. @origin names the input in messages
 * ("/proc/iomem", a file name, "<stdin>"). Nesting follows indentation at any depth;
 * ranges are hex of any width. Returns 0, -EINVAL for a malformed line (the message names
 * the line number), -EPERM when every range reads 00000000-00000000 (addresses hidden from
 * non-root readers: the message says to run as root), -ENODATA for an empty input.
 * Since 0.1.
 */
int pstore_iomem_parse(struct pstore_ctx *ctx, const char *buf, size_t len,
		       const char *origin, struct pstore_iomem **ret);
/*
 * pstore_iomem_read: read and parse @path: NULL for the sysroot's /proc/iomem, "-" for
 * stdin, else a user path taken as is. Same returns as pstore_iomem_parse, plus read
 * errors. Since 0.1.
 */
int pstore_iomem_read(struct pstore_ctx *ctx, const char *path, struct pstore_iomem **ret);
/* Number of entries, in input order. Since 0.1. */
size_t pstore_iomem_count(const struct pstore_iomem *io);
/* Entry @i (0-based, input order), or NULL when out of range. Since 0.1. */
const struct pstore_iomem_entry *pstore_iomem_get(const struct pstore_iomem *io, size_t i);
/* Index of the parent of entry @i, or -1 for a top-level entry. Since 0.1. */
ssize_t pstore_iomem_parent(const struct pstore_iomem *io, size_t i);
/* The origin given to the parser. Since 0.1. */
const char *pstore_iomem_get_origin(const struct pstore_iomem *io);
/* NULL is fine. Since 0.1. */
void pstore_iomem_free(struct pstore_iomem *io);

/* -- memory maps: usable RAM and the busy ranges in it (lib/memmap.c) -- */

/*
 * A memory map: usable RAM ranges and the busy ranges inside or over them, each named.
 * Built from /proc/iomem (pstore_memmap_from_iomem) or from a DTB (pstore_dtb_memmap).
 * A region is free when one RAM range holds all of it and it overlaps no busy range: the
 * one rule (lib/memmap.c) behind pstore_plan_choose() and pstore_dtb_check_region();
 * pstore_check_region() asks the reverse (is it reserved?) of the same code.
 */
struct pstore_memmap;
/* An empty map. Returns 0 or -ENOMEM. Since 0.1. */
int pstore_memmap_new(struct pstore_memmap **ret);
/* Add a usable RAM range (name copied; NULL = "System RAM"). -EINVAL for size 0 or a
 * range that wraps past 2^64. Since 0.1. */
int pstore_memmap_add_ram(struct pstore_memmap *m, uint64_t start, uint64_t size,
			  const char *name);
/* Add a busy range (kernel image, reserved, another driver's region); name copied. Same
 * errors. Since 0.1. */
int pstore_memmap_add_busy(struct pstore_memmap *m, uint64_t start, uint64_t size,
			   const char *name);
/*
 * pstore_memmap_from_iomem: RAM = every top-level "System RAM" entry; busy = every entry
 * nested under one (at any depth), plus any other top-level entry that overlaps one.
 * -ENOENT (with a message) when the input has no System RAM at all. Since 0.1.
 */
int pstore_memmap_from_iomem(struct pstore_ctx *ctx, const struct pstore_iomem *io,
			     struct pstore_memmap **ret);
/* Number of RAM / busy ranges and access to them (input order). Since 0.1. */
size_t pstore_memmap_ram_count(const struct pstore_memmap *m);
size_t pstore_memmap_busy_count(const struct pstore_memmap *m);
int pstore_memmap_get_ram(const struct pstore_memmap *m, size_t i, struct pstore_range *ret,
			  const char **ret_name);
int pstore_memmap_get_busy(const struct pstore_memmap *m, size_t i, struct pstore_range *ret,
			   const char **ret_name);
/* The last byte (inclusive) of RAM range @i: unlike start + size - 1 it holds for a range
 * that ends at 2^64 - 1. -ENOENT when out of range. Since 0.2. */
int pstore_memmap_get_ram_last(const struct pstore_memmap *m, size_t i, uint64_t *ret_last);
/* pstore_memmap_find_ram: the index of the RAM range that holds all of @r (the memory map's
 * own rule, without overflow at the top of the address space); -ENOENT when none does.
 * Since 0.2. */
int pstore_memmap_find_ram(const struct pstore_memmap *m, const struct pstore_range *r,
			   size_t *ret_idx);
/*
 * pstore_memmap_free_ranges: each RAM range minus every busy range, sorted by address,
 * never merged across two RAM ranges. *ret is a malloc'd array (NULL when *ret_n is 0).
 * Returns 0 or -ENOMEM. Since 0.1.
 */
int pstore_memmap_free_ranges(const struct pstore_memmap *m, struct pstore_range **ret,
			      size_t *ret_n);
/* Same, and *ret_ram[i] is the index of the RAM range free range i lies in. Since 0.1. */
int pstore_memmap_free_ranges_ram(const struct pstore_memmap *m, struct pstore_range **ret,
				  size_t **ret_ram, size_t *ret_n);
/*
 * pstore_memmap_add_initrd_room: mark as busy the @room bytes below each address where boot
 * loaders put the initrd before the kernel can honour a reservation: 1 GiB (GRUB on x86),
 * 2 GiB (the kernel's initrd_addr_max, QEMU) and the top of RAM below 4 GiB, each capped by
 * the top of RAM. 0 does nothing. The ranges are named "boot loaders' initrd area below
 * 0x<address>". Since 0.1.
 */
#define PSTORE_INITRD_ROOM_DEFAULT (128ull << 20)
int pstore_memmap_add_initrd_room(struct pstore_memmap *m, uint64_t room);
/* The same, with "(@note)" after each range's name (NULL = none): how the caller lets the
 * user know which of its settings made the range, e.g. an option name. Since 0.2. */
int pstore_memmap_add_initrd_room_noted(struct pstore_memmap *m, uint64_t room,
					const char *note);
/* NULL is fine. Since 0.1. */
void pstore_memmap_free(struct pstore_memmap *m);

/* -- choosing a region (lib/plan.c) -- */

enum pstore_prefer {
	PSTORE_PREFER_HIGH,
	PSTORE_PREFER_LOW,
};
/* "high", "low"; NULL for an unknown value. Since 0.1. */
const char *pstore_prefer_to_string(enum pstore_prefer p);
/* Returns the value or -EINVAL. Since 0.1. */
int pstore_prefer_from_string(const char *s);

struct pstore_plan_request {
	uint32_t struct_size; /* set by pstore_plan_request_init() */
	uint64_t size;             /* default 1 MiB */
	uint64_t align;            /* default 1 MiB; power of two >= 4 KiB */
	enum pstore_prefer prefer; /* default high */
	bool has_below;
	uint64_t below;            /* region end <= below */
	bool has_above;
	uint64_t above;            /* region start >= above */
	bool has_address;
	uint64_t address;          /* validate this exact choice instead of searching */
};
#define PSTORE_PLAN_DEFAULT_SIZE (1ull << 20)
#define PSTORE_PLAN_DEFAULT_ALIGN (1ull << 20)
#define PSTORE_PLAN_MIN_ALIGN 4096ull
/* Fill in the defaults and the size; -EINVAL when @size is below the 0.2 layout. Call it
 * through the macro, which takes the size in the caller's unit. Since 0.2. */
int pstore_plan_request_init_sz(struct pstore_plan_request *req, size_t size);
#define pstore_plan_request_init(req) pstore_plan_request_init_sz((req), sizeof(*(req)))
/*
 * pstore_plan_choose: pick a region of req->size bytes inside one free range. Returns 0;
 * -EINVAL for a bad request (size 0, align not a power of two >= 4K, below <= above ...);
 * -ENOSPC (message says why) when nothing fits; with has_address, -EINVAL for an address
 * that is not aligned or outside the above/below window (the message starts with
 * "address 0x..."), -EBUSY and a message naming what the region overlaps (or "not inside
 * any System RAM range"). Since 0.1.
 */
int pstore_plan_choose(struct pstore_ctx *ctx, const struct pstore_memmap *m,
		       const struct pstore_plan_request *req, struct pstore_range *ret);
/* Which part of the request a pstore_plan_choose_fault() error is about (bit mask). */
enum {
	PSTORE_PLAN_FAULT_ADDRESS = 1 << 0, /* req->address: the message starts with it */
	PSTORE_PLAN_FAULT_INITRD = 1 << 1,  /* the message ends naming the initrd room */
};
/* pstore_plan_choose, and on failure *ret_fault (when not NULL) says which part of the
 * request is at fault (PSTORE_PLAN_FAULT_*, 0 = none in particular). Since 0.2. */
int pstore_plan_choose_fault(struct pstore_ctx *ctx, const struct pstore_memmap *m,
			     const struct pstore_plan_request *req, struct pstore_range *ret,
			     unsigned *ret_fault);

/* -- the ramoops layout inside a region, with the kernel's rules (lib/layout.c) -- */

#define PSTORE_RAMOOPS_FLAG_FTRACE_PER_CPU (1u << 0)
/* Size of struct persistent_ram_buffer's header in front of every zone. */
#define PSTORE_PRZ_HEADER_SIZE 12u
/* Reed-Solomon block size of ramoops ECC (ecc_block_size default). */
#define PSTORE_ECC_BLOCK_SIZE 128u

struct pstore_layout_params {
	uint32_t struct_size; /* set by pstore_layout_params_init() */
	uint64_t mem_address, mem_size;
	uint64_t record_size, console_size, pmsg_size, ftrace_size;
	uint32_t ecc_size;    /* bytes of RS parity per block; module param ecc=1 means 16 */
	int32_t max_reason;   /* -1 = not set (kernel default 2) */
	int32_t mem_type;     /* -1 = not set (0 wc, 1 unbuffered, 2 cached) */
	uint32_t flags;       /* PSTORE_RAMOOPS_FLAG_* (bit0 FTRACE_PER_CPU) */
	unsigned ftrace_cpus; /* per-CPU ftrace zones when flags bit0; 0 = 1 */
	uint32_t defaults;    /* PSTORE_LAYOUT_DEFAULT_*: sizes nobody chose, free to fit */
};
#define PSTORE_LAYOUT_DEFAULT_RECORD (1u << 0)
#define PSTORE_LAYOUT_DEFAULT_CONSOLE (1u << 1)
#define PSTORE_LAYOUT_DEFAULT_PMSG (1u << 2)
/* pstorectl's documented defaults: record 64K, console 64K, pmsg 64K (all three marked in
 * `defaults`), ftrace 0, ecc 0, max_reason/mem_type not set, flags 0, mem_address/mem_size
 * 0. Since 0.1. */
int pstore_layout_params_init_sz(struct pstore_layout_params *p, size_t size);
/* Through this macro, which takes the size in the caller's unit (-EINVAL below the 0.2
 * layout). Since 0.2. */
#define pstore_layout_params_init(p) pstore_layout_params_init_sz((p), sizeof(*(p)))
/*
 * pstore_layout_params_fit: shrink the zone sizes still marked in p->defaults to fit
 * p->mem_size: each becomes a quarter of what the region leaves after the sizes the caller
 * chose (ftrace, and console / pmsg when not defaults), rounded down to a power of two, at
 * most 64K and at least 4K, so that a small region keeps two dmesg zones, the console and
 * pmsg. Sizes the caller chose (bit cleared, or a value other than 64K) are left alone.
 * pstore_layout_compute() and pstore_dt_node_from_layout() apply it. Returns 0, -EINVAL
 * for a size below the 0.2 layout. Since 0.1.
 */
int pstore_layout_params_fit(struct pstore_layout_params *p);

enum pstore_zone_type {
	PSTORE_ZONE_DMESG,
	PSTORE_ZONE_CONSOLE,
	PSTORE_ZONE_FTRACE,
	PSTORE_ZONE_PMSG,
};
/* "dmesg", "console", "ftrace", "pmsg"; NULL for an unknown value. Since 0.1. */
const char *pstore_zone_type_to_string(enum pstore_zone_type t);
/* Returns the value or -EINVAL. Since 0.1. */
int pstore_zone_type_from_string(const char *s);

struct pstore_zone {
	uint32_t struct_size; /* set by the library */
	enum pstore_zone_type type;
	unsigned index;
	uint64_t start;  /* absolute physical address */
	uint64_t size;
	uint64_t usable; /* data bytes after the 12-byte header and ECC parity */
};
struct pstore_layout;
/*
 * pstore_layout_compute: lay out ramoops zones as the kernel's probe would. Returns 0;
 * a negative errno with a message where the kernel's probe would fail (zones that do not
 * fit, ECC sizes it rejects, nothing to store...); warnings are kept in the layout where
 * the kernel would silently round or drop something. Since 0.1.
 */
int pstore_layout_compute(struct pstore_ctx *ctx, const struct pstore_layout_params *p,
			  struct pstore_layout **ret);
/*
 * pstore_layout_compute_for: the same for a given kernel. @kernel_version is
 * PSTORE_KERNEL_VERSION(major, minor, 0), or 0 for the newest rules. Linux < 6.2 places the
 * ftrace zones before pmsg; 6.2 and later place pmsg first (pstore_layout_compute uses the
 * newest order and warns when both zones exist). Since 0.1.
 */
#define PSTORE_KERNEL_VERSION(a, b, c) (((a) << 16) + ((b) << 8) + (c))
int pstore_layout_compute_for(struct pstore_ctx *ctx, const struct pstore_layout_params *p,
			      unsigned kernel_version, struct pstore_layout **ret);
/* The effective (rounded) values. Since 0.1. */
const struct pstore_layout_params *pstore_layout_get_params(const struct pstore_layout *l);
/* Number of dmesg zones (the kernel's dump_mem_sz / record_size). Since 0.1. */
unsigned pstore_layout_dump_records(const struct pstore_layout *l);
size_t pstore_layout_zone_count(const struct pstore_layout *l);
/* Zone @i in address order, or NULL. Since 0.1. */
const struct pstore_zone *pstore_layout_get_zone(const struct pstore_layout *l, size_t i);
size_t pstore_layout_warning_count(const struct pstore_layout *l);
const char *pstore_layout_get_warning(const struct pstore_layout *l, size_t i);
/* NULL is fine. Since 0.1. */
void pstore_layout_free(struct pstore_layout *l);
/*
 * pstore_ecc_usable: data bytes of a zone of @zone_size bytes with @ecc_size parity bytes
 * per 128-byte block (0 = no ECC), as persistent_ram_init_ecc computes it. Since 0.1.
 */
uint64_t pstore_ecc_usable(uint64_t zone_size, uint32_t ecc_size);

/* ==== device tree (lib/dt-node.c, dt-blob.c, dt-memmap.c, dt-patch.c, dt-live.c) ===== */
/* (owned by the dts topic) */
/* dt-node.c: the ramoops node, its checks and DTS source; dt-blob.c: DTBs (read and check
 * once, cells, find); dt-memmap.c: a DTB's memory map and the region check;
 * dt-patch.c: patching and writing a DTB; dt-live.c: the running system's tree. */

/*
 * A /reserved-memory/ramoops@ADDR node, as Documentation/devicetree/bindings/
 * reserved-memory/ramoops.yaml describes it. Opaque: it grows with the binding. Every
 * optional property (enum pstore_dt_prop) is set or not; properties not set are left out
 * of the node (the kernel's DT defaults are 0, and 2 for max-reason).
 */
struct pstore_dt_node;
/* A node with nothing set and cells 2/2. Returns 0 or -ENOMEM. Since 0.2. */
int pstore_dt_node_new(struct pstore_dt_node **ret);
/* A copy of @n (path included). Returns 0 or -ENOMEM. Since 0.2. */
int pstore_dt_node_dup(const struct pstore_dt_node *n, struct pstore_dt_node **ret);
/* NULL is fine. Since 0.2. */
void pstore_dt_node_free(struct pstore_dt_node *n);
/* Frees the @n nodes of a pstore_dt_find_ramoops*() array and the array. Since 0.2. */
void pstore_dt_node_list_free(struct pstore_dt_node **nodes, size_t n);
/* Where it was found (pstore_dt_find_ramoops()), else "". Since 0.2. */
const char *pstore_dt_node_get_path(const struct pstore_dt_node *n);
/* @path: NULL or "" clears it; -ENAMETOOLONG past 255 bytes. Since 0.2. */
int pstore_dt_node_set_path(struct pstore_dt_node *n, const char *path);
/* reg. Since 0.2. */
uint64_t pstore_dt_node_get_address(const struct pstore_dt_node *n);
uint64_t pstore_dt_node_get_size(const struct pstore_dt_node *n);
void pstore_dt_node_set_reg(struct pstore_dt_node *n, uint64_t address, uint64_t size);
/* #address-cells / #size-cells of the parent node. Since 0.2. */
unsigned pstore_dt_node_get_address_cells(const struct pstore_dt_node *n);
unsigned pstore_dt_node_get_size_cells(const struct pstore_dt_node *n);
void pstore_dt_node_set_cells(struct pstore_dt_node *n, unsigned address_cells,
			      unsigned size_cells);

/* The optional u32 properties of the node. */
enum pstore_dt_prop {
	PSTORE_DT_RECORD_SIZE,
	PSTORE_DT_CONSOLE_SIZE,
	PSTORE_DT_FTRACE_SIZE,
	PSTORE_DT_PMSG_SIZE,
	PSTORE_DT_ECC_SIZE,
	PSTORE_DT_MEM_TYPE,
	PSTORE_DT_MAX_REASON,
	PSTORE_DT_FLAGS,
	_PSTORE_DT_PROP_MAX,
};
/* The property's name: "record-size", ... "flags"; NULL when unknown. Since 0.2. */
const char *pstore_dt_prop_to_string(enum pstore_dt_prop p);
/* 0 and the value; -ENODATA when not set; -EINVAL for an unknown @p. Since 0.2. */
int pstore_dt_node_get_prop(const struct pstore_dt_node *n, enum pstore_dt_prop p,
			    uint64_t *ret);
/* Set / leave out a property. 0 or -EINVAL for an unknown @p. Since 0.2. */
int pstore_dt_node_set_prop(struct pstore_dt_node *n, enum pstore_dt_prop p, uint64_t v);
int pstore_dt_node_unset_prop(struct pstore_dt_node *n, enum pstore_dt_prop p);

/* The node's yes/no facts. */
enum pstore_dt_bool {
	PSTORE_DT_NO_MAP,       /* the reserved-memory "no-map" property */
	PSTORE_DT_HAVE_PARENT,  /* overlay: the base tree already has /reserved-memory */
	/* The deprecated booleans, as found: "unbuffered" means mem-type 1 and
	 * "no-dump-oops" max-reason 1 unless mem-type / max-reason is present. Never
	 * written. */
	PSTORE_DT_UNBUFFERED,
	PSTORE_DT_NO_DUMP_OOPS,
	PSTORE_DT_DISABLED,     /* found with a status other than "okay": the kernel skips it */
	_PSTORE_DT_BOOL_MAX,
};
/* false for an unknown @b. Since 0.2. */
bool pstore_dt_node_get_bool(const struct pstore_dt_node *n, enum pstore_dt_bool b);
/* 0 or -EINVAL for an unknown @b. Since 0.2. */
int pstore_dt_node_set_bool(struct pstore_dt_node *n, enum pstore_dt_bool b, bool v);

/*
 * pstore_dt_node_from_layout: fill reg and the properties from layout parameters: every
 * non-zero size, ecc-size when non-zero, mem-type and max-reason when >= 0, flags when
 * non-zero. Cells, path and no_map are kept. Returns 0, -EINVAL for a size of @p below
 * the 0.2 layout. Since 0.1.
 */
int pstore_dt_node_from_layout(struct pstore_dt_node *n, const struct pstore_layout_params *p);
/*
 * The inverse, as ramoops_parse_dt() reads the node: unset sizes are 0 (the DT defaults),
 * "unbuffered" / "no-dump-oops" stand for an absent mem-type / max-reason, and a node found
 * outside a reserved-memory parent (n->path) with no console, ftrace, pmsg or ecc size gets
 * console and pmsg sizes equal to record-size (the kernel's quirk for old Chromebooks).
 * @p must carry its size (pstore_layout_params_init()); -EINVAL otherwise. Since 0.1.
 */
int pstore_dt_node_to_layout(const struct pstore_dt_node *n, struct pstore_layout_params *p);

/*
 * pstore_dt_node_check: refuse a node the binding or the kernel would reject: a value that
 * does not fit a uint32 cell or exceeds INT_MAX (ramoops_parse_dt() fails with -EOVERFLOW),
 * mem-type > 2, no record/console/ftrace/pmsg size, reg that does not fit the cells, a
 * zero size, and every error of the layout rules (pstore_layout_compute()). Returns 0 and,
 * when @ret is not NULL, the layout (its warnings say what the kernel would round or drop);
 * -EINVAL / -ERANGE / -EOVERFLOW with a message naming the property. A found node that is
 * disabled or not under /reserved-memory draws a warning through the log. Since 0.1.
 */
int pstore_dt_node_check(struct pstore_ctx *ctx, const struct pstore_dt_node *n,
			 struct pstore_layout **ret);

enum pstore_dt_format {
	PSTORE_DT_FORMAT_NODE,    /* the node alone, to paste into /reserved-memory */
	PSTORE_DT_FORMAT_OVERLAY, /* a complete overlay (/dts-v1/; /plugin/;), for dtc -@ */
	_PSTORE_DT_FORMAT_MAX,
};
/* "node", "overlay"; NULL / -EINVAL when unknown. Since 0.1. */
const char *pstore_dt_format_to_string(enum pstore_dt_format f);
int pstore_dt_format_from_string(const char *s);

/*
 * pstore_dt_node_source: DTS source text of the node (cells from @n), or of an overlay that
 * adds it (with /reserved-memory, its cells and an empty ranges unless n->have_parent).
 * The node is not checked: call pstore_dt_node_check() first. Returns 0 and a malloc'd
 * string in *ret. Since 0.1.
 */
int pstore_dt_node_source(struct pstore_ctx *ctx, const struct pstore_dt_node *n,
			  enum pstore_dt_format format, char **ret);

/* -- DTBs (lib/dt-blob.c; *_memmap, *_check_region: dt-memmap.c; pstore_dtb_patch,
 * pstore_dt_patch, pstore_dt_write: dt-patch.c) -- */

/*
 * A DTB read and checked once (fdt_check_full()) by pstore_dtb_read() or
 * pstore_dtb_from_blob(); the pstore_dtb_* calls trust it and do not check it again. The
 * pstore_dt_* calls that take a raw blob check it on every call: a command that asks
 * several questions of one DTB should open it as a struct pstore_dtb. Since 0.2.
 */
struct pstore_dtb;
/* Read @path ("-" is stdin) and check it; messages name @path. Since 0.2. */
int pstore_dtb_read(struct pstore_ctx *ctx, const char *path, struct pstore_dtb **ret);
/* Check a copy of @fdt (any alignment); @origin names it in messages (NULL: "DTB").
 * Since 0.2. */
int pstore_dtb_from_blob(struct pstore_ctx *ctx, const void *fdt, size_t len,
			 const char *origin, struct pstore_dtb **ret);
/* The blob (fdt_totalsize() bytes in *ret_len when not NULL). Since 0.2. */
const void *pstore_dtb_get_blob(const struct pstore_dtb *dtb, size_t *ret_len);
/* The path or origin it was read from, or NULL. Since 0.2. */
const char *pstore_dtb_get_origin(const struct pstore_dtb *dtb);
/* NULL is fine. Since 0.2. */
void pstore_dtb_free(struct pstore_dtb *dtb);
/* pstore_dt_cells(), pstore_dt_memmap(), pstore_dt_check_region(), pstore_dt_patch() and
 * pstore_dt_find_ramoops() for a checked DTB: same results and messages. Since 0.2. */
int pstore_dtb_cells(struct pstore_ctx *ctx, const struct pstore_dtb *dtb,
		     unsigned *ret_address_cells, unsigned *ret_size_cells,
		     bool *ret_have_parent);
int pstore_dtb_memmap(struct pstore_ctx *ctx, const struct pstore_dtb *dtb,
		      struct pstore_memmap **ret);
int pstore_dtb_check_region(struct pstore_ctx *ctx, const struct pstore_dtb *dtb,
			    const struct pstore_dt_node *n, unsigned flags);
int pstore_dtb_patch(struct pstore_ctx *ctx, const struct pstore_dtb *dtb,
		     const struct pstore_dt_node *n, unsigned flags, void **ret_fdt,
		     size_t *ret_len);
int pstore_dtb_find_ramoops(struct pstore_ctx *ctx, const struct pstore_dtb *dtb,
			    struct pstore_dt_node ***ret);

/*
 * pstore_dt_check_blob: fdt_check_full() with clear messages naming @origin: empty input,
 * wrong magic, truncated, corrupt. Returns 0 or -EINVAL / -ENOEXEC (not a DTB). Since 0.1.
 */
int pstore_dt_check_blob(struct pstore_ctx *ctx, const void *fdt, size_t len,
			 const char *origin);
/*
 * pstore_dt_read: read a DTB file ("-" is stdin) and check it (pstore_dt_check_blob()).
 * Returns 0 and a malloc'd blob in *ret_fdt (free()) of *ret_len bytes. Since 0.1.
 */
int pstore_dt_read(struct pstore_ctx *ctx, const char *path, void **ret_fdt, size_t *ret_len);

/*
 * pstore_dt_cells: the #address-cells / #size-cells a node under /reserved-memory uses:
 * those of /reserved-memory when it exists (sets *ret_have_parent), else the root's.
 * -EINVAL with a message when the root has none or they are not 1 or 2. Since 0.1.
 */
int pstore_dt_cells(struct pstore_ctx *ctx, const void *fdt, size_t len,
		    unsigned *ret_address_cells, unsigned *ret_size_cells, bool *ret_have_parent);

/*
 * pstore_dt_memmap: the memory map of a DTB, for choosing a region offline: RAM is the
 * reg of each /memory node (device_type = "memory"); busy are the /memreserve/ entries,
 * the static reg of every /reserved-memory child, and the whole alloc-ranges of children
 * placed dynamically (size + alloc-ranges). Returns 0 or -errno with a message. Since 0.1.
 */
int pstore_dt_memmap(struct pstore_ctx *ctx, const void *fdt, size_t len,
		     struct pstore_memmap **ret);

/* Flags of pstore_dt_check_region() and pstore_dt_patch(). */
enum {
	PSTORE_DT_REPLACE = 1 << 0, /* an existing ramoops node is replaced, not refused */
};
/*
 * pstore_dt_check_region: would n->address/n->size be accepted in this tree? Refuses
 * (-EBUSY, message naming the node or entry) a region not inside one /memory reg entry,
 * overlapping a /memreserve/ entry or a /reserved-memory child's reg; -EEXIST when a
 * ramoops node exists (unless PSTORE_DT_REPLACE: it is then left out of the checks);
 * -EINVAL when /reserved-memory has cells other than the root's or no ranges (the kernel
 * ignores such a node). Since 0.1.
 */
int pstore_dt_check_region(struct pstore_ctx *ctx, const void *fdt, size_t len,
			   const struct pstore_dt_node *n, unsigned flags);

/*
 * pstore_dt_patch: a copy of the DTB with the ramoops node added (or updated with
 * PSTORE_DT_REPLACE): /reserved-memory is created when missing (cells of the root, empty
 * ranges); the node is ramoops@<hex address> with compatible, reg in the parent's cells
 * (n->address_cells/size_cells are ignored) and the properties that are set. Runs
 * pstore_dt_node_check() and pstore_dt_check_region() first. The input is not modified;
 * the patched blob is checked (fdt_check_full()) before it is returned.
 * Returns 0 and a malloc'd packed blob in *ret_fdt / *ret_len. Since 0.1.
 */
int pstore_dt_patch(struct pstore_ctx *ctx, const void *fdt, size_t len,
		    const struct pstore_dt_node *n, unsigned flags, void **ret_fdt,
		    size_t *ret_len);

/*
 * pstore_dt_write: write a blob to @path durably: a temporary file in the same directory,
 * fsync, rename over @path, fsync of the directory. On any failure nothing is left
 * behind and @path is untouched. "-" writes to stdout. @mode as for open(2). Returns 0 or
 * -errno with a message naming the path. Since 0.1.
 */
int pstore_dt_write(struct pstore_ctx *ctx, const char *path, const void *fdt, size_t len,
		    mode_t mode);

/*
 * pstore_dt_find_ramoops: every node whose compatible lists "ramoops", from a blob.
 * Returns the count (>= 0) and a malloc'd array of nodes in *ret (NULL when none; free
 * with pstore_dt_node_list_free()), or -errno with a message naming the node and property
 * (a short reg, a short cell). Since 0.1.
 */
int pstore_dt_find_ramoops(struct pstore_ctx *ctx, const void *fdt, size_t len,
			   struct pstore_dt_node ***ret);
/* -- the running system's tree (lib/dt-live.c) -- */

/*
 * pstore_dt_find_ramoops_live: the same from the running system's tree,
 * /sys/firmware/devicetree/base through the sysroot (property files hold big-endian
 * cells). -ENOENT with a message when the system has no device tree. Since 0.1.
 */
int pstore_dt_find_ramoops_live(struct pstore_ctx *ctx, struct pstore_dt_node ***ret);

/* ==== kernel config and module (lib/kconfig.c, module.c, ramoops.c, check*.c) ======== */
/* (owned by the check topic) */

/* -- kernel configuration (lib/kconfig.c) -- */

struct pstore_kconfig;
/*
 * pstore_kconfig_parse: parse a kernel .config: `CONFIG_X=y|m|n`, numbers (decimal, 0x
 * hex), "quoted strings", `# CONFIG_X is not set`, other comments and blank lines. A
 * gzip-compressed buffer (/proc/config.gz) is inflated first. @origin names the input in
 * messages. Returns 0; -EINVAL for a malformed line (the message names origin and line),
 * -EBADMSG for broken gzip data. Since 0.1.
 */
int pstore_kconfig_parse(struct pstore_ctx *ctx, const char *buf, size_t len,
			 const char *origin, struct pstore_kconfig **ret);
/*
 * pstore_kconfig_read: read and parse a config. @path: a user path ("-" = stdin), or NULL
 * to search the sysroot's /proc/config.gz, /boot/config-RELEASE and
 * /lib/modules/RELEASE/config in that order (@release: NULL = pstore_kernel_release()).
 * Returns 0; -ENOENT when the search found nothing (the message lists what was tried);
 * parse and read errors as above. Since 0.1.
 */
int pstore_kconfig_read(struct pstore_ctx *ctx, const char *path, const char *release,
			struct pstore_kconfig **ret);
/*
 * pstore_kconfig_get: the value of symbol @name (with or without "CONFIG_"): "y", "m",
 * a number as written, a string without its quotes and escapes, "n" for `is not set`;
 * NULL when the file does not mention it. Since 0.1.
 */
const char *pstore_kconfig_get(const struct pstore_kconfig *kc, const char *name);
/* true when @name is "y" or "m". Since 0.1. */
bool pstore_kconfig_enabled(const struct pstore_kconfig *kc, const char *name);
/* The origin the config was read from ("/proc/config.gz" under the sysroot...). Since 0.1. */
const char *pstore_kconfig_get_origin(const struct pstore_kconfig *kc);
/* Number of symbols set or `not set`. Since 0.1. */
size_t pstore_kconfig_count(const struct pstore_kconfig *kc);
/* NULL is fine. Since 0.1. */
void pstore_kconfig_free(struct pstore_kconfig *kc);

/*
 * pstore_kernel_release: the release of the inspected kernel: the sysroot's
 * /proc/sys/kernel/osrelease, else (a sysroot with exactly one directory in /lib/modules)
 * that name, else uname -r. Returns a malloc'd string in *ret. Since 0.1.
 */
int pstore_kernel_release(struct pstore_ctx *ctx, char **ret);

/* -- the ramoops module (lib/module.c, libkmod) -- */

enum pstore_module_kind {
	PSTORE_MODULE_MISSING,  /* neither built in nor a module file */
	PSTORE_MODULE_BUILTIN,  /* in modules.builtin, or /sys/module/NAME without initstate */
	PSTORE_MODULE_FILE,     /* a loadable module (.ko, .ko.xz, .ko.zst, .ko.gz) */
};
/* "missing", "built-in", "module"; NULL for an unknown value. Since 0.1. */
const char *pstore_module_kind_to_string(enum pstore_module_kind k);
/* The value or -EINVAL. Since 0.1. */
int pstore_module_kind_from_string(const char *s);

struct pstore_module;
/*
 * pstore_module_lookup: find module @name ("ramoops") with libkmod opened on
 * SYSROOT/lib/modules/@release (NULL: pstore_kernel_release()) with no configuration of
 * the host (/etc/modprobe.d is not read). A missing module directory or index is not an
 * error: the kind is then MISSING and pstore_module_get_problem() says why, unless
 * /sys/module/NAME shows it built in. Returns 0 or a negative errno. Since 0.1.
 */
int pstore_module_lookup(struct pstore_ctx *ctx, const char *name, const char *release,
			 struct pstore_module **ret);
enum pstore_module_kind pstore_module_get_kind(const struct pstore_module *m);
const char *pstore_module_get_name(const struct pstore_module *m);
const char *pstore_module_get_release(const struct pstore_module *m);
/* The module file (absolute, under the sysroot), or NULL unless kind is FILE. Since 0.1. */
const char *pstore_module_get_path(const struct pstore_module *m);
/* Dependencies in load order (deepest first), by name, e.g. "reed_solomon". Since 0.1. */
size_t pstore_module_dep_count(const struct pstore_module *m);
const char *pstore_module_get_dep(const struct pstore_module *m, size_t i);
/* Loaded: the sysroot's /sys/module/NAME exists (always true for built-in ones that
 * have parameters). Since 0.1. */
bool pstore_module_is_loaded(const struct pstore_module *m);
/* Why the lookup found nothing ("no modules.dep: run depmod"...), or NULL. Since 0.1. */
const char *pstore_module_get_problem(const struct pstore_module *m);
/*
 * pstore_module_insert: insert the module into the running kernel with @options
 * ("mem_address=0x... mem_size=0x..."), its dependencies first, as modprobe does. Only for
 * the running system (no sysroot). Returns 0; -EEXIST when already loaded, -ENOENT when
 * there is no module file, -EPERM without privileges, or the kernel's refusal (the message
 * says to look at dmesg). Since 0.1.
 */
int pstore_module_insert(struct pstore_ctx *ctx, struct pstore_module *m, const char *options);
/* NULL is fine. Since 0.1. */
void pstore_module_free(struct pstore_module *m);

/* -- ramoops' parameters and option string (lib/ramoops.c) -- */

/* The parameters of a live ramoops, from /sys/module/ramoops/parameters (decimal there). */
struct pstore_ramoops_params {
	uint32_t struct_size; /* = PSTORE_STRUCT_INIT(struct pstore_ramoops_params) */
	uint64_t mem_address, mem_size;
	uint64_t record_size, console_size, pmsg_size, ftrace_size;
	int64_t ecc;        /* as given: 1 means 16 bytes; not updated from a DT node */
	int64_t max_reason; /* effective after probe */
	int64_t mem_type;   /* as given; not updated from a DT node */
	int64_t dump_oops;
	unsigned have;      /* bit mask of PSTORE_RAMOOPS_HAVE_* (files that were present) */
};
enum {
	PSTORE_RAMOOPS_HAVE_MEM_ADDRESS = 1 << 0,
	PSTORE_RAMOOPS_HAVE_MEM_SIZE = 1 << 1,
	PSTORE_RAMOOPS_HAVE_RECORD_SIZE = 1 << 2,
	PSTORE_RAMOOPS_HAVE_CONSOLE_SIZE = 1 << 3,
	PSTORE_RAMOOPS_HAVE_PMSG_SIZE = 1 << 4,
	PSTORE_RAMOOPS_HAVE_FTRACE_SIZE = 1 << 5,
	PSTORE_RAMOOPS_HAVE_ECC = 1 << 6,
	PSTORE_RAMOOPS_HAVE_MAX_REASON = 1 << 7,
	PSTORE_RAMOOPS_HAVE_MEM_TYPE = 1 << 8,
	PSTORE_RAMOOPS_HAVE_DUMP_OOPS = 1 << 9,
};
/*
 * pstore_ramoops_params_read: read the sysroot's /sys/module/ramoops/parameters. Returns
 * 0; -ENOENT when the directory does not exist (ramoops not loaded); -EINVAL with a
 * message naming the file for a value that is not a number. Since 0.1.
 */
int pstore_ramoops_params_read(struct pstore_ctx *ctx, struct pstore_ramoops_params *ret);
/*
 * pstore_ramoops_params_to_layout: the layout parameters the module runs with (ecc=1 is 16
 * bytes, as the module reads it; nothing is left to pstore_layout_params_fit()). Both
 * structs must carry their size (-EINVAL). Since 0.1.
 */
int pstore_ramoops_params_to_layout(const struct pstore_ramoops_params *p,
				    struct pstore_layout_params *ret);
/*
 * pstore_ramoops_options: the module options for @p: "mem_address=0x.. mem_size=0x..
 * record_size=0x.. console_size=0x.. pmsg_size=0x.. ftrace_size=0x.. ecc=N" plus
 * max_reason=N and mem_type=N when set (>= 0). ftrace_size is always given: the module
 * default (4096) would carve a zone. With @prefix "ramoops." the same for the kernel
 * command line. Returns a malloc'd string in *ret. Since 0.1.
 */
int pstore_ramoops_options(const struct pstore_layout_params *p, const char *prefix,
			   char **ret);

/* -- the check engine (lib/check.c; the sections in lib/check-config.c, check-module.c,
 * check-runtime.c) -- */

enum pstore_check_status {
	PSTORE_CHECK_OK,
	PSTORE_CHECK_WARN,
	PSTORE_CHECK_FAIL,
	PSTORE_CHECK_SKIP,
};
/* "ok", "warn", "fail", "skip"; NULL for an unknown value. Since 0.1. */
const char *pstore_check_status_to_string(enum pstore_check_status s);
/* The value or -EINVAL. Since 0.1. */
int pstore_check_status_from_string(const char *s);

/* One finding. Strings are never NULL ("" when empty). */
struct pstore_check {
	uint32_t struct_size; /* set by the library */
	const char *id;      /* "config.PSTORE", "module.ramoops", "runtime.iomem", ... */
	const char *section; /* "config", "module", "runtime" */
	enum pstore_check_status status;
	const char *value;   /* what was seen: "y", "built-in", "0x100000@0x10000000" */
	const char *detail;  /* one line: what it means */
	const char *hint;    /* one line for anything not ok: what to change, where */
	/* For anything not ok whose hint a tool may carry out its own way: one of the
	 * PSTORE_CHECK_ACTION_* ids below, else "". Since 0.1. */
	const char *action;
};

/* Stable ids of pstore_check.action. */
#define PSTORE_CHECK_ACTION_CONFIG_FILE "config-file" /* name a kernel configuration file */
#define PSTORE_CHECK_ACTION_LOAD "load"     /* load ramoops with a reserved region */
/* reload ramoops with other zone sizes: the hint names each parameter at fault as
 * modprobe takes it, "NAME_size=0" (a zone to drop) or "NAME_size=SIZE" (one to give);
 * pstore_check_get_reload() gives the same as values */
#define PSTORE_CHECK_ACTION_RELOAD "reload"
#define PSTORE_CHECK_ACTION_MOUNT "mount"   /* mount pstorefs on /sys/fs/pstore */
/* read the records systemd-pstore took, in PSTORE_SYSTEMD_ARCHIVE_DIR. Since 0.2. */
#define PSTORE_CHECK_ACTION_READ_ARCHIVE "read-archive"
/* write boot and shutdown markers to /dev/pmsg0. Since 0.2. */
#define PSTORE_CHECK_ACTION_MARKERS "markers"
/* choose and reserve a free region for ramoops. Since 0.2. */
#define PSTORE_CHECK_ACTION_PLAN "plan"

struct pstore_check_opts {
	uint32_t struct_size; /* = PSTORE_STRUCT_INIT(struct pstore_check_opts) */
	const char *config;  /* a kernel configuration file ("-" = stdin), NULL = search the
			      * sysroot (action "config-file" asks for one) */
	const char *release; /* the kernel release to check, NULL = pstore_kernel_release() */
};

struct pstore_checks;
/*
 * pstore_checks_run: look at the kernel configuration, the ramoops module and the live
 * system under the sysroot, and return the findings in section order. Problems found are
 * findings, not errors: returns 0, or a negative errno (with a message) only for an
 * explicit @opts->config that cannot be read or parsed, and for -ENOMEM. Since 0.1.
 */
int pstore_checks_run(struct pstore_ctx *ctx, const struct pstore_check_opts *opts,
		      struct pstore_checks **ret);
size_t pstore_checks_count(const struct pstore_checks *c);
/* Finding @i, or NULL when out of range. Since 0.1. */
const struct pstore_check *pstore_checks_get(const struct pstore_checks *c, size_t i);
/* The finding with this id, or NULL. Since 0.1. */
const struct pstore_check *pstore_checks_find(const struct pstore_checks *c, const char *id);
/* How many findings have status @s. Since 0.1. */
size_t pstore_checks_count_status(const struct pstore_checks *c, enum pstore_check_status s);
/* NULL is fine. Since 0.1. */
void pstore_checks_free(struct pstore_checks *c);
/* The value of pstore_check_get_reload() for a zone that wants any size but 0. */
#define PSTORE_CHECK_ANY_SIZE UINT64_MAX
/*
 * pstore_check_get_reload: the @i-th module parameter a finding with action "reload"
 * asks to set, in the order its hint names them: the name as modprobe takes it
 * ("console_size") in *ret_param, the value in *ret_value (0: drop the zone;
 * PSTORE_CHECK_ANY_SIZE: give it a size). @c must come from pstore_checks_get() or
 * pstore_checks_find(). Returns 1, or 0 past the last one and for any other finding.
 * Since 0.2.
 */
int pstore_check_get_reload(const struct pstore_check *c, size_t i, const char **ret_param,
			    uint64_t *ret_value);
/*
 * pstore_check_region: is [@address, @address + @size) safe for ramoops, i.e. reserved
 * in the sysroot's /proc/iomem ("Reserved", "reserved", "Persistent Memory (legacy)") or
 * a hole that a memmap=SIZE$ADDR on /proc/cmdline made, or outside System RAM and covered
 * by ramoops' own "ramoops:<zone>" entries? Returns 0 when it is; -EBUSY when
 * it is System RAM the kernel uses (the message says how to reserve it); -ENXIO when
 * there is neither RAM nor a reservation; read errors of pstore_iomem_read() (-EPERM:
 * addresses hidden from non-root). Since 0.1.
 */
int pstore_check_region(struct pstore_ctx *ctx, uint64_t address, uint64_t size);
/*
 * pstore_cmdline_reservation (lib/cmdline.c): the one memmap=SIZE$ADDR (or SIZE!ADDR) of the
 * sysroot's /proc/cmdline. Returns 1 and the region, 0 when there is none or more than
 * one, or a read error. Since 0.1.
 */
int pstore_cmdline_reservation(struct pstore_ctx *ctx, struct pstore_range *ret);

/* ==== records (lib/format.c ... lib/pmsg.c: each part below names its file) ========== */
/*
 * The records the kernel leaves in pstorefs, named "<type>-<backend>-<id>[.enc.z]"
 * (fs/pstore/inode.c). A record comes from a source (the live pstore mount, any
 * directory, later a RAM image or an archive); listing, reading and the viewer only use
 * the calls below and never care which kind of source it is.
 */

/* ---- formats (lib/format.c): pure parsers, no files ---- */

/* Record types in the kernel's enum order (enum pstore_type_id); UNKNOWN for the rest. */
enum pstore_type {
	PSTORE_TYPE_DMESG = 0,
	PSTORE_TYPE_MCE,
	PSTORE_TYPE_CONSOLE,
	PSTORE_TYPE_FTRACE,
	PSTORE_TYPE_RTAS,
	PSTORE_TYPE_PPC_OFW,
	PSTORE_TYPE_PPC_COMMON,
	PSTORE_TYPE_PMSG,
	PSTORE_TYPE_PPC_OPAL,
	PSTORE_TYPE_UNKNOWN,
	_PSTORE_TYPE_MAX,
};
/* "dmesg", "powerpc-ofw", ... "unknown". Since 0.1. */
const char *pstore_type_to_string(enum pstore_type t);
/* The type named @s, or -EINVAL. Since 0.1. */
int pstore_type_from_string(const char *s);

/* Why the kernel dumped (the "Panic" of "Panic#1 Part1"), kmsg_dump_reason_str(). */
enum pstore_reason {
	PSTORE_REASON_UNKNOWN = 0,
	PSTORE_REASON_PANIC,
	PSTORE_REASON_OOPS,
	PSTORE_REASON_EMERGENCY,
	PSTORE_REASON_SHUTDOWN,
	PSTORE_REASON_RESTART,  /* kernels before 5.8 */
	PSTORE_REASON_HALT,     /* kernels before 5.8 */
	PSTORE_REASON_POWEROFF, /* kernels before 5.8 */
	_PSTORE_REASON_MAX,
};
/* Lower case: "panic", "oops", ... Since 0.1. */
const char *pstore_reason_to_string(enum pstore_reason r);
/* Either case ("Panic" or "panic"), or -EINVAL. Since 0.1. */
int pstore_reason_from_string(const char *s);

/* The ECC notice ramoops appends to every record when ECC is on. */
enum pstore_ecc {
	PSTORE_ECC_NONE = 0,       /* no notice: ECC off, or not ramoops */
	PSTORE_ECC_CLEAN,          /* "ECC: No errors detected" */
	PSTORE_ECC_CORRECTED,      /* "ECC: N Corrected bytes, 0 unrecoverable blocks" */
	PSTORE_ECC_UNCORRECTABLE,  /* "ECC: N Corrected bytes, M unrecoverable blocks", M > 0 */
	_PSTORE_ECC_MAX,
};
/* NULL for NONE, else "clean", "corrected", "uncorrectable". Since 0.1. */
const char *pstore_ecc_to_string(enum pstore_ecc e);
int pstore_ecc_from_string(const char *s);

/* A record file name taken apart. */
struct pstore_name {
	uint32_t struct_size; /* = PSTORE_STRUCT_INIT(struct pstore_name) */
	enum pstore_type type; /* UNKNOWN when the name does not follow the kernel's form */
	char backend[64];      /* "ramoops", "efi_pstore", ...; "" when unknown */
	uint64_t id;
	bool has_id;           /* false for the id-less "console-ramoops" of kernels <= 3.18 */
	bool compressed;       /* ".enc.z": the kernel could not decompress it */
};
/*
 * pstore_record_name_parse: take apart a file name (no directory). Returns 0 when the name
 * has the kernel's form, -EINVAL otherwise (ret then says type UNKNOWN). Since 0.2 an
 * archive copy NAME.N (N >= 1, see pstore_record_archive()) parses as NAME. Since 0.1.
 */
int pstore_record_name_parse(const char *name, struct pstore_name *ret);

/* The first line of a dmesg record: "%s#%d Part%u\n". */
struct pstore_dmesg_header {
	uint32_t struct_size; /* = PSTORE_STRUCT_INIT(struct pstore_dmesg_header) */
	enum pstore_reason reason;
	int count;      /* the oops count of this boot ("#1") */
	unsigned part;  /* 1 = the newest chunk of the log */
	size_t len;     /* bytes of the header line, newline included */
};
/* Parses the header at the start of @buf. Returns 0 or -EINVAL. Since 0.1. */
int pstore_dmesg_header_parse(const char *buf, size_t len, struct pstore_dmesg_header *ret);

struct pstore_ecc_notice {
	uint32_t struct_size; /* = PSTORE_STRUCT_INIT(struct pstore_ecc_notice) */
	enum pstore_ecc status;
	int corrected;      /* bytes corrected */
	int unrecoverable;  /* blocks that could not be corrected */
	size_t offset;      /* where the notice (its leading "\n") starts in the buffer */
};
/*
 * pstore_ecc_notice_parse: find the notice ramoops appends ("\nECC: ...\n") at the very
 * end of @buf (the end of a record). Returns 0, or -ENOENT when there is none. Since 0.1.
 */
int pstore_ecc_notice_parse(const char *buf, size_t len, struct pstore_ecc_notice *ret);
/* Bytes at the end of a record that are enough to hold any ECC notice. */
#define PSTORE_ECC_NOTICE_MAX 96

/*
 * pstore_log_prefix_parse: the "<N>" syslog prefix of a dmesg record line. Sets the level
 * (0-7) and facility and returns the prefix length, or 0 when the line has none. Since 0.1.
 */
size_t pstore_log_prefix_parse(const char *line, size_t len, int *level, int *facility);
/* "emerg" .. "debug" (util-linux names); NULL out of range. Since 0.1. */
const char *pstore_log_level_to_string(int level);
/* A level name or number 0-7, or -EINVAL. Since 0.1. */
int pstore_log_level_from_string(const char *s);

/* ---- sources (lib/source.c; lib/source-dir.c, lib/source-mount.c) ---- */
struct pstore_source;
struct pstore_record;

/*
 * pstore_source_new_dir: records in any directory (a copy, a support bundle) and its
 * per-backend subdirectories. Since 0.1.
 */
int pstore_source_new_dir(struct pstore_ctx *ctx, const char *dir, struct pstore_source **ret);
/*
 * pstore_source_new_mount: the live pstore mount, found in the sysroot's
 * /proc/self/mountinfo. Returns -ENOENT with a message when pstore is not mounted. Since 0.1.
 */
int pstore_source_new_mount(struct pstore_ctx *ctx, struct pstore_source **ret);
struct pstore_source *pstore_source_ref(struct pstore_source *s);
struct pstore_source *pstore_source_unref(struct pstore_source *s);
/* "mount", "dir", ... Since 0.1. */
const char *pstore_source_get_kind(const struct pstore_source *s);
/* Where the records are (a directory), for messages; NULL when not a directory. Since 0.1. */
const char *pstore_source_get_path(const struct pstore_source *s);
/*
 * A path a watcher can inotify_add_watch() for new records, or NULL. Since 0.1. Since 0.2
 * it names the directory the source opened ("/proc/self/fd/N", valid in this process while
 * the source lives), not its path resolved again (under a sysroot: another directory).
 */
const char *pstore_source_get_watch_dir(const struct pstore_source *s);

/*
 * pstore_source_set_all_files: make pstore_source_list() return the files that are not
 * records too (pstore_record_is_foreign()); they are never erased. Since 0.2.
 */
void pstore_source_set_all_files(struct pstore_source *s, bool all);
/*
 * pstore_source_list: the records of a source, sorted (type, backend, id, name). Only
 * files named as records are (pstore_record_name_parse(), and systemd-pstore's dmesg.txt
 * in its per-id directories); since 0.2 other files are left out unless
 * pstore_source_set_all_files(). Records that vanish while listing are left out; an
 * unreadable subdirectory is reported (a warning on the context) and skipped.
 * Free with pstore_record_list_free(). Since 0.1.
 */
int pstore_source_list(struct pstore_source *s, struct pstore_record ***ret, size_t *ret_n);
void pstore_record_list_free(struct pstore_record **recs, size_t n);

/* ---- one record (lib/source.c; what it says when read: lib/probe.c) ---- */
struct pstore_record *pstore_record_ref(struct pstore_record *r);
struct pstore_record *pstore_record_unref(struct pstore_record *r);
/* Path relative to the source: "dmesg-ramoops-0", or "ramoops/dmesg-ramoops-0". */
const char *pstore_record_get_name(const struct pstore_record *r);
enum pstore_type pstore_record_get_type(const struct pstore_record *r);
/* "" when the name is not of the kernel's form. */
const char *pstore_record_get_backend(const struct pstore_record *r);
/* Returns 0, or -ENODATA when the name carries no id. */
int pstore_record_get_id(const struct pstore_record *r, uint64_t *ret);
/* Bytes as stored (a .enc.z record: compressed). */
uint64_t pstore_record_get_size(const struct pstore_record *r);
/* Whether the record is still compressed (.enc.z). */
bool pstore_record_is_compressed(const struct pstore_record *r);
/* The file's mtime (seconds since the epoch). */
int64_t pstore_record_get_mtime(const struct pstore_record *r);
/*
 * pstore_record_get_time: when the kernel stored the record. dmesg records carry a time
 * (ramoops' "====sec.usec" header), and every record of the erst backend (its CPER
 * header); for the others the kernel leaves it 0 and the file's mtime is only when
 * pstore was mounted: -ENODATA. Since 0.1.
 */
int pstore_record_get_time(const struct pstore_record *r, int64_t *ret);
/*
 * pstore_record_get_dmesg_header: the "Panic#1 Part1" line. Reads the first bytes of the
 * record once (inflating a .enc.z). -ENODATA when the record has none. Since 0.1.
 */
int pstore_record_get_dmesg_header(struct pstore_record *r, struct pstore_dmesg_header *ret);
/* pstore_record_get_ecc: the ECC notice; reads the last bytes once. NONE when absent. */
int pstore_record_get_ecc(struct pstore_record *r, struct pstore_ecc_notice *ret);
/*
 * pstore_record_probe: read the header and the ECC notice now, with one open of the
 * record (the getters do it lazily otherwise). Since 0.1.
 */
void pstore_record_probe(struct pstore_record *r);
/*
 * pstore_record_list_probe: the same for many records, on a few threads: listing
 * thousands of records is bound by open(2)/pread(2) latency. Since 0.1.
 */
void pstore_record_list_probe(struct pstore_record **recs, size_t n);
/* The first read error met while probing the header or ECC notice (0 if none). */
int pstore_record_get_probe_error(const struct pstore_record *r);
/*
 * pstore_record_is_foreign: a file of the source that is not a pstore record (listed only
 * with pstore_source_set_all_files()); it has type UNKNOWN and is never erased. Since 0.2.
 */
bool pstore_record_is_foreign(const struct pstore_record *r);
/*
 * pstore_record_matches: does @what name this record: its name, its file name without
 * the directory (either without the ".enc.z" of a compressed record, since 0.2), or, when
 * @what is a type name ("dmesg"), its type: a type never matches a file name. A foreign
 * file matches its exact name only. Since 0.1.
 */
bool pstore_record_matches(const struct pstore_record *r, const char *what);
/*
 * Erase the record (in the backend, for the live mount). Never follows a symbolic link,
 * and refuses a foreign file (-EPERM). Since 0.1.
 */
int pstore_record_remove(struct pstore_ctx *ctx, struct pstore_record *r);

/* ---- dmesg dumps (lib/dump.c) ---- */
/*
 * pstore_record_dump_parts: the records holding the parts of the same dmesg dump as @r
 * (same backend, reason and count, stored within a few seconds), oldest chunk first
 * (highest part first). For ramoops this is @r alone. *ret holds references; free with
 * pstore_record_list_free(). Since 0.1.
 */
int pstore_record_dump_parts(struct pstore_record *const *recs, size_t n,
			     struct pstore_record *r, struct pstore_record ***ret,
			     size_t *ret_n);
/*
 * pstore_dump_index_new: an index of the dmesg records of @recs (sorted by backend and
 * time; nothing is read), for finding the parts of many dumps: the parts of every record
 * of a listing cost n log n instead of the n^2 of pstore_record_dump_parts() each time.
 * The index holds references to the records. Returns 0 or -ENOMEM. Since 0.1.
 */
struct pstore_dump_index;
int pstore_dump_index_new(struct pstore_record *const *recs, size_t n,
			  struct pstore_dump_index **ret);
/*
 * pstore_dump_index_parts: what pstore_record_dump_parts() gives for the listing the index
 * was made of: the same records in the same order. Since 0.1.
 */
int pstore_dump_index_parts(const struct pstore_dump_index *idx, struct pstore_record *r,
			    struct pstore_record ***ret, size_t *ret_n);
/* Frees the index (NULL is fine); returns NULL. Since 0.1. */
struct pstore_dump_index *pstore_dump_index_free(struct pstore_dump_index *idx);
/*
 * pstore_dump_newest: the newest dmesg dump among @recs: of the dmesg records that are not
 * empty and carry a dmesg header, the one with the newest pstore_record_get_time() (on a
 * tie, the lower part), and of its dump (pstore_record_dump_parts()) the lowest part:
 * part 1, which holds the end of the log. *ret is one of @recs, with no new reference.
 * Reads the headers it needs (as pstore_record_get_dmesg_header()). Returns 0, -ENOENT
 * when there is no dump, or -ENOMEM. Since 0.1.
 */
int pstore_dump_newest(struct pstore_record *const *recs, size_t n,
		       struct pstore_record **ret);

/* ---- reading (lib/reader.c; the codecs: lib/codec-*.c; positional: lib/record-pread.c) ---- */
enum {
	PSTORE_READ_INFLATE = 1 << 0,     /* inflate .enc.z records (raw deflate, zlib, gzip) */
	PSTORE_READ_STRIP_ECC = 1 << 1,   /* leave out the ECC notice */
	PSTORE_READ_STRIP_HEADER = 1 << 2, /* leave out the "Panic#1 Part1" line */
};
struct pstore_reader;
/* pstore_record_open: a stream over the record's bytes, changed as @flags say. Since 0.1. */
int pstore_record_open(struct pstore_ctx *ctx, struct pstore_record *r, unsigned flags,
		       struct pstore_reader **ret);
/*
 * pstore_record_open_tail: the same, starting at the last @nlines lines. Plain records
 * are searched from the end, so the cost does not depend on their size. Since 0.1.
 */
int pstore_record_open_tail(struct pstore_ctx *ctx, struct pstore_record *r, unsigned flags,
			    uint64_t nlines, struct pstore_reader **ret);
/* Up to @len bytes; returns the count, 0 at the end, or -errno (message set). Since 0.1. */
ssize_t pstore_reader_read(struct pstore_reader *rd, void *buf, size_t len);
/*
 * pstore_reader_copy: the rest of the stream to file descriptor @fd, zero-copy
 * (splice/sendfile) when nothing has to be changed. Returns 0 or -errno. Since 0.1.
 */
int pstore_reader_copy(struct pstore_reader *rd, int fd);
struct pstore_reader *pstore_reader_free(struct pstore_reader *rd);

/*
 * pstore_record_open_pread: positional reads of the record's bytes as stored (nothing
 * inflated or left out), for a viewer that jumps around a large record without reading
 * what lies before. The size is fixed when opened: open again to see a record grow.
 * Returns 0, or -errno with a message. Since 0.2.
 */
struct pstore_preader;
int pstore_record_open_pread(struct pstore_ctx *ctx, struct pstore_record *r,
			     struct pstore_preader **ret);
/* The record's size when it was opened. Since 0.2. */
uint64_t pstore_preader_get_size(const struct pstore_preader *p);
/* Up to @len bytes at @off (fewer only at the end); 0 past the end, or -errno (message
 * set). Since 0.2. */
ssize_t pstore_preader_pread(struct pstore_preader *p, void *buf, size_t len, uint64_t off);
/* NULL is fine. Since 0.2. */
struct pstore_preader *pstore_preader_free(struct pstore_preader *p);

/* ---- archiving (lib/archive.c) ---- */
/*
 * pstore_record_archive_new: copy the record's bytes as stored into the open directory
 * @dirfd durably (temporary file, fsync, rename, fsync of the directory), with the
 * record's mtime. The copy is named @name, or when NULL the record's name with '/' made
 * '_'; an existing file is never replaced: when the name is taken at the moment of the
 * commit (another run writing there too), the copy becomes NAME.1, NAME.2, ... (which
 * pstore_record_name_parse() reads as NAME). *ret_name (may be NULL) is the name taken.
 * On any failure nothing is left behind. Returns 0 or -errno. Since 0.2.
 */
int pstore_record_archive_new(struct pstore_ctx *ctx, struct pstore_record *r, int dirfd,
			      const char *name, char **ret_name);
/* The same without the name taken; since 0.2 it never replaces a file either. Since 0.1. */
int pstore_record_archive(struct pstore_ctx *ctx, struct pstore_record *r, int dirfd,
			  const char *name);
/*
 * pstore_archive_clean: remove the temporary files (".NAME.PID.N.tmp") that archiving
 * runs killed before their commit left in @dirfd: only that pattern, only when process
 * PID is gone. Returns how many were removed, or -errno. Since 0.2.
 */
int pstore_archive_clean(struct pstore_ctx *ctx, int dirfd);

/* ---- the per-boot archive (lib/archive-boot.c; reading it back: archive-boots.c) */
/*
 * The records of each boot that ended, in a directory of their own under an archive root
 * (PSTORE_ARCHIVE_DIR by default): ROOT/<UTC time>[_<boot id>]/ with the record files as
 * stored, dmesg.txt (the newest dump, its parts put together and inflated), console.txt,
 * pmsg.txt, reason.json, records.json and ".archived" (one "SIZE TIME NAME" line per record
 * it holds). The time is the newest record's (YYYYMMDDTHHMMSSZ), the boot id the ended
 * boot's when a boot marker names it. Since 0.2.
 */
#define PSTORE_ARCHIVE_DIR "/var/lib/pstore"
enum {
	PSTORE_ARCHIVE_KEEP = 1 << 0, /* leave the records in the source */
};
/*
 * pstore_archive_boot: archive the records of @src that no boot directory of @root holds
 * yet (same name, size and time) into a new boot directory: every file durable (temporary
 * name, fsync, rename without replacing, fsync of the directory), the directory built under
 * a temporary name and renamed into place only when complete. Then, unless
 * PSTORE_ARCHIVE_KEEP, erases from @src every record a complete boot directory holds (also
 * those an interrupted earlier run archived), never another. Work left by a killed run is
 * removed first. @root is created when missing. *ret_dir (may be NULL) gets the new
 * directory's path (malloc'd). Returns 1 when a boot directory was made, 0 when there was
 * nothing new, or -errno with a message (the first erase error after a complete archive).
 * Since 0.2.
 */
int pstore_archive_boot(struct pstore_ctx *ctx, struct pstore_source *src, const char *root,
			unsigned flags, char **ret_dir);
/*
 * pstore_archive_prune: retention. Removes the oldest boot directories while there are more
 * than @max_boots or they take more than @max_size bytes (0: no limit); the newest boot
 * always stays. A boot leaves the listing (a rename) before its files go. Returns how many
 * were removed, or -errno with a message. Since 0.2.
 */
int pstore_archive_prune(struct pstore_ctx *ctx, const char *root, uint64_t max_boots,
			 uint64_t max_size);
/*
 * pstore_archive_open: the complete boot directories of @root, oldest first (an archive that
 * does not exist has none). Returns 0, or -errno with a message. Since 0.2.
 */
struct pstore_archive;
int pstore_archive_open(struct pstore_ctx *ctx, const char *root, struct pstore_archive **ret);
/* How many boots. Since 0.2. */
size_t pstore_archive_count(const struct pstore_archive *a);
/* Boot @i (0 = the oldest): its directory name and path (NULL out of range), the boot id
 * (NULL when unknown), reason.json's reason (NULL when absent), the time of the directory's
 * name, the records it holds and the bytes of its files. Since 0.2. */
const char *pstore_archive_get_name(const struct pstore_archive *a, size_t i);
const char *pstore_archive_get_path(const struct pstore_archive *a, size_t i);
const char *pstore_archive_get_boot_id(const struct pstore_archive *a, size_t i);
const char *pstore_archive_get_reason(const struct pstore_archive *a, size_t i);
int64_t pstore_archive_get_time(const struct pstore_archive *a, size_t i);
size_t pstore_archive_get_records(const struct pstore_archive *a, size_t i);
uint64_t pstore_archive_get_size(const struct pstore_archive *a, size_t i);
/*
 * pstore_archive_find: the boot @spec names, as journalctl --boot does: 0 the newest, -1
 * the one before, ..., 1 the oldest; or a boot id (or its unique prefix), or a directory
 * name. Returns 0, -ENOENT, or -EEXIST for a prefix of several boots (with a message).
 * Since 0.2.
 */
int pstore_archive_find(struct pstore_ctx *ctx, const struct pstore_archive *a,
			const char *spec, size_t *ret);
/*
 * pstore_archive_this_boot: the newest boot of @a when it was archived during the running
 * boot (its directory changed after the kernel started: btime of the sysroot's
 * /proc/stat): the records the boot that ended left, taken out of pstore at start-up
 * (pstorectl-archive.service). Returns 0 and its index, or -ENOENT (no message). Since 0.2.
 */
int pstore_archive_this_boot(struct pstore_ctx *ctx, const struct pstore_archive *a,
			     size_t *ret);
/* NULL is fine. Since 0.2. */
void pstore_archive_free(struct pstore_archive *a);
/*
 * The MESSAGE_ID of the journal entry pstore_archive_journal_send() logs for each archived
 * boot: `journalctl MESSAGE_ID=5c0796d40dd34a56aba0a5ab1fb5c76c`. Since 0.2.
 */
#define PSTORE_ARCHIVE_MESSAGE_ID "5c0796d40dd34a56aba0a5ab1fb5c76c"
/*
 * pstore_archive_journal_send: log the boot directory @dir (ROOT/NAME, as
 * pstore_archive_boot() returns it) to the systemd journal, once: MESSAGE_ID above, a
 * MESSAGE with the reason and the panic line, PRIORITY (warning for a crash, else info),
 * PSTORE_REASON, PSTORE_BOOT_ID (the boot that ended, when a boot marker named it),
 * PSTORE_ARCHIVE (@dir), PSTORE_RECORDS and PSTORE_PANIC (when a crash line is found).
 * libsystemd is loaded on first use. Returns 0; -ENOENT when there is no journal
 * (/run/systemd/journal/socket) and -EOPNOTSUPP when libsystemd cannot be loaded, both
 * without a message; another -errno (the journal's) with a message. Since 0.2.
 */
int pstore_archive_journal_send(struct pstore_ctx *ctx, const char *dir);

/* ---- the live system (lib/mount.c, lib/pmsg.c) ---- */
/*
 * pstore_mountinfo_find: the mount point of the first mount of fstype @fstype in a
 * /proc/self/mountinfo buffer (octal escapes decoded). Returns 0 and a malloc'd path, or
 * -ENOENT. Since 0.1.
 */
int pstore_mountinfo_find(const char *buf, size_t len, const char *fstype, char **ret);
/* pstore_backend_get: the registered backend (/sys/module/pstore/parameters/backend). */
int pstore_backend_get(struct pstore_ctx *ctx, char **ret);
/*
 * pstore_mount: mount pstore on @dir (NULL: /sys/fs/pstore) unless it is mounted. Sets
 * *ret_where to the mount point; returns 1 when it mounted, 0 when it already was.
 * Refuses with a sysroot, without root, or when the kernel has no pstore. Since 0.1.
 */
int pstore_mount(struct pstore_ctx *ctx, const char *dir, char **ret_where);
/*
 * pstore_pmsg_open: open the sysroot's /dev/pmsg0 for writing; the message says
 * CONFIG_PSTORE_PMSG is off when it is missing. Since 0.1.
 */
int pstore_pmsg_open(struct pstore_ctx *ctx, int *ret_fd);
/*
 * pstore_pmsg_write: one message with one write(2); the next boot finds the messages,
 * concatenated, in pmsg-<backend>-0. Returns 0 or -errno. Since 0.1.
 */
int pstore_pmsg_write(struct pstore_ctx *ctx, int fd, const char *msg, size_t len);

/* ==== records straight from memory (lib/image.c, lib/prz.c, lib/ecc.c, lib/decode.c,
 *      lib/scan.c, lib/codec-lz.c, lib/source-image.c) ===================================
 * Since 0.2. A memory image holds a ramoops region as the crashed kernel left it; decoding
 * it with the region's layout gives the records the next boot would have shown in
 * pstorefs, byte for byte, without booting: the zone headers and rings of
 * fs/pstore/ram_core.c, Reed-Solomon correction with the kernel's parameters (libfec),
 * the dmesg "====sec.usec-C" header, and decompression.
 */

/* Compression of dmesg records: pstore.compress= (Linux up to 6.5; 6.6+ deflate only). */
enum pstore_compress {
	PSTORE_COMPRESS_DEFLATE,
	PSTORE_COMPRESS_LZO,
	PSTORE_COMPRESS_LZ4,
	PSTORE_COMPRESS_LZ4HC,
	PSTORE_COMPRESS_ZSTD,
	_PSTORE_COMPRESS_MAX,
};
/* "deflate", "lzo", "lz4", "lz4hc", "zstd"; NULL out of range. Since 0.2. */
const char *pstore_compress_to_string(enum pstore_compress c);
/* The value or -EINVAL. Since 0.2. */
int pstore_compress_from_string(const char *s);

/* -- memory images (lib/image.c) -- */
enum pstore_image_kind {
	PSTORE_IMAGE_RAW,    /* a dump of memory: offset 0 is a base address */
	PSTORE_IMAGE_DEVMEM, /* a memory device (/dev/mem): offset = physical address */
	PSTORE_IMAGE_VMCORE, /* a kdump vmcore: ELF or makedumpfile's format (libkdumpfile) */
};
/* "raw", "devmem", "vmcore"; NULL out of range. Since 0.2. */
const char *pstore_image_kind_to_string(enum pstore_image_kind k);
struct pstore_image;
/*
 * pstore_image_open: open @path (taken as given) and tell its kind by what it is: a
 * character device is a memory device; a file starting with an ELF or makedumpfile
 * signature a vmcore (read through libkdumpfile, loaded on first use: -EOPNOTSUPP when it
 * is missing; -EINVAL when it cannot read the file); anything else a raw dump. Since 0.2.
 */
int pstore_image_open(struct pstore_ctx *ctx, const char *path, struct pstore_image **ret);
enum pstore_image_kind pstore_image_get_kind(const struct pstore_image *img);
const char *pstore_image_get_path(const struct pstore_image *img);
/* Bytes in a raw dump; 0 for the other kinds. Since 0.2. */
uint64_t pstore_image_get_size(const struct pstore_image *img);
/* The file's mtime (memory devices: now). Since 0.2. */
int64_t pstore_image_get_mtime(const struct pstore_image *img);
/* Raw dumps: the physical address of the first byte. Decoding sets it to the region's
 * address when nobody did. Since 0.2. */
void pstore_image_set_base(struct pstore_image *img, uint64_t base);
/* 0 and the base (0 for other kinds: they are addressed physically), -ENODATA when a
 * raw dump has none yet. Since 0.2. */
int pstore_image_get_base(const struct pstore_image *img, uint64_t *ret);
/*
 * pstore_image_read: @len bytes at physical address @phys. Returns 0; -ERANGE outside a
 * raw dump or a device; -EPERM when the kernel refuses a memory device (the message names
 * CONFIG_STRICT_DEVMEM and iomem=relaxed); -ENODATA when a vmcore does not hold those
 * pages (the message says why that happens). Since 0.2.
 */
int pstore_image_read(struct pstore_image *img, uint64_t phys, void *buf, size_t len);
/* NULL is fine. Since 0.2. */
void pstore_image_free(struct pstore_image *img);

/* -- decoding a region (lib/decode.c) -- */
enum pstore_zone_state {
	PSTORE_ZONE_EMPTY,        /* signature, nothing stored */
	PSTORE_ZONE_VALID,        /* holds a record */
	PSTORE_ZONE_INVALID,      /* signature, but start/size past the zone: the kernel zaps it */
	PSTORE_ZONE_NO_SIGNATURE, /* never set up by ramoops (or with another layout) */
	PSTORE_ZONE_NO_HEADER,    /* a dmesg zone without "====": the kernel zaps it */
	PSTORE_ZONE_UNREADABLE,   /* not in the image */
	_PSTORE_ZONE_STATE_MAX,
};
/* "empty", "valid", "invalid", "no-signature", "no-header", "unreadable". Since 0.2. */
const char *pstore_zone_state_to_string(enum pstore_zone_state s);
int pstore_zone_state_from_string(const char *s);

/* One zone of the layout as found in the image. */
struct pstore_zone_report {
	uint32_t struct_size; /* set by the library */
	const struct pstore_zone *zone; /* from the layout (absolute addresses) */
	enum pstore_zone_state state;
	uint32_t sig, start, size;  /* the header as found (after its correction) */
	uint64_t capacity;          /* data bytes of the ring */
	bool wrapped;               /* the ring went round: the log starts at `start` */
	int corrected;              /* ECC: bytes corrected (header included) */
	int bad_blocks;             /* ECC: uncorrectable blocks (header included) */
	bool header_bad;            /* ECC: the header itself is uncorrectable */
	uint32_t ftrace_version;    /* ftrace: the LINUX_VERSION_CODE in its signature */
	bool has_time;              /* dmesg: the "====sec.usec" header */
	int64_t sec;
	long usec;
	bool compressed;            /* dmesg: "-C" */
	int compress;               /* the algorithm that inflated it, or -1 */
	const char *record;         /* the record name it gave ("dmesg-ramoops-3"), or NULL */
	const char *problem;        /* one line about what went wrong, or NULL */
};

struct pstore_decode_opts {
	uint32_t struct_size; /* = PSTORE_STRUCT_INIT(struct pstore_decode_opts) */
	/* -1: deflate, then zstd, lz4 and lzo until one gives a dmesg record; else the
	 * enum pstore_compress the kernel was configured with */
	int compress;
};
struct pstore_decode;
/*
 * pstore_decode_image: decode every zone of @layout from @img as ramoops' probe and read
 * do, and make the records pstorefs would show, in the kernel's order and with its names
 * (dmesg-ramoops-N[.enc.z], console-ramoops-0, pmsg-ramoops-0, ftrace-ramoops-0) and
 * content (the ECC notice appended, dmesg inflated; ftrace rendered as pstorefs does, with
 * addresses for symbols). Zones that are not in the image are reported as such; when none
 * is, returns that read error (-ERANGE, -ENODATA, -EPERM). @o may be NULL. Since 0.2.
 */
int pstore_decode_image(struct pstore_ctx *ctx, struct pstore_image *img,
			const struct pstore_layout *layout, const struct pstore_decode_opts *o,
			struct pstore_decode **ret);
size_t pstore_decode_zone_count(const struct pstore_decode *d);
const struct pstore_zone_report *pstore_decode_get_zone(const struct pstore_decode *d,
							size_t i);
struct pstore_decoded_record {
	uint32_t struct_size; /* set by the library */
	const char *name;
	enum pstore_type type;
	uint64_t id;
	const void *data;
	size_t len;
	int64_t mtime;   /* dmesg: the header's time; others: the image's mtime */
	size_t zone;     /* index of the (first) zone it came from */
};
size_t pstore_decode_record_count(const struct pstore_decode *d);
const struct pstore_decoded_record *pstore_decode_get_record(const struct pstore_decode *d,
							     size_t i);
/* The layout parameters it decoded with. Since 0.2. */
const struct pstore_layout_params *pstore_decode_get_params(const struct pstore_decode *d);
/* The image's path, as given. Since 0.2. */
const char *pstore_decode_get_path(const struct pstore_decode *d);
/* NULL is fine. Since 0.2. */
void pstore_decode_free(struct pstore_decode *d);
/*
 * pstore_source_new_image: a record source (kind "image") over decoded records, so that
 * listing, reading and archiving work on them as on a pstore mount. Takes @d (also on
 * failure). Records cannot be erased. Since 0.2.
 */
int pstore_source_new_image(struct pstore_ctx *ctx, struct pstore_decode *d,
			    struct pstore_source **ret);

/* -- finding the layout (lib/scan.c) -- */
enum pstore_scan_confidence {
	PSTORE_SCAN_NONE,    /* no zone header found */
	PSTORE_SCAN_GUESS,   /* headers found, zone kinds partly guessed */
	PSTORE_SCAN_LIKELY,  /* sizes from the headers' spacing, kinds from their content */
	PSTORE_SCAN_CERTAIN, /* every zone accounted for and checked (ECC parity matched) */
};
/* "none", "guess", "likely", "certain". Since 0.2. */
const char *pstore_scan_confidence_to_string(enum pstore_scan_confidence c);
struct pstore_scan;
/*
 * pstore_scan_image: look for persistent RAM zone headers in [@address, @address + @size)
 * and infer the layout: zone sizes from their spacing, the ECC size from the header's
 * parity, zone kinds from their content and the kernel's order. Returns 0; -ENOENT with a
 * message when no header is found; the read error when nothing could be read. Since 0.2.
 */
int pstore_scan_image(struct pstore_ctx *ctx, struct pstore_image *img, uint64_t address,
		      uint64_t size, struct pstore_scan **ret);
/* Layout parameters to give pstore_layout_compute_for(). Since 0.2. */
const struct pstore_layout_params *pstore_scan_get_params(const struct pstore_scan *s);
/* PSTORE_KERNEL_VERSION(6, 1, 0) when ftrace was found before pmsg, else 0. Since 0.2. */
unsigned pstore_scan_get_kernel_version(const struct pstore_scan *s);
enum pstore_scan_confidence pstore_scan_get_confidence(const struct pstore_scan *s);
size_t pstore_scan_header_count(const struct pstore_scan *s);
/* What was inferred and how, one line each. Since 0.2. */
size_t pstore_scan_note_count(const struct pstore_scan *s);
const char *pstore_scan_get_note(const struct pstore_scan *s, size_t i);
void pstore_scan_free(struct pstore_scan *s);
/* ==== why the last boot ended (lib/marker.c, crash.c, reason*.c) ===================== */

/* -- markers (lib/marker.c) -- */
/*
 * A marker is one line written to pmsg at a point of a boot's life and read back at the
 * next boot: "pstorectl: <event> boot_id=<uuid> time=<iso 8601 UTC> [uptime=<sec>]\n".
 * A boot marker written early at every boot says at the next boot that RAM survived; a
 * shutdown marker written just before the end says how it ended. Words after the event
 * are key=value; unknown keys are skipped when reading.
 */
enum pstore_marker_event {
	PSTORE_MARKER_BOOT,
	PSTORE_MARKER_REBOOT,
	PSTORE_MARKER_POWEROFF,
	PSTORE_MARKER_HALT,
	PSTORE_MARKER_KEXEC,
	_PSTORE_MARKER_MAX,
};
/* "boot", "reboot", "poweroff", "halt", "kexec"; NULL for an unknown value. Since 0.2. */
const char *pstore_marker_event_to_string(enum pstore_marker_event e);
/* The value or -EINVAL. Since 0.2. */
int pstore_marker_event_from_string(const char *s);

/* A boot id: the UUID of /proc/sys/kernel/random/boot_id, 36 characters. */
#define PSTORE_BOOT_ID_LEN 36
struct pstore_marker {
	uint32_t struct_size; /* = PSTORE_STRUCT_INIT(struct pstore_marker) */
	enum pstore_marker_event event;
	char boot_id[PSTORE_BOOT_ID_LEN + 1]; /* lower case */
	int64_t time;                         /* seconds since the epoch */
	bool has_uptime;
	uint64_t uptime_ms;                   /* since the boot, from /proc/uptime */
};
/* Is @s (of @len bytes) a UUID, 8-4-4-4-12 hex digits? Since 0.2. */
bool pstore_boot_id_valid(const char *s, size_t len);
/*
 * pstore_boot_id_get: the running boot's id from the sysroot's
 * /proc/sys/kernel/random/boot_id, checked and in lower case. Returns 0, a read error, or
 * -EINVAL (with a message) when the file holds no UUID. Since 0.2.
 */
int pstore_boot_id_get(struct pstore_ctx *ctx, char ret[PSTORE_BOOT_ID_LEN + 1]);
/*
 * pstore_marker_init: a marker for @event now: the boot id (pstore_boot_id_get()), the
 * time of day and, when /proc/uptime can be read, the uptime. Since 0.2.
 */
int pstore_marker_init(struct pstore_ctx *ctx, enum pstore_marker_event event,
		       struct pstore_marker *ret);
/*
 * pstore_marker_format: the marker's line, newline included, as a malloc'd string.
 * -EINVAL for an unknown event or a boot id that is not a UUID (nothing unchecked goes
 * into a line), -ERANGE for a time gmtime() cannot show, -ENOMEM. Since 0.2.
 */
int pstore_marker_format(const struct pstore_marker *m, char **ret);
/*
 * pstore_marker_parse: read one line (with or without its newline). Returns 0, or -EINVAL
 * when it is not a marker: no "pstorectl: " prefix, an unknown event, a missing or bad
 * boot_id or time. Since 0.2.
 */
int pstore_marker_parse(const char *line, size_t len, struct pstore_marker *ret);
/*
 * pstore_marker_find_all: every marker line in a buffer (a pmsg record), in order; other
 * lines are skipped. *ret is an array of *ret_n pointers to markers (their size set by
 * the library), all in one malloc'd block: free(*ret) frees it all (NULL when none).
 * Returns 0 or -ENOMEM. Since 0.2.
 */
int pstore_marker_find_all(const char *buf, size_t len, struct pstore_marker ***ret,
			   size_t *ret_n);
/*
 * pstore_marker_write: a marker for @event now (pstore_marker_init()), written to the pmsg
 * device @fd (pstore_pmsg_open()) with one write. When @ret_line is not NULL it gets the
 * line written (malloc'd). Returns 0 or -errno with a message. Since 0.2.
 */
int pstore_marker_write(struct pstore_ctx *ctx, int fd, enum pstore_marker_event event,
			char **ret_line);

/* -- the crash summary of a kernel log (lib/crash.c) -- */

struct pstore_crash_frame {
	uint32_t struct_size; /* set by the library */
	const char *text;   /* the frame as printed, e.g. "? _printk+0x68/0x83" */
	const char *symbol; /* "sysrq_handle_crash" */
	uint64_t offset;    /* +0x16 */
	uint64_t size;      /* /0x20 */
	const char *module; /* "[ramoops]" without brackets, or NULL for the kernel */
	bool reliable;      /* false for the "? " frames the unwinder is not sure of */
};
struct pstore_taint {
	char flag;           /* 'W' */
	const char *meaning; /* "kernel warning issued" */
};
/*
 * What a kernel log says went wrong. Strings are NULL when the log does not say; text
 * from the log has its control characters replaced by '?'.
 */
struct pstore_crash {
	uint32_t struct_size; /* set by the library */
	const char *kind;     /* "panic", "oops", "bug", "soft_lockup", "hard_lockup",
				 "hung_task", "warning" */
	const char *cause;    /* the detail of a panic reboot reason: "sysrq", "oops",
				 "hung_task", "soft_lockup", "hard_lockup", "oom", ...; for an
				 oops without panic "null" (a NULL dereference), "bug" ... */
	const char *headline; /* the first line saying what went wrong */
	unsigned headline_line; /* its line number in the text, from 1 */
	const char *panic;    /* the message of "Kernel panic - not syncing: MSG" */
	const char *oops;     /* "Oops: 0002 [#1] PREEMPT SMP NOPTI", "Internal error: ..." */
	const char *arch;     /* "x86_64", "arm64" (from the register dump) */
	const char *process;  /* Comm */
	int pid, cpu;         /* -1 when unknown */
	const char *taint;    /* the taint flags set, "" for "Not tainted" ('G' left out) */
	const struct pstore_taint *taints; /* each flag of taint, spelled out */
	size_t n_taints;
	const char *kernel_release; /* "6.1.0-56-cloud-amd64" */
	const char *kernel_version; /* "#1  Debian 6.1.192-2" */
	const char *hardware; /* "QEMU Standard PC (i440FX + PIIX, 1996), BIOS ..." */
	const char *pc;       /* the faulting PC as printed ("RIP"/"pc"): symbol+off/size */
	const char *pc_symbol; /* NULL when pc is a bare address */
	uint64_t pc_offset, pc_size;
	const char *pc_module;
	bool pc_user;         /* x86: the RIP is in user space (code segment 0x33/0x23) */
	const struct pstore_crash_frame *const *frames; /* the first call trace after the
							 * headline */
	size_t n_frames;
	const char **modules; /* "Modules linked in:" */
	size_t n_modules;
};
/*
 * pstore_crash_parse: the crash summary of a kernel log (a dmesg or console record, with
 * or without "<N>" and "[time]" prefixes): the first panic/oops/BUG/lockup/hung task line
 * (a WARNING only when nothing worse), and after it the CPU line, hardware name, PC, call
 * trace and modules of x86_64 and arm64 reports. Returns 0, -ENODATA when the log shows
 * no crash, -ENOMEM. Free with pstore_crash_free(). Since 0.2.
 */
int pstore_crash_parse(struct pstore_ctx *ctx, const char *buf, size_t len,
		       struct pstore_crash **ret);
/*
 * pstore_crash_from_record: the same for a record (inflated, without the ECC notice; the
 * last 1 MiB of a longer one). Read errors as pstore_reader_read(). Since 0.2.
 */
int pstore_crash_from_record(struct pstore_ctx *ctx, struct pstore_record *r,
			     struct pstore_crash **ret);
/* NULL is fine. Since 0.2. */
void pstore_crash_free(struct pstore_crash *c);
/* What a taint flag ('P', 'W', 'O', ...) means, or NULL for an unknown one. Since 0.2. */
const char *pstore_taint_flag_to_string(char flag);

/* -- the reason engine (lib/reason.c; its evidence readers: reason-evidence.c) -- */

/* How a boot ended. */
enum pstore_boot_end {
	PSTORE_END_UNKNOWN = 0,
	PSTORE_END_PANIC,      /* a kernel panic */
	PSTORE_END_OOPS,       /* an oops that did not panic, then some other reset */
	PSTORE_END_WATCHDOG,   /* a hardware watchdog reset (WDIOF_CARDRESET) */
	PSTORE_END_REBOOT,     /* a clean reboot */
	PSTORE_END_POWEROFF,   /* a clean power off */
	PSTORE_END_HALT,       /* a clean halt */
	PSTORE_END_KEXEC,      /* kexec into another kernel */
	PSTORE_END_POWER_LOSS, /* RAM did not survive: what a warm reset keeps is gone */
	PSTORE_END_RESET,      /* RAM survived; no shutdown, crash or watchdog: reset, hang */
	_PSTORE_END_MAX,
};
/* "unknown", "panic", "oops", "watchdog", "reboot", "poweroff", "halt", "kexec",
 * "power-loss", "reset"; NULL for an unknown value. Since 0.2. */
const char *pstore_boot_end_to_string(enum pstore_boot_end e);
/* The value or -EINVAL. Since 0.2. */
int pstore_boot_end_from_string(const char *s);

enum pstore_confidence {
	PSTORE_CONFIDENCE_GUESS,
	PSTORE_CONFIDENCE_LIKELY,
	PSTORE_CONFIDENCE_CERTAIN,
};
/* "guess", "likely", "certain"; NULL / -EINVAL when unknown. Since 0.2. */
const char *pstore_confidence_to_string(enum pstore_confidence c);
int pstore_confidence_from_string(const char *s);

/* linux/watchdog.h: "the last reboot was caused by this watchdog" in bootstatus */
#define PSTORE_WDIOF_CARDRESET 0x0020

/*
 * (lib/reason-caps.c) What the kernel's set-up (backend, ramoops.max_reason, the console
 * and pmsg frontends, watchdogs) lets the engine tell, one entry per end in the order
 * panic, oops, watchdog, reboot, poweroff, halt, kexec, reset, power-loss.
 */
struct pstore_capability {
	uint32_t struct_size; /* set by the library */
	enum pstore_boot_end end;
	bool can_tell;
	const char *because; /* one line: the evidence it has, or why there is none */
	const char *hint;    /* what would make it tell; "" when it can */
};
struct pstore_capabilities;
/*
 * pstore_capabilities_read: the capability list of the sysroot's kernel: the registered
 * backend, /sys/module/ramoops/parameters (max_reason, zone sizes), the kernel config
 * (CONFIG_PSTORE_CONSOLE, CONFIG_PSTORE_PMSG), /dev/pmsg0 and /sys/class/watchdog; the
 * records @recs (may be NULL) show frontends that exist. Problems reading them are not
 * errors. Returns 0 or -ENOMEM. Since 0.2.
 */
int pstore_capabilities_read(struct pstore_ctx *ctx, struct pstore_record *const *recs,
			     size_t n, struct pstore_capabilities **ret);
size_t pstore_capabilities_count(const struct pstore_capabilities *c);
/* Entry @i, or NULL when out of range. Since 0.2. */
const struct pstore_capability *pstore_capabilities_get(const struct pstore_capabilities *c,
							size_t i);
/* Can the set-up tell @e? Since 0.2. */
bool pstore_capabilities_can_tell(const struct pstore_capabilities *c, enum pstore_boot_end e);
/* NULL is fine. Since 0.2. */
void pstore_capabilities_free(struct pstore_capabilities *c);

struct pstore_evidence {
	uint32_t struct_size; /* set by the library */
	const char *source; /* a record name, a watchdog ("watchdog0"), or what is missing */
	const char *says;   /* what it says: "Panic#1 Part1", a log line, a marker */
};
struct pstore_boot_reason;
/*
 * pstore_boot_reason_find: why the last boot ended, from the records of a source
 * (pstore_source_list()) and the sysroot's watchdogs: a panic dump of that boot (dated
 * after its boot marker, or confirmed by its console), a shutdown marker, a
 * Shutdown/Restart/Halt/Poweroff dump or the console's last lines, an oops dump, a
 * watchdog's WDIOF_CARDRESET, RAM that survived without any of these (reset), or nothing
 * where a warm reset would have left something (power-loss). Dumps older than the boot
 * marker are an earlier boot's and are only evidence. Returns 0 or -ENOMEM. Since 0.2.
 */
int pstore_boot_reason_find(struct pstore_ctx *ctx, struct pstore_record *const *recs,
			    size_t n, struct pstore_boot_reason **ret);
enum pstore_boot_end pstore_boot_reason_get_end(const struct pstore_boot_reason *r);
/* The detail ("sysrq" of "panic,sysrq"), or NULL. Since 0.2. */
const char *pstore_boot_reason_get_detail(const struct pstore_boot_reason *r);
/* "class[,detail]": "panic,sysrq", "reboot", "power-loss". Since 0.2. */
const char *pstore_boot_reason_get_string(const struct pstore_boot_reason *r);
enum pstore_confidence pstore_boot_reason_get_confidence(const struct pstore_boot_reason *r);
/* The evidence, in the order it was weighed. Since 0.2. */
size_t pstore_boot_reason_evidence_count(const struct pstore_boot_reason *r);
const struct pstore_evidence *pstore_boot_reason_get_evidence(const struct pstore_boot_reason *r,
							      size_t i);
/* The id of the boot that ended, from its markers, or NULL. Since 0.2. */
const char *pstore_boot_reason_get_boot_id(const struct pstore_boot_reason *r);
/* The record the answer rests on (a dump), or NULL. Since 0.2. */
const char *pstore_boot_reason_get_record(const struct pstore_boot_reason *r);
/* What would let the engine tell what it cannot (the hints of the capabilities it
 * lacks), or NULL. Since 0.2. */
const char *pstore_boot_reason_get_hint(const struct pstore_boot_reason *r);
/* The capability list it used. Since 0.2. */
const struct pstore_capabilities *
pstore_boot_reason_get_capabilities(const struct pstore_boot_reason *r);
/* NULL is fine. Since 0.2. */
void pstore_boot_reason_free(struct pstore_boot_reason *r);

/* ==== systemd-pstore (lib/systemd-pstore.c) ========================================== */

/*
 * systemd-pstore.service copies the records out of pstore at boot (Storage=external: into
 * this directory, ramoops records flat, so a later crash's dmesg-ramoops-0 replaces an
 * earlier one's; EFI and ERST dumps in per-id directories with a reassembled dmesg.txt)
 * and, with Unlink=yes (the default), erases them from pstore. Since 0.2.
 */
#define PSTORE_SYSTEMD_ARCHIVE_DIR "/var/lib/systemd/pstore"

/* The state of a systemd unit, as systemctl is-enabled names it. Since 0.2. */
enum pstore_unit_state {
	PSTORE_UNIT_NOT_FOUND, /* no unit file */
	PSTORE_UNIT_DISABLED,  /* installed, pulled in by no *.wants/ or *.requires/ link */
	PSTORE_UNIT_ENABLED,   /* installed and pulled in (sysinit.target.wants/ on Debian) */
	PSTORE_UNIT_MASKED,    /* its unit file is a link to /dev/null */
};
/* "not-found", "disabled", "enabled", "masked"; NULL for an unknown value. Since 0.2. */
const char *pstore_unit_state_to_string(enum pstore_unit_state s);
/* The value or -EINVAL. Since 0.2. */
int pstore_unit_state_from_string(const char *s);

/* pstore.conf's Storage=. Since 0.2. */
enum pstore_systemd_storage {
	PSTORE_SYSTEMD_STORAGE_NONE,     /* does nothing, leaves pstore as it is */
	PSTORE_SYSTEMD_STORAGE_EXTERNAL, /* copies into PSTORE_SYSTEMD_ARCHIVE_DIR (default) */
	PSTORE_SYSTEMD_STORAGE_JOURNAL,  /* logs the records to the journal only */
};
/* "none", "external", "journal"; NULL for an unknown value. Since 0.2. */
const char *pstore_systemd_storage_to_string(enum pstore_systemd_storage s);
/* The value or -EINVAL. Since 0.2. */
int pstore_systemd_storage_from_string(const char *s);

struct pstore_systemd_pstore;
/*
 * pstore_systemd_pstore_read: what systemd-pstore does on the sysroot's system: its unit
 * (systemd-pstore.service in /etc/systemd/system, /run/systemd/system,
 * /usr/local/lib/systemd/system, /usr/lib/systemd/system, /lib/systemd/system; enabled by
 * a link in a *.wants/ or *.requires/ directory there; masked by a link to /dev/null), its
 * settings (pstore.conf: the first of /etc/systemd, /run/systemd, /usr/local/lib/systemd,
 * /usr/lib/systemd, then the pstore.conf.d/ *.conf drop-ins of those directories in file
 * name order, an earlier directory's file hiding a later one's of the same name), and the
 * records in its archive (pstore_source_new_dir() on PSTORE_SYSTEMD_ARCHIVE_DIR). Files
 * that are missing or unreadable count as absent; values systemd would ignore are ignored
 * (a warning on the context). Returns 0, or -ENOMEM. Since 0.2.
 */
int pstore_systemd_pstore_read(struct pstore_ctx *ctx, struct pstore_systemd_pstore **ret);
/* The unit's state. Since 0.2. */
enum pstore_unit_state pstore_systemd_pstore_get_unit(const struct pstore_systemd_pstore *o);
/* Storage= (default external). Since 0.2. */
enum pstore_systemd_storage
pstore_systemd_pstore_get_storage(const struct pstore_systemd_pstore *o);
/* Unlink= (default true). Since 0.2. */
bool pstore_systemd_pstore_get_unlink(const struct pstore_systemd_pstore *o);
/* The file that set @setting ("Storage" or "Unlink"), as the system sees it, or NULL when
 * it has its default. Since 0.2. */
const char *pstore_systemd_pstore_get_origin(const struct pstore_systemd_pstore *o,
					     const char *setting);
/* Does it erase records from pstore at boot (enabled, Storage= not none, Unlink=yes)?
 * Since 0.2. */
bool pstore_systemd_pstore_takes_records(const struct pstore_systemd_pstore *o);
/* How many records its archive holds (as pstore_source_list() lists them). Since 0.2. */
size_t pstore_systemd_pstore_get_archived(const struct pstore_systemd_pstore *o);
/* The archived record modified last (its name in the archive), and its mtime in
 * *ret_mtime (may be NULL); NULL when the archive holds none. Since 0.2. */
const char *pstore_systemd_pstore_get_newest(const struct pstore_systemd_pstore *o,
					     int64_t *ret_mtime);
/* NULL is fine. Since 0.2. */
void pstore_systemd_pstore_free(struct pstore_systemd_pstore *o);

#ifdef __cplusplus
}
#endif

#endif /* LIBPSTORE_H */
