"""Search that finds: a budget term's own chapter first, no “缺少” for a term the result holds, results on
input (an input method commits Chinese without a key event), and the 附表 reachable by their row names.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest
from playwright.sync_api import Locator, Page, expect

from .support import DESKTOP, PHONE, Server

pytestmark = pytest.mark.browser

DEPARTMENT_YEAR = "2023/qu-xian-shang-wu-ju/"
# Each budget term and the 决算 chapter about it, which its search lists first (before a 绩效 report that
# mentions the term).
OWN_CHAPTER = {
    "三公经费": "sangong/",
    "机关运行经费": "shuoming/",
    "人员经费": "shuoming/",
    "公务接待": "sangong/",
    "政府采购": "shuoming/",
}
TERMS = list(OWN_CHAPTER)


def results_for(
    open_page: Callable[..., Page], server: Server, query: str, viewport: dict[str, int] = DESKTOP
) -> Locator:
    """On a chapter of the department-year, puts ``query`` into the search box as an input method does
    (the text, no key event) and waits for the results. On a phone the box opens from the header's
    search button first."""
    page = open_page(viewport)
    page.goto(server.page_url(DEPARTMENT_YEAR + "gaikuang/"))
    if viewport is PHONE:
        page.locator('label.md-header__button[for="__search"]').click()
    box = page.get_by_role("textbox", name="搜索")
    box.click()
    page.keyboard.insert_text(query)
    results = page.locator(".md-search-result__item")
    expect(results.first).to_be_attached(timeout=15_000)
    return results


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["1366", "390"])
@pytest.mark.parametrize("term", TERMS)
def test_a_budget_term_ranks_its_chapter_first(
    open_page: Callable[..., Page], server: Server, term: str, viewport: dict[str, int]
) -> None:
    results = results_for(open_page, server, term, viewport)
    first = results.first.locator("a.md-search-result__link").first.get_attribute("href") or ""
    assert first.split("#")[0].endswith(DEPARTMENT_YEAR + OWN_CHAPTER[term]), first


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["1366", "390"])
@pytest.mark.parametrize("term", TERMS)
def test_no_missing_term_for_a_result_that_holds_it(
    open_page: Callable[..., Page], server: Server, term: str, viewport: dict[str, int]
) -> None:
    results = results_for(open_page, server, term, viewport)
    for index in range(results.count()):
        article = results.nth(index).locator("article").first
        if term in article.inner_text():
            assert article.locator(".md-search-result__terms").count() == 0, article.inner_text()


def test_a_row_of_a_table_leads_to_its_table(open_page: Callable[..., Page], server: Server) -> None:
    results = results_for(open_page, server, "一般行政管理事务")
    hrefs = results.locator("a.md-search-result__link").evaluate_all("links => links.map(a => a.href)")
    assert any("/fubiao/" in href for href in hrefs), hrefs
