"""Sentences (French or English) -> draft KPI specs: `kpiguard check "Faire 25 % du CA mensuel via email"`.

    from kpiguard.language import check
    result = check("Réduire les stocks de 30 %")
    result.parse.metric, result.findings, result.rewrite.sentence
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from kpiguard._i18n import normalize_lang, speaking
from kpiguard.errors import Diagnostic, KpiguardError
from kpiguard.language.custom import CustomMetricDraft, custom_metric
from kpiguard.language.draft import draft_kpi, draft_spec
from kpiguard.language.grammar import Parse, ParsedGuardrail, parse
from kpiguard.language.rewrite import RobustRewrite, rewrite
from kpiguard.language.text import too_long
from kpiguard.spec.models import KPI, Spec

# Render messages in `lang` inside the block (lint findings are rendered when they are made).
language = speaking


@dataclass(slots=True)
class Check:
    """One sentence checked: what it says, the draft KPI, the lint findings on it and a robust rewrite."""

    parse: Parse
    lang: str
    today: date
    kpi: KPI | None = None
    findings: list[Any] = field(default_factory=list)
    rewrite: RobustRewrite | None = None
    custom: CustomMetricDraft | None = None  # a measure the catalog lacks: the custom metric the spec would need

    @property
    def usable(self) -> bool:
        return self.kpi is not None

    @property
    def errors(self) -> list[Any]:
        return [f for f in self.findings if f.severity == "error"]

    def to_dict(self) -> dict[str, Any]:
        """The JSON of the check, in its answer's language: the findings' rewrites are written when first asked (a
        KPI's rewrites are composed once, `kpiguard.lint.composition`), so here, not in the caller's language."""
        with language(self.lang):
            return self._to_dict()

    def _to_dict(self) -> dict[str, Any]:
        return {
            "statement": self.parse.statement,
            "lang": self.lang,
            "parse": self.parse.to_dict(self.today, self.lang),
            "kpi": None if self.kpi is None else Spec(kpis=[self.kpi]).to_data()["kpis"][0],
            "findings": [f.to_dict() for f in self.findings],
            "rewrite": None if self.rewrite is None else self.rewrite.to_dict(),
            "custom_metric": None if self.custom is None else self.custom.to_dict(),
        }


def check(statement: str, *, today: date | None = None, lang: str | None = None) -> Check:
    """Parse a KPI sentence, lint the draft KPI it describes and write its robust rewrite.

    `lang` is the language of the answer (default: the sentence's own); `today` anchors horizons without a
    year ("by Q3", "within 6 months") and the default baseline (default: the current date). A sentence longer than
    `kpiguard.language.text.SENTENCE_LIMIT` characters (a whole document pasted) raises KpiguardError.
    """
    from kpiguard.lint import lint

    refused = too_long(statement, normalize_lang(lang) if lang else None)
    if refused is not None:
        raise KpiguardError(Diagnostic(refused, code="sentence"))
    today = today or date.today()
    parsed = parse(statement)
    answer = normalize_lang(lang) if lang else parsed.lang
    result = Check(parse=parsed, lang=answer, today=today)
    with language(answer):
        result.kpi = draft_kpi(parsed, today=today)
        if result.kpi is not None:
            spec = Spec(currency=_currency(parsed), kpis=[result.kpi])
            result.findings = lint(spec, today=today)
            result.rewrite = rewrite(parsed, today=today, lang=answer)
        else:
            result.custom = custom_metric(parsed, today)
    return result


def _currency(parsed: Parse) -> str:
    from kpiguard.language.draft import currency_of

    return currency_of([parsed])


__all__ = ["Check", "CustomMetricDraft", "Parse", "ParsedGuardrail", "RobustRewrite", "check", "draft_kpi", "draft_spec", "language",
           "parse", "rewrite"]
