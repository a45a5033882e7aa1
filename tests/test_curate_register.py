"""`kgbuild source add`: the text as received, metadata quoted or null, all files or none."""

import hashlib
import os

import pytest
from click.testing import CliRunner

from kgbuild.cli.main import main
from kgbuild.curate import intake
from kgbuild.errors import KgError
from kgbuild.inputs.sources import load_sources

from .conftest import ROOT

DATA = ROOT / "tests" / "data"
ARTICLE = DATA / "round9-washington.txt"


def invoke(root, *args):
    return CliRunner().invoke(main, ["--root", str(root), *args])


def add(root, path, *options):
    return invoke(root, "source", "add", str(path), *options)


def listing(root):
    return sorted(str(p.relative_to(root)) for p in (root / "graph").rglob("*"))


def test_add_copies_the_text_and_writes_metadata_that_loads(workspace):
    result = add(workspace, ARTICLE, "--publisher", "The Seoul Observer", "--date", "2024-09-02",
                 "--title", "S. Korea, US to hold ninth round", "--url",
                 "https://example.org/ninth-round")
    assert result.exit_code == 0, result.output
    assert result.stdout == "005\n"
    digest = hashlib.sha256(ARTICLE.read_bytes()).hexdigest()
    text_file = workspace / "graph/sources" / f"005_{digest[:16]}.txt"
    assert text_file.read_bytes() == ARTICLE.read_bytes()
    src = load_sources(workspace)["005"]
    assert src.sha256 == digest
    assert src.title == "S. Korea, US to hold ninth round"
    assert src.url == "https://example.org/ninth-round"
    assert src.issued == "2024-09-02"
    assert src.refs["publisher"] == ("the-seoul-observer", "The Seoul Observer")
    meta = (workspace / "graph/sources/005.yaml").read_text(encoding="utf-8")
    assert "issued_quote: Sept. 2, 2024" in meta
    # The publisher is new: its declaration, quoted, is the fact file's one claim.
    facts = (workspace / "graph/facts/005.yaml").read_text(encoding="utf-8")
    assert "about: the-seoul-observer" in facts and "type: Organization" in facts
    check = invoke(workspace, "check")
    assert check.exit_code == 0, check.output


def test_what_the_text_does_not_state_is_null_with_a_note(workspace):
    result = add(workspace, DATA / "round4-two-days.txt", "--publisher", "Korea Policy Wire",
                 "--date", "2024-06-24")
    assert result.exit_code == 0, result.output
    src = load_sources(workspace)["005"]
    assert src.refs == {} and src.issued is None
    assert src.issued_inferred == "2024-06-24"
    assert "states no date" in src.issued_reasoning
    assert any("does not name its publisher" in n and "Korea Policy Wire" in n
               for n in src.notes)
    # Nothing to declare, so no fact file: an empty one would not load.
    assert not (workspace / "graph/facts/005.yaml").exists()
    assert "publisher left null" in result.stderr
    assert invoke(workspace, "check").exit_code == 0


def test_known_publisher_by_id_and_no_date(workspace):
    assert add(workspace, ARTICLE, "--publisher", "The Seoul Observer").exit_code == 0
    result = add(workspace, DATA / "sma12-deal.txt", "--publisher", "the-seoul-observer")
    assert result.exit_code == 0, result.output
    src = load_sources(workspace)["006"]
    assert src.refs["publisher"][0] == "the-seoul-observer"
    assert src.issued is None and src.issued_inferred is None
    assert "no --date" in result.stderr
    assert invoke(workspace, "check").exit_code == 0


def test_line_endings_become_newlines_and_the_digest_is_of_the_stored_text(workspace, tmp_path):
    crlf = tmp_path / "crlf.txt"
    crlf.write_bytes(ARTICLE.read_bytes().replace(b"\n", b"\r\n"))
    assert add(workspace, crlf, "--publisher", "yonhap").exit_code == 0
    stored = next((workspace / "graph/sources").glob("005_*.txt")).read_bytes()
    assert b"\r" not in stored and stored == ARTICLE.read_bytes()
    # The same article with other line endings is the same article.
    again = add(workspace, ARTICLE, "--publisher", "yonhap")
    assert again.exit_code == 2 and "already registered as source 005" in again.output


def test_a_duplicate_is_refused_naming_the_existing_source(workspace, tmp_path):
    before = listing(workspace)
    copy = tmp_path / "copy.txt"
    copy.write_bytes(next((ROOT / "graph/sources").glob("002_*.txt")).read_bytes())
    result = add(workspace, copy, "--publisher", "yonhap")
    assert result.exit_code == 2
    assert "already registered as source 002" in result.output
    assert "Traceback" not in result.output
    assert listing(workspace) == before


def test_non_utf8_is_refused_and_nothing_is_written(workspace, tmp_path):
    before = listing(workspace)
    legacy = tmp_path / "cp949.txt"
    legacy.write_bytes("서울, 방위비 분담금 협상".encode("cp949"))
    result = add(workspace, legacy, "--publisher", "yonhap")
    assert result.exit_code == 2
    assert "not valid UTF-8" in result.output and "iconv" in result.output
    assert listing(workspace) == before


def test_empty_article_is_refused(workspace, tmp_path):
    empty = tmp_path / "empty.txt"
    empty.write_text(" \n\n", encoding="utf-8")
    result = add(workspace, empty, "--publisher", "yonhap")
    assert result.exit_code == 2 and "the article is empty" in result.output


def test_files_appear_together_or_not_at_all(workspace, monkeypatch):
    before = listing(workspace)
    real_replace = os.replace
    calls = []

    def failing_replace(src, dst):
        calls.append(dst)
        if len(calls) == 2:
            raise OSError("disk full")
        real_replace(src, dst)

    monkeypatch.setattr(intake.os, "replace", failing_replace)
    with pytest.raises(OSError):
        intake.register(workspace, ARTICLE, publisher="The Seoul Observer", date="2024-09-02")
    assert len(calls) == 2
    assert listing(workspace) == before  # the first file renamed is removed, no temp files left


@pytest.mark.parametrize("options, message", [
    (["--publisher", "korea-herald"], "no organisation 'korea-herald' in the graph"),
    (["--publisher", "seoul"], "'seoul' is a Place, not an Organization"),
    (["--publisher", "yonhap", "--date", "2024-02-30"], "invalid date '2024-02-30'"),
    (["--publisher", "yonhap", "--id", "004"], "source id '004' is already used"),
    (["--publisher", "yonhap", "--id", "a/b"], "invalid source id"),
    (["--publisher", "yonhap", "--url", "not a url"], "not an http(s) URL"),
    ([], "Missing option '--publisher'"),
], ids=["unknown-org-id", "not-an-org", "bad-date", "taken-id", "bad-id", "bad-url",
        "no-publisher"])
def test_bad_options_exit_2_and_write_nothing(workspace, options, message):
    before = listing(workspace)
    result = add(workspace, ARTICLE, *options)
    assert result.exit_code == 2, result.output
    assert message in result.output
    assert listing(workspace) == before


def test_unknown_organisation_id_says_how_to_name_a_new_one(workspace):
    result = add(workspace, ARTICLE, "--publisher", "korea-herald")
    assert '--publisher "The Korea Herald"' in result.output
    assert "yonhap" in result.output  # the known ones are listed


def test_explicit_id_and_the_next_free_one(workspace):
    result = add(workspace, ARTICLE, "--publisher", "yonhap", "--id", "042")
    assert result.exit_code == 0, result.output
    assert (workspace / "graph/sources/042.yaml").is_file()
    assert intake.next_id(workspace) == "043"


def test_a_project_that_does_not_load_is_not_added_to(workspace):
    facts = workspace / "graph/facts/002.yaml"
    facts.write_text(facts.read_text(encoding="utf-8").replace("currency: USD", "currency: USX"),
                     encoding="utf-8")
    before = listing(workspace)
    with pytest.raises(KgError, match="unknown currency"):
        intake.register(workspace, ARTICLE, publisher="yonhap")
    assert listing(workspace) == before


def test_an_article_put_in_graph_sources_by_hand_is_refused(workspace):
    inside = workspace / "graph/sources/new-article.txt"
    inside.write_bytes(ARTICLE.read_bytes())
    result = add(workspace, inside, "--publisher", "yonhap")
    assert result.exit_code == 2
    assert "already inside graph/sources/" in result.output and "keep it elsewhere" in result.output


def test_a_publisher_named_as_a_dateline_prints_it_is_the_known_organisation(workspace,
                                                                             tmp_path):
    article = tmp_path / "wire.txt"
    article.write_text("SEOUL, June 3 (Yonhap) -- The allies held talks on Monday.\n",
                       encoding="utf-8")
    result = add(workspace, article, "--publisher", "Yonhap")
    assert result.exit_code == 0, result.output
    meta = (workspace / "graph/sources/005.yaml").read_text(encoding="utf-8")
    assert "publisher: yonhap" in meta and "publisher_quote: Yonhap" in meta
    assert not (workspace / "graph/sources/yonhap-2.yaml").exists()
