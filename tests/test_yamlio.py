"""The fast (libyaml) and pure-Python YAML paths read every file alike, lines included."""

from pathlib import Path

import pytest
import yaml

from kgbuild.inputs import yamlio
from kgbuild.scale import synth

from .conftest import ROOT


def _python_path(path: Path, monkeypatch) -> object:
    with monkeypatch.context() as patch:
        patch.setattr(yamlio, "_FAST", None)
        return yamlio.load_yaml(path, path.name)


def _shape(value):
    """The value with every line number it carries, for comparison."""
    if isinstance(value, yamlio.YMap):
        return ("map", value.line, sorted(value.lines.items()),
                [(k, _shape(v)) for k, v in value.items()])
    if isinstance(value, yamlio.YList):
        return ("list", value.line, list(value.lines), [_shape(v) for v in value])
    return (type(value).__name__, value)


def _yaml_files(root: Path) -> list[Path]:
    return sorted((root / "graph").rglob("*.yaml"))


def test_libyaml_is_available():
    assert yaml.__with_libyaml__, "PyYAML was built without libyaml: builds will be slow"


def test_both_paths_agree_on_the_curated_files(monkeypatch):
    files = _yaml_files(ROOT)
    assert len(files) >= 10
    for path in files:
        assert _shape(yamlio.load_yaml(path, path.name)) == _shape(_python_path(path,
                                                                               monkeypatch))


def test_both_paths_agree_on_synthetic_files(tmp_path, monkeypatch):
    synth.generate(3, tmp_path / "p", seed=5, template=ROOT)
    for path in _yaml_files(tmp_path / "p"):
        assert _shape(yamlio.load_yaml(path, path.name)) == _shape(_python_path(path,
                                                                               monkeypatch))


@pytest.mark.parametrize("text, message", [
    ("a: &x 1\nb: *x\n", "anchors (&name) are not allowed"),
    ("a: [1, 2\n", "YAML syntax error"),
    ("a: 1\na: 2\n", "duplicate key 'a'"),
])
def test_refusals_read_the_same_on_either_path(tmp_path, monkeypatch, text, message):
    path = tmp_path / "f.yaml"
    path.write_text(text, encoding="utf-8")
    errors = []
    for fast in (yamlio._FAST, None):
        monkeypatch.setattr(yamlio, "_FAST", fast)
        with pytest.raises(yamlio.InputError) as caught:
            yamlio.load_yaml(path, "f.yaml")
        errors.append(str(caught.value))
    assert errors[0] == errors[1]
    assert message in errors[0]
