"""The JSON Schema editors use: the example passes it, typical mistakes fail it."""

from __future__ import annotations

import copy
import json
from datetime import date
from pathlib import Path

import jsonschema
import pytest
import yaml

from kpiguard.spec.schema import spec_json_schema, spec_json_schema_text

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "kpis.example.yaml"


def _as_the_yaml_language_server_sees_it(value):
    """Dates are plain strings to the YAML language server (YAML 1.2), as in JSON."""
    if isinstance(value, dict):
        return {k: _as_the_yaml_language_server_sees_it(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_as_the_yaml_language_server_sees_it(v) for v in value]
    return value.isoformat() if isinstance(value, date) else value


@pytest.fixture(scope="module")
def validator():
    schema = spec_json_schema()
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema)


@pytest.fixture(scope="module")
def example():
    return _as_the_yaml_language_server_sees_it(yaml.safe_load(EXAMPLE.read_text(encoding="utf-8")))


def test_schema_text_is_the_schema():
    assert json.loads(spec_json_schema_text()) == spec_json_schema()


def test_example_is_valid(validator, example):
    assert list(validator.iter_errors(example)) == []


def _broken(example, change):
    data = copy.deepcopy(example)
    change(data)
    return data


@pytest.mark.parametrize(
    ("change", "where"),
    [
        (lambda d: d.update(nme="x"), "nme"),
        (lambda d: d["kpis"][1].update(level="Output"), "Output"),
        (lambda d: d["kpis"][1].update(ownr="crm"), "ownr"),
        (lambda d: d.update(kpis={"a": {}}), "is not of type 'array'"),
        (lambda d: d["kpis"][1]["target"].update(to="lots"), "lots"),
        (lambda d: d["kpis"][1]["guardrails"][0].update(max_increase=[1]), "max_increase"),
        (lambda d: d["kpis"][0].pop("metric"), "'metric' is a required property"),
        (lambda d: d["metrics"]["high_value_orders"].update(description={"de": "x"}), "de"),
        (lambda d: d.setdefault("data", {}).update(date_order={"orders": "dmy"}), "dmy"),
    ],
)
def test_mistakes_fail_the_schema(validator, example, change, where):
    errors = list(validator.iter_errors(_broken(example, change)))
    assert errors and any(where in str(e.message) or where in str(list(e.path)) for e in errors), errors


def test_percent_and_comma_decimals_pass(validator, example):
    data = _broken(example, lambda d: d["kpis"][2]["target"].update({"from": "0,70", "to": "1.20"}))
    assert list(validator.iter_errors(data)) == []


def test_top_level_x_keys_pass_the_schema(validator, example):
    """`x-defaults: &base {...}` is accepted by the loader; the editor must not underline it."""
    data = _broken(example, lambda d: d.update({"x-defaults": {"level": "output", "owner": "crm"}}))
    assert list(validator.iter_errors(data)) == []


def test_a_declared_date_order_passes_the_schema(validator, example):
    data = _broken(example, lambda d: d.setdefault("data", {}).update(date_order={"orders": "day_first"}))
    assert list(validator.iter_errors(data)) == []
