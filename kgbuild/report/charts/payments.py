"""The payment charts: a bar per agreement, year and kind on a dollar scale; a dot plot of
the figures sources disagree on."""

from __future__ import annotations

from decimal import Decimal

from kgbuild.report.formatting import claim_anchor, fmt_money, short_label, tokens
from kgbuild.report.model import Model, usd


def kind_words(*, row_kind: str, party: str | None) -> str:
    if row_kind == "demand":
        return f"{party or 'party unknown'} demanded"
    return f"{party or 'payer unknown'} agreed"


def payment_groups(model: Model) -> list[dict]:
    """One bar per agreement, year and kind, with every source's row behind it."""
    groups: dict[tuple, dict] = {}
    order = {a.label: i for i, a in enumerate(model.agreements)}
    for row in model.data["demands-vs-agreed"]:
        if usd(row) is None:
            continue
        key = (order.get(row["agreement"] or "", 99), row["kind"] == "demand",
               row["year"] or "", row["agreement"] or "")
        group = groups.setdefault(key, {"agreement": row["agreement"], "year": row["year"],
                                        "kind": row["kind"], "rows": []})
        group["rows"].append(row)
    return [groups[k] for k in sorted(groups)]


def bars(model: Model, *, narrow: bool = False) -> dict | None:
    """One bar per agreement, year and kind, in US dollars, on a shared scale.

    The narrow variant, for phones, puts each bar's labels above and below it instead of
    beside it, so the chart fits the screen.
    """
    groups = payment_groups(model)
    if not groups:
        return None
    if narrow:
        width, left, right, top, row_h = 400, 8, 24, 30, 86
    else:
        width, left, right, top, row_h = 1000, 230, 300, 34, 46
    top_value = max(usd(r) for g in groups for r in g["rows"])
    step = Decimal(10) ** 9 if top_value >= Decimal(2) * 10 ** 9 else Decimal(10) ** 8
    ticks = int(top_value / step) + 1
    scale_max = step * ticks

    def x(value: Decimal) -> float:
        return left + float(value / scale_max) * (width - left - right)

    def tick_text(value: Decimal) -> str:
        text = fmt_money(str(value)) if value else "0"
        return text.replace(" billion", " bn").replace(" million", " m") if narrow else text

    grid = []
    for i in range(ticks + 1):
        anchor = ("start" if i == 0 else "end" if i == ticks else "middle") if narrow \
            else "middle"
        # every other label on a phone, or they run into each other
        labelled = not (narrow and ticks > 4 and i % 2)
        grid.append({"x": x(step * i), "anchor": anchor,
                     "label": tick_text(step * i) if labelled else None})
    rows = []
    for index, group in enumerate(groups):
        y = top + index * row_h
        group_rows = group["rows"]
        values = sorted({usd(r) for r in group_rows})
        agreement = model.agreement_by_label.get(group["agreement"] or "")
        demand = group["kind"] == "demand"
        party = next((r["party"] for r in group_rows if r.get("party")), None)
        bar_y = y + (22 if narrow else 8)
        bar_h = 20 if narrow else 26
        qualifier = group_rows[0]["qualifier"] if len(values) == 1 else None
        figure = (f"{qualifier} " if qualifier else "") + (
            fmt_money(str(values[0])) if len(values) == 1 else
            f"{fmt_money(str(values[0]))} to {fmt_money(str(values[-1]))}")
        note = f"{len(values)} figures: sources disagree" if len(values) > 1 else ""
        factors = sorted({(r["qualifier"] or "", r["factor"])
                          for r in model.data["demands-vs-agreed"]
                          if demand and r["factor"] and r["agreement"] == group["agreement"]})
        more = " · ".join(f"{hedge + ' ' if hedge else ''}{factor}× the payment"
                          for hedge, factor in factors)
        rows.append({
            "y": y, "agreement_id": agreement.entity.id if agreement else "",
            "sources": tokens(r["source"] for r in group_rows),
            "label": agreement.short if agreement else "Agreement unknown",
            "sublabel": kind_words(row_kind=group["kind"], party=party)
                        + (" for " + group["year"] if group["year"] else ""),
            "demand": demand, "bar_y": bar_y, "bar_h": bar_h,
            "bar_width": x(values[-1]) - left,
            "anchor": claim_anchor(sorted(group_rows,
                                          key=lambda r: (-(usd(r) or 0), r["claim"]))[0]["claim"]),
            "figures": " / ".join(fmt_money(str(v)) for v in values),
            "whisker": (x(values[0]), x(values[-1])) if len(values) > 1 else None,
            "figure": figure, "note": note, "more": more,
            "text_x": left if narrow else x(values[-1]) + 10,
            "text_y": bar_y + bar_h + 17 if narrow else y + 26,
        })
    desc = "; ".join(
        f"{short_label(g['agreement'] or 'agreement unknown')} {g['kind']} "
        f"{g['year'] or ''}: "
        + ", ".join(f"{fmt_money(str(usd(r)))} (source {r['source']})" for r in g["rows"])
        for g in groups)
    return {"narrow": narrow, "variant": "narrow" if narrow else "wide", "width": width,
            "left": left, "top": top, "grid_bottom": top + row_h * len(groups),
            "height": top + row_h * len(groups) + 10, "grid": grid, "rows": rows,
            "desc": desc}


def dot_plot(values: list[tuple[Decimal, dict]], prop: str) -> dict:
    """The figures sources give for one value, on a line; equal figures stack up."""
    numbers = [v for v, _ in values]
    lo, hi = min(numbers), max(numbers)
    pad = (hi - lo) * Decimal("0.35") or Decimal(1)
    lo, hi = lo - pad, hi + pad
    width, left, right = 480, 30, 30

    def x(v: Decimal) -> float:
        return left + float((v - lo) / (hi - lo)) * (width - left - right)

    dots = []
    seen: dict[str, int] = {}
    for value, row in sorted(values, key=lambda vr: (vr[0], vr[1]["claim"])):
        stack = seen.get(row["value"], 0)
        seen[row["value"]] = stack + 1
        dots.append({"x": x(value), "stack": stack, "anchor": claim_anchor(row["claim"]),
                     "source": row["source"],
                     "label": (f"{row['qualifier']} " if row["qualifier"] else "")
                              + fmt_money(row["value"]),
                     "short": fmt_money(row["value"]).replace(" million", " m")})
    desc = ", ".join(f"source {r['source']}: {fmt_money(r['value'])}" for _, r in values)
    return {"width": width, "left": left, "right": right, "dots": dots,
            "label": f"{prop} by source: {desc}"}
