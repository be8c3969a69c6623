# SPDX-License-Identifier: LGPL-2.1-or-later
# pstorectl: a plain Makefile in the manner of dtc's. `make check` is the one test command.

VERSION      := 0.1.0
SOVERSION    := 0

PREFIX       ?= /usr/local
BINDIR       ?= $(PREFIX)/bin
LIBDIR       ?= $(PREFIX)/lib
INCLUDEDIR   ?= $(PREFIX)/include
DATADIR      ?= $(PREFIX)/share
MANDIR       ?= $(DATADIR)/man
PKGCONFIGDIR ?= $(LIBDIR)/pkgconfig
BASHCOMPDIR  ?= $(DATADIR)/bash-completion/completions
ZSHCOMPDIR   ?= $(DATADIR)/zsh/site-functions
FISHCOMPDIR  ?= $(DATADIR)/fish/vendor_completions.d
DESTDIR      ?=

ifeq ($(origin CC),default)
CC           := $(CROSS_COMPILE)gcc
endif
ifeq ($(origin AR),default)
AR           := $(CROSS_COMPILE)ar
endif
PKG_CONFIG   ?= pkg-config
SCDOC        ?= scdoc
INSTALL      ?= install

ifeq ($(SANITIZE),1)
BUILD        ?= build-sanitize
SANFLAGS     := -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined
else
BUILD        ?= build
SANFLAGS     :=
endif

ifeq ($(V),1)
Q :=
else
Q := @
endif

CFLAGS       ?= -O2 -g
WARNINGS     := -Wall -Wextra -Werror -Wformat=2 -Wshadow -Wstrict-prototypes \
                -Wmissing-prototypes -Wpointer-arith -Wundef -Wvla -Wwrite-strings
LIB_PKGS     := libkmod zlib
CLI_PKGS     := smartcols ncursesw
pc_cflags     = $(shell $(PKG_CONFIG) --cflags $(1) 2>/dev/null)
pc_libs       = $(shell $(PKG_CONFIG) --libs $(1) 2>/dev/null || echo $(2))

BASE_CFLAGS  := -std=gnu11 -D_GNU_SOURCE -fPIC -fvisibility=hidden $(WARNINGS) \
                -DPSTORE_VERSION='"$(VERSION)"' $(SANFLAGS)
LIB_CFLAGS   := $(BASE_CFLAGS) -Ilib $(call pc_cflags,$(LIB_PKGS))
CLI_CFLAGS   := $(BASE_CFLAGS) -Ilib -Icli $(call pc_cflags,$(CLI_PKGS))
# libfdt has no .pc file on Debian 12. libkmod: only its header, lib/module.c dlopens it.
LIB_LIBS     := -lfdt $(call pc_libs,zlib,-lz) -ldl -lpthread
CLI_LIBS     := $(call pc_libs,$(CLI_PKGS),-lsmartcols -lncursesw)
TEST_LIBS    := $(call pc_libs,cmocka,-lcmocka)
# --as-needed: link only the libraries a binary really uses (start-up time counts for tail).
ALL_LDFLAGS  := -Wl,--as-needed $(LDFLAGS) $(SANFLAGS)

SHARED_SRCS  := $(sort $(wildcard lib/shared/*.c))
LIB_SRCS     := $(sort $(wildcard lib/*.c)) $(SHARED_SRCS)
CLI_SRCS     := $(sort $(wildcard cli/*.c))
UNIT_SRCS    := $(sort $(wildcard tests/unit/test-*.c))
LIB_OBJS     := $(LIB_SRCS:%.c=$(BUILD)/%.o)
# lib/shared/ is compiled into both: the library keeps its copy hidden.
CLI_OBJS     := $(CLI_SRCS:%.c=$(BUILD)/%.o) $(SHARED_SRCS:lib/shared/%.c=$(BUILD)/cli/shared/%.o)
UNIT_BINS    := $(UNIT_SRCS:tests/unit/%.c=$(BUILD)/tests/%)
MAN_SRCS     := $(sort $(wildcard man/*.scd))
MAN_PAGES    := $(MAN_SRCS:man/%.scd=$(BUILD)/man/%)

SONAME       := libpstore.so.$(SOVERSION)
SHLIB        := $(BUILD)/libpstore.so.$(VERSION)
STLIB        := $(BUILD)/libpstore.a
PCFILE       := $(BUILD)/libpstore.pc
BIN          := $(BUILD)/pstorectl

# Debian 12 packages: to build, to run the tests, and for the real-kernel suite.
DEPS_BUILD   := gcc make pkg-config libfdt-dev libkmod-dev libsmartcols-dev zlib1g-dev \
                libncurses-dev libcmocka-dev scdoc libfec-dev libkdumpfile-dev liblz4-dev \
                liblzo2-dev libzstd-dev
DEPS_TEST    := device-tree-compiler dt-schema jq python3 kmod zsh fish bash-completion \
                xz-utils zstd hyperfine strace util-linux
DEPS_E2E     := qemu-system-x86 qemu-system-arm busybox-static cpio flex bison libelf-dev \
                bc libssl-dev
DEPS         := $(DEPS_BUILD) $(DEPS_TEST) $(DEPS_E2E)

.PHONY: all lib cli man check check-fast check-unit check-cli e2e demo run deps bench \
        install install-bin install-lib install-headers install-man install-completions \
        uninstall clean

all: lib cli man

lib: $(SHLIB) $(BUILD)/$(SONAME) $(BUILD)/libpstore.so $(STLIB) $(PCFILE)
cli: $(BIN)
man: $(MAN_PAGES)

$(BUILD)/lib/%.o: lib/%.c $(wildcard lib/*.h lib/shared/*.h)
	@mkdir -p $(dir $@)
	@$(if $(Q),echo "  CC      $<")
	$(Q)$(CC) $(LIB_CFLAGS) $(CPPFLAGS) $(CFLAGS) -c -o $@ $<

$(BUILD)/cli/shared/%.o: lib/shared/%.c $(wildcard lib/shared/*.h)
	@mkdir -p $(dir $@)
	@$(if $(Q),echo "  CC      $<")
	$(Q)$(CC) $(CLI_CFLAGS) $(CPPFLAGS) $(CFLAGS) -c -o $@ $<

$(BUILD)/cli/%.o: cli/%.c $(wildcard cli/*.h lib/shared/*.h) lib/libpstore.h
	@mkdir -p $(dir $@)
	@$(if $(Q),echo "  CC      $<")
	$(Q)$(CC) $(CLI_CFLAGS) $(CPPFLAGS) $(CFLAGS) -c -o $@ $<

$(SHLIB): $(LIB_OBJS) lib/libpstore.sym
	@$(if $(Q),echo "  LD      $@")
	$(Q)$(CC) -shared -Wl,-soname,$(SONAME) -Wl,--version-script=lib/libpstore.sym \
		-Wl,--no-undefined $(ALL_LDFLAGS) -o $@ $(LIB_OBJS) $(LIB_LIBS)

$(BUILD)/$(SONAME): $(SHLIB)
	$(Q)ln -sf $(notdir $<) $@
$(BUILD)/libpstore.so: $(BUILD)/$(SONAME)
	$(Q)ln -sf $(notdir $<) $@

$(STLIB): $(LIB_OBJS)
	@$(if $(Q),echo "  AR      $@")
	$(Q)rm -f $@ && $(AR) rcs $@ $^

PC_SED = sed -e 's|@PREFIX@|$(PREFIX)|g' -e 's|@LIBDIR@|$(LIBDIR)|g' \
	     -e 's|@INCLUDEDIR@|$(INCLUDEDIR)|g' -e 's|@VERSION@|$(VERSION)|g' lib/libpstore.pc.in

$(PCFILE): lib/libpstore.pc.in Makefile
	@mkdir -p $(dir $@)
	$(Q)$(PC_SED) > $@

# The build-tree binary finds the build-tree library next to it ($ORIGIN), so
# build/pstorectl runs without installing; the installed one (relinked at install) has
# no rpath and uses the system's library search.
$(BIN): $(CLI_OBJS) $(BUILD)/libpstore.so Makefile
	@$(if $(Q),echo "  LD      $@")
	$(Q)$(CC) $(ALL_LDFLAGS) -Wl,-rpath,'$$ORIGIN' -o $@ $(CLI_OBJS) -L$(BUILD) -lpstore \
		$(CLI_LIBS)

$(BUILD)/install/pstorectl: $(CLI_OBJS) $(BUILD)/libpstore.so
	@mkdir -p $(dir $@)
	@$(if $(Q),echo "  LD      $@")
	$(Q)$(CC) $(ALL_LDFLAGS) -o $@ $(CLI_OBJS) -L$(BUILD) -lpstore $(CLI_LIBS)

$(BUILD)/tests/test-%: tests/unit/test-%.c $(STLIB) tests/unit/unit.h
	@mkdir -p $(dir $@)
	@$(if $(Q),echo "  CC      $<")
	$(Q)$(CC) $(LIB_CFLAGS) -Itests/unit -DFIXTURES='"$(CURDIR)/tests/fixtures"' \
		$(CPPFLAGS) $(CFLAGS) $(ALL_LDFLAGS) -o $@ $< $(STLIB) $(LIB_LIBS) $(TEST_LIBS)

$(BUILD)/man/%: man/%.scd
	@mkdir -p $(dir $@)
	@$(if $(Q),echo "  SCDOC   $<")
	$(Q)$(SCDOC) < $< > $@

# --- set-up -----------------------------------------------------------------
# Installs what a fresh Debian 12 lacks when run as root; otherwise prints the apt command.
deps:
	@missing=$$(for p in $(DEPS); do dpkg-query -W -f='$${Status}\n' $$p 2>/dev/null \
		| grep -q 'install ok installed' || echo $$p; done); \
	if [ -z "$$missing" ]; then exit 0; fi; \
	if ! command -v apt-get >/dev/null; then \
		echo "missing packages: $$missing (not a Debian system: install them by hand)"; exit 1; fi; \
	if [ "$$(id -u)" = 0 ]; then \
		echo "installing: $$missing"; \
		apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q $$missing; \
	else \
		echo "missing packages; run:"; \
		echo "  sudo apt-get install $$missing"; exit 1; \
	fi

# --- tests --------------------------------------------------------------------
TEST_ENV = PSTORECTL=$(CURDIR)/$(BIN) LD_LIBRARY_PATH=$(CURDIR)/$(BUILD) \
           BUILD=$(CURDIR)/$(BUILD) SANITIZE=$(SANITIZE)

# The kernel packages and sources come first: the CLI tests validate DTBs against the
# binding in linux-source-6.1, and the real-kernel suite boots the kernels.
check: deps
	$(Q)$(MAKE) --no-print-directory all $(UNIT_BINS)
	$(Q)tests/e2e/fetch.sh
	$(Q)$(TEST_ENV) tests/run unit cli e2e

check-fast: deps
	$(Q)$(MAKE) --no-print-directory all $(UNIT_BINS)
	$(Q)$(TEST_ENV) tests/run unit cli

check-unit: all $(UNIT_BINS)
	$(Q)$(TEST_ENV) tests/run unit

check-cli: all
	$(Q)$(TEST_ENV) tests/run cli

e2e: all
	$(Q)$(TEST_ENV) tests/run e2e

demo: deps
	$(Q)$(MAKE) --no-print-directory all
	$(Q)$(TEST_ENV) tests/e2e/demo.sh

bench: all
	$(Q)$(TEST_ENV) bench/run

run: all
	$(Q)LD_LIBRARY_PATH=$(CURDIR)/$(BUILD) $(BIN) plan

unit-bins: $(UNIT_BINS)

# --- install ------------------------------------------------------------------
install: install-bin install-lib install-headers install-man install-completions

install-bin: $(BUILD)/install/pstorectl
	$(INSTALL) -d $(DESTDIR)$(BINDIR)
	$(INSTALL) -m 0755 $(BUILD)/install/pstorectl $(DESTDIR)$(BINDIR)/pstorectl

install-lib: lib
	$(INSTALL) -d $(DESTDIR)$(LIBDIR) $(DESTDIR)$(PKGCONFIGDIR)
	$(INSTALL) -m 0755 $(SHLIB) $(DESTDIR)$(LIBDIR)/
	ln -sf $(notdir $(SHLIB)) $(DESTDIR)$(LIBDIR)/$(SONAME)
	ln -sf $(SONAME) $(DESTDIR)$(LIBDIR)/libpstore.so
	$(INSTALL) -m 0644 $(STLIB) $(DESTDIR)$(LIBDIR)/
	@# Generated here, not copied from the build: PREFIX and LIBDIR may differ at install time.
	$(PC_SED) > $(DESTDIR)$(PKGCONFIGDIR)/libpstore.pc
	@# Into the system (no DESTDIR, as root): refresh the loader's cache for the new library.
	$(if $(DESTDIR),,@if [ "$$(id -u)" = 0 ] && command -v ldconfig >/dev/null; then \
		echo ldconfig; ldconfig; fi)

install-headers:
	$(INSTALL) -d $(DESTDIR)$(INCLUDEDIR)
	$(INSTALL) -m 0644 lib/libpstore.h $(DESTDIR)$(INCLUDEDIR)/

install-man: man
	$(INSTALL) -d $(DESTDIR)$(MANDIR)/man8
	$(INSTALL) -m 0644 $(MAN_PAGES) $(DESTDIR)$(MANDIR)/man8/

install-completions:
	$(INSTALL) -d $(DESTDIR)$(BASHCOMPDIR) $(DESTDIR)$(ZSHCOMPDIR) $(DESTDIR)$(FISHCOMPDIR)
	$(INSTALL) -m 0644 completions/bash/pstorectl $(DESTDIR)$(BASHCOMPDIR)/pstorectl
	$(INSTALL) -m 0644 completions/zsh/_pstorectl $(DESTDIR)$(ZSHCOMPDIR)/_pstorectl
	$(INSTALL) -m 0644 completions/fish/pstorectl.fish $(DESTDIR)$(FISHCOMPDIR)/pstorectl.fish

uninstall:
	rm -f $(DESTDIR)$(BINDIR)/pstorectl $(DESTDIR)$(LIBDIR)/libpstore.* \
		$(DESTDIR)$(PKGCONFIGDIR)/libpstore.pc $(DESTDIR)$(INCLUDEDIR)/libpstore.h \
		$(DESTDIR)$(BASHCOMPDIR)/pstorectl $(DESTDIR)$(ZSHCOMPDIR)/_pstorectl \
		$(DESTDIR)$(FISHCOMPDIR)/pstorectl.fish \
		$(addprefix $(DESTDIR)$(MANDIR)/man8/,$(notdir $(MAN_PAGES)))

clean:
	rm -rf build build-sanitize
