"""The quotes behind a result: what `--with-sources` prints under the rows."""

from __future__ import annotations

from pathlib import Path

from kgbuild.query.catalogue import load_query
from kgbuild.query.results import LIST_SEPARATOR, Result

EVIDENCE_QUERY = Path(__file__).resolve().parents[2] / "queries" / "claim-evidence.rq"


def cited_claims(result: Result) -> list[str]:
    """Claim ids from a result's `claims` (a list) or `claim` column."""
    cited = set()
    for column in ("claims", "claim"):
        if column not in result.columns:
            continue
        at = result.columns.index(column)
        for row in result.rows:
            if row[at]:
                cited.update(part.strip() for part in row[at].split(LIST_SEPARATOR))
    return sorted(cited)


def evidence(engine, result: Result, query_path: Path = EVIDENCE_QUERY) -> str:
    cited = cited_claims(result)
    if not cited:
        return "\n(no claims cited)\n"
    table = engine.select(load_query(query_path).text)
    col = {name: i for i, name in enumerate(table.columns)}
    by_claim = {row[col["claim"]]: row for row in table.rows}
    lines = ["", "Sources:"]
    for claim in cited:
        row = by_claim.get(claim)
        if row is None:
            lines.append(f"  [{claim}] (no provenance found)")
            continue
        status = row[col["status"]]
        lines.append(f"  [{claim}] source {row[col['source']]}, {status}:")
        lines.append(f"      “{' '.join(row[col['quote']].split())}”")
        if row[col["reasoning"]]:
            lines.append(f"      reasoning: {row[col['reasoning']]}")
    return "\n".join(lines) + "\n"
