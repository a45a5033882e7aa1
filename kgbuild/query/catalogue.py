"""Stored queries: `queries/<name>.rq` files with a grlc-style `#+` YAML header.

Parameters follow grlc: `?_name` is required, `?__name` optional; a suffix `_iri` makes the
value an IRI (a bare id such as `jeong-eun-bo` means the graph's entity of that id), `_integer`
an integer, `_en` an English literal. Values become RDF terms and are bound by a VALUES block
placed first in the WHERE clause: the same query text runs locally and on any store, and a
value can never change the query's shape.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox
import yaml

from kgbuild.errors import QueryError
from kgbuild.inputs.yamlio import read_text
from kgbuild.rdf.vocab import entity_iri

PARAM = re.compile(r"[?$](__?)([A-Za-z][A-Za-z0-9_]*)")
HEADER_KEYS = {"summary", "description", "endpoint", "pagination", "method", "tags",
               "defaults", "enumerate", "endpoint_in_url", "transform"}
IRI_FORBIDDEN = re.compile(r'[\x00-\x20<>"{}|^`\\]')


@dataclass(frozen=True)
class Param:
    name: str          # as the user writes it: entity
    variable: str      # as in the query: _entity_iri
    required: bool
    kind: str          # iri, integer, literal, en


@dataclass
class StoredQuery:
    name: str
    path: Path
    text: str
    summary: str
    description: str = ""
    tags: list[str] = field(default_factory=list)
    defaults: dict[str, str] = field(default_factory=dict)
    params: list[Param] = field(default_factory=list)


def _kind(name: str) -> tuple[str, str]:
    for suffix, kind in (("_iri", "iri"), ("_integer", "integer"), ("_en", "en")):
        if name.endswith(suffix):
            return name[: -len(suffix)], kind
    return name, "literal"


def parse_header(path: Path, text: str) -> dict:
    lines = []
    for line in text.splitlines():
        if line.startswith("#+"):
            lines.append(line[2:].removeprefix(" "))
        elif line.strip() and not line.startswith("#"):
            break
    if not lines:
        raise QueryError(f"{path}: no '#+' header; start the file with '#+ summary: ...'")
    try:
        header = yaml.safe_load("\n".join(lines))
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" (header line {mark.line + 1})" if mark else ""
        raise QueryError(f"{path}: invalid '#+' header{where}: "
                         f"{getattr(exc, 'problem', exc)}; quote values that contain ':'") from None
    if not isinstance(header, dict):
        raise QueryError(f"{path}: the '#+' header must be YAML 'key: value' lines")
    unknown = set(header) - HEADER_KEYS
    if unknown:
        raise QueryError(f"{path}: unknown header key(s) {', '.join(sorted(unknown))}; "
                         f"grlc knows {', '.join(sorted(HEADER_KEYS))}")
    if not isinstance(header.get("summary"), str) or not header["summary"].strip():
        raise QueryError(f"{path}: the header needs a 'summary' text")
    if "tags" in header and not (isinstance(header["tags"], list) and
                                 all(isinstance(t, str) for t in header["tags"])):
        raise QueryError(f"{path}: 'tags' must be a list of words")
    return header


def load_query(path: Path) -> StoredQuery:
    text = read_text(path, str(path))
    header = parse_header(path, text)
    params: dict[str, Param] = {}
    body = "\n".join(line for line in text.splitlines() if not line.lstrip().startswith("#"))
    for underscores, raw in PARAM.findall(body):
        variable = underscores + raw
        name, kind = _kind(raw)
        params.setdefault(name, Param(name, variable, underscores == "_", kind))
    return StoredQuery(
        name=path.stem, path=path, text=text, summary=header["summary"].strip(),
        description=str(header.get("description", "")).strip(), tags=header.get("tags", []),
        defaults={str(k): str(v) for k, v in (header.get("defaults") or {}).items()},
        params=sorted(params.values(), key=lambda p: (not p.required, p.name)))


def load_queries(folder: Path) -> dict[str, StoredQuery]:
    return {p.stem: load_query(p) for p in sorted(folder.glob("*.rq"))}


_ESCAPES = {"\\": "\\\\", '"': '\\"', "'": "\\'", "\n": "\\n", "\r": "\\r", "\t": "\\t",
            "\b": "\\b", "\f": "\\f"}
_NEEDS_ESCAPE = re.compile("[" + re.escape("".join(_ESCAPES)) + "]")
MAX_INTEGER_DIGITS = 30
_INTEGER = re.compile(rf"[+-]?\d{{1,{MAX_INTEGER_DIGITS}}}")


def sparql_string(value: str) -> str:
    """`value` as a double-quoted SPARQL string that holds exactly it, whatever it contains
    (rdflib's n3() picks a long-quoted form that a final quote or backslash breaks)."""
    return '"' + _NEEDS_ESCAPE.sub(lambda m: _ESCAPES[m.group()], value) + '"'


def _iri_problem(value: str) -> str | None:
    if any(c.isspace() or unicodedata.category(c) in ("Cc", "Cf", "Cs", "Zl", "Zp")
           for c in value) or IRI_FORBIDDEN.search(value):
        return "a space, control or delimiter character"
    try:
        ox.NamedNode(value)
    except ValueError as exc:
        return str(exc)
    return None


def to_term(param: Param, value: str) -> str:
    """The parameter's value as SPARQL term text: an IRI, an integer or a string, never
    anything that could change the query around it."""
    if param.kind == "iri":
        if re.fullmatch(r"[a-z0-9][a-z0-9-]*", value):
            return f"<{entity_iri(value)}>"
        if not re.match(r"[A-Za-z][A-Za-z0-9+.-]*:", value) or _iri_problem(value):
            raise QueryError(f"parameter '{param.name}': {value!r} is neither an entity id nor "
                             "a valid absolute IRI")
        return f"<{value}>"
    if param.kind == "integer":
        if not _INTEGER.fullmatch(value):
            raise QueryError(f"parameter '{param.name}': {value[:40]!r} is not a whole number "
                             f"of at most {MAX_INTEGER_DIGITS} digits")
        return f"{int(value)}"
    if param.kind == "en":
        return sparql_string(value) + "@en"
    return sparql_string(value)


def bind(query: StoredQuery, values: dict[str, str]) -> str:
    """The query text with its parameters bound, ready for any SPARQL 1.1 engine."""
    known = {p.name: p for p in query.params}
    for name in values:
        if name not in known:
            allowed = ", ".join(known) or "none"
            raise QueryError(f"query '{query.name}' has no parameter '{name}' (parameters: "
                             f"{allowed})")
    merged = {**query.defaults, **values}
    bindings = []
    for param in query.params:
        if param.name in merged:
            bindings.append((param.variable, to_term(param, merged[param.name])))
        elif param.required:
            raise QueryError(f"query '{query.name}' needs --param {param.name}=VALUE")
    if not bindings:
        return query.text
    block = " ".join(f"VALUES ?{var} {{ {term} }}" for var, term in bindings)
    return _insert_after_where_brace(query, block)


def _insert_after_where_brace(query: StoredQuery, block: str) -> str:
    text = query.text
    at = _first_open_brace(text)
    if at < 0:
        raise QueryError(f"{query.path}: no WHERE clause to bind parameters in")
    return text[: at + 1] + " " + block + " " + text[at + 1:]


def _first_open_brace(text: str) -> int:
    """Index of the first '{' outside comments, strings and IRIs (the WHERE clause's)."""
    i, n = 0, len(text)
    while i < n:
        c = text[i]
        if c == "#":
            i = text.find("\n", i)
            if i < 0:
                return -1
        elif c in "\"'":
            quote = c * 3 if text.startswith(c * 3, i) else c
            i += len(quote)
            while i < n and not text.startswith(quote, i):
                i += 2 if text[i] == "\\" else 1
            i += len(quote)
            continue
        elif c == "<" and re.match(r"<[^\s<>\"{}|^`\\]*>", text[i:]):
            i = text.index(">", i)
        elif c == "{":
            return i
        i += 1
    return -1
