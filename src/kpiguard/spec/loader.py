"""Load a spec file: YAML with locations -> validated models -> cross-reference checks, all errors at once."""

from __future__ import annotations

import contextlib
import difflib
import functools
import gc
import re
import types
import typing
from collections.abc import Callable, Iterable, Iterator
from datetime import date
from pathlib import Path as FsPath
from typing import Any, Union

from pydantic import BaseModel, ValidationError

from kpiguard._i18n import LANGS, Message
from kpiguard._typography import shell_word
from kpiguard.errors import Diagnostic, DiagnosticBag, Location, SpecError
from kpiguard.spec.models import MetricDef, Node, Spec
from kpiguard.spec.periods import Period, PeriodError, parse_period
from kpiguard.spec.values import parse_number, shown
from kpiguard.spec.yamlsource import DUPLICATE_CODE, Path, SourceMap, read_yaml

CANONICAL_TABLES = (
    "orders",
    "order_lines",
    "customers",
    "products",
    "email_events",
    "sessions",
    "inventory",
    "creatives",
)
# The columns of the canonical tables (docs/canonical-schema.md). A column of the user's whose name differs from
# one by case only (`Status`, `ORDERED_AT` from Snowflake or a quoted PostgreSQL name) is read as it: DuckDB
# matches names whatever their case and PostgreSQL does not, so the same table would otherwise give two numbers.
CANONICAL_COLUMNS: dict[str, tuple[str, ...]] = {
    "orders": ("order_id", "customer_id", "ordered_at", "revenue", "margin", "status", "utm_source", "utm_medium",
               "utm_campaign"),
    "order_lines": ("order_id", "product_id", "quantity", "revenue"),
    "customers": ("customer_id", "created_at", "acquisition_channel"),
    "products": ("product_id", "category", "launched_at", "unit_cost"),
    "email_events": ("event_at", "customer_id", "campaign_id", "event"),
    "sessions": ("session_id", "started_at", "visitor_id", "customer_id", "source", "order_id"),
    "inventory": ("snapshot_date", "product_id", "on_hand"),
    "creatives": ("creative_id", "launched_at", "is_hit"),
}
# URL schemes `data.engine` accepts: the ibis backends (ibis 12), plus the usual spellings of two of them.
ENGINE_SCHEMES = (
    "athena",
    "bigquery",
    "clickhouse",
    "databricks",
    "datafusion",
    "druid",
    "duckdb",
    "exasol",
    "flink",
    "impala",
    "materialize",
    "mssql",
    "mysql",
    "oracle",
    "polars",
    "postgres",
    "postgresql",
    "pyspark",
    "risingwave",
    "singlestoredb",
    "snowflake",
    "spark",
    "sqlite",
    "trino",
)
DATABASE_FILE_SUFFIXES = (".duckdb", ".ddb", ".db", ".sqlite", ".sqlite3")
BARE_ENGINES = ("duckdb", "pyspark")  # names that kpiguard.metrics.connect opens without a URL

M = Message
UNKNOWN_KEY = M(en="unknown key {key!r}{hint}", fr="clé inconnue {key!r}{hint}")
DID_YOU_MEAN = M(en="; did you mean {best!r}?", fr=" ; vouliez-vous dire {best!r} ?")
KNOWN_KEYS = M(en="; known keys: {known}", fr=" ; clés connues : {known}")
ENGLISH_KEY = M(
    en="; keys are written in English: {best!r}", fr=" ; les clés s'écrivent en anglais : {best!r}"
)
# What French-speaking users naturally type for the language's keys.
FRENCH_KEYS = {
    "nom": "name",
    "devise": "currency",
    "fuseau": "timezone",
    "fuseau_horaire": "timezone",
    "donnees": "data",
    "données": "data",
    "equipes": "teams",
    "équipes": "teams",
    "metriques": "metrics",
    "métriques": "metrics",
    "indicateurs": "kpis",
    "énoncé": "statement",
    "enonce": "statement",
    "libellé": "label",
    "libelle": "label",
    "métrique": "metric",
    "metrique": "metric",
    "niveau": "level",
    "responsable": "owner",
    "porteur": "owner",
    "propriétaire": "owner",
    "contributeurs": "contributors",
    "visibilité": "visibility",
    "visibilite": "visibility",
    "coordination": "coordination",
    "référence": "baseline",
    "reference": "baseline",
    "periode": "baseline",
    "période": "baseline",
    "cible": "target",
    "objectif": "target",
    "de": "from",
    "depuis": "from",
    "à": "to",
    "a": "to",
    "vers": "to",
    "échéance": "by",
    "echeance": "by",
    "horizon": "by",
    "cadence": "cadence",
    "fréquence": "cadence",
    "frequence": "cadence",
    "sert": "serves",
    "garde-fous": "guardrails",
    "garde_fous": "guardrails",
    "gardefous": "guardrails",
    "hausse_max": "max_increase",
    "baisse_max": "max_decrease",
    "plancher": "min",
    "plafond": "max",
    "moteur": "engine",
    "colonnes": "columns",
    "valeurs": "values",
    "montants": "amounts",
    "ordre_des_dates": "date_order",
    "ordre_dates": "date_order",
    "sens": "direction",
    "unité": "unit",
    "unite": "unit",
    "numérateur": "numerator",
    "numerateur": "numerator",
    "dénominateur": "denominator",
    "denominateur": "denominator",
    "filtre": "filter",
    "mesure": "measure",
    "arbitrages": "tradeoffs",
    "saisonnier": "seasonal",
    "forum": "forum",
    "rituel": "forum",
}
# What English-speaking users type for a key under another name (`until` for the horizon), when no spelling is close.
KEY_SYNONYMS = {"until": "by", "deadline": "by", "due": "by", "due_date": "by", "end_date": "by", "horizon": "by",
                "start": "from", "initial": "from", "goal": "to", "end": "to", "objective": "target",
                "team": "owner", "owned_by": "owner", "responsible": "owner", "guards": "guardrails",
                "constraints": "guardrails", "frequency": "cadence", "period": "baseline", "contributes": "serves",
                "parent": "serves"}
BELONGS_UNDER = M(en="; {key!r} belongs under {parent!r}", fr=" ; {key!r} se place sous {parent!r}")
FLOW_COMMA = M(
    en="; inside {{...}} a comma separates entries, so ',{key}' became a key: write the number "
    "without the comma, or quote it ('12,5 %')",
    fr=" ; entre {{...}} une virgule sépare les entrées, donc ',{key}' est devenu une clé : "
    "écrivez le nombre sans la virgule, ou entre guillemets ('12,5 %')",
)
FLOW_COMMA_NUMBER = M(
    en="; inside {{...}} a comma separates entries, so {written} became {field}: {before} and a key '{key}': "
    "write {plain}",
    fr=" ; entre {{...}} une virgule sépare les entrées, donc {written} est devenu {field}: {before} et une clé "
    "'{key}' : écrivez {plain}",
)
FLOW_COMMA_EITHER = M(
    en="{thousands} for thousands or {decimal} for a decimal",
    fr="{thousands} pour des milliers ou {decimal} pour une décimale",
)
MISSING_KEY = M(en="missing required key {key!r}{where}", fr="clé obligatoire manquante : {key!r}{where}")
MISSING_IN = M(en=" in {what}", fr=" dans {what}")
EXPECTED_ONE_OF = M(
    en="expected one of {choices}, got {value}{hint}",
    fr="attendu l'une des valeurs {choices}, reçu {value}{hint}",
)
EXPECTED_TYPE = M(en="expected {expected}, got {value}{hint}", fr="attendu {expected}, reçu {value}{hint}")
QUOTE_IT = M(
    en="; put it in quotes if it is a name: {quoted}",
    fr=" ; mettez-le entre guillemets si c'est un nom : {quoted}",
)
UNQUOTE = M(en="; write it without quotes: {value}", fr=" ; écrivez-le sans guillemets : {value}")
AS_LIST = M(
    en="; a single item is written as a list too: [{value}]",
    fr=" ; un seul élément s'écrit aussi en liste : [{value}]",
)
# How people say a rhythm, in English and French, -> the cadence the spec takes.
CADENCE_WORDS = {"daily": "day", "weekly": "week", "monthly": "month", "quarterly": "quarter", "yearly": "year",
                 "annually": "year", "quotidien": "day", "hebdomadaire": "week", "mensuel": "month",
                 "mensuelle": "month", "trimestriel": "quarter", "trimestrielle": "quarter", "annuel": "year",
                 "annuelle": "year"}
# Values French speakers write for the language's choices (GLOSSARY.md), -> the value the spec takes.
FRENCH_CHOICES = {"moyen": "input", "production": "input", "entree": "input", "entrée": "input",
                  "résultat": "output", "resultat": "output", "sortie": "output", "finalité": "outcome",
                  "finalite": "outcome", "hausse": "up", "haut": "up", "baisse": "down", "bas": "down",
                  "montant": "amount", "nombre": "count", "taux": "rate", "part": "share", "moyenne": "average",
                  # lint severities, as `kpiguard lint --lang fr` prints them
                  "erreur": "error", "avertissement": "warning"}
WRITE_AS = M(en="; write {example}", fr=" ; écrivez {example}")
AS_ITEMS = M(en="; start each item with '- ' (for KPIs: '- id: ...')",
             fr=" ; commencez chaque élément par '- ' (pour les KPI : '- id: ...')")
AS_GUARDRAILS = M(en="; start each guardrail with '- ' ('- metric: ...')",
                 fr=" ; commencez chaque garde-fou par '- ' ('- metric: ...')")
OR = M(en=" or ", fr=" ou ")
A_MAPPING = M(en="a mapping", fr="un dictionnaire")
A_LIST = M(en="a list", fr="une liste")
NOTHING = M(en="nothing (null)", fr="rien (null)")
BAD_PATTERN = M(en="{value} is not {what}{hint}", fr="{value} n'est pas {what}{hint}")
SUCH_AS = M(en="; for instance {example!r}", fr=" ; par exemple {example!r}")
NOT_A_MAPPING = M(
    en="a spec file must be a YAML mapping (key: value), got {got}{hint}",
    fr="un fichier de spec doit être un dictionnaire YAML (clé: valeur), reçu {got}{hint}",
)
# A list of KPIs given as the whole file: the `kpis:` key above them is missing.
KPIS_GIVEN = M(en="; a list of KPIs? put it under `kpis:` (and `version: 1` above it)",
               fr=" ; une liste de KPI ? mettez-la sous `kpis:` (et `version: 1` au-dessus)")
# `owner: [crm, web]`: one team is accountable, the others move it with it.
ONE_OWNER = M(en="; a KPI has one owner: write owner: {first}, and the other teams as contributors: [{rest}]",
              fr=" ; un KPI a un seul responsable : écrivez owner: {first}, et les autres équipes en contributors: "
                 "[{rest}]")
ONE_VALUE = M(en="; write one value here, e.g. {key}: {first}", fr=" ; écrivez une seule valeur ici, par ex. {key}: {first}")
# A list key written with nothing after it (`kpis:` before any KPI, `guardrails:` whose items were deleted).
EMPTY_LIST = M(en="; write its items under it, each starting with '- ', or `{key}: []` for none",
               fr=" ; écrivez ses éléments dessous, chacun commençant par '- ', ou `{key}: []` s'il n'y en a aucun")
# Plain text given as the spec: most likely the KPI sentences `check` and `init` read (lint taken for check).
SENTENCES_GIVEN = M(en="; KPI sentences, one per line? `kpiguard init --from {file}` writes a spec from them",
                    fr=" ; des phrases de KPI, une par ligne ? `kpiguard init --from {file}` en écrit une spec")
SPREADSHEET = M(
    en="data.tables.{table}: {path} is a spreadsheet, which kpiguard does not read: save the sheet as CSV (UTF-8, "
       "or the CSV your spreadsheet writes, ';' and decimal commas included) and name that file here",
    fr="data.tables.{table} : {path} est un classeur de tableur, que kpiguard ne lit pas : enregistrez la feuille "
       "au format CSV (UTF-8, ou le CSV qu'écrit votre tableur, ';' et virgules décimales compris) et nommez ce "
       "fichier ici")
EMPTY_FILE = M(
    en="the spec file is empty; start from examples/kpis.example.yaml",
    fr="le fichier de spec est vide ; partez d'examples/kpis.example.yaml",
)
CANNOT_READ = M(en="cannot read the spec: {reason}", fr="impossible de lire la spec : {reason}")
NOT_FOUND = M(en="no such file", fr="fichier introuvable")
NO_STDIN = M(en="a spec is not read from stdin ('-'): name its .yaml file (its data paths are relative to it)",
             fr="une spec ne se lit pas sur stdin ('-') : indiquez son fichier .yaml (ses chemins de données en "
                "dépendent)")
IS_A_DIRECTORY = M(
    en="this is a directory; name a .yaml file", fr="c'est un dossier ; indiquez un fichier .yaml"
)
NO_PERMISSION = M(en="permission denied", fr="permission refusée")
SPEC_SIZE = M(en="a spec (one of 10,000 KPIs weighs 1.8 MB)", fr="une spec (une spec de 10 000 KPI pèse 1,8 Mo)")
A_SPEC_FILE = M(en="a spec is a YAML text file (kpis.yaml), whose data: section names the data files",
                fr="une spec est un fichier texte YAML (kpis.yaml), dont la section data: nomme les fichiers de "
                   "données")
NOT_UTF8 = M(
    en="the file is not UTF-8 text (byte 0x{byte:02x}); save it as UTF-8",
    fr="le fichier n'est pas du texte UTF-8 (octet 0x{byte:02x}) ; enregistrez-le en UTF-8",
)
UNKNOWN_LANG = M(
    en="unknown language {lang!r}; texts are given in en and fr",
    fr="langue inconnue {lang!r} ; les textes se donnent en en et fr",
)
UNKNOWN_REF = M(en="{what} {name!r}{hint}", fr="{what} {name!r}{hint}")
UNKNOWN_VALUE = M(
    en="data.values.{table}.{column}: {value!r} is not a value kpiguard reads in {table}.{column} ({known}); "
       "each key is kpiguard's value, mapped to the value(s) your data writes{hint}",
    fr="data.values.{table}.{column} : {value!r} n'est pas une valeur que kpiguard lit dans {table}.{column} "
       "({known}) ; chaque clé est la valeur de kpiguard, associée à la ou aux valeurs de vos données{hint}")
VALUES_USER_NAME = M(
    en="data.values.{table}: {column!r} is mapped to {canonical!r} under data.columns.{table}; data.values names "
       "kpiguard's column: write {canonical}",
    fr="data.values.{table} : {column!r} est associée à {canonical!r} sous data.columns.{table} ; data.values "
       "nomme la colonne de kpiguard : écrivez {canonical}")
AMOUNTS_USER_NAME = M(
    en="data.amounts.{table}: {column!r} is mapped to {canonical!r} under data.columns.{table}; data.amounts names "
       "kpiguard's column: write {canonical}",
    fr="data.amounts.{table} : {column!r} est associée à {canonical!r} sous data.columns.{table} ; data.amounts "
       "nomme la colonne de kpiguard : écrivez {canonical}")
NOT_AN_AMOUNT = M(
    en="data.amounts.{table}: {column!r} is not an amount of table {table!r}; {known}{hint}",
    fr="data.amounts.{table} : {column!r} n'est pas un montant de la table {table!r} ; {known}{hint}")
ITS_AMOUNTS = M(en="its amounts are {known}", fr="ses montants sont {known}")
NO_AMOUNTS = M(en="kpiguard reads no amount in {table}", fr="kpiguard ne lit aucun montant dans {table}")
# The money columns of the canonical tables (docs/canonical-schema.md), which data.amounts may say are in cents.
AMOUNT_COLUMNS = {"orders": ["revenue", "margin"], "order_lines": ["revenue"], "products": ["unit_cost"],
                  "customers": [], "email_events": [], "sessions": [], "inventory": [], "creatives": []}
VALUE_TWICE = M(en="{value!r} is mapped to both {first!r} and {second!r}; a value of your data stands for one only",
                fr="{value!r} est associée à la fois à {first!r} et à {second!r} ; une valeur de vos données n'en "
                   "représente qu'une")
KNOWN = M(en="; known: {known}", fr=" ; choix possibles : {known}")
NONE_DECLARED = M(en="; none is declared under {section!r}", fr=" ; rien n'est déclaré sous {section!r}")
DECLARE_TABLE = M(
    en="; or declare it with its file or engine table under data.tables ({name}: data/{name}.parquet)",
    fr=" ; ou déclarez-la avec son fichier ou sa table sous data.tables ({name}: data/{name}.parquet)",
)
DECLARE_TEAM = M(
    en="; or declare it under teams ({id}: {{name: {name}}})",
    fr=" ; ou déclarez-la sous teams ({id}: {{name: {name}}})",
)
DUPLICATE_KPI = M(
    en="duplicate KPI id {id!r} (first defined at line {line}); KPI ids must be unique",
    fr="identifiant de KPI {id!r} en double (déjà défini ligne {line}) ; "
    "les identifiants doivent être uniques",
)
# Parameters of the built-in computations that count days or orders, and their least value.
WHOLE_PARAMS = {"window_days": 0, "lookback_days": 0, "min_orders": 1}


def is_whole_param(key: str, value: Any) -> bool:
    """`value` is a whole number the parameter `key` of WHOLE_PARAMS takes (`true` is no count)."""
    return isinstance(value, int) and not isinstance(value, bool) and value >= WHOLE_PARAMS[key]


PARAM_NOT_WHOLE = M(en="params.{key} must be a whole number from {least}, not {value!r}",
                    fr="params.{key} doit être un nombre entier à partir de {least}, pas {value!r}")
METRIC_NEEDS = M(en="a {type} metric needs {keys}{hint}", fr="une métrique {type} a besoin de {keys}{hint}")
SET_TYPE = M(en="; add `type: {type}`", fr=" ; ajoutez `type: {type}`")
METRIC_UNUSED_KEY = M(
    en="{key!r} is not used by a {type} metric (it takes {takes}){hint}",
    fr="{key!r} ne sert pas à une métrique {type} (elle prend {takes}){hint}",
)
METRIC_CYCLE = M(
    en="metric {name!r} is defined in terms of itself ({cycle})",
    fr="la métrique {name!r} est définie à partir d'elle-même ({cycle})",
)
SERVES_SELF = M(
    en="a KPI cannot serve itself; `serves` lists the outcome KPIs this one contributes to",
    fr="un KPI ne peut pas se servir lui-même ; `serves` liste les KPI d'outcome auxquels il contribue",
)
SERVES_CYCLE = M(
    en="{id!r} serves itself through other KPIs ({cycle}); `serves` points from an input to its output to its "
    "outcome, never back: remove the link that goes back down",
    fr="{id!r} se sert lui-même via d'autres KPI ({cycle}) ; `serves` va d'un input vers son output puis vers "
    "son outcome, jamais en arrière : retirez le lien qui redescend",
)
BY_BEFORE_BASELINE = M(
    en="the horizon {by} is not after the baseline {baseline} (which ends on {last}); "
    "the target must fall due after the period its FROM was measured on",
    fr="l'échéance {by} n'est pas postérieure à la période de référence {baseline} (qui finit le {last}) ; "
    "la cible doit échoir après la période où son FROM a été mesuré",
)
BOUNDED_ABSOLUTE = M(
    en="{key}: {value} on {metric}, {what} between 0 and 1, can never be {verb}; write {literal} "
    "(or {fraction}) if you meant {value} percent",
    fr="{key} : {value} sur {metric}, {what} entre 0 et 1, ne peut jamais être {verb} ; écrivez {literal} "
    "(ou {fraction}) si vous vouliez dire {value} pour cent",
)
BOUNDED_WHAT = {"rate": M(en="a rate", fr="un taux"), "share": M(en="a share", fr="une part")}
PERCENT_ON_PLAIN = M(
    en="{key}: {value} on {metric}, {what} and not a percentage, would be read as {fraction}; write the value "
    "itself{hint}",
    fr="{key} : {value} sur {metric}, {what} et non un pourcentage, serait lu comme {fraction} ; écrivez la "
    "valeur elle-même{hint}",
)
PLAIN_WHAT = {
    "amount": M(en="an amount", fr="un montant"),
    "count": M(en="a count", fr="un nombre"),
    "average": M(en="an average per unit", fr="une moyenne par unité"),
}
GROWTH_HINT = M(
    en=" (a change of {percent} from {from_} is to: {to})",
    fr=" (une évolution de {percent} depuis {from_} s'écrit to: {to})",
)
GROWTH_HINT_NO_FROM = M(
    en=" (a change of {percent} is written with both values: from: X, to: X × {factor})",
    fr=" (une évolution de {percent} s'écrit avec les deux valeurs : from: X, to: X × {factor})",
)
RELATIVE_HINT = M(
    en=" (a change relative to the baseline is max_increase or max_decrease: {value})",
    fr=" (une évolution relative à la référence s'écrit max_increase ou max_decrease : {value})",
)
BOUNDED_RANGE = M(
    en="{key}: {value} on {metric}, {what} between 0 and 100 %, can never be {verb}{hint}",
    fr="{key} : {value} sur {metric}, {what} entre 0 et 100 %, ne peut jamais être {verb}{hint}",
)
BOUNDED_RANGE_HINT = M(
    en="; a change of {value} is written as the value to reach, e.g. from: 20%, to: 23%",
    fr=" ; une évolution de {value} s'écrit avec la valeur à atteindre, par exemple from: 20%, to: 23%",
)
VERB_REACHED = M(en="reached", fr="atteint")
VERB_MET = M(en="met", fr="atteint")
VERB_BROKEN = M(en="breached", fr="franchi")
UNKNOWN_ENGINE = M(
    en="unknown engine {value!r}{hint}; write duckdb (the embedded default), a DuckDB file (shop.duckdb) "
    "or a "
    "connection URL such as postgres://user@host:5432/db",
    fr="moteur inconnu {value!r}{hint} ; écrivez duckdb (le moteur embarqué par défaut), un fichier DuckDB "
    "(shop.duckdb) ou une URL de connexion comme postgres://user@host:5432/db",
)

WHAT = {
    "team": M(en="unknown team", fr="équipe inconnue"),
    "metric": M(en="unknown metric", fr="métrique inconnue"),
    "kpi": M(en="unknown KPI", fr="KPI inconnu"),
    "table": M(en="unknown table", fr="table inconnue"),
}
SECTION_OF = {"team": "teams", "kpi": "kpis", "table": "data.tables", "metric": "metrics"}
TYPE_NAMES = {
    "string_type": M(en="a string", fr="une chaîne"),
    "int_type": M(en="an integer", fr="un entier"),
    "int_parsing": M(en="an integer", fr="un entier"),
    "int_from_float": M(en="an integer", fr="un entier"),
    "int_parsing_size": M(en="an integer", fr="un entier"),
    "float_type": M(en="a number", fr="un nombre"),
    "float_parsing": M(en="a number", fr="un nombre"),
    "bool_type": M(en="true or false", fr="true ou false"),
    "bool_parsing": M(en="true or false", fr="true ou false"),
    "list_type": M(en="a list", fr="une liste"),
    "dict_type": M(en="a mapping (key: value)", fr="un dictionnaire (clé: valeur)"),
    "model_type": M(en="a mapping (key: value)", fr="un dictionnaire (clé: valeur)"),
    "model_attributes_type": M(en="a mapping (key: value)", fr="un dictionnaire (clé: valeur)"),
    "date_type": M(en="a date (2026-12-31)", fr="une date (2026-12-31)"),
    "date_parsing": M(en="a date (2026-12-31)", fr="une date (2026-12-31)"),
    "date_from_datetime_inexact": M(en="a date (2026-12-31)", fr="une date (2026-12-31)"),
    "date_from_datetime_parsing": M(en="a date (2026-12-31)", fr="une date (2026-12-31)"),
}
PATTERN_WHAT = {
    "id": M(
        en="a valid KPI id (letters, digits, - _ .)",
        fr="un identifiant de KPI valide (lettres, chiffres, - _ .)",
    ),
    "currency": M(en="an ISO currency code (EUR, USD)", fr="un code de devise ISO (EUR, USD)"),
}
CURRENCY_SYMBOLS = {"€": "EUR", "$": "USD", "US$": "USD", "£": "GBP", "CHF": "CHF", "¥": "JPY", "CA$": "CAD"}
INVALID_VALUE = M(en="invalid value {value}: {problem}", fr="valeur invalide {value} : {problem}")
# What a metric of each type takes, to spot keys of another type (a ratio written without `type: ratio`).
METRIC_KEYS = {
    "simple": ("table", "measure", "filter"),
    "ratio": ("numerator", "denominator"),
    "derived": ("expr",),
}
METRIC_NEEDS_KEYS = {
    "simple": ("table", "measure"),
    "ratio": ("numerator", "denominator"),
    "derived": ("expr",),
}
# Words an arithmetic expression over metrics may hold that are not metric names.
EXPR_WORDS = frozenset(
    {"null", "true", "false", "and", "or", "not", "case", "when", "then", "else", "end", "is", "in", "e"}
)

Locate = Callable[[Path], Location]
EXTENSION = "x-"  # top-level keys for the user's own use (anchors), ignored


def load_spec(path: str | FsPath) -> Spec:
    """Read and validate a spec file. Raises SpecError with every problem found, each with file:line:col."""
    path = FsPath(path)
    text = _read_text(path)
    spec = load_spec_text(text, str(path))
    spec._path = str(path)
    return spec


def _read_text(path: FsPath) -> str:
    from kpiguard._io import SPEC_LIMIT_MB, TooLarge, input_limit, read_limited

    try:
        raw = read_limited(path, input_limit(SPEC_LIMIT_MB))
    except TooLarge as exc:  # a data export given as the spec: refused before minutes of loading
        reason = exc.reason(SPEC_SIZE)
    except FileNotFoundError:
        reason = NO_STDIN() if str(path) == "-" else NOT_FOUND()
    except IsADirectoryError:
        reason = IS_A_DIRECTORY()
    except PermissionError:
        reason = NO_PERMISSION()
    except OSError as exc:  # a name too long, a device that cannot be read: in the user's language when usual
        from kpiguard._io import os_reason

        reason = os_reason(exc)
    else:
        return _decode(raw, str(path))
    raise SpecError([Diagnostic(CANNOT_READ(reason=reason), Location(str(path)))])


def _decode(raw: bytes, file: str) -> str:
    from kpiguard._io import not_text

    reason = not_text(raw, A_SPEC_FILE)  # `kpiguard validate data/orders.parquet`: not "save it as UTF-8"
    if reason is not None:
        raise SpecError([Diagnostic(CANNOT_READ(reason=reason), Location(file))])
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        good = raw[: exc.start].decode("utf-8")
        line = good.count("\n") + 1
        col = len(good) - (good.rfind("\n") + 1) + 1
        raise SpecError([Diagnostic(NOT_UTF8(byte=raw[exc.start]), Location(file, line, col))]) from None


@contextlib.contextmanager
def paused_gc() -> Iterator[None]:
    """Pause the cyclic garbage collector while a large, acyclic object graph is built.

    Loading builds millions of long-lived objects (dicts, models, locations) and none of them is garbage; with
    the collector on, CPython re-scans the growing heap over and over and a 10,000-KPI spec loads 3-4x
    slower. Reference counting still frees everything that is dropped; cycles wait for the next collection.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            if gc.get_freeze_count() == 0:
                # What was built is long-lived: freeze + unfreeze moves every tracked object to the oldest
                # generation without scanning it, instead of the next young collections scanning all of it
                # (a third of a second after a 10,000-KPI load). Skipped if the program froze objects itself.
                gc.freeze()
                gc.unfreeze()
            gc.enable()


def load_spec_text(text: str | bytes, file: str = "<spec>") -> Spec:
    """Validate spec text; `file` names it in locations. Every problem found is reported in one SpecError."""
    with paused_gc():
        return _load_spec_text(text, file)


def _load_spec_text(text: str | bytes, file: str) -> Spec:
    if isinstance(text, bytes):
        text = _decode(text, file)
    bag = DiagnosticBag()
    data, smap = read_yaml(text, file, bag)
    # A file that does not parse, or parses to something unusable, has nothing more to say; a key written twice
    # leaves it usable (its first value kept), so the rest is still checked.
    if any(d.code != DUPLICATE_CODE for d in bag.items):
        bag.raise_if_any()
    if data is None:
        bag.add(EMPTY_FILE, Location(file, 1, 1))
        bag.raise_if_any()
    if not isinstance(data, dict):
        hint = SENTENCES_GIVEN(file=shell_word(file)) if isinstance(data, str) and " " in data.strip() else ""
        if isinstance(data, list) and any(isinstance(item, dict) and "id" in item for item in data):
            hint = KPIS_GIVEN()
        bag.add(NOT_A_MAPPING, smap.value(()), got=_value_text(data, (), smap), hint=hint)
        bag.raise_if_any()
    # `x-defaults: &base {...}` (as in docker-compose): top-level keys starting with `x-` hold anchors to reuse
    # with `<<: *base`, and are not part of the spec.
    data = {key: value for key, value in data.items() if not (isinstance(key, str) and key.startswith(EXTENSION))}
    spec: Spec | None = None
    try:
        spec = Spec.model_validate(data, context={"written": True})
    except ValidationError as exc:
        _report_validation_errors(exc, data, smap, bag)
    # References and meaning are checked on the raw data, so that they are reported even when some other part
    # of the file did not validate: a user fixes the whole file in one round.
    check_data(data, smap.value, bag, locate_key=smap.key, source=smap.source)
    bag.raise_if_any()
    assert spec is not None  # a validation error always leaves a diagnostic in the bag
    _attach_locations(spec, (), smap)
    for name, metric in spec.metrics.items():
        metric._name = name
    spec._source = text
    return spec


# --- pydantic errors -> located, translated diagnostics ------------------------------------------


def _value_text(value: Any, path: Path, smap: SourceMap | None) -> str:
    """The value as the user wrote it: `123`, `no`, `'abc'`; collections by their kind."""
    if isinstance(value, dict):
        return A_MAPPING()
    if isinstance(value, list):
        return A_LIST()
    if value is None:
        return NOTHING()
    written = smap.text(path) if smap is not None else None
    if written is None:
        return shown(value)
    if isinstance(value, str):
        return shown(written)
    return written if len(written) <= 60 else written[:55] + "[...]"


def _data_path(loc: Iterable[Any], data: Any) -> tuple[Path, Any]:
    """The longest prefix of a pydantic error location found in the data (union member tags dropped)."""
    path: list[str | int] = []
    current = data
    for part in loc:
        if isinstance(current, dict) and isinstance(part, str) and part in current or isinstance(current, list) and isinstance(part, int) and 0 <= part < len(current):
            current = current[part]
        else:
            break
        path.append(part)
    return tuple(path), current


def _report_validation_errors(exc: ValidationError, data: Any, smap: SourceMap, bag: DiagnosticBag) -> None:
    # Errors of the members of a union (`str | {en, fr}`) land on one value: say them once, joined by "or".
    grouped: dict[Path, list[dict[str, Any]]] = {}
    for error in exc.errors(include_url=False):
        if error["type"] in ("missing", "extra_forbidden"):
            _report_key_error(error, data, smap, bag)
            continue
        path, _ = _data_path(error["loc"], data)
        grouped.setdefault(path, []).append(error)
    for path, errors in grouped.items():
        kinds = [e["type"] for e in errors]
        value = _data_path(path, data)[1]
        if len(errors) > 1 and all(k in TYPE_NAMES for k in kinds):
            expected = OR().join(dict.fromkeys(TYPE_NAMES[k]() for k in kinds))
            bag.add(
                EXPECTED_TYPE,
                smap.value(path),
                expected=expected,
                value=_value_text(value, path, smap),
                hint="",
            )
            continue
        seen: set[str] = set()
        for error in errors:
            before = len(bag.items)
            _report_value_error(error, path, value, smap, bag)
            if len(bag.items) > before:
                text = bag.items[-1].message
                if text in seen:
                    bag.items.pop()
                seen.add(text)


def _report_key_error(error: dict[str, Any], data: Any, smap: SourceMap, bag: DiagnosticBag) -> None:
    loc = tuple(error["loc"])
    parent, _ = _data_path(loc[:-1], data)
    key = loc[-1]
    if error["type"] == "extra_forbidden":  # `_` is the mapping that holds the unknown key
        known = _known_keys(parent)
        best = difflib.get_close_matches(str(key), known, n=1, cutoff=0.7)
        if not best:  # `KPIs` for `kpis`, `Target` for `target`
            best = [k for k in known if k.lower() == str(key).strip().lower()][:1]
        english = FRENCH_KEYS.get(str(key).strip().lower())
        synonym = KEY_SYNONYMS.get(str(key).strip().lower())
        if english in known:
            hint = ENGLISH_KEY(best=english)
        elif synonym in known and not best:
            hint = DID_YOU_MEAN(best=synonym)
        elif best:
            hint = DID_YOU_MEAN(best=best[0])
        elif (owner := _child_owning(parent, str(key))) is not None:
            hint = BELONGS_UNDER(key=key, parent=owner)
        else:
            hint = KNOWN_KEYS(known=", ".join(known)) if known else ""
        # `{to: 1,000}`: inside a {...} mapping the comma splits the number and the rest becomes a key.
        if _FLOW_TAIL.fullmatch(str(key)) and parent in smap.flow:
            hint = _flow_comma_hint(_, str(key)) + hint
        bag.add(UNKNOWN_KEY, smap.key(parent + (key,)), key=key, hint=hint)
    else:
        where = MISSING_IN(what=_describe(parent)) if parent else ""
        bag.add(MISSING_KEY, smap.value(parent), key=_alias(key), where=where)


# What is left of a number a comma split inside {...}: `1,20` -> `20`, `12,5 %` -> `5 %`, `1,2 M€` -> `2 M€`
_FLOW_TAIL = re.compile(r"(?P<digits>\d[\d\s]*?)\s*(?P<scale>[kKmM]|Md|md|bn)?\s*(?:€|\$|£|EUR|USD|GBP)?\s*(?P<pct>%)?")
_FLOW_SCALES = {"k": 10 ** 3, "m": 10 ** 6, "md": 10 ** 9, "bn": 10 ** 9}


def _flow_comma_hint(mapping: Any, key: str) -> str:
    """`{to: 1,20}` read as `to: 1` and a key `20`: say the number that was meant (1.20, or 10000 for 10,000;
    1200000 for `1,2 M€`, since the value is a plain number)."""
    if not isinstance(mapping, dict):
        return FLOW_COMMA(key=key)
    keys = list(mapping)
    at = keys.index(key) if key in keys else -1
    before = mapping[keys[at - 1]] if at > 0 else None
    if at <= 0 or isinstance(before, bool) or not isinstance(before, int):
        return FLOW_COMMA(key=key)
    tail = _FLOW_TAIL.fullmatch(key)
    digits = tail["digits"].replace(" ", "") if tail else key.replace(" ", "").rstrip("%")
    percent = "%" if tail and tail["pct"] else ""
    decimal = f"{before}.{digits}{percent}"
    if tail and tail["scale"]:  # `1,2 M€`: the plain number, the multiplier applied
        plain = f"{round(float(f'{before}.{digits}') * _FLOW_SCALES[tail['scale'].lower()]):d}"
    elif len(digits) == 3 and not percent:  # 10,000: a thousands separator, or (in French) a decimal comma
        plain = FLOW_COMMA_EITHER(thousands=f"{before}{digits}", decimal=decimal)
    else:
        plain = decimal
    return FLOW_COMMA_NUMBER(written=f"'{before},{key}'", field=keys[at - 1], before=before, key=key, plain=plain)


def _describe(path: Path) -> str:
    """`kpis[2].target`, `metrics.high_value_orders`: a path as a user would find it in the file."""
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def _report_value_error(
    error: dict[str, Any], path: Path, value: Any, smap: SourceMap, bag: DiagnosticBag
) -> None:
    kind = error["type"]
    loc = smap.value(path)
    written = _value_text(value, path, smap)
    if kind == "literal_error":
        choices = [c.strip().strip("'") for c in error["ctx"]["expected"].replace(" or ", ", ").split(",")]
        said = str(value).strip().lower()
        word = CADENCE_WORDS.get(said) or FRENCH_CHOICES.get(said)  # `monthly`, `mensuel` -> month
        best = [word] if word in choices else difflib.get_close_matches(str(value).lower(), choices, n=1, cutoff=0.5)
        hint = DID_YOU_MEAN(best=best[0]) if best else ""
        if str(value) in choices:  # `version: '1'`
            hint = UNQUOTE(value=value)
        bag.add(EXPECTED_ONE_OF, loc, choices=", ".join(choices), value=written, hint=hint)
    elif kind in TYPE_NAMES:
        hint = ""
        if kind == "string_type" and isinstance(value, (int, float, bool, date)):
            text = smap.text(path) or str(value)
            hint = QUOTE_IT(quoted=f'"{text}"')
        elif kind == "string_type" and isinstance(value, list) and value and path and isinstance(path[-1], str):
            items = [str(item) for item in value]
            hint = (ONE_OWNER(first=items[0], rest=", ".join(items[1:])) if path[-1] == "owner" and len(items) > 1
                    else ONE_VALUE(key=path[-1], first=items[0]))
        elif kind == "list_type" and isinstance(value, (str, int, float)) and not isinstance(value, bool):
            hint = AS_LIST(value=smap.text(path) or value)
        elif kind == "list_type" and isinstance(value, dict):
            hint = AS_GUARDRAILS() if path and path[-1] == "guardrails" else AS_ITEMS()
        elif kind == "list_type" and value is None and path and isinstance(path[-1], str):
            hint = EMPTY_LIST(key=path[-1])
        elif kind in ("model_type", "dict_type", "model_attributes_type") and isinstance(value, (str, int, float)):
            hint = _scalar_for_mapping_hint(path, smap.text(path) or str(value))
        bag.add(EXPECTED_TYPE, loc, expected=TYPE_NAMES[kind](), value=written, hint=hint)
    elif kind == "string_pattern_mismatch":
        field = str(path[-1]) if path else ""
        what = PATTERN_WHAT.get(field)
        example = _pattern_example(field, value)
        hint = SUCH_AS(example=example) if example else ""
        bag.add(BAD_PATTERN, loc, value=written, what=what() if what else error["msg"], hint=hint)
    elif kind in ("value_error", "assertion_error"):
        bag.add(str(error["ctx"]["error"]), loc)
    else:  # a pydantic check this loader does not translate yet: still located, never a traceback
        bag.add(INVALID_VALUE, loc, value=written, problem=error["msg"])


def _scalar_for_mapping_hint(path: Path, text: str) -> str:
    """`target: 25%`, `guardrails: [aov]`, `coordination: monthly`: the mapping the value belongs in."""
    last = path[-1] if path else None
    parent = path[-2] if len(path) > 1 else None
    if last == "target":
        return WRITE_AS(example=f"target: {{to: {text}}}")
    if parent == "guardrails":
        return WRITE_AS(example=f"{{metric: {text}, max_decrease: 10%}}")
    if last == "coordination":
        cadence = CADENCE_WORDS.get(text.strip().lower(), text)
        return WRITE_AS(example=f"coordination: {{cadence: {cadence}, forum: ...}}")
    return ""


def _pattern_example(field: str, value: Any) -> str | None:
    if not isinstance(value, str):
        return None
    if field == "id":
        import unicodedata

        # `café-crm` -> `cafe-crm`: accents dropped rather than the letter
        ascii_text = unicodedata.normalize("NFKD", value).encode("ascii", "ignore").decode("ascii")
        slug = re.sub(r"[^A-Za-z0-9_.-]+", "-", ascii_text).strip("-._")
        return slug or None
    if field == "currency":
        symbol = CURRENCY_SYMBOLS.get(value.strip())
        if symbol:
            return symbol
        if re.fullmatch(r"[A-Za-z]{3}", value.strip()):
            return value.strip().upper()
    return None


def _alias(name: str | int) -> str | int:
    return "from" if name == "from_" else name


def _unwrap(annotation: Any) -> Any:
    """The model class inside Optional[...], list[...], dict[str, ...] and Annotated[...]."""
    origin = typing.get_origin(annotation)
    if origin is typing.Annotated:
        return _unwrap(typing.get_args(annotation)[0])
    if origin in (Union, types.UnionType):
        for arg in typing.get_args(annotation):
            found = _unwrap(arg)
            if isinstance(found, type) and issubclass(found, BaseModel):
                return found
        return None
    if origin in (list, dict):
        return _unwrap(typing.get_args(annotation)[-1])
    return annotation


def _model_at(path: Path) -> type[BaseModel] | None:
    """The model class whose object sits at `path` (None when the path leads to a plain value)."""
    model: Any = Spec
    skip_key = False
    for part in path:
        if skip_key or isinstance(part, int):
            skip_key = False
            continue
        if not (isinstance(model, type) and issubclass(model, BaseModel)):
            return None
        field = model.model_fields.get(part) or next(
            (f for f in model.model_fields.values() if f.alias == part), None
        )
        if field is None:
            return None
        skip_key = _is_dict(field.annotation)
        model = _unwrap(field.annotation)
    return model if isinstance(model, type) and issubclass(model, BaseModel) else None


def _is_dict(annotation: Any) -> bool:
    if typing.get_origin(annotation) in (Union, types.UnionType):
        return any(_is_dict(a) for a in typing.get_args(annotation))
    return typing.get_origin(annotation) is dict


def _known_keys(path: Path) -> list[str]:
    model = _model_at(path)
    if model is None:
        return []
    return [f.alias or name for name, f in model.model_fields.items()]


def _child_owning(path: Path, key: str) -> str | None:
    """The sub-object of the model at `path` where `key` is known (`by` in a KPI belongs under target)."""
    model = _model_at(path)
    if model is None:
        return None
    for name, field in model.model_fields.items():
        child = _unwrap(field.annotation)
        if (isinstance(child, type) and issubclass(child, BaseModel) and child is not model
                and any((f.alias or n) == key for n, f in child.model_fields.items())):
            return field.alias or name
    return None


# --- locations -------------------------------------------------------------------------------------


@functools.cache
def _field_keys(model: type[BaseModel]) -> tuple[tuple[str, str], ...]:
    return tuple((name, field.alias or name) for name, field in model.model_fields.items())


_CONTAINERS = (Node, list, dict)


def _attach_locations(obj: Any, path: Path, smap: SourceMap) -> None:
    # Private attributes are set through __pydantic_private__: a 10,000-KPI spec has a million of them.
    # This runs once per model field of the spec (hundreds of thousands of times): the tables are locals and a
    # list's items are visited once (their locations and the objects inside them in the same loop).
    values, keys = smap.values, smap.keys
    if isinstance(obj, Node):
        private = obj.__pydantic_private__
        private["_loc"] = values.get(path) or smap.value(path)
        field_locs, key_locs, item_locs = private["_field_locs"], private["_key_locs"], private["_item_locs"]
        fields = obj.__dict__
        for name, key in _field_keys(type(obj)):
            sub = path + (key,)
            loc = values.get(sub)
            value = fields.get(name)
            if loc is not None:
                field_locs[name] = loc
                key_locs[name] = keys.get(sub, loc)
            if isinstance(value, list):
                for i, item in enumerate(value):
                    item_path = sub + (i,)
                    item_loc = values.get(item_path)
                    if item_loc is not None:
                        item_locs[(name, i)] = item_loc
                    if isinstance(item, _CONTAINERS):
                        _attach_locations(item, item_path, smap)
            elif isinstance(value, _CONTAINERS):
                if isinstance(value, dict):  # where each key is written: a finding on one `noqa` entry points at it
                    for entry in value:
                        entry_loc = keys.get(sub + (entry,))
                        if entry_loc is not None:
                            item_locs[(name, entry)] = entry_loc
                _attach_locations(value, sub, smap)
    elif isinstance(obj, list):
        for i, item in enumerate(obj):
            if isinstance(item, _CONTAINERS):
                _attach_locations(item, path + (i,), smap)
    elif isinstance(obj, dict):
        for key, item in obj.items():
            if isinstance(item, _CONTAINERS):
                _attach_locations(item, path + (key,), smap)


def _spec_locator(spec: Spec) -> Locate:
    """A `path -> Location` function over a Spec's remembered locations (for a Spec not read from a file)."""
    table: dict[Path, Location] = {}

    def walk(obj: Any, path: Path) -> None:
        if isinstance(obj, Node):
            if obj.loc is not None:
                table[path] = obj.loc
            for name, field in type(obj).model_fields.items():
                sub = path + (field.alias or name,)
                if name in obj._field_locs:
                    table[sub] = obj._field_locs[name]
                for (item_field, i), loc in obj._item_locs.items():
                    if item_field == name:
                        table[sub + (i,)] = loc
                walk(getattr(obj, name), sub)
        elif isinstance(obj, list):
            for i, item in enumerate(obj):
                walk(item, path + (i,))
        elif isinstance(obj, dict):
            for key, item in obj.items():
                walk(item, path + (key,))

    walk(spec, ())
    fallback = Location(spec.path or "<spec>")

    def locate(path: Path) -> Location:
        while path:
            if path in table:
                return table[path]
            path = path[:-1]
        return table.get((), fallback)

    return locate


# --- cross references and meaning, on the raw data -----------------------------------------------------


def check_references(spec: Spec, bag: DiagnosticBag) -> None:
    """Every team, metric and KPI a spec names must exist; ids are unique; metric definitions are complete.

    For a Spec built in code (a draft from a sentence); `load_spec` runs the same checks on the file's data.
    """
    check_data(spec.model_dump(by_alias=True, mode="python", exclude_none=True), _spec_locator(spec), bag)


def _str(value: Any) -> str | None:
    return value if isinstance(value, str) else None


def _strings(value: Any) -> list[tuple[int, str]]:
    return [(i, v) for i, v in enumerate(value) if isinstance(v, str)] if isinstance(value, list) else []


def _mapping(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def _slug(text: str) -> str:
    """`Panier moyen` -> `panier_moyen`, `Taux d'ouverture` -> `taux_d_ouverture`: a label as a user types a name."""
    import unicodedata

    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii").lower()
    return re.sub(r"[^a-z0-9]+", "_", plain).strip("_")


def _by_label(name: str, known: list[str]) -> str | None:
    """The built-in metric whose English or French label the name spells (`panier_moyen`, `Marge brute`)."""
    from kpiguard.catalog import builtin_metrics

    labels: dict[str, str] = {}
    for metric_name, metric in builtin_metrics().items():
        if metric_name in known and isinstance(metric.label, dict):
            for text in metric.label.values():
                labels.setdefault(_slug(text), metric_name)
    wanted = _slug(name)
    if wanted in labels:
        return labels[wanted]
    close = difflib.get_close_matches(wanted, list(labels), n=1, cutoff=0.85)
    return labels[close[0]] if close else None


def _check_values(values: dict[str, Any], renames: dict[str, Any], locate_key: Locate, bag: DiagnosticBag) -> None:
    """data.values: columns by kpiguard's names (not the user's, which data.columns maps), a canonical value the
    catalog reads (a status, an e-mail event) one it knows, and a value of the user's data standing for one
    canonical value only."""
    from kpiguard.catalog.vocabulary import VOCABULARIES

    for table, columns in values.items():
        reverse = {user: canonical for canonical, user in _mapping(renames.get(table)).items()}
        for column, mapping in _mapping(columns).items():
            if column in reverse and column not in _mapping(renames.get(table)):
                bag.add(VALUES_USER_NAME, locate_key(("data", "values", table, column)), column=column,
                        canonical=reverse[column], table=table)
            known = VOCABULARIES.get((table, column))
            seen: dict[str, str] = {}
            for canonical, written in _mapping(mapping).items():
                path = ("data", "values", table, column, canonical)
                if known is not None and canonical not in known:
                    best = difflib.get_close_matches(str(canonical), known, n=1, cutoff=0.5)
                    bag.add(UNKNOWN_VALUE, locate_key(path), value=canonical, table=table, column=column,
                            known=", ".join(known), hint=DID_YOU_MEAN(best=best[0]) if best else "")
                for value in written if isinstance(written, list) else [written]:
                    value = str(value)
                    if value in seen and seen[value] != canonical:
                        bag.add(VALUE_TWICE, locate_key(path), value=value, first=seen[value], second=canonical)
                    seen.setdefault(value, canonical)


def _check_amounts(amounts: dict[str, Any], renames: dict[str, Any], locate_key: Locate, bag: DiagnosticBag) -> None:
    """data.amounts: kpiguard's amount columns of a canonical table (its money, by kpiguard's names, not the
    user's that data.columns maps), any column of a table of the user's own."""
    for table, columns in amounts.items():
        known = AMOUNT_COLUMNS.get(table)
        reverse = {user: canonical for canonical, user in _mapping(renames.get(table)).items()}
        for column in _mapping(columns):
            where = locate_key(("data", "amounts", table, column))
            if column in reverse and column not in _mapping(renames.get(table)):
                bag.add(AMOUNTS_USER_NAME, where, column=column, canonical=reverse[column], table=table)
            elif known is not None and column not in known and (
                    column in CANONICAL_COLUMNS.get(table, ()) or difflib.get_close_matches(str(column), known, n=1,
                                                                                             cutoff=0.8)):
                # a canonical column that holds no money (`status`), or a misspelt amount (`revnue`); another column
                # is one of the user's own (`shipping_cost`), which their metrics may add up
                best = difflib.get_close_matches(str(column), known, n=1, cutoff=0.5)
                bag.add(NOT_AN_AMOUNT, where, column=column, table=table,
                        known=ITS_AMOUNTS(known=", ".join(known)) if known else NO_AMOUNTS(table=table),
                        hint=DID_YOU_MEAN(best=best[0]) if best else "")


def _unknown(bag: DiagnosticBag, what: str, name: str, loc: Location | None, known: Iterable[str],
             aliases: dict[str, str] | None = None) -> None:
    """An unknown reference, with the closest known name (or one whose alias, a team's display name, it spells)."""
    known = sorted(known)
    best = difflib.get_close_matches(name, known, n=1, cutoff=0.6)
    if not best:  # `CRM` for `crm`, `Email_Revenue` for `email_revenue`
        best = [k for k in known if k.lower() == name.lower()][:1]
    if not best and what == "metric":  # `panier_moyen`, `Marge brute`: a metric named by its label
        found = _by_label(name, known)
        best = [found] if found else []
    if not best and aliases:  # `Customer support` for the team `support` named so
        best = [aliases[a] for a in aliases if _slug(a) == _slug(name)][:1]
    if best:
        hint = DID_YOU_MEAN(best=best[0])
    elif known:
        shown_names = ", ".join(known[:12]) + (", ..." if len(known) > 12 else "")
        hint = KNOWN(known=shown_names)
    else:
        hint = NONE_DECLARED(section=SECTION_OF[what])
    if what == "table" and not best:  # a table of the shop's own (subscriptions, returns): say how to add it
        hint += DECLARE_TABLE(name=name)
    if what == "team" and not best and _slug(name):  # a team the spec has not declared yet (`Service client`)
        hint += DECLARE_TEAM(id=_slug(name).replace("_", "-"), name=name)
    bag.add(UNKNOWN_REF, loc, what=WHAT[what](), name=name, hint=hint)


def check_data(
    data: dict[str, Any], locate: Locate, bag: DiagnosticBag, *, locate_key: Locate | None = None,
    source: str | None = None,
) -> None:
    """The checks that span objects, run on plain spec data (as read from YAML, or dumped from a Spec).

    `locate(path)` gives where a value is written, `locate_key(path)` where its key is (default: `locate`);
    `source` the spec's text, so that a problem inside an expression is located at its own line and column.
    Values of the wrong type are skipped here: model validation reports them.
    """
    locate_key = locate_key or locate
    from kpiguard.catalog import builtin_metrics

    catalog = builtin_metrics()
    teams = _mapping(data.get("teams"))
    metrics = _mapping(data.get("metrics"))
    data_config = _mapping(data.get("data"))
    tables = set(CANONICAL_TABLES) | set(_mapping(data_config.get("tables")))
    metric_names = set(catalog) | set(metrics)
    kpis = data.get("kpis") if isinstance(data.get("kpis"), list) else []

    def metric_ref(name: Any, path: Path) -> None:
        if isinstance(name, str) and name not in metric_names:
            _unknown(bag, "metric", name, locate(path), metric_names)

    def team_ref(name: Any, path: Path) -> None:
        # Without a `teams` section, owners are free text; with one, every name must be declared.
        if isinstance(name, str) and teams and name not in teams:
            names = {body["name"]: team for team, body in teams.items()
                     if isinstance(body, dict) and isinstance(body.get("name"), str)}
            _unknown(bag, "team", name, locate(path), teams, names)

    _check_engine(data_config, locate, bag)
    _check_table_files(data_config, locate, bag)
    for section in ("columns", "values", "timezones", "date_order", "filters", "amounts"):
        for table in _mapping(data_config.get(section)):
            if table not in tables:
                _unknown(bag, "table", table, locate_key(("data", section, table)), tables)
    for table, text in _mapping(data_config.get("filters")).items():
        _screen_expression(text, "filter", ("data", "filters", table), locate, bag, source)
    _check_values(_mapping(data_config.get("values")), _mapping(data_config.get("columns")), locate_key, bag)
    _check_amounts(_mapping(data_config.get("amounts")), _mapping(data_config.get("columns")), locate_key, bag)

    for name, body in metrics.items():
        if isinstance(body, dict):
            _check_metric_definition(name, body, locate, bag, tables, metric_ref, metric_names, source)
    _check_metric_cycles(metrics, catalog, locate, bag)

    first_line: dict[str, int] = {}
    for i, kpi in enumerate(kpis):
        kpi_id = _str(kpi.get("id")) if isinstance(kpi, dict) else None
        if kpi_id is None:
            continue
        loc = locate(("kpis", i, "id"))
        if kpi_id in first_line:
            bag.add(DUPLICATE_KPI, loc, id=kpi_id, line=first_line[kpi_id])
        else:
            first_line[kpi_id] = loc.line
    for i, kpi in enumerate(kpis):
        if not isinstance(kpi, dict):
            continue
        here: Path = ("kpis", i)
        metric_ref(kpi.get("metric"), here + ("metric",))
        team_ref(kpi.get("owner"), here + ("owner",))
        for field in ("contributors", "visibility"):
            for j, team in _strings(kpi.get(field)):
                team_ref(team, here + (field, j))
        for j, target in _strings(kpi.get("serves")):
            if target == kpi.get("id"):
                bag.add(SERVES_SELF, locate(here + ("serves", j)))
            elif target not in first_line:
                _unknown(bag, "kpi", target, locate(here + ("serves", j)), first_line)
        guardrails = kpi.get("guardrails") if isinstance(kpi.get("guardrails"), list) else []
        for j, guardrail in enumerate(guardrails):
            if isinstance(guardrail, dict):
                metric_ref(guardrail.get("metric"), here + ("guardrails", j, "metric"))
                _check_bounded_guardrail(guardrail, here + ("guardrails", j), catalog, metrics, locate, bag)
                for key in ("min", "max"):
                    _check_bounded_value(guardrail.get("metric"), key, guardrail.get(key),
                                         here + ("guardrails", j, key), catalog, metrics, locate, bag)
                    _check_percent_on_plain(guardrail.get("metric"), key, guardrail.get(key),
                                            here + ("guardrails", j, key), catalog, metrics, locate, bag)
        target = kpi.get("target")
        if isinstance(target, dict):
            for key in ("from", "to"):
                _check_bounded_value(kpi.get("metric"), f"target.{key}", target.get(key), here + ("target", key),
                                     catalog, metrics, locate, bag)
            for key in ("from", "to"):
                _check_percent_on_plain(kpi.get("metric"), f"target.{key}", target.get(key),
                                        here + ("target", key), catalog, metrics, locate, bag,
                                        start=target.get("from") if key == "to" else None)
        _check_horizon(kpi, here, locate, bag)
    _check_serves_cycles(kpis, first_line, locate, bag)


def _check_serves_cycles(kpis: list[Any], ids: dict[str, int], locate: Locate, bag: DiagnosticBag) -> None:
    """`a` serves `b` serves `a`: each cycle once, at the `serves` entry that closes it (self-service is apart)."""
    edges: dict[str, list[tuple[str, Path]]] = {}
    for i, kpi in enumerate(kpis):
        kpi_id = _str(kpi.get("id")) if isinstance(kpi, dict) else None
        if kpi_id is None or kpi_id in edges:
            continue
        edges[kpi_id] = [(t, ("kpis", i, "serves", j)) for j, t in _strings(kpi.get("serves"))
                         if t in ids and t != kpi_id]
    state: dict[str, int] = {}  # 1: on the current path, 2: done
    reported: set[frozenset[str]] = set()
    for root, first in edges.items():
        if root in state:
            continue
        # Depth-first without recursion: a spec may chain thousands of KPIs.
        trail, stack = [root], [iter(first)]
        state[root] = 1
        while stack:
            step = next(stack[-1], None)
            if step is None:
                state[trail.pop()] = 2
                stack.pop()
                continue
            target, where = step
            if state.get(target) == 1:
                cycle = trail[trail.index(target):] + [target]
                if frozenset(cycle) not in reported:
                    reported.add(frozenset(cycle))
                    bag.add(SERVES_CYCLE, locate(where), id=target, cycle=" -> ".join(cycle))
            elif target not in state:
                state[target] = 1
                trail.append(target)
                stack.append(iter(edges[target]))


def _check_engine(data_config: dict[str, Any], locate: Locate, bag: DiagnosticBag) -> None:
    engine = data_config.get("engine")
    if not isinstance(engine, str) or re.fullmatch(r"\s*\$\{[^}]*\}\s*", engine):
        return  # the whole URL from the environment: checked when connecting (kpiguard.metrics.source)
    problem = unknown_engine(engine)
    if problem is not None:
        bag.add(UNKNOWN_ENGINE, locate(("data", "engine")), **problem)


# Spreadsheets that an analyst may point a table at: kpiguard reads their CSV export, not the workbook.
SPREADSHEET_SUFFIXES = (".xlsx", ".xlsm", ".xls", ".ods", ".numbers")


def _check_table_files(data_config: dict[str, Any], locate: Locate, bag: DiagnosticBag) -> None:
    """A table given as a spreadsheet (`orders: exports/commandes.xlsx`) is refused at its line, from its name
    alone: the workbook would only be refused when the data is read."""
    for table, value in _mapping(data_config.get("tables")).items():
        if isinstance(value, str) and value.strip().lower().endswith(SPREADSHEET_SUFFIXES):
            bag.add(SPREADSHEET, locate(("data", "tables", table)), table=table, path=value.strip())


def hide_password(text: str) -> str:
    """Text that may hold a connection URL or DSN, without its password: never echoed into a terminal or a CI
    log (`postgres://user:***@host`, also without its `//` or scheme, and libpq's `password=***`)."""
    text = re.sub(r"(^|[/\s'\"(])([^/@:\s'\"]*):(?!\$\{)([^/@\s'\"]+)@", r"\1\2:***@", text)
    return re.sub(r"(password\s*=\s*)('[^']*'|\S+)", r"\1***", text, flags=re.IGNORECASE)


def unknown_engine(engine: str) -> dict[str, str] | None:
    """The values of UNKNOWN_ENGINE for an engine kpiguard cannot open (its password hidden), else None."""
    value = hide_password(engine.strip())
    scheme = value.split("://", 1)[0].lower() if "://" in value else None
    if scheme is None:
        if value.lower() in BARE_ENGINES or value.lower().endswith(DATABASE_FILE_SUFFIXES):
            return None
        # `postgres//host/db` or `postgres:/host/db`: the scheme is the word before the mangled `://`
        candidate = re.match(r"[a-z0-9+]*", value.lower()).group() or value.lower()  # type: ignore[union-attr]
    elif scheme.split("+", 1)[0] in ENGINE_SCHEMES:  # `postgresql+psycopg2://`: SQLAlchemy's driver is dropped
        return None
    else:
        candidate = scheme
    best = difflib.get_close_matches(candidate, ENGINE_SCHEMES, n=1, cutoff=0.6)
    if best and scheme is not None:
        hint = DID_YOU_MEAN(best=f"{best[0]}://{value.split('://', 1)[1]}")
    elif best:
        hint = DID_YOU_MEAN(best=best[0] if best[0] == "duckdb" else f"{best[0]}://...")
    else:
        hint = ""
    return {"value": value, "hint": hint}


def _metric_type(body: dict[str, Any]) -> str:
    kind = body.get("type", "simple")
    return kind if isinstance(kind, str) else "simple"


def _check_metric_definition(
    name: str,
    body: dict[str, Any],
    locate: Locate,
    bag: DiagnosticBag,
    tables: set[str],
    metric_ref: Callable[[Any, Path], None],
    metric_names: set[str],
    source: str | None,
) -> None:
    here: Path = ("metrics", name)
    kind = _metric_type(body)
    # A definition written for another type (numerator and denominator without `type: ratio`) says which.
    present = {key for key, value in body.items() if value is not None}
    wanted = next(
        (
            t
            for t, keys in METRIC_KEYS.items()
            if t != kind and present & set(keys) and not present & set(METRIC_KEYS.get(kind, ()))
        ),
        None,
    )
    required = METRIC_NEEDS_KEYS.get(kind, ())
    missing = [key for key in required if body.get(key) is None]
    if missing:
        hint = SET_TYPE(type=wanted) if wanted and "type" not in body else ""
        bag.add(METRIC_NEEDS, locate(here), type=kind, keys=", ".join(missing), hint=hint)
    # Keys of another type are refused (they would be silently ignored), unless "add `type: ...`" said it all.
    if kind in METRIC_KEYS and not (missing and wanted and "type" not in body):
        own = METRIC_KEYS[kind]
        foreign = {key for keys in METRIC_KEYS.values() for key in keys} - set(own)
        if kind == "ratio":
            foreign.discard("filter")
        for key in body:
            if key in foreign and key in present:
                bag.add(
                    METRIC_UNUSED_KEY,
                    locate(here + (key,)),
                    key=key,
                    type=kind,
                    takes=", ".join(own),
                    hint="",
                )
    for key in ("description", "label"):
        for lang in _mapping(body.get(key)):
            if lang not in LANGS:
                bag.add(UNKNOWN_LANG, locate(here + (key, lang)), lang=lang)
    table = body.get("table")
    if isinstance(table, str) and table not in tables:
        _unknown(bag, "table", table, locate(here + ("table",)), tables)
    params = _mapping(body.get("params"))
    for key, least in WHOLE_PARAMS.items():
        value = params.get(key)
        if key in params and not is_whole_param(key, value):
            bag.add(PARAM_NOT_WHOLE, locate(here + ("params", key)), key=key, least=least, value=value)
    for key in ("numerator", "denominator"):
        metric_ref(body.get(key), here + (key,))
    for key in ("tradeoffs", "drivers"):
        for j, ref in _strings(body.get(key)):
            metric_ref(ref, here + (key, j))
    screened = {key: _screen_expression(body.get(key), key, here + (key,), locate, bag, source)
                for key in ("measure", "filter", "expr")}
    expr = body.get("expr")
    if kind == "derived" and isinstance(expr, str) and screened["expr"]:
        for ref in _expr_metric_names(expr):
            if ref not in metric_names:
                _unknown(bag, "metric", ref, _name_loc(locate(here + ("expr",)), expr, ref, source), metric_names)


def _screen_expression(text: Any, key: str, path: Path, locate: Locate, bag: DiagnosticBag,
                       source: str | None = None) -> bool:
    """What validate can refuse in a measure/filter/expr without a parser (`;`, comments, subqueries, ...).

    True when the text passes (the full check runs when the metric is computed, against the table's columns).
    """
    from kpiguard.spec.exprnames import screen

    if not isinstance(text, str):
        return True
    problem = screen(text, key)  # type: ignore[arg-type]
    if problem is None:
        return True
    message, offset = problem
    loc = locate(path)
    if loc.line and offset is not None:  # the problem's own line and column, in any kind of scalar
        from kpiguard.spec.yamlsource import locate_in_scalar

        loc = locate_in_scalar(loc, text, offset, source or None)
    bag.add(message, loc, code="expression")
    return False


def _name_loc(loc: Location, text: str, name: str, source: str | None) -> Location:
    """Where `name` is first written in the expression `text`, whose scalar starts at `loc`."""
    from kpiguard.spec.yamlsource import locate_in_scalar

    match = re.search(rf"(?<![A-Za-z0-9_]){re.escape(name)}(?![A-Za-z0-9_])", text)
    return locate_in_scalar(loc, text, match.start(), source or None) if match and loc.line else loc


def _expr_metric_names(expr: str) -> list[str]:
    """Names in an arithmetic expression over metrics: identifiers not called as functions, minus keywords."""
    from kpiguard.spec.exprnames import names_in

    called = set(re.findall(r"([A-Za-z_][A-Za-z0-9_]*)\s*\(", expr))
    return [n for n in names_in(expr) if n not in called and n.lower() not in EXPR_WORDS]


def _check_metric_cycles(
    metrics: dict[str, Any], catalog: dict[str, MetricDef], locate: Locate, bag: DiagnosticBag
) -> None:
    def deps(name: str) -> list[str]:
        body = metrics.get(name)
        if isinstance(body, dict):
            out = [m for m in (body.get("numerator"), body.get("denominator")) if isinstance(m, str)]
            if _metric_type(body) == "derived" and isinstance(body.get("expr"), str):
                out += [n for n in _expr_metric_names(body["expr"]) if n in metrics or n in catalog]
            return out
        builtin = catalog.get(name)
        if builtin is None:
            return []
        return [m for m in (builtin.numerator, builtin.denominator) if m]

    reported: set[frozenset[str]] = set()  # a cycle once, at its first metric, not once per member
    for name in metrics:
        stack = [(name, (name,))]
        seen: set[str] = set()
        while stack:
            current, trail = stack.pop()
            for dep in deps(current):
                if dep == name:
                    if frozenset(trail) not in reported:
                        reported.add(frozenset(trail))
                        bag.add(METRIC_CYCLE, locate(("metrics", name)), name=name,
                                cycle=" -> ".join(trail + (dep,)))
                    stack.clear()
                    break
                if dep not in seen:
                    seen.add(dep)
                    stack.append((dep, trail + (dep,)))


def _check_bounded_guardrail(
    guardrail: dict[str, Any],
    path: Path,
    catalog: dict[str, MetricDef],
    metrics: dict[str, Any],
    locate: Locate,
    bag: DiagnosticBag,
) -> None:
    """`min: 20` on a rate (always in 0..1) is a percent written as a number: the guardrail could never hold.

    Targets (`to: 25` on a share) are the linter's (KG204); a guardrail that can never be met or
    never be breached is refused here, because it silently decides every review.
    """
    name = guardrail.get("metric")
    if not isinstance(name, str):
        return
    custom = metrics.get(name)
    ratio_of = (
        custom.get("ratio_of")
        if isinstance(custom, dict)
        else (catalog[name].ratio_of if name in catalog else None)
    )
    if ratio_of not in BOUNDED_WHAT:
        return
    for key, verb in (("min", VERB_MET), ("max", VERB_BROKEN)):
        raw = guardrail.get(key)
        if raw is None or (isinstance(raw, str) and raw.strip().endswith("%")):
            continue
        try:
            number = parse_number(raw)
        except ValueError:
            continue  # reported by model validation
        if number > 1:
            bag.add(
                BOUNDED_ABSOLUTE,
                locate(path + (key,)),
                key=key,
                value=raw,
                metric=name,
                what=BOUNDED_WHAT[ratio_of](),
                verb=verb(),
                literal=f"{number:g}%",
                fraction=f"{number / 100:g}",
            )


def _bounded_what(name: Any, catalog: dict[str, MetricDef], metrics: dict[str, Any]) -> str | None:
    """rate / share when the metric's values lie between 0 and 1, None otherwise or when unsure."""
    if not isinstance(name, str):
        return None
    custom = metrics.get(name)
    if isinstance(custom, dict):
        ratio_of = custom.get("ratio_of")
    else:
        ratio_of = catalog[name].ratio_of if name in catalog else None
    return ratio_of if ratio_of in BOUNDED_WHAT else None


def _check_bounded_value(
    metric: Any,
    key: str,
    raw: Any,
    path: Path,
    catalog: dict[str, MetricDef],
    metrics: dict[str, Any],
    locate: Locate,
    bag: DiagnosticBag,
) -> None:
    """`to: 150%` or `to: -1%` on a share or a rate: a value outside 0..100 % that no period can ever show.

    A bare number above 1 (`to: 25`) is the linter's (KG204: a percent without its sign); a percent literal
    out of range, or any negative value, is refused here.
    """
    what = _bounded_what(metric, catalog, metrics)
    if what is None or raw is None:
        return
    try:
        number = parse_number(raw)
    except ValueError:
        return  # reported by model validation
    percent = isinstance(raw, str) and raw.strip().endswith("%")
    if number < 0 or (percent and number > 1):
        hint = BOUNDED_RANGE_HINT(value=str(raw).strip()) if percent and number > 1 else ""
        # A floor below 0 % or a ceiling above 100 % always holds; the reverse never does.
        if key in ("min", "max"):
            verb = VERB_BROKEN if (key == "min") == (number < 0) else VERB_MET
        else:
            verb = VERB_REACHED
        bag.add(BOUNDED_RANGE, locate(path), key=key, value=str(raw).strip(), metric=metric,
                what=BOUNDED_WHAT[what](), verb=verb(), hint=hint)


def _plain_kind(name: Any, catalog: dict[str, MetricDef], metrics: dict[str, Any]) -> str | None:
    """amount / count / average when the metric's values are known not to be fractions; None when unsure."""
    if not isinstance(name, str):
        return None
    custom = metrics.get(name)
    if isinstance(custom, dict):
        kind, ratio_of, unit = custom.get("kind"), custom.get("ratio_of"), custom.get("unit")
        is_ratio = _metric_type(custom) == "ratio"
    elif name in catalog:
        metric = catalog[name]
        kind, ratio_of, unit, is_ratio = metric.kind, metric.ratio_of, metric.unit, metric.is_ratio
    else:
        return None
    if unit == "%":
        return None
    if ratio_of == "average":
        return "average"
    if kind in ("amount", "count") and not is_ratio and ratio_of is None:
        return kind
    return None


def _check_percent_on_plain(
    metric: Any,
    key: str,
    raw: Any,
    path: Path,
    catalog: dict[str, MetricDef],
    metrics: dict[str, Any],
    locate: Locate,
    bag: DiagnosticBag,
    *,
    start: Any = None,
) -> None:
    """`to: 7%` on revenue is 0.07 EUR: a percent written where the metric's value itself is meant.

    Left as is, the target is met (or the floor holds) from day one and silently decides every review.
    Only for metrics known not to be fractions (amounts, counts, averages such as aov).
    """
    if not (isinstance(raw, str) and raw.strip().endswith("%")):
        return
    what = _plain_kind(metric, catalog, metrics)
    if what is None:
        return
    try:
        fraction = parse_number(raw)
    except ValueError:
        return  # reported by model validation
    hint = ""
    if key == "target.to" and start is not None and not (isinstance(start, str) and start.strip().endswith("%")):
        try:
            base = parse_number(start)
            hint = GROWTH_HINT(percent=raw.strip(), from_=f"{base:.15g}", to=f"{base * (1 + fraction):.15g}")
        except ValueError:
            hint = ""
    elif key == "target.to":
        hint = GROWTH_HINT_NO_FROM(percent=raw.strip(), factor=f"{1 + fraction:.10g}")
    elif key in ("min", "max"):
        hint = RELATIVE_HINT(value=raw.strip())
    bag.add(PERCENT_ON_PLAIN, locate(path), key=key, value=raw.strip(), metric=metric, what=PLAIN_WHAT[what](),
            fraction=f"{fraction:g}", hint=hint)


def _check_horizon(kpi: dict[str, Any], path: Path, locate: Locate, bag: DiagnosticBag) -> None:
    target = kpi.get("target")
    if not isinstance(target, dict) or kpi.get("baseline") is None or target.get("by") is None:
        return
    try:
        baseline = parse_period(kpi["baseline"])
        by = target["by"] if isinstance(target["by"], date) else parse_period(target["by"]).last_day
    except (PeriodError, ValueError, TypeError):
        return  # reported by model validation
    if isinstance(baseline, Period) and by <= baseline.last_day:
        bag.add(
            BY_BEFORE_BASELINE,
            locate(path + ("target", "by")),
            by=by.isoformat(),
            baseline=baseline.label,
            last=baseline.last_day.isoformat(),
        )
