"""The build: staging project, strict MkDocs build, swap of site/, and the qualities of the built pages.

Most tests replace the stages before the build (load, check, render) by stubs, so that they are about
the build alone; the stubs return what the real stages would: a project, findings, pages and nav. The
last test builds a real project (workbook written by the factory) through every stage.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
import yaml
from bs4 import BeautifulSoup
from check_support import write_project
from jinja2 import DictLoader, Environment
from mkdocs.commands.build import build as mkdocs_build
from mkdocs.config import load_config

from generator import build, serve
from generator.build import BuildError, BuildRefused, build_site
from generator.model import Finding, Severity, Source
from generator.readers.schema import Site
from generator.staging import docs as staging_docs
from generator.staging import publish
from generator.staging.parts import compact_html

OWN_URL = "https://example.gov.cn/juesuan/"  # site.yaml url of the test project (conftest)

TABLE = """\
<div class="gk-table-wrap" tabindex="0" role="region" aria-label="收入支出决算总表">
<table class="gk-table">
<caption>收入支出决算总表（单位：万元）</caption>
<thead><tr><th scope="col">项目</th><th scope="col">决算数</th></tr></thead>
<tbody><tr><th scope="row">本年收入合计</th><td class="num">3,081.49</td></tr></tbody>
</table>
</div>
"""

PAGES = {
    "index.md": f"# 测试县部门决算公开\n\n测试局本年决算数为 3081.49 万元。\n\n{TABLE}",
    "2023/index.md": "# 2023 年度部门决算公开\n\n[返回首页](../index.md)\n",
}
NAV = [{"首页": "index.md"}, {"2023 年度": ["2023/index.md"]}]
REPORTS = {
    "index.md": "# 财政部门报告\n\n财政部门撰写的报告。\n",
    "2024-yusuan-jixiao.md": "# 2024年预算绩效管理工作情况说明\n\n测试县预算绩效管理工作稳步推进。\n",
}


def stub_project(root: Path, published: dt.date | None = None) -> SimpleNamespace:
    site = Site.model_validate(yaml.safe_load((root / "data" / "site.yaml").read_text(encoding="utf-8")))
    department = SimpleNamespace(dates=SimpleNamespace(published=published), notice="")
    year = SimpleNamespace(
        year=2023,
        slug="ce-shi-ju",
        label="2023/ce-shi-ju",
        department=department,
        directory=root / "ce-shi-ju",
    )
    return SimpleNamespace(
        root=root,
        site=site,
        department_years=[year],
        findings=[],
    )


def render_pages(pages: dict[str, str], nav: list[Any]) -> Callable[..., list[Any]]:
    def render(_project: Any, docs_dir: Path, **_options: Any) -> list[Any]:
        for name, text in pages.items():
            path = docs_dir / name
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
        return nav

    return render


@pytest.fixture
def stages(monkeypatch: pytest.MonkeyPatch) -> Callable[..., None]:
    """Returns ``install(root, …)``, which replaces load, check and render for a project at ``root``."""

    def install(
        root: Path,
        *,
        pages: dict[str, str] = PAGES,
        findings: list[Finding] | None = None,
        published: dt.date | None = None,
    ) -> None:
        project = stub_project(root, published)
        monkeypatch.setattr(build, "load_project", lambda _path, *_args, **_options: project)
        monkeypatch.setattr(build, "check_project", lambda _project, **_options: list(findings or []))
        monkeypatch.setattr(staging_docs, "render_site", render_pages(pages, NAV))

    return install


def hand_written(root: Path) -> set[str]:
    """The project's content/ pages, as paths in the docs tree."""
    return {p.relative_to(root / "content").as_posix() for p in (root / "content").rglob("*.md")}


def files_of(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()
    }


def soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


# ---------------------------------------------------------------- one site, many assertions


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory, make_project: Callable[[Path], Path]) -> Iterator[Path]:
    """A project built once with the stub stages; yields the project folder."""
    root = make_project(tmp_path_factory.mktemp("built") / "project")
    # a content folder of its own besides help/: a section titled by its index page
    reports = root / "content" / "baogao"
    reports.mkdir()
    for name, text in REPORTS.items():
        (reports / name).write_text(text, encoding="utf-8")
    with pytest.MonkeyPatch.context() as monkeypatch:
        project = stub_project(root, dt.date(2024, 9, 27))
        monkeypatch.setattr(build, "load_project", lambda _path, *_args, **_options: project)
        monkeypatch.setattr(build, "check_project", lambda _project, **_options: [])
        monkeypatch.setattr(staging_docs, "render_site", render_pages(PAGES, NAV))
        monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
        result = build_site(root)
    assert result.site_dir == root / "site"
    assert result.pages == len({*PAGES, *hand_written(root)})
    yield root


def test_pages_exist_and_are_chinese(built: Path) -> None:
    site = built / "site"
    for page in ("index.html", "2023/index.html", "help/index.html", "404.html"):
        html = soup(site / page)
        assert html.html is not None
        assert html.html["lang"] == "zh", page
    home = soup(site / "index.html")
    assert home.select_one("table.gk-table caption").get_text() == "收入支出决算总表（单位：万元）"
    assert "测试县财政局" in home.select_one(".md-copyright").get_text()
    assert "0818-1234567" in home.select_one(".md-copyright").get_text()
    assert not list(built.glob(".gongkai/staging*")), "the staging project is removed after a build"
    assert [p.name for p in built.glob(".gongkai/parts/*")] == ["portal"]  # kept for the next build


def test_hand_written_pages_join_the_nav(built: Path) -> None:
    home = soup(built / "site" / "index.html")
    titles = [a.get_text(strip=True) for a in home.select("nav.md-nav--primary a.md-nav__link")]
    assert "如何阅读部门决算" in titles
    assert "财政部门报告" in titles  # content/baogao/, a section titled by its index page


def test_each_content_folder_is_one_nav_section(built: Path) -> None:
    report = soup(built / "site" / "baogao" / "2024-yusuan-jixiao" / "index.html")
    breadcrumbs = [item.get_text(strip=True) for item in report.select(".md-path__item")]
    assert breadcrumbs == ["首页", "财政部门报告"]


def test_search_index_is_segmented_with_the_budget_dictionary(built: Path) -> None:
    index = json.loads((built / "site" / "search" / "search_index.json").read_text(encoding="utf-8"))
    assert r"\u200b" in index["config"]["separator"]  # a regular expression, hence the escape
    text = " ".join(doc["text"] for doc in index["docs"])
    # jieba alone cuts 决算/数为; with the user dictionary 决算数 is one word.
    assert "决算数\u200b为" in text


URL_IN_CSS = re.compile(r"""url\(\s*['"]?([^'")\s]+)|@import\s+(?:url\()?\s*['"]?([^'");\s]+)""")
FONT_HOSTS = ("fonts.googleapis", "fonts.gstatic")
ASSET_ATTRIBUTES = {
    "link": "href",
    "script": "src",
    "img": "src",
    "iframe": "src",
    "source": "src",
    "video": "src",
    "audio": "src",
    "embed": "src",
    "object": "data",
}


def leaves_the_site(url: str) -> bool:
    """True for an absolute or protocol-relative URL other than a data: URL or the site's own address."""
    url = url.strip()
    if url.startswith(("data:", OWN_URL)):
        return False
    return re.match(r"^(?:[a-zA-Z][a-zA-Z0-9+.-]*:|//)", url) is not None


def external_requests(site: Path) -> list[str]:
    """Every asset of the built site (HTML, CSS, Material's bundled JS) that would load from elsewhere."""
    leaks = []
    for path in sorted(site.rglob("*.html")):
        html = soup(path)
        for tag, attribute in ASSET_ATTRIBUTES.items():
            for element in html.find_all(tag):
                if leaves_the_site(element.get(attribute, "")):
                    leaks.append(f"{path.name}: <{tag} {attribute}={element[attribute]}>")
        styles = [style.get_text() for style in html.find_all("style")]
        styles += [element["style"] for element in html.find_all(style=True)]
        for style in styles:
            leaks += [f"{path.name}: {m}" for m in URL_IN_CSS.findall(style) if leaves_the_site("".join(m))]
    for path in sorted(site.rglob("*.css")):
        for match in URL_IN_CSS.findall(path.read_text(encoding="utf-8")):
            if leaves_the_site("".join(match)):
                leaks.append(f"{path.relative_to(site)}: {match}")
    for path in sorted(site.rglob("*")):
        if path.suffix in {".html", ".css", ".js"}:
            text = path.read_text(encoding="utf-8")
            leaks += [f"{path.relative_to(site)}: {host}" for host in FONT_HOSTS if host in text]
    return leaks


def test_no_request_leaves_the_site(built: Path) -> None:
    assert external_requests(built / "site") == []


def test_staged_config_is_plain_yaml_with_the_site_values(
    tmp_path: Path, make_project: Callable[[Path], Path], stages: Callable[..., None]
) -> None:
    root = make_project(tmp_path / "project")
    shutil.rmtree(root / "content")
    for page in ("index.md", "about.md", "help/index.md", "help/checks.md"):
        (root / "content" / page).parent.mkdir(parents=True, exist_ok=True)
        (root / "content" / page).write_text(f"# {page}\n", encoding="utf-8")
    stages(root)
    staging = root / ".gongkai" / "staging"
    result = build_site(root, staging_dir=staging)
    assert result.staging_dir == staging
    config = yaml.safe_load((staging / "mkdocs.yml").read_text(encoding="utf-8"))  # no Python tags
    assert config["site_name"] == "测试县部门决算公开"
    assert config["site_url"] == OWN_URL
    assert config["copyright"] == "发布单位：测试县财政局"
    # content/ pages the rendered nav does not list come after it, each folder one section titled by its
    # index.md's heading, its index first; the rendered index.md replaced the hand-written one
    assert config["nav"] == [*NAV, "about.md", {"help/index.md": ["help/index.md", "help/checks.md"]}]
    assert Path(config["theme"]["custom_dir"]) == root / "templates" / "overrides"
    search = next(plugin["search"] for plugin in config["plugins"] if "search" in plugin)
    assert Path(search["jieba_dict_user"]).is_file()
    # Anyone can rebuild the kept staging project with MkDocs itself, and gets the same pages (gongkai
    # only strips the templates' indentation).
    again = tmp_path / "again"
    mkdocs_build(load_config(str(staging / "mkdocs.yml"), site_dir=str(again)))
    rebuilt = compact_html((again / "index.html").read_text(encoding="utf-8"))
    assert rebuilt == (root / "site" / "index.html").read_text(encoding="utf-8")


def test_same_input_builds_identical_bytes(
    tmp_path: Path,
    make_project: Callable[[Path], Path],
    stages: Callable[..., None],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    root = make_project(tmp_path / "project")
    stages(root, published=dt.date(2024, 9, 27))
    build_site(root, site_dir=tmp_path / "first")
    build_site(root, site_dir=tmp_path / "second")
    first, second = files_of(tmp_path / "first"), files_of(tmp_path / "second")
    assert first == second
    # The sitemap's dates come from the data (公开日期), not from the day of the build.
    assert "<lastmod>2024-09-27</lastmod>" in first["sitemap.xml"].decode()


def test_errors_refuse_the_build_and_write_nothing(
    tmp_path: Path, make_project: Callable[[Path], Path], stages: Callable[..., None]
) -> None:
    root = make_project(tmp_path / "project")
    error = Finding(
        Severity.ERROR,
        "T1-a",
        "收入合计不等于支出合计。",
        Source("data/2023/ce-shi-ju/决算.xlsx", "总表", "B7"),
    )
    warning = Finding(Severity.WARNING, "Y-1", "缺少公开时间。")
    stages(root, findings=[warning, error])
    with pytest.raises(BuildRefused) as refused:
        build_site(root)
    assert refused.value.findings == [warning, error]
    assert "1 个错误" in str(refused.value)
    assert not (root / "site").exists()
    assert not (root / ".gongkai").exists()


def test_mkdocs_yml_must_be_plain_yaml(
    tmp_path: Path, make_project: Callable[[Path], Path], stages: Callable[..., None]
) -> None:
    root = make_project(tmp_path / "project")
    stages(root)
    config = root / "mkdocs.yml"
    text = config.read_text(encoding="utf-8") + "hooks: !!python/name:hooks.run\n"
    config.write_text(text, encoding="utf-8")
    lines = text.count("\n")
    with pytest.raises(BuildError, match=f"第 {lines} 行不是合法的 YAML"):
        build_site(root)
    config.unlink()
    with pytest.raises(BuildError, match="找不到网站配置文件"):
        build_site(root)
    assert not (root / "site").exists()
    assert not (root / ".gongkai").exists()


@pytest.fixture
def previous_site(tmp_path: Path, make_project: Callable[[Path], Path], stages: Callable[..., None]) -> Path:
    """A project whose site/ was built once; returns the project folder."""
    root = make_project(tmp_path / "project")
    stages(root)
    build_site(root)
    return root


def test_a_broken_link_fails_the_strict_build_and_keeps_the_previous_site(
    previous_site: Path, stages: Callable[..., None]
) -> None:
    before = files_of(previous_site / "site")
    stages(previous_site, pages={**PAGES, "2023/index.md": "# 2023\n\n[不存在](missing.md)\n"})
    with pytest.raises(BuildError, match=r"^MkDocs 构建失败") as failed:
        build_site(previous_site)
    assert "missing.md" in str(failed.value)
    assert files_of(previous_site / "site") == before
    assert not list(previous_site.glob(".gongkai/staging*"))


def test_a_template_error_keeps_the_previous_site(
    previous_site: Path, stages: Callable[..., None], monkeypatch: pytest.MonkeyPatch
) -> None:
    before = files_of(previous_site / "site")
    stages(previous_site)

    def render(_project: Any, _docs_dir: Path, **_options: Any) -> list[Any]:
        return [Environment(loader=DictLoader({"page.md.j2": "{{ 1 +"})).get_template("page.md.j2").render()]

    monkeypatch.setattr(staging_docs, "render_site", render)
    with pytest.raises(BuildError, match=r"^模板 page\.md\.j2 第 1 行有语法错误"):
        build_site(previous_site)
    assert files_of(previous_site / "site") == before


def test_a_failed_swap_puts_the_previous_site_back(
    previous_site: Path, stages: Callable[..., None], monkeypatch: pytest.MonkeyPatch
) -> None:
    before = files_of(previous_site / "site")
    stages(previous_site, pages={**PAGES, "2023/index.md": "# 2023 年度（新版）\n"})

    def copy(_source: Path, target: Path) -> None:  # a copy to another file system, failing half way
        target.mkdir()
        (target / "half-copied.html").write_text("", encoding="utf-8")
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(publish, "_prepare", copy)
    with pytest.raises(BuildError, match=r"磁盘空间不足.*原有网站未改动"):
        build_site(previous_site)
    assert files_of(previous_site / "site") == before
    assert [p.name for p in previous_site.iterdir() if p.name.startswith(".site-")] == []


def test_a_successful_build_replaces_the_site_whole(previous_site: Path, stages: Callable[..., None]) -> None:
    (previous_site / "site" / "stale.html").write_text("旧文件", encoding="utf-8")
    stages(previous_site, pages={**PAGES, "2023/index.md": "# 2023 年度（新版）\n"})
    build_site(previous_site)
    assert not (previous_site / "site" / "stale.html").exists()
    assert "2023 年度（新版）" in (previous_site / "site" / "2023" / "index.html").read_text(encoding="utf-8")
    assert [p.name for p in previous_site.iterdir() if p.name.startswith(".site-")] == []


def test_serve_staging_rewrites_only_what_changed(
    tmp_path: Path, make_project: Callable[[Path], Path], stages: Callable[..., None]
) -> None:
    root = make_project(tmp_path / "project")
    stages(root)
    staging = root / ".gongkai" / "serve"
    serve.stage_for_serve(root, staging)
    unchanged = [staging / "docs" / "help" / "index.md", staging / "mkdocs.yml"]
    stamps = [path.stat().st_mtime_ns for path in unchanged]
    stages(root, pages={"index.md": "# 首页（改）\n"})
    serve.stage_for_serve(root, staging)
    assert (staging / "docs" / "index.md").read_text(encoding="utf-8") == "# 首页（改）\n"
    assert not (staging / "docs" / "2023").exists()
    assert [path.stat().st_mtime_ns for path in unchanged] == stamps  # live reload sees only real changes
    assert [path.name for path in (root / ".gongkai").iterdir()] == ["serve"]


# ---------------------------------------------------------------- palette


def _luminance(colour: str) -> float:
    channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(foreground: str, background: str) -> float:
    light, dark = sorted((_luminance(foreground), _luminance(background)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


# Text colour → background it is drawn on, by custom property of gongkai.css.
TEXT_ON_BACKGROUND = [
    ("--md-primary-bg-color", "--md-primary-fg-color"),  # header text
    ("--gk-on-primary", "--md-primary-fg-color"),  # the text-size control
    ("--md-primary-bg-color--light", "--md-primary-fg-color"),  # header search placeholder
    ("--md-primary-bg-color", "--md-primary-fg-color--dark"),
    ("--md-typeset-a-color", "--md-default-bg-color"),  # links
    ("--md-accent-fg-color", "--md-default-bg-color"),  # links on hover
    ("--md-accent-bg-color", "--md-accent-fg-color"),
    ("--md-default-fg-color", "--md-default-bg-color"),
    ("--md-default-fg-color--light", "--md-default-bg-color"),  # breadcrumbs, visited nav entries
    ("--md-default-fg-color--lighter", "--md-default-bg-color"),
    ("--md-footer-fg-color", "--md-footer-bg-color"),
    ("--md-footer-fg-color--light", "--md-footer-bg-color"),
    ("--md-footer-fg-color--lighter", "--md-footer-bg-color--dark"),  # copyright line
    ("--gk-table-head-fg", "--gk-table-head-bg"),
    ("--md-default-fg-color", "--gk-table-stripe-bg"),
    ("--md-default-fg-color--light", "--gk-table-stripe-bg"),
]


def test_palette_meets_wcag_aa_contrast() -> None:
    css = (Path(build.__file__).parent / "assets" / "gongkai.css").read_text(encoding="utf-8")
    colours = dict(re.findall(r"(--[\w-]+):\s*(#[0-9a-fA-F]{6})\s*;", css))
    ratios = {(fg, bg): contrast(colours[fg], colours[bg]) for fg, bg in TEXT_ON_BACKGROUND}
    assert {pair: round(ratio, 2) for pair, ratio in ratios.items() if ratio < 4.5} == {}


def test_contrast_formula() -> None:
    assert contrast("#000000", "#ffffff") == pytest.approx(21)
    assert contrast("#767676", "#ffffff") == pytest.approx(4.54, abs=0.01)


# ---------------------------------------------------------------- every stage, for real


def test_a_real_project_builds_into_an_accessible_self_contained_site(
    tmp_path: Path, make_project: Callable[[Path], Path]
) -> None:
    root = write_project(make_project(tmp_path / "project"))
    result = build_site(root)
    assert all(finding.severity is not Severity.ERROR for finding in result.findings)
    site = result.site_dir
    department = site / "2023" / "ce-shi-ju"
    chapters = ["", "gaikuang/", "shuoming/", "sangong/", "mingci/", "fubiao/", "fubiao/01/"]
    for chapter in chapters:
        html = soup(department / chapter / "index.html")
        assert html.html is not None and html.html["lang"] == "zh", chapter
    assert (site / "index.html").is_file() and (site / "2023" / "index.html").is_file()
    tables = [table for path in sorted(site.rglob("*.html")) for table in soup(path).select("table.gk-table")]
    assert len(tables) >= 13
    for table in tables:
        assert table.caption is not None and table.caption.get_text(strip=True)
        assert all(th.get("scope") for th in table.select("th"))
        wrapper = table.parent
        assert "gk-table-wrap" in wrapper.get("class", []) and wrapper.get("tabindex") == "0"
    assert external_requests(site) == []


def test_notices_are_banners_of_plain_text(
    tmp_path: Path, make_project: Callable[[Path], Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    """site.yaml's notice tops every page; a department.yaml's tops its department-year's pages too."""
    root = make_project(tmp_path / "project")
    with (root / "data" / "site.yaml").open("a", encoding="utf-8") as site_yaml:
        site_yaml.write("notice: 本网站为<b>示例</b>\n")
    project = stub_project(root)
    project.department_years[0].department.notice = "附表明细为构造的示例数据 & <i>并非原表</i>"
    pages = {**PAGES, "2023/ce-shi-ju/index.md": "# 测试局\n\n正文。\n"}
    nav = [*NAV, {"测试局": "2023/ce-shi-ju/index.md"}]
    monkeypatch.setattr(build, "load_project", lambda _path, *_args, **_options: project)
    monkeypatch.setattr(build, "check_project", lambda _project, **_options: [])
    monkeypatch.setattr(staging_docs, "render_site", render_pages(pages, nav))
    build_site(root)

    def banner(page: str) -> list[str]:
        html = soup(root / "site" / page)
        assert not html.select(".md-banner b, .md-banner i"), "a notice is text, never markup"
        return [p.get_text() for p in html.select(".md-banner p.gongkai-notice")]

    assert banner("index.html") == banner("2023/index.html") == ["本网站为<b>示例</b>"]
    assert banner("2023/ce-shi-ju/index.html") == [
        "本网站为<b>示例</b>",
        "附表明细为构造的示例数据 & <i>并非原表</i>",
    ]


def test_no_notice_no_banner(built: Path) -> None:
    assert not soup(built / "site" / "index.html").select(".md-banner")
