#!/usr/bin/env bash
# Forecast accuracy and speed benchmark (issue 4), run on demand:
#   bench/forecast.sh [HISTORY.csv]
# Without an argument it generates the sample hotline history with
# `wfm sample --out FILE --seed 12345 --years 3 --end 2026-11-28` (5 queues,
# 15-minute intervals; WFM_BENCH_END=YYYY-MM-DD moves the last day).
#
# Accuracy: rolling origins over the last 8 weeks, 1-week-ahead (672
# intervals), WAPE and MASE per queue for our chosen model (`wfm forecast
# --backtest-report`), seasonal naive, and R's forecast package (dshw,
# tbats, mstl+ets via bench/forecast_peers.R), all in this run, plus the
# out-of-sample coverage of our 80 % / 95 % intervals.
# Speed: fit + forecast of all queues (wfm forecast --timing).
set -euo pipefail

here=$(cd "$(dirname "$0")/.." && pwd)
cd "$here"
scripts/deps.sh r-cran-forecast python3
make -s -j2 build/wfm

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
if [ "$#" -ge 1 ]; then
    history=$1
else
    # The seeded sample (docs/sample-data.md), ending on a fixed day so that
    # every run scores the same history; WFM_BENCH_END picks another day.
    history=$work/history.csv
    build/wfm sample --out "$history" --seed 12345 --years 3 --end "${WFM_BENCH_END:-2026-11-28}"
fi

echo "history: $history ($(($(wc -l < "$history") - 1)) rows)"
echo "running wfm forecast (backtest + fit + forecast, 5 queues) ..."
start=$(date +%s.%N)
build/wfm forecast --history "$history" --horizon-days 7 --out "$work/forecast.csv" \
    --backtest-report "$work/report.json" --timing 2> "$work/timing.txt"
end=$(date +%s.%N)
echo "running R peers (dshw, tbats, mstl+ets; a few minutes) ..."
if ! Rscript bench/forecast_peers.R "$history" "$work/peers.tsv" 2> "$work/peers.log"; then
    cat "$work/peers.log" >&2
    exit 1
fi

python3 - "$work/report.json" "$work/peers.tsv" "$work/timing.txt" "$start" "$end" <<'PY'
import csv, json, re, sys
report, peers_path, timing_path, start, end = sys.argv[1:6]
ours = {q["queue"]: q for q in json.load(open(report))["queues"]}
peers = {}
for row in csv.DictReader(open(peers_path), delimiter="\t"):
    peers.setdefault(row["queue"], {})[row["model"]] = row
def score(q, model):
    return next(m for m in ours[q]["models"] if m["model"] == model)
fmt = "{:<9} {:<11} {:>7} {:>6} | {:>7} {:>6} | {:>7} {:>6} | {:>7} {:>6} | {:>7} {:>6} | {:>8} {:>9} | {:>5} {:>5}"
print()
print("WAPE and MASE over the last 8 weekly origins, 1 week ahead")
print(fmt.format("queue", "ours", "WAPE", "MASE", "naive", "MASE", "dshw", "MASE", "tbats", "MASE",
                 "ets", "MASE", "ours/nv", "ours/bestR", "cov80", "cov95"))
for q, rep in ours.items():
    c = score(q, rep["chosen"]); n = score(q, "naive"); p = peers.get(q, {})
    r = {m: float(p[m]["wape"]) if m in p and p[m]["wape"] not in ("", "NA", "NaN") else float("nan")
         for m in ("naive", "dshw", "tbats", "ets")}
    rm = {m: float(p[m]["mase"]) if m in p and p[m]["mase"] not in ("", "NA", "NaN") else float("nan")
          for m in ("dshw", "tbats", "ets")}
    best_r = min(v for k, v in r.items() if k != "naive" and v == v) if any(v == v for k, v in r.items() if k != "naive") else float("nan")
    print(fmt.format(q, rep["chosen"], f"{c['wape']:.4f}", f"{c['mase']:.3f}", f"{n['wape']:.4f}",
                     f"{n['mase']:.3f}", f"{r['dshw']:.4f}", f"{rm['dshw']:.3f}", f"{r['tbats']:.4f}",
                     f"{rm['tbats']:.3f}", f"{r['ets']:.4f}", f"{rm['ets']:.3f}",
                     f"{c['wape'] / n['wape']:.3f}", f"{c['wape'] / best_r:.3f}",
                     f"{c['coverage80']:.3f}", f"{c['coverage95']:.3f}"))
    if abs(r["naive"] - n["wape"]) > 1e-6:
        print(f"  note: R's seasonal naive WAPE {r['naive']:.4f} differs from ours {n['wape']:.4f}")
fit = sum(float(m) for m in re.findall(r"fit\+forecast \(\w+\) ([0-9.]+) s", open(timing_path).read()))
full = sum(float(m) for m in re.findall(r"backtest\+fit\+forecast ([0-9.]+) s", open(timing_path).read()))
print()
print(f"ours: fit + forecast of the chosen models, all queues: {fit:.3f} s "
      f"(with the 16-origin backtest of 3 models: {full:.3f} s; whole command incl. CSV: {float(end) - float(start):.2f} s)")
for model in ("dshw", "tbats", "ets"):
    secs = [float(p[model]["fit_forecast_s"]) for p in peers.values() if model in p and p[model]["fit_forecast_s"] not in ("", "NA")]
    if secs:
        print(f"R {model}: fit + forecast, all queues, on a shorter window (see bench/forecast_peers.R): {sum(secs):.2f} s")
PY
