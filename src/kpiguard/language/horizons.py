"""Horizons ("d'ici fin 2026", "by Q3", "within 6 months", "sur le trimestre") and baseline periods ("vs 2025").

A horizon is kept as a label (`2026`, `2026-Q3`, `Q3`, `2026-06`, `2026-06-30`, `P6M`, `quarter`, `next-quarter`...)
and resolved to a deadline only against a reference day, so that parsing stays deterministic.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, timedelta

_Y = r"(?P<year>20\d\d)"
# "Q1-27", "T3 26", "H2'27": a two-digit year, never the number that follows ("au T1 20 % de CA", "Q1 25.5%")
_YY_END = r"(?!\d)(?!\s*(?:%|[.,]\d|pts?(?![a-z])|points?|k|m|€|\$|£))"
# "dès janvier", "à partir du T2", "starting in March": when the target starts to hold, read as due then (noted)
_STARTING = r"des|a\s+partir\s+(?:de|du|d')|starting(?:\s+(?:in|from))?|as\s+of|beginning(?:\s+(?:in|of))?"
STARTING = re.compile(r"^(?:" + _STARTING + r"|from)(?![a-z])")
_BY = (r"(?:d'?\s*ici(?:\s+(?:a|au|le|la|l'))?|(?:a\s+)?(?:l'?\s*)?horizon|by|before|avant|until|till|"
       r"jusqu'?\s*(?:a|au|en|fin)?|pour|for|"
       r"at|a|au|en|in|on|sur|over|during|durant|courant|within|dans|sous|through|" + _STARTING + ")")
_END = r"(?:(?:la\s+|the\s+)?(?:fin|end|year[\s-]?end)(?:\s+|-)(?:de\s+l'?\s*annee\s+|de\s+|d'\s*|du\s+|of\s+(?:the\s+year\s+)?)?)"
_ORDINAL_Q = {"premier": 1, "1er": 1, "1re": 1, "first": 1, "1st": 1, "deuxieme": 2, "second": 2, "2e": 2, "2eme": 2,
              "2nd": 2, "troisieme": 3, "third": 3, "3e": 3, "3eme": 3, "3rd": 3, "quatrieme": 4, "fourth": 4,
              "4e": 4, "4eme": 4, "4th": 4, "dernier": 4, "last": 4}
_ORD = "|".join(sorted(map(re.escape, _ORDINAL_Q), key=len, reverse=True))
_NUMBER_WORDS = {"un": 1, "une": 1, "one": 1, "a": 1, "deux": 2, "two": 2, "trois": 3, "three": 3, "quatre": 4,
                 "four": 4, "six": 6, "douze": 12, "twelve": 12, "dix-huit": 18, "eighteen": 18, "cinq": 5,
                 "five": 5, "neuf": 9, "nine": 9, "dix": 10, "ten": 10}
_NUM = r"(?P<n>\d{1,3}|" + "|".join(sorted(_NUMBER_WORDS, key=len, reverse=True)) + ")"
_UNIT_CODES = {"jour": "D", "jours": "D", "j": "D", "day": "D", "days": "D",
               "semaine": "W", "semaines": "W", "week": "W", "weeks": "W",
               "mois": "M", "month": "M", "months": "M",
               "trimestre": "Q", "trimestres": "Q", "quarter": "Q", "quarters": "Q",
               "semestre": "H", "semestres": "H",
               "an": "Y", "ans": "Y", "annee": "Y", "annees": "Y", "year": "Y", "years": "Y"}
_DUR_UNIT = r"(?P<unit>" + "|".join(sorted(map(re.escape, _UNIT_CODES), key=len, reverse=True)) + r")"


@dataclass(frozen=True, slots=True)
class Horizon:
    """When the target is due, as the sentence says it (`label`) and as written (`text`)."""

    label: str
    text: str = ""

    def deadline(self, today: date) -> date:
        return resolve_deadline(self.label, today)

    def to_dict(self, today: date | None = None) -> dict[str, object]:
        by = self.deadline(today) if today else None
        return {"label": self.label, "text": self.text, "by": by.isoformat() if by else None}


def _month_pattern(months: dict[str, int]) -> str:
    return r"(?P<month>" + "|".join(sorted(map(re.escape, months), key=len, reverse=True)) + r")\.?"


def horizon_patterns(months: dict[str, int]) -> list[tuple[re.Pattern[str], str]]:
    """(regex, kind) pairs; the kind says how to build the label from the groups."""
    month = _month_pattern(months)
    raw = [
        # dates: 2026-06-30, 30/06/2026, 30 juin 2026, June 30, 2026
        (rf"(?:{_BY}\s+(?:le\s+|the\s+)?)?(?P<iso>20\d\d-\d\d-\d\d)", "iso"),
        (rf"(?:{_BY}\s+(?:le\s+|the\s+)?)?(?P<d>\d{{1,2}})[/.](?P<m>\d{{1,2}})[/.]{_Y}", "dmy"),
        (rf"(?:{_BY}\s+(?:le\s+|the\s+)?)?(?P<d>\d{{1,2}})(?:er|st|nd|rd|th)?\s+{month}\s+{_Y}", "day-month"),
        (rf"(?:{_BY}\s+(?:the\s+)?)?{month}\s+(?P<d>\d{{1,2}})(?:st|nd|rd|th)?,?\s+{_Y}", "day-month"),
        # a day without its year: "d'ici le 31 mars", "by March 31st" (the next one, as a named day)
        (rf"(?:d'?\s*ici|avant|jusqu'?\s*au|by|before|until|pour)\s+(?:le\s+|the\s+)?(?P<d>\d{{1,2}})(?:er|st|nd|rd|th)?"
         rf"\s+(?:of\s+)?{month}(?!\s*,?\s*20\d\d)", "day-month-rel"),
        (rf"(?:by|before|until)\s+(?:the\s+)?{month}\s+(?P<d>\d{{1,2}})(?:st|nd|rd|th)?(?!\s*,?\s*20\d\d)(?![\d.,%])",
         "day-month-rel"),
        # two quarters and the ones between: "in Q1 & Q2 2027", "T1-T2", "Q3 through Q4" (a half, or the year)
        (rf"(?:{_BY}\s+)?{_END}?(?:le\s+|the\s+)?(?:q|t)(?P<q>[1-4])\s*(?:&|\+|/|-|and|et|to|through|thru|a|au)\s*"
         rf"(?:(?:le|au|the|en|in)\s+)?(?:q|t)(?P<q2>[1-4])(?:(?:\s*|-|\s*')(?:fy\s*'?)?(?:{_Y}|(?P<yy>\d\d){_YY_END}))?",
         "quarters"),
        (rf"(?:{_BY}\s+)?{_END}?(?:le\s+|the\s+)?(?:q|t)(?P<q>[1-4])(?:(?:\s*|-|\s*')(?:fy\s*'?)?(?:{_Y}|(?P<yy>\d\d){_YY_END}))?", "quarter"),
        (rf"(?:{_BY}\s+)?{_END}?{_Y}[\s-]?(?:q|t)(?P<q>[1-4])", "quarter"),
        # "by FY26 Q4", "FY2027 H1": the fiscal year named before its quarter or half
        (rf"(?:{_BY}\s+)?{_END}?fy\s*'?(?:{_Y}|(?P<yy>\d\d))[\s-]+(?:q|t)(?P<q>[1-4])(?![a-z0-9])", "quarter"),
        (rf"(?:{_BY}\s+)?{_END}?fy\s*'?(?:{_Y}|(?P<yy>\d\d))[\s-]+(?:h|s)(?P<h>[12])(?![a-z0-9])", "half"),
        (rf"(?:{_BY}\s+)?{_END}?(?:le\s+|the\s+)?(?P<ord>{_ORD})\s+(?:trimestre|quarter)(?:\s+(?:de\s+|of\s+)?{_Y})?", "quarter"),
        (rf"(?:{_BY}\s+)?{_END}?(?:le\s+|the\s+)?(?:h|s)(?P<h>[12])(?:(?:\s*|-|\s*')(?:fy\s*'?)?(?:{_Y}|(?P<yy>\d\d){_YY_END}))?", "half"),
        (rf"(?:{_BY}\s+)?{_END}?{_Y}-(?:h|s)(?P<h>[12])", "half"),
        (rf"(?:{_BY}\s+)?{_END}?(?:le\s+|the\s+)?(?P<hord>premier|1er|first|1st|second|deuxieme|2e|2nd)\s+(?:semestre|half)(?:\s+(?:de\s+|of\s+)?{_Y})?", "half"),
        # "d'ici mi-mars", "by mid-March 2027": the 15th of that month (the next one without a year)
        (rf"(?:{_BY}\s+)?(?:(?:a|at)\s+)?(?:mi|mid)[\s-]?{month}\s+{_Y}", "mid-month"),
        (rf"(?:{_BY}\s+)?(?:(?:a|at)\s+)?(?:mi|mid)[\s-]?{month}(?![a-z])", "mid-month-rel"),
        # "à mi-2027", "by mid-2027": the end of the first half
        (rf"(?:{_BY}\s+)?(?:mi|mid)[\s-]?{_Y}", "mid-year"),
        # months: "d'ici juin 2026", "by end of June", "fin mars"
        (rf"(?:{_BY}\s+)?{_END}?{month}\s+{_Y}", "month"),
        (rf"{_BY}\s+{_END}?{month}(?![a-z])", "month"),
        # "25 concepts a month from April": when it starts to hold, as "starting in April" (never "from April to June")
        (rf"from\s+{month}(?![a-z])(?!\s+(?:20\d\d\s+)?(?:to|until|till|through|thru|-)(?![a-z]))", "month"),
        (rf"(?:fin|end(?:\s+of)?)\s+{month}(?![a-z])", "month"),
        # years: "d'ici fin 2026", "by the end of 2026", "en 2026", "for FY2026"
        # "l'exercice 2026-2027", "l'année financière 2026-2027" (Québec), "fiscal year 2026/27": the year it ends in
        (rf"(?:{_BY}\s+)?{_END}?(?:[ld]'?\s*exercice|[ld]'?\s*annee\s+financiere|(?:the\s+)?(?:fiscal|financial)\s+year)"
         r"\s+20\d\d\s*[/-]\s*(?:20)?(?P<yy>\d\d)(?!\d)", "year"),
        # "d'ici la fin de l'exercice 2027", "by the end of fiscal year 2027": that year (was this year's end)
        (rf"(?:{_BY}\s+)?{_END}(?:l'?\s*exercice\s+|l'?\s*annee\s+financiere\s+|(?:the\s+)?(?:fiscal|financial)\s+year\s+)?"
         rf"{_Y}", "year"),
        (rf"{_BY}\s+(?:l'?\s*annee\s+|the\s+year\s+|l'?\s*exercice\s+|fy\s*)?{_Y}", "year"),
        # "FY26/27", "FY 2026-27", "FY2026/2027" (a fiscal year over two calendar years, as UK retail writes it): the
        # year it ends in, as "FY27" (before the one-year form, which would read "FY26" and leave "/27" a number)
        (rf"(?:{_BY}\s+)?{_END}?(?:l'?\s*exercice\s+|the\s+(?:fiscal\s+)?year\s+)?fy\s*'?(?:20)?\d\d\s*[/-]\s*"
         r"(?:20)?(?P<yy>\d\d)(?!\d)", "year"),
        (rf"(?:{_BY}\s+)?{_END}?(?:l'?\s*exercice\s+|the\s+(?:fiscal\s+)?year\s+)?fy\s*'?(?:{_Y}|(?P<yy>\d\d)(?!\d))",
         "year"),  # "sur l'exercice FY27"
        # "entre 2025 et 2027", "between 2025 and 2027": the horizon is the second year, the first the baseline
        (r"(?:entre|between)\s+(?P<base>20\d\d)\s+(?:et|and)\s+(?P<year>20\d\d)", "year"),
        # "(2026 -> 2027)", "2026 → 2027": from a year to the next, as slides write it (never "de 2000 à 2050")
        (r"(?P<base>20\d\d)\s*(?:->|=>|→)\s*(?P<year>20\d\d)", "year"),
        # "28 % -> 32 % (2027)": a year alone in brackets closing the sentence dates its target
        (rf"\(\s*{_Y}\s*\)\s*\.?\s*$", "year"),
        # named days and seasons: "d'ici Noël", "by Christmas", "avant l'été", "d'ici la rentrée"
        (r"(?:(?:d'?\s*ici|avant|pour|by|before|for|until|jusqu'?\s*a)\s+)?(?P<end>(?:la\s+|the\s+)?(?:fin|end)\s+(?:de\s+|of\s+)?)?"
         r"(?P<named>noel|christmas|xmas|l'?\s*ete|(?:the\s+)?summer|la\s+rentree|(?:the\s+)?back[\s-]to[\s-]school)"
         rf"(?:\s+{_Y})?", "named"),
        # shopping days, only after a word of deadline ("le CA du Black Friday" is a scope): "d'ici le Black Friday";
        # Easter, a moving feast: "by Easter 2027", "d'ici Pâques"
        (r"(?:d'?\s*ici|avant|pour|by|before|until|jusqu'?\s*(?:a|au))\s+(?:le\s+|the\s+)?"
         rf"(?P<event>black[\s-]friday|cyber[\s-]monday|easter|paques)(?:\s+{_Y})?", "event"),
        # durations: "d'ici 6 mois", "within 6 months", "over the next 12 months", "sur 3 mois"
        (rf"(?:d'?\s*ici|en|sous|dans(?:\s+les)?|within|in|over(?:\s+the)?(?:\s+next)?|sur(?:\s+les)?|during(?:\s+the)?(?:\s+next)?|the\s+next|les|next|pendant(?:\s+les)?|durant(?:\s+les)?|for(?:\s+the)?(?:\s+next)?)"
         rf"\s+(?:prochains\s+|next\s+|coming\s+)?{_NUM}\s+(?:prochains\s+|next\s+)?{_DUR_UNIT}(?![a-z])(?:\s+(?:prochains|a\s+venir|to\s+come|from\s+now))?", "duration"),
        # named calendar periods relative to today
        (rf"(?:{_BY}\s+)?{_END}(?:[ld]'?\s*annee\s+financiere|l'?\s*annee|d'?\s*annee|annee|[ld]'?\s*exercice|(?:the\s+|this\s+)?(?:fiscal\s+|financial\s+)?year"
         r"|(?:the\s+|this\s+)?fy(?![\s']*\d))(?:\s+en\s+cours)?", "year-rel"),  # "by end of FY": this fiscal year's end
        (rf"(?:by\s+)?(?:the\s+)?(?:year[\s-]?end|eoy|eofy)\s+(?:fy\s*'?)?{_Y}", "year"),  # "by EOY 2027"
        (r"(?:by\s+)?(?:the\s+)?(?:year[\s-]?end|eoy|eofy|fy[\s-]?end)", "year-rel"),
        (r"(?:by\s+)?(?:the\s+)?eoq", "quarter-rel"),
        # "Objectif 2027 : 15 M€ de CA", "OKR 2027", "2027 target"
        (rf"(?:objectifs?|okrs?|cibles?|goals?|targets?)\s+(?:(?!de\b|des\b|of\b)[a-z]+\s+)?(?:pour\s+|for\s+)?{_Y}",
         "year"),  # "Objectif CRM 2027"
        (rf"{_Y}\s+(?:goals?|targets?|okrs?)", "year"),
        # "H1 2027 goal", "Q3 2027 target": the period named before the year, not the year's goal
        (rf"(?:q|t)(?P<q>[1-4])\s+{_Y}\s+(?:goals?|targets?|okrs?)", "quarter"),
        (rf"(?:h|s)(?P<h>[12])\s+{_Y}\s+(?:goals?|targets?|okrs?)", "half"),
        (r"(?:sur|pour|over|for|in|during|durant|within|dans)\s+(?:l'?\s*annee\s+financiere|l'?\s*annee|the\s+year|l'?\s*exercice|this\s+year|cette\s+annee|"
         r"(?:the\s+|this\s+)(?:fiscal|financial)\s+year)(?:\s+en\s+cours)?", "year-rel"),
        (r"(?:cette\s+annee|this\s+(?:fiscal\s+|financial\s+)?year|en\s+fin\s+d'?\s*annee|fin\s+d'?\s*annee)", "year-rel"),
        # "Objectif annuel : 1 million de sessions par mois": the year's goal (the cadence is the month's)
        (r"objectifs?\s+annuels?|annual\s+(?:goals?|targets?|okrs?)", "year-rel"),
        # "rester au-dessus de 70 € toute l'année": held over the year, measured on it
        (r"(?:toute\s+l'?\s*annee|tout\s+au\s+long\s+de\s+l'?\s*annee)(?:\s+en\s+cours)?", "year-rel"),
        (r"(?:(?:d'?\s*ici|en|pour|by|for|in|over)\s+)?(?:l'?\s*(?:an|annee)\s+prochaine?|next\s+year|n\+1)", "next-year"),
        (rf"(?:{_BY}\s+)?{_END}(?:du\s+|of\s+(?:the\s+|this\s+)?)?(?:trimestre|quarter)(?:\s+en\s+cours)?", "quarter-rel"),
        (r"(?:sur|pour|over|for|in|during|durant|within|dans|d'?\s*ici)\s+(?:le|the|ce|this)\s+(?:trimestre|quarter)(?:\s+en\s+cours)?", "quarter-rel"),
        (r"(?:ce\s+trimestre|this\s+quarter|quarter[\s-]end)", "quarter-rel"),
        (r"(?:(?:d'?\s*ici|sur|pour|au|du|over|for|in|by|during)\s+)?(?:le\s+|the\s+)?(?:prochain\s+trimestre|trimestre\s+prochain|next\s+quarter)", "next-quarter"),
        (rf"(?:{_BY}\s+)?{_END}(?:du\s+|of\s+(?:the\s+|this\s+)?)?(?:semestre|half)", "half-rel"),
        (r"(?:sur|pour|over|for|in|during|within|dans)\s+(?:le|the|ce|this)\s+(?:semestre|half)", "half-rel"),
        (r"(?:ce\s+semestre|this\s+half)", "half-rel"),
        (r"(?:(?:d'?\s*ici|sur|pour|au|over|for|in|by)\s+)?(?:le\s+|the\s+)?(?:prochain\s+semestre|semestre\s+prochain|next\s+half)", "next-half"),
        (rf"(?:{_BY}\s+)?{_END}(?:du\s+)?mois\s+prochain|(?:{_BY}\s+)?{_END}(?:of\s+)?(?:the\s+)?next\s+month", "next-month"),
        (rf"(?:{_BY}\s+)?{_END}(?:du\s+)?trimestre\s+prochain|(?:{_BY}\s+)?{_END}(?:of\s+)?(?:the\s+)?next\s+quarter",
         "next-quarter"),
        (rf"(?:{_BY}\s+)?{_END}(?:du\s+|of\s+(?:the\s+|this\s+)?)?mois|(?:by\s+)?(?:the\s+)?month[\s-]end", "month-rel"),
        (r"(?:sur|pour|over|for|in|during|within|dans)\s+(?:le|the|ce|this)\s+(?:mois|month)(?:\s+en\s+cours)?|ce\s+mois(?:-ci)?|this\s+month", "month-rel"),
        (r"(?:(?:d'?\s*ici|sur|pour|over|for|in|by)\s+)?(?:le\s+|the\s+)?(?:mois\s+prochain|next\s+month)", "next-month"),
        (r"(?:(?:d'?\s*ici|pour|by)\s+)?(?:la\s+)?(?:fin\s+de\s+(?:la\s+)?semaine|cette\s+semaine|this\s+week|end\s+of\s+(?:the\s+)?week)", "week-rel"),
    ]
    return [(re.compile(r"(?<![a-z0-9])" + pattern + r"(?![a-z0-9])"), kind) for pattern, kind in raw]


def horizon_label(kind: str, match: re.Match[str], months: dict[str, int], lang: str = "fr") -> str | None:
    groups = match.groupdict()
    year = groups.get("year")
    if kind == "iso":
        y, mo, d = map(int, groups["iso"].split("-"))
        return _date_label(y, mo, d)
    if kind == "dmy":
        day, month = int(groups["d"]), int(groups["m"])
        if lang == "en" and month > 12 >= day:  # US order: 06/30/2026
            day, month = month, day
        return _date_label(int(year), month, day)
    if kind == "day-month":
        return _date_label(int(year), months[groups["month"].rstrip(".")], int(groups["d"]))
    if kind == "mid-month":
        return _date_label(int(year), months[groups["month"].rstrip(".")], 15)
    if kind == "mid-month-rel":
        return f"--{months[groups['month'].rstrip('.')]:02d}-15"
    if kind == "day-month-rel":
        month, day = months[groups["month"].rstrip(".")], int(groups["d"])
        return f"--{month:02d}-{day:02d}" if _date_label(2027, month, day) else None  # no 29 February: not every year
    if kind == "quarter":
        q = groups.get("q") or _ORDINAL_Q.get(groups.get("ord") or "")
        if groups.get("yy"):
            year = "20" + groups["yy"]
        return f"{year}-Q{q}" if year else f"Q{q}"
    if kind == "quarters":  # Q1 and Q2 are H1, Q1 to Q4 the year; any other span is due at the end of its last
        first, last = int(groups["q"]), int(groups["q2"])
        if first >= last:
            return None
        year = year or ("20" + groups["yy"] if groups.get("yy") else None)
        span = {(1, 2): "H1", (3, 4): "H2"}.get((first, last), f"Q{last}")
        if (first, last) == (1, 4):
            return year or "year"
        return f"{year}-{span}" if year else span
    if kind == "half":
        h = groups.get("h") or ("1" if groups.get("hord") in ("premier", "1er", "first", "1st") else "2")
        if groups.get("yy"):
            year = "20" + groups["yy"]
        return f"{year}-H{h}" if year else f"H{h}"
    if kind == "month":
        month = months[groups["month"].rstrip(".")]
        return f"{year}-{month:02d}" if year else f"M{month:02d}"
    if kind == "year":
        return year or ("20" + groups["yy"] if groups.get("yy") else None)
    if kind == "mid-year":
        return f"{year}-06"
    if kind == "named":  # "d'ici Noël" (the next one), "avant l'été 2027" (that year's)
        named = re.sub(r"^(?:la\s+|the\s+|l'?\s*)", "", re.sub(r"\s+", " ", groups["named"]))
        # "d'ici la fin de l'été", "by the end of the summer": the end of August, as the rentrée (was its start)
        day = _NAMED_DAYS["rentree"] if groups.get("end") and named in ("ete", "summer") else _NAMED_DAYS[named]
        return f"{year}{day[1:]}" if year else day
    if kind == "event":  # "by Black Friday 2027" is that day; "d'ici le Black Friday", the next one
        event = {"b": "black-friday", "c": "cyber-monday"}.get(groups["event"][0], "easter")
        return season_dates(event, int(year))[0].isoformat() if year else event
    if kind == "duration":
        n = groups["n"]
        count = int(n) if n.isdigit() else _NUMBER_WORDS[n]
        code = _UNIT_CODES[groups["unit"]]
        if code == "Q":
            count, code = count * 3, "M"
        if code == "H":
            count, code = count * 6, "M"
        return f"P{count}{code}"
    return {"year-rel": "year", "next-year": "next-year", "quarter-rel": "quarter", "next-quarter": "next-quarter",
            "half-rel": "half", "next-half": "next-half", "month-rel": "month", "next-month": "next-month",
            "week-rel": "week"}.get(kind)


def shopping_day(event: str, year: int) -> date:
    """Black Friday is the day after the fourth Thursday of November (US Thanksgiving); Cyber Monday, 3 days later."""
    first = date(year, 11, 1)
    thanksgiving = first + timedelta(days=(3 - first.weekday()) % 7 + 21)
    return thanksgiving + timedelta(days=1 if event == "black-friday" else 4)


def easter_sunday(year: int) -> date:
    """Easter Sunday of the Gregorian calendar (the anonymous computus, as Meeus gives it): the Sunday after the
    ecclesiastical full moon on or after 21 March, so between 22 March and 25 April."""
    a, b, c = year % 19, year // 100, year % 100
    d, e = divmod(b, 4)
    g = (8 * b + 13) // 25
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    shift = (32 + 2 * e + 2 * i - h - k) % 7  # days from the full moon to the Sunday after it
    m = (a + 11 * h + 22 * shift) // 451
    month, day = divmod(h + shift - 7 * m + 114, 31)
    return date(year, month, day + 1)


# Windows of the year a target is measured over ("+20 % de CA pendant les soldes d'hiver", "Black Friday revenue"):
# the next occurrence is the horizon (its last day the deadline) and the one a year before the baseline, so that
# the review compares the same window of two years. Their dates follow a rule of the calendar, said in the note.
SEASONS = ("black-friday-week", "black-friday", "cyber-monday", "bfcm", "holiday-season", "winter-sales",
           "summer-sales", "easter-weekend", "easter")
# The seasons of a single day: "by Black Friday", "by Easter" is that day, not the day before it starts
SEASON_DAYS = ("black-friday", "cyber-monday", "easter")
# "between the winter and summer sales": the days between two seasons (`between-winter-sales-and-summer-sales`)
_ONE = "|".join(SEASONS)
SEASON_NAME = rf"between-(?:{_ONE})-and-(?:{_ONE})|{_ONE}"
# `during-winter-sales` (the window), `before-winter-sales` (the day before it starts), `2027-...` (that year's);
# `black-friday` alone is the day as a deadline ("by Black Friday")
_SEASON_LABEL = re.compile(r"(?:(?P<year>\d{4})-)?(?:(?P<during>during-)|(?P<before>before-))?(?P<season>"
                           + SEASON_NAME + ")")


def season_dates(season: str, year: int) -> tuple[date, date]:
    """The first and last day of a season in `year`. Black Friday is the day after the fourth Thursday of November;
    the French sales (Code de commerce, art. D310-15-2) last 4 weeks from the second Wednesday of January (the
    first when the second falls after the 12th) and from the last Wednesday of June (the one before when the last
    falls after the 28th); the holiday season is November and December (as the US National Retail Federation counts it);
    Easter is Easter Sunday, its weekend Good Friday to Easter Monday."""
    if m := re.fullmatch(rf"between-({_ONE})-and-({_ONE})", season):  # from the day after the first ends to the
        after = season_dates(m[1], year)[1] + timedelta(days=1)      # day before the next second starts
        second = season_dates(m[2], year)[0]
        if second < after:  # "between the summer and winter sales": the next year's winter sales
            second = season_dates(m[2], year + 1)[0]
        return after, second - timedelta(days=1)
    if season == "black-friday-week":  # Monday to Sunday, the week Black Friday falls in
        day = shopping_day("black-friday", year)
        return day - timedelta(days=day.weekday()), day + timedelta(days=6 - day.weekday())
    if season in ("black-friday", "cyber-monday"):
        day = shopping_day(season, year)
        return day, day
    if season == "bfcm":
        return shopping_day("black-friday", year), shopping_day("cyber-monday", year)
    if season == "easter":
        day = easter_sunday(year)
        return day, day
    if season == "easter-weekend":  # Good Friday to Easter Monday, the long weekend of the UK, Australia, Europe
        day = easter_sunday(year)
        return day - timedelta(days=2), day + timedelta(days=1)
    if season == "holiday-season":
        return date(year, 11, 1), date(year, 12, 31)
    if season == "winter-sales":
        first = date(year, 1, 1) + timedelta(days=(2 - date(year, 1, 1).weekday()) % 7)
        start = first + timedelta(days=7) if (first + timedelta(days=7)).day <= 12 else first
    else:
        june_end = date(year, 6, 30)
        last = june_end - timedelta(days=(june_end.weekday() - 2) % 7)
        start = last if last.day <= 28 else last - timedelta(days=7)
    return start, start + timedelta(days=27)


def is_season(label: str) -> bool:
    """A horizon label naming a window of the year (`during-winter-sales`, `2027-during-black-friday`), not a
    deadline."""
    m = _SEASON_LABEL.fullmatch(label)
    return m is not None and m["during"] is not None


def season_of(label: str, today: date) -> tuple[str, int] | None:
    """(season, year) of the occurrence a season label names: its year's, else the next one not over by `today`
    (whose start is after `today` for a deadline before it)."""
    m = _SEASON_LABEL.fullmatch(label)
    if m is None:
        return None
    if m["year"]:
        return m["season"], int(m["year"])
    for year in (today.year - 1, today.year, today.year + 1):  # the year before: a window ending in January
        start, end = season_dates(m["season"], year)
        if (start > today if m["before"] else end >= today):
            return m["season"], year
    return m["season"], today.year + 1


def season_period(season: str, year: int) -> str:
    """A season's occurrence as a spec period: a day (`2026-11-27`) or a range (`2026-01-07..2026-02-03`)."""
    start, end = season_dates(season, year)
    return start.isoformat() if start == end else f"{start.isoformat()}..{end.isoformat()}"


# A named day as a recurring `--MM-DD` (ISO 8601), due on its next occurrence: Christmas Eve for "d'ici Noël"
# (the season is over by the 25th), the end of June for "avant l'été", the end of August for "d'ici la rentrée".
_NAMED_DAYS = {"noel": "--12-24", "christmas": "--12-24", "xmas": "--12-24", "ete": "--06-30", "summer": "--06-30",
               "rentree": "--08-31", "back to school": "--08-31", "back-to-school": "--08-31"}


def _date_label(year: int, month: int, day: int) -> str | None:
    try:
        return date(year, month, day).isoformat()
    except ValueError:
        return None


def _month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def _add_months(day: date, months: int) -> date:
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    return date(year, month + 1, min(day.day, calendar.monthrange(year, month + 1)[1]))


def _end_after(month_end: date, months: int) -> date:
    """The month end `months` months after a month end (the end of the next quarter, half...)."""
    start = _add_months(month_end.replace(day=1), months)
    return _month_end(start.year, start.month)


def resolve_deadline(label: str, today: date) -> date:
    """The last day a horizon label allows, read against `today` for the labels without a year."""
    if re.fullmatch(r"\d{4}", label):
        return date(int(label), 12, 31)
    if m := re.fullmatch(r"(\d{4})-Q([1-4])", label):
        return _month_end(int(m[1]), int(m[2]) * 3)
    if m := re.fullmatch(r"(\d{4})-H([12])", label):
        return _month_end(int(m[1]), int(m[2]) * 6)
    if m := re.fullmatch(r"(\d{4})-(\d\d)", label):
        return _month_end(int(m[1]), int(m[2]))
    if re.fullmatch(r"\d{4}-\d\d-\d\d", label):
        return date.fromisoformat(label)
    if m := re.fullmatch(r"Q([1-4])", label):
        end = _month_end(today.year, int(m[1]) * 3)
        return end if end >= today else _month_end(today.year + 1, int(m[1]) * 3)
    if m := re.fullmatch(r"H([12])", label):
        end = _month_end(today.year, int(m[1]) * 6)
        return end if end >= today else _month_end(today.year + 1, int(m[1]) * 6)
    if m := re.fullmatch(r"--(\d\d)-(\d\d)", label):
        day = date(today.year, int(m[1]), int(m[2]))
        return day if day >= today else date(today.year + 1, int(m[1]), int(m[2]))
    if (m := _SEASON_LABEL.fullmatch(label)) and (m["year"] or m["before"] or m["during"]):
        season, year = season_of(label, today)  # type: ignore[misc]
        start, end = season_dates(season, year)
        return start - timedelta(days=1) if m["before"] else end
    if label in SEASON_DAYS:
        day = season_dates(label, today.year)[0]  # the next one: "by Black Friday" written on the day is next year's
        return day if day > today else season_dates(label, today.year + 1)[0]
    if m := re.fullmatch(r"M(\d\d)", label):
        end = _month_end(today.year, int(m[1]))
        return end if end >= today else _month_end(today.year + 1, int(m[1]))
    if m := re.fullmatch(r"P(\d+)([DWMY])", label):
        count, unit = int(m[1]), m[2]
        if unit == "D":
            return today + timedelta(days=count)
        if unit == "W":
            return today + timedelta(weeks=count)
        return _add_months(today, count * (12 if unit == "Y" else 1))
    quarter_end = _month_end(today.year, ((today.month - 1) // 3 + 1) * 3)
    half_end = _month_end(today.year, 6 if today.month <= 6 else 12)
    named = {
        "year": date(today.year, 12, 31),
        "next-year": date(today.year + 1, 12, 31),
        "quarter": quarter_end,
        "next-quarter": _end_after(quarter_end, 3),
        "half": half_end,
        "next-half": _end_after(half_end, 6),
        "month": _month_end(today.year, today.month),
        "next-month": _end_after(_month_end(today.year, today.month), 1),
        "week": today + timedelta(days=6 - today.weekday()),
    }
    if label in named:
        return named[label]
    raise ValueError(f"unknown horizon label {label!r}")


# The window a metric is measured over ("sur 12 mois glissants", "rolling 12 months", "LTM"): part of the metric,
# never a deadline.
WINDOW = re.compile(
    r"(?<![a-z0-9])(?:"
    r"(?:(?:sur|en)\s+)?(?:les\s+)?(?P<n1>\d{1,3})\s+(?:derniers\s+)?(?P<u1>mois|semaines|jours)\s+glissant(?:e)?s"
    r"|(?:(?:over|on|in)\s+)?(?:a\s+|the\s+)?(?:rolling|trailing)\s+(?P<n2>\d{1,3})[\s-]?(?P<u2>months?|weeks?|days?)"
    r"(?:\s+basis)?"
    r"|(?:(?:over|on|in)\s+)?(?:a\s+|the\s+)?(?P<n3>\d{1,3})[\s-]?(?P<u3>months?|weeks?|days?)\s+rolling(?:\s+basis)?"
    r"|(?:(?:sur|en)\s+)?(?:cumul\s+annuel|annee|cumul)\s+glissant(?:e)?(?:\s+sur\s+12\s+mois)?"
    r"|(?:over\s+the\s+)?(?:ttm|ltm|last\s+twelve\s+months)"
    # "sans vente depuis 6 mois", "with no sales in the last 6 months": what the metric looks back over
    r"|depuis\s+(?:plus\s+de\s+|au\s+moins\s+)?(?P<n4>\d{1,3})\s+(?P<u4>mois|semaines|jours)"
    r"|(?:in|over|for|during)\s+the\s+(?:last|past)\s+(?P<n5>\d{1,3})\s+(?P<u5>months?|weeks?|days?)"
    r"|(?P<ytd>ytd|year[\s-]to[\s-]date|(?:en\s+)?cumul\s+depuis\s+(?:le\s+)?(?:debut\s+de\s+l'?\s*annee|janvier)|"
    r"depuis\s+le\s+debut\s+de\s+l'?\s*annee)"
    r")(?![a-z0-9])"
)
_WINDOW_UNITS = {"mois": "M", "month": "M", "months": "M", "semaines": "W", "week": "W", "weeks": "W",
                 "jours": "D", "day": "D", "days": "D"}


def window_label(match: re.Match[str]) -> str:
    """`P12M` for "sur 12 mois glissants", "rolling 12-month", "LTM", "cumul annuel glissant"."""
    if match.group("ytd"):
        return "YTD"
    for n, unit in (("n1", "u1"), ("n2", "u2"), ("n3", "u3"), ("n4", "u4"), ("n5", "u5")):
        if match.group(n):
            return f"P{int(match.group(n))}{_WINDOW_UNITS[match.group(unit)]}"
    return "P12M"


WINDOW_WORDS = {"M": ("mois", "months"), "W": ("semaines", "weeks"), "D": ("jours", "days")}


def window_words(label: str, lang: str) -> str:
    """The rewrite's words for a window: "sur 12 mois glissants" / "over a rolling 12 months"."""
    if label == "YTD":
        return "en cumul depuis le début de l'année" if lang == "fr" else "year to date"
    m = re.fullmatch(r"P(\d+)([MWD])", label)
    if m is None:
        return ""
    unit = WINDOW_WORDS[m[2]][0 if lang == "fr" else 1]
    return f"sur {m[1]} {unit} glissants" if lang == "fr" else f"over a rolling {m[1]} {unit}"


_MONTH_NAMES = ("janvier", "fevrier", "mars", "avril", "mai", "juin", "juillet", "aout", "septembre", "octobre",
                "novembre", "decembre", "january", "february", "march", "april", "may", "june", "july", "august",
                "september", "october", "november", "december")
# One week or one day, as rewrites of a target per week or per day say their baseline: "semaine du 5 janvier
# 2026", "the week of 5 January 2026", "14 janvier 2026", 2026-W02, 2026-01-14.
# A week by its number: "semaine 14 de 2026", "la semaine n° 14 de 2026", "sem. 14 2026", "S14 2026", "week 14 of
# 2026", "W14 2026" ("S1 2026", "S2 2026" are halves: a week said with an S has a number above 2)
_WEEK_NUMBER = (r"(?:la\s+)?(?:(?:semaine|sem\.?|week|wk)\s*(?:n°\s*|no\.?\s*|#\s*)?(?:[1-9]|[0-5]\d)|(?:s|w)(?:[3-9]|[0-5]\d))"
                r"(?:\s+(?:de\s+|d'\s*|of\s+)|\s*,\s*|\s+)20\d\d")
_WEEK_NUMBER_PARTS = re.compile(r"(?:la\s+)?(?:(?:semaine|sem\.?|week|wk)\s*(?:n°\s*|no\.?\s*|#\s*)?([1-9]|[0-5]\d)|"
                                r"(?:s|w)([3-9]|[0-5]\d))(?:\s+(?:de\s+|d'\s*|of\s+)|\s*,\s*|\s+)(20\d\d)")
_DAY_OR_WEEK = (r"(?:(?:(?:la\s+)?semaine\s+du|(?:the\s+)?week\s+of)\s+)?(?:le\s+)?(?:1er|[0-3]?\d)\s+(?:"
                + "|".join(_MONTH_NAMES) + r")\s+20\d\d|20\d\d-w[0-5]\d|20\d\d-[01]\d-[0-3]\d|[0-3]?\d/[01]?\d/20\d\d|"
                + _WEEK_NUMBER)
# Baseline periods: "par rapport à 2025", "vs Q4 2025", "vs last year".
BASELINE = re.compile(
    r"(?<![a-z0-9])(?:par\s+rapport\s+(?:a|au)|vs\.?|versus|contre|compare(?:e|s)?\s+(?:a|au|to|with)|relative\s+to|against|"
    r"sur\s+la\s+base\s+de|base(?:line)?(?:\s*:)?|by\s+comparison\s+with|(?<=mieux\s)(?:que|qu')|(?<=better\s)than)\s*"
    r"(?:(?:la\s+)?fin\s+(?:de\s+)?|(?:the\s+)?end\s+of\s+)?"  # "par rapport à fin 2025": that year's
    r"(?:(?:l'?\s*annee|the\s+year|l'?\s*exercice)\s+)?"
    r"(?:le\s+(?=[qt][1-4](?![a-z0-9])|[hs][12](?![a-z0-9])))?"  # "vs le T3 2025", "par rapport au S1 2025"
    r"(?P<period>" + _DAY_OR_WEEK + r"|"
    r"(?:" + "|".join(_MONTH_NAMES) + r")\s+20\d\d|"  # "(baseline December 2025)", "vs décembre 2025": that month
    r"20\d\d(?:-(?:q[1-4]|[hs][12]|0[1-9]|1[0-2])(?![\d-]))?|(?:q|t)[1-4]\s+20\d\d|(?:h|s)[12]\s+20\d\d|"
    # "+0,5 pt vs S1", "vs le T3": the last such period (never the horizon); "vs T3 N-1" is dated by its N-1
    r"(?:q|t)[1-4](?!\s*n\s?-\s?1)|(?:h|s)[12](?!\s*n\s?-\s?1)|"
    r"fy\s*'?(?:20)?\d\d|"  # "vs FY25"
    r"l'?\s*an(?:nee)?\s+(?:derniere?|passee?)|(?:the\s+)?last\s+year|(?:le\s+)?trimestre\s+dernier|(?:the\s+)?last\s+quarter|n-1|ly)"
    r"(?![a-z0-9])"
)


# "N-1", "M-1" said anywhere, not only after "vs" ("3,2 M€ vs 2,9 M€ N-1", "CA (N-1 : 2,9 M€)"): the year or the
# month before, never the number 1.
PREVIOUS_PERIOD = re.compile(r"(?<![a-z0-9])(?:en\s+)?(?P<unit>[nm])\s?-\s?1(?![0-9])")


# A change said year over year: the baseline is the same period last year.
QUARTER_OVER_QUARTER = re.compile(r"(?<![a-z0-9])(?:qoq|q/q|quarter[\s-]+(?:over|on)[\s-]+quarter|"
                                  r"vs\.?\s+(?:le\s+)?trimestre\s+precedent|d'?\s*un\s+trimestre\s+(?:sur|a)\s+l'?\s*autre)(?![a-z0-9])")
HALF_OVER_HALF = re.compile(r"(?<![a-z0-9])(?:hoh|h/h|half[\s-]+(?:over|on)[\s-]+half|semestre\s+sur\s+semestre|"
                            r"vs\.?\s+(?:le\s+)?semestre\s+precedent)(?![a-z0-9])")
MONTH_OVER_MONTH = re.compile(r"(?<![a-z0-9])(?:mom|m/m|month[\s-]+(?:over|on)[\s-]+month|mois\s+sur\s+mois|"
                              r"vs\.?\s+(?:le\s+)?mois\s+precedent|vs\.?\s+m-1|d'?\s*un\s+mois\s+(?:sur|a)\s+l'?\s*autre)(?![a-z0-9])")
YEAR_OVER_YEAR = re.compile(r"(?<![a-z0-9])(?:yoy|y/y|year[\s-]+(?:over|on)[\s-]+year|(?:en\s+)?glissement\s+annuel|"
                            r"d'?\s*une\s+annee\s+(?:sur|a)\s+l'?\s*autre)"
                            r"(?![a-z0-9])")
# "up 10% on last year" (British), "-3 % l'an dernier": last year with no "vs" is a baseline too (a "vs" before it
# makes the longer BASELINE match, which wins)
LAST_YEAR = re.compile(r"(?<![a-z0-9])(?:(?:(?:on|over)\s+)?(?:the\s+)?(?:last|previous|prior)\s+year|"
                       r"l'?\s*an(?:nee)?\s+(?:derniere?|precedente?|passee?))(?![a-z0-9])")


def baseline_label(raw: str) -> str:
    text = re.sub(r"\s+", " ", raw.strip())
    if m := re.fullmatch(r"(?:(?:la )?semaine du |(?:the )?week of )?(?:le )?(1er|\d{1,2}) ([a-z]+) (20\d\d)", text):
        day = _day(int(m[3]), _MONTH_NAMES.index(m[2]) % 12 + 1, 1 if m[1] == "1er" else int(m[1]))
        if day is not None:
            if "week" in text or "semaine" in text:
                iso = day.isocalendar()
                return f"{iso.year}-W{iso.week:02d}"
            return day.isoformat()
    if (m := re.fullmatch(r"([a-z]+) (20\d\d)", text)) and m[1] in _MONTH_NAMES:
        return f"{m[2]}-{_MONTH_NAMES.index(m[1]) % 12 + 1:02d}"
    if re.fullmatch(r"20\d\d-w\d\d", text):
        return text.upper()
    if m := re.fullmatch(_WEEK_NUMBER_PARTS, text):
        number, year = int(m[1] or m[2]), int(m[3])  # "semaine 14 de 2026": that ISO week, if the year has it
        if 1 <= number <= date(year, 12, 28).isocalendar().week:
            return f"{year}-W{number:02d}"
    if (m := re.fullmatch(r"(\d{1,2})/(\d{1,2})/(20\d\d)", text)) and _day(int(m[3]), int(m[2]), int(m[1])):
        return _day(int(m[3]), int(m[2]), int(m[1])).isoformat()  # "par rapport au 31/12/2025"
    if re.fullmatch(r"20\d\d-\d\d-\d\d", text) and _day(int(text[:4]), int(text[5:7]), int(text[8:])):
        return text
    if m := re.fullmatch(r"(?:q|t)([1-4]) (20\d\d)", text):
        return f"{m[2]}-Q{m[1]}"
    if m := re.fullmatch(r"(?:h|s)([12]) (20\d\d)", text):
        return f"{m[2]}-H{m[1]}"
    if m := re.fullmatch(r"(20\d\d)-(?:q)([1-4])", text):
        return f"{m[1]}-Q{m[2]}"
    if m := re.fullmatch(r"(20\d\d)-(?:h|s)([12])", text):
        return f"{m[1]}-H{m[2]}"
    if re.fullmatch(r"20\d\d(-\d\d)?", text):
        return text
    if m := re.fullmatch(r"(?:q|t)([1-4])|(?:h|s)([12])", text):  # "vs T3", "vs S1": the last one (see resolve_baseline)
        return f"Q{m[1]}" if m[1] else f"H{m[2]}"
    if m := re.fullmatch(r"fy\s*'?(?:20)?(\d\d)", text):  # "vs FY25": that fiscal year, as a horizon "FY25" is
        return f"20{m[1]}"
    if "trimestre" in text or "quarter" in text:
        return "last-quarter"
    return "last-year"


def _day(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def resolve_baseline(label: str, today: date, deadline: date | None = None, horizon: str | None = None) -> str:
    """A baseline label as a spec period (`last-year` -> `2025` when today is in 2026; `year-over-year` -> the year
    before the deadline's, so "+20 % YoY en 2027" is measured against 2026). "vs LY", "vs N-1", "vs last year" are
    said of the target's year, as YoY is: "+15 % vs LY en 2027" is measured against 2026, whatever today is.

    When the horizon names a quarter or a half (`horizon` label `2027-Q2`, `Q3`, `2027-H1`), the target is that
    period's value: "Q2 2027 +10 % vs LY" compares Q2 2027 with Q2 2026 (a year's value as baseline would be judged
    on a window of a year overlapping it), and "QoQ" compares it with the quarter just before it ("H/H" a half with the half before it)."""
    season = season_of(horizon, deadline) if horizon and deadline and is_season(horizon) else None
    if season is not None:  # the same window of another year: the year before's, or the year the sentence names
        name, year = season
        if m := re.fullmatch(r"(\d{4})(?:-(?:" + SEASON_NAME + "))?", label):
            return season_period(name, int(m[1]))
        if label in ("season-before", "year-over-year", "last-year"):
            return season_period(name, year - 1)
    if m := re.fullmatch(r"([QH])([1-4])", label):  # "(Q2: 3.6%)": the last such period ending by the deadline
        grain, index = m[1], int(m[2])
        end_month = index * (3 if grain == "Q" else 6)
        limit = deadline or today
        year = limit.year if (limit.month, limit.day) >= (end_month, 28) else limit.year - 1
        return f"{year}-{grain}{index}"
    if label == "last-month":  # "MoM": the month before the horizon's month, or the last full month before today
        month = re.fullmatch(r"(?:(\d{4})-|M)(\d\d)", horizon or "")
        end = (deadline if month and deadline else today).replace(day=1) - timedelta(days=1)
        return f"{end.year}-{end.month:02d}"
    period = _named_period(horizon, deadline) if horizon and deadline else None
    if period is not None and label in ("year-over-year", "last-year"):
        grain, year, index = period
        return f"{year - 1}-{grain}{index}"
    if period is not None and label == "last-quarter" and period[0] == "Q":
        _, year, q = period
        return f"{year}-Q{q - 1}" if q > 1 else f"{year - 1}-Q4"
    if label in ("year-over-year", "last-year"):
        return str((deadline or today).year - 1)
    if period is not None and label == "last-half" and period[0] == "H":
        _, year, h = period
        return f"{year}-H1" if h == 2 else f"{year - 1}-H2"
    if label == "last-half":  # the last full half before today
        return f"{today.year}-H1" if today.month > 6 else f"{today.year - 1}-H2"
    if label == "last-quarter":
        q = (today.month - 1) // 3 + 1
        year, q = (today.year, q - 1) if q > 1 else (today.year - 1, 4)
        return f"{year}-Q{q}"
    return label


def _named_period(horizon: str, deadline: date) -> tuple[str, int, int] | None:
    """("Q", 2027, 2) for a horizon naming a quarter (`2027-Q2`, `Q2`), ("H", 2027, 1) for a half; the year is the
    deadline's (a quarter without a year is the next one)."""
    if m := re.fullmatch(r"(?:\d{4}-)?([QH])([1-4])", horizon):
        return m[1], deadline.year, int(m[2])
    return None


__all__ = ["BASELINE", "HALF_OVER_HALF", "LAST_YEAR", "MONTH_OVER_MONTH", "QUARTER_OVER_QUARTER", "SEASONS", "SEASON_DAYS", "SEASON_NAME", "STARTING", "WINDOW", "YEAR_OVER_YEAR", "Horizon", "baseline_label",
           "horizon_label", "horizon_patterns", "is_season", "resolve_baseline", "resolve_deadline", "season_dates",
           "season_of", "season_period", "window_label", "window_words"]
