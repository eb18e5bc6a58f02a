"""One reader per ``Layout``, each over the shared frame: how data rows start and map onto logical tables."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from generator.model import Column, Row, Table
from generator.readers.workbook.frame import FrameReader, Header
from generator.readers.workbook.text import (
    CODE_START,
    FUND_NAMES,
    TOTAL_LABELS,
    key,
    normalise_label,
    plain,
)
from generator.standard.tables import Layout

FUNCTIONAL = (3, 5, 7)  # digits of a 功能分类 code: 类, 款, 项
ECONOMIC = (3, 5)  # digits of a 经济分类 code: 类, 款
# the leftmost header texts of a summary panel: 收入, 支出, 项目, 收入项目 …
SUMMARY_HEADER = re.compile(r"^(?:收入|支出)?(?:项目|名称)?$|^(?:栏次|行次)$")
CODE_HEADER = re.compile(r"编码|代码")


class CodedReader(FrameReader):
    """科目编码 | 科目名称 | amounts, rows by code (收入决算表, 支出决算表 …)."""

    def starts_data(self, r: int, left: int) -> bool:
        totals = {*TOTAL_LABELS, *(lg.total_label for lg in self.spec.logical if lg.total_label)}
        keys = [key(self.grid.raw(r, c)) for c in self.label_span]
        return self.has_amount(r, left) or any(CODE_START.match(text) or text in totals for text in keys)

    def label_columns(self, header: Header, start: int) -> tuple[dict[str, int], int | None, int]:
        """(code columns, name column, rightmost label column) of the panel starting at ``start``."""
        codes: dict[str, int] = {}
        name = None
        last = start
        for c in range(start, header.right + 1):
            path, leaf = header.paths[c], header.leaf(c)
            if leaf in ("类", "款", "项") and leaf not in codes:
                codes[leaf] = c
            elif CODE_HEADER.search(path) and not codes:
                codes["code"] = c
            elif "名称" in path and name is None:
                name = c
            elif not (path == "项目" or path.startswith(("项目/", "项目(")) or "科目" in path):
                break
            last = c
        if not codes:  # code and name in one 项目 column: "2011301 行政运行"
            codes["code"] = start
        if name is None and last > max(codes.values()):
            name = last
        return codes, name, last

    def coded_panels(self, header: Header) -> Iterator[tuple[dict[str, int], int | None, list[int]]]:
        """(code columns, name column, amount columns) of each panel, left to right.

        A table may be printed in side-by-side panels, each 科目编码 | 科目名称 | amounts: a panel
        starts where a code header follows an amount column.
        """
        start = header.left
        while start <= header.right:
            codes, name, last = self.label_columns(header, start)
            end = last + 1
            while end <= header.right and not self.is_code_header(header, end):
                end += 1
            yield codes, name, list(range(last + 1, end))
            start = end

    @staticmethod
    def is_code_header(header: Header, c: int) -> bool:
        return header.leaf(c) == "类" or bool(CODE_HEADER.search(header.leaf(c)))

    def body(self, header: Header) -> list[Table]:
        (logical,) = self.spec.logical
        rows: dict[str, Row] = {}
        totals: list[Row] = []
        panels = list(self.coded_panels(header))
        columns: list[Column] = []
        for index, (codes, name_column, amount_columns) in enumerate(panels):
            claimed, found = self.match_columns(logical, header, amount_columns)
            columns = found if index == 0 else columns
            totals += self.panel_rows(header, codes, name_column, claimed, rows)
        total = None
        for row in totals:
            total = self.keep_first(total, row)
        return [self.table(logical, columns, list(rows.values()), total)]

    def panel_rows(
        self,
        header: Header,
        codes: dict[str, int],
        name_column: int | None,
        claimed: dict[str, int],
        rows: dict[str, Row],
    ) -> list[Row]:
        """Adds the panel's coded rows to ``rows``; returns its 合计 rows."""
        label_columns = [*codes.values(), *([name_column] if name_column is not None else [])]
        left = min(label_columns)
        totals = []
        context: list[str | None] = [None, None, None]
        for r in self.data_rows(header):
            values = self.amounts(r, claimed)
            source = self.source(r, left)
            texts = [key(self.grid.raw(r, c)) for c in label_columns]
            total_label = next((text for text in texts if text in TOTAL_LABELS), None)
            if total_label is not None:
                totals.append(Row(None, total_label, values, source))
                continue
            label = self.label(r, codes, context, FUNCTIONAL)
            name = (plain(self.grid.raw(r, name_column)) if name_column is not None else "") or label.name
            if label.code is None:
                self.check_label(r, left, label, name, values, FUNCTIONAL)
            else:
                row = Row(label.code, name, values, source)
                rows[label.code] = self.keep_first(rows.get(label.code), row)
        return totals


class SummaryReader(FrameReader):
    """Two panels of 项目 | amounts, rows by label (收入支出决算总表, 财政拨款收入支出决算总表)."""

    def starts_data(self, r: int, left: int) -> bool:
        text = key(self.grid.raw(r, left))
        return self.has_amount(r, left) or (bool(text) and not SUMMARY_HEADER.match(text))

    def body(self, header: Header) -> list[Table]:
        starts = [
            c for c in range(header.left, header.right + 1) if re.search(r"(项目|名称)$", header.leaf(c))
        ]
        tables = []
        for index, logical in enumerate(self.spec.logical):
            if index >= len(starts):
                self.column_missing(logical, header, [f"{logical.caption}/项目"], list(header.paths))
                continue
            label_column = starts[index]
            end = starts[index + 1] if index + 1 < len(starts) else header.right + 1
            claimed, columns = self.match_columns(logical, header, list(range(label_column + 1, end)))
            rows = []
            balance = None  # the balance row whose fund rows follow (财政拨款收入支出决算总表)
            for r in self.data_rows(header):
                name = normalise_label(self.grid.raw(r, label_column))
                values = self.amounts(r, claimed)
                if not name:
                    if values:
                        self.label_missing(r, label_column)
                    continue  # a blank row that aligns the two panels
                if name in self.spec.subrows_after:
                    balance = name
                elif balance is not None and name in FUND_NAMES:
                    name = f"{balance}/{name}"
                else:
                    balance = None
                rows.append(Row(None, name, values, self.source(r, label_column)))
            tables.append(self.table(logical, columns, rows, None))
        return tables


@dataclass
class Panel:
    """One 科目编码 | 科目名称 | 决算数 group of the 基本支出 table."""

    left: int
    right: int
    codes: dict[str, int]
    name: int | None
    amounts: dict[str, int]
    columns: list[Column]


class EconomicReader(CodedReader):
    """Panels of 经济分类科目编码 | 科目名称 | 决算数, rows split by class into 人员经费 and 公用经费."""

    def panels(self, header: Header) -> list[Panel]:
        starts = [
            c
            for c in range(header.left, header.right + 1)
            if CODE_HEADER.search(header.leaf(c)) or header.leaf(c) == "类"
        ]
        panels = []
        for index, start in enumerate(starts):
            end = starts[index + 1] - 1 if index + 1 < len(starts) else header.right
            codes: dict[str, int] = {}
            name = None
            candidates = []
            for c in range(start, end + 1):
                leaf = header.leaf(c)
                if leaf in ("类", "款"):
                    codes[leaf] = c
                elif CODE_HEADER.search(leaf) and not codes:
                    codes["code"] = c
                elif "名称" in leaf and name is None:
                    name = c
                else:
                    candidates.append(c)
            logical = self.spec.logical[min(index, len(self.spec.logical) - 1)]
            amounts, columns = self.match_columns(logical, header, candidates)
            panels.append(Panel(start, end, codes, name, amounts, columns))
        return panels

    def body(self, header: Header) -> list[Table]:
        panels = self.panels(header)
        if not panels:
            self.column_missing(self.spec.logical[0], header, ["经济分类科目编码"], list(header.paths))
            return []
        totals, used = self.totals(header, panels)
        catch_all = next(logical for logical in self.spec.logical if "*" in logical.classes)
        rows: dict[str, dict[str, Row]] = {logical.id: {} for logical in self.spec.logical}
        seen: dict[str, Row] = {}
        for panel in panels:  # panel by panel, so that each keeps its 类, 款 order
            context: list[str | None] = [None, None]
            for r in self.data_rows(header):
                if any((r, c) in used for c in range(panel.left, panel.right + 1)):
                    continue
                values = self.amounts(r, panel.amounts)
                label = self.label(r, panel.codes, context, ECONOMIC)
                name = (plain(self.grid.raw(r, panel.name)) if panel.name is not None else "") or label.name
                if label.code is None:
                    self.check_label(r, panel.left, label, name, values, ECONOMIC)
                    continue
                row = Row(label.code, name, values, self.source(r, panel.left))
                if self.keep_first(seen.get(label.code), row) is row:
                    seen[label.code] = row
                    owner = next((lg for lg in self.spec.logical if label.code[:3] in lg.classes), catch_all)
                    rows[owner.id][label.code] = row
        # personnel items stand in the first panel, public ones in the last
        column_panels = {self.spec.logical[0].id: panels[0], self.spec.logical[-1].id: panels[-1]}
        return [
            self.table(
                logical,
                column_panels[logical.id].columns,
                list(rows[logical.id].values()),
                totals.get(logical.id),
            )
            for logical in self.spec.logical
        ]

    def totals(self, header: Header, panels: list[Panel]) -> tuple[dict[str, Row], set[tuple[int, int]]]:
        """The 人员经费合计 / 公用经费合计 cells, wherever they stand, with the amount to their right.

        A label may span several panels (three-panel tables): its amount is in the first 决算数
        column after it. Returns the totals by logical id and the cells they take up.
        """
        by_label = {logical.total_label: logical for logical in self.spec.logical}
        amount_columns = sorted(c for panel in panels for c in panel.amounts.values())
        totals: dict[str, Row] = {}
        used: set[tuple[int, int]] = set()
        for r in self.data_rows(header):
            for c in range(header.left, header.right + 1):
                logical = by_label.get(key(self.grid.raw(r, c)))
                if logical is None:
                    continue
                end = c
                while self.grid.origin(r, end + 1) == (r, c):
                    end += 1
                column = next((a for a in amount_columns if a > end), None)
                values = self.amounts(r, {"amount": column}) if column is not None else {}
                row = Row(None, str(logical.total_label), values, self.source(r, c))
                totals[logical.id] = self.keep_first(totals.get(logical.id), row)
                used.update((r, taken) for taken in range(c, (column if column is not None else end) + 1))
        return totals, used


class SingleReader(FrameReader):
    """One row of amounts under a multi-row header (“三公”经费)."""

    def starts_data(self, r: int, left: int) -> bool:
        return self.has_amount(r, left) or self.grid.is_blank(r)

    def body(self, header: Header) -> list[Table]:
        (logical,) = self.spec.logical
        claimed, columns = self.match_columns(logical, header, list(range(header.left, header.right + 1)))
        data = next(
            (r for r in self.data_rows(header) if any(key(self.grid.raw(r, c)) for c in claimed.values())),
            None,
        )
        rows = (
            []
            if data is None
            else [Row(None, "三公经费", self.amounts(data, claimed), self.source(data, header.left))]
        )
        return [self.table(logical, columns, rows, None)]


READERS: dict[Layout, type[FrameReader]] = {
    Layout.CODED: CodedReader,
    Layout.SUMMARY: SummaryReader,
    Layout.ECONOMIC: EconomicReader,
    Layout.SINGLE: SingleReader,
}
