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
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from decimal import ROUND_HALF_UP, Decimal

from generator.evaluation.grading import Grading
from generator.evaluation.load import AnyEntry, Evaluations
from generator.evaluation.schema import (
    FUND_LINES,
    AnyEvaluation,
    DepartmentEvaluation,
    Dimension,
    FundLine,
    Indicator,
    ProjectEvaluation,
    SpecialEvaluation,
)
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
from generator.model import ZERO, Accounts, Finding, Severity, Source, display_path
from generator.numbers import CENT, HUNDRED, money, q2
from generator.readers.schema import Department
from generator.readers.yamlfile import YamlDocument

NUMBER = re.compile(r"^[-+]?\d+(?:\.\d+)?")
AMOUNTS = {"initial": "年初预算", "adjusted": "调整后预算", "executed": "执行数"}


def label(evaluation: AnyEvaluation) -> str:
    if isinstance(evaluation, DepartmentEvaluation):
        return "部门整体支出绩效自评"
    kind = "项目支出绩效自评表" if isinstance(evaluation, ProjectEvaluation) else "专项绩效自评"
    return f"{kind}“{evaluation.name}”"


def rows(dimensions: list[Dimension], prefix: str) -> Iterator[tuple[str, Indicator]]:
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


class Checker:
    """The findings of one evaluation file."""

    def __init__(self, entry: AnyEntry, grading: Grading) -> None:
        self.entry = entry
        self.evaluation: AnyEvaluation = entry.evaluation
        self.grading = grading
        self.outcome: Outcome = outcome(self.evaluation, grading)
        self.name = label(self.evaluation)
        self.findings: list[Finding] = []

    def add(
        self,
        severity: Severity,
        rule: str,
        message: str,
        key: str,
        expected: str | None = None,
        found: str | None = None,
    ) -> None:
        self.findings.append(
            Finding(severity, rule, f"{self.name}：{message}", self.entry.where(key), expected, found)
        )

    def amounts(self, rule: str, found: Decimal, expected: Decimal, key: str, what: str, should: str) -> None:
        """``what`` must equal ``should``; at most 0.01 万元 apart is rounding (提示)."""
        difference = q2(found) - q2(expected)
        if difference == ZERO:
            return
        if abs(difference) <= CENT:
            self.add(
                Severity.INFO,
                rule,
                f"{what}为 {money(found)} 万元，{should}为 {money(expected)} 万元，"
                f"相差 {money(difference)} 万元，属四舍五入差异，可不修改。",
                key,
                money(expected),
                money(found),
            )
            return
        self.add(
            Severity.ERROR,
            rule,
            f"{what}为 {money(found)} 万元，应等于{should} {money(expected)} 万元"
            f"（相差 {money(difference)} 万元）。",
            key,
            money(expected),
            money(found),
        )

    # ------------------------------------------------------------ E-1 weights

    def weights(self) -> None:
        evaluation = self.evaluation
        stated = budget_of(evaluation)
        scheme = self.grading.execution_weight(evaluation.kind)
        if stated is not None and stated.weight is not None and stated.weight != scheme:
            self.add(
                Severity.ERROR,
                "E-1",
                f"预算执行率的分值为 {points(stated.weight)}，"
                f"{self.grading.name}规定为 {points(scheme)} 分。",
                "budget.weight",
                points(scheme),
                points(stated.weight),
            )
        if any(item.weight is not None for _, item in rows(evaluation.indicators, "indicators")):
            expected = self.grading.total - execution_weight(evaluation, self.grading)
            self.total_weight(evaluation.indicators, "indicators", "绩效指标", expected)
        if evaluation.scoring is not None:
            self.total_weight(
                evaluation.scoring.indicators, "scoring.indicators", "自评分表", self.grading.total
            )

    def total_weight(self, dimensions: list[Dimension], key: str, what: str, expected: Decimal) -> None:
        found = grid_weight(dimensions)
        if found != expected:
            self.add(
                Severity.ERROR,
                "E-1",
                f"{what}的权重合计为 {points(found)}，应为 {points(expected)}（{self.grading.name}）。",
                key,
                points(expected),
                points(found),
            )

    # ------------------------------------------------------------ E-2 score within weight

    def within(self) -> None:
        for dimensions, prefix in self.grids():
            for i, dimension in enumerate(dimensions):
                key = f"{prefix}.{i}"
                if dimension.adjustment:
                    self.adjustment(dimension, key)
                    continue
                for j, group in enumerate(dimension.groups):
                    self.at_most(
                        group.score, group_weight(group), f"{key}.groups.{j}", f"二级指标“{group.name}”"
                    )
                    for k, item in enumerate(group.items):
                        self.at_most(item.score, item.weight, f"{key}.groups.{j}.items.{k}", f"“{item.name}”")
        budget = budget_of(self.evaluation)
        if budget is not None:
            self.at_most(budget.score, self.outcome.execution_weight, "budget", "预算执行率")

    def at_most(self, score: Decimal | None, weight: Decimal | None, key: str, what: str) -> None:
        if score is None:
            return
        if score < ZERO:
            self.add(Severity.ERROR, "E-2", f"{what}的得分为 {points(score)}，不能为负数。", f"{key}.score")
        elif weight is not None and score > weight:
            self.add(
                Severity.ERROR,
                "E-2",
                f"{what}的得分 {points(score)} 超过了权重 {points(weight)}，得分不能高于权重。",
                f"{key}.score",
                f"≤ {points(weight)}",
                points(score),
            )

    def adjustment(self, dimension: Dimension, key: str) -> None:
        total = sum((group_score(group) or ZERO for group in dimension.groups), ZERO)
        if dimension.limit is not None and abs(total) > dimension.limit:
            self.add(
                Severity.ERROR,
                "E-2",
                f"“{dimension.name}”合计 {points(total)} 分，超出了上限 {points(dimension.limit)} 分。",
                f"{key}.limit",
                f"不超过 {points(dimension.limit)}",
                points(total),
            )

    # ------------------------------------------------------------ E-3 stated subtotals and totals

    def subtotals(self) -> None:
        for dimensions, prefix in self.grids():
            for i, dimension in enumerate(dimensions):
                key = f"{prefix}.{i}"
                groups = [group_weight(group) for group in dimension.groups]
                if (
                    dimension.weight is not None
                    and not dimension.adjustment
                    and any(w is not None for w in groups)
                ):
                    self.stated(
                        dimension.weight, dimension_weight(dimension), f"{key}.weight", dimension.name, "分值"
                    )
                for j, group in enumerate(dimension.groups):
                    items = group.items
                    if group.weight is not None and any(item.weight is not None for item in items):
                        self.stated(
                            group.weight, group_weight(group), f"{key}.groups.{j}.weight", group.name, "分值"
                        )
                    if group.score is not None and any(item.score is not None for item in items):
                        self.stated(
                            group.score, group_score(group), f"{key}.groups.{j}.score", group.name, "得分"
                        )
        evaluation = self.evaluation
        if (
            evaluation.scoring is not None
            and evaluation.scoring.score is not None
            and self.outcome.sheet is not None
        ):
            self.stated(evaluation.scoring.score, self.outcome.sheet, "scoring.score", "自评分表", "评价得分")
        if evaluation.score is not None:
            total = self.stated_sum()
            if total is not None:
                self.stated(evaluation.score, total, "score", "自评表", "总分")

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

    def stated(self, stated: Decimal, computed: Decimal | None, key: str, name: str, what: str) -> None:
        if computed is None or stated == computed:
            return
        self.add(
            Severity.ERROR,
            "E-3",
            f"“{name}”的{what}写的是 {points(stated)}，而下级各项合计为 {points(computed)}。",
            key,
            points(computed),
            points(stated),
        )

    # ------------------------------------------------------------ E-4 grade

    def grade(self) -> None:
        stated = self.evaluation.grade
        if not stated:
            return
        grades = [band.grade for band in self.grading.bands]
        if stated not in grades:
            self.add(
                Severity.ERROR,
                "E-4",
                f"自评等级“{stated}”不是{self.grading.name}的等级：应为 {'、'.join(grades)} 之一。",
                "grade",
                "、".join(grades),
                stated,
            )
        elif self.outcome.total is not None and self.outcome.grade != stated:
            self.add(
                Severity.ERROR,
                "E-4",
                f"得分 {points(self.outcome.total)} 分对应的等级是“{self.outcome.grade}”，"
                f"表中写的是“{stated}”（{self.grading.name}：{self.grading.wording}）。",
                "grade",
                self.outcome.grade,
                stated,
            )

    # ------------------------------------------------------------ E-5, E-6, E-11 on the grid

    def indicators(self) -> None:
        graded = self.evaluation.scoring is None and (
            isinstance(self.evaluation, ProjectEvaluation)
            or grid_score(self.evaluation.indicators) is not None
        )
        for key, item in rows(self.evaluation.indicators, "indicators"):
            if item.weight is None:
                continue
            if item.score is None:
                if graded:
                    self.add(
                        Severity.WARNING,
                        "E-11",
                        f"“{item.name}”（权重 {points(item.weight)}）没有填写得分。",
                        f"{key}.score",
                        "得分",
                    )
                continue
            if item.score < item.weight and not item.reason:
                self.add(
                    Severity.WARNING,
                    "E-5",
                    f"“{item.name}”得分 {points(item.score)}，比权重 {points(item.weight)} 少"
                    f" {points(item.weight - item.score)} 分，但没有写偏差原因。",
                    f"{key}.reason",
                    "偏差原因分析",
                )
            if item.score == item.weight and item.nature in ("≥", "≤", "="):
                self.full_marks(key, item)
        self.execution_reason()

    def execution_reason(self) -> None:
        budget = budget_of(self.evaluation)
        execution = self.outcome.execution
        if budget is None or execution is None or budget.reason or execution >= self.outcome.execution_weight:
            return
        self.add(
            Severity.WARNING,
            "E-5",
            f"预算执行率 {self.outcome.rate}% 只得 {points(execution)} 分"
            f"（分值 {points(self.outcome.execution_weight)}），但没有写原因。",
            "budget.reason",
            "原因",
        )

    def full_marks(self, key: str, item: Indicator) -> None:
        target, actual = number(item.target), number(item.actual)
        if target is None or actual is None:
            self.add(
                Severity.WARNING,
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
            self.add(
                Severity.WARNING,
                "E-6",
                f"“{item.name}”指标值为 {item.nature} {item.target}{unit}，"
                f"完成值 {item.actual}{unit} 未达到，却得了满分 {points(item.score or ZERO)}："
                "请按完成比例扣分并写明偏差原因，或核对完成值。",
                f"{key}.score",
                f"低于 {points(item.weight or ZERO)}",
                points(item.score or ZERO),
            )

    # ------------------------------------------------------------ E-7 execution

    def execution(self) -> None:
        budget = budget_of(self.evaluation)
        if budget is None:
            return
        self.rate(budget, "budget", "预算执行率")
        if isinstance(self.evaluation, ProjectEvaluation):
            for key, name in FUND_LINES.items():
                line = getattr(self.evaluation.budget, key)
                if line is not None:
                    self.rate(line, f"budget.{key}", f"{name}的执行率")
        weight = self.outcome.execution_weight
        computed = execution_score(budget, weight)
        if budget.score is not None and computed is not None and budget.score != computed:
            if abs(budget.score - computed) <= CENT:
                return  # the table rounded the score to a whole point or one decimal
            self.add(
                Severity.ERROR,
                "E-7",
                f"预算执行率得分写的是 {points(budget.score)}，按执行率 × 分值（{self.outcome.rate}% × "
                f"{points(weight)}，执行率超过 100% 按 100% 计）应为 {points(computed)}。",
                "budget.score",
                points(computed),
                points(budget.score),
            )

    def rate(self, line: FundLine, key: str, what: str) -> None:
        if line.rate is None or line.adjusted is None or line.executed is None:
            return
        if line.adjusted == ZERO:
            if line.executed == ZERO and line.rate == ZERO:
                return  # 0.00 of 0.00: printed as 0.00% by the 一体化 system
            self.add(
                Severity.ERROR,
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
            self.add(
                Severity.ERROR,
                "E-7",
                f"{what}写的是 {line.rate}%，"
                f"执行数 {money(line.executed)} ÷ 调整后预算 {money(line.adjusted)} 应为 {computed}%。",
                f"{key}.rate",
                f"{computed}%",
                f"{line.rate}%",
            )

    # ------------------------------------------------------------ E-8 splits

    def splits(self) -> None:
        evaluation = self.evaluation
        if isinstance(evaluation, DepartmentEvaluation) and evaluation.budget is not None:
            budget = evaluation.budget
            if budget.by_income is not None:
                split = budget.by_income
                parts = [split.general, split.fund, split.special_account, split.other]
                self.split(
                    parts, split.total, budget.adjusted, "budget.by_income", "按收入性质分", "全年预算数"
                )
            if budget.by_spending is not None:
                split2 = budget.by_spending
                parts = [split2.basic, split2.project]
                self.split(
                    parts, split2.total, budget.executed, "budget.by_spending", "按支出性质分", "全年执行数"
                )
        elif isinstance(evaluation, ProjectEvaluation):
            lines = [getattr(evaluation.budget, key) for key in FUND_LINES]
            if any(line is not None for line in lines):
                for amount, name in AMOUNTS.items():
                    total = getattr(evaluation.budget, amount)
                    values = [getattr(line, amount) for line in lines if line is not None]
                    if total is not None and any(value is not None for value in values):
                        self.sum_of(values, total, f"budget.{amount}", f"各项资金的{name}", f"总额的{name}")
        elif isinstance(evaluation, SpecialEvaluation):
            funds = evaluation.funds
            if funds.total is not None and (funds.fiscal is not None or funds.other is not None):
                self.sum_of(
                    [funds.fiscal, funds.other],
                    funds.total,
                    "funds.total",
                    "财政拨款与其他资金",
                    "年度资金总额",
                )

    def split(
        self,
        parts: list[Decimal | None],
        stated: Decimal | None,
        whole: Decimal,
        key: str,
        what: str,
        should: str,
    ) -> None:
        if stated is not None:
            self.amounts("E-8", stated, whole, f"{key}.total", f"{what}合计", should)
        if any(part is not None for part in parts):
            self.sum_of(
                parts,
                stated if stated is not None else whole,
                key,
                what,
                f"{what}合计" if stated is not None else should,
            )

    def sum_of(self, parts: list[Decimal | None], total: Decimal, key: str, what: str, should: str) -> None:
        present = [part for part in parts if part is not None]
        formula = " + ".join(money(part) for part in present)
        self.amounts("E-8", sum(present, ZERO), total, key, f"{what}（{formula}）之和", should)

    # ------------------------------------------------------------ E-9 against the tables

    def against(self, accounts: Accounts) -> None:
        """全年执行数 and its 基本/项目 split against the 支出决算表's 合计 row."""
        budget = budget_of(self.evaluation)
        if budget is None:
            return
        table = accounts.get("expenditure")
        if table is None or table.total is None:
            self.add(
                Severity.WARNING,
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
        for key, value, column, what, header in pairs:
            if value is not None:
                should = f"支出决算表合计行的“{header}”"
                self.amounts("E-9", value, table.total.get(column), f"budget.{key}", what, should)

    # ------------------------------------------------------------ the whole file

    def grids(self) -> list[tuple[list[Dimension], str]]:
        grids = [(self.evaluation.indicators, "indicators")]
        if self.evaluation.scoring is not None:
            grids.append((self.evaluation.scoring.indicators, "scoring.indicators"))
        return grids

    def run(self) -> None:
        self.weights()
        self.within()
        self.subtotals()
        self.grade()
        self.indicators()
        self.execution()
        self.splits()


# ---------------------------------------------------------------- the department-year


def check_evaluations(
    evaluations: Evaluations,
    grading: Grading,
    accounts: Accounts | None,
    department: Department | None,
    document: YamlDocument | None = None,
) -> list[Finding]:
    """Every check of every evaluation of one department-year.

    ``accounts`` (the department-year's tables) and ``department`` (its department.yaml, read as
    ``document``) are compared with the 部门整体 evaluation when they are given.
    """
    findings: list[Finding] = []
    for entry in evaluations.entries():
        checker = Checker(entry, grading)
        checker.run()
        if entry is evaluations.department:
            if accounts is not None:
                checker.against(accounts)
            if department is not None:
                findings.extend(overall_score(evaluations, checker.outcome, department, document))
        findings.extend(checker.findings)
    return findings


def overall_score(
    evaluations: Evaluations, result: Outcome, department: Department, document: YamlDocument | None
) -> list[Finding]:
    """E-10: 决算情况说明 十(四) quotes the 部门整体 score from department.yaml."""
    if result.total is None:
        return []
    key = "performance.overall_score"
    if document is not None:
        where = document.locate(key)
    else:  # only the model was given: the file and key without a line
        where = Source(
            file=display_path(evaluations.directory / "department.yaml", evaluations.display_root), key=key
        )
    stated = department.performance.overall_score
    if stated is None:
        return [
            Finding(
                Severity.INFO,
                "E-10",
                f"部门整体支出绩效自评得分为 {points(result.total)} 分，"
                f"决算情况说明“预算绩效管理情况”应引用它：请在 department.yaml 的 {key} 中"
                f"填写 {points(result.total)}。",
                where,
                expected=points(result.total),
            )
        ]
    if stated == result.total:
        return []
    return [
        Finding(
            Severity.ERROR,
            "E-10",
            f"department.yaml 的 {key}（部门整体绩效自评得分）为 {points(stated)}，"
            f"而部门整体支出绩效自评的得分为 {points(result.total)}：两处应一致。",
            where,
            expected=points(result.total),
            found=points(stated),
        )
    ]
