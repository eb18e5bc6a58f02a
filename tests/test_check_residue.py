"""Y-8: placeholders and slips in every text file, as written; a published document's own slips,
quoted in its ``acknowledged`` list, are notes, and the same slip anywhere else stays an error."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from check_support import DEPARTMENT, SLUG, YEAR, Checked, check, line_of, run, write_project, yaml_with

from generator.model import Finding, Severity
from generator.rules.residue import template_residue

REPO = Path(__file__).resolve().parent.parent
SAMPLE = Path("data") / "2023" / "qu-xian-shang-wu-ju"
RESIDUE = [
    "XX",
    "××",
    "某某",
    "……",
    "（具体项目）",
    "增加（减少）",
    "请填写",
    "0元",
    "用于0",
    "，，",
    "。。",
    "主要用于主要用于",
]
EVALUATION = """\
kind: 项目
name: 测试项目
budget:
  adjusted: 20.00
  executed: 20.00
conclusion: 项目按计划完成。
"""


def at(finding: Finding, file: str, key: str | None, line: int) -> None:
    assert finding.source is not None
    assert (finding.source.file, finding.source.key, finding.source.line) == (file, key, line)


def of(checked: Checked, severity: Severity) -> list[Finding]:
    return [f for f in checked.findings if f.rule == "Y-8" and f.severity is severity]


DEPARTMENT_FILE = f"data/{YEAR}/{SLUG}/department.yaml"
EVALUATION_FILE = f"data/{YEAR}/{SLUG}/evaluation/01.yaml"


def with_evaluation(root: Path, text: str) -> Checked:
    write_project(root)
    folder = root / "data" / str(YEAR) / SLUG / "evaluation"
    folder.mkdir()
    (folder / "01.yaml").write_text(text, encoding="utf-8")
    return check(root)


@pytest.mark.parametrize("residue", RESIDUE)
def test_y8_in_department_yaml(tmp_path: Path, residue: str) -> None:
    department = yaml_with(DEPARTMENT, "主要用于招商引资接待。", f"主要用于接待{residue}。")
    (finding,) = of(run(tmp_path, department=department), Severity.ERROR)
    at(finding, DEPARTMENT_FILE, "sangong.reception.domestic.description", line_of(department, residue))
    assert f"“{residue}”" in finding.message


def test_y8_a_leading_doubled_lead_in_is_checked_before_the_loader_strips_it(tmp_path: Path) -> None:
    department = yaml_with(DEPARTMENT, "主要用于招商引资接待。", "主要用于主要用于招商引资接待。")
    (finding,) = of(run(tmp_path, department=department), Severity.ERROR)
    assert "“主要用于主要用于”" in finding.message


def test_y8_one_finding_per_occurrence(tmp_path: Path) -> None:
    """Seed 003: 外事接待 “主要用于接待...（具体项目）” — two pieces of residue, two findings."""
    department = yaml_with(
        DEPARTMENT,
        "      description: 主要用于招商引资接待。\n",
        "      description: 主要用于招商引资接待。\n"
        "    foreign:\n      description: 主要用于接待...（具体项目）\n",
    )
    findings = of(run(tmp_path, department=department), Severity.ERROR)
    assert [f.message.split("含有")[1].split("：")[0] for f in findings] == [
        "模板残留“...”",
        "模板残留“（具体项目）”",
    ]
    for finding in findings:
        at(
            finding,
            DEPARTMENT_FILE,
            "sangong.reception.foreign.description",
            line_of(department, "（具体项目）"),
        )


@pytest.mark.parametrize("residue", RESIDUE)
def test_y8_in_an_evaluation_file(tmp_path: Path, residue: str) -> None:
    text = EVALUATION.replace("项目按计划完成。", f"项目{residue}按计划完成。")
    (finding,) = of(with_evaluation(tmp_path, text), Severity.ERROR)
    at(finding, EVALUATION_FILE, "conclusion", line_of(text, "conclusion"))


def test_y8_acknowledged_passage_is_a_note_and_the_same_slip_elsewhere_an_error(tmp_path: Path) -> None:
    text = (
        EVALUATION.replace("项目按计划完成。", "事业收入0元，项目按计划完成。")
        + "problems: 其他收入0元。\nacknowledged:\n  - 事业收入0元\n"
    )
    checked = with_evaluation(tmp_path, text)
    (note,) = of(checked, Severity.INFO)
    at(note, EVALUATION_FILE, "conclusion", line_of(text, "conclusion"))
    assert "“0元”" in note.message and "“事业收入0元”" in note.message
    (error,) = of(checked, Severity.ERROR)
    at(error, EVALUATION_FILE, "problems", line_of(text, "problems"))


def test_y8_an_acknowledgement_that_matches_nothing_is_a_warning(tmp_path: Path) -> None:
    text = EVALUATION + "acknowledged:\n  - 事业收入0元\n"
    (warning,) = of(with_evaluation(tmp_path, text), Severity.WARNING)
    at(warning, EVALUATION_FILE, "acknowledged", line_of(text, "acknowledged"))


def test_y8_in_site_yaml(tmp_path: Path) -> None:
    root = write_project(tmp_path)
    site = root / "data" / "site.yaml"
    site.write_text(site.read_text(encoding="utf-8").replace("四川省测试县", "XX省XX县"), encoding="utf-8")
    findings = of(check(root), Severity.ERROR)
    assert len(findings) == 2  # one per occurrence
    for finding in findings:
        at(finding, "data/site.yaml", "region", 2)


def test_y8_in_a_content_page_but_not_in_its_code(tmp_path: Path) -> None:
    root = write_project(tmp_path)
    page = root / "content" / "baogao" / "x.md"
    page.parent.mkdir(parents=True)
    page.write_text("# 报告\n\n写着`请填写`的单元格。\n\n```\nXX\n```\n\n主要用于XX。。\n", encoding="utf-8")
    findings = of(check(root), Severity.ERROR)
    assert [f.message.split("含有")[1].split("：")[0] for f in findings] == ["模板残留“XX”", "笔误“。。”"]
    for finding in findings:
        at(finding, "content/baogao/x.md", None, 9)


def test_y8_a_content_page_acknowledges_in_its_front_matter(tmp_path: Path) -> None:
    root = write_project(tmp_path)
    page = root / "content" / "baogao" / "x.md"
    page.parent.mkdir(parents=True)
    page.write_text(
        "---\nacknowledged:\n  - 原文，，照录\n---\n# 报告\n\n原文，，照录。另有，，一处。\n",
        encoding="utf-8",
    )
    checked = check(root)
    (note,) = of(checked, Severity.INFO)
    (error,) = of(checked, Severity.ERROR)
    at(note, "content/baogao/x.md", None, 7)
    at(error, "content/baogao/x.md", None, 7)
    assert "“原文，，照录”" in note.message


def test_y8_the_projects_own_help_pages_are_clean() -> None:
    checked = check(REPO)
    assert not [
        f for f in checked.findings if f.rule == "Y-8" and f.source and f.source.file.startswith("content")
    ]


@pytest.fixture(scope="module")
def sample_copy(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("sample")
    shutil.copytree(REPO / "data", root / "data")
    return root


def test_y8_the_samples_own_slips_are_listed_as_notes(sample_copy: Path) -> None:
    checked = check(sample_copy)
    assert not of(checked, Severity.ERROR) and not of(checked, Severity.WARNING)
    listed = {
        (f.source.file, f.message.split("含有")[1].split("：")[0])
        for f in of(checked, Severity.INFO)
        if f.source
    }
    assert listed == {
        (f"{SAMPLE.as_posix()}/department.yaml", "笔误“主要用于主要用于”"),
        (f"{SAMPLE.as_posix()}/department.yaml", "模板残留“...”"),
        (f"{SAMPLE.as_posix()}/department.yaml", "模板残留“（具体项目）”"),
        (f"{SAMPLE.as_posix()}/evaluation/00-bumen.yaml", "模板残留“0元”"),
    }


def test_y8_a_new_file_with_the_samples_slip_is_an_error(sample_copy: Path) -> None:
    extra = sample_copy / SAMPLE / "evaluation" / "xiangmu" / "99.yaml"
    extra.write_text(EVALUATION.replace("项目按计划完成。", "事业收入0元。"), encoding="utf-8")
    try:
        (error,) = of(check(sample_copy), Severity.ERROR)
    finally:
        extra.unlink()
    at(error, f"{SAMPLE.as_posix()}/evaluation/xiangmu/99.yaml", "conclusion", 6)


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("研究研究研究", ["研究研究"]),
        ("主要用于主要用于执行公务", ["主要用于主要用于"]),
        ("部门部门整体支出", ["部门部门"]),
        ("共计支出 0 万元", []),
        ("支出10元，结余100元", []),
    ],
)
def test_y8_pieces(text: str, found: list[str]) -> None:
    assert template_residue(text) == found


@pytest.mark.parametrize(
    "text",
    [
        "较上年增加 0.50 万元",
        "主要用于招商引资、展会等接待",
        "常常",
        "一是加强管理，二是节约开支",
        "2023 年",
        "哈哈哈哈",
    ],
)
def test_y8_ordinary_text_is_not_residue(text: str) -> None:
    assert template_residue(text) == []
