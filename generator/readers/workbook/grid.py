"""A workbook as grids of values: opened with python-calamine, each sheet's tables located by title."""

from __future__ import annotations

from dataclasses import dataclass, field
from itertools import pairwise
from pathlib import Path
from typing import Any

from openpyxl.utils import get_column_letter
from python_calamine import CalamineWorkbook, PasswordError, SheetTypeEnum, SheetVisibleEnum

from generator.model import Finding, Severity, Source
from generator.readers.workbook.text import META, Vocabulary, key
from generator.standard.tables import TableSpec

TITLE_ROWS = 6  # a title stands in the first rows of its sheet
SHEET_NAME_LIMIT = 31  # Excel cuts sheet names here


@dataclass
class Grid:
    """One sheet's values with Excel coordinates (row 0 = Excel row 1) and its merged ranges."""

    name: str
    rows: list[list[Any]]
    merges: list[tuple[tuple[int, int], tuple[int, int]]]
    hidden: bool = False
    width: int = field(init=False)
    origins: dict[tuple[int, int], tuple[int, int]] = field(init=False)

    def __post_init__(self) -> None:
        data_width = max([len(row) for row in self.rows] + [0])
        # a merge may run far past the values (a whole row): only a margin of it can hold a header
        limit = data_width + 64
        self.width = data_width
        self.origins = {}
        for (r0, c0), (r1, c1) in self.merges:
            for r in range(r0, min(r1, self.height - 1) + 1):
                for c in range(c0, min(c1, limit) + 1):
                    self.origins[r, c] = (r0, c0)
            self.width = max(self.width, min(c1, limit) + 1)

    @property
    def height(self) -> int:
        return len(self.rows)

    def raw(self, r: int, c: int) -> Any:
        row = self.rows[r] if 0 <= r < self.height else []
        return row[c] if 0 <= c < len(row) else ""

    def origin(self, r: int, c: int) -> tuple[int, int]:
        return self.origins.get((r, c), (r, c))

    def filled(self, r: int, c: int) -> Any:
        """The value shown at a cell: a merged cell's text applies to every cell it spans."""
        return self.raw(*self.origin(r, c))

    def row_keys(self, r: int) -> list[str]:
        return [key(self.raw(r, c)) for c in range(self.width)]

    def is_blank(self, r: int) -> bool:
        return not any(key(self.filled(r, c)) for c in range(self.width))


def cell_name(r: int, c: int) -> str:
    return f"{get_column_letter(c + 1)}{r + 1}"


# ---------------------------------------------------------------- opening the workbook


class WorkbookUnreadable(Exception):
    """The file cannot be opened as a workbook at all."""

    def __init__(self, message: str, found: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.found = found


def _damage(error: BaseException) -> BaseException:
    """``error`` if it tells of a damaged file: any Exception, or a panic inside calamine.

    pyo3 raises a Rust panic as ``PanicException``, a BaseException (so that ``except Exception``
    misses it) whose class cannot be imported; anything else (Ctrl-C, exit) goes on.
    """
    if isinstance(error, Exception) or type(error).__name__ == "PanicException":
        return error
    raise error


def _open(path: Path, file: str) -> CalamineWorkbook:
    """By extension first; a workbook whose extension lies (an .xlsx saved as .xls) by content."""
    if not path.is_file():
        raise WorkbookUnreadable(f"找不到工作簿文件 {file}。")
    try:
        return CalamineWorkbook.from_path(str(path))
    except PasswordError as error:
        raise WorkbookUnreadable(
            f"工作簿 {file} 设置了打开密码，无法读取：请在 Excel 或 WPS 中取消密码、保存后再导入。",
            str(error),
        ) from error
    except BaseException as error:  # whatever the reader says of a damaged file, it is unreadable
        first = _damage(error)
    try:
        with path.open("rb") as handle:
            return CalamineWorkbook.from_filelike(handle)
    except BaseException as error:
        _damage(error)
        raise WorkbookUnreadable(
            f"无法读取工作簿 {file}：文件已损坏，或不是 Excel 工作簿（.xlsx 或 .xls）。"
            "请在 Excel 或 WPS 中打开并另存为 .xlsx 后再导入。",
            str(first),
        ) from first


def read_grids(path: Path, findings: list[Finding], file: str) -> list[Grid]:
    book = _open(path, file)
    try:
        grids = []
        for meta in book.sheets_metadata:
            if meta.typ is not SheetTypeEnum.WorkSheet:
                continue
            try:
                sheet = book.get_sheet_by_name(meta.name)
                rows = sheet.to_python(skip_empty_area=False)
                merges = list(sheet.merged_cell_ranges or [])
            except BaseException as error:  # one damaged sheet must not hide the others
                _damage(error)
                findings.append(
                    Finding(
                        Severity.WARNING,
                        "load.sheet-unreadable",
                        f"工作表「{meta.name}」无法读取，已跳过：{error}。",
                        Source(file, meta.name),
                    )
                )
                continue
            grids.append(Grid(meta.name, rows, merges, hidden=meta.visible is not SheetVisibleEnum.Visible))
        return grids
    finally:
        book.close()


# ---------------------------------------------------------------- finding the tables


@dataclass
class Located:
    """A standard table found on a sheet."""

    spec: TableSpec
    grid: Grid
    found_title: str
    title_cell: tuple[int, int] | None  # None: recognised by the sheet name
    bottom: int  # the row below its last: the next table's title, or the end of the sheet


def locate(grid: Grid, words: Vocabulary) -> list[Located]:
    """The tables a sheet holds, each from its title down to the next title; else the one its name names.

    Titles may stand anywhere, so that several tables stacked in one sheet are read. A sheet whose
    titles follow one another with nothing but blank or 编制单位 lines between is a table of
    contents, not tables.
    """
    found: list[tuple[TableSpec, str, tuple[int, int]]] = []
    for r in range(grid.height):
        for c in range(grid.width):
            text = grid.raw(r, c)
            spec = words.title(text) if isinstance(text, str) and "表" in text else None
            if spec is not None:
                if not found or found[-1][0] is not spec or r - found[-1][2][0] >= TITLE_ROWS:
                    found.append((spec, text.strip(), (r, c)))
                break  # one title a row
    if any(not _between(grid, above[2][0], below[2][0]) for above, below in pairwise(found)):
        return []
    if found:
        bottoms = [cell[0] for _, _, cell in found[1:]] + [grid.height]
        return [
            Located(spec, grid, text, cell, bottom)
            for (spec, text, cell), bottom in zip(found, bottoms, strict=True)
        ]
    spec = words.title(grid.name, truncated=len(grid.name) >= SHEET_NAME_LIMIT)
    return [Located(spec, grid, grid.name, None, grid.height)] if spec is not None else []


def unrecognised_titles(grid: Grid) -> list[tuple[str, tuple[int, int] | None]]:
    """What may be a table's title on a sheet where none was recognised: the texts ending in 表 in its
    first rows (with their cells), and its name. ``check.table-missing`` names the closest."""
    texts: list[tuple[str, tuple[int, int] | None]] = [
        (text.strip(), (r, c))
        for r in range(min(TITLE_ROWS, grid.height))
        for c in range(grid.width)
        if isinstance(text := grid.raw(r, c), str) and key(text).endswith("表")
    ]
    return [*texts, (grid.name, None)]


def _between(grid: Grid, top: int, bottom: int) -> bool:
    """Whether anything but blank, title or 编制单位/单位 lines stands between two rows."""
    return any(text and not META.match(text) for r in range(top + 1, bottom) for text in grid.row_keys(r))
