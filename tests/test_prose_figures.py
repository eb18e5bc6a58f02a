"""Every figure the generated prose quotes is printed in a table cell, or is a documented computation.

Issue #12, item 8: a disclosure quotes the tables; it must not compute a quantity that a table
prints (a real 2024 document said 基本支出 105.59 万元 where every table printed 105.58). Documented
computations are the differences "增加/减少 X 万元" (this year's figure less last year's) and the
percentages; the amounts department.yaml states (三公 parts, 政府采购, 上年决算数) are figures too.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from decimal import Decimal
from itertools import combinations
from pathlib import Path
from typing import Any

from check_support import SLUG, YEAR
from corpus import tiny_department
from factory import tiny_workbook_data, write_workbook

from generator.check import check_project
from generator.load import load_project
from generator.model import Accounts, DepartmentYear, Severity
from generator.numbers import q2
from generator.render import render_site

REPO = Path(__file__).resolve().parent.parent
AMOUNT = re.compile(r"(?<![\d.])(\d+(?:\.\d+)?) 万元(?!以上)")  # "单价 100 万元以上设备" is a threshold
PROSE_PAGES = ("index.md", "shuoming.md", "sangong.md", "yitu.md", "gaikuang.md")


def _cells(accounts: Accounts | None) -> set[Decimal]:
    if accounts is None:
        return set()
    return {
        q2(amount.value)
        for table in accounts.tables.values()
        for row in [*table.rows, *([table.total] if table.total else [])]
        for amount in row.values.values()
    }


def _stated(value: Any) -> set[Decimal]:
    """Every number department.yaml states (walked through its model), also inside its texts."""
    if isinstance(value, Decimal | int | float) and not isinstance(value, bool):
        return {q2(Decimal(str(value)))}
    if isinstance(value, str):
        return {q2(Decimal(number)) for number in AMOUNT.findall(value)}
    if isinstance(value, dict):
        return {n for item in value.values() for n in _stated(item)}
    if isinstance(value, list | tuple):
        return {n for item in value for n in _stated(item)}
    if hasattr(value, "model_dump"):
        return _stated(value.model_dump())
    return set()


def printed_figures(dy: DepartmentYear) -> set[Decimal]:
    """The figures the prose may quote: cells of this and last year's tables, department.yaml's amounts."""
    figures = _cells(dy.accounts) | _stated(dy.department) | {Decimal("0.00")}
    if dy.prior is not None:
        figures |= _cells(dy.prior.accounts) | _stated(dy.prior.department)
    return figures


def prose_amounts(text: str) -> list[str]:
    """The "N 万元" of the prose: the Markdown outside tables (HTML and pipe tables left out)."""
    lines = [line for line in text.splitlines() if not line.lstrip().startswith(("|", "<"))]
    return AMOUNT.findall("\n".join(lines))


def strays(dy: DepartmentYear, text: str) -> list[str]:
    """The prose amounts of ``text`` that are neither a printed figure nor a difference of two."""
    figures = printed_figures(dy)
    differences = {abs(a - b) for a, b in combinations(figures, 2)}
    return [n for n in prose_amounts(text) if Decimal(n) not in figures | differences]


def test_every_prose_figure_is_a_printed_cell_or_a_difference(sample_docs: Path) -> None:
    project = load_project(REPO)
    found = []
    for dy in project.department_years:
        for page in PROSE_PAGES:
            path = sample_docs / str(dy.year) / dy.slug / page
            if path.is_file():
                found += [
                    f"{dy.label}/{page}: {n} 万元" for n in strays(dy, path.read_text(encoding="utf-8"))
                ]
    assert found == []


def test_basic_spending_is_quoted_from_the_table_that_prints_it(
    tmp_path: Path, make_project: Callable[[Path], Path]
) -> None:
    """人员经费 100.00 + 公用经费 10.01 = 110.01, but the 一般公共预算 table prints 基本支出 110.00:
    the check notes the 0.01 (X-5) and the prose quotes 110.00, as the real Shanghai case should have."""
    data = tiny_workbook_data()
    for item in data["gpb_basic.public"]:
        if item.code in ("302", "30201") or item.name == "公用经费合计":
            item.values["amount"] = item.values["amount"] + Decimal("0.01")  # type: ignore[operator]
    root = make_project(tmp_path / "project")
    directory = tiny_department(root, "sichuan")
    write_workbook(directory / "决算公开报表.xlsx", data, department="测试局", year=YEAR)
    project = load_project(root)
    findings = check_project(project)
    assert [(f.rule, f.severity) for f in findings if f.rule == "X-5"] == [("X-5", Severity.INFO)]
    docs = tmp_path / "docs"
    render_site(project, docs)
    text = (docs / str(YEAR) / SLUG / "shuoming.md").read_text(encoding="utf-8")
    assert "基本支出 110.00 万元" in text and "110.01" not in text
    (dy,) = project.department_years
    assert strays(dy, text) == []
