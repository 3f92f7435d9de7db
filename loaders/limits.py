"""What reading one input file may cost, and the counters that stop a file passing it.

The limits come from :class:`~graph.settings.Settings` (``TTKG_MAX_ROWS``...). They reach
the file readers through a context variable, as :func:`decimal.localcontext` reaches
arithmetic: the layers in between (``load_paths``, ``read_tables``) need not know of them, and
the API's load job sets its own with :func:`reading_limits`. Without one, the process-wide
settings apply.

A limit that stops a file raises :class:`~graph.errors.LoadError` naming the limit and the
variable that raises it:

>>> budget = ReadBudget("a.csv", ReadLimits(max_rows=2))
>>> budget.row(3); budget.row(3)
>>> budget.row(3)
Traceback (most recent call last):
...
graph.errors.LoadError: a.csv: 文件的行数更多；上限是 2（TTKG_MAX_ROWS）
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, fields, replace
from typing import TYPE_CHECKING

from graph.errors import LoadError
from graph.i18n import _

if TYPE_CHECKING:
    from graph.settings import Settings

__all__ = ["ReadBudget", "ReadLimits", "current_limits", "over_limit", "reading_limits"]


@dataclass(frozen=True)
class ReadLimits:
    """The limits of reading one file; ``on_rows`` hears of rows read, a few at a time."""

    max_rows: int = 500_000
    max_cells: int = 5_000_000
    max_sheets: int = 100
    max_xlsx_unpacked_bytes: int = 256 * 1024 * 1024
    max_xlsx_ratio: int = 200
    max_pages: int = 300
    max_ocr_pages: int = 30
    max_image_pixels: int = 40_000_000
    max_document_seconds: float = 600.0
    on_rows: Callable[[int], None] | None = None
    """Called with the number of rows read since its last call (progress of a load)."""

    @classmethod
    def from_settings(cls, settings: Settings) -> ReadLimits:
        """The limits the settings set."""
        names = {f.name for f in fields(cls)} - {"on_rows"}
        return cls(**{name: getattr(settings, name) for name in names})


_current: ContextVar[ReadLimits | None] = ContextVar("reading_limits", default=None)


def current_limits() -> ReadLimits:
    """The limits set by :func:`reading_limits`, else those of the process-wide settings."""
    limits = _current.get()
    if limits is None:
        from graph.settings import get_settings

        limits = ReadLimits.from_settings(get_settings())
    return limits


@contextmanager
def reading_limits(limits: ReadLimits | None = None, **changes: object) -> Iterator[ReadLimits]:
    """Read files under ``limits`` (or the current ones with ``changes``) in this block."""
    chosen = replace(limits or current_limits(), **changes)  # type: ignore[arg-type]
    token = _current.set(chosen)
    try:
        yield chosen
    finally:
        _current.reset(token)


def over_limit(name: str, setting: str, limit: int, found: str) -> LoadError:
    """The `LoadError` of file ``name`` that passes the limit ``setting`` (``found`` says how).

    >>> str(over_limit("a.xlsx", "max_sheets", 100, "工作簿有 120 个工作表"))
    'a.xlsx: 工作簿有 120 个工作表；上限是 100（TTKG_MAX_SHEETS）'
    """
    return LoadError(
        name,
        _("{found}；上限是 {limit}（TTKG_{setting}）").format(
            found=found, limit=f"{limit:,}", setting=setting.upper()
        ),
    )


class ReadBudget:
    """Counts the rows and cells of one file as they are read; `LoadError` past a limit."""

    _REPORT_EVERY = 1000

    def __init__(self, name: str, limits: ReadLimits | None = None) -> None:
        self.name = name
        self.limits = limits or current_limits()
        self.rows = 0
        self.cells = 0
        self._unreported = 0

    def row(self, cells: int) -> None:
        """Count one row of ``cells`` cells."""
        self.rows += 1
        self.cells += cells
        limits = self.limits
        if self.rows > limits.max_rows:
            raise over_limit(self.name, "max_rows", limits.max_rows, _("文件的行数更多"))
        if self.cells > limits.max_cells:
            raise over_limit(self.name, "max_cells", limits.max_cells, _("文件的单元格更多"))
        self._unreported += 1
        if self._unreported >= self._REPORT_EVERY:
            self.flush()

    def flush(self) -> None:
        """Tell ``on_rows`` of the rows counted since it last heard."""
        if self.limits.on_rows is not None and self._unreported:
            self.limits.on_rows(self._unreported)
        self._unreported = 0
