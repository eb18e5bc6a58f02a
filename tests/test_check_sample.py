"""The sample checks clean; with seed 003's own published errors put back, each is caught by its rule.

Seed 003 (渠县商务局 2023) was published with: a 类 total off the sum of its 项, a 完成预算 100% of a
zero budget, the template text “主要用于接待...（具体项目）”, and — what checkers of other published
PDFs find — 30217 公务接待费 larger than the 三公 table's 公务接待费.
"""

from __future__ import annotations

import shutil
from decimal import Decimal
from pathlib import Path

import pytest
import yaml
from check_support import Checked, change, check, line_of
from factory import write_workbook
from sample_qu_xian import DEPARTMENT, WORKBOOK, YEAR, sample_workbook_data

from generator.check import check_project, has_errors
from generator.derive import derive
from generator.load import load_project
from generator.model import Severity

REPO = Path(__file__).resolve().parent.parent
SAMPLE = Path("data") / str(YEAR) / "qu-xian-shang-wu-ju"


def test_the_sample_checks_without_errors() -> None:
    """Its warnings are seed 003's own, as printed (test_samples.py lists them)."""
    findings = check_project(load_project(REPO))
    assert not has_errors(findings), [
        f"{f.rule} {f.message}" for f in findings if f.severity is Severity.ERROR
    ]


@pytest.fixture(scope="module")
def seed_errors(tmp_path_factory: pytest.TempPathFactory) -> tuple[Checked, str]:
    """A copy of the sample with seed 003's errors put back; returns it checked, and its department.yaml."""
    root = tmp_path_factory.mktemp("seed003")
    shutil.copytree(REPO / "data", root / "data")
    data = sample_workbook_data()
    # 社会保障和就业支出 (类) 0.11 below its 项 in the 一般公共预算 table — beyond rounding
    change(data, "gpb", "208", "project", "6.18")
    change(data, "gpb", "208", "total", "175.81")
    # 30217 公务接待费 9.50 > the 三公 table's 9.00 (公用经费 unchanged: 30201 办公费 lowered by as much)
    change(data, "gpb_basic.public", "30217", "amount", "9.50")
    change(data, "gpb_basic.public", "30201", "amount", "0.20")
    write_workbook(
        root / SAMPLE / WORKBOOK.name, data, table_set="sichuan13", department=DEPARTMENT, year=YEAR
    )
    # 外事接待 “主要用于接待...（具体项目）”
    path = root / SAMPLE / "department.yaml"
    department = yaml.safe_load(path.read_text(encoding="utf-8"))
    department["sangong"]["reception"].setdefault("foreign", {})["description"] = (
        "主要用于接待...（具体项目）"
    )
    department.pop("acknowledged", None)  # the sample transcribes it, acknowledged: here it is not
    text = yaml.safe_dump(department, allow_unicode=True, sort_keys=False)
    path.write_text(text, encoding="utf-8")
    return check(root), text


def test_seed_class_total_off_its_items(seed_errors: tuple[Checked, str]) -> None:
    checked, _ = seed_errors
    errors = checked.errors("T5-b")
    assert errors
    sheet, cell = checked.cell("gpb", "208", "total")
    assert (sheet, cell) in [(f.source.sheet, f.source.cell) for f in errors if f.source]
    assert any(f.expected == "175.92" and f.found == "175.81" for f in errors)


def test_seed_reception_item_larger_than_sangong(seed_errors: tuple[Checked, str]) -> None:
    checked, _ = seed_errors
    (finding,) = checked.errors("X-8")
    assert finding.source is not None
    assert (finding.source.sheet, finding.source.cell) == checked.cell("gpb_basic.public", "30217", "amount")


def test_seed_template_residue(seed_errors: tuple[Checked, str]) -> None:
    checked, text = seed_errors
    findings = checked.errors("Y-8")
    # “...” and “（具体项目）”, one finding each; and the doubled 主要用于 of 国内公务接待
    assert len(findings) == 3
    foreign = [f for f in findings if f.source and f.source.key == "sangong.reception.foreign.description"]
    assert len(foreign) == 2
    for finding in foreign:
        assert finding.source is not None
        assert finding.source.file == (SAMPLE / "department.yaml").as_posix()
        assert finding.source.key == "sangong.reception.foreign.description"
        assert finding.source.line == line_of(text, "（具体项目）")


def test_seed_completion_of_a_zero_budget_cannot_be_stated(seed_errors: tuple[Checked, str]) -> None:
    """因公出国 and 公务用车 had no budget: no 完成预算 rate exists for the text to state."""
    checked, _ = seed_errors
    sangong = derive(checked.dy).sangong
    for item in ("abroad", "vehicle"):
        assert sangong[item].budget == Decimal("0")
        assert sangong[item].completion is None
    assert sangong["reception"].completion == Decimal("100.00")


def test_seed_errors_stop_the_build(seed_errors: tuple[Checked, str]) -> None:
    checked, _ = seed_errors
    assert has_errors(checked.findings)
