"""`kgbuild report`: a static, self-contained web page generated from the built graph.

Everything on the page comes from stored queries run on the checked graph, so the page is
always true to it: the timeline from `round-timeline` and `agreement-terms`, the payments
from `payment-history`, `demands-vs-agreed` and `source-disagreements`, the negotiators from
`counterparts`, `negotiators` and `entity-facts`, the articles and their highlighted quotes
from `report-source-texts` and `claim-evidence`, the ontology from `report-ontology`.

The page is one `index.html` with its CSS and script inline: it opens from disk (file://),
loads nothing from the network, and reads fully without JavaScript (the script only adds the
filters and highlights every piece of a quote that had to be split). The same graph gives
the same bytes: every list comes from an ordered query or is sorted here.
"""

from __future__ import annotations

import os
import re
import shutil
import tempfile
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal, InvalidOperation
from html import escape
from pathlib import Path

from kgbuild import pipeline
from kgbuild.errors import InputError
from kgbuild.query.catalogue import bind, load_queries
from kgbuild.query.results import LIST_SEPARATOR

GENERATOR = "kgbuild report"
PAGE = "index.html"

QUERIES = (
    "agreement-terms", "claim-evidence", "counterparts", "delegation-leads",
    "demands-vs-agreed", "negotiator-agreements", "negotiators", "payment-history",
    "positions", "report-claim-statements", "report-entities", "report-ontology",
    "report-source-texts", "round-counts", "round-timeline", "source-disagreements", "sources",
    "troop-strength",
)
PER_PERSON_QUERY = "entity-facts"

ID_PREFIX = "id:"
ID_NAMESPACE = "https://w3id.org/sma-kg/id/"
ONTOLOGY_NAMESPACE = "https://w3id.org/sma-kg/ontology#"
# Display names for IRIs of the vocabularies the ontology aligns with; the page never links
# to them, so that nothing on it reaches for the network.
CURIES = {
    "sma": ONTOLOGY_NAMESPACE,
    "prov": "http://www.w3.org/ns/prov#",
    "schema": "https://schema.org/",
    "oa": "http://www.w3.org/ns/oa#",
    "dcterms": "http://purl.org/dc/terms/",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "owl": "http://www.w3.org/2002/07/owl#",
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "time": "http://www.w3.org/2006/time#",
}
MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
PALETTE = ("#0f6e7a", "#6a4c93", "#a2541b", "#3d6b21", "#8a2c5c", "#4b5563")
CHAR_WIDTH = 0.58  # average advance of the page's sans-serif, in ems, for laying out SVG text


# ---------------------------------------------------------------------------------------
# Entry points


def generate(project: pipeline.Project, out_dir: Path) -> Path:
    """Check the graph, render the page and put it in out_dir; returns the page's path."""
    engine = pipeline.check_with_engine(project)[1]
    html = render(collect(engine, load_queries(project.queries_dir)))
    write_site(out_dir, {PAGE: html})
    return out_dir / PAGE


def collect(engine, stored) -> dict:
    """Rows (as dicts) of every query the page uses, and `entity-facts` for each negotiator."""
    missing = [name for name in (*QUERIES, PER_PERSON_QUERY) if name not in stored]
    if missing:
        raise InputError(f"the report needs the stored queries {', '.join(missing)}",
                         file="queries/", hint="restore them from the repository")
    data = {name: _rows(engine, bind(stored[name], {})) for name in QUERIES}
    people = sorted({row["entity"] for row in data["report-entities"]
                     if row["class"] == "sma:Negotiator"})
    data[PER_PERSON_QUERY] = {
        iri: _rows(engine, bind(stored[PER_PERSON_QUERY], {"entity": _local_id(iri)}))
        for iri in people}
    return data


def _rows(engine, text: str) -> list[dict]:
    result = engine.select(text)
    return [dict(zip(result.columns, row, strict=True)) for row in result.rows]


def write_site(out_dir: Path, files: dict[str, str]) -> None:
    """Replace out_dir by a folder holding files, all at once: build beside it, then rename.

    A folder that holds anything but an earlier report is refused rather than replaced, so
    that a mistyped --out cannot delete someone's files.
    """
    out_dir = Path(os.path.abspath(out_dir))
    if out_dir.exists():
        if not out_dir.is_dir():
            raise InputError("exists and is not a folder", file=str(out_dir),
                             hint="choose a new or empty folder for the report")
        foreign = sorted(p.name for p in out_dir.iterdir() if p.name not in files)
        ours = (out_dir / PAGE).is_file() and _is_report(out_dir / PAGE)
        if foreign or (any(out_dir.iterdir()) and not ours):
            raise InputError("is not empty and does not hold an earlier report "
                             f"({', '.join(foreign) or PAGE})", file=str(out_dir),
                             hint="choose a new or empty folder for the report")
    out_dir.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{out_dir.name}.", suffix=".new",
                                    dir=out_dir.parent))
    try:
        for name, text in files.items():
            with open(staging / name, "w", encoding="utf-8", newline="\n") as handle:
                handle.write(text)
        os.chmod(staging, 0o755)  # mkdtemp's 0700 would hide the report from a web server
        if not out_dir.exists():
            os.replace(staging, out_dir)
            return
        retired = out_dir.parent / f"{staging.name[:-4]}.old"
        os.replace(out_dir, retired)
        try:
            os.replace(staging, out_dir)
        except OSError:
            os.replace(retired, out_dir)
            raise
        shutil.rmtree(retired, ignore_errors=True)
    finally:
        if staging.exists():
            shutil.rmtree(staging, ignore_errors=True)


def _is_report(page: Path) -> bool:
    with open(page, encoding="utf-8", errors="replace") as handle:
        return f'<meta name="generator" content="{GENERATOR}">' in handle.read(4096)


# ---------------------------------------------------------------------------------------
# Small helpers: escaping, anchors, formats


def esc(value) -> str:
    return escape("" if value is None else str(value), quote=True)


def _local_id(iri: str) -> str:
    if iri.startswith(ID_PREFIX):
        return iri[len(ID_PREFIX):]
    if iri.startswith(ID_NAMESPACE):
        return iri[len(ID_NAMESPACE):]
    return re.sub(r"[^A-Za-z0-9-]+", "-", iri).strip("-").lower()


def claim_anchor(claim: str) -> str:
    return "claim-" + claim.replace("/", "-")


def split_list(value: str | None) -> list[str]:
    return [p.strip() for p in (value or "").split(LIST_SEPARATOR.strip()) if p.strip()]


def split_sourced(value: str | None) -> list[str]:
    """The values of a "; "-separated list, each without its "(sources)" suffix."""
    parts = [p.strip() for p in (value or "").split("; ") if p.strip()]
    return [re.sub(r" \([^()]*\)$", "", p) for p in parts]


def _first(values: list[str]) -> str | None:
    return values[0] if values else None


def curie(iri: str | None) -> str:
    if not iri:
        return ""
    for prefix, ns in CURIES.items():
        if iri.startswith(ns) and iri != ns:
            return f"{prefix}:{iri[len(ns):]}"
    return iri


def ordinal_word(n: int) -> str:
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def fmt_date(value: str | None) -> str:
    """xsd:date, gYearMonth or gYear as a reader writes it, no more precise than the source."""
    if not value:
        return ""
    m = re.fullmatch(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?", value)
    if not m:
        return value
    year, month, day = m.groups()
    if day:
        return f"{int(day)} {MONTHS[int(month) - 1]} {year}"
    if month:
        return f"{MONTHS[int(month) - 1]} {year}"
    return year


def fmt_range(start: str | None, end: str | None) -> str:
    if not end or end == start:
        return fmt_date(start)
    if start and len(start) == len(end) == 10 and start[:7] == end[:7]:
        return f"{int(start[8:])}–{fmt_date(end)}"
    return f"{fmt_date(start)} – {fmt_date(end)}"


def fmt_duration(value: str | None) -> str:
    m = re.fullmatch(r"P(\d+)([YM])", value or "")
    if not m:
        return value or ""
    n, unit = int(m.group(1)), {"Y": "year", "M": "month"}[m.group(2)]
    return f"{n} {unit}{'s' if n != 1 else ''}"


def _decimal(value: str | None) -> Decimal | None:
    try:
        return Decimal(value) if value not in (None, "") else None
    except InvalidOperation:
        return None


def fmt_money(amount: str | None, currency: str | None = "USD") -> str:
    """1030000000 USD -> 'US$1.03 billion': exact digits, never rounded."""
    value = _decimal(amount)
    if value is None:
        return amount or ""
    scaled, word = value, ""
    for size, name in ((Decimal(10) ** 12, "trillion"), (Decimal(10) ** 9, "billion"),
                       (Decimal(10) ** 6, "million")):
        if abs(value) >= size:
            scaled, word = value / size, name
            break
    number = f"{scaled.normalize():f}" if scaled != scaled.to_integral() else f"{int(scaled):,}"
    words = f"{number} {word}".strip()
    if currency == "USD":
        return f"US${words}"
    if currency == "KRW":
        return f"{words} won"
    return f"{words} {currency or ''}".strip()


def money_data(amount: str | None, currency: str | None = "USD") -> str:
    """The figure for the reader, with the exact value machine-readable in <data>."""
    return f'<data value="{esc(amount)}">{esc(fmt_money(amount, currency))}</data>'


def parse_day(value: str | None, *, last: bool = False) -> date | None:
    """The first (or last) day a date of any precision covers."""
    if not value:
        return None
    m = re.fullmatch(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?", value)
    if not m:
        return None
    year, month, day = (int(g) if g else None for g in m.groups())
    if day:
        return date(year, month, day)
    if month:
        if not last:
            return date(year, month, 1)
        following = date(year + month // 12, month % 12 + 1, 1)
        return following - timedelta(days=1)
    return date(year, 12, 31) if last else date(year, 1, 1)


def text_width(text: str, size: float) -> float:
    return len(text) * size * CHAR_WIDTH


def tokens(values) -> str:
    return " ".join(sorted({v for v in values if v}))


# ---------------------------------------------------------------------------------------
# The model: query rows gathered into what the page shows


@dataclass
class Entity:
    iri: str
    id: str
    label: str
    classes: list[str] = field(default_factory=list)
    agreements: list[str] = field(default_factory=list)


@dataclass
class Claim:
    key: str
    source: str
    status: str
    quote: str
    start: int
    end: int
    qualifier: str | None
    reasoning: str | None
    statements: list[dict] = field(default_factory=list)
    agreements: set[str] = field(default_factory=set)
    people: set[str] = field(default_factory=set)

    @property
    def anchor(self) -> str:
        return claim_anchor(self.key)


@dataclass
class Agreement:
    entity: Entity
    label: str
    short: str
    color: str
    ordinal: str | None = None
    ordinal_status: str | None = None
    terms: dict[str, list[dict]] = field(default_factory=dict)


@dataclass
class Round:
    label: str
    entity: Entity | None
    agreement: str | None
    ordinal: str | None
    ordinal_basis: str | None
    start: str | None
    end: str | None
    date_basis: str | None
    expressions: list[str]
    places: list[str]
    statuses: list[str]
    days: str | None
    sources: list[str]
    claims: list[str]
    leads: list[dict] = field(default_factory=list)

    @property
    def anchor(self) -> str:
        return "round-" + (self.entity.id if self.entity else _local_id(self.label))

    @property
    def planned(self) -> bool:
        return self.statuses == ["planned"]


class Model:
    """Indexes over the query rows, so that every value can link to the claims behind it."""

    def __init__(self, data: dict):
        self.data = data
        self.entities: dict[str, Entity] = {}
        for row in data["report-entities"]:
            entity = self.entities.setdefault(row["entity"], Entity(
                row["entity"], _local_id(row["entity"]), row["label"] or row["entity"]))
            entity.classes.append(row["class"])
            for iri in split_list(row["agreement_list"]):
                if _local_id(iri) not in entity.agreements:
                    entity.agreements.append(_local_id(iri))
        self.by_label = {e.label: e for e in self.entities.values()}

        self.claims: dict[str, Claim] = {}
        for row in data["claim-evidence"]:
            self.claims[row["claim"]] = Claim(
                row["claim"], row["source"], row["status"], row["quote"], int(row["start"]),
                int(row["end"]), row["qualifier"], row["reasoning"])
        # (subject id, property label) -> rows of report-claim-statements
        self.facts: dict[tuple[str, str], list[dict]] = defaultdict(list)
        for row in data["report-claim-statements"]:
            claim = self.claims.get(row["claim"])
            subject = self.entities.get(row["subject"])
            row = {**row, "subject_label": subject.label if subject else row["subject"]}
            if claim:
                claim.statements.append(row)
                for iri in (row["subject"], row["object"]):
                    entity = self.entities.get(iri or "")
                    if not entity:
                        continue
                    claim.agreements.update(entity.agreements)
                    if "sma:Negotiator" in entity.classes:
                        claim.people.add(entity.id)
            self.facts[(_local_id(row["subject"]), row["property"])].append(row)

        self.agreements = self._agreements()
        self.agreement_by_label = {a.label: a for a in self.agreements}
        self.rounds = self._rounds()
        self.people = self._people()
        self.person_by_label = {p["label"]: p for p in self.people}
        self.sources = {row["source"]: row for row in data["sources"]}
        self.disputed = {(row["claim"], row["property"]) for row in data["source-disagreements"]}

    # -- lookups

    def entity(self, label: str | None) -> Entity | None:
        return self.by_label.get(label or "")

    def entity_id(self, label: str | None) -> str:
        entity = self.entity(label)
        return entity.id if entity else ""

    def agreement_id(self, label: str | None) -> str:
        agreement = self.agreement_by_label.get(label or "")
        return agreement.entity.id if agreement else ""

    def claims_for(self, subject_id: str, prop: str, value: str | None = None) -> list[str]:
        return sorted({row["claim"] for row in self.facts.get((subject_id, prop), [])
                       if value is None or row["value"] == value})

    # -- builders

    def _agreements(self) -> list[Agreement]:
        terms: dict[str, dict[str, list[dict]]] = defaultdict(lambda: defaultdict(list))
        for row in self.data["agreement-terms"]:
            terms[row["agreement"]][row["term"]].append(row)
        found = []
        for entity in self.entities.values():
            if "sma:Agreement" not in entity.classes:
                continue
            own = terms.get(entity.label, {})
            ordinals = own.get("ordinal", [])
            agreement = Agreement(entity, entity.label, _short_label(entity.label), "",
                                  terms=dict(own))
            if ordinals:
                stated = [r for r in ordinals if r["status"] == "stated"] or ordinals
                agreement.ordinal = stated[0]["value"]
                agreement.ordinal_status = stated[0]["status"]
            found.append(agreement)

        def order(a: Agreement):
            number = int(a.ordinal) if a.ordinal and a.ordinal.isdigit() else 10 ** 6
            return number, a.label

        found.sort(key=order)
        for i, agreement in enumerate(found):
            agreement.color = PALETTE[i % len(PALETTE)]
        return found

    def _rounds(self) -> list[Round]:
        # round-timeline gives one row per round; where sources give several dates, the
        # earliest is the one placed on the timeline.
        rounds: dict[str, Round] = {}
        for row in self.data["round-timeline"]:
            rounds[row["round"]] = Round(
                row["round"], self.entity(row["round"]), row["agreement"],
                _first(split_list(row["ordinal"])), row["ordinal_basis"],
                _first(split_list(row["start"])), _first(split_list(row["end"])),
                row["date_basis"], split_sourced(row["date_wordings"]),
                split_sourced(row["place"]), split_sourced(row["status_history"]),
                row["days"], split_list(row["sources"]), split_list(row["claims"]))
        for row in self.data["delegation-leads"]:
            if row["round"] in rounds:
                rounds[row["round"]].leads.append(row)
        return list(rounds.values())

    def _people(self) -> list[dict]:
        people = []
        for row in self.data["negotiators"]:
            entity = self.entity(row["negotiator"])
            if entity is None:
                continue
            party = self.entity(row["party"])
            people.append({
                "label": row["negotiator"], "id": entity.id, "iri": entity.iri,
                "party": row["party"] or "party unknown",
                "party_id": party.id if party else "unknown",
                "roles": split_list(row["role_list"]),
                "affiliations": split_list(row["affiliation_list"]),
                "former": split_list(row["former_list"]),
                "sources": split_list(row["sources"]),
                "agreements": entity.agreements,
            })
        return people


def _short_label(label: str) -> str:
    m = re.fullmatch(r"(\d+(?:st|nd|rd|th)) Special Measures Agreement", label)
    if m:
        return f"{m.group(1)} SMA"
    return label.split(" (")[0]


# ---------------------------------------------------------------------------------------
# Page


def render(data: dict) -> str:
    model = Model(data)
    sections = [
        _glance(model), _timeline(model), _payments(model), _positions(model),
        _negotiators(model), _sources(model), _ontology(model),
    ]
    claims, sources = len(model.claims), len(model.sources)
    nav = "".join(f'<li><a href="#{anchor}">{esc(title)}</a></li>' for anchor, title in (
        ("glance", "At a glance"), ("timeline", "Timeline"), ("payments", "Payments"),
        ("positions", "Positions"), ("negotiators", "Negotiators"),
        ("sources", "Sources and quotes"), ("ontology", "Ontology")))
    used = ", ".join(f"<code>{esc(n)}</code>" for n in sorted((*QUERIES, PER_PERSON_QUERY)))
    return f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="generator" content="{GENERATOR}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="description" content="The South Korea–United States Special Measures Agreement \
negotiations: agreements, rounds, negotiators and payments, every fact with its source.">
<title>The SMA negotiations: a sourced knowledge graph</title>
<!-- Generated by kgbuild report from the graph's stored queries; edit the facts, not this. -->
<style>
{CSS}</style>
</head>
<body>
<a class="skip" href="#main">Skip to the content</a>
<header class="masthead">
<div class="wrap">
<p class="kicker">SMA knowledge graph</p>
<h1>Who pays for US troops in Korea? The Special Measures Agreement talks\
{_years(model)}</h1>
<p class="lede">South Korea and the United States renegotiate, agreement by agreement, what \
Seoul pays toward the upkeep of {_troops(model)} stationed in the country. This page \
follows the talks across {len(model.agreements)} agreements, {len(model.rounds)} \
negotiation rounds and {len(model.people)} negotiators, built from {claims} claims read from \
{sources} news articles. Every figure links to the passage that says it; values a curator \
worked out rather than read are marked <span class="inferred-sample">inferred</span>.</p>
<nav aria-label="Sections of this page"><ul class="toc">{nav}</ul></nav>
</div>
</header>
{_filters(model)}
<main id="main" class="wrap">
{"".join(sections)}
</main>
<footer class="wrap site-footer">
<p>Generated by <code>kgbuild report</code> from the SMA knowledge graph ({claims} claims, \
{sources} sources), only through its stored queries: {used}. Edit the facts in \
<code>graph/facts/</code> and rebuild; do not edit this page.</p>
<p>Article texts remain their publishers'; they are quoted as the evidence for the facts.</p>
</footer>
<script>
{JS}</script>
</body>
</html>
"""


def _years(model: Model) -> str:
    """', 2019–2024': the years the articles were published (as stated, else inferred)."""
    years = sorted({(row.get("issued") or row.get("issued_inferred") or "")[:4]
                    for row in model.sources.values()} - {""})
    if not years:
        return ""
    return f", {years[0]}" if years[0] == years[-1] else f", {years[0]}–{years[-1]}"


def _troops(model: Model) -> str:
    """The US troops, with the strength the sources give (each figure linked to its quote)."""
    figures = defaultdict(list)
    for row in model.data["troop-strength"]:
        figures[row["strength"]].append(row["claim"])
    if not figures:
        return "the US troops"
    # one link per figure, to its first quote: chips for every source would crowd the lede
    shown = " or ".join(
        f'<a class="val" href="#{claim_anchor(min(claims))}" title="as sources '
        f'{esc(", ".join(sorted({model.claims[c].source for c in claims if c in model.claims})))}'
        f' give it"><data value="{esc(n)}">{f"{int(n):,}" if n.isdigit() else esc(n)}</data></a>'
        for n, claims in sorted(figures.items()))
    return f"the {shown} US troops"


def _filters(model: Model) -> str:
    def options(pairs):
        return "".join(f'<option value="{esc(v)}">{esc(t)}</option>' for v, t in pairs)

    agreements = [(a.entity.id, a.short) for a in model.agreements]
    people = [(p["id"], p["label"]) for p in model.people]
    sources = [(s, f"Source {s}: {_source_name(row)}") for s, row in model.sources.items()]
    return f"""<form id="filters" class="filters" hidden aria-label="Filter this page">
<div class="wrap filter-row">
<span class="filter-title" id="filter-title">Show only</span>
<label>Agreement <select name="agreement"><option value="">all</option>\
{options(agreements)}</select></label>
<label>Person <select name="person"><option value="">all</option>\
{options(people)}</select></label>
<label>Source <select name="source"><option value="">all</option>\
{options(sources)}</select></label>
<button type="reset">Show all</button>
<output id="filter-status" aria-live="polite"></output>
</div>
</form>"""


def _source_name(row: dict) -> str:
    who = row.get("publisher") or row.get("credit") or "unknown publisher"
    when = row.get("issued") or row.get("issued_inferred") or "undated"
    return f"{who}, {fmt_date(when)}"


def _ev(model: Model, claims, *, label: str | None = None) -> str:
    """Links to the quotes behind a value: one per source (its first claim), labelled by it."""
    by_source: dict[str, list[str]] = defaultdict(list)
    for key in sorted(set(claims)):
        claim = model.claims.get(key)
        if claim:
            by_source[claim.source].append(key)
    links = []
    for source, keys in sorted(by_source.items()):
        claim = model.claims[keys[0]]
        mark = " inferred" if claim.status == "inferred" else ""
        what = f"quote from source {source}" + (", inferred" if mark else "")
        links.append(f'<a class="ev{mark}" href="#{claim.anchor}" title="{esc(what)}: '
                     f'{esc(", ".join(keys))}" aria-label="{esc(what)}">'
                     f'{esc(label or source)}</a>')
    return f'<span class="evs">{"".join(links)}</span>' if links else ""


def _status_badge(status: str | None) -> str:
    if status == "inferred":
        return ('<span class="badge inferred" title="worked out by a curator from the quote; '
                'the reasoning is with the claim">inferred</span>')
    if status == "reasoned":
        return ('<span class="badge reasoned" title="added by OWL 2 RL reasoning over the '
                'ontology">reasoned</span>')
    return ""


def _value_link(model: Model, text_html: str, claims: list[str], status: str | None) -> str:
    """A value that is itself the link to its (first) quote, with the others beside it."""
    if not claims or claims[0] not in model.claims:
        return text_html
    first = model.claims[claims[0]]
    cls = "val inferred" if status == "inferred" else "val"
    rest = _ev(model, claims[1:]) if len(claims) > 1 else ""
    title = f"quote from source {first.source}" + (", inferred" if status == "inferred" else "")
    return (f'<a class="{cls}" href="#{first.anchor}" title="{esc(title)}">{text_html}</a>'
            f'{rest}')


def _section(anchor: str, title: str, intro: str, body: str) -> str:
    return (f'<section id="{anchor}" aria-labelledby="{anchor}-h">'
            f'<h2 id="{anchor}-h">{esc(title)}</h2>{intro}{body}</section>\n')


# ---------------------------------------------------------------------------------------
# At a glance


def _glance(model: Model) -> str:
    cards = []
    for a in model.agreements:
        lines = _glance_lines(model, a)
        items = "".join(f"<dt>{esc(k)}</dt><dd>{v}</dd>" for k, v in lines)
        figure, caption = _headline(model, a)
        headline = (f'<p class="headline"><span class="big">{figure}</span> '
                    f'<span class="what">{esc(caption)}</span></p>') if figure else ""
        people = tokens(p["id"] for p in model.people if a.entity.id in p["agreements"])
        cards.append(
            f'<article class="card f" data-agreement="{esc(a.entity.id)}" '
            f'data-person="{people}" '
            f'style="--accent:{a.color}" aria-labelledby="glance-{esc(a.entity.id)}">'
            f'<h3 id="glance-{esc(a.entity.id)}">{esc(a.short)}</h3>'
            f'<p class="fullname">{esc(a.label)}</p>{headline}<dl>{items}</dl></article>')
    intro = ('<p>The agreements in the graph, oldest first. Every value links to the sentence '
             'that says it; <span class="val inferred">dashed italics</span> mark a value a '
             'curator inferred.</p>')
    return _section("glance", "At a glance", intro, f'<div class="cards">{"".join(cards)}</div>')


def _glance_lines(model: Model, a: Agreement) -> list[tuple[str, str]]:
    lines = []
    if a.ordinal and a.ordinal_status == "inferred" and a.ordinal.isdigit():
        rows = a.terms.get("ordinal", [])
        lines.append(("Number", _value_link(model, esc(f"{ordinal_word(int(a.ordinal))} SMA"),
                                            sorted(r["claim"] for r in rows), "inferred")))
    for term, text in (("signed on", "Signed"), ("concluded in", "Concluded"),
                       ("negotiations launched", "Talks launched"), ("duration", "Term"),
                       ("expires on", "Expires")):
        rows = a.terms.get(term, [])
        if not rows:
            continue
        values = sorted({r["value"] for r in rows})
        shown = "; ".join(fmt_duration(v) if term == "duration" else fmt_date(v) for v in values)
        status = "inferred" if all(r["status"] == "inferred" for r in rows) else "stated"
        lines.append((text, _value_link(model, esc(shown), sorted(r["claim"] for r in rows),
                                        status)))
    paid = [r for r in model.data["payment-history"] if r["agreement"] == a.label]
    for year in sorted({r["year"] or "" for r in paid}):
        rows = [r for r in paid if (r["year"] or "") == year]
        lines.append((f"Seoul pays{' for ' + year if year else ''}",
                      _payment_summary(model, rows)))
    demands = [r for r in model.data["demands-vs-agreed"]
               if r["kind"] == "demand" and r["agreement"] == a.label]
    amounts = defaultdict(list)
    for row in demands:
        if row["amount"]:
            amounts[(row["amount"], row["currency"], row["qualifier"] or "")].append(row["claim"])
    for (amount, currency, hedge), claims in sorted(amounts.items()):
        text = (f"{esc(hedge)} " if hedge else "") + money_data(amount, currency)
        factors = sorted({(r["qualifier"] or "", r["factor"]) for r in demands if r["factor"]})
        extra = " ".join(_value_link(
            model, esc(f"({h + ' ' if h else ''}{f}×)"),
            sorted(r["claim"] for r in demands if r["factor"] == f), None) for h, f in factors)
        lines.append(("US demanded", _value_link(model, text, sorted(claims), None)
                      + (" " + extra if extra else "")))
    rounds = [r for r in model.rounds if r.agreement == a.label]
    if rounds:
        undated = sum(1 for r in rounds if not r.start)
        text = (f'<a href="#agreement-{esc(a.entity.id)}">{len(rounds)} in the graph'
                f'{f" ({undated} undated)" if undated else ""}</a>')
        lines.append(("Rounds", text))
    sides = defaultdict(list)
    for person in model.people:
        if a.entity.id in person["agreements"]:
            sides[person["party_id"]].append(person)
    if sides:
        people = " · ".join(", ".join(
            f'<a href="#person-{esc(p["id"])}">{esc(p["label"])}</a>' for p in group)
            for _, group in sorted(sides.items()))
        lines.append(("Negotiators", people))
    return lines


def _headline(model: Model, a: Agreement) -> tuple[str, str]:
    """The one figure a card leads with: Seoul's first payment, else the rounds held."""
    paid = [r for r in model.data["payment-history"] if r["agreement"] == a.label and _usd(r)]
    if paid:
        year = min(r["year"] or "9999" for r in paid)
        rows = [r for r in paid if (r["year"] or "9999") == year]
        values = sorted({_usd(r) for r in rows})
        first = min(rows, key=lambda r: (_usd(r), r["claim"]))
        last = max(rows, key=lambda r: (_usd(r), r["claim"]))
        if len(values) == 1:
            text = _value_link(model, esc(fmt_money(str(values[0]))), [first["claim"]], None)
        else:
            low = fmt_money(str(values[0])).removesuffix(" " + fmt_money(str(values[-1]))
                                                         .split(" ")[-1])
            text = (_value_link(model, esc(low), [first["claim"]], None) + "–"
                    + _value_link(model, esc(fmt_money(str(values[-1])).removeprefix("US$")),
                                  [last["claim"]], None))
        caption = f"agreed for {year}" if year != "9999" else "agreed"
        if len(values) > 1:
            caption += f": {len(values)} figures, sources disagree"
        return text, caption
    held = a.terms.get("rounds held", [])
    if held:
        best = max(held, key=lambda r: (int(r["value"]) if r["value"].isdigit() else 0,
                                        r["claim"]))
        return (_value_link(model, esc(f"{best['value']} rounds"), [best["claim"]],
                            best["status"]), f"held, by source {best['source']}")
    return "", ""


def _payment_summary(model: Model, rows: list[dict]) -> str:
    """'1.04 trillion won (US$870 / 871 / 873 million, sources disagree) +8.2 %', linked."""
    parts = []
    amounts = defaultdict(list)
    usd = defaultdict(list)
    for row in rows:
        if row["amount"]:
            amounts[(row["amount"], row["currency"])].append(row)
        if row["usd_equivalent"]:
            usd[row["usd_equivalent"]].append(row)
    for (amount, currency), group in sorted(amounts.items()):
        parts.append(_value_link(model, money_data(amount, currency),
                                 sorted(r["claim"] for r in group), None))
    if usd:
        links = []
        for value, group in sorted(usd.items(), key=lambda kv: _decimal(kv[0]) or 0):
            hedge = group[0]["qualifier"]
            text = (f"{esc(hedge)} " if hedge else "") + money_data(value)
            links.append(_value_link(model, text, sorted(r["claim"] for r in group), None))
        note = (' <span class="badge disagree" title="the sources give different figures">'
                'sources disagree</span>') if len(usd) > 1 else ""
        joined = " / ".join(links)
        parts.append(f"({joined}){note}" if parts else joined + note)
    changes = defaultdict(list)
    for row in rows:
        if row["change_percent"]:
            changes[row["change_percent"]].append(row)
    for percent, group in sorted(changes.items()):
        bases = sorted({r["change_from"] for r in group if r["change_from"]})
        text = f"+{percent} %" + (f" on {', '.join(bases)}" if bases else "")
        parts.append(_value_link(model, esc(text), sorted(r["claim"] for r in group), None))
    return " ".join(parts)



# ---------------------------------------------------------------------------------------
# Timeline


def _timeline(model: Model) -> str:
    intro = ('<p>The overview puts each agreement on its own lane: its term, the launch of its '
             'talks and its rounds. Below it, each agreement\'s rounds on a closer time axis, '
             'with place and lead negotiators. Rounds that no source dates are shown apart, '
             'under <em>no date in the sources</em>, never at a guessed place on the axis.</p>')
    parts = [f'<figure class="chart-figure"><div class="scroll" tabindex="0" role="group" '
             f'aria-label="Overview timeline (scrolls sideways on narrow screens)">'
             f'{_timeline_svg(model)}</div><figcaption>{_timeline_legend()}</figcaption>'
             f'</figure>']
    for a in model.agreements:
        parts.append(_agreement_detail(model, a))
    return _section("timeline", "Timeline of the negotiations", intro, "".join(parts))


def _timeline_legend() -> str:
    return (
        '<ul class="legend" aria-label="Legend">'
        '<li><svg width="22" height="22" aria-hidden="true"><circle cx="11" cy="11" r="8" '
        'class="mk held"/></svg> round held</li>'
        '<li><svg width="22" height="22" aria-hidden="true"><circle cx="11" cy="11" r="8" '
        'class="mk planned"/></svg> round planned</li>'
        '<li><svg width="22" height="22" aria-hidden="true"><circle cx="11" cy="11" r="8" '
        'class="mk held inferred"/></svg> dashed: date or number inferred by a curator</li>'
        '<li><svg width="30" height="22" aria-hidden="true"><line x1="3" x2="27" y1="11" '
        'y2="11" class="span-month"/></svg> the source gives only a month or a year</li>'
        '<li><span class="q-num" aria-hidden="true">?</span> no source numbers the round</li>'
        '<li><svg width="30" height="22" aria-hidden="true"><rect x="2" y="5" width="26" '
        'height="12" rx="3" class="term inferred"/></svg> term of the agreement</li>'
        '<li><svg width="18" height="22" aria-hidden="true"><path d="M9 3 l7 8 l-7 8 l-7 -8 z" '
        'class="legend-event"/></svg> talks launched</li></ul>')


def _term_span(a: Agreement) -> tuple[date, date, bool] | None:
    """The agreement's term, drawn back from its expiry by its duration (both in the graph)."""
    expiry, duration = a.terms.get("expires on", []), a.terms.get("duration", [])
    if not expiry or not duration:
        return None
    end = parse_day(expiry[0]["value"], last=True)
    m = re.fullmatch(r"P(\d+)Y", duration[0]["value"])
    if end is None or not m:
        return None
    after = end + timedelta(days=1)
    start = date(after.year - int(m.group(1)), after.month, after.day)
    inferred = any(r["status"] == "inferred" for r in expiry + duration)
    return start, end, inferred


def _period(value: str | None, end: str | None = None) -> tuple[date, date] | None:
    """First and last day a date (of any precision), or a start and end, cover."""
    first = parse_day(value)
    last = parse_day(end or value, last=True)
    return (first, last) if first and last else None


def _agreement_events(a: Agreement) -> list[tuple[str, str, bool, list[str]]]:
    """Point events of an agreement: (what, value, inferred, claims)."""
    events = []
    for term, label in (("negotiations launched", "talks launched"), ("signed on", "signed"),
                        ("concluded in", "concluded")):
        rows = a.terms.get(term, [])
        if rows and _period(rows[0]["value"]):
            inferred = all(r["status"] == "inferred" for r in rows)
            events.append((label, rows[0]["value"], inferred, sorted(r["claim"] for r in rows)))
    return events


def _timeline_svg(model: Model) -> str:
    width, left, nodate_w, top = 1000, 150, 112, 34
    axis_l, axis_r = left + 10, width - nodate_w - 22
    periods = [_period(r.start, r.end) for r in model.rounds if r.start]
    for a in model.agreements:
        span = _term_span(a)
        if span:
            periods.append(span[:2])
        periods += [_period(value) for _, value, _, _ in _agreement_events(a)]
    periods = [p for p in periods if p]
    if not periods:
        return '<p>No dated events in the graph.</p>'
    first_year = min(p[0] for p in periods).year
    last_year = max(p[1] for p in periods).year + 1
    total = (date(last_year, 1, 1) - date(first_year, 1, 1)).days

    def x(day: date) -> float:
        return axis_l + (day - date(first_year, 1, 1)).days / total * (axis_r - axis_l)

    y = top
    body = []
    for index, a in enumerate(model.agreements):
        rounds = [r for r in model.rounds if r.agreement == a.label]
        dated = sorted((r for r in rounds if r.start),
                       key=lambda r: (_period(r.start, r.end), r.label))
        undated = [r for r in rounds if not r.start]
        span = _term_span(a)
        rows_end: list[float] = []
        placed = []
        for r in dated:
            first, last = _period(r.start, r.end)
            cx = (x(first) + x(last + timedelta(days=1))) / 2
            row = next((i for i, edge in enumerate(rows_end) if cx - 8 > edge), len(rows_end))
            if row == len(rows_end):
                rows_end.append(0)
            rows_end[row] = cx + 8
            placed.append((r, cx, row, x(first), x(last + timedelta(days=1))))
        height = 62 + max(len(rows_end) - 1, 0) * 15
        body.append(f'<g class="lane f" data-agreement="{esc(a.entity.id)}">')
        body.append(f'<rect class="lane-bg{" alt" if index % 2 else ""}" x="0" y="{y}" '
                    f'width="{width}" height="{height}"/>')
        body.append(f'<a href="#agreement-{esc(a.entity.id)}"><text class="lane-label" '
                    f'x="14" y="{y + 26}" fill="{a.color}">{esc(a.short)}</text></a>')
        sub = _lane_subtitle(a, rounds)
        if sub:
            body.append(f'<text class="lane-sub" x="14" y="{y + 44}">{esc(sub)}</text>')
        bar_y = y + 10
        occupied: list[tuple[float, float]] = []
        if span:
            x0, x1 = x(span[0]), x(span[1] + timedelta(days=1))
            text = (f"term: {fmt_duration(a.terms['duration'][0]['value'])}, to "
                    f"{fmt_date(a.terms['expires on'][0]['value'])}")
            body.append(f'<rect class="term{" inferred" if span[2] else ""}" x="{x0:.1f}" '
                        f'y="{bar_y}" width="{x1 - x0:.1f}" height="16" rx="4" '
                        f'fill="{a.color}" stroke="{a.color}"><title>{esc(a.short)} '
                        f'{esc(text)}{" (inferred)" if span[2] else ""}</title></rect>')
            w = text_width(text, 11.5)
            tx = x0 + 6 if x1 - x0 >= w + 12 else x1 + 8
            body.append(f'<text class="bar-text" x="{tx:.1f}" y="{bar_y + 12}">'
                        f'{esc(text)}</text>')
            occupied.append((x0, max(x1, tx + w)))
        for label, value, inferred, _claims in _agreement_events(a):
            if label != "talks launched":
                continue
            first, last = _period(value)
            ex = (x(first) + x(last + timedelta(days=1))) / 2
            body.append(f'<path class="event{" inferred" if inferred else ""}" '
                        f'd="M{ex:.1f} {bar_y} l7 8 l-7 8 l-7 -8 z" fill="{a.color}">'
                        f'<title>{esc(label)}: {esc(fmt_date(value))}'
                        f'{" (inferred)" if inferred else ""}</title></path>')
            text = f"{label} {fmt_date(value)}"
            w = text_width(text, 11.5)
            for tx in (ex + 11, ex - 11 - w):
                free = all(tx + w < lo - 4 or tx > hi + 4 for lo, hi in occupied)
                if free and axis_l - 6 <= tx and tx + w <= width - 4:
                    body.append(f'<text class="bar-text" x="{tx:.1f}" y="{bar_y + 12}">'
                                f'{esc(text)}</text>')
                    break
        marker_y = y + 40
        for r, cx, row, sx, ex in placed:
            cy = marker_y + row * 15
            if r.start and len(r.start) < 10:
                body.append(f'<line class="span-month" x1="{sx + 2:.1f}" x2="{ex - 2:.1f}" '
                            f'y1="{cy}" y2="{cy}" stroke="{a.color}"/>')
            body.append(_dot(r, cx, cy, a.color, 6))
        for i, r in enumerate(undated):
            body.append(_dot(r, width - nodate_w + 14 + i * 17, marker_y, a.color, 6))
        if undated:
            body.append(f'<text class="lane-sub" x="{width - nodate_w + 6}" '
                        f'y="{marker_y + 20}">{len(undated)} undated</text>')
        body.append("</g>")
        y += height
    grid = []
    for year in range(first_year, last_year + 1):
        gx = x(date(year, 1, 1))
        grid.append(f'<line class="grid" x1="{gx:.1f}" x2="{gx:.1f}" y1="{top - 6}" '
                    f'y2="{y}"/>')
        if year < last_year:
            grid.append(f'<text class="year" x="{x(date(year, 7, 1)):.1f}" y="{top - 12}" '
                        f'text-anchor="middle">{year}</text>')
    grid.append(f'<line class="grid nodate" x1="{width - nodate_w - 4}" '
                f'x2="{width - nodate_w - 4}" y1="{top - 6}" y2="{y}"/>')
    grid.append(f'<text class="year nodate-h" x="{width - nodate_w / 2 - 2:.0f}" '
                f'y="{top - 12}" text-anchor="middle">no date</text>')
    summary = "; ".join(
        f"{a.short}: " + (", ".join(
            f"{_round_title(r)} " + (fmt_range(r.start, r.end) if r.start else "(no date)")
            for r in model.rounds if r.agreement == a.label) or "no rounds")
        for a in model.agreements)
    return (f'<svg class="chart timeline" viewBox="0 0 {width} {y + 6}" role="img" '
            f'aria-labelledby="tl-title tl-desc" xmlns="http://www.w3.org/2000/svg">'
            f'<title id="tl-title">Overview: the SMA agreements and their negotiation rounds, '
            f'{first_year}–{last_year - 1}</title><desc id="tl-desc">{esc(summary)}</desc>'
            f'{"".join(grid)}{"".join(body)}</svg>')


def _lane_subtitle(a: Agreement, rounds: list[Round]) -> str:
    count = f"{len(rounds)} round{'s' if len(rounds) != 1 else ''}" if rounds else "no rounds"
    if a.ordinal_status == "inferred" and a.ordinal and a.ordinal.isdigit():
        return f"{count} · {ordinal_word(int(a.ordinal))}? (inferred)"
    return count


def _round_title(r: Round) -> str:
    return f"Round {r.ordinal}" if r.ordinal else "Unnumbered round"


def _dot(r: Round, cx: float, cy: float, color: str, radius: int) -> str:
    """A round as a small marker of the overview, linking to its row."""
    inferred = r.date_basis == "inferred" or r.ordinal_basis == "inferred"
    cls = "mk " + ("planned" if r.planned else "held") + (" inferred" if inferred else "")
    fill = "#fff" if r.planned else color
    return (f'<a href="#{esc(r.anchor)}" class="round-link"><g class="{cls}">'
            f'<title>{esc(_round_tip(r))}</title><circle cx="{cx:.1f}" cy="{cy}" '
            f'r="{radius}" fill="{fill}" stroke="{color}"/></g></a>')


def _round_tip(r: Round) -> str:
    when = fmt_range(r.start, r.end) if r.start else "no date in the sources"
    if r.date_basis == "inferred":
        when += " (inferred)"
    place = ", ".join(r.places) or "place not given"
    tip = f"{r.label}: {when}; {place}; {', '.join(r.statuses) or 'status not given'}"
    leads = ", ".join(row["negotiator"] for row in r.leads)
    if leads:
        tip += f"; led by {leads}"
    if r.ordinal_basis == "inferred":
        tip += "; number inferred"
    return tip


def _rounds_svg(model: Model, a: Agreement, rounds: list[Round]) -> str:
    """One agreement's rounds on a month axis, with an apart lane for the undated ones."""
    width, pad, card_h, gap = 1000, 16, 62, 12
    dated = sorted((r for r in rounds if r.start),
                   key=lambda r: (_period(r.start, r.end), r.label))
    undated = [r for r in rounds if not r.start]
    events = [e for e in _agreement_events(a) if e[0] == "talks launched" and len(e[1]) >= 7]
    periods = [_period(r.start, r.end) for r in dated] + [_period(e[1]) for e in events]
    periods = [p for p in periods if p]
    cards = {r.label: _card_lines(model, r) for r in rounds}
    body: list[str] = []
    y = 8
    if dated:
        first = min(p[0] for p in periods)
        last = max(p[1] for p in periods)
        lo = date(first.year, first.month, 1)
        lo = date(lo.year - (lo.month == 1), (lo.month - 2) % 12 + 1, 1)
        hi = date(last.year + (last.month == 12), last.month % 12 + 1, 1)
        hi = date(hi.year + (hi.month == 12), hi.month % 12 + 1, 1)
        axis_l, axis_r = pad + 10, width - pad - 10

        def x(day: date) -> float:
            return axis_l + (day - lo).days / (hi - lo).days * (axis_r - axis_l)

        tiers: list[list[tuple[float, float]]] = []
        placed = []
        for r in dated:
            p = _period(r.start, r.end)
            cx = (x(p[0]) + x(p[1] + timedelta(days=1))) / 2
            w = _card_width(cards[r.label])
            cx0 = min(max(cx - w / 2, pad), width - pad - w)
            tier = next((i for i, used in enumerate(tiers)
                         if all(cx0 + w + gap < s or cx0 > e + gap for s, e in used)),
                        len(tiers))
            if tier == len(tiers):
                tiers.append([])
            tiers[tier].append((cx0, cx0 + w))
            placed.append((r, cx, cx0, w, tier, x(p[0]), x(p[1] + timedelta(days=1))))
        axis_y = y + len(tiers) * (card_h + gap) + 18
        body.append(f'<line class="axis" x1="{axis_l}" x2="{axis_r}" y1="{axis_y}" '
                    f'y2="{axis_y}"/>')
        month = lo
        months = (hi.year - lo.year) * 12 + hi.month - lo.month
        step = 1 if months <= 14 else 3
        i = 0
        while month <= hi:
            mx = x(month)
            body.append(f'<line class="tick-line" x1="{mx:.1f}" x2="{mx:.1f}" '
                        f'y1="{axis_y}" y2="{axis_y + 6}"/>')
            nxt = date(month.year + (month.month == 12), month.month % 12 + 1, 1)
            if i % step == 0 and month < hi:
                label = fmt_date(month.isoformat()[:7])
                body.append(f'<text class="tick" x="{(mx + x(nxt)) / 2:.1f}" '
                            f'y="{axis_y + 20}" text-anchor="middle">{esc(label)}</text>')
            month, i = nxt, i + 1
        body.append('<g class="dated-lane">')
        for r, cx, cx0, w, tier, sx, ex in placed:
            cy = y + (len(tiers) - 1 - tier) * (card_h + gap)
            stem_x = min(max(cx, cx0 + 10), cx0 + w - 10)
            body.append(f'<g class="f" data-agreement="{esc(a.entity.id)}" '
                        f'data-person="{tokens(_lead_ids(model, r))}" '
                        f'data-source="{tokens(r.sources)}">')
            body.append(f'<line class="stem" x1="{stem_x:.1f}" x2="{cx:.1f}" '
                        f'y1="{cy + card_h}" y2="{axis_y - 9}"/>')
            if len(r.start or "") < 10:
                body.append(f'<line class="span-month" x1="{sx + 2:.1f}" x2="{ex - 2:.1f}" '
                            f'y1="{axis_y}" y2="{axis_y}" stroke="{a.color}"/>')
            body.append(_marker(r, cx, axis_y, a.color))
            body.append(_card(r, cards[r.label], cx0, cy, w, card_h, a.color))
            body.append("</g>")
        body.append("</g>")
        for label, value, inferred, _claims in events:
            p = _period(value)
            ex = (x(p[0]) + x(p[1] + timedelta(days=1))) / 2
            body.append(f'<path class="event{" inferred" if inferred else ""}" '
                        f'd="M{ex:.1f} {axis_y - 9} l8 9 l-8 9 l-8 -9 z" fill="{a.color}">'
                        f'<title>{esc(label)}: {esc(fmt_date(value))}</title></path>')
            body.append(f'<text class="event-label" x="{ex:.1f}" y="{axis_y + 36}" '
                        f'text-anchor="middle">{esc(label)} {esc(fmt_date(value))}'
                        f'{" (inferred)" if inferred else ""}</text>')
        y = axis_y + 48
    if undated:
        body.append(f'<text class="lane-title" x="{pad}" y="{y + 18}">No date in the sources'
                    f'</text><text class="lane-sub" x="{pad + 190}" y="{y + 18}">shown apart, '
                    f'in the order of their numbers</text>')
        cx0, row_y = pad, y + 30
        body.append('<g class="undated-lane">')
        for r in undated:
            w = _card_width(cards[r.label]) + 30
            if cx0 + w > width - pad:
                cx0, row_y = pad, row_y + card_h + gap
            body.append(f'<g class="f" data-agreement="{esc(a.entity.id)}" '
                        f'data-person="{tokens(_lead_ids(model, r))}" '
                        f'data-source="{tokens(r.sources)}">')
            body.append(_marker(r, cx0 + 14, row_y + card_h / 2, a.color))
            body.append(_card(r, cards[r.label], cx0 + 30, row_y, w - 30, card_h, a.color))
            body.append("</g>")
            cx0 += w + gap
        body.append("</g>")
        y = row_y + card_h + 12
    desc = "; ".join(_round_tip(r) for r in rounds)
    return (f'<svg class="chart rounds-chart" viewBox="0 0 {width} {y:.0f}" role="img" '
            f'aria-labelledby="rc-{esc(a.entity.id)}-t rc-{esc(a.entity.id)}-d" '
            f'xmlns="http://www.w3.org/2000/svg"><title id="rc-{esc(a.entity.id)}-t">Rounds of '
            f'the {esc(a.short)} talks</title><desc id="rc-{esc(a.entity.id)}-d">{esc(desc)}'
            f'</desc>{"".join(body)}</svg>')


def _lead_ids(model: Model, r: Round) -> list[str]:
    return [model.person_by_label[row["negotiator"]]["id"] for row in r.leads
            if row["negotiator"] in model.person_by_label]


def _card_lines(model: Model, r: Round) -> list[list[tuple[str, str]]]:
    """A round's card as lines of (css class, text) runs."""
    title = [("card-title", _round_title(r))]
    if r.ordinal_basis == "inferred":
        title.append(("card-inferred", " (number inferred)"))
    if r.statuses:
        title.append(("card-status", " · " + ", ".join(r.statuses)))
    if r.start:
        when = [("card-date" + (" inferred" if r.date_basis == "inferred" else ""),
                 fmt_range(r.start, r.end))]
        if r.date_basis == "inferred":
            when.append(("card-inferred", " (inferred)"))
    else:
        when = [("card-date undated", f"“{r.expressions[0]}”" if r.expressions
                 else "no date given")]
        if r.days:
            when.append(("card-text", f", {r.days} days"))
    where = ", ".join(r.places)
    if where:
        when.append(("card-text", f" · {where}"))
    leads: list[tuple[str, str]] = []
    for row in r.leads:
        person = model.person_by_label.get(row["negotiator"])
        if leads:
            leads.append(("card-text", " – "))
        party = person["party_id"] if person else "unknown"
        leads.append((f"card-person party-{party}", row["negotiator"]))
    if not leads:
        leads = [("card-text muted", "leads not named")]
    return [title, when, leads]


def _card_width(lines: list[list[tuple[str, str]]]) -> float:
    sizes = (13.5, 12.5, 12.5)
    return 20 + max(text_width("".join(t for _, t in line), size)
                    for line, size in zip(lines, sizes, strict=True))


def _card(r: Round, lines, x0: float, y0: float, w: float, h: float, color: str) -> str:
    dashed = " inferred" if r.date_basis == "inferred" or r.ordinal_basis == "inferred" else ""
    parts = [f'<a href="#{esc(r.anchor)}" class="round-link"><title>{esc(_round_tip(r))}'
             f'</title><rect class="card-box{dashed}" x="{x0:.1f}" y="{y0:.0f}" '
             f'width="{w:.1f}" height="{h}" rx="6" stroke="{color}"/>']
    for i, line in enumerate(lines):
        runs = "".join(f'<tspan class="{cls}">{esc(text)}</tspan>' for cls, text in line)
        parts.append(f'<text x="{x0 + 10:.1f}" y="{y0 + 19 + i * 17:.0f}">{runs}</text>')
    parts.append("</a>")
    return "".join(parts)


def _marker(r: Round, cx: float, cy: float, color: str) -> str:
    inferred = r.date_basis == "inferred" or r.ordinal_basis == "inferred"
    cls = "mk " + ("planned" if r.planned else "held") + (" inferred" if inferred else "")
    fill, ink = ("#fff", color) if r.planned else (color, "#fff")
    italic = ' font-style="italic"' if r.ordinal_basis == "inferred" else ""
    return (f'<g class="{cls}" aria-hidden="true"><circle cx="{cx:.1f}" cy="{cy:.0f}" r="11" '
            f'fill="{fill}" stroke="{color}"/><text x="{cx:.1f}" y="{cy + 4:.0f}" '
            f'text-anchor="middle" fill="{ink}"{italic}>{esc(r.ordinal or "?")}</text></g>')


def _agreement_detail(model: Model, a: Agreement) -> str:
    rounds = [r for r in model.rounds if r.agreement == a.label]
    terms = []
    for term in sorted(a.terms):
        rows = a.terms[term]
        values = defaultdict(list)
        for row in rows:
            values[row["value"]].append(row)
        shown = []
        for value, group in sorted(values.items()):
            if term == "duration":
                text = fmt_duration(value)
            elif re.fullmatch(r"\d{4}(-\d{2}(-\d{2})?)?", value):
                text = fmt_date(value)
            else:
                text = value
            status = "inferred" if all(r["status"] == "inferred" for r in group) else "stated"
            shown.append(_value_link(model, esc(text), sorted(r["claim"] for r in group),
                                     status) + _status_badge(status))
        terms.append(f"<dt>{esc(term)}</dt><dd>{'; '.join(shown)}</dd>")
    term_list = f'<dl class="terms">{"".join(terms)}</dl>' if terms else ""
    chart = ""
    if rounds:
        chart = (f'<figure class="chart-figure"><div class="scroll" tabindex="0" role="group" '
                 f'aria-label="Rounds of the {esc(a.short)} talks (scrolls sideways on narrow '
                 f'screens)">{_rounds_svg(model, a, rounds)}</div></figure>')
        rows = "".join(_round_row(model, a, r) for r in rounds)
        table = (f'<div class="table-wrap"><table class="rounds stack"><caption>Rounds of the '
                 f'{esc(a.short)} talks, by number, then date</caption><thead><tr>'
                 f'<th scope="col">Round</th><th scope="col">When</th>'
                 f'<th scope="col">Where</th><th scope="col">Status</th>'
                 f'<th scope="col">Led by</th></tr></thead><tbody>{rows}</tbody></table></div>')
    else:
        table = f'<p class="none">No rounds of the {esc(a.short)} talks are in the graph.</p>'
    return (f'<section class="agreement f" id="agreement-{esc(a.entity.id)}" '
            f'data-agreement="{esc(a.entity.id)}" style="--accent:{a.color}" '
            f'aria-labelledby="agreement-{esc(a.entity.id)}-h">'
            f'<h3 id="agreement-{esc(a.entity.id)}-h">{esc(a.label)}</h3>'
            f'{term_list}{chart}{table}</section>')


def _round_row(model: Model, a: Agreement, r: Round) -> str:
    rid = r.entity.id if r.entity else ""
    if r.start:
        claims = model.claims_for(rid, "start date")
        when = _value_link(model, esc(fmt_range(r.start, r.end)), claims, r.date_basis)
        when += _status_badge(r.date_basis)
    else:
        when = '<span class="undated">no date in the sources</span>'
    for expression in r.expressions:
        claims = model.claims_for(rid, "date expression", expression)
        when += f'<br><q class="expr">{_value_link(model, esc(expression), claims, None)}</q>'
    if r.days:
        claims = model.claims_for(rid, "day count", r.days)
        when += "<br>" + _value_link(model, esc(f"{r.days} days"), claims, None)
    places = ", ".join(_value_link(model, esc(p), model.claims_for(rid, "round location", p),
                                   None) for p in r.places) or '<span class="none">—</span>'
    statuses = ", ".join(_value_link(model, esc(s), model.claims_for(rid, "round status", s),
                                     None) for s in r.statuses) or "—"
    leads = []
    for row in r.leads:
        person = model.person_by_label.get(row["negotiator"])
        pid = person["id"] if person else ""
        claims = model.claims_for(rid, "lead negotiator", row["negotiator"])
        party = f' <span class="party">({esc(row["party"])})</span>' if row["party"] else ""
        name = (f'<a href="#person-{esc(pid)}">{esc(row["negotiator"])}</a>' if pid
                else esc(row["negotiator"]))
        leads.append(f"{name}{party}{_ev(model, claims)}")
    name = esc(_round_title(r))
    if r.ordinal:
        claims = model.claims_for(rid, "ordinal", r.ordinal)
        name = _value_link(model, name, claims, r.ordinal_basis) + _status_badge(r.ordinal_basis)
    people = [model.person_by_label[row["negotiator"]]["id"] for row in r.leads
              if row["negotiator"] in model.person_by_label]
    dates = (f' data-start="{esc(r.start)}" data-end="{esc(r.end or r.start)}" '
             f'data-date-basis="{esc(r.date_basis or "stated")}"') if r.start else \
        ' data-undated="true"'
    return (f'<tr id="{esc(r.anchor)}" class="f"{dates} data-agreement="{esc(a.entity.id)}" '
            f'data-person="{tokens(people)}" data-source="{tokens(r.sources)}">'
            f'<th scope="row">{name}<div class="round-label">{esc(r.label)}</div></th>'
            f'<td data-label="When" class="wide">{when}</td><td data-label="Where">{places}</td>'
            f'<td data-label="Status">{statuses}</td><td data-label="Led by" class="wide">'
            f'{"<br>".join(leads) or "<span class=none>not named</span>"}</td></tr>')


# ---------------------------------------------------------------------------------------
# Payments


def _usd(row: dict) -> Decimal | None:
    if row.get("currency") == "USD" and row.get("amount"):
        return _decimal(row["amount"])
    return _decimal(row.get("usd_equivalent"))


def _payments(model: Model) -> str:
    intro = ('<p>What Seoul agreed to pay each year, and what Washington demanded, in US '
             'dollars as the sources give them. Where sources give different figures for the '
             'same payment, every figure is kept and the disagreement is marked.</p>')
    body = [f'<figure class="chart-figure"><div class="scroll only-wide" tabindex="0" '
            f'role="group" aria-label="Payments chart">{_payments_svg(model)}</div>'
            f'<div class="fit-box only-narrow">{_payments_svg(model, narrow=True)}</div>'
            f'<figcaption>Bars: the highest US-dollar figure a '
            f'source gives; the figures from every source are in the table below.'
            f'</figcaption></figure>']
    body.append(_disagreements(model))
    body.append(_payments_table(model))
    return _section("payments", "Payments over the years", intro, "".join(body))


def _payment_groups(model: Model) -> list[dict]:
    """One bar per agreement, year and kind, with every source's row behind it."""
    groups: dict[tuple, dict] = {}
    order = {a.label: i for i, a in enumerate(model.agreements)}
    for row in model.data["demands-vs-agreed"]:
        if _usd(row) is None:
            continue
        key = (order.get(row["agreement"] or "", 99), row["kind"] == "demand",
               row["year"] or "", row["agreement"] or "")
        group = groups.setdefault(key, {"agreement": row["agreement"], "year": row["year"],
                                        "kind": row["kind"], "rows": []})
        group["rows"].append(row)
    return [groups[k] for k in sorted(groups)]


def _kind_words(*, row_kind: str, party: str | None) -> str:
    if row_kind == "demand":
        return f"{party or 'party unknown'} demanded"
    return f"{party or 'payer unknown'} agreed"


def _payments_svg(model: Model, *, narrow: bool = False) -> str:
    """One bar per agreement, year and kind, in US dollars, on a shared scale.

    The narrow variant, for phones, puts each bar's labels above and below it instead of
    beside it, so the chart fits the screen.
    """
    groups = _payment_groups(model)
    if not groups:
        return "<p>No payments with an amount in the graph.</p>"
    if narrow:
        width, left, right, top, row_h = 400, 8, 24, 30, 86
    else:
        width, left, right, top, row_h = 1000, 230, 300, 34, 46
    top_value = max(_usd(r) for g in groups for r in g["rows"])
    step = Decimal(10) ** 9 if top_value >= Decimal(2) * 10 ** 9 else Decimal(10) ** 8
    ticks = int(top_value / step) + 1
    scale_max = step * ticks

    def x(value: Decimal) -> float:
        return left + float(value / scale_max) * (width - left - right)

    def tick_text(value: Decimal) -> str:
        text = fmt_money(str(value)) if value else "0"
        return text.replace(" billion", " bn").replace(" million", " m") if narrow else text

    body = []
    for i in range(ticks + 1):
        gx = x(step * i)
        body.append(f'<line class="grid" x1="{gx:.1f}" x2="{gx:.1f}" y1="{top - 6}" '
                    f'y2="{top + row_h * len(groups)}"/>')
        anchor = ("start" if i == 0 else "end" if i == ticks else "middle") if narrow \
            else "middle"
        if narrow and ticks > 4 and i % 2:
            continue  # every other label, or they run into each other on a phone
        body.append(f'<text class="tick" x="{gx:.1f}" y="{top - 12}" text-anchor="{anchor}">'
                    f'{esc(tick_text(step * i))}</text>')
    for index, group in enumerate(groups):
        y = top + index * row_h
        rows = group["rows"]
        values = sorted({_usd(r) for r in rows})
        agreement = model.agreement_by_label.get(group["agreement"] or "")
        demand = group["kind"] == "demand"
        party = next((r["party"] for r in rows if r.get("party")), None)
        who = _kind_words(row_kind=group["kind"], party=party)
        label1 = f"{agreement.short if agreement else 'Agreement unknown'}"
        label2 = f"{who}{' for ' + group['year'] if group['year'] else ''}"
        sources = tokens(r["source"] for r in rows)
        aid = agreement.entity.id if agreement else ""
        bar_y = y + (22 if narrow else 8)
        bar_h = 20 if narrow else 26
        body.append(f'<g class="f" data-agreement="{esc(aid)}" data-source="{sources}">')
        if narrow:
            body.append(f'<text class="row-label" x="{left}" y="{y + 16}">{esc(label1)} '
                        f'<tspan class="row-sub">{esc(label2)}</tspan></text>')
        else:
            body.append(f'<text class="row-label" x="{left - 12}" y="{y + 19}" '
                        f'text-anchor="end">{esc(label1)}</text>')
            body.append(f'<text class="row-sub" x="{left - 12}" y="{y + 35}" '
                        f'text-anchor="end">{esc(label2)}</text>')
        cls = "bar demand" if demand else "bar agreed"
        claim = sorted(rows, key=lambda r: (-(_usd(r) or 0), r["claim"]))[0]["claim"]
        body.append(f'<a href="#{claim_anchor(claim)}"><rect class="{cls}" x="{left}" '
                    f'y="{bar_y}" width="{x(values[-1]) - left:.1f}" height="{bar_h}" rx="3">'
                    f'<title>{esc(label1)}, {esc(label2)}: '
                    f'{esc(" / ".join(fmt_money(str(v)) for v in values))}</title></rect></a>')
        if len(values) > 1:
            body.append(f'<line class="whisker" x1="{x(values[0]):.1f}" '
                        f'x2="{x(values[-1]):.1f}" y1="{bar_y + bar_h / 2:.0f}" '
                        f'y2="{bar_y + bar_h / 2:.0f}"/>')
        qualifier = rows[0]["qualifier"] if len(values) == 1 else None
        figure = (f"{qualifier} " if qualifier else "") + (
            fmt_money(str(values[0])) if len(values) == 1 else
            f"{fmt_money(str(values[0]))} to {fmt_money(str(values[-1]))}")
        note = f" · {len(values)} figures: sources disagree" if len(values) > 1 else ""
        more = ""
        factors = sorted({(r["qualifier"] or "", r["factor"])
                          for r in model.data["demands-vs-agreed"]
                          if demand and r["factor"] and r["agreement"] == group["agreement"]})
        for hedge, factor in factors:
            more += f" · {hedge + ' ' if hedge else ''}{factor}× the payment"
        if narrow:
            text_x, text_y = left, bar_y + bar_h + 17
        else:
            text_x, text_y = x(values[-1]) + 10, y + 26
        if narrow:  # the notes go on a line of their own
            note, more = note.removeprefix(" · "), more.removeprefix(" · ")
            extra = (f'<tspan class="note" x="{text_x:.1f}" dy="16">{esc(note)}</tspan>'
                     if note else "") + (
                     f'<tspan class="more" x="{text_x:.1f}" dy="16">{esc(more)}</tspan>'
                     if more else "")
        else:
            extra = (f'<tspan class="note">{esc(note)}</tspan>'
                     f'<tspan class="more">{esc(more)}</tspan>')
        body.append(f'<text class="bar-value" x="{text_x:.1f}" y="{text_y}">'
                    f'{esc(figure)}{extra}</text>')
        body.append("</g>")
    height = top + row_h * len(groups) + 10
    desc = "; ".join(
        f"{_short_label(g['agreement'] or 'agreement unknown')} {g['kind']} "
        f"{g['year'] or ''}: "
        + ", ".join(f"{fmt_money(str(_usd(r)))} (source {r['source']})" for r in g["rows"])
        for g in groups)
    variant = "narrow" if narrow else "wide"
    return (f'<svg class="{"fit" if narrow else "chart"} payments only-{variant}" '
            f'viewBox="0 0 {width} {height}" role="img" '
            f'aria-labelledby="pay-{variant}-t pay-{variant}-d" '
            f'xmlns="http://www.w3.org/2000/svg"><title id="pay-{variant}-t">What South Korea '
            f'agreed to pay and what the United States demanded, in US dollars</title>'
            f'<desc id="pay-{variant}-d">{esc(desc)}</desc>{"".join(body)}</svg>')


def _disagreements(model: Model) -> str:
    groups = defaultdict(list)
    for row in model.data["source-disagreements"]:
        groups[(row["entity"] or "", row["property"])].append(row)
    if not groups:
        return ""
    boxes = []
    for (entity, prop), rows in sorted(groups.items()):
        values = [(_decimal(r["value"]), r) for r in rows]
        numeric = all(v is not None for v, _ in values)
        agreements = set()
        ent = model.entity(entity)
        if ent:
            agreements.update(ent.agreements)
        items = []
        for _value, row in sorted(values, key=lambda vr: (vr[0] or 0, vr[1]["claim"])):
            claim = model.claims.get(row["claim"])
            shown = (f"{row['qualifier']} " if row["qualifier"] else "") + (
                fmt_money(row["value"]) if numeric and "dollar" in prop.lower() else row["value"])
            items.append(
                f'<li class="f" data-source="{esc(row["source"])}" '
                f'data-agreement="{tokens(agreements)}">'
                f'<a class="val" href="#{claim_anchor(row["claim"])}">'
                f'<data value="{esc(row["value"])}">{esc(shown)}</data></a> '
                f'<span class="src">source {esc(row["source"])}</span>'
                f'{_status_badge(row["status"])} '
                f'<q>{esc(claim.quote if claim else row["quote"])}</q></li>')
        plot = _dot_plot(values, prop) if numeric and len(values) > 1 else ""
        boxes.append(
            f'<div class="disagreement f" data-agreement="{tokens(agreements)}" '
            f'data-source="{tokens(r["source"] for r in rows)}">'
            f'<h3><span class="badge disagree">sources disagree</span> {esc(entity)}: '
            f'{esc(prop)}</h3>{plot}<ul class="quotes">{"".join(items)}</ul></div>')
    return "".join(boxes)


def _dot_plot(values: list[tuple[Decimal, dict]], prop: str) -> str:
    numbers = [v for v, _ in values]
    lo, hi = min(numbers), max(numbers)
    pad = (hi - lo) * Decimal("0.35") or Decimal(1)
    lo, hi = lo - pad, hi + pad
    width, left, right = 480, 30, 30

    def x(v: Decimal) -> float:
        return left + float((v - lo) / (hi - lo)) * (width - left - right)

    parts = [f'<line class="axis" x1="{left}" x2="{width - right}" y1="40" y2="40"/>']
    seen: dict[str, int] = {}
    for value, row in sorted(values, key=lambda vr: (vr[0], vr[1]["claim"])):
        cx = x(value)
        stack = seen.get(row["value"], 0)
        seen[row["value"]] = stack + 1
        label = (f"{row['qualifier']} " if row["qualifier"] else "") + fmt_money(row["value"])
        parts.append(
            f'<a href="#{claim_anchor(row["claim"])}"><circle class="dot" cx="{cx:.1f}" '
            f'cy="{40 - stack * 14}" r="7"><title>source {esc(row["source"])}: {esc(label)}'
            f'</title></circle></a>'
            f'<text class="dot-label" x="{cx:.1f}" y="{62 + stack * 14}" '
            f'text-anchor="middle">{esc(row["source"])}</text>'
            f'<text class="dot-value" x="{cx:.1f}" y="{20 - stack * 14}" '
            f'text-anchor="middle">{esc(fmt_money(row["value"]).replace(" million", " m"))}'
            f'</text>')
    desc = ", ".join(f"source {r['source']}: {fmt_money(r['value'])}" for _, r in values)
    return (f'<svg class="dotplot" viewBox="0 0 {width} 72" role="img" '
            f'aria-label="{esc(prop)} by source: {esc(desc)}" '
            f'xmlns="http://www.w3.org/2000/svg">{"".join(parts)}</svg>')


def _payments_table(model: Model) -> str:
    rows = []
    order = {a.label: i for i, a in enumerate(model.agreements)}
    all_rows = sorted(model.data["demands-vs-agreed"],
                      key=lambda r: (order.get(r["agreement"] or "", 99), r["kind"] == "demand",
                                     r["year"] or "", r["source"], r["claim"]))
    escalations = {r["claim"]: r for r in model.data["payment-history"]}
    for row in all_rows:
        if not (row["amount"] or row["usd_equivalent"] or row["statement"]):
            continue
        claim = model.claims.get(row["claim"])
        agreement = model.agreement_by_label.get(row["agreement"] or "")
        link = f"#{claim_anchor(row['claim'])}"
        qualifier = f"{row['qualifier']} " if row["qualifier"] else ""
        amount = (f'<a class="val" href="{link}">{esc(qualifier)}'
                  f'{money_data(row["amount"], row["currency"])}</a>') if row["amount"] else ""
        usd = ""
        if row["usd_equivalent"]:
            disputed = (row["claim"], "US dollar equivalent") in model.disputed
            flag = (' <span class="badge disagree" title="other sources give other figures">'
                    'disputed</span>') if disputed else ""
            usd = (f'<a class="val{" disputed" if disputed else ""}" href="{link}">'
                   f'{esc(qualifier)}{money_data(row["usd_equivalent"])}</a>{flag}')
        extra = []
        history = escalations.get(row["claim"])
        if history and history["change_percent"]:
            base = f" over {history['change_from']}" if history["change_from"] else ""
            extra.append(f"+{esc(history['change_percent'])} %{esc(base)}")
        if row["factor"]:
            extra.append(f"{esc(qualifier)}{esc(row['factor'])}× the payment")
        if history and history["escalation"]:
            extra.append(f"then: <q>{esc(history['escalation'])}</q>")
        if row["statement"]:
            extra.append(f"<q>{esc(row['statement'])}</q>")
        kind = _kind_words(row_kind=row["kind"], party=row["party"])
        status = _status_badge(claim.status) if claim else ""
        rows.append(
            f'<tr class="f" data-agreement="{esc(agreement.entity.id if agreement else "")}" '
            f'data-source="{esc(row["source"])}">'
            f'<td data-label="Agreement">{esc(agreement.short if agreement else "—")}</td>'
            f'<td data-label="What">{esc(kind)}</td>'
            f'<td data-label="Year">{esc(row["year"] or "")}</td>'
            f'<td data-label="Amount" class="num">{amount}</td>'
            f'<td data-label="In US dollars" class="num">{usd}</td>'
            f'<td data-label="Details" class="wide">{"<br>".join(extra)}</td>'
            f'<td data-label="Source"><a href="{link}" class="ev">{esc(row["source"])}</a>'
            f'{status}</td></tr>')
    return (f'<div class="table-wrap"><table class="payments-table stack"><caption>Every figure, '
            f'source by source (select a figure for its quote)</caption><thead><tr>'
            f'<th scope="col">Agreement</th><th scope="col">What</th>'
            f'<th scope="col">Year</th><th scope="col">Amount</th>'
            f'<th scope="col">In US dollars</th><th scope="col">Details</th>'
            f'<th scope="col">Source</th></tr></thead><tbody>{"".join(rows)}</tbody>'
            f'</table></div>')


# ---------------------------------------------------------------------------------------
# Positions


def _positions(model: Model) -> str:
    by_agreement = defaultdict(lambda: defaultdict(list))
    for row in model.data["positions"]:
        by_agreement[row["agreement"] or ""][row["party"]].append(row)
    order = {a.label: i for i, a in enumerate(model.agreements)}
    blocks = []
    for label in sorted(by_agreement, key=lambda k: (order.get(k, 99), k)):
        agreement = model.agreement_by_label.get(label)
        aid = agreement.entity.id if agreement else ""
        columns = []
        for party in sorted(by_agreement[label]):
            rows = by_agreement[label][party]
            party_id = model.entity_id(party)
            positions = defaultdict(list)
            for row in rows:
                positions[(row["kind"], row["position"])].append(row)
            items = []
            for (kind, position), group in positions.items():
                quotes = "".join(
                    f'<li class="f" data-source="{esc(r["source"])}" data-agreement="{aid}">'
                    f'<q>{esc(r["statement"])}</q> '
                    f'<a class="ev" href="#{claim_anchor(r["claim"])}">{esc(r["source"])}'
                    f'</a></li>' for r in group)
                tag = ' <span class="badge demand">demand</span>' if kind == "Demand" else ""
                items.append(f'<li><strong>{esc(position)}</strong>{tag}'
                             f'<ul class="quotes">{quotes}</ul></li>')
            columns.append(f'<div class="side party-{esc(party_id)}"><h4>{esc(party)}</h4>'
                           f'<ul class="positions">{"".join(items)}</ul></div>')
        title = label or "Agreement not stated"
        blocks.append(f'<div class="f position-block" data-agreement="{aid}">'
                      f'<h3>{esc(title)}</h3><div class="sides">{"".join(columns)}</div></div>')
    intro = '<p>What each side said it wanted, in the sources\' own words.</p>'
    return _section("positions", "Positions and demands", intro, "".join(blocks))


# ---------------------------------------------------------------------------------------
# Negotiators


def _negotiators(model: Model) -> str:
    intro = ('<p>Who faced whom across the table: South Korea\'s negotiators on the left, the '
             'United States\' on the right. A solid line joins two people who led the same '
             'round; a dashed line, two people a source calls counterparts. Select a name for '
             'everything the graph says about that person.</p>')
    svg = _negotiators_svg(model)
    narrow_svg = _negotiators_svg(model, narrow=True)
    pairs = []
    for row in model.data["counterparts"]:
        k = model.person_by_label.get(row["korea_negotiator"])
        u = model.person_by_label.get(row["us_negotiator"])
        agreement = model.agreement_by_label.get(row["agreement"] or "")
        people = tokens(p["id"] for p in (k, u) if p)
        pairs.append(
            f'<tr class="f" data-agreement="{esc(agreement.entity.id if agreement else "")}" '
            f'data-person="{people}" data-source="{tokens(split_list(row["sources"]))}">'
            f'<td data-label="South Korea">{_person_link(k, row["korea_negotiator"])}</td>'
            f'<td data-label="United States">{_person_link(u, row["us_negotiator"])}</td>'
            f'<td data-label="Agreement">{esc(agreement.short if agreement else "not stated")}'
            f'</td><td data-label="Basis" class="wide">{esc(row["basis"])}</td>'
            f'<td data-label="Sources">{_ev(model, split_list(row["claims"]))}</td></tr>')
    table = (f'<div class="table-wrap"><table class="stack"><caption>Counterparts, with the '
             f'basis for each pairing</caption><thead><tr><th scope="col">South Korea</th>'
             f'<th scope="col">United States</th><th scope="col">Agreement</th>'
             f'<th scope="col">Basis</th><th scope="col">Sources</th></tr></thead>'
             f'<tbody>{"".join(pairs)}</tbody></table></div>')
    shown = {row["agreement"] for row in model.data["counterparts"]}
    figure = (f'<figure class="chart-figure"><div class="scroll only-wide" tabindex="0" '
              f'role="group" aria-label="Negotiators chart">{svg}</div>'
              f'<div class="fit-box only-narrow">{narrow_svg}</div>'
              f'<figcaption>{_agreement_legend(model, shown)}</figcaption></figure>')
    people = "".join(_person(model, p) for p in model.people)
    return _section("negotiators", "The negotiators", intro,
                    figure + table + f'<div class="people">{people}</div>')


def _person_link(person: dict | None, label: str) -> str:
    if not person:
        return esc(label)
    return f'<a href="#person-{esc(person["id"])}">{esc(label)}</a>'


def _agreement_legend(model: Model, shown: set) -> str:
    items = "".join(
        f'<li><svg width="30" height="12" aria-hidden="true"><line x1="2" x2="28" y1="6" y2="6" '
        f'stroke="{a.color}" stroke-width="4"/></svg> {esc(a.short)}</li>'
        for a in model.agreements if a.label in shown)
    items += ('<li><svg width="30" height="12" aria-hidden="true"><line x1="2" x2="28" y1="6" '
              'y2="6" class="pair unknown"/></svg> agreement not stated</li>'
              '<li><svg width="30" height="12" aria-hidden="true"><line x1="2" x2="28" y1="6" '
              'y2="6" stroke="#555" stroke-width="3" stroke-dasharray="6 4"/></svg> '
              'described as counterparts</li>')
    return f'<ul class="legend">{items}</ul>'


def _negotiators_svg(model: Model, *, narrow: bool = False) -> str:
    """South Korea's negotiators left, the US's right, a line per pair of counterparts.

    The narrow variant, for phones, fits the screen instead of scrolling: smaller boxes and
    no labels on the lines (the colours, the legend and the table below carry them).
    """
    pairs: dict[tuple[str, str], dict] = {}
    for row in model.data["counterparts"]:
        key = (row["korea_negotiator"], row["us_negotiator"])
        pair = pairs.setdefault(key, {"agreements": [], "bases": [], "claims": set()})
        if row["agreement"] and row["agreement"] not in pair["agreements"]:
            pair["agreements"].append(row["agreement"])
        pair["bases"].append(row["basis"])
        pair["claims"].update(split_list(row["claims"]))
    left_names = sorted({k for k, _ in pairs})
    right_names = sorted({u for _, u in pairs})
    people_rank = {}
    for name in left_names + right_names:
        person = model.person_by_label.get(name)
        ranks = [i for i, a in enumerate(model.agreements)
                 if person and a.entity.id in person["agreements"]]
        people_rank[name] = min(ranks) if ranks else -1
    left = sorted(left_names, key=lambda n: (people_rank[n], n))
    right = sorted(right_names, key=lambda n: (people_rank[n], n))
    # two sweeps of the barycentre heuristic keep lines from crossing where they need not
    for _ in range(2):
        pos = {n: i for i, n in enumerate(left)}
        right.sort(key=lambda n: (sum(pos[k] for k, u in pairs if u == n)
                                  / max(1, sum(1 for _, u in pairs if u == n)), n))
        pos = {n: i for i, n in enumerate(right)}
        left.sort(key=lambda n: (sum(pos[u] for k, u in pairs if k == n)
                                 / max(1, sum(1 for k, _ in pairs if k == n)), n))
    width, top, gap, box_w, box_h, margin = (
        (420, 48, 62, 158, 46, 4) if narrow else (1000, 64, 78, 250, 52, 40))
    lx, rx = margin, width - margin - box_w
    rows = max(len(left), len(right), 1)
    height = top + rows * gap + 10

    def ys(names):
        offset = (rows - len(names)) * gap / 2
        return {n: top + offset + i * gap for i, n in enumerate(names)}

    ly, ry = ys(left), ys(right)
    head_y = 26 if narrow else 32
    body = [f'<text class="side-h party-south-korea" x="{lx}" y="{head_y}">South Korea</text>',
            f'<text class="side-h party-united-states" x="{rx + box_w}" y="{head_y}" '
            f'text-anchor="end">United States</text>']
    labels_at: list[tuple[float, float, float, float]] = []
    for (k, u), pair in sorted(pairs.items(), key=lambda kv: (ly[kv[0][0]], ry[kv[0][1]])):
        agreement = model.agreement_by_label.get(pair["agreements"][0]) \
            if pair["agreements"] else None
        same_round = any(b.startswith("led the same round") for b in pair["bases"])
        y1, y2 = ly[k] + box_h / 2, ry[u] + box_h / 2
        x1, x2 = lx + box_w, rx
        cls = "pair" + ("" if same_round else " dashed") + ("" if agreement else " unknown")
        stroke = f' stroke="{agreement.color}"' if agreement else ""
        people = tokens(model.person_by_label[n]["id"] for n in (k, u)
                        if n in model.person_by_label)
        aids = tokens(model.agreement_id(a) for a in pair["agreements"])
        label = "; ".join(sorted(set(pair["bases"])))
        shorts = ", ".join(model.agreement_by_label[a].short for a in pair["agreements"]
                           if a in model.agreement_by_label) or "agreement not stated"
        mid_x = (x1 + x2) / 2
        sub = _basis_short(pair["bases"])
        half = max(text_width(shorts, 12.5), text_width(sub, 11.5)) / 2 + 4
        lx_, ly_ = _free_spot(((x1, y1), (mid_x, y1), (mid_x, y2), (x2, y2)), half, labels_at)
        labels_at.append((lx_ - half, lx_ + half, ly_ - 18, ly_ + 14))
        texts = "" if narrow else (
            f'<text class="pair-label" x="{lx_:.0f}" y="{ly_ - 5:.0f}" '
            f'text-anchor="middle">{esc(shorts)}</text>'
            f'<text class="pair-sub" x="{lx_:.0f}" y="{ly_ + 10:.0f}" '
            f'text-anchor="middle">{esc(sub)}</text>')
        body.append(
            f'<g class="f" data-person="{people}" data-agreement="{aids}">'
            f'<path class="{cls}"{stroke} d="M{x1} {y1:.0f} C{mid_x:.0f} {y1:.0f} {mid_x:.0f} '
            f'{y2:.0f} {x2} {y2:.0f}"><title>{esc(k)} and {esc(u)}: {esc(shorts)}; '
            f'{esc(label)}</title></path>{texts}</g>')
    for names, xs, ypos, side in ((left, lx, ly, "south-korea"),
                                  (right, rx, ry, "united-states")):
        for name in names:
            person = model.person_by_label.get(name)
            pid = person["id"] if person else ""
            role = (person["roles"] or person["affiliations"] or [""])[0] if person else ""
            room = 22 if narrow else 38
            role = role if len(role) <= room else role[:room - 1] + "…"
            y = ypos[name]
            pad_x, name_y, role_y = (10, 20, 37) if narrow else (14, 22, 40)
            body.append(
                f'<a href="#person-{esc(pid)}" class="f person-node" data-person="{esc(pid)}" '
                f'data-agreement="{tokens(person["agreements"] if person else [])}">'
                f'<rect class="node party-{side}" x="{xs}" y="{y:.0f}" width="{box_w}" '
                f'height="{box_h}" rx="8"/>'
                f'<text class="node-name" x="{xs + pad_x}" y="{y + name_y:.0f}">{esc(name)}'
                f'</text><text class="node-role" x="{xs + pad_x}" y="{y + role_y:.0f}">'
                f'{esc(role)}</text></a>')
    desc = "; ".join(f"{k} faced {u}" for k, u in sorted(pairs))
    variant = "narrow" if narrow else "wide"
    return (f'<svg class="{"fit" if narrow else "chart"} negotiators-chart only-{variant}" '
            f'viewBox="0 0 {width} {height:.0f}" role="img" '
            f'aria-labelledby="neg-{variant}-t neg-{variant}-d" '
            f'xmlns="http://www.w3.org/2000/svg"><title id="neg-{variant}-t">Who faced whom: '
            f'South Korean and US negotiators</title><desc id="neg-{variant}-d">{esc(desc)}'
            f'</desc>{"".join(body)}</svg>')


def _free_spot(curve, half: float, taken) -> tuple[float, float]:
    """A point on a cubic Bézier where a label of half-width `half` overlaps no other."""
    def at(t: float) -> tuple[float, float]:
        (x0, y0), (x1, y1), (x2, y2), (x3, y3) = curve
        a, b, c, d = (1 - t) ** 3, 3 * (1 - t) ** 2 * t, 3 * (1 - t) * t ** 2, t ** 3
        return a * x0 + b * x1 + c * x2 + d * x3, a * y0 + b * y1 + c * y2 + d * y3

    for t in (0.5, 0.32, 0.68, 0.2, 0.8):
        x, y = at(t)
        if all(x + half < x0 or x - half > x1 or y + 14 < y0 or y - 18 > y1
               for x0, x1, y0, y1 in taken):
            return x, y
    return at(0.5)


def _basis_short(bases: list[str]) -> str:
    rounds = sorted({b.split(": ", 1)[1].split(", ", 1)[-1] for b in bases
                     if b.startswith("led the same round: ")})
    text = "; ".join(rounds)
    if any(not b.startswith("led the same round") for b in bases):
        text = (text + "; " if text else "") + "called counterparts"
    return text


def _person(model: Model, person: dict) -> str:
    facts = model.data[PER_PERSON_QUERY].get(person["iri"], [])
    grouped: dict[tuple, list[dict]] = {}
    for row in facts:
        key = (row["direction"], row["property"], row["value"], row["status"])
        grouped.setdefault(key, []).append(row)
    rows, reasoned = [], []
    for (direction, prop, value, status), group in grouped.items():
        prop_text = curie(prop) if "://" in prop else prop
        value_text = curie(value) if "://" in value else value
        if status == "reasoned":
            reasoned.append(f"<li>{_fact_words(direction, prop_text, value_text, person)}</li>")
            continue
        claims = sorted(r["claim"] for r in group if r["claim"])
        sources = tokens(r["source"] for r in group)
        rows.append(f'<li class="f" data-source="{sources}">'
                    f'{_fact_words(direction, prop_text, value_text, person)}'
                    f'{_status_badge(status)}{_ev(model, claims)}</li>')
    details = []
    if person["roles"]:
        details.append(("Role", "; ".join(person["roles"])))
    if person["affiliations"]:
        details.append(("Affiliation", "; ".join(person["affiliations"])))
    if person["former"]:
        details.append(("Formerly", "; ".join(person["former"])))
    agreements = [model.agreement_by_label.get(row["agreement"])
                  for row in model.data["negotiator-agreements"]
                  if row["negotiator"] == person["label"]]
    names = []
    for a in agreements:
        if a and a.short not in names:
            names.append(a.short)
    if names:
        details.append(("Agreements", ", ".join(names)))
    led = [r for r in model.rounds
           if any(row["negotiator"] == person["label"] for row in r.leads)]
    if led:
        details.append(("Led", ", ".join(
            f'{_short_label(r.agreement or "")} {_round_title(r).lower()}'
            + (f" ({fmt_range(r.start, r.end)})" if r.start else "") for r in led)))
    dl = "".join(f"<dt>{esc(k)}</dt><dd>{esc(v)}</dd>" for k, v in details)
    owl = (f'<details class="reasoned"><summary>{len(reasoned)} more facts reasoned by OWL 2 RL '
           f'(no quote: derived from the ontology)</summary><ul>{"".join(reasoned)}</ul>'
           f'</details>') if reasoned else ""
    return (f'<section class="person f party-{esc(person["party_id"])}" '
            f'id="person-{esc(person["id"])}" data-person="{esc(person["id"])}" '
            f'data-agreement="{tokens(person["agreements"])}" '
            f'data-source="{tokens(person["sources"])}" '
            f'aria-labelledby="person-{esc(person["id"])}-h">'
            f'<h3 id="person-{esc(person["id"])}-h">{esc(person["label"])} '
            f'<span class="party-tag">{esc(person["party"])}</span></h3>'
            f'<dl class="person-dl">{dl}</dl>'
            f'<h4>What the sources say ({len(rows)})</h4><ul class="facts">{"".join(rows)}</ul>'
            f'{owl}</section>')


def _fact_words(direction: str, prop: str, value: str, person: dict) -> str:
    if direction == "in":
        return (f'<span class="fact-value">{esc(value)}</span> <span class="fact-prop">'
                f'{esc(prop)}</span> {esc(person["label"])}')
    return (f'<span class="fact-prop">{esc(prop)}</span>: '
            f'<span class="fact-value">{esc(value)}</span>')


# ---------------------------------------------------------------------------------------
# Sources, with every quote highlighted in its article


def _sources(model: Model) -> str:
    texts = {row["source"]: row for row in model.data["report-source-texts"]}
    by_source = defaultdict(list)
    for claim in model.claims.values():
        by_source[claim.source].append(claim)
    blocks = []
    for source, meta in model.sources.items():
        claims = sorted(by_source.get(source, []), key=lambda c: (c.start, -c.end, c.key))
        text = texts.get(source, {}).get("text") or ""
        facts = []
        for claim in sorted(claims, key=lambda c: c.key):
            subjects: dict[str, list[dict]] = defaultdict(list)
            for statement in claim.statements:
                subjects[statement["subject_label"]].append(statement)
            says = "".join(
                f'<li><span class="fact-subject">{esc(subject)}</span>: ' + " · ".join(
                    f'<span class="fact-prop">{esc(curie(s["property"]))}</span> '
                    f'<span class="fact-value">{esc(curie(s["value"]))}</span>'
                    for s in group) + "</li>" for subject, group in subjects.items())
            reasoning = (f'<p class="reasoning"><strong>Reasoning:</strong> '
                         f'{esc(claim.reasoning)}</p>') if claim.reasoning else ""
            qualifier = (f'<p class="qualifier">The source hedges: <q>{esc(claim.qualifier)}'
                         f'</q></p>') if claim.qualifier else ""
            facts.append(
                f'<li class="claim f" id="fact-{esc(claim.anchor[6:])}" '
                f'data-source="{esc(source)}" data-agreement="{tokens(claim.agreements)}" '
                f'data-person="{tokens(claim.people)}"><a href="#{esc(claim.anchor)}" '
                f'class="claim-id">{esc(claim.key)}</a>{_status_badge(claim.status)}'
                f'<ul class="says">{says}</ul>{qualifier}{reasoning}</li>')
        agreements = tokens(a for c in claims for a in c.agreements)
        people = tokens(p for c in claims for p in c.people)
        title = meta.get("title")
        heading = f"Source {source}: " + (
            title or f"untitled article, {meta.get('publisher') or meta.get('credit') or ''}")
        issued = meta.get("issued")
        when = (fmt_date(issued) if issued else
                f'{fmt_date(meta.get("issued_inferred"))} <span class="badge inferred">'
                f'inferred</span>' if meta.get("issued_inferred") else "no date")
        byline = " · ".join(esc(v) for v in (meta.get("publisher"), meta.get("credit") and
                                             f'credited to {meta["credit"]}') if v)
        text_file = texts.get(source, {}).get("text_file") or ""
        blocks.append(
            f'<section class="source f" id="source-{esc(source)}" data-source="{esc(source)}" '
            f'data-agreement="{agreements}" data-person="{people}" '
            f'aria-labelledby="source-{esc(source)}-h">'
            f'<h3 id="source-{esc(source)}-h">{esc(heading)}</h3>'
            f'<p class="byline">{byline}{" · " if byline else ""}{when} · '
            f'{len(claims)} claims · <code>{esc(text_file)}</code></p>'
            f'<div class="source-body"><div class="article-text">{marked_text(text, claims)}'
            f'</div><details class="claims"><summary>What the graph reads in this article: '
            f'{len(claims)} claims</summary><ol class="claim-list">{"".join(facts)}</ol>'
            f'</details></div></section>')
    intro = (f'<p>The {len(blocks)} articles, as kept in the graph. Every passage a claim '
             'quotes is <mark class="q sample">highlighted</mark>; a passage a curator drew an '
             'inference from is <mark class="q inferred sample">underlined with dashes</mark>. '
             'Hover over a passage for the claims it supports; the list beside (or under) each '
             'article says what each of its claims asserts.</p>')
    return _section("sources", "Sources and quotes", intro, "".join(blocks))


def marked_text(text: str, claims: list[Claim]) -> str:
    """The article with a <mark id="claim-..."> around each quoted span (by offsets).

    Spans that nest become nested marks. A span that crosses another cannot be one element,
    so it is closed and reopened around the other's edge: the first piece keeps the id, and
    every piece carries data-claim so the script can highlight them all.
    """
    starts: dict[int, list[Claim]] = defaultdict(list)
    points = {0, len(text)}
    for claim in claims:
        start = max(0, min(claim.start, len(text)))
        end = max(start, min(claim.end, len(text)))
        starts[start].append(claim)
        points.update((start, end))
    ends = {c.key: max(0, min(max(c.start, c.end), len(text))) for c in claims}

    def open_tag(claim: Claim, first: bool) -> str:
        cls = "q inferred" if claim.status == "inferred" else "q"
        ident = f' id="{esc(claim.anchor)}"' if first else ""
        says = "; ".join(f"{s['subject_label']}: {s['property']} = {s['value']}"
                         for s in claim.statements if s["property"] not in ("type", "label"))
        title = f"{claim.key} ({claim.status})" + (f": {says}" if says else "")
        return (f'<mark{ident} class="{cls}" data-claim="{esc(claim.anchor)}" '
                f'title="{esc(title)}">')

    out: list[str] = []
    stack: list[Claim] = []
    position = 0
    for point in sorted(points):
        if point > position:
            out.append(esc(text[position:point]))
            position = point
        closing = [c for c in stack if ends[c.key] == point]
        if closing:
            lowest = min(stack.index(c) for c in closing)
            reopen = [c for c in stack[lowest:] if ends[c.key] != point]
            out.append("</mark>" * (len(stack) - lowest))
            del stack[lowest:]
            for claim in reopen:
                out.append(open_tag(claim, first=False))
                stack.append(claim)
        for claim in sorted(starts.get(point, []), key=lambda c: (-ends[c.key], c.key)):
            out.append(open_tag(claim, first=True))
            if ends[claim.key] == point:
                out.append("</mark>")
            else:
                stack.append(claim)
    out.append("</mark>" * len(stack))
    return "".join(out)


# ---------------------------------------------------------------------------------------
# Ontology


def _ontology(model: Model) -> str:
    rows = model.data["report-ontology"]
    header = next((r for r in rows if r["kind"] == "ontology"), None)
    intro = ""
    if header:
        intro = (f'<p>The terms the graph uses, from its ontology <code>{esc(header["term"])}'
                 f'</code>: {esc(header["definition"] or "")} Each term is aligned with a '
                 f'standard vocabulary (PROV-O, schema.org, Web Annotation, Dublin Core, SKOS) '
                 f'where the standard term fits exactly.</p>')
    groups = (("class", "Classes"), ("object property", "Object properties"),
              ("datatype property", "Datatype properties"), ("claim status", "Claim statuses"))
    parts = []
    for kind, title in groups:
        terms = [r for r in rows if r["kind"] == kind]
        if not terms:
            continue
        body = "".join(_term_row(r, kind) for r in terms)
        extra = "" if kind in ("class", "claim status") else \
            '<th scope="col">Domain → range</th><th scope="col">Characteristics</th>'
        parts.append(
            f'<h3 id="ontology-{esc(kind.replace(" ", "-"))}">{esc(title)} ({len(terms)})</h3>'
            f'<div class="table-wrap"><table class="ontology stack"><thead><tr>'
            f'<th scope="col">Term</th><th scope="col">Definition</th>'
            f'<th scope="col">Aligned with</th>{extra}</tr></thead><tbody>{body}</tbody>'
            f'</table></div>')
    return _section("ontology", "The ontology", intro, "".join(parts))


def _term_ref(iri: str) -> str:
    if iri.startswith(ONTOLOGY_NAMESPACE):
        local_name = iri[len(ONTOLOGY_NAMESPACE):]
        return f'<a href="#term-{esc(local_name)}"><code>sma:{esc(local_name)}</code></a>'
    return f'<code title="{esc(iri)}">{esc(curie(iri))}</code>'


def _term_row(row: dict, kind: str) -> str:
    local_name = row["term"].split(":", 1)[-1]
    aligned = ", ".join(_term_ref(i) for i in split_list(row["aligned_list"])) or "—"
    cells = (f'<th scope="row" id="term-{esc(local_name)}"><code>{esc(row["term"])}</code>'
             f'<div class="term-label">{esc(row["label"])}</div></th>'
             f'<td data-label="Definition" class="wide">{esc(row["definition"] or "")}</td>'
             f'<td data-label="Aligned with">{aligned}</td>')
    if kind in ("object property", "datatype property"):
        domain = ", ".join(_term_ref(i) for i in split_list(row["domain_list"])) or "any"
        range_ = ", ".join(_term_ref(i) for i in split_list(row["range_list"])) or "any"
        traits = split_list(row["characteristic_list"])
        if row["inverse"]:
            traits.append(f"inverse of {row['inverse']}")
        if row["chain"]:
            first, _, second = row["chain"].partition(" ")
            traits.append(f"chain: {curie(first)} / {curie(second)}")
        cells += (f'<td data-label="Domain → range">{domain} → {range_}</td>'
                  f'<td data-label="Characteristics">{esc(", ".join(traits)) or "—"}</td>')
    return f"<tr>{cells}</tr>"


# ---------------------------------------------------------------------------------------
# Style and script (inline, so the page is one file that works from disk)

CSS = """\
:root {
  --ink: #1d232b; --muted: #4d5866; --line: #d5dbe3; --paper: #ffffff; --wash: #f4f6f9;
  --rok: #1d4f91; --us: #a4262c; --mark: #fff1a8; --mark-strong: #ffd23f;
  --target: #ff9f1c; --inferred: #7a4f00; --link: #0b5cad;
  font-family: system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", "Noto Sans CJK KR",
    sans-serif;
  color: var(--ink); background: var(--paper); line-height: 1.5;
}
* { box-sizing: border-box; }
body { margin: 0; }
[hidden] { display: none !important; }
a { color: var(--link); }
a:focus-visible, .scroll:focus-visible, summary:focus-visible, select:focus-visible,
button:focus-visible { outline: 3px solid var(--target); outline-offset: 2px; }
.wrap { max-width: 1180px; margin: 0 auto; padding: 0 20px; }
.skip { position: absolute; left: -999px; }
.skip:focus { left: 10px; top: 10px; background: #fff; padding: 6px 10px; z-index: 10; }
.masthead { background: #14213d; color: #fff; padding: 28px 0 18px; }
.masthead a { color: #cfe3ff; }
.kicker { text-transform: uppercase; letter-spacing: .08em; font-size: .8rem; margin: 0;
  color: #b9c7e0; }
h1 { font-size: clamp(1.5rem, 3.2vw, 2.3rem); line-height: 1.2; margin: .3rem 0 .6rem; }
.lede { max-width: 60rem; font-size: 1.05rem; color: #e6ecf5; }
.inferred-sample { font-style: italic; border-bottom: 2px dashed #ffd479; }
.toc { list-style: none; padding: 0; margin: 12px 0 0; display: flex; flex-wrap: wrap;
  gap: 6px 18px; }
.filters { background: #e9eef5; border-bottom: 1px solid var(--line); padding: 8px 0;
  position: sticky; top: 0; z-index: 5; }
.filter-row { display: flex; flex-wrap: wrap; gap: 8px 16px; align-items: center; }
.filter-title { font-weight: 600; }
.filters select, .filters button { font: inherit; padding: 3px 6px; max-width: 16rem; }
#filter-status { color: var(--muted); font-size: .9rem; }
main section { margin: 0; }
main > section { padding: 28px 0 8px; border-bottom: 1px solid var(--line); }
h2 { font-size: 1.6rem; margin: 0 0 .4rem; }
h3 { font-size: 1.2rem; margin: 1.4rem 0 .4rem; }
h4 { font-size: 1rem; margin: 1rem 0 .3rem; }
:target, [id] { scroll-margin-top: 4.5rem; }
.cards { display: grid; grid-template-columns: repeat(auto-fit, minmax(280px, 1fr)); gap: 16px; }
.card { border: 1px solid var(--line); border-top: 6px solid var(--accent); border-radius: 8px;
  padding: 12px 16px; background: #fff; }
.card h3 { margin: 0; color: var(--accent); font-size: 1.35rem; }
.card .aka { font-size: 1rem; font-weight: normal; }
.fullname { margin: 0 0 .5rem; color: var(--muted); font-size: .9rem; }
.headline { margin: .2rem 0 .7rem; line-height: 1.2; }
.headline .big { font-size: 1.7rem; font-weight: 800; color: var(--accent);
  font-variant-numeric: tabular-nums; }
.headline .big a.val { color: inherit; text-decoration-thickness: 2px; }
.headline .what { display: block; color: var(--muted); font-size: .9rem; }
.card dl, .terms, .person-dl { display: grid; grid-template-columns: max-content 1fr;
  gap: 4px 12px; margin: 0; }
.card dt, .terms dt, .person-dl dt { color: var(--muted); font-size: .9rem; }
.card dd, .terms dd, .person-dl dd { margin: 0; }
a.val { color: inherit; text-decoration: underline dotted #6b7a8c;
  text-decoration-thickness: 1.5px; text-underline-offset: 3px; }
a.val:hover, a.val:focus-visible { color: var(--link); text-decoration-style: solid; }
a.val.inferred, .val.inferred { font-style: italic; text-decoration: underline dashed #b07d00;
  text-decoration-thickness: 1.5px; text-underline-offset: 3px; color: var(--inferred); }
.evs { margin-left: 4px; }
a.ev { display: inline-block; font-size: .75rem; line-height: 1.2; padding: 1px 5px;
  margin: 0 2px; border: 1px solid #9fb3c8; border-radius: 9px; text-decoration: none;
  font-variant-numeric: tabular-nums; background: #f2f6fb; }
a.ev.inferred { border-style: dashed; font-style: italic; }
.badge { display: inline-block; font-size: .72rem; line-height: 1.3; padding: 0 6px;
  border-radius: 9px; margin-left: 5px; vertical-align: 1px; white-space: nowrap; }
.badge.inferred { background: #fff4d6; color: var(--inferred); border: 1px dashed #b07d00;
  font-style: italic; }
.badge.reasoned { background: #eef0ff; color: #3a3f8f; border: 1px solid #b9bde8; }
.badge.disagree { background: #ffe3e0; color: #8c1d13; border: 1px solid #e3a39b;
  font-weight: 600; }
.badge.demand { background: #fbe9ea; color: var(--us); border: 1px solid #e2b4b7; }
.disputed { background: #fff0ee; }
.chart-figure { margin: 12px 0 8px; }
.scroll { overflow-x: auto; border: 1px solid var(--line); border-radius: 8px; background: #fff; }
svg.chart { display: block; width: 100%; min-width: 680px; height: auto; }
svg.fit { display: block; width: 100%; height: auto; }
.fit-box { border: 1px solid var(--line); border-radius: 8px; background: #fff;
  padding: 4px; }
.only-narrow { display: none; }
@media (max-width: 700px) {
  .only-wide { display: none; }
  .only-narrow { display: block; }
}
svg text { font-family: inherit; }
.legend { list-style: none; padding: 0; margin: 6px 0 0; display: flex; flex-wrap: wrap;
  gap: 4px 18px; font-size: .85rem; color: var(--muted); }
.legend li { display: flex; align-items: center; gap: 5px; }
.legend svg { flex: none; }
.q-num { display: inline-grid; place-items: center; width: 18px; height: 18px;
  border-radius: 50%; border: 2px solid var(--muted); font-size: .7rem; font-weight: 700; }
.lane-bg { fill: #fff; } .lane-bg.alt { fill: #f6f8fb; }
.lane-label { font-weight: 700; font-size: 16px; }
.lane-sub { font-size: 12px; fill: var(--muted); }
.grid { stroke: #dfe4ea; stroke-width: 1; } .grid.nodate { stroke: #9aa5b1;
  stroke-dasharray: 4 3; }
.year { font-size: 13px; fill: var(--muted); font-weight: 600; }
.nodate-h { font-style: italic; }
.term { fill-opacity: .22; stroke-width: 1.5; }
.legend .term { fill: #7d8a99; stroke: #4d5866; }
.term.inferred, .legend .term.inferred { stroke-dasharray: 5 3; }
.bar-text { font-size: 11.5px; fill: var(--ink); }
.mk circle { stroke-width: 2; } .mk text { font-size: 11px; font-weight: 700; }
.legend .mk { fill: #4d5866; stroke: #4d5866; stroke-width: 2; }
.legend .mk.planned { fill: #fff; }
.mk.inferred circle, .legend .mk.inferred { stroke-dasharray: 3 2; stroke-width: 2.5; }
.mk.inferred circle { stroke: var(--inferred); }
.legend .mk.inferred { fill: #fff; stroke: var(--inferred); }
.span-month { stroke-width: 4; stroke-linecap: round; opacity: .55; }
.legend .span-month { stroke: #4d5866; }
.round-link:focus-visible circle { stroke: var(--target); stroke-width: 4; }
.axis { stroke: #8896a6; stroke-width: 2; }
.tick-line { stroke: #8896a6; }
.stem { stroke: #8896a6; stroke-width: 1.2; stroke-dasharray: 2 2; }
.card-box { fill: #fff; stroke-width: 1.8; }
.card-box.inferred { stroke-dasharray: 6 3; }
.round-link:hover .card-box, .round-link:focus-visible .card-box { fill: #fff6d9; }
.card-title { font-size: 13.5px; font-weight: 700; fill: var(--ink); }
.card-status { font-size: 12.5px; fill: var(--muted); }
.card-date { font-size: 12.5px; fill: var(--ink); font-weight: 600; }
.card-date.inferred, .card-inferred { font-style: italic; fill: var(--inferred); }
.card-inferred { font-size: 12px; font-weight: normal; }
.card-date.undated { font-style: italic; font-weight: normal; fill: var(--muted); }
.card-text { font-size: 12.5px; fill: var(--ink); }
.card-text.muted { fill: var(--muted); font-style: italic; }
.card-person { font-size: 12.5px; font-weight: 600; }
.card-person.party-south-korea { fill: var(--rok); }
.card-person.party-united-states { fill: var(--us); }
.lane-title { font-size: 13px; font-weight: 700; fill: var(--muted); font-style: italic; }
.event-label { font-size: 12px; fill: var(--ink); }
.legend-event { fill: #4d5866; }
.event.inferred { stroke: #fff; stroke-width: 1.2; stroke-dasharray: 2 2; }
.agreement { border-left: 5px solid var(--accent); padding: 2px 0 4px 14px; margin: 18px 0; }
.agreement h3 { color: var(--accent); margin-top: .4rem; }
.terms { margin-bottom: 10px; font-size: .95rem; }
.table-wrap { overflow-x: auto; }
table { border-collapse: collapse; width: 100%; font-size: .93rem; margin: 8px 0 14px; }
caption { text-align: left; font-weight: 600; padding: 4px 0; color: var(--muted); }
th, td { text-align: left; vertical-align: top; padding: 6px 8px;
  border-bottom: 1px solid var(--line); }
thead th { background: var(--wash); font-size: .85rem; }
td.num { white-space: nowrap; font-variant-numeric: tabular-nums; }
.round-label { font-weight: normal; font-size: .8rem; color: var(--muted); }
.undated { font-style: italic; color: var(--muted); }
q.expr { color: var(--muted); font-size: .88rem; }
.party { color: var(--muted); font-size: .85rem; }
.none { color: var(--muted); }
tr:target, li:target { background: #fff6d9; }
section.person:target, section.agreement:target, section.source:target {
  outline: 3px solid var(--target); outline-offset: 4px; }
.row-label { font-size: 15px; font-weight: 700; fill: var(--ink); }
.row-sub { font-size: 12.5px; fill: var(--muted); font-weight: normal; }
.tick { font-size: 12px; fill: var(--muted); }
.bar.agreed { fill: var(--rok); }
.bar.demand { fill: var(--us); }
.whisker { stroke: #fff; stroke-width: 3; }
.bar-value { font-size: 14px; font-weight: 700; fill: var(--ink); }
.bar-value .note { font-weight: 600; fill: #8c1d13; font-size: 12.5px; }
.bar-value .more { font-weight: 600; fill: var(--muted); font-size: 12.5px; }
.disagreement { border: 1px solid #e3a39b; background: #fff8f7; border-radius: 8px;
  padding: 6px 16px 10px; margin: 14px 0; }
.disagreement h3 { font-size: 1.05rem; margin: .5rem 0; }
.dotplot { display: block; width: 100%; max-width: 560px; height: auto; }
.dotplot .axis { stroke: #c9a29d; stroke-width: 2; }
.dotplot .dot { fill: #8c1d13; stroke: #fff; stroke-width: 2; }
.dot-label { font-size: 12px; fill: var(--muted); } .dot-value { font-size: 12px;
  font-weight: 700; fill: var(--ink); }
ul.quotes { padding-left: 1.1rem; margin: 4px 0; }
ul.quotes li { margin: 3px 0; }
.src { color: var(--muted); font-size: .85rem; }
.position-block h3 { margin-bottom: .3rem; }
.sides { display: grid; grid-template-columns: repeat(auto-fit, minmax(280px, 1fr)); gap: 14px; }
.side { border-radius: 8px; padding: 4px 14px 8px; background: var(--wash);
  border-top: 4px solid var(--muted); }
.side.party-south-korea { border-top-color: var(--rok); }
.side.party-united-states { border-top-color: var(--us); }
.side h4 { margin: .5rem 0 .2rem; }
ul.positions { padding-left: 1.1rem; margin: 0; }
.side-h { font-size: 17px; font-weight: 700; }
.side-h.party-south-korea { fill: var(--rok); } .side-h.party-united-states { fill: var(--us); }
.node { fill: #fff; stroke-width: 2.5; }
.node.party-south-korea { stroke: var(--rok); } .node.party-united-states { stroke: var(--us); }
.person-node:hover .node, .person-node:focus-visible .node { fill: #fff6d9; }
.node-name { font-size: 15px; font-weight: 700; fill: var(--ink); }
.node-role { font-size: 12px; fill: var(--muted); }
.pair { fill: none; stroke-width: 4; stroke-linecap: round; }
.pair.dashed { stroke-dasharray: 9 6; }
.pair.unknown { stroke: #8b96a3; stroke-width: 3; stroke-dasharray: 2 5; }
.pair-label { font-size: 12.5px; font-weight: 700; fill: var(--ink); paint-order: stroke;
  stroke: #fff; stroke-width: 4px; }
.pair-sub { font-size: 11.5px; fill: var(--muted); paint-order: stroke; stroke: #fff;
  stroke-width: 4px; }
.people { display: grid; grid-template-columns: repeat(auto-fit, minmax(320px, 1fr));
  gap: 14px; }
.person { border: 1px solid var(--line); border-left: 5px solid var(--muted); border-radius: 8px;
  padding: 0 14px 10px; min-width: 0; }
.person.party-south-korea { border-left-color: var(--rok); }
.person.party-united-states { border-left-color: var(--us); }
.person h3 { margin-top: .8rem; }
.party-tag { font-size: .8rem; font-weight: normal; color: var(--muted); }
ul.facts { padding-left: 1.1rem; margin: 0; font-size: .92rem; }
ul.facts li { margin: 2px 0; }
.fact-prop { color: var(--muted); }
.fact-subject { font-weight: 600; }
details.reasoned { font-size: .88rem; color: var(--muted); margin-top: 6px; }
.source { margin: 18px 0 26px; }
.byline { color: var(--muted); font-size: .9rem; margin: 0 0 8px; overflow-wrap: anywhere; }
.article-text { white-space: pre-wrap; overflow-wrap: anywhere; font-family: Georgia,
  "Noto Serif", "Times New Roman", serif; font-size: 1.02rem; line-height: 1.65;
  background: #fcfcfa; border: 1px solid var(--line); border-radius: 8px; padding: 14px 18px;
}
mark.q { background: rgba(255, 214, 10, .28); color: inherit; border-radius: 2px;
  padding: 1px 0; }
mark.q.inferred { text-decoration: underline dashed #b07d00; text-underline-offset: 3px; }
mark.q:target, mark.q.is-target { background: var(--mark-strong);
  outline: 3px solid var(--target); outline-offset: 1px; box-shadow: 0 0 0 6px #ffe8c2; }
mark.q:target mark.q, mark.q.is-target mark.q { background: transparent; }
mark.sample { padding: 0 3px; }
.source-body { display: grid; grid-template-columns: minmax(0, 1fr); gap: 16px;
  align-items: start; }
details.claims { max-width: 48rem; }
@media (min-width: 1000px) {
  .source-body { grid-template-columns: minmax(0, 46rem) minmax(0, 1fr); }
  details.claims { position: sticky; top: 4.5rem; max-height: calc(100vh - 6rem);
    overflow-y: auto; overflow-x: hidden; overflow-wrap: anywhere;
    border: 1px solid var(--line); border-radius: 8px; padding: 8px 12px;
    background: var(--wash); }
}
li.claim.is-target { background: #fff6d9; outline: 2px solid var(--target);
  border-radius: 4px; }
details.claims summary { cursor: pointer; font-weight: 600; }
ol.claim-list { padding-left: 1.2rem; font-size: .9rem; }
ol.claim-list li.claim { margin: 6px 0; }
.claim-id { font-family: ui-monospace, "DejaVu Sans Mono", monospace; font-size: .85rem; }
ul.says { margin: 2px 0; padding-left: 1rem; }
.reasoning, .qualifier { margin: 2px 0; color: var(--muted); }
table.ontology code { font-size: .85rem; }
.term-label { font-weight: normal; color: var(--muted); font-size: .85rem; }
.site-footer { color: var(--muted); font-size: .88rem; padding-top: 18px; padding-bottom: 30px; }
svg .dim { opacity: .15; }
@media (max-width: 700px) {
  .wrap { padding: 0 12px; }
  .filters { position: static; }
  .filter-row { display: grid; grid-template-columns: repeat(3, minmax(0, 1fr)); gap: 6px; }
  .filter-title, #filter-status { grid-column: 1 / -1; }
  .filters select { width: 100%; max-width: 100%; font-size: .85rem; }
  .filter-row label { display: flex; flex-direction: column; font-size: .8rem; }
  .filters button { grid-column: 1 / -1; justify-self: start; font-size: .85rem; }
  svg.chart { min-width: 760px; }
  :target, [id] { scroll-margin-top: 1rem; }
  .people, .cards, .sides { grid-template-columns: minmax(0, 1fr); }
  .article-text { padding: 10px 12px; font-size: .98rem; }
  th, td { padding: 5px 5px; }
  table { font-size: .9rem; }
  table.stack thead { position: absolute; left: -9999px; }
  table.stack caption { display: block; }
  table.stack, table.stack tbody, table.stack tr, table.stack td, table.stack th[scope=row] {
    display: block; width: 100%; }
  table.stack tr { border: 1px solid var(--line); border-radius: 8px; margin: 0 0 10px;
    padding: 6px 10px; display: grid; grid-template-columns: repeat(2, minmax(0, 1fr));
    gap: 2px 12px; }
  table.stack .wide, table.stack th[scope=row] { grid-column: 1 / -1; }
  table.stack td, table.stack th[scope=row] { border: none; padding: 3px 0; }
  table.stack td::before { content: attr(data-label); display: block; font-size: .72rem;
    color: var(--muted); text-transform: uppercase; letter-spacing: .04em; }
  table.stack td:empty { display: none; }
  td.num { white-space: normal; }
  .card dl, .terms, .person-dl { grid-template-columns: minmax(0, 1fr); gap: 0; }
  .card dd, .terms dd, .person-dl dd { margin-bottom: 6px; }
}
@media print {
  .filters, .skip { display: none !important; }
  details > * { display: block; }
}
"""

JS = """\
(function () {
  'use strict';
  var form = document.getElementById('filters');
  var items = Array.prototype.slice.call(document.querySelectorAll('.f'));
  var status = document.getElementById('filter-status');
  var wide = window.matchMedia('(min-width: 1000px)');

  // An item without a data-<name> attribute is not filtered on <name>: its container is.
  function has(el, name, value) {
    if (!el.hasAttribute('data-' + name)) { return true; }
    return el.getAttribute('data-' + name).split(' ').indexOf(value) >= 0;
  }

  function apply() {
    var want = {};
    Array.prototype.forEach.call(form.querySelectorAll('select'), function (s) {
      if (s.value) { want[s.name] = s.value; }
    });
    var names = Object.keys(want);
    var shown = 0, counted = 0;
    items.forEach(function (el) {
      var ok = names.every(function (n) { return has(el, n, want[n]); });
      if (el instanceof SVGElement) {
        el.classList.toggle('dim', !ok);
      } else {
        el.hidden = !ok;
        counted += 1;
        if (ok) { shown += 1; }
      }
    });
    status.textContent = names.length ? 'Showing ' + shown + ' of ' + counted + ' items.' : '';
  }

  function reset() {
    Array.prototype.forEach.call(form.querySelectorAll('select'), function (s) {
      s.value = '';
    });
    apply();
  }

  // A quote split around another one is several <mark>s: light them all, and open or
  // reveal whatever hides the target.
  function highlight() {
    Array.prototype.forEach.call(document.querySelectorAll('.is-target'), function (el) {
      el.classList.remove('is-target');
    });
    var id = decodeURIComponent(location.hash.slice(1));
    if (!id) { return; }
    var target = document.getElementById(id);
    if (!target) { return; }
    for (var el = target; el; el = el.parentElement) {
      if (el.hidden) { reset(); break; }
    }
    for (el = target.parentElement; el; el = el.parentElement) {
      if (el.tagName === 'DETAILS') { el.open = true; }
    }
    if (id.indexOf('claim-') === 0) {
      Array.prototype.forEach.call(document.querySelectorAll('mark[data-claim]'), function (m) {
        if (m.getAttribute('data-claim') === id) { m.classList.add('is-target'); }
      });
      target.scrollIntoView({block: 'center'});
      // Beside the article, point at what the claim asserts, in the panel's visible part.
      var fact = document.getElementById('fact-' + id.slice(6));
      if (fact) {
        fact.classList.add('is-target');
        var panel = fact.closest('details');
        if (panel && wide.matches) {
          panel.open = true;
          var top = Math.max(panel.getBoundingClientRect().top, 0) + 90;
          panel.scrollTop += fact.getBoundingClientRect().top - top;
        }
      }
    }
  }

  // On a wide screen the claims sit beside their article, so they are open from the start.
  if (wide.matches) {
    Array.prototype.forEach.call(document.querySelectorAll('details.claims'), function (d) {
      d.open = true;
    });
  }
  if (form) {
    form.hidden = false;
    form.addEventListener('change', apply);
    form.addEventListener('reset', function () { window.setTimeout(apply, 0); });
  }
  document.addEventListener('click', function (event) {
    var link = event.target.closest ? event.target.closest('a[href^="#"]') : null;
    if (!link) { return; }
    var target = document.getElementById(decodeURIComponent(link.hash.slice(1)));
    for (var el = target; el; el = el.parentElement) {
      if (el.hidden) { reset(); break; }
    }
  });
  window.addEventListener('hashchange', highlight);
  // The browser's own jump to a fragment comes after this script runs: follow it.
  window.addEventListener('load', highlight);
  highlight();
})();
"""
