"""Rules between department.yaml and the tables (Y-1 … Y-8): each finding names the YAML key and line."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from check_support import (
    DEPARTMENT,
    Checked,
    base_data,
    change,
    line_of,
    run,
    yaml_with,
)

from generator.model import Finding, Severity
from generator.numbers import Change
from generator.rules.department import beyond_threshold

D = Decimal


@pytest.fixture(scope="module")
def base(tmp_path_factory: pytest.TempPathFactory) -> Checked:
    return run(tmp_path_factory.mktemp("base"))


def at(finding: Finding, key: str, line: int) -> None:
    assert finding.source is not None
    assert finding.source.file.endswith("department.yaml")
    assert (finding.source.key, finding.source.line) == (key, line), finding


@pytest.mark.parametrize("rule", [f"Y-{n}" for n in range(1, 9)])
def test_rule_passes_on_the_consistent_sample(base: Checked, rule: str) -> None:
    assert not base.of(rule)
    assert not base.of(f"{rule}.unchecked")


# ---------------------------------------------------------------- Y-1 三公 counts


def test_y1_reception_counts_are_required(tmp_path: Path) -> None:
    department = yaml_with(DEPARTMENT, "      batches: 75\n", "")
    (finding,) = run(tmp_path, department=department).errors("Y-1")
    at(finding, "sangong.reception.domestic.batches", line_of(department, "domestic:"))
    assert "9.00" in finding.message and finding.found == "未填写"


def test_y1_abroad_counts_are_required_when_abroad_spending(tmp_path: Path) -> None:
    data = base_data()
    for key, value in (("final_abroad", "2.00"), ("final_total", "11.00")):
        change(data, "sangong", "三公经费", key, value)
    department = yaml_with(DEPARTMENT, "    groups: 0\n    people: 0\n", "    people: 3\n")
    (finding,) = run(tmp_path, data, department).errors("Y-1")
    at(finding, "sangong.abroad.groups", line_of(department, "abroad:"))


def test_y1_no_counts_needed_without_spending(tmp_path: Path) -> None:
    department = yaml_with(DEPARTMENT, "    groups: 0\n    people: 0\n", "    description: 无\n")
    assert not run(tmp_path, department=department).of("Y-1")


# ---------------------------------------------------------------- Y-2 vehicles


def test_y2_vehicles_held_must_match_assets(tmp_path: Path) -> None:
    department = yaml_with(DEPARTMENT, "      sedan: 0\n", "      sedan: 1\n")
    (finding,) = run(tmp_path, department=department).errors("Y-2")
    at(finding, "sangong.vehicles.held", line_of(department, "held:"))
    assert (finding.expected, finding.found) == ("0 辆", "1 辆")


def test_y2_vehicles_held_equal_to_assets_pass(tmp_path: Path) -> None:
    department = yaml_with(DEPARTMENT, "      sedan: 0\n", "      sedan: 1\n") + (
        "assets:\n  vehicles:\n    law_enforcement: 1\n"
    )
    assert not run(tmp_path, department=department).of("Y-2")


def test_y2_vehicles_held_required_with_vehicle_spending(tmp_path: Path) -> None:
    data = base_data()
    for key, value in (
        ("final_vehicle", "3.00"),
        ("final_vehicle_operation", "3.00"),
        ("final_total", "12.00"),
    ):
        change(data, "sangong", "三公经费", key, value)
    department = yaml_with(DEPARTMENT, "    held:\n      sedan: 0\n", "    operation_description: 运行维护\n")
    findings = run(tmp_path, data, department).errors("Y-2")
    assert [f.source.key for f in findings if f.source] == ["sangong.vehicles.held"]
    at(findings[0], "sangong.vehicles.held", line_of(department, "vehicles:"))


# ---------------------------------------------------------------- Y-3 政府采购


@pytest.mark.parametrize(
    ("procurement", "key"),
    [
        ("  goods: 10\n  sme: 12\n", "procurement.sme"),
        ("  goods: 10\n  sme: 8\n  small_micro: 9\n", "procurement.small_micro"),
    ],
)
def test_y3_procurement_shares(tmp_path: Path, procurement: str, key: str) -> None:
    department = DEPARTMENT + "procurement:\n" + procurement
    (finding,) = run(tmp_path, department=department).errors("Y-3")
    at(finding, key, line_of(department, key.rsplit(".", 1)[1] + ":"))


def test_y3_procurement_within_limits_passes(tmp_path: Path) -> None:
    department = DEPARTMENT + "procurement:\n  goods: 10\n  services: 2\n  sme: 12\n  small_micro: 12\n"
    assert not run(tmp_path, department=department).of("Y-3")


# ---------------------------------------------------------------- Y-4 公务接待 split


def test_y4_reception_split_must_add_up(tmp_path: Path) -> None:
    department = yaml_with(DEPARTMENT, "      amount: 9.00\n", "      amount: 8.00\n")
    (finding,) = run(tmp_path, department=department).errors("Y-4")
    at(finding, "sangong.reception.domestic.amount", line_of(department, "amount: 8.00"))
    assert (finding.expected, finding.found) == ("9.00", "8.00")


def test_y4_domestic_and_foreign_together_pass(tmp_path: Path) -> None:
    department = yaml_with(
        DEPARTMENT,
        "      amount: 9.00\n      description: 主要用于招商引资接待。\n",
        "      amount: 8.00\n      description: 主要用于招商引资接待。\n"
        "    foreign:\n      batches: 1\n      people: 3\n      amount: 1.00\n",
    )
    assert not run(tmp_path, department=department).of("Y-4")


def test_y4_foreign_alone_may_not_exceed_the_table(tmp_path: Path) -> None:
    department = yaml_with(DEPARTMENT, "      amount: 9.00\n", "").replace(
        "      description: 主要用于招商引资接待。\n",
        "      description: 主要用于招商引资接待。\n    foreign:\n      batches: 1\n      people: 3\n"
        "      amount: 10.00\n",
    )
    (finding,) = run(tmp_path, department=department).errors("Y-4")
    at(finding, "sangong.reception.foreign.amount", line_of(department, "amount: 10.00"))


# ---------------------------------------------------------------- Y-5 reasons for changes


def test_y5_a_large_change_needs_a_reason(tmp_path: Path) -> None:
    department = yaml_with(DEPARTMENT, "  gpb: 预算项目调整\n", "")
    (finding,) = run(tmp_path, department=department).errors("Y-5")
    at(finding, "reasons.gpb", line_of(department, "reasons:"))
    assert "增加 1756.01 万元" in finding.message


def test_y5_a_small_change_needs_none(tmp_path: Path) -> None:
    """三公 9.50 → 9.00 (−5.26%, 0.50 万元) is below the threshold: no reason needed."""
    department = DEPARTMENT
    assert "sangong: " not in department  # no reasons.sangong in the base YAML
    assert not run(tmp_path, department=department).of("Y-5")


def test_y5_threshold() -> None:
    assert beyond_threshold(Change(D("112"), D("100")))
    assert not beyond_threshold(Change(D("110"), D("100")))  # exactly 10%: not beyond
    assert not beyond_threshold(Change(D("1.5"), D("1")))  # 50% but 0.5 万元
    assert beyond_threshold(Change(D("2"), D("0")))  # from nothing


def test_y5_without_prior_year_is_unchecked(tmp_path: Path) -> None:
    department = DEPARTMENT[: DEPARTMENT.index("prior_year:")]
    checked = run(tmp_path, department=department)
    (finding,) = checked.of("Y-5.unchecked")
    assert finding.severity is Severity.WARNING
    assert finding.source is not None and finding.source.key == "prior_year"
    assert "收支总计" in finding.message
    assert not checked.errors("Y-5")


# ---------------------------------------------------------------- Y-6 决算 vs 预算


def test_y6_an_item_off_its_budget_needs_a_reason(tmp_path: Path) -> None:
    data = base_data()
    change(data, "gpb", "2011301", "budget", "600.00")
    checked = run(tmp_path, data)
    (finding,) = checked.errors("Y-6")
    at(finding, "reasons.items.2011301", line_of(DEPARTMENT, "reasons:"))
    _, cell = checked.cell("gpb", "2011301", "total")
    assert f"单元格 {cell}" in finding.message and "小于" in finding.message


def test_y6_the_reason_given_passes(tmp_path: Path) -> None:
    data = base_data()
    change(data, "gpb", "2011301", "budget", "600.00")
    department = yaml_with(DEPARTMENT, "reasons:\n", "reasons:\n  items:\n    '2011301': 人员减少\n")
    assert not run(tmp_path, data, department).of("Y-6")


def test_y6_sangong_off_its_budget_needs_a_reason(tmp_path: Path) -> None:
    data = base_data()
    for key in ("budget_total", "budget_reception"):
        change(data, "sangong", "三公经费", key, "12.00")
    (finding,) = run(tmp_path, data).errors("Y-6")
    at(finding, "reasons.sangong_budget", line_of(DEPARTMENT, "reasons:"))


def test_y5_y6_a_reason_the_source_does_not_give_is_a_warning(tmp_path: Path) -> None:
    """reasons.unstated: a reproduced document that gives no reason is reported, not completed."""
    data = base_data()
    for key in ("budget_total", "budget_reception"):
        change(data, "sangong", "三公经费", key, "12.00")
    department = yaml_with(DEPARTMENT, "  gpb: 预算项目调整\n", "  unstated: [gpb, sangong_budget]\n")
    checked = run(tmp_path, data, department)
    assert not checked.errors("Y-5") and not checked.errors("Y-6")
    (y5,) = checked.of("Y-5", Severity.WARNING)
    (y6,) = checked.of("Y-6", Severity.WARNING)
    assert "reasons.unstated" in y5.message and "reasons.unstated" in y6.message


# ---------------------------------------------------------------- Y-7 公开日期


def test_y7_published_more_than_20_days_after_approval(tmp_path: Path) -> None:
    department = yaml_with(DEPARTMENT, "published: 2024-09-27", "published: 2024-10-01")
    (finding,) = run(tmp_path, department=department).of("Y-7")
    assert finding.severity is Severity.WARNING
    at(finding, "dates.published", line_of(department, "published:"))
    assert finding.expected == "2024-09-10 至 2024-09-30"


def test_y7_published_on_the_20th_day_passes(tmp_path: Path) -> None:
    department = yaml_with(DEPARTMENT, "published: 2024-09-27", "published: 2024-09-30")
    assert not run(tmp_path, department=department).of("Y-7")


def test_y7_without_dates_is_unchecked(tmp_path: Path) -> None:
    department = yaml_with(DEPARTMENT, "  approved: 2024-09-10\n", "")
    (finding,) = run(tmp_path, department=department).of("Y-7.unchecked")
    at(finding, "dates.approved", line_of(department, "dates:"))
