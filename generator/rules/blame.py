"""When a total disagrees with its parts, point at the part that is wrong, not at the total.

A mistyped detail (B6 of 收入支出决算总表) breaks two rules: its total no longer adds up (T1-a, at the
total's cell) and the detail no longer agrees with the other table that prints it (X-3, at B6). A clerk
who reads the total's finding first "fixes" the correct total. So a sum's finding whose part is itself
found to differ from another table names that part first, and is listed after the part's finding.

A part no other table prints can still be told by last year's figures (``data/<year-1>/<dept>/``, or for
the 三公 the ``prior_year`` of department.yaml), but only where they leave no doubt, for a wrong blame is
worse than none: the part must have moved at least tenfold (or changed sign) against last year, the value
that would make the total add up must lie within a factor of two of last year's, the total itself must
not have moved tenfold, and no other part may fit the same way. A slip of a digit's place or of 元 for
万元 fits; a mistyped digit that keeps the size does not, and the finding names the total as before.
"""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

from generator.model import ZERO, Accounts, Amount, DepartmentYear, Finding, Severity, Source
from generator.numbers import money, q2
from generator.standard.totals import prior_key_figures

FAR = Decimal(10)  # a move of this factor or more against last year is no ordinary change
NEAR = Decimal(2)  # the corrected part lies within this factor of last year's

Place = tuple[str, str, str]  # a cell's table id, its row (code, or name), its column key


def _cell(source: Source) -> str:
    return f"{source.sheet}!{source.cell}" if source.sheet and source.cell else source.cell or source.file


def _same_cell(one: Source | None, other: Source) -> bool:
    return one is not None and (one.file, one.sheet, one.cell) == (other.file, other.sheet, other.cell)


def blame_parts(findings: list[Finding], dy: DepartmentYear | None = None) -> list[Finding]:
    """The findings in order, each sum's finding after (and naming) the part another rule found wrong;
    failing that, naming the part last year's figures of ``dy`` show to be wrong."""
    errors = [finding for finding in findings if finding.severity is Severity.ERROR]
    suspects: dict[int, list[Finding]] = {}  # id of a part's finding → the sums' findings it explains
    blamed: set[int] = set()
    for total in errors:
        parts = [
            other
            for other in errors
            if other is not total and any(_same_cell(other.source, part) for part in total.parts)
        ]
        if parts:
            suspects.setdefault(id(parts[0]), []).append(_naming(total, parts))
            blamed.add(id(total))
    unexplained = [total for total in errors if total.parts and id(total) not in blamed]
    if dy is not None and unexplained:
        years = _Years(dy)  # indexed only when needed
        for total in unexplained:
            if (named := _by_last_year(total, years)) is not None:
                suspects[id(total)] = [named]
                blamed.add(id(total))
    ordered: list[Finding] = []
    for finding in findings:
        if id(finding) not in blamed:
            ordered.append(finding)
        ordered.extend(suspects.get(id(finding), []))  # in its own place when blamed by last year
    return ordered


def _naming(total: Finding, parts: list[Finding]) -> Finding:
    cells = "、".join(_cell(part.source) for part in parts if part.source)
    rules = "、".join(dict.fromkeys(part.rule for part in parts))
    lead = f"先核对 {cells}：它与其他表不一致（见 {rules}），多半是它填错了，改正后合计随之相符，不要改合计。"
    return replace(total, message=f"{lead}{total.message}")


def _cells(accounts: Accounts) -> dict[Place, Amount]:
    """Every filled cell of the workbook's tables, by its place."""
    cells = {}
    for table in accounts.tables.values():
        rows = [("合计", table.total)] if table.total else []
        rows += [(row.code or row.name, row) for row in table.rows]
        for name, row in rows:
            for key, amount in row.values.items():
                cells[(table.id, name, key)] = amount
    return cells


def _at(source: Source) -> tuple[str, str | None, str | None]:
    return source.file, source.sheet, source.cell


class _Years:
    """A cell's amount this year, and last year's in the same table, row and column where it is known."""

    def __init__(self, dy: DepartmentYear) -> None:
        cells = _cells(dy.accounts) if dy.accounts is not None else {}
        self.now = {_at(amount.source): amount.value for amount in cells.values()}
        self.place = {_at(amount.source): place for place, amount in cells.items()}
        self.then: dict[Place, Decimal] = {}
        sangong = dy.accounts.get("sangong") if dy.accounts is not None else None
        if dy.prior is not None and dy.prior.accounts is not None:
            self.then = {place: amount.value for place, amount in _cells(dy.prior.accounts).items()}
        elif sangong is not None and sangong.rows:  # prior_year states the 三公 决算数 item by item
            row = sangong.rows[0].code or sangong.rows[0].name
            stated = prior_key_figures(dy).sangong or {}
            self.then = {(sangong.id, row, f"final_{item}"): value for item, value in stated.items()}

    def value(self, source: Source) -> Decimal:
        return self.now.get(_at(source), ZERO)  # a blank cell reads as zero

    def last(self, source: Source) -> Decimal | None:
        place = self.place.get(_at(source))
        return self.then.get(place) if place is not None else None


def _far(value: Decimal, last: Decimal) -> bool:
    """Moved tenfold or more, or changed sign (neither zero: a new or ended item is ordinary)."""
    if value == ZERO or last == ZERO:
        return False
    small, large = sorted((abs(value), abs(last)))
    return (value > ZERO) != (last > ZERO) or large >= FAR * small


def _near(value: Decimal, last: Decimal) -> bool:
    """Of the same sign and within a factor of two."""
    if value == ZERO or last == ZERO or (value > ZERO) != (last > ZERO):
        return False
    small, large = sorted((abs(value), abs(last)))
    return large <= NEAR * small


def _by_last_year(total: Finding, years: _Years) -> Finding | None:
    """``total``'s finding naming first the one part last year's figures show to be wrong, or None."""
    if total.source is None:
        return None
    found = years.value(total.source)
    values = [years.value(part) for part in total.parts]
    if total.found != money(found) or total.expected != money(sum(values, ZERO)):
        return None  # not a plain sum in 万元 of these cells
    last_total = years.last(total.source)
    if last_total is None or found == ZERO or last_total == ZERO or _far(found, last_total):
        return None  # the total itself may be the slip
    gap = found - sum(values, ZERO)
    fits = [
        (part, value, last, value + gap)
        for part, value in zip(total.parts, values, strict=True)
        if (last := years.last(part)) is not None and _far(value, last) and _near(value + gap, last)
    ]
    if len(fits) != 1:
        return None
    part, value, last, right = fits[0]
    lead = (
        f"先核对 {_cell(part)}：它为 {money(value)} 万元，上年为 {money(last)} 万元，相差悬殊；"
        f"它若为 {money(q2(right))} 万元（与上年相近），合计即相符，"
        "多半是它填错了（如小数点、位数或以元填报），不要改合计。"
    )
    return replace(total, message=f"{lead}{total.message}")
