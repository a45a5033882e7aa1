"""Candidate claims read off a source's text: a draft fact file for a curator to review.

Precision over recall. An extractor proposes a claim only when the sentence supports it on
its own, or with reasoning a curator can check (a weekday resolved against the article's
date, a round given to the agreement the article's talks are for); the rest is listed at the
end of the draft as noticed but not proposed. Every claim quotes the sentence it comes from,
as the builder will find it, and says why it was proposed. Entities already in the graph
are recognised by label and altLabel (people, places, parties, organisations), by ordinal
(agreements, and rounds of an agreement) and by amount (payments, demands), so that a new
article corroborates, or disagrees with, what the graph already holds; new ones get ids and
labels from the text.

The extractors are small functions listed in one table, `extractors.EXTRACTORS`, each in
the module of its kind (`suggest_agreements`, `suggest_people`, `suggest_rounds`,
`suggest_money`, `suggest_positions`). Nothing here changes the graph: the draft becomes
facts when a curator moves it into graph/facts/.
"""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

from kgbuild import pipeline
from kgbuild.curate import extractors, factwriter
from kgbuild.curate.suggest_state import Draft
from kgbuild.inputs.facts import Facts
from kgbuild.inputs.sources import Source

__all__ = ["Draft", "suggest", "render", "unkept_claims", "check_in_place"]


def suggest(source: Source, facts: Facts) -> Draft:
    return extractors.draft(source, facts)


def render(draft: Draft) -> str:
    """The draft as a fact file, in the curated format, with a note on reviewing it."""
    source = draft.source
    header = [
        f"Draft facts for source {source.id} ({source.text_file}), proposed from patterns in "
        f"the text by `kgbuild suggest {source.id}`. Nothing here is in the graph: review "
        f"every claim against the article, delete or correct what is wrong, then move the "
        f"file to graph/facts/{source.id}.yaml and run `kgbuild check`.",
    ]
    if draft.reference is None:
        header.append("The article has no date, so weekdays and relative dates were not "
                      "resolved; give one in the source's metadata to have them resolved.")
    trailer = None
    if draft.noticed:
        trailer = ["Noticed in the text but not proposed (add by hand if the article supports "
                   "it):"] + [f"- {n}" for n in draft.noticed]
    return factwriter.fact_file(source.id, draft.claims, header, trailer)


def unkept_claims(draft: Draft, facts: Facts) -> list[str]:
    """Claims of the source's current fact file that the draft does not reproduce."""
    drafted = {c.id for c in draft.claims}
    return [c.id for c in facts.claims
            if c.source_id == draft.source.id and c.id not in drafted]


# What a build reads: a copy of these is a project of its own.
PROJECT_PARTS = ("graph/sources", "graph/facts", "ontology", "queries")


def copy_project(root: Path, dest: Path) -> None:
    for part in PROJECT_PARTS:
        if (root / part).is_dir():
            shutil.copytree(root / part, dest / part)


def check_in_place(root: Path, source_id: str, text: str) -> None:
    """Run `kgbuild check` on a copy of the project with the draft as the source's fact file.

    Raises the error the curator would see after accepting the draft as it is."""
    with tempfile.TemporaryDirectory(prefix="kgbuild-suggest-") as tmp:
        stage = Path(tmp)
        copy_project(root, stage)
        check_accepted(stage, source_id, text)


def check_accepted(root: Path, source_id: str, text: str) -> None:
    """Run `kgbuild check` on the project at `root` (a copy: it is changed) with the draft as
    the source's fact file."""
    (root / "graph" / "facts" / f"{source_id}.yaml").write_text(text, encoding="utf-8")
    pipeline.check(pipeline.Project(root))
