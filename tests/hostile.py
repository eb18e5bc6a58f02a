"""A hostile project: every text field of every input file carries markup that must stay text.

The text fields are found by walking the pydantic schemas of site.yaml, department.yaml and the
evaluation files alongside the files' own data (so a field the schema gains is attacked too), and the
workbook's 科目名称 cells by loading the workbook. Each value becomes ``<marker><PAYLOAD>``: the marker
(``甲1``, ``甲2``, …) tells which field a piece of page text came from, the payload is what an attacker
would type: HTML, event handlers, ``javascript:`` links, Markdown links and images, MkDocs attr_list,
Jinja. The published site must show every payload as text and run none of it.
"""

from __future__ import annotations

import shutil
import types
import typing
from pathlib import Path
from typing import Any

import yaml
from openpyxl import load_workbook
from pydantic import BaseModel

from generator.evaluation.schema import MODELS, Evaluation
from generator.load import load_project
from generator.readers.schema import Department, Site

# One line, single spaces (browsers collapse runs of white space), attr_list last: MkDocs' attr_list
# applies only at the end of a heading or paragraph.
PAYLOAD = (
    "<script>alert(1)</script> <img src=x onerror=alert(2)> </title></style><svg onload=alert(3)>"
    ' "><b onmouseover=alert(4)>粗</b> [链接](javascript:alert(5)) ![图](x" onerror="alert(6))'
    " <https://example.com/> *强调* `代码` | 竖线 # 井号 {{ 7*7 }} {% raw %}"
    " &lt;/title&gt;&lt;img src=x onerror=alert(8)&gt; {: onclick=alert(7) }"
)
# Before the marker: what starts a heading when a value begins a line of Markdown.
LEAD = "# "
# Fields whose value is not free text: a link (only from configuration, checked as http(s)), the name of a
# file of the package, a grade (checked against the grading's names). Everything else typed as text is
# attacked.
NOT_TEXT = {(Site, "url"), (Site, "profile"), (Site, "grading"), (Evaluation, "grade")}


def _model_of(annotation: Any) -> type[BaseModel] | None:
    """The model inside ``X``, ``X | None`` or ``list[X]``."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    if typing.get_origin(annotation) in (typing.Union, types.UnionType, list):
        for argument in typing.get_args(annotation):
            if (model := _model_of(argument)) is not None:
                return model
    return None


def _is_text_map(annotation: Any) -> bool:
    """``dict[Code, str]``: reasons by code, descriptions, glossary entries."""
    return typing.get_origin(annotation) is dict and typing.get_args(annotation)[1] is str


class Marker:
    """Hands out ``甲1``, ``甲2``, …: which field a piece of page text came from."""

    def __init__(self) -> None:
        self.count = 0
        self.fields: dict[str, str] = {}  # marker → the file and key it was written to

    def __call__(self, where: str) -> str:
        self.count += 1
        marker = f"甲{self.count}乙"
        self.fields[marker] = where
        return LEAD + marker + PAYLOAD


def inject(model: type[BaseModel], data: dict[str, Any], mark: Marker, where: str) -> None:
    """Replace every text field of ``data`` (read as ``model``), and fill the absent ones of present
    objects too: an attacker writes the keys the department left out."""
    for name, field in model.model_fields.items():
        annotation = field.annotation
        if any(issubclass(model, owner) and name == key for owner, key in NOT_TEXT):
            continue
        if annotation is str:
            data[name] = mark(f"{where}.{name}")
        elif _is_text_map(annotation) and isinstance(data.get(name), dict):
            for key in data[name]:
                data[name][key] = mark(f"{where}.{name}.{key}")
        elif (inner := _model_of(annotation)) is not None:
            value = data.get(name)
            if isinstance(value, dict):
                inject(inner, value, mark, f"{where}.{name}")
            elif isinstance(value, list):
                for index, item in enumerate(value):
                    if isinstance(item, dict):
                        inject(inner, item, mark, f"{where}.{name}[{index}]")


def _rewrite(path: Path, model: type[BaseModel], mark: Marker, where: str) -> None:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    inject(model, data, mark, where)
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")


def _inject_workbook(project: Path, mark: Marker) -> None:
    """The 科目名称 of every coded row (rows are found by their code, so the name is free text), and the
    编制单位 the tables print, which must be the department's name (W-2): the name's payload."""
    loaded = load_project(project)
    for dy in loaded.department_years:
        assert dy.accounts is not None and dy.workbook is not None and dy.department is not None
        book = load_workbook(dy.workbook)
        for table in dy.accounts.tables.values():
            if table.issuer is not None and table.issuer.source.sheet and table.issuer.source.cell:
                cell = book[table.issuer.source.sheet][table.issuer.source.cell]
                cell.value = str(cell.value).replace(table.issuer.text, dy.department.name)
            for row in table.rows:
                if row.code is None or row.source.sheet is None or row.source.cell is None:
                    continue
                sheet = book[row.source.sheet]
                line = sheet[row.source.cell].row
                for cell in sheet[line]:
                    if isinstance(cell.value, str) and cell.value.strip() == row.name:
                        cell.value = mark(f"{dy.workbook.name}!{sheet.title}!{cell.coordinate}")
                        break
        book.save(dy.workbook)


def _one_of_each_kind(evaluations: Path) -> None:
    """Keep the first self-evaluation of each kind: every field of each is attacked, on fewer pages."""
    kept: set[str] = set()
    for path in sorted(evaluations.rglob("*.yaml")):
        kind = yaml.safe_load(path.read_text(encoding="utf-8"))["kind"]
        if kind in kept:
            path.unlink()
        kept.add(kind)


def hostile_project(root: Path, repository: Path, department: str) -> Marker:
    """A project at ``root``: the repository's site shell and one of its sample department-years
    (``2023/qu-xian-shang-wu-ju``), every text field replaced by a marked payload."""
    root.mkdir(parents=True)
    for name in ("templates", "content"):
        shutil.copytree(repository / name, root / name)
    shutil.copy(repository / "mkdocs.yml", root / "mkdocs.yml")
    (root / "data").mkdir()
    shutil.copy(repository / "data" / "site.yaml", root / "data" / "site.yaml")
    shutil.copytree(repository / "data" / department, root / "data" / department)
    folder = root / "data" / department
    _one_of_each_kind(folder / "evaluation")
    mark = Marker()
    _rewrite(root / "data" / "site.yaml", Site, mark, "site.yaml")
    _rewrite(folder / "department.yaml", Department, mark, "department.yaml")
    for path in sorted((folder / "evaluation").rglob("*.yaml")):
        kind = yaml.safe_load(path.read_text(encoding="utf-8"))["kind"]
        _rewrite(path, MODELS[kind], mark, path.relative_to(folder).as_posix())
    _inject_workbook(root, mark)
    return mark
