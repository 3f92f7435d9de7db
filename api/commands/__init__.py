"""Shared pieces of the ``ttkg`` commands: the store a command works on, output, errors.

Each module here adds its commands to the app with ``register(app)``; ``api/cli.py`` calls them.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import typer
from rich.console import Console
from rich.markup import escape

from graph.errors import GraphError
from graph.i18n import _
from graph.settings import Settings, get_settings, settings_store
from graph.stores.base import GraphStore

__all__ = ["console", "err_console", "fail", "open_cli_store", "print_json", "settings_of"]

console = Console()
err_console = Console(stderr=True)


def settings_of(ctx: typer.Context) -> Settings:
    """The settings, with the ``--store`` given on the command line if any."""
    settings: Settings = (ctx.obj or {}).get("settings") or get_settings()
    return settings


def fail(message: str, code: int = 1) -> typer.Exit:
    """Print ``message`` on stderr and return the exit to raise."""
    err_console.print(f"[red]{_('错误：')}[/red]{escape(message)}", markup=True, highlight=False)
    return typer.Exit(code)


@contextmanager
def open_cli_store(ctx: typer.Context, uri: str | None = None) -> Iterator[GraphStore]:
    """The store named by ``uri`` or the settings, opened; a GraphError exits non-zero."""
    store = settings_store(settings_of(ctx), uri)
    try:
        store.open()
        try:
            yield store
        finally:
            store.close()
    except GraphError as exc:
        raise fail(str(exc)) from exc


def print_json(value: Any) -> None:
    """JSON on stdout, UTF-8, never ASCII-escaped (names are Chinese)."""
    sys.stdout.write(json.dumps(value, ensure_ascii=False, indent=2, default=str) + "\n")
