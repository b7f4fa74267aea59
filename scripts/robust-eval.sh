#!/usr/bin/env bash
# The robust-protection figures of the README ("Protection that survives the upload"), measured with the
# evaluate command on trained networks and real photos:
#   - photos: the 55 real photographs of scripts/fetch-photos.sh (Debian packages, sha256-checked);
#   - attacked: nsfwjs 4.4.0's trained MobileNetV2 (TF.js layers model, scripts/fetch-nsfwjs.sh);
#   - judges: the same MobileNetV2 (white-box, after the chain) and nsfwjs's InceptionV3, never attacked,
#     both fed as nsfwjs feeds them (TF.js align-corners bilinear to 224 / 299);
#   - the platform: long side 720 (Lanczos), then JPEG 75 (real resizer and encoder, not the surrogates).
# Every photo is labelled Neutral (class 2; none shows anything else); evaluate counts the photos the
# MobileNetV2 calls Neutral when clean, and the judge columns say, per judge, whether its class after the
# chain differs from its class for the clean photo after the same chain.
#
#   scripts/robust-eval.sh OUT [--photos N] [--no-build] [part ...]
# Parts (default: plain robust):
#   plain   PGD, 10 steps of eps/4 (the issue's anchor, here through the antialiased resize), 8/255
#   robust  --robust (RobustProtection: ti-mi-fgsm with expectation over the platform), 8/255
#   chart   PGD and ti-mi-fgsm (no EOT) against eps 0, 2, 4, 8, 16 /255 (rate of class change per judge,
#           verification.png), the way the paper's Figure 2 plots white-box accuracy
# --photos N takes the first N photos in name order (the full set takes about a minute per photo and part
# on two busy cores). PIXELPRIVACY_JAR=FILE runs another build of the tool (implies nothing about --no-build).
# Needs apt-get (for the photos) and npm (for nsfwjs), as the test command does.
# Exit codes: 0 success, 1 a step failed, 2 bad usage.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ $# -lt 1 ]; then
  echo "usage: scripts/robust-eval.sh OUT [--photos N] [--no-build] [plain|robust|chart ...]" >&2
  exit 2
fi
out="$1"; shift
photos=0; build=1; parts=()
while [ $# -gt 0 ]; do
  case "$1" in
    --photos) photos="$2"; shift 2 ;;
    --no-build) build=0; shift ;;
    plain|robust|chart) parts+=("$1"); shift ;;
    *) echo "scripts/robust-eval.sh: unknown argument '$1'" >&2; exit 2 ;;
  esac
done
[ ${#parts[@]} -eq 0 ] && parts=(plain robust)
cache="${PIXELPRIVACY_CACHE:-$HOME/.cache/pixel-privacy}"
jar="${PIXELPRIVACY_JAR:-examples/target/pixel-privacy.jar}"
if [ "$build" -eq 1 ]; then
  mvn -B -ntp -q -pl examples -am package -DskipTests
fi
all="$(scripts/fetch-photos.sh "$cache/photos-55")"
tgz="$(scripts/fetch-nsfwjs.sh)"
models="$cache/nsfwjs-models"
java -cp "$jar" dev.pixelprivacy.dl4j.tools.NsfwjsModels "$tgz" "$models" >/dev/null
mnv2="$models/mobilenet_v2/model.json"
incv3="$models/inception_v3/model.json"
mkdir -p "$out"
set_dir="$out/photos"
rm -rf "$set_dir"; mkdir -p "$set_dir"
n=0
while read -r pkg path name sha; do
  case "$pkg" in '#'*|'') continue ;; esac
  echo "$name"
done < scripts/photos-55.txt | sort | while read -r name; do
  n=$((n + 1))
  if [ "$photos" -gt 0 ] && [ "$n" -gt "$photos" ]; then break; fi
  ln -s "$all/$name" "$set_dir/$name"
  echo "$name,2" >> "$set_dir/labels.csv"
done
printf 'Drawing\nHentai\nNeutral\nPorn\nSexy\n' > "$out/nsfwjs-classes.txt"
chain="resize:720:lanczos,jpeg:75"
common=(--threat-model "$mnv2" --class-names "$out/nsfwjs-classes.txt" --judge "$mnv2" --judge "$incv3" --after "$chain")
for part in "${parts[@]}"; do
  start=$(date +%s)
  case "$part" in
    plain)  java -jar "$jar" evaluate "$set_dir" -o "$out/plain" "${common[@]}" --methods pgd --steps 10 --eps 8/255 \
              --report "$out/plain/report" ;;
    robust) java -jar "$jar" evaluate "$set_dir" -o "$out/robust" "${common[@]}" --robust --eps 8/255 \
              --report "$out/robust/report" ;;
    chart)  java -jar "$jar" evaluate "$set_dir" -o "$out/chart" "${common[@]}" --methods pgd,ti-mi-fgsm \
              --eps 0,2/255,4/255,8/255,16/255 --report "$out/chart/report" ;;
  esac
  echo "scripts/robust-eval.sh: $part took $(( $(date +%s) - start )) s; tables in $out/$part" >&2
done
