"""SHACL validation, reported in the curator's terms: file, line, field.

The shapes (`ontology/shapes.ttl`) run over the whole reasoned graph, so a shape sees what
every claim says about an entity. Each violation is traced back to the fact file lines that
speak of its focus node and path, so the curator knows where to edit.

pySHACL is the reference (`validate_pyshacl`), but takes seconds per 100k triples, so
`validate` runs the shapes as SPARQL queries on pyoxigraph (`kgbuild.shacl.compiled`), on the
store the build already holds where it is given one. Shapes or data that the queries cannot
answer as pySHACL would (see that module) send validation back to pySHACL, so the problems
never differ; a test holds the two to the same list.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox
import pyshacl
from rdflib import RDF, Dataset, Graph, URIRef

from kgbuild.export.writers import union
from kgbuild.inputs.facts import Facts
from kgbuild.query.engines import OxigraphEngine
from kgbuild.rdf.builder import predicate
from kgbuild.rdf.vocab import CLAIM, ID, SOURCE
from kgbuild.shacl import compiled, execute
from kgbuild.shacl.compiled import SH, Result


@dataclass(frozen=True)
class Problem:
    """One thing wrong, where to fix it, and how."""

    file: str
    line: int | None
    field: str | None
    value: str | None
    message: str

    def __str__(self) -> str:
        where = self.file + (f":{self.line}" if self.line else "")
        text = f"{where}: "
        if self.field:
            text += f"field '{self.field}': "
        if self.value is not None:
            text += f"value {self.value!r}: "
        return text + self.message


def load_shapes(root: Path) -> Graph:
    return Graph().parse(root / "ontology" / "shapes.ttl", format="turtle")


def validate(ds: Dataset, facts: Facts, shapes: Graph,
             store: ox.Store | None = None) -> list[Problem]:
    """The shapes' violations, by the compiled queries where they apply. `ds` is an rdflib
    Dataset or the build's QuadSet; `store`, if given, must hold it as loaded by
    `local.OxigraphEngine`, else one is loaded here."""
    try:
        checks = compiled.compile_shapes(shapes)
        if store is None:
            store = OxigraphEngine(ds).store
        results = execute.run(checks, store, ds)
    except compiled.Unsupported:
        return validate_pyshacl(ds, facts, shapes)
    return _problems(results, facts)


def validate_pyshacl(ds: Dataset, facts: Facts, shapes: Graph) -> list[Problem]:
    """The shapes' violations as pySHACL finds them: the reference for `validate`."""
    conforms, report, _ = pyshacl.validate(union(ds), shacl_graph=shapes, inference="none",
                                           advanced=True, allow_warnings=True)
    if conforms:
        return []
    results = []
    for result in report.subjects(RDF.type, SH.ValidationResult):
        if report.value(result, SH.resultSeverity) != SH.Violation:
            continue
        message = report.value(result, SH.resultMessage)
        results.append(Result(report.value(result, SH.focusNode),
                              report.value(result, SH.resultPath),
                              report.value(result, SH.value),
                              "violates a shape" if message is None else str(message)))
    return _problems(results, facts)


def _problems(results, facts: Facts) -> list[Problem]:
    locate = _Locator(facts)
    problems = set()
    for result in results:
        file, line, field = locate(result.focus, result.path)
        value = None if result.value is None else str(result.value)
        problems.add(Problem(file, line, field, value,
                             f"{_name(result.focus)}: {result.message or 'violates a shape'}"))
    # The value breaks ties, so that the same problems always come in the same order.
    return sorted(problems, key=lambda p: (p.file, p.line or 0, p.field or "", p.message,
                                           p.value is not None, p.value or ""))


def _name(node) -> str:
    text = str(node)
    for ns in (ID, CLAIM, SOURCE):
        if text.startswith(str(ns)):
            return text[len(str(ns)):]
    return text


class _Locator:
    """Maps a focus node and path to the fact file line most likely to need the edit."""

    def __init__(self, facts: Facts):
        self.facts = facts
        self.by_entity: dict[str, list] = {}
        for claim in facts.claims:
            self.by_entity.setdefault(claim.about, []).append(claim)

    def __call__(self, focus, path) -> tuple[str, int | None, str | None]:
        text = str(focus)
        field = self._field(path)
        if text.startswith(str(CLAIM)):
            key = text[len(str(CLAIM)):].split("#", 1)[0]  # annotations, preferences: #part
            for claim in self.facts.claims:
                if claim.key == key:
                    return claim.file, claim.line, field
        if text.startswith(str(SOURCE)):
            source = self.facts.sources.get(text[len(str(SOURCE)):])
            if source:
                return source.meta_file, None, field
        if text.startswith(str(ID)):
            claims = self.by_entity.get(text[len(str(ID)):], [])
            with_field = [c for c in claims if field in c.says]
            chosen = (with_field or [c for c in claims if c.entity_type] or claims)
            if chosen:
                claim = chosen[0]
                return claim.file, claim.lines.get(field, claim.line), field
        return "graph", None, field

    @staticmethod
    def _field(path) -> str | None:
        if not isinstance(path, URIRef):
            return None
        text = str(path)
        if path == predicate("label"):
            return "label"
        return text.rsplit("#", 1)[-1].rsplit("/", 1)[-1]
