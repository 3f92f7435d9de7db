"""Chinese text normalisation with a map back to the original characters.

Documents arrive as they were published: traditional characters, pinyin in ASCII
parentheses after polyphonic characters (``區(qū)科技局``), a site banner, sometimes
HTML, in UTF-8, UTF-8 with BOM or GBK/GB18030. :func:`normalise` turns such text into
simplified Chinese and keeps, for every normalised character, where it came from.

Steps, in order: full-width ASCII to half-width, carriage returns dropped, pinyin
annotations dropped, traditional to simplified (OpenCC ``t2s``, one character for one
character), site banner lines dropped. Every step only deletes characters or replaces one
character by one, so the offset map is a short list of anchors.

Examples
--------
>>> doc = normalise("區(qū)科技局年度工作計(jì)劃")
>>> doc.text
'区科技局年度工作计划'
>>> doc.original_span(0, 4)
(0, 8)
>>> normalise("(一)全力以赴").text
'(一)全力以赴'
"""

from __future__ import annotations

import re
from array import array
from bisect import bisect_right
from dataclasses import dataclass, field
from functools import lru_cache
from html.parser import HTMLParser
from pathlib import Path

from opencc import OpenCC

from graph.errors import LoadError
from graph.i18n import _

__all__ = [
    "NormalisedText",
    "decode_bytes",
    "html_to_text",
    "normalise",
    "proper_form",
    "to_simplified",
]

_CJK = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_TONED = "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜńňǹḿ"
_NEUTRAL = "de|le|me|men|ne|ma|ba|zi|zhe|ge|li|la|ya|wa|na"
# One or more "(pinyin)" groups right after a CJK character: a syllable with a tone mark,
# or one of the few neutral-tone syllables. Real parentheses like "(一)" never match.
_PINYIN = re.compile(rf"(?<=[{_CJK}])(?:\((?:[a-zü]*[{_TONED}][a-zü{_TONED}]*|{_NEUTRAL})\))+")
_BANNER = re.compile(
    r"^[ \t]*(?:时间[:：][ \t]*\d{4}-\d{1,2}-\d{1,2}[^\n]*"
    r"|导语[:：][^\n]*(?:不代表本站观点|来源于网友上传)[^\n]*"
    r"|(?:来源|作者|编辑|浏览次数|阅读次数)[:：][^\n]{0,40}"
    r"|[^\n]*(?:版权归原作者|本站观点|本站立场|原创文章可咨询)[^\n]*)[ \t]*(?:\n|$)",
    re.MULTILINE,
)
_FULLWIDTH = {c: c - 0xFEE0 for c in range(0xFF01, 0xFF5F)} | {0x3000: 0x20, 0xA0: 0x20}
_BLOCK_TAGS = frozenset(
    [
        "p",
        "div",
        "br",
        "li",
        "tr",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "title",
        "section",
        "article",
        "header",
        "footer",
        "table",
        "ul",
        "ol",
    ]
)
_SKIP_TAGS = frozenset({"script", "style", "noscript", "template", "head"})


@lru_cache(maxsize=2)
def _converter(config: str) -> OpenCC:
    return OpenCC(config)


@dataclass(frozen=True)
class _T2S:
    """OpenCC's t2s dictionaries as a character table plus a phrase regex."""

    characters: dict[int, str]
    phrases: dict[str, str]
    pattern: re.Pattern[str] | None
    back: dict[str, str]
    """Simplified -> the traditional character s2t gives it (first candidate)."""


@lru_cache(maxsize=1)
def _t2s_dictionaries() -> _T2S | None:
    """Read the installed OpenCC's ``TSCharacters`` and ``TSPhrases`` (None if absent)."""
    import opencc

    folder = Path(opencc.__file__).parent / "dictionary"
    try:
        char_lines = (folder / "TSCharacters.txt").read_text(encoding="utf-8").splitlines()
        phrase_lines = (folder / "TSPhrases.txt").read_text(encoding="utf-8").splitlines()
        back_lines = (folder / "STCharacters.txt").read_text(encoding="utf-8").splitlines()
    except OSError:
        return None
    characters: dict[int, str] = {}
    for line in char_lines:
        source, _, targets = line.partition("\t")
        first = targets.split(" ")[0] if targets else ""
        if len(source) == 1 and len(first) == 1:
            characters[ord(source)] = first
    phrases: dict[str, str] = {}
    for line in phrase_lines:
        source, _, targets = line.partition("\t")
        first = targets.split(" ")[0] if targets else ""
        if len(source) == len(first) > 1:
            phrases[source] = first
    keys = sorted(phrases, key=len, reverse=True)
    pattern = re.compile("|".join(map(re.escape, keys))) if keys else None
    back: dict[str, str] = {}
    for line in back_lines:
        source, _, targets = line.partition("\t")
        first = targets.split(" ")[0] if targets else ""
        if len(source) == 1 and len(first) == 1:
            back[source] = first
    return _T2S(characters, phrases, pattern, back)


def to_simplified(text: str) -> str:
    """Traditional to simplified with OpenCC's t2s dictionaries, one character for one.

    Phrases (``瞭解`` -> ``了解``) are applied where they occur, characters everywhere
    else, which is what OpenCC's maximum matching does for t2s, in linear time.

    >>> to_simplified("達民化工")
    '达民化工'
    >>> to_simplified("不瞭解")
    '不了解'
    """
    tables = _t2s_dictionaries()
    if tables is None:
        converted: str = _converter("t2s").convert(text)
        if len(converted) == len(text):
            return converted
        return "".join(
            one if len(one := str(_converter("t2s").convert(c))) == 1 else c for c in text
        )
    out = text.translate(tables.characters)
    if tables.pattern is None or not tables.pattern.search(text):
        return out
    pieces = []
    last = 0
    for match in tables.pattern.finditer(text):
        pieces.append(out[last : match.start()])
        pieces.append(tables.phrases[match.group()])
        last = match.end()
    pieces.append(out[last:])
    return "".join(pieces)


def proper_form(original: str, simplified: str) -> str:
    """The simplified text, keeping original characters that conversion cannot restore.

    ``昇`` becomes ``升`` in simplified text, but ``升`` goes back to ``升``, not ``昇``:
    the conversion lost information, which matters in a proper noun. ``產`` -> ``产`` ->
    ``產`` loses nothing, so the simplified character stays.

    >>> proper_form("昶昇水產", "昶升水产")
    '昶昇水产'
    """
    if original == simplified or len(original) != len(simplified):
        return simplified
    tables = _t2s_dictionaries()

    def restore(char: str) -> str:
        if tables is not None:
            return tables.back.get(char, char)
        return str(_converter("s2t").convert(char))

    out = []
    for old, new in zip(original, simplified, strict=True):
        if old != new and restore(new) != old and re.match(f"[{_CJK}]", old):
            out.append(old)
        else:
            out.append(new)
    return "".join(out)


@dataclass(frozen=True)
class NormalisedText:
    """Normalised text, the original it came from, and the map between them.

    ``before_conversion`` is aligned with ``text`` character by character and holds each
    character as it was before traditional -> simplified conversion.
    """

    text: str
    original: str
    before_conversion: str
    _anchors_norm: array[int] = field(repr=False)
    _anchors_orig: array[int] = field(repr=False)

    def original_offset(self, index: int) -> int:
        """The original offset of normalised offset ``index`` (``len(text)`` allowed)."""
        if index >= len(self.text):
            if not self.text:
                return len(self.original)
            return self.original_offset(len(self.text) - 1) + 1
        k = bisect_right(self._anchors_norm, index) - 1
        return self._anchors_orig[k] + index - self._anchors_norm[k]

    def original_span(self, start: int, end: int) -> tuple[int, int]:
        """The span of the original text that normalised ``[start, end)`` came from."""
        if end <= start:
            at = self.original_offset(start)
            return at, at
        return self.original_offset(start), self.original_offset(end - 1) + 1

    def proper(self, start: int, end: int) -> str:
        """The normalised span with characters conversion could not restore kept as written."""
        return proper_form(self.before_conversion[start:end], self.text[start:end])


class _Pieces:
    """Kept runs of a source string with their offsets in the original."""

    def __init__(self) -> None:
        self.parts: list[str] = []
        self.norm: array[int] = array("q")
        self.orig: array[int] = array("q")
        self.length = 0

    def add(self, text: str, original_at: int) -> None:
        if not text:
            return
        last = len(self.norm) - 1
        if last < 0 or self.orig[last] + self.length - self.norm[last] != original_at:
            self.norm.append(self.length)
            self.orig.append(original_at)
        self.parts.append(text)
        self.length += len(text)


def normalise(text: str) -> NormalisedText:
    """Normalise plain text (see the module docstring); idempotent on its own output.

    >>> normalise("時(shí)間:2022-09-06 02:52:07\\n正文").text
    '正文'
    """
    wide = text.translate(_FULLWIDTH)
    deletions = [(m.start(), m.end()) for m in re.finditer(r"\r", wide)]
    deletions += [(m.start(), m.end()) for m in _PINYIN.finditer(wide)]
    deletions = _merge(sorted(deletions))
    current, norm, orig = _delete(wide, deletions)
    simplified = to_simplified(current)
    banner = [(m.start(), m.end()) for m in _BANNER.finditer(simplified)]
    if banner:
        # banners are found in the simplified text; delete them from the original in one go
        def to_orig(i: int) -> int:
            k = bisect_right(norm, i) - 1
            return orig[k] + i - norm[k]

        in_original = [(to_orig(a), to_orig(b - 1) + 1) for a, b in banner]
        current, norm, orig = _delete(wide, _merge(sorted(deletions + in_original)))
        simplified = _cut(simplified, banner)
    return NormalisedText(simplified, text, current, norm, orig)


def _cut(text: str, spans: list[tuple[int, int]]) -> str:
    parts, position = [], 0
    for start, end in spans:
        parts.append(text[position:start])
        position = end
    parts.append(text[position:])
    return "".join(parts)


def _delete(text: str, spans: list[tuple[int, int]]) -> tuple[str, array[int], array[int]]:
    """Delete sorted, disjoint spans; the offset map of what is left (one anchor per run)."""
    norm = array("q", [0])
    orig = array("q", [0])
    parts = []
    position = length = 0
    for start, end in spans:
        if start > position:
            parts.append(text[position:start])
            length += start - position
        if end > start:
            norm.append(length)
            orig.append(end)
        position = end
    parts.append(text[position:])
    return "".join(parts), norm, orig


def _merge(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    merged: list[tuple[int, int]] = []
    for start, end in spans:
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


class _TextExtractor(HTMLParser):
    """The visible text of an HTML page with each run's offset in the source."""

    def __init__(self, source: str) -> None:
        super().__init__(convert_charrefs=False)
        self.pieces = _Pieces()
        self._skip = 0
        self._line_starts = [0, *(m.end() for m in re.finditer(r"\n", source))]

    def _offset(self) -> int:
        line, column = self.getpos()
        return self._line_starts[line - 1] + column

    def _newline(self) -> None:
        if self.pieces.parts and not self.pieces.parts[-1].endswith("\n"):
            self.pieces.add("\n", self._offset())

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _SKIP_TAGS:
            self._skip += 1
        elif tag in _BLOCK_TAGS:
            self._newline()

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIP_TAGS:
            self._skip = max(0, self._skip - 1)
        elif tag in _BLOCK_TAGS:
            self._newline()

    def handle_data(self, data: str) -> None:
        if not self._skip:
            self.pieces.add(data, self._offset())

    def handle_entityref(self, name: str) -> None:
        if not self._skip:
            from html import unescape

            self.pieces.add(unescape(f"&{name};"), self._offset())

    def handle_charref(self, name: str) -> None:
        if not self._skip:
            from html import unescape

            self.pieces.add(unescape(f"&#{name};"), self._offset())


def html_to_text(source: str) -> NormalisedText:
    """The visible text of an HTML page, mapped to offsets in the page source.

    >>> page = html_to_text("<p>區(qū)&amp;局</p><script>x()</script>")
    >>> page.text
    '区&局\\n'
    >>> page.original[page.original_offset(0)]
    '區'
    """
    extractor = _TextExtractor(source)
    extractor.feed(source)
    extractor.close()
    pieces = extractor.pieces
    visible = "".join(pieces.parts)
    inner = normalise(visible)
    if not len(pieces.norm):
        pieces.norm.append(0)
        pieces.orig.append(0)
    # compose: normalised -> visible (inner map) -> HTML source (pieces map)
    composed = _Pieces()
    for k, start in enumerate(inner._anchors_norm):
        end = inner._anchors_norm[k + 1] if k + 1 < len(inner._anchors_norm) else len(inner.text)
        at = inner._anchors_orig[k]
        i = start
        while i < end:
            j = bisect_right(pieces.norm, at + i - start) - 1
            limit = pieces.norm[j + 1] if j + 1 < len(pieces.norm) else len(visible)
            run = min(end - i, limit - (at + i - start))
            src = pieces.orig[j] + (at + i - start) - pieces.norm[j]
            composed.add(inner.text[i : i + run], src)
            i += run
    if not len(composed.norm):
        composed.norm.append(0)
        composed.orig.append(0)
    return NormalisedText(inner.text, source, inner.before_conversion, composed.norm, composed.orig)


def decode_bytes(data: bytes, *, source: str = "<bytes>") -> str:
    """Decode a document: UTF-8 (with or without BOM), then GB18030; binary is refused.

    >>> decode_bytes("區".encode("gb18030"))
    '區'
    """
    if not data.strip():
        raise LoadError(source, _("文件是空的"))
    head = data[:8192]
    if b"\x00" in head and not head.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise LoadError(source, _("这是二进制文件，不是文本（含 NUL 字节）"))
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError as exc:
            raise LoadError(
                source, _("UTF-16 编码在第 {byte} 字节处损坏").format(byte=exc.start)
            ) from exc
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as utf8_error:
        try:
            text = data.decode("gb18030")
        except UnicodeDecodeError as exc:
            raise LoadError(
                source,
                _(
                    "不是 UTF-8（第 {utf8_byte} 字节出错），也不是 GBK/GB18030"
                    "（第 {gbk_byte} 字节出错）：请把文件另存为 UTF-8"
                ).format(utf8_byte=utf8_error.start, gbk_byte=exc.start),
            ) from exc
    controls = sum(1 for c in text[:4096] if ord(c) < 32 and c not in "\t\n\r\f")
    if controls > max(8, len(text[:4096]) // 50):
        raise LoadError(source, _("这看起来是二进制文件，不是文本"))
    return text
