"""The simulated shop: canonical Parquet tables, the scenario's KPI spec and the verdicts it was built to get.

    from kpiguard.simulate import simulate, SCENARIOS
    result = simulate("shop/", scenario="email-push", customers=20000, months=24, seed=7)
    result.spec_path, result.truth_path

The model is documented in docs/simulation.md. numpy, pyarrow and duckdb are imported when a run starts.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date
from importlib import resources
from pathlib import Path
from string import Template
from typing import Any

from kpiguard._callable import make_callable
from kpiguard._i18n import Message, get_lang, normalize_lang
from kpiguard._io import write_atomic
from kpiguard._numbers import format_number
from kpiguard.errors import Diagnostic, KpiguardError
from kpiguard.simulate.levers import SHOP_TIMEZONE, Behaviour, Levers, Scenario
from kpiguard.simulate.scenarios import SCENARIOS

DEFAULT_CUSTOMERS = 20_000
DEFAULT_MONTHS = 24
DEFAULT_SEED = 7
MIN_CUSTOMERS = 200
# Below this size chance, and a stock too small to replenish smoothly, decide verdicts the truth was built to
# decide (measured over seeds 1-30: docs/simulation.md, "How far the truth holds").
RELIABLE_CUSTOMERS = 20_000
MAX_CUSTOMERS = 10_000_000   # a million customers take about 2 minutes and 1.3 GB (docs/simulation.md)
MONTHS_RANGE = (24, 120)
AS_OF = date(2026, 12, 31)   # the last day of the data: the KPI year 2026 is over

UNKNOWN_SCENARIO = Message(en="unknown scenario {name!r}: choose one of {names}",
                           fr="scénario inconnu {name!r} : choisissez parmi {names}")
TOO_FEW = Message(en="--customers must be at least {min} (got {value})",
                  fr="--customers doit valoir au moins {min} (reçu {value})")
BAD_MONTHS = Message(en="--months must be between {lo} and {hi}: the data ends on 2026-12-31 and needs the whole "
                        "baseline year 2025 (got {value})",
                     fr="--months doit être compris entre {lo} et {hi} : les données finissent le 2026-12-31 et "
                        "couvrent toute l'année de référence 2025 (reçu {value})")
BAD_SEED = Message(en="--seed must be a non-negative integer (got {value})",
                   fr="--seed doit être un entier positif ou nul (reçu {value})")
TOO_MANY = Message(en="--customers must be at most {max} (got {value}): a shop of 1,000,000 customers already "
                       "takes about 2 minutes and 1.3 GB of memory",
                    fr="--customers doit valoir au plus {max} (reçu {value}) : une boutique de 1 000 000 de "
                       "clients prend déjà environ 2 minutes et 1,3 Go de mémoire")
SMALL_SHOP = Message(
    en="note: with fewer than {reliable_said} customers ({customers} asked), chance decides some verdicts: the review "
       "may differ from truth.json, which says what the data was built for; use --customers {reliable} or more when "
       "the truth must hold",
    fr="remarque : avec moins de {reliable_said} clients ({customers} demandés), le hasard décide certains verdicts : la "
       "revue peut différer de truth.json, qui dit ce que les données ont été construites pour obtenir ; utilisez "
       "--customers {reliable} ou plus quand la vérité doit tenir")
LONG_HISTORY = Message(
    en="note: the truth was built for --months {built} (2025, the baseline year, starts the data); with {months} months "
       "the customers spread over a longer history and the shop of 2025-2026 is another shop: the review may differ "
       "from truth.json (at 120 months it did for every scenario); use --months {built} when the truth must hold",
    fr="remarque : la vérité a été construite pour --months {built} (2025, l'année de référence, ouvre les données) ; "
       "avec {months} mois les clients se répartissent sur un historique plus long et la boutique de 2025-2026 en est "
       "une autre : la revue peut différer de truth.json (à 120 mois, elle l'a fait pour chaque scénario) ; utilisez "
       "--months {built} quand la vérité doit tenir")
NOT_EMPTY = Message(en="{path} exists and is not a simulated shop (no truth.json)",
                    fr="{path} existe et n'est pas une boutique simulée (pas de truth.json)")

# What is wrong with the folder to write in: the command that chose it says how to choose another (code OUT_FOLDER)
NOT_A_DIRECTORY = Message(en="{path} is a file, not a folder to write the shop in",
                          fr="{path} est un fichier, pas un dossier où écrire la boutique")
CANNOT_CREATE = Message(en="cannot write the shop in {path}: {reason}",
                        fr="impossible d'écrire la boutique dans {path} : {reason}")
OUT_FOLDER = "simulate.out"


@dataclass(frozen=True)
class SimulationResult:
    out_dir: Path
    spec_path: Path
    truth_path: Path
    tables: dict[str, Path]
    rows: dict[str, int]
    truth: dict[str, object] = field(default_factory=dict)


class SimulationError(KpiguardError):
    """Bad simulation parameters."""


def check_parameters(scenario: str | Scenario, customers: int, months: int, seed: int) -> None:
    """Raise SimulationError with every bad parameter."""
    problems = []
    if not isinstance(scenario, Scenario) and scenario not in SCENARIOS:
        problems.append(UNKNOWN_SCENARIO(name=scenario, names=", ".join(SCENARIOS)))
    if customers < MIN_CUSTOMERS:
        problems.append(TOO_FEW(min=MIN_CUSTOMERS, value=customers))
    if customers > MAX_CUSTOMERS:
        problems.append(TOO_MANY(max=MAX_CUSTOMERS, value=customers))
    if not MONTHS_RANGE[0] <= months <= MONTHS_RANGE[1]:
        problems.append(BAD_MONTHS(lo=MONTHS_RANGE[0], hi=MONTHS_RANGE[1], value=months))
    if seed < 0:
        problems.append(BAD_SEED(value=seed))
    if problems:
        raise SimulationError([Diagnostic(p, code="simulate") for p in problems])


def truth_note(customers: int, months: int = DEFAULT_MONTHS) -> str | None:
    """What a user should know about a shop of this size and history before comparing its review with its truth
    (None: nothing): the truth is built for the default 24 months, and chance weighs more in a small shop."""
    notes = []
    if customers < RELIABLE_CUSTOMERS:
        lang = get_lang()  # "moins de 20 000 clients (5 000 demandés)": counts in the reader's locale, the option as typed
        notes.append(SMALL_SHOP(reliable=RELIABLE_CUSTOMERS, reliable_said=format_number(RELIABLE_CUSTOMERS, lang),
                                customers=format_number(customers, lang)))
    if months != DEFAULT_MONTHS:
        notes.append(LONG_HISTORY(built=DEFAULT_MONTHS, months=months))
    return "\n".join(notes) or None


def simulate(out_dir: str | Path, scenario: str | Scenario = "email-push", customers: int = DEFAULT_CUSTOMERS,
             months: int = DEFAULT_MONTHS, seed: int = DEFAULT_SEED, lang: str | None = None) -> SimulationResult:
    """Simulate `scenario` (a name in SCENARIOS, or a Scenario of your own) into `out_dir`:
    data/<table>.parquet, kpis.yaml and truth.json. Same arguments, same bytes. The spec names the shop and its
    teams in `lang` (default: the language in force); the data and the truth are the same in every language."""
    check_parameters(scenario, customers, months, seed)
    out = Path(out_dir)
    try:
        if out.exists() and not out.is_dir():
            raise SimulationError(Diagnostic(NOT_A_DIRECTORY(path=out), code=OUT_FOLDER))
        if out.exists() and any(out.iterdir()) and not (out / "truth.json").exists():
            raise SimulationError(Diagnostic(NOT_EMPTY(path=out), code=OUT_FOLDER))
    except OSError as exc:  # a name too long, a folder that cannot be listed or searched: pathlib raises
        from kpiguard._io import os_reason

        raise SimulationError(Diagnostic(CANNOT_CREATE(path=out, reason=os_reason(exc)), code=OUT_FOLDER)) from None
    from kpiguard.simulate.model import Shop

    story = scenario if isinstance(scenario, Scenario) else SCENARIOS[scenario]
    shop = Shop(story, customers, months, seed)
    data = out / "data"
    created = [folder for folder in (out, data) if not folder.exists()]
    try:
        writer, tables = _write_tables(data, shop)
    except BaseException:  # Ctrl-C included: the folders are left as they were, so that the same command runs again
        for folder in reversed(created):
            try:
                folder.rmdir()
            except OSError:
                pass
        raise
    values = spec_values(data)
    spec_text = render_spec(story, customers, months, seed, values, normalize_lang(lang) if lang else get_lang())
    spec_path = write_atomic(out / "kpis.yaml", spec_text)
    truth = {"scenario": story.name, "seed": seed, "customers": customers, "months": months,
             "as_of": AS_OF.isoformat(), "kpis": dict(story.truth), "better_off": story.better_off,
             "model": model_fingerprint(story)}
    truth_path = write_atomic(out / "truth.json", json.dumps(truth, indent=2, sort_keys=True) + "\n")
    return SimulationResult(out, spec_path, truth_path, tables, dict(writer.rows), truth)


def _write_tables(data: Path, shop: Any) -> tuple[Any, dict]:
    """The shop's tables as Parquet files in `data`: all of them, or none (temporary files removed)."""
    from kpiguard.simulate.writer import ShopWriter

    try:
        writer = ShopWriter(data, shop)
    except OSError as exc:  # a read-only folder, a file in the way, a full disk: a user error
        from kpiguard._io import os_reason

        raise SimulationError(Diagnostic(CANNOT_CREATE(path=data, reason=os_reason(exc)), code=OUT_FOLDER)) from None
    try:
        for batch in shop.run():
            writer.write_month(batch)
        writer.write_products()
        return writer, writer.close()
    except BaseException:
        writer.abort()
        raise


def model_fingerprint(story: Scenario) -> str:
    """A short hash of the scenario's parameters and templates: a cached shop from another model is stale."""
    import hashlib

    package = resources.files("kpiguard.simulate")
    text = repr(story) + "".join(package.joinpath(name).read_text(encoding="utf-8")
                                 for name in ("spec-header.yaml", *story.template))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:12]


def spec_values(data: Path) -> dict[str, object]:
    """The FROM values of the spec templates, measured on the data (see kpiguard.simulate.baselines)."""
    from kpiguard.simulate import baselines

    email_from = _round(baselines.email_revenue(data, date(2025, 1, 1), date(2026, 1, 1)))
    email_to = _round(email_from * 1.25)
    margin_from = _round(baselines.margin(data, date(2025, 1, 1), date(2026, 1, 1)))
    margin_to = _round(margin_from * 1.05)
    _, units_q1, _ = baselines.dormant(data, date(2026, 1, 1), date(2026, 4, 1))
    _, _, cleared_2025 = baselines.dormant(data, date(2025, 7, 1), date(2026, 1, 1))
    return {
        "email_revenue_from": _number(email_from), "email_revenue_to": _number(email_to),
        "email_revenue_from_text": amount_text(email_from), "email_revenue_to_text": amount_text(email_to),
        "margin_from": _number(margin_from), "margin_to": _number(margin_to),
        "margin_from_text": amount_text(margin_from), "margin_to_text": amount_text(margin_to),
        "dormant_units_from": units_q1, "dormant_units_to": round(units_q1 * 0.7),
        "dormant_cleared_from": cleared_2025,
    }


# What the spec calls the shop and its teams, in the language it is written in (the statements are the article's)
SHOP_NAME = Message(en="Simulated shop: {scenario}", fr="Boutique simulée : {scenario}")
TEAM_LEADERSHIP = Message(en="Leadership", fr="Direction")
TEAM_PRODUCT = Message(en="Product and merchandising", fr="Produit et merchandising")


def render_spec(story: Scenario, customers: int, months: int, seed: int, values: dict[str, object],
                lang: str = "en") -> str:
    """The scenario's spec, its shop and teams named in `lang`."""
    package = resources.files("kpiguard.simulate")
    parts = [package.joinpath("spec-header.yaml").read_text(encoding="utf-8")]
    parts += [package.joinpath(name).read_text(encoding="utf-8") for name in story.template]
    text = "\n".join(part.rstrip("\n") + "\n" for part in parts)
    # The rewrites serve the company's outcome KPI when the scenario's spec has one.
    serves = "    serves: [gross-margin]\n" if "kpis-outcome.yaml" in story.template else ""
    return Template(text).substitute(scenario=story.name, serves=serves, customers=customers, months=months, seed=seed,
                                     title=story.title, timezone=SHOP_TIMEZONE,
                                     shop_name=SHOP_NAME.render(lang, scenario=story.name),
                                     team_leadership=TEAM_LEADERSHIP.render(lang),
                                     team_product=TEAM_PRODUCT.render(lang),
                                     lang_option="" if lang == "en" else f" --lang {lang}", **values)


def _round(value: float) -> float:
    """Three significant figures: the FROM a team would write down."""
    if value <= 0:
        return 0.0
    from math import floor, log10

    digits = 2 - floor(log10(value))
    return round(value, digits)


def _number(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else f"{value:g}"


def amount_text(value: float) -> str:
    """An amount as a French team writes it in a KPI: 8 M€, 1,06 M€, 312 k€."""
    if value >= 1_000_000:
        text = f"{value / 1_000_000:.3g}"
        return text.replace(".", ",") + " M€"
    if value >= 1_000:
        return f"{value / 1_000:.3g}".replace(".", ",") + " k€"
    return f"{value:.0f} €"


# `kpiguard.simulate(out_dir, scenario)` calls `simulate`.
make_callable(__name__, simulate)

__all__ = ["AS_OF", "DEFAULT_CUSTOMERS", "DEFAULT_MONTHS", "DEFAULT_SEED", "OUT_FOLDER", "RELIABLE_CUSTOMERS",
           "SCENARIOS", "Behaviour", "Levers", "Scenario", "SimulationError", "SimulationResult", "check_parameters", "model_fingerprint",
           "simulate", "truth_note"]
