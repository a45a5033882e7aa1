"""A fact whose quote, label and statement carry markup comes out inert in the report page.

The project is a copy (the `workspace` fixture): one sentence with a closing script tag, an
image with an onerror handler, quotes and an ampersand is added to an article (with its new
sha256), and a position quoting it, with a label made of the same text, is added to the
article's facts. The page must show that text as text, in element content and attributes
alike, and run no script but its own.
"""

from __future__ import annotations

import hashlib
from html.parser import HTMLParser

from kgbuild import pipeline
from kgbuild.report import page
from kgbuild.report.templating import static_text

from .conftest import ROOT

HOSTILE = "</script><img src=x onerror=alert(1)> & \"quoted\" 'too'"
SENTENCE = f"An aide wrote {HOSTILE}."
LABEL = f"label {HOSTILE}"


def _yaml_string(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def _poison(workspace) -> None:
    text = workspace / "graph/sources/002_e9bb58d5456d971b.txt"
    text.write_text(text.read_text(encoding="utf-8") + "\n" + SENTENCE, encoding="utf-8")
    digest = hashlib.sha256(text.read_bytes()).hexdigest()
    meta = workspace / "graph/sources/002.yaml"
    lines = [f"sha256: {digest}" if line.startswith("sha256:") else line
             for line in meta.read_text(encoding="utf-8").splitlines()]
    meta.write_text("\n".join(lines) + "\n", encoding="utf-8")
    facts = workspace / "graph/facts/002.yaml"
    facts.write_text(facts.read_text(encoding="utf-8") + f"""\
  - id: hostile-position
    about: hostile-position
    quote: {_yaml_string(SENTENCE)}
    says:
      type: Position
      label: {_yaml_string(LABEL)}
      heldBy: south-korea
      concernsAgreement: sma12
      statement: {_yaml_string(HOSTILE)}
""", encoding="utf-8")


class _Page(HTMLParser):
    """Tags, attributes, script bodies and the text of each element kind, as a browser reads
    them (character references decoded)."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tags: list[str] = []
        self.attributes: list[tuple[str, str]] = []
        self.scripts: list[str] = []
        self.text: dict[str, str] = {}
        self._open: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        self.attributes += [(name, value or "") for name, value in attrs]
        self._open.append(tag)
        if tag == "script":
            self.scripts.append("")

    def handle_endtag(self, tag):
        if tag in self._open:
            del self._open[len(self._open) - 1 - self._open[::-1].index(tag):]

    def handle_data(self, data):
        if self._open and self._open[-1] == "script":
            self.scripts[-1] += data
        for tag in set(self._open):
            self.text[tag] = self.text.get(tag, "") + data


def test_markup_in_a_quote_label_and_statement_is_inert(workspace, tmp_path):
    _poison(workspace)
    html = page.generate(pipeline.Project(workspace), tmp_path / "site").read_text(
        encoding="utf-8")
    parsed = _Page()
    parsed.feed(html)
    parsed.close()

    assert HOSTILE not in html and "<img" not in html
    assert "img" not in parsed.tags
    assert not [name for name, _ in parsed.attributes if name.startswith("on")]
    assert parsed.scripts == ["\n" + static_text("report.js")]  # the page's own, and no other
    # the text reads as written, wherever it goes: the article, the quote, the position ...
    assert SENTENCE in parsed.text["div"]
    assert HOSTILE in parsed.text["q"]
    assert LABEL in parsed.text["strong"]
    # ... and the tooltip of the marked passage, inside its attribute
    titles = [value for name, value in parsed.attributes if name == "title"]
    assert any(LABEL in title and title.startswith("002/hostile-position") for title in titles)
    # html.escape's entities, as the page always wrote them
    assert "&lt;/script&gt;&lt;img src=x onerror=alert(1)&gt; &amp; &quot;quoted&quot; " \
           "&#x27;too&#x27;" in html


def test_templates_and_static_files_hold_no_quote_reference_the_renderer_rewrites():
    """templating.render turns the escaper's &#34; and &#39; into &quot; and &#x27;: exact
    only while no template or static file writes either itself."""
    report = ROOT / "kgbuild" / "report"
    files = [p for folder in ("templates", "static") for p in (report / folder).rglob("*")
             if p.is_file()]
    assert len(files) >= 10
    for path in files:
        text = path.read_text(encoding="utf-8")
        assert "&#34;" not in text and "&#39;" not in text, path
