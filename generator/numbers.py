"""Money and percentage arithmetic in ``Decimal`` with 四舍五入, and the wording of changes.

Every figure is rounded exactly once, here, with ROUND_HALF_UP: Python's ``round`` and Babel
round half-even, which is not how Chinese finance rounds (2.675 must become 2.68).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

ZERO = Decimal("0")
CENT = Decimal("0.01")
HUNDRED = Decimal("100")
TEN_THOUSAND = Decimal("10000")


def q2(value: Decimal) -> Decimal:
    """Round to two decimals, 四舍五入; never -0.00 (-0.004 and a typed -0 are 0.00)."""
    return value.quantize(CENT, rounding=ROUND_HALF_UP) + ZERO


def money(value: Decimal) -> str:
    """An amount in 万元 as prose prints it: ``3081.49`` (no grouping, as in the published seeds)."""
    return f"{q2(value):f}"


def yuan(value: Decimal) -> str:
    """An amount in 万元 printed in 元, as a workbook in 元 holds it: ``30,814,900.00``."""
    return f"{q2(value * TEN_THOUSAND):,.2f}"


def money_grouped(value: Decimal) -> str:
    """An amount in 万元 as tables print it: ``3,081.49``."""
    return f"{q2(value):,.2f}"


def percent_of(part: Decimal, whole: Decimal) -> Decimal | None:
    """``part / whole`` in percent, rounded; None on a zero base (no percentage can be stated)."""
    if whole == ZERO:
        return None
    return q2(part / whole * HUNDRED)


def percent(value: Decimal) -> str:
    return f"{q2(value):f}%"


@dataclass(frozen=True)
class Change:
    """The change of a figure against a base (prior year or budget)."""

    current: Decimal
    base: Decimal

    @classmethod
    def of(cls, current: Decimal | None, base: Decimal | None) -> Change | None:
        """The change, or None where either figure is not stated."""
        return None if current is None or base is None else cls(current, base)

    @property
    def delta(self) -> Decimal:
        return q2(self.current) - q2(self.base)

    @property
    def rate(self) -> Decimal | None:
        """Growth rate in percent of the base, None on a zero base."""
        if q2(self.base) == ZERO:
            return None
        return q2(abs(self.delta) / q2(self.base) * HUNDRED)

    @property
    def direction(self) -> str:
        """``增加``, ``减少`` or ``持平``."""
        if self.delta > ZERO:
            return "增加"
        if self.delta < ZERO:
            return "减少"
        return "持平"

    @property
    def is_flat(self) -> bool:
        return self.delta == ZERO

    @property
    def text(self) -> str:
        """增加 X 万元，增长 Y% · 减少 X 万元，下降 Y% · 持平; no percentage on a zero base."""
        if self.is_flat:
            return "持平"
        amount = f"{self.direction} {money(abs(self.delta))} 万元"
        if self.rate is None:
            return amount
        verb = "增长" if self.delta > ZERO else "下降"
        return f"{amount}，{verb} {percent(self.rate)}"


def completion(final: Decimal, budget: Decimal) -> Decimal | None:
    """完成预算 percentage; None when the budget is zero."""
    return percent_of(final, budget)
