"""Golden files for the report's view model; regenerate with KPIGUARD_UPDATE_GOLDEN=1 and review the diff."""

from __future__ import annotations

import json
import os
from pathlib import Path

GOLDEN = Path(__file__).parent / "golden"


def updating() -> bool:
    return os.environ.get("KPIGUARD_UPDATE_GOLDEN", "") not in ("", "0")


def check_golden(name: str, data: object) -> None:
    path = GOLDEN / f"{name}.json"
    text = json.dumps(data, indent=1, ensure_ascii=False, sort_keys=True) + "\n"
    if updating():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        return
    assert path.exists(), f"missing golden file {path}: run with KPIGUARD_UPDATE_GOLDEN=1 and review it"
    expected = json.loads(path.read_text(encoding="utf-8"))
    assert json.loads(text) == expected, (
        f"{path} differs: rerun with KPIGUARD_UPDATE_GOLDEN=1 and review the diff"
    )
