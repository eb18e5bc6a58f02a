"""Accessibility and 适老化: axe-core (WCAG 2.1 A/AA) on the built pages at desktop and phone width, tables
that scroll inside their wrapper on a 390-pixel phone, the text-size control, the keyboard focus ring."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page, expect

from .support import AXE_OPTIONS, DESKTOP, PHONE, Server

pytestmark = pytest.mark.browser

DEPARTMENT_YEAR = "2023/qu-xian-shang-wu-ju/"
TABLE_PAGE = DEPARTMENT_YEAR + "fubiao/06-09/"  # 附表六至九: several to a page
PAGES = {
    "home": "",
    "year": "2023/",
    "department": DEPARTMENT_YEAR,
    "chapter": DEPARTMENT_YEAR + "shuoming/",
    "sangong": DEPARTMENT_YEAR + "sangong/",
    "table": TABLE_PAGE,
    "evaluation": DEPARTMENT_YEAR + "jixiao/bumen/",
}


@pytest.fixture(scope="session")
def axe() -> Axe:
    return Axe()


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
@pytest.mark.parametrize("path", PAGES.values(), ids=PAGES.keys())
def test_no_serious_or_critical_axe_violation(
    open_page: Callable[..., Page], server: Server, axe: Axe, path: str, viewport: dict[str, int]
) -> None:
    page = open_page(viewport)
    page.goto(server.page_url(path))
    expect(page.locator(".gk-textsize")).to_be_attached()  # checked with the control in the header
    violations = axe.run(page, options=AXE_OPTIONS).response["violations"]
    serious = {
        violation["id"]: [node["target"] for node in violation["nodes"]]
        for violation in violations
        if violation["impact"] in ("serious", "critical")
    }
    assert serious == {}


def test_a_table_scrolls_inside_its_wrapper_on_a_phone(
    open_page: Callable[..., Page], server: Server, tmp_path_factory: pytest.TempPathFactory
) -> None:
    page = open_page(PHONE)
    page.goto(server.page_url(TABLE_PAGE))
    wrap = page.locator(".gk-table-wrap").first
    header = wrap.locator("thead th").first
    expect(header).to_be_in_viewport()

    widths = page.evaluate("[document.documentElement.scrollWidth, document.documentElement.clientWidth]")
    assert widths[0] <= widths[1], "the page itself scrolls sideways"
    assert wrap.evaluate("w => w.scrollWidth > w.clientWidth"), "the table fits: nothing to prove"

    # Keyboard users scroll the focused wrapper with the arrow keys.
    wrap.focus()
    page.keyboard.press("ArrowRight")
    page.wait_for_function("w => w.scrollLeft > 0", arg=wrap.element_handle())
    assert page.evaluate("window.scrollX") == 0
    # The headers stay a header row above the figures, whatever the width.
    assert wrap.locator("thead th").count() == 6
    assert all(box["height"] < 80 for box in (cell.bounding_box() for cell in wrap.locator("tbody th").all()))

    shot = tmp_path_factory.mktemp("screenshots") / "phone-table.png"
    page.screenshot(path=shot)
    assert read_png_size(shot) == (PHONE["width"], PHONE["height"])


@pytest.mark.parametrize("path", PAGES.values(), ids=PAGES.keys())
def test_nothing_is_cut_off_at_the_right_on_a_phone(
    open_page: Callable[..., Page], server: Server, path: str
) -> None:
    """Material clips the page sideways (overflow-x: hidden on <html>), so too wide content would not
    scroll, it would be lost; wide things must sit in a box that scrolls by itself (tables, breadcrumbs)."""
    page = open_page(PHONE)
    page.goto(server.page_url(path))
    cut_off = page.evaluate(
        """() => {
            const inScrollBox = e => {
                for (let box = e.parentElement; box; box = box.parentElement) {
                    if (['auto', 'scroll'].includes(getComputedStyle(box).overflowX)) return true;
                }
                return false;
            };
            return [...document.querySelectorAll('.md-content *')]
                .filter(e => e.getBoundingClientRect().right > innerWidth + 1 && !inScrollBox(e))
                .map(e => e.tagName + '.' + e.className);
        }"""
    )
    assert cut_off == []


def root_font_size(page: Page) -> float:
    return float(page.evaluate("parseFloat(getComputedStyle(document.documentElement).fontSize)"))


def test_the_text_size_control_scales_the_page_and_remembers(
    open_page: Callable[..., Page], server: Server
) -> None:
    page = open_page()
    page.goto(server.page_url(DEPARTMENT_YEAR + "shuoming/"))
    group = page.get_by_role("group", name="文字大小")
    larger = group.get_by_role("button", name="A+")
    smaller = group.get_by_role("button", name="A−")
    reset = group.get_by_role("button", name="默认")
    normal = root_font_size(page)
    expect(reset).to_have_attribute("aria-disabled", "true")

    larger.click()
    larger.click()
    assert root_font_size(page) == pytest.approx(normal * 1.25)
    expect(group.get_by_role("status")).to_have_text("文字大小 125%")

    page.goto(server.page_url(TABLE_PAGE))  # another page: the choice is remembered
    assert root_font_size(page) == pytest.approx(normal * 1.25)
    assert root_font_size(page) * 0.75 == pytest.approx(
        float(page.locator("table.gk-table").first.evaluate("t => parseFloat(getComputedStyle(t).fontSize)"))
    )

    # Keyboard only: Tab reaches the buttons, Enter and Space press them.
    reset.focus()
    page.keyboard.press("Enter")
    assert root_font_size(page) == pytest.approx(normal)
    page.keyboard.press("Shift+Tab")
    expect(smaller).to_be_focused()
    page.keyboard.press("Space")
    assert root_font_size(page) == pytest.approx(normal * 0.9)
    expect(smaller).to_have_attribute("aria-disabled", "true")
    page.keyboard.press("Space")  # already the smallest
    assert root_font_size(page) == pytest.approx(normal * 0.9)

    for _ in range(5):
        larger.click()
    assert root_font_size(page) == pytest.approx(normal * 1.5)
    expect(larger).to_have_attribute("aria-disabled", "true")
    page.keyboard.press("Enter")  # already the largest
    page.reload()
    assert root_font_size(page) == pytest.approx(normal * 1.5)


def test_without_javascript_there_is_no_control_and_the_page_reads(
    open_page: Callable[..., Page], server: Server
) -> None:
    page = open_page(javascript=False)
    page.goto(server.page_url(TABLE_PAGE))
    expect(page.locator(".gk-textsize")).to_have_count(0)
    expect(page.locator("table.gk-table").first).to_be_visible()


def test_keyboard_focus_is_visible(open_page: Callable[..., Page], server: Server) -> None:
    page = open_page()
    page.goto(server.page_url(DEPARTMENT_YEAR))
    stops = []
    for _ in range(30):
        page.keyboard.press("Tab")
        stops.append(
            page.evaluate(
                """() => {
                    const e = document.activeElement, style = getComputedStyle(e);
                    return [e.tagName + '.' + e.className + ' ' + e.textContent.trim().slice(0, 10),
                            style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) >= 2];
                }"""
            )
        )
    assert [name for name, visible in stops if not visible] == []


def read_png_size(path: Path) -> tuple[int, int]:
    header = path.read_bytes()[16:24]
    return int.from_bytes(header[:4], "big"), int.from_bytes(header[4:], "big")
