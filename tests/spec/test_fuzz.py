"""Property: whatever YAML a user feeds the loader, it returns a Spec or raises the project's own error."""

from __future__ import annotations

import copy
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kpiguard.errors import KpiguardError
from kpiguard.spec import Spec, load_spec_text

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "kpis.example.yaml"

EXAMPLE_TEXT = EXAMPLE.read_text(encoding="utf-8")
EXAMPLE_DATA = yaml.safe_load(EXAMPLE_TEXT)
FUZZ = settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow], derandomize=True
)

# Keys and values of the language, so that random documents reach deep into the models, not only the top.
KEYS = [
    "version",
    "name",
    "currency",
    "timezone",
    "data",
    "engine",
    "tables",
    "columns",
    "teams",
    "metrics",
    "kpis",
    "id",
    "metric",
    "level",
    "owner",
    "contributors",
    "visibility",
    "coordination",
    "baseline",
    "target",
    "from",
    "to",
    "by",
    "cadence",
    "serves",
    "guardrails",
    "max_increase",
    "max_decrease",
    "min",
    "max",
    "type",
    "numerator",
    "denominator",
    "expr",
    "table",
    "measure",
    "filter",
    "kind",
    "ratio_of",
    "noqa",
    "lint",
    "select",
    "ignore",
    "severity",
    "description",
    "label",
    "<<",
    "crm",
    "revenue",
]
WORDS = [
    "revenue",
    "email_revenue",
    "aov",
    "crm",
    "output",
    "outcome",
    "month",
    "2025",
    "2025-Q4",
    "2025-13",
    "2026-12-31",
    "25%",
    "10",
    "-1",
    "1e999",
    "0,70",
    "1,000",
    "duckdb",
    "postgres://x",
    "ratio",
    "simple",
    "derived",
    "a + b",
    "rate",
    "share",
    "Europe/Paris",
    "Mars/Olympus",
    "EUR",
    "",
    " ",
    "~",
    "yes",
    "no",
]

scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(10**30), max_value=10**30),
    st.floats(allow_nan=True, allow_infinity=True),
    st.sampled_from(WORDS),
    st.text(max_size=12),
    st.dates(),
)
values = st.recursive(
    scalars,
    lambda children: st.one_of(
        st.lists(children, max_size=4),
        st.dictionaries(st.one_of(st.sampled_from(KEYS), st.text(max_size=6)), children, max_size=5),
    ),
    max_leaves=25,
)


def _load(text: str) -> None:
    try:
        result = load_spec_text(text, "fuzz.yaml")
    except KpiguardError as error:
        assert error.diagnostics, "an error must say what is wrong"
        for diagnostic in error.diagnostics:
            assert diagnostic.location is not None and diagnostic.location.line >= 1, diagnostic
        return
    assert isinstance(result, Spec)


@FUZZ
@given(st.dictionaries(st.sampled_from(KEYS), values, max_size=6))
def test_random_documents(document):
    _load(yaml.safe_dump(document, allow_unicode=True))


@FUZZ
@given(st.text(alphabet=st.sampled_from(list("ab:- \n\t{}[],'\"&*!%#|>?@`.0129\\")), max_size=80))
def test_random_text(text):
    _load(text)


def _paths(data, path=()):
    yield path
    if isinstance(data, dict):
        for key, value in data.items():
            yield from _paths(value, path + (key,))
    elif isinstance(data, list):
        for i, value in enumerate(data):
            yield from _paths(value, path + (i,))


EXAMPLE_PATHS = [p for p in _paths(EXAMPLE_DATA) if p]


def _holds(node, part) -> bool:
    return (isinstance(node, dict) and part in node) or (isinstance(node, list) and isinstance(part, int)
                                                         and part < len(node))


def _mutate(data, path, action, replacement):
    data = copy.deepcopy(data)
    *parents, last = path
    node = data
    for part in parents:
        if not _holds(node, part):  # an earlier mutation retyped or deleted a parent: nothing left to mutate
            return data
        node = node[part]
    if not _holds(node, last):
        return data
    if action == "delete":
        del node[last]
    elif action == "retype":
        node[last] = replacement
    elif action == "rename" and isinstance(last, str):
        node[last + "x"] = node.pop(last)
    elif action == "duplicate" and isinstance(node, list):
        node.append(copy.deepcopy(node[last]))
    elif action == "wrap":
        node[last] = [node[last]]
    return data


@FUZZ
@given(
    st.lists(
        st.tuples(
            st.sampled_from(EXAMPLE_PATHS),
            st.sampled_from(["delete", "retype", "rename", "duplicate", "wrap"]),
            values,
        ),
        min_size=1,
        max_size=4,
    )
)
def test_mutations_of_the_example(mutations):
    data = EXAMPLE_DATA
    for path, action, replacement in mutations:
        try:
            data = _mutate(data, path, action, replacement)
        except (KeyError, IndexError, TypeError):
            continue  # an earlier mutation removed or retyped this path
    _load(yaml.safe_dump(data, allow_unicode=True, sort_keys=False))


@FUZZ
@given(
    st.integers(min_value=0, max_value=len(EXAMPLE_TEXT)),
    st.integers(min_value=0, max_value=len(EXAMPLE_TEXT)),
    st.text(max_size=5),
)
def test_truncated_and_spliced_example_text(cut, at, inserted):
    _load(EXAMPLE_TEXT[:cut])
    _load(EXAMPLE_TEXT[:at] + inserted + EXAMPLE_TEXT[at:])


@FUZZ
@given(st.integers(min_value=0, max_value=EXAMPLE_TEXT.count("\n")), st.integers(min_value=1, max_value=3))
def test_duplicated_or_deleted_lines(line, count):
    lines = EXAMPLE_TEXT.splitlines(keepends=True)
    _load("".join(lines[:line] + lines[line : line + count] * 2 + lines[line + count :]))
    _load("".join(lines[:line] + lines[line + count :]))


@pytest.mark.parametrize(
    "value",
    [
        "1e999",
        "-1e999",
        ".nan",
        ".inf",
        "9" * 400,
        "9" * 5000,
        "!!binary aGk=",
        "!!set {a}",
        "!!python/object:os.system ls",
        "2026-02-30",
        "12:30:00",
    ],
)
def test_odd_scalars_everywhere(value):
    for template in (
        "kpis:\n  - {{id: a, metric: revenue, target: {{to: {v}}}}}\n",
        "kpis:\n  - {{id: a, metric: revenue, baseline: {v}}}\n",
        "kpis:\n  - {{id: {v}, metric: {v}, owner: {v}}}\n",
        "timezone: {v}\ncurrency: {v}\n",
    ):
        _load(template.format(v=value))
