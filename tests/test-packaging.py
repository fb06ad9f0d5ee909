#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Packaging checks, run as meson tests (suite 'packaging').

  test-packaging.py translatable SRCROOT     user-visible strings and GError messages are translatable,
                                             POTFILES.in complete
  test-packaging.py manifest SRCROOT         Flatpak manifests: runtime, modules, finish args, cleanup
  test-packaging.py show-manifest SRCROOT    flatpak-builder parses the manifests (77: not installed)
  test-packaging.py metainfo FILE VERSION    the newest <release> is the project version
  test-packaging.py install BUILDDIR         meson install --destdir, then run the installed pulse
  test-packaging.py dbus-activate BUILDDIR   the session bus starts Pulse and it opens a window (77: no display)
  test-packaging.py po SRCROOT               every po/*.po compiles with msgfmt --check
  test-packaging.py icons SRCROOT            every symbolic icon Pulse names exists (77: no icon theme)

Each prints what it checked and exits 1 with one line per problem.
"""
import gettext
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET

SKIP = 77
problems = []


def problem(msg):
    problems.append(msg)
    print("FAIL: " + msg)


def finish(what):
    if problems:
        print(f"{len(problems)} problem(s) in {what}")
        return 1
    print(f"ok: {what}")
    return 0


# ---------------------------------------------------------------------------
# translatable

# Properties whose value a person reads. Anything else (names, icons, CSS
# classes) is not user-visible.
UI_PROPERTIES = {
    "label", "title", "subtitle", "description", "tooltip-text", "tooltip-markup",
    "placeholder-text", "text", "heading", "body", "secondary-text", "accept-label",
    "cancel-label", "button-label", "title-visible-text", "accessible-name",
}

# Function -> indexes (0-based) of its arguments that a person reads.
C_SETTERS = {
    "gtk_label_new": [0], "gtk_label_new_with_mnemonic": [0],
    "gtk_label_set_label": [1], "gtk_label_set_text": [1], "gtk_label_set_markup": [1],
    "gtk_label_set_text_with_mnemonic": [1], "gtk_label_set_markup_with_mnemonic": [1],
    "gtk_button_new_with_label": [0], "gtk_button_new_with_mnemonic": [0],
    "gtk_button_set_label": [1], "gtk_check_button_new_with_label": [0],
    "gtk_check_button_new_with_mnemonic": [0], "gtk_check_button_set_label": [1],
    "gtk_toggle_button_new_with_label": [0], "gtk_menu_button_set_label": [1],
    "gtk_window_set_title": [1], "gtk_widget_set_tooltip_text": [1],
    "gtk_widget_set_tooltip_markup": [1], "gtk_entry_set_placeholder_text": [1],
    "gtk_text_set_placeholder_text": [1], "gtk_search_entry_set_placeholder_text": [1],
    "gtk_frame_new": [0], "gtk_frame_set_label": [1],
    "gtk_file_chooser_native_new": [0, 3, 4], "gtk_file_dialog_set_title": [1],
    "gtk_file_dialog_set_accept_label": [1], "gtk_file_filter_set_name": [1],
    "gtk_string_list_append": [1], "gtk_alert_dialog_new": [0],
    "gtk_alert_dialog_set_message": [1], "gtk_alert_dialog_set_detail": [1],
    "gtk_stack_add_titled": [3], "gtk_stack_page_set_title": [1],
    "g_menu_append": [1], "g_menu_prepend": [1], "g_menu_insert": [2],
    "g_menu_item_new": [0], "g_menu_item_set_label": [1],
    "g_menu_append_section": [1], "g_menu_append_submenu": [1],
    "g_notification_new": [0], "g_notification_set_body": [1],
    "adw_window_title_new": [0, 1], "adw_window_title_set_title": [1],
    "adw_window_title_set_subtitle": [1], "adw_status_page_set_title": [1],
    "adw_status_page_set_description": [1], "adw_preferences_row_set_title": [1],
    "adw_action_row_set_subtitle": [1], "adw_expander_row_set_subtitle": [1],
    "adw_preferences_group_set_title": [1], "adw_preferences_group_set_description": [1],
    "adw_preferences_page_set_title": [1], "adw_view_stack_add_titled": [3],
    "adw_view_stack_add_titled_with_icon": [3], "adw_view_stack_page_set_title": [1],
    "adw_toast_new": [0], "adw_toast_set_title": [1], "adw_toast_set_button_label": [1],
    "adw_message_dialog_new": [1, 2], "adw_message_dialog_set_heading": [1],
    "adw_message_dialog_set_body": [1], "adw_message_dialog_add_response": [2],
    "adw_message_dialog_format_heading": [1], "adw_message_dialog_format_body": [1],
    "adw_alert_dialog_new": [0, 1], "adw_alert_dialog_add_response": [2],
    "adw_alert_dialog_set_heading": [1], "adw_alert_dialog_set_body": [1],
    "adw_banner_new": [0], "adw_banner_set_title": [1], "adw_banner_set_button_label": [1],
    "adw_combo_row_set_subtitle": [1],
    "adw_split_button_set_label": [1], "adw_button_content_set_label": [1],
    "adw_tab_page_set_title": [1], "adw_navigation_page_new": [1],
    "adw_navigation_page_set_title": [1], "adw_dialog_set_title": [1],
}

# GError constructors -> index (0-based) of the message or format argument.
# A GError's message ends up in dialogs, cards and on the command line, so
# it is translated where it is built.
ERROR_CALLS = {
    "g_set_error": 3, "g_set_error_literal": 3,
    "g_error_new": 2, "g_error_new_literal": 2,
    "g_prefix_error": 1, "g_prefix_error_literal": 1,
    "g_propagate_prefixed_error": 2,
    "g_task_return_new_error": 3, "g_task_report_new_error": 6,
    "g_dbus_method_invocation_return_error": 3,
    "g_dbus_method_invocation_return_error_literal": 3,
}

GETTEXT_CALL = re.compile(r'\b(?:_|N_|C_|NC_|Q_|g_dgettext|g_dpgettext2|g_dngettext|ngettext|gettext)\s*\(')
C_STRING = re.compile(r'"(?:[^"\\\n]|\\.)*"')


def strip_c_comments(text):
    """Blanks comments but keeps strings and line numbers."""
    out = []
    i, n = 0, len(text)
    while i < n:
        c = text[i]
        if c == '"' or c == "'":
            j = i + 1
            while j < n and text[j] != c:
                j += 2 if text[j] == "\\" else 1
            out.append(text[i:j + 1])
            i = j + 1
        elif text.startswith("/*", i):
            j = text.find("*/", i + 2)
            j = n if j < 0 else j + 2
            out.append(re.sub(r"[^\n]", " ", text[i:j]))
            i = j
        elif text.startswith("//", i):
            j = text.find("\n", i)
            j = n if j < 0 else j
            out.append(" " * (j - i))
            i = j
        else:
            out.append(c)
            i += 1
    return "".join(out)


def split_args(text, start):
    """Arguments of the call whose '(' is at text[start]; None if unbalanced."""
    args, depth, i, cur = [], 0, start, start + 1
    while i < len(text):
        c = text[i]
        if c == '"' or c == "'":
            j = i + 1
            while j < len(text) and text[j] != c:
                j += 2 if text[j] == "\\" else 1
            i = j + 1
            continue
        if c in "([{":
            depth += 1
        elif c in ")]}":
            depth -= 1
            if depth == 0:
                args.append(text[cur:i].strip())
                return args
        elif c == "," and depth == 1:
            args.append(text[cur:i].strip())
            cur = i + 1
        i += 1
    return None


def is_readable_literal(arg):
    """A bare string literal (or a concatenation of them) with words in it."""
    if not arg.startswith('"'):
        return False
    literals = C_STRING.findall(arg)
    if "".join(literals).replace('"', "") != "" and C_STRING.sub("", arg).strip() == "":
        return re.search(r"[A-Za-z]{2,}", "".join(literals)) is not None
    return False


def call_end(text, start):
    """Index just past the ')' closing the call whose '(' is at text[start]."""
    depth, i = 0, start
    while i < len(text):
        c = text[i]
        if c == '"' or c == "'":
            j = i + 1
            while j < len(text) and text[j] != c:
                j += 2 if text[j] == "\\" else 1
            i = j + 1
            continue
        if c == "(":
            depth += 1
        elif c == ")":
            depth -= 1
            if depth == 0:
                return i + 1
        i += 1
    return len(text)


def untranslated_text(arg):
    """The words in string literals of arg outside _(), N_() and friends, so
    `cond ? "a" : _("b")` is caught as well as a plain "a"."""
    m = GETTEXT_CALL.search(arg)
    while m:
        arg = arg[:m.start()] + arg[call_end(arg, m.end() - 1):]
        m = GETTEXT_CALL.search(arg)
    text = "".join(lit[1:-1] for lit in C_STRING.findall(arg))
    return text if re.search(r"[A-Za-z]{2,}", text) else None


def check_c_file(path, rel):
    text = strip_c_comments(open(path, encoding="utf-8").read())
    for m in re.finditer(r"\b([a-z_][a-z0-9_]*)\s*\(", text):
        name = m.group(1)
        if name in ERROR_CALLS:
            args = split_args(text, m.end() - 1)
            index = ERROR_CALLS[name]
            words = untranslated_text(args[index]) if args and index < len(args) else None
            if words:
                line = text.count("\n", 0, m.start()) + 1
                problem(f"{rel}:{line}: {name}() message \"{words[:60]}\" is not in _() or N_()")
            continue
        if name not in C_SETTERS or not C_SETTERS[name]:
            continue
        args = split_args(text, m.end() - 1)
        if args is None:
            continue
        line = text.count("\n", 0, m.start()) + 1
        for index in C_SETTERS[name]:
            if index < len(args) and is_readable_literal(args[index]):
                problem(f"{rel}:{line}: {name}() shows {args[index][:60]} without _()")


def check_ui_file(path, rel):
    try:
        tree = ET.parse(path)
    except ET.ParseError as e:
        problem(f"{rel}: not well-formed XML: {e}")
        return
    for el in tree.iter():
        if el.tag not in ("property", "attribute", "item", "string", "col"):
            continue
        name = el.get("name", "")
        # GtkStringList <item>s, <string>s and list-store <col>s count too.
        if el.tag in ("property", "attribute") and name not in UI_PROPERTIES:
            continue
        value = (el.text or "").strip()
        if not re.search(r"[A-Za-z]{2,}", value) or el.get("bind-source") or len(el):
            continue
        # List items that are lower-case keywords ("verify-full", a libpq
        # sslmode) are values, not labels: GNOME labels are capitalised.
        if el.tag in ("item", "string", "col") and re.fullmatch(r"[a-z0-9_.:-]+", value):
            continue
        if el.get("translatable") not in ("yes", "no"):
            problem(f"{rel}: <{el.tag} name=\"{name}\">{value[:50]}</{el.tag}> is not translatable=\"yes\"")


def check_translatable(srcroot):
    potfiles = []
    for line in open(os.path.join(srcroot, "po", "POTFILES.in"), encoding="utf-8"):
        line = line.strip()
        if line and not line.startswith("#"):
            potfiles.append(line)
    listed = set(potfiles)
    for entry in potfiles:
        if not os.path.exists(os.path.join(srcroot, entry)):
            problem(f"po/POTFILES.in lists {entry}, which does not exist")

    scanned = 0
    for top in ("src", "ui"):
        for dirpath, dirnames, filenames in os.walk(os.path.join(srcroot, top)):
            dirnames.sort()
            for fn in sorted(filenames):
                path = os.path.join(dirpath, fn)
                rel = os.path.relpath(path, srcroot)
                if fn.endswith(".c"):
                    scanned += 1
                    check_c_file(path, rel)
                    marked = GETTEXT_CALL.search(strip_c_comments(open(path, encoding="utf-8").read()))
                elif fn.endswith(".ui"):
                    scanned += 1
                    check_ui_file(path, rel)
                    marked = 'translatable="yes"' in open(path, encoding="utf-8").read()
                else:
                    continue
                if marked and rel not in listed:
                    problem(f"{rel} has translatable strings but is not in po/POTFILES.in")

    for fn in sorted(os.listdir(os.path.join(srcroot, "data"))):
        if re.search(r"\.(desktop|metainfo\.xml|gschema\.xml)\.in$", fn) and f"data/{fn}" not in listed:
            problem(f"data/{fn} is not in po/POTFILES.in")
    print(f"scanned {scanned} C and .ui files, {len(potfiles)} POTFILES.in entries")
    return finish("translatable strings")


# ---------------------------------------------------------------------------
# manifest

MANIFESTS = {
    "io.github.pulsedash.Pulse.json": {"id": "io.github.pulsedash.Pulse", "devel": False},
    "io.github.pulsedash.Pulse.Devel.json": {"id": "io.github.pulsedash.Pulse.Devel", "devel": True},
}
EXPECTED_FINISH_ARGS = {
    "--share=network", "--share=ipc", "--socket=wayland", "--socket=fallback-x11",
    "--device=dri", "--talk-name=org.freedesktop.secrets",
}
SERVER_PROGRAMS = ["initdb", "pg_ctl", "postgres"]


def check_manifest_file(path, expect):
    name = os.path.basename(path)
    try:
        m = json.load(open(path, encoding="utf-8"))
    except (OSError, ValueError) as e:
        problem(f"{name}: cannot read: {e}")
        return
    app_id = m.get("id") or m.get("app-id")
    if app_id != expect["id"]:
        problem(f"{name}: id is {app_id}, expected {expect['id']}")
    if m.get("runtime") != "org.gnome.Platform" or m.get("sdk") != "org.gnome.Sdk":
        problem(f"{name}: runtime/sdk must be org.gnome.Platform/org.gnome.Sdk")
    if str(m.get("runtime-version")) not in ("47", "48", "49", "master"):
        problem(f"{name}: runtime-version {m.get('runtime-version')} is not a current GNOME runtime")
    if m.get("command") != "pulse":
        problem(f"{name}: command must be pulse")

    args = m.get("finish-args", [])
    if set(args) != EXPECTED_FINISH_ARGS or len(args) != len(set(args)):
        extra = sorted(set(args) - EXPECTED_FINISH_ARGS)
        missing = sorted(EXPECTED_FINISH_ARGS - set(args))
        problem(f"{name}: finish-args differ: extra {extra}, missing {missing}")
    for arg in args:
        if arg.startswith("--filesystem") or arg in ("--socket=x11", "--device=all", "--share=all",
                                                      "--socket=session-bus", "--socket=system-bus"):
            problem(f"{name}: finish-arg {arg} is wider than Pulse needs")

    modules = m.get("modules", [])
    names = [mod.get("name") if isinstance(mod, dict) else mod for mod in modules]
    if names != ["postgresql", "pulse"]:
        problem(f"{name}: modules are {names}, expected ['postgresql', 'pulse']")
        return
    pg, pulse = modules

    sources = pg.get("sources", [])
    archives = [s for s in sources if s.get("type") == "archive"]
    if len(archives) != 1:
        problem(f"{name}: postgresql must build from one release archive")
    else:
        a = archives[0]
        if not re.fullmatch(r"https://ftp\.postgresql\.org/pub/source/v(\d+\.\d+)/postgresql-\1\.tar\.bz2",
                            a.get("url", "")):
            problem(f"{name}: postgresql url {a.get('url')} is not a pinned release tarball")
        if not re.fullmatch(r"[0-9a-f]{64}", a.get("sha256", "")):
            problem(f"{name}: postgresql archive has no sha256")
    if pg.get("buildsystem", "autotools") != "autotools":
        problem(f"{name}: postgresql 15 builds with autotools")
    opts = pg.get("config-opts", [])
    for opt in ("--with-openssl", "--without-readline", "--with-system-tzdata=/usr/share/zoneinfo"):
        if opt not in opts:
            problem(f"{name}: postgresql config-opts lacks {opt}")
    cleanup = pg.get("cleanup", [])
    for kept in SERVER_PROGRAMS + ["/lib/libpq.so*", "/share/postgresql"]:
        for c in cleanup:
            if c.rstrip("*") and (c == "/bin/" + kept or c == kept or c in ("/bin", "/bin/*", "/lib", "/share")):
                problem(f"{name}: cleanup {c} removes {kept}, which Pulse needs at run time")
    for gone in ("/include", "/lib/pkgconfig", "/share/doc", "*.a", "/bin/psql", "/bin/pg_dump"):
        if gone not in cleanup:
            problem(f"{name}: postgresql cleanup lacks {gone}")

    if pulse.get("buildsystem") != "meson":
        problem(f"{name}: pulse must build with meson")
    devel_opt = "-Ddevelopment=true" in pulse.get("config-opts", [])
    if devel_opt != expect["devel"]:
        problem(f"{name}: -Ddevelopment=true must be set exactly in the Devel manifest")
    psrc = pulse.get("sources", [])
    if not psrc or psrc[0].get("type") not in ("dir", "git"):
        problem(f"{name}: pulse must build from this repository (dir or git source)")


def check_manifest(srcroot):
    flatpak_dir = os.path.join(srcroot, "flatpak")
    found = sorted(f for f in os.listdir(flatpak_dir) if f.endswith(".json"))
    if found != sorted(MANIFESTS):
        problem(f"flatpak/ holds {found}, expected {sorted(MANIFESTS)}")
    for fn, expect in MANIFESTS.items():
        path = os.path.join(flatpak_dir, fn)
        if os.path.exists(path):
            check_manifest_file(path, expect)
    return finish("Flatpak manifests")


def show_manifest(srcroot):
    builder = shutil.which("flatpak-builder")
    if builder is None:
        print("flatpak-builder is not installed: skipped")
        return SKIP
    for fn in sorted(MANIFESTS):
        path = os.path.join(srcroot, "flatpak", fn)
        # It leaves a .flatpak-builder state directory in its working directory.
        with tempfile.TemporaryDirectory(prefix="pulse-fb-") as cwd:
            r = subprocess.run([builder, "--show-manifest", path], capture_output=True, text=True, cwd=cwd)
        if r.returncode != 0:
            problem(f"flatpak-builder --show-manifest {fn}: {r.stderr.strip()}")
            continue
        shown = json.loads(r.stdout)
        if shown.get("id", shown.get("app-id")) != MANIFESTS[fn]["id"]:
            problem(f"{fn}: flatpak-builder reads id {shown.get('id')}")
    return finish("flatpak-builder --show-manifest")


# ---------------------------------------------------------------------------
# metainfo

def check_metainfo(path, version):
    root = ET.parse(path).getroot()
    releases = root.findall("./releases/release")
    if not releases:
        problem("metainfo has no <release>")
    elif releases[0].get("version") != version:
        problem(f"newest metainfo release is {releases[0].get('version')}, the project is {version}")
    for shot in root.findall("./screenshots/screenshot/image"):
        m = re.fullmatch(r"https://raw\.githubusercontent\.com/pulsedash/pulse/main/(.+)", shot.text or "")
        srcroot = os.environ.get("PULSE_SOURCE_ROOT", "")
        if not m:
            problem(f"screenshot {shot.text} does not point at the repository")
        elif srcroot and not os.path.exists(os.path.join(srcroot, m.group(1))):
            problem(f"screenshot {m.group(1)} is not in the repository")
    for tag in ("launchable", "content_rating", "branding", "developer", "requires", "recommends"):
        if root.find(tag) is None:
            problem(f"metainfo lacks <{tag}>")
    return finish("metainfo releases and screenshots")


# ---------------------------------------------------------------------------
# po

# The keywords of meson's "glib" gettext preset, which `pulse-pot` uses.
XGETTEXT_KEYWORDS = ["_", "N_", "C_:1c,2", "NC_:1c,2", "g_dcgettext:2", "g_dngettext:2,3",
                     "g_dpgettext2:2c,3"]


def current_template(srcroot, outdir):
    """The .pot that `meson compile pulse-pot` would write, from today's sources."""
    pot = os.path.join(outdir, "pulse.pot")
    args = ["xgettext", "--package-name=pulse", "--from-code=UTF-8", "--add-comments",
            "--directory", srcroot, "--files-from", os.path.join(srcroot, "po", "POTFILES.in"),
            "--output", pot] + ["--keyword=" + k for k in XGETTEXT_KEYWORDS]
    r = subprocess.run(args, capture_output=True, text=True)
    if r.returncode != 0:
        problem(f"xgettext failed: {r.stderr.strip()}")
        return None
    for line in r.stderr.splitlines():
        if "warning" in line:
            problem(f"xgettext: {line.strip()}")
    return pot


def check_po(srcroot):
    """Every translation compiles, and is complete: every string in the
    sources (the metric catalog's too) is translated and none is fuzzy."""
    podir = os.path.join(srcroot, "po")
    linguas = open(os.path.join(podir, "LINGUAS")).read().split()
    if not linguas:
        problem("po/LINGUAS is empty")
    with tempfile.TemporaryDirectory() as tmp:
        pot = current_template(srcroot, tmp)
        for lang in linguas:
            po = os.path.join(podir, lang + ".po")
            r = subprocess.run(["msgfmt", "--check", "--statistics", "-o", os.devnull, po],
                               capture_output=True, text=True)
            print(f"{lang}: {r.stderr.strip()}")
            if r.returncode != 0:
                problem(f"{lang}.po: {r.stderr.strip()}")
            if "fuzzy" in r.stderr or "untranslated" in r.stderr:
                problem(f"{lang}.po is incomplete: {r.stderr.strip()}")
            if pot is None:
                continue
            r = subprocess.run(["msgcmp", po, pot], capture_output=True, text=True)
            if r.returncode != 0:
                missing = [l for l in r.stderr.splitlines() if "this message" in l]
                problem(f"{lang}.po lacks {len(missing)} string(s) of the sources "
                        f"(run `meson compile pulse-update-po`): {r.stderr.strip()[:600]}")
    return finish("translations")


# ---------------------------------------------------------------------------
# icons

def check_icons(srcroot):
    """Each -symbolic icon named in src/ or ui/ is in the Adwaita or hicolor
    theme, or shipped by Pulse (icons/, compiled into the GResource)."""
    themes = [d for d in ("/usr/share/icons/Adwaita", "/usr/share/icons/hicolor") if os.path.isdir(d)]
    if not os.path.isdir("/usr/share/icons/Adwaita"):
        print("the Adwaita icon theme is not installed: skipped")
        return SKIP
    available = set()
    for top in themes + [os.path.join(srcroot, "icons")]:
        for _, _, files in os.walk(top):
            available.update(os.path.splitext(f)[0] for f in files if f.endswith((".svg", ".png")))
    used = {}
    for top in ("src", "ui"):
        for dirpath, _, files in os.walk(os.path.join(srcroot, top)):
            for fn in files:
                if fn.endswith((".c", ".ui")):
                    text = open(os.path.join(dirpath, fn), encoding="utf-8").read()
                    for name in re.findall(r'["> ]([a-z][a-zA-Z0-9.-]*-symbolic)["<]', text):
                        used.setdefault(name, os.path.join(top, os.path.relpath(os.path.join(dirpath, fn), os.path.join(srcroot, top))))
    for name, where in sorted(used.items()):
        if name not in available:
            problem(f"{where}: icon {name} is in no installed theme and not shipped in icons/")
    print(f"{len(used)} symbolic icons named")

    # The app icons render at the sizes people see them (app grid 128 px,
    # dash and search results 32 px) into PNGs of that size.
    rsvg = shutil.which("rsvg-convert")
    if rsvg is None:
        print("rsvg-convert is not installed: icons not rendered")
    else:
        apps = os.path.join(srcroot, "icons", "hicolor", "scalable", "apps")
        for svg in sorted(os.listdir(apps)):
            for size in (32, 128):
                r = subprocess.run([rsvg, "-w", str(size), "-h", str(size), os.path.join(apps, svg)],
                                   capture_output=True)
                png = r.stdout
                if r.returncode != 0 or png[:8] != b"\x89PNG\r\n\x1a\n":
                    problem(f"{svg} does not render at {size} px: {r.stderr.decode().strip()}")
                elif (int.from_bytes(png[16:20], "big"), int.from_bytes(png[20:24], "big")) != (size, size):
                    problem(f"{svg} rendered at {size} px is not {size}x{size}")
        print("app icons render at 32 and 128 px")
    return finish("icons")


# ---------------------------------------------------------------------------
# install

def run(argv, env=None, timeout=300, **kw):
    print("+ " + " ".join(argv), flush=True)
    return subprocess.run(argv, env=env, timeout=timeout, capture_output=True, text=True, **kw)


def check_install(builddir):
    intro = json.loads(run(["meson", "introspect", "--buildoptions", builddir]).stdout)
    opts = {o["name"]: o["value"] for o in intro}
    prefix, bindir, datadir = opts["prefix"], opts["bindir"], opts["datadir"]
    localedir = opts["localedir"]
    app_id = "io.github.pulsedash.Pulse" + (".Devel" if opts.get("development") else "")

    with tempfile.TemporaryDirectory(prefix="pulse-install-") as tmp:
        # As root the demo server runs as the postgres user, which must be
        # able to reach its data directory under here.
        os.chmod(tmp, 0o755)
        destdir = os.path.join(tmp, "dest")
        env = dict(os.environ, DESTDIR=destdir)
        r = run(["meson", "install", "-C", builddir, "--no-rebuild", "--quiet", "--destdir", destdir], env=env)
        if r.returncode != 0:
            problem(f"meson install failed: {r.stdout}{r.stderr}")
            return finish("installation")
        root = destdir + prefix

        def p(*parts):
            return os.path.join(root, *parts)

        expected = [
            p(bindir, "pulse"),
            p(datadir, "applications", app_id + ".desktop"),
            p(datadir, "metainfo", app_id + ".metainfo.xml"),
            p(datadir, "dbus-1", "services", app_id + ".service"),
            p(datadir, "glib-2.0", "schemas", app_id + ".gschema.xml"),
            p(datadir, "icons", "hicolor", "scalable", "apps", app_id + ".svg"),
            p(datadir, "icons", "hicolor", "symbolic", "apps", app_id + "-symbolic.svg"),
        ]
        for lang in open(os.path.join(os.path.dirname(__file__), "..", "po", "LINGUAS")).read().split():
            expected.append(p(localedir, lang, "LC_MESSAGES", "pulse.mo"))
        for path in expected:
            if not os.path.exists(path):
                problem(f"not installed: {os.path.relpath(path, destdir)}")
        if problems:
            return finish("installation")

        # Nothing the installed program needs may point into the source or
        # build tree: its data lives in the GResource compiled into it.
        srcroot = os.path.realpath(os.path.join(os.path.dirname(__file__), ".."))
        for dirpath, _, files in os.walk(destdir):
            for fn in files:
                if fn.endswith((".desktop", ".xml", ".svg")):
                    text = open(os.path.join(dirpath, fn), encoding="utf-8").read()
                    if srcroot in text:
                        problem(f"{fn} refers to the source tree {srcroot}")
        # Nor may the binary carry a path of either tree (strings(1) finds
        # none, debug info included).
        binary = open(p(bindir, "pulse"), "rb").read()
        for tree in {srcroot, os.path.realpath(builddir)}:
            if tree.encode() in binary:
                problem(f"the installed pulse contains the path {tree}")

        # The installed schema compiles on its own.
        schemadir = p(datadir, "glib-2.0", "schemas")
        r = run(["glib-compile-schemas", "--strict", schemadir])
        if r.returncode != 0:
            problem(f"installed schema does not compile: {r.stderr}")

        # Each installed catalog translates: the German one is checked by
        # content, so an empty or stale de.po fails here.
        for mo in [e for e in expected if e.endswith(".mo")]:
            try:
                catalog = gettext.GNUTranslations(open(mo, "rb"))
            except OSError as e:
                problem(f"{mo}: {e}")
                continue
            if "/de/" in mo and catalog.gettext("Use the embedded demo workspace") != \
                    "Den eingebetteten Demo-Arbeitsbereich verwenden":
                problem("the installed German catalog does not translate the command line help")

        # Move the tree so a path baked in at build time would be missed.
        moved = os.path.join(tmp, "moved")
        shutil.copytree(destdir, moved, symlinks=True)
        shutil.rmtree(destdir)
        exe = moved + prefix + "/" + bindir + "/pulse" if not os.path.isabs(bindir) else moved + bindir + "/pulse"
        exe = os.path.normpath(exe)
        env = {
            "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
            "HOME": tmp,
            "LC_ALL": "C.UTF-8",
            "GSETTINGS_SCHEMA_DIR": os.path.normpath(moved + prefix + "/" + datadir + "/glib-2.0/schemas"),
            "GSETTINGS_BACKEND": "memory",
            "XDG_DATA_HOME": os.path.join(tmp, "data"),
            "XDG_CONFIG_HOME": os.path.join(tmp, "config"),
            "XDG_CACHE_HOME": os.path.join(tmp, "cache"),
        }
        for key in ("PULSE_PG_BINDIR", "TMPDIR"):
            if key in os.environ:
                env[key] = os.environ[key]

        r = run([exe, "--version"], env=env, timeout=30)
        version = os.environ.get("PULSE_VERSION", "")
        if r.returncode != 0 or not r.stdout.startswith("pulse "):
            problem(f"pulse --version: status {r.returncode}: {r.stdout}{r.stderr}")
        elif version and r.stdout.strip() != f"pulse {version}":
            problem(f"pulse --version prints {r.stdout.strip()!r}, expected 'pulse {version}'")

        # The demo end to end, on a small dataset in a throwaway directory.
        demo_env = dict(env, PULSE_DEMO_DIR=os.path.join(tmp, "demo"), PULSE_DEMO_PERSONS="300")
        r = run([exe, "--demo", "--export-json", "-"], env=demo_env, timeout=600)
        if r.returncode != 0:
            problem(f"pulse --demo --export-json - failed ({r.returncode}): {r.stderr.strip()}")
        else:
            try:
                doc = json.loads(r.stdout)
            except ValueError as e:
                problem(f"--export-json output is not JSON: {e}")
                doc = {}
            days = doc.get("days", [])
            metrics = doc.get("metrics", {})
            if len(days) != 30:
                problem(f"expected the last 30 days, got {len(days)}")
            if "dau" not in metrics or "signups" not in metrics:
                problem(f"metrics missing from the export: {sorted(metrics)}")
            elif len(metrics["signups"]["series"]["all"]) != len(days):
                problem("signups series does not have one value per day")
            elif sum(v or 0 for v in metrics["signups"]["series"]["all"]) <= 0:
                problem("the demo reported no sign-ups in 30 days")
            else:
                print(f"installed pulse exported {len(metrics)} metrics over {len(days)} days")
    return finish("installation")


DBUS_INNER = r"""
set -e
dest="$1"; path="$2"
gdbus call --session --dest "$dest" --object-path "$path" \
  --method org.freedesktop.Application.Activate '{}' >/dev/null
for i in $(seq 1 100); do
  if gdbus call --session --dest "$dest" --object-path "$path/window/1" \
       --method org.gtk.Actions.List >/dev/null 2>&1; then
    echo "window/1 is exported"
    gdbus call --session --dest "$dest" --object-path "$path" \
      --method org.freedesktop.Application.ActivateAction quit '[]' '{}' >/dev/null
    exit 0
  fi
  sleep 0.1
done
echo "no window after activation"
exit 1
"""

# A session bus that can start nothing but the service under test. With
# the standard service directories it also started the accessibility bus
# for GTK, whose at-spi2-registryd, when it came up as the session ended,
# outlived it holding our output pipes: run() then waited until the test
# timed out (seen under load).
DBUS_CONFIG = """<!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN"
 "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
<busconfig>
  <type>session</type>
  <listen>unix:tmpdir={tmp}</listen>
  <auth>EXTERNAL</auth>
  <servicedir>{services}</servicedir>
  <policy context="default">
    <allow send_destination="*" eavesdrop="true"/>
    <allow eavesdrop="true"/>
    <allow own="*"/>
  </policy>
</busconfig>
"""


def check_dbus_activation(builddir):
    """The installed .service file's command line starts Pulse as a D-Bus
    service (DBusActivatable=true in the desktop file relies on it)."""
    if not (os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")):
        print("no display: skipped")
        return SKIP
    if not shutil.which("dbus-run-session") or not shutil.which("gdbus"):
        print("dbus-run-session or gdbus missing: skipped")
        return SKIP
    intro = json.loads(run(["meson", "introspect", "--buildoptions", builddir]).stdout)
    opts = {o["name"]: o["value"] for o in intro}
    app_id = "io.github.pulsedash.Pulse" + (".Devel" if opts.get("development") else "")
    service = open(os.path.join(builddir, "data", app_id + ".service")).read()
    exe = os.environ.get("PULSE_BINARY", os.path.join(builddir, "src", "pulse"))
    m = re.search(r"^Exec=(\S+) (.*)$", service, re.M)
    if not m or not m.group(2).strip() == "--gapplication-service":
        problem(f"{app_id}.service has no 'Exec=... --gapplication-service' line")
        return finish("D-Bus activation")
    with tempfile.TemporaryDirectory(prefix="pulse-dbus-") as tmp:
        services = os.path.join(tmp, "share", "dbus-1", "services")
        os.makedirs(services)
        with open(os.path.join(services, app_id + ".service"), "w") as f:
            f.write(service.replace(m.group(1), exe))
        config = os.path.join(tmp, "bus.conf")
        with open(config, "w") as f:
            f.write(DBUS_CONFIG.format(tmp=tmp, services=services))
        # No accessibility bus to ask for (the UI tests' settings).
        env = dict(os.environ, XDG_DATA_DIRS=os.path.join(tmp, "share") + ":/usr/share",
                   GSETTINGS_BACKEND="memory", HOME=tmp, GTK_A11Y="none", NO_AT_BRIDGE="1")
        path = "/" + app_id.replace(".", "/")
        argv = ["dbus-run-session", "--config-file=" + config, "--", "sh", "-c", DBUS_INNER, "sh", app_id, path]
        print("+ " + " ".join(argv), flush=True)
        # Its own process group: whatever the bus started goes with it if
        # it hangs, and before meson's 60 s, so the failure says where.
        p = subprocess.Popen(argv, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                             start_new_session=True)
        try:
            out, err = p.communicate(timeout=45)
        except subprocess.TimeoutExpired:
            os.killpg(p.pid, signal.SIGKILL)
            try:
                out, err = p.communicate(timeout=5)
            except subprocess.TimeoutExpired:
                out, err = "", "(and something outside its group holds its output)"
            problem(f"D-Bus activation did not end in 45 s: {out.strip()} {err.strip()[-500:]}")
            return finish("D-Bus activation")
        print(out.strip())
        if p.returncode != 0:
            problem(f"D-Bus activation failed: {out.strip()} {err.strip()[-500:]}")
    return finish("D-Bus activation")


def main(argv):
    if len(argv) < 3:
        print(__doc__)
        return 2
    cmd = argv[1]
    if cmd == "translatable":
        return check_translatable(argv[2])
    if cmd == "manifest":
        return check_manifest(argv[2])
    if cmd == "show-manifest":
        return show_manifest(argv[2])
    if cmd == "metainfo":
        return check_metainfo(argv[2], argv[3])
    if cmd == "po":
        return check_po(argv[2])
    if cmd == "icons":
        return check_icons(argv[2])
    if cmd == "dbus-activate":
        return check_dbus_activation(argv[2])
    if cmd == "install":
        return check_install(argv[2])
    print(__doc__)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv))
