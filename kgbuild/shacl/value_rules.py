"""Constraints on one value, restated as pySHACL judges them, each with a SPARQL condition.

A rule's `certain` condition holds in the store only where pySHACL's test passes for every
term the stored value may stand for (the store keeps literals by value, see `compiled`); its
`test` is pySHACL's own judgement, applied to the terms as rdflib holds them.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, time
from decimal import Decimal

from rdflib import RDF, RDFS, XSD, BNode, Literal, Namespace, URIRef
from rdflib.term import Node

SH = Namespace("http://www.w3.org/ns/shacl#")


# Lexical forms of years and year-months that pySHACL accepts whether or not rdflib checks
# the type: it does not by itself, but once owlrl has reasoned in the process owlrl's readers
# stay registered for these types (its restore step puts back only rdflib's own), and a
# literal made after that is ill-typed unless it has such a form. The store keeps the
# datatype of these literals as written.
SAFE_FORMS = {
    XSD.gYear: "^[1-9][0-9]{3}$",
    XSD.gYearMonth: "^[1-9][0-9]{3}-(0[1-9]|1[0-2])$",
}


# A date the store accepts and writes like this has exactly one lexical form, which rdflib
# parses (Python's dates start at year 1).
_PLAIN_DATE = "^(000[1-9]|00[1-9][0-9]|0[1-9][0-9]{2}|[1-9][0-9]{3})-[0-9]{2}-[0-9]{2}$"


# Patterns on which pyoxigraph's regex engine and Python's `re` agree on every match the
# former finds: literal characters, classes of ranges, anchors, groups and quantifiers.
_SAFE_PATTERN = re.compile(r"(?:[A-Za-z0-9 ^$.*+?()|{},\[\]_:;!<>=&%@#~'\"/-]|\\[^A-Za-z0-9])*")


_UNSAFE_IN_PATTERN = ("(?", "{,", "[:", "&&", "--", "~~", "[[", "[]", "[^]")


class Unsupported(Exception):
    """The compiled queries cannot promise pySHACL's answer here."""


@dataclass(frozen=True)
class Rule:
    """A constraint on one value: a SPARQL condition that holds only where pySHACL's test
    passes for every term the stored one may stand for, and pySHACL's test itself."""

    certain: Callable[[str], str]
    test: Callable[[Node], bool]


def all_of(rules: list[Rule]) -> Rule:
    return Rule(certain=lambda x: "(" + " && ".join(r.certain(x) for r in rules) + ")",
                 test=lambda v: all(r.test(v) for r in rules))


def any_of(rules: list[Rule]) -> Rule:
    return Rule(certain=lambda x: "(" + " || ".join(r.certain(x) for r in rules) + ")",
                 test=lambda v: any(r.test(v) for r in rules))


def never(_value: Node) -> bool:
    return False


def has_value_rule(wanted: URIRef) -> Rule:
    return Rule(certain=lambda x: f"sameTerm({x}, {wanted.n3()})", test=lambda v: v == wanted)


def datatype_rule(datatype: URIRef) -> Rule:
    return Rule(certain=lambda x: _datatype_condition(datatype, x),
                 test=lambda v: _datatype_test(v, datatype))


def _datatype_condition(datatype: URIRef, x: str) -> str:
    dt = datatype.n3()
    if datatype == XSD.string:
        # A stored string stands for "x" or "x"^^xsd:string, and pySHACL takes both.
        return f"(isLITERAL({x}) && sameTerm(DATATYPE({x}), {dt}))"
    if datatype in SAFE_FORMS:
        return (f"(isLITERAL({x}) && sameTerm(DATATYPE({x}), {dt}) && "
                f"REGEX(STR({x}), {Literal(SAFE_FORMS[datatype]).n3()}))")
    if datatype == RDF.langString:
        return f'(isLITERAL({x}) && LANG({x}) != "")'
    if datatype == XSD.decimal:
        # A decimal the store can read, Python's Decimal reads too.
        return f"(isNUMERIC({x}) && sameTerm(DATATYPE({x}), {dt}))"
    if datatype == XSD.date:
        return (f"(isLITERAL({x}) && sameTerm(DATATYPE({x}), {dt}) && "
                f"sameTerm(DATATYPE({dt}({x})), {dt}) && "
                f"REGEX(STR({x}), {Literal(_PLAIN_DATE).n3()}))")
    # The store folds the integer types into xsd:integer and reads other values its own
    # way: each of these values is judged on its rdflib term.
    return "false"


def _datatype_test(value: Node, rule: URIRef) -> bool:
    """pySHACL's DatatypeConstraintComponent, for one value."""
    if not isinstance(value, Literal):
        return False
    if value.datatype == rule:
        return value.ill_typed is not True and _actual_datatype(value, rule)
    if rule == RDFS.Literal:
        return True
    if rule == RDFS.Datatype and value.datatype:
        return True
    if value.datatype is None and value.language is None and rule == XSD.string:
        return _actual_datatype(value, rule)
    if rule == RDF.langString and value.language:
        return _actual_datatype(value, rule)
    return False


_PYTHON_TYPES = {
    XSD.string: (str, bytes), RDF.langString: (str, bytes), XSD.integer: int,
    XSD.float: float, XSD.decimal: Decimal, XSD.boolean: bool, XSD.date: date,
    XSD.time: time, XSD.dateTime: datetime,
}


def _actual_datatype(value: Literal, rule: URIRef) -> bool:
    if rule not in _PYTHON_TYPES:
        return True
    return isinstance(value.value, _PYTHON_TYPES[rule])


def in_rule(members: list[Node]) -> Rule:
    if any(isinstance(m, BNode) for m in members):
        raise Unsupported("blank node in sh:in")
    allowed = set(members)
    iris = [m.n3() for m in members if isinstance(m, URIRef)]

    def certain(x):
        # A stored string may stand for "x" or "x"^^xsd:string, which sh:in tells apart.
        return "(" + " || ".join(f"sameTerm({x}, {m})" for m in iris) + ")" if iris else "false"

    return Rule(certain=certain, test=lambda v: v in allowed)


def _string(value: Node) -> str:
    """pySHACL's string form of a value for patterns and lengths."""
    if (isinstance(value, Literal) and value.value is not None
            and value.datatype in (None, RDF.langString, XSD.string)):
        return str(value.value)
    return str(value)


def _stringy(x: str) -> str:
    # Values whose STR() in the store is rdflib's string form: IRIs and strings.
    return (f"(isIRI({x}) || (isLITERAL({x}) && (sameTerm(DATATYPE({x}), {XSD.string.n3()}) "
            f"|| LANG({x}) != \"\")))")


def pattern_rule(pattern: Node, flags: Node | None) -> Rule:
    if not isinstance(pattern, Literal) or pattern.datatype not in (None, XSD.string):
        raise Unsupported(f"sh:pattern {pattern!r}")
    text = str(pattern)
    if not _SAFE_PATTERN.fullmatch(text) or any(s in text for s in _UNSAFE_IN_PATTERN):
        raise Unsupported(f"sh:pattern {text!r} may match differently in SPARQL")
    letters = str(flags).lower() if flags is not None else ""
    if set(letters) - {"i", "m"}:
        # pySHACL honours only i and m, and quietly drops the others.
        raise Unsupported(f"sh:flags {letters!r}")
    compiled = re.compile(text, (re.I if "i" in letters else 0) | (re.M if "m" in letters else 0))
    sparql_flags = "".join(sorted(set(letters)))

    def certain(x):
        return (f"({_stringy(x)} && REGEX(STR({x}), {Literal(text).n3()}, "
                f"{Literal(sparql_flags).n3()}))")

    def test(v):
        if isinstance(v, BNode):
            return False
        s = _string(v)
        return (compiled.match(s) or compiled.search(s)) is not None

    return Rule(certain=certain, test=test)


def length_rule(accept: Callable[[int], bool], sparql: str) -> Rule:
    return Rule(certain=lambda x: f"({_stringy(x)} && STRLEN(STR({x})) {sparql})",
                 test=lambda v: not isinstance(v, BNode) and accept(len(_string(v))))


_RANGES = {
    SH.minInclusive: (">=", lambda c: c >= 0),
    SH.minExclusive: (">", lambda c: c > 0),
    SH.maxInclusive: ("<=", lambda c: c <= 0),
    SH.maxExclusive: ("<", lambda c: c < 0),
}


def range_rule(p: URIRef, bound: Node | None) -> Rule:
    if (not isinstance(bound, Literal) or isinstance(bound.value, bool)
            or not isinstance(bound.value, (int, Decimal))):
        raise Unsupported(f"{p.n3()} {bound!r}: only whole and decimal numbers are compiled")
    op, accept = _RANGES[p]

    def certain(x):
        # Only valid decimals: rdflib compares other numbers (ill-typed integers among them)
        # in ways of its own.
        return (f"(isNUMERIC({x}) && sameTerm(DATATYPE({x}), {XSD.decimal.n3()}) "
                f"&& {x} {op} {bound.n3()})")

    def test(v):
        if not isinstance(v, Literal) or isinstance(v.value, str):
            return False
        try:
            return accept(_compare(v, bound))
        except (TypeError, NotImplementedError):
            return False

    return Rule(certain=certain, test=test)


def _compare(l1: Literal, l2: Literal) -> int:
    """pySHACL's compare_literal."""
    if l1.eq(l2):
        return 0
    if l1.value.__class__ in (datetime, time):
        if l1.value == l2.value:
            return 0
        if l1.value > l2.value:
            return 1
    elif l1 > l2:
        return 1
    return -1
