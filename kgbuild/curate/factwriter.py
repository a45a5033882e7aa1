"""Writing fact and metadata YAML in the curated files' own style.

Curators read and edit these files by hand, so the writer copies their conventions: one
claim per list item with `id, about, quote, qualifier, inferred, note, says` in that order,
plain scalars where YAML allows them, ISO dates unquoted, years quoted (so that YAML does not
read them as numbers), lists of ids in flow style, reasoning folded over several lines, and a
comment above each claim. Everything written is read back by `yamlio` as the same values.
"""

from __future__ import annotations

import datetime
import json
import re
import textwrap
from dataclasses import dataclass, field
from decimal import Decimal

import yaml

from kgbuild.inputs import schema
from kgbuild.inputs.dates import is_iso_date

WIDTH = 96
_PLAIN_START = re.compile(r"^[A-Za-z0-9(\u00a9\u201c\u2018$\u20a9\u2013\u00c0-\uffff]")
_FLOW_ITEM = re.compile(r"[A-Za-z0-9][A-Za-z0-9 .'-]*")


@dataclass
class DraftClaim:
    """A claim to be written: the fields of a fact file's list item, plus why it is there."""

    id: str
    about: str
    quote: str
    says: dict[str, object]
    inferred: str | None = None
    qualifier: str | None = None
    note: str | None = None
    why: list[str] = field(default_factory=list)


def scalar(value: object) -> str:
    """One value as a YAML scalar that yamlio reads back unchanged."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, Decimal):
        return format(value.normalize(), "f")
    if isinstance(value, datetime.date):
        return value.isoformat()
    text = str(value)
    if is_iso_date(text):
        return text
    if _plain_ok(text):
        return text
    return _double_quoted(text)


# Characters YAML refuses to read raw, or reads as line breaks, even inside quotes; JSON
# leaves them unescaped.
_NON_PRINTABLE = re.compile("[\x7f-\x9f\u2028\u2029\ud800-\udfff\ufffe\uffff]")


def _double_quoted(text: str) -> str:
    quoted = json.dumps(text, ensure_ascii=False)
    return _NON_PRINTABLE.sub(lambda m: f"\\u{ord(m.group()):04x}", quoted)


def _plain_ok(text: str) -> bool:
    if not text or text != text.strip() or "\n" in text or not _PLAIN_START.match(text):
        return False
    if ": " in text or " #" in text or text.endswith(":") or "\t" in text:
        return False
    try:
        return yaml.safe_load(text) == text
    except yaml.YAMLError:
        return False


def _flow_list(items: list) -> str | None:
    texts = [scalar(i) for i in items]
    if all(isinstance(i, str) and _FLOW_ITEM.fullmatch(i) and scalar(i) == i for i in items):
        return "[" + ", ".join(texts) + "]"
    return None


def _folded(key: str, text: str, indent: str) -> list[str]:
    one_line = f"{indent}{key}: {scalar(text)}"
    if len(one_line) <= WIDTH:
        return [one_line]
    body = textwrap.wrap(" ".join(text.split()), width=WIDTH - len(indent) - 2,
                         break_long_words=False, break_on_hyphens=False)
    return [f"{indent}{key}: >-"] + [f"{indent}  {line}" for line in body]


def comment(text: str, indent: str) -> list[str]:
    lines = []
    for paragraph in text.split("\n"):
        # A list item's continuation lines hang under its text, as in Markdown.
        hang = "  " if paragraph.startswith("- ") else ""
        wrapped = textwrap.wrap(paragraph, width=WIDTH - len(indent) - 2,
                                subsequent_indent=hang, break_long_words=False,
                                break_on_hyphens=False) or [""]
        lines.extend(f"{indent}# {line}".rstrip() for line in wrapped)
    return lines


def _says_order(says: dict[str, object]) -> list[str]:
    known = ["type", "label", "altLabel"]
    for fields in schema.TYPES.values():
        for name in fields:
            if name not in known:
                known.append(name)
    return sorted(says, key=lambda k: (known.index(k) if k in known else len(known), k))


def claim_lines(claim: DraftClaim) -> list[str]:
    lines = []
    for why in claim.why:
        lines.extend(comment(why, "  "))
    lines.append(f"  - id: {scalar(claim.id)}")
    lines.append(f"    about: {scalar(claim.about)}")
    lines.append(f"    quote: {scalar(claim.quote)}")
    if claim.qualifier:
        lines.append(f"    qualifier: {scalar(claim.qualifier)}")
    if claim.inferred:
        lines.extend(_folded("inferred", claim.inferred, "    "))
    if claim.note:
        lines.extend(_folded("note", claim.note, "    "))
    lines.append("    says:")
    for key in _says_order(claim.says):
        value = claim.says[key]
        if isinstance(value, list):
            flow = _flow_list(value)
            if flow is not None:
                lines.append(f"      {key}: {flow}")
            else:
                lines.append(f"      {key}:")
                lines.extend(f"        - {scalar(item)}" for item in value)
        else:
            lines.append(f"      {key}: {scalar(value)}")
    return lines


def fact_file(source_id: str, claims: list[DraftClaim], header: list[str],
              trailer: list[str] | None = None) -> str:
    lines = []
    for text in header:
        lines.extend(comment(text, ""))
    lines.append(f"source: {json.dumps(source_id)}")
    lines.append("claims:" if claims else "claims: []")
    for i, claim in enumerate(claims):
        if i:
            lines.append("")
        lines.extend(claim_lines(claim))
    if trailer:
        lines.append("")
        for text in trailer:
            lines.extend(comment(text, ""))
    return "\n".join(lines) + "\n"


def mapping(pairs: list[tuple[str, object]], header: list[str]) -> str:
    """A flat mapping (source metadata), keys in the order given, long texts folded."""
    lines = []
    for text in header:
        lines.extend(comment(text, ""))
    for key, value in pairs:
        if key == "id":
            lines.append(f"id: {json.dumps(value)}")
        elif isinstance(value, str) and len(f"{key}: {scalar(value)}") > WIDTH and " " in value:
            lines.extend(_folded(key, value, ""))
        else:
            lines.append(f"{key}: {scalar(value)}")
    return "\n".join(lines) + "\n"
