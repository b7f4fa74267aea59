#!/usr/bin/env bash
# Fetches the 55 real photographs the robust-protection figures in the README are measured on, from
# four Debian packages (pinned versions; opencv-doc's sample data, Plasma's and MATE's photographic
# wallpapers, scikit-image's sample photos), and checks every photo's sha256 against
# scripts/photos-55.txt. Nothing from the packages is installed or run: `apt-get download` and
# `dpkg-deb -x` into a temporary folder. Not needed by the build or the tests.
#
#   scripts/fetch-photos.sh DIR      (DIR is created; an existing photo with the right sha256 is kept)
# Prints DIR. Exit codes: 0 success, 1 a download or a checksum failed, 2 bad usage.
set -euo pipefail
if [ $# -ne 1 ]; then
  echo "usage: scripts/fetch-photos.sh DIR" >&2
  exit 2
fi
here="$(cd "$(dirname "$0")" && pwd)"
list="$here/photos-55.txt"
out="$1"
mkdir -p "$out"
declare -A version=(
  [opencv-doc]="4.6.0+dfsg-12"
  [plasma-workspace-wallpapers]="4:5.27.5-2"
  [mate-backgrounds]="1.26.0-1"
  [python3-skimage]="0.19.3-8"
)
missing=0
while read -r pkg path name sha; do
  case "$pkg" in '#'*|'') continue ;; esac
  if [ ! -f "$out/$name" ] || [ "$(sha256sum "$out/$name" | cut -d' ' -f1)" != "$sha" ]; then missing=1; fi
done < "$list"
if [ "$missing" -eq 1 ]; then
  tmp="$(mktemp -d)"
  trap 'rm -rf "$tmp"' EXIT
  for pkg in "${!version[@]}"; do
    if ! (cd "$tmp" && apt-get download -qq "$pkg=${version[$pkg]}" 2>/dev/null); then
      echo "scripts/fetch-photos.sh: apt-get download $pkg=${version[$pkg]} failed (run apt-get update?)" >&2
      exit 1
    fi
  done
  for deb in "$tmp"/*.deb; do dpkg-deb -x "$deb" "$tmp/root"; done
  while read -r pkg path name sha; do
    case "$pkg" in '#'*|'') continue ;; esac
    got="$(sha256sum "$tmp/root/$path" | cut -d' ' -f1)"
    if [ "$got" != "$sha" ]; then
      echo "scripts/fetch-photos.sh: $path from $pkg has sha256 $got, expected $sha" >&2
      exit 1
    fi
    cp "$tmp/root/$path" "$out/$name.part" && mv "$out/$name.part" "$out/$name"
  done < "$list"
fi
echo "$out"
