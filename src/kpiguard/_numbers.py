"""Numbers (and dates) in the reader's locale, the one source of every output: `CHF 6,889.16` / `6 889,16 CHF`,
`30 Jun 2026` / `30/06/2026`.

The review's sentences, its text and Markdown tables and the HTML report all format through here, so that a
value reads the same wherever it is printed. English puts a currency sign before the number (`€6,889.16`,
`$12.5k`) and a code apart (`CHF 6,889.16`); French groups thousands with a narrow no-break space and puts
a no-break space before the unit, `%` and `pts` (`6 889,16 €`, `12,3 M€`, `25,0 %`), so that a number never
wraps away from its unit. Negative numbers take a true minus sign (U+2212), as in print.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from datetime import timedelta
from decimal import Decimal

from kpiguard._i18n import LANGS, Articled, Localized, get_lang
from kpiguard._units import unit_word

NNBSP = "\u202f"
NBSP = "\u00a0"
MINUS = "\u2212"
MISSING = "\u2014"
_ONE_DAY = timedelta(days=1)
SYMBOLS = {"EUR": "€", "USD": "$", "GBP": "£", "JPY": "¥"}
# ISO 4217 codes in use: a unit written as one of them is money even when the spec's currency is another
# (`unit: CHF` in a EUR spec), while other three capitals (`NPS`, `SKU`) stay units of count.
_ISO_CODES = """
AED AFN ALL AMD ANG AOA ARS AUD AWG AZN BAM BBD BDT BGN BHD BIF BMD BND BOB BRL BSD BTN BWP BYN BZD CAD CDF
CHF CLP CNY COP CRC CUP CVE CZK DJF DKK DOP DZD EGP ERN ETB EUR FJD FKP GBP GEL GHS GIP GMD GNF GTQ GYD HKD
HNL HTG HUF IDR ILS INR IQD IRR ISK JMD JOD JPY KES KGS KHR KMF KPW KRW KWD KYD KZT LAK LBP LKR LRD LSL LYD
MAD MDL MGA MKD MMK MNT MOP MRU MUR MVR MWK MXN MYR MZN NAD NGN NIO NOK NPR NZD OMR PAB PEN PGK PHP PKR PLN
PYG QAR RON RSD RUB RWF SAR SBD SCR SDG SEK SGD SHP SLE SOS SRD SSP STN SYP SZL THB TJS TMT TND TOP TRY TTD
TWD TZS UAH UGX USD UYU UZS VES VND VUV WST XAF XCD XOF XPF YER ZAR ZMW ZWL
"""
ISO_CURRENCIES = frozenset(_ISO_CODES.split())
# currencies without cents (ISO 4217 minor unit 0): ¥1,234, not ¥1,234.00
_NO_CENTS = "BIF CLP DJF GNF ISK JPY KMF KRW PYG RWF UGX UYI VND VUV XAF XOF XPF"
NO_CENTS = frozenset(_NO_CENTS.split())
# Money from this amount reads in thousands in a sentence (`€190.1k`); below it, to the cent (`€6,889.16`).
COMPACT_FROM = 10_000
_PERCENT_UNITS = {"%", "percent", "pct", "share", "rate"}
_MONEY_WORDS = {"{currency}", "currency", "money"}
_SUFFIXES = ((1e9, {"fr": "Md", "en": "B"}), (1e6, {"fr": "M", "en": "M"}), (1e3, {"fr": "k", "en": "k"}))


def decimal_sum(values: Iterable[float], minus: Iterable[float] = ()) -> float:
    """`sum(values) - sum(minus)` done on the decimals the values print as, so that amounts to the cent add up
    to the cent (51766985.52 + 25888413.32 + ... is 129424540.21, not 129424540.21000001; 51766985.52 -
    51760555.92 is 6429.6, not 6429.60000000149), as the engine's own decimal sums do."""
    total = sum((Decimal(repr(float(v))) for v in values), Decimal(0))
    total -= sum((Decimal(repr(float(v))) for v in minus), Decimal(0))
    return float(total)


def is_missing(value: float | None) -> bool:
    return value is None or (isinstance(value, float) and (math.isnan(value) or math.isinf(value)))


def currency_symbol(currency: str | None) -> str:
    """`EUR` -> `€`; a code without a sign of its own (`CHF`) stays a code."""
    code = (currency or "").strip()
    return SYMBOLS.get(code.upper(), code)


def is_percent_unit(unit: str | None) -> bool:
    return (unit or "").strip() in _PERCENT_UNITS


def is_money_unit(unit: str | None, currency: str | None = None) -> bool:
    """Money: the catalog's `{currency}`, the spec's currency, a known code or sign, or an ISO-like code (CHF)."""
    text = (unit or "").strip()
    if not text:
        return False
    return (
        text in _MONEY_WORDS
        or (currency is not None and text.upper() == currency.upper())
        or text.upper() in SYMBOLS
        or text in SYMBOLS.values()
        or text in ISO_CURRENCIES
    )


def money_code(unit: str | None, currency: str | None = None) -> str | None:
    """The currency code of a money unit: the spec's for `{currency}`, `EUR` for `€`."""
    text = (unit or "").strip()
    if text in _MONEY_WORDS:
        return currency
    for code, symbol in SYMBOLS.items():
        if text == symbol:
            return code
    return text.upper() or currency


def format_number(value: float | None, lang: str, decimals: int = 0, *, trim: bool = False) -> str:
    """`1234.5` -> `1 234,5` (fr) / `1,234.5` (en); `trim` drops trailing zero decimals."""
    if is_missing(value):
        return MISSING
    text = f"{_half_up(abs(value), decimals):,.{decimals}f}"
    if trim and "." in text:
        text = text.rstrip("0").rstrip(".")
    if text.strip("0.,") == "":  # -0.001 rounded to 0 has no sign
        value = 0.0
    if lang == "fr":
        text = text.replace(",", NNBSP).replace(".", ",")
    return (MINUS if value < 0 else "") + text


def _half_up(magnitude: float, decimals: int) -> float:
    """A number exactly halfway as written (9.995, 0.125) rounded up, as a reader and SQL's numeric `round` do:
    its float is a hair below (9.99499...), which Python's formatting rounds down to 9.99."""
    shortest = repr(magnitude)
    point = shortest.find(".")
    if point < 0 or "e" in shortest or len(shortest) - point - 1 != decimals + 1 or not shortest.endswith("5"):
        return magnitude
    from decimal import ROUND_HALF_UP, Decimal

    return float(Decimal(shortest).quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP))


def _is_zero(digits: str) -> bool:
    return digits.strip(MINUS + "+0,." + NNBSP) == ""


def _signed(digits: str) -> str:
    """A change's sign: `+` up, the minus already there down, `±` for a change that rounds to nothing."""
    if _is_zero(digits):
        return "±" + digits.lstrip(MINUS)
    return digits if digits.startswith(MINUS) else "+" + digits


def auto_decimals(value: float) -> int:
    """Enough decimals to tell values apart, never noise: 12 345, 123, 12.3, 1.25, 0.349, 0.0061."""
    magnitude = abs(value)
    if magnitude >= 100 or magnitude == 0:
        return 0
    if magnitude >= 10:
        return 1
    if magnitude >= 1:
        return 2
    return small_decimals(magnitude)


def small_decimals(magnitude: float, least: int = 3) -> int:
    """Decimals that keep two significant digits of a number below 1 (0.0061 -> 4), at least `least`."""
    if magnitude == 0:
        return least
    return min(max(least, 1 - math.floor(math.log10(magnitude))), 12)


def _with_unit(digits: str, suffix: str, symbol: str, lang: str) -> str:
    """Place a number, its k/M suffix and its currency as the locale does: `€12.3k`, `CHF 12.3k`, `12,3 k€`,
    `12,3 k CHF`, `6 889,16 €`. Without a currency: `12.3k`, `12,3 k`."""
    if not symbol:
        if not suffix:
            return digits
        return f"{digits}{NBSP}{suffix}" if lang == "fr" else f"{digits}{suffix}"
    glued = len(symbol) == 1  # a sign sticks to what it follows or precedes; a code of letters stands apart
    if lang == "fr":
        if glued:
            return f"{digits}{NBSP}{suffix}{symbol}"
        return f"{digits}{NBSP}{suffix}{NBSP if suffix else ''}{symbol}"
    sign = ""
    if digits.startswith(MINUS) or digits[:1] in "+±":
        sign, digits = digits[0], digits[1:]
    return f"{sign}{symbol}{'' if glued else NBSP}{digits}{suffix}"


def format_money(
    value: float | None, currency: str | None, lang: str, decimals: int | None = None, *, compact: bool = False,
    compact_from: float = COMPACT_FROM,
) -> str:
    """`6 889,16 €` (fr), `€6,889.16`, `CHF 6,889.16` (en): to the cent below 10 000, whole above. `compact`
    (sentences, tables) writes `compact_from` (10 000) and more in thousands or millions: `€190.1k`, `8,00 M€`."""
    if is_missing(value):
        return MISSING
    symbol = currency_symbol(currency)
    suffix, scaled = "", value
    if compact and decimals is None and abs(value) >= compact_from:
        for limit, letters in _SUFFIXES:
            if abs(value) >= limit:
                suffix, scaled = letters["fr" if lang == "fr" else "en"], value / limit
                decimals = 1 if limit == 1e3 else 2
                break
    if decimals is None:
        # (a yen amount has no cents; a yen per e-mail of 3.40 keeps its decimals)
        no_cents = (currency or "").upper() in NO_CENTS and abs(value) >= 100
        decimals = 2 if abs(value) < COMPACT_FROM and not no_cents else 0
    return _with_unit(format_number(scaled, lang, decimals), suffix, symbol, lang)


def format_percent(
    fraction: float | None, lang: str, decimals: int | None = None, *, signed: bool = False, trim: bool = False
) -> str:
    """A fraction as a percent: `0.125` -> `12,5 %` (fr) / `12.5%` (en); one decimal, two below 1 %, more
    when a small rate would read 0 (`0.0042%`)."""
    if is_missing(fraction):
        return MISSING
    percent = fraction * 100
    if decimals is None:
        magnitude = abs(percent)
        decimals = 1 if magnitude >= 1 or magnitude == 0 else max(2, small_decimals(magnitude, 2))
    digits = format_number(percent, lang, decimals, trim=trim)
    if signed:
        digits = _signed(digits)
    return f"{digits}{NBSP}%" if lang == "fr" else f"{digits}%"


def format_change(change: float | None, lang: str) -> str:
    """A relative change as a signed percent with one decimal: `+12,5 %` / `−3.2%` / `±0.0%`."""
    return format_percent(change, lang, 1, signed=True)


def format_share(share: float | None, lang: str) -> str:
    """A share of a whole or of the way to a target, in whole percents: `84 %` / `84%`."""
    return format_percent(share, lang, 0)


def format_share_pair(a: float, b: float, lang: str) -> tuple[str, str]:
    """Two shares in whole percents, with as many decimals as it takes (up to 4) for them to read differently:
    99.98 % of a missed target is not "100%", a pace of 66.49 % is not "66%, 66% was expected"."""
    for decimals in range(5):
        first, second = format_percent(a, lang, decimals), format_percent(b, lang, decimals)
        if first != second or a == b:
            break
    return first, second


def format_points(delta: float | None, lang: str) -> str:
    """A difference of two rates in percentage points: `+1.5 pts` / `+1,5 pt` / `−0.25 pts`."""
    if is_missing(delta):
        return MISSING
    points = delta * 100
    digits = _signed(format_number(points, lang, 1 if abs(points) >= 1 or points == 0 else 2))
    shown = abs(round(points, 1 if abs(points) >= 1 else 2))
    one = shown < 2 if lang == "fr" else shown == 1
    return f"{digits}{NBSP}{'pt' if one else 'pts'}"


def format_count(value: float | None, unit: str | None, lang: str, decimals: int | None = None) -> str:
    """A count or a plain number with its unit word: `1,234 orders`, `1 234 commandes`, `0.0061`."""
    if is_missing(value):
        return MISSING
    if decimals is None:
        decimals = 0 if float(value).is_integer() else auto_decimals(value)
    digits = format_number(value, lang, decimals)
    return f"{digits}{NBSP}{unit_word(unit, lang, value)}" if unit else digits


def format_value(
    value: float | None,
    unit: str | None,
    lang: str,
    currency: str | None = None,
    decimals: int | None = None,
    *,
    compact: bool = False,
) -> str:
    """A value in its unit: money, a percent of a fraction, or a count with its unit word. `compact` writes
    money of 10 000 and more in thousands or millions, as sentences and tables do."""
    if is_missing(value):
        return MISSING
    if is_percent_unit(unit):
        return format_percent(value, lang, decimals)
    if is_money_unit(unit, currency):
        return format_money(value, money_code(unit, currency), lang, decimals, compact=compact)
    return format_count(value, unit, lang, decimals)


def format_compact(value: float | None, unit: str | None, lang: str, currency: str | None = None) -> str:
    """Short labels of axes and bars, three digits at most: `8 M€` / `€8M`, `12,5 k`, `25 %` / `25%`."""
    if is_missing(value):
        return MISSING
    if is_percent_unit(unit):
        return format_percent(value, lang, trim=True)
    suffix, scaled = "", value
    for limit, letters in _SUFFIXES:
        if abs(value) >= limit:
            scaled, suffix = value / limit, letters["fr" if lang == "fr" else "en"]
            break
    if abs(scaled) >= 100 or float(scaled).is_integer():
        decimals = 0
    elif abs(scaled) >= 1:
        decimals = 1 if abs(scaled) >= 10 else 2
    else:  # axis ticks of a small rate: 0.0025, 0.005, 0.0075 rather than 0, 0, 0.01
        decimals = small_decimals(abs(scaled), 2)
    digits = format_number(scaled, lang, decimals, trim=True)
    symbol = currency_symbol(money_code(unit, currency)) if is_money_unit(unit, currency) else ""
    return _with_unit(digits, suffix, symbol, lang)


def format_factor(factor: float | None, lang: str) -> str:
    """The pro rata factor of a value scaled to a window of another length, three digits: `×0.249` / `×0,249`."""
    if is_missing(factor) or factor <= 0:
        return MISSING
    return "×" + format_number(factor, lang, max(0, 2 - math.floor(math.log10(factor))), trim=True)


_MONTHS = {
    "en": ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"],
    "fr": ["janv.", "févr.", "mars", "avr.", "mai", "juin", "juil.", "août", "sept.", "oct.", "nov.", "déc."],
}


# a date in a French sentence names its month in full ("d'ici le 31 décembre 2026"); the abbreviations above are
# for axes and tables
_MONTHS_IN_FULL_FR = ["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre",
                      "novembre", "décembre"]


def format_date(value: str | None, lang: str) -> str:
    """An ISO date as a reader writes it: `1er mars 2026`, `30 juin 2026` (fr: the first of the month is `1er`, and
    the day keeps its month on the line), `30 Jun 2026` (en)."""
    if not value:
        return MISSING
    try:
        year, month, day = (int(part) for part in str(value)[:10].split("-"))
    except ValueError:
        return str(value)
    if not 1 <= month <= 12:
        return str(value)
    if lang == "fr":
        return f"{'1er' if day == 1 else day}{NBSP}{_MONTHS_IN_FULL_FR[month - 1]} {year}"
    return f"{day} {_MONTHS['en'][month - 1]} {year}"


def format_month(value: str | None, lang: str, *, with_year: bool = True) -> str:
    """The month of an ISO date for axes and tables: `juin 2026` / `Jun 2026`."""
    if not value:
        return MISSING
    try:
        year, month = int(str(value)[:4]), int(str(value)[5:7])
    except ValueError:
        return str(value)
    name = _MONTHS["fr" if lang == "fr" else "en"][month - 1]
    return f"{name} {year}" if with_year else name


# a period in a sentence: a quarter and a half as each language's business writing abbreviates them (`Q2 2025` /
# `T2 2025`, `H1 2025` / `S1 2025`), a month in full, a week by its number
_QUARTER = {"en": "Q{n} {year}", "fr": "T{n} {year}"}
_HALF = {"en": "H{n} {year}", "fr": "S{n} {year}"}
_WEEK = {"en": "week {n} of {year}", "fr": "semaine {n} de {year}"}
_MONTHS_IN_FULL_EN = ["January", "February", "March", "April", "May", "June", "July", "August", "September",
                      "October", "November", "December"]
_DASH = " \u2013 "  # en dash between the two ends of a range


def say_period(period: object, lang: str, *, article: bool = False) -> str:
    """A period as a reader says it, from its code or a `Period`: `2025`, `Q2 2025` / `T2 2025`, `H1 2025` /
    `S1 2025`, `March 2025` / `mars 2025`, `week 14 of 2025` / `semaine 14 de 2025`, a day as `format_date`, a
    range of whole months `Jul 2024 – Jun 2025` / `juil. 2024 – juin 2025` (one calendar period when it is one:
    `2025-01..2025-03` is `Q1 2025`), of days `1–15 Jun 2026` / `1er–15 juin 2026`. Machine-readable fields keep
    the code; anything that is not a period (`?`, words) is returned as given.

    `article`: the period inside a French sentence, with the article it takes there ("sur le T2 2025", "sur la
    semaine 14 de 2026", "sur le 3 mars 2026", "sur la période du 1er au 15 juin 2026"; a year and a month take
    none: "sur 2025", "sur mars 2025"); `Message` contracts "de le" and "à le" into "du" and "au". English and
    table cells keep the bare form."""
    from kpiguard.spec.periods import Period, PeriodError, parse_period

    if not period:
        return MISSING
    try:
        found = period if isinstance(period, Period) else parse_period(str(period))
    except (PeriodError, ValueError, OverflowError):
        return str(period)
    lang = "fr" if lang == "fr" else "en"
    grain = _grain_said(found)
    start, last = found.start, found.last_day
    if grain == "year":
        return str(start.year)
    if grain == "half":
        said = _HALF[lang].format(n=(start.month - 1) // 6 + 1, year=start.year)
    elif grain == "quarter":
        said = _QUARTER[lang].format(n=(start.month - 1) // 3 + 1, year=start.year)
    elif grain == "month":
        names = _MONTHS_IN_FULL_FR if lang == "fr" else _MONTHS_IN_FULL_EN
        return f"{names[start.month - 1]} {start.year}"
    elif grain == "week":
        iso = start.isocalendar()
        said = _WEEK[lang].format(n=iso.week, year=iso.year)
    elif grain == "day":
        said = format_date(start.isoformat(), lang)
    elif article and lang == "fr":
        return Articled(_say_range_in_words(start, last))
    else:
        return _say_range(start, last, lang)
    return Articled(_FRENCH_ARTICLE[grain] + said) if article and lang == "fr" else said


# the article a French sentence sets before a period: "sur le T2", "sur la semaine 14", "sur le 3 mars"
_FRENCH_ARTICLE = {"half": "le ", "quarter": "le ", "week": "la ", "day": "le "}


def _grain_said(found) -> str:
    """The grain a period is said as: a range that is one calendar period is that period."""
    from kpiguard.spec.periods import GRAINS_ORDER, period_containing

    if found.grain != "range":
        return found.grain
    try:
        return next((g for g in reversed(GRAINS_ORDER) if period_containing(found.start, g).end == found.end
                     and period_containing(found.start, g).start == found.start), "range")
    except (ValueError, OverflowError):
        return "range"


def _say_range_in_words(start, last) -> str:
    """A French range inside a sentence: "la période du 1er au 15 juin 2026", "la période de juillet 2024 à juin
    2025", the year (and the month) written once when both ends share it."""
    if start.day == 1 and (last + _ONE_DAY).day == 1:
        first = _MONTHS_IN_FULL_FR[start.month - 1] + ("" if start.year == last.year else f" {start.year}")
        of = "d'" if first[0] in "aeiouy" else "de "  # "d'avril", "d'octobre"
        return f"la période {of}{first} à {_MONTHS_IN_FULL_FR[last.month - 1]} {last.year}"
    end = format_date(last.isoformat(), "fr")
    begin = format_date(start.isoformat(), "fr")
    if (start.year, start.month) == (last.year, last.month):
        begin = begin.split(NBSP, 1)[0]
    elif start.year == last.year:
        begin = begin.rsplit(" ", 1)[0]
    return f"la période du {begin} au {end}"


def say_period_everywhere(period: object) -> Localized:
    """`say_period` in every language, inside a sentence (with its French article: "sur le T2 2026"), for a
    sentence made once that a review then writes in each (`Message.localized(period=...)` takes each language's
    own)."""
    return Localized({lang: say_period(period, lang, article=True) for lang in LANGS}, get_lang())


def _say_range(start, last, lang: str) -> str:
    """A range from `start` to `last` (both included): whole months by their months, else by their days, the
    year (and the month) written once when both ends share it."""
    if start.day == 1 and (last + _ONE_DAY).day == 1:
        first = format_month(start.isoformat(), lang, with_year=start.year != last.year)
        return f"{first}{_DASH}{format_month(last.isoformat(), lang)}"
    end = format_date(last.isoformat(), lang)
    if (start.year, start.month) == (last.year, last.month):
        day = "1er" if lang == "fr" and start.day == 1 else str(start.day)
        return f"{day}\u2013{end}"
    begin = format_date(start.isoformat(), lang)
    if start.year == last.year:
        begin = begin.rsplit(" ", 1)[0]
    return f"{begin}{_DASH}{end}"


__all__ = [
    "COMPACT_FROM",
    "MINUS",
    "MISSING",
    "NBSP",
    "NNBSP",
    "SYMBOLS",
    "auto_decimals",
    "currency_symbol",
    "format_change",
    "format_compact",
    "format_count",
    "format_date",
    "format_factor",
    "format_money",
    "format_month",
    "format_number",
    "format_percent",
    "format_points",
    "format_share",
    "format_share_pair",
    "format_value",
    "is_missing",
    "is_money_unit",
    "is_percent_unit",
    "money_code",
    "say_period",
    "say_period_everywhere",
    "small_decimals",
]
