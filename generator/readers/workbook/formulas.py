"""Formula cells saved without a computed value, which calamine reads as blank (``.xlsx`` only)."""

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
    """Formula cells of the tables that the saving program left without a computed value.

    ``formulas``: whether any worksheet holds a formula at all (``readers.limits.inspect_workbook`` saw
    it while streaming the sheets); exports from the 决算 software usually hold none, and openpyxl, a
    hundred times slower, is then not needed.

    Calamine reads such a cell as blank, and only openpyxl's formula mode shows it holds a
    formula. A formula whose computed value is an empty text (=IF(…,"",…)) reads blank too: the
    cached-value mode tells it apart by its type "str", so it is asked only when a candidate exists.
    """
    if not areas or not formulas or not zipfile.is_zipfile(path):
        return []
    try:
        # a file object, so that an .xlsx named .xls is not refused for its extension
        with path.open("rb") as handle:
            candidates = {
                (area.grid.name, cell.row - 1, cell.column - 1): (area, str(cell.value))
                for area, cell in _formula_cells(handle, areas, data_only=False)
                if cell.data_type == "f" and area.grid.raw(cell.row - 1, cell.column - 1) == ""
            }
            if candidates:
                handle.seek(0)
                for area, cell in _formula_cells(handle, areas, data_only=True):
                    if cell.data_type == "s" or cell.data_type == "str":
                        candidates.pop((area.grid.name, cell.row - 1, cell.column - 1), None)
    except Exception:  # calamine read the file; a check openpyxl cannot run is skipped
        return []
    return [
        (
            area,
            Finding(
                Severity.ERROR,
                "load.formula-not-computed",
                f"工作表「{sheet}」中“{area.spec.title}”的单元格 {cell_name(r, c)} 公式未计算："
                "请在 Excel 或 WPS 中打开并保存后再导入。",
                Source(file, sheet, cell_name(r, c)),
                "公式的计算结果",
                formula,
            ),
        )
        for (sheet, r, c), (area, formula) in sorted(candidates.items(), key=lambda item: item[0])
    ]
