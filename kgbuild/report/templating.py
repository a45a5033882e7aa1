"""The page's templates and static files, read from the package with importlib.resources.

Jinja2 renders them with autoescaping on, so every value is escaped unless it is already
markup (a macro's output): escaping is the rule rather than a call to remember.

Two choices keep the page's bytes what they were before the templates:
- Escaping: Jinja's own escape writes `&#34;` and `&#39;`, html.escape `&quot;` and
  `&#x27;`. `finalize` runs on every `{{ value }}` before autoescaping and hands back
  html.escape's text as Markup, which autoescaping then leaves alone. Macro output is
  Markup already and passes through. Filters that escape on their own (`join`, the `~`
  operator with markup) would use Jinja's escape, so the templates join plain text in
  Python and never mix markup into `~`.
- Whitespace: the page has no whitespace between its elements. Templates under `parts/`
  are written one element a line for reading, and the loader joins their lines (a line
  break and the next line's indentation are dropped), so a space the page needs is written
  inside a line. `page.html` is read as it is: its line breaks are the page's.
"""

from __future__ import annotations

import html
import re
from functools import cache
from importlib.resources import files

from jinja2 import BaseLoader, Environment, StrictUndefined, TemplateNotFound
from markupsafe import Markup

from kgbuild.report.formatting import (
    claim_anchor,
    curie,
    fmt_date,
    fmt_duration,
    fmt_money,
    fmt_range,
    tokens,
)

_PACKAGE = files("kgbuild.report")
_JOINED = "parts/"
_LINE_BREAK = re.compile(r"\n[ \t]*")


def static_text(name: str) -> str:
    """A file of static/ (the page's CSS and script), as text."""
    return (_PACKAGE / "static" / name).read_text(encoding="utf-8")


class _ResourceLoader(BaseLoader):
    """Templates from the package's templates/ folder, wherever the package is installed."""

    def get_source(self, environment, template):
        resource = _PACKAGE / "templates"
        for part in template.split("/"):
            resource = resource / part
        if not resource.is_file():
            raise TemplateNotFound(template)
        source = resource.read_text(encoding="utf-8")
        if template.startswith(_JOINED):
            source = _LINE_BREAK.sub("", source)
        return source, str(resource), lambda: True


def _escape_as_html_escape(value):
    if hasattr(value, "__html__"):
        return value
    return Markup(html.escape("" if value is None else str(value), quote=True))


def _fixed(value: float, digits: int) -> str:
    """A coordinate with so many decimals, as the SVG is written."""
    return f"{value:.{digits}f}"


@cache
def environment() -> Environment:
    env = Environment(loader=_ResourceLoader(), autoescape=True, keep_trailing_newline=True,
                      finalize=_escape_as_html_escape, undefined=StrictUndefined)
    env.filters.update(money=fmt_money, date=fmt_date, date_range=fmt_range,
                       duration=fmt_duration, curie=curie, claim_anchor=claim_anchor,
                       tokens=tokens, fixed=_fixed)
    return env
