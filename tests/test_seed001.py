"""The example project examples/xia-lu/: seed 001 (《2024年下陆区预算绩效管理工作情况说明》), a report the
region publishes of its own, as a content/ page of a project with no department-year yet.

It builds with its one command, ``.venv/bin/gongkai build examples/xia-lu``, and every paragraph of the
seed is a paragraph or heading of the built page exactly as the seed prints it, its slips included.
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from click.testing import CliRunner

from generator import cli

REPO = Path(__file__).resolve().parent.parent
XIA_LU = REPO / "examples" / "xia-lu"
SEED = Path(__file__).resolve().parent / "fixtures" / "seed001.txt"
PAGE = Path("baogao") / "2024-xialu-yusuan-jixiao" / "index.html"
# Paragraphs of seed 001 the page prints otherwise, and why: none.
DIFFERENCES: dict[str, str] = {}
# The seed's own slips, kept as printed. Y-8 finds none of them (no placeholder or doubled word), so the
# page's front matter acknowledges none; the test keeps them from being corrected.
SLIPS = {
    "(一）加强绩效评价的宣传教育": "a half-width opening bracket closed by a full-width one",
    "并根据评价结果指定该单位下年度的预算": "指定 for 制定",
    "要求所有“项目都要确立预算绩效目标": "the quotation opens inside the sentence it quotes",
    "互补不配合": "互补 for 互不",
}
# What the page adds to the seed: the note that it is a transcription.
NOTE = "本页为示例，全文照录下陆区公开的《2024年下陆区预算绩效管理工作情况说明》"


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """examples/xia-lu copied (its links followed) and built with the documented command."""
    project = tmp_path_factory.mktemp("xia-lu") / "xia-lu"
    shutil.copytree(XIA_LU, project, ignore=shutil.ignore_patterns("site", ".gongkai"))
    result = CliRunner().invoke(cli.cli, ["build", str(project)])
    assert result.exit_code == 0, result.output
    yield project


def blocks(path: Path) -> list[str]:
    """The text of each heading and paragraph of a built page's article, without the anchor marks."""
    article = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser").select_one("article")
    assert article is not None
    for mark in article.select("a.headerlink"):
        mark.decompose()
    return [element.get_text() for element in article.find_all(["h1", "h2", "p"])]


def test_every_paragraph_of_seed_001_is_on_the_page(built: Path) -> None:
    seed = [line.strip() for line in SEED.read_text(encoding="utf-8").splitlines() if line.strip()]
    page = blocks(built / "site" / PAGE)
    missing = [line for line in seed if line not in page and line not in DIFFERENCES]
    assert not missing, "\n".join(missing)
    added = [block for block in page if block not in seed]
    assert added == ["说明", f"{NOTE}，展示财政部门自己撰写的报告、公告在本网站上的样式。"]
    text = "\n".join(page)
    assert all(slip in text for slip in SLIPS)


def test_the_example_is_one_region_and_says_what_it_lacks(built: Path) -> None:
    """No other region on any page; every page says it is an example; the home page says that no
    department's 决算 is published here instead of listing empty years."""
    site = built / "site"
    pages = {p.relative_to(site).as_posix(): p.read_text(encoding="utf-8") for p in site.rglob("*.html")}
    assert set(pages) == {"index.html", "404.html", "baogao/index.html", PAGE.as_posix()}
    for name, html in pages.items():
        assert "渠县" not in html and "绥宁" not in html, name
        assert "本网站是 gongkai 的示例项目" in html, name
    home = BeautifulSoup(pages["index.html"], "html.parser").select_one("article")
    assert home is not None
    assert "下陆区的部门决算及绩效自评尚未在本网站公开。" in home.get_text()
    assert home.select("table") == [] and "按年度浏览" not in home.get_text()
    assert not (built / "site" / "downloads").exists()


def test_gongkai_check_notes_that_there_is_no_department_year() -> None:
    """The seed's slips are none Y-8 reports: the check's one finding is the note on the missing 决算."""
    result = CliRunner().invoke(cli.cli, ["check", str(XIA_LU), "--format", "json"])
    assert result.exit_code == 0, result.output
    [finding] = json.loads(result.output)["findings"]
    assert (finding["severity"], finding["rule"]) == ("提示", "load.no-department-years")


def test_the_qu_xian_sample_does_not_carry_it() -> None:
    """One region per site: the 渠县 sample's hand-written pages name no other region's document."""
    for page in (REPO / "content").rglob("*.md"):
        assert "下陆" not in page.read_text(encoding="utf-8"), page
