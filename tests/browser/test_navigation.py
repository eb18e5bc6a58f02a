"""The lean primary navigation (templates/overrides/partials/nav.html) at desktop and phone width.

Its markup is Material's (tests/test_lean_pages.py); these check that Material's scripts and styles
still work it: the sidebar on a desktop, the drawer on a phone with the page's table of contents in
it, and the keyboard reaching the department's chapters. axe runs on the same pages at both widths in
test_accessibility.py.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest
from playwright.sync_api import Page, expect

from .support import PHONE, Server

pytestmark = pytest.mark.browser

DEPARTMENT_YEAR = "2023/qu-xian-shang-wu-ju/"
TABLE_PAGE = DEPARTMENT_YEAR + "fubiao/06-09/"


def test_the_sidebar_shows_the_chapters_and_the_page(open_page: Callable[..., Page], server: Server) -> None:
    page = open_page()
    page.goto(server.page_url(TABLE_PAGE))
    nav = page.locator("nav.md-nav--primary")
    expect(nav.get_by_role("link", name="决算情况说明")).to_be_visible()
    current = nav.locator("a.md-nav__link--active")
    expect(current.last).to_have_text("附表六至九")
    expect(nav.get_by_role("link", name="首页")).to_be_visible()  # the top level: home, years, help
    nav.get_by_role("link", name="决算情况说明").click()
    expect(page).to_have_url(server.page_url(DEPARTMENT_YEAR + "shuoming/"))


def test_the_keyboard_reaches_the_chapters(open_page: Callable[..., Page], server: Server) -> None:
    page = open_page()
    page.goto(server.page_url(TABLE_PAGE))
    for _ in range(80):
        page.keyboard.press("Tab")
        focused = page.evaluate("document.activeElement.textContent.trim()")
        if focused == "决算情况说明":
            break
    else:
        pytest.fail("Tab never reached the chapter 决算情况说明 in the navigation")
    inside = page.evaluate("!!document.activeElement.closest('nav.md-nav--primary')")
    assert inside
    page.keyboard.press("Enter")
    expect(page).to_have_url(server.page_url(DEPARTMENT_YEAR + "shuoming/"))


def test_the_phone_drawer_opens_with_the_chapters_and_the_contents(
    open_page: Callable[..., Page], server: Server
) -> None:
    page = open_page(PHONE)
    page.goto(server.page_url(TABLE_PAGE))
    nav = page.locator("nav.md-nav--primary")
    chapter = nav.get_by_role("link", name="决算情况说明")
    expect(chapter).not_to_be_in_viewport()
    page.locator("label.md-header__button[for='__drawer']").click()
    expect(chapter).to_be_in_viewport()
    # the page's own table of contents, one level down in the drawer
    page.locator("nav.md-nav--primary label.md-nav__link[for='__toc']").click()
    expect(nav.get_by_role("link", name="六、一般公共预算财政拨款支出决算表")).to_be_in_viewport()
    nav.get_by_role("link", name="七、一般公共预算财政拨款支出决算明细表").click()
    expect(page).to_have_url(server.page_url(TABLE_PAGE + "#biao-07"))
