"""What every command module shares: finding the project from the click context."""

from __future__ import annotations

import click

from kgbuild import pipeline


def project_from(ctx: click.Context) -> pipeline.Project:
    root = ctx.find_root().obj.get("root") if ctx.find_root().obj else None
    return pipeline.find_project(root)
