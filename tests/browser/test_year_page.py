"""The year page's comparison sorted by mouse and by keyboard, the home page's filter, with and without
JavaScript, at desktop and phone width, and axe on both pages — on a region of four departments in two
groups (tests/portal_support.py), whose amounts differ, served instead of the sample site."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager
from decimal import Decimal
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Locator, Page, expect
from portal_support import YEAR, Department, write_region

from generator.build import build_site

from .support import AXE_OPTIONS, DESKTOP, PHONE, Server

pytestmark = pytest.mark.browser

REGION = [
    Department("bing-ju", "丙局", 2, group="政法系统", score=85),
    Department("ding-zhong-xin", "丁中心", 4, group="教育系统", kind="事业"),
    Department("jia-ju", "甲局", 1, group="教育系统", score=80),
    Department("yi-ju", "乙局", 3),
]
NAMES = ["丙局", "丁中心", "甲局", "乙局"]  # the folders' order: the table's without sorting
YEAR_PAGE = f"{YEAR}/"


@pytest.fixture(scope="module")
def server(
    chromium: Path,
    make_project: Callable[[Path], Path],
    serve: Callable[[Path], AbstractContextManager[Server]],
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[Server]:
    """This module's pages come from the region, not from the sample (open_page uses this server)."""
    root = make_project(tmp_path_factory.mktemp("region") / "project")
    write_region(root, REGION, tmp_path_factory.mktemp("scratch"))
    site = build_site(root, site_dir=tmp_path_factory.mktemp("built") / "site").site_dir
    with serve(site) as served:
        yield served


def comparison(page: Page) -> Locator:
    return page.get_by_role("table", name=f"{YEAR} 年度各部门决算主要数据")


def names(table: Locator) -> list[str]:
    return table.locator("tbody th").all_inner_texts()


def column(table: Locator, index: int) -> list[Decimal | None]:
    """The amounts of a column (1 = 收支总计) as the page shows them; None for “—” (read as 无)."""
    cells = table.locator(f"tbody tr td:nth-of-type({index})")
    texts = cells.all_inner_texts()
    return [None if text.startswith("—") else Decimal(text.replace(",", "")) for text in texts]


def header(table: Locator, label: str) -> Locator:
    return table.get_by_role("columnheader", name=label, exact=True)


def test_sorting_by_a_click_orders_the_rows_by_the_numbers(
    open_page: Callable[..., Page], server: Server
) -> None:
    page = open_page()
    page.goto(server.page_url(YEAR_PAGE))
    table = comparison(page)
    expect(page.locator(".gk-sort-hint")).to_be_visible()
    assert names(table) == NAMES
    expect(header(table, "部门")).to_have_attribute("aria-sort", "ascending")

    header(table, "收支总计").get_by_role("button").click()
    totals = column(table, 1)
    assert totals == sorted(totals, reverse=True) and totals[0] == Decimal("540.00")
    assert names(table) == ["丁中心", "乙局", "丙局", "甲局"]
    expect(header(table, "收支总计")).to_have_attribute("aria-sort", "descending")
    expect(header(table, "部门")).not_to_have_attribute("aria-sort", "ascending")

    header(table, "收支总计").get_by_role("button").click()
    totals = column(table, 1)
    assert totals == sorted(totals) and names(table) == ["甲局", "丙局", "乙局", "丁中心"]
    expect(header(table, "收支总计")).to_have_attribute("aria-sort", "ascending")
    # 合计 stays below the rows
    expect(table.locator("tr").last).to_contain_text("合计")
    expect(table.locator("tfoot")).to_contain_text("1,350.00")


def test_sorting_by_keyboard(open_page: Callable[..., Page], server: Server) -> None:
    page = open_page()
    page.goto(server.page_url(YEAR_PAGE))
    table = comparison(page)
    page.get_by_role("region", name=f"{YEAR} 年度各部门决算主要数据").focus()
    page.keyboard.press("Tab")  # the 部门 button
    page.keyboard.press("Tab")  # the 收支总计 button
    expect(header(table, "收支总计").get_by_role("button")).to_be_focused()
    page.keyboard.press("Enter")
    expect(header(table, "收支总计")).to_have_attribute("aria-sort", "descending")
    totals = column(table, 1)
    assert totals == sorted(totals, reverse=True)
    page.keyboard.press("Space")
    expect(header(table, "收支总计")).to_have_attribute("aria-sort", "ascending")
    totals = column(table, 1)
    assert totals == sorted(totals)

    # back to the names: Shift+Tab to 部门, whose order is the folders'
    page.keyboard.press("Shift+Tab")
    page.keyboard.press("Enter")
    expect(header(table, "部门")).to_have_attribute("aria-sort", "ascending")
    assert names(table) == NAMES
    page.keyboard.press("Enter")
    assert names(table) == NAMES[::-1]


def test_a_department_without_the_figure_sorts_last_either_way(
    open_page: Callable[..., Page], server: Server
) -> None:
    page = open_page()
    page.goto(server.page_url(YEAR_PAGE))
    table = comparison(page)
    button = header(table, "机关运行经费").get_by_role("button")
    for _ in range(2):
        button.click()
        values = column(table, 5)
        assert names(table)[-1] == "丁中心" and values[-1] is None  # 事业单位: no 机关运行经费
    # read out as 无, shown as —
    expect(table.locator("tbody tr").last.locator("td").nth(4)).to_have_text("—无")


def test_without_javascript_the_table_is_plain_and_in_name_order(
    open_page: Callable[..., Page], server: Server
) -> None:
    page = open_page(javascript=False)
    page.goto(server.page_url(YEAR_PAGE))
    table = comparison(page)
    assert names(table) == NAMES
    expect(table.get_by_role("button")).to_have_count(0)
    expect(page.locator(".gk-sort-hint")).to_be_hidden()

    page.goto(server.url)
    expect(page.locator(".gk-filter")).to_be_hidden()
    expect(page.get_by_role("table", name="部门决算公开目录").locator("tbody tr")).to_have_count(len(REGION))


def test_the_home_page_filter_hides_the_rows_that_do_not_match(
    open_page: Callable[..., Page], server: Server
) -> None:
    page = open_page()
    page.goto(server.url)
    rows = page.get_by_role("table", name="部门决算公开目录").locator("tbody tr")
    box = page.get_by_role("searchbox", name="按部门名称筛选")
    status = page.get_by_role("status").filter(has_text="项")

    box.fill("丙")
    expect(rows.filter(visible=True)).to_have_count(1)
    expect(rows.filter(visible=True)).to_contain_text("丙局")
    expect(status).to_have_text("显示 1 项，共 4 项")

    box.fill("局")
    expect(rows.filter(visible=True)).to_have_count(3)
    box.fill("dingzhong")  # the folder's pinyin
    expect(rows.filter(visible=True)).to_contain_text("丁中心")

    box.fill("戊")
    expect(rows.filter(visible=True)).to_have_count(0)
    expect(page.get_by_role("status").filter(has_text="没有名称包含“戊”的部门")).to_be_visible()

    box.fill("")
    expect(rows.filter(visible=True)).to_have_count(len(REGION))
    page.get_by_role("link", name=f"{YEAR} 年度", exact=True).first.click()
    expect(page).to_have_url(server.page_url(YEAR_PAGE))


def test_the_comparison_on_a_phone(open_page: Callable[..., Page], server: Server) -> None:
    page = open_page(PHONE)
    page.goto(server.page_url(YEAR_PAGE))
    widths = page.evaluate("[document.documentElement.scrollWidth, document.documentElement.clientWidth]")
    assert widths[0] <= widths[1], "the page itself scrolls sideways"
    table = comparison(page)
    name = table.locator("tbody th").first
    em = float(name.evaluate("th => getComputedStyle(th).fontSize").removesuffix("px"))
    assert name.bounding_box()["width"] >= 7 * em  # type: ignore[index]
    button = header(table, "收支总计").get_by_role("button")
    assert button.bounding_box()["height"] >= 44  # type: ignore[index]
    button.click()
    totals = column(table, 1)
    assert totals == sorted(totals, reverse=True)


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
@pytest.mark.parametrize(
    "path", [YEAR_PAGE, "", f"{YEAR}/jia-ju/shuoming/"], ids=["year", "home", "grouped-chapter"]
)
def test_no_serious_or_critical_axe_violation(
    open_page: Callable[..., Page], server: Server, path: str, viewport: dict[str, int]
) -> None:
    page = open_page(viewport)
    page.goto(server.page_url(path))
    # checked with what the script adds: the sort buttons, the filter box and its status
    if path == YEAR_PAGE:
        header(comparison(page), "收支总计").get_by_role("button").click()
    elif path == "":
        page.get_by_role("searchbox", name="按部门名称筛选").fill("局")
        expect(page.get_by_role("status").filter(has_text="项")).to_have_text("显示 3 项，共 4 项")
    violations = Axe().run(page, options=AXE_OPTIONS).response["violations"]
    serious = {
        violation["id"]: [node["target"] for node in violation["nodes"]]
        for violation in violations
        if violation["impact"] in ("serious", "critical")
    }
    assert serious == {}
