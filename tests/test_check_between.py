"""Rules between tables (X-1 … X-11): a figure that disagrees with another table, at the right cell."""

from __future__ import annotations

from pathlib import Path

import pytest
from check_support import Checked, base_data, change, run

from generator.model import Severity

# (rule, changes to the sample, (table, row, column) the finding must point at)
CASES: list[tuple[str, list[tuple[str, str, str, str]], tuple[str, str, str]]] = [
    ("X-1", [("summary.income", "事业收入", "amount", "5.00")], ("summary.income", "事业收入", "amount")),
    (
        "X-2",
        [("summary.expenditure", "一般公共服务支出", "amount", "744.49")],
        ("summary.expenditure", "一般公共服务支出", "amount"),
    ),
    (
        "X-3",
        [("summary.income", "一般公共预算财政拨款收入", "amount", "2881.49")],
        ("summary.income", "一般公共预算财政拨款收入", "amount"),
    ),
    (
        "X-4",
        [("fiscal_summary.expenditure", "一般公共服务支出", "gpb", "744.49")],
        ("fiscal_summary.expenditure", "一般公共服务支出", "gpb"),
    ),
    ("X-5", [("gpb", "合计", "basic", "859.70")], ("gpb", "合计", "basic")),
    (
        "X-6",
        [("fiscal_summary.expenditure", "本年支出合计", "fund", "200.00")],
        ("fiscal_summary.expenditure", "本年支出合计", "fund"),
    ),
    (
        "X-7",
        [("fiscal_summary.expenditure", "年末财政拨款结转和结余", "fund", "5.00")],
        ("fiscal_summary.expenditure", "年末财政拨款结转和结余", "fund"),
    ),
    (
        "X-8",
        [("gpb_basic.public", "30217", "amount", "9.50"), ("gpb_basic.public", "30201", "amount", "0.20")],
        ("gpb_basic.public", "30217", "amount"),
    ),
    (
        "X-9",
        [("fiscal_summary.income", "年初财政拨款结转和结余", "amount", "5.00")],
        ("fiscal_summary.income", "年初财政拨款结转和结余", "amount"),
    ),
    ("X-10", [("gpb", "2011301", "basic", "510.00")], ("gpb", "2011301", "basic")),
    ("X-11", [("gpb_project", "合计", "total", "2031.79")], ("gpb_project", "合计", "total")),
]


@pytest.fixture(scope="module")
def base(tmp_path_factory: pytest.TempPathFactory) -> Checked:
    return run(tmp_path_factory.mktemp("base"))


@pytest.mark.parametrize(("rule", "changes", "where"), CASES, ids=[case[0] for case in CASES])
def test_rule_fails_at_the_cell(
    tmp_path: Path, rule: str, changes: list[tuple[str, str, str, str]], where: tuple[str, str, str]
) -> None:
    data = base_data()
    for table_id, row, key, value in changes:
        change(data, table_id, row, key, value)
    checked = run(tmp_path, data)
    errors = checked.errors(rule)
    assert errors, [f"{f.rule} {f.message}" for f in checked.serious()]
    sheet, cell = checked.cell(*where)
    assert (sheet, cell) in [(f.source.sheet, f.source.cell) for f in errors if f.source], [
        f.message for f in errors
    ]


@pytest.mark.parametrize("rule", [case[0] for case in CASES])
def test_rule_passes_on_the_consistent_sample(base: Checked, rule: str) -> None:
    assert not [f for f in base.of(rule) if f.severity is not Severity.INFO]


def test_sangong_items_may_equal_the_sangong_table(tmp_path: Path) -> None:
    """X-8 is ≤, not <: all of the 公务接待费 may be 基本支出."""
    data = base_data()
    change(data, "gpb_basic.public", "30217", "amount", "9.00")
    change(data, "gpb_basic.public", "30201", "amount", "0.70")
    checked = run(tmp_path, data)
    assert not checked.of("X-8")
    assert not checked.serious()


def test_x8_names_both_tables(tmp_path: Path) -> None:
    data = base_data()
    change(data, "gpb_basic.public", "30217", "amount", "9.50")
    change(data, "gpb_basic.public", "30201", "amount", "0.20")
    (finding,) = run(tmp_path, data).errors("X-8")
    assert "30217" in finding.message and "“三公”经费" in finding.message
    assert (finding.expected, finding.found) == ("≤ 9.00", "9.50")
