"""A department-year that publishes only its self-evaluation (seeds 000 and 002): department.yaml declares
it with ``publishes: 绩效自评``; it has no workbook, its check runs the rules that read only the YAML,
and its pages are 部门概况 (when department.yaml describes the department) and 绩效自评."""

from __future__ import annotations

import csv
import shutil
from pathlib import Path

from check_support import SLUG, YEAR, line_of, write_project
from click.testing import CliRunner

from generator import cli
from generator.check import check_project, has_errors
from generator.load import load_project
from generator.model import Finding, Severity
from generator.render import render_site

REPO = Path(__file__).resolve().parent.parent
LE_CHANG = REPO / "examples" / "le-chang"
FOLDER = Path("data") / "2023" / "le-chang-shi-shang-wu-ju"
# The rules that read only department.yaml and the evaluation files.
YAML_RULES = ("E-", "P-2", "P-3", "Y-8")


def _le_chang(tmp_path: Path) -> Path:
    """A copy of examples/le-chang/ (its templates and mkdocs.yml copied, not linked)."""
    root = tmp_path / "le-chang"
    shutil.copytree(LE_CHANG, root, symlinks=False, ignore=shutil.ignore_patterns("site", ".gongkai"))
    return root


def _errors(root: Path) -> list[Finding]:
    return [f for f in load_project(root).all_findings() if f.severity is Severity.ERROR]


def _rewrite(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")


def test_it_loads_and_checks_without_a_workbook_and_without_the_tables_rules(tmp_path: Path) -> None:
    project = load_project(_le_chang(tmp_path))
    [dy] = project.department_years
    assert dy.accounts is None and dy.department is not None and dy.department.evaluation_only
    findings = check_project(project)
    assert not has_errors(findings)
    # no "could not check" per table rule: those rules do not apply where no 决算 is published
    assert [f.rule for f in findings if not f.rule.startswith(YAML_RULES)] == []
    assert any(
        f.rule == "Y-8" for f in findings
    )  # the rules on the texts ran (the seed's acknowledged slips)


def test_its_evaluation_rules_still_report_a_mistake(tmp_path: Path) -> None:
    """Seed 002's 部门整体 98 分 “优”, its score altered: the stated grade no longer fits (E-4)."""
    root = tmp_path / "hebei"
    shutil.copytree(REPO / "examples" / "hebei", root, ignore=shutil.ignore_patterns("site", ".gongkai"))
    evaluation = root / "data" / "2023" / "chang-li-xian-zhao-shang-zhong-xin" / "evaluation" / "bumen.yaml"
    _rewrite(evaluation, "score: 98\n", "score: 75\n")
    findings = check_project(load_project(root))
    [finding] = [f for f in findings if f.severity is Severity.ERROR]
    grade = line_of(evaluation.read_text(encoding="utf-8"), "grade: 优")
    assert finding.rule == "E-4" and finding.source is not None and finding.source.line == grade
    # no 决算情况说明 to quote the score (E-10) where none is published
    assert not [f for f in findings if f.rule == "E-10"]


def test_without_the_declaration_a_missing_workbook_is_still_an_error(tmp_path: Path) -> None:
    root = _le_chang(tmp_path)
    _rewrite(root / FOLDER / "department.yaml", "publishes: 绩效自评\n", "")
    found = _errors(root)
    missing = [f for f in found if f.rule == "load.workbook-missing"]
    assert len(missing) == 1 and "publishes: 绩效自评" in missing[0].message
    # a department publishing its 决算 states its 单位性质: the error says how to declare the other case
    [kind] = [f for f in found if f.rule == "yaml.missing-key"]
    assert kind.source is not None and kind.source.key == "kind" and "publishes: 绩效自评" in kind.message


def test_a_workbook_beside_the_declaration_is_an_error_at_its_line(tmp_path: Path) -> None:
    root = _le_chang(tmp_path)
    (root / FOLDER / "决算公开报表.xlsx").write_bytes(b"")
    [finding] = _errors(root)
    assert finding.rule == "load.workbook-unexpected"
    assert finding.source is not None and (finding.source.key, finding.source.line) == ("publishes", 6)
    assert "决算公开报表.xlsx" in finding.message and "不会发布" in finding.message


def test_the_declaration_without_self_evaluations_is_an_error(tmp_path: Path) -> None:
    root = _le_chang(tmp_path)
    shutil.rmtree(root / FOLDER / "evaluation")
    [finding] = _errors(root)
    assert finding.rule == "load.evaluation-missing" and finding.source is not None
    assert finding.source.line == 6 and "evaluation/" in finding.message


def test_a_declaration_misspelt_names_the_choices_at_its_line(tmp_path: Path) -> None:
    root = _le_chang(tmp_path)
    _rewrite(root / FOLDER / "department.yaml", "publishes: 绩效自评", "publishes: 自评")
    [finding, *_] = _errors(root)
    assert finding.rule == "yaml.invalid-value" and finding.source is not None and finding.source.line == 6
    assert "决算、绩效自评" in finding.message


def test_beside_a_department_publishing_its_accounts_it_is_listed_not_counted(tmp_path: Path) -> None:
    """The year page counts the 决算 it compares and lists the self-evaluation alone; the CSV has the one."""
    root = write_project(tmp_path / "project")
    shutil.copytree(REPO / "templates", root / "templates")
    shutil.copytree(LE_CHANG / FOLDER, root / FOLDER)
    project = load_project(root)
    assert not has_errors(check_project(project))
    docs = tmp_path / "docs"
    nav = render_site(project, docs)
    year = (docs / str(YEAR) / "index.md").read_text(encoding="utf-8")
    assert "年度共有 1 个部门公开决算" in year
    assert "另有 1 个部门只公开了绩效自评结果，没有公开部门决算" in year
    assert "[乐昌市商务局](le-chang-shi-shang-wu-ju/index.md)" in year
    key_figures = docs / str(YEAR) / "downloads" / f"key-figures-{YEAR}.csv"
    rows = list(csv.reader(key_figures.read_text(encoding="utf-8-sig").splitlines()))
    assert [row[1] for row in rows[1:]] == ["测试局"]
    [year_nav] = [entry[f"{YEAR} 年度"] for entry in nav if f"{YEAR} 年度" in entry]
    [le_chang] = [e["乐昌市商务局"] for e in year_nav if isinstance(e, dict) and "乐昌市商务局" in e]
    assert le_chang[0] == f"{FOLDER.relative_to('data').as_posix()}/index.md"
    assert [next(iter(entry)) for entry in le_chang[1:]] == ["部门概况", "绩效自评"]
    pages = docs / FOLDER.relative_to("data")
    published = sorted(page.relative_to(pages).as_posix() for page in pages.rglob("*.md"))
    assert published == ["gaikuang.md", "index.md", "jixiao/bumen.md", "jixiao/index.md"]
    assert (docs / str(YEAR) / SLUG / "shuoming.md").is_file()


def test_diff_says_there_is_no_accounts_to_compare() -> None:
    result = CliRunner().invoke(
        cli.cli, ["diff", "2023", "le-chang-shi-shang-wu-ju", "--project", str(LE_CHANG)]
    )
    assert result.exit_code == 1 and "只公开绩效自评" in result.output and "Traceback" not in result.output
