"""Rules within one table (T1 … T9, S5/S7/S9, A-1): each breaks on a real workbook, at the right cell."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

import pytest
from check_support import Checked, base_data, change, line, run
from factory import Line, WorkbookData

from generator.model import Severity

D = Decimal
Edit = Callable[[WorkbookData], None]


def edits(*changes: tuple[str, str, str, str]) -> Edit:
    def apply(data: WorkbookData) -> None:
        for table_id, row, key, value in changes:
            change(data, table_id, row, key, value)

    return apply


def soe(data: WorkbookData) -> None:
    """Give the department 10 万元 of 国有资本经营 项目支出, in both Sichuan tables."""
    values = {"income": D("10.00"), "total": D("10.00"), "project": D("10.00")}
    for table_id in ("soe_income_expenditure", "soe"):
        data[table_id] = [
            Line(None, "合计", dict(values)),
            Line("223", "国有资本经营预算支出", dict(values)),
            Line("22301", "解决历史遗留问题及改革成本支出", dict(values)),
            Line("2230199", "其他解决历史遗留问题及改革成本支出", dict(values)),
        ]


# (rule, edit, (table, row, column) of the cell the finding must point at)
CASES: list[tuple[str, Edit, tuple[str, str, str]]] = [
    (
        "T1-a",
        edits(("summary.income", "本年收入合计", "amount", "3091.49")),
        ("summary.income", "本年收入合计", "amount"),
    ),
    (
        "T1-b",
        edits(("summary.expenditure", "本年支出合计", "amount", "3091.49")),
        ("summary.expenditure", "本年支出合计", "amount"),
    ),
    ("T1-c", edits(("summary.income", "总计", "amount", "3091.49")), ("summary.income", "总计", "amount")),
    (
        "T1-d",
        edits(("summary.expenditure", "总计", "amount", "3091.49")),
        ("summary.expenditure", "总计", "amount"),
    ),
    (
        "T1-e",
        edits(
            ("summary.income", "年初结转和结余", "amount", "10.00"),
            ("summary.income", "总计", "amount", "3091.49"),
        ),
        ("summary.income", "总计", "amount"),
    ),
    ("T2-a", edits(("income", "2011301", "fiscal", "500.00")), ("income", "2011301", "total")),
    (
        "T2-b",
        edits(("income", "2011301", "fiscal", "513.07"), ("income", "2011301", "total", "513.07")),
        ("income", "20113", "total"),
    ),
    ("T3-a", edits(("expenditure", "2011301", "basic", "500.00")), ("expenditure", "2011301", "total")),
    (
        "T3-b",
        edits(("expenditure", "2011301", "basic", "513.07"), ("expenditure", "2011301", "total", "513.07")),
        ("expenditure", "20113", "total"),
    ),
    (
        "T4-a",
        edits(("fiscal_summary.expenditure", "一般公共服务支出", "total", "744.49")),
        ("fiscal_summary.expenditure", "一般公共服务支出", "total"),
    ),
    (
        "T4-b",
        edits(("fiscal_summary.expenditure", "年末财政拨款结转和结余", "gpb", "1.00")),
        ("fiscal_summary.expenditure", "年末财政拨款结转和结余", "gpb"),
    ),
    (
        "T4-c",
        edits(("fiscal_summary.expenditure", "总计", "total", "3091.49")),
        ("fiscal_summary.income", "总计", "amount"),
    ),
    (
        "T4-d",
        edits(("fiscal_summary.income", "本年收入合计", "amount", "3091.49")),
        ("fiscal_summary.income", "本年收入合计", "amount"),
    ),
    ("T5-a", edits(("gpb", "2011301", "basic", "500.00")), ("gpb", "2011301", "total")),
    (
        "T5-b",
        edits(("gpb", "2011301", "basic", "513.07"), ("gpb", "2011301", "total", "513.07")),
        ("gpb", "20113", "total"),
    ),
    (
        "T6-a",
        edits(("gpb_basic.personnel", "人员经费合计", "amount", "820.46")),
        ("gpb_basic.personnel", "人员经费合计", "amount"),
    ),
    ("T6-b", edits(("gpb_basic.public", "30201", "amount", "7.20")), ("gpb_basic.public", "302", "amount")),
    ("T7-a", edits(("sangong", "三公经费", "final_total", "10.00")), ("sangong", "三公经费", "final_total")),
    ("T8-a", edits(("fund", "2120899", "closing", "5.00")), ("fund", "2120899", "closing")),
    ("T8-b", edits(("fund", "2120899", "project", "200.00")), ("fund", "2120899", "total")),
    (
        "T8-c",
        edits(("fund", "2120899", "project", "200.00"), ("fund", "2120899", "total", "200.00")),
        ("fund", "21208", "total"),
    ),
    (
        "T9-a",
        lambda data: (soe(data), change(data, "soe_income_expenditure", "2230199", "closing", "3.00")),
        ("soe_income_expenditure", "2230199", "closing"),
    ),
    (
        "T9-b",
        lambda data: (soe(data), change(data, "soe", "2230199", "project", "8.00")),
        ("soe", "2230199", "total"),
    ),
    (
        "T9-c",
        lambda data: (soe(data), change(data, "soe", "22301", "total", "12.00")),
        ("soe", "22301", "total"),
    ),
    ("S5-a", edits(("fiscal_detail", "2011301", "basic", "500.00")), ("fiscal_detail", "2011301", "total")),
    (
        "S5-b",
        edits(
            ("fiscal_detail", "2011301", "basic", "513.07"), ("fiscal_detail", "2011301", "total", "513.07")
        ),
        ("fiscal_detail", "20113", "total"),
    ),
    ("S7-a", edits(("gpb_detail", "2011301", "basic", "500.00")), ("gpb_detail", "2011301", "total")),
    (
        "S7-b",
        edits(("gpb_detail", "2011301", "basic", "513.07"), ("gpb_detail", "2011301", "total", "513.07")),
        ("gpb_detail", "20113", "total"),
    ),
    ("S9-b", edits(("gpb_project", "2011302", "total", "84.49")), ("gpb_project", "20113", "total")),
    ("A-1", edits(("expenditure", "2011350", "basic", "-98.38")), ("expenditure", "2011350", "basic")),
]


@pytest.fixture(scope="module")
def base(tmp_path_factory: pytest.TempPathFactory) -> Checked:
    return run(tmp_path_factory.mktemp("base"))


@pytest.mark.parametrize(("rule", "edit", "where"), CASES, ids=[case[0] for case in CASES])
def test_rule_fails_at_the_cell(tmp_path: Path, rule: str, edit: Edit, where: tuple[str, str, str]) -> None:
    data = base_data()
    edit(data)
    checked = run(tmp_path, data)
    errors = checked.errors(rule)
    assert errors, [f"{f.rule} {f.message}" for f in checked.serious()]
    sheet, cell = checked.cell(*where)
    assert (sheet, cell) in [(f.source.sheet, f.source.cell) for f in errors if f.source], [
        f.message for f in errors
    ]
    finding = next(f for f in errors if f.source and f.source.cell == cell)
    assert finding.expected and finding.found and finding.expected != finding.found
    assert checked.root.name not in finding.message  # a message, not a path dump


@pytest.mark.parametrize("rule", sorted({case[0] for case in CASES}))
def test_rule_passes_on_the_consistent_sample(base: Checked, rule: str) -> None:
    assert not [f for f in base.of(rule) if f.severity is not Severity.INFO]


def test_the_sample_checks_clean_but_for_rounding(base: Checked) -> None:
    assert base.serious() == [], [f"{f.rule} {f.message}" for f in base.serious()]


def test_a_cent_is_rounding_reported_once_per_table(base: Checked) -> None:
    """Seed 003: 社会保障和就业支出 175.91 while its 项 add up to 175.92 — one 提示 per table, not errors."""
    notes = base.of("T5-b")
    assert [f.severity for f in notes] == [Severity.INFO]
    note = notes[0]
    assert "0.01 万元的尾差" in note.message
    assert len(note.details) == 3 and all("社会保障和就业支出" in place for place in note.details)
    row = base.row("gpb", "208")
    assert note.source is not None and note.source.sheet == row.source.sheet
    assert note.source.cell in {amount.source.cell for amount in row.values.values()}


def test_more_than_a_cent_is_an_error(tmp_path: Path) -> None:
    data = base_data()
    change(data, "summary.income", "本年收入合计", "amount", "3081.50")  # 0.01: rounding
    change(data, "summary.expenditure", "本年支出合计", "amount", "3081.51")  # 0.02: an error
    checked = run(tmp_path, data)
    assert [f.severity for f in checked.of("T1-a")] == [Severity.INFO]
    assert [f.severity for f in checked.of("T1-b")] == [Severity.ERROR]
    assert checked.of("T1-b")[0].expected == "3081.49"
    assert checked.of("T1-b")[0].found == "3081.51"


def test_soe_tables_with_consistent_data_pass(tmp_path: Path) -> None:
    data = base_data()
    soe(data)
    checked = run(tmp_path, data)
    for rule in ("T9-a", "T9-b", "T9-c"):
        assert not checked.of(rule), rule


def test_a_row_label_printed_with_its_note_is_the_standard_row(tmp_path: Path) -> None:
    """上海市普陀区 2024 prints “使用非财政拨款结余（含专用结余）” (domain.md §2.2, 01): the row is still
    the one 总计 adds up, so 1.00 万元 in it that 总计 lacks is an error at 总计."""
    data = base_data()
    used = line(data, "summary.income", "使用非财政拨款结余")
    used.name = "使用非财政拨款结余（含专用结余）"
    used.values["amount"] = D("1.00")
    checked = run(tmp_path, data)
    (error,) = checked.errors("T1-c")
    assert error.expected == "3082.49" and error.found == "3081.49"
