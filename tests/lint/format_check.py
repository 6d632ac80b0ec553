#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""format_check.py - the project's C code is as clang-format writes it by .clang-format.

One layout, checked by a program, so that a review reads what changed and not how it was
indented. The fix is `clang-format -i FILE`; where a table reads better aligned by hand, the
file says so with `// clang-format off` and `// clang-format on` around it.

Usage: format_check.py CLANG_FORMAT ROOT [DIR ...]: checks the .c and .h files of ROOT's src,
include, fuzz and tests/unit (or the DIRs and files given, under ROOT) against ROOT/.clang-format;
prints each file that differs with its first differing lines and exits 1 when any does, 0
otherwise.
"""
import difflib
import os
import subprocess
import sys


def sources(root, dirs):
    for d in dirs:
        if os.path.isfile(os.path.join(root, d)):
            yield os.path.join(root, d)
        for base, _, files in os.walk(os.path.join(root, d)):
            for name in sorted(files):
                if name.endswith((".c", ".h")):
                    yield os.path.join(base, name)


def main():
    if len(sys.argv) < 3:
        print("usage: format_check.py CLANG_FORMAT ROOT [DIR ...]", file=sys.stderr)
        return 2
    tool, root = sys.argv[1], sys.argv[2]
    dirs = sys.argv[3:] or ["src", "include", "fuzz", os.path.join("tests", "unit")]
    style = "--style=file:" + os.path.join(root, ".clang-format")
    differ = 0
    for path in sorted(sources(root, dirs)):
        with open(path, encoding="utf-8") as f:
            text = f.read()
        formatted = subprocess.run([tool, style, "--assume-filename=" + path], input=text,
                                   capture_output=True, text=True, check=True).stdout
        if formatted != text:
            differ += 1
            diff = difflib.unified_diff(text.splitlines(), formatted.splitlines(),
                                        os.path.relpath(path, root), "clang-format", lineterm="")
            print("\n".join(list(diff)[:12]))
    if differ:
        print("%d files are not as clang-format writes them: clang-format -i FILE" % differ)
    return 1 if differ else 0


if __name__ == "__main__":
    sys.exit(main())
