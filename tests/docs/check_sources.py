#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Every number in a built-in scenario carries its source, and its source is in the bibliography.

A line of YAML that holds a number (a value, or a distribution's parameters) must have a
'# source:' comment on the same line or in the block of comment lines directly above it.

With --sources docs/sources.md, each note is also checked against that bibliography: a note that
cites a publication (one that is not an assumption, a default or a pointer to another note) must
name at least one entry of it by one of the entry's "Cited as:" names, and a "section N" it
refers to must be a section of it. A note can still name a second publication that is missing:
the check catches a note whose publications are all missing, not every one.
Usage: check_sources.py [--sources SOURCES.md] FILE.yaml...
Prints each unsourced line and each note the bibliography lacks; exit 1 if any.
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


# Notes that cite no publication: a judgement, the program's own default or format, the brief
# the scenario was written to, or arithmetic explained in the note it points to.
NO_PUBLICATION = re.compile(r"^(assumption|dayafter |brief|issue \d)|see above\)|\(see pa_force\)")
# A reference to a section of the bibliography ("sources section 8", "section 6c/8",
# "sections 4 and 9"); the model's sections are cited as docs/model.md's, never in a note.
SECTION_REF = re.compile(r"(?<!model\.md )\bsections? (\d+[a-z]?(?:(?:/| and )\d+[a-z]?)*)\b")


def bibliography(path):
    """The "Cited as:" names and the section numbers ("8", "6c") of docs/sources.md."""
    names, sections = set(), set()
    for line in open(path, encoding="utf-8"):
        m = re.match(r"\s*Cited as: (.*)", line)
        if m:
            names.update(n for n in re.findall(r"`([^`]+)`", m.group(1)))
        m = re.match(r"#{2,3} (\d+[a-z]?)\. ", line)
        if m:
            sections.add(m.group(1))
    if not names or not sections:
        sys.exit("%s: no 'Cited as:' names or no numbered sections" % path)
    return names, sections


def check_note(path, lineno, note, bib):
    """0 if the note's publication and sections are in the bibliography, else 1 (printed)."""
    names, sections = bib
    problems = []
    refs = SECTION_REF.findall(note)
    for ref in refs:
        for number in re.split(r"/| and ", ref):
            if number not in sections:
                problems.append("section %s is not in the bibliography" % number)
    # A note that points to a section of the bibliography cites the publications listed there.
    cites = refs or NO_PUBLICATION.search(note)
    # Whole words and exact case, so that "WHO" is not found in "whole" nor "MEE" in "meet".
    if not cites and not any(re.search(r"(?<![A-Za-z])%s(?![A-Za-z])" % re.escape(n), note)
                             for n in names):
        problems.append("no publication of the bibliography is named")
    for problem in problems:
        print("%s:%d: %s: # source: %s" % (path, lineno, problem, note))
    return 1 if problems else 0


def check(path, bib=None):
    bad = 0
    lines = open(path, encoding="utf-8").read().splitlines()
    if bib:
        for i, line in enumerate(lines):
            at = line.find("# source:")
            # The header's sentence about the notes quotes '# source:' and is not one.
            if at >= 0 and not line[at - 1:at] == '"':
                bad += check_note(path, i + 1, line[at + len("# source:"):].strip(), bib)
    in_block_scalar = None
    in_observed = False
    for i, line in enumerate(lines):
        code, comment = code_part(line)
        indent = len(line) - len(line.lstrip(" "))
        # The record (top-level 'observed'): each item's day and text are its 'source:' key's,
        # the publication it names; its value still carries a note of its own.
        if indent == 0 and code.strip():
            in_observed = code.startswith("observed:")
        if in_observed and code.strip().lstrip("- ").split(":")[0] in ("day", "source"):
            continue
        if in_block_scalar is not None:
            if line.strip() == "" or indent > in_block_scalar:
                continue
            in_block_scalar = None
        if re.search(r":\s*[|>][-+]?\s*$", code):
            in_block_scalar = indent
        if ":" not in code:
            continue
        key, _, value = code.partition(":")
        # Words, not numbers: names, ids, and an effect's path (a parameter's name, which may hold
        # digits: spoiler_incidents_per_100k_day).
        if key.strip().lstrip("- ") in ("name", "description", "id", "country", "path"):
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
    args = sys.argv[1:]
    bib = None
    if args[:1] == ["--sources"]:
        bib = bibliography(args[1])
        args = args[2:]
    bad = sum(check(p, bib) for p in args)
    if bad:
        print("%d unsourced numbers or notes the bibliography lacks" % bad)
    sys.exit(1 if bad else 0)


if __name__ == "__main__":
    main()
