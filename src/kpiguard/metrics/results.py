"""The values a computation returns: one MetricValue per (metric, period), with a status and a reason."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Literal

from kpiguard._i18n import Message
from kpiguard.spec.periods import Period

Status = Literal["ok", "empty", "division_by_zero", "immature", "null", "unavailable"]

EMPTY = Message(en="no data in {period} for {table}", fr="aucune donnée sur {period} dans {table}")
DIVISION_BY_ZERO = Message(en="{denominator} is 0 in {period}: the ratio is undefined",
                           fr="{denominator} vaut 0 sur {period} : le ratio n'est pas défini")
DERIVED_DIVISION_BY_ZERO = Message(en="{expr} divides by 0 in {period}: its value is undefined",
                                   fr="{expr} divise par 0 sur {period} : sa valeur n'est pas définie")
IMMATURE = Message(
    en="cohort not mature: {days} days must pass after {last_day} (the data ends on {data_end})",
    fr="cohorte pas encore mûre : il faut {days} jours après le {last_day} (les données s'arrêtent au {data_end})")
NO_MATCH = Message(en="no row of {table} matches the metric's filter in {period}: an average over no row has no value",
                   fr="aucune ligne de {table} ne répond au filtre de la métrique sur {period} : une moyenne sur "
                      "aucune ligne n'a pas de valeur")
NULL = Message(en="no value to aggregate in {period}: the matching rows have only missing values",
               fr="aucune valeur à agréger sur {period} : les lignes retenues n'ont que des valeurs manquantes")
NAN = Message(
    en="{measure} is NaN (not a number) in {period}: some values are NaN; leave them out with "
       "`filter: amount <> cast('NaN' as double)`, naming your column",
    fr="{measure} vaut NaN (pas un nombre) sur {period} : des valeurs valent NaN ; écartez-les avec "
       "`filter: amount <> cast('NaN' as double)`, en nommant votre colonne")
MADE_MISSING = Message(
    en="{measure} has no value in {period}: its aggregates have values, and its own nullif(...) made it missing",
    fr="{measure} n'a pas de valeur sur {period} : ses agrégats ont des valeurs, et son propre nullif(...) l'a rendue "
       "manquante")
INFINITE = Message(
    en="{measure} is infinite in {period}: some values are infinite, or their sum or product exceeds what a number "
       "holds; leave them out with `filter: abs(amount) < 1e300`, naming your column",
    fr="{measure} est infini sur {period} : des valeurs sont infinies, ou leur somme ou leur produit dépasse ce qu'un "
       "nombre peut tenir ; écartez-les avec `filter: abs(amount) < 1e300`, en nommant votre colonne")
PART_NOT_OK = Message(en="{part} is not available in {period}: {reason}",
                      fr="{part} n'est pas disponible sur {period} : {reason}")


@dataclass(frozen=True, slots=True)
class MetricValue:
    """The value of one metric over one period; `value` is None whenever `status` is not "ok"."""

    metric: str
    period: Period
    value: float | None
    status: Status = "ok"
    reason: str | None = None
    numerator: float | None = None
    denominator: float | None = None

    @property
    def ok(self) -> bool:
        return self.status == "ok"

    def to_dict(self) -> dict[str, object]:
        return {
            "metric": self.metric,
            "period": self.period.label,
            "start": self.period.start.isoformat(),
            "end": self.period.end.isoformat(),
            "value": self.value,
            "status": self.status,
            "reason": self.reason,
            "numerator": self.numerator,
            "denominator": self.denominator,
        }


@dataclass
class MetricResults:
    """Every value computed by one `compute` call: by (metric, period), plus per-grain series."""

    metrics: list[str]
    periods: list[Period]
    grain: str | None = None
    buckets: list[Period] = field(default_factory=list)
    _values: dict[tuple[str, date, date], MetricValue] = field(default_factory=dict, repr=False)

    def add(self, value: MetricValue) -> None:
        self._values[(value.metric, value.period.start, value.period.end)] = value

    def get(self, metric: str, period: Period | str) -> MetricValue:
        """The value of `metric` for a period computed (a Period, or its text: "2025-Q1", "2025-01", ...)."""
        if isinstance(period, str):
            from kpiguard.spec.periods import parse_period

            period = parse_period(period)
        try:
            return self._values[(metric, period.start, period.end)]
        except KeyError:
            raise KeyError(f"{metric} was not computed for {period.label}") from None

    def series(self, metric: str) -> list[MetricValue]:
        """The values of `metric` for each grain bucket over the span of the periods, in order."""
        return [self.get(metric, bucket) for bucket in self.buckets]

    def values(self) -> list[MetricValue]:
        """Every period value (series excluded), metric by metric, in the order asked."""
        return [self.get(m, p) for m in self.metrics for p in self.periods]

    def to_dict(self) -> dict[str, object]:
        return {
            "grain": self.grain,
            "periods": [{"label": p.label, "start": p.start.isoformat(), "end": p.end.isoformat()}
                        for p in self.periods],
            "values": [v.to_dict() for v in self.values()],
            "series": {m: [v.to_dict() for v in self.series(m)] for m in self.metrics} if self.grain else {},
        }
