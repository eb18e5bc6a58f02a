"""Printing a chapter from the browser: the print stylesheet as Chromium applies it, and the PDF it makes."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from .support import Server, print_to_pdf

pytestmark = pytest.mark.browser

DEPARTMENT_YEAR = "2023/qu-xian-shang-wu-ju/"
TABLE_PAGE = DEPARTMENT_YEAR + "fubiao/06-09/"  # 附表七 (on it) is longer than a sheet


def style(page: Page, selector: str, prop: str) -> str:
    return str(page.locator(selector).first.evaluate(f"e => getComputedStyle(e)[{prop!r}]"))


def test_print_shows_the_document_only(open_page: Callable[..., Page], server: Server) -> None:
    page = open_page()
    page.goto(server.page_url(TABLE_PAGE))
    page.emulate_media(media="print")
    for chrome in (".md-header", ".md-sidebar--primary", ".md-sidebar--secondary", ".md-footer", ".md-path"):
        expect(page.locator(chrome)).to_be_hidden()
    expect(page.locator("article h1")).to_be_visible()
    expect(page.locator("table.gk-table").first).to_be_visible()
    assert style(page, ".md-typeset .gk-table-meta", "color") == "rgb(0, 0, 0)"
    assert style(page, "table.gk-table thead", "display") == "table-header-group"
    assert style(page, "table.gk-table tbody tr", "breakInside") == "avoid"
    assert style(page, "table.gk-table td", "borderTopStyle") == "solid"
    assert style(page, "table.gk-table td", "borderTopColor") == "rgb(0, 0, 0)"

    page.goto(server.page_url(DEPARTMENT_YEAR))
    assert style(page, "article a:not(.headerlink, .md-button)", "color") == "rgb(0, 0, 0)"
    assert style(page, "article a:not(.headerlink, .md-button)", "textDecorationLine") == "none"


def test_a_printed_table_names_department_and_year_on_every_sheet(
    open_page: Callable[..., Page], server: Server, pdftotext: str, tmp_path: Path
) -> None:
    page = open_page()
    page.goto(server.page_url(TABLE_PAGE))
    texts = print_to_pdf(page, pdftotext, tmp_path / "table.pdf")
    sheets = len(texts)
    assert sheets >= 2
    for number, text in enumerate(texts, start=1):
        assert "渠县商务局" in text, number  # the running header in the @page margin
        assert "2023 年度" in text, number
        assert f"第 {number} 页，共 {sheets} 页" in text
        assert "科目编码" in text, number  # the table's header row, repeated on every sheet
    assert "搜索" not in "".join(texts)
    assert "下载本表" not in "".join(texts)


def test_a_printed_chapter_reads_like_the_official_document(
    open_page: Callable[..., Page], server: Server, pdftotext: str, tmp_path: Path
) -> None:
    page = open_page()
    page.goto(server.page_url(DEPARTMENT_YEAR + "sangong/"))
    texts = print_to_pdf(page, pdftotext, tmp_path / "chapter.pdf")
    assert len(texts) >= 1
    assert "渠县商务局" in texts[0]
    assert "财政拨款“三公”经费支出决算情况说明" in texts[0].replace("\n", "")  # the h1 may wrap
