"""Source articles: their text, their metadata file, and checks that the two agree."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from kgbuild.errors import Collector, InputError
from kgbuild.inputs import parallel, passages, textmatch
from kgbuild.inputs.dates import is_iso_date
from kgbuild.inputs.urls import url_problem
from kgbuild.inputs.yamlio import YMap, load_yaml, read_text

# Always matched whole (fullmatch): `$` would let a final newline through.
SOURCE_ID = re.compile(r"[0-9A-Za-z][0-9A-Za-z_-]{0,63}")
ENTITY_ID = re.compile(r"[a-z0-9][a-z0-9-]{0,99}")
YEAR = re.compile(r"[0-9]{4}")

META_KEYS = {
    "id", "file", "sha256", "title", "title_note", "publisher", "publisher_quote",
    "publisher_note", "credit", "credit_quote", "cites", "cites_quote", "issued",
    "issued_quote", "issued_inferred", "issued_reasoning", "url",
}
# An entity reference in the metadata and the quote that supports it.
REFERENCES = (
    ("publisher", "publisher_quote"), ("credit", "credit_quote"), ("cites", "cites_quote"))


@dataclass
class Source:
    id: str
    meta_file: str           # path relative to the project root, for messages
    text_file: str
    text: str
    sha256: str
    title: str | None = None
    url: str | None = None
    issued: str | None = None
    issued_quote: str | None = None
    issued_inferred: str | None = None
    issued_reasoning: str | None = None
    notes: list[str] = field(default_factory=list)
    refs: dict[str, tuple[str, str]] = field(default_factory=dict)  # key -> (entity, quote)
    ref_lines: dict[str, int] = field(default_factory=dict)
    _normal: textmatch.NormalText | None = None

    @property
    def normal(self) -> textmatch.NormalText:
        if self._normal is None:
            self._normal = textmatch.normalise(self.text)
        return self._normal

    def locate(self, quote: str) -> textmatch.Match | None:
        return textmatch.find(self.normal, quote)

    def metadata_quotes(self) -> dict[str, str]:
        """The passages the metadata takes from the text (the title where the text prints it)."""
        quotes = {key: quote for key, (_, quote) in self.refs.items()}
        if self.issued_quote:
            quotes["issued"] = self.issued_quote
        if self.title and self.locate(self.title):
            quotes["title"] = self.title
        return dict(sorted(quotes.items()))


def _str_field(meta: YMap, key: str, display: str, *, required: bool = False) -> str | None:
    value = meta.get(key)
    if value is None:
        if required:
            raise InputError("missing required field", file=display, line=meta.line, field=key,
                             hint=f"add '{key}:' to the source's metadata")
        return None
    if not isinstance(value, str) or not value.strip():
        raise InputError(f"expected a non-empty text, got {value!r}", file=display,
                         line=meta.lines[key], field=key)
    return value


def load_source(meta_path: Path, root: Path) -> Source:
    display = str(meta_path.relative_to(root))
    meta = load_yaml(meta_path, display)
    if not isinstance(meta, YMap):
        raise InputError("a source metadata file must be a mapping of fields", file=display,
                         line=getattr(meta, "line", 1))
    for key in meta:
        if key not in META_KEYS:
            raise InputError(f"unknown field '{key}'", file=display, line=meta.lines[key],
                             field=key, hint="allowed: " + ", ".join(sorted(META_KEYS)))
    source_id = meta.get("id")
    if isinstance(source_id, int):
        raise InputError(f"the id {source_id!r} must be quoted text", file=display,
                         line=meta.lines["id"], field="id", hint='write id: "000"')
    source_id = _str_field(meta, "id", display, required=True)
    if not SOURCE_ID.fullmatch(source_id):
        raise InputError(f"invalid source id {source_id!r}", file=display, line=meta.lines["id"],
                         field="id", hint="use letters, digits, '-' and '_'")
    if meta_path.stem != source_id:
        raise InputError(f"the file is named {meta_path.name} but its id is {source_id!r}",
                         file=display, line=meta.lines["id"], field="id",
                         hint=f"rename the file to {source_id}.yaml or fix the id")
    file_name = _str_field(meta, "file", display, required=True)
    text_path = meta_path.parent / file_name
    if "/" in file_name or "\\" in file_name or not text_path.is_file():
        raise InputError(f"no text file {file_name!r} beside the metadata", file=display,
                         line=meta.lines["file"], field="file",
                         hint="put the article's text in graph/sources/ and name it here")
    text_display = str(text_path.relative_to(root))
    text = read_text(text_path, text_display)
    if not text.strip():
        raise InputError("the article's text is empty", file=text_display)
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
    declared = _str_field(meta, "sha256", display, required=True)
    if declared != digest:
        raise InputError(f"sha256 {declared} does not match the text file ({digest})",
                         file=display, line=meta.lines["sha256"], field="sha256",
                         hint="the text changed: restore it, or set sha256 to the new digest "
                              "after checking every quote still holds")
    src = Source(id=source_id, meta_file=display, text_file=text_display, text=text,
                 sha256=digest)
    src.title = _str_field(meta, "title", display)
    src.url = _str_field(meta, "url", display)
    problem = url_problem(src.url) if src.url is not None else None
    if problem:
        raise InputError(f"not an http(s) URL: {src.url!r}: {problem}", file=display,
                         line=meta.lines["url"], field="url",
                         hint="write the article's http:// or https:// address, or leave url out")
    for note_key in ("title_note", "publisher_note"):
        note = _str_field(meta, note_key, display)
        if note:
            src.notes.append(note)
    _read_dates(src, meta, display)
    for ref_key, quote_key in REFERENCES:
        entity = _str_field(meta, ref_key, display)
        quote = _str_field(meta, quote_key, display)
        if entity is None and quote is None:
            continue
        if entity is None or quote is None:
            missing = quote_key if entity else ref_key
            raise InputError(f"'{ref_key}' and '{quote_key}' go together", file=display,
                             line=meta.line, field=missing, hint=f"add '{missing}:'")
        if not ENTITY_ID.fullmatch(entity):
            raise InputError(f"invalid entity id {entity!r}", file=display,
                             line=meta.lines[ref_key], field=ref_key,
                             hint="use lower-case letters, digits and '-'")
        _check_quote(src, quote, display, meta.lines[quote_key], quote_key)
        src.refs[ref_key] = (entity, quote)
        src.ref_lines[ref_key] = meta.lines[ref_key]
    return src


def _read_dates(src: Source, meta: YMap, display: str) -> None:
    issued = _str_field(meta, "issued", display)
    if issued is not None:
        if not is_iso_date(issued):
            raise InputError(f"invalid date {issued!r}", file=display, line=meta.lines["issued"],
                             field="issued",
                             hint="write YYYY-MM-DD, or null if the text gives none")
        quote = _str_field(meta, "issued_quote", display, required=True)
        _check_quote(src, quote, display, meta.lines["issued_quote"], "issued_quote")
        src.issued_quote = quote
    src.issued = issued
    inferred = meta.get("issued_inferred")
    if isinstance(inferred, int):
        inferred = str(inferred)
    if inferred is not None:
        if not isinstance(inferred, str) or not (YEAR.fullmatch(inferred) or
                                                 is_iso_date(inferred)):
            raise InputError(f"invalid inferred date {inferred!r}", file=display,
                             line=meta.lines["issued_inferred"], field="issued_inferred",
                             hint="write YYYY or YYYY-MM-DD")
        if issued is not None:
            raise InputError("a stated date needs no inferred one", file=display,
                             line=meta.lines["issued_inferred"], field="issued_inferred",
                             hint="remove issued_inferred")
        if not _str_field(meta, "issued_reasoning", display):
            raise InputError("an inferred date needs its reasoning", file=display,
                             line=meta.lines["issued_inferred"], field="issued_reasoning",
                             hint="say how the date follows from the text")
    src.issued_inferred = inferred
    src.issued_reasoning = _str_field(meta, "issued_reasoning", display)


def _check_quote(src: Source, quote: str, display: str, line: int, field_name: str) -> None:
    problem = textmatch.quote_problem(quote)
    if problem:
        raise InputError(problem, file=display, line=line, field=field_name,
                         hint="copy the passage that states it, verbatim")
    if src.locate(quote) is None:
        raise InputError(f"quote not found in {src.text_file}: {quote!r}", file=display,
                         line=line, field=field_name,
                         hint="copy the passage verbatim from the article",
                         excerpt=passages.nearest_block(src.text, quote))


def metadata_files(root: Path) -> list[Path]:
    # By name: the same order as by path, in one folder, without pathlib's slow comparisons.
    return sorted((root / "graph" / "sources").glob("*.yaml"), key=lambda path: path.name)


def load_sources(root: Path, step: Callable[[int], None] | None = None) -> dict[str, Source]:
    """Every source's metadata and text; `step(1)` is called after each file."""
    folder = root / "graph" / "sources"
    metas = metadata_files(root)
    if not metas:
        raise InputError("no source metadata files", file=str(folder.relative_to(root)),
                         hint="add graph/sources/<id>.yaml beside each article")
    sources: dict[str, Source] = {}
    errors = Collector()
    for src in parallel.map_files(lambda meta_path: load_source(meta_path, root), metas, step,
                                  errors.attempt):
        if src is not None:
            sources[src.id] = src
    described = {s.text_file for s in sources.values()}
    for text_path in sorted(folder.glob("*.txt"), key=lambda path: path.name):
        shown = str(text_path.relative_to(root))
        if shown not in described and not errors.errors:
            errors.errors.append(InputError("an article with no metadata file", file=shown,
                                            hint="add graph/sources/<id>.yaml naming it in "
                                                 "'file:'"))
    errors.raise_if_any()
    return sources
