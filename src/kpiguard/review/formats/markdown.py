"""The review as Markdown, for a pull request or a chat message."""

from __future__ import annotations

from typing import Any

from kpiguard._i18n import Message, get_lang
from kpiguard._typography import typeset
from kpiguard.review.formats.common import (
    ANSWER,
    DATA_CHECKS,
    GUARDRAILS,
    HEADERS,
    QUESTION,
    baseline_value,
    data_warnings,
    period_cell,
    progress,
    reasons,
    summary,
    target_value,
    title,
    value,
    verdict_cell,
)

COLON = Message(en="{text}:", fr="{text} :")
GUARDRAIL_STATUS = {
    "ok": Message(en="ok", fr="tenu"),
    "breached": Message(en="breached", fr="franchi"),
    "breached_not_significant": Message(en="breached, not significant", fr="franchi, non significatif"),
    "not_evaluable": Message(en="not evaluable", fr="non évaluable"),
}


def _inline(text: str) -> str:
    """Text from the spec or the data, kept as text: a `<` outside code spans is written `&lt;`, so that a name such
    as "<script>" or "<b>" is shown, not run or applied by a renderer that lets HTML through (code spans show
    their text as is)."""
    parts = text.split("`")
    if len(parts) % 2 == 0:  # an unpaired backtick opens no code span
        parts = [text]
    return "`".join(p if i % 2 else p.replace("<", "&lt;") for i, p in enumerate(parts))


def _cell(text: str) -> str:
    return _inline(text).replace("|", "\\|").replace("\n", " ")


def render_markdown(review: dict[str, Any], lang: str | None = None) -> str:
    lang = lang or review.get("lang") or get_lang()
    company = review["company"]
    out = [f"## {_cell(title(review, lang))}", ""]
    out.append(f"**{QUESTION.render(lang)} {ANSWER[company['better_off']].render(lang)}**")
    out.append("")
    for line in reasons(company, lang):
        out.append(f"- {_cell(line)}")
    warnings = data_warnings(review, lang)
    if warnings:
        out += ["", f"**{DATA_CHECKS.render(lang)}**", ""]
        out += [f"- ⚠ {_cell(line)}" for line in warnings]
    out += ["", summary(review["kpis"], lang), ""]
    if not review["kpis"]:
        return typeset("\n".join(out), lang)
    heads = ("kpi", "period", "baseline", "current", "target", "progress", "verdict")
    out.append("| " + " | ".join(HEADERS[h].render(lang) for h in heads) + " |")
    out.append("|" + "---|" * len(heads))
    for k in review["kpis"]:
        out.append("| " + " | ".join(_cell(x) for x in (
            f"`{k['id']}`", period_cell(k, lang), baseline_value(k, lang),
            value(k, k["current"]["value"], lang), target_value(k, lang),
            progress(k, lang), verdict_cell(k, lang))) + " |")
    for k in review["kpis"]:
        out += ["", f"### `{k['id']}` {verdict_cell(k, lang)}"]
        if k.get("statement"):
            out.append(f"> {_cell(k['statement'])}")
        out.append("")
        out += [f"- {_cell(r)}" for r in reasons(k, lang)]
        if k["guardrails"]:
            out += ["", COLON.render(lang, text=GUARDRAILS.render(lang)), ""]
            for g in k["guardrails"]:
                text = (g.get("reason_i18n") or {}).get(lang) or g["reason"]
                status = GUARDRAIL_STATUS[g["status"]].render(lang) if g["status"] in GUARDRAIL_STATUS else g["status"]
                out.append(f"- `{g['metric']}` " + COLON.render(lang, text=f"**{status}**") + f" {_cell(text)}")
    return typeset("\n".join(out) + "\n", lang)
