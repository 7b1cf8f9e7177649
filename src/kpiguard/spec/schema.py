"""The JSON Schema of the spec language, generated from the models (for editors' YAML language server)."""

from __future__ import annotations

import json
from typing import Any

from kpiguard.spec.models import Spec

SCHEMA_ID = "https://kpiguard.dev/schema/spec-v1.json"


def spec_json_schema() -> dict[str, Any]:
    schema = Spec.model_json_schema(by_alias=True, mode="validation")
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["$id"] = SCHEMA_ID
    # `x-defaults: &base {...}`: top-level keys starting with `x-` are the user's (anchors), as the loader allows
    schema["patternProperties"] = {"^x-": {}}
    schema["title"] = "kpiguard spec"
    schema["description"] = ("KPIs with their level, owner, FROM -> TO target, horizon, guardrails and the "
                             "outcomes they serve. See https://github.com/kpiguard/kpiguard.")
    return schema


def spec_json_schema_text() -> str:
    return json.dumps(spec_json_schema(), indent=2, ensure_ascii=False, sort_keys=False) + "\n"
