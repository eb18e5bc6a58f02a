"""Y-8: template residue and slips in every text a person wrote, as written.

Every YAML file of a department-year (department.yaml and each evaluation file), site.yaml and the
prose of the Markdown pages under ``content/`` (code is quoted literally) are read as written,
before the schema strips a leading 主要用于. Each placeholder (XX, ××, 某某, ……, （具体项目）,
增加（减少）, 请填写, a “0元” standing for a figure) or slip (doubled punctuation “，，”, a doubled word
“主要用于主要用于”) is one error at its line.

A published document is reproduced as it is printed, slips included: the file's ``acknowledged``
list quotes each passage the source prints so (“事业收入0元”), and the occurrences inside a quoted
passage become notes that name it. Only the quoted passage is excused — the same slip anywhere
else, or in another file, stays an error — and a quotation that matches nothing is a warning.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import yaml

from generator.model import DepartmentYear, Finding, Severity, Source
from generator.readers.yamlfile import YamlDocument
from generator.rules.base import department_yaml, rule

ACKNOWLEDGED = "acknowledged"

# Placeholders of a template (domain.md §1.3) and doubled punctuation. Every alternative is bounded
# or a plain run, so one scan is linear in the text's length.
_PLACEHOLDER = re.compile(
    r"[XＸ]{2,}|[×✕]{2,}|某某|…+|\.{3,}|请填写"
    r"|[（(]具体[^（()）\n]{0,20}[）)]"
    r"|(?:增加|减少|增长|下降)[（(](?:增加|减少|增长|下降)[）)]"
    r"|(?<![\d.．])0\s*元|用于0(?![\d.．])"
)
_PUNCTUATION = re.compile(r"，，|。。|、、|；；|：：|！！|？？|,,")
_HAN = re.compile(r"[\u4e00-\u9fff]+")
# The longest doubled word looked for: a doubled lead-in (主要用于主要用于) is short, and the bound
# keeps the scan linear.
LONGEST_DOUBLED = 16


@dataclass(frozen=True)
class Residue:
    start: int
    end: int
    text: str
    slip: bool  # a doubled word or punctuation, rather than a template's placeholder


def _doubled(text: str) -> Iterator[tuple[int, int]]:
    """Spans of a run of Chinese characters written twice in a row (two characters or more).

    One pass remembers where each pair of characters was last seen: a doubled word's first pair
    recurs exactly one word-length later, which is compared once, at most LONGEST_DOUBLED characters.
    """
    for run in _HAN.finditer(text):
        last: dict[str, int] = {}
        reported_to = 0
        for at in range(run.start(), run.end() - 1):
            pair = text[at : at + 2]
            start = last.get(pair)
            last[pair] = at
            if start is None or start < reported_to:
                continue
            width = at - start
            if (
                2 <= width <= LONGEST_DOUBLED
                and at + width <= run.end()
                and text[start:at] == text[at : at + width]
            ):
                reported_to = at + width
                yield start, reported_to


def residue(text: str) -> list[Residue]:
    """Every placeholder and slip in ``text``, in order of position."""
    found = [Residue(m.start(), m.end(), m.group(0), slip=False) for m in _PLACEHOLDER.finditer(text)]
    found += [Residue(m.start(), m.end(), m.group(0), slip=True) for m in _PUNCTUATION.finditer(text)]
    found += [Residue(start, end, text[start:end], slip=True) for start, end in _doubled(text)]
    return sorted(found, key=lambda piece: piece.start)


def template_residue(text: str) -> list[str]:
    """Every distinct piece of residue in ``text``, in order."""
    return list(dict.fromkeys(piece.text for piece in residue(text)))


def _spans(passage: str, text: str) -> Iterator[tuple[int, int]]:
    at = text.find(passage)
    while passage and at >= 0:
        yield at, at + len(passage)
        at = text.find(passage, at + 1)


def _quoted(text: str) -> str:
    return text if len(text) <= 60 else text[:60] + "…"


def _findings(
    name: str, texts: Iterator[tuple[str, str, Source]], acknowledged: list[str], where: Source
) -> Iterator[Finding]:
    """One finding per occurrence; a quoted passage's are notes, an unused quotation a warning."""
    used: set[str] = set()
    for key, text, source in texts:
        pieces = residue(text)
        if not pieces:
            continue
        excused = [(start, end, passage) for passage in acknowledged for start, end in _spans(passage, text)]
        for piece in pieces:
            passage = next((p for s, e, p in excused if s <= piece.start and piece.end <= e), None)
            what = "笔误" if piece.slip else "模板残留"
            if passage is not None:
                used.add(passage)
                yield Finding(
                    Severity.INFO,
                    "Y-8",
                    f"{name} 的 {key} 含有{what}“{piece.text}”："
                    f"{ACKNOWLEDGED} 注明原文如此（“{passage}”），照录。",
                    source,
                    found=_quoted(text),
                )
                continue
            yield Finding(
                Severity.ERROR,
                "Y-8",
                f"{name} 的 {key} 含有{what}“{piece.text}”：请换成实际内容或删去；照录的公开原文本来如此时，"
                f"把原文的这几个字写进本文件的 {ACKNOWLEDGED} 列表。",
                source,
                expected="实际内容",
                found=_quoted(text),
            )
    for passage in acknowledged:
        if passage not in used:
            yield Finding(
                Severity.WARNING,
                "Y-8",
                f"{name} 的 {ACKNOWLEDGED} 列出的“{passage}”在本文件的文字中找不到，"
                "或其中没有模板残留或笔误：请删去这一项。",
                where,
                found=passage,
            )


def _listed(value: Any) -> list[str]:
    return [str(item) for item in value] if isinstance(value, list) else []


def yaml_residue(document: YamlDocument) -> Iterator[Finding]:
    """Y-8 over every text of one YAML file as written."""
    name = document.file.rsplit("/", 1)[-1]
    texts = (
        (key, text, document.locate(key))
        for key, text in document.texts()
        if key.split(".", 1)[0] != ACKNOWLEDGED
    )
    acknowledged = _listed(document.data.get(ACKNOWLEDGED))
    return _findings(name, texts, acknowledged, document.locate(ACKNOWLEDGED))


@rule("Y-8", workbook=False)
def no_template_residue(dy: DepartmentYear) -> Iterator[Finding]:
    """No template residue or slip in department.yaml or any evaluation file, as written."""
    yield from yaml_residue(department_yaml(dy))
    for document in dy.evaluations.documents():
        yield from yaml_residue(document)


_CODE_SPAN = re.compile(r"`[^`\n]*`")
_FENCE = re.compile(r"^\s*(?:```|~~~)")
_FRONT_MATTER = re.compile(r"\A---\n(.*?\n)---\n", re.DOTALL)


def _prose(text: str, skip: int) -> Iterator[tuple[int, str]]:
    """(line number, text) of a Markdown page's prose after its first ``skip`` lines (the front
    matter): code, inline or fenced, is quoted literally."""
    fenced = False
    for number, line in enumerate(text.splitlines(), 1):
        if number <= skip:
            continue
        if _FENCE.match(line):
            fenced = not fenced
        elif not fenced:
            yield number, _CODE_SPAN.sub(lambda span: " " * len(span.group(0)), line)


def page_residue(text: str, file: str) -> Iterator[Finding]:
    """Y-8 over the prose of one Markdown page (``file``, as the load stage read it), line by line; its
    front matter may hold the acknowledged list of a transcribed document."""
    acknowledged: list[str] = []
    skip = 0
    if front := _FRONT_MATTER.match(text):
        skip = front.group(0).count("\n")
        try:
            meta = yaml.safe_load(front.group(1))
        except yaml.YAMLError:
            meta = None  # MkDocs reports a broken front matter when it builds
        acknowledged = _listed(meta.get(ACKNOWLEDGED)) if isinstance(meta, dict) else []
    lines = ((f"第 {number} 行", line, Source(file=file, line=number)) for number, line in _prose(text, skip))
    return _findings(file.rsplit("/", 1)[-1], lines, acknowledged, Source(file=file, line=1))
