#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Rewrites po/POTFILES.in: the data files, the metric catalog's text
(data/metrics/catalog-strings.c, written by catalog-strings.py) and every C
and .ui file under src/ and ui/ with a gettext call or translatable="yes". Run it after adding
a file with user-visible strings; the 'translatable' test says when."""
import os
import re
import sys

root = os.path.realpath(os.path.join(os.path.dirname(__file__), ".."))
marked = re.compile(r'\b(?:_|N_|C_|NC_|Q_|g_dgettext|g_dpgettext2|g_dngettext|ngettext|gettext)\s*\(|translatable="yes"')
files = []
for fn in sorted(os.listdir(os.path.join(root, "data"))):
    if re.search(r"\.(desktop|metainfo\.xml|gschema\.xml)\.in$", fn):
        files.append("data/" + fn)
files.append("data/metrics/catalog-strings.c")
for top in ("src", "ui"):
    for dirpath, dirnames, filenames in os.walk(os.path.join(root, top)):
        for fn in filenames:
            if fn.endswith((".c", ".ui")):
                path = os.path.join(dirpath, fn)
                if marked.search(open(path, encoding="utf-8").read()):
                    files.append(os.path.relpath(path, root))
header = [l for l in open(os.path.join(root, "po", "POTFILES.in")) if l.startswith("#")]
with open(os.path.join(root, "po", "POTFILES.in"), "w") as out:
    out.writelines(header)
    out.write("\n".join(sorted(set(files))) + "\n")
print(f"po/POTFILES.in: {len(set(files))} files", file=sys.stderr)
