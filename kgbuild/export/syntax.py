"""Terms as text: N-Triples, Turtle and TriG terms (prefixed names where the prefixes
allow), and JSON-LD node ids and values. Each writer formats every distinct term once."""

from __future__ import annotations

import json
import re
from collections.abc import Iterable

from rdflib import BNode, Literal, URIRef
from rdflib.plugins.serializers.nt import _quote_encode

from kgbuild.rdf.builder import PREFIXES

# Local parts written as prefixed names: word characters and hyphens, not starting with a
# hyphen. Unicode \w takes a few characters that Turtle's PN_LOCAL does not ("²", "½"); kept
# as it is, because changing it would change the bytes of every export that has one.
_LOCAL = re.compile(r"\w[\w-]*")
_LOCAL_CHAR = re.compile(r"[\w-]")
_LAST_NON_LOCAL = re.compile(r"(?s:.*)[^\w-]")
# JSON-LD 1.1 uses a context term as a prefix only if its IRI ends with one of these.
_GEN_DELIMS = tuple(":/?#[]@")
_SCHEME = re.compile(r"([A-Za-z][A-Za-z0-9+.-]*):")


class Names:
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


def full_iri(text: str) -> str:
    return "<" + text.replace("\\", "\\u005C").replace(">", "\\u003E") + ">"


def term_forms(terms: Iterable, prefixes: dict[str, str]) -> list[str]:
    """Turtle, TriG and N-Triples terms: prefixed names where `prefixes` allow, else full."""
    names = Names(prefixes)

    def iri(text: str) -> str:
        split = names.split(text)
        return f"{split[0]}:{split[1]}" if split else full_iri(text)

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


def jsonld_prefixes() -> dict[str, str]:
    return {p: ns for p, ns in sorted(PREFIXES.items()) if ns.endswith(_GEN_DELIMS)}


class JsonNames:
    """IRIs as JSON-LD writes them: the prefixed names Turtle would use, else in full."""

    def __init__(self, prefixes: dict[str, str]):
        self.names = Names(prefixes)
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


json_str = json.JSONEncoder(ensure_ascii=False).encode


def jsonld_forms(terms: list, prefixes: dict[str, str]) -> tuple[list, list]:
    """Each term as a node id (None for literals) and as a property value, JSON-encoded."""
    names = JsonNames(prefixes)
    datatypes: dict = {}
    ids, values = [], []
    for term in terms:
        if isinstance(term, Literal):
            text = json_str(str(term))
            if term.language:
                value = f'{{"@value": {text}, "@language": {json_str(term.language)}}}'
            elif term.datatype:
                dt = datatypes.get(term.datatype)
                if dt is None:
                    dt = datatypes[term.datatype] = json_str(names.iri(str(term.datatype)))
                value = f'{{"@value": {text}, "@type": {dt}}}'
            else:
                value = text
            ids.append(None)
            values.append(value)
            continue
        if isinstance(term, URIRef):
            node = json_str(names.iri(str(term)))
        elif isinstance(term, BNode):
            node = json_str(f"_:{term}")
        else:
            raise TypeError(term)
        ids.append(node)
        values.append(f'{{"@id": {node}}}')
    return ids, values
