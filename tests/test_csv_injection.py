"""CSV downloads cannot run formulas in a spreadsheet: a text cell a department typed that begins with
``=``, ``+``, ``-``, ``@``, a tab or a carriage return, and is not a number, starts with a single quote
(OWASP's advice on CSV injection). Every CSV of the site is read: the tables', the department-year's and
the site-wide key figures."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

from check_support import DEPARTMENT, base_data, line, write_project, yaml_with

from generator.load import load_project
from generator.render import render_site

FORMULAS = ['=HYPERLINK("http://example.com","点击")', "+1+1", "-2+3", "@SUM(A1:A2)"]
NUMBER = re.compile(r"[-+]?\d[\d,]*(\.\d+)?%?")


def _cells(docs: Path) -> list[str]:
    cells = []
    for path in sorted(docs.rglob("*.csv")):
        text = path.read_text(encoding="utf-8").removeprefix("\ufeff")
        cells += [cell for row in csv.reader(io.StringIO(text)) for cell in row]
    return cells


def test_cells_that_would_start_a_formula_are_text(
    tmp_path: Path, make_project: Callable[[Path], Path]
) -> None:
    data = base_data()
    for code, formula in zip(["2011301", "2011302", "2011308", "2080501"], FORMULAS, strict=True):
        line(data, "gpb", code).name = formula
    line(data, "gpb", "2011302").values["basic"] = Decimal("-3.73")  # a number stays a number
    department = yaml_with(DEPARTMENT, "name: 测试局", "name: '=1+2 测试局'")
    root = write_project(make_project(tmp_path / "project"), data, department)
    docs = tmp_path / "docs"
    render_site(load_project(root), docs)
    cells = _cells(docs)
    risky = [
        cell for cell in cells if cell[:1] in ("=", "+", "-", "@", "\t", "\r") and not NUMBER.fullmatch(cell)
    ]
    assert risky == []
    assert {"'" + formula for formula in FORMULAS} <= set(cells)
    assert "'=1+2 测试局" in cells  # the site-wide key figures name the department
    assert "-3.73" in cells
