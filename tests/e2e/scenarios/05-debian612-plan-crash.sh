# SPDX-License-Identifier: LGPL-2.1-or-later
# Scenario 5: as scenario 1 on Debian's 6.12 cloud kernel, whose modules are compressed
# (ramoops.ko.xz, reed_solomon.ko.xz) and whose pstore has only deflate (no per-algorithm
# Kconfig symbols).
# shellcheck shell=bash
plan_crash "$K612_AMD64_ROOT" "$K612_AMD64_KVER"
