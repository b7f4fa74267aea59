#!/usr/bin/env bash
# Runs the one spark-submit jar (compiled against Spark 3.5 / Scala 2.12) on other Spark lines in
# local[2], with a plain java launch (Spark's --add-opens list), over examples/samples: it must
# protect all 8 and write the same bytes on each. Downloads each Spark line from Maven Central once.
# Usage: scripts/spark-compat.sh   (after mvn -B -ntp -pl privacy-spark -am package -DskipTests)
set -euo pipefail
cd "$(dirname "$0")/.."
JAR=privacy-spark/target/pixel-privacy-spark.jar
W=privacy-spark/target/spark-compat
rm -rf "$W" && mkdir -p "$W"
unzip -q -o examples/target/examples-*-SNAPSHOT.jar 'dev/pixelprivacy/examples/demo/scene-demo.onnx' -d "$W"
OPENS=$(grep -o -- '-XX:+IgnoreUnrecognizedVMOptions[^<]*' privacy-spark/pom.xml | sed 's/ -Xmx[0-9a-z]*//')
first=""
for line in "3.5.9 2.12 2.0.7 3.12.0" "3.5.9 2.13 2.0.7 3.12.0" "4.0.1 2.13 2.0.16 3.17.0"; do
  set -- $line
  mvn -B -ntp -q -pl privacy-spark dependency:build-classpath -Dspark.version=$1 -Dspark.scala.binary=$2 \
    -Dspark.slf4j.version=$3 -Dspark.commons-lang3.version=$4 -Dmdep.includeScope=provided \
    -Dmdep.outputFile="$PWD/$W/cp-$1-$2.txt" >/dev/null
  out="$W/out-$1-$2"
  java $OPENS -Xmx2g -Dspark.master='local[2]' -Dspark.ui.enabled=false -Dspark.driver.host=127.0.0.1 \
    -cp "$JAR:$(cat "$W/cp-$1-$2.txt")" dev.pixelprivacy.spark.ProtectJob "file://$PWD/examples/samples" \
    --output "file://$PWD/$out" --threat-model "file://$PWD/$W/dev/pixelprivacy/examples/demo/scene-demo.onnx" \
    --size 64 2>"$W/spark-$1-$2.err" | grep '^pixel-privacy-spark' | sed "s/^/Spark $1 Scala $2: /"
  if [ -z "$first" ]; then first="$out"; else diff -r -x _results "$first" "$out" && echo "  same bytes as $first"; fi
done
