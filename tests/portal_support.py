"""A region of several departments in one year, for the portal's tests: the tests' small department
(``tiny_workbook_data``) with its amounts multiplied per department, so that the departments differ and
every 勾稽 rule still holds; a department.yaml with an optional ``group`` and kind; a 部门整体
self-evaluation where asked for."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from factory import tiny_workbook_data
from template_fill import fill_template

from generator.tools.blank_workbook import TEMPLATE_NAME, write_template

YEAR = 2023
SITE = """\
title: 测试县部门决算公开
region: 四川省测试县
publisher: 测试县财政局
profile: sichuan
grading: national
"""
DEPARTMENT = """\
name: {name}
kind: {kind}
{group}duties: 负责全县相关工作。
organisation:
  description: 内设办公室。
  units:
    - name: {name}
      note: 本级
dates:
  approved: 2024-09-10
  published: 2024-09-27
reasons:
  sangong_budget: 严格控制接待批次
sangong:
  abroad:
    groups: 0
    people: 0
  vehicles:
    held:
      sedan: 0
  reception:
    domestic:
      batches: 5
      people: 30
      amount: {reception}
"""
# 部门整体 self-evaluation: 预算执行率 10 分 (national) + indicators of 90 分, of which ``score`` is earned.
EVALUATION = """\
kind: 部门整体
title: {year} 年度部门整体支出绩效自评表
name: {name}
budget:
  adjusted: {total}
  executed: {total}
goal: 完成年度工作任务。
indicators:
  - name: 产出指标
    groups:
      - name: 数量指标
        items:
          - name: 完成事项
            nature: "≥"
            target: 10
            unit: 项
            actual: 10
            weight: 90
            score: {score}
            reason: 部分事项延至下年完成
"""


@dataclass(frozen=True)
class Department:
    slug: str
    name: str
    scale: int  # the tiny department's amounts times this: 收支总计 135.00 × scale
    group: str = ""
    kind: str = "行政"
    score: int | None = None  # the indicators' score out of 90 (+10 for 预算执行): None = no evaluation


def write_region(root: Path, departments: list[Department], scratch: Path) -> Path:
    """``root/data/``: site.yaml and one folder per department of ``YEAR``; returns ``root``."""
    data = root / "data"
    data.mkdir(parents=True, exist_ok=True)
    (data / "site.yaml").write_text(SITE, encoding="utf-8")
    for department in departments:
        folder = data / str(YEAR) / department.slug
        folder.mkdir(parents=True)
        scale = Decimal(department.scale)
        text = DEPARTMENT.format(
            name=department.name,
            kind=department.kind,
            group=f"group: {department.group}\n" if department.group else "",
            reception=Decimal("4.00") * scale,
        )
        (folder / "department.yaml").write_text(text, encoding="utf-8")
        blank = write_template(
            scratch / f"{department.slug}.xlsx", profile="sichuan", department=department.name, year=YEAR
        )
        fill_template(blank, tiny_workbook_data(), scale=scale).replace(folder / TEMPLATE_NAME)
        if department.score is not None:
            (folder / "evaluation").mkdir()
            (folder / "evaluation" / "bumen.yaml").write_text(
                EVALUATION.format(
                    year=YEAR, name=department.name, total=Decimal("135.00") * scale, score=department.score
                ),
                encoding="utf-8",
            )
    return root
