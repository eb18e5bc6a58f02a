"""The blank standard workbook (``gongkai template``): it reads as the standard tables, guards its
header, validates its amount cells, and once filled in with openpyxl passes ``gongkai check``."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest
from check_support import SITE
from click.testing import CliRunner
from factory import tiny_workbook_data, write_workbook
from openpyxl.worksheet.worksheet import Worksheet
from template_fill import fill_template, place

from generator import cli
from generator.check import check_project
from generator.derive import key_figures
from generator.load import load_project
from generator.model import Severity
from generator.readers.workbook import read_workbook
from generator.standard.profiles import load_profile
from generator.standard.tables import table_specs
from generator.tools.blank_workbook import (
    INSTRUCTIONS_SHEET,
    PLACEHOLDER,
    TEMPLATE_NAME,
    TableSet,
    Unit,
    write_template,
)

TINY_DEPARTMENT = """\
name: 测试局
kind: 行政
duties: 负责全县商务工作。
organisation:
  description: 内设办公室、商贸股。
dates:
  approved: 2024-09-10
  published: 2024-09-27
reasons:
  sangong_budget: 厉行节约，压减公务接待
sangong:
  reception:
    domestic:
      batches: 10
      people: 50
prior_year:
  total: 135
  fiscal_total: 135
  gpb: 130
  sangong:
    total: 4
    reception: 4
  operating_costs: 10
"""
PROFILES: dict[str, TableSet] = {"sichuan": "sichuan13", "mof": "mof9"}


def blank(tmp_path: Path, profile: str = "sichuan", unit: Unit = "万元") -> Path:
    return write_template(
        tmp_path / TEMPLATE_NAME, profile=profile, unit=unit, department="测试局", year=2023
    )


def cell_of(sheet: Worksheet, text: str) -> tuple[int, int]:
    found = [(c.row, c.column) for row in sheet.iter_rows() for c in row if c.value == text]
    assert found, text
    return found[0]


@pytest.mark.parametrize("unit", ["万元", "元"])
@pytest.mark.parametrize("profile", ["sichuan", "mof"])
def test_the_blank_workbook_reads_as_the_standard_tables(tmp_path: Path, profile: str, unit: Unit) -> None:
    path = blank(tmp_path, profile, unit)
    accounts, findings = read_workbook(path)
    assert accounts.table_set == PROFILES[profile]
    published = {logical.id for key in load_profile(profile).tables for logical in table_specs()[key].logical}
    assert set(accounts.tables) == published
    assert {table.unit for table in accounts.tables.values()} == {unit}
    # only the two 总计 cells that no department leaves empty, until a number replaces the placeholder
    assert [(f.rule, f.found, f.source and f.source.sheet) for f in findings] == [
        ("load.amount-not-number", PLACEHOLDER, "公开01表"),
        ("load.amount-not-number", PLACEHOLDER, "公开01表"),
    ]
    assert all(table.is_empty for table in accounts.tables.values())
    book = openpyxl.load_workbook(path)
    assert book.sheetnames[0] == INSTRUCTIONS_SHEET
    assert book.sheetnames[1:] == [f"公开{n:02d}表" for n in range(1, len(load_profile(profile).tables) + 1)]


def test_the_summary_tables_list_the_years_classes_and_the_standard_rows(tmp_path: Path) -> None:
    accounts, _ = read_workbook(blank(tmp_path))
    income = [row.name for row in accounts.tables["summary.income"].rows]
    assert income[0] == "一般公共预算财政拨款收入"
    assert income[-4:] == ["本年收入合计", "使用非财政拨款结余", "年初结转和结余", "总计"]
    expenditure = [row.name for row in accounts.tables["summary.expenditure"].rows]
    assert expenditure[:2] == ["一般公共服务支出", "外交支出"]
    assert "商业服务业等支出" in expenditure and "预备费" not in expenditure
    assert expenditure[-4:] == ["本年支出合计", "结余分配", "年末结转和结余", "总计"]
    fiscal = [row.name for row in accounts.tables["fiscal_summary.income"].rows]
    assert "年初财政拨款结转和结余/政府性基金预算财政拨款" in fiscal
    assert [column.key for column in accounts.tables["gpb"].columns] == [
        "budget",
        "total",
        "basic",
        "project",
    ]


def test_only_the_cells_to_fill_are_unlocked_and_amounts_are_validated(tmp_path: Path) -> None:
    book = openpyxl.load_workbook(blank(tmp_path))
    sheet = book["公开02表"]  # 收入决算表
    assert sheet.protection.sheet and not sheet.protection.password
    assert not sheet.protection.insertRows  # rows may be inserted for more 科目
    title = sheet["A1"]
    assert title.value == "收入决算表" and title.protection.locked
    header = sheet.cell(*cell_of(sheet, "财政拨款收入"))
    assert header.protection.locked
    total_row, _ = cell_of(sheet, "合计")
    first_amount = sheet.cell(total_row, 3)
    assert not first_amount.protection.locked
    assert not sheet.cell(total_row + 1, 1).protection.locked  # the code of the first 科目
    assert sheet.cell(total_row + 1, 1).number_format == "@"  # codes stay text
    (rule,) = [dv for dv in sheet.data_validations.dataValidation if first_amount.coordinate in dv.sqref]
    assert (rule.type, rule.operator, rule.formula1) == ("decimal", "greaterThanOrEqual", "0")
    assert rule.showErrorMessage and "金额（单位：万元）" in (rule.error or "")
    summary = book["公开01表"]
    row, column = cell_of(summary, "结余分配")
    (signed,) = [
        dv
        for dv in summary.data_validations.dataValidation
        if summary.cell(row, column + 1).coordinate in dv.sqref
    ]
    assert signed.operator == "between"  # 结余分配 may be negative


def test_the_instructions_explain_the_workbook(tmp_path: Path) -> None:
    sheet = openpyxl.load_workbook(blank(tmp_path, "mof", "元"))[INSTRUCTIONS_SHEET]
    text = "\n".join(str(cell.value) for (cell,) in sheet.iter_rows(max_col=1) if cell.value)
    assert "财政部模板（9 张表）" in text and "金额单位为元" in text
    assert "公开09表　国有资本经营预算财政拨款支出决算表" in text
    assert "gongkai check" in text and PLACEHOLDER in text


def test_the_factory_prints_the_same_headers_as_the_template(tmp_path: Path) -> None:
    """The header layout lives in one place: the tests' workbooks and the template agree column by column."""
    template, _ = read_workbook(blank(tmp_path))
    factory, _ = read_workbook(write_workbook(tmp_path / "factory.xlsx", tiny_workbook_data()))
    for table_id, table in template.tables.items():
        other = factory.tables[table_id]
        assert [(c.key, c.label, c.source.cell) for c in table.columns] == [
            (c.key, c.label, c.source.cell) for c in other.columns
        ], table_id


def write_project(root: Path, profile: str, workbook: Path) -> Path:
    directory = root / "data" / "2023" / "ce-shi-ju"
    directory.mkdir(parents=True)
    (root / "data" / "site.yaml").write_text(SITE.format(profile=profile), encoding="utf-8")
    (directory / "department.yaml").write_text(TINY_DEPARTMENT, encoding="utf-8")
    workbook.rename(directory / TEMPLATE_NAME)
    return root


@pytest.mark.parametrize(("profile", "unit"), [("sichuan", "万元"), ("mof", "元")])
def test_the_filled_template_passes_the_check(tmp_path: Path, profile: str, unit: Unit) -> None:
    scale = Decimal("10000") if unit == "元" else Decimal("1")
    filled = fill_template(blank(tmp_path, profile, unit), tiny_workbook_data(), scale=scale)
    root = write_project(tmp_path / "project", profile, filled)
    result = CliRunner().invoke(cli.cli, ["check", str(root)])
    assert result.exit_code == 0, result.output
    project = load_project(root)
    assert not [f for f in check_project(project) if f.severity is not Severity.INFO]
    (dy,) = project.department_years
    assert dy.accounts is not None
    written = write_workbook(tmp_path / "factory.xlsx", tiny_workbook_data(), table_set=PROFILES[profile])
    factory, _ = read_workbook(written)
    assert key_figures(dy.accounts, dy.department) == key_figures(factory, dy.department)
    for table_id in ("expenditure", "gpb", "gpb_basic.public"):
        read = dy.accounts.tables[table_id]
        assert [(row.code, row.name, row.values.keys()) for row in read.rows] == [
            (row.code, row.name, row.values.keys()) for row in factory.tables[table_id].rows
        ]


def test_the_placeholder_is_where_the_reader_says(tmp_path: Path) -> None:
    path = blank(tmp_path)
    _, findings = read_workbook(path)
    sheet = openpyxl.load_workbook(path)["公开01表"]
    for finding in findings:
        assert finding.source is not None
        assert sheet.cell(*place(finding.source)).value == PLACEHOLDER


# ---------------------------------------------------------------- gongkai template


def test_gongkai_template_writes_the_chosen_set(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(cli.cli, ["template", "--set", "mof9", "--unit", "元", "-o", "空白.xlsx"])
    assert result.exit_code == 0, result.output
    assert "空白报表已生成：空白.xlsx（财政部模板（9 张表），单位：元）" in result.output
    accounts, _ = read_workbook(tmp_path / "空白.xlsx")
    assert accounts.table_set == "mof9"
    assert accounts.tables["income"].unit == "元"


def test_gongkai_template_follows_site_yaml_and_never_overwrites(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "site.yaml").write_text(SITE.format(profile="sichuan"), encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    runner = CliRunner()
    assert runner.invoke(cli.cli, ["template", "--year", "2024"]).exit_code == 0
    accounts, _ = read_workbook(tmp_path / TEMPLATE_NAME)
    assert accounts.table_set == "sichuan13"
    before = (tmp_path / TEMPLATE_NAME).read_bytes()
    again = runner.invoke(cli.cli, ["template", "--set", "mof9"])
    assert again.exit_code == 1
    assert "已存在" in again.output and "Traceback" not in again.output
    assert (tmp_path / TEMPLATE_NAME).read_bytes() == before
    missing = runner.invoke(cli.cli, ["template", "-o", "没有的文件夹/报表.xlsx"])
    assert missing.exit_code == 1 and "不存在" in missing.output
