/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Small helpers shared by lib/ and cli/ (as util-linux's include/c.h, kmod's shared/):
 * macros, cleanup attributes, ownership transfer. Header-only; no libpstore symbols. */
#ifndef PSTORE_SHARED_C_H
#define PSTORE_SHARED_C_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define _printf_(a, b) __attribute__((format(printf, a, b)))
#define _cleanup_(f) __attribute__((cleanup(f)))
#define _unused_ __attribute__((unused))

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))
/* 0, as an expression, once @cond holds at compile time (else the build fails with @msg). */
#define STATIC_CHECK_ZERO(cond, msg)                                                     \
	(0 * sizeof(struct {                                                             \
		 _Static_assert(cond, msg);                                              \
		 int _unused;                                                            \
	 }))
#define streq(a, b) (strcmp((a), (b)) == 0)

static inline void freep(void *p)
{
	free(*(void **)p);
}
static inline void closep(int *fd)
{
	if (*fd >= 0)
		close(*fd);
}
static inline void fclosep(FILE **f)
{
	if (*f)
		fclose(*f);
}
#define _cleanup_free_ _cleanup_(freep)
#define _cleanup_close_ _cleanup_(closep)
#define _cleanup_fclose_ _cleanup_(fclosep)

/* Transfers ownership out of a _cleanup_ variable. */
#define TAKE_PTR(p)                                                                      \
	({                                                                               \
		__typeof__(p) _p = (p);                                                  \
		(p) = NULL;                                                              \
		_p;                                                                      \
	})
#define TAKE_FD(fd)                                                                      \
	({                                                                               \
		int _fd = (fd);                                                          \
		(fd) = -1;                                                               \
		_fd;                                                                     \
	})

#endif /* PSTORE_SHARED_C_H */
