"""The verdict rules on facts (pure): FROM mismatch, unknown pace, downward targets, missing values, French."""

from __future__ import annotations

from datetime import date

from kpiguard.review.verdict import Facts, judge


def facts(**fields) -> Facts:
    base = {"label": "E-mail revenue", "unit": "EUR", "direction": "up", "current_period": "2025-07..2026-06",
            "baseline_period": "2025", "current": 9_000_000.0, "baseline": 7_000_000.0, "to": 10_000_000.0,
            "start": 8_000_000.0, "declared_from": 8_000_000.0, "deadline": date(2026, 12, 31),
            "attainment": 0.5, "expected": 0.5, "progress_basis": "linear"}
    base.update(fields)
    return Facts(**base)


def test_from_mismatch_is_said_with_both_numbers():
    verdict, reasons = judge(facts(from_mismatch=True))
    assert verdict == "on_track"
    assert any("FROM (€8.00M) differs from the data over 2025 (€7.00M, \u221212.5%)" in r for r in reasons)


def test_on_track_is_attainment_at_least_expected():
    assert judge(facts(attainment=0.49))[0] == "off_track"
    assert judge(facts(attainment=0.5))[0] == "on_track"


def test_without_a_baseline_period_the_pace_is_unknown():
    verdict, reasons = judge(facts(expected=None, attainment=0.2, implicit_baseline=True))
    assert verdict == "on_track" and "expected pace is unknown" in reasons[0]
    assert judge(facts(expected=None, attainment=-0.1))[0] == "off_track"


def test_a_downward_target_is_met_below_it():
    f = facts(unit="%", direction="down", current=0.004, baseline=0.006, to=0.005, start=0.006,
              declared_from=0.006, at_deadline=True)
    assert judge(f)[0] == "healthy_success"
    assert judge(facts(unit="%", direction="down", current=0.0055, baseline=0.006, to=0.005, start=0.006,
                       at_deadline=True))[0] == "missed"


def test_missing_value_is_not_evaluable_with_the_metric_reason():
    verdict, reasons = judge(facts(current=None, current_reason="cohort not mature"))
    assert verdict == "not_evaluable" and "cohort not mature" in reasons[0]
    assert judge(facts(to=None))[0] == "not_evaluable"


def test_french_reasons():
    verdict, reasons = judge(facts(attainment=0.2), "fr")
    assert verdict == "off_track"
    assert reasons[0].startswith("En retard : E-mail revenue vaut 9,00\u00a0M€ sur la période de juillet 2025 à juin 2026, soit 20\u00a0%")


def test_a_target_reached_to_the_cent_is_met_despite_the_float_sum():
    # 1320 orders at 21.81 are 28,789.20 to the cent; summed in another order (DuckDB, by thread) they came to
    # 28789.199999999943, which read "missed, €28.8k short of €28.8k"
    summed = 28789.199999999943
    f = facts(current=summed, baseline=23988.0, to=28789.20, start=23988.0, declared_from=23988.0,
              at_deadline=True, attainment=(summed - 23988) / (28789.20 - 23988), expected=1.0)
    assert judge(f)[0] == "healthy_success"
    assert judge(facts(unit="%", direction="down", current=0.005 + 1e-15, to=0.005, at_deadline=True))[0] \
        == "healthy_success"
    # a cent short is short
    assert judge(facts(current=28789.19, to=28789.20, at_deadline=True))[0] == "missed"
    # exactly on pace, up to the float noise of the division, is on track
    assert judge(facts(attainment=0.9166666666666665, expected=0.9166666666666666))[0] == "on_track"


def test_a_target_missed_by_less_than_the_rounding_shows_the_gap():
    # €28,789.10 against €28,789.20 read "Revenue is €28.8k, short of €28.8k"
    f = facts(label="Revenue", current=28789.10, to=28789.20, start=23988.0, at_deadline=True)
    verdict, reasons = judge(f)
    assert verdict == "missed"
    assert "Revenue is €28,789.10 over Jul 2025 – Jun 2026, short of €28,789.20 (from €24.0k)" in reasons[0]
    _, reasons = judge(f, "fr")
    assert "28\u202f789,10\u00a0€ sur la période de juillet 2025 à juin 2026, en deçà de 28\u202f789,20\u00a0€" in reasons[0]
    f = facts(label="Share", unit="%", current=0.24996, to=0.25, start=0.2, at_deadline=True)
    assert "Share is 24.996% over Jul 2025 – Jun 2026, short of 25.000%" in judge(f)[1][0]


def test_a_pace_or_a_target_a_hair_short_never_reads_as_reached():
    # 66.52 % of the way when 66.54 % was expected is off track: "67%; 67% was expected" read as on pace
    verdict, reasons = judge(facts(attainment=0.6652, expected=0.6654))
    assert verdict == "off_track" and "66.52% of the way from €8.00M to €10.00M; 66.54% was expected" in reasons[0]
    from kpiguard.review.formats.common import progress

    # a target missed by a cent: 99.98 % of the way, not "100%" beside "missed"
    assert progress({"verdict": "missed", "attainment": 0.99982, "expected_progress": 1.0}, "en") == "99.98% / 100%"
    assert progress({"verdict": "off_track", "attainment": 0.6652, "expected_progress": 0.6654}, "fr") == \
        "66,52\u00a0% / 66,54\u00a0%"
    assert progress({"verdict": "on_track", "attainment": 0.6655, "expected_progress": 0.6654}, "en") == "67% / 67%"


def test_a_kpi_without_a_target_says_its_breached_guardrails():
    """A KPI kept only for its guardrails ("keep the margin from falling") was "not evaluable: no target" and nothing
    more, in every format but the guardrails' own list: its breach went unread in the text review."""
    from kpiguard.review.guardrails import GuardrailResult, Threshold

    def guardrail(status: str, reason: str) -> GuardrailResult:
        return GuardrailResult("margin", "Gross margin", Threshold("max_decrease", 0.05), 53.0, 47.5, -0.103, 50.4,
                               status, None, reason)

    broke = guardrail("breached", "Gross margin crossed its limit")
    noisy = guardrail("breached_not_significant", "AOV is past its limit but not significantly: a warning")
    held = guardrail("ok", "Revenue held")
    verdict, reasons = judge(facts(to=None, guardrails=[broke, noisy, held]))
    assert verdict == "not_evaluable" and "no target" in reasons[0]
    assert reasons[1:3] == [broke.reason, noisy.reason] and held.reason not in reasons


def test_a_period_asked_past_the_horizon_is_said_to_be_the_one_asked():
    """`--period 2024-01-01..2025-12-31` on a KPI due 2025-03-31 said "judged on 2024-01-01..2025-12-31, the window
    that ends at the horizon", which it does not."""
    asked = facts(at_deadline=True, period_forced=True, deadline=date(2025, 3, 31),
                  current_period="2024-01-01..2025-12-31")
    assert ("The horizon (31 Mar 2025) has passed: judged on Jan 2024 – Dec 2025, the period asked (--period)."
            in judge(asked)[1])
    own = judge(facts(at_deadline=True, deadline=date(2025, 3, 31), current_period="2024-10..2025-03"), "fr")[1]
    assert any("jugé sur la période d'octobre 2024 à mars 2025, la fenêtre qui se termine à l'échéance" in r for r in own)
