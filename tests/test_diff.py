"""``gongkai diff YEAR DEPT``: every change against the prior year, the threshold, and whether the reason
is given — in agreement with what ``gongkai check`` requires."""

from __future__ import annotations

import json
import shutil
from decimal import Decimal
from pathlib import Path

import yaml
from check_support import DEPARTMENT, SLUG, YEAR, base_data, change, run
from click.testing import CliRunner, Result

from generator import cli
from generator.check import check_project
from generator.load import load_project
from generator.model import DepartmentYear
from generator.tools.changes import Diff, diff_department_year

REPO = Path(__file__).resolve().parent.parent
SAMPLE = "qu-xian-shang-wu-ju"
D = Decimal


def sample_copy(root: Path) -> Path:
    shutil.copytree(REPO / "data", root / "data")
    return root


def department_year(root: Path, year: int, slug: str) -> DepartmentYear:
    return next(dy for dy in load_project(root).department_years if (dy.year, dy.slug) == (year, slug))


def invoke(*args: str) -> Result:
    return CliRunner(env={"COLUMNS": "200"}).invoke(cli.cli, list(args))


def test_key_figures_against_the_stated_prior_year() -> None:
    diff = diff_department_year(department_year(REPO, 2023, SAMPLE))
    assert diff.prior_source == f"data/2023/{SAMPLE}/department.yaml 的 prior_year"
    figures = {line.key: line for line in diff.figures}
    total = figures["total"]
    assert (total.current, total.prior) == (D("3081.49"), D("6773.08"))
    assert total.change is not None and total.change.text == "减少 3691.59 万元，下降 54.50%"
    assert total.reason is not None and total.reason.required and total.reason.text == "预算项目调整"
    assert figures["sangong:total"].reason is not None
    assert not figures["sangong:total"].reason.required  # 0.50 万元: within the threshold
    assert figures["basic"].reason is None  # the disclosure states no reason for it
    budget = figures["sangong:budget"]
    assert (budget.base_label, budget.prior, budget.threshold) == ("预算", D("9.00"), "决算数与预算数不同")
    assert diff.missing == []


def test_every_item_with_its_prior_year_and_budget(tmp_path: Path) -> None:
    """With last year's folder (here the same workbook a year earlier) every 项 is compared with it."""
    root = sample_copy(tmp_path)
    earlier = root / "data" / "2022" / SAMPLE
    earlier.mkdir(parents=True)
    for name in ("决算公开报表.xlsx", "department.yaml"):
        shutil.copy(root / "data" / "2023" / SAMPLE / name, earlier / name)
    diff = diff_department_year(department_year(root, 2023, SAMPLE))
    assert diff.prior_source == f"data/2022/{SAMPLE}/"
    items = {(item.fund, item.code): item for item in diff.items}
    running = items["一般公共预算", "2011301"]
    assert (running.name, running.current, running.prior, running.budget) == (
        "行政运行",
        D("503.07"),
        D("503.07"),
        D("503.07"),
    )
    assert running.label == "一般公共服务（类）商贸事务（款）行政运行（项）"
    assert running.reason is not None and not running.reason.required  # 决算 = 年初预算
    assert running.change is not None and running.change.delta == 0
    fund = items["政府性基金", "2120899"]
    assert fund.budget is None and fund.reason is None  # 政府性基金 has no 年初预算 column


def test_missing_reasons_are_exactly_the_checks_y5_findings(tmp_path: Path) -> None:
    root = sample_copy(tmp_path)
    path = root / "data" / "2023" / SAMPLE / "department.yaml"
    department = yaml.safe_load(path.read_text(encoding="utf-8"))
    del department["reasons"]
    path.write_text(yaml.safe_dump(department, allow_unicode=True), encoding="utf-8")
    project = load_project(root)
    y5 = {
        f.source.key
        for f in check_project(project)
        if f.rule == "Y-5" and f.department == f"2023/{SAMPLE}" and f.source
    }
    diff = diff_department_year(department_year(root, 2023, SAMPLE))
    assert (
        {reason.key for reason in diff.missing}
        == y5
        == {
            "reasons.total",
            "reasons.fiscal_total",
            "reasons.gpb",
            "reasons.operating_costs",
        }
    )


def test_budget_differences_are_exactly_the_checks_y6_findings(tmp_path: Path) -> None:
    data = base_data()
    change(data, "gpb", "2011301", "budget", "500.00")
    checked = run(tmp_path, data)
    diff = diff_department_year(checked.dy)
    assert diff.prior_source == f"data/{YEAR}/{SLUG}/department.yaml 的 prior_year"
    y6 = {f.source.key for f in checked.errors("Y-6") if f.source}
    assert {reason.key for reason in diff.missing} == y6 == {"reasons.items.2011301"}
    item = next(item for item in diff.items if item.code == "2011301")
    assert item.prior is None  # no prior workbook: no 项 to compare with
    assert item.against_budget is not None and item.against_budget.delta == D("3.07")


def test_without_any_prior_year_nothing_is_required(tmp_path: Path) -> None:
    checked = run(tmp_path, base_data(), DEPARTMENT.split("prior_year:")[0])
    diff: Diff = diff_department_year(checked.dy)
    assert diff.prior_source is None
    assert all(line.prior is None for line in diff.figures if line.base_label == "上年")
    assert not [reason for reason in diff.reasons if reason.rule == "Y-5" and reason.required]


# ---------------------------------------------------------------- gongkai diff


def test_gongkai_diff_prints_the_worklist(tmp_path: Path) -> None:
    root = sample_copy(tmp_path)
    path = root / "data" / "2023" / SAMPLE / "department.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("  gpb: 预算项目调整\n", ""), encoding="utf-8")
    result = invoke("diff", "2023", SAMPLE, "--project", str(root))
    assert result.exit_code == 0, result.output
    out = result.output
    assert "2023 年度渠县商务局：主要指标较上年的变动（万元）" in out
    assert "+1,756.01（+157.42%）" in out  # 一般公共预算财政拨款支出
    assert "未填写（reasons.gpb）" in out
    assert "2011301 行政运行" in out
    assert (
        f"上年数据来自 data/2023/{SAMPLE}/department.yaml 的 prior_year。须说明原因的变动共 4 处，其中 1 处"
        in out
    )
    assert "reasons.gpb。" in out


def test_gongkai_diff_json(tmp_path: Path) -> None:
    result = invoke("diff", "2023", SAMPLE, "--project", str(sample_copy(tmp_path)), "--format", "json")
    assert result.exit_code == 0, result.output
    document = json.loads(result.output)
    assert document["thresholds"] == {"rate_percent": "10", "amount": "1"}
    total = document["figures"][0]
    assert total["key"] == "total" and total["current"] == "3081.49" and total["base"] == "6773.08"
    assert total["change"] == {"delta": "-3691.59", "rate": "54.50", "text": "减少 3691.59 万元，下降 54.50%"}
    assert total["reason"] == {
        "key": "reasons.total",
        "rule": "Y-5",
        "required": True,
        "given": "预算项目调整",
    }
    assert document["missing"] == []
    codes = [item["code"] for item in document["items"]]
    assert "2011301" in codes and "2120899" in codes


def test_gongkai_diff_refuses_what_cannot_be_compared(tmp_path: Path) -> None:
    root = sample_copy(tmp_path)
    missing = invoke("diff", "2030", SAMPLE, "--project", str(root))
    assert missing.exit_code == 1 and f"找不到 data/2030/{SAMPLE}/" in missing.output
    (root / "data" / "2023" / SAMPLE / "department.yaml").write_text("name: [\n", encoding="utf-8")
    broken = invoke("diff", "2023", SAMPLE, "--project", str(root))
    assert broken.exit_code == 1
    assert "请先改正上面的错误" in broken.output and "Traceback" not in broken.output
