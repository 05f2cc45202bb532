#!/usr/bin/env bash
# The CUDA-graph checks and figures on the GPU machine, in one device call: the engine's GPU tests
# with every scripted generation captured and replayed (-Darpg.cudaGraphs=always), then ArpgBench
# and InpaintBench with graphs off and on, invocations interleaved.
#
# Here, in the checkout the device call sends, with the CUDA libtorch already staged on the device
# (the pytorch-native-cu124 jar's libraries, unpacked there by .gpu/run/on-gpu.sh):
#   bash bench/gpu-graphs.sh prepare .gpu/graphs     # builds; fills the git-ignored folder (~20 MB)
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
  # the engine's classes without the embedded model (23 MB; the checks use random or fixture weights)
  cp -r "$root/inference/target/classes" "$dir/classes" && rm -rf "$dir/classes/com/arpgstudio/inference/models"
  cp -r "$root/inference/target/test-classes" "$dir/test-classes"
  cp "$root"/bench/target/bench-*.jar "$dir/"
  (cd "$root" && mvn -q -B -o -pl inference dependency:build-classpath -Dmdep.includeScope=test \
      -Dmdep.outputFile="$dir/classpath.txt")
  tr ':' '\n' < "$dir/classpath.txt" | grep -v -e pytorch-native -e '^$' | xargs -I{} cp {} "$dir/lib/"
  launcher=$(find ~/.m2/repository/org/junit/platform/junit-platform-launcher -name 'junit-platform-launcher-1.10.*.jar' | head -1)
  cp "$launcher" "$dir/lib/"
  for f in config.json arpg.pt arpg.safetensors forward.safetensors generate.json generate_logits.safetensors; do
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
  du -sh "$dir"
  exit 0
fi

out=${OUT:-/tmp/out}
mkdir -p "$out"
cp="$dir/classes:$dir/test-classes:$(ls "$dir"/bench-*.jar):$dir/lib/*:$dir/runner"
java=(java -Xmx16g -Darpg.reference="$dir/fixtures" -cp "$cp")
summary=()
step() {   # step LOG NAME SECONDS COMMAND...: runs it, appends its output to LOG.log, notes its exit status
  local log=$out/$1.log name=$2 seconds=$3
  shift 3
  echo "=== $name" | tee -a "$log"
  timeout "$seconds" "$@" >> "$log" 2>&1
  local rc=$?
  summary+=("$name: exit $rc")
}

step tests tests 240 "${java[@]}" -Darpg.device=gpu -Darpg.cudaGraphs=always GpuTests \
    com.arpgstudio.inference.runtime.CudaGraphsTest com.arpgstudio.inference.arpg.StepGraphsTest \
    com.arpgstudio.inference.arpg.StepPlanTest com.arpgstudio.inference.arpg.GeneratorTest \
    com.arpgstudio.inference.arpg.ScriptedPassesTest com.arpgstudio.inference.arpg.ArpgGenerateReferenceTest \
    com.arpgstudio.inference.arpg.ArpgForwardReferenceTest
bench=(com.arpgstudio.bench.ArpgBench --device gpu --dtype float16 --batch 1,64 --steps 64 --runs 5 --warmup 2)
inpaint=(com.arpgstudio.bench.InpaintBench --gpu 1 --random-released 1 --half 1 --warmup 2 --runs 3)
for round in 1 2; do
  for graphs in off repeated; do
    step "arpg-$graphs" "arpg-$graphs-$round" 120 "${java[@]}" -Darpg.cudaGraphs=$graphs "${bench[@]}"
  done
done
for graphs in off repeated; do
  step inpaint "inpaint-$graphs" 150 "${java[@]}" -Darpg.cudaGraphs=$graphs "${inpaint[@]}"
done
# each replayed step's time (the host waits for every step's tokens), batch sizes between
step steps steps 120 "${java[@]}" com.arpgstudio.bench.ArpgBench --device gpu --dtype float16 --batch 1,8,32,64 \
    --steps 64 --runs 2 --warmup 2 --progress --no-memory
echo "=== summary"
printf '%s\n' "${summary[@]}"
for f in "$out"/arpg-*.log "$out"/steps.log; do
  echo "--- $(basename "$f")"; grep -E '^(1|8|32|64) |warm-up|CUDA graphs|^===' "$f"
done
echo "--- inpaint.log"; grep -E 'run [0-9]|warm-up|^===' "$out/inpaint.log"
echo "--- tests.log"; grep -E 'tests (successful|failed)|JUnit Jupiter:|=>' "$out/tests.log" | head -20
