"""The rule base: a code, a dotted name, a severity, a title in both languages, and the docstring as its doc."""

from __future__ import annotations

import inspect
import re
from collections.abc import Iterable, Iterator
from typing import ClassVar

from kpiguard._i18n import Message
from kpiguard.errors import Location
from kpiguard.lint.context import LintContext
from kpiguard.lint.finding import Finding, Rewrite, Severity
from kpiguard.spec.models import KPI

DOC_HEADINGS = ("## What it does", "## Why is this bad?", "## Example", "Use instead:")
_FENCE = re.compile(r"```yaml\n(.*?)```", re.DOTALL)


class Rule:
    """A check on a spec. Subclasses set the class attributes and write `check_kpi` (or `check` for the set).

    The class docstring is the rule's documentation (ruff's headings); `kpiguard rule CODE` prints it.
    """

    code: ClassVar[str]
    name: ClassVar[str]
    severity: ClassVar[Severity]
    title: ClassVar[Message]
    # What the rule flags, in a sentence or two in both languages (SARIF's fullDescription; the docstring, the
    # rule's documentation, is in English)
    summary: ClassVar[Message]
    # The docstring's "## What it does" and "## Why is this bad?" sections in French, under the same headings (its
    # examples are YAML, the same in both languages): `kpiguard --lang fr rule CODE` prints them
    doc_fr: ClassVar[str] = ""
    suppressible: ClassVar[bool] = True
    # More specific rules that say the same thing about a KPI, with a rewrite that also answers this one: when one
    # of them is reported on the KPI (after `select`, `ignore` and `noqa`), this rule's finding is not repeated.
    # A rule that knows better for one finding passes `yields_to=` to `finding`.
    yields_to: ClassVar[tuple[str, ...]] = ()

    def check(self, ctx: LintContext) -> Iterator[Finding]:
        for kpi in ctx.spec.kpis:
            yield from self.check_kpi(kpi, ctx)

    def check_kpi(self, kpi: KPI, ctx: LintContext) -> Iterable[Finding]:
        return ()

    def finding(self, kpi: KPI | None, message: str, location: Location | None,
                rewrite: Rewrite | None = None, yields_to: tuple[str, ...] | None = None) -> Finding:
        return Finding(self.code, self.name, self.severity, kpi.id if kpi is not None else None, message,
                       location, rewrite, self.yields_to if yields_to is None else yields_to)

    # --- documentation ---------------------------------------------------------------------------

    @classmethod
    def doc(cls) -> str:
        return inspect.cleandoc(cls.__doc__ or "")

    @classmethod
    def doc_in(cls, lang: str) -> str:
        """The documentation in `lang`: in French, the French sections followed by the docstring's examples (the
        docstring itself when the rule has no French text)."""
        doc = cls.doc()
        if lang != "fr" or not cls.doc_fr:
            return doc
        start = doc.find("## Example")
        return inspect.cleandoc(cls.doc_fr) + ("\n\n" + doc[start:] if start >= 0 else "")

    @classmethod
    def example(cls) -> str:
        """The spec of the doc's `## Example` (it must trigger the rule)."""
        return _section_yaml(cls.doc(), "## Example", "Use instead:")

    @classmethod
    def use_instead(cls) -> str:
        """The spec of the doc's `Use instead:` (it must not trigger the rule)."""
        return _section_yaml(cls.doc(), "Use instead:", None)


def _section_yaml(doc: str, start: str, end: str | None) -> str:
    begin = doc.find(start)
    if begin < 0:
        return ""
    stop = doc.find(end, begin) if end else -1
    block = _FENCE.search(doc[begin: stop if stop >= 0 else None])
    return block.group(1) if block else ""
