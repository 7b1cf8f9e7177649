"""French typography of the outputs: a colon, a semicolon, a question or exclamation mark, `%` and guillemets
never start a line, so the space before them (after `«`) is a no-break one: "Marge brute : −19,4 %"."""

from __future__ import annotations

import re

NBSP = "\u00a0"
NNBSP = "\u202f"
# an ordinary space before `:`, `%`, `»` takes a no-break space; before `;`, `?`, `!` a narrow one (the
# Imprimerie nationale's rule); `« ` keeps its quote with the word that follows.
_BEFORE = re.compile(r" ([:%»])")
_BEFORE_THIN = re.compile(r" ([;?!])")
_AFTER_QUOTE = re.compile(r"« ")


def french_spaces(text: str) -> str:
    """`text` with the spaces French typography does not break at made no-break (idempotent)."""
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
