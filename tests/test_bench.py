"""The benchmark's synthetic region stays valid: a tiny one passes the check without a finding and builds."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from bench.run import run_stages, site_stats
from bench.synthetic import (
    CHANGE_REASONS,
    DEFAULT_SEED,
    DEPARTMENT_SHEET,
    DUTIES,
    INDICATORS,
    ITEM_REASONS,
    PURPOSES,
    SPECIAL_SHEET,
    all_units,
    draw_ledger,
    draw_profile,
    generate_region,
    region_plan,
)
from generator.check import check_project
from generator.load import load_project
from generator.rules.residue import template_residue


def test_tiny_region_checks_clean_and_builds(tmp_path: Path) -> None:
    project = generate_region(tmp_path / "region", 4, years=2, workers=1)  # 2 departments × 2 years
    loaded = load_project(project)
    assert [dy.year for dy in loaded.department_years] == [2023, 2023, 2024, 2024]
    findings = check_project(loaded)
    assert findings == [], [f"{f.department} {f.rule}: {f.message}" for f in findings]
    times = run_stages(project, tmp_path / "staging")
    assert times.warnings == times.notes == 0
    assert times.pages >= 4 * 10  # chapters, the 附表 index and the 附表 pages of each department-year
    site = tmp_path / "staging" / "site"
    indexes = {f"{folder}search/search_index.json" for folder in ("", "2023/", "2024/")}
    assert all((site / index).is_file() for index in indexes)
    assert site_stats(site)["search_index"] in indexes  # the largest a page loads


@pytest.mark.parametrize(
    ("n", "departments", "years"), [(10, 10, 1), (100, 20, 5), (103, 21, 5), (500, 100, 5)]
)
def test_region_shape(n: int, departments: int, years: int) -> None:
    plan = region_plan(n)
    assert len(plan) == departments
    assert sum(len(spans) for _, spans in plan) == n
    assert max(len(spans) for _, spans in plan) == years
    assert len({unit.slug for unit, _ in plan}) == departments


def test_same_seed_same_region() -> None:
    (unit, _), *_ = region_plan(100, seed=3)
    assert draw_profile(unit, 0, 3) == draw_profile(unit, 0, 3)
    assert draw_ledger(draw_profile(unit, 0, 3), 2024, 3) == draw_ledger(draw_profile(unit, 0, 3), 2024, 3)
    assert draw_ledger(draw_profile(unit, 0, 3), 2024, 3) != draw_ledger(draw_profile(unit, 0, 4), 2024, 4)


def _texts(value: Any) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from _texts(item)
    elif isinstance(value, list | tuple):
        for item in value:
            yield from _texts(item)


def test_no_area_makes_a_doubled_word() -> None:
    """A text written around a department's area reads without a slip (Y-8) for every area of the
    catalogue: “职工服务服务水平” was one, for the areas ending in 服务 (the tiny region has none)."""
    areas = {unit.area for unit in all_units(DEFAULT_SEED)}
    texts = [
        text
        for text in _texts(
            (DUTIES, CHANGE_REASONS, ITEM_REASONS, PURPOSES, INDICATORS, DEPARTMENT_SHEET, SPECIAL_SHEET)
        )
        if "{area}" in text
    ]
    assert texts
    slips = {
        written: found
        for area in areas
        for text in texts
        if (found := template_residue(written := text.replace("{area}", area)))
    }
    assert slips == {}
