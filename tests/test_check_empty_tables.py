"""A table that says it is empty (issue #12, item 2): read as empty, its figures elsewhere checked to be zero.

Departments without 国有资本经营预算 spending print the table's header and a note such as
“本部门本年度没有国有资本经营预算财政拨款收支，故本表无数据。”, often without a 合计 row.
"""

from __future__ import annotations

from pathlib import Path

import openpyxl
from check_support import SLUG, YEAR, base_data, change, check, write_project

WORKBOOK = Path("data") / str(YEAR) / SLUG / "决算公开报表.xlsx"
SOE_SHEETS = ("公开11表", "公开12表")  # the sample department has no 国有资本经营预算


def drop_blank_totals(root: Path) -> None:
    """Delete the blank 合计 row of the 国有资本经营 tables, leaving the header and the note."""
    book = openpyxl.load_workbook(root / WORKBOOK)
    for name in SOE_SHEETS:
        sheet = book[name]
        (total,) = [row[0].row for row in sheet.iter_rows() if row[0].value == "合计"]
        sheet.delete_rows(total)
    book.save(root / WORKBOOK)


def test_an_empty_table_without_a_total_row_is_checked_not_unchecked(tmp_path: Path) -> None:
    write_project(tmp_path)
    drop_blank_totals(tmp_path)
    checked = check(tmp_path)
    assert not [f.message for f in checked.findings if f.rule.endswith(".unchecked")]
    assert checked.serious() == []


def test_figures_elsewhere_of_an_empty_table_must_be_zero(tmp_path: Path) -> None:
    data = base_data()
    change(data, "fiscal_summary.expenditure", "本年支出合计", "soe", "5.00")
    write_project(tmp_path, data)
    drop_blank_totals(tmp_path)
    checked = check(tmp_path)
    errors = [f for f in checked.findings if f.rule in ("X-6", "X-7")]
    assert errors and all(f.source is not None for f in errors)
