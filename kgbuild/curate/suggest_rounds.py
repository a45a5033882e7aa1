"""Rounds of talks: ordinal, agreement, place, status, dates, length and who led them.

A round is named by ordinal ("the sixth round", "6th round"); its agreement is the one the
sentence names, or else the one the article's talks are for (inferred, with the reasoning).
Its details often come in the sentences after it ("The talks will take place in Busan from
Tuesday to Thursday", "... will lead the two sides"): those are read until another round is
named, three sentences at most.
"""

from __future__ import annotations

import datetime
import re

from kgbuild.curate import relativedates
from kgbuild.curate.factwriter import DraftClaim
from kgbuild.curate.intake import slug
from kgbuild.curate.suggest_agreements import NAMED
from kgbuild.curate.suggest_state import Drafting
from kgbuild.curate.suggest_text import COUNT, ORD, Sentence, count_value, ordinal_value, tense

ROUND = re.compile(rf"\b{ORD}[ -]round\b", re.I)
SECOND = re.compile(rf", and the {ORD}\b(?! round)")
CARRY_OVER = re.compile(r"^(?:The|These|Those) (?:\w+-day )?(?:talks|meetings?|negotiations|"
                        r"round|discussions)\b")
LEAD = re.compile(r"\b(?:led by|headed by|will lead|to lead|leads|led|will head|heads|"
                  r"will face|facing)\b")
LED_WHAT = re.compile(r"\b(?:talks|two sides|round)\b")
HEDGES = ("likely", "expected to", "reportedly", "tentatively")
DAY_COUNT = re.compile(rf"\b{COUNT}-day\b", re.I)
ENDED = re.compile(r"\b(?:wrapped up|ended|concluded|closed)\b")
PLACE_AFTER_IN = re.compile(r"\b(?:in|at) ([A-Z][a-z]+(?: [A-Z][a-z]+)?)\b")
NOT_PLACES = set(relativedates.WEEKDAYS) | set(relativedates.MONTHS) | {
    "The", "A", "An", "Jan", "Feb", "Aug", "Sept", "Oct", "Nov", "Dec", "Incheon"}
WINDOW = 3


def rounds(d: Drafting, s: Sentence) -> None:
    """A round named by ordinal, with what this sentence and the next few say of it."""
    ordinals = {ordinal_value(m.group(1)): m for m in ROUND.finditer(s.text)}
    if not ordinals:
        return
    if len(ordinals) > 1:
        d.notice(f"Rounds {', '.join(str(n) for n in sorted(ordinals))} are named in one "
                 f"sentence; not proposed, as which fact belongs to which round is unclear: "
                 f"\"{s.quote}\"")
        return
    (number, hit), = ordinals.items()
    # "The third round was held in Washington in July, and the second in Seoul in June."
    second = SECOND.search(s.text, hit.end())
    if second:
        first_part, rest = s.part(0, second.start()), s.part(second.start() + 2, len(s.text))
        one_round(d, first_part, number, hit.start(), hit.end(), None)
        one_round(d, rest, ordinal_value(second.group(1)), 0, len(second.group(0)) - 2,
                  tense(first_part.text))
        return
    one_round(d, s, number, hit.start(), hit.end(), None)


def one_round(d: Drafting, s: Sentence, number: int, begin: int, finish: int,
              when: str | None) -> None:
    phrase = s.original(begin, finish)
    agreement, agreement_why, explicit = round_agreement(d, s)
    known_round = d.known.round_of(agreement, number) if agreement else None
    why = []
    if known_round:
        round_id = known_round.id
        why.append(f"\"{phrase}\" of {agreement} is the known round {round_id}.")
    else:
        base = f"{agreement}-round{number}" if agreement else f"round{number}-{d.source.id}"
        round_id = d.free_entity_id(base)
        why.append(f"\"{phrase}\" is round {number}, new to the graph.")
    stated: dict[str, object] = {"ordinal": number}
    note = None
    if agreement and explicit:
        stated["ofAgreement"] = agreement
        why.append(f"The sentence names the agreement: {agreement_why}.")
    elif agreement is None:
        note = (f"The article does not say which agreement this round is for "
                f"({agreement_why}): set ofAgreement, which `kgbuild check` requires.")
    details(d, s, stated, why, after=begin, main=True)
    if when and "roundStatus" not in stated:
        stated["roundStatus"] = "planned" if when == "future" else "held"
    qualifier = next((h for h in HEDGES if re.search(rf"\b{h}\b", s.text)), None)
    label = round_label(d, agreement, number)
    d.add(DraftClaim(id=round_id, about=round_id, quote=s.quote,
                     says=d.declare(round_id, "Round", label, stated), qualifier=qualifier,
                     note=note, why=why))
    if agreement and not explicit and not known_round:
        d.add(DraftClaim(id=f"{round_id}-agreement", about=round_id, quote=s.quote,
                         inferred=f"The sentence does not name the agreement. {agreement_why}.",
                         says={"ofAgreement": agreement},
                         why=[f"The round's agreement, {agreement}, inferred."]))
    dated = round_dates(d, s, round_id, stated)
    if s.whole is not None:
        return
    for later in d.sentences[s.index + 1:s.index + 1 + WINDOW]:
        if ROUND.search(later.text):
            break
        extra: dict[str, object] = {}
        carried_why = []
        if CARRY_OVER.match(later.text):
            carried_why.append(f"The sentence follows the one naming \"{phrase}\" and speaks "
                               "of the same talks.")
            details(d, later, extra, carried_why, after=0, main="roundStatus" not in stated)
            if not dated:
                dated = round_dates(d, later, round_id, {**stated, **extra})
        elif LEAD.search(later.text) and LED_WHAT.search(later.text):
            carried_why.append(f"The sentence follows the one naming \"{phrase}\" and says who "
                               "leads the talks.")
            leads(d, later, extra, carried_why, 0)
            days(later, extra, carried_why)
        if extra:
            d.add(DraftClaim(id=f"{round_id}-details", about=round_id, quote=later.quote,
                             says=extra, why=carried_why))
    d.last_round = round_id


def round_agreement(d: Drafting, s: Sentence):
    """(agreement id, why, named in the sentence) for the round a sentence names."""
    named = NAMED.search(s.text)
    if named and ordinal_value(named.group(1)) in d.agreements:
        agreement = d.agreements[ordinal_value(named.group(1))]
        return agreement, f"\"{s.original(named.start(), named.end())}\" is {agreement}", True
    if d.main_agreement:
        return d.main_agreement, (f"The article's talks are for {d.main_agreement}, as the "
                                  "article names it"), False
    if d.reference is None:
        return None, "the article's date is not known to the day", False
    found, why = d.agreement_at(d.reference.day)
    return (found.id if found else None), why, False


def round_label(d: Drafting, agreement: str | None, number: int) -> str:
    if agreement is None:
        return f"Round {number} (agreement not named)"
    for entity in d.known.of_type("Round"):
        if agreement in entity.values.get("ofAgreement", []) and entity.label:
            prefix = re.match(r"^(.*), round \d+$", entity.label)
            if prefix:
                return f"{prefix.group(1)}, round {number}"
    name = d.label_of(agreement)
    short = re.sub(r"Special Measures Agreement$", "SMA", name)
    return f"{short}, round {number}" if short != name else f"{name}, round {number}"


def details(d: Drafting, s: Sentence, says: dict, why: list[str], *, after: int,
            main: bool) -> None:
    """Place, status, date expression, length and leads of a round, from one sentence."""
    places = round_places(d, s)
    if len(places) == 1:
        place_id, text, new_label = places[0]
        says["roundLocation"] = place_id
        if new_label:
            d.add(DraftClaim(id=place_id, about=place_id, quote=s.quote,
                             says={"type": "Place", "label": new_label},
                             why=[f"\"{text}\" names the round's place, new to the graph."]))
        why.append(f"\"{text}\" is the place, {place_id}.")
    elif len(places) > 1:
        d.notice(f"More than one place in \"{s.quote}\"; no place proposed.")
    when = tense(s.text)
    if when and main:
        says["roundStatus"] = "planned" if when == "future" else "held"
        why.append(f"The sentence is in the {when} tense: {says['roundStatus']}.")
    expressions = s.dates()
    if len(expressions) == 1:
        expr = expressions[0]
        says["dateExpression"] = s.original(expr.start, expr.end)
    days(s, says, why)
    # "The talks, led by X, come after the eighth round": X leads the talks, not that round;
    # otherwise whoever the sentence says leads, leads the round it names.
    follows = re.search(r"\b(?:after|follows?|following)\b", s.text[:after])
    leads(d, s, says, why, after if follows else 0)


def days(s: Sentence, says: dict, why: list[str]) -> None:
    hit = DAY_COUNT.search(s.text)
    if hit:
        says["dayCount"] = count_value(hit.group(1))
        why.append(f"\"{s.original(hit.start(), hit.end())}\" gives the number of days.")


def leads(d: Drafting, s: Sentence, says: dict, why: list[str], after: int) -> None:
    lead = LEAD.search(s.text, after)
    if not lead:
        return
    found = []
    for passage, entity in d.known.mentions(s.passage.text, ("Negotiator",)):
        found.append((s.at(passage.start), entity.id))
    for name, person in d.people.items():
        at = s.text.find(name)
        if at >= 0 and person.id not in d.known.entities:
            found.append((at, person.id))
    # "led our delegation, facing Daniel Okafor": the one faced is a counterpart, not said
    # to lead this round.
    ids = [entity for at, entity in sorted(found)
           if at >= after and not s.text[:at].endswith("facing ")]
    if ids:
        says["leadNegotiator"] = list(dict.fromkeys(ids))
        why.append("Named as leading: " + ", ".join(says["leadNegotiator"]) + ".")


def round_places(d: Drafting, s: Sentence) -> list[tuple[str, str, str | None]]:
    found: dict[str, tuple[str, str, str | None]] = {}
    for passage, entity in d.known.mentions(s.passage.text, ("Place",)):
        before = s.passage.text[:passage.start].rstrip()
        if re.search(r"\b(?:in|at)$", before):
            found.setdefault(entity.id, (entity.id, f"in {passage.quote}", None))
    if found:
        return list(found.values())
    names = d.known.all_names() | {n.casefold() for n in d.people}
    for hit in PLACE_AFTER_IN.finditer(s.text):
        name = hit.group(1)
        folded = name.casefold()
        if (name.split()[0] in NOT_PLACES or folded in names or
                any(folded in n for n in names) or s.text[hit.end():hit.end() + 1] == "'"):
            continue
        place_id = new_place_id(d, name)
        found.setdefault(place_id, (place_id, s.original(hit.start(), hit.end()), name))
    return list(found.values())


def new_place_id(d: Drafting, name: str) -> str:
    for entity, kind in d.declared.items():
        if kind == "Place" and entity == slug(name):
            return entity
    return d.free_entity_id(name)


def round_dates(d: Drafting, s: Sentence, round_id: str, says: dict) -> bool:
    expressions = [e for e in s.dates() if e.kind != "week"]
    if not expressions:
        return False
    if len(expressions) > 1:
        d.notice(f"More than one date expression in \"{s.quote}\"; no date proposed.")
        return True
    expr = expressions[0]
    shown = s.original(expr.start, expr.end)
    when = {"planned": "future", "held": "past"}.get(says.get("roundStatus")) or tense(s.text)
    resolved = relativedates.resolve(expr, d.reference, when)
    if resolved is None:
        if expr.kind != "week":
            d.notice(f"\"{shown}\" ({round_id}) is not resolved to a date.")
        return True
    start, end, reasoning = resolved.start, resolved.end, resolved.reasoning
    if (expr.kind in ("weekday", "weekdays") and re.search(r"\bnext week\b", s.text) and
            d.reference is not None and len(start) == 10):
        ref = d.reference.day
        monday = ref + datetime.timedelta(days=7 - ref.weekday())
        if datetime.date.fromisoformat(start) < monday:
            shift = datetime.timedelta(days=7)
            start = (datetime.date.fromisoformat(start) + shift).isoformat()
            end = (datetime.date.fromisoformat(end) + shift).isoformat() if end else None
            reasoning = (f"{reasoning} The sentence says \"next week\": a week later, "
                         f"{start}" + (f" to {end}." if end else "."))
    found: dict[str, object] = {"startDate": start}
    if end:
        found["endDate"] = end
    elif ENDED.search(s.text[:expr.start]) and len(start) == 10:
        found = {"endDate": start}
    d.add(DraftClaim(
        id=f"{round_id}-dates", about=round_id, quote=s.quote,
        inferred=None if resolved.stated else reasoning, says=found,
        why=[f"\"{shown}\" " + ("states the date." if resolved.stated else
                                 "resolved to calendar dates; the reasoning says how.")]))
    return True

