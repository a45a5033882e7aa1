"""The timeline charts: the overview (a lane per agreement) and each agreement's rounds."""

from __future__ import annotations

import re
from datetime import date, timedelta

from kgbuild.report.formatting import (
    fmt_date,
    fmt_duration,
    fmt_range,
    ordinal_word,
    parse_day,
    period,
    text_width,
    tokens,
)
from kgbuild.report.model import Agreement, Model, Round


def round_title(r: Round) -> str:
    return f"Round {r.ordinal}" if r.ordinal else "Unnumbered round"


def round_tip(r: Round) -> str:
    """A round in a sentence: its tooltip, and its part of a chart's description."""
    when = fmt_range(r.start, r.end) if r.start else "no date in the sources"
    if r.date_basis == "inferred":
        when += " (inferred)"
    place = ", ".join(r.places) or "place not given"
    tip = f"{r.label}: {when}; {place}; {', '.join(r.statuses) or 'status not given'}"
    leads = ", ".join(row["negotiator"] for row in r.leads)
    if leads:
        tip += f"; led by {leads}"
    if r.ordinal_basis == "inferred":
        tip += "; number inferred"
    return tip


def _marker(r: Round, cx: float, cy: float, color: str, **extra) -> dict:
    inferred = r.date_basis == "inferred" or r.ordinal_basis == "inferred"
    return {"round": r, "cx": cx, "cy": cy, "color": color, "planned": r.planned,
            "inferred": inferred, "tip": round_tip(r), **extra}


def term_span(a: Agreement) -> tuple[date, date, bool] | None:
    """The agreement's term, drawn back from its expiry by its duration (both in the graph)."""
    expiry, duration = a.terms.get("expires on", []), a.terms.get("duration", [])
    if not expiry or not duration:
        return None
    end = parse_day(expiry[0]["value"], last=True)
    m = re.fullmatch(r"P(\d+)Y", duration[0]["value"])
    if end is None or not m:
        return None
    after = end + timedelta(days=1)
    start = date(after.year - int(m.group(1)), after.month, after.day)
    inferred = any(r["status"] == "inferred" for r in expiry + duration)
    return start, end, inferred


def agreement_events(a: Agreement) -> list[tuple[str, str, bool, list[str]]]:
    """Point events of an agreement: (what, value, inferred, claims)."""
    events = []
    for term, label in (("negotiations launched", "talks launched"), ("signed on", "signed"),
                        ("concluded in", "concluded")):
        rows = a.terms.get(term, [])
        if rows and period(rows[0]["value"]):
            inferred = all(r["status"] == "inferred" for r in rows)
            events.append((label, rows[0]["value"], inferred, sorted(r["claim"] for r in rows)))
    return events


def _lane_subtitle(a: Agreement, rounds: list[Round]) -> str:
    count = f"{len(rounds)} round{'s' if len(rounds) != 1 else ''}" if rounds else "no rounds"
    if a.ordinal_status == "inferred" and a.ordinal and a.ordinal.isdigit():
        return f"{count} · {ordinal_word(int(a.ordinal))}? (inferred)"
    return count


def overview(model: Model) -> dict | None:
    """Each agreement on a lane of a shared year axis: its term, talks launched, rounds."""
    width, left, nodate_w, top = 1000, 150, 112, 34
    axis_l, axis_r = left + 10, width - nodate_w - 22
    periods = [period(r.start, r.end) for r in model.rounds if r.start]
    for a in model.agreements:
        span = term_span(a)
        if span:
            periods.append(span[:2])
        periods += [period(value) for _, value, _, _ in agreement_events(a)]
    periods = [p for p in periods if p]
    if not periods:
        return None
    first_year = min(p[0] for p in periods).year
    last_year = max(p[1] for p in periods).year + 1
    total = (date(last_year, 1, 1) - date(first_year, 1, 1)).days

    def x(day: date) -> float:
        return axis_l + (day - date(first_year, 1, 1)).days / total * (axis_r - axis_l)

    y = top
    lanes = []
    for index, a in enumerate(model.agreements):
        rounds = model.rounds_of(a)
        dated = sorted((r for r in rounds if r.start),
                       key=lambda r: (period(r.start, r.end), r.label))
        undated = [r for r in rounds if not r.start]
        span = term_span(a)
        rows_end: list[float] = []
        placed = []
        for r in dated:
            first, last = period(r.start, r.end)
            cx = (x(first) + x(last + timedelta(days=1))) / 2
            row = next((i for i, edge in enumerate(rows_end) if cx - 8 > edge), len(rows_end))
            if row == len(rows_end):
                rows_end.append(0)
            rows_end[row] = cx + 8
            placed.append((r, cx, row, x(first), x(last + timedelta(days=1))))
        height = 62 + max(len(rows_end) - 1, 0) * 15
        lane = {"agreement": a, "y": y, "height": height, "alt": index % 2 == 1,
                "subtitle": _lane_subtitle(a, rounds), "term": None, "labels": [],
                "events": [], "markers": [], "undated": []}
        bar_y = y + 10
        occupied: list[tuple[float, float]] = []
        if span:
            x0, x1 = x(span[0]), x(span[1] + timedelta(days=1))
            text = (f"term: {fmt_duration(a.terms['duration'][0]['value'])}, to "
                    f"{fmt_date(a.terms['expires on'][0]['value'])}")
            lane["term"] = {"x": x0, "y": bar_y, "width": x1 - x0, "text": text,
                            "inferred": span[2]}
            w = text_width(text, 11.5)
            tx = x0 + 6 if x1 - x0 >= w + 12 else x1 + 8
            lane["labels"].append({"x": tx, "y": bar_y + 12, "text": text})
            occupied.append((x0, max(x1, tx + w)))
        for label, value, inferred, _claims in agreement_events(a):
            if label != "talks launched":
                continue
            first, last = period(value)
            ex = (x(first) + x(last + timedelta(days=1))) / 2
            lane["events"].append({"x": ex, "y": bar_y, "label": label,
                                   "when": fmt_date(value), "inferred": inferred, "text": None})
            text = f"{label} {fmt_date(value)}"
            w = text_width(text, 11.5)
            for tx in (ex + 11, ex - 11 - w):
                free = all(tx + w < lo - 4 or tx > hi + 4 for lo, hi in occupied)
                if free and axis_l - 6 <= tx and tx + w <= width - 4:
                    lane["events"][-1]["text"] = {"x": tx, "y": bar_y + 12, "text": text}
                    break
        marker_y = y + 40
        for r, cx, row, sx, ex in placed:
            cy = marker_y + row * 15
            month_only = bool(r.start and len(r.start) < 10)
            lane["markers"].append(_marker(r, cx, cy, a.color, span_month=month_only,
                                           sx=sx, ex=ex))
        for i, r in enumerate(undated):
            lane["undated"].append(_marker(r, width - nodate_w + 14 + i * 17, marker_y,
                                           a.color))
        lane["undated_note"] = {"x": width - nodate_w + 6, "y": marker_y + 20,
                                "count": len(undated)}
        lanes.append(lane)
        y += height
    years = [{"x": x(date(year, 1, 1)),
              "label_x": x(date(year, 7, 1)) if year < last_year else None, "year": year}
             for year in range(first_year, last_year + 1)]
    summary = "; ".join(
        f"{a.short}: " + (", ".join(
            f"{round_title(r)} " + (fmt_range(r.start, r.end) if r.start else "(no date)")
            for r in model.rounds_of(a)) or "no rounds")
        for a in model.agreements)
    return {"width": width, "top": top, "bottom": y, "nodate_w": nodate_w, "lanes": lanes,
            "years": years, "first_year": first_year, "last_year": last_year,
            "summary": summary}


def _next_month(day: date) -> date:
    return date(day.year + (day.month == 12), day.month % 12 + 1, 1)


def rounds(model: Model, a: Agreement, rounds: list[Round]) -> dict:
    """One agreement's rounds as cards over a month axis; the undated ones on a lane apart."""
    width, pad, card_h, gap = 1000, 16, 62, 12
    dated = sorted((r for r in rounds if r.start), key=lambda r: (period(r.start, r.end), r.label))
    undated = [r for r in rounds if not r.start]
    events = [e for e in agreement_events(a) if e[0] == "talks launched" and len(e[1]) >= 7]
    periods = [period(r.start, r.end) for r in dated] + [period(e[1]) for e in events]
    periods = [p for p in periods if p]
    lines = {r.label: _card_lines(model, r) for r in rounds}
    chart = {"agreement": a, "width": width, "pad": pad, "card_h": card_h, "axis": None,
             "undated": None, "desc": "; ".join(round_tip(r) for r in rounds)}
    y = 8
    if dated:
        first = min(p[0] for p in periods)
        last = max(p[1] for p in periods)
        lo = date(first.year, first.month, 1)
        lo = date(lo.year - (lo.month == 1), (lo.month - 2) % 12 + 1, 1)
        hi = _next_month(_next_month(date(last.year, last.month, 1)))
        axis_l, axis_r = pad + 10, width - pad - 10

        def x(day: date) -> float:
            return axis_l + (day - lo).days / (hi - lo).days * (axis_r - axis_l)

        tiers: list[list[tuple[float, float]]] = []
        placed = []
        for r in dated:
            p = period(r.start, r.end)
            cx = (x(p[0]) + x(p[1] + timedelta(days=1))) / 2
            w = _card_width(lines[r.label])
            cx0 = min(max(cx - w / 2, pad), width - pad - w)
            tier = next((i for i, used in enumerate(tiers)
                         if all(cx0 + w + gap < s or cx0 > e + gap for s, e in used)),
                        len(tiers))
            if tier == len(tiers):
                tiers.append([])
            tiers[tier].append((cx0, cx0 + w))
            placed.append((r, cx, cx0, w, tier, x(p[0]), x(p[1] + timedelta(days=1))))
        axis_y = y + len(tiers) * (card_h + gap) + 18
        ticks = []
        month, i = lo, 0
        months = (hi.year - lo.year) * 12 + hi.month - lo.month
        step = 1 if months <= 14 else 3
        while month <= hi:
            following = _next_month(month)
            labelled = i % step == 0 and month < hi
            ticks.append({"x": x(month), "label_x": (x(month) + x(following)) / 2,
                          "label": fmt_date(month.isoformat()[:7]) if labelled else None})
            month, i = following, i + 1
        cards = []
        for r, cx, cx0, w, tier, sx, ex in placed:
            cy = y + (len(tiers) - 1 - tier) * (card_h + gap)
            cards.append({
                "round": r, "filters": _filters(model, r),
                "stem_x": min(max(cx, cx0 + 10), cx0 + w - 10),
                "cx": cx, "span_month": len(r.start or "") < 10, "sx": sx, "ex": ex,
                "marker": _round_marker(r, cx, axis_y, a.color),
                "card": _card(r, lines[r.label], cx0, cy, w, card_h)})
        chart["axis"] = {"left": axis_l, "right": axis_r, "y": axis_y, "ticks": ticks,
                         "cards": cards,
                         "events": [{"x": (x(period(value)[0])
                                           + x(period(value)[1] + timedelta(days=1))) / 2,
                                     "label": label, "when": fmt_date(value),
                                     "inferred": inferred}
                                    for label, value, inferred, _claims in events]}
        y = axis_y + 48
    if undated:
        lane = {"y": y, "cards": []}
        cx0, row_y = pad, y + 30
        for r in undated:
            w = _card_width(lines[r.label]) + 30
            if cx0 + w > width - pad:
                cx0, row_y = pad, row_y + card_h + gap
            lane["cards"].append({
                "round": r, "filters": _filters(model, r),
                "marker": _round_marker(r, cx0 + 14, row_y + card_h / 2, a.color),
                "card": _card(r, lines[r.label], cx0 + 30, row_y, w - 30, card_h)})
            cx0 += w + gap
        chart["undated"] = lane
        y = row_y + card_h + 12
    chart["height"] = y
    return chart


def _filters(model: Model, r: Round) -> dict:
    return {"person": tokens(model.lead_ids(r)), "source": tokens(r.sources)}


def _round_marker(r: Round, cx: float, cy: float, color: str) -> dict:
    """The numbered circle of a round on the rounds chart."""
    return _marker(r, cx, cy, color, number=r.ordinal or "?",
                   italic=r.ordinal_basis == "inferred")


def _card(r: Round, lines, x0: float, y0: float, w: float, h: float) -> dict:
    return {"x": x0, "y": y0, "width": w, "height": h, "lines": lines, "tip": round_tip(r),
            "dashed": r.date_basis == "inferred" or r.ordinal_basis == "inferred"}


def _card_lines(model: Model, r: Round) -> list[list[tuple[str, str]]]:
    """A round's card as lines of (css class, text) runs."""
    title = [("card-title", round_title(r))]
    if r.ordinal_basis == "inferred":
        title.append(("card-inferred", " (number inferred)"))
    if r.statuses:
        title.append(("card-status", " · " + ", ".join(r.statuses)))
    if r.start:
        when = [("card-date" + (" inferred" if r.date_basis == "inferred" else ""),
                 fmt_range(r.start, r.end))]
        if r.date_basis == "inferred":
            when.append(("card-inferred", " (inferred)"))
    else:
        when = [("card-date undated", f"“{r.expressions[0]}”" if r.expressions
                 else "no date given")]
        if r.days:
            when.append(("card-text", f", {r.days} days"))
    where = ", ".join(r.places)
    if where:
        when.append(("card-text", f" · {where}"))
    leads: list[tuple[str, str]] = []
    for row in r.leads:
        person = model.person_by_label.get(row["negotiator"])
        if leads:
            leads.append(("card-text", " – "))
        party = person["party_id"] if person else "unknown"
        leads.append((f"card-person party-{party}", row["negotiator"]))
    if not leads:
        leads = [("card-text muted", "leads not named")]
    return [title, when, leads]


def _card_width(lines: list[list[tuple[str, str]]]) -> float:
    sizes = (13.5, 12.5, 12.5)
    return 20 + max(text_width("".join(t for _, t in line), size)
                    for line, size in zip(lines, sizes, strict=True))
