#!/usr/bin/env python3
"""Write RunLens's demo data: a small CIFAR-10 sweep logged by the real mlflow 3.x package.

    make_demo.py [--out DIR]

DIR (default: this script's folder) receives mlruns/ (file store) and mlflow.db (SQLite store). Both are deleted
and written again, separately, with the same content: the same experiments, runs (and run ids), params, tags,
metric histories and registered model. Run it with the mlflow 3.x environment that packaging/setup.sh creates:

    .venv/mlflow3/bin/python resources/demo/make_demo.py

The training curves are simulated (no GPU needed) but shaped like real ones, and every number comes from fixed
seeds and a fixed calendar, so running the script again rewrites the same data.
"""
import argparse
import math
import os
import random
import shutil
import sqlite3
import subprocess
import sys
import uuid
import warnings
from datetime import datetime, timezone
from pathlib import Path

# mlflow 3.13+ refuses the file store unless told that we mean it; system metrics are simulated, not measured here.
os.environ["MLFLOW_ALLOW_FILE_STORE"] = "true"
os.environ["MLFLOW_ENABLE_SYSTEM_METRICS_LOGGING"] = "false"
os.environ.setdefault("GIT_PYTHON_REFRESH", "quiet")
warnings.filterwarnings("ignore")

import mlflow  # noqa: E402
import mlflow.store.model_registry.file_store  # noqa: E402,F401  (imported now so that pin_clock reaches them)
import mlflow.store.model_registry.sqlalchemy_store  # noqa: E402,F401
import mlflow.store.tracking.file_store  # noqa: E402,F401
import mlflow.store.tracking.sqlalchemy_store  # noqa: E402,F401
import mlflow.utils.time  # noqa: E402
from mlflow.entities import Metric, Param  # noqa: E402
from mlflow.store.tracking.sqlalchemy_store import SqlAlchemyStore  # noqa: E402
from mlflow.tracking import MlflowClient  # noqa: E402


def utc_ms(*args):
    return int(datetime(*args, tzinfo=timezone.utc).timestamp() * 1000)


DAY = utc_ms(2026, 10, 1)
HOUR = 3_600_000
MINUTE = 60_000

TRAIN_IMAGES = 50_000
EPOCHS = 20
STARTUP_MS = 45_000  # data loading and cuDNN autotuning before the first step
VAL_MS = 12_000  # the validation pass at the end of each epoch
SYSTEM_INTERVAL_MS = 10_000  # MLflow's default system-metrics sampling interval
GPU_POWER_LIMIT_W = 300.0
MAX_METRICS_PER_BATCH = 1000  # MLflow's log_batch limit

GIT_SWEEP = "3f9c2a17be04d85a6c1e9f0b27d4c8e5a1b6f392"
GIT_AUGMENT = "8d41e07c9a2b5f63e1d0c7b4a9f8e2d615c3b7a0"

SWEEP_DESCRIPTION = """# ResNet-18 learning-rate sweep

Grid search for CIFAR-10 with the `hparam-search` parent run and one child per configuration.

- **lr** × **batch_size** × **optimizer** (SGD with momentum, AdamW)
- 20 epochs, cosine schedule with one warm-up epoch
- selection metric: `val/accuracy` at the last epoch
"""

AUGMENT_DESCRIPTION = """# Augmentation study

ResNet-50 with the best sweep settings (SGD, lr 0.05, batch 512) and three augmentation policies.

- AutoAugment (CIFAR-10 policy)
- Mixup, alpha = 0.2
- CutMix, alpha = 1.0
"""

PARENT_DESCRIPTION = """## Hyper-parameter search

Eight trials, run two at a time on `gpu-node-1` and `gpu-node-2`.

- best SGD trial: `sgd-lr0.05-bs512`
- best AdamW trial: `adamw-lr0.001-bs512`
- `sgd-lr0.4-bs512` diverged (loss → NaN in epoch 4)
"""

DIVERGED_DESCRIPTION = """## Diverged

The loss exploded in epoch 4 and became NaN, so the trainer stopped with an error.

- lr 0.4 is too high for batch 512 without a longer warm-up
- next time: clip gradients or use lr ≤ 0.2
"""

SPIKE_DESCRIPTION = """## Loss spike at step 700

One bad batch sent the training loss up for a single step; the run recovered at once.

- no effect on `val/accuracy`
- kept in the demo to show that RunLens draws single-step spikes
"""

CHAMPION_DESCRIPTION = """## Best model so far

ResNet-50 with AutoAugment reaches the best validation accuracy of the study.

- registered as `cifar10-classifier` version 3, alias `champion`
"""


class PinnedClock:
    """What mlflow takes as 'now' for experiment and registry timestamps, set by this script as it goes."""

    def __init__(self):
        self.now_ms = DAY - 9 * 24 * HOUR  # when the team set up its tracking store (the Default experiment)

    def __call__(self):
        return self.now_ms


CLOCK = PinnedClock()


def pin_clock():
    # mlflow stamps experiments and registry entries with the wall clock; pinning it to the demo's own calendar
    # makes the stamps fit the runs (October 2026) and makes every regeneration write the same data.
    original = mlflow.utils.time.get_current_time_millis
    for module in list(sys.modules.values()):
        if module and module.__name__.startswith("mlflow"):
            if getattr(module, "get_current_time_millis", None) is original:
                module.get_current_time_millis = CLOCK


def seed_ids(seed):
    # Run ids (and the file store's experiment ids) are uuid4s; seeded ids keep them stable across regenerations
    # and make them the same in both stores.
    rng = random.Random(seed)
    uuid.uuid4 = lambda: uuid.UUID(int=rng.getrandbits(128), version=4)


# ---------------------------------------------------------------------------------------------------------------
# What was trained. Each trial has a start time, a planned length, the final numbers it converges to, and (from
# simulate) the histories it logged, its end time and its status.

def sweep_trials():
    trials = []
    grid = [
        # optimizer, lr, batch, final train loss, final val accuracy
        ("sgd", 0.05, 512, 0.030, 0.9468),
        ("sgd", 0.05, 1024, 0.045, 0.9402),
        ("sgd", 0.4, 512, None, None),  # diverges
        ("sgd", 0.4, 1024, 0.110, 0.9215),
        ("adamw", 0.001, 512, 0.040, 0.9391),
        ("adamw", 0.001, 1024, 0.055, 0.9317),
        ("adamw", 0.01, 512, 0.150, 0.9063),
        ("adamw", 0.01, 1024, 0.120, 0.9136),  # the single-step loss spike
    ]
    # Two lanes (two GPU nodes), four trials each, one after the other.
    lane_clock = [DAY + 8 * HOUR, DAY + 8 * HOUR + 40_000]
    for i, (optimizer, lr, batch, final_loss, final_acc) in enumerate(grid):
        lane = i % 2
        minutes = 27 if batch == 512 else 21
        trial = {
            "name": f"{optimizer}-lr{lr:g}-bs{batch}",
            "experiment": "sweep",
            "optimizer": optimizer,
            "lr": lr,
            "batch_size": batch,
            "model": "resnet18",
            "depth": 18,
            "augment": "none",
            "seed": 42 + i,
            "start_ms": lane_clock[lane],
            "planned_ms": minutes * MINUTE + (i * 37_000) % 90_000,
            "final_loss": final_loss,
            "final_acc": final_acc,
            "host": f"gpu-node-{lane + 1}",
            "user": "alice",
            "commit": GIT_SWEEP,
            "diverge": final_loss is None,
            "spike_step": 700 if (optimizer, lr, batch) == ("adamw", 0.01, 1024) else None,
            "kill_epoch": None,
        }
        if trial["diverge"]:
            trial["description"] = DIVERGED_DESCRIPTION
        if trial["spike_step"]:
            trial["description"] = SPIKE_DESCRIPTION
        trial["series"], trial["end_ms"], trial["status"] = simulate(trial)
        trials.append(trial)
        # The scheduler starts the lane's next trial shortly after this one ends (early, if it failed).
        lane_clock[lane] = trial["end_ms"] + 3 * MINUTE
    return trials


def augment_trials():
    plan = [
        # augment, start, minutes, final train loss, final val accuracy, killed in epoch
        ("autoaugment", DAY + 13 * HOUR + 5 * MINUTE, 33, 0.160, 0.9571, None),
        ("mixup", DAY + 15 * HOUR + 40 * MINUTE, 34, 0.520, 0.9534, None),
        ("cutmix", DAY + 21 * HOUR + 10 * MINUTE, 35, 0.610, 0.9550, 12),  # stopped by hand overnight
    ]
    trials = []
    for i, (augment, start, minutes, final_loss, final_acc, kill_epoch) in enumerate(plan):
        trial = {
            "name": f"r50-{augment}",
            "experiment": "augment",
            "optimizer": "sgd",
            "lr": 0.05,
            "batch_size": 512,
            "model": "resnet50",
            "depth": 50,
            "augment": augment,
            "seed": 7 + i,
            "start_ms": start,
            "planned_ms": minutes * MINUTE,
            "final_loss": final_loss,
            "final_acc": final_acc,
            "host": "gpu-node-1",
            "user": "bob",
            "commit": GIT_AUGMENT,
            "diverge": False,
            "spike_step": None,
            "kill_epoch": kill_epoch,
        }
        if augment == "autoaugment":
            trial["description"] = CHAMPION_DESCRIPTION
        trial["series"], trial["end_ms"], trial["status"] = simulate(trial)
        trials.append(trial)
    return trials


# ---------------------------------------------------------------------------------------------------------------
# Simulated training: what the trainer and MLflow's system-metrics monitor would have logged.

def lr_at(trial, step, steps_per_epoch, total_steps):
    # One warm-up epoch, then cosine decay to zero: the schedule most CIFAR recipes use.
    peak = trial["lr"]
    if step < steps_per_epoch:
        return peak * (step + 1) / steps_per_epoch
    progress = (step - steps_per_epoch) / max(1, total_steps - steps_per_epoch)
    return 0.5 * peak * (1.0 + math.cos(math.pi * progress))


def simulate(trial):
    """Return (metrics as {key: [(timestamp, value, step)]}, end time, status)."""
    rng = random.Random(trial["seed"] * 7919)
    batch = trial["batch_size"]
    steps_per_epoch = math.ceil(TRAIN_IMAGES / batch)
    total_steps = steps_per_epoch * EPOCHS
    step_ms = (trial["planned_ms"] - STARTUP_MS - EPOCHS * VAL_MS) / total_steps

    final_loss = trial["final_loss"] if trial["final_loss"] is not None else 0.4
    final_acc = trial["final_acc"] if trial["final_acc"] is not None else 0.85
    start = trial["start_ms"]
    series = {"train/loss": [], "train/lr": [], "val/loss": [], "val/accuracy": []}

    def step_time(step):
        epoch = step // steps_per_epoch
        return int(start + STARTUP_MS + step * step_ms + epoch * VAL_MS)

    diverge_from = int(3.05 * steps_per_epoch) if trial["diverge"] else None
    end_ms = None
    status = "FINISHED"
    for step in range(total_steps):
        epoch = step // steps_per_epoch
        if trial["kill_epoch"] is not None and epoch >= trial["kill_epoch"] and step % steps_per_epoch > 60:
            end_ms = step_time(step) + 2_500
            status = "KILLED"
            break
        progress = step / total_steps
        loss = final_loss + (2.303 - final_loss) * math.exp(-6.0 * progress)
        loss *= math.exp(rng.gauss(0.0, 0.07))
        if diverge_from is not None and step >= diverge_from:
            loss *= math.exp((step - diverge_from) / 8.0)
            if loss > 1e4:
                loss = float("nan")
        if step == trial["spike_step"]:
            loss = 9.6 * loss + 2.0
        ts = step_time(step)
        series["train/loss"].append((ts, round(loss, 6) if loss == loss else loss, step))
        series["train/lr"].append((ts, round(lr_at(trial, step, steps_per_epoch, total_steps), 9), step))
        if math.isnan(loss):
            # The trainer's NaN guard raises; the run ends FAILED a moment later.
            end_ms = ts + 1_800
            status = "FAILED"
            break

        if step == (epoch + 1) * steps_per_epoch - 1:
            p = (epoch + 1) / EPOCHS
            val_floor = final_loss + 0.17
            val_loss = val_floor + (2.303 - val_floor) * math.exp(-5.0 * p) + rng.gauss(0.0, 0.012)
            if trial["augment"] == "none":
                val_loss += 0.06 * p**3  # mild over-fitting late in training without augmentation
            acc = 0.10 + (final_acc - 0.10) * (1.0 - math.exp(-5.0 * p)) / (1.0 - math.exp(-5.0))
            acc = min(0.999, acc + rng.gauss(0.0, 0.004))
            val_ts = int(start + STARTUP_MS + (epoch + 1) * (steps_per_epoch * step_ms + VAL_MS))
            # Accuracy over the 10,000 test images is a whole number of correct answers.
            series["val/loss"].append((val_ts, round(val_loss, 6), epoch))
            series["val/accuracy"].append((val_ts, round(acc * 10_000) / 10_000, epoch))
    if end_ms is None:
        end_ms = start + trial["planned_ms"] + 4_000

    series.update(system_metrics(trial, end_ms, steps_per_epoch, step_ms, rng))
    return series, end_ms, status


def system_metrics(trial, end_ms, steps_per_epoch, step_ms, rng):
    """Samples every 10 s from start to end, step = 0, 1, 2 …, rounded to 0.1 as MLflow's monitor does."""
    start = trial["start_ms"]
    epoch_ms = steps_per_epoch * step_ms + VAL_MS
    batch = trial["batch_size"]
    steady_gpu_mb = (7_000 + batch * 16) if trial["model"] == "resnet50" else (2_900 + batch * 6)
    out = {}
    step = 0
    while True:
        offset = step * SYSTEM_INTERVAL_MS + rng.randint(3, 60)  # logging is never exactly on the tick
        ts = start + offset
        if ts > end_ms:
            break
        if offset < STARTUP_MS:
            phase = "startup"
        else:
            in_epoch = (offset - STARTUP_MS) % epoch_ms
            phase = "validation" if in_epoch > epoch_ms - VAL_MS else "train"
        if phase == "startup":
            cpu, gpu_util, power = 85 + rng.gauss(0, 6), 3 + rng.random() * 8, 62 + rng.gauss(0, 3)
            gpu_mb = 420 + steady_gpu_mb * min(1.0, offset / STARTUP_MS) * 0.6
        elif phase == "validation":
            cpu, gpu_util, power = 58 + rng.gauss(0, 5), 61 + rng.gauss(0, 6), 188 + rng.gauss(0, 10)
            gpu_mb = steady_gpu_mb + 350
        else:
            cpu, gpu_util, power = 41 + rng.gauss(0, 4), 95 + rng.gauss(0, 2.5), 276 + rng.gauss(0, 9)
            gpu_mb = steady_gpu_mb + rng.gauss(0, 12)
        host_mb = 9_800 + 1_400 * min(1.0, offset / (30 * MINUTE)) + rng.gauss(0, 40)
        gpu_util = int(max(0.0, min(100.0, gpu_util)))  # NVML reports whole percent
        power = min(GPU_POWER_LIMIT_W, power)
        # MLflow's monitor also logs disk, network and percentage variants; five keys keep the demo small.
        values = {
            "cpu_utilization_percentage": max(0.0, min(100.0, cpu)),
            "system_memory_usage_megabytes": host_mb,
            "gpu_0_utilization_percentage": gpu_util,
            "gpu_0_memory_usage_megabytes": gpu_mb,
            "gpu_0_power_usage_watts": power,
        }
        for key, value in values.items():
            out.setdefault(f"system/{key}", []).append((ts, round(float(value), 1), step))
        step += 1
    return out


# ---------------------------------------------------------------------------------------------------------------
# Writing through mlflow.

def log_series(client, run_id, series):
    metrics = [Metric(key, value, ts, step) for key, points in series.items() for ts, value, step in points]
    for i in range(0, len(metrics), MAX_METRICS_PER_BATCH):
        client.log_batch(run_id, metrics=metrics[i : i + MAX_METRICS_PER_BATCH])


def trial_params(trial):
    params = {
        "lr": trial["lr"],
        "batch_size": trial["batch_size"],
        "optimizer": trial["optimizer"],
        "epochs": EPOCHS,
        "model/name": trial["model"],
        "model/depth": trial["depth"],
        "augment": trial["augment"],
        "seed": trial["seed"],
        "weight_decay": 5e-4 if trial["optimizer"] == "sgd" else 0.05,
        "scheduler": "cosine",
        "warmup_epochs": 1,
    }
    if trial["optimizer"] == "sgd":
        params["momentum"] = 0.9
    return {k: str(v) for k, v in params.items()}


def log_config(client, run_id, config):
    # A small config.json per run, as training scripts save theirs. It also keeps every run's artifacts/ folder
    # non-empty: git drops empty folders, and mlflow 3 cannot find a run whose artifacts/ folder is missing.
    client.log_dict(run_id, config, "config.json")


def common_tags(user, commit, host):
    return {
        "team": "vision",
        "dataset": "cifar10",
        "host": host,
        "mlflow.user": user,
        "mlflow.source.name": "train.py",
        "mlflow.source.type": "LOCAL",
        "mlflow.source.git.commit": commit,
    }


def write_store(client, artifact_root):
    """Log the whole demo through `client`; returns {run name: run id}."""
    # Store creation and the Default experiment happen on the first call; do it before seeding so that both
    # stores draw the same ids for the runs.
    client.search_experiments()
    seed_ids(1)

    def location(name):
        return f"{artifact_root}/{name}" if artifact_root else None

    CLOCK.now_ms = DAY + 7 * HOUR + 52 * MINUTE
    sweep_exp = client.create_experiment(
        "cifar10-resnet-sweep",
        artifact_location=location("cifar10-resnet-sweep"),
        tags={"mlflow.note.content": SWEEP_DESCRIPTION, "team": "vision", "project": "cifar10-baselines"},
    )
    CLOCK.now_ms = DAY + 12 * HOUR + 48 * MINUTE
    augment_exp = client.create_experiment(
        "cifar10-augmentation",
        artifact_location=location("cifar10-augmentation"),
        tags={"mlflow.note.content": AUGMENT_DESCRIPTION, "team": "vision", "project": "cifar10-baselines"},
    )

    # The file store draws its experiment ids from uuid4 as well, so seed only now: both stores then give the
    # runs the same ids.
    seed_ids(2)
    sweep = sweep_trials()
    parent_start = min(t["start_ms"] for t in sweep) - 5_000
    parent = client.create_run(
        sweep_exp,
        run_name="hparam-search",
        start_time=parent_start,
        tags={**common_tags("alice", GIT_SWEEP, "gpu-node-1"), "mlflow.note.content": PARENT_DESCRIPTION},
    )
    parent_id = parent.info.run_id
    client.log_batch(
        parent_id,
        params=[
            Param("search/strategy", "grid"),
            Param("search/space", "lr x batch_size x optimizer"),
            Param("search/metric", "val/accuracy"),
            Param("search/trials", str(len(sweep))),
            Param("search/parallel", "2"),
        ],
    )
    log_config(client, parent_id, {"search": {"strategy": "grid", "trials": len(sweep), "parallel": 2}})

    ids = {"hparam-search": parent_id}
    results = []  # (finish time, name, final val accuracy) for the parent's best-so-far curve

    for trial in sweep + augment_trials():
        experiment = sweep_exp if trial["experiment"] == "sweep" else augment_exp
        tags = common_tags(trial["user"], trial["commit"], trial["host"])
        if trial["experiment"] == "sweep":
            tags["mlflow.parentRunId"] = parent_id
        if "description" in trial:
            tags["mlflow.note.content"] = trial["description"]
        run = client.create_run(experiment, run_name=trial["name"], start_time=trial["start_ms"], tags=tags)
        run_id = run.info.run_id
        ids[trial["name"]] = run_id
        params = trial_params(trial)
        client.log_batch(run_id, params=[Param(k, v) for k, v in params.items()])
        log_config(client, run_id, params)
        series, end_ms, status = trial["series"], trial["end_ms"], trial["status"]
        log_series(client, run_id, series)
        client.set_terminated(run_id, status, end_time=end_ms)
        if trial["experiment"] == "sweep":
            accuracies = [value for _, value, _ in series["val/accuracy"]]
            results.append((end_ms, trial["name"], accuracies[-1] if status == "FINISHED" else None))

    # The parent logs the best accuracy so far as each trial finishes, and ends with the last one.
    best = 0.0
    parent_metrics = []
    for index, (finished, _, accuracy) in enumerate(sorted(results)):
        if accuracy is not None:
            best = max(best, accuracy)
        parent_metrics.append(Metric("best/val_accuracy", best, finished + 1_000, index))
    client.log_batch(parent_id, metrics=parent_metrics)
    client.set_terminated(parent_id, "FINISHED", end_time=max(r[0] for r in results) + 3_000)

    register_models(client, ids)
    return ids


def register_models(client, ids):
    name = "cifar10-classifier"
    CLOCK.now_ms = DAY + 11 * HOUR + 2 * MINUTE
    client.create_registered_model(
        name,
        tags={"task": "image-classification", "dataset": "cifar10"},
        description="CIFAR-10 classifiers from the ResNet sweep and the augmentation study.",
    )
    versions = [
        ("sgd-lr0.05-bs512", DAY + 11 * HOUR + 3 * MINUTE, "Best SGD trial of the sweep (ResNet-18)."),
        ("adamw-lr0.001-bs512", DAY + 11 * HOUR + 6 * MINUTE, "Best AdamW trial of the sweep (ResNet-18)."),
        ("r50-autoaugment", DAY + 13 * HOUR + 52 * MINUTE, "ResNet-50 with AutoAugment."),
    ]
    for run_name, when, description in versions:
        CLOCK.now_ms = when
        run = client.get_run(ids[run_name])
        client.create_model_version(
            name,
            source=run.info.artifact_uri + "/model",
            run_id=run.info.run_id,
            tags={"val_accuracy": str(run.data.metrics["val/accuracy"])},
            description=description,
        )
    CLOCK.now_ms = DAY + 14 * HOUR
    client.set_registered_model_alias(name, "champion", "3")


def check(client, ids):
    """Read the store back through mlflow and print what a person would check."""
    runs = client.search_runs([e.experiment_id for e in client.search_experiments()], max_results=1000)
    by_status = {}
    for run in runs:
        by_status[run.info.status] = by_status.get(run.info.status, 0) + 1
    assert len(runs) == len(ids), (len(runs), len(ids))
    version = client.get_model_version_by_alias("cifar10-classifier", "champion")
    assert version.run_id == ids["r50-autoaugment"]
    print(f"  {len(runs)} runs {dict(sorted(by_status.items()))}, champion = version {version.version}")


def open_client(uri):
    # Some registry calls consult the process-wide tracking URI; without this, mlflow 3 would create an empty
    # ./mlflow.db (its default store) in the current folder.
    mlflow.set_tracking_uri(uri)
    mlflow.set_registry_uri(uri)
    return MlflowClient(tracking_uri=uri, registry_uri=uri)


def write_file_store(out):
    mlruns = out / "mlruns"
    shutil.rmtree(mlruns, ignore_errors=True)
    client = open_client(mlruns.as_uri())
    ids = write_store(client, artifact_root=None)
    check(client, ids)
    size = sum(f.stat().st_size for f in mlruns.rglob("*") if f.is_file())
    print(f"{mlruns}: {size / 1e6:.1f} MB in files")


def write_sqlite_store(out):
    db = out / "mlflow.db"
    artifacts = out / "mlartifacts"
    db.unlink(missing_ok=True)
    shutil.rmtree(artifacts, ignore_errors=True)
    uri = f"sqlite:///{db}"
    # Create the database as `mlflow server --default-artifact-root mlartifacts` would, so that even the Default
    # experiment's artifact folder is beside the database and not under whatever folder this script runs in.
    SqlAlchemyStore(uri, artifacts.as_uri())
    client = open_client(uri)
    ids = write_store(client, artifact_root=artifacts.as_uri())
    check(client, ids)
    # log_batch leaves the indexes of the metrics table with half-empty pages; compacting saves a tenth of the
    # size of the committed file and changes no row.
    connection = sqlite3.connect(db)
    connection.execute("VACUUM")
    connection.close()
    print(f"{db}: {db.stat().st_size / 1e6:.1f} MB")


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--out", type=Path, default=Path(__file__).resolve().parent)
    parser.add_argument("--store", choices=["file", "sqlite"], help="write only this store (used internally)")
    args = parser.parse_args()
    out = args.out.resolve()
    out.mkdir(parents=True, exist_ok=True)

    if args.store:
        pin_clock()
        write_file_store(out) if args.store == "file" else write_sqlite_store(out)
        return

    # One process per store: both stores hold the same run ids, and mlflow caches per-run state (the artifact
    # repository of a run id) for the life of a process, which would send the second store's artifacts to the first.
    for store in ("file", "sqlite"):
        subprocess.run([sys.executable, __file__, "--out", str(out), "--store", store], check=True)

    file_ids = {p.name for p in (out / "mlruns").glob("*/*") if (p / "meta.yaml").is_file() and p.parent.name != "models"}
    connection = sqlite3.connect(out / "mlflow.db")
    sql_ids = {row[0] for row in connection.execute("SELECT run_uuid FROM runs")}
    connection.close()
    assert file_ids == sql_ids, "both stores should hold the same run ids"


if __name__ == "__main__":
    main()
