"""The generated 决算情况说明 states every amount and percentage of seed 003's 第二部分.

Seed 003 (渠县商务局 2023 年度部门决算公开) was typed by hand and contains errors; the
generated text must be right where the seed is wrong:

- 三公 and 公务接待 "下降 10.52%": 9.50 → 9.00 万元 is a fall of 5.26%;
- "增加 0 万元，增长 0%" against a zero base: the generated text says 持平;
- "完成预算 100%" of a zero budget (因公出国, 公务用车): no completion rate is stated;
- 政府采购 "占 0.00%" of a zero total: no share is stated.
"""

from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path

import pytest

# 第二部分 of seed 003 as published, errors included (copied from shared/seeds/003).
SEED = Path(__file__).resolve().parent / "fixtures" / "seed003-part2.txt"
SECTIONS = "一二三四五六七八九十"
NUMBER = re.compile(r"(\d+(?:\.\d+)?)\s*(万元|%)")


def _sections(text: str) -> dict[str, str]:
    """Split a 第二部分 into its sections 一 … 十 by their headings."""
    pattern = re.compile(r"^#+\s*\**([一二三四五六七八九十])、", re.MULTILINE)
    marks = list(pattern.finditer(text))
    return {m.group(1): text[m.start() : (marks[i + 1].start() if i + 1 < len(marks) else len(text))]
            for i, m in enumerate(marks)}  # fmt: skip


def _numbers(text: str) -> set[tuple[Decimal, str]]:
    flat = re.sub(r"\s+", "", text)
    return {(Decimal(value).quantize(Decimal("0.01")), unit) for value, unit in NUMBER.findall(flat)}


def _seed_part_two() -> str:
    return SEED.read_text(encoding="utf-8")


# (section, value, unit) the seed states wrongly, and what the generated text says instead.
SEED_ERRORS = {
    ("七", Decimal("10.52"), "%"): "下降5.26%",
}
# Percentages the seed states on a zero base (政府采购 "占 0.00%"): the generated text leaves them out.
ZERO_BASE_PERCENTAGES = {("十", Decimal("0.00"), "%")}


@pytest.fixture(scope="module")
def generated(sample_docs: Path) -> dict[str, str]:
    base = sample_docs / "2023" / "qu-xian-shang-wu-ju"
    sections = _sections((base / "shuoming.md").read_text(encoding="utf-8"))
    sections["七"] = (base / "sangong.md").read_text(encoding="utf-8")
    return sections


@pytest.mark.parametrize("section", list(SECTIONS))
def test_section_states_the_seeds_numbers(section: str, generated: dict[str, str]) -> None:
    seed = _sections(_seed_part_two())[section]
    ours = _numbers(generated[section])
    missing = []
    for value, unit in sorted(_numbers(seed)):
        key = (section, value, unit)
        if key in SEED_ERRORS:
            assert SEED_ERRORS[key] in re.sub(r"\s+", "", generated[section])
            assert (value, unit) not in ours, f"seed error {value}{unit} reproduced"
        elif key in ZERO_BASE_PERCENTAGES:
            continue
        elif (value, unit) not in ours:
            missing.append(f"{value}{unit}")
    assert not missing, f"section {section}: the seed states {missing}, the generated text does not"


def test_sangong_change_is_computed(generated: dict[str, str]) -> None:
    text = re.sub(r"\s+", "", generated["七"])
    assert "较上年度减少0.50万元，下降5.26%" in text
    assert "10.52" not in text
    assert "增长0%" not in text and "增长0.00%" not in text
    # zero budgets: no completion rate for 因公出国 and 公务用车
    assert "因公出国（境）经费支出0.00万元。" in text
    assert "公务用车购置及运行维护费支出0.00万元。" in text


def test_zero_base_has_no_percentage(generated: dict[str, str]) -> None:
    text = re.sub(r"\s+", "", generated["十"])
    assert "政府采购支出总额0.00万元" in text
    assert "占政府采购支出总额" not in text
