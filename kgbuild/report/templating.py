"""The page's templates and static files, read from the package with importlib.resources.

Jinja2 renders them with autoescaping on, so every value is escaped unless it is already
markup (a macro's output): escaping is the rule rather than a call to remember.

Two choices keep the page's bytes what they were before the templates:
- Escaping: Jinja's escape (markupsafe's) writes `&#34;` and `&#39;` for quotes, where the
  page has always had html.escape's `&quot;` and `&#x27;`. `render` rewrites the two
  references in the finished page, one pass over it. That is exact: escaping turns every
  `&` of the data into `&amp;`, so `&#34;` and `&#39;` in the output can only be the
  escaper's, and the templates and static files hold neither (a test checks). Escaping
  each value with html.escape in `finalize` instead gave the same bytes but made the
  page four times slower to render at 100k triples: every value became markup twice.
- None prints as nothing (`finalize`), as the page always wrote a missing value.
- Whitespace: the page has no whitespace between its elements. Templates under `parts/`
  are written one element a line for reading, and the loader joins their lines (a line
  break and the next line's indentation are dropped), so a space the page needs is written
  inside a line. `page.html` is read as it is: its line breaks are the page's.
"""

from __future__ import annotations

import re
from functools import cache
from importlib.resources import files

from jinja2 import BaseLoader, Environment, StrictUndefined, TemplateNotFound

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


def _none_as_empty(value):
    return "" if value is None else value


def render(template: str, **context) -> str:
    """A template rendered, with html.escape's references for quotes (see above)."""
    page = environment().get_template(template).render(**context)
    return page.replace("&#34;", "&quot;").replace("&#39;", "&#x27;")


def _fixed(value: float, digits: int) -> str:
    """A coordinate with so many decimals, as the SVG is written."""
    return f"{value:.{digits}f}"


class _ViewEnvironment(Environment):
    """Looks `row.name` up as a key first when the row is a dict.

    The sections hand the templates query rows and views as dicts; Jinja's own order (the
    attribute, then the key) costs a caught AttributeError on every such lookup, which
    made up a good part of the render time.
    """

    def getattr(self, obj, attribute):
        if type(obj) is dict and attribute in obj:
            return obj[attribute]
        return super().getattr(obj, attribute)


@cache
def environment() -> Environment:
    env = _ViewEnvironment(loader=_ResourceLoader(), autoescape=True, keep_trailing_newline=True,
                      finalize=_none_as_empty, undefined=StrictUndefined)
    env.filters.update(money=fmt_money, date=fmt_date, date_range=fmt_range,
                       duration=fmt_duration, curie=curie, claim_anchor=claim_anchor,
                       tokens=tokens, fixed=_fixed)
    return env
