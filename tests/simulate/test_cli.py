"""`kpiguard simulate` and `kpiguard demo` as a user runs them."""

from __future__ import annotations

import json

from typer.testing import CliRunner

from kpiguard.cli import _register, app
from kpiguard.simulate import story

_register()
runner = CliRunner()


def test_simulate_command_writes_the_shop(tmp_path):
    out = tmp_path / "shop"
    result = runner.invoke(app, ["simulate", "--out", str(out), "--scenario", "stock-clearance",
                                 "--customers", "500", "--seed", "3"])
    assert result.exit_code == 0, result.output
    assert "kpiguard review" in result.output and "--as-of 2026-12-31" in result.output
    truth = json.loads((out / "truth.json").read_text())
    assert truth["scenario"] == "stock-clearance" and truth["seed"] == 3
    assert (out / "data" / "inventory.parquet").exists()
    # 500 customers: the review of stock-cut missed against its truth for every seed, and nothing said so
    assert "chance decides some verdicts" in result.output and "--customers 20000 or more" in result.output


def test_a_shop_of_the_reliable_size_has_no_note_and_a_small_one_is_told_in_french(tmp_path):
    big = runner.invoke(app, ["simulate", "--out", str(tmp_path / "big"), "--customers", "20000"])
    assert big.exit_code == 0, big.output
    assert "chance" not in big.output
    small = runner.invoke(app, ["simulate", "--out", str(tmp_path / "small"), "--customers", "300", "--lang", "fr"])
    assert small.exit_code == 0, small.output
    assert "le hasard décide certains verdicts" in small.output
    # the counts in French groups ("20000 clients" before), the option as the user types it
    assert "moins de 20\u202f000 clients" in small.output and "--customers 20000 ou plus" in small.output


def test_a_longer_history_than_the_truth_was_built_for_is_told(tmp_path):
    """--months 120: every scenario was reviewed away from its truth (seeds 1-3, 4 000 customers), silently."""
    result = runner.invoke(app, ["simulate", "--out", str(tmp_path / "long"), "--customers", "20000",
                                 "--months", "36"])
    assert result.exit_code == 0, result.output
    assert "the truth was built for --months 24" in result.output and "chance" not in result.output


def test_simulate_command_bad_input_exits_2_in_french(tmp_path):
    result = runner.invoke(app, ["simulate", "--out", str(tmp_path / "s"), "--scenario", "nope", "--months", "3",
                                 "--lang", "fr"])
    assert result.exit_code == 2
    assert "scénario inconnu 'nope'" in result.output
    assert "--months doit être compris entre 24 et 120" in result.output
    assert "Traceback" not in result.output


def test_demo_tells_the_story_and_reuses_its_cache(tmp_path, monkeypatch):
    monkeypatch.setenv("KPIGUARD_CACHE", str(tmp_path))
    first = runner.invoke(app, ["demo", "--customers", "3000"])
    assert first.exit_code == 0, first.output
    text = first.output
    assert "Simulating the shop" in text
    assert "email-share" in text and "email-revenue" in text
    assert "Is the company better off? NO." in text
    assert "TOXIC success" in text and "missed" in text
    assert "Revenue" in text and "%" in text                     # the why, with numbers
    assert "Ground truth of the simulation: 3/3 verdicts as built, company answer as built." in text
    shop = tmp_path / "demo-0.1.0-7"
    assert (shop / "truth.json").exists()
    second = runner.invoke(app, ["demo", "--customers", "3000", "--lang", "fr"])
    assert second.exit_code == 0, second.output
    assert "Simulation de la boutique" not in second.output      # the cache was reused
    assert "L'entreprise est-elle en meilleure situation ? NON." in second.output
    # the same shop, its spec written beside in French: the report's title names "Boutique simulée"
    assert 'name: "Boutique simulée : email-push"' in (shop / "kpis.fr.yaml").read_text(encoding="utf-8")
    assert "kpis.fr.yaml --as-of" in second.output
    if "Rapport HTML :" in second.output and "indisponible" not in second.output:
        assert (shop / "report-fr.html").exists()


def test_story_says_when_the_review_disagrees_with_the_truth():
    review = {"kpis": [{"id": "a", "metric": "m", "statement": "A KPI", "verdict": "healthy_success",
                        "reasons": ["Target met: 26% (target 25%)."]}],
              "company": {"better_off": "yes", "reasons": ["Yes: Revenue +3%."]}}
    truth = {"scenario": "email-push", "seed": 7, "customers": 1000, "as_of": "2026-12-31",
             "kpis": {"a": "hollow_success"}, "better_off": "no"}
    text = story.render_story(review, [{"kpi_id": "a", "code": "KG101", "message": "targets a share"}], truth,
                              spec_path="s.yaml", data_dir="d", report_path=None, lang="en")
    assert "1. The KPI « A KPI » (a): healthy success." in text
    assert "2. Is the company better off? yes." in text
    assert "KG101 targets a share" in text
    assert "0/1 verdicts as built" in text
    assert "a is healthy_success, built as hollow_success" in text
    assert "better_off is yes, built as no" in text


def test_story_writes_its_numbers_as_the_review_does():
    """The demo's "why" line wrote "Revenue -17.9%" (a hyphen) and "+5.5 pts" with its own formatter, beside the
    review's "−17.9%"; it now goes through the shared one (true minus, French spacing)."""
    kpi = {"metric": "email_revenue_share", "metric_label": "E-mail share", "unit": "%", "decomposition": {
        "type": "ratio", "total": 0.055, "counterfactual": 0.244, "effects": {"denominator": 0.052},
        "numerator": {"label": "E-mail revenue", "baseline": 100.0, "current": 101.0},
        "denominator": {"label": "Revenue", "baseline": 1000.0, "current": 821.0}}}
    assert story.why_line(kpi, "en") == ("Why: E-mail share moved +5.5\u00a0pts, 95% of it from the denominator: "
                                         "E-mail revenue +1.0%, Revenue \u221217.9%. Had Revenue held, it would be "
                                         "24.4%.")
    assert "Revenue \u221217,9\u00a0%" in story.why_line(kpi, "fr")


def test_a_folder_with_an_apostrophe_is_simulated_and_its_next_command_can_be_pasted(tmp_path):
    """`kpiguard simulate --out "boutique d'été"` ended in a DuckDB ParserException traceback: the baselines'
    SQL pasted the path into a string literal, which its apostrophe closed."""
    import shlex

    out = tmp_path / "boutique d'été"
    result = runner.invoke(app, ["simulate", "--out", str(out), "--customers", "500"])
    assert result.exit_code == 0, result.output
    command = result.stdout.split("Next: ")[1].strip()
    assert shlex.split(command) == ["kpiguard", "review", str(out / "kpis.yaml"), "--as-of", "2026-12-31"]
    review = runner.invoke(app, shlex.split(command)[1:] + ["--format", "json"])
    assert review.exit_code == 0, review.output
    assert json.loads(review.stdout)["kpis"]


def test_a_folder_that_cannot_hold_the_shop_gets_the_way_out_of_the_command_that_chose_it(tmp_path, monkeypatch):
    """The demo, whose shop lives under $KPIGUARD_CACHE, said "choose another --out": it has no --out."""
    blocker = tmp_path / "a-file"
    blocker.write_text("x")
    monkeypatch.setenv("KPIGUARD_CACHE", str(blocker))
    demo = runner.invoke(app, ["demo", "--customers", "300", "--lang", "fr"])
    assert demo.exit_code == 2, demo.output
    assert "un fichier se trouve là où un dossier est attendu ; la démo garde sa boutique sous $KPIGUARD_CACHE" \
        in demo.stderr and "--out" not in demo.stderr
    simulated = runner.invoke(app, ["simulate", "--out", str(blocker)])
    assert simulated.exit_code == 2
    assert simulated.stderr == f"{blocker} is a file, not a folder to write the shop in; choose another --out, " \
                               "a new or empty folder\n"
