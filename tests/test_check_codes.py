"""科目 codes and names against the year's classification (K-1 … K-4)."""

from __future__ import annotations

from pathlib import Path

import pytest
from check_support import DEPARTMENT, Checked, base_data, line, line_of, run

from generator.derive import derive
from generator.model import Severity

UNKNOWN = "2160698"  # not a 项 of 21606 涉外发展服务支出 in the 2023 dictionary


@pytest.fixture(scope="module")
def base(tmp_path_factory: pytest.TempPathFactory) -> Checked:
    return run(tmp_path_factory.mktemp("base"))


@pytest.mark.parametrize("rule", ["K-1", "K-2", "K-3", "K-4"])
def test_rule_passes_on_the_sample(base: Checked, rule: str) -> None:
    assert not base.of(rule)


def test_k1_a_name_that_is_not_the_dictionarys(tmp_path: Path) -> None:
    data = base_data()
    line(data, "gpb", "2011301").name = "行政运行费"
    checked = run(tmp_path, data)
    (finding,) = checked.of("K-1")
    assert finding.severity is Severity.WARNING
    assert finding.source == checked.row("gpb", "2011301").source
    assert (finding.expected, finding.found) == ("行政运行", "行政运行费")


def test_k1_spacing_and_bracket_width_do_not_matter(tmp_path: Path) -> None:
    data = base_data()
    line(data, "gpb_basic.public", "30213").name = "维修(护)费"
    line(data, "gpb", "2011301").name = "行政 运行"
    assert not run(tmp_path, data).of("K-1")


def _unknown_code(tables: dict[str, str]) -> dict:
    """The sample with 2160699 recoded as UNKNOWN, named per table."""
    data = base_data()
    for table_id, name in tables.items():
        item = line(data, table_id, "2160699")
        item.code, item.name = UNKNOWN, name
    return data


def test_a_code_the_dictionary_lacks_takes_the_workbooks_name(tmp_path: Path) -> None:
    """A 项 newer than the dictionary (in a known 类) is no finding but one note asking for its 说明."""
    checked = run(tmp_path, _unknown_code({"gpb": "其他涉外发展服务支出"}))
    assert not checked.of("K-2")
    (note,) = checked.of("K-3")
    assert note.severity is Severity.INFO
    assert note.source is not None
    assert (note.source.key, note.source.line) == (f"glossary.{UNKNOWN}", None)
    glossary = {entry.term: entry.text for entry in derive(checked.dy).glossary}
    assert "商业服务业等支出（类）涉外发展服务支出（款）其他涉外发展服务支出（项）" in glossary


def test_k2_a_code_whose_class_is_unknown_too(tmp_path: Path) -> None:
    data = base_data()
    item = line(data, "gpb", "2160699")
    item.code = "2990699"  # no 类 299
    checked = run(tmp_path, data)
    (note,) = checked.of("K-2")
    assert note.severity is Severity.INFO and "299" in note.message
    assert note.source == checked.row("gpb", "2990699").source


def test_k2_and_k3_glossary_text_explains_the_code(tmp_path: Path) -> None:
    department = DEPARTMENT + f"glossary:\n  '{UNKNOWN}': 反映其他涉外发展服务方面的支出。\n"
    checked = run(tmp_path, _unknown_code({"gpb": "其他涉外发展服务支出"}), department)
    assert not checked.of("K-2")
    assert not checked.of("K-3")


def test_k3_points_at_the_glossary_block_when_there_is_one(tmp_path: Path) -> None:
    department = DEPARTMENT + "glossary:\n  '2999999': 反映其他支出。\n"
    checked = run(tmp_path, _unknown_code({"gpb": "其他涉外发展服务支出"}), department)
    (note,) = checked.of("K-3")
    assert note.source is not None
    assert (note.source.key, note.source.line) == (
        f"glossary.{UNKNOWN}",
        line_of(department, "glossary:"),
    )


def test_k4_one_code_two_names(tmp_path: Path) -> None:
    checked = run(tmp_path, _unknown_code({"gpb": "其他涉外发展服务支出", "expenditure": "涉外服务"}))
    (finding,) = checked.of("K-4")
    assert finding.severity is Severity.WARNING
    assert finding.source in (checked.row("gpb", UNKNOWN).source, checked.row("expenditure", UNKNOWN).source)


def test_k4_one_code_one_name_passes(tmp_path: Path) -> None:
    name = "其他涉外发展服务支出"
    assert not run(tmp_path, _unknown_code({"gpb": name, "expenditure": name})).of("K-4")
