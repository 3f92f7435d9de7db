"""Web pages: the page as it is, or for a WeChat official-account article (``mp.weixin.qq.com``)
only its title and body.

A saved WeChat article holds the account's chrome (``微信扫一扫关注该公众号``, the
reward and comment widgets, the account card) around the body ``<div id="js_content">``.
Everything outside the title and the body is blanked (each character replaced by a space,
line breaks kept), so the offsets :func:`~loaders.documents.text.html_to_text` gives are still
offsets in the file.

>>> page = '<p>关注公众号</p><h1 class="rich_media_title">标题</h1>'
>>> page += '<div id="js_content"><p>正文</p></div>'
>>> kept = wechat_article(page)
>>> kept.split()
['<h1', 'class="rich_media_title">标题</h1><div', 'id="js_content"><p>正文</p></div>']
>>> len(kept) == len(page)
True
"""

from __future__ import annotations

import re

__all__ = ["is_wechat", "wechat_article"]

_BODY = re.compile(r"<div\b[^>]*\bid\s*=\s*[\"']js_content[\"'][^>]*>", re.IGNORECASE)
_TITLE = re.compile(
    r"<h1\b[^>]*\bclass\s*=\s*[\"'][^\"']*rich_media_title[^\"']*[\"'][^>]*>.*?</h1\s*>",
    re.IGNORECASE | re.DOTALL,
)
_DIV = re.compile(r"<(/?)div\b[^>]*>", re.IGNORECASE)


def is_wechat(page: str) -> bool:
    """True for a WeChat official-account article page."""
    return bool(_BODY.search(page)) and ("rich_media" in page or "mp.weixin.qq.com" in page)


def wechat_article(page: str) -> str:
    """``page`` with everything but the article's title and body blanked (see above)."""
    body = _BODY.search(page)
    if body is None:
        return page
    end = _closing_div(page, body.end())
    keep = [(body.start(), end)]
    title = _TITLE.search(page, 0, body.start())
    if title:
        keep.insert(0, (title.start(), title.end()))
    out = []
    position = 0
    for start, stop in keep:
        out.append(_blank(page[position:start]))
        out.append(page[start:stop])
        position = stop
    out.append(_blank(page[position:]))
    return "".join(out)


def _closing_div(page: str, after: int) -> int:
    """The end of the ``</div>`` that closes the div opened just before ``after``."""
    depth = 1
    for match in _DIV.finditer(page, after):
        depth += -1 if match.group(1) else 1
        if depth == 0:
            return match.end()
    return len(page)


def _blank(text: str) -> str:
    return re.sub(r"[^\n]", " ", text)
