"""Which rules run and how severe they are: pyproject.toml, then the spec's `lint:` section, then the command line."""

from __future__ import annotations

import difflib
import re
import tomllib
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from kpiguard._i18n import Message
from kpiguard.errors import Diagnostic, Location, SpecError
from kpiguard.lint.finding import SEVERITIES, SEVERITY_WORDS
from kpiguard.lint.registry import all_rules
from kpiguard.lint.rule import Rule
from kpiguard.spec.models import Spec

UNKNOWN_SELECTOR = Message(
    en="unknown lint rule {selector!r} in {where}: use a code (KG101), a code prefix (KG1), a name "
       "(structure.share-without-absolute), a family (structure) or ALL; `kpiguard rules` lists them",
    fr="règle de lint inconnue {selector!r} dans {where} : utilisez un code (KG101), un préfixe (KG1), un nom "
       "(structure.share-without-absolute), une famille (structure) ou ALL ; `kpiguard rules` les liste",
)
UNKNOWN_SELECTOR_CLOSE = Message(
    en="unknown lint rule {selector!r} in {where}; did you mean {best!r}? (`kpiguard rules` lists them)",
    fr="règle de lint inconnue {selector!r} dans {where} ; vouliez-vous dire {best!r} ? "
       "(`kpiguard rules` les liste)",
)
BAD_SEVERITY = Message(
    en="severity of {selector!r} must be one of error, warning, info; got {value!r}{hint}",
    fr="la sévérité de {selector!r} doit être error, warning ou info ; reçu {value!r}{hint}",
)
SEVERITY_MEANT = Message(en=" (write {code!r})", fr=" (écrivez {code!r})")
BAD_PYPROJECT = Message(
    en="cannot read this pyproject.toml: {reason}",
    fr="impossible de lire ce pyproject.toml : {reason}",
)
BAD_TOML = Message(
    en="invalid TOML: {reason}; fix this pyproject.toml (kpiguard reads its [tool.kpiguard.lint] table: the one "
       "nearest the spec), or rename it while you lint",
    fr="TOML invalide : {reason} ; corrigez ce pyproject.toml (kpiguard lit sa table [tool.kpiguard.lint] : celui "
       "le plus proche de la spec), ou renommez-le le temps de la vérification",
)
BAD_TYPE = Message(
    en="[tool.kpiguard.lint] {key} must be {expected}",
    fr="[tool.kpiguard.lint] {key} doit être {expected}",
)
A_LIST = Message(en="a list of rule codes", fr="une liste de codes de règles")
A_TABLE = Message(en="a table: rule code = \"error\" | \"warning\" | \"info\"",
                  fr="une table : code de règle = \"error\" | \"warning\" | \"info\"")


@dataclass
class Selector:
    """A rule selector as written, and where (so that a typo is reported at its place)."""

    text: str
    location: Location | None = None
    where: str = "--select"


@dataclass
class LintSettings:
    select: list[Selector] | None = None          # None: every rule
    ignore: list[Selector] = field(default_factory=list)
    severity: dict[str, tuple[str, Location | None, str]] = field(default_factory=dict)

    def merged(self, other: LintSettings) -> LintSettings:
        """`other` wins: its select replaces ours; ignores add up; its severities override ours."""
        return LintSettings(
            select=other.select if other.select is not None else self.select,
            ignore=self.ignore + other.ignore,
            severity={**self.severity, **other.severity},
        )


def matches(selector: str, rule: Rule) -> bool:
    sel = selector.strip()
    if sel.upper() == "ALL":
        return True
    if rule.code.startswith(sel.upper()):
        return True
    return rule.name == sel or rule.name.startswith(sel + ".")


def _resolve(selectors: Iterable[Selector], rules: tuple[Rule, ...], errors: list[Diagnostic]) -> set[str]:
    """The codes the selectors name; a selector that names no rule adds its error to `errors`."""
    codes: set[str] = set()
    for sel in selectors:
        hit = {r.code for r in rules if matches(sel.text, r)}
        if not hit:
            errors.append(Diagnostic(_unknown_selector(sel, rules), sel.location, code="lint-config"))
        codes |= hit
    return codes


def _unknown_selector(sel: Selector, rules: tuple[Rule, ...]) -> str:
    """The message for a selector that names no rule, with the closest code, name or family when there is one."""
    known = {r.code for r in rules} | {r.name for r in rules} | {r.name.split(".")[0] for r in rules}
    best = difflib.get_close_matches(sel.text.strip(), sorted(known), n=1, cutoff=0.75)
    if not best:
        best = [k for k in sorted(known) if k.lower() == sel.text.strip().lower()][:1]
    if best:
        return UNKNOWN_SELECTOR_CLOSE(selector=sel.text, where=sel.where, best=best[0])
    return UNKNOWN_SELECTOR(selector=sel.text, where=sel.where)


def resolve(settings: LintSettings) -> tuple[list[Rule], dict[str, str]]:
    """The rules to run, in code order, and the severity of each where it was overridden.

    Raises SpecError with every unknown selector and bad severity of the configuration at once.
    """
    rules = all_rules()
    errors: list[Diagnostic] = []
    selected = _resolve(settings.select, rules, errors) if settings.select is not None else {r.code for r in rules}
    selected -= _resolve(settings.ignore, rules, errors)
    overrides: dict[str, str] = {}
    for sel, (value, loc, where) in settings.severity.items():
        if value not in SEVERITIES:
            errors.append(Diagnostic(BAD_SEVERITY(selector=sel, value=value, hint=_severity_hint(value)), loc,
                                     code="lint-config"))
            continue
        for code in _resolve([Selector(sel, loc, where)], rules, errors):
            overrides[code] = value
    if errors:
        raise SpecError(errors)
    return [r for r in rules if r.code in selected], overrides


def _severity_hint(value: str) -> str:
    """The config value of a severity written as lint's text output says it (`avertissement`, `Warning`)."""
    said = str(value).strip().lower()
    for code, word in SEVERITY_WORDS.items():
        if said in (code, word.fr.lower(), word.en.lower()):
            return SEVERITY_MEANT(code=code)
    return ""


def check_spec_config(spec: Spec) -> list[Diagnostic]:
    """The problems of a spec's own `lint:` section (unknown rule codes), for `kpiguard validate`."""
    if spec.lint is None:
        return []  # nothing to check: the rules need not even be imported
    try:
        resolve(from_spec(spec))
    except SpecError as error:
        return list(error.diagnostics)
    return []


# --- sources -----------------------------------------------------------------------------------------

def from_spec(spec: Spec) -> LintSettings:
    config = spec.lint
    if config is None:
        return LintSettings()
    where = "lint"

    def items(field_name: str, values: list[str]) -> list[Selector]:
        return [Selector(v, config._item_locs.get((field_name, i)) or config.loc_of(field_name), where)
                for i, v in enumerate(values)]

    return LintSettings(
        select=items("select", config.select) if config.select else None,
        ignore=items("ignore", config.ignore),
        severity={k: (v, config.loc_of("severity"), where) for k, v in config.severity.items()},
    )


def from_command_line(select: list[str] | None, ignore: list[str] | None,
                      severity: dict[str, str] | None = None) -> LintSettings:
    return LintSettings(
        select=[Selector(s, None, "--select") for s in _split(select)] if select else None,
        ignore=[Selector(s, None, "--ignore") for s in _split(ignore)],
        severity={k: (v, None, "--severity") for k, v in (severity or {}).items()},
    )


def _split(values: list[str] | None) -> list[str]:
    """`--select KG1,KG2 --select KG301` -> [KG1, KG2, KG301]."""
    return [part.strip() for value in values or () for part in value.split(",") if part.strip()]


def find_pyproject(start: str | Path | None) -> Path | None:
    """The nearest pyproject.toml from the spec's folder upwards (like ruff's configuration discovery)."""
    if start is None:
        return None
    folder = Path(start).resolve()
    folder = folder if folder.is_dir() else folder.parent
    for candidate in (folder, *folder.parents):
        path = candidate / "pyproject.toml"
        if path.is_file():
            return path
    return None


def from_pyproject(path: Path | None) -> LintSettings:
    if path is None:
        return LintSettings()
    try:
        stat = path.stat()
    except OSError:
        return LintSettings()
    return _read_pyproject(str(path), stat.st_mtime_ns)


@lru_cache(maxsize=32)
def _read_pyproject(path: str, _mtime: int) -> LintSettings:
    try:
        with open(path, "rb") as handle:
            data = tomllib.load(handle)
    except (OSError, UnicodeDecodeError) as exc:  # tomllib decodes the bytes itself: a Latin-1 file
        from kpiguard._io import os_reason

        raise SpecError([Diagnostic(BAD_PYPROJECT(reason=os_reason(exc)), _decode_location(path, exc),
                                    code="lint-config")]) from None
    except tomllib.TOMLDecodeError as exc:
        reason, location = _toml_error(path, str(exc))
        raise SpecError([Diagnostic(BAD_TOML(reason=reason), location, code="lint-config")]) from None
    tool = data.get("tool", {}).get("kpiguard", {})
    if not isinstance(tool, dict):
        return LintSettings()
    table = tool.get("lint", tool) if isinstance(tool.get("lint"), dict) else tool
    where = f"{path} [tool.kpiguard]"
    lines = _lines_of(path)
    settings = LintSettings()
    errors: list[Diagnostic] = []
    for key in ("select", "ignore"):
        if key not in table:
            continue
        values = table[key]
        if not (isinstance(values, list) and all(isinstance(v, str) for v in values)):
            errors.append(Diagnostic(BAD_TYPE(key=key, expected=A_LIST()), _where(path, lines, key),
                                     code="lint-config"))
            continue
        selectors = [Selector(v, _where(path, lines, v), where) for v in values]
        if key == "select":
            settings.select = selectors
        else:
            settings.ignore = selectors
    severity = table.get("severity", {})
    if not isinstance(severity, dict):
        errors.append(Diagnostic(BAD_TYPE(key="severity", expected=A_TABLE()), _where(path, lines, "severity"),
                                 code="lint-config"))
    else:
        settings.severity = {k: (str(v), _where(path, lines, k), where) for k, v in severity.items()}
    if errors:
        raise SpecError(errors)
    return settings


def _toml_error(path: str, text: str) -> tuple[str, Location]:
    """tomllib's reason without its `(at line 2, column 14)`, which becomes the location (`(at end of document)`:
    the last line)."""
    match = re.search(r" \(at line (\d+), column (\d+)\)$", text)
    if match:
        return text[: match.start()], Location(path, int(match.group(1)), int(match.group(2)))
    if text.endswith(" (at end of document)"):
        lines = _lines_of(path) or [""]
        return text.removesuffix(" (at end of document)"), Location(path, len(lines), len(lines[-1]) + 1)
    return text, Location(path)


def _decode_location(path: str, exc: OSError | UnicodeDecodeError) -> Location:
    """Where the first byte that is not UTF-8 sits (line and column), for a file that is not UTF-8 text."""
    if not isinstance(exc, UnicodeDecodeError):
        return Location(path)
    before = bytes(exc.object[: exc.start]).decode("utf-8", errors="replace")
    return Location(path, before.count("\n") + 1, len(before) - (before.rfind("\n") + 1) + 1)


def _lines_of(path: str) -> list[str]:
    try:
        return Path(path).read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError):
        return []


def _where(path: str, lines: list[str], needle: str) -> Location:
    """Best-effort location of a value in pyproject.toml (tomllib keeps none): its first mention."""
    for number, line in enumerate(lines, 1):
        col = line.find(needle)
        if col >= 0 and not line.lstrip().startswith("#"):
            return Location(path, number, col + 1)
    return Location(path)


def settings_for(spec: Spec, select: list[str] | None = None, ignore: list[str] | None = None,
                 severity: dict[str, str] | None = None) -> LintSettings:
    """pyproject.toml (nearest the spec), then the spec's `lint:` section, then the command line."""
    base = from_pyproject(find_pyproject(spec.path)) if spec.path else LintSettings()
    return base.merged(from_spec(spec)).merged(from_command_line(select, ignore, severity))
