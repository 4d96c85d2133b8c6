#!/usr/bin/env python3
"""Write a large synthetic MLflow store in MLflow's exact on-disk format, for runlens-bench and time_mlflow.py.

    make_synthetic_store.py --kind file|sqlite --runs N --params P --metrics M --steps S --out DIR

--kind file writes DIR/mlruns (one experiment besides Default); --kind sqlite writes DIR/mlflow.db. Every run has
P params, the usual mlflow.* tags and a few others, and M metrics of S points each (step 0..S-1, one second apart).

Going through mlflow's logging API would take hours at this size, so the rows and files are written directly:
 * sqlite: real mlflow creates the database (so the schema and alembic revision are its own) and the experiment;
   then Python's sqlite3 bulk-inserts runs, params, tags, metrics and latest_metrics, with latest_metrics chosen
   by MLflow's rule (the greatest (step, timestamp, value)).
 * file: folders and files as mlflow's FileStore writes them (reference/mlflow.md §1), one write() per file.
Either way a few runs are then read back with real mlflow (MlflowClient.get_run) and compared with what was written.
Run it with the mlflow 3.x environment (.venv/mlflow3/bin/python); the output is the same for the same arguments.
"""
import argparse
import math
import os
import random
import shutil
import sqlite3
import sys
import time
import uuid
import warnings
from pathlib import Path

os.environ.setdefault("MLFLOW_ALLOW_FILE_STORE", "true")
os.environ.setdefault("GIT_PYTHON_REFRESH", "quiet")
warnings.filterwarnings("ignore")

import yaml  # noqa: E402  (mlflow depends on PyYAML; the file store's meta.yaml files are written with it)

BASE_MS = 1_790_000_000_000  # 2026-09-21, a fixed start so that stores are reproducible
STEP_MS = 1_000
EXPERIMENT_NAME = "synthetic-bench"
RUN_STATUSES = [("FINISHED", 3)] * 17 + [("FAILED", 4), ("KILLED", 5), ("RUNNING", 1)]  # name, file-store int

# Realistic names first (with '/' so that the file store needs sub-folders), numbered ones after.
PARAM_NAMES = ["lr", "batch_size", "optimizer", "epochs", "model/name", "model/depth", "seed", "weight_decay",
               "scheduler", "warmup_steps", "dropout", "augment"]
METRIC_NAMES = ["train/loss", "train/accuracy", "val/loss", "val/accuracy", "lr", "grad_norm",
                "system/cpu_utilization_percentage", "system/gpu_0_utilization_percentage",
                "system/gpu_0_memory_usage_megabytes", "system/system_memory_usage_megabytes"]


def numbered(names, count, prefix):
    return [names[i] if i < len(names) else f"{prefix}_{i:03d}" for i in range(count)]


class Plan:
    """Everything about the store that does not depend on its format, drawn from one seeded generator."""

    def __init__(self, runs, params, metrics, steps, seed=1):
        self.rng = random.Random(seed)
        self.steps = steps
        self.param_keys = numbered(PARAM_NAMES, params, "param")
        self.metric_keys = numbered(METRIC_NAMES, metrics, "metric")
        # Runs follow one another in time, so that for each key the metrics primary key (key, timestamp, …)
        # grows as rows are inserted, which keeps the SQLite bulk load fast.
        self.run_span_ms = steps * STEP_MS + 60_000
        self.runs = [self.make_run(i) for i in range(runs)]

    def make_run(self, index):
        rng = self.rng
        status, status_int = RUN_STATUSES[index % len(RUN_STATUSES)]
        start = BASE_MS + index * self.run_span_ms
        params = {}
        for k, key in enumerate(self.param_keys):
            if key == "lr":
                params[key] = str(rng.choice([1e-4, 3e-4, 1e-3, 3e-3, 0.01, 0.03, 0.1]))
            elif key == "optimizer":
                params[key] = rng.choice(["sgd", "adam", "adamw", "lion"])
            elif key == "batch_size":
                params[key] = str(rng.choice([32, 64, 128, 256, 512]))
            else:
                params[key] = f"value-{rng.randrange(10 ** (1 + k % 6))}"
        name = f"run-{index:05d}"
        tags = {
            "mlflow.runName": name,
            "mlflow.user": f"user{index % 7}",
            "mlflow.source.name": "train.py",
            "mlflow.source.type": "LOCAL",
            "mlflow.source.git.commit": "%040x" % rng.getrandbits(160),
            "team": rng.choice(["vision", "nlp", "speech", "recsys"]),
            "dataset": rng.choice(["cifar10", "imagenet", "wikitext", "librispeech"]),
        }
        return {
            "index": index,
            "run_id": uuid.UUID(int=rng.getrandbits(128), version=4).hex,
            "name": name,
            "status": status,
            "status_int": status_int,
            "start": start,
            "end": None if status == "RUNNING" else start + self.steps * STEP_MS + 5_000,
            "user": tags["mlflow.user"],
            "params": params,
            "tags": tags,
        }

    def series(self, run, key_index):
        """(steps, timestamps, values) of one metric of one run: a noisy decaying or rising curve."""
        rng = random.Random(run["index"] * 1_000_003 + key_index)
        n = self.steps
        start = run["start"]
        scale = 0.5 + rng.random()
        rate = 3.0 + 3.0 * rng.random()
        rising = key_index % 2 == 1
        noise = rng.random
        exp = math.exp
        values = []
        for step in range(n):
            curve = exp(-rate * step / n)
            values.append(scale * ((1.0 - curve) if rising else curve) + 0.07 * (noise() - 0.5))
        steps = range(n)
        timestamps = [start + STEP_MS * (step + 1) + key_index for step in steps]
        return steps, timestamps, values


# ---------------------------------------------------------------------------------------------------------------
# File store


def write_text(path, text):
    with open(path, "w", encoding="utf-8", newline="") as f:
        f.write(text)


def write_key_file(folder, key, text):
    # Keys with '/' are sub-folders on disk (metrics/system/cpu_…), as mlflow's FileStore lays them out.
    path = folder / key
    if "/" in key:
        path.parent.mkdir(parents=True, exist_ok=True)
    write_text(path, text)


def dump_yaml(path, data):
    # The same call mlflow's write_yaml makes, so the files are byte-for-byte what mlflow would write.
    write_text(path, yaml.safe_dump(data, default_flow_style=False, allow_unicode=True, sort_keys=True))


def write_experiment_meta(root, experiment_id, name, created):
    folder = root / experiment_id
    folder.mkdir(parents=True)
    dump_yaml(folder / "meta.yaml", {
        "artifact_location": folder.as_uri(),
        "creation_time": created,
        "experiment_id": experiment_id,
        "last_update_time": created,
        "lifecycle_stage": "active",
        "name": name,
    })
    return folder


def write_file_store(plan, out):
    root = out / "mlruns"
    shutil.rmtree(root, ignore_errors=True)
    root.mkdir(parents=True)
    (root / ".trash").mkdir()
    write_experiment_meta(root, "0", "Default", BASE_MS - 86_400_000)
    # mlflow's file store ids are random 18-digit integers (name_utils._generate_unique_integer_id).
    experiment_id = str(plan.rng.getrandbits(64) % 10**18).zfill(18)
    experiment_dir = write_experiment_meta(root, experiment_id, EXPERIMENT_NAME, BASE_MS - 60_000)

    total = len(plan.runs)
    for run in plan.runs:
        run_dir = experiment_dir / run["run_id"]
        for sub in ("metrics", "params", "tags", "artifacts"):  # mlflow 3 skips a run that lacks one of these
            (run_dir / sub).mkdir(parents=True)
        dump_yaml(run_dir / "meta.yaml", {
            "artifact_uri": (run_dir / "artifacts").as_uri(),
            "deleted_time": None,
            "end_time": run["end"],
            "entry_point_name": "",
            "experiment_id": experiment_id,
            "lifecycle_stage": "active",
            "run_id": run["run_id"],
            "run_name": run["name"],
            "run_uuid": run["run_id"],  # MLflow 2.x needs it; 3.x ignores it
            "source_name": "",
            "source_type": 4,
            "source_version": "",
            "start_time": run["start"],
            "status": run["status_int"],
            "tags": [],
            "user_id": run["user"],
        })
        for key, value in run["params"].items():
            write_key_file(run_dir / "params", key, value)  # no trailing newline, as mlflow writes them
        for key, value in run["tags"].items():
            write_key_file(run_dir / "tags", key, value)
        for key_index, key in enumerate(plan.metric_keys):
            steps, timestamps, values = plan.series(run, key_index)
            # One line per point, "timestamp value step", value as Python's str(float) — mlflow's own format.
            text = "".join([f"{ts} {value} {step}\n" for ts, value, step in zip(timestamps, values, steps)])
            write_key_file(run_dir / "metrics", key, text)
        if (run["index"] + 1) % 100 == 0:
            print(f"  {run['index'] + 1}/{total} runs", end="\r", flush=True)
    print()
    return root.as_uri()


# ---------------------------------------------------------------------------------------------------------------
# SQLite store


def sql_metric_value(value):
    # SqlAlchemyStore keeps NaN as (0, is_nan=1) and clamps ±inf to ±DBL_MAX (reference/mlflow.md §5.4).
    if math.isnan(value):
        return 0.0, 1
    if math.isinf(value):
        return math.copysign(sys.float_info.max, value), 0
    return value, 0


def write_sqlite_store(plan, out):
    from mlflow.tracking import MlflowClient

    db = out / "mlflow.db"
    db.unlink(missing_ok=True)
    uri = f"sqlite:///{db}"
    client = MlflowClient(tracking_uri=uri)
    # An explicit location: mlflow's default would be ./mlruns under whatever folder this script runs in.
    experiment_location = f"{(out / 'mlartifacts').as_uri()}/{EXPERIMENT_NAME}"
    experiment_id = int(client.create_experiment(EXPERIMENT_NAME, artifact_location=experiment_location))
    del client  # mlflow's engine is idle from here on; sqlite3 takes over the file

    connection = sqlite3.connect(db)
    # A throw-away file being filled in one go: no journal and no fsync. Neither setting is stored in the file.
    connection.execute("PRAGMA journal_mode = OFF")
    connection.execute("PRAGMA synchronous = OFF")
    connection.execute("PRAGMA cache_size = -1000000")

    # Secondary indexes of metrics are rebuilt once at the end (faster than updating them row by row), from the
    # CREATE INDEX statements mlflow itself wrote, so the schema ends up exactly as mlflow made it.
    index_sql = [row[0] for row in connection.execute(
        "SELECT sql FROM sqlite_master WHERE type = 'index' AND tbl_name = 'metrics' AND sql IS NOT NULL")]
    index_names = [row[0] for row in connection.execute(
        "SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'metrics' AND sql IS NOT NULL")]

    with connection:
        for name in index_names:
            connection.execute(f'DROP INDEX "{name}"')
        connection.executemany(
            "INSERT INTO runs (run_uuid, name, source_type, source_name, entry_point_name, user_id, status, "
            "start_time, end_time, source_version, lifecycle_stage, artifact_uri, experiment_id, deleted_time) "
            "VALUES (?, ?, 'UNKNOWN', '', '', ?, ?, ?, ?, '', 'active', ?, ?, NULL)",
            [(r["run_id"], r["name"], r["user"], r["status"], r["start"], r["end"],
              f"{experiment_location}/{r['run_id']}/artifacts", experiment_id) for r in plan.runs])
        connection.executemany(
            "INSERT INTO params (key, value, run_uuid) VALUES (?, ?, ?)",
            [(k, v, r["run_id"]) for r in plan.runs for k, v in r["params"].items()])
        connection.executemany(
            "INSERT INTO tags (key, value, run_uuid) VALUES (?, ?, ?)",
            [(k, v, r["run_id"]) for r in plan.runs for k, v in r["tags"].items()])

        latest_rows = []
        rows = []
        total = len(plan.runs)
        for run in plan.runs:
            run_id = run["run_id"]
            series = [plan.series(run, key_index) for key_index in range(len(plan.metric_keys))]
            # Rows in the order a training loop's log_batch per step would have inserted them (every key of step 0,
            # then of step 1 …), so that the table's physical order is the one real stores have.
            for step in range(plan.steps):
                for key, (steps, timestamps, values) in zip(plan.metric_keys, series):
                    stored, is_nan = sql_metric_value(values[step])
                    rows.append((key, stored, timestamps[step], run_id, steps[step], is_nan))
            for key, (steps, timestamps, values) in zip(plan.metric_keys, series):
                # MLflow's rule for the latest value: the greatest (step, timestamp, value).
                step, ts, value = max(zip(steps, timestamps, values))
                stored, is_nan = sql_metric_value(value)
                latest_rows.append((key, stored, ts, step, is_nan, run_id))
            if len(rows) >= 1_000_000 or run is plan.runs[-1]:
                connection.executemany(
                    "INSERT INTO metrics (key, value, timestamp, run_uuid, step, is_nan) VALUES (?, ?, ?, ?, ?, ?)",
                    rows)
                rows = []
                print(f"  {run['index'] + 1}/{total} runs", end="\r", flush=True)
        print()
        connection.executemany(
            "INSERT INTO latest_metrics (key, value, timestamp, step, is_nan, run_uuid) VALUES (?, ?, ?, ?, ?, ?)",
            latest_rows)
        for sql in index_sql:
            connection.execute(sql)
    connection.close()
    return uri


# ---------------------------------------------------------------------------------------------------------------
# Reading back with mlflow


def verify(plan, uri, count=3):
    from mlflow.tracking import MlflowClient

    client = MlflowClient(tracking_uri=uri)
    picks = sorted({0, len(plan.runs) // 2, len(plan.runs) - 1})[:count]
    for index in picks:
        expected = plan.runs[index]
        run = client.get_run(expected["run_id"])
        assert run.info.run_name == expected["name"], (run.info.run_name, expected["name"])
        assert run.info.status == expected["status"], (run.info.status, expected["status"])
        assert run.info.start_time == expected["start"] and run.info.end_time == expected["end"]
        assert run.data.params == expected["params"], "params differ"
        for key, value in expected["tags"].items():
            assert run.data.tags.get(key) == value, f"tag {key} differs"
        for key_index, key in enumerate(plan.metric_keys):
            steps, timestamps, values = plan.series(expected, key_index)
            assert run.data.metrics[key] == max(zip(steps, timestamps, values))[2], f"latest {key} differs"
        history = client.get_metric_history(expected["run_id"], plan.metric_keys[-1])
        _, _, values = plan.series(expected, len(plan.metric_keys) - 1)
        assert [m.value for m in history] == values, "metric history differs"
    print(f"  mlflow reads runs {picks} back as written")


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--kind", choices=["file", "sqlite"], required=True)
    parser.add_argument("--runs", type=int, required=True)
    parser.add_argument("--params", type=int, default=20)
    parser.add_argument("--metrics", type=int, default=10)
    parser.add_argument("--steps", type=int, default=100)
    parser.add_argument("--out", type=Path, required=True)
    args = parser.parse_args()
    out = args.out.resolve()
    out.mkdir(parents=True, exist_ok=True)

    began = time.monotonic()
    plan = Plan(args.runs, args.params, args.metrics, args.steps)
    print(f"{args.kind} store: {args.runs} runs x {args.params} params x {args.metrics} metrics x {args.steps} steps")
    uri = write_file_store(plan, out) if args.kind == "file" else write_sqlite_store(plan, out)
    print(f"  written in {time.monotonic() - began:.1f} s: {uri}")
    verify(plan, uri)


if __name__ == "__main__":
    main()
