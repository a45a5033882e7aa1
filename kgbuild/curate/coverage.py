"""Coverage: every sentence of every source, with the claims that quote it.

A sentence is accounted for when a claim's quote (or a quote in the source's metadata)
overlaps it, when the fact file marks it as carrying nothing to state (`uncovered:`, with a
reason), or when it repeats an earlier sentence word for word (a caption printed twice). The
rest are what a curator has still to read. Knows nothing of RDF.
"""

from __future__ import annotations

import json
import re
from dataclasses import asdict, dataclass, field

from ..inputs.facts import Facts
from ..inputs.textmatch import normalise_str

# A full stop after one of these does not end a sentence ("U.S. Forces", "Feb. 10").
_ABBREVIATIONS = frozenset({
    "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec",
    "mr", "mrs", "ms", "dr", "st", "no", "gen", "lt", "col", "gov", "sen", "rep", "vs"})
_INITIALS = re.compile(r"(?:\b[A-Za-z]\.)+\Z")
# An end mark, any closing quotes or brackets, space, then what can open a sentence.
_BOUNDARY = re.compile(r"[.!?][\"'”’)\]]*(?=\s+[\"“‘'A-Z0-9])")


@dataclass(frozen=True)
class Sentence:
    number: int  # 1-based, in the order of the text
    start: int   # offsets in the source text, Python slice convention
    end: int
    line: int    # 1-based line of the text file

    def text(self, source_text: str) -> str:
        return " ".join(source_text[self.start:self.end].split())


@dataclass
class Row:
    """One sentence and what accounts for it."""

    number: int
    line: int
    sentence: str
    claims: list[str] = field(default_factory=list)
    metadata: list[str] = field(default_factory=list)
    reason: str | None = None     # why the facts mark it as carrying nothing to state
    repeats: int | None = None    # the earlier sentence it repeats word for word

    @property
    def state(self) -> str:
        if self.claims:
            return "stale mark" if self.reason else "covered"
        if self.reason:
            return "nothing to state"
        if self.metadata:
            return "covered"
        return "repeat" if self.repeats else "MISSING"

    @property
    def accounted(self) -> bool:
        return self.state in ("covered", "nothing to state", "repeat")


def sentences(text: str) -> list[Sentence]:
    """The sentences of an article: each non-blank line, split after an end mark that is not
    an abbreviation's full stop."""
    found: list[Sentence] = []
    offset = 0
    for number, line in enumerate(text.split("\n"), start=1):
        begin = 0
        for mark in _BOUNDARY.finditer(line):
            word = line[:mark.start()].rsplit(None, 1)[-1] if line[:mark.start()].strip() else ""
            if line[mark.start()] == "." and (word.lower().lstrip("(") in _ABBREVIATIONS
                                              or _INITIALS.search(word + ".")):
                continue
            _add(found, line, offset, begin, mark.end(), number)
            begin = mark.end()
        _add(found, line, offset, begin, len(line), number)
        offset += len(line) + 1
    return found


def _add(found: list[Sentence], line: str, offset: int, begin: int, end: int,
         line_no: int) -> None:
    piece = line[begin:end]
    if not piece.strip():
        return
    start = begin + len(piece) - len(piece.lstrip())
    stop = end - (len(piece) - len(piece.rstrip()))
    found.append(Sentence(len(found) + 1, offset + start, offset + stop, line_no))


def _overlaps(a_start: int, a_end: int, sentence: Sentence) -> bool:
    return a_start < sentence.end and sentence.start < a_end


def coverage(facts: Facts, only: list[str] | None = None) -> dict[str, list[Row]]:
    """Per source id (all, or those in `only`), one row per sentence."""
    report: dict[str, list[Row]] = {}
    for source_id in sorted(facts.sources):
        if only and source_id not in only:
            continue
        source = facts.sources[source_id]
        spans: list[tuple[int, int, str, str]] = []  # start, end, kind, name
        for claim in facts.claims:
            if claim.source_id == source_id:
                spans.append((claim.match.start, claim.match.end, "claim", claim.key))
        for name, quote in source.metadata_quotes().items():
            match = source.locate(quote)
            if match is not None:
                spans.append((match.start, match.end, "metadata", name))
        marks = facts.uncovered.get(source_id, [])
        rows: list[Row] = []
        seen: dict[str, int] = {}
        for sentence in sentences(source.text):
            text = sentence.text(source.text)
            row = Row(sentence.number, sentence.line, text)
            for start, end, kind, name in spans:
                if _overlaps(start, end, sentence):
                    (row.claims if kind == "claim" else row.metadata).append(name)
            reasons = [m.reason for m in marks if _overlaps(m.match.start, m.match.end, sentence)]
            row.reason = " / ".join(dict.fromkeys(" ".join(r.split()) for r in reasons)) or None
            key = normalise_str(text)
            row.repeats = seen.get(key)
            seen.setdefault(key, sentence.number)
            row.claims = sorted(set(row.claims))
            rows.append(row)
        report[source_id] = rows
    return report


def missing(report: dict[str, list[Row]]) -> list[tuple[str, Row]]:
    return [(sid, row) for sid, rows in report.items() for row in rows if not row.accounted]


def render_text(report: dict[str, list[Row]], *, gaps_only: bool = False) -> str:
    lines: list[str] = []
    for source_id, rows in report.items():
        counts = {state: sum(r.state == state for r in rows)
                  for state in ("covered", "nothing to state", "repeat", "MISSING", "stale mark")}
        summary = ", ".join(f"{n} {state}" for state, n in counts.items() if n)
        lines.append(f"source {source_id}: {len(rows)} sentences: {summary}")
        for row in rows:
            if gaps_only and row.accounted:
                continue
            lines.append(f"  {row.number:>3} line {row.line:<3} {row.state}: "
                         f"{_short(row.sentence)}")
            if row.claims:
                lines.append(f"        claims: {', '.join(row.claims)}")
            if row.metadata:
                lines.append(f"        source metadata: {', '.join(row.metadata)}")
            if row.reason:
                lines.append(f"        nothing to state: {row.reason}")
            if row.repeats and row.state == "repeat":
                lines.append(f"        repeats sentence {row.repeats}")
        lines.append("")
    gaps = missing(report)
    total = sum(len(rows) for rows in report.values())
    lines.append(f"{total - len(gaps)} of {total} sentences accounted for"
                 + (f"; {len(gaps)} not: quote them in a claim, or mark them under "
                    "'uncovered:' with the reason" if gaps else ""))
    return "\n".join(lines) + "\n"


def render_json(report: dict[str, list[Row]]) -> str:
    data = {sid: [{**asdict(row), "state": row.state} for row in rows]
            for sid, rows in report.items()}
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


def _short(text: str, width: int = 90) -> str:
    return text if len(text) <= width else text[:width - 1] + "…"
