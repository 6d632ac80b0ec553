#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Lists the golden cases under a folder: the NAME of every NAME.yaml that has a NAME.err."""
import os
import sys

folder = sys.argv[1]
names = sorted(f[:-5] for f in os.listdir(folder)
               if f.endswith(".yaml") and os.path.exists(os.path.join(folder, f[:-5] + ".err")))
print("\n".join(names))
