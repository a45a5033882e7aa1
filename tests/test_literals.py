"""The builder's literals made without rdflib's constructor are rdflib's literals exactly."""

import pickle

import pytest
from rdflib import XSD, Literal

from kgbuild.rdf.builder import plain, typed

TEXTS = ["", "SMA", "9,200억 원", "line\nbreak", ' "quoted" \\ ', "1.0", "2019-02-10",
         "\t tab", "ﬁ ligature", "emoji 🙂"]


@pytest.mark.parametrize("text", TEXTS)
def test_plain_text_is_rdflibs_literal(text):
    made, reference = plain(text), Literal(text)
    assert type(made) is Literal
    assert made == reference and hash(made) == hash(reference) and str(made) == str(reference)
    assert (made.value, made.datatype, made.language, made.ill_typed) == (
        reference.value, reference.datatype, reference.language, reference.ill_typed)
    assert made.n3() == reference.n3()
    assert pickle.loads(pickle.dumps(made)) == reference
    other = Literal(text, datatype=XSD.string)
    assert (made == other, made.eq(other)) == (reference == other, reference.eq(other))


def test_typed_values_are_made_once_and_are_rdflibs():
    assert typed(5, XSD.nonNegativeInteger) is typed(5, XSD.nonNegativeInteger)
    for lexical, datatype in [(5, XSD.nonNegativeInteger), ("2019-02-10", XSD.date),
                              ("1.5", XSD.decimal), ("P1Y", XSD.duration)]:
        made, reference = typed(lexical, datatype), Literal(lexical, datatype=datatype)
        assert made == reference and made.value == reference.value
        assert made.ill_typed == reference.ill_typed


def test_texts_count():
    assert len(TEXTS) == 10
