"""Every string from data is text in every context: a project whose every text field carries HTML,
event handlers, ``javascript:`` links, Markdown and attr_list (tests/hostile.py) is built once and every
page of it opened in Chromium, its search used and its pages printed: nothing runs, nothing becomes markup,
and the payload reads as typed."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from hostile import LEAD, PAYLOAD, Marker, hostile_project
from playwright.sync_api import Browser, Dialog, Page, expect

from generator.build import build_site

from .support import REPO, Server

pytestmark = pytest.mark.browser

DEPARTMENT_YEAR = "2023/qu-xian-shang-wu-ju"
# Attributes that hold a URL, and the schemes a link may have: none (relative), http and https.
URL_ATTRIBUTES = ("href", "src", "action", "formaction", "xlink:href", "data", "poster", "srcset")
SAFE_SCHEMES = {"", "http", "https"}
# What the page's DOM says about itself: event-handler attributes, URLs, scripts the payload brought in.
# (Markup the payload became shows as missing characters in the page's text.)
INSPECT = """(attributes) => {
  const found = {handlers: [], urls: [], scripts: []};
  for (const element of document.querySelectorAll("*")) {
    for (const attribute of element.attributes) {
      const name = attribute.name.toLowerCase();
      if (name.startsWith("on")) found.handlers.push(element.tagName + " " + name + "=" + attribute.value);
      if (attributes.includes(name)) found.urls.push(attribute.value);
    }
  }
  for (const script of document.scripts)
    if (script.textContent.includes("alert(")) found.scripts.push(script.outerHTML.slice(0, 120));
  return found;
}"""
# The fields whose text the review found raw in the nav, breadcrumbs, <title> and headings, and the banners.
EXPOSED = [
    "site.yaml.title",
    "site.yaml.notice",
    "department.yaml.name",
    "department.yaml.group",
    "department.yaml.notice",
]


def _exposed(marker: Marker) -> set[str]:
    """EXPOSED, every self-evaluation's name and the 部门整体 report's title."""
    evaluations = {where for where in marker.fields.values() if where.startswith("evaluation/")}
    names = {where for where in evaluations if re.fullmatch(r"evaluation/[^.]+\.yaml\.name", where)}
    return {*EXPOSED, *names, *(where for where in evaluations if where.endswith(".report.title"))}


def _squeezed(text: str) -> str:
    """Text without white space (the workbook reader drops it from names, browsers collapse it, search
    segments Chinese with zero-width spaces)."""
    return re.sub(r"[\s\u200b]+", "", text)


@pytest.fixture(scope="module")
def hostile(chromium: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Marker]:
    project = tmp_path_factory.mktemp("hostile") / "project"
    marker = hostile_project(project, REPO, DEPARTMENT_YEAR)
    site = build_site(project, site_dir=tmp_path_factory.mktemp("hostile-built") / "site").site_dir
    return site, marker


@pytest.fixture(scope="module")
def server(
    hostile: tuple[Path, Marker], serve: Callable[[Path], AbstractContextManager[Server]]
) -> Iterator[Server]:
    with serve(hostile[0]) as served:
        yield served


def _pages(site: Path) -> list[str]:
    return sorted(
        page.relative_to(site).parent.as_posix().removeprefix(".") + "/"
        for page in site.rglob("index.html")
        # a moved page's stub leaves at once (its title is escaped by sections.write_moved)
        if page.parent.name != "search" and 'http-equiv="refresh"' not in page.read_text(encoding="utf-8")
    )


def test_no_field_runs_script_or_becomes_markup(
    browser: Browser, hostile: tuple[Path, Marker], server: Server
) -> None:
    site, marker = hostile
    context = browser.new_context()
    dialogs: list[str] = []

    def dismiss(dialog: Dialog) -> None:
        dialogs.append(f"{dialog.page.url if dialog.page else ''}: {dialog.message}")
        dialog.dismiss()

    context.on("dialog", dismiss)
    context.route(lambda url: not server.is_local(url), lambda route: route.abort())
    page = context.new_page()
    problems: list[str] = []
    seen: set[str] = set()
    payload = _squeezed(PAYLOAD)
    for path in _pages(site):
        page.goto(server.page_url(path), wait_until="load")
        found = page.evaluate(INSPECT, list(URL_ATTRIBUTES))
        problems += [f"{path}: handler {handler}" for handler in found["handlers"]]
        problems += [f"{path}: script {script}" for script in found["scripts"]]
        for url in found["urls"]:
            for one in url.split(","):
                if urlsplit(one.strip().split(" ")[0]).scheme.lower() not in SAFE_SCHEMES:
                    problems.append(f"{path}: link {one}")
        # Every field shown reads as typed: its marker is followed by the whole payload, as text.
        text = _squeezed(page.evaluate("() => document.title + '\\n' + document.body.innerText"))
        for match in re.finditer(r"甲\d+乙", text):
            seen.add(match.group())
            if not text.startswith(payload, match.end()) or not text.endswith(
                _squeezed(LEAD), 0, match.start()
            ):
                shown = text[max(0, match.start() - 4) : match.end() + 60]
                problems.append(f"{path}: {marker.fields[match.group()]} shown as “{shown}…”")
    context.close()
    assert dialogs == []
    assert problems == []
    shown_fields = {marker.fields[name] for name in seen}
    assert sorted(_exposed(marker) - shown_fields) == []


def test_search_results_show_the_payload_as_text(open_page: Callable[..., Page], server: Server) -> None:
    """Material writes search results' titles and text into the page as HTML: they must be text there too."""
    page = open_page()
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.goto(server.page_url(DEPARTMENT_YEAR + "/"))
    page.get_by_role("textbox", name="搜索").click()
    page.keyboard.insert_text("井号")  # a word of the payload, in every title and text
    page.keyboard.press("Shift")
    results = page.locator(".md-search-result__item")
    expect(results.first).to_be_attached(timeout=15_000)
    page.locator(".md-search-result__more summary").evaluate_all("all => all.forEach(s => s.click())")
    handlers = page.evaluate(
        "() => [...document.querySelectorAll('.md-search-result *')]"
        ".flatMap(e => [...e.attributes].filter(a => a.name.startsWith('on')).map(a => a.name))"
    )
    assert handlers == []
    assert dialogs == []
    assert _squeezed(PAYLOAD) in _squeezed(results.first.inner_text())
