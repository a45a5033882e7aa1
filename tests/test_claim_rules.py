"""The curation rules the README states, checked on every curated claim.

- A link to an agreement (a round's, a payment's, a position's, a negotiator's) is stated only
  when its quote names that agreement by its number ("the 11th Special Measures Agreement");
  otherwise identifying "the talks" or "the latest SMA" with an agreement is the curator's
  inference, and the claim is inferred with the reasoning.
- A label in a stated claim says no more than its quote: every number, ordinal, year and
  month a label or alternative label names is in the quote.
"""

import re

import pytest

from kgbuild import pipeline

from .conftest import ROOT

AGREEMENT_LINKS = ("ofAgreement", "underAgreement", "concernsAgreement", "negotiatedFor",
                   "candidateFor", "precededBy")
ORDINAL_WORDS = {"first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6,
                 "seventh": 7, "eighth": 8, "ninth": 9, "tenth": 10, "one": 1, "two": 2,
                 "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
                 "ten": 10}
MONTHS = ("january", "february", "march", "april", "may", "june", "july", "august",
          "september", "october", "november", "december")


@pytest.fixture(scope="module")
def facts():
    return pipeline.load(pipeline.Project(ROOT))


def _ordinals(facts) -> dict[str, int]:
    found = {}
    for claim in facts.claims:
        for value in claim.says.get("ordinal", ()):
            if facts.types.get(claim.about) == "Agreement":
                found[claim.about] = int(value.value)
    return found


def _numbers(text: str) -> set[int]:
    words = re.findall(r"[a-z]+|\d+", text.lower().replace(",", ""))
    return {int(w) if w.isdigit() else ORDINAL_WORDS[w] for w in words
            if w.isdigit() or w in ORDINAL_WORDS}


def _months(text: str) -> set[str]:
    return {m for m in MONTHS if re.search(rf"\b{m[:3]}", text.lower())}


def names_agreement(quote: str, ordinal: int | None) -> bool:
    return ordinal is not None and re.search(rf"\b{ordinal}(st|nd|rd|th)\b", quote) is not None


def label_within_quote(label: str, quote: str) -> bool:
    return _numbers(label) <= _numbers(quote) and _months(label) <= _months(quote)


def test_rule_helpers_tell_a_numbered_quote_from_an_unnumbered_one():
    assert names_agreement("Under this year's 10th SMA", 10)
    assert not names_agreement("Under the latest SMA", 11)
    assert not names_agreement("Under this year's 10th SMA", 11)
    assert label_within_quote("11th SMA, round 1", "The first round of the 11th SMA")
    assert not label_within_quote("11th SMA, round 1", "will likely hold the first round")
    assert not label_within_quote("round in Washington, January 2020", "earlier this month")


def test_every_agreement_link_is_stated_only_where_its_quote_names_the_agreement(facts):
    ordinals = _ordinals(facts)
    wrong = [f"{claim.key} {name}: {value.value}"
             for claim in facts.claims if not claim.inferred
             for name in AGREEMENT_LINKS for value in claim.says.get(name, ())
             if not names_agreement(claim.quote, ordinals.get(value.value))]
    assert wrong == []
    linked = [c for c in facts.claims if any(n in c.says for n in AGREEMENT_LINKS)]
    assert len(linked) >= 30  # the rule covers every file's links, not a handful


def test_labels_of_stated_claims_say_no_more_than_their_quotes(facts):
    wrong = [f"{claim.key}: {value.value!r}"
             for claim in facts.claims if not claim.inferred
             for name in ("label", "altLabel") for value in claim.says.get(name, ())
             if not label_within_quote(str(value.value), claim.quote)]
    assert wrong == []


def test_the_10th_sma_signing_is_in_the_graph(facts):
    signing = {name: [v.value for v in vals] for c in facts.claims if c.about == "sma10"
               for name, vals in c.says.items() if name in ("signedOn", "signedIn")}
    assert signing == {"signedOn": ["2019-02-10"], "signedIn": ["seoul"]}
    signers = {c.about for c in facts.claims if c.source_id == "000"
               and any(v.value == "sma10" for v in c.says.get("negotiatedFor", ()))}
    assert signers == {"chang-won-sam", "timothy-betts"}


HEDGES = re.compile(r"\b(likely|unconfirmed|expected to|apparently|reportedly|may|might|could|"
                    r"speculation|forecast|mentioned as)\b", re.IGNORECASE)


def test_hedged_passages_are_reported_or_inferred_with_the_hedge_kept(facts):
    """The same way in every file: a claim whose quote hedges is `reported:` (the hedge in the
    source's words), or inferred with the hedge kept as its qualifier."""
    wrong = [f"{c.key} ({c.status}): {HEDGES.search(c.quote).group(0)!r}"
             for c in facts.claims if HEDGES.search(c.quote)
             and not (c.status == "reported" or (c.inferred and c.qualifier))]
    assert wrong == []
    reported = {c.key for c in facts.claims if c.status == "reported"}
    assert reported == {"000/sma11-round1", "000/us-pressure", "001/us-pressure",
                        "003/next-round"}
    assert all(c.qualifier and c.qualifier.lower() in c.quote.lower()
               for c in facts.claims if c.status == "reported")
