"""A table the reader did not recognise is reported missing with the title it most likely is (#12, 1)."""

from __future__ import annotations

from pathlib import Path

import openpyxl
from check_support import SLUG, YEAR, check, write_project

WORKBOOK = Path("data") / str(YEAR) / SLUG / "决算公开报表.xlsx"


def test_a_mistyped_title_is_named_as_what_it_may_be(tmp_path: Path) -> None:
    write_project(tmp_path)
    book = openpyxl.load_workbook(tmp_path / WORKBOOK)
    book["公开13表"]["A1"] = "财政拨款三公经费决算表"
    book.save(tmp_path / WORKBOOK)
    (finding,) = check(tmp_path).of("check.table-missing")
    assert finding.source is not None and (finding.source.sheet, finding.source.cell) == ("公开13表", "A1")
    assert "是否即此表" in finding.message and finding.found == "财政拨款三公经费决算表"


def test_without_a_likely_title_the_table_is_just_missing(tmp_path: Path) -> None:
    write_project(tmp_path)
    book = openpyxl.load_workbook(tmp_path / WORKBOOK)
    del book["公开13表"]
    book.save(tmp_path / WORKBOOK)
    (finding,) = check(tmp_path).of("check.table-missing")
    assert finding.found == "无" and "是否即此表" not in finding.message
