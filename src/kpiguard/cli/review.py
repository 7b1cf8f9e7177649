"""`kpiguard review`: every KPI judged on the data, and the company's answer."""

from __future__ import annotations

import enum
from pathlib import Path
from typing import Annotated

import typer

from kpiguard._i18n import Message
from kpiguard.cli import app
from kpiguard.cli._common import (
    BAD_PERIOD,
    EXIT_USER_ERROR,
    WIDEST,
    LangOption,
    OutOption,
    SegmentByOption,
    check_out,
    color_wanted,
    emit,
    fail,
    fail_message,
    progress_on_slow_steps,
    segment_dimension,
    text_width,
    to_stdout,
    use_lang,
    write_output,
)
from kpiguard.cli._help import Help
from kpiguard.errors import KpiguardError

EXIT_FAIL_ON = 1
VERDICT_ALIASES = {
    "healthy": "healthy_success", "hollow": "hollow_success", "toxic": "toxic_success",
    "on-track": "on_track", "off-track": "off_track", "not-evaluable": "not_evaluable",
    "unevaluable": "not_evaluable", "off": "off_track",
}
# Not a verdict but a qualifier of one: an on-track KPI whose guardrail is breached (`heading_for_toxic`).
HEADING_TOXIC = "heading_for_toxic"
HEADING_TOXIC_ALIASES = {"heading-toxic", "heading-for-toxic", "heading_for_toxic", "toxic-path"}
VERDICT_NAMES = ("healthy_success", "hollow_success", "toxic_success", "on_track", "off_track", "missed",
                 "not_evaluable")
# The verdicts as the French review prints them ("succès toxique", "en retard"): a reader writes what they read.
FRENCH_VERDICTS = {
    "sain": "healthy_success", "creux": "hollow_success", "toxique": "toxic_success",
    "en-bonne-voie": "on_track", "en-retard": "off_track", "manque": "missed", "non-evaluable": "not_evaluable",
    # as the last line counts them: "2 manqués, 3 succès sains"
    "sains": "healthy_success", "toxiques": "toxic_success", "manques": "missed", "non-evaluables": "not_evaluable",
}
COMPANY_NAMES = {"worse": "no", "not-better-off": "no", "unclear": "unclear", "incertain": "unclear"}

BAD_DATE = Message(en="--as-of: {value!r} is not a date (write YYYY-MM-DD, e.g. 2026-06-30){why}",
                   fr="--as-of : {value!r} n'est pas une date (écrivez AAAA-MM-JJ, par ex. 2026-06-30){why}")
BOTH = Message(en="--as-of and --period are exclusive: give one or the other",
               fr="--as-of et --period s'excluent : donnez l'un ou l'autre")
BAD_FAIL_ON = Message(
    en="--fail-on: unknown verdict {value!r}; use a comma-separated list of {names}{closest}",
    fr="--fail-on : verdict inconnu {value!r} ; donnez une liste séparée par des virgules parmi {names}{closest}")
EMPTY_FAIL_ON = Message(
    en="--fail-on names no verdict: give a comma-separated list of {names} (an empty `--fail-on \"$VAR\"` would "
       "never fail)",
    fr="--fail-on ne nomme aucun verdict : donnez une liste séparée par des virgules parmi {names} (un "
       "`--fail-on \"$VAR\"` vide n'échouerait jamais)")
FAIL_ON_NAMES = ("hollow", "toxic", "heading-toxic", "healthy", "on-track", "off-track", "missed", "not-evaluable",
                 "worse", "unclear")
FAILED_ON = Message(en="kpiguard: {count} KPI(s) with a verdict in --fail-on ({verdicts}): {ids}",
                    fr="kpiguard : {count} KPI avec un verdict de --fail-on ({verdicts}) : {ids}")
FAILED_ON_COMPANY = Message(en="kpiguard: the company is not better off (better_off: {answer})",
                            fr="kpiguard : l'entreprise n'est pas en meilleure situation (better_off : {answer})")


class ReviewFormat(str, enum.Enum):
    text = "text"
    json = "json"
    md = "md"
    html = "html"  # the report's page (`kpiguard report`), to stdout or --out


# What a file's extension says it holds: `review -o review.html` wrote the text review into an .html file.
EXTENSIONS = {".html": ReviewFormat.html, ".htm": ReviewFormat.html, ".json": ReviewFormat.json,
              ".md": ReviewFormat.md, ".markdown": ReviewFormat.md}


def format_of(out: Path | None) -> ReviewFormat:
    """The format of a review written without --format: the one its --out file's extension names, else text."""
    if to_stdout(out):
        return ReviewFormat.text
    return EXTENSIONS.get(Path(out).suffix.lower(), ReviewFormat.text)  # type: ignore[arg-type]


def parse_fail_on(value: str | None) -> tuple[set[str], set[str]]:
    """Verdicts (short names allowed: hollow, toxic, off-track..., or French: creux, toxique, en retard...),
    `heading_for_toxic` (an on-track KPI whose guardrail broke) and company answers (worse, unclear)."""
    verdicts: set[str] = set()
    company: set[str] = set()
    for raw in (value or "").split(","):
        name = _unaccented(" ".join(raw.split()).lower()).replace(" ", "-")  # "en retard", "manqué"
        if not name:
            continue
        if name in COMPANY_NAMES:
            company.add(COMPANY_NAMES[name])
            continue
        if name in HEADING_TOXIC_ALIASES:
            verdicts.add(HEADING_TOXIC)
            continue
        if name.startswith("succes-"):  # "succès toxique(s)" as the review writes it: "toxique"
            name = name.removeprefix("succes-")
        name = VERDICT_ALIASES.get(name) or FRENCH_VERDICTS.get(name) or name.replace("-", "_")
        if name not in VERDICT_NAMES:
            raise ValueError(raw.strip())
        verdicts.add(name)
    return verdicts, company


def _unaccented(text: str) -> str:
    import unicodedata

    return "".join(c for c in unicodedata.normalize("NFD", text) if not unicodedata.combining(c))


@app.command(help=Help(
    en="""Judge every KPI on the data: healthy, hollow or toxic success, on or off track, missed; and whether the
    company is better off. Exit 0 whatever the verdicts unless --fail-on matches (then 1); 2 on bad input.""",
    fr="""Juger chaque KPI sur les données : succès sain, creux ou toxique, en bonne voie ou non, manqué ; et dire si
    l'entreprise s'en porte mieux. Code de sortie 0 quels que soient les verdicts, sauf si --fail-on en retient un
    (alors 1) ; 2 si l'entrée est invalide."""))
def review(
    spec_path: Annotated[Path, typer.Argument(metavar="SPEC", show_default=False, help=Help(
        en="The KPI spec (YAML).", fr="La spec des KPI (YAML)."))],
    as_of: Annotated[str | None, typer.Option("--as-of", metavar="<date>", help=Help(
        en="Review date (default: the data's last day).",
        fr="Date de la revue (par défaut : le dernier jour des données)."))] = None,
    period: Annotated[str | None, typer.Option("--period", "-p", metavar="<period>", help=Help(
        en="Judge every KPI on this period (2026-Q2, 2026-06, 2026-01-01..2026-06-30).",
        fr="Juger chaque KPI sur cette période (2026-Q2, 2026-06, 2026-01-01..2026-06-30)."))] = None,
    output_format: Annotated[ReviewFormat | None, typer.Option(
        "--format", "-f", case_sensitive=False, show_default=False, help=Help(
            en="Output format (default: told by the --out file's extension, .html .json .md; else text).",
            fr="Format de sortie (par défaut : celui que dit l'extension du fichier --out, .html .json .md ; sinon "
               "text)."))] = None,
    fail_on: Annotated[str | None, typer.Option("--fail-on", metavar="<verdicts>", help=Help(
        en="Exit 1 when a KPI gets one of these verdicts (comma-separated: hollow, toxic, off-track, missed, "
           "not-evaluable...; heading-toxic: on track while a guardrail broke), or the company is "
           "'worse'/'unclear'.",
        fr="Sortir avec le code 1 quand un KPI reçoit l'un de ces verdicts (séparés par des virgules : hollow, "
           "toxic, off-track, missed, not-evaluable..., ou en français : creux, toxique, en-retard, manqué... ; "
           "heading-toxic : en bonne voie alors qu'un garde-fou a cédé), ou quand l'entreprise est "
           "'worse'/'unclear' (incertain)."))] = None,
    out: OutOption = None,
    alpha: Annotated[float, typer.Option("--alpha", help=Help(
        en="Significance level of the guardrail tests.",
        fr="Seuil de signification des tests des garde-fous."))] = 0.05,
    segment_by: SegmentByOption = None,
    lang: LangOption = None,
) -> None:
    use_lang(lang)
    progress_on_slow_steps()
    output_format = output_format or format_of(out)
    try:
        fail_verdicts, fail_company = parse_fail_on(fail_on)
        if fail_on is not None and not fail_verdicts and not fail_company:  # `--fail-on "$VERDICTS"`, unset in CI
            fail_message(EMPTY_FAIL_ON, names=", ".join(FAIL_ON_NAMES))
    except ValueError as exc:
        from kpiguard.cli._usage import closest

        fail_message(BAD_FAIL_ON, value=str(exc), names=", ".join(FAIL_ON_NAMES),
                     closest=closest(str(exc), (*FAIL_ON_NAMES, *FRENCH_VERDICTS, "incertain")))
    if as_of is not None and period is not None:
        fail_message(BOTH)
    day = None
    if as_of is not None:  # an empty --as-of "$DAY" is refused, not taken for "the data's last day"
        from kpiguard.spec.periods import PeriodError, parse_day

        try:
            day = parse_day(as_of)
        except PeriodError as exc:
            fail_message(BAD_DATE, value=as_of, why=str(exc))
    forced = None
    if period is not None:
        from kpiguard.spec.periods import PeriodError, parse_user_period

        try:
            forced = parse_user_period(period)
        except PeriodError as exc:
            fail_message(BAD_PERIOD, error=str(exc))
    if not 0 < alpha < 1:
        fail_message(Message(en="--alpha must be between 0 and 1", fr="--alpha doit être entre 0 et 1"))

    from kpiguard.metrics.source import data_paths
    from kpiguard.review import review as run_review
    from kpiguard.spec import load_spec

    check_out(out, spec_path)  # said at once, not after the review
    try:
        spec = load_spec(spec_path)
        check_out(out, *data_paths(spec), folders=True)  # `-o data/orders.parquet` replaced the data with the review
        findings = _lint(spec)
        result = run_review(spec, as_of=day, period=forced, lint_findings=findings, alpha=alpha,
                            series=output_format in (ReviewFormat.json, ReviewFormat.html),
                            segment_by=segment_dimension(segment_by))
    except KpiguardError as error:
        fail(error)
    data = result.to_dict()
    if output_format is ReviewFormat.json:
        from kpiguard.review.formats import render_json

        text = render_json(data)
    elif output_format is ReviewFormat.html:
        from kpiguard._i18n import get_lang
        from kpiguard.report import render_html

        text = render_html(data, get_lang())
    elif output_format is ReviewFormat.md:
        from kpiguard.review.formats import render_markdown

        text = render_markdown(data)
    else:
        import sys

        from kpiguard.review.formats import render_text

        terminal = to_stdout(out)
        text = render_text(data, color=terminal and color_wanted(sys.stdout),
                           width=text_width(sys.stdout) if terminal else WIDEST)
    write_output(out, text)
    if not to_stdout(out):
        emit(str(out))  # where it went, as `report` says (it printed nothing)
    matched = [k["id"] for k in data["kpis"] if k["verdict"] in fail_verdicts
               or (HEADING_TOXIC in fail_verdicts and k.get("heading_for_toxic"))]
    if matched:
        from kpiguard.review.company import verdict_words

        # the verdicts in words, as the review above writes them ("succès toxique", not toxic_success)
        named = [verdict_words(v) for v in VERDICT_NAMES if v in fail_verdicts]
        if HEADING_TOXIC in fail_verdicts:  # "en bonne voie (vers un succès toxique)"
            named.append(verdict_words("on_track", heading_for_toxic=True))
        words = ", ".join(named)
        typer.echo(FAILED_ON(count=len(matched), verdicts=words, ids=", ".join(matched)), err=True)
    if data["company"]["better_off"] in fail_company:
        typer.echo(FAILED_ON_COMPANY(answer=data["company"]["better_off"]), err=True)
    if matched or data["company"]["better_off"] in fail_company:
        raise typer.Exit(EXIT_FAIL_ON)


def _lint(spec):
    """The spec's lint findings, carried in the review so that the report shows them (none if lint is absent)."""
    try:
        from kpiguard.lint import lint
    except ImportError:
        return []
    try:
        return lint(spec)
    except KpiguardError:
        raise
    except Exception:  # noqa: BLE001 - the review must not fail because a lint rule does
        return []


__all__ = ["EXIT_USER_ERROR", "parse_fail_on", "review"]

