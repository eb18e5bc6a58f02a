"""The checks of the self-evaluations, each with a stable rule id and the YAML key and line it is about.

E-1  the weights of a grid add up to the scheme's total (90 or 100; 自评分表 100), the 预算执行率 分值
E-2  a score is not negative and not above its weight; a 加减分 stays within its limit
E-3  a stated subtotal or total equals the sum of what is below it
E-4  a stated grade is the band of the score
E-5  a lost point has a 偏差原因 (警告)
E-6  a quantitative indicator with full marks meets its target by its 指标性质 (警告)
E-7  a stated 执行率 is 执行数 ÷ 预算数, a stated 预算执行 score is 执行率 × 分值
E-8  the splits of the budget (by income nature, spending nature, source of funds) add up
E-9  全年执行数 and its 基本/项目 split equal the 支出决算表's 合计 row
E-10 the overall score in department.yaml (performance.overall_score) is the evaluation's
E-11 every indicator of a table scored by indicator has its score (警告)

Amounts differing by at most 0.01 万元 are rounding (提示); scores and weights must match exactly.
Each check is a function of one evaluation file (``Sheet``); ``sheet_rule`` registers it with the
check stage's ``@rule`` over every file of a department-year, as every other rule is registered.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from generator.evaluation import schema
from generator.evaluation.grading import Grading
from generator.evaluation.load import AnyEntry, Evaluations
from generator.evaluation.scoring import (
    Outcome,
    budget_of,
    dimension_weight,
    execution_score,
    execution_weight,
    grid_score,
    grid_weight,
    group_score,
    group_weight,
    outcome,
    points,
)
from generator.model import ZERO, Accounts, DepartmentYear, Finding, Severity, Source
from generator.numbers import CENT, HUNDRED, money
from generator.readers.schema import Department
from generator.readers.yamlfile import YamlDocument
from generator.rules.base import Tally, rule

NUMBER = re.compile(r"^[-+]?\d+(?:\.\d+)?")
AMOUNTS = {"initial": "年初预算", "adjusted": "调整后预算", "executed": "执行数"}


def label(evaluation: schema.AnyEvaluation) -> str:
    if isinstance(evaluation, schema.DepartmentEvaluation):
        return "部门整体支出绩效自评"
    kind = "项目支出绩效自评表" if isinstance(evaluation, schema.ProjectEvaluation) else "专项绩效自评"
    return f"{kind}“{evaluation.name}”"


def rows(dimensions: list[schema.Dimension], prefix: str) -> Iterator[tuple[str, schema.Indicator]]:
    """Every 三级指标 of a grid with its key in the YAML file, e.g. ``indicators.0.groups.1.items.2``."""
    for i, dimension in enumerate(dimensions):
        for j, group in enumerate(dimension.groups):
            for k, item in enumerate(group.items):
                yield f"{prefix}.{i}.groups.{j}.items.{k}", item


def number(text: str) -> Decimal | None:
    """The number a 指标值 or 完成值 starts with (``98``, ``100%``, ``106.2万元``); None for text."""
    match = NUMBER.match(text.strip().replace(",", ""))
    return Decimal(match.group()) if match else None


def meets(nature: str, actual: Decimal, target: Decimal) -> bool:
    if nature == "≥":
        return actual >= target
    if nature == "≤":
        return actual <= target
    return actual == target


@dataclass
class Sheet:
    """One evaluation file under check; the department-wide one also with its tables and department.yaml."""

    entry: AnyEntry
    grading: Grading
    accounts: Accounts | None = None
    department: Department | None = None
    document: YamlDocument | None = None  # department.yaml as read

    def __post_init__(self) -> None:
        self.evaluation: schema.AnyEvaluation = self.entry.evaluation
        self.outcome: Outcome = outcome(self.evaluation, self.grading)
        self.name = label(self.evaluation)

    def where(self, key: str) -> Source:
        return self.entry.where(key)

    def _finding(
        self,
        severity: Severity,
        rule: str,
        message: str,
        key: str,
        expected: str | None = None,
        found: str | None = None,
    ) -> Finding:
        return Finding(severity, rule, f"{self.name}：{message}", self.where(key), expected, found)

    def error(
        self, rule: str, message: str, key: str, expected: str | None = None, found: str | None = None
    ) -> Finding:
        return self._finding(Severity.ERROR, rule, message, key, expected, found)

    def warning(
        self, rule: str, message: str, key: str, expected: str | None = None, found: str | None = None
    ) -> Finding:
        return self._finding(Severity.WARNING, rule, message, key, expected, found)

    def tally(self, rule: str) -> Tally:
        """Amounts compared as the tables' rules compare them, each rounding difference named."""
        return Tally(rule, f"{self.name}：", itemised=True)

    def grids(self) -> list[tuple[list[schema.Dimension], str]]:
        grids = [(self.evaluation.indicators, "indicators")]
        if self.evaluation.scoring is not None:
            grids.append((self.evaluation.scoring.indicators, "scoring.indicators"))
        return grids

    def stated_sum(self) -> Decimal | None:
        """The sum of the scores as the tables state them (a stated 预算执行 score counts as stated)."""
        if self.outcome.sheet is not None:
            return self.outcome.sheet
        if self.outcome.indicators is None:
            return None
        budget = budget_of(self.evaluation)
        execution = (
            budget.score if budget is not None and budget.score is not None else self.outcome.execution
        )
        return self.outcome.indicators + (execution or ZERO)


def sheets(
    evaluations: Evaluations,
    grading: Grading,
    accounts: Accounts | None,
    department: Department | None,
    document: YamlDocument | None,
) -> list[Sheet]:
    """Every evaluation file of a department-year; the 部门整体 one is compared with the tables and
    department.yaml when they are given."""
    return [
        Sheet(entry, grading, accounts, department, document)
        if entry is evaluations.department
        else Sheet(entry, grading)
        for entry in evaluations.entries()
    ]


SheetCheck = Callable[[Sheet], Iterable[Finding]]
SHEET_CHECKS: list[SheetCheck] = []


def sheet_rule(*ids: str) -> Callable[[SheetCheck], SheetCheck]:
    """Register a check of one evaluation file as rule ``ids`` over every file of a department-year."""

    def register(check: SheetCheck) -> SheetCheck:
        SHEET_CHECKS.append(check)

        def over_department_year(dy: DepartmentYear) -> list[Finding]:
            files = sheets(dy.evaluations, dy.grading, dy.accounts, dy.department, dy.department_document)
            return [finding for sheet in files for finding in check(sheet)]

        over_department_year.__doc__ = check.__doc__
        rule(*ids, workbook=False)(over_department_year)
        return check

    return register


# ------------------------------------------------------------ E-1 weights


@sheet_rule("E-1")
def weights(sheet: Sheet) -> Iterator[Finding]:
    """E-1: the weights of a grid add up to the scheme's total; the 预算执行率 分值 is the scheme's."""
    evaluation = sheet.evaluation
    stated = budget_of(evaluation)
    scheme = sheet.grading.execution_weight(evaluation.kind)
    if stated is not None and stated.weight is not None and stated.weight != scheme:
        yield sheet.error(
            "E-1",
            f"预算执行率的分值为 {points(stated.weight)}，{sheet.grading.name}规定为 {points(scheme)} 分。",
            "budget.weight",
            points(scheme),
            points(stated.weight),
        )
    if any(item.weight is not None for _, item in rows(evaluation.indicators, "indicators")):
        expected = sheet.grading.total - execution_weight(evaluation, sheet.grading)
        yield from _total_weight(sheet, evaluation.indicators, "indicators", "绩效指标", expected)
    if evaluation.scoring is not None:
        yield from _total_weight(
            sheet, evaluation.scoring.indicators, "scoring.indicators", "自评分表", sheet.grading.total
        )


def _total_weight(
    sheet: Sheet, dimensions: list[schema.Dimension], key: str, what: str, expected: Decimal
) -> Iterator[Finding]:
    found = grid_weight(dimensions)
    if found != expected:
        message = f"{what}的权重合计为 {points(found)}，应为 {points(expected)}（{sheet.grading.name}）。"
        yield sheet.error("E-1", message, key, points(expected), points(found))


# ------------------------------------------------------------ E-2 score within weight


@sheet_rule("E-2")
def within(sheet: Sheet) -> Iterator[Finding]:
    """E-2: a score is not negative and not above its weight; a 加减分 stays within its limit."""
    for dimensions, prefix in sheet.grids():
        for i, dimension in enumerate(dimensions):
            key = f"{prefix}.{i}"
            if dimension.adjustment:
                yield from _adjustment(sheet, dimension, key)
                continue
            for j, group in enumerate(dimension.groups):
                yield from _at_most(
                    sheet, group.score, group_weight(group), f"{key}.groups.{j}", f"二级指标“{group.name}”"
                )
                for k, item in enumerate(group.items):
                    yield from _at_most(
                        sheet, item.score, item.weight, f"{key}.groups.{j}.items.{k}", f"“{item.name}”"
                    )
    budget = budget_of(sheet.evaluation)
    if budget is not None:
        yield from _at_most(sheet, budget.score, sheet.outcome.execution_weight, "budget", "预算执行率")


def _at_most(
    sheet: Sheet, score: Decimal | None, weight: Decimal | None, key: str, what: str
) -> Iterator[Finding]:
    if score is None:
        return
    if score < ZERO:
        yield sheet.error("E-2", f"{what}的得分为 {points(score)}，不能为负数。", f"{key}.score")
    elif weight is not None and score > weight:
        yield sheet.error(
            "E-2",
            f"{what}的得分 {points(score)} 超过了权重 {points(weight)}，得分不能高于权重。",
            f"{key}.score",
            f"≤ {points(weight)}",
            points(score),
        )


def _adjustment(sheet: Sheet, dimension: schema.Dimension, key: str) -> Iterator[Finding]:
    total = sum((group_score(group) or ZERO for group in dimension.groups), ZERO)
    if dimension.limit is not None and abs(total) > dimension.limit:
        limit = points(dimension.limit)
        message = f"“{dimension.name}”合计 {points(total)} 分，超出了上限 {limit} 分。"
        yield sheet.error("E-2", message, f"{key}.limit", f"不超过 {limit}", points(total))


# ------------------------------------------------------------ E-3 stated subtotals and totals


@sheet_rule("E-3")
def subtotals(sheet: Sheet) -> Iterator[Finding]:
    """E-3: a stated subtotal or total equals the sum of what is below it."""
    for dimensions, prefix in sheet.grids():
        for i, dimension in enumerate(dimensions):
            key = f"{prefix}.{i}"
            groups = [group_weight(group) for group in dimension.groups]
            if (
                dimension.weight is not None
                and not dimension.adjustment
                and any(w is not None for w in groups)
            ):
                yield from _stated(
                    sheet,
                    dimension.weight,
                    dimension_weight(dimension),
                    f"{key}.weight",
                    dimension.name,
                    "分值",
                )
            for j, group in enumerate(dimension.groups):
                items = group.items
                if group.weight is not None and any(item.weight is not None for item in items):
                    yield from _stated(
                        sheet,
                        group.weight,
                        group_weight(group),
                        f"{key}.groups.{j}.weight",
                        group.name,
                        "分值",
                    )
                if group.score is not None and any(item.score is not None for item in items):
                    yield from _stated(
                        sheet, group.score, group_score(group), f"{key}.groups.{j}.score", group.name, "得分"
                    )
    evaluation = sheet.evaluation
    if (
        evaluation.scoring is not None
        and evaluation.scoring.score is not None
        and sheet.outcome.sheet is not None
    ):
        yield from _stated(
            sheet, evaluation.scoring.score, sheet.outcome.sheet, "scoring.score", "自评分表", "评价得分"
        )
    if evaluation.score is not None:
        total = sheet.stated_sum()
        if total is not None:
            yield from _stated(sheet, evaluation.score, total, "score", "自评表", "总分")


def _stated(
    sheet: Sheet, stated: Decimal, computed: Decimal | None, key: str, name: str, what: str
) -> Iterator[Finding]:
    if computed is None or stated == computed:
        return
    yield sheet.error(
        "E-3",
        f"“{name}”的{what}写的是 {points(stated)}，而下级各项合计为 {points(computed)}。",
        key,
        points(computed),
        points(stated),
    )


# ------------------------------------------------------------ E-4 grade


@sheet_rule("E-4")
def grade(sheet: Sheet) -> Iterator[Finding]:
    """E-4: a stated grade is one of the scheme's and the band of the score."""
    stated = sheet.evaluation.grade
    if not stated:
        return
    grades = [band.grade for band in sheet.grading.bands]
    if stated not in grades:
        yield sheet.error(
            "E-4",
            f"自评等级“{stated}”不是{sheet.grading.name}的等级：应为 {'、'.join(grades)} 之一。",
            "grade",
            "、".join(grades),
            stated,
        )
    elif sheet.outcome.total is not None and sheet.outcome.grade != stated:
        yield sheet.error(
            "E-4",
            f"得分 {points(sheet.outcome.total)} 分对应的等级是“{sheet.outcome.grade}”，"
            f"表中写的是“{stated}”（{sheet.grading.name}：{sheet.grading.wording}）。",
            "grade",
            sheet.outcome.grade,
            stated,
        )


# ------------------------------------------------------------ E-5, E-6, E-11 on the grid


@sheet_rule("E-5", "E-6", "E-11")
def indicators(sheet: Sheet) -> Iterator[Finding]:
    """E-5, E-6, E-11: a lost point has a reason, full marks meet the target, every indicator is scored."""
    graded = sheet.evaluation.scoring is None and (
        isinstance(sheet.evaluation, schema.ProjectEvaluation)
        or grid_score(sheet.evaluation.indicators) is not None
    )
    for key, item in rows(sheet.evaluation.indicators, "indicators"):
        if item.weight is None:
            continue
        if item.score is None:
            if graded:
                yield sheet.warning(
                    "E-11",
                    f"“{item.name}”（权重 {points(item.weight)}）没有填写得分。",
                    f"{key}.score",
                    "得分",
                )
            continue
        if item.score < item.weight and not item.reason:
            yield sheet.warning(
                "E-5",
                f"“{item.name}”得分 {points(item.score)}，比权重 {points(item.weight)} 少"
                f" {points(item.weight - item.score)} 分，但没有写偏差原因。",
                f"{key}.reason",
                "偏差原因分析",
            )
        if item.score == item.weight and item.nature in ("≥", "≤", "="):
            yield from _full_marks(sheet, key, item)
    yield from _execution_reason(sheet)


def _execution_reason(sheet: Sheet) -> Iterator[Finding]:
    budget = budget_of(sheet.evaluation)
    execution = sheet.outcome.execution
    if budget is None or execution is None or budget.reason or execution >= sheet.outcome.execution_weight:
        return
    yield sheet.warning(
        "E-5",
        f"预算执行率 {sheet.outcome.rate}% 只得 {points(execution)} 分"
        f"（分值 {points(sheet.outcome.execution_weight)}），但没有写原因。",
        "budget.reason",
        "原因",
    )


def _full_marks(sheet: Sheet, key: str, item: schema.Indicator) -> Iterator[Finding]:
    target, actual = number(item.target), number(item.actual)
    if target is None or actual is None:
        yield sheet.warning(
            "E-6.unchecked",
            f"“{item.name}”是定量指标（{item.nature}），但指标值“{item.target}”或完成值“{item.actual}”不是数字，"
            "无法核对是否达标：请填写数字，单位写在度量单位中，或把指标性质改为“定性”。",
            f"{key}.{'target' if target is None else 'actual'}",
            "数字",
        )
        return
    assert item.nature is not None
    if not meets(item.nature, actual, target):
        unit = item.unit
        yield sheet.warning(
            "E-6",
            f"“{item.name}”指标值为 {item.nature} {item.target}{unit}，"
            f"完成值 {item.actual}{unit} 未达到，却得了满分 {points(item.score or ZERO)}："
            "请按完成比例扣分并写明偏差原因，或核对完成值。",
            f"{key}.score",
            f"低于 {points(item.weight or ZERO)}",
            points(item.score or ZERO),
        )


# ------------------------------------------------------------ E-7 execution


@sheet_rule("E-7")
def execution(sheet: Sheet) -> Iterator[Finding]:
    """E-7: a stated 执行率 is 执行数 ÷ 预算数, a stated 预算执行 score is 执行率 × 分值."""
    budget = budget_of(sheet.evaluation)
    if budget is None:
        return
    yield from _rate(sheet, budget, "budget", "预算执行率")
    if isinstance(sheet.evaluation, schema.ProjectEvaluation):
        for key, name, line in sheet.evaluation.budget.lines():
            if line is not None:
                yield from _rate(sheet, line, f"budget.{key}", f"{name}的执行率")
    weight = sheet.outcome.execution_weight
    computed = execution_score(budget, weight)
    if budget.score is not None and computed is not None and budget.score != computed:
        if abs(budget.score - computed) <= CENT:
            return  # the table rounded the score to a whole point or one decimal
        yield sheet.error(
            "E-7",
            f"预算执行率得分写的是 {points(budget.score)}，按执行率 × 分值（{sheet.outcome.rate}% × "
            f"{points(weight)}，执行率超过 100% 按 100% 计）应为 {points(computed)}。",
            "budget.score",
            points(computed),
            points(budget.score),
        )


def _rate(sheet: Sheet, line: schema.FundLine, key: str, what: str) -> Iterator[Finding]:
    if line.rate is None or line.adjusted is None or line.executed is None:
        return
    if line.adjusted == ZERO:
        if line.executed == ZERO and line.rate == ZERO:
            return  # 0.00 of 0.00: printed as 0.00% by the 一体化 system
        yield sheet.error(
            "E-7",
            f"{what}写的是 {line.rate}%，但调整后预算为 0，执行率无法计算，应留空。",
            f"{key}.rate",
            "留空",
            f"{line.rate}%",
        )
        return
    exponent = line.rate.as_tuple().exponent
    places = Decimal(1).scaleb(exponent if isinstance(exponent, int) else 0)
    computed = (line.executed / line.adjusted * HUNDRED).quantize(places, rounding=ROUND_HALF_UP)
    if computed != line.rate:
        yield sheet.error(
            "E-7",
            f"{what}写的是 {line.rate}%，"
            f"执行数 {money(line.executed)} ÷ 调整后预算 {money(line.adjusted)} 应为 {computed}%。",
            f"{key}.rate",
            f"{computed}%",
            f"{line.rate}%",
        )


# ------------------------------------------------------------ E-8 splits


@sheet_rule("E-8")
def splits(sheet: Sheet) -> Iterator[Finding]:
    """E-8: the splits of the budget add up to the totals they split."""
    evaluation = sheet.evaluation
    tally = sheet.tally("E-8")
    if isinstance(evaluation, schema.DepartmentEvaluation) and evaluation.budget is not None:
        budget = evaluation.budget
        for key, name, split in budget.splits():
            # 全年预算数 is split by income nature, 全年执行数 by spending nature
            whole, should = (
                (budget.adjusted, "全年预算数") if key == "by_income" else (budget.executed, "全年执行数")
            )
            parts = [amount for _, amount in split.parts()]
            _split(sheet, tally, parts, split.total, whole, f"budget.{key}", name, should)
    elif isinstance(evaluation, schema.ProjectEvaluation):
        lines = [line for _, _, line in evaluation.budget.lines()]
        if any(line is not None for line in lines):
            for amount, name in AMOUNTS.items():
                total = getattr(evaluation.budget, amount)
                values = [getattr(line, amount) for line in lines if line is not None]
                if total is not None and any(value is not None for value in values):
                    _sum_of(
                        sheet, tally, values, total, f"budget.{amount}", f"各项资金的{name}", f"总额的{name}"
                    )
    elif isinstance(evaluation, schema.SpecialEvaluation):
        funds = evaluation.funds
        if funds.total is not None and (funds.fiscal is not None or funds.other is not None):
            _sum_of(
                sheet,
                tally,
                [funds.fiscal, funds.other],
                funds.total,
                "funds.total",
                "财政拨款与其他资金",
                "年度资金总额",
            )
    yield from tally.findings()


def _split(
    sheet: Sheet,
    tally: Tally,
    parts: list[Decimal | None],
    stated: Decimal | None,
    whole: Decimal,
    key: str,
    what: str,
    should: str,
) -> None:
    if stated is not None:
        tally.equal(stated, whole, sheet.where(f"{key}.total"), f"{what}合计", should)
    if any(part is not None for part in parts):
        _sum_of(
            sheet,
            tally,
            parts,
            stated if stated is not None else whole,
            key,
            what,
            f"{what}合计" if stated is not None else should,
        )


def _sum_of(
    sheet: Sheet, tally: Tally, parts: list[Decimal | None], total: Decimal, key: str, what: str, should: str
) -> None:
    present = [part for part in parts if part is not None]
    formula = " + ".join(money(part) for part in present)
    tally.equal(sum(present, ZERO), total, sheet.where(key), f"{what}（{formula}）之和", should)


# ------------------------------------------------------------ E-9 against the tables


@sheet_rule("E-9")
def against(sheet: Sheet) -> Iterator[Finding]:
    """E-9: 全年执行数 and its 基本/项目 split equal the 支出决算表's 合计 row (部门整体 only)."""
    budget = budget_of(sheet.evaluation)
    if budget is None or sheet.accounts is None:
        return
    table = sheet.accounts.get("expenditure")
    if table is None or table.total is None:
        yield sheet.warning(
            "E-9.unchecked",
            "无法与决算报表核对全年执行数：工作簿中没有支出决算表或其合计行。",
            "budget.executed",
        )
        return
    pairs = [("executed", budget.executed, "total", "全年执行数", "本年支出合计")]
    spending = getattr(budget, "by_spending", None)
    if spending is not None:
        pairs += [
            ("by_spending.basic", spending.basic, "basic", "基本支出", "基本支出"),
            ("by_spending.project", spending.project, "project", "项目支出", "项目支出"),
        ]
    tally = sheet.tally("E-9")
    for key, value, column, what, header in pairs:
        if value is not None:
            should = f"支出决算表合计行的“{header}”"
            tally.equal(value, table.total.get(column), sheet.where(f"budget.{key}"), what, should)
    yield from tally.findings()


# ---------------------------------------------------------------- E-10 department.yaml


@sheet_rule("E-10")
def overall_score(sheet: Sheet) -> Iterator[Finding]:
    """E-10: department.yaml's overall score (决算情况说明 十(四)) is the 部门整体 evaluation's."""
    result = sheet.outcome
    # a department-year publishing only its self-evaluation has no 决算情况说明 to quote the score
    if sheet.department is None or sheet.department.evaluation_only or result.total is None:
        return
    key = "performance.overall_score"
    where = (
        sheet.document.locate(key) if sheet.document is not None else Source(file="department.yaml", key=key)
    )
    stated = sheet.department.performance.overall_score
    if stated is None:
        yield Finding(
            Severity.INFO,
            "E-10",
            f"部门整体支出绩效自评得分为 {points(result.total)} 分，"
            f"决算情况说明“预算绩效管理情况”应引用它：请在 department.yaml 的 {key} 中"
            f"填写 {points(result.total)}。",
            where,
            expected=points(result.total),
        )
    elif stated != result.total:
        yield Finding(
            Severity.ERROR,
            "E-10",
            f"department.yaml 的 {key}（部门整体绩效自评得分）为 {points(stated)}，"
            f"而部门整体支出绩效自评的得分为 {points(result.total)}：两处应一致。",
            where,
            expected=points(result.total),
            found=points(stated),
        )


# ---------------------------------------------------------------- the department-year


def check_evaluations(
    evaluations: Evaluations,
    grading: Grading,
    accounts: Accounts | None,
    department: Department | None,
    document: YamlDocument | None = None,
) -> list[Finding]:
    """Every check of every evaluation of one department-year, file by file (the check stage runs
    the same checks rule by rule, registered with ``sheet_rule``)."""
    return [
        finding
        for sheet in sheets(evaluations, grading, accounts, department, document)
        for check in SHEET_CHECKS
        for finding in check(sheet)
    ]
