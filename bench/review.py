"""Benchmark of the review: `review(example spec)` against computing the same metrics alone, on >= 10M orders.

The data is bench/metrics.py's generator (imported, not copied; written under bench/out/review and reused
when its size matches): two years of orders, 2024-01-01 .. 2025-12-31. The spec is the reference example
(examples/kpis.example.yaml) moved back one year so that it fits the data (baseline 2024, horizons in 2025).

Contenders, all on one connection, after one warm-up run, best of --repeat:
  - metrics alone: one `compute` of every KPI and guardrail metric over the KPIs' review windows and baselines
    (what a user computing the numbers by hand would ask for);
  - metrics alone, grouped: the same metrics, each only over the periods it needs, one `compute` per set of
    periods (the review's own fetching, minus the company's metrics and the judging); the stricter baseline;
  - review: `review(spec, series=False)`, what `kpiguard review` (text, Markdown) runs;
  - review + series: `review(spec)`, what `--format json` and the HTML report run (monthly series for charts).
The target: review within 2x the metrics alone.

    .venv/bin/python bench/review.py [--orders 10000000] [--repeat 3]
"""

from __future__ import annotations

import argparse
import re
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))

from metrics import generate


def bench_spec(out: Path) -> Path:
    """The example spec, one year earlier, over the generated tables."""
    text = (ROOT / "examples" / "kpis.example.yaml").read_text(encoding="utf-8")
    text = re.sub(r"\n  columns:.*?\n(?=\S)", "\n", text, flags=re.DOTALL)  # the generated data is canonical
    text = re.sub(r"data/(\w+)\.parquet", lambda m: str(out / "data" / f"{m.group(1)}.parquet"), text)
    text = text.replace("    customers: " + str(out / "data" / "customers.parquet") + "\n", "")
    text = re.sub(r"\b2026\b", "2025", re.sub(r"\b2025\b", "2024", text))
    path = out / "kpis.review-bench.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def best(fn, repeat: int) -> tuple[float, object]:
    times, result = [], None
    for _ in range(repeat):
        start = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - start)
    return min(times), result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--orders", type=int, default=10_000_000)
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "out" / "review")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()

    out = args.out
    size_file = out / "SIZE"
    if not size_file.exists() or size_file.read_text().strip() != str(args.orders):
        print(f"generating {args.orders:,} orders into {out} ...", flush=True)
        start = time.perf_counter()
        generate(out, args.orders)
        print(f"  generated in {time.perf_counter() - start:.1f} s", flush=True)

    from kpiguard.metrics import compute, connect, data_bounds
    from kpiguard.review import review
    from kpiguard.review.evaluation import plan_kpi
    from kpiguard.spec import load_spec

    spec = load_spec(bench_spec(out))
    source = connect(spec)
    _, last_day = data_bounds(spec, source=source)
    plans = [plan_kpi(spec, kpi, last_day, None, last_day) for kpi in spec.kpis]
    metrics = sorted({p.kpi.metric for p in plans} | {g.metric for p in plans for g in p.guardrails})
    periods = sorted({p.window.current for p in plans} | {p.window.baseline for p in plans},
                     key=lambda p: (p.start, p.end))

    def alone():
        return compute(spec, metrics, periods, source=source)

    def grouped():
        from kpiguard.review.evaluation import Fetcher

        needs: dict[str, set] = {}
        for p in plans:
            for name in [p.kpi.metric, *p.drivers, *(g.metric for g in p.guardrails)]:
                needs.setdefault(name, set()).update({p.window.current, p.window.baseline})
        fetcher = Fetcher(spec, source)
        fetcher.fetch(needs, set(), None)
        return fetcher

    def without_series():
        return review(spec, source=source, series=False)

    def with_series():
        return review(spec, source=source)

    print(f"orders: {args.orders:,}; as of {last_day}; {len(spec.kpis)} KPIs; {len(metrics)} metrics over "
          f"{len(periods)} periods ({', '.join(p.label for p in periods)})", flush=True)
    alone()  # warm-up: file cache and engine
    t_alone, _ = best(alone, args.repeat)
    print(f"metrics alone, one call   {t_alone:8.2f} s", flush=True)
    t_grouped, _ = best(grouped, args.repeat)
    print(f"metrics alone, grouped    {t_grouped:8.2f} s", flush=True)
    base = min(t_alone, t_grouped)
    t_review, result = best(without_series, args.repeat)
    print(f"review                    {t_review:8.2f} s   {t_review / base:5.2f}x the faster baseline (target < 2x)",
          flush=True)
    print(f"  verdicts: {result.verdicts}; better_off: {result.better_off}; compute calls: {result.compute_calls}",
          flush=True)
    t_series, _ = best(with_series, args.repeat)
    print(f"review + series (json)    {t_series:8.2f} s   {t_series / base:5.2f}x", flush=True)


if __name__ == "__main__":
    main()
