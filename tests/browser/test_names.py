"""Pages that name themselves: a tab, a bookmark or a search engine's result tells every page apart.

Over the whole built sample: no two pages share a <title>; a department-year's chapters carry the
department and the year in their <title> and h1; each chapter links to the previous and the next one;
the 404 page is Chinese.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from playwright.sync_api import Page

from .support import Server

pytestmark = pytest.mark.browser

DEPARTMENT_YEARS = {"2023/qu-xian-shang-wu-ju": "渠县商务局"}


def _pages(site: Path) -> dict[str, BeautifulSoup]:
    return {
        path.relative_to(site).as_posix(): BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
        for path in sorted(site.rglob("*.html"))
        if path.name != "404.html"
    }


def test_no_two_pages_share_a_title(sample_site: Path) -> None:
    titles = {path: page.title.get_text() for path, page in _pages(sample_site).items() if page.title}
    shared = {title: n for title, n in Counter(titles.values()).items() if n > 1}
    assert not shared, {title: [p for p, t in titles.items() if t == title] for title in shared}


@pytest.mark.parametrize("label", sorted(DEPARTMENT_YEARS))
def test_chapters_name_their_department_and_year(sample_site: Path, label: str) -> None:
    year = label.split("/")[0]
    name = DEPARTMENT_YEARS[label]
    chapters = {path: page for path, page in _pages(sample_site).items() if path.startswith(f"{label}/")}
    assert len(chapters) > 5
    for path, page in chapters.items():
        title = page.title.get_text()
        assert name in title and year in title, (path, title)
    shuoming = chapters[f"{label}/shuoming/index.html"]
    assert f"{name} {year} 年度决算情况说明" in shuoming.title.get_text()
    for chapter in ("gaikuang", "shuoming", "sangong", "mingci"):
        h1 = chapters[f"{label}/{chapter}/index.html"].select_one("article h1")
        assert h1 is not None and name in h1.get_text() and year in h1.get_text(), (chapter, h1)


def test_chapters_link_previous_and_next(open_page: Callable[..., Page], server: Server) -> None:
    page = open_page()
    page.goto(server.page_url("2023/qu-xian-shang-wu-ju/shuoming/"))
    footer = page.locator("nav.md-footer__inner")
    previous = footer.locator("a.md-footer__link--prev")
    following = footer.locator("a.md-footer__link--next")
    assert re.search("部门概况", previous.inner_text())
    assert re.search("三公", following.inner_text())


def test_the_404_page_is_chinese(sample_site: Path) -> None:
    page = BeautifulSoup((sample_site / "404.html").read_text(encoding="utf-8"), "html.parser")
    text = page.select_one("article").get_text()
    assert "找不到" in text and "Not found" not in text
    assert page.select_one("article a[href]") is not None
