"""A clerk's September work on a copy of the sample, shared by the whole-cycle tests: the 2024 workbook of
渠县商务局 (the tests' small department filled into the blank template) and the answers written into the
department.yaml that ``gongkai new 2024 … --from 2023`` made."""

from __future__ import annotations

import os
import re
import shutil
from decimal import Decimal
from pathlib import Path

from factory import tiny_workbook_data
from template_fill import fill_template

from generator.tools.blank_workbook import TEMPLATE_NAME, write_template

REPO = Path(__file__).resolve().parent.parent
SLUG = "qu-xian-shang-wu-ju"
FOLDER = f"data/2024/{SLUG}"
# What the clerk writes into department.yaml once check and diff have said what is missing.
ANSWERS = {
    "dates.approved": "2025-09-10",
    "dates.published": "2025-09-26",
    "reasons.total": "机构职能调整，商贸流通项目移交",
    "reasons.fiscal_total": "机构职能调整，商贸流通项目移交",
    "reasons.gpb": "商贸流通项目移交",
    "reasons.sangong": "压减公务接待",
    "reasons.sangong_budget": "严格控制接待批次",
    "reasons.sangong_reception": "压减公务接待",
    "reasons.operating_costs": "在职人员减少",
    "sangong.reception.domestic.batches": "12",
    "sangong.reception.domestic.people": "60",
}


def copy_of_the_sample(root: Path) -> Path:
    """The repository's project files (data/, templates/, content/, mkdocs.yml) under ``root``."""
    for name in ("data", "templates", "content"):
        shutil.copytree(REPO / name, root / name)
    shutil.copy(REPO / "mkdocs.yml", root / "mkdocs.yml")
    return root


def save_workbook(root: Path, scratch: Path, scale: Decimal = Decimal("1")) -> None:
    """The clerk's 2024 workbook (amounts × ``scale``), saved over the one in the folder as Excel saves."""
    blank = write_template(
        scratch / f"填写中-{scale}.xlsx", profile="sichuan", department="渠县商务局", year=2024
    )
    os.replace(fill_template(blank, tiny_workbook_data(), scale=scale), root / FOLDER / TEMPLATE_NAME)


def answer(text: str, answers: dict[str, str] = ANSWERS) -> str:
    """department.yaml with the given keys (dotted paths) filled in, comments and all else kept."""
    lines = text.splitlines()
    path: list[tuple[int, str]] = []
    for index, line in enumerate(lines):
        match = re.match(r"^( *)([a-z_]+):", line)
        if not match:
            continue
        indent = len(match[1])
        path = [(level, key) for level, key in path if level < indent] + [(indent, match[2])]
        key = ".".join(name for _, name in path)
        if key in answers:
            lines[index] = f"{match[1]}{match[2]}: {answers[key]}"
    return "\n".join(lines) + "\n"


def answer_department_yaml(root: Path) -> None:
    path = root / FOLDER / "department.yaml"
    path.write_text(answer(path.read_text(encoding="utf-8")), encoding="utf-8")
