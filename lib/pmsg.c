// SPDX-License-Identifier: LGPL-2.1-or-later
/* Messages for the next boot: /dev/pmsg0, kept by the pmsg frontend in pmsg-<backend>-0. */
#include <fcntl.h>
#include <sys/stat.h>

#include "internal.h"

/* The device's name as shown: under the sysroot. */
static const char *shown_pmsg(struct pstore_ctx *ctx, char **owned)
{
	return pstore_path(ctx, "/dev/pmsg0", owned) == 0 ? *owned : "/dev/pmsg0";
}

_public_ int pstore_pmsg_open(struct pstore_ctx *ctx, int *ret_fd)
{
	/*
	 * Only the pmsg character device: never a file a link leads to, never created or
	 * appended to. O_NONBLOCK: a FIFO in its place must not hang the open.
	 */
	int fd = pstore_open_sys(ctx, "/dev/pmsg0", O_WRONLY | O_NOCTTY | O_NOFOLLOW | O_NONBLOCK);
	_cleanup_free_ char *owned = NULL;
	struct stat st;
	int r;

	if (fd == -ENOENT)
		return pstore_err(ctx, -ENOENT,
				  "/dev/pmsg0: no such device: CONFIG_PSTORE_PMSG is off (as on "
				  "Debian kernels): no /dev/pmsg0; use a kernel with "
				  "CONFIG_PSTORE_PMSG=y and ramoops.pmsg_size > 0");
	/* A FIFO without a reader says ENXIO too (O_NONBLOCK): it is no device at all. */
	if (fd == -ENXIO && pstore_stat_sys(ctx, "/dev/pmsg0", &st) == 0 && !S_ISCHR(st.st_mode))
		fd = -EBADFD;
	if (fd == -ENXIO || fd == -ENODEV)
		return pstore_err(ctx, fd,
				  "/dev/pmsg0: no backend takes pmsg (ramoops pmsg_size is 0?)");
	if (fd == -ELOOP)
		return pstore_err(ctx, fd, "%s: a symbolic link, not the pmsg device: refusing to write to it",
				  shown_pmsg(ctx, &owned));
	if (fd == -EBADFD)
		return pstore_err(ctx, -ENODEV,
				  "%s: not a character device: refusing to write to it",
				  shown_pmsg(ctx, &owned));
	if (fd < 0)
		return pstore_err_sys(ctx, fd, "/dev/pmsg0");
	if (fstat(fd, &st) < 0) {
		r = -errno;
		close(fd);
		return pstore_err_sys(ctx, r, "%s", shown_pmsg(ctx, &owned));
	}
	if (!S_ISCHR(st.st_mode)) {
		close(fd);
		return pstore_err(ctx, -ENODEV,
				  "%s: not a character device: refusing to write to it",
				  shown_pmsg(ctx, &owned));
	}
	/* Blocking writes from here on, as to any device. */
	r = fcntl(fd, F_GETFL);
	if (r < 0 || fcntl(fd, F_SETFL, r & ~O_NONBLOCK) < 0) {
		r = -errno;
		close(fd);
		return pstore_err_sys(ctx, r, "%s", shown_pmsg(ctx, &owned));
	}
	*ret_fd = fd;
	return 0;
}

_public_ int pstore_pmsg_write(struct pstore_ctx *ctx, int fd, const char *msg, size_t len)
{
	ssize_t n;

	/* One write(2) per message: pmsg keeps each write whole in the ring. */
	do
		n = write(fd, msg, len);
	while (n < 0 && errno == EINTR);
	if (n < 0)
		return pstore_err_sys(ctx, 0, "/dev/pmsg0: write");
	if ((size_t)n != len)
		return pstore_err(ctx, -EIO, "/dev/pmsg0: short write (%zd of %zu bytes)", n, len);
	return 0;
}
