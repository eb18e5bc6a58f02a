"""The reader takes workbooks as they come (issue #12): other wordings, other layouts, other table sets.

Each layout of ``corpus.LAYOUTS`` prints the factory's figures the way a real export does; the reader
must find the same tables, rows and amounts in each as in the plain layout, with no finding.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any, Literal

import openpyxl
import pytest
from corpus import LAYOUTS, NAME, header_variants, project_panels, write_layout
from factory import tiny_workbook_data, write_workbook

from generator.model import Accounts, Finding, Severity
from generator.readers.workbook import grid as grid_module
from generator.readers.workbook import read_workbook
from generator.standard.profiles import load_profile

DISPLAY = "data/2023/ce-shi/决算公开报表.xlsx"


def read(path: Path, profile: str | None = None) -> tuple[Accounts, list[Finding]]:
    return read_workbook(path, display_path=DISPLAY, profile=load_profile(profile) if profile else None)


def figures(accounts: Accounts) -> dict[str, Any]:
    """Every table's rows and total as (code, name, amounts): what the pages are made of."""

    def row(r: Any) -> tuple[Any, ...]:
        return (r.code, r.name, {key: amount.value for key, amount in r.values.items()})

    return {
        table_id: ([row(r) for r in table.rows], row(table.total) if table.total else None)
        for table_id, table in accounts.tables.items()
    }


def only(findings: list[Finding], rule: str) -> Finding:
    found = [f for f in findings if f.rule == rule]
    assert len(found) == 1, [f"{f.rule} {f.message}" for f in findings]
    return found[0]


@pytest.fixture(scope="module")
def plain(tmp_path_factory: pytest.TempPathFactory) -> dict[str, dict[str, Any]]:
    """The plain layout's figures, per table set."""
    figures_by_set = {}
    for table_set in ("sichuan13", "mof9"):
        directory = tmp_path_factory.mktemp(table_set)
        accounts, findings = read(write_workbook(directory / NAME, tiny_workbook_data(), table_set=table_set))
        assert findings == []
        figures_by_set[table_set] = figures(accounts)
    return figures_by_set


@pytest.mark.parametrize("layout", sorted(LAYOUTS))
def test_every_layout_reads_the_same_figures(
    tmp_path: Path, layout: str, plain: dict[str, dict[str, Any]]
) -> None:
    table_set = LAYOUTS[layout][0]
    path = write_layout(tmp_path, layout, tiny_workbook_data())
    accounts, findings = read(path, "sichuan" if table_set == "sichuan13" else "mof")
    assert findings == [], [f.message for f in findings]
    assert accounts.table_set == table_set
    assert figures(accounts) == plain[table_set]


# ---------------------------------------------------------------- wording


def test_headers_with_half_width_brackets_and_spaces(tmp_path: Path) -> None:
    """公务用车运行(维护)费 as many exports print it is the standard's 公务用车运行维护费."""
    path = write_workbook(tmp_path / NAME, tiny_workbook_data(), table_set="mof9")
    header_variants(path)
    accounts, findings = read(path)
    assert findings == []
    assert accounts.tables["sangong"].rows[0].get("final_reception") == Decimal("4.00")


def test_an_unmatched_header_names_the_closest_candidate(tmp_path: Path) -> None:
    path = write_workbook(tmp_path / NAME, tiny_workbook_data(), table_set="mof9")
    book = openpyxl.load_workbook(path)
    sheet = book["公开07表"]
    for row in sheet.iter_rows():
        for cell in row:
            if cell.value == "公务接待费":
                cell.value = "公务招待费用"
    book.save(path)
    _, findings = read(path)
    missing = [f for f in findings if f.rule == "load.column-missing"]
    assert missing and all("是否即" in f.message and "公务招待费用" in f.message for f in missing)
    assert missing[0].source is not None and missing[0].source.cell != "A3"  # the header cell itself


def test_shanghai_titles_its_ninth_table_income_and_expenditure(tmp_path: Path) -> None:
    """国有资本经营预算财政拨款收入支出决算表 is the 9-table set's 09 table in Shanghai's wording."""
    path = write_workbook(tmp_path / NAME, tiny_workbook_data(), table_set="mof9")
    book = openpyxl.load_workbook(path)
    book["公开09表"]["A1"] = "国有资本经营预算财政拨款收入支出决算表"
    book.save(path)
    accounts, findings = read(path, "mof")
    assert findings == []
    assert accounts.table_set == "mof9" and "soe" in accounts.tables


def test_column_numbers_without_a_label(tmp_path: Path) -> None:
    """A 栏次 row of bare numbers (1, 2, 3 …) under the header is no data row."""
    path = write_workbook(tmp_path / NAME, tiny_workbook_data(), table_set="mof9")
    book = openpyxl.load_workbook(path)
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                if cell.value == "栏次":
                    cell.value = None
    book.save(path)
    accounts, findings = read(path)
    assert findings == []
    total = accounts.tables["income"].column("total")
    assert total is not None and total.label == "本年收入合计"  # the note is no level of the header


# ---------------------------------------------------------------- layouts


def test_a_coded_table_in_three_panels(tmp_path: Path) -> None:
    """Sichuan prints 公开09表 in panels of 科目编码 | 科目名称 | 合计: no name cell is an amount."""
    path = write_workbook(tmp_path / NAME, tiny_workbook_data(), table_set="sichuan13")
    project_panels(path)
    accounts, findings = read(path)
    assert findings == []
    table = accounts.tables["gpb_project"]
    assert [row.code for row in table.rows] == ["201", "20113", "2011302"]
    assert table.total is not None and table.total.get("total") == Decimal("20.00")


def test_an_empty_table_that_says_so(tmp_path: Path) -> None:
    accounts, findings = read(write_workbook(tmp_path / NAME, tiny_workbook_data(), table_set="mof9"))
    assert findings == []
    statement = accounts.tables["soe"].empty_statement
    assert statement is not None and statement.sheet == "公开09表"
    assert accounts.tables["gpb"].empty_statement is None


def test_tables_stacked_in_one_sheet_keep_their_own_notes(tmp_path: Path) -> None:
    path = write_layout(tmp_path, "one-sheet", tiny_workbook_data())
    accounts, findings = read(path)
    assert findings == []
    sheets = {table.source.sheet for table in accounts.tables.values()}
    assert sheets == {"决算公开报表"}
    assert accounts.tables["soe"].empty_statement is not None
    assert accounts.tables["fund"].empty_statement is None


# ---------------------------------------------------------------- the set of tables


@pytest.mark.parametrize(
    ("written", "declared", "named"),
    [("sichuan13", "mof", "四川省（13 张表）"), ("mof9", "sichuan", "财政部模板（9 张表）")],
)
def test_a_workbook_of_the_other_set_is_one_error(
    tmp_path: Path, written: Literal["mof9", "sichuan13"], declared: str, named: str
) -> None:
    path = write_workbook(tmp_path / NAME, tiny_workbook_data(), table_set=written)
    accounts, findings = read(path, declared)
    assert [f.rule for f in findings] == ["load.profile-mismatch"]
    (finding,) = findings
    assert finding.severity is Severity.ERROR
    assert named in finding.message and "department.yaml" in finding.message
    assert accounts.table_set == written and len(accounts.tables) > 10  # still read, to be checked


def test_a_workbook_missing_some_tables_is_no_profile_mismatch(tmp_path: Path) -> None:
    """Missing tables are check.table-missing's to report, one each: the set is still Sichuan's."""
    path = write_workbook(tmp_path / NAME, tiny_workbook_data(), table_set="sichuan13")
    book = openpyxl.load_workbook(path)
    for name in ("公开05表", "公开09表"):  # two of the four tables only Sichuan has
        del book[name]
    book.save(path)
    _, findings = read(path, "sichuan")
    assert findings == []


# ---------------------------------------------------------------- damaged files


def test_a_panic_in_calamine_is_a_finding(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """pyo3 turns a Rust panic into PanicException, a BaseException that ``except Exception`` misses."""
    panic = type("PanicException", (BaseException,), {})

    def explode(*args: Any) -> Any:
        raise panic("index out of bounds")

    path = write_workbook(tmp_path / NAME, tiny_workbook_data(), table_set="mof9")
    monkeypatch.setattr(grid_module.CalamineWorkbook, "from_path", explode)
    monkeypatch.setattr(grid_module.CalamineWorkbook, "from_filelike", explode)
    accounts, findings = read(path)
    finding = only(findings, "load.workbook-unreadable")
    assert finding.source is not None and finding.source.file == DISPLAY
    assert accounts.tables == {}


# ---------------------------------------------------------------- one pass


def test_a_table_with_a_bad_header_is_one_finding_and_marked_failed(tmp_path: Path) -> None:
    """Two missing columns of one table are one finding; the table is kept out of the rules."""
    path = write_workbook(tmp_path / NAME, tiny_workbook_data(), table_set="mof9")
    book = openpyxl.load_workbook(path)
    for row in book["公开07表"].iter_rows():
        for cell in row:
            if cell.value == "公务用车运行维护费":
                cell.value = "车辆费用"
    book.save(path)
    accounts, findings = read(path)
    finding = only(findings, "load.column-missing")
    assert finding.expected is not None and finding.expected.count("公务用车运行维护费") == 2
    assert list(accounts.failed) == ["sangong"] and accounts.failed["sangong"].sheet == "公开07表"


def test_a_date_above_the_header_is_not_the_tables_year(tmp_path: Path) -> None:
    path = write_workbook(tmp_path / NAME, tiny_workbook_data(), table_set="mof9")
    book = openpyxl.load_workbook(path)
    book["公开02表"]["E2"] = "编制日期：2024年3月10日"  # before the year, which moves right
    book["公开02表"]["F2"] = "2023年度"
    book.save(path)
    accounts, _ = read(path)
    year = accounts.tables["income"].year
    assert year is not None and year.text == "2023"


def test_the_issuer_stops_at_a_unit_or_year_in_the_same_cell(tmp_path: Path) -> None:
    path = write_workbook(tmp_path / NAME, tiny_workbook_data(), table_set="mof9")
    book = openpyxl.load_workbook(path)
    book["公开02表"]["A2"] = "编制单位：渠县商务局    2023年度    单位：万元"
    book.save(path)
    accounts, findings = read(path)
    issuer = accounts.tables["income"].issuer
    assert findings == [] and issuer is not None and issuer.text == "渠县商务局"


def test_a_note_between_title_and_header_is_no_header(tmp_path: Path) -> None:
    path = write_workbook(tmp_path / NAME, tiny_workbook_data(), table_set="mof9")
    book = openpyxl.load_workbook(path)
    sheet = book["公开02表"]
    merges = [merged.bounds for merged in sheet.merged_cells.ranges]  # openpyxl does not move them
    for bounds in merges:
        sheet.unmerge_cells(
            start_column=bounds[0], start_row=bounds[1], end_column=bounds[2], end_row=bounds[3]
        )
    sheet.insert_rows(3)
    for left, top, right, bottom in merges:
        shift = 1 if top >= 3 else 0
        sheet.merge_cells(start_column=left, start_row=top + shift, end_column=right, end_row=bottom + shift)
    sheet["A3"] = "注：本表金额保留两位小数。"
    sheet.merge_cells("A3:I3")  # across the table, as notes are printed
    book.save(path)
    accounts, findings = read(path)
    assert findings == []
    total = accounts.tables["income"].column("total")
    assert total is not None and total.label == "本年收入合计"  # the note is no level of the header
