"""Typer's own words on the ``ttkg`` help and error screens, in the reader's language.

Typer draws its panels (选项, 命令, [默认：…]) from constants in :mod:`typer.rich_utils`,
read each time a screen is drawn; :func:`localise` sets them from the catalogue once the
language is known (the CLI module calls it as it is imported, after ``api.entry`` has read
``--lang``). Click's own "Show this message and exit." stays as click words it.
"""

from __future__ import annotations

import typer.rich_utils as rich_utils

from graph.i18n import _

__all__ = ["localise"]


def localise() -> None:
    """Typer's panel titles and markers in the current language."""
    rich_utils.DEPRECATED_STRING = _("（已弃用）")
    rich_utils.DEFAULT_STRING = _("[默认：{}]")
    rich_utils.ENVVAR_STRING = _("[环境变量：{}]")
    rich_utils.REQUIRED_LONG_STRING = _("[必填]")
    rich_utils.ARGUMENTS_PANEL_TITLE = _("参数")
    rich_utils.OPTIONS_PANEL_TITLE = _("选项")
    rich_utils.COMMANDS_PANEL_TITLE = _("命令")
    rich_utils.ERRORS_PANEL_TITLE = _("错误")
    rich_utils.ABORTED_TEXT = _("已中止。")
    rich_utils.RICH_HELP = _("运行 [blue]'{command_path} {help_option}'[/] 查看帮助。")
