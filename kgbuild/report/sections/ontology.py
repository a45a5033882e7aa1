"""'The ontology': its classes, properties and claim statuses, with their alignments."""

from __future__ import annotations

from kgbuild.report.formatting import ONTOLOGY_NAMESPACE, curie, split_list
from kgbuild.report.model import Model

GROUPS = (("class", "Classes"), ("object property", "Object properties"),
          ("datatype property", "Datatype properties"), ("claim status", "Claim statuses"))
PROPERTY_KINDS = ("object property", "datatype property")


def view(model: Model) -> dict:
    rows = model.data["report-ontology"]
    groups = []
    for kind, title in GROUPS:
        terms = [r for r in rows if r["kind"] == kind]
        if terms:
            groups.append({"anchor": "ontology-" + kind.replace(" ", "-"), "title": title,
                           "properties": kind in PROPERTY_KINDS,
                           "terms": [_term(r, kind) for r in terms]})
    return {"header": next((r for r in rows if r["kind"] == "ontology"), None),
            "groups": groups}


def _term(row: dict, kind: str) -> dict:
    term = {"term": row["term"], "local_name": row["term"].split(":", 1)[-1],
            "label": row["label"], "definition": row["definition"] or "",
            "aligned": [term_ref(i) for i in split_list(row["aligned_list"])]}
    if kind in PROPERTY_KINDS:
        traits = split_list(row["characteristic_list"])
        if row["inverse"]:
            traits.append(f"inverse of {row['inverse']}")
        if row["chain"]:
            first, _, second = row["chain"].partition(" ")
            traits.append(f"chain: {curie(first)} / {curie(second)}")
        term.update(domain=[term_ref(i) for i in split_list(row["domain_list"])],
                    range=[term_ref(i) for i in split_list(row["range_list"])],
                    traits=", ".join(traits))
    return term


def term_ref(iri: str) -> dict:
    """A term named on the page: ours link to their row, others show their CURIE."""
    if iri.startswith(ONTOLOGY_NAMESPACE):
        return {"ours": True, "local_name": iri[len(ONTOLOGY_NAMESPACE):], "iri": iri}
    return {"ours": False, "curie": curie(iri), "iri": iri}
