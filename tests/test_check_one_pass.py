"""One pass (issue #12, item 4): a table that failed to load does not silence the rest of the workbook.

A table read with errors is one set of load findings and is left out of the rules; every rule whose
tables loaded still runs, and the rules that needed the failed table are listed once for it.
"""

from __future__ import annotations

from pathlib import Path

import openpyxl
from check_support import SLUG, YEAR, base_data, change, check, write_project

from generator.model import Severity

WORKBOOK = Path("data") / str(YEAR) / SLUG / "决算公开报表.xlsx"


def break_sangong_header(root: Path) -> None:
    """The 三公 table's 公务接待费 columns headed with a word the reader cannot take for it."""
    book = openpyxl.load_workbook(root / WORKBOOK)
    for row in book["公开13表"].iter_rows():
        for cell in row:
            if cell.value == "公务接待费":
                cell.value = "招待"
    book.save(root / WORKBOOK)


def test_one_bad_header_and_three_arithmetic_errors_in_one_run(tmp_path: Path) -> None:
    data = base_data()
    change(data, "summary.income", "总计", "amount", "9999.00")  # 总计 ≠ 本年收入合计 + 结转
    change(data, "expenditure", "20113", "basic", "1.00")  # a 款 ≠ the sum of its 项
    change(data, "income", "2210201", "fiscal", "-34.38")  # a negative income
    write_project(tmp_path, data)
    break_sangong_header(tmp_path)
    checked = check(tmp_path)
    errors = {f.rule for f in checked.findings if f.severity is Severity.ERROR}
    assert "load.column-missing" in errors
    assert {"T1-c", "T3-b", "A-1"} <= errors, sorted(errors)
    assert not checked.of("Y-5")  # no change "against last year" made up from the unread 三公 table
    (skipped,) = checked.of("check.rules-skipped")
    assert skipped.severity is Severity.WARNING and "三公" in skipped.message
    assert skipped.source is not None and skipped.source.sheet == "公开13表"
    assert not [f for f in checked.findings if f.rule.endswith(".unchecked") and "三公" in f.message]


def test_a_failed_table_is_not_also_missing(tmp_path: Path) -> None:
    write_project(tmp_path)
    break_sangong_header(tmp_path)
    assert not check(tmp_path).of("check.table-missing")


def test_a_workbook_of_the_other_set_is_not_a_list_of_missing_tables(tmp_path: Path) -> None:
    """A 13-table workbook in a 9-table site: one load.profile-mismatch, then every rule runs."""
    checked = check(write_project(tmp_path, profile="mof"))
    assert [f.rule for f in checked.findings if f.severity is Severity.ERROR] == ["load.profile-mismatch"]
