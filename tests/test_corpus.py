"""The corpus of published layouts (issue #12, item 9): each checks clean and builds the plain layout's pages.

Every layout of ``corpus.LAYOUTS`` prints the same figures (the factory's tiny department) under a
department.yaml that explains them. Each must load and check with no error and no warning, and its
generated Markdown must equal that of the plain layout of the same table set, byte for byte, apart
from the two lines that say how the source was laid out: the 附表 unit line of a workbook in 元
("单位：万元（原表以元填报，已换算）") and the link to the original file (.xls for a legacy workbook).
"""

from __future__ import annotations

import re
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from check_support import YEAR
from corpus import LAYOUTS, tiny_department, write_layout
from factory import tiny_workbook_data

from generator.check import check_project
from generator.load import load_project
from generator.model import Finding, Severity
from generator.render import render_site

PLAIN = {"sichuan13": "plain", "mof9": "mof9-split-codes"}
SOURCE_LINES = [
    (re.compile(r"单位：万元（原表以元填报，已换算）"), "单位：万元"),
    (re.compile(r"决算公开报表\.xls\)"), "决算公开报表.xlsx)"),
]


Built = tuple[list[Finding], dict[str, str]]  # the findings and the generated pages' Markdown


def build(root: Path, layout: str, make_project: Callable[[Path], Path]) -> Built:
    """Check and render a project whose one department-year's workbook is in ``layout``."""
    make_project(root)
    table_set = LAYOUTS[layout][0]
    directory = tiny_department(root, "sichuan" if table_set == "sichuan13" else "mof")
    write_layout(directory, layout, tiny_workbook_data(), department="测试局", year=YEAR)
    project = load_project(root)
    findings = check_project(project)
    docs = root / "docs"
    render_site(project, docs)
    pages = {}
    for path in sorted(docs.rglob("*.md")):
        text = path.read_text(encoding="utf-8")
        for pattern, plain in SOURCE_LINES:
            text = pattern.sub(plain, text)
        pages[path.relative_to(docs).as_posix()] = text
    shutil.rmtree(root)
    return findings, pages


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory, make_project: Callable[[Path], Path]) -> dict[str, Built]:
    scratch = tmp_path_factory.mktemp("corpus")
    return {layout: build(scratch / layout, layout, make_project) for layout in LAYOUTS}


@pytest.mark.parametrize("layout", sorted(LAYOUTS))
def test_layout_checks_clean(layout: str, built: dict[str, Built]) -> None:
    findings, _ = built[layout]
    serious = [f"{f.rule} {f.message}" for f in findings if f.severity is not Severity.INFO]
    assert serious == []


@pytest.mark.parametrize("layout", sorted(set(LAYOUTS) - set(PLAIN.values())))
def test_layout_builds_the_plain_layouts_pages(layout: str, built: dict[str, Built]) -> None:
    _, pages = built[layout]
    _, plain = built[PLAIN[LAYOUTS[layout][0]]]
    assert sorted(pages) == sorted(plain)
    assert [name for name in plain if pages[name] != plain[name]] == []
