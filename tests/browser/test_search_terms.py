"""Search that finds: a budget term's own chapter first, no “缺少” for a term the result holds, results on
input (an input method commits Chinese without a key event), and the 附表 reachable by their row names.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest
from playwright.sync_api import Locator, Page, expect

from .support import Server

pytestmark = pytest.mark.browser

DEPARTMENT_YEAR = "2023/qu-xian-shang-wu-ju/"
# The 决算 chapters (部门概况 … 名词解释, 附表): a 绩效 report that mentions a term ranks after them.
CHAPTERS = ("gaikuang/", "shuoming/", "sangong/", "mingci/", "fubiao/")
TERMS = ["三公经费", "机关运行经费", "人员经费", "公务接待", "政府采购"]
# The chapter each term is about. 人员经费 only ranks a chapter first: Material splits the query into
# 人员 and 经费 (its segmentation of a Chinese query never keeps the whole run of characters as one word),
# and 经费 weighs most in the “三公”经费 chapter; 决算情况说明, which states 人员经费, comes third.
OWN_CHAPTER = {
    "三公经费": "sangong/",
    "机关运行经费": "shuoming/",
    "公务接待": "sangong/",
    "政府采购": "shuoming/",
}


def results_for(open_page: Callable[..., Page], server: Server, query: str) -> Locator:
    """On a chapter of the department-year, puts ``query`` into the search box as an input method does
    (the text, no key event) and waits for the results."""
    page = open_page()
    page.goto(server.page_url(DEPARTMENT_YEAR + "gaikuang/"))
    box = page.get_by_role("textbox", name="搜索")
    box.click()
    page.keyboard.insert_text(query)
    results = page.locator(".md-search-result__item")
    expect(results.first).to_be_attached(timeout=15_000)
    return results


@pytest.mark.parametrize("term", TERMS)
def test_a_budget_term_ranks_a_chapter_first(
    open_page: Callable[..., Page], server: Server, term: str
) -> None:
    results = results_for(open_page, server, term)
    first = results.first.locator("a.md-search-result__link").first.get_attribute("href") or ""
    assert DEPARTMENT_YEAR in first and any(chapter in first for chapter in CHAPTERS), first
    if term in OWN_CHAPTER:
        assert first.split("#")[0].endswith(DEPARTMENT_YEAR + OWN_CHAPTER[term]), first


@pytest.mark.parametrize("term", TERMS)
def test_no_missing_term_for_a_result_that_holds_it(
    open_page: Callable[..., Page], server: Server, term: str
) -> None:
    results = results_for(open_page, server, term)
    for index in range(results.count()):
        article = results.nth(index).locator("article").first
        if term in article.inner_text():
            assert article.locator(".md-search-result__terms").count() == 0, article.inner_text()


def test_a_row_of_a_table_leads_to_its_table(open_page: Callable[..., Page], server: Server) -> None:
    results = results_for(open_page, server, "一般行政管理事务")
    hrefs = results.locator("a.md-search-result__link").evaluate_all("links => links.map(a => a.href)")
    assert any("/fubiao/" in href for href in hrefs), hrefs
