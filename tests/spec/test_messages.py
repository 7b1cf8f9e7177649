"""Every message of the spec layer exists in English and French with the same placeholders."""

from __future__ import annotations

import importlib
import re
import string
from pathlib import Path

import pytest

from kpiguard._i18n import Message, get_lang, normalize_lang, pick, set_lang
from kpiguard.errors import SpecError
from kpiguard.spec import load_spec

MODULES = [
    "kpiguard.spec.loader",
    "kpiguard.spec.yamlsource",
    "kpiguard.spec.models",
    "kpiguard.spec.periods",
    "kpiguard.spec.values",
    "kpiguard.cli.validate",
]
BAD = Path(__file__).parent / "bad"


def _messages():
    for name in MODULES:
        module = importlib.import_module(name)
        for attr, value in vars(module).items():
            if isinstance(value, Message):
                yield f"{name}.{attr}", value
            elif isinstance(value, dict):
                for key, item in value.items():
                    if isinstance(item, Message):
                        yield f"{name}.{attr}[{key!r}]", item


def _fields(template: str) -> set[str] | None:
    """Placeholders of a template; None for literal braces (such a template is rendered without values)."""
    try:
        return {field for _, field, _, _ in string.Formatter().parse(template) if field is not None}
    except ValueError:
        return None


MESSAGES = list(_messages())


def test_there_are_messages():
    assert len(MESSAGES) > 60


@pytest.mark.parametrize(("name", "message"), MESSAGES, ids=[n for n, _ in MESSAGES])
def test_same_placeholders_in_both_languages(name, message):
    assert message.en.strip() and message.fr.strip()
    words = re.sub(r"\{[^{}]*\}", "", message.en).replace("KPI", "")
    assert message.en != message.fr or not any(c.isalpha() for c in words), "not translated"
    assert _fields(message.en) == _fields(message.fr), name


@pytest.mark.parametrize("path", sorted(BAD.glob("*.yaml")), ids=lambda p: p.stem)
def test_every_bad_spec_renders_in_french(path):
    set_lang("fr")
    with pytest.raises(SpecError) as caught:
        load_spec(path)
    set_lang("en")
    with pytest.raises(SpecError) as english:
        load_spec(path)
    french = [d.message for d in caught.value.diagnostics]
    assert len(french) == len(english.value.diagnostics)
    assert french != [d.message for d in english.value.diagnostics]


def test_language_selection(monkeypatch):
    assert (
        normalize_lang("fr_FR.UTF-8") == "fr"
        and normalize_lang("FR") == "fr"
        and normalize_lang("de") == "en"
    )
    monkeypatch.setenv("KPIGUARD_LANG", "fr")
    assert get_lang() == "fr"
    set_lang("en")
    assert get_lang() == "en"  # an explicit --lang wins over the environment
    set_lang(None)
    assert get_lang() == "fr"
    assert pick({"en": "Revenue", "fr": "Chiffre d'affaires"}) == "Chiffre d'affaires"
    assert pick({"en": "Revenue"}, "fr") == "Revenue"
