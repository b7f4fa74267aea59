#!/usr/bin/env bash
# Images per second for one folder of demo scenes: the pixel-privacy tool (in-process, its defaults), the
# Spark job in local[1] and in local[2], each in its own JVM (so each peak RSS is its own), and the ratios;
# also the process CPU time per image (on a shared machine a steadier figure than the wall time).
# Usage: scripts/spark-bench.sh [--json FILE] [COUNT] [WIDTHxHEIGHT]   (default 200 images of 400x300,
#        the bench suite's folder; a single number is a square side)
#   --json FILE  also write the results as JSON (the spark part of scripts/bench.sh reads it)
# Needs the modules compiled with their tests: mvn -B -ntp -pl privacy-spark -am package -DskipTests
set -euo pipefail
cd "$(dirname "$0")/.."
JSON=""
if [ "${1:-}" = --json ]; then
  [ $# -ge 2 ] || { echo "scripts/spark-bench.sh: --json needs a file" >&2; exit 2; }
  JSON=$2
  shift 2
fi
COUNT=${1:-200}
SIZE=${2:-400x300}
[[ "$COUNT" =~ ^[1-9][0-9]*$ ]] || { echo "scripts/spark-bench.sh: COUNT must be a positive integer but was '$COUNT'" >&2; exit 2; }
[[ "$SIZE" =~ ^[1-9][0-9]*(x[1-9][0-9]*)?$ ]] || { echo "scripts/spark-bench.sh: size must be WIDTHxHEIGHT or N but was '$SIZE'" >&2; exit 2; }
OUT=privacy-spark/target/spark-bench
mkdir -p "$OUT"
mvn -B -ntp -o -q -pl privacy-spark -am dependency:build-classpath -Dmdep.outputFile="$PWD/$OUT/cp.txt" -Dmdep.includeScope=test
# This worktree's modules, never snapshots some other build installed in ~/.m2.
OWN=privacy-spark/target/test-classes:privacy-spark/target/classes
for m in privacy-core privacy-filters privacy-dl4j privacy-paper examples; do OWN="$OWN:$m/target/classes"; done
CP="$OWN:$(tr ':' '\n' < "$OUT/cp.txt" | grep -v '/dev/pixelprivacy/' | paste -sd:)"
rm -rf "$OUT/work"
# Spark's JavaModuleOptions (ProtectJob.JAVA_MODULE_OPTIONS): a plain java launch must pass them.
OPENS=$(grep -o -- '-XX:+IgnoreUnrecognizedVMOptions[^<]*' privacy-spark/pom.xml | sed 's/ -Xmx[0-9a-z]*//')
export OMP_WAIT_POLICY=PASSIVE
: > "$OUT/results.txt"
COMMANDS=""
for mode in cli local1 local2; do
  cmd="java -Xmx3g -Dlog4j2.configurationFile=privacy-spark/src/test/resources/log4j2-test.properties -cp CLASSPATH dev.pixelprivacy.spark.SparkThroughput $mode $COUNT $SIZE $OUT/work"
  COMMANDS="$COMMANDS${COMMANDS:+; }$cmd"
  java $OPENS -Xmx3g -Dlog4j2.configurationFile=privacy-spark/src/test/resources/log4j2-test.properties \
    -cp "$CP" dev.pixelprivacy.spark.SparkThroughput "$mode" "$COUNT" "$SIZE" "$OUT/work" 2>"$OUT/$mode.err" \
    | grep -E '^(RESULT|STAGE|THREADS)' | tee -a "$OUT/results.txt" || { echo "scripts/spark-bench.sh: mode $mode failed; see $OUT/$mode.err" >&2; exit 1; }
done
field() { grep "^RESULT mode=$1 " "$OUT/results.txt" | sed "s/.* $2=\([0-9.]*\).*/\1/"; }
awk -v cli="$(field cli images_per_s)" -v l1="$(field local1 images_per_s)" -v l2="$(field local2 images_per_s)" \
    -v ccli="$(field cli cpu_ms_per_image)" -v c1="$(field local1 cpu_ms_per_image)" -v c2="$(field local2 cpu_ms_per_image)" 'BEGIN {
  printf "local[1]/cli %.2f  local[2]/cli %.2f  local[2]/local[1] %.2f  Spark overhead per image: local[1] %.1f ms, local[2] %.1f ms (wall time per image minus the tool'"'"'s); CPU ms per image: tool %.1f, local[1] %.1f, local[2] %.1f\n",
    l1 / cli, l2 / cli, l2 / l1, 1000 / l1 - 1000 / cli, 1000 / l2 - 1000 / cli, ccli, c1, c2 }' | tee -a "$OUT/results.txt"
if [ -n "$JSON" ]; then
  cli_rate=$(field cli images_per_s)
  {
    printf '{\n  "command": "%s",\n  "runs": [\n' "${COMMANDS//\"/\\\"}"
    sep=""
    for mode in cli local1 local2; do
      rate=$(field "$mode" images_per_s)
      overhead=$(awk -v r="$rate" -v c="$cli_rate" 'BEGIN { printf "%.1f", 1000 / r - 1000 / c }')
      printf '%s    {"mode": "%s", "images": %s, "width": %s, "height": %s, "seconds": %s, "imagesPerSecond": %s, "overheadMsPerImage": %s, "peakRssMiB": %s, "peakHeapMiB": %s, "cpuMsPerImage": %s}' \
        "$sep" "$mode" "$(field "$mode" images)" "$(field "$mode" width)" "$(field "$mode" height)" \
        "$(field "$mode" seconds)" "$rate" "$overhead" "$(field "$mode" peak_rss_mb)" "$(field "$mode" peak_heap_mb)" \
        "$(field "$mode" cpu_ms_per_image)"
      sep=$',\n'
    done
    printf '\n  ]\n}\n'
  } > "$JSON.tmp" && mv "$JSON.tmp" "$JSON"
fi
