"""`kgbuild diff`: the working tree's facts against a git revision, claim by claim, new
conflicts first."""

import json
import shutil
import subprocess

import pytest
from click.testing import CliRunner

from kgbuild.cli.main import main

from .conftest import ROOT, edit

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="needs git")

DATA = ROOT / "tests" / "data"


def invoke(root, *args):
    return CliRunner().invoke(main, ["--root", str(root), *args])


def git(root, *args):
    done = subprocess.run(["git", "-C", str(root), "-c", "user.name=Test",
                           "-c", "user.email=test@example.org", "-c", "commit.gpgsign=false",
                           *args], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    return done.stdout


@pytest.fixture
def repo(workspace):
    """The workspace as a git checkout with one commit: the seed graph."""
    git(workspace, "init", "-q")
    git(workspace, "add", "-A")
    git(workspace, "commit", "-q", "-m", "seed graph")
    return workspace


def rows(result):
    return [dict(r) for r in json.loads(result.stdout)]


def test_no_change_no_rows(repo):
    result = invoke(repo, "diff", "-f", "json")
    assert result.exit_code == 0, result.output
    assert rows(result) == []
    assert "0 new conflicts, 0 triples added, 0 removed" in result.stderr


def test_a_changed_value_is_removed_then_added(repo):
    edit(repo / "graph/facts/002.yaml", "endDate: 2024-06-27", "endDate: 2024-06-28")
    result = invoke(repo, "diff", "-f", "json")
    assert result.exit_code == 0, result.output
    assert rows(result) == [
        {"change": "-", "claim": "002/sma12-round4-dates", "subject": "sma12-round4",
         "property": "endDate", "value": "2024-06-27", "source": "002"},
        {"change": "+", "claim": "002/sma12-round4-dates", "subject": "sma12-round4",
         "property": "endDate", "value": "2024-06-28", "source": "002"},
    ]


def test_a_new_conflicting_value_is_listed_first(repo, tmp_path):
    added = invoke(repo, "source", "add", str(DATA / "round4-two-days.txt"), "--publisher",
                   "Korea Policy Wire", "--date", "2024-06-24")
    assert added.exit_code == 0, added.output
    accepted = invoke(repo, "suggest", "005", "-o", str(repo / "graph/facts/005.yaml"))
    assert accepted.exit_code == 0, accepted.output
    result = invoke(repo, "diff", "-f", "json")
    assert result.exit_code == 0, result.output
    found = rows(result)
    assert found[:2] == [
        {"change": "conflict+", "claim": "005/sma12-round4-dates", "subject": "sma12-round4",
         "property": "endDate", "value": "2024-06-26", "source": "005"},
        {"change": "conflict", "claim": "002/sma12-round4-dates", "subject": "sma12-round4",
         "property": "endDate", "value": "2024-06-27", "source": "002"},
    ]
    assert all(r["change"] == "+" for r in found[2:])
    assert {"change": "+", "claim": "005/sma12-round4-dates", "subject": "sma12-round4",
            "property": "startDate", "value": "2024-06-25", "source": "005"} in found
    assert "1 new conflict," in result.stderr and "sources added: 005" in result.stderr
    # The same disagreement, as the stored query shows it.
    query = invoke(repo, "query", "run", "source-disagreements", "-f", "json")
    end_dates = {(r["value"], r["source"]) for r in json.loads(query.stdout)
                 if r["property"] == "end date"}
    assert end_dates == {("2024-06-26", "005"), ("2024-06-27", "002")}


def test_a_wider_conflict_is_listed_too(repo):
    # usdEquivalent of the 10th SMA payment already has three values; a fourth widens it.
    edit(repo / "graph/facts/003.yaml", "usdEquivalent: 870000000", "usdEquivalent: 869000000")
    result = invoke(repo, "diff", "-f", "json")
    found = rows(result)
    assert found[0]["change"] == "conflict>" and found[0]["property"] == "usdEquivalent"
    assert [r["change"] for r in found if r["change"] in "+-"] == ["-", "+"]


def test_a_changed_quote_is_a_provenance_row(repo):
    edit(repo / "graph/facts/003.yaml", "quote: the operation of the U.S. Forces Korea.",
         "quote: the operation of the U.S. Forces Korea")
    result = invoke(repo, "diff", "-f", "json")
    assert rows(result) == [
        {"change": "provenance", "claim": "003/usfk", "subject": "", "property": "quote",
         "value": "the operation of the U.S. Forces Korea", "source": "003"}]


def test_against_an_older_revision(repo):
    edit(repo / "graph/facts/002.yaml", "endDate: 2024-06-27", "endDate: 2024-06-28")
    git(repo, "commit", "-q", "-am", "change")
    assert rows(invoke(repo, "diff", "-f", "json")) == []
    result = invoke(repo, "diff", "HEAD~1", "-f", "json")
    assert [r["change"] for r in rows(result)] == ["-", "+"]
    table = invoke(repo, "diff", "HEAD~1")
    assert table.stdout.splitlines()[0].split() == ["change", "claim", "subject", "property",
                                                    "value", "source"]


@pytest.mark.parametrize("args", [["no-such-branch"], ["--", "--output=/tmp/x"], ["HEAD~5"]],
                         ids=["no-such-branch", "option-like", "before-the-first-commit"])
def test_unknown_revision_exits_2(repo, args):
    result = invoke(repo, "diff", *args)
    assert result.exit_code == 2, result.output
    assert "unknown revision" in result.output and "Traceback" not in result.output


def test_outside_a_git_checkout_exits_2(tmp_path, monkeypatch):
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path))  # whatever holds tmp_path
    plain = tmp_path / "plain"
    for part in ("graph/sources", "graph/facts", "ontology", "queries"):
        shutil.copytree(ROOT / part, plain / part)
    result = invoke(plain, "diff")
    assert result.exit_code == 2
    assert "not a git checkout" in result.output


def test_a_project_in_a_subfolder_of_the_checkout(tmp_path):
    project = tmp_path / "repo" / "kg"
    for part in ("graph/sources", "graph/facts", "ontology", "queries"):
        shutil.copytree(ROOT / part, project / part)
    git(tmp_path / "repo", "init", "-q")
    git(tmp_path / "repo", "add", "-A")
    git(tmp_path / "repo", "commit", "-q", "-m", "seed")
    edit(project / "graph/facts/004.yaml", "roundsHeld: 8", "roundsHeld: 9")
    result = invoke(project, "diff", "-f", "json")
    assert [(r["change"], r["value"]) for r in rows(result)] == [("-", "8"), ("+", "9")]
