"""`uncovered:` in a fact file: passages a curator read and found nothing in to state.

Each is a verbatim quote with the reason; `kgbuild coverage` counts them as accounted for.
"""

from __future__ import annotations

from dataclasses import dataclass

from kgbuild.errors import InputError, did_you_mean
from kgbuild.inputs import schema
from kgbuild.inputs.sources import Source
from kgbuild.inputs.textmatch import Match
from kgbuild.inputs.yamlio import YList, YMap


@dataclass(frozen=True)
class Uncovered:
    """A passage the fact file marks as carrying nothing to state, and why."""

    quote: str
    reason: str
    match: Match
    file: str
    line: int


def load_uncovered(doc: YMap, display: str, source: Source) -> list[Uncovered]:
    if "uncovered" not in doc:
        return []
    items = doc["uncovered"]
    if not isinstance(items, YList) or not items:
        raise InputError("'uncovered' must be a list of passages, each with 'quote' and "
                         "'reason'", file=display, line=doc.lines["uncovered"],
                         field="uncovered")
    marks = []
    for item, line in zip(items, items.lines, strict=True):
        if not isinstance(item, YMap):
            raise InputError("an uncovered passage is a mapping with 'quote' and 'reason'",
                             file=display, line=line, field="uncovered")
        for key in item:
            if key not in schema.UNCOVERED_KEYS:
                raise InputError(f"unknown key '{key}'", file=display, line=item.lines[key],
                                 field=key, hint=did_you_mean(key, schema.UNCOVERED_KEYS)
                                 or "use 'quote' and 'reason'")
        for key in schema.UNCOVERED_KEYS:
            value = item.get(key)
            if not isinstance(value, str) or not value.strip():
                raise InputError("missing or empty", file=display,
                                 line=item.lines.get(key, line), field=key,
                                 hint="copy the passage verbatim from the article"
                                 if key == "quote" else
                                 "say why the passage carries nothing to state")
        match = source.locate(item["quote"])
        if match is None:
            raise InputError(f"quote not found in {source.text_file}: {item['quote']!r}",
                             file=display, line=item.lines["quote"], field="quote",
                             hint="copy the passage verbatim from the article")
        marks.append(Uncovered(quote=item["quote"], reason=item["reason"], match=match,
                               file=display, line=line))
    return marks
