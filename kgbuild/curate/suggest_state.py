"""What a draft is made against and into: the graph's known entities, and the draft so far.

`Known` indexes what the graph holds so that a new text's mentions of it are recognised (by
label and altLabel, by ordinal, by amount). `Drafting` is the draft being written: its
claims, the entities it declares, what it noticed but did not propose, and the article-wide
context the extractors share (the agreement the article is about, the people it names, the
round it reports).
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass, field

from kgbuild.curate import relativedates
from kgbuild.curate.factwriter import DraftClaim
from kgbuild.curate.intake import slug
from kgbuild.curate.suggest_text import Sentence
from kgbuild.inputs import textmatch
from kgbuild.inputs.facts import Facts
from kgbuild.inputs.passages import Passage, find_all
from kgbuild.inputs.sources import Source

# How an article names a party: the graph's labels and altLabels, and these.
PARTY_WORDS = {"American": "US", "U.S.": "US", "South Korean": "South Korea",
               "Korean": "South Korea", "Korea": "South Korea",
               "Republic of Korea": "South Korea", "United States": "United States"}


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

    def party(self, word: str) -> Entity | None:
        word = re.sub(r"'s$", "", word.strip())
        word = PARTY_WORDS.get(word, word)
        for entity in self.of_type("Party"):
            if word in entity.names:
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


@dataclass
class Person:
    id: str
    name: str
    party: str | None


class Drafting:
    """The draft being written, and what its extractors share about the article."""

    def __init__(self, source: Source, facts: Facts, sentences: list[Sentence]):
        self.source = source
        self.known = Known(facts)
        self.sentences = sentences
        self.reference = relativedates.reference(source.text, source.issued,
                                                 source.issued_inferred, source.meta_file)
        self.claims: list[DraftClaim] = []
        self.noticed: list[str] = []
        self.declared: dict[str, str] = {}            # entity -> type, declared in the draft
        self.labels: dict[str, str] = {}
        self.proposed: set[tuple[str, str, str]] = set()
        self.claim_ids: set[str] = set()
        self.new_ids: set[str] = set()
        self.agreements: dict[int, str] = {}          # ordinal -> id, known or declared
        self.main_agreement: str | None = None        # the one the article's talks are for
        self.people: dict[str, Person] = {}           # name -> person, known or declared
        self.last_person: Person | None = None
        self.last_round: str | None = None
        self.last_payment: str | None = None
        self.last_payment_sentence = -1
        self.last_payment_year: str | None = None
        self.prev_agreement: str | None = None        # the one the sentence before spoke of

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
            self.labels[claim.about] = fresh.get("label", claim.about)
        self.claims.append(claim)
        return claim

    def is_known(self, entity: str) -> bool:
        return entity in self.known.entities or entity in self.declared

    def label_of(self, entity: str) -> str:
        known = self.known.entities.get(entity)
        return (known.label if known else None) or self.labels.get(entity, entity)

    def declare(self, entity: str, kind: str, label: str, says: dict) -> dict:
        """`says` with type and label first when the entity is new to the graph and draft."""
        if self.is_known(entity):
            return says
        return {"type": kind, "label": label, **says}

    def said(self, entity: str, name: str) -> bool:
        return any(e == entity and n == name for e, n, _ in self.proposed)

    # -- shared lookups --------------------------------------------------------------------

    def party_before(self, s: Sentence, at: int) -> Entity | None:
        """The last party the sentence names before position `at` of its normalised text."""
        limit = s.normal.origin[min(at, len(s.normal.origin) - 1)]
        found = [e for p, e in self.known.mentions(s.passage.text, ("Party",)) if p.end <= limit]
        return found[-1] if found else None

    def agreement_at(self, day: datetime.date):
        """The one agreement whose negotiations the graph dates around `day`, if exactly one."""
        window = datetime.timedelta(days=365)
        fits = []
        for agreement in self.known.of_type("Agreement"):
            dates = [first_day(v) for v in agreement.values.get("negotiationsLaunched", [])]
            for entity in self.known.of_type("Round"):
                if agreement.id in entity.values.get("ofAgreement", []):
                    dates += [first_day(v) for v in entity.values.get("startDate", [])]
            dates = [d for d in dates if d]
            ended = [first_day(v) for v in agreement.values.get("signedOn", []) +
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
            f"plus a year) and within no other agreement's, so it is taken to be "
            f"theirs.{self.reference.caveat}".rstrip("."))


def first_day(value) -> datetime.date | None:
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
