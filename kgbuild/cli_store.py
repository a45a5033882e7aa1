"""Commands that talk to external triple stores (load, serve)."""

from __future__ import annotations

import click

COMMANDS: list[click.Command] = []
