"""Schemas of the YAML files a department writes: what numbers cannot say.

``department.yaml`` holds narrative, counts and reasons; every amount of the disclosure comes
from the workbook except the few the workbook does not carry (政府采购, 公务接待 split, vehicles
bought by type). ``data/site.yaml`` holds what is common to the whole site.

Unknown keys are errors (``extra="forbid"``) so that a typo is reported, not silently dropped.
Each field's ``description`` is the Chinese name a clerk knows it by: ``generator.readers.yamlfile`` quotes
it in error messages. ``data/department.example.yaml`` shows every field with its use and unit.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from decimal import Decimal
from importlib import resources
from typing import Annotated, Any, Final, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    NonNegativeInt,
    ValidationError,
    field_validator,
    model_validator,
)
from pydantic_core import InitErrorDetails, PydanticCustomError

# Custom validation error types; ``generator.readers.yamlfile`` turns each into a finding of its own rule.
UNKNOWN_PROFILE = "unknown_profile"
UNKNOWN_GRADING = "unknown_grading"
INVALID_CODE = "invalid_code"
INVALID_URL = "invalid_url"
ACCOUNTS_KEY = "accounts_key"

# 万元, never negative, at most two decimals (the workbook's precision).
Money = Annotated[Decimal, Field(ge=0, decimal_places=2, json_schema_extra={"unit": "万元"})]
Score = Annotated[Decimal, Field(ge=0, le=100, json_schema_extra={"unit": "分"})]

_CODE = re.compile(r"^\d{3}(?:\d{2}){0,2}$")
_DATE = re.compile(r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?$")


def _code(value: str) -> str:
    if not _CODE.match(value):
        raise PydanticCustomError(
            INVALID_CODE, "“{code}”不是科目编码：应为 3、5 或 7 位数字，如 2010301", {"code": value}
        )
    return value


def _purpose(value: str) -> str:
    """What money was used for; the disclosure's sentence already says 主要用于 (seed 003 doubled it)."""
    while value.startswith("主要用于"):
        value = value.removeprefix("主要用于").lstrip("：:，, ")
    return value


def _date(value: Any) -> Any:
    """Accept 2024-9-27, 2024/9/27 and 2024年9月27日 besides YAML's own 2024-09-27."""
    if isinstance(value, str) and (match := _DATE.match(value.strip())):
        year, month, day = (int(part) for part in match.groups())
        try:
            return dt.date(year, month, day)
        except ValueError:
            return value  # not a real day: pydantic reports it as a wrong date
    return value


Code = Annotated[str, AfterValidator(_code)]  # 科目编码: 3/5/7 digits (类/款/项)
Purpose = Annotated[str, AfterValidator(_purpose)]
Date = Annotated[dt.date, BeforeValidator(_date)]


class Strict(BaseModel):
    # Numbers where text is expected (部门编码 301001) are read as text, not rejected.
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True, coerce_numbers_to_str=True)

    @model_validator(mode="before")
    @classmethod
    def _blank_means_default(cls, data: Any) -> Any:
        """A key written with nothing after it (``abroad:``) means "not filled in": use the default.

        A required key left blank still fails, and is reported as not filled in.
        """
        if not isinstance(data, dict):
            return data
        fields = cls.model_fields
        return {
            key: value
            for key, value in data.items()
            if value is not None or key not in fields or fields[key].is_required()
        }


class Unit(Strict):
    name: str = Field(min_length=1, description="单位名称")
    note: str = Field("", description="说明，如 本级")


class Organisation(Strict):
    description: str = Field(min_length=1, description="机构设置")
    units: list[Unit] = Field(default_factory=list, description="纳入决算编制范围的单位")
    subordinate: str = Field("", description="下属二级单位情况")


class Staff(Strict):
    authorised: NonNegativeInt | None = Field(None, description="编制数")
    actual: NonNegativeInt | None = Field(None, description="实有在职人数")
    retired: NonNegativeInt | None = Field(None, description="离退休人数")
    note: str = Field("", description="人员情况补充说明")


class Dates(Strict):
    approved: Date | None = Field(None, description="决算批复日期")
    published: Date | None = Field(None, description="公开日期")


class Reasons(Strict):
    """主要变动原因. Keys name the figure whose change (against last year or budget) they explain."""

    total: str = Field("", description="收支总计较上年变动的原因")
    fiscal_total: str = Field("", description="财政拨款收支总计较上年变动的原因")
    gpb: str = Field("", description="一般公共预算财政拨款支出较上年变动的原因")
    sangong: str = Field("", description="“三公”经费较上年变动的原因")
    sangong_budget: str = Field("", description="“三公”经费决算与预算不同的原因")
    sangong_abroad: str = Field("", description="因公出国（境）费较上年变动的原因")
    sangong_vehicle: str = Field("", description="公务用车购置及运行维护费较上年变动的原因")
    sangong_reception: str = Field("", description="公务接待费较上年变动的原因")
    operating_costs: str = Field("", description="机关运行经费较上年变动的原因")
    fund: str = Field("", description="政府性基金预算财政拨款支出变动的原因")
    soe: str = Field("", description="国有资本经营预算财政拨款支出变动的原因")
    items: dict[Code, str] = Field(
        default_factory=dict, description="科目（项）决算数与年初预算数不同的原因，按科目编码"
    )
    unstated: list[str] = Field(
        default_factory=list,
        description="公开文本没有写原因的键（如 sangong、items.2011308）：检查只警告，页面不写原因",
    )


class VehiclePurchase(Strict):
    count: NonNegativeInt = Field(0, description="购置车辆数（辆）")
    amount: Money = Field(Decimal("0"), description="购置金额（万元）")


class VehiclesByType(Strict):
    sedan: VehiclePurchase = Field(default_factory=VehiclePurchase, description="轿车")
    suv: VehiclePurchase = Field(default_factory=VehiclePurchase, description="越野车")
    bus: VehiclePurchase = Field(default_factory=VehiclePurchase, description="载客汽车")


class VehiclesHeld(Strict):
    sedan: NonNegativeInt = Field(0, description="轿车（辆）")
    suv: NonNegativeInt = Field(0, description="越野车（辆）")
    bus: NonNegativeInt = Field(0, description="载客汽车（辆）")


class Abroad(Strict):
    groups: NonNegativeInt | None = Field(None, description="因公出国（境）团组数")
    people: NonNegativeInt | None = Field(None, description="因公出国（境）人次")
    description: Purpose = Field("", description="因公出国（境）费主要用途")


class Vehicles(Strict):
    purchased: VehiclesByType = Field(default_factory=VehiclesByType, description="本年购置的公务用车")
    held: VehiclesHeld | None = Field(None, description="12 月 31 日公务用车保有量")
    operation_description: Purpose = Field("", description="公务用车运行维护费主要用途")


class Reception(Strict):
    """国内 or 外事 公务接待. The 三公 table prints one 公务接待费; the ``amount``s, where given, split it
    (rule Y-4)."""

    batches: NonNegativeInt | None = Field(None, description="接待批次")
    people: NonNegativeInt | None = Field(None, description="接待人次（不包括陪同人员）")
    amount: Money | None = Field(None, description="接待费（万元）")
    description: Purpose = Field("", description="接待费主要用途")


class Receptions(Strict):
    domestic: Reception = Field(default_factory=Reception, description="国内公务接待")
    foreign: Reception = Field(default_factory=Reception, description="外事接待")


class Sangong(Strict):
    abroad: Abroad = Field(default_factory=Abroad, description="因公出国（境）")
    vehicles: Vehicles = Field(default_factory=Vehicles, description="公务用车")
    reception: Receptions = Field(default_factory=Receptions, description="公务接待")


class Procurement(Strict):
    """政府采购 (以合同签订为准), 万元."""

    goods: Money = Field(Decimal("0"), description="政府采购货物支出（万元）")
    works: Money = Field(Decimal("0"), description="政府采购工程支出（万元）")
    services: Money = Field(Decimal("0"), description="政府采购服务支出（万元）")
    sme: Money = Field(Decimal("0"), description="授予中小企业合同金额（万元）")
    small_micro: Money = Field(Decimal("0"), description="其中授予小微企业合同金额（万元）")


class AssetVehicles(Strict):
    """国有资产: vehicles held at 31 December by use category."""

    ministerial: NonNegativeInt = Field(0, description="部级领导干部用车（辆）")
    leaders: NonNegativeInt = Field(0, description="主要领导干部用车（辆）")
    confidential: NonNegativeInt = Field(0, description="机要通信用车（辆）")
    emergency: NonNegativeInt = Field(0, description="应急保障用车（辆）")
    law_enforcement: NonNegativeInt = Field(0, description="执法执勤用车（辆）")
    special: NonNegativeInt = Field(0, description="特种专业技术用车（辆）")
    retired_cadres: NonNegativeInt = Field(0, description="离退休干部用车（辆）")
    other: NonNegativeInt = Field(0, description="其他用车（辆）")


class Assets(Strict):
    vehicles: AssetVehicles = Field(default_factory=AssetVehicles, description="车辆")
    equipment_over_1m: NonNegativeInt = Field(
        0, description="单价 100 万元（含）以上设备（不含车辆），台（套）"
    )


class Performance(Strict):
    """预算绩效管理情况."""

    prior_assessment_projects: NonNegativeInt = Field(0, description="开展事前绩效评估的项目数")
    prior_assessment_example: str = Field("", description="事前绩效评估的代表项目")
    target_projects: NonNegativeInt = Field(0, description="编制绩效目标的项目数")
    monitored_projects: NonNegativeInt = Field(0, description="开展绩效监控的项目数")
    self_evaluation: str = Field("", description="绩效自评开展情况")
    overall_score: Score | None = Field(None, description="部门整体绩效自评得分")


def _last_year(figure: str, default: Any = None) -> Any:
    """A figure of last year's 决算 in 万元, described as the clerk knows it: 上年<figure>（万元）."""
    return Field(default, description=f"上年{figure}（万元）")


class PriorSangong(Strict):
    total: Money = _last_year("“三公”经费合计", ...)
    abroad: Money = _last_year("因公出国（境）费", Decimal("0"))
    vehicle: Money = _last_year("公务用车购置及运行维护费", Decimal("0"))
    vehicle_purchase: Money = _last_year("公务用车购置费", Decimal("0"))
    vehicle_operation: Money = _last_year("公务用车运行维护费", Decimal("0"))
    reception: Money = _last_year("公务接待费", Decimal("0"))


class PriorYear(Strict):
    """上年决算数, used only when data/<year-1>/<dept>/ does not exist."""

    total: Money | None = _last_year("收支总计")
    income_total: Money | None = _last_year("本年收入合计")
    expenditure_total: Money | None = _last_year("本年支出合计")
    basic: Money | None = _last_year("基本支出")
    project: Money | None = _last_year("项目支出")
    fiscal_total: Money | None = _last_year("财政拨款收支总计")
    gpb: Money | None = _last_year("一般公共预算财政拨款支出")
    fund: Money | None = _last_year("政府性基金预算财政拨款支出")
    soe: Money | None = _last_year("国有资本经营预算财政拨款支出")
    sangong: PriorSangong | None = Field(None, description="上年“三公”经费")
    operating_costs: Money | None = _last_year("机关运行经费")


def data_files(folder: str) -> list[str]:
    """The names of the YAML files in ``generator/data/<folder>/``: a new province is a new file."""
    files = resources.files("generator").joinpath("data", folder).iterdir()
    return sorted(item.name.removesuffix(".yaml") for item in files if item.name.endswith(".yaml"))


def _one_of(folder: str, error: str, what: str) -> Callable[[str | None], str | None]:
    """A validator: the value names a file of ``generator/data/<folder>/``."""

    def validate(value: str | None) -> str | None:
        available = data_files(folder)
        if value is not None and value not in available:
            raise PydanticCustomError(
                error,
                "没有名为“{value}”的{what}：可用的有 {available}（见 generator/data/{folder}/）",
                {"value": value, "what": what, "available": "、".join(available), "folder": folder},
            )
        return value

    return validate


known_profile = _one_of("profiles", UNKNOWN_PROFILE, "公开规范")
known_grading = _one_of("grading", UNKNOWN_GRADING, "绩效评分规则")


# What a department-year publishes: its 决算 (workbook, 决算情况说明, 附表, with any self-evaluation), or only
# its self-evaluation (seeds 000 and 002 print no 决算), which has no workbook and needs no 单位性质.
PUBLISHES_ACCOUNTS: Final = "决算"
PUBLISHES_EVALUATION: Final = "绩效自评"
# Keys a department publishing its 决算 must fill in; one publishing only its self-evaluation may leave out.
ACCOUNTS_KEYS = ("kind", "duties", "organisation")


def accounts_keys_missing(data: Any) -> ValidationError | None:
    """The keys (ACCOUNTS_KEYS) a department publishing its 决算 leaves out of ``data`` (department.yaml's
    mapping, as written or as validated), one error each; None when it fills them in or needs none."""
    if not isinstance(data, dict) or data.get("publishes") == PUBLISHES_EVALUATION:
        return None
    required = PydanticCustomError(
        ACCOUNTS_KEY,
        "没有填写：公开决算的部门必须填写这一项；"
        "只公开绩效自评、没有决算公开报表的部门，请写 publishes: 绩效自评",
    )
    errors = [
        InitErrorDetails(type=required, loc=(key,), input=data.get(key))
        for key in ACCOUNTS_KEYS
        if not data.get(key)
    ]
    return ValidationError.from_exception_data("Department", errors) if errors else None


class Department(Strict):
    name: str = Field(min_length=1, description="部门全称")
    code: str = Field("", description="部门（单位）编码")
    publishes: Literal["决算", "绩效自评"] = Field(
        PUBLISHES_ACCOUNTS, description="公开内容（决算，或只公开绩效自评）"
    )
    kind: Literal["行政", "参公", "事业"] | None = Field(None, description="单位性质")
    supervisor: str = Field("", description="主管部门")
    group: str = Field("", description="网站导航中的分组（系统或主管部门），如“教育系统”")
    subject: Literal["部门", "单位"] = Field("部门", description="公开主体（部门或单位）")
    duties: str = Field("", description="部门职责")
    organisation: Organisation | None = Field(None, description="机构设置")
    staff: Staff | None = Field(None, description="人员情况")
    dates: Dates = Field(default_factory=Dates, description="日期")
    reasons: Reasons = Field(default_factory=Reasons, description="主要变动原因")
    descriptions: dict[Code, Purpose] = Field(default_factory=dict, description="科目主要用途，按科目编码")
    sangong: Sangong = Field(default_factory=Sangong, description="“三公”经费说明")
    procurement: Procurement = Field(default_factory=Procurement, description="政府采购")
    assets: Assets = Field(default_factory=Assets, description="国有资产占有使用")
    performance: Performance = Field(default_factory=Performance, description="预算绩效管理")
    other_matters: str = Field("", description="其他需要说明的事项")
    glossary: dict[Code, str] = Field(default_factory=dict, description="名词解释补充，按科目编码")
    prior_year: PriorYear | None = Field(None, description="上年决算数")
    notice: str = Field(
        "", description="本部门本年度各页顶部的提示（如附表明细为构造的示例数据时，须在此说明）"
    )
    acknowledged: list[str] = Field(
        default_factory=list, description="照录的公开原文自带的残留或笔误（原文字句），只作提示"
    )
    profile: str | None = Field(None, description="本部门的公开规范（省份），默认用 site.yaml 的")
    grading: str | None = Field(None, description="本部门的绩效评分规则（省份），默认用 site.yaml 的")

    _profile = field_validator("profile")(known_profile)
    _grading = field_validator("grading")(known_grading)

    @model_validator(mode="after")
    def _accounts_keys(self) -> Department:
        """A department publishing its 决算 fills in 单位性质, 职责 and 机构设置: each one left out is an
        error of its own key, as a missing required key is."""
        errors = accounts_keys_missing(self.__dict__)
        if errors:
            raise errors
        return self

    @property
    def evaluation_only(self) -> bool:
        return self.publishes == PUBLISHES_EVALUATION

    @property
    def described(self) -> bool:
        """Whether it says what the 部门概况 says (always, for a department publishing its 决算)."""
        return bool(self.duties or self.organisation or self.staff)


class Site(Strict):
    title: str = Field(min_length=1, description="网站标题")
    region: str = Field(min_length=1, description="地区")
    publisher: str = Field(min_length=1, description="发布单位")
    contact: str = Field("", description="联系方式")
    url: str = Field("", description="网站地址")
    profile: str = Field("mof", description="公开规范（省份）")
    grading: str = Field("national", description="绩效自评评分规则（省份）")
    notice: str = Field("", description="网站每页顶部的提示（如整个网站为示例时）")
    acknowledged: list[str] = Field(
        default_factory=list, description="照录的公开原文自带的残留或笔误（原文字句），只作提示"
    )

    @field_validator("url")
    @classmethod
    def _url(cls, value: str) -> str:
        if value and not re.match(r"^https?://\S+$", value):
            raise PydanticCustomError(
                INVALID_URL, "“{url}”不是网址：应以 http:// 或 https:// 开头，中间不能有空格", {"url": value}
            )
        return value

    _profile = field_validator("profile")(known_profile)
    _grading = field_validator("grading")(known_grading)
