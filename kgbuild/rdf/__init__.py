"""From claims to RDF: the vocabulary, the builder's quad sets, and OWL 2 RL reasoning."""
