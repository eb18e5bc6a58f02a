"""What each page template of ``templates/`` receives: the contract a region's edited templates rely on.

A project keeps its own copy of the templates, so a renamed variable would break an edited template
silently until it renders. Every variable a template is given is listed here with what it holds, and
``tests/test_template_contexts.py`` checks the list against what the render stage really passes (as
Datasette documents its template contexts).
"""

from __future__ import annotations

# Every page of a department-year receives these.
DEPARTMENT_YEAR: dict[str, str] = {
    "site": "data/site.yaml (readers.schema.Site): title, region, publisher, contact",
    "dy": "the department-year (model.DepartmentYear): year, slug, profile, the loaded files",
    "department": "its department.yaml (readers.schema.Department)",
    "f": "every figure the prose needs (derive.Figures); templates do no arithmetic",
    "chapters": "the chapters of the disclosure: (slug, title) pairs in the official order",
    "tables": "the 附表, in the profile's order (render.TablePage: number, title, views, empty, unit)",
    "files": "the CSV downloads of each 附表, by its stem (render.TablePage.stem, e.g. 02-income)",
    "table_links": "each 附表's link from the 附表 folder, by its number: 01-04.md#biao-02",
    "empty_statements": "the sentence an empty 附表 prints, by table key",
    "workbook_name": "the file name of the published workbook download",
    "bundle_name": "the file name of the department-year's JSON bundle",
    "full_text_name": "the file name of the whole disclosure as one printable document (pages.fulltext)",
    "history": "the 历年主要数据 table of this department (pages.tables.HtmlTable)",
    "evaluation_only": "True where the department-year publishes only its self-evaluation: its pages are "
    "given site, dy, department and this alone (and the 附件 pages' own), no 决算 figures or tables",
}

# The 附表 pages are written before the others (these link to where each table lands).
BEFORE_TABLE_LINKS = {key: text for key, text in DEPARTMENT_YEAR.items() if key != "table_links"}

# The 附件 pages (绩效自评) receive these besides.
EVALUATION: dict[str, str] = {
    "base": "the department-year's folder in the docs tree, e.g. 2023/qu-xian-shang-wu-ju",
    "name": "the department's name",
    "year": "the year evaluated",
    "scheme": "the grading scheme in words (evaluation.render.Scheme): bands and weights",
}

TEMPLATE_CONTEXTS: dict[str, dict[str, str]] = {
    "department.md.j2": DEPARTMENT_YEAR,
    "gaikuang.md.j2": DEPARTMENT_YEAR,
    "shuoming.md.j2": DEPARTMENT_YEAR,
    "sangong.md.j2": DEPARTMENT_YEAR,
    "mingci.md.j2": DEPARTMENT_YEAR,
    "fubiao.md.j2": DEPARTMENT_YEAR,
    "table.md.j2": {**BEFORE_TABLE_LINKS, "table": "the 附表 shown: a section of a page (render.TablePage)"},
    "fubiao_page.md.j2": {
        **BEFORE_TABLE_LINKS,
        "title": "the page's title: 附表一至四",
        "sections": "its tables' sections, each written by table.md.j2",
    },
    "yitu.md.j2": {
        **DEPARTMENT_YEAR,
        "cards": "the key-figure cards (pages.charts.Card)",
        "charts": "the charts, each with its caption and data table (pages.charts.Chart)",
    },
    "jixiao_index.md.j2": {
        **DEPARTMENT_YEAR,
        **EVALUATION,
        "department_page": "the 部门整体 self-evaluation page, or None (evaluation.render.Page)",
        "projects": "the 项目 self-evaluation pages (evaluation.render.Page)",
        "specials": "the 专项 self-evaluation reports (evaluation.render.Page)",
        "reports": "the reports without a form of their own (evaluation.render.ReportPage)",
        "summary": "counts and grades of the project self-evaluations (evaluation.render.Summary)",
        "links": "each self-evaluation's link by its old name: xiangmu-02 → xiangmu-01-05.md#xiangmu-02",
    },
    "jixiao_department.md.j2": {**DEPARTMENT_YEAR, **EVALUATION, "page": "the page (evaluation.render.Page)"},
    "jixiao_project.md.j2": {
        **DEPARTMENT_YEAR,
        **EVALUATION,
        "page": "the project, one section of a page (evaluation.render.Page)",
        "anchor": "the section's id: xiangmu-02",
    },
    "jixiao_projects.md.j2": {
        **DEPARTMENT_YEAR,
        **EVALUATION,
        "title": "which projects the page holds: 项目 1–5",
        "sections": "their sections, each written by jixiao_project.md.j2",
    },
    "jixiao_special.md.j2": {**DEPARTMENT_YEAR, **EVALUATION, "page": "the page (evaluation.render.Page)"},
    "jixiao_report.md.j2": {
        **DEPARTMENT_YEAR,
        **EVALUATION,
        "page": "the report: title, report (evaluation.render.ReportPage)",
    },
    "home.md.j2": {
        "site": "data/site.yaml (readers.schema.Site)",
        "directory": "per department (by slug), its department-years by year",
        "years": "the years published, newest first",
        "accounts_years": "the years in which some department publishes its 决算 (not only 绩效自评)",
        "intro": "content/index.md as Markdown, or empty",
        "key_figures_csv": "the address of the site-wide key-figures CSV",
    },
    "quanwen.html.j2": {
        **DEPARTMENT_YEAR,
        "sections": "the pages in the official order: (id, levels its headings went down, HTML)",
    },
    "year.md.j2": {
        "site": "data/site.yaml (readers.schema.Site)",
        "year": "the year",
        "table": "the year's comparison of departments (pages.tables.HtmlTable)",
        "csv": "the address of the year's key-figures CSV",
        "evaluation_only": "the year's department-years that publish only their self-evaluation",
    },
}
