"""The ``ttkg`` entry point chooses the language before the commands' help is built."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from api.entry import language_argument
from tests.conftest import ROOT


def _ttkg(*args: str, lang: str | None = None) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k != "TTKG_LANG"} | {"COLUMNS": "200"}
    if lang is not None:
        env["TTKG_LANG"] = lang
    code = "import sys; from api.entry import main; sys.argv[0] = 'ttkg'; main()"
    return subprocess.run(
        [sys.executable, "-c", code, *args],
        capture_output=True,
        text=True,
        env=env,
        cwd=ROOT,
        timeout=120,
        check=False,
    )


def test_match_help_is_chinese_by_default() -> None:
    shown = _ttkg("match", "partners", "--help")
    assert shown.returncode == 0, shown.stderr
    assert "适合某企业或某需求的机构" in shown.stdout
    assert "技术需求（文字描述）" in shown.stdout
    assert "a technical need" not in shown.stdout


@pytest.mark.parametrize(
    ("args", "lang"),
    [(("--lang", "en"), None), (("--lang=en",), "zh_CN"), ((), "en")],
)
def test_match_help_is_english_on_request(args: tuple[str, ...], lang: str | None) -> None:
    shown = _ttkg(*args, "match", "partners", "--help", lang=lang)
    assert shown.returncode == 0, shown.stderr
    assert "Institutions that fit an enterprise or a need" in shown.stdout
    assert "a technical need, in words" in shown.stdout
    assert "技术需求" not in shown.stdout


@pytest.mark.parametrize(("args", "lang"), [(("--lang", "xx"), None), ((), "xx")])
def test_an_unknown_language_is_refused_in_both_languages(
    args: tuple[str, ...], lang: str | None
) -> None:
    refused = _ttkg(*args, "match", "--help", lang=lang)
    assert refused.returncode == 2
    assert "不支持的语言 'xx'" in refused.stderr
    assert "unsupported language 'xx'" in refused.stderr


def test_only_the_options_before_the_command_choose_the_language() -> None:
    assert language_argument(["--store", "--lang", "match"]) is None
    assert language_argument(["--store", "g.db", "--lang", "en", "match"]) == "en"
    assert language_argument(["match", "--lang", "en"]) is None
    assert language_argument(["--lang"]) is None
