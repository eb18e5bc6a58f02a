"""The ``gongkai`` command: thin click commands over the stages. Every message it prints is Chinese.

Known failures end with a Chinese explanation and exit status 1; anything unexpected becomes one
"内部错误" line (the traceback only with ``gongkai --debug``), never a bare traceback.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from pathlib import Path
from typing import Any, NoReturn

import click
from rich.console import Console
from rich.table import Table
from rich.text import Text

from generator.build import WORK_DIR, BuildError, BuildRefused, build_site, serve_site
from generator.check import check_project, has_errors
from generator.load import load_project
from generator.model import Finding, Severity

SEVERITY_ORDER = {Severity.ERROR: 0, Severity.WARNING: 1, Severity.INFO: 2}
SEVERITY_STYLE = {Severity.ERROR: "bold red", Severity.WARNING: "yellow", Severity.INFO: "cyan"}
PROJECT_WIDE = "全站"  # group of findings that belong to no department (site.yaml, folder names)


def _console(*, stderr: bool = False) -> Console:
    # markup off: messages quote workbook text, where "[...]" is not Rich markup
    return Console(stderr=stderr, markup=False, highlight=False)


def _fail(message: str) -> NoReturn:
    _console(stderr=True).print(Text(message, style="bold red"))
    raise click.exceptions.Exit(1)


def _stop(console: Console, error: BuildError) -> NoReturn:
    if isinstance(error, BuildRefused):
        print_findings(console, error.findings)
    _fail(str(error))


def count(findings: list[Finding], severity: Severity) -> int:
    return sum(1 for finding in findings if finding.severity is severity)


def summary(findings: list[Finding]) -> str:
    errors, warnings, infos = (count(findings, severity) for severity in Severity)
    return f"共 {errors} 个错误、{warnings} 个警告、{infos} 个提示。"


def print_findings(console: Console, findings: list[Finding]) -> None:
    """One table per department (project-wide findings first), errors first within each."""
    groups: dict[str, list[Finding]] = {}
    for finding in sorted(findings, key=lambda f: (f.department is not None, SEVERITY_ORDER[f.severity])):
        groups.setdefault(finding.department or PROJECT_WIDE, []).append(finding)
    for department, group in groups.items():
        table = Table(title=Text(department, style="bold"), title_justify="left", show_lines=True)
        for header in ("级别", "规则", "说明", "位置", "应为", "实为"):
            table.add_column(header, overflow="fold")  # fold long paths rather than cut off the cell
        for finding in group:
            table.add_row(
                Text(finding.severity.value, style=SEVERITY_STYLE[finding.severity]),
                finding.rule,
                finding.message,
                finding.source.describe() if finding.source else "",
                finding.expected or "",
                finding.found or "",
            )
        console.print(table)
    console.print(summary(findings))


def _finding_json(finding: Finding) -> dict[str, Any]:
    source = finding.source
    return {
        "severity": finding.severity.value,
        "rule": finding.rule,
        "message": finding.message,
        "department": finding.department,
        "location": source.describe() if source else None,
        "source": dataclasses.asdict(source) if source else None,
        "expected": finding.expected,
        "found": finding.found,
    }


def _locate(path: Path) -> tuple[Path, str | None]:
    """The project root and, when PATH lies inside its data/ (a year or a department), that label."""
    path = path.resolve()
    for folder in (path, *path.parents):
        if folder.name == "data" and folder != path:
            return folder.parent, path.relative_to(folder).as_posix()
    return path, None


def _in_scope(finding: Finding, scope: str | None) -> bool:
    # Project-wide findings (site.yaml…) stay in view: they stop every department's build.
    if scope is None or finding.department is None:
        return True
    return finding.department == scope or finding.department.startswith(f"{scope}/")


class _Group(click.Group):
    """Turns an unexpected exception into one Chinese line; the traceback only with --debug."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except (click.ClickException, click.exceptions.Exit, click.exceptions.Abort):
            raise
        except Exception as error:
            console = _console(stderr=True)
            if ctx.params.get("debug"):
                console.print_exception()
            console.print(Text(f"内部错误：{type(error).__name__}: {error}", style="bold red"))
            console.print("这是 gongkai 自身的缺陷，不是数据的问题。")
            console.print("请用 gongkai --debug … 重新运行，把输出报告给维护者。")
            raise click.exceptions.Exit(1) from error


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.option("--debug", is_flag=True, help="出现内部错误时显示完整的调用栈，便于报告问题。")
def cli(debug: bool) -> None:
    """gongkai：由部门决算公开报表和 department.yaml 生成部门决算公开网站。"""


@cli.command()
@click.argument("project_dir", default=".", type=click.Path(file_okay=False, path_type=Path))
@click.option(
    "--keep-staging", is_flag=True, help=f"保留 {WORK_DIR}/staging/ 下的临时 MkDocs 项目，便于排查。"
)
def build(project_dir: Path, keep_staging: bool) -> None:
    """检查数据并生成网站到 site/（整体替换；失败时原网站保持不变）。"""
    console = _console()
    staging = project_dir / WORK_DIR / "staging" if keep_staging else None
    try:
        result = build_site(project_dir, staging_dir=staging)
    except BuildError as error:
        if staging is not None and staging.is_dir():
            console.print(f"临时 MkDocs 项目保留在 {staging}。")
        _stop(console, error)
    if result.findings:
        print_findings(console, result.findings)
    console.print(Text(f"网站已生成：{result.site_dir}（{result.pages} 个页面）。", style="green"))
    if result.staging_dir is not None:
        config = result.staging_dir / "mkdocs.yml"
        console.print(
            f"临时 MkDocs 项目保留在 {result.staging_dir}，可用 mkdocs build -f {config} 重新构建。"
        )


@cli.command()
@click.argument("path", default=".", type=click.Path(path_type=Path))
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["text", "json"]),
    default="text",
    show_default=True,
    help="输出格式：text 为表格，json 供其他程序读取。",
)
def check(path: Path, output_format: str) -> None:
    """检查数据，列出错误、警告和提示；有错误时退出状态为 1。

    PATH 可以是项目目录，也可以是其中的年度或部门文件夹（如 data/2023/qu-xian-shang-wu-ju）。
    """
    root, scope = _locate(path)
    findings = [finding for finding in check_project(load_project(root)) if _in_scope(finding, scope)]
    if output_format == "json":
        document = {
            "errors": count(findings, Severity.ERROR),
            "warnings": count(findings, Severity.WARNING),
            "infos": count(findings, Severity.INFO),
            "findings": [_finding_json(finding) for finding in findings],
        }
        click.echo(json.dumps(document, ensure_ascii=False, indent=2))
    elif findings:
        print_findings(_console(), findings)
    else:
        _console().print(Text("检查通过：未发现问题。", style="green"))
    if has_errors(findings):
        raise click.exceptions.Exit(1)


@cli.command()
@click.argument("project_dir", default=".", type=click.Path(file_okay=False, path_type=Path))
@click.option(
    "-a",
    "--dev-addr",
    default="127.0.0.1:8000",
    show_default=True,
    metavar="<IP:端口>",
    help="预览服务器的地址。",
)
def serve(project_dir: Path, dev_addr: str) -> None:
    """本地预览网站；data/、templates/、content/ 有改动时自动重新生成并刷新页面。"""
    console = _console()

    def report(result: list[Finding] | BuildError) -> None:
        now = dt.datetime.now().strftime("%H:%M:%S")
        if isinstance(result, BuildRefused):
            print_findings(console, result.findings)
        if isinstance(result, BuildError):
            console.print(Text(f"{now} 重新生成失败，预览仍显示上一版：{result}", style="red"))
        else:
            console.print(Text(f"{now} 页面已生成。{summary(result)}", style="green"))

    console.print(f"预览地址：http://{dev_addr}/（按 Ctrl+C 停止）")
    try:
        serve_site(project_dir, dev_addr=dev_addr, report=report)
    except BuildError as error:
        _stop(console, error)
    console.print("预览已停止。")


def main() -> None:
    cli(prog_name="gongkai")
