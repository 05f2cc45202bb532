#!/usr/bin/env bash
# bench/cpu-window-batch.sh on the CPU of the GPU machine (16 quiet cores; the CUDA libtorch staged
# there runs on the CPU too) in one device call of under 4 minutes: `arpg expand` and `arpg outpaint
# --right 256` of china.jpg resized to 800x535, --window-batch 1 against the default, wall and CPU
# time, with the default libtorch threads: the expansion on every core (also with --window-batch 16),
# then on four cores (taskset -c 0-3: a 4-core laptop), then the outpaint on every core.
#
# Here, with the CUDA libtorch already staged on the device (docs/gpu.md; .gpu/run/on-gpu.sh):
#   bash bench/device-cpu-window-batch.sh prepare .gpu/cpu-window-batch   # builds; fills the git-ignored folder (~19 MB)
# Then one device call with carry [".gpu/run", ".gpu/cpu-window-batch"] and the command
#   bash .gpu/run/on-gpu.sh bash .gpu/cpu-window-batch/device-cpu-window-batch.sh run .gpu/cpu-window-batch
# The embedded model comes from the checkout's own resources (tracked, so every device call has it).
# Runs stop at their part's share of the time (ARPG_BENCH_SECONDS, default 180 in all; a
# one-at-a-time run stopped there still bounds the speed-up from below); summaries and
# logs come back under $OUT.
set -euo pipefail
mode=${1:?usage: device-cpu-window-batch.sh prepare|run DIR}
dir=${2:?usage: device-cpu-window-batch.sh prepare|run DIR}
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)

if [ "$mode" = prepare ]; then
  root=$(git rev-parse --show-toplevel)
  # the engine's classes without the embedded model, and the jars but libtorch's
  bash "$root/bench/gpu-window-batch.sh" prepare "$dir" > /dev/null
  rm -f "$dir/gpu-window-batch.sh" "$dir"/lib/bench-*.jar "$dir"/lib/inference-*-tests.jar   # the CLI needs neither
  cp "$here/cpu-window-batch.sh" "$here/device-cpu-window-batch.sh" "$dir/"
  convert "$root/inference/src/test/resources/com/arpgstudio/inference/photos/china.jpg" -resize '800x535!' \
      "$dir/china-800.png" 2> /dev/null
  du -sh "$dir"
  exit 0
fi

out=${OUT:-$dir/out}
mkdir -p "$out"
budget=${ARPG_BENCH_SECONDS:-180}
begin=$(date +%s)
export ARPG_CLASSPATH="$dir/classes:inference/src/main/resources:$dir/lib/*"
export ARPG_EDIT_ARGS="--device cpu"
# the warm-up unpacks the embedded model into the app's folder and loads libtorch once, so that the
# first measured run pays neither
java -Dai.djl.offline=true -cp "$ARPG_CLASSPATH" com.arpgstudio.inference.cli.ArpgCli models device \
    > "$out/warm-up.log" 2>&1 || true
lscpu | grep -E '^(Model name|CPU\(s\)|Thread|Core)' > "$out/cpu.txt" || true
# the expansion on every core (also with a window batch of 16: how much the default's fuller waves
# give) until half the time, then on four cores until 80 %, then the outpaint on every core. The
# long run comes last in each: stopped at the deadline, it still bounds the speed-up from below.
part() {   # part SHARE_PERCENT OUT_NAME [taskset ARGS...]: cpu-window-batch.sh until that share of the budget
  export ARPG_BENCH_DEADLINE=$((begin + budget * $1 / 100))
  local name=$2
  shift 2
  "$@" bash "$dir/cpu-window-batch.sh" "$dir/china-800.png" "$out/$name"
}
ARPG_EDITS=expand ARPG_ALSO_BATCHES=16 part 50 all-cores
ARPG_EDITS=expand part 80 four-cores taskset -c 0-3
ARPG_EDITS=outpaint part 100 all-cores
