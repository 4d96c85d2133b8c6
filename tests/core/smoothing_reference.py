#!/usr/bin/env python3
"""Reference smoothing vectors for tst_smoothing, written independently of the C++ code from the published
formulas (TensorBoard's classicSmoothing, MLflow's EMA) and the documented running-average and Gaussian
definitions. Prints one JSON document: {"cases": [{"name", "mode", "parameter", "input", "expected"}]}.
Non-finite numbers are spelled "NaN", "Infinity", "-Infinity" so the output is strict JSON. Plain Python."""
import json
import math
import random


def tensorboard_ema(ys, weight):
    w = min(max(weight, 0.0), 1.0)
    if not ys or all(y == ys[0] for y in ys):
        return list(ys)
    out, last, n = [], 0.0, 0
    for y in ys:
        if not math.isfinite(y):
            out.append(y)
            continue
        last = last * w + (1 - w) * y
        n += 1
        debias = 1.0 if w == 1 else 1 - math.pow(w, n)
        out.append(last / debias)
    return out


def mlflow_ema(ys, slider):
    if slider <= 1 or len(ys) <= 1 or all(y == ys[0] for y in ys):
        return list(ys)
    s = slider / (100 + 1)
    out, biased = [], 0.0
    for i, y in enumerate(ys):
        if math.isnan(y):
            out.append(y)
            continue
        biased = biased * s + (1 - s) * y
        out.append(biased / (1 - math.pow(s, i + 1)))
    return out


def running_average(ys, window):
    if window <= 1:
        return list(ys)
    out = []
    for i, y in enumerate(ys):
        if not math.isfinite(y):
            out.append(y)
            continue
        finite = [v for v in ys[max(0, i - window + 1):i + 1] if math.isfinite(v)]
        out.append(math.fsum(finite) / len(finite))
    return out


def gaussian(ys, sigma):
    if not sigma > 0:
        return list(ys)
    radius = int(4 * sigma + 0.5)
    out = []
    for i, y in enumerate(ys):
        if not math.isfinite(y):
            out.append(y)
            continue
        num, den = [], []
        for j in range(max(0, i - radius), min(len(ys) - 1, i + radius) + 1):
            if math.isfinite(ys[j]):
                k = math.exp(-0.5 * ((j - i) / sigma) ** 2)
                num.append(k * ys[j])
                den.append(k)
        out.append(math.fsum(num) / math.fsum(den))
    return out


def spell(v):
    if math.isnan(v):
        return "NaN"
    if math.isinf(v):
        return "Infinity" if v > 0 else "-Infinity"
    return v


def main():
    rng = random.Random(20260522)
    walk, v = [], 1.0
    for _ in range(500):
        v += rng.gauss(0, 0.1)
        walk.append(v)
    with_nan = list(walk[:200])
    for i in (0, 7, 8, 50, 199):
        with_nan[i] = math.nan
    with_inf = list(walk[:200])
    with_inf[10], with_inf[11], with_inf[90] = math.inf, -math.inf, math.inf
    loss = [2.5 * math.exp(-i / 60) + 0.05 * rng.random() for i in range(300)]
    inputs = {
        "random walk": walk,
        "with nan": with_nan,
        "with inf": with_inf,
        "decaying loss": loss,
        "constant": [0.25] * 40,
        "constant with nan": [0.25] * 10 + [math.nan] + [0.25] * 10,
        "length 1": [3.5],
        "empty": [],
        "all nan": [math.nan] * 5,
    }
    methods = [("ema_tensorboard", w, tensorboard_ema) for w in (0, 0.6, 0.99, 0.999)]
    methods += [("ema_mlflow", w, mlflow_ema) for w in (0, 1, 50, 99)]
    methods += [("running_average", w, running_average) for w in (1, 5, 50)]
    methods += [("gaussian", s, gaussian) for s in (0, 1.5, 10)]
    cases = []
    for name, ys in inputs.items():
        for mode, parameter, f in methods:
            cases.append({
                "name": f"{name} / {mode} {parameter}",
                "mode": mode,
                "parameter": parameter,
                "input": [spell(y) for y in ys],
                "expected": [spell(y) for y in f(ys, parameter)],
            })
    print(json.dumps({"cases": cases}, allow_nan=False))


if __name__ == "__main__":
    main()
