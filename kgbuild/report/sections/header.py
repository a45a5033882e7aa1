"""The page's header and footer: title years, troop numbers, contents, filters, queries used."""

from __future__ import annotations

from collections import defaultdict

from kgbuild.report.formatting import claim_anchor, fmt_date
from kgbuild.report.model import PER_PERSON_QUERY, QUERIES, Model

CONTENTS = (("glance", "At a glance"), ("timeline", "Timeline"), ("payments", "Payments"),
            ("positions", "Positions"), ("negotiators", "Negotiators"),
            ("sources", "Sources and quotes"), ("ontology", "Ontology"))


def view(model: Model) -> dict:
    return {"years": _years(model), "troops": _troops(model), "contents": CONTENTS,
            "filters": _filters(model), "queries": sorted((*QUERIES, PER_PERSON_QUERY))}


def _years(model: Model) -> str:
    """', 2019–2024': the years the articles were published (as stated, else inferred)."""
    years = sorted({(row.get("issued") or row.get("issued_inferred") or "")[:4]
                    for row in model.sources.values()} - {""})
    if not years:
        return ""
    return f", {years[0]}" if years[0] == years[-1] else f", {years[0]}–{years[-1]}"


def _troops(model: Model) -> list[dict]:
    """Each troop strength the sources give, to be linked to its first quote.

    One link per figure: chips for every source would crowd the lede.
    """
    figures = defaultdict(list)
    for row in model.data["troop-strength"]:
        figures[row["strength"]].append(row["claim"])
    return [{"strength": n, "shown": f"{int(n):,}" if n.isdigit() else n,
             "anchor": claim_anchor(min(claims)),
             "sources": ", ".join(sorted({model.claims[c].source for c in claims
                                          if c in model.claims}))}
            for n, claims in sorted(figures.items())]


def _filters(model: Model) -> list[tuple[str, str, list[tuple[str, str]]]]:
    """The filter form's selects: (name, label, [(value, text)])."""
    return [
        ("agreement", "Agreement", [(a.entity.id, a.short) for a in model.agreements]),
        ("person", "Person", [(p["id"], p["label"]) for p in model.people]),
        ("source", "Source", [(s, f"Source {s}: {source_name(row)}")
                              for s, row in model.sources.items()]),
    ]


def source_name(row: dict) -> str:
    who = row.get("publisher") or row.get("credit") or "unknown publisher"
    when = row.get("issued") or row.get("issued_inferred") or "undated"
    return f"{who}, {fmt_date(when)}"
