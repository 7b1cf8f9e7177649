"""Every sentence of the review exists in English and French with the same placeholders."""

from __future__ import annotations

import importlib
import string

import pytest

from kpiguard._i18n import Message

MODULES = ["kpiguard.review.verdict", "kpiguard.review.guardrails", "kpiguard.review.company",
           "kpiguard.review.evaluation", "kpiguard.review.formats.common", "kpiguard.cli.review"]


def placeholders(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


def messages():
    for name in MODULES:
        module = importlib.import_module(name)
        for attr, value in vars(module).items():
            if isinstance(value, Message):
                yield f"{name}.{attr}", value
            elif isinstance(value, dict):
                for key, item in value.items():
                    if isinstance(item, Message):
                        yield f"{name}.{attr}[{key}]", item


@pytest.mark.parametrize(("where", "message"), list(messages()), ids=lambda x: x if isinstance(x, str) else "")
def test_both_languages_say_the_same_numbers(where, message):
    assert message.en.strip() and message.fr.strip()
    assert message.en != message.fr or len(message.en) < 12, f"{where} is not translated"
    assert placeholders(message.en) == placeholders(message.fr), where
