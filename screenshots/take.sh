#!/usr/bin/env bash
# Takes the README's screenshots: starts the editor under Xvfb on the sample photo with --demo,
# which opens it, brushes a mask, generates (mid-run and variants), drags an edge handle and
# outpaints, expands 2x, compares and shows the light theme and the shortcut list, saving PNGs
# here. Uses the embedded default model on the CPU unless -Darpg.model=DIR is passed in JAVA_OPTS.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
source "$root/scripts/system-libs.sh"
if command -v dpkg >/dev/null; then
  ensure_system_libs xvfb libgtk-3-0 libfreetype6 libfontconfig1 fonts-dejavu-core
fi
source "$root/scripts/build-if-needed.sh"
out="$root/screenshots"
image="${1:-$root/screenshots/sample/beach.jpg}"
home=$(mktemp -d)
trap 'rm -rf "$home"' EXIT
# A fresh settings folder so the tour starts from defaults, whatever this user chose before.
xvfb-run -a -s "-screen 0 1280x800x24" \
  java -Xmx3g -Dai.djl.offline=true -Darpg.home="$home" -Dprism.order=sw ${JAVA_OPTS:-} \
    -jar "$app_jar" --demo="$out" "$image"
ls -1 "$out"/*.png
