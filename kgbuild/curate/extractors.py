"""The extractors `kgbuild suggest` runs, in one table, in the order they run.

Article-wide extractors run first, once: they declare what other extractors refer to (the
publisher, the agreements the article names and the one its talks are for, the people it
names). Sentence extractors then run on every sentence of the body. Each is a function with
a docstring saying what it proposes; adding a kind of fact is adding a function and a row.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from kgbuild.curate.factwriter import DraftClaim
from kgbuild.curate.suggest_agreements import declare_agreements, remember, terms
from kgbuild.curate.suggest_money import money, troops
from kgbuild.curate.suggest_people import declare_people
from kgbuild.curate.suggest_positions import positions
from kgbuild.curate.suggest_rounds import rounds
from kgbuild.curate.suggest_state import Draft, Drafting
from kgbuild.curate.suggest_text import article_sentences
from kgbuild.inputs.facts import Facts
from kgbuild.inputs.sources import Source


def registration(d: Drafting) -> None:
    """The organisations the source's metadata cites (publisher, credit), declared with the
    same quote, as every source's fact file does."""
    for key, (entity, quote) in d.source.refs.items():
        known = d.known.entities.get(entity)
        says = {"type": "Organization"}
        if known and known.label:
            says["label"] = known.label
        d.add(DraftClaim(id=entity, about=entity, quote=quote, says=says,
                         why=[f"The {key} named in graph/sources/{d.source.id}.yaml, with the "
                              "same quote."]))


@dataclass(frozen=True)
class Extractor:
    name: str
    scope: str               # "article": once, first; "sentence": on every sentence
    run: Callable

    @property
    def summary(self) -> str:
        return (self.run.__doc__ or "").split("\n\n")[0].strip()


EXTRACTORS: tuple[Extractor, ...] = (
    Extractor("registration", "article", registration),
    Extractor("agreements", "article", declare_agreements),
    Extractor("people", "article", declare_people),
    Extractor("rounds", "sentence", rounds),
    Extractor("terms", "sentence", terms),
    Extractor("money", "sentence", money),
    Extractor("troops", "sentence", troops),
    Extractor("positions", "sentence", positions),
    Extractor("context", "sentence", remember),
)


def draft(source: Source, facts: Facts) -> Draft:
    d = Drafting(source, facts, article_sentences(source.text))
    for extractor in EXTRACTORS:
        if extractor.scope == "article":
            extractor.run(d)
    for sentence in d.sentences:
        for extractor in EXTRACTORS:
            if extractor.scope == "sentence":
                extractor.run(d, sentence)
    return Draft(source, d.claims, d.noticed, d.reference)
