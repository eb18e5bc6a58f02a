"""When a total disagrees with its parts, point at the part that is wrong, not at the total.

A mistyped detail (B6 of 收入支出决算总表) breaks two rules: its total no longer adds up (T1-a, at the
total's cell) and the detail no longer agrees with the other table that prints it (X-3, at B6). A clerk
who reads the total's finding first "fixes" the correct total. So a sum's finding whose part is itself
found to differ from another table names that part first, and is listed after the part's finding.
"""

from __future__ import annotations

from dataclasses import replace

from generator.model import Finding, Severity, Source


def _cell(source: Source) -> str:
    return f"{source.sheet}!{source.cell}" if source.sheet and source.cell else source.cell or source.file


def _same_cell(one: Source | None, other: Source) -> bool:
    return one is not None and (one.file, one.sheet, one.cell) == (other.file, other.sheet, other.cell)


def blame_parts(findings: list[Finding]) -> list[Finding]:
    """The findings in order, each sum's finding after (and naming) the part another rule found wrong."""
    errors = [finding for finding in findings if finding.severity is Severity.ERROR]
    suspects: dict[int, list[Finding]] = {}  # id of a part's finding → the sums' findings it explains
    blamed: set[int] = set()
    for total in errors:
        parts = [
            other
            for other in errors
            if other is not total and any(_same_cell(other.source, part) for part in total.parts)
        ]
        if parts:
            suspects.setdefault(id(parts[0]), []).append(_naming(total, parts))
            blamed.add(id(total))
    ordered: list[Finding] = []
    for finding in findings:
        if id(finding) in blamed:
            continue
        ordered.append(finding)
        ordered.extend(suspects.get(id(finding), []))
    return ordered


def _naming(total: Finding, parts: list[Finding]) -> Finding:
    cells = "、".join(_cell(part.source) for part in parts if part.source)
    rules = "、".join(dict.fromkeys(part.rule for part in parts))
    lead = f"先核对 {cells}：它与其他表不一致（见 {rules}），多半是它填错了，改正后合计随之相符，不要改合计。"
    return replace(total, message=f"{lead}{total.message}")
