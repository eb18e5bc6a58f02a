"""The standard tables as ``generator/data/tables.yaml`` describes them: titles, panels, columns."""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum
from functools import cache
from importlib import resources

import yaml

# 收入支出决算总表: the eight sources of income, in the order the standard lists them.
INCOME_SOURCES = [
    "一般公共预算财政拨款收入",
    "政府性基金预算财政拨款收入",
    "国有资本经营预算财政拨款收入",
    "上级补助收入",
    "事业收入",
    "经营收入",
    "附属单位上缴收入",
    "其他收入",
]


class Layout(StrEnum):
    """How a standard table is printed, which decides how it is read, shown and written blank."""

    SUMMARY = "summary"  # two panels of 项目 | amounts, rows by label (收入支出决算总表)
    CODED = "coded"  # 科目编码 | 科目名称 | amounts, rows by code
    ECONOMIC = "economic"  # panels of 经济分类科目编码 | 科目名称 | 决算数
    SINGLE = "single"  # one row of amounts (“三公”经费)


@dataclass(frozen=True)
class ColumnSpec:
    key: str
    label: str  # the header as the standard export prints it, levels joined with "/"
    patterns: tuple[re.Pattern[str], ...]
    optional: bool = False


@dataclass(frozen=True)
class LogicalSpec:
    id: str
    columns: tuple[ColumnSpec, ...]
    caption: str | None = None  # the panel of a two-panel table: 收入, 支出, 人员经费, 公用经费
    keep_other_columns: bool = False
    total_label: str | None = None  # economic layout: the cell that labels this panel's total
    classes: tuple[str, ...] = ()  # economic layout: the 类 codes of this panel, "*" for the rest


@dataclass(frozen=True)
class TableSpec:
    key: str
    title: str
    aliases: tuple[str, ...]
    layout: Layout
    logical: tuple[LogicalSpec, ...]
    subrows_after: tuple[str, ...] = ()

    def name(self, logical: LogicalSpec) -> str:
        """收入决算表; 收入支出决算总表（收入） for one panel."""
        return f"{self.title}（{logical.caption}）" if logical.caption else self.title


@cache
def table_specs() -> dict[str, TableSpec]:
    """The standard tables of ``generator/data/tables.yaml``, keyed by physical table key."""
    text = resources.files("generator").joinpath("data", "tables.yaml").read_text("utf-8")
    specs = {}
    for key, raw in yaml.safe_load(text)["tables"].items():
        logical = tuple(
            LogicalSpec(
                id=item["id"],
                columns=tuple(
                    ColumnSpec(
                        key=column["key"],
                        label=column["label"],
                        patterns=tuple(re.compile(pattern) for pattern in column["match"]),
                        optional=bool(column.get("optional", False)),
                    )
                    for column in item["columns"]
                ),
                caption=item.get("caption"),
                keep_other_columns=bool(item.get("keep_other_columns", False)),
                total_label=item.get("total_label"),
                classes=tuple(item.get("classes") or ()),
            )
            for item in raw["logical"]
        )
        specs[key] = TableSpec(
            key=key,
            title=raw["title"],
            aliases=tuple(raw.get("aliases") or ()),
            layout=Layout(raw["layout"]),
            logical=logical,
            subrows_after=tuple(raw.get("subrows_after") or ()),
        )
    return specs
