"""P-1 … P-3: a figure written in prose restates what the tables and the evaluations hold.

A sentence naming a figure the data hold — “基本支出452.72万元”, “预算执行率 100%”, “自评得分 94 分” —
is compared with it: a difference is a 警告 naming both places, one of 0.01 (rounding) a 提示.
Figures the data do not hold are left alone, and so is a number that words between it and the
term make into something else (“基本支出较上年增加 19.11 万元”): only 支出, 决算数, 为 and the like
may stand between. A number equal to the prior year's figure is taken for a statement about it.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal

from generator.evaluation.load import AnyEntry
from generator.evaluation.rules import label
from generator.evaluation.schema import SpecialEvaluation
from generator.evaluation.scoring import budget_of, outcome, points
from generator.model import DepartmentYear, Finding, Severity, Source
from generator.numbers import CENT, money
from generator.readers.yamlfile import YamlDocument
from generator.rules.base import department_yaml, rule
from generator.standard.totals import KeyFigures, key_figures, prior_key_figures

# Words that may stand between a term and the amount it states.
_FILLER = r"(?:一般公共预算|财政拨款|决算数|决算|支出|合计|总额|共计|为|是|：|:|\s)*"
_NUMBER = r"(\d+(?:\.\d+)?)"


@dataclass(frozen=True)
class Term:
    pattern: str  # how prose names the figure
    figure: str  # KeyFigures field, or sangong.<item>
    held: str  # where the data hold it


TERMS = [
    Term(r"(?<!拨款)(?:收支总计|收入支出总计|收入总计)", "total", "收入支出决算总表的总计"),
    Term(r"本年收入合计", "income_total", "收入支出决算总表的本年收入合计"),
    Term(r"本年支出合计", "expenditure_total", "支出决算表的合计"),
    Term(r"(?<!拨款)(?<!预算)基本支出", "basic", "支出决算表合计行的基本支出"),
    Term(r"(?<!拨款)(?<!预算)项目支出", "project", "支出决算表合计行的项目支出"),
    Term(r"财政拨款(?:收支总计|收入支出总计)", "fiscal_total", "财政拨款收入支出决算总表的总计"),
    Term(r"一般公共预算财政拨款支出", "gpb", "一般公共预算财政拨款支出决算表的合计"),
    Term(r"政府性基金预算财政拨款支出", "fund", "政府性基金预算财政拨款收入支出决算表的合计"),
    Term(r"国有资本经营预算财政拨款支出", "soe", "国有资本经营预算财政拨款支出决算表的合计"),
    Term(r"[“\"]?三公[”\"]?经费", "sangong.total", "“三公”经费支出决算表的合计"),
    Term(r"因公出国[（(]境[)）]费", "sangong.abroad", "“三公”经费支出决算表的因公出国（境）费"),
    Term(
        r"公务用车购置及运行(?:维护)?费", "sangong.vehicle", "“三公”经费支出决算表的公务用车购置及运行维护费"
    ),
    Term(r"公务用车购置费", "sangong.vehicle_purchase", "“三公”经费支出决算表的公务用车购置费"),
    Term(r"公务用车运行(?:维护)?费", "sangong.vehicle_operation", "“三公”经费支出决算表的公务用车运行维护费"),
    Term(r"(?<!国内)(?<!外事)公务接待费", "sangong.reception", "“三公”经费支出决算表的公务接待费"),
    Term(r"机关运行经费", "operating_costs", "一般公共预算财政拨款基本支出决算表的公用经费合计"),
]
_AMOUNTS = [(re.compile(term.pattern + _FILLER + _NUMBER + r"\s*万元"), term) for term in TERMS]
_SCORE = re.compile(r"(?:自评|评价|综合|总)得分(?:为|是|：|:|\s)*" + _NUMBER + r"\s*分")
_RATE = re.compile(r"执行率(?:为|是|达到?|：|:|\s)*" + _NUMBER + r"\s*[%％]")


def _figure(figures: KeyFigures, name: str) -> Decimal | None:
    if name.startswith("sangong."):
        return (figures.sangong or {}).get(name.removeprefix("sangong."))
    value: Decimal | None = getattr(figures, name)
    return value


def _texts(document: YamlDocument) -> Iterator[tuple[str, str]]:
    return ((key, text) for key, text in document.texts() if not key.startswith("acknowledged"))


def _compare(
    rule_id: str,
    written: Decimal,
    held: Decimal,
    unit: str,
    where: Source,
    what: str,
    holder: str,
) -> Finding | None:
    """A 警告 when the prose's figure is not the data's, a 提示 when it is 0.01 off."""
    difference = abs(written - held)
    if difference == 0:
        return None
    show = money if unit == "万元" else points
    rounding = difference <= CENT
    return Finding(
        Severity.INFO if rounding else Severity.WARNING,
        rule_id,
        f"{where.file} 的 {where.key} 写{what}为 {show(written)} {unit}，而{holder}为 {show(held)} {unit}"
        + ("，相差 0.01，是四舍五入所致时可不处理。" if rounding else "：两处应一致，请核对改正其中一处。"),
        where,
        expected=f"{show(held)} {unit}",
        found=f"{show(written)} {unit}",
    )


@rule("P-1")
def prose_amounts(dy: DepartmentYear) -> Iterator[Finding]:
    """Amounts in the prose of department.yaml, of the 部门整体 evaluation and of the reports on the
    department's projects together (kind 报告) equal the tables' figures."""
    assert dy.accounts is not None
    figures = key_figures(dy.accounts, dy.department)
    prior = prior_key_figures(dy)
    documents = [department_yaml(dy)]
    if dy.evaluations.department is not None:
        documents.append(dy.evaluations.department.document)
    documents += [entry.document for entry in dy.evaluations.reports]
    for document in documents:
        for key, text in _texts(document):
            for pattern, term in _AMOUNTS:
                for match in pattern.finditer(text):
                    held = _figure(figures, term.figure)
                    written = Decimal(match.group(1))
                    if held is None or written == _figure(prior, term.figure):
                        continue
                    what = f"“{match.group(0).strip()}”中的金额"
                    finding = _compare("P-1", written, held, "万元", document.locate(key), what, term.held)
                    if finding is not None:
                        yield finding


def _score(entry: AnyEntry, dy: DepartmentYear) -> tuple[Decimal | None, str]:
    """The evaluation's score, as its table states it, else as its scores add up; and where it is."""
    evaluation = entry.evaluation
    if evaluation.score is not None:
        return evaluation.score, f"{entry.document.file} 的 score（{label(evaluation)}表中所填得分）"
    total = outcome(evaluation, dy.grading).total
    return total, f"{label(evaluation)}各项得分之和"


@rule("P-2", workbook=False)
def prose_scores(dy: DepartmentYear) -> Iterator[Finding]:
    """Scores and 执行率 in an evaluation's prose equal its table's."""
    for entry in dy.evaluations.entries():
        score, scored = _score(entry, dy)
        budget = budget_of(entry.evaluation)
        rate = None if budget is None else budget.rate or outcome(entry.evaluation, dy.grading).rate
        checks = [
            (_SCORE, score, "分", "自评得分", scored),
            (_RATE, rate, "%", "执行率", f"{label(entry.evaluation)}表中的预算执行率"),
        ]
        for key, text in _texts(entry.document):
            for pattern, held, unit, what, holder in checks:
                if held is None:
                    continue
                for match in pattern.finditer(text):
                    finding = _compare(
                        "P-2", Decimal(match.group(1)), held, unit, entry.document.locate(key), what, holder
                    )
                    if finding is not None:
                        yield finding


@rule("P-3", workbook=False)
def same_project_scores(dy: DepartmentYear) -> Iterator[Finding]:
    """A project evaluated both in a 专项 report and in a 项目 table has one score."""
    projects = {"".join(entry.evaluation.name.split()): entry for entry in dy.evaluations.projects}
    for special in dy.evaluations.specials:
        assert isinstance(special.evaluation, SpecialEvaluation)
        project = projects.get("".join(special.evaluation.name.split()))
        if project is None:
            continue
        (score, _), (other, _) = _score(special, dy), _score(project, dy)
        if score is None or other is None or score == other:
            continue
        there = project.where("score" if project.evaluation.score is not None else "name")
        yield Finding(
            Severity.WARNING,
            "P-3",
            f"“{special.evaluation.name}”在专项自评（{special.document.file}）中得 {points(score)} 分，"
            f"在项目支出绩效自评表（{there.file} 第 {there.line} 行）中得 {points(other)} 分：同一项目的"
            "自评得分应一致，请核对。",
            special.where("score" if special.evaluation.score is not None else "name"),
            expected=points(other),
            found=points(score),
        )
