"""One entity as a plain HTML page (``GET /entities/{reference}`` from a browser), in Chinese.

No script and no style: the page is readable as it is and needs nothing the security headers
would have to allow. Every text is escaped.
"""

from __future__ import annotations

from html import escape

from api.schemas import EntityDetail
from graph.i18n import _, current_language
from graph.lookup import kind_label
from graph.render.style import edge_style

__all__ = ["entity_page"]


def _list(items: list[str]) -> str:
    return "<ul>" + "".join(f"<li>{item}</li>" for item in items) + "</ul>"


def entity_page(detail: EntityDetail) -> str:
    """The page of one entity: name, kind and id; flags; facts; provenance; neighbours by kind."""
    title = escape(detail.name)
    parts = [
        f"<h1>{title}</h1>",
        f"<p>{escape(kind_label(detail.kind))} · <code>{escape(detail.id)}</code></p>",
    ]
    if detail.aliases:
        aliases = "、".join(escape(a) for a in detail.aliases)
        parts.append(f"<p>{escape(_('别名'))}：{aliases}</p>")
    if detail.flags:
        parts.append(_list([f"<strong>{escape(f)}</strong>" for f in detail.flags]))
    if detail.facts:
        rows = "".join(
            f"<tr><th scope='row'>{escape(f.label)}</th><td>{escape(f.value)}</td></tr>"
            for f in detail.facts
        )
        parts.append(f"<h2>{escape(_('事实'))}</h2><table>{rows}</table>")
    sources = []
    for p in detail.provenance:
        text = escape(p.source) + (f"（{escape(p.locator)}）" if p.locator else "")
        if p.synthetic:
            text += f" <strong>{escape(_('示例数据'))}</strong>"
        if p.note:
            text += f"：{escape(p.note)}"
        sources.append(text)
    parts.append(f"<h2>{escape(_('来源'))}</h2>" + _list(sources))
    for kind, neighbours in detail.neighbours_by_kind.items():
        items = [
            f"<a href='/entities/{escape(n.node.id, quote=True)}'>{escape(n.node.name)}</a>"
            f"（{escape(_(edge_style(n.edge_kind).label))}）"
            for n in neighbours
        ]
        parts.append(f"<h2>{escape(kind)}（{len(neighbours)}）</h2>" + _list(items))
    language = current_language().replace("_", "-")
    return (
        f"<!doctype html><html lang='{language}'><head><meta charset='utf-8'>"
        f"<title>{title}</title></head><body>{''.join(parts)}</body></html>"
    )
