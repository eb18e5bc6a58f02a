"""The sample (data/) and the example projects (examples/): each workbook is its script's data, each
project checks without errors, builds with one command, and the figures are the ones the seeds state.

- data/: 渠县商务局 2023 (seed 003, Sichuan 13 tables), ``sample_qu_xian.py``; its 2022 figures are the
  ones seed 003 states, in department.yaml's prior_year;
- examples/sui-ning/: 绥宁县商务局 2024 (seed 004, Hunan, the Ministry of Finance's 9 tables),
  ``sample_sui_ning.py``: ``.venv/bin/gongkai build examples/sui-ning``;
- examples/le-chang/ and examples/hebei/: 乐昌市商务局 2023 (seed 000, Guangdong) and 昌黎县招商中心 2023
  (seed 002, Hebei), which published only their self-evaluation: no workbook, ``publishes: 绩效自评``.
"""

from __future__ import annotations

import json
import shutil
from decimal import Decimal
from pathlib import Path
from types import ModuleType

import pytest
import sample_qu_xian
import sample_sui_ning
from click.testing import CliRunner
from test_workbook import assert_round_trip

from generator import cli
from generator.derive import derive, prior_key_figures
from generator.load import load_project
from generator.model import DepartmentYear
from generator.readers.workbook import read_workbook
from generator.standard.profiles import load_profile
from generator.standard.tables import table_specs

REPO = Path(__file__).resolve().parent.parent
SUI_NING = REPO / "examples" / "sui-ning"
LE_CHANG = REPO / "examples" / "le-chang"
HEBEI = REPO / "examples" / "hebei"
D = Decimal
# (script, project, folder under its data/, table set, province profile)
SAMPLES = [
    (sample_qu_xian, REPO, "2023/qu-xian-shang-wu-ju", "sichuan13", "sichuan"),
    (sample_sui_ning, SUI_NING, "2024/sui-ning-xian-shang-wu-ju", "mof9", "mof"),
]
# The only 警告 each project may give, each the seed's own: no 批复日期 (Y-7); in seed 003, four 项目自评表
# without 得分 (E-11), full marks for targets not reached (E-6: 西博会, 西洽会, 运转资金), report texts
# stating a score their table does not give (P-2) and 17 projects scored differently in their 专项 report
# and their 项目 table (P-3); seed 004 gives no reason for its changes (reasons.unstated, Y-5 and Y-6), no
# 2023 totals (Y-5.unchecked), no 偏差原因 for two lowered scores (E-5), and its report states 基本支出
# 452.72 and 项目支出 139.26 against the tables' 471.83 and 245.00, its 附件2 项目支出 471.83 (P-1).
JUSTIFIED_WARNINGS = {
    REPO: {("2023/qu-xian-shang-wu-ju", rule) for rule in ("Y-7.unchecked", "E-11", "E-6", "P-2", "P-3")},
    SUI_NING: {
        ("2024/sui-ning-xian-shang-wu-ju", rule)
        for rule in ("Y-5", "Y-5.unchecked", "Y-6", "Y-7.unchecked", "E-5", "P-1")
    },
    # seed 000 scores each indicator in its report (“自评得分5分”) and seed 002 states its project's 96 beside
    # the department's 98: P-2 compares each with the department's score
    LE_CHANG: {("2023/le-chang-shi-shang-wu-ju", "P-2")},
    HEBEI: {("2023/chang-li-xian-zhao-shang-zhong-xin", "P-2")},
}


@pytest.fixture(scope="module")
def department_years() -> dict[str, DepartmentYear]:
    return {dy.label: dy for root in (REPO, SUI_NING) for dy in load_project(root).department_years}


@pytest.mark.parametrize(
    ("script", "project", "folder", "table_set", "profile"),
    SAMPLES,
    ids=[folder for _, _, folder, _, _ in SAMPLES],
)
def test_workbook_is_its_scripts_data(
    script: ModuleType, project: Path, folder: str, table_set: str, profile: str
) -> None:
    """The committed .xlsx reads back as exactly what its script writes (rerun the script after a change)."""
    path = script.WORKBOOK
    assert path == project / "data" / folder / "决算公开报表.xlsx"
    accounts, findings = read_workbook(path)
    assert findings == []
    assert accounts.table_set == table_set
    published = {logical.id for key in load_profile(profile).tables for logical in table_specs()[key].logical}
    assert set(accounts.tables) == published
    data = script.sample_workbook_data()
    assert_round_trip(
        accounts, {table_id: lines for table_id, lines in data.items() if table_id in published}
    )


@pytest.mark.parametrize(
    "project", [REPO, SUI_NING, LE_CHANG, HEBEI], ids=["sample", "sui-ning", "le-chang", "hebei"]
)
def test_gongkai_check_of_the_whole_project(project: Path) -> None:
    """No 错误; 警告 only the justified ones (提示 are 0.01 rounding, as in the seeds)."""
    result = CliRunner().invoke(cli.cli, ["check", str(project), "--format", "json"])
    assert result.exit_code == 0, result.output
    report = json.loads(result.output)
    assert report["errors"] == 0
    warnings = {(f["department"], f["rule"]) for f in report["findings"] if f["severity"] == "警告"}
    assert warnings == JUSTIFIED_WARNINGS[project]


def test_every_sample_is_loaded(department_years: dict[str, DepartmentYear]) -> None:
    assert set(department_years) == {folder for _, _, folder, _, _ in SAMPLES}
    for _, _, folder, _, profile in SAMPLES:
        assert department_years[folder].profile == load_profile(profile)


def test_one_region_per_site() -> None:
    """data/ is 渠县 only: the other seeds are example projects with their own site.yaml."""
    assert {dy.label for dy in load_project(REPO).department_years} == {"2023/qu-xian-shang-wu-ju"}


def test_qu_xian_2023_compares_with_what_seed_003_says_of_2022(
    department_years: dict[str, DepartmentYear],
) -> None:
    """No 2022 folder: department.yaml's prior_year holds the 2022 figures seed 003 states, no others."""
    dy = department_years["2023/qu-xian-shang-wu-ju"]
    assert dy.prior is None and dy.department is not None and dy.department.prior_year is not None
    prior = prior_key_figures(dy)
    assert (prior.total, prior.fiscal_total, prior.gpb, prior.operating_costs) == (
        D("6773.08"),
        D("6773.08"),
        D("1115.48"),
        D("201.53"),
    )
    assert prior.sangong is not None and prior.sangong["total"] == prior.sangong["reception"] == D("9.50")
    figures = derive(dy)
    assert figures.total_change is not None and figures.total_change.delta == D("-3691.59")
    assert figures.gpb_change is not None and figures.gpb_change.delta == D("1756.01")
    assert figures.operating_costs_change is not None
    assert figures.operating_costs_change.delta == D("-162.29")


def test_sui_ning_states_what_seed_004_says(department_years: dict[str, DepartmentYear]) -> None:
    dy = department_years["2024/sui-ning-xian-shang-wu-ju"]
    assert dy.department is not None and dy.department.grading == "hunan"
    figures = derive(dy)
    # 全年预算数 = 全年执行数 716.83, by nature (一般公共预算 0.01 below the seed's 591.97) and by kind
    assert figures.total == figures.income_total == figures.expenditure_total == D("716.83")
    income = {share.name: share.amount for share in figures.income_sources if share.amount}
    assert income == {
        "一般公共预算财政拨款收入": D("591.96"),
        "政府性基金预算财政拨款收入": D("109.35"),
        "其他收入": D("15.52"),
    }
    spending = {share.name: share.amount for share in figures.expenditure_kinds if share.amount}
    assert spending == {"基本支出": D("471.83"), "项目支出": D("245.00")}
    assert (figures.personnel_total, figures.public_total) == (D("249.85"), D("221.98"))
    assert figures.gpb_completion == D("100.00")
    assert figures.fund_total == D("109.35")
    reception = figures.sangong["reception"]
    assert (reception.budget, reception.final) == (D("2.00"), D("0.31"))
    assert figures.sangong["total"].final == D("0.31")
    # 2023 as the seed's 基础数据表 states it: 三公 2.28, 公用经费 258.83
    assert figures.sangong["total"].change is not None
    assert figures.sangong["total"].change.delta == D("-1.97")
    assert figures.operating_costs_change is not None
    assert figures.operating_costs_change.delta == D("-36.85")
    # not stated by the seed, so not compared: 2023's 收支总计
    assert figures.total_change is None


def test_the_example_builds_with_its_one_command(tmp_path: Path) -> None:
    """``gongkai build examples/sui-ning``: the example is a project of its own (its templates/ and
    mkdocs.yml are the repository's, linked), and its site says on every page that it is an example."""
    project = tmp_path / "sui-ning"
    shutil.copytree(SUI_NING, project, ignore=shutil.ignore_patterns("site", ".gongkai"))
    result = CliRunner().invoke(cli.cli, ["build", str(project)])
    assert result.exit_code == 0, result.output
    home = (project / "site" / "index.html").read_text(encoding="utf-8")
    assert "本网站是 gongkai 的示例项目" in home and "渠县" not in home
    page = project / "site" / "2024" / "sui-ning-xian-shang-wu-ju" / "jixiao" / "bumen" / "index.html"
    assert "并非该部门公布的原表" in page.read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("name", "folder"),
    [("le-chang", "2023/le-chang-shi-shang-wu-ju"), ("hebei", "2023/chang-li-xian-zhao-shang-zhong-xin")],
)
def test_an_evaluation_only_example_builds_with_its_one_command(
    tmp_path: Path, name: str, folder: str
) -> None:
    """``gongkai build examples/<name>``: the self-evaluation and no 决算 chapter, 附表 or download; every
    page says the site is an example."""
    project = tmp_path / name
    shutil.copytree(REPO / "examples" / name, project, ignore=shutil.ignore_patterns("site", ".gongkai"))
    result = CliRunner().invoke(cli.cli, ["build", str(project)])
    assert result.exit_code == 0, result.output
    site = project / "site"
    assert "本网站是 gongkai 的示例项目" in (site / "index.html").read_text(encoding="utf-8")
    published = site / folder
    assert (published / "jixiao" / "bumen" / "index.html").is_file()
    assert not [
        path
        for path in ("shuoming", "sangong", "mingci", "fubiao", "yitu", "downloads")
        if (published / path).exists()
    ]
