"""SHACL Core shapes compiled to SPARQL, so that validation runs on pyoxigraph's joins.

pySHACL is the reference (`kgbuild.shacl.validate.validate_pyshacl`); this is the fast path, and it
must give pySHACL's results, to the term. `compile_shapes` turns each (shape, constraint) of a
shapes graph into one SELECT query; `execute.run` runs them on a store that holds the dataset
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

from collections.abc import Callable
from dataclasses import dataclass, field

from rdflib import OWL, RDF, RDFS, BNode, Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.term import Node

from kgbuild.shacl.value_rules import (
    SH,
    Rule,
    Unsupported,
    all_of,
    any_of,
    datatype_rule,
    has_value_rule,
    in_rule,
    length_rule,
    never,
    pattern_rule,
    range_rule,
)

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
            checks.append(Check(query, report="each", test=never, **common))
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


def _member_rules(shapes: Graph, member: Node) -> list[Rule] | None:
    """The value rules of a member without a path; None if the member always conforms."""
    rules = []
    for p, o in _constraints(shapes, member):
        if p not in VALUE_CONSTRAINTS and p != SH.hasValue:
            raise Unsupported(f"{p.n3()} in sh:or member {member}")
        rule = (has_value_rule(_iri(o, "sh:hasValue")) if p == SH.hasValue
                else _value_rule(shapes, member, p, o))
        if rule is not None:
            rules.append(rule)
    return rules or None


def _or_of_values(shapes: Graph, or_list: Node) -> Rule | None:
    """sh:or on a property shape: each member constrains the value itself."""
    alternatives = []
    for member in _members(shapes, or_list):
        if (member, SH.path, None) in shapes:
            raise Unsupported(f"sh:or member {member} with a path, under a property shape")
        rules = _member_rules(shapes, member)
        if rules is None:
            return None
        alternatives.append(all_of(rules))
    return any_of(alternatives)


def _node_or(shapes: Graph, or_list: Node, focus: str, message: str) -> Check | None:
    """sh:or on a node shape: a member with a path conforms where its values exist (minCount
    1, sh:hasValue); a member without one constrains the focus node itself."""
    present, alternatives = [], []
    for n, member in enumerate(_members(shapes, or_list)):
        if (member, SH.path, None) not in shapes:
            rules = _member_rules(shapes, member)
            if rules is None:
                return None
            alternatives.append(all_of(rules))
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
    rule = any_of(alternatives) if alternatives else None
    if rule is not None:
        query += f"FILTER(!COALESCE({rule.certain('?f')}, false)) "
    return Check(query + "}", message, report="focus", test=rule.test if rule else None)


def _value_rule(shapes: Graph, shape: Node, p: URIRef, o: Node) -> Rule | None:
    if p == SH.datatype:
        return datatype_rule(_iri(_one(shapes, shape, p), "sh:datatype"))
    if p == SH.nodeKind:
        kind = _one(shapes, shape, p)
        if kind not in _NODE_KINDS:
            raise Unsupported(f"sh:nodeKind {kind!r}")
        return Rule(certain=lambda x: _NODE_KINDS[kind].format(x=x), test=_NODE_KIND_TESTS[kind])
    if p == SH["in"]:
        return in_rule(list(Collection(shapes, _one(shapes, shape, p))))
    if p == SH.pattern:
        return pattern_rule(o, _one(shapes, shape, SH.flags))
    if p in (SH.minInclusive, SH.minExclusive, SH.maxInclusive, SH.maxExclusive):
        return range_rule(p, _one(shapes, shape, p))
    if p == SH.minLength:
        least = _integer(_one(shapes, shape, p), "sh:minLength")
        if least == 0:
            return None
        return length_rule(lambda n: n >= least, f">= {least}")
    if p == SH.maxLength:
        most = _integer(_one(shapes, shape, p), "sh:maxLength")
        return length_rule(lambda n: n <= most, f"<= {most}")
    raise Unsupported(f"{p.n3()} on {shape}")


