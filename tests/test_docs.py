"""The README and docs/ as a newcomer copies them: every YAML example loads, every command line shown exists."""

from __future__ import annotations

import ast
import importlib
import importlib.util
import re
import shlex
from datetime import date
from pathlib import Path

import pytest
import typer
import yaml

from kpiguard.cli import _register, app
from kpiguard.spec import load_spec_text

ROOT = Path(__file__).resolve().parents[1]
PAGES = [ROOT / "README.md", ROOT / "GLOSSARY.md", *sorted((ROOT / "docs").glob("*.md"))]
FENCE = re.compile(r"^```(\w*)\n(.*?)^```", re.MULTILINE | re.DOTALL)
INLINE = re.compile(r"`(kpiguard [^`]+)`")
SHELL = ("", "sh", "bash", "console", "shell")

_register()
GROUP = typer.main.get_command(app)


def _blocks(languages: tuple[str, ...]):
    """(where, text) of every fenced block in one of `languages`, `where` being `page:line`."""
    for page in PAGES:
        text = page.read_text(encoding="utf-8")
        for match in FENCE.finditer(text):
            if match.group(1) in languages:
                line = text[:match.start()].count("\n") + 1
                yield f"{page.relative_to(ROOT)}:{line}", match.group(2)


def _command_lines():
    """(where, line) of every `kpiguard ...` command a page shows, in a shell block or as inline code."""
    for where, block in _blocks(SHELL):
        for line in block.splitlines():
            line = line.removeprefix("$ ").strip()
            if line.startswith("kpiguard "):
                yield where, line
    for page in PAGES:
        text = page.read_text(encoding="utf-8")
        for match in INLINE.finditer(text):
            yield f"{page.relative_to(ROOT)}:{text[:match.start()].count(chr(10)) + 1}", match.group(1)


YAML_BLOCKS = list(_blocks(("yaml", "yml")))
SPEC_BLOCKS = [(w, b) for w, b in YAML_BLOCKS if "repos" not in (yaml.safe_load(b) or {})]
PRE_COMMIT_BLOCKS = [(w, b) for w, b in YAML_BLOCKS if "repos" in (yaml.safe_load(b) or {})]
PYTHON_BLOCKS = list(_blocks(("python",)))
COMMAND_LINES = list(_command_lines())


@pytest.mark.parametrize(("where", "block"), SPEC_BLOCKS, ids=[w for w, _ in SPEC_BLOCKS])
def test_every_yaml_example_loads_as_printed(where, block):
    load_spec_text(block, where)  # a SpecError names the page, the block's line and the problem


def _as_an_editor_reads_it(value):
    """Dates are plain strings to the YAML language server (YAML 1.2), as in JSON; keys are strings."""
    if isinstance(value, dict):
        return {str(k): _as_an_editor_reads_it(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_as_an_editor_reads_it(v) for v in value]
    return value.isoformat() if isinstance(value, date) else value


@pytest.mark.parametrize(("where", "block"), SPEC_BLOCKS, ids=[w for w, _ in SPEC_BLOCKS])
def test_every_yaml_example_passes_the_editors_schema(where, block):
    """`kpiguard schema` is what editors underline with: an example the loader takes must not be underlined."""
    jsonschema = pytest.importorskip("jsonschema")
    from kpiguard.spec.schema import spec_json_schema

    errors = jsonschema.Draft202012Validator(spec_json_schema()).iter_errors(_as_an_editor_reads_it(yaml.safe_load(block)))
    assert not [f"{'/'.join(map(str, e.path))}: {e.message}" for e in errors], where


@pytest.mark.parametrize(("where", "block"), PRE_COMMIT_BLOCKS, ids=[w for w, _ in PRE_COMMIT_BLOCKS])
def test_pre_commit_examples_name_a_hook_kpiguard_ships(where, block):
    shipped = {hook["id"] for hook in yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))}
    shown = {hook["id"] for repo in yaml.safe_load(block)["repos"] for hook in repo["hooks"]}
    assert shown <= shipped, where


@pytest.mark.parametrize(("where", "block"), PYTHON_BLOCKS, ids=[w for w, _ in PYTHON_BLOCKS])
def test_every_python_example_is_python_and_imports_what_exists(where, block):
    tree = compile(block, where, "exec", ast.PyCF_ONLY_AST)
    for node in ast.walk(tree):  # an API renamed since the page was written fails here
        if isinstance(node, ast.Import):
            for alias in node.names:
                importlib.import_module(alias.name)
        elif isinstance(node, ast.ImportFrom):
            module = importlib.import_module(node.module)
            missing = [a.name for a in node.names if not hasattr(module, a.name)
                       and importlib.util.find_spec(f"{node.module}.{a.name}") is None]
            assert not missing, f"{where}: {node.module} has no {missing}"


def _options(command) -> set[str]:
    ctx = typer.Context(command, info_name="kpiguard")
    return {opt for param in command.get_params(ctx) for opt in (*param.opts, *param.secondary_opts)}


def _unknown_parts(line: str) -> list[str]:
    """The command or options of `line` that kpiguard does not have."""
    words = shlex.split(line.split(" #")[0].replace("|", " "), posix=True)[1:]
    words = [w.strip("[]") for w in words if w.strip("[]")]
    group_options = _options(GROUP)
    while words and words[0] in group_options:  # `kpiguard --lang fr review ...`
        words = words[2:] if words[0] == "--lang" else words[1:]
    if not words or words[0].startswith("-"):
        return [w for w in words if w.startswith("-") and w.split("=")[0] not in group_options]
    name, rest = words[0], words[1:]
    if name not in GROUP.commands:
        return [name]
    known = _options(GROUP.commands[name]) | group_options
    return [w for w in rest if re.match(r"--?[a-zA-Z]", w) and w.split("=")[0] not in known]


@pytest.mark.parametrize(("where", "line"), COMMAND_LINES, ids=[f"{w} {li}" for w, li in COMMAND_LINES])
def test_every_command_shown_exists_with_its_options(where, line):
    assert not _unknown_parts(line), f"{where}: `{line}`"


def test_every_option_of_every_command_is_documented():
    documented = "\n".join(page.read_text(encoding="utf-8") for page in PAGES)
    missing = [f"kpiguard {name} {opt}" for name, command in sorted(GROUP.commands.items()) if not command.hidden
               for opt in sorted(_options(command)) if opt.startswith("--") and opt not in ("--help", "--lang")
               and not re.search(rf"(kpiguard {name}\b[^\n`]*|`){re.escape(opt)}\b", documented)]
    assert not missing, "options no page mentions:\n" + "\n".join(missing)


def test_the_spec_errors_shown_are_messages_the_loader_gives():
    """docs/spec.md's *Errors* block: each message (`...` cuts one short) is expected of a file in tests/spec/bad/."""
    page = (ROOT / "docs" / "spec.md").read_text(encoding="utf-8")
    shown = re.search(r"^```text\n(.*?)^```", page, re.MULTILINE | re.DOTALL).group(1).splitlines()
    expected = [re.sub(r"^[^:]+:\d+:\d+: ", "", line) for path in (ROOT / "tests" / "spec" / "bad").glob("*.expected")
                for line in path.read_text(encoding="utf-8").splitlines()]
    stale = [line for line in shown
             if not any(re.fullmatch(re.escape(line.split(": ", 1)[1]).replace(r"\.\.\.", ".*"), e) for e in expected)]
    assert not stale, "docs/spec.md shows messages the loader no longer gives:\n" + "\n".join(stale)


def test_every_choice_of_every_format_is_documented():
    documented = "\n".join(page.read_text(encoding="utf-8") for page in PAGES)
    missing = []
    for name, command in sorted(GROUP.commands.items()):
        for param in command.get_params(typer.Context(command, info_name=name)):
            if "--format" in param.opts:
                choices = [member.value for member in param.type_descriptor.annotation]
                missing += [f"kpiguard {name} --format {c}" for c in choices if f"`{c}`" not in documented
                            and not re.search(rf"kpiguard {name}\b[^\n]*--format[ =][^\n]*\b{c}\b", documented)]
    assert not missing, "formats no page mentions:\n" + "\n".join(missing)


CONSOLE_BLOCKS = [(w, b) for w, b in _blocks(("console",)) if b.startswith("$ kpiguard ")]


@pytest.mark.parametrize(("where", "block"), CONSOLE_BLOCKS, ids=[w for w, _ in CONSOLE_BLOCKS])
def test_a_console_example_shows_what_the_command_prints(where, block):
    """Each line shown is printed as it is (a line ending in `...` is cut short; `...` alone skips lines)."""
    from typer.testing import CliRunner

    command, *shown = block.splitlines()
    result = CliRunner().invoke(app, shlex.split(command.removeprefix("$ kpiguard ")))
    printed = [" ".join(line.split()) for line in result.stdout.splitlines()]
    stale = []
    for line in (" ".join(s.split()) for s in shown):
        if line in ("", "..."):
            continue
        cut = line.endswith("...")
        if not any(p.startswith(line[:-3].rstrip()) if cut else p == line for p in printed):
            stale.append(line)
    assert not stale, f"{where}: `{command}` no longer prints:\n" + "\n".join(stale)


REPO_PATH = re.compile(r"(?<![\w/.-])((?:src/kpiguard|kpiguard|tests|bench|docs|examples|scripts)/[\w./-]+)")
LINK = re.compile(r"\]\(([^)#:]+)(?:#[^)]*)?\)")


def test_every_file_and_link_a_page_names_exists():
    """`kpiguard/metrics/units.py`, `tests/metrics/test_segments.py`, [docs/spec.md](docs/spec.md): still there."""
    missing = []
    for page in PAGES:
        text = page.read_text(encoding="utf-8")
        for match in REPO_PATH.finditer(text):
            path = match.group(1).rstrip(".,")
            if not ((ROOT / path).exists() or (ROOT / "src" / path).exists()):
                missing.append(f"{page.relative_to(ROOT)}: {path}")
        for match in LINK.finditer(text):
            if not (page.parent / match.group(1)).exists():
                missing.append(f"{page.relative_to(ROOT)}: link {match.group(1)}")
    assert not missing, "\n".join(missing)


def _example_lines():
    """(where, command line) of every example at the end of a command's help, in both languages."""
    from kpiguard.cli._examples import EXAMPLES, examples

    for name in EXAMPLES:
        for lang in ("en", "fr"):
            for line in examples(name, lang):
                inner = re.search(r"\$\((kpiguard [^)]*)\)", line)  # eval "$(kpiguard completion bash)"
                if inner or line.startswith("kpiguard "):
                    yield f"kpiguard {name} -h ({lang})", inner.group(1) if inner else line


EXAMPLE_LINES = list(_example_lines())


@pytest.mark.parametrize(("where", "line"), EXAMPLE_LINES, ids=[f"{w} {li}" for w, li in EXAMPLE_LINES])
def test_every_example_in_a_commands_help_runs_a_command_and_options_that_exist(where, line):
    assert not _unknown_parts(line), f"{where}: `{line}`"


def test_every_command_ends_its_help_with_examples_in_the_language_asked():
    """A new user's `kpiguard review -h` listed options but never showed a command line to start from."""
    from typer.testing import CliRunner

    from kpiguard.cli._examples import EXAMPLES

    visible = {name for name, command in GROUP.commands.items() if not command.hidden}
    assert set(EXAMPLES) == visible | {"kpiguard"}
    for name in sorted(visible) + [None]:
        for lang, heading in (("en", "\nExamples:\n  "), ("fr", "\nExemples :\n  ")):
            args = ["--lang", lang, *([name] if name else []), "-h"]
            result = CliRunner().invoke(app, args)
            assert result.exit_code == 0 and heading in result.stdout, (args, result.stdout[-400:])
            assert len({len(line.split("#")[0]) for line in result.stdout.split(heading.strip())[-1].splitlines()
                         if " # " in line and not line.lstrip().startswith("#")}) <= 1, result.stdout  # lined up
    assert len(EXAMPLE_LINES) > 2 * len(visible)
