"""`kpiguard simulate`: write a simulated shop (canonical Parquet tables, its KPI spec and the truth)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from kpiguard._i18n import Message, get_lang
from kpiguard.cli import _completion as complete
from kpiguard.cli import app
from kpiguard.cli._common import LangOption, another_path, emit, fail, fail_message, home, use_lang
from kpiguard.cli._help import Help
from kpiguard.errors import KpiguardError
from kpiguard.simulate.scenarios import SCENARIOS  # plain data: no numpy, no pyarrow

SCENARIO_NAMES = tuple(SCENARIOS)

ANOTHER_OUT = Message(en="; choose another --out, a new or empty folder",
                      fr=" ; choisissez un autre --out, un dossier nouveau ou vide")
NOT_STDOUT = Message(en="--out names the folder to write the shop in (several files): '-' (stdout) cannot hold it",
                     fr="--out indique le dossier où écrire la boutique (plusieurs fichiers) : '-' (la sortie "
                        "standard) ne peut pas la contenir")


@app.command(help=Help(
    en="Simulate a shop that replays one of the article's scenarios: Parquet tables, kpis.yaml, truth.json.",
    fr="Simuler une boutique qui rejoue l'un des scénarios de l'article : tables Parquet, kpis.yaml, truth.json."))
def simulate(
    out: Annotated[Path, typer.Option("--out", "-o", metavar="<path>", show_default=False, callback=home, help=Help(
        en="Directory to write (created; must be new, empty or a previous simulation).",
        fr="Dossier à écrire (créé ; il doit être nouveau, vide ou une simulation précédente)."))],
    scenario: Annotated[str, typer.Option("--scenario", "-s", metavar="<scenario>", autocompletion=complete.scenarios,
                                          help=Help(
        en=f"One of: {', '.join(SCENARIO_NAMES)}.", fr=f"L'un de : {', '.join(SCENARIO_NAMES)}."))
                        ] = "email-push",
    customers: Annotated[int, typer.Option("--customers", metavar="<count>", help=Help(
        en="About this many customers under business as usual (the active base at the start plus acquisitions).",
        fr="Environ ce nombre de clients en activité normale (la base active au départ plus les acquisitions)."))
                         ] = 20_000,
    months: Annotated[int, typer.Option("--months", metavar="<count>", help=Help(
        en="Months of data, ending on 2026-12-31 (24 to 120).",
        fr="Mois de données, jusqu'au 2026-12-31 (de 24 à 120)."))] = 24,
    seed: Annotated[int, typer.Option("--seed", help=Help(
        en="Random seed: the same seed gives the same bytes.",
        fr="Graine aléatoire : la même graine donne les mêmes octets."))] = 7,
    lang: LangOption = None,
) -> None:
    use_lang(lang)
    if str(out) == "-":
        fail_message(NOT_STDOUT)
    from kpiguard.simulate import simulate as run
    from kpiguard.simulate import truth_note
    from kpiguard.simulate.story import simulated

    try:
        result = run(out, scenario=scenario, customers=customers, months=months, seed=seed)
    except KpiguardError as error:
        from kpiguard.simulate import OUT_FOLDER

        fail(error, {OUT_FOLDER: ANOTHER_OUT, **another_path("--out")})
    emit(simulated(result, get_lang()))
    note = truth_note(customers, months)
    if note:
        typer.echo(note, err=True)
