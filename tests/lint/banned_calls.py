#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""banned_calls.py - no strcpy, strcat, sprintf, vsprintf or gets in the project's C code.

Each of them writes as far as its source goes, not as far as its buffer does: one long input
and a buffer is overrun. The project writes snprintf, memcpy with a length it has checked, or
text_append() (src/util/text.h) instead. Comments and string literals are left out of the
search, so that a comment may name the functions it avoids.

Usage: banned_calls.py ROOT [DIR ...]: searches ROOT's src, include, fuzz and tests/unit (or
the DIRs given, under ROOT); prints each call as FILE:LINE: CALL and exits 1 when it finds
any, 0 otherwise.
"""
import os
import re
import sys

BANNED = re.compile(r"\b(strcpy|strcat|sprintf|vsprintf|gets)\s*\(")
# Comments and literals, in the order the C lexer meets them: a '//' inside a string is no
# comment, a quote inside a comment no string.
TOKENS = re.compile(r'//[^\n]*|/\*.*?\*/|"(?:\\.|[^"\\\n])*"|\'(?:\\.|[^\'\\\n])*\'', re.S)


def blank(match):
    """The token as spaces, its line breaks kept, so that line numbers stay right."""
    return re.sub(r"[^\n]", " ", match.group(0))


def calls(path):
    with open(path, encoding="utf-8", errors="replace") as f:
        code = TOKENS.sub(blank, f.read())
    for number, line in enumerate(code.split("\n"), 1):
        for m in BANNED.finditer(line):
            yield number, m.group(1)


def main():
    if len(sys.argv) < 2:
        print("usage: banned_calls.py ROOT [DIR ...]", file=sys.stderr)
        return 2
    root = sys.argv[1]
    dirs = sys.argv[2:] or ["src", "include", "fuzz", "tests/unit"]
    found = 0
    for d in dirs:
        for base, _, names in sorted(os.walk(os.path.join(root, d))):
            for name in sorted(names):
                if not name.endswith((".c", ".h")):
                    continue
                path = os.path.join(base, name)
                for number, call in calls(path):
                    print(f"{os.path.relpath(path, root)}:{number}: {call}() writes past its "
                          f"buffer on a long input: use snprintf, memcpy or text_append()")
                    found += 1
    print(f"{found} banned calls")
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main())
