"""Render stage: fill the Jinja2 templates into plain Markdown files of a staging docs tree.

Each chapter of a department-year is one template under ``templates/``; the standard tables are
emitted as HTML tables inside the Markdown (real header cells, merged headers kept), because
pipe tables can carry neither multi-row headers nor ``scope``. Text a department typed into its
YAML is escaped for HTML and Markdown: a ``<script>`` in a reason shows as text.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import shutil
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape
from markupsafe import Markup, escape

from generator.derive import Figures, derive, history
from generator.evaluation.render import render_evaluations
from generator.model import DepartmentYear, Project, Row, Table
from generator.numbers import Change, money, money_grouped, percent
from generator.pages.charts import cards, department_charts, history_table
from generator.pages.downloads import write_bundle, write_key_figures, write_table_files
from generator.pages.portal import write_year_page, year_nav
from generator.parallel import Progress, batches, run_shared
from generator.standard.tables import table_specs

CHAPTERS = [
    ("gaikuang", "部门概况"),
    ("shuoming", "决算情况说明"),
    ("sangong", "“三公”经费"),
    ("mingci", "名词解释"),
]
CHINESE_NUMERALS = "一二三四五六七八九十"
KEY_FIGURES_CSV = "downloads/key-figures.csv"  # all departments × years, linked from the home page
# Characters that start Markdown inline markup; YAML prose must not turn into emphasis or links.
MARKDOWN_SPECIALS = re.compile(r"([\\`*_\[\]#|])")
# 附表 note for a table without data: "<部门> <年> 年度没有…，故本表无数据。"
EMPTY_STATEMENTS = {
    "fund": "政府性基金预算财政拨款收入和支出",
    "soe_income_expenditure": "国有资本经营预算财政拨款收入和支出",
    "soe": "国有资本经营预算财政拨款支出",
    "sangong": "使用财政拨款安排的“三公”经费支出",
    "gpb_project": "一般公共预算财政拨款项目支出",
}


def chinese_numeral(number: int) -> str:
    """1 → 一, 10 → 十, 13 → 十三, 20 → 二十 (enough for chapter and table numbers)."""
    tens, units = divmod(number, 10)
    head = "" if tens == 0 else ("十" if tens == 1 else CHINESE_NUMERALS[tens - 1] + "十")
    return head + (CHINESE_NUMERALS[units - 1] if units else "")


def _join_lines(text: str) -> str:
    """One line from a wrapped paragraph: Chinese lines join without a space, Latin words with one."""
    lines = [line.strip() for line in str(text).splitlines() if line.strip()]
    joined = lines[0] if lines else ""
    for line in lines[1:]:
        ascii_seam = joined[-1].isascii() and line[0].isascii()
        joined += (" " if ascii_seam else "") + line
    return joined


def _markdown_safe(text: str) -> str:
    return MARKDOWN_SPECIALS.sub(r"\\\1", str(escape(text)))


def _prose(text: str) -> Markup:
    """YAML text as Markdown paragraphs: HTML-escaped, Markdown specials neutralised."""
    paragraphs = [p for p in re.split(r"\n\s*\n", str(text).strip()) if p.strip()]
    return Markup("\n\n".join(_markdown_safe(_join_lines(p)) for p in paragraphs))


def _inline(text: str) -> Markup:
    """YAML text inside a sentence: one line, escaped, no trailing 。 (the template adds it)."""
    return Markup(_markdown_safe(_join_lines(text))).rstrip("。")


def _money(value: Decimal | None) -> str:
    return "" if value is None else money(value)


def _percent(value: Decimal | None) -> str:
    return "" if value is None else percent(value)


def _change_text(change: Change | None) -> str:
    return "" if change is None else change.text


def _because(reason: str) -> Markup:
    """主要变动原因是…; a reason already enumerated (一是……二是……) follows 主要原因 directly."""
    text = _inline(reason)
    return Markup("主要原因") + text if text.startswith("一是") else Markup("主要变动原因是") + text


def _chinese_date(value: dt.date) -> str:
    return f"{value.year} 年 {value.month} 月 {value.day} 日"


def make_environment(templates_dir: Path) -> Environment:
    env = Environment(
        loader=FileSystemLoader(templates_dir),
        autoescape=select_autoescape(enabled_extensions=("j2",), default_for_string=True),
        undefined=StrictUndefined,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters.update(
        money=_money,
        money_table=money_grouped,
        pct=_percent,
        change=_change_text,
        prose=_prose,
        inline=_inline,
        cn=chinese_numeral,
        because=_because,
        cndate=_chinese_date,
    )
    return env


# ---------------------------------------------------------------- tables as HTML structures


@dataclass(frozen=True)
class Cell:
    text: str
    header: bool = False
    colspan: int = 1
    rowspan: int = 1
    scope: str | None = None
    css: str = ""
    value: Decimal | None = None  # an amount cell's number, for the downloads


@dataclass(frozen=True)
class TableView:
    key: str  # the logical table's id, e.g. summary.income
    caption: str
    head: list[list[Cell]]
    body: list[list[Cell]]


@dataclass(frozen=True)
class HeaderSpan:
    """One merged header cell: its text, its header row and first column, and how far it reaches."""

    text: str
    level: int
    column: int
    columns: int
    rows: int


def header_spans(paths: list[list[str]]) -> list[HeaderSpan]:
    """Merged header cells from column header paths (``本年支出/基本支出`` → two levels).

    Equal leading texts of adjacent columns merge across; a path's last text reaches down to the bottom
    header row. The published tables and the blank workbook share it, so that their headers agree.
    """
    depth = max([len(p) for p in paths] + [1])
    spans = []
    for level in range(depth):
        index = 0
        while index < len(paths):
            path = paths[index]
            if len(path) <= level:
                index += 1
                continue
            span = 1
            if len(path) > level + 1:
                while (
                    index + span < len(paths)
                    and len(paths[index + span]) > level + 1
                    and paths[index + span][: level + 1] == path[: level + 1]
                ):
                    span += 1
            rows = depth - level if len(path) == level + 1 else 1
            spans.append(HeaderSpan(path[level], level, index, span, rows))
            index += span
    return spans


def _header_rows(label_cells: list[str], paths: list[list[str]]) -> list[list[Cell]]:
    """The HTML header rows: the label columns spanning them all, then the merged amount headers."""
    depth = max([len(p) for p in paths] + [1])
    rows: list[list[Cell]] = [[] for _ in range(depth)]
    rows[0] = [Cell(text, header=True, rowspan=depth, scope="col") for text in label_cells]
    for cell in header_spans(paths):
        scope = "colgroup" if cell.columns > 1 else "col"
        rows[cell.level].append(
            Cell(cell.text, header=True, colspan=cell.columns, rowspan=cell.rows, scope=scope)
        )
    return rows


def _amount_cells(row: Row | None, keys: list[str]) -> list[Cell]:
    cells = []
    for key in keys:
        amount = row.amount(key) if row else None
        cells.append(
            Cell(money_grouped(amount.value), css="num", value=amount.value)
            if amount
            else Cell("", css="num")
        )
    return cells


def _amount_columns(table: Table) -> tuple[list[str], list[list[str]]]:
    keys = [column.key for column in table.columns]
    paths = [[part for part in column.label.split("/") if part] for column in table.columns]
    return keys, paths


def coded_view(table: Table, caption: str) -> TableView:
    keys, paths = _amount_columns(table)
    head = _header_rows(["科目编码", "科目名称"], paths)
    body = []
    if table.total is not None:
        body.append([Cell("合计", header=True, colspan=2, scope="row"), *_amount_cells(table.total, keys)])
    for row in table.rows:
        body.append(
            [
                Cell(row.code or ""),
                Cell(row.name, header=True, scope="row", css=f"level-{row.level or 1}"),
                *_amount_cells(row, keys),
            ]
        )
    if table.total is None and not table.rows:
        body.append([Cell("合计", header=True, colspan=2, scope="row"), *_amount_cells(None, keys)])
    return TableView(table.id, caption, head, body)


def labelled_view(table: Table, caption: str) -> TableView:
    keys, paths = _amount_columns(table)
    head = _header_rows(["项目"], paths)
    body = [[Cell(row.name, header=True, scope="row"), *_amount_cells(row, keys)] for row in table.rows]
    return TableView(table.id, caption, head, body)


def economic_view(table: Table, caption: str) -> TableView:
    head = [
        [
            Cell("科目编码", True, scope="col"),
            Cell("科目名称", True, scope="col"),
            Cell("决算数", True, scope="col"),
        ]
    ]
    body = [
        [
            Cell(row.code or ""),
            Cell(row.name, header=True, scope="row", css=f"level-{row.level or 1}"),
            *_amount_cells(row, ["amount"]),
        ]
        for row in table.rows
    ]
    total_label = table.total.name if table.total else "合计"
    body.append(
        [Cell(total_label, header=True, colspan=2, scope="row"), *_amount_cells(table.total, ["amount"])]
    )
    return TableView(table.id, caption, head, body)


SANGONG_ROWS = [
    ("total", "合计"),
    ("abroad", "因公出国（境）费"),
    ("vehicle", "公务用车购置及运行维护费"),
    ("vehicle_purchase", "其中：公务用车购置费"),
    ("vehicle_operation", "其中：公务用车运行维护费"),
    ("reception", "公务接待费"),
]


def sangong_view(table: Table, caption: str) -> TableView:
    """The one-row 三公 table on its side: items as rows, 预算数 and 决算数 as columns."""
    row = table.rows[0] if table.rows else None
    head = [
        [
            Cell("项目", True, scope="col"),
            Cell("预算数", True, scope="col"),
            Cell("决算数", True, scope="col"),
        ]
    ]
    body = [
        [Cell(label, header=True, scope="row"), *_amount_cells(row, [f"budget_{key}", f"final_{key}"])]
        for key, label in SANGONG_ROWS
    ]
    return TableView(table.id, caption, head, body)


VIEWS = {"coded": coded_view, "summary": labelled_view, "economic": economic_view, "single": sangong_view}


@dataclass(frozen=True)
class TablePage:
    number: int
    table_id: str
    title: str
    views: list[TableView]
    empty: bool
    unit: str

    @property
    def stem(self) -> str:
        """The name of its download files: ``02-income``."""
        return f"{self.number:02d}-{self.table_id}"


def table_pages(dy: DepartmentYear) -> list[TablePage]:
    specs = table_specs()
    accounts = dy.accounts
    assert accounts is not None
    pages = []
    for number, table_id in enumerate(dy.profile.tables, start=1):
        spec = specs[table_id]
        title = dy.profile.titles.get(table_id, spec.title)
        view = VIEWS[spec.layout]
        views = []
        empty = True
        unit = "万元"
        for logical in spec.logical:
            table = accounts.get(logical.id)
            if table is None:
                continue
            unit = table.unit
            empty = empty and table.is_empty
            caption = f"{title}：{logical.caption}" if logical.caption else title
            views.append(view(table, caption))
        pages.append(TablePage(number, table_id, title, views, empty, unit))
    return pages


# ---------------------------------------------------------------- writing the tree


def _write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def render_department_year(
    env: Environment, project: Project, dy: DepartmentYear, docs_dir: Path
) -> tuple[list[dict[str, Any]], Figures]:
    """Write one department-year's chapters and downloads; return its navigation entries and figures."""
    figures = derive(dy)
    accounts = dy.accounts
    assert accounts is not None
    base = f"{dy.year}/{dy.slug}"
    out = docs_dir / base
    downloads = out / "downloads"
    context = {
        "site": project.site,
        "dy": dy,
        "department": dy.department,
        "f": figures,
        "chapters": CHAPTERS,
        "empty_statements": EMPTY_STATEMENTS,
    }
    workbook_name = None
    if dy.workbook is not None:
        workbook_name = f"{dy.year}-{dy.slug}-决算公开报表{dy.workbook.suffix.lower()}"
        downloads.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(dy.workbook, downloads / workbook_name)
    bundle_name = f"{dy.year}-{dy.slug}.json"
    write_bundle(downloads / bundle_name, dy, figures, accounts)
    pages = table_pages(dy)
    files = {
        page.number: write_table_files(
            downloads, f"{page.number:02d}-{page.table_id}", page.title, page.views
        )
        for page in pages
    }
    context.update(tables=pages, files=files, workbook_name=workbook_name, bundle_name=bundle_name)
    context.update(history=history_table(figures.name, history(dy)))
    _write(out / "index.md", env.get_template("department.md.j2").render(context))
    yitu = env.get_template("yitu.md.j2").render(
        context, cards=cards(figures), charts=department_charts(figures)
    )
    _write(out / "yitu.md", yitu)
    nav_chapters: list[dict[str, Any]] = []
    for slug, title in CHAPTERS:
        _write(out / f"{slug}.md", env.get_template(f"{slug}.md.j2").render(context))
        nav_chapters.append({title: f"{base}/{slug}.md"})
    evaluation_nav = render_evaluations(env, dy.evaluations, dy.grading, {**context, "base": base}, out)
    _write(out / "fubiao" / "index.md", env.get_template("fubiao.md.j2").render(context))
    table_nav: list[Any] = [f"{base}/fubiao/index.md"]
    for page in pages:
        _write(
            out / "fubiao" / f"{page.number:02d}.md",
            env.get_template("table.md.j2").render(context, page=page),
        )
        table_nav.append({page.title: f"{base}/fubiao/{page.number:02d}.md"})
    return [
        {
            figures.name: [
                f"{base}/index.md",
                {"一图读懂": f"{base}/yitu.md"},
                *nav_chapters,
                *evaluation_nav,
                {"附表": table_nav},
            ]
        }
    ], figures


def _render_batch(
    job: tuple[Environment, Project, Path], labels: list[str]
) -> list[tuple[list[Any], Figures]]:
    """Render some department-years of the project (in a worker process that inherited it).

    The environment is the parent's, inherited too: each worker compiles a template once, not once per
    batch.
    """
    env, project, docs_dir = job
    by_label = {dy.label: dy for dy in project.department_years}
    return [render_department_year(env, project, by_label[label], docs_dir) for label in labels]


# A department-year's rendered output kept between renders of a preview: the lineage of the files it
# was made from (DepartmentYear.lineage), its nav entries and its figures.
Rendered = tuple[str, list[Any], Figures]


def render_site(
    project: Project,
    docs_dir: Path,
    *,
    workers: int = 1,
    progress: Progress | None = None,
    known: dict[str, Rendered] | None = None,
    previous: Path | None = None,
) -> list[Any]:
    """Write every department-year and the portal pages into ``docs_dir``; return the MkDocs nav.

    The department-years are rendered ``workers`` at a time; the portal pages (year pages, home page,
    key-figures CSV) then from what they returned. With ``known`` and ``previous`` (the docs folder of
    the last render, whose output ``known`` describes) a department-year whose lineage is unchanged is
    linked from ``previous`` instead of being rendered again.
    """
    env = make_environment(project.root / "templates")
    ordered = sorted(project.department_years, key=lambda dy: (-dy.year, dy.slug))
    memo = known if known is not None else {}
    todo = []
    for dy in ordered:
        kept = previous / dy.label if previous is not None else None
        if kept is not None and kept.is_dir() and memo.get(dy.label, ("",))[0] == dy.lineage:
            shutil.copytree(kept, docs_dir / dy.label, copy_function=os.link)  # hard links: nothing copied
        else:
            todo.append(dy)
    labels = batches([dy.label for dy in todo], workers)
    done = run_shared(
        _render_batch, (env, project, docs_dir), labels, workers=workers, stage="生成页面", progress=progress
    )
    for dy, (dy_nav, figures) in zip(todo, (result for batch in done for result in batch), strict=True):
        memo[dy.label] = (dy.lineage, dy_nav, figures)
    years: dict[int, list[tuple[DepartmentYear, list[Any], Figures]]] = {}
    for dy in ordered:
        _, dy_nav, figures = memo[dy.label]
        years.setdefault(dy.year, []).append((dy, dy_nav, figures))
    nav: list[Any] = [{"首页": "index.md"}]
    key_figures: list[tuple[DepartmentYear, Figures]] = []
    for year, entries in years.items():  # latest first, departments by folder name
        year_figures = [(dy, figures) for dy, _, figures in entries]
        write_year_page(env, project, year, year_figures, docs_dir)
        key_figures.extend(year_figures)
        nav.append({f"{year} 年度": year_nav(year, [(dy, dy_nav) for dy, dy_nav, _ in entries])})
    # The directory: a row per department (its latest name), a column per year, so that the home page
    # grows with the departments rather than with departments × years.
    directory: dict[str, dict[int, DepartmentYear]] = {}
    for dy, _ in key_figures:
        directory.setdefault(dy.slug, {})[dy.year] = dy
    write_key_figures(docs_dir / KEY_FIGURES_CSV, key_figures)
    # The home page is generated; a hand-written content/index.md becomes its introduction.
    intro_file = project.root / "content" / "index.md"
    intro = Markup(intro_file.read_text(encoding="utf-8")) if intro_file.is_file() else ""
    home = env.get_template("home.md.j2").render(
        site=project.site,
        directory=[directory[slug] for slug in sorted(directory)],
        years=list(years),
        intro=intro,
        key_figures_csv=KEY_FIGURES_CSV,
    )
    _write(docs_dir / "index.md", home)
    return nav
