"""What the working tree's facts change in the graph, compared with a git revision.

The revision's inputs (graph/sources, graph/facts, ontology) are read with `git ls-tree` and
`git show` into a temporary folder, and both sides are built by the ordinary pipeline, without
reasoning: a claim's named graph holds exactly what its quote asserts, so comparing claim
graphs triple by triple says what each claim adds or takes away. New disagreements (an
entity and single-valued property, an sma:SingleValuedProperty, that now has more than one
value, as the `source-disagreements` query compares them) come first, each value with its
kind: they are what a reviewer most needs to see.
"""

from __future__ import annotations

import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

from rdflib import RDF, RDFS, Dataset, URIRef
from rdflib.namespace import SKOS

from kgbuild import pipeline
from kgbuild.errors import InputError, KgError
from kgbuild.query import engines
from kgbuild.query.conflicts import conflicts
from kgbuild.query.results import Result
from kgbuild.rdf.vocab import CLAIM, GRAPH_ONTOLOGY, GRAPH_PROVENANCE, ID, OA, SMA

INPUTS = ("graph/sources", "graph/facts", "ontology")
COLUMNS = ["change", "claim", "subject", "property", "value", "source"]


@dataclass
class Diff:
    rev: str                 # as given
    commit: str              # the full hash it names
    result: Result           # one row per changed triple, conflicts first
    new_conflicts: int       # new or wider disagreements where a value contradicts
    refinements: int         # new values that only refine or round the others
    added: int
    removed: int
    sources_added: list[str]
    sources_removed: list[str]


def _git(root: Path, *args: str) -> subprocess.CompletedProcess:
    try:
        return subprocess.run(["git", "-C", str(root), *args], capture_output=True,
                              check=False)
    except FileNotFoundError:
        raise InputError("git is not installed", hint="install git to compare revisions") \
            from None


def checkout_prefix(root: Path) -> str:
    """The project's folder inside its git checkout ('' at the top), or an InputError."""
    done = _git(root, "rev-parse", "--show-prefix")
    if done.returncode != 0:
        raise InputError("not a git checkout, so there is no revision to compare with",
                         file=str(root), hint="run kgbuild diff inside the repository")
    return done.stdout.decode().strip()


def resolve(root: Path, rev: str) -> str:
    done = _git(root, "rev-parse", "--verify", "--quiet", "--end-of-options", f"{rev}^{{commit}}")
    if rev.startswith("-") or done.returncode != 0:
        raise InputError("unknown revision", file=rev,
                         hint="give a commit, branch or tag, such as HEAD~1; see git log")
    return done.stdout.decode().strip()


def export_inputs(root: Path, commit: str, target: Path) -> None:
    """The revision's project inputs, byte for byte, under `target`."""
    prefix = checkout_prefix(root)
    paths = [prefix + p for p in INPUTS]
    # --full-tree: paths from the top of the checkout, as `git show REV:path` wants them,
    # whichever folder of it the project is in.
    listed = _git(root, "ls-tree", "-r", "-z", "--name-only", "--full-tree", commit, "--",
                  *paths)
    if listed.returncode != 0:
        raise InputError(f"cannot list {commit[:12]}: {listed.stderr.decode().strip()}")
    for name in filter(None, listed.stdout.decode().split("\0")):
        shown = _git(root, "show", f"{commit}:{name}")
        if shown.returncode != 0:
            raise InputError(f"cannot read {name} at {commit[:12]}",
                             hint=shown.stderr.decode().strip())
        out = target / name[len(prefix):]
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_bytes(shown.stdout)
    for folder in INPUTS:
        (target / folder).mkdir(parents=True, exist_ok=True)


def build_at(root: Path, commit: str, rev: str) -> Dataset:
    with tempfile.TemporaryDirectory(prefix="kgbuild-diff-") as tmp:
        export_inputs(root, commit, Path(tmp))
        if not any((Path(tmp) / "graph" / "facts").glob("*.yaml")):
            return Dataset()  # a revision from before the first facts: everything is new
        try:
            return pipeline.build(pipeline.Project(Path(tmp)), reason=False)
        except KgError as exc:
            raise InputError(f"the facts at {rev} do not load: {exc}", file=rev,
                             hint="compare with a revision whose facts pass kgbuild check") \
                from None


def claim_graphs(ds: Dataset) -> dict[URIRef, set[tuple]]:
    graphs: dict[URIRef, set[tuple]] = {}
    for s, p, o, g in ds.quads((None, None, None, None)):
        name = getattr(g, "identifier", g)
        if isinstance(name, URIRef) and str(name).startswith(str(CLAIM)):
            graphs.setdefault(name, set()).add((s, p, o))
    return graphs


def functional_properties(ds: Dataset) -> set[URIRef]:
    return set(ds.graph(GRAPH_ONTOLOGY).subjects(RDF.type, SMA.SingleValuedProperty))


def _claim_key(claim: URIRef) -> str:
    return str(claim)[len(str(CLAIM)):]


def _source(claim: URIRef) -> str:
    return _claim_key(claim).split("/", 1)[0]


def _short(term) -> str:
    if isinstance(term, URIRef):
        text = str(term)
        for ns in (str(ID), str(SMA._NS)):
            if text.startswith(ns):
                return text[len(ns):]
        names = {RDF.type: "type", RDFS.label: "label", SKOS.altLabel: "altLabel"}
        if term in names:
            return names[term]
        return text.rsplit("/", 1)[-1].rsplit("#", 1)[-1]
    return str(term)


def _row(change: str, claim: URIRef, s, p, o) -> tuple:
    return (change, _claim_key(claim), _short(s), _short(p), _short(o), _source(claim))


def provenance(ds: Dataset) -> dict[URIRef, dict[str, str]]:
    """Per claim: the quote, status, reasoning and qualifier the provenance graph records."""
    prov = ds.graph(GRAPH_PROVENANCE)
    out: dict[URIRef, dict[str, str]] = {}
    for claim in prov.subjects(RDF.type, SMA.Claim):
        entry = {}
        for key, pred in (("status", SMA.status), ("reasoning", SMA.reasoning),
                          ("qualifier", SMA.qualifier)):
            value = prov.value(claim, pred)
            if value is not None:
                entry[key] = _short(value)
        quote = prov.value(URIRef(str(claim) + "#quote"), OA.exact)
        if quote is not None:
            entry["quote"] = " ".join(str(quote).split())
        out[claim] = entry
    return out


def diff(root: Path, rev: str = "HEAD") -> Diff:
    checkout_prefix(root)
    commit = resolve(root, rev)
    old = build_at(root, commit, rev)
    project = pipeline.Project(root)
    new = pipeline.build(project, reason=False)
    return compare(old, new, rev, commit, queries_dir=project.queries_dir)


# The change a value of a new or wider disagreement shows, by its kind.
NEW_VALUE = {"refines": "refines", "within rounding": "within rounding"}


def _triple(graphs: dict[URIRef, set[tuple]], claim: URIRef, functional: set[URIRef],
            value: str) -> tuple | None:
    """The claim's triple that gives a disagreement's value (amount or US-dollar equivalent
    where the query compares dollars)."""
    found = sorted((t for t in graphs.get(claim, ()) if t[1] in functional
                    and _short(t[2]) == value), key=lambda t: tuple(map(str, t)))
    return found[0] if found else None


def compare(old: Dataset, new: Dataset, rev: str = "", commit: str = "",
            queries_dir: Path | None = None) -> Diff:
    old_graphs, new_graphs = claim_graphs(old), claim_graphs(new)
    functional = functional_properties(new) | functional_properties(old)
    queries_dir = queries_dir or pipeline.find_project().queries_dir
    before = {(c.entity, c.property): {(v.claim, v.value) for v in c.values}
              for c in conflicts(engines.engine(old), queries_dir)}

    conflict_rows, fresh_conflicts, refinements = [], 0, 0
    for conflict in conflicts(engines.engine(new), queries_dir):
        known = before.get((conflict.entity, conflict.property), set())
        gained = {(v.claim, v.value) for v in conflict.values} - known
        if not gained:
            continue
        serious = conflict.kind == "contradicts"
        fresh_conflicts += serious
        refinements += not serious
        for v in conflict.values:
            claim = URIRef(f"{CLAIM}{v.claim}")
            triple = _triple(new_graphs, claim, functional, v.value)
            if triple is None:
                continue
            if triple in old_graphs.get(claim, ()):
                change = "conflict" if serious else "kept"
            elif v.kind in NEW_VALUE:
                change = NEW_VALUE[v.kind]
            else:
                change = "conflict>" if known else "conflict+"
            conflict_rows.append(_row(change, claim, *triple))

    added, removed = [], []
    for claim in sorted(set(old_graphs) | set(new_graphs)):
        before, after = old_graphs.get(claim, set()), new_graphs.get(claim, set())
        added += [_row("+", claim, *t) for t in after - before]
        removed += [_row("-", claim, *t) for t in before - after]

    requoted = []
    old_prov, new_prov = provenance(old), provenance(new)
    for claim in sorted(set(old_prov) & set(new_prov)):
        for key in ("quote", "status", "reasoning", "qualifier"):
            a, b = old_prov[claim].get(key), new_prov[claim].get(key)
            if a != b:
                requoted.append(("provenance", _claim_key(claim), "", key, b or "(none)",
                                 _source(claim)))

    # Claim by claim, what a claim lost before what it gained: a changed value reads as
    # "- old" then "+ new".
    changes = sorted(removed + added, key=lambda r: (r[1], r[0] != "-", r[2], r[3], r[4]))
    rows = conflict_rows + changes + requoted
    old_sources = {_source(c) for c in old_graphs}
    new_sources = {_source(c) for c in new_graphs}
    return Diff(rev=rev, commit=commit, result=Result(COLUMNS, rows),
                new_conflicts=fresh_conflicts, refinements=refinements, added=len(added),
                removed=len(removed),
                sources_added=sorted(new_sources - old_sources),
                sources_removed=sorted(old_sources - new_sources))
