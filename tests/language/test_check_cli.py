"""`kpiguard check` and `kpiguard init` as a user runs them."""

from __future__ import annotations

import json
import re

import pytest
from typer.testing import CliRunner

import kpiguard.cli.check
import kpiguard.cli.validate  # noqa: F401
from kpiguard.cli import app
from kpiguard.spec import load_spec

TODAY = ["--today", "2026-01-15"]


@pytest.fixture
def runner():
    return CliRunner()


def test_check_french_sentence_answers_in_french(runner):
    result = runner.invoke(app, ["check", "Faire 25 % du CA mensuel via email", *TODAY])
    assert result.exit_code == 1, result.output  # KG101 is an error: the KPI as written is toxic
    out = result.stdout
    assert "email_revenue_share (Part du CA email\u202f; part, output)" in out  # French sets a space before `;`
    assert "KG101 erreur" in out and "vise une part" in out and "KG101 error " not in out
    assert "réécriture robuste" in out
    assert "Faire passer le CA UTM email de X à Y d'ici fin 2026 (base 2025)" in out
    assert "- id: email-revenue" in out and "metric: email_revenue" in out


def test_check_lang_option_answers_in_english(runner):
    result = runner.invoke(app, ["check", "Faire 25 % du CA mensuel via email", "--lang", "en", *TODAY])
    assert "targets a share" in result.stdout and "KG101 error " in result.stdout
    assert "email_revenue_share (E-mail revenue share; share, output)" in result.stdout
    assert "Take e-mail revenue from X to Y by the end of 2026 (baseline 2025)" in result.stdout


def test_check_robust_sentence_exits_0(runner):
    result = runner.invoke(app, ["check", "Passer de 8 à 10 M€ de CA UTM email d'ici fin 2026 (base 2025), "
                                          "sans hausse du taux de désabonnement de plus de 20 %", *TODAY])
    assert result.exit_code == 0, result.output
    assert "8\u00a0M€ -> 10\u00a0M€" in result.stdout  # French keeps a number with its currency (no-break space)


def test_check_unknown_metric_asks_and_exits_2(runner):
    result = runner.invoke(app, ["check", "Increase NPS from 30 to 40 by the end of 2026", *TODAY])
    assert result.exit_code == 2
    assert "NPS" in result.stdout  # said to be unknown
    assert "no metric recognised" in result.stdout or "not a metric of the catalog" in result.stdout


def test_check_json_has_parse_findings_and_rewrite(runner):
    result = runner.invoke(app, ["check", "Réduire les stocks de 30 %", "--format", "json", *TODAY])
    data = json.loads(result.stdout)
    assert data["schema_version"] == "1"
    (statement,) = data["statements"]
    assert statement["lang"] == "fr"
    assert statement["parse"]["metric"] == "dormant_stock_units"
    assert statement["parse"]["change"]["value"] == -30.0
    assert "KG105" in {f["code"] for f in statement["findings"]}
    assert statement["rewrite"]["sentence"].startswith("Réduire le stock dormant de 30 %")
    assert "guardrails:" in statement["rewrite"]["yaml"]


def test_check_file_and_stdin(runner, tmp_path):
    path = tmp_path / "kpis.txt"
    path.write_text("# comment\nConversion à 5 %\n\nLancer 40 concepts créatifs\n", encoding="utf-8")
    result = runner.invoke(app, ["check", "--file", str(path), "--format", "json", *TODAY])
    assert [s["parse"]["metric"] for s in json.loads(result.stdout)["statements"]] == \
        ["conversion_rate", "creative_concepts_launched"]
    result = runner.invoke(app, ["check", "-", "--format", "json", *TODAY], input="Cut stock by 30%\n")
    assert json.loads(result.stdout)["statements"][0]["parse"]["metric"] == "dormant_stock_units"


def test_check_bad_input_exits_2_without_traceback(runner, tmp_path):
    result = runner.invoke(app, ["check"])
    assert result.exit_code == 2 and "nothing to check" in result.output
    result = runner.invoke(app, ["check", "--file", str(tmp_path / "missing.txt")])
    assert result.exit_code == 2 and "cannot read" in result.output
    result = runner.invoke(app, ["check", "Conversion à 5 %", "--today", "soon"])
    assert result.exit_code == 2 and "--today" in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)


def test_init_from_file_writes_a_spec_that_validates(runner, tmp_path):
    source = tmp_path / "sentences.txt"
    source.write_text("Passer de 8 à 10 M€ de CA UTM email d'ici fin 2026\nRéduire les stocks de 30 %\n"
                      "Conversion à 5 %\nAugmenter le NPS de 30 à 40\n40 concepts, avec un hit rate de 20 % min\n",
                      encoding="utf-8")
    out = tmp_path / "kpis.yaml"
    result = runner.invoke(app, ["init", "--from", str(source), "--out", str(out), *TODAY])
    assert result.exit_code == 0, result.output
    assert "4 KPI" in result.stdout
    spec = load_spec(out)
    assert [k.metric for k in spec.kpis] == ["email_revenue", "dormant_stock_units", "conversion_rate",
                                            "creative_concepts_launched"]
    assert spec.kpis[0].target.from_ == 8_000_000 and spec.kpis[0].target.to == 10_000_000
    assert spec.kpis[3].guardrails[0].metric == "creative_hit_rate" and spec.kpis[3].guardrails[0].min == 0.2
    text = out.read_text(encoding="utf-8")
    assert "NPS" in text  # the sentence not understood is kept as a comment
    assert runner.invoke(app, ["validate", str(out)]).exit_code == 0
    again = runner.invoke(app, ["init", "--from", str(source), "--out", str(out)])
    assert again.exit_code == 2 and "--force" in again.output


def test_init_interactive_asks_for_a_metric(runner, tmp_path):
    out = tmp_path / "kpis.yaml"
    answers = ("Increase NPS from 30 to 40 by the end of 2026\nIncrease checkouts from 30 to 40 by the end of 2026\n"
               "Conversion at 5%\nGrow loyalty by 10%\n\norders\nnumber of orders\n")
    result = runner.invoke(app, ["init", "--out", str(out), *TODAY], input=answers)
    assert result.exit_code == 0, result.output
    assert "metric for 'Increase NPS" not in result.output  # a measure the catalog lacks: drafted, never mapped
    assert "#   nps:" in out.read_text(encoding="utf-8")
    spec = load_spec(out)
    assert [k.metric for k in spec.kpis] == ["orders", "conversion_rate", "orders"]  # a synonym answers too
    assert spec.kpis[0].target.to == 40
    assert [k.id for k in spec.kpis] == ["orders", "conversion-rate", "orders-2"]


def test_check_imports_no_engine(modules_loaded_by):
    """Start-up stays fast: `kpiguard check` never loads the engine or dataframe libraries."""
    assert modules_loaded_by("check", "Faire 25 % du CA mensuel via email", "--format", "json") == []


def test_check_text_shows_thresholds_floors_and_windows_as_written(runner):
    result = runner.invoke(app, ["check", "Maintenir le panier moyen au-dessus de 70 € sur 12 mois glissants tout en "
                                 "augmentant le taux de conversion de 10 %",
                                 "Keep unsubscribes under 0.3% while growing email revenue by 20%", *TODAY])
    out = result.stdout
    assert "aov: min 70\u00a0€" in out and "email_unsubscribe_rate: max 0.3%" in out  # were "min 70", "max 0.003"
    english = runner.invoke(app, ["check", "Maintenir le panier moyen au-dessus de 80 € sur 12 mois glissants",
                                  "--lang", "en", *TODAY]).stdout
    assert "? -> €80 (floor)" in english and "window      P12M" in english
    assert "Keep the average order value above €80 over a rolling 12 months" in english


def test_init_with_a_baseline_after_the_horizon_still_writes_a_loadable_spec(runner, tmp_path):
    source = tmp_path / "kpis.txt"
    source.write_text("Atteindre 10 M€ de CA d'ici fin 2025 vs 2026\n", encoding="utf-8")
    out = tmp_path / "spec.yaml"
    result = runner.invoke(app, ["init", "--from", str(source), "--out", str(out), *TODAY])
    assert result.exit_code == 0, result.output  # was exit 2: "l'échéance 2025-12-31 n'est pas postérieure..."
    assert load_spec(out).kpis[0].baseline is None
    check = runner.invoke(app, ["check", "Atteindre 10 M€ de CA d'ici fin 2025 vs 2026", *TODAY]).stdout
    assert "(base 2024)" in check  # the rewrite measures its FROM before its deadline


@pytest.mark.parametrize("sentence, second", [
    ("Boost revenue 10% while cutting dead stock 5% in 2027", "dormant_stock_units"),
    ("Augmenter le CA de 10 % tout en réduisant le stock dormant de 5 % d'ici fin 2027", "dormant_stock_units"),
])
def test_two_targets_in_one_sentence_keep_their_own_directions(runner, sentence, second):
    """The second target's verb ("cutting") turned "Boost revenue 10%" into "Reduce revenue by 10%"."""
    result = runner.invoke(app, ["check", sentence, "--format", "json", *TODAY])
    statement = json.loads(result.stdout)["statements"][0]
    assert statement["parse"]["metric"] == "revenue"
    assert statement["parse"]["change"]["value"] == 10
    assert any("second target" in n or "deuxième cible" in n for n in statement["parse"]["notes"])
    assert not statement["rewrite"]["sentence"].startswith(("Reduce", "Réduire"))


def test_init_writes_one_kpi_per_target_of_a_sentence(runner, tmp_path):
    source = tmp_path / "kpis.txt"
    source.write_text("Faire progresser le CA de 12 % et réduire le stock dormant de 5 % en 2027\n"
                      "Boost revenue 10% while cutting dead stock 5% in 2027\n", encoding="utf-8")
    out = tmp_path / "kpis.yaml"
    result = runner.invoke(app, ["init", "--from", str(source), "--out", str(out), *TODAY])
    assert result.exit_code == 0, result.output
    spec = load_spec(out)
    assert [k.metric for k in spec.kpis] == ["revenue", "dormant_stock_units"] * 2
    assert all(k.target is None or k.target.by.year == 2027 for k in spec.kpis)
    assert "-5%" in out.read_text(encoding="utf-8")  # the stock's own change, not the revenue's


def test_relative_target_finding_shows_no_placeholder_and_agrees_with_the_rewrite(runner):
    """KG201 said "a un objectif (X) ... X, est-ce bien ou pas ?"; its rewrite said "d'ici 2026-12-31" and a
    baseline (2025) other than the main rewrite's (2026-Q3)."""
    result = runner.invoke(app, ["check", "Augmenter le CA de 15 % d'ici fin 2026", "--format", "json",
                                 "--today", "2026-11-27"])
    statement = json.loads(result.stdout)["statements"][0]
    main = statement["rewrite"]
    kg201 = next(f for f in statement["findings"] if f["code"] == "KG201")
    assert "(X)" not in kg201["message"] and "X," not in kg201["message"]
    assert "relatif" in kg201["message"]
    assert "(base T3 2026)" in main["sentence"] and "baseline: 2026-Q3" in main["yaml"]
    assert "mesuré sur le T3 2026" in kg201["rewrite"]["sentence"] and "baseline: 2026-Q3" in kg201["rewrite"]["yaml"]
    assert "d'ici fin 2026" in kg201["rewrite"]["sentence"] and "2026-12-31" not in kg201["rewrite"]["sentence"]


@pytest.mark.parametrize("args, words", [
    (["--lang", "fr"], "d'ici fin juin 2027"),
    (["--lang", "en"], "by the end of June 2027"),
])
def test_lint_rewrites_say_deadlines_in_words(runner, tmp_path, args, words):
    spec = tmp_path / "kpis.yaml"
    # (a basket, not a rate: a rate's KG102 replaces it, and every rewrite of the KPI then says KG102's sentence)
    spec.write_text("version: 1\nkpis:\n  - id: basket\n    metric: aov\n"
                    "    target: {to: 45, by: 2027-06-30}\n", encoding="utf-8")
    import kpiguard.cli.lint  # noqa: F401

    result = runner.invoke(app, ["lint", str(spec), "--format", "json", *args])
    findings = json.loads(result.stdout)["findings"]
    sentences = [f["rewrite"]["sentence"] for f in findings if f["rewrite"] and f["code"] == "KG201"]
    assert sentences and all(words in s and "2027-06-30" not in s for s in sentences)
    assert all("2026" in s for s in sentences)  # a spec file's lint keeps the year before the horizon


def test_without_a_horizon_every_rewrite_proposes_the_same_horizon_and_baseline(runner):
    """KG201 said "mesuré sur 2025 ... d'ici X", KG202 "d'ici fin 2026", the main rewrite "fin 2027 (base 2026)"."""
    result = runner.invoke(app, ["check", "Augmenter le trafic organique de 25 % en glissement annuel",
                                 "--format", "json", "--today", "2026-11-27"])
    statement = json.loads(result.stdout)["statements"][0]
    assert "d'ici fin 2027 (base 2026)" in statement["rewrite"]["sentence"]
    assert statement["kpi"]["baseline"] == "2026"
    for finding in statement["findings"]:
        if finding["code"] in ("KG103", "KG201", "KG202"):
            assert "d'ici fin 2027" in finding["rewrite"]["sentence"], finding
            assert "baseline: 2026\n" in finding["rewrite"]["yaml"], finding
        assert "X à atteindre" not in finding["message"]


def test_init_names_the_second_target_it_did_not_understand(runner, tmp_path):
    source = tmp_path / "kpis.txt"
    source.write_text("Faire progresser le CA de 12 % et la marge de 3 points en 2027\n", encoding="utf-8")
    out = tmp_path / "kpis.yaml"
    result = runner.invoke(app, ["init", "--from", str(source), "--out", str(out), *TODAY])
    assert result.exit_code == 0, result.output
    text = out.read_text(encoding="utf-8")
    # a margin in points is a margin rate the catalog lacks: drafted (it was "aucune métrique reconnue")
    assert "# la marge de 3 points en 2027 (Faire progresser" in text and "#   taux_de_marge:" in text
    assert [k.metric for k in load_spec(out).kpis] == ["revenue"]


@pytest.mark.parametrize("sentence, lang, said, name", [
    ("CAC below €40", "en", "'CAC'", "cac"),  # was "pick one of: revenue, margin, email_revenue..."
    ("Garder le CAC sous 40 €", "fr", "« CAC »", "cac"),
    ("Réduire le taux de rebond de 45 % à 38 % d'ici fin T2 2027", "fr", "« taux de rebond »", "taux_de_rebond"),
    ("Bounce rate under 40%", "en", "'Bounce rate'", "bounce_rate"),
])
def test_a_measure_the_catalog_lacks_is_refused_with_a_custom_metric_draft(runner, sentence, lang, said, name):
    result = runner.invoke(app, ["check", sentence, *TODAY])
    assert result.exit_code == 2, result.output
    out = result.stdout
    assert said in out and "`metrics:`" in out
    assert "pick one of" not in out and "choisissez parmi" not in out and "revenue (" not in out
    assert f"  metrics:\n    {name}:" in out and f"      metric: {name}" in out
    data = json.loads(runner.invoke(app, ["check", sentence, "--format", "json", *TODAY]).stdout)
    assert data["statements"][0]["custom_metric"]["name"] == name


def test_init_drafts_the_custom_metric_a_sentence_needs_and_it_loads_once_completed(runner, tmp_path):
    source = tmp_path / "kpis.txt"
    source.write_text("Keep CAC under 40 € in 2027\nRéduire le taux de rebond de 45 % à 38 % en 2027\n"
                      "Augmenter le CA de 10 % en 2027\n", encoding="utf-8")
    out = tmp_path / "kpis.yaml"
    result = runner.invoke(app, ["init", "--from", str(source), "--out", str(out), "--lang", "en", *TODAY])
    assert result.exit_code == 0, result.output
    text = out.read_text(encoding="utf-8")
    assert len(load_spec(out).kpis) == 1  # the drafts are comments: the file loads as written
    assert "#   cac:" in text and "#   taux_de_rebond:" in text and "# - id: cac" in text
    # uncommented and completed, the drafts are a spec that loads, with the sentences' own numbers
    done = re.sub(r"(?m)^(\s*)# ((?:metrics:|- |  ).*)$", r"\1\2", text)
    done = done.replace("table: ~", "table: orders").replace("measure: ~", "measure: sum(revenue)") \
        .replace("numerator: ~", "numerator: orders").replace("denominator: ~", "denominator: sessions")
    completed = tmp_path / "completed.yaml"
    completed.write_text(done, encoding="utf-8")
    spec = load_spec(completed)
    targets = {k.metric: (k.target.from_, k.target.to) for k in spec.kpis if k.target is not None}
    assert targets["cac"] == (None, 40) and targets["taux_de_rebond"] == (0.45, 0.38)
    assert spec.metrics["cac"].direction == "down"


def test_a_sentence_starting_with_a_dash_is_a_sentence_not_an_option(runner):
    # was "No such option: -2" (or "-20 % ... fin 2027" read as the short option -f with "in 2027")
    result = runner.invoke(app, ["check", "-20 % de désabonnements d'ici fin 2027", "- CA +10 %", "--format", "json",
                                 *TODAY])
    assert result.exit_code in (0, 1), result.output
    statements = json.loads(result.stdout)["statements"]
    assert [(s["statement"], s["parse"]["metric"]) for s in statements] == [
        ("-20 % de désabonnements d'ici fin 2027", "email_unsubscribe_rate"), ("- CA +10 %", "revenue")]
    mistyped = runner.invoke(app, ["check", "--formt", "json", "CA +10 %"])
    assert mistyped.exit_code == 2 and "--formt" in mistyped.output  # a mistyped option is still one


@pytest.mark.parametrize("sentence, said", [
    ("🚀🚀🚀", "could not read a KPI here"),  # was "define a custom metric in the spec" for an emoji
    ("Le la de ???", "impossible de lire un KPI ici"),
])
def test_a_sentence_with_nothing_readable_says_so_in_its_language(runner, sentence, said):
    result = runner.invoke(app, ["check", sentence, *TODAY])
    assert result.exit_code == 2 and said in result.stdout
    assert "metrics:" not in result.stdout and "Traceback" not in result.output


def test_a_relative_target_on_a_custom_metric_says_how_its_to_follows(runner):
    result = runner.invoke(app, ["check", "Réduire de moitié le churn d'ici fin 2027", *TODAY])
    assert result.exit_code == 2
    assert "baseline: 2025" in result.stdout and "target: {from: ~, to: ~, by: 2027-12-31}" in result.stdout
    assert "# to : from × 0,5 (-50 %)" in result.stdout  # was a bare `to: ~` with no baseline nor FROM


@pytest.mark.parametrize("sentence, target", [
    ("Cut CAC to $40", "target: {to: 40}"),  # was given `by: 2026-12-31`, a deadline the sentence never said
    ("Grow NPS by 5 points", "target: {from: ~, to: ~}"),
    ("Cut CAC to $40 by Q3 2026", "target: {to: 40, by: 2026-09-30}"),
])
def test_a_custom_metric_draft_has_a_deadline_only_when_the_sentence_gives_one(runner, sentence, target):
    result = runner.invoke(app, ["check", sentence, *TODAY])
    assert result.exit_code == 2 and target + "\n" in result.stdout, result.stdout
    data = json.loads(runner.invoke(app, ["check", "--format", "json", sentence, *TODAY]).stdout)
    assert ("by" in data["statements"][0]["custom_metric"]["target"]) == ("by:" in target)


def test_a_custom_metric_draft_keeps_the_sentence_s_guardrails(runner):
    result = runner.invoke(app, ["check", "Réduire le CAC de 20 % sans baisser le nombre de nouveaux clients", *TODAY])
    assert result.exit_code == 2
    assert "metric: cac" in result.stdout and "- metric: new_customers\n          max_decrease: 0%" in result.stdout


def test_init_from_sentences_given_on_the_command_line(runner, tmp_path):
    out = tmp_path / "kpis.yaml"
    result = runner.invoke(app, ["init", "--from-sentence", "CAC below €40", "--from-sentence",
                                 "Grow revenue 10% to reach €12M in 2027", "--out", str(out), *TODAY])
    assert result.exit_code == 0, result.output
    assert "1 on a measure the catalog does not compute" in result.stdout  # was counted as not understood
    spec = load_spec(out)
    assert [(k.metric, k.target.from_, k.target.to) for k in spec.kpis] == [("revenue", 10.9e6, 12e6)]
    assert "#   cac:" in out.read_text(encoding="utf-8")


def test_init_writes_every_target_of_a_list(runner, tmp_path):
    out = tmp_path / "kpis.yaml"
    result = runner.invoke(app, ["init", "--from-sentence", "Grow revenue 10%, AOV 5% and cut stock 20% in 2027",
                                 "--out", str(out), *TODAY])
    assert result.exit_code == 0, result.output
    assert [k.metric for k in load_spec(out).kpis] == ["revenue", "aov", "dormant_stock_units"]  # was 2, stock lost


def test_init_writes_a_kpi_the_loader_refuses_as_a_comment_and_keeps_the_rest(runner, tmp_path):
    out = tmp_path / "kpis.yaml"
    result = runner.invoke(app, ["init", "--from-sentence", "Grow AOV 5% with a conversion rate of 3",
                                 "--from-sentence", "Grow revenue 10% in 2027", "--out", str(out), *TODAY])
    # was exit 2 and "kpis.yaml:20:14: min: 3 on conversion_rate ... can never be met" about a file never written
    assert result.exit_code == 0, result.output
    assert [k.metric for k in load_spec(out).kpis] == ["revenue"]
    assert "# not written, the spec would not load with it (min: 3 on conversion_rate" in out.read_text(encoding="utf-8")


def test_a_sentence_that_forgets_its_metric_is_asked_for_it(runner):
    result = runner.invoke(app, ["check", "Q2 2027 +10% vs LY", *TODAY])
    assert result.exit_code == 2
    assert "no metric named: say which one" in result.stdout  # was "define a custom metric in the spec"


def test_init_with_sentences_piped_in_prints_no_prompt_per_line(runner, tmp_path):
    """`kpiguard init --out - < kpis.txt` wrote "KPI sentence (empty line to finish): " once per line on stderr."""
    result = runner.invoke(app, ["init", "--out", "-", *TODAY],
                           input="Grow revenue by 10% by the end of 2026\nCut stock by 30%\n")
    assert result.exit_code == 0, result.output
    assert "KPI sentence" not in result.stderr and "2 KPIs" in result.stderr
    assert result.stdout.count("  - id: ") == 2


def test_init_says_what_it_wrote_in_french_word_order(runner, tmp_path):
    out = tmp_path / "kpis.yaml"
    result = runner.invoke(app, ["init", "--from-sentence", "Augmenter le CA de 10 % d'ici fin 2026", "--out", str(out),
                                 "--lang", "fr", *TODAY])
    assert result.exit_code == 0, result.output
    assert f"{out} écrit : 1 KPI" in result.output  # not the calque "écrit {path}"


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_a_number_too_large_for_a_float_is_a_value_to_fill_in_not_a_traceback(runner, lang):
    digits = "1" * 400  # a float overflows to infinity: the draft target could not be built nor printed
    result = runner.invoke(app, ["check", f"Passer de 5 à {digits} k€ de CA d'ici 2027", "--lang", lang, *TODAY])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    assert result.exit_code in (0, 1), result.output
    out = result.stdout
    assert ("too large to read" if lang == "en" else "trop grand pour être lu") in out
    assert "target: {from: 5000, to: ~, by: 2027-12-31}" in out  # the FROM is still read, the TO left to fill in


def test_init_writes_a_loadable_spec_from_sentences_with_control_characters(runner, tmp_path):
    """A stray \\x01 (or a line break inside one argument) was copied into the spec's comments: YAML refused the
    file init was about to write, and init failed pointing at a line of a file it had not written."""
    out = tmp_path / "kpis.yaml"
    result = runner.invoke(app, ["init", "--from-sentence", "Réduire le churn de 5 à 3 % \x01 en 2026",
                                 "--from-sentence", "Bla\x02 bla", "--from-sentence",
                                 "Passer de 8 à 10 M€ de CA\x1f email\nen 2026", "--out", str(out), *TODAY])
    assert result.exit_code == 0, result.output
    spec = load_spec(out)
    assert [k.metric for k in spec.kpis] == ["email_revenue"]
    text = out.read_text(encoding="utf-8")
    assert "\x01" not in text and "\x02" not in text and "Bla  bla" in text


@pytest.mark.parametrize(("sentence", "lang", "said", "label"), [
    ("Augmenter le CA de 5 % MoM", "fr", "référence   le mois précédent -> 2025-12", "last-month"),
    ("Augmenter le CA de 10 % vs N-1 d'ici fin 2026", "fr", "référence   l'année précédente -> 2025", "last-year"),
    ("Augmenter le CA de 15 % pendant les soldes d'hiver", "fr",
     "référence   la même période un an avant -> 2025-01-08..2025-02-04", "season-before"),
    ("Grow revenue 10% YoY by end of 2026", "en", "baseline    year over year -> 2025", "year-over-year"),
])
def test_a_relative_baseline_is_said_in_words_of_the_answer_not_as_its_label(runner, sentence, lang, said, label):
    out = runner.invoke(app, ["check", sentence, "--lang", lang, *TODAY]).stdout
    assert said in out and f"{label} ->" not in out  # was "last-month -> 2025-12": a label, English in French
    data = json.loads(runner.invoke(app, ["check", sentence, "--format", "json", *TODAY]).stdout)
    assert data["statements"][0]["parse"]["baseline"] == label  # the JSON keeps the label a program reads


@pytest.mark.parametrize("sentence", ["25 % des commandes via l'e-mail d'ici fin 2026", "25% of orders from email"])
def test_init_declares_a_share_of_orders_by_email_that_validates_as_written(runner, tmp_path, sentence):
    out = tmp_path / "kpis.yaml"  # was "0 KPI (sentences not understood: 1)" and `kpis: []`
    result = runner.invoke(app, ["init", "--from-sentence", sentence, "--out", str(out), *TODAY])
    assert result.exit_code == 0, result.output
    assert re.search(r": 1 KPI \((sentences not understood|phrases non comprises) ?: 0\)", result.output), result.output
    spec = load_spec(out)
    assert [k.metric for k in spec.kpis] == ["email_orders_share"] and spec.kpis[0].target.to == 0.25
    part = spec.metrics["email_orders"]  # the catalog's orders, narrowed as e-mail revenue is
    assert part.table == "orders" and part.measure == "count(*)" and "utm_medium = 'email'" in part.filter
    assert (spec.metrics["email_orders_share"].numerator, spec.metrics["email_orders_share"].denominator) == \
        ("email_orders", "orders")


def test_a_share_of_sessions_by_a_channel_leaves_its_condition_to_fill_in(runner, tmp_path):
    result = runner.invoke(app, ["check", "40 % des sessions via le SEO", *TODAY])
    assert result.exit_code == 2, result.output  # no catalog metric offered as if it were that share
    assert "search_sessions_share:" in result.stdout and "denominator: sessions" in result.stdout
    assert "filter: ~  # la condition qui ne garde que search" in result.stdout
    out = tmp_path / "kpis.yaml"
    result = runner.invoke(app, ["init", "--from-sentence", "40 % des sessions via le SEO", "--out", str(out), *TODAY])
    assert result.exit_code == 0 and load_spec(out).kpis == []  # commented out until its condition is written
    assert "#   search_sessions:" in out.read_text(encoding="utf-8")


def test_init_says_a_relative_target_s_deadline_in_words(runner, tmp_path):
    out = tmp_path / "kpis.yaml"
    result = runner.invoke(app, ["init", "--from-sentence", "CA e-mail +12 % d'ici fin T2 2026", "--out", str(out),
                                 *TODAY])
    assert result.exit_code == 0, result.output
    text = out.read_text(encoding="utf-8")
    assert "d'ici fin juin 2026 ;" in text and "d'ici le 2026-06-30" not in text  # an ISO date in a French note
    assert "by: 2026-06-30" in text
