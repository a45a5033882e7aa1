"""Curated claims: read the fact files, check every field, resolve every reference.

Knows nothing of RDF. A claim is what one passage of one source says about one entity;
its values are checked against `schema`, its quote is located in the source text.
"""

from __future__ import annotations

import datetime
import os
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

import pycountry

from kgbuild.errors import Collector, InputError, did_you_mean
from kgbuild.inputs import parallel, passages, schema
from kgbuild.inputs.sources import ENTITY_ID, Source
from kgbuild.inputs.textmatch import Match, normalise_str, quote_problem
from kgbuild.inputs.uncovered import Uncovered, load_uncovered
from kgbuild.inputs.yamlio import YList, YMap, load_yaml

CLAIM_ID = re.compile(r"[a-z0-9][a-z0-9-]{0,99}")
ISO_DATE = re.compile(r"(\d{4})-(\d{2})-(\d{2})")
YEAR_MONTH = re.compile(r"(\d{4})-(\d{2})")
YEAR = re.compile(r"(\d{4})")
DURATION = re.compile(r"P(?=\d)(\d+Y)?(\d+M)?(\d+W)?(\d+D)?")
CURRENCIES = frozenset(c.alpha_3 for c in pycountry.currencies)


@dataclass(frozen=True)
class Value:
    """One checked value: `kind` is a schema kind or an XSD datatype name for time points."""

    kind: str
    value: object  # str (entity id, text, lexical date), int, Decimal


@dataclass
class Claim:
    source_id: str
    id: str
    about: str
    quote: str
    match: Match
    file: str
    line: int
    says: dict[str, list[Value]]
    entity_type: str | None = None      # set when the claim declares `type`
    reasoning: str | None = None        # set when the claim is inferred
    qualifier: str | None = None        # the source's hedge, in its words
    hedged: bool = False                # the hedge is on the claim itself (`reported:`)
    note: str | None = None
    lines: dict[str, int] = field(default_factory=dict)
    preferred: dict[str, str] = field(default_factory=dict)  # field -> the curator's reason
    raw: dict = field(default_factory=dict, repr=False)  # unchecked `says`, until typed

    @property
    def key(self) -> str:
        return f"{self.source_id}/{self.id}"

    @property
    def inferred(self) -> bool:
        return self.reasoning is not None

    @property
    def status(self) -> str:
        """stated, reported (the source hedges what it says) or inferred (a curator's)."""
        if self.reasoning is not None:
            return "inferred"
        return "reported" if self.hedged else "stated"


@dataclass
class Facts:
    sources: dict[str, Source]
    claims: list[Claim]
    types: dict[str, str]  # entity id -> type
    uncovered: dict[str, list[Uncovered]] = field(default_factory=dict)  # by source id


def _err(message: str, file: str, line: int, field_name: str | None = None,
         hint: str | None = None, excerpt: str | None = None) -> InputError:
    return InputError(message, file=file, line=line, field=field_name, hint=hint,
                      excerpt=excerpt)


def fact_files(root: Path) -> list[Path]:
    # By name: the same order as by path, in one folder, without pathlib's slow comparisons.
    return sorted((root / "graph" / "facts").glob("*.yaml"), key=lambda path: path.name)


def load_facts(root: Path, sources: dict[str, Source],
               step: Callable[[int], None] | None = None) -> Facts:
    """Every claim of every fact file, checked; `step(1)` is called after each file."""
    folder = root / "graph" / "facts"
    files = fact_files(root)
    if not files:
        raise InputError("no fact files", file=str(folder.relative_to(root)),
                         hint="add graph/facts/<source id>.yaml")
    claims: list[Claim] = []
    uncovered: dict[str, list[Uncovered]] = {}
    errors = Collector()
    shown_folder = str(folder.relative_to(root))
    made = parallel.map_files(
        lambda path: _load_file(path, os.path.join(shown_folder, path.name), sources),
        files, step, errors.attempt)
    for path, loaded in zip(files, made, strict=True):
        if loaded:
            claims.extend(loaded[0])
            if loaded[1]:
                uncovered[path.stem] = loaded[1]
    errors.raise_if_any()
    # Each phase needs the previous one whole: an unknown type would otherwise cascade into
    # an "unknown entity" for every reference to it.
    types = _resolve_types(claims)
    _check_fields(claims, types)
    _check_labels(claims)
    _check_preferences(claims)
    _check_rounds_have_agreement(claims, types)
    _check_references(claims, types, sources)
    return Facts(sources=sources, claims=claims, types=types, uncovered=uncovered)


def _load_file(path: Path, display: str,
               sources: dict[str, Source]) -> tuple[list[Claim], list[Uncovered]]:
    doc = load_yaml(path, display)
    if not isinstance(doc, YMap):
        raise _err("a fact file must be a mapping with 'source' and 'claims'", display,
                   getattr(doc, "line", 1))
    for key in doc:
        if key not in schema.FILE_KEYS:
            raise _err(f"unknown top-level key '{key}'", display, doc.lines[key], key,
                       hint=did_you_mean(key, schema.FILE_KEYS) or
                       "use 'source', 'claims' and 'uncovered'")
    source_id = doc.get("source")
    if isinstance(source_id, int):
        raise _err(f"the source id {source_id!r} must be quoted", display, doc.lines["source"],
                   "source", hint='write source: "000"')
    if not isinstance(source_id, str):
        raise _err("missing or invalid source id", display, doc.lines.get("source", doc.line),
                   "source", hint='start the file with source: "<id>"')
    if source_id not in sources:
        raise _err(f"unknown source {source_id!r}", display, doc.lines["source"], "source",
                   hint=did_you_mean(source_id, sources) or "add graph/sources/<id>.yaml first")
    if path.stem != source_id:
        raise _err(f"the file is named {path.name} but cites source {source_id!r}", display,
                   doc.lines["source"], "source", hint=f"name it {source_id}.yaml")
    items = doc.get("claims")
    if not isinstance(items, YList) or not items:
        raise _err("'claims' must be a non-empty list", display,
                   doc.lines.get("claims", doc.line), "claims")
    source = sources[source_id]
    claims = []
    ids: dict[str, int] = {}
    errors = Collector()
    for item, line in zip(items, items.lines, strict=True):
        claim = errors.attempt(_load_claim, item, line, display, source)
        if claim is None:
            continue
        if claim.id in ids:
            errors.errors.append(_err(f"duplicate claim id '{claim.id}'", display, line, "id",
                                      hint=f"it is already used on line {ids[claim.id]}"))
            continue
        ids[claim.id] = line
        claims.append(claim)
    uncovered = errors.attempt(load_uncovered, doc, display, source) or []
    errors.raise_if_any()
    return claims, uncovered


def _load_claim(item, line: int, display: str, source: Source) -> Claim:
    if not isinstance(item, YMap):
        raise _err("each claim must be a mapping (id, about, quote, says)", display, line)
    for key in item:
        if key not in schema.CLAIM_KEYS:
            raise _err(f"unknown key '{key}'", display, item.lines[key], key,
                       hint=did_you_mean(key, schema.CLAIM_KEYS) or
                       "allowed: " + ", ".join(schema.CLAIM_KEYS))
    for key in schema.REQUIRED_CLAIM_KEYS:
        if key not in item:
            raise _err("missing required key", display, item.line, key, hint=f"add '{key}:'")
    claim_id = item["id"]
    if not isinstance(claim_id, str) or not CLAIM_ID.fullmatch(claim_id):
        raise _err(f"invalid claim id {claim_id!r}", display, item.lines["id"], "id",
                   hint="use lower-case letters, digits and '-'")
    about = item["about"]
    if not isinstance(about, str) or not ENTITY_ID.fullmatch(about):
        raise _err(f"invalid entity id {about!r}", display, item.lines["about"], "about",
                   hint="use lower-case letters, digits and '-'")
    quote = item["quote"]
    problem = quote_problem(quote)
    if problem:
        raise _err(problem, display, item.lines["quote"], "quote",
                   hint="copy the passage that says this, verbatim")
    match = source.locate(quote)
    if match is None:
        raise _err(f"quote not found in {source.text_file}: {quote!r}", display,
                   item.lines["quote"], "quote",
                   hint="copy the passage verbatim from the article",
                   excerpt=passages.nearest_block(source.text, quote))
    optional = {}
    for key in ("inferred", "reported", "qualifier", "note"):
        value = item.get(key)
        if value is not None and (not isinstance(value, str) or not value.strip()):
            raise _err(f"'{key}' must be a non-empty text", display, item.lines[key], key)
        optional[key] = value
    if "inferred" in item and optional["inferred"] is None:
        raise _err("'inferred' needs the reasoning", display, item.lines["inferred"], "inferred",
                   hint="say how the values follow from the quote")
    if optional["reported"] and (optional["qualifier"] or optional["inferred"]):
        other = "qualifier" if optional["qualifier"] else "inferred"
        raise _err(f"'reported' and '{other}' together", display, item.lines["reported"],
                   "reported",
                   hint="'reported:' names the source's hedge; an inferred claim keeps the "
                   "hedge in 'qualifier:' and says so in its reasoning")
    for key in ("qualifier", "reported"):
        if optional[key] and normalise_str(optional[key]) not in normalise_str(quote):
            raise _err(f"{key} {optional[key]!r} is not in the quote", display,
                       item.lines[key], key,
                       hint="a hedge is the source's own, in its words")
    says = item["says"]
    if not isinstance(says, YMap) or not says:
        raise _err("'says' must be a non-empty mapping of fields", display,
                   item.lines["says"], "says")
    claim = Claim(source_id=source.id, id=claim_id, about=about, quote=quote, match=match,
                  file=display, line=line, says={}, reasoning=optional["inferred"],
                  qualifier=optional["qualifier"] or optional["reported"],
                  hedged=bool(optional["reported"]), note=optional["note"],
                  lines=dict(says.lines))
    entity_type = says.get("type")
    if entity_type is not None:
        if entity_type not in schema.TYPES:
            raise _err(f"unknown type {entity_type!r}", display, says.lines["type"], "type",
                       hint=did_you_mean(str(entity_type), schema.TYPES) or
                       "types: " + ", ".join(sorted(schema.TYPES)))
        claim.entity_type = entity_type
    # Values are checked once the entity's type is known: it may be declared in another file.
    claim.raw = {k: v for k, v in says.items() if k != "type"}
    if "preferred" in item:
        claim.preferred = _load_preferred(item, display, says)
    return claim


def _load_preferred(item: YMap, display: str, says: YMap) -> dict[str, str]:
    preferred = item["preferred"]
    line = item.lines["preferred"]
    if not isinstance(preferred, YMap) or not preferred:
        raise _err("'preferred' maps a field to the reason its value is preferred", display,
                   line, "preferred", hint="write preferred: {usdEquivalent: <reason>}")
    for name, reason in preferred.items():
        where = preferred.lines[name]
        if name not in says:
            raise _err(f"'{name}' is not among this claim's fields", display, where,
                       "preferred", hint="prefer a value the claim itself gives")
        if name not in schema.FUNCTIONAL:
            raise _err(f"'{name}' can hold several values, so none is preferred", display,
                       where, "preferred",
                       hint="only single-valued fields: " + ", ".join(sorted(schema.FUNCTIONAL)))
        if not isinstance(reason, str) or not reason.strip():
            raise _err(f"the preference for '{name}' needs its reason", display, where,
                       "preferred")
    return dict(preferred)


def _resolve_types(claims: list[Claim]) -> dict[str, str]:
    types: dict[str, str] = {}
    where: dict[str, Claim] = {}
    errors = Collector()
    for claim in claims:
        if claim.entity_type is None:
            continue
        known = types.get(claim.about)
        if known and known != claim.entity_type:
            first = where[claim.about]
            errors.errors.append(_err(
                f"'{claim.about}' is typed {claim.entity_type} here but {known} in "
                f"{first.file}:{first.line}", claim.file, claim.lines["type"], "type",
                hint="an entity has one type; use another id for another thing"))
            continue
        types[claim.about] = claim.entity_type
        where.setdefault(claim.about, claim)
    errors.raise_if_any()
    return types


def _check_fields(claims: list[Claim], types: dict[str, str]) -> None:
    errors = Collector()
    for claim in claims:
        errors.attempt(_check_claim_fields, claim, types)
    errors.raise_if_any()


def _check_claim_fields(claim: Claim, types: dict[str, str]) -> None:
    entity_type = types.get(claim.about)
    if entity_type is None:
        raise _err(f"entity '{claim.about}' has no type", claim.file, claim.line, "about",
                   hint="add 'type:' to one claim about it, in any fact file")
    fields = schema.fields_for(entity_type)
    for name, raw in claim.raw.items():
        line = claim.lines.get(name, claim.line)
        spec = fields.get(name)
        if spec is None:
            hint = did_you_mean(name, fields)
            if hint is None and name in schema.all_field_names():
                hint = f"'{name}' is not a field of {entity_type}"
            raise _err(f"unknown field '{name}' for a {entity_type}", claim.file, line, name,
                       hint=hint or "fields: " + ", ".join(sorted(fields)))
        items = raw if isinstance(raw, list) else [raw]
        if isinstance(raw, list) and not spec.many:
            raise _err("takes one value, not a list", claim.file, line, name)
        if not items:
            raise _err("the list is empty", claim.file, line, name)
        claim.says[name] = [_check_value(spec, v, claim, line) for v in items]
    if entity_type == "Round":
        _check_round_dates(claim)
    claim.raw = {}


def _check_value(spec: schema.Field, raw, claim: Claim, line: int) -> Value:
    name = spec.name

    def fail(message: str, hint: str | None = None) -> InputError:
        return _err(message, claim.file, line, name, hint)

    kind = spec.kind
    if kind == schema.REF:
        if not isinstance(raw, str) or not ENTITY_ID.fullmatch(raw):
            raise fail(f"expected an entity id, got {raw!r}")
        return Value(kind, raw)
    if kind in (schema.POS_INT, schema.NONNEG_INT):
        if isinstance(raw, bool) or not isinstance(raw, int):
            raise fail(f"expected a whole number, got {raw!r}", "write digits, without quotes")
        if raw < (1 if kind == schema.POS_INT else 0):
            raise fail(f"{raw} is out of range", "must be positive" if kind == schema.POS_INT
                       else "must not be negative")
        return Value(kind, raw)
    if kind in (schema.DECIMAL, schema.AMOUNT):
        if isinstance(raw, bool) or not isinstance(raw, (int, Decimal)):
            raise fail(f"expected a number, got {raw!r}", "write digits, without quotes or units")
        value = Decimal(raw)
        if not value.is_finite():
            raise fail(f"{raw} is not a finite number")
        if kind == schema.AMOUNT and value < 0:
            raise fail(f"amount {raw} is negative", "amounts are not negative; "
                       "put a decrease in changePercent")
        return Value(kind, value)
    if kind == schema.CURRENCY:
        if not isinstance(raw, str) or raw not in CURRENCIES:
            raise fail(f"unknown currency {raw!r}", "use an ISO 4217 code such as KRW or USD")
        return Value(kind, raw)
    if kind == schema.DURATION:
        if not isinstance(raw, str) or not DURATION.fullmatch(raw):
            raise fail(f"invalid duration {raw!r}", "write ISO 8601, such as P1Y or P6Y")
        return Value(kind, raw)
    if kind in (schema.DATE, schema.TIMEPOINT, schema.YEAR):
        return Value(*_check_time(kind, raw, fail))
    if kind == schema.ENUM:
        if raw not in spec.target:
            raise fail(f"invalid value {raw!r}", "one of: " + ", ".join(spec.target))
        return Value(kind, raw)
    if not isinstance(raw, str) or not raw.strip():
        raise fail(f"expected a text, got {raw!r}")
    if kind == schema.VERBATIM and normalise_str(raw) not in normalise_str(claim.quote):
        raise fail(f"{raw!r} is not in the quote", "this field keeps the source's own words")
    return Value(kind, raw)


def _check_time(kind: str, raw, fail) -> tuple[str, str]:
    text = str(raw) if isinstance(raw, int) and not isinstance(raw, bool) else raw
    if not isinstance(text, str):
        raise fail(f"expected a date, got {raw!r}")
    full = ISO_DATE.fullmatch(text)
    if full and kind in (schema.DATE, schema.TIMEPOINT):
        try:
            datetime.date.fromisoformat(text)
        except ValueError:
            raise fail(f"impossible date {text!r}", "check the day and month") from None
        return "date", text
    month = YEAR_MONTH.fullmatch(text)
    if month and kind == schema.TIMEPOINT:
        if not 1 <= int(month.group(2)) <= 12:
            raise fail(f"impossible month {text!r}")
        return "gYearMonth", text
    if YEAR.fullmatch(text) and kind in (schema.TIMEPOINT, schema.YEAR):
        return "gYear", text
    expected = {schema.DATE: "YYYY-MM-DD", schema.YEAR: "YYYY",
                schema.TIMEPOINT: "YYYY-MM-DD, YYYY-MM or YYYY"}[kind]
    raise fail(f"invalid date {text!r}", f"write {expected}; keep vague wording in "
               "dateExpression or the quote")


def _check_labels(claims: list[Claim]) -> None:
    first: dict[str, tuple[str, Claim]] = {}
    errors = Collector()
    for claim in claims:
        for value in claim.says.get("label", []):
            if claim.about not in first:
                first[claim.about] = (value.value, claim)
                continue
            label, where = first[claim.about]
            if value.value != label:
                errors.errors.append(_err(
                    f"label {value.value!r} differs from {label!r} given to '{claim.about}' in "
                    f"{where.file}:{where.line}", claim.file, claim.lines.get("label", claim.line),
                    "label", hint="an entity has one label; put other names in altLabel"))
    errors.raise_if_any()


def _check_preferences(claims: list[Claim]) -> None:
    chosen: dict[tuple[str, str], Claim] = {}
    errors = Collector()
    for claim in claims:
        for name in claim.preferred:
            key = (claim.about, name)
            other = chosen.get(key)
            if other and other.says[name] != claim.says[name]:
                errors.errors.append(_err(
                    f"another value of '{name}' for '{claim.about}' is already preferred in "
                    f"{other.file}:{other.line}", claim.file, claim.line, "preferred",
                    hint="prefer one value per entity and field"))
            chosen.setdefault(key, claim)
    errors.raise_if_any()


def _check_rounds_have_agreement(claims: list[Claim], types: dict[str, str]) -> None:
    linked = {c.about for c in claims if "ofAgreement" in c.says}
    errors = Collector()
    for claim in claims:
        if claim.entity_type == "Round" and claim.about not in linked:
            errors.errors.append(_err(
                f"round '{claim.about}' belongs to no agreement", claim.file, claim.line,
                "ofAgreement", hint="add 'ofAgreement:' to a claim about the round (inferred, "
                "with the reasoning, if no article says so outright)"))
            linked.add(claim.about)
    errors.raise_if_any()


def _check_round_dates(claim: Claim) -> None:
    start, end = claim.says.get("startDate"), claim.says.get("endDate")
    if start and end and start[0].kind == end[0].kind and end[0].value < start[0].value:
        raise _err(f"endDate {end[0].value} is before startDate {start[0].value}", claim.file,
                   claim.lines["endDate"], "endDate")


def _check_references(claims: list[Claim], types: dict[str, str],
                      sources: dict[str, Source]) -> None:
    errors = Collector()
    for claim in claims:
        errors.attempt(_check_claim_references, claim, types)
    for source in sources.values():
        errors.attempt(_check_source_references, source, types)
    errors.raise_if_any()
    _check_agreement_cycles(claims)


def _check_claim_references(claim: Claim, types: dict[str, str]) -> None:
    fields = schema.fields_for(types[claim.about])
    for name, values in claim.says.items():
        spec = fields[name]
        if spec.kind != schema.REF:
            continue
        for value in values:
            target_type = types.get(value.value)
            line = claim.lines.get(name, claim.line)
            if target_type is None:
                raise _err(f"unknown entity '{value.value}'", claim.file, line, name,
                           hint=did_you_mean(value.value, types) or
                           "declare it with a claim that gives its 'type'")
            if not schema.accepts(spec.target, target_type):
                raise _err(f"'{value.value}' is a {target_type}, not a {spec.target}",
                           claim.file, line, name)
            if value.value == claim.about and name in ("precededBy", "counterpart"):
                raise _err(f"'{claim.about}' cannot be its own {name}", claim.file, line, name)


def _check_source_references(source: Source, types: dict[str, str]) -> None:
    for key, (entity, _quote) in source.refs.items():
        if entity not in types:
            raise _err(f"unknown entity '{entity}'", source.meta_file, source.ref_lines[key],
                       key, hint=did_you_mean(entity, types) or
                       "declare it with a claim that gives its 'type'")
        if types[entity] != "Organization":
            raise _err(f"'{entity}' is a {types[entity]}, not an Organization",
                       source.meta_file, source.ref_lines[key], key)


def _check_agreement_cycles(claims: list[Claim]) -> None:
    edges: dict[str, list[str]] = {}
    where: dict[tuple[str, str], Claim] = {}
    for claim in claims:
        for value in claim.says.get("precededBy", []):
            edges.setdefault(claim.about, []).append(value.value)
            where[(claim.about, value.value)] = claim
    done: set[str] = set()

    def visit(node: str, path: list[str]) -> None:
        if node in path:
            cycle = path[path.index(node):] + [node]
            claim = where[(path[-1], node)]
            raise _err("agreements precede each other in a cycle: " + " -> ".join(cycle),
                       claim.file, claim.lines.get("precededBy", claim.line), "precededBy",
                       hint="an agreement cannot come before itself; fix one precededBy")
        if node in done:
            return
        for nxt in sorted(edges.get(node, [])):
            visit(nxt, path + [node])
        done.add(node)

    for start in sorted(edges):
        visit(start, [])
