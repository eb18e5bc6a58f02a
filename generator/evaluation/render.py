"""Render the self-evaluations of one department-year into ``<dept-year>/jixiao/``.

Pages: ``index.md`` (第四部分 附件: the links and the summary of every project's score and grade),
``bumen.md`` (部门整体), ``xiangmu-NN-MM.md`` (项目支出绩效自评表 NN to MM, several to a page by size:
``generator.pages.sections``), ``zhuanxiang-NN.md`` (one per 专项 report), ``baogao-NN.md`` (one per
report without a form of its own). The tables are built here
as cells (templates do no arithmetic) and written as HTML tables: the indicator grids put each 一级指标
in its own ``<tbody>`` with a row-group header spanning its rows, and each 二级指标 header spanning its
三级指标.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from jinja2 import Environment
from markupsafe import Markup

from generator.evaluation.forms import Column, Forms, load_forms
from generator.evaluation.grading import Grading
from generator.evaluation.load import AnyEntry, Entry, Evaluations
from generator.evaluation.schema import (
    AnyEvaluation,
    DepartmentBudget,
    DepartmentEvaluation,
    Dimension,
    FundLine,
    Indicator,
    ProjectEvaluation,
    Report,
    ReportEvaluation,
    SpecialEvaluation,
)
from generator.evaluation.scoring import Outcome, budget_of, grid_weight, group_score, outcome, points, rate
from generator.model import ZERO
from generator.numbers import money_grouped, percent, percent_of
from generator.pages.sections import pack, write_moved
from generator.pages.tables import Cell, HtmlTable, column_heads, plain_rows

FOLDER = "jixiao"
PROJECT_PREFIX = "xiangmu-"  # a project's anchor on its page and its old page's name: xiangmu-02
KIND_TITLES = {
    "部门整体": "部门整体支出绩效自评表",
    "项目": "部门预算项目支出绩效自评表",
    "专项": "专项预算项目绩效目标完成情况自评表",
}


def _form(
    caption: str, head: list[list[Cell]], bodies: list[list[list[Cell]]], unit: str = "", css: str = ""
) -> HtmlTable:
    """A table of the forms: header rows and one or more row groups; a cell's lines stay lines."""
    rows = [plain_rows(body) for body in bodies]
    return HtmlTable(caption, head, rows, unit=unit, breaks=True, css=f"gk-table {css}".strip())


def form(evaluation: AnyEvaluation) -> str:
    """The name of the self-evaluation table, as the province prints it."""
    return evaluation.title or KIND_TITLES[evaluation.kind]


def _points(value: Decimal | None) -> str:
    return "" if value is None else points(value)


def _money(value: Decimal | None) -> str:
    return "" if value is None else money_grouped(value)


def _percent(value: Decimal | None) -> str:
    return "" if value is None else percent(value)


def _num(text: str) -> Cell:
    return Cell(text, css="num")


def pairs(caption: str, rows: list[tuple[str, str]]) -> HtmlTable:
    """A form table of labels and values; the rows left empty are not printed."""
    body = [[Cell(name, header=True, scope="row"), Cell(value)] for name, value in rows if value]
    return _form(caption, column_heads("项目", "内容"), [body])


# ---------------------------------------------------------------- the indicator grids

NUMERIC = {"weight", "score"}  # columns of points, aligned as numbers
LONG = {
    "reason",
    "explanation",
    "method",
    "rule",
}  # long texts: css gk-long, which gongkai.css gives a readable width
SCORES_CSS = "gk-scores"  # the scoring tables, laid out by gongkai.css


def layout_columns(layout: list[Column]) -> list[tuple[str, str, str]]:
    """(key, header, css) of a layout's columns, in the order of generator/data/forms/."""
    return [
        (
            column.key,
            column.header,
            "num" if column.key in NUMERIC else "gk-long" if column.key in LONG else "",
        )
        for column in layout
    ]


def _titled(name: str, weight: Decimal | None) -> str:
    """产出指标（50 分）: a stated weight (a 加减分's limit) is printed with the name, as the tables do."""
    return f"{name}（{points(weight)} 分）" if weight is not None else name


def _value(item: Indicator, key: str) -> str:
    value = getattr(item, key)
    if isinstance(value, Decimal) or value is None:
        return _points(value)
    return str(value)


def grid(
    caption: str,
    dimensions: list[Dimension],
    columns: list[tuple[str, str, str]],
    total: tuple[str, Decimal | None, Decimal | None],
) -> HtmlTable:
    """The 一级/二级/三级 grid; only the columns some indicator fills are printed.

    ``total`` is the closing row: its label, weight and score.
    """
    items = [item for d in dimensions for g in d.groups for item in g.items]
    groups = [g for d in dimensions for g in d.groups]
    used = [
        column
        for column in columns
        if any(_value(item, column[0]) for item in items)
        or (column[0] == "score" and any(g.score is not None for g in groups))
    ]
    keys = [key for key, _, _ in used]
    head = column_heads("一级指标", "二级指标", "三级指标", *(header for _, header, _ in used))
    bodies = []
    for dimension in dimensions:
        body: list[list[Cell]] = []
        span = sum(max(len(group.items), 1) for group in dimension.groups) or 1
        first = Cell(
            _titled(dimension.name, dimension.limit if dimension.adjustment else dimension.weight),
            header=True,
            scope="rowgroup",
            rowspan=span,
        )
        if not dimension.groups:
            body.append([first, Cell(), Cell(), *(Cell() for _ in used)])
        for group in dimension.groups:
            rows = max(len(group.items), 1)
            second = Cell(_titled(group.name, group.weight), header=True, scope="row", rowspan=rows)
            # A 自评分表 may score a 二级指标 as a whole: one score cell spanning its 三级指标.
            merged = group.score is not None and all(item.score is None for item in group.items)
            if not group.items:
                scored = [_num(_points(group.score)) if key == "score" else Cell() for key in keys]
                body.append([*([first] if not body else []), second, Cell(), *scored])
                continue
            for index, item in enumerate(group.items):
                cells = [Cell(item.name, header=True, scope="row")]
                for key, _, css in used:
                    if key == "score" and merged:
                        if index == 0:
                            cells.append(Cell(_points(group_score(group)), css="num", rowspan=rows))
                        continue
                    cells.append(Cell(_value(item, key), css=css))
                lead = [*([first] if not body else []), *([second] if index == 0 else [])]
                body.append([*lead, *cells])
        bodies.append(body)
    label, weight, score = total
    closing = [Cell(label, header=True, scope="row", colspan=3)]
    for key in keys:
        closing.append(
            _num(_points(weight)) if key == "weight" else _num(_points(score)) if key == "score" else Cell()
        )
    bodies.append([closing])
    return _form(caption, head, bodies, css=SCORES_CSS)


def indicator_grid(evaluation: AnyEvaluation, result: Outcome, caption: str, forms: Forms) -> HtmlTable:
    """The 绩效指标 grid; its 合计 row counts the 预算执行率 too, as the published tables do."""
    indicators = result.indicators
    execution = result.execution if result.execution is not None else ZERO
    weight = result.weight + (result.execution_weight if budget_of(evaluation) is not None else ZERO)
    score = indicators + execution if indicators is not None else None
    label = "总分" if isinstance(evaluation, DepartmentEvaluation) else "合计"
    return grid(
        caption, evaluation.indicators, layout_columns(forms.grid(evaluation.kind)), (label, weight, score)
    )


def assessment(evaluation: AnyEvaluation, result: Outcome, caption: str, forms: Forms) -> list[HtmlTable]:
    """The indicator grid, the 自评分表 and the other tables of the form, those the evaluation has."""
    grids = [indicator_grid(evaluation, result, caption, forms)] if evaluation.indicators else []
    sheet = evaluation.scoring
    if sheet is not None:
        # 合计 of both columns: 指标分值 adds up to 100, 得分 to the 评价得分
        total = ("合计", grid_weight(sheet.indicators), result.sheet)
        grids.append(grid(sheet.title, sheet.indicators, layout_columns(forms.sheet), total))
    for table in evaluation.forms:
        rows = [[Cell(text) for text in row] for row in table.rows]
        grids.append(_form(table.title, column_heads(*table.columns), [rows], unit=table.unit))
    return grids


# ---------------------------------------------------------------- budget tables


def department_budget(budget: DepartmentBudget, result: Outcome, forms: Forms) -> list[HtmlTable]:
    cells = {
        "initial": _num(_money(budget.initial)),
        "adjusted": _num(_money(budget.adjusted)),
        "executed": _num(_money(budget.executed)),
        "rate": _num(_percent(result.rate)),
    }
    if result.execution_weight > ZERO:  # a scheme that gives the 预算执行率 no points prints neither
        cells |= {"weight": _num(_points(result.execution_weight)), "score": _num(_points(result.execution))}
    shown = [column for column in forms.budget if column.key in cells]
    labels = ["项目", *(column.header for column in shown)]
    values = [cells[column.key] for column in shown]
    grids = [
        _form(
            "年度预算执行情况",
            column_heads(*labels),
            [[[Cell("年度资金总额", header=True, scope="row"), *values]]],
            unit="万元",
        )
    ]
    parts: list[list[list[Cell]]] = []
    for _, name, split in budget.splits():
        parts.append(_split_rows(name, split.total, split.parts()))
    if parts:
        grids.append(_form("年度预算的构成", column_heads("分类", "项目", "金额"), parts, unit="万元"))
    return grids


def _split_rows(
    name: str, total: Decimal | None, parts: list[tuple[str, Decimal | None]]
) -> list[list[Cell]]:
    rows = [("合计", total), *parts]
    head = Cell(name, header=True, scope="rowgroup", rowspan=len(rows))
    return [
        [*([head] if index == 0 else []), Cell(label, header=True, scope="row"), _num(_money(value))]
        for index, (label, value) in enumerate(rows)
    ]


def project_budget(evaluation: ProjectEvaluation, result: Outcome) -> HtmlTable:
    budget = evaluation.budget
    head = column_heads(
        "资金来源", "年初预算", "调整后预算数", "预算执行数", "预算执行率", "权重", "得分", "原因"
    )

    def amounts(line: FundLine | None) -> list[Cell]:
        if line is None:
            return [Cell(), Cell(), Cell(), Cell()]
        return [
            _num(_money(line.initial)),
            _num(_money(line.adjusted)),
            _num(_money(line.executed)),
            _num(_percent(rate(line))),
        ]

    body = [
        [
            Cell("总额", header=True, scope="row"),
            *amounts(budget),
            _num(_points(result.execution_weight)),
            _num(_points(result.execution)),
            Cell(budget.reason),
        ]
    ]
    for key, name, line in budget.lines():
        label = f"其中：{name}" if key == "fiscal" else name
        body.append([Cell(label, header=True, scope="row"), *amounts(line), Cell(), Cell(), Cell()])
    return _form("预算执行情况", head, [body], unit="万元")


# ---------------------------------------------------------------- pages


@dataclass
class Page:
    """One page's content: what the templates print, all of it computed."""

    entry: AnyEntry
    result: Outcome
    title: str
    tables: list[HtmlTable] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # printed under the form, as the province prints them

    @property
    def evaluation(self) -> AnyEvaluation:
        return self.entry.evaluation

    @property
    def form(self) -> str:
        return form(self.evaluation)

    @property
    def score(self) -> str:
        return _points(self.result.total)

    @property
    def grade(self) -> str:
        return self.result.grade or ""


@dataclass(frozen=True)
class ReportPage:
    """The page of a report without a form: its text only."""

    entry: Entry[ReportEvaluation]

    @property
    def report(self) -> Report:
        return self.entry.evaluation.report

    @property
    def title(self) -> str:
        return self.report.title


def project_title(evaluation: ProjectEvaluation) -> str:
    return f"{evaluation.code}-{evaluation.name}" if evaluation.code else evaluation.name


def department_page(entry: Entry[DepartmentEvaluation], grading: Grading, name: str, year: str) -> Page:
    evaluation = entry.evaluation
    result = outcome(evaluation, grading)
    forms = load_forms(grading.key)
    title = evaluation.report.title if evaluation.report else f"{name} {year} 年度部门整体支出绩效自评"
    # A report published without its 自评表 (seeds 000, 002) gets none made up from its name alone: the
    # page prints the tables the report does print, and the province's notes on a form it does not.
    printed = (evaluation.goal, evaluation.achieved, evaluation.funds, evaluation.budget, evaluation.tasks)
    if not any(printed) and not evaluation.indicators and evaluation.scoring is None:
        return Page(entry, result, title, assessment(evaluation, result, "年度绩效指标", forms), [])
    tables = [
        pairs(
            form(evaluation),
            [
                ("部门名称", name),
                ("年度总体目标", evaluation.goal),
                ("全年实际完成情况", evaluation.achieved),
            ],
        )
    ]
    if evaluation.funds is not None:
        funds = evaluation.funds
        amounts = [funds.total, funds.fiscal, funds.other]
        body = [[Cell("年度部门整体支出预算", header=True, scope="row"), *(_num(_money(a)) for a in amounts)]]
        head = column_heads("项目", "资金总额", "财政拨款", "其他资金")
        tables.append(_form("年度部门整体支出预算", head, [body], unit="万元"))
    if evaluation.budget is not None:
        tables += department_budget(evaluation.budget, result, forms)
    if evaluation.tasks:
        body = [[Cell(task.name, header=True, scope="row"), Cell(task.content)] for task in evaluation.tasks]
        tables.append(_form("年度主要任务", column_heads("任务名称", "主要内容"), [body]))
    grids = assessment(evaluation, result, "年度绩效指标", forms)
    return Page(entry, result, title, tables + grids, forms.notes(evaluation.kind))


def project_page(entry: Entry[ProjectEvaluation], grading: Grading) -> Page:
    evaluation = entry.evaluation
    result = outcome(evaluation, grading)
    forms = load_forms(grading.key)
    tables = [
        pairs(
            "项目基本情况",
            [
                ("项目名称", project_title(evaluation)),
                ("主管部门", evaluation.supervisor),
                ("实施单位", evaluation.implementer),
                ("项目年度目标", evaluation.goal),
                ("年度目标完成情况", evaluation.achieved),
                ("项目实施内容及过程概述", evaluation.process),
            ],
        ),
        project_budget(evaluation, result),
    ]
    grids = assessment(evaluation, result, "绩效指标", forms)
    return Page(entry, result, evaluation.name, tables + grids, forms.notes(evaluation.kind))


def special_page(entry: Entry[SpecialEvaluation], grading: Grading) -> Page:
    evaluation = entry.evaluation
    result = outcome(evaluation, grading)
    forms = load_forms(grading.key)
    overview = evaluation.overview
    funds = evaluation.funds
    tables = [
        pairs(
            form(evaluation),
            [
                ("项目名称", evaluation.name),
                ("预算单位", evaluation.unit),
                ("项目类型", evaluation.project_type),
                ("中长期规划", overview.plan),
                ("资金管理办法", overview.rules),
                ("绩效分配方式", overview.allocation),
                ("立项依据", overview.basis),
                ("使用范围", overview.scope),
                ("申报（补助）条件", overview.conditions),
                ("项目起止年限", overview.period),
                ("年度资金总额（万元）", _money(funds.total)),
                ("其中：财政拨款（万元）", _money(funds.fiscal)),
                ("其他资金（万元）", _money(funds.other)),
                ("年度目标", evaluation.goal),
                ("年度目标完成情况", evaluation.achieved),
            ],
        )
    ]
    title = evaluation.report.title if evaluation.report else f"{evaluation.name} 项目支出绩效自评报告"
    grids = assessment(evaluation, result, "绩效指标", forms)
    return Page(entry, result, title, tables + grids, forms.notes(evaluation.kind))


@dataclass(frozen=True)
class Summary:
    """附件's summary of the projects: the table, the count per grade, the share rated 优."""

    table: HtmlTable
    counts: list[tuple[str, int]]  # every grade of the scheme, in its order
    unscored: int
    top: str
    top_share: str  # percent of the scored projects rated in the top band; "" when none is scored


def summary(pages: list[Page], grading: Grading) -> Summary | None:
    if not pages:
        return None
    body = []
    total = ZERO
    for number, page in enumerate(pages, start=1):
        assert isinstance(page.evaluation, ProjectEvaluation)
        adjusted = page.evaluation.budget.adjusted
        total += adjusted
        body.append(
            [
                _num(str(number)),
                Cell(page.evaluation.name, header=True, scope="row"),
                _num(_money(adjusted)),
                _num(page.score),
                Cell(page.grade or "未评分"),
            ]
        )
    body.append([Cell("合计", header=True, scope="row", colspan=2), _num(_money(total)), Cell(), Cell()])
    grades = Counter(page.result.grade for page in pages if page.result.grade)
    scored = sum(grades.values())
    head = column_heads("序号", "项目名称", "调整后预算金额", "自评得分", "自评等级")
    return Summary(
        table=_form("项目支出绩效自评结果汇总", head, [body], unit="万元"),
        counts=[(band.grade, grades[band.grade]) for band in grading.bands],
        unscored=len(pages) - scored,
        top=grading.top,
        top_share=_percent(percent_of(Decimal(grades[grading.top]), Decimal(scored))),
    )


@dataclass(frozen=True)
class Scheme:
    """The grading scheme in words, for the pages' 评分说明."""

    name: str
    total: str
    execution: str
    indicators: str
    first_level: str  # 产出指标 50 分、效益指标 30 分、满意度指标 10 分
    bands: str  # 优（≥ 90 分）、良（≥ 80 分）、中（≥ 60 分）、差


def scheme(grading: Grading) -> Scheme:
    """As it applies to project tables, the evaluations the summary counts."""
    return Scheme(
        name=grading.name,
        total=points(grading.total),
        execution=points(grading.execution_weight("项目")),
        indicators=points(grading.indicator_weight("项目")),
        first_level="、".join(f"{name} {points(weight)} 分" for name, weight in grading.first_level.items()),
        bands=grading.wording,
    )


def render_evaluations(
    env: Environment, evaluations: Evaluations, grading: Grading, context: dict[str, Any], out_dir: Path
) -> list[Any]:
    """Write the pages under ``out_dir / "jixiao"``; return the MkDocs nav entries (none without evaluations).

    ``context`` is the department-year's template context: ``base`` (``"2023/qu-xian-shang-wu-ju"``)
    is required, ``department`` (department.yaml) names the department when present, ``evaluation_only``
    (no 决算 published with them) makes the self-evaluations the whole rather than its 第四部分.
    """
    if evaluations.is_empty:
        return []
    base = context["base"]
    year = base.split("/")[0]
    department = context.get("department")
    name = department.name if department is not None else base.split("/")[-1]
    if evaluations.department is not None and evaluations.department.evaluation.name:
        name = evaluations.department.evaluation.name
    folder = out_dir / FOLDER
    folder.mkdir(parents=True, exist_ok=True)
    shared = {"evaluation_only": False, **context, "name": name, "year": year, "scheme": scheme(grading)}
    head = department_page(evaluations.department, grading, name, year) if evaluations.department else None
    projects = [project_page(entry, grading) for entry in evaluations.projects]
    specials = [special_page(entry, grading) for entry in evaluations.specials]
    reports = [ReportPage(entry) for entry in evaluations.reports]
    own_pages = [page.entry.page for page in [*([head] if head else []), *specials]]
    links = {page: f"{page}.md" for page in own_pages + [report.entry.page for report in reports]}
    project_nav, project_links = _write_projects(env, shared, projects, folder, f"{base}/{FOLDER}")
    links.update(project_links)
    index = env.get_template("jixiao_index.md.j2").render(
        shared,
        department_page=head,
        projects=projects,
        specials=specials,
        reports=reports,
        summary=summary(projects, grading),
        links=links,
    )
    (folder / "index.md").write_text(index, encoding="utf-8")
    nav: list[Any] = [f"{base}/{FOLDER}/index.md"]
    if head is not None:
        _write(env, "jixiao_department.md.j2", shared, head, folder)
        nav.append({"部门整体支出绩效自评": f"{base}/{FOLDER}/{head.entry.page}.md"})
    if project_nav:
        nav.append({"项目支出绩效自评表": project_nav})
    for page in specials:
        _write(env, "jixiao_special.md.j2", shared, page, folder)
    if specials:
        entries = [{page.evaluation.name: f"{base}/{FOLDER}/{page.entry.page}.md"} for page in specials]
        nav.append({"专项绩效自评报告": entries})
    for report in reports:
        text = env.get_template("jixiao_report.md.j2").render(shared, page=report)
        (folder / f"{report.entry.page}.md").write_text(text, encoding="utf-8")
    if reports:
        entries = [{page.title: f"{base}/{FOLDER}/{page.entry.page}.md"} for page in reports]
        nav.append({"其他绩效自评报告": entries})
    # published with the 决算, the self-evaluations are its 第四部分; published alone, they are the whole
    return [{"绩效自评" if context.get("evaluation_only") else "第四部分 附件：绩效自评": nav}]


def _write_projects(
    env: Environment, context: dict[str, Any], projects: list[Page], folder: Path, base: str
) -> tuple[list[Any], dict[str, str]]:
    """Write the 项目支出绩效自评表 several to a page (``generator.pages.sections``); return the pages' nav
    entries and each project's link from the folder (``xiangmu-01-05.md#xiangmu-02``)."""
    template = env.get_template("jixiao_project.md.j2")
    texts = {
        number: template.render(context, page=page, anchor=f"{PROJECT_PREFIX}{number:02d}")
        for number, page in enumerate(projects, start=1)
    }
    nav: list[Any] = []
    links = {}
    for group in pack({number: len(text.encode()) for number, text in texts.items()}, PROJECT_PREFIX):
        first, last = group.numbers[0], group.numbers[-1]
        title = f"项目 {first}" if first == last else f"项目 {first}–{last}"
        sections = [Markup(texts[number]) for number in group.numbers]
        page = env.get_template("jixiao_projects.md.j2").render(context, title=title, sections=sections)
        (folder / f"{group.stem}.md").write_text(page, encoding="utf-8")
        nav.append({title: f"{base}/{group.stem}.md"})
        for number in group.numbers:
            links[group.old(number)] = f"{group.stem}.md#{group.old(number)}"
        named = f"{context['name']} {context['year']} 年度项目支出绩效自评表"
        titles = {number: f"{named}：{projects[number - 1].evaluation.name}" for number in group.numbers}
        write_moved(folder, group, PROJECT_PREFIX, titles)
    return nav, links


def _write(env: Environment, template: str, context: dict[str, Any], page: Page, folder: Path) -> None:
    text = env.get_template(template).render(context, page=page)
    (folder / f"{page.entry.page}.md").write_text(text, encoding="utf-8")
