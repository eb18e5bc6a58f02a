"""The self-evaluation forms as each province prints them: column headers, their order, notes.

A form is data (``generator/data/forms/<key>.yaml``, the key of the grading scheme), not a
template: one renderer reads the layout. A province file names only what differs from
``national.yaml``; a province with no file prints the national forms. Every table of a layout
lists every column key once, so a column the data fill is never dropped by a layout.
"""

from __future__ import annotations

from functools import cache
from importlib import resources

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from generator.evaluation.grading import GradingError
from generator.evaluation.schema import Kind
from generator.readers.schema import data_files

NATIONAL = "national"
GRID_KEYS = {"nature", "target", "unit", "actual", "weight", "score", "reason"}
SHEET_KEYS = {"weight", "explanation", "method", "rule", "score"}
BUDGET_KEYS = {"initial", "adjusted", "executed", "rate", "weight", "score"}


class Column(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    key: str
    header: str


def _complete(columns: list[Column] | None, keys: set[str], table: str) -> None:
    if columns is not None and sorted(column.key for column in columns) != sorted(keys):
        raise ValueError(f"{table} 的栏目应是 {'、'.join(sorted(keys))} 各一次")


class Layout(BaseModel):
    """One province's file; what it leaves out is national.yaml's."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    name: str
    grid: dict[Kind, list[Column]] = Field(default_factory=dict)  # 绩效指标 by kind of evaluation
    sheet: list[Column] | None = None  # 评价指标体系自评分表
    budget: list[Column] | None = None  # 部门整体的年度预算执行情况
    notes: dict[Kind, list[str]] = Field(default_factory=dict)  # printed under the form

    @model_validator(mode="after")
    def _every_key_once(self) -> Layout:
        for kind, columns in self.grid.items():
            _complete(columns, GRID_KEYS, f"grid.{kind}")
        _complete(self.sheet, SHEET_KEYS, "sheet")
        _complete(self.budget, BUDGET_KEYS, "budget")
        return self


class Forms:
    """The columns of each table of a province's forms, national.yaml's where it says nothing."""

    def __init__(self, own: Layout, national: Layout) -> None:
        self.name = own.name
        self._own = own
        self._national = national

    def grid(self, kind: Kind) -> list[Column]:
        return self._own.grid.get(kind) or self._national.grid[kind]

    @property
    def sheet(self) -> list[Column]:
        return self._own.sheet or self._national.sheet or []

    @property
    def budget(self) -> list[Column]:
        return self._own.budget or self._national.budget or []

    def notes(self, kind: Kind) -> list[str]:
        return self._own.notes.get(kind, [])


def _layout(key: str) -> Layout:
    text = resources.files("generator").joinpath("data", "forms", f"{key}.yaml").read_text("utf-8")
    try:
        return Layout.model_validate(yaml.safe_load(text))
    except (yaml.YAMLError, ValidationError, TypeError) as error:
        raise GradingError(f"绩效自评表式 generator/data/forms/{key}.yaml 无法读取：{error}") from error


@cache
def load_forms(key: str) -> Forms:
    """The forms of the grading scheme ``key``'s province (national.yaml's when it has no file)."""
    national = _layout(NATIONAL)
    return Forms(_layout(key) if key in data_files("forms") else national, national)
