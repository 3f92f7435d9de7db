"""The texts the page's script shows, in the language of the render.

The script looks each text up by its Chinese message id (``t("全图")``) in the table the page
carries (``meta.text``), so the page reads in the language it was rendered in without a
catalogue of its own; ``{name}`` placeholders are filled in by the script.

>>> page_messages()["节点数"]
'节点数'
"""

from __future__ import annotations

from graph.i18n import N_, _

__all__ = ["PAGE_MESSAGES", "page_messages"]

PAGE_MESSAGES = (
    N_("共 {nodes} 个节点、{edges} 条关系，按类型与产业聚合为 {groups} 组（点击一组查看成员）"),
    N_("{nodes} 个节点、{edges} 条关系"),
    N_("没有符合条件的节点"),
    N_("节点数"),
    N_("组内关系"),
    N_("别名"),
    N_("来源"),
    N_("示例数据"),
    N_("示例"),
    N_("含示例"),
    N_("所在组"),
    N_("编号"),
    N_("打开邻域视图"),
    N_("类型"),
    N_("产业"),
    N_("查看该组全部节点"),
    N_("联系最多的成员"),
    N_("标记"),
    N_("事实"),
    N_("相邻节点 ({n})"),
    N_("社区 {n}"),
    N_("无社区"),
    N_("本图含示例数据：{n} 个节点的全部或部分记录是合成的示例，不是真实记录。"),
    N_("（别名：{alias}）"),
    N_("另有 {n} 个成员未随页面附带，请在服务端视图中搜索"),
    N_("其中 {n} 个节点含示例数据"),
    N_("显示更多成员"),
    N_("本文件附带该组 {shown} / {total} 个成员；全部成员请在服务端视图中查看"),
)
"""Every text view.js shows (message ids)."""


def page_messages() -> dict[str, str]:
    """Message id -> its text in the current language, for the page's script."""
    return {message: _(message) for message in PAGE_MESSAGES}
