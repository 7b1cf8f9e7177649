"""Message language: every user-facing sentence exists in English and French."""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Literal, Self

from kpiguard._locale import environment_lang

Lang = Literal["en", "fr"]
LANGS: tuple[Lang, ...] = ("en", "fr")

_current: ContextVar[Lang | None] = ContextVar("kpiguard_lang", default=None)


def supported_lang(value: str | None) -> Lang | None:
    """`en`, `FR`, `fr_FR.UTF-8`, `en-GB`... as a supported language; None for any other language (`de`).

    The C and POSIX locales (`C.UTF-8`, what `$LANG` often holds in containers) name no language: English.
    """
    primary = re.split(r"[-_.@]", (value or "").strip().lower(), maxsplit=1)[0]
    if primary in ("c", "posix"):
        return "en"
    return primary if primary in LANGS else None  # type: ignore[return-value]


def normalize_lang(value: str | None) -> Lang:
    """Map `fr`, `fr_FR.UTF-8`, `FR`... to a supported language; English otherwise."""
    if value and value.strip().lower().startswith("fr"):
        return "fr"
    return "en"


def get_lang() -> Lang:
    """The language in force: set explicitly (`--lang`), else $KPIGUARD_LANG, else the system locale (LANGUAGE,
    LC_ALL, LC_MESSAGES, LANG: `fr_FR.UTF-8` is French), else English."""
    lang = _current.get()
    if lang is not None:
        return lang
    return environment_lang()  # type: ignore[return-value]


def set_lang(lang: str | None) -> None:
    _current.set(normalize_lang(lang) if lang else None)


@contextmanager
def speaking(lang: str) -> Iterator[None]:
    """Messages rendered in `lang` inside the block, the language in force restored after it."""
    token = _current.set(normalize_lang(lang))
    try:
        yield
    finally:
        _current.reset(token)


@dataclass(frozen=True, slots=True)
class Message:
    """A sentence in both languages, with `str.format` placeholders."""

    en: str
    fr: str

    def render(self, lang: str | None = None, /, **values: object) -> str:
        lang = lang or get_lang()
        template = self.fr if lang == "fr" else self.en
        if not values:
            return template
        for value in values.values():
            if isinstance(value, Localized):  # a sentence rendered in every language is taken in this one
                values = {k: v.in_lang(lang) if isinstance(v, Localized) else v for k, v in values.items()}
                break
        if lang == "fr" and any(isinstance(v, Articled) for v in values.values()):
            template, values = _contracted(template, values)
        return template.format(**values)

    __call__ = render  # a message is called far more often than anything else in a lint: no extra call

    def localized(self, **values: object) -> Localized:
        """The sentence in the language in force, keeping the others: for a text made once (a metric's reason)
        that a review then writes in each of its languages."""
        return Localized({lang: self.render(lang, **values) for lang in LANGS}, get_lang())


class Articled(str):
    """A French noun phrase said with its article ("le T2 2026", "la semaine 14 de 2026"), as a period is inside a
    sentence: `Message` contracts "de le" / "à le" into "du" / "au" before it, and drops the article where the value
    is a label (in brackets, or opening the sentence: "(T2 2026)"). Other values are never touched."""

    bare: str

    def __new__(cls, text: str) -> Self:
        said = super().__new__(cls, text)
        said.bare = text.split(" ", 1)[1] if text.startswith(("le ", "la ", "les ", "l'")) and " " in text else text
        if text.startswith("l'"):
            said.bare = text[2:]
        return said


# "de {period}" / "à {period}" before a value said with "le" or "les": French contracts them ("la fin du T2 2026",
# "par rapport au T2 2026"); "la semaine", "l'été" are kept as they are
_BEFORE_VALUE = re.compile(r"(?<![\w'’])([dD]e|[àÀ]) \{(\w+)([!:][^{}]*)?\}")
# a value in brackets or opening the sentence is a label, not a complement: "(T2 2026)", not "(le T2 2026)"
_NO_ARTICLE = re.compile(r"(^|[(\[])\{(\w+)([!:][^{}]*)?\}")
_CONTRACTED = {("de", "le"): "du", ("de", "les"): "des", ("à", "le"): "au", ("à", "les"): "aux"}


def _contracted(template: str, values: dict[str, object]) -> tuple[str, dict[str, object]]:
    """The French template with "de"/"à" contracted with the article of an `Articled` value, which is then given
    without it; a label's article dropped."""
    values = dict(values)

    def contract(m: re.Match[str]) -> str:
        value = values.get(m[2])
        article = str(value).split(" ", 1)[0]
        if not isinstance(value, Articled) or (m[1].lower(), article) not in _CONTRACTED:
            return m[0]
        word = _CONTRACTED[(m[1].lower(), article)]
        values[f"{m[2]}__bare"] = value.bare
        return f"{word.capitalize() if m[1][0].isupper() else word} {{{m[2]}__bare{m[3] or ''}}}"

    def bare(m: re.Match[str]) -> str:
        value = values.get(m[2])
        if not isinstance(value, Articled):
            return m[0]
        values[f"{m[2]}__bare"] = value.bare
        return f"{m[1]}{{{m[2]}__bare{m[3] or ''}}}"

    return _NO_ARTICLE.sub(bare, _BEFORE_VALUE.sub(contract, template)), values


class Localized(str):
    """A str in the language in force that carries its translations (`in_lang`)."""

    def __new__(cls, texts: dict[str, str], lang: str) -> Self:
        text = super().__new__(cls, texts.get(lang) or next(iter(texts.values())))
        text.texts = dict(texts)
        return text

    def in_lang(self, lang: str) -> str:
        return self.texts.get(lang) or str(self)


def pick(texts: dict[str, str] | str | None, lang: str | None = None) -> str:
    """Choose one language from `{en: ..., fr: ...}` (or return a plain string as is)."""
    if texts is None:
        return ""
    if isinstance(texts, str):
        return texts
    lang = lang or get_lang()
    return texts.get(lang) or texts.get("en") or next(iter(texts.values()), "")


UNSUPPORTED_LANG = Message(
    en="{where}: unsupported language {value!r}: write en (English) or fr (French)",
    fr="{where} : langue non prise en charge {value!r} : écrivez en (anglais) ou fr (français)",
)


def unsupported_lang_message(where: str, value: str) -> str:
    """The error for a language kpiguard does not speak, in both languages (the one wanted is unknown)."""
    return "\n".join(UNSUPPORTED_LANG.render(lang, where=where, value=value) for lang in LANGS)
