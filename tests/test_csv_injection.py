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

import openpyxl
from check_support import DEPARTMENT, base_data, check, line, write_project, yaml_with

from generator.load import load_project
from generator.pages.downloads import download_stem
from generator.render import render_site

FORMULAS = {
    "2011301": '=HYPERLINK("http://example.com","点击")',
    "2011302": "+1+1",
    "2011308": "-2+3",
    "2080501": "@SUM(A1:A2)",
}
NUMBER = re.compile(r"[-+]?\d[\d,]*(\.\d+)?%?")


def _cells(docs: Path) -> list[str]:
    cells = []
    for path in sorted(docs.rglob("*.csv")):
        text = path.read_text(encoding="utf-8").removeprefix("\ufeff")
        cells += [cell for row in csv.reader(io.StringIO(text)) for cell in row]
    return cells


def _name_cells_as_text(root: Path) -> None:
    """The 科目名称 of FORMULAS' rows typed as text cells, as Excel keeps text that starts with “=”."""
    checked = check(root)
    workbook = checked.dy.workbook
    assert workbook is not None
    book = openpyxl.load_workbook(workbook)
    for code, formula in FORMULAS.items():
        source = checked.row("gpb", code).source
        assert source.sheet is not None and source.cell is not None
        sheet = book[source.sheet]
        cell = next(
            cell for cell in sheet[sheet[source.cell].row] if cell.value == checked.row("gpb", code).name
        )
        cell.value = formula
        cell.data_type = "s"  # text, not a formula
    book.save(workbook)


def test_cells_that_would_start_a_formula_are_text(
    tmp_path: Path, make_project: Callable[[Path], Path]
) -> None:
    data = base_data()
    line(data, "gpb", "2011302").values["basic"] = Decimal("-3.73")  # a number stays a number
    department = yaml_with(DEPARTMENT, "name: 测试局", "name: '=1+2 测试局'")
    root = write_project(make_project(tmp_path / "project"), data, department)
    _name_cells_as_text(root)
    docs = tmp_path / "docs"
    render_site(load_project(root), docs)
    cells = _cells(docs)
    risky = [
        cell
        for cell in cells
        if cell.startswith(("=", "+", "-", "@", "\t", "\r")) and not NUMBER.fullmatch(cell)
    ]
    assert risky == []
    assert {"'" + formula for formula in FORMULAS.values()} <= set(cells)
    assert "'=1+2 测试局" in cells  # the site-wide key figures name the department
    assert "-3.73" in cells


def test_a_department_name_in_a_file_name_is_one_short_file_name() -> None:
    """Downloads are named after the department: its name can make no folder, anchor or overlong name."""
    stem = download_stem(2023, "../a/b#c:" + "局" * 40, "收入决算表")
    assert stem == ".._a_b_c_" + "局" * 21 + "2023年度收入决算表"
    assert len(f"{stem}（收入支出决算总表）.csv".encode()) < 255
