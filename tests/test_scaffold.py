"""``gongkai new YEAR DEPT [--from YEAR-1]``: next year's folder from last year's, and a check that
lists exactly what is still to be filled in."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import openpyxl
import pytest
import yaml
from check_support import SITE
from click.testing import CliRunner, Result

from generator import cli
from generator.check import check_project
from generator.load import load_project
from generator.model import Finding
from generator.readers.yamlfile import load_department
from generator.tools.blank_workbook import PLACEHOLDER, TEMPLATE_NAME
from generator.tools.scaffold import ScaffoldError, new_department_year

REPO = Path(__file__).resolve().parent.parent
SLUG = "qu-xian-shang-wu-ju"
LAST_YEAR = """\
name: 测试局
code: "001"
kind: 参公
duties: |
  一是负责全县商务工作。

  二是负责招商引资：对外开放。
organisation:
  description: 内设办公室、商贸股。
  units:
    - name: 测试局
      note: 本级
    - name: 测试局服务中心
      note: 二级预算单位
staff:
  authorised: 12
  note: 其中参照公务员法管理人员 3 人。
dates:
  approved: 2023-09-08
  published: 2023-09-26
reasons:
  total: 新增项目
descriptions:
  "2011301": 保障机关正常运转
glossary:
  "2011399": 反映其他商贸事务支出。
sangong:
  reception:
    domestic:
      batches: 75
      amount: 9.00
procurement:
  goods: 12.50
performance:
  overall_score: 94
other_matters: 无。
"""


def sample_copy(root: Path) -> Path:
    """The repository's data/ (the sample department-years and site.yaml) in a temporary project."""
    shutil.copytree(REPO / "data", root / "data")
    return root


def findings_of(root: Path, label: str) -> list[Finding]:
    return [f for f in check_project(load_project(root)) if f.department == label]


def run(*args: str) -> Result:
    return CliRunner(env={"COLUMNS": "240"}).invoke(cli.cli, list(args))


@pytest.fixture
def last_year(tmp_path: Path) -> Path:
    """A project with one department-year, 2023, written by hand (no prior folder for 2024's prior)."""
    (tmp_path / "data" / "2023" / "ce-shi-ju").mkdir(parents=True)
    (tmp_path / "data" / "site.yaml").write_text(SITE.format(profile="mof"), encoding="utf-8")
    (tmp_path / "data" / "2023" / "ce-shi-ju" / "department.yaml").write_text(LAST_YEAR, encoding="utf-8")
    return tmp_path


def test_what_stays_true_is_carried_over_and_the_rest_emptied(last_year: Path) -> None:
    made = new_department_year(last_year, 2024, "ce-shi-ju", source_year=2023)
    assert made.prior_from_folder  # data/2023/ce-shi-ju/ gives the prior year's figures
    department, findings = load_department(made.department_yaml)
    assert findings == [] and department is not None
    before = yaml.safe_load(LAST_YEAR)
    assert (department.name, department.code, department.kind) == ("测试局", "001", "参公")
    assert department.duties == before["duties"].strip()  # paragraphs kept, as a block
    assert [unit.name for unit in department.organisation.units] == ["测试局", "测试局服务中心"]
    assert department.staff is not None
    assert department.staff.note == "其中参照公务员法管理人员 3 人。"
    assert department.staff.authorised is None  # a count of this year
    assert department.descriptions == {"2011301": "保障机关正常运转"}
    assert department.glossary == {"2011399": "反映其他商贸事务支出。"}
    assert department.dates.approved is None and department.dates.published is None
    assert department.reasons.total == ""
    assert department.sangong.reception.domestic.batches is None
    assert department.sangong.vehicles.held is None  # "not stated", not zero vehicles
    assert department.procurement.goods == 0 and department.other_matters == ""
    assert department.performance.overall_score is None


def test_year_specific_keys_are_marked_for_review_with_last_years_value(last_year: Path) -> None:
    made = new_department_year(last_year, 2025, "ce-shi-ju", source_year=2023)
    text = made.department_yaml.read_text(encoding="utf-8")
    assert "  approved: # 请核对：决算批复日期（上年：2023-09-08）\n" in text
    assert "  total: # 请核对：收支总计较上年变动的原因（上年：新增项目）\n" in text
    assert "    held: # 请核对：12 月 31 日公务用车保有量，" in text
    assert "name: 测试局 # 部门全称\n" in text
    assert {"dates.approved", "reasons.total", "other_matters", "staff.authorised"} <= set(made.marked)
    assert not {"name", "duties", "organisation", "staff.note"} & set(made.marked)
    # no data/2024/ce-shi-ju/ to take 2025's prior-year figures from: prior_year is to be filled
    assert not made.prior_from_folder
    assert "\nprior_year: # 上年决算数\n" in text


def test_the_blank_workbook_is_for_the_department_and_year(last_year: Path) -> None:
    made = new_department_year(last_year, 2024, "ce-shi-ju", source_year=2023)
    assert made.workbook == last_year / "data" / "2024" / "ce-shi-ju" / TEMPLATE_NAME
    book = openpyxl.load_workbook(made.workbook)
    assert len(book.sheetnames) == 1 + 9  # 填表说明 and the Ministry's 9 tables (site.yaml: mof)
    frame = [cell.value for cell in book["公开02表"][2] if cell.value]
    assert frame == ["编制单位：测试局", "2024年度", "单位：万元"]


def test_the_sample_rolls_over_and_check_asks_for_the_workbook(tmp_path: Path) -> None:
    root = sample_copy(tmp_path)
    made = new_department_year(root, 2024, SLUG, source_year=2023)
    assert made.prior_from_folder
    text = made.department_yaml.read_text(encoding="utf-8")
    assert "prior_year" not in text.replace("不需要 prior_year", "")
    department, _ = load_department(made.department_yaml)
    assert department is not None and department.profile is None
    found = findings_of(root, f"2024/{SLUG}")
    # a blank workbook is reported at its 总计 cells, not read as a department that spent nothing
    placeholders = [f for f in found if f.rule == "load.amount-not-number"]
    assert {f.found for f in placeholders} == {PLACEHOLDER}
    assert {f.source.cell for f in placeholders if f.source} == {"B35", "D35"}
    assert {f.rule for f in found} == {"load.amount-not-number", "check.blank-table"}


def test_check_names_the_cells_to_fill_in_each_table_of_a_blank_workbook(tmp_path: Path) -> None:
    """Not only the 总计 that says 请填写: each table, at the cell its figures start, even once the
    placeholders are cleared (a workbook with every table blank is not one that spent nothing)."""
    root = sample_copy(tmp_path)
    made = new_department_year(root, 2024, SLUG, source_year=2023)
    book = openpyxl.load_workbook(made.workbook)
    for cleared in (False, True):
        blank = [f for f in findings_of(root, f"2024/{SLUG}") if f.rule == "check.blank-table"]
        sheets = [name for name in book.sheetnames if name.startswith("公开")]
        assert [f.source.sheet for f in blank if f.source] == sheets
        for finding in blank:
            assert finding.severity.value == "错误" and finding.source and finding.source.cell
            assert f"从单元格 {finding.source.cell} 起" in finding.message and "还没有填写" in finding.message
            sheet = book[finding.source.sheet]
            assert sheet[finding.source.cell].value in (None, PLACEHOLDER), finding.message
        summary = next(f for f in blank if f.source and f.source.sheet == "公开01表")
        assert summary.source and summary.source.cell == "B6"  # 一般公共预算财政拨款收入, the first figure
        if not cleared:
            for cell in ("B35", "D35"):
                book["公开01表"][cell] = None
            book.save(made.workbook)


def test_without_from_check_lists_the_required_narrative(tmp_path: Path) -> None:
    root = sample_copy(tmp_path)
    made = new_department_year(root, 2024, "xin-bu-men")
    text = made.department_yaml.read_text(encoding="utf-8")
    assert "name: # 请填写：部门全称\n" in text and "请核对" not in text
    found = findings_of(root, "2024/xin-bu-men")
    missing = {f.source.key for f in found if f.rule == "yaml.missing-key" and f.source}
    assert missing == {"name", "kind", "duties", "organisation.description"}
    assert {f.rule for f in found} == {"yaml.missing-key", "load.amount-not-number", "check.blank-table"}


def test_refusals_leave_everything_as_it_was(last_year: Path) -> None:
    new_department_year(last_year, 2024, "ce-shi-ju", source_year=2023)
    written = (last_year / "data" / "2024" / "ce-shi-ju" / "department.yaml").read_bytes()
    with pytest.raises(ScaffoldError, match="已存在且不是空文件夹"):
        new_department_year(last_year, 2024, "ce-shi-ju", source_year=2023)
    assert (last_year / "data" / "2024" / "ce-shi-ju" / "department.yaml").read_bytes() == written
    with pytest.raises(ScaffoldError, match="不合规"):
        new_department_year(last_year, 2024, "Ce Shi")
    with pytest.raises(
        ScaffoldError, match=re.escape("找不到上年的部门说明文件 data/2022/ce-shi-ju/department.yaml")
    ):
        new_department_year(last_year, 2025, "ce-shi-ju", source_year=2022)
    with pytest.raises(ScaffoldError, match="四位年份"):
        new_department_year(last_year, 24, "ce-shi-ju")
    source = last_year / "data" / "2023" / "ce-shi-ju" / "department.yaml"
    source.write_text(LAST_YEAR + "profile: hainan\n", encoding="utf-8")
    with pytest.raises(ScaffoldError, match="profile“hainan”不是可用的公开规范"):
        new_department_year(last_year, 2025, "ce-shi-ju", source_year=2023)
    broken = source
    broken.write_text("name: [测试局\n", encoding="utf-8")
    with pytest.raises(ScaffoldError, match=re.escape("无法读取 data/2023/ce-shi-ju/department.yaml")):
        new_department_year(last_year, 2025, "ce-shi-ju", source_year=2023)
    assert not (last_year / "data" / "2025").exists()


def test_gongkai_new(tmp_path: Path) -> None:
    root = sample_copy(tmp_path)
    result = run("new", "2024", SLUG, "--from", "2023", "--project", str(root))
    assert result.exit_code == 0, result.output
    assert f"已新建 data/2024/{SLUG}/" in result.output
    assert f"上年决算数将从 data/2023/{SLUG}/ 读取" in result.output
    assert f"gongkai check data/2024/{SLUG}" in result.output
    again = run("new", "2024", SLUG, "--from", "2023", "--project", str(root))
    assert again.exit_code == 1 and "已存在" in again.output and "Traceback" not in again.output
