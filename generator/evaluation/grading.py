"""Grading schemes: how a province scores self-evaluations and names the grades.

The schemes are data (``generator/data/grading/<key>.yaml``): the full marks, the points of the
预算执行率 for each kind of evaluation, the reference 一级 weights and the grade bands. A new
province is a new file; ``data/site.yaml`` chooses one with ``grading:`` and a department may
override it in its department.yaml.
"""

from __future__ import annotations

from decimal import Decimal
from functools import cache
from importlib import resources

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from generator.evaluation.schema import Kind
from generator.readers.schema import data_files

DEFAULT_GRADING = "national"


class GradingError(Exception):
    """A grading scheme that does not exist or cannot be read; the message is Chinese."""


class Band(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    grade: str
    min: Decimal | None = None  # None: every score below the previous band
    above: bool = False  # the score must exceed ``min`` (Hunan: 优秀 is 大于 90 分)

    def admits(self, score: Decimal) -> bool:
        if self.min is None:
            return True
        return score > self.min if self.above else score >= self.min


class Grading(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    key: str
    name: str
    total: Decimal  # full marks
    execution: dict[Kind, Decimal]  # points of the 预算执行率, by kind
    first_level: dict[str, Decimal] = Field(default_factory=dict)  # reference 一级 weights
    bands: list[Band] = Field(min_length=1)  # highest first; the first counts as 优 for 评优率

    def execution_weight(self, kind: Kind) -> Decimal:
        return self.execution.get(kind, Decimal("0"))

    def indicator_weight(self, kind: Kind) -> Decimal:
        """What the weights of an indicator grid add up to: full marks less the 预算执行率."""
        return self.total - self.execution_weight(kind)

    def grade(self, score: Decimal) -> str:
        for band in self.bands:
            if band.admits(score):
                return band.grade
        return self.bands[-1].grade

    @property
    def top(self) -> str:
        return self.bands[0].grade

    @property
    def wording(self) -> str:
        """The bands in words: 优（90 分及以上）、…、差（低于 60 分）; Hunan's 优秀（高于 90 分）."""
        words = []
        for index, band in enumerate(self.bands):
            if band.min is not None:
                words.append(
                    f"{band.grade}（高于 {band.min} 分）"
                    if band.above
                    else f"{band.grade}（{band.min} 分及以上）"
                )
            elif index > 0 and (above := self.bands[index - 1]).min is not None:
                words.append(f"{band.grade}（{'不高于' if above.above else '低于'} {above.min} 分）")
            else:
                words.append(band.grade)
        return "、".join(words)


def available_gradings() -> list[str]:
    return data_files("grading")


@cache
def load_grading(key: str = DEFAULT_GRADING) -> Grading:
    """The scheme ``generator/data/grading/<key>.yaml``; ``GradingError`` when there is none."""
    available = available_gradings()
    if key not in available:
        raise GradingError(
            f"没有名为“{key}”的绩效评分办法：可用的有 {'、'.join(available)}"
            "（对应 generator/data/grading/ 下的文件）。"
        )
    text = resources.files("generator").joinpath("data", "grading", f"{key}.yaml").read_text("utf-8")
    try:
        return Grading.model_validate({"key": key, **yaml.safe_load(text)})
    except (yaml.YAMLError, ValidationError, TypeError) as error:
        raise GradingError(f"绩效评分办法 generator/data/grading/{key}.yaml 无法读取：{error}") from error
