"""The arithmetic of the standard tables that check and derive share: labelled rows, column totals,
and the key figures compared year on year.

One routine per figure, so that what the prose prints is what the check verified: a table without a
合计 row totals as the sum of its top rows (the rows whose 类 or 款 is not itself in the table), the
sum the 合计 row is checked against when it is there.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from generator.model import ZERO, Accounts, DepartmentYear, Row, Table
from generator.numbers import q2
from generator.readers.schema import Department

SANGONG_ITEMS = ["total", "abroad", "vehicle", "vehicle_purchase", "vehicle_operation", "reception"]
# 行政单位和参照公务员法管理的事业单位 report 机关运行经费 (= 公用经费 of the 基本支出表).
KINDS_WITH_OPERATING_COSTS = {"行政", "参公"}


def add(values: Iterable[Decimal], *, exact: bool = False) -> Decimal:
    """A sum as a reader adds up the printed table: in 万元, each amount as printed (to 0.01) first;
    ``exact`` (a table in 元) in 元, with nothing rounded."""
    return sum(values, ZERO) if exact else sum((q2(v) for v in values), ZERO)


def labelled(table: Table | None, label: str) -> Row | None:
    """A row of a summary table by its label: the exact label, else one starting with it."""
    if table is None:
        return None
    for row in table.rows:
        if row.name == label:
            return row
    return next((row for row in table.rows if row.name.startswith(label)), None)


def value(table: Table | None, label: str, key: str = "amount") -> Decimal:
    """The amount of a labelled row; zero when the table or the row is absent."""
    row = labelled(table, label)
    return row.get(key) if row is not None else ZERO


def ancestors(code: str) -> list[str]:
    """The 款 and 类 prefixes of a code, nearest first: 2011301 → 20113, 201."""
    return [code[:n] for n in (5, 3) if len(code) > n]


def top_rows(table: Table) -> list[Row]:
    """The rows a 合计 adds up: every coded row whose 类 or 款 is not itself in the table."""
    codes = {row.code for row in table.rows if row.code}
    return [row for row in table.rows if row.code and not any(a in codes for a in ancestors(row.code))]


def column_total(table: Table | None, key: str) -> Decimal:
    """The 合计 row's amount, or (when the table has no 合计 row) the sum of its top rows.

    For an 经济分类 table (人员经费, 公用经费) the top rows are its 类 rows: this is also its total.
    """
    if table is None:
        return ZERO
    if table.total is not None:
        return table.total.get(key)
    return add((row.get(key) for row in top_rows(table)), exact=table.unit == "元")


def soe_table(accounts: Accounts) -> Table | None:
    """The 国有资本经营 spending table, in whichever of its two forms the workbook has."""
    return accounts.get("soe") or accounts.get("soe_income_expenditure")


# ---------------------------------------------------------------- key figures


@dataclass(frozen=True)
class KeyFigures:
    """The figures compared year on year. None where the source does not state them."""

    total: Decimal | None = None  # 收支总计
    income_total: Decimal | None = None
    expenditure_total: Decimal | None = None
    basic: Decimal | None = None
    project: Decimal | None = None
    fiscal_total: Decimal | None = None  # 财政拨款收支总计
    gpb: Decimal | None = None  # 一般公共预算财政拨款支出
    fund: Decimal | None = None
    soe: Decimal | None = None
    sangong: dict[str, Decimal] | None = None  # SANGONG_ITEMS → 决算数
    operating_costs: Decimal | None = None


def sangong_values(accounts: Accounts) -> tuple[dict[str, Decimal], dict[str, Decimal]]:
    """The 三公 预算数 and 决算数 of each item; a table left blank reads as zeros."""
    table = accounts.get("sangong")
    row = table.rows[0] if table and table.rows else None
    budget = {item: row.get(f"budget_{item}") if row else ZERO for item in SANGONG_ITEMS}
    final = {item: row.get(f"final_{item}") if row else ZERO for item in SANGONG_ITEMS}
    return budget, final


def operating_costs(accounts: Accounts, kind: str | None) -> Decimal | None:
    """机关运行经费, None for a kind of unit that does not report it."""
    if kind not in KINDS_WITH_OPERATING_COSTS:
        return None
    return column_total(accounts.get("gpb_basic.public"), "amount")


def key_figures(accounts: Accounts, department: Department | None) -> KeyFigures:
    """The figures compared year on year, read from one year's tables."""
    income = accounts.get("summary.income")
    expenditure = accounts.get("expenditure")
    _, sangong_final = sangong_values(accounts)
    return KeyFigures(
        total=value(income, "总计"),
        income_total=value(income, "本年收入合计"),
        expenditure_total=column_total(expenditure, "total"),
        basic=column_total(expenditure, "basic"),
        project=column_total(expenditure, "project"),
        fiscal_total=value(accounts.get("fiscal_summary.income"), "总计"),
        gpb=column_total(accounts.get("gpb"), "total"),
        fund=column_total(accounts.get("fund"), "total"),
        soe=column_total(soe_table(accounts), "total"),
        sangong=sangong_final,
        operating_costs=operating_costs(accounts, department.kind if department else "行政"),
    )


def prior_key_figures(dy: DepartmentYear) -> KeyFigures:
    """Last year's figures: from data/<year-1>/<dept>/ when it exists, else department.yaml's prior_year."""
    if dy.prior is not None and dy.prior.accounts is not None:
        return key_figures(dy.prior.accounts, dy.prior.department)
    stated = dy.department.prior_year if dy.department else None
    if stated is None:
        return KeyFigures()
    sangong = stated.sangong.model_dump() if stated.sangong else None
    return KeyFigures(
        total=stated.total,
        income_total=stated.income_total,
        expenditure_total=stated.expenditure_total,
        basic=stated.basic,
        project=stated.project,
        fiscal_total=stated.fiscal_total,
        gpb=stated.gpb,
        fund=stated.fund,
        soe=stated.soe,
        sangong=sangong,
        operating_costs=stated.operating_costs,
    )
