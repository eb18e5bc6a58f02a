"""Reading the standard workbook: real files written with openpyxl (and xlwt), read back cell by cell."""

from __future__ import annotations

import io
import re
import unicodedata
from decimal import Decimal
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from factory import Line, Options, SheetWriter, WorkbookData, tiny_workbook_data, write_workbook
from openpyxl.worksheet.worksheet import Worksheet
from sample_qu_xian import sample_workbook_data

from generator.model import Accounts, Finding, Row, Severity, Table
from generator.readers.workbook import NotANumber, match_title, parse_amount, read_workbook
from generator.readers.workbook.layouts import SingleReader
from generator.standard.tables import table_specs

D = Decimal
NAME = "决算公开报表.xlsx"
LAYOUTS = {logical.id: spec.layout for spec in table_specs().values() for logical in spec.logical}
TOTAL_LABELS = {"gpb_basic.personnel": "人员经费合计", "gpb_basic.public": "公用经费合计"}
NUMBERING = re.compile(r"^[一二三四五六七八九十]+、")
FUNDS = ("一般公共预算财政拨款", "政府性基金预算财政拨款", "国有资本经营预算财政拨款")
BALANCES = ("年初财政拨款结转和结余", "年末财政拨款结转和结余")


# ---------------------------------------------------------------- helpers


def read(path: Path) -> tuple[Accounts, list[Finding]]:
    return read_workbook(path, display_path=f"data/2023/ce-shi/{path.name}")


def rules(findings: list[Finding], severity: Severity | None = None) -> list[str]:
    return [f.rule for f in findings if severity is None or f.severity is severity]


def only(findings: list[Finding], rule: str) -> Finding:
    found = [f for f in findings if f.rule == rule]
    assert len(found) == 1, [f"{f.rule} {f.message}" for f in findings]
    return found[0]


def values(row: Row) -> dict[str, Decimal]:
    return {key: amount.value for key, amount in row.values.items()}


def expected_values(line: Line) -> dict[str, Decimal]:
    """What the reader must find: amounts only (blank, "-" and None cells are absent)."""
    return {key: value for key, value in line.values.items() if isinstance(value, Decimal)}


def expected_table(
    table_id: str, lines: list[Line]
) -> tuple[list[tuple[str | None, str, dict]], tuple | None]:
    """(rows, total) as (code, name, amounts) the reader should make of the factory's lines."""
    layout = LAYOUTS[table_id]
    if layout == "single":
        return [(None, "三公经费", expected_values(lines[0]))], None
    if layout == "summary":
        rows = []
        balance = None
        for line in lines:
            name = NUMBERING.sub("", line.name)
            if name in BALANCES:
                balance = name
            elif balance and name in FUNDS:
                name = f"{balance}/{name}"
            else:
                balance = None
            rows.append((None, name, expected_values(line)))
        return rows, None
    total_names = {TOTAL_LABELS[table_id]} if layout == "economic" else {"合计", "总计"}
    totals = [line for line in lines if line.code is None and line.name in total_names]
    rows = [(line.code, line.name, expected_values(line)) for line in lines if line not in totals]
    total = (None, totals[0].name, expected_values(totals[0])) if totals else None
    return rows, total


def shown(sheet: Worksheet, ref: str) -> Any:
    """The value a cell shows: its own, or that of the merged range it lies in."""
    for merged in sheet.merged_cells.ranges:
        if ref in merged:
            return sheet.cell(merged.min_row, merged.min_col).value
    return sheet[ref].value


def fold(value: Any) -> str:
    return unicodedata.normalize("NFKC", re.sub(r"\s+", "", str(value)))


def assert_sources(path: Path, accounts: Accounts, unit_factor: int = 1) -> None:
    """Every Source names the displayed file, the table's sheet and the cell that holds the value."""
    book = openpyxl.load_workbook(path)
    for table in accounts.tables.values():
        assert table.source.file == f"data/2023/ce-shi/{path.name}"
        sheet = book[table.source.sheet]
        for column in table.columns:
            assert column.source.sheet == sheet.title
            assert fold(shown(sheet, column.source.cell)) == column.label.split("/")[-1], column
        for row in all_rows(table):
            row_number = int(re.sub(r"\D", "", row.source.cell or ""))
            texts = [fold(cell.value) for cell in sheet[row_number] if cell.value is not None]
            if LAYOUTS[table.id] != "single":  # the 三公 row has no label
                name = fold(row.name.split("/")[-1])
                assert any(name in text for text in texts), (table.id, row.name, texts)
            for key, amount in row.values.items():
                assert (amount.source.file, amount.source.sheet) == (table.source.file, sheet.title)
                column = table.column(key)
                assert column is not None
                letters = re.sub(r"\d", "", amount.source.cell or "")
                assert letters == re.sub(r"\d", "", column.source.cell or "")
                assert amount.source.cell == f"{letters}{row_number}"
                written = parse_amount(shown(sheet, amount.source.cell))
                assert written is not None and written / unit_factor == amount.value


def all_rows(table: Table) -> list[Row]:
    return [*table.rows, *([table.total] if table.total else [])]


def assert_round_trip(accounts: Accounts, data: WorkbookData) -> None:
    for table_id, lines in data.items():
        table = accounts.get(table_id)
        assert table is not None, table_id
        rows, total = expected_table(table_id, lines)
        assert [(row.code, row.name, values(row)) for row in table.rows] == rows, table_id
        found_total = (None, table.total.name, values(table.total)) if table.total else None
        assert found_total == total, table_id


def write(tmp_path: Path, data: WorkbookData | None = None, **options: Any) -> Path:
    return write_workbook(tmp_path / NAME, tiny_workbook_data() if data is None else data, **options)


def edit(path: Path, sheet_name: str, changes: dict[str, Any]) -> None:
    """Change cells of a written workbook, as a clerk would in Excel."""
    book = openpyxl.load_workbook(path)
    for ref, value in changes.items():
        book[sheet_name][ref] = value
    book.save(path)


def find_cell(path: Path, sheet_name: str, text: str) -> str:
    sheet = openpyxl.load_workbook(path)[sheet_name]
    return next(cell.coordinate for row in sheet.iter_rows() for cell in row if cell.value == text)


# ---------------------------------------------------------------- the three standard layouts


def test_nine_tables_split_codes_total_at_the_bottom(tmp_path: Path) -> None:
    data = tiny_workbook_data()
    path = write(tmp_path, data, table_set="mof9", codes="split", total_position="bottom")
    accounts, findings = read(path)
    assert findings == []
    assert accounts.table_set == "mof9"
    nine = {
        "summary",
        "income",
        "expenditure",
        "fiscal_summary",
        "gpb",
        "gpb_basic",
        "sangong",
        "fund",
        "soe",
    }
    ids = {logical.id for key in nine for logical in table_specs()[key].logical}
    assert set(accounts.tables) == ids
    assert_round_trip(accounts, {key: lines for key, lines in data.items() if key in ids})
    assert_sources(path, accounts)
    gpb = accounts.tables["gpb"]
    assert (gpb.source.sheet, gpb.source.cell, gpb.found_title) == ("公开05表", "A1", gpb.title)
    last = int(gpb.rows[-1].source.cell[1:])  # type: ignore[index]
    assert gpb.total is not None and gpb.total.source.cell == f"A{last + 1}"  # 合计 below the items
    assert gpb.row("2011301") is not None and gpb.row("2011301").level == 3  # type: ignore[union-attr]
    assert accounts.tables["sangong"].found_title == "一般公共预算财政拨款“三公”经费支出决算表"


@pytest.mark.parametrize("dataset", [tiny_workbook_data, sample_workbook_data], ids=["tiny", "sample"])
def test_thirteen_tables_one_code_column_total_at_the_top(tmp_path: Path, dataset: Any) -> None:
    data = dataset()
    path = write(tmp_path, data, table_set="sichuan13", codes="single", total_position="top")
    accounts, findings = read(path)
    assert findings == []
    assert accounts.table_set == "sichuan13"
    assert set(accounts.tables) == {logical.id for spec in table_specs().values() for logical in spec.logical}
    assert_round_trip(accounts, data)
    assert_sources(path, accounts)
    income = accounts.tables["income"]
    assert income.unit == "万元"
    assert [column.key for column in income.columns] == [
        "total", "fiscal", "superior", "business", "operating", "affiliated", "other",
    ]  # fmt: skip
    fund = accounts.tables["fund"]
    assert fund.column("basic").label == "本年支出/基本支出"  # type: ignore[union-attr]


def test_workbook_in_yuan_with_amounts_as_text(tmp_path: Path) -> None:
    data = tiny_workbook_data()
    data["gpb"][1].values["basic"] = D("1234.56")  # 12,345,600.00 元 as text
    data["gpb"][1].values["total"] = D("1254.56")
    path = write(tmp_path, data, unit="元", amounts_as_text=True, codes="split")
    accounts, findings = read(path)
    assert findings == []
    assert_round_trip(accounts, data)
    assert_sources(path, accounts, unit_factor=10000)
    gpb = accounts.tables["gpb"]
    assert gpb.unit == "元"
    row = gpb.row("201")
    assert row is not None and row.get("basic") == D("1234.56")
    written = shown(openpyxl.load_workbook(path)["公开06表"], row.values["basic"].source.cell)
    assert written == "12,345,600.00"


def test_titles_from_sheet_names(tmp_path: Path) -> None:
    data = tiny_workbook_data()
    path = write(tmp_path, data, table_set="mof9", title_in="sheet")
    book = openpyxl.load_workbook(path)
    # the 三公 title does not fit: Excel's 31 characters cut the closing bracket of (财决07表)
    assert "Z07 一般公共预算财政拨款“三公”经费支出决算表(财决07表" in book.sheetnames
    accounts, findings = read(path)
    assert findings == []
    assert len(accounts.tables) == 12
    assert_round_trip(accounts, {key: lines for key, lines in data.items() if key in accounts.tables})
    sangong = accounts.tables["sangong"]
    assert sangong.found_title == sangong.source.sheet and sangong.source.cell is None


def test_truncated_sheet_name_with_a_cut_suffix(tmp_path: Path) -> None:
    path = write(tmp_path, title_in="sheet")
    book = openpyxl.load_workbook(path)
    name = "Z08_1 一般公共预算财政拨款基本支出决算明细表(财决08-"
    assert len(name) == 31
    book["Z08 一般公共预算财政拨款基本支出决算明细表(财决08表)"].title = name
    book["Z07 一般公共预算财政拨款支出决算明细表(财决07表)"].title = "Z07 一般公共预算财政拨款支出决算明细"
    book.save(path)
    accounts, findings = read(path)
    assert findings == []
    assert accounts.tables["gpb_basic.personnel"].source.sheet == name
    # a cut-off name that begins two titles (…支出决算表, …支出决算明细表) names neither
    assert "gpb_detail" not in accounts.tables


# ---------------------------------------------------------------- titles


@pytest.mark.parametrize(
    ("text", "truncated", "key"),
    [
        ("收入支出决算总表", False, "summary"),
        ("公开01表 收入支出决算总表", False, "summary"),
        ("Z01 收入支出决算总表(财决01表)", False, "summary"),
        ("渠县商务局2023年度收入支出决算总表", False, "summary"),
        ("附表2：收入决算表", False, "income"),
        ("表3 支出决算表", False, "expenditure"),
        ("1.支出决算表", False, "expenditure"),
        ("四、财政拨款收入支出决算总表", False, "fiscal_summary"),
        ("一般公共预算财政拨款支出决算表", False, "gpb"),
        ("一般公共预算财政拨款支出决算表（公开05表）", False, "gpb"),
        ("Z05_1 一般公共预算财政拨款基本支出决算表", False, "gpb_basic"),
        ("十三、财政拨款“三公”经费支出决算表", False, "sangong"),
        ('财政拨款"三公"经费支出决算表', False, "sangong"),
        ("财政拨款‘三公’经费支出决算表", False, "sangong"),
        ("一般公共预算财政拨款「三公」经费支出决算表 公开07表", False, "sangong"),
        ("财政拨款三公经费支出决算表", False, "sangong"),
        ("政府性基金预算财政拨款收入支出决算表", False, "fund"),
        ("Z08_1 一般公共预算财政拨款基本支出决算明细表(财决08-", True, "gpb_basic"),
        ("Z08 一般公共预算财政拨款基本支出决算明细", True, "gpb_basic"),
        ("Z05 一般公共预算财政拨款支出决算", True, None),  # begins two titles
        ("Z08 一般公共预算财政拨款基本支出决算明细", False, None),  # not a cut sheet name
        ("决算表", True, None),  # too short to name a table
        ("财政拨款支出决算表", False, None),  # not equal to any title
        ("支出", False, None),
        ("编制单位：渠县商务局", False, None),
    ],
)
def test_titles(text: str, truncated: bool, key: str | None) -> None:
    spec = match_title(text, truncated=truncated)
    assert (spec.key if spec else None) == key


def test_table_of_contents_is_not_a_table(tmp_path: Path) -> None:
    path = write(tmp_path)
    book = openpyxl.load_workbook(path)
    contents = book.create_sheet("目录", 0)
    for row, title in enumerate(["收入支出决算总表", "收入决算表", "支出决算表"], start=1):
        contents.cell(row, 1, f"{row}.{title}")
    book.save(path)
    accounts, findings = read(path)
    assert findings == []
    assert accounts.tables["summary.income"].source.sheet == "公开01表"


def test_two_sheets_with_one_title(tmp_path: Path) -> None:
    path = write(tmp_path)
    book = openpyxl.load_workbook(path)
    copy = book.copy_worksheet(book["公开02表"])
    copy.title = "公开02表（2）"
    book.save(path)
    accounts, findings = read(path)
    finding = only(findings, "load.table-duplicate")
    assert finding.severity is Severity.ERROR
    assert finding.source is not None and (finding.source.sheet, finding.source.cell) == (
        "公开02表（2）",
        "A1",
    )
    assert "公开02表" in finding.message and "收入决算表" in finding.message
    assert accounts.tables["income"].source.sheet == "公开02表"
    copy.sheet_state = "hidden"  # a hidden old copy the clerk cannot see is passed over, with a warning
    book.save(path)
    accounts, findings = read(path)
    assert rules(findings) == ["load.hidden-table"]
    assert accounts.tables["income"].source.sheet == "公开02表"


# ---------------------------------------------------------------- cells


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (2871.49, D("2871.49")),
        (2871.4899999999998, D("2871.49")),  # a cached formula result, as Excel shows it
        (0.1 + 0.2, D("0.3")),
        (3.0, D("3")),
        (7, D("7")),
        ("1,234.50", D("1234.50")),
        ("1，234.50", D("1234.50")),
        (" 12.3 ", D("12.3")),
        ("１２.５", D("12.5")),
        ("-5.00", D("-5.00")),
        ("", None),
        (None, None),
        ("-", None),
        ("—", None),
        ("－", None),
        ("--", None),
        ("——", None),
    ],
)
def test_amounts(value: Any, expected: Decimal | None) -> None:
    assert parse_amount(value) == expected


@pytest.mark.parametrize("value", ["约5万", "5万元", "1.2.3", True])
def test_not_amounts(value: Any) -> None:
    with pytest.raises(NotANumber):
        parse_amount(value)


def test_dashes_and_blanks_are_absent(tmp_path: Path) -> None:
    data = tiny_workbook_data()
    item = next(line for line in data["expenditure"] if line.code == "2011301")
    item.values.update(project="-", remit="—", operating="－", subsidy="--")
    path = write(tmp_path, data)
    accounts, findings = read(path)
    assert findings == []
    row = accounts.tables["expenditure"].row("2011301")
    assert row is not None and set(row.values) == {"total", "basic"}
    assert row.get("project") == 0


def test_text_in_an_amount_cell(tmp_path: Path) -> None:
    data = tiny_workbook_data()
    next(line for line in data["gpb"] if line.code == "2011301").values["project"] = "约5万"
    path = write(tmp_path, data)
    accounts, findings = read(path)
    finding = only(findings, "load.amount-not-number")
    assert finding.severity is Severity.ERROR
    assert finding.source is not None and finding.source.sheet == "公开06表"
    assert shown(openpyxl.load_workbook(path)["公开06表"], finding.source.cell) == "约5万"
    assert (finding.expected, finding.found) == ("数字（单位：万元）", "约5万")
    assert "一般公共预算财政拨款支出决算表" in finding.message
    row = accounts.tables["gpb"].row("2011301")
    assert row is not None and "project" not in row.values and row.get("basic") == D("100.00")


def test_formula_without_a_computed_value(tmp_path: Path) -> None:
    path = write(tmp_path)
    ref = find_cell(path, "公开03表", "行政运行").replace("B", "D")  # 基本支出 of 2011301
    edit(path, "公开03表", {ref: "=C9-E9"})
    accounts, findings = read(path)
    finding = only(findings, "load.formula-not-computed")
    assert finding.severity is Severity.ERROR
    assert finding.source is not None and (finding.source.sheet, finding.source.cell) == ("公开03表", ref)
    assert "公式未计算：请在 Excel 或 WPS 中打开并保存后再导入" in finding.message
    assert finding.found == "=C9-E9"
    assert "basic" not in accounts.tables["expenditure"].row("2011301").values  # type: ignore[union-attr]


def test_formula_computed_to_empty_text_is_not_flagged(tmp_path: Path) -> None:
    """=IF(…,"",…) saved by Excel: a cached value of type str that is empty, which reads blank."""
    import zipfile

    path = write(tmp_path)
    ref = find_cell(path, "公开03表", "行政运行").replace("B", "F")  # 上缴上级支出, blank
    edit(path, "公开03表", {ref: '=IF(1=1,"",1)'})
    with zipfile.ZipFile(path) as archive:
        parts = {name: archive.read(name) for name in archive.namelist()}
    sheet_xml = next(name for name in parts if name.endswith("sheet3.xml"))
    xml = parts[sheet_xml].decode()
    xml = re.sub(rf'<c r="{ref}"([^>]*)><f>', rf'<c r="{ref}"\1 t="str"><f>', xml)
    parts[sheet_xml] = xml.replace("<v />", "<v></v>").encode()
    with zipfile.ZipFile(path, "w") as archive:
        for name, content in parts.items():
            archive.writestr(name, content)
    _, findings = read(path)
    assert "load.formula-not-computed" not in rules(findings)


def test_duplicate_code(tmp_path: Path) -> None:
    data = tiny_workbook_data()
    data["income"].append(Line("2011301", "行政运行", {"total": D("1.00")}))
    path = write(tmp_path, data)
    accounts, findings = read(path)
    finding = only(findings, "load.code-duplicate")
    first, second = (f"A{row}" for row in (9, 17))
    assert shown(openpyxl.load_workbook(path)["公开02表"], second) == "2011301"
    assert finding.source is not None and finding.source.cell == second
    assert first in finding.message and second in finding.message and finding.found == f"{first}、{second}"
    assert accounts.tables["income"].row("2011301").get("total") == D("100.00")  # type: ignore[union-attr]


def test_missing_required_column(tmp_path: Path) -> None:
    path = write(tmp_path)
    ref = find_cell(path, "公开03表", "基本支出")
    edit(path, "公开03表", {ref: "人员支出"})
    accounts, findings = read(path)
    finding = only(findings, "load.column-missing")
    assert finding.severity is Severity.ERROR
    assert finding.source is not None and (finding.source.sheet, finding.source.cell) == ("公开03表", "A3")
    assert finding.expected == "基本支出"
    assert (
        "支出决算表" in finding.message and "人员支出" in finding.message and "第 3、4 行" in finding.message
    )
    assert accounts.tables["expenditure"].column("basic") is None
    assert accounts.tables["expenditure"].column("project") is not None


def test_no_unit_line(tmp_path: Path) -> None:
    path = write(tmp_path)
    ref = find_cell(path, "公开02表", "单位：万元")
    edit(path, "公开02表", {ref: None})
    accounts, findings = read(path)
    finding = only(findings, "load.unit-assumed")
    assert finding.severity is Severity.INFO
    assert accounts.tables["income"].unit == "万元"
    assert accounts.tables["income"].total.get("total") == D("135.00")  # type: ignore[union-attr]


def test_unit_that_is_neither_wan_yuan_nor_yuan(tmp_path: Path) -> None:
    path = write(tmp_path)
    ref = find_cell(path, "公开02表", "单位：万元")
    edit(path, "公开02表", {ref: "单位：千元"})
    _, findings = read(path)
    finding = only(findings, "load.unit-unknown")
    assert finding.source is not None and finding.source.cell == ref and finding.found == "千元"


def test_unit_on_a_line_of_its_own(tmp_path: Path) -> None:
    path = write(tmp_path)
    book = openpyxl.load_workbook(path)
    sheet = book["公开02表"]
    sheet[find_cell(path, "公开02表", "单位：万元")] = None
    sheet.insert_rows(2)  # openpyxl does not move merged ranges: none is below the title here
    sheet["A2"] = "金额单位:元"
    book.save(path)
    accounts, findings = read(path)
    assert "load.unit-assumed" not in rules(findings)
    assert accounts.tables["income"].unit == "元"


# ---------------------------------------------------------------- variants written by hand


def hand_written(tmp_path: Path, title: str, paths: list[list[str]], rows: list[list[Any]]) -> Path:
    """One table with a custom header, written with the factory's sheet writer."""
    sheet = SheetWriter(Options("single", "top", "万元", False, "测试局", 2023, "cell"), title)
    sheet.header(paths)
    for values in rows:
        for column, value in enumerate(values, start=1):
            sheet.put(sheet.row, column, value)
        sheet.row += 1
    book = openpyxl.Workbook()
    sheet.save(book.active)  # type: ignore[arg-type]
    book.active.title = "Sheet1"  # type: ignore[union-attr]
    book.save(tmp_path / NAME)
    return tmp_path / NAME


def test_sangong_with_items_above_budget_and_final(tmp_path: Path) -> None:
    paths = [
        ["合计", "预算数"], ["合计", "决算数"],
        ["因公出国（境）费", "预算数"], ["因公出国（境）费", "决算数"],
        ["公务用车购置及运行费", "小计", "预算数"], ["公务用车购置及运行费", "小计", "决算数"],
        ["公务用车购置及运行费", "购置费", "预算数"], ["公务用车购置及运行费", "购置费", "决算数"],
        ["公务用车购置及运行费", "运行费", "预算数"], ["公务用车购置及运行费", "运行费", "决算数"],
        ["公务接待费", "预算数"], ["公务接待费", "决算数"],
    ]  # fmt: skip
    amounts = [D(n) for n in ("12", "11", "1", "0", "6", "5", "4", "3", "2", "2", "5", "6")]
    path = hand_written(tmp_path, "财政拨款“三公”经费支出决算表", paths, [amounts])
    accounts, findings = read(path)
    assert findings == []
    (row,) = accounts.tables["sangong"].rows
    keys = [
        f"{phase}_{item}"
        for item in ("total", "abroad", "vehicle", "vehicle_purchase", "vehicle_operation", "reception")
        for phase in ("budget", "final")
    ]
    assert values(row) == dict(zip(keys, amounts, strict=True))


def test_summary_with_line_number_columns(tmp_path: Path) -> None:
    """The MoF software adds a 行次 column after each 项目 and numbers the rows."""
    paths = [
        ["收入", "项目"],
        ["收入", "行次"],
        ["收入", "金额"],
        ["支出", "项目"],
        ["支出", "行次"],
        ["支出", "金额"],
    ]
    rows = [
        ["栏次", None, "1", "栏次", None, "2"],
        ["一、一般公共预算财政拨款收入", "1", D("10.00"), "一、一般公共服务支出", "32", D("10.00")],
        [None, None, None, "二、外交支出", "33", None],
        ["本年收入合计", "2", D("10.00"), "本年支出合计", "34", D("10.00")],
        ["注：本表反映部门本年度的总收支。", None, None, None, None, None],
        ["本行在注释之后，不属于本表", None, D("99.00"), None, None, None],
    ]
    accounts, findings = read(hand_written(tmp_path, "收入支出决算总表", paths, rows))
    assert findings == []
    income = accounts.tables["summary.income"]
    assert [(row.name, values(row)) for row in income.rows] == [
        ("一般公共预算财政拨款收入", {"amount": D("10.00")}),
        ("本年收入合计", {"amount": D("10.00")}),
    ]
    assert [row.name for row in accounts.tables["summary.expenditure"].rows] == [
        "一般公共服务支出", "外交支出", "本年支出合计",
    ]  # fmt: skip
    assert income.columns[0].label == "收入/金额"


def test_empty_table_with_a_sentence_instead_of_rows(tmp_path: Path) -> None:
    """An empty table may carry its explanation where the rows would be, without 注：."""
    paths = [["项目", "科目编码"], ["项目", "科目名称"], ["年初结转和结余"], ["本年收入"]]
    paths += [["本年支出", part] for part in ("小计", "基本支出", "项目支出")] + [["年末结转和结余"]]
    rows = [["测试局2023年度没有政府性基金预算财政拨款收入和支出，故本表无数据。"]]
    accounts, findings = read(hand_written(tmp_path, "政府性基金预算财政拨款收入支出决算表", paths, rows))
    assert findings == []
    fund = accounts.tables["fund"]
    assert fund.rows == [] and fund.total is None and fund.is_empty
    assert [column.key for column in fund.columns] == [
        "opening",
        "income",
        "total",
        "basic",
        "project",
        "closing",
    ]


def test_amount_without_a_label_in_a_summary_panel(tmp_path: Path) -> None:
    paths = [["收入", "项目"], ["收入", "决算数"], ["支出", "项目"], ["支出", "决算数"]]
    rows = [
        ["一、一般公共预算财政拨款收入", D("10.00"), "一、一般公共服务支出", D("10.00")],
        [None, D("3.00"), None, None],
    ]
    _, findings = read(hand_written(tmp_path, "收入支出决算总表", paths, rows))
    finding = only(findings, "load.label-missing")
    assert finding.source is not None and finding.source.cell == "A6"


def test_code_and_name_in_one_cell(tmp_path: Path) -> None:
    paths = [["项目"], ["合计"], ["基本支出"], ["项目支出"]]
    rows = [
        ["合计", D("3.00"), D("3.00"), None],
        ["２０１ 一般公共服务支出", D("3.00"), D("3.00"), None],
        ["20113　商贸事务", D("3.00"), D("3.00"), None],
        [2011301.0, D("3.00"), D("3.00"), None],
    ]
    accounts, findings = read(hand_written(tmp_path, "一般公共预算财政拨款支出决算表", paths, rows))
    assert "load.code-invalid" not in rules(findings)
    table = accounts.tables["gpb"]
    assert [(row.code, row.name) for row in table.rows] == [
        ("201", "一般公共服务支出"), ("20113", "商贸事务"), ("2011301", ""),
    ]  # fmt: skip
    assert table.total is not None and table.total.get("total") == D("3.00")


def test_total_labelled_in_the_name_column(tmp_path: Path) -> None:
    paths = [["科目编码"], ["科目名称"], ["合计"], ["基本支出"], ["项目支出"]]
    rows = [
        [None, "合 计", D("2.00"), D("2.00"), "-"],
        ["201", "一般公共服务支出", D("2.00"), D("2.00"), "-"],
    ]
    accounts, findings = read(hand_written(tmp_path, "一般公共预算财政拨款支出决算表", paths, rows))
    assert findings == []
    table = accounts.tables["gpb"]
    assert table.total is not None and (table.total.name, values(table.total)) == (
        "合计",
        {"total": D("2.00"), "basic": D("2.00")},
    )
    assert [row.code for row in table.rows] == ["201"]


def test_invalid_and_missing_codes(tmp_path: Path) -> None:
    paths = [["科目代码"], ["科目名称"], ["合计"], ["基本支出"], ["项目支出"]]
    rows = [
        ["2011", "一般公共服务", D("1.00"), D("1.00"), None],
        [None, "商贸事务", D("1.00"), D("1.00"), None],
        [None, "单位负责人：张三", None, None, None],
    ]
    path = hand_written(tmp_path, "一般公共预算财政拨款支出决算表", paths, rows)
    accounts, findings = read(path)
    invalid = only(findings, "load.code-invalid")
    missing = only(findings, "load.code-missing")
    assert invalid.source is not None and invalid.source.cell == "A4" and invalid.found == "2011"
    assert missing.source is not None and missing.source.cell == "A5" and missing.found == "商贸事务"
    assert accounts.tables["gpb"].rows == []


def test_economic_table_with_three_panels_and_split_codes(tmp_path: Path) -> None:
    paths = [
        [caption, *path]
        for caption in ("人员经费", "公用经费", "公用经费")
        for path in (["科目编码", "类"], ["科目编码", "款"], ["科目名称"], ["决算数"])
    ]
    blank = [None] * 4
    personnel = [
        ["301", None, "工资福利支出", D("5.00")],
        [None, "01", "基本工资", D("5.00")],  # 类 blank: the same as above
        ["303", None, "对个人和家庭的补助", None],
        ["人员经费合计", None, None, D("5.00")],
    ]
    goods = [["302", None, "商品和服务支出", D("2.00")], [None, "01", "办公费", D("2.00")], blank, blank]
    capital = [["310", None, "资本性支出", D("1.00")], [None, "02", "办公设备购置", D("1.00")], blank, blank]
    goods[3] = ["公用经费合计", None, None, None]
    capital[3] = [None, None, None, D("3.00")]  # the label spans two panels: its amount is in the third
    rows = [a + b + c for a, b, c in zip(personnel, goods, capital, strict=True)]
    path = hand_written(tmp_path, "一般公共预算财政拨款基本支出决算表", paths, rows)
    book = openpyxl.load_workbook(path)
    book.active.merge_cells("E9:K9")  # type: ignore[union-attr]
    book.save(path)
    accounts, findings = read(path)
    assert rules(findings, Severity.ERROR) == []
    personnel = accounts.tables["gpb_basic.personnel"]
    public = accounts.tables["gpb_basic.public"]
    assert [(row.code, row.name, values(row)) for row in personnel.rows] == [
        ("301", "工资福利支出", {"amount": D("5.00")}),
        ("30101", "基本工资", {"amount": D("5.00")}),
        ("303", "对个人和家庭的补助", {}),
    ]
    assert [row.code for row in public.rows] == ["302", "30201", "310", "31002"]
    assert personnel.total is not None and personnel.total.get("amount") == D("5.00")
    assert public.total is not None and public.total.get("amount") == D("3.00")
    assert public.total.source.cell == "E9" and public.total.values["amount"].source.cell == "L9"


# ---------------------------------------------------------------- files that cannot be read


def test_legacy_xls(tmp_path: Path) -> None:
    xlwt = pytest.importorskip("xlwt", reason="xlwt writes the legacy .xls (BIFF8) files WPS still saves")
    book = xlwt.Workbook()
    sheet = book.add_sheet("公开02表")
    sheet.write_merge(0, 0, 0, 8, "收入决算表")
    sheet.write(1, 0, "编制单位：测试局")
    sheet.write(1, 8, "单位：万元")
    sheet.write_merge(2, 2, 0, 1, "项目")
    sheet.write(3, 0, "科目编码")
    sheet.write(3, 1, "科目名称")
    headers = [
        "本年收入合计",
        "财政拨款收入",
        "上级补助收入",
        "事业收入",
        "经营收入",
        "附属单位上缴收入",
        "其他收入",
    ]
    for column, text in enumerate(headers, start=2):
        sheet.write_merge(2, 3, column, column, text)
    sheet.write_merge(4, 4, 0, 1, "合计")
    sheet.write(4, 2, 2871.49)
    sheet.write(4, 3, 2871.49)
    sheet.write(5, 0, "201")
    sheet.write(5, 1, "一般公共服务支出")
    sheet.write(5, 2, 2871.49)
    sheet.write(5, 3, "2,871.49")
    path = tmp_path / "决算公开报表.xls"
    book.save(str(path))
    accounts, findings = read(path)
    assert findings == []
    income = accounts.tables["income"]
    assert income.total is not None and values(income.total) == {
        "total": D("2871.49"),
        "fiscal": D("2871.49"),
    }
    (row,) = income.rows
    assert (row.code, row.name, values(row)) == (
        "201",
        "一般公共服务支出",
        {"total": D("2871.49"), "fiscal": D("2871.49")},
    )
    assert row.values["fiscal"].source.cell == "D6"
    assert income.column("fiscal").source.cell == "D3"  # type: ignore[union-attr]


def test_corrupt_file(tmp_path: Path) -> None:
    path = tmp_path / NAME
    path.write_bytes(bytes(range(256)) * 40)
    accounts, findings = read(path)
    assert accounts.tables == {}
    finding = only(findings, "load.workbook-unreadable")
    assert finding.severity is Severity.ERROR
    assert finding.source is not None and finding.source.file == f"data/2023/ce-shi/{NAME}"
    assert "已损坏" in finding.message


def test_missing_file(tmp_path: Path) -> None:
    accounts, findings = read_workbook(tmp_path / NAME)
    assert accounts.tables == {}
    finding = only(findings, "load.workbook-unreadable")
    assert finding.source is not None and finding.source.file == NAME
    assert "找不到" in finding.message


def test_encrypted_file(tmp_path: Path) -> None:
    ooxml = pytest.importorskip("msoffcrypto.format.ooxml", reason="msoffcrypto-tool encrypts a workbook")
    plain = write(tmp_path)
    encrypted = io.BytesIO()
    with plain.open("rb") as handle:
        ooxml.OOXMLFile(handle).encrypt("secret", encrypted)
    plain.write_bytes(encrypted.getvalue())
    accounts, findings = read(plain)
    assert accounts.tables == {}
    assert "密码" in only(findings, "load.workbook-unreadable").message


def test_xlsx_with_a_wrong_extension(tmp_path: Path) -> None:
    path = write(tmp_path).rename(tmp_path / "决算公开报表.xls")
    accounts, findings = read(path)
    assert findings == []
    assert len(accounts.tables) == 16


def test_workbook_without_standard_tables(tmp_path: Path) -> None:
    book = openpyxl.Workbook()
    book.active["A1"] = "部门预算"  # type: ignore[index]
    book.save(tmp_path / NAME)
    accounts, findings = read(tmp_path / NAME)
    assert accounts.tables == {} and rules(findings) == ["load.no-tables"]


def test_one_odd_table_does_not_stop_the_others(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(self: SingleReader, header: Any) -> list[Table]:
        raise RuntimeError("意外的结构")

    monkeypatch.setattr(SingleReader, "body", broken)
    accounts, findings = read(write(tmp_path))
    finding = only(findings, "load.table-unreadable")
    assert finding.source is not None and finding.source.sheet == "公开13表"
    assert "意外的结构" in finding.message
    assert "sangong" not in accounts.tables and "gpb" in accounts.tables


# ---------------------------------------------------------------- the factory's tiny department


@pytest.mark.parametrize(("table_set", "profile"), [("sichuan13", "sichuan"), ("mof9", "mof")])
def test_tiny_department_passes_every_table_rule(tmp_path: Path, table_set: str, profile: str) -> None:
    from check_support import run

    checked = run(tmp_path, tiny_workbook_data(), table_set=table_set, profile=profile)
    # Y-rules compare the tables with check_support's department.yaml, written for the sample
    table_findings = [f for f in checked.serious() if not f.rule.startswith("Y-")]
    assert table_findings == [], [f"{f.rule} {f.message}" for f in table_findings]
