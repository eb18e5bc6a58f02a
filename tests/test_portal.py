"""The portal (generator/portal.py): each year's navigation, grouped when departments carry a ``group``; the
year page's comparison of all departments; the home page's years and filter; and a real build of a grouped
region, its pages' navigation and its search index."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from bs4 import BeautifulSoup
from portal_support import YEAR, Department, write_region

from generator.build import build_site
from generator.derive import derive
from generator.load import load_project
from generator.model import DepartmentYear
from generator.pages.portal import NONE, OTHER_GROUP, comparison, group_of, year_nav
from generator.readers.yamlfile import load_department
from generator.tools.scaffold import new_department_year

D = Decimal
REGION = [
    Department("bing-ju", "丙局", 2, group="政法系统", score=85),
    Department("jia-ju", "甲局", 1, group="教育系统", score=80),
    Department("ding-zhong-xin", "丁中心", 4, group="教育系统", kind="事业"),
    Department("yi-ju", "乙局", 3),
]


def stub(slug: str, group: str | None) -> Any:
    """A department-year as year_nav sees it: its slug and department.yaml's group (None: no YAML)."""
    department = None if group is None else SimpleNamespace(group=group)
    return SimpleNamespace(slug=slug, department=department)


def entries(slug: str) -> list[Any]:
    return [{slug: [f"{YEAR}/{slug}/index.md"]}]


# ---------------------------------------------------------------- navigation


def test_a_year_without_groups_stays_flat() -> None:
    departments = [(stub("a", ""), entries("a")), (stub("b", None), entries("b"))]
    assert year_nav(YEAR, departments) == [f"{YEAR}/index.md", *entries("a"), *entries("b")]


def test_a_year_with_groups_nests_departments_under_their_group() -> None:
    departments = [
        (stub("a", "政法系统"), entries("a")),
        (stub("b", ""), entries("b")),
        (stub("c", "教育系统"), entries("c")),
        (stub("d", " 政法系统 "), entries("d")),
        (stub("e", None), entries("e")),
    ]
    nav = year_nav(YEAR, departments)
    # groups in the Unicode order of their names (政 U+653F before 教 U+6559), then 其他部门
    assert nav == [
        f"{YEAR}/index.md",
        {"政法系统": [*entries("a"), *entries("d")]},
        {"教育系统": entries("c")},
        {OTHER_GROUP: [*entries("b"), *entries("e")]},
    ]


def test_a_group_named_like_the_others_section_joins_it() -> None:
    departments = [(stub("a", "教育系统"), entries("a")), (stub("b", OTHER_GROUP), entries("b"))]
    assert year_nav(YEAR, departments)[1:] == [{"教育系统": entries("a")}, {OTHER_GROUP: entries("b")}]
    assert group_of(stub("c", "")) == group_of(stub("d", None)) == OTHER_GROUP


MINIMAL = """\
name: 测试局
kind: 行政
duties: 负责全县商务工作。
organisation:
  description: 内设办公室。
"""


def test_group_is_an_optional_field_of_department_yaml(tmp_path: Path) -> None:
    path = tmp_path / "department.yaml"
    path.write_text(MINIMAL, encoding="utf-8")
    model, findings = load_department(path)
    assert findings == [] and model is not None and model.group == ""
    path.write_text(MINIMAL + "group: 教育系统\n", encoding="utf-8")
    model, findings = load_department(path)
    assert findings == [] and model is not None and model.group == "教育系统"
    path.write_text(MINIMAL + "group:\n  - 教育系统\n", encoding="utf-8")
    model, findings = load_department(path)
    assert model is None and "group" in findings[0].message


# ---------------------------------------------------------------- the year page's comparison


@pytest.fixture(scope="module")
def region(tmp_path_factory: pytest.TempPathFactory, make_project: Callable[[Path], Path]) -> Path:
    root = make_project(tmp_path_factory.mktemp("region") / "project")
    return write_region(root, REGION, tmp_path_factory.mktemp("scratch"))


@pytest.fixture(scope="module")
def department_years(region: Path) -> list[DepartmentYear]:
    return load_project(region).department_years


def test_comparison_rows_follow_the_folders_and_carry_sortable_numbers(
    department_years: list[DepartmentYear],
) -> None:
    table = comparison([(dy, derive(dy)) for dy in reversed(department_years)])
    assert [column.label for column in table.columns] == [
        "收支总计",
        "一般公共预算财政拨款支出",
        "“三公”经费预算数",
        "“三公”经费决算数",
        "机关运行经费",
        "部门整体自评得分",
    ]
    assert [(row.slug, row.name) for row in table.rows] == [
        ("bing-ju", "丙局"),
        ("ding-zhong-xin", "丁中心"),
        ("jia-ju", "甲局"),
        ("yi-ju", "乙局"),
    ]
    bing = table.rows[0].values
    # the tiny department × 2: 收支总计 135.00, 一般公共预算 130.00, 三公 5.00 / 4.00, 公用经费 10.00
    assert [(value.text, value.sort) for value in bing] == [
        ("270.00", "270.00"),
        ("260.00", "260.00"),
        ("10.00", "10.00"),
        ("8.00", "8.00"),
        ("20.00", "20.00"),
        ("95", "95.00"),  # 预算执行 10 分 + indicators 85 分
    ]


def test_comparison_shows_nothing_where_there_is_no_figure(department_years: list[DepartmentYear]) -> None:
    table = comparison([(dy, derive(dy)) for dy in department_years])
    ding = next(row for row in table.rows if row.slug == "ding-zhong-xin")
    yi = next(row for row in table.rows if row.slug == "yi-ju")
    assert ding.values[4] == NONE and ding.values[4].missing  # 事业单位: no 机关运行经费
    assert ding.values[5] == yi.values[5] == NONE  # no 部门整体 self-evaluation


def test_comparison_totals_add_the_amounts_as_decimals(department_years: list[DepartmentYear]) -> None:
    table = comparison([(dy, derive(dy)) for dy in department_years])
    # scales 2 + 4 + 1 + 3 = 10; the 事业单位 (× 4) has no 机关运行经费: 10.00 × (2 + 1 + 3)
    assert [value.text for value in table.totals] == ["1,350.00", "1,300.00", "50.00", "40.00", "60.00", ""]
    assert table.totals[0].sort == "1350.00" and table.totals[5] == NONE


def test_comparison_adds_the_amounts_as_printed() -> None:
    def figures(total: str) -> Any:
        sangong = {"total": SimpleNamespace(budget=D("0"), final=D("0"))}
        return SimpleNamespace(
            name=total,
            total=D(total),
            gpb_total=D("0"),
            sangong=sangong,
            operating_costs=None,
            self_evaluation=None,
        )

    def dy(slug: str) -> Any:
        return SimpleNamespace(slug=slug)

    # 0.005 prints as 0.01 (四舍五入) in each row; the 合计 is the sum of what the rows print
    table = comparison([(dy("a"), figures("0.005")), (dy("b"), figures("0.005"))])
    assert [row.values[0].text for row in table.rows] == ["0.01", "0.01"]
    assert table.totals[0].text == "0.02"


# ---------------------------------------------------------------- a real build of a grouped region


@pytest.fixture(scope="module")
def built(region: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_site(region, site_dir=tmp_path_factory.mktemp("built") / "site").site_dir


def nav_labels(html: Path) -> list[str]:
    soup = BeautifulSoup(html.read_text(encoding="utf-8"), "html.parser")
    nav = soup.select_one("nav.md-nav--primary")
    assert nav is not None
    return [" ".join(item.get_text().split()) for item in nav.select(".md-nav__link")]


def test_a_chapter_page_carries_its_group_and_not_the_other_groups_departments(built: Path) -> None:
    labels = nav_labels(built / str(YEAR) / "jia-ju" / "shuoming" / "index.html")
    assert {"教育系统", "政法系统", OTHER_GROUP} <= set(labels)
    assert {"甲局", "丁中心"} <= set(labels)  # its own group's departments
    assert not {"丙局", "乙局"} & set(labels)  # the other groups' departments are pruned


def test_the_year_page_compares_the_departments(built: Path) -> None:
    soup = BeautifulSoup((built / str(YEAR) / "index.html").read_text(encoding="utf-8"), "html.parser")
    table = soup.select_one("table[data-gk-sortable]")
    assert table is not None
    headers = table.select("thead th")
    assert [th.get_text() for th in headers][:2] == ["部门", "收支总计"]
    assert headers[0]["aria-sort"] == "ascending" and headers[1]["data-gk-sort"] == "number"
    rows = table.select("tbody tr")
    assert [row.th.get_text() for row in rows] == ["丙局", "丁中心", "甲局", "乙局"]
    assert rows[0].th.a["href"] == "bing-ju/"
    assert [row.select("td")[0]["data-sort"] for row in rows] == ["270.00", "540.00", "135.00", "405.00"]
    missing = rows[1].select("td")[4]
    assert missing["data-sort"] == "" and missing.select_one(".gk-visually-hidden").get_text() == "无"
    footer = table.select_one("tfoot tr")
    assert footer is not None and footer.th.get_text() == "合计"
    assert footer.select("td")[0].get_text() == "1,350.00"
    link = soup.find("a", string=re.compile("下载本年度各部门主要数据"))
    assert link is not None and link["href"] == f"downloads/key-figures-{YEAR}.csv"
    csv = (built / str(YEAR) / link["href"]).read_text(encoding="utf-8-sig").splitlines()
    assert len(csv) == 1 + len(REGION) and csv[1].startswith(f"{YEAR},丙局,270.00,")


def test_the_home_page_links_each_year_and_offers_a_filter(built: Path) -> None:
    soup = BeautifulSoup((built / "index.html").read_text(encoding="utf-8"), "html.parser")
    assert soup.find("a", string=f"{YEAR} 年度", href=f"{YEAR}/") is not None
    box = soup.select_one(".gk-filter")
    assert box is not None and box.has_attr("hidden")  # shown by the script only
    assert box.label.get_text() == "按部门名称筛选" and box.input["type"] == "search"
    assert box.label["for"] == box.input["id"]
    rows = soup.select(f"#{box['data-gk-filter-for']} tbody tr")
    # the script filters by the row's name and its folder, read from the first link: nothing is repeated
    assert rows[0].th.get_text() == "丙局" and rows[0].a["href"] == f"{YEAR}/bing-ju/"
    script = soup.find("script", src=re.compile("gongkai-tables.js"))
    assert script is not None and (built / "assets" / "gongkai-tables.js").is_file()


def search_docs(built: Path) -> dict[str, str]:
    index = json.loads((built / "search" / "search_index.json").read_text(encoding="utf-8"))
    pages: dict[str, str] = {}
    for doc in index["docs"]:
        page = doc["location"].split("#")[0]
        pages[page] = pages.get(page, "") + (doc["title"] + doc["text"]).replace("\u200b", "")
    return pages


def test_table_pages_and_chapters_are_in_the_search_index(built: Path) -> None:
    pages = search_docs(built)
    base = f"{YEAR}/jia-ju/"
    tables = [page for page in pages if re.search(r"/fubiao/\d\d(-\d\d)?/$", page)]
    assert tables  # a 科目 or a table's title leads to its table
    assert any("收入支出决算总表" in pages[page] for page in tables)
    assert base + "fubiao/" in pages
    assert "公务接待" in pages[base + "sangong/"] and "三公" in pages[base + "sangong/"]
    assert "机关运行经费" in pages[base + "shuoming/"]
    assert "甲局" in pages[base]


def test_departments_without_groups_keep_a_flat_year(
    tmp_path: Path, make_project: Callable[[Path], Path]
) -> None:
    root = write_region(make_project(tmp_path / "project"), [Department("jia-ju", "甲局", 1)], tmp_path)
    site = build_site(root, site_dir=tmp_path / "site").site_dir
    labels = nav_labels(site / str(YEAR) / "jia-ju" / "index.html")
    assert "甲局" in labels and OTHER_GROUP not in labels


def test_next_years_folder_keeps_the_group(tmp_path: Path) -> None:
    folder = tmp_path / "data" / str(YEAR) / "jia-ju"
    folder.mkdir(parents=True)
    (folder / "department.yaml").write_text(MINIMAL + "group: 教育系统\n", encoding="utf-8")
    made = new_department_year(tmp_path, YEAR + 1, "jia-ju", source_year=YEAR)
    assert "group: 教育系统 # 网站导航中的分组" in made.department_yaml.read_text(encoding="utf-8")
    assert "group" not in made.marked
