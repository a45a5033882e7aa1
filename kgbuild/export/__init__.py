"""Deterministic exports: Turtle, TriG, N-Quads and JSON-LD, written atomically."""

from kgbuild.export.writers import (
    FORMATS,
    HEADER,
    RENDERERS,
    SYSTEM_GRAPHS,
    nquads_unordered,
    reified,
    render_all,
    serialize,
    to_jsonld,
    to_nquads,
    to_trig,
    to_turtle,
    union,
    write_all,
    write_atomic,
)

__all__ = ["FORMATS", "HEADER", "RENDERERS", "SYSTEM_GRAPHS", "nquads_unordered", "reified",
           "render_all", "serialize", "to_jsonld", "to_nquads", "to_trig", "to_turtle", "union",
           "write_all", "write_atomic"]
