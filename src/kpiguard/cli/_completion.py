"""Shell completion of option values (`kpiguard rule <TAB>`, `--metric <TAB>`): what each value can be, with a
short description zsh and fish show next to it. Imported on <TAB> only; the catalog and the rules are read then.

Enable it with `kpiguard --install-completion`, or print the script with `kpiguard --show-completion bash`.
"""

from __future__ import annotations

from kpiguard._i18n import get_lang, pick

Candidates = list[tuple[str, str]]

LANGUAGES = {"en": "English", "fr": "français"}
DIMENSIONS = {"channel": {"en": "the order's or session's channel", "fr": "le canal de la commande ou de la session"},
              "source": {"en": "the UTM source", "fr": "la source UTM"},
              "campaign": {"en": "the UTM campaign", "fr": "la campagne UTM"},
              "category": {"en": "the product category (order lines)",
                           "fr": "la catégorie de produit (lignes de commande)"}}


def _starting(incomplete: str, candidates: Candidates) -> Candidates:
    """The candidates that begin with what was typed."""
    return [(value, words) for value, words in candidates if value.startswith(incomplete)]


def languages(incomplete: str) -> Candidates:
    return _starting(incomplete, list(LANGUAGES.items()))


def dimensions(incomplete: str) -> Candidates:
    return _starting(incomplete, [(name, pick(words, get_lang())) for name, words in DIMENSIONS.items()])


def scenarios(incomplete: str) -> Candidates:
    from kpiguard.simulate.scenarios import SCENARIOS

    return _starting(incomplete, [(name, "") for name in SCENARIOS])


def metrics(incomplete: str) -> Candidates:
    """The built-in metrics (a spec's own metrics are its own to type), with their label."""
    from kpiguard.catalog import builtin_metrics

    lang = get_lang()
    return _starting(incomplete, [(name, pick(metric.label, lang) if isinstance(metric.label, dict)
                                   else metric.label or "") for name, metric in builtin_metrics().items()])


def rules(incomplete: str) -> Candidates:
    """A rule's code or name (`kpiguard rule`), with its title."""
    from kpiguard.lint.registry import all_rules

    lang = get_lang()
    candidates = [(r.code, r.title.render(lang)) for r in all_rules()]
    return _starting(incomplete, candidates + [(r.name, r.code) for r in all_rules()])


def rule_selection(incomplete: str) -> Candidates:
    """What `--select` and `--ignore` take: codes and families, comma-separated (`KG101,tar<TAB>`)."""
    from kpiguard.lint.registry import all_rules

    head, comma, last = incomplete.rpartition(",")
    families = sorted({r.name.partition(".")[0] for r in all_rules()})
    candidates = [(family, "") for family in families] + rules("")
    return [(head + comma + value, words) for value, words in _starting(last, candidates)]





# the variable the shell sets when it asks kpiguard for completions (typer's convention: _<PROG>_COMPLETE)
COMPLETE_VAR = "_KPIGUARD_COMPLETE"
SHELLS = ("bash", "zsh", "fish", "powershell")


def shells(incomplete: str) -> Candidates:
    return _starting(incomplete, [(name, "") for name in SHELLS])


def script(shell: str) -> str:
    """The completion script of `shell` (one of SHELLS): it asks `kpiguard` for the words on <TAB>."""
    from typer.completion import get_completion_script

    return get_completion_script(prog_name="kpiguard", complete_var=COMPLETE_VAR, shell=shell) + "\n"


def shell_of(path: str | None) -> str | None:
    """The shell $SHELL names (`/usr/bin/zsh` -> zsh), if kpiguard completes for it."""
    import os

    name = os.path.basename(path or "").removesuffix(".exe")
    name = "powershell" if name == "pwsh" else name
    return name if name in SHELLS else None


def asked() -> bool:
    """True when the shell is asking for completions (then typer's completion classes must be registered)."""
    import os

    return bool(os.environ.get(COMPLETE_VAR))


__all__ = ["COMPLETE_VAR", "SHELLS", "asked", "dimensions", "languages", "metrics", "rule_selection", "rules",
           "scenarios", "script", "shell_of", "shells"]
