"""Finding a curator's quote in a source text, tolerant of typography, exact in offsets.

Articles arrive with curly quotes, no-break spaces and odd line breaks; curators type
straight quotes and single spaces. Both sides are normalised the same way (NFKC per
character, curly quotes and dashes folded, white space runs collapsed), and a map from
normalised to original positions gives Web Annotation offsets in the original text.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from rapidfuzz import fuzz

_FOLD = {
    "\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'", "\u2032": "'",
    "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u201f": '"', "\u2033": '"',
    "\u2010": "-", "\u2011": "-", "\u2012": "-", "\u2013": "-", "\u2014": "-", "\u2212": "-",
    "\u00ad": "",
}


_FOLDED: dict[str, str] = {}
_WORDS = re.compile(r"\S+")


def _fold_char(ch: str) -> str:
    folded = _FOLDED.get(ch)
    if folded is None:
        folded = _FOLDED[ch] = "".join(_FOLD.get(c, c)
                                       for c in unicodedata.normalize("NFKC", ch))
    return folded


@dataclass(frozen=True)
class NormalText:
    text: str            # the normalised text
    origin: list[int]    # origin[i] = index in the original of normalised char i


def normalise(original: str) -> NormalText:
    if all(_fold_char(ch) == ch for ch in set(original)):
        return _collapse_spaces(original)
    out: list[str] = []
    origin: list[int] = []
    pending_space = -1
    for i, ch in enumerate(original):
        folded = _fold_char(ch)
        for c in folded:
            if c.isspace():
                if pending_space < 0:
                    pending_space = i
                continue
            if pending_space >= 0:
                if out:
                    out.append(" ")
                    origin.append(pending_space)
                pending_space = -1
            out.append(c)
            origin.append(i)
    return NormalText("".join(out), origin)


def _collapse_spaces(original: str) -> NormalText:
    """`normalise` for text that folding leaves alone (most of it): only white space runs
    change, so whole words are copied at once. A run becomes one space, placed at the run's
    first character; leading and trailing runs go."""
    words: list[str] = []
    origin: list[int] = []
    previous_end = -1
    for match in _WORDS.finditer(original):
        start, end = match.span()
        if previous_end >= 0:
            origin.append(previous_end)
        words.append(match.group())
        origin.extend(range(start, end))
        previous_end = end
    return NormalText(" ".join(words), origin)


def normalise_str(text: str) -> str:
    return normalise(text).text


# A quote must show the reader something: one letter or one short word would be "found"
# almost anywhere and supports nothing.
MIN_QUOTE_CHARS = 4


def quote_problem(quote: object) -> str | None:
    """Why `quote` cannot support a claim, or None."""
    if not isinstance(quote, str) or not normalise_str(quote):
        return "the quote is empty"
    shown = "".join(normalise_str(quote).split())
    if len(shown) < MIN_QUOTE_CHARS:
        return (f"the quote {quote.strip()!r} is too short to support anything (at least "
                f"{MIN_QUOTE_CHARS} characters besides spaces)")
    return None


@dataclass(frozen=True)
class Match:
    start: int  # offsets in the original text, Python slice convention
    end: int


def find(haystack: NormalText, needle: str) -> Match | None:
    """The first place the needle occurs, in original offsets, or None."""
    wanted = normalise_str(needle)
    if not wanted:
        return None
    at = haystack.text.find(wanted)
    if at < 0:
        return None
    return Match(haystack.origin[at], haystack.origin[at + len(wanted) - 1] + 1)


SHORT_QUOTE = 300   # characters: up to this, a full fuzzy alignment is cheap
_BUCKET = 16        # characters of drift an insertion or deletion may cause
_COMMON = 64        # a word found more often than this anchors nothing


def nearest(original: str, needle: str, limit: int = 1) -> list[tuple[int, int, float]]:
    """The passages of the original most like the needle, best first, for 'did you mean'
    messages: (start, end, score from 0 to 100), offsets in the original text.

    A short needle is aligned with rapidfuzz's partial ratio, linear in the text. A long
    one is anchored by its words: each occurrence of a needle word in the text votes for
    where the needle would start, and the passages with most votes win, in time linear in
    the text and the needle (difflib's window scan, the first implementation, was
    quadratic: 8 s for a 2,000-character near-miss, minutes beyond)."""
    wanted = normalise_str(needle)
    norm = normalise(original)
    if not wanted or not norm.text:
        return []
    spans = (_aligned(norm.text, wanted, limit) if len(wanted) <= SHORT_QUOTE else
             _anchored(norm.text, wanted, limit))
    return [(norm.origin[a], norm.origin[b - 1] + 1, score) for a, b, score in spans]


def _aligned(text: str, wanted: str, limit: int) -> list[tuple[int, int, float]]:
    found = []
    for _ in range(limit):
        if len(wanted) >= len(text):
            return found + [(0, len(text), fuzz.ratio(wanted, text))]
        hit = fuzz.partial_ratio_alignment(wanted, text)
        if hit is None or hit.dest_end <= hit.dest_start or hit.score <= 0:
            break
        found.append((hit.dest_start, hit.dest_end, hit.score))
        # the next search must not find this passage again
        text = text[:hit.dest_start] + "\0" * (hit.dest_end - hit.dest_start) + \
            text[hit.dest_end:]
    return found


def _anchored(text: str, wanted: str, limit: int) -> list[tuple[int, int, float]]:
    where: dict[str, list[int]] = {}
    for hit in _WORDS.finditer(text):
        where.setdefault(hit.group(), []).append(hit.start())
    votes: dict[int, dict[int, int]] = {}
    counted = 0
    for hit in _WORDS.finditer(wanted):
        spots = where.get(hit.group())
        if not spots or len(spots) > _COMMON:
            continue
        counted += 1
        for at in spots:
            shift = at - hit.start()
            bucket = votes.setdefault(shift // _BUCKET, {})
            bucket[shift] = bucket.get(shift, 0) + 1
    if not counted:
        return []
    totals = {b: sum(votes.get(b + d, {}).get(s, 0) for d in (-1, 0, 1)
                     for s in votes.get(b + d, {}))
              for b in votes}
    found: list[tuple[int, int, float]] = []
    for bucket in sorted(totals, key=lambda b: (-totals[b], b)):
        shift = max(votes[bucket], key=lambda s: (votes[bucket][s], -s))
        start, end = max(0, shift), min(len(text), shift + len(wanted))
        if end <= start or any(start < b and a < end for a, b, _ in found):
            continue
        found.append((start, end, min(100.0, 100.0 * totals[bucket] / counted)))
        if len(found) == limit:
            break
    return found
