"""Programme rules as data: the schema of the rule files and their loading.

A rule file (YAML) holds ``programs:``, a list of programmes. Each names its source
document and article, and lists:

- ``conditions``: every one must pass. A condition names a *metric* (see
  :data:`graph.programs.facts.METRICS`), an operator and a threshold, or ``bands`` whose
  threshold depends on another metric (the HTE R&D ratio by revenue band). A condition
  without a metric is checked by hand: it is listed, never blocks and never passes.
- ``score`` (optional): scored components with a minimum total (the tech-SME evaluation).
- ``direct`` (optional): conditions any one of which replaces the score (direct qualification).

Changing a threshold, a band, an operator or a source is a change of the file, not the code.

Examples
--------
>>> programs = parse_rules({"programs": [{
...     "id": "demo", "name": "Demo", "kind": "policy", "level": "national",
...     "source": {"document": "Doc", "article": "1"},
...     "conditions": [{"id": "staff", "label": "staff", "metric": "employees",
...                     "op": "<=", "threshold": 500, "unit": "count"}]}]}, source="demo.yaml")
>>> programs["demo"].conditions[0].threshold
Decimal('500')
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from graph.errors import LoadError
from graph.i18n import _
from graph.programs.facts import METRICS

__all__ = [
    "RULES_DIR",
    "Band",
    "Bands",
    "Condition",
    "Program",
    "Score",
    "ScoreBand",
    "ScoreComponent",
    "ScoreOption",
    "Source",
    "load_rules",
    "parse_rules",
]

RULES_DIR = Path(__file__).parent / "rules"
"""The rule files shipped with the package."""

Op = Literal[">=", ">", "<=", "<", "=="]
Unit = Literal["ratio", "count", "wan", "years", "flag", "code", "points"]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Source(_Strict):
    """The document a rule comes from."""

    document: str
    number: str | None = None
    """The document number (文号), e.g. 国科发火〔2016〕32号."""
    article: str | None = None
    issuer: str | None = None
    verified: bool = True
    """False where details (amounts, numbers) are still to be verified against the text."""


class Band(_Strict):
    """One band: applies while the band metric is at most ``max`` (inclusive); last band open."""

    max: Decimal | None = None
    threshold: Decimal


class Bands(_Strict):
    """A threshold that depends on another metric (e.g. last year's revenue)."""

    metric: str
    label: str
    cases: list[Band] = Field(min_length=1)

    @field_validator("metric")
    @classmethod
    def _known_metric(cls, value: str) -> str:
        return _check_metric(value)

    @model_validator(mode="after")
    def _ordered(self) -> Bands:
        bounds = [b.max for b in self.cases]
        if bounds[-1] is not None:
            raise ValueError(_("最后一档须不设上限（不写 max）"))
        if any(b is None for b in bounds[:-1]):
            raise ValueError(_("只有最后一档可以不设上限"))
        closed = [b for b in bounds[:-1] if b is not None]
        if closed != sorted(closed) or len(set(closed)) != len(closed):
            raise ValueError(_("各档的上限须逐档增大"))
        return self


class Condition(_Strict):
    """One condition; without ``metric`` it is checked by hand."""

    id: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    label: str
    short: str | None = None
    """A short name for gap explanations (the label when absent)."""
    article: str | None = None
    metric: str | None = None
    op: Op = ">="
    threshold: Decimal | None = None
    bands: Bands | None = None
    unit: Unit = "count"
    note: str | None = None

    @field_validator("metric")
    @classmethod
    def _known_metric(cls, value: str | None) -> str | None:
        return None if value is None else _check_metric(value)

    @model_validator(mode="after")
    def _threshold(self) -> Condition:
        if self.metric is not None and (self.threshold is None) == (self.bands is None):
            raise ValueError(
                _("条件 {id} 须有 threshold 和 bands 二者之一，且只有一个").format(id=self.id)
            )
        return self

    @property
    def manual(self) -> bool:
        """Whether the condition is checked by hand (no table holds it)."""
        return self.metric is None


class ScoreBand(_Strict):
    """Points for a metric value at or above ``min``."""

    min: Decimal
    points: int = Field(ge=0)


class ScoreOption(_Strict):
    """One way of scoring a component; a component scores the best of its options."""

    metric: str
    label: str
    bands: list[ScoreBand] = Field(min_length=1)
    optional: bool = False
    """When its data is missing the option is left out (and listed to check by hand)."""

    @field_validator("metric")
    @classmethod
    def _known_metric(cls, value: str) -> str:
        return _check_metric(value)

    def points(self, value: Decimal | Any) -> int:
        """Points of the highest band ``value`` reaches (0 below all bands)."""
        return max((b.points for b in self.bands if value >= b.min), default=0)

    @property
    def max_points(self) -> int:
        """The most this option can give."""
        return max(b.points for b in self.bands)


class ScoreComponent(_Strict):
    """A scored component: the best of its options."""

    id: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    label: str
    article: str | None = None
    options: list[ScoreOption] = Field(min_length=1)
    nonzero: bool = False
    """The evaluation fails when this component scores 0."""

    @property
    def max_points(self) -> int:
        """The most this component can give."""
        return max(o.max_points for o in self.options)


class Score(_Strict):
    """A scored evaluation with a minimum total."""

    label: str
    article: str | None = None
    minimum: int
    components: list[ScoreComponent] = Field(min_length=1)


class Program(_Strict):
    """A programme, certification or policy with its conditions and source."""

    id: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    name: str
    name_en: str | None = None
    kind: Literal["certification", "evaluation", "talent", "policy"]
    level: Literal["national", "provincial", "municipal", "district"]
    source: Source
    conditions: list[Condition] = Field(default_factory=list)
    score: Score | None = None
    direct: list[Condition] = Field(default_factory=list)
    benefit: str | None = None
    to_verify: list[str] = Field(default_factory=list)
    """Details of the programme that are still to be checked against the source."""

    @model_validator(mode="after")
    def _unique_ids(self) -> Program:
        ids = [c.id for c in [*self.conditions, *self.direct]]
        if self.score is not None:
            ids += [c.id for c in self.score.components]
        duplicates = sorted({i for i in ids if ids.count(i) > 1})
        if duplicates:
            raise ValueError(_("条件编号重复：{ids}").format(ids=", ".join(duplicates)))
        return self


def _check_metric(value: str) -> str:
    if value not in METRICS:
        raise ValueError(
            _("未知的指标 {metric}；已知的有：{known}").format(
                metric=value, known=", ".join(sorted(METRICS))
            )
        )
    return value


def parse_rules(data: Any, *, source: str) -> dict[str, Program]:
    """Programmes by id from the parsed content of one rule file named ``source``."""
    if not isinstance(data, dict) or not isinstance(data.get("programs"), list):
        raise LoadError(source, _("规则文件的顶层须有 programs: 列表"))
    programs: dict[str, Program] = {}
    for index, raw in enumerate(data["programs"]):
        try:
            program = Program.model_validate(raw)
        except ValidationError as exc:
            problem = exc.errors()[0]
            where = ".".join(str(p) for p in problem["loc"])
            name = raw.get("id", "?") if isinstance(raw, dict) else "?"
            raise LoadError(
                source,
                _("第 {n} 个项目（{name}），字段 {field}：{cause}").format(
                    n=index + 1, name=name, field=where, cause=problem["msg"]
                ),
            ) from exc
        if program.id in programs:
            raise LoadError(source, _("项目编号 {id} 出现了两次").format(id=program.id))
        programs[program.id] = program
    return programs


def load_rules(*paths: str | Path) -> dict[str, Program]:
    """Programmes from rule files or folders of them (``*.yaml``); the shipped ones by default.

    A later file's programme replaces an earlier one with the same id, so a bureau can
    override a shipped rule with its own file.
    """
    files: list[Path] = []
    for raw in paths or (RULES_DIR,):
        path = Path(raw)
        if path.is_dir():
            files.extend(sorted(path.glob("*.yaml")) + sorted(path.glob("*.yml")))
        elif path.is_file():
            files.append(path)
        else:
            raise LoadError(str(path), _("没有这个规则文件或文件夹"))
    programs: dict[str, Program] = {}
    for file in files:
        try:
            data = yaml.safe_load(file.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
            raise LoadError(str(file), _("无法读取规则文件（{cause}）").format(cause=exc)) from exc
        programs.update(parse_rules(data, source=str(file)))
    return programs
