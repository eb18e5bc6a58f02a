"""The standard 决算公开 workbook as it is printed: the one place that knows the layout of the tables.

Each table of a province's set stands on its own sheet as the finance software's export prints it:
a merged title row, an ``编制单位：… / 2024年度 / 单位：万元`` line, merged multi-row headers whose
texts are the ``label`` of each column in ``generator/data/tables.yaml``, a 栏次 row numbering the
amount columns, the data rows with their 合计 rows, and a ``注：`` footnote; two-panel tables stand
side by side. ``write_template`` writes the blank workbook that ``gongkai template`` and
``gongkai new`` give to staff: a 填表说明 sheet first, rows to type in, decimal-only validation on
the amount cells, and sheet protection that leaves only the cells to fill editable (without a
password: 审阅 → 撤销工作表保护 when a department must change the layout).

The tests' workbook factory prints its data through the same ``SheetWriter`` and ``write_table``,
so the reader is tested on exactly the layout staff are given.

openpyxl rather than XlsxWriter: the template must be filled in afterwards (by tests, as a clerk
would in Excel), and only openpyxl both writes and edits a workbook.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Literal

import openpyxl
from openpyxl.styles import Alignment, Border, Font, NamedStyle, PatternFill, Protection, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.properties import PageSetupProperties
from openpyxl.worksheet.worksheet import Worksheet

from generator.pages.environment import chinese_numeral
from generator.pages.tables import header_spans
from generator.readers.workbook import FUND_NAMES
from generator.standard.classification import load_classification
from generator.standard.profiles import load_profile
from generator.standard.tables import INCOME_SOURCES, Layout, LogicalSpec, TableSpec, table_specs

TableSet = Literal["sichuan13", "mof9"]
Unit = Literal["万元", "元"]
TABLE_SETS: dict[TableSet, str] = {"sichuan13": "sichuan", "mof9": "mof"}  # table set → province profile
TEMPLATE_NAME = "决算公开报表.xlsx"
INSTRUCTIONS_SHEET = "填表说明"
INPUT_ROWS = 50  # blank rows to type 科目 into, per coded table or economic panel; more can be inserted
TOTAL_NAMES = ("合计", "总计")
# Optional columns (some exports lack them) that the standard layout prints.
STANDARD_OPTIONAL = {
    "gpb": ("budget",),
    "fiscal_detail": ("basic", "project"),
    "gpb_detail": ("basic", "project"),
}
# 类 of the classification that no department's 决算 reports: 社会保险基金, 预备费, 转移性支出, 债务发行费用.
NOT_DEPARTMENTAL = ("209", "227", "230", "233")
SIGNED_ROWS = ("结余分配",)  # the one row whose amount may be negative
# Written in the cells no department leaves empty (总计 of 收入支出决算总表): until a number replaces it,
# the reader reports the cell as not a number, so a blank workbook fails the check at those cells
# instead of passing as a department that spent nothing.
PLACEHOLDER = "请填写"
PLACEHOLDER_PANELS = ("summary.income", "summary.expenditure")  # in their 总计 row

CellValue = Decimal | str | None  # what a cell of the sheet holds
# what a cell is: it decides its style, whether it is locked, and its validation
Role = Literal["title", "frame", "header", "label", "input", "amount", "signed", "note"]
THIN = Side(style="thin", color="808080")
BORDER = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
AMOUNT_FORMAT = "#,##0.00"
WIDTHS = {"code": 11.0, "split_code": 6.0, "name": 34.0, "amount": 14.0}


@dataclass
class Line:
    """One row of a table as a test or the template means it; ``Line(None, "合计", …)`` is a 合计 row.

    ``values`` is keyed by the column keys of tables.yaml ("total", "basic", "amount",
    "budget_total" …, or "other:<header path>" for an extra column); a ``str`` is written as a
    text cell as it is ("-", "约5万"), ``None`` leaves the cell blank.
    """

    code: str | None  # functional "2011301" / economic "30101" / None for labelled rows
    name: str  # 科目名称 or row label, e.g. "一般公共预算财政拨款收入", "合计", "人员经费合计"
    values: dict[str, CellValue] = field(default_factory=dict)


TableLines = Mapping[str, list[Line]]  # keyed by logical table id ("summary.income", "income", …)


@dataclass(frozen=True)
class PrintLayout:
    """How the tables are printed. The template uses the defaults (and its unit, department and year);
    the tests' factory varies the rest as real exports do."""

    codes: Literal["single", "split"] = "single"  # 科目编码 in one column, or in 类 | 款 | 项 columns
    total_position: Literal["top", "bottom"] = "top"  # the 合计 row of a coded table
    unit: Unit = "万元"
    department: str = ""  # 编制单位
    year: int | None = None
    title_row: bool = True  # False: no title row (the title is in the sheet's name)


def standard_tables(profile_key: str) -> list[tuple[int, TableSpec, str]]:
    """(number, spec, printed title) of every table a province publishes, in its order."""
    profile = load_profile(profile_key)
    specs = table_specs()
    return [
        (number, specs[key], profile.titles.get(key, specs[key].title))
        for number, key in enumerate(profile.tables, start=1)
    ]


def public_sheet_name(number: int) -> str:
    return f"公开{number:02d}表"


def standard_note(layout: PrintLayout, title: str) -> str:
    who = layout.department or "本部门"
    when = f"{layout.year}年度" if layout.year else "本年度"
    return f"注：本表反映{who}{when}{title.removesuffix('表')}情况。"


def numbered(names: Iterable[str]) -> list[str]:
    """Row labels as summary tables number them: 一、… 十一、… 二十四、…"""
    return [f"{chinese_numeral(number)}、{name}" for number, name in enumerate(names, start=1)]


# ---------------------------------------------------------------- one sheet


class SheetWriter:
    """A table laid out cell by cell (1-based rows and columns), then saved to a worksheet."""

    def __init__(self, layout: PrintLayout, title: str) -> None:
        self.layout = layout
        self.title = title
        self.cells: dict[tuple[int, int], CellValue] = {}
        self.roles: dict[tuple[int, int], Role] = {}
        self.merges: list[tuple[int, int, int, int]] = []
        self.widths: dict[int, float] = {}
        self.width = 1
        # the title and unit lines are written last, once the width is known
        self.row = 3 if layout.title_row else 2
        self.body = self.row  # first row below the header

    def put(
        self,
        row: int,
        column: int,
        value: CellValue,
        *,
        to_row: int | None = None,
        to_column: int | None = None,
        role: Role = "label",
    ) -> None:
        self.cells[row, column] = value
        self.roles[row, column] = role
        self.width = max(self.width, to_column or column)
        if (to_row or row) > row or (to_column or column) > column:
            self.merges.append((row, column, to_row or row, to_column or column))

    def header(self, paths: list[list[str]]) -> None:
        """Merged header rows, merged as the published tables merge them (``pages.tables.header_spans``)."""
        for cell in header_spans(paths):
            self.put(
                self.row + cell.level,
                cell.column + 1,
                cell.text,
                to_row=self.row + cell.level + cell.rows - 1,
                to_column=cell.column + cell.columns,
                role="header",
            )
        self.row += max(len(path) for path in paths)
        self.body = self.row

    def lanci(self, label_columns: Iterable[tuple[int, int]], amount_columns: Iterable[int]) -> None:
        """The 栏次 row: "栏次" over each label group, the amount columns numbered 1, 2, 3 …"""
        for first, last in label_columns:
            self.put(self.row, first, "栏次", to_column=last, role="header")
        for number, column in enumerate(amount_columns, start=1):
            self.put(self.row, column, str(number), role="header")
        self.row += 1
        self.body = self.row

    def amounts(self, row: int, first: int, keys: list[str], line: Line | None) -> None:
        """The amount cells of one line, from column ``first`` on, in the order of ``keys``."""
        role: Role = "signed" if line is not None and line.name.endswith(SIGNED_ROWS) else "amount"
        for column, key in enumerate(keys, start=first):
            self.put(row, column, line.values.get(key) if line else None, role=role)
            self.widths[column] = WIDTHS["amount"]

    def note(self, text: str) -> None:
        self.put(self.row, 1, text, to_column=self.width, role="note")
        self.row += 1

    def save(self, sheet: Worksheet) -> None:
        layout = self.layout
        frame = 1
        if layout.title_row:
            self.put(1, 1, self.title, to_column=self.width, role="title")
            frame = 2
        self.put(frame, 1, f"编制单位：{layout.department}", to_column=max(1, self.width // 2), role="frame")
        if self.width >= 3 and layout.year:
            self.put(frame, self.width // 2 + 1, f"{layout.year}年度", role="frame")
        self.put(frame, self.width, f"单位：{layout.unit}", role="frame")
        for (row, column), value in self.cells.items():
            sheet.cell(row, column, value)
        # merged before styling, so that openpyxl has no borders to spread (slow); each cell of a
        # merged range then gets the style of its first cell, which draws the range's borders
        style_of = dict(self.roles)
        for row, column, last_row, last_column in self.merges:
            sheet.merge_cells(start_row=row, start_column=column, end_row=last_row, end_column=last_column)
            for r in range(row, last_row + 1):
                for c in range(column, last_column + 1):
                    style_of[r, c] = self.roles[row, column]
        styles = _styles()
        book = sheet.parent
        assert book is not None  # a sheet made by Workbook.create_sheet
        for style in styles.values():
            if style.name not in book.named_styles:
                book.add_named_style(style)
        for (row, column), role in style_of.items():
            sheet.cell(row, column).style = styles[role].name
        sheet.cell(frame, self.width).alignment = Alignment(horizontal="right")  # 单位：万元
        for column, width in self.widths.items():
            sheet.column_dimensions[get_column_letter(column)].width = width
        self._validate(sheet)
        _protect(sheet)
        sheet.freeze_panes = f"A{self.body}"
        sheet.page_setup.orientation = "landscape"
        sheet.page_setup.fitToWidth = 1
        sheet.page_setup.fitToHeight = 0
        sheet.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)

    def _validate(self, sheet: Worksheet) -> None:
        """Amount cells accept numbers only; every amount but 结余分配 is not negative."""
        what = f"金额（单位：{self.layout.unit}），如 1234.56，不带千位分隔符和单位；没有数据的单元格留空。"

        def numbers(
            operator: Literal["greaterThanOrEqual", "between"], error: str, low: str, high: str | None = None
        ) -> DataValidation:
            return DataValidation(
                type="decimal",
                operator=operator,
                formula1=low,
                formula2=high,
                allow_blank=True,
                showErrorMessage=True,
                errorTitle="只能填写数字",
                error=error,
            )

        rules = {
            "amount": numbers("greaterThanOrEqual", f"请填写不小于 0 的{what}", "0"),
            "signed": numbers("between", f"请填写{what}", "-1E+15", "1E+15"),
        }
        for role, rule in rules.items():
            cells = [place for place, kind in self.roles.items() if kind == role]
            if not cells:
                continue
            for ref in _ranges(cells):
                rule.add(ref)
            sheet.add_data_validation(rule)


def _styles() -> dict[Role, NamedStyle]:
    """One named style per role (assigning a named style is far cheaper in openpyxl than cell styles)."""
    unlocked = Protection(locked=False)
    styles: dict[Role, NamedStyle] = {
        "title": NamedStyle(
            font=Font(bold=True, size=16), alignment=Alignment(horizontal="center", vertical="center")
        ),
        "frame": NamedStyle(protection=unlocked),  # 编制单位 is typed when the template was made without it
        "header": NamedStyle(
            font=Font(bold=True),
            fill=PatternFill("solid", fgColor="F2F2F2"),
            alignment=Alignment(horizontal="center", vertical="center", wrap_text=True),
            border=BORDER,
        ),
        "label": NamedStyle(border=BORDER),
        # codes stay text: a split 款 code "01" must not become 1
        "input": NamedStyle(number_format="@", protection=unlocked, border=BORDER),
        "amount": NamedStyle(number_format=AMOUNT_FORMAT, protection=unlocked, border=BORDER),
        "signed": NamedStyle(number_format=AMOUNT_FORMAT, protection=unlocked, border=BORDER),
        "note": NamedStyle(protection=unlocked),  # an empty table's note says so
    }
    for role, style in styles.items():
        style.name = f"gongkai-{role}"
    return styles


def _protect(sheet: Worksheet) -> None:
    """Lock what is printed (titles, headers, labels); rows may still be inserted and resized."""
    protection = sheet.protection
    protection.sheet = True
    protection.insertRows = False
    protection.deleteRows = False
    protection.formatRows = False
    protection.formatColumns = False


def _ranges(cells: Iterable[tuple[int, int]]) -> list[str]:
    """Cells as few A1 ranges: one per run of consecutive rows in a column."""
    ranges = []
    by_column: dict[int, list[int]] = {}
    for row, column in cells:
        by_column.setdefault(column, []).append(row)
    for column, rows in sorted(by_column.items()):
        rows.sort()
        start = previous = rows[0]
        for following in [*rows[1:], None]:
            if following is not None and following == previous + 1:
                previous = following
                continue
            letter = get_column_letter(column)
            ranges.append(f"{letter}{start}" if start == previous else f"{letter}{start}:{letter}{previous}")
            if following is not None:
                start = previous = following
    return ranges


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
    parts: list[str | None] = [code[:3], *(code[i : i + 2] for i in range(3, len(code), 2))]
    deepest = len(parts) - 1
    if deepest == levels - 1 and deepest > 0:  # the deepest level: 类 and 款 blank, "same as above"
        parts[:deepest] = [None] * deepest
    return [*parts, *([None] * (levels - len(parts)))]


def _is_total(line: Line) -> bool:
    return line.code is None and line.name in TOTAL_NAMES


def _code_widths(sheet: SheetWriter, first: int, count: int) -> None:
    width = WIDTHS["split_code"] if count > 1 else WIDTHS["code"]
    for column in range(first, first + count):
        sheet.widths[column] = width
    sheet.widths[first + count] = WIDTHS["name"]


def write_coded(sheet: SheetWriter, spec: TableSpec, data: TableLines) -> None:
    (logical,) = spec.logical
    lines = data.get(logical.id) or [Line(None, "合计", {})]
    split = sheet.layout.codes == "split"
    code_paths = (
        [["项目", "科目编码", level] for level in ("类", "款", "项")] if split else [["项目", "科目编码"]]
    )
    amounts = _amount_paths(logical, lines)
    labels = len(code_paths) + 1
    _code_widths(sheet, 1, len(code_paths))
    sheet.header([*code_paths, ["项目", "科目名称"], *(path for _, path in amounts)])
    sheet.lanci([(1, labels)], range(labels + 1, labels + 1 + len(amounts)))
    totals = [line for line in lines if _is_total(line)]
    items = [line for line in lines if not _is_total(line)]
    ordered = totals + items if sheet.layout.total_position == "top" else items + totals
    for line in ordered:
        if _is_total(line):
            sheet.put(sheet.row, 1, line.name, to_column=labels)
        else:
            for column, part in enumerate(_code_cells(line.code, split, 3), start=1):
                sheet.put(sheet.row, column, part, role="input")
            sheet.put(sheet.row, labels, line.name or None, role="input")
        sheet.amounts(sheet.row, labels + 1, [key for key, _ in amounts], line)
        sheet.row += 1


def _aligned(panels: list[list[Line]]) -> tuple[list[list[Line | None]], int]:
    """Two panels of a summary table, padded so that their 本年…合计 rows stand side by side; and the
    number of rows above those."""

    def split(lines: list[Line]) -> tuple[list[Line], list[Line]]:
        at = next((i for i, line in enumerate(lines) if line.name.startswith("本年")), len(lines))
        return lines[:at], lines[at:]

    parts = [split(lines) for lines in panels]
    heads = max(len(head) for head, _ in parts)
    tails = max(len(tail) for _, tail in parts)
    padded: list[list[Line | None]] = [
        [*head, *([None] * (heads - len(head))), *tail, *([None] * (tails - len(tail)))]
        for head, tail in parts
    ]
    return padded, heads


def write_summary(sheet: SheetWriter, spec: TableSpec, data: TableLines) -> None:
    panels = []  # (logical, amount keys, first column)
    paths: list[list[str]] = []
    for logical in spec.logical:
        amounts = _amount_paths(logical, data.get(logical.id, []))
        first = len(paths) + 1
        panels.append((logical, [key for key, _ in amounts], first))
        sheet.widths[first] = WIDTHS["name"]
        caption = str(logical.caption)
        paths += [[caption, "项目"], *([caption, *path] for _, path in amounts)]
    sheet.header(paths)
    sheet.lanci(
        [(first, first) for _, _, first in panels],
        [first + i for _, keys, first in panels for i in range(1, len(keys) + 1)],
    )
    columns, heads = _aligned([data.get(logical.id, []) for logical, _, _ in panels])
    for index, row in enumerate(zip(*columns, strict=True)):
        for line, (logical, keys, first) in zip(row, panels, strict=True):
            if line is None:
                continue
            # the 类 rows of a 支出 panel are the department's; the other labels are the standard's
            typed = logical.caption == "支出" and index < heads
            sheet.put(sheet.row, first, line.name, role="input" if typed else "label")
            sheet.amounts(sheet.row, first + 1, keys, line)
        sheet.row += 1


def write_economic(sheet: SheetWriter, spec: TableSpec, data: TableLines) -> None:
    split = sheet.layout.codes == "split"
    code_paths = [["科目编码", "类"], ["科目编码", "款"]] if split else [["科目编码"]]
    width = len(code_paths) + 2
    paths: list[list[str]] = []
    panels: list[tuple[LogicalSpec, list[Line], list[Line]]] = []
    for number, logical in enumerate(spec.logical):
        caption = str(logical.caption)
        (amount,) = logical.columns
        paths += [*([caption, *path] for path in code_paths), [caption, "科目名称"], [caption, amount.label]]
        _code_widths(sheet, number * width + 1, len(code_paths))
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
                sheet.put(sheet.row, first + offset, part, role="input")
            sheet.put(sheet.row, first + width - 2, line.name or None, role="input")
            sheet.amounts(sheet.row, first + width - 1, ["amount"], line)
        sheet.row += 1
    for number, (logical, _, totals) in enumerate(panels):
        first = number * width + 1
        total = totals[0] if totals else Line(None, str(logical.total_label), {})
        sheet.put(sheet.row, first, total.name, to_column=first + width - 2)
        sheet.amounts(sheet.row, first + width - 1, ["amount"], total)
    sheet.row += 1


def write_single(sheet: SheetWriter, spec: TableSpec, data: TableLines) -> None:
    (logical,) = spec.logical
    amounts = _amount_paths(logical, [])
    sheet.header([path for _, path in amounts])
    lines = data.get(logical.id, [])
    sheet.amounts(sheet.row, 1, [key for key, _ in amounts], lines[0] if lines else None)
    sheet.row += 1


LAYOUTS: dict[Layout, Callable[[SheetWriter, TableSpec, TableLines], None]] = {
    Layout.CODED: write_coded,
    Layout.SUMMARY: write_summary,
    Layout.ECONOMIC: write_economic,
    Layout.SINGLE: write_single,
}


def write_table(sheet: SheetWriter, spec: TableSpec, data: TableLines) -> None:
    """The header, 栏次 and data rows of one standard table (the frame lines and note are the caller's)."""
    LAYOUTS[spec.layout](sheet, spec, data)


# ---------------------------------------------------------------- the blank workbook


def _class_names(year: int) -> list[str]:
    """The 类 of the year's 支出功能分类 a department's summary tables list, in code order."""
    classification = load_classification(year)
    subjects = (classification.functional(str(code)) for code in range(200, 300))  # 类 codes are 2xx
    return [s.name for s in subjects if s is not None and s.code not in NOT_DEPARTMENTAL]


def blank_lines(spec: TableSpec, year: int) -> dict[str, list[Line]]:
    """What the blank template prints in one table: the standard row labels and empty rows to fill."""
    classes = numbered(_class_names(year))
    opening, closing = spec.subrows_after or ("", "")
    labelled = {
        "summary.income": [
            *numbered(INCOME_SOURCES),
            *("本年收入合计", "使用非财政拨款结余", "年初结转和结余", "总计"),
        ],
        "summary.expenditure": [*classes, "本年支出合计", "结余分配", "年末结转和结余", "总计"],
        "fiscal_summary.income": [*numbered(FUND_NAMES), "本年收入合计", opening, *FUND_NAMES, "总计"],
        "fiscal_summary.expenditure": [*classes, "本年支出合计", closing, *FUND_NAMES, "总计"],
    }
    lines: dict[str, list[Line]] = {}
    for logical in spec.logical:
        match spec.layout:
            case Layout.SUMMARY:
                required = logical.id in PLACEHOLDER_PANELS
                lines[logical.id] = [
                    Line(None, name, {"amount": PLACEHOLDER} if required and name == "总计" else {})
                    for name in labelled[logical.id]
                ]
            case Layout.CODED:
                optional: dict[str, CellValue] = dict.fromkeys(STANDARD_OPTIONAL.get(logical.id, ()))
                lines[logical.id] = [
                    Line(None, "合计", optional),
                    *(Line(None, "") for _ in range(INPUT_ROWS)),
                ]
            case Layout.ECONOMIC:
                lines[logical.id] = [Line(None, "") for _ in range(INPUT_ROWS)]
            case Layout.SINGLE:
                lines[logical.id] = [Line(None, "")]
    return lines


def instructions(profile_key: str, unit: Unit) -> list[str]:
    """The 填表说明: how to fill the workbook so that ``gongkai check`` reads it."""
    profile = load_profile(profile_key)
    tables = standard_tables(profile_key)
    lines = [
        "填表说明",
        f"1. 本工作簿是{profile.name}的部门决算公开报表空白模板，每张表一个工作表（{public_sheet_name(1)}—"
        f"{public_sheet_name(len(tables))}）。不要改动表的标题和表头：gongkai 按标题找表、按表头文字找列。",
        f"2. 金额单位为{unit}，直接填数字，保留两位小数，不带千位分隔符和单位；没有数据的单元格留空。"
        f"金额单元格只接受数字，除“结余分配”外不能为负。收入支出决算总表的“总计”写着“{PLACEHOLDER}”，"
        "填上数字之前 gongkai check 会报告它。",
        "3. 可以填写的是金额、科目编码、科目名称、编制单位和表下的“注”；标题、表头、栏次和固定的行名已锁定。"
        "工作表保护没有密码，确需调整格式时可在“审阅”中撤销工作表保护。",
        "4. 按科目列示的表（收入决算表、支出决算表等）：先填“合计”行，其下每行填一个科目的编码、名称和金额，"
        "按类（3 位编码）、款（5 位）、项（7 位）逐级列出，如 201、20113、2011301。"
        "行不够时在数据行中间插入行。",
        "5. 收入支出决算总表、财政拨款收入支出决算总表的支出栏已列出《政府收支分类科目》的类级科目，"
        "没有支出的类留空。",
        "6. 一般公共预算财政拨款基本支出决算表：左栏填人员经费（301 工资福利支出、303 对个人和家庭的补助），"
        "右栏填公用经费（302 商品和服务支出、310 资本性支出等），最后一行分别填人员经费合计和公用经费合计。",
        "7. 没有数据的表（如没有政府性基金收支）也要保留，金额留空，并把表下的“注”改为"
        "“本部门本年度没有……，故本表无数据。”",
        "8. 可以用公式（如合计行），在 Excel 或 WPS 中保存即可；gongkai 读取公式的计算结果。",
        "9. 填好后把本工作簿放在 data/年度/部门文件夹/ 下（每个文件夹只放一个工作簿），运行"
        " gongkai check 检查各表的勾稽关系；每条检查规则的含义和处理办法见“检查规则一览”"
        "（运行 gongkai help checks，或本机预览 gongkai serve 中的“工作人员帮助”）。",
        "",
        "本工作簿中的表：",
        *(f"{public_sheet_name(number)}　{title}" for number, _, title in tables),
    ]
    return lines


def _write_instructions(sheet: Worksheet, profile_key: str, unit: Unit) -> None:
    sheet.column_dimensions["A"].width = 110
    for row, text in enumerate(instructions(profile_key, unit), start=1):
        cell = sheet.cell(row, 1, text or None)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        if row == 1:
            cell.font = Font(bold=True, size=16)


def write_template(
    path: Path,
    *,
    profile: str = "sichuan",
    unit: Unit = "万元",
    department: str = "",
    year: int | None = None,
) -> Path:
    """Write the blank standard workbook of a province (``generator/data/profiles/``) to ``path``.

    ``year`` (the year of the accounts) names the year on every table and chooses the classification
    whose 类 the summary tables list; without it, last year's (the accounts published this year).
    """
    layout = PrintLayout(unit=unit, department=department, year=year)
    classification_year = year or dt.datetime.now().astimezone().year - 1
    book = openpyxl.Workbook()
    first = book.active
    assert isinstance(first, Worksheet)  # a new workbook has one sheet
    _write_instructions(first, profile, unit)
    first.title = INSTRUCTIONS_SHEET
    for number, spec, title in standard_tables(profile):
        sheet = SheetWriter(layout, title)
        write_table(sheet, spec, blank_lines(spec, classification_year))
        sheet.note(standard_note(layout, title))
        sheet.save(book.create_sheet(public_sheet_name(number)))
    book.save(path)
    return path
