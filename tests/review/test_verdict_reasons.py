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
    held = GuardrailResult("email_unsubscribe_rate", "Unsubscribe rate", Threshold("max", 0.01), 0.004, 0.004, 0.0,
                           0.01, "ok", None, "Unsubscribe rate held")
    verdict, reasons = judge(share_facts(current=0.26, attainment=1.2, guardrails=[unknown, held],
                                         ratio=None), "fr")
    assert verdict == "healthy_success"
    assert ("Non vérifié, faute de données : Open rate ; le verdict ne repose que sur les autres garde-fous."
            in reasons)
    assert "Open rate cannot be evaluated: no email_events" in reasons
    # the only guardrail unchecked: there are no others to stand on
    verdict, reasons = judge(share_facts(current=0.26, attainment=1.2, guardrails=[unknown], ratio=None), "fr")
    assert "Non vérifié, faute de données : Open rate ; aucun garde-fou ne soutient ce verdict." in reasons
    assert "aucun de ses garde-fous n'a pu être vérifié" in reasons[0]


def test_a_company_rate_on_few_cases_is_not_a_signal():
    rate = CompanyMetric("repurchase_rate_90d", "Repurchase", "%", "up", "2026-Q1", "2025-Q1", 0.5, 1.0,
                         sample=1)
    assert rate.signal == "unknown"
    verdict, reasons = answer([rate], [])
    assert verdict == "unclear"
    assert ("Repurchase: 100.0% over Q1 2026 vs 50.0% over Q1 2025, on too few cases to tell (1 in the smaller "
            "period).") in reasons


def test_parts_pulling_in_opposite_directions_are_given_in_points_not_as_a_share_beyond_100_percent():
    # e-mail revenue doubles (200 -> 400) while revenue grows half (1000 -> 1500): 20 % -> 26.7 %.
    # L(R1, R0) = (4/15 - 1/5) / ln(4/3) = 0.23174; numerator effect L ln 2 = +16.1 pts, denominator
    # effect -L ln 1.5 = -9.4 pts (a share of "-141%" of the move, which reads as nothing)
    parts = RatioParts(split_ratio(200, 1000, 400, 1500), "E-mail revenue", "Revenue", 200, 400, 1000, 1500,
                       "EUR", "EUR")
    verdict, reasons = judge(share_facts(current=400 / 1500, ratio=parts, attainment=(400 / 1500 - 0.2) / 0.05,
                                         deadline=date(2026, 6, 30), expected=1.0))
    assert verdict == "healthy_success"
    (moved,) = [r for r in reasons if "moved" in r]
    assert moved == ("E-mail share moved +6.7\u00a0pts: E-mail revenue +100.0% accounts for +16.1\u00a0pts, "
                     "Revenue +50.0% for \u22129.4\u00a0pts; had Revenue held, it would be 40.0%.")
    # opens fall 2400 -> 12 while deliveries fall 12000 -> 36: 20 % -> 33.3 %, a hollow success whose
    # denominator accounts for more than the whole move (+151.6 pts) and numerator for -138.3 pts
    parts = RatioParts(split_ratio(2400, 12000, 12, 36), "Opens", "E-mails delivered", 2400, 12, 12000, 36,
                       "recipients", "e-mails")
    verdict, reasons = judge(share_facts(label="Open rate", current=1 / 3, ratio=parts, to=0.3,
                                         attainment=(1 / 3 - 0.2) / 0.1, deadline=date(2026, 6, 30),
                                         expected=1.0))
    assert verdict == "hollow_success"
    assert ("Open rate moved +13.3\u00a0pts: E-mails delivered \u221299.7% accounts for +151.6\u00a0pts, "
            "Opens \u221299.5% for \u2212138.3\u00a0pts. Had E-mails delivered held, Open rate would be 0.10%") in reasons[1]


def test_a_numerator_that_did_not_move_is_not_read_as_pulling_the_other_way():
    # e-mail revenue flat at 24,000 while revenue falls 120,000 -> 84,000: the LMDI share of the
    # denominator is 1.0000000000000007 in floats, which is "100% of it", not a split in points
    parts = RatioParts(split_ratio(24000, 120000, 24000, 84000), "E-mail revenue", "Revenue", 24000, 24000,
                       120000, 84000, "EUR", "EUR")
    verdict, reasons = judge(share_facts(current=24000 / 84000, ratio=parts, attainment=(24000 / 84000 - 0.2) / 0.05,
                                         deadline=date(2026, 6, 30), expected=1.0))
    assert verdict == "hollow_success"
    assert reasons[1].startswith("E-mail share moved +8.6\u00a0pts, 100% of it from the denominator: "
                                 "E-mail revenue ±0.0%, Revenue \u221230.0%.")


def test_a_rate_brought_down_by_its_denominator_says_what_its_numerator_had_to_stay_under():
    # unsubscribes 360 of 60,000 e-mails (0.6 %) -> 360 of 120,000 (0.3 %), target 0.4 %: more e-mails, not fewer
    # unsubscribes; "would have needed 240, it made 360" read as if 360 were more than enough
    parts = RatioParts(split_ratio(360, 60000, 360, 120000), "Unsubscribes", "E-mails delivered", 360, 360,
                       60000, 120000, "recipients", "e-mails")
    verdict, reasons = judge(share_facts(label="Unsubscribe rate", direction="down", current=0.003, baseline=0.006,
                                         to=0.004, start=0.006, declared_from=0.006, ratio=parts, at_deadline=True))
    assert verdict == "hollow_success"
    assert reasons[0].endswith("through its denominator (E-mails delivered), not through Unsubscribes.")
    assert ("Had E-mails delivered held, Unsubscribe rate would be 0.60%, not under 0.40% (Unsubscribes would have "
            "had to stay at or below 240\u00a0recipients, it made 360\u00a0recipients).") in reasons[1]
    _, fr = judge(share_facts(label="Taux de désabonnement", direction="down", current=0.003, baseline=0.006,
                              to=0.004, start=0.006, declared_from=0.006, ratio=parts, at_deadline=True), "fr")
    assert "aurait dû rester au plus à 240" in fr[1]


def test_a_share_behind_because_its_whole_grew_faster_says_so():
    # fast growth: e-mail revenue 120k -> 156k (+30 %), revenue 600k -> 1,086k (+81 %): the share falls from
    # 20 % to 14.4 %, "-282% of the way" to 22 %. Had revenue held, 156 / 600 = 26 %, past the target.
    parts = RatioParts(split_ratio(120_000, 600_000, 156_000, 1_086_000), "E-mail revenue", "Revenue", 120_000,
                       156_000, 600_000, 1_086_000, "EUR", "EUR")
    current = 156_000 / 1_086_000
    f = share_facts(ratio=parts, current=current, to=0.22, attainment=(current - 0.2) / 0.02)
    verdict, reasons = judge(f)
    assert verdict == "off_track"
    behind = next(r for r in reasons if r.startswith("Behind because of its denominator"))
    # LMDI by hand: L = (R1 - R0) / ln(R1 / R0) = 0.17025; e-mail: L ln 1.3 = +4.5 pts, revenue: -L ln 1.81 = -10.1
    assert "E-mail revenue +30.0% moved E-mail share towards the target (+4.5\u00a0pts)" in behind
    assert "Revenue +81.0% moved it further away (\u221210.1\u00a0pts)" in behind
    assert "Had Revenue held, E-mail share would be 26.0%, which meets the target 22.0%." in behind
    verdict, reasons = judge(f, "fr")
    assert any(r.startswith("En retard à cause de son dénominateur") and "ce qui atteint la cible 22,0\u00a0%" in r
               for r in reasons)
    # at the horizon, missed for the same reason: said too
    verdict, reasons = judge(share_facts(ratio=parts, current=current, to=0.22, at_deadline=True))
    assert verdict == "missed" and any(r.startswith("Behind because of its denominator") for r in reasons)


def test_a_rate_to_cut_that_rose_because_its_base_shrank_faster_says_so():
    # unsubscribes 300 -> 270 (-10 %) while e-mails delivered 100k -> 60k (-40 %): the rate rises 0.30 % -> 0.45 %
    parts = RatioParts(split_ratio(300, 100_000, 270, 60_000), "Unsubscribes", "E-mails delivered", 300, 270,
                       100_000, 60_000)
    f = share_facts(label="Unsubscribe rate", direction="down", ratio=parts, current=0.0045, baseline=0.003,
                    to=0.0025, start=0.003, declared_from=0.003, attainment=(0.0045 - 0.003) / (0.0025 - 0.003))
    verdict, reasons = judge(f)
    assert verdict == "off_track"
    behind = next(r for r in reasons if r.startswith("Behind because of its denominator"))
    assert "Unsubscribes \u221210.0% moved Unsubscribe rate towards the target" in behind
    assert "Had E-mails delivered held, Unsubscribe rate would be 0.27%, still short of 0.25%." in behind


def test_a_share_behind_through_its_own_numerator_gets_no_such_reason():
    # e-mail revenue fell: the numerator's own fall, not the whole's growth
    parts = RatioParts(split_ratio(120_000, 600_000, 100_000, 620_000), "E-mail revenue", "Revenue", 120_000,
                       100_000, 600_000, 620_000, "EUR", "EUR")
    current = 100_000 / 620_000
    verdict, reasons = judge(share_facts(ratio=parts, current=current, to=0.22, attainment=(current - 0.2) / 0.02))
    assert verdict == "off_track" and not any("Behind because" in r for r in reasons)


def test_parts_that_grew_alike_leave_the_ratio_behind_through_neither():
    # marketplace revenue and revenue both +22 %: the share stays at 15 %, up to 20 cents of rounding in the other
    # channels' orders (292,800.20), which the split reads as revenue pulling it away (-3.00003 vs +3.0 pts)
    parts = RatioParts(split_ratio(36_000, 240_000, 43_920, 292_800.2), "Marketplace revenue", "Revenue", 36_000,
                       43_920, 240_000, 292_800.2, "EUR", "EUR")
    verdict, reasons = judge(share_facts(ratio=parts, current=43_920 / 292_800.2, baseline=0.15, start=0.15,
                                         declared_from=0.15, attainment=0.0))
    assert verdict == "off_track" and not any("Behind because" in r for r in reasons)


def test_a_part_that_started_from_zero_gives_its_move_in_its_unit_signed():
    # the e-mail share from 0 / 30,000 (no e-mail in the baseline) to 6,000 / 33,000: e-mail revenue has no
    # percentage change; it said "E-mail revenue 6,000", unsigned and without its currency
    parts = RatioParts(split_ratio(0, 30000, 6000, 33000), "E-mail revenue", "Revenue", 0, 6000, 30000, 33000,
                       "EUR", "EUR")
    verdict, reasons = judge(share_facts(current=6000 / 33000, baseline=0.0, start=0.0, declared_from=0.0,
                                         to=0.05, attainment=3.6, expected=1.0, deadline=date(2026, 6, 30),
                                         ratio=parts))
    assert verdict == "healthy_success"
    assert any("E-mail revenue +€6,000.00, Revenue +10.0%" in r for r in reasons), reasons
