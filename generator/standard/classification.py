"""The yearly classification dictionary: 支出功能分类科目 and 部门预算支出经济分类科目.

The Ministry of Finance reissues 《政府收支分类科目》 every year, so the dictionary is one data file
per year (``generator/data/classification/<year>.yaml``). A year without its own file uses the
nearest earlier year, else the nearest later one: the catalogue changes little from one year to
the next, and a department's own table names stay the fallback for codes the file lacks.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import cache
from importlib import resources
from importlib.resources.abc import Traversable
from typing import Any, Literal

import yaml

Kind = Literal["functional", "economic"]

# Code length → level (1 类, 2 款, 3 项) per kind; economic subjects stop at 款.
_LEVELS: dict[Kind, dict[int, int]] = {
    "functional": {3: 1, 5: 2, 7: 3},
    "economic": {3: 1, 5: 2},
}
# libyaml when PyYAML has it: a year's dictionary is thousands of entries, parsed in every worker.
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_LEVEL_WORDS = {1: "类", 2: "款", 3: "项"}
_OPTIONAL_KEYS = ("short_name", "description", "renamed_from")
_ENTRY_KEYS = {"name", *_OPTIONAL_KEYS}
# Quotation marks differ between hand-typed and exported names and carry no meaning.
_QUOTES = str.maketrans("", "", "“”‘’\"'「」『』")
# "一、", "二十四、", "（三）", "1.", "12、" in front of a 类 label in the summary tables.
_NUMERALS = "一二三四五六七八九十百〇零"
_ORDINAL = re.compile(rf"^(?:[（(][{_NUMERALS}]+[）)]|[{_NUMERALS}]+[、.．]|\d+[、.．)）]?)\s*")


class ClassificationError(ValueError):
    """A dictionary file that cannot be used; the message is Chinese and names the file and key."""


@dataclass(frozen=True)
class Subject:
    code: str
    name: str
    kind: Kind
    level: int  # 1 类, 2 款, 3 项
    description: str | None = None  # the official 说明 ("反映……"), where known
    renamed_from: str | None = None  # the name an earlier year's catalogue used
    # The wording published disclosures use in "X（类）Y（款）Z（项）" when it differs from the name
    # (seed 003 writes "一般公共服务（类）" for 201 一般公共服务支出, and keeps 支出 for every other 类).
    short_name: str | None = None


def normalise_name(text: str) -> str:
    """A name reduced to what matters: NFKC (full-width brackets and spaces), no whitespace, no quotes."""
    folded = unicodedata.normalize("NFKC", text).translate(_QUOTES)
    return "".join(folded.split())


class Classification:
    """One year's dictionary. Build it with ``load_classification`` (or ``read_classification``).

    ``year`` is the catalogue's year, which is not the year asked for when that year had no file.
    """

    def __init__(self, year: int, functional: dict[str, Subject], economic: dict[str, Subject]) -> None:
        self.year = year
        self._functional = functional
        self._economic = economic
        self._class_labels: dict[str, str] = {}
        for subject in functional.values():
            if subject.level == 1:
                for name in (subject.name, subject.short_name, subject.renamed_from):
                    if name:
                        self._class_labels[normalise_name(name)] = subject.code
                        self._class_labels[normalise_name(name).removesuffix("支出")] = subject.code

    def functional(self, code: str) -> Subject | None:
        return self._functional.get(code)

    def economic(self, code: str) -> Subject | None:
        return self._economic.get(code)

    def path(self, code: str) -> list[Subject]:
        """The known 类, 款 and 项 of a functional code, from the top down."""
        prefixes = [code[:length] for length in (3, 5, 7) if length <= len(code)]
        return [subject for prefix in prefixes if (subject := self._functional.get(prefix)) is not None]

    def path_label(self, code: str) -> str:
        """A 科目 as disclosures name it: 一般公共服务（类）商贸事务（款）行政运行（项）.

        Levels the dictionary does not know are left out; a code it does not know at all is
        returned as it is, so a caller always has something to print.
        """
        parts = [
            f"{subject.short_name or subject.name}（{_LEVEL_WORDS[subject.level]}）"
            for subject in self.path(code)
        ]
        return "".join(parts) or code

    def class_code_for_label(self, label: str) -> str | None:
        """The 类 code of a summary-table row label: "一、一般公共服务支出" → "201".

        The ordinal, full/half-width forms, a missing trailing 支出 (the 2024 template prints
        "二、外交") and a pre-rename name ("文化体育与传媒支出") are all accepted.
        """
        name = normalise_name(_ORDINAL.sub("", label.strip()))
        return self._class_labels.get(name) or self._class_labels.get(name.removesuffix("支出"))

    def name_matches(self, code: str, name: str) -> bool:
        """Whether ``name`` is this year's name of ``code`` up to spacing, bracket width and quotes.

        A pre-rename name does not match: a disclosure must use the current year's names.
        """
        subject = self._functional.get(code) or self._economic.get(code)
        return subject is not None and normalise_name(subject.name) == normalise_name(name)


def read_classification(file: Traversable) -> Classification:
    """Read and validate one dictionary file named ``<year>.yaml``.

    Raises ``ClassificationError`` naming the file, the key and its line on any malformed entry.
    """
    where = str(file)
    stem = file.name.removesuffix(".yaml")
    if not (stem.isdigit() and len(stem) == 4):
        raise ClassificationError(f"分类科目文件 {where}：文件名应为“年度.yaml”（如 2023.yaml）。")
    try:
        text = file.read_text(encoding="utf-8")
        data = yaml.load(text, Loader=_LOADER)
        lines = _key_lines(where, text)
    except UnicodeDecodeError as exc:
        raise ClassificationError(f"分类科目文件 {where} 应为 UTF-8 编码的文本。") from exc
    except yaml.YAMLError as exc:
        raise ClassificationError(f"分类科目文件 {where} 不是有效的 YAML：{exc}") from exc
    if not isinstance(data, dict) or not isinstance(data.get("functional"), dict):
        raise ClassificationError(
            f"分类科目文件 {where}：应有 functional（功能分类）与 economic（经济分类）两节。"
        )
    sections = {
        kind: _read_section(where, kind, data.get(kind) or {}, lines) for kind in ("functional", "economic")
    }
    return Classification(int(stem), sections["functional"], sections["economic"])


def _read_section(
    where: str, kind: Kind, entries: Any, lines: dict[tuple[str, str], int]
) -> dict[str, Subject]:
    if not isinstance(entries, dict):
        raise ClassificationError(f"分类科目文件 {where}：{kind} 一节应为“编码: {{name: 名称}}”的映射。")
    subjects: dict[str, Subject] = {}
    for key, entry in entries.items():
        code = str(key)
        at = _location(where, kind, code, lines)
        level = _LEVELS[kind].get(len(code)) if code.isdigit() else None
        if level is None:
            lengths = "/".join(str(length) for length in _LEVELS[kind])
            raise ClassificationError(f"{at}：科目编码应为 {lengths} 位数字。")
        if not isinstance(entry, dict) or not isinstance(entry.get("name"), str) or not entry["name"].strip():
            raise ClassificationError(f"{at}：应写明科目名称（name）。")
        unknown = set(entry) - _ENTRY_KEYS
        if unknown:
            raise ClassificationError(
                f"{at}：不认识的字段 {'、'.join(sorted(unknown))}，"
                f"可用字段为 {'、'.join(sorted(_ENTRY_KEYS))}。"
            )
        if any(not isinstance(entry.get(key, ""), str) for key in _OPTIONAL_KEYS):
            raise ClassificationError(f"{at}：{'、'.join(_OPTIONAL_KEYS)} 应为文字。")
        subjects[code] = Subject(
            code=code,
            name=entry["name"].strip(),
            kind=kind,
            level=level,
            description=entry.get("description"),
            renamed_from=entry.get("renamed_from"),
            short_name=entry.get("short_name"),
        )
    for code, subject in subjects.items():
        parent = code[: len(code) - 2]
        if subject.level > 1 and parent not in subjects:
            raise ClassificationError(f"{_location(where, kind, code, lines)}：缺少上级科目 {parent}。")
    return subjects


def _location(where: str, kind: str, code: str, lines: dict[tuple[str, str], int]) -> str:
    line = lines.get((kind, code))
    return f"分类科目文件 {where}，键 {kind}.{code}" + (f"，第 {line} 行" if line else "")


def _key_lines(where: str, text: str) -> dict[tuple[str, str], int]:
    """1-based line of every code key, by section, for error messages.

    A code written twice is an error here: YAML would silently keep the last entry.
    """
    root = yaml.compose(text, Loader=_LOADER)
    lines: dict[tuple[str, str], int] = {}
    if not isinstance(root, yaml.MappingNode):
        return lines
    for section_key, section in root.value:
        if isinstance(section, yaml.MappingNode):
            for key, _ in section.value:
                place = (section_key.value, str(key.value))
                line = key.start_mark.line + 1
                if place in lines:
                    raise ClassificationError(
                        f"{_location(where, *place, lines)}：科目编码重复，第 {line} 行再次出现。"
                    )
                lines[place] = line
    return lines


def _directory() -> Traversable:
    return resources.files("generator").joinpath("data", "classification")


@cache
def _files() -> dict[int, Traversable]:
    return {
        int(file.name.removesuffix(".yaml")): file
        for file in _directory().iterdir()
        if file.name.endswith(".yaml") and file.name.removesuffix(".yaml").isdigit()
    }


def load_classification(year: int) -> Classification:
    """The dictionary for ``year``: its own file, else the nearest earlier year, else the nearest later."""
    files = _files()
    if not files:
        raise ClassificationError(f"未找到分类科目文件：{_directory()} 下应有“年度.yaml”。")
    earlier = [known for known in files if known <= year]
    return _classification_of(max(earlier) if earlier else min(files))


@cache
def _classification_of(file_year: int) -> Classification:
    """One file read once, however many years fall back to it."""
    return read_classification(_files()[file_year])
