"""The dataset read once, for every export: each distinct term gets its rank in one total
order, and each triple becomes integers made of its terms' ranks, so sorting plain integers
orders subjects, then predicates, then objects. Each term is formatted once per syntax."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from typing import Protocol

from rdflib import RDF, BNode, Literal, URIRef
from rdflib.plugins.serializers.nt import _quote_encode

from kgbuild.export.terms import REIFICATION, Terms, numbered, spo
from kgbuild.rdf.builder import PREFIXES
from kgbuild.rdf.vocab import GRAPH_INFERRED, GRAPH_ONTOLOGY, GRAPH_PROVENANCE, GRAPH_SOURCES

SYSTEM_GRAPHS = (GRAPH_ONTOLOGY, GRAPH_SOURCES, GRAPH_PROVENANCE, GRAPH_INFERRED)
TURTLE_PREFIXES = {**PREFIXES, "rdf": str(RDF)}
# Local parts written as prefixed names: word characters and hyphens, not starting with a
# hyphen. Unicode \w takes a few characters that Turtle's PN_LOCAL does not ("²", "½"); kept
# as it is, because changing it would change the bytes of every export that has one.
_LOCAL = re.compile(r"\w[\w-]*")
_LOCAL_CHAR = re.compile(r"[\w-]")
_LAST_NON_LOCAL = re.compile(r"(?s:.*)[^\w-]")


class NamedGraphs(Protocol):
    """What the writers read: an rdflib Dataset, or anything whose `graphs()` gives graphs
    with an `identifier` that iterate as (subject, predicate, object) triples."""

    def graphs(self) -> Iterable: ...


def _sort_key(term) -> tuple:
    # The last element only separates a blank node from a plain literal with the same text,
    # so that the order is total and never falls back on the order terms were met in.
    return (0 if isinstance(term, URIRef) else 1, str(term),
            str(getattr(term, "datatype", "") or ""), getattr(term, "language", "") or "",
            isinstance(term, Literal))


class PrefixedNames:
    """IRIs as prefixed names where the local part is valid Turtle (the longest namespace that
    allows one wins), else None."""

    def __init__(self, prefixes: dict[str, str]):
        ordered = sorted(prefixes.items(), key=lambda kv: -len(kv[1]))
        # A namespace ending in a character that no local part holds can only be the IRI up
        # to its last such character: one lookup instead of trying every namespace.
        self.cut = {ns: p for p, ns in reversed(ordered) if ns and not _LOCAL_CHAR.match(ns[-1])}
        self.others = [(p, ns) for p, ns in ordered if ns not in self.cut]

    def split(self, text: str) -> tuple[str, str] | None:
        last = _LAST_NON_LOCAL.match(text)
        end = last.end() if last else 0
        prefix = self.cut.get(text[:end])
        if prefix is not None and not _LOCAL.fullmatch(text, end):
            prefix = None
        for other, ns in self.others:
            if len(ns) <= end and prefix is not None:
                break
            if text.startswith(ns) and _LOCAL.fullmatch(text, len(ns)):
                return other, text[len(ns):]
        return (prefix, text[end:]) if prefix is not None else None


def _full_iri(text: str) -> str:
    return "<" + text.replace("\\", "\\u005C").replace(">", "\\u003E") + ">"


def rdf_forms(terms: Iterable, prefixes: dict[str, str]) -> list[str]:
    """Turtle, TriG and N-Triples terms: prefixed names where `prefixes` allow, else full."""
    names = PrefixedNames(prefixes)

    def iri(text: str) -> str:
        split = names.split(text)
        return f"{split[0]}:{split[1]}" if split else _full_iri(text)

    datatypes: dict = {}
    forms = []
    for term in terms:
        if isinstance(term, URIRef):
            forms.append(iri(str(term)))  # str: rdflib's own startswith is slow
        elif isinstance(term, Literal):
            text = _quote_encode(str(term))
            if term.language:
                forms.append(f"{text}@{term.language}")
            elif term.datatype:
                dt = datatypes.get(term.datatype)
                if dt is None:
                    dt = datatypes[term.datatype] = iri(str(term.datatype))
                forms.append(f"{text}^^{dt}")
            else:
                forms.append(text)
        elif isinstance(term, BNode):
            forms.append(f"_:{term}")
        else:
            raise TypeError(term)
    return forms


class RankedDataset:
    """The dataset read once: its terms in rank order and each graph's triples as ranks.

    Ranks follow `_sort_key`: IRIs by their text, then blank nodes and literals. Graphs come in
    the order of SYSTEM_GRAPHS, then by name."""

    def __init__(self, ds: NamedGraphs | Terms):
        numbers = numbered(ds)
        found = [(g, flat) for g, flat in numbers.numbers if flat]
        if numbers is not ds:  # numbered here for this reading alone: let go graph by graph
            numbers.numbers.clear()
        by_id = numbers.terms
        keys = [_sort_key(t) for t in by_id]
        order = sorted(range(len(by_id)), key=keys.__getitem__)
        del keys
        rank = [0] * len(order)
        for r, i in enumerate(order):
            rank[i] = r
        self.terms = [by_id[i] for i in order]
        self._rdf: dict[str, list[str]] = {}
        if numbers._nt is not None:  # N-Triples forms already made for the engine
            self._rdf["nt"] = [numbers._nt[i] for i in order]
        del by_id, order, numbers
        self.width = (len(self.terms) + 1).bit_length()
        self.uris = sum(isinstance(t, URIRef) for t in self.terms)
        self.vocab = [rank[i] for i in range(len(REIFICATION))]
        self.type = self.vocab[0]
        self.graphs: list[tuple[int, list[int]]] = []
        while found:  # one graph at a time, so that only one is held twice
            g, flat = found.pop()
            self.graphs.append((rank[g], [rank[i] for i in flat]))
        system = {g: n for n, g in enumerate(SYSTEM_GRAPHS)}
        self.graphs.sort(key=lambda gf: (system.get(self.terms[gf[0]], len(system)),
                                         str(self.terms[gf[0]])))
        self._by_verb: list[tuple[int, list[int]]] | None = None

    def forms(self, syntax: str) -> list[str]:
        """Each term in `syntax`: "trig", "turtle" (TriG's prefixes and rdf:) or "nt"."""
        if syntax not in self._rdf:
            if syntax == "turtle":
                # rdf: can only shorten what TriG writes in full: an IRI in rdf: or a literal
                # typed with one, whose TriG text then holds the namespace.
                trig, rdf = self.forms("trig"), str(RDF)
                self._rdf[syntax] = [
                    rdf_forms([t], TURTLE_PREFIXES)[0] if rdf in f else f
                    for t, f in zip(self.terms, trig, strict=True)]
            else:
                self._rdf[syntax] = rdf_forms(self.terms, PREFIXES if syntax == "trig" else {})
        return self._rdf[syntax]

    def verbs(self, syntax: str) -> list[str]:
        """Predicates by verb rank: rdf:type is "a" and comes first, then the others."""
        return ["a", *self.forms(syntax)]

    def verb_key(self, p: int) -> int:
        return 0 if p == self.type else p + 1

    def by_verb(self) -> list[tuple[int, list[int]]]:
        """Each graph's triples as sorted keys (subject, verb rank, object): TriG's order."""
        if self._by_verb is None:
            w, t = self.width, self.type
            self._by_verb = []
            for g, flat in self.graphs:
                keys = [s << 2 * w | (0 if p == t else p + 1) << w | o
                        for s, p, o in spo(flat)]
                keys.sort()
                self._by_verb.append((g, keys))
        return self._by_verb

    def claim_statements(self) -> Iterator[tuple[int, list[int]]]:
        """Each claim graph with its triples as sorted keys (subject, predicate, object): the
        n-th key is the claim's statement n."""
        w = self.width
        for g, flat in self.graphs:
            if self.terms[g] in SYSTEM_GRAPHS:
                continue
            yield g, sorted(s << 2 * w | p << w | o for s, p, o in spo(flat))

