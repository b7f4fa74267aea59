#!/usr/bin/env bash
# Where oneDNN spends a call: runs a command with DNNL_VERBOSE=1 (oneDNN 2.x prints one line per
# primitive it executes, with its time) and sums the execution times of the last segment by
# primitive, implementation and propagation kind, telling weight reorders (into a layout blocked on
# the output channels, "A..." or "BA...") from activation reorders.
#
#   scripts/dnnl-verbose.sh [--segment REGEX] -- COMMAND...
#
# --segment REGEX: a line of the command's output matching REGEX ends a segment (e.g. Dl4jProfile's
# "call 4: forward ... gradient ..." lines, which follow that call's primitives); the last segment so
# ended is summed. Without it the whole run is one segment. Example (privacy-bench built):
#
#   scripts/dnnl-verbose.sh --segment '^call [0-9]+:' -- env OMP_NUM_THREADS=2 OMP_WAIT_POLICY=PASSIVE \
#     java -Xmx6g -cp privacy-bench/target/benchmarks.jar dev.pixelprivacy.bench.dl4j.Dl4jProfile 1 256 4
set -euo pipefail
segment=""
if [ "${1:-}" = --segment ]; then
  segment=${2:?"--segment needs a regular expression"}
  shift 2
fi
[ "${1:-}" = -- ] || { echo "usage: scripts/dnnl-verbose.sh [--segment REGEX] -- COMMAND..." >&2; exit 2; }
shift
[ $# -gt 0 ] || { echo "scripts/dnnl-verbose.sh: no command given" >&2; exit 2; }
log=$(mktemp "${TMPDIR:-/tmp}/dnnl-verbose.XXXXXX")
trap 'rm -f "$log"' EXIT
DNNL_VERBOSE=1 ONEDNN_VERBOSE=1 "$@" > "$log" 2>&1 || { echo "scripts/dnnl-verbose.sh: the command failed:" >&2; tail -20 "$log" >&2; exit 1; }
grep -m1 '^dnnl_verbose,info,oneDNN' "$log" || { echo "scripts/dnnl-verbose.sh: no oneDNN verbose output (is oneDNN used?)" >&2; exit 1; }
awk -F, -v seg="$segment" '
  function flush() { delete t; delete n; for (k in cur) { t[k] = cur[k]; n[k] = cnt[k] } delete cur; delete cnt; ended = 1 }
  seg != "" && $0 ~ seg { flush(); title = $0; next }
  /^dnnl_verbose,exec,/ {
    kind = $4; impl = $5; prop = $6
    if (kind == "reorder") {
      split($7, md, " "); dst = md[2]
      key = (dst ~ /:blocked:(A|BA)[a-z]/) ? "reorder (weights)" : "reorder (activations)"
      key = key " " impl
    } else {
      key = kind " " impl " " prop
    }
    cur[key] += $NF; cnt[key]++
  }
  END {
    if (seg == "") { flush(); title = "the whole run" }
    if (!ended) { print "no segment ended (no line matched " seg ")"; exit 1 }
    total = 0; for (k in t) total += t[k]
    printf "oneDNN time in the last segment (%s): %.1f ms\n", title, total
    for (k in t) printf "%9.1f ms %5.1f%% %5d x  %s\n", t[k], 100 * t[k] / total, n[k], k | "sort -rn"
  }' "$log"
