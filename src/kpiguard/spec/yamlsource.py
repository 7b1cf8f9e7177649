"""YAML text -> plain Python values plus the location of every key and value (a source map)."""

from __future__ import annotations

import re
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

# A spec is a handful of nested levels; anything deeper is a mistake or an attack (and exhausts the stack).
MAX_DEPTH = 64
# Aliases may repeat a node; a "billion laughs" document repeats it exponentially. Expanding more nodes than
# this (beyond what the text itself holds) is refused.
MAX_EXPANDED_NODES = 200_000


def _node_budget(text: str) -> int:
    """Nodes a document may expand to: what its text can hold without aliases, plus MAX_EXPANDED_NODES.

    Every node written takes at least one character (`[1,2]` is 3 nodes in 5), so a spec of flow-style KPIs,
    14 values per line, stays within it however long it is; only aliases can go beyond.
    """
    return MAX_EXPANDED_NODES + len(text)

SYNTAX = Message(en="invalid YAML: {problem}", fr="YAML invalide : {problem}")
ODD_SPACE = Message(
    en="invalid YAML: a no-break or other Unicode space ({char}) in the indentation, as pasted from a web page or a "
    "document; YAML indents with plain spaces only, replace it with a space",
    fr="YAML invalide : une espace insécable ou autre espace Unicode ({char}) dans l'indentation, comme en colle une "
    "page web ou un document ; YAML n'indente qu'avec des espaces simples, remplacez-la par une espace",
)
# Spaces that are no YAML indentation, yet look like it: YAML reads the line as a value and reports another line.
_ODD_INDENT = re.compile(r"^ *([\u00a0\u2000-\u200b\u202f\u205f\u3000])", re.MULTILINE)
TAB_HINT = Message(
    en="invalid YAML: a tab character; YAML indents with spaces only, replace the tab with spaces",
    fr="YAML invalide : une tabulation ; YAML n'indente qu'avec des espaces, "
    "remplacez la tabulation par des espaces",
)
CONTROL_CHAR = Message(
    en="invalid YAML: control character {char} is not allowed in a YAML file; remove it",
    fr="YAML invalide : le caractère de contrôle {char} n'est pas permis dans un fichier YAML ; supprimez-le",
)
SEVERAL_DOCUMENTS = Message(
    en="a spec file holds one YAML document; remove the second `---` or split the file",
    fr="un fichier de spec contient un seul document YAML ; supprimez le second `---` ou séparez le fichier",
)
DUPLICATE_KEY = Message(
    en="duplicate key {key!r} (first defined at line {line}); keep only one",
    fr="clé {key!r} en double (déjà définie ligne {line}) ; n'en gardez qu'une",
)
FLOW_NUMBER = Message(
    en="inside {{...}} a comma separates entries, so {written!r} was split into a number and keys {key!r}: "
    "write {plain} (no thousands separator)",
    fr="entre {{...}} une virgule sépare les entrées, donc {written!r} a été coupé en un nombre et des clés "
    "{key!r} : écrivez {plain} (sans séparateur de milliers)",
)
DUPLICATE_CODE = "yaml-duplicate"  # a problem that leaves the document usable
UNSUPPORTED_NODE = Message(
    en="the YAML tag {tag} is not supported in a spec; remove it and write a plain value",
    fr="la balise YAML {tag} n'est pas acceptée dans une spec ; retirez-la et écrivez une valeur simple",
)
BAD_MERGE = Message(
    en="a merge key (<<) takes an alias to a mapping (<<: *defaults) or a list of them",
    fr="une clé de fusion (<<) prend un alias vers un dictionnaire (<<: *defaults) ou une liste de ceux-ci",
)
NON_SCALAR_KEY = Message(
    en="keys must be plain strings, not a list or a mapping",
    fr="les clés doivent être de simples chaînes, pas une liste ni un dictionnaire",
)
EMPTY_KEY = Message(
    en="a key is empty; write a name before the colon",
    fr="une clé est vide ; écrivez un nom avant les deux-points",
)
TOO_DEEP = Message(
    en="nested too deeply (more than {depth} levels); a spec needs only a few",
    fr="imbrication trop profonde (plus de {depth} niveaux) ; une spec n'en demande que quelques-uns",
)
RECURSIVE_ALIAS = Message(
    en="a YAML alias refers to a node that contains it (an endless value); write the value out",
    fr="un alias YAML renvoie à un nœud qui le contient (une valeur sans fin) ; écrivez la valeur en entier",
)
ALIAS_BOMB = Message(
    en="YAML aliases expand to more than {limit:,} values; write the values out instead of repeating aliases",
    fr="les alias YAML se développent en plus de {limit} valeurs ; "
    "écrivez les valeurs au lieu de répéter des alias",
)

_construct = yaml.SafeLoader("")  # only its scalar constructors are used
_NOT_SUPPORTED_TAGS = (
    "tag:yaml.org,2002:binary",
    "tag:yaml.org,2002:set",
    "tag:yaml.org,2002:omap",
    "tag:yaml.org,2002:pairs",
)


@dataclass
class SourceMap:
    """Locations by path: `values[path]` is where the value starts, `keys[path]` where its key is written.

    `texts[path]` is a scalar exactly as written (messages quote the user, not Python's reading of it).
    """

    file: str
    values: dict[Path, Location] = field(default_factory=dict)
    keys: dict[Path, Location] = field(default_factory=dict)
    texts: dict[Path, str] = field(default_factory=dict)
    flow: set[Path] = field(default_factory=set)  # mappings written inline, `{a: 1, b: 2}`
    source: str = ""  # the text, where a message must quote more than one scalar (`{to: 10,000,000}`)
    styles: dict[Path, str] = field(default_factory=dict)  # quoted ('"', "'") and block ('|', '>') scalars

    def value(self, path: Path) -> Location:
        """The location of the value at `path`, or of its nearest ancestor."""
        while path:
            if path in self.values:
                return self.values[path]
            path = path[:-1]
        return self.values.get((), Location(self.file, 1, 1))

    def key(self, path: Path) -> Location:
        return self.keys.get(path) or self.value(path)

    def text(self, path: Path) -> str | None:
        return self.texts.get(path)


def _flow_number(buffer: str, key_node: yaml.ScalarNode) -> str | None:
    """The number written around a digit key of a flow mapping (`10,000,000`), from the source text."""
    start = end = key_node.start_mark.index
    if not buffer or end >= len(buffer):
        return None
    while start > 0 and (buffer[start - 1].isdigit() or buffer[start - 1] in ", "):
        start -= 1
    while end < len(buffer) and (buffer[end].isdigit() or buffer[end] == ","):
        end += 1
    written = buffer[start:end].strip(" ,")
    return written if re.fullmatch(r"\d{1,3}(,\d{3})+", written) else None


def _loc(file: str, node: yaml.Node) -> Location:
    mark = node.start_mark
    return Location(file, mark.line + 1, mark.column + 1)


def _mark_loc(file: str, mark: Any) -> Location:
    return Location(file, mark.line + 1, mark.column + 1) if mark is not None else Location(file, 1, 1)


def _position_loc(file: str, text: str, position: int) -> Location:
    before = text[:position]
    line = before.count("\n") + 1
    return Location(file, line, position - (before.rfind("\n") + 1) + 1)


def read_yaml(text: str, file: str, bag: DiagnosticBag) -> tuple[Any, SourceMap]:
    """Parse one YAML document. Syntax errors go to `bag` and give `None`."""
    smap = SourceMap(file)
    text = text.removeprefix("\ufeff")  # a byte-order mark some editors write; not part of the document
    odd = _ODD_INDENT.search(text)
    if odd is not None:
        bag.add(ODD_SPACE, _position_loc(file, text, odd.start(1)), char=f"U+{ord(odd.group(1)):04X}", code="yaml")
        return None, smap
    try:
        return _read_plain(text, file)
    except _Fallback:
        pass
    try:
        node = yaml.compose(text, Loader=_Loader)
    except yaml.reader.ReaderError as exc:
        char = f"U+{exc.character:04X}" if isinstance(exc.character, int) else repr(exc.character)
        bag.add(CONTROL_CHAR, _position_loc(file, text, exc.position), char=char, code="yaml")
        return None, smap
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        loc = _mark_loc(file, mark)
        if _is_tab_at(text, mark) or "\t" in (exc.problem or ""):
            bag.add(TAB_HINT, loc, code="yaml")
        elif exc.context and "single document" in exc.context:
            bag.add(SEVERAL_DOCUMENTS, loc, code="yaml")
        else:
            bag.add(SYNTAX, loc, problem=_misaligned(text, exc) or _problem(exc), code="yaml")
        return None, smap
    except yaml.YAMLError as exc:  # pragma: no cover - every libyaml error above carries a mark
        bag.add(SYNTAX, Location(file, 1, 1), problem=str(exc).splitlines()[0], code="yaml")
        return None, smap
    if node is None:
        return None, smap
    smap.source = text
    budget = _Budget(limit=_node_budget(text))
    try:
        return _convert(node, (), smap, bag, 0, (), budget), smap
    except _Abort:
        return None, smap


# libyaml's most frequent complaints, said in both languages with the usual fix.
_M = Message
PROBLEMS = {
    "did not find expected ',' or ']'": _M(
        en="a [list] is not closed: a ']' or a ',' is missing",
        fr="une [liste] n'est pas fermée : il manque un ']' ou une ','",
    ),
    "did not find expected ',' or '}'": _M(
        en="a {mapping} is not closed: a '}' or a ',' is missing",
        fr="un {dictionnaire} n'est pas fermé : il manque un '}' ou une ','",
    ),
    "mapping values are not allowed in this context": _M(
        en="a ':' where no key can start; check the indentation, or quote a value that contains ': '",
        fr="un ':' là où aucune clé ne peut commencer ; vérifiez l'indentation, "
        "ou mettez entre guillemets une valeur qui contient ': '",
    ),
    "did not find expected key": _M(
        en="this line is not indented like the keys around it",
        fr="cette ligne n'est pas indentée comme les clés qui l'entourent",
    ),
    "found unexpected end of stream": _M(
        en="the file ends inside a quoted string: a closing quote is missing",
        fr="le fichier se termine dans une chaîne entre guillemets : il manque le guillemet fermant",
    ),
    "found undefined alias": _M(
        en="an alias (*name) whose anchor (&name) is not defined before it",
        fr="un alias (*nom) dont l'ancre (&nom) n'est pas définie avant lui",
    ),
    "could not find expected ':'": _M(
        en="a key without its ':' (write `key: value`)", fr="une clé sans son ':' (écrivez `clé: valeur`)"
    ),
    "found character that cannot start any token": _M(
        en="a character that cannot start a value (` @ or %): put the value in quotes",
        fr="un caractère qui ne peut pas commencer une valeur (` @ ou %) : mettez la valeur entre guillemets",
    ),
    "did not find expected '-' indicator": _M(
        en="a list item that is not indented like the items before it",
        fr="un élément de liste qui n'est pas indenté comme les précédents",
    ),
    "block sequence entries are not allowed in this context": _M(
        en="a '- ' list item where a value was expected on the same line; put the list on its own lines",
        fr="un élément '- ' là où une valeur était attendue sur la même ligne ; "
        "mettez la liste sur ses propres lignes",
    ),
    "did not find expected node content": _M(
        en="a value is missing here: a [list] or {mapping} left open, or a ']' or '}' that closes nothing",
        fr="il manque une valeur ici : une [liste] ou un {dictionnaire} resté ouvert, ou un ']' ou '}' qui ne "
        "ferme rien",
    ),
    "did not find expected alphabetic or numeric character": _M(
        en="a '&' or '*' without a name after it (YAML anchors and aliases start so): put the value in quotes",
        fr="un '&' ou '*' sans nom après lui (les ancres et alias YAML commencent ainsi) : mettez la valeur entre "
        "guillemets",
    ),
    "did not find expected <document start>": _M(
        en="text after the end of the document ('...') or after a '%' directive; a spec is one document: remove it",
        fr="du texte après la fin du document ('...') ou après une directive '%' ; une spec est un seul document : "
        "supprimez-le",
    ),
    "found unknown escape character": _M(
        en="an unknown escape (\\) in a double-quoted string; use single quotes",
        fr="un échappement (\\) inconnu dans une chaîne entre guillemets doubles ; utilisez des apostrophes",
    ),
}
MISALIGNED = _M(
    en="this line is indented by {here} spaces and the one above by {above}: the keys of one mapping start in "
    "the same column; indent it by {above} spaces if it belongs with the line above",
    fr="cette ligne est indentée de {here} espaces et celle du dessus de {above} : les clés d'un même "
    "dictionnaire commencent à la même colonne ; indentez-la de {above} espaces si elle va avec la ligne du dessus",
)
STARTED_AT = Message(en=" (opened at line {line})", fr=" (ouvert ligne {line})")


def _problem(exc: yaml.MarkedYAMLError) -> str:
    problem = exc.problem or exc.context or "syntax error"
    known = next((message for text, message in PROBLEMS.items() if problem.startswith(text)), None)
    if known is not None:
        text = known()
    else:  # rare libyaml wording: quoted as is
        text = (
            f"{problem} ({exc.context})"
            if exc.context and exc.problem and "while" in exc.context
            else problem
        )
    start, end = exc.context_mark, exc.problem_mark
    if start is not None and end is not None and start.line != end.line:
        text += STARTED_AT(line=start.line + 1)
    return text


def _misaligned(text: str, exc: yaml.MarkedYAMLError) -> str | None:
    """A key indented like neither its siblings nor its parent: say both indents rather than libyaml's guess."""
    problem, mark = exc.problem or "", exc.problem_mark
    if mark is None or not problem.startswith(("did not find expected key", "did not find expected '-'")):
        return None
    lines = text.splitlines()
    if mark.line >= len(lines) or lines[mark.line].lstrip().startswith("-"):
        return None  # a list item: the list message says it
    above = next((line for line in reversed(lines[:mark.line]) if line.strip() and not line.lstrip().startswith("#")),
                 None)
    if above is None:
        return None
    here = len(lines[mark.line]) - len(lines[mark.line].lstrip(" "))
    indent = len(above) - len(above.lstrip(" "))
    if above.lstrip().startswith("- "):  # `  - id: a`: its keys start after the dash
        indent += len(above.lstrip()) - len(above.lstrip()[1:].lstrip()) 
    if here == indent:
        return None
    return MISALIGNED(here=here, above=indent)


def _is_tab_at(text: str, mark: Any) -> bool:
    if mark is None:
        return False
    lines = text.splitlines()
    if mark.line >= len(lines):
        return False
    return "\t" in lines[mark.line][: mark.column + 1]


class _Abort(Exception):
    """Stop converting: the document is unusable (a bomb, an endless alias); the reason is in the bag."""


@dataclass
class _Budget:
    limit: int
    used: int = 0


def _convert(
    node: yaml.Node,
    path: Path,
    smap: SourceMap,
    bag: DiagnosticBag,
    depth: int,
    ancestors: tuple[int, ...],
    budget: _Budget,
) -> Any:
    budget.used += 1
    if budget.used > budget.limit:
        bag.add(ALIAS_BOMB, _loc(smap.file, node), limit=MAX_EXPANDED_NODES, code="yaml")
        raise _Abort
    if depth > MAX_DEPTH:
        bag.add(TOO_DEEP, _loc(smap.file, node), depth=MAX_DEPTH, code="yaml")
        raise _Abort
    if id(node) in ancestors:
        bag.add(RECURSIVE_ALIAS, _loc(smap.file, node), code="yaml")
        raise _Abort
    # Locations are those of the first occurrence: a node repeated by an alias is reported where written.
    smap.values.setdefault(path, _loc(smap.file, node))
    if isinstance(node, yaml.MappingNode):
        inner = ancestors + (id(node),)
        if node.flow_style:
            smap.flow.add(path)
        out: dict[str, Any] = {}
        first_line: dict[str, int] = {}
        split_numbers: set[str] = set()
        merged: list[yaml.MappingNode] = []
        for key_node, value_node in node.value:
            if key_node.tag == "tag:yaml.org,2002:merge":
                sources = value_node.value if isinstance(value_node, yaml.SequenceNode) else [value_node]
                if not all(isinstance(source, yaml.MappingNode) for source in sources):
                    bag.add(BAD_MERGE, _loc(smap.file, key_node), code="yaml")
                merged += [source for source in sources if isinstance(source, yaml.MappingNode)]
                continue
            if not isinstance(key_node, yaml.ScalarNode):
                bag.add(NON_SCALAR_KEY, _loc(smap.file, key_node), code="yaml")
                continue
            # Keys are names: read as written (`1`, `no`, `2025-10-01` stay the text the user typed).
            key = key_node.value
            if key == "" or (key_node.tag == "tag:yaml.org,2002:null" and key_node.value in ("", "~")):
                bag.add(EMPTY_KEY, _loc(smap.file, key_node), code="yaml")
                continue
            if key in out:
                written = _flow_number(smap.source, key_node) if node.flow_style and key.isdigit() else None
                if written is not None:  # `{to: 10,000,000}`: the keys `000` are the digits of one number
                    if written not in split_numbers:  # once per number, not once per group of digits
                        split_numbers.add(written)
                        bag.add(FLOW_NUMBER, _loc(smap.file, key_node), written=written, key=key,
                                plain=written.replace(",", ""), code="yaml")
                else:
                    # The first value is kept, so the rest of the file can still be checked in the same run.
                    bag.add(DUPLICATE_KEY, _loc(smap.file, key_node), key=key, line=first_line[key],
                            code=DUPLICATE_CODE)
                continue
            first_line[key] = key_node.start_mark.line + 1
            smap.keys.setdefault(path + (key,), _loc(smap.file, key_node))
            out[key] = _convert(value_node, path + (key,), smap, bag, depth + 1, inner, budget)
        # `<<: *defaults`: keys written in the mapping itself win, then the merged mappings in order.
        for source in merged:
            if id(source) in inner:
                bag.add(RECURSIVE_ALIAS, _loc(smap.file, source), code="yaml")
                raise _Abort
            merged_map = SourceMap(smap.file)
            values = _convert(source, path, merged_map, bag, depth, inner, budget)
            for key, value in values.items():
                if key in out:
                    continue
                out[key] = value
                _copy_locations(merged_map, smap, path + (key,))
        return out
    if isinstance(node, yaml.SequenceNode):
        inner = ancestors + (id(node),)
        return [
            _convert(item, path + (i,), smap, bag, depth + 1, inner, budget)
            for i, item in enumerate(node.value)
        ]
    return _scalar(node, path, smap, bag)


# --- the fast path ---------------------------------------------------------------------------------------
#
# Composing a node tree and then walking it costs 3-4x libyaml's own parse on a large spec: a Python resolver
# call per scalar, a node object per value, then a second pass. Almost every spec is "plain" YAML (no anchors,
# aliases, merge keys, explicit tags, duplicate or empty keys), so `_read_plain` builds the values and the
# source map straight from libyaml's events in one pass. On anything outside that subset it gives up
# (`_Fallback`) and `read_yaml` takes the full path above, which owns every error message: both paths give the
# same result.


class _Fallback(Exception):
    """The document uses something the fast path does not handle; read it the full way."""


_EVENTS = yaml.events
# The implicit resolvers of libyaml's loader (YAML 1.1: `yes` is true, `2025-10-01` a date), by first char.
_RESOLVERS = _Loader.yaml_implicit_resolvers
# Tags the fast path constructs; any other resolved tag (`<<` merge, `=` value) takes the full path.
_FAST_TAGS = frozenset(
    "tag:yaml.org,2002:" + name for name in ("bool", "float", "int", "null", "timestamp")
)
_SHAREABLE = (str, int, float, bool, type(None))


def _resolve_plain(value: str) -> Any:
    """A plain scalar as the full path reads it: the same resolvers and constructors, the text on failure."""
    for tag, regexp in _RESOLVERS.get(value[:1], ()):
        if regexp.match(value):
            break
    else:
        return value
    if tag not in _FAST_TAGS:
        raise _Fallback
    try:
        return _construct.yaml_constructors[tag](_construct, yaml.ScalarNode(tag, value))
    except (yaml.YAMLError, ValueError, OverflowError):
        return value


def _read_plain(text: str, file: str) -> tuple[Any, SourceMap]:
    smap = SourceMap(file, source=text)
    values, keys, texts, flow, styles = smap.values, smap.keys, smap.texts, smap.flow, smap.styles
    budget = _node_budget(text)
    nodes = 0
    # Specs repeat the same words (teams, metrics, periods): each distinct plain scalar is resolved once.
    # Only values whose identity nobody sees are shared: not dates (yaml.dump would write `&id001` anchors).
    resolved: dict[str, Any] = {}
    scalar_event, mapping_start, mapping_end = (
        _EVENTS.ScalarEvent, _EVENTS.MappingStartEvent, _EVENTS.MappingEndEvent
    )
    sequence_start, sequence_end = _EVENTS.SequenceStartEvent, _EVENTS.SequenceEndEvent

    def build(event: Any, path: Path, depth: int) -> Any:
        nonlocal nodes
        nodes += 1
        if nodes > budget or depth > MAX_DEPTH or event.anchor is not None or event.tag is not None:
            raise _Fallback
        mark = event.start_mark
        values[path] = Location(file, mark.line + 1, mark.column + 1)
        kind = type(event)
        if kind is scalar_event:
            value = event.value
            texts[path] = value
            if event.style:
                styles[path] = event.style
            if not event.implicit[0]:  # quoted: a string as written
                return value
            try:
                return resolved[value]
            except KeyError:
                result = _resolve_plain(value)
                if type(result) in _SHAREABLE:
                    resolved[value] = result
                return result
        if kind is mapping_start:
            if event.flow_style:
                flow.add(path)
            out: dict[str, Any] = {}
            while True:
                key_event = next_event()
                if type(key_event) is not scalar_event:
                    if type(key_event) is mapping_end:
                        return out
                    raise _Fallback  # a list or mapping as a key, an alias
                key = key_event.value
                # Empty, null (`~`) and merge (`<<`) keys, duplicates, anchors, tags: the full path says why.
                if key in out or key in ("", "~", "<<"):
                    raise _Fallback
                if key_event.anchor is not None or key_event.tag is not None:
                    raise _Fallback
                sub = path + (key,)
                mark = key_event.start_mark
                keys[sub] = Location(file, mark.line + 1, mark.column + 1)
                out[key] = build(next_event(), sub, depth + 1)
        if kind is sequence_start:
            items: list[Any] = []
            while True:
                item_event = next_event()
                if type(item_event) is sequence_end:
                    return items
                items.append(build(item_event, path + (len(items),), depth + 1))
        raise _Fallback  # not a value (an alias is caught above by its anchor)

    loader = _Loader(text)
    next_event = loader.get_event
    try:
        next_event()  # stream start
        event = next_event()
        if isinstance(event, _EVENTS.StreamEndEvent):
            return None, smap
        root = build(next_event(), (), 0)
        next_event()  # document end
        if not isinstance(next_event(), _EVENTS.StreamEndEvent):
            raise _Fallback  # a second document
    except yaml.YAMLError:
        raise _Fallback from None  # the full path reports it, with its location and advice
    finally:
        loader.dispose()
    return root, smap


def _copy_locations(source: SourceMap, target: SourceMap, prefix: Path) -> None:
    size = len(prefix)
    for table in ("values", "keys", "texts", "styles"):
        into = getattr(target, table)
        for path, item in getattr(source, table).items():
            if path[:size] == prefix:
                into.setdefault(path, item)
    target.flow |= {path for path in source.flow if path[:size] == prefix}


def _scalar(node: yaml.Node, path: Path, smap: SourceMap, bag: DiagnosticBag) -> Any:
    smap.texts.setdefault(path, node.value)
    if node.style:
        smap.styles.setdefault(path, node.style)
    constructor = _construct.yaml_constructors.get(node.tag)
    if constructor is None or node.tag in _NOT_SUPPORTED_TAGS:
        bag.add(UNSUPPORTED_NODE, _loc(smap.file, node), tag=node.tag, code="yaml")
        return node.value
    try:
        return constructor(_construct, node)
    except (yaml.YAMLError, ValueError, OverflowError):  # `2026-02-30`, a 5,000-digit integer: keep the text
        return node.value


def locate_in_scalar(start: Location, value: str, offset: int, source: str | None = None) -> Location:
    """Where character `offset` of a scalar's `value` is written, the scalar starting at `start`.

    Plain, quoted and block (`|`, `>`) scalars alike, on one line or several: the value's non-blank characters
    are matched one by one with the source text (read from `start.file` when `source` is not given); where they
    cannot be matched (an escape such as `\\t`), the scalar's start is the answer.
    """
    lines = source.splitlines(keepends=True) if source is not None else _file_lines(start.file)
    if start.line <= 0 or start.line > len(lines) or not 0 <= offset < len(value):
        return start
    text = "".join(lines)
    index = sum(len(line) for line in lines[: start.line - 1]) + start.col - 1
    while index < len(text) and text[index] in "&!":  # an anchor (&name) or a tag (!!str) before the text
        index = re.compile(r"\S*\s*").match(text, index).end()  # type: ignore[union-attr]
    quote = text[index] if index < len(text) and text[index] in "'\"" else ""
    if quote:
        index += 1
    elif index < len(text) and text[index] in "|>":  # a block scalar's text starts on the next line
        index = text.find("\n", index) + 1
        if index == 0:
            return start
    while offset < len(value) - 1 and value[offset].isspace():
        offset += 1
    for position, char in enumerate(value[: offset + 1]):
        if char.isspace():
            continue
        while index < len(text) and text[index].isspace():
            index += 1
        width = 1
        if quote == '"' and text.startswith("\\", index):  # \" and \\ stand for one character
            index += 1
        elif quote == "'" and char == "'" and text.startswith("''", index):
            width = 2
        if index >= len(text) or text[index] != char:
            return start
        if position == offset:
            return _position_loc(start.file, text, index)
        index += width
    return start


def _file_lines(file: str) -> list[str]:
    """The lines of a spec file, none when it cannot be read (read only when an error is to be located)."""
    try:
        with open(file, encoding="utf-8", newline="") as handle:
            return handle.read().splitlines(keepends=True)
    except (OSError, UnicodeDecodeError, ValueError):
        return []
