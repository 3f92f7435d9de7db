"""Messages in the reader's language: Chinese (``zh_CN``) by default, English (``en``) on request.

Every string a user reads goes through :func:`_` (or is marked with :func:`N_` where it is
defined before the language is known, and translated with :func:`_` where it is shown). The
message ids are the Chinese texts the product is written in; ``graph/locale/en/LC_MESSAGES/
messages.po`` is the English catalogue (gettext's PO format, read with Babel). A message with no
English entry is shown in Chinese.

The language is, first to last: the one set for the current context (:func:`use_language`,
which the CLI's ``--lang`` and the API's ``Accept-Language`` use), ``TTKG_LANG``, ``zh_CN``.

>>> with use_language("en"):
...     _("示例数据")
'example data'
>>> _("示例数据")
'示例数据'
>>> language_of("en-US,en;q=0.9,zh;q=0.8")
'en'
>>> language_of("fr-FR, de")
'zh_CN'
"""

from __future__ import annotations

import gettext
import io
import os
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from functools import cache
from pathlib import Path

__all__ = [
    "DEFAULT_LANGUAGE",
    "LANGUAGES",
    "LOCALE_DIR",
    "N_",
    "UnknownLanguage",
    "_",
    "catalogue",
    "check_language",
    "current_language",
    "language_of",
    "use_language",
]

DEFAULT_LANGUAGE = "zh_CN"
LANGUAGES = ("zh_CN", "en")
"""The languages there are catalogues for; ``zh_CN`` is the source language."""
LOCALE_DIR = Path(__file__).parent / "locale"
_ALIASES = {
    "zh": "zh_CN",
    "zh_cn": "zh_CN",
    "zh_hans": "zh_CN",
    "zh_hans_cn": "zh_CN",
    "cn": "zh_CN",
    "en": "en",
    "en_us": "en",
    "en_gb": "en",
}

_language: ContextVar[str | None] = ContextVar("ttkg_language", default=None)


class UnknownLanguage(ValueError):
    """A language there is no catalogue for; the message names the ones there are."""

    def __init__(self, given: str) -> None:
        self.given = given
        super().__init__(
            f"不支持的语言 {given!r}：可选 {', '.join(LANGUAGES)}"
            f" (unsupported language {given!r}: choose one of {', '.join(LANGUAGES)})"
        )


def check_language(name: str) -> str:
    """The catalogue name for ``name`` (``zh``, ``zh-CN``, ``en-US``...).

    Raises :class:`UnknownLanguage` for a language there is no catalogue for.

    >>> check_language("zh-CN"), check_language("EN")
    ('zh_CN', 'en')
    """
    key = name.strip().replace("-", "_").lower()
    if key in _ALIASES:
        return _ALIASES[key]
    raise UnknownLanguage(name)


def language_of(accept_language: str | None) -> str:
    """The best catalogue for an HTTP ``Accept-Language`` header (RFC 9110 quality order);
    ``zh_CN`` when it names none there is."""
    if not accept_language:
        return DEFAULT_LANGUAGE
    ranked: list[tuple[float, int, str]] = []
    for position, part in enumerate(accept_language.split(",")):
        tag, _sep, params = part.strip().partition(";")
        quality = 1.0
        if params.strip().startswith("q="):
            try:
                quality = float(params.strip()[2:])
            except ValueError:
                quality = 0.0
        ranked.append((-quality, position, tag.strip()))
    for negative_quality, _position, tag in sorted(ranked):
        if negative_quality >= 0 or not tag:
            continue
        for candidate in (tag, tag.split("-")[0]):
            try:
                return check_language(candidate)
            except UnknownLanguage:
                continue
    return DEFAULT_LANGUAGE


def current_language() -> str:
    """The language of the current context, else ``TTKG_LANG``, else ``zh_CN``."""
    chosen = _language.get()
    if chosen is not None:
        return chosen
    from_env = os.environ.get("TTKG_LANG")
    if from_env:
        try:
            return check_language(from_env)
        except UnknownLanguage:
            return DEFAULT_LANGUAGE
    return DEFAULT_LANGUAGE


@contextmanager
def use_language(name: str | None) -> Iterator[str]:
    """Messages in ``name`` inside the block (``None``: leave the language as it is)."""
    if name is None:
        yield current_language()
        return
    token = _language.set(check_language(name))
    try:
        yield _language.get() or DEFAULT_LANGUAGE
    finally:
        _language.reset(token)


@cache
def catalogue(language: str) -> gettext.NullTranslations:
    """The compiled catalogue of one language (the PO file compiled in memory by Babel)."""
    if language == DEFAULT_LANGUAGE:
        return gettext.NullTranslations()
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    path = LOCALE_DIR / language / "LC_MESSAGES" / "messages.po"
    with path.open("rb") as po:
        compiled = read_po(po, locale=language)
    buffer = io.BytesIO()
    write_mo(buffer, compiled)
    buffer.seek(0)
    return gettext.GNUTranslations(buffer)


def _(message: str) -> str:
    """``message`` (its Chinese text) in the current language."""
    return catalogue(current_language()).gettext(message)


def N_(message: str) -> str:
    """Marks a message for the catalogue where it is defined; :func:`_` translates it later."""
    return message
