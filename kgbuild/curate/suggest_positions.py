"""Positions: what a side says it seeks, in its own words ("should be set at a reasonable
level", "seeks a fair share").

The holder is the party the sentence names before the words, or else the side of the person
who says them; without either, nothing is proposed. The statement runs from after the verb
of saying ("stressed that", "has said") to the end of the sentence, without the attribution.
"""

from __future__ import annotations

import re

from kgbuild.curate.factwriter import DraftClaim
from kgbuild.curate.suggest_agreements import NAMED, agreement_before
from kgbuild.curate.suggest_state import Drafting
from kgbuild.curate.suggest_text import Sentence

CUE = re.compile(r"\bshould (?:be set|remain|come|be kept|reflect)\b|"
                 r"\b(?:seeks?|seeking|wants?) (?:a|an) (?:fair|reasonable|sustainable|"
                 r"agreement that)\b|\b(?:reach|seek) (?:a|an) \"?(?:reasonable|fair)\b")
SAYING = re.compile(r"(?:\bthat|\bsaid|\bsays|\bsay)(?: (?:last|this) \w+)? ")
ATTRIBUTION = re.compile(r",?\"? (?:\w+ ){0,4}(?:said|told|says)\b[^\"]*$")


def positions(d: Drafting, s: Sentence) -> None:
    """A party's stated position, quoted in the statement field."""
    cue = CUE.search(s.text)
    if not cue:
        return
    holder = d.party_before(s, cue.start())
    holder_id = holder.id if holder else None
    if holder_id is None:
        for name, person in d.people.items():
            if name in s.text or name.split()[-1] in s.text.split():
                holder_id = person.party
                break
    if holder_id is None:
        d.notice(f"A position with no side named: \"{s.quote}\"")
        return
    start = 0
    for hit in SAYING.finditer(s.text, 0, cue.start()):
        start = hit.end()
    end = len(s.text.rstrip("."))
    tail = ATTRIBUTION.search(s.text, cue.end())
    if tail:
        end = tail.start()
    statement = s.original(start, end).strip("\"'\u201c\u201d ,.")
    says: dict[str, object] = {"heldBy": holder_id, "statement": statement}
    agreement, _ = agreement_before(d, s, len(s.text)) if NAMED.search(s.text) else (None, None)
    if agreement:
        says["concernsAgreement"] = agreement
    about = d.free_entity_id(f"position-{holder_id}-{d.source.id}")
    label = f"{d.label_of(holder_id)}: {' '.join(statement.split()[:8])}"
    d.add(DraftClaim(id=about, about=about, quote=s.quote,
                     says=d.declare(about, "Position", label, says),
                     why=[f"\"{s.original(cue.start(), cue.end())}\" states what {holder_id} "
                          "seeks, in its words."]))
