"""How much of an article `kgbuild suggest` gets right: precision and recall against key facts.

The corpus (`tests/data/suggest_corpus/`, its README gives the format) pairs articles written
for the purpose with the facts a good draft states, written by hand. Each article is
registered in a copy of the project, as a curator would (`source add`), drafted (`suggest`),
and the draft's claims compared with its key facts, entity by entity and field by field:

- entities of the graph match by id; new people, places and organisations by name; other new
  entities by the facts they share with a key entity, one to one;
- a draft fact equal to a key fact is found; one that is neither a key fact nor an optional
  one (a wrong value, or something the text does not say) is wrong;
- precision is found / (found + wrong), recall is found key facts / key facts.

Run `python -m kgbuild.curate.score [--group tuned|heldout] [-v]` for the figures.
"""

from __future__ import annotations

import argparse
import datetime
import sys
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path

import yaml

from kgbuild import pipeline
from kgbuild.curate import suggest
from kgbuild.curate.intake import register
from kgbuild.errors import InputError, KgError
from kgbuild.inputs import schema, textmatch

CORPUS = Path(__file__).resolve().parents[2] / "tests" / "data" / "suggest_corpus"
GROUPS = ("tuned", "heldout")
UNSCORED = {"type", "label", "altLabel", "dateExpression"}
NAMED = {"Negotiator", "Place", "Organization", "Party"}
VERBATIM = {name for fields in schema.TYPES.values() for name, f in fields.items()
            if f.kind == schema.VERBATIM}
REFS = {name for fields in schema.TYPES.values() for name, f in fields.items()
        if f.kind == schema.REF}
NUMBERS = {name for fields in schema.TYPES.values() for name, f in fields.items()
           if f.kind in (schema.POS_INT, schema.NONNEG_INT, schema.DECIMAL, schema.AMOUNT)}


class CorpusError(InputError):
    """A key-facts file that does not say what the scorer needs."""


@dataclass(frozen=True)
class Fact:
    entity: str
    field: str
    value: object


@dataclass
class Score:
    article: str
    group: str
    key: int = 0                       # key facts
    found: int = 0                     # key facts the draft states
    wrong: int = 0                     # draft facts neither key nor optional
    neutral: int = 0                   # draft facts that are optional ones
    missed: list[Fact] = field(default_factory=list)
    wrong_facts: list[Fact] = field(default_factory=list)
    error: str | None = None

    @property
    def precision(self) -> float:
        stated = self.found + self.wrong
        return self.found / stated if stated else 1.0

    @property
    def recall(self) -> float:
        return self.found / self.key if self.key else 1.0


# -- reading --------------------------------------------------------------------------------

def _plain(value: object) -> object:
    if isinstance(value, datetime.date):
        return value.isoformat()
    return value


def _fields(entity: str, says: dict) -> list[Fact]:
    facts = []
    for name, value in (says or {}).items():
        if name in UNSCORED:
            continue
        for item in value if isinstance(value, list) else [value]:
            facts.append(Fact(entity, name, _plain(item)))
    return facts


@dataclass
class Key:
    path: Path
    register: dict
    new: dict[str, dict]
    facts: list[Fact]
    optional: list[Fact]


def load_key(path: Path, known: dict[str, str]) -> Key:
    doc = yaml.safe_load(path.read_text(encoding="utf-8"))
    new = doc.get("new") or {}
    for name, spec in new.items():
        if name in known:
            raise CorpusError(f"new entity {name!r} is already a graph id", file=str(path))
        if spec.get("type") not in schema.TYPES:
            raise CorpusError(f"new entity {name!r}: unknown type {spec.get('type')!r}",
                              file=str(path))
    facts = [f for entity, says in (doc.get("facts") or {}).items() for f in _fields(entity, says)]
    optional = [f for entity, says in (doc.get("optional") or {}).items()
                for f in _fields(entity, says)]
    for fact in facts + optional:
        for ref in [fact.entity] + ([fact.value] if fact.field in REFS else []):
            if ref not in known and ref not in new:
                raise CorpusError(f"{ref!r} is neither a graph id nor a new entity",
                                  file=str(path), field=fact.field)
    return Key(path, doc.get("register") or {}, new, facts, optional)


@dataclass
class DraftFacts:
    facts: list[Fact]
    types: dict[str, str]              # entity -> type, for entities new in the draft
    labels: dict[str, str]


def read_draft(text: str, known: dict[str, str]) -> DraftFacts:
    doc = yaml.safe_load(text)
    facts: list[Fact] = []
    types: dict[str, str] = {}
    labels: dict[str, str] = {}
    claims = doc.get("claims") or []
    for claim in claims:
        about, says = claim["about"], claim.get("says") or {}
        if about not in known:
            if "type" in says:
                types[about] = says["type"]
            if "label" in says:
                labels[about] = str(says["label"])
    for claim in claims:
        about, says = claim["about"], dict(claim.get("says") or {})
        # A demand's statement only quotes the words that state its amount, which are scored.
        if (types.get(about) or known.get(about)) == "Demand":
            says.pop("statement", None)
        facts.extend(_fields(about, says))
        if claim.get("qualifier"):
            facts.append(Fact(about, "qualifier", claim["qualifier"]))
    return DraftFacts(facts, types, labels)


# -- comparing ------------------------------------------------------------------------------

def _folded(text: object) -> str:
    return " ".join(textmatch.normalise_str(str(text)).casefold().split())


def _number(value: object) -> Decimal | None:
    try:
        return Decimal(str(value))
    except InvalidOperation:
        return None


def same_value(name: str, key: object, drafted: object) -> bool:
    if name in NUMBERS:
        return _number(key) is not None and _number(key) == _number(drafted)
    if name in VERBATIM or name == "qualifier":
        a, b = _folded(key), _folded(drafted)
        return bool(a and b) and (a in b or b in a)
    return str(key) == str(drafted)


def _canonical(fact: Fact) -> Fact:
    """`counterpart` is symmetric: one fact per pair, whichever side states it."""
    if fact.field == "counterpart":
        a, b = sorted((fact.entity, str(fact.value)))
        return Fact(a, "counterpart", b)
    return fact


def _translate(fact: Fact, alignment: dict[str, str]) -> Fact | None:
    entity = alignment.get(fact.entity)
    if entity is None:
        return None
    value = fact.value
    if fact.field in REFS:
        value = alignment.get(value)
        if value is None:
            return None
    return _canonical(Fact(entity, fact.field, value))


def _matches(fact: Fact, drafted: Iterable[Fact]) -> bool:
    return any(d.entity == fact.entity and d.field == fact.field and
               same_value(fact.field, fact.value, d.value) for d in drafted)


def align(key: Key, draft: DraftFacts, known: dict[str, str]) -> dict[str, str]:
    """Key entity -> draft entity: graph ids to themselves, new named ones by name, the rest
    greedily by the number of (key and optional) facts they share, one to one."""
    alignment = {entity: entity for entity in known}
    taken: set[str] = set()
    for name, spec in key.new.items():
        if spec.get("name"):
            wanted = _folded(spec["name"])
            for entity, label in draft.labels.items():
                if (draft.types.get(entity) == spec["type"] and entity not in taken and
                        _folded(label) == wanted):
                    alignment[name] = entity
                    taken.add(entity)
                    break
    drafted = [_canonical(f) for f in draft.facts]
    pending = [n for n, spec in key.new.items() if n not in alignment and not spec.get("name")]
    while pending:
        best = None
        for name in pending:
            wanted = [f for f in key.facts + key.optional if f.entity == name]
            for entity, kind in draft.types.items():
                if kind != key.new[name]["type"] or entity in taken:
                    continue
                trial = {**alignment, name: entity}
                shared = sum(1 for f in wanted
                             if (t := _translate(f, trial)) is not None and _matches(t, drafted))
                if shared and (best is None or shared > best[0]):
                    best = (shared, name, entity)
        if best is None:
            break
        _, name, entity = best
        alignment[name] = entity
        taken.add(entity)
        pending.remove(name)
    return alignment


def score_draft(key: Key, draft: DraftFacts, known: dict[str, str], *, article: str,
                group: str) -> Score:
    alignment = align(key, draft, known)
    score = Score(article, group, key=len({_canonical(f) for f in key.facts}))
    wanted = {t for f in key.facts if (t := _translate(f, alignment)) is not None}
    allowed = {t for f in key.optional if (t := _translate(f, alignment)) is not None}
    drafted = list(dict.fromkeys(_canonical(f) for f in draft.facts))
    counted: set[Fact] = set()
    for fact in drafted:
        hits = [w for w in wanted if w.entity == fact.entity and w.field == fact.field and
                same_value(w.field, w.value, fact.value)]
        if hits:
            counted.update(hits)
        elif _matches(fact, allowed):
            score.neutral += 1
        else:
            score.wrong += 1
            score.wrong_facts.append(fact)
    score.found = len(counted)
    reverse = {v: k for k, v in alignment.items() if k not in known}
    for fact in {_canonical(f) for f in key.facts}:
        translated = _translate(fact, alignment)
        if translated is None or translated not in counted:
            score.missed.append(fact)
    score.wrong_facts = [Fact(reverse.get(f.entity, f.entity), f.field, f.value)
                         for f in score.wrong_facts]
    return score


# -- running --------------------------------------------------------------------------------

def articles(group: str, corpus: Path = CORPUS) -> list[Path]:
    return sorted((corpus / group).glob("*.txt"))


def draft_for(root: Path, article: Path, options: dict,
              check: bool = False) -> tuple[str, str | None]:
    """Register the article in a copy of the project at `root` and draft its facts; with
    `check`, also the error `kgbuild check` gives on the draft accepted as it is, if any."""
    with tempfile.TemporaryDirectory(prefix="kgbuild-score-") as tmp:
        stage = Path(tmp)
        suggest.copy_project(root, stage)
        date = options.get("date")
        reg = register(stage, article, publisher=str(options["publisher"]),
                       date=_plain(date) if date else None, title=options.get("title"))
        project = pipeline.Project(stage)
        facts = pipeline.load(project)
        text = suggest.render(suggest.suggest(facts.sources[reg.id], facts))
        if check:
            try:
                suggest.check_accepted(stage, reg.id, text)  # stage is a copy already
            except KgError as exc:
                return text, str(exc)
        return text, None


def score_article(root: Path, article: Path, group: str, known: dict[str, str]) -> Score:
    key = load_key(article.with_suffix(".yaml"), known)
    try:
        text, _ = draft_for(root, article, key.register)
    except KgError as exc:
        score = Score(article.stem, group, key=len({_canonical(f) for f in key.facts}),
                      error=str(exc).splitlines()[0])
        score.missed = sorted({_canonical(f) for f in key.facts}, key=repr)
        return score
    return score_draft(key, read_draft(text, known), known, article=article.stem, group=group)


def score_group(root: Path, group: str, corpus: Path = CORPUS) -> list[Score]:
    known = dict(pipeline.load(pipeline.Project(root)).types)
    return [score_article(root, a, group, known) for a in articles(group, corpus)]


def totals(scores: list[Score]) -> Score:
    total = Score("all", scores[0].group if scores else "")
    for s in scores:
        total.key += s.key
        total.found += s.found
        total.wrong += s.wrong
        total.neutral += s.neutral
    return total


def _row(s: Score) -> str:
    line = (f"{s.article:34} {s.found:3}/{s.key:<3} {s.wrong:3} {s.precision:7.1%} "
            f"{s.recall:7.1%}")
    return line + (f"  error: {s.error}" if s.error else "")


def report(scores_by_group: dict[str, list[Score]], verbose: bool = False) -> str:
    lines = []
    for group, scores in scores_by_group.items():
        lines.append(f"{group}: {len(scores)} articles")
        lines.append(f"{'article':34} {'found':>7} {'wrong':>3} {'precision':>7} {'recall':>7}")
        for s in scores:
            lines.append(_row(s))
            if verbose:
                lines.extend(f"    missed {f.entity}.{f.field} = {f.value!r}" for f in
                             sorted(s.missed, key=repr))
                lines.extend(f"    wrong  {f.entity}.{f.field} = {f.value!r}" for f in
                             s.wrong_facts)
        lines.append(_row(totals(scores)))
        lines.append("")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m kgbuild.curate.score",
                                     description=__doc__.splitlines()[0])
    parser.add_argument("--group", choices=GROUPS, action="append")
    parser.add_argument("--root", type=Path, default=Path.cwd())
    parser.add_argument("-v", "--verbose", action="store_true")
    args = parser.parse_args(argv)
    root = pipeline.find_project(args.root).root
    groups = args.group or list(GROUPS)
    print(report({g: score_group(root, g) for g in groups}, args.verbose))
    return 0


if __name__ == "__main__":
    sys.exit(main())
