#!/usr/bin/env bash
# Packages ARPG Studio with jpackage: a jlink'ed Java runtime holding only the modules the app
# uses, the app's jars (JavaFX, DJL and the CPU libtorch included), and the configuration in
# jpackage/. Everything lands in target/installers/.
#
#   installers/package.sh app-image deb   # Linux: the app-image and the .deb (CI builds both)
#   installers/package.sh rpm             # Linux, on an rpm-based system (rpm-build installed)
#   installers/package.sh msi             # Windows, in Git Bash, with the WiX Toolset 3 on PATH
#   installers/package.sh dmg             # macOS, with Xcode's command-line tools
#
# --runtime KIND chooses how the Java runtime is made (to measure what stripping saves):
#   stripped   (default) jlink with the modules jdeps finds plus jpackage/extra-modules.txt,
#              --strip-debug --no-header-files --no-man-pages --compress=2, unused jars left out
#   unstripped the same modules without the strip options, every jar kept
#   default    jpackage's own runtime (all modules of the JDK's default set), every jar kept
# --cuda packages the CUDA 12.4 libtorch (pytorch-native-cu124, about 2.5 GB, fetched by Maven into
#   ~/.m2 on first use) instead of the CPU one: an offline GPU install (Linux and Windows).
# --no-libtorch leaves the libtorch jar out (110 MB less): the app then runs the libtorch that
#   PYTORCH_LIBRARY_PATH names (for instance a CUDA build already on disk), and cannot start without.
# --out DIR puts everything in DIR (emptied first) instead of target/installers.
# Package types build from the app-image, so an app-image is always made first.
# Bash 3.2 (macOS) compatible: empty arrays expand as ${a[@]+"${a[@]}"} under set -u.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
source scripts/system-libs.sh

runtime_kind=stripped
cuda=false
no_libtorch=false
out="$root/target/installers"
types=()
while [ $# -gt 0 ]; do
  case "$1" in
    --runtime) runtime_kind=${2:?--runtime needs stripped, unstripped or default}; shift 2 ;;
    --out) out=$(realpath -m "${2:?--out needs a folder}"); shift 2 ;;
    --cuda) cuda=true; shift ;;
    --no-libtorch) no_libtorch=true; shift ;;
    -h|--help) sed -n '2,22p' "$0"; exit 0 ;;
    *) types+=("$1"); shift ;;
  esac
done
[ ${#types[@]} -gt 0 ] || types=(app-image)
case "$runtime_kind" in stripped|unstripped|default) ;;
  *) echo "expected --runtime stripped, unstripped or default, found '$runtime_kind'" >&2; exit 2 ;;
esac

case "$(uname -s)" in
  Linux) os=linux; allowed="app-image deb rpm" ;;
  Darwin) os=mac; allowed="app-image dmg pkg" ;;
  MINGW*|MSYS*|CYGWIN*) os=windows; allowed="app-image msi exe" ;;
  *) echo "expected Linux, macOS or Windows, found $(uname -s)" >&2; exit 2 ;;
esac
for type in "${types[@]}"; do
  case " $allowed " in *" $type "*) ;;
    *) echo "expected one of: $allowed (on $os), found '$type'" >&2; exit 2 ;;
  esac
done

# Tools a fresh Debian machine lacks: unzip (reading jars), objcopy (jlink's --strip-debug strips
# native symbols with it), fakeroot (building the .deb), rpm (rpmbuild, for .rpm on Debian).
if command -v dpkg >/dev/null; then
  wanted=(unzip binutils)
  case " ${types[*]} " in *" deb "*) wanted+=(fakeroot) ;; esac
  case " ${types[*]} " in *" rpm "*) wanted+=(rpm) ;; esac
  ensure_system_libs "${wanted[@]}"
fi

source scripts/build-if-needed.sh # sets version and app_jar, building when stale
lib_dir="$root/app/target/lib"

# jpackage wants one to three numbers: 0.1.0-SNAPSHOT -> 0.1.0. macOS also rejects a first number
# of 0 (CFBundleVersion), so 0.M.P becomes 1.M.P there.
app_version=${version%%-*}
if ! [[ $app_version =~ ^[0-9]+(\.[0-9]+){0,2}$ ]]; then
  echo "expected a pom version like 1.2.3 or 1.2.3-SNAPSHOT, found '$version'" >&2
  exit 1
fi
if [ "$os" = mac ] && [[ $app_version == 0.* ]]; then
  app_version="1.${app_version#0.}"
fi

work="$out/work"
if [ -d "$out" ] && [ -n "$(ls -A "$out")" ] && [ ! -e "$out/ARPG Studio" ] && [ ! -e "$out/ARPG Studio.app" ] \
    && [ ! -e "$out/work" ]; then
  echo "expected --out to name an empty folder or an earlier build, found other files in $out" >&2
  exit 2
fi
rm -rf "$out"
mkdir -p "$work/input"

# The class path: the app jar and its runtime libraries, less what the stripped build leaves out.
holds_only_metadata() { [ -z "$(unzip -Z1 "$1" | grep -v -e '^META-INF/' -e '/$')" ]; }
listed_unused() {
  local name pattern
  name=$(basename "$1")
  while read -r pattern; do
    # shellcheck disable=SC2053 # the pattern is a glob on purpose
    [[ -n $pattern && $name == $pattern ]] && return 0
  done < <(sed -e 's/#.*//' -e 's/[[:space:]]*$//' jpackage/unused-jars.txt)
  return 1
}
cp "$app_jar" "$work/input/"
# The license and the third-party notices travel in every package, beside the jars (lib/app/).
cp LICENSE THIRD-PARTY-NOTICES.md "$work/input/"
left_out=()
launcher_args=()
for jar in "$lib_dir"/*.jar; do
  if [ "$runtime_kind" = stripped ] && { holds_only_metadata "$jar" || listed_unused "$jar"; }; then
    left_out+=("$(basename "$jar")")
  else
    cp "$jar" "$work/input/"
  fi
done
[ ${#left_out[@]} -eq 0 ] || echo "Left out of the class path: ${left_out[*]}" >&2

if [ "$no_libtorch" = true ]; then
  [ "$cuda" = false ] || { echo "expected --cuda or --no-libtorch, not both" >&2; exit 2; }
  rm "$work"/input/pytorch-native-cpu-*.jar
fi
if [ "$cuda" = true ]; then
  # Swap the CPU libtorch jar for the CUDA one of the same version and platform classifier
  # (pytorch-native-cpu-2.5.1-linux-x86_64.jar -> pytorch-native-cu124-2.5.1-linux-x86_64.jar).
  [ "$os" != mac ] || { echo "expected Linux or Windows for --cuda: macOS has no CUDA build" >&2; exit 2; }
  cpu_jar=$(cd "$work/input" && ls pytorch-native-cpu-*.jar)
  coordinates=${cpu_jar#pytorch-native-cpu-}
  coordinates=${coordinates%.jar}
  torch_version=${coordinates%%-*}
  classifier=${coordinates#*-}
  rm "$work/input/$cpu_jar"
  echo "Fetching pytorch-native-cu124 $torch_version ($classifier), about 2.5 GB on first use..." >&2
  mvn -B -q dependency:copy -Dartifact="ai.djl.pytorch:pytorch-native-cu124:$torch_version:jar:$classifier" \
    -DoutputDirectory="$work/input"
  if [ "$os" = linux ]; then
    # DJL takes the CUDA jar only when it sees a GPU through libcudart (loaded by JNA as "cudart"),
    # which a machine with just the NVIDIA driver lacks: ship the jar's own copy and point JNA at it.
    mkdir -p "$work/input/cuda"
    unzip -p "$work"/input/pytorch-native-cu124-*.jar "pytorch/cu124/$classifier/libcudart-*.so.12" \
      >"$work/input/cuda/libcudart.so"
    launcher_args+=(--java-options '-Djna.library.path=$APPDIR/cuda')
  fi
fi

# The embedded default model travels inside the inference jar; say so if its sources exist but
# the jar that is packaged lacks it (a stale build).
model=com/arpgstudio/inference/models/default/arpg.safetensors
if [ -f "inference/src/main/resources/$model" ]; then
  # The listing is read whole: grep -q would close the pipe early and fail it under pipefail.
  inference_entries=$(unzip -Z1 "$work"/input/inference-*.jar)
  if ! grep -qx "$model" <<<"$inference_entries"; then
    echo "the packaged inference jar lacks the embedded default model: rebuild with mvn -B package" >&2
    exit 1
  fi
fi

# The `arpg` command: a second launcher, with the CUDA package's JNA path too when there is one.
cli_launcher="$work/arpg-launcher.properties"
cp jpackage/arpg-launcher.properties "$cli_launcher"
if [ ${#launcher_args[@]} -gt 0 ]; then
  sed -i.bak 's|^java-options=|java-options=-Djna.library.path=$APPDIR/cuda |' "$cli_launcher" && rm -f "$cli_launcher.bak"
fi

runtime_args=()
if [ "$runtime_kind" != default ]; then
  # jdeps reads the classes of every jar as one class path (modular jars would otherwise need
  # their whole module graph resolved); libtorch's native jars hold no classes.
  mkdir -p "$work/classes"
  for jar in "$work"/input/*.jar; do
    unzip -qo "$jar" '*.class' -x 'module-info.class' 'META-INF/*' -d "$work/classes" 2>/dev/null || true
  done
  found=$(jdeps --ignore-missing-deps --print-module-deps "$work/classes")
  extra=$(sed -e 's/#.*//' jpackage/extra-modules.txt | xargs | tr ' ' ',')
  modules=$(tr ',' '\n' <<<"$found,$extra" | sed '/^$/d' | sort -u | paste -sd, -)
  rm -rf "$work/classes"
  echo "Java modules: $modules" >&2
  strip_args=()
  [ "$runtime_kind" = stripped ] && strip_args=(--strip-debug --no-header-files --no-man-pages --compress=2)
  jlink --add-modules "$modules" ${strip_args[@]+"${strip_args[@]}"} --output "$work/runtime"
  runtime_args=(--runtime-image "$work/runtime")
fi

echo "Making the app-image (version $app_version)..." >&2
jpackage --type app-image @jpackage/app.args @jpackage/launcher.args "@jpackage/$os.args" \
  --add-launcher "arpg=$cli_launcher" \
  --app-version "$app_version" --input "$work/input" --main-jar "$(basename "$app_jar")" \
  ${runtime_args[@]+"${runtime_args[@]}"} ${launcher_args[@]+"${launcher_args[@]}"} --dest "$out"
case "$os" in
  mac) image="$out/ARPG Studio.app" ;;
  *) image="$out/ARPG Studio" ;;
esac

# The .deb's payload is mostly jars, already deflated: xz (dpkg-deb's default) takes ten times
# as long as gzip to make it 2.5 % smaller (156.1 MB against 160.0 MB, measured on this app).
# Set DPKG_DEB_COMPRESSOR_TYPE=xz for a release build.
export DPKG_DEB_COMPRESSOR_TYPE=${DPKG_DEB_COMPRESSOR_TYPE:-gzip}
for type in "${types[@]}"; do
  [ "$type" = app-image ] && continue
  echo "Making the $type package..." >&2
  type_args=()
  [ -f "jpackage/$os-$type.args" ] && type_args=("@jpackage/$os-$type.args")
  jpackage --type "$type" --app-image "$image" @jpackage/app.args "@jpackage/$os.args" \
    "@jpackage/$os-package.args" ${type_args[@]+"${type_args[@]}"} @jpackage/associations.args \
    --app-version "$app_version" --dest "$out"
done

rm -rf "$work" # the staged jars and runtime now live inside the app-image
echo "Built in $out:" >&2
du -sh "$image" >&2
find "$out" -maxdepth 1 -type f -printf '%s bytes\t%f\n' >&2 2>/dev/null || ls -l "$out" >&2
