"""Spec errors in French, and how the language is chosen (placeholders: tests/test_messages.py)."""

from __future__ import annotations

from pathlib import Path

import pytest

from kpiguard._i18n import get_lang, normalize_lang, pick, set_lang
from kpiguard.errors import SpecError
from kpiguard.spec import load_spec

BAD = Path(__file__).parent / "bad"


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
