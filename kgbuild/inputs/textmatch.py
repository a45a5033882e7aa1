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
from difflib import SequenceMatcher

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


def nearest(original: str, needle: str, limit: int = 1) -> list[str]:
    """The passages of the original most like the needle, for 'did you mean' messages."""
    wanted = normalise_str(needle)
    norm = normalise(original)
    if not wanted or not norm.text:
        return []
    width = len(wanted)
    step = max(1, width // 4)
    scored = []
    for at in range(0, max(1, len(norm.text) - width + 1), step):
        window = norm.text[at: at + width]
        scored.append((SequenceMatcher(None, wanted, window, autojunk=False).ratio(), at))
    scored.sort(key=lambda pair: (-pair[0], pair[1]))
    passages = []
    for _, at in scored[:limit]:
        end = min(len(norm.origin) - 1, at + width - 1)
        passages.append(original[norm.origin[at]: norm.origin[end] + 1])
    return passages
