"""Benchmark of fine-grained series: `compute(..., grain="day")` against `grain="month"` over a year, in one run.

On a simulated shop (DuckDB over Parquet), for groups of catalog metrics: the best wall time of a daily series
over the year (365 buckets + the year) and of a monthly one (12 + the year), each in a fresh child process (the
engine's caches and ibis' imports are not shared), and their ratio. The year's own values must be the same in
both runs (asserted). A daily series used to cost tens of times a monthly one (one flag per day and metric in
the SQL); it should now cost about the same.

    .venv/bin/python bench/daily.py [--customers 2000] [--out bench/out/daily] [--repeat 2] [--groups dormant]
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
# group: (metrics, the year of the series); dormant stock over the data's second year, since the first has no
# snapshot before it (its values would all be empty, and the check of the year's values void)
GROUPS = {
    "distinct counts": (["visitors", "active_customers"], "2025"),
    "e-mail rates": (["email_open_rate", "email_click_rate", "emails_delivered"], "2025"),
    "sums": (["revenue", "orders", "aov", "sessions", "conversion_rate"], "2025"),
    "cohorts": (["new_customers", "repurchase_rate_90d"], "2025"),
    "order lines": (["line_revenue", "new_product_revenue"], "2025"),
    "dormant stock": (["dormant_skus", "dormant_stock_units", "dormant_skus_cleared"], "2026"),
}
CHILD = r"""
import json, sys, time
from kpiguard.metrics import compute
from kpiguard.spec import load_spec
spec = load_spec(sys.argv[1])
start = time.perf_counter()
results = compute(spec, sys.argv[3].split(","), [sys.argv[4]], grain=sys.argv[2])
seconds = time.perf_counter() - start
year = {m: results.get(m, sys.argv[4]).value for m in sys.argv[3].split(",")}
print(json.dumps({"seconds": seconds, "year": year}))
"""


def run(spec: Path, grain: str, metrics: list[str], year: str) -> dict:
    env_path = str(ROOT / "src")
    out = subprocess.run([sys.executable, "-c", CHILD, str(spec), grain, ",".join(metrics), year], check=True,
                         capture_output=True, text=True, env={"PYTHONPATH": env_path, "PATH": "/usr/bin:/bin"})
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--customers", type=int, default=2000)
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "out" / "daily")
    parser.add_argument("--repeat", type=int, default=2)
    parser.add_argument("--groups", default="", help="only the groups whose name contains one of these words "
                                                       "(comma-separated), e.g. --groups dormant")
    args = parser.parse_args()
    words = [w for w in args.groups.split(",") if w]
    spec = args.out / "kpis.yaml"
    if not spec.exists():
        subprocess.run([sys.executable, "-m", "kpiguard", "simulate", "-o", str(args.out), "--customers",
                        str(args.customers)], check=True, capture_output=True, env={"PYTHONPATH": str(ROOT / "src")})
    print(f"{'metrics':16} {'by month':>9} {'by day':>9} {'day/month':>10}")
    for group, (metrics, year) in GROUPS.items():
        if words and not any(word in group for word in words):
            continue
        best: dict[str, float] = {}
        years: dict[str, dict] = {}
        for _ in range(args.repeat):
            for grain in ("month", "day"):  # round-robin: a busy moment of a shared machine hits both
                result = run(spec, grain, metrics, year)
                best[grain] = min(best.get(grain, float("inf")), result["seconds"])
                years[grain] = result["year"]
        assert years["day"] == years["month"], (group, years)
        print(f"{group:16} {best['month']:8.2f}s {best['day']:8.2f}s {best['day'] / best['month']:9.1f}x")


if __name__ == "__main__":
    main()
