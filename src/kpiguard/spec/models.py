"""The spec language as typed models: every object remembers where it was written."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any, Literal

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    PlainSerializer,
    PrivateAttr,
    WithJsonSchema,
    field_validator,
    model_validator,
)

from kpiguard._i18n import Message
from kpiguard.errors import Location
from kpiguard.spec.periods import Period, PeriodError, parse_user_period
from kpiguard.spec.values import is_percent_literal, parse_number

Level = Literal["input", "output", "outcome"]
Direction = Literal["up", "down"]
# How a table writes an amount: in the currency's units (19.99, the default) or in cents (1999).
AmountUnit = Literal["cents", "units"]
DateOrder = Literal["day_first", "month_first"]
Kind = Literal["amount", "count", "ratio"]
Cadence = Literal["day", "week", "month", "quarter", "year"]
MetricType = Literal["simple", "ratio", "derived", "cohort", "builtin"]
Severity = Literal["error", "warning", "info"]

PERIOD_EXAMPLES = "2025, 2025-H2, 2025-Q4, 2025-10, 2025-10-01..2025-12-31"


def _number(value: Any) -> float:
    return parse_number(value)


def _period(value: Any) -> Period:
    try:
        return parse_user_period(value)
    except PeriodError as exc:
        raise ValueError(str(exc)) from None


def _deadline(value: Any) -> date:
    """A horizon: a date, or a period whose last day is the deadline (`2026-Q2` -> 2026-06-30)."""
    if isinstance(value, date):
        _period(value)  # within the years kpiguard reads
        return value
    return _period(value).last_day


Number = Annotated[
    float,
    BeforeValidator(_number),
    WithJsonSchema({"anyOf": [{"type": "number"},
                              {"type": "string", "pattern": r"^\s*[+-]?[0-9][0-9 _.,]*([eE][+-]?[0-9]+)?\s*%?\s*$"}],
                    "description": "A number; a percent literal such as 25% is the fraction 0.25."}),
]
PeriodField = Annotated[
    Period,
    BeforeValidator(_period),
    PlainSerializer(lambda p: p.label, return_type=str),
    WithJsonSchema({"anyOf": [{"type": "integer"}, {"type": "string"}],
                    "description": f"A calendar period: {PERIOD_EXAMPLES}."}),
]
Deadline = Annotated[
    date,
    BeforeValidator(_deadline),
    WithJsonSchema({"anyOf": [{"type": "string"}, {"type": "integer"}],
                    "description": "A date (2026-12-31) or a period whose last day is meant (2026-Q2)."}),
]
Texts = Annotated[
    str | dict[str, str],
    WithJsonSchema({"anyOf": [{"type": "string"},
                              {"type": "object", "properties": {"en": {"type": "string"}, "fr": {"type": "string"}},
                               "additionalProperties": False}]}),
]


def _private_initializer(cls: type[BaseModel]) -> Any:
    """A model's private attributes (its locations), set in one dict literal per object.

    Pydantic's own initializer asks each attribute for its default, twice per object of a subclass: on a
    10,000-KPI spec that was a third of the models' validation. The defaults here are immutable or factories.
    """
    defaults = tuple((name, attr.default_factory, attr.default) for name, attr in cls.__private_attributes__.items())
    for name, factory, default in defaults:
        if factory is None and not isinstance(default, (str, int, float, bool, type(None))):
            raise TypeError(f"{cls.__name__}.{name}: a mutable private default needs a default_factory")

    def init(self: BaseModel, context: Any, /) -> None:
        if getattr(self, "__pydantic_private__", None) is None:
            object.__setattr__(self, "__pydantic_private__",
                               {name: default if factory is None else factory() for name, factory, default in defaults})

    return init


class Node(BaseModel):
    """Base of every spec object: strict keys, and the source location of the object and of its fields."""

    model_config = ConfigDict(extra="forbid", populate_by_name=True, frozen=False, validate_default=False)

    _loc: Location | None = PrivateAttr(default=None)
    _field_locs: dict[str, Location] = PrivateAttr(default_factory=dict)
    _key_locs: dict[str, Location] = PrivateAttr(default_factory=dict)
    _item_locs: dict[tuple[str, int | str], Location] = PrivateAttr(default_factory=dict)  # list index or dict key

    @classmethod
    def __pydantic_init_subclass__(cls, **kwargs: Any) -> None:
        super().__pydantic_init_subclass__(**kwargs)
        cls.model_post_init = _private_initializer(cls)  # type: ignore[method-assign]

    @property
    def loc(self) -> Location | None:
        """Where this object starts in its file (None when built in code)."""
        return self.__pydantic_private__["_loc"]

    def loc_of(self, field: str, *, key: bool = False) -> Location | None:
        """Where a field's value (or, with key=True, its key) is written; the object's location if absent."""
        # read from pydantic's dict of private attributes: `self._loc` takes pydantic's `__getattr__`, after a
        # failed attribute lookup, and lint asks for tens of thousands of locations
        private = self.__pydantic_private__
        return private["_key_locs" if key else "_field_locs"].get(field) or private["_loc"]


def _value_list(value: Any) -> Any:
    """`paid` or `[paid, partially_refunded]`; integer codes (`[1, 2]`) as their text."""
    items = value if isinstance(value, list) else [value]
    return [str(v) if isinstance(v, int) and not isinstance(v, bool) else v for v in items]


# The values a canonical value stands for in the user's data (data.values): one or a list, text or codes; the
# JSON Schema says so too, or editors would underline `completed: paid` and `completed: [1, 4]`.
_ONE_VALUE = {"type": ["string", "integer"]}
ValueList = Annotated[list[str], BeforeValidator(_value_list), WithJsonSchema(
    {"anyOf": [_ONE_VALUE, {"type": "array", "items": _ONE_VALUE}]})]


class Team(Node):
    name: str = Field(description="Display name of the team.")
    description: str | None = None


class DataConfig(Node):
    engine: str = Field("duckdb", description="`duckdb` (embedded, the default) or a connection URL "
                        "(postgres://..., pyspark://local, bigquery://..., any backend ibis supports).")
    tables: dict[str, str] = Field(default_factory=dict,
                                   description="Canonical table -> file (relative to the spec) or table name.")
    columns: dict[str, dict[str, str]] = Field(default_factory=dict,
                                               description="Per table: canonical column -> the user's column name.")
    values: dict[str, dict[str, dict[str, ValueList]]] = Field(
        default_factory=dict,
        description="Per table and column: canonical value -> the value(s) your data writes instead, e.g. "
                    "orders: {status: {completed: [paid, partially_refunded]}}.")
    filters: dict[str, str] = Field(
        default_factory=dict,
        description="Per table: the rows kpiguard reads, as a filter over its (canonical) columns, e.g. "
                    "orders: \"status is not null or revenue is not null\".")
    timezones: dict[str, str] = Field(
        default_factory=dict,
        description="Per table: the time zone its times without an offset are written in (e.g. a Stripe export "
                    "in UTC); default: the spec's timezone.")
    date_order: dict[str, DateOrder] = Field(
        default_factory=dict,
        description="Per table: how its text dates written with the day and the month before the year are read, "
                    "`day_first` (05/01/2026 is 5 January) or `month_first` (May 1st), for an export in which no "
                    "day is above 12 (default: told from the data, an error when it cannot be).")
    amounts: dict[str, dict[str, AmountUnit]] = Field(
        default_factory=dict,
        description="Per table and column: how its amounts are written when not in the currency itself, e.g. "
                    "orders: {revenue: cents} for amounts stored as integer cents (Stripe: 1999 is 19.99).")
    read_only: bool = Field(True, description="Open connections read-only where the engine allows it.")

    @field_validator("timezones")
    @classmethod
    def _known_timezones(cls, value: dict[str, str]) -> dict[str, str]:
        from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

        for zone in value.values():
            try:
                ZoneInfo(zone)
            except (ZoneInfoNotFoundError, ValueError, OSError):
                raise ValueError(UNKNOWN_TZ(value=zone) + _closest_timezone(zone)) from None
        return value


class MetricDef(Node):
    """A metric: built-in (from the catalog) or custom (in the spec's `metrics`)."""

    type: MetricType = "simple"
    description: Texts | None = None
    label: Texts | None = None
    table: str | None = None
    measure: str | None = Field(None, description="Aggregate expression, e.g. sum(revenue), count(*).")
    filter: str | None = Field(None, description="Boolean expression on the table's columns.")
    numerator: str | None = None
    denominator: str | None = None
    expr: str | None = Field(None, description="For derived metrics: arithmetic over other metrics.")
    kind: Kind | None = None
    ratio_of: Literal["share", "rate", "average"] | None = Field(
        None, description="For a ratio: a share of a total (e-mail share of revenue), a rate of events "
        "(conversion, open rate) or an average per unit (aov, revenue per e-mail).")
    unit: str | None = None
    direction: Direction | None = None
    level: Level | None = Field(None, description="The level a KPI on this metric usually has.")
    tradeoffs: list[str] = Field(default_factory=list,
                                 description="Metrics that tend to degrade when this one is pushed.")
    drivers: list[str] = Field(default_factory=list,
                               description="Metrics whose product equals this one (an identity), for decomposition.")
    seasonal: bool | None = None
    params: dict[str, Any] = Field(default_factory=dict, description="Parameters of a built-in computation.")

    _name: str = PrivateAttr(default="")

    @property
    def name(self) -> str:
        return self._name

    @property
    def is_ratio(self) -> bool:
        return self.type == "ratio" or self.kind == "ratio"


class Coordination(Node):
    cadence: Cadence | None = None
    forum: str | None = None


class Target(Node):
    from_: Number | None = Field(None, alias="from", description="FROM: the baseline value.")
    to: Number = Field(description="TO: the value to reach.")
    by: Deadline | None = Field(None, description="The horizon: the date by which TO is reached.")

    @property
    def start(self) -> float | None:
        return self.from_


class Guardrail(Node):
    metric: str
    max_increase: Number | None = Field(None, description="Largest relative rise allowed vs the baseline (20% = 0.2).")
    max_decrease: Number | None = Field(None, description="Largest relative fall allowed vs the baseline (10% = 0.1).")
    min: Number | None = Field(None, description="Absolute floor.")
    max: Number | None = Field(None, description="Absolute ceiling.")

    @field_validator("max_increase", "max_decrease", mode="wrap")
    @classmethod
    def _relative_fraction(cls, value: Any, handler: Any, info: Any) -> float | None:
        # Checked per field (so errors point at the number) and on the literal (so `10` and `10%` differ).
        # The bare-number rule is for what a user wrote (the loader passes context written=True); code that
        # builds a Guardrail(max_increase=2.0) means a fraction.
        number = handler(value)
        if number is None:
            return None
        key, percent = info.field_name, is_percent_literal(value)
        written = bool(info.context and info.context.get("written"))
        if number < 0:
            raise ValueError(NEGATIVE_RELATIVE(key=key, value=value))
        if written and not percent and number > 1:
            raise ValueError(PERCENT_AS_FRACTION(key=key, value=value, percent=f"{number * 100:g}",
                                                 literal=f"{number:g}%", fraction=f"{number / 100:g}"))
        if key == "max_decrease" and number > 1:
            raise ValueError(BAD_DECREASE(value=number))
        return number

    @model_validator(mode="after")
    def _one_threshold(self) -> Guardrail:
        if all(v is None for v in (self.max_increase, self.max_decrease, self.min, self.max)):
            raise ValueError(NO_THRESHOLD())
        if self.min is not None and self.max is not None and self.min > self.max:
            raise ValueError(MIN_ABOVE_MAX(min=self.min, max=self.max))
        return self


NO_THRESHOLD = Message(
    en="a guardrail needs a threshold: max_increase, max_decrease (relative, e.g. 10%), min or max (absolute)",
    fr="un garde-fou a besoin d'un seuil : max_increase, max_decrease (relatifs, ex. 10 %), min ou max (absolus)",
)
BAD_DECREASE = Message(
    en="max_decrease cannot exceed 100% (a value cannot fall by more than all of it), got {value:.0%}",
    fr="max_decrease ne peut pas dépasser 100 % (une valeur ne peut pas baisser de plus de sa totalité), reçu {value:.0%}",
)
BAD_INCREASE = Message(
    en="max_increase must be positive (write 20% or 0.2), got {value:g}",
    fr="max_increase doit être positif (écrivez 20 % ou 0.2), reçu {value:g}",
)
NEGATIVE_RELATIVE = Message(
    en="{key} is a size of change and cannot be negative, got {value}; write it without the minus sign",
    fr="{key} est une ampleur de variation et ne peut pas être négatif, reçu {value} ; écrivez-le sans le signe moins",
)
PERCENT_AS_FRACTION = Message(
    en="{key}: {value} is a change of {percent} %; relative thresholds are fractions: write {literal} "
    "(or {fraction}) if you meant {value} percent",
    fr="{key} : {value} représente une variation de {percent} % ; les seuils relatifs sont des fractions : "
    "écrivez {literal} (ou {fraction}) si vous vouliez dire {value} pour cent",
)
MIN_ABOVE_MAX = Message(en="min ({min:,.10g}) is above max ({max:,.10g}); the guardrail could never hold",
                        fr="min ({min:.10g}) est supérieur à max ({max:.10g}) ; le garde-fou ne pourrait jamais tenir")


class KPI(Node):
    id: str = Field(pattern=r"^[A-Za-z0-9][A-Za-z0-9_.-]*$")
    statement: str | None = Field(None, description="The KPI as people say it.")
    metric: str
    level: Level | None = Field(None, description="input | output | outcome (default: the metric's own level).")
    owner: str | None = None
    contributors: list[str] = Field(default_factory=list)
    visibility: list[str] = Field(default_factory=list)
    coordination: Coordination | None = None
    baseline: PeriodField | None = Field(None, description="The period the FROM was measured on.")
    target: Target | None = None
    cadence: Cadence | None = None
    serves: list[str] = Field(default_factory=list, description="Ids of the outcome KPIs this KPI serves.")
    guardrails: list[Guardrail] = Field(default_factory=list)
    seasonal: bool | None = Field(None, description="Pro-rate progress by last year's seasonality.")
    noqa: dict[str, str] = Field(default_factory=dict,
                                 description="Lint suppressions: rule code -> the reason (mandatory).")


class LintConfig(Node):
    select: list[str] = Field(default_factory=list, description="Rule codes or prefixes to run (default: all).")
    ignore: list[str] = Field(default_factory=list, description="Rule codes or prefixes to skip.")
    severity: dict[str, Severity] = Field(default_factory=dict, description="Per-rule severity override.")


class Spec(Node):
    version: Literal[1] = 1
    name: str | None = None
    currency: str = Field("EUR", pattern=r"^[A-Z]{3}$")
    timezone: str = "UTC"
    data: DataConfig = Field(default_factory=DataConfig)
    teams: dict[str, Team] = Field(default_factory=dict)
    metrics: dict[str, MetricDef] = Field(default_factory=dict)
    kpis: list[KPI] = Field(default_factory=list)
    lint: LintConfig | None = None

    _path: str | None = PrivateAttr(default=None)
    _source: str | None = PrivateAttr(default=None)  # the text it was read from: lint reads its noqa comments

    @field_validator("timezone")
    @classmethod
    def _known_timezone(cls, value: str) -> str:
        from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError, OSError):
            raise ValueError(UNKNOWN_TZ(value=value) + _closest_timezone(value)) from None
        return value

    @property
    def path(self) -> str | None:
        """The file the spec was read from (None when built in code)."""
        return self._path

    def kpi(self, kpi_id: str) -> KPI | None:
        return next((k for k in self.kpis if k.id == kpi_id), None)

    def to_data(self) -> dict[str, Any]:
        """The spec as plain YAML-able data (aliases such as `from`, periods as labels, dates as dates).

        Keeps every key that was written (or set in code), even when it equals the default, so that dumping and
        re-loading a file loses nothing; percent literals come back as fractions (25% -> 0.25).
        """
        return self.model_dump(by_alias=True, exclude_none=True, exclude_unset=True, mode="python")


def _closest_timezone(value: str) -> str:
    import difflib
    from zoneinfo import available_timezones

    names = sorted(available_timezones())
    best = [n for n in names if n.lower() == value.lower()] or difflib.get_close_matches(value, names, n=1)
    return TZ_DID_YOU_MEAN(best=best[0]) if best else ""


TZ_DID_YOU_MEAN = Message(en="; did you mean {best!r}?", fr=" ; vouliez-vous dire {best!r} ?")
UNKNOWN_TZ = Message(
    en="unknown timezone {value!r}: use an IANA name such as Europe/Paris or UTC",
    fr="fuseau horaire inconnu {value!r} : utilisez un nom IANA comme Europe/Paris ou UTC",
)
