"""Projects for the check tests: a real workbook written with the factory and a real department.yaml.

The base project is the sample department (渠县商务局 2023, ``sample_workbook_data()``) under a
neutral department.yaml that explains every change, so that it checks clean apart from the seed's
own 0.01 rounding in 社会保障和就业支出. A test changes one thing and looks for one rule id.
"""

from __future__ import annotations

import tempfile
from dataclasses import dataclass
from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import Any, Literal

from factory import Line, WorkbookData, write_workbook
from sample_qu_xian import sample_workbook_data

from generator.check import check_project
from generator.load import load_project
from generator.model import DepartmentYear, Finding, Project, Row, Severity, Table

TableSet = Literal["mof9", "sichuan13"]
YEAR = 2023
SLUG = "ce-shi-ju"
SITE = """\
title: 测试县部门决算公开
region: 四川省测试县
publisher: 测试县财政局
profile: {profile}
"""
DEPARTMENT = """\
name: 测试局
kind: 行政
duties: 负责全县商务工作。
organisation:
  description: 内设办公室、商贸股。
  units:
    - name: 测试局
      note: 本级
dates:
  approved: 2024-09-10
  published: 2024-09-27
reasons:
  total: 预算项目调整
  fiscal_total: 预算项目调整
  gpb: 预算项目调整
  operating_costs: 厉行节约，压减一般性支出
sangong:
  abroad:
    groups: 0
    people: 0
  vehicles:
    held:
      sedan: 0
  reception:
    domestic:
      batches: 75
      people: 920
      amount: 9.00
      description: 主要用于招商引资接待。
prior_year:
  total: 6773.08
  fiscal_total: 6773.08
  gpb: 1115.48
  sangong:
    total: 9.50
    reception: 9.50
  operating_costs: 201.53
"""


@dataclass
class Checked:
    """A written project, loaded and checked."""

    root: Path
    project: Project
    findings: list[Finding]

    @property
    def dy(self) -> DepartmentYear:
        """The department-year under test (2023; a copied sample tree also holds other years)."""
        return next(dy for dy in self.project.department_years if dy.year == YEAR)

    def table(self, table_id: str) -> Table:
        assert self.dy.accounts is not None
        table = self.dy.accounts.get(table_id)
        assert table is not None, table_id
        return table

    def row(self, table_id: str, code_or_name: str) -> Row:
        table = self.table(table_id)
        if code_or_name in ("合计", "人员经费合计", "公用经费合计") and table.total is not None:
            return table.total
        row = table.row(code_or_name) or next((r for r in table.rows if r.name == code_or_name), None)
        assert row is not None, (table_id, code_or_name)
        return row

    def cell(self, table_id: str, code_or_name: str, key: str) -> tuple[str | None, str | None]:
        """(sheet, cell) of an amount as the workbook reader located it."""
        amount = self.row(table_id, code_or_name).amount(key)
        assert amount is not None, (table_id, code_or_name, key)
        return amount.source.sheet, amount.source.cell

    def of(self, rule: str, severity: Severity | None = None) -> list[Finding]:
        return [f for f in self.findings if f.rule == rule and (severity is None or f.severity is severity)]

    def errors(self, rule: str) -> list[Finding]:
        return self.of(rule, Severity.ERROR)

    def serious(self) -> list[Finding]:
        """Everything but 提示."""
        return [f for f in self.findings if f.severity is not Severity.INFO]


def base_data() -> WorkbookData:
    return sample_workbook_data()


def line(data: WorkbookData, table_id: str, code_or_name: str) -> Line:
    """The line with this code or label; a label also matches its numbered form (“一、…”)."""
    found = [item for item in data[table_id] if code_or_name in (item.code, item.name)]
    if not found:
        found = [item for item in data[table_id] if item.name.endswith(f"、{code_or_name}")]
    assert len(found) == 1, (table_id, code_or_name, found)
    return found[0]


def change(data: WorkbookData, table_id: str, code_or_name: str, key: str, value: str | None) -> None:
    """Set one amount of the neutral data (None leaves the cell blank)."""
    line(data, table_id, code_or_name).values[key] = None if value is None else Decimal(value)


def write_project(
    root: Path,
    data: WorkbookData | None = None,
    department: str = DEPARTMENT,
    *,
    table_set: TableSet = "sichuan13",
    profile: str = "sichuan",
    **layout: Any,
) -> Path:
    """A project with one department-year; ``layout`` goes to ``write_workbook`` (codes, unit, …)."""
    directory = root / "data" / str(YEAR) / SLUG
    directory.mkdir(parents=True, exist_ok=True)
    (root / "data" / "site.yaml").write_text(SITE.format(profile=profile), encoding="utf-8")
    (directory / "department.yaml").write_text(department, encoding="utf-8")
    workbook = directory / "决算公开报表.xlsx"
    if data is None and table_set == "sichuan13" and not layout:
        workbook.write_bytes(_base_workbook())  # the same for most tests: written once
    else:
        _write(workbook, base_data() if data is None else data, table_set, **layout)
    return root


def _write(path: Path, data: WorkbookData, table_set: TableSet, **layout: Any) -> None:
    write_workbook(path, data, table_set=table_set, department="测试局", year=YEAR, **layout)


@cache
def _base_workbook() -> bytes:
    with tempfile.TemporaryDirectory() as scratch:
        path = Path(scratch) / "决算公开报表.xlsx"
        _write(path, base_data(), "sichuan13")
        return path.read_bytes()


def check(root: Path) -> Checked:
    project = load_project(root)
    return Checked(root, project, check_project(project))


def run(
    root: Path, data: WorkbookData | None = None, department: str = DEPARTMENT, **options: Any
) -> Checked:
    """Write a project under ``root``, load and check it; loading must have gone well."""
    checked = check(write_project(root, data, department, **options))
    load_errors = [f for f in checked.project.all_findings() if f.severity is Severity.ERROR]
    assert not load_errors, [f.message for f in load_errors]
    return checked


def line_of(text: str, fragment: str) -> int:
    """1-based line of the first line of ``text`` that contains ``fragment``."""
    return next(number for number, content in enumerate(text.splitlines(), 1) if fragment in content)


def yaml_with(department: str, old: str, new: str) -> str:
    assert old in department, old
    return department.replace(old, new, 1)
