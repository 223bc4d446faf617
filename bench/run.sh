#!/usr/bin/env bash
# `make bench`: every benchmark in bench/, one after the other, or the ones
# named (`bench/run.sh erlang simulate`). Benchmarks are run on demand, never
# by `make test`; each prints its figures and a ratio against a named peer.
set -uo pipefail
cd "$(dirname "$0")/.."
names=("$@")
if [ "${#names[@]}" -eq 0 ]; then
    for s in bench/*.sh; do
        n=$(basename "$s" .sh)
        [ "$n" = run ] || names+=("$n")
    done
fi
status=0
for n in "${names[@]}"; do
    echo "== bench/$n.sh"
    bash "bench/$n.sh" || { echo "bench/$n.sh failed" >&2; status=1; }
done
exit $status
