"""The 校验结果 page of ``gongkai serve``: the current findings, each linked to the page it concerns, in the
served docs only — never in ``gongkai build``'s site."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest
import yaml
from check_support import DEPARTMENT, SLUG, YEAR, base_data, change, write_project

from generator.build import BuildRefused, build_site
from generator.load import load_project
from generator.model import Finding, Severity, Source
from generator.serve import (
    PAGE,
    STAFF_FOLDER,
    STAFF_TITLE,
    YAML_SECTIONS,
    _link,
    stage_for_serve,
    write_findings_page,
)

LABEL = f"{YEAR}/{SLUG}"
LINK = re.compile(r"\[([^\]]+)\]\(([^)#]+)(#[^)]*)?\)")


@pytest.fixture
def project(tmp_path: Path, make_project: Callable[[Path], Path]) -> Path:
    """A real project (the sample's tables under a neutral department.yaml) that checks without errors."""
    root = make_project(tmp_path / "project")
    return write_project(root)


def staged(root: Path) -> tuple[Path, list[Finding]]:
    staging = root / ".gongkai" / "serve"
    return staging, stage_for_serve(root, staging, write_findings_page)


def test_the_served_docs_have_the_page_second_in_the_nav(project: Path) -> None:
    staging, findings = staged(project)
    config = yaml.safe_load((staging / "mkdocs.yml").read_text(encoding="utf-8"))
    assert config["nav"][1] == {"校验结果": PAGE}
    page = (staging / "docs" / PAGE).read_text(encoding="utf-8")
    assert page.startswith("# 校验结果 {: #jiaoyan }\n")
    assert "发布的网站（gongkai build）不含本页" in page
    for finding in findings:  # the seed's 0.01 roundings, as 提示
        assert finding.severity is Severity.INFO
        assert f"**提示** · {finding.rule}：" in page
    links = LINK.findall(page)
    assert links, page
    for _, target, _ in links:
        assert (staging / "docs" / target).is_file(), target


def test_a_department_with_errors_is_left_out_and_its_errors_listed(project: Path) -> None:
    staging, _ = staged(project)
    assert (staging / "docs" / LABEL / "sangong.md").is_file()
    path = project / "data" / str(YEAR) / SLUG / "department.yaml"
    path.write_text(DEPARTMENT.replace("      batches: 75\n", ""), encoding="utf-8")
    _, findings = staged(project)
    assert [f.rule for f in findings if f.severity is Severity.ERROR] == ["Y-1"]
    assert not (staging / "docs" / LABEL).exists()  # no half-checked pages in the preview
    page = (staging / "docs" / PAGE).read_text(encoding="utf-8")
    assert '!!! failure "有 1 个错误"' in page
    assert "**错误** · Y-1：国内公务接待费为 9.00 万元" in page
    assert "相关页面" not in page.split("Y-1")[1].split("\n- ")[0]  # its pages are not there to link to
    path.write_text(DEPARTMENT, encoding="utf-8")
    staged(project)
    assert (staging / "docs" / LABEL / "sangong.md").is_file()
    assert "有 1 个错误" not in (staging / "docs" / PAGE).read_text(encoding="utf-8")


def test_errors_of_the_whole_site_refuse_but_still_update_the_page(project: Path) -> None:
    staging, _ = staged(project)
    before = {p: p.read_bytes() for p in (staging / "docs").rglob("*.md") if p.name != PAGE}
    (project / "data" / "site.yaml").write_text("title: 测试\n", encoding="utf-8")
    with pytest.raises(BuildRefused):
        stage_for_serve(project, staging, write_findings_page)
    page = (staging / "docs" / PAGE).read_text(encoding="utf-8")
    assert "## 全站" in page and "region" in page
    assert {p: p.read_bytes() for p in (staging / "docs").rglob("*.md") if p.name != PAGE} == before


def test_without_the_page_errors_refuse_as_before(project: Path) -> None:
    path = project / "data" / str(YEAR) / SLUG / "department.yaml"
    path.write_text(DEPARTMENT.replace("      batches: 75\n", ""), encoding="utf-8")
    with pytest.raises(BuildRefused):
        stage_for_serve(project, project / ".gongkai" / "serve")


def test_the_staff_pages_are_in_the_preview_only(project: Path) -> None:
    """操作指南 and 检查规则一览 are for the staff who preview, not for citizens."""
    staging, _ = staged(project)
    config = yaml.safe_load((staging / "mkdocs.yml").read_text(encoding="utf-8"))
    assert config["nav"][-1] == {STAFF_TITLE: [f"{STAFF_FOLDER}/guide.md", f"{STAFF_FOLDER}/checks.md"]}
    guide = (staging / "docs" / STAFF_FOLDER / "guide.md").read_text(encoding="utf-8")
    for image in re.findall(r"!\[[^\]]+\]\(([^)]+)\)", guide):
        assert (staging / "docs" / STAFF_FOLDER / image).is_file(), image
    site = build_site(project).site_dir
    assert not (site / STAFF_FOLDER).exists()
    assert not (site / "help" / "guide").exists() and not (site / "help" / "checks").exists()


def test_the_published_site_has_no_findings_page(project: Path) -> None:
    stage_for_serve(project, project / ".gongkai" / "serve", write_findings_page)
    site = build_site(project).site_dir
    assert not (site / "jiaoyan").exists()
    assert "校验结果" not in (site / "index.html").read_text(encoding="utf-8")


def test_workbook_findings_link_their_table_page(tmp_path: Path) -> None:
    data = base_data()
    change(data, "expenditure", "2011301", "basic", "500.00")
    project = load_project(write_project(tmp_path, data))
    (dy,) = project.department_years
    assert _link(dy, Source("x.xlsx", "公开03表", "D8")) == ("附表 支出决算表", f"{LABEL}/fubiao/03.md")
    assert _link(dy, Source("x.xlsx", "不存在的表")) == ("部门首页", f"{LABEL}/index.md")
    where = Source("department.yaml", key="reasons.items.2011301", line=3)
    assert _link(dy, where) == ("决算情况说明", f"{LABEL}/shuoming.md#yiban-gonggong-juti")
    assert _link(dy, Source("department.yaml", key="reasons.sangong_budget"))[1].endswith("sangong.md#zongti")
    assert _link(None, Source("data/site.yaml", key="title")) == ("首页", "index.md")


def test_every_anchor_is_a_heading_of_its_chapter() -> None:
    templates = Path(__file__).resolve().parent.parent / "templates"
    for chapter, anchor in YAML_SECTIONS.values():
        assert (templates / f"{'department' if chapter == 'index' else chapter}.md.j2").is_file(), chapter
        if anchor:
            text = (templates / f"{chapter}.md.j2").read_text(encoding="utf-8")
            assert f"{{: #{anchor} }}" in text, (chapter, anchor)
