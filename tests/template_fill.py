"""Fill the blank standard workbook with openpyxl, as a clerk fills it in Excel.

The cells are found the way the workbook reader finds them, not from the template's internals:
``read_workbook`` on the blank workbook gives each column's header cell and each labelled row's
cell; a coded table's 科目 go into the blank rows below its 合计 row, an economic panel's into the
blank rows above its 人员经费合计 / 公用经费合计 row.
"""

from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path

import openpyxl
from factory import Line, WorkbookData
from openpyxl.utils import column_index_from_string
from openpyxl.utils.cell import coordinate_from_string

from generator.model import Source, Table
from generator.readers.workbook import read_workbook
from generator.standard.tables import table_specs
from generator.tools.blank_workbook import INPUT_ROWS, PLACEHOLDER

LAYOUTS = {logical.id: spec.layout for spec in table_specs().values() for logical in spec.logical}
BALANCES = {name for spec in table_specs().values() for name in spec.subrows_after}
NUMBERING = re.compile(r"^[一二三四五六七八九十]+、")


def place(source: Source) -> tuple[int, int]:
    """(row, column) of a source cell, 1-based."""
    assert source.cell is not None, source
    letters, row = coordinate_from_string(source.cell)
    return row, column_index_from_string(letters)


Cells = list[tuple[int, int, Decimal | str | None]]  # (row, column, value)


def fill_template(path: Path, data: WorkbookData, *, scale: Decimal = Decimal("1")) -> Path:
    """Write ``data`` into the blank workbook at ``path`` (amounts multiplied by ``scale``); return it."""
    accounts, findings = read_workbook(path)
    assert all(finding.found == PLACEHOLDER for finding in findings), [
        finding.message for finding in findings
    ]
    book = openpyxl.load_workbook(path)
    fill = {"summary": _summary, "coded": _coded, "economic": _economic, "single": _single}
    for table in accounts.tables.values():
        sheet = book[str(table.source.sheet)]
        columns = {column.key: place(column.source)[1] for column in table.columns}
        for row, line, labels in fill[LAYOUTS[table.id]](table, data.get(table.id, [])):
            for column, value in labels:
                sheet.cell(row, column, value)
            for key, value in line.values.items():
                sheet.cell(row, columns[key], value * scale if isinstance(value, Decimal) else value)
    book.save(path)
    return path


# (sheet row, line, label cells to type: (column, text)) for each line of a table
Placed = list[tuple[int, Line, list[tuple[int, str | None]]]]


def _summary(table: Table, lines: list[Line]) -> Placed:
    """Each line on the row of its label (numbering aside; fund rows under their balance row)."""
    rows = {row.name: place(row.source)[0] for row in table.rows}
    placed: Placed = []
    balance = None
    for line in lines:
        name = NUMBERING.sub("", line.name)
        if name in BALANCES:
            balance = name
        elif balance is not None and f"{balance}/{name}" in rows:
            name = f"{balance}/{name}"
        assert name in rows, (table.id, name)
        placed.append((rows[name], line, []))
    return placed


def _coded(table: Table, lines: list[Line]) -> Placed:
    """The 合计 line on the 合计 row; the 科目 one by one into the blank rows below it."""
    assert table.total is not None
    total_row, code_column = place(table.total.source)
    items = [line for line in lines if line.code is not None]
    placed: Placed = [(total_row, line, []) for line in lines if line.code is None]
    for offset, line in enumerate(items, start=1):
        placed.append((total_row + offset, line, [(code_column, line.code), (code_column + 1, line.name)]))
    return placed


def _economic(table: Table, lines: list[Line]) -> Placed:
    """Items into the blank rows of the panel (code and name left of the amount), the total below."""
    assert table.total is not None
    total_row, _ = place(table.total.source)
    code_column = place(table.columns[0].source)[1] - 2
    items = [line for line in lines if line.code is not None]
    placed: Placed = [(total_row, line, []) for line in lines if line.code is None]
    for offset, line in enumerate(items):
        labels = [(code_column, line.code), (code_column + 1, line.name)]
        placed.append((total_row - INPUT_ROWS + offset, line, labels))
    return placed


def _single(table: Table, lines: list[Line]) -> Placed:
    below_header = max(place(column.source)[0] for column in table.columns) + 1
    return [(below_header, line, []) for line in lines]
