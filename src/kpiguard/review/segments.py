"""What moved an additive KPI: each segment's (channel, category...) part of the change, and the reason naming it."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from kpiguard import _numbers as numbers
from kpiguard._i18n import Message, get_lang
from kpiguard._numbers import decimal_sum
from kpiguard.errors import KpiguardError
from kpiguard.metrics.formats import DIMENSION_LABELS
from kpiguard.review.decomposition import segment_contributions
from kpiguard.review.numbers import fmt_delta, fmt_value
from kpiguard.spec.models import Spec
from kpiguard.spec.periods import Period

TOP = 5  # segments shown by name; the rest are added up as OTHER
OTHER = "(other)"
# A reason names the segment that moved the most when it accounts for at least this share of the change.
EXPLAINS_MOST = 0.5

MOVED_MOST = Message(
    en="By {dimension}, {segment} moved the most: {change} of the {total} change ({share} of it).",
    fr="Par {dimension}, c'est {segment} qui a le plus bougé : {change} sur une variation de {total} "
       "({share} de celle-ci).")
# A segment that moved more than the whole: the others moved the other way ("714.3 % of the change" said nothing)
MOVED_BEYOND = Message(
    en="By {dimension}, {segment} moved the most: {change}, more than the whole change of {total} (the other "
       "segments: {rest}).",
    fr="Par {dimension}, c'est {segment} qui a le plus bougé : {change}, plus que la variation totale de {total} "
       "(les autres segments : {rest}).")
# The segment of rows without a value (metrics.segments.NONE_SEGMENT), as a reader of each language writes it.
NONE_NAME = Message(en="(none)", fr="(aucun)")
QUOTED = Message(en="'{name}'", fr="«\u00a0{name}\u00a0»")

# (metric, dimension, baseline start/end, current start/end) -> per-segment values, or None when unavailable
Key = tuple[str, str, Any, Any, Any, Any]


def dimension_label(dimension: str, lang: str | None = None) -> str:
    message = DIMENSION_LABELS.get(dimension)
    return message.render(lang) if message is not None else dimension


def segment_key(metric: str, dimension: str, baseline: Period, current: Period) -> Key:
    return (metric, dimension, baseline.start, baseline.end, current.start, current.end)


def fetch_segments(spec: Spec, source: Any, wanted: list[tuple[str, Period, Period]],
                   dimension: str | None = None) -> dict[Key, Any]:
    """One grouped engine query per (metric, dimension), over every window of the KPIs on it (the engine sums
    each period from the same scan); a metric that cannot be split (not additive, a column the data lacks) just
    has no segments: the review goes on.

    `dimension` (channel, source, campaign, category or a column) replaces each metric's default one; when it
    splits none of the metrics, the first reason is raised (a typo in a dimension is an error, not a silence).
    """
    from kpiguard.metrics.segments import compute_segments, default_dimension, segment_table

    periods: dict[tuple[str, str], dict[tuple[Any, Any], Period]] = {}
    keys: dict[Key, tuple[str, str]] = {}
    for metric, baseline, current in wanted:
        if dimension is None:
            chosen = default_dimension(spec, metric)
        else:
            try:
                segment_table(spec, metric)  # additive metrics only; the others are simply not split
                chosen = dimension
            except KpiguardError:
                chosen = None
        if chosen is None:
            continue
        group = periods.setdefault((metric, chosen), {})
        for period in (baseline, current):
            group.setdefault((period.start, period.end), period)
        keys[segment_key(metric, chosen, baseline, current)] = (metric, chosen)
    computed: dict[tuple[str, str], Any] = {}
    first_error: KpiguardError | None = None
    for (metric, chosen), group in periods.items():
        try:
            computed[(metric, chosen)] = compute_segments(spec, metric, list(group.values()), chosen, source)
        except KpiguardError as error:
            computed[(metric, chosen)] = None  # e.g. orders without utm_medium: no split, the review goes on
            first_error = first_error or error
    if dimension is not None and first_error is not None and not any(v is not None for v in computed.values()):
        raise first_error
    return {key: computed[group] for key, group in keys.items()}


def segments_block(dimension: str, before: Mapping[str, float | None], after: Mapping[str, float | None],
                   scale: float | None = None) -> dict[str, Any] | None:
    """The JSON block: contributions largest movers first, the first TOP by name and the rest as OTHER.

    None when there is nothing to split (fewer than two segments: a metric filtered on one channel) or a
    segment's value is unknown. `scale` multiplies the baseline, as the KPI's baseline is (pro rata of days).
    """
    if any(v is None for v in [*before.values(), *after.values()]):
        return None
    factor = scale or 1.0
    base = {k: float(v) * factor for k, v in before.items()}  # type: ignore[arg-type]
    cur = {k: float(v) for k, v in after.items()}  # type: ignore[arg-type]
    rows = segment_contributions(base, cur)
    if len(rows) < 2:
        return None
    total = decimal_sum(cur.values(), minus=base.values())
    shown, rest = (rows, []) if len(rows) <= TOP + 1 else (rows[:TOP], rows[TOP:])
    contributions = [_row(r.segment, r.before, r.after, total) for r in shown]
    if rest:
        row = _row(OTHER, decimal_sum(r.before for r in rest), decimal_sum(r.after for r in rest), total)
        row["segments"] = len(rest)
        contributions.append(row)
    return {
        "dimension": dimension,
        "baseline": decimal_sum(base.values()),
        "current": decimal_sum(cur.values()),
        "change": total,
        "scaled": scale,  # the baselines above are the baseline period's values times this factor (--period)
        "contributions": contributions,
    }


def _row(segment: str, before: float, after: float, total: float) -> dict[str, Any]:
    change = decimal_sum([after], minus=[before])
    return {"segment": segment, "baseline": before, "current": after, "change": change,
            "share_of_change": change / total + 0.0 if total else None}  # + 0.0: no -0.0 in the JSON


def segments_reason(block: dict[str, Any] | None, unit: str, lang: str | None = None) -> str | None:
    """The sentence naming the segment that moved the most, when it explains most of the change."""
    if not block or not block["change"]:
        return None
    top = next((c for c in block["contributions"] if c["segment"] != OTHER), None)
    if top is None or top["share_of_change"] is None or top["share_of_change"] < EXPLAINS_MOST:
        return None
    lang = lang or get_lang()
    change, total = _signed_alike(top["change"], block["change"], unit, lang)
    said = {"dimension": dimension_label(block["dimension"], lang),
            "segment": QUOTED.render(lang, name=_segment_name(top["segment"], lang)), "change": change, "total": total}
    if top["share_of_change"] > 1:
        rest, _ = _signed_alike(decimal_sum([block["change"]], minus=[top["change"]]), top["change"], unit, lang)
        return MOVED_BEYOND.render(lang, rest=rest, **said)
    return MOVED_MOST.render(lang, share=fmt_value(top["share_of_change"], "%", lang), **said)


def _segment_name(segment: str, lang: str | None) -> str:
    from kpiguard.metrics.segments import NONE_SEGMENT

    return NONE_NAME.render(lang) if segment == NONE_SEGMENT else segment


def _signed_alike(part: float, whole: float, unit: str, lang: str) -> tuple[str, str]:
    """Two amounts of one sentence alike: "+14,5 k€ sur une variation de +8,3 k€", never "+8 320,04 €" beside
    thousands (sentences write money of 10 000 and more in thousands; then the other one too, from 1 000)."""
    if not numbers.is_money_unit(unit) or max(abs(part), abs(whole)) < numbers.COMPACT_FROM:
        return fmt_delta(part, unit, lang), fmt_delta(whole, unit, lang)
    code = numbers.money_code(unit)

    def signed(value: float) -> str:
        sign = "+" if value > 0 else numbers.MINUS if value < 0 else "±"
        return sign + numbers.format_money(abs(value), code, lang, compact=True, compact_from=1_000)

    return signed(part), signed(whole)


__all__ = ["OTHER", "TOP", "dimension_label", "fetch_segments", "segment_key", "segments_block", "segments_reason"]
