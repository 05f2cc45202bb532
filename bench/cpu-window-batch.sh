#!/usr/bin/env bash
# Windows one at a time against waves of windows as one batch, on the CPU with the embedded model:
# `arpg expand` and `arpg outpaint --right 256` of one photo, each with --window-batch 1 and with
# the default, interleaved (batched first). Prints for each run the wall time, the CPU time (user +
# system: on a machine shared with other work the fairer figure, with one libtorch thread) and the
# load average before and after, then the speed-ups by both, and whether each edit wrote the same
# pixels batched and one at a time; the results are written beside the log.
#
#   bash bench/cpu-window-batch.sh PHOTO [OUT_DIR [LIB_DIR]]
#
# LIB_DIR defaults to app/target/lib (what ./arpg runs; build it first); copy it elsewhere to keep
# measuring one build while working on the next. Extra JVM options go in ARPG_JAVA_OPTS, for example
# ARPG_JAVA_OPTS='-Dai.djl.pytorch.num_threads=1 -Dai.djl.pytorch.num_interop_threads=1'.
set -euo pipefail
photo=${1:?usage: cpu-window-batch.sh PHOTO [OUT_DIR [LIB_DIR]]}
out=${2:-target/cpu-window-batch}
root=$(cd "$(dirname "$0")/.." && pwd)
lib=${3:-$root/app/target/lib}
[ -f "$photo" ] || { echo "no such photo: $photo" >&2; exit 2; }
mkdir -p "$out"
log=$out/summary.txt

run() {   # run NAME ARGS...: one CLI edit, timed
  local name=$1
  shift
  local load0
  load0=$(cut -d' ' -f1 /proc/loadavg)
  # shellcheck disable=SC2086
  /usr/bin/time -o "$out/$name.time" -f '%e %U %S' java -Xmx4g ${ARPG_JAVA_OPTS:-} -Dai.djl.offline=true \
      -Dorg.slf4j.simpleLogger.defaultLogLevel=warn -cp "$lib/*" com.arpgstudio.inference.cli.ArpgCli "$@" \
      --seed 1 --quiet --out "$out/$name.png" > "$out/$name.log" 2>&1
  read -r wall user system < "$out/$name.time"
  printf '%-22s wall %8.1f s  cpu %8.1f s  (load %s -> %s)\n' "$name" "$wall" "$(echo "$user + $system" | bc)" \
      "$load0" "$(cut -d' ' -f1 /proc/loadavg)" | tee -a "$log"
}

echo "== $(date -u '+%F %T') UTC, $(nproc) cores, photo $photo" | tee -a "$log"
run expand-batched expand --image "$photo"
run expand-one-by-one expand --image "$photo" --window-batch 1
run outpaint-batched outpaint --image "$photo" --right 256
run outpaint-one-by-one outpaint --image "$photo" --right 256 --window-batch 1
awk '/^expand|^outpaint/ {wall[$1] = $3; cpu[$1] = $6}
     END {printf "batched faster by wall / cpu time: expand %.2fx / %.2fx, outpaint --right 256 %.2fx / %.2fx\n",
          wall["expand-one-by-one"] / wall["expand-batched"], cpu["expand-one-by-one"] / cpu["expand-batched"],
          wall["outpaint-one-by-one"] / wall["outpaint-batched"], cpu["outpaint-one-by-one"] / cpu["outpaint-batched"]}' \
    <(tail -4 "$log") | tee -a "$log"
for edit in expand outpaint; do
  if cmp -s "$out/$edit-batched.png" "$out/$edit-one-by-one.png"; then same="the same"; else same=different; fi
  echo "$edit: batched and one at a time wrote $same files" | tee -a "$log"
done
