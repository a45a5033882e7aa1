"""The one date check, shared by source metadata and drafted facts."""

import pytest

from kgbuild.inputs.dates import is_iso_date


@pytest.mark.parametrize("text", ["2019-02-10", "2024-02-29", "0001-01-01"])
def test_real_dates_pass(text):
    assert is_iso_date(text)


@pytest.mark.parametrize("text", [
    "2023-02-29", "2019-13-01", "2019-2-10", "2019-02-10\n", " 2019-02-10", "2019-02",
    "２０１９-02-10", "20190210", "", None, 20190210,
])
def test_anything_else_fails(text):
    assert not is_iso_date(text)
