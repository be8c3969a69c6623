# SPDX-License-Identifier: LGPL-2.1-or-later
# pstorectl: a plain Makefile in the manner of dtc's. `make check` is the one test command.

VERSION      := 0.2.0
SOVERSION    := 0

PREFIX       ?= /usr/local
BINDIR       ?= $(PREFIX)/bin
LIBDIR       ?= $(PREFIX)/lib
INCLUDEDIR   ?= $(PREFIX)/include
DATADIR      ?= $(PREFIX)/share
MANDIR       ?= $(DATADIR)/man
PKGCONFIGDIR ?= $(LIBDIR)/pkgconfig
# pstorectl's own modules (the ncurses viewer that `pstorectl view` dlopen()s).
MODULEDIR    ?= $(LIBDIR)/pstorectl
BASHCOMPDIR  ?= $(DATADIR)/bash-completion/completions
ZSHCOMPDIR   ?= $(DATADIR)/zsh/site-functions
FISHCOMPDIR  ?= $(DATADIR)/fish/vendor_completions.d
# systemd's own unit directory (Debian 12: /lib/systemd/system), whatever PREFIX is: a unit
# under /usr/local is not seen by systemd's generators at early boot.
SYSTEMDUNITDIR ?= $(or $(shell $(PKG_CONFIG) --variable=systemdsystemunitdir systemd 2>/dev/null),/lib/systemd/system)
DESTDIR      ?=

# --- cross builds: the toolchain --------------------------------------------------
# `make ARCH=arm64` is `make CROSS_COMPILE=aarch64-linux-gnu-` (ARCH=armhf: arm-linux-
# gnueabihf-): Debian's cross compiler, the target's pkg-config, which reads the :arm64
# multiarch .pc files, and a build directory of its own, build-arm64/. ARCH counts only on
# the command line: a kernel developer's environment often exports ARCH.
CROSS_arm64  := aarch64-linux-gnu-
CROSS_armhf  := arm-linux-gnueabihf-
CROSS_ARCHS  := arm64 armhf
ifeq ($(origin ARCH),command line)
ifneq ($(CROSS_$(ARCH)),)
CROSS_COMPILE ?= $(CROSS_$(ARCH))
endif
endif
ifneq ($(CROSS_COMPILE),)
TRIPLET      := $(patsubst %-,%,$(notdir $(CROSS_COMPILE)))
DEB_ARCH     := $(or $(strip $(foreach a,$(CROSS_ARCHS),$(if $(filter $(CROSS_$(a)),$(notdir $(CROSS_COMPILE))),$(a)))),$(TRIPLET))
ifeq ($(origin PKG_CONFIG),undefined)
PKG_CONFIG   := $(if $(shell command -v $(CROSS_COMPILE)pkg-config),$(CROSS_COMPILE)pkg-config,PKG_CONFIG_LIBDIR=/usr/lib/$(TRIPLET)/pkgconfig:/usr/share/pkgconfig pkg-config)
endif
# Only a BUILD on the command line moves it: one in the environment (the tests export the
# native one) must not mix the architectures.
ifneq ($(origin BUILD),command line)
BUILD        := build-$(DEB_ARCH)
endif
endif
# 64-bit file offsets and time on a 32-bit userspace (armhf); no-ops on 64-bit targets.
override CPPFLAGS += -D_FILE_OFFSET_BITS=64 -D_TIME_BITS=64

ifeq ($(origin CC),default)
CC           := $(CROSS_COMPILE)gcc
endif
ifeq ($(origin AR),default)
AR           := $(CROSS_COMPILE)ar
endif
OBJCOPY      ?= $(CROSS_COMPILE)objcopy
PKG_CONFIG   ?= pkg-config
SCDOC        ?= scdoc
INSTALL      ?= install

ifeq ($(SANITIZE),1)
BUILD        ?= build-sanitize
SANFLAGS     := -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined
else ifeq ($(FUZZ),1)
# The fuzz targets' build (tests/fuzz/, `make fuzz`): the library instrumented for
# libFuzzer, under ASan and UBSan, by clang.
BUILD        ?= build-fuzz
SANFLAGS     := -fsanitize=fuzzer-no-link,address,undefined -fno-omit-frame-pointer \
                -fno-sanitize-recover=undefined
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
CLI_PKGS     := smartcols
# Only the viewer module links ncurses: the other verbs start without loading it.
VIEW_PKGS    := ncursesw
pc_cflags     = $(shell $(PKG_CONFIG) --cflags $(1) 2>/dev/null)
pc_libs       = $(shell $(PKG_CONFIG) --libs $(1) 2>/dev/null || echo $(2))

# Size (issue 17: pstorectl and libpstore.so <= 200 KB stripped): every function and object
# in a section of its own, so that the link drops what nothing uses (--gc-sections).
# No unwind tables (.eh_frame: 12% of the library): C code that neither throws nor uses
# pthread_cancel() or backtrace() does not need them, and debuggers unwind from the
# .debug_frame that -g writes (the -dbgsym package). The sanitizer and fuzz builds keep
# them, for their stack traces.
NO_UNWIND    := $(if $(SANFLAGS),,-fno-asynchronous-unwind-tables -fno-unwind-tables)
# arm64: the tiny code model (a module under 1 MiB, which ours are by far): one ADR instead
# of ADRP+ADD for each address (4.5 KB less code in the library). Every architecture: the
# shared library linked with link-time optimisation (4.6 KB less code on arm64, 3.5 KB on
# amd64), at COLD_CFLAGS like its objects. On arm64 the library must stay under a
# 64 KiB step: binutils 2.40 ends RELRO on a 64 KiB page, so the file holds zeros up to
# the next 64 KiB boundary past its code, read-only data and RELRO (the size check of
# tests/run says when a change crosses it). The objects are fat (LTO and machine code);
# libpstore.a keeps the machine code only (its LTO sections removed, as Debian's dh_strip
# does), so that it links with any compiler. The LTO link does not make warnings errors:
# the compile did, and its cross-file analysis warns of what it cannot prove. The
# sanitizer and fuzz builds, and other compilers than GCC, do without LTO.
# x86-64: -fno-plt, calls to other libraries through the GOT (an indirect call, one byte
# more a call site) instead of a PLT stub (16 bytes an imported function): with -z now
# the stubs were only a hop. The Debian-flags library: 205,024 -> 200,864 bytes, back
# under 200 KiB once the makedumpfile probe (lib/image.c) was added. Not on arm64: a call
# through the GOT is three instructions there.
IS_AARCH64   := $(if $(SANFLAGS),,$(filter aarch64-%,$(shell $(CC) -dumpmachine 2>/dev/null)))
IS_X86_64    := $(if $(SANFLAGS),,$(filter x86_64-%,$(shell $(CC) -dumpmachine 2>/dev/null)))
TARGET_ARCH_CFLAGS := $(if $(IS_AARCH64),-mcmodel=tiny) $(if $(IS_X86_64),-fno-plt)
IS_GCC       := $(shell $(CC) -v 2>&1 | grep -q '^gcc version' && echo y)
LIB_LTO      := $(if $(SANFLAGS),,$(if $(IS_GCC),-flto=auto -ffat-lto-objects))
BASE_CFLAGS  := -std=gnu11 -D_GNU_SOURCE -fPIC -fvisibility=hidden $(WARNINGS) \
                -DPSTORE_VERSION='"$(VERSION)"' -ffunction-sections -fdata-sections \
                $(NO_UNWIND) $(TARGET_ARCH_CFLAGS) $(SANFLAGS)
# -fno-semantic-interposition: the library's calls to its own exported functions go
# straight to them (the version script decides what is exported, LD_PRELOAD of a libpstore
# symbol is not supported), which is smaller and saves a PLT hop.
LIB_CFLAGS   := $(BASE_CFLAGS) -fno-semantic-interposition -Ilib $(call pc_cflags,$(LIB_PKGS))
CLI_CFLAGS   := $(BASE_CFLAGS) -Ilib -Icli $(call pc_cflags,$(CLI_PKGS))
VIEW_CFLAGS  := $(BASE_CFLAGS) -Ilib -Icli $(call pc_cflags,$(VIEW_PKGS))
# libfdt has no .pc file on Debian 12. libkmod: only its header, lib/module.c dlopens it.
LIB_LIBS     := -lfdt $(call pc_libs,zlib,-lz) -ldl -lpthread
CLI_LIBS     := $(call pc_libs,$(CLI_PKGS),-lsmartcols)
VIEW_LIBS    := $(call pc_libs,$(VIEW_PKGS),-lncursesw)
TEST_LIBS    := $(call pc_libs,cmocka,-lcmocka)
# --as-needed: link only the libraries a binary really uses (start-up time counts for tail).
# --gc-sections: leave out the sections nothing references. Not -O1: it sizes .gnu.hash
# for the fewest collisions, 1.2 KB more in the library for no lookup time one can measure.
# -z now (full RELRO): the GOT is read-only after start-up; on arm64 it also puts the PLT's
# GOT inside the 64K-aligned RELRO segment instead of after it (pstorectl: 201 -> 199 KB).
# -z pack-relative-relocs (DT_RELR, glibc 2.36): the relative relocations packed in a bitmap
# (7.4 KB -> 120 bytes in the library); only where the linker has it
# (binutils 2.40 has it for x86, not yet for arm, where it warns "ignored").
RELR_LDFLAGS := $(shell out=$$($(CC) -shared -Wl,-z,pack-relative-relocs -nostdlib -x c /dev/null \
                -o /dev/null 2>&1) && [ -z "$$out" ] && echo -Wl,-z,pack-relative-relocs)
ALL_LDFLAGS  := -Wl,--as-needed -Wl,--gc-sections -Wl,-z,now $(RELR_LDFLAGS) \
                $(LDFLAGS) $(SANFLAGS)

# The code `make bench` measures keeps CFLAGS (-O2) in pstorectl: reading and printing
# records (and what lists them). Everything else, the whole library, is compiled for size
# (COLD_CFLAGS after CFLAGS), which keeps libpstore.so under 200 KB (issue 17): its readers
# spend their time in system calls and zlib, and the ECC decoder still checks 1.8 GB/s of
# clean blocks at -Os (2.5 at -O2; the target is 1). COLD_CFLAGS= compiles everything with
# CFLAGS alone.
COLD_CFLAGS  ?= -Os
HOT_SRCS     := cli/cmd-cat.c cli/cmd-tail.c cli/cmd-ls.c cli/cmd-decode.c cli/cmd-view.c \
                cli/textout.c cli/escape.c cli/table.c cli/json.c cli/select.c cli/format.c
opt_cflags    = $(if $(filter $(1),$(HOT_SRCS)),,$(COLD_CFLAGS))

SHARED_SRCS  := $(sort $(wildcard lib/shared/*.c))
LIB_SRCS     := $(sort $(wildcard lib/*.c)) $(SHARED_SRCS)
# cli/view*.c are the viewer module, not part of pstorectl.
VIEW_SRCS    := cli/view.c cli/view-draw.c cli/view-entries.c cli/view-model.c \
                cli/view-search.c cli/view-keys.c
CLI_SRCS     := $(filter-out $(VIEW_SRCS),$(sort $(wildcard cli/*.c)))
UNIT_SRCS    := $(sort $(wildcard tests/unit/test-*.c))
LIB_OBJS     := $(LIB_SRCS:%.c=$(BUILD)/%.o)
# lib/shared/ is compiled into both: the library keeps its copy hidden.
CLI_OBJS     := $(CLI_SRCS:%.c=$(BUILD)/%.o) $(SHARED_SRCS:lib/shared/%.c=$(BUILD)/cli/shared/%.o)
VIEW_OBJS    := $(VIEW_SRCS:%.c=$(BUILD)/%.o)
# The viewer's logic, tested without a terminal (everything but the ncurses side).
VIEW_MODEL_OBJS := $(filter-out $(BUILD)/cli/view.o $(BUILD)/cli/view-draw.o,$(VIEW_OBJS))
UNIT_BINS    := $(UNIT_SRCS:tests/unit/%.c=$(BUILD)/tests/%)
MAN_SRCS     := $(sort $(wildcard man/*.scd))
MAN_PAGES    := $(MAN_SRCS:man/%.scd=$(BUILD)/man/%)
# systemd units: systemd/NAME.in, @BINDIR@ replaced at install.
UNITS        := $(patsubst systemd/%.in,%,$(sort $(wildcard systemd/*.in)))

SONAME       := libpstore.so.$(SOVERSION)
SHLIB        := $(BUILD)/libpstore.so.$(VERSION)
STLIB        := $(BUILD)/libpstore.a
PCFILE       := $(BUILD)/libpstore.pc
BIN          := $(BUILD)/pstorectl
VIEW_MOD     := $(BUILD)/pstorectl-view.so

# Debian 12 packages: to build, to run the tests, and for the real-kernel suite.
DEPS_BUILD   := gcc make pkg-config libfdt-dev libkmod-dev libsmartcols-dev zlib1g-dev \
                libncurses-dev libcmocka-dev scdoc libfec-dev libkdumpfile-dev liblz4-dev \
                liblzo2-dev libzstd-dev libsystemd-dev
DEPS_TEST    := device-tree-compiler dt-schema jq python3 kmod zsh fish bash-completion \
                xz-utils zstd hyperfine strace util-linux tmux abigail-tools systemd clang \
                libclang-rt-14-dev
DEPS_E2E     := qemu-system-x86 qemu-system-arm busybox-static cpio flex bison libelf-dev \
                bc libssl-dev mmdebstrap e2fsprogs
DEPS         := $(DEPS_BUILD) $(DEPS_TEST) $(DEPS_E2E)

.PHONY: debflags-bins
.PHONY: all lib cli man check check-fast check-unit check-cli check-abi abi-dump e2e demo run \
        deps bench fuzz fuzz-bins check-valgrind \
        install install-bin install-lib install-headers install-man install-completions \
        install-units \
        uninstall clean

all: lib cli man

lib: $(SHLIB) $(BUILD)/$(SONAME) $(BUILD)/libpstore.so $(STLIB) $(PCFILE)
cli: $(BIN) $(VIEW_MOD)
man: $(MAN_PAGES)

# The compiler and its flags as this make uses them: objects are rebuilt when they change
# (a CFLAGS= on the command line, a new flag in this Makefile), not only when sources do.
FLAGS_STAMP  := $(BUILD)/.flags
FLAGS_NOW    := $(strip $(CC) $(LIB_CFLAGS) $(LIB_LTO) $(CLI_CFLAGS) $(VIEW_CFLAGS) $(CPPFLAGS) $(CFLAGS) \
                $(COLD_CFLAGS) $(HOT_SRCS))
ifneq ($(file < $(FLAGS_STAMP)),$(FLAGS_NOW))
$(shell mkdir -p $(BUILD))
$(file > $(FLAGS_STAMP),$(FLAGS_NOW))
endif

$(BUILD)/lib/%.o: lib/%.c $(wildcard lib/*.h lib/shared/*.h) $(FLAGS_STAMP)
	@mkdir -p $(dir $@)
	@$(if $(Q),echo "  CC      $<")
	$(Q)$(CC) $(LIB_CFLAGS) $(LIB_LTO) $(CPPFLAGS) $(CFLAGS) $(call opt_cflags,$<) -c -o $@ $<

$(BUILD)/cli/shared/%.o: lib/shared/%.c $(wildcard lib/shared/*.h) $(FLAGS_STAMP)
	@mkdir -p $(dir $@)
	@$(if $(Q),echo "  CC      $<")
	$(Q)$(CC) $(CLI_CFLAGS) $(CPPFLAGS) $(CFLAGS) $(call opt_cflags,$<) -c -o $@ $<

$(BUILD)/cli/%.o: cli/%.c $(wildcard cli/*.h lib/shared/*.h) lib/libpstore.h $(FLAGS_STAMP)
	@mkdir -p $(dir $@)
	@$(if $(Q),echo "  CC      $<")
	$(Q)$(CC) $(CLI_CFLAGS) $(CPPFLAGS) $(CFLAGS) $(call opt_cflags,$<) -c -o $@ $<

$(VIEW_OBJS): $(BUILD)/cli/%.o: cli/%.c cli/view.h cli/view-ui.h lib/libpstore.h
	@mkdir -p $(dir $@)
	@$(if $(Q),echo "  CC      $<")
	$(Q)$(CC) $(VIEW_CFLAGS) $(CPPFLAGS) $(CFLAGS) -c -o $@ $<

$(BUILD)/cli/cmd-view.o: CLI_CFLAGS += -DPSTORECTL_MODULEDIR='"$(MODULEDIR)"'

# The version script names every exported symbol: a _public_ function it does not list
# stops the build here (tests/abi/symbols.sh), a listed name nothing defines stops the link.
$(SHLIB): $(LIB_OBJS) lib/libpstore.sym tests/abi/symbols.sh Makefile
	$(Q)tests/abi/symbols.sh $(CURDIR)
	@$(if $(Q),echo "  LD      $@")
	$(Q)$(CC) -shared -Wl,-soname,$(SONAME) -Wl,--version-script=lib/libpstore.sym \
		-Wl,--no-undefined -Wl,--no-undefined-version -Wl,-Bsymbolic-functions \
		$(if $(LIB_LTO),-flto=auto $(BASE_CFLAGS) $(CFLAGS) $(COLD_CFLAGS) -Wno-error) $(ALL_LDFLAGS) \
		-o $@ $(LIB_OBJS) \
		$(LIB_LIBS)

$(BUILD)/$(SONAME): $(SHLIB)
	$(Q)ln -sf $(notdir $<) $@
$(BUILD)/libpstore.so: $(BUILD)/$(SONAME)
	$(Q)ln -sf $(notdir $<) $@

$(STLIB): $(LIB_OBJS)
	@$(if $(Q),echo "  AR      $@")
	$(Q)rm -f $@ && $(AR) rcs $@ $^
	$(if $(LIB_LTO),$(Q)$(OBJCOPY) --wildcard -R '.gnu.lto_*' -R '.gnu.debuglto_*' $@)

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
	$(Q)$(CC) $(ALL_LDFLAGS) -o $@ $(CLI_OBJS) -L$(BUILD) -lpstore $(CLI_LIBS) -ldl

# The viewer: a module pstorectl dlopen()s for `view` (libpstore comes from pstorectl).
$(VIEW_MOD): $(VIEW_OBJS) $(BUILD)/libpstore.so
	@$(if $(Q),echo "  LD      $@")
	$(Q)$(CC) -shared $(ALL_LDFLAGS) -o $@ $(VIEW_OBJS) -L$(BUILD) -lpstore $(VIEW_LIBS)

# The viewer's logic is tested without a terminal: the test links its object file.
$(BUILD)/tests/test-view: tests/unit/test-view.c cli/view.h cli/view-ui.h $(VIEW_MODEL_OBJS) \
		$(STLIB) tests/unit/unit.h
	@mkdir -p $(dir $@)
	@$(if $(Q),echo "  CC      $<")
	$(Q)$(CC) $(VIEW_CFLAGS) -Itests/unit -DFIXTURES='"$(CURDIR)/tests/fixtures"' $(CPPFLAGS) $(CFLAGS) $(ALL_LDFLAGS) -o $@ $< \
		$(VIEW_MODEL_OBJS) $(STLIB) $(LIB_LIBS) $(TEST_LIBS)

# cli/format.c's hand-written formats are compared with printf and strftime.
$(BUILD)/tests/test-format: tests/unit/test-format.c cli/pstorectl.h $(BUILD)/cli/format.o \
		$(STLIB) tests/unit/unit.h
	@mkdir -p $(dir $@)
	@$(if $(Q),echo "  CC      $<")
	$(Q)$(CC) $(CLI_CFLAGS) -Itests/unit -DFIXTURES='"$(CURDIR)/tests/fixtures"' $(CPPFLAGS) $(CFLAGS) \
		$(ALL_LDFLAGS) -o $@ $< \
		$(BUILD)/cli/format.o $(STLIB) $(LIB_LIBS) $(TEST_LIBS)

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
	$(Q)$(MAKE) --no-print-directory cross-unit-bins
	$(Q)$(MAKE) --no-print-directory debflags-bins
	$(Q)$(MAKE) --no-print-directory fuzz-bins
	$(Q)tests/e2e/fetch.sh
	$(Q)$(TEST_ENV) $(CROSS_ENV) tests/run unit cli abi fuzz cross e2e

check-fast: deps
	$(Q)$(MAKE) --no-print-directory all $(UNIT_BINS)
	$(Q)$(TEST_ENV) tests/run unit cli abi

check-unit: all $(UNIT_BINS)
	$(Q)$(TEST_ENV) tests/run unit

check-cli: all
	$(Q)$(TEST_ENV) tests/run cli

# The unit and CLI suites under valgrind's memcheck (errors and definite leaks fail):
# the real build with the real dependency libraries, which SANITIZE=1 does not check.
# valgrind and the suppressions are found here, once: tests/valgrind/pstorectl takes them
# by absolute path, as some tests run the binary with a PATH of their own.
check-valgrind: all $(UNIT_BINS)
	$(Q)vg=$$(command -v valgrind) || { echo "check-valgrind: no valgrind on PATH" >&2; exit 1; }; \
	$(TEST_ENV) VALGRIND=1 VALGRIND_BIN="$$vg" \
		VALGRIND_SUPP=$(CURDIR)/tests/valgrind/pstorectl.supp tests/run unit cli

# The ABI against the committed dump lib/libpstore.abi (tests/abi/check.sh).
check-abi: lib
	$(Q)$(TEST_ENV) tests/run abi

# Regenerate lib/libpstore.abi from the library just built, at a release (LIBPSTORE_0 and
# every node in the dump are then frozen). Needs -g (the default CFLAGS) and abigail-tools.
abi-dump:
	@if [ "$(SANITIZE)" = 1 ]; then echo "abi-dump: not from a SANITIZE=1 build" >&2; exit 1; fi
	$(Q)$(MAKE) --no-print-directory lib
	@readelf -S -W $(SHLIB) | grep -q '\.debug_info' || \
		{ echo "abi-dump: $(SHLIB) has no debug info: build with -g" >&2; exit 1; }
	$(Q)abidw --no-corpus-path --short-locs --out-file lib/libpstore.abi $(SHLIB)
	@echo "lib/libpstore.abi: $$(grep -c '<elf-symbol ' lib/libpstore.abi) symbols; commit it"

e2e: all
	$(Q)$(TEST_ENV) tests/run e2e

demo: deps
	$(Q)$(MAKE) --no-print-directory all
	$(Q)$(TEST_ENV) tests/e2e/demo.sh

bench: all
	$(Q)$(TEST_ENV) bench/run
	$(Q)$(TEST_ENV) bench/decode

# decode's targets alone (issue 12): bench/decode
.PHONY: bench-decode
bench-decode: all
	$(Q)$(TEST_ENV) bench/decode

run: all
	$(Q)LD_LIBRARY_PATH=$(CURDIR)/$(BUILD) $(BIN) plan

unit-bins: $(UNIT_BINS)

# --- install ------------------------------------------------------------------
install: install-bin install-lib install-headers install-man install-completions install-units

install-bin: $(BUILD)/install/pstorectl $(VIEW_MOD)
	$(INSTALL) -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(MODULEDIR)
	$(INSTALL) -m 0755 $(BUILD)/install/pstorectl $(DESTDIR)$(BINDIR)/pstorectl
	$(INSTALL) -m 0644 $(VIEW_MOD) $(DESTDIR)$(MODULEDIR)/pstorectl-view.so

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
	$(INSTALL) -d $(DESTDIR)$(MANDIR)/man5 $(DESTDIR)$(MANDIR)/man8
	$(INSTALL) -m 0644 $(filter %.5,$(MAN_PAGES)) $(DESTDIR)$(MANDIR)/man5/
	$(INSTALL) -m 0644 $(filter %.8,$(MAN_PAGES)) $(DESTDIR)$(MANDIR)/man8/

install-completions:
	$(INSTALL) -d $(DESTDIR)$(BASHCOMPDIR) $(DESTDIR)$(ZSHCOMPDIR) $(DESTDIR)$(FISHCOMPDIR)
	$(INSTALL) -m 0644 completions/bash/pstorectl $(DESTDIR)$(BASHCOMPDIR)/pstorectl
	$(INSTALL) -m 0644 completions/zsh/_pstorectl $(DESTDIR)$(ZSHCOMPDIR)/_pstorectl
	$(INSTALL) -m 0644 completions/fish/pstorectl.fish $(DESTDIR)$(FISHCOMPDIR)/pstorectl.fish

# The units name the installed program, so they are generated here, with this BINDIR.
install-units:
	$(INSTALL) -d $(DESTDIR)$(SYSTEMDUNITDIR)
	$(foreach u,$(UNITS),sed -e 's|@BINDIR@|$(BINDIR)|g' systemd/$(u).in \
		> $(DESTDIR)$(SYSTEMDUNITDIR)/$(u) && chmod 0644 $(DESTDIR)$(SYSTEMDUNITDIR)/$(u) && ) true

uninstall:
	rm -f $(DESTDIR)$(BINDIR)/pstorectl $(DESTDIR)$(LIBDIR)/libpstore.* \
		$(DESTDIR)$(MODULEDIR)/pstorectl-view.so \
		$(DESTDIR)$(PKGCONFIGDIR)/libpstore.pc $(DESTDIR)$(INCLUDEDIR)/libpstore.h \
		$(DESTDIR)$(BASHCOMPDIR)/pstorectl $(DESTDIR)$(ZSHCOMPDIR)/_pstorectl \
		$(DESTDIR)$(FISHCOMPDIR)/pstorectl.fish \
		$(addprefix $(DESTDIR)$(SYSTEMDUNITDIR)/,$(UNITS)) \
		$(addprefix $(DESTDIR)$(MANDIR)/man5/,$(notdir $(filter %.5,$(MAN_PAGES)))) \
		$(addprefix $(DESTDIR)$(MANDIR)/man8/,$(notdir $(filter %.8,$(MAN_PAGES))))

clean:
	rm -rf build build-sanitize build-fuzz

# --- fuzzing (tests/fuzz/README) --------------------------------------------------
# `make fuzz` fuzzes every target for FUZZ_SECONDS each (FUZZ_TARGETS: some of them);
# `make check` runs each once over its committed corpus (tests/run fuzz).
FUZZ_CC      ?= clang
FUZZ_SECONDS ?= 60
FUZZ_TARGETS ?=
FUZZ_SRCS    := $(sort $(wildcard tests/fuzz/fuzz-*.c))
FUZZ_BINS    := $(FUZZ_SRCS:tests/fuzz/%.c=$(BUILD)/fuzz/%)

ifeq ($(FUZZ),1)
fuzz-bins: $(FUZZ_BINS)
$(BUILD)/fuzz/fuzz-%: tests/fuzz/fuzz-%.c tests/fuzz/fuzz.h $(STLIB)
	@mkdir -p $(dir $@)
	@$(if $(Q),echo "  FUZZ    $<")
	$(Q)$(CC) $(LIB_CFLAGS) -Itests/fuzz $(CPPFLAGS) $(CFLAGS) -fsanitize=fuzzer $(ALL_LDFLAGS) \
		-o $@ $< $(STLIB) $(LIB_LIBS)
else
fuzz-bins:
	$(Q)$(MAKE) --no-print-directory FUZZ=1 SANITIZE= BUILD=build-fuzz CC=$(FUZZ_CC) fuzz-bins
endif

fuzz: fuzz-bins
	$(Q)FUZZ_BUILD=$(CURDIR)/build-fuzz tests/fuzz/run --seconds $(FUZZ_SECONDS) $(FUZZ_TARGETS)

# --- cross builds and packages ---------------------------------------------------
# libfdt-dev is not Multi-Arch: same on Debian 12 (it conflicts with itself of another
# architecture), so a cross build takes the headers, which are the same on every
# architecture, from the native package and links the target's libfdt1 by its soname.
ifneq ($(CROSS_COMPILE),)
ifeq ($(wildcard /usr/lib/$(TRIPLET)/libfdt.so),)
LIB_LIBS     := $(patsubst -lfdt,-l:libfdt.so.1,$(LIB_LIBS))
endif
endif

# What `make deps ARCH=arm64` (or armhf) adds: the cross compiler, the target's pkg-config
# and libraries (multiarch; the ones the library dlopen()s too, for its unit tests, and
# their -dev packages, which a cross-built package's Build-Depends names), and qemu-user
# to run the unit tests.
DEPS_CROSS    = gcc-$(TRIPLET) pkgconf:$(ARCH) libfdt1:$(ARCH) libkmod-dev:$(ARCH) \
                libsmartcols-dev:$(ARCH) zlib1g-dev:$(ARCH) libncurses-dev:$(ARCH) \
                libcmocka-dev:$(ARCH) qemu-user-static binfmt-support \
                libfec0:$(ARCH) liblz4-1:$(ARCH) liblzo2-2:$(ARCH) libzstd1:$(ARCH) \
                libfec-dev:$(ARCH) libkdumpfile-dev:$(ARCH) liblz4-dev:$(ARCH) \
                liblzo2-dev:$(ARCH) libzstd-dev:$(ARCH) libsystemd-dev:$(ARCH)
DEPS_DEB     := debhelper lintian fakeroot dpkg-dev build-essential
ifeq ($(origin ARCH),command line)
ifneq ($(CROSS_$(ARCH)),)
DEPS         += $(DEPS_CROSS)
deps: deps-foreign-arch
endif
endif

.PHONY: deps-foreign-arch deps-cross deps-deb cross cross-unit-bins check-cross deb deb-symbols \
        sizes clean-cross

# dpkg installs :ARCH packages only once the architecture is added (the apt-get update that
# follows is in deps).
deps-foreign-arch:
	@dpkg --print-foreign-architectures | grep -qx '$(ARCH)' || \
	if [ "$$(id -u)" = 0 ]; then echo "adding dpkg architecture $(ARCH)"; dpkg --add-architecture $(ARCH); \
	else echo "run: sudo dpkg --add-architecture $(ARCH)"; exit 1; fi

deps-cross: deps
	$(Q)for a in $(CROSS_ARCHS); do $(MAKE) --no-print-directory deps ARCH=$$a || exit; done

deps-deb: deps
	$(Q)$(MAKE) --no-print-directory deps DEPS="$(DEPS_DEB)"

# Everything for each architecture, in build-arm64/ and build-armhf/. A native BUILD=,
# SANITIZE=1 or CC= given to this make must not reach the cross builds.
CROSS_LOOP    = for p in $(foreach a,$(CROSS_ARCHS),$(a):$(CROSS_$(a))); do a=$${p%%:*} c=$${p\#*:};
CROSS_VARS    = ARCH=$$a CROSS_COMPILE=$$c CC=$${c}gcc AR=$${c}ar BUILD=build-$$a SANITIZE=
cross:
	$(Q)$(CROSS_LOOP) $(MAKE) --no-print-directory $(CROSS_VARS) all || exit; done

cross-unit-bins:
	$(Q)$(CROSS_LOOP) $(MAKE) --no-print-directory $(CROSS_VARS) lib cli unit-bins || exit; done

# The library and pstorectl as Debian's package build makes them (dpkg-buildflags with
# debian/rules' hardening=+all: stack protector, _FORTIFY_SOURCE, relro and now), native
# in build-debflags/ and arm64 in build-debflags-arm64/: `tests/run cross` checks their
# sizes too (issue 17) without the minutes of `make deb` for each architecture.
DEBFLAGS      = $$(DEB_HOST_ARCH=$(1) DEB_BUILD_MAINT_OPTIONS=hardening=+all dpkg-buildflags --get $(2))
DEBFLAGS_VARS = CFLAGS="$(call DEBFLAGS,$(1),CFLAGS)" CPPFLAGS="$(call DEBFLAGS,$(1),CPPFLAGS)" \
                LDFLAGS="$(call DEBFLAGS,$(1),LDFLAGS)" SANITIZE=
debflags-bins:
	$(Q)$(MAKE) --no-print-directory $(call DEBFLAGS_VARS,$$(dpkg --print-architecture)) \
		CC=gcc BUILD=build-debflags lib cli
	$(Q)$(MAKE) --no-print-directory $(call DEBFLAGS_VARS,arm64) ARCH=arm64 \
		CROSS_COMPILE=$(CROSS_arm64) CC=$(CROSS_arm64)gcc AR=$(CROSS_arm64)ar \
		BUILD=build-debflags-arm64 lib cli

# The unit tests of every architecture under qemu-user (`tests/run cross`).
CROSS_ENV = CROSS_BUILDS="$(foreach a,$(CROSS_ARCHS),$(a)=$(CURDIR)/build-$(a))" \
            DEBFLAGS_BUILDS="native=$(CURDIR)/build-debflags arm64=$(CURDIR)/build-debflags-arm64"

check: deps-cross
check-cross: deps-cross
	$(Q)$(MAKE) --no-print-directory cross-unit-bins
	$(Q)$(MAKE) --no-print-directory debflags-bins
	$(Q)$(CROSS_ENV) tests/run cross

# Debian packages: dpkg-buildpackage on a copy of the tree in build-deb/ (the source tree
# stays clean; the .debs land in build-deb/), then lintian. DEB_ARCH_OPT=-aarm64 cross-builds.
DEB_DIR      := build-deb
deb: deps deps-deb
	$(Q)rm -rf $(DEB_DIR) && mkdir -p $(DEB_DIR)/src
	$(Q)git ls-files -z --cached --others --exclude-standard | \
		grep -zv '^$(DEB_DIR)/' | xargs -0 cp --parents -t $(DEB_DIR)/src
	$(Q)cd $(DEB_DIR)/src && dpkg-buildpackage -us -uc -b $(DEB_ARCH_OPT)
	$(Q)lintian --fail-on error,warning $(DEB_DIR)/*.changes
	$(Q)ls -l $(DEB_DIR)/*.deb

# debian/libpstore0.symbols from the library the last `make deb` built: run it after the
# exported functions change, and review the diff.
deb-symbols:
	@# dpkg-gensymbols exits non-zero exactly when the list changed: that is why we are here.
	$(Q)cd $(DEB_DIR)/src && { dpkg-gensymbols -plibpstore0 -Pdebian/libpstore0 \
		-v$(VERSION) -O$(CURDIR)/$(DEB_DIR)/libpstore0.symbols >/dev/null 2>&1 || true; }
	$(Q)test -s $(DEB_DIR)/libpstore0.symbols
	$(Q){ sed -n '/^#/p' debian/libpstore0.symbols; sed -n 1p $(DEB_DIR)/libpstore0.symbols; \
		echo '* Build-Depends-Package: libpstore-dev'; \
		sed -e 1d -e '/^\* Build-Depends-Package/d' -e '/^ #MISSING/d' $(DEB_DIR)/libpstore0.symbols; \
	} > debian/libpstore0.symbols.tmp && mv debian/libpstore0.symbols.tmp debian/libpstore0.symbols
	$(Q)git diff --stat -- debian/libpstore0.symbols

# Stripped sizes of the program and the library, per architecture built so far.
sizes:
	@for p in build: $(foreach a,$(CROSS_ARCHS),build-$(a):$(CROSS_$(a))) build-debflags: \
		build-debflags-arm64:$(CROSS_arm64); do \
		b=$${p%%:*}; cross=$${p#*:}; \
		[ -f $$b/pstorectl ] || continue; \
		t=$$(mktemp -d); \
		for f in pstorectl libpstore.so.$(VERSION); do \
			$${cross}strip -o $$t/$$f $$b/$$f; \
			printf '%-21s %-19s %7d bytes stripped\n' $$b $$f $$(stat -c %s $$t/$$f); \
		done; rm -rf $$t; \
	done

clean: clean-cross
clean-cross:
	rm -rf $(foreach a,$(CROSS_ARCHS),build-$(a)) build-debflags build-debflags-arm64 $(DEB_DIR)
