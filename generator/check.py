"""Check stage: every rule over the loaded model, returning findings with their locations.

Errors stop the build. Rules are plain functions registered with ``@rule`` (``generator.rules``);
each receives one department-year whose workbook and YAML loaded, and yields findings. The rule
ids and what to do about each are listed for finance staff in ``generator/help/checks.md``.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import replace
from functools import partial

# Importing the rule modules registers their rules.
from generator.evaluation import rules as evaluation_rules  # noqa: F401
from generator.model import DepartmentYear, Finding, Project, Severity
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


def check_department_year(dy: DepartmentYear) -> list[Finding]:
    """Every rule over one department-year, in one pass.

    A table read with errors is left out of the rules (its load errors are reported); every rule
    whose tables loaded still runs, and those that needed the failed table are listed once per table.
    Only a workbook with no table at all or none filled in, or a department.yaml that did not load,
    stops the rules.
    """
    if dy.accounts is None or not dy.accounts.tables or dy.department is None:
        return []  # what failed to load is already reported; no rule has its input
    accounts = dy.accounts
    loaded = {key: table for key, table in accounts.tables.items() if key not in accounts.failed}
    if accounts.failed and all(table.is_empty for table in loaded.values()):
        return []  # a blank workbook not filled in yet (请填写 in its 总计), not one that spent nothing
    view = replace(dy, accounts=replace(accounts, tables=loaded))
    findings = [finding for each in RULES for finding in attempt(partial(each.check, view))]
    skipped = [finding for finding in findings if isinstance(finding, Skipped)]
    findings = [finding for finding in findings if not isinstance(finding, Skipped)] + _skipped(skipped)
    return [replace(finding, department=dy.label) for finding in blame_parts(findings)]


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
