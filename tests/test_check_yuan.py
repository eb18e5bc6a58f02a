"""A workbook in 元 is checked in 元 (issue #12, item 5): exact data give no 尾差, one 元 off is an error.

The tiny department's figures are shifted by amounts below 0.01 万元 that keep every sum exact in 元
(2011301 基本支出 99.9949 万元 and 2011302 基本支出 0.0049 万元 add up to 20113's 99.9998): rounded
to 万元 one by one they would differ by 0.01 from their 款, the 尾差 the old check reported.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any

import openpyxl
from check_support import YEAR, check
from corpus import tiny_department
from factory import WorkbookData, tiny_workbook_data, write_workbook

from generator.model import Severity

D = Decimal
CODED = ("income", "expenditure", "fiscal_detail", "gpb", "gpb_detail")
# code (None: the 合计 row) → key → shift in 万元; every row's own sums and every table's stay exact
SHIFTS: dict[str | None, dict[str, Decimal]] = {
    "2011301": {"basic": D("-0.0051"), "total": D("-0.0051"), "budget": D("-0.0051"), "fiscal": D("-0.0051")},
    "2011302": {
        "basic": D("0.0049"),
        "project": D("0.0002"),
        "total": D("0.0051"),
        "budget": D("0.0051"),
        "fiscal": D("0.0051"),
    },
    **{code: {"basic": D("-0.0002"), "project": D("0.0002")} for code in ("20113", "201", None)},
}


def exact_in_yuan() -> WorkbookData:
    data = tiny_workbook_data()
    for table_id in CODED:
        for line in data[table_id]:
            for key, shift in SHIFTS.get(line.code, {}).items():
                if key in line.values and (line.code is not None or line.name == "合计"):
                    line.values[key] = (line.values[key] or D("0")) + shift
    for line in data["gpb_project"]:  # the 项目支出 table's one column is the 项目支出
        line.values["total"] = line.values["total"] + D("0.0002")  # type: ignore[operator]
    for line in data["gpb_basic.personnel"]:
        if line.code in ("301", "30101", None):
            line.values["amount"] = line.values["amount"] - D("0.0002")  # type: ignore[operator]
    return data


def project(root: Path, data: WorkbookData, **options: Any) -> Path:
    directory = tiny_department(root, "sichuan")
    write_workbook(directory / "决算公开报表.xlsx", data, department="测试局", year=YEAR, **options)
    return root


def test_exact_figures_in_yuan_have_no_rounding_notes(tmp_path: Path) -> None:
    checked = check(project(tmp_path, exact_in_yuan(), unit="元"))
    assert [f"{f.rule} {f.message}" for f in checked.findings] == []


def test_one_yuan_off_is_an_error_stated_in_yuan(tmp_path: Path) -> None:
    data = exact_in_yuan()
    (line,) = [line for line in data["expenditure"] if line.code == "2011301"]
    line.values["basic"] = line.values["basic"] + D("0.0001")  # type: ignore[operator]
    checked = check(project(tmp_path, data, unit="元"))
    errors = [f for f in checked.findings if f.severity is Severity.ERROR]
    assert errors and all("相差 1.00 元" in f.message or "1.00 元" in f.message for f in errors), [
        f.message for f in errors
    ]


def test_a_table_in_yuan_is_added_up_in_yuan_before_it_is_compared_with_one_in_wan_yuan(
    tmp_path: Path,
) -> None:
    """A workbook mixing units: the 基本支出表 in 元, the 一般公共预算 table in 万元 (X-5).

    人员经费 99.9949 万元 and 公用经费 10.0049 万元 add up to 109.9998 万元, printed 110.00 in 万元:
    rounded one by one before they are added (99.99 + 10.00) they would be a 0.01 尾差 short.
    """
    data = tiny_workbook_data()
    shifts = {
        "gpb_basic.personnel": ("301", "30101", D("-0.0051")),
        "gpb_basic.public": ("302", "30201", D("0.0049")),
    }
    for table_id, (*codes, shift) in shifts.items():
        for line in data[table_id]:
            if line.code in codes or line.code is None:
                line.values["amount"] = line.values["amount"] + shift  # type: ignore[operator]
    root = project(tmp_path, tiny_workbook_data())
    workbook = root / "data" / str(YEAR) / "ce-shi-ju" / "决算公开报表.xlsx"
    in_yuan = write_workbook(tmp_path / "元.xlsx", data, department="测试局", year=YEAR, unit="元")
    _copy_sheet(in_yuan, workbook, "一般公共预算财政拨款基本支出决算明细表")
    checked = check(root)
    assert checked.table("gpb_basic.personnel").unit == "元" and checked.table("gpb").unit == "万元"
    assert [f"{f.rule} {f.message}" for f in checked.findings] == []


def _copy_sheet(source: Path, target: Path, title: str) -> None:
    """The values of the sheet holding ``title`` copied from one workbook of the factory's into another."""
    sheets = []
    for path in (source, target):
        book = openpyxl.load_workbook(path)
        sheets.append((book, next(sheet for sheet in book if sheet["A1"].value == title)))
    (_, copied), (book, sheet) = sheets
    for row in copied.iter_rows():
        for cell in row:
            if cell.coordinate not in sheet.merged_cells:
                sheet[cell.coordinate] = cell.value
    book.save(target)
