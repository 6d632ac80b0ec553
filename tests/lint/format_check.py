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
import tempfile


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
    paths = sorted(sources(root, dirs))
    texts = {}
    # One clang-format for every file, on copies: a process a file spent a minute of a CI's
    # processor loading clang-format's libraries (257 files, 67 s against 3).
    with tempfile.TemporaryDirectory() as tmp:
        copies = []
        for i, path in enumerate(paths):
            with open(path, encoding="utf-8") as f:
                texts[path] = f.read()
            # The copy keeps the file's name, by which clang-format picks the language and
            # the header it sorts first.
            os.mkdir(os.path.join(tmp, str(i)))
            copy = os.path.join(tmp, str(i), os.path.basename(path))
            with open(copy, "w", encoding="utf-8") as f:
                f.write(texts[path])
            copies.append(copy)
        if copies:
            subprocess.run([tool, style, "-i"] + copies, check=True)
        formatted = {}
        for path, copy in zip(paths, copies):
            with open(copy, encoding="utf-8") as f:
                formatted[path] = f.read()
    differ = 0
    for path in paths:
        text = texts[path]
        if formatted[path] != text:
            differ += 1
            diff = difflib.unified_diff(text.splitlines(), formatted[path].splitlines(),
                                        os.path.relpath(path, root), "clang-format", lineterm="")
            print("\n".join(list(diff)[:12]))
    if differ:
        print("%d files are not as clang-format writes them: clang-format -i FILE" % differ)
    return 1 if differ else 0


if __name__ == "__main__":
    sys.exit(main())
