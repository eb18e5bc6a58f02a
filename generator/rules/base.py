"""What every rule shares: the registry, the tolerance for rounding, "could not check", locations.

A rule is a function of one department-year that yields findings. It declares the rule ids it can
emit (``@rule("T2-a")``) so that the list in ``generator/help/checks.md`` can be kept complete by a
test. A rule that lacks what it needs raises ``Unchecked``: the runner turns that into a 警告
"<id>.unchecked", so a missing table or column is never a silent pass.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cache

from generator.model import ZERO, DepartmentYear, Finding, Row, Severity, Source, Table
from generator.numbers import CENT, money, q2, yuan
from generator.readers.yamlfile import YamlDocument
from generator.standard.classification import Classification, ClassificationError, load_classification
from generator.standard.tables import table_specs
from generator.standard.totals import add, labelled

Check = Callable[[DepartmentYear], Iterable[Finding]]


@dataclass(frozen=True)
class Rule:
    ids: tuple[str, ...]  # every rule id the function may emit (without ".unchecked")
    check: Check
    workbook: bool = True  # False: it reads only the YAML, and runs where only 绩效自评 is published


RULES: list[Rule] = []


def rule(*ids: str, workbook: bool = True) -> Callable[[Check], Check]:
    """Register a rule function under the ids it emits; ``workbook=False`` for one that needs no tables."""

    def register(function: Check) -> Check:
        RULES.append(Rule(ids, function, workbook))
        return function

    return register


def unchecked(rule_id: str, reason: str, source: Source | None) -> Finding:
    """The result "could not check": a 警告, never a silent pass."""
    return Finding(
        Severity.WARNING,
        f"{rule_id}.unchecked",
        f"无法核对规则 {rule_id}：{reason}。此项未经检查，请补齐后再检查。",
        source,
    )


@dataclass(frozen=True)
class Skipped(Finding):
    """A rule that did not run because a table it needs was read with errors.

    The runner lists these once per table (``check.rules-skipped``), not once per rule: the table's
    own load errors say what to fix.
    """

    skipped_rule: str = ""
    table_id: str = ""


class Unchecked(Exception):
    """Raised inside a rule that lacks a table, a column or a prior-year figure."""

    def __init__(self, rule_id: str, reason: str, source: Source | None) -> None:
        super().__init__(reason)
        self.finding: Finding = unchecked(rule_id, reason, source)

    @classmethod
    def failed(cls, rule_id: str, table_id: str, source: Source) -> Unchecked:
        """The rule needs a table that was read with errors."""
        stop = cls(rule_id, f"“{title_of(table_id)}”有读取错误", source)
        stop.finding = Skipped(
            Severity.WARNING, "check.rules-skipped", "", source, skipped_rule=rule_id, table_id=table_id
        )
        return stop


def attempt(check: Callable[[], Iterable[Finding]]) -> list[Finding]:
    """The findings of one check; those yielded before an ``Unchecked`` are kept."""
    findings: list[Finding] = []
    try:
        findings.extend(check())
    except Unchecked as stop:
        findings.append(stop.finding)
    return findings


# ---------------------------------------------------------------- tables and cells

CELL = re.compile(r"^([A-Z]+)(\d+)$")


@cache
def _titles() -> dict[str, str]:
    return {logical.id: spec.name(logical) for spec in table_specs().values() for logical in spec.logical}


def title_of(table_id: str) -> str:
    """收入决算表; 收入支出决算总表（支出） for one panel of a two-panel table."""
    return _titles().get(table_id, table_id)


def table_name(table: Table) -> str:
    return title_of(table.id)


def workbook_source(dy: DepartmentYear) -> Source:
    assert dy.accounts is not None
    tables = list(dy.accounts.tables.values())
    return Source(file=tables[0].source.file) if tables else Source(file=dy.accounts.workbook.name)


def need(dy: DepartmentYear, rule_id: str, *table_ids: str) -> list[Table]:
    """The tables a rule compares; ``Unchecked`` naming the first one the workbook lacks."""
    assert dy.accounts is not None
    found = []
    for table_id in table_ids:
        table = dy.accounts.get(table_id)
        if table_id in dy.accounts.failed:
            raise Unchecked.failed(rule_id, table_id, dy.accounts.failed[table_id])
        if table is None:
            raise Unchecked(rule_id, f"工作簿中没有“{title_of(table_id)}”", workbook_source(dy))
        found.append(table)
    return found


def publishes(dy: DepartmentYear, table_id: str) -> bool:
    """Whether this department-year publishes a logical table: its province's set has it, or its workbook.

    A table of the set that the workbook lacks counts, so that its rules report "could not check".
    """
    assert dy.accounts is not None
    specs = table_specs()
    return table_id in dy.accounts.tables or any(
        logical.id == table_id for key in dy.profile.tables for logical in specs[key].logical
    )


def applicable(dy: DepartmentYear, table_ids: Iterable[str]) -> list[str]:
    return [table_id for table_id in table_ids if publishes(dy, table_id)]


def classification(dy: DepartmentYear, rule_id: str) -> Classification:
    """The year's dictionary of 科目; ``Unchecked`` when the package has none that can be read."""
    try:
        return load_classification(dy.year)
    except ClassificationError as error:
        raise Unchecked(rule_id, f"分类科目字典不可用（{error}）", None) from error


def sangong_row(dy: DepartmentYear, rule_id: str) -> tuple[Table, Row]:
    """The 三公 table and its one data row; a table left blank (no 三公 spending) reads as zeros."""
    (table,) = need(dy, rule_id, "sangong")
    return table, table.rows[0] if table.rows else Row(None, "三公经费", {}, table.source)


def need_column(table: Table, key: str, rule_id: str, header: str) -> None:
    if table.column(key) is None:
        raise Unchecked(rule_id, f"“{table_name(table)}”没有“{header}”列", table.source)


def need_row(table: Table, label: str, rule_id: str) -> Row:
    row = labelled(table, label)
    if row is None:
        raise Unchecked(rule_id, f"“{table_name(table)}”中找不到“{label}”行", table.source)
    return row


def rows_before(table: Table, label: str) -> list[Row]:
    """The rows above a labelled row (the items a 合计 row adds up), every row when it is absent."""
    target = labelled(table, label)
    return table.rows[: table.rows.index(target)] if target is not None else list(table.rows)


def cell(table: Table, row: Row, key: str) -> Source:
    """The cell of ``row`` in column ``key``, even when it is blank (then absent from ``row.values``)."""
    amount = row.amount(key)
    if amount is not None:
        return amount.source
    column = table.column(key)
    row_cell = CELL.match(row.source.cell or "")
    column_cell = CELL.match(column.source.cell or "") if column is not None else None
    if row_cell is None or column_cell is None:
        return row.source
    return Source(file=row.source.file, sheet=row.source.sheet, cell=column_cell[1] + row_cell[2])


def row_label(row: Row) -> str:
    return f"“{row.code} {row.name}”行" if row.code else f"“{row.name}”行"


def describe(table: Table, row: Row, key: str) -> str:
    """“208 社会保障和就业支出”行的“本年支出/基本支出”; just the row when the table has one column."""
    if len(table.columns) <= 1:
        return f"“{row.code} {row.name}”" if row.code else f"“{row.name}”"
    column = table.column(key)
    return f"{row_label(row)}的“{column.label if column else key}”"


def all_rows(table: Table) -> list[Row]:
    """The 合计 row (when the table has one) and every other row."""
    return [*([table.total] if table.total else []), *table.rows]


# ---------------------------------------------------------------- YAML files


def department_yaml(dy: DepartmentYear) -> YamlDocument:
    """department.yaml as load read it, for the line of every key (``YamlDocument.locate``).

    Rules point at the key a department has to fill in, which is often absent: ``locate`` then
    gives the line of the block it belongs in.
    """
    assert dy.department_document is not None, "rules run only on a department.yaml that loaded"
    return dy.department_document


# ---------------------------------------------------------------- tolerance


def in_yuan(*tables: Table) -> bool:
    """Whether the tables were all printed in 元: their amounts are then compared exactly, in 元."""
    return all(table.unit == "元" for table in tables)


@dataclass
class Tally:
    """The comparisons of one rule over one table.

    Amounts are checked in the unit the workbook is in. In 万元, a difference of more than 0.01 万元
    is an error at the cell; differences of at most 0.01 万元 are rounding (the 元 figures were
    rounded to 万元 one by one): they are summed up in one 提示 per tally, so that a table with many
    such 尾差 does not bury the real errors. In 元 (``exact``) nothing was rounded: any difference
    is an error, stated in 元.
    """

    rule: str
    subject: str  # the table whose cells are compared, e.g. 收入决算表
    against: str = ""  # the other table, for rules between two tables
    # One 提示 per rounding difference, with both amounts, instead of one summing them up: for a
    # file of a few stated amounts (a self-evaluation), where each is worth naming.
    itemised: bool = False
    exact: bool = False  # the amounts come from tables in 元: compared to the 元, with no 尾差
    errors: list[Finding] = field(default_factory=list)
    rounding: list[tuple[str, Source]] = field(default_factory=list)
    notes: list[Finding] = field(default_factory=list)

    @classmethod
    def of(cls, rule: str, table: Table, other: Table | None = None) -> Tally:
        """A tally over a table (and the one it is compared with), in the unit they were printed in."""
        against = [other] if other is not None else []
        return cls(rule, table_name(table), "".join(map(table_name, against)), exact=in_yuan(table, *against))

    def add(self, values: Iterable[Decimal]) -> Decimal:
        """A sum in the unit the tally checks in (``standard.totals.add``)."""
        return add(values, exact=self.exact)

    def amount(self, value: Decimal) -> str:
        """An amount in the unit the tables are checked in: "3081.49 万元", or "30,814,900.00 元"."""
        return f"{yuan(value)} 元" if self.exact else f"{money(value)} 万元"

    def figure(self, value: Decimal) -> str:
        """An amount for the expected/found fields, in the same unit."""
        return yuan(value) if self.exact else money(value)

    def difference(self, found: Decimal, expected: Decimal) -> Decimal:
        return found - expected if self.exact else q2(found) - q2(expected)

    def equal(
        self,
        found: Decimal,
        expected: Decimal,
        where: Source,
        what: str,
        should: str,
        parts: Iterable[Source] = (),
    ) -> None:
        """``what`` (found at ``where``) must equal ``should`` (whose value is ``expected``).

        ``parts`` are the cells ``expected`` adds up, when it is a sum: the finding keeps them, so that
        a part found wrong by another rule is named before the total (``generator.rules.blame``).
        """
        difference = self.difference(found, expected)
        if difference == ZERO:
            return
        rounding = not self.exact and abs(difference) <= CENT
        if rounding and not self.itemised:
            self.rounding.append((what, where))
            return
        found_here = f"{self.subject}{what}为 {self.amount(found)}，"
        (self.notes if rounding else self.errors).append(
            Finding(
                Severity.INFO if rounding else Severity.ERROR,
                self.rule,
                f"{found_here}{should}为 {self.amount(expected)}，相差 {self.amount(difference)}，"
                "属四舍五入差异，可不修改。"
                if rounding
                else f"{found_here}应等于{should} {self.amount(expected)}"
                f"（相差 {self.amount(difference)}）。",
                where,
                expected=self.figure(expected),
                found=self.figure(found),
                parts=tuple(parts),
            )
        )

    def cell_equal(
        self,
        table: Table,
        row: Row,
        key: str,
        expected: Decimal,
        should: str,
        *,
        what: str | None = None,
        parts: Iterable[Source] = (),
    ) -> None:
        """``equal`` for the cell of ``row`` in column ``key``, named by ``describe`` unless ``what`` is."""
        what = describe(table, row, key) if what is None else what
        self.equal(row.get(key), expected, cell(table, row, key), what, should, parts)

    def cell_sum(self, table: Table, row: Row, key: str, members: list[Row], should: str) -> None:
        """The cell of ``row`` in column ``key`` equals the sum of the ``members``' cells in that column."""
        total = self.add(member.get(key) for member in members)
        self.cell_equal(
            table, row, key, total, should, parts=[cell(table, member, key) for member in members]
        )

    def cell_at_most(self, table: Table, row: Row, key: str, limit: Decimal, what: str, should: str) -> None:
        """``at_most`` for the cell of ``row`` in column ``key``."""
        self.at_most(row.get(key), limit, cell(table, row, key), what, should)

    def at_most(self, found: Decimal, limit: Decimal, where: Source, what: str, should: str) -> None:
        """``what`` must not exceed ``should`` (whose value is ``limit``)."""
        excess = self.difference(found, limit)
        if excess <= ZERO:
            return
        if not self.exact and excess <= CENT:
            self.rounding.append((what, where))
            return
        self.errors.append(
            Finding(
                Severity.ERROR,
                self.rule,
                f"{self.subject}{what}为 {self.amount(found)}，超过了{should} {self.amount(limit)}"
                f"（多 {self.amount(excess)}），不应大于后者。",
                where,
                expected=f"≤ {self.figure(limit)}",
                found=self.figure(found),
            )
        )

    def findings(self) -> Iterator[Finding]:
        yield from self.errors
        yield from self.notes
        if self.rounding:
            yield Finding(
                Severity.INFO,
                self.rule,
                f"{self.subject}{'与' + self.against if self.against else ''}有 {len(self.rounding)} 处"
                " 0.01 万元的尾差，属四舍五入差异，可不修改。",
                self.rounding[0][1],
                details=tuple(
                    f"{what}（{where.cell}）" if where.cell else what for what, where in self.rounding
                ),
            )
