#!/usr/bin/env bash
# Smoke test of what installers/package.sh built in target/installers (run by .ci/run):
#   1. the .deb holds the launcher, a menu entry that passes files (%F) and the PNG/JPEG types,
#      the license, the third-party notices and a copyright file naming Apache-2.0;
#   2. the packaged runtime and class path load libtorch with no network, into a home that has
#      never seen the app (DJL extracts the CPU build from the app's jar into the app's data
#      folder, not ~/.djl.ai);
#   3. the `arpg` launcher lists the four models (embedded, ARPG-L/XL/XXL) with no network, and a
#      download without network ends with the download failure status (13) and a message;
#   4. the app-image's launcher starts under Xvfb with no network and a PNG as its argument (as
#      the menu entry passes a file opened with it), its "ARPG Studio" window appears and shows
#      the file's name, Ctrl+Q closes it, and the process exits with status 0.
#   5. with --install (changes the system: root and apt): apt installs the .deb, `arpg` is on the
#      PATH and lists the models, the app starts through the Exec line of the menu entry it
#      registered and opens the PNG, apt removes it (and the command with it).
# --screenshot FILE saves the screen with the window on it (needs ImageMagick's import).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
source scripts/system-libs.sh

screenshot=""
install=false
while [ $# -gt 0 ]; do
  case "$1" in
    --screenshot) screenshot=$(realpath -m "${2:?--screenshot needs a file}"); shift 2 ;;
    --install) install=true; shift ;;
    *) echo "expected --screenshot FILE or --install, found '$1'" >&2; exit 2 ;;
  esac
done

out="$root/target/installers"
app="$out/ARPG Studio"
deb=$(ls "$out"/arpg-studio_*.deb 2>/dev/null | head -1)
[ -x "$app/bin/ARPG Studio" ] || { echo "no app-image in $out: run installers/package.sh app-image deb" >&2; exit 1; }
[ -n "$deb" ] || { echo "no .deb in $out: run installers/package.sh app-image deb" >&2; exit 1; }

ensure_system_libs xvfb xdotool x11-utils desktop-file-utils libgtk-3-0 libfreetype6 libfontconfig1 fonts-dejavu-core
[ -z "$screenshot" ] || command -v import >/dev/null || ensure_system_libs imagemagick

tmp=$(mktemp -d)
pids=()
cleanup() {
  local pid
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  rm -rf "$tmp"
}
trap cleanup EXIT
fail() { echo "SMOKE TEST FAILED: $*" >&2; exit 1; }

# 1. The .deb
desktop_entry=$(dpkg-deb --fsys-tarfile "$deb" | tar -xO ./opt/arpg-studio/lib/arpg-studio-ARPG_Studio.desktop)
grep -qx 'Exec="/opt/arpg-studio/bin/ARPG Studio" %F' <<<"$desktop_entry" \
  || fail "the .deb's menu entry does not start the launcher with the chosen files: $desktop_entry"
grep -qx 'MimeType=image/png;image/jpeg;\?' <<<"$desktop_entry" || fail "the .deb's menu entry lacks PNG/JPEG"
printf '%s\n' "$desktop_entry" >"$tmp/arpg-studio.desktop"
desktop-file-validate "$tmp/arpg-studio.desktop" || fail "the .deb's menu entry is not a valid desktop entry"
contents=$(dpkg-deb -c "$deb")
grep -q './opt/arpg-studio/bin/ARPG Studio$' <<<"$contents" || fail "the .deb lacks the launcher"
grep -q './opt/arpg-studio/lib/app/THIRD-PARTY-NOTICES.md$' <<<"$contents" \
  || fail "the .deb lacks the third-party notices"
grep -q './opt/arpg-studio/lib/app/LICENSE$' <<<"$contents" || fail "the .deb lacks the license"
copyright=$(dpkg-deb --fsys-tarfile "$deb" | tar -xO ./opt/arpg-studio/share/doc/copyright)
grep -q '^License: Apache-2.0$' <<<"$copyright" \
  || fail "the .deb's copyright file does not name Apache-2.0: $copyright"
grep -q './opt/arpg-studio/bin/arpg$' <<<"$contents" || fail "the .deb lacks the arpg command"
dpkg-deb --ctrl-tarfile "$deb" | tar -xO ./postinst | grep -q 'update-alternatives --install /usr/bin/arpg' \
  || fail "the .deb does not put arpg on the PATH"
depends=$(dpkg-deb -f "$deb" Depends)
grep -q libgtk-3-0 <<<"$depends" || fail "the .deb does not depend on GTK 3"
grep -q libjpeg62-turbo <<<"$depends" || fail "the .deb does not depend on libjpeg62-turbo (the JPEG reader's library)"
echo "deb: $(basename "$deb"), $(stat -c %s "$deb") bytes, menu entry and launcher present"

# The launcher's own JVM options and class path, from its configuration file.
cfg="$app/lib/app/ARPG Studio.cfg"
mapfile -t java_options < <(sed -n 's/^java-options=//p' "$cfg")
class_path=$(sed -n 's/^app.classpath=//p' "$cfg" | sed "s|\$APPDIR|$app/lib/app|" | paste -sd:)

# A network namespace of its own has no route out: proves the app needs no network.
offline=()
if unshare --net true 2>/dev/null; then
  offline=(unshare --net)
else
  echo "unshare --net is not permitted here: running with the network" >&2
fi
# A user who has never run the app: Java takes user.home from the password database, not from
# $HOME, so it is set for the JVM too (DJL's cache, settings and models all live below it).
home="$tmp/home"
mkdir -p "$home"
export HOME="$home" XDG_CONFIG_HOME="$home/.config" XDG_DATA_HOME="$home/.local/share" \
  XDG_CACHE_HOME="$home/.cache" JAVA_TOOL_OPTIONS="-Duser.home=$home"

# 2. libtorch from the app's own jars, offline, fresh home
mkdir -p "$tmp/check"
javac -d "$tmp/check" -cp "$class_path" installers/smoke/NativeLibraryCheck.java
"${offline[@]}" "$app/lib/runtime/bin/java" "${java_options[@]}" \
  -cp "$tmp/check:$class_path" NativeLibraryCheck || fail "the packaged runtime could not run libtorch"
djl_cache="$XDG_DATA_HOME/arpg-studio/djl"
ls "$djl_cache"/pytorch/*/libtorch_cpu.so >/dev/null || fail "libtorch was not extracted to $djl_cache"
[ ! -e "$home/.djl.ai" ] || fail "DJL wrote to ~/.djl.ai instead of the app's data folder"
echo "libtorch extracted to the app's data folder: $(du -sh "$djl_cache" | cut -f1)"

# 3. The command line: the second launcher, from the same runtime and jars, offline, fresh home
[ -x "$app/bin/arpg" ] || fail "the app-image lacks the arpg launcher"
# Checks `arpg models` (COMMAND is the launcher): exit 0 and one line per model of the four.
check_models_listing() {
  local listing status=0
  listing=$("${offline[@]}" "$@" models 2>"$tmp/arpg.err") || status=$?
  [ "$status" -eq 0 ] || { cat "$tmp/arpg.err" >&2; fail "'$* models' exited with status $status"; }
  for id in default arpg-l arpg-xl arpg-xxl; do
    grep -q "^$id " <<<"$listing" || { echo "$listing" >&2; fail "'$* models' does not list $id"; }
  done
  echo "'$* models' lists default, arpg-l, arpg-xl and arpg-xxl"
}
check_models_listing "$app/bin/arpg"
if [ ${#offline[@]} -gt 0 ]; then
  status=0
  "${offline[@]}" "$app/bin/arpg" models download arpg-l >"$tmp/download.out" 2>"$tmp/download.err" || status=$?
  [ "$status" -eq 13 ] || { cat "$tmp/download.err" >&2; fail "a download with no network exited with $status, not 13"; }
  grep -q 'cannot reach' "$tmp/download.err" || { cat "$tmp/download.err" >&2; fail "the failed download gave no reason"; }
  ! grep -q $'\tat ' "$tmp/download.err" || { cat "$tmp/download.err" >&2; fail "the failed download printed a stack trace"; }
  echo "'arpg models download arpg-l' with no network: exit 13, $(grep -o 'cannot reach [^ ]*' "$tmp/download.err" | head -1)"
fi

# 4. The window
display_number=$((100 + $$ % 800))
Xvfb ":$display_number" -screen 0 1440x900x24 -nolisten tcp >"$tmp/xvfb.log" 2>&1 &
pids+=($!)
for _ in $(seq 50); do [ -S "/tmp/.X11-unix/X$display_number" ] && break; sleep 0.2; done
[ -S "/tmp/.X11-unix/X$display_number" ] || fail "Xvfb did not start: $(cat "$tmp/xvfb.log")"
export DISPLAY=":$display_number"

image="$tmp/smoke-image.png"
cp ui-resources/src/main/resources/com/arpgstudio/ui/icons/app-256.png "$image"

# Starts LAUNCHER (a command line) with the PNG, waits for its window to show the file, optionally
# takes the screenshot, closes it with Ctrl+Q and expects exit status 0.
open_and_quit() {
  local started window title geometry status app_pid
  started=$(date +%s)
  "${offline[@]}" "$@" "$image" >"$tmp/app.log" 2>&1 &
  app_pid=$!
  pids+=("$app_pid")
  window=""
  for _ in $(seq 240); do
    window=$(xdotool search --onlyvisible --name 'ARPG Studio$' 2>/dev/null | head -1 || true)
    [ -n "$window" ] && break
    kill -0 "$app_pid" 2>/dev/null || { cat "$tmp/app.log" >&2; fail "the app exited before showing its window"; }
    sleep 0.5
  done
  [ -n "$window" ] || { cat "$tmp/app.log" >&2; xwininfo -root -tree >&2 || true; fail "no window titled '... ARPG Studio' within 120 s"; }
  geometry=$(xwininfo -id "$window" | awk '/Width:/ {w=$2} /Height:/ {h=$2} END {print w "x" h}')
  echo "window '$(xdotool getwindowname "$window")' ($geometry) after $(($(date +%s) - started)) s"
  for _ in $(seq 60); do
    [[ $(xdotool getwindowname "$window") == *smoke-image.png* ]] && break
    sleep 0.5
  done
  title=$(xdotool getwindowname "$window")
  [[ $title == *smoke-image.png* ]] || { cat "$tmp/app.log" >&2; fail "the image given to the launcher was not opened (title '$title')"; }
  echo "the image given to the launcher is open: '$title'"
  if [ -n "$screenshot" ]; then
    sleep 2 # let the first frames render
    import -window root "$screenshot"
    echo "screenshot: $screenshot"
    screenshot=""
  fi

  xdotool windowfocus --sync "$window" key --clearmodifiers ctrl+q
  for _ in $(seq 40); do kill -0 "$app_pid" 2>/dev/null || break; sleep 0.5; done
  kill -0 "$app_pid" 2>/dev/null && { cat "$tmp/app.log" >&2; fail "the app did not exit within 20 s of Ctrl+Q"; }
  status=0
  wait "$app_pid" || status=$?
  [ "$status" -eq 0 ] || { cat "$tmp/app.log" >&2; fail "the app exited with status $status"; }
  echo "Ctrl+Q closed the window; the app exited with status 0"
}

open_and_quit "$app/bin/ARPG Studio"

# 5. Install the .deb, check the command on the PATH, start the app the way the desktop menu does
#    (the installed entry's Exec line, %F being the chosen file), then remove it again.
if [ "$install" = true ]; then
  echo "installing $(basename "$deb") with apt..."
  apt_log="$tmp/apt.log"
  # The package's dependencies may need package lists this machine has not fetched yet.
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q "$deb" >"$apt_log" 2>&1 \
    || { apt-get update -qq >>"$apt_log" 2>&1 && DEBIAN_FRONTEND=noninteractive apt-get install -y -q "$deb" >>"$apt_log" 2>&1; } \
    || { cat "$apt_log" >&2; fail "apt could not install the .deb"; }
  installed_entry=""
  for dir in /usr/share/applications /usr/local/share/applications; do
    [ -f "$dir/arpg-studio-ARPG_Studio.desktop" ] && installed_entry="$dir/arpg-studio-ARPG_Studio.desktop"
  done
  [ -n "$installed_entry" ] || fail "the installed package put no menu entry in /usr/share/applications"
  [ "$(command -v arpg)" = /usr/bin/arpg ] || fail "the installed package put no arpg on the PATH"
  check_models_listing arpg
  exec_line=$(sed -n 's/^Exec=//p' "$installed_entry")
  echo "menu entry $installed_entry: Exec=$exec_line"
  launcher=${exec_line% %F}
  launcher=${launcher#\"}
  launcher=${launcher%\"}
  open_and_quit "$launcher"
  DEBIAN_FRONTEND=noninteractive apt-get purge -y -q arpg-studio >"$apt_log" 2>&1 \
    || { cat "$apt_log" >&2; fail "apt could not remove the package"; }
  [ ! -e /opt/arpg-studio/bin ] && [ ! -e "$installed_entry" ] && [ ! -e /usr/bin/arpg ] \
    || fail "removing the package left its launcher, menu entry or arpg command"
  echo "installed, started from the menu entry, removed"
fi
echo "smoke test passed"
