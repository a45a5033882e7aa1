"""Registering a new source article: its text, its metadata, and nothing invented.

`register` copies the text into graph/sources/ (UTF-8, line endings made \\n, otherwise as
received), writes its metadata in the curated format and, when the text names the publisher,
a first fact file that declares that organisation with the quote. Every metadata value is
either found in the text, with the passage that states it, or null with a note saying that
the text does not state it. All files appear together or not at all.
"""

from __future__ import annotations

import datetime
import hashlib
import os
import re
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from kgbuild import pipeline
from kgbuild.curate import factwriter
from kgbuild.errors import InputError, KgError
from kgbuild.inputs import textmatch
from kgbuild.inputs.facts import Facts
from kgbuild.inputs.passages import find_all
from kgbuild.inputs.sources import ENTITY_ID, SOURCE_ID
from kgbuild.inputs.urls import url_problem
from kgbuild.inputs.yamlio import YMap, load_yaml, read_regular

SHA_PREFIX = 16
_NUMBERED_ID = re.compile(r"\d{3}")
_BOM = "\ufeff"

METADATA_HEADER = [
    "Metadata of one source article. Every value is either stated by the text (with the quote "
    "that states it) or null; a curator's inference carries its reasoning.",
]


@dataclass
class Organization:
    id: str
    label: str
    names: list[str]      # label and altLabels: how the text may name it


@dataclass
class Registration:
    id: str
    sha256: str
    files: list[Path] = field(default_factory=list)     # written, relative to the root
    publisher: str | None = None
    publisher_quote: str | None = None
    issued: str | None = None
    issued_quote: str | None = None
    notes: list[str] = field(default_factory=list)       # for the user: what was not found


def read_article(path: Path) -> str:
    """The text of a file to register: UTF-8 required, line endings made \\n."""
    shown = str(path)
    data = read_regular(path, shown)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise InputError(f"not valid UTF-8 (byte 0x{data[exc.start]:02x} at offset {exc.start})",
                         file=shown, line=line,
                         hint="convert it first, e.g. iconv -f cp949 -t utf-8 (Korean "
                              "Windows) or -f latin1") from None
    # A byte-order mark is how the file was saved, not part of the article.
    text = text.removeprefix(_BOM).replace("\r\n", "\n").replace("\r", "\n")
    if "\x00" in text:
        raise InputError("the article contains NUL characters", file=shown,
                         hint="is this a text file?")
    if not text.strip():
        raise InputError("the article is empty", file=shown)
    return text


def sha256_of(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def registered_texts(root: Path) -> dict[str, tuple[str, Path]]:
    """sha256 -> (source id, text file) for every article already in graph/sources/."""
    folder = root / "graph" / "sources"
    owners: dict[str, str] = {}
    for meta in sorted(folder.glob("*.yaml")):
        try:
            doc = load_yaml(meta, str(meta.relative_to(root)))
        except InputError:
            continue  # `kgbuild check` reports a broken metadata file; here it only loses a name
        if isinstance(doc, YMap) and isinstance(doc.get("file"), str):
            owners[doc["file"]] = str(doc.get("id", meta.stem))
    found = {}
    for text_file in sorted(folder.glob("*.txt")):
        digest = hashlib.sha256(read_regular(text_file, str(text_file.relative_to(root))))
        digest = digest.hexdigest()
        owner = owners.get(text_file.name, text_file.name.split("_", 1)[0])
        found.setdefault(digest, (owner, text_file.relative_to(root)))
    return found


def next_id(root: Path) -> str:
    taken = _taken_ids(root)
    numbers = [int(i) for i in taken if _NUMBERED_ID.fullmatch(i)]
    number = max(numbers, default=-1) + 1
    if number > 999:
        raise InputError("no three-digit source id left", file="graph/sources",
                         hint="give one with --id")
    return f"{number:03d}"


def _taken_ids(root: Path) -> set[str]:
    sources, facts = root / "graph" / "sources", root / "graph" / "facts"
    taken = {p.stem for p in sources.glob("*.yaml")} | {p.stem for p in facts.glob("*.yaml")}
    taken |= {p.name.split("_", 1)[0] for p in sources.glob("*.txt")}
    return taken


def organizations(facts: Facts) -> dict[str, Organization]:
    orgs: dict[str, Organization] = {}
    for entity, kind in facts.types.items():
        if kind == "Organization":
            orgs[entity] = Organization(entity, entity, [])
    for claim in facts.claims:
        org = orgs.get(claim.about)
        if org is None:
            continue
        for value in claim.says.get("label", []):
            org.label = value.value
            org.names.insert(0, value.value)
        org.names.extend(v.value for v in claim.says.get("altLabel", []))
    return orgs


def slug(name: str) -> str:
    text = textmatch.normalise_str(name).lower().replace("&", " and ")
    text = re.sub(r"[^a-z0-9]+", "-", text).strip("-")
    return text[:100].rstrip("-")


def resolve_organization(given: str, facts: Facts, role: str) -> Organization:
    """An existing organisation (by id, label or altLabel), or a new one named `given`."""
    orgs = organizations(facts)
    if given in facts.types:
        if facts.types[given] != "Organization":
            raise InputError(f"'{given}' is a {facts.types[given]}, not an Organization",
                             file=f"--{role}", hint=f"give the {role}'s name or organisation id")
        return orgs[given]
    wanted = textmatch.normalise_str(given).casefold()
    for org in orgs.values():
        if any(textmatch.normalise_str(n).casefold() == wanted for n in org.names):
            return org
    # "Yonhap" for Yonhap News Agency: the name as a user types it, and as a dateline prints
    # it, is the organisation's id or the start of its name.
    typed = " ".join(given.split())
    starts = [org for org in orgs.values() if org.id == slug(given) or any(
        textmatch.normalise_str(n).casefold().startswith(wanted + " ") for n in org.names)]
    if len(starts) == 1:
        org = starts[0]
        return Organization(org.id, org.label, [*org.names, typed])
    if ENTITY_ID.fullmatch(given):
        known = ", ".join(sorted(orgs)) or "none yet"
        raise InputError(f"no organisation '{given}' in the graph", file=f"--{role}",
                         hint=f"give a known id ({known}) or the {role}'s name as the article "
                              f"prints it, e.g. --{role} \"The Korea Herald\"; a new "
                              "organisation's id is derived from its name")
    derived = slug(given)
    if not derived or not ENTITY_ID.fullmatch(derived):
        raise InputError(f"cannot derive an entity id from {given!r}", file=f"--{role}",
                         hint="give the name in Latin letters, or an existing id")
    if derived in facts.types:
        raise InputError(f"the id derived from {given!r}, '{derived}', is already a "
                         f"{facts.types[derived]}", file=f"--{role}",
                         hint="give the organisation's existing id, or another name")
    return Organization(derived, " ".join(given.split()), [" ".join(given.split())])


_MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August",
           "September", "October", "November", "December"]


def date_spellings(day: datetime.date) -> list[str]:
    """How an article may print a date: ISO, 'June 24, 2024', 'Jun. 24, 2024', '24 June 2024'."""
    month = _MONTHS[day.month - 1]
    shorts = {month[:3], month[:3] + ".", month[:4] + "." if month == "September" else month}
    forms = [day.isoformat(), f"{day.year}.{day.month:02d}.{day.day:02d}",
             f"{day.year}/{day.month:02d}/{day.day:02d}",
             f"{day.year}. {day.month}. {day.day}."]
    for name in [month, *sorted(shorts)]:
        forms += [f"{name} {day.day}, {day.year}", f"{name} {day.day} {day.year}",
                  f"{day.day} {name} {day.year}", f"{day.day} {name}, {day.year}"]
    return forms


def find_date(text: str, day: datetime.date) -> str | None:
    """The passage of the text that states the date, as printed there, or None."""
    normal = textmatch.normalise(text)
    hits = []
    for form in date_spellings(day):
        hits.extend(find_all(text, form, normal=normal))
    if not hits:
        return None
    first = min(hits, key=lambda p: (p.start, -p.end))
    return first.quote


def find_name(text: str, org: Organization) -> str | None:
    normal = textmatch.normalise(text)
    for name in org.names:
        hits = find_all(text, name, normal=normal)
        if hits:
            return hits[0].quote
    return None


def register(root: Path, article: Path, *, publisher: str, date: str | None = None,
             title: str | None = None, url: str | None = None,
             source_id: str | None = None) -> Registration:
    if (root / "graph" / "sources").resolve() in article.resolve().parents:
        raise InputError("the article is already inside graph/sources/", file=str(article),
                         hint="keep it elsewhere: source add copies it there under its "
                              "registered name")
    text = read_article(article)
    digest = sha256_of(text)
    existing = registered_texts(root).get(digest)
    if existing:
        owner, path = existing
        raise InputError(f"this article is already registered as source {owner} ({path})",
                         file=str(article), hint=f"its facts go in graph/facts/{owner}.yaml")
    day = _parse_date(date)
    problem = url_problem(url) if url is not None else None
    if problem:
        raise InputError(f"not an http(s) URL: {url!r}: {problem}", file="--url",
                         hint="give the article's http:// or https:// address")
    if title is not None and not title.strip():
        raise InputError("the title is empty", file="--title")
    project = pipeline.Project(root)
    # The project must load before a source is added to it, or a later error could not be
    # told apart from one this source caused.
    facts = pipeline.load(project)
    source_id = _choose_id(root, source_id)
    org = resolve_organization(publisher, facts, "publisher")

    reg = Registration(id=source_id, sha256=digest)
    text_name = f"{source_id}_{digest[:SHA_PREFIX]}.txt"
    pairs: list[tuple[str, object]] = [("id", source_id), ("file", text_name),
                                       ("sha256", digest)]
    if title is not None:
        pairs.append(("title", " ".join(title.split())))
    else:
        pairs += [("title", None), ("title_note", "No title was given when the article was "
                                                   "registered.")]
    if url:
        pairs.append(("url", url))

    named = find_name(text, org)
    declare = None
    if named:
        reg.publisher, reg.publisher_quote = org.id, named
        pairs += [("publisher", org.id), ("publisher_quote", named)]
        declare = factwriter.DraftClaim(
            id=org.id, about=org.id, quote=named,
            says={"type": "Organization", "label": org.label},
            why=["The publisher, as the text names it (the metadata's publisher_quote)."])
    else:
        note = (f"The text does not name its publisher; it was registered as published by "
                f"{org.label}.")
        pairs += [("publisher", None), ("publisher_note", note)]
        reg.notes.append(f"the text does not name {org.label!r}: publisher left null, with a "
                         "note")

    if day is not None:
        stated = find_date(text, day)
        if stated:
            reg.issued, reg.issued_quote = day.isoformat(), stated
            pairs += [("issued", day.isoformat()), ("issued_quote", stated)]
        else:
            pairs += [("issued", None), ("issued_inferred", day.isoformat()),
                      ("issued_reasoning",
                       f"The text states no date; {day.isoformat()} is the publication date "
                       "given when the article was registered" +
                       (f", from {url}." if url else ", not checked against the text."))]
            reg.notes.append(f"the text does not state {day.isoformat()}: issued left null, "
                             "the date kept as issued_inferred with that reasoning")
    else:
        pairs.append(("issued", None))
        reg.notes.append("no --date: weekdays and 'next month' cannot be resolved to dates")

    files: dict[Path, str] = {Path("graph/sources") / text_name: text}
    files[Path("graph/sources") / f"{source_id}.yaml"] = factwriter.mapping(
        pairs, METADATA_HEADER)
    if declare is not None:
        files[Path("graph/facts") / f"{source_id}.yaml"] = factwriter.fact_file(
            source_id, [declare],
            [f"Facts from source {source_id}. Add claims below, or replace this file with a "
             f"reviewed draft from `kgbuild suggest {source_id}`."])
    _write_all(root, files)
    reg.files = list(files)
    try:
        pipeline.load(project)
    except KgError as exc:
        _remove(root, files)
        raise InputError(f"the new source would not load, so nothing was written: {exc}",
                         file=str(article)) from None
    return reg


def _parse_date(date: str | None) -> datetime.date | None:
    if date is None:
        return None
    try:
        if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", date):
            raise ValueError
        return datetime.date.fromisoformat(date)
    except ValueError:
        raise InputError(f"invalid date {date!r}", file="--date",
                         hint="write YYYY-MM-DD") from None


def _choose_id(root: Path, source_id: str | None) -> str:
    if source_id is None:
        return next_id(root)
    if not SOURCE_ID.fullmatch(source_id):
        raise InputError(f"invalid source id {source_id!r}", file="--id",
                         hint="use letters, digits, '-' and '_', e.g. 005")
    if source_id in _taken_ids(root):
        raise InputError(f"source id {source_id!r} is already used in graph/", file="--id",
                         hint=f"leave out --id to take the next free one, {next_id(root)}")
    return source_id


def _write_all(root: Path, files: dict[Path, str]) -> None:
    """Write every file or none: each goes to a temporary name, then all are renamed."""
    staged: list[tuple[Path, Path]] = []
    try:
        for rel, text in files.items():
            target = root / rel
            if target.exists():
                raise InputError("would overwrite an existing file", file=str(rel),
                                 hint="choose another --id")
            fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", dir=target.parent)
            staged.append((Path(tmp), target))
            with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as handle:
                handle.write(text)
            os.chmod(tmp, 0o644)
        done: list[Path] = []
        try:
            for tmp, target in staged:
                os.replace(tmp, target)
                done.append(target)
        except BaseException:
            for target in done:
                target.unlink(missing_ok=True)
            raise
    finally:
        for tmp, _target in staged:
            tmp.unlink(missing_ok=True)


def _remove(root: Path, files: dict[Path, str]) -> None:
    for rel in files:
        (root / rel).unlink(missing_ok=True)
