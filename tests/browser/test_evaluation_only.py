"""The example of a department-year that publishes only its self-evaluation (examples/le-chang/, seed 000),
built and served: every page passes axe (WCAG 2.1 A/AA) at desktop and phone width, says in its banner
that the site is an example, and the navigation leads to 部门概况 and 绩效自评 and to no 决算 chapter."""

from __future__ import annotations

import shutil
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page

from generator.build import build_site

from .support import AXE_OPTIONS, DESKTOP, PHONE, REPO, Server

pytestmark = pytest.mark.browser

DEPARTMENT_YEAR = "2023/le-chang-shi-shang-wu-ju/"
PAGES = {
    "home": "",
    "year": "2023/",
    "department": DEPARTMENT_YEAR,
    "overview": DEPARTMENT_YEAR + "gaikuang/",
    "evaluations": DEPARTMENT_YEAR + "jixiao/",
    "report": DEPARTMENT_YEAR + "jixiao/bumen/",
}


@pytest.fixture(scope="module")
def le_chang_site(chromium: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    project = tmp_path_factory.mktemp("le-chang") / "project"
    shutil.copytree(
        REPO / "examples" / "le-chang", project, ignore=shutil.ignore_patterns("site", ".gongkai")
    )
    return build_site(project, site_dir=tmp_path_factory.mktemp("le-chang-built") / "site").site_dir


@pytest.fixture(scope="module")
def server(le_chang_site: Path, serve: Callable[[Path], AbstractContextManager[Server]]) -> Iterator[Server]:
    with serve(le_chang_site) as served:
        yield served


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
@pytest.mark.parametrize("path", PAGES.values(), ids=PAGES.keys())
def test_every_page_passes_axe_and_says_it_is_an_example(
    open_page: Callable[..., Page], server: Server, path: str, viewport: dict[str, int]
) -> None:
    page = open_page(viewport)
    page.goto(server.page_url(path))
    assert "本网站是 gongkai 的示例项目" in page.locator(".md-banner").inner_text()
    violations = Axe().run(page, options=AXE_OPTIONS).response["violations"]
    assert [v["id"] for v in violations if v["impact"] in ("serious", "critical")] == []


def test_the_navigation_holds_the_self_evaluation_and_no_accounts(
    open_page: Callable[..., Page], server: Server
) -> None:
    page = open_page(DESKTOP)
    page.goto(server.page_url(DEPARTMENT_YEAR))
    links = page.locator(".md-nav--primary a.md-nav__link").all_inner_texts()
    titles = [" ".join(text.split()) for text in links]
    assert "部门概况" in titles and "绩效自评" in titles
    assert not [t for t in titles if t in ("一图读懂", "决算情况说明", "“三公”经费", "名词解释", "附表")]
    page.get_by_role("link", name="绩效自评", exact=True).first.click()
    assert page.locator("h1").inner_text().rstrip("¶") == "乐昌市商务局 2023 年度绩效自评"  # ¶: its permalink
