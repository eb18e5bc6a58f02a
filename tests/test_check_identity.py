"""Whose workbook is it (W-1 … W-3): its printed year and 编制单位 against the folder, and last year's."""

from __future__ import annotations

import shutil
from pathlib import Path

from check_support import DEPARTMENT, SLUG, YEAR, base_data, check, write_project
from factory import write_workbook

from generator.model import Severity
from generator.tools.changes import diff_department_year, diff_json, diff_summary

WORKBOOK = Path("data") / str(YEAR) / SLUG / "决算公开报表.xlsx"


def rewrite(root: Path, **printed: object) -> None:
    """The project's workbook written again with another year or 编制单位 printed on it."""
    options = {"department": "测试局", "year": YEAR, **printed}
    write_workbook(root / WORKBOOK, base_data(), table_set="sichuan13", **options)  # type: ignore[arg-type]


def test_clean_workbook_has_no_identity_finding(tmp_path: Path) -> None:
    checked = check(write_project(tmp_path))
    assert not [f for f in checked.findings if f.rule.startswith("W-")]


def test_last_years_workbook_in_this_years_folder(tmp_path: Path) -> None:
    write_project(tmp_path)
    rewrite(tmp_path, year=YEAR - 1)
    (finding,) = check(tmp_path).errors("W-1")
    assert finding.source is not None and finding.source.sheet == "公开01表"
    assert f"{YEAR - 1} 年度" in finding.message and f"data/{YEAR}/{SLUG}/" in finding.message
    assert (finding.expected, finding.found) == (f"{YEAR}年度", f"{YEAR - 1}年度")


def test_another_departments_workbook(tmp_path: Path) -> None:
    write_project(tmp_path)
    rewrite(tmp_path, department="达州市某局")
    (finding,) = check(tmp_path).errors("W-2")
    assert finding.source is not None and finding.source.cell == "A2"
    assert "达州市某局" in finding.message and "测试局" in finding.message
    assert "department.yaml" in finding.message and "第 1 行" in finding.message  # both places


def test_a_suffix_in_brackets_is_the_same_department(tmp_path: Path) -> None:
    write_project(tmp_path)
    rewrite(tmp_path, department="测试局（本级）")
    assert not check(tmp_path).of("W-2")


def test_a_copy_of_last_years_workbook(tmp_path: Path) -> None:
    write_project(tmp_path)
    prior = tmp_path / "data" / str(YEAR - 1) / SLUG
    prior.mkdir(parents=True)
    (prior / "department.yaml").write_text(DEPARTMENT, encoding="utf-8")
    shutil.copy(tmp_path / WORKBOOK, prior / "决算公开报表.xlsx")
    checked = check(tmp_path)
    (finding,) = [f for f in checked.of("W-3") if f.department == f"{YEAR}/{SLUG}"]
    assert finding.severity is Severity.WARNING and "完全相同" in finding.message
    made = diff_department_year(checked.dy)
    assert "完全相同" in diff_summary(made) and diff_json(made)["same_as_prior"]
