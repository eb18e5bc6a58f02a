"""The sample department's prior year: 渠县商务局 2022, as neutral workbook data.

Seed 003 (渠县商务局 2023) states these 2022 figures, and the tables give exactly them:

- 收支总计 and 财政拨款收支总计 6773.08 (3081.49 + 3691.59): every 收入 is 财政拨款, no balances;
- 一般公共预算财政拨款支出 1115.48 (2871.49 − 1756.01), so 政府性基金 6773.08 − 1115.48 = 5657.60;
- “三公”经费 9.50, all 公务接待费 (因公出国 and 公务用车 0);
- 机关运行经费 201.53 (39.24 + 162.29), the 公用经费 of the 基本支出表 (渠县商务局 is 行政).

Everything else is invented and plausible for the same department one year earlier: the 项 and
their 基本/项目 split (人员经费 832.17 + 公用经费 201.53 = 基本支出 1033.70, 项目支出 81.78), the
政府性基金 spent in one 项, every economic amount, and the 三公 budget (equal to its 决算).

Run ``python tests/sample_qu_xian_2022.py`` to rewrite the workbook under data/.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from factory import WorkbookData, write_workbook
from sample_support import Item, sangong_line, workbook_data

D = Decimal
DEPARTMENT = "渠县商务局"
YEAR = 2022
WORKBOOK = (
    Path(__file__).resolve().parent.parent / "data" / str(YEAR) / "qu-xian-shang-wu-ju" / "决算公开报表.xlsx"
)

ITEMS = [
    Item("2011301", basic=D("687.82")),
    Item("2011302", project=D("45.00")),
    Item("2011308", project=D("30.00")),
    Item("2011350", basic=D("102.45")),
    Item("2080501", basic=D("16.02")),
    Item("2080505", basic=D("59.86")),
    Item("2080506", basic=D("38.12")),
    Item("2080705", project=D("6.78")),
    Item("2080801", basic=D("48.20")),
    Item("2089999", basic=D("2.05")),
    Item("2101101", basic=D("15.30")),
    Item("2101102", basic=D("7.46")),
    Item("2101103", basic=D("19.62")),
    Item("2101199", basic=D("0.40")),
    Item("2210201", basic=D("36.40")),
    Item("2120899", project=D("5657.60"), fund="fund"),
]
PERSONNEL = {
    "30101": D("156.40"),
    "30102": D("188.20"),
    "30103": D("13.10"),
    "30106": D("6.30"),
    "30107": D("88.90"),
    "30108": D("59.86"),
    "30109": D("38.12"),
    "30112": D("42.20"),
    "30113": D("36.40"),
    "30199": D("21.00"),
    "30301": D("5.20"),
    "30302": D("82.00"),
    "30304": D("48.20"),
    "30305": D("8.30"),
    "30307": D("3.10"),
    "30309": D("1.30"),
    "30399": D("33.59"),
}
PUBLIC = {
    "30201": D("18.60"),
    "30202": D("6.20"),
    "30203": D("3.50"),
    "30205": D("0.45"),
    "30206": D("1.80"),
    "30207": D("2.30"),
    "30209": D("6.40"),
    "30211": D("22.80"),
    "30213": D("4.60"),
    "30214": D("3.20"),
    "30215": D("4.90"),
    "30216": D("5.30"),
    "30217": D("9.50"),
    "30226": D("28.40"),
    "30227": D("36.00"),
    "30228": D("3.60"),
    "30229": D("3.10"),
    "30239": D("2.90"),
    "30240": D("0.10"),
    "30299": D("27.88"),
    "31002": D("6.80"),
    "31007": D("3.20"),
}
RECEPTION = {"reception": D("9.50")}


def sample_workbook_data() -> WorkbookData:
    return workbook_data(YEAR, ITEMS, PERSONNEL, PUBLIC, sangong_line(budget=RECEPTION, final=RECEPTION))


def main() -> None:
    WORKBOOK.parent.mkdir(parents=True, exist_ok=True)
    write_workbook(WORKBOOK, sample_workbook_data(), table_set="sichuan13", department=DEPARTMENT, year=YEAR)
    print(f"已写入 {WORKBOOK}")


if __name__ == "__main__":
    main()
