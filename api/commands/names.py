"""Entities named on the command line: any id, name, alias, credit code or short name.

:func:`resolve_option` resolves an option's value with :func:`graph.lookup.resolve`; an
ambiguous name prints its candidates as a numbered list and exits 2, an unknown one prints up
to five "did you mean" names and exits 1, both on stderr.
"""

from __future__ import annotations

from collections.abc import Collection

import typer
from rich.markup import escape

from api.commands import err_console
from graph.errors import AmbiguousReference, Choice, InvalidRecord, UnknownReference
from graph.i18n import _
from graph.lookup import kind_label, resolve
from graph.model import Node, NodeKind
from graph.stores.base import GraphStore

__all__ = ["AMBIGUOUS_EXIT", "UNKNOWN_EXIT", "print_choices", "resolve_option"]

UNKNOWN_EXIT = 1
AMBIGUOUS_EXIT = 2


def print_choices(choices: list[Choice]) -> None:
    """Candidates or suggestions as a numbered list on stderr: name, kind, id."""
    for number, c in enumerate(choices, 1):
        where = escape(f"{kind_label(c.kind)}  {c.id}")
        err_console.print(f"  {number}. {escape(c.name)}  [dim]{where}[/dim]", highlight=False)


def resolve_option(
    store: GraphStore, reference: str, *, kinds: Collection[NodeKind] | None = None
) -> Node:
    """The entity ``reference`` names, or an exit after saying why none or which ones."""
    try:
        return resolve(store, reference, kinds=kinds)
    except AmbiguousReference as exc:
        err_console.print(
            "[red]"
            + escape(_("错误："))
            + "[/red]"
            + escape(
                _("“{name}”对应多个实体，请改用下列编号（id）或全称之一：").format(name=reference)
            ),
            highlight=False,
        )
        print_choices(exc.choices)
        raise typer.Exit(AMBIGUOUS_EXIT) from exc
    except UnknownReference as exc:
        err_console.print(
            "[red]"
            + escape(_("错误："))
            + "[/red]"
            + escape(_("未找到{what}“{name}”").format(what=exc.what, name=reference)),
            highlight=False,
        )
        if exc.suggestions:
            err_console.print(escape(_("您是否要找：")), highlight=False)
            print_choices(exc.suggestions)
        raise typer.Exit(UNKNOWN_EXIT) from exc
    except InvalidRecord as exc:
        err_console.print("[red]" + escape(_("错误：")) + "[/red]" + escape(str(exc)))
        raise typer.Exit(UNKNOWN_EXIT) from exc
