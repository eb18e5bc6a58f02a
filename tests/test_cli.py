"""The gongkai command: Chinese messages, exit statuses, and no traceback without --debug."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from generator import cli
from generator.build import BuildError, BuildRefused, BuildResult
from generator.model import Finding, Severity, Source

ERROR = Finding(
    Severity.ERROR,
    "T1-a",
    "收入合计不等于支出合计。",
    Source("data/2023/ce-shi-ju/决算.xlsx", "收入支出决算总表", "B7"),
    expected="3081.49",
    found="3080.49",
    department="2023/ce-shi-ju",
)
WARNING = Finding(Severity.WARNING, "Y-2", "缺少公开时间 [dates.published]。", department="2023/ling-yi-ju")
SITE_NOTE = Finding(Severity.INFO, "S-1", "site.yaml 没有填写联系方式。")


def run(*args: str) -> Result:
    # A wide terminal, so that Rich does not wrap the lines the tests look for.
    return CliRunner(env={"COLUMNS": "240"}).invoke(cli.cli, list(args))


@pytest.fixture
def findings(monkeypatch: pytest.MonkeyPatch) -> list[Finding]:
    """The findings `gongkai check` will report; load_project records the root it was given."""
    found: list[Finding] = []
    monkeypatch.setattr(cli, "load_project", lambda root: root)
    monkeypatch.setattr(cli, "check_project", lambda _project: found)
    return found


def test_check_prints_findings_by_department_and_fails_on_errors(findings: list[Finding]) -> None:
    findings.extend([WARNING, ERROR, SITE_NOTE])
    result = run("check")
    assert result.exit_code == 1
    out = result.output
    assert out.index("全站") < out.index("2023/ce-shi-ju") < out.index("2023/ling-yi-ju")
    assert "收入合计不等于支出合计。" in out
    assert "决算.xlsx › 收入支出决算总表!B7  错误 T1-a" in out
    assert "3081.49" in out and "3080.49" in out
    assert "[dates.published]" in out  # printed as text, not taken for Rich markup
    assert "共 1 个错误、1 个警告、1 个提示。" in out


def test_check_without_errors_exits_zero(findings: list[Finding]) -> None:
    assert run("check").output.strip() == "检查通过：未发现问题。"
    findings.append(WARNING)
    assert run("check").exit_code == 0


def test_check_json(findings: list[Finding]) -> None:
    findings.extend([ERROR, WARNING])
    result = run("check", "--format", "json")
    assert result.exit_code == 1
    document = json.loads(result.stdout)
    assert (document["errors"], document["warnings"], document["infos"]) == (1, 1, 0)
    first = document["findings"][0]
    assert first["severity"] == "错误"
    assert first["source"]["cell"] == "B7"
    assert first["location"] == ERROR.source.describe()
    assert first["expected"] == "3081.49"


def test_check_a_department_folder(
    findings: list[Finding], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    findings.extend([ERROR, WARNING, SITE_NOTE])
    folder = tmp_path / "data" / "2023" / "ce-shi-ju"
    folder.mkdir(parents=True)
    roots: list[Path] = []
    monkeypatch.setattr(cli, "load_project", roots.append)
    result = run("check", str(folder), "--format", "json")
    assert roots == [tmp_path.resolve()]
    rules = [finding["rule"] for finding in json.loads(result.stdout)["findings"]]
    assert rules == ["T1-a", "S-1"]  # the other department's warning is left out, site-wide notes stay


def test_build_refused_lists_the_findings(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    def refuse(_project_dir: Path, **_options: object) -> BuildResult:
        raise BuildRefused([ERROR])

    monkeypatch.setattr(cli, "build_site", refuse)
    result = run("build", str(tmp_path))
    assert result.exit_code == 1
    assert "收入合计不等于支出合计。" in result.output
    assert "检查发现 1 个错误，没有生成网站" in result.stderr
    assert "Traceback" not in result.output


def test_build_error_is_one_chinese_line(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    def fail(_project_dir: Path, **_options: object) -> BuildResult:
        raise BuildError("MkDocs 构建失败（严格模式下任何警告都算失败），原有网站未改动：\n  - 链接有误")

    monkeypatch.setattr(cli, "build_site", fail)
    result = run("build", str(tmp_path))
    assert result.exit_code == 1
    assert result.stderr.startswith("MkDocs 构建失败")
    assert result.stdout == ""


def test_build_reports_the_site(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    calls: list[dict[str, object]] = []

    def succeed(_project_dir: Path, **options: object) -> BuildResult:
        calls.append(options)
        staging = options["staging_dir"]
        return BuildResult(tmp_path / "site", 12, [WARNING], staging)  # type: ignore[arg-type]

    monkeypatch.setattr(cli, "build_site", succeed)
    result = run("build", str(tmp_path), "--keep-staging")
    assert result.exit_code == 0
    assert len(calls) == 1
    assert calls[0]["staging_dir"] == tmp_path / ".gongkai" / "staging" and calls[0]["only"] is None
    assert "缺少公开时间" in result.output
    assert f"网站已生成：{tmp_path / 'site'}（12 个页面）。" in result.output
    assert "mkdocs build -f" in result.output


def test_internal_error_without_traceback(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    def crash(_project_dir: Path, **_options: object) -> BuildResult:
        raise RuntimeError("boom")

    monkeypatch.setattr(cli, "build_site", crash)
    result = run("build", str(tmp_path))
    assert result.exit_code == 1
    assert "内部错误：RuntimeError: boom" in result.stderr
    assert "gongkai --debug" in result.stderr
    assert "Traceback" not in result.output
    debug = run("--debug", "build", str(tmp_path))
    assert debug.exit_code == 1
    assert "Traceback" in debug.stderr


def test_help_is_chinese() -> None:
    result = run("--help")
    assert "生成部门决算公开网站" in result.output
    for command in ("build", "check", "serve"):
        assert command in result.output
