"""`gongkai check` for people: a wrong path is an error, findings are located lines, notes are short.

The project is a copy of the repository's own data/ (the sample region); a test breaks one cell with
openpyxl where it needs an error. Output is captured (not a terminal), at 80 columns, as when a clerk
pipes it to a file or a CI log reads it.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner, Result
from conftest import REPO

from generator import cli

SAMPLE = "data/2023/qu-xian-shang-wu-ju"
WORKBOOK = f"{SAMPLE}/决算公开报表.xlsx"
# The sample's own 0.01 尾差 (四舍五入 of amounts kept in 元): one note per table that has them.
ROUNDING_RULES = ["T2-b", "T3-b", "T5-b", "S5-b", "S7-b", "S9-b"]


def check(project: Path, *args: str, columns: int = 80) -> Result:
    return CliRunner(env={"COLUMNS": str(columns)}).invoke(cli.cli, ["check", *args], catch_exceptions=False)


@pytest.fixture
def project(tmp_path: Path) -> Path:
    shutil.copytree(REPO / "data", tmp_path / "data")
    return tmp_path


@pytest.fixture
def broken_b6(project: Path) -> Path:
    """Seed 003's 公开01表 with B6 (一般公共预算财政拨款收入) mistyped as 2817.49 (ux.md defect 13)."""
    path = project / WORKBOOK
    workbook = openpyxl.load_workbook(path)
    workbook["公开01表"]["B6"] = 2817.49
    workbook.save(path)
    return project


@pytest.mark.parametrize(
    ("folder", "hint"),
    [
        ("data/2023/qu-xian-shangwu-ju", "qu-xian-shang-wu-ju"),  # a typo: the folder meant is named
        ("data/2025", "下的年度有：2023"),  # a year not there: the years that are
    ],
)
def test_a_folder_that_is_not_there_is_an_error(project: Path, folder: str, hint: str) -> None:
    result = check(project, str(project / folder))
    assert result.exit_code != 0
    assert "检查通过" not in result.output
    assert folder.rsplit("/", 1)[-1] in result.output
    assert hint in result.output


def test_a_folder_that_is_not_a_project_year_or_department_is_an_error(project: Path) -> None:
    inside = project / SAMPLE / "evaluation"
    inside.mkdir(exist_ok=True)
    result = check(project, str(inside))
    assert result.exit_code != 0
    assert "检查通过" not in result.output
    assert "项目" in result.output and "年度" in result.output and "部门" in result.output


def test_the_data_folder_is_the_project(project: Path) -> None:
    assert check(project, str(project / "data")).output == check(project, str(project)).output


def test_findings_are_located_lines_grouped_by_file(broken_b6: Path) -> None:
    result = check(broken_b6, str(broken_b6))
    assert result.exit_code == 1
    out = result.output
    assert not set("│┃━─┏") & set(out), "no table when the output is not a wide terminal"
    for line in out.splitlines():
        assert not re.search(r"qu-xian-shan$|\.x$", line), f"a path broken at the line's end: {line!r}"
    # the department's folder heads its group; each finding is one line that starts at its place
    assert f"{SAMPLE}/" in out
    b6 = next(line for line in out.splitlines() if "公开01表!B6" in line)
    assert "决算公开报表.xlsx › 公开01表!B6" in b6
    assert "错误" in b6 and "X-3" in b6
    assert "应为 2871.49" in b6 and "实为 2817.49" in b6


def test_the_part_that_differs_from_the_other_tables_is_named_before_the_total(broken_b6: Path) -> None:
    out = check(broken_b6, str(broken_b6 / SAMPLE)).output
    lines = out.splitlines()
    b6 = next(i for i, line in enumerate(lines) if "公开01表!B6" in line)
    total = next(i for i, line in enumerate(lines) if "T1-a" in line)
    assert b6 < total
    assert "B6" in lines[total], "the 合计's finding says the part that is likely wrong"


def test_rounding_notes_are_one_line_per_table(project: Path) -> None:
    result = check(project, str(project / SAMPLE))
    assert result.exit_code == 0
    notes = [line for line in result.output.splitlines() if "尾差" in line]
    assert [rule for line in notes for rule in ROUNDING_RULES if f" {rule} " in line] == ROUNDING_RULES
    assert len(notes) == len(ROUNDING_RULES)
    assert all("（“208" not in line for line in notes), "the cells are listed only with --verbose"
    assert "--verbose" in result.output


def test_verbose_lists_every_rounding_difference(project: Path) -> None:
    out = check(project, str(project / SAMPLE), "--verbose").output
    assert "“208 社会保障和就业支出”行的“财政拨款收入”" in out
    assert "D13" in out


def test_at_80_columns_every_line_fits_or_is_one_finding(broken_b6: Path) -> None:
    """A terminal wraps a long line; nothing but the wrap may split it, so grep finds a place whole."""
    out = check(broken_b6, str(broken_b6)).output
    places = re.findall(r"\S+ › \S+", out)
    assert "决算公开报表.xlsx › 公开01表!B29" in places


def test_a_wide_terminal_may_show_a_table() -> None:
    from rich.console import Console

    from generator.model import Finding, Severity, Source
    from generator.terminal.findings import print_findings

    finding = Finding(
        Severity.ERROR, "T1-a", "合计不符。", Source(WORKBOOK, "公开01表", "B29"), "1.00", "2.00", "2023/x"
    )
    wide = Console(width=200, force_terminal=True, record=True)
    print_findings(wide, [finding])
    assert "┃" in wide.export_text()
    narrow = Console(width=80, force_terminal=True, record=True)
    print_findings(narrow, [finding])
    text = narrow.export_text()
    assert "┃" not in text and "决算公开报表.xlsx › 公开01表!B29" in text
