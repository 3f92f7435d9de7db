"""What each node kind is called where a user reads it (Chinese; English from the catalogue).

>>> kind_label(NodeKind.TALENT_PROGRAM)
'人才项目'
>>> kinds_label([NodeKind.ENTERPRISE, NodeKind.INSTITUTION])
'企业或高校院所'
"""

from __future__ import annotations

from collections.abc import Iterable

from graph.i18n import N_, _
from graph.model import NodeKind

__all__ = ["KIND_LABELS", "kind_label", "kinds_label"]

KIND_LABELS: dict[NodeKind, str] = {
    NodeKind.ENTERPRISE: N_("企业"),
    NodeKind.INSTITUTION: N_("高校院所"),
    NodeKind.PLATFORM: N_("创新平台"),
    NodeKind.COMMUNITY: N_("创新创业共同体"),
    NodeKind.TALENT_PROGRAM: N_("人才项目"),
    NodeKind.TRANSFER_AGENCY: N_("技术转移机构"),
    NodeKind.POLICY: N_("政策"),
    NodeKind.INDUSTRY: N_("产业"),
    NodeKind.REGION: N_("地区"),
    NodeKind.NEED: N_("技术需求"),
    NodeKind.RESULT: N_("科技成果"),
    NodeKind.PROJECT: N_("合作项目"),
    NodeKind.DOCUMENT: N_("文件"),
    NodeKind.TARGET: N_("目标"),
}
"""Every node kind's name, as the legend, tables and messages say it."""


def kind_label(kind: NodeKind | str) -> str:
    """A node kind's name in the current language (``其他`` for a kind the model lacks).

    >>> kind_label("Institution")
    '高校院所'
    """
    try:
        return _(KIND_LABELS[NodeKind(kind)])
    except ValueError:
        return _("其他")


def kinds_label(kinds: Iterable[NodeKind]) -> str:
    """Several kinds as one phrase: ``企业或高校院所``."""
    return _("或").join(kind_label(kind) for kind in kinds)
