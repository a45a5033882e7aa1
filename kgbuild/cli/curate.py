"""Curation commands: registering sources, finding quotes, suggesting facts, diffs."""

from __future__ import annotations

from pathlib import Path

import click

from kgbuild import pipeline
from kgbuild.cli.common import project_from
from kgbuild.curate import coverage, graphdiff, intake, score, suggest
from kgbuild.curate.factwriter import DraftClaim, claim_lines
from kgbuild.errors import CheckFailed, InputError, KgError
from kgbuild.export.writers import write_atomic
from kgbuild.inputs import passages, schema
from kgbuild.inputs.sources import Source, load_source
from kgbuild.inputs.textmatch import normalise_str, quote_problem
from kgbuild.query.results import Result, render

FORMATS = ("table", "csv", "json")


@click.group("source")
def source() -> None:
    """Register source articles in graph/sources/."""


@source.command("add")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--publisher", required=True, metavar="ORG",
              help="An Organization's id (yonhap) or the publisher's name as the article "
                   "prints it; a new organisation gets an id derived from its name.")
@click.option("--date", metavar="YYYY-MM-DD", help="The publication date.")
@click.option("--title", help="The headline.")
@click.option("--url", help="Where the article was published.")
@click.option("--id", "source_id", metavar="ID",
              help="The source id (default: the next free three-digit number).")
@click.pass_context
def source_add(ctx: click.Context, file: Path, publisher: str, date: str | None,
               title: str | None, url: str | None, source_id: str | None) -> None:
    """Copy the article FILE into graph/sources/ and write its metadata.

    Publisher and date are quoted from the text when it states them; otherwise they are
    left null with a note, never invented. Prints the new source's id on standard output.

    \b
    Example:
      kgbuild source add article.txt --publisher Yonhap --date 2024-09-02
    """
    project = project_from(ctx)
    reg = intake.register(project.root, file, publisher=publisher, date=date, title=title,
                            url=url, source_id=source_id)
    for path in reg.files:
        click.echo(f"wrote {path}", err=True)
    if reg.publisher:
        click.echo(f"publisher: {reg.publisher}, quoted from the text: {reg.publisher_quote!r}",
                   err=True)
    if reg.issued:
        click.echo(f"issued: {reg.issued}, quoted from the text: {reg.issued_quote!r}", err=True)
    for note in reg.notes:
        click.echo(f"note: {note}", err=True)
    click.echo(f"next: kgbuild suggest {reg.id} -o draft-{reg.id}.yaml, review the draft, then "
               f"move it to graph/facts/{reg.id}.yaml", err=True)
    click.echo(reg.id)


def _one_source(project: pipeline.Project, source_id: str) -> Source:
    folder = project.root / "graph" / "sources"
    meta = folder / f"{source_id}.yaml"
    if "/" in source_id or not meta.is_file():
        known = ", ".join(sorted(p.stem for p in folder.glob("*.yaml"))) or "none"
        raise InputError(f"no source {source_id!r}", file="graph/sources",
                         hint=f"known sources: {known}")
    return load_source(meta, project.root)


@click.command("quote")
@click.argument("source_id", metavar="SOURCE")
@click.argument("text")
@click.pass_context
def quote(ctx: click.Context, source_id: str, text: str) -> None:
    """Find TEXT in the article SOURCE and print a claim to paste into its fact file.

    Curly quotes, no-break spaces and line breaks in the article match plain typing. When
    the text is not found, the nearest passages are printed and the exit code is 2.

    \b
    Example:
      kgbuild quote 005 "the ninth round of their negotiations"
    """
    project = project_from(ctx)
    src = _one_source(project, source_id)
    problem = quote_problem(text)
    if problem:
        raise InputError(problem, file="TEXT", hint="give the passage a claim rests on")
    match = src.locate(text)
    if match is None:
        raise InputError(f"quote not found: {text!r}", file=src.text_file,
                         hint="copy one of the nearest passages below, or shorten the quote",
                         excerpt=passages.nearest_block(src.text, text))
    found = passages.passage(src.text, match.start, match.end)
    line, column = passages.line_and_column(src.text, match.start)
    click.echo(f"{src.text_file}:{line}:{column}: characters {match.start}-{match.end}")
    click.echo(found.text)
    others = len(passages.find_all(src.text, text, whole_words=False)) - 1
    if others:
        click.echo(f"(also found {others} more time{'s' if others > 1 else ''}; a claim cites "
                   "the first)", err=True)
    sentence = passages.containing_sentence(src.text, match.start, match.end)
    if sentence is not None and sentence.quote != found.quote:
        click.echo(f"\nin the sentence: {sentence.quote}")
    snippet = DraftClaim(id="CLAIM-ID", about="ENTITY-ID", quote=found.quote,
                         says={"FIELD": "VALUE"})
    click.echo(f"\nclaim for graph/facts/{src.id}.yaml (set id, about and says; fields: "
               "kgbuild/inputs/schema.py):\n")
    click.echo("\n".join(claim_lines(snippet)))


@click.command("suggest")
@click.argument("source_id", metavar="SOURCE")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path),
              help="Write the draft here (default: standard output).")
@click.option("--force", is_flag=True, help="Overwrite the output file if it exists.")
@click.pass_context
def suggest_cmd(ctx: click.Context, source_id: str, output: Path | None, force: bool) -> None:
    """Propose candidate claims for SOURCE as a draft fact file to review.

    Amounts, percentages, rounds, dates (weekdays resolved against the article's date, with
    the reasoning), places and the people, agreements and places the graph already knows.
    Nothing enters the graph until the draft is moved to graph/facts/<SOURCE>.yaml. Exit code
    1 if the draft, accepted as it is, would not pass `kgbuild check`.

    \b
    Example:
      kgbuild suggest 005 -o draft-005.yaml
    """
    project = project_from(ctx)
    facts = pipeline.load(project)
    if source_id not in facts.sources:
        known = ", ".join(sorted(facts.sources))
        raise InputError(f"no source {source_id!r}", file="graph/sources",
                         hint=f"known sources: {known}")
    draft = suggest.suggest(facts.sources[source_id], facts)
    text = suggest.render(draft)
    if output is not None:
        if output.exists() and not force:
            raise InputError("the output file exists", file=str(output),
                             hint="choose another name, or add --force to overwrite it")
        write_atomic(output, text)
        click.echo(f"wrote {output}", err=True)
    else:
        click.echo(text, nl=False)
    inferred = sum(1 for c in draft.claims if c.inferred)
    click.echo(f"{len(draft.claims)} claims proposed ({len(draft.claims) - inferred} stated, "
               f"{inferred} inferred); {len(draft.noticed)} noticed but not proposed",
               err=True)
    if not draft.claims:
        click.echo("nothing to propose: write the claims by hand (kgbuild quote finds the "
                   "passages)", err=True)
        return
    unkept = suggest.unkept_claims(draft, facts)
    if unkept:
        click.echo(f"note: graph/facts/{source_id}.yaml holds {len(unkept)} claims the draft "
                   "does not; copy the claims you want from the draft into it rather than "
                   "replacing it", err=True)
        return
    try:
        suggest.check_in_place(project.root, source_id, text)
    except KgError as exc:
        raise CheckFailed(f"the draft, accepted as it is, would fail `kgbuild check`:\n{exc}") \
            from None
    click.echo(f"the draft passes `kgbuild check` as graph/facts/{source_id}.yaml", err=True)


@click.command("diff")
@click.argument("rev", default="HEAD")
@click.option("-f", "--format", "fmt", type=click.Choice(FORMATS), default="table",
              show_default=True)
@click.pass_context
def diff_cmd(ctx: click.Context, rev: str, fmt: str) -> None:
    """What the working tree's facts add to and remove from the graph since REV (HEAD).

    One row per triple of a claim: change (+ added, - removed), claim, subject, property,
    value, source. New disagreements come first, as source-disagreements compares them:
    refines (a new value only makes another more precise, such as a month inside its year),
    within rounding (a hedged "about" figure covers the other), conflict+ (an entity's
    single-valued property now has contradicting values), conflict> (one more value for a
    known disagreement); the values already there show as conflict (or kept, where nothing
    contradicts). Then changes claim by claim, then changed quotes or reasoning (provenance).

    \b
    Example:
      kgbuild diff HEAD
    """
    project = project_from(ctx)
    result = graphdiff.diff(project.root, rev)
    click.echo(render(result.result, fmt), nl=False)
    summary = (f"compared with {rev} ({result.commit[:12]}): {result.new_conflicts} new "
               f"conflict{'s' if result.new_conflicts != 1 else ''}, ")
    if result.refinements:
        summary += (f"{result.refinements} new value{'s' if result.refinements != 1 else ''} "
                    "refining or within rounding, ")
    summary += f"{result.added} triples added, {result.removed} removed"
    if result.sources_added:
        summary += "; sources added: " + ", ".join(result.sources_added)
    if result.sources_removed:
        summary += "; sources removed: " + ", ".join(result.sources_removed)
    click.echo(summary, err=True)


@click.command("entities")
@click.argument("text", required=False)
@click.option("--type", "kind", type=click.Choice(sorted(schema.TYPES)),
              help="Only entities of this type.")
@click.option("-f", "--format", "fmt", type=click.Choice(FORMATS), default="table",
              show_default=True)
@click.pass_context
def entities_cmd(ctx: click.Context, text: str | None, kind: str | None, fmt: str) -> None:
    """List the graph's entities (id, type, label, other names, sources), to write facts with.

    TEXT keeps those whose id, label or other name contains it, ignoring case and
    typography.

    \b
    Example:
      kgbuild entities --type Negotiator lee
    """
    project = project_from(ctx)
    facts = pipeline.load(project)
    names: dict[str, list[str]] = {}
    sources: dict[str, set[str]] = {}
    for claim in facts.claims:
        sources.setdefault(claim.about, set()).add(claim.source_id)
        for name in ("label", "altLabel"):
            for value in claim.says.get(name, []):
                names.setdefault(claim.about, [])
                if value.value not in names[claim.about]:
                    names[claim.about].append(str(value.value))
    wanted = normalise_str(text or "").casefold()
    rows = []
    for entity, entity_type in sorted(facts.types.items()):
        labels = names.get(entity, [])
        if kind and entity_type != kind:
            continue
        if wanted and not any(wanted in normalise_str(n).casefold() for n in [entity, *labels]):
            continue
        rows.append((entity, entity_type, labels[0] if labels else None,
                     "; ".join(labels[1:]) or None, " ".join(sorted(sources.get(entity, ())))))
    click.echo(render(Result(["id", "type", "label", "other_names", "sources"], rows), fmt),
               nl=False)


@click.command("suggest-score")
@click.option("--group", type=click.Choice(score.GROUPS), multiple=True,
              help="Score only this group of the corpus (default: both).")
@click.option("-v", "--verbose", is_flag=True, help="List every fact missed or wrong.")
@click.pass_context
def suggest_score(ctx: click.Context, group: tuple[str, ...], verbose: bool) -> None:
    """Precision and recall of `kgbuild suggest` on the test corpus, per article and group.

    Each article of tests/data/suggest_corpus/ is registered in a copy of the project and
    drafted; the draft's claims are compared with the article's hand-written key facts.

    \b
    Example:
      kgbuild suggest-score --group heldout -v
    """
    project = project_from(ctx)
    groups = group or score.GROUPS
    click.echo(score.report({g: score.score_group(project.root, g) for g in groups}, verbose),
               nl=False)


@click.command("coverage")
@click.argument("source_ids", nargs=-1, metavar="[SOURCE]...")
@click.option("-f", "--format", "fmt", type=click.Choice(("text", "json")), default="text",
              show_default=True)
@click.option("--gaps", is_flag=True, help="List only the sentences not accounted for.")
@click.pass_context
def coverage_cmd(ctx: click.Context, source_ids: tuple[str, ...], fmt: str, gaps: bool) -> None:
    """Every sentence of each source (all, or those given), with the claims that quote it.

    A sentence is covered when a claim (or the source's metadata) quotes it, marked when the
    fact file lists it under 'uncovered:' with the reason it carries nothing to state, or a
    repeat of an earlier sentence. Exit code 1 when a sentence is none of these, or is both
    quoted and marked (a stale mark).

    \b
    Example:
      kgbuild coverage 003 --gaps
    """
    project = project_from(ctx)
    facts = pipeline.load(project)
    unknown = [sid for sid in source_ids if sid not in facts.sources]
    if unknown:
        raise InputError(f"no source {unknown[0]!r}", file="graph/sources",
                         hint="known sources: " + ", ".join(sorted(facts.sources)))
    report = coverage.coverage(facts, list(source_ids) or None)
    if fmt == "json":
        click.echo(coverage.render_json(report), nl=False)
    else:
        click.echo(coverage.render_text(report, gaps_only=gaps), nl=False)
    left = coverage.missing(report)
    if left:
        raise CheckFailed(f"{len(left)} sentence(s) not accounted for: "
                          + ", ".join(f"source {sid} sentence {row.number} (line {row.line})"
                                      for sid, row in left[:5])
                          + (" ..." if len(left) > 5 else ""))


COMMANDS: list[click.Command] = [source, quote, suggest_cmd, diff_cmd, entities_cmd,
                                 suggest_score, coverage_cmd]
