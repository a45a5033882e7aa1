"""JSON-LD 1.1, written from the ranked dataset in the shape of the TriG."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator

from rdflib import RDF, BNode, Literal, URIRef

from kgbuild.export.ranked import PrefixedNames, RankedDataset
from kgbuild.rdf.builder import PREFIXES

# JSON-LD 1.1 uses a context term as a prefix only if its IRI ends with one of these.
_GEN_DELIMS = tuple(":/?#[]@")
_SCHEME = re.compile(r"([A-Za-z][A-Za-z0-9+.-]*):")


def _jsonld_prefixes() -> dict[str, str]:
    return {p: ns for p, ns in sorted(PREFIXES.items()) if ns.endswith(_GEN_DELIMS)}


class _JsonNames:
    """IRIs as JSON-LD writes them: the prefixed names Turtle would use, else in full."""

    def __init__(self, prefixes: dict[str, str]):
        self.names = PrefixedNames(prefixes)
        self.prefixes = prefixes

    def iri(self, text: str) -> str:
        split = self.names.split(text)
        if split:
            return f"{split[0]}:{split[1]}"
        # A full IRI whose scheme is a prefix of the context would be read as a compact IRI
        # (unless "//" follows), and text with no scheme as a relative IRI or a term.
        scheme = _SCHEME.match(text)
        if not scheme or (scheme[1] in self.prefixes and not text[scheme.end():].startswith("//")):
            raise ValueError(f"JSON-LD cannot write the IRI {text!r} unchanged")
        return text


_json_str = json.JSONEncoder(ensure_ascii=False).encode


def _jsonld_forms(terms: list, prefixes: dict[str, str]) -> tuple[list, list]:
    """Each term as a node id (None for literals) and as a property value, JSON-encoded."""
    names = _JsonNames(prefixes)
    datatypes: dict = {}
    ids, values = [], []
    for term in terms:
        if isinstance(term, Literal):
            text = _json_str(str(term))
            if term.language:
                value = f'{{"@value": {text}, "@language": {_json_str(term.language)}}}'
            elif term.datatype:
                dt = datatypes.get(term.datatype)
                if dt is None:
                    dt = datatypes[term.datatype] = _json_str(names.iri(str(term.datatype)))
                value = f'{{"@value": {text}, "@type": {dt}}}'
            else:
                value = text
            ids.append(None)
            values.append(value)
            continue
        if isinstance(term, URIRef):
            node = _json_str(names.iri(str(term)))
        elif isinstance(term, BNode):
            node = _json_str(f"_:{term}")
        else:
            raise TypeError(term)
        ids.append(node)
        values.append(f'{{"@id": {node}}}')
    return ids, values


def jsonld(prep: RankedDataset) -> Iterator[str]:
    """JSON-LD 1.1 in the shape of the TriG: one object per named graph, in the same order,
    holding node objects in the same order of subjects, predicates and objects. rdf:type
    goes in @type where the type is an IRI; literals keep their lexical form as @value."""
    prefixes = _jsonld_prefixes()
    ids, values = _jsonld_forms(prep.terms, prefixes)
    props: list[str | None] = [_json_str(str(RDF.type))]
    props += (i if isinstance(t, URIRef) else None for t, i in zip(prep.terms, ids, strict=True))
    context = ",".join(f"\n  {_json_str(p)}: {_json_str(ns)}" for p, ns in prefixes.items())
    yield f'{{\n "@context": {{{context}\n }},\n "@graph": ['
    sep = "\n"
    for g, keys in prep.by_verb():
        yield f'{sep}  {{\n   "@id": {_node_id(ids, prep.terms, g)},\n   "@graph": ['
        yield from _jsonld_nodes(keys, prep, ids, values, props)
        yield "\n   ]\n  }"
        sep = ",\n"
    yield "\n ]\n}\n" if prep.graphs else "]\n}\n"


def _node_id(ids: list, terms: list, r: int) -> str:
    if ids[r] is None:
        raise ValueError(f"JSON-LD cannot have a literal as a subject or graph: {terms[r]!r}")
    return ids[r]


def _jsonld_nodes(keys: list[int], prep: RankedDataset, ids: list, values: list,
                  props: list) -> Iterator[str]:
    """One graph's node objects, from its keys in TriG's order; props[v] is verb v's key."""
    w, uris = prep.width, prep.uris
    mask = (1 << w) - 1
    entries: list[str] = []
    vals: list[str] = []
    prop = None
    last_s = -1
    sep = "\n    {\n     "
    for key in keys:
        s, v, o = key >> 2 * w, (key >> w) & mask, key & mask
        as_type = v == 0 and o < uris
        p = '"@type"' if as_type else props[v]
        if s != last_s:
            if vals:
                entries.append(f"{prop}: [{', '.join(vals)}]")
                yield sep + ",\n     ".join(entries) + "\n    }"
                sep = ",\n    {\n     "
            entries = [f'"@id": {_node_id(ids, prep.terms, s)}']
            vals = []
            prop, last_s = p, s
        elif p != prop:
            entries.append(f"{prop}: [{', '.join(vals)}]")
            vals = []
            prop = p
        if p is None:
            raise ValueError(f"JSON-LD cannot have a predicate that is not an IRI: "
                             f"{prep.terms[v - 1]!r}")
        vals.append(ids[o] if as_type else values[o])
    if vals:
        entries.append(f"{prop}: [{', '.join(vals)}]")
        yield sep + ",\n     ".join(entries) + "\n    }"
