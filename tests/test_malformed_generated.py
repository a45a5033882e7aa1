"""Generated malformed inputs: every field of the curated data broken in the way its kind
allows, and every required key removed. Each must give exit 2, a message naming the file,
the line and the field, and leave the previous exports untouched."""

import re
import shutil

import pytest
from click.testing import CliRunner

from kgbuild.cli.main import main
from kgbuild.inputs import schema
from kgbuild.inputs.facts import load_facts
from kgbuild.inputs.sources import load_sources

from .conftest import ROOT

BAD_VALUE = {
    schema.REF: ("zz-unknown-entity", "unknown entity 'zz-unknown-entity'"),
    schema.POS_INT: ("-3", "-3 is out of range"),
    schema.NONNEG_INT: ("many", "expected a whole number, got 'many'"),
    schema.AMOUNT: ("-12.5", "amount -12.5 is negative"),
    schema.DECIMAL: ("lots", "expected a number, got 'lots'"),
    schema.CURRENCY: ("XYZ", "unknown currency 'XYZ'"),
    schema.DATE: ("2019-02-30", "impossible date '2019-02-30'"),
    schema.TIMEPOINT: ("2024-13", "impossible month '2024-13'"),
    schema.YEAR: ('"20x4"', "invalid date '20x4'"),
    schema.DURATION: ("six years", "invalid duration 'six years'"),
    schema.ENUM: ("maybe", "invalid value 'maybe'"),
    schema.VERBATIM: ('"words that are in no quote"', "is not in the quote"),
    schema.TEXT: ("[a, b]", "takes one value, not a list"),
}


def _field_occurrences():
    """(file, line, field, kind) for every field written in the curated fact files."""
    facts = load_facts(ROOT, load_sources(ROOT))
    seen = {}
    for claim in facts.claims:
        fields = schema.fields_for(facts.types[claim.about])
        for name in claim.says:
            kind = fields[name].kind
            if name in ("altLabel",):
                continue
            # One case per file, field and kind keeps the suite broad without repeating itself.
            seen.setdefault((claim.file, name, kind), (claim.file, claim.lines[name], name, kind))
    return sorted(seen.values())


FIELD_CASES = _field_occurrences()
KEY_CASES = [(f"graph/facts/{sid}.yaml", key) for sid in ("000", "001", "002", "003", "004")
             for key in schema.REQUIRED_CLAIM_KEYS]


@pytest.fixture(scope="module")
def seed_exports(tmp_path_factory):
    out = tmp_path_factory.mktemp("seed") / "dist"
    result = CliRunner().invoke(main, ["--root", str(ROOT), "build", "-o", str(out)])
    assert result.exit_code == 0, result.output
    return out


def _build_and_check(workspace, seed_exports, tmp_path, where, message):
    out = tmp_path / "dist"
    shutil.copytree(seed_exports, out)
    before = {p.name: p.read_bytes() for p in out.iterdir()}
    result = CliRunner().invoke(main, ["--root", str(workspace), "build", "-o", str(out)])
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output
    assert where in result.output, result.output
    assert message in result.output, result.output
    assert {p.name: p.read_bytes() for p in out.iterdir()} == before


def test_generated_case_count():
    assert len(FIELD_CASES) + len(KEY_CASES) >= 90
    assert {kind for *_, kind in FIELD_CASES} >= {schema.REF, schema.POS_INT, schema.AMOUNT,
                                                 schema.CURRENCY, schema.TIMEPOINT,
                                                 schema.YEAR, schema.DURATION, schema.ENUM,
                                                 schema.VERBATIM, schema.TEXT}


@pytest.mark.parametrize("file,line,name,kind", FIELD_CASES,
                         ids=[f"{f[12:15]}-{n}-L{ln}" for f, ln, n, _ in FIELD_CASES])
def test_bad_value(file, line, name, kind, workspace, seed_exports, tmp_path):
    bad, message = BAD_VALUE[kind]
    path = workspace / file
    lines = path.read_text(encoding="utf-8").split("\n")
    row = lines[line - 1]
    if row.lstrip().startswith(f"{name}:"):  # block style: the value is the rest of the line
        lines[line - 1] = row[: row.index(":") + 1] + " " + bad
    else:
        pattern = re.compile(rf"(\b{name}: )(\[[^\]]*\]|\"[^\"]*\"|[^,}}\n]*)")
        assert pattern.search(row), (file, line, name)
        lines[line - 1] = pattern.sub(lambda m: m.group(1) + bad, row, count=1)
    path.write_text("\n".join(lines), encoding="utf-8")
    _build_and_check(workspace, seed_exports, tmp_path, f"{file}:{line}: field '{name}'",
                     message)


@pytest.mark.parametrize("file,key", KEY_CASES, ids=[f"{f[12:15]}-{k}" for f, k in KEY_CASES])
def test_missing_required_key(file, key, workspace, seed_exports, tmp_path):
    path = workspace / file
    text = path.read_text(encoding="utf-8")
    # Remove the key from the second claim of the file (a flow or block 'says' alike).
    blocks = text.split("\n  - id: ")
    claim = blocks[2]
    if key == "id":
        blocks[2] = "\n".join(claim.split("\n")[1:])
        new = "\n  - id: ".join(blocks[:2]) + "\n  - " + blocks[2].lstrip() + (
            "\n  - id: " + "\n  - id: ".join(blocks[3:]) if blocks[3:] else "")
    else:
        kept, skipping = [], False
        for number, row in enumerate(claim.split("\n")):
            if number and row.startswith(f"    {key}:"):
                skipping = True
                continue
            if skipping and row.startswith("      "):
                continue
            skipping = False
            kept.append(row)
        blocks[2] = "\n".join(kept)
        new = "\n  - id: ".join(blocks)
    assert new != text
    path.write_text(new, encoding="utf-8")
    _build_and_check(workspace, seed_exports, tmp_path, f"{file}:",
                     f"field '{key}': missing required key")
