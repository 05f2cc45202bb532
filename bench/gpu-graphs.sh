#!/usr/bin/env bash
# The CUDA-graph checks and figures on the GPU machine, in one device call (about 7 minutes), most
# important first (what comes later is skipped when the call's time runs short; the summary says so):
# - the engine's GPU tests with every scripted generation captured and replayed
#   (-Darpg.cudaGraphs=always), the VQ coders' tests with exact float32 convolutions
#   (NVIDIA_TF32_OVERRIDE=0) and every tokenizer call captured (-Darpg.coderGraphs=always), the
#   passes, generation and reference tests with matmul attention for every call
#   (-Darpg.attention=matmul);
# - ArpgBench at batch 1 and 64 with graphs off and on, and on with each attention kernel
#   (flash, matmul, efficient; the default: flash, the efficient kernel from 1,024 (row, head) pairs),
#   invocations interleaved, twice; peaks in each;
# - InpaintBench with graphs off, on, and on with the tokenizer's calls as graphs too
#   (-Darpg.coderGraphs=repeated); each run prints when it encoded, stepped, decoded and ended;
# - ArpgBench at batch 1, 4, 8, 16, 32 and 64 with flash and with matmul attention (the crossover);
# - the tests again with efficient attention; VqBench at batch 1 (encode, decode) without and
#   with the tokenizer's graphs; ArpgBench with cuBLASLt preferred (TORCH_BLAS_PREFER_CUBLASLT=1);
# - each replayed step's time at batch 1 and 64 (ArpgBench --progress), default attention.
#
# Here, in the checkout the device call sends, with the CUDA libtorch already staged on the device
# (the pytorch-native-cu124 jar's libraries, unpacked there by .gpu/run/on-gpu.sh):
#   bash bench/gpu-graphs.sh prepare .gpu/graphs     # builds; fills the git-ignored folder (~36 MB)
# Then one device call with carry [".gpu/run", ".gpu/graphs"] and the command
#   bash .gpu/run/on-gpu.sh bash .gpu/graphs/gpu-graphs.sh run .gpu/graphs
# Logs come back under $OUT; the end of the output is a summary.
set -uo pipefail
mode=${1:?usage: gpu-graphs.sh prepare|run DIR}
dir=${2:?usage: gpu-graphs.sh prepare|run DIR}

if [ "$mode" = prepare ]; then
  set -e
  root=$(git rev-parse --show-toplevel)
  reference=${ARPG_REFERENCE:-$root/../shared/fixtures/arpg-reference}
  (cd "$root" && mvn -q -B -o package -DskipTests)
  rm -rf "$dir" && mkdir -p "$dir/lib" "$dir/fixtures" "$dir/runner"
  dir=$(cd "$dir" && pwd)
  # the engine's classes without the embedded model (23 MB; the checks use random or fixture weights)
  cp -r "$root/inference/target/classes" "$dir/classes" && rm -rf "$dir/classes/com/arpgstudio/inference/models"
  cp -r "$root/inference/target/test-classes" "$dir/test-classes"
  cp "$root"/bench/target/bench-*.jar "$dir/"
  (cd "$root" && mvn -q -B -o -pl inference dependency:build-classpath -Dmdep.includeScope=test \
      -Dmdep.outputFile="$dir/classpath.txt")
  # not the CPU libtorch (CUDA's comes staged) nor the HTTP server's netty (no test here serves)
  tr ':' '\n' < "$dir/classpath.txt" | grep -v -e pytorch-native -e /netty- -e '^$' | xargs -I{} cp {} "$dir/lib/"
  launcher=$(find ~/.m2/repository/org/junit/platform/junit-platform-launcher -name 'junit-platform-launcher-1.10.*.jar' | head -1)
  cp "$launcher" "$dir/lib/"
  for f in config.json arpg.pt arpg.safetensors forward.safetensors generate.json generate_logits.safetensors \
      vq.pt vq.safetensors vq_case.safetensors; do
    cp "$reference/$f" "$dir/fixtures/"
  done
  cat > "$dir/runner/GpuTests.java" <<'EOF'
import org.junit.platform.engine.discovery.DiscoverySelectors;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.launcher.listeners.SummaryGeneratingListener;
import java.io.PrintWriter;
import java.util.Arrays;

/** Runs the named test classes and prints JUnit's summary; exit 1 if any failed. */
public class GpuTests {
    public static void main(String[] classes) {
        LauncherDiscoveryRequest request = LauncherDiscoveryRequestBuilder.request()
                .selectors(Arrays.stream(classes).map(DiscoverySelectors::selectClass).toList()).build();
        Launcher launcher = LauncherFactory.create();
        SummaryGeneratingListener summary = new SummaryGeneratingListener();
        launcher.execute(request, summary);
        PrintWriter out = new PrintWriter(System.out, true);
        summary.getSummary().printFailuresTo(out, 20);
        summary.getSummary().printTo(out);
        System.exit(summary.getSummary().getTotalFailureCount() == 0 ? 0 : 1);
    }
}
EOF
  javac --release 17 -cp "$dir/lib/*" -d "$dir/runner" "$dir/runner/GpuTests.java"
  cp "${BASH_SOURCE[0]}" "$dir/gpu-graphs.sh"
  # a device call carries 64 MiB: the checkout's tracked files (without the embedded model, which
  # the GPU sitting moves out), .gpu/run (about 20 MB) and this folder
  du -sh "$dir"
  tracked=$(cd "$root" && git ls-files -z | grep -zv '/models/default/' | xargs -0 du -cb | tail -1 | cut -f1)
  runtime=$(du -sb "$root/.gpu/run" 2>/dev/null | cut -f1 || true)
  total=$((tracked + $(du -sb "$dir" | cut -f1) + ${runtime:-21000000}))
  echo "the device call carries about $((total / 1048576)) MiB of 64 (tracked files without the embedded model, .gpu/run, $dir)"
  [ "$total" -lt 67108864 ] || echo "too much for one device call: leave out fixtures (vq.pt: VqReferenceTest's .pt case then fails)" >&2
  exit 0
fi

out=${OUT:-/tmp/out}
mkdir -p "$out"
cp="$dir/classes:$dir/test-classes:$(ls "$dir"/bench-*.jar):$dir/lib/*:$dir/runner"
java=(java -Xmx16g -Darpg.reference="$dir/fixtures" -cp "$cp")
began=$SECONDS
limit=${GRAPHS_LIMIT:-570}     # seconds for all steps: the device call ends at 600 s
summary=()
step() {   # step LOG NAME SECONDS COMMAND...: runs it for at most SECONDS (or what is left), appends its output to LOG.log
  local log=$out/$1.log name=$2 seconds=$3
  shift 3
  local left=$((limit - (SECONDS - began)))
  if [ "$left" -lt $((seconds / 3)) ]; then
    summary+=("$name: skipped (time)")
    return
  fi
  [ "$seconds" -le "$left" ] || seconds=$left
  echo "=== $name" | tee -a "$log"
  local started=$SECONDS
  timeout "$seconds" "$@" >> "$log" 2>&1
  local rc=$?
  summary+=("$name: exit $rc, $((SECONDS - started)) s")
}
never=2147483647
flash=(-Darpg.attention=flash -Darpg.attention.efficientFrom=$never)
efficient=(-Darpg.attention=efficient)
matmul=(-Darpg.attention=matmul)

arpg_tests=(com.arpgstudio.inference.arpg.ScriptedPassesTest com.arpgstudio.inference.arpg.GeneratorTest
    com.arpgstudio.inference.arpg.StepGraphsTest com.arpgstudio.inference.arpg.ArpgGenerateReferenceTest
    com.arpgstudio.inference.arpg.ArpgForwardReferenceTest)
bench=(com.arpgstudio.bench.ArpgBench --device gpu --dtype float16 --batch 1,64 --steps 64 --runs 5 --warmup 3)
inpaint=(com.arpgstudio.bench.InpaintBench --gpu 1 --random-released 1 --half 1 --warmup 3 --runs 3)
batches=(--device gpu --dtype float16 --batch 1,4,8,16,32,64 --steps 64 --runs 3 --warmup 3 --no-memory)

# most important first: what runs later is skipped when time runs short
step tests tests 150 "${java[@]}" -Darpg.device=gpu -Darpg.cudaGraphs=always GpuTests \
    com.arpgstudio.inference.runtime.CudaGraphsTest com.arpgstudio.inference.arpg.StepPlanTest "${arpg_tests[@]}" \
    com.arpgstudio.inference.vq.CoderGraphsTest
step tests tests-vq 90 env NVIDIA_TF32_OVERRIDE=0 "${java[@]}" -Darpg.device=gpu -Darpg.coderGraphs=always GpuTests \
    com.arpgstudio.inference.vq.ScriptedCoderTest com.arpgstudio.inference.vq.VqReferenceTest
step tests tests-matmul 120 "${java[@]}" -Darpg.device=gpu -Darpg.cudaGraphs=always "${matmul[@]}" GpuTests "${arpg_tests[@]}"
for round in 1 2; do
  step arpg "off-$round" 60 "${java[@]}" -Darpg.cudaGraphs=off "${bench[@]}"
  step arpg "default-$round" 60 "${java[@]}" "${bench[@]}"
  step arpg "flash-$round" 60 "${java[@]}" "${flash[@]}" "${bench[@]}"
  step arpg "matmul-$round" 60 "${java[@]}" "${matmul[@]}" "${bench[@]}"
  step arpg "efficient-$round" 60 "${java[@]}" "${efficient[@]}" "${bench[@]}"
done
step inpaint inpaint-off 90 "${java[@]}" -Darpg.cudaGraphs=off "${inpaint[@]}"
step inpaint inpaint-on 90 "${java[@]}" "${inpaint[@]}"
step inpaint inpaint-on-coder-graphs 90 "${java[@]}" -Darpg.coderGraphs=repeated "${inpaint[@]}"
step crossover crossover-flash 90 "${java[@]}" "${flash[@]}" com.arpgstudio.bench.ArpgBench "${batches[@]}"
step crossover crossover-matmul 90 "${java[@]}" "${matmul[@]}" com.arpgstudio.bench.ArpgBench "${batches[@]}"
step tests tests-efficient 120 "${java[@]}" -Darpg.device=gpu -Darpg.cudaGraphs=always "${efficient[@]}" GpuTests \
    "${arpg_tests[@]}"
step vq vq-off 60 "${java[@]}" com.arpgstudio.bench.VqBench --device gpu --batch 1 --iterations 10
step vq vq-coder-graphs 60 "${java[@]}" -Darpg.coderGraphs=always com.arpgstudio.bench.VqBench --device gpu \
    --batch 1 --iterations 10
step arpg "cublaslt-default" 60 env TORCH_BLAS_PREFER_CUBLASLT=1 "${java[@]}" "${bench[@]}"
step arpg "cublaslt-matmul" 60 env TORCH_BLAS_PREFER_CUBLASLT=1 "${java[@]}" "${matmul[@]}" "${bench[@]}"
# each replayed step's time (the host waits for every step's tokens)
step steps steps 60 "${java[@]}" com.arpgstudio.bench.ArpgBench --device gpu --dtype float16 --batch 1,64 \
    --steps 64 --runs 1 --warmup 3 --progress --no-memory

# the figures, then what ran (the device call's reply shows the last 12,000 characters; the logs come back whole)
echo "--- vq.log"; grep -E 'decode batch|encode|^===|Exception' "$out/vq.log" 2>/dev/null | head -12
echo "--- tests.log"; grep -E '^===|tests (successful|failed)|=>' "$out/tests.log" 2>/dev/null | head -30
for f in crossover arpg; do
  echo "--- $f.log"; grep -E '^===|^(1|4|8|16|32|64) +[0-9]|Exception' "$out/$f.log" 2>/dev/null
done
echo "--- inpaint.log"; grep -E '^===|^(NONE|ADAPTIVE) +run|Exception' "$out/inpaint.log" 2>/dev/null
echo "=== summary ($((SECONDS - began)) s)"
printf '%s\n' "${summary[@]}"
