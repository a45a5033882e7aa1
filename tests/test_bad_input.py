"""Bad input: a one-line message naming file, line and field, exit 2, outputs untouched."""

import pytest
from click.testing import CliRunner

from kgbuild.cli import main


def build(root, out):
    return CliRunner().invoke(main, ["--root", str(root), "build", "-o", str(out)])


def replace(path, old, new, count=1):
    text = path.read_text(encoding="utf-8")
    assert old in text, f"test setup: {old!r} not in {path.name}"
    path.write_text(text.replace(old, new, count), encoding="utf-8")


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


@pytest.fixture
def previous(workspace, tmp_path):
    out = tmp_path / "dist"
    first = build(workspace, out)
    assert first.exit_code == 0, first.output
    return out, {p.name: p.read_bytes() for p in out.iterdir()}


@pytest.mark.parametrize("case", sorted(CASES))
def test_bad_input_is_reported_and_leaves_outputs_untouched(case, workspace, previous):
    rel, old, new, where, message = CASES[case]
    replace(workspace / rel, old, new)
    out, before = previous
    result = build(workspace, out)
    assert result.exit_code == 2, result.output
    first_line = result.output.splitlines()[0]
    assert first_line.startswith(f"error: {where}"), result.output
    assert message in result.output, result.output
    assert "Traceback" not in result.output
    assert {p.name: p.read_bytes() for p in out.iterdir()} == before


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
    replace(workspace / "graph/facts/000.yaml", "    about: south-korea\n",
            "    about: south-korea\n   bad: [\n")
    result = build(workspace, tmp_path / "out")
    assert result.exit_code == 2
    assert "^" in result.output
    assert not (tmp_path / "out").exists()
