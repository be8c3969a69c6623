#!/usr/bin/env python3
# SPDX-License-Identifier: LGPL-2.1-or-later
# journal-sink.py SOCKET OUT COMMAND...: stands in for systemd-journald. Binds the
# datagram socket SOCKET (/run/systemd/journal/socket inside a private mount namespace),
# runs COMMAND, then writes the native-protocol entries it got to OUT: "KEY=VALUE" lines,
# a blank line after each entry. Exits with COMMAND's status.
import os
import socket
import struct
import subprocess
import sys


def parse(data):
    fields, i = [], 0
    while i < len(data):
        nl = data.find(b"\n", i)
        if nl < 0:
            break
        line = data[i:nl]
        if b"=" in line:
            fields.append(line)
            i = nl + 1
        else:
            # KEY\n<le64 size><value>\n: a value with newlines
            (size,) = struct.unpack("<Q", data[nl + 1:nl + 9])
            value = data[nl + 9:nl + 9 + size]
            fields.append(line + b"=" + value)
            i = nl + 9 + size + 1
    return fields


def main():
    path, out = sys.argv[1], sys.argv[2]
    sock = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
    sock.bind(path)
    rc = subprocess.call(sys.argv[3:])
    sock.setblocking(False)
    with open(out, "wb") as f:
        while True:
            try:
                data = sock.recv(1 << 20)
            except BlockingIOError:
                break
            for field in parse(data):
                f.write(field + b"\n")
            f.write(b"\n")
    os.unlink(path)
    sys.exit(rc)


main()
