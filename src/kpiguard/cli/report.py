"""`kpiguard report`: review a spec on its data and write the self-contained HTML report."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from kpiguard._i18n import Message
from kpiguard.cli import app
from kpiguard.cli._common import (
    BAD_PERIOD,
    LangOption,
    SegmentByOption,
    check_out,
    emit,
    fail,
    fail_message,
    file_path,
    home,
    progress_on_slow_steps,
    segment_dimension,
    to_stdout,
    use_lang,
    write_output,
)
from kpiguard.cli._help import Help
from kpiguard.errors import KpiguardError

BOTH = Message(
    en="--period and --as-of cannot be used together: choose one (see `kpiguard report --help`).",
    fr="--period et --as-of ne peuvent pas être utilisés ensemble : choisissez-en un "
    "(voir `kpiguard report --help`).",
)
BAD_DATE = Message(
    en="--as-of: {value!r} is not a date (write YYYY-MM-DD, e.g. 2026-06-30){why}",
    fr="--as-of : {value!r} n'est pas une date (écrivez AAAA-MM-JJ, par ex. 2026-06-30){why}",
)

# `report -o review.json` wrote an HTML page into a .json file: the review itself is what such a file would hold
NOT_HTML = Message(
    en="--out {path}: `kpiguard report` writes an HTML page, not {kind}; write it to a .html file, or get the review "
       "as {kind} with `kpiguard review {spec} -o {path}`",
    fr="--out {path} : `kpiguard report` écrit une page HTML, pas du {kind} ; écrivez-la dans un fichier .html, ou "
       "obtenez la revue en {kind} avec `kpiguard review {spec} -o {path}`",
)
OTHER_FORMATS = {".json": "JSON", ".md": "Markdown", ".markdown": "Markdown", ".txt": "text"}


@app.command(help=Help(
    en="Write one self-contained HTML report (no network, prints on A4) and print its path.",
    fr="Écrire un rapport HTML autonome (sans réseau, imprimable en A4) et afficher son chemin."))
def report(
    spec: Annotated[Path, typer.Argument(metavar="SPEC", show_default=False, help=Help(
        en="The spec file (kpis.yaml).", fr="Le fichier de spec (kpis.yaml)."))],
    out: Annotated[Path, typer.Option("--out", "-o", metavar="<path>", parser=file_path, callback=home, help=Help(
        en="Where to write the HTML page (`-`: stdout).",
        fr="Où écrire la page HTML (`-` : la sortie standard)."))] = Path("report.html"),
    period: Annotated[str | None, typer.Option("--period", "-p", metavar="<period>", help=Help(
        en="Judge every KPI on this period (2026-06, 2026-Q2, 2026-01-01..2026-06-30).",
        fr="Juger chaque KPI sur cette période (2026-06, 2026-Q2, 2026-01-01..2026-06-30)."))] = None,
    as_of: Annotated[str | None, typer.Option("--as-of", metavar="<date>", help=Help(
        en="Review as of this date (default: the last day with data).",
        fr="Date de la revue (par défaut : le dernier jour avec des données)."))] = None,
    segment_by: SegmentByOption = None,
    lang: LangOption = None,
) -> None:
    from kpiguard._i18n import get_lang
    from kpiguard.metrics.source import data_paths
    from kpiguard.report import report_html
    from kpiguard.spec import load_spec
    from kpiguard.spec.periods import PeriodError, parse_day, parse_user_period

    use_lang(lang)
    progress_on_slow_steps()
    if period is not None and as_of is not None:
        fail_message(BOTH)
    day = None
    if as_of is not None:
        try:
            day = parse_day(as_of)
        except PeriodError as exc:
            fail_message(BAD_DATE, value=as_of, why=str(exc))
    chosen = None
    if period is not None:
        try:
            chosen = parse_user_period(period)
        except PeriodError as error:
            fail_message(BAD_PERIOD, error=str(error))
    check_out(out, spec)  # said at once, not after the review
    kind = OTHER_FORMATS.get(out.suffix.lower()) if not to_stdout(out) else None
    if kind is not None:
        fail_message(NOT_HTML, path=out, kind=kind, spec=spec)
    try:
        loaded = load_spec(spec)
        check_out(out, *data_paths(loaded), folders=True)  # `-o data/orders.parquet` replaced the data with the report
        html = report_html(loaded, as_of=day, period=chosen, lang=get_lang(), segment_by=segment_dimension(segment_by))
    except KpiguardError as error:
        fail(error)
    write_output(out, html)
    if not to_stdout(out):
        emit(str(out))
