"""The demo's story in a few lines: the KPI is met, the company is not better off, why, with the review's numbers.

A pure renderer: (review JSON, lint findings, truth) -> text. Every number comes from the review's own reasons,
so that the story says nothing the review (and a hand-written SQL query) would not.
"""

from __future__ import annotations

from typing import Any

from kpiguard._i18n import Message, get_lang
from kpiguard._numbers import format_change, format_number, format_percent, format_points, format_share
from kpiguard._typography import shell_word

VERDICT_WORDS = {
    "healthy_success": Message(en="healthy success", fr="succès sain"),
    "hollow_success": Message(en="HOLLOW success", fr="succès CREUX"),
    "toxic_success": Message(en="TOXIC success", fr="succès TOXIQUE"),
    "on_track": Message(en="on track", fr="en bonne voie"),
    "off_track": Message(en="off track", fr="en retard"),
    "missed": Message(en="missed", fr="manqué"),
    "not_evaluable": Message(en="not evaluable", fr="non évaluable"),
}
ANSWERS = {"yes": Message(en="yes", fr="oui"), "no": Message(en="NO", fr="NON"),
           "unclear": Message(en="unclear", fr="incertain")}

TITLE = Message(
    en="kpiguard demo: the article's story replayed on a simulated shop ({scenario}, {customers} customers, "
       "2025-2026, seed {seed}).",
    fr="Démo kpiguard : l'histoire de l'article rejouée sur une boutique simulée ({scenario}, {customers} clients, "
       "2025-2026, graine {seed}).",
)
KPI_LINE = Message(en="{n}. The KPI \u00ab {statement} \u00bb ({id}): {verdict}.",
                   fr="{n}. Le KPI \u00ab {statement} \u00bb ({id}) : {verdict}.")
COMPANY_LINE = Message(en="{n}. Is the company better off? {answer}.",
                       fr="{n}. L'entreprise est-elle en meilleure situation ? {answer}.")
LINT_LINE = Message(en="{n}. Before any data, the linter had flagged {id}:",
                    fr="{n}. Avant toute donnée, le linter avait signalé {id} :")
TRUTH_OK = Message(en="Ground truth of the simulation: {matched}/{total} verdicts as built{company}.",
                   fr="Vérité de la simulation : {matched}/{total} verdicts conformes à la construction{company}.")
TRUTH_COMPANY = Message(en=", company answer as built", fr=", réponse de l'entreprise conforme")
TRUTH_DIFF = Message(en="Differs from the simulation's truth: {id} is {got}, built as {expected}.",
                     fr="Diffère de la vérité de la simulation : {id} vaut {got}, construit comme {expected}.")
REPORT = Message(en="HTML report: {path}", fr="Rapport HTML : {path}")
DATA = Message(en="Data and spec: {dir} (re-run by hand: kpiguard review {spec} --as-of {as_of})",
               fr="Données et spec : {dir} (à refaire à la main : kpiguard review {spec} --as-of {as_of})")
SIMULATED = Message(
    en="Simulated scenario {scenario} (seed {seed}) in {out}: {orders} orders, {customers} customers, "
       "{events} e-mail events, {sessions} sessions.\nSpec: {spec}\nTruth: {truth}\n"
       "Next: kpiguard review {spec_word} --as-of {as_of}",
    fr="Scénario {scenario} simulé (graine {seed}) dans {out} : {orders} commandes, {customers} clients, "
       "{events} événements e-mail, {sessions} sessions.\nSpec : {spec}\nVérité : {truth}\n"
       "Ensuite : kpiguard review {spec_word} --as-of {as_of}",
)

WHY = Message(
    en="Why: {label} moved {points}, {share} of it from the denominator: {num_label} {num_change}, "
       "{den_label} {den_change}. Had {den_label} held, it would be {counterfactual}.",
    fr="Pourquoi : {label} a bougé de {points}, dont {share} venant du dénominateur : {num_label} {num_change}, "
       "{den_label} {den_change}. À {den_label} constant, elle serait de {counterfactual}.",
)

MAX_GUARDRAILS = 3
MAX_COMPANY = 3
MAX_FINDINGS = 2


def _bullet(text: str) -> str:
    return f"   - {text}"


def why_line(kpi: dict[str, Any], lang: str) -> str | None:
    """The ratio split of a share KPI in one sentence, from the review's decomposition (None otherwise)."""
    d = kpi.get("decomposition") or {}
    if d.get("type") != "ratio" or kpi.get("unit") != "%":
        return None
    num, den = d.get("numerator") or {}, d.get("denominator") or {}
    try:
        num_change = num["current"] / num["baseline"] - 1
        den_change = den["current"] / den["baseline"] - 1
        total, counterfactual = float(d["total"]), float(d["counterfactual"])
        share = float(d["effects"]["denominator"]) / total if total else None
    except (KeyError, TypeError, ZeroDivisionError):
        return None
    if share is None:
        return None
    # through the review's formatter, so that the story writes its numbers as the review does (−17,9 %, +5,5 pts)
    return WHY.render(lang, label=kpi.get("metric_label") or kpi["metric"], points=format_points(total, lang),
                      share=format_share(share, lang),
                      num_label=num.get("label") or num.get("metric", "?"), num_change=format_change(num_change, lang),
                      den_label=den.get("label") or den.get("metric", "?"), den_change=format_change(den_change, lang),
                      counterfactual=format_percent(counterfactual, lang, 1))


def render_story(review: dict[str, Any], findings: list[dict[str, Any]], truth: dict[str, Any], *,
                 spec_path: str, data_dir: str, report_path: str | None, lang: str | None = None) -> str:
    """The story, KPI by KPI in the spec's order (the article's KPI first, then the company, then its rewrite)."""
    lang = lang or get_lang()
    customers = f"{truth.get('customers', 0):,}".replace(",", "\u202f" if lang == "fr" else ",")
    lines = [TITLE.render(lang, scenario=truth.get("scenario"), customers=customers, seed=truth.get("seed")), ""]
    n = 0
    kpis = review.get("kpis", [])
    for index, kpi in enumerate(kpis):
        n += 1
        verdict = VERDICT_WORDS.get(kpi["verdict"])
        lines.append(KPI_LINE.render(lang, n=n, statement=kpi.get("statement") or kpi["metric"], id=kpi["id"],
                                     verdict=verdict.render(lang) if verdict else kpi["verdict"]))
        reasons = kpi.get("reasons", [])
        if reasons:
            lines.append(_bullet(reasons[0]))
        why = why_line(kpi, lang)
        if why:
            lines.append(_bullet(why))
        broken = [g for g in kpi.get("guardrails", []) if g.get("status") == "breached" and g.get("reason")]
        lines.extend(_bullet(g["reason"]) for g in broken[:MAX_GUARDRAILS])
        if index == 0:
            # Right after the KPI as written: the question it must survive.
            n += 1
            company = review.get("company", {})
            answer = ANSWERS.get(company.get("better_off"))
            lines.append(COMPANY_LINE.render(lang, n=n, answer=answer.render(lang) if answer else "?"))
            lines.extend(_bullet(reason) for reason in company.get("reasons", [])[:MAX_COMPANY])
    first = kpis[0]["id"] if kpis else None
    flagged = [f for f in findings if f.get("kpi_id") == first][:MAX_FINDINGS]
    if flagged:
        n += 1
        lines.append(LINT_LINE.render(lang, n=n, id=first))
        lines.extend(_bullet(f"{f['code']} {f['message']}") for f in flagged)
    lines.append("")
    lines.extend(_truth_lines(review, truth, lang))
    if report_path:
        lines.append(REPORT.render(lang, path=report_path))
    lines.append(DATA.render(lang, dir=data_dir, spec=shell_word(spec_path), as_of=truth.get("as_of")))
    return "\n".join(lines) + "\n"


def simulated(result: Any, lang: str) -> str:
    """What `kpiguard simulate` wrote (a `SimulationResult`): the rows of its main tables, where the spec and the
    truth are, and the command that reviews the shop, ready to paste."""
    truth, rows = result.truth, result.rows
    count = lambda table: format_number(rows.get(table, 0), lang)
    return SIMULATED.render(lang, scenario=truth.get("scenario"), seed=truth.get("seed"), out=result.out_dir,
                            orders=count("orders"), customers=count("customers"), events=count("email_events"),
                            sessions=count("sessions"), spec=result.spec_path, truth=result.truth_path,
                            spec_word=shell_word(result.spec_path), as_of=truth.get("as_of"))


def _truth_lines(review: dict[str, Any], truth: dict[str, Any], lang: str) -> list[str]:
    expected: dict[str, str] = truth.get("kpis", {})
    got = {k["id"]: k["verdict"] for k in review.get("kpis", [])}
    differing = [kpi for kpi, verdict in expected.items() if got.get(kpi) != verdict]
    company_ok = review.get("company", {}).get("better_off") == truth.get("better_off")
    lines = [TRUTH_OK.render(lang, matched=len(expected) - len(differing), total=len(expected),
                             company=TRUTH_COMPANY.render(lang) if company_ok else "")]
    lines += [TRUTH_DIFF.render(lang, id=kpi, got=got.get(kpi), expected=expected[kpi]) for kpi in differing]
    if not company_ok:
        lines.append(TRUTH_DIFF.render(lang, id="better_off", got=review.get("company", {}).get("better_off"),
                                       expected=truth.get("better_off")))
    return lines
