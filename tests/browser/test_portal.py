"""The portal as a reader uses it: clicking from the home page to a chapter, a 附表 page, Chinese search, the
workbook's download, and every page of the site loading without errors or outside requests."""

from __future__ import annotations

import re
from collections.abc import Callable
from urllib.parse import urlsplit

import openpyxl
import pytest
from playwright.sync_api import Page, expect

from .support import Server

pytestmark = pytest.mark.browser

DEPARTMENT = "渠县商务局"
DEPARTMENT_YEAR = "2023/qu-xian-shang-wu-ju/"


def test_home_to_department_to_chapter_by_clicking(open_page: Callable[..., Page], server: Server) -> None:
    page = open_page()
    page.goto(server.url)
    page.locator(f'article a[href*="{DEPARTMENT_YEAR}"]').first.click()
    expect(page).to_have_url(server.page_url(DEPARTMENT_YEAR))
    expect(page.locator("h1")).to_contain_text(DEPARTMENT)
    expect(page.locator("h1")).to_contain_text("2023")

    page.locator("article").get_by_role("link", name=re.compile("决算情况说明")).first.click()
    expect(page).to_have_url(server.page_url(DEPARTMENT_YEAR + "shuoming/"))
    expect(page.locator("h1")).to_contain_text("决算情况说明")
    expect(page.locator("article")).to_contain_text("收入支出决算总体情况")


def test_a_table_page_shows_its_table(open_page: Callable[..., Page], server: Server) -> None:
    page = open_page()
    page.goto(server.page_url(DEPARTMENT_YEAR + "fubiao/"))
    page.locator("article").get_by_role("link", name="六、一般公共预算财政拨款支出决算表").click()
    expect(page).to_have_url(server.page_url(DEPARTMENT_YEAR + "fubiao/06-09/#biao-06"))

    region = page.get_by_role("region", name="一般公共预算财政拨款支出决算表")
    table = region.get_by_role("table", name=re.compile("一般公共预算财政拨款支出决算表"))
    expect(table).to_be_visible()
    expect(table.get_by_role("columnheader")).to_have_text(
        ["科目编码", "科目名称", "年初预算数", "合计", "基本支出", "项目支出"]
    )
    total = table.get_by_role("row").filter(has=page.get_by_role("rowheader", name="合计", exact=True))
    expect(total.get_by_role("cell")).to_have_text(["2,871.49", "2,871.49", "849.70", "2,021.79"])


def search(page: Page, query: str) -> list[str]:
    """Types ``query`` into the header's search box and returns the pages the results link to."""
    box = page.get_by_role("textbox", name="搜索")
    box.click()
    box.fill("")
    # Chinese arrives through an input method: the text is committed, then a key comes up. Playwright's
    # insert_text sends only the text, and Material reads the box on keyup, hence the Shift.
    page.keyboard.insert_text(query)
    page.keyboard.press("Shift")
    # The index is loaded and queried in a web worker: wait until it has answered.
    results = page.locator(".md-search-result__item a.md-search-result__link")
    expect(results.first).to_be_attached(timeout=15_000)
    return sorted({href.split("#")[0] for href in results.evaluate_all("links => links.map(a => a.href)")})


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("三公", DEPARTMENT_YEAR + "sangong/"),
        ("公务接待", DEPARTMENT_YEAR + "sangong/"),
        ("机关运行经费", DEPARTMENT_YEAR + "shuoming/"),
        (DEPARTMENT, DEPARTMENT_YEAR),
    ],
)
def test_chinese_search_finds_the_right_page(
    open_page: Callable[..., Page], server: Server, query: str, expected: str
) -> None:
    page = open_page()
    page.goto(server.url)
    assert server.page_url(expected) in search(page, query)


def test_a_years_pages_search_that_years_full_text(open_page: Callable[..., Page], server: Server) -> None:
    """On a department's page the search covers its year's text (that year's own index), not only the
    titles the home page's index holds, and its results lead to the pages of that year."""
    page = open_page()
    page.goto(server.page_url(DEPARTMENT_YEAR + "gaikuang/"))
    assert server.page_url(DEPARTMENT_YEAR + "shuoming/") in search(page, "人员经费")
    assert ("/2023/search/search_index.json", 200) in server.served
    assert not [request for request in server.served if request[1] >= 400]


def test_the_workbook_downloads(open_page: Callable[..., Page], server: Server) -> None:
    page = open_page()
    page.goto(server.page_url(DEPARTMENT_YEAR + "fubiao/"))
    with page.expect_download() as download:
        page.get_by_role("link", name=re.compile("决算公开报表（Excel 工作簿）")).click()
    assert (urlsplit(download.value.url).path, 200) in server.served
    # written from the tables read, not the department's own file (tests/test_published_workbook.py)
    with download.value.path().open("rb") as file:  # a download's file has no extension
        workbook = openpyxl.load_workbook(file)
    assert {"行政运行", "科目名称"} <= {
        cell.value for sheet in workbook for row in sheet.iter_rows() for cell in row
    }


def test_a_table_downloads_as_csv_and_xlsx(open_page: Callable[..., Page], server: Server) -> None:
    page = open_page()
    page.goto(server.page_url(DEPARTMENT_YEAR + "fubiao/06/"))  # the table's own page before #17
    expect(page).to_have_url(server.page_url(DEPARTMENT_YEAR + "fubiao/06-09/#biao-06"))
    for name, magic in (("CSV", "科目编码".encode()), ("Excel", b"PK\x03\x04")):
        href = page.get_by_role("link", name=re.compile(name)).first.evaluate("a => a.href")
        response = page.request.get(href)
        assert response.status == 200, href
        assert magic in response.body()[:200], href


def all_pages(server: Server) -> list[str]:
    return sorted(
        path.parent.relative_to(server.root).as_posix() + "/"
        for path in server.root.rglob("index.html")
        if path.parent != server.root
    )


def test_every_page_loads_without_errors_or_outside_requests(
    open_page: Callable[..., Page], server: Server
) -> None:
    page = open_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(f"{page.url}: {error}"))
    page.on("console", lambda line: line.type == "error" and errors.append(f"{page.url}: {line.text}"))
    failed: list[str] = []
    page.on("response", lambda response: response.status >= 400 and failed.append(response.url))
    pages = ["", *all_pages(server)]
    for path in pages:
        page.goto(server.page_url(path), wait_until="load")
    assert len(pages) > 30
    assert errors == []
    assert failed == []
