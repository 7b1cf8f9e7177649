"""The review: each KPI judged on data (attainment, decomposition, guardrails, verdict), and the company's answer.

    from kpiguard.review import review
    result = review(spec, as_of=None, period=None)      # or, as the issue writes it: kpiguard.review(spec)
    result.to_dict(); result.to_frame()
"""

from __future__ import annotations

from kpiguard._callable import make_callable
from kpiguard.review.evaluation import review
from kpiguard.review.model import SCHEMA_VERSION, KpiReview, Review
from kpiguard.review.verdict import VERDICTS

# `kpiguard.review(spec)`, as the notebook API is documented, calls `review`.
make_callable(__name__, review)

__all__ = ["SCHEMA_VERSION", "VERDICTS", "KpiReview", "Review", "review"]
