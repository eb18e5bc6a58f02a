"""Check and derive total a table the same way (issue 15): one routine, in ``generator.standard.totals``."""

from __future__ import annotations

from decimal import Decimal as D
from pathlib import Path

from generator.model import Accounts, Amount, Column, Row, Source, Table
from generator.rules.between import column_total as checked_total
from generator.standard.totals import column_total, key_figures


def _items_only() -> Accounts:
    """一般公共预算财政拨款支出决算表 listing two 项 and neither their 类/款 rows nor a 合计 row."""
    source = Source(file="x.xlsx", sheet="表5")
    rows = [
        Row(code, name, {"total": Amount(D(amount), source)}, source)
        for code, name, amount in (("2011301", "行政运行", "10.004"), ("2011302", "一般行政管理事务", "5"))
    ]
    table = Table(
        "gpb",
        "一般公共预算财政拨款支出决算表",
        "表5",
        source,
        "万元",
        [Column("total", "合计", source)],
        rows,
    )
    return Accounts(workbook=Path("x.xlsx"), table_set="mof9", tables={"gpb": table})


def test_derive_and_check_total_a_table_of_items_alike() -> None:
    accounts = _items_only()
    table = accounts.tables["gpb"]
    # The prose once printed 0.00 (derive summed 类 rows only) while the check added the 项 up to 15.00.
    assert key_figures(accounts, None).gpb == checked_total(table, "total") == D("15.00")
    assert column_total(table, "total") == D("15.00")
