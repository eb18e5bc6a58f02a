"""Standard 决算公开 workbooks written with openpyxl from neutral data, for tests.

A test describes a department's tables as ``WorkbookData`` — lines of codes, names and amounts
keyed by the logical table ids of ``generator/data/tables.yaml`` — and ``write_workbook`` prints
them as real exports do: a merged title row, an ``编制单位：… / 单位：万元`` line, merged
multi-row headers with the standard header texts (the ``label`` of each column spec), a 栏次 row,
the data, 合计 rows and a ``注：`` footnote; two-panel tables side by side. Options switch the
layout between the variants the reader must accept (split 类/款/项 codes, 合计 at the bottom,
amounts in 元 or as text, titles only in the sheet names).

    data = tiny_workbook_data()
    data["gpb"][1].values["basic"] = Decimal("99.00")
    write_workbook(tmp_path / "决算公开报表.xlsx", data, table_set="mof9", codes="split")
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Literal

import openpyxl
from openpyxl.worksheet.worksheet import Worksheet

from generator.load import load_profile
from generator.numbers import CENT, TEN_THOUSAND
from generator.workbook import LogicalSpec, TableSpec, table_specs

D = Decimal
TOTAL_NAMES = ("合计", "总计")
PROFILES = {"mof9": "mof", "sichuan13": "sichuan"}
SHEET_NAME_LIMIT = 31


@dataclass
class Line:
    """One row of a table as the test means it; ``Line(None, "合计", …)`` is a 合计 row.

    ``values`` is keyed by the column keys of tables.yaml ("total", "basic", "amount",
    "budget_total" …, or "other:<header path>" for an extra column); a ``str`` is written as a
    text cell as it is ("-", "约5万"), ``None`` leaves the cell blank.
    """

    code: str | None  # functional "2011301" / economic "30101" / None for labelled rows
    name: str  # 科目名称 or row label, e.g. "一般公共预算财政拨款收入", "合计", "人员经费合计"
    values: dict[str, Decimal | str | None] = field(default_factory=dict)


WorkbookData = dict[str, list[Line]]  # keyed by logical table id ("summary.income", "income", …)
Cell = Decimal | str | None


@dataclass
class Options:
    codes: Literal["single", "split"]
    total_position: Literal["top", "bottom"]
    unit: Literal["万元", "元"]
    amounts_as_text: bool
    department: str
    year: int
    title_in: Literal["cell", "sheet"]


def write_workbook(
    path: Path,
    data: WorkbookData,
    *,
    table_set: Literal["mof9", "sichuan13"] = "sichuan13",
    codes: Literal["single", "split"] = "single",
    total_position: Literal["top", "bottom"] = "top",
    unit: Literal["万元", "元"] = "万元",
    amounts_as_text: bool = False,
    department: str = "渠县商务局",
    year: int = 2023,
    title_in: Literal["cell", "sheet"] = "cell",
) -> Path:
    """Write every table of the set, in the province's order, one sheet each; return ``path``.

    - ``codes="split"``: 科目编码 in 类 | 款 | 项 columns, 项 rows leaving 类 and 款 blank (the same
      as the row above); otherwise one 3/5/7-digit column.
    - ``total_position``: where the 合计 row of a coded table stands.
    - ``unit="元"``: amounts multiplied by 10000 and the unit line says 单位：元.
    - ``amounts_as_text``: amounts written as text such as "1,234.50".
    - ``title_in="sheet"``: no title row; the sheet is named like an internal export
      ("Z01 收入支出决算总表(财决01表)", cut at Excel's 31 characters). Otherwise sheets are
      named 公开01表 … and the title stands in a merged first row.

    A table missing from ``data`` is written empty, as a department without such spending
    publishes it: the header and a blank 合计 row.
    """
    options = Options(codes, total_position, unit, amounts_as_text, department, year, title_in)
    profile = load_profile(PROFILES[table_set])
    specs = table_specs()
    book = openpyxl.Workbook()
    book.remove(book.active)  # type: ignore[arg-type]
    for number, key in enumerate(profile.tables, start=1):
        spec = specs[key]
        title = profile.titles.get(key, spec.title)
        name = f"公开{number:02d}表" if title_in == "cell" else f"Z{number:02d} {title}(财决{number:02d}表)"
        sheet = SheetWriter(options, title)
        LAYOUTS[spec.layout](sheet, spec, data)
        sheet.save(book.create_sheet(name[:SHEET_NAME_LIMIT]))
    book.save(path)
    return path


def amount_text(value: Decimal) -> str:
    """An amount as exports print it in a text cell: "1,234.50"."""
    return f"{value:,.2f}" if value == value.quantize(CENT) else f"{value:,}"


# ---------------------------------------------------------------- one sheet


class SheetWriter:
    """A table laid out cell by cell (1-based rows and columns), then saved to a worksheet."""

    def __init__(self, options: Options, title: str) -> None:
        self.options = options
        self.title = title
        self.cells: dict[tuple[int, int], Cell] = {}
        self.merges: list[tuple[int, int, int, int]] = []
        self.width = 1
        # the title and unit lines are written last, once the width is known
        self.row = 3 if options.title_in == "cell" else 2

    def put(
        self, row: int, column: int, value: Cell, *, to_row: int | None = None, to_column: int | None = None
    ) -> None:
        self.cells[row, column] = value
        self.width = max(self.width, to_column or column)
        if (to_row or row) > row or (to_column or column) > column:
            self.merges.append((row, column, to_row or row, to_column or column))

    def amount(self, value: Decimal | str | None) -> Cell:
        if not isinstance(value, Decimal):
            return value
        if self.options.unit == "元":
            value *= TEN_THOUSAND
        return amount_text(value) if self.options.amounts_as_text else value

    def header(self, paths: list[list[str]]) -> None:
        """Merged header rows: equal leading texts of adjacent columns merge across, a path's last
        text merges down to the bottom header row."""
        depth = max(len(path) for path in paths)
        for level in range(depth):
            column = 0
            while column < len(paths):
                path = paths[column]
                if len(path) <= level:
                    column += 1
                    continue
                span = 1
                while (
                    column + span < len(paths)
                    and len(paths[column + span]) > level
                    and paths[column + span][: level + 1] == path[: level + 1]
                ):
                    span += 1
                last_row = self.row + (depth - 1 if len(path) == level + 1 else level)
                self.put(self.row + level, column + 1, path[level], to_row=last_row, to_column=column + span)
                column += span
        self.row += depth

    def lanci(self, label_columns: Iterable[tuple[int, int]], amount_columns: Iterable[int]) -> None:
        """The 栏次 row: "栏次" over each label group, the amount columns numbered 1, 2, 3 …"""
        for first, last in label_columns:
            self.put(self.row, first, "栏次", to_column=last)
        for number, column in enumerate(amount_columns, start=1):
            self.put(self.row, column, str(number))
        self.row += 1

    def note(self, empty: bool) -> None:
        options = self.options
        what = self.title.removesuffix("表")
        text = (
            f"注：{options.department}{options.year}年度没有{what}相关收支，故本表无数据。"
            if empty
            else f"注：本表反映{options.department}{options.year}年度{what}情况。"
        )
        self.put(self.row, 1, text, to_column=self.width)
        self.row += 1

    def save(self, sheet: Worksheet) -> None:
        options = self.options
        frame = 1
        if options.title_in == "cell":
            self.put(1, 1, self.title, to_column=self.width)
            frame = 2
        self.put(frame, 1, f"编制单位：{options.department}", to_column=max(1, self.width // 2))
        if self.width >= 3:
            self.put(frame, self.width // 2 + 1, f"{options.year}年度")
        self.put(frame, self.width, f"单位：{options.unit}")
        for (row, column), value in self.cells.items():
            sheet.cell(row, column, value)
        for row, column, last_row, last_column in self.merges:
            sheet.merge_cells(start_row=row, start_column=column, end_row=last_row, end_column=last_column)


# ---------------------------------------------------------------- layouts


def _amount_paths(logical: LogicalSpec, lines: list[Line]) -> list[tuple[str, list[str]]]:
    """(key, header path) of the amount columns: required ones, optional ones the data uses, extras."""
    used = {key for line in lines for key in line.values}
    columns = [
        (column.key, column.label.split("/"))
        for column in logical.columns
        if not column.optional or column.key in used
    ]
    extras = dict.fromkeys(key for line in lines for key in line.values if key.startswith("other:"))
    return columns + [(key, key.removeprefix("other:").split("/")) for key in extras]


def _code_cells(code: str | None, split: bool, levels: int) -> list[str | None]:
    """The code cells of a row: one column, or split into 类 | 款 (| 项) with inherited parts blank."""
    if not split:
        return [code]
    if code is None:
        return [None] * levels
    parts = [code[:3], *(code[i : i + 2] for i in range(3, len(code), 2))]
    deepest = len(parts) - 1
    if deepest == levels - 1 and deepest > 0:  # the deepest level: 类 and 款 blank, "same as above"
        parts = [None] * deepest + [parts[-1]]  # type: ignore[list-item]
    return [*parts, *([None] * (levels - len(parts)))]


def _is_total(line: Line) -> bool:
    return line.code is None and line.name in TOTAL_NAMES


def write_coded(sheet: SheetWriter, spec: TableSpec, data: WorkbookData) -> None:
    (logical,) = spec.logical
    lines = data.get(logical.id) or [Line(None, "合计", {})]
    split = sheet.options.codes == "split"
    code_paths = (
        [["项目", "科目编码", level] for level in ("类", "款", "项")] if split else [["项目", "科目编码"]]
    )
    amounts = _amount_paths(logical, lines)
    labels = len(code_paths) + 1
    sheet.header([*code_paths, ["项目", "科目名称"], *(path for _, path in amounts)])
    sheet.lanci([(1, labels)], range(labels + 1, labels + 1 + len(amounts)))
    totals = [line for line in lines if _is_total(line)]
    items = [line for line in lines if not _is_total(line)]
    ordered = totals + items if sheet.options.total_position == "top" else items + totals
    for line in ordered:
        if _is_total(line):
            sheet.put(sheet.row, 1, line.name, to_column=labels)
        else:
            for column, part in enumerate(_code_cells(line.code, split, 3), start=1):
                sheet.put(sheet.row, column, part)
            sheet.put(sheet.row, labels, line.name)
        for column, (key, _) in enumerate(amounts, start=labels + 1):
            sheet.put(sheet.row, column, sheet.amount(line.values.get(key)))
        sheet.row += 1
    sheet.note(empty=logical.id not in data)


def _aligned(panels: list[list[Line]]) -> list[list[Line | None]]:
    """Two panels of a summary table, padded so that their 本年…合计 rows stand side by side."""

    def split(lines: list[Line]) -> tuple[list[Line], list[Line]]:
        at = next((i for i, line in enumerate(lines) if line.name.startswith("本年")), len(lines))
        return lines[:at], lines[at:]

    parts = [split(lines) for lines in panels]
    heads = max(len(head) for head, _ in parts)
    tails = max(len(tail) for _, tail in parts)
    return [
        [*head, *([None] * (heads - len(head))), *tail, *([None] * (tails - len(tail)))]
        for head, tail in parts
    ]


def write_summary(sheet: SheetWriter, spec: TableSpec, data: WorkbookData) -> None:
    panels = []  # (logical, amount columns, first column)
    paths: list[list[str]] = []
    for logical in spec.logical:
        amounts = _amount_paths(logical, data.get(logical.id, []))
        panels.append((logical, amounts, len(paths) + 1))
        caption = str(logical.caption)
        paths += [[caption, "项目"], *([caption, *path] for _, path in amounts)]
    sheet.header(paths)
    sheet.lanci(
        [(first, first) for _, _, first in panels],
        [first + i for _, amounts, first in panels for i in range(1, len(amounts) + 1)],
    )
    columns = _aligned([data.get(logical.id, []) for logical, _, _ in panels])
    for row in zip(*columns, strict=True):
        for line, (_, amounts, first) in zip(row, panels, strict=True):
            if line is None:
                continue
            sheet.put(sheet.row, first, line.name)
            for offset, (key, _) in enumerate(amounts, start=1):
                sheet.put(sheet.row, first + offset, sheet.amount(line.values.get(key)))
        sheet.row += 1
    sheet.note(empty=not any(logical.id in data for logical in spec.logical))


def write_economic(sheet: SheetWriter, spec: TableSpec, data: WorkbookData) -> None:
    split = sheet.options.codes == "split"
    code_paths = [["科目编码", "类"], ["科目编码", "款"]] if split else [["科目编码"]]
    width = len(code_paths) + 2
    paths: list[list[str]] = []
    panels: list[tuple[LogicalSpec, list[Line], list[Line]]] = []
    for logical in spec.logical:
        caption = str(logical.caption)
        (amount,) = logical.columns
        paths += [*([caption, *path] for path in code_paths), [caption, "科目名称"], [caption, amount.label]]
        lines = data.get(logical.id, [])
        totals = [line for line in lines if line.name == logical.total_label]
        panels.append((logical, [line for line in lines if line not in totals], totals))
    sheet.header(paths)
    depth = max(len(items) for _, items, _ in panels)
    for index in range(depth):
        for number, (_, items, _) in enumerate(panels):
            first = number * width + 1
            if index >= len(items):
                continue
            line = items[index]
            for offset, part in enumerate(_code_cells(line.code, split, len(code_paths))):
                sheet.put(sheet.row, first + offset, part)
            sheet.put(sheet.row, first + width - 2, line.name)
            sheet.put(sheet.row, first + width - 1, sheet.amount(line.values.get("amount")))
        sheet.row += 1
    for number, (logical, _, totals) in enumerate(panels):
        first = number * width + 1
        total = totals[0] if totals else Line(None, str(logical.total_label), {})
        sheet.put(sheet.row, first, total.name, to_column=first + width - 2)
        sheet.put(sheet.row, first + width - 1, sheet.amount(total.values.get("amount")))
    sheet.row += 1
    sheet.note(empty=not any(logical.id in data for logical in spec.logical))


def write_single(sheet: SheetWriter, spec: TableSpec, data: WorkbookData) -> None:
    (logical,) = spec.logical
    amounts = _amount_paths(logical, [])
    sheet.header([path for _, path in amounts])
    lines = data.get(logical.id, [])
    for column, (key, _) in enumerate(amounts, start=1):
        sheet.put(sheet.row, column, sheet.amount(lines[0].values.get(key)) if lines else None)
    sheet.row += 1
    sheet.note(empty=not lines)


LAYOUTS = {"coded": write_coded, "summary": write_summary, "economic": write_economic, "single": write_single}


# ---------------------------------------------------------------- a small department


def tiny_workbook_data() -> WorkbookData:
    """A small, complete, internally consistent department: every 勾稽 rule holds.

    一般公共预算 130.00 (基本 110.00: 人员 100.00 + 公用 10.00; 项目 20.00) and 政府性基金
    5.00 (项目); no 国有资本经营 (those tables are written empty); 三公 only 公务接待
    (预算 5.00, 决算 4.00).
    """
    funds = ["一般公共预算财政拨款", "政府性基金预算财政拨款", "国有资本经营预算财政拨款"]
    # (code, name, 基本支出, 项目支出, 政府性基金)
    items = [
        ("201", "一般公共服务支出", D("100.00"), D("20.00"), False),
        ("20113", "商贸事务", D("100.00"), D("20.00"), False),
        ("2011301", "行政运行", D("100.00"), None, False),
        ("2011302", "一般行政管理事务", None, D("20.00"), False),
        ("212", "城乡社区支出", None, D("5.00"), True),
        ("21208", "国有土地使用权出让收入安排的支出", None, D("5.00"), True),
        ("2120899", "其他国有土地使用权出让收入安排的支出", None, D("5.00"), True),
        ("221", "住房保障支出", D("10.00"), None, False),
        ("22102", "住房改革支出", D("10.00"), None, False),
        ("2210201", "住房公积金", D("10.00"), None, False),
    ]

    def total(basic: Decimal | None, project: Decimal | None) -> Decimal:
        return (basic or D("0")) + (project or D("0"))

    def coded(rows: list[tuple[str, str, Decimal | None, Decimal | None, bool]]) -> list[Line]:
        basic = sum((r[2] or D("0") for r in rows if len(r[0]) == 3), D("0"))
        project = sum((r[3] or D("0") for r in rows if len(r[0]) == 3), D("0"))
        lines = [
            Line(None, "合计", {"total": basic + project, "basic": basic or None, "project": project or None})
        ]
        for code, name, item_basic, item_project, _ in rows:
            values = {"total": total(item_basic, item_project), "basic": item_basic, "project": item_project}
            lines.append(Line(code, name, dict(values)))
        return lines

    gpb_items = [item for item in items if not item[4]]
    fund_items = [item for item in items if item[4]]
    expenditure = coded(items)
    gpb = coded(gpb_items)
    for line in gpb:
        line.values["budget"] = line.values["total"]
    income = [
        Line(line.code, line.name, {"total": line.values["total"], "fiscal": line.values["total"]})
        for line in expenditure
    ]
    fund = [
        Line(line.code, line.name, {"income": line.values["total"], **line.values})
        for line in coded(fund_items)
    ]
    none = {"total": None, "gpb": None, "fund": None, "soe": None}
    return {
        "summary.income": [
            Line(None, "一、一般公共预算财政拨款收入", {"amount": D("130.00")}),
            Line(None, "二、政府性基金预算财政拨款收入", {"amount": D("5.00")}),
            Line(None, "三、国有资本经营预算财政拨款收入", {"amount": None}),
            Line(None, "四、上级补助收入", {"amount": None}),
            Line(None, "五、事业收入", {"amount": None}),
            Line(None, "六、经营收入", {"amount": None}),
            Line(None, "七、附属单位上缴收入", {"amount": None}),
            Line(None, "八、其他收入", {"amount": None}),
            Line(None, "本年收入合计", {"amount": D("135.00")}),
            Line(None, "使用非财政拨款结余", {"amount": None}),
            Line(None, "年初结转和结余", {"amount": None}),
            Line(None, "总计", {"amount": D("135.00")}),
        ],
        "summary.expenditure": [
            Line(None, "一、一般公共服务支出", {"amount": D("120.00")}),
            Line(None, "二、城乡社区支出", {"amount": D("5.00")}),
            Line(None, "三、住房保障支出", {"amount": D("10.00")}),
            Line(None, "本年支出合计", {"amount": D("135.00")}),
            Line(None, "结余分配", {"amount": None}),
            Line(None, "年末结转和结余", {"amount": None}),
            Line(None, "总计", {"amount": D("135.00")}),
        ],
        "income": income,
        "expenditure": expenditure,
        "fiscal_summary.income": [
            Line(None, "一、一般公共预算财政拨款", {"amount": D("130.00")}),
            Line(None, "二、政府性基金预算财政拨款", {"amount": D("5.00")}),
            Line(None, "三、国有资本经营预算财政拨款", {"amount": None}),
            Line(None, "本年收入合计", {"amount": D("135.00")}),
            Line(None, "年初财政拨款结转和结余", {"amount": None}),
            *(Line(None, name, {"amount": None}) for name in funds),
            Line(None, "总计", {"amount": D("135.00")}),
        ],
        "fiscal_summary.expenditure": [
            Line(None, "一、一般公共服务支出", {**none, "total": D("120.00"), "gpb": D("120.00")}),
            Line(None, "二、城乡社区支出", {**none, "total": D("5.00"), "fund": D("5.00")}),
            Line(None, "三、住房保障支出", {**none, "total": D("10.00"), "gpb": D("10.00")}),
            Line(None, "本年支出合计", {**none, "total": D("135.00"), "gpb": D("130.00"), "fund": D("5.00")}),
            Line(None, "年末财政拨款结转和结余", dict(none)),
            *(Line(None, name, dict(none)) for name in funds),
            Line(None, "总计", {**none, "total": D("135.00"), "gpb": D("130.00"), "fund": D("5.00")}),
        ],
        "fiscal_detail": coded(items),
        "gpb": gpb,
        "gpb_detail": coded(gpb_items),
        "gpb_basic.personnel": [
            Line("301", "工资福利支出", {"amount": D("100.00")}),
            Line("30101", "基本工资", {"amount": D("60.00")}),
            Line("30102", "津贴补贴", {"amount": D("30.00")}),
            Line("30113", "住房公积金", {"amount": D("10.00")}),
            Line(None, "人员经费合计", {"amount": D("100.00")}),
        ],
        "gpb_basic.public": [
            Line("302", "商品和服务支出", {"amount": D("10.00")}),
            Line("30201", "办公费", {"amount": D("6.00")}),
            Line("30217", "公务接待费", {"amount": D("4.00")}),
            Line(None, "公用经费合计", {"amount": D("10.00")}),
        ],
        "gpb_project": [
            Line(None, "合计", {"total": D("20.00")}),
            Line("201", "一般公共服务支出", {"total": D("20.00")}),
            Line("20113", "商贸事务", {"total": D("20.00")}),
            Line("2011302", "一般行政管理事务", {"total": D("20.00")}),
        ],
        "fund": fund,
        "sangong": [
            Line(
                None,
                "三公经费",
                {
                    f"{phase}_{item}": amount if item in ("total", "reception") else D("0")
                    for phase, amount in (("budget", D("5.00")), ("final", D("4.00")))
                    for item in (
                        "total",
                        "abroad",
                        "vehicle",
                        "vehicle_purchase",
                        "vehicle_operation",
                        "reception",
                    )
                },
            )
        ],
    }
