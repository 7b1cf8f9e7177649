"""The spec language: typed models, the YAML loader (with locations), periods, the JSON Schema."""

from kpiguard.spec.loader import load_spec, load_spec_text
from kpiguard.spec.models import KPI, DataConfig, Guardrail, LintConfig, MetricDef, Spec, Target, Team
from kpiguard.spec.periods import Period, PeriodError, parse_period

__all__ = [
    "KPI",
    "DataConfig",
    "Guardrail",
    "LintConfig",
    "MetricDef",
    "Period",
    "PeriodError",
    "Spec",
    "Target",
    "Team",
    "load_spec",
    "load_spec_text",
    "parse_period",
]
