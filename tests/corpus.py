"""Real published layouts of the same figures, for the corpus tests (issue #12, item 9).

Each layout is the factory's plain workbook (``write_workbook``) printed the way another province,
year or program prints it: the figures stay the same, only the layout changes. The sources are in
``/work/shared/reference/domain.md`` §2.2–2.3 (MoF 9 tables with 类|款|项 codes as Shanghai prints
them; the 部门决算 software's internal sheet names cut at 31 characters, its 栏次 row and 元 amounts;
three-panel 基本支出 tables; thousands separators and "—" for not-applicable cells; legacy .xls).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import openpyxl
import xlrd
import xlwt
from check_support import DEPARTMENT, SITE, SLUG, YEAR, yaml_with
from factory import WorkbookData, write_workbook
from openpyxl.worksheet.worksheet import Worksheet

NAME = "决算公开报表.xlsx"
# department.yaml for the tiny department's figures: its 三公 and last year's figures, and reasons
TINY_DEPARTMENT = yaml_with(
    yaml_with(
        yaml_with(DEPARTMENT, "      amount: 9.00\n", "      amount: 4.00\n"),
        "    total: 9.50\n    reception: 9.50\n",
        "    total: 4.00\n    reception: 4.00\n",
    ),
    "  operating_costs: 厉行节约",
    "  sangong_budget: 接待批次减少\n  operating_costs: 厉行节约",
)

# BIFF's error codes by text; xlwt's own table lacks "#N/A" and "#VALUE!"
ERROR_CODES = {text: code for code, text in xlrd.error_text_from_code.items()}
AMOUNT_TEXT = re.compile(r"^-?[\d,]+(\.\d+)?$")
# header wordings as other exports print them: half-width brackets, spaces, 运行费 for 运行维护费
HEADER_VARIANTS = {
    "因公出国（境）费": "因公出国(境)费",
    "公务用车购置及运行维护费": "公务用车购置及运行(维护)费",
    "公务用车运行维护费": "公务用车运行(维护)费",
    "本年收入合计": "本年收入 合计",
}


def _rows(sheet: Worksheet) -> Iterator[list[Any]]:
    for row in sheet.iter_rows():
        yield [cell for cell in row]


def _copy(source: Worksheet, target: Worksheet, top: int) -> int:
    """Copy a sheet's values and merges into ``target`` from row ``top`` on; return the next free row."""
    for row in source.iter_rows():
        for cell in row:
            if cell.value is not None:
                target.cell(cell.row + top - 1, cell.column, cell.value)
    for merged in source.merged_cells.ranges:
        target.merge_cells(
            start_row=merged.min_row + top - 1,
            start_column=merged.min_col,
            end_row=merged.max_row + top - 1,
            end_column=merged.max_col,
        )
    return top + source.max_row + 1


def one_sheet(path: Path) -> None:
    """Every table stacked in one sheet, a blank row between: a common export and "copy from the PDF"."""
    book = openpyxl.load_workbook(path)
    stacked = openpyxl.Workbook()
    target = stacked.active
    assert target is not None
    target.title = "决算公开报表"
    top = 1
    for sheet in book.worksheets:
        top = _copy(sheet, target, top)
    stacked.save(path)


def three_panels(path: Path) -> None:
    """The 基本支出 table in three panels of 科目编码 | 科目名称 | 决算数 (Sichuan 公开08表; central).

    The 公用经费 rows are shared between the second and third panel; 公用经费合计 spans both and
    its amount stands in the last 决算数 column.
    """
    book = openpyxl.load_workbook(path)
    sheet = next(s for s in book.worksheets if "基本支出" in str(s.title) + str(s["A1"].value))
    header = next(r for r in range(1, sheet.max_row + 1) if sheet.cell(r, 1).value == "科目编码")
    rows = [[sheet.cell(r, c).value for c in range(1, 7)] for r in range(header + 1, sheet.max_row + 1)]
    totals = next(i for i, row in enumerate(rows) if row[0] == "人员经费合计")
    public = [row[3:6] for row in rows[:totals] if any(row[3:6])]
    half = (len(public) + 1) // 2
    second, third = public[:half], public[half:]
    for merged in list(sheet.merged_cells.ranges):
        if merged.min_row > header:
            sheet.unmerge_cells(str(merged))
    for r in range(header + 1, sheet.max_row + 1):
        for c in range(1, 10):
            sheet.cell(r, c).value = None
    for c, text in enumerate(["科目编码", "科目名称", "决算数"] * 3, start=1):
        sheet.cell(header, c, text)
    sheet.cell(header - 1, 7, None)
    personnel = [row[:3] for row in rows[:totals] if any(row[:3])]
    for i in range(max(len(personnel), len(second), len(third))):
        for panel, lines in enumerate((personnel, second, third)):
            for c, value in enumerate(lines[i] if i < len(lines) else [None] * 3):
                sheet.cell(header + 1 + i, panel * 3 + c + 1, value)
    total_row = header + 1 + max(len(personnel), len(second), len(third))
    sheet.cell(total_row, 1, "人员经费合计")
    sheet.cell(total_row, 3, rows[totals][2])
    sheet.cell(total_row, 4, "公用经费合计")
    sheet.merge_cells(start_row=total_row, start_column=4, end_row=total_row, end_column=8)
    sheet.cell(total_row, 9, rows[totals][5])
    sheet.cell(total_row + 1, 1, rows[totals + 1][0])  # the footnote
    book.save(path)


def project_panels(path: Path, panels: int = 3) -> None:
    """The 项目支出 table in panels of 科目编码 | 科目名称 | 合计 side by side (Sichuan's 公开09表)."""
    book = openpyxl.load_workbook(path)
    sheet = next(s for s in book.worksheets if "项目支出决算表" in str(s.title) + str(s["A1"].value))
    lanci = next(r for r in range(1, sheet.max_row + 1) if sheet.cell(r, 1).value == "栏次")
    rows = [[sheet.cell(r, c).value for c in range(1, 4)] for r in range(lanci + 1, sheet.max_row + 1)]
    total, lines, note = rows[0], rows[1:-1], rows[-1][0]
    for merged in list(sheet.merged_cells.ranges):
        if merged.min_row > 2:
            sheet.unmerge_cells(str(merged))
    sheet.delete_rows(3, sheet.max_row)
    for c, text in enumerate(["科目编码", "科目名称", "合计"] * panels, start=1):
        sheet.cell(3, c, text)
    sheet.cell(4, 1, total[0])
    sheet.cell(4, 3, total[2])
    per_panel = -(-len(lines) // panels)
    for index, line in enumerate(lines):
        panel, offset = divmod(index, per_panel)
        for c, value in enumerate(line):
            sheet.cell(5 + offset, panel * 3 + c + 1, value)
    sheet.cell(6 + per_panel, 1, note)
    book.save(path)


def reword(texts: dict[str, str]) -> Callable[[Path], None]:
    """A transform that rewrites cells whose whole text is a key of ``texts``."""

    def apply(path: Path) -> None:
        book = openpyxl.load_workbook(path)
        for sheet in book.worksheets:
            for row in _rows(sheet):
                for cell in row:
                    if isinstance(cell.value, str) and cell.value in texts:
                        cell.value = texts[cell.value]
        book.save(path)

    return apply


header_variants = reword(HEADER_VARIANTS)
unit_label = reword({"单位：元": "金额单位：元"})  # the 财决 tables' wording


def dashes(path: Path) -> None:
    """ "—" in the blank amount cells of data rows, as the software prints not-applicable cells."""
    book = openpyxl.load_workbook(path)
    for sheet in book.worksheets:
        for row in _rows(sheet):
            amounts = [
                i
                for i, cell in enumerate(row)
                if isinstance(cell.value, str) and AMOUNT_TEXT.match(cell.value)
            ]
            if amounts:
                for cell in row[amounts[0] :]:
                    if cell.value is None and cell.coordinate not in sheet.merged_cells:
                        cell.value = "—"
    book.save(path)


def to_xls(path: Path) -> Path:
    """The same workbook saved as a legacy .xls (BIFF), values, merges and error values kept."""
    book = openpyxl.load_workbook(path)
    legacy = xlwt.Workbook(encoding="utf-8")
    for sheet in book.worksheets:
        target = legacy.add_sheet(sheet.title)
        merged = {(m.min_row, m.min_col): m for m in sheet.merged_cells.ranges}
        covered = {(r, c) for m in sheet.merged_cells.ranges for r, c in m.cells}
        for row in sheet.iter_rows():
            for cell in row:
                value = cell.value
                if (cell.row, cell.column) in merged:
                    m = merged[cell.row, cell.column]
                    target.write_merge(m.min_row - 1, m.max_row - 1, m.min_col - 1, m.max_col - 1, value)
                elif cell.data_type == "e":  # an error value ("#REF!"), written as Excel stores one
                    target.row(cell.row - 1).set_cell_error(cell.column - 1, ERROR_CODES[value])
                elif (cell.row, cell.column) not in covered and value is not None:
                    target.write(
                        cell.row - 1, cell.column - 1, float(value) if not isinstance(value, str) else value
                    )
    xls = path.with_suffix(".xls")
    legacy.save(str(xls))
    path.unlink()
    return xls


Transform = Callable[[Path], Path | None]


def _then(*steps: Transform) -> Transform:
    def apply(path: Path) -> Path:
        for step in steps:
            path = step(path) or path
        return path

    return apply


# name → (table set, write_workbook options, transform): every layout prints the same figures
LAYOUTS: dict[str, tuple[str, dict[str, Any], Transform]] = {
    "plain": ("sichuan13", {}, _then()),
    "mof9-split-codes": ("mof9", {"codes": "split", "total_position": "bottom"}, _then()),
    "sichuan13-export": (
        "sichuan13",
        {"title_in": "sheet"},
        _then(three_panels, project_panels, header_variants),
    ),
    "yuan-as-text": ("sichuan13", {"unit": "元", "amounts_as_text": True}, _then(dashes)),
    "legacy-xls": ("sichuan13", {"codes": "split"}, _then(to_xls)),
    "one-sheet": ("sichuan13", {}, _then(one_sheet)),
    "guangdong-yuan": ("mof9", {"unit": "元"}, _then(unit_label)),
}


def tiny_department(root: Path, profile: str) -> Path:
    """data/site.yaml and the tiny department's department.yaml under ``root``; returns its folder."""
    directory = root / "data" / str(YEAR) / SLUG
    directory.mkdir(parents=True)
    (root / "data" / "site.yaml").write_text(SITE.format(profile=profile), encoding="utf-8")
    (directory / "department.yaml").write_text(TINY_DEPARTMENT, encoding="utf-8")
    return directory


def write_layout(directory: Path, layout: str, data: WorkbookData, **options: Any) -> Path:
    """The workbook of ``data`` in ``layout`` under ``directory``; returns its path (.xlsx or .xls)."""
    table_set, layout_options, transform = LAYOUTS[layout]
    path = write_workbook(directory / NAME, data, table_set=table_set, **layout_options, **options)  # type: ignore[arg-type]
    return transform(path) or path
