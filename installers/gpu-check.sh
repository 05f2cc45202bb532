#!/usr/bin/env bash
# The installed app's GPU route, run end to end on a machine with no network (the GPU machine),
# in one sitting: the Linux app-image without its CPU libtorch, pointed at a CUDA 12.4 libtorch
# 2.5.1 with PYTORCH_LIBRARY_PATH (docs/gpu.md, "A libtorch you already have"); ARPG-L-shaped
# random weights written in the released .pt layout with the released VQ-16 shape
# (bench ReleasedCheckpoints), installed where a download puts them; then the packaged `arpg`
# launcher inpaints, outpaints and expands the sample photo with the device chosen automatically,
# and the editor runs its --demo tour under Xvfb on ARPG-L, its screenshots showing the status
# bar's device and timings.
#
# Here (the build machine), from the project root:
#   installers/gpu-check.sh pack    builds the app-image (installers/package.sh --no-libtorch), the
#                                   bench jars and an X server with GTK 3 as Debian packages, and
#                                   splits all of it, compressed, into pieces of 28 MB under
#                                   .gpu-app/chunks (a device call carries at most 64 MiB, of which
#                                   the repository's files take about 30). CUDA libtorch comes from
#                                   .gpu/chunks (made by the GPU notes' pack.sh) cut to the same size.
#   installers/gpu-check.sh next    moves the next piece into .gpu-app/chunk; says when none is left
#   installers/gpu-check.sh cpu     the same run here on the CPU, with the app-image's own CPU
#                                   libtorch (installers/package.sh app-image first) and few steps
# On the GPU machine, one device call per piece, back to back (a gap over 30 s loses the machine):
#   carry [".gpu-app/chunk"], command: bash installers/gpu-check.sh stage
# and then the run:
#   command: bash installers/gpu-check.sh run          (its results come back from $OUT)
# Results (in $OUT there, .gpu-app/out-cpu here): run.log (every command and its output, with
# timings), inpaint.png, outpaint.png, expand.png, and shots.tar (the editor's screenshots).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
work="$root/.gpu-app"
stage=/tmp/stage-app
piece_bytes=${PIECE_BYTES:-28000000}
photo="$root/screenshots/sample/beach.jpg"
mask="$root/installers/gpu-check-mask.png"
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
  local exclude
  exclude=$(git rev-parse --git-path info/exclude)
  grep -qx '/.gpu-app/' "$exclude" 2>/dev/null || echo '/.gpu-app/' >>"$exclude"
  mkdir -p "$work"
  installers/package.sh --no-libtorch --out "$work/build" app-image
  mvn -q -B -o -pl bench -am package -DskipTests
  local payload="$work/payload"
  rm -rf "$payload" "$work/chunks" "$work/chunk"
  mkdir -p "$payload/bench" "$payload/debs" "$work/chunks" "$work/chunk" "$work/debs"
  cp -a "$work/build/ARPG Studio" "$payload/app"
  cp bench/target/bench-*.jar bench/target/lib/inference-*-tests.jar "$payload/bench/"
  (cd "$work/debs" && for p in "${x_packages[@]}"; do ls "${p}"_*.deb >/dev/null 2>&1 || apt-get download -q "$p"; done)
  cp "$work"/debs/*.deb "$payload/debs/"
  tar -C "$payload" -cf - . | zstd -19 -T0 -q -o "$work/app.tar.zst"
  split -b "$piece_bytes" -d -a 2 "$work/app.tar.zst" "$work/chunks/a"
  cp "$(command -v zstd)" "$work/chunks/zstd"
  if ls .gpu/chunks/p?? >/dev/null 2>&1; then
    cat .gpu/chunks/p?? | split -b "$piece_bytes" -d -a 2 - "$work/chunks/t"
  else
    echo "no .gpu/chunks: CUDA libtorch must be staged on the GPU machine as the GPU notes say" >&2
  fi
  rm -f "$work/app.tar.zst"
  echo "ready: $(ls "$work/chunks" | wc -l) pieces in .gpu-app/chunks ($(du -sh "$work/chunks" | cut -f1)):"
  echo "  app $(ls "$work"/chunks/a?? | wc -l), libtorch $(ls "$work"/chunks/t?? 2>/dev/null | wc -l), and zstd"
}

next() {
  mkdir -p "$work/chunk"
  rm -f "$work/chunk/"*
  local piece
  piece=$(ls "$work/chunks" 2>/dev/null | sort | head -1)
  if [ -z "$piece" ]; then
    echo "none left: every piece was moved; now the run (bash installers/gpu-check.sh run)"
    return 0
  fi
  mv "$work/chunks/$piece" "$work/chunk/"
  echo "$piece ($(stat -c %s "$work/chunk/$piece") bytes) in .gpu-app/chunk; $(ls "$work/chunks" | wc -l) left"
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
  [ -e /usr/bin/xkbcomp ] || ln -s "$xroot/usr/bin/xkbcomp" /usr/bin/xkbcomp
  [ -e /usr/share/X11/xkb ] || { mkdir -p /usr/share/X11 && ln -s "$xroot/usr/share/X11/xkb" /usr/share/X11/xkb; }
  mkdir -p "$xroot/etc/fonts-run"
  cat >"$xroot/etc/fonts-run/fonts.conf" <<EOF
<?xml version="1.0"?>
<!DOCTYPE fontconfig SYSTEM "fonts.dtd">
<fontconfig><dir>$xroot/usr/share/fonts</dir><dir>/usr/share/fonts</dir><cachedir>/tmp/fontconfig-cache</cachedir></fontconfig>
EOF
  export FONTCONFIG_FILE="$xroot/etc/fonts-run/fonts.conf"
  export XKB_CONFIG_ROOT="$xroot/usr/share/X11/xkb"
}

# Runs a command, echoing it and its wall time into the log; a failure is counted, not fatal, so
# that one call brings back everything that can be learned.
failures=0
timed() {
  echo "\$ $*"
  local start status=0 ms
  start=$(date +%s%N)
  "$@" || status=$?
  ms=$((($(date +%s%N) - start) / 1000000))
  printf 'took %d.%d s, exit status %d\n\n' $((ms / 1000)) $((ms % 1000 / 100)) "$status"
  [ "$status" -eq 0 ] || failures=$((failures + 1))
}

run() {
  local mode=$1 app bench debs out steps editor_model
  if [ "$mode" = gpu ]; then
    out=${OUT:?expected OUT (the device machine sets it)}
    [ -x "$stage/zstd" ] || fail "nothing staged in $stage: stage every piece first (gpu-check.sh next, then stage)"
    if [ ! -x /tmp/arpg-app/app/bin/arpg ]; then
      mkdir -p /tmp/arpg-app
      cat "$stage"/a?? | "$stage/zstd" -d -q -c | tar xf - -C /tmp/arpg-app
    fi
    if [ ! -f /tmp/libtorch/libtorch_cuda.so ]; then
      ls "$stage"/t?? >/dev/null 2>&1 || fail "no CUDA libtorch in /tmp/libtorch and no pieces of it staged"
      mkdir -p /tmp/libtorch
      cat "$stage"/t?? | "$stage/zstd" -d -q -c | tar xf - -C /tmp/libtorch
    fi
    app=/tmp/arpg-app/app
    bench=/tmp/arpg-app/bench
    debs=/tmp/arpg-app/debs
    export PYTORCH_LIBRARY_PATH=/tmp/libtorch PYTORCH_VERSION=2.5.1 PYTORCH_FLAVOR=cu124
    steps=${STEPS:-64}
    editor_model=${EDITOR_MODEL:-arpg-l}
  else
    out=${OUT:-$work/out-cpu}
    app="$root/target/installers/ARPG Studio"
    [ -x "$app/bin/arpg" ] || fail "no app-image in target/installers: run installers/package.sh app-image"
    mvn -q -B -o -pl bench -am package -DskipTests
    bench="$work/bench-cpu"
    rm -rf "$bench" && mkdir -p "$bench"
    cp bench/target/bench-*.jar bench/target/lib/inference-*-tests.jar "$bench/"
    debs="$work/debs"
    steps=${STEPS:-2}
    editor_model=${EDITOR_MODEL:-default}
  fi
  mkdir -p "$out"
  local home=/tmp/arpg-gpu-check-home
  rm -rf "$home"
  mkdir -p "$home/config"
  # A user who has just installed the app: fresh settings and models folders.
  export JAVA_TOOL_OPTIONS="-Darpg.home=$home -Dprism.order=sw ${JAVA_TOOL_OPTIONS:-}"
  exec > >(tee "$out/run.log") 2>&1
  echo "gpu-check $mode: $(date -u), $(uname -srm)"
  if command -v nvidia-smi >/dev/null; then
    nvidia-smi --query-gpu=name,driver_version,memory.used,memory.total --format=csv,noheader
  fi
  local arpg="$app/bin/arpg"
  timed "$arpg" models device
  timed "$app/lib/runtime/bin/java" -cp "$bench/*:$app/lib/app/*" com.arpgstudio.bench.ReleasedCheckpoints \
    --model arpg-l --out "$home/data/models"
  timed "$arpg" models
  timed "$arpg" inpaint --model arpg-l --image "$photo" --mask "$mask" --seed 7 --steps "$steps" \
    --record "$out/inpaint.json" --out "$out/inpaint.png"
  timed "$arpg" outpaint --model arpg-l --image "$photo" --right 256 --seed 7 --steps "$steps" --out "$out/outpaint.png"
  timed "$arpg" expand --model arpg-l --image "$photo" --seed 7 --steps "$steps" --out "$out/expand.png"
  grep -o '"device":"[^"]*"' "$out/inpaint.json" || true
  rm -f "$out/inpaint.json"

  # The editor: the settings name the model; --demo opens the photo, brushes, generates, outpaints,
  # expands, saving a screenshot of each step, and quits.
  printf '{"modelId": "%s"}\n' "$editor_model" >"$home/config/settings.json"
  if ! command -v Xvfb >/dev/null || [ "${X_FROM_PACKAGES:-0}" = 1 ]; then
    x_from_packages "$debs"
  fi
  local display=":$((200 + $$ % 500))"
  Xvfb "$display" -screen 0 1440x900x24 -nolisten tcp >"$out/xvfb.log" 2>&1 &
  local xvfb=$!
  sleep 2
  kill -0 "$xvfb" 2>/dev/null || { cat "$out/xvfb.log"; fail "Xvfb did not start"; }
  rm -rf "$out/shots"
  export DISPLAY=$display
  timed timeout 1200 "$app/bin/ARPG Studio" --demo="$out/shots" "$photo"
  kill "$xvfb" 2>/dev/null || true
  if [ -d "$out/shots" ]; then
    ls -l "$out/shots"
    tar -C "$out" -cf "$out/shots.tar" shots && rm -rf "$out/shots" "$out/xvfb.log"
  fi
  echo "results in $out: $(ls "$out" | tr '\n' ' ')"
  echo "$failures step(s) failed"
  [ "$failures" -eq 0 ]
}

case "${1:-}" in
  pack) pack ;;
  next) next ;;
  stage) stage_piece ;;
  run) run gpu ;;
  cpu) run cpu ;;
  *) sed -n '2,31p' "$0"; exit 2 ;;
esac
