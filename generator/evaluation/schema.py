"""Schemas of the self-evaluation files under ``data/<year>/<dept>/evaluation/``.

Three kinds, told apart by ``kind``:

- ``部门整体``: 部门整体支出绩效自评 — the 年度预算 with its splits by income and spending nature, the
  年度总体目标, the indicator grid, the report's narrative and, where the province scores the
  department with a 评价指标体系 (Sichuan, Guangdong), the 自评分表;
- ``项目``: one 项目支出绩效自评表 — 预算执行情况 by source of funds, the indicator grid, 评价结论;
- ``专项``: a 专项 self-evaluation report — 专项预算项目绩效目标完成情况自评表 and 自评分表;
- ``报告``: a self-evaluation report published without a form of its own (Hunan's 项目绩效自评报告 on
  all of a department's projects, seed 004's 附件2): its text only.

The indicator grid and the 自评分表 share one tree (一级 → 二级 → 三级): the grid fills 指标性质,
指标值, 完成值, the 自评分表 fills 指标解释, 评分方法, 评分说明. Amounts are 万元, scores 分.
``data/evaluation.example/`` documents every field.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated, Any, Literal

from pydantic import BeforeValidator, Field

from generator.readers.schema import Money, Strict

# 权重 / 分值 / 得分: never negative, except the scores of a 加减分 (扣分项) dimension.
Points = Annotated[Decimal, Field(ge=0, json_schema_extra={"unit": "分"})]
NATURES = {
    ">=": "≥",
    "＞＝": "≥",
    "大于等于": "≥",
    "<=": "≤",
    "＜＝": "≤",
    "小于等于": "≤",
    "＝": "=",
    "等于": "=",
}


def _nature(value: Any) -> Any:
    return NATURES.get(value.strip(), value.strip()) if isinstance(value, str) else value


def _percent(value: Any) -> Any:
    """A 执行率 written as printed (``100.00%``) is read as its number of percent."""
    return value.strip().rstrip("%％").strip() if isinstance(value, str) else value


Nature = Annotated[Literal["≥", "≤", "=", "定性"], BeforeValidator(_nature)]
Percent = Annotated[Decimal, BeforeValidator(_percent), Field(ge=0, json_schema_extra={"unit": "%"})]


class Indicator(Strict):
    """三级指标: one row of the grid or of the 自评分表."""

    name: str = Field("", description="三级指标（原表空白时留空）")
    nature: Nature | None = Field(None, description="指标性质（≥、≤、= 或 定性）")
    target: str = Field("", description="指标值")
    unit: str = Field("", description="度量单位")
    actual: str = Field("", description="完成值")
    weight: Points | None = Field(None, description="权重（分值）")
    score: Decimal | None = Field(None, description="得分")
    reason: str = Field("", description="偏差原因分析及改进措施")
    explanation: str = Field("", description="指标解释")
    method: str = Field("", description="评分方法")
    rule: str = Field("", description="评分说明")


class Group(Strict):
    """二级指标 and its 三级指标."""

    name: str = Field("", description="二级指标（原表空白时留空）")
    weight: Points | None = Field(None, description="二级指标分值")
    score: Decimal | None = Field(None, description="二级指标得分（整组评分时填写）")
    items: list[Indicator] = Field(default_factory=list, description="三级指标")


class Dimension(Strict):
    """一级指标 and its 二级指标.

    A 加减分 / 扣分项 dimension (``adjustment: true``) carries no weight of its own: its scores
    (negative for a deduction) add to the total, at most ``limit`` either way.
    """

    name: str = Field(min_length=1, description="一级指标")
    weight: Points | None = Field(None, description="一级指标分值")
    adjustment: bool = Field(False, description="是否为加减分（扣分项）")
    limit: Points | None = Field(None, description="加减分上限")
    groups: list[Group] = Field(default_factory=list, description="二级指标")


class ScoringSheet(Strict):
    """评价指标体系自评分表 (seed 003 附件, Guangdong 部门整体支出绩效评价)."""

    title: str = Field("绩效评价指标体系自评分表", description="表名")
    score: Decimal | None = Field(None, description="评价得分")
    indicators: list[Dimension] = Field(min_length=1, description="评价指标")


class Section(Strict):
    title: str = Field(min_length=1, description="标题")
    text: str = Field("", description="正文")
    sections: list[Section] = Field(default_factory=list, description="下级标题")


class Report(Strict):
    """The self-evaluation report's narrative, section by section as published."""

    title: str = Field(min_length=1, description="报告标题")
    intro: str = Field("", description="导语")
    sections: list[Section] = Field(default_factory=list, description="章节")


class FundLine(Strict):
    """One source of funds of a project: 年初预算, 调整后预算, 执行数 and the stated 执行率."""

    initial: Money | None = Field(None, description="年初预算（万元）")
    adjusted: Money | None = Field(None, description="调整后预算（万元）")
    executed: Money | None = Field(None, description="执行数（万元）")
    rate: Percent | None = Field(None, description="执行率（%）")


class Execution(FundLine):
    """预算执行 of a whole evaluation: the total line with its 分值, 得分 and 原因.

    ``weight`` defaults to the grading scheme's 预算执行率 分值 for the kind of evaluation.
    """

    adjusted: Money = Field(description="调整后（全年）预算数（万元）")
    executed: Money = Field(description="全年执行数（万元）")
    weight: Points | None = Field(None, description="预算执行率分值")
    score: Points | None = Field(None, description="预算执行率得分")
    reason: str = Field("", description="原因")


class Split(Strict):
    """A total and the parts it is split into, in 万元: the fields after ``total``."""

    total: Money | None = Field(None, description="合计（万元）")

    def parts(self) -> list[tuple[str, Decimal | None]]:
        """Each part with the name the forms print it under (its description without the unit)."""
        return [
            (str(field.description).removesuffix("（万元）"), getattr(self, key))
            for key, field in type(self).model_fields.items()
            if key != "total"
        ]


class IncomeSplit(Split):
    """按收入性质分."""

    total: Money | None = Field(None, description="按收入性质分合计（万元）")
    general: Money | None = Field(None, description="一般公共预算（万元）")
    fund: Money | None = Field(None, description="政府性基金（万元）")
    special_account: Money | None = Field(None, description="纳入专户管理的非税收入（万元）")
    other: Money | None = Field(None, description="其他资金（万元）")


class SpendingSplit(Split):
    """按支出性质分."""

    total: Money | None = Field(None, description="按支出性质分合计（万元）")
    basic: Money | None = Field(None, description="基本支出（万元）")
    project: Money | None = Field(None, description="项目支出（万元）")


class DepartmentBudget(Execution):
    """年度预算: 全年预算数 (A) is split by income nature, 全年执行数 (B) by spending nature."""

    by_income: IncomeSplit | None = Field(None, description="按收入性质分")
    by_spending: SpendingSplit | None = Field(None, description="按支出性质分")

    def splits(self) -> list[tuple[str, str, Split]]:
        """The splits stated: field, the name the forms give it, the split."""
        named = [("by_income", self.by_income), ("by_spending", self.by_spending)]
        fields = type(self).model_fields
        return [(key, str(fields[key].description), split) for key, split in named if split is not None]


class ProjectBudget(Execution):
    """预算执行情况: 总额 (this line) and 其中 by source of funds."""

    fiscal: FundLine | None = Field(None, description="其中：财政资金")
    special_account: FundLine | None = Field(None, description="财政专户管理资金")
    unit_funds: FundLine | None = Field(None, description="单位资金")
    other: FundLine | None = Field(None, description="其他资金")

    def lines(self) -> list[tuple[str, str, FundLine | None]]:
        """The 其中 lines by source of funds: field, the name the tables give it, the line (None: blank)."""
        return [(key, name, getattr(self, key)) for key, name in FUND_LINES.items()]


# The sources of funds of a project, by field of ``ProjectBudget``, as the tables name them.
FUND_LINES = {
    "fiscal": "财政资金",
    "special_account": "财政专户管理资金",
    "unit_funds": "单位资金",
    "other": "其他资金",
}


class Task(Strict):
    name: str = Field(min_length=1, description="任务名称")
    content: str = Field("", description="主要内容")


class FormTable(Strict):
    """A table of the published form that the fields above do not hold (Hunan's 基础数据表), cell by
    cell as printed: a province's form is data, not a template."""

    title: str = Field(min_length=1, description="表名")
    unit: str = Field("", description="单位")
    columns: list[str] = Field(min_length=1, description="表头各栏")
    rows: list[list[str]] = Field(default_factory=list, description="各行各栏，照表填写（空栏写空字符串）")


class Evaluation(Strict):
    """What every kind has: the grid, the stated result, the conclusion."""

    title: str = Field("", description="表名（留空用标准表名）")
    goal: str = Field("", description="年度目标")
    achieved: str = Field("", description="年度目标完成情况")
    indicators: list[Dimension] = Field(default_factory=list, description="绩效指标")
    score: Decimal | None = Field(None, description="自评得分（表中所填合计或总分）")
    grade: str = Field("", description="自评等级（表中所填）")
    conclusion: str = Field("", description="评价结论")
    problems: str = Field("", description="存在问题")
    measures: str = Field("", description="改进措施")
    scoring: ScoringSheet | None = Field(None, description="评价指标体系自评分表")
    report: Report | None = Field(None, description="自评报告")
    forms: list[FormTable] = Field(
        default_factory=list, description="其他表格（如湖南的基础数据表），照表录入"
    )
    acknowledged: list[str] = Field(
        default_factory=list, description="照录的公开原文自带的残留或笔误（原文字句），只作提示"
    )


class Funds(Strict):
    """项目资金 of a 专项, and 年度部门整体支出预算 of a Sichuan 部门整体 form."""

    total: Money | None = Field(None, description="年度资金总额（万元）")
    fiscal: Money | None = Field(None, description="其中：财政拨款（万元）")
    other: Money | None = Field(None, description="其他资金（万元）")


class DepartmentEvaluation(Evaluation):
    kind: Literal["部门整体"] = Field(description="评价种类")
    name: str = Field("", description="部门名称（留空用 department.yaml 的部门全称）")
    funds: Funds | None = Field(
        None, description="年度部门整体支出预算：资金总额、财政拨款、其他资金（四川的表只列这三项）"
    )
    budget: DepartmentBudget | None = Field(None, description="年度预算")
    tasks: list[Task] = Field(default_factory=list, description="年度主要任务")


class ProjectEvaluation(Evaluation):
    kind: Literal["项目"] = Field(description="评价种类")
    name: str = Field(min_length=1, description="项目名称")
    code: str = Field("", description="项目编码")
    supervisor: str = Field("", description="主管部门")
    implementer: str = Field("", description="实施单位")
    process: str = Field("", description="项目实施内容及过程概述")
    budget: ProjectBudget = Field(description="预算执行情况")
    leader: str = Field("", description="项目负责人")
    finance_leader: str = Field("", description="财务负责人")


class Overview(Strict):
    """项目概况 of a 专项."""

    plan: str = Field("", description="中长期规划（名称、文号）")
    rules: str = Field("", description="资金管理办法（名称、文号）")
    allocation: Literal["", "因素法", "项目法", "据实据效", "因素法与项目法相结合"] = Field(
        "", description="绩效分配方式"
    )
    basis: str = Field("", description="立项依据")
    scope: str = Field("", description="使用范围")
    conditions: str = Field("", description="申报（补助）条件")
    period: str = Field("", description="项目起止年限")


class SpecialEvaluation(Evaluation):
    kind: Literal["专项"] = Field(description="评价种类")
    name: str = Field(min_length=1, description="项目名称")
    unit: str = Field("", description="预算单位")
    project_type: str = Field("", description="项目类型（一次性、经常性、常年）")
    overview: Overview = Field(default_factory=Overview, description="项目概况")
    funds: Funds = Field(default_factory=Funds, description="项目资金")


class ReportEvaluation(Strict):
    """A report with no form: nothing to grade or to score, so none of the fields of a form."""

    kind: Literal["报告"] = Field(description="评价种类")
    report: Report = Field(description="自评报告")
    acknowledged: list[str] = Field(
        default_factory=list, description="照录的公开原文自带的残留或笔误（原文字句），只作提示"
    )


Kind = Literal["部门整体", "项目", "专项"]  # the kinds with a form, graded and scored
AnyEvaluation = DepartmentEvaluation | ProjectEvaluation | SpecialEvaluation
MODELS: dict[str, type[AnyEvaluation | ReportEvaluation]] = {
    "部门整体": DepartmentEvaluation,
    "项目": ProjectEvaluation,
    "专项": SpecialEvaluation,
    "报告": ReportEvaluation,
}
