"""Bad input: a one-line message naming file, line and field, exit 2, outputs untouched."""

import shutil

import pytest
from click.testing import CliRunner

from kgbuild.cli.main import main

from .conftest import ROOT, edit


def build(root, out):
    return CliRunner().invoke(main, ["--root", str(root), "build", "-o", str(out)])


CASES = {
    "yaml-syntax": ("graph/facts/000.yaml", "claims:\n", "claims: [\n",
                    "graph/facts/000.yaml:", "YAML syntax error"),
    "unknown-claim-key": ("graph/facts/001.yaml", "    quote: The first round", "    qoute: x\n    quote: The first round",
                          "graph/facts/001.yaml:", "unknown key 'qoute' (did you mean 'quote'?)"),
    "misspelt-field": ("graph/facts/002.yaml", "      ordinal: 4\n", "      ordinl: 4\n",
                       "graph/facts/002.yaml:", "unknown field 'ordinl' for a Round"),
    "missing-quote": ("graph/facts/003.yaml", "    quote: the upkeep of 28,500 American troops here\n", "",
                      "graph/facts/003.yaml:", "field 'quote': missing required key"),
    "quote-not-in-source": ("graph/facts/000.yaml", "(US$873 million)", "(US$875 million)",
                            "graph/facts/000.yaml:", "field 'quote': quote not found in graph/sources/000_"),
    "empty-quote": ("graph/facts/004.yaml", "    quote: –IANS", '    quote: "  "',
                    "graph/facts/004.yaml:", "field 'quote': the quote is empty"),
    "wrong-type": ("graph/facts/002.yaml", "      ordinal: 4\n", "      ordinal: four\n",
                   "graph/facts/002.yaml:", "field 'ordinal': expected a whole number"),
    "negative-amount": ("graph/facts/002.yaml", "      amount: 1030000000", "      amount: -1030000000",
                        "graph/facts/002.yaml:", "amount -1030000000 is negative"),
    "unknown-currency": ("graph/facts/002.yaml", "currency: USD", "currency: USX",
                         "graph/facts/002.yaml:", "unknown currency 'USX'"),
    "impossible-date": ("graph/facts/002.yaml", "startDate: 2024-06-25", "startDate: 2024-06-31",
                        "graph/facts/002.yaml:", "impossible date '2024-06-31'"),
    "end-before-start": ("graph/facts/002.yaml", "endDate: 2024-06-27", "endDate: 2024-06-20",
                         "graph/facts/002.yaml:", "endDate 2024-06-20 is before startDate"),
    "unknown-entity": ("graph/facts/002.yaml", "ofAgreement: sma12\n", "ofAgreement: sma-12\n",
                       "graph/facts/002.yaml:", "unknown entity 'sma-12'"),
    "reference-of-wrong-type": ("graph/facts/002.yaml", "ofAgreement: sma12\n", "ofAgreement: seoul\n",
                                "graph/facts/002.yaml:", "'seoul' is a Place, not a Agreement"),
    "duplicate-claim-id": ("graph/facts/003.yaml", "  - id: usfk\n", "  - id: troops\n",
                           "graph/facts/003.yaml:", "duplicate claim id 'troops'"),
    "duplicate-key": ("graph/facts/003.yaml", "    about: usfk\n    quote: the operation", "    about: usfk\n    about: usfk\n    quote: the operation",
                      "graph/facts/003.yaml:", "duplicate key 'about'"),
    "unknown-source": ("graph/facts/004.yaml", 'source: "004"', 'source: "044"',
                       "graph/facts/004.yaml:", "unknown source '044'"),
    "unquoted-source-id": ("graph/facts/004.yaml", 'source: "004"', "source: 4",
                           "graph/facts/004.yaml:", "must be quoted"),
    "verbatim-not-in-quote": ("graph/facts/002.yaml", "roleTitle: chief negotiator}", "roleTitle: top negotiator}",
                              "graph/facts/002.yaml:", "'top negotiator' is not in the quote"),
    "inferred-without-reasoning": ("graph/facts/002.yaml", "    inferred: April of the article's year, 2024 (the article is dated 2024-06-24).\n", "    inferred:\n",
                                   "graph/facts/002.yaml:", "'inferred' needs the reasoning"),
    "agreement-cycle": ("graph/facts/001.yaml", "    says: {precededBy: sma10}", "    says: {precededBy: sma12}",
                        "graph/facts/002.yaml:", "precede each other in a cycle: sma11 -> sma12 -> sma11"),
    "conflicting-type": ("graph/facts/003.yaml", "says: {type: Organization, label: U.S. Forces Korea}", "says: {type: Place, label: U.S. Forces Korea}",
                         "graph/facts/003.yaml:", "is typed Place here but Organization"),
    "label-conflict": ("graph/facts/003.yaml", "label: U.S. Forces Korea}", "label: USFK}",
                       "graph/facts/003.yaml:", "label 'USFK' differs from"),
    "yaml-alias": ("graph/facts/003.yaml", "    says: {troopStrength: 28500}", "    says: &x {troopStrength: 28500}",
                   "graph/facts/003.yaml:", "anchors (&name) are not allowed"),
    "sha-mismatch": ("graph/sources/000.yaml", "sha256: f1c1", "sha256: 0000",
                     "graph/sources/000.yaml:", "field 'sha256': sha256 0000"),
    "metadata-quote": ("graph/sources/003.yaml", "All News 09:00 January 24, 2020", "All News 09:00 January 25, 2020",
                       "graph/sources/003.yaml:", "field 'issued_quote': quote not found"),
    "impossible-issued": ("graph/sources/002.yaml", "issued: 2024-06-24", "issued: 2024-02-30",
                          "graph/sources/002.yaml:", "invalid date '2024-02-30'"),
}


@pytest.fixture(scope="module")
def seed_out(tmp_path_factory):
    out = tmp_path_factory.mktemp("seed") / "dist"
    first = build(ROOT, out)
    assert first.exit_code == 0, first.output
    return out


@pytest.fixture
def previous(seed_out, tmp_path):
    """A copy of a good build's exports, which a failed build must leave as they are."""
    out = tmp_path / "dist"
    shutil.copytree(seed_out, out)
    return out, {p.name: p.read_bytes() for p in out.iterdir()}


def assert_refused(case, workspace, previous):
    """Break the input as the case says; the build must refuse it cleanly, exports untouched."""
    rel, old, new, where, message = case
    edit(workspace / rel, old, new)
    out, before = previous
    result = build(workspace, out)
    assert result.exit_code == 2, result.output
    assert result.output.startswith(f"error: {where}"), result.output
    assert message in result.output, result.output
    assert "Traceback" not in result.output
    assert {p.name: p.read_bytes() for p in out.iterdir()} == before


@pytest.mark.parametrize("case", sorted(CASES))
def test_bad_input_is_reported_and_leaves_outputs_untouched(case, workspace, previous):
    assert_refused(CASES[case], workspace, previous)


def test_case_count():
    assert len(CASES) >= 25


def test_non_utf8_source_text(workspace, tmp_path):
    path = workspace / "graph/sources/001_7bae7687850ca3d2.txt"
    path.write_bytes(path.read_bytes().replace(b"charge d'affaires", b"charg\xe9"))
    result = build(workspace, tmp_path / "out")
    assert result.exit_code == 2
    assert "graph/sources/001_7bae7687850ca3d2.txt:" in result.output
    assert "not valid UTF-8" in result.output


def test_empty_fact_file(workspace, tmp_path):
    (workspace / "graph/facts/004.yaml").write_text("\n", encoding="utf-8")
    result = build(workspace, tmp_path / "out")
    assert result.exit_code == 2 and "graph/facts/004.yaml: file is empty" in result.output


def test_yaml_error_shows_the_line_and_a_caret(workspace, tmp_path):
    edit(workspace / "graph/facts/000.yaml", "    about: south-korea\n",
         "    about: south-korea\n   bad: [\n")
    result = build(workspace, tmp_path / "out")
    assert result.exit_code == 2
    assert "^" in result.output
    assert not (tmp_path / "out").exists()


HAND_WRITTEN = {
    "alias-bomb": ("graph/facts/004.yaml", "claims:\n",
                   'bomb: &a ["x", "x", "x"]\nbomb2: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\nclaims:\n',
                   "graph/facts/004.yaml:", "anchors (&name) are not allowed"),
    "alias-use": ("graph/facts/003.yaml", "    says: {troopStrength: 28500}", "    says: *x",
                  "graph/facts/003.yaml:", "aliases (*name) are not allowed"),
    "top-level-list": ("graph/facts/004.yaml",
                       (ROOT / "graph/facts/004.yaml").read_text(encoding="utf-8"),
                       "- source: x\n- claims: []\n",
                       "graph/facts/004.yaml:", "a fact file must be a mapping"),
    "unknown-top-level-key": ("graph/facts/004.yaml", "claims:\n", "claim:\n",
                              "graph/facts/004.yaml:", "unknown top-level key 'claim' (did you mean 'claims'?)"),
    "says-not-a-mapping": ("graph/facts/003.yaml", "    says: {troopStrength: 28500}", "    says: troopStrength",
                           "graph/facts/003.yaml:", "'says' must be a non-empty mapping"),
    "unknown-type": ("graph/facts/003.yaml", "type: Organization, label: U.S. Forces Korea}", "type: Organisation, label: U.S. Forces Korea}",
                     "graph/facts/003.yaml:", "unknown type 'Organisation' (did you mean 'Organization'?)"),
    "list-for-single-value": ("graph/facts/002.yaml", "      ordinal: 4\n", "      ordinal: [4, 5]\n",
                              "graph/facts/002.yaml:", "takes one value, not a list"),
    "empty-list": ("graph/facts/002.yaml", "leadNegotiator: [lee-tae-woo, linda-specht]", "leadNegotiator: []",
                   "graph/facts/002.yaml:", "the list is empty"),
    "bool-for-number": ("graph/facts/004.yaml", "dayCount: 3", "dayCount: true",
                        "graph/facts/004.yaml:", "expected a whole number, got True"),
    "float-for-whole-number": ("graph/facts/004.yaml", "dayCount: 3", "dayCount: 2.5",
                               "graph/facts/004.yaml:", "expected a whole number"),
    "quoted-number": ("graph/facts/002.yaml", "      amount: 1030000000", '      amount: "1030000000"',
                      "graph/facts/002.yaml:", "expected a number, got '1030000000'"),
    "ambiguous-date": ("graph/facts/002.yaml", "startDate: 2024-06-25", "startDate: 06/25/2024",
                       "graph/facts/002.yaml:", "invalid date '06/25/2024'"),
    "date-for-year-field": ("graph/facts/002.yaml", 'forYear: "2021"', "forYear: 2021-01-01",
                            "graph/facts/002.yaml:", "invalid date '2021-01-01' (write YYYY"),
    "self-counterpart": ("graph/facts/003.yaml", "says: {counterpart: james-dehart}", "says: {counterpart: jeong-eun-bo}",
                         "graph/facts/003.yaml:", "'jeong-eun-bo' cannot be its own counterpart"),
    "round-outside-any-agreement": ("graph/facts/004.yaml", "      label: Next SMA, round 7\n      ofAgreement: sma12\n", "      label: Next SMA, round 7\n",
                                    "graph/facts/004.yaml:", "round 'sma12-round7' belongs to no agreement"),
    "qualifier-not-in-quote": ("graph/facts/003.yaml", "    qualifier: about\n", "    qualifier: roughly\n",
                               "graph/facts/003.yaml:", "qualifier 'roughly' is not in the quote"),
    "invalid-claim-id": ("graph/facts/003.yaml", "  - id: usfk\n", "  - id: USFK claim\n",
                         "graph/facts/003.yaml:", "invalid claim id 'USFK claim'"),
    "invalid-entity-id": ("graph/facts/003.yaml", "    about: usfk\n    quote: the operation", "    about: U.S.F.K.\n    quote: the operation",
                          "graph/facts/003.yaml:", "invalid entity id 'U.S.F.K.'"),
    "tab-indentation": ("graph/facts/003.yaml", "    about: usfk\n    quote: the operation", "\tabout: usfk\n    quote: the operation",
                        "graph/facts/003.yaml:", "YAML syntax error"),
    "metadata-unknown-field": ("graph/sources/004.yaml", "cites: yonhap", "cited: yonhap",
                               "graph/sources/004.yaml:", "unknown field 'cited'"),
    "metadata-publisher-not-an-organization": ("graph/sources/000.yaml", "publisher: the-korea-post", "publisher: seoul",
                                               "graph/sources/000.yaml:", "'seoul' is a Place, not an Organization"),
    "metadata-unknown-publisher": ("graph/sources/000.yaml", "publisher: the-korea-post", "publisher: korea-post",
                                   "graph/sources/000.yaml:", "unknown entity 'korea-post'"),
    "metadata-missing-sha": ("graph/sources/001.yaml", "sha256: 8fca5801340da0f047c5d105032b28fc4acfc99860cd4c608396e72d7f82ceba\n", "",
                             "graph/sources/001.yaml:", "field 'sha256': missing required field"),
    "metadata-missing-text-file": ("graph/sources/001.yaml", "file: 001_7bae7687850ca3d2.txt", "file: 001_missing.txt",
                                   "graph/sources/001.yaml:", "no text file '001_missing.txt' beside the metadata"),
    "metadata-id-mismatch": ("graph/sources/001.yaml", 'id: "001"', 'id: "011"',
                             "graph/sources/001.yaml:", "the file is named 001.yaml but its id is '011'"),
    "metadata-inferred-without-reasoning": ("graph/sources/004.yaml", "issued_reasoning: >-", "issued_note: >-",
                                            "graph/sources/004.yaml:", "unknown field 'issued_note'"),
    "fact-file-for-unknown-source-name": ("graph/facts/004.yaml", 'source: "004"', 'source: "003"',
                                          "graph/facts/004.yaml:", "the file is named 004.yaml but cites source '003'"),
    "preferred-field-not-in-claim": ("graph/facts/003.yaml", "    qualifier: about\n", "    qualifier: about\n    preferred: {amount: larger}\n",
                                     "graph/facts/003.yaml:", "'amount' is not among this claim's fields"),
    "three-agreement-cycle": ("graph/facts/000.yaml", "says: {type: Agreement, label: 10th Special Measures Agreement, ordinal: 10, partOfSeries: sma-series}",
                              "says: {type: Agreement, label: 10th Special Measures Agreement, ordinal: 10, partOfSeries: sma-series, precededBy: sma12}",
                              "graph/facts/", "precede each other in a cycle"),
}


@pytest.mark.parametrize("case", sorted(HAND_WRITTEN))
def test_more_hand_written_bad_input(case, workspace, previous):
    assert_refused(HAND_WRITTEN[case], workspace, previous)


def test_huge_fact_file_is_refused(workspace, tmp_path):
    path = workspace / "graph/facts/004.yaml"
    path.write_text(path.read_text(encoding="utf-8") + "#" * 3_000_000 + "\n", encoding="utf-8")
    result = build(workspace, tmp_path / "out")
    assert result.exit_code == 2
    assert "graph/facts/004.yaml: file is" in result.output and "split it" in result.output


def test_non_utf8_fact_file(workspace, tmp_path):
    path = workspace / "graph/facts/003.yaml"
    path.write_bytes(path.read_bytes().replace(b"Seoul", b"S\xe9oul", 1))
    result = build(workspace, tmp_path / "out")
    assert result.exit_code == 2
    assert "graph/facts/003.yaml:" in result.output and "not valid UTF-8" in result.output


def test_several_mistakes_are_all_reported_in_one_run(workspace, tmp_path):
    edit(workspace / "graph/facts/002.yaml", "currency: USD", "currency: USX")
    edit(workspace / "graph/facts/002.yaml", "      ordinal: 4\n", "      ordinal: four\n")
    edit(workspace / "graph/facts/004.yaml", "dayCount: 3", "dayCount: -3")
    result = build(workspace, tmp_path / "out")
    assert result.exit_code == 2
    errors = [line for line in result.output.splitlines() if line.startswith("error: ")]
    assert len(errors) == 3, result.output
    assert "3 problems; nothing was written" in result.output


def test_shape_violation_exits_1_and_names_the_file(workspace, tmp_path):
    # A payment with no year passes the loader (a year is not always known) but not SHACL.
    edit(workspace / "graph/facts/000.yaml", '    says: {forYear: "2019"}\n',
         "    says: {changePercent: 8.2}\n")
    result = build(workspace, tmp_path / "out")
    assert result.exit_code == 1, result.output
    assert "check failed: 1 shape violation(s)" in result.output
    assert "graph/facts/000.yaml:" in result.output
    assert "A payment is for a year" in result.output
    assert not (tmp_path / "out").exists()


def test_hand_written_count():
    assert len(CASES) + len(HAND_WRITTEN) >= 50


def test_a_quote_not_found_lists_the_nearest_passages(workspace):
    edit(workspace / "graph/facts/000.yaml", "(US$873 million)", "(US$875 million)")
    result = CliRunner().invoke(main, ["--root", str(workspace), "check"])
    assert result.exit_code == 2
    assert "nearest passages:" in result.output
    assert "(US$873 million)" in result.output.split("nearest passages:")[1]
