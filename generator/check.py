"""Check stage: every rule over the loaded model, returning findings with their locations.

Errors stop the build. Rules are plain functions registered with ``@rule`` (``generator.rules``);
each receives one department-year whose workbook and YAML loaded, and yields findings. The rule
ids and what to do about each are listed for finance staff in ``content/help/checks.md``.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import replace
from functools import partial

# Importing the rule modules registers their rules.
from generator.evaluation import rules as evaluation_rules  # noqa: F401
from generator.model import DepartmentYear, Finding, Project, Severity
from generator.parallel import Progress, batches, run_shared
from generator.rules import between, codes, department, identity, within  # noqa: F401
from generator.rules.base import RULES, attempt, rule, workbook_source
from generator.rules.department import residue_findings
from generator.standard.tables import table_specs


@rule("check.table-missing")
def required_tables(dy: DepartmentYear) -> Iterator[Finding]:
    """Every table of the province's set is published, even when empty: it must be in the workbook."""
    assert dy.accounts is not None
    specs = table_specs()
    for table_id in dy.profile.tables:
        spec = specs[table_id]
        if not any(logical.id in dy.accounts.tables for logical in spec.logical):
            title = dy.profile.titles.get(table_id, spec.title)
            yield Finding(
                Severity.ERROR,
                "check.table-missing",
                f"工作簿中找不到“{title}”：{dy.profile.name}要求公开这张表，没有数据也要保留空表。",
                workbook_source(dy),
                expected=f"标题为“{title}”的工作表",
                found="无",
            )


def check_department_year(dy: DepartmentYear) -> list[Finding]:
    if dy.accounts is None or dy.department is None or any(f.severity is Severity.ERROR for f in dy.findings):
        return []  # what failed to load is already reported; rules need the whole input
    findings = [finding for each in RULES for finding in attempt(partial(each.check, dy))]
    return [replace(finding, department=dy.label) for finding in findings]


def check_site(project: Project) -> list[Finding]:
    """The rules on data/site.yaml itself: no template residue (Y-8)."""
    if project.site is None or project.site_document is None:
        return []  # it did not load: already reported
    return list(residue_findings(project.site, project.site_document))


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
