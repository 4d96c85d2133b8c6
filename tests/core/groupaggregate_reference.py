#!/usr/bin/env python3
"""Reference group statistics for tst_groupaggregate, written independently of the C++ code with Python's
statistics module: per step, each run's last logged value there; mean, sample stdev (0 for one value), min, max
of the finite ones; timestamp = floor of the mean of the runs' timestamps at that step. Prints
{"cases": [{"name", "runs": [{"steps", "times", "values"}], "steps", "times", "mean", "std", "min", "max",
"counts"}]}, non-finite numbers spelled "NaN", "Infinity", "-Infinity". Plain Python."""
import json
import math
import random
import statistics


def spell(x):
    if math.isnan(x):
        return "NaN"
    if math.isinf(x):
        return "Infinity" if x > 0 else "-Infinity"
    return x


def reference(runs):
    per_step = {}
    for run in runs:
        last = {}
        for s, t, v in zip(run["steps"], run["times"], run["values"]):
            last[s] = (t, v)  # later entries win: the last value logged at a step
        for s, (t, v) in last.items():
            per_step.setdefault(s, []).append((t, v))
    out = {k: [] for k in ("steps", "times", "mean", "std", "min", "max", "counts")}
    for s in sorted(per_step):
        entries = per_step[s]
        times = [t for t, _ in entries]
        finite = [v for _, v in entries if math.isfinite(v)]
        out["steps"].append(s)
        out["times"].append(sum(times) // len(times))
        out["counts"].append(len(finite))
        if finite:
            out["mean"].append(statistics.fmean(finite))
            out["std"].append(statistics.stdev(finite) if len(finite) > 1 else 0.0)
            out["min"].append(min(finite))
            out["max"].append(max(finite))
        else:
            for k in ("mean", "std", "min", "max"):
                out[k].append(float("nan"))
    return out


def make_run(rng, length, start_step=0, stride=1, nan_rate=0.0, inf_rate=0.0, repeat_rate=0.0, offset=0.0, scale=1.0):
    steps, times, values = [], [], []
    t0 = 1_700_000_000_000 + rng.randrange(0, 10_000)
    for i in range(length):
        s = start_step + i * stride
        r = rng.random()
        v = offset + scale * (math.exp(-i / max(1, length / 4)) + 0.1 * rng.gauss(0, 1))
        if r < nan_rate:
            v = float("nan")
        elif r < nan_rate + inf_rate:
            v = float("inf") if rng.random() < 0.5 else float("-inf")
        steps.append(s)
        times.append(t0 + i * 250 + rng.randrange(0, 50))
        values.append(v)
        if rng.random() < repeat_rate:  # a resumed run re-logs the step with another value
            steps.append(s)
            times.append(t0 + i * 250 + 100)
            values.append(v + 1.0 if math.isfinite(v) else 0.5)
    return {"steps": steps, "times": times, "values": values}


def main():
    rng = random.Random(20261122)
    cases = []

    def add(name, runs):
        ref = reference(runs)
        runs_out = [{"steps": r["steps"], "times": r["times"], "values": [spell(v) for v in r["values"]]} for r in runs]
        case = {"name": name, "runs": runs_out}
        for k, v in ref.items():
            case[k] = [spell(x) if isinstance(x, float) else x for x in v]
        cases.append(case)

    add("one run", [make_run(rng, 50)])
    add("three seeds same steps", [make_run(rng, 200) for _ in range(3)])
    add("different lengths", [make_run(rng, n) for n in (10, 100, 60)])
    add("offset steps", [make_run(rng, 40, start_step=k * 7, stride=3) for k in range(4)])
    add("nan and inf", [make_run(rng, 120, nan_rate=0.1, inf_rate=0.05) for _ in range(5)])
    add("all nan at some steps", [make_run(rng, 30, nan_rate=0.5) for _ in range(2)])
    add("repeated steps", [make_run(rng, 80, repeat_rate=0.2) for _ in range(3)])
    add("large offset small spread", [make_run(rng, 100, offset=1e9, scale=1e-3) for _ in range(4)])
    add("many runs", [make_run(rng, 300, stride=rng.choice((1, 2, 5))) for _ in range(20)])
    shuffled = make_run(rng, 60)
    order = list(range(60))
    rng.shuffle(order)
    add("steps out of order", [
        {k: [shuffled[k][i] for i in order] for k in ("steps", "times", "values")},
        make_run(rng, 60),
    ])
    print(json.dumps({"cases": cases}))


main()
