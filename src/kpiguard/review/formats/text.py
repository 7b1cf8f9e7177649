"""The review for a terminal (Rich): the company's answer first, then one line per KPI and its reasons."""

from __future__ import annotations

from io import StringIO
from typing import Any

from kpiguard._i18n import Message, get_lang
from kpiguard._typography import typeset
from kpiguard.review.formats.common import (
    ANSWER,
    DATA_CHECKS,
    HEADERS,
    MARKS,
    QUESTION,
    baseline_value,
    data_warnings,
    kpi_verdict_words,
    period_cell,
    progress,
    reasons,
    style_of,
    summary,
    target_value,
    title,
    value,
    verdict_cell,
)

HEAD = Message(en="{id}: {verdict}", fr="{id} : {verdict}")
# Rich wraps at any whitespace, no-break spaces included: "29,7 %" was cut before its "%", "229,8 k€" before its
# unit. While Rich lays the text out, they stand as characters it does not break at, given back at the end.
GLUE = {"\u00a0": "\ue000", "\u202f": "\ue001"}
UNGLUE = {glue: space for space, glue in GLUE.items()}


def _glued(text: str) -> str:
    return text.translate(str.maketrans(GLUE))


def _unglued(text: str) -> str:
    return text.translate(str.maketrans(UNGLUE))
ANSWER_STYLES = {"yes": "bold green", "no": "bold red", "unclear": "bold yellow"}


def render_text(review: dict[str, Any], lang: str | None = None, *, color: bool = False, width: int = 110) -> str:
    from rich.console import Console
    from rich.padding import Padding
    from rich.table import Table
    from rich.text import Text

    lang = lang or review.get("lang") or get_lang()

    def _text(words: str, style: str | None = None) -> Text:
        return Text(_glued(typeset(words, lang)), style=style or "")

    def _bullet(mark: str, words: str) -> Padding:
        """`• reason`, its following lines under the reason's first word rather than under the mark."""
        grid = Table.grid(padding=(0, 1))
        grid.add_column(no_wrap=True)
        grid.add_column()
        grid.add_row(mark, _text(words))
        return Padding(grid, (0, 0, 0, 2))

    buffer = StringIO()
    console = Console(file=buffer, width=width, force_terminal=color, color_system="standard" if color else None,
                      highlight=False, emoji=False)
    company = review["company"]
    console.print(_text(title(review, lang), style="bold"))
    answer = _text(QUESTION.render(lang) + " ")
    answer.append(ANSWER[company["better_off"]].render(lang), style=ANSWER_STYLES[company["better_off"]])
    console.print(answer)
    for line in reasons(company, lang):
        console.print(_bullet("•", line))
    warnings = data_warnings(review, lang)
    if warnings:
        console.print(_text(DATA_CHECKS.render(lang), style="bold yellow"))
        for line in warnings:
            console.print(_bullet("⚠", line))
    console.print()
    if not review["kpis"]:
        console.print(_text(summary(review["kpis"], lang), style="bold"))
        return _lines(buffer.getvalue())
    table = Table(show_edge=False, pad_edge=False, box=None, header_style="bold")
    heads = ("kpi", "period", "baseline", "current", "target", "progress", "verdict")
    rows = [tuple(_glued(cell) for cell in (
        k["id"], period_cell(k, lang), baseline_value(k, lang), value(k, k["current"]["value"], lang),
        target_value(k, lang), progress(k, lang), verdict_cell(k, lang))) for k in review["kpis"]]
    # A period or a value cut in two ("2025-06..2026-0" / "5") reads wrong: only the KPI's id, of any length,
    # folds (from 16 characters); the table runs wider than `width` rather than cut the other cells.
    widths = [max(len(HEADERS[h].render(lang)), *(len(row[i]) for row in rows)) for i, h in enumerate(heads)]
    widths[0] = min(widths[0], 16)
    for head, least in zip(heads, widths):
        table.add_column(HEADERS[head].render(lang), overflow="fold", no_wrap=head != "kpi", min_width=least)
    for k, row in zip(review["kpis"], rows):
        table.add_row(*row[:-1], _text(row[-1], style=style_of(k)))
    console.width = max(width, sum(widths) + 2 * (len(heads) - 1))
    console.print(table)
    console.width = width
    console.print()
    for k in review["kpis"]:
        words = kpi_verdict_words(k, lang)
        head = _text(f"{MARKS[k['verdict']]} {HEAD.render(lang, id=k['id'], verdict=words)}", style=style_of(k))
        console.print(head)
        for line in reasons(k, lang):
            console.print(Padding(_text(line), (0, 0, 0, 4)))
    console.print(_text(summary(review["kpis"], lang), style="bold"))
    return _lines(buffer.getvalue())


def _lines(rendered: str) -> str:
    """What Rich rendered, its no-break spaces given back; Padding fills lines to the width, and trailing blanks
    only get in the way of a copy-paste."""
    return "\n".join(line.rstrip() for line in _unglued(rendered).splitlines()) + "\n"
