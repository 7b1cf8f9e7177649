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


@pytest.mark.parametrize("seed", [10, 22])
def test_business_as_usual_is_better_off_whatever_the_seed(tmp_path, seed):
    """Business as usual was built to grow; with acquisitions growing 20 % a year (now 15 %, before the data too) its last quarter grew
    about 7 % on average, and for these seeds it fell (2026-Q4 revenue -4.5 % and -4.2 % vs 2025-Q4): the review's "no"
    was right on the data, the truth's "yes" was not built."""
    from kpiguard.simulate import simulate

    review = pytest.importorskip("kpiguard.review").review
    result = simulate(tmp_path / "shop", "baseline", customers=20000, seed=seed)
    outcome = review(load_spec(result.spec_path), as_of=date.fromisoformat(result.truth["as_of"])).to_dict()
    assert outcome["company"]["better_off"] == result.truth["better_off"] == "yes", outcome["company"]["reasons"]


@pytest.mark.parametrize("name", ["baseline", "email-push"])
def test_the_story_does_not_hang_on_the_seed(tmp_path, name):
    """Seed 23 gave the truth's verdicts for neither story: business as usual grew its e-mail revenue past the
    rewrite's +25 % by itself, and so did the e-mail push (+25 to +39 % for seeds 15, 18, 23, 27 and 29), because
    a shop's make-up was drawn independently (the base's purchase rates, a quarter's launches, a year's featured
    products) and its growth varied by 5 points from seed to seed. The review must find the truth there too."""
    from kpiguard.simulate import simulate

    review = pytest.importorskip("kpiguard.review").review
    result = simulate(tmp_path / "shop", name, customers=20000, seed=23)
    outcome = review(load_spec(result.spec_path), as_of=date.fromisoformat(result.truth["as_of"])).to_dict()
    verdicts = {kpi["id"]: kpi["verdict"] for kpi in outcome["kpis"]}
    assert verdicts == result.truth["kpis"], {kpi["id"]: kpi["reasons"][:1] for kpi in outcome["kpis"]}
