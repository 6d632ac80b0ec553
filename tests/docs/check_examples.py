#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Every ```yaml example of docs/scenario.md validates.

A block with a line starting 'dayafter:' is a complete scenario and must validate alone. Any
other ```yaml block is a fragment of top-level sections: it replaces those sections in the
first complete scenario of the page (the minimal one, wherever it stands), and the result must
validate.
Usage: check_examples.py DAYAFTER docs/scenario.md
"""
import re
import subprocess
import sys


def blocks(text):
    """(line number, body) of each ```yaml block."""
    out = []
    lines = text.splitlines()
    i = 0
    while i < len(lines):
        if lines[i].strip() == "```yaml":
            start = i + 1
            j = start
            while j < len(lines) and lines[j].strip() != "```":
                j += 1
            out.append((start + 1, "\n".join(lines[start:j]) + "\n"))
            i = j
        i += 1
    return out


def sections(text):
    """The top-level sections of a YAML text, in order: [(key, text)]."""
    result = []
    for line in text.splitlines(keepends=True):
        m = re.match(r"([A-Za-z_][A-Za-z0-9_]*):", line)
        if m:
            result.append([m.group(1), line])
        elif result:
            result[-1][1] += line
        else:
            result.append([None, line])
    return result


def merge(base, fragment):
    replaced = dict((k, v) for k, v in sections(fragment) if k)
    out = []
    for key, body in sections(base):
        out.append(replaced.pop(key, body) if key else body)
    out.extend(replaced.values())
    return "".join(out)


def validate(exe, text):
    r = subprocess.run([exe, "validate", "-"], input=text.encode(), capture_output=True)
    return r.returncode, r.stderr.decode()


def main():
    exe, doc = sys.argv[1], sys.argv[2]
    found = blocks(open(doc, encoding="utf-8").read())
    complete = [body for _, body in found if re.search(r"^dayafter:", body, re.M)]
    if not complete:
        print("%s: no complete scenario to merge the fragments into" % doc)
        sys.exit(1)
    base = complete[0]
    failures = 0
    for line, body in found:
        if re.search(r"^dayafter:", body, re.M):
            text = body
        else:
            text = merge(base, body)
        rc, err = validate(exe, text)
        if rc != 0:
            failures += 1
            print("%s:%d: this example does not validate:" % (doc, line))
            print(err)
    print("%d yaml examples, %d failed" % (len(found), failures))
    if len(found) < 5:
        print("expected at least 5 yaml examples")
        failures += 1
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
