"""Every message of sentence checking exists in English and French, with the same placeholders."""

from __future__ import annotations

import importlib
import string

import pytest

from kpiguard._i18n import Message

MODULES = ["kpiguard.language.grammar", "kpiguard.language.rewrite", "kpiguard.language.render",
           "kpiguard.cli.check"]
SAME_IN_BOTH = {"FROM -> TO", "horizon", "volume", "-", "cadence"}  # words French and English share


def _messages():
    for name in MODULES:
        for attr, value in vars(importlib.import_module(name)).items():
            if isinstance(value, Message):
                yield f"{name}.{attr}", value
            elif isinstance(value, dict):
                for key, item in value.items():
                    if isinstance(item, Message):
                        yield f"{name}.{attr}[{key!r}]", item


MESSAGES = list(_messages())


def test_there_are_messages():
    assert len(MESSAGES) > 40


@pytest.mark.parametrize(("name", "message"), MESSAGES, ids=[n for n, _ in MESSAGES])
def test_same_placeholders_in_both_languages(name, message):
    fields = [{f for _, f, _, _ in string.Formatter().parse(text) if f is not None} for text in (message.en, message.fr)]
    assert fields[0] == fields[1], name
    assert message.en.strip() and message.fr.strip()
    assert message.en != message.fr or message.en in SAME_IN_BOTH, f"{name} is not translated"
