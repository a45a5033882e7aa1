"""What the report shows, gathered from the rows of the stored queries it runs.

Everything on the page comes from stored queries run on the checked graph, so the page is
always true to it: the timeline from `round-timeline` and `agreement-terms`, the payments
from `payment-history`, `demands-vs-agreed` and `source-disagreements`, the negotiators from
`counterparts`, `negotiators` and `entity-facts`, the articles and their highlighted quotes
from `report-source-texts` and `claim-evidence`, the ontology from `report-ontology`.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from kgbuild.errors import InputError
from kgbuild.query.catalogue import bind
from kgbuild.report.formatting import (
    claim_anchor,
    decimal_or_none,
    local_id,
    short_label,
    split_list,
    split_sourced,
)

QUERIES = (
    "agreement-terms", "claim-evidence", "counterparts", "delegation-leads",
    "demands-vs-agreed", "negotiator-agreements", "negotiators", "payment-history",
    "positions", "report-claim-statements", "report-entities", "report-ontology",
    "report-source-texts", "round-counts", "round-timeline", "source-disagreements", "sources",
    "troop-strength",
)
PER_PERSON_QUERY = "entity-facts"
PALETTE = ("#0f6e7a", "#6a4c93", "#a2541b", "#3d6b21", "#8a2c5c", "#4b5563")


def collect(engine, stored) -> dict:
    """Rows (as dicts) of every query the page uses, and `entity-facts` for each negotiator."""
    missing = [name for name in (*QUERIES, PER_PERSON_QUERY) if name not in stored]
    if missing:
        raise InputError(f"the report needs the stored queries {', '.join(missing)}",
                         file="queries/", hint="restore them from the repository")
    data = {name: _rows(engine, bind(stored[name], {})) for name in QUERIES}
    people = sorted({row["entity"] for row in data["report-entities"]
                     if row["class"] == "sma:Negotiator"})
    data[PER_PERSON_QUERY] = {
        iri: _rows(engine, bind(stored[PER_PERSON_QUERY], {"entity": local_id(iri)}))
        for iri in people}
    return data


def _rows(engine, text: str) -> list[dict]:
    result = engine.select(text)
    return [dict(zip(result.columns, row, strict=True)) for row in result.rows]


@dataclass(frozen=True)
class QuoteLink:
    """A link from a value to a quote behind it: one per source, to its first claim."""

    source: str
    anchor: str
    inferred: bool
    what: str
    keys: str


def usd(row: dict) -> Decimal | None:
    """A payment row's amount in US dollars: the amount itself, else its stated equivalent."""
    if row.get("currency") == "USD" and row.get("amount"):
        return decimal_or_none(row["amount"])
    return decimal_or_none(row.get("usd_equivalent"))


@dataclass
class Entity:
    iri: str
    id: str
    label: str
    classes: list[str] = field(default_factory=list)
    agreements: list[str] = field(default_factory=list)


@dataclass
class Claim:
    key: str
    source: str
    status: str
    quote: str
    start: int
    end: int
    qualifier: str | None
    reasoning: str | None
    statements: list[dict] = field(default_factory=list)
    agreements: set[str] = field(default_factory=set)
    people: set[str] = field(default_factory=set)

    @property
    def anchor(self) -> str:
        return claim_anchor(self.key)


@dataclass
class Agreement:
    entity: Entity
    label: str
    short: str
    color: str
    ordinal: str | None = None
    ordinal_status: str | None = None
    terms: dict[str, list[dict]] = field(default_factory=dict)


@dataclass
class Round:
    label: str
    entity: Entity | None
    agreement: str | None
    ordinal: str | None
    ordinal_basis: str | None
    start: str | None
    end: str | None
    date_basis: str | None
    expressions: list[str]
    places: list[str]
    statuses: list[str]
    days: str | None
    sources: list[str]
    claims: list[str]
    leads: list[dict] = field(default_factory=list)

    @property
    def anchor(self) -> str:
        return "round-" + (self.entity.id if self.entity else local_id(self.label))

    @property
    def planned(self) -> bool:
        return self.statuses == ["planned"]


class Model:
    """Indexes over the query rows, so that every value can link to the claims behind it."""

    def __init__(self, data: dict):
        self.data = data
        self.entities: dict[str, Entity] = {}
        for row in data["report-entities"]:
            entity = self.entities.setdefault(row["entity"], Entity(
                row["entity"], local_id(row["entity"]), row["label"] or row["entity"]))
            entity.classes.append(row["class"])
            for iri in split_list(row["agreement_list"]):
                if local_id(iri) not in entity.agreements:
                    entity.agreements.append(local_id(iri))
        self.by_label = {e.label: e for e in self.entities.values()}

        self.claims: dict[str, Claim] = {}
        for row in data["claim-evidence"]:
            self.claims[row["claim"]] = Claim(
                row["claim"], row["source"], row["status"], row["quote"], int(row["start"]),
                int(row["end"]), row["qualifier"], row["reasoning"])
        # (subject id, property label) -> rows of report-claim-statements
        self.facts: dict[tuple[str, str], list[dict]] = defaultdict(list)
        for row in data["report-claim-statements"]:
            claim = self.claims.get(row["claim"])
            subject = self.entities.get(row["subject"])
            row = {**row, "subject_label": subject.label if subject else row["subject"]}
            if claim:
                claim.statements.append(row)
                for iri in (row["subject"], row["object"]):
                    entity = self.entities.get(iri or "")
                    if not entity:
                        continue
                    claim.agreements.update(entity.agreements)
                    if "sma:Negotiator" in entity.classes:
                        claim.people.add(entity.id)
            self.facts[(local_id(row["subject"]), row["property"])].append(row)

        self.agreements = self._agreements()
        self.agreement_by_label = {a.label: a for a in self.agreements}
        self.rounds = self._rounds()
        self.people = self._people()
        self.person_by_label = {p["label"]: p for p in self.people}
        self.sources = {row["source"]: row for row in data["sources"]}
        self.disputed = {(row["claim"], row["property"]) for row in data["source-disagreements"]}

    # -- lookups

    def entity(self, label: str | None) -> Entity | None:
        return self.by_label.get(label or "")

    def entity_id(self, label: str | None) -> str:
        entity = self.entity(label)
        return entity.id if entity else ""

    def agreement_id(self, label: str | None) -> str:
        agreement = self.agreement_by_label.get(label or "")
        return agreement.entity.id if agreement else ""

    def first_claim(self, claims: list[str]) -> Claim | None:
        return self.claims.get(claims[0]) if claims else None

    def quote_links(self, claims) -> list[QuoteLink]:
        """Links to the quotes behind a value: one per source (its first claim)."""
        by_source: dict[str, list[str]] = defaultdict(list)
        for key in sorted(set(claims)):
            claim = self.claims.get(key)
            if claim:
                by_source[claim.source].append(key)
        links = []
        for source, keys in sorted(by_source.items()):
            claim = self.claims[keys[0]]
            inferred = claim.status == "inferred"
            what = f"quote from source {source}" + (", inferred" if inferred else "")
            links.append(QuoteLink(source, claim.anchor, inferred, what, ", ".join(keys)))
        return links

    def claims_for(self, subject_id: str, prop: str, value: str | None = None) -> list[str]:
        return sorted({row["claim"] for row in self.facts.get((subject_id, prop), [])
                       if value is None or row["value"] == value})

    # -- builders

    def _agreements(self) -> list[Agreement]:
        terms: dict[str, dict[str, list[dict]]] = defaultdict(lambda: defaultdict(list))
        for row in self.data["agreement-terms"]:
            terms[row["agreement"]][row["term"]].append(row)
        found = []
        for entity in self.entities.values():
            if "sma:Agreement" not in entity.classes:
                continue
            own = terms.get(entity.label, {})
            ordinals = own.get("ordinal", [])
            agreement = Agreement(entity, entity.label, short_label(entity.label), "",
                                  terms=dict(own))
            if ordinals:
                stated = [r for r in ordinals if r["status"] == "stated"] or ordinals
                agreement.ordinal = stated[0]["value"]
                agreement.ordinal_status = stated[0]["status"]
            found.append(agreement)

        def order(a: Agreement):
            number = int(a.ordinal) if a.ordinal and a.ordinal.isdigit() else 10 ** 6
            return number, a.label

        found.sort(key=order)
        for i, agreement in enumerate(found):
            agreement.color = PALETTE[i % len(PALETTE)]
        return found

    def _rounds(self) -> list[Round]:
        # round-timeline gives one row per round; where sources give several dates, the
        # earliest is the one placed on the timeline.
        rounds: dict[str, Round] = {}
        for row in self.data["round-timeline"]:
            rounds[row["round"]] = Round(
                row["round"], self.entity(row["round"]), row["agreement"],
                _first(split_list(row["ordinal"])), row["ordinal_basis"],
                _first(split_list(row["start"])), _first(split_list(row["end"])),
                row["date_basis"], split_sourced(row["date_wordings"]),
                split_sourced(row["place"]), split_sourced(row["status_history"]),
                row["days"], split_list(row["sources"]), split_list(row["claims"]))
        for row in self.data["delegation-leads"]:
            if row["round"] in rounds:
                rounds[row["round"]].leads.append(row)
        return list(rounds.values())

    def _people(self) -> list[dict]:
        people = []
        for row in self.data["negotiators"]:
            entity = self.entity(row["negotiator"])
            if entity is None:
                continue
            party = self.entity(row["party"])
            people.append({
                "label": row["negotiator"], "id": entity.id, "iri": entity.iri,
                "party": row["party"] or "party unknown",
                "party_id": party.id if party else "unknown",
                "roles": split_list(row["role_list"]),
                "affiliations": split_list(row["affiliation_list"]),
                "former": split_list(row["former_list"]),
                "sources": split_list(row["sources"]),
                "agreements": entity.agreements,
            })
        return people


    def rounds_of(self, agreement: Agreement) -> list[Round]:
        return [r for r in self.rounds if r.agreement == agreement.label]

    def lead_ids(self, r: Round) -> list[str]:
        """The ids of the people who led a round, as far as they are negotiators in the graph."""
        return [self.person_by_label[row["negotiator"]]["id"] for row in r.leads
                if row["negotiator"] in self.person_by_label]


def _first(values: list[str]) -> str | None:
    return values[0] if values else None
