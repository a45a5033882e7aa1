"""Money: payments, demands and the strength of the troops they pay for.

Each amount in a sentence is read with the words around it: a verb of demanding before it
makes a demand, a verb of paying before or after it a payment; the year is the one right
after it ("in 2021", "for 2026", "this year"). An amount neither paid nor demanded ("a
figure floated") is left to the curator.
"""

from __future__ import annotations

import re
from decimal import Decimal

from kgbuild.curate.factwriter import DraftClaim
from kgbuild.curate.suggest_agreements import agreement_before
from kgbuild.curate.suggest_state import Drafting, Entity
from kgbuild.curate.suggest_text import Amount, Sentence, amounts, hedge_before, spoken_numbers

DEMAND = re.compile(r"\b(?:demand(?:ed|s|ing)?|asking|asked|ask|press(?:ed|es)? \w+ for|"
                    r"wants?|seeks?|sought)\b", re.I)
PAY = re.compile(r"\b(?:pa(?:y|ys|id|ying)|payments?)\b", re.I)
PERCENT = re.compile(r"(\d+(?:\.\d+)?)\s?(?:percent|per cent|%)", re.I)
UP = re.compile(r"\b(?:increase[sd]?|rise|rises|rose|hike[sd]?|up|higher|raised?)\b", re.I)
DOWN = re.compile(r"\b(?:decrease[sd]?|cut|cuts|drop(?:ped|s)?|fall|fell|down|lower|"
                  r"reduction)\b", re.I)
YEAR_AFTER = re.compile(r"^\)?[\s\u2007]*(?:(?:a year|annually|,)\s*)?(?:in|for) (\d{4})\b|"
                        r"^\)?[\s\u2007]*(?:a year\s+)?(this year|next year|now)\b")
LATER_YEAR = re.compile(r"\b(?:in|for) (\d{4})\b")
YEAR_ANYWHERE = re.compile(r"\b(?:[Tt]his year|[Nn]ext year)\b")
FOLD = re.compile(r"\b(two|three|four|five|six|seven|eight|nine|ten|\d+)fold\b", re.I)
FOLD_NUMBERS = {"two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
                "nine": 9, "ten": 10}
TROOPS = re.compile(r"\b(\d{1,3}(?:,\d{3})+)(?:-strong)? (?:U\.S\.|US|American) "
                    r"(?:troops|soldiers|service members|forces|Forces Korea)\b")
# "up from 1.52 trillion won now": the amount a rise is counted from is what is paid.
THAT_UP = re.compile(r"^That(?:'s| is) (?:up|down)\b")
UP_FROM = re.compile(r"\bup from (?:the )?$")
SOFT = re.compile(r"\b(?:floated|figure of|not made a formal demand)\b")


def money(d: Drafting, s: Sentence) -> None:
    """Every payment and demand of the sentence, each with its own year and agreement."""
    text = spoken_numbers(s.text)
    found = amounts(s.text)
    if not found:
        follow_up(d, s, text)
        return
    previous_end, kind = 0, None
    for i, amount in enumerate(found):
        following = found[i + 1].start if i + 1 < len(found) else len(text)
        before, after = text[previous_end:amount.start], text[amount.end:following]
        previous_end = amount.end
        if SOFT.search(before):
            d.notice(f"\"{s.original(amount.start, amount.end)}\" is neither paid nor "
                     f"demanded by the sentence's words; not proposed: \"{s.quote}\"")
            kind = None
            continue
        demand = DEMAND.search(before)
        if demand:
            kind = "demand"
            add_demand(d, s, amount, demand)
        elif PAY.search(before) or PAY.search(after) or UP_FROM.search(before) or (
                kind == "payment" and before.strip(" ,") == "and"):
            kind = "payment"
            add_payment(d, s, amount, text, after, single=len(found) == 1)
        else:
            kind = None
            d.notice(f"\"{s.original(amount.start, amount.end)}\" is neither a payment nor a "
                     f"demand by the sentence's words; not proposed: \"{s.quote}\"")


def follow_up(d: Drafting, s: Sentence, text: str) -> None:
    """"That's up 5.1 percent from this year.": the change of the payment just stated."""
    if not PERCENT.search(text):
        return
    if d.last_payment is None or not THAT_UP.match(text) or d.last_payment_sentence != \
            s.index - 1:
        for hit in PERCENT.finditer(text):
            d.notice(f"\"{s.original(hit.start(), hit.end())}\": a percentage with no payment "
                     f"to attach it to; not proposed: \"{s.quote}\"")
        return
    says: dict[str, object] = {}
    why = [f"The sentence follows the one stating {d.last_payment} and gives its change."]
    change_percent(d, s, text, says, why, d.last_payment_year)
    if says:
        d.add(DraftClaim(id=f"{d.last_payment}-change", about=d.last_payment, quote=s.quote,
                         says=says, why=why))


def named(how: str | None) -> bool:
    """Whether the sentence names the agreement (rather than it being worked out)."""
    return bool(how) and how.endswith("names it")


def payment_year(d: Drafting, s: Sentence, after: str, single: bool) -> tuple[str | None, str,
                                                                            str | None]:
    """(year, the words giving it, reasoning when counted from the article's date)."""
    hit = YEAR_AFTER.match(after)
    word = None
    if hit and hit.group(1):
        return hit.group(1), f"in {hit.group(1)}", None
    later = LATER_YEAR.search(after.split(",")[0])
    if hit is None and later:
        return later.group(1), later.group(0), None
    if hit:
        word = hit.group(2)
    elif single:
        anywhere = YEAR_ANYWHERE.search(s.text)
        word = anywhere.group(0).lower() if anywhere else None
    if word and d.reference is not None:
        year = d.reference.day.year + (1 if word == "next year" else 0)
        return str(year), word, (f"\"{word}\" counted from the article's date, "
                                 f"{d.reference.day}: {year}.")
    return None, "", None


def add_payment(d: Drafting, s: Sentence, amount: Amount, text: str, after: str,
                single: bool) -> None:
    shown = s.original(amount.start, amount.end)
    says: dict[str, object] = {}
    why = [f"\"{shown}\": an amount the sentence says is paid."]
    year, year_words, reasoning = payment_year(d, s, after, single)
    agreement, agreement_how = agreement_before(d, s, len(s.text) if single else amount.end +
                                                len(after))
    match, how = known_payment(d, amount, year, agreement)
    if match is not None and how == "usd":
        says["usdEquivalent"] = amount.value
        why.append(f"Matches the known payment {match.id}, whose dollar equivalent is this.")
    else:
        says["amount"] = amount.value
        says["currency"] = amount.currency
        if amount.usd is not None:
            says["usdEquivalent"] = amount.usd
            why.append("The dollar figure in brackets is the amount's US-dollar equivalent.")
        if how == "amount":
            why.append(f"Matches the known payment {match.id} by amount and currency.")
        elif how == "slot":
            why.append(f"The known payment {match.id} is for the same agreement and year with "
                       "another amount: accepted, this claim records the disagreement.")
    worked_out: dict[str, object] = {}      # values inferred, claimed apart with the reasoning
    reasons = []
    if year:
        (worked_out if reasoning else says)["forYear"] = year
        reasons += [reasoning] if reasoning else []
        why.append(f"\"{year_words}\" gives the year.")
    if single:
        change_percent(d, s, text, says, why, year)
    payer = d.party_before(s, amount.start)
    if payer is None and re.search(r"\b(?:Seoul|South Korea|Korea)\b", s.text):
        payer = d.known.party("South Korea")
    if payer:
        says["payer"] = payer.id
        why.append(f"The payer is the party the sentence names as paying: {payer.id}.")
    if agreement:
        if named(agreement_how):
            says["underAgreement"] = agreement
        else:
            worked_out["underAgreement"] = agreement
            reasons.append(f"Under {agreement}: {agreement_how}.")
        why.append(f"Under {agreement}: {agreement_how}.")
    note = None
    if match is not None:
        about = match.id
    else:
        missing = [f for f in ("underAgreement", "forYear")
                   if f not in says and f not in worked_out]
        if missing:
            note = (f"The article does not say {' or '.join(missing)}: set "
                    f"{'them' if len(missing) > 1 else 'it'}, which `kgbuild check` requires "
                    "of a payment.")
        base = (f"payment-{agreement}-{year}" if agreement and year else
                f"payment-{d.source.id}-{year or 'amount'}")
        about = d.free_entity_id(base)
        label = f"Payment of {s.original(amount.start, amount.amount_end)}" + (
            f" for {year}" if year else "")
        says = d.declare(about, "Payment", label, says)
    d.add(DraftClaim(id=about, about=about, quote=s.quote, says=says, note=note,
                     qualifier=hedge_before(s, amount.start), why=why))
    if worked_out:
        d.add(DraftClaim(id=f"{about}-inferred", about=about, quote=s.quote,
                         inferred=" ".join(reasons), says=worked_out,
                         why=["What the sentence implies rather than says, with the reasoning."]))
    d.last_payment, d.last_payment_sentence, d.last_payment_year = about, s.index, year


def known_payment(d: Drafting, amount: Amount, year: str | None, agreement: str | None):
    """The one known payment this amount is (by amount, or by the dollar equivalent of a
    won payment)."""
    hits, slots = [], []
    for entity in d.known.of_type("Payment"):
        if year and entity.values.get("forYear") and year not in entity.values["forYear"]:
            continue
        if (agreement and entity.values.get("underAgreement") and
                agreement not in entity.values["underAgreement"]):
            continue
        if (amount.value in entity.values.get("amount", []) and
                amount.currency in entity.values.get("currency", [])):
            hits.append((entity, "amount"))
        elif (amount.currency == "USD" and amount.usd is None and
              amount.value in entity.values.get("usdEquivalent", []) and
              "USD" not in entity.values.get("currency", [])):
            hits.append((entity, "usd"))
        elif (year and agreement and year in entity.values.get("forYear", []) and
              agreement in entity.values.get("underAgreement", []) and
              amount.currency in entity.values.get("currency", [])):
            slots.append((entity, "slot"))
    if len(hits) == 1:
        return hits[0]
    return slots[0] if not hits and len(slots) == 1 else (None, None)


def change_percent(d: Drafting, s: Sentence, text: str, says: dict, why: list[str],
                   year: str | None) -> None:
    percents = list(PERCENT.finditer(text))
    if len(percents) != 1:
        return
    hit = percents[0]
    up, down = bool(UP.search(text)), bool(DOWN.search(text))
    if up == down:
        return
    value = Decimal(hit.group(1))
    says["changePercent"] = value if up else -value
    why.append(f"\"{s.original(hit.start(), hit.end())}\" is the change.")
    since = re.search(r"\b(?:from|over) (\d{4}|this year|the previous year)\b",
                      text[hit.end():hit.end() + 40])
    if since and since.group(1)[0].isdigit():
        says["changeFromYear"] = since.group(1)
    elif since and since.group(1) == "this year" and d.reference is not None:
        says["changeFromYear"] = str(d.reference.day.year)
    elif since and year:
        says["changeFromYear"] = str(int(year) - 1)


def add_demand(d: Drafting, s: Sentence, amount: Amount, verb: re.Match) -> None:
    says: dict[str, object] = {"amount": amount.value, "currency": amount.currency}
    shown = s.original(amount.start, amount.end)
    why = [f"\"{shown}\": an amount the sentence says was demanded."]
    fold = FOLD.search(s.text)
    if fold:
        word = fold.group(1).lower()
        says["increaseFactor"] = FOLD_NUMBERS.get(word) or int(word)
    holder = d.party_before(s, verb.start())
    if holder:
        says["heldBy"] = holder.id
        why.append(f"The party named before \"{verb.group(0)}\" holds the demand: {holder.id}.")
    agreement, how = agreement_before(d, s, len(s.text))
    # A demand in the present ("is demanding", "wants") is made in the talks the article
    # reports; one in the past may be from earlier talks.
    if agreement is None and d.main_agreement and not verb.group(0).endswith("ed"):
        agreement, how = d.main_agreement, "the article's talks are for it"
    inferred_agreement = None
    if agreement and named(how):
        says["concernsAgreement"] = agreement
        why.append(f"For {agreement}: {how}.")
    elif agreement:
        inferred_agreement = f"The demand is for {agreement}: {how}."
    says["statement"] = s.original(verb.start(), amount.amount_end)
    match = [e for e in d.known.of_type("Demand")
             if amount.value in e.values.get("amount", []) and
             amount.currency in e.values.get("currency", [])]
    if len(match) == 1:
        about = match[0].id
    else:
        who = d.label_of(holder.id) if holder else None
        amount_text = s.original(amount.start, amount.amount_end)
        about = d.free_entity_id(f"demand-{amount_text}")
        label = f"{who} demand for {amount_text}" if who else f"Demand for {amount_text}"
        says = d.declare(about, "Demand", label, says)
    d.add(DraftClaim(id=about, about=about, quote=s.quote, says=says,
                     qualifier=hedge_before(s, amount.start), why=why))
    if inferred_agreement:
        d.add(DraftClaim(id=f"{about}-agreement", about=about, quote=s.quote,
                         inferred=inferred_agreement, says={"concernsAgreement": agreement},
                         why=["The agreement the demand concerns, inferred."]))


def troops(d: Drafting, s: Sentence) -> None:
    """The strength of U.S. Forces Korea ("28,500 U.S. troops"), with the source's hedge."""
    hit = TROOPS.search(s.text)
    if not hit:
        return
    forces: list[Entity] = [e for e in d.known.of_type("Organization")
                            if "USFK" in e.names or any("Forces Korea" in n for n in e.names)]
    if len(forces) != 1:
        return
    strength = int(hit.group(1).replace(",", ""))
    d.add(DraftClaim(
        id="troops", about=forces[0].id, quote=s.quote, says={"troopStrength": strength},
        qualifier=hedge_before(s, hit.start()),
        why=[f"\"{s.original(hit.start(), hit.end())}\" gives the strength of "
             f"{forces[0].label or forces[0].id}."]))
