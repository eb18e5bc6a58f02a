"""Render stage: fill the Jinja2 templates into plain Markdown files of a staging docs tree.

Each chapter of a department-year is one template under ``templates/``; the standard tables are
emitted as HTML tables inside the Markdown (real header cells, merged headers kept), because
pipe tables can carry neither multi-row headers nor ``scope`` (the tables: ``pages/tables.py``; the
environment, which escapes what departments typed: ``pages/environment.py``).
"""

from __future__ import annotations

import os
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from jinja2 import Environment
from markupsafe import Markup

from generator.derive import Figures, derive, history
from generator.evaluation.render import render_evaluations
from generator.model import DepartmentYear, Project
from generator.pages.charts import cards, department_charts, history_table
from generator.pages.downloads import (
    download_stem,
    sheet_names,
    write_bundle,
    write_key_figures,
    write_table_csv,
    write_workbook,
)
from generator.pages.environment import chinese_numeral, make_environment
from generator.pages.fulltext import write_full_text
from generator.pages.portal import write_year_page, year_nav
from generator.pages.sections import pack, write_moved
from generator.pages.tables import VIEWS, HtmlTable
from generator.parallel import Progress, batches, run_shared
from generator.standard.tables import table_specs

CHAPTERS = [
    ("gaikuang", "部门概况"),
    ("shuoming", "决算情况说明"),
    ("sangong", "“三公”经费"),
    ("mingci", "名词解释"),
]
TABLE_ANCHOR = "biao-"  # a table's section on its 附表 page: #biao-02
KEY_FIGURES_CSV = "downloads/key-figures.csv"  # all departments × years, linked from the home page
# 附表 note for a table without data: "<部门> <年> 年度没有…，故本表无数据。"
EMPTY_STATEMENTS = {
    "fund": "政府性基金预算财政拨款收入和支出",
    "soe_income_expenditure": "国有资本经营预算财政拨款收入和支出",
    "soe": "国有资本经营预算财政拨款支出",
    "sangong": "使用财政拨款安排的“三公”经费支出",
    "gpb_project": "一般公共预算财政拨款项目支出",
}


@dataclass(frozen=True)
class TablePage:
    number: int
    table_id: str
    title: str
    views: list[HtmlTable]
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
) -> tuple[list[dict[str, Any]], Figures | None]:
    """Write one department-year's chapters and downloads; return its navigation entries and figures
    (None for one that publishes only its self-evaluation: it has no 决算 figures)."""
    if dy.department is not None and dy.department.evaluation_only:
        return _render_evaluation_only(env, project, dy, docs_dir), None
    figures = derive(dy)
    accounts = dy.accounts
    assert accounts is not None
    base = f"{dy.year}/{dy.slug}"
    out = docs_dir / base
    downloads = out / "downloads"
    context: dict[str, Any] = {
        "site": project.site,
        "dy": dy,
        "department": dy.department,
        "f": figures,
        "chapters": CHAPTERS,
        "empty_statements": EMPTY_STATEMENTS,
        "evaluation_only": False,
    }
    bundle_name = f"{download_stem(dy.year, figures.name, '决算数据')}.json"
    write_bundle(downloads / bundle_name, dy, figures, accounts)
    pages = table_pages(dy)
    files = {
        page.number: {
            "csv": write_table_csv(downloads, dy.year, figures.name, page.title, page.views),
            "sheets": sheet_names(page.number, page.title, page.views),
        }
        for page in pages
    }
    # The department's own workbook is not published: it is written afresh from the tables read.
    workbook_name = f"{download_stem(dy.year, figures.name, '决算公开报表')}.xlsx"
    tables = [(page.number, page.title, page.views) for page in pages]
    write_workbook(downloads / workbook_name, dy.year, figures.name, tables)
    full_text_name = f"{download_stem(dy.year, figures.name, '决算公开全文')}.html"
    context.update(
        files=files, workbook_name=workbook_name, bundle_name=bundle_name, full_text_name=full_text_name
    )
    context.update(tables=pages, history=history_table(figures.name, history(dy)))
    # the 附表 pages first: where each table lands is what the other pages link to
    table_nav, context["table_links"] = _write_tables(env, context, pages, out / "fubiao", base)
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
    entries = [
        f"{base}/index.md",
        {"一图读懂": f"{base}/yitu.md"},
        *nav_chapters,
        *evaluation_nav,
        {"附表": table_nav},
    ]
    # last: the document joins the pages just written, in the order of their navigation
    write_full_text(env, context, out, entries, base, full_text_name)
    return [{figures.name: entries}], figures


def _render_evaluation_only(
    env: Environment, project: Project, dy: DepartmentYear, docs_dir: Path
) -> list[dict[str, Any]]:
    """A department-year that publishes only its self-evaluation: its index page, the 部门概况 when
    department.yaml describes the department, and the 绩效自评 pages; no 决算 chapter, 附表 or download."""
    department = dy.department
    assert department is not None
    base = dy.label
    out = docs_dir / base
    context: dict[str, Any] = {
        "site": project.site,
        "dy": dy,
        "department": department,
        "evaluation_only": True,
    }
    entries: list[Any] = []
    if department.described:
        _write(out / "gaikuang.md", env.get_template("gaikuang.md.j2").render(context))
        entries.append({"部门概况": f"{base}/gaikuang.md"})
    entries += render_evaluations(env, dy.evaluations, dy.grading, {**context, "base": base}, out)
    _write(out / "index.md", env.get_template("department.md.j2").render(context))
    return [{department.name: [f"{base}/index.md", *entries]}]


def _write_tables(
    env: Environment, context: dict[str, Any], tables: list[TablePage], folder: Path, base: str
) -> tuple[list[Any], dict[int, str]]:
    """Write the 附表 several to a page (``generator.pages.sections``); return their nav entries (the
    附表 index first) and each table's link from the folder (``01-04.md#biao-02``)."""
    template = env.get_template("table.md.j2")
    texts = {table.number: template.render(context, table=table) for table in tables}
    by_number = {table.number: table for table in tables}
    nav: list[Any] = [f"{base}/fubiao/index.md"]
    links = {}
    for page in pack({number: len(text.encode()) for number, text in texts.items()}):
        first, last = (chinese_numeral(n) for n in (page.numbers[0], page.numbers[-1]))
        title = f"附表{first}" if first == last else f"附表{first}至{last}"
        sections = [Markup(texts[number]) for number in page.numbers]
        _write(
            folder / f"{page.stem}.md",
            env.get_template("fubiao_page.md.j2").render(context, title=title, sections=sections),
        )
        nav.append({title: f"{base}/fubiao/{page.stem}.md"})
        links.update({number: f"{page.stem}.md#{TABLE_ANCHOR}{number:02d}" for number in page.numbers})
        # the moved address's title names the department-year, as every page's does
        named = f"{context['f'].name} {context['f'].year} 年度附表"
        titles = {n: f"{named}{chinese_numeral(n)}、{by_number[n].title}" for n in page.numbers}
        write_moved(folder, page, TABLE_ANCHOR, titles)
    return nav, links


def _render_batch(
    job: tuple[Environment, Project, Path], labels: list[str]
) -> list[tuple[list[Any], Figures | None]]:
    """Render some department-years of the project (in a worker process that inherited it).

    The environment is the parent's, inherited too: each worker compiles a template once, not once per
    batch.
    """
    env, project, docs_dir = job
    by_label = {dy.label: dy for dy in project.department_years}
    return [render_department_year(env, project, by_label[label], docs_dir) for label in labels]


# A department-year's rendered output kept between renders of a preview: the lineage of the files it
# was made from (DepartmentYear.lineage), its nav entries and its figures (None: only 绩效自评 published).
Rendered = tuple[str, list[Any], Figures | None]


def render_site(
    project: Project,
    docs_dir: Path,
    *,
    workers: int = 1,
    progress: Progress | None = None,
    known: dict[str, Rendered] | None = None,
    previous: Path | None = None,
    link_kept: bool = True,
) -> list[Any]:
    """Write every department-year and the portal pages into ``docs_dir``; return the MkDocs nav.

    The department-years are rendered ``workers`` at a time; the portal pages (year pages, home page,
    key-figures CSV) then from what they returned. With ``known`` and ``previous`` (the docs folder of
    the last render, whose output ``known`` describes) a department-year whose lineage is unchanged is
    linked from ``previous`` instead of being rendered again; without ``link_kept``, it is left in
    ``previous`` alone (the preview keeps its docs there, and takes from ``docs_dir`` what changed).
    """
    env = make_environment(project.root / "templates")
    ordered = sorted(project.department_years, key=lambda dy: (-dy.year, dy.slug))
    memo = known if known is not None else {}
    todo = []
    for dy in ordered:
        kept = previous / dy.label if previous is not None else None
        if kept is not None and kept.is_dir() and memo.get(dy.label, ("",))[0] == dy.lineage:
            if link_kept:  # hard links: nothing copied; into a folder content/ may already have made
                shutil.copytree(kept, docs_dir / dy.label, copy_function=os.link, dirs_exist_ok=True)
        else:
            todo.append(dy)
    labels = batches([dy.label for dy in todo], workers)
    done = run_shared(
        _render_batch, (env, project, docs_dir), labels, workers=workers, stage="生成页面", progress=progress
    )
    for dy, (dy_nav, figures) in zip(todo, (result for batch in done for result in batch), strict=True):
        memo[dy.label] = (dy.lineage, dy_nav, figures)
    years: dict[int, list[tuple[DepartmentYear, list[Any], Figures | None]]] = {}
    for dy in ordered:
        _, dy_nav, figures = memo[dy.label]
        years.setdefault(dy.year, []).append((dy, dy_nav, figures))
    nav: list[Any] = [{"首页": "index.md"}]
    key_figures: list[tuple[DepartmentYear, Figures]] = []
    for year, entries in years.items():  # latest first, departments by folder name
        # the year's comparison and the CSVs are of 决算 figures: a department publishing only its
        # self-evaluation is listed beside them, not counted among them
        year_figures = [(dy, figures) for dy, _, figures in entries if figures is not None]
        evaluation_only = [dy for dy, _, figures in entries if figures is None]
        write_year_page(env, project, year, year_figures, evaluation_only, docs_dir)
        key_figures.extend(year_figures)
        nav.append({f"{year} 年度": year_nav(year, [(dy, dy_nav) for dy, dy_nav, _ in entries])})
    # The directory: a row per department (its latest name), a column per year, so that the home page
    # grows with the departments rather than with departments × years.
    directory: dict[str, dict[int, DepartmentYear]] = {}
    for dy in ordered:
        directory.setdefault(dy.slug, {})[dy.year] = dy
    if key_figures:  # none where no 决算 is published: the home page then links no CSV
        write_key_figures(docs_dir / KEY_FIGURES_CSV, key_figures)
    # The home page is generated; a hand-written content/index.md becomes its introduction.
    intro_file = project.root / "content" / "index.md"
    intro = Markup(intro_file.read_text(encoding="utf-8")) if intro_file.is_file() else ""
    home = env.get_template("home.md.j2").render(
        site=project.site,
        directory=[directory[slug] for slug in sorted(directory)],
        years=list(years),
        accounts_years=sorted({dy.year for dy, _ in key_figures}, reverse=True),
        intro=intro,
        key_figures_csv=KEY_FIGURES_CSV,
    )
    _write(docs_dir / "index.md", home)
    return nav
