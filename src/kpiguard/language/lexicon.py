"""The lexicon (lexicon.yaml) loaded and compiled: every phrase becomes a regular expression on normalized text."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache
from importlib.resources import files
from typing import Any

from kpiguard.language.text import fold

WORD_CHARS = "a-z0-9"
# Between two words of a phrase: spaces, apostrophes or hyphens, or nothing ("e-shop", "eshop").
_SEP = r"[\s'\-()]*"  # "repeat purchase rate (90d)", "CA (email)": brackets separate words too


@dataclass(frozen=True, slots=True)
class Phrase:
    """One phrase of the lexicon: the category it belongs to (metric, scope, direction...), its value and language.

    `anchors` are the literal words of the phrase: a sentence that contains none of them cannot match it, so its
    regular expression is compiled (once) only when a sentence might (start-up stays fast with ~900 phrases).
    """

    category: str
    value: str
    lang: str | None
    text: str
    aliases: tuple[tuple[str, str], ...] = ()
    anchors: frozenset[str] = frozenset()

    @property
    def regex(self) -> re.Pattern[str]:
        return _compiled(self.text, self.aliases)

    def may_match(self, norm: str) -> bool:
        return not self.anchors or any(anchor in norm for anchor in self.anchors)


@cache
def _compiled(text: str, aliases: tuple[tuple[str, str], ...]) -> re.Pattern[str]:
    return compile_phrase(text, dict(aliases))


def anchors_of(pattern: str, aliases: dict[str, str], stopwords: frozenset[str]) -> frozenset[str]:
    """Literal words every match of a phrase contains (suffixes such as `(s)`, optional parts and alternatives
    dropped, alias words skipped): a sentence with none of them cannot match. Words of alternatives are no anchor:
    "without [more|higher]" must be tried on "without more than" although "more" is a stopword."""
    text = re.sub(r"(?<=[a-z0-9])\([a-z]+\)", "", fold(pattern))
    while (stripped := re.sub(r"[\[(][^\[\]()]*[\])]", " ", text)) != text:
        text = stripped
    words = set(re.findall(r"[a-z0-9]+", text))
    if words & set(aliases):
        return frozenset()  # the alias spellings (e-mail, mail) are not literal words
    return frozenset(w for w in words if len(w) >= 2 and w not in stopwords)


@dataclass
class Lexicon:
    raw: dict[str, Any]
    phrases: list[Phrase] = field(default_factory=list)
    stopwords: dict[str, frozenset[str]] = field(default_factory=dict)
    language_words: dict[str, frozenset[str]] = field(default_factory=dict)
    grammar: dict[str, dict[str, frozenset[str]]] = field(default_factory=dict)
    months: dict[str, int] = field(default_factory=dict)
    compose: dict[str, dict[str, dict[str, str]]] = field(default_factory=dict)
    implied: list[dict[str, Any]] = field(default_factory=list)
    horizons: list[tuple[re.Pattern[str], str]] = field(default_factory=list)

    def words(self, name: str, lang: str | None = None) -> frozenset[str]:
        table = self.grammar[name]
        if lang is None:
            return table["fr"] | table["en"]
        return table[lang]

    def synonyms(self, metric: str) -> list[str]:
        """Readable phrases naming a metric (for candidate lists and docs)."""
        entry = self.raw["metrics"].get(metric, {})
        return [p for lang in ("fr", "en") for p in entry.get(lang, [])]


def compile_phrase(pattern: str, aliases: dict[str, str]) -> re.Pattern[str]:
    """Turn `chiffre(s) d'affaires`, `[réachat|rachat] à 90 [jours|j]` into a regex on normalized text."""
    body = _compile_sequence(fold(pattern).strip(), aliases)
    first, last = fold(pattern).strip()[:1], fold(pattern).strip()[-1:]
    start = rf"(?<![{WORD_CHARS}])" if re.match(rf"[{WORD_CHARS}(\[]", first) else ""
    end = rf"(?![{WORD_CHARS}])" if re.match(rf"[{WORD_CHARS})\]]", last) else ""
    return re.compile(start + body + end)


def _compile_sequence(text: str, aliases: dict[str, str]) -> str:
    out: list[str] = []
    word = ""
    i = 0
    after_suffix = False  # "porté(e)(s) par": a second suffix follows the first, with no separator either

    def flush() -> None:
        nonlocal word
        if word:
            out.append(aliases.get(word, re.escape(word)))
            word = ""

    while i < len(text):
        char = text[i]
        if char in "([":
            closing = _matching(text, i)
            inner = text[i + 1:closing]
            if char == "(":
                suffix = bool(word) or after_suffix  # "chiffre(s)": an optional suffix, no separator
                flush()
                body = "|".join(_compile_sequence(a.strip(), aliases) for a in _split_top(inner, "|"))
                out.append(f"(?:(?:{body})" + ("" if suffix else _SEP) + ")?")
                after_suffix = suffix
                i = closing + 1
                continue
            else:
                flush()
                after_suffix = False
                alternatives = _split_top(inner, "|")
                out.append("(?:" + "|".join(_compile_sequence(a.strip(), aliases) for a in alternatives) + ")")
            i = closing + 1
            continue
        after_suffix = False
        if char in " '-":
            flush()
            if out and not out[-1].endswith(f"{_SEP})?") and out[-1] != _SEP:
                out.append(_SEP)
            i += 1
            continue
        if re.match(rf"[{WORD_CHARS}]", char):
            word += char
        else:
            flush()
            out.append(r"\s*" + re.escape(char) + r"\s*")
        i += 1
    flush()
    return "".join(out)


def _matching(text: str, start: int) -> int:
    opening, closing = text[start], {"(": ")", "[": "]"}[text[start]]
    depth = 0
    for i in range(start, len(text)):
        if text[i] == opening:
            depth += 1
        elif text[i] == closing:
            depth -= 1
            if depth == 0:
                return i
    raise ValueError(f"unbalanced {opening!r} in lexicon phrase {text!r}")


def _split_top(text: str, sep: str) -> list[str]:
    parts, depth, current = [], 0, ""
    for char in text:
        if char in "([":
            depth += 1
        elif char in ")]":
            depth -= 1
        if char == sep and depth == 0:
            parts.append(current)
            current = ""
        else:
            current += char
    parts.append(current)
    return parts


# Sections of lexicon.yaml that are matched as phrases: section -> category name.
_PHRASE_SECTIONS = ("metrics", "scopes", "directions", "guards", "thresholds", "cadences", "unsupported")
_FLAT_SECTIONS = {"share_words": "share", "baseline_words": "baseline", "current_words": "current",
                  "sku_nouns": "sku", "more_words": "more", "less_words": "less", "target_marks": "mark", "owner_words": "owner",
                  "context_words": "context"}
_GRAMMAR_SECTIONS = ("from_words", "to_words", "change_words", "at_words", "of_words", "stopwords", "language_words",
                     "team_names")


@cache
def load_lexicon() -> Lexicon:
    import yaml

    try:
        from yaml import CSafeLoader as Loader
    except ImportError:  # pragma: no cover
        from yaml import SafeLoader as Loader  # type: ignore[assignment]

    raw = yaml.load(files(__package__).joinpath("lexicon.yaml").read_text(encoding="utf-8"), Loader=Loader)
    aliases = {key: value for key, value in raw.get("aliases", {}).items()}
    lexicon = Lexicon(raw=raw)
    alias_items = tuple(sorted(aliases.items()))
    stop = frozenset(fold(str(w)) for words in raw["stopwords"].values() for w in words)

    def phrase(category: str, value: str, lang: str | None, text: str) -> Phrase:
        return Phrase(category, value, lang, text, alias_items, anchors_of(text, aliases, stop))

    category_of = {"metrics": "metric", "scopes": "scope", "directions": "direction", "guards": "guard",
                   "thresholds": "threshold", "cadences": "cadence", "unsupported": "unsupported"}
    for section in _PHRASE_SECTIONS:
        for value, by_lang in raw[section].items():
            for lang, phrases in by_lang.items():
                for text in phrases:
                    lexicon.phrases.append(phrase(category_of[section], str(value), lang, str(text)))
    for section, category in _FLAT_SECTIONS.items():
        for lang, phrases in raw[section].items():
            for text in phrases:
                lexicon.phrases.append(phrase(category, category, lang, str(text)))
    for section in _GRAMMAR_SECTIONS:
        lexicon.grammar[section] = {lang: frozenset(fold(str(w)) for w in words)
                                    for lang, words in raw[section].items()}
    for number, names in raw["months"].items():
        for name in names:
            lexicon.months[fold(name)] = int(number)
    for value, phrases in raw.get("changes", {}).items():
        for text in phrases:
            lexicon.phrases.append(phrase("fixed_change", str(value), None, str(text)))
    for value, phrases in raw.get("fractions", {}).items():
        for text in phrases:
            lexicon.phrases.append(phrase("fraction", str(value), None, str(text)))
    from kpiguard.language.horizons import horizon_patterns

    lexicon.horizons = horizon_patterns(lexicon.months)
    lexicon.compose = raw.get("compose", {})
    lexicon.implied = raw.get("implied", [])
    return lexicon


__all__ = ["Lexicon", "Phrase", "compile_phrase", "load_lexicon"]
