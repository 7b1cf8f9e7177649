"""Sentence text made comparable: lower case, no accents, plain quotes and spaces, with a map back to the original."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from kpiguard._i18n import Message

SENTENCE_LIMIT = 5_000  # characters: a KPI sentence has a few dozen, a pasted paragraph a thousand
TOO_LONG = Message(
    en="a sentence of {length} characters ({start!r}...), over the limit of {limit} for a KPI sentence: is it a "
       "whole document? Write one KPI per line",
    fr="une phrase de {length} caractères ({start!r}...), au-delà de la limite de {limit} pour une phrase de KPI : "
       "est-ce un document entier ? Écrivez un KPI par ligne")

_SPECIAL = {
    "œ": "oe", "æ": "ae", "ß": "ss",
    "\u2019": "'", "\u2018": "'", "`": "'", "\u00b4": "'", "\u02bc": "'",
    "\u201c": '"', "\u201d": '"', "\u00ab": '"', "\u00bb": '"',
    "\u00a0": " ", "\u202f": " ", "\u2009": " ", "\u2007": " ", "\t": " ", "\n": " ", "\r": " ",
    "\u2013": "-", "\u2014": "-", "\u2212": "-", "\u2011": "-",
    # a bullet inside a line pasted from Slack or a slide separates two parts, as a semicolon does
    "\u2022": ";", "\u25aa": ";", "\u25ba": ";", "\u25e6": ";", "\u25b8": ";", "\u2023": ";", "\u2043": ";",
}


@dataclass(frozen=True, slots=True)
class Text:
    """A normalized sentence; `offsets[i]` is the index in `original` of the character `norm[i]` came from."""

    original: str
    norm: str
    offsets: tuple[int, ...]

    def source(self, start: int, end: int) -> str:
        """The original text behind the normalized span [start, end)."""
        if start >= end:
            return ""
        first = self.offsets[start]
        last = self.offsets[end - 1] + 1
        return self.original[first:last]


def normalize_char(char: str) -> str:
    if char in _SPECIAL:
        return _SPECIAL[char]
    lowered = char.lower()
    decomposed = unicodedata.normalize("NFKD", lowered)
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    return stripped or lowered


def normalize(text: str) -> Text:
    """Lower-case, strip accents and map typographic quotes, dashes and spaces to plain ones."""
    pieces: list[str] = []
    offsets: list[int] = []
    for index, char in enumerate(text):
        mapped = normalize_char(char)
        pieces.append(mapped)
        offsets.extend([index] * len(mapped))
    return Text(text, "".join(pieces), tuple(offsets))


def fold(text: str) -> str:
    """Just the normalized string (for lexicon entries and comparisons)."""
    return normalize(text).norm


# A word glued to a number in a unit, or a percent glued to a word ("revenue10%", "AOV$70", "+10%revenue"): typed
# fast, read as if spaced. Only words of three letters or more, and numbers with a unit or a scale, so that "Q4",
# "FY26", "H2", "KR1", "x2" and "90d" stay as they are.
_GLUED = re.compile(r"(?<=[a-z]{3})(?=[+-]?\d+(?:[.,]\d+)?\s?(?:%|(?:pts?|pp|bps|k|m)(?![a-z])))"
                    r"|(?<=[a-z]{3})(?=[$€£]\s?\d)|(?<=\d%)(?=[a-z]{3})"
                    # "à 48h", "72hrs": hours glued to their number, read as "48 heures" ("2h30", "H1" stay as they are)
                    r"|(?<=\d)(?=(?:h|hrs?)(?![a-z0-9]))"
                    # "from c.20% to 24%", "approx.€2M": an abbreviation of about, its dot glued to the number
                    r"|(?<=(?<![a-z])c\.)(?=[$€£]?\d)|(?<=approx\.)(?=[$€£]?\d)|(?<=circa\.)(?=[$€£]?\d)")
# Shorthand of notes and Slack for a word the lexicon knows: "w/o raising unsubscribes".
_SHORTHAND = {"w/o": "without", "w/out": "without", "wo/": "without"}
_SHORTHAND_RE = re.compile(r"(?<![a-z0-9/])(?:" + "|".join(re.escape(k) for k in _SHORTHAND) + r")(?![a-z0-9/])")


def unglue(text: Text) -> Text:
    """The same sentence with a space where a word and a number were glued (the space maps to the number) and
    shorthand spelt out (its letters map to the shorthand's)."""
    edits = [(m.start(), m.start(), " ") for m in _GLUED.finditer(text.norm)]
    edits += [(m.start(), m.end(), _SHORTHAND[m.group(0)]) for m in _SHORTHAND_RE.finditer(text.norm)]
    if not edits:
        return text
    norm: list[str] = []
    offsets: list[int] = []
    last = 0
    for start, end, insert in sorted(edits):
        norm.append(text.norm[last:start] + insert)
        offsets.extend(text.offsets[last:start])
        source = text.offsets[start:end] or (text.offsets[start],)
        offsets.extend(source[min(n * len(source) // len(insert), len(source) - 1)] for n in range(len(insert)))
        last = end
    norm.append(text.norm[last:])
    offsets.extend(text.offsets[last:])
    return Text(text.original, "".join(norm), tuple(offsets))


def too_long(sentence: str, lang: str | None = None) -> str | None:
    """Why `sentence` is refused, in `lang` (default: the language in force), when it is longer than SENTENCE_LIMIT;
    else None. Reading one costs time that grows faster than its length: 100,000 characters on one line ran 14 s."""
    if len(sentence) <= SENTENCE_LIMIT:
        return None
    from kpiguard._i18n import get_lang
    from kpiguard._numbers import format_number

    shown = lang or get_lang()
    return TOO_LONG.render(shown, length=format_number(len(sentence), shown), start=sentence[:40],
                           limit=format_number(SENTENCE_LIMIT, shown))
