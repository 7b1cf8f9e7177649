"""Sentence text made comparable: lower case, no accents, plain quotes and spaces, with a map back to the original."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

_SPECIAL = {
    "œ": "oe", "æ": "ae", "ß": "ss",
    "\u2019": "'", "\u2018": "'", "`": "'", "\u00b4": "'", "\u02bc": "'",
    "\u201c": '"', "\u201d": '"', "\u00ab": '"', "\u00bb": '"',
    "\u00a0": " ", "\u202f": " ", "\u2009": " ", "\u2007": " ", "\t": " ", "\n": " ", "\r": " ",
    "\u2013": "-", "\u2014": "-", "\u2212": "-", "\u2011": "-",
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
