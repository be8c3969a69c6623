// SPDX-License-Identifier: LGPL-2.1-or-later
/* Messages for the next boot: /dev/pmsg0, kept by the pmsg frontend in pmsg-<backend>-0. */
#include <fcntl.h>

#include "internal.h"

_public_ int pstore_pmsg_open(struct pstore_ctx *ctx, int *ret_fd)
{
	int fd = pstore_open_sys(ctx, "/dev/pmsg0", O_WRONLY | O_APPEND | O_NOCTTY);

	if (fd == -ENOENT)
		return pstore_err(ctx, -ENOENT,
				  "/dev/pmsg0: no such device: CONFIG_PSTORE_PMSG is off (as on "
				  "Debian kernels): no /dev/pmsg0; use a kernel with "
				  "CONFIG_PSTORE_PMSG=y and ramoops.pmsg_size > 0");
	if (fd == -ENXIO || fd == -ENODEV)
		return pstore_err(ctx, fd,
				  "/dev/pmsg0: no backend takes pmsg (ramoops pmsg_size is 0?)");
	if (fd < 0)
		return pstore_err(ctx, fd, "/dev/pmsg0: %s", strerror(-fd));
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
		return pstore_err(ctx, -errno, "/dev/pmsg0: write: %s", strerror(errno));
	if ((size_t)n != len)
		return pstore_err(ctx, -EIO, "/dev/pmsg0: short write (%zd of %zu bytes)", n, len);
	return 0;
}
