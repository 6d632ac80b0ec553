#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Every number in a built-in scenario carries its source.

A line of YAML that holds a number (a value, or a distribution's parameters) must have a
'# source:' comment on the same line or in the block of comment lines directly above it.
Usage: check_sources.py FILE.yaml...   Prints each unsourced line; exit 1 if any.
"""
import re
import sys

NUMBER = re.compile(r"(?<![A-Za-z_])[-+]?(\d[\d_]*\.?\d*|\.\d+)([eE][-+]?\d+)?(?![A-Za-z_])")


def code_part(line):
    """The line without its comment (a '#' after a space or at the start, outside quotes)."""
    quote = None
    for i, c in enumerate(line):
        if quote:
            if c == quote:
                quote = None
        elif c in "\"'":
            quote = c
        elif c == "#" and (i == 0 or line[i - 1] in " \t"):
            return line[:i], line[i:]
    return line, ""


def check(path):
    bad = 0
    lines = open(path, encoding="utf-8").read().splitlines()
    in_block_scalar = None
    for i, line in enumerate(lines):
        code, comment = code_part(line)
        indent = len(line) - len(line.lstrip(" "))
        if in_block_scalar is not None:
            if line.strip() == "" or indent > in_block_scalar:
                continue
            in_block_scalar = None
        if re.search(r":\s*[|>][-+]?\s*$", code):
            in_block_scalar = indent
        if ":" not in code:
            continue
        key, _, value = code.partition(":")
        if key.strip().lstrip("- ") in ("name", "description", "id", "country"):
            continue
        if not NUMBER.search(value):
            continue
        if "# source:" in comment:
            continue
        j = i - 1
        found = False
        while j >= 0 and lines[j].lstrip().startswith("#"):
            if "# source:" in lines[j]:
                found = True
                break
            j -= 1
        if not found:
            print("%s:%d: a number without a '# source:' comment: %s" % (path, i + 1, line.strip()))
            bad += 1
    return bad


def main():
    bad = sum(check(p) for p in sys.argv[1:])
    if bad:
        print("%d unsourced numbers" % bad)
    sys.exit(1 if bad else 0)


if __name__ == "__main__":
    main()
