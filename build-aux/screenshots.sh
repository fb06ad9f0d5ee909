#!/usr/bin/env bash
# Screenshots of every dashboard page on the demo workspace: light and
# dark, 1280, 800, 400 and 360 px wide; the overview and a detail view too. Run through `build-aux/dev screenshots`.
set -euo pipefail
build=$1; shift
out=${PULSE_SCREENSHOT_DIR:-$build/screenshots}
GSETTINGS_SCHEMA_DIR="$build/data" GSETTINGS_BACKEND=memory PULSE_LOCALEDIR="$build/po" "$build/build-aux/pulse-screenshots" "$out" "$@"
echo "Screenshots are in $out"
