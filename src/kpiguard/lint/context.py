"""What every rule needs to know about a spec, computed once per lint run (rules stay linear in the KPIs)."""

from __future__ import annotations

import re
from collections import ChainMap, defaultdict
from collections.abc import Callable, Iterable
from datetime import date
from functools import cached_property
from pathlib import Path
from typing import Any

from kpiguard import _numbers as numbers
from kpiguard._i18n import Message, get_lang, pick
from kpiguard._units import unit_word
from kpiguard.catalog import builtin_metrics
from kpiguard.errors import Location
from kpiguard.lint.snippet import Snippet, is_reason
from kpiguard.spec.models import KPI, MetricDef, Spec

QUOTED = Message(en="{label}", fr="« {label} »")
NOR = Message(en=" or ", fr=" ni ")
PER_PERIOD = {"day": Message(en="per day", fr="par jour"), "week": Message(en="per week", fr="par semaine"),
              "month": Message(en="per month", fr="par mois"), "quarter": Message(en="per quarter", fr="par trimestre"),
              "year": Message(en="per year", fr="par an")}

DEFAULT_LEVEL = "output"
_QUOTIENT = re.compile(r"\s*([A-Za-z_][A-Za-z0-9_]*)\s*/\s*([A-Za-z_][A-Za-z0-9_]*)\s*")  # `expr: a / b`
# KG101 (code and name): a share whose whole can fall; every rewrite of a KPI it flags guards the whole (`kpi_data`)
SHARE_RULE = ("KG101", "STRUCTURE.SHARE-WITHOUT-ABSOLUTE")
# KG102 (code and name): a rate standing alone; every rewrite of a KPI it flags holds the rate's base up
RATE_RULE = ("KG102", "STRUCTURE.RATE-ALONE")


def kind_of(metric: MetricDef) -> str | None:
    """amount / count / ratio as declared, else read from a simple metric's measure when it is one `sum(...)` or
    `count(...)` (the review's units read it the same way, see metrics/units.py; here without parsing SQL)."""
    if metric.kind is not None:
        return metric.kind
    if metric.type != "simple" or not metric.measure:
        return None
    text = metric.measure.strip().lower()
    found = re.match(r"(sum|count)\s*\(", text)
    if found is None or not text.endswith(")"):
        return None
    depth = 0
    for index, char in enumerate(text[found.end() - 1:], start=found.end() - 1):
        depth += {"(": 1, ")": -1}.get(char, 0)
        if depth == 0:  # the aggregate's own parenthesis closes: it must be the end of the measure
            return {"sum": "amount", "count": "count"}[found.group(1)] if index == len(text) - 1 else None
    return None


def _same_measure(num: MetricDef, den: MetricDef) -> bool:
    """Two simple metrics of the same table with the same measure (only their filters differ)."""
    def measure(m: MetricDef) -> str:
        return re.sub(r"\s+", "", (m.measure or "").lower())

    return (num.type == den.type == "simple" and num.table == den.table and bool(measure(num))
            and measure(num) == measure(den))


# The words by which a ratio's name or label says it is a share of a whole, not a rate of cases (`email_order_share`,
# « Part des commandes e-mail »): two counts alone cannot tell e-mail orders over orders from won quotes over quotes.
_SHARE_WORDS = frozenset({"share", "shares", "part", "parts", "mix", "proportion"})
# The words by which it says it is a rate, of two counts of different things (orders over sessions).
_RATE_WORDS = frozenset({"rate", "rates", "taux", "conversion", "churn", "attrition", "retention", "rétention",
                         "cvr", "ctr"})


def _named(name: str, metric: MetricDef, words: frozenset[str]) -> bool:
    """The metric's id or label holds one of `words`."""
    label = metric.label
    texts = [name, *(label.values() if isinstance(label, dict) else [label or ""])]
    return any(word in words for text in texts for word in re.findall(r"[a-zà-ÿ]+", text.lower()))


class LintContext:
    """A spec plus the indexes rules share: KPIs by metric, by owner, outputs serving each outcome."""

    def __init__(self, spec: Spec, today: date | None = None) -> None:
        self.spec = spec
        self.today = today  # `kpiguard check`: the day that anchors its rewrite's default baseline
        self.in_force: frozenset[str] | None = None  # the codes of the rules run (set by the linter); None: all
        self._free_wholes: dict[int, str | None] = {}
        self.memo: dict[str, Any] = {}  # what a rule works out once per run, shared by its findings (by rule code)
        self.catalog = builtin_metrics()
        self._metrics: dict[str, MetricDef | None] = {}
        self._labels: dict[tuple[str, str], str] = {}
        self._flavors: dict[str, str | None] = {}
        self.kpis_by_id: dict[str, KPI] = {}
        self.kpis_by_metric: dict[str, list[KPI]] = defaultdict(list)
        self.kpis_by_owner: dict[str | None, list[KPI]] = defaultdict(list)
        self.servers: dict[str, list[KPI]] = defaultdict(list)
        self.levels: dict[int, str] = {}
        for kpi in spec.kpis:
            self.kpis_by_id.setdefault(kpi.id, kpi)
            self.kpis_by_metric[kpi.metric].append(kpi)
            self.kpis_by_owner[kpi.owner].append(kpi)
            metric = self.metric(kpi.metric)
            self.levels[id(kpi)] = kpi.level or (metric.level if metric and metric.level else DEFAULT_LEVEL)
            for outcome_id in kpi.serves:
                self.servers[outcome_id].append(kpi)

    # --- metrics ---------------------------------------------------------------------------------

    def metric(self, name: str | None) -> MetricDef | None:
        """The spec's own definition, else the built-in one (cached: rules ask for the same few names)."""
        if name is None:
            return None
        try:
            return self._metrics[name]
        except KeyError:
            found = self.spec.metrics.get(name) or self.catalog.get(name)
            self._metrics[name] = found = self._as_ratio(found)
            return found

    def _as_ratio(self, metric: MetricDef | None) -> MetricDef | None:
        """A derived metric that divides one metric by another (`expr: wholesale_revenue / revenue`) read as the
        ratio it is, with its numerator and denominator: written so, a share or a rate escaped every ratio rule."""
        if metric is None or metric.type != "derived" or metric.numerator or not metric.expr:
            return metric
        parts = _QUOTIENT.fullmatch(metric.expr)
        if parts is None or not all(self.spec.metrics.get(n) or self.catalog.get(n) for n in parts.groups()):
            return metric
        update = {"numerator": parts[1], "denominator": parts[2], "kind": metric.kind or "ratio"}
        num, den = (self.spec.metrics.get(n) or self.catalog.get(n) for n in parts.groups())
        if (metric.ratio_of is None and not numbers.is_percent_unit(metric.unit)
                and kind_of(num) == kind_of(den) == "amount"
                and not _same_measure(num, den)):
            # two amounts are a share only when said so (`unit: '%'`): revenue / ad_spend is a multiple (a ROAS)
            update["ratio_of"] = "average"
        return metric.model_copy(update=update)

    def label(self, name: str) -> str:
        key = (name, get_lang())
        found = self._labels.get(key)
        if found is None:
            metric = self.metric(name)
            found = self._labels[key] = pick(metric.label) if metric is not None and metric.label else name
        return found

    def labels(self, names: Iterable[str]) -> str:
        """Metrics named in a sentence: `Revenue, Open rate`; in French each in guillemets, as the messages quote
        a metric (« Chiffre d'affaires », « Taux d'ouverture »): "au détriment de Chiffre d'affaires" is no French."""
        return ", ".join(QUOTED(label=self.label(name)) for name in names)

    def labels_nor(self, names: Iterable[str]) -> str:
        """Metrics after "without degrading" / "sans dégrader": `A, B or C`; in French `« A », « B » ni « C »`
        ("sans dégrader « A », « B »" lacks its « ni »)."""
        quoted = [QUOTED(label=self.label(name)) for name in names]
        if len(quoted) < 2:
            return "".join(quoted)
        return f"{', '.join(quoted[:-1])}{NOR()}{quoted[-1]}"

    def direction(self, name: str) -> str | None:
        metric = self.metric(name)
        return metric.direction if metric is not None else None

    def flavor(self, name: str) -> str | None:
        """share / rate / average for a ratio metric (declared, or read from its parts), None otherwise."""
        try:
            return self._flavors[name]
        except KeyError:
            found = self._flavors[name] = self._flavor(name)
            return found

    def _flavor(self, name: str) -> str | None:
        metric = self.metric(name)
        if metric is None or not metric.is_ratio:
            return None
        if metric.ratio_of:
            return metric.ratio_of
        num, den = self.metric(metric.numerator), self.metric(metric.denominator)
        if num is None or den is None:
            return "share" if numbers.is_percent_unit(metric.unit) else None
        # Same kind and unit on both sides: a part over its whole (amount/amount) or cases over cases (count/count).
        num_kind, den_kind = kind_of(num), kind_of(den)
        if num_kind == den_kind == "amount":
            return "share"
        if num_kind == den_kind == "count":
            # Some of the rows (or customers) the denominator counts: a proportion of cases, as the catalog's
            # conversion and hit rates and the review read it (churn, reorder rate, won quotes over quotes sent);
            # a share of them (e-mail orders over orders) when its name says so.
            if _same_measure(num, den):
                return "share" if _named(name, metric, _SHARE_WORDS) else "rate"
            # Counts of different things: a rate when said so (`unit: '%'`, the name: `click_to_open_rate`, "Taux de
            # conversion") or when both count the same unit, as the review shows it; else a number per unit (orders
            # per customer, items per order: 1.6, not 160 %)
            if numbers.is_percent_unit(metric.unit) or (metric.unit is None and _named(name, metric, _RATE_WORDS)):
                return "rate"
            same_unit = metric.unit is None and num.unit is not None and num.unit == den.unit
            return "rate" if same_unit else "average"
        if _same_measure(num, den):  # the same measure, neither a sum nor a count: a part of a whole
            return "share"
        return "average"

    def is_percent(self, name: str) -> bool:
        """Values of this metric are fractions shown as percents (25 % is 0.25)."""
        metric = self.metric(name)
        if metric is None:
            return False
        return numbers.is_percent_unit(metric.unit) or (metric.unit is None and self.flavor(name) in ("share", "rate"))

    def never_negative(self, name: str) -> bool:
        """Values of this metric are never below zero: a count, a rate, a share, an average per unit (an amount
        may be: a margin, net refunds)."""
        metric = self.metric(name)
        if metric is None:
            return False
        return kind_of(metric) == "count" or self.flavor(name) in ("share", "rate", "average")

    def level_of_metric(self, name: str) -> str | None:
        metric = self.metric(name)
        return metric.level if metric is not None else None

    @cached_property
    def company_outcomes(self) -> set[str]:
        """Metrics the company wants for themselves: outcome KPIs of the spec and outcome metrics of the catalog."""
        names = {k.metric for k in self.spec.kpis if self.level(k) == "outcome"}
        names |= {n for n, m in self.catalog.items() if m.level == "outcome"}
        names |= {n for n, m in self.spec.metrics.items() if m.level == "outcome"}
        return names

    @cached_property
    def parents(self) -> dict[str, list[str]]:
        """metric -> the metrics it is a driver of (emails_sent -> email_revenue)."""
        out: dict[str, list[str]] = defaultdict(list)
        for source in (self.catalog, self.spec.metrics):
            for name, metric in source.items():
                for driver in metric.drivers:
                    out[driver].append(name)
        return out

    @cached_property
    def ratios_over(self) -> dict[str, list[str]]:
        """metric -> the ratio metrics it is the denominator of (creative_concepts_launched -> creative_hit_rate)."""
        out: dict[str, list[str]] = defaultdict(list)
        for source in (self.catalog, self.spec.metrics):
            for name, metric in source.items():
                if metric.is_ratio and metric.denominator:
                    out[metric.denominator].append(name)
        return out

    @cached_property
    def bases_of(self) -> dict[str, list[str]]:
        """metric -> the volumes it is counted on: the denominators of the ratios it is the numerator of
        (disputed_orders -> orders, email_unsubscribes -> emails_delivered)."""
        out: dict[str, list[str]] = defaultdict(list)
        for name in {**self.catalog, **self.spec.metrics}:
            metric = self.metric(name)  # the spec's definition where it replaces the catalog's
            if metric is not None and metric.is_ratio and metric.numerator and metric.denominator:
                out[metric.numerator].append(metric.denominator)
        return out

    @cached_property
    def averages_of(self) -> dict[str, list[str]]:
        """metric -> the averages that divide it (revenue -> aov, revenue_per_visitor)."""
        out: dict[str, list[str]] = defaultdict(list)
        for source in (self.catalog, self.spec.metrics):
            for name in source:
                metric = self.metric(name)
                if metric is not None and metric.numerator and self.flavor(name) == "average":
                    out[metric.numerator].append(name)
        return out

    # --- KPIs ------------------------------------------------------------------------------------

    def level(self, kpi: KPI) -> str:
        """The KPI's level: declared, else its metric's usual level, else output."""
        level = self.levels.get(id(kpi))
        if level is None:
            metric = self.metric(kpi.metric)
            level = kpi.level or (metric.level if metric and metric.level else DEFAULT_LEVEL)
        return level

    def level_declared(self, kpi: KPI) -> bool:
        """The KPI's level is written, on it or on its metric (else it is read as an output by default)."""
        metric = self.metric(kpi.metric)
        return kpi.level is not None or (metric is not None and metric.level is not None)

    @staticmethod
    def own_loc(kpi: KPI, field: str, key: bool = False) -> Location | None:
        """Where `field` is written in the KPI itself, to point a finding about the KPI at it; the KPI's id when the
        field comes from an anchor merged in (`- <<: *defaults`): written before the KPI, shared with others."""
        loc, start = kpi.loc_of(field, key=key), kpi.loc
        if loc is None or start is None or loc.file != start.file or loc.line >= start.line:
            return loc
        return kpi.loc_of("id")

    @staticmethod
    def others(kpi: KPI) -> list[str]:
        """The contributors other than the owner: who makes an outcome collective (the owner listed is not)."""
        return [t for t in kpi.contributors if t != kpi.owner]

    @staticmethod
    def held_up(kpi: KPI, metric: str) -> bool:
        """A guardrail of the KPI stops the volume `metric` from falling (`max_decrease` or `min`; a cap alone does
        not): a threshold that can bind, not `max_decrease: 100%` or `min: 0`, which let the volume fall to nothing."""
        return any(g.metric == metric and ((g.max_decrease is not None and g.max_decrease < 1)
                                           or (g.min is not None and g.min > 0)) for g in kpi.guardrails)

    @staticmethod
    def guarded(kpi: KPI) -> set[str]:
        return {g.metric for g in kpi.guardrails}

    @cached_property
    def single_actor(self) -> bool:
        """The spec is kept by one person or team alone: its `teams` section declares one team, or it has none and
        its KPIs (two or more of them) name one owner and nobody else as owner, contributor or viewer (a founder's
        own KPIs). Another team to name as contributor would be a placeholder, which a declared list refuses."""
        actors = {t for k in self.spec.kpis for t in (k.owner, *k.contributors, *k.visibility) if t is not None}
        if self.spec.teams:
            return len(self.spec.teams) == 1 and actors <= set(self.spec.teams)
        owned = [k for k in self.spec.kpis if k.owner is not None]
        return len(owned) >= 2 and len(actors) == 1

    @cached_property
    def outcome_kpis(self) -> list[KPI]:
        return [k for k in self.spec.kpis if self.level(k) == "outcome"]

    @cached_property
    def leading_to_outcome(self) -> set[str]:
        """Ids of the KPIs whose `serves` reaches an outcome KPI, directly or through others (one pass)."""
        found: set[str] = set()
        todo = [k.id for k in self.outcome_kpis]
        while todo:
            for server in self.servers.get(todo.pop(), ()):
                if server.id not in found:
                    found.add(server.id)
                    todo.append(server.id)
        return found

    @cached_property
    def outcomes_by_team(self) -> dict[str, list[KPI]]:
        """team -> the outcome KPIs it owns or contributes to."""
        out: dict[str, list[KPI]] = defaultdict(list)
        for kpi in self.outcome_kpis:
            for team in dict.fromkeys([*([kpi.owner] if kpi.owner else []), *kpi.contributors]):
                out[team].append(kpi)
        return out

    @cached_property
    def owners_by_metric(self) -> dict[str, dict[str | None, KPI]]:
        """metric -> owner -> the first KPI of that owner on it (so "another team's KPI" is found in O(teams))."""
        out: dict[str, dict[str | None, KPI]] = defaultdict(dict)
        for kpi in self.spec.kpis:
            out[kpi.metric].setdefault(kpi.owner, kpi)
        return out

    def owner_name(self, team: str | None) -> str:
        if team is None:
            return "?"
        found = self.spec.teams.get(team)
        return found.name if found is not None else team

    # --- rewrites --------------------------------------------------------------------------------

    def new_kpi_id(self, text: str) -> str:
        """The id of a KPI a rewrite proposes (`text` made a valid id, see `snippet.kpi_id_from`): free in the spec
        and among the ids the other rewrites of this run propose, so that pasting all of them loads (two outcomes
        whose first contributor is the same team were each given a `web-output`)."""
        from kpiguard.lint.snippet import kpi_id_from

        proposed = self.memo.setdefault("proposed-ids", {})
        found = kpi_id_from(text, ChainMap(self.kpis_by_id, proposed))
        proposed[found] = True
        return found

    def free_whole(self, kpi: KPI) -> str | None:
        """The volume a ratio target of the KPI is taken on, left free to fall, that a rule asks to hold up: the
        whole of a share (KG101), the base of a rate standing alone (KG102), when that rule is run and not silenced
        on the KPI; None otherwise (asked by every rewrite of the KPI: worked out once)."""
        try:
            return self._free_wholes[id(kpi)]
        except KeyError:
            found = self._free_wholes[id(kpi)] = self._free_whole(kpi)
            return found

    def _free_whole(self, kpi: KPI) -> str | None:
        if kpi.target is None:
            return None
        flavor = self.flavor(kpi.metric)
        if flavor == "share":
            rule, whole = SHARE_RULE, self.metric(kpi.metric).denominator  # type: ignore[union-attr]
            if not whole or self.held_up(kpi, whole):
                return None
        elif flavor == "rate" and self.rate_alone(kpi):
            rule, whole = RATE_RULE, self.metric(kpi.metric).denominator  # type: ignore[union-attr]
        else:
            return None
        if not whole or self.direction(whole) == "down":  # a floor on it would guard against its improvement (KG206)
            return None
        if self.in_force is not None and rule[0] not in self.in_force:
            return None
        silenced = self.suppressions.get(kpi.id, {})
        if any(key in silenced for key in rule):  # the rule accepted (its reason may be KG001's to write)
            return None
        return whole

    def rate_alone(self, kpi: KPI) -> bool:
        """KG102's case: an input or output KPI targets a rate with no guardrail on its numerator, its denominator,
        an amount, an average or an input count (the volume it is taken on)."""
        if kpi.target is None or self.flavor(kpi.metric) != "rate" or self.level(kpi) == "outcome":
            return False
        metric = self.metric(kpi.metric)
        guarded = self.guarded(kpi)
        if guarded & {metric.numerator, metric.denominator}:  # type: ignore[union-attr]
            return False
        for name in guarded:
            found = self.metric(name)
            if found is not None and (found.kind == "amount" or self.flavor(name) == "average"):
                return False
            if found is not None and found.kind == "count" and self.level_of_metric(name) == "input":
                return False
        return True

    def kpi_data(self, kpi: KPI, answers: str | None = None) -> dict:
        """The KPI as a rewrite starts from it: as written (see `snippet.kpi_data`). The linter writes every rewrite of
        a KPI on top of the fixes of its other findings (`composition`): KG202's horizon pasted after KG101's rewrite
        keeps the whole KG101 holds up, and the share it replaced stays replaced."""
        from kpiguard.lint.snippet import kpi_data

        return kpi_data(kpi, answers)

    def yaml_of(self, data: dict, notes: list[str] | None = None) -> str:
        """A KPI snippet, with the values of percent metrics written as percents."""
        from kpiguard.lint.snippet import write_kpi

        names = {data.get("metric")} | {g["metric"] for g in data.get("guardrails", [])}
        text = write_kpi(data, {n for n in names if n and self.is_percent(n)}, notes)
        return self._with_noqa_comments(text, data.get("id"))

    def _with_noqa_comments(self, text: str, kpi_id: str | None) -> str:
        """The snippet of a KPI silenced by a `# kpiguard: noqa` comment keeps it on its first line: pasted in
        place of the KPI, the rewrite would otherwise bring back every finding the comment accepted."""
        comments = self.noqa_comments.get(kpi_id or "", [])
        if not comments or not text.startswith("- id: "):
            return text
        if len(comments) == 1:
            comment = comments[0][0]
        else:  # one line holds one comment: the codes and the reasons of all of them
            codes = ", ".join(m.group("codes").strip() for _, m, _ in comments)
            reasons = "; ".join(r for r in ((m.group("reason") or "").strip() for _, m, _ in comments) if r)
            comment = f"# kpiguard: noqa {codes}" + (f" -- {reasons}" if reasons else "")
        first, _, rest = text.partition("\n")
        return f"{first}  {comment}\n{rest}"

    def snippet(self, data: dict, notes: list[str] | None = None, extra: tuple[dict, ...] = ()) -> Callable[[], str]:
        """`yaml_of` of `data` (then of each `extra` KPI to paste with it), written when first asked for (a `Rewrite`
        takes it); `data` must not change after. Data from `kpi_data` is an edit of its KPI: the linter writes it on
        top of the fixes of the KPI's other findings (`snippet.Snippet`)."""
        return Snippet(self.yaml_of, data, notes, extra)

    def show(self, value: float | None, metric: str, unknown: str = "X") -> str:
        """A value as a sentence shows it: 25%, €8,000,000, 0,70 €, 40 concepts; X when unknown (Y for a TO:
        the rewrites write "from X to Y")."""
        if value is None:
            return unknown
        lang = get_lang()
        if self.flavor(metric) in ("share", "rate") and not 0 <= value <= 1:
            # a share or a rate written without its % sign (`to: 30`, KG204's error): shown as written, 30, not
            # as the 3,000% it reads as, which every other finding on the KPI would then repeat
            return numbers.format_number(value, lang, 4, trim=True)
        if self.is_percent(metric):  # as written, to 4 decimals: 12.34%, 0,2 %
            written = f"{round(value * 100, 4):f}".rstrip("0").rstrip(".")
            return numbers.format_percent(value, lang, len(written.partition(".")[2]))
        found = self.metric(metric)
        unit = ((found.unit or "") if found is not None else "").replace("{currency}", self.spec.currency)
        decimals = 0 if float(value).is_integer() else 2
        if numbers.is_money_unit(unit):  # €8,000,000 / 8 000 000 €, as the review and the report write money
            return numbers.format_money(value, numbers.money_code(unit), lang, decimals)
        return f"{numbers.format_number(value, lang, decimals)} {unit_word(unit, lang, value)}".strip()

    def show_from(self, value: float | None, to: float | None, metric: str) -> str:
        """A FROM said before its TO ("de 12 000 à 8 400 unités", "from 100 to 120 orders"): its unit word is left to
        the TO, once; money and percents keep theirs ("de 6,80 € à 5,50 €"), as does a FROM without a TO."""
        shown = self.show(value, metric)
        if value is None or to is None:
            return shown
        number = self.show(value, "")  # the number alone, as a metric without a unit shows it
        word = shown[len(number):].strip() if shown.startswith(number) else ""
        return number if word and self.show(to, metric).endswith(word) and word[0].isalpha() else shown

    def per(self, kpi: KPI, value: float | None = 0.0) -> str:
        """" par mois" / " per month" when a TO of `kpi` is a volume per cadence period ("3 000 commandes par jour"),
        as `baseline_for` reads it; '' for a ratio (its TO is not per anything), an unknown value or no cadence."""
        period = PER_PERIOD.get(kpi.cadence or "")
        if value is None or period is None or self.flavor(kpi.metric) is not None:
            return ""
        return f" {period()}"

    def show_per(self, value: float | None, kpi: KPI, unknown: str = "X") -> str:
        """A TO of `kpi` as `show` writes it, with the period it is counted over (see `per`)."""
        return self.show(value, kpi.metric, unknown) + self.per(kpi, value)

    # --- suppressions ----------------------------------------------------------------------------

    @cached_property
    def suppressions(self) -> dict[str, dict[str, tuple[str, Location | None]]]:
        """KPI id -> rule code -> (reason, where): from `noqa:` keys and from `# kpiguard: noqa CODE -- reason`. A code
        silenced both ways is silenced by the one that gives a reason: KG001's rewrite of a comment without one adds
        a `noqa:` key to fill in, and the comment, left on the KPI, undid it once filled."""
        out: dict[str, dict[str, tuple[str, Location | None]]] = {}
        for kpi in self.spec.kpis:
            if kpi.noqa:
                loc = kpi.loc_of("noqa")
                out.setdefault(kpi.id, {}).update({code.strip().upper(): ((reason or "").strip(),
                                                                          kpi._item_locs.get(("noqa", code), loc))
                                                    for code, reason in kpi.noqa.items()})
        for kpi_id, comments in self.noqa_comments.items():
            for _, match, loc in comments:
                reason = (match.group("reason") or "").strip()
                for code in re.split(r"[,\s]+", match.group("codes").strip()):
                    entries = out.setdefault(kpi_id, {})
                    if code and not (code.upper() in entries and is_reason(entries[code.upper()][0])
                                     and not is_reason(reason)):
                        entries[code.upper()] = (reason, loc)
        return out

    @cached_property
    def noqa_comments(self) -> dict[str, list[tuple[str, re.Match, Location]]]:
        """KPI id -> its `# kpiguard: noqa CODE -- reason` comments: (the comment as written, its match, where).

        A comment counts anywhere in the KPI's lines: on its first line, on any key of it, or on the comment lines
        just above its `-` at the dash's indentation (where people put a comment about the item below)."""
        out: dict[str, list[tuple[str, re.Match, Location]]] = {}
        lines = self.source_lines
        kpis = sorted((k for k in self.spec.kpis if k.loc is not None and 0 < k.loc.line <= len(lines)),
                      key=lambda k: (k.loc.line, k.loc.col)) if lines else []
        for kpi, span in zip(kpis, _kpi_spans(lines, [(k.loc.line, k.loc.col) for k in kpis]), strict=True):
            for line in span:
                match = NOQA_COMMENT.search(lines[line - 1])
                if match:
                    loc = Location(kpi.loc.file, line, match.start() + 1)
                    out.setdefault(kpi.id, []).append((match.group(0).strip(), match, loc))
        return out

    @cached_property
    def source_lines(self) -> list[str]:
        """The spec's lines when its text holds a noqa comment: the text it was loaded from (a file or a string),
        else its file (a spec built in code and given a path)."""
        text = self.spec._source
        if text is None:
            path = self.spec.path
            if not path:
                return []
            try:
                text = Path(path).read_text(encoding="utf-8")
            except (OSError, UnicodeDecodeError):
                return []
        return text.splitlines() if NOQA_COMMENT.search(text) else []


def _kpi_spans(lines: list[str], starts: list[tuple[int, int]]) -> list[range]:
    """The lines of each KPI of the list, given where each starts (its first key's line and column, in order): from
    the comment lines above its `-` at the dash's indentation (or less) to the line before the next KPI's, or for the
    last one to the end of its indented block. KPIs written on one line (`kpis: [{id: a}, {id: b}]`) share it."""
    heads = [_head(lines, line, col) for line, col in starts]
    spans = []
    for i, ((line, _), (head, dash)) in enumerate(zip(starts, heads, strict=True)):
        if i + 1 < len(starts) and starts[i + 1][0] == line:
            spans.append(range(line, line + 1))
        elif i + 1 < len(starts):
            spans.append(range(head, max(heads[i + 1][0], line + 1)))
        else:
            spans.append(range(head, _block_end(lines, line, dash) + 1))
    return spans


def _head(lines: list[str], line: int, col: int) -> tuple[int, int]:
    """The first line of a KPI's head and the indentation of its `-`: the dash's line (the first key's own, in
    `- id: x`), and above it the comment lines no more indented than the dash."""
    dash_line = line
    if "-" not in lines[line - 1][: max(col - 1, 0)]:  # `-` alone (or with a comment) on a line above `id:`
        for number in range(line - 1, 0, -1):
            text = lines[number - 1].strip()
            if text.startswith("-") and (len(text) == 1 or text[1] in " \t#"):
                dash_line = number
                break
            if text and not text.startswith("#"):  # not a block sequence's item (a flow mapping): its line only
                break
    dash = len(lines[dash_line - 1]) - len(lines[dash_line - 1].lstrip())
    head = dash_line
    while head > 1:
        above = lines[head - 2]
        if not above.strip().startswith("#") or len(above) - len(above.lstrip()) > dash:
            break
        head -= 1
    return head, dash


def _block_end(lines: list[str], line: int, dash: int) -> int:
    """The last line of the last KPI starting at `line`: the lines after it more indented than its dash (blank lines
    between them too), up to the first one that is not (the spec's next top-level key)."""
    end = line
    for number in range(line + 1, len(lines) + 1):
        text = lines[number - 1]
        if not text.strip():
            continue
        if len(text) - len(text.lstrip()) <= dash:
            break
        end = number
    return end


# What a noqa comment silences: a code (KG101; a mistyped KG1O6, for KG002 to name) or a rule's name
# (structure.share-without-absolute); the words after them are the reason, not codes.
_NOQA_CODE = r"(?:[A-Za-z]{2,}[0-9][A-Za-z0-9]*|[A-Za-z_]+\.[A-Za-z0-9_]+(?:-[A-Za-z0-9_]+)*)"
# `# kpiguard: noqa KG101 -- reason`; also `noqa: KG101` (flake8's colon) and `#kpiguard:noqa` (no spaces). The reason
# may follow a dash as people type it (`-`, and the `–` and `—` an editor puts for `--`) or a colon: read as codes,
# `KG101 - board only` silenced "-", "BOARD" and "ONLY" without a reason, and `KG101 — board only` nothing at all.
NOQA_COMMENT = re.compile(
    rf"#[ \t]*kpiguard:[ \t]*noqa(?::[ \t]*|[ \t]+)(?P<codes>{_NOQA_CODE}(?:[ \t]*,[ \t]*{_NOQA_CODE}|[ \t]+{_NOQA_CODE})*)"
    rf"[ \t]*,?[ \t]*(?:(?:--|[-\u2013\u2014:])[ \t]*)?(?P<reason>.*?)[ \t]*$",
    re.MULTILINE,
)

