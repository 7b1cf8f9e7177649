"""Numbers as a reader expects them in reasons: 25.3 %, 8.1 M€ / €8.1M, 12 400 e-mails, in EN and FR."""

from __future__ import annotations

from kpiguard._i18n import get_lang
from kpiguard._units import unit_word

_SYMBOLS = {"EUR": "€", "USD": "$", "GBP": "£", "CHF": "CHF", "JPY": "¥"}


def resolve_unit(unit: str | None, currency: str) -> str:
    """The catalog writes money as "{currency}"; a reader wants the spec's currency code."""
    if not unit:
        return ""
    return unit.replace("{currency}", currency)


def _group(number: str, lang: str) -> str:
    """Thousands separators: 12,400.5 in English, 12 400,5 in French (narrow no-break space)."""
    if lang == "fr":
        return number.replace(",", "\u202f").replace(".", ",")
    return number


def _plain(value: float, decimals: int, lang: str) -> str:
    if round(value, decimals) == 0:
        value = 0.0  # -0.0, or -0.001 shown with no decimal, would print as "-0"
    return _group(f"{value:,.{decimals}f}", lang)


def _pct(number: str, lang: str) -> str:
    return f"{number}\u00a0%" if lang == "fr" else f"{number}%"


def _decimals(value: float) -> int:
    magnitude = abs(value)
    if magnitude >= 100 or float(value).is_integer():
        return 0
    if magnitude >= 1:
        return 2 if magnitude < 10 else 1
    return 3 if magnitude >= 0.01 else 4


def fmt_value(value: float | None, unit: str = "", lang: str | None = None) -> str:
    """A value with its unit; a "%" unit means a fraction (0.253 -> 25.3 %)."""
    lang = lang or get_lang()
    if value is None:
        return "n/a" if lang == "en" else "n.d."
    if unit == "%":
        return _pct(_plain(value * 100, 1 if abs(value) >= 0.01 or value == 0 else 2, lang), lang)
    if unit in _SYMBOLS or (len(unit) == 3 and unit.isupper()):
        symbol = _SYMBOLS.get(unit, unit)
        if abs(value) >= 1_000_000:
            number, suffix = _plain(value / 1_000_000, 2, lang), ("M" if lang == "en" else "\u00a0M")
        elif abs(value) >= 10_000:
            number, suffix = _plain(value / 1_000, 1, lang), ("k" if lang == "en" else "\u00a0k")
        else:
            number, suffix = _plain(value, 2, lang), ""
        if lang == "fr":
            return f"{number}{suffix}\u00a0{symbol}" if suffix else f"{number}\u00a0{symbol}"
        return f"{symbol}{number}{suffix}" if len(symbol) == 1 else f"{number}{suffix} {symbol}"
    text = _plain(value, _decimals(value), lang)
    return f"{text} {unit_word(unit, lang, value)}".strip() if unit else text


def _precise(value: float, unit: str, decimals: int, lang: str) -> str:
    """`value` with `decimals` decimals and no k/M rounding: for two values that read the same otherwise."""
    if unit == "%":
        return _pct(_plain(value * 100, decimals, lang), lang)
    if unit in _SYMBOLS or (len(unit) == 3 and unit.isupper()):
        symbol, number = _SYMBOLS.get(unit, unit), _plain(value, decimals, lang)
        if lang == "fr":
            return f"{number}\u00a0{symbol}"
        return f"{symbol}{number}" if len(symbol) == 1 else f"{number} {symbol}"
    text = _plain(value, decimals, lang)
    return f"{text} {unit_word(unit, lang, value)}".strip() if unit else text


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


def fmt_change(change: float | None, lang: str | None = None, *, signed: bool = True) -> str:
    """A relative change as a percentage: +12.5 % / -3.0 %."""
    lang = lang or get_lang()
    if change is None:
        return "n/a" if lang == "en" else "n.d."
    text = _plain(abs(change) * 100, 1, lang)
    sign = ("+" if change > 0 else "-" if change < 0 else "±") if signed else ""
    return _pct(f"{sign}{text}", lang)


def fmt_points(delta: float, lang: str | None = None) -> str:
    """A difference of two fractions in percentage points: +2.1 pts."""
    lang = lang or get_lang()
    sign = "+" if delta > 0 else "-" if delta < 0 else "±"
    return f"{sign}{_plain(abs(delta) * 100, 1, lang)}\u00a0pts"


def fmt_share(share: float | None, lang: str | None = None) -> str:
    """A share of a whole (0.84 -> 84 %)."""
    lang = lang or get_lang()
    if share is None:
        return "n/a" if lang == "en" else "n.d."
    return _pct(_plain(share * 100, 0, lang), lang)


def fmt_share_pair(a: float, b: float, lang: str | None = None) -> tuple[str, str]:
    """Two shares that differ, shown so that they read differently: attainment 99.98 % of a missed target is
    not "100%", a pace of 66.49 % short of 66.51 % expected is not "66%, 66% was expected"."""
    lang = lang or get_lang()
    for decimals in range(5):
        first, second = _pct(_plain(a * 100, decimals, lang), lang), _pct(_plain(b * 100, decimals, lang), lang)
        if first != second or a == b:
            return first, second
    return first, second


__all__ = ["fmt_change", "fmt_pair", "fmt_points", "fmt_share", "fmt_share_pair", "fmt_value", "resolve_unit"]
