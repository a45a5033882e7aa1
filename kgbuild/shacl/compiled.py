"""SHACL Core shapes compiled to SPARQL, so that validation runs on pyoxigraph's joins.

pySHACL is the reference (`kgbuild.validate.validate_pyshacl`); this is the fast path, and it
must give pySHACL's results, to the term. `compile_shapes` turns each (shape, constraint) of a
shapes graph into one SELECT query; `run` executes them on a store that holds the dataset
and reads the union of its graphs as the data graph, as pySHACL reads `export.union(ds)`.

Only the part of SHACL Core that `ontology/shapes.ttl` uses, and what is trivially near it, is
compiled (see `CONSTRAINTS`); anything else in the shapes graph raises `Unsupported`, and the
caller runs pySHACL instead.

The store is not a faithful copy of rdflib's terms: it keeps a literal by its value, so it
folds xsd:positiveInteger and the other integer types into xsd:integer, rewrites lexical forms
("1.50" becomes "1.5"), does not tell "x" from "x"^^xsd:string, and gives blank nodes new
labels. rdflib, and so pySHACL, keeps each term as written. The queries therefore only narrow
the search, conservatively: a value whose stored form could hide what rdflib holds is looked
up again in the data the store was loaded from (an rdflib Dataset or the build's QuadSet),
and every value is finally judged by pySHACL's own rule, restated here (`_datatype_test` and
its neighbours). Counting values is exact only while the
store has merged no two literals of a counted property, which `run` checks first; a merge, or
a result that names a blank node, raises `Unsupported` too.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, time
from decimal import Decimal

import pyoxigraph as ox
from rdflib import OWL, RDF, RDFS, XSD, BNode, Graph, Literal, Namespace, URIRef
from rdflib.collection import Collection
from rdflib.term import Node

from kgbuild.query.engines import from_oxigraph

SH = Namespace("http://www.w3.org/ns/shacl#")

TARGETS = {SH.targetClass, SH.targetSubjectsOf, SH.targetNode}
VALUE_CONSTRAINTS = {
    SH.datatype, SH.nodeKind, SH["in"], SH.pattern, SH.minInclusive, SH.minExclusive,
    SH.maxInclusive, SH.maxExclusive, SH.minLength, SH.maxLength,
}
CONSTRAINTS = VALUE_CONSTRAINTS | {SH.minCount, SH.maxCount, SH["class"], SH.hasValue, SH["or"]}
# sh:severity is let through only as sh:Violation, sh:flags only beside sh:pattern; the
# others change no result.
ANNOTATIONS = {SH.message, SH.severity, SH.name, SH.description, SH.order, SH.flags}
ALLOWED = TARGETS | CONSTRAINTS | ANNOTATIONS | {SH.property, SH.path, SH.inversePath}
SHAPE_TYPES = {SH.NodeShape, SH.PropertyShape}

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
_NODE_KINDS = {
    SH.IRI: "isIRI({x})",
    SH.BlankNode: "isBLANK({x})",
    SH.Literal: "isLITERAL({x})",
    SH.BlankNodeOrIRI: "!isLITERAL({x})",
    SH.BlankNodeOrLiteral: "!isIRI({x})",
    SH.IRIOrLiteral: "!isBLANK({x})",
}
_NODE_KIND_TESTS = {
    SH.IRI: lambda v: isinstance(v, URIRef),
    SH.BlankNode: lambda v: isinstance(v, BNode),
    SH.Literal: lambda v: isinstance(v, Literal),
    SH.BlankNodeOrIRI: lambda v: isinstance(v, (BNode, URIRef)),
    SH.BlankNodeOrLiteral: lambda v: isinstance(v, (BNode, Literal)),
    SH.IRIOrLiteral: lambda v: isinstance(v, (URIRef, Literal)),
}
_INSTANCE_OF = f"{RDF.type.n3()}/{RDFS.subClassOf.n3()}*"


class Unsupported(Exception):
    """The compiled queries cannot promise pySHACL's answer here."""


@dataclass(frozen=True)
class Result:
    """One validation result, as pySHACL reports it."""

    focus: Node
    path: Node | None
    value: Node | None
    message: str


@dataclass(frozen=True)
class Check:
    """One (shape, constraint) as a query over the focus nodes ?f and, per value, ?v.

    `report` says what each row stands for: "none", a result with no value (counts,
    sh:hasValue); "focus", a result whose value is the focus node (constraints of a node
    shape), kept where `test` is absent or fails; "each", one result per value that fails
    `test`, literals re-read from the rdflib dataset.
    """

    query: str
    message: str
    report: str
    path: Node | None = None
    predicate: URIRef | None = None
    inverse: bool = False
    test: Callable[[Node], bool] | None = field(default=None, compare=False)
    counted: bool = False


@dataclass(frozen=True)
class _Rule:
    """A constraint on one value: a SPARQL condition that holds only where pySHACL's test
    passes for every term the stored one may stand for, and pySHACL's test itself."""

    certain: Callable[[str], str]
    test: Callable[[Node], bool]


def compile_shapes(shapes: Graph) -> list[Check]:
    """One query per (shape, constraint); Unsupported for anything outside the subset."""
    _check_vocabulary(shapes)
    checks: list[Check] = []
    for shape in sorted({s for t in TARGETS for s in shapes.subjects(t, None)}, key=str):
        focus = _targets(shapes, shape)
        if (shape, SH.path, None) in shapes:
            checks.extend(_property_checks(shapes, shape, focus))
            continue
        checks.extend(_node_checks(shapes, shape, focus))
        for prop in shapes.objects(shape, SH.property):
            if (prop, SH.path, None) not in shapes:
                raise Unsupported(f"sh:property {prop} has no sh:path")
            checks.extend(_property_checks(shapes, prop, focus))
    return checks


def _check_vocabulary(shapes: Graph) -> None:
    for _s, p, o in shapes:
        if p == OWL.imports:
            raise Unsupported("owl:imports in the shapes graph")
        if str(p).startswith(str(SH)) and p not in ALLOWED:
            raise Unsupported(f"{p.n3()} is not compiled")
        if p == SH.severity and o != SH.Violation:
            raise Unsupported(f"severity {o}")
        if p == RDF.type and str(o).startswith(str(SH)) and o not in SHAPE_TYPES:
            raise Unsupported(f"{o.n3()} is not compiled")
    shape_nodes = {s for s, p, _ in shapes if p in ALLOWED - {SH.inversePath}}
    shape_nodes |= set(shapes.objects(None, SH.property))
    for node in shape_nodes:
        for kind in shapes.objects(node, RDF.type):
            if kind not in SHAPE_TYPES:
                # A shape that is also a class targets its instances implicitly.
                raise Unsupported(f"shape {node} is also a {kind}")
        if SH.NodeShape in shapes.objects(node, RDF.type) and (node, SH.path, None) in shapes:
            raise Unsupported(f"node shape {node} has a path")


def _one(shapes: Graph, node: Node, predicate: URIRef) -> Node | None:
    values = list(shapes.objects(node, predicate))
    if len(values) > 1:
        raise Unsupported(f"{node} has {len(values)} values of {predicate.n3()}")
    return values[0] if values else None


def _iri(term: Node | None, what: str) -> URIRef:
    if not isinstance(term, URIRef):
        raise Unsupported(f"{what} is not an IRI: {term!r}")
    return term


def _integer(term: Node | None, what: str) -> int:
    if not isinstance(term, Literal) or type(term.value) is not int or term.value < 0:
        raise Unsupported(f"{what} is not a whole number: {term!r}")
    return term.value


def _message(shapes: Graph, shape: Node) -> str:
    # Without sh:message pySHACL writes a message of its own, which is not restated here.
    messages = list(shapes.objects(shape, SH.message))
    if len(messages) != 1:
        raise Unsupported(f"{shape} has {len(messages)} sh:message values")
    return str(messages[0])


def _targets(shapes: Graph, shape: Node) -> str:
    parts = [f"{{ ?f {_INSTANCE_OF} {_iri(c, 'sh:targetClass').n3()} }}"
             for c in shapes.objects(shape, SH.targetClass)]
    parts += [f"{{ ?f {_iri(p, 'sh:targetSubjectsOf').n3()} [] }}"
              for p in shapes.objects(shape, SH.targetSubjectsOf)]
    nodes = [_iri(n, "sh:targetNode").n3() for n in shapes.objects(shape, SH.targetNode)]
    if nodes:
        parts.append(f"{{ VALUES ?f {{ {' '.join(nodes)} }} }}")
    return f"{{ SELECT DISTINCT ?f WHERE {{ {' UNION '.join(parts)} }} }}"


def _path(shapes: Graph, shape: Node) -> tuple[URIRef, bool]:
    path = _one(shapes, shape, SH.path)
    if isinstance(path, URIRef):
        return path, False
    if isinstance(path, BNode) and set(shapes.predicates(path)) == {SH.inversePath}:
        return _iri(_one(shapes, path, SH.inversePath), "sh:inversePath"), True
    raise Unsupported(f"path {path!r} of {shape}")


def _step(focus: str, predicate: URIRef, value: str, inverse: bool) -> str:
    return (f"{value} {predicate.n3()} {focus}" if inverse
            else f"{focus} {predicate.n3()} {value}")


def _constraints(shapes: Graph, shape: Node) -> list[tuple[URIRef, Node]]:
    return sorted(((p, o) for p, o in shapes.predicate_objects(shape) if p in CONSTRAINTS),
                  key=lambda po: (str(po[0]), str(po[1])))


def _property_checks(shapes: Graph, shape: Node, focus: str) -> list[Check]:
    if (shape, SH.property, None) in shapes:
        raise Unsupported(f"property shape {shape} has property shapes of its own")
    predicate, inverse = _path(shapes, shape)
    constraints = _constraints(shapes, shape)
    if not constraints:
        return []
    path_node = _one(shapes, shape, SH.path)
    message = _message(shapes, shape)
    step = _step("?f", predicate, "?v", inverse)
    common = dict(message=message, path=path_node, predicate=predicate, inverse=inverse)
    checks = []
    for p, o in constraints:
        if p == SH.minCount:
            least = _integer(_one(shapes, shape, p), "sh:minCount")
            if least == 0:
                continue
            if least == 1:
                query = f"SELECT ?f WHERE {{ {focus} MINUS {{ {step} }} }}"
            else:
                query = (f"SELECT ?f WHERE {{ {focus} MINUS {{ SELECT ?f WHERE {{ {step} }} "
                         f"GROUP BY ?f HAVING (COUNT(DISTINCT ?v) >= {least}) }} }}")
            checks.append(Check(query, report="none", counted=least > 1, **common))
        elif p == SH.maxCount:
            most = _integer(_one(shapes, shape, p), "sh:maxCount")
            query = (f"SELECT ?f WHERE {{ {{ SELECT ?f WHERE {{ {step} }} GROUP BY ?f "
                     f"HAVING (COUNT(DISTINCT ?v) > {most}) }} {focus} }}")
            checks.append(Check(query, report="none", counted=True, **common))
        elif p == SH.hasValue:
            wanted = _iri(_one(shapes, shape, p), "sh:hasValue")
            hit = _step("?f", predicate, wanted.n3(), inverse)
            query = f"SELECT ?f WHERE {{ {focus} MINUS {{ {hit} }} }}"
            checks.append(Check(query, report="none", **common))
        elif p == SH["class"]:
            cls = _iri(o, "sh:class").n3()
            query = (f"SELECT ?f ?v WHERE {{ {{ {focus} {step} }} "
                     f"MINUS {{ ?v {_INSTANCE_OF} {cls} }} }}")
            # Rows are exact for IRIs; a literal is never an instance.
            checks.append(Check(query, report="each", test=_never, **common))
        else:
            rule = _or_of_values(shapes, o) if p == SH["or"] else _value_rule(shapes, shape, p, o)
            if rule is None:
                continue
            query = (f"SELECT ?f ?v WHERE {{ {step} "
                     f"FILTER(!COALESCE({rule.certain('?v')}, false)) {focus} }}")
            checks.append(Check(query, report="each", test=rule.test, **common))
    return checks


def _node_checks(shapes: Graph, shape: Node, focus: str) -> list[Check]:
    constraints = _constraints(shapes, shape)
    if not constraints:
        return []
    message = _message(shapes, shape)
    checks = []
    for p, o in constraints:
        if p in (SH.minCount, SH.maxCount):
            raise Unsupported(f"{p.n3()} on node shape {shape}")
        if p == SH.hasValue:
            wanted = _iri(_one(shapes, shape, p), "sh:hasValue")
            query = f"SELECT ?f WHERE {{ {focus} FILTER(!sameTerm(?f, {wanted.n3()})) }}"
            checks.append(Check(query, message, report="none"))
        elif p == SH["class"]:
            cls = _iri(o, "sh:class").n3()
            query = f"SELECT ?f WHERE {{ {focus} MINUS {{ ?f {_INSTANCE_OF} {cls} }} }}"
            checks.append(Check(query, message, report="focus"))
        elif p == SH["or"]:
            check = _node_or(shapes, o, focus, message)
            if check is not None:
                checks.append(check)
        else:
            rule = _value_rule(shapes, shape, p, o)
            if rule is None:
                continue
            query = f"SELECT ?f WHERE {{ {focus} FILTER(!COALESCE({rule.certain('?f')}, false)) }}"
            checks.append(Check(query, message, report="focus", test=rule.test))
    return checks


def _members(shapes: Graph, or_list: Node) -> list[Node]:
    members = list(Collection(shapes, or_list))
    if not members:
        raise Unsupported("empty sh:or")
    for member in members:
        if any((member, t, None) in shapes for t in TARGETS | {SH.property}):
            raise Unsupported(f"sh:or member {member} has targets or property shapes")
    return members


def _member_rules(shapes: Graph, member: Node) -> list[_Rule] | None:
    """The value rules of a member without a path; None if the member always conforms."""
    rules = []
    for p, o in _constraints(shapes, member):
        if p not in VALUE_CONSTRAINTS and p != SH.hasValue:
            raise Unsupported(f"{p.n3()} in sh:or member {member}")
        rule = (_has_value_rule(_iri(o, "sh:hasValue")) if p == SH.hasValue
                else _value_rule(shapes, member, p, o))
        if rule is not None:
            rules.append(rule)
    return rules or None


def _all_of(rules: list[_Rule]) -> _Rule:
    return _Rule(certain=lambda x: "(" + " && ".join(r.certain(x) for r in rules) + ")",
                 test=lambda v: all(r.test(v) for r in rules))


def _any_of(rules: list[_Rule]) -> _Rule:
    return _Rule(certain=lambda x: "(" + " || ".join(r.certain(x) for r in rules) + ")",
                 test=lambda v: any(r.test(v) for r in rules))


def _or_of_values(shapes: Graph, or_list: Node) -> _Rule | None:
    """sh:or on a property shape: each member constrains the value itself."""
    alternatives = []
    for member in _members(shapes, or_list):
        if (member, SH.path, None) in shapes:
            raise Unsupported(f"sh:or member {member} with a path, under a property shape")
        rules = _member_rules(shapes, member)
        if rules is None:
            return None
        alternatives.append(_all_of(rules))
    return _any_of(alternatives)


def _node_or(shapes: Graph, or_list: Node, focus: str, message: str) -> Check | None:
    """sh:or on a node shape: a member with a path conforms where its values exist (minCount
    1, sh:hasValue); a member without one constrains the focus node itself."""
    present, alternatives = [], []
    for n, member in enumerate(_members(shapes, or_list)):
        if (member, SH.path, None) not in shapes:
            rules = _member_rules(shapes, member)
            if rules is None:
                return None
            alternatives.append(_all_of(rules))
            continue
        predicate, inverse = _path(shapes, member)
        patterns = []
        for p, o in _constraints(shapes, member):
            if p == SH.minCount:
                least = _integer(_one(shapes, member, p), "sh:minCount")
                if least > 1:
                    raise Unsupported(f"sh:minCount {least} in sh:or member {member}")
                value = f"?m{n}" if least == 1 else None
            elif p == SH.hasValue:
                value = _iri(o, "sh:hasValue").n3()
            else:
                raise Unsupported(f"{p.n3()} in sh:or member {member}")
            if value is not None:
                patterns.append(_step("?f", predicate, value, inverse))
        if not patterns:
            return None
        present.append(" . ".join(patterns))
    query = f"SELECT ?f WHERE {{ {focus} " + "".join(f"MINUS {{ {p} }} " for p in present)
    rule = _any_of(alternatives) if alternatives else None
    if rule is not None:
        query += f"FILTER(!COALESCE({rule.certain('?f')}, false)) "
    return Check(query + "}", message, report="focus", test=rule.test if rule else None)


def _value_rule(shapes: Graph, shape: Node, p: URIRef, o: Node) -> _Rule | None:
    if p == SH.datatype:
        return _datatype_rule(_iri(_one(shapes, shape, p), "sh:datatype"))
    if p == SH.nodeKind:
        kind = _one(shapes, shape, p)
        if kind not in _NODE_KINDS:
            raise Unsupported(f"sh:nodeKind {kind!r}")
        return _Rule(certain=lambda x: _NODE_KINDS[kind].format(x=x), test=_NODE_KIND_TESTS[kind])
    if p == SH["in"]:
        return _in_rule(list(Collection(shapes, _one(shapes, shape, p))))
    if p == SH.pattern:
        return _pattern_rule(o, _one(shapes, shape, SH.flags))
    if p in (SH.minInclusive, SH.minExclusive, SH.maxInclusive, SH.maxExclusive):
        return _range_rule(p, _one(shapes, shape, p))
    if p == SH.minLength:
        least = _integer(_one(shapes, shape, p), "sh:minLength")
        if least == 0:
            return None
        return _length_rule(lambda n: n >= least, f">= {least}")
    if p == SH.maxLength:
        most = _integer(_one(shapes, shape, p), "sh:maxLength")
        return _length_rule(lambda n: n <= most, f"<= {most}")
    raise Unsupported(f"{p.n3()} on {shape}")


def _never(_value: Node) -> bool:
    return False


def _has_value_rule(wanted: URIRef) -> _Rule:
    return _Rule(certain=lambda x: f"sameTerm({x}, {wanted.n3()})", test=lambda v: v == wanted)


def _datatype_rule(datatype: URIRef) -> _Rule:
    return _Rule(certain=lambda x: _datatype_condition(datatype, x),
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


def _in_rule(members: list[Node]) -> _Rule:
    if any(isinstance(m, BNode) for m in members):
        raise Unsupported("blank node in sh:in")
    allowed = set(members)
    iris = [m.n3() for m in members if isinstance(m, URIRef)]

    def certain(x):
        # A stored string may stand for "x" or "x"^^xsd:string, which sh:in tells apart.
        return "(" + " || ".join(f"sameTerm({x}, {m})" for m in iris) + ")" if iris else "false"

    return _Rule(certain=certain, test=lambda v: v in allowed)


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


def _pattern_rule(pattern: Node, flags: Node | None) -> _Rule:
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

    return _Rule(certain=certain, test=test)


def _length_rule(accept: Callable[[int], bool], sparql: str) -> _Rule:
    return _Rule(certain=lambda x: f"({_stringy(x)} && STRLEN(STR({x})) {sparql})",
                 test=lambda v: not isinstance(v, BNode) and accept(len(_string(v))))


_RANGES = {
    SH.minInclusive: (">=", lambda c: c >= 0),
    SH.minExclusive: (">", lambda c: c > 0),
    SH.maxInclusive: ("<=", lambda c: c <= 0),
    SH.maxExclusive: ("<", lambda c: c < 0),
}


def _range_rule(p: URIRef, bound: Node | None) -> _Rule:
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

    return _Rule(certain=certain, test=test)


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


def run(checks: list[Check], store: ox.Store, data) -> set[Result]:
    """Every check's results on `store`, which holds `data`: an rdflib Dataset, or the build's
    QuadSet (anything whose `graphs()` yields each named graph's triples of rdflib terms)."""
    held = _Held(data, {c.predicate for c in checks if c.counted or c.report == "each"})
    for predicate in sorted({c.predicate for c in checks if c.counted and not c.inverse}):
        _check_no_merged_literals(store, held, predicate)
    results: set[Result] = set()
    for check in checks:
        results.update(_results(check, store, held))
    if any(isinstance(r.focus, BNode) or isinstance(r.value, BNode) for r in results):
        raise Unsupported("a result names a blank node, which the store relabelled")
    return results


class _Held:
    """rdflib's own literals of a property over the union of the graphs: through the indexes
    of an rdflib Dataset, or, for a QuadSet, which has none, from one pass over its triples
    made the first time it is asked."""

    def __init__(self, data, predicates: set[URIRef]):
        self.data = data
        self.predicates = predicates
        self._index: dict | None = None

    def literals(self, subject: Node | None, predicate: URIRef) -> list[Literal]:
        """Each (subject, literal) pair once; a subject of None stands for any."""
        if isinstance(self.data, Graph):
            # A context of None asks rdflib's store for each triple once, whatever its graphs.
            return [o for (_, _, o), _ in self.data.store.triples((subject, predicate, None), None)
                    if isinstance(o, Literal)]
        index = self._indexed()[predicate]
        if subject is not None:
            return list(index.get(subject, ()))
        return [o for values in index.values() for o in values]

    def _indexed(self) -> dict:
        if self._index is None:
            index: dict = {p: defaultdict(set) for p in self.predicates}
            for graph in self.data.graphs():
                for s, p, o in graph:
                    if p in index and isinstance(o, Literal):
                        index[p][s].add(o)
            self._index = index
        return self._index


def _query(store: ox.Store, text: str):
    return store.query(text, use_default_graph_as_union=True)


def _check_no_merged_literals(store: ox.Store, held: _Held, predicate: URIRef) -> None:
    stored = int(next(iter(_query(store, (
        f"SELECT (COUNT(*) AS ?n) WHERE {{ SELECT DISTINCT ?s ?o WHERE {{ "
        f"?s {predicate.n3()} ?o FILTER(isLITERAL(?o)) }} }}"))))["n"].value)
    if stored == 0:
        return  # the store holds every literal rdflib does, merged or not
    if stored != len(held.literals(None, predicate)):
        raise Unsupported(f"the store merged literals of {predicate} that rdflib keeps apart")


def _judge(test: Callable[[Node], bool], value: Node) -> bool:
    try:
        return test(value)
    except Exception as exc:
        # The restated test raises where pySHACL's would: let pySHACL say what it makes of it.
        raise Unsupported(f"the test of {value!r} raised {exc!r}") from exc


def _results(check: Check, store: ox.Store, held: _Held):
    reread: set[Node] = set()
    for row in _query(store, check.query):
        focus = from_oxigraph(row["f"])
        if check.report == "none":
            yield Result(focus, check.path, None, check.message)
        elif check.report == "focus":
            if check.test is None or not _judge(check.test, focus):
                yield Result(focus, check.path, focus, check.message)
        elif isinstance(row["v"], ox.Literal):
            if isinstance(focus, BNode):
                raise Unsupported("a blank node's literals cannot be looked up in rdflib")
            reread.add(focus)
        else:
            # Blank nodes are judged here, where their label does not matter; one that fails
            # is caught by `run`.
            value = from_oxigraph(row["v"])
            if not _judge(check.test, value):
                yield Result(focus, check.path, value, check.message)
    for focus in reread:
        for value in held.literals(focus, check.predicate):
            if not _judge(check.test, value):
                yield Result(focus, check.path, value, check.message)
