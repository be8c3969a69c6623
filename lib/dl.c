// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Optional libraries loaded with dlopen on first use, as systemd does: linking them would
 * put their start-up cost (and their own dependencies) into every program using libpstore.
 */
#include <dlfcn.h>
#include <pthread.h>

#include "dl.h"

static pthread_mutex_t dl_lock = PTHREAD_MUTEX_INITIALIZER;

static void dl_open(struct dl_lib *lib)
{
	const char *e;
	void *dl;

	/* RTLD_NODELETE: the symbols stay valid; the handle is never closed. */
	dl = dlopen(lib->soname, RTLD_NOW | RTLD_NODELETE);
	if (!dl)
		goto fail;
	for (size_t i = 0; i < lib->nsyms; i++) {
		*lib->syms[i].slot = dlsym(dl, lib->syms[i].name);
		if (!*lib->syms[i].slot)
			goto fail;
	}
	__atomic_store_n(&lib->state, 1, __ATOMIC_RELEASE);
	return;

fail:
	e = dlerror();
	lib->err = e ? strdup(e) : NULL;
	if (!lib->err)
		lib->err = e ? "out of memory" : "unknown error";
	for (size_t i = 0; i < lib->nsyms; i++)
		*lib->syms[i].slot = NULL;
	if (dl)
		dlclose(dl);
	__atomic_store_n(&lib->state, -1, __ATOMIC_RELEASE);
}

int dl_load(struct dl_lib *lib)
{
	int state = __atomic_load_n(&lib->state, __ATOMIC_ACQUIRE);

	if (state == 0) {
		pthread_mutex_lock(&dl_lock);
		if (lib->state == 0)
			dl_open(lib);
		state = lib->state;
		pthread_mutex_unlock(&dl_lock);
	}
	return state > 0 ? 0 : -EOPNOTSUPP;
}

int dl_require(struct pstore_ctx *ctx, struct dl_lib *lib)
{
	int r = dl_load(lib);

	if (r < 0 && *lib->package)
		return pstore_err(ctx, r, "%s: cannot load: %s (Debian package %s)", lib->soname,
				  lib->err, lib->package);
	if (r < 0)
		return pstore_err(ctx, r, "%s: cannot load: %s", lib->soname, lib->err);
	return 0;
}
