"""The MkDocs build in parts (one per year, one for the portal) joins into the site one build would make;
``--only`` builds one department-year beside it."""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import openpyxl
import pathspec
import pytest
import yaml
from bs4 import BeautifulSoup

from generator import build, render, serve
from generator.build import BuildError, build_site
from generator.load import load_project
from generator.staging import docs as staging_docs
from generator.staging import mkdocs, parts
from generator.staging.memo import Memo
from generator.staging.parts import PORTAL, Part, build_parts, write_part_configs

REPO = Path(__file__).resolve().parent.parent
QU_XIAN_2023 = "2023/qu-xian-shang-wu-ju"


def copy_sample(root: Path) -> Path:
    """The sample with three years and two departments, so that there are parts to join: a 2022 folder
    (2023's, copied as the year before) and the example project's 绥宁县商务局 2024."""
    for name in ("data", "content", "templates"):
        shutil.copytree(REPO / name, root / name)
    shutil.copy(REPO / "mkdocs.yml", root / "mkdocs.yml")
    earlier = root / "data" / "2022" / "qu-xian-shang-wu-ju"
    shutil.copytree(root / "data" / QU_XIAN_2023, earlier)
    _reprint_year(next(earlier.glob("*.xlsx")), "2023", "2022")
    shutil.copytree(REPO / "examples" / "sui-ning" / "data" / "2024", root / "data" / "2024")
    return root


def _reprint_year(workbook: Path, printed: str, year: str) -> None:
    """The copy prints its own year (W-1 compares the printed year with the folder's)."""
    book = openpyxl.load_workbook(workbook)
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                if isinstance(cell.value, str) and f"{printed}年" in cell.value:
                    cell.value = cell.value.replace(f"{printed}年", f"{year}年")
    book.save(workbook)


@pytest.fixture(scope="module")
def sample(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """The repository's sample built once, in parts, with the staging project kept."""
    root = copy_sample(tmp_path_factory.mktemp("parts"))
    build_site(root, staging_dir=root / ".gongkai" / "staging")
    yield root


def test_one_part_per_year_and_one_for_the_portal(sample: Path) -> None:
    staging = sample / ".gongkai" / "staging"
    names = sorted(path.name for path in staging.glob("mkdocs-*.yml"))
    assert names == ["mkdocs-2022.yml", "mkdocs-2023.yml", "mkdocs-2024.yml", f"mkdocs-{PORTAL}.yml"]
    year = yaml.safe_load((staging / "mkdocs-2023.yml").read_text(encoding="utf-8"))
    assert year["exclude_docs"] == "/*\n!/2023/\n/2023/*\n!/2023/qu-xian-shang-wu-ju/\n"
    assert year["docs_dir"] == "part-docs/2023"
    # its own department-year's nav whole; of another year only the first and last pages, each page
    # of another part titled as where it is built
    whole = yaml.safe_load((staging / "mkdocs.yml").read_text(encoding="utf-8"))["nav"]
    assert parts._nav_pages([year["nav"][2]]) == parts._nav_pages([whole[2]])
    assert next(iter(whole[2])) == "2023 年度"
    assert year["nav"][2]["2023 年度"][0] == {"2023 年度部门决算公开": "2023/index.md"}
    [(title, pages)] = year["nav"][1].items()
    ends = [whole[1][title][0], parts._leaves(whole[1][title])[-1]]
    assert title == "2024 年度" and parts._nav_pages(pages) == parts._nav_pages(ends)
    docs = staging / "part-docs" / "2023"
    assert (docs / QU_XIAN_2023).is_symlink() and (docs / "2024" / "index.md").is_symlink()
    other = docs / "2024" / "sui-ning-xian-shang-wu-ju"
    assert [p.relative_to(docs).as_posix() for p in other.rglob("*.md")] == list(pages[1].values())


def test_each_part_builds_its_pages_as_with_the_whole_docs_and_nav(sample: Path) -> None:
    """A part's own docs folder of links and its nav (``parts.part_docs``, ``parts.part_nav``) make the
    pages that the staging project's whole docs and nav make, byte for byte (the whole nav with every
    page titled as MkDocs titles it, as a part's nav titles the pages it leaves out)."""
    staging = sample / ".gongkai" / "staging"
    whole = parts.read_config(staging / "mkdocs.yml")
    nav = parts._with_titles(whole["nav"], lambda _page: False, staging / "docs")
    compared = 0
    for config_file in sorted(staging.glob("mkdocs-*.yml")):
        name = config_file.stem.removeprefix("mkdocs-")
        config = {**parts.read_config(config_file), "docs_dir": "docs", "nav": nav}
        config["site_dir"] = f"whole/{name}"
        variant = staging / f"whole-{name}.yml"
        variant.write_text(parts.config_text(config), encoding="utf-8")
        with mkdocs.environment(**mkdocs.build_environment(load_project(sample))):
            assert mkdocs.mkdocs_warnings(variant) == []
        built = staging / "whole" / name
        for page in built.rglob("*.html"):
            if name != PORTAL and page.name == "404.html":
                continue  # every part makes one; the portal's is published
            joined = sample / "site" / page.relative_to(built)
            assert parts.compact_html(page.read_text("utf-8")) == joined.read_text("utf-8"), page
            compared += 1
    assert compared > 30


def test_the_joined_site_has_every_part(sample: Path) -> None:
    site = sample / "site"
    for page in ("index.html", "help/index.html", "2022/index.html", f"{QU_XIAN_2023}/shuoming/index.html"):
        assert (site / page).is_file(), page
    # a page built in the 2023 part links the portal and the other years by their real addresses
    page = BeautifulSoup((site / QU_XIAN_2023 / "shuoming" / "index.html").read_text("utf-8"), "html.parser")
    hrefs = {a.get_text(strip=True): a["href"] for a in page.select("nav.md-nav--primary a.md-nav__link")}
    assert hrefs["2024 年度"] == "../../../2024/"
    assert (site / QU_XIAN_2023 / "shuoming" / hrefs["2024 年度"] / "index.html").resolve().is_file()


def test_a_footer_names_the_page_next_to_it_in_another_part(sample: Path) -> None:
    """MkDocs does not read a page another part builds: the part's nav gives it the title it has where it
    is built, so that 上一页/下一页 name it (they read "None" before)."""
    links = []
    for page in (sample / "site").rglob("*.html"):
        soup = BeautifulSoup(page.read_text("utf-8"), "html.parser")
        links += [(page, link["aria-label"]) for link in soup.select("a.md-footer__link")]
    assert len(links) > 40
    assert [link for link in links if "None" in link[1]] == []
    labels = {label for _, label in links}
    assert "下一页: 渠县商务局 2023 年度部门决算公开" in labels  # 2023's year page, the portal's part


def search_index(site: Path, folder: str = "") -> dict[str, str]:
    """Page or section address → its text, from the index of the site (or of a year's folder)."""
    path = site / folder / "search" / "search_index.json"
    return {doc["location"]: doc["text"] for doc in json.loads(path.read_text(encoding="utf-8"))["docs"]}


def search_titles(site: Path, folder: str = "") -> dict[str, str]:
    """Page or section address → its title as the site's (or a year's) index holds it, without jieba's
    separators."""
    docs = json.loads((site / folder / "search" / "search_index.json").read_text(encoding="utf-8"))["docs"]
    return {doc["location"]: doc["title"].replace("\u200b", "") for doc in docs}


def test_each_year_searches_its_own_index_and_the_site_index_holds_every_title(sample: Path) -> None:
    site = sample / "site"
    whole = search_index(site)
    pages = {location.split("#")[0] for location in whole}
    assert {"", "help/", "2022/qu-xian-shang-wu-ju/sangong/", "2024/sui-ning-xian-shang-wu-ju/"} <= pages
    assert whole["help/"] or any(whole[location] for location in whole if location.startswith("help/#"))
    assert not any(text for location, text in whole.items() if location[:4].isdigit()), "years: titles only"
    titles = search_titles(site)
    assert titles["2022/qu-xian-shang-wu-ju/sangong/"].endswith("（渠县商务局 2022 年度部门决算公开）")
    assert titles["2022/qu-xian-shang-wu-ju/"] == "渠县商务局 2022 年度部门决算公开"
    for year in ("2022", "2023", "2024"):
        index = search_index(site, year)
        assert "" in index  # the year page
        assert all(not location.startswith(f"{year}/") for location in index), "relative to the year"
    assert "公务接待" in "".join(search_index(site, "2023").values()).replace("\u200b", "")
    sangong = search_titles(site, "2023")["qu-xian-shang-wu-ju/sangong/"]
    assert sangong.endswith("（渠县商务局 2023 年度部门决算公开）")
    assert not any(location.startswith("qu-xian") for location in search_index(site, "2024"))
    # every page indexed once in the site's index
    single = [location for location in whole if "#" not in location]
    assert len(single) == len(set(single))


def test_year_pages_point_their_search_at_their_year(sample: Path) -> None:
    site = sample / "site"
    chapter = (site / QU_XIAN_2023 / "shuoming" / "index.html").read_text(encoding="utf-8")
    assert '"/2023/")' in chapter
    assert '"/20' not in (site / "index.html").read_text(encoding="utf-8")


def test_part_configs_leave_out_the_other_parts(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(parts, "DEPARTMENTS_PER_PART", 2)
    for page in (
        "2023/index.md",
        "2023/downloads/x.csv",
        "2024/index.md",
        "2023/a/index.md",
        "2023/b/index.md",
        "2023/c/index.md",
        "2024/d/index.md",
    ):
        (tmp_path / "docs" / page).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / "docs" / page).write_text("# x\n", encoding="utf-8")
    planned = write_part_configs({"site_name": "测试"}, "# header\n", tmp_path)
    assert [(part.name, part.folders) for part in planned] == [
        (PORTAL, ()),
        ("2024", ("2024/d",)),
        ("2023-1", ("2023/a", "2023/b")),
        ("2023-2", ("2023/c",)),
    ]
    portal = yaml.safe_load(planned[0].config_file.read_text(encoding="utf-8"))
    assert portal["site_dir"] == "parts/portal"
    spec = pathspec.GitIgnoreSpec.from_lines(portal["exclude_docs"].splitlines())
    assert [
        page
        for page in ("2023/index.md", "2023/downloads/x.csv", "2023/a/index.md")
        if not spec.match_file(page)
    ] == [
        "2023/index.md",
        "2023/downloads/x.csv",
    ]
    second = yaml.safe_load(planned[3].config_file.read_text(encoding="utf-8"))
    spec = pathspec.GitIgnoreSpec.from_lines(second["exclude_docs"].splitlines())
    kept = [
        page
        for page in ("index.md", "2023/index.md", "2023/a/index.md", "2023/c/index.md", "2024/d/index.md")
        if not spec.match_file(page)
    ]
    assert kept == ["2023/c/index.md"]


def article(page: Path) -> str:
    return str(BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser").select_one("article"))


def test_only_builds_one_department_year_into_the_preview(tmp_path: Path, sample: Path) -> None:
    root = copy_sample(tmp_path / "project")
    result = build_site(root, only=QU_XIAN_2023)
    assert result.site_dir == root / ".gongkai" / "preview"
    assert not (root / "site").exists(), "the published site is not touched"
    assert not (result.site_dir / "2024").exists() and not (result.site_dir / "2022").exists()
    # last year's folder is not built, but still gives the comparisons: the chapter is the full build's
    page = Path(QU_XIAN_2023, "shuoming", "index.html")
    assert article(result.site_dir / page) == article(sample / "site" / page)


def test_only_names_a_missing_department_year(tmp_path: Path) -> None:
    root = copy_sample(tmp_path / "project")
    with pytest.raises(BuildError, match="找不到部门年度“2023/no-such-dept”"):
        build_site(root, only="2023/no-such-dept")


def test_unchanged_parts_come_from_the_cache(tmp_path: Path) -> None:
    for page in ("index.md", "2023/index.md", "2023/a/index.md", "2024/index.md", "2024/b/index.md"):
        (tmp_path / "docs" / page).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / "docs" / page).write_text(f"# {page}\n", encoding="utf-8")
    parts = write_part_configs({"site_name": "测试"}, "", tmp_path)
    built: list[str] = []

    def page(part: Part) -> Path:  # in the folder the part builds, which join_parts takes
        return part.site_dir / (part.folders[0] if part.folders else "") / "page.html"

    def fake_mkdocs(config_file: Path) -> list[str]:
        part = next(part for part in parts if part.config_file == config_file)
        built.append(part.name)
        page(part).parent.mkdir(parents=True)
        page(part).write_text(part.name, encoding="utf-8")
        return []

    def build() -> list[str]:
        shutil.rmtree(tmp_path / "parts", ignore_errors=True)
        built.clear()
        assert build_parts(parts, fake_mkdocs, workers=1, cache_dir=tmp_path / "cache") == []
        assert all(page(part).read_text(encoding="utf-8") == part.name for part in parts)
        return sorted(built)

    assert build() == ["2023", "2024", PORTAL]
    assert build() == []
    (tmp_path / "docs" / "2023" / "a" / "index.md").write_text("# 改过\n", encoding="utf-8")
    assert build() == ["2023"]


@pytest.fixture
def rendered(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The labels of the department-years rendered while the test runs, in order."""
    labels: list[str] = []
    real = render.render_department_year

    def counting(env: Any, project: Any, dy: Any, docs_dir: Path) -> Any:
        labels.append(dy.label)
        return real(env, project, dy, docs_dir)

    monkeypatch.setattr(render, "render_department_year", counting)
    monkeypatch.setattr(staging_docs, "cores", lambda: 1)  # the count is kept in this process
    return labels


def test_a_build_reuses_what_the_last_build_read_checked_and_rendered(
    tmp_path: Path, rendered: list[str]
) -> None:
    root = copy_sample(tmp_path / "project")
    build.build_site(root)
    assert len(rendered) == 3

    rendered.clear()
    department = root / "data" / "2023" / "qu-xian-shang-wu-ju" / "department.yaml"
    department.write_text(
        department.read_text(encoding="utf-8").replace("内设办公室", "内设新设的办公室"), "utf-8"
    )
    build.build_site(root)
    assert rendered == [QU_XIAN_2023]  # 2022 and the other department are taken from the last build
    site = root / "site"
    assert "内设新设的办公室" in (site / QU_XIAN_2023 / "gaikuang" / "index.html").read_text("utf-8")
    assert (site / "2024" / "sui-ning-xian-shang-wu-ju" / "gaikuang" / "index.html").is_file()

    # nothing changed: nothing rendered, and the memo kept as it was
    memo = root / ".gongkai" / "memo" / "memo.pickle"
    stamp = memo.stat().st_mtime_ns
    rendered.clear()
    build.build_site(root)
    assert rendered == [] and memo.stat().st_mtime_ns == stamp

    # a memo not signed with this user's key (a project folder received from someone) is not read
    memo.write_bytes(bytes(32) + memo.read_bytes()[32:])
    rendered.clear()
    build.build_site(root)
    assert len(rendered) == 3


def test_a_memo_that_cannot_be_kept_does_not_fail_the_build(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = copy_sample(tmp_path / "project")
    (tmp_path / "not-a-folder").write_text("", encoding="utf-8")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "not-a-folder"))  # no key can be made there
    assert build.build_site(root).pages > 0
    assert (root / "site" / "index.html").is_file()
    assert not (root / ".gongkai" / "memo" / "memo.pickle").exists()


def test_the_preview_regenerates_only_the_changed_department_years(
    tmp_path: Path, rendered: list[str]
) -> None:
    root = copy_sample(tmp_path / "project")
    staging = root / ".gongkai" / "serve"
    memo = Memo()
    serve.stage_for_serve(root, staging, memo=memo)
    assert sorted(rendered) == ["2022/qu-xian-shang-wu-ju", QU_XIAN_2023, "2024/sui-ning-xian-shang-wu-ju"]
    untouched = staging / "docs" / "2024" / "sui-ning-xian-shang-wu-ju" / "gaikuang.md"
    stamp = untouched.stat().st_mtime_ns

    rendered.clear()
    serve.stage_for_serve(root, staging, memo=memo)
    assert rendered == []  # nothing changed: nothing read, checked or rendered again

    # last year's folder changes: this year's comparisons change with it
    department = root / "data" / "2022" / "qu-xian-shang-wu-ju" / "department.yaml"
    department.write_text(
        department.read_text(encoding="utf-8").replace("渠县商务局", "渠县商务局 ", 1), "utf-8"
    )
    serve.stage_for_serve(root, staging, memo=memo)
    assert sorted(rendered) == ["2022/qu-xian-shang-wu-ju", QU_XIAN_2023]
    assert untouched.stat().st_mtime_ns == stamp  # the served file of another department is not rewritten

    # templates/ changes: everything again
    rendered.clear()
    (root / "templates" / "mingci.md.j2").write_text(
        (root / "templates" / "mingci.md.j2").read_text(encoding="utf-8") + "\n", encoding="utf-8"
    )
    serve.stage_for_serve(root, staging, memo=memo)
    assert len(rendered) == 3
