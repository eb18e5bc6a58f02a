"""Read department.yaml and site.yaml into the schema, every problem a Chinese finding with its line.

The YAML is composed into a node tree (PyYAML's safe loader) and turned into plain data here, so
that every key path keeps the line it was written on, a duplicated key is caught, and an amount
becomes a ``Decimal`` from the text as written (``9.00`` → ``Decimal("9.00")``, no float between).
The scalar rules are tightened for people who are not programmers: only ``true``/``false`` are
booleans (``no`` and ``on`` stay text), and numbers with leading zeros or colons (编码 ``001``,
``10:30``) stay text instead of turning into octal or sexagesimal integers.

pydantic's errors are never shown as they are: each becomes a finding written from the error type.
"""

from __future__ import annotations

import difflib
import re
import types
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Annotated, Any, TypeVar, Union, get_args, get_origin

import yaml
from pydantic import BaseModel, ValidationError
from pydantic.fields import FieldInfo
from pydantic_core import ErrorDetails

from generator.model import Finding, Severity, Source
from generator.readers.schema import (
    ACCOUNTS_KEY,
    INVALID_CODE,
    INVALID_URL,
    UNKNOWN_GRADING,
    UNKNOWN_PROFILE,
    Department,
    Site,
    accounts_keys_missing,
)

Model = TypeVar("Model", bound=BaseModel)

_BOOL = "tag:yaml.org,2002:bool"
_INT = "tag:yaml.org,2002:int"
_FLOAT = "tag:yaml.org,2002:float"
_NULL = "tag:yaml.org,2002:null"
_TIMESTAMP = "tag:yaml.org,2002:timestamp"
_MERGE = "tag:yaml.org,2002:merge"


class _Loader(yaml.SafeLoader):
    """SafeLoader with YAML 1.2-like booleans and numbers (see the module docstring)."""


# libyaml's parser, when PyYAML was built with it, parses about ten times faster than the pure-Python one.
# Its error marks differ, so a file it refuses is parsed again by _Loader to word the message.
class _FastLoader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # type: ignore[misc]
    """_Loader on libyaml."""


_RESOLVERS = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag not in (_BOOL, _INT, _FLOAT)]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
for _loader in (_Loader, _FastLoader):
    _loader.yaml_implicit_resolvers = {first: list(pairs) for first, pairs in _RESOLVERS.items()}
    _loader.add_implicit_resolver(_BOOL, re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF"))
    _loader.add_implicit_resolver(_INT, re.compile(r"^[-+]?(?:0|[1-9][0-9]*)$"), list("-+0123456789"))
    _loader.add_implicit_resolver(
        _FLOAT,
        re.compile(r"^[-+]?(?:[0-9]+\.[0-9]*|\.[0-9]+)(?:[eE][-+]?[0-9]+)?$|^[-+]?[0-9]+[eE][-+]?[0-9]+$"),
        list("-+.0123456789"),
    )


class YamlError(Exception):
    """A YAML file that cannot be read at all (encoding, syntax, not a mapping)."""

    def __init__(self, findings: list[Finding]) -> None:
        super().__init__("；".join(finding.message for finding in findings))
        self.findings = findings


@dataclass
class YamlDocument:
    """A YAML mapping as plain data, with the 1-based line of every key path."""

    file: str
    data: dict[str, Any]
    lines: dict[str, int]  # "sangong.reception.domestic.batches" → 42; list items as "units.0"

    def locate(self, key: str) -> Source:
        """The key's line, or the line of its nearest written parent when the key is absent."""
        parts = key.split(".")
        while parts and ".".join(parts) not in self.lines:
            parts.pop()
        return Source(file=self.file, key=key, line=self.lines[".".join(parts)] if parts else None)

    def texts(self) -> Iterator[tuple[str, str]]:
        """Every string as written, with its dotted key path (list items as ``units.0``)."""
        return _texts(self.data, "")


def _texts(value: Any, key: str) -> Iterator[tuple[str, str]]:
    if isinstance(value, str):
        yield key, value
    elif isinstance(value, dict):
        for name, item in value.items():
            yield from _texts(item, f"{key}.{name}" if key else str(name))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _texts(item, f"{key}.{index}")


def _error(
    rule: str, message: str, source: Source, expected: str | None = None, found: str | None = None
) -> Finding:
    return Finding(Severity.ERROR, rule, message, source, expected=expected, found=found)


# ---------------------------------------------------------------- reading and parsing


def _decode(raw: bytes, file: str) -> str:
    try:
        return raw.decode("utf-8-sig")  # a BOM (记事本“UTF-8 带 BOM”) is fine
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
            guess = "（看起来是 UTF-16，即记事本的“Unicode”编码）"
        else:
            try:
                raw.decode("gb18030")
                guess = "（看起来是 GBK，即 Windows 记事本的“ANSI”编码）"
            except UnicodeDecodeError:
                guess = ""
        raise YamlError(
            [
                _error(
                    "yaml.encoding",
                    f"文件不是 UTF-8 编码{guess}，请另存为 UTF-8：用记事本打开后选“另存为”，"
                    f"编码选择“UTF-8”。第一个无法识别的字符在第 {line} 行。",
                    Source(file=file, line=line),
                    expected="UTF-8 编码",
                )
            ]
        ) from None


# Keys written with a full-width colon or without a space after the colon: the two commonest slips
# of people typing YAML in a Chinese input method. PyYAML reports them a line later, or not at all.
_FULL_WIDTH_COLON = re.compile(r"^\s*(?:-\s+)?[A-Za-z_][A-Za-z0-9_]*\s*(：)")
_NO_SPACE = re.compile(r"^\s*(?:-\s+)?[A-Za-z_][A-Za-z0-9_]*(:)(?=[^\s:/])")


def _slip(lines: list[str], candidates: list[int]) -> tuple[int, int, str] | None:
    """(line, column, explanation) of a colon slip on one of the candidate 1-based lines."""
    for number in candidates:
        if not 1 <= number <= len(lines):
            continue
        text = lines[number - 1]
        if match := _FULL_WIDTH_COLON.match(text):
            return number, match.start(1) + 1, "键后面用了中文冒号“：”，应改为英文冒号“:”再加一个空格"
        if match := _NO_SPACE.match(text):
            return number, match.start(1) + 1, "冒号后缺少空格，应写成“键: 值”（英文冒号后加一个空格）"
    return None


# PyYAML's problem texts, most common first, and what they mean for a hand-written file.
_PROBLEMS = [
    ("found character '\\t' that cannot start any token", "使用了制表符（Tab）缩进，YAML 只能用空格缩进"),
    ("that cannot start any token", "值不能以这个符号开头，请用英文引号把整个值括起来"),
    (
        "mapping values are not allowed here",
        "这里不应出现“: ”：可能是缩进不对，或者值里含有“冒号加空格”，需要用英文引号把整个值括起来",
    ),
    ("could not find expected ':'", "缺少冒号：每个键后面应写英文冒号“:”再加一个空格"),
    ("expected <block end>", "缩进不一致：同一层的键必须用同样多的空格左对齐"),
    ("did not find expected key", "缩进不一致：同一层的键必须用同样多的空格左对齐"),
    ("did not find expected '-' indicator", "列表缩进不一致：每一项都应以“- ”开头并左对齐"),
    ("found unexpected end of stream", "引号没有成对：开头的引号一直到文件末尾都没有闭合"),
    ("expected ',' or ']'", "方括号“[ ]”没有闭合，或其中的各项没有用逗号分隔"),
    ("expected ',' or '}'", "花括号“{ }”没有闭合，或其中的各项没有用逗号分隔"),
    ("found undefined alias", "以“*”开头的值被当作了引用：如果这是文字，请用英文引号括起来"),
    ("expected a single document", "文件中有多个以“---”分隔的部分，只能有一个"),
    ("for merging", "“<<”后面只能引用一组“键: 值”（如 <<: *名称）"),
    ("found duplicate anchor", "以“&”开头的值被当作了锚点：如果这是文字，请用英文引号括起来"),
]


def _syntax(error: yaml.YAMLError, text: str, file: str) -> Finding:
    lines = text.splitlines()
    if isinstance(error, yaml.reader.ReaderError):
        line = text[: error.position].count("\n") + 1
        column = error.position - (text.rfind("\n", 0, error.position) + 1) + 1
        explanation = (
            f"含有不允许的不可见控制字符（#x{error.character:04x}，常见于从 Word 或网页复制的文字），请删除它"
        )
    else:
        problem = getattr(error, "problem", None) or ""
        context = getattr(error, "context_mark", None)
        mark = getattr(error, "problem_mark", None) or context
        if context is not None and "end of stream" in problem:
            mark = context  # an unclosed quote or bracket: point at where it was opened
        line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        candidates = [line - 1, line, *([context.line + 1] if context else [])]
        slip = _slip(lines, candidates)
        if slip is not None:
            line, column, explanation = slip
        else:
            explanation = next(
                (chinese for english, chinese in _PROBLEMS if english in problem),
                f"无法解析（{problem or error}）",
            )
    found = lines[line - 1].strip() if 1 <= line <= len(lines) else None
    return _error(
        "yaml.syntax",
        f"YAML 格式错误：第 {line} 行第 {column} 列，{explanation}。",
        Source(file=file, line=line),
        expected="“键: 值”格式的 YAML",
        found=found,
    )


def _plain(
    node: yaml.Node, path: str, document: YamlDocument, findings: list[Finding], loader: yaml.SafeLoader
) -> Any:
    """The node as plain data, recording key lines and duplicated keys."""
    if isinstance(node, yaml.MappingNode):
        # "<<: *anchor" merges come first after flattening; a key written here may override them.
        own = sum(1 for key_node, _ in node.value if key_node.tag != _MERGE)
        loader.flatten_mapping(node)
        first_own = len(node.value) - own
        mapping: dict[str, Any] = {}
        own_lines: dict[str, int] = {}
        for index, (key_node, value_node) in enumerate(node.value):
            key = str(key_node.value) if isinstance(key_node, yaml.ScalarNode) else "?"
            full = f"{path}.{key}" if path else key
            line = key_node.start_mark.line + 1
            if index >= first_own:
                if key in own_lines:
                    findings.append(
                        _error(
                            "yaml.duplicate-key",
                            f"键 {full} 写了两次（第 {own_lines[key]} 行和第 {line} 行），"
                            "后写的会覆盖先写的：请删去多余的一处。",
                            Source(file=document.file, key=full, line=line),
                        )
                    )
                own_lines[key] = line
            document.lines[full] = line
            mapping[key] = _plain(value_node, full, document, findings, loader)
        return mapping
    if isinstance(node, yaml.SequenceNode):
        items = []
        for index, item in enumerate(node.value):
            full = f"{path}.{index}"
            document.lines[full] = item.start_mark.line + 1
            items.append(_plain(item, full, document, findings, loader))
        return items
    assert isinstance(node, yaml.ScalarNode)  # a composed node is a mapping, a sequence or a scalar
    if node.tag in (_INT, _FLOAT) and _too_large(node.value):
        line = node.start_mark.line + 1
        findings.append(
            _error(
                "yaml.number-too-large",
                f"第 {line} 行的数字 {node.value[:20]}{'…' * (len(node.value) > 20)} 过大："
                f"金额和人数都不超过 {MAX_NUMBER_DIGITS} 位整数，请检查是否多输了数字。",
                Source(file=document.file, key=path, line=line),
                f"不超过 {MAX_NUMBER_DIGITS} 位整数的数字",
                node.value[:40],
            )
        )
        return node.value
    return _scalar(node, loader)


# Bounds of what a hand-written file can need: deeper nesting, more nodes (aliases expanded) or larger
# numbers are a located error rather than a process that runs out of memory or stack.
MAX_DEPTH = 50
MAX_NODES = 100_000
MAX_NUMBER_DIGITS = 15  # integer digits: no amount (万元) or count comes near


def _too_large(text: str) -> bool:
    """Whether a YAML number's text exceeds MAX_NUMBER_DIGITS integer digits (5000 digits, 1e400)."""
    if len(text) > 40:
        return True
    return Decimal(text).adjusted() >= MAX_NUMBER_DIGITS


def _bounds(text: str, file: str) -> None:
    """Refuse a document nested deeper than MAX_DEPTH or of more than MAX_NODES nodes once its aliases
    (``*name``) are expanded, as the events stream in (a billion laughs takes 13 KB of text).

    A syntax error is left to the parse that follows, which words it.
    """
    expanded: dict[str, int] = {}  # anchor → nodes it stands for
    open_nodes: list[list[Any]] = []  # [anchor, nodes so far] of each collection being read
    total = 0
    try:
        for event in yaml.parse(text, Loader=_FastLoader):
            if isinstance(event, yaml.CollectionEndEvent):
                anchor, nodes = open_nodes.pop()
                if anchor:
                    expanded[anchor] = nodes
                continue
            if not isinstance(event, yaml.NodeEvent):
                continue
            nodes = expanded.get(event.anchor or "", 1) if isinstance(event, yaml.AliasEvent) else 1
            total += nodes
            for frame in open_nodes:
                frame[1] += nodes
            line = event.start_mark.line + 1 if event.start_mark else 1
            if total > MAX_NODES:
                _refuse(file, line, f"展开引用（*名称）后超过 {MAX_NODES} 项，文件不会这么大：请直接写出内容")
            if isinstance(event, yaml.CollectionStartEvent):
                if len(open_nodes) >= MAX_DEPTH:
                    _refuse(file, line, f"嵌套超过 {MAX_DEPTH} 层，请检查缩进或括号")
                open_nodes.append([event.anchor, 1])
            elif isinstance(event, yaml.ScalarEvent) and event.anchor:
                expanded[event.anchor] = 1
    except yaml.YAMLError as error:
        if "nesting depth" in str(error):  # libyaml's own bound (1000), met while scanning ahead
            mark = getattr(error, "problem_mark", None)
            _refuse(file, mark.line + 1 if mark else 1, f"嵌套超过 {MAX_DEPTH} 层，请检查缩进或括号")


def _refuse(file: str, line: int, explanation: str) -> None:
    raise YamlError(
        [_error("yaml.too-large", f"YAML 第 {line} 行：{explanation}。", Source(file=file, line=line))]
    )


def _scalar(node: yaml.ScalarNode, loader: yaml.SafeLoader) -> Any:
    if node.tag == _NULL:
        return None
    if node.tag == _BOOL:
        return node.value.lower() == "true"
    if node.tag == _INT:
        return int(node.value)
    if node.tag == _FLOAT:
        return Decimal(node.value)  # the text as written: 9.00 stays 9.00, never a binary float
    if node.tag == _TIMESTAMP:
        try:
            return loader.construct_yaml_timestamp(node)
        except ValueError:
            return node.value  # 2024-02-30: reported by the schema as a wrong date
    return node.value  # str, and explicit tags the schema will judge as text


def read_yaml(path: Path, *, display_path: str | None = None, hint: str = "") -> YamlDocument:
    """Parse one YAML file that must hold a mapping.

    Raises ``YamlError`` when the file cannot be read, decoded or parsed, is empty or is not a
    mapping; a duplicated key is reported without stopping (``YamlError`` after the whole file).
    ``hint`` says what the file should contain, for the empty-file message.
    """
    file = display_path or str(path)
    where = Source(file=file)
    try:
        raw = path.read_bytes()
    except OSError as error:
        reason = {FileNotFoundError: "文件不存在", IsADirectoryError: "这是一个文件夹，不是文件"}.get(
            type(error), "没有读取权限" if isinstance(error, PermissionError) else f"{error.strerror}"
        )
        raise YamlError([_error("yaml.unreadable", f"无法读取 {file}：{reason}。", where)]) from None
    text = _decode(raw, file)
    _bounds(text, file)
    try:
        loader: yaml.SafeLoader = _FastLoader(text)
        root = loader.get_single_node()
    except yaml.YAMLError:
        try:
            loader = _Loader(text)  # checks for control characters already
            root = loader.get_single_node()
        except yaml.YAMLError as error:
            raise YamlError([_syntax(error, text, file)]) from None
    if root is None:
        raise YamlError([_error("yaml.empty", f"文件是空的：{hint}", where)])
    if not isinstance(root, yaml.MappingNode):
        kind = "列表" if isinstance(root, yaml.SequenceNode) else "一段文字"
        slip = _slip(text.splitlines(), list(range(1, text.count("\n") + 2)))
        detail = f"第 {slip[0]} 行{slip[2]}。" if slip else "每行应写成“键: 值”，如 name: 渠县商务局。"
        raise YamlError(
            [
                _error(
                    "yaml.not-mapping",
                    f"文件的最外层应是一组“键: 值”，实际是{kind}：{detail}",
                    Source(file=file, line=root.start_mark.line + 1),
                    expected="一组“键: 值”",
                    found=kind,
                )
            ]
        )
    document = YamlDocument(file=file, data={}, lines={})
    findings: list[Finding] = []
    try:
        document.data = _plain(root, "", document, findings, loader)
    except yaml.YAMLError as error:  # a merge ("<<") of something that is not a mapping
        raise YamlError([_syntax(error, text, file)]) from None
    except RecursionError:
        findings.append(_error("yaml.syntax", "YAML 格式错误：文件中的引用（*名称）指向了自身。", where))
    if findings:
        raise YamlError(findings)
    return document


# ---------------------------------------------------------------- validation errors in Chinese

# pydantic error types → what the value should have been, in words a clerk reads.
_TYPE_FAMILIES: dict[str, tuple[str, ...]] = {
    "整数": ("int_type", "int_parsing", "int_from_float"),
    "数字": ("decimal_type", "decimal_parsing", "float_type", "float_parsing"),
    "文本": ("string_type", "string_unicode"),
    "日期（如 2024-09-27）": (
        "date_type",
        "date_parsing",
        "date_from_datetime_parsing",
        "date_from_datetime_inexact",
    ),
    "列表（每项另起一行，以“- ”开头）": ("list_type",),
    "一组“键: 值”（在下一行缩进书写）": ("dict_type", "model_type", "model_attributes_type"),
}
_EXPECTED = {error_type: words for words, types_ in _TYPE_FAMILIES.items() for error_type in types_}
_CUSTOM_RULES = {
    ACCOUNTS_KEY: "yaml.missing-key",
    UNKNOWN_PROFILE: "yaml.unknown-profile",
    UNKNOWN_GRADING: "yaml.unknown-grading",
    INVALID_CODE: "yaml.invalid-value",
    INVALID_URL: "yaml.invalid-value",
}


def _unwrap(annotation: Any) -> Any:
    """The annotation without ``Annotated[...]`` and ``| None``."""
    while True:
        origin = get_origin(annotation)
        if origin is Annotated:
            annotation = get_args(annotation)[0]
        elif origin in (Union, types.UnionType):
            annotation = next(arg for arg in get_args(annotation) if arg is not type(None))
        else:
            return annotation


def _resolve(model: type[BaseModel], loc: tuple[str | int, ...]) -> tuple[Any, FieldInfo | None]:
    """(the annotation holding the last part of ``loc``, that part's field when it is a model field)."""
    holder: Any = model
    field: FieldInfo | None = None
    for index, part in enumerate(loc):
        holder = _unwrap(holder)
        if isinstance(holder, type) and issubclass(holder, BaseModel):
            field = holder.model_fields.get(str(part))
            if field is None or index == len(loc) - 1:
                return holder, field
            holder = field.annotation
        elif get_origin(holder) in (list, dict):
            if index == len(loc) - 1:
                return holder, None
            field = None
            holder = get_args(holder)[-1]
        else:
            return holder, None
    return holder, field


def _named(key: str, field: FieldInfo | None) -> str:
    """``duties（部门职责）`` to stand before Chinese text; a bare key keeps a space after it."""
    return f"{key}（{field.description}）" if field is not None and field.description else f"{key} "


def _show(value: Any) -> str:
    if value is None:
        return "空值"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dict):
        return "一组“键: 值”"
    if isinstance(value, list):
        return "列表"
    text = str(value)
    return text if len(text) <= 40 else text[:40] + "…"


def _unit(field: FieldInfo | None) -> str | None:
    """The unit a number field declares (``Money``: 万元), also when it is wrapped in ``| None``."""
    if field is None:
        return None
    candidates = [
        field,
        *(meta for arg in get_args(field.annotation) for meta in getattr(arg, "__metadata__", ())),
    ]
    for candidate in candidates:
        if isinstance(candidate, FieldInfo) and isinstance(candidate.json_schema_extra, dict):
            return str(candidate.json_schema_extra.get("unit"))
    return None


def _expected(error_type: str, field: FieldInfo | None) -> str:
    words = _EXPECTED.get(error_type, "")
    unit = _unit(field) if words == "数字" else None
    if unit is None:
        return words
    return "金额（数字，单位：万元）" if unit == "万元" else f"数字（单位：{unit}）"


def _finding(error: ErrorDetails, model: type[BaseModel], document: YamlDocument) -> Finding:
    loc = tuple(part for part in error["loc"] if part != "[key]")
    key = ".".join(str(part) for part in loc)
    error_type = error["type"]
    holder, field = _resolve(model, loc)
    named = _named(key, field)
    source = document.locate(key)
    value = error.get("input")
    if error_type == "extra_forbidden":
        parent = ".".join(str(part) for part in loc[:-1])
        valid = (
            list(holder.model_fields) if isinstance(holder, type) and issubclass(holder, BaseModel) else []
        )
        close = difflib.get_close_matches(str(loc[-1]), valid, n=1, cutoff=0.6)
        prefix = f"{parent}." if parent else ""
        advice = (
            f"您是否想写 {prefix}{close[0]}？"
            if close
            else f"{'这一层' if not parent else parent + ' 下'}可用的键有：{'、'.join(valid)}。"
        )
        return _error("yaml.unknown-key", f"未知的键 {key}，{advice}", source, found=key)
    if error_type == "missing":
        return _error("yaml.missing-key", f"缺少必填的键 {named.rstrip()}。", source, expected=named.rstrip())
    if error_type in _CUSTOM_RULES:
        return _error(
            _CUSTOM_RULES[error_type], f"键 {named.rstrip()}：{error['msg']}。", source, found=_show(value)
        )
    if value is None or (error_type == "string_too_short" and not value):
        return _error("yaml.missing-key", f"键 {named}没有填写内容。", source, expected="填写内容")
    if error_type == "greater_than_equal" and error.get("ctx", {}).get("ge") == 0:
        return _error(
            "yaml.negative",
            f"键 {named}不能为负数，实际写的是 {_show(value)}。",
            source,
            "0 或正数",
            _show(value),
        )
    if error_type == "literal_error" and field is not None:
        choices = "、".join(str(choice) for choice in get_args(_unwrap(field.annotation)))
        return _error(
            "yaml.invalid-value",
            f"键 {named}只能填 {choices} 之一，实际写的是“{_show(value)}”。",
            source,
            expected=choices,
            found=_show(value),
        )
    if error_type == "decimal_max_places":
        return _error(
            "yaml.invalid-value",
            f"键 {named}最多保留两位小数（单位：万元），实际写的是 {_show(value)}。",
            source,
            expected="最多两位小数",
            found=_show(value),
        )
    if error_type in ("less_than_equal", "less_than"):
        limit = error.get("ctx", {}).get("le" if error_type == "less_than_equal" else "lt")
        return _error(
            "yaml.invalid-value",
            f"键 {named}不能超过 {limit}，实际写的是 {_show(value)}。",
            source,
            expected=f"不超过 {limit}",
            found=_show(value),
        )
    expected = _expected(error_type, field)
    if expected:
        return _error(
            "yaml.wrong-type",
            f"键 {named}应填写{expected}，实际写的是“{_show(value)}”。",
            source,
            expected=expected,
            found=_show(value),
        )
    # A constraint this module has no words for yet: name it by its type, never in pydantic's English.
    return _error(
        "yaml.invalid-value",
        f"键 {named}的值不符合要求（{error_type}），实际写的是“{_show(value)}”。",
        source,
        found=_show(value),
    )


def validate(document: YamlDocument, model: type[Model]) -> tuple[Model | None, list[Finding]]:
    """The document as ``model``, or None and one finding per validation error."""
    try:
        return model.model_validate(document.data), []
    except ValidationError as error:
        return None, [_finding(details, model, document) for details in error.errors(include_url=False)]


def _load(
    path: Path, model: type[Model], display_path: str | None, hint: str
) -> tuple[Model | None, YamlDocument | None, list[Finding]]:
    try:
        document = read_yaml(path, display_path=display_path, hint=hint)
    except YamlError as error:
        return None, None, error.findings
    found, findings = validate(document, model)
    return found, document, findings


def read_department(
    path: Path, *, display_path: str | None = None
) -> tuple[Department | None, YamlDocument | None, list[Finding]]:
    """Read a department.yaml: the model when it is valid, the document read, and the findings (错误).

    The document is kept for the check stage: its rules point at the line of every key. When other keys
    are wrong, the keys a department publishing its 决算 leaves out are listed too (the model's own check
    of them runs only on keys that are all valid): one pass lists everything to fill in.
    """
    department, document, findings = _load(
        path,
        Department,
        display_path,
        "应填写部门名称（name）、单位性质（kind）、部门职责（duties）、机构设置（organisation）等，"
        "格式见 data/department.example.yaml。",
    )
    if document is not None and department is None and (missing := accounts_keys_missing(document.data)):
        # a key already reported (organisation.description left blank) is not reported again
        reported = {f.source.key.split(".")[0] for f in findings if f.source is not None and f.source.key}
        errors = missing.errors(include_url=False)
        findings += [
            _finding(error, Department, document) for error in errors if error["loc"][0] not in reported
        ]
    return department, document, findings


def load_department(
    path: Path, *, display_path: str | None = None
) -> tuple[Department | None, list[Finding]]:
    """Read a department.yaml: the model when it is valid, else None and the findings (错误)."""
    department, _, findings = read_department(path, display_path=display_path)
    return department, findings


def read_site(
    path: Path, *, display_path: str | None = None
) -> tuple[Site | None, YamlDocument | None, list[Finding]]:
    """Read data/site.yaml: the model when it is valid, the document read, and the findings (错误)."""
    return _load(
        path,
        Site,
        display_path,
        "应填写网站标题（title）、地区（region）、发布单位（publisher）和公开规范（profile）。",
    )


def load_site(path: Path, *, display_path: str | None = None) -> tuple[Site | None, list[Finding]]:
    """Read data/site.yaml: the model when it is valid, else None and the findings (错误)."""
    site, _, findings = read_site(path, display_path=display_path)
    return site, findings
