#!/usr/bin/env python3
"""Writes resources/demo/job/mllogs/ as an itwinai training job leaves it, by really running a short job.

    .venv/mlflow3/bin/python resources/demo/make_job_demo.py [--out DIR] [--telemetry-python PY]

Two ranks train a small MLP (numpy, one CPU core each, no GPU) at the same time for about a minute:

mllogs/mlflow/              MLflow file store written by mlflow 3.17, laid out as itwinai's TorchTrainer does: a
                            parent run "train" ended at once, and per rank a child run "worker_0 (main)" / "worker_1"
                            (tag mlflow.parentRunId) with params, train_loss and train_samples_per_second per step,
                            validation_loss / validation_accuracy per validation, and mlflow's own system-metrics
                            monitor sampling this machine every second (log_system_metrics=True).
mllogs/telemetry/rank<N>.jsonl
                            OneLogger training telemetry of the same ranks, written by nv-one-logger-training-telemetry
                            2.3.1 (its own interpreter, .venv/telemetry): rank 0 saves checkpoints synchronously, rank 1
                            asynchronously; both in session "mlp-2rank-demo".

The script runs itself in three roles: the coordinator (this call), one worker per rank (mlflow's interpreter, the
training loop), and per worker one telemetry writer (the telemetry interpreter, since the two packages live in
different environments). A worker tells its writer each OneLogger callback as one JSON line over a pipe, as it
happens; the writer makes the call at once, and nv-one-logger stamps it (each worker prints the longest delay).
"""
import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

EXPERIMENT = "mlp-2rank-demo"
SESSION = "mlp-2rank-demo"
WORLD_SIZE = 2
# A time limit, as Megatron's --exit-duration-in-mins: the loop stops after this much wall time, well before its
# planned iterations, so the job takes about a minute however busy the machine is.
TRAINING_SECONDS = 40
PLANNED_ITERATIONS = 4000
SAVES = 4  # validation, then a checkpoint save, after each quarter of the time limit
LOG_EVERY = 10  # OneLogger's training_metrics_update interval
MICRO_BATCH = 128
INPUTS, HIDDEN, CLASSES = 1024, 2048, 10
LR, MOMENTUM = 0.01, 0.9
NOISE = 3.0
VALIDATION_SAMPLES = 1024
# Multiply-adds of one sample through the MLP, times 2 for FLOPs, times 3 for forward plus backward.
FLOPS_PER_SAMPLE = 3 * 2 * (INPUTS * HIDDEN + HIDDEN * CLASSES)


def strategy_of(rank: int) -> str:
    return "sync" if rank == 0 else "async"


def worker_name(rank: int) -> str:
    return "worker_0 (main)" if rank == 0 else f"worker_{rank}"


# ------------------------------------------------------------------------------------------- telemetry writer


def run_telemetry_writer(path: Path, rank: int) -> int:
    """Turns the worker's JSON lines into nv-one-logger callback calls, until the worker closes the pipe."""
    os.environ["RANK"] = str(rank)
    from nv_one_logger.api.config import OneLoggerConfig
    from nv_one_logger.exporter.file_exporter import FileExporter
    from nv_one_logger.training_telemetry.api import callbacks
    from nv_one_logger.training_telemetry.api.checkpoint import CheckPointStrategy
    from nv_one_logger.training_telemetry.api.config import TrainingTelemetryConfig
    from nv_one_logger.training_telemetry.api.training_telemetry_provider import TrainingTelemetryProvider

    base = OneLoggerConfig(
        application_name="mlp-job-demo",
        session_tag_or_fn=SESSION,
        world_size_or_fn=WORLD_SIZE,
        is_baseline_run_or_fn=False,
        custom_metadata={"launcher": "make_job_demo.py", "device": "cpu"},
    )
    training = TrainingTelemetryConfig(
        perf_tag_or_fn=f"mlp_h{HIDDEN}_gbs{MICRO_BATCH * WORLD_SIZE}",
        global_batch_size_or_fn=MICRO_BATCH * WORLD_SIZE,
        micro_batch_size_or_fn=MICRO_BATCH,
        flops_per_sample_or_fn=FLOPS_PER_SAMPLE,
        train_iterations_target_or_fn=PLANNED_ITERATIONS,
        train_samples_target_or_fn=PLANNED_ITERATIONS * MICRO_BATCH * WORLD_SIZE,
        log_every_n_train_iterations=LOG_EVERY,
        is_log_throughput_enabled_or_fn=True,
        save_checkpoint_strategy=CheckPointStrategy.SYNC if strategy_of(rank) == "sync" else CheckPointStrategy.ASYNC,
    )
    provider = TrainingTelemetryProvider.instance()
    provider.with_base_config(base).with_exporter(FileExporter(file_path=path)).configure_provider()
    print("ready", flush=True)
    delay = 0.0
    for line in sys.stdin:
        message = json.loads(line)
        name = message["call"]
        if not name.startswith("on_"):
            raise SystemExit(f"not a callback: {name}")
        # Stamped now, by nv-one-logger itself. Passing the loop's own times (start_time_msec=…) would be closer,
        # but 2.3.1 then guesses each span's perf_counter from two clock reads, and on a busy machine a few-ms async
        # save came out with a negative duration_msec.
        getattr(callbacks, name)(**message.get("kwargs", {}))
        delay = max(delay, time.time() - message["sent"])
        if name == "on_app_start":
            # The training config is known only once the application runs (the provider allows setting it late).
            provider.set_training_telemetry_config(training)
    print(f"{delay * 1000:.1f}", flush=True)
    return 0


# ---------------------------------------------------------------------------------------------------- worker


class Telemetry:
    """The worker's end of the pipe to its OneLogger writer; the async checkpoint thread shares it."""

    def __init__(self, python: str, path: Path, rank: int):
        self._lock = threading.Lock()
        self._proc = subprocess.Popen(
            [python, __file__, "--telemetry-writer", str(path), "--rank", str(rank)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
        if self._proc.stdout.readline().strip() != "ready":
            raise SystemExit(f"rank {rank}: the telemetry writer did not start")

    def call(self, name: str, **kwargs) -> None:
        with self._lock:
            self._proc.stdin.write(json.dumps({"call": name, "kwargs": kwargs, "sent": time.time()}) + "\n")
            self._proc.stdin.flush()

    def close(self) -> tuple:
        """The writer's exit code, and the longest it took a call from the loop into nv-one-logger (ms)."""
        self._proc.stdin.close()
        delay = self._proc.stdout.read().strip()
        return self._proc.wait(), delay


def barrier(folder: Path, rank: int) -> None:
    """Both ranks leave together, as after torch.distributed's init_process_group."""
    (folder / f"ready{rank}").touch()
    deadline = time.time() + 120
    while not all((folder / f"ready{r}").exists() for r in range(WORLD_SIZE)):
        if time.time() > deadline:
            raise SystemExit(f"rank {rank}: barrier timed out")
        time.sleep(0.01)


class Mlp:
    """Inputs -> ReLU hidden layer -> softmax, trained by SGD with momentum: real arithmetic for the CPU to do."""

    def __init__(self, rng):
        import numpy as np

        self.np = np
        self.w1 = (rng.standard_normal((INPUTS, HIDDEN)) * (2.0 / INPUTS) ** 0.5).astype(np.float32)
        self.w2 = (rng.standard_normal((HIDDEN, CLASSES)) * (1.0 / HIDDEN) ** 0.5).astype(np.float32)
        self.v1 = np.zeros_like(self.w1)
        self.v2 = np.zeros_like(self.w2)

    def forward(self, x):
        np = self.np
        h = np.maximum(x @ self.w1, 0.0)
        logits = h @ self.w2
        logits -= logits.max(axis=1, keepdims=True)
        p = np.exp(logits)
        p /= p.sum(axis=1, keepdims=True)
        return h, p

    def loss_and_accuracy(self, x, y):
        np = self.np
        _, p = self.forward(x)
        loss = float(-np.log(p[np.arange(len(y)), y] + 1e-12).mean())
        return loss, float((p.argmax(axis=1) == y).mean())

    def train_step(self, x, y):
        np = self.np
        h, p = self.forward(x)
        loss = float(-np.log(p[np.arange(len(y)), y] + 1e-12).mean())
        d = p
        d[np.arange(len(y)), y] -= 1.0
        d /= len(y)
        g2 = h.T @ d
        dh = (d @ self.w2.T) * (h > 0)
        g1 = x.T @ dh
        self.v1 = MOMENTUM * self.v1 + g1
        self.v2 = MOMENTUM * self.v2 + g2
        self.w1 -= LR * self.v1
        self.w2 -= LR * self.v2
        return loss

    def state(self):
        return {"w1": self.w1, "w2": self.w2, "v1": self.v1, "v2": self.v2}


class Shard:
    """This rank's share of a synthetic 10-class problem: Gaussian clusters, drawn batch by batch."""

    def __init__(self, rng, centres):
        self.rng = rng
        self.centres = centres

    def batch(self, n):
        y = self.rng.integers(0, CLASSES, n)
        x = self.centres[y] + self.rng.standard_normal((n, INPUTS)).astype("float32") * NOISE
        return x.astype("float32"), y


def save_checkpoint(state, path: Path) -> None:
    import numpy as np

    with open(path, "wb") as f:
        np.savez_compressed(f, **state)
        f.flush()
        os.fsync(f.fileno())


def run_worker(args) -> int:
    rank = args.rank
    os.environ["MLFLOW_ALLOW_FILE_STORE"] = "true"  # mlflow >= 3.13 refuses file stores without it (itwinai #504)
    os.environ.setdefault("GIT_PYTHON_REFRESH", "quiet")
    import warnings

    warnings.filterwarnings("ignore")
    import mlflow
    import numpy as np

    scratch = Path(args.scratch)
    mllogs = Path(args.mllogs)
    mlflow.set_tracking_uri((mllogs / "mlflow").resolve().as_uri())
    mlflow.set_experiment(EXPERIMENT)
    # Sampling every second, logged at once: the system metrics become a 1 Hz timeline of the job.
    mlflow.set_system_metrics_sampling_interval(1)
    mlflow.set_system_metrics_samples_before_logging(1)
    run = mlflow.start_run(run_name=worker_name(rank), parent_run_id=args.parent, log_system_metrics=True)
    config = {
        "strategy": "independent replicas", "global_rank": rank, "global_world_size": WORLD_SIZE,
        "batch_size": MICRO_BATCH, "lr": LR, "momentum": MOMENTUM, "hidden": HIDDEN,
        "planned_iterations": PLANNED_ITERATIONS, "time_limit_s": TRAINING_SECONDS,
        "checkpoint_strategy": strategy_of(rank), "device": "cpu",
    }
    mlflow.log_params(config)
    # Also keeps artifacts/ non-empty: git drops empty folders, and mlflow reads no run folder without artifacts/.
    mlflow.log_dict(config, "config.json")
    # The system metrics should cover the whole application, so its spans can be read against them: the monitor's
    # first sample comes before the application starts, and its last ones after it ended (below).
    client = mlflow.tracking.MlflowClient()
    deadline = time.time() + 30
    while not client.get_metric_history(run.info.run_id, "system/cpu_utilization_percentage"):
        if time.time() > deadline:
            raise SystemExit(f"rank {rank}: mlflow's system-metrics monitor logged nothing")
        time.sleep(0.1)
    telemetry = Telemetry(args.telemetry_python, mllogs / "telemetry" / f"rank{rank}.jsonl", rank)

    telemetry.call("on_app_start")
    telemetry.call("on_distributed_init_start")
    barrier(scratch, rank)
    telemetry.call("on_distributed_init_end")

    telemetry.call("on_model_init_start")
    model = Mlp(np.random.default_rng(1000))  # same initial weights on every rank, as DDP broadcasts them
    telemetry.call("on_model_init_end")
    telemetry.call("on_dataloader_init_start")
    centres = np.random.default_rng(7).standard_normal((CLASSES, INPUTS)).astype(np.float32) * 0.35
    shard = Shard(np.random.default_rng(100 + rank), centres)
    val_x, val_y = Shard(np.random.default_rng(999), centres).batch(VALIDATION_SAMPLES)
    telemetry.call("on_dataloader_init_end")
    telemetry.call("on_optimizer_init_start")
    telemetry.call("on_optimizer_init_end")

    pending = []  # async checkpoint threads
    telemetry.call("on_train_start", train_iterations_start=0, train_samples_start=0)
    started = last = time.time()
    saves = 0
    for it in range(PLANNED_ITERATIONS):
        telemetry.call("on_training_single_iteration_start")
        x, y = shard.batch(MICRO_BATCH)
        loss = model.train_step(x, y)
        telemetry.call("on_training_single_iteration_end")
        now = time.time()
        # Per wall time since the previous step ended, as a progress meter counts: a validation, a sync save or a
        # core shared with the async save's compression show as dips.
        mlflow.log_metrics({"train_loss": loss, "train_samples_per_second": MICRO_BATCH / (now - last)}, step=it)
        last = now
        step = it + 1
        if now - started < (saves + 1) * TRAINING_SECONDS / SAVES:
            continue
        saves += 1
        telemetry.call("on_validation_start")
        for i in range(0, VALIDATION_SAMPLES, 256):
            telemetry.call("on_validation_single_iteration_start")
            model.forward(val_x[i : i + 256])
            telemetry.call("on_validation_single_iteration_end")
        val_loss, val_accuracy = model.loss_and_accuracy(val_x, val_y)
        telemetry.call("on_validation_end")
        mlflow.log_metrics({"validation_loss": val_loss, "validation_accuracy": val_accuracy}, step=it)

        path = scratch / f"rank{rank}_step{step}.npz"
        telemetry.call("on_save_checkpoint_start", global_step=step)
        if strategy_of(rank) == "sync":
            save_checkpoint(model.state(), path)
            telemetry.call("on_save_checkpoint_success", global_step=step)
            telemetry.call("on_save_checkpoint_end")
        else:
            # The loop waits only for a copy of the state; compressing and writing it competes with training.
            snapshot = {k: v.copy() for k, v in model.state().items()}
            telemetry.call("on_save_checkpoint_end")

            def finish(state=snapshot, path=path, step=step):
                save_checkpoint(state, path)
                telemetry.call("on_save_checkpoint_success", global_step=step)

            thread = threading.Thread(target=finish)
            thread.start()
            pending.append(thread)
        if saves == SAVES:
            break  # the time limit
    for thread in pending:
        thread.join()
    telemetry.call("on_train_end")
    telemetry.call("on_app_end")
    rc, delay_ms = telemetry.close()
    time.sleep(3)  # a few system-metrics samples after the application, with the machine coming back to rest
    mlflow.end_run()
    print(f"rank {rank}: run {run.info.run_id}, {step} steps, last loss {loss:.3f}, validation accuracy "
          f"{val_accuracy:.3f}, OneLogger calls at most {delay_ms} ms after the loop made them")
    return rc


# ----------------------------------------------------------------------------------------------- coordinator


def read_back(mllogs: Path) -> dict:
    """mlflow's and json's own reading of what the job left, with the wall-time ranges the demo is about."""
    from mlflow.tracking import MlflowClient

    client = MlflowClient(tracking_uri=(mllogs / "mlflow").resolve().as_uri())
    experiment = client.get_experiment_by_name(EXPERIMENT)
    summary = {"workers": {}, "ranks": {}}
    for run in client.search_runs([experiment.experiment_id]):
        system = [k for k in run.data.metrics if k.startswith("system/")]
        if not system:
            continue
        times = [m.timestamp for k in system for m in client.get_metric_history(run.info.run_id, k)]
        summary["workers"][run.info.run_name] = {"system_keys": sorted(system), "from": min(times), "to": max(times)}
    for path in sorted((mllogs / "telemetry").glob("rank*.jsonl")):
        records = [json.loads(line) for line in path.read_text().splitlines()]
        app = [r for r in records if r.get("name") == "application"]
        start = app[0]["start_event"]["attributes"]["timestamp_msec"]
        stop = app[-1]["stop_event"]["attributes"]["timestamp_msec"]
        saves = sorted({r["name"] for r in records if r.get("name", "").startswith("checkpoint_save")})
        durations = [r["attributes"]["duration_msec"] for r in records if r["type"] in ("stop", "complete")]
        summary["ranks"][path.name] = {"from": start, "to": stop, "records": len(records), "saves": saves,
                                       "shortest_span_ms": min(durations)}
    return summary


def overlaps(a: dict, b: dict) -> bool:
    return a["from"] < b["to"] and b["from"] < a["to"]


def run_coordinator(args) -> int:
    out = Path(args.out).resolve()
    mllogs = out / "mllogs"
    if mllogs.exists():
        shutil.rmtree(mllogs)
    (mllogs / "telemetry").mkdir(parents=True)
    os.environ["MLFLOW_ALLOW_FILE_STORE"] = "true"
    os.environ.setdefault("GIT_PYTHON_REFRESH", "quiet")
    import warnings

    warnings.filterwarnings("ignore")
    import mlflow

    mlflow.set_tracking_uri((mllogs / "mlflow").resolve().as_uri())
    mlflow.set_experiment(EXPERIMENT)
    # itwinai's TorchTrainer: the parent run is ended right away; the ranks log into its worker_<rank> children.
    with mlflow.start_run(run_name="train") as parent:
        job = {"distributed_strategy": "none (independent replicas)", "world_size": WORLD_SIZE}
        mlflow.log_params(job)
        mlflow.log_dict(job, "config.json")

    started = time.time()
    with tempfile.TemporaryDirectory(prefix="runlens-job-demo-") as scratch:
        workers = [
            subprocess.Popen(
                [sys.executable, __file__, "--worker", "--rank", str(rank), "--parent", parent.info.run_id,
                 "--mllogs", str(mllogs), "--scratch", scratch, "--telemetry-python", args.telemetry_python],
            )
            for rank in range(WORLD_SIZE)
        ]
        codes = [w.wait() for w in workers]
    if any(codes):
        print(f"workers exited with {codes}", file=sys.stderr)
        return 1
    # The job's wall time on the parent, once known (mlflow logs into a finished run). It also gives the parent a
    # metrics/ folder, which mlflow needs to find the run in a git checkout.
    mlflow.tracking.MlflowClient().log_metric(parent.info.run_id, "job_wall_time_s", time.time() - started)

    summary = read_back(mllogs)
    print(json.dumps(summary, indent=1))
    ranks = list(summary["ranks"].values())
    workers = list(summary["workers"].values())
    problems = []
    if len(ranks) != WORLD_SIZE or len(workers) != WORLD_SIZE:
        problems.append("expected a telemetry file and a worker run with system metrics per rank")
    elif not overlaps(ranks[0], ranks[1]):
        problems.append("the ranks did not run at the same time")
    elif not all(w["from"] <= r["from"] and r["to"] <= w["to"] for r in ranks for w in workers):
        problems.append("the system metrics do not cover both applications")
    elif any(r["shortest_span_ms"] < 0 for r in ranks):
        problems.append("a span has a negative duration")
    size = sum(f.stat().st_size for f in mllogs.rglob("*") if f.is_file())
    print(f"wall time {time.time() - started:.1f} s, {size / 1e6:.2f} MB in {mllogs}")
    if size > 2e6:
        problems.append("the folder is over 2 MB")
    for p in problems:
        print("problem:", p, file=sys.stderr)
    return 1 if problems else 0


def main() -> int:
    # One core per rank, as one GPU per rank would be: BLAS must not spread a worker over both cores. Set before
    # anything imports numpy; the workers and writers inherit it.
    for name in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
        os.environ[name] = "1"
    here = Path(__file__).resolve().parent
    ap = argparse.ArgumentParser()
    ap.add_argument("--out", default=str(here / "job"))
    ap.add_argument("--telemetry-python", default=str(here.parent.parent / ".venv" / "telemetry" / "bin" / "python"))
    ap.add_argument("--worker", action="store_true")
    ap.add_argument("--telemetry-writer")
    ap.add_argument("--rank", type=int, default=0)
    ap.add_argument("--parent")
    ap.add_argument("--mllogs")
    ap.add_argument("--scratch")
    args = ap.parse_args()
    if args.telemetry_writer:
        return run_telemetry_writer(Path(args.telemetry_writer), args.rank)
    if args.worker:
        return run_worker(args)
    return run_coordinator(args)


if __name__ == "__main__":
    sys.exit(main())
