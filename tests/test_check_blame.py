"""A total that disagrees with its parts names first the part last year's figures show to be wrong, and only
where they leave no doubt (generator/rules/blame.py): otherwise the total is named, as before."""

from __future__ import annotations

from pathlib import Path

from check_support import DEPARTMENT, SLUG, YEAR, Checked, base_data, change, run
from factory import write_workbook

from generator.model import Finding


def with_last_year(root: Path) -> None:
    """data/2022/<dept>/: last year's workbook, with the neutral figures."""
    folder = root / "data" / str(YEAR - 1) / SLUG
    folder.mkdir(parents=True)
    (folder / "department.yaml").write_text(DEPARTMENT, encoding="utf-8")
    write_workbook(folder / "决算公开报表.xlsx", base_data(), department="测试局", year=YEAR - 1)


def checked_with(
    root: Path, table: str, row: str, key: str, value: str, *, last_year: bool = True
) -> Checked:
    if last_year:
        with_last_year(root)
    data = base_data()
    change(data, table, row, key, value)
    return run(root, data)


def hierarchy(checked: Checked) -> Finding:
    """The one 类 = Σ 款 finding of 一般公共预算财政拨款基本支出决算明细表 (人员经费)."""
    (finding,) = [
        f
        for f in checked.findings
        if f.department == f"{YEAR}/{SLUG}" and f.parts and "工资福利支出" in f.message
    ]
    return finding


def test_a_part_ten_times_last_years_is_named_before_the_total(tmp_path: Path) -> None:
    checked = checked_with(tmp_path, "gpb_basic.personnel", "30101", "amount", "1501.20")  # was 150.12
    finding = hierarchy(checked)
    _, cell = checked.cell("gpb_basic.personnel", "30101", "amount")
    assert finding.message.startswith("先核对 ")
    lead = finding.message.split("不要改合计。")[0]
    assert cell is not None and cell in lead
    assert "1501.20 万元" in lead and "上年为 150.12 万元" in lead and "若为 150.12 万元" in lead
    assert finding.source is not None and finding.source.cell != cell  # still the total's finding


def test_a_mistyped_digit_of_the_same_size_leaves_the_total_named(tmp_path: Path) -> None:
    checked = checked_with(tmp_path, "gpb_basic.personnel", "30101", "amount", "105.12")
    assert not hierarchy(checked).message.startswith("先核对")


def test_without_last_years_figures_the_total_is_named(tmp_path: Path) -> None:
    checked = checked_with(tmp_path, "gpb_basic.personnel", "30101", "amount", "1501.20", last_year=False)
    assert not hierarchy(checked).message.startswith("先核对")


def test_a_total_far_from_last_years_is_not_blamed_on_a_part(tmp_path: Path) -> None:
    checked = checked_with(tmp_path, "gpb_basic.personnel", "301", "amount", "6216.40")  # was 621.64
    assert not hierarchy(checked).message.startswith("先核对")


def test_two_parts_that_would_fit_name_neither(tmp_path: Path) -> None:
    with_last_year(tmp_path)
    data = base_data()
    change(data, "gpb_basic.personnel", "30101", "amount", "1501.20")
    change(data, "gpb_basic.personnel", "30102", "amount", "1803.60")
    assert not hierarchy(run(tmp_path, data)).message.startswith("先核对")


def test_the_sangong_items_stated_as_prior_year_are_last_years(tmp_path: Path) -> None:
    # department.yaml's prior_year: 三公 total 9.50, reception 9.50; no data/2022/
    checked = checked_with(tmp_path, "sangong", "三公经费", "final_reception", "900.00", last_year=False)
    (finding,) = [f for f in checked.errors("T7-a") if "决算数" in f.message]
    _, cell = checked.cell("sangong", "三公经费", "final_reception")
    assert (
        finding.message.startswith("先核对 ")
        and f"{cell}：它为 900.00 万元，上年为 9.50 万元" in finding.message
    )
