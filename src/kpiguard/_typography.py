"""French typography of the outputs: a colon, a semicolon, a question or exclamation mark, `%` and guillemets
never start a line, so the space before them (after `«`) is a no-break one: "Marge brute : −19,4 %"."""

from __future__ import annotations

import re

NBSP = "\u00a0"
NNBSP = "\u202f"
# an ordinary space before `:`, `%`, `»` takes a no-break space; before `;`, `?`, `!` a narrow one (the
# Imprimerie nationale's rule); `« ` keeps its quote with the word that follows.
_BEFORE = re.compile(r" ([:%»])")
# (a `?` after a blank or an arrow is no mark but a value to fill: "FROM -> TO  ? -> 25 %")
_BEFORE_THIN = re.compile(r"(?<![\s>]) ([;?!])")
_AFTER_QUOTE = re.compile(r"« ")
# a number is never parted from its thousands (`1 200`, as a spec's statement writes it with an ordinary space) nor
# from the currency after it (`190 k€`, `10 M€`, `45 €`)
_THOUSANDS = re.compile(r"(?<![\d.,])(\d{1,3}) (?=\d{3}(?!\d))")
_CURRENCY = re.compile(r"(\d) ((?:k|M|Md|Mds)?[€$£¥])")


def french_spaces(text: str) -> str:
    """`text` with the spaces French typography does not break at made no-break (idempotent): before `:` or `%`,
    inside `1 200` and before the currency of `190 k€`."""
    text = _THOUSANDS.sub(r"\1" + NNBSP, text)
    text = _CURRENCY.sub(r"\1" + NBSP + r"\2", text)
    text = _BEFORE.sub(NBSP + r"\1", text)
    text = _BEFORE_THIN.sub(NNBSP + r"\1", text)
    return _AFTER_QUOTE.sub("«" + NBSP, text)


def typeset(text: str, lang: str) -> str:
    """`text` as the language's typography writes it (French spacing; English unchanged)."""
    return french_spaces(text) if lang == "fr" else text


# what a shell reads as one plain word; `\w` is Unicode here: an accented name (données/kpis.yaml) needs no quotes
_SHELL_PLAIN = re.compile(r"[\w@%+=:,./-]+")


def shell_word(value: object) -> str:
    """`value` (a path) as it must be typed in a command to paste: quoted when it holds a space or a character the
    shell interprets (`kpiguard review 'boutique été/kpis.yaml'`), as it is otherwise."""
    text = str(value)
    if _SHELL_PLAIN.fullmatch(text):
        return text
    return "'" + text.replace("'", "'\"'\"'") + "'"


__all__ = ["french_spaces", "shell_word", "typeset"]
