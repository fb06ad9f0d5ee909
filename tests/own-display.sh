#!/bin/sh
# own-display.sh COMMAND...: runs a UI test on an X server of its own.
#
# Tests side by side on one display see each other's CLIPBOARD and
# PRIMARY selections: GTK asks every new owner for its targets, and a
# transfer cut short when either test exits stays in GTK's X11 backend,
# which LeakSanitizer reports (a GdkX11SelectionInputStream with its
# "GDK_SELECTION_0x…" property name; a 10-atom target list). Without
# Xvfb, the test gets the display it was given.
#
# SPDX-License-Identifier: GPL-3.0-or-later
set -eu

if ! command -v Xvfb >/dev/null 2>&1; then
  exec "$@"
fi

dir=$(mktemp -d "${TMPDIR:-/tmp}/pulse-test-display-XXXXXX")
xvfb=
child=
cleanup() {
  [ -n "$child" ] && kill "$child" 2>/dev/null || true
  [ -n "$xvfb" ] && kill "$xvfb" 2>/dev/null && wait "$xvfb" 2>/dev/null || true
  rm -rf "$dir"
}
trap cleanup EXIT
trap 'exit 143' TERM
trap 'exit 130' INT

# Xvfb picks a free display itself and writes its number on fd 3.
mkfifo "$dir/display"
Xvfb -displayfd 3 -screen 0 1920x1200x24 -nolisten tcp 3>"$dir/display" 2>"$dir/log" &
xvfb=$!
read -r number <"$dir/display" || true
if [ -z "${number:-}" ]; then
  echo "own-display.sh: Xvfb did not start:" >&2
  cat "$dir/log" >&2
  exit 1
fi

DISPLAY=":$number"
export DISPLAY
unset WAYLAND_DISPLAY
"$@" &
child=$!
status=0
wait "$child" || status=$?
child=
exit "$status"
