"""Report renderers: the review turned into one self-contained HTML page, in English or French."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from kpiguard.report.html import render_html
from kpiguard.report.view import build_view


def write_report(
    spec: Any,
    out: str | Path,
    *,
    as_of: dt.date | None = None,
    period: Any = None,
    lang: str | None = None,
    source: Any = None,
    segment_by: str | None = None,
) -> Path:
    """Review `spec` (a Spec or a path) on its data and write the HTML report to `out` atomically.

    The review runs with `lang` in force so that its reasons come in the report's language; `segment_by`
    splits the additive KPIs by that dimension instead of their default one (see `kpiguard.review.review`).
    """
    from kpiguard._io import write_atomic

    return write_atomic(out, report_html(spec, as_of=as_of, period=period, lang=lang, source=source,
                                         segment_by=segment_by))


def report_html(
    spec: Any,
    *,
    as_of: dt.date | None = None,
    period: Any = None,
    lang: str | None = None,
    source: Any = None,
    segment_by: str | None = None,
) -> str:
    """The HTML report of `spec` (a Spec or a path) reviewed on its data, as `write_report` writes it."""
    from kpiguard._i18n import get_lang, normalize_lang, set_lang
    from kpiguard.lint import lint
    from kpiguard.review import review
    from kpiguard.spec import load_spec
    from kpiguard.spec.periods import parse_period

    if not hasattr(spec, "kpis"):
        spec = load_spec(spec)
    previous = get_lang()
    language = normalize_lang(lang) if lang else previous
    set_lang(language)
    try:
        chosen = parse_period(period) if period is not None else None
        result = review(spec, as_of=as_of, period=chosen, source=source, lint_findings=lint(spec),
                        segment_by=segment_by)
        return render_html(result.to_dict(), language)
    finally:
        set_lang(previous)


__all__ = ["build_view", "render_html", "write_report"]
