"""The review's acceptance test: on every scenario, its verdicts are the ones the data was built to deserve."""

from __future__ import annotations

from datetime import date

import pytest

from kpiguard.simulate import SCENARIOS
from kpiguard.spec import load_spec


@pytest.mark.parametrize("name", sorted(SCENARIOS))
def test_review_verdicts_equal_the_truth(shop, name):
    review = pytest.importorskip("kpiguard.review").review
    result = shop(name)
    outcome = review(load_spec(result.spec_path), as_of=date.fromisoformat(result.truth["as_of"])).to_dict()
    verdicts = {kpi["id"]: kpi["verdict"] for kpi in outcome["kpis"]}
    reasons = {kpi["id"]: kpi["reasons"] for kpi in outcome["kpis"]}
    assert verdicts == result.truth["kpis"], reasons
    assert outcome["company"]["better_off"] == result.truth["better_off"], outcome["company"]["reasons"]
