"""一图读懂 and the charts of a department-year: derived figures → key-figure cards, chart specifications
and the data table beside every chart.

Pure: figures in, plain values out; the templates only print them. Amounts leave as strings of their
rounded ``Decimal`` — in the tables for readers, in each chart's JSON for assets/gongkai-charts.js, which
turns them into numbers once, to size the bars. Every chart has a one-sentence summary (its text
alternative and its caption) and a table with the same numbers; a chart with nothing to show (all
zero) is replaced by a sentence saying so, its table still printed.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal

from generator.derive import Figures, KeyFigures, Share
from generator.evaluation.scoring import points
from generator.model import ZERO
from generator.numbers import Change, money, money_grouped, percent, percent_of
from generator.pages.tables import Cell, HtmlRow, HtmlTable, column_heads

UNIT = "万元"
# The summary names the largest parts; the rest are summed up in one clause.
NAMED_PARTS = 3
SANGONG_PARTS = {
    "abroad": "因公出国（境）费",
    "vehicle": "公务用车购置及运行维护费",
    "reception": "公务接待费",
}


def data_row(label: str, texts: list[str | None], total: bool = False) -> HtmlRow:
    """One row of a data table: its header cell and its amounts; None is a cell without data."""
    cells = [Cell(label, header=True, scope="row")]
    cells += [Cell(text or "", css="num", missing="" if text is not None else "无数据") for text in texts]
    return HtmlRow(cells, "gk-total" if total else "")


def data_table(caption: str, columns: list[str], body: list[HtmlRow]) -> HtmlTable:
    """``columns``: every column's header, the first over the row headers."""
    return HtmlTable(caption, column_heads(*columns), [body], unit=UNIT)


@dataclass(frozen=True)
class Series:
    name: str
    values: list[Decimal]
    shares: list[Decimal | None] | None = None  # percent of the whole, printed beside each bar


@dataclass(frozen=True)
class Chart:
    key: str  # the section's id on the page, and the chart's
    title: str
    summary: str  # the chart's message in one sentence: its text alternative
    categories: list[str]
    series: list[Series]
    table: HtmlTable
    note: str | None = None  # said instead of drawing a chart with nothing to show

    @property
    def drawn(self) -> bool:
        return self.note is None

    @property
    def data(self) -> str:
        """The chart's JSON for assets/gongkai-charts.js: amounts and shares as strings of Decimals."""
        return json.dumps(
            {
                "unit": UNIT,
                "description": self.summary,
                "categories": self.categories,
                "series": [
                    {
                        "name": series.name,
                        "values": [money(value) for value in series.values],
                        "shares": None
                        if series.shares is None
                        else [None if share is None else f"{share:f}" for share in series.shares],
                    }
                    for series in self.series
                ],
            },
            ensure_ascii=False,
            separators=(",", ":"),
        )


@dataclass(frozen=True)
class Card:
    """One key figure of 一图读懂, printed large, with its change against the prior year."""

    label: str
    value: str
    unit: str
    change: Change | None = None
    note: str = ""


def _share_text(share: Decimal | None) -> str | None:
    return None if share is None else percent(share)


def _amount(name: str, amount: Decimal, share: Decimal | None) -> str:
    """“A X 万元，占 Y%”; without the share on a zero whole."""
    return f"{name} {money(amount)} 万元" + ("" if share is None else f"，占 {percent(share)}")


def _parts_sentence(parts: list[Share], whole: Decimal) -> str:
    """The largest parts with their shares, the others summed up in one clause."""
    ranked = sorted(parts, key=lambda part: -part.amount)
    clauses = [_amount(part.name, part.amount, part.share) for part in ranked[:NAMED_PARTS]]
    rest = ranked[NAMED_PARTS:]
    if rest:
        amount = sum((part.amount for part in rest), ZERO)
        clauses.append(_amount(f"其余 {len(rest)} 项共", amount, percent_of(amount, whole)))
    return "；".join(clauses)


def _structure(key: str, title: str, whole_name: str, whole: Decimal, parts: list[Share], year: int) -> Chart:
    """A bar per non-zero part of a whole; the table lists every part with its share, and the whole."""
    table = data_table(
        f"{title}（{year} 年度）",
        ["项目", "金额", "占比"],
        [
            *(data_row(part.name, [money_grouped(part.amount), _share_text(part.share)]) for part in parts),
            data_row(whole_name, [money_grouped(whole), _share_text(percent_of(whole, whole))], total=True),
        ],
    )
    shown = [part for part in parts if part.amount != ZERO]
    if not shown:
        summary = f"{year} 年度{whole_name}为 {money(whole)} 万元。"
        return Chart(key, title, summary, [], [], table, note=f"{summary}没有可以作图的数据。")
    summary = f"{year} 年度{whole_name} {money(whole)} 万元，其中{_parts_sentence(shown, whole)}。"
    series = Series(whole_name, [part.amount for part in shown], [part.share for part in shown])
    return Chart(key, title, summary, [part.name for part in shown], [series], table)


def income_chart(figures: Figures) -> Chart:
    """收入结构: the sources of 本年收入合计."""
    return _structure(
        "shouru", "收入结构", "本年收入合计", figures.income_total, figures.income_sources, figures.year
    )


def expenditure_chart(figures: Figures) -> Chart:
    """支出结构: 一般公共预算财政拨款支出 by 功能分类 类."""
    return _structure(
        "zhichu",
        "一般公共预算财政拨款支出结构（按功能分类科目的类）",
        "一般公共预算财政拨款支出",
        figures.gpb_total,
        figures.gpb_classes,
        figures.year,
    )


def sangong_chart(figures: Figures) -> Chart:
    """“三公”经费: each item's prior-year 决算 (when known), this year's 预算 and 决算."""
    year, prior_year = figures.year, figures.prior_year
    sangong = figures.sangong
    known_prior = sangong["total"].change is not None
    parts = list(SANGONG_PARTS.items())

    def prior(key: str) -> Decimal:
        change = sangong[key].change
        return change.base if change is not None else ZERO

    series = []
    if known_prior:
        series.append(Series(f"{prior_year} 年度决算", [prior(key) for key, _ in parts]))
    series += [
        Series(f"{year} 年度预算", [sangong[key].budget for key, _ in parts]),
        Series(f"{year} 年度决算", [sangong[key].final for key, _ in parts]),
    ]
    columns = [
        "项目",
        *([f"{prior_year} 年度决算数"] if known_prior else []),
        f"{year} 年度预算数",
        f"{year} 年度决算数",
        "完成预算",
        *([f"比 {prior_year} 年度增减"] if known_prior else []),
    ]

    def row(key: str, label: str, total: bool = False) -> HtmlRow:
        item = sangong[key]
        cells: list[str | None] = [money_grouped(prior(key))] if known_prior else []
        cells += [money_grouped(item.budget), money_grouped(item.final), _share_text(item.completion)]
        if known_prior:
            cells.append(None if item.change is None else item.change.text)
        return data_row(label, cells, total)

    table = data_table(
        f"“三公”经费财政拨款支出（{year} 年度）",
        columns,
        [*(row(key, label) for key, label in parts), row("total", "合计", total=True)],
    )
    total = sangong["total"]
    if all(value == ZERO for s in series for value in s.values):
        summary = f"{year} 年度没有使用财政拨款安排的“三公”经费支出，预算数和决算数均为 {money(ZERO)} 万元。"
        return Chart("sangong", "“三公”经费", summary, [], [], table, note=summary)
    summary = f"{year} 年度“三公”经费财政拨款支出决算 {money(total.final)} 万元"
    summary += f"，预算 {money(total.budget)} 万元"
    if total.completion is not None:
        summary += f"，完成预算 {percent(total.completion)}"
    if total.change is not None:
        summary += (
            f"，与 {prior_year} 年度持平"
            if total.change.is_flat
            else f"，比 {prior_year} 年度{total.change.text}"
        )
    named = [
        f"{label} {money(sangong[key].final)} 万元" for key, label in parts if sangong[key].final != ZERO
    ]
    if named:
        summary += "；其中" + "，".join(named)
    return Chart("sangong", "“三公”经费", summary + "。", [label for _, label in parts], series, table)


def department_charts(figures: Figures) -> list[Chart]:
    return [income_chart(figures), expenditure_chart(figures), sangong_chart(figures)]


def cards(figures: Figures) -> list[Card]:
    """The key figures of 一图读懂, in the order the disclosure states them."""
    kinds = {share.name: share for share in figures.expenditure_kinds}
    sangong = figures.sangong["total"]
    result = [
        Card("收支总计", money_grouped(figures.total), UNIT, figures.total_change),
        Card(
            "一般公共预算财政拨款支出",
            money_grouped(figures.gpb_total),
            UNIT,
            figures.gpb_change,
            "" if figures.gpb_share is None else f"占本年支出合计 {percent(figures.gpb_share)}",
        ),
    ]
    for name, change in (("基本支出", figures.basic_change), ("项目支出", figures.project_change)):
        share = kinds[name].share
        note = "" if share is None else f"占本年支出合计 {percent(share)}"
        result.append(Card(name, money_grouped(kinds[name].amount), UNIT, change, note))
    done = "" if sangong.completion is None else f"，完成预算 {percent(sangong.completion)}"
    result.append(
        Card(
            "“三公”经费",
            money_grouped(sangong.final),
            UNIT,
            sangong.change,
            f"预算 {money(sangong.budget)} 万元{done}",
        )
    )
    if figures.operating_costs is not None:
        result.append(
            Card("机关运行经费", money_grouped(figures.operating_costs), UNIT, figures.operating_costs_change)
        )
    evaluation = figures.self_evaluation
    if evaluation is not None and evaluation.total is not None:
        grade = f"自评等级：{evaluation.grade}" if evaluation.grade else ""
        result.append(Card("部门整体绩效自评得分", points(evaluation.total), "分", note=grade))
    return result


# The multi-year table's rows: KeyFigures as derive states them.
HISTORY_ROWS: list[tuple[str, Callable[[KeyFigures], Decimal | None]]] = [
    ("收支总计", lambda key: key.total),
    ("一般公共预算财政拨款支出", lambda key: key.gpb),
    ("基本支出", lambda key: key.basic),
    ("项目支出", lambda key: key.project),
    ("“三公”经费", lambda key: key.sangong.get("total") if key.sangong else None),
    ("机关运行经费", lambda key: key.operating_costs),
]


def history_table(name: str, years: list[tuple[int, KeyFigures]]) -> HtmlTable:
    """历年主要数据: a column per year, oldest first; a row no year states is left out."""
    rows = []
    for label, figure in HISTORY_ROWS:
        values = [figure(key) for _, key in years]
        if any(value is not None for value in values):
            rows.append(
                data_row(label, [None if value is None else money_grouped(value) for value in values])
            )
    return data_table(f"{name}历年主要数据", ["项目", *(f"{year} 年度" for year, _ in years)], rows)
