"""Who faced whom: South Korea's negotiators left, the US's right, a line per pair."""

from __future__ import annotations

from kgbuild.report.formatting import split_list, text_width, tokens
from kgbuild.report.model import Model


def counterparts(model: Model, *, narrow: bool = False) -> dict:
    """The pairs of counterparts as boxes and curves, ordered so that few lines cross.

    The narrow variant, for phones, fits the screen instead of scrolling: smaller boxes and
    no labels on the lines (the colours, the legend and the table below carry them).
    """
    pairs: dict[tuple[str, str], dict] = {}
    for row in model.data["counterparts"]:
        key = (row["korea_negotiator"], row["us_negotiator"])
        pair = pairs.setdefault(key, {"agreements": [], "bases": [], "claims": set()})
        if row["agreement"] and row["agreement"] not in pair["agreements"]:
            pair["agreements"].append(row["agreement"])
        pair["bases"].append(row["basis"])
        pair["claims"].update(split_list(row["claims"]))
    left, right = _sides(model, pairs)
    width, top, gap, box_w, box_h, margin = (
        (420, 48, 62, 158, 46, 4) if narrow else (1000, 64, 78, 250, 52, 40))
    lx, rx = margin, width - margin - box_w
    rows = max(len(left), len(right), 1)
    height = top + rows * gap + 10

    def ys(names):
        offset = (rows - len(names)) * gap / 2
        return {n: top + offset + i * gap for i, n in enumerate(names)}

    ly, ry = ys(left), ys(right)
    lines = []
    labels_at: list[tuple[float, float, float, float]] = []
    for (k, u), pair in sorted(pairs.items(), key=lambda kv: (ly[kv[0][0]], ry[kv[0][1]])):
        agreement = model.agreement_by_label.get(pair["agreements"][0]) \
            if pair["agreements"] else None
        y1, y2 = ly[k] + box_h / 2, ry[u] + box_h / 2
        x1, x2 = lx + box_w, rx
        shorts = ", ".join(model.agreement_by_label[a].short for a in pair["agreements"]
                           if a in model.agreement_by_label) or "agreement not stated"
        mid_x = (x1 + x2) / 2
        sub = _basis_short(pair["bases"])
        half = max(text_width(shorts, 12.5), text_width(sub, 11.5)) / 2 + 4
        label_x, label_y = _free_spot(((x1, y1), (mid_x, y1), (mid_x, y2), (x2, y2)), half,
                                      labels_at)
        labels_at.append((label_x - half, label_x + half, label_y - 18, label_y + 14))
        lines.append({
            "korea": k, "us": u, "x1": x1, "y1": y1, "x2": x2, "y2": y2, "mid_x": mid_x,
            "same_round": any(b.startswith("led the same round") for b in pair["bases"]),
            "color": agreement.color if agreement else None,
            "people": tokens(model.person_by_label[n]["id"] for n in (k, u)
                             if n in model.person_by_label),
            "agreements": tokens(model.agreement_id(a) for a in pair["agreements"]),
            "basis": "; ".join(sorted(set(pair["bases"]))), "shorts": shorts, "sub": sub,
            "label_x": label_x, "label_y": label_y})
    room = 22 if narrow else 38
    boxes = []
    for names, x, ypos, side in ((left, lx, ly, "south-korea"), (right, rx, ry, "united-states")):
        for name in names:
            person = model.person_by_label.get(name)
            role = (person["roles"] or person["affiliations"] or [""])[0] if person else ""
            boxes.append({"name": name, "side": side, "x": x, "y": ypos[name],
                          "id": person["id"] if person else "",
                          "agreements": tokens(person["agreements"] if person else []),
                          "role": role if len(role) <= room else role[:room - 1] + "…"})
    return {"narrow": narrow, "variant": "narrow" if narrow else "wide", "width": width,
            "height": height, "box_w": box_w, "box_h": box_h, "left_x": lx, "right_x": rx,
            "head_y": 26 if narrow else 32,
            "text": (10, 20, 37) if narrow else (14, 22, 40),  # padding, name and role lines
            "lines": lines, "boxes": boxes,
            "desc": "; ".join(f"{k} faced {u}" for k, u in sorted(pairs))}


def _sides(model: Model, pairs) -> tuple[list[str], list[str]]:
    """Each side's names, by first agreement, then two sweeps of the barycentre heuristic,
    which keeps lines from crossing where they need not."""
    left_names = sorted({k for k, _ in pairs})
    right_names = sorted({u for _, u in pairs})
    people_rank = {}
    for name in left_names + right_names:
        person = model.person_by_label.get(name)
        ranks = [i for i, a in enumerate(model.agreements)
                 if person and a.entity.id in person["agreements"]]
        people_rank[name] = min(ranks) if ranks else -1
    left = sorted(left_names, key=lambda n: (people_rank[n], n))
    right = sorted(right_names, key=lambda n: (people_rank[n], n))
    for _ in range(2):
        pos = {n: i for i, n in enumerate(left)}
        right.sort(key=lambda n: (sum(pos[k] for k, u in pairs if u == n)
                                  / max(1, sum(1 for _, u in pairs if u == n)), n))
        pos = {n: i for i, n in enumerate(right)}
        left.sort(key=lambda n: (sum(pos[u] for k, u in pairs if k == n)
                                 / max(1, sum(1 for k, _ in pairs if k == n)), n))
    return left, right


def _free_spot(curve, half: float, taken) -> tuple[float, float]:
    """A point on a cubic Bézier where a label of half-width `half` overlaps no other."""
    def at(t: float) -> tuple[float, float]:
        (x0, y0), (x1, y1), (x2, y2), (x3, y3) = curve
        a, b, c, d = (1 - t) ** 3, 3 * (1 - t) ** 2 * t, 3 * (1 - t) * t ** 2, t ** 3
        return a * x0 + b * x1 + c * x2 + d * x3, a * y0 + b * y1 + c * y2 + d * y3

    for t in (0.5, 0.32, 0.68, 0.2, 0.8):
        x, y = at(t)
        if all(x + half < x0 or x - half > x1 or y + 14 < y0 or y - 18 > y1
               for x0, x1, y0, y1 in taken):
            return x, y
    return at(0.5)


def _basis_short(bases: list[str]) -> str:
    rounds = sorted({b.split(": ", 1)[1].split(", ", 1)[-1] for b in bases
                     if b.startswith("led the same round: ")})
    text = "; ".join(rounds)
    if any(not b.startswith("led the same round") for b in bases):
        text = (text + "; " if text else "") + "called counterparts"
    return text
