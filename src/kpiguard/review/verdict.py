"""The verdict on one KPI, from its values, target, decomposition and guardrails, with reasons in words."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import Literal

from kpiguard._i18n import Articled, Message
from kpiguard.review.attainment import is_met, reached
from kpiguard.review.company import FLAT
from kpiguard.review.decomposition import RatioSplit
from kpiguard.review.guardrails import ALPHA, MIN_SAMPLE, GuardrailResult, fmt_p
from kpiguard.review.numbers import (
    fmt_change,
    fmt_date,
    fmt_delta,
    fmt_factor,
    fmt_pair,
    fmt_period,
    fmt_points,
    fmt_share,
    fmt_share_pair,
    fmt_value,
)

Verdict = Literal["healthy_success", "hollow_success", "toxic_success", "on_track", "off_track", "missed",
                  "not_evaluable"]
VERDICTS: tuple[Verdict, ...] = ("healthy_success", "hollow_success", "toxic_success", "on_track", "off_track",
                                 "missed", "not_evaluable")
# Most of the gain: the denominator's part of a ratio's improvement above which a success is hollow.
HOLLOW_SHARE = 0.5
# The gap between a window's months a year earlier and its baseline (relative to the baseline) from which the
# season is said to account for a move: smaller gaps are as often a year's drift or chance.
SEASON_GAP = 0.1
# A rate whose cases fell under MIN_SAMPLE and under this share of its baseline's (at the window's length) measures
# an activity that all but stopped (e-mails no longer sent): its value on the few cases left judges nothing.
COLLAPSE = 0.1


@dataclass
class RatioParts:
    """A ratio KPI's parts in both periods (baseline parts already scaled to the window's length)."""

    split: RatioSplit
    numerator_label: str
    denominator_label: str
    n0: float
    n1: float
    d0: float
    d1: float
    numerator_unit: str = ""
    denominator_unit: str = ""


@dataclass
class Facts:
    """Everything the verdict depends on, already computed; `judge` is pure."""

    label: str
    unit: str
    direction: Literal["up", "down"]
    current_period: str
    baseline_period: str
    current: float | None
    baseline: float | None
    current_reason: str | None = None
    current_empty: bool = False         # the window has no data at all (not a zero: see EMPTY_WINDOW)
    baseline_unmeasured: bool = False   # the data gives no value over the baseline period (no data, a zero
    # denominator), as opposed to a value that cannot be brought to the window's length
    baseline_reason: str | None = None
    to: float | None = None
    start: float | None = None          # FROM, declared or measured
    declared_from: float | None = None
    from_mismatch: bool = False
    implicit_baseline: bool = False
    deadline: date | None = None
    at_deadline: bool = False
    deadline_is_as_of: bool = False     # the review is on the horizon's own day: it has come, not passed
    shifted_for_maturity: bool = False
    horizon_window: bool = False        # a horizon shorter than the baseline: judged on the horizon's days
    not_begun: date | None = None       # the day after the baseline, when no complete period has passed since
    # the horizon has come but its cohort is not mature: the day it can be judged (its pace is judged meanwhile)
    cohort_pending: date | None = None
    cohort_data_end: date | None = None  # the data's last day, when it (not the as-of date) is before that day
    period_forced: bool = False         # the window is a --period (a period the reader chose)
    scaled: float | None = None
    baseline_scaled: float | None = None  # `baseline` is the baseline's sum times this factor (--period)
    attainment: float | None = None
    expected: float | None = None
    progress_basis: Literal["linear", "seasonal"] | None = None
    ratio: RatioParts | None = None
    guardrails: list[GuardrailResult] = field(default_factory=list)
    implicit_guardrails: bool = False
    data_end: date | None = None        # set when the data stops inside the window: `current` is the covered part
    uncovered: str | None = None        # then the whole window, by label
    coverage_note: str | None = None    # how the days past the data's last day were read (quiet, or missing)
    start_note: str | None = None       # how the days before the data's first day, in its month, were read
    target_scaled: bool = False         # FROM and TO are scaled as the baseline's sums (--period)
    target_factor: float | None = None  # the factor FROM and TO were scaled by
    cadence: str | None = None          # the KPI's cadence: without a baseline period, the TO is per cadence period
    already_met: bool = False           # measured from the data, the baseline already meets the target
    measured_start: bool = False        # the data contradicts the declared FROM: progress starts from the data
    met_at_baseline: bool = False       # already met over the spec's baseline period, with a horizon: not earned
    data_start: date | None = None      # the data's first day, when it falls inside a judged period
    started_in: list[str] = field(default_factory=list)  # those periods (baseline, current), by label
    accumulates: bool = False  # a sum, a count or a distinct count: over part of a period, it is part of its value
    before_data: list[str] = field(default_factory=list)  # judged periods that end before the data's first day
    notes: list[str] = field(default_factory=list)
    small_sample: tuple[int, str, str] | None = None  # a rate's fewest cases: (count, period, what is counted)
    # a rate whose cases collapsed: (current cases, baseline cases at the window's length, what is counted)
    collapsed: tuple[int, float, str] | None = None
    year_earlier: tuple[str, float] | None = None  # (period, value): the window's months a year earlier, when the
    # baseline is another time of year (see windows.same_months_a_year_earlier)
    # (mark, side) -> one-sided p-value of "the current value's underlying level is past `mark` on `side`" (a
    # count, a rate on its cases, an average of its units: see review.noise), None when it cannot be tested
    noise: Callable[[float, str], float | None] | None = None
    noise_sample: str = ""  # what the value rests on, in words ("a count of 14", "a rate on 200 e-mails")
    alpha: float = ALPHA
    direction_declared: bool = False  # said by the target's FROM -> TO or the metric, not read from the baseline
    metric_direction: str | None = None  # the metric's own ("more is better": up), when it has one


@dataclass(frozen=True, slots=True)
class Noise:
    """The test of the gap that decided a verdict: the current value against its mark (the target, or where it
    was due by now), one-sided on the side the value came out."""

    mark: float
    p_value: float
    within: bool  # p >= alpha: chance alone gives such a gap, the verdict could flip next period
    mark_is_target: bool


def noise_check(f: Facts, verdict: Verdict) -> Noise | None:
    """The gap between the current value and the mark its verdict was decided against, tested against the noise
    of the value (met or missed: the TO; on or off track: the start plus the expected share of the way)."""
    if f.noise is None or f.current is None or f.to is None or verdict == "not_evaluable":
        return None
    if verdict.endswith("_success") or verdict == "missed":
        mark, is_target = f.to, True
    elif f.expected is not None and f.attainment is not None and f.start is not None:
        mark, is_target = f.start + f.expected * (f.to - f.start), False
    else:
        return None
    p = f.noise(mark, "down" if f.current < mark else "up")
    if p is None:
        return None
    return Noise(mark, p, p >= f.alpha, is_target)


def judge(f: Facts, lang: str | None = None) -> tuple[Verdict, list[str]]:
    """The verdict and its reasons (the first reason is the headline)."""
    v = lambda x: fmt_value(x, f.unit, lang)
    # the periods as the reader says them (Q2 2025, not 2025-Q2): Facts keep their codes for the JSON
    window, baseline_period, whole = (fmt_period(x, lang) if x else x
                                      for x in (f.current_period, f.baseline_period, f.uncovered))
    reasons: list[str] = []
    context: list[str] = []
    if f.implicit_baseline:
        context.append(IMPLICIT_BASELINE.render(lang, baseline=baseline_period, current=window))
    if f.shifted_for_maturity:
        context.append(SHIFTED.render(lang, period=window))
    if f.at_deadline and f.deadline is not None:
        said = AT_DEADLINE_PERIOD if f.period_forced else AT_DEADLINE_TODAY if f.deadline_is_as_of else AT_DEADLINE
        context.append(said.render(
            lang, deadline=fmt_date(f.deadline, lang), period=whole or window))
    if f.cohort_pending is not None and f.deadline is not None:
        # (a date already past, when the data ends before it: say where the data ends)
        late = f.cohort_data_end is not None
        context.append((COHORT_PENDING_DATA if late else COHORT_PENDING).render(
            lang, deadline=fmt_date(f.deadline, lang), period=window, ready=fmt_date(f.cohort_pending, lang),
            last=fmt_date(f.cohort_data_end, lang) if f.cohort_data_end else "?"))
    if f.horizon_window and f.deadline is not None:
        context.append(HORIZON_WINDOW.render(lang, baseline=baseline_period, deadline=fmt_date(f.deadline, lang),
                                             period=window))
    if f.scaled is not None:
        context.append(SCALED.render(lang, baseline=baseline_period, current=window,
                                     factor=fmt_factor(f.scaled, lang).lstrip("×")))
        if f.target_scaled and f.to is not None:
            context.append(SCALED_TARGET.render(lang, to=v(f.to), period=window))
    elif f.target_scaled and f.to is not None and f.target_factor is not None:
        # no baseline period: the TO is per cadence period, and the window is not one
        cadence = CADENCES.get(f.cadence or "month", CADENCES["month"]).render(lang)
        context.append(PER_CADENCE_TARGET.render(lang, cadence=cadence, to=v(f.to), period=window,
                                                 factor=fmt_factor(f.target_factor, lang).lstrip("×")))
    if f.data_end is not None:
        context.append(PARTIAL.render(lang, last=fmt_date(f.data_end, lang), whole=whole or window,
                                      period=window))
    if f.coverage_note:
        context.append(f.coverage_note)
    met_at_baseline = f.met_at_baseline and f.baseline is not None and f.to is not None
    said_met = met_at_baseline and f.current is not None and is_met(f.current, f.to, f.direction)
    if f.already_met and f.baseline is not None and f.to is not None and f.deadline is not None and not said_met:
        # (a recurring target, without a horizon, is expected to be met every period: nothing to say; a success
        # met at baseline says it in its headline)
        context.append(ALREADY_MET.render(lang, label=f.label, baseline=_baseline(f, lang), period=baseline_period,
                                          to=v(f.to)))
    first = fmt_date(f.data_start, lang) if f.data_start else "?"
    if f.before_data:
        periods = [fmt_period(p, lang) for p in f.before_data]
        context.append(BEFORE_START.render(lang, first=first, period=_and(periods, lang)))
    started = {period: PARTIAL_START.render(lang, first=first, period=fmt_period(period, lang))
               for period in f.started_in}
    context.extend(started.values())
    if f.start_note:
        context.append(f.start_note)
    if f.implicit_guardrails and f.guardrails:
        names = ", ".join(dict.fromkeys(g.label for g in f.guardrails))
        context.append(IMPLICIT_GUARDRAILS.render(lang, names=names, margin="5%" if lang != "fr" else "5\u00a0%"))
    if f.small_sample is not None and f.current is not None and f.baseline is not None:
        n, period, counted = f.small_sample
        context.append(SMALL_SAMPLE.render(lang, label=f.label, n=fmt_value(n, "", lang),
                                           period=fmt_period(period, lang),
                                           counted=counted or "?", min=MIN_SAMPLE))
    if f.from_mismatch and f.declared_from is not None and f.baseline is not None:
        # FROM is written over the baseline's length: compare it with the baseline as measured, not as scaled
        measured = f.baseline / f.scaled if f.target_scaled and f.scaled else f.baseline
        gap = (measured - f.declared_from) / abs(f.declared_from) if f.declared_from else None
        context.append((FROM_MISMATCH_MEASURED if f.measured_start else FROM_MISMATCH).render(
            lang, declared=v(f.declared_from), measured=v(measured), period=baseline_period,
            gap=fmt_change(gap, lang)))

    if f.not_begun is not None:
        said = NOT_BEGUN_PERIOD if f.period_forced else NOT_BEGUN
        return "not_evaluable", [said.render(lang, label=f.label, baseline=baseline_period,
                                             start=fmt_date(f.not_begun, lang), period=window), *context]
    # A baseline period without a value (no data yet, a share whose denominator was 0 that month) leaves the
    # progress unknown, not the verdict: the current value is still met or missed against the TO (a target
    # without a horizon, or a horizon that has come), and still has a pace when the spec declares its FROM.
    # (only when the direction is said: without it, the baseline tells which side of the TO is the target's)
    # (not a baseline that has a value but cannot be compared with the window: distinct customers over a year
    # against a quarter under --period; its FROM and TO cannot be either)
    on_target_alone = f.to is not None and f.current is not None and f.direction_declared \
        and (f.deadline is None or f.baseline_unmeasured)
    if f.current is None and f.current_empty:
        return "not_evaluable", [EMPTY_WINDOW.render(lang, label=f.label, period=window,
                                                     why=f.current_reason or "?"), *context]
    if f.current is None or (f.baseline is None and not on_target_alone):
        why = f.current_reason if f.current is None else f.baseline_reason
        period = window if f.current is None else baseline_period
        return "not_evaluable", [NOT_EVALUABLE.render(lang, label=f.label, period=period, why=why or "?"),
                                 *context]
    if f.baseline is None:
        assert f.to is not None and f.current is not None
        paced = f.attainment is not None and f.expected is not None
        if not (is_met(f.current, f.to, f.direction) or f.at_deadline or f.deadline is None or paced):
            # before the horizon, short of the TO, and no start to measure a pace from: nothing to judge yet
            return "not_evaluable", [NO_PACE.render(lang, label=f.label, current=fmt_value(f.current, f.unit, lang),
                                                    period=window, to=fmt_value(f.to, f.unit, lang),
                                                    deadline=fmt_date(f.deadline, lang), baseline=baseline_period,
                                                    why=f.baseline_reason or "?"), *context]
        context.insert(0, NO_BASELINE_VALUE.render(lang, label=f.label, period=baseline_period,
                                                   why=f.baseline_reason or "?"))
    if f.to is None:
        # nothing to judge the KPI on, but its guardrails were: a breach is said here too, not only in their list
        watched = [g.reason for g in f.guardrails if g.status in ("breached", "breached_not_significant")]
        return "not_evaluable", [NO_TARGET.render(lang, label=f.label), *watched, *context]

    met = is_met(f.current, f.to, f.direction)
    if f.accumulates and f.current_period in f.started_in and not (met and f.direction == "up"):
        # a sum over the months the data covers is no value of the whole window: judged against a target for all
        # of it, it reads as far behind (a shop exported from June, reviewed on March to February). Only a sum
        # already past a target to rise above stays a success: the missing days can only add to it.
        said = started[f.current_period]  # the window's own partial start, which the headline says
        return "not_evaluable", [PART_OF_WINDOW.render(lang, label=f.label, period=window, first=first),
                                 *(c for c in context if c is not said)]
    if f.collapsed is not None:
        n, n0, counted = f.collapsed
        return "not_evaluable", [COLLAPSED.render(
            lang, label=f.label, period=window, baseline_period=baseline_period, counted=counted or "?",
            n=fmt_value(n, "", lang), n0=fmt_value(n0, "", lang) + (f" ({fmt_factor(f.scaled, lang)})" if f.scaled
                                                                    else ""),
            change=fmt_change((n - n0) / n0, lang), current=v(f.current), to=v(f.to)), *context]
    values = {"label": f.label, "current": v(f.current), "baseline": _baseline(f, lang), "to": v(f.to),
              "period": window, "baseline_period": baseline_period,
              "start": v(f.start if f.start is not None else f.baseline)}
    if not met:
        # short of the target by less than the rounding shows ("€28.8k, short of €28.8k"): show the gap
        values["current"], values["to"] = fmt_pair(f.current, f.to, f.unit, lang)
    mark = f.baseline_scaled if f.baseline_scaled is not None else f.target_factor
    if f.target_scaled and mark is not None and f.to is not None:
        values["to"] += f" ({fmt_factor(mark, lang)})"  # the TO scaled as the baseline, marked alike
    breaches = [g for g in f.guardrails if g.status == "breached"]
    warnings = [g for g in f.guardrails if g.status == "breached_not_significant"]

    if met:
        if met_at_baseline:
            # the target held since before the horizon: whatever the verdict, the success was not earned
            said = DECLARED.render(lang, declared=v(f.declared_from)) if f.measured_start else ""
            reasons.append(MET_AT_BASELINE.render(lang, declared=said, move=_move(f.current - f.baseline, f.unit, lang),
                                                  **values))
        hollow, hollow_reason = _hollow(f, lang)
        if breaches:
            verdict: Verdict = "toxic_success"
            reasons.append((TOXIC if len(breaches) > 1 else TOXIC_ONE).render(lang, count=len(breaches), **values))
            reasons.extend(g.reason for g in breaches)
            if hollow:
                reasons.append(ALSO_HOLLOW.render(lang) + " " + hollow_reason)
        elif hollow:
            verdict = "hollow_success"
            if f.direction == "down" and f.ratio is not None:  # a rate brought down: "not through growth" misreads
                reasons.append(HOLLOW_DOWN.render(lang, numerator=f.ratio.numerator_label,
                                                  denominator=f.ratio.denominator_label, **values))
            else:
                reasons.append(HOLLOW.render(lang, **values))
            reasons.append(hollow_reason)
        else:
            verdict = "healthy_success"
            # ("no guardrail is breached" of guardrails none of which could be computed would reassure for nothing)
            checked = [g for g in f.guardrails if g.status != "not_evaluable"]
            said = HEALTHY if checked else HEALTHY_UNCHECKED if f.guardrails else HEALTHY_NO_GUARDRAIL
            reasons.append(said.render(lang, **values))
            if hollow_reason:
                reasons.append(hollow_reason)
    elif f.at_deadline or f.deadline is None:
        verdict = "missed"
        if f.deadline is None:
            reasons.append(MISSED_RECURRING.render(lang, **values))
        else:
            # (no start known, neither declared nor measured: "from n/a" would say nothing)
            missed = (MISSED_TODAY, MISSED) if f.start is not None or f.baseline is not None \
                else (MISSED_TODAY_NO_START, MISSED_NO_START)
            reasons.append(missed[0 if f.deadline_is_as_of else 1].render(
                lang, deadline=fmt_date(f.deadline, lang), **values))
        behind = _behind_through_denominator(f, lang)
        if behind:
            reasons.append(behind)
        reasons.extend(g.reason for g in breaches)
    else:
        share = lambda x: fmt_share(x, lang)
        if f.expected is not None and f.attainment is not None:
            on = f.attainment >= f.expected or reached(f.attainment, f.expected)
            msg = ON_TRACK if on else OFF_TRACK
            basis = (SEASONAL if f.progress_basis == "seasonal" else LINEAR).render(lang)
            # (a pace a hair short of the expected one reads short: "66.49%; 66.51% was expected")
            done, due = (share(f.attainment), share(f.expected)) if on else \
                fmt_share_pair(f.attainment, f.expected, lang)
            reasons.append(msg.render(lang, attainment=done, expected=due,
                                      basis=basis, deadline=fmt_date(f.deadline, lang), **values))
        else:
            on = f.attainment is not None and f.attainment > 0
            reasons.append((MOVING if on else NOT_MOVING).render(
                lang, deadline=fmt_date(f.deadline, lang), **values))
        verdict = "on_track" if on else "off_track"
        if on and breaches:
            # met as it goes, this KPI would be a toxic success: say it where the verdict is read, not only in
            # the company's answer
            names = ", ".join(dict.fromkeys(g.label for g in breaches))
            reasons.append((HEADING_TOXIC if len(breaches) > 1 else HEADING_TOXIC_ONE).render(
                lang, names=names, **values))
        reasons.extend(g.reason for g in breaches)
        led = _denominator_led(f, lang) if on else _behind_through_denominator(f, lang)
        if led:
            reasons.append(led)
    # (a success or a KPI on track moved the target's way: against what its metric counts as better)
    against = _against_direction(f, lang) if verdict.endswith("_success") or verdict == "on_track" else ""
    if against:
        reasons.insert(1, against)  # it changes what the verdict means: right after its headline
    noise = noise_check(f, verdict)
    if noise is not None and noise.within:
        # right after the verdict's headline: it says what the verdict is worth
        reasons.insert(1, _within_noise(f, noise, lang))
    season = _season(f, met, lang)
    if season:
        # after the verdict's own sentences (a toxic headline ends on "a guardrail broke:", its breach follows),
        # before the warnings and the context: it changes what the verdict is worth
        reasons.append(season)
    reasons.extend(g.reason for g in warnings)
    unchecked = [g for g in f.guardrails if g.status == "not_evaluable"]
    if unchecked:
        # "nothing broke" holds only for the guardrails that could be computed: say which could not, and why
        names = ", ".join(dict.fromkeys(g.label for g in unchecked))
        every = len(unchecked) == len(f.guardrails)
        reasons.append((UNCHECKED_ALL if every else UNCHECKED).render(lang, names=names))
        reasons.extend(dict.fromkeys(g.reason for g in unchecked))
    reasons.extend(context)
    return verdict, reasons


def _against_direction(f: Facts, lang: str | None) -> str:
    """A target whose FROM -> TO runs against its metric's direction (revenue from 18,400 to 17,000): the
    sentence that says what the verdict then rewards, else "". A revenue met by falling 21 % read as a healthy
    success with nothing else said (the lint's KG205 says it of the spec; the review is read without it)."""
    if f.metric_direction not in ("up", "down") or f.metric_direction == f.direction or f.declared_from is None \
            or f.to is None or f.current is None:
        return ""
    better = (MORE_IS_BETTER if f.metric_direction == "up" else LESS_IS_BETTER).render(lang)
    v = lambda x: fmt_value(x, f.unit, lang)
    return AGAINST_DIRECTION.render(lang, label=f.label, better=better, start=v(f.declared_from), to=v(f.to),
                                    current=v(f.current), period=fmt_period(f.current_period, lang))


def _within_noise(f: Facts, noise: Noise, lang: str | None) -> str:
    assert f.current is not None
    at = reached(f.current, noise.mark)  # exactly at its mark: no gap, and the next period is a coin toss
    # short of the mark on the target's side: an unsubscribe rate brought down is short of it above it
    short = f.current < noise.mark if f.direction == "up" else f.current > noise.mark
    side = AT if at else SHORT_OF if short else PAST
    return (WITHIN_NOISE_AT if at else WITHIN_NOISE).render(
        lang, label=f.label, current=fmt_value(f.current, f.unit, lang), mark=fmt_value(noise.mark, f.unit, lang),
        side=side.render(lang), what=(THE_TARGET if noise.mark_is_target else DUE_NOW).render(lang),
        sample=f.noise_sample, p=fmt_p(noise.p_value, lang),
        alpha=f"{f.alpha:g}".replace(".", ",") if lang == "fr" else f"{f.alpha:g}")


def heading_for_toxic(verdict: str, guardrails: list[GuardrailResult]) -> bool:
    """On track while a guardrail is breached (significantly, for rates): met this way, a toxic success."""
    return verdict == "on_track" and any(g.status == "breached" for g in guardrails)


def _hollow(f: Facts, lang: str | None) -> tuple[bool, str]:
    """A met ratio is hollow when most of its gain came from the denominator and, had the denominator held
    (the counterfactual N1/D0), the target would not have been met: the numerator did not grow, or grew
    less than the target's implied absolute growth (TO x D0 - N0)."""
    r = f.ratio
    if r is None or f.to is None:
        return False, ""
    split = r.split
    good = split.total > 0 if f.direction == "up" else split.total < 0
    share = split.denominator_share
    cf_met = is_met(split.counterfactual, f.to, f.direction)
    values = _split_values(f, r, lang)
    # When the two parts pulled in opposite directions, a share of the move is below 0 or above 100 %
    # ("-141% of the move"): each part's effect, in the KPI's unit, reads where the share does not.
    # (a part that did not move, up to float noise, pulls in no direction: 100 % from the other is not opposed)
    tiny = 1e-9 * abs(split.total)
    n_eff, d_eff = split.numerator_effect, split.denominator_effect
    opposed = share is not None and ((n_eff > tiny and d_eff < -tiny) or (n_eff < -tiny and d_eff > tiny))
    if good and share is not None and share > HOLLOW_SHARE and not cf_met:
        if f.direction == "down":  # the numerator had to stay under a ceiling, not to reach a level
            return True, (HOLLOW_WHY_OPPOSED_DOWN if opposed else HOLLOW_WHY_DOWN).render(lang, **values)
        return True, (HOLLOW_WHY_OPPOSED if opposed else HOLLOW_WHY).render(lang, **values)
    if good and share is not None:
        return False, (DECOMPOSED_OPPOSED if opposed else DECOMPOSED).render(lang, **values)
    return False, ""


def _split_values(f: Facts, r: RatioParts, lang: str | None) -> dict[str, str]:
    """The numbers a sentence about a ratio's split names, formatted."""
    split = r.split
    share = split.denominator_share
    return {
        "label": f.label,
        "move": _move(split.total, f.unit, lang),
        "share": fmt_share(share, lang),
        "numerator": r.numerator_label,
        "denominator": r.denominator_label,
        # (from zero, no percentage: the move itself, signed and in its unit, "E-mail revenue +€6,000.00")
        "n_change": fmt_change((r.n1 - r.n0) / abs(r.n0), lang) if r.n0 else fmt_delta(r.n1 - r.n0, r.numerator_unit,
                                                                                         lang),
        "d_change": fmt_change((r.d1 - r.d0) / abs(r.d0), lang) if r.d0 else fmt_delta(r.d1 - r.d0,
                                                                                         r.denominator_unit, lang),
        "counterfactual": fmt_value(split.counterfactual, f.unit, lang),
        "to": fmt_value(f.to, f.unit, lang),
        "needed": fmt_value(f.to * r.d0, r.numerator_unit, lang),
        "n1": fmt_value(r.n1, r.numerator_unit, lang),
        "n_effect": _move(split.numerator_effect, f.unit, lang),
        "d_effect": _move(split.denominator_effect, f.unit, lang),
    }


def _behind_through_denominator(f: Facts, lang: str | None) -> str:
    """A ratio short of its target whose numerator moved towards it while its denominator moved it further away
    (an e-mail share that falls in fast growth: e-mail revenue +30 %, revenue +81 %): the sentence that says so,
    with each part's effect and the value had the denominator held (else ""). Read alone, "-282% of the way"
    blames the numerator's team for the whole's growth."""
    r = f.ratio
    if r is None or f.to is None:
        return ""
    split = r.split
    sign = 1.0 if f.direction == "up" else -1.0
    towards, away = sign * split.numerator_effect, -sign * split.denominator_effect
    # (both parts +22 % leave the ratio where it was, up to a few cents of rounding: a ratio that moved by less
    # than FLAT, 1 % of its value, as a company metric, did not move, and nothing pushed it away)
    base = r.n0 / r.d0 if r.d0 else 0.0
    if towards <= 0 or away <= towards or abs(split.total) < FLAT * abs(base):
        return ""
    values = _split_values(f, r, lang)
    met = is_met(split.counterfactual, f.to, f.direction)
    values["held"] = (CF_MEETS if met else CF_SHORT).render(lang, **values)
    return BEHIND_DENOMINATOR.render(lang, **values)


def _denominator_led(f: Facts, lang: str | None) -> str:
    """Before the horizon, a ratio moving towards its target mostly through its denominator is on its way to
    a hollow success: the sentence that says so, with the split (else "")."""
    r = f.ratio
    if r is None or f.to is None:
        return ""
    split = r.split
    good = split.total > 0 if f.direction == "up" else split.total < 0
    share = split.denominator_share
    if not good or share is None or share <= HOLLOW_SHARE:
        return ""
    _, why = _hollow(f, lang)
    return DENOMINATOR_LED.render(lang) + " " + why if why else ""


def met_by_season(f: Facts) -> bool:
    """The target is met, the move from the baseline is mostly the season's (see `_season`), and the same months
    a year earlier already met the target: a success the season gave, not the work (a qualifier of the verdict,
    as `met_at_baseline` is)."""
    if f.to is None or f.current is None or f.year_earlier is None or _season_move(f) is None:
        return False
    return is_met(f.current, f.to, f.direction) and is_met(f.year_earlier[1], f.to, f.direction)


def _season_move(f: Facts) -> tuple[float, float] | None:
    """(move from the baseline, move from the same months a year earlier) when the season accounts for the
    former (see `_season`), else None."""
    if f.year_earlier is None or f.current is None or f.baseline is None or f.deadline is None:
        # (a target without a horizon holds every period: it is met or missed against its TO, whatever the
        # period before it gave, so the season does not move the verdict)
        return None
    _, earlier = f.year_earlier
    from_baseline, over_year = f.current - f.baseline, f.current - earlier
    season = earlier - f.baseline  # what the same months gave a year earlier, against this baseline
    # a move of less than FLAT (1 %) is no move to explain; the season explains one only in its own direction;
    # and only a gap between the same months and the baseline of SEASON_GAP or more is a season: below it, a
    # year's drift or chance says as much (224 orders of a B2B shop against 233 and 220), as on a rate on few cases
    if abs(from_baseline) < FLAT * abs(f.baseline) or (season > 0) != (from_baseline > 0) \
            or abs(season) <= abs(from_baseline) / 2 or abs(season) < SEASON_GAP * abs(f.baseline) \
            or f.small_sample is not None:
        return None
    return from_baseline, over_year


def _season(f: Facts, met: bool, lang: str | None) -> str:
    """A window judged against a baseline from another time of year (a fourth quarter against a third) moves
    with the season as much as with the work done: when the same months a year earlier account for more than
    half of the move from the baseline, the sentence that says so, with both moves (else "")."""
    moves = _season_move(f)
    if moves is None or f.year_earlier is None:
        return ""
    from_baseline, over_year = moves
    period, earlier = f.year_earlier
    values = {"label": f.label, "period": fmt_period(f.current_period, lang),
              "baseline_period": fmt_period(f.baseline_period, lang), "earlier_period": fmt_period(period, lang),
              "earlier": fmt_value(earlier, f.unit, lang),
              "from_baseline": _move(from_baseline, f.unit, lang), "over_year": _move(over_year, f.unit, lang),
              "to": fmt_value(f.to, f.unit, lang) if f.to is not None else "?"}
    already = met and f.to is not None and is_met(earlier, f.to, f.direction)
    return (SEASON_MET if already else SEASON).render(lang, **values)


def _baseline(f: Facts, lang: str | None) -> str:
    """The baseline's value, with its factor when it was scaled pro rata to the window, as the tables show it:
    "€887.67 (×0.247) over 2025" is not read as the value of 2025."""
    text = fmt_value(f.baseline, f.unit, lang)
    return f"{text} ({fmt_factor(f.baseline_scaled, lang)})" if f.baseline_scaled is not None else text


def _and(items: list[str], lang: str | None) -> str:
    if len(items) < 2:
        return items[0]
    said = AND.render(lang, first=", ".join(items[:-1]), last=items[-1])
    return Articled(said) if isinstance(items[0], Articled) else said  # "après la fin du T1 2026 et le T2 2026"


def _move(delta: float, unit: str, lang: str | None) -> str:
    if unit == "%":
        return fmt_points(delta, lang)
    return fmt_delta(delta, unit, lang)


IMPLICIT_BASELINE = Message(
    en="The KPI has no baseline period: it is compared with {baseline}, the period of the same length just "
       "before {current}.",
    fr="Le KPI n'a pas de période de référence : il est comparé à {baseline}, la période de même durée juste "
       "avant {current}.")
PARTIAL = Message(
    en="The data ends on {last}, before the end of {whole}: judged on {period}, the part the data covers.",
    fr="Les données s'arrêtent au {last}, avant la fin de {whole} : jugé sur {period}, la partie que les données "
       "couvrent.")
ALREADY_MET = Message(
    en="{label} already met the target at baseline ({baseline} over {period}, target {to}): the target asks for "
       "no progress, so none is measured; set a FROM and a TO that say the ambition.",
    fr="{label} atteignait déjà la cible en référence ({baseline} sur {period}, cible {to}) : la cible ne demande "
       "aucun progrès, il n'est donc pas mesuré ; fixez un DE et un À qui disent l'ambition.")
AND = Message(en="{first} and {last}", fr="{first} et {last}")
BEFORE_START = Message(
    en="The data starts on {first}, after the end of {period}: choose a period the data covers (a baseline, "
       "--period or --as-of).",
    fr="Les données commencent le {first}, après la fin de {period} : choisissez une période couverte par les "
       "données (baseline, --period ou --as-of).")
PARTIAL_START = Message(
    en="The data starts on {first}, after the start of {period}: the value of {period} covers only part of the "
       "period.",
    fr="Les données commencent le {first}, après le début de {period} : la valeur de {period} ne couvre qu'une "
       "partie de la période.")
IMPLICIT_GUARDRAILS = Message(
    en="The KPI has no guardrail: its metric's known trade-offs ({names}) were checked as implicit guardrails "
       "(none may worsen by more than {margin}); write guardrails in the spec to choose the limits.",
    fr="Le KPI n'a aucun garde-fou : les arbitrages connus de sa métrique ({names}) ont été vérifiés comme "
       "garde-fous implicites (aucun ne doit se dégrader de plus de {margin}) ; écrivez des garde-fous dans la spec "
       "pour choisir les limites.")
SHIFTED = Message(
    en="A cohort needs time to mature: judged on {period}, the latest cohort whose window has fully elapsed.",
    fr="Une cohorte doit mûrir : jugé sur {period}, la dernière cohorte dont la fenêtre est entièrement écoulée.")
AT_DEADLINE = Message(
    en="The horizon ({deadline}) has passed: judged on {period}, the window that ends at the horizon.",
    fr="L'échéance ({deadline}) est passée : jugé sur {period}, la fenêtre qui se termine à l'échéance.")
AT_DEADLINE_PERIOD = Message(  # --period: the user's window, whatever the horizon
    en="The horizon ({deadline}) has passed: judged on {period}, the period asked (--period).",
    fr="L'échéance ({deadline}) est passée : jugé sur {period}, la période demandée (--period).")
AT_DEADLINE_TODAY = Message(
    en="The review date is the horizon ({deadline}): judged on {period}, the window that ends at the horizon.",
    fr="La date de revue est l'échéance ({deadline}) : jugé sur {period}, la fenêtre qui se termine à l'échéance.")
HORIZON_WINDOW = Message(
    en="The horizon ({deadline}) is nearer to the end of the baseline {baseline} than the baseline is long: "
       "judged on {period}, the days since the baseline, not on a window that would be mostly the baseline's own "
       "days.",
    fr="L'échéance ({deadline}) est plus proche de la fin de la référence {baseline} que la référence n'est "
       "longue : jugé sur {period}, les jours depuis la référence, et non sur une fenêtre faite surtout des jours "
       "de la référence elle-même.")
SCALED_TARGET = Message(
    en="The target is scaled the same way: {to} over {period}.",
    fr="La cible est ajustée de la même façon : {to} sur {period}.")
PER_CADENCE_TARGET = Message(
    en="The KPI has no baseline period, so its target is for {cadence}, its cadence: over {period}, {factor} times "
       "as long, it is {to}.",
    fr="Le KPI n'a pas de période de référence, sa cible vaut donc pour {cadence}, sa cadence : sur {period}, "
       "{factor} fois cette durée, elle vaut {to}.")
CADENCES = {
    "day": Message(en="a day", fr="un jour"),
    "week": Message(en="a week", fr="une semaine"),
    "month": Message(en="a month", fr="un mois"),
    "quarter": Message(en="a quarter", fr="un trimestre"),
    "half": Message(en="a half-year", fr="un semestre"),
    "year": Message(en="a year", fr="un an"),
}
SCALED = Message(
    en="The baseline {baseline} and the review period {current} differ in length: the baseline's sums and "
       "counts are scaled by {factor} to compare like with like.",
    fr="La référence {baseline} et la période revue {current} n'ont pas la même durée : les sommes et "
       "comptages de la référence sont multipliés par {factor} pour comparer ce qui est comparable.")
FROM_MISMATCH = Message(
    en="The spec's FROM ({declared}) differs from the data over {period} ({measured}, {gap}) by more than 5%: "
       "check the baseline or the data.",
    fr="Le point de départ déclaré dans la spec (DE, {declared}) s'écarte de plus de 5\u00a0% des données sur "
       "{period} ({measured}, {gap}) : "
       "vérifiez la référence ou les données.")
FROM_MISMATCH_MEASURED = Message(
    en="The spec's FROM ({declared}) differs from the data over {period} ({measured}, {gap}) by more than 5%: "
       "progress is measured from the data's value, on which the current value is measured too; correct the "
       "FROM or check the data.",
    fr="Le point de départ déclaré dans la spec (DE, {declared}) s'écarte de plus de 5\u00a0% des données sur "
       "{period} ({measured}, {gap}) : l'avancement est mesuré depuis la valeur des données, sur lesquelles la "
       "valeur actuelle est mesurée aussi ; corrigez le DE ou vérifiez les données.")
MET_AT_BASELINE = Message(
    en="Met at baseline, not earned: {label} was already {baseline} over {baseline_period}, past the target {to}, "
       "before the horizon began{declared}; it is {current} over {period} ({move}). The target asks for no "
       "progress, so this success says nothing of the work done: set a FROM and a TO that say the ambition.",
    fr="Atteint dès la référence, non gagné : {label} valait déjà {baseline} sur {baseline_period}, au-delà de la "
       "cible {to}, avant le début de l'horizon{declared} ; valeur actuelle : {current} sur {period} ({move}). La "
       "cible ne demande aucun progrès, ce succès ne dit donc rien du travail fait : fixez un DE et un À qui disent "
       "l'ambition.")
NOT_BEGUN_PERIOD = Message(
    en="{label} is not judged over {period}: its horizon begins on {start}, after the baseline {baseline}, and "
       "{period} ends before it, so there is no progress to judge; choose a period after {start} (--period).",
    fr="{label} n'est pas jugé sur {period} : son horizon commence le {start}, après la référence {baseline}, et "
       "{period} se termine avant, il n'y a donc aucun progrès à juger ; choisissez une période après le {start} "
       "(--period).")
DECLARED = Message(en=" (the spec's FROM says {declared})", fr=" (le point de départ déclaré, DE, indique {declared})")
NOT_BEGUN = Message(
    en="{label} cannot be judged yet: its horizon begins on {start}, after the baseline {baseline}, and no complete "
       "period has passed since; {period} is not after the baseline. Review it once a period after {start} is over.",
    fr="{label} ne peut pas encore être jugé : son horizon commence le {start}, après la référence {baseline}, et "
       "aucune période complète n'est passée depuis ; {period} ne vient pas après la référence. Revoyez-le "
       "une fois une période après le {start} terminée.")
NOT_EVALUABLE = Message(en="{label} cannot be evaluated on {period}: {why}.",
                        fr="{label} n'est pas évaluable sur {period} : {why}.")
PART_OF_WINDOW = Message(
    en="{label} cannot be judged on {period}: the data starts on {first}, so its value covers only part of the "
       "window while the target is for all of it. Review once the data covers the window, or ask for a period it "
       "covers (--period).",
    fr="{label} ne peut pas être jugé sur {period} : les données commencent le {first}, sa valeur ne couvre donc "
       "qu'une partie de la fenêtre alors que la cible vaut pour toute la fenêtre. Revoyez-le quand les données "
       "couvriront la fenêtre, ou demandez une période qu'elles couvrent (--period).")
NO_TARGET = Message(en="{label} has no target to judge against: add target.to.",
                    fr="{label} n'a pas de cible pour être jugé : ajoutez target.to.")
UNCHECKED = Message(
    en="Not checked, for lack of data: {names}; the verdict stands on the other guardrails only.",
    fr="Non vérifié, faute de données : {names} ; le verdict ne repose que sur les autres garde-fous.")
MORE_IS_BETTER = Message(en="more is better", fr="plus c'est mieux")
LESS_IS_BETTER = Message(en="less is better", fr="moins c'est mieux")
AGAINST_DIRECTION = Message(
    en="Its target runs against {label}'s direction ({better}): from {start} to {to}, it rewards getting worse "
       "({current} over {period}). If that move is not wanted, the target is written the wrong way round.",
    fr="Sa cible va contre le sens de {label} ({better}) : de {start} à {to}, elle récompense une dégradation "
       "({current} sur {period}). Si ce mouvement n'est pas voulu, la cible est écrite à l'envers.")
UNCHECKED_ALL = Message(
    en="Not checked, for lack of data: {names}; no guardrail stands behind this verdict.",
    fr="Non vérifié, faute de données : {names} ; aucun garde-fou ne soutient ce verdict.")
HEALTHY_UNCHECKED = Message(
    en="Target met: {label} is {current} over {period} (target {to}, baseline {baseline} over {baseline_period}); "
       "none of its guardrails could be checked.",
    fr="Cible atteinte : {label} vaut {current} sur {period} (cible {to}, référence {baseline} sur "
       "{baseline_period}) ; aucun de ses garde-fous n'a pu être vérifié.")
HEALTHY = Message(
    en="Target met: {label} is {current} over {period} (target {to}, baseline {baseline} over {baseline_period}), "
       "and no guardrail is significantly breached.",
    fr="Cible atteinte : {label} vaut {current} sur {period} (cible {to}, référence {baseline} sur "
       "{baseline_period}), sans garde-fou franchi significativement.")
HEALTHY_NO_GUARDRAIL = Message(
    en="Target met: {label} is {current} over {period} (target {to}, baseline {baseline} over {baseline_period}); "
       "the KPI has no guardrail.",
    fr="Cible atteinte : {label} vaut {current} sur {period} (cible {to}, référence {baseline} sur "
       "{baseline_period}) ; le KPI n'a aucun garde-fou.")
TOXIC = Message(
    en="Toxic success: {label} met its target ({current} over {period}, target {to}) while {count} guardrails "
       "broke (each below):",
    fr="Succès toxique : {label} atteint sa cible ({current} sur {period}, cible {to}) alors que {count} "
       "garde-fous ont cédé (détail ci-dessous) :")
TOXIC_ONE = Message(
    en="Toxic success: {label} met its target ({current} over {period}, target {to}) while a guardrail "
       "broke:",
    fr="Succès toxique : {label} atteint sa cible ({current} sur {period}, cible {to}) alors qu'un garde-fou "
       "a cédé :")
HOLLOW = Message(
    en="Hollow success: {label} met its target ({current} over {period}, target {to}, baseline {baseline}) "
       "through its denominator, not through growth.",
    fr="Succès creux : {label} atteint sa cible ({current} sur {period}, cible {to}, référence {baseline}) "
       "par son dénominateur, pas par la croissance.")
DENOMINATOR_LED = Message(en="Most of this progress comes from the denominator, not from growth:",
                          fr="L'essentiel de ce progrès vient du dénominateur, pas de la croissance :")
ALSO_HOLLOW = Message(en="It is also hollow:", fr="Il est aussi creux :")
HOLLOW_WHY = Message(
    en="{label} moved {move}, {share} of it from the denominator: {numerator} {n_change}, {denominator} "
       "{d_change}. Had {denominator} held, {label} would be {counterfactual}, short of {to} "
       "({numerator} would have needed {needed}, it made {n1}).",
    fr="{label} a bougé de {move}, dont {share} venant du dénominateur : {numerator} {n_change}, "
       "{denominator} {d_change}. À {denominator} constant, {label} serait à {counterfactual}, sous {to} "
       "({numerator} aurait dû atteindre {needed}, il fait {n1}).")
HOLLOW_DOWN = Message(
    en="Hollow success: {label} met its target ({current} over {period}, target {to}, baseline {baseline}) "
       "through its denominator ({denominator}), not through {numerator}.",
    fr="Succès creux : {label} atteint sa cible ({current} sur {period}, cible {to}, référence {baseline}) "
       "par son dénominateur ({denominator}), pas par {numerator}.")
HOLLOW_WHY_DOWN = Message(
    en="{label} moved {move}, {share} of it from the denominator: {numerator} {n_change}, {denominator} "
       "{d_change}. Had {denominator} held, {label} would be {counterfactual}, not under {to} "
       "({numerator} would have had to stay at or below {needed}, it made {n1}).",
    fr="{label} a bougé de {move}, dont {share} venant du dénominateur : {numerator} {n_change}, "
       "{denominator} {d_change}. À {denominator} constant, {label} serait à {counterfactual}, pas sous {to} "
       "({numerator} aurait dû rester au plus à {needed}, il fait {n1}).")
HOLLOW_WHY_OPPOSED_DOWN = Message(
    en="{label} moved {move}: {denominator} {d_change} accounts for {d_effect}, {numerator} {n_change} for "
       "{n_effect}. Had {denominator} held, {label} would be {counterfactual}, not under {to} "
       "({numerator} would have had to stay at or below {needed}, it made {n1}).",
    fr="{label} a bougé de {move} : {denominator} {d_change} y compte pour {d_effect}, {numerator} {n_change} "
       "pour {n_effect}. À {denominator} constant, {label} serait à {counterfactual}, pas sous {to} "
       "({numerator} aurait dû rester au plus à {needed}, il fait {n1}).")
SEASON = Message(
    en="Seasonality: {label} is judged over {period} against {baseline_period}, another time of year. Over "
       "{earlier_period}, the same months a year earlier, it was {earlier}: it moved {over_year} from them, "
       "against {from_baseline} from the baseline, so most of that move is the season's, not the KPI's.",
    fr="Saisonnalité : {label} est jugé sur {period} par rapport à {baseline_period}, un autre moment de l'année. "
       "Sur {earlier_period}, les mêmes mois un an plus tôt, il valait {earlier} : il a bougé de {over_year} par "
       "rapport à eux, contre {from_baseline} par rapport à la référence ; l'essentiel de ce mouvement vient donc "
       "de la saison, pas du KPI.")
SEASON_MET = Message(
    en="Seasonality: {label} is judged over {period} against {baseline_period}, another time of year. Over "
       "{earlier_period}, the same months a year earlier, it was already {earlier}, past the target {to}: it "
       "moved {over_year} from them, against {from_baseline} from the baseline, so this success is mostly the "
       "season's, not the KPI's; compare it with the same months (a baseline of {earlier_period}).",
    fr="Saisonnalité : {label} est jugé sur {period} par rapport à {baseline_period}, un autre moment de l'année. "
       "Sur {earlier_period}, les mêmes mois un an plus tôt, il valait déjà {earlier}, au-delà de la cible {to} : "
       "il a bougé de {over_year} par rapport à eux, contre {from_baseline} par rapport à la référence ; ce succès "
       "vient donc surtout de la saison, pas du KPI ; comparez-le aux mêmes mois (une référence sur {earlier_period}).")
BEHIND_DENOMINATOR = Message(
    en="Behind because of its denominator, not its numerator: {numerator} {n_change} moved {label} towards the "
       "target ({n_effect}), {denominator} {d_change} moved it further away ({d_effect}). {held}",
    fr="En retard à cause de son dénominateur, pas de son numérateur : {numerator} {n_change} a rapproché {label} "
       "de la cible ({n_effect}), {denominator} {d_change} l'en a éloigné davantage ({d_effect}). {held}")
CF_MEETS = Message(
    en="Had {denominator} held, {label} would be {counterfactual}, which meets the target {to}.",
    fr="À {denominator} constant, {label} serait à {counterfactual}, ce qui atteint la cible {to}.")
CF_SHORT = Message(
    en="Had {denominator} held, {label} would be {counterfactual}, still short of {to}.",
    fr="À {denominator} constant, {label} serait à {counterfactual}, encore en deçà de {to}.")
DECOMPOSED = Message(
    en="{label} moved {move}: {numerator} {n_change}, {denominator} {d_change} ({share} of the move from the "
       "denominator); had {denominator} held, it would be {counterfactual}.",
    fr="{label} a bougé de {move} : {numerator} {n_change}, {denominator} {d_change} ({share} du mouvement "
       "venant du dénominateur) ; à {denominator} constant, il serait à {counterfactual}.")
HOLLOW_WHY_OPPOSED = Message(
    en="{label} moved {move}: {denominator} {d_change} accounts for {d_effect}, {numerator} {n_change} for "
       "{n_effect}. Had {denominator} held, {label} would be {counterfactual}, short of {to} "
       "({numerator} would have needed {needed}, it made {n1}).",
    fr="{label} a bougé de {move} : {denominator} {d_change} y compte pour {d_effect}, {numerator} {n_change} "
       "pour {n_effect}. À {denominator} constant, {label} serait à {counterfactual}, sous {to} "
       "({numerator} aurait dû atteindre {needed}, il fait {n1}).")
DECOMPOSED_OPPOSED = Message(
    en="{label} moved {move}: {numerator} {n_change} accounts for {n_effect}, {denominator} {d_change} for "
       "{d_effect}; had {denominator} held, it would be {counterfactual}.",
    fr="{label} a bougé de {move} : {numerator} {n_change} y compte pour {n_effect}, {denominator} {d_change} "
       "pour {d_effect} ; à {denominator} constant, il serait à {counterfactual}.")
WITHIN_NOISE = Message(
    en="Within noise: {label} is {current}, {side} {mark} ({what}), a gap that chance alone opens on "
       "{sample} ({p}, alpha {alpha}): the next period's luck could turn this verdict.",
    fr="Dans le bruit : {label} vaut {current}, {side} {mark} ({what}), un écart que le hasard seul ouvre "
       "sur {sample} ({p}, alpha {alpha}) : la chance de la période suivante pourrait retourner ce verdict.")
NOISE_COUNT = Message(en="a count this small", fr="un compte si petit")
NOISE_RATE = Message(en="a rate on {n} cases ({counted})", fr="un taux sur {n} cas ({counted})")
NOISE_AVERAGE = Message(en="an average of {n} values ({counted})", fr="une moyenne de {n} valeurs ({counted})")
WITHIN_NOISE_AT = Message(
    en="Within noise: {label} is {current}, {side} {mark} ({what}) exactly, and chance alone moves {sample} "
       "further than that ({p}, alpha {alpha}): the next period's luck could turn this verdict.",
    fr="Dans le bruit : {label} vaut {current}, {side} {mark} ({what}) exactement, et le hasard seul écarte "
       "{sample} davantage ({p}, alpha {alpha}) : la chance de la période suivante pourrait retourner ce verdict.")
SHORT_OF = Message(en="short of", fr="en deçà de")
PAST = Message(en="past", fr="au-delà de")
AT = Message(en="at", fr="à")
THE_TARGET = Message(en="the target", fr="la cible")
DUE_NOW = Message(en="where it was due by now", fr="où il devait en être")
COHORT_PENDING = Message(
    en="The horizon ({deadline}) has passed, but the cohort that ends with it can only be judged from {ready}, "
       "once its window has elapsed in the data: until then the latest mature cohort ({period}) is judged on its "
       "pace, not as met or missed.",
    fr="L'échéance ({deadline}) est passée, mais la cohorte qui se termine avec elle ne peut être jugée qu'à "
       "partir du {ready}, une fois sa fenêtre écoulée dans les données : d'ici là, la dernière cohorte mûre "
       "({period}) est jugée sur son rythme, non comme atteinte ou manquée.")
COHORT_PENDING_DATA = Message(
    en="The horizon ({deadline}) has passed, but the cohort that ends with it can only be judged on data up to "
       "{ready}, and the data ends on {last}: until then the latest mature cohort ({period}) is judged on its "
       "pace, not as met or missed.",
    fr="L'échéance ({deadline}) est passée, mais la cohorte qui se termine avec elle ne peut être jugée que sur "
       "des données allant jusqu'au {ready}, et les données s'arrêtent au {last} : d'ici là, la dernière cohorte "
       "mûre ({period}) est jugée sur son rythme, non comme atteinte ou manquée.")
COLLAPSED = Message(
    en="{label} cannot be judged on {period}: it rests on {n} cases there ({counted}), against {n0} over "
       "{baseline_period} ({change}). What it measures all but stopped, and a rate on so few cases says nothing "
       "of its target ({to}; it reads {current}): review it once the activity resumes, or check that the data "
       "covers it.",
    fr="{label} n'est pas jugeable sur {period} : il repose sur {n} cas ({counted}), contre {n0} sur "
       "{baseline_period} ({change}). Ce qu'il mesure s'est presque arrêté, et un taux sur si peu de cas ne dit "
       "rien de sa cible ({to} ; il vaut {current}) : revoyez-le quand l'activité reprend, ou vérifiez que les "
       "données la couvrent.")
EMPTY_WINDOW = Message(
    en="{label} has no value over {period} ({why}): a period without data is reported as empty, not as zero. If "
       "the shop was closed, it did nothing then; if the export misses those days, re-export them.",
    fr="{label} n'a pas de valeur sur {period} ({why}) : une période sans données est dite vide, pas nulle. Si la "
       "boutique était fermée, elle n'a rien fait ; si l'export omet ces jours, réexportez-les.")
NO_BASELINE_VALUE = Message(
    en="Its baseline has no value over {period} ({why}): {label} is judged against its target alone, and its "
       "progress is unknown.",
    fr="Sa référence n'a pas de valeur sur {period} ({why}) : {label} est jugé sur sa seule cible, et sa "
       "progression est inconnue.")
NO_PACE = Message(
    en="{label} is {current} over {period}, short of its target {to} (by {deadline}); with no value over its "
       "baseline {baseline} ({why}) and no FROM in the spec, its pace cannot be judged before the horizon. Write "
       "the target's FROM, or choose a baseline the data covers.",
    fr="{label} vaut {current} sur {period}, en deçà de sa cible {to} (d'ici le {deadline}) ; sans valeur sur sa "
       "référence ({baseline} : {why}) ni FROM dans la spec, son rythme n'est pas jugeable avant l'échéance. "
       "Écrivez le FROM de la cible, ou choisissez une référence que les données couvrent.")
SMALL_SAMPLE = Message(
    en="{label} rests on only {n} cases over {period} ({counted}), fewer than {min}: a rate on so few cases "
       "moves by chance, so this verdict is fragile.",
    fr="{label} repose sur seulement {n} cas sur {period} ({counted}), moins de {min} : un taux sur si peu de "
       "cas bouge par hasard, ce verdict est donc fragile.")
MISSED = Message(
    en="Missed: the horizon {deadline} has passed and {label} is {current} over {period}, short of {to} "
       "(from {start}).",
    fr="Manqué : l'échéance du {deadline} est passée et {label} vaut {current} sur {period}, en deçà de {to} "
       "(départ {start}).")
MISSED_TODAY = Message(
    en="Missed: the horizon {deadline} has come and {label} is {current} over {period}, short of {to} "
       "(from {start}).",
    fr="Manqué : l'échéance du {deadline} est arrivée et {label} vaut {current} sur {period}, en deçà de {to} "
       "(départ {start}).")
MISSED_NO_START = Message(
    en="Missed: the horizon {deadline} has passed and {label} is {current} over {period}, short of {to}.",
    fr="Manqué : l'échéance du {deadline} est passée et {label} vaut {current} sur {period}, en deçà de {to}.")
MISSED_TODAY_NO_START = Message(
    en="Missed: the horizon {deadline} has come and {label} is {current} over {period}, short of {to}.",
    fr="Manqué : l'échéance du {deadline} est arrivée et {label} vaut {current} sur {period}, en deçà de {to}.")
MISSED_RECURRING = Message(
    en="Missed: {label} is {current} over {period}, short of its target {to} (baseline {baseline} over "
       "{baseline_period}).",
    fr="Manqué : {label} vaut {current} sur {period}, en deçà de sa cible {to} (référence {baseline} sur "
       "{baseline_period}).")
ON_TRACK = Message(
    en="On track: {label} is {current} over {period}, {attainment} of the way from {start} to {to}; "
       "{expected} was expected by now ({basis} to {deadline}).",
    fr="En bonne voie : {label} vaut {current} sur {period}, soit {attainment} du chemin de {start} à {to} ; "
       "{expected} était attendu à ce stade ({basis} jusqu'au {deadline}).")
OFF_TRACK = Message(
    en="Off track: {label} is {current} over {period}, {attainment} of the way from {start} to {to}; "
       "{expected} was expected by now ({basis} to {deadline}).",
    fr="En retard : {label} vaut {current} sur {period}, soit {attainment} du chemin de {start} à {to} ; "
       "{expected} était attendu à ce stade ({basis} jusqu'au {deadline}).")
HEADING_TOXIC_ONE = Message(
    en="Heading for a toxic success: {label} is on its way to its target while a guardrail broke ({names}); "
       "met this way, the target would cost the company:",
    fr="Vers un succès toxique : {label} avance vers sa cible alors qu'un garde-fou a cédé ({names}) ; atteinte "
       "ainsi, la cible coûterait à l'entreprise :")
HEADING_TOXIC = Message(
    en="Heading for a toxic success: {label} is on its way to its target while guardrails broke ({names}); "
       "met this way, the target would cost the company:",
    fr="Vers un succès toxique : {label} avance vers sa cible alors que des garde-fous ont cédé ({names}) ; "
       "atteinte ainsi, la cible coûterait à l'entreprise :")
MOVING = Message(
    en="On track: {label} moved from {baseline} ({baseline_period}) to {current} ({period}), towards {to} "
       "by {deadline}; with no baseline period the expected pace is unknown.",
    fr="En bonne voie : {label} est passé de {baseline} ({baseline_period}) à {current} ({period}), vers {to} "
       "d'ici le {deadline} ; sans période de référence, le rythme attendu est inconnu.")
NOT_MOVING = Message(
    en="Off track: {label} went from {baseline} ({baseline_period}) to {current} ({period}), not towards {to} "
       "by {deadline}.",
    fr="En retard : {label} est passé de {baseline} ({baseline_period}) à {current} ({period}), sans se "
       "rapprocher de {to} d'ici le {deadline}.")
LINEAR = Message(en="linear pace", fr="rythme linéaire")
SEASONAL = Message(en="pace weighted by last year's seasonality", fr="rythme pondéré par la saisonnalité de l'an dernier")

__all__ = ["HOLLOW_SHARE", "VERDICTS", "Facts", "Noise", "RatioParts", "Verdict", "heading_for_toxic", "judge",
           "met_by_season", "noise_check"]
