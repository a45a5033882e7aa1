"""'Payments over the years': the bars, the figures sources disagree on, every figure's row."""

from __future__ import annotations

from collections import defaultdict

from kgbuild.report.charts import payments as charts
from kgbuild.report.formatting import claim_anchor, decimal_or_none, fmt_money, tokens
from kgbuild.report.model import Model


def view(model: Model) -> dict:
    return {"wide": charts.bars(model), "narrow": charts.bars(model, narrow=True),
            "disagreements": _disagreements(model), "rows": _rows(model)}


def _disagreements(model: Model) -> list[dict]:
    groups = defaultdict(list)
    for row in model.data["source-disagreements"]:
        groups[(row["entity"] or "", row["property"])].append(row)
    boxes = []
    for (entity, prop), rows in sorted(groups.items()):
        values = [(decimal_or_none(r["value"]), r) for r in rows]
        numeric = all(v is not None for v, _ in values)
        found = model.entity(entity)
        agreements = tokens(found.agreements if found else [])
        figures = []
        for _value, row in sorted(values, key=lambda vr: (vr[0] or 0, vr[1]["claim"])):
            claim = model.claims.get(row["claim"])
            shown = fmt_money(row["value"]) if numeric and prop.endswith(" USD") \
                else row["value"]
            figures.append({"row": row, "anchor": claim_anchor(row["claim"]),
                            "shown": (f"{row['qualifier']} " if row["qualifier"] else "")
                                     + shown,
                            "quote": claim.quote if claim else row["quote"]})
        boxes.append({"entity": entity, "property": prop, "agreements": agreements,
                      "sources": tokens(r["source"] for r in rows), "figures": figures,
                      "plot": charts.dot_plot(values, prop)
                              if numeric and len(values) > 1 else None})
    return boxes


def _rows(model: Model) -> list[dict]:
    """Every figure, source by source, in the order of the agreements."""
    order = {a.label: i for i, a in enumerate(model.agreements)}
    all_rows = sorted(model.data["demands-vs-agreed"],
                      key=lambda r: (order.get(r["agreement"] or "", 99), r["kind"] == "demand",
                                     r["year"] or "", r["source"], r["claim"]))
    escalations = {r["claim"]: r for r in model.data["payment-history"]}
    rows = []
    for row in all_rows:
        if not (row["amount"] or row["usd_equivalent"] or row["statement"]):
            continue
        claim = model.claims.get(row["claim"])
        history = escalations.get(row["claim"]) or {}
        qualifier = f"{row['qualifier']} " if row["qualifier"] else ""
        # (text before, text, quoted?) lines of the details cell
        details = []
        if history.get("change_percent"):
            base = f" over {history['change_from']}" if history["change_from"] else ""
            details.append(("", f"+{history['change_percent']} %{base}", False))
        if row["factor"]:
            details.append(("", f"{qualifier}{row['factor']}× the payment", False))
        if history.get("escalation"):
            details.append(("then: ", history["escalation"], True))
        if row["statement"]:
            details.append(("", row["statement"], True))
        rows.append({
            "row": row, "agreement": model.agreement_by_label.get(row["agreement"] or ""),
            "anchor": claim_anchor(row["claim"]), "qualifier": qualifier,
            "disputed": (row["claim"], "amount in USD") in model.disputed,
            "details": details,
            "what": charts.kind_words(row_kind=row["kind"], party=row["party"]),
            "status": claim.status if claim else None,
        })
    return rows
