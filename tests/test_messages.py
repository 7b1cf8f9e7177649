"""Every user-facing message of every module exists in English and French, with the same placeholders."""

from __future__ import annotations

import importlib
import pkgutil
import re
import string

import pytest

import kpiguard
from kpiguard._i18n import Message

# Words French and English write the same way; a message made only of these needs no translation.
SAME_IN_BOTH = {"FROM -> TO", "horizon", "volume", "-", "cadence", "KPI", "KPIs", "Input", "Output", "Outcome",
                "input", "output", "outcome", "Guardrails", "Total", "Verdict", "Verdicts", "Ratio", "info",
                "Input / output / outcome", "Segment", "segment", "source", "Source", "ok"}


def _modules():
    for info in pkgutil.walk_packages(kpiguard.__path__, "kpiguard."):
        if info.name.endswith("__main__"):
            continue
        yield importlib.import_module(info.name)


def _found_in(value, where):
    if isinstance(value, Message):
        yield where, value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _found_in(item, f"{where}[{key!r}]") if isinstance(item, (Message, dict)) else ()
    elif isinstance(value, (list, tuple)):
        for i, item in enumerate(value):
            if isinstance(item, Message):
                yield f"{where}[{i}]", item


def _messages():
    seen: set[int] = set()
    for module in _modules():
        for attr, value in vars(module).items():
            candidates = list(_found_in(value, f"{module.__name__}.{attr}"))
            if isinstance(value, type) and value.__module__ == module.__name__:
                for cls_attr, cls_value in vars(value).items():
                    candidates += list(_found_in(cls_value, f"{module.__name__}.{attr}.{cls_attr}"))
            for where, message in candidates:
                if id(message) not in seen:
                    seen.add(id(message))
                    yield where, message


def _fields(template: str) -> set[str] | None:
    """Placeholders, with a language suffix dropped (`{them_fr}`: a value agreed in gender for French)."""
    try:
        fields = {field for _, field, _, _ in string.Formatter().parse(template) if field is not None}
        return {re.sub(r"_(en|fr)$", "", field) for field in fields}
    except ValueError:  # literal braces: such a template is rendered without values
        return None


MESSAGES = sorted(_messages(), key=lambda pair: pair[0])


def test_messages_are_found_in_every_layer():
    layers = {where.split(".")[1] for where, _ in MESSAGES}
    assert {"spec", "lint", "language", "metrics", "review", "report", "simulate", "cli"} <= layers
    assert len(MESSAGES) > 300


@pytest.mark.parametrize(("where", "message"), MESSAGES, ids=[w for w, _ in MESSAGES])
def test_both_languages_with_the_same_placeholders(where, message):
    assert message.en.strip() and message.fr.strip(), where
    assert _fields(message.en) == _fields(message.fr), where
    words = re.sub(r"\{[^{}]*\}", "", message.en).strip(" :.,()")
    untranslated = message.en == message.fr and words not in SAME_IN_BOTH and any(c.isalpha() for c in words)
    assert not untranslated, f"{where} is not translated"


# One French word per concept, the one GLOSSARY.md gives: a second name reads as a second concept.
FRENCH_SYNONYMS = {
    r"\bKPI de résultat\b": "an outcome is a « KPI d'outcome » (the spec reads « résultat » as output)",
    r"\bréussite\b": "a verdict is a « succès » (sain, creux, toxique)",
    r"\bexamen\b|\bexamin": "the review is « la revue » (« passer en revue »)",
    r"\bpropriétaire\b": "an owner is « le responsable » (« porter » a KPI), as the report says",
    r"dans une meilleure situation": "better off is « en meilleure situation », as the text review asks it",
    r"échéance commence|début de l'échéance": "an « échéance » is the day TO is due: it is the horizon that begins",
    r"\bdépassée?s?\b": "a guardrail's limit is « franchie » (« a franchi sa limite »), as the reasons say",
    r"\bdécoupée?s? (par|selon)\b": "a metric split by segment is « ventilée » (as --segment-by's help says)",
}


def test_french_names_each_concept_one_way():
    from kpiguard.cli import _register
    from kpiguard.cli._help import FRENCH

    _register()  # the commands' help, in French
    texts = [(where, message.fr) for where, message in MESSAGES] + [(f"help {en[:40]!r}", fr)
                                                                     for en, fr in FRENCH.items()]
    found = [f"{where}: {why}" for where, text in texts for pattern, why in FRENCH_SYNONYMS.items()
             if re.search(pattern, text, re.IGNORECASE)]
    assert not found, "\n".join(found)


@pytest.mark.parametrize(("where", "message"), MESSAGES, ids=[w for w, _ in MESSAGES])
def test_no_french_number_is_grouped_with_commas(where, message):
    """`{n:,}` writes 1,500,000: a French reader reads 1,5 as one and a half (write the number as the spec has it)."""
    specs = [spec for _, field, spec, _ in string.Formatter().parse(message.fr) if field is not None and spec] \
        if _fields(message.fr) is not None else []
    assert not [spec for spec in specs if "," in spec], where
