"""KPI snippets for rewrites: a KPI as ordered data, edited by a rule, written back as YAML a user can paste."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from datetime import date
from typing import Any

from kpiguard._i18n import Message
from kpiguard.spec.models import KPI

# The order of the reference spec, so that a pasted snippet reads like the rest of the file.
KEY_ORDER = ("id", "statement", "metric", "level", "owner", "contributors", "visibility", "coordination",
             "baseline", "target", "cadence", "serves", "guardrails", "seasonal", "noqa")
RELATIVE = ("max_increase", "max_decrease")
TODO = object()  # a value the user must fill in: written `~` with a comment saying what goes there
# The reason a rewrite writes in a `noqa` for the user to replace (KG001's, KG205's), and the words that stand for
# one: pasted as they are, they excuse nothing, so they silence nothing (KG001 says so).
REASON_TO_WRITE = Message(en="why the rule does not apply here", fr="pourquoi la règle ne s'applique pas ici")
_NOT_REASONS = frozenset({"...", "…", "?", "todo", "tbd", "tbc", "xxx", "why", "reason", "pourquoi", "raison",
                          "à compléter", "a completer", "to do", "fixme", *(REASON_TO_WRITE.render(lang).casefold()
                                                                           for lang in ("en", "fr"))})

_PLAIN = re.compile(r"^[A-Za-z_][A-Za-z0-9_. /()'-]*$")
_PERIOD = re.compile(r"^[0-9]{4}[0-9A-Za-z.-]*$")
_RESERVED = {"yes", "no", "on", "off", "true", "false", "null", "y", "n"}


def one_line(text: str | None) -> str:
    """A statement as one line: YAML's folded `>` and literal `|` blocks keep line breaks a sentence does not have."""
    return " ".join((text or "").split())


class KpiEdit(dict):
    """A KPI as a rewrite's data (`kpi_data`) that knows the KPI it rewrites: the linter writes the rewrites of one
    KPI on top of each other (`composition`). A rule proposing a new KPI from another's data copies it to a `dict`."""

    __slots__ = ("kpi",)


class Snippet:
    """The YAML of a rewrite, written when first asked for (a `Rewrite` takes it): a KPI's data and the notes under
    it, written by `write`, then the KPIs to paste with it (`extra`: a new outcome it serves).

    `group` is set by the linter: the rewrites of the findings on the same KPI, this one among them
    (`composition.KpiRewrites`). The YAML is then this KPI with the fixes of all of them: pasted in any order, the
    rewrites of a KPI no longer bring back each other's finding. `data` must not change once the snippet is made.
    """

    __slots__ = ("data", "extra", "group", "notes", "write")

    def __init__(self, write: Callable[..., str], data: dict[str, Any], notes: list[str] | None = None,
                 extra: tuple[dict[str, Any], ...] = ()) -> None:
        self.write, self.data, self.notes, self.extra = write, data, notes, extra
        self.group: Any = None  # a `composition.KpiRewrites`

    @property
    def edits(self) -> KPI | None:
        """The KPI this snippet rewrites; None for a new KPI to add beside it."""
        return getattr(self.data, "kpi", None)

    def __call__(self) -> str:
        if self.group is not None:
            return self.group.write(self)
        return self.write(self.data, self.notes) + "".join(self.write(item) for item in self.extra)


def kpi_data(kpi: KPI, answers: str | None = None) -> KpiEdit:
    """The KPI as plain, ordered data (fractions stay fractions; `write_kpi` shows percents). The rewrite of the rule
    `answers` drops a `noqa` on that rule left without a reason: the rewrite answers the rule, and the empty reason
    would bring back KG001 once pasted."""
    data = KpiEdit(id=kpi.id)
    data.kpi = kpi
    if one_line(kpi.statement):
        data["statement"] = one_line(kpi.statement)
    data["metric"] = kpi.metric
    for key in ("level", "owner"):
        if getattr(kpi, key) is not None:
            data[key] = getattr(kpi, key)
    for key in ("contributors", "visibility"):
        if getattr(kpi, key):
            data[key] = list(getattr(kpi, key))
    if kpi.coordination is not None:
        data["coordination"] = {k: v for k, v in (("cadence", kpi.coordination.cadence),
                                                   ("forum", kpi.coordination.forum)) if v is not None}
    if kpi.baseline is not None:
        data["baseline"] = kpi.baseline.label
    if kpi.target is not None:
        target: dict[str, Any] = {}
        if kpi.target.from_ is not None:
            target["from"] = kpi.target.from_
        target["to"] = kpi.target.to
        if kpi.target.by is not None:
            target["by"] = kpi.target.by
        data["target"] = target
    if kpi.cadence is not None:
        data["cadence"] = kpi.cadence
    if kpi.serves:
        data["serves"] = list(kpi.serves)
    if kpi.guardrails:
        data["guardrails"] = [guardrail_data(g.metric, **{k: getattr(g, k) for k in
                                                         ("max_increase", "max_decrease", "min", "max")})
                              for g in kpi.guardrails]
    if kpi.seasonal is not None:
        data["seasonal"] = kpi.seasonal
    noqa = {code: reason for code, reason in kpi.noqa.items()
            if answers is None or code.strip().upper() != answers or is_reason(reason)}
    if noqa:
        data["noqa"] = noqa
    return data


def guardrail_data(metric: str, **thresholds: Any) -> dict[str, Any]:
    out: dict[str, Any] = {"metric": metric}
    out.update({k: v for k, v in thresholds.items() if v is not None})
    return out


def add_guardrail(data: dict[str, Any], metric: str, **thresholds: Any) -> None:
    rails = data.setdefault("guardrails", [])
    if not any(r["metric"] == metric for r in rails):
        rails.append(guardrail_data(metric, **thresholds))


def hold_up(data: dict[str, Any], metric: str) -> None:
    """Guard the volume `metric` against any fall (`max_decrease: 0%`): on its guardrail if it has one that does not
    hold it (a cap alone, `max_increase`, lets it fall, as do `max_decrease: 100%` and `min: 0`), else on a new one."""
    for rail in data.setdefault("guardrails", []):
        if rail["metric"] == metric:
            if rail.get("max_decrease", 1) < 1 or rail.get("min", 0) > 0:
                return
            rail.pop("min", None)
            rail["max_decrease"] = 0.0
            return
    data["guardrails"].append(guardrail_data(metric, max_decrease=0.0))


def write_kpi(data: dict[str, Any], percent_metrics: set[str], notes: list[str] | None = None) -> str:
    """YAML for one KPI, as a list item (`- id: ...`) ready to paste under `kpis:`.

    Values of percent metrics and relative thresholds are written as percents (`25%`), like the reference spec.
    `notes` become comment lines under the item: what the user still has to fill in.
    """
    percent = data.get("metric") in percent_metrics
    lines: list[str] = []
    for key in sorted(data, key=lambda k: KEY_ORDER.index(k) if k in KEY_ORDER else len(KEY_ORDER)):
        value = data[key]
        if key == "target":
            parts = ", ".join(f"{k}: {_number(v, percent and _fraction(v)) if k != 'by' else _scalar(v)}"
                              for k, v in value.items())
            lines.append(f"target: {{{parts}}}")
        elif key == "guardrails":
            lines.append("guardrails:")
            for rail in value:
                rail_percent = rail["metric"] in percent_metrics
                for i, (k, v) in enumerate(rail.items()):
                    text = _scalar(v) if k == "metric" else _number(v, k in RELATIVE or (rail_percent and _fraction(v)))
                    lines.append(f"  {'- ' if i == 0 else '  '}{k}: {text}")
        elif isinstance(value, dict):
            # a reason is prose the user writes over the placeholder: quoted, so that "a, b" or "x: y" stays one
            # string (unquoted in the flow mapping, a comma made a second key, and the reason was cut)
            inner = ", ".join(f"{k}: {_scalar(v, quote=key == 'noqa')}" for k, v in value.items())
            lines.append(f"{key}: {{{inner}}}")
        elif isinstance(value, list):
            lines.append(f"{key}: [{', '.join(_scalar(v) for v in value)}]")
        elif key == "baseline":
            lines.append(f"baseline: {value if _PERIOD.match(str(value)) else _scalar(value, quote=True)}")
        else:
            lines.append(f"{key}: {_scalar(value, quote=key == 'statement')}")
    out = ["- " + lines[0]] + ["  " + line for line in lines[1:]]
    out += [f"  # {note}" for note in notes or ()]
    return "\n".join(out) + "\n"


def _fraction(value: Any) -> bool:
    """A value a percent can show: 0 to 1. Outside (8000000 on a rate), it is kept as written, for KG204 to flag."""
    return isinstance(value, (int, float)) and 0 <= value <= 1


def _number(value: Any, percent: bool) -> str:
    if value is TODO or value is None:
        return "~"
    if isinstance(value, str):
        return value
    if percent:
        return f"{round(value * 100, 6):g}%"
    if float(value).is_integer() and abs(value) < 1e15:
        return str(int(value))
    return f"{value:g}"


def _scalar(value: Any, quote: bool = False) -> str:
    if value is TODO or value is None:
        return "~"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return _number(value, False)
    if isinstance(value, date):
        return value.isoformat()
    text = str(value)
    if quote or not _PLAIN.match(text) or text.lower() in _RESERVED:
        return json.dumps(text, ensure_ascii=False)
    return text


def is_reason(text: str | None) -> bool:
    """`text`, given as the reason of a suppression, says something: not empty, not a placeholder (`...`, `TODO`,
    the reason a rewrite writes for the user to replace)."""
    said = (text or "").strip().strip("\"'`").strip().casefold()
    return bool(said) and said not in _NOT_REASONS


def new_output_target(outcome: KPI) -> dict[str, Any]:
    """The `baseline` and `target` of an output a rewrite proposes to serve `outcome` (KG302, KG303): the FROM and
    TO to fill, on the outcome's baseline period and horizon where it has them (the output moves it over the same
    time; written `by: ~` under an outcome with a date, and without a baseline, the output pasted drew KG203)."""
    by = outcome.target.by if outcome.target is not None and outcome.target.by is not None else TODO
    return {"baseline": outcome.baseline.label if outcome.baseline is not None else TODO,
            "target": {"from": TODO, "to": TODO, "by": by}}


def kpi_id_from(text: str, taken: Any = ()) -> str:
    """`text` (a team's id or name, a KPI's id with a suffix) as a KPI id the loader accepts: `équipe-crm-output` ->
    `equipe-crm-output`, `Service client-output` -> `Service-client-output` (a team id may hold what a KPI id may
    not); `-2`, `-3`... added while the id is `taken` (the spec's KPI ids): pasted, it must not clash with one."""
    import unicodedata

    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    wanted = re.sub(r"[^A-Za-z0-9_.-]+", "-", plain).strip("-._") or "kpi"
    candidate, n = wanted, 1
    while candidate in taken:
        n += 1
        candidate = f"{wanted}-{n}"
    return candidate
