"""Benchmark of `kpiguard simulate`: time and peak memory at 100 000 and 1 000 000 customers, in one run.

Each size runs in a child process (so that its peak memory is its own). The 100 000-customer run is the
baseline: the 1 000 000-customer run should take about 10x its time (the model is linear in the data) and
its peak memory should stay bounded (one month of rows at a time), far below 10x.

    .venv/bin/python bench/simulate.py [--sizes 100000,1000000] [--scenario baseline] [--keep DIR]
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path

CHILD = """
import json, resource, sys, time
from kpiguard.simulate import simulate
start = time.perf_counter()
result = simulate(sys.argv[1], scenario=sys.argv[2], customers=int(sys.argv[3]), seed=7)
seconds = time.perf_counter() - start
peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
size_mb = sum(p.stat().st_size for p in result.tables.values()) / 1e6
print(json.dumps({"seconds": seconds, "peak_mb": peak_mb, "rows": result.rows, "parquet_mb": size_mb}))
"""


def run(size: int, scenario: str, out: Path) -> dict:
    done = subprocess.run([sys.executable, "-c", CHILD, str(out), scenario, str(size)], check=True,
                          capture_output=True, text=True)
    return json.loads(done.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="100000,1000000")
    parser.add_argument("--scenario", default="baseline")
    parser.add_argument("--keep", type=Path, default=None, help="Keep the simulated shops under this directory.")
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    with tempfile.TemporaryDirectory() as tmp:
        root = args.keep or Path(tmp)
        results = {size: run(size, args.scenario, root / f"shop-{size}") for size in sizes}
    base = results[sizes[0]]
    print(f"{'customers':>10} {'orders':>11} {'email events':>13} {'sessions':>11} {'seconds':>8} "
          f"{'x time':>7} {'peak MB':>8} {'x mem':>6} {'parquet MB':>10}")
    for size, r in results.items():
        print(f"{size:>10,} {r['rows']['orders']:>11,} {r['rows']['email_events']:>13,} {r['rows']['sessions']:>11,} "
              f"{r['seconds']:>8.1f} {r['seconds'] / base['seconds']:>7.2f} {r['peak_mb']:>8.0f} "
              f"{r['peak_mb'] / base['peak_mb']:>6.2f} {r['parquet_mb']:>10.0f}")


if __name__ == "__main__":
    main()
