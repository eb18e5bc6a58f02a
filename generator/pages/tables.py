"""One model of an HTML table for every table of the pages, and the views of the standard tables.

An ``HtmlTable`` is what ``templates/_table.html.j2`` prints: a caption, header rows whose cells span
columns and rows, one or more row groups (``<tbody>``) and an optional ``<tfoot>``. The standard
tables, the self-evaluation forms, the charts' data tables and the year page's comparison are all
built as ``HtmlTable``s (templates do no arithmetic) and printed by the one macro. The names here are the
HTML's: ``model.Row``/``model.Column`` are the workbook's.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from generator import model
from generator.numbers import money_grouped
from generator.standard.tables import Layout


@dataclass(frozen=True)
class Cell:
    """A ``<th>`` (``header``) or ``<td>``."""

    text: str = ""
    header: bool = False
    scope: str = ""  # col, colgroup, row, rowgroup (header cells only)
    colspan: int = 1
    rowspan: int = 1
    css: str = ""
    value: Decimal | None = None  # an amount cell's number, for the downloads
    missing: str = ""  # a cell without data: "—" on screen, this word for screen readers
    href: str = ""  # a row header that links the row's page
    attrs: tuple[tuple[str, str], ...] = ()  # further attributes: data-sort, aria-sort …

    @property
    def lines(self) -> list[str]:
        """Paragraphs of the text, shown as lines of the cell."""
        return [line.strip() for line in self.text.split("\n") if line.strip()]


@dataclass(frozen=True)
class HtmlRow:
    cells: list[Cell]
    css: str = ""  # gk-total: the row of a whole


def plain_rows(rows: Iterable[list[Cell]]) -> list[HtmlRow]:
    """Rows without a class of their own."""
    return [HtmlRow(cells) for cells in rows]


@dataclass(frozen=True)
class HtmlTable:
    caption: str
    head: list[list[Cell]]
    bodies: list[list[HtmlRow]]
    unit: str = ""  # printed after the caption: （单位：万元）
    key: str = ""  # a standard table's logical id (summary.income): its download's name
    foot: list[HtmlRow] = field(default_factory=list)
    label: str = ""  # the region's accessible name, when not the caption
    css: str = "gk-table"
    sortable: bool = False  # sorted in the browser by assets/gongkai-tables.js
    compact_head: bool = False  # the header on one line: the year page counts its bytes
    breaks: bool = False  # a cell's lines shown as lines (the self-evaluation forms' long texts)

    @property
    def body(self) -> list[HtmlRow]:
        """The rows of all row groups."""
        return [row for body in self.bodies for row in body]


def column_heads(*labels: str) -> list[list[Cell]]:
    """One header row of one cell per column."""
    return [[Cell(text, header=True, scope="col") for text in labels]]


# ---------------------------------------------------------------- merged headers


@dataclass(frozen=True)
class HeaderSpan:
    """One merged header cell: its text, its header row and first column, and how far it reaches."""

    text: str
    level: int
    column: int
    columns: int
    rows: int


def header_spans(paths: list[list[str]]) -> list[HeaderSpan]:
    """Merged header cells from column header paths (``本年支出/基本支出`` → two levels).

    Equal leading texts of adjacent columns merge across; a path's last text reaches down to the bottom
    header row. The published tables and the blank workbook share it, so that their headers agree.
    """
    depth = max([len(p) for p in paths] + [1])
    spans = []
    for level in range(depth):
        index = 0
        while index < len(paths):
            path = paths[index]
            if len(path) <= level:
                index += 1
                continue
            span = 1
            if len(path) > level + 1:
                while (
                    index + span < len(paths)
                    and len(paths[index + span]) > level + 1
                    and paths[index + span][: level + 1] == path[: level + 1]
                ):
                    span += 1
            rows = depth - level if len(path) == level + 1 else 1
            spans.append(HeaderSpan(path[level], level, index, span, rows))
            index += span
    return spans


# ---------------------------------------------------------------- the standard tables' views


def _header_rows(label_cells: list[str], paths: list[list[str]]) -> list[list[Cell]]:
    """The HTML header rows: the label columns spanning them all, then the merged amount headers."""
    depth = max([len(p) for p in paths] + [1])
    rows: list[list[Cell]] = [[] for _ in range(depth)]
    rows[0] = [Cell(text, header=True, rowspan=depth, scope="col") for text in label_cells]
    for cell in header_spans(paths):
        scope = "colgroup" if cell.columns > 1 else "col"
        rows[cell.level].append(
            Cell(cell.text, header=True, colspan=cell.columns, rowspan=cell.rows, scope=scope)
        )
    return rows


def _amount_cells(row: model.Row | None, keys: list[str]) -> list[Cell]:
    cells: list[Cell] = []
    for key in keys:
        amount = row.amount(key) if row else None
        cells.append(
            Cell(money_grouped(amount.value), css="num", value=amount.value)
            if amount
            else Cell("", css="num")
        )
    return cells


def _amount_columns(table: model.Table) -> tuple[list[str], list[list[str]]]:
    keys = [column.key for column in table.columns]
    paths = [[part for part in column.label.split("/") if part] for column in table.columns]
    return keys, paths


def coded_view(table: model.Table, caption: str) -> HtmlTable:
    keys, paths = _amount_columns(table)
    head = _header_rows(["科目编码", "科目名称"], paths)
    body: list[list[Cell]] = []
    if table.total is not None:
        body.append([Cell("合计", header=True, colspan=2, scope="row"), *_amount_cells(table.total, keys)])
    for row in table.rows:
        body.append(
            [
                Cell(row.code or ""),
                Cell(row.name, header=True, scope="row", css=f"level-{row.level or 1}"),
                *_amount_cells(row, keys),
            ]
        )
    if table.total is None and not table.rows:
        body.append([Cell("合计", header=True, colspan=2, scope="row"), *_amount_cells(None, keys)])
    return HtmlTable(caption, head, [plain_rows(body)], unit="万元", key=table.id)


def labelled_view(table: model.Table, caption: str) -> HtmlTable:
    keys, paths = _amount_columns(table)
    head = _header_rows(["项目"], paths)
    body = [[Cell(row.name, header=True, scope="row"), *_amount_cells(row, keys)] for row in table.rows]
    return HtmlTable(caption, head, [plain_rows(body)], unit="万元", key=table.id)


def economic_view(table: model.Table, caption: str) -> HtmlTable:
    head = column_heads("科目编码", "科目名称", "决算数")
    body = [
        [
            Cell(row.code or ""),
            Cell(row.name, header=True, scope="row", css=f"level-{row.level or 1}"),
            *_amount_cells(row, ["amount"]),
        ]
        for row in table.rows
    ]
    total_label = table.total.name if table.total else "合计"
    body.append(
        [Cell(total_label, header=True, colspan=2, scope="row"), *_amount_cells(table.total, ["amount"])]
    )
    return HtmlTable(caption, head, [plain_rows(body)], unit="万元", key=table.id)


SANGONG_ROWS = [
    ("total", "合计"),
    ("abroad", "因公出国（境）费"),
    ("vehicle", "公务用车购置及运行维护费"),
    ("vehicle_purchase", "其中：公务用车购置费"),
    ("vehicle_operation", "其中：公务用车运行维护费"),
    ("reception", "公务接待费"),
]


def sangong_view(table: model.Table, caption: str) -> HtmlTable:
    """The one-row 三公 table on its side: items as rows, 预算数 and 决算数 as columns."""
    row = table.rows[0] if table.rows else None
    head = column_heads("项目", "预算数", "决算数")
    body = [
        [Cell(label, header=True, scope="row"), *_amount_cells(row, [f"budget_{key}", f"final_{key}"])]
        for key, label in SANGONG_ROWS
    ]
    return HtmlTable(caption, head, [plain_rows(body)], unit="万元", key=table.id)


VIEWS: dict[Layout, Callable[[model.Table, str], HtmlTable]] = {
    Layout.CODED: coded_view,
    Layout.SUMMARY: labelled_view,
    Layout.ECONOMIC: economic_view,
    Layout.SINGLE: sangong_view,
}
