"""Three statuses: stated, reported (the source hedges), inferred (a curator's reasoning)."""

from click.testing import CliRunner
from rdflib import Literal

from kgbuild.cli.main import main
from kgbuild.rdf.vocab import CLAIM, GRAPH_PROVENANCE, SMA

from .conftest import edit


def invoke(root, *args):
    return CliRunner().invoke(main, ["--root", str(root), *args])


def test_a_hedged_claim_is_reported_with_its_hedge(dataset):
    prov = dataset.graph(GRAPH_PROVENANCE)
    claim = CLAIM["000/sma11-round1"]
    assert prov.value(claim, SMA.status) == SMA.Reported
    assert prov.value(claim, SMA.qualifier) == Literal("likely")
    assert prov.value(CLAIM["001/sma11-round1"], SMA.status) == SMA.Stated


def test_queries_show_the_reported_status(run):
    rows = {r["claim"]: r for r in run("claim-evidence")}
    assert rows["003/next-round"]["status"] == "reported"
    assert rows["003/next-round-inferred"]["status"] == "inferred"
    facts = run("entity-facts", entity="us-demand-higher-contribution")
    assert {r["status"] for r in facts if r["source"] == "000"} >= {"reported", "inferred"}


def test_reported_and_inferred_together_are_refused(workspace):
    edit(workspace / "graph/facts/003.yaml", "    reported: expected\n",
         "    reported: expected\n    inferred: because\n")
    result = invoke(workspace, "check")
    assert result.exit_code == 2
    assert result.output.startswith("error: graph/facts/003.yaml:")
    assert "'reported' and 'inferred' together" in result.output


def test_a_hedge_not_in_the_quote_is_refused(workspace):
    edit(workspace / "graph/facts/003.yaml", "    reported: expected\n",
         "    reported: rumoured\n")
    result = invoke(workspace, "check")
    assert result.exit_code == 2
    assert "field 'reported': reported 'rumoured' is not in the quote" in result.output
