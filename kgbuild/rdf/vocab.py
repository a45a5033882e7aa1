"""IRIs: the one base IRI of the project, and the closed vocabulary of the ontology."""

from __future__ import annotations

from functools import lru_cache

from rdflib import Namespace, URIRef
from rdflib.namespace import DefinedNamespace

BASE = "https://w3id.org/sma-kg/"
# Skolem IRIs (RDF 1.1, section 3.5) for the ontology's blank nodes: the well-known path sits
# at the root of the IRIs' authority, and the project's name keeps them apart from others'.
SKOLEM = "https://w3id.org/.well-known/genid/sma-kg/"

ID = Namespace(BASE + "id/")
CLAIM = Namespace(BASE + "claim/")
SOURCE = Namespace(BASE + "source/")
GRAPHS = Namespace(BASE + "graph/")

SCHEMA = Namespace("https://schema.org/")
OA = Namespace("http://www.w3.org/ns/oa#")

GRAPH_ONTOLOGY = GRAPHS["ontology"]
GRAPH_SOURCES = GRAPHS["sources"]
GRAPH_PROVENANCE = GRAPHS["provenance"]
GRAPH_INFERRED = GRAPHS["inferred"]


class SMA(DefinedNamespace):
    """Terms of ontology/sma.ttl; a misspelt term is an AttributeError, not a new IRI."""

    _NS = Namespace(BASE + "ontology#")
    _fail = True

    Agreement: URIRef
    AgreementSeries: URIRef
    Round: URIRef
    Negotiator: URIRef
    Party: URIRef
    Payment: URIRef
    Position: URIRef
    Demand: URIRef
    CostItem: URIRef
    SourceArticle: URIRef
    Claim: URIRef
    ClaimStatus: URIRef
    Stated: URIRef
    Reported: URIRef
    Inferred: URIRef
    Preference: URIRef
    SingleValuedProperty: URIRef
    preferredClaim: URIRef
    onProperty: URIRef

    ofAgreement: URIRef
    hasRound: URIRef
    leadNegotiator: URIRef
    ledRound: URIRef
    negotiatedFor: URIRef
    candidateFor: URIRef
    counterpart: URIRef
    represents: URIRef
    affiliation: URIRef
    party: URIRef
    partOfSeries: URIRef
    precededBy: URIRef
    succeededBy: URIRef
    roundLocation: URIRef
    signedIn: URIRef
    underAgreement: URIRef
    hasPayment: URIRef
    payer: URIRef
    heldBy: URIRef
    concernsAgreement: URIRef
    coversCostItem: URIRef
    status: URIRef
    assertedIn: URIRef

    ordinal: URIRef
    roundStatus: URIRef
    dayCount: URIRef
    startDate: URIRef
    endDate: URIRef
    dateExpression: URIRef
    concludedIn: URIRef
    signedOn: URIRef
    duration: URIRef
    expiresOn: URIRef
    negotiationsLaunched: URIRef
    roundsHeld: URIRef
    inPlaceSince: URIRef
    amount: URIRef
    currency: URIRef
    usdEquivalent: URIRef
    forYear: URIRef
    changePercent: URIRef
    changeFromYear: URIRef
    increaseFactor: URIRef
    escalationRule: URIRef
    statement: URIRef
    troopStrength: URIRef
    roleTitle: URIRef
    formerPosition: URIRef
    qualifier: URIRef
    reasoning: URIRef
    claimId: URIRef
    sourceId: URIRef
    factFile: URIRef
    textFile: URIRef
    fullText: URIRef
    sha256: URIRef
    inferredIssued: URIRef
    creditLine: URIRef


@lru_cache(maxsize=1 << 16)
def entity_iri(entity_id: str) -> URIRef:
    # One term per entity, however many claims name it: later tables find it by identity.
    return ID[entity_id]


def claim_iri(source_id: str, claim_id: str) -> URIRef:
    return CLAIM[f"{source_id}/{claim_id}"]


def source_iri(source_id: str) -> URIRef:
    return SOURCE[source_id]
