"""Downloads written beside the pages: each table as CSV, all of them in one XLSX (a sheet per table), a
JSON bundle per department-year, and a site-wide CSV of key figures.

The files hold exactly the tables the pages show (the same ``HtmlTable`` views), with amounts
as plain numbers so that they can be computed with. CSV is UTF-8 with a byte-order mark because
Excel on Chinese Windows otherwise reads it as GBK. A file says what it holds without the page beside
it: its name is the department, year and table (渠县商务局2023年度收入决算表.csv), and every row starts
with the year, the department and the unit, columns a spreadsheet can filter when files are combined.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
from collections.abc import Iterable
from decimal import Decimal
from pathlib import Path
from typing import Any

import xlsxwriter

from generator.derive import Figures, KeyFigures
from generator.model import Accounts, DepartmentYear, Row
from generator.numbers import money
from generator.pages.tables import HtmlTable

UNIT = "万元"  # every amount of a download, as on the pages
# A fixed timestamp in every XLSX: the same input builds byte-identical files.
XLSX_CREATED = dt.datetime(2000, 1, 1, tzinfo=dt.UTC)
KEY_FIGURE_COLUMNS = [
    ("total", "收支总计"),
    ("income_total", "本年收入合计"),
    ("expenditure_total", "本年支出合计"),
    ("basic", "基本支出"),
    ("project", "项目支出"),
    ("fiscal_total", "财政拨款收支总计"),
    ("gpb", "一般公共预算财政拨款支出"),
    ("fund", "政府性基金预算财政拨款支出"),
    ("soe", "国有资本经营预算财政拨款支出"),
    ("operating_costs", "机关运行经费"),
]


def flat_rows(view: HtmlTable) -> list[list[str | Decimal | None]]:
    """A standard table's view as a rectangle: one header row (merged headers joined with "/"), then the body.

    Amount cells carry their ``Decimal`` (None when blank); text cells their text.
    """
    width = sum(cell.colspan for cell in view.body[0].cells) if view.body else 0
    grid: list[list[str | None]] = [[None] * width for _ in view.head]
    for r, heads in enumerate(view.head):
        c = 0
        for cell in heads:
            while grid[r][c] is not None:
                c += 1
            for dr in range(cell.rowspan):
                for dc in range(cell.colspan):
                    grid[r + dr][c + dc] = cell.text
            c += cell.colspan
    header: list[str | Decimal | None] = []
    for c in range(width):
        parts: list[str] = []
        for r in range(len(grid)):
            text = grid[r][c] or ""
            if text and (not parts or parts[-1] != text):
                parts.append(text)
        header.append("/".join(parts))
    body: list[list[str | Decimal | None]] = []
    for row in view.body:
        line: list[str | Decimal | None] = []
        for cell in row.cells:
            line.append(cell.value if cell.css == "num" else cell.text)
            line.extend([""] * (cell.colspan - 1))
        body.append(line)
    return [header, *body]


# A text cell a spreadsheet would read as a formula (OWASP, CSV injection), unless it is a number.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_NUMBER = re.compile(r"[-+]?[\d,]*\.?\d+%?")
# What a file name cannot hold on some system, and "#", which would end its address: a department's name
# goes into the downloads' names.
_NOT_IN_FILE_NAMES = re.compile(r'[\\/:*?"<>|#\x00-\x1f]')


def _csv_cell(value: str | Decimal | None) -> str:
    if isinstance(value, Decimal):
        return money(value)
    if value is None:
        return ""
    if value.startswith(_FORMULA_START) and not _NUMBER.fullmatch(value):
        return "'" + value  # shown as typed, never run
    return value


def _write_csv(path: Path, rows: list[list[str | Decimal | None]]) -> None:
    """UTF-8 with a byte-order mark (utf-8-sig), which Excel on Chinese Windows needs."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    for row in rows:
        writer.writerow([_csv_cell(value) for value in row])
    path.write_text(out.getvalue(), encoding="utf-8-sig")


def _sheet_name(caption: str, title: str) -> str:
    """Excel allows 31 characters; a panel's caption is its sheet, a one-panel table its title."""
    return (caption.removeprefix(f"{title}：") or title)[:31]


def labelled_rows(view: HtmlTable, year: int, department: str) -> list[list[str | Decimal | None]]:
    """``flat_rows`` behind the columns 年度, 部门 and 单位."""
    header, *body = flat_rows(view)
    return [["年度", "部门", "单位", *header], *([str(year), department, UNIT, *row] for row in body)]


def download_stem(year: int, department: str, title: str) -> str:
    """渠县商务局2023年度收入决算表: the name a download is saved under, without its suffix.

    The department's name is cut at 30 characters (a file name holds 255 bytes, a Chinese character three),
    and what a file name cannot hold becomes "_".
    """
    return _NOT_IN_FILE_NAMES.sub("_", f"{department[:30]}{year}年度{title}")


class _Workbook:
    """An XLSX of tables written with XlsxWriter: one sheet per panel, amounts as numbers.

    Strings are written as strings (never formulas); the file holds nothing but the tables and a fixed
    date, so that the same input writes the same bytes.
    """

    def __init__(self, path: Path, title: str) -> None:
        # in_memory: XlsxWriter otherwise writes and deletes a temporary file per part, the slowest step here
        self.book = xlsxwriter.Workbook(str(path), {"in_memory": True})
        self.book.set_properties({"title": title, "created": XLSX_CREATED})
        self.bold = self.book.add_format({"bold": True, "text_wrap": True, "valign": "vcenter"})
        self.amount = self.book.add_format({"num_format": "#,##0.00"})

    def sheet(self, name: str, rows: list[list[str | Decimal | None]]) -> None:
        sheet = self.book.add_worksheet(name)
        for r, row in enumerate(rows):
            for c, value in enumerate(row):
                if isinstance(value, Decimal):
                    # Excel stores doubles: the conversion happens here, at the file boundary only
                    sheet.write_number(r, c, float(value), self.amount)
                else:
                    sheet.write_string(r, c, value or "", self.bold if r == 0 else None)
        sheet.set_column(0, 0, 6)  # 年度
        sheet.set_column(1, 1, 16)  # 部门
        sheet.set_column(2, 2, 6)  # 单位
        sheet.set_column(3, 3, 10)
        sheet.set_column(4, 4, 30)
        sheet.set_column(5, max(5, len(rows[0]) - 1), 14)
        sheet.freeze_panes(1, 0)

    def close(self) -> None:
        self.book.close()


def sheet_names(number: int, title: str, views: list[HtmlTable]) -> list[str]:
    """A table's sheets in the department-year's workbook, one per panel, numbered as the pages number the
    tables so that each name is unique: ``06 一般公共预算财政拨款支出决算表``; ``01 收入``, ``01 支出``."""
    return [f"{number:02d} {_sheet_name(view.caption, title)}"[:31] for view in views]


def write_table_csv(
    folder: Path, year: int, department: str, title: str, views: list[HtmlTable]
) -> list[str]:
    """One CSV per panel of a table; returns the file names written (its XLSX is a sheet of the workbook)."""
    folder.mkdir(parents=True, exist_ok=True)
    stem = download_stem(year, department, title)
    names = []
    for view in views:
        name = f"{stem}（{_sheet_name(view.caption, title)}）.csv" if len(views) > 1 else f"{stem}.csv"
        _write_csv(folder / name, labelled_rows(view, year, department))
        names.append(name)
    return names


def write_workbook(
    path: Path, year: int, department: str, tables: list[tuple[int, str, list[HtmlTable]]]
) -> None:
    """Every table of a department-year in one XLSX, a sheet per panel (``sheet_names``).

    Published in place of the department's own workbook, which may hold what must not go public: hidden
    sheets, comments, its author's name, links to files on its network; and may be an .xls named .xlsx.
    The tables' only XLSX (issue #17): thirteen files of their own were a tenth of the site's bytes, each
    repeating the same styles and package parts.
    """
    workbook = _Workbook(path, f"{department}{year}年度决算公开报表")
    for number, title, views in tables:
        for name, view in zip(sheet_names(number, title, views), views, strict=True):
            workbook.sheet(name, labelled_rows(view, year, department))
    workbook.close()


def _row_json(row: Row) -> dict[str, Any]:
    return {
        "code": row.code,
        "name": row.name,
        "values": {key: money(amount.value) for key, amount in row.values.items()},
    }


def _key_json(figures: KeyFigures) -> dict[str, Any]:
    values: dict[str, Any] = {key: None if getattr(figures, key) is None else money(getattr(figures, key))
                              for key, _ in KEY_FIGURE_COLUMNS}  # fmt: skip
    values["sangong"] = {k: money(v) for k, v in figures.sangong.items()} if figures.sangong else None
    return values


def write_bundle(path: Path, dy: DepartmentYear, figures: Figures, accounts: Accounts) -> None:
    """All tables, the key figures and the metadata of one department-year, as one JSON file."""
    published = dy.department.dates.published if dy.department else None
    bundle = {
        "year": dy.year,
        "department": figures.name,
        "slug": dy.slug,
        "kind": figures.kind,
        "published": published.isoformat() if published else None,
        "unit": "万元",
        "key_figures": _key_json(figures.key),
        "tables": {
            table.id: {
                "title": table.title,
                "columns": [{"key": column.key, "label": column.label} for column in table.columns],
                "total": _row_json(table.total) if table.total else None,
                "rows": [_row_json(row) for row in table.rows],
            }
            for table in accounts.tables.values()
        },
    }
    path.parent.mkdir(parents=True, exist_ok=True)
    # No indent: json's C encoder only runs without one (five times faster); browsers pretty-print JSON.
    path.write_text(json.dumps(bundle, ensure_ascii=False, separators=(",", ":")) + "\n", encoding="utf-8")


def write_key_figures(path: Path, rows: Iterable[tuple[DepartmentYear, Figures]]) -> None:
    """The site-wide CSV: one line per department-year, latest year first."""
    header: list[str | Decimal | None] = [
        "年度",
        "部门",
        *(f"{label}（{UNIT}）" for _, label in KEY_FIGURE_COLUMNS),
        f"“三公”经费预算数（{UNIT}）",
        f"“三公”经费决算数（{UNIT}）",
        "部门整体绩效自评得分（分）",
    ]
    lines: list[list[str | Decimal | None]] = [header]
    for dy, figures in rows:
        # the score computed from the evaluation files, as the pages show it; else department.yaml's
        score = figures.self_evaluation.total if figures.self_evaluation else None
        if score is None and dy.department is not None:
            score = dy.department.performance.overall_score
        lines.append(
            [
                str(dy.year),
                figures.name,
                *(getattr(figures.key, key) for key, _ in KEY_FIGURE_COLUMNS),
                figures.sangong["total"].budget,
                figures.sangong["total"].final,
                score,  # a Decimal, written with two decimals as every amount ("94.00", not "94")
            ]
        )
    path.parent.mkdir(parents=True, exist_ok=True)
    _write_csv(path, lines)
