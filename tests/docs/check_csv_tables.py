#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""docs/report.md's table of CSV files describes what `run --csv` writes.

A user loads the tables into R or pandas from the documentation's list: a table written but not
listed, or a column missing from its row, is a table they cannot find or a column they cannot
read. This check runs a scenario with `--csv`, then, for every file written, finds the row of
docs/report.md's CSV table that names it and checks that the row names each of the file's
columns, in the order of its header, as whole words. Every row's files must be written, too.

Usage: check_csv_tables.py DAYAFTER REPORT_MD SCENARIO
Prints what does not match; exit status 1 if anything does not.
"""
import os
import re
import subprocess
import sys
import tempfile


def doc_rows(path):
    """The CSV table's rows: {file name: the row's text}, a row naming several files under each."""
    rows = {}
    with open(path, encoding="utf-8") as f:
        for line in f:
            cells = line.split("|")
            if len(cells) < 4 or ".csv`" not in cells[1]:
                continue
            for name in re.findall(r"`([a-z_]+\.csv)`", cells[1]):
                rows[name] = "|".join(cells[2:])
    return rows


def named_in_order(row, columns):
    """The first column of 'columns' that 'row' does not name after the ones before it, or None."""
    at = 0
    for column in columns:
        found = re.compile(r"(?<![A-Za-z0-9_])" + re.escape(column) + r"(?![A-Za-z0-9_])").search(
            row, at)
        if not found:
            return column
        at = found.end()
    return None


def main():
    exe, report_md, scenario = sys.argv[1:4]
    rows = doc_rows(report_md)
    problems = []
    with tempfile.TemporaryDirectory() as out:
        subprocess.run([exe, "run", scenario, "-q", "-n", "20", "--csv", out],
                       check=True, stdout=subprocess.DEVNULL)
        written = sorted(os.listdir(out))
        for name in written:
            with open(os.path.join(out, name), encoding="utf-8") as f:
                columns = f.readline().rstrip("\n").split(",")
            if name not in rows:
                problems.append(f"{name} is written but docs/report.md's CSV table has no row "
                                f"for it (columns: {', '.join(columns)})")
                continue
            missing = named_in_order(rows[name], columns)
            if missing:
                problems.append(f"{name}: docs/report.md's row does not name column '{missing}' "
                                f"where the header has it ({', '.join(columns)})")
        for name in sorted(set(rows) - set(written)):
            problems.append(f"docs/report.md lists {name}, which run --csv does not write")
    for p in problems:
        print(p)
    if not written:
        print("run --csv wrote nothing")
        return 1
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
