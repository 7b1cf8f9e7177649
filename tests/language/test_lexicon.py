"""The lexicon as data: every catalog metric can be named in both languages, and its rewrite name reads back."""

from __future__ import annotations

import pytest

from kpiguard.catalog import builtin_metrics
from kpiguard.language import parse
from kpiguard.language.lexicon import compile_phrase, load_lexicon
from kpiguard.language.rewrite import metric_name
from kpiguard.language.text import fold

LEXICON = load_lexicon()


def test_lexicon_metrics_are_catalog_metrics():
    catalog = builtin_metrics()
    assert set(LEXICON.raw["metrics"]) <= set(catalog)
    for table in LEXICON.compose.values():
        for forms in table.values():
            assert set(forms.values()) <= set(catalog)
    assert {rule["metric"] for rule in LEXICON.implied} <= set(catalog)


@pytest.mark.parametrize("metric", sorted(builtin_metrics()))
@pytest.mark.parametrize("lang", ["fr", "en"])
def test_every_catalog_metric_has_a_name_that_parses_back(metric, lang):
    name = metric_name(metric, lang)
    assert metric in LEXICON.raw["names"], f"no name for {metric} in lexicon.yaml `names`"
    verb = "Suivre" if lang == "fr" else "Track"
    result = parse(f"{verb} {name}")
    assert result.metric == metric, (name, result.metric)
    assert result.unknown == []


@pytest.mark.parametrize("pattern, matches, rejects", [
    ("chiffre(s) d'affaire(s)", ["chiffre d'affaires", "chiffres d affaires", "chiffre d’affaire"], ["chiffrer"]),
    ("(taux de) [réachat|rachat] à 90 [jours|j]", ["taux de réachat à 90 jours", "rachat a 90 j"], ["réachat à 60 jours"]),
    ("ca [utm|via] email", ["CA UTM e-mail", "ca via emails", "CA via mail"], ["ca par email"]),
    ("revenu / [visiteur|utilisateur]", ["revenu/utilisateur", "revenu / visiteur"], ["revenu par visiteur"]),
    ("avec (un|une)", ["avec un", "avec une", "avec"], ["avecun x"]),
])
def test_phrase_patterns(pattern, matches, rejects):
    regex = compile_phrase(pattern, LEXICON.raw["aliases"])
    for text in matches:
        assert regex.fullmatch(fold(text)), text
    for text in rejects:
        assert not regex.fullmatch(fold(text)), text


def test_lexicon_loads_fast_enough_to_be_cached():
    assert load_lexicon() is load_lexicon()


def test_anchor_prefilter_changes_no_parse(monkeypatch):
    """Phrases are only tried when one of their words is in the sentence: that must never change a result."""
    from pathlib import Path

    import yaml

    from kpiguard.language.lexicon import Phrase

    here = Path(__file__).parent
    texts = [e["text"] for name in ("corpus.yaml", "holdout.yaml")
             for e in yaml.safe_load((here / name).read_text(encoding="utf-8"))]
    fast = [parse(t).to_dict() for t in texts]
    monkeypatch.setattr(Phrase, "may_match", lambda self, norm: True)
    assert [parse(t).to_dict() for t in texts] == fast


def test_every_lexicon_word_is_a_string():
    """A bare `on` or `no` in YAML is a boolean: the word would silently be unknown ("Reach 40% on newsletters")."""
    def leaves(node):
        if isinstance(node, dict):
            for value in node.values():
                yield from leaves(value)
        elif isinstance(node, list):
            for value in node:
                yield from leaves(value)
        else:
            yield node

    assert [w for w in leaves(LEXICON.raw) if not isinstance(w, str)] == []
    assert parse("Reach 40% open rate on newsletters by year end").unknown == []
