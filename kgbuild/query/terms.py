"""Terms, from whichever engine answered, as the one text a result row shows.

Three engines answer queries: pyoxigraph (embedded), rdflib (embedded), and a remote store
(SPARQL JSON). Each has its own kind of term; this is the one place that turns them into
rdflib terms and into text (IRIs shortened with the project's prefixes), so that the same
query gives the same rows on every engine.
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation
from functools import lru_cache

import pyoxigraph as ox
from rdflib import XSD, BNode, Literal, URIRef

from kgbuild.errors import QueryError
from kgbuild.rdf.builder import PREFIXES

_LONGEST_FIRST = sorted(PREFIXES.items(), key=lambda kv: -len(kv[1]))


@lru_cache(maxsize=1 << 16)
def shorten(iri: str) -> str:
    for prefix, ns in _LONGEST_FIRST:
        if iri.startswith(ns) and iri != ns:
            return f"{prefix}:{iri[len(ns):]}"
    return iri


def term_text(term) -> str | None:
    if term is None:
        return None
    if isinstance(term, URIRef):
        return shorten(str(term))
    if isinstance(term, Literal):
        return str(term)
    if isinstance(term, BNode):
        return f"_:{term}"
    return str(term)





def from_oxigraph(term):
    if term is None:
        return None
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.Literal):
        if term.language:
            return Literal(term.value, lang=term.language)
        return Literal(term.value, datatype=URIRef(term.datatype.value))
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    raise TypeError(f"unexpected term {term!r}")


def oxigraph_text(term) -> str | None:
    """`term_text` of the term's rdflib counterpart, without making it."""
    if term is None:
        return None
    if isinstance(term, ox.NamedNode):
        return shorten(term.value)
    if isinstance(term, ox.Literal):
        return term.value
    if isinstance(term, ox.BlankNode):
        return f"_:{term.value}"
    raise TypeError(f"unexpected term {term!r}")





def from_json(term: dict | None):
    """A SPARQL JSON results term as the rdflib term local engines give for it."""
    if term is None:
        return None
    kind, value = term.get("type"), term.get("value", "")
    if kind == "uri":
        return URIRef(value)
    if kind in ("literal", "typed-literal"):  # typed-literal: SPARQL 1.0 JSON, as Virtuoso
        lang = term.get("xml:lang")
        datatype = term.get("datatype")
        if lang:
            return Literal(value, lang=lang)
        if not datatype or datatype == str(XSD.string):
            return Literal(value)
        if datatype == str(XSD.decimal):
            value = _canonical_decimal(value)
        elif datatype in _DURATIONS:
            value = _canonical_duration(value)
        return Literal(value, datatype=URIRef(datatype))
    if kind == "bnode":
        return BNode(value)
    raise QueryError(f"the store answered with a term of unknown type {kind!r}")


_DURATIONS = {str(XSD.duration), str(XSD.yearMonthDuration), str(XSD.dayTimeDuration)}


_NUMBER = re.compile(r"-?\d+(\.\d*)?")


def _canonical_duration(text: str) -> str:
    """A duration as ISO 8601, in the canonical form Oxigraph writes ("P1Y", "P1Y6M", "P3D").

    Virtuoso 7 keeps a duration as a number and answers with it: a whole number of months
    ("12" for P1Y), or seconds as a decimal ("259200.0" for P3D). The value is the same, so it
    is turned back into the ISO form; a duration already in ISO form is left as it is.
    """
    text = text.strip()
    if not _NUMBER.fullmatch(text):
        return text
    sign = "-" if text.startswith("-") else ""
    if "." not in text:
        years, months = divmod(abs(int(text)), 12)
        parts = (f"{years}Y" if years else "") + (f"{months}M" if months else "")
        return f"{sign}P{parts or '0M'}"
    seconds = abs(Decimal(text))
    days, rest = divmod(seconds, 86400)
    hours, rest = divmod(rest, 3600)
    minutes, rest = divmod(rest, 60)
    time = "".join(f"{int(n)}{unit}" for n, unit in ((hours, "H"), (minutes, "M")) if n)
    if rest:
        time += _canonical_decimal(str(rest)) + "S"
    parts = (f"{int(days)}D" if days else "") + (f"T{time}" if time else "")
    return f"{sign}P{parts or 'T0S'}"


def _canonical_decimal(text: str) -> str:
    # Oxigraph, the embedded engine, writes decimals without trailing zeros ("8.2", "100");
    # other stores may write "8.20", which would then not compare equal.
    try:
        number = Decimal(text.strip())
    except InvalidOperation:
        return text
    if not number.is_finite():
        return text
    canonical = format(number.normalize(), "f")
    return "0" if canonical in ("-0", "0") else canonical
