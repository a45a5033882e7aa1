"""Deterministic exports: Turtle, TriG, N-Quads and JSON-LD, written atomically."""

from kgbuild.export.ranked import SYSTEM_GRAPHS
from kgbuild.export.rdf_text import HEADER
from kgbuild.export.writers import (
    FORMATS,
    RENDERERS,
    nquads_unordered,
    reified,
    serialize,
    to_jsonld,
    to_nquads,
    to_trig,
    to_turtle,
    union,
    write_all,
    write_all_beside,
    write_atomic,
)

__all__ = ["FORMATS", "HEADER", "RENDERERS", "SYSTEM_GRAPHS", "nquads_unordered", "reified",
           "serialize", "to_jsonld", "to_nquads", "to_trig", "to_turtle", "union",
           "write_all", "write_all_beside", "write_atomic"]
