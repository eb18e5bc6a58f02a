"""Derive stage: every figure the disclosure's prose states, computed from the tables.

Templates do no arithmetic: whatever a sentence needs (a total, a share, a change against last
year, a completion rate) is computed here once, in ``Decimal``, and rounded in ``numbers``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from functools import cache
from importlib import resources

import yaml

from generator.evaluation.scoring import Outcome, outcome
from generator.model import ZERO, Accounts, DepartmentYear, Row, Table
from generator.numbers import Change, completion, percent_of
from generator.readers.schema import Department
from generator.standard.classification import Classification, load_classification
from generator.standard.tables import INCOME_SOURCES
from generator.standard.totals import (
    SANGONG_ITEMS,
    KeyFigures,
    column_total,
    key_figures,
    prior_key_figures,
    sangong_values,
    soe_table,
    value,
)

# 支出决算表 columns → the five kinds of spending the disclosure lists.
EXPENDITURE_KINDS = {
    "basic": "基本支出",
    "project": "项目支出",
    "remit": "上缴上级支出",
    "operating": "经营支出",
    "subsidy": "对附属单位补助支出",
}
# 国有资产: vehicle categories the disclosure always names, then the rarer ones only when held.
ASSET_VEHICLES_ALWAYS = ["leaders", "confidential", "emergency", "law_enforcement", "special", "other"]
ASSET_VEHICLE_NAMES = {
    "ministerial": "部级领导干部用车",
    "leaders": "主要领导干部用车",
    "confidential": "机要通信用车",
    "emergency": "应急保障用车",
    "law_enforcement": "执法执勤用车",
    "special": "特种专业技术用车",
    "retired_cadres": "离退休干部用车",
    "other": "其他用车",
}


@dataclass(frozen=True)
class Share:
    name: str
    amount: Decimal
    share: Decimal | None  # percent of the whole, None on a zero whole


@dataclass(frozen=True)
class ItemLine:
    """One 项 of a spending table, as 五(三) and 八 state it."""

    code: str
    label: str  # 一般公共服务（类）商贸事务（款）行政运行（项）
    final: Decimal
    budget: Decimal | None
    completion: Decimal | None
    description: str  # 主要用于……, from department.yaml
    reason: str  # why 决算 differs from budget, from department.yaml

    @property
    def versus_budget(self) -> str | None:
        """大于 / 小于 / 等于 the budget, None without a budget."""
        if self.budget is None:
            return None
        change = Change(self.final, self.budget)
        return {"增加": "大于", "减少": "小于", "持平": "等于"}[change.direction]


@dataclass(frozen=True)
class SangongItem:
    key: str
    budget: Decimal
    final: Decimal
    share: Decimal | None  # of the 三公 决算 total
    change: Change | None  # against the prior year

    @property
    def completion(self) -> Decimal | None:
        return completion(self.final, self.budget)


@dataclass(frozen=True)
class GlossaryEntry:
    term: str
    text: str | None  # None: no 说明 known (check reports it)


@dataclass
class Figures:
    """Everything the chapters of one department-year say, ready to print."""

    year: int
    prior_year: int
    name: str
    subject: str  # 部门 / 单位
    kind: str
    # 一、收入支出决算总体情况
    total: Decimal
    total_change: Change | None
    # 二、收入
    income_total: Decimal
    income_sources: list[Share]
    # 三、支出
    expenditure_total: Decimal
    expenditure_kinds: list[Share]
    basic_change: Change | None  # 基本支出 (all funds) against the prior year
    project_change: Change | None
    # 四、财政拨款收入支出
    fiscal_total: Decimal
    fiscal_change: Change | None
    # 五、一般公共预算财政拨款支出
    gpb_total: Decimal
    gpb_share: Decimal | None  # of 本年支出合计
    gpb_change: Change | None
    gpb_classes: list[Share]
    gpb_budget: Decimal | None
    gpb_completion: Decimal | None
    gpb_items: list[ItemLine]
    # 六、基本支出
    basic_total: Decimal
    personnel_total: Decimal
    personnel_items: list[str]
    public_total: Decimal
    public_items: list[str]
    # 七、三公
    sangong: dict[str, SangongItem]
    # 八、九
    fund_income: Decimal
    fund_total: Decimal
    fund_items: list[ItemLine]
    soe_income: Decimal
    soe_total: Decimal
    soe_items: list[ItemLine]
    # 十
    operating_costs: Decimal | None
    operating_costs_change: Change | None
    procurement_total: Decimal
    procurement_sme_share: Decimal | None
    procurement_small_share: Decimal | None
    reception_domestic: Decimal
    reception_foreign: Decimal
    asset_vehicles: list[tuple[str, int]]
    asset_vehicle_total: int
    vehicles_held_total: int
    key: KeyFigures
    glossary: list[GlossaryEntry] = field(default_factory=list)
    # the 部门整体 self-evaluation's computed score and grade, when the department-year has one
    self_evaluation: Outcome | None = None


def _has_column(table: Table | None, key: str) -> bool:
    return table is not None and table.column(key) is not None


def history(dy: DepartmentYear) -> list[tuple[int, KeyFigures]]:
    """The key figures of every year known, oldest first: this year, each earlier data/<year>/<dept>/
    reachable through ``prior``, and before the earliest of those the year its prior_year block states."""
    years: list[tuple[int, KeyFigures]] = []
    earliest: DepartmentYear | None = dy
    while earliest is not None and earliest.accounts is not None:
        years.append((earliest.year, key_figures(earliest.accounts, earliest.department)))
        if earliest.prior is None or earliest.prior.accounts is None:
            stated = prior_key_figures(earliest)
            if stated != KeyFigures():
                years.append((earliest.year - 1, stated))
            break
        earliest = earliest.prior
    return years[::-1]


def _path_label(table: Table, row: Row, classification: Classification) -> str:
    """类（类）款（款）项（项）: from the dictionary, else from the table's own 类 and 款 rows."""
    if classification.functional(row.code or "") is not None:
        return classification.path_label(row.code or "")
    code = row.code or ""
    parts = []
    for prefix, level in ((code[:3], "类"), (code[:5], "款")):
        parent = table.row(prefix)
        parts.append(f"{parent.name if parent else prefix}（{level}）")
    return "".join(parts) + f"{row.name}（项）"


def _item_lines(
    table: Table | None, classification: Classification, department: Department | None, budget_key: str | None
) -> list[ItemLine]:
    if table is None:
        return []
    descriptions = department.descriptions if department else {}
    reasons = department.reasons.items if department else {}
    lines = []
    for row in table.rows:
        if row.level != 3 or row.code is None:
            continue
        final = row.get("total")
        budget = row.get(budget_key) if budget_key and _has_column(table, budget_key) else None
        lines.append(
            ItemLine(
                code=row.code,
                label=_path_label(table, row, classification),
                final=final,
                budget=budget,
                completion=completion(final, budget) if budget is not None else None,
                description=descriptions.get(row.code, ""),
                reason=reasons.get(row.code, ""),
            )
        )
    return lines


def _class_shares(table: Table | None, whole: Decimal) -> list[Share]:
    if table is None:
        return []
    rows = [row for row in table.rows if row.level == 1]
    if not rows:  # a table listing 项 only: add them up by 类
        sums: dict[str, Decimal] = {}
        for row in table.rows:
            if row.code:
                sums[row.code[:3]] = sums.get(row.code[:3], ZERO) + row.get("total")
        return [Share(code, amount, percent_of(amount, whole)) for code, amount in sums.items()]
    return [Share(row.name, row.get("total"), percent_of(row.get("total"), whole)) for row in rows]


def _economic_names(table: Table | None) -> list[str]:
    """Names of the 款 with spending, in code order (the disclosure lists what was spent on)."""
    if table is None:
        return []
    rows = sorted((row for row in table.rows if row.code and len(row.code) == 5), key=lambda r: r.code or "")
    return [row.name for row in rows if row.get("amount") != ZERO]


@cache
def _standard_terms() -> dict[str, list[dict[str, str]]]:
    text = resources.files("generator").joinpath("data", "glossary.yaml").read_text("utf-8")
    return yaml.safe_load(text)


def _glossary(
    accounts: Accounts, classification: Classification, department: Department | None, figures: KeyFigures
) -> list[GlossaryEntry]:
    terms = _standard_terms()
    nonzero = {
        "fund": bool(figures.fund),
        "soe": bool(figures.soe),
        "operating_costs": figures.operating_costs is not None,
    }

    def standard(entries: list[dict[str, str]]) -> list[GlossaryEntry]:
        return [
            GlossaryEntry(entry["term"], entry["text"])
            for entry in entries
            if "when" not in entry or nonzero.get(entry["when"], False)
        ]

    # each 项 with the first table that lists it: a code the dictionary lacks takes that table's names
    items: dict[str, tuple[Table, Row]] = {}
    for table_id in ("income", "expenditure", "gpb", "fund", "soe", "soe_income_expenditure"):
        table = accounts.get(table_id)
        if table is not None:
            for row in table.rows:
                if row.code and row.level == 3:
                    items.setdefault(row.code, (table, row))
    supplied = department.glossary if department else {}
    code_entries = []
    for code, (table, row) in sorted(items.items()):
        subject = classification.functional(code)
        text = subject.description if subject and subject.description else supplied.get(code)
        code_entries.append(GlossaryEntry(_path_label(table, row, classification), text))
    return [*standard(terms["before_codes"]), *code_entries, *standard(terms["after_codes"])]


def _basic_total(gpb: Table | None, personnel: Decimal, public: Decimal) -> Decimal:
    """一般公共预算财政拨款基本支出 as the 一般公共预算财政拨款支出决算表 prints it (合计 row, 基本支出).

    The figure is quoted from the table that prints it, never added up from another: 人员经费合计 +
    公用经费合计 may differ from it by a rounding 0.01 (X-5 notes it), and the prose must not state
    a figure that no table prints. Only a table without that column leaves the sum.
    """
    if gpb is not None and gpb.column("basic") is not None:
        return column_total(gpb, "basic")
    return personnel + public


def derive(dy: DepartmentYear) -> Figures:
    """All figures of one department-year. Requires loaded accounts and department (check ran)."""
    accounts = dy.accounts
    department = dy.department
    assert accounts is not None and department is not None, "derive runs only on checked input"
    assert department.kind is not None, "a department publishing its 决算 states its 单位性质"
    classification = load_classification(dy.year)
    current = key_figures(accounts, department)
    prior = prior_key_figures(dy)

    income = accounts.get("summary.income")
    income_total = value(income, "本年收入合计")
    expenditure = accounts.get("expenditure")
    expenditure_total = column_total(expenditure, "total")
    gpb = accounts.get("gpb")
    gpb_total = current.gpb or ZERO
    gpb_budget = column_total(gpb, "budget") if _has_column(gpb, "budget") else None

    budget, final = sangong_values(accounts)
    sangong = {
        item: SangongItem(
            key=item,
            budget=budget[item],
            final=final[item],
            share=percent_of(final[item], final["total"]),
            change=Change.of(final[item], prior.sangong.get(item) if prior.sangong else None),
        )
        for item in SANGONG_ITEMS
    }

    fund = accounts.get("fund")
    soe = soe_table(accounts)
    procurement = department.procurement
    receptions = department.sangong.reception
    # The table has one 公务接待费; department.yaml splits it. Unstated parts follow from the rest.
    reception_foreign = receptions.foreign.amount or ZERO
    reception_domestic = (
        receptions.domestic.amount
        if receptions.domestic.amount is not None
        else final["reception"] - reception_foreign
    )
    procurement_total = procurement.goods + procurement.works + procurement.services
    asset_vehicles = department.assets.vehicles.model_dump()
    held = department.sangong.vehicles.held
    personnel_total = column_total(accounts.get("gpb_basic.personnel"), "amount")
    public_total = column_total(accounts.get("gpb_basic.public"), "amount")

    return Figures(
        year=dy.year,
        prior_year=dy.year - 1,
        name=department.name,
        subject=department.subject,
        kind=department.kind,
        total=current.total or ZERO,
        total_change=Change.of(current.total, prior.total),
        income_total=income_total,
        income_sources=[
            Share(name, value(income, name), percent_of(value(income, name), income_total))
            for name in INCOME_SOURCES
        ],
        expenditure_total=expenditure_total,
        expenditure_kinds=[
            Share(
                name,
                column_total(expenditure, key),
                percent_of(column_total(expenditure, key), expenditure_total),
            )
            for key, name in EXPENDITURE_KINDS.items()
        ],
        basic_change=Change.of(current.basic, prior.basic),
        project_change=Change.of(current.project, prior.project),
        fiscal_total=current.fiscal_total or ZERO,
        fiscal_change=Change.of(current.fiscal_total, prior.fiscal_total),
        gpb_total=gpb_total,
        gpb_share=percent_of(gpb_total, expenditure_total),
        gpb_change=Change.of(current.gpb, prior.gpb),
        gpb_classes=_class_shares(gpb, gpb_total),
        gpb_budget=gpb_budget,
        gpb_completion=completion(gpb_total, gpb_budget) if gpb_budget is not None else None,
        gpb_items=_item_lines(gpb, classification, department, "budget"),
        basic_total=_basic_total(gpb, personnel_total, public_total),
        personnel_total=personnel_total,
        personnel_items=_economic_names(accounts.get("gpb_basic.personnel")),
        public_total=public_total,
        public_items=_economic_names(accounts.get("gpb_basic.public")),
        sangong=sangong,
        fund_income=column_total(fund, "income"),
        fund_total=current.fund or ZERO,
        fund_items=_item_lines(fund, classification, department, None),
        soe_income=column_total(soe, "income") if _has_column(soe, "income") else ZERO,
        soe_total=current.soe or ZERO,
        soe_items=_item_lines(soe, classification, department, None),
        operating_costs=current.operating_costs,
        operating_costs_change=Change.of(current.operating_costs, prior.operating_costs),
        procurement_total=procurement_total,
        procurement_sme_share=percent_of(procurement.sme, procurement_total),
        procurement_small_share=percent_of(procurement.small_micro, procurement_total),
        reception_domestic=reception_domestic,
        reception_foreign=reception_foreign,
        asset_vehicles=[
            (ASSET_VEHICLE_NAMES[key], count)
            for key, count in asset_vehicles.items()
            if key in ASSET_VEHICLES_ALWAYS or count
        ],
        asset_vehicle_total=sum(asset_vehicles.values()),
        vehicles_held_total=(held.sedan + held.suv + held.bus) if held else 0,
        key=current,
        glossary=_glossary(accounts, classification, department, current),
        self_evaluation=outcome(dy.evaluations.department.evaluation, dy.grading)
        if dy.evaluations.department
        else None,
    )
