#!/usr/bin/env python3
# SPDX-License-Identifier: LGPL-2.1-or-later
# pty-pmsg.py NODE CAPTURE CMD...: run CMD with the slave of a raw pseudo-terminal bind-mounted
# on NODE (a character device standing in for /dev/pmsg0) in a mount namespace of its own
# (unshare -rm: no root needed, nothing changes outside); what CMD wrote there is appended
# to CAPTURE. Exits with CMD's status.
import os, pty, select, subprocess, sys, tty
node, capture, cmd = sys.argv[1], sys.argv[2], sys.argv[3:]
master, slave = pty.openpty()
tty.setraw(slave)
open(node, "w").close()
try:
    rc = subprocess.call(["unshare", "-rm", "sh", "-c",
                          'mount --bind "$1" "$2" && shift 2 && exec "$@"',
                          "sh", os.ttyname(slave), node] + cmd)
finally:
    os.unlink(node)
data = b""
while select.select([master], [], [], 0.2)[0]:
    data += os.read(master, 65536)
open(capture, "ab").write(data)
sys.exit(rc)
