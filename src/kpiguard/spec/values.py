"""Numbers as written in a spec: `0.25`, `25%`, `25 %`, `1 000 000`, `1_000_000`, `0,70`."""

from __future__ import annotations

import math
import re

from kpiguard._i18n import Message

NOT_A_NUMBER = Message(
    en="expected a number or a percent such as 0.25 or 25%, got {value!r}",
    fr="attendu un nombre ou un pourcentage comme 0.25 ou 25 %, reçu {value!r}",
)

_NUMBER = re.compile(r"^[+-]?(\d+([.,]\d*)?|[.,]\d+)([eE][+-]?\d+)?$")


def parse_number(value: object) -> float:
    """A finite float; percent literals become fractions (`25%` -> 0.25). Raises ValueError otherwise."""
    if isinstance(value, bool):
        raise ValueError(NOT_A_NUMBER(value=value))
    if isinstance(value, (int, float)):
        number = float(value)
    elif isinstance(value, str):
        text = value.strip().replace("\u202f", "").replace("\u00a0", "").replace(" ", "").replace("_", "")
        percent = text.endswith("%")
        if percent:
            text = text[:-1]
        if not _NUMBER.match(text):
            raise ValueError(NOT_A_NUMBER(value=value))
        number = float(text.replace(",", "."))
        if percent:
            number /= 100.0
    else:
        raise ValueError(NOT_A_NUMBER(value=value))
    if not math.isfinite(number):
        raise ValueError(NOT_A_NUMBER(value=value))
    return number


def is_percent_literal(value: object) -> bool:
    return isinstance(value, str) and value.strip().endswith("%")
