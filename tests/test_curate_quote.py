"""`kgbuild quote`: a passage found despite typography, its offsets, a claim ready to paste."""

from pathlib import Path

import yaml
from click.testing import CliRunner

from kgbuild.cli.main import main
from kgbuild.inputs.sources import load_sources

from .conftest import ROOT

ARTICLE = ROOT / "tests" / "data" / "round9-washington.txt"


def invoke(root, *args):
    return CliRunner().invoke(main, ["--root", str(root), *args])


def registered(workspace: Path) -> Path:
    result = invoke(workspace, "source", "add", str(ARTICLE), "--publisher",
                    "The Seoul Observer", "--date", "2024-09-02")
    assert result.exit_code == 0, result.output
    return workspace


def test_found_with_offsets_and_the_original_characters(workspace):
    root = registered(workspace)
    # Typed with a straight apostrophe and a plain space; the article has a curly one and a
    # no-break space.
    typed = "Under Donald Trump's presidency, Washington demanded that Seoul pay $5 billion"
    result = invoke(root, "quote", "005", typed)
    assert result.exit_code == 0, result.output
    text = load_sources(root)["005"].text
    first = result.stdout.splitlines()[0]
    offsets = first.rsplit("characters ", 1)[1]
    start, end = (int(n) for n in offsets.split("-"))
    assert text[start:end] == ("Under Donald Trump\u2019s presidency, Washington demanded that "
                               "Seoul pay $5\u00a0billion")
    line = text[:start].count("\n") + 1
    assert first.startswith("graph/sources/005_") and f".txt:{line}:1:" in first
    assert result.stdout.splitlines()[1] == text[start:end]


def test_the_snippet_is_yaml_whose_quote_the_builder_finds(workspace):
    root = registered(workspace)
    result = invoke(root, "quote", "005", "the ninth round of their negotiations")
    assert result.exit_code == 0, result.output
    marker = "(set id, about and says; fields: kgbuild/inputs/schema.py):\n"
    snippet = result.stdout.split(marker)[1]
    claim = yaml.safe_load(snippet)[0]
    assert set(claim) == {"id", "about", "quote", "says"}
    source = load_sources(root)["005"]
    assert source.locate(claim["quote"]) is not None
    assert "in the sentence: SEOUL, Sept. 2 (The Seoul Observer) -- South Korea" in result.stdout


def test_line_breaks_in_the_typed_text_still_match(workspace):
    root = registered(workspace)
    result = invoke(root, "quote", "005", "the cost of stationing\nAmerican   troops here")
    assert result.exit_code == 0, result.output


def test_not_found_prints_the_nearest_passage_and_exits_2(workspace):
    root = registered(workspace)
    result = invoke(root, "quote", "005", "Seoul agreed to pay 1.04 trillion won ($870 million)")
    assert result.exit_code == 2
    assert result.stdout == ""
    assert "quote not found" in result.stderr and "nearest passages:" in result.stderr
    first = result.stderr.split("nearest passages:\n")[1].splitlines()[0]
    assert "Seoul agreed to pay 1.04 trillion won (US$873 million)" in first
    assert "Traceback" not in result.output


def test_a_repeated_passage_says_the_first_is_cited():
    result = invoke(ROOT, "quote", "003", "Jeong Eun-bo (R)")
    assert result.exit_code == 0
    assert "also found 1 more time" in result.stderr


def test_unknown_source_lists_the_known_ones():
    result = invoke(ROOT, "quote", "099", "anything")
    assert result.exit_code == 2
    assert "no source '099'" in result.output and "000, 001" in result.output
