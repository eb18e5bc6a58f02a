"""Cells calamine reads as blank that are not (``.xlsx`` only): formulas saved without a computed value,
and error values (``#REF!``, ``#DIV/0!``, …) whether a formula computed them or they were pasted."""

from __future__ import annotations

import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any, BinaryIO

import openpyxl

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


def uncomputed_formulas(
    path: Path, areas: list[Area], file: str, *, formulas: bool
) -> list[tuple[Area, Finding]]:
    """Formula cells of the tables left without a computed value, and cells holding an error value.

    ``formulas``: whether any worksheet holds a formula or an error value at all
    (``readers.limits.inspect_workbook`` saw it while streaming the sheets); exports from the 决算
    software usually hold none, and openpyxl, a hundred times slower, is then not needed.

    Calamine reads both as blank, and only openpyxl's formula mode shows a cell holds a formula. A
    formula whose computed value is an empty text (=IF(…,"",…)) reads blank too: the cached-value mode
    tells it apart by its type "str", and shows an error value by its type "e", with or without formula.
    Saving the workbook again cannot mend an error value, so it is not called uncomputed.
    """
    if not areas or not formulas or not zipfile.is_zipfile(path):
        return []
    candidates: dict[tuple[str, int, int], tuple[Area, str]] = {}  # formulas calamine read as blank
    errors: dict[tuple[str, int, int], tuple[Area, str]] = {}
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
        return []
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
