#!/usr/bin/env python3
"""Fails when an include in src/ points up the layers.

    app → cli → export → charts / metrics → workspace → migrations / activity → db → core

Each folder may include headers of its own folder and of the folders below
it (LAYERS); charts may not reach libpq, directly or through a header.
Usage: check-layers.py SRC_DIR [BINARY...]
Each BINARY (a test that needs no window) must not link GTK or libadwaita.
"""
import os
import re
import subprocess
import sys

LAYERS = {
    "core": [],
    "db": ["core"],
    "activity": ["core", "db"],
    "migrations": ["core", "db"],
    "workspace": ["core", "db", "migrations"],
    "metrics": ["core", "db", "activity"],
    "charts": ["core", "metrics"],
    "export": ["core", "metrics", "charts"],
    "cli": ["core", "db", "activity", "migrations", "workspace", "metrics", "charts", "export"],
    "app": ["core", "db", "activity", "migrations", "workspace", "metrics", "charts", "export", "cli"],
}
# System headers a layer must not reach, even through another header.
FORBIDDEN = {
    "charts": ["libpq-fe.h", "gtk/gtk.h", "adwaita.h"],
    "export": ["gtk/gtk.h", "adwaita.h"],
}
for layer in ("core", "db", "activity", "migrations", "workspace", "metrics", "cli"):
    FORBIDDEN[layer] = ["gtk/gtk.h", "adwaita.h"]

INCLUDE = re.compile(r'^\s*#\s*include\s*([<"])([^>"]+)[>"]', re.M)


def scan(src):
    headers = {}   # header name -> folder
    includes = {}  # path -> [(kind, name)]
    for folder in os.listdir(src):
        path = os.path.join(src, folder)
        if not os.path.isdir(path):
            continue
        for name in os.listdir(path):
            if name.endswith((".c", ".h")):
                full = os.path.join(path, name)
                if name.endswith(".h"):
                    headers[name] = folder
                with open(full, encoding="utf-8") as f:
                    includes[full] = INCLUDE.findall(f.read())
    return headers, includes


def reach(name, headers, includes, src, seen):
    """System headers reachable from project header @name."""
    if name in seen or name not in headers:
        return set()
    seen.add(name)
    found = set()
    for kind, inc in includes[os.path.join(src, headers[name], name)]:
        if kind == "<":
            found.add(inc)
        else:
            found |= reach(inc, headers, includes, src, seen)
    return found


def linked_ui(binary):
    """The GTK libraries @binary needs (its ELF DT_NEEDED entries)."""
    out = subprocess.run(["readelf", "-d", binary], capture_output=True, text=True, check=True).stdout
    return [lib for lib in re.findall(r"Shared library: \[([^\]]+)\]", out)
            if lib.startswith(("libgtk-4", "libadwaita-1"))]


def main(src, binaries):
    headers, includes = scan(src)
    problems = []
    for binary in binaries:
        for lib in linked_ui(binary):
            problems.append(f"{binary}: links {lib}, but needs no window")
    for path, incs in sorted(includes.items()):
        folder = os.path.basename(os.path.dirname(path))
        if folder not in LAYERS:
            problems.append(f"{path}: folder '{folder}' has no place in the layers (tests/check-layers.py)")
            continue
        allowed = set(LAYERS[folder]) | {folder}
        system = set()
        for kind, inc in incs:
            if kind == "<":
                system.add(inc)
                continue
            target = headers.get(inc)
            if target is None:
                continue  # config.h, generated headers
            if target not in allowed:
                problems.append(f"{path}: includes {inc} from {target}, which is above {folder}")
            system |= reach(inc, headers, includes, src, set())
        for bad in FORBIDDEN.get(folder, []):
            if bad in system:
                problems.append(f"{path}: reaches <{bad}>, which {folder} must not depend on")
    for p in problems:
        print("FAIL:", p)
    print(f"{len(includes)} files checked, {len(problems)} problems")
    return 1 if problems else 0


if __name__ == "__main__":
    if len(sys.argv) < 2:
        print(__doc__)
        sys.exit(2)
    sys.exit(main(sys.argv[1], sys.argv[2:]))
