#!/usr/bin/env bash
# RunLens vs mlflow's own client, side by side on the same stores, on this machine, in one run.
#
#   tests/bench/run_bench.sh [--small | --charts]
#
# Stores (written once under build/bench-data/ by make_synthetic_store.py, reused afterwards):
#   file    1,000 runs x 20 params x 10 metrics x 1,000 steps   (mlruns/, 10M metric lines)
#   sqlite 10,000 runs x 20 params x 10 metrics x   100 steps   (mlflow.db, 10M metric rows)
# --small uses 100 / 1,000 runs for a quick check.
#
# For each store: runlens-bench mlflow-index (median of 5) and time_mlflow.py (mlflow's search_runs over all runs).
# The page cache cannot be dropped without root, so each tool reads the store once untimed first; both are then
# measured warm. The table shows the ratio mlflow / RunLens (target: 30x or more).
#
# tests/bench/run_bench.sh --charts instead runs `runlens-bench charts` alone: one chart of 50 runs x 1,000,000
# points in memory (first chart, zoom/pan frames, reduction with and without the min/max pyramid, bytes per point).
# It has no peer tool; Release build only (cmake --preset release && cmake --build build/release --target runlens-bench).
#
# Environment: RUNLENS_BENCH (default build/release/tests/bench/runlens-bench), RUNLENS_PYTHON (default
# .venv/mlflow3/bin/python), RUNLENS_BENCH_DATA (default build/bench-data).
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo=$(cd "$here/../.." && pwd)
bench=${RUNLENS_BENCH:-$repo/build/release/tests/bench/runlens-bench}
python=${RUNLENS_PYTHON:-$repo/.venv/mlflow3/bin/python}
data=${RUNLENS_BENCH_DATA:-$repo/build/bench-data}
repeat=5

small=0
charts=0
case "${1:-}" in
    --small) small=1 ;;
    --charts) charts=1 ;;
    "") ;;
    *) echo "usage: $0 [--small | --charts]" >&2; exit 2 ;;
esac

if [[ ! -x $bench ]]; then
    echo "runlens-bench not found at $bench" >&2
    echo "build it: cmake --preset release && cmake --build build/release --target runlens-bench" >&2
    echo "(or set RUNLENS_BENCH)" >&2
    exit 1
fi
if ((charts)); then
    exec "$bench" charts --runs 50 --points 1000000 --width 1200 --height 700 --frames 50
fi
if [[ ! -x $python ]]; then
    echo "no Python with mlflow at $python: run packaging/setup.sh or set RUNLENS_PYTHON" >&2
    exit 1
fi

# kind runs params metrics steps
if ((small)); then
    stores=("file 100 20 10 1000" "sqlite 1000 20 10 100")
else
    stores=("file 1000 20 10 1000" "sqlite 10000 20 10 100")
fi

results=$(mktemp)
trap 'rm -f "$results"' EXIT

for spec in "${stores[@]}"; do
    read -r kind runs params metrics steps <<<"$spec"
    dir=$data/$kind-${runs}r-${params}p-${metrics}m-${steps}s
    # The marker is written last, so a generation that was interrupted is started again rather than reused.
    if [[ ! -e $dir/complete ]]; then
        rm -rf "$dir"
        "$python" "$here/make_synthetic_store.py" --kind "$kind" --runs "$runs" --params "$params" \
            --metrics "$metrics" --steps "$steps" --out "$dir"
        touch "$dir/complete"
    fi
    if [[ $kind == file ]]; then
        uri="file://$dir/mlruns"
    else
        uri="sqlite:///$dir/mlflow.db"
    fi
    label="$kind $runs runs x $params p x $metrics m x $steps steps"
    echo "== $label"

    echo "   runlens-bench (warm-up, then median of $repeat)"
    "$bench" mlflow-index "$uri" --json >/dev/null
    runlens=$("$bench" mlflow-index "$uri" --repeat "$repeat" --json)
    echo "   mlflow search_runs (warm-up, then one timed pass)"
    "$python" "$here/time_mlflow.py" --uri "$uri" >/dev/null
    mlflow=$("$python" "$here/time_mlflow.py" --uri "$uri")
    printf '%s\t%s\t%s\n' "$label" "$runlens" "$mlflow" >>"$results"
done

"$python" - "$results" "$("$python" -c 'import mlflow; print(mlflow.__version__)' 2>/dev/null)" <<'EOF'
import json
import os
import platform
import sys

path, mlflow_version = sys.argv[1], sys.argv[2]
cpu = next((line.split(":", 1)[1].strip() for line in open("/proc/cpuinfo") if line.startswith("model name")), "?")
print()
print(f"machine: {cpu}, {os.cpu_count()} CPUs, {platform.system()} {platform.release()}; mlflow {mlflow_version}")
header = f"{'store':<46} {'runs':>6} {'RunLens s':>10} {'mlflow s':>10} {'ratio':>8} {'RSS MB (RL/mlflow)':>19}  check"
print(header)
print("-" * len(header))
for line in open(path):
    label, runlens, mlflow = line.rstrip("\n").split("\t")
    rl, ml = json.loads(runlens), json.loads(mlflow)
    # Both tools read the same store: the counts must agree, or the timing compares different work.
    same = all(rl[k] == ml[k] for k in ("runs", "params", "metrics"))
    check = "same content" if same else "DIFFERENT: " + ", ".join(
        f"{k} {rl[k]} vs {ml[k]}" for k in ("runs", "params", "metrics") if rl[k] != ml[k])
    ratio = ml["seconds"] / rl["seconds"] if rl["seconds"] > 0 else float("inf")
    rss = f"{rl['peak_rss_mb']:.0f} / {ml['peak_rss_mb']:.0f}"
    print(f"{label:<46} {rl['runs']:>6} {rl['seconds']:>10.3f} {ml['seconds']:>10.2f} {ratio:>7.1f}x {rss:>19}  {check}")
EOF
