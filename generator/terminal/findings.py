"""Findings as a clerk reads them at a terminal, in a file or in a CI log.

Each finding is one located line, ``文件 › 工作表!单元格  级别 规则  说明（应为 …，实为 …）``, under the
heading of its department's folder, so that a place is never broken across lines and can be searched for. In a
terminal the explanation goes under its place, indented; piped, a finding stays one line. The table with
one column per field is drawn only on a terminal wide enough for it. A finding's details (the cells of a
table's 0.01 尾差) are listed with ``--verbose`` only.
"""

from __future__ import annotations

from collections.abc import Iterable

from rich.cells import cell_len
from rich.console import Console
from rich.padding import Padding
from rich.table import Table
from rich.text import Text

from generator.model import SITE_WIDE, Finding, Severity, Source, findings_by_department

SEVERITY_STYLE = {Severity.ERROR: "bold red", Severity.WARNING: "yellow", Severity.INFO: "cyan"}
HEADERS = ("级别", "规则", "说明", "位置", "应为", "实为")
MESSAGE_WIDTH = 40  # the narrowest explanation column a table may have: else lines instead
INDENT = "    "


def count(findings: Iterable[Finding], severity: Severity) -> int:
    return sum(1 for finding in findings if finding.severity is severity)


def summary(findings: list[Finding]) -> str:
    errors, warnings, infos = (count(findings, severity) for severity in Severity)
    return f"共 {errors} 个错误、{warnings} 个警告、{infos} 个提示。"


def folder(finding: Finding) -> str:
    """The heading a finding is listed under: its department's folder, or 全站."""
    return f"data/{finding.department}/" if finding.department else SITE_WIDE


def place(source: Source | None, within: str = "") -> str:
    """``决算公开报表.xlsx › 公开01表!B6``; ``department.yaml › 第 12 行 sangong.reception``."""
    if source is None:
        return ""
    file = source.file.removeprefix(within) if within != SITE_WIDE else source.file
    inside = []
    if source.sheet is not None:
        inside.append(f"{source.sheet}!{source.cell}" if source.cell else source.sheet)
    elif source.cell is not None:
        inside.append(source.cell)
    if source.line is not None:
        inside.append(f"第 {source.line} 行")
    if source.key is not None:
        inside.append(source.key)
    return " › ".join([file, " ".join(inside)]) if inside else file


def outcome(finding: Finding) -> str:
    """（应为 …，实为 …）: the same tail on every finding that compares, to scan a column of them."""
    said = [
        f"应为 {finding.expected}" if finding.expected else "",
        f"实为 {finding.found}" if finding.found else "",
    ]
    said = [part for part in said if part]
    return f"（{'，'.join(said)}）" if said else ""


def grouped(findings: list[Finding]) -> dict[str, list[Finding]]:
    """Project-wide findings first, then each department's folder; by file, errors first, within each."""
    return {
        folder(group[0]): sorted(group, key=lambda f: f.source.file if f.source else "")
        for group in findings_by_department(findings).values()
    }


def _line(finding: Finding, within: str, *, terminal: bool) -> list[Text | Padding]:
    where = place(finding.source, within)
    head = Text(f"{where}  " if where else "")
    head.append(finding.severity.value, style=SEVERITY_STYLE[finding.severity])
    head.append(f" {finding.rule}")
    explanation = Text(f"{finding.message}{outcome(finding)}")
    if terminal:  # the explanation wraps under its place, indented
        return [head, Padding(explanation, (0, 0, 0, len(INDENT)), expand=False)]
    return [head + Text("  ") + explanation]


def _fits_table(console: Console, findings: list[Finding]) -> bool:
    if not console.is_terminal:
        return False

    def widest(values: Iterable[str]) -> int:
        return max((cell_len(value) for value in values), default=0)

    needed = (
        4
        + widest(finding.rule for finding in findings)
        + widest(finding.source.describe() for finding in findings if finding.source)
        + widest(finding.expected or "" for finding in findings)
        + widest(finding.found or "" for finding in findings)
        + MESSAGE_WIDTH
        + 3 * len(HEADERS)
        + 1
    )
    return console.width >= needed


def _table(console: Console, department: str, group: list[Finding], *, verbose: bool) -> None:
    table = Table(title=Text(department, style="bold"), title_justify="left", show_lines=True)
    for header in HEADERS:
        table.add_column(header, no_wrap=header == "位置")
    for finding in group:
        message = "\n".join([finding.message, *(finding.details if verbose else ())])
        table.add_row(
            Text(finding.severity.value, style=SEVERITY_STYLE[finding.severity]),
            finding.rule,
            message,
            finding.source.describe() if finding.source else "",
            finding.expected or "",
            finding.found or "",
        )
    console.print(table)


def print_findings(console: Console, findings: list[Finding], *, verbose: bool = False) -> None:
    """Every finding, grouped by folder and file, then the count; details only when ``verbose``."""
    terminal = console.is_terminal
    as_table = _fits_table(console, findings)
    for heading, group in grouped(findings).items():
        if as_table:
            _table(console, heading, group, verbose=verbose)
            continue
        console.print(Text(heading, style="bold"), soft_wrap=True)
        for finding in group:
            for part in _line(finding, heading, terminal=terminal):
                console.print(part, soft_wrap=not terminal)
            for detail in finding.details if verbose else ():
                console.print(f"{INDENT}· {detail}", soft_wrap=not terminal)
        console.print()
    folded = sum(1 for finding in findings if finding.details)
    if folded and not verbose:
        note = f"其中 {folded} 条提示各汇总了一张表中的几处差异；加 --verbose 逐处列出。"
        console.print(note, soft_wrap=True)
    console.print(summary(findings), soft_wrap=True)
