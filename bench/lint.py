"""Benchmark: load and lint a generated spec of 10,000 KPIs, against parsing the same YAML with libyaml.

    .venv/bin/python bench/lint.py [--kpis 10000]

Prints the time to parse the YAML only (the baseline), to load the spec (YAML + models + references), to lint it,
and the ratios; the target is load + lint under 2 s for 10,000 KPIs on a 2-core machine.
"""

from __future__ import annotations

import argparse
import time

import yaml

from kpiguard.lint import lint
from kpiguard.spec import load_spec_text

TEAMS = ("crm", "acquisition", "product", "logistics", "support")

# One group of the reference spec's shapes (an outcome, outputs serving it, an input, a toxic share).
GROUP = """\
  - id: o{i}
    metric: margin
    level: outcome
    owner: {team}
    contributors: [{other}]
    visibility: [{team}, {other}]
    coordination: {{cadence: month, forum: Review}}
    baseline: 2025
    target: {{from: 12000000, to: 13000000, by: 2026-12-31}}
  - id: r{i}
    metric: email_revenue
    owner: {team}
    baseline: 2025
    target: {{from: 8000000, to: 10000000, by: 2026-12-31}}
    serves: [o{i}]
    guardrails: [{{metric: email_unsubscribe_rate, max_increase: 20%}}, {{metric: revenue, max_decrease: 0%}}]
  - id: s{i}
    metric: email_revenue_share
    owner: {team}
    target: {{to: 25%}}
  - id: d{i}
    metric: dormant_stock_units
    owner: {other}
    baseline: 2025-Q4
    target: {{from: 12000, to: 8400, by: 2026-03-31}}
    serves: [o{i}]
  - id: c{i}
    metric: creative_concepts_launched
    level: input
    owner: {team}
    target: {{to: 40}}
"""


def generate(kpis: int) -> str:
    groups = kpis // 5
    body = "".join(GROUP.format(i=i, team=TEAMS[i % 5], other=TEAMS[(i + 1) % 5]) for i in range(groups))
    teams = "".join(f"  {t}: {{name: {t}}}\n" for t in TEAMS)
    return f"version: 1\nteams:\n{teams}kpis:\n{body}"


def best_of(runs: int, fn):
    best, value = float("inf"), None
    for _ in range(runs):
        start = time.perf_counter()
        value = fn()
        best = min(best, time.perf_counter() - start)
    return best, value


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--kpis", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    text = generate(args.kpis)
    parse_s, _ = best_of(args.runs, lambda: yaml.load(text, Loader=yaml.CSafeLoader))
    load_s, spec = best_of(args.runs, lambda: load_spec_text(text, "bench.yaml"))
    lint_s, findings = best_of(args.runs, lambda: lint(spec))
    # Linearity: half the KPIs should take about half the time.
    half = load_spec_text(generate(args.kpis // 2), "half.yaml")
    half_s, _ = best_of(args.runs, lambda: lint(half))
    print(f"spec: {len(spec.kpis)} KPIs, {len(text) / 1e6:.1f} MB of YAML; {len(findings)} findings")
    print(f"baseline  yaml.load (libyaml)   {parse_s:6.3f} s")
    print(f"load_spec (yaml+models+refs)    {load_s:6.3f} s   {load_s / parse_s:4.1f}x baseline")
    print(f"lint                            {lint_s:6.3f} s   {lint_s / parse_s:4.1f}x baseline")
    print(f"load + lint                     {load_s + lint_s:6.3f} s   (target < 2 s)")
    print(f"lint of {len(half.kpis)} KPIs            {half_s:6.3f} s   ratio full/half {lint_s / half_s:.2f} (2.0 = linear)")


if __name__ == "__main__":
    main()
