"""`kgbuild coverage`: every sentence of every source accounted for."""

import json

from click.testing import CliRunner

from kgbuild.cli.main import main
from kgbuild.curate.coverage import sentences

from .conftest import edit


def invoke(root, *args):
    return CliRunner().invoke(main, ["--root", str(root), *args])


def test_sentences_split_at_end_marks_not_at_abbreviations():
    text = ('The U.S. Forces Korea met on Feb. 10, 2019. "We agree." S. Korea said so.\n\n'
            "Since 1991, Seoul has paid. (Yonhap)\nBack To Top")
    found = [s.text(text) for s in sentences(text)]
    assert found == ["The U.S. Forces Korea met on Feb. 10, 2019.", '"We agree."',
                     "S. Korea said so.", "Since 1991, Seoul has paid. (Yonhap)",
                     "Back To Top"]
    assert [s.line for s in sentences(text)] == [1, 1, 1, 3, 4]


def test_the_five_articles_are_fully_accounted_for(workspace):
    result = invoke(workspace, "coverage")
    assert result.exit_code == 0, result.output
    assert "79 of 79 sentences accounted for" in result.output
    data = json.loads(invoke(workspace, "coverage", "-f", "json").output)
    assert sorted(data) == ["000", "001", "002", "003", "004"]
    states = {row["state"] for rows in data.values() for row in rows}
    assert states == {"covered", "nothing to state", "repeat"}
    signing = data["000"][2]
    assert signing["sentence"].startswith("Chang Won-sam (R)")
    assert "000/sma10-signing" in signing["claims"]
    repeat = [row for row in data["003"] if row["state"] == "repeat"]
    assert [(r["number"], r["repeats"]) for r in repeat] == [(18, 17)]


def test_a_sentence_nobody_accounts_for_fails(workspace):
    edit(workspace / "graph/facts/004.yaml",
         "  - quote: Comments are closed, but trackbacks and pingbacks are open.\n"
         "    reason: Page furniture.\n", "")
    result = invoke(workspace, "coverage", "004", "--gaps")
    assert result.exit_code == 1
    assert "14 line 27  MISSING: Comments are closed" in result.output
    assert "13 of 14 sentences accounted for; 1 not" in result.output
    assert "source 004 sentence 14 (line 27)" in result.output


def test_a_mark_on_a_quoted_sentence_is_stale(workspace):
    edit(workspace / "graph/facts/004.yaml",
         "  - quote: Comments are closed, but trackbacks and pingbacks are open.\n",
         "  - quote: Linda Specht, the US chief negotiator\n")
    result = invoke(workspace, "coverage", "004")
    assert result.exit_code == 1
    assert "stale mark: Following the seventh round" in result.output


def test_a_malformed_mark_is_bad_input(workspace):
    edit(workspace / "graph/facts/004.yaml", "    reason: Page furniture.\n",
         "    reasn: Page furniture.\n")
    result = invoke(workspace, "coverage")
    assert result.exit_code == 2
    assert result.output.startswith("error: graph/facts/004.yaml:")
    assert "unknown key 'reasn' (did you mean 'reason'?)" in result.output
    assert "Traceback" not in result.output


def test_a_mark_must_quote_the_article(workspace):
    edit(workspace / "graph/facts/004.yaml", "  - quote: Comments are closed,",
         "  - quote: Comments are open,")
    result = invoke(workspace, "check")
    assert result.exit_code == 2
    assert "field 'quote': quote not found in graph/sources/004_" in result.output
