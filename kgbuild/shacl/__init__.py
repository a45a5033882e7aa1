"""Validation against the SHACL shapes: compiled to SPARQL where exact, pySHACL otherwise."""
