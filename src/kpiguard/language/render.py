"""Pure formatters for `kpiguard check` and `kpiguard init`: checked sentences -> text, JSON or a spec file."""

from __future__ import annotations

import json
from typing import Any

from kpiguard import __version__
from kpiguard._i18n import Message, pick
from kpiguard._typography import NNBSP, shell_word, typeset
from kpiguard.language.horizons import resolve_baseline
from kpiguard.language.quantities import Quantity, format_quantity
from kpiguard.lint.advice import deadline_words, default_deadline
from kpiguard.lint.finding import severity_width, severity_word

M = Message
LABELS = {
    "metric": M(en="metric", fr="métrique"),
    "scope": M(en="scope", fr="périmètre"),
    "direction": M(en="direction", fr="sens"),
    "target": M(en="FROM -> TO", fr="FROM -> TO"),
    "change": M(en="change", fr="variation"),
    "horizon": M(en="horizon", fr="horizon"),
    "baseline": M(en="baseline", fr="référence"),
    "cadence": M(en="cadence", fr="cadence"),
    "window": M(en="window", fr="fenêtre"),
    "guardrails": M(en="guardrails", fr="garde-fous"),
    "unknown": M(en="unknown words", fr="mots inconnus"),
    "notes": M(en="notes", fr="remarques"),
}
# A baseline said relatively ("vs N-1", "MoM") in words of the output's language; the JSON keeps the label
RELATIVE_BASELINES = {
    "last-year": M(en="the year before", fr="l'année précédente"),
    "year-over-year": M(en="year over year", fr="sur un an"),
    "last-month": M(en="the month before", fr="le mois précédent"),
    "last-quarter": M(en="the quarter before", fr="le trimestre précédent"),
    "last-half": M(en="the half-year before", fr="le semestre précédent"),
    "season-before": M(en="the same season a year before", fr="la même période un an avant"),
}
KIND_WORDS = {
    "share": M(en="share", fr="part"), "rate": M(en="rate", fr="taux"), "average": M(en="average", fr="moyenne"),
    "volume": M(en="volume", fr="volume"), "amount": M(en="amount", fr="montant"),
}
DIRECTION_WORDS = {
    "increase": M(en="increase", fr="augmenter"), "reduce": M(en="reduce", fr="réduire"),
    "reach": M(en="reach", fr="atteindre"), "keep": M(en="keep", fr="maintenir"),
}
BOUND_WORDS = {"min": M(en="floor", fr="plancher"), "max": M(en="ceiling", fr="plafond")}
NONE = M(en="-", fr="-")
FINDINGS = M(en="findings on the KPI as written ({count})", fr="constats sur le KPI tel qu'écrit ({count})")
NO_FINDINGS = M(en="no finding on the KPI as written", fr="aucun constat sur le KPI tel qu'écrit")
REWRITE = M(en="robust rewrite:", fr="réécriture robuste :")
YAML_TITLE = M(en="to paste under `kpis:` in your spec", fr="à coller sous `kpis:` dans votre spec")
NO_METRIC = M(en="no metric recognised: which one do you mean? Name it in the sentence, or pick one of:",
              fr="aucune métrique reconnue : laquelle visez-vous ? Nommez-la dans la phrase, ou choisissez parmi :")
NO_CANDIDATE = M(en="no close metric in the catalog: define a custom metric in the spec (`metrics:`)",
                 fr="aucune métrique proche dans le catalogue : définissez une métrique personnalisée (`metrics:`)")
METRIC_MISSING = M(en="no metric named: say which one the sentence is about (revenue, conversion rate, AOV...)",
                   fr="aucune métrique nommée : dites laquelle la phrase vise (CA, taux de conversion, panier moyen...)")
RESOLVED = M(en="resolved from the FROM", fr="calculé depuis le FROM")
RESOLVED_FROM = M(en="FROM resolved from the TO and the change", fr="FROM calculé depuis le TO et la variation")
CUSTOM_NEEDED = M(
    en="kpiguard cannot compute {said!r}: the catalog has no such metric, and a neighbouring one would measure something "
       "else. Declare it as a custom metric in your spec (`metrics:`, see docs/spec.md), then set the KPI on it; a "
       "draft to complete (the `~` values):",
    fr="kpiguard ne sait pas calculer « {said} » : le catalogue n'a pas cette métrique, et une voisine mesurerait autre "
       "chose. Déclarez-la comme métrique personnalisée dans votre spec (`metrics:`, voir docs/spec.md), puis posez le "
       "KPI dessus ; un brouillon à compléter (les valeurs `~`) :")
CUSTOM_SAID = M(en="{said!r}: not in the catalog, to define", fr="« {said} » : hors catalogue, à définir")
CUSTOM_SHARE_SAID = M(en="{said!r}: not in the catalog, its share of the whole", fr="« {said} » : hors catalogue, sa part du total")
CUSTOM_READY_NEEDED = M(
    en="the catalog does not compute this share ({said!r}): declare it as a custom metric in your spec (`metrics:`), as drafted below from "
       "the catalog's own definitions (check that it counts what you mean), then set the KPI on it:",
    fr="le catalogue ne calcule pas cette part (« {said} ») : déclarez-la comme métrique personnalisée dans votre spec (`metrics:`), "
       "comme l'ébauche ci-dessous écrite d'après les définitions du catalogue (vérifiez qu'elle compte ce que vous "
       "voulez dire), puis posez le KPI dessus :")
CUSTOM_SIMPLE = (M(en="a canonical or declared table: orders, sessions...", fr="une table canonique ou déclarée : orders, sessions..."),
                 M(en="an aggregate: sum(column), count(*), count(distinct customer_id)",
                   fr="un agrégat : sum(colonne), count(*), count(distinct customer_id)"))
CUSTOM_RATIO = (M(en="the metric counted (define it above, as a simple metric)",
                  fr="la métrique comptée (définissez-la au-dessus, en métrique simple)"),
                M(en="the metric it is a rate of", fr="la métrique dont c'est le taux"))
CUSTOM_PART = M(en="{metric} in {scope} only, the share's numerator", fr="{metric} sur {scope} seulement, le numérateur de la part")
CUSTOM_FILTER = M(en="the condition that keeps {scope} only, on your columns (orders: utm_medium, utm_source; sessions: "
                     "source)",
                  fr="la condition qui ne garde que {scope}, sur vos colonnes (orders : utm_medium, utm_source ; "
                     "sessions : source)")
CUSTOM_CHANGE = M(en="to: from {change}, once from is measured on the baseline period",
                  fr="to : from {change}, une fois from mesuré sur la période de référence")
CUSTOM_METRICS = M(
    en="# Measures your sentences name that the catalog does not compute: uncomment, complete the `~` values, and\n"
       "# uncomment their KPIs under `kpis:`.",
    fr="# Mesures nommées par vos phrases que le catalogue ne calcule pas : décommentez, complétez les valeurs `~`,\n"
       "# puis décommentez leurs KPI sous `kpis:`.")
CUSTOM_KPI = M(en="# {statement} -- a measure the catalog does not compute: its custom metric is drafted above `kpis:`",
               fr="# {statement} -- une mesure que le catalogue ne calcule pas : sa métrique personnalisée est "
                  "ébauchée au-dessus de `kpis:`")
CUSTOM_READY = M(
    en="# Measures your sentences name that the catalog does not compute, written from the catalog's own definitions:\n"
       "# check that they count what you mean.",
    fr="# Mesures nommées par vos phrases que le catalogue ne calcule pas, écrites d'après ses propres définitions :\n"
       "# vérifiez qu'elles comptent ce que vous voulez dire.")
CUSTOM_READY_KPI = M(en="# {statement} -- on a custom metric declared above, under `metrics:`",
                     fr="# {statement} -- sur une métrique personnalisée déclarée au-dessus, sous `metrics:`")
NO_KPI_YET = M(en="  # uncomment the drafts below and remove `[]`", fr="  # décommentez les ébauches ci-dessous et retirez `[]`")
SUMMARY = M(en="{count} statements checked: {usable} understood, {errors} with errors",
            fr="{count} phrases vérifiées : {usable} comprises, {errors} avec des erreurs")


def _label(metric: str, lang: str) -> str:
    from kpiguard.catalog import builtin_metrics

    found = builtin_metrics().get(metric)
    return pick(found.label, lang) if found is not None and found.label else metric


def _quantity(q: Quantity | None, lang: str, *, signed: bool = False) -> str:
    return "?" if q is None else format_quantity(q, lang, signed=signed)


def _thresholds(thresholds: dict[str, float], lang: str, metric: str | None = None,
                currency: str | None = None) -> str:
    """`max_increase 20 %`, `max 0,3 %` (a percent metric), `min 70 €` (an amount): as the sentence wrote them."""
    from kpiguard.catalog import builtin_metrics

    found = builtin_metrics().get(metric or "")
    parts = []
    for key, value in thresholds.items():
        if key in ("max_increase", "max_decrease") or (found is not None and found.unit == "%"):
            parts.append(f"{key} {format_quantity(Quantity(round(value * 100, 6), '%'), lang)}")
        elif found is not None and found.unit == "{currency}":
            parts.append(f"{key} {format_quantity(Quantity(value, currency or 'EUR'), lang)}")
        else:
            parts.append(f"{key} {format_quantity(Quantity(value, None), lang)}")
    return ", ".join(parts)


def render_parse(check: Any) -> list[str]:
    """The fields a sentence gives, one per line."""
    parse, lang = check.parse, check.lang
    rows: list[tuple[str, str]] = []
    if parse.metric is not None:
        kind = KIND_WORDS[parse.kind].render(lang) if parse.kind in KIND_WORDS else "?"
        semicolon = NNBSP + "; " if lang == "fr" else "; "  # French sets a (narrow no-break) space before it
        rows.append(("metric", f"{parse.metric} ({_label(parse.metric, lang)}{semicolon}{kind}, {parse.level or '?'})"))
    else:
        kind = KIND_WORDS[parse.kind].render(lang) if parse.kind in KIND_WORDS else "?"
        rows.append(("metric", f"? ({kind})"))
    rows.append(("scope", ", ".join(parse.scope) or NONE.render(lang)))
    rows.append(("direction", DIRECTION_WORDS[parse.direction].render(lang) if parse.direction else NONE.render(lang)))
    target = f"{_quantity(parse.from_, lang)} -> {_quantity(parse.to, lang)}"
    if parse.to_resolved:
        target += f" ({RESOLVED.render(lang)})"
    if parse.from_resolved:
        target += f" ({RESOLVED_FROM.render(lang)})"
    if parse.bound in BOUND_WORDS:
        target += f" ({BOUND_WORDS[parse.bound].render(lang)})"
    rows.append(("target", target))
    if parse.change is not None:
        rows.append(("change", _quantity(parse.change, lang, signed=True)))
    if parse.horizon is not None:
        rows.append(("horizon", f"{parse.horizon.text} -> {parse.horizon.deadline(check.today).isoformat()}"))
    else:
        rows.append(("horizon", NONE.render(lang)))
    if parse.baseline:
        deadline = parse.horizon.deadline(check.today) if parse.horizon is not None else None
        period = resolve_baseline(parse.baseline, check.today, deadline or default_deadline(check.today),
                                  parse.horizon.label if parse.horizon is not None else None)
        said = RELATIVE_BASELINES[parse.baseline].render(lang) if parse.baseline in RELATIVE_BASELINES \
            else parse.baseline
        rows.append(("baseline", said if period == parse.baseline else f"{said} -> {period}"))
    if parse.cadence:
        rows.append(("cadence", parse.cadence))
    if parse.window:
        rows.append(("window", parse.window))
    for rail in parse.guardrails:
        rows.append(("guardrails", f"{rail.metric or '?'}: {_thresholds(rail.thresholds(), lang, rail.metric, parse.currency)}  ({rail.text})"))
    if parse.unknown:
        rows.append(("unknown", ", ".join(parse.unknown)))
    for note in parse.note_texts(lang):
        rows.append(("notes", note))
    width = max(len(LABELS[key].render(lang)) for key, _ in rows)
    lines, previous = [], None
    for key, value in rows:
        label = LABELS[key].render(lang) if key != previous else ""
        lines.append(f"  {label:<{width}}  {value}")
        previous = key
    return lines


def render_check(check: Any) -> str:
    """One checked sentence as text: the parse, the findings, the robust rewrite (sentence and YAML). In French the
    prose is typeset (a no-break space before `:` and `%`, a narrow one before `;`, `?`, `!`); the YAML to paste is
    printed as written."""
    lines, code = _check_lines(check)
    prose = [typeset(line, check.lang) for line in lines[:code]]
    return "\n".join(prose + lines[code:]) + "\n"


def _check_lines(check: Any) -> tuple[list[str], int]:
    """The lines of `render_check` and where its code (the YAML to paste) starts."""
    lang = check.lang
    lines = [f"\u00ab {check.parse.statement} \u00bb" if lang == "fr" else f"\"{check.parse.statement}\""]
    lines += render_parse(check)
    if check.kpi is None and check.custom is not None:
        lines.append("")
        lines.append((CUSTOM_READY_NEEDED if check.custom.complete else CUSTOM_NEEDED).render(lang, said=check.custom.said))
        lines.append("")
        code = len(lines)
        lines += ["  " + line for line in render_custom(check.custom, check.parse.statement, lang)]
        return lines, code
    if check.kpi is None and any(code == "nothing_read" for code, _ in check.parse.notes):
        return lines, len(lines)  # the note says it could not read anything; no metric to pick or define
    if check.kpi is None:
        candidates = check.parse.candidates
        lines.append("")
        if candidates:
            lines.append(NO_METRIC.render(lang))
        else:  # no word left to be a metric ("Q2 2027 +10% vs LY"): the sentence forgot it; else none is close
            lines.append(NO_CANDIDATE.render(lang) if check.parse.unknown else METRIC_MISSING.render(lang))
        lines += [f"  - {name} ({_label(name, lang)})" for name in candidates]
        return lines, len(lines)
    lines.append("")
    if check.findings:
        lines.append(FINDINGS.render(lang, count=len(check.findings)))
        for finding in check.findings:
            word = severity_word(finding.severity, lang)
            lines.append(f"  {finding.code} {word:<{severity_width(lang)}} {finding.message}")
    else:
        lines.append(NO_FINDINGS.render(lang))
    if check.rewrite is not None:
        lines.append("")
        lines.append(REWRITE.render(lang))
        lines.append(f"  {check.rewrite.sentence}")
        lines.append("")
        lines.append(f"  # {YAML_TITLE.render(lang)}")
        code = len(lines)
        lines += ["  " + line for line in check.rewrite.yaml.rstrip("\n").splitlines()]
        return lines, code
    return lines, len(lines)


def render_custom(draft: Any, statement: str, lang: str) -> list[str]:
    """The custom metric a sentence needs and the KPI on it, as spec YAML lines (`metrics:` then `kpis:`)."""
    return ["metrics:"] + _custom_metric_lines(draft, lang) + ["kpis:"] + \
        ["  " + line for line in _custom_kpi_lines(draft, statement, lang)]


def _custom_metric_lines(draft: Any, lang: str) -> list[str]:
    lines = [] if draft.part is None else _part_lines(draft, lang)
    said = (CUSTOM_SHARE_SAID if draft.complete else CUSTOM_SAID).render(lang, said=draft.said)
    lines.append(f"  {draft.name}:  # {said}")
    if draft.part is not None:  # a scope's share: its part (above) over the catalog metric
        lines += ["    type: ratio", f"    numerator: {draft.part['name']}", f"    denominator: {draft.denominator}",
                  "    ratio_of: share"]
    elif draft.computation == "ratio":
        lines += ["    type: ratio", f"    numerator: ~  # {CUSTOM_RATIO[0].render(lang)}",
                  f"    denominator: ~  # {CUSTOM_RATIO[1].render(lang)}", "    ratio_of: rate"]
    else:
        lines += ["    type: simple", f"    table: ~  # {CUSTOM_SIMPLE[0].render(lang)}",
                  f"    measure: ~  # {CUSTOM_SIMPLE[1].render(lang)}"]
    if draft.unit:
        lines.append(f"    unit: {json.dumps(draft.unit)}")
    if draft.direction:
        lines.append(f"    direction: {draft.direction}")
    return lines


def _part_lines(draft: Any, lang: str) -> list[str]:
    """The scope's part of a share as a simple metric: the catalog metric's table, measure and filter, narrowed to
    the scope; `~` (with what to write) where the data must say it."""
    part = draft.part
    lines = [f"  {part['name']}:  # {CUSTOM_PART.render(lang, metric=draft.denominator, scope=draft.scope)}",
             "    type: simple"]
    for key, hint in (("table", CUSTOM_SIMPLE[0]), ("measure", CUSTOM_SIMPLE[1])):
        lines.append(f"    {key}: {json.dumps(part[key])}" if part[key] else f"    {key}: ~  # {hint.render(lang)}")
    if part["filter"]:
        lines.append(f"    filter: {json.dumps(part['filter'])}")
    else:
        lines.append(f"    filter: ~  # {CUSTOM_FILTER.render(lang, scope=draft.scope)}")
    return lines


def _custom_kpi_lines(draft: Any, statement: str, lang: str, taken: set[str] | None = None) -> list[str]:
    from kpiguard.lint.snippet import write_kpi

    kpi_id, n = draft.name.replace("_", "-"), 2
    while taken is not None and kpi_id in taken:
        kpi_id, n = f"{draft.name.replace('_', '-')}-{n}", n + 1
    if taken is not None:
        taken.add(kpi_id)
    data: dict[str, Any] = {"id": kpi_id, "statement": statement, "metric": draft.name}
    if draft.baseline:
        data["baseline"] = draft.baseline
    data["target"] = dict(draft.target)
    if draft.guardrails:
        data["guardrails"] = [dict(rail) for rail in draft.guardrails]
    notes = []
    if draft.target.get("to") is None:
        from kpiguard.language.rewrite import NOTE_RELATIVE, NOTE_TO, relative_factor

        change = draft.change
        if change is not None and change.unit == "%":
            notes.append(NOTE_RELATIVE.render(lang, factor=relative_factor(change, lang),
                                              change=format_quantity(change, lang, signed=True)))
        elif change is not None:
            notes.append(CUSTOM_CHANGE.render(lang, change=format_quantity(change, lang, signed=True)))
        else:
            notes.append(NOTE_TO.render(lang))
    percent = {draft.name} if draft.percent else set()
    percent |= {r["metric"] for r in draft.guardrails if _is_percent(r["metric"])}
    return write_kpi(data, percent, notes).rstrip("\n").splitlines()


def render_text(checks: list[Any]) -> str:
    body = "\n".join(render_check(c) for c in checks)
    if len(checks) > 1:
        lang = checks[0].lang
        body += "\n" + typeset(SUMMARY.render(lang, count=len(checks), usable=sum(c.usable for c in checks),
                                              errors=sum(bool(c.errors) for c in checks)), lang) + "\n"
    return body


def render_json(checks: list[Any]) -> str:
    data = {"schema_version": "1", "generated_by": f"kpiguard {__version__}",
            "statements": [c.to_dict() for c in checks]}
    return json.dumps(data, indent=2, ensure_ascii=False, default=str) + "\n"


# ---------------------------------------------------------------------------------------------------- init

INIT_HEADER = M(
    en="# A first KPI spec written by `kpiguard init` from your sentences.\n"
       "# Next: `kpiguard lint {out}` shows what each KPI risks and a robust rewrite; fill the data section to run\n"
       "# `kpiguard review {out}` on your own data.",
    fr="# Une première spec de KPI écrite par `kpiguard init` à partir de vos phrases.\n"
       "# Ensuite : `kpiguard lint {out}` montre les risques de chaque KPI et une réécriture robuste ; remplissez la\n"
       "# section data pour lancer `kpiguard review {out}` sur vos données.")
NOT_UNDERSTOOD = M(en="# not understood (no metric recognised): {statement}{candidates}",
                   fr="# non compris (aucune métrique reconnue) : {statement}{candidates}")
NOT_WRITTEN = M(en="# not written, the spec would not load with it ({reason}): {statement}",
                fr="# non écrit, la spec ne se chargerait pas avec ({reason}) : {statement}")
CANDIDATES = M(en=" -- candidates: {names}", fr=" -- candidats : {names}")
RELATIVE_NOTE = M(
    en="target: {change} over the baseline period{horizon}; once data is filled, `kpiguard compute {out} -m {metric} "
       "-p PERIOD` measures the baseline: then write target: {{from: <baseline>, to: <baseline {change}>{by}}}",
    fr="target : {change} sur la période de référence{horizon} ; une fois data remplie, `kpiguard compute {out} -m "
       "{metric} -p PÉRIODE` mesure la référence : écrivez alors target: {{from: <référence>, to: <référence "
       "{change}>{by}}}")
# A sentence's amounts in another currency than the spec's (the first sentence's): the values are written as said,
# never converted; the user converts them or splits the spec ("3 M CHF" beside "12 M€").
_FR_OTHER_CURRENCY = M(en="the sentence gives {said} amounts and the spec is in {currency}: convert them (written as said)",
                       fr="la phrase donne des montants en {said} et la spec est en {currency} : convertissez-les "
                          "(écrits tels quels)")
HORIZON = M(en=", by {by}", fr=", d'ici {by}")  # {by} as a sentence says it: "fin juin 2026", "the end of June 2026"
DATA_HINT = M(en="canonical table -> file or table name (docs: the canonical schema)",
              fr="table canonique -> fichier ou nom de table (doc : le schéma canonique)")


def render_spec(parses: list[Any], kpis: list[Any], *, out: str, lang: str, currency: str = "EUR",
                name: str | None = None, customs: list[Any] | None = None,
                rejected: dict[int, str] | None = None) -> str:
    """A spec file from drafted KPIs (None where a sentence was not understood), loadable by `kpiguard validate`.

    `customs` (one per sentence, None for most) are the custom metrics the sentences naming a measure the catalog
    lacks would need: written at the end, commented out (they cannot be computed before the user completes them)."""
    from kpiguard.lint.snippet import kpi_data, write_kpi

    lines = [INIT_HEADER.render(lang, out=shell_word(out)), "", "version: 1"]
    if name:
        lines.append(f"name: {json.dumps(name, ensure_ascii=False)}")
    lines += [f"currency: {currency}", "timezone: Europe/Paris" if lang == "fr" else "timezone: UTC", "",
              "data:", "  engine: duckdb", f"  tables: {{}}   # {DATA_HINT.render(lang)}", ""]
    customs = list(customs or [])
    customs += [None] * (len(parses) - len(customs))
    drafts = list({c.name: c for c in reversed(customs) if c is not None}.values())[::-1]  # one per metric
    ready = [d for d in drafts if d.complete]  # nothing to fill in: declared as is, for `kpiguard validate`
    drafts = [d for d in drafts if not d.complete]
    ids: set[str] = {k.id for k in kpis if k is not None}
    if ready:
        lines.append(CUSTOM_READY.render(lang))
        lines += ["metrics:"] + [m for d in ready for m in _custom_metric_lines(d, lang)]
        lines.append("")
    if drafts:  # commented out: a metric with `~` would not load; uncommented and completed, it does
        lines.append(CUSTOM_METRICS.render(lang))
        lines += [f"# {line}" for line in ([] if ready else ["metrics:"]) +
                  [m for d in drafts for m in _custom_metric_lines(d, lang)]]
        lines.append("")
    body: list[str] = []
    for index, (parse, kpi, custom) in enumerate(zip(parses, kpis, customs)):
        if rejected and index in rejected:
            said = f"{parse.part} ({parse.statement})" if parse.part else parse.statement
            body.append(NOT_WRITTEN.render(lang, statement=said, reason=rejected[index]))
            continue
        # a second target of a sentence is named by its own words ("la marge de 3 points (Faire progresser ...)")
        said = f"{parse.part} ({parse.statement})" if parse.part else parse.statement
        if custom is not None and custom.complete:
            body.append("\n".join([CUSTOM_READY_KPI.render(lang, statement=said)] +
                                   _custom_kpi_lines(custom, parse.statement, lang, ids)))
            continue
        if custom is not None:
            body.append("\n".join([CUSTOM_KPI.render(lang, statement=said)] +
                                  [f"# {line}" for line in _custom_kpi_lines(custom, parse.statement, lang, ids)]))
            continue
        if kpi is None:
            names = ", ".join(parse.candidates)
            said = f"{parse.part} ({parse.statement})" if parse.part else parse.statement
            body.append(NOT_UNDERSTOOD.render(lang, statement=said,
                                              candidates=CANDIDATES.render(lang, names=names) if names else ""))
            continue
        if kpi.target is not None and kpi.target.to is None:  # a relative target whose FROM is not known yet
            by = kpi.target.by
            kpi = kpi.model_copy(update={"target": None})
            data = kpi_data(kpi)
            notes = [RELATIVE_NOTE.render(lang, change=format_quantity(parse.change, lang, signed=True), out=shell_word(out),
                                          metric=kpi.metric, horizon=HORIZON.render(lang, by=deadline_words(by, lang)) if by else "",
                                          by=f", by: {by}" if by else "")]
        else:
            data, notes = kpi_data(kpi), []
        if parse.currency is not None and parse.currency != currency:
            notes.append(_FR_OTHER_CURRENCY.render(lang, said=parse.currency, currency=currency))
        percent = {n for n in [kpi.metric] + [g.metric for g in kpi.guardrails] if _is_percent(n)}
        body.append(write_kpi(data, percent, notes).rstrip("\n"))
    if any(k is not None and index not in (rejected or {}) for index, k in enumerate(kpis)) or \
            any(c is not None and c.complete for c in customs):
        lines.append("kpis:")
    else:
        lines.append("kpis: []" + (NO_KPI_YET.render(lang) if drafts else ""))
    lines += ["  " + line if line.strip() else line for chunk in body for line in chunk.splitlines()]
    return "\n".join(lines) + "\n"


def _is_percent(metric: str) -> bool:
    from kpiguard.catalog import builtin_metrics

    found = builtin_metrics().get(metric)
    return found is not None and found.unit == "%"


__all__ = ["render_check", "render_json", "render_parse", "render_spec", "render_text"]
