"""'Sources and quotes': every article whole, each quoted passage marked at its offsets."""

from __future__ import annotations

from collections import defaultdict

from kgbuild.report.model import Claim, Model


def view(model: Model) -> list[dict]:
    texts = {row["source"]: row for row in model.data["report-source-texts"]}
    by_source = defaultdict(list)
    for claim in model.claims.values():
        by_source[claim.source].append(claim)
    articles = []
    for source, meta in model.sources.items():
        claims = sorted(by_source.get(source, []), key=lambda c: (c.start, -c.end, c.key))
        title = meta.get("title")
        credit = meta.get("credit")
        articles.append({
            "source": source, "meta": meta,
            "heading": f"Source {source}: " + (
                title or f"untitled article, {meta.get('publisher') or credit or ''}"),
            "byline": " · ".join(v for v in (meta.get("publisher"),
                                             credit and f"credited to {credit}") if v),
            "text_file": texts.get(source, {}).get("text_file") or "",
            "marks": quote_marks(texts.get(source, {}).get("text") or "", claims),
            "claims": [{"claim": claim, "says": _says(claim)}
                       for claim in sorted(claims, key=lambda c: c.key)],
            "agreements": sorted({a for c in claims for a in c.agreements}),
            "people": sorted({p for c in claims for p in c.people}),
            "count": len(claims),
        })
    return articles


def _says(claim: Claim) -> list[tuple[str, list[dict]]]:
    """What a claim asserts, subject by subject, in the order of its statements."""
    subjects: dict[str, list[dict]] = defaultdict(list)
    for statement in claim.statements:
        subjects[statement["subject_label"]].append(statement)
    return list(subjects.items())


def quote_marks(text: str, claims: list[Claim]) -> list[tuple]:
    """The article as runs of text and the opening and closing of a mark per quoted span.

    Spans that nest become nested marks. A span that crosses another cannot be one element,
    so it is closed and reopened around the other's edge: the first piece keeps the id, and
    every piece carries data-claim so the script can highlight them all. The runs are
    ("text", str), ("open", claim, title, first piece?) and ("close", how many).
    """
    starts: dict[int, list[Claim]] = defaultdict(list)
    points = {0, len(text)}
    for claim in claims:
        start = max(0, min(claim.start, len(text)))
        end = max(start, min(claim.end, len(text)))
        starts[start].append(claim)
        points.update((start, end))
    ends = {c.key: max(0, min(max(c.start, c.end), len(text))) for c in claims}
    titles = {c.key: _mark_title(c) for c in claims}

    runs: list[tuple] = []
    stack: list[Claim] = []
    position = 0
    for point in sorted(points):
        if point > position:
            runs.append(("text", text[position:point]))
            position = point
        closing = [c for c in stack if ends[c.key] == point]
        if closing:
            lowest = min(stack.index(c) for c in closing)
            reopen = [c for c in stack[lowest:] if ends[c.key] != point]
            runs.append(("close", len(stack) - lowest))
            del stack[lowest:]
            for claim in reopen:
                runs.append(("open", claim, titles[claim.key], False))
                stack.append(claim)
        for claim in sorted(starts.get(point, []), key=lambda c: (-ends[c.key], c.key)):
            runs.append(("open", claim, titles[claim.key], True))
            if ends[claim.key] == point:
                runs.append(("close", 1))
            else:
                stack.append(claim)
    runs.append(("close", len(stack)))
    return runs


def _mark_title(claim: Claim) -> str:
    says = "; ".join(f"{s['subject_label']}: {s['property']} = {s['value']}"
                     for s in claim.statements if s["property"] not in ("type", "label"))
    return f"{claim.key} ({claim.status})" + (f": {says}" if says else "")
