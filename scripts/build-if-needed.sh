# Sourced by ./run and ./arpg: sets app_jar, building the project quietly (tests skipped) when the
# jar is missing or a pom or main source is newer than it.
root=${root:?root must be set by the caller}
version=$(sed -n 's:^  <version>\(.*\)</version>.*:\1:p' "$root/pom.xml" | head -1)
app_jar="$root/app/target/app-$version.jar"
if [ ! -f "$app_jar" ] || [ ! -d "$root/app/target/lib" ] || [ -n "$(find "$root/pom.xml" \
      "$root"/{inference,app,ui-resources}/pom.xml "$root"/{inference,app,ui-resources}/src/main \
      -newer "$app_jar" -print -quit 2>/dev/null)" ]; then
  echo "Building ARPG Studio (first start or sources changed)..." >&2
  (cd "$root" && mvn -q -B -DskipTests package) >&2
  touch "$app_jar"
fi
