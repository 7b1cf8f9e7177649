"""Fixtures shared by the command-line tests."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def shop_spec(tmp_path_factory) -> Path:
    import importlib.util

    # the hand-made shop of the metric tests (tests/ is not a package: loaded from its file)
    loader = importlib.util.spec_from_file_location("kg_dataset", ROOT / "tests" / "metrics" / "dataset.py")
    dataset = importlib.util.module_from_spec(loader)
    loader.loader.exec_module(dataset)
    directory = tmp_path_factory.mktemp("shop")
    paths = dataset.write_parquet(directory / "data")
    spec = directory / "kpis.yaml"
    spec.write_text(dataset.spec_text({name: f"data/{p.name}" for name, p in paths.items()}), encoding="utf-8")
    return spec
