"""``gongkai diff YEAR DEPT``: what changed against the prior year, and which changes still need a reason.

The worklist for the "主要变动原因" sentences: every key figure with its change against the prior year
(the threshold beyond which ``gongkai check`` requires a reason, rule Y-5), the 三公 决算 against its
预算, and every 项 of the spending tables with its change against the prior year and, for
一般公共预算, its 决算 against 年初预算 (rule Y-6). The figures and thresholds are the check's own,
so the diff and the check never disagree.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from rich.table import Table as RichTable
from rich.text import Text

from generator.derive import ItemLine, derive
from generator.model import Accounts, DepartmentYear, Table
from generator.numbers import Change, money, money_grouped
from generator.rules.department import (
    CHANGE_AMOUNT_THRESHOLD,
    CHANGE_RATE_THRESHOLD,
    YEAR_ON_YEAR,
    beyond_threshold,
    key_figure,
)
from generator.rules.identity import same_as_prior
from generator.standard.totals import KeyFigures, prior_key_figures, soe_table

YEAR_THRESHOLD = f"较上年变动超过 {CHANGE_RATE_THRESHOLD}% 且超过 {CHANGE_AMOUNT_THRESHOLD} 万元"
BUDGET_THRESHOLD = "决算数与预算数不同"
# Key figures the check does not require a reason for, in the order of the disclosure; a reason key
# where the disclosure prints one when given.
OTHER_FIGURES = {
    "income_total": ("本年收入合计", None),
    "expenditure_total": ("本年支出合计", None),
    "basic": ("基本支出", None),
    "project": ("项目支出", None),
    "fund": ("政府性基金预算财政拨款支出", "reasons.fund"),
    "soe": ("国有资本经营预算财政拨款支出", "reasons.soe"),
    "sangong:vehicle_purchase": ("公务用车购置费", None),
    "sangong:vehicle_operation": ("公务用车运行维护费", None),
}
ORDER = [
    "total",
    "income_total",
    "expenditure_total",
    "basic",
    "project",
    "fiscal_total",
    "gpb",
    "fund",
    "soe",
    "sangong:total",
    "sangong:abroad",
    "sangong:vehicle",
    "sangong:vehicle_purchase",
    "sangong:vehicle_operation",
    "sangong:reception",
    "operating_costs",
]
ITEM_TABLES = {"gpb": "一般公共预算", "fund": "政府性基金", "soe": "国有资本经营"}


@dataclass(frozen=True)
class Reason:
    """A 主要变动原因 the disclosure prints: whether the check requires it, and what department.yaml says."""

    key: str  # "reasons.total", "reasons.items.2011301"
    rule: str | None  # the check that requires it when the change is beyond the threshold; None: optional
    required: bool
    text: str  # as given, "" when not filled in

    @property
    def missing(self) -> bool:
        return self.required and not self.text


@dataclass(frozen=True)
class FigureChange:
    key: str  # "total", "sangong:reception"
    label: str
    current: Decimal | None
    prior: Decimal | None  # None: the prior year does not state it
    threshold: str  # beyond which a reason is required; "" when none is
    base_label: str  # 上年 or 预算
    reason: Reason | None

    @property
    def change(self) -> Change | None:
        return Change.of(self.current, self.prior)


@dataclass(frozen=True)
class ItemChange:
    """One 项 of a spending table, this year against the prior year and against its budget."""

    fund: str  # 一般公共预算 / 政府性基金 / 国有资本经营
    code: str
    name: str  # as the table names it: 行政运行
    label: str  # as the disclosure names it: 一般公共服务（类）商贸事务（款）行政运行（项）
    current: Decimal | None  # None: no such 项 this year
    prior: Decimal | None  # None: no such 项 last year, or no prior workbook
    budget: Decimal | None
    reason: Reason | None  # for 决算 against 年初预算

    @property
    def change(self) -> Change | None:
        return Change.of(self.current, self.prior)

    @property
    def against_budget(self) -> Change | None:
        return Change.of(self.current, self.budget)


@dataclass(frozen=True)
class Diff:
    year: int
    slug: str
    name: str
    prior_source: str | None  # where the prior year's figures come from; None when nowhere
    figures: list[FigureChange]
    items: list[ItemChange]
    same_as_prior: str | None = None  # "与上年的工作簿完全相同" (rule W-3): most likely last year's copy

    @property
    def reasons(self) -> list[Reason]:
        lines: list[FigureChange | ItemChange] = [*self.figures, *self.items]
        return [line.reason for line in lines if line.reason is not None]

    @property
    def missing(self) -> list[Reason]:
        return [reason for reason in self.reasons if reason.missing]


def _reason_text(dy: DepartmentYear, key: str) -> str:
    assert dy.department is not None
    reasons = dy.department.reasons
    *_, name = key.split(".")
    return reasons.items.get(name, "") if key.startswith("reasons.items.") else str(getattr(reasons, name))


def _figures(dy: DepartmentYear, current: KeyFigures, prior: KeyFigures) -> list[FigureChange]:
    checked = {name: (label, key) for name, label, key, _ in YEAR_ON_YEAR}
    lines = []
    for name in ORDER:
        now, before = key_figure(current, name), key_figure(prior, name)
        if now is None:
            continue  # a figure this kind of unit does not report (机关运行经费 of 事业单位)
        label, reason_key = checked.get(name) or OTHER_FIGURES[name]
        rule = "Y-5" if name in checked else None
        reason = None
        if reason_key is not None:
            required = rule is not None and before is not None and beyond_threshold(Change(now, before))
            reason = Reason(reason_key, rule, required, _reason_text(dy, reason_key))
        threshold = YEAR_THRESHOLD if rule else ""
        lines.append(FigureChange(name, label, now, before, threshold, "上年", reason))
    return lines


def _sangong_budget(dy: DepartmentYear, budget: Decimal, final: Decimal) -> FigureChange:
    key = "reasons.sangong_budget"
    required = Change(final, budget).delta != 0
    reason = Reason(key, "Y-6", required, _reason_text(dy, key))
    return FigureChange(
        "sangong:budget", "“三公”经费决算与预算", final, budget, BUDGET_THRESHOLD, "预算", reason
    )


def _spending_table(accounts: Accounts | None, table_id: str) -> Table | None:
    """A spending table; the 国有资本经营 one is either of its two forms."""
    if accounts is None:
        return None
    if table_id == "soe":
        return soe_table(accounts)
    return accounts.get(table_id)


def _items(dy: DepartmentYear, table_id: str, lines: list[ItemLine]) -> list[ItemChange]:
    fund = ITEM_TABLES[table_id]
    current = _spending_table(dy.accounts, table_id)
    prior_table = _spending_table(dy.prior.accounts, table_id) if dy.prior is not None else None
    prior = {row.code: row for row in prior_table.rows if row.code and row.level == 3} if prior_table else {}
    changes = []
    for line in lines:
        before = prior.pop(line.code, None)
        row = current.row(line.code) if current is not None else None
        reason = None
        if line.budget is not None:
            key = f"reasons.items.{line.code}"
            required = Change(line.final, line.budget).delta != 0
            reason = Reason(key, "Y-6", required, _reason_text(dy, key))
        changes.append(
            ItemChange(
                fund,
                line.code,
                row.name if row is not None else line.label,
                line.label,
                line.final,
                before.get("total") if before else (None if prior_table is None else Decimal("0")),
                line.budget,
                reason,
            )
        )
    for code, row in prior.items():  # 项 spent on last year only
        changes.append(ItemChange(fund, code, row.name, row.name, None, row.get("total"), None, None))
    return changes


def diff_department_year(dy: DepartmentYear) -> Diff:
    """The changes of one loaded department-year (its workbook and department.yaml read without errors)."""
    assert dy.accounts is not None and dy.department is not None, "diff runs on loaded input"
    figures = derive(dy)
    prior = prior_key_figures(dy)
    if dy.prior is not None and dy.prior.accounts is not None:
        source: str | None = f"data/{dy.prior.label}/"
    elif dy.department.prior_year is not None:
        source = f"data/{dy.label}/department.yaml 的 prior_year"
    else:
        source = None
    lines = _figures(dy, figures.key, prior)
    total = figures.sangong["total"]
    lines.insert(
        next(i for i, line in enumerate(lines) if line.key == "sangong:total") + 1,
        _sangong_budget(dy, total.budget, total.final),
    )
    items = [
        *_items(dy, "gpb", figures.gpb_items),
        *_items(dy, "fund", figures.fund_items),
        *_items(dy, "soe", figures.soe_items),
    ]
    return Diff(dy.year, dy.slug, dy.department.name, source, lines, items, same_as_prior(dy))


# ---------------------------------------------------------------- presentation


def _amount(value: Decimal | None) -> str:
    return money_grouped(value) if value is not None else "—"


def _delta(change: Change | None) -> str:
    """A change as the terminal shows it: +1,756.01（+157.42%）."""
    if change is None:
        return "—"
    sign = "+" if change.delta > 0 else "-" if change.delta < 0 else ""
    rate = f"（{sign}{change.rate}%）" if change.rate is not None and change.delta else ""
    return f"{sign}{money_grouped(abs(change.delta))}{rate}"


def _threshold(reason: Reason | None) -> str:
    return {"Y-5": "超过 10% 且超过 1 万元", "Y-6": "与预算不同"}.get(reason.rule or "", "") if reason else ""


def _needed(reason: Reason | None) -> Text:
    if reason is None or reason.rule is None:
        return Text("")
    return Text("是", style="yellow") if reason.required else Text("否", style="dim")


def _reason_cell(reason: Reason | None) -> Text:
    if reason is None:
        return Text("")
    if reason.text:
        return Text(reason.text)
    if reason.required:
        return Text(f"未填写（{reason.key}）", style="bold red")
    return Text("—", style="dim")


def _rich_table(title: str, headers: list[str]) -> RichTable:
    table = RichTable(title=title, title_justify="left")
    for header in headers:
        number = header in ("本年", "上年", "增减", "年初预算", "决算−预算")  # amounts never wrap
        table.add_column(header, overflow="fold", justify="right" if number else "left", no_wrap=number)
    return table


def diff_tables(diff: Diff) -> list[RichTable]:
    """Two tables for the terminal: the key figures, then the 项."""
    figures = _rich_table(
        f"{diff.year} 年度{diff.name}：主要指标较上年的变动（万元）",
        ["指标", "本年", "上年", "增减", "须说明原因的幅度", "须说明", "原因"],
    )
    for line in diff.figures:
        base = _amount(line.prior) if line.base_label == "上年" else f"预算 {_amount(line.prior)}"
        figures.add_row(
            line.label,
            _amount(line.current),
            base,
            _delta(line.change),
            _threshold(line.reason),
            _needed(line.reason),
            _reason_cell(line.reason),
        )
    items = _rich_table(
        "科目（项）：决算较上年的变动，决算与年初预算的差异（万元）",
        ["科目", "本年", "上年", "增减", "年初预算", "决算−预算", "须说明", "原因"],
    )
    for item in diff.items:
        fund = "" if item.fund == ITEM_TABLES["gpb"] else f"【{item.fund}】"
        items.add_row(
            f"{fund}{item.code} {item.name}",
            _amount(item.current),
            _amount(item.prior),
            _delta(item.change),
            _amount(item.budget),
            _delta(item.against_budget),
            _needed(item.reason),
            _reason_cell(item.reason),
        )
    return [figures, items]


def diff_summary(diff: Diff) -> str:
    source = f"上年数据来自 {diff.prior_source}。" if diff.prior_source else "没有上年数据：无法与上年比较。"
    if diff.same_as_prior:
        source += f"注意：本年度的工作簿{diff.same_as_prior}，请确认放入的是 {diff.year} 年度的决算报表。"
    needed = [reason for reason in diff.reasons if reason.required]
    missing = diff.missing
    if not needed:
        return f"{source}没有须说明原因的变动。"
    if not missing:
        return f"{source}须说明原因的变动共 {len(needed)} 处，原因都已填写。"
    keys = "、".join(reason.key for reason in missing)
    return (
        f"{source}须说明原因的变动共 {len(needed)} 处，"
        f"其中 {len(missing)} 处在 department.yaml 中还没有填写：{keys}。"
    )


def _decimal(value: Decimal | None) -> str | None:
    return None if value is None else money(value)


def _reason_json(reason: Reason | None) -> dict[str, Any] | None:
    if reason is None:
        return None
    return {"key": reason.key, "rule": reason.rule, "required": reason.required, "given": reason.text or None}


def _change_json(change: Change | None) -> dict[str, Any] | None:
    if change is None:
        return None
    return {"delta": str(change.delta), "rate": _decimal(change.rate), "text": change.text}


def diff_json(diff: Diff) -> dict[str, Any]:
    """The diff as plain JSON data; amounts as decimal strings in 万元."""
    return {
        "year": diff.year,
        "department": diff.slug,
        "name": diff.name,
        "prior_source": diff.prior_source,
        "same_as_prior": diff.same_as_prior,
        "thresholds": {"rate_percent": str(CHANGE_RATE_THRESHOLD), "amount": str(CHANGE_AMOUNT_THRESHOLD)},
        "figures": [
            {
                "key": line.key,
                "label": line.label,
                "current": _decimal(line.current),
                "base": _decimal(line.prior),
                "base_label": line.base_label,
                "change": _change_json(line.change),
                "threshold": line.threshold or None,
                "reason": _reason_json(line.reason),
            }
            for line in diff.figures
        ],
        "items": [
            {
                "fund": item.fund,
                "code": item.code,
                "name": item.name,
                "label": item.label,
                "current": _decimal(item.current),
                "prior": _decimal(item.prior),
                "change": _change_json(item.change),
                "budget": _decimal(item.budget),
                "against_budget": _change_json(item.against_budget),
                "reason": _reason_json(item.reason),
            }
            for item in diff.items
        ],
        "missing": [reason.key for reason in diff.missing],
    }
