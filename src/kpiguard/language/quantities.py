"""Numbers with their units as people write them: `8 %`, `0,70 €`, `10 M€`, `$1.2M`, `1 200`, `5 points`."""

from __future__ import annotations

import re
from dataclasses import dataclass

_SCALES = {
    "k": 1e3, "K": 1e3, "mille": 1e3, "milliers": 1e3, "millier": 1e3, "thousand": 1e3, "thousands": 1e3,
    "m": 1e6, "mn": 1e6, "mio": 1e6, "million": 1e6, "millions": 1e6,
    "md": 1e9, "mds": 1e9, "mrd": 1e9, "milliard": 1e9, "milliards": 1e9, "bn": 1e9, "billion": 1e9,
    "billions": 1e9,
}
_UNITS = {
    "%": "%", "pct": "%", "pourcent": "%", "pour cent": "%", "pourcents": "%", "pour cents": "%", "percent": "%", "per cent": "%",
    "pc": "%",  # "2.1pc", as the UK press writes a percent (glued: "10 pcs" are pieces)
    "pt": "pt", "pts": "pt", "point": "pt", "points": "pt", "pp": "pt",
    "€": "EUR", "eur": "EUR", "euro": "EUR", "euros": "EUR",
    "$": "USD", "usd": "USD", "dollar": "USD", "dollars": "USD",
    "£": "GBP", "gbp": "GBP",
}
CURRENCY_SYMBOLS = {"EUR": "€", "USD": "$", "GBP": "£"}
# Currencies written by their code (Swiss and Canadian French: "3 M CHF", "CHF 85", "75 CAD"): after the number in
# French, before it in English, as kpiguard._numbers writes them.
_FR_CODED_CURRENCIES = {"chf": "CHF", "franc suisse": "CHF", "francs suisses": "CHF", "cad": "CAD"}
# A dollar sign with its country, as Québec writes it ("75 $ CA", "2 M$ US") and as English does ("C$75", "US$2M",
# "A$40M", "AU$85", "NZ$2m"): the code right after the sign, or right before it, is the currency, never a word of the
# sentence ("CA" is no revenue); a "$" alone stays USD
_DOLLAR_CODES = {"$ca": "CAD", "$can": "CAD", "$us": "USD", "c$": "CAD", "ca$": "CAD", "can$": "CAD", "us$": "USD",
                 "a$": "AUD", "au$": "AUD", "nz$": "NZD"}
_CODED_CURRENCIES = {**_FR_CODED_CURRENCIES, "aud": "AUD", "nzd": "NZD", **_DOLLAR_CODES}  # "AUD 12M"
_ALL_UNITS = {**_UNITS, **_CODED_CURRENCIES}  # the unit words a number may carry, currencies by code included

# Numbers said in words, read only before a scale or a unit ("deux points", "un million d'euros", "ten percent"):
# elsewhere "un", "a", "one" are articles.
NUMBER_WORDS = {"un": 1, "une": 1, "one": 1, "a": 1, "deux": 2, "two": 2, "trois": 3, "three": 3, "quatre": 4,
                "four": 4, "cinq": 5, "five": 5, "six": 6, "sept": 7, "seven": 7, "huit": 8, "eight": 8, "neuf": 9,
                "nine": 9, "dix": 10, "ten": 10, "quinze": 15, "fifteen": 15, "vingt": 20, "twenty": 20,
                "trente": 30, "thirty": 30, "cinquante": 50, "fifty": 50}
# Tens of French as Belgium and Switzerland say them ("septante mille sessions"), and the other French tens.
_FR_TENS = {"quarante": 40, "soixante": 60, "septante": 70, "huitante": 80, "octante": 80, "nonante": 90,
            "douze": 12, "cent": 100}
_WORD_NUM = ("(?:" + "|".join(sorted({**NUMBER_WORDS, **_FR_TENS}, key=len, reverse=True)) + r")(?=\s+(?:millions?|milliards?|"
             r"billions?|thousands?|mille|points?|pour\s?cent|per\s?cent|percent|pts?)(?![a-z]))")

QUANTITY = re.compile(
    r"(?<![\w.,])"
    r"(?P<pre>(?:(?<![\w.,])(?:can|au|a|nz|ca|c|us))?\$\s*|[€£]\s*|(?:eur|usd|gbp|chf|cad|aud|nzd)\s+(?=\d))?"
    r"(?P<num>[+-]?(?:\d{1,3}(?:[ .'](?=\d{3}(?!\d))\d{3})+(?:,\d+)?|\d{1,3}(?:,(?=\d{3}(?!\d))\d{3})+(?:\.\d+)?"
    r"|\d+(?:[.,]\d+)?)|" + _WORD_NUM + r"|zero(?![\w-])(?!\s+(?:waste|dechet))" + ")"
    r"(?:\s*(?P<scale>k|mn|mio\.?|md|mds|mrd\.?|m|milliers?|mille|thousands?|millions?|milliards?|bn|billions?)(?![a-z]))?"
    r"(?:\s*(?:d'\s*|de\s+)?(?P<unit>%|pct|pour\s?cents?|per\s?cent|percent(?:age)?\s+points?|points?\s+de\s+pourcentage|"
    r"bps|basis\s+points?|points?\s+de\s+base|pdb|"
    r"percent|pts?|points?|pp|(?<=\d)pc|(?<=\d)p|€|eur|euros?|\$\s?(?:ca|can|us)(?![a-z])|\$|usd|dollars?|£|gbp|chf|"
    r"francs?\s+suisses?|cad|aud|nzd|"
    r"centimes?|cents?|¢)"
    r"(?![a-z]))?"
    r"(?![a-z0-9])"  # "90d", "90j", "3x", "1er": a window, a multiplier or an ordinal, not an amount
)


# "x2", "2x", "×1,5", "3 fois plus", "twofold": a multiplier written next to the number (as a relative change).
_FACTOR_WORDS = {"deux": 2, "trois": 3, "quatre": 4, "cinq": 5, "dix": 10, "two": 2, "three": 3, "four": 4,
                 "five": 5, "ten": 10}
_FACTOR_NUM = r"(?P<n>\d{1,2}(?:[.,]\d+)?|" + "|".join(_FACTOR_WORDS) + ")"
MULTIPLIER = re.compile(
    r"(?<![\w.,])(?:[x×]\s?(?P<a>\d{1,2}(?:[.,]\d+)?)|(?P<b>\d{1,2}(?:[.,]\d+)?)\s?[x×]"
    r"|" + _FACTOR_NUM.replace("?P<n>", "?P<c>") + r"\s+(?:fois\s+plus|times\s+(?:more|over|bigger|higher|larger))"
    r"|" + _FACTOR_NUM.replace("?P<n>", "?P<d>") + r"[\s-]?fold)(?![\w%€$£])"
)
# "multiplier par 3", "diviser le stock par deux", "multiply by 2": the factor of a multiply or divide verb.
FACTOR = re.compile(r"(?<![\w])(?:par|by)\s+(?:(?:un|a)\s+(?:facteur|factor)\s+(?:de\s+|of\s+)?)?" + _FACTOR_NUM
                    + r"(?![\w.,%€$£])(?!\s?\d)(?!\s*(?:%|pts?|points?|pp|€|eur|euros?|k|m|k€|m€|\$|£|usd|gbp|mois|jours?|semaines?"
                    r"|ans?|annees?|months?|days?|weeks?|years?)(?![a-z]))")
MULTIPLY_VERBS = re.compile(r"(?<![a-z])(?:multipli|multiply|divis|divid)")


def factor_value(match: re.Match[str]) -> float:
    """The number of a MULTIPLIER or FACTOR match: 2 for "x2", "2x", "par deux", 1.5 for "x1,5"."""
    raw = next(g for g in (match.groupdict().get(k) for k in "abcdn") if g)
    return float(_FACTOR_WORDS.get(raw, 0) or raw.replace(",", "."))


def factor_change(factor: float, divide: bool = False) -> float:
    """A multiplier as a relative change in percent: x2 -> +100, divided by 2 -> -50, divided by 3 -> -66.67."""
    return round(((1 / factor) - 1) * 100 if divide else (factor - 1) * 100, 6)


@dataclass(frozen=True, slots=True)
class Quantity:
    """A number as written: `value` in the unit shown (8 for `8 %`, 10000000 for `10 M€`), `unit` % pt EUR USD..."""

    value: float
    unit: str | None = None
    text: str = ""
    placeholder: bool = False  # `X` / `Y` in a rewrite: a value the user still has to fill in

    @property
    def is_percent(self) -> bool:
        return self.unit == "%"

    @property
    def is_currency(self) -> bool:
        return self.unit in CURRENCY_SYMBOLS or self.unit in _CODED_CURRENCIES.values()

    def spec_value(self) -> float:
        """The value as a spec writes it: percents as fractions (8 % -> 0.08)."""
        if self.unit in ("%", "pt"):
            return round(self.value / 100.0, 12)
        return self.value

    def with_unit_of(self, other: Quantity, scale: float) -> Quantity:
        """`8` in `de 8 à 10 M€` borrows the unit and the scale of the number it is paired with."""
        return Quantity(self.value * scale, other.unit, self.text, self.placeholder)

    def to_dict(self) -> dict[str, object]:
        return {"value": None if self.placeholder else self.value, "unit": self.unit, "text": self.text}

    def label(self) -> str:
        return format_quantity(self)


def parse_quantity(match: re.Match[str], source_text: str = "") -> tuple[Quantity, float, bool]:
    """(quantity, scale applied, whether a scale or unit was written) from a QUANTITY match."""
    raw = match.group("num")
    number = _number(raw)
    if match.group("unit") and re.match(r"[%p]", match.group("unit")) and \
            re.fullmatch(r"[+-]?\d{1,3}\.\d{3}", raw):  # "33.333%": a decimal, no 33,333 percent
        number = float(raw)
    scale_word = (match.group("scale") or "").rstrip(".") or None  # "2 mio. CHF", "1,5 Mrd.": Swiss abbreviations
    scale = _SCALES.get(scale_word, 1.0) if scale_word else 1.0
    unit_word = match.group("unit")
    pre = (match.group("pre") or "").strip().lower()
    unit_word = re.sub(r"\$\s+", "$", re.sub(r"\s+", " ", unit_word)) if unit_word else None
    basis = bool(unit_word) and (unit_word in ("bps", "pdb") or "base" in unit_word or "basis" in unit_word)
    if basis:  # "30 bps", "30 points de base": hundredths of a point
        number, unit_word = number / 100, "pt"
    cents = bool(unit_word) and (unit_word.startswith("cent") or unit_word in ("¢", "p"))  # "9¢", "11p"
    if cents:  # "10 centimes" (of a euro), "25 cents" (of the spec's currency), "11p" (pence, of a pound)
        number, unit_word = number / 100, ("eur" if unit_word.startswith("centime") else "gbp" if unit_word == "p"
                                           else None)
    unit = ("pt" if "point" in unit_word else _ALL_UNITS.get(unit_word)) if unit_word else None
    if pre:
        unit = _ALL_UNITS.get(pre, unit)
    if basis or cents:  # "10-20 bps", "9-12¢": the bare number paired with it is in hundredths too
        scale *= 0.01
    return Quantity(number * (scale * 100 if basis or cents else scale), unit, source_text or match.group(0).strip()), \
        scale, bool(scale_word or unit or cents)


def dollar_code(match: re.Match[str]) -> bool:
    """Whether a QUANTITY match names its dollar by a country code ("75 $ CA", "C$75"): the code is then no word of
    the sentence (the "CA" of "75 $ CA" is no chiffre d'affaires)."""
    said = re.sub(r"\s+", "", (match.group("pre") or "") + "|" + (match.group("unit") or ""))
    return any(part in _DOLLAR_CODES for part in said.split("|"))


def _number(raw: str) -> float:
    if raw == "zero":  # "Zero dormant SKUs by EOY", "zéro invendu"
        return 0.0
    if raw in NUMBER_WORDS or raw in _FR_TENS:
        return float({**NUMBER_WORDS, **_FR_TENS}[raw])
    text = raw.replace(" ", "")
    if re.fullmatch(r"[+-]?\d{1,3}(\.\d{3})+(,\d+)?", text):  # 1.200.000 or 1.200,5: dots group thousands
        return float(text.replace(".", "").replace(",", "."))
    if "'" in text:  # 1'000'000 (Swiss)
        return float(text.replace("'", "").replace(",", "."))
    if re.fullmatch(r"[+-]?\d{1,3}(,\d{3})+(\.\d+)?", text) and not text.lstrip("+-").startswith("0,"):
        return float(text.replace(",", ""))  # 1,200 (English thousands)
    return float(text.replace(",", "."))


def format_number(value: float, lang: str = "en", *, money: bool = False) -> str:
    """A short human number: 10000000 -> 10 M, 1.5e9 -> 1,5 Md (fr) / 1.5 bn (en), 1200 -> 1 200 (fr) / 1,200 (en),
    0.7 -> 0,70 (fr, money)."""
    sign = "-" if value < 0 else ""
    value = abs(value)
    if value >= 1e9 and round(value) % 10_000_000 == 0:
        text = _trim(f"{value / 1e9:.2f}") + (" Md" if lang == "fr" else " bn")
    elif value >= 1e6 and round(value) % 10_000 == 0:
        text = _trim(f"{value / 1e6:.2f}") + " M"
    elif value >= 1e3 and value % 1 == 0:
        text = f"{int(value):,}".replace(",", "\u202f" if lang == "fr" else ",")
    elif value % 1 == 0:
        text = str(int(value))
    elif money:
        text = f"{value:.2f}"
    else:
        text = _trim(f"{value:.3f}")
    if lang == "fr":
        text = text.replace(".", ",")
    return sign + text


def _trim(text: str) -> str:
    return text.rstrip("0").rstrip(".") if "." in text else text


def format_quantity(quantity: Quantity, lang: str = "en", *, signed: bool = False) -> str:
    """`25 %` / `25%`, `10 M€` / `€10M`, `0,70 €` / `€0.70`, `2 points`, `1 200`."""
    number = format_number(quantity.value, lang, money=quantity.is_currency)
    if signed and quantity.value >= 0:
        number = "+" + number
    if quantity.unit == "%":
        return f"{number} %" if lang == "fr" else f"{number}%"
    if quantity.unit == "pt":  # "0,5 point" (French: plural from 2), "0.5 points" (English: all but 1)
        plural = abs(quantity.value) >= 2 if lang == "fr" else abs(quantity.value) != 1
        return f"{number} point" + ("s" if plural else "")
    if quantity.unit in CURRENCY_SYMBOLS:
        symbol = CURRENCY_SYMBOLS[quantity.unit]
        if lang == "fr":
            return f"{number}{symbol}" if number.endswith((" M", " Md")) else f"{number} {symbol}"
        sign = "-" if number.startswith("-") else ("+" if number.startswith("+") else "")
        return f"{sign}{symbol}{number.lstrip('+-').replace(' M', 'M').replace(' bn', 'bn')}"
    if quantity.is_currency:  # "3 M CHF" / "CHF 3M": a code, spaced from the number
        if lang == "fr":
            return f"{number} {quantity.unit}"
        sign = "-" if number.startswith("-") else ("+" if number.startswith("+") else "")
        return f"{sign}{quantity.unit} {number.lstrip('+-').replace(' M', 'M').replace(' bn', 'bn')}"
    return number if lang == "fr" else number.replace(" M", "M").replace(" bn", "bn")  # "1.5M visitors"


__all__ = ["FACTOR", "MULTIPLIER", "MULTIPLY_VERBS", "QUANTITY", "Quantity", "dollar_code", "factor_change",
           "factor_value", "format_number", "format_quantity", "parse_quantity"]
