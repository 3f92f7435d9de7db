"""Rules are data: loading, validation errors, and a rule change that flips a verdict."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from graph.errors import LoadError
from graph.programs.readiness import assess
from graph.programs.rules import RULES_DIR, load_rules, parse_rules
from tests.graph.programs.conftest import facts, hte_ready


def test_every_shipped_programme_cites_its_source() -> None:
    programs = load_rules()
    assert {"hte", "sme", "taishan_industry_leader", "foreign_experts_double_hundred"} <= set(
        programs
    )
    assert {p.level for p in programs.values()} >= {"national", "provincial", "municipal"}
    for program in programs.values():
        assert program.source.document
        unverified = not program.source.verified
        assert not unverified or program.to_verify, program.id
    assert programs["hte"].source.number == "国科发火〔2016〕32号"
    assert programs["sme"].source.number == "国科发政〔2017〕115号"


def _copy_with(tmp_path: Path, edit: str, replacement: str) -> Path:
    text = (RULES_DIR / "hte.yaml").read_text(encoding="utf-8")
    assert edit in text
    path = tmp_path / "hte.yaml"
    path.write_text(text.replace(edit, replacement, 1), encoding="utf-8")
    return path


def test_changing_a_threshold_in_the_file_flips_the_verdict(tmp_path: Path) -> None:
    enterprise = facts(hte_ready(tech_staff_2020=8))  # 8% tech staff
    shipped = load_rules()["hte"]
    assert assess(shipped, enterprise).verdict == "not_yet"
    path = _copy_with(tmp_path, 'threshold: "0.10"', 'threshold: "0.08"')
    changed = load_rules(path)["hte"]
    assert assess(changed, enterprise).verdict == "eligible"


def test_moving_a_band_boundary_in_the_file_flips_the_verdict(tmp_path: Path) -> None:
    # 4.5% R&D on 4,000万 revenue: the 5% band fails it; a 3,000万 boundary puts it in 4%.
    overrides = {f"rd_expense_{y}": 180.0 for y in (2018, 2019, 2020)}
    overrides |= {f"rd_expense_domestic_{y}": 180.0 for y in (2018, 2019, 2020)}
    enterprise = facts(hte_ready(**overrides))
    assert assess(load_rules()["hte"], enterprise).verdict == "not_yet"
    path = _copy_with(tmp_path, 'max: "5000"', 'max: "3000"')
    assert assess(load_rules(path)["hte"], enterprise).verdict == "eligible"


def test_a_later_file_overrides_a_shipped_programme(tmp_path: Path) -> None:
    path = _copy_with(tmp_path, "name: 高新技术企业认定", "name: 高企（本地版）")
    programs = load_rules(RULES_DIR, path)
    assert programs["hte"].name == "高企（本地版）"
    assert "sme" in programs


def test_unknown_metric_names_file_programme_and_field(tmp_path: Path) -> None:
    path = _copy_with(tmp_path, "metric: tech_staff_share", "metric: staff_happiness")
    with pytest.raises(LoadError, match=r"hte\.yaml.*第 1 个项目（hte）.*conditions\.3\.metric"):
        load_rules(path)


def test_condition_needs_threshold_or_bands() -> None:
    data = {
        "programs": [
            {
                "id": "x",
                "name": "X",
                "kind": "policy",
                "level": "district",
                "source": {"document": "D"},
                "conditions": [{"id": "c", "label": "c", "metric": "employees"}],
            }
        ]
    }
    with pytest.raises(LoadError, match="须有 threshold 和 bands 二者之一"):
        parse_rules(data, source="x.yaml")


def test_bands_must_increase_and_end_open() -> None:
    text = (RULES_DIR / "hte.yaml").read_text(encoding="utf-8")
    data = yaml.safe_load(text.replace('max: "20000"', 'max: "4000"'))
    with pytest.raises(LoadError, match="各档的上限须逐档增大"):
        parse_rules(data, source="hte.yaml")


def test_unreadable_rule_file_is_a_load_error(tmp_path: Path) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text("programs: [\n", encoding="utf-8")
    with pytest.raises(LoadError, match=r"bad\.yaml"):
        load_rules(path)
    with pytest.raises(LoadError, match="没有这个规则文件"):
        load_rules(tmp_path / "missing.yaml")


def test_yaml_is_data_not_code(tmp_path: Path) -> None:
    path = tmp_path / "evil.yaml"
    path.write_text("programs: !!python/object/apply:os.system ['echo hi']\n", encoding="utf-8")
    with pytest.raises(LoadError):
        load_rules(path)
