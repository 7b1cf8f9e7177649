"""Numbers in the review's sentences (25.3 %, 8.1 M€ / €8.1M, 12 400 e-mails), through kpiguard._numbers so
that a reason, a table cell and the HTML report write a value alike."""

from __future__ import annotations

from kpiguard import _numbers as numbers
from kpiguard._i18n import get_lang


def resolve_unit(unit: str | None, currency: str) -> str:
    """The catalog writes money as "{currency}"; a reader wants the spec's currency code."""
    if not unit:
        return ""
    return unit.replace("{currency}", currency)


def _unknown(lang: str) -> str:
    return "n/a" if lang == "en" else "n.d."


def fmt_value(value: float | None, unit: str = "", lang: str | None = None) -> str:
    """A value with its unit, money of 10 000 and more in thousands or millions; a "%" unit means a fraction
    (0.253 -> 25.3 %)."""
    lang = lang or get_lang()
    if value is None:
        return _unknown(lang)
    return numbers.format_value(value, unit or None, lang, compact=True)


def _precise(value: float, unit: str, decimals: int, lang: str) -> str:
    """`value` with `decimals` decimals and no k/M rounding: for two values that read the same otherwise."""
    return numbers.format_value(value, unit or None, lang, decimals=decimals)


def fmt_pair(a: float, b: float, unit: str = "", lang: str | None = None) -> tuple[str, str]:
    """Two values that differ, shown so that they read differently: "€28,789.10" and "€28,789.20", not
    "€28.8k" twice. Values that are equal (or both shown alike at 6 decimals) are shown as fmt_value does."""
    lang = lang or get_lang()
    first, second = fmt_value(a, unit, lang), fmt_value(b, unit, lang)
    if first != second or a == b:
        return first, second
    for decimals in range(2, 7):
        first, second = _precise(a, unit, decimals, lang), _precise(b, unit, decimals, lang)
        if first != second:
            return first, second
    return fmt_value(a, unit, lang), fmt_value(b, unit, lang)


def fmt_delta(delta: float | None, unit: str = "", lang: str | None = None) -> str:
    """A difference in the value's unit, always signed: +€24.0k, −30,0 k€, ±0 orders."""
    lang = lang or get_lang()
    if delta is None:
        return _unknown(lang)
    sign = "+" if delta > 0 else numbers.MINUS if delta < 0 else "±"
    return sign + fmt_value(abs(delta), unit, lang)


def fmt_change(change: float | None, lang: str | None = None, *, signed: bool = True) -> str:
    """A relative change as a percentage: +12.5 % / −3.0 %."""
    lang = lang or get_lang()
    if change is None:
        return _unknown(lang)
    if not signed:
        return numbers.format_percent(abs(change), lang, 1)
    return numbers.format_change(change, lang)


def fmt_points(delta: float, lang: str | None = None) -> str:
    """A difference of two fractions in percentage points: +2.1 pts."""
    return numbers.format_points(delta, lang or get_lang())


def fmt_share(share: float | None, lang: str | None = None) -> str:
    """A share of a whole (0.84 -> 84 %)."""
    lang = lang or get_lang()
    if share is None:
        return _unknown(lang)
    return numbers.format_share(share, lang)


def fmt_share_pair(a: float, b: float, lang: str | None = None) -> tuple[str, str]:
    """Two shares that differ, shown so that they read differently (99.98 % of a missed target is not "100%")."""
    return numbers.format_share_pair(a, b, lang or get_lang())


def fmt_date(day: object, lang: str | None = None) -> str:
    """A day as the reader's language writes it, as the report does: 31 Dec 2026 / 31/12/2026."""
    return numbers.format_date(day.isoformat() if hasattr(day, "isoformat") else (str(day) if day else None),
                               lang or get_lang())


def fmt_period(period: object, lang: str | None = None, *, article: bool = True) -> str:
    """A period as the reader says it inside a sentence (Q2 2025 / le T2 2025, Jul 2024 – Jun 2025 / la période de
    juillet 2024 à juin 2025), from its code or a Period; the JSON keeps the code. French takes the article the
    sentence needs ("sur la semaine 14 de 2026"), contracted by `Message` after "de" and "à" ("la fin du T2");
    `article=False` for a table cell ("T2 2025")."""
    return numbers.say_period(period, lang or get_lang(), article=article)


def fmt_factor(factor: float | None, lang: str | None = None) -> str:
    """The factor of a value scaled pro rata to a window of another length: ×0.249."""
    return numbers.format_factor(factor, lang or get_lang())


__all__ = ["fmt_change", "fmt_date", "fmt_delta", "fmt_factor", "fmt_pair", "fmt_period", "fmt_points", "fmt_share", "fmt_share_pair",
           "fmt_value", "resolve_unit"]
