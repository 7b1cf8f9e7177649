"""The company's answer from its metrics and the verdicts of its KPIs."""

from __future__ import annotations

from kpiguard.review.company import CompanyMetric, KpiSignal, answer


def metric(name: str, baseline: float | None, current: float | None, direction: str = "up") -> CompanyMetric:
    return CompanyMetric(name, name.title(), "EUR", direction, "2026-Q2", "2025-Q2", baseline, current)


def test_yes_when_the_company_grows_and_no_outcome_suffers():
    verdict, reasons = answer([metric("revenue", 100, 110), metric("margin", 30, 30.1)],
                              [KpiSignal("r90", "outcome", "on_track", "Repurchase")])
    assert verdict == "yes"
    assert reasons[0].startswith("Yes: Revenue improved")
    assert "Revenue: €110.00 over Q2 2026 vs €100.00 over Q2 2025 (+10.0%, better)." in reasons


def test_no_when_the_company_shrinks_whatever_the_kpis():
    verdict, reasons = answer([metric("revenue", 100, 90), metric("margin", 30, 29)],
                              [KpiSignal("share", "output", "healthy_success", "Share")])
    assert verdict == "no" and "Revenue and margin got worse" in reasons[0]


def test_no_when_a_success_is_toxic_and_nothing_improved():
    verdict, _ = answer([metric("revenue", 100, 100.5)], [KpiSignal("share", "output", "toxic_success", "Share")])
    assert verdict == "no"


def test_unclear_when_signals_disagree_or_are_missing():
    assert answer([metric("revenue", 100, 110), metric("margin", 30, 27)], [])[0] == "unclear"
    assert answer([metric("revenue", 100, 110)], [KpiSignal("r90", "outcome", "missed", "R")])[0] == "unclear"
    verdict, reasons = answer([metric("revenue", None, None)], [])
    assert verdict == "unclear" and "not enough data" in reasons[0]


def test_french():
    _, reasons = answer([metric("revenue", 100, 90)], [], "fr")
    assert reasons[0].startswith("Non :")


def test_several_metrics_agree_in_french():
    verdict, reasons = answer([metric("revenue", 100, 90), metric("margin", 30, 29)], [], "fr")
    assert verdict == "no"
    assert reasons[0] == "Non : Revenue et margin se dégradent, quoi qu'en disent les KPI."
    _, reasons = answer([metric("revenue", 100, 90)], [], "fr")
    assert reasons[0] == "Non : Revenue se dégrade, quoi qu'en disent les KPI."


def test_a_company_that_held_flat_is_unclear_because_nothing_moved_not_for_lack_of_data():
    # revenue 100 -> 100.5 (+0.5 %) and margin 30 -> 30: measured on both periods, neither moved 1 %
    verdict, reasons = answer([metric("revenue", 100, 100.5), metric("margin", 30, 30)],
                              [KpiSignal("email", "output", "healthy_success", "E-mail revenue")])
    assert verdict == "unclear"
    assert reasons[0] == ("Unclear: Revenue and margin held flat (moved less than 1%): the company is neither "
                          "better nor worse off.")
    assert "not enough data" not in " ".join(reasons)
    _, reasons = answer([metric("revenue", 100, 100)], [], "fr")
    assert reasons[0].startswith("Incertain : Revenue reste stable (variation de moins de 1\u00a0%)")


def test_a_kpi_that_grew_as_a_part_of_a_flat_company_metric_names_the_kpis_it_took_from():
    from dataclasses import replace

    # e-mail revenue +24,000 and organic revenue -24,000 over 2026 vs 2025; revenue flat over those years
    whole = CompanyMetric("revenue", "Revenue", "EUR", "up", "2026", "2025", 300000, 300000)
    email = KpiSignal("email-revenue", "output", "healthy_success", "E-mail revenue", slice_of="revenue",
                      change=24000, unit="EUR", period="2026", baseline_period="2025", whole=whole)
    organic = KpiSignal("organic-revenue", "output", "missed", "Organic revenue", slice_of="revenue",
                        change=-24000, unit="EUR", period="2026", baseline_period="2025", whole=whole)
    # the company's last months grew: the KPI is weighed against its own periods, not those
    _, reasons = answer([metric("revenue", 30000, 45000)], [email, organic])
    assert ("KPI email-revenue (E-mail revenue) grew by +€24.0k over 2026 vs 2025 while Revenue, of which it is a "
            "part, did not improve over the same periods (€300.0k vs €300.0k, ±0.0%): its gain looks taken from "
            "other sales rather than added to the company's.") in reasons
    assert ("Over the same periods, the KPIs that lost what email-revenue gained: organic-revenue "
            "(Organic revenue, \u2212€24.0k).") in reasons
    # the same KPI while revenue grew over its periods: its gain may be the company's, nothing to say
    grown = replace(whole, current=345000)
    _, reasons = answer([metric("revenue", 30000, 30000)], [replace(email, whole=grown), replace(organic, whole=grown)])
    assert not any("taken from" in r for r in reasons)


def test_a_part_of_a_company_metric_is_the_same_sum_under_a_filter():
    from kpiguard.catalog import resolve_metric
    from kpiguard.review.evaluation import _slice_of
    from kpiguard.spec.models import MetricDef

    revenue = resolve_metric("revenue", {})
    assert _slice_of(resolve_metric("email_revenue", {}), revenue)
    organic = MetricDef(type="simple", table="orders", measure="SUM(revenue)", filter="utm_medium = 'organic'")
    assert _slice_of(organic, revenue)
    assert not _slice_of(revenue, revenue)
    assert not _slice_of(resolve_metric("margin", {}), revenue)
    assert not _slice_of(resolve_metric("orders", {}), revenue)


def test_a_broken_guardrail_keeps_the_answer_from_yes_even_when_the_company_grew():
    # revenue +21 %, and an output KPI met while its unsubscribe guardrail broke: not "nothing got worse"
    kpis = [KpiSignal("margin", "outcome", "on_track", "Gross margin"),
            KpiSignal("email-share", "output", "toxic_success", "E-mail revenue share", breached=1)]
    verdict, reasons = answer([metric("revenue", 910, 1101)], kpis)
    assert verdict == "unclear"
    assert reasons[0] == ("Unclear: Revenue improved, but a guardrail broke on email-share: the company paid for "
                          "that progress with something it cares about.")
    assert answer([metric("revenue", 910, 1101)], kpis[:1])[0] == "yes"
    _, reasons = answer([metric("revenue", 910, 1101)], kpis, "fr")
    assert reasons[0].startswith("Incertain : Revenue progresse, mais un garde-fou a cédé sur email-share")
    # on track while breaking a guardrail: the same
    on_its_way = KpiSignal("email-share", "output", "on_track", "E-mail revenue share", breached=1)
    assert answer([metric("revenue", 910, 1101)], [kpis[0], on_its_way])[0] == "unclear"
    # a missed KPI's breach (trade-offs drifting while nothing was met) is not the price of a success
    missed = KpiSignal("email-share", "output", "missed", "E-mail revenue share", breached=1)
    assert answer([metric("revenue", 910, 1101)], [kpis[0], missed])[0] == "yes"


def test_a_success_the_season_or_the_baseline_gave_is_no_signal_that_disagrees_with_a_flat_company():
    # revenue €70.0k over Q4 2026 as over Q4 2025; the outcome KPI on revenue met against Q3 2026 (€30.0k), the
    # season's: "the signals disagree" was untrue, nothing says the company moved
    for unearned in ({"met_by_season": True}, {"met_at_baseline": True}):
        verdict, reasons = answer([metric("revenue", 70000, 70000)],
                                  [KpiSignal("rev", "outcome", "healthy_success", "Revenue", **unearned)])
        assert verdict == "unclear"
        assert reasons[0] == ("Unclear: Revenue held flat (moved less than 1%): the company is neither better nor "
                              "worse off.")
        assert any(r.startswith("Outcome KPI rev (Revenue): healthy success (") for r in reasons)
    # an earned success beside a flat company is a disagreement indeed
    _, reasons = answer([metric("revenue", 70000, 70000)], [KpiSignal("rev", "outcome", "healthy_success", "Revenue")])
    assert reasons[0] == "Unclear: the signals disagree; read the reasons below."
