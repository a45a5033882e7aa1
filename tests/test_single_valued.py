"""Sources that disagree on a single-valued link to another entity stay a disagreement: OWL's
functional-property rule would make the two entities one (owl:sameAs), so object properties
are sma:SingleValuedProperty, not owl:FunctionalProperty."""

import json

from click.testing import CliRunner
from rdflib import OWL, RDF, Graph

from kgbuild import pipeline
from kgbuild.cli.main import main
from kgbuild.rdf.vocab import GRAPH_INFERRED, ID, SMA

from .conftest import ROOT

QUOTE = ("Seoul and Washington held their last round of negotiations in the U.S. capital "
         "earlier this month")
SECOND_PLACE = """
  - id: sma10-signed-elsewhere
    about: sma10
    quote: QUOTE
    inferred: >-
      Written for a test of two sources that disagree on where an agreement was signed; not a
      reading of the article.
    says: {signedIn: washington}
""".replace("QUOTE", QUOTE)


def test_two_places_of_signing_are_a_disagreement_not_one_place(workspace):
    facts = workspace / "graph/facts/003.yaml"
    text = facts.read_text(encoding="utf-8").rstrip("\n") + "\n" + SECOND_PLACE.lstrip("\n")
    facts.write_text(text, encoding="utf-8")
    check = CliRunner().invoke(main, ["--root", str(workspace), "check"])
    assert check.exit_code == 0, check.output
    inferred = pipeline.build(pipeline.Project(workspace)).graph(GRAPH_INFERRED)
    assert (ID["seoul"], OWL.sameAs, ID["washington"]) not in inferred
    assert (ID["washington"], OWL.sameAs, ID["seoul"]) not in inferred
    found = CliRunner().invoke(main, ["--root", str(workspace), "conflicts", "-f", "json"])
    places = [c for c in json.loads(found.stdout) if c["property"] == "signed in"]
    assert len(places) == 1, found.stdout
    assert {v["source"] for v in places[0]["values"]} == {"000", "003"}


def test_no_object_property_is_owl_functional_unless_it_is_ours():
    ontology = Graph().parse(ROOT / "ontology" / "sma.ttl")
    functional_objects = {p for p in ontology.subjects(RDF.type, OWL.ObjectProperty)
                          if (p, RDF.type, OWL.FunctionalProperty) in ontology}
    # Only the bookkeeping of claims and preferences, which no source gives.
    assert functional_objects == {SMA.status, SMA.preferredClaim, SMA.onProperty}
