"""Innovation platforms by their grammar: a name read back from its type, and the kind it is.

A platform's name ends in its type (``工程技术研究中心``, ``众创空间``, ``科技小院``) and may
hold an institution or a company (``X大学...创新工作站``, ``永州金穗星创天地``). It
is read leftwards to the nearest verb or punctuation. A ``研究院`` is a platform (a new-type
R&D institute) only when the text calls it one: listed before ``等创新平台``/``等科研机构``, or
built (``创建``, ``组建``, ``建成``) by the locality.

The kinds are those of the dev set's labels: 新型研发机构, 研发中心, 工程技术研究中心,
重点实验室, 孵化器 (众创空间, 星创天地, 孵化器), 其他 (workstations, bases, test centres ...).

>>> text = "成立了蓝山高新众创空间、永州金穗星创天地等创新创业平台"
>>> [(m.surface, m.properties["kind"]) for m in find_platforms(text, [(0, len(text))])]
[('蓝山高新众创空间', '孵化器'), ('永州金穗星创天地', '孵化器')]
>>> platform_kind("湖南省油茶工程技术研究中心"), platform_kind("江华瑶药科技小院")
('工程技术研究中心', '其他')
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

from graph.model import NodeKind
from loaders.documents.institutions import only_fields
from loaders.documents.mentions import Mention
from loaders.documents.names import platform_start

__all__ = ["PLATFORM_KINDS", "find_platforms", "platform_kind"]

# Type words, longest first within each kind; the first kind whose word ends a name wins.
_KINDS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("工程技术研究中心", ("工程技术研究中心", "工程研究中心", "技术工程研究中心")),
    ("重点实验室", ("重点实验室", "工程实验室", "联合实验室", "实验室")),
    ("孵化器", ("众创空间", "星创天地", "孵化器", "加速器", "孵化基地")),
    ("新型研发机构", ("新型研发机构", "研究院")),
    ("研发中心", ("研发中心", "研究中心", "企业技术中心", "技术中心")),
    (
        "其他",
        (
            "博士后科研工作站",
            "博士后创新实践基地",
            "院士工作站",
            "专家工作站",
            "创新工作站",
            "工作站",
            "中试基地",
            "科技小院",
            "检测中心",
            "科技示范园",
            "科技示范基地",
            "合作基地",
            "创新中心",
        ),
    ),
)
PLATFORM_KINDS = tuple(kind for kind, _ in _KINDS)
_TYPE_WORDS = sorted({w for _, words in _KINDS for w in words}, key=len, reverse=True)
_ENDING = re.compile("|".join([*(w for w in _TYPE_WORDS if w != "研究院"), "分中心", "研究院"]))
_CALLED_PLATFORM = re.compile(
    r"^[^,，。;；]{0,40}?等[^,，。;；]{0,6}(?:平台|科研机构|研发机构|载体)"
)
_BUILT = re.compile(r"(?:创建|组建|建成|建设|筹建|成立|揭牌|打造)了?$")
_NOT_AFTER = ("主任", "负责人", "等高")
_GENERIC = frozenset(["省级", "市级", "国家级", "县级", "区级", "高层次", "一批", "各类", "企业"])
_CATEGORY_WORDS = frozenset(
    ["海外", "高层次", "人才", "综合", "院士", "专家", "博士后", "校企", "校地", "产学研", "科企"]
)


def platform_kind(name: str) -> str:
    """The kind of a platform by its type word (``分中心`` by the centre it belongs to)."""
    body = name[: -len("分中心")] if name.endswith("分中心") else name
    for kind, words in _KINDS:
        if body.endswith(words):
            return kind
    for kind, words in _KINDS:
        if any(w in body for w in words):
            return kind
    return "其他"


def find_platforms(text: str, spans: Iterable[tuple[int, int]]) -> Iterator[Mention]:
    """Named platforms with their type word and kind."""
    for lower, upper in spans:
        for match in _ENDING.finditer(text, lower, upper):
            start, end = match.span()
            if text.startswith(_NOT_AFTER, end) or _ENDING.match(text, end):
                continue
            begin = platform_start(text, lower, start)
            if begin is None:
                continue
            name = text[begin:end]
            prefix = text[begin:start]
            if len(prefix) < 2 or _generic(prefix) or _designation(prefix):
                continue
            if match.group() == "研究院" and not _platform_institute(text, begin, end, upper):
                continue
            yield Mention(
                NodeKind.PLATFORM,
                name,
                begin,
                end,
                "suffix",
                {"type": match.group(), "kind": platform_kind(name)},
            )


def _generic(prefix: str) -> bool:
    """``技术创新``, ``海外高层次人才``, ``校企``: a category of platform, not a name."""
    return prefix in _GENERIC or only_fields(prefix, extra=_CATEGORY_WORDS)


def _designation(prefix: str) -> bool:
    """``省级``, ``市级企业``, ``国家级重点``: a level of designation, not a name."""
    level = prefix.rfind("级")
    return level >= 0 and (
        prefix[level + 1 :] in {"", "企业", "重点", "工程", "技术", "创新"}
        or only_fields(prefix[level + 1 :], extra=_CATEGORY_WORDS)
    )


def _platform_institute(text: str, begin: int, end: int, upper: int) -> bool:
    """A 研究院 the text calls a platform or says the locality built."""
    if _CALLED_PLATFORM.match(text[end:upper]):
        return True
    return bool(_BUILT.search(text[max(0, begin - 4) : begin]))
