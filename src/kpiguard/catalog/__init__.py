"""The built-in metric catalog: metric definitions as data (metrics.yaml), read once."""

from __future__ import annotations

from functools import cache
from importlib.resources import files

from kpiguard.spec.models import MetricDef


@cache
def builtin_metrics() -> dict[str, MetricDef]:
    """Every built-in metric by name, validated by the same model as a spec's custom metrics."""
    import yaml

    try:
        from yaml import CSafeLoader as Loader
    except ImportError:  # pragma: no cover
        from yaml import SafeLoader as Loader  # type: ignore[assignment]

    raw = yaml.load(files(__package__).joinpath("metrics.yaml").read_text(encoding="utf-8"), Loader=Loader)
    metrics: dict[str, MetricDef] = {}
    for name, body in raw.items():
        metric = MetricDef.model_validate(body)
        metric._name = name
        metrics[name] = metric
    return metrics


def resolve_metric(name: str, custom: dict[str, MetricDef] | None = None) -> MetricDef | None:
    """A spec's own definition wins over the built-in one of the same name."""
    if custom and name in custom:
        return custom[name]
    return builtin_metrics().get(name)


__all__ = ["builtin_metrics", "resolve_metric"]
