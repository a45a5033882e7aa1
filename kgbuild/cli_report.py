"""The report command: a static page generated from the graph."""

from __future__ import annotations

import click

COMMANDS: list[click.Command] = []
