"""Passages of a source text: sentences, every occurrence of a phrase, quotable excerpts.

Everything here works in offsets of the original text, the ones the builder records in its
Web Annotation selectors, so that what a curator is shown is exactly what a claim will cite.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from kgbuild.inputs import textmatch


@dataclass(frozen=True)
class Passage:
    start: int   # offsets in the original text, Python slice convention
    end: int
    text: str    # the original characters, curly quotes and line breaks included

    @property
    def quote(self) -> str:
        """The passage as a one-line quote: white space collapsed, every other character kept.

        The builder's matching is tolerant of white space, so this finds the same passage.
        """
        return " ".join(self.text.split())


def passage(text: str, start: int, end: int) -> Passage:
    return Passage(start, end, text[start:end])


def line_and_column(text: str, offset: int) -> tuple[int, int]:
    line = text.count("\n", 0, offset) + 1
    return line, offset - (text.rfind("\n", 0, offset) + 1) + 1


# Words that end in a full stop without ending the sentence.
_ABBREVIATIONS = {
    "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec",
    "mr", "mrs", "ms", "dr", "st", "no", "gen", "lt", "col", "sgt", "rep", "sen", "gov",
    "amb", "vol", "vs", "p.m", "a.m",
}
_END = re.compile(r"[.!?][\"'\u201d\u2019)\]]*(?=\s)")
_NEXT = re.compile(r"\s+[\"'\u201c\u2018(\[]?[A-Z0-9\u2013\u2014-]")
_PARAGRAPH = re.compile(r"\n[ \t\u00a0]*\n\s*")
_HEADLINE_CHARS = 50


def sentences(text: str) -> list[Passage]:
    """The text cut into sentences, and lines that stand alone (headlines, datelines, credits).

    A single line break ends a sentence only after closing punctuation or a short line, so a
    hard-wrapped paragraph still reads as sentences that run across lines.
    """
    found: list[Passage] = []
    for block_start, block_end in _blocks(text):
        for start, end in _lines(text, block_start, block_end):
            found.extend(_split(text, start, end))
    return [p for p in found if p.text.strip()]


def _blocks(text: str):
    at = 0
    for gap in _PARAGRAPH.finditer(text):
        yield at, gap.start()
        at = gap.end()
    yield at, len(text)


def _lines(text: str, start: int, end: int):
    at = start
    cursor = start
    while True:
        nl = text.find("\n", cursor, end)
        if nl < 0:
            break
        line = text[at:nl].rstrip()
        if not line or line[-1] in ".!?:\"\u201d)" or len(line.strip()) < _HEADLINE_CHARS:
            yield at, nl
            at = nl + 1
        cursor = nl + 1
    yield at, end


def _split(text: str, start: int, end: int) -> list[Passage]:
    parts = []
    at = start
    chunk = text[start:end]
    for stop in _END.finditer(chunk):
        cut = start + stop.end()
        if not _NEXT.match(text, cut, end) or _is_abbreviation(text, start + stop.start()):
            continue
        parts.append(_trimmed(text, at, cut))
        at = cut
    parts.append(_trimmed(text, at, end))
    return parts


def _is_abbreviation(text: str, dot: int) -> bool:
    if text[dot] != ".":
        return False
    word_start = dot
    while word_start > 0 and not text[word_start - 1].isspace() \
            and text[word_start - 1] not in "(\"'":
        word_start -= 1
    word = text[word_start:dot]
    if re.fullmatch(r"(?:[A-Za-z]\.)*[A-Za-z]", word):   # U.S, S (as in "S. Korea"), p.m
        return True
    return word.lower() in _ABBREVIATIONS


def _trimmed(text: str, start: int, end: int) -> Passage:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return passage(text, start, end)


def find_all(text: str, phrase: str, *, whole_words: bool = True,
             normal: textmatch.NormalText | None = None) -> list[Passage]:
    """Every occurrence of the phrase, tolerant of typography as the builder is.

    With `whole_words`, a match must not start or end inside a word ("US" is not found in
    "USFK" nor in "US$5 billion", where it names a currency).
    """
    normal = normal or textmatch.normalise(text)
    wanted = textmatch.normalise_str(phrase)
    if not wanted:
        return []
    pattern = re.escape(wanted)
    if whole_words:
        pattern = r"(?<![\w$])" + pattern + r"(?![\w$])"
    found = []
    for hit in re.finditer(pattern, normal.text):
        start = normal.origin[hit.start()]
        end = normal.origin[hit.end() - 1] + 1
        found.append(passage(text, start, end))
    return found


def widen_to_words(text: str, start: int, end: int) -> tuple[int, int]:
    """Offsets moved outwards to the nearest white space, so no word is cut in two."""
    while start > 0 and not text[start - 1].isspace():
        start -= 1
    while end < len(text) and not text[end].isspace():
        end += 1
    return start, end


def containing_sentence(text: str, start: int, end: int) -> Passage | None:
    for sentence in sentences(text):
        if sentence.start <= start and end <= sentence.end:
            return sentence
    return None


NEAREST = 3
NEAR_ENOUGH = 60  # past the best, a passage that shares little with the quote is noise


def nearest_block(text: str, quote: str) -> str:
    """The passages of the text nearest to a quote it does not contain, widened to whole
    words, with their lines and offsets: what a curator copies instead."""
    shown: list[Passage] = []
    for rank, (start, end, score) in enumerate(textmatch.nearest(text, quote, NEAREST * 2)):
        if rank and score < NEAR_ENOUGH:
            continue
        start, end = widen_to_words(text, start, end)
        if any(start < p.end and p.start < end for p in shown):
            continue
        shown.append(passage(text, start, end))
        if len(shown) == NEAREST:
            break
    if not shown:
        return "nothing in the article is close"
    lines = ["nearest passages:"]
    for p in shown:
        line, _ = line_and_column(text, p.start)
        lines.append(f"  line {line}, characters {p.start}-{p.end}: {p.quote}")
    return "\n".join(lines)
