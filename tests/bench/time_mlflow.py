#!/usr/bin/env python3
"""Time mlflow's own client on what RunLens's run table needs, for run_bench.sh.

    time_mlflow.py --uri URI

Lists every experiment, then pages through MlflowClient.search_runs over all of them (max_results = 50,000, the
API's ceiling, following page_token to the end): runs with params, tags and latest metrics, the same content as
runlens-bench's Source::index(). Prints one JSON line: seconds, runs, param/tag/metric counts, peak RSS.

Opening the store (SQLAlchemy engine, schema check) happens before the clock starts: a server does it once at
start-up, so charging it to every listing would flatter RunLens.
"""
import argparse
import json
import os
import resource
import time
import warnings

os.environ.setdefault("MLFLOW_ALLOW_FILE_STORE", "true")
os.environ.setdefault("GIT_PYTHON_REFRESH", "quiet")
warnings.filterwarnings("ignore")

from mlflow.entities import ViewType  # noqa: E402
from mlflow.tracking import MlflowClient  # noqa: E402

MAX_RESULTS = 50_000


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--uri", required=True, help="file:///…/mlruns or sqlite:///…/mlflow.db")
    args = parser.parse_args()

    client = MlflowClient(tracking_uri=args.uri)
    client.search_experiments(max_results=1)  # opens the store

    began = time.perf_counter()
    experiments = client.search_experiments(view_type=ViewType.ALL)
    experiment_ids = [e.experiment_id for e in experiments]
    runs = []
    token = None
    while True:
        page = client.search_runs(experiment_ids, max_results=MAX_RESULTS, page_token=token)
        runs.extend(page)
        token = page.token
        if not token:
            break
    seconds = time.perf_counter() - began

    print(json.dumps({
        "tool": "mlflow",
        "uri": args.uri,
        "seconds": seconds,
        "experiments": len(experiments),
        "runs": len(runs),
        "params": sum(len(r.data.params) for r in runs),
        "tags": sum(len(r.data.tags) for r in runs),
        "metrics": sum(len(r.data.metrics) for r in runs),
        # ru_maxrss is in KiB on Linux
        "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0,
    }))


if __name__ == "__main__":
    main()
