"""Load a spec file: YAML with locations -> validated models -> cross-reference checks, all errors at once."""

from __future__ import annotations

import difflib
import types
import typing
from pathlib import Path as FsPath
from typing import Any, Union

from pydantic import BaseModel, ValidationError

from kpiguard._i18n import Message
from kpiguard.errors import DiagnosticBag, Location, SpecError
from kpiguard.spec.models import KPI, MetricDef, Node, Spec
from kpiguard.spec.yamlsource import Path, SourceMap, read_yaml

CANONICAL_TABLES = ("orders", "order_lines", "customers", "products", "email_events", "sessions",
                    "inventory", "creatives")

M = Message
UNKNOWN_KEY = M(en="unknown key {key!r}{hint}", fr="clé inconnue {key!r}{hint}")
DID_YOU_MEAN = M(en="; did you mean {best!r}?", fr=" ; vouliez-vous dire {best!r} ?")
KNOWN_KEYS = M(en="; known keys: {known}", fr=" ; clés connues : {known}")
MISSING_KEY = M(en="missing required key {key!r}", fr="clé obligatoire manquante : {key!r}")
EXPECTED_ONE_OF = M(en="expected one of {choices}, got {value!r}{hint}", fr="attendu l'une des valeurs {choices}, reçu {value!r}{hint}")
EXPECTED_TYPE = M(en="expected {expected}, got {value!r}", fr="attendu {expected}, reçu {value!r}")
BAD_PATTERN = M(en="{value!r} is not a valid {what}", fr="{value!r} n'est pas un(e) {what} valide")
NOT_A_MAPPING = M(en="a spec file must be a YAML mapping (key: value), got {got}",
                  fr="un fichier de spec doit être un dictionnaire YAML (clé: valeur), reçu {got}")
EMPTY_FILE = M(en="the spec file is empty; start from `kpiguard init` or examples/kpis.example.yaml",
               fr="le fichier de spec est vide ; partez de `kpiguard init` ou d'examples/kpis.example.yaml")
CANNOT_READ = M(en="cannot read the spec: {reason}", fr="impossible de lire la spec : {reason}")
UNKNOWN_REF = M(en="unknown {what} {name!r}{hint}", fr="{what} inconnu(e) {name!r}{hint}")
KNOWN = M(en="; known: {known}", fr=" ; connu(e)s : {known}")
DUPLICATE_KPI = M(en="duplicate KPI id {id!r} (first defined at line {line}); KPI ids must be unique",
                  fr="identifiant de KPI {id!r} en double (déjà défini ligne {line}) ; les identifiants doivent être uniques")
METRIC_NEEDS = M(en="a {type} metric needs {keys}", fr="une métrique {type} a besoin de {keys}")
METRIC_CYCLE = M(en="metric {name!r} is defined in terms of itself ({cycle})",
                 fr="la métrique {name!r} est définie à partir d'elle-même ({cycle})")
SERVES_SELF = M(en="a KPI cannot serve itself", fr="un KPI ne peut pas se servir lui-même")

WHAT = {
    "team": M(en="team", fr="équipe"),
    "metric": M(en="metric", fr="métrique"),
    "kpi": M(en="KPI", fr="KPI"),
    "table": M(en="table", fr="table"),
}
TYPE_NAMES = {
    "string_type": M(en="a string", fr="une chaîne"),
    "int_type": M(en="an integer", fr="un entier"),
    "int_parsing": M(en="an integer", fr="un entier"),
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
}
PATTERN_WHAT = {
    "id": M(en="KPI id (letters, digits, - _ .)", fr="identifiant de KPI (lettres, chiffres, - _ .)"),
    "currency": M(en="ISO currency code (EUR, USD)", fr="code de devise ISO (EUR, USD)"),
}


def load_spec(path: str | FsPath) -> Spec:
    """Read and validate a spec file. Raises SpecError with every problem found, each with file:line:col."""
    path = FsPath(path)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
        raise SpecError([_diag(CANNOT_READ(reason=reason), Location(str(path)))]) from None
    spec = load_spec_text(text, str(path))
    spec._path = str(path)
    return spec


def load_spec_text(text: str, file: str = "<spec>") -> Spec:
    """Validate spec text; `file` names it in locations."""
    bag = DiagnosticBag()
    data, smap = read_yaml(text, file, bag)
    if bag.items:
        bag.raise_if_any()
    if data is None:
        bag.add(EMPTY_FILE, Location(file, 1, 1))
        bag.raise_if_any()
    if not isinstance(data, dict):
        bag.add(NOT_A_MAPPING, smap.value(()), got=type(data).__name__)
        bag.raise_if_any()
    try:
        spec = Spec.model_validate(data)
    except ValidationError as exc:
        for error in exc.errors(include_url=False):
            _report_validation_error(error, data, smap, bag)
        bag.raise_if_any()
        raise  # pragma: no cover - every validation error is reported above
    _attach_locations(spec, (), smap)
    for name, metric in spec.metrics.items():
        metric._name = name
    check_references(spec, bag)
    bag.raise_if_any()
    return spec


def _diag(message: str, loc: Location):
    from kpiguard.errors import Diagnostic

    return Diagnostic(message, loc)


# --- pydantic errors -> located, translated diagnostics ------------------------------------------

def _report_validation_error(error: dict[str, Any], data: Any, smap: SourceMap, bag: DiagnosticBag) -> None:
    path: Path = tuple(p for p in error["loc"] if not (isinstance(p, str) and "[" in p))
    kind = error["type"]
    value = error.get("input")
    if kind == "extra_forbidden":
        key = path[-1]
        known = _known_keys(path[:-1])
        best = difflib.get_close_matches(str(key), known, n=1, cutoff=0.6)
        hint = DID_YOU_MEAN(best=best[0]) if best else KNOWN_KEYS(known=", ".join(known))
        bag.add(UNKNOWN_KEY, smap.key(path), key=key, hint=hint)
    elif kind == "missing":
        bag.add(MISSING_KEY, smap.value(path[:-1]), key=_alias(path[-1]))
    elif kind == "literal_error":
        choices = [c.strip().strip("'") for c in error["ctx"]["expected"].replace(" or ", ", ").split(",")]
        best = difflib.get_close_matches(str(value), choices, n=1, cutoff=0.5)
        hint = DID_YOU_MEAN(best=best[0]) if best else ""
        bag.add(EXPECTED_ONE_OF, smap.value(path), choices=", ".join(choices), value=value, hint=hint)
    elif kind in TYPE_NAMES:
        bag.add(EXPECTED_TYPE, smap.value(path), expected=TYPE_NAMES[kind](), value=value)
    elif kind == "string_pattern_mismatch":
        what = PATTERN_WHAT.get(str(path[-1]))
        bag.add(BAD_PATTERN, smap.value(path), value=value, what=what() if what else str(path[-1]))
    elif kind in ("value_error", "assertion_error"):
        bag.add(str(error["ctx"]["error"]), smap.value(path))
    else:
        bag.add(error["msg"], smap.value(path))


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
            (f for f in model.model_fields.values() if f.alias == part), None)
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


# --- locations -------------------------------------------------------------------------------------

def _attach_locations(obj: Any, path: Path, smap: SourceMap) -> None:
    if isinstance(obj, Node):
        obj._loc = smap.values.get(path) or smap.value(path)
        for name, field in type(obj).model_fields.items():
            key = field.alias or name
            sub = path + (key,)
            if sub in smap.values:
                obj._field_locs[name] = smap.values[sub]
                obj._key_locs[name] = smap.keys.get(sub, smap.values[sub])
            value = getattr(obj, name)
            if isinstance(value, list):
                for i in range(len(value)):
                    if sub + (i,) in smap.values:
                        obj._item_locs[(name, i)] = smap.values[sub + (i,)]
            _attach_locations(value, sub, smap)
    elif isinstance(obj, list):
        for i, item in enumerate(obj):
            _attach_locations(item, path + (i,), smap)
    elif isinstance(obj, dict):
        for key, item in obj.items():
            _attach_locations(item, path + (key,), smap)


# --- cross references --------------------------------------------------------------------------------

def _unknown(bag: DiagnosticBag, what: str, name: str, loc: Location | None, known: list[str]) -> None:
    best = difflib.get_close_matches(name, known, n=1, cutoff=0.6)
    if best:
        hint = DID_YOU_MEAN(best=best[0])
    else:
        shown = ", ".join(sorted(known)[:12]) + (", ..." if len(known) > 12 else "")
        hint = KNOWN(known=shown) if known else ""
    bag.add(UNKNOWN_REF, loc, what=WHAT[what](), name=name, hint=hint)


def check_references(spec: Spec, bag: DiagnosticBag) -> None:
    """Every team, metric and KPI a spec names must exist; ids are unique; metric definitions are complete."""
    from kpiguard.catalog import builtin_metrics

    catalog = builtin_metrics()
    metric_names = sorted(set(catalog) | set(spec.metrics))
    teams = sorted(spec.teams)
    tables = sorted(set(CANONICAL_TABLES) | set(spec.data.tables))

    def team_ref(name: str, loc: Location | None) -> None:
        if teams and name not in spec.teams:
            _unknown(bag, "team", name, loc, teams)

    def metric_ref(name: str, loc: Location | None) -> None:
        if name not in catalog and name not in spec.metrics:
            _unknown(bag, "metric", name, loc, metric_names)

    for name, metric in spec.metrics.items():
        _check_metric_definition(name, metric, bag, tables, metric_ref)
    _check_metric_cycles(spec, catalog, bag)

    seen: dict[str, KPI] = {}
    for kpi in spec.kpis:
        if kpi.id in seen:
            first = seen[kpi.id].loc_of("id")
            bag.add(DUPLICATE_KPI, kpi.loc_of("id"), id=kpi.id, line=first.line if first else "?")
        else:
            seen[kpi.id] = kpi
    ids = sorted(seen)
    for kpi in spec.kpis:
        metric_ref(kpi.metric, kpi.loc_of("metric"))
        if kpi.owner is not None:
            team_ref(kpi.owner, kpi.loc_of("owner"))
        for field in ("contributors", "visibility"):
            for i, team in enumerate(getattr(kpi, field)):
                team_ref(team, _item_loc(kpi, field, i))
        for i, target in enumerate(kpi.serves):
            loc = _item_loc(kpi, "serves", i)
            if target == kpi.id:
                bag.add(SERVES_SELF, loc)
            elif target not in seen:
                _unknown(bag, "kpi", target, loc, ids)
        for guardrail in kpi.guardrails:
            metric_ref(guardrail.metric, guardrail.loc_of("metric"))


def _item_loc(node: Node, field: str, index: int) -> Location | None:
    """Location of the index-th item of a list field, found from the source map through the node itself."""
    return node._item_locs.get((field, index)) or node.loc_of(field)


def _check_metric_definition(name: str, metric: MetricDef, bag: DiagnosticBag, tables: list[str],
                             metric_ref) -> None:
    needs = {"simple": ("table", "measure"), "ratio": ("numerator", "denominator"), "derived": ("expr",)}
    required = needs.get(metric.type, ())
    missing = [key for key in required if getattr(metric, key) is None]
    if missing:
        bag.add(METRIC_NEEDS, metric.loc, type=metric.type, keys=", ".join(missing))
    if metric.table is not None and metric.table not in tables:
        _unknown(bag, "table", metric.table, metric.loc_of("table"), tables)
    for key in ("numerator", "denominator"):
        ref = getattr(metric, key)
        if ref is not None:
            metric_ref(ref, metric.loc_of(key))
    for key in ("tradeoffs", "drivers"):
        for ref in getattr(metric, key):
            metric_ref(ref, metric.loc_of(key))


def _check_metric_cycles(spec: Spec, catalog: dict[str, MetricDef], bag: DiagnosticBag) -> None:
    def deps(name: str) -> list[str]:
        metric = spec.metrics.get(name) or catalog.get(name)
        if metric is None:
            return []
        out = [m for m in (metric.numerator, metric.denominator) if m]
        if metric.type == "derived" and metric.expr:
            from kpiguard.spec.exprnames import names_in

            out += [n for n in names_in(metric.expr) if n in spec.metrics or n in catalog]
        return out

    for name in spec.metrics:
        stack = [(name, (name,))]
        seen: set[str] = set()
        while stack:
            current, trail = stack.pop()
            for dep in deps(current):
                if dep == name:
                    bag.add(METRIC_CYCLE, spec.metrics[name].loc, name=name, cycle=" -> ".join(trail + (dep,)))
                    stack.clear()
                    break
                if dep not in seen:
                    seen.add(dep)
                    stack.append((dep, trail + (dep,)))
