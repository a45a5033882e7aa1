"""Hostile and careless input files and arguments: each is one line naming file, line and
field, exit 2, and nothing written; never a traceback, a hang or a blow-up of memory."""

from __future__ import annotations

import os
import resource
import signal

import pytest

from .conftest import edit
from .hostile import assert_clean, assert_one_line_error, kg, kg_process, snapshot

ARTICLE = ("Harbour Ledger\n\nNegotiators from the two allies met in a harbour city on "
           "Monday to discuss the upkeep of a garrison, an official said.\n")


def line_of(path, needle) -> int:
    lines = path.read_text(encoding="utf-8").splitlines()
    return next(i for i, line in enumerate(lines, 1) if needle in line)


def build_fails(workspace, *mentions):
    """`kgbuild build` refuses the workspace in one line and writes no export."""
    out = workspace / "out"
    done = kg("build", "-o", str(out), root=workspace)
    assert_one_line_error(done, mentions=mentions)
    assert not out.exists() or not any(out.iterdir())
    return done


def limited(seconds: int = 30, memory: int = 3 << 30):
    """A child that cannot take more than `memory` bytes, and dies at the time limit."""
    def preexec():
        resource.setrlimit(resource.RLIMIT_AS, (memory, memory))
        signal.alarm(seconds)
    return preexec


# 5. Ids are matched whole: a final newline is not part of an id --------------------------------


@pytest.mark.parametrize("old,new,field", [
    ("  - id: troops\n", '  - id: "troops\\n"\n', "id"),
    ("    about: usfk\n    quote: the 28,500", '    about: "usfk\\n"\n    quote: the 28,500',
     "about"),
    ("ofAgreement: sma12\n", 'ofAgreement: "sma12\\n"\n', "ofAgreement"),
])
def test_an_id_with_a_final_newline_is_refused(workspace, old, new, field):
    edit(workspace / "graph/facts/002.yaml", old, new)
    build_fails(workspace, "graph/facts/002.yaml:", f"field '{field}'")


def test_source_add_refuses_an_id_with_a_final_newline(workspace, tmp_path):
    article = tmp_path / "article.txt"
    article.write_text(ARTICLE, encoding="utf-8")
    before = snapshot(workspace / "graph")
    done = kg("source", "add", str(article), "--publisher", "Harbour Ledger",
              "--id", "009\n", root=workspace)
    assert_one_line_error(done, mentions=["--id"])
    assert snapshot(workspace / "graph") == before


# 6. A source's url is a valid absolute http(s) IRI ----------------------------------------------


@pytest.mark.parametrize("url", ["http://example.org/a b", "http://example.org/a>b",
                                 "http://example.org/a\\\\b", "sma:foo",
                                 "http://example.org/\\u0001", "javascript:alert(1)"])
def test_a_source_url_that_is_not_a_web_address_is_refused(workspace, url):
    meta = workspace / "graph/sources/002.yaml"
    meta.write_text(meta.read_text(encoding="utf-8") + f'url: "{url}"\n', encoding="utf-8")
    build_fails(workspace, "graph/sources/002.yaml:", "field 'url'")


@pytest.mark.parametrize("url", ["http://example.org/\x01", "http://example.org/a\x7fb",
                                 "http://exa mple.org/", "http://", "https:///path"])
def test_source_add_refuses_a_url_that_is_not_a_web_address(workspace, tmp_path, url):
    article = tmp_path / "article.txt"
    article.write_text(ARTICLE, encoding="utf-8")
    before = snapshot(workspace / "graph")
    done = kg("source", "add", str(article), "--publisher", "Harbour Ledger", "--url", url,
              root=workspace)
    assert_one_line_error(done, mentions=["--url"])
    assert snapshot(workspace / "graph") == before


# 7. YAML that blows up a parser or a number ----------------------------------------------------


def test_yaml_nested_a_thousand_deep(workspace):
    path = workspace / "graph/facts/002.yaml"
    path.write_text('source: "002"\nclaims: ' + "[" * 1000 + "]" * 1000 + "\n",
                    encoding="utf-8")
    build_fails(workspace, "graph/facts/002.yaml:2", "nest")


def test_yaml_nested_a_thousand_deep_in_block_style(workspace):
    path = workspace / "graph/facts/002.yaml"
    text = 'source: "002"\nclaims:\n' + "".join(
        " " * i + "- \n" for i in range(0, 600))
    path.write_text(text, encoding="utf-8")
    build_fails(workspace, "graph/facts/002.yaml:", "nest")


@pytest.mark.parametrize("old,new,field", [
    ("      ordinal: 4\n", "      ordinal: " + "7" * 5000 + "\n", "ordinal"),
    ("      ordinal: 4\n", "      ordinal: 1.0e+1000000\n", "ordinal"),
    ("      ordinal: 4\n", "      ordinal: 0x" + "f" * 5000 + "\n", "ordinal"),
    ("      ordinal: 4\n", "      ordinal: -1.0e-1000000\n", "ordinal"),
])
def test_huge_numbers(workspace, old, new, field):
    path = workspace / "graph/facts/002.yaml"
    edit(path, old, new)
    build_fails(workspace, f"graph/facts/002.yaml:{line_of(path, 'ordinal:')}",
                f"field '{field}'")


@pytest.mark.parametrize("value", ["1.0e+1000000", "9" * 5000, "1e-1000000", ".inf", ".nan"])
def test_huge_amounts(workspace, value):
    path = workspace / "graph/facts/002.yaml"
    edit(path, "      amount: 5000000000\n", f"      amount: {value}\n")
    build_fails(workspace, f"graph/facts/002.yaml:{line_of(path, 'amount: ' + value[:9])}",
                "field 'amount'")


@pytest.mark.parametrize("escape", ["\\ud800", "\\udfff", "\\U0010ffff\\ud83d"])
def test_a_lone_surrogate_in_yaml(workspace, escape):
    path = workspace / "graph/facts/002.yaml"
    edit(path, "      label: Next SMA, round 4\n", f'      label: "round {escape}"\n')
    at = line_of(path, 'label: "round')
    build_fails(workspace, f"graph/facts/002.yaml:{at}", "field 'label'")


@pytest.mark.parametrize("folder", ["graph/facts", "graph/sources"])
def test_a_directory_named_like_a_yaml_file(workspace, folder):
    (workspace / folder / "005.yaml").mkdir()
    build_fails(workspace, f"{folder}/005.yaml")


def test_a_directory_named_like_an_article(workspace):
    (workspace / "graph/sources/005_0123456789abcdef.txt").mkdir()
    build_fails(workspace, "graph/sources/005_0123456789abcdef.txt")


# 8. Reads are bounded and of regular files only -------------------------------------------------


@pytest.mark.parametrize("kind", ["zero", "fifo", "urandom"])
def test_a_fact_file_that_is_not_a_regular_file(workspace, kind):
    path = workspace / "graph/facts/005.yaml"
    if kind == "fifo":
        os.mkfifo(path)
    else:
        path.symlink_to(f"/dev/{kind}")
    done = kg_process("check", root=workspace, preexec=limited())
    assert_one_line_error(done, mentions=["graph/facts/005.yaml", "regular file"])


@pytest.mark.parametrize("kind", ["zero", "fifo"])
def test_source_add_of_a_file_that_is_not_a_regular_file(workspace, tmp_path, kind):
    path = tmp_path / "article.txt"
    if kind == "fifo":
        os.mkfifo(path)
    else:
        path.symlink_to("/dev/zero")
    before = snapshot(workspace / "graph")
    done = kg_process("source", "add", str(path), "--publisher", "Harbour Ledger",
                      root=workspace, preexec=limited())
    assert_one_line_error(done, mentions=[str(path), "regular file"])
    assert snapshot(workspace / "graph") == before


def test_a_source_text_that_is_a_fifo(workspace):
    text = next((workspace / "graph/sources").glob("002_*.txt"))
    text.unlink()
    os.mkfifo(text)
    done = kg_process("check", root=workspace, preexec=limited())
    assert_one_line_error(done, mentions=[text.name])


# 9. Command-line text that is not UTF-8 ---------------------------------------------------------


def test_a_parameter_that_is_not_utf8():
    done = kg_process("query", "run", "claim-evidence", "-p", b"source=\xff")
    assert_one_line_error(done, mentions=["--param", "UTF-8"])


@pytest.mark.parametrize("option,value", [("--publisher", b"Caf\xe9"), ("--title", b"\xff"),
                                          ("--url", b"http://example.org/\xe9"),
                                          ("--date", b"2024-01-0\xff"), ("--id", b"0\xff9")])
def test_source_add_arguments_that_are_not_utf8(workspace, tmp_path, option, value):
    article = tmp_path / "article.txt"
    article.write_text(ARTICLE, encoding="utf-8")
    before = snapshot(workspace / "graph")
    args = ["source", "add", str(article), "--publisher", "Harbour Ledger", option, value]
    done = kg_process(*args, root=workspace)
    assert_one_line_error(done, mentions=[option, "UTF-8"])
    assert snapshot(workspace / "graph") == before
    assert kg("check", root=workspace).exit_code == 0


def test_a_query_name_that_is_not_utf8():
    done = kg_process("query", "run", b"sour\xffces")
    assert_clean(done, codes=(2,))
    assert "sour" in done.stderr


def test_an_article_path_that_is_not_utf8(workspace, tmp_path):
    article = tmp_path / "art\udcffcle.txt"
    article.write_text(ARTICLE, encoding="utf-8")
    done = kg_process("source", "add", os.fsencode(article), "--publisher", "Harbour Ledger",
                      root=workspace)
    assert_clean(done)


# 15. Messages: characters the checks let through, messages split over lines ----------------------


@pytest.mark.parametrize("value", ["http://example.org/a\x85b", "http://example.org/a\u2028b",
                                   "http://example.org/a\u00a0b", "seoul\x85"])
def test_an_iri_parameter_with_a_next_line_character(value):
    done = kg("query", "run", "entity-facts", "-p", f"entity={value}")
    assert_one_line_error(done, mentions=["parameter 'entity'"])


def test_a_literal_parameter_with_a_next_line_character():
    done = kg("query", "run", "claim-evidence", "-p", "source=003\x85")
    assert_clean(done, codes=(0,))
    assert "(0 rows)" in done.stdout


@pytest.mark.parametrize("value", ["seoul\\n", "seoul\\r\\nx", "seoul\\u2028", "seoul\\x85"])
def test_a_reference_with_a_line_break_is_one_line_of_error(workspace, value):
    path = workspace / "graph/facts/002.yaml"
    edit(path, "says: {roundLocation: seoul,", f'says: {{roundLocation: "{value}",')
    build_fails(workspace, f"graph/facts/002.yaml:{line_of(path, 'roundLocation')}",
                "field 'roundLocation'")


@pytest.mark.parametrize("quote", ["a", "'.'", "the", "'  a  '"])
def test_a_quote_too_short_to_show_anything_is_refused(workspace, quote):
    path = workspace / "graph/facts/002.yaml"
    edit(path, "    quote: the 28,500-strong American troops here\n",
         f"    quote: {quote}\n")
    build_fails(workspace, f"graph/facts/002.yaml:{line_of(path, 'quote: ' + quote)}",
                "field 'quote'")


def test_every_error_line_of_a_failed_build_is_one_line(workspace):
    path = workspace / "graph/facts/002.yaml"
    edit(path, "says: {roundLocation: seoul,", 'says: {roundLocation: "se\\noul",')
    edit(path, "  - id: troops\n", '  - id: "troops\\n"\n')
    done = kg("build", "-o", str(workspace / "out"), root=workspace)
    assert_clean(done, codes=(2,))
    lines = done.stderr.strip().split("\n")
    assert all(line.startswith("error: ") for line in lines[:-1]), done.stderr
    assert lines[-1].startswith("error: ") or lines[-1].endswith("nothing was written")
    assert "\\n" in done.stderr  # the newline shown as an escape, not a break


@pytest.mark.parametrize("text", ["a", " . ", "the"])
def test_quote_command_refuses_a_quote_too_short_to_show_anything(text):
    done = kg("quote", "000", text)
    assert_one_line_error(done, mentions=["TEXT", "too short"])
