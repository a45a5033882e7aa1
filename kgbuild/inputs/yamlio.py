"""YAML reading that keeps line numbers and refuses what curated data never needs.

Values come back as plain Python objects, except that mappings and sequences are
`YMap`/`YList`, which remember where each entry stood. Floats are kept as `Decimal` from
their exact text, timestamps as their text, and anchors/aliases are refused outright: the
data has no use for them and they are the vector of "billion laughs" blow-ups.
"""

from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path

import yaml
from yaml.events import AliasEvent
from yaml.nodes import MappingNode, ScalarNode, SequenceNode

from kgbuild.errors import InputError

MAX_BYTES = 2_000_000
# libyaml (PyYAML's C parser) composes twenty times faster, but resolves anchors and aliases
# without a trace and words its errors differently. Text that could hold either, that the
# pure-Python reader would refuse, or that libyaml cannot parse, takes the pure-Python path,
# so what is refused and how it is reported never depend on which parser ran.
_FAST = getattr(yaml, "CSafeLoader", None)
_MAYBE_ANCHOR = re.compile(r"[&*]")


class YMap(dict):
    """A mapping with `line` (1-based) of itself and `lines[key]` of each value."""

    line: int = 0
    lines: dict


class YList(list):
    line: int = 0
    lines: list


class _Loader(yaml.SafeLoader):
    def compose_node(self, parent, index):
        if self.check_event(AliasEvent):
            event = self.peek_event()
            raise yaml.composer.ComposerError(
                None, None, "aliases (*name) are not allowed in fact files; write the value out",
                event.start_mark)
        return super().compose_node(parent, index)

    def _refuse_anchor(self, anchor):
        if anchor is not None:
            raise yaml.composer.ComposerError(
                None, None, "anchors (&name) are not allowed in fact files",
                self.peek_event().start_mark)

    def compose_scalar_node(self, anchor):
        self._refuse_anchor(anchor)
        return super().compose_scalar_node(anchor)

    def compose_mapping_node(self, anchor):
        self._refuse_anchor(anchor)
        return super().compose_mapping_node(anchor)

    def compose_sequence_node(self, anchor):
        self._refuse_anchor(anchor)
        return super().compose_sequence_node(anchor)


def read_text(path: Path, display: str, *, max_bytes: int = MAX_BYTES) -> str:
    """Read a UTF-8 text file, with a clear error for what is not one."""
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise InputError(f"cannot read file: {exc.strerror}", file=display,
                         hint="check the path") from None
    if size > max_bytes:
        raise InputError(f"file is {size} bytes, more than the {max_bytes} allowed",
                         file=display, hint="split it into smaller files")
    data = path.read_bytes()
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise InputError(f"not valid UTF-8 (byte 0x{data[exc.start]:02x} at offset {exc.start})",
                         file=display, line=line, hint="save the file as UTF-8") from None


def _caret(text: str, line: int, column: int) -> str:
    lines = text.splitlines()
    if 1 <= line <= len(lines):
        return f"    {lines[line - 1]}\n    {' ' * (column - 1)}^"
    return ""


def load_yaml(path: Path, display: str) -> object:
    """Parse one YAML document into YMap/YList/scalars with line numbers."""
    text = read_text(path, display)
    if not text.strip():
        raise InputError("file is empty", file=display, hint="add content or delete the file")
    if _FAST is not None and not _MAYBE_ANCHOR.search(text) \
            and not yaml.reader.Reader.NON_PRINTABLE.search(text):
        fast = _FAST(text)
        try:
            node = fast.get_single_node()
        except yaml.YAMLError:
            node = None
        else:
            if node is not None:
                return _convert(node, fast, display, text)
        finally:
            fast.dispose()
    try:
        # The reader checks the characters as soon as the loader exists.
        loader = _Loader(text)
    except yaml.reader.ReaderError as exc:
        line = text[: exc.position].count("\n") + 1
        code = exc.character if isinstance(exc.character, int) else ord(exc.character)
        raise InputError(f"character U+{code:04X} is not allowed in YAML", file=display,
                         line=line, hint="remove the control character") from None
    try:
        node = loader.get_single_node()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, col = (mark.line + 1, mark.column + 1) if mark else (None, None)
        problem = exc.problem or exc.context or "YAML syntax error"
        raise InputError(f"YAML syntax error: {problem}", file=display, line=line, column=col,
                         hint="fix the YAML at the caret",
                         excerpt=_caret(text, line, col) if line else None) from None
    except yaml.YAMLError as exc:
        raise InputError(f"YAML error: {exc}", file=display) from None
    finally:
        loader.dispose()
    if node is None:
        raise InputError("file holds no YAML document", file=display)
    return _convert(node, loader, display, text)


def _convert(node, loader, display: str, text: str):
    if isinstance(node, MappingNode):
        out = YMap()
        out.line = node.start_mark.line + 1
        out.lines = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, ScalarNode):
                raise InputError("a key must be a plain word", file=display,
                                 line=key_node.start_mark.line + 1)
            key = key_node.value
            if key == "<<":
                raise InputError("merge keys (<<) are not allowed", file=display,
                                 line=key_node.start_mark.line + 1)
            if key in out:
                raise InputError(f"duplicate key '{key}'", file=display,
                                 line=key_node.start_mark.line + 1,
                                 column=key_node.start_mark.column + 1, field=key,
                                 hint=f"it is already set on line {out.lines[key]}")
            out[key] = _convert(value_node, loader, display, text)
            out.lines[key] = value_node.start_mark.line + 1
        return out
    if isinstance(node, SequenceNode):
        out = YList()
        out.line = node.start_mark.line + 1
        out.lines = []
        for item in node.value:
            out.append(_convert(item, loader, display, text))
            out.lines.append(item.start_mark.line + 1)
        return out
    tag = node.tag
    if tag == "tag:yaml.org,2002:float":
        try:
            return Decimal(node.value.replace("_", ""))
        except ArithmeticError:
            return node.value
    if tag in ("tag:yaml.org,2002:timestamp", "tag:yaml.org,2002:str"):
        return node.value
    if tag in ("tag:yaml.org,2002:int", "tag:yaml.org,2002:bool", "tag:yaml.org,2002:null"):
        return loader.construct_object(node, deep=True)
    raise InputError(f"unsupported YAML tag {tag}", file=display,
                     line=node.start_mark.line + 1, hint="remove the tag")
