"""一图读懂 and the multi-year table: charts.py turns derived figures into cards, chart data and tables (exact
Decimals as strings, shares, nothing drawn where all is zero, no division by zero); derive.history walks the
years; the sample renders the 一图读懂 page, the multi-year table and the navigation entry."""

from __future__ import annotations

import dataclasses
import json
import re
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from bs4 import BeautifulSoup

from generator.derive import Figures, KeyFigures, SangongItem, Share, derive, history
from generator.evaluation.scoring import outcome
from generator.load import load_project
from generator.model import ZERO, DepartmentYear
from generator.numbers import Change
from generator.pages.charts import (
    Chart,
    cards,
    department_charts,
    expenditure_chart,
    history_table,
    income_chart,
    sangong_chart,
)
from generator.pages.tables import HtmlRow, HtmlTable
from generator.render import render_site

REPO = Path(__file__).resolve().parent.parent
D = Decimal
QU_XIAN = "2023/qu-xian-shang-wu-ju"
SUI_NING = "2024/sui-ning-xian-shang-wu-ju"


def columns(table: HtmlTable) -> list[str]:
    return [cell.text for cell in table.head[0]]


def label(row: HtmlRow) -> str:
    return row.cells[0].text


def cells(row: HtmlRow) -> list[str | None]:
    """A data row's amounts as printed; None where the cell says there is no data."""
    return [None if cell.missing else cell.text for cell in row.cells[1:]]


def by_label(table: HtmlTable) -> dict[str, list[str | None]]:
    return {label(row): cells(row) for row in table.body}


@pytest.fixture(scope="module")
def department_years() -> dict[str, DepartmentYear]:
    projects = (REPO, REPO / "examples" / "sui-ning")
    return {dy.label: dy for root in projects for dy in load_project(root).department_years}


@pytest.fixture(scope="module")
def qu_xian(department_years: dict[str, DepartmentYear]) -> Figures:
    return derive(department_years[QU_XIAN])


# ---------------------------------------------------------------- derive.history


def test_history_without_an_earlier_folder_uses_prior_year(
    department_years: dict[str, DepartmentYear],
) -> None:
    years = history(department_years[QU_XIAN])
    assert [year for year, _ in years] == [2022, 2023]
    # 2022 is what department.yaml's prior_year states (seed 003's own figures); 2023 the workbook's.
    assert years[0][1].total == D("6773.08") and years[0][1].basic is None
    assert years[1][1].total == D("3081.49")
    years = history(department_years[SUI_NING])
    assert [year for year, _ in years] == [2023, 2024]
    assert years[0][1].total is None and years[0][1].basic == D("504.19")


def test_history_of_a_first_year_is_that_year(department_years: dict[str, DepartmentYear]) -> None:
    dy = department_years[SUI_NING]
    assert dy.department is not None
    alone = dataclasses.replace(dy, department=dy.department.model_copy(update={"prior_year": None}))
    assert [year for year, _ in history(alone)] == [2024]


def test_basic_and_project_changes_are_against_the_prior_year(
    department_years: dict[str, DepartmentYear], qu_xian: Figures
) -> None:
    sui_ning = derive(department_years[SUI_NING])
    assert sui_ning.basic_change is not None and sui_ning.project_change is not None
    assert (sui_ning.basic_change.current, sui_ning.basic_change.base) == (D("471.83"), D("504.19"))
    assert sui_ning.project_change.text == "减少 8317.37 万元，下降 97.14%"
    assert qu_xian.basic_change is None  # seed 003 does not state 2022's 基本支出


# ---------------------------------------------------------------- charts


def chart_data(chart: Chart) -> dict[str, Any]:
    data = json.loads(chart.data)
    for series in data["series"]:
        assert all(isinstance(value, str) for value in series["values"]), "amounts travel as strings"
    return data


def test_income_chart_draws_the_sources_with_income(qu_xian: Figures) -> None:
    chart = income_chart(qu_xian)
    assert chart.drawn
    data = chart_data(chart)
    assert data["categories"] == ["一般公共预算财政拨款收入", "政府性基金预算财政拨款收入"]
    assert data["series"] == [
        {"name": "本年收入合计", "values": ["2871.49", "210.00"], "shares": ["93.19", "6.81"]}
    ]
    assert (
        data["description"]
        == chart.summary
        == (
            "2023 年度本年收入合计 3081.49 万元，其中一般公共预算财政拨款收入 2871.49 万元，占 93.19%；"
            "政府性基金预算财政拨款收入 210.00 万元，占 6.81%。"
        )
    )
    # The table lists every source, those without income too, and the whole.
    rows = by_label(chart.table)
    assert len(rows) == 9
    assert rows["政府性基金预算财政拨款收入"] == ["210.00", "6.81%"]
    assert rows["事业收入"] == ["0.00", "0.00%"]
    assert rows["本年收入合计"] == ["3,081.49", "100.00%"]
    assert chart.table.body[-1].css == "gk-total"


def test_expenditure_chart_names_the_largest_classes_and_sums_the_rest(qu_xian: Figures) -> None:
    chart = expenditure_chart(qu_xian)
    assert chart_data(chart)["series"][0]["values"] == [
        "732.87",
        "175.91",
        "40.51",
        "3.75",
        "1884.07",
        "34.38",
    ]
    assert chart.summary == (
        "2023 年度一般公共预算财政拨款支出 2871.49 万元，其中商业服务业等支出 1884.07 万元，占 65.61%；"
        "一般公共服务支出 732.87 万元，占 25.52%；社会保障和就业支出 175.91 万元，占 6.13%；"
        "其余 3 项共 78.64 万元，占 2.74%。"
    )
    assert cells(chart.table.body[-1]) == ["2,871.49", "100.00%"]


def test_sangong_chart_sets_last_year_budget_and_final_side_by_side(qu_xian: Figures) -> None:
    chart = sangong_chart(qu_xian)
    data = chart_data(chart)
    assert data["categories"] == ["因公出国（境）费", "公务用车购置及运行维护费", "公务接待费"]
    assert [(s["name"], s["values"]) for s in data["series"]] == [
        ("2022 年度决算", ["0.00", "0.00", "9.50"]),
        ("2023 年度预算", ["0.00", "0.00", "9.00"]),
        ("2023 年度决算", ["0.00", "0.00", "9.00"]),
    ]
    assert columns(chart.table) == [
        "项目",
        "2022 年度决算数",
        "2023 年度预算数",
        "2023 年度决算数",
        "完成预算",
        "比 2022 年度增减",
    ]
    rows = by_label(chart.table)
    assert rows["因公出国（境）费"] == ["0.00", "0.00", "0.00", None, "持平"]  # no budget: no completion
    assert rows["合计"] == ["9.50", "9.00", "9.00", "100.00%", "减少 0.50 万元，下降 5.26%"]
    assert "比 2022 年度减少 0.50 万元，下降 5.26%" in chart.summary


def zero_sangong(figures: Figures, prior: bool) -> Figures:
    """The figures of a department without any 三公, with last year's (zero too) known or not."""
    change = Change(ZERO, ZERO) if prior else None
    items = {key: SangongItem(key, ZERO, ZERO, None, change) for key in figures.sangong}
    return dataclasses.replace(figures, sangong=items)


@pytest.mark.parametrize("prior", [True, False], ids=["with-prior-year", "first-year"])
def test_no_sangong_gives_a_sentence_and_a_table_of_zeros(qu_xian: Figures, prior: bool) -> None:
    chart = sangong_chart(zero_sangong(qu_xian, prior))
    assert not chart.drawn
    assert chart.note == "2023 年度没有使用财政拨款安排的“三公”经费支出，预算数和决算数均为 0.00 万元。"
    assert len(columns(chart.table)) == (6 if prior else 4)
    for row in chart.table.body:
        amounts = cells(row)[:3] if prior else cells(row)[:2]
        assert amounts == ["0.00"] * len(amounts)
        assert None in cells(row)  # no completion on a zero budget


def test_a_zero_whole_draws_nothing_and_divides_by_nothing(qu_xian: Figures) -> None:
    empty = dataclasses.replace(
        qu_xian,
        income_total=ZERO,
        income_sources=[Share(share.name, ZERO, None) for share in qu_xian.income_sources],
        gpb_total=ZERO,
        gpb_classes=[],
    )
    income, spending, _ = department_charts(empty)
    assert not income.drawn and not spending.drawn
    assert income.note == "2023 年度本年收入合计为 0.00 万元。没有可以作图的数据。"
    assert cells(income.table.body[-1]) == ["0.00", None]
    assert [label(row) for row in spending.table.body] == ["一般公共预算财政拨款支出"]


# ---------------------------------------------------------------- cards and the multi-year table


def test_cards_state_the_key_figures_with_their_changes(
    qu_xian: Figures, department_years: dict[str, DepartmentYear]
) -> None:
    dy = department_years[QU_XIAN]
    assert dy.evaluations.department is not None
    assert qu_xian.self_evaluation == outcome(dy.evaluations.department.evaluation, dy.grading)
    result = cards(qu_xian)
    shown = {
        card.label: (card.value, card.unit, card.change and card.change.text, card.note) for card in result
    }
    assert shown == {
        "收支总计": ("3,081.49", "万元", "减少 3691.59 万元，下降 54.50%", ""),
        "一般公共预算财政拨款支出": (
            "2,871.49",
            "万元",
            "增加 1756.01 万元，增长 157.42%",
            "占本年支出合计 93.19%",
        ),
        "基本支出": ("849.70", "万元", None, "占本年支出合计 27.57%"),  # 2022's: not in seed 003
        "项目支出": ("2,231.79", "万元", None, "占本年支出合计 72.43%"),
        "“三公”经费": ("9.00", "万元", "减少 0.50 万元，下降 5.26%", "预算 9.00 万元，完成预算 100.00%"),
        "机关运行经费": ("39.24", "万元", "减少 162.29 万元，下降 80.53%", ""),
        "部门整体绩效自评得分": ("94", "分", None, "自评等级：优"),
    }


def test_cards_leave_out_what_a_department_does_not_have(qu_xian: Figures) -> None:
    institution = dataclasses.replace(
        zero_sangong(qu_xian, prior=False),
        operating_costs=None,
        total_change=None,
        gpb_share=None,
        self_evaluation=None,
    )
    shown = {card.label: card for card in cards(institution)}
    assert "机关运行经费" not in shown and "部门整体绩效自评得分" not in shown
    assert shown["收支总计"].change is None
    assert shown["一般公共预算财政拨款支出"].note == ""
    assert shown["“三公”经费"].note == "预算 0.00 万元"  # no completion on a zero budget


def test_history_table_has_a_column_per_year_and_no_data_as_none() -> None:
    table = history_table(
        "某局",
        [
            (2022, KeyFigures(total=D("10"), sangong={"total": D("1.5")})),
            (2023, KeyFigures(total=D("12.345"), basic=D("3"), sangong={"total": ZERO})),
        ],
    )
    assert table.caption == "某局历年主要数据"
    assert columns(table) == ["项目", "2022 年度", "2023 年度"]
    rows = by_label(table)
    # Rows no year states (项目支出, 机关运行经费, …) are left out.
    assert rows == {
        "收支总计": ["10.00", "12.35"],
        "基本支出": [None, "3.00"],
        "“三公”经费": ["1.50", "0.00"],
    }


# ---------------------------------------------------------------- rendered


def cell_texts(table: Any) -> dict[str, list[str]]:
    return {
        row.th.get_text(strip=True): [td.get_text(strip=True) for td in row.find_all("td")]
        for row in table.select("tbody tr")
    }


def test_the_department_page_links_yitu_and_shows_the_years(sample_docs: Path, example_docs: Path) -> None:
    text = (sample_docs / QU_XIAN / "index.md").read_text(encoding="utf-8")
    assert "[一图读懂 渠县商务局 2023 年度决算](yitu.md){: .md-button" in text
    table = BeautifulSoup(text, "html.parser").find("table")
    assert [th.get_text() for th in table.select("thead th")] == ["项目", "2022 年度", "2023 年度"]
    rows = cell_texts(table)
    assert rows["收支总计"] == ["6,773.08", "3,081.49"]
    assert rows["一般公共预算财政拨款支出"] == ["1,115.48", "2,871.49"]
    assert rows["基本支出"] == ["—无数据", "849.70"]
    assert rows["项目支出"] == ["—无数据", "2,231.79"]
    assert rows["“三公”经费"] == ["9.50", "9.00"]
    assert rows["机关运行经费"] == ["201.53", "39.24"]

    sui_ning = BeautifulSoup(
        (example_docs / SUI_NING / "index.md").read_text(encoding="utf-8"), "html.parser"
    )
    rows = cell_texts(sui_ning.find("table"))
    assert rows["收支总计"] == ["—无数据", "716.83"]
    assert rows["基本支出"] == ["504.19", "471.83"]
    assert rows["“三公”经费"] == ["2.28", "0.31"]


def test_the_yitu_page_has_cards_charts_and_tables(sample_docs: Path, example_docs: Path) -> None:
    text = (sample_docs / QU_XIAN / "yitu.md").read_text(encoding="utf-8")
    assert text.startswith("---\ngongkai_charts: true\n---\n")
    assert "\n# 一图读懂 渠县商务局 2023 年度决算\n" in text
    page = BeautifulSoup(text, "html.parser")
    numbers = [card.select_one(".gk-card__number").get_text() for card in page.select(".gk-card")]
    assert numbers == ["3,081.49", "2,871.49", "849.70", "2,231.79", "9.00", "39.24", "94"]
    assert (
        page.select_one(".gk-card .gk-card__change").get_text()
        == "比 2022 年度减少 3691.59 万元，下降 54.50%"
    )
    figures = page.select("figure.gk-figure")
    assert len(figures) == 3
    for figure in figures:
        chart = figure.select_one(".gk-chart")
        assert chart["role"] == "img" and chart.has_attr("hidden")
        assert (
            chart["aria-label"]
            == figure.figcaption.get_text()
            == json.loads(chart["data-chart"])["description"]
        )
        table = figure.select_one(".gk-table-wrap table")
        assert table.caption.get_text() and all(th.get("scope") for th in table.select("th"))
    assert re.search(r"^## “三公”经费 \{: #sangong \}$", text, re.MULTILINE)

    sui_ning = BeautifulSoup((example_docs / SUI_NING / "yitu.md").read_text(encoding="utf-8"), "html.parser")
    figcaption = sui_ning.select("figure figcaption")[2].get_text()
    assert figcaption.startswith(
        "2024 年度“三公”经费财政拨款支出决算 0.31 万元，预算 2.00 万元，完成预算 15.50%"
    )


def dy_entries(nav: Any) -> dict[str, list[Any]]:
    """Every department-year's nav entries, by the path of its index page."""
    found: dict[str, list[Any]] = {}
    if isinstance(nav, list):
        if nav and isinstance(nav[0], str) and nav[0].endswith("/index.md") and nav[0].count("/") == 2:
            found[nav[0]] = nav
        for entry in nav:
            found.update(dy_entries(entry))
    elif isinstance(nav, dict):
        for value in nav.values():
            found.update(dy_entries(value))
    return found


def test_yitu_follows_the_index_page_in_the_nav(tmp_path: Path) -> None:
    nav = render_site(load_project(REPO), tmp_path / "docs")
    entries = dy_entries(nav)
    assert sorted(entries) == [f"{QU_XIAN}/index.md"]
    for index, items in entries.items():
        assert items[1] == {"一图读懂": index.replace("index.md", "yitu.md")}
