"""The 校验结果 page of ``gongkai serve``: the check's findings beside the pages they concern.

Only the preview has it (``build.stage_for_serve`` takes it as ``report_page``): ``gongkai build``
never publishes it. Each finding links to the chapter, 附表 or 绩效自评 page of its department-year
that shows what it is about, when that page exists in the served docs.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from generator.evaluation.render import FOLDER as EVALUATION_FOLDER
from generator.model import DepartmentYear, Finding, Project, Severity, Source
from generator.render import CHAPTERS, make_environment
from generator.standard.tables import table_specs

PAGE = "jiaoyan.md"
TITLE = "校验结果"
SITE_WIDE = "全站"
# department.yaml keys → (chapter, anchor) of the text they feed; the longest matching key wins.
YAML_SECTIONS = {
    "reasons.items": ("shuoming", "yiban-gonggong-juti"),
    "reasons.total": ("shuoming", "zongti"),
    "reasons.fiscal_total": ("shuoming", "caizheng-bokuan"),
    "reasons.gpb": ("shuoming", "yiban-gonggong"),
    "reasons.operating_costs": ("shuoming", "jiguan-yunxing"),
    "reasons.fund": ("shuoming", "zhengfu-jijin"),
    "reasons.soe": ("shuoming", "guoyou-ziben"),
    "reasons.sangong_abroad": ("sangong", "chuguo"),
    "reasons.sangong_vehicle": ("sangong", "gongwu-yongche"),
    "reasons.sangong_reception": ("sangong", "gongwu-jiedai"),
    "reasons.sangong": ("sangong", "zongti"),
    "sangong.abroad": ("sangong", "chuguo"),
    "sangong.vehicles": ("sangong", "gongwu-yongche"),
    "sangong.reception": ("sangong", "gongwu-jiedai"),
    "descriptions": ("shuoming", "yiban-gonggong-juti"),
    "procurement": ("shuoming", "zhengfu-caigou"),
    "assets": ("shuoming", "guoyou-zichan"),
    "performance": ("shuoming", "jixiao-guanli"),
    "other_matters": ("shuoming", "qita-shixiang"),
    "prior_year": ("shuoming", "zongti"),
    "dates": ("index", ""),
    "duties": ("gaikuang", "zhize"),
    "organisation": ("gaikuang", "jigou"),
    "staff": ("gaikuang", "renyuan"),
    "glossary": ("mingci", ""),
}
CHAPTER_TITLES = {"index": "部门首页", **dict(CHAPTERS)}
PAGE_TEMPLATE = """\
# 校验结果 {: #jiaoyan }

!!! note "只在本地预览中显示"
    本页列出 gongkai check 对当前数据的检查结果（{{ checked }} 更新），保存报表、department.yaml
    或模板后自动重新检查。发布的网站（gongkai build）不含本页。

{% if errors %}
!!! failure "有 {{ errors }} 个错误"
    有错误时网站不会重新生成：预览中的其他页面仍是上一次成功生成的内容。请按下面的说明改正。
{% elif not groups %}
检查通过：未发现问题。
{% endif %}
{% for group, items in groups %}

## {{ group }}

{% for finding, link in items %}
{% set f = finding %}
- **{{ f.severity.value }}** · {{ f.rule }}：{{ f.message|inline }}。
  {%- if f.expected %}应为：{{ f.expected|inline }}。{% endif %}
  {%- if f.found %}实为：{{ f.found|inline }}。{% endif +%}

    位置：{{ location(f.source)|inline }}{% if link %} · 相关页面：[{{ link[0] }}]({{ link[1] }}){% endif +%}

{% endfor %}
{% endfor %}
"""
ORDER = {Severity.ERROR: 0, Severity.WARNING: 1, Severity.INFO: 2}


def _table_pages(dy: DepartmentYear) -> dict[str, tuple[str, str]]:
    """Sheet name → (附表 title, page) for the tables read from the department-year's workbook."""
    if dy.accounts is None:
        return {}
    key_of = {logical.id: key for key, spec in table_specs().items() for logical in spec.logical}
    pages = {}
    for table in dy.accounts.tables.values():
        key = key_of[table.id]
        if table.source.sheet is not None and key in dy.profile.tables:
            number = dy.profile.tables.index(key) + 1
            pages[table.source.sheet] = (f"附表 {table.title}", f"{dy.label}/fubiao/{number:02d}.md")
    return pages


def _link(dy: DepartmentYear | None, source: Source | None) -> tuple[str, str]:
    """(text, docs path with anchor) of the page a finding concerns."""
    if dy is None:
        return "首页", "index.md"
    index = ("部门首页", f"{dy.label}/index.md")
    if source is None:
        return index
    if source.sheet is not None:
        return _table_pages(dy).get(source.sheet, index)
    if "/evaluation/" in source.file:  # data/<year>/<dept>/evaluation/*.yaml
        return "绩效自评", f"{dy.label}/{EVALUATION_FOLDER}/index.md"
    key = source.key or ""
    matches = [prefix for prefix in YAML_SECTIONS if key == prefix or key.startswith(prefix)]
    if not matches:
        return index
    chapter, anchor = YAML_SECTIONS[max(matches, key=len)]
    return CHAPTER_TITLES[chapter], f"{dy.label}/{chapter}.md" + (f"#{anchor}" if anchor else "")


def write_findings_page(project: Project, findings: list[Finding], docs_dir: Path) -> dict[str, str]:
    """Write the 校验结果 page into ``docs_dir``; return its navigation entry."""
    by_label = {dy.label: dy for dy in project.department_years}
    groups: dict[str, list[tuple[Finding, tuple[str, str] | None]]] = {}
    for finding in sorted(findings, key=lambda f: (f.department is not None, ORDER[f.severity])):
        dy = by_label.get(finding.department) if finding.department else None
        text, target = _link(dy, finding.source)
        exists = (docs_dir / target.partition("#")[0]).is_file()
        group = (
            SITE_WIDE if dy is None else f"{dy.label}（{dy.department.name if dy.department else dy.slug}）"
        )
        groups.setdefault(group, []).append((finding, (text, target) if exists else None))
    env = make_environment(project.root / "templates")
    page = env.from_string(PAGE_TEMPLATE).render(
        checked=dt.datetime.now().strftime("%H:%M:%S"),
        errors=sum(1 for finding in findings if finding.severity is Severity.ERROR),
        groups=list(groups.items()),
        location=lambda source: source.describe() if source else "",
    )
    (docs_dir / PAGE).write_text(page, encoding="utf-8")
    return {TITLE: PAGE}
