"""The SMA knowledge graph: sourced facts about the South Korea–US Special Measures Agreement
negotiations, built into RDF with provenance, reasoned over, checked, queried and exported."""

from kgbuild.errors import CheckFailed, InputError, KgError, QueryError
from kgbuild.export.writers import serialize, write_all
from kgbuild.pipeline import Project, build, check, find_project, load
from kgbuild.query.catalogue import bind, load_queries

__all__ = [
    "CheckFailed", "InputError", "KgError", "Project", "QueryError", "bind", "build", "check",
    "find_project", "load", "load_queries", "serialize", "write_all",
]
