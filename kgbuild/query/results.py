"""Query results as plain rows, and their table, CSV and JSON renderings.

Rows are normalised the same way whichever engine answered: terms become strings (IRIs
shortened with the project's prefixes). The stored queries build their list columns sorted,
without empty or repeated entries, so that a store's rows are the rows shown; list columns
(`sources`, `claims`, any name ending in `_list`) are still tidied here for queries written
outside the project, and tidying a sorted list changes nothing (tests/test_virtuoso.py holds
every stored query's untidied rows on three engines to the same values).
"""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass

from kgbuild.query.terms import term_text

LIST_SEPARATOR = ", "


@dataclass
class Result:
    columns: list[str]
    rows: list[tuple[str | None, ...]]


def is_list_column(name: str) -> bool:
    return name in ("sources", "claims") or name.endswith("_list")


def normalise_row(columns: list[str], values: list) -> tuple[str | None, ...]:
    return normalise_texts(columns, [term_text(value) for value in values])


def normalise_texts(columns: list[str], texts: list) -> tuple[str | None, ...]:
    """A row whose terms are already text (see `terms.term_text`), with its list columns sorted."""
    out = []
    for name, text in zip(columns, texts, strict=True):
        if text is not None and is_list_column(name):
            parts = sorted({p.strip() for p in text.split(LIST_SEPARATOR.strip()) if p.strip()})
            text = LIST_SEPARATOR.join(parts)
        out.append(text)
    return tuple(out)


def render(result: Result, fmt: str) -> str:
    if fmt == "json":
        rows = [{c: v for c, v in zip(result.columns, row, strict=True) if v is not None}
                for row in result.rows]
        return json.dumps(rows, indent=2, ensure_ascii=False) + "\n"
    if fmt == "csv":
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\n")
        writer.writerow(result.columns)
        for row in result.rows:
            writer.writerow(["" if v is None else v for v in row])
        return buffer.getvalue()
    return table(result)


def table(result: Result, max_width: int = 60) -> str:
    def cell(value):
        text = "" if value is None else " ".join(value.split())
        return text if len(text) <= max_width else text[: max_width - 1] + "…"

    cells = [[cell(v) for v in row] for row in result.rows]
    widths = [max([len(c)] + [len(r[i]) for r in cells]) for i, c in enumerate(result.columns)]
    lines = ["  ".join(c.ljust(w) for c, w in zip(result.columns, widths, strict=True)).rstrip(),
             "  ".join("-" * w for w in widths)]
    for row in cells:
        lines.append("  ".join(v.ljust(w) for v, w in zip(row, widths, strict=True)).rstrip())
    lines.append(f"({len(result.rows)} row{'s' if len(result.rows) != 1 else ''})")
    return "\n".join(lines) + "\n"
