"""The report: a page generated from the graph, checked as HTML and in a real browser.

Expectations come from the articles: who negotiated, what was paid and demanded, when the
rounds were, which figures the sources disagree on. The browser tests drive Debian's
chromium through its chromedriver (never a downloaded browser); they skip when chromium is
absent, except in CI (CI set), where a missing browser is a failure.
"""

from __future__ import annotations

import os
import re
import shutil
import tempfile
from html.parser import HTMLParser
from pathlib import Path

import pytest
from click.testing import CliRunner

from kgbuild.cli.main import main
from kgbuild.errors import InputError
from kgbuild.query.catalogue import bind, load_queries
from kgbuild.report import formatting, model, page
from kgbuild.report.sections.sources import quote_marks
from kgbuild.report.site import PAGE, write_site
from kgbuild.report.templating import environment, static_text

from .conftest import ROOT

ARTIFACTS = ROOT / "tests" / "artifacts"
CHROMIUM = Path("/usr/bin/chromium")
CHROMEDRIVER = Path("/usr/bin/chromedriver")
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source",
        "track", "wbr"}

PEOPLE = {"jeong-eun-bo": "Jeong Eun-bo", "james-dehart": "James DeHart",
          "linda-specht": "Linda Specht", "lee-tae-woo": "Lee Tae-woo",
          "chang-won-sam": "Chang Won-sam", "timothy-betts": "Timothy Betts"}
AGREEMENTS = ("10th Special Measures Agreement", "11th Special Measures Agreement",
              "Next SMA (negotiated from April 2024)")
# The 10th SMA's payment in US dollars, as sources 000, 001 and 003 give it.
DISPUTED_USD = {"873000000": "000/sma10-payment", "871000000": "001/sma10-payment",
                "870000000": "003/sma10-payment"}


# ---------------------------------------------------------------------------------------
# A small DOM from html.parser, enough to query the generated page


class Node:
    def __init__(self, tag: str, attrs: dict, parent: Node | None):
        self.tag, self.attrs, self.parent = tag, attrs, parent
        self.children: list[Node | str] = []

    @property
    def text(self) -> str:
        return "".join(c if isinstance(c, str) else c.text for c in self.children)

    def iter(self):
        for child in self.children:
            if isinstance(child, Node):
                yield child
                yield from child.iter()

    def find_all(self, tag: str | None = None, **attrs) -> list[Node]:
        return [n for n in self.iter() if (tag is None or n.tag == tag)
                and all(_attr_matches(n, k, v) for k, v in attrs.items())]

    def ancestors(self):
        node = self.parent
        while node is not None:
            yield node
            node = node.parent

    def classes(self) -> set[str]:
        return set((self.attrs.get("class") or "").split())


def _attr_matches(node: Node, key: str, value) -> bool:
    key = key.rstrip("_").replace("_", "-")
    if key == "class":
        return value in node.classes()
    return node.attrs.get(key) == value


class _TreeBuilder(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.root = Node("#document", {}, None)
        self.current = self.root
        self.errors: list[str] = []

    def handle_starttag(self, tag, attrs):
        node = Node(tag, dict(attrs), self.current)
        self.current.children.append(node)
        if tag not in VOID:
            self.current = node

    def handle_startendtag(self, tag, attrs):
        self.current.children.append(Node(tag, dict(attrs), self.current))

    def handle_endtag(self, tag):
        if tag in VOID:
            return
        if self.current.tag != tag:
            self.errors.append(f"</{tag}> closes <{self.current.tag}>")
            for node in (self.current, *self.current.ancestors()):
                if node.tag == tag:
                    self.current = node
                    break
            else:
                return
        self.current = self.current.parent

    def handle_data(self, data):
        self.current.children.append(data)


def parse(html: str) -> tuple[Node, list[str]]:
    builder = _TreeBuilder()
    builder.feed(html)
    builder.close()
    return builder.root, builder.errors


def squash(text: str) -> str:
    return " ".join(text.split())


def quoted_text(root: Node, anchor: str) -> str:
    """The text a quote's marks cover: a quote that crosses another is split in pieces."""
    pieces = [m for m in root.find_all("mark") if m.attrs.get("data-claim") == anchor]
    outer = [m for m in pieces if not any(a in pieces for a in m.ancestors())]
    return "".join(m.text for m in outer)


# ---------------------------------------------------------------------------------------
# Fixtures


@pytest.fixture(scope="module")
def data(engine, stored):
    return model.collect(engine, stored)


@pytest.fixture(scope="module")
def html(data):
    return page.render(data)


@pytest.fixture(scope="module")
def dom(html):
    root, errors = parse(html)
    assert errors == [], errors[:5]
    return root


@pytest.fixture(scope="module")
def ids(dom):
    found = [n.attrs["id"] for n in dom.iter() if "id" in n.attrs]
    return found


@pytest.fixture(scope="module")
def site(html, tmp_path_factory):
    out = tmp_path_factory.mktemp("report") / "site"
    write_site(out, {PAGE: html})
    return out / PAGE


def by_id(dom: Node, ident: str) -> Node:
    found = [n for n in dom.iter() if n.attrs.get("id") == ident]
    assert len(found) == 1, f"{len(found)} elements with id {ident!r}"
    return found[0]


# ---------------------------------------------------------------------------------------
# Where the page comes from


class _Recorder:
    def __init__(self, engine):
        self.engine, self.texts = engine, []

    def select(self, text):
        self.texts.append(text)
        return self.engine.select(text)


def test_every_query_the_page_runs_is_a_stored_query(engine, stored):
    recorder = _Recorder(engine)
    model.collect(recorder, stored)
    allowed = {bind(q, {}) for q in stored.values() if not any(p.required for p in q.params)}
    allowed |= {bind(stored[model.PER_PERSON_QUERY], {"entity": p}) for p in PEOPLE}
    assert recorder.texts, "the report ran no query"
    assert set(recorder.texts) <= allowed
    assert len(recorder.texts) == len(model.QUERIES) + len(PEOPLE)


def test_the_report_queries_exist_and_have_grlc_headers():
    stored = load_queries(ROOT / "queries")
    for name in (*model.QUERIES, model.PER_PERSON_QUERY):
        assert name in stored, name
    for name in (n for n in model.QUERIES if n.startswith("report-")):
        assert "report" in stored[name].tags and stored[name].description


def test_a_missing_stored_query_is_a_clear_error(engine, stored):
    partial = {k: v for k, v in stored.items() if k != "report-ontology"}
    with pytest.raises(InputError, match="report-ontology"):
        model.collect(engine, partial)


# ---------------------------------------------------------------------------------------
# What the page says


def test_page_names_the_agreements_rounds_and_people(dom):
    text = squash(dom.text)
    for label in AGREEMENTS:
        assert label in text
    for ident, name in PEOPLE.items():
        section = by_id(dom, f"person-{ident}")
        assert name in squash(section.find_all("h3")[0].text)
    for ident in ("sma11-round1", "sma11-round2", "sma11-washington-2020-01",
                  "sma11-seoul-2020-02", "sma12-round3", "sma12-round4", "sma12-round7",
                  "sma12-seoul-three-day-talks"):
        by_id(dom, f"round-{ident}")


def test_rounds_show_place_dates_and_leads(dom):
    row = squash(by_id(dom, "round-sma12-round4").text)
    for expected in ("Round 4", "25–27 Jun 2024", "Seoul", "Lee Tae-woo", "Linda Specht",
                     "from Tuesday through Thursday"):
        assert expected in row
    row = squash(by_id(dom, "round-sma11-washington-2020-01").text)
    for expected in ("Unnumbered round", "14 Jan 2020", "Washington, D.C.", "Jeong Eun-bo",
                     "James DeHart"):
        assert expected in row


def test_round4_dates_are_marked_inferred(dom):
    row = by_id(dom, "round-sma12-round4")
    assert (row.attrs["data-start"], row.attrs["data-end"]) == ("2024-06-25", "2024-06-27")
    assert row.attrs["data-date-basis"] == "inferred"
    dates = [a for a in row.find_all("a") if squash(a.text) == "25–27 Jun 2024"]
    assert dates and "inferred" in dates[0].classes()
    assert dates[0].attrs["href"] == "#claim-002-sma12-round4-dates"
    assert any(squash(b.text) == "inferred" for b in row.find_all("span", class_="badge"))
    chart = by_id(dom, "agreement-sma12")
    cards = [a for a in chart.find_all("a", href="#round-sma12-round4")
             if a.find_all("rect")]
    assert cards and "inferred" in cards[0].find_all("rect")[0].classes()


def test_undated_rounds_sit_in_the_undated_lane_never_on_the_axis(dom):
    chart = by_id(dom, "agreement-sma11").find_all("svg")[0]
    undated = chart.find_all("g", class_="undated-lane")
    dated = chart.find_all("g", class_="dated-lane")
    assert len(undated) == 1 and len(dated) == 1
    assert undated[0].find_all("a", href="#round-sma11-round1")
    assert undated[0].find_all("a", href="#round-sma11-round2")
    assert not dated[0].find_all("a", href="#round-sma11-round1")
    assert dated[0].find_all("a", href="#round-sma11-washington-2020-01")
    assert "no date in the sources" in squash(by_id(dom, "round-sma11-round1").text)
    assert by_id(dom, "round-sma11-round1").attrs.get("data-undated") == "true"
    assert "Unnumbered round" in squash(dated[0].text)


def test_payments_show_every_source_value_and_the_disagreement(dom):
    payments = by_id(dom, "payments")
    values = {d.attrs["value"]: d for d in payments.find_all("data")}
    for value in ("1040000000000", "1030000000", "5000000000", *DISPUTED_USD):
        assert value in values, value
    text = squash(payments.text)
    for expected in ("1.04 trillion won", "US$1.03 billion", "US$5 billion",
                     "US$873 million", "US$871 million", "about US$870 million",
                     "sources disagree"):
        assert expected in text
    box = payments.find_all("div", class_="disagreement")
    assert len(box) == 1
    linked = {a.attrs["href"] for a in box[0].find_all("a")}
    assert {f"#{formatting.claim_anchor(c)}" for c in DISPUTED_USD.values()} <= linked
    table = payments.find_all("table")[0]
    disputed = [a for a in table.find_all("a") if "disputed" in a.classes()]
    assert {a.find_all("data")[0].attrs["value"] for a in disputed} == set(DISPUTED_USD)


def test_every_figure_is_one_click_from_its_quote(dom, data):
    quotes = {c["claim"]: c["quote"] for c in data["claim-evidence"]}
    for figure in dom.find_all("data"):
        links = [a for a in figure.ancestors() if a.tag == "a"]
        assert links, f"figure {figure.attrs['value']} links nowhere"
        target = links[0].attrs["href"]
        assert target.startswith("#claim-")
        mark = by_id(dom, target[1:])
        assert mark.tag == "mark"
    usd = [d for d in by_id(dom, "payments").find_all("data", value="873000000")]
    anchor = [a for a in usd[0].ancestors() if a.tag == "a"][0].attrs["href"][1:]
    assert quoted_text(dom, anchor) == quotes["000/sma10-payment"]
    assert "US$873 million" in quoted_text(dom, anchor)


def test_timeline_markers_lead_to_rows_that_lead_to_quotes(dom):
    timeline = by_id(dom, "timeline")
    for svg in timeline.find_all("svg"):
        for link in svg.find_all("a"):
            row = by_id(dom, link.attrs["href"][1:])
            if row.tag == "tr":
                assert any(a.attrs.get("href", "").startswith("#claim-")
                           for a in row.find_all("a")), row.attrs["id"]


def test_every_link_target_exists(dom, ids):
    assert len(ids) == len(set(ids)), sorted({i for i in ids if ids.count(i) > 1})
    present = set(ids)
    targets = {n.attrs["href"][1:] for n in dom.iter()
               if n.attrs.get("href", "").startswith("#")}
    assert targets, "no internal links"
    assert sorted(targets - present) == []


def test_every_claim_has_its_quote_marked_at_its_offsets(dom, data):
    texts = {r["source"]: r["text"] for r in data["report-source-texts"]}
    for claim in data["claim-evidence"]:
        mark = by_id(dom, formatting.claim_anchor(claim["claim"]))
        assert mark.tag == "mark"
        quote = texts[claim["source"]][int(claim["start"]):int(claim["end"])]
        assert quoted_text(dom, mark.attrs["id"]) == quote == claim["quote"]
        assert quote.startswith(mark.text)
        assert mark.attrs["data-claim"] == mark.attrs["id"]
        if claim["status"] == "inferred":
            assert "inferred" in mark.classes()
        section = [a for a in mark.ancestors() if a.tag == "section"][0]
        assert section.attrs["id"] == f"source-{claim['source']}"


def test_articles_are_rendered_whole(dom, data):
    for row in data["report-source-texts"]:
        article = by_id(dom, f"source-{row['source']}").find_all("div", class_="article-text")
        assert article[0].text == row["text"]


def test_people_link_to_their_facts_with_quotes(dom):
    chart = by_id(dom, "negotiators").find_all("svg")[0]
    linked = {a.attrs["href"] for a in chart.find_all("a")}
    assert {f"#person-{p}" for p in PEOPLE} <= linked
    jeong = by_id(dom, "person-jeong-eun-bo")
    text = squash(jeong.text)
    assert "chief negotiator" in text and "senior financial ministry official" in text
    assert any(a.attrs["href"].startswith("#claim-003-") for a in jeong.find_all("a"))
    pairs = squash(by_id(dom, "negotiators").find_all("table")[0].text)
    for korean, american in (("Lee Tae-woo", "Linda Specht"), ("Jeong Eun-bo", "James DeHart"),
                             ("Chang Won-sam", "Timothy Betts")):
        assert korean in pairs and american in pairs


def test_ontology_documents_classes_properties_and_alignments(dom):
    ontology = by_id(dom, "ontology")
    rows = {squash(r.find_all("code")[0].text): squash(r.text) for r in ontology.find_all("tr")
            if r.find_all("code")}
    assert "schema:Event" in rows["sma:Round"] and "prov:Activity" in rows["sma:Round"]
    assert "schema:Person" in rows["sma:Negotiator"]
    assert "schema:MonetaryAmount" in rows["sma:Payment"]
    assert "prov:wasAssociatedWith" in rows["sma:leadNegotiator"]
    assert "symmetric" in rows["sma:counterpart"]
    assert "functional" in rows["sma:ordinal"]
    assert "inverse of sma:ledRound" in rows["sma:leadNegotiator"]
    assert "chain: sma:ledRound / sma:ofAgreement" in rows["sma:negotiatedFor"]
    assert "One round of talks" in rows["sma:Round"]


def test_filters_cover_agreements_people_and_sources(dom):
    form = by_id(dom, "filters")
    assert "hidden" in form.attrs  # shown by the script only: without it the page reads whole
    options = {s.attrs["name"]: {o.attrs["value"] for o in s.find_all("option")}
               for s in form.find_all("select")}
    assert {"sma10", "sma11", "sma12"} <= options["agreement"]
    assert set(PEOPLE) <= options["person"]
    assert {"000", "001", "002", "003", "004"} <= options["source"]
    for item in dom.find_all(class_="f"):
        for name in ("agreement", "person", "source"):
            values = item.attrs.get(f"data-{name}")
            if values:
                assert set(values.split()) <= options[name], (name, values)


def test_headings_nest_and_charts_are_described(dom):
    assert dom.find_all("html")[0].attrs["lang"] == "en"
    levels = [int(n.tag[1]) for n in dom.iter() if re.fullmatch(r"h[1-6]", n.tag)]
    assert levels[0] == 1 and levels.count(1) == 1
    assert all(b <= a + 1 for a, b in zip(levels, levels[1:], strict=False))
    for svg in dom.find_all("svg"):
        if svg.attrs.get("aria-hidden") == "true":
            continue
        assert svg.attrs.get("role") == "img"
        labelled = svg.attrs.get("aria-label") or svg.attrs.get("aria-labelledby")
        assert labelled, svg.attrs
        if "aria-labelledby" in svg.attrs:
            title, desc = svg.attrs["aria-labelledby"].split()
            assert by_id(dom, title).tag == "title" and by_id(dom, desc).tag == "desc"
            assert squash(by_id(dom, desc).text)
    for select in dom.find_all("select"):
        assert select.parent.tag == "label"


def _luminance(hex_colour: str) -> float:
    channels = [int(hex_colour[i:i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def _contrast(a: str, b: str) -> float:
    la, lb = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def test_text_colours_have_sufficient_contrast():
    variables = dict(re.findall(r"--([a-z-]+): (#[0-9a-f]{6})", static_text("report.css")))
    for name in ("ink", "muted", "rok", "us", "inferred", "link"):
        for background in ("#ffffff", variables["wash"], "#fff6d9"):
            assert _contrast(variables[name], background) >= 4.5, (name, background)
    for colour in model.PALETTE:
        assert _contrast(colour, "#ffffff") >= 4.5, colour
        assert _contrast("#ffffff", colour) >= 4.5  # the numbers inside round markers


def test_page_loads_nothing_from_elsewhere(html, dom):
    assert not dom.find_all("link") and not dom.find_all("img") and not dom.find_all("iframe")
    assert all("src" not in n.attrs for n in dom.iter())
    css, js = static_text("report.css"), static_text("report.js")
    assert "url(" not in css and "@import" not in css
    assert "fetch(" not in js and "XMLHttpRequest" not in js
    for node in dom.iter():
        if "href" in node.attrs:
            assert node.attrs["href"].startswith("#"), node.attrs["href"]


def test_data_is_escaped(data):
    hostile = '<script>alert("x")</script> & "quotes" \'too\''
    poisoned = {**data, "negotiators": [dict(r) for r in data["negotiators"]]}
    poisoned["negotiators"][0]["role_list"] = hostile
    poisoned["report-source-texts"] = [
        {**r, "text": r["text"].replace("Seoul", "<b>Seoul</b>")}
        for r in data["report-source-texts"]]
    html = page.render(poisoned)
    assert hostile not in html and "<b>Seoul</b>" not in html
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &quot;quotes&quot;" in html
    assert html.count("<script>") == 1


def marked_text(text: str, claims: list) -> str:
    """An article with its quotes marked, as the page's template writes it."""
    macros = environment().get_template("parts/sources.html").module
    return str(macros.marked_text(quote_marks(text, claims)))


def test_marked_text_nests_and_splits_crossing_quotes():
    def claim(key, start, end):
        return model.Claim(key, "999", "stated", "", start, end, None, None)

    text = 'He said "yes" & <no> — 한국'
    claims = [claim("999/a", 3, 13), claim("999/b", 9, 21), claim("999/c", 3, 7),
              claim("999/d", 22, 25)]
    root, errors = parse(f"<div>{marked_text(text, claims)}</div>")
    assert errors == []
    assert root.text == text
    for c in claims:
        anchor = formatting.claim_anchor(c.key)
        assert len([m for m in root.find_all("mark") if m.attrs.get("id") == anchor]) == 1
        assert quoted_text(root, anchor) == text[c.start:c.end], c.key
    pieces = [m for m in root.find_all("mark") if m.attrs["data-claim"] == "claim-999-b"]
    assert len(pieces) == 2  # b crosses a's end, so it is closed and reopened there


def test_number_and_date_formats():
    assert formatting.fmt_money("1030000000") == "US$1.03 billion"
    assert formatting.fmt_money("1040000000000", "KRW") == "1.04 trillion won"
    assert formatting.fmt_money("870000000") == "US$870 million"
    assert formatting.fmt_money("5000000000") == "US$5 billion"
    assert formatting.fmt_range("2024-06-25", "2024-06-27") == "25–27 Jun 2024"
    assert formatting.fmt_date("2024-06") == "Jun 2024" and formatting.fmt_date("2019") == "2019"
    assert formatting.fmt_duration("P6Y") == "6 years"


# ---------------------------------------------------------------------------------------
# Output: deterministic, atomic, and the command line


def test_same_graph_gives_the_same_bytes(project, tmp_path):
    first = page.generate(project, tmp_path / "one").read_bytes()
    second = page.generate(project, tmp_path / "two").read_bytes()
    assert first == second
    assert first.startswith(b"<!DOCTYPE html>")


def test_report_command_writes_the_page(tmp_path):
    out = tmp_path / "site"
    result = CliRunner().invoke(main, ["--root", str(ROOT), "report", "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert (out / "index.html").is_file()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]  # no staging left behind
    again = CliRunner().invoke(main, ["--root", str(ROOT), "report", "-o", str(out)])
    assert again.exit_code == 0, again.output  # an earlier report is replaced


def test_report_help():
    result = CliRunner().invoke(main, ["report", "--help"])
    assert result.exit_code == 0 and "--out" in result.output


def test_a_failed_run_leaves_the_old_report(workspace):
    out = workspace / "reports" / "site"
    ok = CliRunner().invoke(main, ["--root", str(workspace), "report", "-o", str(out)])
    assert ok.exit_code == 0, ok.output
    before = (out / "index.html").read_bytes()
    facts = workspace / "graph/facts/002.yaml"
    facts.write_text(facts.read_text(encoding="utf-8").replace("currency: USD", "currency: USX",
                                                               1), encoding="utf-8")
    failed = CliRunner().invoke(main, ["--root", str(workspace), "report", "-o", str(out)])
    assert failed.exit_code == 2 and "USX" in failed.output
    assert (out / "index.html").read_bytes() == before
    assert sorted(p.name for p in out.parent.iterdir()) == ["site"]


def test_report_refuses_to_replace_a_folder_that_is_not_a_report(tmp_path):
    out = tmp_path / "mine"
    out.mkdir()
    (out / "notes.txt").write_text("keep me", encoding="utf-8")
    result = CliRunner().invoke(main, ["--root", str(ROOT), "report", "-o", str(out)])
    assert result.exit_code == 2 and "not empty" in result.output
    assert (out / "notes.txt").read_text(encoding="utf-8") == "keep me"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["mine"]


def test_default_folder_is_site_in_the_project(workspace):
    result = CliRunner().invoke(main, ["--root", str(workspace), "report"])
    assert result.exit_code == 0, result.output
    assert (workspace / "site" / "index.html").is_file()


# ---------------------------------------------------------------------------------------
# In a real browser: Debian's chromium, driven through its own chromedriver


@pytest.fixture(scope="module")
def browser():
    missing = [str(p) for p in (CHROMIUM, CHROMEDRIVER) if not p.exists()]
    try:
        from selenium import webdriver
        from selenium.webdriver.chrome.service import Service
    except ImportError:
        missing.append("the selenium package (pip install -e '.[test]')")
    if missing:
        reason = (f"browser tests need {', '.join(missing)}: "
                  "apt-get install -y chromium chromium-driver")
        if os.environ.get("CI"):
            pytest.fail(f"CI: {reason}")
        pytest.skip(reason)
    profile = tempfile.mkdtemp(prefix="kgbuild-chromium-")
    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for flag in ("--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", f"--user-data-dir={profile}", "--window-size=1280,900"):
        options.add_argument(flag)
    with pytest.MonkeyPatch.context() as patch:
        # Both paths are given, so selenium-manager has nothing to find; offline, it could
        # not download a browser even if it were asked.
        patch.setenv("SE_OFFLINE", "true")
        driver = webdriver.Chrome(service=Service(executable_path=str(CHROMEDRIVER)),
                                  options=options)
    try:
        yield driver
    finally:
        driver.quit()
        shutil.rmtree(profile, ignore_errors=True)


def _open(driver, page: Path, width: int, height: int, fragment: str = ""):
    driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", {
        "width": width, "height": height, "deviceScaleFactor": 1, "mobile": width < 600})
    driver.get("about:blank")  # a fresh document: a new fragment alone would not reload
    driver.get(page.resolve().as_uri() + fragment)


def _screenshot(driver, name: str, *, full: bool = False) -> Path:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    path = ARTIFACTS / name
    if full:
        import base64

        width, height = driver.execute_script(
            "return [document.documentElement.clientWidth, "
            "Math.min(document.documentElement.scrollHeight, 16000)]")
        shot = driver.execute_cdp_cmd("Page.captureScreenshot", {
            "format": "png", "captureBeyondViewport": True,
            "clip": {"x": 0, "y": 0, "width": width, "height": height, "scale": 1}})
        path.write_bytes(base64.b64decode(shot["data"]))
    else:
        driver.save_screenshot(str(path))
    return path


OVERFLOW_JS = """
var width = document.documentElement.clientWidth, out = [];
document.querySelectorAll('body *').forEach(function (el) {
  if (el.closest('.scroll') || el.closest('[hidden]')) { return; }
  var box = el.getBoundingClientRect();
  // wholly off to the left is hidden on purpose (skip link, a stacked table's header row)
  if (box.width && box.right > 0 && (box.right > width + 1 || box.left < -1)) {
    out.push(el.tagName + '#' + el.id + '.' + el.className + ' ' + Math.round(box.left) +
             '..' + Math.round(box.right));
  }
});
return [window.innerWidth, document.documentElement.scrollWidth, out.slice(0, 10)];
"""


def test_browser_renders_the_page(browser, site):
    _open(browser, site, 1280, 900)
    assert browser.title.startswith("The SMA negotiations")
    text = squash(browser.execute_script("return document.body.textContent"))
    for expected in (*AGREEMENTS, *PEOPLE.values(), "US$873 million", "US$871 million",
                     "about US$870 million", "US$1.03 billion", "US$5 billion",
                     "1.04 trillion won", "Round 4", "25–27 Jun 2024", "Unnumbered round",
                     "no date in the sources",
                     "Under this year's 10th SMA, Seoul agreed to pay 1.04 trillion won"):
        assert expected in text, expected
    assert browser.execute_script("return document.getElementById('filters').hidden") is False
    svg_boxes = browser.execute_script(
        "return Array.from(document.querySelectorAll('svg.chart')).map("
        "function (s) { return s.getBoundingClientRect().height; })")
    assert svg_boxes and min(svg_boxes) > 50


def test_browser_page_reads_without_javascript(browser, site):
    browser.execute_cdp_cmd("Emulation.setScriptExecutionDisabled", {"value": True})
    try:
        _open(browser, site, 1280, 900, "#payments")
        assert not browser.find_element("id", "filters").is_displayed()
        assert browser.find_element("id", "person-linda-specht").is_displayed()
        assert browser.find_element("id", "round-sma11-round1").is_displayed()
        _screenshot(browser, "report-1280-no-script.png")
    finally:
        browser.execute_cdp_cmd("Emulation.setScriptExecutionDisabled", {"value": False})


@pytest.mark.parametrize("width,height", [(1280, 900), (390, 844)])
def test_browser_nothing_overflows_sideways(browser, site, width, height):
    _open(browser, site, width, height)
    inner, scroll_width, overflowing = browser.execute_script(OVERFLOW_JS)
    assert inner == width
    assert scroll_width <= inner, overflowing
    assert overflowing == []
    _screenshot(browser, f"report-{width}.png")
    _screenshot(browser, f"report-{width}-full.png", full=True)
    browser.execute_script("document.getElementById('negotiators').scrollIntoView()")
    _screenshot(browser, f"report-{width}-negotiators.png")


def test_browser_click_from_a_payment_to_its_highlighted_quote(browser, site):
    _open(browser, site, 1280, 900)
    anchor = "#" + formatting.claim_anchor(DISPUTED_USD["873000000"])
    link = browser.execute_script(
        "return document.querySelector('#payments table a[href=\"' + arguments[0] + '\"]')",
        anchor)
    browser.execute_script("arguments[0].scrollIntoView({block: 'center'})", link)
    link.click()
    state = browser.execute_script("""
        var t = document.querySelector(':target');
        var box = t.getBoundingClientRect();
        return [location.hash, t.id, t.tagName, getComputedStyle(t).backgroundColor,
                box.top, box.bottom, window.innerHeight, t.textContent];
    """)
    hash_, ident, tag, background, top, bottom, viewport, quote = state
    assert hash_ == anchor and ident == anchor[1:] and tag == "MARK"
    assert background == "rgb(255, 210, 63)"  # --mark-strong: the target is highlighted
    assert 0 <= top and bottom <= viewport  # and on screen
    assert "US$873 million" in quote
    fact = browser.execute_script(
        "return document.getElementById('fact-' + arguments[0].slice(7)).className", anchor)
    assert "is-target" in fact
    _screenshot(browser, "report-quote.png")


def test_browser_filters_by_agreement_person_and_source(browser, site):
    from selenium.webdriver.support.ui import Select, WebDriverWait

    _open(browser, site, 1280, 900)

    def hidden(ident):
        return browser.execute_script(
            "return document.getElementById(arguments[0]).hidden", ident)

    form = browser.find_element("id", "filters")
    Select(form.find_element("name", "agreement")).select_by_value("sma12")
    assert hidden("person-jeong-eun-bo") and not hidden("person-lee-tae-woo")
    assert hidden("round-sma11-round1") and not hidden("round-sma12-round4")
    assert "Showing" in browser.find_element("id", "filter-status").text
    form.find_element("css selector", "button[type=reset]").click()
    # the form's reset event fires before the selects are cleared; the page re-filters after
    WebDriverWait(browser, 5).until(lambda _: not hidden("person-jeong-eun-bo"))
    Select(form.find_element("name", "person")).select_by_value("james-dehart")
    assert hidden("round-sma12-round4") and not hidden("round-sma11-round1")
    Select(form.find_element("name", "source")).select_by_value("003")
    assert hidden("source-000") and not hidden("source-003")
    assert not hidden("round-sma11-washington-2020-01")
    # following a link into something the filters hide shows everything again
    browser.execute_script(
        "document.querySelector('#payments table a[href=\"#claim-000-sma10-payment\"]')"
        ".click()")
    assert not hidden("source-000")
