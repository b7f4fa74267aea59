#!/usr/bin/env bash
# Images per second for one folder of demo scenes: the pixel-privacy tool (in-process), the Spark job
# in local[1] and in local[2], each in its own JVM (so each peak RSS is its own), and the ratios.
# Usage: scripts/spark-bench.sh [COUNT] [SIDE]   (default 160 images of 128x128)
# Needs the modules built: mvn -B -ntp -pl privacy-spark -am package -DskipTests
set -euo pipefail
cd "$(dirname "$0")/.."
COUNT=${1:-160}
SIDE=${2:-128}
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
for mode in cli local1 local2; do
  java $OPENS -Xmx3g -Dlog4j2.configurationFile=privacy-spark/src/test/resources/log4j2-test.properties \
    -cp "$CP" dev.pixelprivacy.spark.SparkThroughput "$mode" "$COUNT" "$SIDE" "$OUT/work" 2>"$OUT/$mode.err" \
    | grep '^RESULT' | tee -a "$OUT/results.txt"
done
rate() { grep "mode=$1 " "$OUT/results.txt" | sed 's/.*images_per_s=\([0-9.]*\).*/\1/'; }
awk -v cli="$(rate cli)" -v l1="$(rate local1)" -v l2="$(rate local2)" 'BEGIN {
  printf "local[1]/cli %.2f  local[2]/cli %.2f  local[2]/local[1] %.2f  Spark overhead per image: local[1] %.1f ms, local[2] %.1f ms (wall time per image minus the tool'"'"'s)\n",
    l1 / cli, l2 / cli, l2 / l1, 1000 / l1 - 1000 / cli, 1000 / l2 - 1000 / cli }' | tee -a "$OUT/results.txt"
