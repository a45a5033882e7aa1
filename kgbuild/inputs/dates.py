"""The one check of a calendar date written as YYYY-MM-DD."""

import datetime
import re

_ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


def is_iso_date(text: str) -> bool:
    """True for a real calendar date in the form YYYY-MM-DD, and nothing else: no trailing
    newline, no other digits than ASCII, no 2023-02-29."""
    if not isinstance(text, str) or not _ISO_DATE.fullmatch(text):
        return False
    try:
        datetime.date.fromisoformat(text)
    except ValueError:
        return False
    return True
