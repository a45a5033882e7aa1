"""Curation: registering an article, drafting its claims, and what a change does to the graph."""
