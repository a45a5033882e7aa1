"""'Timeline of the negotiations': the overview chart, then each agreement's terms and rounds."""

from __future__ import annotations

from collections import defaultdict

from kgbuild.report.charts import timeline as charts
from kgbuild.report.formatting import fmt_date, fmt_duration, is_date, tokens
from kgbuild.report.model import Agreement, Model, Round


def view(model: Model) -> dict:
    return {"overview": charts.overview(model),
            "agreements": [_agreement(model, a) for a in model.agreements]}


def _agreement(model: Model, a: Agreement) -> dict:
    rounds = model.rounds_of(a)
    return {"agreement": a,
            "terms": [(term, _term_values(term, a.terms[term])) for term in sorted(a.terms)],
            "chart": charts.rounds(model, a, rounds) if rounds else None,
            "rounds": [_round(model, r) for r in rounds]}


def _term_values(term: str, rows: list[dict]) -> list[tuple[str, list[str], str]]:
    """A term's values as (text, claims, status), a value inferred only if all its rows are."""
    values = defaultdict(list)
    for row in rows:
        values[row["value"]].append(row)
    shown = []
    for value, group in sorted(values.items()):
        if term == "duration":
            text = fmt_duration(value)
        elif is_date(value):
            text = fmt_date(value)
        else:
            text = value
        status = "inferred" if all(r["status"] == "inferred" for r in group) else "stated"
        shown.append((text, sorted(r["claim"] for r in group), status))
    return shown


def _round(model: Model, r: Round) -> dict:
    """A round's row of the table, every value with the claims that state it."""
    rid = r.entity.id if r.entity else ""
    leads = []
    for row in r.leads:
        person = model.person_by_label.get(row["negotiator"])
        leads.append({"name": row["negotiator"], "party": row["party"],
                      "person_id": person["id"] if person else "",
                      "claims": model.claims_for(rid, "lead negotiator", row["negotiator"])})
    return {
        "round": r, "title": charts.round_title(r),
        "ordinal_claims": model.claims_for(rid, "ordinal", r.ordinal) if r.ordinal else [],
        "start_claims": model.claims_for(rid, "start date"),
        "expressions": [(e, model.claims_for(rid, "date expression", e)) for e in r.expressions],
        "days_claims": model.claims_for(rid, "day count", r.days) if r.days else [],
        "places": [(p, model.claims_for(rid, "round location", p)) for p in r.places],
        "statuses": [(s, model.claims_for(rid, "round status", s)) for s in r.statuses],
        "leads": leads, "people": tokens(model.lead_ids(r)), "sources": tokens(r.sources),
    }
