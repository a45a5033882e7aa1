"""Candidate claims read off a source's text: a draft fact file for a curator to review.

Precision over recall. A pattern proposes a claim only when the sentence supports it on its
own, or with reasoning a curator can check (a weekday resolved against the article's date, a
round given to the agreement under negotiation at that date); the rest is listed at the end
of the draft as noticed but not proposed. Every claim quotes the sentence it comes from, as
the builder will find it, and says why it was proposed. Entities already in the graph are
recognised by label and altLabel (people, places, parties, organisations), by ordinal
(agreements, and rounds of an agreement) and by amount (payments, demands), so that a new
article corroborates, or disagrees with, what the graph already holds.

Nothing here changes the graph: the draft becomes facts when a curator moves it into
graph/facts/.
"""

from __future__ import annotations

import bisect
import datetime
import re
import shutil
import tempfile
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from kgbuild import pipeline
from kgbuild.curate import factwriter, relativedates
from kgbuild.curate.factwriter import DraftClaim
from kgbuild.curate.intake import slug
from kgbuild.inputs import textmatch
from kgbuild.inputs.facts import Facts
from kgbuild.inputs.passages import Passage, find_all, sentences
from kgbuild.inputs.sources import Source

ORDINAL_WORDS = ["first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth",
                 "ninth", "tenth", "eleventh", "twelfth", "thirteenth", "fourteenth",
                 "fifteenth", "sixteenth", "seventeenth", "eighteenth", "nineteenth",
                 "twentieth"]
_ORD = r"(" + "|".join(ORDINAL_WORDS) + r"|\d{1,2}(?:st|nd|rd|th))"
ROUND = re.compile(rf"\b{_ORD}[ -]round\b", re.I)
AGREEMENT = re.compile(rf"\b{_ORD} (?:Special Measures Agreement|SMA)\b", re.I)
NEGOTIATION_WORDS = re.compile(r"\b(?:talks|negotiations?|SMA|Special Measures Agreement|"
                               r"cost[- ]sharing|defen[cs]e costs?)\b", re.I)

FUTURE = re.compile(r"\b(?:will|shall|(?:is|are) (?:set|scheduled|expected|due|slated|poised) "
                    r"to|plans? to|planned to|upcoming)\b", re.I)
PAST = re.compile(r"\b(?:held|had|wrapped up|took place|concluded|ended|closed|met|"
                  r"kicked off|began|opened)\b", re.I)
# Headlines, bylines and menus carry no closing punctuation; their facts, if any, are said
# again, in full, by the body.
COMPLETE = re.compile(r"[.!?][\"')\]]*$")
CARRY_OVER = re.compile(r"(?:The|These|Those) (?:talks|meetings?|negotiations|round)\b")
LEAD = re.compile(r"\b(?:led by|headed by|will lead|to lead|leads|led|will head|heads)\b")
HEDGES = ("likely", "expected to", "reportedly", "tentatively")
DAY_COUNT = re.compile(r"\b(two|three|four|five|six|seven|\d)-day\b", re.I)
SMALL_NUMBERS = {"two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7}

_NUM = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
_SCALE = r"(?:\s(thousand|million|billion|trillion))?"
USD = re.compile(rf"(?:US\$|U\.S\.\s?\$|USD\s?|\$)\s?({_NUM}){_SCALE}(?![\w.,]\d)")
KRW = re.compile(rf"(?:\u20a9\s?({_NUM}){_SCALE}|({_NUM}){_SCALE}\s(?:South Korean |Korean )?"
                 rf"won)\b")
SCALES = {None: 1, "thousand": 10**3, "million": 10**6, "billion": 10**9, "trillion": 10**12}
PERCENT = re.compile(rf"({_NUM})\s?(?:percent|per cent|%)", re.I)
UP = re.compile(r"\b(?:increase[sd]?|rise|rises|rose|hike[sd]?|up|higher|raised?)\b", re.I)
DOWN = re.compile(r"\b(?:decrease[sd]?|cut|cuts|drop(?:ped|s)?|fall|fell|down|lower|"
                  r"reduction)\b", re.I)
DEMAND = re.compile(r"\bdemand(?:ed|s|ing)?\b", re.I)
PAY = re.compile(r"\b(?:pa(?:y|ys|id|ying)|payments?)\b", re.I)
FOLD = re.compile(r"\b(two|three|four|five|six|seven|eight|nine|ten|\d+)fold\b", re.I)
FOLD_NUMBERS = {"two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
                "nine": 9, "ten": 10}
AMOUNT_HEDGE = re.compile(r"\b(about|around|roughly|nearly|almost|more than|over|some|"
                          r"up to|less than)\s+(?:an?\s+)?$", re.I)
TROOPS = re.compile(r"\b(\d{1,3}(?:,\d{3})+)(?:-strong)? (?:U\.S\.|US|American) "
                    r"(?:troops|soldiers|service members|forces|Forces Korea)\b")
PERSON = re.compile(r"\b([A-Z][a-z]+(?: [A-Z][a-z]+)?(?: [A-Z][a-z]+(?:-[a-z]+)?))"
                    r"(?: \([A-Z]\))?, ((?:a|an|the|his|her|[A-Z][\w.']*)[^,.;()]*?\b"
                    r"(?:negotiator|official|minister|ambassador|spokesperson|spokesman|"
                    r"spokeswoman|director(?:-general)?|envoy|diplomat|deputy|delegate)\b"
                    r"[^,.;()]*)")
APPOSITIVE_PARTY = re.compile(r"(?:the |a |an )?(?P<party>US|U\.S\.|American|South Korea's|"
                              r"South Korean|Seoul's|Washington's|Korean)\s+")
PLACE_AFTER_IN = re.compile(r"\b(?:in|at) ([A-Z][a-z]+(?: [A-Z][a-z]+)?)\b")
NOT_PLACES = set(relativedates.WEEKDAYS) | set(relativedates.MONTHS) | {"The", "A", "An"}
# "SEOUL, Sept. 2, 2024 (Yonhap) --": the article's own date, not an event's.
DATELINE = re.compile(r"^[A-Z][A-Z .]+, [A-Z][a-z]+\.? \d{1,2}(?:, \d{4})?(?: \([^)]*\))? -+ ?")


@dataclass
class Entity:
    id: str
    type: str
    label: str | None = None
    names: list[str] = field(default_factory=list)
    values: dict[str, list] = field(default_factory=dict)


class Known:
    """What the graph already holds, indexed for recognising it in a new text."""

    def __init__(self, facts: Facts):
        self.entities: dict[str, Entity] = {
            entity: Entity(entity, kind) for entity, kind in facts.types.items()}
        for claim in facts.claims:
            entity = self.entities[claim.about]
            for name, values in claim.says.items():
                plain = [v.value for v in values]
                if name == "label":
                    entity.label = entity.label or plain[0]
                    entity.names.insert(0, plain[0])
                elif name == "altLabel":
                    entity.names.extend(plain)
                else:
                    entity.values.setdefault(name, []).extend(plain)

    def of_type(self, kind: str) -> list[Entity]:
        return [e for e in self.entities.values() if e.type == kind]

    def mentions(self, text: str, kinds: tuple[str, ...]) -> list[tuple[Passage, Entity]]:
        """Every mention of a known entity of these types, longest name first at a place."""
        normal = textmatch.normalise(text)
        hits = []
        for entity in self.entities.values():
            if entity.type not in kinds:
                continue
            for name in dict.fromkeys(entity.names):
                hits.extend((p, entity) for p in find_all(text, name, normal=normal))
        hits.sort(key=lambda h: (h[0].start, -(h[0].end - h[0].start)))
        kept: list[tuple[Passage, Entity]] = []
        for passage, entity in hits:
            if kept and passage.start < kept[-1][0].end:
                continue
            kept.append((passage, entity))
        return kept

    def agreement(self, ordinal: int) -> Entity | None:
        found = [e for e in self.of_type("Agreement") if ordinal in e.values.get("ordinal", [])]
        return found[0] if len(found) == 1 else None

    def round_of(self, agreement: str, ordinal: int) -> Entity | None:
        for entity in self.of_type("Round"):
            if (agreement in entity.values.get("ofAgreement", []) and
                    ordinal in entity.values.get("ordinal", [])):
                return entity
        return None

    def all_names(self) -> set[str]:
        return {textmatch.normalise_str(n).casefold()
                for e in self.entities.values() for n in e.names}


@dataclass
class Draft:
    source: Source
    claims: list[DraftClaim]
    noticed: list[str]
    reference: relativedates.Reference | None


def ordinal_value(word: str) -> int:
    word = word.lower()
    if word in ORDINAL_WORDS:
        return ORDINAL_WORDS.index(word) + 1
    return int(re.match(r"\d+", word).group())


def tense(text: str) -> str | None:
    future, past = bool(FUTURE.search(text)), bool(PAST.search(text))
    if future == past:
        return None
    return "future" if future else "past"


def amount_value(number: str, scale: str | None) -> Decimal:
    value = Decimal(number.replace(",", "")) * SCALES[scale]
    # "1.04 trillion" is a whole number of won: no trailing ".00" in what a curator reads.
    return value.quantize(Decimal(1)) if value == value.to_integral_value() else value


class _Sentence:
    """One sentence, normalised for the patterns, with a way back to its own characters."""

    def __init__(self, passage: Passage):
        self.passage = passage
        self.normal = textmatch.normalise(passage.text)
        self.text = self.normal.text

    @property
    def quote(self) -> str:
        return self.passage.quote

    def at(self, offset: int) -> int:
        """The normalised position of an offset in the sentence's own characters."""
        return bisect.bisect_left(self.normal.origin, offset)

    def dates(self) -> list[relativedates.Expression]:
        dateline = DATELINE.match(self.text)
        skip = dateline.end() if dateline else 0
        return [e for e in relativedates.find(self.text) if e.start >= skip]

    def original(self, start: int, end: int) -> str:
        """The sentence's own characters for a span of the normalised text (curly quotes
        kept), white space collapsed: what a verbatim field must hold."""
        a, b = self.normal.origin[start], self.normal.origin[end - 1] + 1
        return " ".join(self.passage.text[a:b].split())


class Suggester:
    def __init__(self, source: Source, facts: Facts):
        self.source = source
        self.known = Known(facts)
        self.reference = relativedates.reference(source.text, source.issued,
                                                 source.issued_inferred, source.meta_file)
        self.claims: list[DraftClaim] = []
        self.noticed: list[str] = []
        self.declared: dict[str, str] = {}            # entity -> type, declared in the draft
        self.proposed: set[tuple[str, str, str]] = set()
        self.claim_ids: set[str] = set()
        self.new_ids: set[str] = set()

    # -- bookkeeping ---------------------------------------------------------------------

    def notice(self, text: str) -> None:
        if text not in self.noticed:
            self.noticed.append(text)

    def free_entity_id(self, base: str) -> str:
        base = slug(base) or "entity"
        candidate, n = base, 1
        while candidate in self.known.entities or candidate in self.new_ids:
            n += 1
            candidate = f"{base}-{n}"
        self.new_ids.add(candidate)
        return candidate

    def add(self, claim: DraftClaim) -> DraftClaim | None:
        """Keep a claim unless everything it says is already proposed by this draft."""
        fresh = {}
        for name, value in claim.says.items():
            key = (claim.about, name, repr(value))
            if key not in self.proposed or name in ("type", "label"):
                fresh[name] = value
        if not fresh or set(fresh) <= {"type", "label"} and claim.about in self.declared:
            return None
        for name, value in fresh.items():
            self.proposed.add((claim.about, name, repr(value)))
        claim.says = fresh
        base, n = claim.id, 1
        while claim.id in self.claim_ids:
            n += 1
            claim.id = f"{base}-{n}"
        self.claim_ids.add(claim.id)
        if "type" in fresh:
            self.declared[claim.about] = fresh["type"]
        self.claims.append(claim)
        return claim

    def is_known(self, entity: str) -> bool:
        return entity in self.known.entities or entity in self.declared

    def declare(self, entity: str, kind: str, label: str, says: dict) -> dict:
        """`says` with type and label first when the entity is new to the graph and draft."""
        if self.is_known(entity):
            return says
        return {"type": kind, "label": label, **says}

    # -- the patterns ----------------------------------------------------------------------

    def run(self) -> Draft:
        self.registration()
        passages = sentences(self.source.text)
        parsed = [_Sentence(p) for p in passages]
        for i, sentence in enumerate(parsed):
            if not COMPLETE.search(sentence.text):
                continue
            following = parsed[i + 1] if i + 1 < len(parsed) else None
            self.rounds(sentence, following)
            self.money(sentence)
            self.troops(sentence)
            self.roles(sentence)
            self.people(sentence)
        return Draft(self.source, self.claims, self.noticed, self.reference)

    def registration(self) -> None:
        """The organisations the metadata cites (publisher, credit), declared with its quote,
        as every source's fact file does."""
        for key, (entity, quote) in self.source.refs.items():
            known = self.known.entities.get(entity)
            says = {"type": "Organization"}
            if known and known.label:
                says["label"] = known.label
            self.add(DraftClaim(id=entity, about=entity, quote=quote, says=says,
                                why=[f"The {key} named in graph/sources/{self.source.id}.yaml, "
                                     "with the same quote."]))

    def rounds(self, s: _Sentence, following: _Sentence | None) -> None:
        ordinals = {ordinal_value(m.group(1)): m for m in ROUND.finditer(s.text)}
        if not ordinals or not NEGOTIATION_WORDS.search(s.text):
            return
        if len(ordinals) > 1:
            self.notice(f"Rounds {', '.join(str(n) for n in sorted(ordinals))} are named in one "
                        f"sentence; not proposed, as which fact belongs to which round is "
                        f"unclear: \"{s.quote}\"")
            return
        (number, hit), = ordinals.items()
        phrase = s.original(hit.start(), hit.end())
        agreement, agreement_why, explicit = self.round_agreement(s)
        if agreement is None:
            self.notice(f"\"{phrase}\": the agreement it belongs to is neither named in the "
                        f"sentence nor clear from the article's date ({agreement_why}); not "
                        "proposed.")
            return
        known_round = self.known.round_of(agreement.id, number)
        note = None
        if known_round:
            round_id = known_round.id
            identity = (f"\"{phrase}\" of the {agreement.label or agreement.id} is the known "
                        f"round {round_id}.")
            if not explicit:
                note = (f"Identified as {round_id}, round {number} of {agreement.id}: the "
                        f"article does not name the agreement. {agreement_why}.")
        else:
            round_id = self.free_entity_id(f"{agreement.id}-round{number}")
            identity = f"\"{phrase}\" is round {number}, new to the graph."
        label = self.round_label(agreement, number)
        # "The talks will take place in Seoul from Tuesday through Thursday", right after the
        # sentence that names the round, is about that round.
        opening = following and CARRY_OVER.match(following.text)
        carried = following if opening and not ROUND.search(following.text) else None
        stated: dict[str, object] = {"ordinal": number}
        why = [identity]
        if explicit:
            stated["ofAgreement"] = agreement.id
            why.append(f"The sentence names the agreement: {agreement_why}.")
        self.round_facts(s, stated, why, main=True, after=hit.end())
        qualifier = next((h for h in HEDGES if re.search(rf"\b{h}\b", s.text)), None)
        if qualifier:
            why.append(f"\"{qualifier}\" is the source's hedge, kept as the qualifier.")
        self.add(DraftClaim(id=round_id, about=round_id, quote=s.quote,
                            says=self.declare(round_id, "Round", label, stated),
                            qualifier=qualifier, note=note, why=why))
        if not explicit and not known_round:
            self.add(DraftClaim(
                id=f"{round_id}-agreement", about=round_id, quote=s.quote,
                inferred=f"The article does not name the agreement. {agreement_why}.",
                says={"ofAgreement": agreement.id},
                why=[f"The round's agreement, {agreement.id}, inferred from the article's "
                     "date."]))
        date_from = s
        if carried is not None:
            extra: dict[str, object] = {}
            carried_why = [f"The sentence follows the one naming \"{phrase}\" and speaks of "
                           f"\"{opening.group(0)}\": taken to be the same round."]
            self.round_facts(carried, extra, carried_why, main=False, after=0)
            if extra:
                self.add(DraftClaim(id=f"{round_id}-details", about=round_id,
                                    quote=carried.quote, says=extra, why=carried_why))
                if "dateExpression" in extra:
                    date_from = carried
        self.round_dates(date_from, round_id)

    def round_agreement(self, s: _Sentence):
        """(agreement, why, named in the sentence) for a round the sentence mentions."""
        named = AGREEMENT.search(s.text)
        if named:
            number = ordinal_value(named.group(1))
            found = self.known.agreement(number)
            if found is None:
                return None, f"no agreement with ordinal {number} in the graph", False
            return found, f"\"{s.original(named.start(), named.end())}\" is {found.id}", True
        if self.reference is None:
            return None, "the article's date is not known to the day", False
        return (*self.agreement_at(self.reference.day), False)

    def agreement_at(self, day: datetime.date):
        """The one agreement whose negotiations the graph dates around `day`, if exactly one."""
        window = datetime.timedelta(days=365)
        fits = []
        for agreement in self.known.of_type("Agreement"):
            dates = [_first_day(v) for v in agreement.values.get("negotiationsLaunched", [])]
            for entity in self.known.of_type("Round"):
                if agreement.id in entity.values.get("ofAgreement", []):
                    dates += [_first_day(v) for v in entity.values.get("startDate", [])]
            dates = [d for d in dates if d]
            ended = [_first_day(v) for v in agreement.values.get("signedOn", []) +
                     agreement.values.get("concludedIn", [])]
            if not dates or any(e and e < day for e in ended):
                continue
            if min(dates) <= day <= max(dates) + window:
                fits.append((agreement, min(dates), max(dates)))
        if len(fits) != 1:
            why = ("no agreement's known negotiations span that date" if not fits else
                   "the negotiations of " + " and ".join(f[0].id for f in fits) +
                   " both span that date")
            return None, why
        agreement, first, last = fits[0]
        return agreement, (
            f"Its date, {self.reference.day}, falls within the negotiations for "
            f"{agreement.label or agreement.id} as the graph dates them ({first} to {last}, "
            f"plus a year) and within no other agreement's, so the round is taken to be "
            f"theirs.{self.reference.caveat}".rstrip("."))

    def round_label(self, agreement: Entity, number: int) -> str:
        for entity in self.known.of_type("Round"):
            if agreement.id in entity.values.get("ofAgreement", []) and entity.label:
                prefix = re.match(r"^(.*), round \d+$", entity.label)
                if prefix:
                    return f"{prefix.group(1)}, round {number}"
        return f"{agreement.label or agreement.id}, round {number}"

    def round_facts(self, s: _Sentence, says: dict, why: list[str], *, main: bool,
                    after: int) -> None:
        """Place, status, date expression, length and leads of a round, from one sentence.

        Leads count only after the round is named (`after`): in "The talks, led by X, come
        after the eighth round", X leads the talks, not the eighth round."""
        places = self.round_places(s)
        if len(places) == 1:
            place_id, text, new_label = places[0]
            says["roundLocation"] = place_id
            if new_label:
                self.add(DraftClaim(id=place_id, about=place_id, quote=s.quote,
                                    says={"type": "Place", "label": new_label},
                                    why=[f"\"{text}\" names the round's place, which is new to "
                                         "the graph."]))
                why.append(f"\"{text}\": a new place, {place_id} (declared in its own claim).")
            else:
                why.append(f"\"{text}\" is the known place {place_id}.")
        elif len(places) > 1:
            self.notice(f"More than one place in \"{s.quote}\"; no place proposed.")
        when = tense(s.text)
        if when and main:
            says["roundStatus"] = "planned" if when == "future" else "held"
            why.append(f"The sentence is in the {when} tense: {says['roundStatus']}.")
        expressions = s.dates()
        if len(expressions) == 1:  # with two, which one dates the round is for a curator
            expr = expressions[0]
            says["dateExpression"] = s.original(expr.start, expr.end)
            why.append(f"\"{says['dateExpression']}\" is kept as the source's date expression.")
        days = DAY_COUNT.search(s.text)
        if days:
            word = days.group(1).lower()
            says["dayCount"] = SMALL_NUMBERS.get(word) or int(word)
            why.append(f"\"{s.original(days.start(), days.end())}\" gives the number of days.")
        lead = LEAD.search(s.text, after)
        if lead:
            leads = [e.id for p, e in self.known.mentions(s.passage.text, ("Negotiator",))
                     if s.at(p.start) >= lead.start()]
            if leads:
                says["leadNegotiator"] = list(dict.fromkeys(leads))
                why.append("Known negotiators named as leading: " + ", ".join(leads) + ".")

    def round_places(self, s: _Sentence) -> list[tuple[str, str, str | None]]:
        found: dict[str, tuple[str, str, str | None]] = {}
        for passage, entity in self.known.mentions(s.passage.text, ("Place",)):
            before = s.passage.text[:passage.start].rstrip()
            if re.search(r"\b(?:in|at)$", before):
                found.setdefault(entity.id, (entity.id, f"in {passage.quote}", None))
        if found:
            return list(found.values())
        names = self.known.all_names()
        for hit in PLACE_AFTER_IN.finditer(s.text):
            name = hit.group(1)
            folded = name.casefold()
            if (name.split()[0] in NOT_PLACES or folded in names or
                    any(folded in n for n in names)):
                continue
            place_id = self.new_place_id(name)
            found.setdefault(place_id, (place_id, s.original(hit.start(), hit.end()), name))
        return list(found.values())

    def new_place_id(self, name: str) -> str:
        for entity, kind in self.declared.items():
            if kind == "Place" and entity == slug(name):
                return entity
        return self.free_entity_id(name)

    def round_dates(self, s: _Sentence, round_id: str) -> None:
        expressions = s.dates()
        if not expressions:
            return
        if len(expressions) > 1:
            self.notice(f"More than one date expression in \"{s.quote}\"; no date proposed.")
            return
        expr = expressions[0]
        shown = s.original(expr.start, expr.end)
        resolved = relativedates.resolve(expr, self.reference, tense(s.text))
        if resolved is None:
            reason = ("the article's date is not known to the day" if self.reference is None else
                      "the tense or the weekday leaves it ambiguous")
            if expr.kind != "week":
                self.notice(f"\"{shown}\" ({round_id}) is not resolved to a date: {reason}.")
            return
        says: dict[str, object] = {"startDate": resolved.start}
        if resolved.end:
            says["endDate"] = resolved.end
        self.add(DraftClaim(
            id=f"{round_id}-dates", about=round_id, quote=s.quote,
            inferred=None if resolved.stated else resolved.reasoning, says=says,
            why=[f"\"{shown}\" " + ("states the date." if resolved.stated else
                                     "resolved to calendar dates; the reasoning says how.")]))

    def money(self, s: _Sentence) -> None:
        groups = _amount_groups(s.text)
        if not groups:
            self.unused_percents(s, set())
            return
        if len(groups) > 1:
            shown = ", ".join(f"\"{s.original(g.start, g.end)}\"" for g in groups)
            self.notice(f"Several amounts in one sentence ({shown}); which is which is for a "
                        f"curator to say: \"{s.quote}\"")
            self.unused_percents(s, set())
            return
        group = groups[0]
        shown = s.original(group.start, group.end)
        demand = DEMAND.search(s.text)
        if demand:
            self.demand(s, group, shown, demand)
        elif PAY.search(s.text):
            self.payment(s, group, shown)
        else:
            self.notice(f"\"{shown}\" is neither a payment nor a demand by the sentence's words; "
                        f"not proposed: \"{s.quote}\"")
            self.unused_percents(s, set())

    def party_before(self, s: _Sentence, at: int) -> Entity | None:
        """The last party the sentence names before position `at` of its normalised text."""
        limit = s.normal.origin[min(at, len(s.normal.origin) - 1)]
        found = [e for p, e in self.known.mentions(s.passage.text, ("Party",)) if p.end <= limit]
        return found[-1] if found else None

    def sentence_agreement(self, s: _Sentence) -> tuple[Entity | None, str | None]:
        named = AGREEMENT.search(s.text)
        if not named:
            return None, None
        found = self.known.agreement(ordinal_value(named.group(1)))
        return found, s.original(named.start(), named.end())

    def payment(self, s: _Sentence, group: _Amounts, shown: str) -> None:
        says: dict[str, object] = {}
        why = [f"\"{shown}\": an amount the sentence says is paid "
               f"(\"{s.original(*PAY.search(s.text).span())}\")."]
        year = re.match(r"\s*for (\d{4})\b", s.text[group.end:])
        agreement, agreement_text = self.sentence_agreement(s)
        match, how = self.known_payment(group, year.group(1) if year else None,
                                        agreement.id if agreement else None)
        if match is not None and how == "usd":
            says["usdEquivalent"] = group.value
            why.append(f"Matches the known payment {match.id}, whose dollar equivalent is "
                       "this amount.")
        else:
            says["amount"] = group.value
            says["currency"] = group.currency
            if group.usd is not None:
                says["usdEquivalent"] = group.usd
                why.append("The dollar figure in brackets is the amount's US-dollar "
                           "equivalent.")
            if how == "amount":
                why.append(f"Matches the known payment {match.id} by amount and currency.")
            elif how == "slot":
                why.append(f"The known payment {match.id} is for the same agreement and year "
                           "with another amount: accepted, this claim records the "
                           "disagreement.")
        if year:
            says["forYear"] = year.group(1)
            why.append(f"\"for {year.group(1)}\" gives the year.")
        percent = self.change_percent(s, says, why)
        payer = self.party_before(s, PAY.search(s.text).start())
        if payer:
            says["payer"] = payer.id
            why.append(f"The payer is the party named before the verb of paying: {payer.id}.")
        if agreement:
            says["underAgreement"] = agreement.id
            why.append(f"\"{agreement_text}\" names the agreement.")
        if match is not None:
            about = match.id
        else:
            base = (f"payment-{agreement.id}-{year.group(1)}" if agreement and year else
                    f"payment-{agreement.id}" if agreement else
                    f"payment-{self.source.id}-{year.group(1) if year else 'amount'}")
            about = self.free_entity_id(base)
            amount_text = s.original(group.start, group.amount_end)
            label = f"Payment of {amount_text}" + (f" for {year.group(1)}" if year else "")
            says = self.declare(about, "Payment", label, says)
        self.add(DraftClaim(id=about, about=about, quote=s.quote, says=says,
                            qualifier=self.amount_hedge(s, group.start), why=why))
        self.unused_percents(s, {percent} if percent else set())

    def known_payment(self, group: _Amounts, year: str | None, agreement: str | None):
        """The one known payment this amount is (by amount, or by the dollar equivalent of a
        won payment), or failing that the one for the same agreement, year and currency: a
        different figure for it is a disagreement to record, not another payment."""
        hits, slots = [], []
        for entity in self.known.of_type("Payment"):
            if year and entity.values.get("forYear") and year not in entity.values["forYear"]:
                continue
            if (agreement and entity.values.get("underAgreement") and
                    agreement not in entity.values["underAgreement"]):
                continue
            if (group.value in entity.values.get("amount", []) and
                    group.currency in entity.values.get("currency", [])):
                hits.append((entity, "amount"))
            elif (group.currency == "USD" and group.usd is None and
                  group.value in entity.values.get("usdEquivalent", []) and
                  "USD" not in entity.values.get("currency", [])):
                hits.append((entity, "usd"))
            elif (year and agreement and year in entity.values.get("forYear", []) and
                  agreement in entity.values.get("underAgreement", []) and
                  group.currency in entity.values.get("currency", [])):
                slots.append((entity, "slot"))
        if len(hits) == 1:
            return hits[0]
        return slots[0] if not hits and len(slots) == 1 else (None, None)

    def change_percent(self, s: _Sentence, says: dict, why: list[str]):
        percents = list(PERCENT.finditer(s.text))
        if len(percents) != 1:
            return None
        hit = percents[0]
        up, down = bool(UP.search(s.text)), bool(DOWN.search(s.text))
        if up == down:
            return None
        value = Decimal(hit.group(1).replace(",", ""))
        says["changePercent"] = value if up else -value
        why.append(f"\"{s.original(hit.start(), hit.end())}\" is the change, "
                   f"{'an increase' if up else 'a decrease'} by the sentence's words.")
        since = re.search(r"\b(?:from|over) (\d{4})\b", s.text[hit.end():hit.end() + 40])
        if since:
            says["changeFromYear"] = since.group(1)
            why.append(f"\"from {since.group(1)}\" is the year the change is counted from.")
        return hit.start()

    def unused_percents(self, s: _Sentence, used: set[int]) -> None:
        for hit in PERCENT.finditer(s.text):
            if hit.start() not in used:
                self.notice(f"\"{s.original(hit.start(), hit.end())}\": a percentage with no "
                            f"payment to attach it to; not proposed: \"{s.quote}\"")

    def amount_hedge(self, s: _Sentence, at: int) -> str | None:
        hedge = AMOUNT_HEDGE.search(s.text[:at])
        return s.original(hedge.start(1), hedge.end(1)) if hedge else None

    def demand(self, s: _Sentence, group: _Amounts, shown: str, verb: re.Match) -> None:
        says: dict[str, object] = {"amount": group.value, "currency": group.currency}
        why = [f"\"{shown}\": an amount the sentence says was demanded."]
        fold = FOLD.search(s.text)
        hedge_at = group.start
        if fold:
            word = fold.group(1).lower()
            says["increaseFactor"] = FOLD_NUMBERS.get(word) or int(word)
            why.append(f"\"{s.original(fold.start(), fold.end())}\" gives the increase factor.")
            hedge_at = min(hedge_at, fold.start())
        holder = self.party_before(s, verb.start())
        if holder:
            says["heldBy"] = holder.id
            why.append(f"The party named before \"{verb.group(0)}\" holds the demand: "
                       f"{holder.id}.")
        agreement, agreement_text = self.sentence_agreement(s)
        if agreement:
            says["concernsAgreement"] = agreement.id
            why.append(f"\"{agreement_text}\" names the agreement.")
        says["statement"] = s.original(verb.start(), group.end)
        match = [e for e in self.known.of_type("Demand")
                 if group.value in e.values.get("amount", []) and
                 group.currency in e.values.get("currency", [])]
        if len(match) == 1:
            about = match[0].id
            why.append(f"Matches the known demand {about} by amount and currency.")
        else:
            who = self.known.entities[holder.id].label if holder else None
            about = self.free_entity_id(f"demand-{s.original(group.start, group.amount_end)}")
            amount_text = s.original(group.start, group.amount_end)
            label = (f"{who} demand for {amount_text}" if who else f"Demand for {amount_text}")
            says = self.declare(about, "Demand", label, says)
        self.add(DraftClaim(id=about, about=about, quote=s.quote, says=says,
                            qualifier=self.amount_hedge(s, hedge_at), why=why))
        self.unused_percents(s, set())

    def troops(self, s: _Sentence) -> None:
        hit = TROOPS.search(s.text)
        if not hit:
            return
        forces = [e for e in self.known.of_type("Organization")
                  if "USFK" in e.names or any("Forces Korea" in n for n in e.names)]
        if len(forces) != 1:
            return
        strength = int(hit.group(1).replace(",", ""))
        self.add(DraftClaim(
            id="troops", about=forces[0].id, quote=s.quote, says={"troopStrength": strength},
            why=[f"\"{s.original(hit.start(), hit.end())}\" gives the strength of "
                 f"{forces[0].label or forces[0].id}."]))

    def roles(self, s: _Sentence) -> None:
        for passage, person in self.known.mentions(s.passage.text, ("Negotiator",)):
            at = s.at(passage.end)
            appositive = re.compile(r"(?: \([A-Z]\))?, ([^,.;()]+)").match(s.text, at)
            if not appositive or "negotiator" not in appositive.group(1):
                continue
            start, end = appositive.span(1)
            phrase = s.original(start, end)
            says: dict[str, object] = {}
            why = [f"\"{passage.quote}, {phrase}\" gives {person.id}'s role."]
            party_hit = APPOSITIVE_PARTY.match(s.text, start)
            article = re.compile(r"(?:the|a|an) ").match(s.text, start)
            skip = party_hit or article
            says["roleTitle"] = s.original(skip.end() if skip else start, end)
            if party_hit:
                party = self.party_named(party_hit.group("party"))
                if party:
                    says["represents"] = party.id
                    shown = s.original(*party_hit.span("party"))
                    why.append(f"\"{shown}\" is the party {party.id}.")
            self.add(DraftClaim(id=f"{person.id}-role", about=person.id, quote=s.quote,
                                says=says, why=why))

    def party_named(self, word: str) -> Entity | None:
        word = re.sub(r"'s$", "", word)
        aliases = {"American": "US", "South Korean": "South Korea", "Korean": "South Korea"}
        word = aliases.get(word, word)
        for entity in self.known.of_type("Party"):
            if word in entity.names:
                return entity
        return None

    def people(self, s: _Sentence) -> None:
        names = self.known.all_names()
        for hit in PERSON.finditer(s.text):
            name = hit.group(1)
            if textmatch.normalise_str(name).casefold() in names or name.split()[0] in (
                    "The", "A", "An", "But", "And", "Under", "Since"):
                continue
            role = s.original(hit.start(2), hit.end(2))
            self.notice(f"{name} ({role}) is not in the graph; people new to it are left to "
                        f"the curator (a Negotiator needs type, label and represents): "
                        f"\"{s.quote}\"")


@dataclass(frozen=True)
class _Amounts:
    start: int
    end: int                # after the bracketed dollar equivalent, if any
    amount_end: int         # after the amount itself
    value: Decimal
    currency: str
    usd: Decimal | None     # a dollar equivalent given in brackets


def _amount_groups(text: str) -> list[_Amounts]:
    hits = []
    for hit in KRW.finditer(text):
        number, scale = (hit.group(1), hit.group(2)) if hit.group(1) else (hit.group(3),
                                                                           hit.group(4))
        hits.append((hit.start(), hit.end(), amount_value(number, scale), "KRW"))
    for hit in USD.finditer(text):
        hits.append((hit.start(), hit.end(), amount_value(hit.group(1), hit.group(2)), "USD"))
    hits.sort()
    groups: list[_Amounts] = []
    skip = set()
    for i, (start, end, value, currency) in enumerate(hits):
        if i in skip:
            continue
        usd = None
        amount_end = end
        if currency == "KRW" and i + 1 < len(hits) and hits[i + 1][3] == "USD":
            between = text[end:hits[i + 1][0]]
            after = text[hits[i + 1][1]:]
            if (re.fullmatch(r"\s*\((?:about |around |roughly |or )?", between) and
                    after.lstrip().startswith(")")):
                usd = hits[i + 1][2]
                skip.add(i + 1)
                end = hits[i + 1][1] + after.index(")") + 1
        groups.append(_Amounts(start, end, amount_end, value, currency, usd))
    return groups


def _first_day(value) -> datetime.date | None:
    text = str(value)
    try:
        if len(text) == 10:
            return datetime.date.fromisoformat(text)
        if len(text) == 7:
            return datetime.date.fromisoformat(text + "-01")
        if len(text) == 4:
            return datetime.date(int(text), 1, 1)
    except ValueError:
        return None
    return None


def suggest(source: Source, facts: Facts) -> Draft:
    return Suggester(source, facts).run()


def render(draft: Draft) -> str:
    """The draft as a fact file, in the curated format, with a note on reviewing it."""
    source = draft.source
    header = [
        f"Draft facts for source {source.id} ({source.text_file}), proposed from patterns in "
        f"the text by `kgbuild suggest {source.id}`. Nothing here is in the graph: review "
        f"every claim against the article, delete or correct what is wrong, then move the "
        f"file to graph/facts/{source.id}.yaml and run `kgbuild check`.",
    ]
    if draft.reference is None:
        header.append("The article has no date, so weekdays and relative dates were not "
                      "resolved; give one in the source's metadata to have them resolved.")
    trailer = None
    if draft.noticed:
        trailer = ["Noticed in the text but not proposed (add by hand if the article supports "
                   "it):"] + [f"- {n}" for n in draft.noticed]
    return factwriter.fact_file(source.id, draft.claims, header, trailer)


def unkept_claims(draft: Draft, facts: Facts) -> list[str]:
    """Claims of the source's current fact file that the draft does not reproduce."""
    drafted = {c.id for c in draft.claims}
    return [c.id for c in facts.claims
            if c.source_id == draft.source.id and c.id not in drafted]


def check_in_place(root: Path, source_id: str, text: str) -> None:
    """Run `kgbuild check` on a copy of the project with the draft as the source's fact file.

    Raises the error the curator would see after accepting the draft as it is."""
    with tempfile.TemporaryDirectory(prefix="kgbuild-suggest-") as tmp:
        stage = Path(tmp)
        for part in ("graph/sources", "graph/facts", "ontology", "queries"):
            if (root / part).is_dir():
                shutil.copytree(root / part, stage / part)
        (stage / "graph" / "facts" / f"{source_id}.yaml").write_text(text, encoding="utf-8")
        pipeline.check(pipeline.Project(stage))
