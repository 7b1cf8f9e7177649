"""YAML text -> plain Python values plus the location of every key and value (a source map)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import yaml

from kpiguard._i18n import Message
from kpiguard.errors import DiagnosticBag, Location

try:  # libyaml keeps loading a 10,000-KPI spec well under a second
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover - pure-Python fallback
    from yaml import SafeLoader as _Loader  # type: ignore[assignment]

Path = tuple[str | int, ...]

SYNTAX = Message(en="invalid YAML: {problem}", fr="YAML invalide : {problem}")
DUPLICATE_KEY = Message(
    en="duplicate key {key!r} (first defined at line {line}); keep only one",
    fr="clé {key!r} en double (déjà définie ligne {line}) ; n'en gardez qu'une",
)
UNSUPPORTED_NODE = Message(
    en="YAML anchors, aliases and custom tags are not supported here; write the value out",
    fr="les ancres, alias et balises YAML ne sont pas acceptés ici ; écrivez la valeur en entier",
)
NON_SCALAR_KEY = Message(en="keys must be plain strings", fr="les clés doivent être de simples chaînes")

_construct = yaml.SafeLoader("")  # only its scalar constructors are used


@dataclass
class SourceMap:
    """Locations by path: `values[path]` is where the value starts, `keys[path]` where its key is written."""

    file: str
    values: dict[Path, Location] = field(default_factory=dict)
    keys: dict[Path, Location] = field(default_factory=dict)

    def value(self, path: Path) -> Location:
        """The location of the value at `path`, or of its nearest ancestor."""
        while path:
            if path in self.values:
                return self.values[path]
            path = path[:-1]
        return self.values.get((), Location(self.file, 1, 1))

    def key(self, path: Path) -> Location:
        return self.keys.get(path) or self.value(path)


def _loc(file: str, node: yaml.Node) -> Location:
    mark = node.start_mark
    return Location(file, mark.line + 1, mark.column + 1)


def read_yaml(text: str, file: str, bag: DiagnosticBag) -> tuple[Any, SourceMap]:
    """Parse one YAML document. Syntax errors go to `bag` and give `None`."""
    smap = SourceMap(file)
    try:
        node = yaml.compose(text, Loader=_Loader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        loc = Location(file, mark.line + 1, mark.column + 1) if mark else Location(file, 1, 1)
        bag.add(SYNTAX, loc, problem=exc.problem or exc.context or "syntax error", code="yaml")
        return None, smap
    except yaml.YAMLError as exc:  # e.g. several documents in one stream
        bag.add(SYNTAX, Location(file, 1, 1), problem=str(exc).splitlines()[0], code="yaml")
        return None, smap
    if node is None:
        return None, smap
    return _convert(node, (), smap, bag), smap


def _convert(node: yaml.Node, path: Path, smap: SourceMap, bag: DiagnosticBag) -> Any:
    smap.values[path] = _loc(smap.file, node)
    if isinstance(node, yaml.MappingNode):
        out: dict[str, Any] = {}
        first_line: dict[str, int] = {}
        for key_node, value_node in node.value:
            if key_node.tag == "tag:yaml.org,2002:merge":
                bag.add(UNSUPPORTED_NODE, _loc(smap.file, key_node), code="yaml")
                continue
            if not isinstance(key_node, yaml.ScalarNode):
                bag.add(NON_SCALAR_KEY, _loc(smap.file, key_node), code="yaml")
                continue
            key = str(_scalar(key_node, smap, bag))
            if key in out:
                bag.add(DUPLICATE_KEY, _loc(smap.file, key_node), key=key, line=first_line[key], code="yaml")
                continue
            first_line[key] = key_node.start_mark.line + 1
            smap.keys[path + (key,)] = _loc(smap.file, key_node)
            out[key] = _convert(value_node, path + (key,), smap, bag)
        return out
    if isinstance(node, yaml.SequenceNode):
        return [_convert(item, path + (i,), smap, bag) for i, item in enumerate(node.value)]
    return _scalar(node, smap, bag)


def _scalar(node: yaml.Node, smap: SourceMap, bag: DiagnosticBag) -> Any:
    constructor = _construct.yaml_constructors.get(node.tag)
    if constructor is None or node.tag in ("tag:yaml.org,2002:binary", "tag:yaml.org,2002:set",
                                           "tag:yaml.org,2002:omap", "tag:yaml.org,2002:pairs"):
        bag.add(UNSUPPORTED_NODE, _loc(smap.file, node), code="yaml")
        return node.value
    try:
        return constructor(_construct, node)
    except (yaml.YAMLError, ValueError, OverflowError):
        return node.value
