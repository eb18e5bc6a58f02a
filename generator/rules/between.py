"""Rules between tables (domain.md §3.2, X-1 … X-11): the same figure agrees wherever it is printed.

Each finding points at a cell of the first table named and quotes the other table's figure.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from functools import partial

from generator.model import ZERO, DepartmentYear, Finding, Row, Severity, Table
from generator.numbers import money
from generator.rules.base import (
    Tally,
    Unchecked,
    attempt,
    cell,
    classification,
    describe,
    in_yuan,
    need,
    need_row,
    publishes,
    rows_before,
    rule,
    sangong_row,
    table_name,
)
from generator.rules.within import CLOSING, FUNDS, OPENING
from generator.standard.classification import Classification, normalise_name
from generator.standard.totals import add, column_total, labelled


def _other(table: Table, row: Row | None, key: str, label: str) -> str:
    """How a message names the figure of the other table: 收入决算表“合计”行的“财政拨款收入”（C7）."""
    where = cell(table, row, key).cell if row is not None else None
    at = f"（{where}）" if where else ""
    column = table.column(key)
    heading = f"的“{column.label}”" if column is not None and len(table.columns) > 1 else ""
    return f"{table_name(table)}“{label}”{heading}{at}"


def _total(table: Table, rule_id: str) -> Row:
    """The 合计 row; a table whose note says it has no data totals zero (so its figures elsewhere must)."""
    if table.total is None and table.empty_statement is not None:
        return Row(None, "合计", {}, table.empty_statement)
    if table.total is None:
        raise Unchecked(rule_id, f"“{table_name(table)}”没有“合计”行", table.source)
    return table.total


# 收入支出决算总表 income rows and the 收入决算表 column each one equals.
INCOME_SOURCES = [
    ("本年收入合计", "total"),
    ("上级补助收入", "superior"),
    ("事业收入", "business"),
    ("经营收入", "operating"),
    ("附属单位上缴收入", "affiliated"),
    ("其他收入", "other"),
]


@rule("X-1")
def summary_and_income(dy: DepartmentYear) -> Iterator[Finding]:
    """收入支出决算总表's 本年收入合计 and non-fiscal income = 收入决算表's 合计 row."""
    summary, income = need(dy, "X-1", "summary.income", "income")
    total = _total(income, "X-1")
    need_row(summary, "本年收入合计", "X-1")
    tally = Tally.of("X-1", summary, income)
    for label, key in INCOME_SOURCES:
        row = labelled(summary, label)
        if row is not None:
            should = _other(income, total, key, "合计")
            tally.cell_equal(summary, row, "amount", total.get(key), should, what=f"“{row.name}”")
    yield from tally.findings()


@rule("X-2")
def summary_and_expenditure(dy: DepartmentYear) -> Iterator[Finding]:
    """收入支出决算总表's 本年支出合计 and each 类 row = 支出决算表's 合计 and 类 rows."""
    summary, expenditure = need(dy, "X-2", "summary.expenditure", "expenditure")
    yield from _classes_agree(
        dy, "X-2", summary, "amount", "本年支出合计", expenditure, "total", _total(expenditure, "X-2")
    )


@rule("X-4")
def fiscal_summary_and_gpb(dy: DepartmentYear) -> Iterator[Finding]:
    """财政拨款总表's 一般公共预算 column = 一般公共预算财政拨款支出决算表, in total and per 类."""
    fiscal, gpb = need(dy, "X-4", "fiscal_summary.expenditure", "gpb")
    yield from _classes_agree(dy, "X-4", fiscal, "gpb", "本年支出合计", gpb, "total", _total(gpb, "X-4"))


def _classes_agree(
    dy: DepartmentYear,
    rule_id: str,
    summary: Table,
    summary_key: str,
    total_label: str,
    coded: Table,
    coded_key: str,
    coded_total: Row,
) -> Iterator[Finding]:
    """A summary table's 类 rows (labelled) and total agree with a coded table's 类 rows and 合计."""
    dictionary = classification(dy, rule_id)
    total_row = need_row(summary, total_label, rule_id)
    tally = Tally.of(rule_id, summary, coded)
    should = _other(coded, coded_total, coded_key, "合计")
    tally.cell_equal(summary, total_row, summary_key, coded_total.get(coded_key), should)
    matched: set[str] = set()
    for row in rows_before(summary, total_label):
        code = _class_code(row.name, coded, dictionary)
        if code is None:
            if row.get(summary_key) != ZERO:
                yield Finding(
                    Severity.WARNING,
                    f"{rule_id}.unchecked",
                    f"无法核对规则 {rule_id}：{table_name(summary)}的“{row.name}”不是本年度分类科目中的"
                    f"类级科目名称，无法与{table_name(coded)}对应。",
                    row.source,
                )
            continue
        matched.add(code)
        detail = coded.row(code)
        if detail is None:
            tally.cell_equal(summary, row, summary_key, ZERO, f"{table_name(coded)}的 {code} 类")
        else:
            should = _other(coded, detail, coded_key, f"{code} {detail.name}")
            tally.cell_equal(summary, row, summary_key, detail.get(coded_key), should)
    for detail in coded.rows:
        if detail.level == 1 and detail.code not in matched and detail.get(coded_key) != ZERO:
            yield Finding(
                Severity.ERROR,
                rule_id,
                f"{table_name(coded)}{describe(coded, detail, coded_key)}为"
                f" {money(detail.get(coded_key))} 万元，但{table_name(summary)}中没有这一类的行。",
                cell(coded, detail, coded_key),
                expected=f"{table_name(summary)}中的“{detail.name}”行",
                found="无",
            )
    yield from tally.findings()


def _class_code(label: str, coded: Table, dictionary: Classification) -> str | None:
    """The 类 code of a summary-table row: by the year's dictionary, else by the coded table's 类 names."""
    code = dictionary.class_code_for_label(label)
    if code is not None:
        return code
    name = normalise_name(label)
    return next((row.code for row in coded.rows if row.level == 1 and normalise_name(row.name) == name), None)


@rule("X-3")
def fiscal_income(dy: DepartmentYear) -> Iterator[Finding]:
    """财政拨款 income by fund: 收入支出决算总表 = 财政拨款总表; 收入决算表's 财政拨款收入 = 本年收入合计."""
    summary, income, fiscal = need(dy, "X-3", "summary.income", "income", "fiscal_summary.income")
    by_fund = Tally.of("X-3", summary, fiscal)
    for name in FUNDS.values():
        row = labelled(summary, f"{name}收入")
        other = labelled(fiscal, name)
        if row is None and other is None:
            continue
        found = row.get("amount") if row else ZERO
        by_fund.equal(
            found,
            other.get("amount") if other else ZERO,
            cell(summary, row, "amount") if row else summary.source,
            f"“{name}收入”",
            _other(fiscal, other, "amount", name),
        )
    total = _total(income, "X-3")
    received = need_row(fiscal, "本年收入合计", "X-3")
    fiscal_total = Tally.of("X-3", income, fiscal)
    should = _other(fiscal, received, "amount", "本年收入合计")
    fiscal_total.cell_equal(income, total, "fiscal", received.get("amount"), should)
    yield from by_fund.findings()
    yield from fiscal_total.findings()


@rule("X-5")
def gpb_basic(dy: DepartmentYear) -> Iterator[Finding]:
    """一般公共预算财政拨款支出决算表's 基本支出 = 人员经费合计 + 公用经费合计 of the 基本支出表."""
    gpb, personnel, public = need(dy, "X-5", "gpb", "gpb_basic.personnel", "gpb_basic.public")
    total = _total(gpb, "X-5")
    tally = Tally("X-5", table_name(gpb), personnel.title, exact=in_yuan(gpb, personnel, public))
    # a 基本支出表 in 元 is added up in 元, the sum rounded once where the other table is in 万元
    parts = [column_total(personnel, "amount"), column_total(public, "amount")]
    basic = add(parts, exact=in_yuan(personnel, public))
    tally.cell_equal(gpb, total, "basic", basic, f"{personnel.title}的人员经费合计与公用经费合计之和")
    yield from tally.findings()


# The 国有资本经营 fund is detailed in one table (MoF 09) or two (Sichuan 11 and 12).
FUND_TABLES = [("fund", "fund"), ("soe", "soe_income_expenditure"), ("soe", "soe")]


# Compares 财政拨款总表's income and expenditure panels with one fund's own table, for that fund.
FundCheck = Callable[[Table, Table, Table, str], Iterator[Finding]]


def _each_fund_table(dy: DepartmentYear, rule_id: str, check: FundCheck) -> Iterator[Finding]:
    """``check`` for every fund table the department-year publishes, each on its own (``attempt``)."""
    for fund, table_id in FUND_TABLES:
        if publishes(dy, table_id):
            yield from attempt(partial(_fund_check, dy, rule_id, check, fund, table_id))


def _fund_check(
    dy: DepartmentYear, rule_id: str, check: FundCheck, fund: str, table_id: str
) -> Iterator[Finding]:
    income, expenditure, detail = need(
        dy, rule_id, "fiscal_summary.income", "fiscal_summary.expenditure", table_id
    )
    return check(income, expenditure, detail, fund)


@rule("X-6")
def fund_tables(dy: DepartmentYear) -> Iterator[Finding]:
    """财政拨款总表's 政府性基金 and 国有资本经营 income and spending = their own tables' 合计."""
    return _each_fund_table(dy, "X-6", _fund_table)


def _fund_table(income: Table, expenditure: Table, detail: Table, fund: str) -> Iterator[Finding]:
    total = _total(detail, "X-6")
    spent = need_row(expenditure, "本年支出合计", "X-6")
    tally = Tally.of("X-6", expenditure, detail)
    tally.cell_equal(expenditure, spent, fund, total.get("total"), _other(detail, total, "total", "合计"))
    received = labelled(income, FUNDS[fund])
    if received is not None and detail.column("income") is not None:
        what = f"{table_name(income)}“{received.name}”"
        should = _other(detail, total, "income", "合计")
        tally.cell_equal(income, received, "amount", total.get("income"), should, what=what)
    return tally.findings()


@rule("X-7")
def fund_balances_agree(dy: DepartmentYear) -> Iterator[Finding]:
    """财政拨款总表's 年初/年末 balances by fund = the 年初/年末 of the fund's own table."""
    return _each_fund_table(dy, "X-7", _fund_balance)


def _fund_balance(income: Table, expenditure: Table, detail: Table, fund: str) -> Iterator[Finding]:
    if detail.column("opening") is None or detail.column("closing") is None:
        return iter(())  # the expense-only layout carries no balances
    total = _total(detail, "X-7")
    tally = Tally.of("X-7", income, detail)
    opening = labelled(income, f"{OPENING}/{FUNDS[fund]}")
    if opening is not None:
        should = _other(detail, total, "opening", "合计")
        tally.cell_equal(income, opening, "amount", total.get("opening"), should, what=f"“{opening.name}”")
    closing = need_row(expenditure, CLOSING, "X-7")
    what = f"{table_name(expenditure)}{describe(expenditure, closing, fund)}"
    should = _other(detail, total, "closing", "合计")
    tally.cell_equal(expenditure, closing, fund, total.get("closing"), should, what=what)
    return tally.findings()


# 基本支出表 economic items and the 三公 决算数 column that includes them (三公 also counts 项目支出).
SANGONG_ITEMS = [
    ("30212", "final_abroad"),
    ("30217", "final_reception"),
    ("30231", "final_vehicle_operation"),
    ("31013", "final_vehicle_purchase"),
]


@rule("X-8")
def economic_items_within_sangong(dy: DepartmentYear) -> Iterator[Finding]:
    """30212, 30217, 30231 and 31013 of the 基本支出表 are not larger than the 三公 table's 决算数."""
    (public,) = need(dy, "X-8", "gpb_basic.public")
    sangong, final = sangong_row(dy, "X-8")
    tally = Tally("X-8", public.title, table_name(sangong), exact=in_yuan(public, sangong))
    for code, key in SANGONG_ITEMS:
        row = public.row(code)
        if row is not None:
            what = f"经济分类“{row.code} {row.name}”"
            tally.cell_at_most(
                public, row, "amount", final.get(key), what, _other(sangong, final, key, "三公经费")
            )
    yield from tally.findings()


@rule("X-9")
def balances_include_fiscal(dy: DepartmentYear) -> Iterator[Finding]:
    """收入支出决算总表's 年初/年末结转和结余 ≥ the 财政拨款 ones (they include non-fiscal balances)."""
    income, expenditure, fiscal_income, fiscal_expenditure = need(
        dy,
        "X-9",
        "summary.income",
        "summary.expenditure",
        "fiscal_summary.income",
        "fiscal_summary.expenditure",
    )
    pairs = [
        (fiscal_income, OPENING, "amount", income, "年初结转和结余"),
        (fiscal_expenditure, CLOSING, "total", expenditure, "年末结转和结余"),
    ]
    tally = Tally(
        "X-9",
        fiscal_income.title,
        income.title,
        exact=in_yuan(fiscal_income, income, fiscal_expenditure, expenditure),
    )
    for fiscal, fiscal_label, key, summary, label in pairs:
        fiscal_row, summary_row = labelled(fiscal, fiscal_label), labelled(summary, label)
        if fiscal_row is None:
            continue
        limit = summary_row.get("amount") if summary_row else ZERO
        should = _other(summary, summary_row, "amount", label)
        tally.cell_at_most(fiscal, fiscal_row, key, limit, f"“{fiscal_label}”", should)
    yield from tally.findings()


@rule("X-10")
def gpb_within_expenditure(dy: DepartmentYear) -> Iterator[Finding]:
    """Per 科目, 一般公共预算财政拨款的基本/项目支出 ≤ 支出决算表 (which adds the other funds)."""
    gpb, expenditure = need(dy, "X-10", "gpb", "expenditure")
    tally = Tally.of("X-10", gpb, expenditure)
    for row in gpb.rows:
        if row.code is None:
            continue
        other = expenditure.row(row.code)
        for key in ("basic", "project"):
            if other is None:
                tally.cell_at_most(gpb, row, key, ZERO, describe(gpb, row, key), table_name(expenditure))
            else:
                should = _other(expenditure, other, key, f"{row.code} {row.name}")
                tally.cell_at_most(gpb, row, key, other.get(key), describe(gpb, row, key), should)
    yield from tally.findings()


# Sichuan 明细 tables: (table, column, the table it details, its row, its column).
DETAILS = [
    ("fiscal_detail", "total", "fiscal_summary.expenditure", "本年支出合计", "total"),
    ("gpb_detail", "total", "gpb", None, "total"),
    ("gpb_detail", "basic", "gpb", None, "basic"),
    ("gpb_detail", "project", "gpb", None, "project"),
    ("gpb_project", "total", "gpb", None, "project"),
]


@rule("X-11")
def detail_totals(dy: DepartmentYear) -> Iterator[Finding]:
    """The 合计 of each Sichuan 明细 table equals the figure of the table it details."""
    for table_id in dict.fromkeys(table_id for table_id, *_ in DETAILS):
        if publishes(dy, table_id):
            yield from attempt(partial(_detail_totals, dy, table_id))


def _detail_totals(dy: DepartmentYear, table_id: str) -> Iterator[Finding]:
    tally: Tally | None = None
    for detail_id, key, detailed_id, label, detailed_key in DETAILS:
        if detail_id != table_id:
            continue
        detail, detailed = need(dy, "X-11", table_id, detailed_id)
        if detail.column(key) is None:
            continue  # an optional column this layout does not print
        total = _total(detail, "X-11")
        other = need_row(detailed, label, "X-11") if label else _total(detailed, "X-11")
        tally = tally or Tally(
            "X-11", table_name(detail), table_name(detailed), exact=in_yuan(detail, detailed)
        )
        should = _other(detailed, other, detailed_key, label or "合计")
        tally.cell_equal(detail, total, key, other.get(detailed_key), should)
    return tally.findings() if tally else iter(())
