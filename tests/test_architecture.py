"""The import rules of the packages: layers point one way, and no module cycle exists.

Allowed arrows between the packages: ``api -> loaders``, ``api -> graph``, ``loaders -> graph``.
Every import counts: at the top, inside functions, under ``TYPE_CHECKING``, relative ones.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass
from pathlib import Path

import networkx as nx

from tests.conftest import ROOT

PACKAGES = ("graph", "loaders", "api")
FORBIDDEN = frozenset({("graph", "loaders"), ("graph", "api"), ("loaders", "api")})
"""(importer, imported) package pairs that break the layering."""


@dataclass(frozen=True)
class Import:
    """One import statement's target, where it is written."""

    path: Path
    line: int
    importer: str
    target: str


def module_name(path: Path, root: Path) -> str:
    """``graph/match/rank.py`` -> ``graph.match.rank``; a package's ``__init__`` is the package."""
    parts = list(path.relative_to(root).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _absolute(node: ast.ImportFrom, importer: str, is_package: bool) -> str:
    """The module a ``from ... import`` names, with relative levels resolved."""
    if not node.level:
        return node.module or ""
    base = importer.split(".")
    if not is_package:
        base.pop()
    if node.level > 1:
        base = base[: len(base) - (node.level - 1)]
    return ".".join([*base, *([node.module] if node.module else [])])


def imports_of(path: Path, root: Path, modules: set[str]) -> list[Import]:
    """The modules among ``modules`` that the file at ``path`` imports, anywhere in it.

    ``from package import name`` imports the submodule ``package.name`` when there is one,
    else the package itself.
    """
    importer = module_name(path, root)
    is_package = path.name == "__init__.py"
    found: list[Import] = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), filename=str(path))):
        targets: list[str] = []
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            module = _absolute(node, importer, is_package)
            for alias in node.names:
                sub = f"{module}.{alias.name}"
                targets.append(sub if sub in modules else module)
        for target in dict.fromkeys(targets):
            if target.split(".")[0] in PACKAGES:
                found.append(Import(path, node.lineno, importer, target))
    return sorted(found, key=lambda imp: (imp.line, imp.target))


def check_imports(root: Path, packages: tuple[str, ...] = PACKAGES) -> list[str]:
    """Every broken rule under ``root``: a forbidden arrow between packages, a module cycle.

    Each message names the file, the line and the arrow; a cycle names each of its imports.
    """
    files = sorted(p for package in packages for p in (root / package).rglob("*.py"))
    modules = {module_name(p, root) for p in files}
    problems: list[str] = []
    G = nx.DiGraph()
    for path in files:
        for imp in imports_of(path, root, modules):
            where = f"{imp.path.relative_to(root).as_posix()}:{imp.line}"
            arrow = (imp.importer.split(".")[0], imp.target.split(".")[0])
            if arrow in FORBIDDEN:
                problems.append(
                    f"{where}: {imp.importer} imports {imp.target} "
                    f"({arrow[0]} -> {arrow[1]} is not allowed)"
                )
            target = imp.target
            while target not in modules and "." in target:
                target = target.rsplit(".", 1)[0]  # a name imported from a module
            if target in modules and target != imp.importer:
                G.add_edge(imp.importer, target, where=where)
    for component in nx.strongly_connected_components(G):
        if len(component) > 1:
            cycle = nx.find_cycle(G.subgraph(component))
            steps = ", ".join(f"{u} -> {v} ({G.edges[u, v]['where']})" for u, v in cycle)
            problems.append(f"import cycle: {steps}")
    return problems


def test_packages_import_only_downwards_and_without_cycles() -> None:
    assert check_imports(ROOT) == []


def _write(root: Path, files: dict[str, str]) -> None:
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")


def test_the_checker_reports_a_planted_import_with_file_line_and_arrow(tmp_path: Path) -> None:
    _write(
        tmp_path,
        {
            "graph/__init__.py": "",
            "graph/model.py": '"""Fine."""\n',
            "graph/bad.py": '"""Bad."""\n\n\ndef f() -> None:\n    import loaders\n',
            "graph/typed.py": (
                "from typing import TYPE_CHECKING\n\nif TYPE_CHECKING:\n"
                "    from api.main import app\n"
            ),
            "loaders/__init__.py": "",
            "loaders/ok.py": "from graph import model\n",
            "api/__init__.py": "",
            "api/main.py": "from loaders import ok\napp = None\n",
        },
    )
    assert check_imports(tmp_path) == [
        "graph/bad.py:5: graph.bad imports loaders (graph -> loaders is not allowed)",
        "graph/typed.py:4: graph.typed imports api.main (graph -> api is not allowed)",
    ]


def test_the_checker_reports_a_cycle_made_of_relative_imports(tmp_path: Path) -> None:
    _write(
        tmp_path,
        {
            "loaders/__init__.py": "",
            "loaders/tables/__init__.py": "",
            "loaders/tables/rows.py": "from .specs import TableSpec\n",
            "loaders/tables/specs.py": "\n\nfrom loaders.tables import rows\n",
        },
    )
    (problem,) = check_imports(tmp_path)
    assert problem.startswith("import cycle: ")
    assert "loaders.tables.rows -> loaders.tables.specs (loaders/tables/rows.py:1)" in problem
    assert "loaders.tables.specs -> loaders.tables.rows (loaders/tables/specs.py:3)" in problem
