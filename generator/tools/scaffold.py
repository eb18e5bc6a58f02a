"""``gongkai new YEAR DEPT``: next year's folder, with last year's narrative and a blank workbook.

The new ``data/<year>/<dept>/department.yaml`` is written from the schema (``generator.readers.schema``),
key by key in its order, each with its Chinese name as a comment. What normally stays true from one
year to the next (name, kind, duties, organisation and units, the staff note, 科目 descriptions and
glossary, the province settings) is carried over from ``--from``'s department.yaml; every other key
is left empty and marked ``# 请核对：…`` with last year's value where it is short. No ``prior_year``
block is written when ``data/<year-1>/<dept>/`` exists: the prior year's figures are read from it.
Without ``--from`` every key is empty and marked ``# 请填写：…``.

A blank key reads as "not filled in" (see ``schema.Strict``), so ``gongkai check`` on the new folder
lists exactly what is still missing.
"""

from __future__ import annotations

import datetime as dt
import types
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any, Union, get_args, get_origin

import yaml
from pydantic import BaseModel
from pydantic.fields import FieldInfo

from generator.load import SITE_FILE, SLUG_PATTERN, YEAR_PATTERN
from generator.model import display_path
from generator.readers.schema import ACCOUNTS_KEYS, Department, Site, data_files
from generator.readers.yamlfile import YamlError, load_site, read_yaml
from generator.tools.blank_workbook import TEMPLATE_NAME, write_template

DEPARTMENT_FILE = "department.yaml"
# Keys (and everything under them) that normally stay true from one year to the next.
CARRIED = (
    "name",
    "code",
    "kind",
    "supervisor",
    "group",
    "subject",
    "duties",
    "organisation",
    "staff.note",
    "descriptions",
    "glossary",
    "profile",
    "grading",
)
# Chosen once for the whole site, or (publishes) the rare department-year that publishes only 绩效自评:
# written empty with “一般不填”, not marked to fill in.
SETTINGS = ("profile", "grading", "publishes")
NO_HINTS = ("prior_year",)
HINT_LENGTH = 30  # last year's value is quoted in the review comment up to this many characters
REVIEW = "请核对"
FILL = "请填写"


class ScaffoldError(Exception):
    """The folder cannot be created; the message is Chinese and says what to do."""


@dataclass
class Scaffold:
    directory: Path
    department_yaml: Path
    workbook: Path
    source: Path | None  # last year's department.yaml the narrative was carried from
    prior_from_folder: bool  # the prior year's figures come from data/<year-1>/<dept>/
    marked: list[str] = field(default_factory=list)  # keys left empty for the department to fill


def new_department_year(root: Path, year: int, slug: str, *, source_year: int | None = None) -> Scaffold:
    """Create ``root/data/<year>/<slug>/`` with department.yaml and the blank standard workbook."""
    if not YEAR_PATTERN.match(str(year)):
        raise ScaffoldError(f"年度“{year}”不对：应为四位年份，如 2024。")
    if not SLUG_PATTERN.match(slug):
        raise ScaffoldError(
            f"部门文件夹名“{slug}”不合规：只能用小写英文字母、数字和连字符（如拼音 qu-xian-shang-wu-ju），"
            "它会成为网址的一部分。"
        )
    data = root / "data"
    directory = data / str(year) / slug
    if directory.exists() and any(directory.iterdir()):
        raise ScaffoldError(
            f"{display_path(directory, root)}/ 已存在且不是空文件夹：为免覆盖已填写的内容，没有改动。"
        )
    carried: dict[str, Any] | None = None
    source = None
    if source_year is not None:
        source = data / str(source_year) / slug / DEPARTMENT_FILE
        carried = _read_source(source, root)
    prior_from_folder = (data / str(year - 1) / slug).is_dir()
    writer = _YamlWriter(carried)
    shown_source = display_path(source, root) if source is not None else None
    text = _header(year, slug, shown_source, prior_from_folder) + writer.write(
        Department, skip=("prior_year",) if prior_from_folder else ()
    )
    name = carried.get("name") if carried else None
    profile = str((carried or {}).get("profile") or site_profile(root))
    if profile not in data_files("profiles"):
        raise ScaffoldError(
            f"上年 department.yaml 中的 profile“{profile}”不是可用的公开规范：可用的有 "
            f"{'、'.join(data_files('profiles'))}。请先改正上年的文件。"
        )
    directory.mkdir(parents=True, exist_ok=True)
    department_yaml = directory / DEPARTMENT_FILE
    department_yaml.write_text(text, encoding="utf-8")
    workbook = write_template(
        directory / TEMPLATE_NAME, profile=profile, department=str(name or ""), year=year
    )
    return Scaffold(directory, department_yaml, workbook, source, prior_from_folder, writer.marked)


def _read_source(path: Path, root: Path) -> dict[str, Any]:
    if not path.is_file():
        raise ScaffoldError(
            f"找不到上年的部门说明文件 {display_path(path, root)}：请检查 --from 的年度和部门文件夹名。"
        )
    try:
        return read_yaml(path, display_path=display_path(path, root)).data
    except YamlError as error:
        raise ScaffoldError(f"无法读取 {display_path(path, root)}：{error}") from error


def site_profile(root: Path) -> str:
    """The profile data/site.yaml chooses; the schema's default when site.yaml is missing or invalid."""
    path = root / "data" / SITE_FILE
    site = load_site(path)[0] if path.is_file() else None
    return site.profile if site is not None else str(Site.model_fields["profile"].default)


def _header(year: int, slug: str, source: str | None, prior_from_folder: bool) -> str:
    lines = [f"# {year} 年度部门决算公开：部门说明（由 gongkai new 生成）。"]
    if source:
        lines += [
            f"# 部门名称、职责、机构设置等沿用 {source}，如本年有变化请修改；",
            f"# 每年不同的内容已清空，标有“{REVIEW}”：请按本年情况填写，不适用的留空。",
        ]
    else:
        lines.append(f"# 标有“{FILL}”的项请按本年情况填写，不适用的留空。")
    lines.append(
        f"# 各项的含义和写法见 data/department.example.yaml；填好后运行 gongkai check data/{year}/{slug}"
    )
    if prior_from_folder:
        lines.append(f"# 上年决算数从 data/{year - 1}/{slug}/ 读取，本文件不需要 prior_year。")
    return "\n".join(lines) + "\n\n"


# ---------------------------------------------------------------- writing department.yaml


class _Dumper(yaml.SafeDumper):
    """Text of several lines as a block (|), amounts as written (9.00), Chinese as it is."""


def _represent_str(dumper: yaml.SafeDumper, value: str) -> yaml.Node:
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style="|" if "\n" in value else None)


def _represent_decimal(dumper: yaml.SafeDumper, value: Decimal) -> yaml.Node:
    return dumper.represent_scalar("tag:yaml.org,2002:float", str(value))


_Dumper.add_representer(str, _represent_str)
_Dumper.add_representer(Decimal, _represent_decimal)


def _dump(value: Any) -> list[str]:
    text = yaml.dump(value, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=float("inf"))
    return text.rstrip("\n").removesuffix("\n...").splitlines()


def _model(annotation: Any) -> type[BaseModel] | None:
    """The model a field holds (``Staff | None`` → Staff), None for a plain value."""
    if get_origin(annotation) in (Union, types.UnionType):
        models = [_model(arg) for arg in get_args(annotation)]
        return next((model for model in models if model is not None), None)
    return annotation if isinstance(annotation, type) and issubclass(annotation, BaseModel) else None


def _stated_or_not(field_info: FieldInfo, model: type[BaseModel]) -> bool:
    """A block whose absence means "not stated" (``held``) but whose keys default to 0: writing its keys
    empty would state zeros, so the block itself is left empty."""
    return field_info.default is None and any(
        inner.default not in (None, "") for inner in model.model_fields.values() if not inner.is_required()
    )


def _hint(value: Any) -> str:
    """Last year's value as the review comment quotes it, when it is short and plain."""
    if isinstance(value, bool) or value is None or value == "":
        return ""
    if isinstance(value, int | Decimal | dt.date) or (isinstance(value, str) and len(value) <= HINT_LENGTH):
        return f"（上年：{value}）"
    return ""


class _YamlWriter:
    """department.yaml key by key from the schema: carried values as they were, the rest empty and marked."""

    def __init__(self, carried: Mapping[str, Any] | None) -> None:
        self.carried = carried
        self.marked: list[str] = []
        self.lines: list[str] = []

    def write(self, model: type[BaseModel], *, skip: tuple[str, ...] = ()) -> str:
        self._block(model, self.carried, "", 0, skip)
        return "\n".join(self.lines).strip("\n") + "\n"

    def _block(
        self, model: type[BaseModel], last: Any, path: str, depth: int, skip: tuple[str, ...] = ()
    ) -> None:
        pad = "  " * depth
        for name, info in model.model_fields.items():
            if name in skip:
                continue
            key = f"{path}.{name}" if path else name
            description = info.description or name
            # last year's prior_year holds the year before: no hint for this year's prior_year
            value = last.get(name) if isinstance(last, Mapping) and key not in NO_HINTS else None
            inner = _model(info.annotation)
            if _carried(key) and value not in (None, "", [], {}):
                self._value(pad, name, value, description)
            elif inner is not None and (key in ACCOUNTS_KEYS or not _stated_or_not(info, inner)):
                self._section(depth)
                self.lines.append(f"{pad}{name}: # {description}")
                self._block(inner, value, key, depth + 1)
                self._section(depth)
            elif _carried(key) and self.carried is not None:
                self.lines.append(f"{pad}{name}: # {description}（上年未填）")
            else:
                self._empty(pad, key, name, description, value, inner)

    def _section(self, depth: int) -> None:
        """A blank line around each top-level block."""
        if depth == 0 and self.lines and self.lines[-1] != "":
            self.lines.append("")

    def _value(self, pad: str, name: str, value: Any, description: str) -> None:
        dumped = _dump({name: value})
        if len(dumped) == 1:
            self.lines.append(f"{pad}{dumped[0]} # {description}")
        else:
            self.lines.append(f"{pad}# {description}")
            self.lines.extend(f"{pad}{line}" for line in dumped)

    def _empty(
        self, pad: str, key: str, name: str, description: str, value: Any, inner: type[BaseModel] | None
    ) -> None:
        if inner is not None:  # a block left empty: say which keys it takes
            keys = "、".join(f"{k}（{f.description}）" for k, f in inner.model_fields.items())
            description = f"{description}，下一行起缩进两格写 {keys}"
        if name in SETTINGS:
            self.lines.append(f"{pad}{name}: # 一般不填：{description}")
            return
        self.marked.append(key)
        if self.carried is None:
            self.lines.append(f"{pad}{name}: # {FILL}：{description}")
        else:
            self.lines.append(f"{pad}{name}: # {REVIEW}：{description}{_hint(value)}")


def _carried(key: str) -> bool:
    return any(key == kept or key.startswith(f"{kept}.") for kept in CARRIED)
