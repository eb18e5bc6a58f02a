"""Read the standard 决算公开 workbook into logical tables (the workbook half of the load stage).

Tables are found by their title (in the first rows of a sheet, else in the sheet name), never by
sheet position; columns by the text of their merged multi-row header; rows by their 科目编码 or
label. Values are read with python-calamine (``.xlsx`` and legacy ``.xls``); for ``.xlsx``,
openpyxl only lists the formula cells that were saved without a computed value, which calamine
cannot tell from blank cells. Bad input never raises: it becomes a ``Finding`` at the cell.

``text`` compares cell text, ``grid`` opens the workbook and locates its tables, ``frame`` reads
what every table shares, ``layouts`` the body of each ``Layout``, ``formulas`` the formula check.
"""

from __future__ import annotations

from pathlib import Path

from generator.model import Accounts, Finding, Severity, Source, Table
from generator.readers.workbook.formulas import uncomputed_formulas
from generator.readers.workbook.frame import Area
from generator.readers.workbook.grid import Located, WorkbookUnreadable, cell_name, locate, read_grids
from generator.readers.workbook.layouts import READERS
from generator.readers.workbook.text import FUND_NAMES, NotANumber, match_title, parse_amount

__all__ = ["FUND_NAMES", "NotANumber", "match_title", "parse_amount", "read_workbook"]

SICHUAN_ONLY = ("fiscal_detail", "gpb_detail", "gpb_project", "soe_income_expenditure")


def read_workbook(path: Path, *, display_path: str | None = None) -> tuple[Accounts, list[Finding]]:
    """Every standard table of a department-year's workbook, as logical tables in 万元.

    Never raises for bad input: a file that cannot be opened gives no tables and one 错误
    ``load.workbook-unreadable``; a table that fails to read gives a finding for that table.
    """
    file = display_path or path.name
    findings: list[Finding] = []
    try:
        grids = read_grids(path, findings, file)
    except WorkbookUnreadable as error:
        finding = Finding(
            Severity.ERROR,
            "load.workbook-unreadable",
            error.message,
            Source(file),
            "Excel 工作簿",
            error.found,
        )
        return Accounts(path, "mof9", {}), [finding]
    tables: dict[str, Table] = {}
    claimed: dict[str, Located] = {}
    areas: list[Area] = []
    # visible sheets first: a hidden copy of a table never displaces the one the clerk sees
    for grid in sorted(grids, key=lambda g: g.hidden):
        located = locate(grid)
        if located is None:
            continue
        first = claimed.get(located.spec.key)
        if first is not None:
            if not grid.hidden:
                findings.append(_duplicate_table(located, first, file))
            continue
        claimed[located.spec.key] = located
        reader = READERS[located.spec.layout](located, file)
        try:
            read = reader.read()
        except Exception as error:  # one odd table must not hide the others' findings
            findings.append(_unreadable_table(located, file, error))
            continue
        findings.extend(reader.findings)
        tables.update({table.id: table for table in read})
        if reader.area is not None:
            areas.append(reader.area)
    findings.extend(uncomputed_formulas(path, areas, file))
    if not claimed:
        findings.append(
            Finding(
                Severity.ERROR,
                "load.no-tables",
                f"工作簿 {file} 中没有找到任何决算公开表：各表的标题（如“收入支出决算总表”）"
                "应写在表格上方或工作表名称中。",
                Source(file),
                expected="标准决算公开表的标题",
                found="、".join(grid.name for grid in grids) or "没有工作表",
            )
        )
    table_set = "sichuan13" if any(key in claimed for key in SICHUAN_ONLY) else "mof9"
    return Accounts(path, table_set, tables), findings


def _title_cell(located: Located) -> str | None:
    return cell_name(*located.title_cell) if located.title_cell else None


def _duplicate_table(located: Located, first: Located, file: str) -> Finding:
    return Finding(
        Severity.ERROR,
        "load.table-duplicate",
        f"工作表「{first.grid.name}」和「{located.grid.name}」都是“{located.spec.title}”："
        "每张表只能出现一次，请删除多余的一张。",
        Source(file, located.grid.name, _title_cell(located)),
        expected=f"一张“{located.spec.title}”",
        found=f"工作表「{first.grid.name}」「{located.grid.name}」",
    )


def _unreadable_table(located: Located, file: str, error: Exception) -> Finding:
    return Finding(
        Severity.ERROR,
        "load.table-unreadable",
        f"工作表「{located.grid.name}」中的“{located.spec.title}”无法读取（{error}）："
        "请对照标准格式检查它的表头和数据行。",
        Source(file, located.grid.name, _title_cell(located)),
        expected="标准格式的表格",
        found=type(error).__name__,
    )
