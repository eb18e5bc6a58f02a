"""Every figure the generated prose quotes is printed in a table cell, or is a documented computation.

Issue #12, item 8: a disclosure quotes the tables; it must not compute a quantity that a table
prints (a real 2024 document said 基本支出 105.59 万元 where every table printed 105.58). Documented
computations are the differences "增加/减少 X 万元" (this year's figure less last year's) and the
percentages; the amounts department.yaml states (三公 parts, 政府采购, 上年决算数) are figures too.
"""

from __future__ import annotations

import re
from decimal import Decimal
from itertools import combinations
from pathlib import Path
from typing import Any

from generator.load import load_project
from generator.model import Accounts, DepartmentYear
from generator.numbers import q2

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


def test_every_prose_figure_is_a_printed_cell_or_a_difference(sample_docs: Path) -> None:
    project = load_project(REPO)
    strays = []
    for dy in project.department_years:
        figures = printed_figures(dy)
        differences = {abs(a - b) for a, b in combinations(figures, 2)}
        for page in PROSE_PAGES:
            path = sample_docs / str(dy.year) / dy.slug / page
            if not path.is_file():
                continue
            for number in prose_amounts(path.read_text(encoding="utf-8")):
                if Decimal(number) not in figures and Decimal(number) not in differences:
                    strays.append(f"{dy.label}/{page}: {number} 万元")
    assert strays == []
