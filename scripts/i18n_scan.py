"""Find user-facing English strings outside the message catalogue.

A string is user-facing where the code shows it: a help text, a table's title or column, an
error's message, a reject's reason, an API problem's detail, a printed line. Those must go
through ``graph.i18n._`` (or ``N_`` where defined before the language is known), so that the
reader gets Chinese by default and English on request. This module walks the source with
:mod:`ast` and lists every literal in those places that holds English words and is not wrapped.

``python scripts/i18n_scan.py`` prints them (file:line: text); ``tests/test_i18n.py`` fails on
any. Log lines, ids, JSON keys, SQL/Cypher and docstrings are not user-facing and are not
looked at. A call (or a literal) whose first line carries the comment ``# i18n: ok: <why>``, or
follows it alone on the line above, is passed over:
a programming error no user can cause (registering a table kind twice), a product name.
"""

from __future__ import annotations

import ast
import re
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("api", "graph", "loaders")
ENGLISH = re.compile(r"[A-Za-z]{2,}[ ,:;.'-]+[A-Za-z]{2,}")
"""Two English words in a row: ``"no node with id"``. Single tokens (``"csv"``, ``"id"``) are
names and codes, not sentences."""

USER_KEYWORDS = frozenset(
    {"help", "title", "detail", "reason", "message", "note", "caption", "short_help", "epilog"}
)
"""Keyword arguments whose value a user reads (typer's help, rich's title, a reject's reason)."""
SHOWING_CALLS = frozenset(
    {"print", "echo", "secho", "add_column", "BadParameter", "Exit", "rule", "fail", "add_row"}
)
"""Calls whose first argument a user reads."""
ERROR_SUFFIXES = ("Error", "Exception", "Unavailable", "Problem", "Refused", "Invalid", "Found")
"""Exceptions whose message a user reads: raising one with an English literal is flagged."""
WRAPPERS = frozenset({"_", "N_"})
PASS = "# i18n: ok"
"""The comment that passes over a call (see the module's docstring)."""
SILENT_CALLS = frozenset(
    {"debug", "info", "warning", "error", "exception", "critical", "log", "warn", "compile"}
)
"""Logging (for operators, in English) and regular expressions are not looked into."""


@dataclass(frozen=True)
class Finding:
    """One user-facing English literal: where it is and what it says."""

    path: Path
    line: int
    text: str

    def __str__(self) -> str:
        return f"{self.path.relative_to(ROOT)}:{self.line}: {self.text!r}"


def _name(func: ast.expr) -> str:
    if isinstance(func, ast.Name):
        return func.id
    if isinstance(func, ast.Attribute):
        return func.attr
    return ""


def _literal_text(node: ast.expr) -> str | None:
    """The constant text of a str literal or f-string (placeholders as ``{}``), else None."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    if isinstance(node, ast.JoinedStr):
        return "".join(
            str(part.value) if isinstance(part, ast.Constant) else "{}"
            for part in node.values
            if isinstance(part, ast.Constant | ast.FormattedValue)
        )
    return None


def _texts(node: ast.expr) -> Iterator[tuple[int, str]]:
    """Literal texts reachable from ``node`` without passing through ``_()``/``N_()``."""
    if isinstance(node, ast.Call) and _name(node.func) in WRAPPERS:
        return
    text = _literal_text(node)
    if text is not None:
        yield node.lineno, text
        return
    if isinstance(node, ast.BinOp):
        yield from _texts(node.left)
        yield from _texts(node.right)
    elif isinstance(node, ast.IfExp):
        yield from _texts(node.body)
        yield from _texts(node.orelse)
    elif isinstance(node, ast.Call) and _name(node.func) in {"join", "format"}:
        if isinstance(node.func, ast.Attribute):
            yield from _texts(node.func.value)


def _shown(call: ast.Call) -> Iterator[ast.expr]:
    """The arguments of ``call`` that a user reads."""
    name = _name(call.func)
    if name in SILENT_CALLS or name in WRAPPERS:
        return
    for keyword in call.keywords:
        if keyword.arg in USER_KEYWORDS:
            yield keyword.value
    if name in SHOWING_CALLS or name.endswith(ERROR_SUFFIXES):
        yield from call.args[:2]


def _passed(lines: list[str], line: int) -> bool:
    """Whether ``# i18n: ok`` is on the line or alone on the line above it."""
    above = lines[line - 2].strip() if line >= 2 else ""
    return PASS in lines[line - 1] or above.startswith(PASS)


def scan_file(path: Path) -> list[Finding]:
    """User-facing English literals of one module, in line order."""
    source = path.read_text(encoding="utf-8")
    lines = source.splitlines()
    tree = ast.parse(source, filename=str(path))
    found = [
        Finding(path, line, text)
        for node in ast.walk(tree)
        if isinstance(node, ast.Call) and not _passed(lines, node.lineno)
        for argument in _shown(node)
        for line, text in _texts(argument)
        if ENGLISH.search(text) and not _passed(lines, line)
    ]
    return sorted(found, key=lambda finding: finding.line)


def scan(root: Path = ROOT) -> list[Finding]:
    """User-facing English literals of every module of the product's packages."""
    found: list[Finding] = []
    for package in PACKAGES:
        for path in sorted((root / package).rglob("*.py")):
            found.extend(scan_file(path))
    return found


def main() -> int:
    findings = scan()
    for finding in findings:
        print(finding)
    print(f"{len(findings)} user-facing English strings outside the catalogue", file=sys.stderr)
    return 1 if findings else 0


if __name__ == "__main__":
    raise SystemExit(main())
