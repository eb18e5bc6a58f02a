"""Read the standard 决算公开 workbook into logical tables (the workbook half of the load stage).

Tables are found by their title (in the first rows of a sheet, else in the sheet name), never by
sheet position; columns by the text of their merged multi-row header; rows by their 科目编码 or
label. Values are read with python-calamine (``.xlsx`` and legacy ``.xls``); openpyxl (``.xlsx``)
and xlrd (``.xls``) only list the cells calamine cannot tell from blank ones: error values, and
formulas saved without a computed value. Bad input never raises: it becomes a ``Finding`` at the cell.

``text`` compares cell text, ``grid`` opens the workbook and locates its tables, ``frame`` reads
what every table shares, ``layouts`` the body of each ``Layout``, ``formulas`` the formula check.
"""

from __future__ import annotations

from pathlib import Path

from generator.model import Accounts, Finding, Printed, Severity, Source, Table
from generator.readers.limits import inspect_workbook
from generator.readers.workbook.formulas import uncomputed_formulas
from generator.readers.workbook.frame import Area
from generator.readers.workbook.grid import (
    Located,
    WorkbookUnreadable,
    cell_name,
    locate,
    read_grids,
    unrecognised_titles,
)
from generator.readers.workbook.layouts import READERS
from generator.readers.workbook.text import FUND_NAMES, NotANumber, match_title, parse_amount, vocabulary
from generator.standard.profiles import Profile, all_profiles, load_profile

DEFAULT_PROFILE = "mof"  # the words a workbook is first read with when no profile is declared

__all__ = ["FUND_NAMES", "NotANumber", "match_title", "parse_amount", "read_workbook"]


def read_workbook(
    path: Path, *, display_path: str | None = None, profile: Profile | None = None
) -> tuple[Accounts, list[Finding]]:
    """Every standard table of a department-year's workbook, as logical tables in 万元.

    ``profile``: the department's, whose wording the tables are read with. A workbook of another
    profile's set of tables is one 错误 ``load.profile-mismatch``, then read with that profile's
    wording so that everything else in it is still checked. Without it, the set the workbook holds.
    Never raises for bad input: a file that cannot be opened gives no tables and one 错误
    ``load.workbook-unreadable``; a table that fails to read gives a finding for that table.
    """
    file = display_path or path.name
    declared = profile or load_profile(DEFAULT_PROFILE)
    # before any reader opens it: a file whose extent or unpacked size would exhaust the machine is refused
    inspection = inspect_workbook(path, file)
    if inspection.refusal is not None:
        return Accounts(path, declared.table_set, {}), [inspection.refusal]
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
        return Accounts(path, declared.table_set, {}), [finding]
    # visible sheets first: a hidden copy of a table never displaces the one the clerk sees
    grids.sort(key=lambda g: g.hidden)
    located = [table for grid in grids for table in locate(grid, vocabulary(declared.key))]
    sheets = {table.grid.name for table in located}
    unrecognised = [
        Printed(text, Source(file, grid.name, cell_name(*cell) if cell else None))
        for grid in grids
        if grid.name not in sheets and not grid.hidden
        for text, cell in unrecognised_titles(grid)
    ]
    actual = _profile_of({table.spec.key for table in located}, profile)
    if profile is not None and actual is not profile:
        findings.append(_profile_mismatch(actual, profile, file))
    if actual is not declared:
        located = [table for grid in grids for table in locate(grid, vocabulary(actual.key))]
    tables: dict[str, Table] = {}
    failed: dict[str, Source] = {}  # the logical tables read with an error: no rule compares their figures
    claimed: dict[str, Located] = {}
    areas: list[Area] = []
    for table in located:
        first = claimed.get(table.spec.key)
        if table.grid.hidden:
            findings.append(_hidden_table(table, first, file))
        if first is not None:
            if not table.grid.hidden:
                findings.append(_duplicate_table(table, first, file))
            continue
        claimed[table.spec.key] = table
        reader = READERS[table.spec.layout](table, file, vocabulary(actual.key))
        try:
            read = reader.read()
        except Exception as error:  # one odd table must not hide the others' findings
            findings.append(_unreadable_table(table, file, error))
            continue
        findings.extend(reader.findings)
        if any(finding.severity is Severity.ERROR for finding in reader.findings):
            failed |= dict.fromkeys((logical.id for logical in table.spec.logical), reader.title_source)
        tables.update({logical.id: logical for logical in read})
        if reader.area is not None:
            areas.append(reader.area)
    for area, finding in uncomputed_formulas(path, areas, file, formulas=inspection.formulas):
        findings.append(finding)
        failed |= dict.fromkeys((logical.id for logical in area.spec.logical), Source(file, area.grid.name))
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
    return Accounts(path, actual.table_set, tables, failed, unrecognised), findings


def _profile_of(found: set[str], declared: Profile | None) -> Profile:
    """The profile whose set of tables the found tables are: the declared one unless another fits better.

    Another fits better when the declared set lacks a table found (a 13-table workbook in a 9-table
    site), or when the workbook holds most of another set and none of what only the declared set has.
    """
    fitting = [profile for profile in all_profiles() if found <= set(profile.tables)]
    if not found or not fitting:
        return declared or load_profile(DEFAULT_PROFILE)
    best = min(fitting, key=lambda profile: len(set(profile.tables) - found))
    if declared is None or declared not in fitting:
        return best
    missing = set(declared.tables) - found
    if len(set(best.tables) - found) < len(missing) and len(found) * 2 > len(best.tables):
        return best
    return declared


def _profile_mismatch(actual: Profile, declared: Profile, file: str) -> Finding:
    return Finding(
        Severity.ERROR,
        "load.profile-mismatch",
        f"工作簿 {file} 是“{actual.name}”的报表，而本部门按“{declared.name}”公开：若本部门确按"
        f"{actual.name}公开，请在 department.yaml 中写 profile: {actual.key}（或在 data/site.yaml 中改全站的 "
        f"profile）；否则请换用{declared.name}的报表（gongkai template 可生成空白报表）。"
        "在此之前，各表按工作簿本身的格式读取和检查。",
        Source(file),
        expected=f"{declared.name}的 {len(declared.tables)} 张表",
        found=f"{actual.name}的表",
    )


def _table_finding(
    located: Located,
    file: str,
    rule_id: str,
    message: str,
    expected: str,
    found: str,
    severity: Severity = Severity.ERROR,
) -> Finding:
    """A finding about a whole table, at its title cell."""
    title = cell_name(*located.title_cell) if located.title_cell else None
    return Finding(severity, rule_id, message, Source(file, located.grid.name, title), expected, found)


def _duplicate_table(located: Located, first: Located, file: str) -> Finding:
    sheets = f"工作表「{first.grid.name}」和「{located.grid.name}」"
    message = f"{sheets}都是“{located.spec.title}”：每张表只能出现一次，请删除多余的一张。"
    found = f"工作表「{first.grid.name}」「{located.grid.name}」"
    return _table_finding(
        located, file, "load.table-duplicate", message, f"一张“{located.spec.title}”", found
    )


def _hidden_table(located: Located, shown: Located | None, file: str) -> Finding:
    """A standard table on a hidden sheet: what is published should be what the clerk sees in Excel."""
    title, sheet = located.spec.title, located.grid.name
    if shown is not None:
        message = (
            f"隐藏的工作表「{sheet}」中也有一张“{title}”，没有读取，公开的是工作表「{shown.grid.name}」中的这张："
            "隐藏的表若已无用，请删除；若它才是要公开的，请取消隐藏并删除另一张。"
        )
    else:
        message = (
            f"“{title}”只在隐藏的工作表「{sheet}」中找到，公开的将是这张在 Excel 中看不到的表：可见的工作表中"
            f"若也有这张表，它的标题没有被识别（应为“{title}”）。请核对后取消隐藏，或改正可见表的标题。"
        )
    found = f"隐藏的工作表「{sheet}」"
    return _table_finding(
        located, file, "load.hidden-table", message, "可见的工作表", found, Severity.WARNING
    )


def _unreadable_table(located: Located, file: str, error: Exception) -> Finding:
    message = (
        f"工作表「{located.grid.name}」中的“{located.spec.title}”无法读取（{error}）："
        "请对照标准格式检查它的表头和数据行。"
    )
    return _table_finding(
        located, file, "load.table-unreadable", message, "标准格式的表格", type(error).__name__
    )
