"""Each kind of disagreement, from a new article added to a copy of the graph.

The articles are invented for these tests (a few sentences each, no real reporting); each
makes one kind of disagreement with the curated sources, and `kgbuild conflicts`,
`source-disagreements` and `kgbuild diff` must each name it rightly.
"""

import hashlib
import json
import shutil

import pytest
from click.testing import CliRunner

from kgbuild.cli.main import main

from .test_curate_diff import git


def invoke(root, *args):
    return CliRunner().invoke(main, ["--root", str(root), *args])


def add_article(root, source_id, text, claims):
    """Register an invented article and its fact file in a copied project."""
    folder = root / "graph" / "sources"
    name = f"{source_id}_test.txt"
    (folder / name).write_text(text, encoding="utf-8")
    digest = hashlib.sha256((folder / name).read_bytes()).hexdigest()
    (folder / f"{source_id}.yaml").write_text(
        f'id: "{source_id}"\nfile: {name}\nsha256: {digest}\ntitle: null\n'
        "title_note: An article invented for the tests.\npublisher: null\n"
        "publisher_note: Invented.\nissued: null\n", encoding="utf-8")
    (root / "graph" / "facts" / f"{source_id}.yaml").write_text(
        f'source: "{source_id}"\nclaims:\n{claims}', encoding="utf-8")


# A month inside the year source 001 gives (2019): it refines the launch date.
REFINES = ("South Korea and the United States opened talks on the 11th Special Measures "
           "Agreement in September 2019, officials said.\n",
           """  - id: sma11-launch
    about: sma11
    quote: opened talks on the 11th Special Measures Agreement in September 2019
    says: {negotiationsLaunched: 2019-09}
""")
# Won with a hedged dollar figure, against sources 002 and 004's US$1.03 billion.
WON_AND_DOLLARS = ("For 2021, Seoul pays 1.18 trillion won, about US$890 million, under the "
                   "current deal.\n",
                   """  - id: sma11-payment
    about: payment-sma11-2021
    quote: For 2021, Seoul pays 1.18 trillion won, about US$890 million
    qualifier: about
    says: {amount: 1180000000000, currency: KRW, usdEquivalent: 890000000}
""")
# A dollar amount (not an equivalent) for the 10th SMA's payment, far from the others.
CONTRADICTS = ("Seoul agreed to pay US$925 million under the 10th SMA, a budget official "
               "said.\n",
               """  - id: sma10-payment
    about: payment-sma10
    quote: Seoul agreed to pay US$925 million under the 10th SMA
    says: {amount: 925000000, currency: USD}
""")
# A hedged round figure whose own rounding (to the billion) covers US$1.03 billion.
ROUNDED = ("The deal puts Seoul's payment for 2021 at about $1 billion.\n",
           """  - id: sma11-payment
    about: payment-sma11-2021
    quote: Seoul's payment for 2021 at about $1 billion
    qualifier: about
    says: {amount: 1000000000, currency: USD}
""")


def disagreements(root):
    result = invoke(root, "conflicts", "-f", "json")
    assert result.exit_code == 0, result.output
    return {(c["entity"], c["property"]): c for c in json.loads(result.stdout)}


def rows(root):
    result = invoke(root, "query", "run", "source-disagreements", "-f", "json")
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_a_month_inside_a_year_refines_it(workspace):
    add_article(workspace, "005", *REFINES)
    found = disagreements(workspace)
    launch = found[("11th Special Measures Agreement", "negotiations launched")]
    assert launch["kind"] == "refines"
    assert {(v["value"], v["source"], v["kind"]) for v in launch["values"]} == {
        ("2019", "001", "refines"), ("2019-09", "005", "refines")}
    text = invoke(workspace, "conflicts").stdout
    assert "11th Special Measures Agreement - negotiations launched: 2 values, refines" in text


def test_won_and_dollars_are_compared_in_dollars_not_against_the_won_amount(workspace):
    add_article(workspace, "005", *WON_AND_DOLLARS)
    found = disagreements(workspace)
    payment = "Payment under the 11th SMA for 2021"
    # The same payment in two currencies is no disagreement of amount or currency ...
    assert {prop for entity, prop in found if entity == payment} == {"amount in USD"}
    dollars = found[(payment, "amount in USD")]
    # ... the dollar figures are: 1.03 billion (given as the amount) against about 890
    # million (given as the equivalent).
    assert dollars["kind"] == "contradicts"
    assert {(v["value"], v["source"]) for v in dollars["values"]} == {
        ("1030000000", "002"), ("1030000000", "004"), ("890000000", "005")}
    rates = {v["source"]: v["implied_rate"] for v in dollars["values"]}
    assert rates == {"002": None, "004": None, "005": "1325.84 KRW per USD (derived)"}
    by_source = {r["source"]: r for r in rows(workspace) if r["entity"] == payment}
    assert by_source["005"]["kind"] == "contradicts"
    assert "won" in by_source["005"]["quote"]


def test_a_figure_outside_every_rounding_contradicts(workspace):
    add_article(workspace, "005", *CONTRADICTS)
    dollars = disagreements(workspace)[("Payment under the 10th SMA", "amount in USD")]
    assert dollars["kind"] == "contradicts"
    kinds = {(v["value"], v["source"]): v["kind"] for v in dollars["values"]}
    assert kinds == {("870000000", "003"): "contradicts", ("871000000", "001"): "contradicts",
                     ("873000000", "000"): "contradicts", ("925000000", "005"): "contradicts"}


def test_a_hedged_round_figure_is_within_rounding(workspace):
    add_article(workspace, "005", *ROUNDED)
    dollars = disagreements(workspace)[("Payment under the 11th SMA for 2021", "amount in USD")]
    assert dollars["kind"] == "within rounding"
    assert {v["kind"] for v in dollars["values"]} == {"within rounding"}


def test_the_curated_hedge_covers_the_two_conversions_but_they_differ(workspace):
    dollars = disagreements(workspace)[("Payment under the 10th SMA", "amount in USD")]
    kinds = {v["source"]: v["kind"] for v in dollars["values"]}
    # "about $870 million" covers 871 and 873 million; 871 and 873 are each given to the
    # million, from the same 1.04 trillion won at the rates their sources imply.
    assert kinds == {"003": "within rounding", "001": "contradicts", "000": "contradicts"}


@pytest.mark.skipif(shutil.which("git") is None, reason="needs git")
@pytest.mark.parametrize("article, change, counted", [
    (REFINES, "refines", "1 new value refining or within rounding"),
    (ROUNDED, "within rounding", "1 new value refining or within rounding"),
    (CONTRADICTS, "conflict>", "1 new conflict,"),
    (WON_AND_DOLLARS, "conflict+", "1 new conflict,"),
], ids=["refines", "within-rounding", "contradicts", "won-and-dollars"])
def test_diff_names_the_kind_of_a_new_value(workspace, article, change, counted):
    git(workspace, "init", "-q")
    git(workspace, "add", "-A")
    git(workspace, "commit", "-q", "-m", "seed graph")
    add_article(workspace, "005", *article)
    result = invoke(workspace, "diff", "-f", "json")
    assert result.exit_code == 0, result.output
    found = [dict(r) for r in json.loads(result.stdout)]
    new = [r for r in found if r["source"] == "005" and r["change"] not in ("+", "-")]
    assert [r["change"] for r in new] == [change]
    assert counted in result.stderr
    if change != "conflict+":
        assert "conflict+" not in {r["change"] for r in found}
