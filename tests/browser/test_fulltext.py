"""The whole disclosure as one printable document (generator/pages/fulltext.py) in Chromium: reached from a
chapter, loading nothing else, accessible, and printed in the official order with every sheet named and
every table's header repeated on the sheets it runs over."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from urllib.parse import quote

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page, expect

from .support import AXE_OPTIONS, DESKTOP, PHONE, Server, print_to_pdf

pytestmark = pytest.mark.browser

DEPARTMENT_YEAR = "2023/qu-xian-shang-wu-ju/"
DOCUMENT = DEPARTMENT_YEAR + "downloads/" + quote("渠县商务局2023年度决算公开全文.html")


def test_a_chapter_leads_to_the_document_which_loads_nothing_else(
    open_page: Callable[..., Page], server: Server
) -> None:
    page = open_page()
    page.goto(server.page_url(DEPARTMENT_YEAR + "shuoming/"))
    link = page.get_by_role("link", name="全文（打印版）")
    expect(link).to_be_visible()
    before = len(server.served)
    link.click()
    page.wait_for_load_state("load")
    expect(page).to_have_title("渠县商务局 2023 年度部门决算公开（全文） - 渠县部门决算公开")
    assert [path for path, _ in server.served[before:]] == ["/" + DOCUMENT]
    assert server.served[-1][1] == 200
    # the 目录 leads within the document
    page.get_by_role("link", name="第五部分 附表").click()
    expect(page.locator("#fubiao-index")).to_be_in_viewport()


@pytest.fixture(scope="module")
def axe() -> Axe:
    return Axe()


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_no_serious_or_critical_axe_violation(
    open_page: Callable[..., Page], server: Server, axe: Axe, viewport: dict[str, int]
) -> None:
    page = open_page(viewport)
    page.goto(server.page_url(DOCUMENT))
    violations = axe.run(page, options=AXE_OPTIONS).response["violations"]
    serious = {
        violation["id"]: [node["target"] for node in violation["nodes"]][:5]
        for violation in violations
        if violation["impact"] in ("serious", "critical")
    }
    assert serious == {}


def test_printed_in_the_official_order_every_sheet_named_and_headers_repeated(
    open_page: Callable[..., Page], server: Server, pdftotext: str, tmp_path: Path
) -> None:
    page = open_page()
    page.goto(server.page_url(DOCUMENT))
    sheets = print_to_pdf(page, pdftotext, tmp_path / "quanwen.pdf")
    total = len(sheets)
    for number, text in enumerate(sheets, start=1):
        assert "渠县商务局 2023 年度部门决算公开" in text, number  # the running header
        assert f"第 {number} 页，共 {total} 页" in text, number

    def first(heading: str, after: int = 1) -> int:
        """The first sheet from ``after`` on (past the 目录) that holds ``heading``."""
        return next(i for i in range(after, total) if heading in sheets[i].replace("\n", ""))

    parts = [f"第{n}部分 渠县商务局" for n in "一二三"] + ["第四部分 附件", "第五部分 渠县商务局"]
    starts = [first(part) for part in parts]
    assert starts == sorted(starts) and len(set(starts)) == 5
    for part, start in zip(parts, starts, strict=True):  # each part begins a sheet
        assert sheets[start].replace("\n", "").split("公开", 1)[1].lstrip().startswith(part[:4]), part
    # 七、“三公”经费 between 六 and 八 of 第二部分
    sangong = first("（一）“三公”经费财政拨款")
    assert starts[1] <= first("六、一般公共预算财政拨款基本支出决算情况说明") <= sangong
    assert sangong <= first("八、政府性基金预算财政拨款收入支出决算情况说明") < starts[2]
    # 附表八 runs over a sheet of its own: its header row is on each (its heading is last named on the sheet
    # where it begins, after the 附表 list)
    eight = max(i for i, text in enumerate(sheets) if "八、一般公共预算财政拨款基本支出决算明细表" in text)
    nine = max(i for i, text in enumerate(sheets) if "九、一般公共预算财政拨款项目支出决算表" in text)
    assert nine > eight + 1
    for sheet in range(eight, nine + 1):
        assert "科目编码" in sheets[sheet], sheet + 1
    assert "下载本表" not in "".join(sheets)
