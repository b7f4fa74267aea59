#!/usr/bin/env bash
# The project's test command (README, "Run the tests"; CI's .ci/run calls exactly this).
# Sets up what the tests need beyond Maven (Debian's chromium, in which a test renders the HTML report
# headless, and the npm package nsfwjs@4.4.0, whose trained models the Keras import tests use), builds every module and runs every test, then runs the benchmark suite's quick smoke mode
# on the jars just built: it proves every benchmark still runs (a benchmark that throws fails this
# command), never judges speed.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ -z "${PIXELPRIVACY_CHROMIUM:-}" ] && ! command -v chromium >/dev/null 2>&1; then
  echo "scripts/test.sh: installing Debian's chromium (the HTML report test renders pages in it)"
  sudo=""
  if [ "$(id -u)" -ne 0 ]; then sudo="sudo"; fi
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq chromium >/dev/null
fi
# the trained nsfwjs models of the Keras import tests (npm pack, sha256-checked, cached)
nsfwjs="$(bash scripts/fetch-nsfwjs.sh)"
mvn -B -ntp verify -Dpixelprivacy.nsfwjs="$nsfwjs"
bash scripts/bench.sh --quick --no-build --out privacy-bench/target/bench-smoke
