"""The example project examples/hebei/ states what seed 002 (昌黎县招商中心 2023 年度整体绩效自评工作报告,
Hebei) states, as printed: every line of the report and every cell of its one table (项目自评结果) is on the
部门整体 page, or is listed below with the reason it is not.

The PDF's text breaks some sentences at a page's end (“……绩效自评工作” / “组织机构，……”): the site joins
them into one paragraph, and each part is still found. The report's own figures are transcribed, 30.629 万元
with its three decimals included.
"""

from __future__ import annotations

import re
from pathlib import Path

from test_seed003 import _flat

SEED = Path(__file__).resolve().parent / "fixtures" / "seed002.txt"
PAGE = Path("2023") / "chang-li-xian-zhao-shang-zhong-xin" / "jixiao" / "bumen.md"
# Lines of the seed the site does not print, and why.
DIFFERENCES = {
    "昌黎县招商中心信笺": "the letterhead of the printed sheet, not the report's text",
}


# A section's title is printed as a heading, without the 。 the report closes it with.
HEADING = re.compile(r"^([（(][一二三四五][)）].{0,20})。$")


def _cells() -> list[str]:
    """The seed's lines, a table row's cells each on its own, headings without their closing 。."""
    text = SEED.read_text(encoding="utf-8")
    cells = [flat for line in text.splitlines() for cell in line.split("\t") if (flat := _flat(cell))]
    return [HEADING.sub(r"\1", cell) for cell in cells]


def _unprinted(cells: list[str], page: str) -> list[str]:
    return [cell for cell in cells if cell not in DIFFERENCES and cell not in page]


def test_every_line_and_cell_of_the_report_is_on_its_page(hebei_docs: Path) -> None:
    page = _flat((hebei_docs / PAGE).read_text(encoding="utf-8"))
    missing = _unprinted(_cells(), page)
    assert not missing, "\n".join(missing)


def test_the_walk_finds_a_value_changed_on_the_page(hebei_docs: Path) -> None:
    """The project's 30.629 万元 rounded to two decimals, and the department's score altered in the text."""
    page = (hebei_docs / PAGE).read_text(encoding="utf-8")
    assert _unprinted(_cells(), _flat(page)) == []
    rounded = _unprinted(_cells(), _flat(page.replace("30.629", "30.63")))
    assert "30.629" in rounded and len(rounded) == 3  # the table's cell and the two sentences stating it
    altered = _unprinted(_cells(), _flat(page.replace("得分98分", "得分96分")))
    assert len(altered) == 1 and altered[0].startswith("2.部门整体绩效自评结果得分98分")
