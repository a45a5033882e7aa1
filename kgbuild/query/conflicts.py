"""The conflicts report: where sources disagree, grouped by entity and property.

It is the `source-disagreements` stored query, grouped for reading: a disagreement is
information to show with its sources, never an error and never resolved silently. The query
says how each value stands against the others (its kind); this module only groups and prints.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field

from kgbuild.query.catalogue import load_query
from kgbuild.query.results import Result

QUERY = "source-disagreements"
# From the mildest to the most serious: a disagreement is as serious as its worst value.
KINDS = ("refines", "within rounding", "contradicts")


@dataclass
class Value:
    value: str
    kind: str
    source: str
    claim: str
    status: str
    quote: str
    qualifier: str | None = None
    implied_rate: str | None = None  # derived: the rate of the claim's own won and dollars
    preferred: str | None = None


@dataclass
class Conflict:
    entity: str
    property: str
    values: list[Value] = field(default_factory=list)

    @property
    def kind(self) -> str:
        return max((v.kind for v in self.values), key=KINDS.index)


def conflicts(engine, queries_dir) -> list[Conflict]:
    result: Result = engine.select(load_query(queries_dir / f"{QUERY}.rq").text)
    grouped: dict[tuple[str, str], Conflict] = {}
    for row in result.rows:
        r = dict(zip(result.columns, row, strict=True))
        key = (r["entity"] or "", r["property"])
        conflict = grouped.setdefault(key, Conflict(*key))
        conflict.values.append(Value(
            value=r["value"], kind=r["kind"], source=r["source"], claim=r["claim"],
            status=r["status"], quote=r["quote"], qualifier=r["qualifier"] or None,
            implied_rate=r["implied_rate"] or None,
            preferred=(r["preferred"] or "").removeprefix("preferred: ") or None))
    return [grouped[k] for k in sorted(grouped)]


def render_text(found: list[Conflict]) -> str:
    if not found:
        return "No disagreements: no entity has two values of a single-valued property.\n"
    kinds = [c.kind for c in found]
    counts = ", ".join(f"{kinds.count(k)} {k}" for k in reversed(KINDS) if k in kinds)
    lines = [f"{len(found)} disagreement(s) between sources ({counts}); all values are kept.",
             ""]
    for conflict in found:
        distinct = len({v.value for v in conflict.values})
        lines.append(f"{conflict.entity} - {conflict.property}: {distinct} values, "
                     f"{conflict.kind}")
        for v in conflict.values:
            hedge = f" ({v.qualifier})" if v.qualifier else ""
            mark = "  * preferred" if v.preferred else ""
            lines.append(f"  {v.value}{hedge}  {v.kind}; source {v.source}, claim {v.claim}, "
                         f"{v.status}{mark}")
            if v.implied_rate:
                lines.append(f"      implies {v.implied_rate}")
            lines.append(f"      “{' '.join(v.quote.split())}”")
            if v.preferred:
                lines.append(f"      preferred because: {v.preferred}")
        lines.append("")
    return "\n".join(lines)


def render_json(found: list[Conflict]) -> str:
    return json.dumps([{**asdict(c), "kind": c.kind} for c in found], indent=2,
                      ensure_ascii=False) + "\n"
