"""`kpiguard demo`: simulate the article's e-mail push, lint and review its KPIs, tell the story, write the report."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Annotated

import typer

from kpiguard import __version__
from kpiguard._i18n import Message, get_lang
from kpiguard.cli import app
from kpiguard.cli._common import (
    LangOption,
    check_out,
    emit,
    fail,
    fail_message,
    file_path,
    home,
    use_lang,
    write_output,
)
from kpiguard.cli._help import Help
from kpiguard.errors import KpiguardError

DEMO_SCENARIO = "email-push"
DEMO_SEED = 7

NOT_STDOUT = Message(en="--report names the HTML file to write: '-' (stdout) already holds the story",
                     fr="--report indique le fichier HTML à écrire : '-' (la sortie standard) porte déjà l'histoire")
ANOTHER_CACHE = Message(
    en="; the demo keeps its shop under $KPIGUARD_CACHE (default ~/.cache/kpiguard): set it to a folder you can write",
    fr=" ; la démo garde sa boutique sous $KPIGUARD_CACHE (par défaut ~/.cache/kpiguard) : donnez-lui un dossier "
       "où vous pouvez écrire")
NO_HOME = Message(en="$KPIGUARD_CACHE: no home folder is known for {value!r}; set it to a full path",
                  fr="$KPIGUARD_CACHE : aucun dossier personnel n'est connu pour {value!r} ; donnez-lui un chemin "
                     "complet")
SIMULATING = Message(en="Simulating the shop into {dir} (once; later runs reuse it)...",
                     fr="Simulation de la boutique dans {dir} (une fois ; les lancements suivants la réutilisent)...")


def spec_in_language(directory: Path, truth: dict, lang: str) -> Path:
    """The demo shop's spec with the shop and its teams named in `lang`: kpis.yaml (English, as simulated), else
    kpis.<lang>.yaml beside it, written from the same data when missing or older than kpis.yaml (one cached shop
    serves every language)."""
    english = directory / "kpis.yaml"
    if lang == "en":
        return english
    path = directory / f"kpis.{lang}.yaml"
    if not path.exists() or path.stat().st_mtime < english.stat().st_mtime:
        from kpiguard._io import write_atomic
        from kpiguard.simulate import SCENARIOS, render_spec, spec_values

        values = spec_values(directory / "data")
        write_atomic(path, render_spec(SCENARIOS[truth["scenario"]], truth["customers"], truth["months"],
                                       truth["seed"], values, lang))
    return path


def cache_dir(seed: int) -> Path:
    """Where the demo keeps its shop: $KPIGUARD_CACHE (or ~/.cache/kpiguard)/demo-<version>-<seed>."""
    root = os.environ.get("KPIGUARD_CACHE")
    try:
        base = Path(root).expanduser() if root else Path.home() / ".cache" / "kpiguard"
    except (RuntimeError, KeyError):  # `~nosuchuser/cache`, or no home folder at all
        fail_message(NO_HOME, value=root or "~")
    return base / f"demo-{__version__}-{seed}"


def _cached(directory: Path, seed: int, customers: int, months: int) -> dict | None:
    """The truth of a complete earlier simulation with the same parameters, else None."""
    try:
        truth = json.loads((directory / "truth.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    from kpiguard.simulate import SCENARIOS, model_fingerprint

    same = (truth.get("scenario"), truth.get("seed"), truth.get("customers"), truth.get("months"),
            truth.get("model")) == (DEMO_SCENARIO, seed, customers, months, model_fingerprint(SCENARIOS[DEMO_SCENARIO]))
    return truth if same and (directory / "kpis.yaml").exists() else None


@app.command(help=Help(
    en="""Watch a KPI go wrong: the article's "25 % of revenue via e-mail", replayed on a simulated shop.
    No argument, no network: simulates (or reuses) the shop, lints and reviews both KPIs, prints the story.""",
    fr="""Voir un KPI dérailler : le « 25 % du CA via l'e-mail » de l'article, rejoué sur une boutique simulée.
    Sans argument ni réseau : simule (ou réutilise) la boutique, vérifie et passe en revue les deux KPI, raconte
    l'histoire."""))
def demo(
    seed: Annotated[int, typer.Option("--seed", help=Help(
        en="Random seed of the simulated shop.", fr="Graine aléatoire de la boutique simulée."))] = DEMO_SEED,
    customers: Annotated[int, typer.Option("--customers", metavar="<count>", help=Help(
        en="Size of the simulated shop (customers).", fr="Taille de la boutique simulée (clients)."))] = 20_000,
    refresh: Annotated[bool, typer.Option("--refresh", help=Help(
        en="Simulate again even if the cache ($KPIGUARD_CACHE, default ~/.cache/kpiguard) has the shop.",
        fr="Simuler à nouveau même si le cache ($KPIGUARD_CACHE, par défaut ~/.cache/kpiguard) a déjà la "
           "boutique."))] = False,
    report: Annotated[Path | None, typer.Option("--report", metavar="<path>", parser=file_path, callback=home, help=Help(
        en="Where to write the HTML report (default: report-<lang>.html in the cache directory).",
        fr="Où écrire le rapport HTML (par défaut : report-<lang>.html dans le dossier de cache)."))] = None,
    lang: LangOption = None,
) -> None:
    use_lang(lang)
    from kpiguard.simulate import DEFAULT_MONTHS, check_parameters, simulate, truth_note
    from kpiguard.simulate.story import render_story
    from kpiguard.spec import load_spec

    directory = cache_dir(seed)
    months = DEFAULT_MONTHS
    try:
        check_parameters(DEMO_SCENARIO, customers, months, seed)  # before saying that it simulates
        if report is not None and str(report) == "-":
            fail_message(NOT_STDOUT)
        check_out(report, option="--report")  # before simulating (None: the cache folder)
        truth = None if refresh else _cached(directory, seed, customers, months)
        if truth is None:
            typer.echo(SIMULATING(dir=directory), err=True)
            result = simulate(directory, scenario=DEMO_SCENARIO, customers=customers, months=months, seed=seed,
                              lang="en")
            truth = result.truth
        spec_path = spec_in_language(directory, truth, get_lang())
        spec = load_spec(spec_path)
    except KpiguardError as error:
        from kpiguard._io import WRITE_FAILED
        from kpiguard.simulate import OUT_FOLDER

        fail(error, {OUT_FOLDER: ANOTHER_CACHE, WRITE_FAILED: ANOTHER_CACHE})

    from datetime import date

    from kpiguard.lint import lint
    from kpiguard.review import review

    findings = lint(spec)
    try:
        # the findings go into the review so that the report shows them with their rewrites
        review_dict = review(spec, as_of=date.fromisoformat(truth["as_of"]), lint_findings=findings).to_dict()
    except KpiguardError as error:
        fail(error)
    report_path = _write_report(review_dict, directory, report)
    emit(render_story(review_dict, review_dict["findings"], truth, spec_path=str(spec_path),
                      data_dir=str(directory), report_path=str(report_path)))
    note = truth_note(customers, months)
    if note:
        typer.echo(note, err=True)


def _write_report(review_dict: dict, directory: Path, out: Path | None) -> Path:
    """The HTML report, in the language in force: at --report, else in the cache folder (a path that cannot be
    written names the one of the two to change)."""
    from kpiguard._io import WRITE_FAILED, write_atomic
    from kpiguard.report import render_html

    lang = get_lang()
    if out is not None:
        write_output(out, render_html(review_dict, lang), option="--report")
        return out
    try:
        return write_atomic(directory / f"report-{lang}.html", render_html(review_dict, lang))
    except KpiguardError as error:
        fail(error, {WRITE_FAILED: ANOTHER_CACHE})
