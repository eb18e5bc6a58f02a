"""The frame every standard table shares: unit line, header rows, 栏次 row, notes, labels and amounts.

A layout reader (``layouts``) subclasses ``FrameReader`` and says only how its data rows start and how
its body maps onto logical tables; the frame turns every bad cell into a ``Finding`` at that cell.
"""

from __future__ import annotations

import re
from abc import ABC, abstractmethod
from collections.abc import Iterator
from dataclasses import dataclass

from generator.model import Amount, Column, Finding, Printed, Row, Severity, Source, Table
from generator.readers.workbook.grid import Grid, Located, cell_name
from generator.readers.workbook.text import (
    CODE_START,
    LANCI,
    META,
    NotANumber,
    Vocabulary,
    closest,
    fold,
    is_amount_like,
    key,
    parse_amount,
    plain,
)
from generator.standard.tables import LogicalSpec, TableSpec

# "编制单位：渠县商务局", up to a unit or a year written in the same cell
ISSUER = re.compile(r"编制(?:单位|部门)[:：](.+?)(?=(?:金额)?单位[:：]|(?:19|20)\d{2}年|$)")
# the year a table is for: "2023年度", "2023年"; not a date such as "2024年3月10日" (编制日期)
YEAR = re.compile(r"((?:19|20)\d{2})年(?!\d{1,2}月)")
UNIT = re.compile(r"(?<!编制)单位[:：]([^\s,，;；)）]+)")
NOTE = re.compile(r"^(?:注|说明|备注)\d*[:：]")
# a note saying the table is empty on purpose: "本部门本年度没有……，故本表无数据。", "…本表为空表。"
EMPTY_STATEMENT = re.compile(r"本表(?:无数据|为空|无内容|数据为空)")
LABEL_HEADER = re.compile(r"^项目$|^项目\(|科目|编码|代码|名称|^[类款项]$")
# a code, alone or followed by its name ("2011301 行政运行"); "20113A" is no code
CODE_AND_NAME = re.compile(r"^([0-9０-９]{3,7})(?![0-9０-９A-Za-zＡ-Ｚａ-ｚ])(.*)$")


@dataclass
class Area:
    """The cells a table occupies, for the formula check."""

    grid: Grid
    spec: TableSpec
    top: int
    bottom: int  # exclusive
    left: int
    right: int  # inclusive


@dataclass
class Header:
    start: int  # first header row
    rows: list[int]  # the header rows (栏次 row excluded)
    data_start: int
    data_end: int  # exclusive: the footnote, or the end of the sheet
    bottom: int  # exclusive: the notes under the table end here
    left: int
    right: int
    paths: dict[int, str]  # column → header path, e.g. "本年支出/基本支出"
    leaf_rows: dict[int, int]  # column → row of the last text of its path

    def leaf(self, c: int) -> str:
        return self.paths.get(c, "").rsplit("/", 1)[-1]


@dataclass(frozen=True)
class Label:
    """What the code cells of a row say."""

    code: str | None = None  # a valid 科目编码
    invalid: str | None = None  # a code cell that holds no valid code, as found
    name: str = ""  # a name written in the code cell: "2011301 行政运行"


class FrameReader(ABC):
    """Reads one located table into its logical tables, collecting findings on the way."""

    def __init__(self, located: Located, file: str, words: Vocabulary) -> None:
        self.words = words
        self.spec = located.spec
        self.grid = located.grid
        self.located = located
        self.file = file
        self.findings: list[Finding] = []
        self.unit = "万元"
        self.area: Area | None = None
        self.empty_statement: Source | None = None
        # the label columns, under the header's leftmost texts (项目, 科目编码, 类 …)
        self.label_span: list[int] = []
        self.issuer: Printed | None = None
        self.year: Printed | None = None

    @abstractmethod
    def starts_data(self, r: int, left: int) -> bool:
        """Whether row ``r`` is this layout's first data row rather than one more header row."""

    @abstractmethod
    def body(self, header: Header) -> list[Table]:
        """The logical tables of the rows under ``header``."""

    def read(self) -> list[Table]:
        header = self.header()
        if header is None:
            return []
        top = self.located.title_cell[0] if self.located.title_cell else 0
        self.area = Area(self.grid, self.spec, top, header.data_end, header.left, header.right)
        self.empty_statement = self.statement(header)
        return self.body(header)

    def statement(self, header: Header) -> Source | None:
        """The note under the table that declares it empty, if any."""
        for r in range(header.data_end, header.bottom):
            for c in range(header.left, self.grid.width):
                if EMPTY_STATEMENT.search(key(self.grid.raw(r, c))):
                    return self.source(r, c)
        return None

    def source(self, r: int | None = None, c: int | None = None) -> Source:
        return Source(self.file, self.grid.name, cell_name(r, c) if r is not None and c is not None else None)

    @property
    def title_source(self) -> Source:
        title = self.located.title_cell
        return self.source(*title) if title else self.source()

    @property
    def where(self) -> str:
        return f"工作表「{self.grid.name}」中的“{self.spec.title}”"

    def error(self, rule: str, message: str, source: Source, expected: str, found: str) -> None:
        self.findings.append(Finding(Severity.ERROR, rule, message, source, expected, found))

    def table(self, logical: LogicalSpec, columns: list[Column], rows: list[Row], total: Row | None) -> Table:
        return Table(
            id=logical.id,
            title=self.spec.title,
            found_title=self.located.found_title,
            source=self.title_source,
            unit=self.unit,
            columns=columns,
            rows=rows,
            total=total,
            empty_statement=self.empty_statement,
            issuer=self.issuer,
            year=self.year,
        )

    # -- the frame: unit line, header rows, data rows

    def header(self) -> Header | None:
        grid = self.grid
        title_row = self.located.title_cell[0] if self.located.title_cell else None
        header_start = None
        unit: tuple[str, int, int] | None = None
        bottom = self.located.bottom
        for r in range(title_row or 0, bottom):
            keys = grid.row_keys(r)
            for c, text in enumerate(keys):
                if unit is None and (match := UNIT.search(text)):
                    unit = (match[1], r, c)
            # the title row, blank rows, 编制单位 / 单位 lines and notes stand above the header
            meta = any(META.match(text) for text in keys)
            if r == title_row or not any(keys) or meta or self.is_note(r, 0):
                if r == title_row or meta:
                    for c, text in enumerate(keys):
                        self.note_identity(r, c, text)
                continue
            header_start = r
            break
        if header_start is None:
            self.error(
                "load.header-missing",
                f"{self.where}没有表头和数据：标题下方应有表头（如“项目”“科目编码”）和数据行。",
                self.title_source,
                "表头和数据行",
                "无",
            )
            return None
        self.set_unit(unit)
        left = next(c for c in range(grid.width) if key(grid.filled(header_start, c)))
        self.label_span = [left]
        while LABEL_HEADER.search(key(grid.filled(header_start, self.label_span[-1] + 1))):
            self.label_span.append(self.label_span[-1] + 1)
        rows = [header_start]
        data_start = bottom
        for r in range(header_start + 1, bottom):
            if self.is_lanci(r, left):
                data_start = r + 1
                break
            if self.is_note(r, left) or self.starts_data(r, left):
                data_start = r
                break
            rows.append(r)
        while len(rows) > 1 and grid.is_blank(rows[-1]):  # no data row: trailing blank rows are no header
            rows.pop()
        data_end = next((r for r in range(data_start, bottom) if self.is_note(r, left)), bottom)
        right = max(c for r in rows for c in range(left, grid.width) if key(grid.filled(r, c)))
        paths: dict[int, str] = {}
        leaf_rows: dict[int, int] = {}
        for c in range(left, right + 1):
            parts: list[str] = []
            for r in rows:
                text = key(grid.filled(r, c))
                if text and text not in parts:
                    parts.append(text)
                    leaf_rows[c] = grid.origin(r, c)[0]
            paths[c] = "/".join(parts)
        return Header(header_start, rows, data_start, data_end, bottom, left, right, paths, leaf_rows)

    def note_identity(self, r: int, c: int, text: str) -> None:
        """The 编制单位 and the year printed above the header (the first of each)."""
        if self.issuer is None and (issuer := ISSUER.search(text)):
            self.issuer = Printed(issuer[1], self.source(r, c))
        if self.year is None and (year := YEAR.search(text)):
            self.year = Printed(year[1], self.source(r, c))

    def set_unit(self, found: tuple[str, int, int] | None) -> None:
        if found is None:
            self.findings.append(
                Finding(
                    Severity.INFO,
                    "load.unit-assumed",
                    f"{self.where}没有写明金额单位（如“单位：万元”），按万元读取。",
                    self.title_source,
                    "单位：万元 或 单位：元",
                    "无",
                )
            )
        elif found[0] in ("万元", "元"):
            self.unit = found[0]
        else:
            unit, r, c = found
            self.error(
                "load.unit-unknown",
                f"{self.where}的金额单位“{unit}”无法识别：应为“万元”或“元”，本表按万元读取。",
                self.source(r, c),
                "万元 或 元",
                unit,
            )

    def is_lanci(self, r: int, left: int) -> bool:
        """The 栏次 row numbering the columns (1, 2, 3 …) under the header, labelled or not."""
        keys = self.grid.row_keys(r)
        if "栏次" in keys or key(self.grid.filled(r, left)) == "行次":
            return True
        numbers = [text for text in keys[left:] if text]
        return len(numbers) > 1 and numbers == [str(n) for n in range(1, len(numbers) + 1)]

    def is_note(self, r: int, left: int) -> bool:
        """A footnote (注：…, 说明：…, or a lone sentence such as "本单位无此项支出，故本表为空表。"):
        the table ends above it."""
        texts = [text for text in self.grid.row_keys(r)[left:] if text]
        return bool(texts) and (bool(NOTE.match(texts[0])) or (len(texts) == 1 and texts[0].endswith("。")))

    def has_amount(self, r: int, left: int) -> bool:
        return any(is_amount_like(self.grid.raw(r, c)) for c in range(left, self.grid.width))

    def data_rows(self, header: Header) -> Iterator[int]:
        return (r for r in range(header.data_start, header.data_end) if not self.grid.is_blank(r))

    # -- columns and cells

    def match_columns(
        self, logical: LogicalSpec, header: Header, candidates: list[int]
    ) -> tuple[dict[str, int], list[Column]]:
        """The columns of the spec's keys, each physical column claimed once; missing ones reported."""
        free = [c for c in candidates if header.paths.get(c) and header.leaf(c) not in LANCI]
        folded = {c: self.words.header(header.paths[c]) for c in free}
        claimed: dict[str, int] = {}
        missing = []
        for spec in logical.columns:
            column = next((c for pattern in spec.patterns for c in free if pattern.search(folded[c])), None)
            if column is not None:
                claimed[spec.key] = column
                free.remove(column)
            elif not spec.optional:
                missing.append(spec.label)
        if missing:
            self.column_missing(logical, header, missing, candidates, {c: header.paths[c] for c in free})
        if logical.keep_other_columns:
            claimed.update({f"other:{header.paths[c]}": c for c in free})
        ordered = sorted(claimed.items(), key=lambda item: item[1])
        columns = [Column(key, header.paths[c], self.source(header.leaf_rows[c], c)) for key, c in ordered]
        return claimed, columns

    def column_missing(
        self,
        logical: LogicalSpec,
        header: Header,
        labels: list[str],
        candidates: list[int],
        unclaimed: dict[int, str] | None = None,
    ) -> None:
        """Columns the table must have are not there: one finding for the table, naming for each
        the unclaimed header most like it."""
        found = "、".join(header.paths[c] for c in candidates if header.paths.get(c)) or "无"
        rows = "、".join(str(r + 1) for r in header.rows)
        by_text = {fold(path): (c, path) for c, path in (unclaimed or {}).items()}
        hints = []
        source = self.source(header.start, header.left)
        for label in labels:
            close = closest(fold(label), by_text)
            if close:
                c, path = close
                by_text.pop(fold(path))
                hints.append(f"表头“{path}”是否即“{label}”？若是，请按标准写法改为“{label}”。")
                source = self.source(header.leaf_rows[c], c) if len(hints) == 1 else source
        names = "”“".join(labels)
        self.error(
            "load.column-missing",
            f"{self.spec.name(logical)}（工作表「{self.grid.name}」）缺少“{names}”列："
            f"表头（第 {rows} 行）中的列为 {found}。{''.join(hints)}",
            source,
            "、".join(labels),
            found,
        )

    def amounts(self, r: int, columns: dict[str, int]) -> dict[str, Amount]:
        values = {}
        for column_key, c in columns.items():
            try:
                value = parse_amount(self.grid.raw(r, c))
            except NotANumber as error:
                self.error(
                    "load.amount-not-number",
                    f"{self.where}的单元格 {cell_name(r, c)} 不是数字：“{error}”。金额应填数字"
                    f"（单位：{self.unit}），没有数据的单元格可留空或填“-”。",
                    self.source(r, c),
                    f"数字（单位：{self.unit}）",
                    str(error),
                )
                continue
            if value is not None:
                scaled = value.scaleb(-4) if self.unit == "元" else value
                values[column_key] = Amount(scaled, self.source(r, c))
        return values

    # -- row labels

    def label(
        self, r: int, codes: dict[str, int], context: list[str | None], lengths: tuple[int, ...]
    ) -> Label:
        """The 科目编码 of a row; ``context`` carries the parts of split codes down the rows.

        ``codes``: "code" (one column: "2011301", or "2011301 行政运行"), or the levels "类", "款",
        "项" of split codes ("201" | "06" | "01"), where a blank 类 or 款 means the same as above.
        """
        if "code" in codes:
            text = plain(self.grid.raw(r, codes["code"]))
            match = CODE_AND_NAME.match(text)
            if match is None:
                return Label(invalid=text if CODE_START.match(text) else None)
            code = key(match[1])
            return Label(code, name=match[2]) if len(code) in lengths else Label(invalid=text)
        levels = [level for level in ("类", "款", "项") if level in codes]
        parts = [key(self.grid.raw(r, codes[level])) for level in levels]
        written = [i for i, part in enumerate(parts) if part]
        if not written:
            return Label()
        deepest = written[-1]
        for i in range(deepest):
            parts[i] = parts[i] or context[i] or ""
        parts = [part.zfill(3 if i == 0 else 2) if part.isdigit() else part for i, part in enumerate(parts)]
        context[:] = [*parts[: deepest + 1], *([None] * (len(levels) - deepest - 1))]
        code = "".join(parts[: deepest + 1])
        valid = all(
            part.isdigit() and len(part) == (3 if i == 0 else 2)
            for i, part in enumerate(parts[: deepest + 1])
        )
        return Label(code) if valid and len(code) in lengths else Label(invalid=code)

    def check_label(
        self, r: int, left: int, label: Label, name: str, values: dict[str, Amount], lengths: tuple[int, ...]
    ) -> None:
        """A row without a valid code: an error when its code is malformed or it has amounts."""
        if label.invalid is not None:
            digits = "、".join(str(n) for n in lengths[:-1]) + f" 或 {lengths[-1]}"
            self.error(
                "load.code-invalid",
                f"{self.where}第 {r + 1} 行的科目编码“{label.invalid}”无效：应为 {digits} 位数字"
                "（类、款、项各占 3、2、2 位）。",
                self.source(r, left),
                f"{digits} 位数字的科目编码",
                label.invalid,
            )
        elif values:
            self.error(
                "load.code-missing",
                f"{self.where}第 {r + 1} 行“{name}”有金额但没有科目编码："
                "每行都应有科目编码，合计行应标为“合计”。",
                self.source(r, left),
                "科目编码",
                name or "空",
            )

    def label_missing(self, r: int, c: int) -> None:
        self.error(
            "load.label-missing",
            f"{self.where}第 {r + 1} 行有金额但没有项目名称：每个金额都应有它所在行的项目。",
            self.source(r, c),
            "项目名称",
            "空",
        )

    def keep_first(self, held: Row | None, row: Row) -> Row:
        """The first of two rows with one label; the second is an error."""
        if held is None:
            return row
        label = row.code or row.name
        self.error(
            "load.code-duplicate",
            f"{self.where}有两行“{label}”（单元格 {held.source.cell} 和 {row.source.cell}）："
            "每个科目只能有一行。",
            row.source,
            f"“{label}”只有一行",
            f"{held.source.cell}、{row.source.cell}",
        )
        return held
