"""Text normalisation: pinyin, traditional characters, banners, HTML, encodings, offsets."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from graph.errors import LoadError
from loaders.documents.text import (
    decode_bytes,
    html_to_text,
    normalise,
    proper_form,
    to_simplified,
)
from tests.conftest import ROOT

SEED = (ROOT / "data" / "documents" / "workplan-2021.txt").read_text(encoding="utf-8")
PINYIN_LEFT = re.compile(r"\([a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü]+\)")


def test_seed_loses_every_pinyin_annotation_and_keeps_real_parentheses() -> None:
    text = normalise(SEED).text
    assert PINYIN_LEFT.findall(SEED)  # the fixture really has annotations
    assert PINYIN_LEFT.findall(text) == []
    assert "(一)全力以赴做好科技统计年报工作" in text
    assert "(该指标为省级综合考核指标,2021年省对市、市对区考核使用)" in text


def test_seed_is_simplified_and_without_the_site_banner() -> None:
    text = normalise(SEED).text
    assert text.lstrip().startswith("区科技局年度工作计划")
    assert "时间:2022-09-06" not in text
    assert "不代表本站观点" not in text
    assert "达民化工" in text
    assert "達" not in text
    assert "區" not in text


def test_every_normalised_character_maps_back_to_its_source_character() -> None:
    doc = normalise(SEED)
    for i, char in enumerate(doc.text):
        source = doc.original[doc.original_offset(i)]
        assert to_simplified(source) == char or source == char, (i, char, source)


def test_original_span_covers_the_annotated_name() -> None:
    doc = normalise(SEED)
    start = doc.text.index("达民化工")
    a, b = doc.original_span(start, start + 4)
    assert doc.original[a:b] == "達(dá)民化工"


def test_proper_form_keeps_a_character_conversion_cannot_restore() -> None:
    doc = normalise(SEED)
    start = doc.text.index("昶升水产")
    assert doc.proper(start, start + 4) == "昶昇水产"
    assert proper_form("達民化工", "达民化工") == "达民化工"


def test_pinyin_needs_a_cjk_character_before_it() -> None:
    assert normalise("note (ā) here").text == "note (ā) here"
    assert normalise("區(qū)(qū)域").text == "区域"
    assert normalise("的(de)").text == "的"
    assert normalise("(a)项").text == "(a)项"


def test_full_width_ascii_becomes_half_width() -> None:
    assert normalise("（一）ＡＢ１２").text == "(一)AB12"


def test_html_text_skips_scripts_and_maps_offsets_into_the_page() -> None:
    page = (
        "<html><head><title>t</title><style>p{}</style></head><body>"
        "<p>達(dá)民化工&amp;大學(xué)</p><script>var x='浩瀚药业';</script></body></html>"
    )
    doc = html_to_text(page)
    assert "达民化工&大学" in doc.text
    assert "浩瀚" not in doc.text
    assert "var" not in doc.text
    start = doc.text.index("大学")
    a, b = doc.original_span(start, start + 2)
    assert page[a:b] == "大學"


def test_decode_accepts_utf8_bom_and_gbk() -> None:
    text = "區科技局年度工作計劃"
    assert decode_bytes(text.encode("utf-8")) == text
    assert decode_bytes(b"\xef\xbb\xbf" + text.encode("utf-8")) == text
    assert decode_bytes(text.encode("gb18030")) == text
    assert decode_bytes("区科技局".encode("gbk")) == "区科技局"


@pytest.mark.parametrize(
    ("data", "cause"),
    [
        (b"", "空的"),
        (b"  \n\t ", "空的"),
        (b"\x00\x01\x02binary\x00" * 20, "二进制"),
        (bytes(range(0x80, 0x100)) * 4, "不是 UTF-8"),
    ],
)
def test_decode_refuses_bad_input_with_a_clear_cause(data: bytes, cause: str) -> None:
    with pytest.raises(LoadError, match=cause) as info:
        decode_bytes(data, source="plan.txt")
    assert info.value.path == "plan.txt"


_ALPHABET = st.sampled_from(
    sorted(set(SEED[:600]))
    + list("āáǎàūúǔùüabcdez()（）\n\r  ＡＢ１,，:：、。")
    + ["時間:2022-09-06 02:52:07\n", "導語:不代表本站觀點\n", "昶昇", "(qū)", "(dá)"]
)


@settings(max_examples=150, deadline=None)
@given(st.lists(_ALPHABET, max_size=40).map("".join))
def test_normalising_twice_changes_nothing(raw: str) -> None:
    once = normalise(raw)
    assert normalise(once.text).text == once.text


@settings(max_examples=150, deadline=None)
@given(st.lists(_ALPHABET, max_size=40).map("".join))
def test_offset_map_is_monotonic_and_in_bounds(raw: str) -> None:
    doc = normalise(raw)
    offsets = [doc.original_offset(i) for i in range(len(doc.text))]
    assert offsets == sorted(offsets)
    assert len(set(offsets)) == len(offsets)
    assert all(0 <= o < len(raw) for o in offsets)
