"""Cell text as the reader compares it: whitespace and width folded, titles matched, amounts parsed."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from decimal import Decimal
from difflib import get_close_matches
from functools import cache
from typing import Any, TypeVar

from generator.standard.profiles import load_profile
from generator.standard.tables import TableSpec, table_specs

T = TypeVar("T")
CLOSE_ENOUGH = 0.6  # how alike a text must be to the one wanted to be named as what it may mean
MIN_TRUNCATED_TITLE = 8  # a cut-off sheet name shorter than this names no table reliably

WHITESPACE = re.compile(r"\s+")
QUOTES = str.maketrans("", "", "“”\"‘’'「」『』")
BRACKETS = str.maketrans("【】[]〔〕", "()()()")
# a 栏次 number printed in the header cell itself: "基本支出2", "基本支出(栏次2)"
COLUMN_NUMBER = re.compile(r"(?<=\D)(?:栏次)?\d{1,2}$")
NO_BRACKETS = str.maketrans("", "", "()[]【】〔〕")
YEAR_PREFIX = re.compile(r"^.*?(?:19|20)\d{2}年度?(?:部门)?")
TITLE_PREFIX = re.compile(
    r"^(?:公开\d+(?:[-_]\d+)?表|附表\d+(?:[-_]\d+)?|表\d+(?:[-_]\d+)?|[A-Z]\d+(?:[-_]\d+)*"
    r"|\d+(?:[-_.]\d+)*(?=\D)|[一二三四五六七八九十]+、|\([一二三四五六七八九十\d]+\))[、.:\-_]*"
)
# a trailing "(财决01表)", "(公开01表)", "(续)", or a bracket left open where a sheet name was cut
TITLE_SUFFIX = re.compile(r"(?:\([^()]*\)?|公开\d+(?:[-_]\d+)?表)$")
NUMBERING = re.compile(
    r"^(?:[一二三四五六七八九十]+[、.．]|[(（][一二三四五六七八九十\d０-９]+[)）][、.．]?|[\d０-９]+[、.．](?![\d０-９]))"
)
# the lines between a title and its header: 编制单位, 单位, 公开01表, the year
META = re.compile(r"^(?:编制单位|(?:金额)?单位[:：]|公开\d+表$|\d{4}年度?$|报表期间|部门[:：])")
TOTAL_LABELS = ("合计", "总计")
LANCI = ("栏次", "行次")
CODE_START = re.compile(r"^[0-9０-９]{3}")
NUMBER = re.compile(r"^[+-]?(?:\d+(?:\.\d*)?|\.\d+)$")
BLANK_LIKE = re.compile(r"^[-—–―－]*$")
FUND_NAMES = ("一般公共预算财政拨款", "政府性基金预算财政拨款", "国有资本经营预算财政拨款")


def plain(value: Any) -> str:
    """A cell as text with all whitespace removed (numbers without a trailing ".0")."""
    if value is None or value == "":
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return WHITESPACE.sub("", str(value))


def key(value: Any) -> str:
    """A cell as text to compare: whitespace removed, full-width forms (（）１２) folded to ASCII."""
    return unicodedata.normalize("NFKC", plain(value))


def normalise_title(text: str) -> str:
    """The comparable core of a title or sheet name: no numbering, no 财决 suffix, no quotes."""
    core = key(text).translate(QUOTES).translate(BRACKETS)
    core = YEAR_PREFIX.sub("", core)
    previous = None
    while core != previous:
        previous = core
        core = TITLE_PREFIX.sub("", core)
        core = TITLE_SUFFIX.sub("", core)
    return core


@dataclass(frozen=True)
class Vocabulary:
    """The titles and header wordings a profile's workbooks are read with (``Profile.wording``)."""

    titles: dict[str, TableSpec]  # normalised title → table
    headers: tuple[tuple[str, str], ...]  # folded text as printed → folded standard text

    def header(self, path: str) -> str:
        """A header path as the column patterns compare it: no brackets, synonyms replaced."""
        text = "/".join(COLUMN_NUMBER.sub("", part) for part in fold(path).split("/"))
        for printed, standard in self.headers:
            text = text.replace(printed, standard)
        return text

    def title(self, text: str, *, truncated: bool = False) -> TableSpec | None:
        """The table a title names, by equality after normalisation (支出决算表 is not 一般公共…支出决算表).

        ``truncated``: the text is a sheet name Excel may have cut at 31 characters; then a text of
        reasonable length that begins exactly one table's title names that table.
        """
        core = normalise_title(text)
        if core in self.titles or not truncated or len(core) < MIN_TRUNCATED_TITLE:
            return self.titles.get(core)
        candidates = {spec.key: spec for name, spec in self.titles.items() if name.startswith(core)}
        return next(iter(candidates.values())) if len(candidates) == 1 else None


@cache
def vocabulary(profile: str | None = None) -> Vocabulary:
    """The standard titles (tables.yaml), with a profile's own wording over them."""
    specs = table_specs()
    titles = {normalise_title(name): spec for spec in specs.values() for name in (spec.title, *spec.aliases)}
    headers: tuple[tuple[str, str], ...] = ()
    if profile is not None:
        wording = load_profile(profile).wording
        titles |= {
            normalise_title(name): specs[table] for table, names in wording.titles.items() for name in names
        }
        headers = tuple((fold(printed), fold(standard)) for printed, standard in wording.headers.items())
    return Vocabulary(titles, headers)


def match_title(text: str, *, truncated: bool = False) -> TableSpec | None:
    """The standard table a title names, whatever the profile."""
    return vocabulary().title(text, truncated=truncated)


def fold(text: str) -> str:
    """Text compared loosely: no whitespace, no brackets, widths folded (运行(维护)费 = 运行（维护）费)."""
    return key(text).translate(NO_BRACKETS)


def closest(wanted: str, candidates: dict[str, T]) -> T | None:
    """The candidate whose (normalised) key is most like ``wanted``, if like enough to name it in a hint."""
    close = get_close_matches(wanted, list(candidates), n=1, cutoff=CLOSE_ENOUGH)
    return candidates[close[0]] if close else None


def normalise_label(value: Any) -> str:
    """A summary-table row label without its numbering: 一、…, （一）…, 1.…"""
    return NUMBERING.sub("", plain(value))


class NotANumber(ValueError):
    pass


def parse_amount(value: Any) -> Decimal | None:
    """A cell as an exact Decimal; None for blank, "-", "—"; ``NotANumber`` for any other text.

    Floats keep at most 15 significant digits, Excel's own precision, so that a cached formula
    result such as 2871.4899999999998 reads as the 2871.49 Excel shows.
    """
    if value is None:
        return None
    if isinstance(value, bool):
        raise NotANumber(str(value))
    if isinstance(value, int):
        return _bounded(Decimal(value), str(value))
    if isinstance(value, float):
        return _bounded(Decimal(format(value, ".15g")) + 0, str(value))  # + 0 turns -0 into 0
    if not isinstance(value, str):
        raise NotANumber(str(value))
    text = key(value).replace(",", "")
    if BLANK_LIKE.match(text):
        return None
    if not NUMBER.match(text):
        raise NotANumber(value.strip())
    return _bounded(Decimal(text), value.strip())


MAX_AMOUNT_DIGITS = 15  # integer digits: no amount comes near, and rounding to the cent stays exact


def _bounded(amount: Decimal, shown: str) -> Decimal:
    """NaN, an infinity or an amount of more than MAX_AMOUNT_DIGITS integer digits (1e30, 1e400) is no
    amount: it is reported at its cell instead of failing the arithmetic later with no location."""
    if not amount.is_finite() or amount.adjusted() >= MAX_AMOUNT_DIGITS:
        raise NotANumber(f"{shown[:30]}（不是有限的金额，或超过 {MAX_AMOUNT_DIGITS} 位整数）")
    return amount


def is_amount_like(value: Any) -> bool:
    """A cell a data row would hold: a number, a number as text, or a dash; never header text."""
    if value is None or value == "":
        return False
    try:
        parse_amount(value)
    except NotANumber:
        return False
    return True
