"""Reasons a reader needs beside the verdict: progress led by the denominator, guardrails that could not be
checked, a company rate on too few cases (pure, hand-made numbers)."""

from __future__ import annotations

from datetime import date

from kpiguard.review.company import CompanyMetric, answer
from kpiguard.review.decomposition import split_ratio
from kpiguard.review.guardrails import GuardrailResult, Threshold
from kpiguard.review.verdict import Facts, RatioParts, judge


def share_facts(**fields) -> Facts:
    # the e-mail share goes from 200/1000 (20 %) to 206/900 (22.9 %): revenue fell by 10 %, e-mail grew 3 %
    parts = RatioParts(split_ratio(200, 1000, 206, 900), "E-mail revenue", "Revenue", 200, 206, 1000, 900,
                       "EUR", "EUR")
    base = {"label": "E-mail share", "unit": "%", "direction": "up", "current_period": "2026-H1",
            "baseline_period": "2025-H1", "current": 206 / 900, "baseline": 0.2, "to": 0.25, "start": 0.2,
            "declared_from": 0.2, "deadline": date(2026, 12, 31), "attainment": (206 / 900 - 0.2) / 0.05,
            "expected": 0.5, "progress_basis": "linear", "ratio": parts}
    base.update(fields)
    return Facts(**base)


def test_on_track_through_the_denominator_says_so():
    verdict, reasons = judge(share_facts())
    assert verdict == "on_track"
    led = next(r for r in reasons if r.startswith("Most of this progress comes from the denominator"))
    # had revenue held: 206 / 1000 = 20.6 %, short of 25 %; the target needed 25 % x 1000 = 250
    assert "Had Revenue held, E-mail share would be 20.6%, short of 25.0%" in led
    assert "E-mail revenue would have needed €250.00, it made €206.00" in led


def test_progress_driven_by_the_numerator_gets_no_such_reason():
    parts = RatioParts(split_ratio(200, 1000, 230, 1000), "E-mail revenue", "Revenue", 200, 230, 1000, 1000,
                       "EUR", "EUR")
    verdict, reasons = judge(share_facts(current=0.23, ratio=parts, attainment=0.6))
    assert verdict == "on_track"
    assert not any("denominator" in r for r in reasons)


def test_a_success_says_which_guardrails_could_not_be_checked():
    unknown = GuardrailResult("email_open_rate", "Open rate", Threshold("max_decrease", 0.1), None, None, None,
                              None, "not_evaluable", None, "Open rate cannot be evaluated: no email_events")
    verdict, reasons = judge(share_facts(current=0.26, attainment=1.2, guardrails=[unknown],
                                         ratio=None), "fr")
    assert verdict == "healthy_success"
    assert ("Non vérifié, faute de données : Open rate ; le verdict ne repose que sur les autres garde-fous."
            in reasons)
    assert "Open rate cannot be evaluated: no email_events" in reasons


def test_a_company_rate_on_few_cases_is_not_a_signal():
    rate = CompanyMetric("repurchase_rate_90d", "Repurchase", "%", "up", "2026-Q1", "2025-Q1", 0.5, 1.0,
                         sample=1)
    assert rate.signal == "unknown"
    verdict, reasons = answer([rate], [])
    assert verdict == "unclear"
    assert ("Repurchase: 100.0% over 2026-Q1 vs 50.0% over 2025-Q1, on too few cases to tell (1 in the smaller "
            "period).") in reasons
