"""kpiguard: KPI specs that say what to steer, a linter for toxic KPIs, and a review on real data.

The public API is what `__all__` lists; everything else is private and may change.
"""

from __future__ import annotations

__version__ = "0.1.0"

from kpiguard.errors import DataError, Diagnostic, KpiguardError, Location, SpecError
from kpiguard.spec import KPI, Period, Spec, load_spec, load_spec_text, parse_period

__all__ = [
    "KPI",
    "DataError",
    "Diagnostic",
    "KpiguardError",
    "Location",
    "Period",
    "Spec",
    "SpecError",
    "__version__",
    "load_spec",
    "load_spec_text",
    "parse_period",
]
