# SPDX-License-Identifier: LGPL-2.1-or-later
# Shared settings of the e2e suite: which Debian packages it boots, and where the cache is.
# Sourced by fetch.sh, lib.sh and the capture scripts. Each can be overridden from the
# environment (a newer Debian ABI, say) without editing the suite.
# shellcheck shell=bash disable=SC2034

E2E_CACHE=${PSTORECTL_E2E_CACHE:-$HOME/.cache/pstorectl-e2e}

PKG_K61_AMD64=${PSTORECTL_E2E_K61_AMD64:-linux-image-6.1.0-56-cloud-amd64}
# The generic (non-cloud) flavour of the same kernel: the cloud one lacks watchdog drivers
# (CONFIG_I6300ESB_WDT), this one has i6300esb as a module (scenario 10).
PKG_K61_AMD64_GENERIC=${PSTORECTL_E2E_K61_AMD64_GENERIC:-linux-image-6.1.0-56-amd64}
PKG_K61_ARM64=${PSTORECTL_E2E_K61_ARM64:-linux-image-6.1.0-56-cloud-arm64}
# 32-bit ARM: the LPAE flavour (64-bit physical addresses on a 32-bit kernel), which boots
# on qemu-system-arm -M virt -cpu cortex-a15.
PKG_K61_ARMHF=${PSTORECTL_E2E_K61_ARMHF:-linux-image-6.1.0-56-armmp-lpae}
# The package linux-image-6.12-cloud-amd64 depended on when the suite was written.
PKG_K612_AMD64=${PSTORECTL_E2E_K612_AMD64:-linux-image-6.12.117+deb12-cloud-amd64}
PKG_SRC61=${PSTORECTL_E2E_SRC61:-linux-source-6.1}
# Scenario 12 (kdump): Debian's kexec-tools and makedumpfile, unpacked for the guest. Debian
# builds kexec with Xen support: it needs libxenctrl.so.4.17 (libxenmisc4.17) and the Xen
# libraries that one needs; makedumpfile's libraries (libdw, libelf, liblzo2, zlib, ...)
# come from the host.
KDUMP_PKGS_AMD64=(kexec-tools makedumpfile libxenmisc4.17 libxentoollog1 libxencall1
	libxenevtchn1 libxengnttab1 libxenforeignmemory1 libxendevicemodel1 libxentoolcore1)

# tinyconfig plus what a serial console, a busybox initramfs and every pstore frontend
# need. MISC_FILESYSTEMS is the easy one to forget: without it fs/pstore/Kconfig is
# never read and PSTORE silently stays off. Scenario 11's real oops and soft lockup need
# DEBUG_FS + LKDTM (provoke-crash; under RUNTIME_TESTING_MENU, which tinyconfig turns off)
# and SOFTLOCKUP_DETECTOR (under DEBUG_KERNEL).
MINIMAL_OPTIONS=(
	64BIT MISC_FILESYSTEMS PRINTK PRINTK_TIME TTY SERIAL_8250 SERIAL_8250_CONSOLE
	BLK_DEV_INITRD RD_GZIP BINFMT_ELF BINFMT_SCRIPT PROC_FS SYSFS DEVTMPFS MAGIC_SYSRQ
	FUTEX EPOLL SHMEM TMPFS MULTIUSER RTC_CLASS RTC_HCTOSYS RTC_DRV_CMOS PSTORE PSTORE_RAM
	PSTORE_CONSOLE PSTORE_PMSG PSTORE_COMPRESS PSTORE_DEFLATE_COMPRESS
	PSTORE_DEFLATE_COMPRESS_DEFAULT CRYPTO CRYPTO_DEFLATE REED_SOLOMON KALLSYMS BUG
	DEBUG_KERNEL DEBUG_FS RUNTIME_TESTING_MENU LKDTM SOFTLOCKUP_DETECTOR
	# Scenario 13: every compressor 6.1's pstore.compress= can choose (842 aside).
	PSTORE_LZO_COMPRESS PSTORE_LZ4_COMPRESS PSTORE_LZ4HC_COMPRESS PSTORE_ZSTD_COMPRESS
	CRYPTO_LZO CRYPTO_LZ4 CRYPTO_LZ4HC CRYPTO_ZSTD
)

# The minimal armhf kernel (qemu-system-arm -M virt -cpu cortex-a15): Debian's armhf
# kernels (armmp, armmp-lpae) are built without PSTORE, so the crash and read-back on armhf
# need this one. tinyconfig for ARCH=arm plus the virt machine, hard-float userspace (VFP),
# LPAE (64-bit physical addresses), the PL011 console and every pstore frontend.
MINIMAL_ARMHF_OPTIONS=(
	MMU ARCH_MULTI_V7 ARCH_VIRT AEABI VFP VFPv3 NEON ARM_LPAE ARM_ARCH_TIMER OF OF_RESERVED_MEM
	MISC_FILESYSTEMS PRINTK PRINTK_TIME TTY SERIAL_AMBA_PL011 SERIAL_AMBA_PL011_CONSOLE
	BLK_DEV_INITRD RD_GZIP BINFMT_ELF BINFMT_SCRIPT PROC_FS PROC_SYSCTL SYSFS DEVTMPFS
	MAGIC_SYSRQ FUTEX EPOLL SHMEM TMPFS MULTIUSER PSTORE PSTORE_RAM PSTORE_CONSOLE PSTORE_PMSG
	PSTORE_COMPRESS PSTORE_DEFLATE_COMPRESS PSTORE_DEFLATE_COMPRESS_DEFAULT CRYPTO
	CRYPTO_DEFLATE REED_SOLOMON KALLSYMS BUG
)

# Scenario 11's real hung-task panic (lkdtm HUNG_TASK, kernel.hung_task_panic=1): the
# detector (khungtaskd) is under DEBUG_KERNEL, already set above.
MINIMAL_OPTIONS+=(DETECT_HUNG_TASK)

# The minimal arm64 kernel (qemu-system-aarch64 -M virt -cpu cortex-a57, scenario 14):
# Debian's arm64 kernels have PSTORE but no LKDTM, so a real arm64 oops needs this one.
# tinyconfig for ARCH=arm64 already selects the GIC, the arch timer, the AMBA bus and the
# early flattened DT (so reserved-memory and the ramoops node are read); add the PL011
# console, a busybox initramfs, every pstore frontend and the crash provokers.
MINIMAL_ARM64_OPTIONS=(
	MISC_FILESYSTEMS PRINTK PRINTK_TIME TTY SERIAL_AMBA_PL011 SERIAL_AMBA_PL011_CONSOLE
	BLK_DEV_INITRD RD_GZIP BINFMT_ELF BINFMT_SCRIPT PROC_FS PROC_SYSCTL SYSFS DEVTMPFS
	MAGIC_SYSRQ FUTEX EPOLL SHMEM TMPFS MULTIUSER PSTORE PSTORE_RAM PSTORE_CONSOLE PSTORE_PMSG
	PSTORE_COMPRESS PSTORE_DEFLATE_COMPRESS PSTORE_DEFLATE_COMPRESS_DEFAULT CRYPTO
	CRYPTO_DEFLATE REED_SOLOMON KALLSYMS BUG OF_RESERVED_MEM
	DEBUG_KERNEL DEBUG_FS RUNTIME_TESTING_MENU LKDTM SOFTLOCKUP_DETECTOR
)

# Issue 15's systemd scenarios: the minimal x86_64 kernel plus what Debian 12's systemd
# (252) and a root file system on a virtio disk need. FHANDLE, CGROUPS, INOTIFY_USER,
# SIGNALFD, TIMERFD, EPOLL, UNIX, DEVTMPFS and PROC_FS are systemd's hard requirements; the
# namespaces and SECCOMP let the units' sandboxing (ProtectSystem=, PrivateNetwork=,
# SystemCallFilter=, RestrictAddressFamilies=) run as it does on a real machine; INET gives
# systemd-journal-upload/-remote their loopback. Debian's own kernels have no pmsg frontend
# (no boot/shutdown markers), hence this one. Built as its own variant (minimal-systemd/).
# Its base is the minimal kernel's list as scenarios 1-11 first had it, written out: the
# options later scenarios add (compressors, the hung-task detector) do not rebuild it.
MINIMAL_SYSTEMD_OPTIONS=(
	64BIT MISC_FILESYSTEMS PRINTK PRINTK_TIME TTY SERIAL_8250 SERIAL_8250_CONSOLE
	BLK_DEV_INITRD RD_GZIP BINFMT_ELF BINFMT_SCRIPT PROC_FS SYSFS DEVTMPFS MAGIC_SYSRQ
	FUTEX EPOLL SHMEM TMPFS MULTIUSER RTC_CLASS RTC_HCTOSYS RTC_DRV_CMOS PSTORE PSTORE_RAM
	PSTORE_CONSOLE PSTORE_PMSG PSTORE_COMPRESS PSTORE_DEFLATE_COMPRESS
	PSTORE_DEFLATE_COMPRESS_DEFAULT CRYPTO CRYPTO_DEFLATE REED_SOLOMON KALLSYMS BUG
	DEBUG_KERNEL DEBUG_FS RUNTIME_TESTING_MENU LKDTM SOFTLOCKUP_DETECTOR
	CGROUPS CGROUP_PIDS MEMCG INOTIFY_USER SIGNALFD TIMERFD EVENTFD FHANDLE AIO
	ADVISE_SYSCALLS MEMBARRIER KCMP RSEQ POSIX_TIMERS FILE_LOCKING SYSVIPC POSIX_MQUEUE
	PROC_SYSCTL UNIX98_PTYS NET UNIX INET NAMESPACES UTS_NS IPC_NS PID_NS NET_NS DEVTMPFS_MOUNT
	TMPFS_POSIX_ACL TMPFS_XATTR AUTOFS_FS SECCOMP SECCOMP_FILTER BLOCK PCI VIRTIO_MENU VIRTIO_PCI
	VIRTIO_BLK EXT4_FS EXT4_FS_POSIX_ACL
)

# The Debian 12 root file system the systemd scenarios boot (mmdebstrap --variant=minbase;
# fetch.sh caches it under rootfs/<hash of this list + its recipe>). pstorectl itself is
# installed into a copy per run (make install DESTDIR=), never into the cache.
ROOTFS_SUITE=${PSTORECTL_E2E_ROOTFS_SUITE:-bookworm}
ROOTFS_PACKAGES=(
	systemd systemd-sysv systemd-journal-remote libsystemd0 udev kmod
	libfdt1 libkmod2 libsmartcols1 zlib1g libncursesw6 libfec0 libkdumpfile10 liblz4-1
	liblzo2-2 libzstd1
)
