"""Rules within one table (domain.md §3.1): rows add up, columns add up, 类 = Σ 款 = Σ 项.

Ids follow the 9-table numbering (T1 收入支出决算总表 … T9 国有资本经营); S5/S7/S9 are the Sichuan
明细 tables 5, 7 and 9. A-1 applies to every table.
"""

from __future__ import annotations

from collections.abc import Iterator

from generator.model import ZERO, DepartmentYear, Finding, Row, Severity, Table
from generator.numbers import money
from generator.rules.base import (
    Tally,
    Unchecked,
    all_rows,
    applicable,
    cell,
    describe,
    need,
    need_row,
    row_label,
    rows_before,
    rule,
    sangong_row,
    table_name,
    unchecked,
)
from generator.standard.totals import ancestors, labelled, value

FUNDS = {"gpb": "一般公共预算财政拨款", "fund": "政府性基金预算财政拨款", "soe": "国有资本经营预算财政拨款"}
OPENING = "年初财政拨款结转和结余"
CLOSING = "年末财政拨款结转和结余"

# (rule, table, row, the rows it adds up — None: every row above it). Summary tables carry their
# totals as labelled rows; both panels of 财政拨款收入支出决算总表 are checked column by column.
LABELLED_SUMS: list[tuple[str, str, str, list[str] | None]] = [
    ("T1-a", "summary.income", "本年收入合计", None),
    ("T1-b", "summary.expenditure", "本年支出合计", None),
    ("T1-c", "summary.income", "总计", ["本年收入合计", "使用非财政拨款结余", "年初结转和结余"]),
    ("T1-d", "summary.expenditure", "总计", ["本年支出合计", "结余分配", "年末结转和结余"]),
    ("T4-c", "fiscal_summary.income", OPENING, [f"{OPENING}/{name}" for name in FUNDS.values()]),
    ("T4-d", "fiscal_summary.income", "本年收入合计", None),
    ("T4-d", "fiscal_summary.income", "总计", ["本年收入合计", OPENING]),
    ("T4-d", "fiscal_summary.expenditure", "本年支出合计", None),
    ("T4-d", "fiscal_summary.expenditure", "总计", ["本年支出合计", CLOSING]),
]
# Per row: the first column is the sum of the others (applies when the table has all of them).
ROW_SUMS: dict[str, tuple[str, str, list[str]]] = {
    "income": ("T2-a", "total", ["fiscal", "superior", "business", "operating", "affiliated", "other"]),
    "expenditure": ("T3-a", "total", ["basic", "project", "remit", "operating", "subsidy"]),
    "fiscal_summary.expenditure": ("T4-a", "total", list(FUNDS)),
    "gpb": ("T5-a", "total", ["basic", "project"]),
    "fiscal_detail": ("S5-a", "total", ["basic", "project"]),
    "gpb_detail": ("S7-a", "total", ["basic", "project"]),
    "fund": ("T8-b", "total", ["basic", "project"]),
    "soe_income_expenditure": ("T9-b", "total", ["basic", "project"]),
    "soe": ("T9-b", "total", ["basic", "project"]),
}
# Coded tables: (rule of 合计 = Σ top rows, rule of 类 = Σ 款 and 款 = Σ 项).
HIERARCHIES: dict[str, tuple[str, str]] = {
    "income": ("T2-b", "T2-b"),
    "expenditure": ("T3-b", "T3-b"),
    "gpb": ("T5-b", "T5-b"),
    "gpb_basic.personnel": ("T6-a", "T6-b"),
    "gpb_basic.public": ("T6-a", "T6-b"),
    "fund": ("T8-c", "T8-c"),
    "soe_income_expenditure": ("T9-c", "T9-c"),
    "soe": ("T9-c", "T9-c"),
    "fiscal_detail": ("S5-b", "S5-b"),
    "gpb_detail": ("S7-b", "S7-b"),
    "gpb_project": ("S9-b", "S9-b"),
}
BALANCES = {"fund": "T8-a", "soe_income_expenditure": "T9-a", "soe": "T9-a"}
CHILDREN = {1: "各类", 2: "各款", 3: "各项"}
# Rows that may be negative: 结余分配 can return money to the balance.
MAY_BE_NEGATIVE = ("结余分配",)


@rule("A-1")
def no_negative_amounts(dy: DepartmentYear) -> Iterator[Finding]:
    """No amount of a 决算公开 table is negative."""
    assert dy.accounts is not None
    for table in dy.accounts.tables.values():
        for row in all_rows(table):
            if row.name.startswith(MAY_BE_NEGATIVE):
                continue
            for key, amount in row.values.items():
                if amount.value < ZERO:
                    yield Finding(
                        Severity.ERROR,
                        "A-1",
                        f"{table_name(table)}{describe(table, row, key)}为负数 {money(amount.value)} 万元："
                        "决算公开表中的金额不能为负。",
                        amount.source,
                        expected="不小于 0 的金额",
                        found=money(amount.value),
                    )


@rule("T1-a", "T1-b", "T1-c", "T1-d", "T4-c", "T4-d")
def labelled_sums(dy: DepartmentYear) -> Iterator[Finding]:
    """合计 and 总计 rows of the two summary tables."""
    tallies: dict[tuple[str, str], Tally] = {}
    for rule_id, table_id, target, parts in LABELLED_SUMS:
        try:
            (table,) = need(dy, rule_id, table_id)
            tally = tallies.setdefault((rule_id, table_id), Tally.of(rule_id, table))
            _labelled_sum(table, tally, rule_id, target, parts)
        except Unchecked as stop:
            yield stop.finding
    for tally in tallies.values():
        yield from tally.findings()


def _labelled_sum(table: Table, tally: Tally, rule_id: str, target: str, parts: list[str] | None) -> None:
    row = need_row(table, target, rule_id)
    if parts is None:
        members = rows_before(table, target)
        should = "其上各行之和"
    else:
        found = [labelled(table, part) for part in parts]
        members = [member for member in found if member is not None]
        if not members:
            raise Unchecked(rule_id, f"“{table_name(table)}”中找不到“{'”“'.join(parts)}”行", table.source)
        should = "“" + "”“".join(parts) + "”之和"
    for column in table.columns:
        tally.cell_sum(table, row, column.key, members, should)


@rule("T1-e", "T4-c")
def income_equals_expenditure(dy: DepartmentYear) -> Iterator[Finding]:
    """收入总计 = 支出总计, in 收入支出决算总表 and in 财政拨款收入支出决算总表."""
    for rule_id, panels, key in (("T1-e", "summary", "amount"), ("T4-c", "fiscal_summary", "total")):
        try:
            income, expenditure = need(dy, rule_id, f"{panels}.income", f"{panels}.expenditure")
            found, expected = need_row(income, "总计", rule_id), need_row(expenditure, "总计", rule_id)
        except Unchecked as stop:
            yield stop.finding
            continue
        tally = Tally.of(rule_id, income)
        should = f"{table_name(expenditure)}“总计”"
        tally.cell_equal(income, found, "amount", expected.get(key), should, what="“总计”")
        yield from tally.findings()


@rule("T4-b", "T4-c")
def fiscal_balances(dy: DepartmentYear) -> Iterator[Finding]:
    """Per fund, 年初结转和结余 + 本年收入 = 本年支出 + 年末结转和结余; 年末 fund rows = the 年末 row."""
    income, expenditure = need(dy, "T4-b", "fiscal_summary.income", "fiscal_summary.expenditure")
    spent = need_row(expenditure, "本年支出合计", "T4-b")
    closing = need_row(expenditure, CLOSING, "T4-b")
    balances = Tally.of("T4-b", expenditure)
    subrows = Tally.of("T4-c", expenditure)
    for key, name in FUNDS.items():
        opening = value(income, f"{OPENING}/{name}")
        received = value(income, name)
        balance = balances.add([opening, received]) - balances.add([spent.get(key)])
        should = f"{name}的年初结转和结余加本年收入（收入栏）减本年支出"
        balances.cell_equal(expenditure, closing, key, balance, should)
        fund_row = labelled(expenditure, f"{CLOSING}/{name}")
        if fund_row is not None:
            # the fund's own row prints its balance in the 合计 column, or only in the fund's column
            shown = "total" if fund_row.amount("total") is not None else key
            subrows.cell_equal(
                expenditure, fund_row, shown, closing.get(key), f"{row_label(closing)}的“{name}”"
            )
    yield from balances.findings()
    yield from subrows.findings()


@rule(*sorted({rule_id for rule_id, _, _ in ROW_SUMS.values()}))
def row_sums(dy: DepartmentYear) -> Iterator[Finding]:
    """Per row, the total column is the sum of its parts (收入/支出决算表, 财政拨款总表, 支出表)."""
    for table_id in applicable(dy, ROW_SUMS):
        rule_id, total_key, part_keys = ROW_SUMS[table_id]
        try:
            (table,) = need(dy, rule_id, table_id)
        except Unchecked as stop:
            yield stop.finding
            continue
        columns = [column for key in part_keys if (column := table.column(key)) is not None]
        if len(columns) < len(part_keys):
            continue  # this layout does not split the total (its part columns are optional)
        should = "“" + "”“".join(column.label for column in columns) + "”之和"
        tally = Tally.of(rule_id, table)
        for row in all_rows(table):
            if "/" in row.name:
                continue  # a fund sub-row of a balance repeats one column, it is not split
            total = tally.add(row.get(key) for key in part_keys)
            parts = [cell(table, row, key) for key in part_keys]
            tally.cell_equal(table, row, total_key, total, should, parts=parts)
        yield from tally.findings()


@rule(*sorted({rule_id for pair in HIERARCHIES.values() for rule_id in pair}))
def hierarchies(dy: DepartmentYear) -> Iterator[Finding]:
    """合计 = Σ 类, 类 = Σ 款, 款 = Σ 项, in every column of every coded table."""
    for table_id in applicable(dy, HIERARCHIES):
        total_rule, parent_rule = HIERARCHIES[table_id]
        try:
            (table,) = need(dy, total_rule, table_id)
        except Unchecked as stop:
            yield stop.finding
            continue
        yield from _hierarchy(table, total_rule, parent_rule)


def _hierarchy(table: Table, total_rule: str, parent_rule: str) -> Iterator[Finding]:
    coded = [row for row in table.rows if row.code]
    codes = {row.code for row in coded}
    children: dict[str | None, list[Row]] = {}
    for row in coded:
        code = row.code or ""
        parent = next((prefix for prefix in ancestors(code) if prefix in codes), None)
        children.setdefault(parent, []).append(row)
    totals = Tally.of(total_rule, table)
    parents = totals if parent_rule == total_rule else Tally.of(parent_rule, table)
    keys = [column.key for column in table.columns]
    for row in coded:
        members = children.get(row.code)
        if not members:
            continue
        should = f"其下{CHILDREN.get(members[0].level or 0, '各行')}之和"
        for key in keys:
            parents.cell_sum(table, row, key, members, should)
    top = children.get(None, [])
    if table.total is None:
        if top:
            yield unchecked(total_rule, f"“{table_name(table)}”没有“合计”行", table.source)
    else:
        should = f"{CHILDREN.get(top[0].level or 0, '各行') if top else '各行'}之和"
        for key in keys:
            totals.cell_sum(table, table.total, key, top, should)
    yield from totals.findings()
    if parents is not totals:
        yield from parents.findings()


@rule(*sorted(set(BALANCES.values())))
def fund_balances(dy: DepartmentYear) -> Iterator[Finding]:
    """政府性基金 and 国有资本经营 tables: 年初结转和结余 + 本年收入 − 本年支出 = 年末结转和结余, per row."""
    for table_id in applicable(dy, BALANCES):
        rule_id = BALANCES[table_id]
        try:
            (table,) = need(dy, rule_id, table_id)
        except Unchecked as stop:
            yield stop.finding
            continue
        if any(table.column(key) is None for key in ("opening", "income", "closing")):
            continue  # the expense-only layout (国有资本经营预算财政拨款支出决算表) has no balances
        tally = Tally.of(rule_id, table)
        for row in all_rows(table):
            balance = tally.add([row.get("opening"), row.get("income")]) - tally.add([row.get("total")])
            tally.cell_equal(table, row, "closing", balance, "年初结转和结余加本年收入减本年支出")
        yield from tally.findings()


SANGONG_SUMS = [
    ("total", ["abroad", "vehicle", "reception"], "因公出国（境）费、公务用车购置及运行费、公务接待费之和"),
    ("vehicle", ["vehicle_purchase", "vehicle_operation"], "公务用车购置费与运行费之和"),
]


@rule("T7-a")
def sangong_sums(dy: DepartmentYear) -> Iterator[Finding]:
    """三公: 合计 = 出国 + 公务用车 + 接待, 公务用车 = 购置 + 运行, for 预算数 and 决算数 alike."""
    table, row = sangong_row(dy, "T7-a")
    tally = Tally.of("T7-a", table)
    for phase, phase_name in (("budget", "预算数"), ("final", "决算数")):
        for total, parts, should in SANGONG_SUMS:
            key = f"{phase}_{total}"
            summed = tally.add(row.get(f"{phase}_{part}") for part in parts)
            sources = [cell(table, row, f"{phase}_{part}") for part in parts]
            tally.cell_equal(table, row, key, summed, f"{phase_name}中{should}", parts=sources)
    yield from tally.findings()
