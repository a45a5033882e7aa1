"""OWL 2 RL reasoning, kept apart from what the claims assert.

owlrl is the reference: it writes its closure into the graph it is given, so it reasons over
a copy, and what it adds is stored in the inferred graph after its trivia are dropped:
reflexive owl:sameAs, `rdf:type owl:Thing`/`rdfs:Resource`, literals as subjects, and anything
not about the graph's own entities (axioms about the vocabularies themselves).

owlrl reasons at about 2,000 triples a second, so the build uses `infer_fast`: the OWL 2 RL
rules that the ontology's own axioms can fire (sub-classes and sub-properties, domains and
ranges, inverses, symmetric and transitive properties, property chains, enumerations),
applied to a fixpoint over only the triples those axioms mention. Anything it does not
cover (other OWL constructs in the ontology, or data that would make two entities the same
through a functional property) sends the build back to owlrl, so the answer never differs;
a test holds the two to the same inferences.
"""

from __future__ import annotations

from collections import defaultdict

import owlrl
from rdflib import OWL, RDF, RDFS, BNode, Graph, Literal
from rdflib.collection import Collection

from kgbuild.rdf.vocab import BASE, GRAPH_INFERRED, GRAPH_ONTOLOGY, GRAPH_PROVENANCE

TRIVIAL_TYPES = {OWL.Thing, RDFS.Resource, OWL.NamedIndividual}
_ONTOLOGY_PREFIX = BASE + "ontology"

# Axioms whose OWL 2 RL rules the fast path does not implement: met in the ontology, they
# send reasoning to owlrl.
UNSUPPORTED = {
    OWL.someValuesFrom, OWL.allValuesFrom, OWL.hasValue, OWL.intersectionOf, OWL.unionOf,
    OWL.complementOf, OWL.maxCardinality, OWL.maxQualifiedCardinality, OWL.hasKey,
    OWL.sameAs, OWL.differentFrom, OWL.propertyDisjointWith, OWL.disjointWith,
    OWL.AllDisjointClasses, OWL.AllDisjointProperties, OWL.AllDifferent, OWL.members,
    OWL.InverseFunctionalProperty, OWL.AsymmetricProperty, OWL.IrreflexiveProperty,
    OWL.ReflexiveProperty, OWL.onProperty, OWL.cardinality, OWL.qualifiedCardinality,
    OWL.disjointUnionOf, OWL.sourceIndividual,
}


def asserted_graph(ds) -> Graph:
    """The triples reasoning starts from: ontology, sources and claim assertions."""
    merged = Graph()
    for s, p, o in _asserted(ds):
        merged.add((s, p, o))
    return merged


def _asserted(ds):
    for graph in ds.graphs():
        if graph.identifier in (GRAPH_PROVENANCE, GRAPH_INFERRED):
            continue
        yield from graph


def keep(triple) -> bool:
    s, p, o = triple
    if isinstance(s, (Literal, BNode)) or isinstance(o, BNode):
        return False
    if not str(s).startswith(BASE) or str(s).startswith(str(GRAPH_ONTOLOGY)):
        return False
    if str(s).startswith(_ONTOLOGY_PREFIX):
        return False
    if p == OWL.sameAs and (s == o or isinstance(o, Literal)):
        return False
    if p == RDF.type and o in TRIVIAL_TYPES:
        return False
    return True


def infer_owlrl(ds) -> Graph:
    """Run owlrl's OWL 2 RL closure; return only the new, non-trivial triples."""
    base = asserted_graph(ds)
    closure = Graph()
    for triple in base:
        closure.add(triple)
    owlrl.DeductiveClosure(owlrl.OWLRL_Semantics, axiomatic_triples=False,
                           datatype_axioms=False).expand(closure)
    inferred = Graph()
    for triple in closure:
        if triple not in base and keep(triple):
            inferred.add(triple)
    return inferred


class Unsupported(Exception):
    """The fast path cannot promise owlrl's answer here."""


class Rules:
    """The ontology's axioms, compiled into lookups for the instance rules."""

    def __init__(self, ontology: Graph):
        for _s, p, o in ontology:
            if p in UNSUPPORTED or o in UNSUPPORTED:
                raise Unsupported(f"{p} {o}")
        self.superclasses = _closure(ontology, RDFS.subClassOf, OWL.equivalentClass)
        self.superproperties = _closure(ontology, RDFS.subPropertyOf, OWL.equivalentProperty)
        self.domains = _multi(ontology, RDFS.domain)
        self.ranges = _multi(ontology, RDFS.range)
        self.inverses: dict = defaultdict(set)
        for p, q in ontology.subject_objects(OWL.inverseOf):
            self.inverses[p].add(q)
            self.inverses[q].add(p)
        self.symmetric = set(ontology.subjects(RDF.type, OWL.SymmetricProperty))
        self.transitive = set(ontology.subjects(RDF.type, OWL.TransitiveProperty))
        self.functional = set(ontology.subjects(RDF.type, OWL.FunctionalProperty))
        self.chains = [(head, list(Collection(ontology, chain)))
                       for head, chain in ontology.subject_objects(OWL.propertyChainAxiom)]
        self.enumerations = [(cls, list(Collection(ontology, items)))
                             for cls, items in ontology.subject_objects(OWL.oneOf)]
        chained = {p for _, chain in self.chains for p in chain}
        # Predicates whose triples some rule reads, and those some rule may write: the input
        # is cut down to these, which is what makes the fast path fast.
        self.read = (set(self.superproperties) | set(self.domains) | set(self.ranges) |
                     set(self.inverses) | self.symmetric | self.transitive | chained |
                     self.functional)
        written = {q for qs in self.superproperties.values() for q in qs}
        written |= {q for qs in self.inverses.values() for q in qs}
        written |= self.symmetric | self.transitive | {h for h, _ in self.chains}
        self.predicates = self.read | written


def _closure(graph: Graph, sub, equivalent) -> dict:
    direct: dict = defaultdict(set)
    for a, b in graph.subject_objects(sub):
        direct[a].add(b)
    for a, b in graph.subject_objects(equivalent):
        direct[a].add(b)
        direct[b].add(a)
    result = {}
    for start in list(direct):
        seen, todo = set(), [start]
        while todo:
            for nxt in direct.get(todo.pop(), ()):
                if nxt not in seen:
                    seen.add(nxt)
                    todo.append(nxt)
        seen.discard(start)
        result[start] = seen
    return result


def _multi(graph: Graph, predicate) -> dict:
    out: dict = defaultdict(set)
    for a, b in graph.subject_objects(predicate):
        out[a].add(b)
    return out


def infer_fast(ds, ontology: Graph | None = None) -> set:
    """The same non-trivial inferences as `infer_owlrl`, computed from the triples the
    ontology's axioms can touch. Raises Unsupported where that cannot be promised."""
    if ontology is None:
        ontology = ds.graph(GRAPH_ONTOLOGY)
        if not isinstance(ontology, Graph):
            ontology = ontology.to_graph()
    rules = Rules(ontology)
    asserted: set = set()
    for triple in _asserted(ds):
        p = triple[1]
        # Every type is read, not only those with super-classes: a range or domain may
        # derive a type that is already asserted, which is then no inference.
        if p in rules.predicates or p == RDF.type:
            asserted.add(triple)
        elif p == OWL.sameAs:
            raise Unsupported("owl:sameAs in the data")
    closed = _fixpoint(rules, asserted)
    _check_functional(rules, closed)
    return {triple for triple in closed if triple not in asserted and keep(triple)}


def _fixpoint(rules: Rules, asserted: set) -> set:
    known = set(asserted)
    by_subject: dict = defaultdict(lambda: defaultdict(set))  # p -> s -> {o}
    by_object: dict = defaultdict(lambda: defaultdict(set))   # p -> o -> {s}
    indexed = rules.transitive | {p for _, chain in rules.chains for p in chain}
    todo = list(asserted)
    for cls, members in rules.enumerations:
        todo.extend((m, RDF.type, cls) for m in members)
    sup_c, sup_p = rules.superclasses, rules.superproperties
    doms, rngs, invs = rules.domains, rules.ranges, rules.inverses
    while todo:
        new = []
        for s, p, o in todo:
            if p == RDF.type:
                new.extend((s, RDF.type, c) for c in sup_c.get(o, ()))
                continue
            literal = isinstance(o, Literal)
            new.extend((s, q, o) for q in sup_p.get(p, ()))
            new.extend((s, RDF.type, c) for c in doms.get(p, ()))
            if not literal:
                new.extend((o, RDF.type, c) for c in rngs.get(p, ()))
                new.extend((o, q, s) for q in invs.get(p, ()))
                if p in rules.symmetric:
                    new.append((o, p, s))
            if p in indexed:
                by_subject[p][s].add(o)
                by_object[p][o].add(s)
                if p in rules.transitive:
                    new.extend((x, p, o) for x in by_object[p][s])
                    new.extend((s, p, y) for y in by_subject[p][o])
                for head, chain in rules.chains:
                    for at, link in enumerate(chain):
                        if link == p:
                            new.extend((a, head, b)
                                       for a, b in _chain_paths(chain, at, s, o, by_subject,
                                                                by_object))
        todo = []
        for triple in new:
            if triple not in known:
                known.add(triple)
                todo.append(triple)
    return known


def _chain_paths(chain, at, s, o, by_subject, by_object):
    """Ends of every chain path that passes through the new edge s -> o at position `at`."""
    starts = {s}
    for link in reversed(chain[:at]):
        starts = {x for node in starts for x in by_object[link].get(node, ())}
    ends = {o}
    for link in chain[at + 1:]:
        ends = {y for node in ends for y in by_subject[link].get(node, ())}
    return ((a, b) for a in starts for b in ends)


def _check_functional(rules: Rules, closed: set) -> None:
    # owlrl equates two entities a functional property gives the same subject (prp-fp); the
    # fast path does not, so such data goes to owlrl. Two literals are only a disagreement.
    seen: dict = {}
    for s, p, o in closed:
        if p in rules.functional and not isinstance(o, Literal):
            other = seen.setdefault((s, p), o)
            if other != o:
                raise Unsupported(f"{s} has two values of functional {p}")


def infer(ds):
    """The non-trivial OWL 2 RL inferences, by the fast path where it applies."""
    try:
        return infer_fast(ds)
    except Unsupported:
        return infer_owlrl(ds)


def add_inferred(ds) -> None:
    """Put the inferences in the inferred graph of `ds` (a Dataset or a QuadSet)."""
    target = ds.graph(GRAPH_INFERRED)
    for triple in infer(ds):
        target.add(triple)
