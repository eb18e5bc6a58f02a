"""The load stage over a data/ tree: folder names, missing and ambiguous files, prior years, profiles."""

from __future__ import annotations

import shutil
from pathlib import Path

from check_support import DEPARTMENT, SITE, SLUG, YEAR, write_project, yaml_with

from generator.load import load_project
from generator.model import Finding, Severity


def errors(root: Path) -> list[Finding]:
    return [f for f in load_project(root).all_findings() if f.severity is Severity.ERROR]


def only(findings: list[Finding], rule: str) -> Finding:
    matching = [f for f in findings if f.rule == rule]
    assert len(matching) == 1, [f"{f.rule} {f.message}" for f in findings]
    return matching[0]


def test_a_complete_project_loads_without_errors(tmp_path: Path) -> None:
    project = load_project(write_project(tmp_path))
    assert errors(tmp_path) == []
    [dy] = project.department_years
    assert (dy.year, dy.slug, dy.label) == (YEAR, SLUG, f"{YEAR}/{SLUG}")
    assert dy.accounts is not None and dy.department is not None and dy.profile.key == "sichuan"


def test_a_year_folder_must_be_a_year(tmp_path: Path) -> None:
    write_project(tmp_path)
    (tmp_path / "data" / "二〇二三").mkdir()
    finding = only(errors(tmp_path), "load.year-folder")
    assert finding.source is not None and finding.source.file == "data/二〇二三"
    assert "四位年份" in finding.message


def test_a_department_folder_must_be_a_slug(tmp_path: Path) -> None:
    write_project(tmp_path)
    shutil.copytree(tmp_path / "data" / str(YEAR) / SLUG, tmp_path / "data" / str(YEAR) / "渠县 商务局")
    finding = only(errors(tmp_path), "load.department-folder")
    assert finding.source is not None and finding.source.file == f"data/{YEAR}/渠县 商务局"
    assert "小写英文字母" in finding.message


def test_examples_and_hidden_files_beside_the_years_are_not_data(tmp_path: Path) -> None:
    write_project(tmp_path)
    (tmp_path / "data" / "department.example.yaml").write_text(DEPARTMENT, encoding="utf-8")
    (tmp_path / "data" / "evaluation.example").mkdir()
    (tmp_path / "data" / ".DS_Store").write_text("", encoding="utf-8")
    assert errors(tmp_path) == []


def test_missing_department_yaml_and_workbook_are_each_reported(tmp_path: Path) -> None:
    (tmp_path / "data" / str(YEAR) / SLUG).mkdir(parents=True)
    write_project(tmp_path / "other")  # a valid site.yaml to copy
    shutil.copy(tmp_path / "other" / "data" / "site.yaml", tmp_path / "data" / "site.yaml")
    found = errors(tmp_path)
    assert only(found, "load.department-yaml-missing").department == f"{YEAR}/{SLUG}"
    assert only(found, "load.workbook-missing").source.file == f"data/{YEAR}/{SLUG}"  # type: ignore[union-attr]


def test_two_workbooks_are_ambiguous_and_excel_lock_files_are_ignored(tmp_path: Path) -> None:
    folder = write_project(tmp_path) / "data" / str(YEAR) / SLUG
    (folder / "~$决算公开报表.xlsx").write_bytes(b"lock")  # Excel's lock file while the workbook is open
    assert errors(tmp_path) == []
    shutil.copy(folder / "决算公开报表.xlsx", folder / "决算公开报表（修改）.xlsx")
    assert "决算公开报表（修改）.xlsx" in only(errors(tmp_path), "load.workbook-ambiguous").message


def test_missing_site_yaml_and_data_folder(tmp_path: Path) -> None:
    found = errors(tmp_path)
    assert {f.rule for f in found} == {"load.site-yaml-missing", "load.data-missing"}


def test_without_department_years_the_content_pages_are_published_alone(tmp_path: Path) -> None:
    """A finance bureau may publish its reports before any department's 决算: a note, not an error;
    with no content/ page either (the home page's introduction is none), nothing would be published."""
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "site.yaml").write_text(SITE.format(profile="mof"), encoding="utf-8")
    (tmp_path / "content").mkdir()
    (tmp_path / "content" / "index.md").write_text("本网站公开财政部门的报告。\n", encoding="utf-8")
    assert "content/ 下也没有页面" in only(errors(tmp_path), "load.nothing-to-publish").message
    (tmp_path / "content" / "baogao.md").write_text("# 预算绩效管理工作情况说明\n", encoding="utf-8")
    [note] = load_project(tmp_path).all_findings()
    assert (note.severity, note.rule) == (Severity.INFO, "load.no-department-years")
    assert "只发布 content/ 下的 1 个页面" in note.message


def test_the_prior_year_folder_is_linked(tmp_path: Path) -> None:
    write_project(tmp_path)
    shutil.copytree(tmp_path / "data" / str(YEAR) / SLUG, tmp_path / "data" / str(YEAR - 1) / SLUG)
    project = load_project(tmp_path)
    current = next(dy for dy in project.department_years if dy.year == YEAR)
    assert current.prior is not None and current.prior.year == YEAR - 1


def test_a_department_may_publish_under_another_profile(tmp_path: Path) -> None:
    write_project(tmp_path, department=DEPARTMENT + "profile: mof\ngrading: hunan\n", table_set="mof9")
    [dy] = load_project(tmp_path).department_years
    assert dy.profile.key == "mof" and dy.grading.name
    assert errors(tmp_path) == []


def test_an_unknown_profile_names_the_available_ones(tmp_path: Path) -> None:
    write_project(tmp_path, department=yaml_with(DEPARTMENT, "kind: 行政", "kind: 行政\nprofile: hubei"))
    finding = only(errors(tmp_path), "yaml.unknown-profile")
    assert finding.source is not None and finding.source.line == 3 and "sichuan" in finding.message
