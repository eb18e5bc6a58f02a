"""The ``gongkai`` command: thin click commands over the stages. Every message it prints is Chinese.

Known failures end with a Chinese explanation and exit status 1; anything unexpected becomes one
"内部错误" line (the traceback only with ``gongkai --debug``), never a bare traceback.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import difflib
import errno
import json
import os
import re
import shutil
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, NoReturn

import click
from rich.console import Console
from rich.markdown import Markdown
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.text import Text

from generator.build import BuildError, BuildRefused, build_site
from generator.check import check_project, has_errors
from generator.load import YEAR_PATTERN, load_project
from generator.model import DepartmentYear, Finding, Project, Severity
from generator.parallel import Progress as ProgressReport
from generator.serve import STAFF_FOLDER, STAFF_HELP, serve_site
from generator.staging import WORK_DIR
from generator.standard.profiles import load_profile
from generator.terminal.chinese import ChineseGroup
from generator.terminal.findings import count, print_findings, summary
from generator.tools.blank_workbook import TABLE_SETS, TEMPLATE_NAME, TableSet, Unit, write_template
from generator.tools.changes import diff_department_year, diff_json, diff_summary, diff_tables
from generator.tools.scaffold import ScaffoldError, new_department_year, site_profile
from generator.tools.templates import update_templates


def _console(*, stderr: bool = False) -> Console:
    # markup off: messages quote workbook text, where "[...]" is not Rich markup
    return Console(stderr=stderr, markup=False, highlight=False)


def _fail(message: str) -> NoReturn:
    # soft_wrap: the terminal wraps the line, Rich does not break a path with a newline
    _console(stderr=True).print(Text(message, style="bold red"), soft_wrap=True)
    raise click.exceptions.Exit(1)


def _stop(console: Console, error: BuildError) -> NoReturn:
    if isinstance(error, BuildRefused):
        print_findings(console, error.findings)
    _fail(str(error))


PROGRESS_AFTER = 2.0  # seconds: a build quicker than this shows no progress bar


@contextmanager
def progress_bar(console: Console) -> Iterator[ProgressReport]:
    """A progress report for the stages, drawn on a terminal once the build has taken a few seconds."""
    started = time.monotonic()
    bar = Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=console,
        transient=True,
    )
    tasks: dict[str, Any] = {}

    def report(stage: str, done: int, total: int) -> None:
        if not console.is_terminal:
            return
        if stage not in tasks:
            tasks[stage] = bar.add_task(stage, total=total)
        bar.update(tasks[stage], completed=done, total=total)
        if not bar.live.is_started and time.monotonic() - started > PROGRESS_AFTER:
            bar.start()

    try:
        yield report
    finally:
        if bar.live.is_started:
            bar.stop()


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
        "details": list(finding.details),
    }


def _folders(directory: Path) -> list[str]:
    return sorted(child.name for child in directory.iterdir() if child.is_dir()) if directory.is_dir() else []


def _not_there(shown: str, data: Path, parts: tuple[str, ...]) -> NoReturn:
    """A year or department folder that does not exist: say which ones do, the likeliest first."""
    where = data.joinpath(*parts[:-1])
    present = [name for name in _folders(where) if len(parts) > 1 or YEAR_PATTERN.match(name)]
    kind = "年度" if len(parts) == 1 else "部门"
    guess = difflib.get_close_matches(parts[-1], present, n=1) if len(parts) > 1 else []
    hint = f"是否想写 {guess[0]}？" if guess else ""
    listed = f"{where.name}/ 下的{kind}有：{'、'.join(present)}。" if present else ""
    _fail(f"找不到{kind}文件夹 {shown}：{hint}{listed}请检查路径的拼写。")


def _locate(path: Path) -> tuple[Path, str | None]:
    """The project root and, when PATH is a year or department folder inside its data/, that label.

    Any other path is an error: a mistyped folder must never check as "no problems found".
    """
    shown = path.as_posix()
    path = path.resolve()
    if path.name == "data" and path.is_dir():
        return path.parent, None
    data = next((folder for folder in path.parents if folder.name == "data"), None)
    if data is None:
        if not path.is_dir():
            _fail(f"找不到项目文件夹 {shown}：请给出项目文件夹（含 data/），或其中的年度、部门文件夹。")
        return path, None
    parts = path.relative_to(data).parts
    if not YEAR_PATTERN.match(parts[0]) or len(parts) > 2 or (path.exists() and not path.is_dir()):
        _fail(
            f"{shown} 不是项目、年度或部门文件夹：请给出项目文件夹，或 data/ 下的年度文件夹（如 data/2023）"
            "或部门文件夹（如 data/2023/qu-xian-shang-wu-ju）。"
        )
    for depth in range(1, len(parts) + 1):
        if not data.joinpath(*parts[:depth]).is_dir():
            _not_there(shown, data, parts[:depth])
    return data.parent, "/".join(parts)


def _in_scope(finding: Finding, scope: str | None) -> bool:
    # Project-wide findings (site.yaml…) stay in view: they stop every department's build.
    if scope is None or finding.department is None:
        return True
    return finding.department == scope or finding.department.startswith(f"{scope}/")


class _Group(ChineseGroup):
    """Turns an unexpected exception into one Chinese line; the traceback only with --debug."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except (click.ClickException, click.exceptions.Exit, click.exceptions.Abort, KeyboardInterrupt):
            raise
        except BaseException as error:  # a Rust reader's PanicException is a BaseException
            if isinstance(error, (SystemExit, GeneratorExit)):
                raise
            console = _console(stderr=True)
            if ctx.params.get("debug"):
                console.print_exception()
            if isinstance(error, OSError) and error.errno in (errno.ENOSPC, errno.EDQUOT):
                _fail(f"磁盘空间不足，无法写入 {error.filename or '文件'}：请清理磁盘后重试。")
            console.print(Text(f"内部错误：{type(error).__name__}: {error}", style="bold red"))
            console.print("这是 gongkai 自身的缺陷，不是数据的问题。")
            console.print("请用 gongkai --debug … 重新运行，把输出报告给维护者。")
            raise click.exceptions.Exit(1) from error


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.option("--debug", is_flag=True, help="出现内部错误时显示完整的调用栈，便于报告问题。")
def cli(debug: bool) -> None:
    """gongkai：由部门决算公开报表和 department.yaml 生成部门决算公开网站。"""


FORMAT_OPTION = click.option(
    "--format",
    "output_format",
    type=click.Choice(["text", "json"]),
    default="text",
    show_default=True,
    help="输出格式：text 为表格，json 供其他程序读取。",
)


# One department-year, for a quick look while correcting its data.
ONLY_OPTION = click.option(
    "--only",
    metavar="<年度/部门>",
    help="只生成一个部门年度，如 2023/qu-xian-shang-wu-ju（上年数据仍用于对比）。",
)


@cli.command()
@click.argument(
    "project_dir", default=".", metavar="[项目文件夹]", type=click.Path(file_okay=False, path_type=Path)
)
@click.option(
    "--keep-staging", is_flag=True, help=f"保留 {WORK_DIR}/staging/ 下的临时 MkDocs 项目，便于排查。"
)
@ONLY_OPTION
def build(project_dir: Path, keep_staging: bool, only: str | None) -> None:
    """检查数据并生成网站到 site/（整体替换；失败时原网站保持不变）。

    加 --only 2023/qu-xian-shang-wu-ju 时只生成这一个部门年度，放在 .gongkai/preview/，供改数据时快速查看，
    不动 site/。
    """
    console = _console()
    staging = project_dir / WORK_DIR / "staging" if keep_staging else None
    try:
        with progress_bar(console) as progress:
            result = build_site(project_dir, staging_dir=staging, only=only, progress=progress)
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
@click.argument("path", default=".", metavar="[路径]", type=click.Path(path_type=Path))
@FORMAT_OPTION
@click.option("-v", "--verbose", is_flag=True, help="逐处列出汇总在一条提示中的尾差等细节。")
def check(path: Path, output_format: str, verbose: bool) -> None:
    """检查数据，列出错误、警告和提示；有错误时退出状态为 1。

    路径可以是项目文件夹，也可以是其中的年度或部门文件夹（如 data/2023/qu-xian-shang-wu-ju）。
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
        print_findings(_console(), findings, verbose=verbose)
    else:
        _console().print(Text("检查通过：未发现问题。", style="green"))
    if has_errors(findings):
        raise click.exceptions.Exit(1)


@cli.command()
@click.argument(
    "project_dir", default=".", metavar="[项目文件夹]", type=click.Path(file_okay=False, path_type=Path)
)
@click.option(
    "-a",
    "--dev-addr",
    default="127.0.0.1:8000",
    show_default=True,
    metavar="<IP:端口>",
    help="预览服务器的地址。",
)
@ONLY_OPTION
def serve(project_dir: Path, dev_addr: str, only: str | None) -> None:
    """本地预览网站；data/、templates/、content/ 或 mkdocs.yml 有改动时，只重新生成受影响的页面并刷新浏览器。

    预览中的“校验结果”页列出检查发现的问题（发布的网站不含此页）；有错误的部门暂不显示，改正后自动出现。
    """
    console = _console()

    def report(result: list[Finding] | BuildError) -> None:
        now = dt.datetime.now(dt.UTC).astimezone().strftime("%H:%M:%S")
        if isinstance(result, BuildRefused):
            print_findings(console, result.findings)
        if isinstance(result, BuildError):
            console.print(Text(f"{now} 重新生成失败，预览仍显示上一版：{result}", style="red"))
        elif has_errors(result):
            print_findings(console, [finding for finding in result if finding.severity is Severity.ERROR])
            console.print(Text(f"{now} 页面已生成，有错误的部门暂不显示。{summary(result)}", style="yellow"))
        else:
            console.print(Text(f"{now} 页面已生成。{summary(result)}", style="green"))

    console.print(f"预览地址：http://{dev_addr}/（按 Ctrl+C 停止）；检查结果见 http://{dev_addr}/jiaoyan/")
    try:
        serve_site(project_dir, dev_addr=dev_addr, report=report, only=only)
    except BuildError as error:
        _stop(console, error)
    console.print("预览已停止。")


# The project folder of `new` and `diff`, whose YEAR and DEPARTMENT arguments name a folder inside it.
PROJECT_OPTION = click.option(
    "-p",
    "--project",
    "project_dir",
    default=".",
    show_default=True,
    type=click.Path(file_okay=False, path_type=Path),
    help="项目目录。",
)


@cli.command()
@click.option(
    "--set",
    "table_set",
    type=click.Choice(list(TABLE_SETS)),
    help="表的套数：sichuan13（四川省 13 张表）或 mof9（财政部 9 张表）。默认按 data/site.yaml 的 profile。",
)
@click.option(
    "--unit", type=click.Choice(["万元", "元"]), default="万元", show_default=True, help="金额单位。"
)
@click.option("--year", type=int, help="决算年度：印在各表上，并决定总表列出哪一年的类级科目。")
@click.option("--department", default="", help="编制单位（部门全称），印在各表上。")
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    default=TEMPLATE_NAME,
    show_default=True,
    help="生成的工作簿。",
)
def template(table_set: TableSet | None, unit: Unit, year: int | None, department: str, output: Path) -> None:
    """生成空白的标准决算公开报表：带填表说明、金额校验，表头已保护。"""
    if output.exists():
        _fail(f"{output} 已存在：为免覆盖已填写的报表，请用 -o 指定另一个文件名，或先移走原文件。")
    profile = TABLE_SETS[table_set] if table_set else site_profile(Path.cwd())
    try:
        write_template(output, profile=profile, unit=unit, department=department, year=year)
    except FileNotFoundError:
        _fail(f"无法写入 {output}：文件夹 {output.parent} 不存在。")
    except OSError as error:
        _fail(f"无法写入 {output}（{error.strerror}）：请检查是否有写入权限，或文件是否正在 Excel 中打开。")
    _console().print(
        Text(f"空白报表已生成：{output}（{load_profile(profile).name}，单位：{unit}）。", style="green")
    )


@cli.command()
@click.argument("year", type=int, metavar="年度")
@click.argument("department", metavar="部门")
@click.option(
    "--from", "source_year", type=int, metavar="上一年度", help="沿用该年度同一部门的部门说明，如 2023。"
)
@PROJECT_OPTION
def new(year: int, department: str, source_year: int | None, project_dir: Path) -> None:
    """新建 data/年度/部门/：部门说明 department.yaml 和空白报表。

    部门是部门文件夹名（小写拼音和连字符，如 qu-xian-shang-wu-ju）。用 --from 上一年度时，
    部门名称、职责、机构设置等沿用上年，每年不同的内容清空并标为“请核对”。
    """
    try:
        made = new_department_year(project_dir.resolve(), year, department, source_year=source_year)
    except ScaffoldError as error:
        _fail(str(error))
    except OSError as error:
        _fail(f"无法创建 data/{year}/{department}/（{error.strerror}）：请检查是否有写入权限。")
    console = _console()
    root = project_dir.resolve()
    console.print(Text(f"已新建 {made.directory.relative_to(root).as_posix()}/：", style="green"))
    console.print(f"  {made.department_yaml.name}：部门说明" + ("（沿用上年）" if made.source else ""))
    console.print(f"  {made.workbook.name}：空白的标准报表")
    if made.prior_from_folder:
        console.print(f"上年决算数将从 data/{year - 1}/{department}/ 读取。")
    word = "请核对" if made.source else "请填写"
    console.print(
        f"下一步：填写报表，按本年情况填写 department.yaml 中标有“{word}”的 {len(made.marked)} 项，"
    )
    console.print(f"然后运行 {command_name()} check data/{year}/{department}，它会列出还没有填好的内容。")


@cli.command(name="update-templates")
@click.argument("path", default=".", metavar="[路径]", type=click.Path(file_okay=False, path_type=Path))
@click.option("--dry-run", is_flag=True, help="只列出要更新的模板，不改动任何文件。")
def update_templates_(path: Path, dry_run: bool) -> None:
    """把项目 templates/ 中过时的模板换成本版 gongkai 的。

    没有改动过的旧模板直接换成新版本，缺少的补上；改动过的旧模板先备份到 templates-backup/，
    旁边写出它与新版本的差异（.diff），再换成新版本。在新版本上做的改动保留不动。
    """
    if not (path / "data").is_dir() and not (path / "templates").is_dir():
        _fail(f"{path} 不是 gongkai 的项目文件夹（其中没有 data/ 或 templates/）：请检查路径。")
    try:
        made = update_templates(path, dry_run=dry_run)
    except OSError as error:
        _fail(f"无法更新 {path / 'templates'}（{error.strerror}）：请检查是否有写入权限。")
    console = _console()
    act = "将" if dry_run else "已"
    lines = [
        *(f"templates/{name}：旧版本，未改动过，{act}换成新版本" for name in made.replaced),
        *(f"templates/{name}：缺少，{act}补上" for name in made.added),
        *(f"templates/{name}：改动过，且基于旧版本，{act}备份后换成新版本" for name in made.backed_up),
        *(f"templates/{name}：在新版本上改动过，保留" for name in made.kept),
    ]
    for line in lines:
        console.print(f"  {line}")
    if not (made.replaced or made.added or made.backed_up):
        console.print(Text("templates/ 中 gongkai 的模板都是最新的。", style="green"))
    elif dry_run:
        console.print(f"以上未作改动；运行 {command_name()} update-templates 更新。")
    else:
        console.print(Text("模板已更新。", style="green"))
    if made.backup is not None:
        shown = made.backup.relative_to(path.resolve()).as_posix()
        console.print(
            f"改动过的模板已备份到 {shown}/，每个文件旁的 .diff 是它与新版本的差异："
            "请把你的改动重新做到新版本上。"
        )


def command_name() -> str:
    """gongkai as the user can run it again: the name when it is on PATH, else the path it was started by."""
    started = Path(sys.argv[0])
    if started.stem != "gongkai" or not started.exists():
        return "gongkai"  # not the console script (tests, python -c): the name the README uses
    found = shutil.which("gongkai")
    if found is not None and Path(found).resolve() == started.resolve():
        return "gongkai"
    try:
        return os.path.relpath(started)
    except ValueError:  # another drive on Windows
        return str(started)


def _department_year(project: Project, year: int, slug: str) -> DepartmentYear:
    """The loaded department-year, or a Chinese explanation of why there is none to compare."""
    dy = next((dy for dy in project.department_years if (dy.year, dy.slug) == (year, slug)), None)
    if dy is None:
        _fail(f"找不到 data/{year}/{slug}/：请检查年度和部门文件夹名（可用 gongkai new 新建）。")
    if dy.department is not None and dy.department.evaluation_only:
        _fail(f"data/{year}/{slug}/ 只公开绩效自评（publishes: 绩效自评），没有决算可以比较。")
    errors = [finding for finding in dy.findings if finding.severity is Severity.ERROR]
    if errors or dy.accounts is None or dy.department is None:
        print_findings(_console(stderr=True), errors)
        _fail(f"data/{year}/{slug}/ 的报表或 department.yaml 还不能读取：请先改正上面的错误。")
    return dy


@cli.command()
@click.argument("year", type=int, metavar="年度")
@click.argument("department", metavar="部门")
@PROJECT_OPTION
@FORMAT_OPTION
def diff(year: int, department: str, project_dir: Path, output_format: str) -> None:
    """列出 data/年度/部门/ 较上年的变动，以及哪些变动须说明原因、原因是否已填写。"""
    made = diff_department_year(_department_year(load_project(project_dir), year, department))
    if output_format == "json":
        click.echo(json.dumps(diff_json(made), ensure_ascii=False, indent=2))
        return
    console = _console()
    for table in diff_tables(made):
        console.print(table)
    console.print(Text(diff_summary(made), style="red" if made.missing else "green"))


# gongkai help TOPIC: the staff's pages, which the public site does not carry.
HELP_TOPICS = {
    "guide": "操作指南（每年九月的决算公开，一步一步）",
    "checks": "检查规则一览（每条规则的含义和处理办法）",
}
HEADING_ID = re.compile(r"\s*\{:?\s*#[^}]*\}")  # a heading's {#id}: for the site, not the terminal


@cli.command(name="help")
@click.argument("topic", required=False, metavar="[主题]", type=click.Choice(list(HELP_TOPICS)))
def help_(topic: str | None) -> None:
    """工作人员的说明：guide 为操作指南，checks 为检查规则一览；不给主题时列出二者。

    这两页不在发布的网站上；gongkai serve 的本机预览中也有（目录最后的“工作人员帮助”）。
    """
    console = _console()
    if topic is not None:
        text = (STAFF_HELP / f"{topic}.md").read_text(encoding="utf-8")
        console.print(Markdown(HEADING_ID.sub("", text)))
        return
    for name, title in HELP_TOPICS.items():
        console.print(f"{command_name()} help {name}  {title}", soft_wrap=True)
        console.print(f"    文件：{STAFF_HELP / f'{name}.md'}", soft_wrap=True)
    console.print(
        f"本机预览（{command_name()} serve）中：http://127.0.0.1:8000/{STAFF_FOLDER}/guide/", soft_wrap=True
    )


def main() -> None:
    cli(prog_name="gongkai")
