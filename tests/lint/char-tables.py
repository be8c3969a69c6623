#!/usr/bin/env python3
# SPDX-License-Identifier: LGPL-2.1-or-later
"""The library's name tables hold char arrays, not pointers (lib/strtab.h): C accepts a
string exactly as long as its array and drops the NUL without a word, and the reader then
runs into the next name. For every table of char arrays in the given sources
(`char NAME[][N] = {...}` or `[COUNT][N]`, and a struct table whose one char array member is `char F[N]`),
each string literal of its initializer must leave room for the NUL. Prints one TAP line a
table ("ok N - FILE: TABLE" or "not ok ...") and exits 1 when one is too long."""
import ast
import re
import sys

STR = re.compile(r'"(?:[^"\\\n]|\\.)*"')


def initializer(text, start):
    """The text from the '{' at start to its matching '}'."""
    depth = 0
    i = start
    while i < len(text):
        c = text[i]
        if c == '"':
            m = STR.match(text, i)
            i = m.end() if m else i + 1
            continue
        if c == "'":
            m = re.compile(r"'(?:[^'\\\n]|\\.)*'").match(text, i)
            i = m.end() if m else i + 1
            continue
        if c == '{':
            depth += 1
        elif c == '}':
            depth -= 1
            if depth == 0:
                return text[start:i + 1]
        i += 1
    return text[start:]


def literals(init):
    """The strings of an initializer, adjacent literals joined, as bytes."""
    out, last_end, cur = [], None, None
    for m in STR.finditer(init):
        b = ast.literal_eval("b" + m.group(0)) if m.group(0).isascii() else \
            m.group(0)[1:-1].encode()
        if cur is not None and init[last_end:m.start()].strip() == "":
            cur += b
        else:
            if cur is not None:
                out.append(cur)
            cur = b
        last_end = m.end()
    if cur is not None:
        out.append(cur)
    return out


def tables(text):
    """(name, width, initializer) of each table of char arrays in text."""
    for m in re.finditer(r'char\s+(\w+)\s*\[[^\]]*\]\s*\[\s*(\d+)\s*\]\s*=\s*\{', text):
        yield m.group(1), int(m.group(2)), initializer(text, m.end() - 1)
    for m in re.finditer(r'struct\s*(?:\w+\s*)?\{([^{}]*)\}\s*(\w+)\s*\[[^\]]*\]\s*=\s*\{',
                         text):
        arrays = re.findall(r'\bchar\s+\w+\s*\[\s*(\d+)\s*\]\s*;', m.group(1))
        if len(arrays) == 1:
            yield m.group(2), int(arrays[0]), initializer(text, m.end() - 1)


def main(paths):
    n = bad = 0
    for path in paths:
        text = open(path, encoding="utf-8").read()
        text = re.sub(r'/\*.*?\*/', lambda c: " " * len(c.group(0)), text, flags=re.S)
        for name, width, init in tables(text):
            n += 1
            long = [s for s in literals(init) if len(s) + 1 > width]
            if long:
                bad += 1
                print("not ok %d - %s: %s[%d]: no room for the NUL of %s" %
                      (n, path, name, width, ", ".join(repr(s.decode()) for s in long)))
            else:
                print("ok %d - %s: %s: every name fits its %d bytes with its NUL" %
                      (n, path, name, width))
    print("1..%d" % n)
    return 1 if bad or n == 0 else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
