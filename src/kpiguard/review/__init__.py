"""The review: each KPI judged on data (attainment, decomposition, guardrails, verdict), and the company's answer.

    from kpiguard.review import review
    result = review(spec, as_of=None, period=None)      # or, as the issue writes it: kpiguard.review(spec)
    result.to_dict(); result.to_frame()
"""

from __future__ import annotations

import sys
import types

from kpiguard.review.evaluation import review
from kpiguard.review.model import SCHEMA_VERSION, KpiReview, Review
from kpiguard.review.verdict import VERDICTS


class _CallableModule(types.ModuleType):
    """`kpiguard.review` is both this package and, called, the `review` function: a notebook user writes
    `kpiguard.review(spec)` as documented, while `from kpiguard.review import review` keeps working."""

    def __call__(self, *args, **kwargs) -> Review:
        return review(*args, **kwargs)


sys.modules[__name__].__class__ = _CallableModule

__all__ = ["SCHEMA_VERSION", "VERDICTS", "KpiReview", "Review", "review"]
