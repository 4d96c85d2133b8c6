#!/usr/bin/env python3
"""Makes a large TensorBoard logdir of scalar events for `runlens-bench tfevents`, and times TensorBoard's own
Python loader on one of its runs (the peer the bench compares with).

    make_tb_logdir.py --out DIR [--size-mb 1024] [--events-per-run 200000]
    make_tb_logdir.py --time RUN_DIR      # prints: bytes=<n> events=<n> seconds=<s> (EventAccumulator, all kept)

One run is written by tensorboardX (simple_value scalars, 8 tags, steps 0..N/8) and then copied into run_0001,
run_0002, … until the logdir holds --size-mb: copies are valid event files and writing 1 GB through the Python
writer would take far longer than reading it.
"""
import argparse
import math
import os
import shutil
import time


def write_base(run_dir, events):
    from tensorboardX import SummaryWriter

    tags = ["loss", "acc", "lr", "grad_norm", "val/loss", "val/acc", "throughput", "mem"]
    with SummaryWriter(logdir=run_dir, flush_secs=3600, max_queue=100000) as w:
        t0 = 1700000000.0
        for i in range(events):
            step = i // len(tags)
            tag = tags[i % len(tags)]
            w.add_scalar(tag, math.sin(i * 0.001) + (i % 13) * 0.01, step, walltime=t0 + i * 0.001)


def time_python(run_dir):
    from tensorboard.backend.event_processing import plugin_event_accumulator as pea

    size = sum(os.path.getsize(os.path.join(run_dir, f)) for f in os.listdir(run_dir) if "tfevents" in f)
    start = time.perf_counter()
    acc = pea.EventAccumulator(run_dir, size_guidance={pea.TENSORS: 0})
    acc.Reload()
    events = sum(len(acc.Tensors(t)) for t in acc.Tags()["tensors"])
    seconds = time.perf_counter() - start
    print("bytes=%d events=%d seconds=%.3f" % (size, events, seconds))


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--out")
    parser.add_argument("--size-mb", type=int, default=1024)
    parser.add_argument("--events-per-run", type=int, default=200000)
    parser.add_argument("--time")
    args = parser.parse_args()
    if args.time:
        time_python(args.time)
        return
    if not args.out:
        parser.error("--out or --time is required")
    base = os.path.join(args.out, "run_0000")
    if not os.path.isdir(base):
        write_base(base, args.events_per_run)
    base_files = [f for f in sorted(os.listdir(base)) if "tfevents" in f]
    run_size = sum(os.path.getsize(os.path.join(base, f)) for f in base_files)
    runs = max(1, math.ceil(args.size_mb * 1024 * 1024 / run_size))
    for i in range(1, runs):
        target = os.path.join(args.out, "run_%04d" % i)
        if not os.path.isdir(target):
            shutil.copytree(base, target)
    print("%s: %d runs of %.1f MB = %.1f MB" % (args.out, runs, run_size / 1e6, runs * run_size / 1e6))


if __name__ == "__main__":
    main()
