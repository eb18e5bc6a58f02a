"""The sample department: 渠县商务局 2023 (seed 003), as neutral workbook data.

Every figure that seed 003's 第二部分 states comes out of these tables. Where the seed gives no
detail, the detail is invented and marked so:

- the split of each 项 into 基本支出 and 项目支出 (the seed gives only the totals 849.70 and
  2021.79 for 一般公共预算; the 3.73 of 一般行政管理事务 counted as 基本支出 is invented to meet them);
- every 经济分类 amount of the 基本支出表 (the seed gives only 人员经费 810.46 and 公用经费 39.24 and
  the names of the items);
- 年初预算 equal to 决算 for every 项 (the seed says 完成预算 100% throughout).

The 社会保障和就业支出 类 row stays at the published 175.91 while its 项 add up to 175.92, as in the
seed: a 0.01 rounding difference that ``gongkai check`` reports as 提示.

Run ``python tests/sample_qu_xian.py`` to rewrite the sample workbook under data/.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from factory import Line, WorkbookData, write_workbook

from generator.standard.tables import INCOME_SOURCES

D = Decimal
DEPARTMENT = "渠县商务局"
YEAR = 2023
WORKBOOK = (
    Path(__file__).resolve().parent.parent / "data" / "2023" / "qu-xian-shang-wu-ju" / "决算公开报表.xlsx"
)

CLASSES = {
    "201": "一般公共服务支出",
    "208": "社会保障和就业支出",
    "210": "卫生健康支出",
    "212": "城乡社区支出",
    "213": "农林水支出",
    "216": "商业服务业等支出",
    "221": "住房保障支出",
}
SECTIONS = {
    "20113": "商贸事务",
    "20805": "行政事业单位养老支出",
    "20807": "就业补助",
    "20808": "抚恤",
    "20899": "其他社会保障和就业支出",
    "21011": "行政事业单位医疗",
    "21208": "国有土地使用权出让收入安排的支出",
    "21305": "巩固脱贫衔接乡村振兴",
    "21602": "商业流通事务",
    "21606": "涉外发展服务支出",
    "21699": "其他商业服务业等支出",
    "22102": "住房改革支出",
}
# (code, name, 基本支出, 项目支出) of every 项, 一般公共预算 first, then 政府性基金.
GPB_ITEMS = [
    ("2011301", "行政运行", D("503.07"), D("0")),
    ("2011302", "一般行政管理事务", D("3.73"), D("74.49")),
    ("2011308", "招商引资", D("0"), D("53.20")),
    ("2011350", "事业运行", D("98.38"), D("0")),
    ("2080501", "行政单位离退休", D("15.28"), D("0")),
    ("2080505", "机关事业单位基本养老保险缴费支出", D("56.58"), D("0")),
    ("2080506", "机关事业单位职业年金缴费支出", D("35.99"), D("0")),
    ("2080705", "公益性岗位补贴", D("0"), D("6.29")),
    ("2080801", "死亡抚恤", D("59.81"), D("0")),
    ("2089999", "其他社会保障和就业支出", D("1.97"), D("0")),
    ("2101101", "行政单位医疗", D("14.44"), D("0")),
    ("2101102", "事业单位医疗", D("7.18"), D("0")),
    ("2101103", "公务员医疗补助", D("18.54"), D("0")),
    ("2101199", "其他行政事业单位医疗支出", D("0.35"), D("0")),
    ("2130599", "其他巩固脱贫衔接乡村振兴支出", D("0"), D("3.75")),
    ("2160299", "其他商业流通事务支出", D("0"), D("395.77")),
    ("2160699", "其他涉外发展服务支出", D("0"), D("48.00")),
    ("2169999", "其他商业服务业等支出", D("0"), D("1440.30")),
    ("2210201", "住房公积金", D("34.38"), D("0")),
]
FUND_ITEMS = [("2120899", "其他国有土地使用权出让收入安排的支出", D("0"), D("210.00"))]
# The published 类 row of 社会保障和就业支出: 0.01 below the sum of its 项 (seed 003).
PUBLISHED_CLASS = {"208": (D("169.63"), D("6.28"))}

SUMMARY_EXPENDITURE_CLASSES = [
    ("一般公共服务支出", "201"),
    ("外交支出", None),
    ("国防支出", None),
    ("公共安全支出", None),
    ("教育支出", None),
    ("科学技术支出", None),
    ("文化旅游体育与传媒支出", None),
    ("社会保障和就业支出", "208"),
    ("卫生健康支出", "210"),
    ("节能环保支出", None),
    ("城乡社区支出", "212"),
    ("农林水支出", "213"),
    ("交通运输支出", None),
    ("资源勘探工业信息等支出", None),
    ("商业服务业等支出", "216"),
    ("金融支出", None),
    ("援助其他地区支出", None),
    ("自然资源海洋气象等支出", None),
    ("住房保障支出", "221"),
    ("粮油物资储备支出", None),
    ("国有资本经营预算支出", None),
    ("灾害防治及应急管理支出", None),
    ("其他支出", None),
]
NUMERALS = [
    "一", "二", "三", "四", "五", "六", "七", "八", "九", "十", "十一", "十二", "十三", "十四", "十五",
    "十六", "十七", "十八", "十九", "二十", "二十一", "二十二", "二十三",
]  # fmt: skip

PERSONNEL = [
    ("301", "工资福利支出", None),
    ("30101", "基本工资", D("150.12")),
    ("30102", "津贴补贴", D("180.36")),
    ("30103", "奖金", D("12.50")),
    ("30106", "伙食补助费", D("6.00")),
    ("30107", "绩效工资", D("85.20")),
    ("30108", "机关事业单位基本养老保险缴费", D("56.58")),
    ("30109", "职业年金缴费", D("35.99")),
    ("30112", "其他社会保障缴费", D("40.51")),
    ("30113", "住房公积金", D("34.38")),
    ("30199", "其他工资福利支出", D("20.00")),
    ("303", "对个人和家庭的补助", None),
    ("30301", "离休费", D("5.00")),
    ("30302", "退休费", D("80.00")),
    ("30304", "抚恤金", D("59.81")),
    ("30305", "生活补助", D("8.00")),
    ("30307", "医疗费补助", D("3.00")),
    ("30309", "奖励金", D("1.20")),
    ("30399", "其他对个人和家庭的补助", D("31.81")),
]
PUBLIC = [
    ("302", "商品和服务支出", None),
    ("30201", "办公费", D("6.20")),
    ("30202", "印刷费", D("0.80")),
    ("30203", "咨询费", D("0.50")),
    ("30204", "手续费", D("0.05")),
    ("30205", "水费", D("0.40")),
    ("30206", "电费", D("1.60")),
    ("30207", "邮电费", D("1.10")),
    ("30208", "取暖费", D("0.30")),
    ("30209", "物业管理费", D("2.40")),
    ("30211", "差旅费", D("4.10")),
    ("30213", "维修（护）费", D("1.20")),
    ("30214", "租赁费", D("0.60")),
    ("30215", "会议费", D("0.90")),
    ("30216", "培训费", D("1.00")),
    ("30217", "公务接待费", D("3.50")),
    ("30226", "劳务费", D("1.50")),
    ("30227", "委托业务费", D("1.00")),
    ("30228", "工会经费", D("3.20")),
    ("30229", "福利费", D("2.80")),
    ("30239", "其他交通费用", D("2.70")),
    ("30240", "税金及附加费用", D("0.10")),
    ("30299", "其他商品和服务支出", D("1.00")),
    ("310", "资本性支出", None),
    ("31002", "办公设备购置", D("1.29")),
    ("31003", "专用设备购置", D("0.50")),
    ("31007", "信息网络及软件购置更新", D("0.30")),
    ("31099", "其他资本性支出", D("0.20")),
]


def _sum(values: list[Decimal]) -> Decimal:
    return sum(values, D("0"))


def _hierarchy(items: list[tuple[str, str, Decimal, Decimal]]) -> list[tuple[str, str, Decimal, Decimal]]:
    """类, 款 and 项 rows, depth-first; 类 and 款 are the sums of their 项 unless published otherwise."""
    rows: list[tuple[str, str, Decimal, Decimal]] = []
    for class_code, class_name in CLASSES.items():
        members = [item for item in items if item[0].startswith(class_code)]
        if not members:
            continue
        basic, project = PUBLISHED_CLASS.get(
            class_code, (_sum([m[2] for m in members]), _sum([m[3] for m in members]))
        )
        rows.append((class_code, class_name, basic, project))
        for section_code, section_name in SECTIONS.items():
            section = [m for m in members if m[0].startswith(section_code)]
            if section:
                rows.append(
                    (section_code, section_name, _sum([m[2] for m in section]), _sum([m[3] for m in section]))
                )
                rows.extend(section)
    return rows


def _blank_zero(value: Decimal) -> Decimal | None:
    """Exports leave a zero cell blank."""
    return value if value else None


def _coded(
    rows: list[tuple[str, str, Decimal, Decimal]], columns: dict[str, str], total_name: str = "合计"
) -> list[Line]:
    """Lines of a coded table; ``columns`` maps a column key to "basic", "project" or "total"."""

    def values(basic: Decimal, project: Decimal) -> dict[str, Decimal | str | None]:
        picked = {"basic": basic, "project": project, "total": basic + project}
        return {key: _blank_zero(picked[what]) for key, what in columns.items()}

    classes = [row for row in rows if len(row[0]) == 3]
    total = Line(None, total_name, values(_sum([r[2] for r in classes]), _sum([r[3] for r in classes])))
    return [total, *(Line(code, name, values(basic, project)) for code, name, basic, project in rows)]


def _class_total(rows: list[tuple[str, str, Decimal, Decimal]], code: str) -> Decimal | None:
    for row_code, _, basic, project in rows:
        if row_code == code:
            return basic + project
    return None


def sample_workbook_data() -> WorkbookData:
    gpb = _hierarchy(GPB_ITEMS)
    fund = _hierarchy(FUND_ITEMS)
    everything = _hierarchy(GPB_ITEMS + FUND_ITEMS)
    gpb_total = D("2871.49")
    fund_total = D("210.00")
    total = gpb_total + fund_total
    zero_income = INCOME_SOURCES[2:]  # every source but the two the department has
    summary_income = [
        Line(None, "一、一般公共预算财政拨款收入", {"amount": gpb_total}),
        Line(None, "二、政府性基金预算财政拨款收入", {"amount": fund_total}),
        *(Line(None, f"{NUMERALS[i + 2]}、{name}", {"amount": None}) for i, name in enumerate(zero_income)),
        Line(None, "本年收入合计", {"amount": total}),
        Line(None, "使用非财政拨款结余", {"amount": None}),
        Line(None, "年初结转和结余", {"amount": None}),
        Line(None, "总计", {"amount": total}),
    ]
    summary_expenditure = [
        Line(None, f"{NUMERALS[i]}、{name}", {"amount": _class_total(everything, code) if code else None})
        for i, (name, code) in enumerate(SUMMARY_EXPENDITURE_CLASSES)
    ]
    summary_expenditure += [
        Line(None, "本年支出合计", {"amount": total}),
        Line(None, "结余分配", {"amount": None}),
        Line(None, "年末结转和结余", {"amount": None}),
        Line(None, "总计", {"amount": total}),
    ]
    funds = ["一般公共预算财政拨款", "政府性基金预算财政拨款", "国有资本经营预算财政拨款"]
    fiscal_income = [
        Line(None, "一、一般公共预算财政拨款", {"amount": gpb_total}),
        Line(None, "二、政府性基金预算财政拨款", {"amount": fund_total}),
        Line(None, "三、国有资本经营预算财政拨款", {"amount": None}),
        Line(None, "本年收入合计", {"amount": total}),
        Line(None, "年初财政拨款结转和结余", {"amount": None}),
        *(Line(None, name, {"amount": None}) for name in funds),
        Line(None, "总计", {"amount": total}),
    ]
    fiscal_expenditure = []
    for i, (name, code) in enumerate(SUMMARY_EXPENDITURE_CLASSES):
        amount = _class_total(everything, code) if code else None
        fund_amount = amount if code == "212" else None
        gpb_amount = None if code == "212" else amount
        fiscal_expenditure.append(
            Line(
                None,
                f"{NUMERALS[i]}、{name}",
                {"total": amount, "gpb": gpb_amount, "fund": fund_amount, "soe": None},
            )
        )
    fiscal_expenditure += [
        Line(None, "本年支出合计", {"total": total, "gpb": gpb_total, "fund": fund_total, "soe": None}),
        Line(None, "年末财政拨款结转和结余", {"total": None, "gpb": None, "fund": None, "soe": None}),
        *(Line(None, name, {"total": None, "gpb": None, "fund": None, "soe": None}) for name in funds),
        Line(None, "总计", {"total": total, "gpb": gpb_total, "fund": fund_total, "soe": None}),
    ]
    economic = {"basic": "basic", "project": "project", "total": "total"}
    gpb_lines = _coded(gpb, economic)
    for line in gpb_lines:  # 年初预算 = 决算 (seed: 完成预算 100%)
        line.values["budget"] = line.values["total"]
    project_rows = [row for row in gpb if row[3]]
    fund_lines = _coded(fund, {"project": "project", "total": "total"})
    for line in fund_lines:
        line.values["income"] = line.values["total"]
    return {
        "summary.income": summary_income,
        "summary.expenditure": summary_expenditure,
        "income": _coded(everything, {"total": "total", "fiscal": "total"}),
        "expenditure": _coded(everything, economic),
        "fiscal_summary.income": fiscal_income,
        "fiscal_summary.expenditure": fiscal_expenditure,
        "fiscal_detail": _coded(everything, economic),
        "gpb": gpb_lines,
        "gpb_detail": _coded(gpb, economic),
        "gpb_basic.personnel": [
            *(
                Line(
                    code,
                    name,
                    {"amount": amount or _sum([a for c, _, a in PERSONNEL if a and c.startswith(code)])},
                )
                for code, name, amount in PERSONNEL
            ),
            Line(None, "人员经费合计", {"amount": D("810.46")}),
        ],
        "gpb_basic.public": [
            *(
                Line(
                    code,
                    name,
                    {"amount": amount or _sum([a for c, _, a in PUBLIC if a and c.startswith(code)])},
                )
                for code, name, amount in PUBLIC
            ),
            Line(None, "公用经费合计", {"amount": D("39.24")}),
        ],
        "gpb_project": _coded([(c, n, D("0"), p) for c, n, _, p in project_rows], {"total": "project"}),
        "fund": fund_lines,
        "sangong": [
            Line(
                None,
                "三公经费",
                {
                    f"{phase}_{item}": D("9.00") if item in ("total", "reception") else D("0")
                    for phase in ("budget", "final")
                    for item in (
                        "total",
                        "abroad",
                        "vehicle",
                        "vehicle_purchase",
                        "vehicle_operation",
                        "reception",
                    )
                },
            )
        ],
    }


def main() -> None:
    WORKBOOK.parent.mkdir(parents=True, exist_ok=True)
    write_workbook(WORKBOOK, sample_workbook_data(), table_set="sichuan13", department=DEPARTMENT, year=YEAR)
    print(f"已写入 {WORKBOOK}")


if __name__ == "__main__":
    main()
