"""Conflicts are information: listed with their sources, preferable, never a crash."""

import json

from click.testing import CliRunner
from rdflib import RDF, Graph

from kgbuild.cli.main import main
from kgbuild.inputs import schema
from kgbuild.rdf.vocab import SMA

from .conftest import ROOT


def invoke(root, *args):
    return CliRunner().invoke(main, ["--root", str(root), *args])


def test_conflicts_report_lists_the_real_disagreement():
    result = invoke(ROOT, "conflicts")
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("1 disagreement(s) between sources (1 contradicts)")
    assert "Payment under the 10th SMA - amount in USD: 3 values, contradicts" in result.stdout
    expected = (("873000000", "contradicts", "000"), ("871000000", "contradicts", "001"),
                ("870000000 (about)", "within rounding", "003"))
    for figure, kind, source in expected:
        assert f"{figure}  {kind}; source {source}" in result.stdout
    assert "(US$873 million)" in result.stdout and "($871 million)" in result.stdout
    assert "implies 1191.29 KRW per USD (derived)" in result.stdout


def test_conflicts_json():
    data = json.loads(invoke(ROOT, "conflicts", "-f", "json").stdout)
    assert [(c["entity"], c["property"]) for c in data] == [
        ("Payment under the 10th SMA", "amount in USD")]
    assert data[0]["kind"] == "contradicts"
    assert {v["source"] for v in data[0]["values"]} == {"000", "001", "003"}
    assert all(v["preferred"] is None for v in data[0]["values"])


def _prefer(workspace, source="000", claim="sma10-payment", about="payment-sma10",
            preferred="usdEquivalent: The figure given beside the won amount at the time of "
                      "signing."):
    """Add `preferred: {...}` to a claim of a copied fact file."""
    path = workspace / f"graph/facts/{source}.yaml"
    text = path.read_text(encoding="utf-8")
    anchor = f"  - id: {claim}\n    about: {about}\n"
    assert anchor in text
    path.write_text(text.replace(anchor, anchor + f"    preferred: {{{preferred}}}\n", 1),
                    encoding="utf-8")


def test_a_preferred_value_is_marked_and_the_others_stay(workspace):
    _prefer(workspace)
    data = json.loads(invoke(workspace, "conflicts", "-f", "json").stdout)
    values = {v["value"]: v for v in data[0]["values"]}
    assert set(values) == {"873000000", "871000000", "870000000"}
    assert values["873000000"]["preferred"].startswith("The figure given beside")
    assert values["871000000"]["preferred"] is None


def test_two_preferred_values_are_an_input_error(workspace):
    _prefer(workspace)
    _prefer(workspace, source="001", preferred="usdEquivalent: mine")
    result = invoke(workspace, "check")
    assert result.exit_code == 2
    assert "graph/facts/001.yaml:" in result.output
    assert "another value of 'usdEquivalent' for 'payment-sma10' is already preferred" in \
        result.output


def test_preferring_a_multi_valued_field_is_refused(workspace):
    _prefer(workspace, source="002", claim="sma12-round4-leads", about="sma12-round4",
            preferred="leadNegotiator: x")
    result = invoke(workspace, "check")
    assert result.exit_code == 2
    assert "'leadNegotiator' can hold several values, so none is preferred" in result.output


def test_schema_single_valued_fields_are_the_ontologys_functional_properties():
    graph = Graph().parse(ROOT / "ontology" / "sma.ttl")
    functional = {str(p)[len(str(SMA._NS)):] for p in graph.subjects(RDF.type,
                                                                       SMA.SingleValuedProperty)}
    fields = schema.all_field_names()
    assert schema.FUNCTIONAL == functional & fields
