"""Answers: the stored-query catalogue, the embedded engines, result tables, the evidence
behind a row, and disagreements between sources."""
