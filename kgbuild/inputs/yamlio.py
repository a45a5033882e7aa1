"""YAML reading that keeps line numbers and refuses what curated data never needs.

Values come back as plain Python objects, except that mappings and sequences are
`YMap`/`YList`, which remember where each entry stood. Floats are kept as `Decimal` from
their exact text, timestamps as their text, and anchors/aliases are refused outright: the
data has no use for them and they are the vector of "billion laughs" blow-ups.
"""

from __future__ import annotations

import os
import re
import stat
from decimal import Decimal
from pathlib import Path

import yaml
from yaml.events import AliasEvent
from yaml.nodes import MappingNode, ScalarNode, SequenceNode

from kgbuild.errors import InputError

MAX_BYTES = 2_000_000
# Curated data needs a few levels and numbers of a few digits; far more is a mistake or an
# attack (deep nesting exhausts the parser's stack, long numbers its arithmetic).
MAX_DEPTH = 50
MAX_INTEGER_CHARS = 30
MAX_EXPONENT = 100
_SURROGATE = re.compile("[\ud800-\udfff]")
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


def read_regular(path: Path, display: str, *, max_bytes: int = MAX_BYTES) -> bytes:
    """The bytes of a regular file of at most `max_bytes`.

    A device or a pipe reports a size of 0 and may never end (/dev/zero) or never start (a
    FIFO with no writer): the file is opened without waiting and checked for what it is, and
    at most one byte more than allowed is read.
    """
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
    except OSError as exc:
        raise InputError(f"cannot read file: {exc.strerror}", file=display,
                         hint="check the path") from None
    mode = os.fstat(fd).st_mode
    if not stat.S_ISREG(mode):
        os.close(fd)
        kind = "a folder" if stat.S_ISDIR(mode) else "a device, pipe or socket"
        raise InputError(f"not a regular file but {kind}", file=display,
                         hint="give a text file")
    with os.fdopen(fd, "rb") as handle:
        try:
            data = handle.read(max_bytes + 1)
        except OSError as exc:
            raise InputError(f"cannot read file: {exc.strerror}", file=display) from None
    if len(data) > max_bytes:
        raise InputError(f"file is more than the {max_bytes} bytes allowed", file=display,
                         hint="split it into smaller files")
    return data


def read_text(path: Path, display: str, *, max_bytes: int = MAX_BYTES) -> str:
    """Read a UTF-8 text file, with a clear error for what is not one."""
    data = read_regular(path, display, max_bytes=max_bytes)
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
        except yaml.MarkedYAMLError as exc:
            if "nesting depth" in str(exc.problem) and exc.problem_mark:
                raise _too_deep(display, exc.problem_mark.line + 1) from None
            node = None
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
    except RecursionError:
        raise _too_deep(display, None) from None
    finally:
        loader.dispose()
    if node is None:
        raise InputError("file holds no YAML document", file=display)
    return _convert(node, loader, display, text)


def _too_deep(display: str, line: int | None) -> InputError:
    return InputError(f"values nested more than {MAX_DEPTH} deep", file=display, line=line,
                      hint="fact files need a few levels; flatten the structure")


def _convert(node, loader, display: str, text: str, depth: int = 0, key: str | None = None):
    line = node.start_mark.line + 1
    if depth > MAX_DEPTH:
        raise _too_deep(display, line)
    if isinstance(node, MappingNode):
        out = YMap()
        out.line = line
        out.lines = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, ScalarNode):
                raise InputError("a key must be a plain word", file=display,
                                 line=key_node.start_mark.line + 1)
            name = key_node.value
            if name == "<<":
                raise InputError("merge keys (<<) are not allowed", file=display,
                                 line=key_node.start_mark.line + 1)
            _check_text(name, display, key_node.start_mark.line + 1, None)
            if name in out:
                raise InputError(f"duplicate key '{name}'", file=display,
                                 line=key_node.start_mark.line + 1,
                                 column=key_node.start_mark.column + 1, field=name,
                                 hint=f"it is already set on line {out.lines[name]}")
            out[name] = _convert(value_node, loader, display, text, depth + 1, name)
            out.lines[name] = value_node.start_mark.line + 1
        return out
    if isinstance(node, SequenceNode):
        out = YList()
        out.line = line
        out.lines = []
        for item in node.value:
            out.append(_convert(item, loader, display, text, depth + 1, key))
            out.lines.append(item.start_mark.line + 1)
        return out
    tag = node.tag
    if tag == "tag:yaml.org,2002:float":
        return _number(node.value, display, line, key)
    if tag in ("tag:yaml.org,2002:timestamp", "tag:yaml.org,2002:str"):
        return _check_text(node.value, display, line, key)
    if tag == "tag:yaml.org,2002:int" and \
            len(node.value.lstrip("+-").replace("_", "")) > MAX_INTEGER_CHARS:
        raise InputError(f"a number of {len(node.value)} characters is too large",
                         file=display, line=line, field=key,
                         hint=f"write at most {MAX_INTEGER_CHARS} digits")
    if tag in ("tag:yaml.org,2002:int", "tag:yaml.org,2002:bool", "tag:yaml.org,2002:null"):
        return loader.construct_object(node, deep=True)
    raise InputError(f"unsupported YAML tag {tag}", file=display, line=line, field=key,
                     hint="remove the tag")


def _number(text: str, display: str, line: int, key: str | None):
    """A float's exact value, as Decimal; text YAML calls a float but Decimal cannot read
    (.inf, .nan) stays text for the field's own check."""
    try:
        number = Decimal(text.replace("_", ""))
    except ArithmeticError:
        return text
    if number.is_finite() and number and abs(number.adjusted()) > MAX_EXPONENT:
        raise InputError(f"the number {text[:40]} is out of range", file=display, line=line,
                         field=key, hint=f"write a number below 10^{MAX_EXPONENT}")
    return number


def _check_text(value: str, display: str, line: int, key: str | None) -> str:
    # An escape such as "\ud800" gives half a character, which no file can hold.
    half = _SURROGATE.search(value)
    if half:
        raise InputError(f"the escape \\u{ord(half.group()):04x} is half a character, not one",
                         file=display, line=line, field=key,
                         hint="write the character itself, or both halves' \\U escape")
    return value
