#!/usr/bin/env bash
# Checks that the Debian packages hotline-wfm builds, tests and runs with are
# installed. As root it installs the missing ones with apt-get; otherwise it
# prints the exact apt-get line and fails.
set -euo pipefail

packages=(
    build-essential pkg-config curl
    libglpk-dev libgsl-dev libmicrohttpd-dev libjansson-dev libpq-dev
    postgresql libcmocka-dev libsodium-dev libcurl4-openssl-dev libcsv-dev zlib1g-dev
    libjs-chart.js
)
# Extra packages a caller needs on top (e.g. the benchmark peers).
if [ "$#" -gt 0 ]; then packages+=("$@"); fi

missing=()
for p in "${packages[@]}"; do
    status=$(dpkg-query -W -f='${db:Status-Status}' "$p" 2>/dev/null || true)
    [ "$status" = "installed" ] || missing+=("$p")
done
[ "${#missing[@]}" -eq 0 ] && exit 0

line="apt-get install -y --no-install-recommends ${missing[*]}"
if [ "$(id -u)" -ne 0 ]; then
    echo "hotline-wfm needs these Debian packages; run as root:" >&2
    echo "  apt-get update && $line" >&2
    exit 1
fi
echo "installing: ${missing[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
