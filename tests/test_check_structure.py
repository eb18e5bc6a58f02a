"""What every rule shares: a missing table is reported, "could not check" is never a silent pass,
and every rule id is documented for finance staff in generator/help/checks.md."""

from __future__ import annotations

import re
from pathlib import Path

import openpyxl
import pytest
from check_support import SLUG, YEAR, base_data, check, run, write_project
from factory import tiny_workbook_data

from generator.model import Severity
from generator.rules.base import RULES

REPO = Path(__file__).resolve().parent.parent
CHECKS_PAGE = REPO / "generator" / "help" / "checks.md"
WORKBOOK = f"data/{YEAR}/{SLUG}/决算公开报表.xlsx"


def drop_table(root: Path, title: str) -> None:
    """Delete the sheet that holds the table titled ``title`` from the written workbook."""
    path = root / WORKBOOK
    book = openpyxl.load_workbook(path)
    (sheet,) = [
        sheet
        for sheet in book.worksheets
        if any(title in str(c.value) for row in sheet.iter_rows(max_row=6) for c in row if c.value)
    ]
    book.remove(sheet)
    book.save(path)


@pytest.mark.parametrize(
    ("title", "unchecked"),
    [
        ("政府性基金预算财政拨款收入支出决算表", {"T8-a", "T8-b", "T8-c", "X-6", "X-7"}),
        ("“三公”经费支出决算表", {"T7-a", "X-8", "Y-1", "Y-2", "Y-4", "Y-6"}),
    ],
)
def test_a_missing_table_is_an_error_and_its_rules_are_unchecked(
    tmp_path: Path, title: str, unchecked: set[str]
) -> None:
    root = write_project(tmp_path)
    drop_table(root, title)
    checked = check(root)
    (missing,) = checked.errors("check.table-missing")
    assert missing.source is not None and missing.source.file == WORKBOOK
    assert title in missing.message
    reported = {f.rule.removesuffix(".unchecked") for f in checked.findings if f.rule.endswith(".unchecked")}
    assert unchecked <= reported
    for finding in checked.findings:
        if finding.rule.endswith(".unchecked"):
            assert finding.severity is Severity.WARNING
            assert finding.message.startswith("无法核对规则")


def test_no_table_is_missing_from_the_sample(tmp_path: Path) -> None:
    checked = run(tmp_path)
    assert not checked.of("check.table-missing")
    assert not [f for f in checked.findings if f.rule.endswith(".unchecked")]


def test_a_mof_workbook_checks_without_sichuan_rules(tmp_path: Path) -> None:
    """The 9-table set: no Sichuan 明细 rule applies, and none reports "could not check"."""
    checked = run(tmp_path, tiny_workbook_data(), table_set="mof9", profile="mof")
    assert not checked.of("check.table-missing")
    rules = {f.rule.removesuffix(".unchecked") for f in checked.findings}
    assert not rules & {"S5-a", "S5-b", "S7-a", "S7-b", "S9-b", "X-11"}


@pytest.mark.parametrize(
    "layout",
    [
        {"codes": "split", "total_position": "bottom"},
        {"title_in": "sheet"},
    ],
    ids=["split-codes-total-at-bottom", "title-in-sheet-name"],
)
def test_other_workbook_layouts_check_clean(tmp_path: Path, layout: dict[str, str]) -> None:
    """The rules see the same tables whatever the export's layout (a workbook in 元: test_check_yuan)."""
    checked = run(tmp_path, **layout)
    assert checked.serious() == [], [f"{f.rule} {f.message}" for f in checked.serious()]
    assert [f.rule for f in checked.findings if f.rule == "T5-b"] == ["T5-b"]  # the seed's 0.01 only


def test_every_finding_is_a_declared_rule(tmp_path: Path) -> None:
    data = base_data()
    data["gpb"][1].values["total"] = None  # break a few things at once
    checked = run(tmp_path, data)
    declared = {rule_id for entry in RULES for rule_id in entry.ids}
    for finding in checked.findings:
        assert finding.rule.removesuffix(".unchecked") in declared, finding.rule


def test_every_rule_is_documented_for_finance_staff() -> None:
    page = CHECKS_PAGE.read_text(encoding="utf-8")
    documented = set(re.findall(r"\*\*([A-Za-z][\w.-]*-[\w-]+)\*\*", page))
    declared = {rule_id for entry in RULES for rule_id in entry.ids}
    assert declared == documented, (declared - documented, documented - declared)
