"""Message language: every user-facing sentence exists in English and French."""

from __future__ import annotations

import re
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
    """The language in force: set explicitly (`--lang`), else $KPIGUARD_LANG, else the system locale (LC_ALL,
    LC_MESSAGES, LANG: `fr_FR.UTF-8` is French), else English."""
    lang = _current.get()
    if lang is not None:
        return lang
    return environment_lang()  # type: ignore[return-value]


def set_lang(lang: str | None) -> None:
    _current.set(normalize_lang(lang) if lang else None)


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
                return template.format(**{k: v.in_lang(lang) if isinstance(v, Localized) else v
                                          for k, v in values.items()})
        return template.format(**values)

    __call__ = render  # a message is called far more often than anything else in a lint: no extra call

    def localized(self, **values: object) -> Localized:
        """The sentence in the language in force, keeping the others: for a text made once (a metric's reason)
        that a review then writes in each of its languages."""
        return Localized({lang: self.render(lang, **values) for lang in LANGS}, get_lang())


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
