"""What the extractors read: an article's sentences, and the words and numbers in them.

A sentence is a passage of the source with its normalised text (plain quotes, single
spaces) for the patterns, and a way back to the source's own characters for quotes and
verbatim fields. Headlines, bylines, datelines and "Published :" lines are not sentences to
propose from: their facts, if any, are said again by the body.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from decimal import Decimal

from kgbuild.curate import relativedates
from kgbuild.inputs import textmatch
from kgbuild.inputs.passages import Passage, sentences

ORDINAL_WORDS = ["first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth",
                 "ninth", "tenth", "eleventh", "twelfth", "thirteenth", "fourteenth",
                 "fifteenth", "sixteenth", "seventeenth", "eighteenth", "nineteenth",
                 "twentieth"]
ORD = r"(" + "|".join(ORDINAL_WORDS) + r"|\d{1,2}(?:st|nd|rd|th))"
NUMBER_WORDS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
                "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12,
                "thirteen": 13, "fourteen": 14, "fifteen": 15, "twenty": 20}
DIGIT_WORDS = {"zero": "0", "oh": "0", "one": "1", "two": "2", "three": "3", "four": "4",
               "five": "5", "six": "6", "seven": "7", "eight": "8", "nine": "9"}
COUNT = r"(\d{1,2}|" + "|".join(NUMBER_WORDS) + r")"

FUTURE = re.compile(r"\b(?:will|shall|(?:is|are) (?:set|scheduled|expected|due|slated|poised) "
                    r"to|plans? to|planned to|upcoming|agreed to hold|to be held|is set for|"
                    r"are set for|is expected|are expected)\b", re.I)
PAST = re.compile(r"\b(?:(?<!be )held|had|wrapped up|took place|concluded|ended|closed|met|"
                  r"kicked off|began|opened)\b", re.I)
COMPLETE = re.compile(r"[.!?][\"')\]\u201d\u2019]*$")
# "SEOUL, Sept. 2, 2024 (Yonhap) --", "WASHINGTON —", "Seoul —": the article's place and
# date, not an event's; a quote starts after it.
DATELINE = re.compile(r"^[A-Z][A-Za-z .]+,? (?:[A-Z][a-z]+\.? \d{1,2}(?:, \d{4})? )?"
                      r"(?:\([^)]*\) )?(?:-+|\u2014|\u2013) ?")
SPEAKER = re.compile(r"^(?:[A-Z][A-Z]+(?: \([^)]*\))?|[A-Z][A-Z]+ [A-Z][A-Z]+): ")
NUMBERED = re.compile(r"^\d{1,2}\. ")


def ordinal_value(word: str) -> int:
    word = word.lower()
    if word in ORDINAL_WORDS:
        return ORDINAL_WORDS.index(word) + 1
    return int(re.match(r"\d+", word).group())


def count_value(word: str) -> int:
    return NUMBER_WORDS.get(word.lower()) or int(word)


def tense(text: str) -> str | None:
    future, past = bool(FUTURE.search(text)), bool(PAST.search(text))
    if future == past:
        return None
    return "future" if future else "past"


# "two-point-four", "one-point-five-two", "two-point-4": numbers read out on air.
_SPOKEN = re.compile(r"\b(" + "|".join(NUMBER_WORDS) + r")(?:-point((?:-(?:" +
                     "|".join(DIGIT_WORDS) + r"|\d))+))?(?= (?:thousand|million|billion|"
                     r"trillion|percent|per cent)\b)", re.I)


def spoken_numbers(text: str) -> str:
    """The text with numbers read out in words written in digits, keeping every other
    character in place when the lengths allow; used only to find amounts."""

    def digits(hit: re.Match) -> str:
        whole = str(NUMBER_WORDS[hit.group(1).lower()])
        if hit.group(2):
            whole += "." + "".join(DIGIT_WORDS.get(d.lower(), d)
                                   for d in hit.group(2).strip("-").split("-"))
        return whole.rjust(len(hit.group(0)), "\u2007")

    return _SPOKEN.sub(digits, text)


class Sentence:
    """One sentence, normalised for the patterns, with a way back to its own characters."""

    def __init__(self, passage: Passage, index: int, whole: Sentence | None = None):
        self.passage = passage
        self.index = index
        self.whole = whole           # the sentence this is a part of, if it is one
        self.normal = textmatch.normalise(passage.text)
        self.text = self.normal.text

    @property
    def quote(self) -> str:
        return self.passage.quote

    def at(self, offset: int) -> int:
        """The normalised position of an offset in the sentence's own characters."""
        return bisect.bisect_left(self.normal.origin, offset)

    def original(self, start: int, end: int) -> str:
        """The sentence's own characters for a span of the normalised text (curly quotes
        kept), white space collapsed: what a verbatim field must hold."""
        a, b = self.normal.origin[start], self.normal.origin[end - 1] + 1
        return " ".join(self.passage.text[a:b].split())

    def part(self, start: int, end: int) -> Sentence:
        """A clause of the sentence, from normalised offsets; quoted on its own."""
        a, b = self.normal.origin[start], self.normal.origin[end - 1] + 1
        text = self.passage.text[a:b].rstrip(" ,")
        return Sentence(Passage(self.passage.start + a, self.passage.start + a + len(text),
                                text), self.index, self)

    def dates(self) -> list[relativedates.Expression]:
        return relativedates.find(self.text)


def _trim(p: Passage, pattern: re.Pattern) -> Passage:
    hit = pattern.match(p.text)
    if not hit or hit.end() >= len(p.text):
        return p
    return Passage(p.start + hit.end(), p.end, p.text[hit.end():])


# "the 13th South Korea-U.S. Special Measures Agreement": an abbreviation before a name goes on.
_GOES_ON = re.compile(r"\b(?:U\.S|S|N|U\.N|D\.C)\.$")
_STARTERS = {"The", "A", "An", "He", "She", "It", "They", "We", "But", "And", "In", "On",
             "Under", "This", "That", "Officials", "Seoul", "Washington", "South"}


def _joined(text: str) -> list[Passage]:
    joined: list[Passage] = []
    for p in sentences(text):
        prev = joined[-1] if joined else None
        if (prev is not None and _GOES_ON.search(prev.text) and
                text[prev.end:p.start] == " " and p.text.split()[0] not in _STARTERS):
            joined[-1] = Passage(prev.start, p.end, text[prev.start:p.end])
        else:
            joined.append(p)
    return joined


def article_sentences(text: str) -> list[Sentence]:
    """The body's sentences, with datelines, speaker names and paragraph numbers cut off the
    front, so that a quote is the sentence itself."""
    found = []
    for p in _joined(text):
        for pattern in (DATELINE, SPEAKER, NUMBERED):
            p = _trim(p, pattern)
        if not COMPLETE.search(p.text.rstrip()) or len(p.text.split()) < 4:
            continue
        found.append(Sentence(p, len(found)))
    return found


# -- amounts --------------------------------------------------------------------------------

_NUM = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
_SCALE = r"(?:\s?(thousand|million|billion|trillion|bln|trln|tln|mln|bn|tn)\b)?"
SCALES = {None: 1, "thousand": 10**3, "million": 10**6, "mln": 10**6, "billion": 10**9,
          "bln": 10**9, "bn": 10**9, "trillion": 10**12, "trln": 10**12, "tln": 10**12,
          "tn": 10**12}
USD = re.compile(rf"(?:US\$|U\.S\.\s?\$|USD\s?|\$)\s?({_NUM}){_SCALE}(?![\w.,]\d)|"
                 rf"\b({_NUM}){_SCALE}\s(?:U\.S\.|US|American)\s(?:dollars|dollar)\b")
KRW = re.compile(rf"(?:\u20a9\s?|\bW\s?|\bKRW\s?)({_NUM}){_SCALE}(?!\s?won)|\b({_NUM}){_SCALE}"
                 rf"\s(?:South Korean |Korean )?won\b")
HEDGE = re.compile(r"\b(about|around|roughly|nearly|almost|approximately|more than|over|"
                   r"some|up to|less than|at least|at most)\s+(?:an?\s+|the\s+)?$", re.I)


@dataclass(frozen=True)
class Amount:
    start: int
    end: int                # after the bracketed dollar equivalent, if any
    amount_end: int         # after the amount itself
    value: Decimal
    currency: str
    usd: Decimal | None     # a dollar equivalent given in brackets


def amount_value(number: str, scale: str | None) -> Decimal:
    value = Decimal(number.replace(",", "")) * SCALES[scale.lower() if scale else None]
    # "1.04 trillion" is a whole number of won: no trailing ".00" in what a curator reads.
    return value.quantize(Decimal(1)) if value == value.to_integral_value() else value


def amounts(text: str) -> list[Amount]:
    """Every amount of won or dollars, a won amount paired with the dollar figure in
    brackets after it ("1.2 trillion won (US$1.05 billion)")."""
    text = spoken_numbers(text)
    hits = []
    for hit in KRW.finditer(text):
        number, scale = (hit.group(1), hit.group(2)) if hit.group(1) else (hit.group(3),
                                                                           hit.group(4))
        hits.append((hit.start(), hit.end(), amount_value(number, scale), "KRW"))
    for hit in USD.finditer(text):
        number, scale = (hit.group(1), hit.group(2)) if hit.group(1) else (hit.group(3),
                                                                           hit.group(4))
        hits.append((hit.start(), hit.end(), amount_value(number, scale), "USD"))
    # A number read out in words starts where its words start, before the padding.
    hits = [(_unpadded(text, start), end, value, currency) for start, end, value, currency in hits]
    hits.sort()
    found: list[Amount] = []
    skip = set()
    for i, (start, end, value, currency) in enumerate(hits):
        if i in skip:
            continue
        usd, amount_end = None, end
        if currency == "KRW" and i + 1 < len(hits) and hits[i + 1][3] == "USD":
            between = text[end:hits[i + 1][0]]
            after = text[hits[i + 1][1]:]
            if (re.fullmatch(r"\s*\((?:about |around |roughly |or |some )?", between) and
                    after.lstrip().startswith(")")):
                usd = hits[i + 1][2]
                skip.add(i + 1)
                end = hits[i + 1][1] + after.index(")") + 1
        found.append(Amount(start, end, amount_end, value, currency, usd))
    return found


def _unpadded(text: str, start: int) -> int:
    while start and text[start - 1] == "\u2007":
        start -= 1
    return start


def hedge_before(s: Sentence, at: int) -> str | None:
    hit = HEDGE.search(spoken_numbers(s.text)[:at])
    return s.original(hit.start(1), hit.end(1)) if hit else None
