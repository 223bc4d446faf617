#!/usr/bin/env bash
# Simulation benchmark (issue 5): a week, 5 queues, ~10,000 contacts a day,
# 20 replications through wfm_simulate, against the same system in SimPy
# (Debian python3-simpy3) on the same input, fewer replications (it is
# slow); compared per replication. The answer rates of both should agree
# within the confidence intervals.
# Usage: bench/simulate.sh [replications] [peer_replications]
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/deps.sh python3-simpy3
make -j2 build/bench/simulate_bench >/dev/null
input=$(mktemp --suffix=.json)
trap 'rm -f "$input"' EXIT
ours=$(build/bench/simulate_bench "$input" "${1:-20}")
echo "$ours"
peer=$(/usr/bin/python3 bench/simulate_peer_simpy.py "$input" "${2:-2}")
echo "$peer"
a=$(sed -n 's/.*, \([0-9.]*\) ms per replication.*/\1/p' <<<"$ours" | head -1)
b=$(sed -n 's/.*, \([0-9.]*\) ms per replication.*/\1/p' <<<"$peer" | head -1)
awk -v a="$a" -v b="$b" 'BEGIN { printf "ratio SimPy/wfm_simulate per replication: %.0fx\n", b / a }'
