"""Each rule's pass/fail cases, as data files (`cases/<CODE>.yaml`), run by one generic loader."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from kpiguard._i18n import set_lang
from kpiguard.lint import all_rules, lint
from kpiguard.spec import load_spec_text

CASES = Path(__file__).parent / "cases"


def _cases():
    for path in sorted(CASES.glob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        for kind in ("fail", "pass"):
            for i, case in enumerate(data.get(kind) or []):
                yield pytest.param(path.stem, kind, case, id=f"{path.stem}-{kind}-{i}")


def test_every_rule_has_cases():
    files = {p.stem for p in CASES.glob("*.yaml")}
    assert files == {r.code for r in all_rules()}
    for path in CASES.glob("*.yaml"):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        assert data.get("fail") and data.get("pass"), path.name


@pytest.mark.parametrize("code, kind, case", list(_cases()))
def test_case(code, kind, case):
    spec = load_spec_text(case["spec"], f"{code}.yaml")
    hits = [f for f in lint(spec) if f.code == code]
    if kind == "fail":
        assert hits, f"{code} should flag this spec"
        if "kpi" in case:
            assert case["kpi"] in {f.kpi_id for f in hits}
        for finding in hits:
            assert finding.message and finding.location is not None and finding.location.line > 0
            assert finding.rewrite is not None and finding.rewrite.sentence and finding.rewrite.yaml
        set_lang("fr")
        french = [f for f in lint(spec) if f.code == code]
        assert [f.location for f in french] == [f.location for f in hits]
        for en, fr in zip(hits, french):
            assert fr.message != en.message and fr.rewrite.sentence != en.rewrite.sentence
    else:
        assert not hits, [f.message for f in hits]
