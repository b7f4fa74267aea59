#!/usr/bin/env bash
# The benchmark suite in one command: builds what it needs, runs JMH part by part (JSON results),
# then writes the performance page from those files.
#
#   scripts/bench.sh [--quick] [--out DIR] [--update-readme] [--cuda-results DIR] [--no-build]
#                    [--maven-profile NAME] [part ...]
#
# Parts (default: all):
#   filters   dev.pixelprivacy.bench.filters: Gaussian, Sobel, edge map, Salient Defence mask; ours beside
#             OpenCV and BoofCV
#   masks     dev.pixelprivacy.bench.masks.MaskThroughputBenchmark: every mask provider, MP/s
#   gradient  dev.pixelprivacy.bench.dl4j.ResNet50Benchmark: FGSM step and forward at batch 1, 8, 32,
#             256x256; plus the PyTorch anchor (../shared/tools/torch_fgsm_anchor.py) where
#             /usr/bin/python3 has torch and torchvision (never required; otherwise "not measured"); and
#             dev.pixelprivacy.bench.memory.GradientMemoryRun: peak RSS of one batch-32 gradient call,
#             ours and PyTorch's (privacy-bench/anchors/torch_gradient_memory_anchor.py), one after the
#             other (gradient-memory.json; ~1.5 min; where torch is installed)
#   pipeline  dev.pixelprivacy.bench.pipeline: the Salient Defence pipeline part by part; plus the PyTorch +
#             scipy anchor of the same pipeline (privacy-bench/anchors/torch_pipeline_anchor.py) where
#             /usr/bin/python3 has torch, torchvision and scipy (never required; otherwise "not measured")
#   memory    dev.pixelprivacy.bench.memory.ProtectMemoryRun: peak RSS of a 1000-image protect run, and
#             dev.pixelprivacy.bench.memory.LargePhotoMemoryRun: peak RSS of protecting one 12 MP and one
#             48 MP generated JPEG with the JVM's default settings (memory-photos.json)
#   folder    dev.pixelprivacy.bench.memory.FolderThroughputRun: protect over 200 photos of 400x300 and
#             20 of 4000x3000, images/s and peak RSS, before (--batch 1 --no-overlap: one image at a time,
#             nothing overlapped) and after (the tool's defaults) (folder.json); first of all, issue-time:
#             the tool as issue 13 found it, built at FOLDER_BASELINE_COMMIT (a40889a; the variable may be
#             set in the environment) with this script's Maven flags in a temporary git worktree (removed
#             however the build ends), cached at ${XDG_CACHE_HOME:-~/.cache}/pixel-privacy/
#             baseline-COMMIT/pixel-privacy.jar (build.log beside it) and reused by later runs. Where the
#             commit is not in the clone (a shallow clone), the build fails, or --no-build finds no cached
#             jar, one line says so and the part runs without it (the page says why); --quick skips it
#   spark     scripts/spark-bench.sh: the same 400x300 folder size (200 demo scenes) by the tool, the Spark
#             job in local[1] and local[2]: images/s, Spark's overhead per image, peak RSS (spark.json)
#   all       every part this build has (a part whose benchmarks are not in the build is skipped
#             with a note; named explicitly, it is an error)
#
# Output in DIR (default privacy-bench/results): PART.json (JMH's JSON), PART.run.json (command, date,
# machine), pytorch-anchor.json, memory.json, memory-photos.json and PERFORMANCE.md, generated from every result file in DIR
# (results of parts run earlier into the same DIR stay in the page, each with its own date and command).
#   --quick              smoke settings (no warm-up, one 100 ms iteration, the smallest sizes): proves the
#                        suite runs, in 2-3 minutes; the page says its numbers are not measurements
#   --update-readme      also replace README.md's block between <!-- bench:begin --> and <!-- bench:end -->
#   --cuda-results DIR   a CUDA run's output folder (this script run with --maven-profile cuda on a GPU
#                        machine): the gradient and pipeline tables add CUDA columns
#   --no-build           use the jars already built (scripts/test.sh, after mvn verify)
#   --maven-profile NAME build with -PNAME (e.g. cuda)
# Exit codes: 0 success, 1 a build, benchmark or the report failed, 2 bad usage.
#
# Time of the default settings on a 2-core machine. JMH forks once per benchmark and parameter set; a
# fork starts in about 1.5 s, an iteration lasts at least one call, and the ND4J parts build and import
# their networks in every fork. Estimated from smoke runs and the times per call in FILTERS-RESULTS.md
# and DL4J-RESULTS.md (each part's run.json records how long it really took):
#   build     package without tests                                                  ~2 min
#   filters   80 forks: 40 at 256x256 x (1.5 s + 0.5 s warm-up + 2 x 0.5 s) = 120 s;
#             40 at 4000x3000, calls of 0.05-1.2 s: ~4.5 s each = 180 s                ~5 min
#   masks     20 forks: 10 at 256x256 x 3.5 s = 35 s; at 4000x3000 the reference Salient
#             Defence takes ~3 s a call (2 forks x 4 calls), the others < 1 s          ~2 min
#   gradient  6 forks (fgsmStep, forward x batch 1, 8, 32): ~10 s to build and import
#             ResNet-50 + 4 s warm-up + 2 x 4 s; batch 32 (a ~7 s step) ~31 s            ~2.5 min
#             PyTorch anchor, batch 1, 8, 32 (where torch is installed): 7 calls each  ~1.5 min
#   pipeline  8 forks (6 parts, 2 whole pipelines): ~18 s to import ResNet-50 and the
#             saliency net and run each part once + 2 s warm-up + 2 x 2 s; the SalGAN-
#             sized saliency forward and the whole pipeline take 2-4 s a call            ~4.5 min
#   memory    one 1000-image protect run of the demo model                            ~1.5 min
#             plus one 12 MP and one 48 MP photo (generating and protecting them)      ~1 min
#   folder    200 photos of 400x300 three times, 20 photos of 4000x3000 three times
#             (issue-time, before, after; each 12 MP photo takes several seconds to
#             generate and to protect), the first time also the issue-time jar's build  ~10 min
#   spark     200 scenes of 400x300 in three JVMs, plus Spark's start                   ~3 min
#   total                                                                  estimated ~21 min
#   measured on a quiet 2-core machine, 2026-11-26: 12 min 36 s (filters 230 s, masks 78 s,
#   gradient 136 s with the PyTorch anchor, pipeline 109 s, memory ~60 s, build the rest)
# (the part that overruns most on a busy machine is the pipeline; each part's run.json has its time)
# --quick: one fork per benchmark, no warm-up, one 100 ms iteration, the smallest sizes (64x64,
# batch 1, one thread): filters 12 forks, masks 5, gradient 2, pipeline 8 (~8-12 s each for the ND4J
# ones), memory 20 images and one 2 MP photo: 2-3 minutes on a 2-core machine, plus the build (measured without
# pipeline and memory, which were not yet in the build: 56 s, PyTorch anchor included).
set -euo pipefail
cd "$(dirname "$0")/.."

SUITE_COMMAND="scripts/bench.sh${*:+ $*}"
ALL_PARTS=(filters masks gradient pipeline memory folder spark)
JAR=privacy-bench/target/benchmarks.jar
EXAMPLES_JAR=examples/target/pixel-privacy.jar
PYTHON=/usr/bin/python3
ANCHOR=../shared/tools/torch_fgsm_anchor.py
MEMORY_CLASS=dev.pixelprivacy.bench.memory.ProtectMemoryRun
PHOTO_MEMORY_CLASS=dev.pixelprivacy.bench.memory.LargePhotoMemoryRun
MEMORY_SOURCE=privacy-bench/src/main/java/dev/pixelprivacy/bench/memory/ProtectMemoryRun.java
GRADIENT_MEMORY_CLASS=dev.pixelprivacy.bench.memory.GradientMemoryRun
GRADIENT_MEMORY_ANCHOR=privacy-bench/anchors/torch_gradient_memory_anchor.py
FOLDER_CLASS=dev.pixelprivacy.bench.memory.FolderThroughputRun
FOLDER_SOURCE=privacy-bench/src/main/java/dev/pixelprivacy/bench/memory/FolderThroughputRun.java
SPARK_BENCH=scripts/spark-bench.sh
SPARK_SOURCE=privacy-spark/src/test/java/dev/pixelprivacy/spark/SparkThroughput.java
PIPELINE_ANCHOR=privacy-bench/anchors/torch_pipeline_anchor.py

usage() {
  sed -n '2,/^set -euo/p' "$0" | sed '$d' | sed 's/^# \{0,1\}//'
}

bad_usage() {
  echo "scripts/bench.sh: $1" >&2
  echo "usage: scripts/bench.sh [--quick] [--out DIR] [--update-readme] [--cuda-results DIR] [--no-build]" \
    "[--maven-profile NAME] [filters|masks|gradient|pipeline|memory|folder|spark|all ...]; --help for more" >&2
  exit 2
}

QUICK=0
OUT=privacy-bench/results
UPDATE_README=0
CUDA_RESULTS=""
BUILD=1
PROFILE=""
PARTS=()
while [ $# -gt 0 ]; do
  case "$1" in
    --quick) QUICK=1 ;;
    --update-readme) UPDATE_README=1 ;;
    --no-build) BUILD=0 ;;
    --out|--cuda-results|--maven-profile)
      [ $# -ge 2 ] && [ -n "$2" ] || bad_usage "option $1 needs a value"
      case "$1" in
        --out) OUT=$2 ;;
        --cuda-results) CUDA_RESULTS=$2 ;;
        --maven-profile) PROFILE=$2 ;;
      esac
      shift ;;
    -h|--help) usage; exit 0 ;;
    -*) bad_usage "unknown option '$1'" ;;
    all) PARTS+=(all) ;;
    filters|masks|gradient|pipeline|memory|folder|spark) PARTS+=("$1") ;;
    *) bad_usage "unknown part '$1'; parts: ${ALL_PARTS[*]} all" ;;
  esac
  shift
done
if [ -n "$CUDA_RESULTS" ] && [ ! -d "$CUDA_RESULTS" ]; then
  bad_usage "--cuda-results '$CUDA_RESULTS' is not a folder"
fi

# Which parts, in the suite's order; "all" (or nothing) takes every part, skipping absent ones.
EXPLICIT=" "
WANT_ALL=0
[ ${#PARTS[@]} -eq 0 ] && WANT_ALL=1
for p in "${PARTS[@]}"; do
  if [ "$p" = all ]; then WANT_ALL=1; else EXPLICIT="$EXPLICIT$p "; fi
done
SELECTED=()
for p in "${ALL_PARTS[@]}"; do
  if [ $WANT_ALL -eq 1 ] || [[ "$EXPLICIT" == *" $p "* ]]; then SELECTED+=("$p"); fi
done
wants() { [[ " ${SELECTED[*]} " == *" $1 "* ]]; }

export OMP_WAIT_POLICY=PASSIVE

if [ $BUILD -eq 1 ]; then
  modules=privacy-bench
  if wants memory || wants folder; then modules=privacy-bench,examples; fi
  if wants spark; then modules=$modules,privacy-spark; fi
  build=(mvn -B -ntp -q package -DskipTests -pl "$modules" -am)
  [ -n "$PROFILE" ] && build+=("-P$PROFILE")
  echo "scripts/bench.sh: building: ${build[*]}"
  "${build[@]}"
fi
[ -f "$JAR" ] || { echo "scripts/bench.sh: $JAR is missing (build it, or drop --no-build)" >&2; exit 1; }
mkdir -p "$OUT"

CORES=$(nproc 2>/dev/null || echo 0)
CPU=$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo 2>/dev/null | head -1)
if [ -n "$PROFILE" ]; then BACKEND="ND4J from Maven profile $PROFILE"; else BACKEND="ND4J nd4j-native (CPU)"; fi
BACKEND="$BACKEND, OMP_WAIT_POLICY=PASSIVE, OMP_NUM_THREADS=${OMP_NUM_THREADS:-unset (all cores)}"

json_string() {
  local s=$1
  s=${s//\\/\\\\}
  s=${s//\"/\\\"}
  s=${s//$'\t'/ }
  s=${s//$'\n'/ }
  printf '"%s"' "$s"
}

# write_run PART COMMAND DATE SECONDS [BACKEND]: how a part was run, beside its results
write_run() {
  local quick=false
  [ $QUICK -eq 1 ] && quick=true
  {
    printf '{\n  "part": %s,\n' "$(json_string "$1")"
    printf '  "suiteCommand": %s,\n' "$(json_string "$SUITE_COMMAND")"
    printf '  "command": %s,\n' "$(json_string "$2")"
    printf '  "date": %s,\n' "$(json_string "$3")"
    printf '  "seconds": %s,\n' "$4"
    printf '  "cores": %s,\n' "$CORES"
    printf '  "cpu": %s,\n' "$(json_string "$CPU")"
    printf '  "ompWaitPolicy": %s,\n' "$(json_string "${OMP_WAIT_POLICY:-}")"
    printf '  "ompNumThreads": %s,\n' "$(json_string "${OMP_NUM_THREADS:-}")"
    printf '  "backend": %s,\n' "$(json_string "${5:-}")"
    printf '  "quick": %s\n}\n' "$quick"
  } > "$OUT/$1.run.json"
}

# JMH settings per part: default (fits the 20-minute budget above) and quick (smoke).
# -foe true: a benchmark that throws fails the run (JMH otherwise carries on and exits 0).
jmh_settings() {
  local part=$1
  if [ $QUICK -eq 1 ]; then
    echo "-f 1 -wi 0 -i 1 -r 100ms -foe true"
    case "$part" in
      filters) echo "-p size=64x64 -p threads=1 -p sigma=10" ;;
      masks) echo "-p size=64x64 -p threads=1" ;;
      gradient) echo "-p batch=1 -p size=64" ;;
      pipeline) echo "-p size=64 -p saliencyWidthDivisor=16" ;;
    esac
  else
    case "$part" in
      filters) echo "-f 1 -wi 1 -w 500ms -i 2 -r 500ms -foe true" ;;
      masks) echo "-f 1 -wi 1 -w 500ms -i 3 -r 500ms -foe true" ;;
      gradient) echo "-f 1 -wi 1 -w 4s -i 2 -r 4s -foe true -p batch=1,8,32 -p size=256" ;;
      pipeline) echo "-f 1 -wi 1 -w 2s -i 2 -r 2s -foe true" ;;
    esac
  fi
}

jmh_pattern() {
  case "$1" in
    filters) echo 'dev.pixelprivacy.bench.filters.' ;;
    masks) echo 'dev.pixelprivacy.bench.masks.' ;;
    gradient) echo 'dev.pixelprivacy.bench.dl4j.ResNet50Benchmark.' ;;
    pipeline) echo 'dev.pixelprivacy.bench.pipeline.' ;;
  esac
}

# present PART: whether this build has the part's benchmarks (or the memory run)
present() {
  if [ "$1" = memory ]; then
    [ -f "$MEMORY_SOURCE" ]
  elif [ "$1" = folder ]; then
    [ -f "$FOLDER_SOURCE" ]
  elif [ "$1" = spark ]; then
    [ -f "$SPARK_SOURCE" ] && [ -f "$SPARK_BENCH" ]
  else
    java -jar "$JAR" -l "$(jmh_pattern "$1")" 2>/dev/null | grep -q '^dev\.pixelprivacy\.'
  fi
}

now() { date -u +%Y-%m-%dT%H:%M:%SZ; }

# The PyTorch anchor for the sizes and batches the gradient part measured.
run_anchor() {
  local size=$1; shift
  rm -f "$OUT/pytorch-anchor.json"
  if [ ! -f "$ANCHOR" ] || ! "$PYTHON" -c 'import torch, torchvision' >/dev/null 2>&1; then
    echo "scripts/bench.sh: PyTorch anchor not measured ($PYTHON without torch and torchvision, or $ANCHOR missing)"
    return 0
  fi
  local date rows="" cmds="" b out fwd step torch_version
  date=$(now)
  torch_version=$("$PYTHON" -c 'import torch; print(torch.__version__)')
  for b in "$@"; do
    echo "scripts/bench.sh: PyTorch anchor, size $size, batch $b"
    out=$(OMP_NUM_THREADS=2 OMP_WAIT_POLICY=PASSIVE "$PYTHON" "$ANCHOR" "$size" "$b")
    echo "$out"
    fwd=$(echo "$out" | sed -n 's/^forward .* median \([0-9.]*\) ms.*/\1/p')
    step=$(echo "$out" | sed -n 's/^fgsm-step .* median \([0-9.]*\) ms.*/\1/p')
    if [ -z "$fwd" ] || [ -z "$step" ]; then
      echo "scripts/bench.sh: could not read the anchor's output (expected 'forward ... median X ms' and" \
        "'fgsm-step ... median X ms')" >&2
      return 1
    fi
    rows="$rows${rows:+,
    }{\"size\": $size, \"batch\": $b, \"forwardMs\": $fwd, \"fgsmStepMs\": $step}"
    cmds="$cmds${cmds:+; }OMP_NUM_THREADS=2 OMP_WAIT_POLICY=PASSIVE $PYTHON $ANCHOR $size $b"
  done
  {
    printf '{\n  "command": %s,\n  "date": %s,\n  "torch": %s,\n  "results": [\n    %s\n  ]\n}\n' \
      "$(json_string "$cmds")" "$(json_string "$date")" "$(json_string "$torch_version")" "$rows"
  } > "$OUT/pytorch-anchor.json"
}

# The PyTorch + scipy anchor of the whole Salient Defence pipeline, beside the pipeline part.
run_pipeline_anchor() {
  local size=$1 divisor=$2 calls=$3
  rm -f "$OUT/pipeline-anchor.json"
  if [ ! -f "$PIPELINE_ANCHOR" ] || ! "$PYTHON" -c 'import torch, torchvision, scipy' >/dev/null 2>&1; then
    echo "scripts/bench.sh: pipeline anchor not measured ($PYTHON without torch, torchvision and scipy)"
    return 0
  fi
  local date cmd out rows="" line name ms torch_version
  date=$(now)
  torch_version=$("$PYTHON" -c 'import torch; print(torch.__version__)')
  cmd="OMP_NUM_THREADS=2 OMP_WAIT_POLICY=PASSIVE $PYTHON $PIPELINE_ANCHOR $size $divisor $calls"
  echo "scripts/bench.sh: pipeline anchor: $cmd"
  out=$(OMP_NUM_THREADS=2 OMP_WAIT_POLICY=PASSIVE "$PYTHON" "$PIPELINE_ANCHOR" "$size" "$divisor" "$calls")
  echo "$out"
  while read -r line; do
    name=$(echo "$line" | sed -n 's/^\([a-z0-9-]*\) H=.* median \([0-9.]*\) ms.*/\1/p')
    ms=$(echo "$line" | sed -n 's/^\([a-z0-9-]*\) H=.* median \([0-9.]*\) ms.*/\2/p')
    [ -n "$name" ] && [ -n "$ms" ] || continue
    rows="$rows${rows:+,
    }{\"part\": \"$name\", \"size\": $size, \"saliencyWidthDivisor\": $divisor, \"ms\": $ms}"
  done <<< "$out"
  if [[ "$rows" != *'"pipeline"'* ]]; then
    echo "scripts/bench.sh: could not read the pipeline anchor's output (expected 'pipeline H=... median X ms')" >&2
    return 1
  fi
  printf '{\n  "command": %s,\n  "date": %s,\n  "torch": %s,\n  "runs": [\n    %s\n  ]\n}\n' \
    "$(json_string "$cmd")" "$(json_string "$date")" "$(json_string "$torch_version")" "$rows" \
    > "$OUT/pipeline-anchor.json"
}

# Peak resident memory of one ResNet-50 gradient call, ours and PyTorch's in one run (issue 13's memory
# target), beside the gradient part; not measured where /usr/bin/python3 lacks torch and torchvision.
run_gradient_memory() {
  rm -f "$OUT/gradient-memory.json" "$OUT/gradient-memory.run.json"
  if [ ! -f "$GRADIENT_MEMORY_ANCHOR" ] || ! "$PYTHON" -c 'import torch, torchvision' >/dev/null 2>&1; then
    echo "scripts/bench.sh: gradient memory not measured ($PYTHON without torch and torchvision)"
    return 0
  fi
  local cmd=(java -cp "$JAR" "$GRADIENT_MEMORY_CLASS" --python "$PYTHON" --anchor "$GRADIENT_MEMORY_ANCHOR"
    --out "$OUT/gradient-memory.json")
  if [ $QUICK -eq 1 ]; then cmd+=(--batch 1 --size 64 --calls 1); else cmd+=(--batch 32 --size 256 --calls 2); fi
  run_recorded gradient-memory "$OUT/gradient-memory.json" "$BACKEND" "${cmd[@]}"
}

# run_recorded PART RESULT BACKEND COMMAND...: runs one part's command; on success records how it ran
# (PART.run.json), on failure removes its partial result file and stops the suite
run_recorded() {
  local part=$1 result=$2 backend=$3 start t0 rc=0
  shift 3
  rm -f "$result" "$OUT/$part.run.json"
  start=$(now)
  t0=$SECONDS
  echo "scripts/bench.sh: part $part: $*"
  "$@" || rc=$?
  if [ $rc -ne 0 ]; then
    rm -f "$result"
    echo "scripts/bench.sh: part $part failed (exit code $rc); see the output above" >&2
    exit 1
  fi
  write_run "$part" "$*" "$start" $((SECONDS - t0)) "$backend"
  echo "scripts/bench.sh: part $part done in $((SECONDS - t0)) s"
}

run_jmh_part() {
  local part=$1 pattern settings backend=""
  pattern=$(jmh_pattern "$part")
  settings=$(jmh_settings "$part" | tr '\n' ' ')
  # JMH refuses to start while another JMH run holds /tmp/jmh.lock (so that two measurements do not
  # disturb each other); a quick run measures nothing, so it may run beside another one.
  local java=(java)
  [ $QUICK -eq 1 ] && java+=(-Djmh.ignoreLock=true)
  case "$part" in gradient|pipeline) backend=$BACKEND ;; esac
  # shellcheck disable=SC2206
  run_recorded "$part" "$OUT/$part.json" "$backend" \
    "${java[@]}" -jar "$JAR" "$pattern" $settings -rf json -rff "$OUT/$part.json"
}

run_memory() {
  [ -f "$EXAMPLES_JAR" ] || { echo "scripts/bench.sh: $EXAMPLES_JAR is missing (the memory run protects with it)" >&2; exit 1; }
  local cmd=(java -cp "$JAR" "$MEMORY_CLASS" --jar "$EXAMPLES_JAR" --out "$OUT/memory.json")
  if [ $QUICK -eq 1 ]; then cmd+=(--images 20 --every 5 --warm-up 5); fi
  run_recorded memory "$OUT/memory.json" "$BACKEND" "${cmd[@]}"
  # One large photo per size, the tool with the JVM's default settings (issue 12's targets: 12 MP within
  # 1.2 GB, 48 MP within 2.5 GB); --quick protects one 2 MP photo only.
  local photos=(java -cp "$JAR" "$PHOTO_MEMORY_CLASS" --jar "$EXAMPLES_JAR" --out "$OUT/memory-photos.json")
  if [ $QUICK -eq 1 ]; then photos+=(--megapixels 2); fi
  run_recorded memory-photos "$OUT/memory-photos.json" "$BACKEND" "${photos[@]}"
}

# The folder part's issue-time baseline: the tool built at the commit where issue 13's work began (its
# "before" is a proxy that every later per-image speed-up also speeds up), built once and cached.
FOLDER_BASELINE_COMMIT=${FOLDER_BASELINE_COMMIT:-a40889a}
FOLDER_BASELINE_JAR="${XDG_CACHE_HOME:-$HOME/.cache}/pixel-privacy/baseline-$FOLDER_BASELINE_COMMIT/pixel-privacy.jar"

# folder_baseline: makes sure $FOLDER_BASELINE_JAR exists (building it at $FOLDER_BASELINE_COMMIT in a
# temporary worktree, with the suite's own Maven flags, then copying it in under a temporary name and
# renaming it); on failure sets BASELINE_WHY to one line saying why (the part then runs without it)
folder_baseline() {
  BASELINE_WHY=""
  if [ -f "$FOLDER_BASELINE_JAR" ]; then
    echo "scripts/bench.sh: issue-time baseline ($FOLDER_BASELINE_COMMIT): cached $FOLDER_BASELINE_JAR"
    return 0
  fi
  if [ $BUILD -eq 0 ]; then
    BASELINE_WHY="--no-build, and no jar of $FOLDER_BASELINE_COMMIT cached at $FOLDER_BASELINE_JAR"
  elif ! git rev-parse -q --verify "$FOLDER_BASELINE_COMMIT^{commit}" >/dev/null 2>&1; then
    BASELINE_WHY="commit $FOLDER_BASELINE_COMMIT is not in this clone (a shallow clone?)"
  else
    local cache tmp log rc=0
    cache=$(dirname "$FOLDER_BASELINE_JAR")
    log="$cache/build.log"
    mkdir -p "$cache" && tmp=$(mktemp -d "${TMPDIR:-/tmp}/pixel-privacy-baseline.XXXXXX") || rc=$?
    if [ $rc -eq 0 ]; then
      echo "scripts/bench.sh: issue-time baseline: building $FOLDER_BASELINE_COMMIT in $tmp/src (log: $log)"
      # a subshell, so that its trap removes the worktree and the partial copy however it ends;
      # errexit does not apply in a subshell tested by ||, hence the && chain
      (
        cleanup() {
          git worktree remove --force "$tmp/src" >/dev/null 2>&1
          git worktree prune
          rm -rf "$tmp" "$FOLDER_BASELINE_JAR.part.$BASHPID"
        }
        trap cleanup EXIT
        trap 'exit 130' INT TERM
        git worktree add -q --detach "$tmp/src" "$FOLDER_BASELINE_COMMIT" \
          && (cd "$tmp/src" && mvn -B -ntp -q package -DskipTests -pl examples -am) \
          && cp "$tmp/src/examples/target/pixel-privacy.jar" "$FOLDER_BASELINE_JAR.part.$BASHPID" \
          && mv -f "$FOLDER_BASELINE_JAR.part.$BASHPID" "$FOLDER_BASELINE_JAR"
      ) > "$log" 2>&1 || rc=$?
    fi
    [ $rc -eq 0 ] || BASELINE_WHY="building $FOLDER_BASELINE_COMMIT failed (exit code $rc; log: $log)"
  fi
  if [ -n "$BASELINE_WHY" ]; then
    echo "scripts/bench.sh: issue-time baseline not measured: $BASELINE_WHY"
  fi
}

run_folder() {
  [ -f "$EXAMPLES_JAR" ] || { echo "scripts/bench.sh: $EXAMPLES_JAR is missing (the folder run protects with it)" >&2; exit 1; }
  local cmd=(java -cp "$JAR" "$FOLDER_CLASS" --jar "$EXAMPLES_JAR" --out "$OUT/folder.json")
  if [ $QUICK -eq 1 ]; then
    cmd+=(--small 40 --large 2) # the smoke run keeps its time: no baseline build, no third mode
  else
    folder_baseline
    if [ -z "$BASELINE_WHY" ]; then
      cmd+=(--baseline-jar "$FOLDER_BASELINE_JAR" --baseline-commit "$FOLDER_BASELINE_COMMIT")
    else
      cmd+=(--baseline-not-measured "$BASELINE_WHY")
    fi
  fi
  run_recorded folder "$OUT/folder.json" "$BACKEND" "${cmd[@]}"
}

run_spark() {
  local cmd=("$SPARK_BENCH" --json "$OUT/spark.json")
  if [ $QUICK -eq 1 ]; then cmd+=(40 400x300); else cmd+=(200 400x300); fi
  run_recorded spark "$OUT/spark.json" "$BACKEND, Spark local mode in one JVM per configuration" "${cmd[@]}"
}

SUITE_T0=$SECONDS
for part in "${SELECTED[@]}"; do
  if ! present "$part"; then
    if [[ "$EXPLICIT" == *" $part "* ]]; then
      echo "scripts/bench.sh: part $part: its benchmarks are not in this build ($JAR)" >&2
      exit 1
    fi
    echo "scripts/bench.sh: part $part: not in this build, skipped"
    continue
  fi
  case "$part" in
    memory) run_memory ;;
    folder) run_folder ;;
    spark) run_spark ;;
    *) run_jmh_part "$part" ;;
  esac
  if [ "$part" = gradient ]; then
    if [ $QUICK -eq 1 ]; then run_anchor 64 1; else run_anchor 256 1 8 32; fi
    run_gradient_memory
  fi
  if [ "$part" = pipeline ]; then
    if [ $QUICK -eq 1 ]; then run_pipeline_anchor 64 16 1; else run_pipeline_anchor 256 1 5; fi
  fi
done

report=(java -cp "$JAR" dev.pixelprivacy.bench.report.PerformanceReport "$OUT")
[ -n "$CUDA_RESULTS" ] && report+=(--cuda-results "$CUDA_RESULTS")
[ $UPDATE_README -eq 1 ] && report+=(--update-readme README.md)
"${report[@]}"
echo "scripts/bench.sh: done in $((SECONDS - SUITE_T0)) s (parts: ${SELECTED[*]}); page: $OUT/PERFORMANCE.md"
