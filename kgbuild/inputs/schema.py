"""What a curated claim may say: the entity types and, for each, the fields it takes.

Field names are the ontology's property names (`ontology/sma.ttl`), plus `type`, `label` and
`altLabel`. This module knows nothing of RDF; `rdfbuild` maps names to IRIs.
"""

from __future__ import annotations

from dataclasses import dataclass

# Field kinds: how a value is checked and typed.
REF = "ref"            # an entity id, of the type in `target`
POS_INT = "positiveInteger"
NONNEG_INT = "nonNegativeInteger"
DECIMAL = "decimal"    # any number
AMOUNT = "amount"      # a number >= 0
DATE = "date"          # YYYY-MM-DD
TIMEPOINT = "timepoint"  # YYYY, YYYY-MM or YYYY-MM-DD: as precise as the source is
YEAR = "gYear"
DURATION = "duration"  # ISO 8601, date part only (P1Y, P6Y, P3D)
CURRENCY = "currency"  # ISO 4217 code
TEXT = "text"          # free text of the curator's (labels)
VERBATIM = "verbatim"  # words that must occur in the claim's quote
ENUM = "enum"


@dataclass(frozen=True)
class Field:
    name: str
    kind: str
    many: bool = False
    target: str | tuple[str, ...] | None = None


def _fields(*fields: Field) -> dict[str, Field]:
    return {f.name: f for f in fields}


COMMON = _fields(Field("label", TEXT), Field("altLabel", TEXT, many=True))

_POSITION = (
    Field("heldBy", REF, target="Party"),
    Field("concernsAgreement", REF, target="Agreement"),
    Field("statement", VERBATIM),
)

TYPES: dict[str, dict[str, Field]] = {
    "Agreement": _fields(
        Field("ordinal", POS_INT),
        Field("party", REF, many=True, target="Party"),
        Field("partOfSeries", REF, target="AgreementSeries"),
        Field("precededBy", REF, target="Agreement"),
        Field("concludedIn", TIMEPOINT),
        Field("signedOn", DATE),
        Field("signedIn", REF, target="Place"),
        Field("duration", DURATION),
        Field("expiresOn", TIMEPOINT),
        Field("negotiationsLaunched", TIMEPOINT),
        Field("roundsHeld", NONNEG_INT),
    ),
    "AgreementSeries": _fields(
        Field("inPlaceSince", YEAR),
        Field("coversCostItem", REF, many=True, target="CostItem"),
    ),
    "Round": _fields(
        Field("ofAgreement", REF, target="Agreement"),
        Field("ordinal", POS_INT),
        Field("roundLocation", REF, target="Place"),
        Field("roundStatus", ENUM, target=("planned", "held")),
        Field("startDate", TIMEPOINT),
        Field("endDate", TIMEPOINT),
        Field("dateExpression", VERBATIM),
        Field("dayCount", POS_INT),
        Field("leadNegotiator", REF, many=True, target="Negotiator"),
    ),
    "Negotiator": _fields(
        Field("represents", REF, target="Party"),
        Field("affiliation", REF, many=True, target="Organization"),
        Field("roleTitle", VERBATIM),
        Field("formerPosition", VERBATIM),
        Field("counterpart", REF, many=True, target="Negotiator"),
        Field("negotiatedFor", REF, many=True, target="Agreement"),
        Field("candidateFor", REF, many=True, target="Agreement"),
    ),
    "Party": {},
    "Organization": _fields(Field("troopStrength", NONNEG_INT)),
    "Place": {},
    "Payment": _fields(
        Field("underAgreement", REF, target="Agreement"),
        Field("payer", REF, target="Party"),
        Field("amount", AMOUNT),
        Field("currency", CURRENCY),
        Field("usdEquivalent", AMOUNT),
        Field("forYear", YEAR),
        Field("changePercent", DECIMAL),
        Field("changeFromYear", YEAR),
        Field("escalationRule", VERBATIM),
    ),
    "Position": _fields(*_POSITION),
    "Demand": _fields(
        *_POSITION,
        Field("amount", AMOUNT),
        Field("currency", CURRENCY),
        Field("increaseFactor", AMOUNT),
    ),
    "CostItem": {},
}

# Types that satisfy a reference to another type (a Demand is a Position).
SUBTYPES: dict[str, set[str]] = {"Position": {"Position", "Demand"}}

# Single-valued fields (sma:SingleValuedProperty in the ontology): where sources give two values
# they disagree, and a curator may mark one value preferred.
FUNCTIONAL = frozenset({
    "ofAgreement", "represents", "roundLocation", "signedIn", "underAgreement", "payer",
    "heldBy", "ordinal", "dayCount", "startDate", "endDate", "concludedIn", "signedOn",
    "duration", "expiresOn", "negotiationsLaunched", "inPlaceSince", "amount", "currency",
    "usdEquivalent", "forYear", "changePercent", "changeFromYear", "increaseFactor",
    "troopStrength",
})

CLAIM_KEYS = ("id", "about", "quote", "says", "inferred", "reported", "qualifier", "note",
              "preferred")
REQUIRED_CLAIM_KEYS = ("id", "about", "quote", "says")
# A fact file: its source, its claims, and the passages marked as carrying nothing to state.
FILE_KEYS = ("source", "claims", "uncovered")
UNCOVERED_KEYS = ("quote", "reason")


def accepts(target: str, actual: str) -> bool:
    return actual in SUBTYPES.get(target, {target})


def fields_for(entity_type: str) -> dict[str, Field]:
    return {**COMMON, **TYPES[entity_type]}


def all_field_names() -> set[str]:
    names = set(COMMON) | {"type"}
    for fields in TYPES.values():
        names |= set(fields)
    return names
