# SPDX-License-Identifier: LGPL-2.1-or-later
# Shared settings of the e2e suite: which Debian packages it boots, and where the cache is.
# Sourced by fetch.sh, lib.sh and the capture scripts. Each can be overridden from the
# environment (a newer Debian ABI, say) without editing the suite.
# shellcheck shell=bash disable=SC2034

E2E_CACHE=${PSTORECTL_E2E_CACHE:-$HOME/.cache/pstorectl-e2e}

PKG_K61_AMD64=${PSTORECTL_E2E_K61_AMD64:-linux-image-6.1.0-56-cloud-amd64}
PKG_K61_ARM64=${PSTORECTL_E2E_K61_ARM64:-linux-image-6.1.0-56-cloud-arm64}
# The package linux-image-6.12-cloud-amd64 depended on when the suite was written.
PKG_K612_AMD64=${PSTORECTL_E2E_K612_AMD64:-linux-image-6.12.117+deb12-cloud-amd64}
PKG_SRC61=${PSTORECTL_E2E_SRC61:-linux-source-6.1}

# tinyconfig plus what a serial console, a busybox initramfs and every pstore frontend
# need. MISC_FILESYSTEMS is the easy one to forget: without it fs/pstore/Kconfig is
# never read and PSTORE silently stays off.
MINIMAL_OPTIONS=(
	64BIT MISC_FILESYSTEMS PRINTK PRINTK_TIME TTY SERIAL_8250 SERIAL_8250_CONSOLE
	BLK_DEV_INITRD RD_GZIP BINFMT_ELF BINFMT_SCRIPT PROC_FS SYSFS DEVTMPFS MAGIC_SYSRQ
	FUTEX EPOLL SHMEM TMPFS MULTIUSER RTC_CLASS RTC_HCTOSYS RTC_DRV_CMOS PSTORE PSTORE_RAM
	PSTORE_CONSOLE PSTORE_PMSG PSTORE_COMPRESS PSTORE_DEFLATE_COMPRESS
	PSTORE_DEFLATE_COMPRESS_DEFAULT CRYPTO CRYPTO_DEFLATE REED_SOLOMON KALLSYMS BUG
)
