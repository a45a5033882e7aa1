"""'At a glance': a card per agreement, each value linked to the quotes behind it."""

from __future__ import annotations

from collections import defaultdict

from kgbuild.report.formatting import (
    decimal_or_none,
    fmt_date,
    fmt_duration,
    fmt_money,
    ordinal_word,
    tokens,
)
from kgbuild.report.model import Agreement, Model, usd

_DATED_TERMS = (("signed on", "Signed"), ("concluded in", "Concluded"),
                ("negotiations launched", "Talks launched"), ("duration", "Term"),
                ("expires on", "Expires"))


def view(model: Model) -> list[dict]:
    return [{"agreement": a, "lines": _lines(model, a), "headline": _headline(model, a),
             "people": tokens(p["id"] for p in model.people if a.entity.id in p["agreements"])}
            for a in model.agreements]


def _lines(model: Model, a: Agreement) -> list[dict]:
    """The card's rows, each a label and a value of one kind (value, payment, demand...)."""
    lines = []
    if a.ordinal and a.ordinal_status == "inferred" and a.ordinal.isdigit():
        rows = a.terms.get("ordinal", [])
        lines.append(_value("Number", f"{ordinal_word(int(a.ordinal))} SMA",
                            sorted(r["claim"] for r in rows), "inferred"))
    for term, label in _DATED_TERMS:
        rows = a.terms.get(term, [])
        if not rows:
            continue
        values = sorted({r["value"] for r in rows})
        shown = "; ".join(fmt_duration(v) if term == "duration" else fmt_date(v) for v in values)
        status = "inferred" if all(r["status"] == "inferred" for r in rows) else "stated"
        lines.append(_value(label, shown, sorted(r["claim"] for r in rows), status))
    paid = [r for r in model.data["payment-history"] if r["agreement"] == a.label]
    for year in sorted({r["year"] or "" for r in paid}):
        rows = [r for r in paid if (r["year"] or "") == year]
        lines.append({"label": f"Seoul pays{' for ' + year if year else ''}", "kind": "payment",
                      "parts": payment_summary(rows)})
    demands = [r for r in model.data["demands-vs-agreed"]
               if r["kind"] == "demand" and r["agreement"] == a.label]
    amounts = defaultdict(list)
    for row in demands:
        if row["amount"]:
            amounts[(row["amount"], row["currency"], row["qualifier"] or "")].append(row["claim"])
    factors = sorted({(r["qualifier"] or "", r["factor"]) for r in demands if r["factor"]})
    factor_links = [(f"({h + ' ' if h else ''}{f}×)",
                     sorted(r["claim"] for r in demands if r["factor"] == f)) for h, f in factors]
    for (amount, currency, hedge), claims in sorted(amounts.items()):
        lines.append({"label": "US demanded", "kind": "demand", "hedge": hedge, "amount": amount,
                      "currency": currency, "claims": sorted(claims), "factors": factor_links})
    rounds = model.rounds_of(a)
    if rounds:
        undated = sum(1 for r in rounds if not r.start)
        lines.append({"label": "Rounds", "kind": "rounds", "anchor": f"agreement-{a.entity.id}",
                      "text": f"{len(rounds)} in the graph"
                              f"{f' ({undated} undated)' if undated else ''}"})
    sides = defaultdict(list)
    for person in model.people:
        if a.entity.id in person["agreements"]:
            sides[person["party_id"]].append(person)
    if sides:
        lines.append({"label": "Negotiators", "kind": "people",
                      "sides": [group for _, group in sorted(sides.items())]})
    return lines


def _value(label: str, text: str, claims: list[str], status: str | None) -> dict:
    return {"label": label, "kind": "value", "text": text, "claims": claims, "status": status}


def _headline(model: Model, a: Agreement) -> dict | None:
    """The one figure a card leads with: Seoul's first payment, else the rounds held.

    Its parts are (text, claims, status) links, written with a dash between them.
    """
    paid = [r for r in model.data["payment-history"] if r["agreement"] == a.label and usd(r)]
    if paid:
        year = min(r["year"] or "9999" for r in paid)
        rows = [r for r in paid if (r["year"] or "9999") == year]
        values = sorted({usd(r) for r in rows})
        first = min(rows, key=lambda r: (usd(r), r["claim"]))
        last = max(rows, key=lambda r: (usd(r), r["claim"]))
        if len(values) == 1:
            links = [(fmt_money(str(values[0])), [first["claim"]], None)]
        else:
            high = fmt_money(str(values[-1]))
            low = fmt_money(str(values[0])).removesuffix(" " + high.split(" ")[-1])
            links = [(low, [first["claim"]], None),
                     (high.removeprefix("US$"), [last["claim"]], None)]
        caption = f"agreed for {year}" if year != "9999" else "agreed"
        if len(values) > 1:
            caption += f": {len(values)} figures, sources disagree"
        return {"links": links, "caption": caption}
    held = a.terms.get("rounds held", [])
    if held:
        best = max(held, key=lambda r: (int(r["value"]) if r["value"].isdigit() else 0,
                                        r["claim"]))
        return {"links": [(f"{best['value']} rounds", [best["claim"]], best["status"])],
                "caption": f"held, by source {best['source']}"}
    return None


def payment_summary(rows: list[dict]) -> list[dict]:
    """'1.04 trillion won (US$870 / 871 / 873 million, sources disagree) +8.2 %' as parts."""
    parts: list[dict] = []
    amounts = defaultdict(list)
    in_usd = defaultdict(list)
    for row in rows:
        if row["amount"]:
            amounts[(row["amount"], row["currency"])].append(row)
        if row["usd_equivalent"]:
            in_usd[row["usd_equivalent"]].append(row)
    for (amount, currency), group in sorted(amounts.items()):
        parts.append({"kind": "amount", "amount": amount, "currency": currency,
                      "claims": sorted(r["claim"] for r in group)})
    if in_usd:
        figures = [{"hedge": group[0]["qualifier"], "amount": value,
                    "claims": sorted(r["claim"] for r in group)}
                   for value, group in sorted(in_usd.items(),
                                              key=lambda kv: decimal_or_none(kv[0]) or 0)]
        parts.append({"kind": "usd", "figures": figures, "bracketed": bool(parts)})
    changes = defaultdict(list)
    for row in rows:
        if row["change_percent"]:
            changes[row["change_percent"]].append(row)
    for percent, group in sorted(changes.items()):
        bases = sorted({r["change_from"] for r in group if r["change_from"]})
        parts.append({"kind": "change",
                      "text": f"+{percent} %" + (f" on {', '.join(bases)}" if bases else ""),
                      "claims": sorted(r["claim"] for r in group)})
    return parts
