"""Date expressions in news text, and the calendar dates they stand for.

News copy dates events relative to the day it was written ("on Tuesday and Wednesday",
"next month", "in August"). Given the article's date, and the tense of the sentence, most
such expressions resolve to one calendar date or month; the result always comes with the
reasoning a curator records in `inferred:`. Expressions that stay ambiguous (a weekday equal
to the reference day's, a tense the sentence does not make clear) are not resolved.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass

WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December"]
_MONTH_WORDS = {m.lower(): i + 1 for i, m in enumerate(MONTHS)}
_MONTH_WORDS.update({m[:3].lower(): i + 1 for i, m in enumerate(MONTHS)})
_MONTH_WORDS["sept"] = 9

_W = "(" + "|".join(WEEKDAYS) + ")"
_M = r"(January|February|March|April|May|June|July|August|September|October|November|December" \
     r"|Jan\.|Feb\.|Mar\.|Apr\.|Jun\.|Jul\.|Aug\.|Sept\.|Sep\.|Oct\.|Nov\.|Dec\.)"
# A weekday after a verb of saying dates the statement, not the event.
_SAID = r"(?<!said )(?<!told )(?<!announced )(?<!added )"
PATTERNS = [
    ("weekdays", re.compile(rf"\b(?:from|between) {_W} (?:through|to|until|till|and|-) {_W}\b")),
    ("weekdays", re.compile(rf"\b{_SAID}on {_W} and {_W}\b")),
    ("weekday", re.compile(rf"\b{_SAID}on {_W}\b")),
    ("monthday", re.compile(rf"\b(?:on |from )?{_M} (\d{{1,2}})(?:(?:-| to | through | and )"
                            rf"(\d{{1,2}}))?(?:,? (\d{{4}}))?(?![\d,])")),
    ("month", re.compile(rf"\bin (?:(?:early|late|mid-) ?)?{_M}(?:,? (\d{{4}}))?(?![\w])")),
    ("relative-month", re.compile(r"\b(?:(?:early|late|later|earlier|mid-)[ -]?)?"
                                  r"(next|this|last) month\b")),
    ("week", re.compile(r"\b(?:(?:early|late|later|earlier)[ -])?(next|this|last) week\b")),
]
SAID_WEEKDAY = re.compile(rf"\b(?:said|announced|told reporters|added|stated)(?: on)? {_W}\b")


@dataclass(frozen=True)
class Reference:
    day: datetime.date   # what "Tuesday" and "next month" are counted from
    explanation: str     # how that day was found, for the reasoning
    caveat: str = ""     # a sentence to add when the article's date is itself inferred


@dataclass(frozen=True)
class Expression:
    kind: str
    start: int           # offsets in the text searched
    end: int
    groups: tuple
    text: str = ""


@dataclass(frozen=True)
class Resolved:
    start: str | None    # ISO date, or YYYY-MM for a month
    end: str | None
    stated: bool         # the text gives the full date itself
    reasoning: str | None


def weekday_name(day: datetime.date) -> str:
    return WEEKDAYS[day.weekday()]


def reference(text: str, issued: str | None, issued_inferred: str | None,
              meta_file: str) -> Reference | None:
    """The day an article's relative dates count from: the day of the statement it reports
    ("said Monday") when it names one, otherwise the article's date; None without a date."""
    raw = issued or (issued_inferred if issued_inferred and len(issued_inferred) == 10 else None)
    if raw is None:
        return None
    pub = datetime.date.fromisoformat(raw)
    caveat = "" if issued else (f" The article's date is itself not stated by the text (see "
                                f"{meta_file}).")
    said = SAID_WEEKDAY.search(" ".join(text.split()))
    if said:
        wanted = WEEKDAYS.index(said.group(1))
        stmt = pub - datetime.timedelta(days=(pub.weekday() - wanted) % 7)
        if stmt == pub:
            why = (f"the article's date, {pub} (a {weekday_name(pub)}, the day of the "
                   f"statement it reports: \"{said.group(0)}\")")
        else:
            why = (f"{weekday_name(stmt)} {stmt}, the day of the statement the article reports "
                   f"(\"{said.group(0)}\"), the last {weekday_name(stmt)} on or before the "
                   f"article's date, {pub}")
        return Reference(stmt, why, caveat)
    return Reference(pub, f"the article's date, {pub} (a {weekday_name(pub)})", caveat)


def find(text: str) -> list[Expression]:
    """Date expressions in the text, first first; overlapping weaker matches dropped."""
    found: list[Expression] = []
    for kind, pattern in PATTERNS:
        for hit in pattern.finditer(text):
            if any(e.start < hit.end() and hit.start() < e.end for e in found):
                continue
            found.append(Expression(kind, hit.start(), hit.end(), hit.groups(), hit.group(0)))
    return sorted(found, key=lambda e: e.start)


def resolve(expr: Expression, ref: Reference | None, tense: str | None) -> Resolved | None:
    """Calendar dates for the expression; `tense` is "future", "past" or None (unclear)."""
    if expr.kind == "monthday":
        return _month_day(expr, ref, tense)
    if expr.kind == "month":
        return _month(expr, ref, tense)
    if ref is None:
        return None
    if expr.kind in ("weekday", "weekdays"):
        return _weekdays(expr, ref, tense)
    if expr.kind == "relative-month":
        shift = {"next": 1, "this": 0, "last": -1}[expr.groups[0]]
        year, month = _add_months(ref.day.year, ref.day.month, shift)
        value = f"{year:04d}-{month:02d}"
        return Resolved(value, None, False,
                        f"\"{expr.groups[0]} month\" counted from {ref.explanation} is "
                        f"{MONTHS[month - 1]} {year}.{ref.caveat}")
    return None


def _weekdays(expr: Expression, ref: Reference, tense: str | None) -> Resolved | None:
    if tense not in ("future", "past"):
        return None
    names = [g for g in expr.groups if g]
    first = WEEKDAYS.index(names[0])
    if first == ref.day.weekday():
        return None  # "on Monday", said on a Monday: today, or a week away?
    if tense == "future":
        start = ref.day + datetime.timedelta(days=(first - ref.day.weekday()) % 7)
    else:
        start = ref.day - datetime.timedelta(days=(ref.day.weekday() - first) % 7)
    end = None
    if len(names) > 1:
        last = WEEKDAYS.index(names[1])
        end = start + datetime.timedelta(days=(last - first) % 7)
        if end == start or (tense == "past" and end > ref.day):
            return None
    direction = "following" if tense == "future" else "preceding"
    joiner = " and " if " and " in expr.text else " to "
    span = f"{names[0]}{joiner}{names[1]}" if end else names[0]
    dates = f"{start} to {end}" if end else str(start)
    verb = "are" if end else "is"
    if tense == "past":
        verb = "were" if end else "was"
    return Resolved(start.isoformat(), end.isoformat() if end else None, False,
                    f"Weekdays resolved against {ref.explanation}: the {direction} {span} "
                    f"{verb} {dates}.{ref.caveat}")


def _month_number(word: str) -> int:
    return _MONTH_WORDS[word.rstrip(".").lower()]


def _month_day(expr: Expression, ref: Reference | None, tense: str | None) -> Resolved | None:
    month_word, first, last, year = expr.groups
    month = _month_number(month_word)
    if year:
        start = _date(int(year), month, int(first))
        end = _date(int(year), month, int(last)) if last else None
        if start is None or (last and (end is None or end < start)):
            return None
        return Resolved(start.isoformat(), end.isoformat() if end else None, True, None)
    if ref is None:
        return None
    chosen = _pick_year(ref.day, tense, lambda y: _date(y, month, int(first)))
    if chosen is None:
        return None
    end = _date(chosen.year, month, int(last)) if last else None
    if last and (end is None or end < chosen):
        return None
    shown = f"{month_word} {first}" + (f"-{last}" if last else "")
    return Resolved(chosen.isoformat(), end.isoformat() if end else None, False,
                    f"The sentence gives no year: {shown} is taken in {chosen.year}, "
                    f"{_year_reason(tense)} {ref.explanation}.{ref.caveat}")


def _month(expr: Expression, ref: Reference | None, tense: str | None) -> Resolved | None:
    month_word, year = expr.groups
    month = _month_number(month_word)
    if year:
        return Resolved(f"{int(year):04d}-{month:02d}", None, True, None)
    if ref is None:
        return None
    chosen = _pick_year(ref.day, tense, lambda y: datetime.date(y, month, 1),
                        same_month_ok=True)
    if chosen is None:
        return None
    return Resolved(f"{chosen.year:04d}-{month:02d}", None, False,
                    f"The sentence gives no year: {MONTHS[month - 1]} is taken in "
                    f"{chosen.year}, {_year_reason(tense, 'month')} {ref.explanation}."
                    f"{ref.caveat}")


def _year_reason(tense: str | None, unit: str = "date") -> str:
    return {"future": f"the first such {unit} after",
            "past": f"the last such {unit} before"}.get(tense, f"the nearest such {unit} to")


def _pick_year(ref: datetime.date, tense: str | None, make, *, same_month_ok: bool = False):
    options = [d for d in (make(ref.year - 1), make(ref.year), make(ref.year + 1)) if d]
    if same_month_ok:
        this_month = datetime.date(ref.year, ref.month, 1)
        if any(d == this_month for d in options):
            return this_month  # "in June", written in June: this June, whatever the tense
    if tense == "future":
        after = [d for d in options if d > ref]
        return min(after) if after else None
    if tense == "past":
        before = [d for d in options if d < ref]
        return max(before) if before else None
    return min(options, key=lambda d: abs((d - ref).days)) if options else None


def _date(year: int, month: int, day: int) -> datetime.date | None:
    try:
        return datetime.date(year, month, day)
    except ValueError:
        return None


def _add_months(year: int, month: int, shift: int) -> tuple[int, int]:
    index = year * 12 + (month - 1) + shift
    return index // 12, index % 12 + 1
