"""``ttkg load --review``: each entity a document names, shown with its evidence and
resolution, numbered; the clerk drops the wrong ones, the rest is written.

The numbers to drop are asked for (Enter keeps what an earlier review of the same file
dropped), or given with ``--drop 3,5`` (``--drop 0``: drop nothing). What was dropped is kept
on the document's node and dropped again at its next load (:mod:`loaders.documents.review`).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

import typer
from rich.markup import escape
from rich.table import Table

from api.commands import console, fail
from graph.errors import GraphError, LoadError
from graph.i18n import _
from graph.model import GraphBatch
from graph.stores.base import GraphStore
from loaders.documents.reader import extract_located
from loaders.documents.review import describe_location, document_result, parse_drops
from loaders.load import DOCUMENT_SUFFIXES, collect_files
from loaders.report import EntityReading, FileResult, LoadReport
from loaders.resolve import Resolver

__all__ = ["ask_drops", "check_options", "review_load", "show_entities"]


def show_entities(file: str, entities: Sequence[EntityReading]) -> None:
    """The numbered table of a document's entities: evidence, location, resolution, state."""
    table = Table(title=escape(_("{file}：识别出的实体（编号用于剔除）").format(file=file)))
    for header in (_("编号"), _("类型"), _("名称"), _("原文"), _("依据"), _("位置"), _("解析")):
        table.add_column(header, overflow="fold")
    table.add_column(_("状态"))
    for e in entities:
        matched = _("已有节点") if e.existing else _("新建节点")
        if e.remembered:
            state = "[red]" + _("剔除（上次审核）") + "[/red]"
        elif e.dropped:
            state = "[red]" + _("剔除") + "[/red]"
        else:
            state = _("保留")
        table.add_row(
            str(e.number),
            e.kind,
            escape(e.name),
            escape(e.surface),
            escape(e.evidence),
            escape(describe_location(e.location)),
            escape(f"{e.rule} {e.score:.2f} {matched}"),
            state,
        )
    console.print(table)


def ask_drops(result: FileResult) -> list[int]:
    """Ask the clerk which numbers to drop; Enter keeps the current choice."""
    current = ",".join(str(e.number) for e in result.entities if e.dropped) or "0"
    while True:
        answer = typer.prompt(
            _("要剔除的编号（如 3,5 或 7-9；0 表示不剔除；回车沿用 {current}）").format(
                current=current
            ),
            default=current,
            show_default=False,
        )
        try:
            return parse_drops(answer)
        except GraphError as exc:
            console.print(f"[yellow]{escape(str(exc))}[/yellow]")


def check_options(*, review: bool, drop: str | None, cordis: bool, strict: bool) -> None:
    """Refuse what ``--review``/``--drop`` cannot go with."""
    if drop is not None and not review:
        raise fail(_("--drop 要和 --review 一起用"))
    if cordis or strict:
        raise fail(_("--review 不能和 --cordis 或 --strict 一起用"))


def review_load(
    store: GraphStore,
    paths: Sequence[Path],
    *,
    region: str | None,
    drops: str | None,
    ask: Callable[[FileResult], list[int]] = ask_drops,
    dry_run: bool = False,
    show: bool = True,
) -> LoadReport:
    """Review each document of ``paths`` and write what is kept in one batch.

    ``drops`` (``"3,5"``) is the answer for a single document; without it each document is
    shown and ``ask`` answers. With ``dry_run`` nothing is written; ``show`` prints each
    document's entities as they are finally kept or dropped (off for ``--json``).
    """
    try:
        files = collect_files(paths)
    except LoadError as exc:
        raise fail(str(exc)) from exc
    others = [p for p in files if p.suffix.lower() not in DOCUMENT_SUFFIXES]
    if others:
        raise fail(_("--review 只审核公文，不能用于表格：{file}").format(file=others[0]))
    if drops is not None and len(files) != 1:
        raise fail(_("--drop 只能用于一个文件（编号是每个文件各自的）"))
    given = parse_drops(drops) if drops is not None else None
    resolver = Resolver(store, region=region)
    report = LoadReport(dry_run=dry_run)
    for path in files:
        try:
            extraction, source = extract_located(path, region=region, resolver=resolver)
        except GraphError as exc:
            error = exc.cause if isinstance(exc, LoadError) else str(exc)
            report.files.append(FileResult(file=str(path), kind="document", error=error))
            continue
        result = document_result(path, extraction, source, store=store, drops=given)
        if given is None and result.entities:
            show_entities(str(path), result.entities)
            chosen = ask(result)
            result = document_result(path, extraction, source, store=store, drops=chosen)
        elif show and result.entities:
            show_entities(str(path), result.entities)
        report.files.append(result)
    if not dry_run:
        batch = GraphBatch()
        for result in report.files:
            batch.extend(result.batch)
        report.summary = store.upsert(batch)
    return report
