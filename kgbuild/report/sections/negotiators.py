"""'The negotiators': who faced whom, the counterpart pairs, and what the sources say of each."""

from __future__ import annotations

from kgbuild.report.charts import negotiators as charts
from kgbuild.report.charts.timeline import round_title
from kgbuild.report.formatting import curie, fmt_range, short_label, split_list, tokens
from kgbuild.report.model import PER_PERSON_QUERY, Model


def view(model: Model) -> dict:
    shown = {row["agreement"] for row in model.data["counterparts"]}
    return {"wide": charts.counterparts(model), "narrow": charts.counterparts(model, narrow=True),
            "legend": [a for a in model.agreements if a.label in shown],
            "pairs": [_pair(model, row) for row in model.data["counterparts"]],
            "people": [_person(model, p) for p in model.people]}


def _pair(model: Model, row: dict) -> dict:
    korea = model.person_by_label.get(row["korea_negotiator"])
    us = model.person_by_label.get(row["us_negotiator"])
    return {"row": row, "korea": korea, "us": us,
            "agreement": model.agreement_by_label.get(row["agreement"] or ""),
            "people": tokens(p["id"] for p in (korea, us) if p),
            "sources": tokens(split_list(row["sources"])), "claims": split_list(row["claims"])}


def _person(model: Model, person: dict) -> dict:
    """A negotiator's card: who they are, what the sources say, what reasoning adds."""
    grouped: dict[tuple, list[dict]] = {}
    for row in model.data[PER_PERSON_QUERY].get(person["iri"], []):
        key = (row["direction"], row["property"], row["value"], row["status"])
        grouped.setdefault(key, []).append(row)
    stated, reasoned = [], []
    for (direction, prop, value, status), group in grouped.items():
        fact = {"incoming": direction == "in", "status": status,
                "property": curie(prop) if "://" in prop else prop,
                "value": curie(value) if "://" in value else value,
                "claims": sorted(r["claim"] for r in group if r["claim"]),
                "sources": tokens(r["source"] for r in group)}
        (reasoned if status == "reasoned" else stated).append(fact)
    details = []
    for label, values in (("Role", person["roles"]), ("Affiliation", person["affiliations"]),
                          ("Formerly", person["former"])):
        if values:
            details.append((label, "; ".join(values)))
    names = []
    for row in model.data["negotiator-agreements"]:
        agreement = model.agreement_by_label.get(row["agreement"]) \
            if row["negotiator"] == person["label"] else None
        if agreement and agreement.short not in names:
            names.append(agreement.short)
    if names:
        details.append(("Agreements", ", ".join(names)))
    led = [r for r in model.rounds
           if any(row["negotiator"] == person["label"] for row in r.leads)]
    if led:
        details.append(("Led", ", ".join(
            f'{short_label(r.agreement or "")} {round_title(r).lower()}'
            + (f" ({fmt_range(r.start, r.end)})" if r.start else "") for r in led)))
    return {"person": person, "details": details, "stated": stated, "reasoned": reasoned,
            "agreements": tokens(person["agreements"]), "sources": tokens(person["sources"])}
