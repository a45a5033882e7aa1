"""The report: a self-contained web page of the graph, generated only from stored queries."""

from kgbuild.report.page import generate

__all__ = ["generate"]
