#!/usr/bin/env bash
# Windows one at a time against waves of windows as one batch, on the GPU machine in one device
# call: WindowBatchBench with ARPG-L and VQ-16 shaped random weights in float16, a 2x expansion of a
# 1024x768 picture and an outpaint of 512 px on its right, --window-batch 1 against 64 (the default), one after
# the other, with peak device memory (about 7 minutes of device time: the sequential expansion about
# 2.5, the outpaint's three invocations about 3.5).
#
# Here, in the checkout the device call sends, with the CUDA libtorch already staged on the device
# (docs/gpu.md; .gpu/run/on-gpu.sh unpacks it there):
#   bash bench/gpu-window-batch.sh prepare .gpu/window-batch [BASE]   # builds; fills the git-ignored folder
#   (~19 MB; with BASE, a commit, also that commit's engine and bench in .gpu/window-batch/base, ~3 MB more)
# Then one device call with carry [".gpu/run", ".gpu/window-batch"] and the command
#   bash .gpu/run/on-gpu.sh bash .gpu/window-batch/gpu-window-batch.sh run .gpu/window-batch [outpaint|detail|tokenizer|compare]
# ("outpaint": the outpaint alone, three invocations of five rounds each, about 3.5 minutes;
# "detail": DetailBench alone, the detail pass auto against off with where each pass's time went,
# then PasteBench on the host's cores and on one, about a minute; "tokenizer": VqBench in float16 at
# batch 1 and 24, twice, under a minute; "compare": the outpaint of BASE
# and of this build interleaved, twice each, about 4 minutes). The logs come back under
# $OUT. JAVA_OPTS goes to the benches' java, for example
# JAVA_OPTS=-Djava.util.concurrent.ForkJoinPool.common.parallelism=0 keeps the host's work (the
# pastes) on the edit's one thread, to see what the host's cores save.
set -euo pipefail
usage="usage: gpu-window-batch.sh prepare DIR [BASE_COMMIT] | run DIR [outpaint|detail|tokenizer|compare]"
mode=${1:?$usage}
dir=${2:?$usage}

if [ "$mode" = prepare ]; then
  root=$(git rev-parse --show-toplevel)
  (cd "$root" && mvn -q -B -o package -DskipTests)
  rm -rf "$dir" && mkdir -p "$dir/lib"
  # the engine's classes without the embedded model (the bench uses random weights)
  cp -r "$root/inference/target/classes" "$dir/classes" && rm -rf "$dir/classes/com/arpgstudio/inference/models"
  cp "$root"/bench/target/bench-*.jar "$dir/lib/"
  for jar in "$root"/bench/target/lib/*.jar; do
    case $(basename "$jar") in
      pytorch-native-*|inference-*-SNAPSHOT.jar) ;;          # libtorch comes staged; classes are above
      *) cp "$jar" "$dir/lib/" ;;
    esac
  done
  base=${3:-}
  if [ -n "$base" ]; then
    # another commit's engine and bench beside this build's, for "compare": built in a throwaway worktree
    tree=$(mktemp -d)
    git -C "$root" worktree add -q --detach "$tree" "$base"
    trap 'git -C "$root" worktree remove --force "$tree" 2> /dev/null || true' EXIT   # also when the build fails
    (cd "$tree" && mvn -q -B -o package -DskipTests -pl inference,bench -am)
    mkdir -p "$dir/base"
    cp -r "$tree/inference/target/classes" "$dir/base/classes" && rm -rf "$dir/base/classes/com/arpgstudio/inference/models"
    cp "$tree"/bench/target/bench-*.jar "$tree"/inference/target/inference-*-tests.jar "$dir/base/"
    git -C "$tree" rev-parse --short HEAD > "$dir/base/commit"
  fi
  cp "${BASH_SOURCE[0]}" "$dir/gpu-window-batch.sh"
  du -sh "$dir"
  exit 0
fi

out=${OUT:-.}
bench() {
  java -Xmx16g ${JAVA_OPTS:-} -cp "$dir/classes:$dir/lib/*" com.arpgstudio.bench.WindowBatchBench \
      --gpu 1 --random-released 1 --width 1024 --height 768 --margin 512 --steps 64 --runs 1 "$@" \
      2>&1 | tee -a "$out/window-batch.log"
}
# the expansion (skipped with a third argument "outpaint"), then the outpaint (a layout window, then
# 24 detail windows in one wave, then 38 heal windows in two waves), each at the default
# window batch; after each run, where its time went (per group of windows: encode, generate, decode, host)
only=${3:-all}
if [ "$only" = compare ]; then
  # the outpaint of the base commit (prepared with "prepare DIR BASE") and of this build, interleaved,
  # twice each, each invocation its own rounds (--runs 3: one at a time, then batched); JAVA_OPTS_NEW
  # adds options to this build's invocations only (an experiment's flag)
  [ -d "$dir/base" ] || { echo "no base build in $dir: prepare it with a commit as the third argument" >&2; exit 2; }
  for round in 1 2; do
    for build in base new; do
      if [ "$build" = base ]; then
        classpath="$dir/base/classes:$(ls "$dir"/base/*.jar | tr '\n' ':')$dir/lib/*"
        options=""
        echo "=== base $(cat "$dir/base/commit"), round $round" | tee -a "$out/compare.log"
      else
        classpath="$dir/classes:$dir/lib/*"
        options=${JAVA_OPTS_NEW:-}
        echo "=== this build ${options}, round $round" | tee -a "$out/compare.log"
      fi
      java -Xmx16g ${JAVA_OPTS:-} $options -cp "$classpath" com.arpgstudio.bench.WindowBatchBench \
          --gpu 1 --random-released 1 --width 1024 --height 768 --margin 512 --steps 64 --expand 0 --outpaint 1 \
          --runs 3 2>&1 | tee -a "$out/compare.log" | grep -E "window batch|faster" | cut -c1-140 || true
    done
  done
  exit 0
fi
if [ "$only" = tokenizer ]; then
  # the tokenizer as the GPU editor runs it (float16), at one image and at a detail wave's 24, twice
  for round in 1 2; do
    java ${JAVA_OPTS:-} -cp "$dir/classes:$dir/lib/*" com.arpgstudio.bench.VqBench --device gpu --dtype float16 \
        --batch 1,24 --iterations 5 2>&1 | grep -m 5 -E "^(VQ|decode batch|encode batch)" \
        | tee -a "$out/tokenizer.log" || true     # grep stops VqBench after its figures (before previews)
  done
  exit 0
fi
[ "$only" = outpaint ] || [ "$only" = detail ] || bench --expand 1 --outpaint 0 --batch 64
if [ "$only" != detail ]; then
  # three invocations, each five rounds one at a time and five batched (the host's speed moves the
  # batched round's scripted steps: the fastest of five catches a quiet spell)
  for invocation in 1 2 3; do
    bench --expand 0 --outpaint 1 --batch 64 --runs 5
  done
fi
[ "$only" = outpaint ] && exit 0

# fills of masks 1x, 2x and 3x the 256 px window on a 2048x1536 picture, detail pass off then auto
# (the coarse fill, then detail passes in batched waves), twice each: auto's time over off's
java -Xmx16g ${JAVA_OPTS:-} -cp "$dir/classes:$dir/lib/*" com.arpgstudio.bench.DetailBench \
    --gpu 1 --random-released 1 --width 2048 --height 1536 --sizes 5,10,20,30 --steps 64 --batch 64 --runs 2 \
    2>&1 | tee "$out/detail.log"
# the 768 px fill's paste of its last pass's map (host work between generations) on every core, then on one
java ${JAVA_OPTS:-} -cp "$dir/classes:$dir/lib/*" com.arpgstudio.bench.PasteBench --runs 50 2>&1 | tee -a "$out/detail.log"
if command -v taskset > /dev/null; then
  taskset -c 0 java ${JAVA_OPTS:-} -cp "$dir/classes:$dir/lib/*" com.arpgstudio.bench.PasteBench --runs 50 2>&1 | tee -a "$out/detail.log"
fi
