"""Safe YAML loading that keeps node positions and refuses hostile documents.

Course files are composed into PyYAML nodes (with the C parser when it is installed) and turned into
plain Python values here, so that: only the core YAML tags are accepted (``!!python/object`` and
friends are errors, never constructed); alias expansion is counted and a "billion laughs" document is
refused before it eats memory; and a validation error can be traced back to the line and column of
the node that caused it.
"""

from __future__ import annotations

import datetime
import functools
import gc
import math
import stat
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import yaml

try:
    from yaml import CSafeLoader as _Loader
except ImportError:  # PyYAML built without libyaml: the pure-Python parser is slower but equivalent
    from yaml import SafeLoader as _Loader  # type: ignore[assignment]

#: Largest course file read at all; anything bigger is refused before parsing.
MAX_FILE_BYTES = 4 * 1024 * 1024
_SIZE_LIMIT = f"course files may be at most {MAX_FILE_BYTES // 1_048_576} MiB"
#: Longest single line accepted in a course file.
MAX_LINE_CHARS = 64 * 1024
#: Values constructed per document, aliases counted each time they are expanded.
MAX_VALUES = 250_000
#: Deepest nesting of mappings and sequences.
MAX_DEPTH = 64
#: Largest magnitude of a number: far beyond any real amount, count or duration, and small enough that sums,
#: products and clock arithmetic on such numbers stay finite and in range.
MAX_NUMBER = 1e12

_STR = "tag:yaml.org,2002:str"
_SCALAR_TAGS = {
    _STR,
    "tag:yaml.org,2002:int",
    "tag:yaml.org,2002:float",
    "tag:yaml.org,2002:bool",
    "tag:yaml.org,2002:null",
    "tag:yaml.org,2002:timestamp",
}
_SEQ = "tag:yaml.org,2002:seq"
_MAP = "tag:yaml.org,2002:map"
_SCALAR_NODE, _SEQUENCE_NODE, _MAPPING_NODE = yaml.ScalarNode, yaml.SequenceNode, yaml.MappingNode


class _Resolving(_Loader):
    """The loader with YAML's own tag resolution, remembered per document.

    The composer asks for the tag of every node, and most plain scalars of a course repeat (keys, types,
    ``true``): each distinct text is resolved once, by the same implicit resolvers in the same order. Without
    path resolvers (the safe loader has none) descending and ascending the node path does nothing, and is
    not asked for.
    """

    def __init__(self, stream: str) -> None:
        super().__init__(stream)
        resolvers = self.yaml_implicit_resolvers
        wildcard = tuple(resolvers.get(None, ()))
        self._by_first = {first: (*found, *wildcard) for first, found in resolvers.items() if first is not None}
        self._wildcard = wildcard
        self._plain: dict[str, str] = {}
        if self.yaml_path_resolvers:  # someone registered path resolvers: resolve exactly as PyYAML does
            self.resolve = super().resolve  # type: ignore[method-assign]
            self.descend_resolver = super().descend_resolver  # type: ignore[method-assign]
            self.ascend_resolver = super().ascend_resolver  # type: ignore[method-assign]

    def resolve(self, kind: type[yaml.Node], value: Any, implicit: tuple[bool, bool]) -> str:
        if kind is _SCALAR_NODE:
            if not implicit[0]:
                return _STR
            tag = self._plain.get(value)
            return self._resolve_plain(value) if tag is None else tag
        return _SEQ if kind is _SEQUENCE_NODE else _MAP

    def _resolve_plain(self, value: str) -> str:
        tag = _STR
        for found, pattern in self._by_first.get(value[:1], self._wildcard):
            if pattern.match(value):
                tag = found
                break
        self._plain[value] = tag
        return tag

    def descend_resolver(self, current_node: Any, current_index: Any) -> None:
        pass

    def ascend_resolver(self) -> None:
        pass


#: The safe constructor functions of the core tags, called with each document's own constructor (see _Builder).
_SCALAR_CONSTRUCTORS = yaml.constructor.SafeConstructor.yaml_constructors


class YamlError(Exception):
    """A document that cannot be read, with the 1-based position of the trouble."""

    def __init__(self, message: str, line: int = 1, column: int = 1) -> None:
        super().__init__(message)
        self.message = message
        self.line = line
        self.column = column


class YamlDocument:
    """A parsed document: its plain value, and the node tree that locates any part of it when asked.

    The nodes are not kept: a course's node trees would outweigh its values several times over and live for
    the whole load, while most files never need locating. The first :meth:`locate` composes the text again
    (the same text gives the same nodes, so the same positions) and keeps that tree for the next.
    """

    __slots__ = ("value", "line_offset", "reread_numbers", "_text", "_root", "_keys")

    def __init__(self, value: Any, text: str, line_offset: int = 0, *, reread_numbers: bool = True) -> None:
        self.value = value
        self.line_offset = line_offset
        #: Whether some bare number in it reads as other text than it is written (``1.10`` as 1.1): only then
        #: does a check for such numbers need to walk its nodes.
        self.reread_numbers = reread_numbers
        self._text = text
        self._root: yaml.Node | None = None
        #: Each mapping's keys indexed on first lookup, so locating n problems in one mapping is linear, not n².
        self._keys: dict[int, dict[str, tuple[yaml.Node, yaml.Node]]] = {}

    @property
    def root(self) -> yaml.Node:
        """The document's node tree, composed again the first time it is asked for."""
        if self._root is None:
            with collector_paused():
                root = _compose_root(self._text, self.line_offset)
            start = yaml.Mark("<document>", 0, 0, 0, "", 0)  # an empty document: its start locates it
            self._root = yaml.ScalarNode(_STR, "", start, start) if root is None else root
        return self._root

    def locate(self, path: Sequence[str | int], *, key: bool = False) -> tuple[int, int]:
        """Line and column (1-based) of the node at ``path``; with ``key`` the mapping key itself.

        Path parts that do not name a child (such as the tag pydantic adds for a discriminated union)
        are skipped, and a path that runs out of nodes stops at the deepest node it reached.
        """
        node = self.root
        for index, part in enumerate(path):
            child = self._child(node, part, want_key=key and index == len(path) - 1)
            if child is not None:
                node = child
        mark = node.start_mark
        if mark is None:  # an empty document has no node to point at
            return 1 + self.line_offset, 1
        return mark.line + 1 + self.line_offset, mark.column + 1

    def _child(self, node: yaml.Node, part: str | int, *, want_key: bool) -> yaml.Node | None:
        if isinstance(node, yaml.MappingNode):
            keys = self._keys.get(id(node))
            if keys is None:
                keys = {}
                for key_node, value_node in node.value:
                    if isinstance(key_node, yaml.ScalarNode):
                        keys.setdefault(key_node.value, (key_node, value_node))
                self._keys[id(node)] = keys
            pair = keys.get(str(part))
            return None if pair is None else pair[0] if want_key else pair[1]
        if isinstance(node, yaml.SequenceNode) and isinstance(part, int) and 0 <= part < len(node.value):
            child: yaml.Node = node.value[part]
            return child
        return None


def read_text(path: Path) -> str:
    """Read a course file as UTF-8 text, refusing files too large or with absurdly long lines.

    Only regular files are read, and never more than the limit: a course file that is a FIFO or a link to
    ``/dev/zero`` (whose size says nothing) must not hang the loader or fill memory.
    """
    try:
        info = path.stat()
        if not stat.S_ISREG(info.st_mode):
            raise YamlError("not a regular file; course files must be ordinary files")
        if info.st_size > MAX_FILE_BYTES:
            raise YamlError(f"file is {info.st_size / 1_048_576:.1f} MiB; {_SIZE_LIMIT}")
        with path.open("rb") as handle:
            # What the file's size says, and one byte more to notice a file that grew; asking for the whole limit
            # at once would allocate (and give back) 4 MiB for every file.
            data = handle.read(min(info.st_size, MAX_FILE_BYTES) + 1)
            if len(data) > info.st_size:
                data += handle.read(MAX_FILE_BYTES + 1 - len(data))
    except OSError as error:
        raise YamlError(f"cannot read file: {error.strerror or error}") from None
    if len(data) > MAX_FILE_BYTES:
        raise YamlError(f"file grew past the limit while being read; {_SIZE_LIMIT}")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        raise YamlError(f"file is not UTF-8 text (byte {error.start})") from None
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    if len(text) > MAX_LINE_CHARS and max(map(len, text.splitlines())) > MAX_LINE_CHARS:
        for number, line in enumerate(text.splitlines(), start=1):
            if len(line) > MAX_LINE_CHARS:
                raise YamlError(f"line is {len(line):,} characters long; at most {MAX_LINE_CHARS:,} are allowed",
                                number, 1)
    return text


@contextmanager
def collector_paused(*, long_lived: bool = False) -> Iterator[None]:
    """Pause the cyclic garbage collector while a document (or a whole course) is built.

    Parsing allocates many long-lived nodes and no reference cycles; left running, the collector
    rescans them again and again and makes parsing several times slower (see the loading benchmark).

    With ``long_lived``, what was built is meant to stay (a loaded course, kept for the whole session): it is
    moved straight to the collector's oldest generation when the collector resumes. Left young, every object
    of a large course would be scanned by the next young collection, then again by the middle one, to find
    nothing (the course holds no cycles): a third of a second each for 100,000 questions. Nothing is moved
    when some other code has frozen objects of its own, whose freezing moving them would undo.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            if long_lived and not gc.get_freeze_count():
                gc.freeze()  # every tracked object to the permanent generation, the young counts reset...
                gc.unfreeze()  # ...and from there to the oldest generation, all without a scan
            gc.enable()


def parse_yaml(text: str, *, line_offset: int = 0) -> YamlDocument:
    """Parse one YAML document into plain values, keeping its text for locating problems."""
    with collector_paused():
        return _parse(text, line_offset)


def _parse(text: str, line_offset: int) -> YamlDocument:
    root = _compose_root(text, line_offset)
    if root is None:  # empty, or only comments
        return YamlDocument(None, text, line_offset, reread_numbers=False)
    builder = _Builder(line_offset)
    value = builder.build(root, 0)
    return YamlDocument(value, text, line_offset, reread_numbers=builder.reread_numbers)


def _compose_root(text: str, line_offset: int) -> yaml.Node | None:
    """The document's root node, or ``None`` for a document that is empty or only comments."""
    try:
        root = yaml.compose(text, Loader=_depth_limited(_Resolving))
    except (yaml.YAMLError, RecursionError):
        # The parser refused the document. Newer libyaml releases enforce limits of their own (nesting depth,
        # and possibly more) in their own words; so the document is read again by the pure-Python parser under
        # courseware's limits alone, and the refusal, if any, is courseware's, whichever parser was in use.
        root = _compose(text, _depth_limited(yaml.SafeLoader), line_offset)
    except YamlError as error:
        raise YamlError(error.message, error.line + line_offset, error.column) from None
    return root


def nesting_error(line: int, column: int) -> YamlError:
    """The one message for a document nested past :data:`MAX_DEPTH`, wherever the limit was noticed."""
    return YamlError(f"nesting deeper than {MAX_DEPTH} levels", line, column)


class _DepthLimit:
    """Stops a pure-Python composer at courseware's nesting limit, before it recurses further.

    PyYAML's composer recurses once per level and its parser keeps an explicit stack, so with this check a
    document nested 10,000 deep costs 65 levels of recursion and is refused at the collection that opens the
    65th level (the same place the builder would name).
    """

    _depth = 0

    def compose_node(self, parent: Any, index: Any) -> Any:
        event = self.peek_event()  # type: ignore[attr-defined]
        if isinstance(event, yaml.CollectionStartEvent):
            if self._depth >= MAX_DEPTH:
                mark = event.start_mark
                raise nesting_error(mark.line + 1, mark.column + 1) if mark else nesting_error(1, 1)
            self._depth += 1
            try:
                return super().compose_node(parent, index)  # type: ignore[misc]
            finally:
                self._depth -= 1
        return super().compose_node(parent, index)  # type: ignore[misc]


@functools.cache
def _depth_limited(loader: type[Any]) -> type[Any]:
    """``loader`` with :class:`_DepthLimit` when it composes in Python; libyaml's composer is left alone."""
    if issubclass(loader, yaml.composer.Composer):
        return type(f"DepthLimited{loader.__name__}", (_DepthLimit, loader), {})
    return loader


def _compose(text: str, loader: type[Any], line_offset: int) -> yaml.Node | None:
    """Compose with ``loader``, turning its refusal into a located :class:`YamlError`."""
    try:
        node: yaml.Node | None = yaml.compose(text, Loader=loader)
        return node
    except YamlError as error:
        raise YamlError(error.message, error.line + line_offset, error.column) from None
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        problem = error.problem or error.context or "invalid YAML"
        raise YamlError(f"YAML syntax: {problem}", line + line_offset, column) from None
    except yaml.reader.ReaderError as error:
        raise control_character_error(text, error.position, error.character, line_offset) from None
    except yaml.YAMLError as error:
        first = str(error).splitlines()[0] if str(error) else "invalid YAML"
        raise YamlError(f"YAML syntax: {first}", 1 + line_offset, 1) from None


def control_character_error(text: str, position: int, character: int | str, line_offset: int = 0) -> YamlError:
    """A character YAML does not allow (a control character, say), at its own line and column."""
    code = ord(character) if isinstance(character, str) else character
    line = text.count("\n", 0, position) + 1
    column = position - (text.rfind("\n", 0, position) + 1) + 1
    return YamlError(f"character U+{code:04X} is not allowed in YAML (a control character?); remove it or write it "
                     "as an escape such as \"\\t\" inside double quotes", line + line_offset, column)


class _Builder:
    """Turns one document's nodes into values, counting every value made so alias bombs stop early.

    All it keeps lives and dies with it: the scalar constructor, and the value each distinct tagged text was
    read as (a course repeats ``true``, ``1`` and ``0.5`` thousands of times). Its tag's constructor function is
    called directly rather than through ``construct_object``, which would remember every node and value made
    (for anchors).
    """

    def __init__(self, line_offset: int) -> None:
        self.made = 0
        self.line_offset = line_offset
        self.reread_numbers = False
        self._constructor = yaml.constructor.SafeConstructor()
        #: Each tag and text read, with its value and whether that value prints as other text.
        self._scalars: dict[tuple[str, str], tuple[Any, bool]] = {}

    def _fail(self, message: str, node: yaml.Node) -> YamlError:
        return YamlError(message, node.start_mark.line + 1 + self.line_offset, node.start_mark.column + 1)

    def build(self, node: yaml.Node, depth: int) -> Any:
        self.made += 1
        if node.__class__ is _SCALAR_NODE and node.tag == _STR and self.made <= MAX_VALUES:
            return node.value  # most nodes of a course: plain text, nothing more to check
        if self.made > MAX_VALUES:
            raise self._fail(f"document expands to more than {MAX_VALUES:,} values "
                             "(aliases expanding out of control?); refused", node)
        if isinstance(node, yaml.CollectionNode) and depth >= MAX_DEPTH:
            mark = node.start_mark
            raise nesting_error(mark.line + 1 + self.line_offset, mark.column + 1)
        if isinstance(node, yaml.ScalarNode):
            return self._scalar(node)
        if isinstance(node, yaml.SequenceNode):
            return self._sequence(node, depth)
        if isinstance(node, yaml.MappingNode):
            return self._mapping(node, depth)
        raise self._fail("unsupported YAML node", node)

    def _child(self, node: yaml.Node, depth: int) -> Any:
        """:meth:`build` for a child at ``depth`` that is not plain text, with one call fewer for another scalar or
        a mapping within the limits (counted and checked exactly as ``build`` would)."""
        if self.made < MAX_VALUES:
            if node.__class__ is _SCALAR_NODE:
                self.made += 1
                return self._scalar(node)
            if node.__class__ is _MAPPING_NODE and depth < MAX_DEPTH:
                self.made += 1
                return self._mapping(node, depth)
        return self.build(node, depth)

    def _sequence(self, node: yaml.SequenceNode, depth: int) -> list[Any]:
        if node.tag != _SEQ:
            raise self._fail(f"unsupported YAML tag '{node.tag}'; only plain YAML is allowed", node)
        result = []
        for item in node.value:
            if item.__class__ is _SCALAR_NODE and item.tag == _STR and self.made < MAX_VALUES:
                self.made += 1  # plain text, as in build, without a call for it
                result.append(item.value)
            else:
                result.append(self._child(item, depth + 1))
        return result

    def _scalar(self, node: yaml.ScalarNode) -> Any:
        tag, text = node.tag, node.value
        if tag == _STR:
            return text
        known = self._scalars.get((tag, text))
        if known is None:
            known = self._scalars[(tag, text)] = self._read(node)
        value, rewritten = known
        if rewritten and not node.style:
            self.reread_numbers = True
        return value

    def _read(self, node: yaml.ScalarNode) -> tuple[Any, bool]:
        """A scalar's value, refused when out of bounds, and whether it is a number that prints as other text."""
        if node.tag not in _SCALAR_TAGS:
            raise self._fail(f"unsupported YAML tag '{node.tag}'; only plain YAML is allowed", node)
        try:
            value = _SCALAR_CONSTRUCTORS[node.tag](self._constructor, node)
        except (yaml.YAMLError, ValueError, OverflowError, ArithmeticError, LookupError, AttributeError, TypeError):
            # PyYAML's constructors trust the tag: ``!!bool x`` is a KeyError, ``!!int ''`` an IndexError,
            # ``!!timestamp x`` an AttributeError. Each is a value that does not fit its tag.
            kind = node.tag.rsplit(":", 1)[-1]
            raise self._fail(f"cannot read '{node.value}' as {kind}", node) from None
        if isinstance(value, datetime.date):  # dates are text to the course model
            return node.value, False
        if isinstance(value, float) and not math.isfinite(value):
            raise self._fail(f"'{node.value}' is not a finite number; numbers must be finite (put text in quotes)",
                             node)
        if isinstance(value, int | float) and not isinstance(value, bool) and abs(value) > MAX_NUMBER:
            raise self._fail(f"{node.value} is too large a number; numbers in course files are at most "
                             f"{MAX_NUMBER:g} (put text in quotes)", node)
        return value, (value.__class__ is int or value.__class__ is float) and str(value) != node.value

    def _mapping(self, node: yaml.MappingNode, depth: int) -> dict[str, Any]:
        if node.tag != _MAP:
            raise self._fail(f"unsupported YAML tag '{node.tag}'; only plain YAML is allowed", node)
        result: dict[str, Any] = {}
        child = self._child
        for key_node, value_node in node.value:
            if key_node.__class__ is _SCALAR_NODE and key_node.tag == _STR:
                key = key_node.value
            elif key_node.tag == "tag:yaml.org,2002:merge":
                raise self._fail("YAML merge keys ('<<') are not supported in course files", key_node)
            elif not isinstance(key_node, yaml.ScalarNode):
                raise self._fail("mapping keys must be plain text", key_node)
            else:
                key = str(self._scalar(key_node))
            if key in result:
                raise self._fail(f"duplicate key '{key}'", key_node)
            if value_node.__class__ is _SCALAR_NODE and value_node.tag == _STR and self.made < MAX_VALUES:
                self.made += 1  # plain text, as in build, without a call for it
                result[key] = value_node.value
            else:
                result[key] = child(value_node, depth + 1)
        return result
