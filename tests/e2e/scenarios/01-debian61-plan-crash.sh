# SPDX-License-Identifier: LGPL-2.1-or-later
# Scenario 1: Debian 6.1 cloud x86_64, no device tree. `pstorectl plan --format cmdline` on
# the guest's real /proc/iomem, boot with that line, crash, reset, and compare `ls -J` and
# `cat` with /sys/fs/pstore.
# shellcheck shell=bash
plan_crash "$K61_AMD64_ROOT" "$K61_AMD64_KVER"
