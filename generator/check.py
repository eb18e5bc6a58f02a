"""Check stage: every rule over the loaded model, returning findings with their locations.

Errors stop the build. Rules are plain functions registered with ``@rule`` (``generator.rules``);
each receives one department-year whose workbook and YAML loaded, and yields findings. The rule
ids and what to do about each are listed for finance staff in ``generator/help/checks.md``.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import replace
from functools import partial

from openpyxl.utils.cell import coordinate_from_string

# Importing the rule modules registers their rules.
from generator.evaluation import rules as evaluation_rules  # noqa: F401
from generator.model import Accounts, DepartmentYear, Finding, Project, Severity, Source, Table
from generator.parallel import Progress, batches, run_shared
from generator.readers.workbook.text import closest, normalise_title
from generator.rules import between, codes, department, identity, prose, residue, within  # noqa: F401
from generator.rules.base import RULES, Skipped, attempt, rule, workbook_source
from generator.rules.blame import blame_parts
from generator.rules.residue import page_residue, yaml_residue
from generator.standard.tables import table_specs


@rule("check.table-missing")
def required_tables(dy: DepartmentYear) -> Iterator[Finding]:
    """Every table of the province's set is published, even when empty: it must be in the workbook."""
    assert dy.accounts is not None
    if dy.accounts.table_set != dy.profile.table_set:
        return  # the workbook is the other set of tables: load.profile-mismatch says so, once
    specs = table_specs()
    found = {*dy.accounts.tables, *dy.accounts.failed}
    # texts on sheets where no table was recognised: the one most like a missing title is named
    titles = {normalise_title(printed.text): printed for printed in dy.accounts.unrecognised}
    for table_id in dy.profile.tables:
        spec = specs[table_id]
        if not any(logical.id in found for logical in spec.logical):
            title = dy.profile.titles.get(table_id, spec.title)
            close = closest(normalise_title(title), titles)
            hint = (
                f"{close.source.describe()}的“{close.text}”是否即此表？若是，请改用标准标题。"
                if close
                else ""
            )
            yield Finding(
                Severity.ERROR,
                "check.table-missing",
                f"工作簿中找不到“{title}”：{dy.profile.name}要求公开这张表，没有数据也要保留空表。{hint}",
                close.source if close else workbook_source(dy),
                expected=f"标题为“{title}”的工作表",
                found=close.text if close else "无",
            )


def _unfilled(accounts: Accounts) -> bool:
    """A workbook not filled in yet, not a department that spent nothing: every table read blank and
    none saying so in its note. The blank workbook of ``gongkai new`` is one, while its 总计 cells say
    请填写 (read with an error) and once they are cleared."""
    return all(table.is_empty and table.empty_statement is None for table in accounts.tables.values())


@rule("check.blank-table")
def blank_tables(dy: DepartmentYear) -> Iterator[Finding]:
    """Each table of a workbook not filled in yet, at the first cell its figures go in."""
    assert dy.accounts is not None
    if not _unfilled(dy.accounts):
        return
    specs = table_specs()
    for table_id in dy.profile.tables:
        table = next(
            (
                dy.accounts.tables[logical.id]
                for logical in specs[table_id].logical
                if logical.id in dy.accounts.tables
            ),
            None,
        )
        if table is None:
            continue  # check.table-missing names it
        title = dy.profile.titles.get(table_id, specs[table_id].title)
        where = _first_figure(table)
        yield Finding(
            Severity.ERROR,
            "check.blank-table",
            f"工作表「{table.source.sheet}」中的“{title}”还没有填写："
            f"请从单元格 {where.cell} 起填入本表的决算数"
            "（各表都空着时，报表按尚未填写处理；没有这类收支的表，其他表填好后保留空表即可）。",
            where,
            expected="本表的决算数",
            found="空表",
        )


def _first_figure(table: Table) -> Source:
    """The first amount cell of the table's first row, its 合计 row when it has no other, else of the row
    under its header (the 三公 table, one row of figures, has none while blank): where to start."""
    cells = [column.source.cell for column in table.columns if column.source.cell]
    if not cells:
        return table.source
    row = table.rows[0] if table.rows else table.total
    line = (
        coordinate_from_string(row.source.cell)[1]
        if row is not None and row.source.cell
        else max(coordinate_from_string(cell)[1] for cell in cells) + 1
    )
    return replace(table.source, cell=f"{coordinate_from_string(cells[0])[0]}{line}")


def check_department_year(dy: DepartmentYear) -> list[Finding]:
    """Every rule over one department-year, in one pass.

    A table read with errors is left out of the rules (its load errors are reported); every rule
    whose tables loaded still runs, and those that needed the failed table are listed once per table.
    Only a workbook with no table at all or none filled in, or a department.yaml that did not load,
    stops the rules. A department-year that publishes only its self-evaluation has no workbook: the
    rules that read only the YAML run, the tables' rules do not apply (and say nothing).
    """
    if dy.department is not None and dy.department.evaluation_only:
        # no workbook: the rules on the self-evaluations and the texts run, the tables' rules do not apply
        view, rules = dy, [each for each in RULES if not each.workbook]
    elif dy.accounts is None or not dy.accounts.tables:
        return []  # what failed to load is already reported; no rule has its input
    elif _unfilled(dy.accounts):  # the rules would compare zeros: each table says where its figures go
        return [replace(finding, department=dy.label) for finding in blank_tables(dy)]
    elif dy.department is None:
        return []  # department.yaml's errors are reported; the rules need it
    else:
        accounts = dy.accounts
        loaded = {key: table for key, table in accounts.tables.items() if key not in accounts.failed}
        view, rules = replace(dy, accounts=replace(accounts, tables=loaded)), RULES
    findings = [finding for each in rules for finding in attempt(partial(each.check, view))]
    skipped = [finding for finding in findings if isinstance(finding, Skipped)]
    findings = [finding for finding in findings if not isinstance(finding, Skipped)] + _skipped(skipped)
    return [replace(finding, department=dy.label) for finding in blame_parts(findings, dy)]


def _skipped(skipped: list[Skipped]) -> list[Finding]:
    """One 警告 per table read with errors, naming the rules that could not run without it."""
    by_table: dict[str, list[Skipped]] = {}
    physical = {logical.id: spec for spec in table_specs().values() for logical in spec.logical}
    for finding in skipped:
        by_table.setdefault(physical[finding.table_id].key, []).append(finding)
    return [
        Finding(
            Severity.WARNING,
            "check.rules-skipped",
            f"“{table_specs()[key].title}”有读取错误（见上），用到它的规则 "
            f"{'、'.join(dict.fromkeys(f.skipped_rule for f in findings))} 未核对：改正读取错误后重新检查。",
            findings[0].source,
            expected="各表读取无误",
            found=table_specs()[key].title,
        )
        for key, findings in by_table.items()
    ]


def check_site(project: Project) -> list[Finding]:
    """The rules on the project's own texts: no template residue in data/site.yaml or content/ (Y-8)."""
    findings = [] if project.site_document is None else list(yaml_residue(project.site_document))
    for file, text in project.content_pages.items():
        findings.extend(page_residue(text, file))
    return findings


def _check_batch(project: Project, labels: list[str]) -> list[list[Finding]]:
    """The rules' findings on some department-years (in a worker process that inherited the project)."""
    by_label = {dy.label: dy for dy in project.department_years}
    return [check_department_year(by_label[label]) for label in labels]


def check_project(
    project: Project,
    *,
    workers: int = 1,
    progress: Progress | None = None,
    known: dict[str, tuple[str, list[Finding]]] | None = None,
) -> list[Finding]:
    """Load findings plus every rule's findings, for the whole project, ``workers`` at a time.

    ``known`` (label → lineage and findings) keeps the rules' findings between calls: a department-year
    whose files and earlier years' files are unchanged is not checked again.
    """
    findings = [*project.all_findings(), *check_site(project)]
    memo = known if known is not None else {}
    todo = [dy.label for dy in project.department_years if memo.get(dy.label, ("",))[0] != dy.lineage]
    labels = batches(todo, workers)
    done = run_shared(_check_batch, project, labels, workers=workers, stage="检查数据", progress=progress)
    lineages = {dy.label: dy.lineage for dy in project.department_years}
    for label, found in zip(todo, (found for batch in done for found in batch), strict=True):
        memo[label] = (lineages[label], found)
    for dy in project.department_years:
        findings.extend(memo[dy.label][1])
    return findings


def has_errors(findings: Iterable[Finding]) -> bool:
    return any(finding.severity is Severity.ERROR for finding in findings)
