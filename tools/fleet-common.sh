# Sourced by tools/load.sh and tools/compare.sh (not run on its own): moves to the
# checkout, checks for Java 17, builds the jars when they are missing or older than the sources,
# and runs a fleet main from the tools jar.
#
# TIDEMARK_MVN_ARGS is added to the Maven command line (for example "-o" to build offline);
# RUNNER_JAVA_OPTS is given to the JVM that drives the run (default -Xmx256m; the systems measured
# run in their own processes).

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

fleet_jars=(collector/target/tidemark.jar tools/target/tools.jar)

fleet_stale() {
  local jar
  for jar in "${fleet_jars[@]}"; do
    [ ! -f "$jar" ] && return 0
    [ -n "$(find pom.xml config storage query simulator collector testkit tools \
        \( -path '*/target' -prune \) -o \
        \( -path '*/src/main/*' -o -name pom.xml \) -type f -newer "$jar" -print -quit)" ] && return 0
  done
  return 1
}

fleet_prepare() {
  local me="$1"
  if ! command -v java >/dev/null 2>&1; then
    echo "$me: no 'java' on PATH; install a JDK 17 or newer" >&2
    exit 1
  fi
  local major
  major=$(java -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p')
  if [ "${major%%.*}" -lt 17 ]; then
    echo "$me: Java 17 or newer is required, found ${major}" >&2
    exit 1
  fi
  if fleet_stale; then
    echo "$me: building the jars (./mvnw -B -q -pl collector,tools -am package -DskipTests)" >&2
    # shellcheck disable=SC2086 # TIDEMARK_MVN_ARGS is a list of words
    ./mvnw -B -q ${TIDEMARK_MVN_ARGS:-} -pl collector,tools -am package -DskipTests >&2
  fi
}

fleet_run() {
  local main="$1"
  shift
  # As the launcher ./tidemark does; inherited by every process the run starts.
  export MALLOC_ARENA_MAX="${MALLOC_ARENA_MAX:-2}"
  # shellcheck disable=SC2086 # RUNNER_JAVA_OPTS is a list of words
  exec java ${RUNNER_JAVA_OPTS:--Xmx256m} -cp tools/target/tools.jar \
      "io.tidemark.tools.$main" "$@"
}
