"""Web addresses, checked once for every place one is given: a source's `url:`, `source add
--url`, and the store endpoints."""

from __future__ import annotations

import re
import unicodedata
import urllib.parse

# Never in an IRI (RFC 3987), nor in a URL: space, controls and these delimiters.
_FORBIDDEN = re.compile(r'[\x00-\x20\x7f-\x9f<>"{}|^`\\\u2028\u2029]')


def url_problem(text: str, *, ascii_only: bool = False) -> str | None:
    """What makes `text` no absolute http(s) address, or None if it is one.

    `ascii_only` for addresses we connect to: an IRI's other characters must then be
    percent-encoded.
    """
    bad = _FORBIDDEN.search(text) or next(
        (c for c in text if unicodedata.category(c) in ("Cc", "Cf", "Cs", "Zl", "Zp", "Zs")),
        None)
    if bad:
        char = bad.group() if isinstance(bad, re.Match) else bad
        return f"character U+{ord(char):04X} is not allowed in a web address"
    if ascii_only and not text.isascii():
        return "a character outside ASCII; percent-encode it"
    try:
        parts = urllib.parse.urlsplit(text)
    except ValueError:  # an unclosed [IPv6] host
        return "its host is malformed"
    if parts.scheme.lower() not in ("http", "https"):
        return "it does not start with http:// or https://"
    try:
        parts.port  # noqa: B018 - raises for a port that is not a number from 0 to 65535
    except ValueError:
        return "its port is not a number from 1 to 65535"
    if not parts.hostname or parts.netloc.endswith(":"):
        return "it names no host"
    if parts.port == 0:
        return "its port is not a number from 1 to 65535"
    return None
