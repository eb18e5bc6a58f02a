"""Read the standard 决算公开 workbook into logical tables (the workbook half of the load stage).

Tables are found by their title (in the first rows of a sheet, else in the sheet name), never by
sheet position; columns by the text of their merged multi-row header; rows by their 科目编码 or
label. Values are read with python-calamine (``.xlsx`` and legacy ``.xls``); for ``.xlsx``,
openpyxl only lists the formula cells that were saved without a computed value, which calamine
cannot tell from blank cells. Bad input never raises: it becomes a ``Finding`` at the cell.
"""

from __future__ import annotations

import re
import unicodedata
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import Any, BinaryIO

import openpyxl
from openpyxl.utils import get_column_letter
from python_calamine import CalamineWorkbook, PasswordError, SheetTypeEnum, SheetVisibleEnum

from generator.model import Accounts, Amount, Column, Finding, Row, Severity, Source, Table
from generator.standard.tables import LogicalSpec, TableSpec, table_specs

SICHUAN_ONLY = ("fiscal_detail", "gpb_detail", "gpb_project", "soe_income_expenditure")
TITLE_ROWS = 6  # a title stands in the first rows of its sheet
SHEET_NAME_LIMIT = 31  # Excel cuts sheet names here
FUNCTIONAL = (3, 5, 7)  # digits of a 功能分类 code: 类, 款, 项
ECONOMIC = (3, 5)  # digits of a 经济分类 code: 类, 款
MIN_TRUNCATED_TITLE = 8  # a cut-off sheet name shorter than this names no table reliably

# ---------------------------------------------------------------- text


WHITESPACE = re.compile(r"\s+")
QUOTES = str.maketrans("", "", "“”\"‘’'「」『』")
BRACKETS = str.maketrans("【】[]〔〕", "()()()")
YEAR_PREFIX = re.compile(r"^.*?(?:19|20)\d{2}年度?(?:部门)?")
TITLE_PREFIX = re.compile(
    r"^(?:公开\d+(?:[-_]\d+)?表|附表\d+(?:[-_]\d+)?|表\d+(?:[-_]\d+)?|[A-Z]\d+(?:[-_]\d+)*"
    r"|\d+(?:[-_.]\d+)*(?=\D)|[一二三四五六七八九十]+、|\([一二三四五六七八九十\d]+\))[、.:\-_]*"
)
# a trailing "(财决01表)", "(公开01表)", "(续)", or a bracket left open where a sheet name was cut
TITLE_SUFFIX = re.compile(r"(?:\([^()]*\)?|公开\d+(?:[-_]\d+)?表)$")
NUMBERING = re.compile(
    r"^(?:[一二三四五六七八九十]+[、.．]|[(（][一二三四五六七八九十\d０-９]+[)）][、.．]?|[\d０-９]+[、.．](?![\d０-９]))"
)
UNIT = re.compile(r"(?<!编制)单位[:：]([^\s,，;；)）]+)")
META = re.compile(r"^(?:编制单位|(?:金额)?单位[:：]|公开\d+表$|\d{4}年度?$|报表期间|部门[:：])")
NOTE = re.compile(r"^(?:注|说明|备注)\d*[:：]")
TOTAL_LABELS = ("合计", "总计")
LANCI = ("栏次", "行次")
CODE_START = re.compile(r"^[0-9０-９]{3}")
# a code, alone or followed by its name ("2011301 行政运行"); "20113A" is no code
CODE_AND_NAME = re.compile(r"^([0-9０-９]{3,7})(?![0-9０-９A-Za-zＡ-Ｚａ-ｚ])(.*)$")
NUMBER = re.compile(r"^[+-]?(?:\d+(?:\.\d*)?|\.\d+)$")
BLANK_LIKE = re.compile(r"^[-—–―－]*$")
# the leftmost header texts of a summary panel: 收入, 支出, 项目, 收入项目 …
SUMMARY_HEADER = re.compile(r"^(?:收入|支出)?(?:项目|名称)?$|^(?:栏次|行次)$")
LABEL_HEADER = re.compile(r"^项目$|^项目\(|科目|编码|代码|名称|^[类款项]$")
CODE_HEADER = re.compile(r"编码|代码")
FUND_NAMES = ("一般公共预算财政拨款", "政府性基金预算财政拨款", "国有资本经营预算财政拨款")


def _plain(value: Any) -> str:
    """A cell as text with all whitespace removed (numbers without a trailing ".0")."""
    if value is None or value == "":
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return WHITESPACE.sub("", str(value))


def _key(value: Any) -> str:
    """A cell as text to compare: whitespace removed, full-width forms (（）１２) folded to ASCII."""
    return unicodedata.normalize("NFKC", _plain(value))


def normalise_title(text: str) -> str:
    """The comparable core of a title or sheet name: no numbering, no 财决 suffix, no quotes."""
    key = _key(text).translate(QUOTES).translate(BRACKETS)
    key = YEAR_PREFIX.sub("", key)
    previous = None
    while key != previous:
        previous = key
        key = TITLE_PREFIX.sub("", key)
        key = TITLE_SUFFIX.sub("", key)
    return key


@cache
def _title_index() -> dict[str, TableSpec]:
    return {
        normalise_title(name): spec for spec in table_specs().values() for name in (spec.title, *spec.aliases)
    }


def match_title(text: str, *, truncated: bool = False) -> TableSpec | None:
    """The table a title names, by equality after normalisation (支出决算表 is not 一般公共…支出决算表).

    ``truncated``: the text is a sheet name Excel may have cut at 31 characters; then a text of
    reasonable length that begins exactly one table's title names that table.
    """
    key = normalise_title(text)
    index = _title_index()
    if key in index or not truncated or len(key) < MIN_TRUNCATED_TITLE:
        return index.get(key)
    candidates = {spec.key: spec for name, spec in index.items() if name.startswith(key)}
    return next(iter(candidates.values())) if len(candidates) == 1 else None


def _normalise_label(value: Any) -> str:
    """A summary-table row label without its numbering: 一、…, （一）…, 1.…"""
    return NUMBERING.sub("", _plain(value))


class NotANumber(ValueError):
    pass


def parse_amount(value: Any) -> Decimal | None:
    """A cell as an exact Decimal; None for blank, "-", "—"; ``NotANumber`` for any other text.

    Floats keep at most 15 significant digits, Excel's own precision, so that a cached formula
    result such as 2871.4899999999998 reads as the 2871.49 Excel shows.
    """
    if value is None:
        return None
    if isinstance(value, bool):
        raise NotANumber(str(value))
    if isinstance(value, int):
        return Decimal(value)
    if isinstance(value, float):
        return Decimal(format(value, ".15g")) + 0  # + 0 turns -0 into 0
    if not isinstance(value, str):
        raise NotANumber(str(value))
    text = _key(value).replace(",", "")
    if BLANK_LIKE.match(text):
        return None
    if not NUMBER.match(text):
        raise NotANumber(value.strip())
    return Decimal(text)


def _is_amount_like(value: Any) -> bool:
    """A cell a data row would hold: a number, a number as text, or a dash; never header text."""
    if value is None or value == "":
        return False
    try:
        parse_amount(value)
    except NotANumber:
        return False
    return True


# ---------------------------------------------------------------- a sheet as a grid


@dataclass
class Grid:
    """One sheet's values with Excel coordinates (row 0 = Excel row 1) and its merged ranges."""

    name: str
    rows: list[list[Any]]
    merges: list[tuple[tuple[int, int], tuple[int, int]]]
    hidden: bool = False
    width: int = field(init=False)
    origins: dict[tuple[int, int], tuple[int, int]] = field(init=False)

    def __post_init__(self) -> None:
        data_width = max([len(row) for row in self.rows] + [0])
        # a merge may run far past the values (a whole row): only a margin of it can hold a header
        limit = data_width + 64
        self.width = data_width
        self.origins = {}
        for (r0, c0), (r1, c1) in self.merges:
            for r in range(r0, min(r1, self.height - 1) + 1):
                for c in range(c0, min(c1, limit) + 1):
                    self.origins[r, c] = (r0, c0)
            self.width = max(self.width, min(c1, limit) + 1)

    @property
    def height(self) -> int:
        return len(self.rows)

    def raw(self, r: int, c: int) -> Any:
        row = self.rows[r] if 0 <= r < self.height else []
        return row[c] if 0 <= c < len(row) else ""

    def origin(self, r: int, c: int) -> tuple[int, int]:
        return self.origins.get((r, c), (r, c))

    def filled(self, r: int, c: int) -> Any:
        """The value shown at a cell: a merged cell's text applies to every cell it spans."""
        return self.raw(*self.origin(r, c))

    def row_keys(self, r: int) -> list[str]:
        return [_key(self.raw(r, c)) for c in range(self.width)]

    def is_blank(self, r: int) -> bool:
        return not any(_key(self.filled(r, c)) for c in range(self.width))


def _cell(r: int, c: int) -> str:
    return f"{get_column_letter(c + 1)}{r + 1}"


# ---------------------------------------------------------------- opening the workbook


class WorkbookUnreadable(Exception):
    """The file cannot be opened as a workbook at all."""

    def __init__(self, message: str, found: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.found = found


def _open(path: Path, file: str) -> CalamineWorkbook:
    """By extension first; a workbook whose extension lies (an .xlsx saved as .xls) by content."""
    if not path.is_file():
        raise WorkbookUnreadable(f"找不到工作簿文件 {file}。")
    try:
        return CalamineWorkbook.from_path(str(path))
    except PasswordError as error:
        raise WorkbookUnreadable(
            f"工作簿 {file} 设置了打开密码，无法读取：请在 Excel 或 WPS 中取消密码、保存后再导入。",
            str(error),
        ) from error
    except Exception as error:  # whatever the reader says of a damaged file, it is unreadable
        first = error
    try:
        with path.open("rb") as handle:
            return CalamineWorkbook.from_filelike(handle)
    except Exception:
        raise WorkbookUnreadable(
            f"无法读取工作簿 {file}：文件已损坏，或不是 Excel 工作簿（.xlsx 或 .xls）。"
            "请在 Excel 或 WPS 中打开并另存为 .xlsx 后再导入。",
            str(first),
        ) from first


def _read_grids(path: Path, findings: list[Finding], file: str) -> list[Grid]:
    book = _open(path, file)
    try:
        grids = []
        for meta in book.sheets_metadata:
            if meta.typ is not SheetTypeEnum.WorkSheet:
                continue
            try:
                sheet = book.get_sheet_by_name(meta.name)
                rows = sheet.to_python(skip_empty_area=False)
                merges = list(sheet.merged_cell_ranges or [])
            except Exception as error:  # one damaged sheet must not hide the others
                findings.append(
                    Finding(
                        Severity.WARNING,
                        "load.sheet-unreadable",
                        f"工作表「{meta.name}」无法读取，已跳过：{error}。",
                        Source(file, meta.name),
                    )
                )
                continue
            grids.append(Grid(meta.name, rows, merges, hidden=meta.visible is not SheetVisibleEnum.Visible))
        return grids
    finally:
        book.close()


# ---------------------------------------------------------------- finding the tables


@dataclass
class Located:
    """A standard table found on a sheet."""

    spec: TableSpec
    grid: Grid
    found_title: str
    title_cell: tuple[int, int] | None  # None: recognised by the sheet name


def locate(grid: Grid) -> Located | None:
    """The table a sheet holds, by a title in its first rows or else by its name.

    A sheet whose first rows name several tables is a table of contents, not a table.
    """
    found: list[tuple[TableSpec, str, tuple[int, int]]] = []
    for r in range(min(TITLE_ROWS, grid.height)):
        for c in range(grid.width):
            text = grid.raw(r, c)
            spec = match_title(text) if isinstance(text, str) and text.strip() else None
            if spec is not None:
                found.append((spec, text.strip(), (r, c)))
    if len({spec.key for spec, _, _ in found}) > 1:
        return None
    if found:
        spec, text, cell = found[0]
        return Located(spec, grid, text, cell)
    spec = match_title(grid.name, truncated=len(grid.name) >= SHEET_NAME_LIMIT)
    return Located(spec, grid, grid.name, None) if spec is not None else None


# ---------------------------------------------------------------- reading one table


@dataclass
class Area:
    """The cells a table occupies, for the formula check."""

    grid: Grid
    title: str
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


@dataclass
class Panel:
    """One 科目编码 | 科目名称 | 决算数 group of the 基本支出 table."""

    left: int
    right: int
    codes: dict[str, int]
    name: int | None
    amounts: dict[str, int]
    columns: list[Column]


class TableReader:
    """Reads one located table into its logical tables, collecting findings on the way."""

    def __init__(self, located: Located, file: str) -> None:
        self.spec = located.spec
        self.grid = located.grid
        self.located = located
        self.file = file
        self.findings: list[Finding] = []
        self.unit = "万元"
        self.area: Area | None = None

    def source(self, r: int | None = None, c: int | None = None) -> Source:
        return Source(self.file, self.grid.name, _cell(r, c) if r is not None and c is not None else None)

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
        )

    def read(self) -> list[Table]:
        header = self.header()
        if header is None:
            return []
        top = self.located.title_cell[0] if self.located.title_cell else 0
        self.area = Area(self.grid, self.spec.title, top, header.data_end, header.left, header.right)
        layouts: dict[str, Callable[[Header], list[Table]]] = {
            "coded": self.coded,
            "summary": self.summary,
            "economic": self.economic,
            "single": self.single,
        }
        return layouts[self.spec.layout](header)

    # -- the frame: unit line, header rows, data rows

    def header(self) -> Header | None:
        grid = self.grid
        title_row = self.located.title_cell[0] if self.located.title_cell else None
        header_start = None
        unit: tuple[str, int, int] | None = None
        for r in range(title_row or 0, grid.height):
            keys = grid.row_keys(r)
            for c, key in enumerate(keys):
                if unit is None and (match := UNIT.search(key)):
                    unit = (match[1], r, c)
            # the title row, blank rows and 编制单位 / 单位 lines stand above the header
            if r == title_row or not any(keys) or any(META.match(key) for key in keys):
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
        left = next(c for c in range(grid.width) if _key(grid.filled(header_start, c)))
        is_data = self.data_test(header_start, left)
        rows = [header_start]
        data_start = grid.height
        for r in range(header_start + 1, grid.height):
            if self.is_lanci(r, left):
                data_start = r + 1
                break
            if self.is_note(r, left) or is_data(r):
                data_start = r
                break
            rows.append(r)
        while len(rows) > 1 and grid.is_blank(rows[-1]):  # no data row: trailing blank rows are no header
            rows.pop()
        data_end = next((r for r in range(data_start, grid.height) if self.is_note(r, left)), grid.height)
        right = max(c for r in rows for c in range(left, grid.width) if _key(grid.filled(r, c)))
        paths: dict[int, str] = {}
        leaf_rows: dict[int, int] = {}
        for c in range(left, right + 1):
            parts: list[str] = []
            for r in rows:
                text = _key(grid.filled(r, c))
                if text and text not in parts:
                    parts.append(text)
                    leaf_rows[c] = grid.origin(r, c)[0]
            paths[c] = "/".join(parts)
        return Header(header_start, rows, data_start, data_end, left, right, paths, leaf_rows)

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
        """The 栏次 row numbering the columns (1, 2, 3 …) under the header."""
        return "栏次" in self.grid.row_keys(r) or _key(self.grid.filled(r, left)) == "行次"

    def is_note(self, r: int, left: int) -> bool:
        """A footnote (注：…, 说明：…, or a lone sentence such as "本单位无此项支出，故本表为空表。"):
        the table ends above it."""
        texts = [key for key in self.grid.row_keys(r)[left:] if key]
        return bool(texts) and (bool(NOTE.match(texts[0])) or (len(texts) == 1 and texts[0].endswith("。")))

    def data_test(self, header_start: int, left: int) -> Callable[[int], bool]:
        """How this layout tells its first data row from one more header row."""
        grid = self.grid
        # the label columns: under the header's leftmost texts (项目, 科目编码, 类 …)
        span = [left]
        while LABEL_HEADER.search(_key(grid.filled(header_start, span[-1] + 1))):
            span.append(span[-1] + 1)
        totals = {
            *TOTAL_LABELS,
            *(logical.total_label for logical in self.spec.logical if logical.total_label),
        }

        def has_amount(r: int) -> bool:
            return any(_is_amount_like(grid.raw(r, c)) for c in range(left, grid.width))

        def coded(r: int) -> bool:
            keys = [_key(grid.raw(r, c)) for c in span]
            return has_amount(r) or any(CODE_START.match(key) or key in totals for key in keys)

        def summary(r: int) -> bool:
            key = _key(grid.raw(r, left))
            return has_amount(r) or (bool(key) and not SUMMARY_HEADER.match(key))

        def single(r: int) -> bool:
            return has_amount(r) or grid.is_blank(r)

        return {"coded": coded, "economic": coded, "summary": summary, "single": single}[self.spec.layout]

    def data_rows(self, header: Header) -> Iterator[int]:
        return (r for r in range(header.data_start, header.data_end) if not self.grid.is_blank(r))

    # -- columns and cells

    def match_columns(
        self, logical: LogicalSpec, header: Header, candidates: list[int]
    ) -> tuple[dict[str, int], list[Column]]:
        """The columns of the spec's keys, each physical column claimed once; missing ones reported."""
        free = [c for c in candidates if header.paths.get(c) and header.leaf(c) not in LANCI]
        claimed: dict[str, int] = {}
        for spec in logical.columns:
            column = next(
                (c for pattern in spec.patterns for c in free if pattern.search(header.paths[c])), None
            )
            if column is not None:
                claimed[spec.key] = column
                free.remove(column)
            elif not spec.optional:
                self.column_missing(logical, header, spec.label, candidates)
        if logical.keep_other_columns:
            claimed.update({f"other:{header.paths[c]}": c for c in free})
        ordered = sorted(claimed.items(), key=lambda item: item[1])
        columns = [Column(key, header.paths[c], self.source(header.leaf_rows[c], c)) for key, c in ordered]
        return claimed, columns

    def column_missing(self, logical: LogicalSpec, header: Header, label: str, candidates: list[int]) -> None:
        found = "、".join(header.paths[c] for c in candidates if header.paths.get(c)) or "无"
        rows = "、".join(str(r + 1) for r in header.rows)
        self.error(
            "load.column-missing",
            f"{self.spec.name(logical)}（工作表「{self.grid.name}」）缺少“{label}”列："
            f"表头（第 {rows} 行）中的列为 {found}。",
            self.source(header.start, header.left),
            label,
            found,
        )

    def amounts(self, r: int, columns: dict[str, int]) -> dict[str, Amount]:
        values = {}
        for key, c in columns.items():
            try:
                value = parse_amount(self.grid.raw(r, c))
            except NotANumber as error:
                self.error(
                    "load.amount-not-number",
                    f"{self.where}的单元格 {_cell(r, c)} 不是数字：“{error}”。金额应填数字"
                    f"（单位：{self.unit}），没有数据的单元格可留空或填“-”。",
                    self.source(r, c),
                    f"数字（单位：{self.unit}）",
                    str(error),
                )
                continue
            if value is not None:
                values[key] = Amount(value.scaleb(-4) if self.unit == "元" else value, self.source(r, c))
        return values

    def label(
        self, r: int, codes: dict[str, int], context: list[str | None], lengths: tuple[int, ...]
    ) -> Label:
        """The 科目编码 of a row; ``context`` carries the parts of split codes down the rows.

        ``codes``: "code" (one column: "2011301", or "2011301 行政运行"), or the levels "类", "款",
        "项" of split codes ("201" | "06" | "01"), where a blank 类 or 款 means the same as above.
        """
        if "code" in codes:
            text = _plain(self.grid.raw(r, codes["code"]))
            match = CODE_AND_NAME.match(text)
            if match is None:
                return Label(invalid=text if CODE_START.match(text) else None)
            code = _key(match[1])
            return Label(code, name=match[2]) if len(code) in lengths else Label(invalid=text)
        levels = [level for level in ("类", "款", "项") if level in codes]
        parts = [_key(self.grid.raw(r, codes[level])) for level in levels]
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

    def duplicate(self, label: str, first: Source, second: Source) -> None:
        self.error(
            "load.code-duplicate",
            f"{self.where}有两行“{label}”（单元格 {first.cell} 和 {second.cell}）：每个科目只能有一行。",
            second,
            f"“{label}”只有一行",
            f"{first.cell}、{second.cell}",
        )

    def keep_first(self, held: Row | None, row: Row) -> Row:
        if held is None:
            return row
        self.duplicate(row.code or row.name, held.source, row.source)
        return held

    # -- coded layout: 科目编码 | 科目名称 | amounts

    def label_columns(self, header: Header) -> tuple[dict[str, int], int | None, int]:
        """(code columns, name column, rightmost label column) under the header's 项目."""
        codes: dict[str, int] = {}
        name = None
        last = header.left
        for c in range(header.left, header.right + 1):
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
            codes["code"] = header.left
        if name is None and last > max(codes.values()):
            name = last
        return codes, name, last

    def coded(self, header: Header) -> list[Table]:
        (logical,) = self.spec.logical
        codes, name_column, last = self.label_columns(header)
        claimed, columns = self.match_columns(logical, header, list(range(last + 1, header.right + 1)))
        label_columns = [*codes.values(), *([name_column] if name_column is not None else [])]
        rows: dict[str, Row] = {}
        total: Row | None = None
        context: list[str | None] = [None, None, None]
        for r in self.data_rows(header):
            values = self.amounts(r, claimed)
            source = self.source(r, header.left)
            texts = [_key(self.grid.raw(r, c)) for c in label_columns]
            total_label = next((text for text in texts if text in TOTAL_LABELS), None)
            if total_label is not None:
                total = self.keep_first(total, Row(None, total_label, values, source))
                continue
            label = self.label(r, codes, context, FUNCTIONAL)
            name = (_plain(self.grid.raw(r, name_column)) if name_column is not None else "") or label.name
            if label.code is None:
                self.check_label(r, header.left, label, name, values, FUNCTIONAL)
            else:
                rows[label.code] = self.keep_first(
                    rows.get(label.code), Row(label.code, name, values, source)
                )
        return [self.table(logical, columns, list(rows.values()), total)]

    # -- summary layout: two panels of 项目 | amounts, rows by label

    def summary(self, header: Header) -> list[Table]:
        starts = [
            c for c in range(header.left, header.right + 1) if re.search(r"(项目|名称)$", header.leaf(c))
        ]
        tables = []
        for index, logical in enumerate(self.spec.logical):
            if index >= len(starts):
                self.column_missing(logical, header, f"{logical.caption}/项目", list(header.paths))
                continue
            label_column = starts[index]
            end = starts[index + 1] if index + 1 < len(starts) else header.right + 1
            claimed, columns = self.match_columns(logical, header, list(range(label_column + 1, end)))
            rows = []
            balance = None  # the balance row whose fund rows follow (财政拨款收入支出决算总表)
            for r in self.data_rows(header):
                name = _normalise_label(self.grid.raw(r, label_column))
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

    # -- economic layout: panels of 经济分类科目编码 | 科目名称 | 决算数

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

    def economic(self, header: Header) -> list[Table]:
        panels = self.panels(header)
        if not panels:
            self.column_missing(self.spec.logical[0], header, "经济分类科目编码", list(header.paths))
            return []
        totals, used = self.economic_totals(header, panels)
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
                name = (_plain(self.grid.raw(r, panel.name)) if panel.name is not None else "") or label.name
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

    def economic_totals(
        self, header: Header, panels: list[Panel]
    ) -> tuple[dict[str, Row], set[tuple[int, int]]]:
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
                logical = by_label.get(_key(self.grid.raw(r, c)))
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

    # -- single-row layout (三公)

    def single(self, header: Header) -> list[Table]:
        (logical,) = self.spec.logical
        claimed, columns = self.match_columns(logical, header, list(range(header.left, header.right + 1)))
        data = next(
            (r for r in self.data_rows(header) if any(_key(self.grid.raw(r, c)) for c in claimed.values())),
            None,
        )
        rows = (
            []
            if data is None
            else [Row(None, "三公经费", self.amounts(data, claimed), self.source(data, header.left))]
        )
        return [self.table(logical, columns, rows, None)]


# ---------------------------------------------------------------- formulas without cached values

_FORMULA_ELEMENT = re.compile(rb"<(?:\w+:)?f[ >/]")


def _formula_cells(handle: BinaryIO, areas: list[Area], *, data_only: bool) -> Iterator[tuple[Area, Any]]:
    """The openpyxl cells of the tables' areas, read in read-only mode."""
    book = openpyxl.load_workbook(handle, read_only=True, data_only=data_only)
    try:
        for area in areas:
            sheet = book[area.grid.name]
            for row in sheet.iter_rows(
                min_row=area.top + 1, max_row=area.bottom, min_col=area.left + 1, max_col=area.right + 1
            ):
                for cell in row:
                    yield area, cell
    finally:
        book.close()


def _has_formulas(path: Path) -> bool:
    """Whether any worksheet of the .xlsx holds a formula (an ``<f>`` element).

    Exports from the 决算 software usually hold none; scanning the sheets' XML for the element is a
    hundred times faster than walking the cells with openpyxl, which is then needed only when it is there.
    """
    try:
        with zipfile.ZipFile(path) as archive:
            for name in archive.namelist():
                if name.startswith("xl/worksheets/") and name.endswith(".xml"):
                    with archive.open(name) as sheet:
                        if _FORMULA_ELEMENT.search(sheet.read()):
                            return True
    except (OSError, zipfile.BadZipFile):
        return True  # let openpyxl decide (and skip the check if it cannot read the file either)
    return False


def _uncomputed_formulas(path: Path, areas: list[Area], file: str) -> list[Finding]:
    """Formula cells of the tables that the saving program left without a computed value.

    Calamine reads such a cell as blank, and only openpyxl's formula mode shows it holds a
    formula. A formula whose computed value is an empty text (=IF(…,"",…)) reads blank too: the
    cached-value mode tells it apart by its type "str", so it is asked only when a candidate exists.
    """
    if not areas or not zipfile.is_zipfile(path) or not _has_formulas(path):
        return []
    try:
        # a file object, so that an .xlsx named .xls is not refused for its extension
        with path.open("rb") as handle:
            candidates = {
                (area.grid.name, cell.row - 1, cell.column - 1): (area, str(cell.value))
                for area, cell in _formula_cells(handle, areas, data_only=False)
                if cell.data_type == "f" and area.grid.raw(cell.row - 1, cell.column - 1) == ""
            }
            if candidates:
                handle.seek(0)
                for area, cell in _formula_cells(handle, areas, data_only=True):
                    if cell.data_type == "s" or cell.data_type == "str":
                        candidates.pop((area.grid.name, cell.row - 1, cell.column - 1), None)
    except Exception:  # calamine read the file; a check openpyxl cannot run is skipped
        return []
    return [
        Finding(
            Severity.ERROR,
            "load.formula-not-computed",
            f"工作表「{sheet}」中“{area.title}”的单元格 {_cell(r, c)} 公式未计算："
            "请在 Excel 或 WPS 中打开并保存后再导入。",
            Source(file, sheet, _cell(r, c)),
            "公式的计算结果",
            formula,
        )
        for (sheet, r, c), (area, formula) in sorted(candidates.items(), key=lambda item: item[0])
    ]


# ---------------------------------------------------------------- the workbook


def read_workbook(path: Path, *, display_path: str | None = None) -> tuple[Accounts, list[Finding]]:
    """Every standard table of a department-year's workbook, as logical tables in 万元.

    Never raises for bad input: a file that cannot be opened gives no tables and one 错误
    ``load.workbook-unreadable``; a table that fails to read gives a finding for that table.
    """
    file = display_path or path.name
    findings: list[Finding] = []
    try:
        grids = _read_grids(path, findings, file)
    except WorkbookUnreadable as error:
        finding = Finding(
            Severity.ERROR,
            "load.workbook-unreadable",
            error.message,
            Source(file),
            "Excel 工作簿",
            error.found,
        )
        return Accounts(path, "mof9", {}), [finding]
    tables: dict[str, Table] = {}
    claimed: dict[str, Located] = {}
    areas: list[Area] = []
    # visible sheets first: a hidden copy of a table never displaces the one the clerk sees
    for grid in sorted(grids, key=lambda g: g.hidden):
        located = locate(grid)
        if located is None:
            continue
        first = claimed.get(located.spec.key)
        if first is not None:
            if not grid.hidden:
                findings.append(_duplicate_table(located, first, file))
            continue
        claimed[located.spec.key] = located
        reader = TableReader(located, file)
        try:
            read = reader.read()
        except Exception as error:  # one odd table must not hide the others' findings
            findings.append(_unreadable_table(located, file, error))
            continue
        findings.extend(reader.findings)
        tables.update({table.id: table for table in read})
        if reader.area is not None:
            areas.append(reader.area)
    findings.extend(_uncomputed_formulas(path, areas, file))
    if not claimed:
        findings.append(
            Finding(
                Severity.ERROR,
                "load.no-tables",
                f"工作簿 {file} 中没有找到任何决算公开表：各表的标题（如“收入支出决算总表”）"
                "应写在表格上方或工作表名称中。",
                Source(file),
                expected="标准决算公开表的标题",
                found="、".join(grid.name for grid in grids) or "没有工作表",
            )
        )
    table_set = "sichuan13" if any(key in claimed for key in SICHUAN_ONLY) else "mof9"
    return Accounts(path, table_set, tables), findings


def _duplicate_table(located: Located, first: Located, file: str) -> Finding:
    return Finding(
        Severity.ERROR,
        "load.table-duplicate",
        f"工作表「{first.grid.name}」和「{located.grid.name}」都是“{located.spec.title}”："
        "每张表只能出现一次，请删除多余的一张。",
        Source(file, located.grid.name, _cell(*located.title_cell) if located.title_cell else None),
        expected=f"一张“{located.spec.title}”",
        found=f"工作表「{first.grid.name}」「{located.grid.name}」",
    )


def _unreadable_table(located: Located, file: str, error: Exception) -> Finding:
    return Finding(
        Severity.ERROR,
        "load.table-unreadable",
        f"工作表「{located.grid.name}」中的“{located.spec.title}”无法读取（{error}）："
        "请对照标准格式检查它的表头和数据行。",
        Source(file, located.grid.name, _cell(*located.title_cell) if located.title_cell else None),
        expected="标准格式的表格",
        found=type(error).__name__,
    )
