#!/usr/bin/env bash
# The installed app's GPU route, run end to end on a machine with no network (the GPU machine),
# in one sitting: the Linux app-image without its CPU libtorch, pointed at a CUDA 12.4 libtorch
# 2.5.1 with PYTORCH_LIBRARY_PATH (docs/gpu.md, "A libtorch you already have"); ARPG-L-shaped
# random weights written in the released .pt layout with the released VQ-16 shape
# (bench ReleasedCheckpoints), installed where a download puts them; then the packaged `arpg`
# launcher inpaints, outpaints and expands the sample photo with the device chosen automatically,
# and the editor runs its --demo tour on ARPG-L: under Xvfb (the machine's, or one unpacked from
# carried Debian packages), else offscreen through Monocle's headless platform with the app's own
# runtime and jars. Its screenshots show the status bar's device and timings.
#
# Here (the build machine), from the project root:
#   installers/gpu-check.sh pack    builds the app-image (installers/package.sh --no-libtorch), the
#                                   bench jars, Monocle and an X server with GTK 3 as Debian
#                                   packages, and splits all of it, compressed, into pieces of
#                                   28 MB under .gpu-app/chunks (a device call carries at most
#                                   64 MiB, of which the checkout's files take about 30)
#   installers/gpu-check.sh next    moves the next piece into .gpu-app/chunk (zstd goes with the
#                                   first); says when none is left
#   installers/gpu-check.sh cpu     the same run here, staged the same way, with a CPU libtorch in
#                                   place of CUDA's, 2 steps per window and the editor on the
#                                   embedded model, the commands on a 128 px corner of the photo
#                                   (X_FROM_PACKAGES=1: Xvfb from the carried packages; NO_X=1:
#                                   the Monocle route)
# On the GPU machine, CUDA libtorch is staged first as the GPU notes say (its pieces p?? in
# /tmp/stage, or already unpacked in /tmp/libtorch by on-gpu.sh). Then one device call per piece
# of this payload, back to back (a gap over 30 s loses the machine):
#   carry [".gpu-app/chunk"], command: bash installers/gpu-check.sh stage
# and the run:
#   command: bash installers/gpu-check.sh run          (its results come back from $OUT)
# Results (in $OUT there, .gpu-app/out-cpu here): run.log (every command and its output, with
# timings), inpaint.png, outpaint.png, expand.png, and shots/ (the editor's screenshots).
# STEPS (default 64), EDITOR_MODEL (default arpg-l) and EDITOR_LIMIT (seconds for the editor's
# tour, default 300) change the run.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
work="$root/.gpu-app"
stage=/tmp/stage-app
torch_stage=/tmp/stage
piece_bytes=${PIECE_BYTES:-28000000}
photo=${PHOTO:-$root/screenshots/sample/beach.jpg}
screenshot_photo="$root/screenshots/sample/beach.jpg"
mask=${MASK:-$root/installers/gpu-check-mask.png}
outpaint_right=256
# Libraries Xvfb and JavaFX's GTK 3 window toolkit load, by Debian package (bookworm; libc6 is the
# host's), with the X keyboard compiler and maps and one font: for a GPU machine without a display.
x_packages=(xvfb x11-xkb-utils xkb-data fonts-dejavu-core fontconfig-config
  libatk-bridge2.0-0 libatk1.0-0 libatspi2.0-0 libaudit1 libblkid1 libbrotli1 libbsd0 libbz2-1.0
  libcairo-gobject2 libcairo2 libcap-ng0 libcap2 libdatrie1 libdbus-1-3 libepoxy0 libexpat1 libffi8
  libfontconfig1 libfontenc1 libfreetype6 libfribidi0 libgcrypt20 libgdk-pixbuf-2.0-0 libgl1
  libglib2.0-0 libglvnd0 libglx0 libgpg-error0 libgraphite2-3 libgtk-3-0 libharfbuzz0b
  libjpeg62-turbo liblz4-1 liblzma5 libmd0 libmount1 libpango-1.0-0 libpangocairo-1.0-0
  libpangoft2-1.0-0 libpcre2-8-0 libpixman-1-0 libpng16-16 libselinux1 libsystemd0 libthai0
  libunwind8 libwayland-client0 libwayland-cursor0 libwayland-egl1 libx11-6 libxau6 libxcb-render0
  libxcb-shm0 libxcb1 libxcomposite1 libxcursor1 libxdamage1 libxdmcp6 libxext6 libxfixes3 libxfont2
  libxi6 libxinerama1 libxkbcommon0 libxkbfile1 libxrandr2 libxrender1 libxtst6 libzstd1 zlib1g
  libx11-data)

fail() { echo "gpu-check: $*" >&2; exit 1; }

pack() {
  command -v zstd >/dev/null || fail "expected zstd here (apt-get install zstd)"
  local exclude monocle
  exclude=$(git rev-parse --git-path info/exclude)
  grep -qx '/.gpu-app/' "$exclude" 2>/dev/null || echo '/.gpu-app/' >>"$exclude"
  monocle=$(ls "$HOME"/.m2/repository/org/testfx/openjfx-monocle/*/openjfx-monocle-*.jar | head -1)
  [ -f "$monocle" ] || fail "no Monocle jar in ~/.m2: build the app's tests once (mvn -o -pl app -am test-compile)"
  mkdir -p "$work"
  installers/package.sh --no-libtorch --out "$work/build" app-image
  mvn -q -B -o -pl bench -am package -DskipTests
  local payload="$work/payload"
  rm -rf "$payload" "$work/chunks" "$work/chunk"
  mkdir -p "$payload/bench" "$payload/debs" "$payload/monocle" "$work/chunks" "$work/chunk" "$work/debs"
  cp -a "$work/build/ARPG Studio" "$payload/app"
  cp bench/target/bench-*.jar bench/target/lib/inference-*-tests.jar "$payload/bench/"
  cp "$monocle" "$payload/monocle/"
  (cd "$work/debs" && for p in "${x_packages[@]}"; do ls "${p}"_*.deb >/dev/null 2>&1 || apt-get download -q "$p"; done)
  cp "$work"/debs/*.deb "$payload/debs/"
  # Jars and packages are compressed already: a fast level loses nothing worth the time.
  tar -C "$payload" -cf - . | zstd -6 -T0 -q -o "$work/app.tar.zst"
  split -b "$piece_bytes" -d -a 2 "$work/app.tar.zst" "$work/chunks/a"
  cp "$(command -v zstd)" "$work/chunks/zstd"
  rm -f "$work/app.tar.zst"
  echo "ready: $(ls "$work"/chunks/a?? | wc -l) pieces in .gpu-app/chunks ($(du -sh "$work/chunks" | cut -f1), zstd with the first)"
}

next() {
  mkdir -p "$work/chunk"
  rm -f "$work/chunk/"*
  local piece
  piece=$(ls "$work/chunks" 2>/dev/null | grep -v '^zstd$' | sort | head -1)
  if [ -z "$piece" ]; then
    echo "none left: every piece was moved; now the run (bash installers/gpu-check.sh run)"
    return 0
  fi
  mv "$work/chunks/$piece" "$work/chunk/"
  [ ! -f "$work/chunks/zstd" ] || mv "$work/chunks/zstd" "$work/chunk/"
  echo "$(ls "$work/chunk" | tr '\n' ' ')($(du -sb "$work/chunk" | cut -f1) bytes) in .gpu-app/chunk;" \
    "$(ls "$work/chunks" | wc -l) left"
}

stage_piece() {
  mkdir -p "$stage"
  cp "$work"/chunk/* "$stage/"
  chmod +x "$stage/zstd" 2>/dev/null || true
  echo "staged: $(ls "$stage" | tr '\n' ' ')"
}

# Unpacks the carried Debian packages into /tmp/xroot and points the X server, GTK and fontconfig
# at them; used when the machine has no Xvfb (or X_FROM_PACKAGES=1).
x_from_packages() {
  local debs=$1 xroot=/tmp/xroot
  if [ ! -x "$xroot/usr/bin/Xvfb" ]; then
    for deb in "$debs"/*.deb; do dpkg -x "$deb" "$xroot"; done
  fi
  export PATH="$xroot/usr/bin:$PATH"
  export LD_LIBRARY_PATH="$xroot/usr/lib/x86_64-linux-gnu:$xroot/lib/x86_64-linux-gnu${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"
  # Xvfb runs the keyboard compiler and reads the maps from where Debian puts them.
  [ -e /usr/bin/xkbcomp ] || ln -s "$xroot/usr/bin/xkbcomp" /usr/bin/xkbcomp || return 1
  [ -e /usr/share/X11/xkb ] || { mkdir -p /usr/share/X11 && ln -s "$xroot/usr/share/X11/xkb" /usr/share/X11/xkb; } \
    || return 1
  mkdir -p "$xroot/etc/fonts-run"
  cat >"$xroot/etc/fonts-run/fonts.conf" <<EOF
<?xml version="1.0"?>
<!DOCTYPE fontconfig SYSTEM "fonts.dtd">
<fontconfig><dir>$xroot/usr/share/fonts</dir><dir>/usr/share/fonts</dir><cachedir>/tmp/fontconfig-cache</cachedir></fontconfig>
EOF
  export FONTCONFIG_FILE="$xroot/etc/fonts-run/fonts.conf"
  export XKB_CONFIG_ROOT="$xroot/usr/share/X11/xkb"
}

# Runs a command, echoing it, its output (kept in $last too) and its wall time into the log; a
# failure is counted, not fatal, so that one call brings back everything that can be learned.
failures=0
last=/tmp/gpu-check-last.log
timed() {
  echo "\$ $*"
  local start status ms
  start=$(date +%s%N)
  set +e
  "$@" 2>&1 | tee "$last"
  status=${PIPESTATUS[0]}
  set -e
  ms=$((($(date +%s%N) - start) / 1000000))
  printf 'took %d.%d s, exit status %d\n\n' $((ms / 1000)) $((ms % 1000 / 100)) "$status"
  [ "$status" -eq 0 ] || failures=$((failures + 1))
}

# libtorch where the GPU notes put it: unpacked in $1 (on-gpu.sh does that), else from the pieces
# p?? staged in $torch_stage.
unpack_libtorch() {
  local libtorch=$1
  [ ! -f "$libtorch/libtorch.so" ] || return 0
  ls "$torch_stage"/p?? >/dev/null 2>&1 \
    || fail "no libtorch in $libtorch and no pieces p?? of it in $torch_stage: stage it as the GPU notes say"
  mkdir -p "$libtorch"
  cat "$torch_stage"/p?? | "$stage/zstd" -d -q -c | tar xf - -C "$libtorch" \
    || { rm -rf "$libtorch"; fail "the libtorch pieces in $torch_stage are incomplete: stage them all again"; }
}

# Starts Xvfb (the machine's, else one from the carried packages) on $display; false when none runs.
start_x() {
  [ "${NO_X:-0}" != 1 ] || return 1
  if ! command -v Xvfb >/dev/null || [ "${X_FROM_PACKAGES:-0}" = 1 ]; then
    echo "Xvfb from the carried Debian packages ($(command -v Xvfb || echo 'none on this machine'))"
    x_from_packages "$1" || return 1
  fi
  display=":$((200 + $$ % 500))"
  Xvfb "$display" -screen 0 1440x900x24 -nolisten tcp >/tmp/gpu-check-xvfb.log 2>&1 &
  xvfb=$!
  sleep 2
  if ! kill -0 "$xvfb" 2>/dev/null; then
    echo "Xvfb did not start:"
    cat /tmp/gpu-check-xvfb.log
    return 1
  fi
  echo "Xvfb $(command -v Xvfb) on $display"
}

run() {
  local out=${OUT:?expected OUT (the device machine sets it)}
  local libtorch=${LIBTORCH:-/tmp/libtorch} flavor=${PYTORCH_FLAVOR:-cu124}
  local steps=${STEPS:-64} editor_model=${EDITOR_MODEL:-arpg-l}
  # A device call ends after 600 s: the editor's tour gets what the commands before it leave.
  local editor_limit=${EDITOR_LIMIT:-300}
  [ -x "$stage/zstd" ] || fail "nothing staged in $stage: stage every piece first (gpu-check.sh next, then stage)"
  if [ ! -x /tmp/arpg-app/app/bin/arpg ]; then
    mkdir -p /tmp/arpg-app
    cat "$stage"/a?? | "$stage/zstd" -d -q -c | tar xf - -C /tmp/arpg-app \
      || { rm -rf /tmp/arpg-app; fail "the staged pieces a?? are incomplete ($(ls "$stage"/a?? | wc -l) found): stage them all again"; }
  fi
  unpack_libtorch "$libtorch"
  local app=/tmp/arpg-app/app bench=/tmp/arpg-app/bench debs=/tmp/arpg-app/debs
  local monocle
  monocle=$(ls /tmp/arpg-app/monocle/*.jar)
  # The route of docs/gpu.md for a libtorch already on disk: the package without its own libtorch.
  export PYTORCH_LIBRARY_PATH=$libtorch PYTORCH_VERSION=2.5.1 PYTORCH_FLAVOR=$flavor
  mkdir -p "$out"
  local home=/tmp/arpg-gpu-check-home
  rm -rf "$home"
  mkdir -p "$home/config"
  # A user who has just installed the app: fresh settings and models folders.
  export JAVA_TOOL_OPTIONS="-Darpg.home=$home ${JAVA_TOOL_OPTIONS:-}"
  exec > >(tee "$out/run.log") 2>&1
  echo "gpu-check: $(date -u), $(uname -srm), libtorch $flavor from $libtorch"
  if command -v nvidia-smi >/dev/null; then
    nvidia-smi --query-gpu=name,driver_version,memory.used,memory.total --format=csv,noheader || true
  fi
  # The packaged Java runtime's JPEG reader links libjpeg.so.62, which the .deb depends on
  # (libjpeg62-turbo); on a machine without it, the carried package stands in for that install.
  if ! ldconfig -p 2>/dev/null | grep -q 'libjpeg\.so\.62 '; then
    dpkg -x "$(ls "$debs"/libjpeg62-turbo_*.deb)" /tmp/jpeg-root
    export LD_LIBRARY_PATH="/tmp/jpeg-root/usr/lib/x86_64-linux-gnu${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"
    echo "no libjpeg.so.62 on this machine (the .deb depends on libjpeg62-turbo): taken from the carried package"
  fi
  local arpg="$app/bin/arpg"
  timed "$arpg" models device
  if [[ $flavor == cu* ]] && ! grep -q '^GPU' "$last"; then
    # DJL counts GPUs through libcudart, which the CUDA package puts on JNA's path itself.
    echo "the documented route chose no GPU: again with libtorch's libcudart on JNA's path"
    mkdir -p /tmp/cudart && ln -sf "$libtorch"/libcudart-*.so.12 /tmp/cudart/libcudart.so
    export JAVA_TOOL_OPTIONS="-Djna.library.path=/tmp/cudart $JAVA_TOOL_OPTIONS"
    timed "$arpg" models device
  fi
  timed "$app/lib/runtime/bin/java" -cp "$bench/*:$app/lib/app/*" com.arpgstudio.bench.ReleasedCheckpoints \
    --model arpg-l --out "$home/data/models"
  timed "$arpg" models
  # --device auto (the default) selects as 'arpg models device' said above
  timed "$arpg" inpaint --model arpg-l --image "$photo" --mask "$mask" --seed 7 --steps "$steps" \
    --out "$out/inpaint.png"
  timed "$arpg" outpaint --model arpg-l --image "$photo" --right "$outpaint_right" --seed 7 --steps "$steps" --out "$out/outpaint.png"
  timed "$arpg" expand --model arpg-l --image "$photo" --seed 7 --steps "$steps" --out "$out/expand.png"

  # The editor: the settings name the model; --demo opens the photo, brushes, generates, outpaints,
  # expands, saving a screenshot of each step, and quits.
  printf '{"modelId": "%s"}\n' "$editor_model" >"$home/config/settings.json"
  rm -rf "$out/shots"
  local saved_path=$PATH saved_libs=${LD_LIBRARY_PATH:-} display xvfb
  if start_x "$debs"; then
    DISPLAY=$display JAVA_TOOL_OPTIONS="$JAVA_TOOL_OPTIONS -Dprism.order=sw" \
      timed timeout "$editor_limit" "$app/bin/ARPG Studio" --demo="$out/shots" "$screenshot_photo"
    kill "$xvfb" 2>/dev/null || true
  else
    export PATH=$saved_path LD_LIBRARY_PATH=$saved_libs
    echo "no X server runs here: the editor's tour offscreen, through Monocle's headless platform, with the"
    echo "app-image's own runtime, jars and java options"
    local options
    mapfile -t options < <(sed -n 's/^java-options=//p' "$app/lib/app/ARPG Studio.cfg")
    timed timeout "$editor_limit" "$app/lib/runtime/bin/java" "${options[@]}" -cp "$app/lib/app/*:$monocle" \
      -Dglass.platform=Monocle -Dmonocle.platform=Headless -Dprism.order=sw -Djava.awt.headless=true \
      com.arpgstudio.app.Launcher --demo="$out/shots" "$screenshot_photo"
  fi
  [ -d "$out/shots" ] && ls -l "$out/shots"
  echo "results in $out: $(ls "$out" | tr '\n' ' ')"
  echo "$failures step(s) failed"
  [ "$failures" -eq 0 ]
}

# The run here, as on the GPU machine: every piece staged as the device calls stage them, and the
# CPU libtorch that DJL unpacked for an earlier start of the app (~/.djl.ai), cut into pieces as
# the GPU notes cut CUDA's, in place of CUDA's.
cpu() {
  ls "$work"/chunks/a?? >/dev/null 2>&1 || fail "no pieces in .gpu-app/chunks: run gpu-check.sh pack first"
  local djl
  djl=$(ls -d "$HOME"/.djl.ai/pytorch/2.5.1-*cpu-linux-x86_64 2>/dev/null | head -1)
  [ -n "$djl" ] || fail "no CPU libtorch in ~/.djl.ai: start the app (./run) or the smoke test once"
  rm -rf "$stage" /tmp/arpg-app /tmp/libtorch-cpu /tmp/stage-cpu-torch /tmp/cpu-torch
  mkdir -p "$stage" /tmp/stage-cpu-torch /tmp/cpu-torch
  cp "$work"/chunks/* "$stage/"
  cp "$djl"/* /tmp/cpu-torch/
  mv /tmp/cpu-torch/*-libdjl_torch.so /tmp/cpu-torch/libdjl_torch.so
  (cd /tmp/cpu-torch && tar cf - . | zstd -3 -T0 -q -c | split -b 60000000 -d -a 2 - /tmp/stage-cpu-torch/p)
  rm -rf /tmp/cpu-torch
  torch_stage=/tmp/stage-cpu-torch
  # ARPG-L on two CPU cores takes minutes a window: the commands get a corner of the photo (one
  # window; four when expanded) unless PHOTO and MASK name others.
  if [ -z "${PHOTO:-}" ]; then
    command -v convert >/dev/null || fail "expected ImageMagick's convert here, or PHOTO and MASK"
    photo=/tmp/gpu-check-corner.png mask=/tmp/gpu-check-corner-mask.png
    convert "$screenshot_photo" -crop 128x128+0+0 +repage "$photo"
    convert -size 128x128 xc:black -fill white -draw "rectangle 40,40 87,87" -depth 1 "$mask"
    outpaint_right=64
  fi
  EDITOR_LIMIT=${EDITOR_LIMIT:-900} LIBTORCH=/tmp/libtorch-cpu PYTORCH_FLAVOR=cpu STEPS=${STEPS:-2} \
    EDITOR_MODEL=${EDITOR_MODEL:-default} OUT=${OUT:-$work/out-cpu} run
}

case "${1:-}" in
  pack) pack ;;
  next) next ;;
  stage) stage_piece ;;
  run) run ;;
  cpu) cpu ;;
  *) sed -n '2,/^set -euo/{/^set -euo/!p}' "$0"; exit 2 ;;
esac
