"""`kgbuild suggest`: exactly the candidates written by hand for each test article, with
verbatim quotes, and a draft that passes `kgbuild check` once accepted."""

import datetime
import string
from decimal import Decimal

import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from kgbuild.cli.main import main
from kgbuild.curate import factwriter, relativedates, suggest_text
from kgbuild.inputs import passages
from kgbuild.inputs.textmatch import normalise_str
from kgbuild.inputs.yamlio import YMap, load_yaml

from .conftest import ROOT

DATA = ROOT / "tests" / "data"
EXPECTED = sorted(DATA.glob("*.expected.yaml"))


def invoke(root, *args):
    return CliRunner().invoke(main, ["--root", str(root), *args])


def expected(path):
    return load_yaml(path, path.name)


def register(root, article: str, options: YMap):
    args = ["source", "add", str(DATA / article), "--publisher", options["publisher"]]
    if options.get("date"):
        args += ["--date", str(options["date"])]
    result = invoke(root, *args)
    assert result.exit_code == 0, result.output
    return result.stdout.strip()


def facts_of(claims) -> set[tuple]:
    """(about, inferred?, field, value) for each value a list of claims says."""
    out = set()
    for claim in claims:
        for name, value in claim["says"].items():
            value = tuple(value) if isinstance(value, list) else value
            out.add((claim["about"], bool(claim.get("inferred")), name, str(value)))
    return out


def test_every_article_has_its_expected_suggestions():
    articles = sorted(p.name for p in DATA.glob("*.txt"))
    assert [p.name.replace(".expected.yaml", ".txt") for p in EXPECTED] == articles
    assert len(EXPECTED) == 3


@pytest.mark.parametrize("expected_file", EXPECTED, ids=lambda p: p.name.split(".")[0])
def test_suggestions_are_the_hand_written_ones(expected_file, workspace, tmp_path):
    want = expected(expected_file)
    source_id = register(workspace, expected_file.name.replace(".expected.yaml", ".txt"),
                         want["register"])
    draft_path = tmp_path / "draft.yaml"
    result = invoke(workspace, "suggest", source_id, "-o", str(draft_path))
    assert result.exit_code == 0, result.output
    assert "the draft passes `kgbuild check`" in result.stderr
    draft = load_yaml(draft_path, "draft.yaml")
    assert draft["source"] == source_id
    assert facts_of(draft["claims"]) == facts_of(want["claims"])
    text = draft_path.read_text(encoding="utf-8")
    closing = text.split("# Noticed in the text but not proposed")[-1] if want["noticed"] else ""
    for phrase in want["noticed"]:
        assert phrase in " ".join(closing.replace("#", " ").split()), phrase
    for claim in draft["claims"]:
        assert claim.get("inferred") is None or len(claim["inferred"]) > 40, claim["id"]


@pytest.mark.parametrize("expected_file", EXPECTED, ids=lambda p: p.name.split(".")[0])
def test_the_draft_accepted_as_is_passes_check(expected_file, workspace, tmp_path):
    want = expected(expected_file)
    source_id = register(workspace, expected_file.name.replace(".expected.yaml", ".txt"),
                         want["register"])
    accepted = workspace / "graph" / "facts" / f"{source_id}.yaml"
    result = invoke(workspace, "suggest", source_id, "-o", str(accepted), "--force")
    assert result.exit_code == 0, result.output
    check = invoke(workspace, "check")
    assert check.exit_code == 0, check.output


def test_quotes_are_sentences_of_the_article_with_its_own_characters(workspace, tmp_path):
    register(workspace, "round9-washington.txt", {"publisher": "The Seoul Observer",
                                                   "date": "2024-09-02"})
    draft_path = tmp_path / "draft.yaml"
    assert invoke(workspace, "suggest", "005", "-o", str(draft_path)).exit_code == 0
    draft = load_yaml(draft_path, "draft.yaml")
    text = (DATA / "round9-washington.txt").read_text(encoding="utf-8")
    whole = [p.quote for p in passages.sentences(text)] + ["The Seoul Observer"]
    dateline = "SEOUL, Sept. 2 (The Seoul Observer) -- "
    for claim in draft["claims"]:
        # a sentence of the body, without the dateline that opens it
        assert claim["quote"] in whole or dateline + claim["quote"] in whole, claim["quote"]
    assert not any(c["quote"].startswith("SEOUL") for c in draft["claims"])
    roles = [c for c in draft["claims"] if c["about"] == "lee-tae-woo"]
    assert "South Korea\u2019s chief negotiator" in roles[0]["quote"]  # the curly apostrophe


def test_nothing_is_invented_for_an_article_without_patterns(workspace, tmp_path):
    plain = tmp_path / "plain.txt"
    plain.write_text("The allies met again.\n\nOfficials declined to comment.\n",
                     encoding="utf-8")
    assert invoke(workspace, "source", "add", str(plain), "--publisher", "yonhap").exit_code == 0
    result = invoke(workspace, "suggest", "005")
    assert result.exit_code == 0
    assert "claims: []\n" in result.stdout and "  - id:" not in result.stdout
    assert "0 claims proposed" in result.stderr and "nothing to propose" in result.stderr


def test_a_curated_source_gets_a_draft_to_compare_not_to_replace():
    result = invoke(ROOT, "suggest", "002")
    assert result.exit_code == 0, result.output
    assert "holds" in result.stderr and "rather than replacing it" in result.stderr
    assert "about: sma12-round4" in result.stdout


def test_output_file_is_not_overwritten_without_force(workspace, tmp_path):
    target = tmp_path / "draft.yaml"
    target.write_text("mine\n", encoding="utf-8")
    result = invoke(workspace, "suggest", "002", "-o", str(target))
    assert result.exit_code == 2 and "--force" in result.output
    assert target.read_text(encoding="utf-8") == "mine\n"


def test_unknown_source():
    result = invoke(ROOT, "suggest", "099")
    assert result.exit_code == 2 and "no source '099'" in result.output


# -- the pieces --------------------------------------------------------------------------------

MONDAY = relativedates.Reference(datetime.date(2024, 6, 24), "the article's date, 2024-06-24")


def expression(text):
    found = relativedates.find(text)
    assert len(found) == 1, found
    return found[0]


@pytest.mark.parametrize("text, tense, start, end", [
    ("will meet from Tuesday through Thursday", "future", "2024-06-25", "2024-06-27"),
    ("will meet on Tuesday and Wednesday", "future", "2024-06-25", "2024-06-26"),
    ("met on Friday", "past", "2024-06-21", None),
    ("held talks from Wednesday to Friday", "past", "2024-06-19", "2024-06-21"),
    # talks that ended on the day of the statement ("said on Monday")
    ("held talks on Sunday and Monday", "past", "2024-06-23", "2024-06-24"),
    ("will meet in August", "future", "2024-08", None),
    ("met in August", "past", "2023-08", None),
    ("met in early May", "past", "2024-05", None),
    ("will meet early next month", None, "2024-07", None),
    ("will meet on March 4", "future", "2025-03-04", None),
])
def test_date_expressions_resolve_against_the_reference(text, tense, start, end):
    resolved = relativedates.resolve(expression(text), MONDAY, tense)
    assert (resolved.start, resolved.end) == (start, end)
    assert not resolved.stated and "2024-06-24" in resolved.reasoning


@pytest.mark.parametrize("text, tense", [
    ("will meet on Monday", "future"),           # today, or in a week?
    ("meet on Tuesday", None),                   # tense unclear
    ("met from Monday through Friday", "past"),  # would end after the reference day
])
def test_ambiguous_expressions_are_left_alone(text, tense):
    assert relativedates.resolve(expression(text), MONDAY, tense) is None


def test_a_full_date_is_stated_not_inferred():
    resolved = relativedates.resolve(expression("at their talks on Jan. 14, 2020"), None, None)
    assert (resolved.start, resolved.stated, resolved.reasoning) == ("2020-01-14", True, None)


def test_said_weekday_sets_the_reference_day():
    ref = relativedates.reference("Talks ended, officials said Friday.", "2024-09-09", None,
                                  "graph/sources/x.yaml")
    assert ref.day == datetime.date(2024, 9, 6)
    assert "said Friday" in ref.explanation
    inferred = relativedates.reference("No weekday here.", None, "2024-09-09", "m.yaml")
    assert inferred.day == datetime.date(2024, 9, 9) and "m.yaml" in inferred.caveat
    assert relativedates.reference("x", None, "2024", "m.yaml") is None


@pytest.mark.parametrize("text, value, currency, usd", [
    ("agreed to pay 1.04 trillion won (US$873 million), up", "1040000000000", "KRW",
     "873000000"),
    ("a payment of $1.03 billion for 2021", "1030000000", "USD", None),
    ("demanded $5\u00a0billion", "5000000000", "USD", None),
    ("some 1,389 billion won ($1.2 billion)", "1389000000000", "KRW", "1200000000"),
    ("paid \u20a9500 million", "500000000", "KRW", None),
])
def test_amounts(text, value, currency, usd):
    (group,) = suggest_text.amounts(normalise_str(text))
    assert (str(group.value), group.currency) == (value, currency)
    assert (str(group.usd) if group.usd is not None else None) == usd


def test_sentences_keep_abbreviations_and_split_headlines():
    text = ("S. Korea, U.S. hold talks\nSEOUL, Jan. 24 (Yonhap) -- The U.S. and S. Korea met. "
            "They agreed.\n\n\u2013IANS")
    assert [p.quote for p in passages.sentences(text)] == [
        "S. Korea, U.S. hold talks", "SEOUL, Jan. 24 (Yonhap) -- The U.S. and S. Korea met.",
        "They agreed.", "\u2013IANS"]


TEXT = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), min_size=1, max_size=60)


@settings(max_examples=300, deadline=None)
@given(st.one_of(TEXT, st.sampled_from(["2021", "null", "yes", "a: b", "#x", "- x", "'q'",
                                         "\u201cq\u201d", "2024-06-25", "13.9", "[x]",
                                         "a #b", " lead", "\u2013IANS", "x\x85y"])))
def test_written_scalars_read_back_unchanged(tmp_path_factory, value):
    path = tmp_path_factory.mktemp("w") / "v.yaml"
    path.write_text(f"k: {factwriter.scalar(value)}\n", encoding="utf-8")
    try:
        back = load_yaml(path, "v.yaml")["k"]
    except Exception as exc:  # pragma: no cover - the assertion says what was written
        raise AssertionError(f"{value!r} written as {factwriter.scalar(value)!r}: {exc}") from None
    assert back == value


def test_folded_reasoning_reads_back_as_one_line(tmp_path):
    claim = factwriter.DraftClaim(
        id="c", about="e", quote="q", says={"startDate": "2024-06-25", "forYear": "2021",
                                            "changePercent": Decimal("8.2"),
                                            "leadNegotiator": ["a", "b"]},
        inferred=" ".join(string.ascii_lowercase for _ in range(8)))
    path = tmp_path / "f.yaml"
    path.write_text(factwriter.fact_file("005", [claim], ["header"]), encoding="utf-8")
    doc = load_yaml(path, "f.yaml")
    item = doc["claims"][0]
    assert doc["source"] == "005"
    assert item["inferred"] == claim.inferred
    assert item["says"] == {"startDate": "2024-06-25", "forYear": "2021",
                            "changePercent": Decimal("8.2"), "leadNegotiator": ["a", "b"]}


def test_another_figure_for_a_known_payment_is_a_disagreement_not_a_new_payment(workspace,
                                                                                tmp_path):
    article = tmp_path / "figure.txt"
    article.write_text("Under the 11th SMA, South Korea agreed to pay $1.05 billion for 2021.\n",
                       encoding="utf-8")
    assert invoke(workspace, "source", "add", str(article), "--publisher", "yonhap").exit_code == 0
    draft = invoke(workspace, "suggest", "005")
    assert draft.exit_code == 0, draft.output
    assert "about: payment-sma11-2021" in draft.stdout and "amount: 1050000000" in draft.stdout
    assert "records the disagreement" in draft.stdout
