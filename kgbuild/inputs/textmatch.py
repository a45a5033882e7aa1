"""Finding a curator's quote in a source text, tolerant of typography, exact in offsets.

Articles arrive with curly quotes, no-break spaces and odd line breaks; curators type
straight quotes and single spaces. Both sides are normalised the same way (NFKC per
character, curly quotes and dashes folded, white space runs collapsed), and a map from
normalised to original positions gives Web Annotation offsets in the original text.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import accumulate

from rapidfuzz import fuzz

_FOLD = {
    "\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'", "\u2032": "'",
    "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u201f": '"', "\u2033": '"',
    "\u2010": "-", "\u2011": "-", "\u2012": "-", "\u2013": "-", "\u2014": "-", "\u2212": "-",
    "\u00ad": "",
}


_FOLDED: dict[str, str] = {}
_UNCHANGED: set[str] = set()  # characters known to fold to themselves
_WORDS = re.compile(r"\S+")
_RUNS = re.compile(r"(\s+)")


def _fold_char(ch: str) -> str:
    folded = _FOLDED.get(ch)
    if folded is None:
        folded = _FOLDED[ch] = "".join(_FOLD.get(c, c)
                                       for c in unicodedata.normalize("NFKC", ch))
    return folded


@dataclass(frozen=True)
class NormalText:
    text: str            # the normalised text
    origin: Sequence[int]  # origin[i] = index in the original of normalised char i


def _folds_to_itself(text: str) -> bool:
    # A set difference per text instead of a lookup per distinct character: most texts hold
    # only characters met before.
    unknown = set(text).difference(_UNCHANGED)
    if all(_fold_char(ch) == ch for ch in unknown):
        _UNCHANGED.update(unknown)
        return True
    return False


def normalise(original: str) -> NormalText:
    if _folds_to_itself(original):
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
    parts = _RUNS.split(original)  # word, run, word, ..., word (the first or last may be "")
    offsets = list(accumulate(map(len, parts), initial=0))
    words, starts = parts[0::2], offsets[0::2]
    if words[0] == "":
        del words[0], starts[0]
    if words and words[-1] == "":
        del words[-1], starts[-1]
    return NormalText(" ".join(words), _WordOrigin(words, starts))


class _WordOrigin(Sequence):
    """The map to original positions of text normalised word by word, looked up on demand:
    a quote's two ends are all most texts ever need, and building the whole list took a
    fifth of reading the facts."""

    def __init__(self, words: list[str], starts: list[int]):
        self.lengths = [len(word) for word in words]
        self.starts = starts  # each word's first character in the original
        # Each word's first character in the normalised text (words joined by one space).
        self.at = list(accumulate((n + 1 for n in self.lengths[:-1]), initial=0))
        self.size = self.at[-1] + self.lengths[-1] if words else 0

    def __len__(self) -> int:
        return self.size

    def __getitem__(self, index):
        if isinstance(index, slice):
            return [self[i] for i in range(*index.indices(self.size))]
        if index < 0:
            index += self.size
        if not 0 <= index < self.size:
            raise IndexError("normalised position out of range")
        word = bisect_right(self.at, index) - 1
        offset = index - self.at[word]
        # Past a word's end is the space standing for the run after it: the run's first
        # character, which is where the word ends in the original.
        return self.starts[word] + min(offset, self.lengths[word])

    def __eq__(self, other) -> bool:
        return isinstance(other, Sequence) and list(self) == list(other)

    __hash__ = None


def normalise_str(text: str) -> str:
    """`normalise(text).text`, without the offsets where folding changes nothing."""
    if _folds_to_itself(text):
        return " ".join(_WORDS.findall(text))
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
