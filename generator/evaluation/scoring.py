"""What gongkai computes from an evaluation: 执行率, the 预算执行 score, subtotals, the total, the grade.

A subtotal is the sum of what is below it when anything below is filled in, else what the table
states for it: a 自评分表 may score a 二级指标 as a whole (seed 003: 履职效能 15 分 over five
unscored 三级指标). The rules compare what the tables state with these figures; the pages print
these figures.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from generator.evaluation.grading import Grading
from generator.evaluation.schema import (
    AnyEvaluation,
    Dimension,
    Execution,
    FundLine,
    Group,
    SpecialEvaluation,
)
from generator.model import ZERO
from generator.numbers import percent_of, q2

ONE = Decimal("1")


def points(value: Decimal) -> str:
    """A weight or score as a table prints it: 10, 9.5, 0.25."""
    text = f"{value:f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def _sum(values: Iterable[Decimal | None]) -> Decimal | None:
    """The sum of the values filled in; None when none is."""
    present = [value for value in values if value is not None]
    return sum(present, ZERO) if present else None


def rate(line: FundLine) -> Decimal | None:
    """执行率 in percent, rounded; None without both amounts or on a zero budget."""
    if line.adjusted is None or line.executed is None:
        return None
    return percent_of(line.executed, line.adjusted)


def execution_score(execution: Execution, weight: Decimal) -> Decimal | None:
    """执行率 × 分值, the 执行率 capped at 100 %; None on a zero budget."""
    if execution.adjusted == ZERO:
        return None
    return q2(min(execution.executed / execution.adjusted, ONE) * weight)


def group_weight(group: Group) -> Decimal | None:
    return _sum(item.weight for item in group.items) if group.items else group.weight


def group_score(group: Group) -> Decimal | None:
    items = _sum(item.score for item in group.items)
    return items if items is not None else group.score


def dimension_weight(dimension: Dimension) -> Decimal | None:
    if dimension.adjustment:
        return None
    groups = _sum(group_weight(group) for group in dimension.groups)
    return groups if groups is not None else dimension.weight


def dimension_score(dimension: Dimension) -> Decimal | None:
    """The dimension's score; a 加减分 dimension's is held within its limit."""
    score = _sum(group_score(group) for group in dimension.groups)
    if score is not None and dimension.adjustment and dimension.limit is not None:
        score = max(-dimension.limit, min(score, dimension.limit))
    return score


def grid_weight(dimensions: list[Dimension]) -> Decimal:
    return _sum(dimension_weight(dimension) for dimension in dimensions) or ZERO


def grid_score(dimensions: list[Dimension]) -> Decimal | None:
    return _sum(dimension_score(dimension) for dimension in dimensions)


def budget_of(evaluation: AnyEvaluation) -> Execution | None:
    return None if isinstance(evaluation, SpecialEvaluation) else evaluation.budget


def execution_weight(evaluation: AnyEvaluation, grading: Grading) -> Decimal:
    """The 预算执行率 分值: as the table states it, else the scheme's for the kind."""
    budget = budget_of(evaluation)
    if budget is not None and budget.weight is not None:
        return budget.weight
    return grading.execution_weight(evaluation.kind)


@dataclass(frozen=True)
class Outcome:
    """The computed result of one evaluation."""

    rate: Decimal | None  # 预算执行率, %
    execution_weight: Decimal
    execution: Decimal | None  # 预算执行率得分
    weight: Decimal  # the grid's weights
    indicators: Decimal | None  # the grid's scores
    sheet: Decimal | None  # the 自评分表's score
    total: Decimal | None  # the evaluation's score: the 自评分表's, else 预算执行 + grid, else as stated
    grade: str | None


def outcome(evaluation: AnyEvaluation, grading: Grading) -> Outcome:
    budget = budget_of(evaluation)
    weight = execution_weight(evaluation, grading)
    execution = None
    if budget is not None and weight > ZERO:
        execution = execution_score(budget, weight)
        if execution is None:
            execution = budget.score  # a zero budget: only the table can say
    indicators = grid_score(evaluation.indicators)
    sheet = grid_score(evaluation.scoring.indicators) if evaluation.scoring else None
    total: Decimal | None
    if sheet is not None:
        total = sheet
    elif indicators is not None:
        total = indicators + (execution or ZERO)
    else:
        total = evaluation.score  # a report without a scored table (seeds 000, 002): the score it states
    return Outcome(
        rate=rate(budget) if budget is not None else None,
        execution_weight=weight,
        execution=execution,
        weight=grid_weight(evaluation.indicators),
        indicators=indicators,
        sheet=sheet,
        total=total,
        grade=grading.grade(total) if total is not None else None,
    )
