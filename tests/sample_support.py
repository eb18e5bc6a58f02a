"""A sample department-year's full set of tables, built from its 项 and its economic items.

A sample script states what a department spent — each 项 with its 基本支出, 项目支出 and source of
funds, the 人员经费 and 公用经费 by economic 款, the 三公 budget and spending — and ``workbook_data``
derives every table of the 13-table set from it (the 9-table set is a subset of those ids): 类 and
款 rows and 合计 rows are sums, names come from the year's classification dictionary, income equals
spending (no balances carried in or out), 年初预算 equals 决算 (完成预算 100%) and zero cells are
left blank as exports leave them. So every 勾稽 rule holds by construction.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Literal

from factory import Line, WorkbookData
from sample_qu_xian import NUMERALS, SUMMARY_EXPENDITURE_CLASSES

from generator.derive import SANGONG_ITEMS
from generator.rules.within import CLOSING, FUNDS, OPENING
from generator.standard.classification import Classification, Subject, load_classification
from generator.standard.tables import INCOME_SOURCES

D = Decimal
ZERO = D("0")
Fund = Literal["gpb", "fund", "other"]  # 一般公共预算, 政府性基金, non-fiscal (其他收入)
FISCAL: tuple[Fund, ...] = ("gpb", "fund")
# The 收入支出决算总表 row of each source of funds.
INCOME_ROWS: dict[Fund, str] = {"gpb": INCOME_SOURCES[0], "fund": INCOME_SOURCES[1], "other": "其他收入"}


@dataclass(frozen=True)
class Item:
    """What one 项 spent from one source of funds."""

    code: str  # 7-digit 功能分类 code
    basic: Decimal = ZERO
    project: Decimal = ZERO
    fund: Fund = "gpb"


Sums = dict[str | None, tuple[Decimal, Decimal]]  # code (None: 合计) → (基本支出, 项目支出)
Values = dict[str, Decimal | str | None]  # as ``Line.values``


def _sums(items: Iterable[Item]) -> Sums:
    """基本/项目支出 of every 类, 款 and 项 the items reach, and of the whole (key None)."""
    sums: Sums = {}
    for item in items:
        for code in (None, item.code[:3], item.code[:5], item.code):
            basic, project = sums.get(code, (ZERO, ZERO))
            sums[code] = (basic + item.basic, project + item.project)
    return sums


def _blank_zero(value: Decimal) -> Decimal | None:
    """Exports leave a zero cell blank."""
    return value or None


def _total(sums: Sums, code: str | None) -> Decimal:
    basic, project = sums.get(code, (ZERO, ZERO))
    return basic + project


def _spending(sums: Sums, code: str | None) -> Values:
    basic, project = sums.get(code, (ZERO, ZERO))
    return {
        "total": _blank_zero(basic + project),
        "basic": _blank_zero(basic),
        "project": _blank_zero(project),
    }


def _coded(sums: Sums, names: Classification, values: Callable[[str | None], Values]) -> list[Line]:
    """合计 first, then 类, 款 and 项 depth-first (sorting the codes as text puts each under its parent)."""
    codes = sorted(code for code in sums if code is not None)
    return [
        Line(None, "合计", values(None)),
        *(Line(code, _name(names.functional(code), code), values(code)) for code in codes),
    ]


def _name(subject: Subject | None, code: str) -> str:
    if subject is None:
        raise KeyError(f"科目 {code} is not in the classification dictionary")
    return subject.name


def _economic(amounts: Mapping[str, Decimal], names: Classification, total_label: str) -> list[Line]:
    """A panel of the 基本支出表: 类 rows (sums of their 款), the 款 given, then the total row."""
    rows = dict(amounts)
    for code, amount in amounts.items():
        rows[code[:3]] = rows.get(code[:3], ZERO) + amount
    return [
        *(Line(code, _name(names.economic(code), code), {"amount": rows[code]}) for code in sorted(rows)),
        Line(None, total_label, {"amount": sum(amounts.values(), ZERO)}),
    ]


def sangong_line(budget: Mapping[str, Decimal], final: Mapping[str, Decimal]) -> Line:
    """The 三公 table's one row from the items abroad, vehicle_purchase, vehicle_operation, reception."""
    values: Values = {}
    for phase, given in (("budget", budget), ("final", final)):
        amounts = {item: given.get(item, ZERO) for item in SANGONG_ITEMS}
        amounts["vehicle"] = amounts["vehicle_purchase"] + amounts["vehicle_operation"]
        amounts["total"] = amounts["abroad"] + amounts["vehicle"] + amounts["reception"]
        values.update({f"{phase}_{item}": amount for item, amount in amounts.items()})
    return Line(None, "三公经费", values)


def workbook_data(
    year: int,
    items: list[Item],
    personnel: Mapping[str, Decimal],
    public: Mapping[str, Decimal],
    sangong: Line,
) -> WorkbookData:
    """Every table of the 13-table set (``write_workbook`` takes the ids its table set publishes).

    ``personnel`` and ``public`` map the economic 款 of the 一般公共预算 基本支出 to their amounts.
    """
    names = load_classification(year)
    by_fund = {fund: _sums(item for item in items if item.fund == fund) for fund in INCOME_ROWS}
    everything = _sums(items)
    fiscal = _sums(item for item in items if item.fund in FISCAL)
    income = {INCOME_ROWS[fund]: _total(sums, None) for fund, sums in by_fund.items()}
    total = _total(everything, None)
    fiscal_total = _total(fiscal, None)
    classes = [(name, _class_code(names, name)) for name, _ in SUMMARY_EXPENDITURE_CLASSES]

    def labelled(rows: list[tuple[str, Decimal | None]], numbered: bool = False) -> list[Line]:
        """Rows of a summary panel; ``numbered``: 一、二、… in front of the labels."""
        return [
            Line(None, f"{NUMERALS[i]}、{name}" if numbered else name, {"amount": amount})
            for i, (name, amount) in enumerate(rows)
        ]

    def fiscal_by_class(code: str) -> Values:
        gpb, fund = _total(by_fund["gpb"], code), _total(by_fund["fund"], code)
        return {
            "total": _blank_zero(gpb + fund),
            "gpb": _blank_zero(gpb),
            "fund": _blank_zero(fund),
            "soe": None,
        }

    def income_by_code(code: str | None) -> Values:
        return {
            "total": _blank_zero(_total(everything, code)),
            "fiscal": _blank_zero(_total(fiscal, code)),
            "other": _blank_zero(_total(by_fund["other"], code)),
        }

    def gpb_by_code(code: str | None) -> Values:
        spent = _spending(by_fund["gpb"], code)
        return {"budget": spent["total"], **spent}  # 年初预算 = 决算

    def fund_by_code(code: str | None) -> Values:
        spent = _spending(by_fund["fund"], code)
        return {"income": spent["total"], **spent}  # the year's fund income is spent within the year

    fiscal_spent = {
        "total": fiscal_total,
        "gpb": _total(by_fund["gpb"], None),
        "fund": _total(by_fund["fund"], None),
        "soe": None,
    }
    no_balance: Values = dict.fromkeys(fiscal_spent)
    gpb_project: Sums = {code: (ZERO, project) for code, (_, project) in by_fund["gpb"].items() if project}
    data: WorkbookData = {
        "summary.income": [
            *labelled(
                [(name, _blank_zero(income.get(name, ZERO))) for name in INCOME_SOURCES], numbered=True
            ),
            *labelled([("本年收入合计", total), ("使用非财政拨款结余", None), ("年初结转和结余", None)]),
            *labelled([("总计", total)]),
        ],
        "summary.expenditure": [
            *labelled(
                [(name, _blank_zero(_total(everything, code))) for name, code in classes], numbered=True
            ),
            *labelled([("本年支出合计", total), ("结余分配", None), ("年末结转和结余", None)]),
            *labelled([("总计", total)]),
        ],
        "income": _coded(everything, names, income_by_code),
        "expenditure": _coded(everything, names, lambda code: _spending(everything, code)),
        "fiscal_summary.income": [
            *labelled(
                [(name, _blank_zero(income.get(f"{name}收入", ZERO))) for name in FUNDS.values()],
                numbered=True,
            ),
            *labelled([("本年收入合计", fiscal_total), (OPENING, None)]),
            *labelled([(name, None) for name in FUNDS.values()]),
            *labelled([("总计", fiscal_total)]),
        ],
        "fiscal_summary.expenditure": [
            *(
                Line(None, f"{NUMERALS[i]}、{name}", fiscal_by_class(code))
                for i, (name, code) in enumerate(classes)
            ),
            Line(None, "本年支出合计", dict(fiscal_spent)),
            Line(None, CLOSING, dict(no_balance)),
            *(Line(None, name, dict(no_balance)) for name in FUNDS.values()),
            Line(None, "总计", dict(fiscal_spent)),
        ],
        "fiscal_detail": _coded(fiscal, names, lambda code: _spending(fiscal, code)),
        "gpb": _coded(by_fund["gpb"], names, gpb_by_code),
        "gpb_detail": _coded(by_fund["gpb"], names, lambda code: _spending(by_fund["gpb"], code)),
        "gpb_basic.personnel": _economic(personnel, names, "人员经费合计"),
        "gpb_basic.public": _economic(public, names, "公用经费合计"),
        "gpb_project": _coded(
            gpb_project, names, lambda code: {"total": _blank_zero(_total(gpb_project, code))}
        ),
        "sangong": [sangong],
    }
    if by_fund["fund"]:
        data["fund"] = _coded(by_fund["fund"], names, fund_by_code)
    return data


def _class_code(names: Classification, label: str) -> str:
    code = names.class_code_for_label(label)
    if code is None:
        raise KeyError(f"“{label}” is not a 类 of the classification dictionary")
    return code
