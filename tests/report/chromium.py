"""Open a report in headless Chromium with networking blocked, and check what a reader would see."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "test-artifacts"
FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]


def _chromium() -> str:
    path = os.environ.get("KPIGUARD_CHROMIUM") or shutil.which("chromium") or shutil.which("chromium-browser")
    if not path or not Path(path).exists():
        pytest.skip("no chromium: run `bash scripts/services/chromium.sh` (it prints KPIGUARD_CHROMIUM)")
    return path


@pytest.fixture(scope="session")
def chromium():
    from playwright.sync_api import sync_playwright

    executable = _chromium()
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=executable, headless=True, args=FLAGS)
        try:
            yield launched
        finally:
            launched.close()


def _expected_charts(view: dict) -> int:
    count = 1  # the grid
    for card in view["kpis"]:
        count += 1 + bool(card["parts"]) + bool(card["waterfall"]) + bool(card.get("segments"))
        count += len(card["guardrails"])
    return count


def open_offline(browser, path: Path, name: str) -> dict:
    """Open a report with every request except the file itself refused; return what the page did."""
    url = path.resolve().as_uri()
    context = browser.new_context(
        viewport={"width": 1200, "height": 900}, offline=True, service_workers="block"
    )
    page = context.new_page()
    errors: list[str] = []
    requests: list[str] = []
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on("request", lambda request: requests.append(request.url))

    def guard(route):
        if route.request.url == url:
            route.continue_()
        else:
            route.abort()

    page.route("**/*", guard)
    page.goto(url, wait_until="load")
    boxes = page.evaluate("""() => Array.from(document.querySelectorAll('svg.chart')).map(svg => {
        const r = svg.getBoundingClientRect();
        return {kind: svg.dataset.chart, width: r.width, height: r.height,
                marks: svg.querySelectorAll('polyline, rect, circle, path').length};
    })""")
    cards = page.evaluate("""() => Array.from(document.querySelectorAll('article.kpi-card')).map(card => {
        const r = card.getBoundingClientRect();
        return {id: card.dataset.kpi, width: r.width, height: r.height,
                trajectories: card.querySelectorAll('svg.chart[data-chart="trajectory"]').length};
    })""")
    ARTIFACTS.mkdir(exist_ok=True)
    shutil.copyfile(path, ARTIFACTS / f"{name}.html")
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)
    pdf = page.pdf(format="A4", print_background=True)
    (ARTIFACTS / f"{name}.pdf").write_bytes(pdf)
    context.close()
    return {"errors": errors, "requests": requests, "url": url, "charts": boxes, "cards": cards, "pdf": pdf}


def check_page(seen: dict, view: dict) -> None:
    assert seen["errors"] == []
    assert seen["requests"] == [seen["url"]], "the report asked for something else than itself"
    assert [c["id"] for c in seen["cards"]] == [c["id"] for c in view["kpis"]]
    assert all(c["width"] > 0 and c["height"] > 0 and c["trajectories"] == 1 for c in seen["cards"])
    assert len(seen["charts"]) == _expected_charts(view)
    for chart in seen["charts"]:
        assert chart["width"] > 0 and chart["height"] > 0, chart
        assert chart["marks"] > 0, chart
    pages = seen["pdf"].count(b"/Type /Page") - seen["pdf"].count(b"/Type /Pages")
    assert pages >= len(view["kpis"]) + 1  # a page per KPI card after the answer
