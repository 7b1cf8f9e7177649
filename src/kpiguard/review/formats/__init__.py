"""Renderers of a review: pure functions from the review JSON (Review.to_dict()) to text."""

from __future__ import annotations

from kpiguard.review.formats.json import render_json
from kpiguard.review.formats.markdown import render_markdown
from kpiguard.review.formats.text import render_text

__all__ = ["render_json", "render_markdown", "render_text"]
