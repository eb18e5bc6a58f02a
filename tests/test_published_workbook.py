"""The workbook published for download holds what the pages show and nothing else.

A department's own workbook may hold more than its tables: hidden or very hidden sheets (a 工资明细 kept
“internal”), comments, its author's name, links to files on its network. The download is written afresh
from the tables that were read, so none of that goes public, and it is an .xlsx whatever the department
sent. A standard table found on a hidden sheet is a warning naming the sheet: what is published should be
what the clerk sees in Excel.
"""

from __future__ import annotations

import zipfile
from collections.abc import Callable
from pathlib import Path

import openpyxl
from check_support import check, write_project
from openpyxl.comments import Comment

from generator.load import load_project
from generator.model import Finding, Severity
from generator.render import render_site

SECRET = "工资明细-内部"
AUTHOR = "张三（财务股）"
FOLDER = Path("data", "2023", "ce-shi-ju")


def _workbook(root: Path) -> Path:
    return root / FOLDER / "决算公开报表.xlsx"


def _downloads(root: Path, docs: Path) -> list[Path]:
    render_site(load_project(root), docs)
    return sorted((docs / "2023" / "ce-shi-ju" / "downloads").glob("*2023年度决算公开报表*"))


def test_the_download_holds_no_hidden_sheet_comment_or_author(
    tmp_path: Path, make_project: Callable[[Path], Path]
) -> None:
    root = write_project(make_project(tmp_path / "project"))
    book = openpyxl.load_workbook(_workbook(root))
    internal = book.create_sheet("内部")
    internal["A1"] = SECRET
    internal.sheet_state = "veryHidden"
    book["公开01表"]["A1"].comment = Comment("内部审核意见：待核实", AUTHOR)
    book.properties.creator = AUTHOR
    book.properties.lastModifiedBy = AUTHOR
    book.save(_workbook(root))
    [download] = _downloads(root, tmp_path / "docs")
    assert download.suffix == ".xlsx"
    with zipfile.ZipFile(download) as archive:
        text = b"".join(archive.read(name) for name in archive.namelist()).decode("utf-8", "replace")
        assert not [name for name in archive.namelist() if "comment" in name or "externalLink" in name]
    assert SECRET not in text and AUTHOR not in text and "待核实" not in text
    published = openpyxl.load_workbook(download)
    assert all(sheet.sheet_state == "visible" for sheet in published.worksheets)
    cells = {cell.value for sheet in published for row in sheet.iter_rows() for cell in row}
    assert {"行政运行", "科目名称"} <= cells  # the tables are there


def test_a_workbook_with_the_wrong_extension_is_published_as_xlsx(
    tmp_path: Path, make_project: Callable[[Path], Path]
) -> None:
    root = write_project(make_project(tmp_path / "project"))
    _workbook(root).rename(root / FOLDER / "决算公开报表.xls")  # .xlsx bytes named .xls: read all the same
    [download] = _downloads(root, tmp_path / "docs")
    assert download.suffix == ".xlsx" and zipfile.is_zipfile(download)


def _hidden_copy(root: Path, name: str, state: str, *, unrecognised: bool = False) -> list[Finding]:
    """Copy the 一般公共预算财政拨款支出决算表 to a hidden sheet ``name``; with ``unrecognised`` the visible
    one loses its title, as a clerk's edit may; return the findings about hidden tables."""
    book = openpyxl.load_workbook(_workbook(root))
    copy = book.copy_worksheet(book["公开06表"])
    copy.title = name
    copy.sheet_state = state
    if unrecognised:
        visible = book["公开06表"]
        visible.title = "Sheet6"
        for row in visible.iter_rows(max_row=2):
            for cell in row:
                if isinstance(cell.value, str) and "决算表" in cell.value:
                    cell.value = "表六"
    book.save(_workbook(root))
    return [f for f in check(root).findings if f.rule == "load.hidden-table"]


def test_a_table_on_a_hidden_sheet_is_a_warning_naming_it(tmp_path: Path) -> None:
    [finding] = _hidden_copy(write_project(tmp_path), "旧版06表", "hidden")
    assert finding.severity is Severity.WARNING
    assert "旧版06表" in finding.message and finding.source is not None and finding.source.sheet == "旧版06表"


def test_a_hidden_copy_of_a_table_the_visible_sheet_does_not_show_is_a_warning(tmp_path: Path) -> None:
    findings = _hidden_copy(write_project(tmp_path), "备份", "veryHidden", unrecognised=True)
    assert findings, "the hidden copy was read without a word"
    assert any("备份" in f.message and "一般公共预算财政拨款支出决算表" in f.message for f in findings)
