"""The examples at the end of each command's help (`kpiguard review -h`), in English and French.

One command line per line, a comment after `#`; tests/test_docs.py checks that each runs a command and options
that exist.
"""

from __future__ import annotations

from kpiguard._i18n import Message

HEADING = Message(en="Examples", fr="Exemples ")  # click writes "{heading}:"; French puts a space before the colon

EXAMPLES: dict[str, Message | str] = {
    "kpiguard": Message(
        en="kpiguard demo # a KPI that backfires, simulated\n"
           "kpiguard init --from objectives.txt # a first spec from your sentences\n"
           "kpiguard lint kpis.yaml # its risks, and robust rewrites\n"
           "kpiguard review kpis.yaml # judged on your data (fill data:)\n"
           "kpiguard --lang fr review --help # any help, in French",
        fr="kpiguard demo # un KPI qui se retourne, simulé\n"
           "kpiguard init --from objectifs.txt # une 1re spec depuis vos phrases\n"
           "kpiguard lint kpis.yaml # ses risques, et des réécritures\n"
           "kpiguard review kpis.yaml # jugée sur vos données (data:)\n"
           "kpiguard --lang en review --help # toute aide, en anglais"),
    "validate": (  # the same in both languages
        "kpiguard validate kpis.yaml\n"
        "kpiguard validate specs/*.yaml --format json"),
    "schema": Message(
        en="kpiguard schema -o kpiguard.schema.json # then, first line of kpis.yaml:\n"
           "# yaml-language-server: $schema=./kpiguard.schema.json",
        fr="kpiguard schema -o kpiguard.schema.json # puis, en 1re ligne de kpis.yaml :\n"
           "# yaml-language-server: $schema=./kpiguard.schema.json"),
    "lint": (  # the same in both languages
        "kpiguard lint kpis.yaml\n"
        "kpiguard lint kpis.yaml --no-rewrite --fail-on warning\n"
        "kpiguard lint specs/*.yaml --format sarif > kpiguard.sarif\n"
        "kpiguard lint kpis.yaml --select KG1,targets --ignore KG106"),
    "rule": (  # the same in both languages
        "kpiguard rule KG101\n"
        "kpiguard rule structure.share-without-absolute --lang fr"),
    "rules": (  # the same in both languages
        "kpiguard rules\n"
        "kpiguard rules --format json"),
    "check": Message(
        en='kpiguard check "Reach 25% of revenue via e-mail by the end of 2026"\n'
           'kpiguard check "Faire 25 % du CA mensuel via email" --lang en\n'
           "kpiguard check --file objectives.txt --format json # one sentence a line",
        fr='kpiguard check "Faire 25 % du CA mensuel via email"\n'
           'kpiguard check "Reach 25% of revenue via e-mail by the end of 2026" --lang fr\n'
           "kpiguard check --file objectifs.txt --format json # une phrase par ligne"),
    "init": Message(
        en="kpiguard init # asks for the sentences\n"
           "kpiguard init --from objectives.txt --out kpis.yaml\n"
           'kpiguard init --from-sentence "Raise the AOV from 65 to 70 EUR by Q4" --out -',
        fr="kpiguard init # demande les phrases\n"
           "kpiguard init --from objectifs.txt --out kpis.yaml\n"
           "kpiguard init --from-sentence \"Panier moyen de 65 à 70 € d'ici le T4\" --out -"),
    "compute": (  # the same in both languages
        "kpiguard compute kpis.yaml -p 2025-Q4 -p 2026-Q4\n"
        "kpiguard compute kpis.yaml -m revenue -m aov -p 2026 --by month --format csv\n"
        "kpiguard compute kpis.yaml -m revenue -p 2026-Q2 --segment-by channel"),
    "explain": (  # the same in both languages
        "kpiguard explain kpis.yaml -m email_revenue_share -p 2026-Q4\n"
        "kpiguard explain kpis.yaml -m revenue -p 2026 --by month"),
    "review": Message(
        en="kpiguard review kpis.yaml # as of the data's last day\n"
           "kpiguard review kpis.yaml --period 2026-Q2 --format md -o review.md\n"
           "kpiguard review kpis.yaml --fail-on toxic # exit 1 for CI",
        fr="kpiguard review kpis.yaml # au dernier jour de données\n"
           "kpiguard review kpis.yaml --period 2026-Q2 --format md -o revue.md\n"
           "kpiguard review kpis.yaml --fail-on toxic # code 1 pour la CI"),
    "report": Message(
        en="kpiguard report kpis.yaml --out report.html\n"
           "kpiguard report kpis.yaml --as-of 2026-06-30 --lang fr --out rapport.html",
        fr="kpiguard report kpis.yaml --out rapport.html\n"
           "kpiguard report kpis.yaml --as-of 2026-06-30 --lang en --out report.html"),
    "simulate": Message(
        en="kpiguard simulate --out shop/\n"
           "kpiguard simulate --out shop/ --scenario stock-clearance --customers 5000\n"
           "kpiguard review shop/kpis.yaml --as-of 2026-12-31",
        fr="kpiguard simulate --out boutique/\n"
           "kpiguard simulate --out boutique/ --scenario stock-clearance --customers 5000\n"
           "kpiguard review boutique/kpis.yaml --as-of 2026-12-31"),
    "demo": Message(
        en="kpiguard demo\n"
           "kpiguard demo --lang fr --report story.html",
        fr="kpiguard demo\n"
           "kpiguard demo --lang en --report histoire.html"),
    "completion": Message(
        en='eval "$(kpiguard completion bash)" # in ~/.bashrc\n'
           "kpiguard completion fish > ~/.config/fish/completions/kpiguard.fish",
        fr='eval "$(kpiguard completion bash)" # dans ~/.bashrc\n'
           "kpiguard completion fish > ~/.config/fish/completions/kpiguard.fish"),
}


def examples(command: str | None, lang: str) -> list[str]:
    """The example lines of `command`'s help, in `lang`, their comments lined up (none for a command without)."""
    message = EXAMPLES.get(command or "")
    if message is None:
        return []
    text = message if isinstance(message, str) else message.render(lang)
    lines = [line.partition(" # ") for line in text.splitlines()]
    width = max((len(code) for code, sep, _ in lines if sep and code), default=0)
    return [f"{code:<{width}}   # {comment}" if sep and code else code for code, sep, comment in lines]


__all__ = ["EXAMPLES", "HEADING", "examples"]
