"""Typed objects shared by every stage: where a value came from, amounts, tables, findings.

Everything downstream of ``load`` works on these objects only; no stage reaches back into a
workbook or a YAML file.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # annotations only: the model imports no stage
    from generator.evaluation.grading import Grading
    from generator.evaluation.load import Evaluations
    from generator.readers.schema import Department, Site
    from generator.readers.yamlfile import YamlDocument
    from generator.standard.profiles import Profile

ZERO = Decimal("0")


def display_path(path: Path, root: Path) -> str:
    """A path as findings show it: relative to the project root when it lies inside, else as given."""
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return str(path)


@dataclass(frozen=True)
class Source:
    """Where a value was read: a workbook cell or a YAML key.

    ``file`` is the path as the user should see it (relative to the project when possible).
    """

    file: str
    sheet: str | None = None
    cell: str | None = None  # A1 reference, e.g. "B7"
    key: str | None = None  # dotted YAML key path, e.g. "sangong.reception.batches"
    line: int | None = None  # 1-based YAML line

    def describe(self) -> str:
        """The location in the words a finance clerk reads: 文件、工作表、单元格 / 键、行."""
        parts = [f"文件 {self.file}"]
        if self.sheet is not None:
            parts.append(f"工作表「{self.sheet}」")
        if self.cell is not None:
            parts.append(f"单元格 {self.cell}")
        if self.key is not None:
            parts.append(f"键 {self.key}")
        if self.line is not None:
            parts.append(f"第 {self.line} 行")
        return "，".join(parts)

    def __str__(self) -> str:
        return self.describe()


@dataclass(frozen=True)
class Amount:
    """An amount in 万元 (converted at load time when the table was in 元), with its source."""

    value: Decimal
    source: Source


@dataclass
class Column:
    key: str  # canonical key from the table spec, e.g. "basic"
    label: str  # header text as found, path joined with "/", e.g. "本年支出/基本支出"
    source: Source  # the header cell


@dataclass
class Row:
    """One data row of a logical table.

    ``code`` is the normalised 科目编码 (3/5/7 digits functional, 3/5 digits economic) or None for
    rows identified by their label only (summary tables). ``values`` holds only cells that had a
    value; a blank, "-" or "—" cell is absent and reads as zero through ``get``.
    """

    code: str | None
    name: str
    values: dict[str, Amount]
    source: Source  # first cell of the row

    def get(self, key: str) -> Decimal:
        amount = self.values.get(key)
        return amount.value if amount is not None else ZERO

    def amount(self, key: str) -> Amount | None:
        return self.values.get(key)

    @property
    def level(self) -> int | None:
        """1 = 类, 2 = 款, 3 = 项 for functional codes (3/5/7 digits); 1/2 for economic (3/5)."""
        if self.code is None:
            return None
        return {3: 1, 5: 2, 7: 3}.get(len(self.code))


@dataclass(frozen=True)
class Printed:
    """A text printed on a table beside its figures: the 编制单位 or the year, with its cell."""

    text: str
    source: Source


@dataclass
class Table:
    """A logical table: one standard table, or one panel of a two-panel standard table.

    ``id`` is the canonical logical id (see ``generator/data/tables.yaml``), e.g. ``summary.income``.
    ``total`` is the 合计 (or 总计) row when the table has one, wherever it stood.
    """

    id: str
    title: str  # canonical title of the physical table, e.g. 收入支出决算总表
    found_title: str  # the text the table was recognised by (title cell or sheet name)
    source: Source  # file + sheet + title cell
    unit: str  # unit as printed in the workbook: "万元" or "元" (values are always 万元)
    columns: list[Column]
    rows: list[Row]
    total: Row | None = None
    # the note that declares the table empty ("本部门本年度没有……，故本表无数据。"), where one stands
    empty_statement: Source | None = None
    issuer: Printed | None = None  # "编制单位：渠县商务局" → 渠县商务局
    year: Printed | None = None  # the year of the title or of the line under it: "2023年度" → 2023

    def row(self, code: str) -> Row | None:
        for row in self.rows:
            if row.code == code:
                return row
        return None

    def column(self, key: str) -> Column | None:
        for column in self.columns:
            if column.key == key:
                return column
        return None

    @property
    def is_empty(self) -> bool:
        """True when no cell of the table holds a non-zero amount."""
        rows = [*self.rows, *([self.total] if self.total else [])]
        return all(amount.value == ZERO for row in rows for amount in row.values.values())


class Severity(StrEnum):
    ERROR = "错误"
    WARNING = "警告"
    INFO = "提示"


@dataclass(frozen=True)
class Finding:
    """One result of loading or checking. Errors stop the build."""

    severity: Severity
    rule: str  # stable id, e.g. "load.table-missing", "T1-a", "X-4"
    message: str  # Chinese, complete sentence
    source: Source | None = None
    expected: str | None = None
    found: str | None = None
    department: str | None = None  # "2023/qu-xian-shang-wu-ju"
    details: tuple[str, ...] = ()  # what the message sums up (each 0.01 尾差 of a table), for --verbose
    parts: tuple[Source, ...] = ()  # the cells a wrong total adds up, one of which may be the wrong one


SEVERITY_ORDER = {severity: rank for rank, severity in enumerate(Severity)}  # errors first
SITE_WIDE = "全站"  # what findings of no department-year (site.yaml, folder names) are listed under


def findings_by_department(findings: list[Finding]) -> dict[str | None, list[Finding]]:
    """Findings by department-year label, the project-wide ones (``None``) first, errors first in each."""
    groups: dict[str | None, list[Finding]] = {}
    for finding in sorted(findings, key=lambda f: (f.department is not None, SEVERITY_ORDER[f.severity])):
        groups.setdefault(finding.department, []).append(finding)
    return groups


@dataclass
class Accounts:
    """All logical tables read from one department-year's workbook, keyed by logical id."""

    workbook: Path
    table_set: str  # "mof9" or "sichuan13", as recognised
    tables: dict[str, Table] = field(default_factory=dict)
    # the tables read with an error (a header or cell the reader reported), by logical id, with the
    # table's place: the rules leave them out rather than compare figures known to be incomplete
    failed: dict[str, Source] = field(default_factory=dict)
    # texts that may be titles, on sheets where no table was recognised: a missing table names the closest
    unrecognised: list[Printed] = field(default_factory=list)

    def get(self, table_id: str) -> Table | None:
        return self.tables.get(table_id)


@dataclass
class DepartmentYear:
    year: int
    slug: str
    directory: Path
    profile: Profile  # department.yaml's own profile, else the site's
    grading: Grading  # how self-evaluations are scored: department.yaml's own, else the site's
    evaluations: Evaluations  # evaluation/ (绩效自评), empty when the folder is absent
    department: Department | None = None
    department_document: YamlDocument | None = None  # department.yaml as read: the line of every key
    accounts: Accounts | None = None
    workbook: Path | None = None
    findings: list[Finding] = field(default_factory=list)
    prior: DepartmentYear | None = None  # data/<year-1>/<slug>/ when it exists
    fingerprint: str = ""  # of its folder's files (folder_fingerprint): unchanged files, same value

    @property
    def label(self) -> str:
        return f"{self.year}/{self.slug}"

    @property
    def lineage(self) -> str:
        """The fingerprints of this folder and of every earlier year's, which its pages are made from."""
        prior = self.prior.lineage if self.prior is not None else ""
        return f"{self.fingerprint}/{prior}"


@dataclass
class Project:
    root: Path
    site: Site | None
    department_years: list[DepartmentYear]
    findings: list[Finding]  # findings about the project itself (site.yaml, folder names)
    site_document: YamlDocument | None = None  # site.yaml as read: the line of every key
    content_pages: dict[str, str] = field(default_factory=dict)  # content/*.md as written, by path

    def all_findings(self) -> list[Finding]:
        return [*self.findings, *(f for dy in self.department_years for f in dy.findings)]
