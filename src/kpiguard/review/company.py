"""The company's answer: is it better off? From its own metrics and the verdicts of its outcome KPIs."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from kpiguard._i18n import Message, get_lang, normalize_lang
from kpiguard.review.guardrails import fmt_p
from kpiguard.review.numbers import fmt_change, fmt_delta, fmt_period, fmt_points, fmt_share, fmt_value

BetterOff = Literal["yes", "no", "unclear"]
# A company metric that moved less than this (relative) is flat: noise, not a signal.
FLAT = 0.01
COMPANY_METRICS = ("revenue", "margin")
GOOD_VERDICTS = {"healthy_success", "on_track"}
BAD_VERDICTS = {"off_track", "missed", "hollow_success", "toxic_success"}


@dataclass(frozen=True)
class CompanyMetric:
    metric: str
    label: str
    unit: str
    direction: Literal["up", "down"]
    period: str
    baseline_period: str
    baseline: float | None
    current: float | None
    reason: str | None = None  # why a value is missing
    sample: int | None = None  # a rate's smallest denominator over both periods, when too small to tell
    # A rate's move tested as its guardrails are (review.guardrails.breach_p_value, a margin of 0): the one-sided
    # p-value of "it moved the way it did", with the cases it rests on (baseline, current) and what they are.
    p_value: float | None = None
    cases: tuple[int, int] | None = None
    counted: str = ""
    alpha: float = 0.05
    empty: bool = False  # missing because its period has no data at all: empty, not zero

    @property
    def change(self) -> float | None:
        if self.baseline is None or self.current is None:
            return None
        if self.baseline == 0:
            return 0.0 if self.current == 0 else None
        return (self.current - self.baseline) / abs(self.baseline)

    @property
    def material(self) -> bool:
        """It moved at least FLAT (relative), or from zero: a move worth a signal, if it is not noise."""
        change = self.change
        return self.current != self.baseline and (change is None or abs(change) >= FLAT)

    @property
    def within_noise(self) -> bool:
        """A tested rate that moved, and by no more than chance gives on its cases: flat."""
        return self.sample is None and self.material and self.p_value is not None and self.p_value >= self.alpha

    @property
    def signal(self) -> Literal["better", "worse", "flat", "unknown"]:
        if self.baseline is None or self.current is None or self.sample is not None:
            return "unknown"
        if not self.material or self.within_noise:
            return "flat"
        if self.change is None and self.p_value is None:
            return "unknown"  # from zero, untested: no percentage and no test to read the move by
        return "better" if (self.current > self.baseline) == (self.direction == "up") else "worse"

    def to_dict(self) -> dict[str, object]:
        return {"metric": self.metric, "label": self.label, "baseline": self.baseline, "current": self.current,
                "change": self.change, "direction": self.direction, "signal": self.signal,
                "period": self.period, "baseline_period": self.baseline_period, "unit": self.unit,
                "reason": self.reason, "sample": self.sample, "p_value": self.p_value,
                "within_noise": self.within_noise,
                "cases": None if self.cases is None else {"baseline": self.cases[0], "current": self.cases[1]}}


@dataclass(frozen=True)
class KpiSignal:
    id: str
    level: str | None
    verdict: str
    label: str
    slice_of: str | None = None  # the company metric its metric is a part of (e-mail revenue: revenue)
    change: float | None = None  # its move, current minus baseline, when it is such a part
    unit: str = ""
    period: str = ""
    baseline_period: str = ""
    met_at_baseline: bool = False  # a success whose target the data already met at baseline (not earned)
    met_by_season: bool = False  # a success the season gave (the same months a year earlier met the target)
    whole: CompanyMetric | None = None  # the company metric it is a part of, over the KPI's own two periods
    breached: int = 0  # its guardrails breached (significantly, for rates), whatever its verdict


def answer(metrics: list[CompanyMetric], kpis: list[KpiSignal], lang: str | None = None
           ) -> tuple[BetterOff, list[str]]:
    """yes: a company metric improved, none worsened, no outcome KPI is off track, missed, hollow or toxic, and
    no KPI is met or on track at the expense of a guardrail (something the company cares about got worse).
    no: more company metrics worsened than improved, or a success is toxic while no company metric improved.
    unclear: mixed or missing signals; the reasons list them all."""
    better = [m for m in metrics if m.signal == "better"]
    worse = [m for m in metrics if m.signal == "worse"]
    outcomes = [k for k in kpis if k.level == "outcome"]
    bad = [k for k in outcomes if k.verdict in BAD_VERDICTS]
    good = [k for k in outcomes if k.verdict in GOOD_VERDICTS]
    # a success the baseline or the season already gave is no sign that the company moved (listed all the same)
    earned = [k for k in good if not (k.met_at_baseline or k.met_by_season)]
    toxic = [k for k in kpis if k.verdict == "toxic_success" and k.level != "outcome"]
    # met, or on its way, at the expense of a guardrail (a missed KPI's breaches are not the price of a success)
    broke = [k for k in kpis if k.verdict == "toxic_success" or (k.breached and k.verdict == "on_track")]
    hollow = [k for k in kpis if k.verdict == "hollow_success" and k.level != "outcome"]
    # (an outcome's verdict is listed above with its qualifier)
    heading = [k for k in kpis if k.breached and k.verdict == "on_track" and k.level != "outcome"]

    reasons = [_metric_reason(m, lang) for m in metrics]
    reasons += [OUTCOME.render(lang, id=k.id, label=k.label, verdict=verdict_words(
        k.verdict, lang, k.met_at_baseline, bool(k.breached), k.met_by_season)) for k in [*bad, *good]]
    reasons += [TOXIC_KPI.render(lang, id=k.id, label=k.label) for k in toxic]
    reasons += [HOLLOW_KPI.render(lang, id=k.id, label=k.label) for k in hollow]
    reasons += [HEADING_KPI.render(lang, id=k.id, label=k.label) for k in heading]
    reasons += [r for found in taken_from_elsewhere(metrics, kpis, lang).values() for r in found]

    if worse and len(worse) > len(better):
        verdict: BetterOff = "no"
        headline = (NO_METRICS if len(worse) == 1 else NO_METRICS_MANY).render(lang, metrics=_and(worse, lang))
    elif toxic and not better:
        verdict = "no"
        headline = NO_TOXIC.render(lang, kpis=", ".join(k.id for k in toxic))
    elif better and not worse and not bad and not broke:
        verdict = "yes"
        headline = (YES if len(better) == 1 else YES_MANY).render(lang, metrics=_and(better, lang))
    elif better and not worse and not bad:
        # a guardrail the spec set broke: "nothing the company cares about got worse" would be untrue
        verdict = "unclear"
        headline = UNCLEAR_BROKE.render(lang, metrics=_and(better, lang), kpis=", ".join(k.id for k in broke))
    else:
        verdict = "unclear"
        flat = [m for m in metrics if m.signal == "flat"]
        if not better and not worse and not bad and not earned and flat:
            # Measured, and it did not move: that is an answer about the company, not a lack of data.
            noisy = sum(m.within_noise for m in flat)
            how = FLAT_HOW if not noisy else NOISE_HOW if noisy == len(flat) else FLAT_OR_NOISE_HOW
            headline = (UNCLEAR_FLAT if len(flat) == 1 else UNCLEAR_FLAT_MANY).render(
                lang, metrics=_and(flat, lang), how=how.render(lang, flat=fmt_share(FLAT, lang)))
        elif not better and not worse and not bad and not earned:
            headline = UNCLEAR_NO_SIGNAL.render(lang)
        else:
            headline = UNCLEAR.render(lang)
    return verdict, [headline, *reasons]


def taken_from_elsewhere(metrics: list[CompanyMetric], kpis: list[KpiSignal], lang: str | None,
                         losers_too: bool = False) -> dict[str, list[str]]:
    """A KPI that is a part of a company metric (e-mail revenue of revenue) grew and succeeded while that
    metric did not improve over the same periods as the KPI (its window and its baseline, not the company's
    last months): its gain was taken from the other parts (cannibalisation), and the KPIs on other parts that
    fell over the same periods are named. The reasons, by KPI id (the company's answer gives them all, each KPI
    its own); with `losers_too`, those KPIs that fell get theirs too: what they lost may have gone there."""
    labels = {m.metric: m.label for m in metrics}
    reasons: dict[str, list[str]] = {}
    for k in kpis:
        company = k.whole
        if company is None or company.signal not in ("flat", "worse") or k.verdict not in GOOD_VERDICTS \
                or k.change is None or k.change <= 0:
            continue
        losers = [o for o in kpis if o is not k and o.slice_of == k.slice_of and o.change is not None
                  and o.change < 0 and (o.period, o.baseline_period) == (k.period, k.baseline_period)]
        gain = fmt_delta(k.change, k.unit, lang)
        said = reasons.setdefault(k.id, [])
        said.append(TAKEN.render(lang, id=k.id, label=k.label, gain=gain, period=fmt_period(k.period, lang),
                                    baseline_period=fmt_period(k.baseline_period, lang),
                                    company=labels.get(company.metric, company.label),
                                    current=fmt_value(company.current, company.unit, lang),
                                    baseline=fmt_value(company.baseline, company.unit, lang),
                                    change=fmt_change(company.change, lang)))
        if losers:
            said.append(TAKEN_FROM.render(lang, id=k.id, others=", ".join(
                f"{o.id} ({o.label}, {fmt_delta(o.change, o.unit, lang)})" for o in losers)))
        for o in losers if losers_too else []:
            reasons.setdefault(o.id, []).append(LOST_TO.render(
                lang, id=k.id, label=k.label, gain=gain, loss=fmt_delta(o.change, o.unit, lang),
                company=_mid_sentence(labels.get(company.metric, company.label)),
                change=fmt_change(company.change, lang)))
    return reasons


def _and(metrics: list[CompanyMetric], lang: str | None) -> str:
    # "Revenue and gross margin": a label after the first is mid-sentence (an acronym keeps its capitals)
    labels = [m.label if i == 0 else _mid_sentence(m.label) for i, m in enumerate(metrics)]
    if len(labels) == 1:
        return labels[0]
    return AND.render(lang, first=", ".join(labels[:-1]), last=labels[-1])


def _mid_sentence(label: str) -> str:
    """A label as written inside a sentence: "Gross margin" -> "gross margin", "AOV" and "CA e-mail" unchanged."""
    if len(label) > 1 and label[0].isupper() and not label[1].isupper():
        return label[0].lower() + label[1:]
    return label


def _metric_reason(m: CompanyMetric, lang: str | None) -> str:
    if m.sample is not None and m.current is not None and m.baseline is not None:
        return TOO_FEW.render(lang, label=m.label, current=fmt_value(m.current, m.unit, lang),
                              baseline=fmt_value(m.baseline, m.unit, lang), period=fmt_period(m.period, lang),
                              baseline_period=fmt_period(m.baseline_period, lang), n=m.sample)
    if m.signal == "unknown":
        # Name the period that is missing: with a current value, it is the baseline that has none.
        period = m.baseline_period if m.current is not None else m.period
        return (METRIC_EMPTY if m.empty else METRIC_UNKNOWN).render(lang, label=m.label, why=m.reason or "?",
                                                                     period=fmt_period(period, lang))
    word = {"better": BETTER, "worse": WORSE, "flat": FLAT_WORD}[m.signal].render(lang)
    values = {"label": m.label, "word": word, "current": fmt_value(m.current, m.unit, lang),
              "baseline": fmt_value(m.baseline, m.unit, lang), "change": fmt_change(m.change, lang),
              "period": fmt_period(m.period, lang), "baseline_period": fmt_period(m.baseline_period, lang)}
    if m.p_value is None or m.cases is None or not m.material:
        return METRIC.render(lang, **values)
    # A tested rate says its move in points, and what the test made of it on how many cases.
    assert m.current is not None and m.baseline is not None
    move = fmt_points(m.current - m.baseline, lang) if m.unit == "%" else fmt_delta(m.current - m.baseline, m.unit,
                                                                                      lang)
    test = (NOISE_TEST if m.within_noise else BEYOND_NOISE_TEST).render(
        lang, n0=fmt_value(m.cases[0], "", lang), n1=fmt_value(m.cases[1], "", lang),
        counted=_mid_sentence(m.counted) if m.counted else CASES.render(lang), p=fmt_p(m.p_value, lang),
        alpha=f"{m.alpha:g}".replace(".", ",") if lang == "fr" else f"{m.alpha:g}")
    return TESTED_METRIC.render(lang, move=move, test=test, **values)


VERDICT_WORDS = {
    "healthy_success": Message(en="healthy success", fr="succès sain"),
    "hollow_success": Message(en="hollow success", fr="succès creux"),
    "toxic_success": Message(en="toxic success", fr="succès toxique"),
    "on_track": Message(en="on track", fr="en bonne voie"),
    "off_track": Message(en="off track", fr="en retard"),
    "missed": Message(en="missed", fr="manqué"),
    "not_evaluable": Message(en="not evaluable", fr="non évaluable"),
}

# The verdicts counted in the review's last line ("2 manqués", "2 healthy successes"): the words agree with the count.
VERDICT_PLURALS = {
    "healthy_success": Message(en="healthy successes", fr="succès sains"),
    "hollow_success": Message(en="hollow successes", fr="succès creux"),
    "toxic_success": Message(en="toxic successes", fr="succès toxiques"),
    "missed": Message(en="missed", fr="manqués"),
    "not_evaluable": Message(en="not evaluable", fr="non évaluables"),
}


MET_AT_BASELINE = Message(en="met at baseline, not earned", fr="atteint dès la référence, non gagné")
MET_BY_SEASON = Message(en="the season's, not earned", fr="dû à la saison, non gagné")
HEADING_FOR_TOXIC = Message(en="heading for a toxic success", fr="vers un succès toxique")
WITHIN_NOISE = Message(en="within noise", fr="dans le bruit")


def verdict_words(verdict: str, lang: str | None = None, met_at_baseline: bool = False,
                  heading_for_toxic: bool = False, met_by_season: bool = False, within_noise: bool = False,
                  count: int = 1) -> str:
    """The verdict in words; a success whose target was already met at baseline says it was not earned, a KPI
    on track while a guardrail broke says where it is heading, a verdict decided by a gap within noise says so.
    `count`: how many KPIs the words are said of ("2 manqués"; French is singular below 2, English at 1 only)."""
    plural = count >= 2 or (count != 1 and normalize_lang(lang or get_lang()) == "en")
    message = (VERDICT_PLURALS.get(verdict) if plural else None) or VERDICT_WORDS.get(verdict)
    words = message.render(lang) if message else verdict
    if met_at_baseline and verdict.endswith("_success"):
        words += f" ({MET_AT_BASELINE.render(lang)})"
    elif met_by_season and verdict.endswith("_success"):
        words += f" ({MET_BY_SEASON.render(lang)})"
    if heading_for_toxic and verdict == "on_track":
        words += f" ({HEADING_FOR_TOXIC.render(lang)})"
    if within_noise and verdict != "not_evaluable":
        words += f" ({WITHIN_NOISE.render(lang)})"
    return words


def kpi_verdict_words(kpi: dict, lang: str | None = None) -> str:
    """The verdict of a KPI of the review's JSON in words, with its qualifiers."""
    return verdict_words(kpi["verdict"], lang, bool(kpi.get("met_at_baseline")), bool(kpi.get("heading_for_toxic")),
                         bool(kpi.get("met_by_season")), bool(kpi.get("within_noise")))


BETTER = Message(en="better", fr="en amélioration")
WORSE = Message(en="worse", fr="en dégradation")
FLAT_WORD = Message(en="flat", fr="stable")
METRIC = Message(en="{label}: {current} over {period} vs {baseline} over {baseline_period} ({change}, {word}).",
                 fr="{label} : {current} sur {period} contre {baseline} sur {baseline_period} ({change}, {word}).")
METRIC_UNKNOWN = Message(en="{label}: not available over {period} ({why}).",
                         fr="{label} : non disponible sur {period} ({why}).")
METRIC_EMPTY = Message(en="{label}: empty over {period} ({why}), not zero.",
                       fr="{label} : vide sur {period} ({why}), pas nul.")
TESTED_METRIC = Message(
    en="{label}: {current} over {period} vs {baseline} over {baseline_period} ({move}, {change}, {word}: {test}).",
    fr="{label} : {current} sur {period} contre {baseline} sur {baseline_period} ({move}, {change}, {word} : "
       "{test}).")
NOISE_TEST = Message(
    en="within noise, as chance alone moves a rate that much on {n0} and {n1} {counted}, {p}, alpha {alpha}",
    fr="dans le bruit, car le hasard seul fait varier un taux d'autant sur {n0} et {n1} {counted}, {p}, alpha {alpha}")
BEYOND_NOISE_TEST = Message(
    en="beyond noise on {n0} and {n1} {counted}, {p}, alpha {alpha}",
    fr="au-delà du bruit sur {n0} et {n1} {counted}, {p}, alpha {alpha}")
CASES = Message(en="cases", fr="cas")
TOO_FEW = Message(
    en="{label}: {current} over {period} vs {baseline} over {baseline_period}, on too few cases to tell "
       "({n} in the smaller period).",
    fr="{label} : {current} sur {period} contre {baseline} sur {baseline_period}, sur trop peu de cas pour "
       "conclure ({n} sur la plus petite période).")
OUTCOME = Message(en="Outcome KPI {id} ({label}): {verdict}.", fr="KPI d'outcome {id} ({label}) : {verdict}.")
TOXIC_KPI = Message(en="KPI {id} ({label}) was met while a guardrail broke: the success cost the company.",
                    fr="Le KPI {id} ({label}) est atteint alors qu'un garde-fou a cédé : ce succès a coûté à "
                       "l'entreprise.")
HEADING_KPI = Message(
    en="KPI {id} ({label}) is on track while a guardrail broke: it is heading for a toxic success.",
    fr="Le KPI {id} ({label}) est en bonne voie alors qu'un garde-fou a cédé : il va vers un succès toxique.")
HOLLOW_KPI = Message(en="KPI {id} ({label}) was met through its denominator, not through growth.",
                     fr="Le KPI {id} ({label}) est atteint par son dénominateur, pas par la croissance.")
TAKEN = Message(
    en="KPI {id} ({label}) grew by {gain} over {period} vs {baseline_period} while {company}, of which it is a "
       "part, did not improve over the same periods ({current} vs {baseline}, {change}): its gain looks taken "
       "from other sales rather than added to the company's.",
    fr="Le KPI {id} ({label}) progresse de {gain} sur {period} contre {baseline_period} alors que {company}, "
       "dont il est une part, ne progresse pas sur les mêmes périodes ({current} contre {baseline}, {change}) : "
       "son gain semble pris à d'autres ventes plutôt qu'ajouté à celles de l'entreprise.")
TAKEN_FROM = Message(en="Over the same periods, the KPIs that lost what {id} gained: {others}.",
                     fr="Sur les mêmes périodes, les KPI qui ont perdu ce que {id} a gagné : {others}.")
LOST_TO = Message(
    en="Over the same periods, KPI {id} ({label}) gained {gain} of the same {company}, which did not improve "
       "({change}): part of this KPI's {loss} may have gone there rather than been lost to the company.",
    fr="Sur les mêmes périodes, le KPI {id} ({label}) a gagné {gain} du même {company}, qui ne progresse pas "
       "({change}) : une partie des {loss} de ce KPI est peut-être partie là plutôt que perdue pour l'entreprise.")
YES = Message(en="Yes: {metrics} improved, nothing the company cares about got worse.",
              fr="Oui : {metrics} progresse, rien de ce qui compte pour l'entreprise ne s'est dégradé.")
AND = Message(en="{first} and {last}", fr="{first} et {last}")
YES_MANY = Message(en="Yes: {metrics} improved, nothing the company cares about got worse.",
                   fr="Oui : {metrics} progressent, rien de ce qui compte pour l'entreprise ne s'est dégradé.")
NO_METRICS_MANY = Message(en="No: {metrics} got worse, whatever the KPIs say.",
                          fr="Non : {metrics} se dégradent, quoi qu'en disent les KPI.")
NO_METRICS = Message(en="No: {metrics} got worse, whatever the KPIs say.",
                     fr="Non : {metrics} se dégrade, quoi qu'en disent les KPI.")
NO_TOXIC = Message(en="No: {kpis} met at the expense of a guardrail, and no company metric improved.",
                   fr="Non : {kpis} atteint au détriment d'un garde-fou, et aucun indicateur de l'entreprise ne "
                      "progresse.")
UNCLEAR = Message(en="Unclear: the signals disagree; read the reasons below.",
                  fr="Incertain : les signaux se contredisent ; lisez les raisons ci-dessous.")
UNCLEAR_BROKE = Message(
    en="Unclear: {metrics} improved, but a guardrail broke on {kpis}: the company paid for that progress with "
       "something it cares about.",
    fr="Incertain : {metrics} progresse, mais un garde-fou a cédé sur {kpis} : l'entreprise a payé ce progrès de "
       "quelque chose qui compte pour elle.")
UNCLEAR_FLAT = Message(
    en="Unclear: {metrics} held flat ({how}): the company is neither better nor worse off.",
    fr="Incertain : {metrics} reste stable ({how}) : l'entreprise n'est ni mieux ni moins bien lotie.")
UNCLEAR_FLAT_MANY = Message(
    en="Unclear: {metrics} held flat ({how}): the company is neither better nor worse off.",
    fr="Incertain : {metrics} restent stables ({how}) : l'entreprise n'est ni mieux ni moins bien lotie.")
FLAT_HOW = Message(en="moved less than {flat}", fr="variation de moins de {flat}")
NOISE_HOW = Message(en="moved within noise", fr="variation dans le bruit")
FLAT_OR_NOISE_HOW = Message(en="moved less than {flat}, or within noise",
                            fr="variation de moins de {flat}, ou dans le bruit")
UNCLEAR_NO_SIGNAL = Message(en="Unclear: not enough data to tell.",
                            fr="Incertain : pas assez de données pour conclure.")

__all__ = ["COMPANY_METRICS", "HEADING_FOR_TOXIC", "BetterOff", "CompanyMetric", "KpiSignal", "answer", "kpi_verdict_words",
           "taken_from_elsewhere", "verdict_words"]
