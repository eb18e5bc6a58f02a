"""P-1 … P-3: figures restated in prose are compared with the tables and the evaluations."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from check_support import DEPARTMENT, SLUG, YEAR, Checked, check, line_of, run, write_project

from generator.model import Finding, Severity
from generator.standard.totals import key_figures

PROJECT = """\
kind: 项目
name: 测试项目
score: 100
budget:
  adjusted: 20.00
  executed: 20.00
conclusion: {conclusion}
"""
SPECIAL = """\
kind: 专项
name: 测试 项目
score: {score}
"""


def of(checked: Checked, rule: str) -> list[Finding]:
    return [f for f in checked.findings if f.rule == rule]


def with_text(tmp_path: Path, text: str) -> tuple[Checked, str]:
    department = DEPARTMENT + f"other_matters: {text}\n"
    return run(tmp_path, department=department), department


@pytest.fixture(scope="module")
def basic(tmp_path_factory: pytest.TempPathFactory) -> Decimal:
    checked = run(tmp_path_factory.mktemp("basic"))
    assert checked.dy.accounts is not None
    value = key_figures(checked.dy.accounts, checked.dy.department).basic
    assert value is not None
    return value


def test_p1_a_wrong_amount_is_a_warning_naming_both_places(tmp_path: Path, basic: Decimal) -> None:
    checked, department = with_text(tmp_path, f"本年基本支出共计{basic + 19}万元。")
    (finding,) = of(checked, "P-1")
    assert finding.severity is Severity.WARNING
    assert finding.source is not None
    assert (finding.source.key, finding.source.line) == (
        "other_matters",
        line_of(department, "other_matters"),
    )
    assert "支出决算表合计行的基本支出" in finding.message and f"{basic:.2f}" in finding.message
    assert finding.expected == f"{basic:.2f} 万元" and finding.found == f"{basic + 19:.2f} 万元"


def test_p1_the_right_amount_passes(tmp_path: Path, basic: Decimal) -> None:
    checked, _ = with_text(tmp_path, f"本年基本支出{basic}万元，较上年增加 19.11 万元。")
    assert not of(checked, "P-1")


def test_p1_a_cent_off_is_a_note(tmp_path: Path, basic: Decimal) -> None:
    checked, _ = with_text(tmp_path, f"基本支出为 {basic + Decimal('0.01')} 万元。")
    (finding,) = of(checked, "P-1")
    assert finding.severity is Severity.INFO


def test_p1_the_prior_years_figure_and_unheld_figures_are_left_alone(tmp_path: Path) -> None:
    checked, _ = with_text(tmp_path, "2022 年机关运行经费 201.53 万元；培训费 3.20 万元。")
    assert not of(checked, "P-1")


def evaluate(tmp_path: Path, files: dict[str, str]) -> Checked:
    write_project(tmp_path)
    folder = tmp_path / "data" / str(YEAR) / SLUG / "evaluation"
    folder.mkdir()
    for name, text in files.items():
        (folder / name).write_text(text, encoding="utf-8")
    return check(tmp_path)


@pytest.mark.parametrize(
    ("conclusion", "found"),
    [("本项目自评得分 94 分。", "94 分"), ("预算执行率 90%，完成目标。", "90 %")],
)
def test_p2_a_score_or_rate_in_prose_off_the_table_is_a_warning(
    tmp_path: Path, conclusion: str, found: str
) -> None:
    text = PROJECT.format(conclusion=conclusion)
    (finding,) = of(evaluate(tmp_path, {"01.yaml": text}), "P-2")
    assert finding.severity is Severity.WARNING and finding.found == found
    assert finding.source is not None
    assert (finding.source.key, finding.source.line) == ("conclusion", line_of(text, "conclusion"))


def test_p2_the_tables_score_and_rate_pass(tmp_path: Path) -> None:
    text = PROJECT.format(conclusion="预算执行率 100%，本项目自评得分 100 分。")
    assert not of(evaluate(tmp_path, {"01.yaml": text}), "P-2")


def test_p3_a_project_scored_differently_in_its_special_report_is_a_warning(tmp_path: Path) -> None:
    files = {"01.yaml": PROJECT.format(conclusion="完成。"), "02.yaml": SPECIAL.format(score=94)}
    (finding,) = of(evaluate(tmp_path, files), "P-3")
    assert finding.severity is Severity.WARNING
    assert finding.source is not None and finding.source.file.endswith("evaluation/02.yaml")
    assert "evaluation/01.yaml 第 3 行" in finding.message
    assert (finding.expected, finding.found) == ("100", "94")


def test_p3_the_same_score_passes(tmp_path: Path) -> None:
    files = {"01.yaml": PROJECT.format(conclusion="完成。"), "02.yaml": SPECIAL.format(score=100)}
    assert not of(evaluate(tmp_path, files), "P-3")


def test_p1_a_report_without_a_form_is_compared_as_the_department_wide_one(
    tmp_path: Path, basic: Decimal
) -> None:
    """Kind 报告 speaks of the department's projects together (seed 004's 附件2): its totals are the
    tables'."""
    report = f"kind: 报告\nreport:\n  title: 项目绩效自评报告\n  intro: 安排基本支出共计{basic + 19}万元。\n"
    checked = evaluate(tmp_path, {"baogao.yaml": report})
    (finding,) = of(checked, "P-1")
    assert finding.source is not None and finding.source.key == "report.intro"
    right = evaluate(tmp_path / "right", {"baogao.yaml": report.replace(f"{basic + 19}", f"{basic}")})
    assert not of(right, "P-1")
