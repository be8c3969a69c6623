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
 * pstore_parse_size: "1M", "64K", "0x100000", "4096", "2G", "1MiB". Suffixes are binary.
 * Returns -EINVAL for malformed text, -ERANGE when it does not fit 64 bits.
 */
int pstore_parse_size(const char *s, uint64_t *ret);
/* pstore_parse_u64: decimal or 0x hex, no suffix. Same errors. */
int pstore_parse_u64(const char *s, uint64_t *ret);

/* ==== /proc/iomem, free memory, plan, layout (lib/iomem.c, lib/plan.c) ================ */
/* (owned by the plan topic) */

/* A range of physical memory: [start, start + size). */
struct pstore_range {
	uint64_t start;
	uint64_t size;
};

/* -- /proc/iomem (lib/iomem.c) -- */

struct pstore_iomem;
struct pstore_iomem_entry {
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

/* -- memory maps: usable RAM and the busy ranges in it (lib/plan.c) -- */

/*
 * A memory map: usable RAM ranges and the busy ranges inside or over them, each named.
 * Built from /proc/iomem (pstore_memmap_from_iomem) or from a DTB (pstore_dt_memmap).
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
 * the top of RAM. 0 does nothing. Since 0.1.
 */
#define PSTORE_INITRD_ROOM_DEFAULT (128ull << 20)
int pstore_memmap_add_initrd_room(struct pstore_memmap *m, uint64_t room);
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
/* Fill in the defaults. Since 0.1. */
void pstore_plan_request_init(struct pstore_plan_request *req);
/*
 * pstore_plan_choose: pick a region of req->size bytes inside one free range. Returns 0;
 * -EINVAL for a bad request (size 0, align not a power of two >= 4K, below <= above ...);
 * -ENOSPC (message says why) when nothing fits; with has_address, -EBUSY and a message
 * naming what the region overlaps (or "not inside any System RAM range"). Since 0.1.
 */
int pstore_plan_choose(struct pstore_ctx *ctx, const struct pstore_memmap *m,
		       const struct pstore_plan_request *req, struct pstore_range *ret);

/* -- the ramoops layout inside a region, with the kernel's rules (lib/layout.c) -- */

#define PSTORE_RAMOOPS_FLAG_FTRACE_PER_CPU (1u << 0)
/* Size of struct persistent_ram_buffer's header in front of every zone. */
#define PSTORE_PRZ_HEADER_SIZE 12u
/* Reed-Solomon block size of ramoops ECC (ecc_block_size default). */
#define PSTORE_ECC_BLOCK_SIZE 128u

struct pstore_layout_params {
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
void pstore_layout_params_init(struct pstore_layout_params *p);
/*
 * pstore_layout_params_fit: shrink the zone sizes still marked in p->defaults to fit
 * p->mem_size: each becomes a quarter of what the region leaves after the sizes the caller
 * chose (ftrace, and console / pmsg when not defaults), rounded down to a power of two, at
 * most 64K and at least 4K, so that a small region keeps two dmesg zones, the console and
 * pmsg. Sizes the caller chose (bit cleared, or a value other than 64K) are left alone.
 * pstore_layout_compute() and pstore_dt_node_from_layout() apply it. Since 0.1.
 */
void pstore_layout_params_fit(struct pstore_layout_params *p);

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

/* ==== device tree (lib/dt.c) ========================================================= */
/* (owned by the dts topic) */

/*
 * A /reserved-memory/ramoops@ADDR node, as Documentation/devicetree/bindings/
 * reserved-memory/ramoops.yaml describes it. Every optional property has a has_* flag;
 * properties without it are left out of the node (the kernel's DT defaults are 0, and 2
 * for max-reason).
 */
struct pstore_dt_node {
	char path[256];         /* where it was found (pstore_dt_find_ramoops), else "" */
	uint64_t address, size; /* reg */
	unsigned address_cells; /* #address-cells / #size-cells of the parent node */
	unsigned size_cells;
	bool has_record_size, has_console_size, has_ftrace_size, has_pmsg_size;
	bool has_ecc_size, has_mem_type, has_max_reason, has_flags;
	uint64_t record_size, console_size, ftrace_size, pmsg_size, ecc_size;
	uint64_t mem_type, max_reason, flags;
	bool no_map;            /* the reserved-memory "no-map" property */
	bool have_parent;       /* overlay: the base tree already has /reserved-memory */
	/* The deprecated booleans, as found: "unbuffered" means mem-type 1 and "no-dump-oops"
	 * max-reason 1 unless mem-type / max-reason is present. Never written. */
	bool unbuffered, no_dump_oops;
	bool disabled;          /* found with a status other than "okay": the kernel skips it */
};

/* Nothing set, cells 2/2. Since 0.1. */
void pstore_dt_node_init(struct pstore_dt_node *n);
/*
 * pstore_dt_node_from_layout: fill reg and the properties from layout parameters: every
 * non-zero size, ecc-size when non-zero, mem-type and max-reason when >= 0, flags when
 * non-zero. Cells, path and no_map are kept. Since 0.1.
 */
void pstore_dt_node_from_layout(struct pstore_dt_node *n,
				const struct pstore_layout_params *p);
/*
 * The inverse, as ramoops_parse_dt() reads the node: unset sizes are 0 (the DT defaults),
 * "unbuffered" / "no-dump-oops" stand for an absent mem-type / max-reason, and a node found
 * outside a reserved-memory parent (n->path) with no console, ftrace, pmsg or ecc size gets
 * console and pmsg sizes equal to record-size (the kernel's quirk for old Chromebooks).
 * Since 0.1.
 */
void pstore_dt_node_to_layout(const struct pstore_dt_node *n, struct pstore_layout_params *p);

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
 * pstore_dt_node_check() and pstore_dt_check_region() first. The input is not modified.
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
 * Returns the count (>= 0) and a malloc'd array in *ret (NULL when none; free()), or
 * -errno with a message naming the node and property (a short reg, a short cell).
 * Since 0.1.
 */
int pstore_dt_find_ramoops(struct pstore_ctx *ctx, const void *fdt, size_t len,
			   struct pstore_dt_node **ret);
/*
 * pstore_dt_find_ramoops_live: the same from the running system's tree,
 * /sys/firmware/devicetree/base through the sysroot (property files hold big-endian
 * cells). -ENOENT with a message when the system has no device tree. Since 0.1.
 */
int pstore_dt_find_ramoops_live(struct pstore_ctx *ctx, struct pstore_dt_node **ret);

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
 * bytes, as the module reads it; nothing is left to pstore_layout_params_fit()). Since 0.1.
 */
void pstore_ramoops_params_to_layout(const struct pstore_ramoops_params *p,
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
 * modprobe takes it, "NAME_size=0" (a zone to drop) or "NAME_size=SIZE" (one to give) */
#define PSTORE_CHECK_ACTION_RELOAD "reload"
#define PSTORE_CHECK_ACTION_MOUNT "mount"   /* mount pstorefs on /sys/fs/pstore */

struct pstore_check_opts {
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
/*
 * pstore_check_region: is [@address, @address + @size) safe for ramoops, i.e. reserved
 * in the sysroot's /proc/iomem ("Reserved", "reserved", "Persistent Memory (legacy)") or
 * a hole that a memmap=SIZE$ADDR on /proc/cmdline made? Returns 0 when it is; -EBUSY when
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

/* ==== records (lib/records.c, lib/source-*.c, lib/dmesg.c) =========================== */
/*
 * The records the kernel leaves in pstorefs, named "<type>-<backend>-<id>[.enc.z]"
 * (fs/pstore/inode.c). A record comes from a source (the live pstore mount, any
 * directory, later a RAM image or an archive); listing, reading and the viewer only use
 * the calls below and never care which kind of source it is.
 */

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
	enum pstore_type type; /* UNKNOWN when the name does not follow the kernel's form */
	char backend[64];      /* "ramoops", "efi_pstore", ...; "" when unknown */
	uint64_t id;
	bool has_id;           /* false for the id-less "console-ramoops" of kernels <= 3.18 */
	bool compressed;       /* ".enc.z": the kernel could not decompress it */
};
/*
 * pstore_record_name_parse: take apart a file name (no directory). Returns 0 when the name
 * has the kernel's form, -EINVAL otherwise (ret then says type UNKNOWN). Since 0.1.
 */
int pstore_record_name_parse(const char *name, struct pstore_name *ret);

/* The first line of a dmesg record: "%s#%d Part%u\n". */
struct pstore_dmesg_header {
	enum pstore_reason reason;
	int count;      /* the oops count of this boot ("#1") */
	unsigned part;  /* 1 = the newest chunk of the log */
	size_t len;     /* bytes of the header line, newline included */
};
/* Parses the header at the start of @buf. Returns 0 or -EINVAL. Since 0.1. */
int pstore_dmesg_header_parse(const char *buf, size_t len, struct pstore_dmesg_header *ret);

struct pstore_ecc_notice {
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

/* ---- sources ---- */
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
/* A directory a watcher can inotify_add_watch() for new records, or NULL. Since 0.1. */
const char *pstore_source_get_watch_dir(const struct pstore_source *s);

/*
 * pstore_source_list: the records of a source, sorted (type, backend, id, name). Records
 * that vanish while listing are left out; unknown names are kept with type UNKNOWN.
 * Free with pstore_record_list_free(). Since 0.1.
 */
int pstore_source_list(struct pstore_source *s, struct pstore_record ***ret, size_t *ret_n);
void pstore_record_list_free(struct pstore_record **recs, size_t n);

/*
 * pstore_mountinfo_find: the mount point of the first mount of fstype @fstype in a
 * /proc/self/mountinfo buffer (octal escapes decoded). Returns 0 and a malloc'd path, or
 * -ENOENT. Since 0.1.
 */
int pstore_mountinfo_find(const char *buf, size_t len, const char *fstype, char **ret);

/* ---- one record ---- */
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
 * pstore_record_matches: does @what name this record: its name, its file name without
 * the directory, or its type ("dmesg")? Since 0.1.
 */
bool pstore_record_matches(const struct pstore_record *r, const char *what);
/* Erase the record (in the backend, for the live mount). Since 0.1. */
int pstore_record_remove(struct pstore_ctx *ctx, struct pstore_record *r);

/*
 * pstore_record_dump_parts: the records holding the parts of the same dmesg dump as @r
 * (same backend, reason and count, stored within a few seconds), oldest chunk first
 * (highest part first). For ramoops this is @r alone. *ret holds references; free with
 * pstore_record_list_free(). Since 0.1.
 */
int pstore_record_dump_parts(struct pstore_record *const *recs, size_t n,
			     struct pstore_record *r, struct pstore_record ***ret,
			     size_t *ret_n);

/* ---- reading ---- */
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
 * pstore_record_archive: copy the record's bytes as stored into @name inside the open
 * directory @dirfd durably (temporary file, fsync, rename, fsync of the directory), with
 * the record's mtime. On any failure nothing is left behind. Returns 0 or -errno. Since 0.1.
 */
int pstore_record_archive(struct pstore_ctx *ctx, struct pstore_record *r, int dirfd,
			  const char *name);

/* ---- the live system ---- */
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

#ifdef __cplusplus
}
#endif

#endif /* LIBPSTORE_H */
