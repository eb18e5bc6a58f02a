"""The whole disclosure of a department-year as one printable document (generator/pages/fulltext.py): the
sample's in the official order of seed 003, self-contained, its links and ids whole, data as text.
Chromium prints it in tests/browser/test_fulltext.py."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from check_support import DEPARTMENT, write_project, yaml_with

from generator.load import load_project
from generator.pages.fulltext import document_pages
from generator.render import render_site

DEPARTMENT_YEAR = Path("2023", "qu-xian-shang-wu-ju")
NAME = "渠县商务局2023年度决算公开全文.html"


@pytest.fixture(scope="module")
def document(sample_docs: Path) -> BeautifulSoup:
    html = (sample_docs / DEPARTMENT_YEAR / "downloads" / NAME).read_text(encoding="utf-8")
    return BeautifulSoup(html, "html.parser")


def test_pages_come_in_the_order_of_the_navigation_each_a_level_below_its_part() -> None:
    entries = [
        "b/index.md",
        {"一图读懂": "b/yitu.md"},
        {"部门概况": "b/gaikuang.md"},
        {"第四部分": ["b/jixiao/index.md", {"部门整体": "b/jixiao/bumen.md"}, {"项目": [{"1–5": "b/x.md"}]}]},
        {"附表": ["b/fubiao/index.md", {"附表一至四": "b/fubiao/01-04.md"}]},
    ]
    assert list(document_pages(entries)) == [
        ("b/index.md", 0),
        ("b/yitu.md", 1),
        ("b/gaikuang.md", 1),
        ("b/jixiao/index.md", 1),
        ("b/jixiao/bumen.md", 2),
        ("b/x.md", 2),  # a group without a page of its own adds no level
        ("b/fubiao/index.md", 1),
        ("b/fubiao/01-04.md", 2),
    ]


def test_the_sample_reads_in_the_order_of_seed_003(document: BeautifulSoup) -> None:
    html = document.find("html")
    assert html is not None and html.get("lang") == "zh-CN"
    assert document.title is not None
    assert document.title.get_text().startswith("渠县商务局 2023 年度部门决算公开（全文）")
    assert [h.get_text() for h in document.find_all("h1")] == ["渠县商务局 2023 年度部门决算公开"]
    parts = [h.get_text() for h in document.find_all("h2") if h.get_text().startswith("第")]
    assert [part[:4] for part in parts] == ["第一部分", "第二部分", "第三部分", "第四部分", "第五部分"]
    sections = [s["id"] for s in document.find_all("section")]
    assert sections[:4] == ["index", "gaikuang", "shuoming", "sangong"]
    assert "yitu" not in sections  # 一图读懂 is no part of the document
    assert sections.index("mingci") < sections.index("jixiao-index") < sections.index("fubiao-index")
    # 七、“三公”经费 inside 第二部分, between its 七 and 八, a level below 七
    shuoming = document.find("section", id="shuoming")
    assert shuoming is not None
    headings = [h.get_text() for h in shuoming.find_all(re.compile("^h[345]$"))]
    seven = next(i for i, text in enumerate(headings) if text.startswith("七、"))
    assert "“三公”经费支出决算情况说明" in headings[seven + 1]
    assert headings[seven + 2].startswith("（一）“三公”经费")
    assert next(t for t in headings[seven + 1 :] if t[0] in "八九十").startswith("八、")
    # every 附表, in its order, with its header cells; the 37 project forms and 19 专项 reports
    tables = [h["id"].split("--")[-1] for h in document.find_all("h4", id=re.compile(r"--biao-\d+$"))]
    assert tables == [f"biao-{n:02d}" for n in range(1, 14)]
    assert len(document.find_all(id=re.compile(r"--xiangmu-\d+$"))) == 37
    assert sum(1 for s in sections if s.startswith("jixiao-zhuanxiang-")) == 19
    assert document.select("table th[scope='col']")


def test_the_document_stands_alone_and_its_links_lead_somewhere(document: BeautifulSoup) -> None:
    assert not document.select("script, link, img, iframe, [src]")  # no request for any other file
    ids = [tag["id"] for tag in document.find_all(id=True)]
    assert len(ids) == len(set(ids))
    for link in document.find_all("a", href=True):
        href = link["href"]
        assert ".md" not in href, href
        if href.startswith("#"):
            assert href[1:] in ids, href
        else:  # the site around the document: downloads beside it, pages above it
            assert not re.match(r"^[a-z]+:", href), href
    contents = document.find("section", id="index")
    assert contents is not None
    targets = [a["href"] for a in contents.find_all("a", href=True)]
    assert "#gaikuang" in targets and "#sangong" in targets and "#fubiao-10-13--biao-13" in targets


def test_every_chapter_links_the_document(sample_docs: Path) -> None:
    for page in ("index.md", "gaikuang.md", "shuoming.md", "sangong.md", "mingci.md"):
        assert f"](downloads/{NAME})" in (sample_docs / DEPARTMENT_YEAR / page).read_text(encoding="utf-8")
    for page in ("fubiao/index.md", "jixiao/index.md"):
        assert f"](../downloads/{NAME})" in (sample_docs / DEPARTMENT_YEAR / page).read_text(encoding="utf-8")


HOSTILE = "<script>alert(1)</script> **粗体** [链接](http://example.com) </style>"


def test_data_in_the_document_is_text(tmp_path: Path, make_project: Callable[[Path], Path]) -> None:
    root = make_project(tmp_path / "project")
    department = yaml_with(DEPARTMENT, "duties: 负责全县商务工作。", f"duties: '{HOSTILE}'")
    write_project(root, department=f"{department}notice: '{HOSTILE}'\n")
    docs = tmp_path / "docs"
    render_site(load_project(root), docs)
    [path] = (docs / "2023").glob("*/downloads/*全文.html")
    html = path.read_text(encoding="utf-8")
    assert "<script>" not in html and "</style>" not in html.split("</style>", 1)[1]
    document = BeautifulSoup(html, "html.parser")
    assert not document.find_all("strong")
    assert not [a for a in document.find_all("a") if "example.com" in a.get("href", "")]
    assert HOSTILE in document.get_text()
    assert document.get_text().count(HOSTILE) == 2  # the notice and the duties
