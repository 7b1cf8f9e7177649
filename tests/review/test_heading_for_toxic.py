"""A KPI on track while a guardrail broke is heading for a toxic success: its own verdict says so, not only the
company's answer, and `--fail-on heading-toxic` catches it (review_shop's numbers, checked by hand)."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from kpiguard.cli import _register, app

from .review_shop import write_shop

_register()
runner = CliRunner()

# SMS revenue: 100 orders of 100 EUR a month in 2025, 150 in 2026: 60,000 over 2025-H2, 90,000 over 2026-H1,
# 50% of the way from 60,000 to 120,000; 181/365 = 49.6% of the horizon has elapsed on 2026-06-30: on track.
# Unsubscribes: 60 of 15,000 e-mails over 2025-H2 (0.40%), 90 of 12,000 over 2026-H1 (0.75%): +87.5%, past the
# 20% allowed, significant. Up to 2026-05 (the default as-of, 2026-06-28, ends the window in May), 60 of 12,500
# (0.48%): +20%, within the limit.
KPIS = """\
kpis:
  - id: sms-push
    metric: sms_revenue
    level: output
    baseline: 2025-H2
    target: {from: 60000, to: 120000, by: 2026-12-31}
    cadence: month
    guardrails:
      - metric: email_unsubscribe_rate
        max_increase: 20%
"""


@pytest.fixture(scope="module")
def spec(tmp_path_factory):
    path = write_shop(tmp_path_factory.mktemp("heading-toxic-shop"))
    path.write_text(path.read_text(encoding="utf-8").split("kpis:")[0] + KPIS, encoding="utf-8")
    return path


def _kpi(spec, *args):
    result = runner.invoke(app, ["review", str(spec), "--format", "json", *args])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)["kpis"][0]


def test_on_track_with_a_breached_guardrail_is_heading_for_a_toxic_success(spec):
    kpi = _kpi(spec, "--as-of", "2026-06-30")
    assert kpi["verdict"] == "on_track"  # the vocabulary is kept: it is on its way
    assert kpi["heading_for_toxic"] is True
    assert kpi["reasons_i18n"]["en"][1] == (
        "Heading for a toxic success: sms_revenue is on its way to its target while a guardrail broke "
        "(Unsubscribe rate); met this way, the target would cost the company:")
    assert kpi["reasons_i18n"]["fr"][1].startswith(
        "Vers un succès toxique : sms_revenue avance vers sa cible alors qu'un garde-fou a cédé "
        "(Taux de désabonnement)")


def test_on_track_with_its_guardrails_held_is_not(spec):
    kpi = _kpi(spec)
    assert kpi["verdict"] == "on_track"
    assert kpi["heading_for_toxic"] is False
    assert not any("toxic" in r for r in kpi["reasons"])


def test_the_text_and_markdown_verdicts_say_it(spec):
    text = runner.invoke(app, ["review", str(spec), "--as-of", "2026-06-30"]).stdout
    assert "sms-push: on track (heading for a toxic success)" in text
    assert "1 KPI: 1 on track (heading for a toxic success)" in text
    md = runner.invoke(app, ["review", str(spec), "--as-of", "2026-06-30", "--format", "md", "--lang", "fr"]).stdout
    assert "en bonne voie (vers un succès toxique)" in md


def test_fail_on_heading_toxic_catches_it_and_toxic_does_not(spec):
    caught = runner.invoke(app, ["review", str(spec), "--as-of", "2026-06-30", "--fail-on", "heading-toxic"])
    assert caught.exit_code == 1
    assert "sms-push" in caught.stderr
    # `toxic` stays the verdict toxic_success: a scheduled check on it does not change meaning
    assert runner.invoke(app, ["review", str(spec), "--as-of", "2026-06-30", "--fail-on", "toxic"]).exit_code == 0
    # held guardrails: nothing to catch
    assert runner.invoke(app, ["review", str(spec), "--fail-on", "heading-toxic"]).exit_code == 0


def test_a_colour_terminal_shows_it_as_a_warning_and_fail_on_names_it(spec):
    from kpiguard.review.formats import render_text

    data = json.loads(runner.invoke(app, ["review", str(spec), "--as-of", "2026-06-30", "--format", "json"]).stdout)
    coloured = render_text(data, color=True)
    line = next(x for x in coloured.splitlines() if "sms-push:" in x)
    assert "\x1b[1;33m" in line and "\x1b[32m" not in line  # yellow, as the report's warning; was on-track green
    caught = runner.invoke(app, ["review", str(spec), "--as-of", "2026-06-30", "--fail-on", "heading-toxic"])
    assert "on track (heading for a toxic success)" in caught.stderr  # the exit message named no verdict


def test_the_report_page_says_it(spec):
    page = runner.invoke(app, ["review", str(spec), "--as-of", "2026-06-30", "--format", "html"]).stdout
    assert "On track (heading for a toxic success)" in page
    assert "On its way to the target while a guardrail broke: met this way, it would be a toxic success." in page


def test_an_outcome_it_serves_names_it(tmp_path):
    # revenue: 720,000 over 2025-H2 and over 2026-H1 (1,250 orders a month, 950 in June); from 700,000 (within 5 %
    # of the data) to 730,000: 67 % of the way, 50 % expected: on track, served by a KPI breaking its guardrail
    path = write_shop(tmp_path)
    kpis = KPIS.replace("    cadence: month\n", "    cadence: month\n    serves: [rev]\n", 1) + """\
  - id: rev
    metric: revenue
    level: outcome
    baseline: 2025-H2
    target: {from: 700000, to: 730000, by: 2026-12-31}
"""
    path.write_text(path.read_text(encoding="utf-8").split("kpis:")[0] + kpis, encoding="utf-8")
    rev = {k["id"]: k for k in json.loads(runner.invoke(
        app, ["review", str(path), "--as-of", "2026-06-30", "--format", "json"]).stdout)["kpis"]}["rev"]
    assert rev["verdict"] == "on_track"
    assert ("Served by KPIs met, or on their way, while a guardrail broke or through a shrinking denominator: "
            "sms-push (sms_revenue, heading for a toxic success); this KPI's progress may owe something to a broken "
            "guardrail or a shrinking denominator there.") in rev["reasons"]
    assert any(r.startswith("Servi par des KPI atteints, ou en route, alors qu'un garde-fou a cédé")
               for r in rev["reasons_i18n"]["fr"])


def test_the_company_answer_names_it(spec):
    result = runner.invoke(app, ["review", str(spec), "--as-of", "2026-06-30", "--format", "json"])
    company = json.loads(result.stdout)["company"]
    assert ("KPI sms-push (sms_revenue) is on track while a guardrail broke: it is heading for a toxic success."
            in company["reasons"])
    assert ("Le KPI sms-push (sms_revenue) est en bonne voie alors qu'un garde-fou a cédé : il va vers un succès "
            "toxique." in company["reasons_i18n"]["fr"])
