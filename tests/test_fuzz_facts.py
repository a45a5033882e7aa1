"""Property: whatever a random edit does to a fact file, the builder either succeeds or
fails with a clean, positioned message and a documented exit code, never a traceback."""

import shutil
import tempfile
from pathlib import Path

from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kgbuild.cli.main import main
from kgbuild.errors import KgError
from kgbuild.inputs.facts import load_facts
from kgbuild.inputs.sources import load_sources

from .conftest import ROOT

FACT_FILES = sorted(p.name for p in (ROOT / "graph/facts").glob("*.yaml"))
SNIPPETS = ["", ":", "- ", "{", "}", "[", "]", "&a ", "*a", "!!python/object ", "\t", "'", '"',
            "#", "type: Round", "ordinal: -1", "about: nobody", "quote: ", "says: {}", "\n",
            "\u00a0", "\u201c", "é", "0x10", "1e999", "null", "~", "? ", "|", ">-"]

edits = st.tuples(
    st.sampled_from(FACT_FILES),
    st.sampled_from(["delete-line", "duplicate-line", "insert", "replace-char", "swap-lines",
                     "truncate"]),
    st.integers(min_value=0, max_value=10_000),
    st.integers(min_value=0, max_value=10_000),
    st.one_of(st.sampled_from(SNIPPETS), st.text(max_size=8)),
)


def mutate(text: str, op: str, a: int, b: int, snippet: str) -> str:
    lines = text.split("\n")
    i, j = a % len(lines), b % len(lines)
    if op == "delete-line":
        del lines[i]
    elif op == "duplicate-line":
        lines.insert(i, lines[i])
    elif op == "swap-lines":
        lines[i], lines[j] = lines[j], lines[i]
    elif op == "truncate":
        return text[: a % max(1, len(text))]
    else:
        at = b % (len(lines[i]) + 1)
        cut = 0 if op == "insert" else 1
        lines[i] = lines[i][:at] + snippet + lines[i][at + cut:]
    return "\n".join(lines)


def _edited_copy(tmp: str, changes) -> Path:
    root = Path(tmp)
    for part in ("graph/sources", "graph/facts", "ontology", "queries"):
        shutil.copytree(ROOT / part, root / part)
    for name, op, a, b, snippet in changes:
        path = root / "graph/facts" / name
        path.write_text(mutate(path.read_text(encoding="utf-8"), op, a, b, snippet),
                        encoding="utf-8")
    return root


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(edits, min_size=1, max_size=3))
def test_random_edits_load_or_fail_cleanly(changes):
    # The loader is where bad input is caught; it is fast enough to try many edits.
    with tempfile.TemporaryDirectory() as tmp:
        root = _edited_copy(tmp, changes)
        try:
            load_facts(root, load_sources(root))
        except KgError as exc:
            assert str(exc).startswith("graph/"), str(exc)


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(edits, min_size=1, max_size=3))
def test_random_edits_never_crash_the_builder(changes):
    with tempfile.TemporaryDirectory() as tmp:
        root = _edited_copy(tmp, changes)
        out = root / "out"
        result = CliRunner().invoke(main, ["--root", str(root), "build", "-o", str(out)])
        assert result.exit_code in (0, 1, 2), result.output
        assert result.exception is None or isinstance(result.exception, SystemExit), (
            f"{type(result.exception).__name__}: {result.exception}")
        assert "Traceback" not in result.output
        if result.exit_code == 2:
            assert result.output.startswith("error: graph/"), result.output
        if result.exit_code != 0:
            assert not out.exists()


def test_control_character_is_a_clean_error():
    """Regression: a control character made PyYAML's reader raise past the error handling."""
    with tempfile.TemporaryDirectory() as tmp:
        root = _edited_copy(tmp, [("000.yaml", "insert", 0, 0, "\x1f")])
        result = CliRunner().invoke(main, ["--root", str(root), "check"])
        assert result.exit_code == 2
        assert result.output.startswith("error: graph/facts/000.yaml:1: character U+001F")
