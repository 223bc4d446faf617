#!/usr/bin/env bash
# Erlang A staffing benchmark: a year of 15-minute intervals for 5 queues to
# a 95 % answer-rate target, against a linear search from 0 seats (the
# named baseline: no Erlang A library is installable from Debian or npm).
# Usage: bench/erlang.sh [repeats]
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/deps.sh
make -j2 build/bench/erlang_bench >/dev/null
build/bench/erlang_bench "${1:-5}"
