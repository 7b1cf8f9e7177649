"""The demo scenario end to end: simulate the e-mail push, review it, and check the report's data and page.

The view model of the demo report is a golden file per language (KPIGUARD_UPDATE_GOLDEN=1 regenerates it);
the browser test opens the demo pages offline and keeps screenshots in test-artifacts/.
"""

from __future__ import annotations

import json

import pytest

from kpiguard.report import build_view, render_html

from .chromium import check_page, open_offline
from .golden import check_golden

pytestmark = pytest.mark.xdist_group("report-demo")

SCENARIO = "email-push"
# The demo scenario at a quarter of `make demo`'s size: same seed, same verdicts, a suite that stays fast.
CUSTOMERS = 5000


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    """The demo shop and its review in both languages (the review runs with the language in force)."""
    import datetime as dt

    simulate_module = pytest.importorskip("kpiguard.simulate")
    if not hasattr(simulate_module, "simulate"):
        pytest.skip("kpiguard.simulate.simulate is not built yet")
    from kpiguard._i18n import set_lang
    from kpiguard.lint import lint
    from kpiguard.review import review
    from kpiguard.spec import load_spec

    folder = tmp_path_factory.mktemp("demo")
    result = simulate_module.simulate(folder, scenario=SCENARIO, customers=CUSTOMERS)
    truth = json.loads(result.truth_path.read_text(encoding="utf-8"))
    spec = load_spec(result.spec_path)
    as_of = dt.date.fromisoformat(truth["as_of"])
    reviews = {}
    for lang in ("en", "fr"):
        set_lang(lang)
        try:
            reviews[lang] = review(spec, as_of=as_of, lint_findings=lint(spec)).to_dict()
        finally:
            set_lang(None)
    return {"truth": truth, "reviews": reviews, "folder": folder}


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_demo_report_data_is_golden(demo, lang):
    view = build_view(demo["reviews"][lang], lang)
    text = json.dumps(view, ensure_ascii=False).replace(str(demo["folder"]), "<demo>")
    check_golden(f"demo-{SCENARIO}.{lang}", json.loads(text))


def test_demo_report_says_what_the_review_says(demo):
    for lang in ("en", "fr"):
        review = demo["reviews"][lang]
        view = build_view(review, lang)
        assert view["answer"]["better_off"] == review["company"]["better_off"]
        assert {c["id"]: c["verdict"] for c in view["kpis"]} == {k["id"]: k["verdict"] for k in review["kpis"]}
        assert view["kpis"] and all(c["reasons"] for c in view["kpis"])


def test_demo_report_is_small(demo):
    for lang in ("en", "fr"):
        assert len(render_html(demo["reviews"][lang], lang).encode()) < 2_000_000


@pytest.mark.browser
@pytest.mark.parametrize("lang", ["en", "fr"])
def test_demo_report_renders_offline_in_chromium(demo, chromium, tmp_path, lang):
    review = demo["reviews"][lang]
    path = tmp_path / f"report-demo-{lang}.html"
    path.write_text(render_html(review, lang), encoding="utf-8")
    check_page(open_offline(chromium, path, f"report-demo-{lang}"), build_view(review, lang))
