#!/usr/bin/env bash
# The job-queue benchmark (bench/jobs_bench.c) on a private, throwaway
# PostgreSQL cluster: take+finish throughput against a plain FOR UPDATE peer,
# and cancel latency. Usage: bench/jobs.sh   (from anywhere)
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
make -C "$here" -j2 --no-print-directory build/wfm build/bench/jobs_bench >/dev/null
pgdir=$(mktemp -d /tmp/wfm-jobs-bench.XXXXXX)
trap '"$here/scripts/pg.sh" destroy "$pgdir" >/dev/null 2>&1 || true' EXIT
url=$("$here/scripts/pg.sh" start "$pgdir" wfm_bench)
"$here/build/wfm" migrate --database-url "$url" >/dev/null
echo "jobs_bench on $(nproc) cores, PostgreSQL $(psql --version 2>/dev/null | awk '{print $3}')"
"$here/build/bench/jobs_bench" "$url"
