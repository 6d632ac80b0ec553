#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""The repository stands alone: no test, document, script or build file reads or names a path
outside it.

A clone has nothing beside it, so anything that reaches out of the repository fails there (or
points a reader at a file they do not have). This check reads the tracked and new files of
tests/, docs/, scripts/, fuzz/, bench/, src/, include/, web/ (not web/node_modules),
scenarios/, .ci/, README.md, meson.build and meson_options.txt, and reports:

- the names of the design material that stays outside the repository: its directory beside the
  repository (DESIGN_DIR below, one level up or as a path's first part), /work/..., MODEL.md,
  DESIGN.md, STYLE.md, gaza-sources.md, the format example's file names and DAYAFTER_SHARED;
- every relative path with '..' that, resolved, leaves the repository: from the file's own
  directory, or from the repository's root where the path starts at it ($root, ${root},
  $DAYAFTER_SOURCE_ROOT, ROOT, meson.project_source_root()). Paths from the script's own place
  ("$(dirname "$0")", __file__, import.meta.url, meson.current_source_dir()) start at the file's
  directory. Paths that start at any other variable ($tmp/.., $out/..) cannot be resolved here
  and are left alone.

Before it reads the repository it checks itself on a small tree with planted violations, so
that a check that finds nothing has shown that it can find something.
Usage: check_self_contained.py [ROOT]   (ROOT: the repository, by default two levels up)
Prints FILE:LINE: what; exit status 1 if anything is found.
"""
import os
import re
import subprocess
import sys
import tempfile

SCANNED = ["tests", "docs", "scripts", "fuzz", "bench", "src", "include", "web", "scenarios",
           ".ci", "README.md", "meson.build", "meson_options.txt"]
SKIPPED_DIRS = {"node_modules", "__pycache__", ".git"}
SELF = os.path.join("tests", "docs", "check_self_contained.py")  # it names the patterns

# The design material's directory beside the repository; named once, here, so that the
# patterns and the self-test's planted lines below are made from it.
DESIGN_DIR = "shared"
UP_TO_DESIGN = "../" + DESIGN_DIR

# Names that only exist outside the repository.
OUTSIDE_NAMES = [
    (re.compile(r"(?<![\w.-])%s/|(?<![\w.-])%s\b" % (DESIGN_DIR, re.escape(UP_TO_DESIGN))),
     "the design material's directory beside the repository"),
    (re.compile(r"(?<![\w.-])/work/"), "an absolute path of a development machine"),
    (re.compile(r"\b(?:MODEL|DESIGN|STYLE)\.md\b"), "a document that is not in the repository"),
    (re.compile(r"\bgaza-sources\.md\b"), "a document that is not in the repository (docs/sources.md is)"),
    (re.compile(r"\bformat-example\.(?:yaml|deterministic\.json)\b"),
     "a file that is not in the repository (tests/data/example.* is)"),
    (re.compile(r"\bDAYAFTER_SHARED\b"), "a variable that pointed outside the repository"),
]

# Expressions that stand for the repository's root or for the file's own directory; each is
# turned into a quoted marker so that the path after it resolves from there.
ROOT_ANCHORS = [r"meson\.project_source_root\(\)", r"meson\.source_root\(\)",
                r"\$\{?DAYAFTER_SOURCE_ROOT\}?", r"\$\{?root\}?", r"(?<![@\w])ROOT(?![@\w])"]
HERE_ANCHORS = [r"\$\(dirname \"?\$0\"?\)", r"\$\(dirname \"?\$\{?BASH_SOURCE(?:\[0\])?\}?\"?\)",
                r"meson\.current_source_dir\(\)", r"\$\{?here\}?",
                r"os\.path\.dirname\(os\.path\.(?:abs|real)path\(__file__\)\)",
                r"os\.path\.dirname\(__file__\)",
                r"dirname\(fileURLToPath\(import\.meta\.url\)\)"]
# A list of quoted path segments joined by ',' (os.path.join, path.join) or '/' (meson).
QUOTED_JOIN = re.compile(r"""(?:(['"])[^'"\s,]*\1\s*[,/]\s*)+(['"])[^'"\s,]*\2""")
# A path-like run of characters that may hold '..' segments.
PATH_TOKEN = re.compile(r"[@\w.$/{}-]*\.\.[@\w.$/{}-]*")


def anchored(line):
    """The line with its anchors as the markers '@ROOT@' and '@HERE@', quoted, and quoted
    segment lists joined into one slash-separated path."""
    for pattern in ROOT_ANCHORS:
        line = re.sub(pattern, "'@ROOT@'", line)
    for pattern in HERE_ANCHORS:
        line = re.sub(pattern, "'@HERE@'", line)

    def join(m):
        parts = re.findall(r"""['"]([^'"]*)['"]""", m.group(0))
        return "/".join(parts)
    return QUOTED_JOIN.sub(join, line).replace("'@ROOT@'", "@ROOT@").replace("'@HERE@'", "@HERE@")


def leaves(token, file_dir):
    """True when the path 'token', resolved as described above, goes above the root. 'file_dir'
    is the file's directory relative to the root, as a list of names."""
    token = token.replace("...", "")  # an ellipsis in prose is not a path
    segments = token.split("/")
    if ".." not in segments:
        return False
    first = segments[0]
    if first == "@ROOT@":
        at, segments = [], segments[1:]
    elif first == "@HERE@" or first in ("", ".", "..") or "$" not in first and "@" not in first:
        at = list(file_dir)
        if first == "":  # an absolute path: names checked elsewhere
            return False
        if first in ("@HERE@", "."):
            segments = segments[1:]
    else:
        return False  # starts at a variable this check cannot resolve
    for s in segments:
        if s == "..":
            if not at:
                return True
            at.pop()
        elif s not in ("", "."):
            if "$" in s or "@" in s:
                return False
            at.append(s)
    return False


def check_text(rel, text):
    """The problems of one file: (line number, message)."""
    problems = []
    file_dir = [p for p in os.path.dirname(rel).split(os.sep) if p]
    for n, line in enumerate(text.splitlines(), 1):
        for pattern, why in OUTSIDE_NAMES:
            m = pattern.search(line)
            if m:
                problems.append((n, "%s: %s" % (why, m.group(0))))
        for token in PATH_TOKEN.findall(anchored(line)):
            if leaves(token, file_dir):
                problems.append((n, "a path that leaves the repository: %s" % token))
    return problems


def files(root):
    """The files to read, relative to 'root': git's tracked and new (not ignored) files where
    'root' is a git checkout, else every file under the scanned paths (a copy without .git)."""
    try:
        out = subprocess.run(["git", "-C", root, "ls-files", "-co", "--exclude-standard", "-z",
                              "--"] + SCANNED, capture_output=True, check=True).stdout
        listed = [f for f in out.decode().split("\0") if f]
        if listed:
            return [f for f in listed if not SKIPPED_DIRS.intersection(f.split("/"))
                    and os.path.isfile(os.path.join(root, f))]
    except (OSError, subprocess.CalledProcessError):
        pass
    found = []
    for top in SCANNED:
        path = os.path.join(root, top)
        if os.path.isfile(path):
            found.append(top)
        for dirpath, dirnames, filenames in os.walk(path):
            # Not node_modules and the like, nor a meson build directory placed inside.
            dirnames[:] = [d for d in dirnames if d not in SKIPPED_DIRS
                           and not os.path.isdir(os.path.join(dirpath, d, "meson-private"))]
            found += [os.path.relpath(os.path.join(dirpath, f), root) for f in filenames]
    return sorted(found)


def check_tree(root):
    """Every problem under 'root', as 'FILE:LINE: message' lines."""
    lines = []
    for rel in files(root):
        if rel == SELF:
            continue
        with open(os.path.join(root, rel), "rb") as f:
            text = f.read().decode("utf-8", errors="replace")
        lines += ["%s:%d: %s" % (rel, n, why) for n, why in check_text(rel, text)]
    return lines


def self_test():
    """The check finds each planted violation and nothing in the legitimate lines."""
    planted = {
        "scripts/a": 'ex=$root/%s/scenarios/x.yaml\n' % UP_TO_DESIGN,
        "tests/b.build": "d = meson.project_source_root() / '..' / 'elsewhere'\n",
        "tests/server/c.py": 'R = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "..")\n',
        "docs/d.md": "See `MODEL.md` section 3.\n",
        "docs/o.md": "Run `bench/serve_load.py build/dayafter %s 30`.\n" % UP_TO_DESIGN,
        "README.md": "Open ../sibling/notes.txt first.\n",
        "src/e.c": '#include "../../../outside.h"\n',
        "fuzz/f.sh": 'cd "$(dirname "$0")/../.." || exit\n',
        "web/g.js": "const x = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'y');\n",
    }
    legitimate = {
        "scripts/h": 'root=$(cd "$(dirname "$0")/.." && pwd)\ncd "$root/tests/data" && ls ..\n',
        "tests/i.build": "inc = include_directories('../include', '../src')\n"
                         "x = files('../bench/serve_load.py')\n"
                         "d = meson.current_source_dir() / 'data'\n",
        "tests/server/j.py": 'R = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..")\n',
        "src/k/l.c": '#include "../util/alloc.h"\nif (strcmp(n, "..") != 0) {}\n',
        "web/m.js": "const w = join(dirname(fileURLToPath(import.meta.url)), '..', 'web');\n"
                    "cls = s.owned ? 'owned' : 'shared'; // shared with you\n",
        "docs/n.md": "The series run 0, 7, 14, ... to the horizon; tmp=$tmp/../x is not ours.\n",
    }
    with tempfile.TemporaryDirectory() as tmp:
        for rel, text in list(planted.items()) + list(legitimate.items()):
            os.makedirs(os.path.join(tmp, os.path.dirname(rel)), exist_ok=True)
            with open(os.path.join(tmp, rel), "w") as f:
                f.write(text)
        found = {line.split(":")[0] for line in check_tree(tmp)}
    missed = sorted(set(planted) - found)
    wrong = sorted(found - set(planted))
    for rel in missed:
        print("self-test: the planted violation in %s was not found" % rel)
    for rel in wrong:
        print("self-test: %s was flagged but is legitimate" % rel)
    return not missed and not wrong


def main():
    root = os.path.abspath(sys.argv[1] if len(sys.argv) > 1 else
                           os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", ".."))
    if not self_test():
        sys.exit(1)
    problems = check_tree(root)
    for line in problems:
        print(line)
    if problems:
        print("%d references to paths outside the repository" % len(problems))
    else:
        print("no file reads or names a path outside the repository (%d files)" % len(files(root)))
    sys.exit(1 if problems else 0)


if __name__ == "__main__":
    main()
