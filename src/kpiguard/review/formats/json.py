"""The review as JSON (schema_version 1, docs/review.schema.json)."""

from __future__ import annotations

import json
from typing import Any


def render_json(review: dict[str, Any]) -> str:
    return json.dumps(review, indent=2, ensure_ascii=False, allow_nan=False) + "\n"
