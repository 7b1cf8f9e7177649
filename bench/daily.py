"""Benchmark of fine-grained series: `compute(..., grain="day")` against `grain="month"` over a year, in one run.

On a simulated shop (DuckDB over Parquet), for groups of catalog metrics: the best wall time of a daily series
over the year (365 buckets + the year) and of a monthly one (12 + the year), each in a fresh child process (the
engine's caches and ibis' imports are not shared), and their ratio. The year's own values must be the same in
both runs (asserted). A daily series used to cost tens of times a monthly one (one flag per day and metric in
the SQL); it should now cost about the same, except for dormant stock (one set of aggregates per bucket).

    .venv/bin/python bench/daily.py [--customers 2000] [--out bench/out/daily] [--repeat 2]
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
GROUPS = {
    "distinct counts": ["visitors", "active_customers"],
    "e-mail rates": ["email_open_rate", "email_click_rate", "emails_delivered"],
    "sums": ["revenue", "orders", "aov", "sessions", "conversion_rate"],
    "cohorts": ["new_customers", "repurchase_rate_90d"],
    "order lines": ["line_revenue", "new_product_revenue"],
    "dormant stock": ["dormant_skus"],
}
CHILD = r"""
import json, sys, time
from kpiguard.metrics import compute
from kpiguard.spec import load_spec
spec = load_spec(sys.argv[1])
start = time.perf_counter()
results = compute(spec, sys.argv[3].split(","), ["2025"], grain=sys.argv[2])
seconds = time.perf_counter() - start
year = {m: results.get(m, "2025").value for m in sys.argv[3].split(",")}
print(json.dumps({"seconds": seconds, "year": year}))
"""


def run(spec: Path, grain: str, metrics: list[str]) -> dict:
    env_path = str(ROOT / "src")
    out = subprocess.run([sys.executable, "-c", CHILD, str(spec), grain, ",".join(metrics)], check=True,
                         capture_output=True, text=True, env={"PYTHONPATH": env_path, "PATH": "/usr/bin:/bin"})
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--customers", type=int, default=2000)
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "out" / "daily")
    parser.add_argument("--repeat", type=int, default=2)
    args = parser.parse_args()
    spec = args.out / "kpis.yaml"
    if not spec.exists():
        subprocess.run([sys.executable, "-m", "kpiguard", "simulate", "-o", str(args.out), "--customers",
                        str(args.customers)], check=True, capture_output=True, env={"PYTHONPATH": str(ROOT / "src")})
    print(f"{'metrics':16} {'by month':>9} {'by day':>9} {'day/month':>10}")
    for group, metrics in GROUPS.items():
        best: dict[str, float] = {}
        years: dict[str, dict] = {}
        for _ in range(args.repeat):
            for grain in ("month", "day"):  # round-robin: a busy moment of a shared machine hits both
                result = run(spec, grain, metrics)
                best[grain] = min(best.get(grain, float("inf")), result["seconds"])
                years[grain] = result["year"]
        assert years["day"] == years["month"], (group, years)
        print(f"{group:16} {best['month']:8.2f}s {best['day']:8.2f}s {best['day'] / best['month']:9.1f}x")


if __name__ == "__main__":
    main()
