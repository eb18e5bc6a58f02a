"""Load the self-evaluations of one department-year: every YAML file under ``<dept-year>/evaluation/``.

Each file declares its ``kind`` (部门整体, 项目, 专项, 报告); files are read in the order of their paths, so
that naming them ``01-…``, ``02-…`` orders the pages. Every problem becomes a finding with the
file, key and line; a file that fails to load is left out and the others still load.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Generic, TypeVar

from generator.evaluation.schema import (
    MODELS,
    AnyEvaluation,
    DepartmentEvaluation,
    ProjectEvaluation,
    ReportEvaluation,
    SpecialEvaluation,
)
from generator.model import Finding, Severity, Source, display_path
from generator.readers.yamlfile import YamlDocument, YamlError, read_yaml, validate

FOLDER = "evaluation"
SUFFIXES = (".yaml", ".yml")
HINT = (
    "应写明评价种类（kind: 部门整体、项目、专项 或 报告）及自评表或报告的内容，"
    "格式见 data/evaluation.example/。"
)

E = TypeVar("E", DepartmentEvaluation, ProjectEvaluation, SpecialEvaluation, ReportEvaluation)


@dataclass
class Entry(Generic[E]):
    """One evaluation file: the evaluation, where each of its keys was written, its page's name."""

    evaluation: E
    document: YamlDocument
    page: str  # file name of its page under jixiao/, without .md

    def where(self, key: str) -> Source:
        return self.document.locate(key)


AnyEntry = Entry[DepartmentEvaluation] | Entry[ProjectEvaluation] | Entry[SpecialEvaluation]


@dataclass
class Evaluations:
    """The self-evaluations of one department-year (none when it has no evaluation/ folder)."""

    directory: Path  # the department-year folder
    display_root: Path  # paths in findings are relative to it
    department: Entry[DepartmentEvaluation] | None = None
    projects: list[Entry[ProjectEvaluation]] = field(default_factory=list)
    specials: list[Entry[SpecialEvaluation]] = field(default_factory=list)
    reports: list[Entry[ReportEvaluation]] = field(default_factory=list)  # no form: not among entries()

    @property
    def is_empty(self) -> bool:
        return self.department is None and not self.projects and not self.specials and not self.reports

    def entries(self) -> list[AnyEntry]:
        """The evaluations with a form, graded and scored."""
        return [*([self.department] if self.department else []), *self.projects, *self.specials]

    def documents(self) -> list[YamlDocument]:
        """Every evaluation file, as written."""
        return [entry.document for entry in [*self.entries(), *self.reports]]


def _validate(document: YamlDocument) -> tuple[AnyEvaluation | ReportEvaluation | None, list[Finding]]:
    kind = document.data.get("kind")
    model = MODELS.get(str(kind)) if kind is not None else None
    if model is None:
        choices = "、".join(MODELS)
        message = (
            f"缺少必填的键 kind（评价种类）：应填 {choices} 之一。"
            if kind is None
            else f"键 kind（评价种类）只能填 {choices} 之一，实际写的是“{kind}”。"
        )
        rule = "yaml.missing-key" if kind is None else "yaml.invalid-value"
        return None, [Finding(Severity.ERROR, rule, message, document.locate("kind"), expected=choices)]
    return validate(document, model)


def _files(folder: Path) -> list[Path]:
    return sorted(
        path
        for path in folder.rglob("*")
        if path.is_file() and not any(part.startswith(".") for part in path.relative_to(folder).parts)
    )


def load_evaluations(directory: Path, *, display_root: Path) -> tuple[Evaluations, list[Finding]]:
    """Read ``directory/evaluation/`` (``directory`` is the department-year folder).

    No folder means no evaluations and no finding: publishing them is not required everywhere.
    """
    evaluations = Evaluations(directory=directory, display_root=display_root)
    folder = directory / FOLDER
    if not folder.is_dir():
        return evaluations, []
    findings: list[Finding] = []
    for path in _files(folder):
        file = display_path(path, display_root)
        if path.suffix.lower() not in SUFFIXES:
            findings.append(
                Finding(
                    Severity.INFO,
                    "load.evaluation-file",
                    f"{file} 不会被读取：绩效自评只读取 .yaml 文件，其他文件（如 Excel、PDF）不发布。",
                    Source(file=file),
                )
            )
            continue
        try:
            document = read_yaml(path, display_path=file, hint=HINT)
        except YamlError as error:
            findings.extend(error.findings)
            continue
        evaluation, found = _validate(document)
        findings.extend(found)
        if isinstance(evaluation, DepartmentEvaluation):
            if evaluation_conflict := evaluations.department:
                findings.append(
                    Finding(
                        Severity.ERROR,
                        "load.evaluation-duplicate",
                        f"部门整体支出绩效自评只能有一份，{file} 与 {evaluation_conflict.document.file} "
                        "都写了 kind: 部门整体：请删去或合并其中一份。",
                        document.locate("kind"),
                    )
                )
                continue
            evaluations.department = Entry(evaluation, document, "bumen")
        elif isinstance(evaluation, ProjectEvaluation):
            page = f"xiangmu-{len(evaluations.projects) + 1:02d}"
            evaluations.projects.append(Entry(evaluation, document, page))
        elif isinstance(evaluation, SpecialEvaluation):
            page = f"zhuanxiang-{len(evaluations.specials) + 1:02d}"
            evaluations.specials.append(Entry(evaluation, document, page))
        elif isinstance(evaluation, ReportEvaluation):
            page = f"baogao-{len(evaluations.reports) + 1:02d}"
            evaluations.reports.append(Entry(evaluation, document, page))
    return evaluations, findings
