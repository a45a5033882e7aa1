"""Curation commands: registering sources, finding quotes, suggesting facts, diffs."""

from __future__ import annotations

import click

COMMANDS: list[click.Command] = []
