"""`kpiguard completion`: the script that makes <TAB> complete kpiguard's commands, options and values."""

from __future__ import annotations

import os
from typing import Annotated

import typer

from kpiguard._i18n import Message
from kpiguard.cli import _completion as complete
from kpiguard.cli import app
from kpiguard.cli._common import LangOption, emit, fail_message, use_lang
from kpiguard.cli._help import Help

NO_SHELL = Message(
    en="which shell? $SHELL ({shell}) is not one kpiguard completes for: name it, kpiguard completion {shells}",
    fr="quel shell ? $SHELL ({shell}) n'est pas un shell que kpiguard complète : nommez-le, kpiguard completion "
       "{shells}")
UNKNOWN_SHELL = Message(en="kpiguard completes for {shells}, not '{shell}'",
                        fr="kpiguard complète pour {shells}, pas pour '{shell}'")


@app.command(help=Help(
    en="Print the script that makes <TAB> complete kpiguard's commands, options and values (rule codes, metrics, "
       "scenarios, languages). bash: add `eval \"$(kpiguard completion bash)\"` to ~/.bashrc; zsh: the same with "
       "zsh in ~/.zshrc, after compinit; fish: kpiguard completion fish > ~/.config/fish/completions/kpiguard.fish.",
    fr="Afficher le script qui fait compléter par <TAB> les commandes, options et valeurs de kpiguard (codes de "
       "règle, métriques, scénarios, langues). bash : ajoutez `eval \"$(kpiguard completion bash)\"` à ~/.bashrc ; "
       "zsh : de même avec zsh dans ~/.zshrc, après compinit ; fish : kpiguard completion fish > "
       "~/.config/fish/completions/kpiguard.fish."))
def completion(
    shell: Annotated[str | None, typer.Argument(metavar="SHELL", show_default=False, autocompletion=complete.shells,
                                                       help=Help(
        en=f"{', '.join(complete.SHELLS)} (default: the one $SHELL names).",
        fr=f"{', '.join(complete.SHELLS)} (par défaut : celui que nomme $SHELL)."))] = None,
    lang: LangOption = None,
) -> None:
    use_lang(lang)
    shells = "|".join(complete.SHELLS)
    if shell is None:
        shell = complete.shell_of(os.environ.get("SHELL"))
        if shell is None:
            fail_message(NO_SHELL, shell=os.environ.get("SHELL") or "-", shells=shells)
    elif shell.strip().lower() not in complete.SHELLS:
        from kpiguard.cli._usage import closest

        fail_message(UNKNOWN_SHELL.render(shell=shell, shells=shells) + closest(shell, complete.SHELLS))
    emit(complete.script(shell.strip().lower()))
