"""The fast YAML path (values straight from libyaml events) gives exactly what the full path gives."""

from __future__ import annotations

import math
from datetime import date, datetime

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kpiguard.errors import DiagnosticBag
from kpiguard.spec import yamlsource

from .test_fuzz import EXAMPLE_TEXT, KEYS

SETTINGS = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow],
                    derandomize=True)

SCALARS = st.one_of(
    st.integers(-10**12, 10**12), st.floats(allow_nan=False, allow_infinity=False), st.booleans(), st.none(),
    st.dates(date(1990, 1, 1), date(2040, 12, 31)),
    st.text(max_size=12),
    st.sampled_from(["yes", "no", "on", "off", "~", "0x1F", "0o17", "1_000", "25%", "2025-Q4", "2026-02-30",
                     ".inf", "-.nan", "12:30:00", "2025-10-01..2025-12-31", "null", "True", "1e6", "0,70"]),
)
DOCUMENTS = st.recursive(
    SCALARS,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.sampled_from(KEYS), inner, max_size=5),
    max_leaves=25,
)


def _both(text: str):
    """(fast result, full result) for the same text; the full path is forced by making the fast one bail out."""
    fast_bag, full_bag = DiagnosticBag(), DiagnosticBag()
    fast = yamlsource.read_yaml(text, "f.yaml", fast_bag)
    original = yamlsource._read_plain

    def bail(*_args, **_kwargs):
        raise yamlsource._Fallback

    yamlsource._read_plain = bail
    try:
        full = yamlsource.read_yaml(text, "f.yaml", full_bag)
    finally:
        yamlsource._read_plain = original
    return (fast, fast_bag.items), (full, full_bag.items)


def _typed(value):
    """Values with their types, so that 1 and 1.0 and True, or a date and a string, never compare equal."""
    if isinstance(value, dict):
        return {k: _typed(v) for k, v in value.items()}, list(value)
    if isinstance(value, list):
        return [_typed(v) for v in value]
    if isinstance(value, float) and math.isnan(value):
        return ("nan",)
    return (type(value).__name__, value)


def _assert_same(text: str) -> None:
    ((fast, smap_fast), diags_fast), ((full, smap_full), diags_full) = _both(text)
    assert _typed(fast) == _typed(full)
    assert smap_fast.values == smap_full.values
    assert smap_fast.keys == smap_full.keys
    assert diags_fast == diags_full


@SETTINGS
@given(DOCUMENTS)
def test_fast_path_equals_full_path_on_random_documents(document):
    for flow in (False, True, None):
        _assert_same(yaml.safe_dump(document, allow_unicode=True, default_flow_style=flow))


@pytest.mark.parametrize("cut", [0, 100, 700, 1500, 3000, None])
def test_fast_path_equals_full_path_on_the_example(cut):
    _assert_same(EXAMPLE_TEXT[:cut] if cut is not None else EXAMPLE_TEXT)


def test_fast_path_is_taken_on_the_example():
    # if the example fell back to the full path, the speed-up would silently be gone
    data, smap = yamlsource._read_plain(EXAMPLE_TEXT, "x.yaml")
    assert isinstance(data["kpis"][1]["target"]["by"], (date, datetime))
    assert smap.values[("kpis", 1, "target", "by")].line == 70
