"""Rules on 科目 codes and names (K-1 … K-4): the tables follow the year's classification.

The dictionary is ``generator/data/classification/<year>.yaml``. A name that differs from it is a
警告 (the disclosure must use the current year's names). A code it lacks takes the workbook's own
name: dictionaries are never complete (codes are added every year), so only a code whose 类 is
unknown too is a 提示 (K-2, most likely mistyped), and the 名词解释 text a code lacks is asked for
once, as a 提示 naming the department.yaml key to fill (K-3).
"""

from __future__ import annotations

from collections.abc import Iterator

from generator.model import DepartmentYear, Finding, Row, Severity, Table
from generator.rules.base import classification, department_yaml, rule, table_name
from generator.standard.classification import normalise_name

CODED_TABLES = [
    "income",
    "expenditure",
    "fiscal_detail",
    "gpb",
    "gpb_detail",
    "gpb_project",
    "fund",
    "soe_income_expenditure",
    "soe",
]
ECONOMIC_TABLES = ["gpb_basic.personnel", "gpb_basic.public"]
# The tables whose 项 get an entry in 名词解释 (as ``derive`` lists them).
GLOSSARY_TABLES = ["income", "expenditure", "gpb", "fund", "soe", "soe_income_expenditure"]


def _coded_rows(dy: DepartmentYear, table_ids: list[str]) -> Iterator[tuple[Table, Row]]:
    assert dy.accounts is not None
    for table_id in table_ids:
        table = dy.accounts.get(table_id)
        if table is not None:
            yield from ((table, row) for row in table.rows if row.code)


@rule("K-1", "K-2", "K-4")
def code_names(dy: DepartmentYear) -> Iterator[Finding]:
    """Every code/name pair matches the year's dictionary; codes it lacks are listed once."""
    assert dy.department is not None
    dictionary = classification(dy, "K-1")
    unknown: dict[tuple[str, str], list[tuple[Table, Row]]] = {}
    for kind, table_ids in (("functional", CODED_TABLES), ("economic", ECONOMIC_TABLES)):
        for table, row in _coded_rows(dy, table_ids):
            code = row.code or ""
            subject = dictionary.functional(code) if kind == "functional" else dictionary.economic(code)
            if subject is None:
                unknown.setdefault((kind, code), []).append((table, row))
            elif not dictionary.name_matches(code, row.name):
                former = subject.renamed_from and normalise_name(subject.renamed_from) == normalise_name(
                    row.name
                )
                yield Finding(
                    Severity.WARNING,
                    "K-1",
                    f"{table_name(table)}中科目 {code} 的名称“{row.name}”与 {dictionary.year} 年分类科目"
                    f"不一致，应为“{subject.name}”" + ("（表中用的是改名前的旧名称）。" if former else "。"),
                    row.source,
                    expected=subject.name,
                    found=row.name,
                )
    for (kind, code), places in unknown.items():
        first_table, first = places[0]
        for table, row in places[1:]:
            if normalise_name(row.name) != normalise_name(first.name):
                yield Finding(
                    Severity.WARNING,
                    "K-4",
                    f"科目 {code} 在{table_name(first_table)}中名为“{first.name}”，"
                    f"在{table_name(table)}中名为“{row.name}”：同一科目在各表中应使用同一名称。",
                    row.source,
                    expected=first.name,
                    found=row.name,
                )
        known_class = (
            dictionary.functional(code[:3]) if kind == "functional" else dictionary.economic(code[:3])
        )
        if known_class is not None:
            continue  # a code newer than the dictionary, in a known 类: it takes the workbook's name
        tables = "、".join(dict.fromkeys(table_name(table) for table, _ in places))
        yield Finding(
            Severity.INFO,
            "K-2",
            f"科目 {code}“{first.name}”的类 {code[:3]} 不在 {dictionary.year} 年分类科目字典中"
            f"（见{tables}）：请核对编码是否有误；编码无误时可不处理。",
            first.source,
            expected=f"{dictionary.year} 年分类科目中的编码",
            found=code,
        )


@rule("K-3")
def glossary_texts(dy: DepartmentYear) -> Iterator[Finding]:
    """Every 项 listed in 名词解释 has a 说明: from the dictionary, else from department.yaml's glossary."""
    assert dy.department is not None
    dictionary = classification(dy, "K-3")
    where = department_yaml(dy)
    items: dict[str, Row] = {}
    for _, row in _coded_rows(dy, GLOSSARY_TABLES):
        if row.level == 3 and row.code:
            items.setdefault(row.code, row)
    for code, row in sorted(items.items()):
        subject = dictionary.functional(code)
        if (subject is not None and subject.description) or dy.department.glossary.get(code):
            continue
        yield Finding(
            Severity.INFO,
            "K-3",
            f"名词解释将缺少科目 {code}“{row.name}”的说明：{dictionary.year} 年分类科目字典中没有它的说明，"
            f"请在 department.yaml 的 glossary 中填写（键 glossary.{code}，写明该科目反映的内容）。",
            where.locate(f"glossary.{code}"),
            expected="科目说明",
            found="无",
        )
