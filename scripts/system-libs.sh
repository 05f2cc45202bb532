# Sourced by ./run and .ci/run: installs, with apt, the system libraries JavaFX needs on Linux
# when they are absent (GTK 3 for windows, freetype/fontconfig and a font for text).
ensure_system_libs() {
  local wanted=("$@") missing=()
  for pkg in "${wanted[@]}"; do
    dpkg -s "$pkg" >/dev/null 2>&1 || missing+=("$pkg")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  command -v apt-get >/dev/null || { echo "missing system packages: ${missing[*]} (install them with your package manager)" >&2; return 1; }
  local sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  echo "Installing system packages JavaFX needs: ${missing[*]}" >&2
  local log
  log=$(mktemp)
  if ! { $sudo apt-get update -qq && DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq \
        --no-install-recommends "${missing[@]}"; } >"$log" 2>&1; then
    cat "$log" >&2
    rm -f "$log"
    return 1
  fi
  rm -f "$log"
}
