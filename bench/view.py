#!/usr/bin/env python3
# SPDX-License-Identifier: LGPL-2.1-or-later
# pstorectl view on a large record, in a pseudo-terminal of 80x24: the time to the first
# full screen, the peak RSS, and the time of a search through the whole record.
# Usage: view.py PSTORECTL DIR PATTERN RUNS. Prints "first_ms rss_kib search_ms" (medians).
# The search runs once the background line index is done, as when a person has read the
# first screen; a pattern absent from the record makes it read everything.
import fcntl, os, pty, select, signal, struct, sys, termios, time

pstorectl, d, pattern, runs = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])


def read_until(fd, needle, buf, timeout=60):
    end = time.monotonic() + timeout
    while needle not in buf:
        left = end - time.monotonic()
        if left <= 0:
            raise SystemExit("bench: view: timed out waiting for %r" % needle)
        r, _, _ = select.select([fd], [], [], left)
        if r:
            try:
                buf += os.read(fd, 65536)
            except OSError:
                break
    return buf


def one():
    t0 = time.monotonic()
    pid, fd = pty.fork()
    if pid == 0:
        os.environ.update(TERM="xterm-256color", LC_ALL="C.UTF-8")
        os.execv(pstorectl, [pstorectl, "view", "--dir", d])
    fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 80, 0, 0))
    # the status line is drawn last: the first screen is complete
    buf = read_until(fd, b"F1:help q:quit", b"")
    first = time.monotonic() - t0
    time.sleep(0.5)  # let the background index finish, as while a person reads
    os.write(fd, b"/" + pattern.encode())
    time.sleep(0.3)  # the prompt echoes the pattern
    os.read(fd, 65536)
    t1 = time.monotonic()
    os.write(fd, b"\r")
    # done when the status line comes back (a hit) or says there is none
    buf = b""
    while b"F1:help" not in buf and b"not found" not in buf:
        buf = buf[-64:] + os.read(fd, 65536)
    search = time.monotonic() - t1
    with open("/proc/%d/status" % pid) as f:
        rss = next(int(l.split()[1]) for l in f if l.startswith("VmHWM:"))
    os.write(fd, b"q")
    os.waitpid(pid, 0)
    os.close(fd)
    return first, rss, search


res = [one() for _ in range(runs)]
med = lambda xs: sorted(xs)[len(xs) // 2]
print("%.2f %d %.2f" % (med([r[0] for r in res]) * 1000, med([r[1] for r in res]),
                        med([r[2] for r in res]) * 1000))
