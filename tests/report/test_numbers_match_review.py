"""Every number the report prints is the review's: the page is parsed as a reader sees it (facts, data tables,
segment tables, guardrail boxes, company tiles) and each number is compared with `review --format json` on the
same shop, to the precision the page writes it."""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser

import pytest
from typer.testing import CliRunner

from kpiguard.cli import _register, app

_register()
runner = CliRunner()

SPEC = """\
version: 1
name: Big-ticket shop
currency: EUR
timezone: UTC
data:
  tables:
    orders: orders.csv
kpis:
  - id: revenue
    statement: "Grow revenue to 11 M€"
    metric: revenue
    baseline: 2024
    target: {to: 11000000, by: 2025-12-31}
    guardrails:
      - metric: margin
        max_decrease: 5%
  - id: basket
    statement: "Average order from 12 to 13 k€"
    metric: aov
    baseline: 2024
    target: {from: 12000, to: 13000, by: 2025-12-31}
    guardrails:
      - metric: orders
        min: 50
  - id: email-share
    statement: "E-mail share to 40 %"
    metric: email_revenue_share
    baseline: 2024
    target: {to: 40%, by: 2025-12-31}
"""


def _shop(folder):
    """Orders of about 12 k€ (a yearly revenue in millions, amounts with cents), 2024-01 to 2025-06."""
    import datetime as dt

    lines = ["order_id,customer_id,ordered_at,revenue,margin,status,utm_medium"]
    day, n = dt.date(2024, 1, 1), 0
    while day < dt.date(2025, 7, 1):
        for k in range(2 + day.day % 3):
            n += 1
            revenue = 9000 + (n * 7919) % 6000 + (n % 97) / 100
            medium = ("email", "cpc", "organic", "")[n % 4]
            lines.append(f"O{n},C{n % 420},{day}T{10 + k}:00:00,{revenue:.2f},{revenue * 0.31:.2f},completed,{medium}")
        day += dt.timedelta(days=1)
    (folder / "orders.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    (folder / "kpis.yaml").write_text(SPEC, encoding="utf-8")
    return folder / "kpis.yaml"


@pytest.fixture(scope="module")
def shop(tmp_path_factory):
    return _shop(tmp_path_factory.mktemp("big-ticket"))


def _number(text: str, lang: str) -> tuple[float, float, bool] | None:
    """The first number of a text as the page writes it: (value, half its last digit's step, followed by %)."""
    if lang == "fr":
        pattern = r"([−+-]?)(\d{1,3}(?:[\u202f\u00a0 ]\d{3})+|\d+)(?:,(\d+))?(?:\u00a0?(k|M|Md)(?![a-zé]))?"
    else:
        pattern = r"([−+-]?)[$€£]?(\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d+))?(k|M|bn)?"
    match = re.search(pattern, text)
    if match is None:
        return None
    sign, whole, decimals, suffix = match.groups()
    scale = {"k": 1e3, "M": 1e6, "Md": 1e9, "bn": 1e9}.get(suffix or "", 1.0)
    value = float(re.sub(r"\D", "", whole) + ("." + decimals if decimals else "")) * scale
    step = 10.0 ** -(len(decimals) if decimals else 0) * scale
    return (-value if sign in ("−", "-") and sign else value), step / 2, "%" in text[match.end():match.end() + 2]


class _Page(HTMLParser):
    """The texts a reader reads where the page gives numbers, per KPI card."""

    def __init__(self):
        super().__init__()
        self.cards: dict[str, dict] = {}
        self.tiles: list[dict[str, str]] = []
        self._card = self._figure = self._table = self._row = self._text = None
        self._tile: dict[str, str] | None = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        classes = (a.get("class") or "").split()
        if tag == "article":
            self._card = {"facts": [], "tables": {}, "guards": {}}
            self.cards[a["data-kpi"]] = self._card
        elif tag == "figure" and self._card is not None:
            self._figure = ("guard:" + a["data-guardrail"] if a.get("data-guardrail")
                            else "segments" if a.get("data-segments")
                            else "trajectory" if "trajectory" not in self._card["tables"] else "other")
            if a.get("data-guardrail"):
                self._card["guards"][a["data-guardrail"]] = []
        elif tag == "details" and "chart-data" in classes and self._card is not None:
            self._table = self._card["tables"].setdefault(self._figure, [])
        elif tag == "tr" and self._table is not None:
            self._row = []
        elif tag == "div" and "number" in classes:
            self._tile = {}
            self.tiles.append(self._tile)
        if tag in ("td", "dt", "dd") or (tag == "div" and classes[:1] in (["line"], ["change"], ["fromto"])):
            self._text = (tag, classes[:1], [])

    def handle_endtag(self, tag):
        if self._text is not None and tag == self._text[0]:
            kind, classes, parts = self._text
            self._text = None
            text = "".join(parts)
            if kind == "td" and self._row is not None:
                self._row.append(text)
            elif kind in ("dt", "dd") and self._card is not None:
                self._card["facts"].append(text)
            elif kind == "div" and self._figure and self._figure.startswith("guard:"):
                self._card["guards"][self._figure[6:]].append(text)
            elif kind == "div" and self._tile is not None and self._card is None:
                self._tile[classes[0]] = text
        if tag == "tr" and self._row:
            self._table.append(self._row)
            self._row = None
        elif tag == "details":
            self._table = None
        elif tag == "figure":
            self._figure = None
        elif tag == "article":
            self._card = None

    def handle_data(self, data):
        if self._text is not None:
            self._text[2].append(data)


def _compare(where: str, text: str, expected, lang: str, wrong: list[str]) -> None:
    if expected is None:
        return
    read = _number(text, lang)
    if read is None:
        wrong.append(f"{where}: no number in {text!r}, the review says {expected}")
        return
    value, tolerance, percent = read
    expected = expected * 100 if percent else expected
    if abs(value - expected) > tolerance + 1e-9 * abs(expected):
        wrong.append(f"{where}: the page says {text!r}, the review {expected}")


def _mismatches(page: str, review: dict, lang: str) -> list[str]:
    parsed = _Page()
    parsed.feed(page)
    wrong: list[str] = []
    for kpi in review["kpis"]:
        card = parsed.cards[kpi["id"]]
        baseline, current, target = kpi["baseline"], kpi["current"], kpi["target"]
        expected = {"baseline": baseline["value"], "current": current["value"],
                    "from": target["scaled_from"] if target["scaled_from"] is not None else target["from"],
                    "to": target["scaled_to"] if target["scaled_to"] is not None else target["to"]}
        for label, text in zip(card["facts"][::2], card["facts"][1::2]):
            key = ("from" if label.startswith(("FROM", "DE ")) else "to" if label in ("TO", "À")
                   else "current" if label.startswith(("Now", "Actuel")) else "progress"
                   if label in ("Progress", "Avancement") else "baseline")
            if key == "progress":
                done, _, rest = text.partition(",")
                _compare(f"{kpi['id']} progress", done, kpi["attainment"], lang, wrong)
                _compare(f"{kpi['id']} expected progress", rest, kpi["expected_progress"], lang, wrong)
            else:
                _compare(f"{kpi['id']} {label}", text, expected[key], lang, wrong)
        rolling = (kpi.get("series_rolling") or {}).get("values")
        values = [p["value"] for p in (rolling or kpi["series"]) if p["value"] is not None]
        rows = card["tables"]["trajectory"]
        if len(rows) != len(values):
            wrong.append(f"{kpi['id']}: {len(rows)} rows in the data table, {len(values)} values in the review")
        path = {p["date"][:7]: p["value"] for p in kpi["target_path"]}
        dates = [p.get("date") or p.get("start") for p in (rolling or kpi["series"]) if p["value"] is not None]
        for row, value, day in zip(rows, values, dates):
            _compare(f"{kpi['id']} table {row[0]}", row[1], value, lang, wrong)
            if row[2]:
                _compare(f"{kpi['id']} target {row[0]}", row[2], path.get(day[:7]), lang, wrong)
        for row, part in zip(card["tables"].get("segments", []), (kpi["segments"] or {}).get("contributions", [])):
            before, after = row[1].split("→")
            for text, value in ((before, part["baseline"]), (after, part["current"]), (row[2], part["change"]),
                                (row[3], part["share_of_change"])):
                _compare(f"{kpi['id']} segment {row[0]}", text, value, lang, wrong)
        for guardrail in kpi["guardrails"]:
            line = next(t for t in card["guards"][guardrail["metric"]] if "→" in t)
            before, after = line.split("→")
            _compare(f"{kpi['id']} guardrail {guardrail['metric']}", before, guardrail["baseline"], lang, wrong)
            _compare(f"{kpi['id']} guardrail {guardrail['metric']}", after, guardrail["current"], lang, wrong)
            _compare(f"{kpi['id']} guardrail {guardrail['metric']} change", after.split("(")[-1],
                     guardrail["change"], lang, wrong)
    for tile, metric in zip(parsed.tiles, review["company"]["metrics"]):
        before, after = tile["fromto"].split("→")
        for text, value in ((tile["change"], metric["change"]), (before, metric["baseline"]),
                            (after, metric["current"])):
            _compare(f"company {metric['metric']}", text, value, lang, wrong)
    return wrong


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_every_number_of_the_page_is_the_reviews(shop, tmp_path, lang):
    page, data = tmp_path / "report.html", tmp_path / "review.json"
    assert runner.invoke(app, ["report", str(shop), "-o", str(page), "--lang", lang]).exit_code == 0
    assert runner.invoke(app, ["review", str(shop), "--format", "json", "-o", str(data),
                               "--lang", lang]).exit_code == 0
    review = json.loads(data.read_text(encoding="utf-8"))
    parsed = _Page()
    parsed.feed(page.read_text(encoding="utf-8"))
    # the comparison reads every card and table (a parser that found nothing would compare nothing)
    assert set(parsed.cards) == {"revenue", "basket", "email-share"}
    assert all(len(card["tables"]["trajectory"]) >= 6 for card in parsed.cards.values())
    assert parsed.cards["revenue"]["tables"]["segments"] and len(parsed.tiles) == 3
    # a rolling yearly revenue of about 13 M€ is written to the euro: €13,199,067, not €13,199,100
    assert _mismatches(page.read_text(encoding="utf-8"), review, lang) == []


def test_a_number_the_page_rounds_away_is_caught():
    review = {"kpis": [], "company": {"metrics": [{"metric": "revenue", "change": -0.1, "baseline": 8123456.78,
                                                   "current": 7000000.0}]}}
    page = ('<div class="number tone-bad"><div class="change">−10.0%</div>'
            '<div class="fromto">€8,123,460 → €7,000,000</div></div>')
    assert _mismatches(page, review, "en") == ["company revenue: the page says '€8,123,460 ', the review 8123456.78"]
