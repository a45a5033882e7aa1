"""Agreements: which one a sentence speaks of, and its terms (length, expiry, signing,
launch of its negotiations, rounds held, conclusion).

An agreement is named by ordinal ("the 13th Special Measures Agreement", "the tenth
agreement", "the 12th SMA") or by reference: "the new deal" and "the agreement" are the one
the article's talks are for; "the current deal" is the one before it. A term belongs to the
nearest agreement named before it in the sentence.
"""

from __future__ import annotations

import re

from kgbuild.curate import relativedates
from kgbuild.curate.factwriter import DraftClaim
from kgbuild.curate.suggest_state import Drafting
from kgbuild.curate.suggest_text import COUNT, ORD, Sentence, count_value, ordinal_value

_KIND = (r"(?:(?:South )?Korea-U\.?S\.? |U\.?S\.?-(?:Republic of )?Korea |Korea-US |"
         r"South Korea-US )?(?:Special Measures Agreement|SMA|agreement|deal|pact)\b")
NAMED = re.compile(rf"\b{ORD} {_KIND}", re.I)
GENERIC = re.compile(r"\b[Uu]nder (it)\b|\b[Tt]he (?:(new|current|same)\s)?"
                     r"(?:(?:\w+-year|12th|13th)\s)?(?:deal|agreement|pact)\b")
TALKS = re.compile(r"\b(?:talks|negotiations?|rounds?|sign(?:ed|ing)?|reached|agreed)\b", re.I)
_SUFFIX = {1: "st", 2: "nd", 3: "rd"}

DURATION = re.compile(rf"\b(?:(?:an?|the) (?:current |new )?{COUNT}-year (?:deal|agreement|pact)|"
                      rf"run for {COUNT} years|for the next {COUNT} years)\b", re.I)
_YEAR_END = r"at the end of (\d{4}|last year|this year|next year)"
EXPIRES = re.compile(rf"\bexpir(?:es|e|ed|ing) (?:{_YEAR_END}|on ({relativedates._M} "
                     r"\d{1,2}, \d{4}))")
SIGNED = re.compile(r"\bsign(?:ed)?\b(?! for)")
LAUNCHED = re.compile(r"\blaunch(?:ed)? (?:the )?(?:negotiations|talks)\b.*?\bin "
                      rf"{relativedates._M}"
                      r"(?:,? (\d{4})| (?:of )?(last year|this year))?|\b(?:negotiations|talks) "
                      rf"were launched in {relativedates._M}(?:,? (\d{{4}})| (?:of )?"
                      r"(last year|this year))?")
ROUNDS_HELD = re.compile(rf"\b(?:have held|held|met for|had) {COUNT} rounds\b")
CONCLUDED = re.compile(rf"\b(?:concluded|struck|reached) in {relativedates._M} (\d{{4}})|"
                       r"\breaching the deal (last month|this month)")
SIGN_PLACE = re.compile(r"\bsigning ceremony\b.*?\bin ([A-Z][a-z]+)\b")


def ordinal_label(n: int) -> str:
    suffix = "th" if 10 <= n % 100 <= 20 else _SUFFIX.get(n % 10, "th")
    return f"{n}{suffix} Special Measures Agreement"


def declare_agreements(d: Drafting) -> None:
    """Every agreement the article names by ordinal: the graph's, or declared as new (with
    the first sentence that names it); and the one its talks are for."""
    in_talks: list[int] = []
    for s in d.sentences:
        for hit in NAMED.finditer(s.text):
            n = ordinal_value(hit.group(1))
            if n not in d.agreements:
                known = d.known.agreement(n)
                if known is not None:
                    d.agreements[n] = known.id
                else:
                    entity = d.free_entity_id(f"sma{n}")
                    d.agreements[n] = entity
                    shown = s.original(hit.start(), hit.end())
                    d.add(DraftClaim(
                        id=entity, about=entity, quote=s.quote,
                        says={"type": "Agreement", "label": ordinal_label(n), "ordinal": n},
                        why=[f"\"{shown}\" names an agreement new to the graph."]))
            if TALKS.search(s.text):
                in_talks.append(n)
    newest = max((int(o) for e in d.known.of_type("Agreement")
                   for o in e.values.get("ordinal", [])), default=0)
    # An older agreement named beside talks is their history ("Under the 10th SMA, Seoul
    # agreed to pay ..."), not what they are for.
    if in_talks and max(in_talks) >= newest:
        d.main_agreement = d.agreements[max(in_talks)]
    elif d.reference is not None:
        found, _ = d.agreement_at(d.reference.day)
        d.main_agreement = found.id if found else None


def previous(d: Drafting, agreement: str | None) -> str | None:
    for n, entity in d.agreements.items():
        if entity == agreement:
            return d.agreements.get(n - 1) or (known.id if (known := d.known.agreement(n - 1))
                                                else None)
    ordinal = d.known.entities.get(agreement).values.get("ordinal", []) if agreement in \
        d.known.entities else []
    if ordinal:
        known = d.known.agreement(int(ordinal[0]) - 1)
        return known.id if known else None
    return None


def references(d: Drafting, s: Sentence) -> list[tuple[int, str, str]]:
    """(position, agreement, how) for each agreement the sentence names or refers to."""
    refs = []
    for hit in NAMED.finditer(s.text):
        n = ordinal_value(hit.group(1))
        if n in d.agreements:
            refs.append((hit.start(), d.agreements[n],
                         f"\"{s.original(hit.start(), hit.end())}\" names it"))
    for hit in GENERIC.finditer(s.text):
        if any(start <= hit.start() < start + 60 and hit.start() - start < 5
               for start, _, _ in refs):
            continue
        which = d.main_agreement
        how = (f"\"{s.original(hit.start(), hit.end())}\" is the agreement the article's talks "
               f"are for, {which}")
        if hit.group(1) or hit.group(2) == "same":
            which = d.prev_agreement
            how = (f"\"{s.original(hit.start(), hit.end())}\" is the agreement the sentence "
                   f"before speaks of, {which}")
        elif hit.group(2) == "current":
            which = previous(d, d.main_agreement)
            how = (f"\"{s.original(hit.start(), hit.end())}\" is the agreement before the one "
                   f"the article's talks are for: {which}")
        if which:
            refs.append((hit.start(), which, how))
    return sorted(refs)


def agreement_before(d: Drafting, s: Sentence, at: int) -> tuple[str | None, str | None]:
    refs = references(d, s)
    before = [r for r in refs if r[0] < at]
    if before:
        return before[-1][1], before[-1][2]
    return None, None


def first_reference(d: Drafting, s: Sentence) -> tuple[str | None, str | None]:
    refs = references(d, s)
    return (refs[0][1], refs[0][2]) if refs else (None, None)


def remember(d: Drafting, s: Sentence) -> None:
    """The agreement a sentence speaks of last, for "under it" and "the same deal" in the
    next sentence."""
    refs = references(d, s)
    d.prev_agreement = refs[-1][1] if refs else None


def _year(word: str | None, d: Drafting) -> str | None:
    if word and word.isdigit():
        return word
    if d.reference is None:
        return None
    shift = {"last year": -1, "this year": 0, "next year": 1}.get(word or "", None)
    return None if shift is None else str(d.reference.day.year + shift)


def terms(d: Drafting, s: Sentence) -> None:
    """An agreement's length, expiry, signing date and place, the month its negotiations
    were launched, the rounds held and when it was concluded."""
    # (agreement, stated?) -> values: what the sentence says and what is worked out from it
    # go in separate claims, so a stated value is never marked inferred.
    found: dict[tuple[str, bool], dict] = {}
    why: dict[tuple[str, bool], list[str]] = {}
    inferred: dict[tuple[str, bool], list[str]] = {}

    def put(at: int, name: str, value, shown: str, reason: str | None = None) -> None:
        agreement, how = agreement_before(d, s, at + 1)
        if agreement is None and NAMED.search(s.text):
            agreement, how = first_reference(d, s)
        if agreement is None:
            agreement, how = (d.main_agreement, "the article's talks are for it") \
                if d.main_agreement and not NAMED.search(s.text) else (None, None)
        if agreement is None:
            return
        if not how.endswith("names it"):
            reason = f"{reason or ''} The agreement is not named: {how}.".strip()
        slot = (agreement, reason is None)
        found.setdefault(slot, {})[name] = value
        why.setdefault(slot, []).append(f"\"{shown}\" gives {name} ({how}).")
        if reason and reason not in inferred.get(slot, []):
            inferred.setdefault(slot, []).append(reason)

    for hit in DURATION.finditer(s.text):
        word = next(g for g in hit.groups() if g)
        put(hit.start(), "duration", f"P{count_value(word)}Y", s.original(*hit.span()))
    for hit in EXPIRES.finditer(s.text):
        shown = s.original(*hit.span())
        if hit.group(1):
            year = _year(hit.group(1), d)
            if year:
                reason = None if hit.group(1).isdigit() else (
                    f"\"{hit.group(1)}\" counted from the article's date, {d.reference.day}.")
                put(hit.start(), "expiresOn", f"{year}-12-31", shown, reason)
        else:
            expr = relativedates.find(hit.group(2))
            resolved = relativedates.resolve(expr[0], d.reference, None) if expr else None
            if resolved and resolved.stated:
                put(hit.start(), "expiresOn", resolved.start, shown)
    if SIGNED.search(s.text):
        signed_on(d, s, put)
    place = SIGN_PLACE.search(s.text)
    if place:
        for _, entity in d.known.mentions(place.group(1), ("Place",)):
            put(place.start(), "signedIn", entity.id, s.original(*place.span()))
    hit = LAUNCHED.search(s.text)
    if hit:
        month, year_word = (hit.group(1), hit.group(2) or hit.group(3)) if hit.group(1) else \
            (hit.group(4), hit.group(5) or hit.group(6))
        number = relativedates._month_number(month)
        year = _year(year_word, d)
        reason = None
        if year is None and d.reference is not None:
            ref = d.reference.day
            year = str(ref.year if number <= ref.month else ref.year - 1)
            reason = (f"\"in {month}\" with no year, in the past tense: the last {month} up to "
                      f"the article's date, {ref}.")
        elif year_word and not year_word.isdigit():
            reason = f"\"{year_word}\" counted from the article's date, {d.reference.day}."
        if year:
            put(hit.start(), "negotiationsLaunched", f"{year}-{number:02d}",
                s.original(*hit.span()), reason)
    hit = ROUNDS_HELD.search(s.text)
    if hit:
        put(hit.start(), "roundsHeld", count_value(hit.group(1)), s.original(*hit.span()))
    hit = CONCLUDED.search(s.text)
    if hit and hit.group(1):
        put(hit.start(), "concludedIn",
            f"{hit.group(2)}-{relativedates._month_number(hit.group(1)):02d}",
            s.original(*hit.span()))
    elif hit and d.reference is not None:
        ref = d.reference.day
        y, m = (ref.year, ref.month) if hit.group(3) == "this month" else \
            (ref.year - (ref.month == 1), (ref.month - 2) % 12 + 1)
        put(hit.start(), "concludedIn", f"{y}-{m:02d}", s.original(*hit.span()),
            f"\"{hit.group(3)}\" counted from the article's date, {ref}.")
    for (agreement, stated), says in found.items():
        d.add(DraftClaim(id=f"{agreement}-terms", about=agreement, quote=s.quote, says=says,
                         inferred=None if stated else " ".join(inferred[agreement, stated]),
                         why=why[agreement, stated]))


def signed_on(d: Drafting, s: Sentence, put) -> None:
    for expr in s.dates():
        if expr.kind not in ("weekday", "monthday"):
            continue
        resolved = relativedates.resolve(expr, d.reference, "past")
        if resolved is None or len(resolved.start or "") != 10:
            continue
        put(expr.start, "signedOn", resolved.start, s.original(expr.start, expr.end),
            None if resolved.stated else resolved.reasoning)
        return
