"""Cells calamine reads as blank that are not: error values (``#REF!``, ``#DIV/0!``, …) whether a
formula computed them or they were pasted, in ``.xlsx`` and legacy ``.xls``; and, in ``.xlsx``,
formulas saved without a computed value."""

from __future__ import annotations

import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any, BinaryIO

import openpyxl
import xlrd

from generator.model import Finding, Severity, Source
from generator.readers.workbook.frame import Area
from generator.readers.workbook.grid import cell_name


def _formula_cells(handle: BinaryIO, areas: list[Area], *, data_only: bool) -> Iterator[tuple[Area, Any]]:
    """The openpyxl cells of the tables' areas, read in read-only mode."""
    book = openpyxl.load_workbook(handle, read_only=True, data_only=data_only)
    try:
        for area in areas:
            sheet = book[area.grid.name]
            for row in sheet.iter_rows(
                min_row=area.top + 1, max_row=area.bottom, min_col=area.left + 1, max_col=area.right + 1
            ):
                for cell in row:
                    yield area, cell
    finally:
        book.close()


# a cell by sheet, row and column (0-based) → its table's area and what the finding quotes
Cells = dict[tuple[str, int, int], tuple[Area, str]]


def _xlsx_cells(path: Path, areas: list[Area]) -> tuple[Cells, Cells]:
    """The formulas calamine read as blank that hold no computed value, and the error values.

    Calamine reads both as blank, and only openpyxl's formula mode shows a cell holds a formula. A
    formula whose computed value is an empty text (=IF(…,"",…)) reads blank too: the cached-value mode
    tells it apart by its type "str", and shows an error value by its type "e", with or without formula.
    Saving the workbook again cannot mend an error value, so it is not called uncomputed.
    """
    candidates: Cells = {}
    errors: Cells = {}
    try:
        # a file object, so that an .xlsx named .xls is not refused for its extension
        with path.open("rb") as handle:
            for area, cell in _formula_cells(handle, areas, data_only=False):
                if cell.data_type == "f" and area.grid.raw(cell.row - 1, cell.column - 1) == "":
                    candidates[(area.grid.name, cell.row - 1, cell.column - 1)] = (area, str(cell.value))
                elif cell.data_type == "e":  # an error value pasted as such
                    errors[(area.grid.name, cell.row - 1, cell.column - 1)] = (area, str(cell.value))
            if candidates:
                handle.seek(0)
                for area, cell in _formula_cells(handle, areas, data_only=True):
                    if cell.data_type in ("e", "s", "str"):  # computed: an error, or text (maybe empty)
                        key = (area.grid.name, cell.row - 1, cell.column - 1)
                        if key in candidates and cell.data_type == "e":
                            errors[key] = (candidates[key][0], f"{cell.value}（公式 {candidates[key][1]}）")
                        candidates.pop(key, None)
    except Exception:  # calamine read the file; a check openpyxl cannot run is skipped
        return {}, {}
    return candidates, errors


def _xls_errors(path: Path, areas: list[Area]) -> Cells:
    """The error values of a legacy .xls, pasted or computed by a formula: calamine reads them as blank,
    xlrd by their type. Its formulas always carry their computed value (the BIFF format stores it)."""
    errors: Cells = {}
    try:
        book = xlrd.open_workbook(file_contents=path.read_bytes(), on_demand=True)
        try:
            for area in areas:
                sheet = book.sheet_by_name(area.grid.name)
                for r in range(area.top, min(area.bottom, sheet.nrows)):
                    for c in range(area.left, min(area.right + 1, sheet.ncols)):
                        if sheet.cell_type(r, c) == xlrd.XL_CELL_ERROR:
                            code = sheet.cell_value(r, c)
                            errors[(area.grid.name, r, c)] = (
                                area,
                                xlrd.error_text_from_code.get(code, "#错误"),
                            )
        finally:
            book.release_resources()
    except Exception:  # calamine read the file; a check xlrd cannot run is skipped
        return {}
    return errors


def uncomputed_formulas(
    path: Path, areas: list[Area], file: str, *, formulas: bool
) -> list[tuple[Area, Finding]]:
    """Formula cells of the tables left without a computed value, and cells holding an error value.

    ``formulas``: whether any worksheet of an ``.xlsx`` holds a formula or an error value at all
    (``readers.limits.inspect_workbook`` saw it while streaming the sheets); exports from the 决算
    software usually hold none, and openpyxl, a hundred times slower, is then not needed.
    """
    if not areas:
        return []
    if zipfile.is_zipfile(path):
        if not formulas:
            return []
        candidates, errors = _xlsx_cells(path, areas)
    else:
        candidates, errors = {}, _xls_errors(path, areas)
    found = {
        key: _finding(
            key,
            area,
            file,
            "load.formula-not-computed",
            "公式未计算：请在 Excel 或 WPS 中打开并保存后再导入。",
            "公式的计算结果",
            formula,
        )
        for key, (area, formula) in candidates.items()
    }
    found |= {
        key: _finding(
            key,
            area,
            file,
            "load.cell-error",
            f"是 Excel 的错误值 {value}：公式引用了不存在或不能计算的内容，或错误值被粘贴成了数值。"
            "请在 Excel 或 WPS 中改正该单元格。",
            "金额",
            value,
        )
        for key, (area, value) in errors.items()
    }
    return [found[key] for key in sorted(found)]


def _finding(
    key: tuple[str, int, int], area: Area, file: str, rule: str, problem: str, expected: str, value: str
) -> tuple[Area, Finding]:
    sheet, r, c = key
    return (
        area,
        Finding(
            Severity.ERROR,
            rule,
            f"工作表「{sheet}」中“{area.spec.title}”的单元格 {cell_name(r, c)} {problem}",
            Source(file, sheet, cell_name(r, c)),
            expected,
            value,
        ),
    )
