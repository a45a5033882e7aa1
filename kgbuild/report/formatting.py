"""How the report writes values: dates, amounts, durations, IRIs as CURIEs, anchors, tokens.

Plain text in, plain text out: escaping is the templates' business (they autoescape).
"""

from __future__ import annotations

import re
from datetime import date, timedelta
from decimal import Decimal, InvalidOperation

from kgbuild.query.results import LIST_SEPARATOR

ID_PREFIX = "id:"
ID_NAMESPACE = "https://w3id.org/sma-kg/id/"
ONTOLOGY_NAMESPACE = "https://w3id.org/sma-kg/ontology#"
# Display names for IRIs of the vocabularies the ontology aligns with; the page never links
# to them, so that nothing on it reaches for the network.
CURIES = {
    "sma": ONTOLOGY_NAMESPACE,
    "prov": "http://www.w3.org/ns/prov#",
    "schema": "https://schema.org/",
    "oa": "http://www.w3.org/ns/oa#",
    "dcterms": "http://purl.org/dc/terms/",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "owl": "http://www.w3.org/2002/07/owl#",
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "time": "http://www.w3.org/2006/time#",
}
MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
CHAR_WIDTH = 0.58  # average advance of the page's sans-serif, in ems, for laying out SVG text
_DATE = re.compile(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?")


def local_id(iri: str) -> str:
    """The part of an entity's IRI that names it on the page (anchors, filter values)."""
    if iri.startswith(ID_PREFIX):
        return iri[len(ID_PREFIX):]
    if iri.startswith(ID_NAMESPACE):
        return iri[len(ID_NAMESPACE):]
    return re.sub(r"[^A-Za-z0-9-]+", "-", iri).strip("-").lower()


def claim_anchor(claim: str) -> str:
    return "claim-" + claim.replace("/", "-")


def split_list(value: str | None) -> list[str]:
    return [p.strip() for p in (value or "").split(LIST_SEPARATOR.strip()) if p.strip()]


def split_sourced(value: str | None) -> list[str]:
    """The values of a "; "-separated list, each without its "(sources)" suffix."""
    parts = [p.strip() for p in (value or "").split("; ") if p.strip()]
    return [re.sub(r" \([^()]*\)$", "", p) for p in parts]


def tokens(values) -> str:
    """A space-separated, sorted set: the value of a data-agreement/person/source filter."""
    return " ".join(sorted({v for v in values if v}))


def curie(iri: str | None) -> str:
    if not iri:
        return ""
    for prefix, ns in CURIES.items():
        if iri.startswith(ns) and iri != ns:
            return f"{prefix}:{iri[len(ns):]}"
    return iri


def ordinal_word(n: int) -> str:
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def is_date(value: str) -> bool:
    """An xsd:date, gYearMonth or gYear, as the graph writes them."""
    return _DATE.fullmatch(value) is not None


def fmt_date(value: str | None) -> str:
    """xsd:date, gYearMonth or gYear as a reader writes it, no more precise than the source."""
    if not value:
        return ""
    m = _DATE.fullmatch(value)
    if not m:
        return value
    year, month, day = m.groups()
    if day:
        return f"{int(day)} {MONTHS[int(month) - 1]} {year}"
    if month:
        return f"{MONTHS[int(month) - 1]} {year}"
    return year


def fmt_range(start: str | None, end: str | None) -> str:
    if not end or end == start:
        return fmt_date(start)
    if start and len(start) == len(end) == 10 and start[:7] == end[:7]:
        return f"{int(start[8:])}–{fmt_date(end)}"
    return f"{fmt_date(start)} – {fmt_date(end)}"


def fmt_duration(value: str | None) -> str:
    m = re.fullmatch(r"P(\d+)([YM])", value or "")
    if not m:
        return value or ""
    n, unit = int(m.group(1)), {"Y": "year", "M": "month"}[m.group(2)]
    return f"{n} {unit}{'s' if n != 1 else ''}"


def decimal_or_none(value: str | None) -> Decimal | None:
    try:
        return Decimal(value) if value not in (None, "") else None
    except InvalidOperation:
        return None


def fmt_money(amount: str | None, currency: str | None = "USD") -> str:
    """1030000000 USD -> 'US$1.03 billion': exact digits, never rounded."""
    value = decimal_or_none(amount)
    if value is None:
        return amount or ""
    scaled, word = value, ""
    for size, name in ((Decimal(10) ** 12, "trillion"), (Decimal(10) ** 9, "billion"),
                       (Decimal(10) ** 6, "million")):
        if abs(value) >= size:
            scaled, word = value / size, name
            break
    number = f"{scaled.normalize():f}" if scaled != scaled.to_integral() else f"{int(scaled):,}"
    words = f"{number} {word}".strip()
    if currency == "USD":
        return f"US${words}"
    if currency == "KRW":
        return f"{words} won"
    return f"{words} {currency or ''}".strip()


def parse_day(value: str | None, *, last: bool = False) -> date | None:
    """The first (or last) day a date of any precision covers."""
    if not value:
        return None
    m = _DATE.fullmatch(value)
    if not m:
        return None
    year, month, day = (int(g) if g else None for g in m.groups())
    if day:
        return date(year, month, day)
    if month:
        if not last:
            return date(year, month, 1)
        following = date(year + month // 12, month % 12 + 1, 1)
        return following - timedelta(days=1)
    return date(year, 12, 31) if last else date(year, 1, 1)


def period(value: str | None, end: str | None = None) -> tuple[date, date] | None:
    """First and last day a date (of any precision), or a start and end, cover."""
    first = parse_day(value)
    last = parse_day(end or value, last=True)
    return (first, last) if first and last else None


def text_width(text: str, size: float) -> float:
    return len(text) * size * CHAR_WIDTH


def short_label(label: str) -> str:
    """'10th Special Measures Agreement' -> '10th SMA'; else the label before any ' ('."""
    m = re.fullmatch(r"(\d+(?:st|nd|rd|th)) Special Measures Agreement", label)
    if m:
        return f"{m.group(1)} SMA"
    return label.split(" (")[0]
