"""A synthetic region for the benchmark: a fictional county's department-years as a complete gongkai project.

``prepare(n)`` returns a project directory under ``bench/.cache/``: ``data/site.yaml``, one
``data/<year>/<dept>/`` folder per department-year (department.yaml, the standard workbook of Sichuan's
13 tables, ``evaluation/*.yaml``) and the repository's own mkdocs.yml, templates/ and content/. On it
``gongkai check`` reports no error and no warning: every 勾稽 rule holds by construction.

The region is 临江县 (fictional), published under Sichuan's profile and grading:

- **Shape.** Up to 25 department-years are one year (2024) of N departments; more are spread over five
  years (2020–2024) of ceil(N / 5) departments, those that make up the difference starting a year late
  (N = 10: 10 × 1; N = 100: 20 × 5; N = 500: 100 × 5). Departments come from a catalogue of a county's
  党委、人大政协、政府、政法、群团 and 事业 units, then its towns and town schools (663 in all, so N is at
  most 3,315). A department's first year gives last year's figures in ``prior_year``; later years
  compare with the folder of the year before.
- **Sizes, drawn from real county departments.** 10–40 项 codes in the spending tables (most 12–25):
  the 基本支出 of the unit's own 行政运行/事业运行 and of pensions, medical insurance and housing
  funds, the rest 项目支出 on the unit's own 款 and elsewhere; 基本支出 is about 15 万元 per head of
  8–300 staff, 项目支出 a log-normal multiple of it; some units also spend 政府性基金, 事业收入 or
  其他收入. 0–40 evaluated projects per department-year (8 % none, 65 % 2–10, a few up to 40), each a
  项目支出绩效自评表; 90 % of department-years have a 部门整体 self-evaluation with its 自评分表,
  15 % also a 专项 report.
- **Deterministic.** Each department draws from a generator seeded by (seed, department), each year by
  (seed, department, year): the same arguments write the same files, in any order and in parallel.

Workbooks are printed by the blank-workbook writer (``generator.tools.blank_workbook``), so they are read as
the workbooks staff fill in. Generating is slow (openpyxl, about 0.1 s a workbook): ``prepare`` keeps
each region under ``bench/.cache/region-<N>-<hash>/``, the hash covering the seed and the source of this
module and of ``generator/tools/blank_workbook.py``, and copies the shell (mkdocs.yml, templates/,
content/) afresh each time so that template changes are always measured.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import math
import os
import shutil
import tempfile
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cache
from pathlib import Path
from random import Random
from typing import Any, Literal

import openpyxl
import yaml

from generator.evaluation.scoring import points
from generator.numbers import HUNDRED, ZERO, money, q2
from generator.pages.environment import chinese_numeral
from generator.readers.workbook import FUND_NAMES
from generator.rules.residue import template_residue
from generator.standard.classification import Classification, load_classification
from generator.standard.tables import INCOME_SOURCES, table_specs
from generator.standard.totals import KINDS_WITH_OPERATING_COSTS
from generator.tools import blank_workbook as template
from generator.tools.blank_workbook import Line, PrintLayout, SheetWriter

REPO = Path(__file__).resolve().parent.parent
CACHE = Path(__file__).resolve().parent / ".cache"
DEFAULT_SEED = 6
LAST_YEAR = 2024
YEARS = 5
ONE_YEAR_UP_TO = 25  # department-years; beyond, the region spans YEARS years
COUNTY = "临江县"
COUNTY_SLUG = "lin-jiang-xian"
PROFILE = "sichuan"
SHELL = ("mkdocs.yml", "templates", "content")
# The sources that make a cached region stale: this generator and the workbook writer it prints with.
SOURCES = (Path(__file__), REPO / "generator" / "tools" / "blank_workbook.py")

Kind = Literal["行政", "参公", "事业"]
Fund = Literal["gpb", "fund", "business", "other"]  # 一般公共预算, 政府性基金, 事业收入, 其他收入
FISCAL: tuple[Fund, ...] = ("gpb", "fund")
INCOME_ROW: dict[Fund, str] = {
    "gpb": INCOME_SOURCES[0],
    "fund": INCOME_SOURCES[1],
    "business": "事业收入",
    "other": "其他收入",
}
D = Decimal


# ---------------------------------------------------------------- the departments


@dataclass(frozen=True)
class Unit:
    """One synthetic department: who it is and where its money goes."""

    name: str  # 临江县财政局
    slug: str  # lin-jiang-xian-cai-zheng-ju
    kind: Kind
    home: str  # the 款 of its own function, e.g. 20106 财政事务
    basic: str  # the 项 its 基本支出 runs on (行政运行, 事业运行, 小学教育 …)
    group: str  # 系统: 党委部门, 人大政协, 政府部门, 政法机关, 群团组织, 事业单位, 乡镇
    area: str  # what it works on, for the generated prose: 财政管理


def group_of(unit: Unit) -> str:
    """The group (系统) of a synthetic department: department.yaml's ``group``."""
    return unit.group


# The county's own units, by group: name ({c}: the county), slug after the county's, kind, home 款, area,
# and the 项 of its 基本支出 when not the home 款's 行政运行 (事业运行 for a 事业 unit whose 款 has one).
CATALOGUE = """
党委部门
    中共{c}委办公室 wei-ban-gong-shi 行政 20131 党委日常事务
    中共{c}纪律检查委员会 ji-wei 行政 20111 纪检监察
    中共{c}委组织部 wei-zu-zhi-bu 行政 20132 组织人事
    中共{c}委宣传部 wei-xuan-chuan-bu 行政 20133 宣传思想
    中共{c}委统战部 wei-tong-zhan-bu 行政 20134 统一战线
    中共{c}委政法委员会 wei-zheng-fa-wei 行政 20136 政法综治
    中共{c}委网络安全和信息化委员会办公室 wei-wang-xin-ban 行政 20137 网络安全
    中共{c}委党校 wei-dang-xiao 事业 20136 干部教育培训
    {c}档案馆 dang-an-guan 事业 20126 档案管理
人大政协
    {c}人大常委会办公室 ren-da-chang-wei-hui-ban-gong-shi 行政 20101 人大代表联络
    政协{c}委员会办公室 zheng-xie-ban-gong-shi 行政 20102 政协履职
政府部门
    {c}人民政府办公室 ren-min-zheng-fu-ban-gong-shi 行政 20103 政务服务
    {c}发展和改革局 fa-zhan-he-gai-ge-ju 行政 20104 经济发展和改革
    {c}统计局 tong-ji-ju 行政 20105 统计调查
    {c}财政局 cai-zheng-ju 行政 20106 财政管理
    {c}审计局 shen-ji-ju 行政 20108 审计监督
    {c}商务局 shang-wu-ju 行政 20113 商务发展
    {c}市场监督管理局 shi-chang-jian-du-guan-li-ju 行政 20138 市场监管
    {c}公安局 gong-an-ju 行政 20402 社会治安
    {c}司法局 si-fa-ju 行政 20406 司法行政
    {c}教育局 jiao-yu-ju 行政 20501 教育管理
    {c}科学技术局 ke-xue-ji-shu-ju 行政 20601 科技创新
    {c}文化广播电视和旅游局 wen-hua-guang-bo-dian-shi-he-lv-you-ju 行政 20701 文化和旅游
    {c}人力资源和社会保障局 ren-li-zi-yuan-he-she-hui-bao-zhang-ju 行政 20801 就业和社会保障
    {c}民政局 min-zheng-ju 行政 20802 民政服务
    {c}退役军人事务局 tui-yi-jun-ren-shi-wu-ju 行政 20828 退役军人服务
    {c}卫生健康局 wei-sheng-jian-kang-ju 行政 21001 卫生健康
    {c}医疗保障局 yi-liao-bao-zhang-ju 行政 21015 医疗保障
    {c}生态环境局 sheng-tai-huan-jing-ju 行政 21101 生态环境保护
    {c}住房和城乡建设局 zhu-fang-he-cheng-xiang-jian-she-ju 行政 21201 城乡建设
    {c}城市管理局 cheng-shi-guan-li-ju 行政 21201 城市管理
    {c}农业农村局 nong-ye-nong-cun-ju 行政 21301 农业农村
    {c}林业局 lin-ye-ju 行政 21302 林业和草原
    {c}水利局 shui-li-ju 行政 21303 水利建设
    {c}乡村振兴局 xiang-cun-zhen-xing-ju 行政 21305 乡村振兴
    {c}交通运输局 jiao-tong-yun-shu-ju 行政 21401 交通运输
    {c}经济和信息化局 jing-ji-he-xin-xi-hua-ju 行政 21505 工业和信息化
    {c}自然资源局 zi-ran-zi-yuan-ju 行政 22001 自然资源管理
    {c}应急管理局 ying-ji-guan-li-ju 行政 22401 应急管理
    {c}机关事务服务中心 ji-guan-shi-wu-fu-wu-zhong-xin 参公 20103 机关事务 2010303
    {c}气象局 qi-xiang-ju 参公 22005 气象服务
政法机关
    {c}人民法院 ren-min-fa-yuan 行政 20405 审判执行
    {c}人民检察院 ren-min-jian-cha-yuan 行政 20404 检察监督
群团组织
    {c}总工会 zong-gong-hui 参公 20129 职工服务
    共青团{c}委员会 tuan-wei 参公 20129 青少年服务
    {c}妇女联合会 fu-nv-lian-he-hui 参公 20129 妇女儿童
    {c}科学技术协会 ke-xue-ji-shu-xie-hui 参公 20607 科学普及
    {c}残疾人联合会 can-ji-ren-lian-he-hui 参公 20811 残疾人服务
    {c}工商业联合会 gong-shang-ye-lian-he-hui 参公 20128 民营经济服务
    {c}红十字会 hong-shi-zi-hui 参公 20816 人道救助
事业单位
    {c}融媒体中心 rong-mei-ti-zhong-xin 事业 20708 新闻宣传 2070899
    {c}疾病预防控制中心 ji-bing-yu-fang-kong-zhi-zhong-xin 事业 21004 疾病预防控制 2100401
    {c}人民医院 ren-min-yi-yuan 事业 21002 医疗服务 2100201
    {c}中医医院 zhong-yi-yi-yuan 事业 21002 中医医疗 2100202
    {c}妇幼保健院 fu-you-bao-jian-yuan 事业 21004 妇幼保健 2100403
    {c}第一中学 di-yi-zhong-xue 事业 20502 高中教育 2050204
    {c}实验小学 shi-yan-xiao-xue 事业 20502 小学教育 2050202
    {c}职业中学 zhi-ye-zhong-xue 事业 20503 职业教育 2050302
    {c}特殊教育学校 te-shu-jiao-yu-xue-xiao 事业 20507 特殊教育 2050701
    {c}教师进修学校 jiao-shi-jin-xiu-xue-xiao 事业 20508 教师培训 2050801
    {c}图书馆 tu-shu-guan 事业 20701 公共阅读服务 2070199
    {c}文化馆 wen-hua-guan 事业 20701 群众文化 2070109
    {c}公路事务中心 gong-lu-shi-wu-zhong-xin 事业 21401 公路养护 2140106
"""
# Town names: one syllable of each list (镇 and 中心小学 of each town).
# fmt: off
TOWN_HEADS = [
    ("青", "qing"), ("石", "shi"), ("龙", "long"), ("白", "bai"), ("黄", "huang"), ("金", "jin"),
    ("高", "gao"), ("新", "xin"), ("安", "an"), ("平", "ping"), ("东", "dong"), ("南", "nan"),
    ("北", "bei"), ("长", "chang"), ("永", "yong"), ("太", "tai"), ("双", "shuang"), ("柳", "liu"),
    ("桃", "tao"), ("文", "wen"),
]
TOWN_TAILS = [
    ("山", "shan"), ("河", "he"), ("坝", "ba"), ("溪", "xi"), ("桥", "qiao"), ("林", "lin"),
    ("田", "tian"), ("岭", "ling"), ("坪", "ping"), ("滩", "tan"), ("口", "kou"), ("湾", "wan"),
    ("丰", "feng"), ("兴", "xing"), ("场", "chang"),
]
# fmt: on


def _unit(
    name: str, slug: str, kind: Kind, home: str, group: str, area: str, basic: str | None = None
) -> Unit:
    names = load_classification(LAST_YEAR)
    if basic is None:
        own = home + "50"
        basic = own if kind == "事业" and names.functional(own) else home + "01"
    for code in (home, basic):
        if names.functional(code) is None:
            raise ValueError(f"科目 {code} of {name} is not in the classification")
    return Unit(name.format(c=COUNTY), f"{COUNTY_SLUG}-{slug}", kind, home, basic, group, area)


def catalogue() -> list[Unit]:
    units = []
    for line in CATALOGUE.strip().splitlines():
        if not line.startswith(" "):
            group = line
            continue
        name, slug, kind, home, area, *basic = line.split()
        units.append(_unit(name, slug, kind, home, group, area, *basic))  # type: ignore[arg-type]
    return units


def all_units(seed: int) -> list[Unit]:
    """The catalogue, then every town (in an order drawn from the seed), then every town's school."""
    towns = [(head + tail, f"{a}-{b}") for head, a in TOWN_HEADS for tail, b in TOWN_TAILS]
    Random(f"{seed}/towns").shuffle(towns)
    return [
        *catalogue(),
        *(
            _unit(f"{{c}}{town}镇人民政府", f"{slug}-zhen", "行政", "20103", "乡镇", "乡镇社会治理")
            for town, slug in towns
        ),
        *(
            _unit(
                f"{{c}}{town}镇中心小学",
                f"{slug}-zhen-zhong-xin-xiao-xue",
                "事业",
                "20502",
                "事业单位",
                "小学教育",
                "2050202",
            )
            for town, slug in towns
        ),
    ]


def region_plan(n: int, seed: int = DEFAULT_SEED, years: int | None = None) -> list[tuple[Unit, list[int]]]:
    """The departments of a region of ``n`` department-years and the years each publishes.

    ``years`` overrides the span (1 up to 25 department-years, else 5); the departments that make the
    count exact (``ceil(n / years) * years - n`` of them) start one year late.
    """
    span = years or (1 if n <= ONE_YEAR_UP_TO else YEARS)
    count = math.ceil(n / span)
    units = all_units(seed)
    if count > len(units):
        raise ValueError(f"a region has at most {len(units) * span} department-years over {span} years")
    # up to a county's 100, a sample of the catalogue and the first towns; beyond, everything in turn
    pool = units[: max(count, 100)]
    chosen = sorted(Random(f"{seed}/units").sample(pool, count), key=lambda unit: unit.slug)
    late = count * span - n
    first = LAST_YEAR - span + 1
    return [(unit, list(range(first + (i < late), LAST_YEAR + 1))) for i, unit in enumerate(chosen)]


# ---------------------------------------------------------------- amounts


def split(total: Decimal, weights: Sequence[float]) -> list[Decimal]:
    """``total`` in parts proportional to ``weights``, each at least 0.01, adding up to it to the cent."""
    cents = int(total * 100)
    if cents < len(weights):
        raise ValueError(f"{total} cannot be split in {len(weights)} parts")
    whole = sum(weights)
    parts = [max(1, int(cents * weight / whole)) for weight in weights]
    largest = max(range(len(parts)), key=parts.__getitem__)
    parts[largest] += cents - sum(parts)
    return [D(part).scaleb(-2) for part in parts]


def amount(rng: Random, low: float, high: float) -> Decimal:
    return q2(D(str(rng.uniform(low, high))))


def scaled(value: Decimal, rng: Random, low: float, high: float) -> Decimal:
    return q2(value * D(str(rng.uniform(low, high))))


@dataclass(frozen=True)
class Spending:
    """What one 项 spent from one source of funds in a year (万元); ``budget``: its 年初预算."""

    code: str
    fund: Fund
    basic: Decimal = ZERO
    project: Decimal = ZERO
    budget: Decimal = ZERO  # of 一般公共预算 spending only

    @property
    def total(self) -> Decimal:
        return self.basic + self.project


@dataclass(frozen=True)
class Project:
    """An evaluated project: its name, the 项 it is paid from, its 调整后预算."""

    name: str
    code: str
    amount: Decimal


SANGONG_PARTS = ("abroad", "vehicle_purchase", "vehicle_operation", "reception")
# The 公用经费 款 each 三公 item is booked to (rule X-8 holds them within the 三公 决算数).
SANGONG_ECONOMIC = {
    "abroad": "30212",
    "vehicle_purchase": "31013",
    "vehicle_operation": "30231",
    "reception": "30217",
}
# fmt: off
PERSONNEL_WEIGHTS = {
    "30101": 25, "30102": 20, "30103": 8, "30106": 1, "30107": 12, "30108": 10, "30109": 4, "30110": 5,
    "30111": 1, "30112": 1, "30113": 7, "30199": 2, "30302": 3, "30305": 2, "30307": 1, "30309": 1,
}
PUBLIC_WEIGHTS = {
    "30201": 8, "30202": 2, "30205": 2, "30206": 5, "30207": 3, "30209": 6, "30211": 6, "30213": 5,
    "30214": 2, "30215": 1, "30216": 2, "30218": 3, "30226": 8, "30227": 6, "30228": 4, "30229": 3,
    "30239": 10, "30299": 5, "31002": 3, "31007": 2,
}
# fmt: on
FUND_ITEMS = ("2120801", "2120802", "2120803", "2120804", "2120805", "2120806", "2120899")


@dataclass(frozen=True)
class Profile:
    """What stays the same for a department from year to year."""

    unit: Unit
    index: int  # its place in the region: the department code
    staff: int
    basic_codes: dict[str, float]  # 项 → share of the 基本支出
    project_codes: list[str]
    project_ratio: float  # 项目支出 / 基本支出 in an average year
    fund_codes: list[str]  # 政府性基金 项, mostly none
    business: bool  # 事业收入 spent on its own 项
    other_code: str | None  # the 项 其他收入 is spent on, if any
    personnel: list[str]  # economic 款 of the 人员经费
    public: list[str]  # of the 公用经费, besides the 三公 ones
    vehicles: dict[str, int]  # held, by type
    abroad: bool
    split_codes: bool  # 科目编码 printed in 类 | 款 | 项 columns
    offices: list[str]
    subordinate: str | None  # a 二级单位
    leader: str  # 项目负责人 of its evaluations
    finance_leader: str


SURNAMES = "王李张刘陈杨黄赵周吴徐孙马朱胡郭何罗高林"
GIVEN_NAMES = ["建国", "志强", "海燕", "晓东", "丽", "明", "伟", "芳", "勇", "静", "军", "红梅"]
OFFICES = ["办公室", "综合股", "计划财务股", "政策法规股", "业务管理股", "监督检查股", "信息中心", "人事股"]


def draw_profile(unit: Unit, index: int, seed: int) -> Profile:
    rng = Random(f"{seed}/{unit.slug}")
    names = load_classification(LAST_YEAR)
    administrative = unit.kind in KINDS_WITH_OPERATING_COSTS
    basic_codes = {
        unit.basic: 6.0,
        "2080505": 1.0,
        "2080506": 0.4,
        "2210201": 0.8,
        "2101101" if administrative else "2101102": 0.6,
        "2080501" if administrative else "2080502": 0.3,
    }
    if administrative:
        basic_codes["2101103"] = 0.2
    codes = round(rng.triangular(10, 40, 12))
    every = [code for code in _items(names) if code not in basic_codes and code not in FUND_ITEMS]
    own = [code for code in every if code.startswith(unit.home)]
    related = [code for code in every if code[:3] == unit.home[:3] and code not in own]
    rest = [code for code in every if code[:3] != unit.home[:3]]
    wanted = codes - len(basic_codes)
    project_codes = rng.sample(own, min(len(own), max(1, wanted // 3)))
    more = wanted - len(project_codes)
    nearby = rng.sample(related, min(len(related), more // 2))
    project_codes += nearby + rng.sample(rest, more - len(nearby))
    staff = round(rng.triangular(8, 120, 25) if unit.kind != "事业" else rng.triangular(15, 300, 60))
    vehicles = {"sedan": 0, "suv": 0, "bus": 0}
    if rng.random() < 0.55:
        vehicles = {"sedan": rng.randint(0, 1), "suv": rng.randint(1, 3), "bus": rng.randint(0, 1)}
    return Profile(
        unit=unit,
        index=index,
        staff=staff,
        basic_codes=basic_codes,
        project_codes=sorted(project_codes),
        project_ratio=min(12.0, max(0.05, rng.lognormvariate(math.log(0.8), 0.9))),
        fund_codes=sorted(rng.sample(FUND_ITEMS, rng.randint(1, 3))) if rng.random() < 0.2 else [],
        business=unit.kind == "事业" and rng.random() < 0.6,
        other_code=rng.choice(project_codes) if rng.random() < 0.2 else None,
        personnel=sorted(rng.sample(sorted(PERSONNEL_WEIGHTS), rng.randint(8, 13))),
        public=sorted(rng.sample(sorted(PUBLIC_WEIGHTS), rng.randint(8, 16))),
        vehicles=vehicles,
        abroad=rng.random() < 0.04,
        split_codes=rng.random() < 0.3,
        offices=rng.sample(OFFICES, rng.randint(3, 6)),
        subordinate=f"{COUNTY}{unit.area.removesuffix('服务')}服务中心" if rng.random() < 0.3 else None,
        leader=person(rng),
        finance_leader=person(rng),
    )


def person(rng: Random) -> str:
    return rng.choice(SURNAMES) + rng.choice(GIVEN_NAMES)


@cache
def _items(names: Classification) -> list[str]:
    """Every 项 a county department may spend 项目支出 on: not 国有资本经营 or 其他支出 (above 224), and
    not the 行政运行 and 事业运行 of a 款, which carry 基本支出 only."""
    subjects = (names.functional(str(code)) for code in range(2010000, 2250000))
    return [
        subject.code
        for subject in subjects
        if subject is not None and subject.level == 3 and subject.name not in ("行政运行", "事业运行")
    ]


@dataclass
class Ledger:
    """One department-year's accounts: every table and figure of its disclosure follows from them."""

    year: int
    spending: list[Spending]
    personnel: dict[str, Decimal]  # 款 → 决算数
    public: dict[str, Decimal]
    sangong_budget: dict[str, Decimal]  # SANGONG_PARTS → amount
    sangong_final: dict[str, Decimal]
    projects: list[Project] = field(default_factory=list)

    def spent(self, funds: Iterable[Fund] | None = None, part: str = "total") -> Decimal:
        chosen = set(funds) if funds is not None else None
        return sum((getattr(s, part) for s in self.spending if chosen is None or s.fund in chosen), ZERO)

    def sangong(self, phase: Literal["budget", "final"]) -> dict[str, Decimal]:
        """The 三公 items with their subtotals (vehicle, total), as the table prints them."""
        given = self.sangong_budget if phase == "budget" else self.sangong_final
        items = {part: given.get(part, ZERO) for part in SANGONG_PARTS}
        items["vehicle"] = items["vehicle_purchase"] + items["vehicle_operation"]
        items["total"] = items["abroad"] + items["vehicle"] + items["reception"]
        return items


def evaluated_count(rng: Random) -> int:
    """How many projects a department-year evaluates: most 2–10, some none, a few up to 40."""
    roll = rng.random()
    if roll < 0.08:
        return 0
    if roll < 0.15:
        return 1
    if roll < 0.80:
        return rng.randint(2, 10)
    if roll < 0.95:
        return rng.randint(11, 20)
    return rng.randint(21, 40)


def draw_ledger(profile: Profile, year: int, seed: int) -> Ledger:
    rng = Random(f"{seed}/{profile.unit.slug}/{year}")
    sangong_final = _sangong_final(profile, rng)
    sangong_budget = {
        part: value if rng.random() < 0.5 else scaled(value, rng, 1.0, 1.4)
        for part, value in sangong_final.items()
    }
    basic = amount(rng, 13, 18) * profile.staff
    others = sorted(profile.public)
    public_rest = max(scaled(basic, rng, 0.06, 0.16), D(len(others)))
    public = dict(
        zip(
            others,
            split(public_rest, [PUBLIC_WEIGHTS[c] * rng.uniform(0.5, 1.5) for c in others]),
            strict=True,
        )
    )
    for part, value in sangong_final.items():
        if value:
            public[SANGONG_ECONOMIC[part]] = value
    public_total = sum(public.values(), ZERO)
    basic = max(basic, q2(public_total * 3))
    people = profile.personnel
    personnel = dict(
        zip(
            people,
            split(basic - public_total, [PERSONNEL_WEIGHTS[c] * rng.uniform(0.7, 1.3) for c in people]),
            strict=True,
        )
    )
    spending: list[Spending] = []
    codes = sorted(profile.basic_codes)
    for code, value in zip(
        codes, split(basic, [profile.basic_codes[c] * rng.uniform(0.8, 1.2) for c in codes]), strict=True
    ):
        spending.append(Spending(code, "gpb", basic=value, budget=_budget(value, rng)))
    project_total = scaled(basic, rng, 0.7 * profile.project_ratio, 1.3 * profile.project_ratio)
    weights = [rng.lognormvariate(0, 1.2) for _ in profile.project_codes]
    gpb_projects = dict(zip(profile.project_codes, split(project_total, weights), strict=True))
    spending += [
        Spending(c, "gpb", project=value, budget=_budget(value, rng)) for c, value in gpb_projects.items()
    ]
    if profile.fund_codes:
        fund_total = scaled(project_total, rng, 0.1, 1.0)
        weights = [rng.uniform(0.5, 1.5) for _ in profile.fund_codes]
        spending += [
            Spending(c, "fund", project=v)
            for c, v in zip(profile.fund_codes, split(fund_total, weights), strict=True)
        ]
    if profile.business:
        spending.append(Spending(profile.unit.basic, "business", basic=scaled(basic, rng, 0.05, 0.4)))
    if profile.other_code:
        spending.append(Spending(profile.other_code, "other", project=amount(rng, 1, 30)))
    return Ledger(
        year=year,
        spending=spending,
        personnel=personnel,
        public=public,
        sangong_budget=sangong_budget,
        sangong_final=sangong_final,
        projects=_projects(profile, year, gpb_projects, rng),
    )


def _budget(final: Decimal, rng: Random) -> Decimal:
    """年初预算: the 决算 for most 项, else within ±25 % of it (the department then states why)."""
    return final if rng.random() < 0.7 else max(D("0.01"), scaled(final, rng, 0.75, 1.25))


def _sangong_final(profile: Profile, rng: Random) -> dict[str, Decimal]:
    held = sum(profile.vehicles.values())
    final = {part: ZERO for part in SANGONG_PARTS}
    if rng.random() < 0.9:
        final["reception"] = amount(rng, 0.2, 9)
    if held:
        final["vehicle_operation"] = scaled(D(held), rng, 1.2, 3.5)
        if rng.random() < 0.05:
            final["vehicle_purchase"] = amount(rng, 12, 25)
    if profile.abroad:
        final["abroad"] = amount(rng, 1.5, 8)
    return final


# fmt: off
TOPICS = [
    "业务工作经费", "信息化建设和运行维护经费", "专项业务培训经费", "宣传工作经费", "党建工作经费",
    "档案数字化经费", "办公设备购置经费", "聘用人员经费", "法律顾问服务经费", "调研课题经费",
    "应急物资储备经费", "公共服务平台运行经费", "安全生产工作经费", "专项检查工作经费",
    "重点项目前期工作经费", "执法装备购置经费", "基层站所建设经费", "人才引进经费", "表彰奖励经费",
    "志愿服务活动经费", "监测设备运行维护经费", "政府购买服务经费", "会议保障经费", "督查督办工作经费",
    "第三方评估经费", "数据采集经费", "网络安全保障经费", "老旧设施维修改造经费", "标准化建设经费",
    "综合治理工作经费",
]
# fmt: on


def _projects(profile: Profile, year: int, amounts: dict[str, Decimal], rng: Random) -> list[Project]:
    """The evaluated projects: each paid from one 项 of the 项目支出, sharing it with the 项's others."""
    count = evaluated_count(rng)
    area = profile.unit.area
    # not "网络安全网络安全保障经费": rule Y-8 takes a doubled word for template residue
    usable = [topic for topic in TOPICS if not template_residue(area + topic)]
    topics = rng.sample(usable, len(usable))
    names = [
        f"{year} 年{area}{topics[i % len(topics)]}" + ("（二期）" if i >= len(topics) else "")
        for i in range(count)
    ]
    codes = sorted(amounts, key=lambda code: -amounts[code])
    by_code: dict[str, list[str]] = {}
    for i, name in enumerate(names):
        by_code.setdefault(codes[i % len(codes)], []).append(name)
    projects = []
    for code, shared in by_code.items():
        funded = max(D("0.01") * len(shared), scaled(amounts[code], rng, 0.5, 0.95))
        weights = [rng.uniform(0.5, 1.5) for _ in shared]
        projects += [
            Project(name, code, value) for name, value in zip(shared, split(funded, weights), strict=True)
        ]
    return sorted(projects, key=lambda project: names.index(project.name))


# ---------------------------------------------------------------- the workbook


Values = dict[str, Decimal | str | None]
Sums = dict[str | None, dict[str, Decimal]]  # code (None: 合计) → column → amount


def blank(value: Decimal) -> Decimal | None:
    """Exports leave a zero cell blank."""
    return value or None


def rollup(spending: Iterable[Spending], columns: Callable[[Spending], dict[str, Decimal]]) -> Sums:
    """Each column summed over the 合计, every 类, 款 and 项 the spending reaches."""
    sums: Sums = {}
    for item in spending:
        values = columns(item)
        for code in (None, item.code[:3], item.code[:5], item.code):
            row = sums.setdefault(code, {})
            for key, value in values.items():
                row[key] = row.get(key, ZERO) + value
    return sums


def coded(sums: Sums, names: Classification) -> list[Line]:
    """合计 first, then 类, 款 and 项 depth-first (sorting the codes as text puts each under its parent)."""
    lines = [Line(None, "合计", {key: blank(value) for key, value in sums.get(None, {}).items()})]
    for code in sorted(code for code in sums if code is not None):
        subject = names.functional(code)
        assert subject is not None, code
        lines.append(Line(code, subject.name, {key: blank(value) for key, value in sums[code].items()}))
    return lines


def economic(amounts: dict[str, Decimal], names: Classification, total_label: str) -> list[Line]:
    rows = dict(amounts)
    for code, value in amounts.items():
        rows[code[:3]] = rows.get(code[:3], ZERO) + value
    lines = []
    for code in sorted(rows):
        subject = names.economic(code)
        assert subject is not None, code
        lines.append(Line(code, subject.name, {"amount": rows[code]}))
    return [*lines, Line(None, total_label, {"amount": sum(amounts.values(), ZERO)})]


def labelled(table_id: str, year: int, values: Callable[[str], Values]) -> list[Line]:
    """A summary panel with the template's own row labels, each filled by ``values(label)``."""
    (spec,) = [spec for spec in table_specs().values() if table_id in {lg.id for lg in spec.logical}]
    return [Line(None, line.name, values(line.name)) for line in template.blank_lines(spec, year)[table_id]]


def unnumbered(label: str) -> str:
    """ "二、政府性基金预算财政拨款收入" → "政府性基金预算财政拨款收入"."""
    return label.split("、", 1)[-1]


def workbook_data(ledger: Ledger) -> dict[str, list[Line]]:
    """Every table of the 13-table set, from the ledger; income equals spending, no balances."""
    year = ledger.year
    names = load_classification(year)
    spending = ledger.spending
    fiscal = [s for s in spending if s.fund in FISCAL]
    gpb = [s for s in spending if s.fund == "gpb"]
    funds = {fund: ledger.spent([fund]) for fund in INCOME_ROW}
    total = ledger.spent()
    fiscal_total = ledger.spent(FISCAL)
    by_class = rollup(spending, lambda s: {s.fund: s.total, "total": s.total})
    kinds = {"total": lambda s: s.total, "basic": lambda s: s.basic, "project": lambda s: s.project}

    def parts(item: Spending) -> dict[str, Decimal]:
        return {key: part(item) for key, part in kinds.items()}

    def summary_income(label: str) -> Values:
        name = unnumbered(label)
        by_source = {row: funds[fund] for fund, row in INCOME_ROW.items()}
        if name in by_source:
            return {"amount": blank(by_source[name])}
        return {"amount": total if label in ("本年收入合计", "总计") else None}

    def class_of(label: str) -> dict[str, Decimal]:
        code = names.class_code_for_label(label)
        return by_class.get(code, {}) if code else {}

    def summary_expenditure(label: str) -> Values:
        if label in ("本年支出合计", "总计"):
            return {"amount": total}
        return {"amount": blank(class_of(label).get("total", ZERO))}

    def fiscal_income(label: str) -> Values:
        if label in ("本年收入合计", "总计"):
            return {"amount": fiscal_total}
        by_fund = {FUND_NAMES[0]: funds["gpb"], FUND_NAMES[1]: funds["fund"]}
        numbered = label != unnumbered(label)  # the fund rows under 年初结转和结余 are not numbered
        return {"amount": blank(by_fund.get(unnumbered(label), ZERO)) if numbered else None}

    def fiscal_expenditure(label: str) -> Values:
        if label in ("本年支出合计", "总计"):
            return {"total": fiscal_total, "gpb": funds["gpb"], "fund": blank(funds["fund"]), "soe": None}
        row = class_of(label)
        gpb_part, fund_part = row.get("gpb", ZERO), row.get("fund", ZERO)
        return {
            "total": blank(gpb_part + fund_part),
            "gpb": blank(gpb_part),
            "fund": blank(fund_part),
            "soe": None,
        }

    def income(item: Spending) -> dict[str, Decimal]:
        source = "fiscal" if item.fund in FISCAL else item.fund
        return {"total": item.total, source: item.total}

    projects = [s for s in gpb if s.project]
    data = {
        "summary.income": labelled("summary.income", year, summary_income),
        "summary.expenditure": labelled("summary.expenditure", year, summary_expenditure),
        "income": coded(rollup(spending, income), names),
        "expenditure": coded(rollup(spending, parts), names),
        "fiscal_summary.income": labelled("fiscal_summary.income", year, fiscal_income),
        "fiscal_summary.expenditure": labelled("fiscal_summary.expenditure", year, fiscal_expenditure),
        "fiscal_detail": coded(rollup(fiscal, parts), names),
        "gpb": coded(rollup(gpb, lambda s: {"budget": s.budget, **parts(s)}), names),
        "gpb_detail": coded(rollup(gpb, parts), names),
        "gpb_basic.personnel": economic(ledger.personnel, names, "人员经费合计"),
        "gpb_basic.public": economic(ledger.public, names, "公用经费合计"),
        "gpb_project": coded(rollup(projects, lambda s: {"total": s.project}), names),
        "sangong": [_sangong_line(ledger)],
    }
    fund = [s for s in spending if s.fund == "fund"]
    if fund:
        data["fund"] = coded(rollup(fund, lambda s: {"income": s.total, **parts(s)}), names)
    return data


def _sangong_line(ledger: Ledger) -> Line:
    values: Values = {}
    for phase in ("budget", "final"):
        values.update({f"{phase}_{key}": value for key, value in ledger.sangong(phase).items()})  # type: ignore[arg-type]
    return Line(None, "三公经费", values)


def write_workbook(path: Path, ledger: Ledger, profile: Profile) -> None:
    """The standard workbook of Sichuan's 13 tables, printed by the template's writer."""
    layout = PrintLayout(
        codes="split" if profile.split_codes else "single", department=profile.unit.name, year=ledger.year
    )
    data = workbook_data(ledger)
    book = openpyxl.Workbook()
    book.remove(book.active)  # type: ignore[arg-type]
    for number, spec, title in template.standard_tables(PROFILE):
        sheet = SheetWriter(layout, title)
        template.write_table(sheet, spec, data)
        sheet.note(template.standard_note(layout, title))
        sheet.save(book.create_sheet(template.public_sheet_name(number)))
    book.save(path)


# ---------------------------------------------------------------- YAML


class _Dumper(yaml.SafeDumper):
    """Amounts as written in a YAML file (26.60, not a float), paragraphs as literal blocks, no aliases."""

    def ignore_aliases(self, data: Any) -> bool:  # noqa: ARG002 (PyYAML's signature)
        return True


def _decimal(dumper: yaml.SafeDumper, value: Decimal) -> yaml.Node:
    text = f"{value:f}"
    return dumper.represent_scalar(
        "tag:yaml.org,2002:float" if "." in text else "tag:yaml.org,2002:int", text
    )


def _text(dumper: yaml.SafeDumper, value: str) -> yaml.Node:
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style="|" if "\n" in value else None)


_Dumper.add_representer(Decimal, _decimal)
_Dumper.add_representer(str, _text)


def write_yaml(path: Path, data: dict[str, Any], heading: str) -> None:
    # no line folding: a folded Chinese line would read back with a space in it
    text = yaml.dump(data, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=2**20)
    path.write_text(f"# {heading}（合成数据，bench/synthetic.py 生成）\n{text}", encoding="utf-8")


def paragraphs(*texts: str) -> str:
    return "\n\n".join(texts)


# ---------------------------------------------------------------- department.yaml


DUTIES = [
    "贯彻执行国家、省、市关于{area}工作的方针政策和法律法规，拟订全县{area}工作的规划和措施并组织实施",
    "负责全县{area}领域的统筹协调和监督管理，研究解决{area}工作中的重大问题",
    "承担全县{area}方面的公共服务，组织开展相关宣传、培训和信息公开工作",
    "负责{area}情况的统计监测和分析研判，为县委、县政府决策提供依据",
    "负责本系统的财务、资产、人事和党建工作，指导所属单位开展业务",
    "完成县委、县政府交办的其他任务",
]
CHANGE_REASONS = [
    "预算项目调整",
    "新增{area}专项工作经费",
    "在职人员减少，人员经费相应减少",
    "上年安排的一次性项目本年未再安排",
    "落实过紧日子要求，压减一般性支出",
    "人员调资晋级，人员经费增加",
]
ITEM_REASONS = [
    "年中追加{area}工作经费",
    "按实际工作需要调整预算",
    "项目按进度支付，结余资金收回财政",
    "人员变动和调资晋级进行工资清算",
]
PURPOSES = [
    "{area}业务工作和专项任务",
    "{area}领域的项目建设和运行维护",
    "{area}相关的宣传、培训和检查工作",
]
KIND_TEXT = {"行政": "行政单位", "参公": "参照公务员法管理的事业单位", "事业": "公益一类事业单位"}


def key_figures(ledger: Ledger, kind: Kind) -> dict[str, Any]:
    """The figures a next year compares with, as department.yaml's ``prior_year`` states them."""
    total = ledger.spent()
    figures: dict[str, Any] = {
        "total": total,
        "income_total": total,
        "expenditure_total": total,
        "basic": ledger.spent(part="basic"),
        "project": ledger.spent(part="project"),
        "fiscal_total": ledger.spent(FISCAL),
        "gpb": ledger.spent(["gpb"]),
        "fund": ledger.spent(["fund"]),
        "soe": ZERO,
        "sangong": ledger.sangong("final"),
    }
    if kind in KINDS_WITH_OPERATING_COSTS:
        figures["operating_costs"] = sum(ledger.public.values(), ZERO)
    return figures


def department_document(
    profile: Profile, ledger: Ledger, prior: Ledger | None, rng: Random, score: Decimal | None
) -> dict[str, Any]:
    """department.yaml: what the tables cannot say, consistent with them (rules Y-1 … Y-8, K-3, E-10)."""
    unit = profile.unit
    area = unit.area
    names = load_classification(ledger.year)
    gpb = [s for s in ledger.spending if s.fund == "gpb"]
    final = ledger.sangong("final")
    held = sum(profile.vehicles.values())
    duties = [DUTIES[0], *rng.sample(DUTIES[1:-1], rng.randint(2, 4)), DUTIES[-1]]
    approved = dt.date(ledger.year + 1, 8, rng.randint(10, 31))
    units = [{"name": unit.name, "note": "本级"}]
    if profile.subordinate:
        units.append({"name": profile.subordinate, "note": "二级预算单位"})
    codes = sorted({s.code for s in ledger.spending})
    glossary = {}
    for code in codes:
        subject = names.functional(code)
        assert subject is not None
        if not subject.description:
            parent = names.functional(code[:5])
            assert parent is not None
            what = (
                f"除上述项目以外其他用于{parent.name}方面"
                if subject.name.startswith("其他")
                else subject.name
            )
            glossary[code] = f"反映{what}的支出。"
    document: dict[str, Any] = {
        "name": unit.name,
        "code": f"{101 + profile.index:03d}001",
        "group": group_of(unit),  # as a region of this size would: the nav is 年度 → 系统 → 部门
        "kind": unit.kind,
        "subject": "单位" if unit.kind == "事业" else "部门",
        "duties": paragraphs(
            *(f"（{chinese_numeral(i)}）{duty.format(area=area)}。" for i, duty in enumerate(duties, 1))
        ),
        "organisation": {
            "description": f"{unit.name}为{KIND_TEXT[unit.kind]}，内设{'、'.join(profile.offices)}。",
            "units": units,
            "subordinate": f"{unit.name}有下属二级单位 1 个。"
            if profile.subordinate
            else f"{unit.name}无下属二级单位。",
        },
        "staff": {
            "authorised": profile.staff + rng.randint(0, 6),
            "actual": profile.staff,
            "retired": rng.randint(profile.staff // 5, profile.staff),
        },
        "dates": {"approved": approved, "published": approved + dt.timedelta(days=rng.randint(3, 19))},
        "reasons": {
            **{
                key: rng.choice(CHANGE_REASONS).format(area=area)
                for key in (
                    "total",
                    "fiscal_total",
                    "gpb",
                    "sangong",
                    "sangong_abroad",
                    "sangong_vehicle",
                    "sangong_reception",
                    "operating_costs",
                    "fund",
                )
            },
            "sangong_budget": "严格控制“三公”经费支出，实际支出少于预算",
            "items": {s.code: rng.choice(ITEM_REASONS).format(area=area) for s in gpb if s.budget != s.total},
        },
        "descriptions": {
            s.code: rng.choice(PURPOSES).format(area=area) for s in gpb if s.project and rng.random() < 0.6
        },
        "sangong": {
            "abroad": {
                "groups": 1 if final["abroad"] else 0,
                "people": rng.randint(2, 4) if final["abroad"] else 0,
                "description": f"赴境外考察学习{area}工作的国际旅费、住宿费" if final["abroad"] else "",
            },
            "vehicles": {
                "purchased": {"suv": {"count": 1, "amount": final["vehicle_purchase"]}}
                if final["vehicle_purchase"]
                else {},
                "held": dict(profile.vehicles),
                "operation_description": "公务用车的燃料费、维修费、过路过桥费、保险费等" if held else "",
            },
            "reception": {
                "domestic": {
                    "batches": rng.randint(5, 80) if final["reception"] else 0,
                    "people": rng.randint(30, 600) if final["reception"] else 0,
                    "amount": final["reception"],
                    "description": "接待上级部门检查指导工作的用餐费等" if final["reception"] else "",
                },
                "foreign": {"batches": 0, "people": 0, "amount": ZERO, "description": ""},
            },
        },
        "procurement": _procurement(ledger, rng),
        "assets": {
            "vehicles": {("law_enforcement" if unit.kind != "事业" else "other"): held} if held else {},
            "equipment_over_1m": rng.choice([0, 0, 0, 1, 2]),
        },
        "performance": {
            "prior_assessment_projects": len(ledger.projects),
            "prior_assessment_example": ledger.projects[0].name if ledger.projects else "",
            "target_projects": len(ledger.projects),
            "monitored_projects": len(ledger.projects),
            "self_evaluation": f"组织对 {ledger.year} 年度部门整体支出和项目支出开展绩效自评，"
            "形成部门整体支出绩效自评报告和项目支出绩效自评表，详见附件。",
        },
        "glossary": glossary,
    }
    if score is not None:
        document["performance"]["overall_score"] = score
    if prior is not None:
        document["prior_year"] = key_figures(prior, unit.kind)
    return document


def _procurement(ledger: Ledger, rng: Random) -> dict[str, Decimal]:
    scale = ledger.spent() / 20
    goods = scaled(scale, rng, 0.1, 1.0) if rng.random() < 0.7 else ZERO
    works = scaled(scale, rng, 0.5, 2.0) if rng.random() < 0.15 else ZERO
    services = scaled(scale, rng, 0.1, 1.0) if rng.random() < 0.6 else ZERO
    sme = scaled(goods + works + services, rng, 0.5, 1.0)
    return {
        "goods": goods,
        "works": works,
        "services": services,
        "sme": sme,
        "small_micro": scaled(sme, rng, 0.3, 1.0),
    }


# ---------------------------------------------------------------- 绩效自评


# (三级指标 with {area}, 指标性质, possible 指标值, 度量单位)
Template = tuple[str, str, tuple[Any, ...], str]
# fmt: off
INDICATORS: dict[str, list[tuple[str, list[Template]]]] = {
    "产出指标": [
        ("数量指标", [
            ("完成{area}重点工作任务", "≥", (5, 8, 10, 12), "项"),
            ("开展{area}专项检查", "≥", (4, 6, 12), "次"),
            ("组织业务培训", "≥", (2, 3, 4), "期"),
            ("培训人次", "≥", (100, 200, 300), "人次"),
            ("覆盖乡镇个数", "=", (18, 20, 24), "个"),
            ("印发宣传资料", "≥", (1000, 2000, 5000), "份"),
        ]),
        ("质量指标", [
            ("重点工作完成率", "=", (100,), "%"),
            ("资金使用合规率", "=", (100,), "%"),
            ("验收合格率", "≥", (95, 98), "%"),
            ("{area}工作质量", "定性", ("良好", "优良"), ""),
        ]),
        ("时效指标", [
            ("完成时间", "≤", (12,), "月"),
            ("资金支付及时率", "≥", (95, 100), "%"),
        ]),
    ],
    "效益指标": [
        ("经济效益指标", [("对经济社会发展的促进作用", "定性", ("促进", "明显促进"), "")]),
        ("社会效益指标", [
            ("{area}工作水平", "定性", ("提高", "明显提高"), ""),
            ("群众知晓率", "≥", (85, 90), "%"),
        ]),
        ("可持续影响指标", [("{area}工作长效机制", "定性", ("健全", "逐步健全"), "")]),
    ],
    "满意度指标": [
        ("服务对象满意度指标", [
            ("服务对象满意度", "≥", (85, 90, 95), "%"),
            ("群众满意度", "≥", (85, 90), "%"),
        ]),
    ],
}
# fmt: on
LOST_REASONS = [
    "受客观因素影响，部分工作延至下年完成，将加强进度管理。",
    "年中任务调整，完成数低于年初目标，今后将合理设定指标值。",
    "项目实施进度滞后，已督促加快推进。",
]
DEDUCTIONS = (D("0.5"), D("1"), D("2"))


def shares(total: int, count: int, rng: Random) -> list[int]:
    """``total`` points over ``count`` indicators: near-equal, then shifted by fives, each at least 5."""
    parts = [total // count + (i < total % count) for i in range(count)]
    for _ in range(count):
        i, j = rng.randrange(count), rng.randrange(count)
        if parts[i] - 5 >= 5:
            parts[i] -= 5
            parts[j] += 5
    return parts


def grid(
    rng: Random,
    area: str,
    weights: dict[str, int],
    costs: list[tuple[str, Decimal, Decimal]],
    scored: bool,
) -> list[dict[str, Any]]:
    """绩效指标: 一级 → 二级 → 三级 with the given 一级 weights; ``costs`` are (成本指标, 指标值, 完成值).

    Scored, an indicator mostly gets full marks and meets its target (rule E-6); a few lose points,
    fall short and say why (E-5).
    """
    dimensions = []
    for name, weight in weights.items():
        if name == "成本指标":
            chosen = [("经济成本指标", [(cost, "≤", (target,), "万元") for cost, target, _ in costs])]
            actuals: dict[str, Any] = {cost: actual for cost, _, actual in costs}
        else:
            groups = INDICATORS[name]
            if name == "效益指标":
                groups = rng.sample(groups, rng.randint(1, 2))
            chosen = [
                (group, rng.sample(items, 2 if group == "数量指标" and rng.random() < 0.5 else 1))
                for group, items in groups
            ]
            actuals = {}
        count = sum(len(items) for _, items in chosen)
        weights_of = iter(shares(weight, count, rng))
        dimensions.append(
            {
                "name": name,
                "groups": [
                    {
                        "name": group,
                        "items": [indicator(t, next(weights_of), scored, rng, area, actuals) for t in items],
                    }
                    for group, items in chosen
                ],
            }
        )
    return dimensions


def indicator(
    given: Template, weight: int, scored: bool, rng: Random, area: str, actuals: dict[str, Any]
) -> dict[str, Any]:
    name, nature, targets, unit = given
    target = rng.choice(targets)
    lost = scored and weight >= 4 and rng.random() < 0.1
    if name in actuals:
        actual = actuals[name]
    elif nature == "定性":
        actual = "基本完成" if lost else target
    elif nature == "≥":
        actual = (
            target * 4 // 5
            if lost
            else min(target + rng.randint(0, max(1, target // 10)), 100 if unit == "%" else 10**6)
        )
    elif nature == "≤":
        actual = target + 1 if lost else target
    else:
        actual = target - 1 if lost else target
    item: dict[str, Any] = {"name": name.format(area=area), "nature": nature, "target": target}
    if unit:
        item["unit"] = unit
    item.update(actual=actual, weight=weight)
    if scored:
        item["score"] = weight - rng.randint(1, min(3, weight - 1)) if lost else weight
    if lost:
        item["reason"] = rng.choice(LOST_REASONS)
    return item


def grid_score(dimensions: list[dict[str, Any]]) -> Decimal:
    return sum(
        (D(item["score"]) for dim in dimensions for group in dim["groups"] for item in group["items"]), ZERO
    )


# 自评分表: (一级指标, [(二级指标, [(三级指标, 分值, 指标解释, 评分方法, 评分说明)])]); {area} is filled in.
Sheet = list[tuple[str, list[tuple[str, list[tuple[str, int, str, str, str]]]]]]
RATIO = "该项指标得分=（实际完成数/目标任务数）×100%×{weight} 分。"
# fmt: off
DEPARTMENT_SHEET: Sheet = [
    ("总体绩效", [
        ("履职效能", [
            ("{area}重点任务履职效果", 5, "反映年度{area}重点任务完成情况", "比率分析法", RATIO),
            ("{area}工作保障履职效果", 5, "反映{area}工作保障任务完成情况", "比率分析法", RATIO),
            ("改革创新履职效果", 5, "反映年度改革创新任务完成情况", "比率分析法", RATIO),
        ]),
        ("预算管理", [
            ("预算编制质量", 12, "部门是否严格按照要求编制年初部门预算，预算编制的科学性和准确性",
             "比率分值法",
             "该项指标得分=（1−财政拨款预算偏离度）×100%×8+（1−政府采购预算偏离度）×100%×4。"
             "偏离度=|预算执行数−年初预算数|÷年初预算数。"),
            ("支出执行进度", 6, "部门 1 至 6 月、1 至 10 月预算执行情况", "比率分值法",
             "该项指标得分=1 至 6 月预算执行数÷（部门预算数×50%）×3"
             "+1 至 10 月预算执行数÷（部门预算数×83.33%）×3。"),
            ("预算年终结余", 2, "部门整体年终预算结余情况", "比率分值法",
             "该项指标得分=（1−部门整体预算结余率）×100%×2。"),
            ("严控一般性支出", 5, "部门严控“三公”经费、会议、培训、差旅等一般性支出情况", "比率分值法",
             "一般性支出财政拨款年初预算较上年实现压减得 2 分，预算执行较上年实现压减得 3 分；"
             "未压减的不得分。"),
        ]),
        ("财务管理", [
            ("财务管理制度", 4, "部门财务管理制度建立和执行情况", "是否评分法",
             "已制定内部财务管理制度的，得 2 分；制度得到落实的，得 2 分。否则该项不得分。"),
            ("财务岗位设置", 2, "部门财务岗位设置是否符合相关财务管理制度要求", "是否评分法",
             "合理设置财务工作岗位，明确职责权限，并严格实行不相容岗位分离的，得 2 分。否则该项不得分。"),
            ("资金使用规范", 4, "部门资金使用是否符合相关财务管理制度规定", "缺（错）项扣分法",
             "存在超预算或无预算安排、虚列支出、超范围超标准使用经费等情况的，发现一处扣 1 分，扣完为止。"),
        ]),
        ("资产管理", [
            ("人均资产变化率", 3, "部门人均资产变化情况", "分级评分法",
             "人均资产变化率不高于行政事业单位平均水平的，得 3 分；否则按超出幅度分级得分。"),
            ("资产利用率", 3, "部门资产超最低使用年限情况", "分级评分法",
             "超最低使用年限资产利用率高于县属行政事业单位平均值的，得 3 分；否则按差距分级得分。"),
            ("资产盘活率", 3, "部门闲置一年以上的资产盘活情况", "分级评分法",
             "无闲置资产或闲置资产全部盘活的，得 3 分；否则按闲置资产占比变化率分级得分。"),
        ]),
        ("采购管理", [
            ("支持中小企业发展", 3, "部门是否严格执行政府采购促进中小企业发展相关管理办法", "是否评分法",
             "适宜由中小企业提供的采购项目预留采购份额专门面向中小企业采购的，得 3 分。否则该项不得分。"),
            ("采购执行率", 3, "部门政府采购项目资金支付比例情况", "比率分值法",
             "该项指标得分=当年政府采购实际支付总金额÷当年政府采购总预算数×100%×3。"),
        ]),
    ]),
    ("项目绩效", [
        ("项目决策", [
            ("决策程序", 4, "部门预算项目设立是否按规定履行评估论证、申报程序", "比率分值法",
             "该项指标得分=4−未履行事前评估程序的项目数÷项目总数×100%×4。"),
            ("目标设置", 4, "部门预算项目绩效目标与任务量、资金量的匹配情况", "比率分值法",
             "该项指标得分=4−绩效目标与任务量、预算安排不相匹配的项目数÷项目总数×100%×4。"),
            ("项目入库", 4, "部门预算项目是否在规定时间内完成项目入库", "比率分值法",
             "该项指标得分=4−规定时间未入库的项目数÷项目总数×100%×4。"),
        ]),
        ("项目执行", [
            ("执行同向", 4, "部门预算项目实际列支内容是否与绩效目标设置方向相符", "比率分值法",
             "该项指标得分=4−列支内容与绩效目标方向不相符的项目数÷项目总数×100%×4。"),
            ("项目调整", 4, "部门预算项目是否采取对应调整措施", "比率分值法",
             "该项指标得分=4−应采取未采取调整措施的项目数÷应采取调整措施的项目数×100%×4。"),
            ("执行结果", 4, "部门预算项目预算执行情况", "比率分值法",
             "该项指标得分=预算结余率小于 10% 的项目数÷项目总数×100%×4。"),
        ]),
        ("目标实现", [
            ("目标完成", 4, "部门预算项目绩效目标数量指标完成情况", "比率分值法",
             "该项指标得分=完成数量指标的项目数÷项目总数×100%×4。"),
            ("目标偏离", 4, "数量指标实现程度与预期目标的偏离情况", "比率分值法",
             "该项指标得分=偏离度在 30% 以内的数量指标个数÷已完成的数量指标个数×100%×4。"),
            ("实现效果", 3, "部门预算项目绩效目标效益指标实施效果", "比率分值法",
             "该项指标得分=完成效益指标的项目数÷项目总数×100%×3。"),
        ]),
    ]),
]
# fmt: on
# fmt: off
SPECIAL_SHEET: Sheet = [
    ("通用指标", [
        ("项目决策", [
            ("决策程序", 6, "项目决策程序是否严密", "缺（错）项扣分法",
             "项目设立、调整延续等不符合资金管理基本规范和决策程序要求的，发现一处扣 3 分，扣完为止。"),
            ("规划论证", 6, "项目规划论证是否充分，绩效目标设置是否科学合理", "缺（错）项扣分法",
             "项目规划符合中央、省、市、县决策部署的，得 2 分；充分论证立项必要性和可行性的，得 2 分；"
             "绩效目标设置合理的，得 2 分。"),
            ("资金投向", 6, "项目资金是否与项目总体规划、相关行业事业发展相匹配", "缺（错）项扣分法",
             "属于政府支持范围的，得 2 分；资金投向与规划相匹配的，得 2 分；"
             "未与其他项目交叉重复的，得 2 分。"),
        ]),
        ("项目管理", [
            ("制度办法", 2, "项目制度办法是否健全", "是否评分法",
             "资金管理办法等管理制度体系健全完善的，得 2 分。否则该项不得分。"),
            ("分配管理", 10, "项目资金分配和项目审批是否符合管理要求", "缺（错）项扣分法",
             "资金分配依据充分合理的，得 6 分；资金分配严格按管理办法执行、决策程序符合要求的，得 4 分。"),
            ("绩效监管", 6, "项目绩效监管是否按要求开展", "缺（错）项扣分法",
             "按要求开展绩效目标管理、绩效监控和绩效评价的，得 4 分；对下指导到位的，得 2 分。"),
        ]),
        ("项目实施", [
            ("预算执行", 6, "项目资金拨付和使用情况", "比率分值法",
             "该项指标得分=财政资金拨付率×100%×3+单位资金使用率×100%×3。"),
            ("资金使用", 3, "资金使用拨付、项目实施是否符合规定", "缺（错）项扣分法",
             "存在超范围、超标准使用资金或截留、挤占、挪用等情况的，发现一处扣 1 分，扣完为止。"),
        ]),
        ("项目结果", [
            ("目标完成", 6, "项目是否完成预期目标", "比率分值法",
             "该项指标得分=实际完成目标任务量÷绩效目标任务总量×100%×6。"),
            ("完成时效", 3, "项目实际完成时间与计划完成时间的比较", "比率分值法",
             "按期完成的得满分；超过计划完成时间的，按超出比例扣分。"),
        ]),
    ]),
    ("专用指标", [
        ("{area}", [
            ("用途合规性", 10, "是否按规定用途、适用范围使用资金", "缺（错）项扣分法",
             "资金实际用途不符合专项资金管理要求的，发现一处扣 2 分。"),
            ("程序合规性", 10, "资金管理程序是否符合专项资金管理要求", "缺（错）项扣分法",
             "资金管理程序不符合专项资金管理要求的，发现一处扣 2 分。"),
            ("标准合规性", 10, "资金分配标准是否符合专项资金管理要求", "缺（错）项扣分法",
             "资金分配标准不符合专项资金管理要求的，发现一处扣 2 分。"),
        ]),
    ]),
    ("个性指标", [
        ("资金产出效果", [
            ("产出", 8, "考察年度产出完成情况", "比率分值法", "根据绩效目标完成情况，按完成比例得分。"),
            ("效益", 8, "社会效益是否显著", "比率分值法", "根据绩效目标完成情况，按完成比例得分。"),
        ]),
    ]),
]
# fmt: on
# fmt: off
DEDUCTION_ITEMS = [
    {"name": "预算绩效存在问题", "explanation": "预算管理和绩效管理工作中存在问题",
     "method": "缺（错）项扣分法",
     "rule": "依据审计监督、财会监督等结果，每有一个问题点扣 1 分，扣完为止。"},
    {"name": "被评价部门配合度", "explanation": "被评价对象工作配合情况", "method": "缺（错）项扣分法",
     "rule": "评价工作中拖延推诿、提交资料不及时的，每发现一次扣 1 分，扣完为止。"},
]
# fmt: on


def scoring_sheet(
    sheet: Sheet, title: str, area: str, rng: Random, lost: Decimal | None = None
) -> tuple[dict[str, Any], Decimal]:
    """A 自评分表 scored item by item (mostly full marks), with its 扣分项; and its score.

    ``lost``: the points the sheet loses in all, taken from its first items (a 专项 report scores the
    project as its 项目 table does).
    """
    total = ZERO
    dimensions: list[dict[str, Any]] = []
    for dimension, groups in sheet:
        written: list[dict[str, Any]] = []
        for group, items in groups:
            rows: list[dict[str, Any]] = []
            for name, weight, explanation, method, rule in items:
                if lost is None:
                    score = D(weight) if rng.random() < 0.8 else max(ZERO, weight - rng.choice(DEDUCTIONS))
                else:
                    score = D(weight) - min(lost, D(weight))
                    lost -= D(weight) - score
                total += score
                rows.append(
                    {
                        "name": name.format(area=area),
                        "weight": weight,
                        "score": score,
                        "explanation": explanation.format(area=area),
                        "method": method,
                        "rule": rule.format(weight=weight),
                    }
                )
            written.append(
                {"name": group.format(area=area), "weight": sum(r["weight"] for r in rows), "items": rows}
            )
        dimensions.append({"name": dimension, "weight": sum(g["weight"] for g in written), "groups": written})
    dimensions.append(
        {
            "name": "扣分项",
            "adjustment": True,
            "limit": 10,
            "groups": [{"name": "扣分项", "items": DEDUCTION_ITEMS}],
        }
    )
    total = D(points(total))  # 91, not 91.0
    return {"title": title, "score": total, "indicators": dimensions}, total


def section(title: str, text: str = "", *sections: dict[str, Any]) -> dict[str, Any]:
    """A section of a self-evaluation report."""
    written: dict[str, Any] = {"title": title}
    if text:
        written["text"] = text
    if sections:
        written["sections"] = list(sections)
    return written


def department_evaluation(profile: Profile, ledger: Ledger, rng: Random) -> tuple[dict[str, Any], Decimal]:
    """部门整体支出绩效自评 in Sichuan's shape (seed 003): grid by weight, scored by the 自评分表."""
    unit, year, area = profile.unit, ledger.year, profile.unit.area
    total, basic, project = ledger.spent(), ledger.spent(part="basic"), ledger.spent(part="project")
    personnel, public = sum(ledger.personnel.values(), ZERO), sum(ledger.public.values(), ZERO)
    by_income = {
        "total": total,
        "general": ledger.spent(["gpb"]),
        "fund": blank(ledger.spent(["fund"])),
        "other": blank(ledger.spent(["business", "other"])),
    }
    sheet, score = scoring_sheet(DEPARTMENT_SHEET, f"{year} 年部门预算绩效评价指标自评分表", area, rng)
    costs = [
        ("人员经费", personnel, personnel),
        ("日常公用经费", public, public),
        ("项目成本", project, project),
    ]
    weights = {"产出指标": 45, "效益指标": 25, "满意度指标": 10, "成本指标": 20}
    report = [
        section(
            "一、部门（单位）基本情况",
            "",
            section("（一）机构组成", f"{unit.name}内设{'、'.join(profile.offices)}。"),
            section("（二）机构职能", DUTIES[0].format(area=area) + "。"),
            section("（三）人员概况", f"年末实有在职人员 {profile.staff} 人。"),
        ),
        section(
            "二、部门资金收支情况",
            "",
            section(
                "（一）收入情况",
                f"{year} 年收入决算数 {money(total)} 万元，"
                f"其中一般公共预算财政拨款收入 {money(ledger.spent(['gpb']))} 万元。",
            ),
            section(
                "（二）支出情况",
                f"{year} 年支出决算数 {money(total)} 万元，"
                f"其中基本支出 {money(basic)} 万元，项目支出 {money(project)} 万元。",
            ),
            section("（三）结余分配和结转结余情况", "年末结转结余 0 万元。"),
        ),
        section(
            "三、部门预算绩效分析",
            "",
            section(
                "（一）部门预算总体绩效分析",
                paragraphs(
                    f"1. 履职效能。全年完成{area}各项重点工作任务，服务保障能力进一步提升。",
                    "2. 预算管理。预算编制较为规范，支出执行进度与时间进度基本同步。",
                    "3. 财务管理。财务管理制度健全并得到落实，资金使用符合相关财务管理制度规定。",
                ),
            ),
            section(
                "（二）部门预算项目绩效分析",
                f"本年度对 {len(ledger.projects)} 个项目开展了绩效自评，绩效目标总体完成。",
            ),
        ),
    ]
    document = {
        "kind": "部门整体",
        "title": "部门整体支出绩效目标完成情况自评表",
        "name": unit.name,
        "budget": {
            "initial": scaled(total, rng, 0.6, 1.0),
            "adjusted": total,
            "executed": total,
            "by_income": {key: value for key, value in by_income.items() if value is not None},
            "by_spending": {"total": total, "basic": basic, "project": project},
        },
        "goal": f"围绕县委、县政府决策部署，全面完成 {year} 年{area}各项目标任务，保障机构正常运转，"
        f"推动{area}工作提质增效。",
        "tasks": [
            {"name": "人员经费", "content": "按时按标准足额发放职工工资及福利、对个人和家庭的补助支出。"},
            {"name": "公用经费", "content": f"保障 {year} 年正常办公经费需求。"},
            {"name": "项目经费", "content": f"推进{area}重点工作，保障各项目经费。"},
        ],
        "indicators": grid(rng, area, weights, costs, scored=False),
        "conclusion": f"按照 {year} 年《部门预算绩效评价指标体系》设定的绩效指标和评分标准，"
        f"本部门 {year} 年部门预算绩效评价得分 {score} 分。",
        "problems": "预算编制的精细化程度有待提高，个别项目执行进度慢于计划。",
        "measures": paragraphs(
            "一是完整准确编制预算，提高预算编制的科学性和有效性。",
            "二是加强预算执行监控，按月调度项目进度。",
            "三是强化绩效结果应用，将自评结果作为下年预算安排的重要依据。",
        ),
        "scoring": sheet,
        "report": {"title": f"{unit.name} {year} 年部门预算绩效评价报告", "sections": report},
    }
    return document, score


def project_evaluation(profile: Profile, project: Project, rng: Random) -> dict[str, Any]:
    """部门预算项目支出绩效自评表: 预算执行 10 分 (执行率 × 10), indicators 90 分, scored."""
    adjusted = project.amount
    executed = adjusted if rng.random() < 0.8 else max(D("0.01"), scaled(adjusted, rng, 0.85, 0.99))
    initial = adjusted if rng.random() < 0.7 else scaled(adjusted, rng, 0.8, 1.2)
    rate = q2(executed / adjusted * HUNDRED)
    execution = q2(min(executed / adjusted, D(1)) * 10)
    nothing = {"initial": D("0.00"), "adjusted": D("0.00"), "executed": D("0.00"), "rate": D("0.00")}
    budget: dict[str, Any] = {"initial": initial, "adjusted": adjusted, "executed": executed, "rate": rate}
    budget.update(weight=10, score=execution)
    if executed < adjusted:
        budget["reason"] = f"项目按实际进度结算，结余 {money(adjusted - executed)} 万元收回财政。"
    budget.update(
        fiscal={"initial": initial, "adjusted": adjusted, "executed": executed, "rate": rate},
        special_account=dict(nothing),
        unit_funds=dict(nothing),
    )
    weights = {"产出指标": 50, "效益指标": 20, "满意度指标": 10, "成本指标": 10}
    indicators = grid(rng, profile.unit.area, weights, [("成本控制", adjusted, executed)], scored=True)
    return {
        "kind": "项目",
        "code": f"5117{rng.randint(10**16, 10**17 - 1)}",
        "name": project.name,
        "supervisor": profile.unit.name,
        "implementer": profile.unit.name,
        "goal": f"保障{project.name.split('年', 1)[-1]}项目顺利实施，按时完成年度任务，资金使用规范高效。",
        "achieved": "项目按计划实施，年度目标基本完成。",
        "process": "按照年初计划组织实施，按进度支付资金，年末开展绩效自评。",
        "budget": budget,
        "indicators": indicators,
        "score": execution + grid_score(indicators),
        "conclusion": "项目实施达到了预期目标，资金使用规范。",
        "problems": "无。",
        "measures": "无。",
        "leader": profile.leader,
        "finance_leader": profile.finance_leader,
    }


def special_evaluation(profile: Profile, project: Project, scored: Decimal, rng: Random) -> dict[str, Any]:
    """专项 self-evaluation report (seed 003 附件 2): the grid by weight, scored by its 自评分表 as the
    project's 项目 table scores it (``scored``)."""
    area = profile.unit.area
    title = f"{project.name}项目支出绩效评价指标体系自评分表"
    sheet, score = scoring_sheet(SPECIAL_SHEET, title, area, rng, lost=D(100) - scored)
    weights = {"产出指标": 50, "效益指标": 20, "满意度指标": 10, "成本指标": 10}
    funds = project.amount
    return {
        "kind": "专项",
        "name": project.name,
        "unit": profile.unit.name,
        "project_type": rng.choice(["经常性项目", "一次性项目"]),
        "overview": {
            "allocation": rng.choice(["据实据效", "项目法", "因素法"]),
            "scope": area,
            "period": f"{project.name.split(' ', 1)[0]} 年",
        },
        "funds": {"total": funds, "fiscal": funds},
        "goal": f"完成{area}年度重点任务，资金使用规范高效。",
        "indicators": grid(rng, area, weights, [("成本控制", funds, funds)], scored=False),
        "conclusion": f"自评得分 {score} 分。项目绩效目标全面完成。",
        "problems": "绩效目标的细化量化程度有待提高。",
        "measures": paragraphs("1. 加强绩效目标管理，提高指标的可衡量性。", "2. 加强项目实施过程监控。"),
        "scoring": sheet,
        "report": {
            "title": f"{project.name} 项目支出绩效自评报告",
            "sections": [
                section(
                    "一、内容摘要", f"{project.name}主要用于{area}工作。经评价，项目绩效评价得分 {score} 分。"
                ),
                section(
                    "二、评价工作开展及项目情况", f"项目年度资金 {money(funds)} 万元，由本部门组织实施。"
                ),
                section("三、评价结论及绩效分析", "项目决策程序规范，资金使用合规，绩效目标全面完成。"),
            ],
        },
    }


# ---------------------------------------------------------------- the region


def write_department_year(
    folder: Path, profile: Profile, ledger: Ledger, prior: Ledger | None, seed: int
) -> None:
    """One ``data/<year>/<dept>/`` folder; ``prior`` is last year's ledger when that folder does not exist."""
    rng = Random(f"{seed}/{profile.unit.slug}/{ledger.year}/text")
    name = profile.unit.name
    evaluations = folder / "evaluation"
    evaluations.mkdir(parents=True)
    write_workbook(folder / template.TEMPLATE_NAME, ledger, profile)
    score = None
    if rng.random() < 0.9:
        document, score = department_evaluation(profile, ledger, rng)
        write_yaml(evaluations / "00-bumen.yaml", document, f"{name} {ledger.year} 年部门整体支出绩效自评")
    scores = []
    for number, project in enumerate(ledger.projects, 1):
        evaluation = project_evaluation(profile, project, rng)
        scores.append(evaluation["score"])
        write_yaml(
            evaluations / f"{number:02d}-xiangmu.yaml",
            evaluation,
            f"部门预算项目支出绩效自评表：{project.name}",
        )
    if ledger.projects and rng.random() < 0.15:
        special = special_evaluation(profile, ledger.projects[0], scores[0], rng)
        write_yaml(evaluations / "99-zhuanxiang.yaml", special, f"{ledger.projects[0].name} 专项绩效自评报告")
    document = department_document(profile, ledger, prior, rng, score)
    write_yaml(folder / "department.yaml", document, f"{name} {ledger.year} 年度部门决算公开：文字部分")


def write_department(root: Path, unit: Unit, index: int, years: list[int], seed: int) -> None:
    """Every year of one department; its first year states the year before in ``prior_year``."""
    profile = draw_profile(unit, index, seed)
    previous = draw_ledger(profile, years[0] - 1, seed)
    for year in years:
        ledger = draw_ledger(profile, year, seed)
        prior = previous if year == years[0] else None
        write_department_year(root / "data" / str(year) / unit.slug, profile, ledger, prior, seed)
        previous = ledger


def _write_department(task: tuple[Path, Unit, int, list[int], int]) -> None:
    write_department(*task)


SITE = {
    "title": f"{COUNTY}部门决算公开（合成数据）",
    "region": f"四川省{COUNTY}（虚构）",
    "publisher": f"{COUNTY}财政局",
    "contact": f"{COUNTY}财政局预算股（虚构）",
    "url": "",
    "profile": PROFILE,
    "grading": "sichuan",
}


def copy_shell(root: Path) -> None:
    """The repository's mkdocs.yml, templates/ and content/, replacing any earlier copy."""
    for name in SHELL:
        source, target = REPO / name, root / name
        if target.is_dir():
            shutil.rmtree(target)
        if source.is_dir():
            shutil.copytree(source, target)
        else:
            shutil.copyfile(source, target)


def generate_region(
    root: Path, n: int, seed: int = DEFAULT_SEED, *, years: int | None = None, workers: int | None = None
) -> Path:
    """Write the project of ``n`` department-years at ``root`` (which must not exist); return ``root``.

    Departments are written in parallel by ``workers`` processes (default: one per core).
    """
    (root / "data").mkdir(parents=True)
    write_yaml(root / "data" / "site.yaml", SITE, f"{COUNTY}：基准测试用的虚构地区")
    write_departments(root, region_plan(n, seed, years), seed, workers=workers)
    copy_shell(root)
    return root


def write_departments(
    root: Path, plan: list[tuple[Unit, list[int]]], seed: int = DEFAULT_SEED, *, workers: int | None = None
) -> None:
    """The ``data/<year>/<dept>/`` folders of the planned departments and years, by ``workers`` processes."""
    tasks = [(root, unit, index, spans, seed) for index, (unit, spans) in enumerate(plan)]
    workers = min(workers or os.cpu_count() or 1, len(tasks))
    if workers <= 1:
        for task in tasks:
            _write_department(task)
    else:
        with ProcessPoolExecutor(workers) as pool:
            list(pool.map(_write_department, tasks))


def source_hash(seed: int) -> str:
    digest = hashlib.sha256(str(seed).encode())
    for source in SOURCES:
        digest.update(source.read_bytes())
    return digest.hexdigest()[:12]


def prepare(n: int, seed: int = DEFAULT_SEED) -> Path:
    """The project of ``n`` department-years, from the cache or generated into it; the shell refreshed."""
    root = CACHE / f"region-{n}-{source_hash(seed)}"
    if not root.is_dir():
        CACHE.mkdir(parents=True, exist_ok=True)
        for stale in CACHE.glob(f"region-{n}-*"):
            shutil.rmtree(stale)  # made by an older generator or another seed
        scratch = Path(tempfile.mkdtemp(prefix=f".region-{n}-", dir=CACHE))
        generate_region(scratch / "project", n, seed)
        (scratch / "project").rename(root)  # whole or not at all: an interrupted run leaves no region
        scratch.rmdir()
    copy_shell(root)
    return root
