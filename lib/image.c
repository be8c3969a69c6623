// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Memory images read by physical address: a raw dump (offset 0 = a base address), a
 * memory device (/dev/mem: offset = physical address) or a kdump vmcore (ELF, or
 * makedumpfile's compressed format) through libkdumpfile, loaded with dlopen on first
 * use: it pulls in libstdc++, snappy and more that no other verb should pay for.
 */
#include <fcntl.h>
#include <inttypes.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>

#include <libkdumpfile/kdumpfile.h>

#include "dl.h"
#include "image.h"
#include "strtab.h"

#define LIBKDUMPFILE_SONAME "libkdumpfile.so.10"

#define KDUMP_SYMBOLS(X) X(kdump_new) X(kdump_free) X(kdump_open_fdset) X(kdump_read) \
	X(kdump_get_err) X(kdump_get_attr) X(kdump_bmp_incref) X(kdump_bmp_decref) \
	X(kdump_bmp_find_set)

KDUMP_SYMBOLS(DL_DECLARE)
static struct dl_sym kdump_syms[] = { KDUMP_SYMBOLS(DL_SYM) };
static struct dl_lib kdump_lib = DL_LIB(LIBKDUMPFILE_SONAME, "libkdumpfile10", kdump_syms);

struct pstore_image {
	struct pstore_ctx *ctx;
	enum pstore_image_kind kind;
	char *path;
	int fd;
	uint64_t size; /* raw: the file's size */
	bool regular;  /* a regular file (it can be mapped) */
	bool has_base;
	uint64_t base;
	int64_t mtime;
	kdump_ctx_t *kd;
	const char *format; /* "ELF", "makedumpfile" */
	/* libkdumpfile's map of the pages the vmcore holds ("file.pagemap": an ELF's
	 * PT_LOADs, makedumpfile's bitmap of dumped pages), or NULL: no holes skipped */
	kdump_bmp_t *pagemap;
	uint64_t page_size;
	/* the file's size does not fit off_t: /proc/vmcore after a segment of an impossible
	 * size (kexec-tools' arm64 kernel-text segment without a _text symbol) */
	bool size_overflow;
};

static const char kind_names[][7] = {
	[PSTORE_IMAGE_RAW] = "raw",
	[PSTORE_IMAGE_DEVMEM] = "devmem",
	[PSTORE_IMAGE_VMCORE] = "vmcore",
};

_public_ const char *pstore_image_kind_to_string(enum pstore_image_kind k)
{
	return STRTAB_NAME(kind_names, k);
}

_public_ void pstore_image_free(struct pstore_image *img)
{
	if (!img)
		return;
	if (img->pagemap)
		sym_kdump_bmp_decref(img->pagemap);
	if (img->kd)
		sym_kdump_free(img->kd);
	if (img->fd >= 0)
		close(img->fd);
	free(img->path);
	pstore_unref(img->ctx);
	free(img);
}

/* The vmcore's page map, kept to skip the memory it does not hold (none: nothing skipped). */
static void load_pagemap(struct pstore_image *img)
{
	kdump_attr_t a;

	if (sym_kdump_get_attr(img->kd, KDUMP_ATTR_PAGE_SIZE, &a) != KDUMP_OK ||
	    a.type != KDUMP_NUMBER || a.val.number == 0 ||
	    (a.val.number & (a.val.number - 1)) != 0)
		return;
	img->page_size = a.val.number;
	/* the attribute's bitmap is the context's: a reference of our own keeps it */
	if (sym_kdump_get_attr(img->kd, KDUMP_ATTR_FILE_PAGEMAP, &a) != KDUMP_OK ||
	    a.type != KDUMP_BITMAP || !a.val.bitmap)
		return;
	sym_kdump_bmp_incref(a.val.bitmap);
	img->pagemap = a.val.bitmap;
}

/*
 * What libkdumpfile may allocate to open a makedumpfile file: a real one holds its page
 * bitmaps, so it needs about its own size and a few MiB of caches. The sizes in a broken
 * header are not checked: a 473-byte file made it allocate 14 GiB for 88 s.
 */
#define KDUMP_OPEN_MEMORY(file_size) ((UINT64_C(256) << 20) + 2 * (file_size))

/* Caps this process's address space (RLIMIT_AS) at what it maps now plus budget: it may
 * map much it never uses (ASan's shadow), /proc/self/status tells how much. Not
 * RLIMIT_DATA: valgrind keeps that one to itself, and its mmap()s would go on (qemu-user
 * ignores both). */
static void limit_memory(uint64_t budget)
{
	char buf[4096], *p;
	struct rlimit rl;
	ssize_t n;
	int fd = open("/proc/self/status", O_RDONLY | O_CLOEXEC);

	if (fd < 0)
		return;
	n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	buf[n > 0 ? n : 0] = '\0';
	p = strstr(buf, "\nVmSize:");
	if (!p || getrlimit(RLIMIT_AS, &rl) < 0)
		return;
	budget += strtoull(p + 8, NULL, 10) << 10;
	if (budget < rl.rlim_cur) {
		rl.rlim_cur = budget;
		(void)setrlimit(RLIMIT_AS, &rl);
	}
}

/*
 * libkdumpfile 0.5.1 (Debian 12) crashes in kdump_free() after it failed to open a
 * makedumpfile (compressed kdump) file: its diskdump cleanup has already run, and the
 * attribute cleanup kdump_free() runs next follows the pointer that cleanup cleared
 * (found by fuzz-image; any such file with a broken header). So such a file is opened
 * in a child process first, which exits without freeing and writes "+", or
 * libkdumpfile's message, to a pipe in one write; only a file the child opened is
 * opened here. The child's memory is capped (KDUMP_OPEN_MEMORY), so a file that would
 * need more is refused. Returns 0, or -EINVAL with the message.
 */
static int open_makedumpfile_in_child(struct pstore_image *img)
{
	char msg[256];
	ssize_t n = 0;
	int p[2] = { -1, -1 };
	pid_t pid = -1;

	if (pipe2(p, O_CLOEXEC) == 0 && (pid = fork()) == 0) {
		kdump_ctx_t *kd;
		const char *e;

		limit_memory(KDUMP_OPEN_MEMORY(img->size));
		kd = sym_kdump_new();
		e = !kd ? "out of memory"
			: sym_kdump_open_fdset(kd, 1, &img->fd) == KDUMP_OK ? "+"
									   : sym_kdump_get_err(kd);

		if (!e || !*e)
			e = "no reason given";
		_exit(write(p[1], e, strnlen(e, sizeof(msg) - 1)) < 0);
	}
	closep(&p[1]);
	if (pid > 0) {
		do
			n = read(p[0], msg, sizeof(msg) - 1);
		while (n < 0 && errno == EINTR);
		while (waitpid(pid, NULL, 0) < 0 && errno == EINTR)
			;
	}
	closep(&p[0]);
	if (pid < 0)
		return pstore_err_sys(img->ctx, 0, "%s", img->path);
	if (n == 1 && msg[0] == '+')
		return 0;
	msg[n > 0 ? n : 0] = '\0';
	return pstore_err(img->ctx, -EINVAL, "%s: not a vmcore libkdumpfile can read: %s",
			  img->path, n > 0 ? msg : "libkdumpfile crashed on it");
}

static int open_vmcore(struct pstore_image *img, bool makedumpfile)
{
	struct pstore_ctx *ctx = img->ctx;
	kdump_status st;
	int r;

	r = dl_load(&kdump_lib);
	if (r < 0)
		return pstore_err(ctx, r,
				  "%s: reading a vmcore needs " LIBKDUMPFILE_SONAME
				  " (Debian package %s): %s",
				  img->path, kdump_lib.package, kdump_lib.err);
	if (makedumpfile && (r = open_makedumpfile_in_child(img)) < 0)
		return r;
	img->kd = sym_kdump_new();
	if (!img->kd)
		return pstore_err_oom(ctx);
	st = sym_kdump_open_fdset(img->kd, 1, &img->fd);
	if (st != KDUMP_OK)
		return pstore_err(ctx, -EINVAL, "%s: not a vmcore libkdumpfile can read: %s",
				  img->path, sym_kdump_get_err(img->kd));
	img->kind = PSTORE_IMAGE_VMCORE;
	load_pagemap(img);
	return 0;
}

_public_ int pstore_image_open(struct pstore_ctx *ctx, const char *path,
			       struct pstore_image **ret)
{
	struct pstore_image *img;
	unsigned char magic[8];
	struct stat sb;
	ssize_t n;
	int r;

	img = calloc(1, sizeof(*img));
	if (!img)
		return pstore_err_oom(ctx);
	img->fd = -1;
	img->ctx = pstore_ref(ctx);
	img->path = strdup(path);
	if (!img->path) {
		r = pstore_err_oom(ctx);
		goto err;
	}
	img->fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY);
	if (img->fd < 0) {
		r = pstore_err_sys(ctx, 0, "%s", path);
		goto err;
	}
	if (fstat(img->fd, &sb) < 0) {
		r = pstore_err_sys(ctx, 0, "%s", path);
		goto err;
	}
	img->mtime = (int64_t)sb.st_mtim.tv_sec;
	if (S_ISCHR(sb.st_mode)) {
		img->kind = PSTORE_IMAGE_DEVMEM;
		img->mtime = (int64_t)time(NULL);
		*ret = img;
		return 0;
	}
	if (S_ISDIR(sb.st_mode)) {
		r = pstore_err(ctx, -EISDIR, "%s: a directory, not a memory image", path);
		goto err;
	}
	if (!S_ISREG(sb.st_mode) && !S_ISBLK(sb.st_mode)) {
		r = pstore_err(ctx, -EINVAL, "%s: not a file or a memory device", path);
		goto err;
	}
	img->size = (uint64_t)sb.st_size;
	img->size_overflow = sb.st_size < 0;
	img->regular = S_ISREG(sb.st_mode);
	if (S_ISBLK(sb.st_mode)) {
		off_t end = lseek(img->fd, 0, SEEK_END);

		img->size = end > 0 ? (uint64_t)end : 0;
	}
	do
		n = pread(img->fd, magic, sizeof(magic), 0);
	while (n < 0 && errno == EINTR);
	if (n < 0) {
		r = pstore_err_sys(ctx, 0, "%s", path);
		goto err;
	}
	if (n >= 4 && memcmp(magic, "\177ELF", 4) == 0) {
		img->format = "ELF";
		r = open_vmcore(img, false);
		if (r < 0)
			goto err;
	} else if (n == 8 && (memcmp(magic, "KDUMP   ", 8) == 0 ||
			      memcmp(magic, "DISKDUMP", 8) == 0)) {
		img->format = "makedumpfile";
		r = open_vmcore(img, true);
		if (r < 0)
			goto err;
	} else {
		img->kind = PSTORE_IMAGE_RAW;
	}
	*ret = img;
	return 0;
err:
	pstore_image_free(img);
	return r;
}

_public_ enum pstore_image_kind pstore_image_get_kind(const struct pstore_image *img)
{
	return img->kind;
}

_public_ const char *pstore_image_get_path(const struct pstore_image *img)
{
	return img->path;
}

_public_ uint64_t pstore_image_get_size(const struct pstore_image *img)
{
	return img->kind == PSTORE_IMAGE_RAW ? img->size : 0;
}

_public_ int64_t pstore_image_get_mtime(const struct pstore_image *img)
{
	return img->mtime;
}

_public_ void pstore_image_set_base(struct pstore_image *img, uint64_t base)
{
	img->has_base = true;
	img->base = base;
}

_public_ int pstore_image_get_base(const struct pstore_image *img, uint64_t *ret)
{
	if (img->kind != PSTORE_IMAGE_RAW)
		return 0;
	if (!img->has_base)
		return -ENODATA;
	*ret = img->base;
	return 0;
}

static int read_fd(struct pstore_image *img, uint64_t off, void *buf, size_t len,
		   uint64_t phys)
{
	size_t got = 0;

	while (got < len) {
		ssize_t n = pread(img->fd, (char *)buf + got, len - got, (off_t)(off + got));

		if (n < 0 && errno == EINTR)
			continue;
		/*
		 * The memory device says EPERM when the page is refused (STRICT_DEVMEM: System
		 * RAM always; IO_STRICT_DEVMEM: what a driver claims, unless iomem=relaxed) and
		 * EFAULT when the address lies past the end of the RAM the running kernel maps
		 * (high_memory): in a kdump capture kernel that is the end of its crashkernel=
		 * area, so a region above it cannot be read there at all. arm64 refuses with
		 * EFAULT whatever is not memory of the running kernel (memblock), which in a
		 * capture kernel is all of the crashed kernel's memory, below the area too.
		 */
		if (n < 0 && img->kind == PSTORE_IMAGE_DEVMEM && errno == EPERM)
			return pstore_err(img->ctx, -EPERM,
					  "%s: reading 0x%" PRIx64 ": %s: the kernel refuses (CONFIG_STRICT_DEVMEM refuses System RAM; CONFIG_IO_STRICT_DEVMEM refuses memory a driver claims unless booted with iomem=relaxed)",
					  img->path, phys + got, strerror(errno));
		if (n < 0 && img->kind == PSTORE_IMAGE_DEVMEM && errno == EFAULT)
			return pstore_err(img->ctx, -ERANGE,
					  "%s: reading 0x%" PRIx64 ": %s: the address lies past the end of the RAM the running kernel maps (in a kdump capture kernel: the end of its crashkernel= area; on x86 reserve that area above the region; arm64 refuses everything outside that area, so there read the vmcore)",
					  img->path, phys + got, strerror(errno));
		if (n < 0)
			return pstore_err(img->ctx, -errno, "%s: reading 0x%" PRIx64 ": %s",
					  img->path, phys + got, strerror(errno));
		if (n == 0)
			return pstore_err(img->ctx, -ERANGE,
					  "%s: 0x%" PRIx64 " is past the end of the memory", img->path,
					  phys + got);
		got += (size_t)n;
	}
	return 0;
}

/* Whether the vmcore's page map lists the page of @phys (its headers say it holds it). */
static bool pagemap_lists(struct pstore_image *img, uint64_t phys)
{
	kdump_addr_t pfn;

	if (!img->pagemap)
		return false;
	pfn = phys / img->page_size;
	return sym_kdump_bmp_find_set(img->pagemap, &pfn) == KDUMP_OK &&
	       pfn == phys / img->page_size;
}

static const char *kdump_reason(struct pstore_image *img)
{
	const char *e = sym_kdump_get_err(img->kd);

	return e ? e : "libkdumpfile gives no reason";
}

/*
 * A vmcore read failed at @phys. Memory its headers do not list is absent (kexec-tools
 * builds them from System RAM only). Memory they list but whose data cannot be read means
 * broken headers or a cut file: Debian 12's kexec-tools (2.0.25) on arm64, when
 * /proc/kallsyms has no _text (a kernel without CONFIG_KALLSYMS_ALL), writes a kernel-text
 * PT_LOAD of an impossible size; /proc/vmcore then places every later segment past the
 * largest offset read() can reach (its size overflows).
 */
static int vmcore_read_error(struct pstore_image *img, kdump_status st, uint64_t at)
{
	if (pagemap_lists(img, at) && !streq(img->format, "ELF"))
		return pstore_err(img->ctx, -EIO,
				  "%s: reading 0x%" PRIx64 ": %s: the dump lists this page but its data cannot be read: the file is cut short or damaged",
				  img->path, at, kdump_reason(img));
	if (pagemap_lists(img, at) && img->size_overflow)
		return pstore_err(img->ctx, -EIO,
				  "%s: reading 0x%" PRIx64 ": %s: the vmcore's ELF headers list this memory but its data lies past the largest offset the file can be read at (a segment before it has an impossible size: kexec-tools writes such a kernel-text segment on arm64 when /proc/kallsyms has no _text symbol, without CONFIG_KALLSYMS_ALL)",
				  img->path, at, kdump_reason(img));
	if (pagemap_lists(img, at))
		return pstore_err(img->ctx, -EIO,
				  "%s: reading 0x%" PRIx64 ": %s: the vmcore's ELF headers list this memory but the file does not hold its data: the file is cut short, or a segment before it has an impossible size (kexec-tools writes such a kernel-text segment on arm64 when /proc/kallsyms has no _text symbol, without CONFIG_KALLSYMS_ALL)",
				  img->path, at, kdump_reason(img));
	if (st == KDUMP_ERR_NODATA || st == KDUMP_ERR_NOTIMPL || st == KDUMP_ERR_ADDRXLAT)
		return pstore_err(img->ctx, -ENODATA,
				  "%s: the vmcore holds no data at 0x%" PRIx64 " (%s): the region is not in it; kexec-tools leaves out memory that is not System RAM (a memmap= reservation), read the memory device in the capture kernel instead",
				  img->path, at, kdump_reason(img));
	return pstore_err(img->ctx, -EIO, "%s: reading 0x%" PRIx64 ": %s", img->path, at,
			  kdump_reason(img));
}

int image_read(struct pstore_image *img, uint64_t phys, void *buf, size_t len)
{
	kdump_status st;
	size_t n;

	switch (img->kind) {
	case PSTORE_IMAGE_RAW: {
		uint64_t base = img->has_base ? img->base : 0;

		if (phys < base || phys - base > img->size || len > img->size - (phys - base))
			return pstore_err(img->ctx, -ERANGE,
					  "%s: 0x%" PRIx64 "-0x%" PRIx64 " is outside the image (0x%" PRIx64 " bytes from 0x%" PRIx64 ")",
					  img->path, phys, phys + len - 1, img->size, base);
		return read_fd(img, phys - base, buf, len, phys);
	}
	case PSTORE_IMAGE_DEVMEM:
		if (phys > (uint64_t)INT64_MAX - len)
			return pstore_err(img->ctx, -ERANGE, "%s: 0x%" PRIx64 " is out of range",
					  img->path, phys);
		return read_fd(img, phys, buf, len, phys);
	case PSTORE_IMAGE_VMCORE:
		n = len;
		st = sym_kdump_read(img->kd, KDUMP_MACHPHYSADDR, phys, buf, &n);
		if (st == KDUMP_OK)
			return 0;
		return vmcore_read_error(img, st, phys + n);
	}
	return -EINVAL;
}

_public_ int pstore_image_read(struct pstore_image *img, uint64_t phys, void *buf, size_t len)
{
	return image_read(img, phys, buf, len);
}

int image_map(struct pstore_image *img, uint64_t phys, size_t len, struct image_map *ret)
{
	uint64_t base = img->has_base ? img->base : 0, off, aligned;
	long page = sysconf(_SC_PAGESIZE);
	void *p;

	memset(ret, 0, sizeof(*ret));
	if (img->kind != PSTORE_IMAGE_RAW || !img->regular || page <= 0 || len == 0)
		return -EOPNOTSUPP;
	if (phys < base || phys - base > img->size || len > img->size - (phys - base))
		return -ERANGE;
	off = phys - base;
	aligned = off & ~((uint64_t)page - 1);
	if (len + (off - aligned) < len || (uint64_t)(off_t)aligned != aligned)
		return -ERANGE;
	/* read-only and populated (the pages of the page cache, no copy, no fault each), then
	 * writable: a write makes a private copy of that page only */
	p = mmap(NULL, len + (size_t)(off - aligned), PROT_READ, MAP_PRIVATE | MAP_POPULATE,
		 img->fd, (off_t)aligned);
	if (p == MAP_FAILED)
		return -errno;
	ret->base = p;
	ret->len = len + (size_t)(off - aligned);
	if (mprotect(p, ret->len, PROT_READ | PROT_WRITE) < 0) {
		int r = -errno;

		image_unmap(ret);
		return r;
	}
	ret->p = (uint8_t *)p + (off - aligned);
	return 0;
}

void image_unmap(struct image_map *m)
{
	if (m->base)
		munmap(m->base, m->len);
	memset(m, 0, sizeof(*m));
}

/* The first byte at or after file offset @off that is not in a hole, or UINT64_MAX. */
static uint64_t seek_data(int fd, uint64_t off)
{
	off_t r = lseek(fd, (off_t)off, SEEK_DATA);

	if (r < 0)
		return errno == ENXIO ? UINT64_MAX : off;
	return (uint64_t)r;
}

uint64_t image_data_next(struct pstore_image *img, uint64_t phys)
{
	uint64_t base = img->has_base ? img->base : 0, d;
	kdump_addr_t pfn;
	kdump_status st;

	if (img->kind == PSTORE_IMAGE_RAW && img->regular) {
		if (phys < base || phys - base >= img->size)
			return phys;
		d = seek_data(img->fd, phys - base);
		return d == UINT64_MAX ? base + img->size : base + d;
	}
	if (img->kind != PSTORE_IMAGE_VMCORE || !img->pagemap)
		return phys;
	pfn = phys / img->page_size;
	st = sym_kdump_bmp_find_set(img->pagemap, &pfn);
	if (st == KDUMP_ERR_NODATA)
		return UINT64_MAX; /* no page at or after it */
	if (st != KDUMP_OK || pfn <= phys / img->page_size ||
	    pfn > UINT64_MAX / img->page_size)
		return phys;
	return pfn * img->page_size;
}
