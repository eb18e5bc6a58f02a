"""Limits checked before a workbook is read, so that a small hostile file cannot exhaust the machine.

The readers size what they allocate by the sheet's extent: one stray cell at XFD1048576 in an 18 KB
file makes calamine ask for 512 GiB and abort the process. So before any reader opens an ``.xlsx``
its zip directory is checked (entries, unpacked sizes), and every worksheet's XML is streamed once
(never held whole) to find the farthest cell, row and merged range it names; their product is bounded.
The same pass notes whether any sheet holds a formula, which is all the formula check needs to know
before it opens the file with openpyxl.
"""

from __future__ import annotations

import posixpath
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from xml.etree import ElementTree
from xml.parsers import expat

from openpyxl.utils.cell import column_index_from_string, coordinate_from_string, get_column_letter

from generator.model import Finding, Severity, Source

MAX_FILE_BYTES = 64 << 20  # a real 决算 workbook is well under 1 MB
MAX_ENTRIES = 10_000
MAX_UNPACKED_BYTES = 256 << 20  # the zip directory's uncompressed sizes, all entries together
MAX_CELLS = 5_000_000  # rows × columns from A1 to the farthest cell of one sheet
MAX_MERGES = 100_000
MERGE_MARGIN = 64  # columns past the values a merged header may reach (readers.workbook.Grid)
_CHUNK = 1 << 20
TOO_LARGE = "load.workbook-too-large"
_RELATIONSHIP = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"


def _refused(
    message: str, file: str, sheet: str | None = None, cell: str | None = None, found: str | None = None
) -> Finding:
    return Finding(Severity.ERROR, TOO_LARGE, message, Source(file, sheet, cell), found=found)


@dataclass(frozen=True)
class Inspection:
    refusal: Finding | None  # the error that keeps the workbook from being read
    formulas: bool  # some worksheet holds a formula (an <f> element) or an error value (t="e")


def inspect_workbook(path: Path, file: str) -> Inspection:
    """Check ``path`` against the limits without reading it whole; say whether it holds formulas.

    A file that is missing or not a zip archive (.xls) passes: the reader says what is wrong with it.
    """
    if not path.is_file():
        return Inspection(None, formulas=False)
    size = path.stat().st_size
    if size > MAX_FILE_BYTES:
        return Inspection(
            _refused(
                f"工作簿 {file} 有 {size >> 20} MB，超过 {MAX_FILE_BYTES >> 20} MB 的上限："
                "决算公开报表通常不到 1 MB，请删除无关的工作表、图片后另存。",
                file,
                found=f"{size >> 20} MB",
            ),
            formulas=False,
        )
    if not zipfile.is_zipfile(path):
        return Inspection(None, formulas=False)  # .xls: its size is its extent's bound
    try:
        with zipfile.ZipFile(path) as archive:
            return _inspect_archive(archive, file)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, EOFError, NotImplementedError) as error:
        damaged = Finding(
            Severity.ERROR,
            "load.workbook-unreadable",
            f"工作簿 {file} 已损坏（压缩内容与其目录不符）："
            "请在 Excel 或 WPS 中打开并另存为 .xlsx 后再导入。",
            Source(file),
            found=str(error),
        )
        return Inspection(damaged, formulas=False)


def _inspect_archive(archive: zipfile.ZipFile, file: str) -> Inspection:
    entries = archive.infolist()
    unpacked = sum(entry.file_size for entry in entries)
    if len(entries) > MAX_ENTRIES or unpacked > MAX_UNPACKED_BYTES:
        return Inspection(
            _refused(
                f"工作簿 {file} 解压后有 {unpacked >> 20} MB、{len(entries)} 个部件，超过上限"
                f"（{MAX_UNPACKED_BYTES >> 20} MB、{MAX_ENTRIES} 个）：请删除无关的工作表、图片后另存。",
                file,
                found=f"{unpacked >> 20} MB",
            ),
            formulas=False,
        )
    names = _sheet_names(archive)
    formulas = False
    for entry in entries:
        if entry.filename.startswith("xl/worksheets/") and entry.filename.endswith(".xml"):
            extent = _Extent()
            with archive.open(entry) as stream:  # zipfile stops at the declared size and checks the CRC
                extent.scan(stream)
            sheet = names.get(entry.filename, posixpath.basename(entry.filename))
            if extent.cells() > MAX_CELLS:
                return Inspection(extent.too_large(sheet, file), formulas=False)
            formulas = formulas or extent.formulas
    return Inspection(None, formulas)


def _sheet_names(archive: zipfile.ZipFile) -> dict[str, str]:
    """Worksheet part (xl/worksheets/sheet1.xml) → the sheet's name, as far as the workbook says."""
    try:
        workbook = ElementTree.fromstring(archive.read("xl/workbook.xml"))
        rels = ElementTree.fromstring(archive.read("xl/_rels/workbook.xml.rels"))
    except (KeyError, ElementTree.ParseError):
        return {}
    targets = {rel.get("Id"): rel.get("Target", "") for rel in rels}
    names = {}
    for sheet in workbook.iter():
        if sheet.tag.rpartition("}")[2] == "sheet" and sheet.get(_RELATIONSHIP) in targets:
            target = targets[sheet.get(_RELATIONSHIP)].lstrip("/")
            part = target if target.startswith("xl/") else posixpath.normpath(f"xl/{target}")
            names[part] = sheet.get("name", "")
    return names


class _Extent:
    """The farthest row and column a worksheet's XML names, read as a stream by expat."""

    def __init__(self) -> None:
        self.rows = self.columns = 0
        self.row = 0  # the current row (1-based); cells and rows without "r" follow the previous one
        self.column = 0
        self.formulas = False
        self.farthest = "A1"
        self.merges: list[tuple[int, int, int, int]] = []

    def cells(self) -> int:
        """The cells the readers allocate: the sheet's extent, and each merged range's cells within it
        (a merge may run past the values by a margin, as the reader allows)."""
        merged = sum(
            max(0, min(r1, self.rows) - r0 + 1) * max(0, min(c1, self.columns + MERGE_MARGIN) - c0 + 1)
            for r0, c0, r1, c1 in self.merges
        )
        return self.rows * self.columns + merged + (MAX_CELLS if len(self.merges) > MAX_MERGES else 0)

    def too_large(self, sheet: str, file: str) -> Finding:
        return _refused(
            f"工作簿 {file} 的工作表「{sheet}」用到了 {self.farthest}（{self.rows} 行 × {self.columns} 列），"
            f"超过 {MAX_CELLS // 10_000} 万个单元格的上限：多半是远处误填了内容或格式，"
            "请删除表格以外多余的行和列后保存。",
            file,
            sheet,
            self.farthest,
            self.farthest,
        )

    def _reach(self, row: int, column: int) -> None:
        if row > self.rows or column > self.columns:
            self.rows, self.columns = max(self.rows, row), max(self.columns, column)
            self.farthest = f"{get_column_letter(min(column, 18278))}{row}"

    def _start(self, name: str, attributes: dict[str, str]) -> None:
        tag = name.rpartition(":")[2]
        if tag == "row":
            self.row = _number(attributes.get("r"), self.row + 1)
            self.column = 0
        elif tag == "c":
            reference = attributes.get("r")
            if reference:
                self.row, self.column = _cell(reference, self.row, self.column + 1)
            else:
                self.column += 1
            self._reach(self.row, self.column)
            if self.rows * self.columns > MAX_CELLS:
                raise _Stop
            if attributes.get("t") == "e":
                self.formulas = True  # an error value: the formula check reports it at its cell
        elif tag == "f":
            self.formulas = True
        elif tag == "mergeCell":
            first, _, last = attributes.get("ref", "").partition(":")
            if last:
                self.merges.append((*_cell(first, 1, 1), *_cell(last, 1, 1)))
                if len(self.merges) > MAX_MERGES:
                    raise _Stop

    def scan(self, stream: Any) -> None:
        parser = expat.ParserCreate()
        parser.StartElementHandler = self._start
        try:
            while chunk := stream.read(_CHUNK):
                parser.Parse(chunk, False)
            parser.Parse(b"", True)
        except _Stop:
            pass
        except expat.ExpatError:
            pass  # malformed XML: the reader says so in its own words


class _Stop(Exception):
    """The sheet is known to be too large: the rest of it need not be read."""


def _number(text: str | None, default: int) -> int:
    return int(text) if text and text.isdigit() and len(text) <= 9 else default


def _cell(reference: str, row: int, column: int) -> tuple[int, int]:
    """(row, column) of an A1 reference; the given ones where it cannot be read."""
    try:
        letters, number = coordinate_from_string(reference)
        return number, column_index_from_string(letters)
    except ValueError:
        return row, column
