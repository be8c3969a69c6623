#!/usr/bin/env bash
# SPDX-License-Identifier: LGPL-2.1-or-later
# What the compiler lets pass in the library's sources: a name exactly as long as its
# char array in a name table (lib/strtab.h) loses its NUL without a warning (GCC 12).
# tests/lint/char-tables.py reads every table; one TAP line each.
exec python3 "$TOP/tests/lint/char-tables.py" "$TOP"/lib/*.c "$TOP"/lib/*.h
