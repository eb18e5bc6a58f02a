"""The portal on top of the department-years: the navigation of each year, the year pages, the home page.

**Navigation.** mkdocs-material with ``navigation.prune`` writes into every page only the path to it
and the siblings along that path, so a page's size grows with the number of its siblings: in a flat
year (年度 → 部门 → 章节) every page of the year links every department of the year. When the year's
departments carry a ``group`` (department.yaml: 系统 or 主管部门), the year is 年度 → 分组 → 部门 →
章节 and a page carries the year's groups and its own group's departments only. Groups are ordered
by their name in Unicode order (for Chinese names, the dictionaries' 部首笔画 order), so that the order
is the same every year whichever departments publish; departments without a group come last, under
“其他部门”. A year where no department carries a group stays flat.

**Year page.** All departments of the year side by side (the comparison journalists and transparency
evaluators build by hand), sortable in the browser by ``assets/gongkai-tables.js``; each cell carries
its number in ``data-sort`` so that sorting never parses formatted text.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any, NamedTuple

from jinja2 import Environment

from generator.derive import Figures
from generator.evaluation.scoring import points
from generator.model import ZERO, DepartmentYear, Project
from generator.numbers import money, money_grouped, q2
from generator.pages.downloads import write_key_figures
from generator.pages.tables import Cell, HtmlRow, HtmlTable

OTHER_GROUP = "其他部门"  # the nav section of the departments without a group


def group_of(dy: DepartmentYear) -> str:
    group = dy.department.group.strip() if dy.department else ""
    return group or OTHER_GROUP


def year_nav(year: int, departments: Iterable[tuple[DepartmentYear, list[Any]]]) -> list[Any]:
    """The nav of one year: its page, then its departments' entries, grouped when any carries a group.

    ``departments`` are (department-year, its nav entries) in the order they are listed within a group.
    """
    groups: dict[str, list[Any]] = {}
    for dy, entries in departments:
        groups.setdefault(group_of(dy), []).extend(entries)
    page = f"{year}/index.md"
    if set(groups) <= {OTHER_GROUP}:
        return [page, *groups.get(OTHER_GROUP, [])]
    names = sorted(name for name in groups if name != OTHER_GROUP)
    if OTHER_GROUP in groups:
        names.append(OTHER_GROUP)
    return [page, *({name: groups[name]} for name in names)]


# ---------------------------------------------------------------- the year page's comparison


class Value(NamedTuple):
    """One cell of the comparison: its text, and its number for sorting (``""`` when there is none)."""

    text: str
    sort: str

    @property
    def missing(self) -> bool:
        return not self.sort


NONE = Value("", "")


def _amount(value: Decimal | None) -> Value:
    return NONE if value is None else Value(money_grouped(value), money(value))


@dataclass(frozen=True)
class ComparisonColumn:
    label: str
    value: Callable[[Figures], Decimal | None]
    summed: bool = True  # an amount in 万元, added up in the 合计 row


COLUMNS = [
    ComparisonColumn("收支总计", lambda f: f.total),
    ComparisonColumn("一般公共预算财政拨款支出", lambda f: f.gpb_total),
    ComparisonColumn("“三公”经费预算数", lambda f: f.sangong["total"].budget),
    ComparisonColumn("“三公”经费决算数", lambda f: f.sangong["total"].final),
    ComparisonColumn("机关运行经费", lambda f: f.operating_costs),  # None: 事业单位 do not report it
    ComparisonColumn(
        "部门整体自评得分", lambda f: f.self_evaluation.total if f.self_evaluation else None, summed=False
    ),
]


@dataclass(frozen=True)
class ComparisonRow:
    name: str
    slug: str  # its folder under the year, and the order of the rows
    values: list[Value]


@dataclass(frozen=True)
class Comparison:
    columns: list[ComparisonColumn]
    rows: list[ComparisonRow]
    totals: list[Value]  # NONE under the columns that are not added up


def comparison(department_years: Iterable[tuple[DepartmentYear, Figures]]) -> Comparison:
    """The year's departments side by side, in the order of their folders (the nav's order)."""
    rows = []
    sums: list[Decimal] = [ZERO] * len(COLUMNS)
    for dy, figures in sorted(department_years, key=lambda pair: pair[0].slug):
        values = []
        for index, column in enumerate(COLUMNS):
            number = column.value(figures)
            if column.summed:
                values.append(_amount(number))
                # The 合计 adds the amounts as the rows print them, so that it checks against the column.
                sums[index] += q2(number) if number is not None else ZERO
            else:
                values.append(NONE if number is None else Value(points(number), f"{number:f}"))
        rows.append(ComparisonRow(figures.name, dy.slug, values))
    totals = [_amount(total) if column.summed else NONE for column, total in zip(COLUMNS, sums, strict=True)]
    return Comparison(COLUMNS, rows, totals)


def _cell(value: Value) -> Cell:
    """A value's cell: its number for sorting in data-sort, "—" (read as 无) where there is none.

    The cells carry no class="num" (.gk-comparison td is styled as amounts): the page has one row per
    department of the year, and every byte of a row counts a hundred times.
    """
    if value.missing:
        return Cell(missing="无", attrs=(("data-sort", ""),))
    return Cell(value.text, attrs=(("data-sort", value.sort),))


def comparison_table(year: int, table: Comparison) -> HtmlTable:
    """The comparison as the year page prints it, sortable by every column."""
    first = Cell("部门", True, "col", attrs=(("data-gk-sort", "order"), ("aria-sort", "ascending")))
    head = [first, *(Cell(c.label, True, "col", attrs=(("data-gk-sort", "number"),)) for c in table.columns)]
    body = [
        HtmlRow([Cell(row.name, True, "row", href=f"{row.slug}/"), *map(_cell, row.values)])
        for row in table.rows
    ]
    totals = [
        _cell(value) if column.summed else Cell()
        for column, value in zip(table.columns, table.totals, strict=True)
    ]
    caption = f"{year} 年度各部门决算主要数据"
    return HtmlTable(
        f"{caption}（金额单位：万元；自评得分单位：分）",
        [head],
        [body],
        foot=[HtmlRow([Cell("合计", True, "row"), *totals])],
        label=caption,
        css="gk-table gk-comparison",
        sortable=True,
        compact_head=True,
    )


# ---------------------------------------------------------------- writing the pages


# The year's key figures as CSV, in the year's folder (the portal's part of the build, see parts.py).
YEAR_CSV = "downloads/key-figures-{year}.csv"


def write_year_page(
    env: Environment,
    project: Project,
    year: int,
    department_years: list[tuple[DepartmentYear, Figures]],
    evaluation_only: list[DepartmentYear],
    docs_dir: Path,
) -> None:
    """``<year>/index.md`` with the comparison table, and the year's CSV of key figures beside it; the
    departments that publish only their self-evaluation (``evaluation_only``) are listed after it."""
    folder = docs_dir / str(year)
    csv = YEAR_CSV.format(year=year)
    if department_years:
        write_key_figures(folder / csv, department_years)
    page = env.get_template("year.md.j2").render(
        site=project.site,
        year=year,
        table=comparison_table(year, comparison(department_years)),
        csv=csv,
        evaluation_only=evaluation_only,
    )
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "index.md").write_text(page, encoding="utf-8")
