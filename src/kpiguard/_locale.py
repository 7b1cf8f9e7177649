"""The language the environment asks for: $KPIGUARD_LANG, else the system locale (LANGUAGE, LC_ALL, LC_MESSAGES,
LANG, as GNU gettext reads them).

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
# GNU's list of preferred languages (`fr_FR:fr:en`), read first as gettext reads it: only when the locale is not
# C or POSIX (there gettext ignores it), and its first language that kpiguard speaks wins.
PRIORITY_VARIABLE = "LANGUAGE"
SPOKEN = ("fr", "en")


def explicit_lang(environ: Mapping[str, str] | None = None) -> str | None:
    """$KPIGUARD_LANG as written, when it is set and not blank (a language kpiguard does not speak is the caller's
    to refuse: it was asked for kpiguard)."""
    value = (os.environ if environ is None else environ).get(OWN_VARIABLE, "")
    return value if value.strip() else None


def locale_lang(environ: Mapping[str, str] | None = None) -> str:
    """The language of the system locale, never an error (a locale is the machine's, not a request to kpiguard).

    The locale is the first of LC_ALL, LC_MESSAGES, LANG that is set: `fr_FR.UTF-8`, `fr_CA`, `fr` are French; any
    other (`de_DE`, `C`, `POSIX`, `C.UTF-8`) or none is English. Unless that locale is C or POSIX (or none), GNU's
    $LANGUAGE comes first: the first of its languages kpiguard speaks (`de:fr:en` is French) wins."""
    environ = os.environ if environ is None else environ
    locale = next((value for value in (environ.get(name, "").strip() for name in LOCALE_VARIABLES) if value), "")
    if not _is_c_locale(locale):
        for item in environ.get(PRIORITY_VARIABLE, "").split(":"):
            language = item.strip().lower()[:2]
            if language in SPOKEN:
                return language
    return "fr" if locale.lower().startswith("fr") else "en"


def _is_c_locale(locale: str) -> bool:
    """True for no locale and for C or POSIX (`C.UTF-8` too), where gettext translates nothing."""
    return locale.split(".")[0] in ("", "C", "POSIX")


def environment_lang(environ: Mapping[str, str] | None = None) -> str:
    """The language the environment asks for, when no `--lang` is given: $KPIGUARD_LANG (`fr*` is French, anything
    else English), else the system locale."""
    asked = explicit_lang(environ)
    if asked is not None:
        return "fr" if asked.strip().lower().startswith("fr") else "en"
    return locale_lang(environ)
