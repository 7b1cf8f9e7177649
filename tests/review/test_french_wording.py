"""The review's words agree with what they count, in French as in English."""

from __future__ import annotations

import pytest

from kpiguard.cli.review import parse_fail_on
from kpiguard.review.formats.common import summary


@pytest.mark.parametrize("verdicts, lang, line", [
    (["missed", "missed", "toxic_success"], "fr", "3 KPI : 2 manqués, 1 succès toxique"),
    (["healthy_success", "healthy_success", "not_evaluable", "not_evaluable"], "fr",
     "4 KPI : 2 succès sains, 2 non évaluables"),
    (["toxic_success", "toxic_success"], "fr", "2 KPI : 2 succès toxiques"),
    (["healthy_success", "healthy_success", "missed"], "en", "3 KPIs: 2 healthy successes, 1 missed"),
    (["missed"], "fr", "1 KPI : 1 manqué"),
])
def test_the_count_of_verdicts_agrees_in_number(verdicts, lang, line):
    """"3 KPI : 1 succès toxique, 2 manqué" (and "2 healthy success") before."""
    said = summary([{"verdict": v} for v in verdicts], lang)
    assert said.replace("\u202f", " ").replace("\u00a0", " ") == line


def test_a_french_reader_may_write_the_plural_they_read():
    assert parse_fail_on("manqués, succès toxiques")[0] == {"missed", "toxic_success"}


def test_a_french_verdict_may_be_written_whole():
    """"succès toxique", as the review prints it, was refused as an unknown verdict (only "toxique" was read)."""
    assert parse_fail_on("succès toxique,succès creux")[0] == {"toxic_success", "hollow_success"}
