"""The report in a real headless Chromium with networking blocked: no request, no console error, everything drawn.

Needs Debian's chromium (`bash scripts/services/chromium.sh` installs it and prints KPIGUARD_CHROMIUM).
Screenshots (EN and FR), the HTML and an A4 PDF are kept in test-artifacts/ for a human to look at.
"""

from __future__ import annotations

import pytest

from kpiguard.report import build_view, render_html

from .chromium import check_page, open_offline
from .fixture import review_fixture

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_fixture_report_renders_offline(chromium, tmp_path, lang):
    review = review_fixture(lang)
    path = tmp_path / f"report-fixture-{lang}.html"
    path.write_text(render_html(review, lang), encoding="utf-8")
    check_page(open_offline(chromium, path, f"report-fixture-{lang}"), build_view(review, lang))
