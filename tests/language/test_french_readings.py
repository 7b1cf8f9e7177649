"""French KPI sentences as CRM leads and BI analysts write them (comités, Slack, N-1, k€, CHF): one reading each."""

from __future__ import annotations

import pytest

from kpiguard.language import parse


def _numbers(text: str) -> tuple:
    p = parse(text)
    q = lambda x: None if x is None else (round(x.value, 6), x.unit)
    return p.metric, q(p.from_), q(p.to), q(p.change), p.direction


@pytest.mark.parametrize("text, expected", [
    ("CA 3,2 M€ vs N-1 à 2,9 M€", ("revenue", (2_900_000, "EUR"), (3_200_000, "EUR"), None, "increase")),
    ("Panier moyen 68 € vs N-1 à 64 €", ("aov", (64, "EUR"), (68, "EUR"), None, "increase")),
    ("Revenue €3.2M vs LY at €2.9M", ("revenue", (2_900_000, "EUR"), (3_200_000, "EUR"), None, "increase")),
])
def test_a_value_after_a_compared_period_is_the_from(text, expected):
    """The number after "vs N-1 à" is last year's value: the FROM, the first number the TO (it read 3,2 -> 2,9 M€,
    a fall of revenue)."""
    assert _numbers(text) == expected
    assert parse(text).baseline == "last-year"


def test_a_pair_started_by_de_stays_a_from_and_a_to():
    assert _numbers("Passer le CA de 8 M€ à 10 M€")[1:3] == ((8_000_000, "EUR"), (10_000_000, "EUR"))


@pytest.mark.parametrize("text, change, direction, baseline, horizon", [
    ("Passer le CA de 2025 à 2026 de 10 %", 10, "increase", "2025", "2026"),
    ("Passer le CA de 2026 à 2027 de 12 %", 12, "increase", "2026", "2027"),
    ("Faire évoluer le nombre de commandes de -5 % en 2026", -5, "reduce", None, "2026"),
])
def test_passer_with_a_percent_of_an_amount_is_a_change(text, change, direction, baseline, horizon):
    """"Passer le CA ... de 10 %": no revenue is 10 %, so the percent is the change (it was read as a TO of 10 %, and
    the CA refused as a metric in the wrong unit)."""
    p = parse(text)
    assert (p.metric is not None, p.to, p.change.value, p.change.unit, p.direction) == (True, None, change, "%", direction)
    assert (p.baseline, p.horizon.label) == (baseline, horizon)


@pytest.mark.parametrize("text", ["Passer le CA email de 20 % du CA total",
                                  "Faire passer les ventes via email de 25 % du CA d'ici fin 2026"])
def test_passer_de_a_percent_of_revenue_stays_a_share(text):
    """A percent "of" an amount after "de" is a share of it, not a change of the amount."""
    p = parse(text)
    assert (p.metric, p.change) == ("email_revenue_share", None)


def test_passer_a_rate_de_a_percent_stays_its_level():
    """On a metric in percent the same words may give its level: not turned into a change."""
    p = parse("Passer le taux de conversion de 2 %")
    assert p.change is None and p.to.value == 2


@pytest.mark.parametrize("text, metric", [
    ("Augmenter le CA de l'infolettre de 20 % en 2026", "email_revenue"),
    ("Atteindre 500 k€ de CA via l'infolettre au T4", "email_revenue"),
    ("Améliorer le taux de clic des courriels de 2 % à 2,8 % d'ici fin 2026", "email_click_rate"),
    ("Réduire le nombre de courriels envoyés de 15 % sans baisse du CA e-mail", "emails_sent"),
    ("Envoyer au plus 3 courriels par semaine", "emails_sent"),
])
def test_quebec_words_for_e_mail_and_newsletter(text, metric):
    """"courriel" and "infolettre" (Quebec, the Académie) are e-mail and newsletter: they were unknown words, the CA
    of the newsletter read as the whole revenue and the number of courriels as no metric at all."""
    p = parse(text)
    assert p.metric == metric and not p.unknown


def test_ttc_is_no_unknown_word():
    assert parse("Objectif 2026 : 12 M€ de CA TTC, soit +8 % vs 2025").unknown == []


@pytest.mark.parametrize("text, value, unit, fr, en", [
    ("Atteindre 3 M CHF de chiffre d'affaires en 2026", 3_000_000, "CHF", "3 M CHF", "CHF 3M"),
    ("Panier moyen de 85 CHF d'ici fin 2026", 85, "CHF", "85 CHF", "CHF 85"),
    ("Faire passer le CA à 3 millions de francs suisses", 3_000_000, "CHF", "3 M CHF", "CHF 3M"),
    ("Grow AOV to CHF 85 by end of 2026", 85, "CHF", "85 CHF", "CHF 85"),
])
def test_swiss_francs_are_money(text, value, unit, fr, en):
    """"3 M CHF" is three million Swiss francs: it was read as a count of 3 M with "CHF" an unknown word, the rewrite
    saying "de X à 3 M" and the draft spec in euros."""
    from kpiguard.language import check
    from kpiguard.language.quantities import format_quantity

    p = parse(text)
    assert (p.to.value, p.to.unit, p.currency, p.unknown) == (value, unit, "CHF", [])
    assert (format_quantity(p.to, "fr"), format_quantity(p.to, "en")) == (fr, en)
    rewrite = check(text).rewrite.sentence
    assert (fr if p.lang == "fr" else en) in rewrite


@pytest.mark.parametrize("text, metric, value, unit", [
    ("Atteindre 75 $ CA de panier moyen", "aov", 75, "CAD"),  # was revenue, 75 USD
    ("Panier moyen : 75 $ CA d'ici fin 2026", "aov", 75, "CAD"),
    ("Atteindre 10 M$ CA de chiffre d'affaires en 2027", "revenue", 10_000_000, "CAD"),
    ("Atteindre 2 M$ US de CA en 2027", "revenue", 2_000_000, "USD"),
    ("Grow AOV to C$75 by Q3", "aov", 75, "CAD"),  # was 75 in the spec's currency
    ("Grow revenue to US$2M in 2027", "revenue", 2_000_000, "USD"),
])
def test_a_dollar_with_its_country_code_is_that_currency(text, metric, value, unit):
    """"75 $ CA", as Québec writes Canadian dollars: the "CA" after the sign was read as the chiffre d'affaires (the
    KPI on revenue, 75 US dollars); a code right after or before the dollar sign is the currency's."""
    p = parse(text)
    assert (p.metric, p.to.value, p.to.unit, p.currency, p.unknown) == (metric, value, unit, unit, [])


@pytest.mark.parametrize("text, value", [
    ("Atteindre septante mille sessions par mois d'ici fin 2026", 70_000),
    ("Nonante mille commandes en 2026", 90_000),
    ("Gagner soixante mille nouveaux clients", 60_000),
])
def test_belgian_and_swiss_tens_are_numbers(text, value):
    """"septante", "nonante" (Belgium, Switzerland) before "mille": the TO was missing, both words unknown."""
    p = parse(text)
    assert p.to.value == value and p.unknown == []


@pytest.mark.parametrize("text, from_, to, baseline", [
    ("Sessions : 2 M par mois au T4 2026 (1,6 M au T4 2025)", 1_600_000, 2_000_000, "2025-Q4"),
    ("CA e-mail : 800 k€ au S2 2026 (600 k€ au S2 2025)", 600_000, 800_000, "2025-H2"),
])
def test_values_each_dated_by_a_quarter_of_its_year_are_a_from_and_a_to(text, from_, to, baseline):
    """A quarter or a half with its year dates the number before it as a year does: the earlier value is the FROM (it
    was dropped, the target read as "reach 2 M" with no FROM)."""
    p = parse(text)
    assert (p.from_.value, p.to.value, p.direction, p.baseline) == (from_, to, "increase", baseline)


@pytest.mark.parametrize("text", [
    "Le panier moyen doit rester au-dessus de 70 € toute l'année",
    "Taux de conversion ≥ 2 % tout au long de l'année",
])
def test_toute_l_annee_is_the_year(text):
    """"toute l'année" measures the target over the year, as "sur l'année" does (it had no horizon)."""
    assert parse(text).horizon.label == "year"


def test_check_json_writes_the_findings_rewrites_in_the_answer_s_language(monkeypatch):
    """The YAML of a French sentence's findings said "# one rewrite for KG201, KG304 on this KPI: paste it once" and
    its FROM note twice, in English then in French: the KPI's composed rewrite was written when the JSON asked for
    it, in the terminal's language."""
    import json

    from typer.testing import CliRunner

    import kpiguard.cli.check  # noqa: F401
    from kpiguard.cli import app

    monkeypatch.setenv("KPIGUARD_LANG", "en")
    result = CliRunner().invoke(app, ["check", "Atteindre 12 M€ de CA en 2026", "-f", "json", "--today", "2026-01-15"])
    yamls = [f["rewrite"]["yaml"] for f in json.loads(result.stdout)["statements"][0]["findings"] if f["rewrite"]]
    assert yamls and all("collez-la une fois" in y and "paste it once" not in y for y in yamls)
    assert all(y.count("# from") == 1 for y in yamls)


def test_check_text_in_french_is_typeset_and_its_yaml_is_not():
    """`kpiguard check` in French printed "réécriture robuste :", "(68 à 72 €) : son bas" with breakable spaces
    (the review and the report were typeset, not check); the YAML to paste stays as written."""
    from typer.testing import CliRunner

    import kpiguard.cli.check  # noqa: F401
    from kpiguard.cli import app

    out = CliRunner().invoke(app, ["check", "Panier moyen entre 68 et 72 € au S2", "Réduire le CAC de 10 %",
                                   "--today", "2026-01-15"]).stdout
    assert "réécriture robuste\u00a0:" in out and "72\u00a0€)\u00a0: son bas" in out
    assert "FROM -> TO  ? -> 68\u00a0€ (plancher)" in out  # a `?` to fill is no question mark
    assert "dessus\u202f; un brouillon" in out and "phrases vérifiées\u00a0:" in out
    assert 'statement: "Faire passer le panier moyen de X à 68 € minimum' in out  # the YAML as written


def test_the_factor_of_a_relative_target_has_a_decimal_comma_in_french():
    """"# to : from x 1.125 (+12,5 %)": a decimal point beside a French percent, before."""
    from kpiguard.language import check

    assert "# to : from × 1,125 (+12,5 %)" in check("Augmenter le CA de 12,5 % d'ici fin 2026").rewrite.yaml
    assert "# to: from x 1.125 (+12.5%)" in check("Grow revenue 12.5% by end of 2026").rewrite.yaml


@pytest.mark.parametrize("text, cadence", [
    ("Objectif annuel : 1 million de sessions par mois", "month"),
    ("Objectifs annuels : +10 % de CA", None),
])
def test_objectif_annuel_is_the_year_s_goal_not_a_yearly_cadence(text, cadence):
    """"Objectif annuel" read as a yearly cadence (over the sentence's own "par mois"), with no horizon."""
    p = parse(text)
    assert (p.horizon.label, p.cadence) == ("year", cadence)


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_a_sentence_that_tells_no_language_is_answered_in_the_reader_s(monkeypatch, lang):
    """"???" or "NPS 45" (no word, no typography of either language) was answered in English even for a French
    reader ($KPIGUARD_LANG=fr, a French locale): the reader's language decides, as for the help and the errors."""
    from kpiguard.language import check

    monkeypatch.setenv("KPIGUARD_LANG", lang)
    assert check("???").lang == lang and check("NPS 45").lang == lang
    assert check("Augmenter le CA de 10 %").lang == "fr" and check("Grow revenue by 10%").lang == "en"


def test_french_notes_quote_the_sentence_s_words_in_guillemets():
    """"nombre '5 %' non compris" quoted the user's words the Python way; French quotes them « ainsi »."""
    p = parse("Atteindre 12 M€ de CA et 3 M€ de marge et 5 %")
    assert "nombre « 5 % » non compris (une seule cible par phrase)" in p.note_texts("fr")
    scoped = parse("Augmenter le taux de conversion sur l'app de 10 %").note_texts("fr")
    assert any("(en attendant, la cible porte sur « Taux de conversion » en entier)" in note for note in scoped)


@pytest.mark.parametrize("text, baseline", [
    ("CA +6 % vs l'an passé", "last-year"),
    ("Marge +5 % vs l'année passée", "last-year"),
    ("CA 2,1 M€ l'année passée, viser 2,5 M€ en 2026", "last-year"),
])
def test_l_an_passe_is_last_year(text, baseline):
    """"l'an passé" was an unknown word and no baseline, where "l'an dernier" is last year."""
    p = parse(text)
    assert p.baseline == baseline and p.unknown == []


def test_fin_d_exercice_is_the_year_s_end():
    p = parse("Taux d'ouverture de 30 % à fin d'exercice")
    assert p.horizon.label == "year" and p.unknown == []


def test_init_says_when_a_sentence_s_amounts_are_in_another_currency_than_the_spec():
    """A spec is in the first sentence's currency: "3 M CHF" beside "12 M€" was written as 3 000 000 € silently."""
    from typer.testing import CliRunner

    import kpiguard.cli.check  # noqa: F401
    from kpiguard.cli import app

    out = CliRunner().invoke(app, ["init", "--from-sentence", "Atteindre 12 M€ de CA en 2026", "--from-sentence",
                                   "Atteindre 3 M CHF de chiffre d'affaires en 2026", "--out", "-", "--lang", "fr",
                                   "--today", "2026-01-15"]).stdout
    assert "currency: EUR" in out
    kpi = out[out.index("id: revenue-2"):]
    assert "# la phrase donne des montants en CHF et la spec est en EUR : convertissez-les" in kpi
    assert "montants en" not in out[:out.index("id: revenue-2")]


@pytest.mark.parametrize("text, change, direction, baseline", [
    ("CA TTC vs N-1 : +4,5 %", (4.5, "%"), "increase", "last-year"),
    ("Taux de conversion vs 2025 : -0,2 pt", (-0.2, "pt"), "reduce", "2025"),
    ("Revenue vs LY: +8%", (8, "%"), "increase", "last-year"),
])
def test_a_signed_number_after_a_compared_period_is_a_change(text, change, direction, baseline):
    """"CA TTC vs N-1 : +4,5 %" read +4,5 % as revenue's value last year (a FROM in percent, so no metric at all)."""
    p = parse(text)
    assert (p.from_, (p.change.value, p.change.unit), p.direction, p.baseline) == (None, change, direction, baseline)
    assert p.metric is not None


@pytest.mark.parametrize("text, baseline, horizon", [
    ("Taux de clic e-mail : +0,5 pt vs S1", "H1", None),  # "vs S1" was the horizon, the end of the first half
    ("CA +5 % vs le T3", "Q3", None),
    ("Conversion à 2,6 % au S2 vs S1", "H1", "H2"),
    ("Click rate +0.5pt vs Q1", "Q1", None),
    ("Augmenter les ventes de 6 % au T3 vs T3 N-1", "last-year", "Q3"),  # dated by its N-1, as before
])
def test_a_period_without_its_year_after_vs_is_the_baseline(text, baseline, horizon):
    p = parse(text)
    assert (p.baseline, p.horizon.label if p.horizon else None) == (baseline, horizon)


@pytest.mark.parametrize("text, label", [
    ("Hausser le panier moyen à 85 € d'ici la fin de l'exercice 2027", "2027"),  # was this year's end
    ("Reach €10M by the end of fiscal year 2027", "2027"),
    ("Atteindre 10 M€ d'ici la fin de l'exercice", "year"),
    # Québec's "année financière", and a fiscal year over two calendar years: the year it ends in
    ("Hausser les ventes en ligne de 12 % d'ici la fin de l'année financière 2026-2027", "2027"),  # "year", "financière" unknown
    ("Augmenter le CA de 10 % sur l'exercice 2026-2027", "2027"),
    ("Augmenter le CA de 10 % sur l'année financière", "year"),
])
def test_the_end_of_a_named_financial_year_is_that_year(text, label):
    p = parse(text)
    assert (p.horizon.label, p.unknown) == (label, [])


@pytest.mark.parametrize("text, value", [
    ("Augmenter le CA de 2 mio. CHF d'ici fin 2027", 2_000_000),  # "mio." kept the CHF from the number: 2 M in units
    ("CA : CHF 1,5 Mio. en 2027", 1_500_000),
    ("Atteindre 1 Mrd. CHF de CA", 1_000_000_000),
])
def test_swiss_abbreviations_of_millions_with_their_dot(text, value):
    p = parse(text)
    amount = p.to or p.change
    assert (amount.value, amount.unit, p.unknown) == (value, "CHF", [])


@pytest.mark.parametrize("text, from_, to", [
    # the word of the present after the first number was read as the second's: FROM 2,5 %, TO 2,1 %, a fall
    ("Taux de conversion : 2,1 % réalisé en 2025, 2,5 % visé en 2026", 2.1, 2.5),
    ("CA : 8 M€ à date, 10 M€ visés fin 2026", 8_000_000, 10_000_000),  # was a TO of 8 M€, no FROM
    ("Revenue €8M so far, reach €10M by end of 2026", 8_000_000, 10_000_000),
    ("Atteindre 3 % de conversion (actuellement 2 %)", 2, 3),  # before its number, as before
])
def test_a_word_of_the_present_after_a_number_makes_it_the_from(text, from_, to):
    p = parse(text)
    assert (p.from_.value, p.to.value, p.direction, p.unknown) == (from_, to, "increase", [])


def test_real_and_cumulative_values_are_no_unknown_words():
    assert parse("Taux de conversion : 2,5 % (cible) vs 2,1 % (réel 2025)").unknown == []  # "réel" was unknown
    assert parse("CA cumulé à fin septembre : 7 M€").unknown == []  # "cumulé" was unknown


@pytest.mark.parametrize("text, rail", [
    ("Augmenter le nombre d'ouvertures de 15 % sans envoyer plus", {"max_increase": 0.0}),  # the guard was dropped
    ("Augmenter les ouvertures de 15 % sans envoyer plus de 3 e-mails par semaine", {"max": 3.0}),  # dropped too
    ("Augmenter les ouvertures de 15 % sans dépasser 3 e-mails par semaine", {"max": 3.0}),  # was e-mail revenue <= 3
    ("Grow email opens by 15% without sending more than 3 emails a week", {"max": 3.0}),  # was e-mail revenue <= 3
    ("Augmenter les ouvertures de 15 % sans envoyer plus de 20 % d'e-mails", {"max_increase": 0.2}),
])
def test_a_guard_on_sending_guards_the_e_mails_sent(text, rail):
    p = parse(text)
    assert (p.metric, [(g.metric, g.thresholds()) for g in p.guardrails]) == ("email_opens", [("emails_sent", rail)])


@pytest.mark.parametrize("text", [
    "Augmenter les ouvertures de 15 % sans dépasser 3 e-mails par semaine",
    "Grow email opens by 15% without sending more than 3 emails a week",
])
def test_a_cadence_in_a_guardrail_is_not_the_target_s_and_is_said(text):
    """"par semaine" in the guardrail made the target weekly ("Augmenter le nombre d'ouvertures de 15 % par semaine",
    baseline a week), while the guardrail's 3 e-mails held, silently, over the whole year."""
    from kpiguard.language import check

    result = check(text)
    assert result.parse.cadence is None and not any(w in result.rewrite.sentence for w in ("semaine", "week"))
    assert [code for code, _ in result.parse.notes] == ["guard_cadence"]
    assert parse("Augmenter les commandes de 10 % par mois sans baisse du panier moyen").cadence == "month"


@pytest.mark.parametrize("text, to, change, horizon", [
    ("CA HT 2026 visé : 1,1 Md€", (1_100_000_000, "EUR"), None, "2026"),  # the year after "HT" was ignored
    ("CA email 2026 : 2 M€", (2_000_000, "EUR"), None, "2026"),
    ("CA 2027 : +8 %", None, (8, "%"), "2027"),  # a TO of 8 % of revenue: no metric, a custom one asked
    ("CA TTC 2027 : +8 %", None, (8, "%"), "2027"),
    ("Revenue 2027: +8%", None, (8, "%"), "2027"),
    ("CA 2026 : 7,1 M€", (7_100_000, "EUR"), None, "2026"),  # a value dated by its year, as before
])
def test_a_year_after_the_metric_dates_the_target_and_a_signed_number_is_a_change(text, to, change, horizon):
    p = parse(text)
    q = lambda x: None if x is None else (x.value, x.unit)
    assert (p.metric is not None, q(p.to), q(p.change), p.horizon.label, p.notes) == (True, to, change, horizon, [])


@pytest.mark.parametrize("text, label", [
    ("Atteindre 3 % de conversion d'ici mi-mars", "--03-15"),  # no horizon, "mi" an unknown word
    ("Reach 3% conversion by mid-March 2027", "2027-03-15"),
    ("Atteindre 3 % de conversion à mi-2027", "2027-06"),  # the middle of a year, as before
    ("Atteindre 3 % de conversion pour la fin de l'été", "--08-31"),  # was the start of the summer, 30 June
    ("Reach 3% conversion by the end of the summer", "--08-31"),
    ("Atteindre 3 % de conversion avant l'été", "--06-30"),
    ("Atteindre 3 % de conversion au plus tard fin septembre 2026", "2026-09"),  # "tard" was an unknown word
])
def test_the_middle_of_a_month_and_the_end_of_the_summer(text, label):
    p = parse(text)
    assert (p.horizon.label, p.unknown) == (label, [])


@pytest.mark.parametrize("text, horizon, baseline", [
    ("Nouveaux clients : 12 k/mois en moyenne au S1 (vs 10 k au S2 2025)", "H1", "2025-H2"),  # the baseline was lost
    ("CA 5 M€ au T4 vs 4,6 M€ au T4 2025", "Q4", "2025-Q4"),
    ("Revenue £5M in Q4 vs £4.6M in Q4 2025", "Q4", "2025-Q4"),
    ("CA 5 M€ en 2027 vs 4,6 M€ en 2025", "2027", "2025"),  # both dated, as before
])
def test_the_period_of_the_value_compared_with_is_the_baseline(text, horizon, baseline):
    p = parse(text)
    assert (p.horizon.label, p.baseline, p.from_ is not None, p.to is not None) == (horizon, baseline, True, True)


@pytest.mark.parametrize("text, bound, baseline", [
    ("Viser un panier moyen supérieur ou égal à 70 €", "min", None),  # no bound, "supérieur", "égal" unknown
    ("Taux de désabonnement inférieur ou égal à 0,3 %", "max", None),
    ("Taux de clic en progression de 10 % d'un trimestre sur l'autre", None, "last-quarter"),  # "autre" unknown
    ("CA +8 % d'une année sur l'autre", None, "year-over-year"),
    ("Commandes +3 % d'un mois à l'autre", None, "last-month"),
    ("Améliorer la conversion de 2,1 % à 2,4 % à budget constant", None, None),  # "constant" unknown
])
def test_french_comparisons_and_periods_said_in_words(text, bound, baseline):
    p = parse(text)
    assert (p.bound, p.baseline, p.unknown) == (bound, baseline, [])
