"""No silent wrong output: what the workbook or content/ holds is published as it is, or refused by name.

- ``-0`` typed in an amount cell is 0.00, and no rounding anywhere prints ``-0.00``;
- a cached error value (``#REF!``, ``#DIV/0!``, …) in an amount cell is an error naming the cell and the
  value, whether a formula computed it or it was pasted as a value, instead of a blank or “公式未计算”;
- a hand-written page in content/ where gongkai writes a page of its own is an error naming the file,
  instead of being replaced without a word.
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest
from check_support import base_data, check, line, write_project
from corpus import to_xls

from generator.build import BuildError, build_site
from generator.load import load_project
from generator.model import Severity
from generator.numbers import money, money_grouped, percent
from generator.render import render_site

ERRORS = ["#REF!", "#DIV/0!", "#N/A", "#VALUE!", "#NAME?", "#NUM!", "#NULL!"]


def test_rounding_never_prints_minus_zero() -> None:
    assert money(Decimal("-0.004")) == "0.00"
    assert money_grouped(Decimal("-0.001")) == "0.00"
    assert money(Decimal("-0")) == "0.00"
    assert percent(Decimal("-0.001")) == "0.00%"
    assert money(Decimal("-0.005")) == "-0.01"


def test_minus_zero_in_a_cell_is_published_as_zero(
    tmp_path: Path, make_project: Callable[[Path], Path]
) -> None:
    data = base_data()
    line(data, "gpb", "2011301").values["project"] = "-0"  # blank in the sample; typed as text
    root = write_project(make_project(tmp_path / "project"), data)
    docs = tmp_path / "docs"
    render_site(load_project(root), docs)
    for path in sorted(docs.rglob("*")):
        if path.suffix in (".md", ".csv", ".json"):
            assert "-0.00" not in path.read_text(encoding="utf-8"), path
    rows = (
        (docs / "2023" / "ce-shi-ju" / "downloads" / "测试局2023年度一般公共预算财政拨款支出决算表.csv")
        .read_text(encoding="utf-8")
        .splitlines()
    )
    assert next(row for row in rows if ",2011301," in row).split(",")[-1] == "0.00"


def _cell_of(root: Path) -> tuple[str, str]:
    """Sheet and cell of 2011301's 基本支出 in the 一般公共预算财政拨款支出决算表."""
    sheet, cell = check(root).cell("gpb", "2011301", "basic")
    assert sheet is not None and cell is not None
    return sheet, cell


def _cache_error(workbook: Path, sheet: str, cell: str, error: str, formula: str | None) -> None:
    """Write ``error`` into the cell as Excel saves an error: a value of type "e", after its formula."""
    book = openpyxl.load_workbook(workbook)
    book[sheet][cell] = error if formula is None else f"={formula}"  # openpyxl types "#REF!" as an error
    number = book.sheetnames.index(sheet) + 1
    book.save(workbook)
    if formula is None:
        return
    with zipfile.ZipFile(workbook) as archive:
        parts = {name: archive.read(name) for name in archive.namelist()}
    name = f"xl/worksheets/sheet{number}.xml"
    xml = parts[name].decode()
    xml, replaced = re.subn(
        rf'<c r="{cell}"([^>]*)><f>(.*?)</f>.*?</c>',
        rf'<c r="{cell}"\1 t="e"><f>\2</f><v>{error}</v></c>',
        xml,
    )
    assert replaced == 1
    parts[name] = xml.encode()
    with zipfile.ZipFile(workbook, "w") as archive:
        for part, content in parts.items():
            archive.writestr(part, content)


@pytest.mark.parametrize("formula", [None, "1/0"], ids=["value", "formula"])
@pytest.mark.parametrize("error", ERRORS)
def test_a_cached_error_value_is_an_error_naming_the_cell(
    tmp_path: Path, error: str, formula: str | None
) -> None:
    root = write_project(tmp_path)
    sheet, cell = _cell_of(root)
    _cache_error(root / "data" / "2023" / "ce-shi-ju" / "决算公开报表.xlsx", sheet, cell, error, formula)
    _assert_named(root, sheet, cell, error)


@pytest.mark.parametrize("error", ERRORS)
def test_an_error_value_in_a_legacy_xls_is_an_error_naming_the_cell(tmp_path: Path, error: str) -> None:
    """Calamine reads an error cell of an .xls as blank, as it does in an .xlsx."""
    root = write_project(tmp_path)
    sheet, cell = _cell_of(root)
    workbook = root / "data" / "2023" / "ce-shi-ju" / "决算公开报表.xlsx"
    _cache_error(workbook, sheet, cell, error, None)
    to_xls(workbook)
    _assert_named(root, sheet, cell, error)


def _assert_named(root: Path, sheet: str, cell: str, error: str) -> None:
    """The check reports ``error`` at the cell, as an error value and not as an uncomputed formula."""
    findings = check(root).findings
    named = [
        f
        for f in findings
        if f.severity is Severity.ERROR
        and f.source is not None
        and (f.source.sheet, f.source.cell) == (sheet, cell)
    ]
    assert named, [f.message for f in findings if f.severity is Severity.ERROR]
    assert all(error in f.message and "公式未计算" not in f.message for f in named)
    assert [f for f in findings if f.rule == "load.formula-not-computed"] == []


@pytest.mark.parametrize("page", ["gaikuang.md", "buchong.md", "downloads/测试局2023年度收入决算表.csv"])
def test_content_where_gongkai_writes_a_department_year_is_an_error(
    tmp_path: Path, make_project: Callable[[Path], Path], page: str
) -> None:
    root = write_project(make_project(tmp_path / "project"))
    path = root / "content" / "2023" / "ce-shi-ju" / page
    path.parent.mkdir(parents=True)
    path.write_text("# 手写的页面\n", encoding="utf-8")
    with pytest.raises(BuildError, match=re.escape(f"content/2023/ce-shi-ju/{page}")):
        build_site(root)
    assert not (root / "site").exists()
