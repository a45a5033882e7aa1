"""People: the negotiators an article names, their side, role, employer and counterpart.

A name is taken for a negotiator only with a word of the talks around it: a role that says
so ("chief negotiator", "Ambassador for SMA Negotiations", "her U.S. counterpart"), or a verb
of leading ("led by", "will lead the U.S. delegation", "facing"). Reporters, ministers who
sign, and "top negotiators from both sides" are not. The side comes from the role ("Seoul's
chief delegate"), the delegation led ("the U.S. delegation by ..."), or, failing those,
is the other side of the person's counterpart.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from kgbuild.curate.factwriter import DraftClaim
from kgbuild.curate.suggest_state import Drafting, Person
from kgbuild.curate.suggest_text import Sentence

NAME = re.compile(r"\b([A-Z][a-z]+ [A-Z][a-z]+-[a-z]+|[A-Z][a-z]+ [A-Z][a-z]+(?:[A-Z][a-z]+)?)"
                  r"\b(?!-)")
NOT_FIRST = {"South", "North", "United", "Special", "State", "Foreign", "Senior", "National",
             "Korea", "Korean", "Department", "Ministry", "Government", "Republic", "The",
             "Security", "Defense", "Defence", "Prime", "Deputy", "Political",
             "Evening", "Morning", "News", "Channel", "Office", "Director", "Ambassador",
             "Adviser", "Reporter", "Reporting", "Editing", "Staff", "Under", "Negotiations",
             "Media", "Press", "For", "Spokesperson", "American", "Asia", "Pacific",
             "Hanbit", "Seoul", "Washington", "Busan", "Jeju", "Honolulu", "In",
             "Agreements", "Assembly", "Affairs", "Diplomatic", "Incheon", "Consumer",
             "Chief", "Top", "Our", "His", "Her", "Sources", "Officials", "When", "As"}
NOT_LAST = {"Korea", "States", "Department", "Affairs", "Agreement", "Minister", "Adviser",
            "Assembly", "Agreements", "Negotiations", "Forces", "Academy", "Measures",
            "Spokesperson", "Service", "Report", "Edition", "Times", "Post", "Daily", "News",
            "Wire", "Ledger", "Courier", "Radio", "Government", "Index", "Korean", "Today"}
ROLE_NOUN = r"(?:negotiator|delegate|counterpart|envoy|[Aa]mbassador|[Aa]dviser|official)"
TALK_WORD = re.compile(r"negotiat|delegat|counterpart|envoy|\bSMA\b|talks", re.I)
ROLE_BEFORE = re.compile(r"(?:^|, |\band |\bby |: |\bfacing |\bface )((?:[Hh]is |[Hh]er |"
                         rf"[Tt]he |[Aa]n? |[A-Z][\w.'-]*(?:'s)? )[^,;()]*?\b{ROLE_NOUN}\b"
                         r"[^,;()]*), (?:Ambassador )?$")
TITLE_BEFORE = re.compile(r"((?:(?:[A-Z][A-Za-z-]+|for|and|of|SMA) )*?(?:Ambassador|Adviser|"
                          r"Negotiator|Envoy|Delegate)(?: (?:for|of|and) (?:[A-Z][A-Za-z]+|"
                          r"SMA|and|for|of)(?: (?:[A-Z][A-Za-z]+|SMA|and|for|of))*)?) $")
ROLE_AFTER = re.compile(r"^(?: \([A-Z]\))?, (?!(?:who|will|said|told|has|led)\b)"
                        rf"((?:[^,;()](?!\bsaid\b))*?\b{ROLE_NOUN}"
                        r"\b[^,;()]*?)(?=,|\.$|$| said\b| told\b| has\b| will\b)")
ROLE_AS = re.compile(r"\bas (?:its|the|a|his|her) ((?:[\w.'-]+ ){0,3}?(?:negotiator|delegate|"
                     r"envoy)\b(?: for [^,;]*?)?)(?=,|\.$|$| in \w+ \d| in [A-Z]| said\b)")
OF_ORG = re.compile(r"^ of the ((?:U\.S\. )?(?:State Department|Department of State))")
LED_BEFORE = re.compile(r"\b(?:led by|headed by|facing|named|(?:delegation|side|team) by)"
                        r"(?: [\w.']+)? $")
LED_AFTER = re.compile(r"^(?:,[^,]*,)?(?:,? who)? (?:will lead|led|leads|will head|heads|"
                       r"is leading|will face)\b")
DELEGATION = re.compile(r"(?:[Tt]he |[Oo]ur )?((?:South Korea|Seoul|Washington|U\.S\.|US|"
                        r"American|Korean|South Korean)(?:'s)? |[Oo]ur )(?:delegation|side|"
                        r"team)\b")
PARTY_IN_ROLE = re.compile(r"\b(South Korea's|Seoul's|South Korean|Korean|U\.S\.|American|"
                           r"Washington's|State Department|Department of State)")
FORMER = re.compile(r"^(?:(?P<pronoun>She|He)|(?P<surname>[A-Z][a-z]+))(?:, \d+,)? previously "
                    r"served as (?P<post>[^,;]+?)\.?$")
STRIP = re.compile(r"^(?:(?:a|an|the|his|her|its) )?(?:(?:South Korea's|Seoul's|South Korean|"
                   r"Korean|U\.S\.|US|American|Washington's|the State Department's|State "
                   r"Department's) )?", re.I)


@dataclass
class Mention:
    name: str
    start: int
    end: int
    role: str | None = None
    party_word: str | None = None
    counterpart_of: str | None = None
    orgs: list[str] = field(default_factory=list)
    talks: bool = False


def side_of(d: Drafting, word: str | None) -> str | None:
    if not word:
        return None
    if "Department" in word:
        return "united-states"
    word = word.replace("Our ", "").replace("our ", "").strip() or "Korean"
    party = d.known.party(word)
    return party.id if party else None


def read_mentions(d: Drafting, s: Sentence) -> list[Mention]:
    found = []
    known_names = {n for e in d.known.entities.values() if e.type != "Negotiator"
                   for n in e.names}
    taken = 0
    for start in (m.start() for m in re.finditer(r"\b[A-Z]", s.text)):
        hit = NAME.match(s.text, start)
        if hit is None or start < taken:
            continue
        name = hit.group(1)
        first, last = name.split()[0], name.split()[-1]
        if first in NOT_FIRST or last in NOT_LAST or name in known_names:
            continue
        taken = hit.end()
        m = Mention(name, hit.start(), hit.end())
        before, after = s.text[:hit.start()], s.text[hit.end():]
        role_before, title = ROLE_BEFORE.search(before), TITLE_BEFORE.search(before)
        role_after, role_as = ROLE_AFTER.search(after), ROLE_AS.search(after)
        roles = [r.group(1) for r in (role_as, role_before, role_after, title) if r]
        if roles:
            m.role = roles[0]
            m.talks = any(TALK_WORD.search(r) for r in roles)
            if any("counterpart" in r.group(1) for r in (role_before, role_after) if r):
                m.counterpart_of = "previous"
        if re.search(r"\breplace[sd]? $", before):
            m.role, m.talks, roles = None, True, []
        for r in roles:
            party = PARTY_IN_ROLE.search(r)
            if party:
                m.party_word = party.group(1)
                break
        org = OF_ORG.search(after)
        role_text = " ".join(roles) + (" " + org.group(1) if org else "")
        m.orgs = [e.id for _, e in d.known.mentions(role_text, ("Organization",))]
        if org and not m.party_word:
            m.party_word = "State Department"
        led = LED_BEFORE.search(before) or LED_AFTER.search(after)
        if led:
            m.talks = True
            if "named" in led.group(0) and not m.party_word:
                party = d.party_before(s, hit.start())
                m.party_word = party.names[0] if party else None
            if "facing" in led.group(0):
                m.counterpart_of = "previous"
            owner = DELEGATION.search(before[-60:] + " " + after[:60])
            if owner and not m.party_word:
                m.party_word = owner.group(1).strip() or "Our"
        if (title and not m.talks and re.search(r"\b(?:led|lead|facing|face)\b", s.text)):
            m.talks = True
        found.append(m)
    return found


def declare_people(d: Drafting) -> None:
    """Negotiators new to the graph, and the roles, sides and counterparts of all, read
    before the other extractors so that rounds can name who led them."""
    for s in d.sentences:
        previous: Person | None = None
        for m in read_mentions(d, s):
            person = d.people.get(m.name)
            if person is None and not m.talks:
                aside = re.match(r"^, ((?:a|an|the) [^,;()]+)", s.text[m.end:])
                if aside:
                    d.notice(f"{m.name} ({aside.group(1)}) is not named as a negotiator; not "
                             f"proposed: \"{s.quote}\"")
                continue
            if person is None:
                person = new_person(d, m.name)
            say_person(d, s, person, m)
            if m.counterpart_of == "previous":
                other = previous or d.last_person
                if other is not None and other.id != person.id:
                    pair(d, s, other, person)
            previous = person
            d.last_person = person
        former(d, s)


def new_person(d: Drafting, name: str) -> Person:
    known = [e for e in d.known.of_type("Negotiator") if name in e.names]
    person = Person(known[0].id if known else d.free_entity_id(name), name, None)
    if known:
        person.party = (known[0].values.get("represents") or [None])[0]
    d.people[name] = person
    return person


def say_person(d: Drafting, s: Sentence, person: Person, m: Mention) -> None:
    says: dict[str, object] = {}
    why = []
    party = side_of(d, m.party_word)
    if party and not d.said(person.id, "represents") and person.party in (None, party):
        person.party = party
        says["represents"] = party
        why.append(f"\"{m.party_word}\" gives the side: {party}.")
    if m.role and not d.said(person.id, "roleTitle"):
        title = STRIP.sub("", m.role).strip()
        if title and re.search(ROLE_NOUN, title, re.I) and "counterpart" not in title:
            says["roleTitle"] = title
            why.append(f"\"{m.role}\" gives the role.")
    if m.orgs and not d.said(person.id, "affiliation"):
        says["affiliation"] = m.orgs
    if person.id not in d.known.entities and not d.is_known(person.id):
        says = {"type": "Negotiator", "label": m.name, **says}
        why.insert(0, f"{m.name} is named as one of the negotiators, new to the graph.")
    if says:
        d.add(DraftClaim(id=person.id, about=person.id, quote=s.quote, says=says, why=why))


def pair(d: Drafting, s: Sentence, a: Person, b: Person) -> None:
    d.add(DraftClaim(id=f"{a.id}-counterpart", about=a.id, quote=s.quote,
                     says={"counterpart": [b.id]},
                     why=[f"The sentence makes {b.name} the counterpart of {a.name}."]))
    for one, other in ((a, b), (b, a)):
        if one.party is None and other.party is not None:
            one.party = ("south-korea" if other.party == "united-states" else
                         "united-states")
            d.add(DraftClaim(
                id=f"{one.id}-side", about=one.id, quote=s.quote,
                inferred=f"{one.name} faces {other.name}, who represents {other.party}: the "
                         f"other side.", says={"represents": one.party},
                why=["The side opposite the counterpart's."]))


def former(d: Drafting, s: Sentence) -> None:
    hit = FORMER.match(s.text)
    if not hit:
        return
    person = d.last_person
    if hit.group("surname"):
        person = next((p for n, p in d.people.items() if n.split()[-1] == hit.group("surname")),
                      None)
    if person is None:
        return
    d.add(DraftClaim(id=f"{person.id}-former", about=person.id, quote=s.quote,
                     says={"formerPosition": s.original(*hit.span("post"))},
                     why=[f"\"previously served as\": {person.name}'s former post."]))
