"""Rules on whose workbook it is (W-1 … W-3): the year and 编制单位 it prints, and last year's copy.

A workbook filed in the wrong folder checks clean on every sum and would be published under the
wrong year or department: these rules compare what its tables print with the folder and
department.yaml, and the workbook with last year's.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Iterator
from pathlib import Path

from generator.model import DepartmentYear, Finding, Printed, Severity, Table
from generator.rules.base import department_yaml, rule, table_name, workbook_source

# what a 编制单位 may add to the department's name: spaces, brackets such as （本级）, quotes
NAME_NOISE = re.compile(r"[\s“”\"'「」]|[(（][^)）]*[)）]")


def _printed(dy: DepartmentYear, field: str) -> list[tuple[Table, Printed]]:
    assert dy.accounts is not None
    found = [(table, getattr(table, field)) for table in dy.accounts.tables.values()]
    return [(table, printed) for table, printed in found if printed is not None]


def _places(wrong: list[tuple[Table, Printed]]) -> str:
    shown = "、".join(dict.fromkeys(f"“{table_name(table)}”" for table, _ in wrong[:3]))
    return shown + (f"等 {len(wrong)} 张表" if len(wrong) > 3 else "")


@rule("W-1")
def printed_year(dy: DepartmentYear) -> Iterator[Finding]:
    """The year the tables print is the year of the folder the workbook is in."""
    wrong = [(table, printed) for table, printed in _printed(dy, "year") if int(printed.text) != dy.year]
    if wrong:
        first = wrong[0][1]
        yield Finding(
            Severity.ERROR,
            "W-1",
            f"工作簿印的是 {first.text} 年度（{_places(wrong)}，首见{first.source.describe()}），"
            f"却放在 data/{dy.year}/{dy.slug}/ 下：请换成 {dy.year} 年度的报表，"
            f"或把它放回 data/{first.text}/{dy.slug}/。",
            first.source,
            expected=f"{dy.year}年度",
            found=f"{first.text}年度",
        )


def _name(text: str) -> str:
    return NAME_NOISE.sub("", unicodedata.normalize("NFKC", text))


@rule("W-2")
def printed_issuer(dy: DepartmentYear) -> Iterator[Finding]:
    """The 编制单位 the tables print is the department of department.yaml."""
    assert dy.department is not None
    name = _name(dy.department.name)
    wrong = [(table, printed) for table, printed in _printed(dy, "issuer") if _name(printed.text) != name]
    if wrong:
        first = wrong[0][1]
        where = department_yaml(dy).locate("name")
        yield Finding(
            Severity.ERROR,
            "W-2",
            f"工作簿的编制单位是“{first.text}”（{_places(wrong)}，首见{first.source.describe()}），"
            f"而 department.yaml 的部门名称（{where.describe()}）是“{dy.department.name}”："
            "请核对是否放错了部门的报表，或改正其中一处。",
            first.source,
            expected=dy.department.name,
            found=first.text,
        )


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def same_as_prior(dy: DepartmentYear) -> str | None:
    """How the workbook equals last year's: "与上年的工作簿完全相同" or "…数字完全相同"; None if not."""
    prior = dy.prior
    if prior is None or prior.accounts is None or dy.accounts is None or dy.workbook is None:
        return None
    if prior.workbook is not None and _digest(prior.workbook) == _digest(dy.workbook):
        return "与上年的工作簿完全相同"
    if _figures(dy) and _figures(dy) == _figures(prior):
        return "与上年工作簿的数字完全相同"
    return None


def _figures(dy: DepartmentYear) -> dict[str, list[tuple[str | None, str, dict[str, object]]]]:
    assert dy.accounts is not None
    return {
        table_id: [
            (row.code, row.name, {key: amount.value for key, amount in row.values.items()})
            for row in [*table.rows, *([table.total] if table.total else [])]
            if row.values
        ]
        for table_id, table in dy.accounts.tables.items()
        if not table.is_empty
    }


@rule("W-3")
def copied_from_prior(dy: DepartmentYear) -> Iterator[Finding]:
    """A workbook equal to last year's (file or figures) is most likely last year's, filed again."""
    same = same_as_prior(dy)
    if same is not None:
        yield Finding(
            Severity.WARNING,
            "W-3",
            f"本年度的工作簿{same}（data/{dy.year - 1}/{dy.slug}/）："
            f"请确认放入的是 {dy.year} 年度的决算报表。",
            workbook_source(dy),
            expected=f"{dy.year} 年度的数字",
            found=same,
        )
