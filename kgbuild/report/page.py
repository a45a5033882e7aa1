"""`kgbuild report`: a static, self-contained web page generated from the built graph.

The page is one `index.html` with its CSS and script inline: it opens from disk (file://),
loads nothing from the network, and reads fully without JavaScript (the script only adds the
filters and highlights every piece of a quote that had to be split). The same graph gives
the same bytes: every list comes from an ordered query or is sorted here.

The model (model.py) gathers the stored queries' rows; sections/ and charts/ work out what
each part of the page shows; templates/ writes it, with static/ inlined.
"""

from __future__ import annotations

from pathlib import Path

from markupsafe import Markup

from kgbuild import pipeline
from kgbuild.query.catalogue import load_queries
from kgbuild.report import _legacy
from kgbuild.report.model import Model, collect
from kgbuild.report.sections import glance, header, ontology, payments, positions, sources, timeline
from kgbuild.report.site import GENERATOR, PAGE, write_site
from kgbuild.report.templating import environment, static_text


def generate(project: pipeline.Project, out_dir: Path) -> Path:
    """Check the graph, render the page and put it in out_dir; returns the page's path."""
    engine = pipeline.check_with_engine(project)[1]
    html = render(collect(engine, load_queries(project.queries_dir)))
    write_site(out_dir, {PAGE: html})
    return out_dir / PAGE


def render(data: dict) -> str:
    """The page for the rows of the report's queries (as `collect` returns them)."""
    model = Model(data)
    old = _legacy.Model(data)
    views = {"glance": glance.view(model), "positions": positions.view(model),
             "sources": sources.view(model), "ontology": ontology.view(model),
             "timeline": timeline.view(model), "payments": payments.view(model)}
    legacy = {name: Markup(getattr(_legacy, f"_{name}")(old).removesuffix("\n")) for name in (
        "negotiators",)}
    # the page's own files, inlined as they are: they are not data, so not escaped
    return environment().get_template("page.html").render(
        model=model, page=header.view(model), views=views, legacy=legacy,
        generator=GENERATOR, css=Markup(static_text("report.css")),
        js=Markup(static_text("report.js")))
