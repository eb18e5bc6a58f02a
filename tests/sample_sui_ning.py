"""The example project examples/sui-ning/: 绥宁县商务局 2024 (Hunan, seed 004), as neutral workbook data.

Hunan publishes the Ministry of Finance's 9 tables. Seed 004 is the department's 绩效自评, not its
决算公开, so it gives only the totals; the tables give exactly these:

- 全年预算数 = 全年执行数 716.83: 本年收入合计 = 本年支出合计 716.83, no balances;
- by nature 一般公共预算 591.96, 政府性基金 109.35, 其他收入 15.52. The seed's 591.97 + 109.35 +
  15.52 = 716.84 is 0.01 off its own total 716.83; 一般公共预算 is the part lowered by 0.01, because
  政府性基金 109.35 is stated twice (自评表 and 报告 三) and only with 591.96 do 基本支出 471.83 (all
  一般公共预算) and 项目支出 245 add up to 716.83;
- 基本支出 471.83 = 人员经费 249.85 + 公用经费 221.98 (自评表 and 基础数据表; the report's 452.72 and
  202.87 disagree with them), of which 办公费 5.89, 水费+电费+差旅费 20.07, 会议费+培训费 1.71;
- 项目支出 245 = 业务工作经费 27 (招商引资) + 上级专项资金 218;
- “三公”经费 all 公务接待费: 预算 2, 决算 0.31 (基础数据表).

Constructed, and marked so by the department's notice on every page: the 项 and their
split (政府性基金 and 其他收入 each spent in one 项), every other economic amount, and 年初预算
equal to 决算 per 项 (the seed states 执行率 100%).

Run ``python tests/sample_sui_ning.py`` to rewrite the workbook of examples/sui-ning/.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from factory import WorkbookData, write_workbook
from sample_support import Item, sangong_line, workbook_data

D = Decimal
DEPARTMENT = "绥宁县商务局"
YEAR = 2024
WORKBOOK = (
    Path(__file__).resolve().parent.parent
    / "examples"
    / "sui-ning"
    / "data"
    / str(YEAR)
    / "sui-ning-xian-shang-wu-ju"
    / "决算公开报表.xlsx"
)

ITEMS = [
    Item("2011301", basic=D("236.52")),
    Item("2011308", project=D("27.00")),  # 业务工作经费：招商引资
    Item("2011350", basic=D("128.28")),  # 投资促进事务中心
    Item("2080501", basic=D("29.35")),
    Item("2080505", basic=D("24.16")),
    Item("2080506", basic=D("9.66")),
    Item("2080801", basic=D("12.36")),
    Item("2101101", basic=D("8.95")),
    Item("2101102", basic=D("5.10")),
    Item("2210201", basic=D("17.45")),
    # 上级专项资金 218 (农贸市场 77.70, 企业补助 97.30, 废品回收 14.50, 以旧换新 28.50), paid from
    # 一般公共预算 93.13, 政府性基金 109.35 and 其他收入 15.52 (the split among them is invented)
    Item("2160299", project=D("93.13")),
    Item("2120899", project=D("109.35"), fund="fund"),
    Item("2169999", project=D("15.52"), fund="other"),
]
PERSONNEL = {
    "30101": D("52.80"),
    "30102": D("38.60"),
    "30103": D("14.20"),
    "30107": D("29.40"),
    "30108": D("24.16"),
    "30109": D("9.66"),
    "30110": D("10.85"),
    "30111": D("3.20"),
    "30112": D("1.32"),
    "30113": D("17.45"),
    "30199": D("6.50"),
    "30301": D("16.80"),
    "30302": D("6.40"),
    "30304": D("12.36"),
    "30305": D("3.15"),
    "30307": D("3.00"),
}
PUBLIC = {
    "30201": D("5.89"),
    "30202": D("1.20"),
    "30205": D("1.35"),
    "30206": D("6.42"),
    "30207": D("2.10"),
    "30209": D("8.60"),
    "30211": D("12.30"),
    "30213": D("3.40"),
    "30214": D("18.00"),
    "30215": D("0.65"),
    "30216": D("1.06"),
    "30217": D("0.31"),
    "30226": D("38.50"),
    "30227": D("58.00"),
    "30228": D("4.10"),
    "30229": D("3.60"),
    "30239": D("9.80"),
    "30299": D("44.30"),
    "31002": D("2.40"),
}


def sample_workbook_data() -> WorkbookData:
    sangong = sangong_line(budget={"reception": D("2.00")}, final={"reception": D("0.31")})
    return workbook_data(YEAR, ITEMS, PERSONNEL, PUBLIC, sangong)


def main() -> None:
    WORKBOOK.parent.mkdir(parents=True, exist_ok=True)
    write_workbook(
        WORKBOOK, sample_workbook_data(), table_set="mof9", codes="split", department=DEPARTMENT, year=YEAR
    )
    print(f"已写入 {WORKBOOK}")


if __name__ == "__main__":
    main()
