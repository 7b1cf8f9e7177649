"""`kpiguard compute` and `kpiguard explain`: metric values over periods, and the SQL behind them."""

from __future__ import annotations

import enum
from pathlib import Path
from typing import Annotated

import typer

from kpiguard._i18n import Message
from kpiguard.cli import _completion as complete
from kpiguard.cli import app
from kpiguard.cli._common import (
    FORMAT_HELP,
    LangOption,
    checked_grain,
    checked_periods,
    emit,
    fail,
    progress_on_slow_steps,
    segment_dimension,
    use_lang,
)
from kpiguard.cli._help import Help
from kpiguard.errors import KpiguardError

WARNING = Message(en="warning: {text}", fr="attention : {text}")
LEFT_OUT = Message(en="left out: {reason}", fr="laissée de côté : {reason}")
NO_METRIC = Message(en="name at least one metric with --metric (e.g. --metric revenue)",
                    fr="indiquez au moins une métrique avec --metric (ex. --metric revenue)")


class ComputeFormat(str, enum.Enum):
    text = "text"
    json = "json"
    csv = "csv"


class Grain(str, enum.Enum):
    day = "day"
    week = "week"
    month = "month"
    quarter = "quarter"
    year = "year"


SpecArg = Annotated[Path, typer.Argument(metavar="SPEC", show_default=False, help=Help(
    en="The spec file (its data section says where the data is).",
    fr="Le fichier de spec (sa section data dit où sont les données)."))]
MetricOption = Annotated[list[str], typer.Option("--metric", "-m", metavar="<metric>", autocompletion=complete.metrics,
                                                 help=Help(
    en="Metric to compute (repeatable); default: the metrics of the spec's KPIs.",
    fr="Métrique à calculer (répétable) ; par défaut : les métriques des KPI de la spec."))]
PeriodOption = Annotated[list[str], typer.Option("--period", "-p", metavar="<period>", help=Help(
    en="Period: 2025, 2025-H2, 2025-Q4, 2025-10, 2025-W05, 2025-10-01 or a range a..b (repeatable).",
    fr="Période : 2025, 2025-H2, 2025-Q4, 2025-10, 2025-W05, 2025-10-01 ou un intervalle a..b (répétable)."))]


@app.command(help=Help(
    en="""Compute metrics over periods on the spec's data (pushed to the engine; read-only).

    With --segment-by, each metric (a sum or a count) is split by that dimension instead: one value per
    segment and period, the segments adding up to the metric.""",
    fr="""Calculer des métriques sur des périodes, sur les données de la spec (calcul fait par le moteur ; lecture
    seule).

    Avec --segment-by, chaque métrique (une somme ou un comptage) est plutôt ventilée selon cette dimension : une
    valeur par segment et par période, les segments s'additionnant pour donner la métrique."""))
def compute(
    spec_path: SpecArg,
    period: PeriodOption,
    metric: MetricOption = [],  # noqa: B006 - typer needs a literal default
    by: Annotated[Grain | None, typer.Option("--by", case_sensitive=False, help=Help(
        en="Also give a series per day, week, month, quarter or year over the span of the periods.",
        fr="Donner aussi une série par jour, semaine, mois, trimestre ou année sur l'étendue des périodes."))] = None,
    output_format: Annotated[ComputeFormat, typer.Option("--format", "-f", case_sensitive=False, help=FORMAT_HELP)] = ComputeFormat.text,
    segment_by: Annotated[str | None, typer.Option("--segment-by", metavar="<dimension>", help=Help(
        en="Split each metric (a sum or a count) by this dimension: channel, source, campaign, category, or a "
           "column of the metric's table.",
        fr="Ventiler chaque métrique (une somme ou un comptage) selon cette dimension : channel, source, campaign, "
           "category, ou une colonne de la table de la métrique."))] = None,
    lang: LangOption = None,
) -> None:
    use_lang(lang)
    progress_on_slow_steps()
    dimension = segment_dimension(segment_by)
    period = checked_periods(period)
    checked_grain(period, by.value if by else None)
    try:
        from kpiguard.metrics import compute as run
        from kpiguard.metrics import formats
        from kpiguard.spec import load_spec

        spec = load_spec(spec_path)
        names = _metrics(spec, metric)
        if dimension is not None:
            split = _segments(spec, names, period, by.value if by else None, dimension, chosen=bool(metric))
        else:
            from kpiguard.metrics import connect

            source = connect(spec)
            results = run(spec, names, period, grain=by.value if by else None, source=source)  # progress: on above
            warnings = _split_id_warnings(spec, names, source)
    except KpiguardError as error:
        fail(error)
    if dimension is not None:
        render = {ComputeFormat.json: formats.segments_to_json, ComputeFormat.csv: formats.segments_to_csv}
        emit(render.get(output_format, lambda s: formats.segments_to_text(s, spec))(split))
        return
    if output_format is ComputeFormat.json:
        emit(formats.to_json(results))
    elif output_format is ComputeFormat.csv:
        emit(formats.to_csv(results))
    else:
        emit(formats.to_text(results, spec))
    for warning in warnings:  # after the values, where they are read
        typer.echo(warning, err=True)


@app.command(help=Help(
    en="Print the SQL the engine runs for these metrics, with comments naming them (nothing is executed).",
    fr="Afficher le SQL que le moteur exécute pour ces métriques, avec des commentaires qui les nomment (rien "
       "n'est exécuté)."))
def explain(
    spec_path: SpecArg,
    period: PeriodOption,
    metric: MetricOption = [],  # noqa: B006
    by: Annotated[Grain | None, typer.Option("--by", case_sensitive=False, help=Help(
        en="Include the series per grain.", fr="Inclure la série à ce grain."))] = None,
    lang: LangOption = None,
) -> None:
    use_lang(lang)
    progress_on_slow_steps()
    period = checked_periods(period)
    checked_grain(period, by.value if by else None)
    try:
        from kpiguard.metrics import explain as sql_of
        from kpiguard.spec import load_spec

        spec = load_spec(spec_path)
        text = sql_of(spec, _metrics(spec, metric), period, grain=by.value if by else None)
    except KpiguardError as error:
        fail(error)
    emit(text)


def _split_id_warnings(spec, names: list[str], source) -> list[str]:
    """The ids of people that the metrics count and that are written several ways differing only by case or
    spaces, each way counted as one more person, and orders read without their status column (as `review` warns
    of them); said on stderr, so that the output stays a table, JSON or CSV."""
    from kpiguard._i18n import get_lang
    from kpiguard.review.quality import id_warnings, people_tables, status_warnings

    tables = people_tables(spec, names)
    found = status_warnings(spec, source, opened_only=True) + (id_warnings(spec, source, tables) if tables else [])
    return [WARNING(text=warning[get_lang()]) for warning in found]


def _metrics(spec, asked: list[str]) -> list[str]:
    if asked:
        return list(dict.fromkeys(asked))
    from_kpis = list(dict.fromkeys(kpi.metric for kpi in spec.kpis))
    if not from_kpis:
        raise KpiguardError(NO_METRIC())
    return from_kpis


def _segments(spec, names: list[str], periods: list[str], grain: str | None, dimension: str, *,
              chosen: bool = True) -> list:
    """Each metric split by `dimension` over the periods (and the buckets of the series, when --by is given).
    Metrics taken from the spec's KPIs (not `chosen` with --metric) that do not add up across segments (a rate,
    a distinct count) are left out with a note, so that the sums and counts are still split."""
    from kpiguard.metrics import compute_segments, connect
    from kpiguard.metrics.segments import NotAdditive, check_additive
    from kpiguard.metrics.timeframe import timeframe

    kept, left_out = [], []
    for name in names:  # before any data is read: a metric that cannot be split is said at once
        try:
            check_additive(spec, name)
            kept.append(name)
        except NotAdditive as error:
            if chosen:
                raise
            left_out.append(error)
    if not kept:
        raise left_out[0]
    for error in left_out:
        typer.echo(LEFT_OUT(reason=error.diagnostics[0].message), err=True)
    frame = timeframe(periods, grain)
    source = connect(spec)
    return [compute_segments(spec, name, frame.buckets, dimension, source=source) for name in kept]
