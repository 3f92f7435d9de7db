"""``ttkg template``: write a fill-in XLSX template of some table kinds, or of all of them.

The workbook (:mod:`loaders.tables.template`) has one sheet per kind with Chinese headers,
an example row marked 示例, drop-down lists for fixed values and a 填表说明 sheet; loading it
untouched loads the example rows only, marked synthetic.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape
from rich.table import Table

from api.commands import console, fail
from graph.i18n import _

__all__ = ["register", "template"]


def _print_kinds() -> None:
    from loaders.tables.registry import registered_tables
    from loaders.tables.template_text import sheet_names

    names = sheet_names()
    table = Table(title=_("表的种类"))
    for heading in (_("种类（kind）"), _("中文名"), _("必填列"), _("说明")):
        table.add_column(heading, overflow="fold")
    for spec in registered_tables():
        required = ", ".join(column.name for column in spec.required)
        table.add_row(spec.name, escape(names[spec.name]), required, escape(_(spec.doc)))
    console.print(table)


def template(
    kinds: Annotated[
        list[str] | None,
        typer.Argument(
            help=_("表的种类（enterprises 或 企业…），不写则包含全部"),
            metavar="KIND",
            show_default=False,
        ),
    ] = None,
    output: Annotated[
        Path | None,
        typer.Option("--output", "-o", help=_("要写入的 XLSX 文件")),
    ] = None,
    force: Annotated[bool, typer.Option("--force", help=_("覆盖已有的文件"))] = False,
    list_kinds: Annotated[bool, typer.Option("--list", help=_("列出表的种类及中文名"))] = False,
) -> None:
    """写填表模板：每种表一个工作表，含中文表头、示例行、下拉列表和填表说明。

    原样载入模板只会载入示例行，并标记为示例（synthetic）。

    Write a fill-in template: one sheet per kind, an example row, drop-down lists, notes.
    """
    from loaders.tables.template import build_template
    from loaders.tables.template_text import template_spec

    if list_kinds:
        _print_kinds()
        return
    try:
        specs = [template_spec(kind) for kind in kinds or ()]
    except KeyError as exc:
        raise fail(_("未知的表种类：{cause}").format(cause=exc.args[0])) from exc
    if output is None:
        raise fail(_("请用 -o FILE.xlsx 指定要写入的文件"))
    if output.suffix.lower() != ".xlsx":
        raise fail(_("{path}：模板须为 .xlsx 文件").format(path=output))
    if output.exists() and not force:
        raise fail(_("{path} 已存在，--force 可覆盖").format(path=output))
    workbook = build_template([spec.name for spec in specs] if specs else None)
    try:
        workbook.save(output)
    except OSError as exc:
        raise fail(
            _("{path}：无法写入（{cause}）").format(path=output, cause=exc.strerror)
        ) from exc
    sheets = [name for name in workbook.sheetnames if workbook[name].sheet_state == "visible"]
    console.print(
        _("已写入 {path}：{sheets}").format(
            path=escape(str(output)), sheets=escape("、".join(sheets))
        ),
        highlight=False,
    )


def register(app: typer.Typer) -> None:
    """Add ``ttkg template`` to ``app``."""
    app.command(
        name="template",
        help=_(
            "写填表模板：每种表一个工作表，含中文表头、示例行、下拉列表和填表说明。\n\n"
            "原样载入模板只会载入示例行，并标记为示例（synthetic）。"
        ),
    )(template)
