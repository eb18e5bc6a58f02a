"""Scoring tables that fit: on every 自评分表 and 绩效指标 table of the sample, the 得分 column and the row
that sums it are in view at desktop width (1366) and on a phone (390) without scrolling the table sideways;
the long 指标解释 and 评分方法 read in columns wide enough; the pages are axe clean at both widths.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Locator, Page

from .support import AXE_OPTIONS, DESKTOP, PHONE, Server, unavailable
from .test_print import print_to_pdf

pytestmark = pytest.mark.browser

PAGES = [
    "2023/qu-xian-shang-wu-ju/jixiao/bumen/",
    "2023/qu-xian-shang-wu-ju/jixiao/zhuanxiang-01/",
]


def scoring_tables(page: Page) -> list[Locator]:
    tables = page.locator("table.gk-scores")
    return [tables.nth(index) for index in range(tables.count())]


def score_column(table: Locator) -> int | None:
    headers = [text.strip() for text in table.locator("thead th").all_inner_texts()]
    return headers.index("得分") if "得分" in headers else None


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["1366", "390"])
@pytest.mark.parametrize("path", PAGES)
def test_the_scores_are_in_view(
    open_page: Callable[..., Page], server: Server, path: str, viewport: dict[str, int]
) -> None:
    page = open_page(viewport)
    page.goto(server.page_url(path))
    tables = scoring_tables(page)
    assert tables, "every self-evaluation page has a scoring table"
    for table in tables:
        column = score_column(table)
        if column is None:
            continue  # no indicator of this table is scored
        right = min(
            table.locator("xpath=..").evaluate("w => w.getBoundingClientRect().right"), viewport["width"]
        )
        box = table.locator("thead th").nth(column).bounding_box()
        assert box is not None and box["x"] + box["width"] <= right + 1, path
        total = table.locator("tbody tr").last  # 合计 (three header columns wide), then one cell per column
        assert "合计" in total.inner_text() or "总分" in total.inner_text()
        cell = total.locator("td").nth(column - 3).bounding_box()
        assert cell is not None and cell["x"] + cell["width"] <= right + 1, path


@pytest.mark.parametrize("path", PAGES)
def test_long_texts_are_readable(open_page: Callable[..., Page], server: Server, path: str) -> None:
    page = open_page(DESKTOP)
    page.goto(server.page_url(path))
    for cell in page.locator("table.gk-scores td.gk-long").all()[:20]:
        if cell.inner_text().strip():
            box = cell.bounding_box()
            assert box is not None and box["width"] >= 120, cell.inner_text()[:20]


@pytest.fixture(scope="module")
def axe() -> Axe:
    return Axe()


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["1366", "390"])
@pytest.mark.parametrize("path", PAGES[:2])
def test_axe_clean(
    open_page: Callable[..., Page], server: Server, axe: Axe, path: str, viewport: dict[str, int]
) -> None:
    page = open_page(viewport)
    page.goto(server.page_url(path))
    violations = axe.run(page, options=AXE_OPTIONS).response["violations"]
    assert [
        violation["id"] for violation in violations if violation["impact"] in ("serious", "critical")
    ] == []


def test_printed_the_scoring_tables_take_the_sheets_their_rows_need(
    open_page: Callable[..., Page], server: Server, tmp_path: Path
) -> None:
    """No sheet holds only a caption and a header (a row too long for what is left of a sheet breaks),
    and each sheet repeats the table's header: the 2023 部门整体 page was 11 sheets, one nearly empty."""
    tool = shutil.which("pdftotext")
    if tool is None:
        unavailable("the print test reads the PDF with pdftotext (apt-get install poppler-utils)")
    page = open_page()
    page.goto(server.page_url(PAGES[0]))
    page.emulate_media(media="print")
    sheets = print_to_pdf(page, tool, tmp_path / "bumen.pdf")
    assert len(sheets) <= 9
    lines = [len([line for line in sheet.splitlines() if line.strip()]) for sheet in sheets]
    assert min(lines[:-1]) >= 15, lines
    assert sum("得分" in sheet for sheet in sheets) >= len(sheets) // 2  # the header comes again
