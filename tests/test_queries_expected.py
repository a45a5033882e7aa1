"""Stored queries on the seed data. Expected answers are written from the five articles."""

from kgbuild.query import engines
from kgbuild.query.catalogue import bind

SMA10 = "10th Special Measures Agreement"
SMA11 = "11th Special Measures Agreement"
SMA12 = "Next SMA (negotiated from April 2024)"


def _pick(rows, *keys):
    return {tuple(row.get(k) for k in keys) for row in rows}


def test_delegation_leads(run):
    rows = run("delegation-leads")
    assert _pick(rows, "agreement", "negotiator", "party") == {
        (SMA11, "Chang Won-sam", "South Korea"),      # 001: will represent South Korea
        (SMA11, "James DeHart", "United States"),     # 000, 001: will lead the US delegation
        (SMA11, "Jeong Eun-bo", "South Korea"),       # 003: talks in Washington, Jan. 14, 2020
        (SMA12, "Lee Tae-woo", "South Korea"),        # 002: fourth round
        (SMA12, "Linda Specht", "United States"),     # 002: fourth round
    }
    round1 = [r for r in rows if r["round"] == "11th SMA, round 1"]
    assert {r["negotiator"] for r in round1} == {"Chang Won-sam", "James DeHart"}
    assert all(r["ordinal"] == "1" for r in round1)
    assert all(r["sources"] and r["claims"] for r in rows)


def test_delegation_leads_gives_the_main_claims_sources_apart(run):
    rows = {(r["round"], r["negotiator"]): r for r in run("delegation-leads")}
    jeong = rows[("11th SMA, round in Washington, January 2020", "Jeong Eun-bo")]
    # Only 003 says he led that round; 000 says nothing of it.
    assert (jeong["sources"], jeong["claims"]) == ("003", "003/washington-round-date")
    assert jeong["supporting_sources"] == "003"
    assert jeong["supporting_claims"] == ("003/jeong-chief, 003/washington-round-agreement, "
                                          "003/washington-round-date")
    dehart = rows[("11th SMA, round 1", "James DeHart")]
    assert (dehart["sources"], dehart["claims"]) == ("000, 001",
                                                     "000/dehart-round1, 001/dehart-round1")
    for row in rows.values():
        for key in ("sources", "claims", "supporting_sources", "supporting_claims"):
            items = row[key].split(", ")
            assert items == sorted(set(items)), (key, row[key])


def test_counterparts(run):
    pairs = _pick(run("counterparts"), "korea_negotiator", "us_negotiator")
    assert pairs == {("Chang Won-sam", "Timothy Betts"), ("Chang Won-sam", "James DeHart"),
                     ("Jeong Eun-bo", "James DeHart"), ("Lee Tae-woo", "Linda Specht")}


def test_round_timeline(run):
    rows = run("round-timeline")
    by_round = {r["round"]: r for r in rows}
    assert len(rows) == 8
    r4 = by_round["Next SMA, round 4"]
    assert (r4["start"], r4["end"], r4["date_basis"], r4["place"]) == (
        "2024-06-25", "2024-06-27", "inferred", "Seoul")
    assert r4["expression"] == "from Tuesday through Thursday"
    r1 = by_round["11th SMA, round 1"]
    assert r1["start"] is None  # no source dates it, and none is invented
    assert (r1["place"], r1["expression"], r1["sources"]) == (
        "Seoul", "on Tuesday and Wednesday", "000, 001")
    washington = by_round["11th SMA, round in Washington, January 2020"]
    assert (washington["ordinal"], washington["start"], washington["place"]) == (
        None, "2020-01-14", "Washington, D.C.")
    latest = by_round["Next SMA, three-day round in Seoul (latest of eight)"]
    assert (latest["ordinal"], latest["ordinal_basis"], latest["days"]) == ("8", "inferred", "3")
    assert {r["ordinal"] for r in rows if r["agreement"] == SMA12} == {"3", "4", "7", "8"}


def test_payment_history_keeps_each_sources_figure(run):
    rows = run("payment-history")
    assert _pick(rows, "agreement", "year", "usd_equivalent", "source") >= {
        (SMA10, "2019", "873000000", "000"),
        (SMA10, "2019", "871000000", "001"),
        (SMA10, "2019", "870000000", "003"),
    }
    krw = [r for r in rows if r["currency"] == "KRW"]
    assert {(r["amount"], r["change_percent"]) for r in krw} == {("1040000000000", "8.2")}
    usd2021 = [r for r in rows if r["year"] == "2021"]
    assert {(r["agreement"], r["amount"], r["currency"], r["change_percent"], r["source"])
            for r in usd2021} == {(SMA11, "1030000000", "USD", "13.9", "002"),
                                  (SMA11, "1030000000", "USD", "13.9", "004")}
    about = [r for r in rows if r["source"] == "003"]
    assert about[0]["qualifier"] == "about"


def test_source_disagreements_are_the_10th_sma_dollar_figures(run):
    rows = run("source-disagreements")
    assert _pick(rows, "entity", "property", "value", "source", "kind") == {
        ("Payment under the 10th SMA", "amount in USD", "873000000", "000", "contradicts"),
        ("Payment under the 10th SMA", "amount in USD", "871000000", "001", "contradicts"),
        ("Payment under the 10th SMA", "amount in USD", "870000000", "003", "within rounding"),
    }
    assert all("$87" in r["quote"] or "US$873" in r["quote"] for r in rows)
    rates = {r["source"]: r["implied_rate"] for r in rows}
    # 1.04 trillion won over each source's dollar figure; 003 gives no won amount.
    assert rates == {"000": "1191.29 KRW per USD (derived)",
                     "001": "1194.03 KRW per USD (derived)", "003": ""}


def test_demands_against_agreed(run):
    rows = run("demands-vs-agreed")
    demands = [r for r in rows if r["kind"] == "demand" and r["amount"]]
    assert _pick(demands, "agreement", "party", "amount", "currency", "qualifier", "source") == {
        (SMA11, "United States", "5000000000", "USD", None, "002"),  # "to $5 billion": exact
        (SMA11, "United States", "5000000000", "USD", None, "004"),
    }
    factors = [r for r in rows if r["factor"]]
    assert _pick(factors, "factor", "qualifier", "source") == {
        ("5", "more than", "002"), ("5", "more than", "004")}  # "more than a fivefold increase"
    statements = {r["statement"] for r in rows if r["kind"] == "demand" and not r["amount"]}
    assert any("rotations of American troops" in (t or "") for t in statements)


def test_agreement_terms(run):
    rows = _pick(run("agreement-terms"), "agreement", "term", "value")
    assert (SMA10, "duration", "P1Y") in rows
    assert (SMA10, "expires on", "2019-12-31") in rows
    # The caption of source 000: "a signing ceremony in Seoul on Feb. 10, 2019" (inferred to be
    # the 10th SMA's: the caption does not name it).
    assert (SMA10, "signed on", "2019-02-10") in rows
    assert (SMA11, "duration", "P6Y") in rows
    assert (SMA11, "expires on", "2025-12-31") in rows
    assert (SMA11, "ordinal", "11") in rows
    assert (SMA12, "rounds held", "8") in rows


def test_entity_facts_with_parameter(run):
    rows = run("entity-facts", entity="jeong-eun-bo")
    said = _pick(rows, "property", "value", "source")
    assert ("role title", "chief negotiator", "003") in said
    assert ("former position", "senior financial ministry official", "000") in said
    assert ("candidate for", SMA11, "001") in said
    reasoned = {(r["property"], r["value"]) for r in rows if r["status"] == "reasoned"}
    assert ("negotiated for", SMA11) in reasoned


def test_troop_strength_from_all_five_sources(run):
    rows = run("troop-strength")
    assert _pick(rows, "strength", "source") == {("28500", s) for s in
                                                 ("000", "001", "002", "003", "004")}


def test_negotiators_roles_in_the_sources_words(run):
    rows = {r["negotiator"]: r for r in run("negotiators")}
    assert set(rows) == {"Chang Won-sam", "Jeong Eun-bo", "Lee Tae-woo", "James DeHart",
                         "Linda Specht", "Timothy Betts"}
    assert rows["Linda Specht"]["role_list"] == (
        "chief negotiator, lead negotiator for security agreements")
    assert rows["James DeHart"]["former_list"] == "charge d'affaires of the US Embassy in Norway"


def test_negotiator_agreements_combine_stated_and_reasoned(run):
    rows = _pick(run("negotiator-agreements"), "negotiator", "agreement", "basis")
    assert ("Chang Won-sam", SMA10, "inferred") in rows
    assert ("Chang Won-sam", SMA11, "reasoned") in rows
    assert ("Linda Specht", SMA12, "inferred") in rows


def test_positions_and_cost_items(run):
    positions = _pick(run("positions"), "party", "kind", "source")
    assert ("United States", "Demand", "003") in positions
    assert ("South Korea", "Position", "004") in positions
    items = _pick(run("cost-items"), "cost_item", "since")
    assert {name for name, _ in items} == {"Korean workers employed by USFK",
                                           "Construction of military facilities",
                                           "Other support"}
    assert {since for _, since in items} == {"1991"}


def test_round_counts_and_sources(run):
    counts = {r["agreement"]: r for r in run("round-counts")}
    assert counts[SMA12]["reported_rounds_held"] == "8"
    assert counts[SMA12]["highest_ordinal"] == "8"
    sources = {r["source"]: r for r in run("sources")}
    assert sources["003"]["issued"] == "2020-01-24"
    assert sources["002"]["issued"] == "2024-06-24"
    assert sources["000"]["publisher"] == "The Korea Post"
    assert sources["004"]["credit"] == "Indo-Asian News Service"
    assert sources["004"]["cites"] == "Yonhap News Agency"
    assert sources["001"]["issued"] is None and sources["001"]["issued_inferred"] == "2019"


def test_claim_evidence_and_inferred_claims(run):
    evidence = run("claim-evidence", source="003")
    assert evidence and {r["source"] for r in evidence} == {"003"}
    inferred = run("inferred-claims")
    assert all(r["reasoning"] for r in inferred)
    assert "002/sma12-round4-dates" in {r["claim"] for r in inferred}


def test_round_stated_by_one_source_and_inferred_by_another_is_one_row(workspace):
    """Regression: the timeline grouped by the basis and listed such a round twice."""
    from kgbuild import pipeline
    from kgbuild.query import engines
    from kgbuild.query.catalogue import load_queries

    facts = workspace / "graph/facts/002.yaml"
    text = facts.read_text(encoding="utf-8")
    anchor = "  - id: troops\n"
    facts.write_text(text.replace(anchor, (
        "  - id: latest-round-ordinal\n"
        "    about: sma12-seoul-three-day-talks\n"
        "    quote: South Korea and the United States will hold their fourth round\n"
        "    says: {ordinal: 8}\n") + anchor, 1), encoding="utf-8")
    engine = engines.engine(pipeline.build(pipeline.Project(workspace)))
    result = engine.select(load_queries(workspace / "queries")["round-timeline"].text)
    rows = [dict(zip(result.columns, r, strict=True)) for r in result.rows]
    latest = [r for r in rows if r["round"].startswith("Next SMA, three-day round")]
    assert len(latest) == 1
    assert latest[0]["ordinal_basis"] == "stated"


def test_an_item_tied_to_no_agreement_is_listed_once_without_one(dataset, stored):
    # No article leaves a payment without its agreement, so one is cut loose here: it must
    # come once per claim with a blank agreement, not once under every label in the graph.
    engine = engines.engine(dataset)
    engine.store.update("DELETE WHERE { GRAPH ?g { <https://w3id.org/sma-kg/id/payment-sma11-"
                        "2021> <https://w3id.org/sma-kg/ontology#underAgreement> ?a } }")
    result = engine.select(bind(stored["demands-vs-agreed"], {}))
    rows = [dict(zip(result.columns, row, strict=True)) for row in result.rows]
    loose = [row for row in rows if row["agreement"] is None]
    assert loose
    assert {row["kind"] for row in loose} == {"agreed"}
    assert len(loose) == len({row["claim"] for row in loose})
