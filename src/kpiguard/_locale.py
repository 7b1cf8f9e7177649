"""The language the environment asks for: $KPIGUARD_LANG, else the system locale (LC_ALL, LC_MESSAGES, LANG).

Only `os` is imported: the console script asks this before anything else is loaded, to say "interrupted" in the
user's language when Ctrl-C comes during start-up.
"""

from __future__ import annotations

import os

TYPE_CHECKING = False  # not `typing`: nothing but `os` is imported
if TYPE_CHECKING:
    from collections.abc import Mapping

# The variables of the system locale that name the language of messages, in the order POSIX reads them: the first
# one set (and not empty) wins, as for git or ls. `LC_ALL=C` over `LANG=fr_FR.UTF-8` is English.
LOCALE_VARIABLES = ("LC_ALL", "LC_MESSAGES", "LANG")
OWN_VARIABLE = "KPIGUARD_LANG"


def explicit_lang(environ: Mapping[str, str] | None = None) -> str | None:
    """$KPIGUARD_LANG as written, when it is set and not blank (a language kpiguard does not speak is the caller's
    to refuse: it was asked for kpiguard)."""
    value = (os.environ if environ is None else environ).get(OWN_VARIABLE, "")
    return value if value.strip() else None


def locale_lang(environ: Mapping[str, str] | None = None) -> str:
    """The language of the system locale: `fr` when the first of LC_ALL, LC_MESSAGES, LANG that is set starts with
    `fr` (`fr_FR.UTF-8`, `fr_CA`, `fr`); English for any other (`de_DE`, `C`, `POSIX`, `C.UTF-8`) or none. Never an
    error: a locale is the machine's, not a request to kpiguard."""
    environ = os.environ if environ is None else environ
    for name in LOCALE_VARIABLES:
        value = environ.get(name, "").strip()
        if value:
            return "fr" if value.lower().startswith("fr") else "en"
    return "en"


def environment_lang(environ: Mapping[str, str] | None = None) -> str:
    """The language the environment asks for, when no `--lang` is given: $KPIGUARD_LANG (`fr*` is French, anything
    else English), else the system locale."""
    asked = explicit_lang(environ)
    if asked is not None:
        return "fr" if asked.strip().lower().startswith("fr") else "en"
    return locale_lang(environ)
