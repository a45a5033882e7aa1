"""HTTP to one store: every request of the client, SPARQL and Graph Store alike, goes out here.

urllib keeps the headers a request was given when it follows a redirect, to any host, so a
store (or anything posing as one) that answers 302 to another origin would receive our
`Authorization` there. With credentials set, a redirect is followed only within the origin it
started from; any other is refused. Replies are read up to a limit, and a request that has
not been answered after a few seconds says what it waits for.
"""

from __future__ import annotations

import threading
import urllib.parse
import urllib.request
from collections.abc import Callable, Iterator
from contextlib import contextmanager

MAX_REPLY_BYTES = 256 * 1024 * 1024
NOTICE_AFTER = 5.0


class RedirectRefused(Exception):
    """The store sent us to another origin while we carry its credentials."""

    def __init__(self, source: str, target: str):
        self.source = source
        self.target = target
        super().__init__(target)


class ReplyTooLarge(Exception):
    """The reply is longer than MAX_REPLY_BYTES."""


def origin(url: str) -> tuple[str, str, int | None]:
    parts = urllib.parse.urlsplit(url)
    scheme = parts.scheme.lower()
    return scheme, (parts.hostname or "").lower(), parts.port or {"http": 80,
                                                                 "https": 443}.get(scheme)


class _SameOriginRedirects(urllib.request.HTTPRedirectHandler):
    def __init__(self, guarded: bool):
        self.guarded = guarded

    def redirect_request(self, req, fp, code, msg, headers, newurl):
        if self.guarded:
            try:
                same = origin(newurl) == origin(req.full_url)
            except ValueError:  # a Location that is no URL at all
                same = False
            if not same:
                raise RedirectRefused(req.full_url, newurl)
        return super().redirect_request(req, fp, code, msg, headers, newurl)


def opener(credentials, urls: list[str], digest: bool) -> urllib.request.OpenerDirector:
    """An opener that follows redirects only within one origin when there are credentials,
    and answers digest challenges only from the given URLs."""
    handlers: list = [_SameOriginRedirects(guarded=credentials is not None)]
    if credentials is not None and digest:
        passwords = urllib.request.HTTPPasswordMgrWithDefaultRealm()
        for url in urls:
            passwords.add_password(None, url, credentials.user, credentials.password)
        handlers.append(urllib.request.HTTPDigestAuthHandler(passwords))
    return urllib.request.build_opener(*handlers)


def read_reply(response) -> bytes:
    body = response.read(MAX_REPLY_BYTES + 1)
    if len(body) > MAX_REPLY_BYTES:
        raise ReplyTooLarge()
    return body


@contextmanager
def waiting(notice: Callable[[str], None] | None, text: str, after: float) -> Iterator[None]:
    """Calls `notice(text)` once if the block still runs `after` seconds from now."""
    if notice is None:
        yield
        return
    timer = threading.Timer(after, notice, args=(text,))
    timer.daemon = True
    timer.start()
    try:
        yield
    finally:
        timer.cancel()
