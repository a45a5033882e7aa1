import bisect

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kgbuild.inputs import textmatch

from .conftest import ROOT


def test_curly_quotes_and_no_break_space_match_straight_typing():
    text = "Seoul:\u00a0 South Korea had \u201cconstructive\u201d talks with Seoul\u2019s ally"
    norm = textmatch.normalise(text)
    match = textmatch.find(norm, 'South Korea had "constructive" talks with Seoul\'s ally')
    assert match is not None
    assert text[match.start:match.end] == (
        "South Korea had \u201cconstructive\u201d talks with Seoul\u2019s ally")


def test_offsets_point_into_the_original_text_across_collapsed_white_space():
    text = "one\n\n  two   three"
    match = textmatch.find(textmatch.normalise(text), "two three")
    assert (match.start, match.end) == (7, 18)
    assert text[match.start:match.end] == "two   three"


def test_line_breaks_in_the_quote_match_spaces_in_the_text():
    match = textmatch.find(textmatch.normalise("a b c"), "a\nb   c")
    assert (match.start, match.end) == (0, 5)


def test_absent_and_empty_quotes_are_not_found():
    norm = textmatch.normalise("some text")
    assert textmatch.find(norm, "other") is None
    assert textmatch.find(norm, "  \n ") is None


def test_en_dash_credit_line_matches_a_hyphen():
    text = "support.\n\n\u2013IANS\n"
    match = textmatch.find(textmatch.normalise(text), "-IANS")
    assert text[match.start:match.end] == "\u2013IANS"


def test_nearest_passage_is_offered_for_a_near_miss():
    text = "Seoul agreed to pay 1.04 trillion won ($871 million) last year."
    near = textmatch.nearest(text, "agreed to pay 1.04 trillion won ($870 million)")
    start, end, score = near[0]
    assert text[start:end] == "agreed to pay 1.04 trillion won ($871 million)" and score > 90


def _char_by_char(original: str) -> textmatch.NormalText:
    """The normalisation spelled out one character at a time, as the reference for the
    whole-word fast path."""
    out, origin, pending = [], [], -1
    for i, ch in enumerate(original):
        for c in textmatch._fold_char(ch):
            if c.isspace():
                pending = i if pending < 0 else pending
                continue
            if pending >= 0 and out:
                out.append(" ")
                origin.append(pending)
            pending = -1
            out.append(c)
            origin.append(i)
    return textmatch.NormalText("".join(out), origin)


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet=st.sampled_from(" \t\n\u00a0\u2003ab.\u2019\u201c\u00ad\ufb01\u2014é"),
               max_size=40))
def test_fast_and_character_paths_normalise_alike(text):
    assert textmatch.normalise(text) == _char_by_char(text)
    assert textmatch.normalise_str(text) == _char_by_char(text).text


def test_fast_path_on_the_curated_articles():
    for path in sorted((ROOT / "graph" / "sources").glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        assert textmatch.normalise(text) == _char_by_char(text), path.name


def test_offsets_looked_up_on_demand_read_as_the_full_list():
    text = "  The  quick\n brown fox\u00a0 jumps  "
    origin, reference = textmatch.normalise(text).origin, _char_by_char(text).origin
    assert len(origin) == len(reference) and list(origin) == reference
    assert origin[-1] == reference[-1] and origin[3:9] == reference[3:9]
    assert [bisect.bisect_left(origin, i) for i in range(len(text) + 1)] == [
        bisect.bisect_left(reference, i) for i in range(len(text) + 1)]
    with pytest.raises(IndexError):
        origin[len(reference)]
    assert list(textmatch.normalise("   ").origin) == []
