"""The rewrites of one KPI written on top of each other: each one carries the fixes of the KPI's other findings.

A rule writes its rewrite as the KPI with its own fix (`kpi_data`, then its edit). Pasted one after the other, the
rewrites of one KPI used to undo each other: KG301's `serves` pasted last brought back the horizon KG202 had added,
and KG202's pasted last the missing `serves`. The linter links the snippets of one KPI (`Snippet.group`): they are
all written as one KPI, the KPI as written with every edit applied (`ordered` says in which order). What an edit
changed is read against the KPI as written, key by key, so that edits of different keys add up, and where two edits
write the same field, what they mean decides which stands (not which was pasted last):

- `target`: FROM, TO and horizon apart (KG201's FROM, KG202's horizon); an edit that puts another metric in place
  of the KPI's (KG101, KG102) brings its whole target, and a FROM or TO of an edit that kept the metric is then
  left out (it was a value of the metric replaced); a target removed (KG101: follow the share) stays removed;
- `guardrails`: by metric and threshold (KG101 holds the whole up, KG106 guards a risk, KG207 moves a threshold);
  two edits of one threshold (KG101's floor on revenue, KG206's flip of the cap written on it): the stricter;
- `serves`, `contributors`, `visibility`: entries added and removed; `noqa`, `coordination`: entries by key (a
  rule whose edit answers its finding drops the `noqa` left without a reason on it, after KG001 asked for one; a
  rule the user excused with a reason under a misspelt code, which KG002 spells right, keeps that `noqa` and its
  own fix is not applied);
- any other key (id, metric, level, owner, baseline, ...): the value the edit wrote.
"""

from __future__ import annotations

from typing import Any

from kpiguard._i18n import Message
from kpiguard.lint.snippet import TODO, Snippet, is_reason, kpi_data

ONE = Message(en="one rewrite for {codes} on this KPI: paste it once",
              fr="une seule réécriture pour {codes} sur ce KPI : collez-la une fois")
ALSO = Message(en="also the rewrite of {code} on {kpi!r}: paste it once",
               fr="c'est aussi la réécriture de {code} sur {kpi!r} : collez-la une fois")

_MISSING = object()
LISTS = ("serves", "contributors", "visibility")
MAPS = ("noqa", "coordination")
THRESHOLDS = ("max_increase", "max_decrease", "min", "max")
TARGET_KEYS = ("from", "to", "by")


class KpiRewrites:
    """The rewrites of the findings on one KPI (two or more), as (code, snippet): all of them are the same KPI, the
    KPI as written with every edit applied in the order `ordered` gives, worked out and written once. Where two edits
    write the same field, the order and `_apply_guardrails` decide by meaning which one stands, so that the one KPI
    answers every finding (rather than each rewrite putting its own edit last, which gave as many guardrails on the
    whole as there were rewrites: the one pasted last won)."""

    __slots__ = ("_text", "elsewhere", "silent", "snippets")

    def __init__(self, snippets: list[tuple[str, Snippet]], elsewhere: dict[int, str] | None = None,
                 silent: set[int] | None = None) -> None:
        self.snippets = snippets
        # id(snippet) -> the KPI whose finding it answers, when not the KPI it edits (KG303 on an outcome: the
        # output that can serve it, with `serves` naming it)
        self.elsewhere = elsewhere or {}
        # id(snippet) of the fixes of findings that gave way to another (KG105 to KG401): applied, never named
        self.silent = silent or set()
        self._text: str | None = None

    def write(self, snippet: Snippet) -> str:
        """The YAML of the KPI with every edit, then the KPIs the snippets bring with them (the same for all)."""
        if self._text is None:
            self._text = self._written(snippet, self.combined(snippet.edits))
        return self._text

    def combined(self, kpi: Any) -> dict[str, Any]:
        """The KPI as written with the edits of all the snippets applied (see `ordered`)."""
        base = kpi_data(kpi)  # what each edit changed is read against the KPI as written
        data = _copy(base)
        excused = _excused(self.snippets, base)
        snippets = [(code, other) for code, other in self.snippets if code not in excused]
        for _, other in ordered(snippets, base):
            apply_edit(data, base, other.data)
        # (a rule whose fix is a `noqa` on itself, KG205's "or say why", is excused by its own edit: kept)
        _without_moot_noqa(data, {code for code, other in snippets if code not in (other.data.get("noqa") or {})})
        _tidy(data)
        return data

    def _written(self, snippet: Snippet, data: dict[str, Any]) -> str:
        from kpiguard.lint.advice import notes_for

        by_code = sorted(self.snippets, key=lambda pair: pair[0])
        notes = _notes(data, [other for _, other in by_code], notes_for)
        named = [(code, other) for code, other in by_code if id(other) not in self.silent]
        own = list(dict.fromkeys(code for code, other in named if id(other) not in self.elsewhere))
        if len(own) > 1:
            notes.append(ONE(codes=", ".join(own)))
        notes += [ALSO(code=code, kpi=self.elsewhere[id(other)]) for code, other in named
                  if id(other) in self.elsewhere]
        extra: dict[str, dict[str, Any]] = {}
        for _, other in by_code:
            for item in other.extra:
                extra.setdefault(item["id"], item)
        return snippet.write(data, notes) + "".join(snippet.write(item) for item in extra.values())


def ordered(snippets: list[tuple[str, Snippet]], base: dict[str, Any]) -> list[tuple[str, Snippet]]:
    """The order the edits of one KPI are applied in, each one over the ones before:

    - the suppression rules first (KG001 fills in the reason of a `noqa`): a rule whose own edit answers the
      finding the `noqa` meant to silence drops that `noqa` (the KPI is fixed, not excused), after them;
    - then the edits that put another metric in place of the KPI's (KG101, KG102): the values of the old metric
      another edit fixes (KG204's percent, KG205's TO) are left out of the new target (`apply_edit`);
    - then the others by code (where two of them write the same threshold, the stricter stands whatever the order:
      `_apply_guardrails`).
    """
    def rank(pair: tuple[str, Snippet]) -> tuple[int, str]:
        code, snippet = pair
        if code.startswith("KG0"):
            return 0, code
        if snippet.data.get("metric") != base.get("metric"):
            return 1, code
        return 2, code

    return sorted(snippets, key=rank)


def reshapes(snippet: Snippet) -> bool:
    """The snippet puts another metric in place of its KPI's, or drops its target: what the KPI steers changes."""
    kpi, data = snippet.edits, snippet.data
    return kpi is not None and (data.get("metric") != kpi.metric or (kpi.target is not None and "target" not in data))


def changes(base: dict[str, Any], edit: dict[str, Any]) -> list[str]:
    """The keys whose value `edit` changed from `base` (written, removed or added)."""
    return [key for key in dict.fromkeys([*base, *edit]) if not _same(base.get(key, _MISSING), edit.get(key, _MISSING))]


def apply_edit(data: dict[str, Any], base: dict[str, Any], edit: dict[str, Any]) -> None:
    """Apply to `data` what `edit` changed from `base` (the KPI as written), key by key (see the module's doc)."""
    kept_metric = data.get("metric") == base.get("metric")
    new_metric = edit.get("metric") != base.get("metric")
    for key in changes(base, edit):
        before, after = base.get(key, _MISSING), edit.get(key, _MISSING)
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
    """Guardrails by metric (the first, second... on a metric written twice), thresholds apart: a guardrail the
    edit removed goes, one it added or changed takes the thresholds it wrote, next to those another edit wrote on
    the same guardrail. Where another edit already changed the same threshold, the stricter of the two stands: the
    guardrail then answers both findings (KG206 turns the user's `max_increase: 30%` on revenue into
    `max_decrease: 30%`, KG101 asks that revenue not fall: `max_decrease: 0%`, which is what its sentence says)."""
    old, new = _by_metric(before), _by_metric(after)
    rails = data.setdefault("guardrails", [])
    for slot in dict.fromkeys([*old, *new]):
        was, now = old.get(slot), new.get(slot)
        if was == now:
            continue
        found = _slot(rails, slot)
        if now is None:
            if found is not None:
                rails.remove(found)
        elif found is None:
            rails.append(_copy(now))
        else:  # on a guardrail another edit also wrote: the thresholds this one changed
            was = was or {}
            for key in THRESHOLDS:
                if was.get(key) == now.get(key):
                    continue
                if key not in now:
                    found.pop(key, None)
                elif found.get(key, _MISSING) == was.get(key, _MISSING):
                    found[key] = now[key]
                else:  # both edits wrote this threshold
                    found[key] = _stricter(key, found[key], now[key])
            rails[rails.index(found)] = {"metric": slot[0], **{k: found[k] for k in THRESHOLDS if k in found}}


def _by_metric(rails: list[dict[str, Any]]) -> dict[tuple[str, int], dict[str, Any]]:
    """The guardrails by (metric, how many on that metric came before): two guardrails on one metric (a `min` and a
    `max_decrease` written apart) are two entries, not the last one twice."""
    out: dict[tuple[str, int], dict[str, Any]] = {}
    seen: dict[str, int] = {}
    for rail in rails:
        n = seen[rail["metric"]] = seen.get(rail["metric"], -1) + 1
        out[rail["metric"], n] = rail
    return out


def _slot(rails: list[dict[str, Any]], slot: tuple[str, int]) -> dict[str, Any] | None:
    """The guardrail of `rails` in `slot` (see `_by_metric`), if any."""
    return next((rail for key, rail in _by_metric(rails).items() if key == slot), None)


def _stricter(key: str, a: Any, b: Any) -> Any:
    """The threshold that guards more: the lower cap or allowed change, the higher floor (a placeholder, or a value
    that is not a number, gives way to the other one)."""
    numbers = [v for v in (a, b) if isinstance(v, (int, float)) and not isinstance(v, bool)]
    if len(numbers) < 2:
        return numbers[0] if numbers else b
    return max(a, b) if key == "min" else min(a, b)


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


def _excused(snippets: list[tuple[str, Snippet]], base: dict[str, Any]) -> set[str]:
    """The rules the user meant to silence with a reason, under a code KG002 spells right (`KG160: "bounded by the
    media plan"` -> KG106): that `noqa`, pasted, silences the rule, so the rule's own fix is not applied (the
    combined rewrite added KG106's guardrail and dropped the user's reason with the misspelt code)."""
    from kpiguard.lint.registry import all_rules

    written = base.get("noqa") or {}
    meant = {name.strip().upper() for code, snippet in snippets if code == "KG002"
             for name, reason in (snippet.data.get("noqa") or {}).items()
             if name not in written and isinstance(reason, str) and is_reason(reason)}
    return {rule.code for rule in all_rules() if not rule.code.startswith("KG0") and meant & {rule.code, rule.name.upper()}}


def _without_moot_noqa(data: dict[str, Any], codes: set[str]) -> None:
    """No `noqa` left on a rule the rewrite answers (the KPI is fixed, not excused): the one KG001 asked a reason
    for, or one KG002 spelled right with no reason given (with a reason, the rule is excused: `_excused`)."""
    from kpiguard.lint.registry import all_rules

    fixed = {name for rule in all_rules() if rule.code in codes and not rule.code.startswith("KG0")
             for name in (rule.code, rule.name.upper())}
    if data.get("noqa"):
        data["noqa"] = {code: reason for code, reason in data["noqa"].items() if code.strip().upper() not in fixed}


def _tidy(data: dict[str, Any]) -> None:
    """No guardrail on the KPI's own metric (the target covers it, and an edit that moved the metric dropped it),
    no empty list or mapping left by an edit that removed the last entry, no baseline to fill on a KPI whose target
    an edit removed (KG101's "follow the share"; KG201 asked for the period of a FROM that is no longer there)."""
    if "target" not in data and data.get("baseline") is TODO:
        del data["baseline"]
    if data.get("guardrails"):
        data["guardrails"] = [rail for rail in data["guardrails"] if rail["metric"] != data.get("metric")]
    for key in ("guardrails", *LISTS, *MAPS):
        if key in data and not data[key]:
            del data[key]


def _notes(data: dict[str, Any], snippets: list[Snippet], notes_for) -> list[str]:
    """What is left to fill in the combined KPI, then the notes of the snippets that are not about placeholders
    (who to name as owner, a `serves` to write on another KPI), once each."""
    from kpiguard.lint.advice import NOTE_REASON, PLACEHOLDER_NOTES

    placeholder = {note() for note in PLACEHOLDER_NOTES}
    if not any(not is_reason(reason) for reason in (data.get("noqa") or {}).values()):
        placeholder.add(NOTE_REASON())  # (no reason left to write: the rule it excused is fixed by another edit)
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
