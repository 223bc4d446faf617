#!/usr/bin/env bash
# Live re-plan benchmark (issue 6): 350 agents, 5 queues, 32 intervals,
# against the same LP with GLPK's presolver off.
# Usage: bench/reallocate.sh [repeats]
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/deps.sh
make -j2 build/bench/reallocate_bench >/dev/null
build/bench/reallocate_bench "${1:-5}"
