#!/usr/bin/env bash
# Fetches the npm package nsfwjs@4.4.0 (MIT; its trained TF.js layers models are the Keras import's
# trained-weight tests) with npm's own client, checks its sha256 and caches it. Prints the tarball's path.
# Cache: $PIXELPRIVACY_CACHE (default ~/.cache/pixel-privacy). Nothing in the package is run.
set -euo pipefail
sha="585cd178f3b994337c4d10a87b080d342fc52f8b9bf0085c4d1f345a3a1c5382"
cache="${PIXELPRIVACY_CACHE:-$HOME/.cache/pixel-privacy}"
tgz="$cache/nsfwjs-4.4.0.tgz"
if [ ! -f "$tgz" ] || [ "$(sha256sum "$tgz" | cut -d' ' -f1)" != "$sha" ]; then
  if ! command -v npm >/dev/null 2>&1; then
    echo "scripts/fetch-nsfwjs.sh: installing Debian's npm (to fetch nsfwjs@4.4.0)" >&2
    sudo=""
    if [ "$(id -u)" -ne 0 ]; then sudo="sudo"; fi
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq npm >/dev/null
  fi
  mkdir -p "$cache"
  tmp="$(mktemp -d)"
  (cd "$tmp" && npm pack nsfwjs@4.4.0 --silent >/dev/null)
  got="$(sha256sum "$tmp/nsfwjs-4.4.0.tgz" | cut -d' ' -f1)"
  if [ "$got" != "$sha" ]; then
    echo "scripts/fetch-nsfwjs.sh: nsfwjs-4.4.0.tgz has sha256 $got, expected $sha" >&2
    rm -rf "$tmp"
    exit 1
  fi
  mv "$tmp/nsfwjs-4.4.0.tgz" "$tgz"
  rm -rf "$tmp"
fi
echo "$tgz"
