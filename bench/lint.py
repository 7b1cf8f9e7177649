"""Benchmark: load and lint a generated spec of 10,000 KPIs, against composing the same YAML with libyaml.

    .venv/bin/python bench/lint.py [--kpis 10000] [--runs 3]

Prints, from one run (each figure the best of --runs): the baseline (libyaml's `yaml.compose` of the same
text, with the garbage collector as Python leaves it, and paused as the loader pauses it), the time to load
the spec (YAML + models + references + locations), to lint it, to do both in one go, and the ratios to the
baseline; then the time to lint and write every finding's rewrite snippet (paid only by the formats that
print them: text, json, sarif). The target is load + lint under 2 s for 10,000 KPIs on a 2-core machine.
"""

from __future__ import annotations

import argparse
import gc
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


def compose_gc_paused(text: str) -> None:
    gc.disable()
    try:
        yaml.compose(text, Loader=yaml.CSafeLoader)
    finally:
        gc.enable()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--kpis", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    text = generate(args.kpis)
    base_s, _ = best_of(args.runs, lambda: yaml.compose(text, Loader=yaml.CSafeLoader))
    base_paused_s, _ = best_of(args.runs, lambda: compose_gc_paused(text))
    load_s, spec = best_of(args.runs, lambda: load_spec_text(text, "bench.yaml"))
    lint_s, findings = best_of(args.runs, lambda: lint(spec))
    both_s, _ = best_of(args.runs, lambda: lint(load_spec_text(text, "bench.yaml")))
    rewrites_s, _ = best_of(args.runs, lambda: [f.rewrite.to_dict() for f in lint(spec) if f.rewrite])
    # Linearity: half the KPIs should take about half the time.
    half = load_spec_text(generate(args.kpis // 2), "half.yaml")
    half_s, _ = best_of(args.runs, lambda: lint(half))
    print(f"spec: {len(spec.kpis)} KPIs, {len(text) / 1e6:.1f} MB of YAML; {len(findings)} findings; "
          f"best of {args.runs}")
    print(f"baseline  yaml.compose (libyaml)       {base_s:6.3f} s")
    print(f"          same, garbage collector off  {base_paused_s:6.3f} s")
    print(f"load_spec (yaml+models+refs+locs)      {load_s:6.3f} s   {load_s / base_s:4.2f}x baseline")
    print(f"lint                                   {lint_s:6.3f} s   {lint_s / base_s:4.2f}x baseline")
    print(f"load + lint, in one go                 {both_s:6.3f} s   {both_s / base_s:4.2f}x baseline, "
          f"{both_s / base_paused_s:4.2f}x with gc off   (target < 2 s)")
    print(f"lint + write every rewrite snippet     {rewrites_s:6.3f} s   (what text/json/sarif output pays)")
    print(f"lint of {len(half.kpis)} KPIs                     {half_s:6.3f} s   "
          f"ratio full/half {lint_s / half_s:.2f} (2.0 = linear)")


if __name__ == "__main__":
    main()
