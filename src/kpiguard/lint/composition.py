"""The rewrites of one KPI written on top of each other: each one carries the fixes of the KPI's other findings.

A rule writes its rewrite as the KPI with its own fix (`kpi_data`, then its edit). Pasted one after the other, the
rewrites of one KPI used to undo each other: KG301's `serves` pasted last brought back the horizon KG202 had added,
and KG202's pasted last the missing `serves`. The linter links the snippets of one KPI (`Snippet.group`); each is
then written as the KPI as written, with the edits of the others applied, its own last. What an edit changed is read
against the KPI as written, key by key, so that edits of different keys add up:

- `target`: FROM, TO and horizon apart (KG201's FROM, KG202's horizon); an edit that puts another metric in place
  of the KPI's (KG101, KG102) brings its whole target, and a FROM or TO of an edit that kept the metric is then
  left out (it was a value of the metric replaced); a target removed (KG101: follow the share) stays removed;
- `guardrails`: by metric and threshold (KG101 holds the whole up, KG106 guards a risk, KG207 moves a threshold);
- `serves`, `contributors`, `visibility`: entries added and removed; `noqa`, `coordination`: entries by key;
- any other key (id, metric, level, owner, baseline, ...): the value the edit wrote.
"""

from __future__ import annotations

from typing import Any

from kpiguard._i18n import Message
from kpiguard.lint.snippet import Snippet, kpi_data

ONE = Message(en="one rewrite for {codes} on this KPI: paste it once",
              fr="une seule réécriture pour {codes} sur ce KPI : collez-la une fois")

_MISSING = object()
LISTS = ("serves", "contributors", "visibility")
MAPS = ("noqa", "coordination")
THRESHOLDS = ("max_increase", "max_decrease", "min", "max")
TARGET_KEYS = ("from", "to", "by")


def compose(snippet: Snippet) -> tuple[dict[str, Any], list[str] | None, tuple[dict[str, Any], ...]]:
    """The data, notes and extra KPIs of `snippet` written with the edits of its `group`: the KPI as written, the
    edits of the others applied (those that replace the metric first, then by code), its own last, so that it answers
    its own finding whatever the others say. Where the edits do not clash, every rewrite of the KPI is the same."""
    from kpiguard.lint.advice import notes_for

    base = kpi_data(snippet.edits)  # the KPI as written: what each edit changed is read against it
    data = _copy(base)
    group = sorted(snippet.group, key=lambda pair: (pair[1].data.get("metric") == base.get("metric"), pair[0]))
    for _, other in group:
        if other is not snippet:
            apply_edit(data, base, other.data)
    apply_edit(data, base, snippet.data)
    _tidy(data)
    extra: dict[str, dict[str, Any]] = {}
    for item in (x for _, other in group for x in other.extra):
        extra.setdefault(item["id"], item)
    by_code = [other for _, other in sorted(group, key=lambda pair: pair[0])]
    notes = _notes(data, by_code, notes_for) + [ONE(codes=", ".join(dict.fromkeys(sorted(c for c, _ in group))))]
    return data, notes, tuple(extra.values())


def reshapes(snippet: Snippet) -> bool:
    """The snippet puts another metric in place of its KPI's, or drops its target: what the KPI steers changes."""
    kpi, data = snippet.edits, snippet.data
    return kpi is not None and (data.get("metric") != kpi.metric or (kpi.target is not None and "target" not in data))


def apply_edit(data: dict[str, Any], base: dict[str, Any], edit: dict[str, Any]) -> None:
    """Apply to `data` what `edit` changed from `base` (the KPI as written), key by key (see the module's doc)."""
    kept_metric = data.get("metric") == base.get("metric")
    new_metric = edit.get("metric") != base.get("metric")
    for key in dict.fromkeys([*base, *edit]):
        before, after = base.get(key, _MISSING), edit.get(key, _MISSING)
        if _same(before, after):
            continue
        if key == "guardrails":  # (a key removed is every entry removed: another edit's entries stay)
            _apply_guardrails(data, _or(before, []), _or(after, []))
        elif key in LISTS:
            _apply_list(data, key, _or(before, []), _or(after, []))
        elif key in MAPS:
            _apply_map(data, key, _or(before, {}), _or(after, {}))
        elif after is _MISSING:
            data.pop(key, None)
        elif key == "target" and isinstance(after, dict):
            _apply_target(data, before, after, replace=new_metric or before is _MISSING and "target" not in data,
                          values=kept_metric)
        else:
            data[key] = _copy(after)


def _or(value: Any, empty: Any) -> Any:
    return empty if value is _MISSING or value is None else value


def _apply_target(data: dict[str, Any], before: Any, after: dict[str, Any], *, replace: bool, values: bool) -> None:
    """FROM, TO and horizon apart; the whole target when the edit puts another metric in place (or adds a target
    where none is); a FROM or TO of the KPI's metric is not written on a target another edit moved to a new one."""
    if replace:
        data["target"] = _copy(after)
        return
    target = data.get("target")
    if not isinstance(target, dict):  # removed by another edit (the share is followed, not targeted): it stays so
        return
    before = before if isinstance(before, dict) else {}
    for key in TARGET_KEYS:
        old, new = before.get(key, _MISSING), after.get(key, _MISSING)
        if _same(old, new) or (key != "by" and not values):
            continue
        if new is _MISSING:
            target.pop(key, None)
        else:
            target[key] = new
    data["target"] = {key: target[key] for key in (*TARGET_KEYS, *target) if key in target}


def _apply_guardrails(data: dict[str, Any], before: list[dict[str, Any]], after: list[dict[str, Any]]) -> None:
    """Guardrails by metric, thresholds apart: a guardrail the edit removed goes, one it added or changed takes the
    thresholds it wrote (next to those another edit wrote on the same metric)."""
    old = {rail["metric"]: rail for rail in before}
    new = {rail["metric"]: rail for rail in after}
    rails = data.setdefault("guardrails", [])
    for metric in dict.fromkeys([*old, *new]):
        was, now = old.get(metric), new.get(metric)
        if was == now:
            continue
        found = next((rail for rail in rails if rail["metric"] == metric), None)
        if now is None:
            if found is not None:
                rails.remove(found)
        elif found is None:
            rails.append(_copy(now))
        else:  # on a guardrail another edit also wrote: the thresholds this one changed
            was = was or {}
            for key in THRESHOLDS:
                if was.get(key) != now.get(key):
                    if key in now:
                        found[key] = now[key]
                    else:
                        found.pop(key, None)
            rails[rails.index(found)] = {"metric": metric, **{k: found[k] for k in THRESHOLDS if k in found}}


def _apply_list(data: dict[str, Any], key: str, before: list[Any], after: list[Any]) -> None:
    removed = [x for x in before if x not in after]
    items = [x for x in data.get(key, []) if x not in removed]
    items += [x for x in after if x not in before and x not in items]
    data[key] = items


def _apply_map(data: dict[str, Any], key: str, before: dict[str, Any], after: dict[str, Any]) -> None:
    current = dict(data.get(key) or {})
    for name in dict.fromkeys([*before, *after]):
        old, new = before.get(name, _MISSING), after.get(name, _MISSING)
        if _same(old, new):
            continue
        if new is _MISSING:
            current.pop(name, None)
        else:
            current[name] = new
    data[key] = current


def _tidy(data: dict[str, Any]) -> None:
    """No guardrail on the KPI's own metric (the target covers it, and an edit that moved the metric dropped it),
    no empty list or mapping left by an edit that removed the last entry."""
    if data.get("guardrails"):
        data["guardrails"] = [rail for rail in data["guardrails"] if rail["metric"] != data.get("metric")]
    for key in ("guardrails", *LISTS, *MAPS):
        if key in data and not data[key]:
            del data[key]


def _notes(data: dict[str, Any], snippets: list[Snippet], notes_for) -> list[str]:
    """What is left to fill in the combined KPI, then the notes of the snippets that are not about placeholders
    (who to name as owner, a `serves` to write on another KPI), once each."""
    from kpiguard.lint.advice import PLACEHOLDER_NOTES

    placeholder = {note() for note in PLACEHOLDER_NOTES}
    notes = notes_for(data)
    for snippet in snippets:
        for note in snippet.notes or ():
            if note not in placeholder and note not in notes:
                notes.append(note)
    return notes


def _same(a: Any, b: Any) -> bool:
    """Equal values (the placeholder TODO is equal to itself only); a missing key is equal to nothing."""
    if a is _MISSING or b is _MISSING:
        return a is b
    return a is b or a == b


def _copy(value: Any) -> Any:
    """A copy of the lists and mappings of a KPI's data (the values themselves, TODO among them, are kept as they
    are: a deep copy would make a new placeholder that is no longer TODO)."""
    if isinstance(value, dict):
        return {k: _copy(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_copy(v) for v in value]
    return value
