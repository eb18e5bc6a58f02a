"""一图读懂 in the browser: the vendored ECharts, served by the site itself and loaded on chart pages only,
draws every chart as SVG with the figures of its JSON; the page passes axe with the charts drawn (desktop
and phone); without JavaScript the captions and tables carry everything; printed, charts fit the paper."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page, expect

from .support import AXE_OPTIONS, DESKTOP, PHONE, Server

pytestmark = pytest.mark.browser

DEPARTMENT_YEAR = "2023/qu-xian-shang-wu-ju/"
YITU = DEPARTMENT_YEAR + "yitu/"
ECHARTS = "/assets/vendor/echarts/echarts.min.js"
# Each chart, and labels its bars must show: the amounts as charts.py wrote them.
LABELS = {
    "shouru": ["2871.49（93.19%）", "210.00（6.81%）"],
    "zhichu": ["1884.07（65.61%）", "3.75（0.13%）"],
    "sangong": ["9.50", "9.00"],
}


def scripts_requested(page: Page) -> list[str]:
    return page.evaluate(
        "performance.getEntriesByType('resource').filter(r => r.initiatorType === 'script')"
        ".map(r => new URL(r.name).pathname)"
    )


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_every_chart_is_drawn_as_svg_by_the_sites_own_echarts(
    open_page: Callable[..., Page], server: Server, viewport: dict[str, int]
) -> None:
    page = open_page(viewport)
    page.goto(server.page_url(YITU))
    # Drawn by the time the page has loaded: the axe run of test_accessibility sees the charts too.
    assert page.locator(".gk-chart[data-gk-drawn]").count() == len(LABELS)
    for key, labels in LABELS.items():
        chart = page.locator(f"#tu-{key}")
        expect(chart).to_be_visible()
        svg = chart.locator("svg")
        expect(svg).to_have_count(1)
        assert svg.locator("path").count() >= len(labels)  # the bars
        for label in labels:
            expect(svg.locator("text", has_text=label).first).to_be_attached()
        assert chart.evaluate("e => e.getBoundingClientRect().right") <= viewport["width"]
        # The text alternative stays the one sentence the caption says (ECharts writes the same).
        caption = chart.locator("xpath=..").locator("figcaption")
        expect(chart).to_have_attribute("aria-label", caption.inner_text())
    assert page.evaluate("[document.documentElement.scrollWidth, innerWidth]") == [viewport["width"]] * 2
    assert ECHARTS in scripts_requested(page)
    assert (ECHARTS, 200) in server.served


def test_echarts_loads_only_on_chart_pages(open_page: Callable[..., Page], server: Server) -> None:
    page = open_page()
    page.goto(server.page_url(DEPARTMENT_YEAR))
    expect(page.locator("article h1")).to_be_visible()
    assert ECHARTS not in scripts_requested(page)
    page.get_by_role("link", name="一图读懂 渠县商务局 2023 年度决算").click()
    expect(page).to_have_url(server.page_url(YITU))
    expect(page.locator(".gk-chart[data-gk-drawn]")).to_have_count(len(LABELS))


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_no_serious_axe_violation_with_the_charts_drawn(
    open_page: Callable[..., Page], server: Server, viewport: dict[str, int]
) -> None:
    page = open_page(viewport)
    page.goto(server.page_url(YITU))
    expect(page.locator(".gk-chart[data-gk-drawn]")).to_have_count(len(LABELS))
    violations = Axe().run(page, options=AXE_OPTIONS).response["violations"]
    assert [v["id"] for v in violations if v["impact"] in ("serious", "critical")] == []


def test_without_javascript_captions_and_tables_say_it_all(
    open_page: Callable[..., Page], server: Server
) -> None:
    page = open_page(javascript=False)
    page.goto(server.page_url(YITU))
    expect(page.locator(".gk-card")).to_have_count(7)
    expect(page.locator(".gk-card").first).to_contain_text("3,081.49")
    figures = page.locator("figure.gk-figure")
    expect(figures).to_have_count(3)
    for figure in figures.all():
        expect(figure.locator("figcaption")).to_be_visible()
        expect(figure.locator("table")).to_be_visible()
        expect(figure.locator(".gk-chart")).to_be_hidden()  # no empty box where a chart would be
    sangong = page.get_by_role("table", name="“三公”经费财政拨款支出（2023 年度）（单位：万元）")
    total = sangong.get_by_role("row").filter(has=page.get_by_role("rowheader", name="合计", exact=True))
    expect(total.get_by_role("cell")).to_have_text(
        ["9.50", "9.00", "9.00", "100.00%", "减少 0.50 万元，下降 5.26%"]
    )


def test_the_yitu_page_fits_a_phone_at_large_text(open_page: Callable[..., Page], server: Server) -> None:
    page = open_page(PHONE)
    page.goto(server.page_url(YITU))
    larger = page.get_by_role("button", name="A+")
    while larger.get_attribute("aria-disabled") != "true":
        larger.click()
    expect(page.locator("html")).to_have_attribute("data-gk-text-scale", "1.5")
    assert page.evaluate("document.documentElement.scrollWidth") == PHONE["width"]
    cards = page.locator(".gk-card")
    boxes = [card.bounding_box() for card in cards.all()]
    assert all(
        box is not None and box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"] for box in boxes
    )
    # The charts were drawn again at the larger size: their labels grew with the text.
    size = page.locator("#tu-shouru svg text").first.evaluate("t => parseFloat(getComputedStyle(t).fontSize)")
    assert size >= 20


def test_printed_charts_fit_the_paper(open_page: Callable[..., Page], server: Server) -> None:
    page = open_page()
    page.goto(server.page_url(YITU))
    expect(page.locator(".gk-chart[data-gk-drawn]")).to_have_count(len(LABELS))
    page.emulate_media(media="print")
    for chart in page.locator(".gk-chart").all():
        svg = chart.locator("svg")
        assert svg.evaluate("s => s.getBoundingClientRect().width") <= chart.evaluate(
            "c => c.parentElement.getBoundingClientRect().width"
        )
        expect(chart).to_be_visible()
    assert page.locator("figure.gk-figure").first.evaluate("f => getComputedStyle(f).breakInside") == "avoid"
