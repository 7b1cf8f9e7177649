"""The HTML report: one self-contained page (inline CSS and SVG, no script, no request) from a review."""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path
from typing import Any

from kpiguard._typography import typeset
from kpiguard.report.charts import render_chart
from kpiguard.report.labels import TEXT
from kpiguard.report.view import build_view

TEMPLATES = Path(__file__).parent / "templates"


@lru_cache(maxsize=2)
def _environment(lang: str = "en"):
    import jinja2
    from markupsafe import Markup

    def finalize(value):
        # every text the page prints follows the language's typography ("Marge brute : −19,4 %" never breaks
        # before its colon); markup (the charts' SVG) is left as built
        return typeset(value, lang) if isinstance(value, str) and not isinstance(value, Markup) else value

    environment = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(TEMPLATES)),
        autoescape=True,
        trim_blocks=True,
        lstrip_blocks=True,
        undefined=jinja2.StrictUndefined,
        finalize=finalize,
    )
    # code (a YAML rewrite to copy into the spec) is printed as written: escaped, never typeset
    environment.filters["code"] = lambda value: Markup.escape(value)
    environment.filters["prose"] = lambda value: prose(value, lang)
    return environment


_CODE_SPAN = re.compile(r"`([^`\n]+)`")


def prose(value: object, lang: str):
    """A message as the page prints it: escaped and typeset, its `code` spans (the spec keys a finding or a note
    says to write, as the terminal shows them between backticks) set as <code> instead of showing their backticks."""
    from markupsafe import Markup

    text, out, start = str(value), [], 0
    for match in _CODE_SPAN.finditer(text):
        out.append(Markup.escape(typeset(text[start:match.start()], lang)))
        out.append(Markup("<code>%s</code>") % match.group(1))
        start = match.end()
    out.append(Markup.escape(typeset(text[start:], lang)))
    return Markup("").join(out)


def _labels(lang: str) -> dict[str, str]:
    labels = {
        key.replace(".", "_"): message.render(lang) for key, message in TEXT.items() if "{" not in message.en
    }
    labels["colon"] = "\u00a0:" if lang == "fr" else ":"
    return labels


def render_html(review: dict[str, Any], lang: str = "en") -> str:
    """Render a review (the JSON of `Review.to_dict()`) as one HTML page in `lang` ("en" or "fr")."""
    from markupsafe import Markup

    view = build_view(review, lang)
    currency = (review.get("spec") or {}).get("currency")

    def chart(spec: dict[str, Any] | None) -> Markup:
        # The SVG is built from escaped text by charts.py, so it is safe to insert as markup.
        return Markup(render_chart(spec, view["lang"], currency))

    template = _environment(view["lang"]).get_template("report.html.j2")
    return template.render(v=view, L=_labels(view["lang"]), chart=chart)
