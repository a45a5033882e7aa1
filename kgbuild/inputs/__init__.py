"""Reading the inputs: YAML with positions, source articles, the fact schema, curated claims,
and matching quotes against the article text. Knows nothing of RDF."""
