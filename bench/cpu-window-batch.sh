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
# ARPG_CLASSPATH replaces LIB_DIR/* as the class path (bench/device-cpu-window-batch.sh sets it).
# ARPG_ALSO_BATCHES lists window batches run besides the default (an edit-batch-N run each, after
# the default's). ARPG_EDIT_ARGS are added to every edit's arguments (say --device cpu). ARPG_EDITS chooses the edits ("expand outpaint" by default). ARPG_BENCH_DEADLINE (seconds since the
# epoch) bounds the whole: a run still going then is stopped (its figures say "stopped"), a later
# one is not started.
set -euo pipefail
photo=${1:?usage: cpu-window-batch.sh PHOTO [OUT_DIR [LIB_DIR]]}
out=${2:-target/cpu-window-batch}
root=$(cd "$(dirname "$0")/.." && pwd)
lib=${3:-$root/app/target/lib}
classpath=${ARPG_CLASSPATH:-$lib/*}
edits=${ARPG_EDITS:-expand outpaint}
deadline=${ARPG_BENCH_DEADLINE:-}
[ -f "$photo" ] || { echo "no such photo: $photo" >&2; exit 2; }
mkdir -p "$out"
log=$out/summary.txt

run() {   # run NAME ARGS...: one CLI edit, timed (bash's time: the JVM's wall, user and system seconds)
  local name=$1
  shift
  local load0 limit=()
  if [ -n "$deadline" ]; then
    local left=$((deadline - $(date +%s)))
    if [ "$left" -le 0 ]; then
      echo "$name: not started (deadline)" | tee -a "$log"
      return
    fi
    limit=(timeout "$left")
  fi
  rm -f "$out/$name.png"
  load0=$(cut -d' ' -f1 /proc/loadavg)
  local status=0 TIMEFORMAT='%R %U %S'
  # shellcheck disable=SC2086
  { time "${limit[@]}" java -Xmx4g ${ARPG_JAVA_OPTS:-} -Dai.djl.offline=true \
      -Dorg.slf4j.simpleLogger.defaultLogLevel=warn -cp "$classpath" com.arpgstudio.inference.cli.ArpgCli "$@" \
      ${ARPG_EDIT_ARGS:-} --seed 1 --quiet --out "$out/$name.png" > "$out/$name.log" 2>&1 || status=$?; } 2> "$out/$name.time"
  local done=
  [ "$status" -eq 0 ] || rm -f "$out/$name.png"   # no comparison with an unfinished edit
  if [ "$status" -eq 124 ]; then
    done=" stopped at the deadline"
  elif [ "$status" -ne 0 ]; then
    done=" failed (exit $status, see $name.log)"
  fi
  read -r wall user system < "$out/$name.time"
  printf '%-22s wall %8.1f s  cpu %8.1f s  (load %s -> %s)%s\n' "$name" "$wall" \
      "$(awk -v u="$user" -v s="$system" 'BEGIN {print u + s}')" "$load0" "$(cut -d' ' -f1 /proc/loadavg)" "$done" \
      | tee -a "$log"
}

echo "== $(date -u '+%F %T') UTC, $(nproc) cores, photo $photo, ${ARPG_JAVA_OPTS:-default threads}" | tee -a "$log"
start=$(wc -l < "$log")
for edit in $edits; do
  case $edit in
    expand) args=(expand --image "$photo") ;;
    outpaint) args=(outpaint --image "$photo" --right 256) ;;
    *) echo "unknown edit: $edit (expand, outpaint)" >&2; exit 2 ;;
  esac
  run "$edit-batched" "${args[@]}"
  for n in ${ARPG_ALSO_BATCHES:-}; do
    run "$edit-batch-$n" "${args[@]}" --window-batch "$n"
  done
  run "$edit-one-by-one" "${args[@]}" --window-batch 1
done
# a one-at-a-time run stopped by the deadline still bounds the speed-up from below
tail -n +"$((start + 1))" "$log" | awk '/^(expand|outpaint)-/ && !/not started|failed/ {
         wall[$1] = $3; cpu[$1] = $6; if (/stopped/) stopped[$1] = 1}
     END {for (run in wall) {edit = run; sub(/-.*/, "", edit); o = edit "-one-by-one"
            if (run != o && (o in wall) && !(run in stopped))
              printf "%s faster than one at a time by wall / cpu time %s%.2fx / %.2fx\n", run,
                  (o in stopped) ? "at least " : "", wall[o] / wall[run], cpu[o] / cpu[run]}}' | sort | tee -a "$log"
for edit in $edits; do
  if [ -f "$out/$edit-batched.png" ] && [ -f "$out/$edit-one-by-one.png" ]; then
    if cmp -s "$out/$edit-batched.png" "$out/$edit-one-by-one.png"; then same="the same"; else same=different; fi
    echo "$edit: batched and one at a time wrote $same files" | tee -a "$log"
  fi
done
