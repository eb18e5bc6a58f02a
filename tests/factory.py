"""Standard 决算公开 workbooks written with openpyxl from neutral data, for tests.

A test describes a department's tables as ``WorkbookData`` — lines of codes, names and amounts
keyed by the logical table ids of ``generator/data/tables.yaml`` — and ``write_workbook`` prints
them through the template's writer (``generator.tools.blank_workbook``), as real exports do: a merged title
row, an ``编制单位：… / 单位：万元`` line, merged multi-row headers with the standard header texts,
a 栏次 row, the data, 合计 rows and a ``注：`` footnote; two-panel tables side by side. Options
switch the layout between the variants the reader must accept (split 类/款/项 codes, 合计 at the
bottom, amounts in 元 or as text, titles only in the sheet names).

    data = tiny_workbook_data()
    data["gpb"][1].values["basic"] = Decimal("99.00")
    write_workbook(tmp_path / "决算公开报表.xlsx", data, table_set="mof9", codes="split")
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Literal

import openpyxl

from generator.numbers import CENT, TEN_THOUSAND
from generator.tools import blank_workbook as template
from generator.tools.blank_workbook import (
    TABLE_SETS,
    Line,
    PrintLayout,
    TableSet,
    public_sheet_name,
    standard_note,
    standard_tables,
    write_table,
)

D = Decimal
SHEET_NAME_LIMIT = 31

__all__ = ["Line", "Options", "SheetWriter", "WorkbookData", "tiny_workbook_data", "write_workbook"]

WorkbookData = dict[str, list[Line]]  # keyed by logical table id ("summary.income", "income", …)


@dataclass
class Options:
    codes: Literal["single", "split"]
    total_position: Literal["top", "bottom"]
    unit: Literal["万元", "元"]
    amounts_as_text: bool
    department: str
    year: int
    title_in: Literal["cell", "sheet"]

    @property
    def layout(self) -> PrintLayout:
        return PrintLayout(
            self.codes, self.total_position, self.unit, self.department, self.year, self.title_in == "cell"
        )


class SheetWriter(template.SheetWriter):
    """The template's sheet writer, laid out by the factory's options (for tables written by hand)."""

    def __init__(self, options: Options, title: str) -> None:
        super().__init__(options.layout, title)


def write_workbook(
    path: Path,
    data: WorkbookData,
    *,
    table_set: TableSet = "sichuan13",
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
    printed = {table_id: [_printed(line, options) for line in lines] for table_id, lines in data.items()}
    book = openpyxl.Workbook()
    book.remove(book.active)  # type: ignore[arg-type]
    for number, spec, title in standard_tables(TABLE_SETS[table_set]):
        name = (
            public_sheet_name(number) if title_in == "cell" else f"Z{number:02d} {title}(财决{number:02d}表)"
        )
        sheet = SheetWriter(options, title)
        write_table(sheet, spec, printed)
        empty = not any(data.get(logical.id) for logical in spec.logical)
        sheet.note(_empty_note(options, title) if empty else standard_note(options.layout, title))
        sheet.save(book.create_sheet(name[:SHEET_NAME_LIMIT]))
    book.save(path)
    return path


def amount_text(value: Decimal) -> str:
    """An amount as exports print it in a text cell: "1,234.50"."""
    return f"{value:,.2f}" if value == value.quantize(CENT) else f"{value:,}"


def _printed(line: Line, options: Options) -> Line:
    """A line with its amounts as the options print them: in 元, as text."""

    def cell(value: Decimal | str | None) -> Decimal | str | None:
        if not isinstance(value, Decimal):
            return value
        if options.unit == "元":
            value *= TEN_THOUSAND
        return amount_text(value) if options.amounts_as_text else value

    return Line(line.code, line.name, {key: cell(value) for key, value in line.values.items()})


def _empty_note(options: Options, title: str) -> str:
    return f"注：{options.department}{options.year}年度没有{title.removesuffix('表')}相关收支，故本表无数据。"


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
