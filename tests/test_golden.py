"""Every export and the report page stay byte-identical unless a change means to alter them."""

from tests.golden import SUMS, current_sums, read_sums


def test_outputs_match_the_golden_sums():
    expected = read_sums()
    actual = current_sums()
    assert len(expected) >= 9, "the golden list shrank: rewrite it with `make golden`"
    changed = sorted(name for name in expected.keys() | actual.keys()
                     if expected.get(name) != actual.get(name))
    assert not changed, (
        f"outputs differ from {SUMS.name}: {', '.join(changed)}. If the change is meant, "
        "run `make golden` and say so in the commit message."
    )
