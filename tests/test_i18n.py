"""Chinese first, English on request: the catalogue is complete and nothing shown bypasses it."""

from __future__ import annotations

import ast
import re
import string
import sys
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from graph.i18n import LOCALE_DIR, UnknownLanguage, _, check_language, language_of, use_language

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))
from i18n_scan import PACKAGES, scan, scan_file  # noqa: E402


def _messages() -> dict[str, str]:
    """Every literal message id of ``_()``/``N_()`` in the product, with where it is."""
    found: dict[str, str] = {}
    for package in PACKAGES:
        for path in sorted((ROOT / package).rglob("*.py")):
            tree = ast.parse(path.read_text(encoding="utf-8"))
            for node in ast.walk(tree):
                if (
                    isinstance(node, ast.Call)
                    and isinstance(node.func, ast.Name)
                    and node.func.id in {"_", "N_"}
                    and node.args
                    and isinstance(node.args[0], ast.Constant)
                    and isinstance(node.args[0].value, str)
                ):
                    found.setdefault(node.args[0].value, f"{path.relative_to(ROOT)}:{node.lineno}")
    return found


def _english() -> dict[str, str]:
    with (LOCALE_DIR / "en" / "LC_MESSAGES" / "messages.po").open("rb") as po:
        catalogue = read_po(po, locale="en")
    return {str(m.id): str(m.string) for m in catalogue if m.id and isinstance(m.id, str)}


def _fields(text: str) -> set[str]:
    return {name for _text, name, _spec, _conv in string.Formatter().parse(text) if name}


def test_every_message_has_english() -> None:
    english = _english()
    missing = [
        f"{where}: {msgid!r}" for msgid, where in _messages().items() if not english.get(msgid)
    ]
    assert not missing, "messages with no English in graph/locale/en:\n" + "\n".join(missing)


def test_english_has_the_same_placeholders() -> None:
    wrong = [
        f"{msgid!r} -> {text!r}"
        for msgid, text in _english().items()
        if text and _fields(msgid) != _fields(text)
    ]
    assert not wrong, "\n".join(wrong)


def test_no_english_message_is_left_in_chinese_form() -> None:
    """A message id is the Chinese text: an English id means a string was wrapped untranslated."""
    english_ids = [
        f"{where}: {msgid!r}"
        for msgid, where in _messages().items()
        if re.fullmatch(r"[\x00-\x7f]*", msgid) and re.search(r"[A-Za-z]{2,} [A-Za-z]{2,}", msgid)
    ]
    assert not english_ids, "\n".join(english_ids)


def test_nothing_shown_bypasses_the_catalogue() -> None:
    findings = scan()
    assert not findings, "user-facing English outside the catalogue:\n" + "\n".join(
        map(str, findings)
    )


def test_the_scanner_finds_an_unwrapped_message(tmp_path: Path) -> None:
    planted = tmp_path / "planted.py"
    planted.write_text(
        "import typer\n"
        "def f(x):\n"
        "    raise LoadError(x, f'cannot read the file {x}')\n"
        "opt = typer.Option(help='the graph store to use')\n"
        "ok = typer.Option(help=N_('图存储'))\n"
        "log.warning('this stays in English for operators')\n",
        encoding="utf-8",
    )
    found = [(f.line, f.text) for f in scan_file(planted)]
    assert found == [(3, "cannot read the file {}"), (4, "the graph store to use")]


def test_chinese_by_default_english_on_request(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("TTKG_LANG", raising=False)
    from loaders.tables.cells import CellError, parse_bool

    with pytest.raises(CellError, match="不是“是”或“否”"):
        parse_bool("maybe")
    with use_language("en"), pytest.raises(CellError, match="is not yes or no"):
        parse_bool("maybe")
    monkeypatch.setenv("TTKG_LANG", "en")
    assert _("文件是空的") == "the file is empty"


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        ("en-US,en;q=0.9", "en"),
        ("zh-CN,zh;q=0.9,en;q=0.8", "zh_CN"),
        ("fr-FR,en;q=0.5", "en"),
        ("en;q=0, zh", "zh_CN"),
        ("*", "zh_CN"),
        ("", "zh_CN"),
        ("a" * 2000, "zh_CN"),
    ],
)
def test_accept_language_picks_the_best_catalogue(header: str, expected: str) -> None:
    assert language_of(header) == expected


def test_an_unknown_language_is_refused_in_both_languages() -> None:
    with pytest.raises(UnknownLanguage) as caught:
        check_language("xx")
    assert "不支持的语言" in str(caught.value)
    assert "unsupported language" in str(caught.value)
