"""`kgbuild report`: a static, self-contained web page generated from the built graph.

The page is one `index.html` with its CSS and script inline: it opens from disk (file://),
loads nothing from the network, and reads fully without JavaScript (the script only adds the
filters and highlights every piece of a quote that had to be split). The same graph gives
the same bytes: every list comes from an ordered query or is sorted here.

model.py gathers the stored queries' rows; sections/ works out what each part of the page
shows and charts/ lays out its charts; templates/ writes the page, with static/ inlined.
"""

from __future__ import annotations

from pathlib import Path

from markupsafe import Markup

from kgbuild import pipeline
from kgbuild.query.catalogue import load_queries
from kgbuild.report.model import Model, collect
from kgbuild.report.sections import (
    glance,
    header,
    negotiators,
    ontology,
    payments,
    positions,
    sources,
    timeline,
)
from kgbuild.report.site import GENERATOR, PAGE, write_site
from kgbuild.report.templating import render as render_template
from kgbuild.report.templating import static_text

SECTIONS = {"glance": glance, "timeline": timeline, "payments": payments,
            "positions": positions, "negotiators": negotiators, "sources": sources,
            "ontology": ontology}


def generate(project: pipeline.Project, out_dir: Path, *,
             stage: pipeline.Stage = pipeline.untimed) -> Path:
    """Check the graph, render the page and put it in out_dir; returns the page's path.
    `stage(name, action)` runs each step, as in `pipeline`."""
    engine = pipeline.check_with_engine(project, stage=stage)[1]
    data = stage("report: queries", lambda: collect(engine, load_queries(project.queries_dir)))
    html = stage("report: page", lambda: render(data))
    write_site(out_dir, {PAGE: html})
    return out_dir / PAGE


def render(data: dict) -> str:
    """The page for the rows of the report's queries (as `collect` returns them)."""
    model = Model(data)
    # The CSS and script are the package's own files, inlined as they are: not data, so
    # not escaped (escaping would break their quotes).
    return render_template(
        "page.html", model=model, page=header.view(model),
        views={name: section.view(model) for name, section in SECTIONS.items()},
        generator=GENERATOR, css=Markup(static_text("report.css")),
        js=Markup(static_text("report.js")))
