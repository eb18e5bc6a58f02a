"""The Jinja environment of the pages: its loader, its escaping and the filters that word numbers and text.

Text a department typed into its YAML is escaped for HTML and Markdown: a ``<script>`` in a reason shows
as text, a ``*`` stays a star.
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape
from markupsafe import Markup, escape

from generator.numbers import Change, money, money_grouped, percent

CHINESE_NUMERALS = "一二三四五六七八九十"
# Characters that start Markdown inline markup; YAML prose must not turn into emphasis or links.
MARKDOWN_SPECIALS = re.compile(r"([\\`*_\[\]#|])")


def chinese_numeral(number: int) -> str:
    """1 → 一, 10 → 十, 13 → 十三, 20 → 二十 (enough for chapter and table numbers)."""
    tens, units = divmod(number, 10)
    head = "" if tens == 0 else ("十" if tens == 1 else CHINESE_NUMERALS[tens - 1] + "十")
    return head + (CHINESE_NUMERALS[units - 1] if units else "")


def _join_lines(text: str) -> str:
    """One line from a wrapped paragraph: Chinese lines join without a space, Latin words with one."""
    lines = [line.strip() for line in str(text).splitlines() if line.strip()]
    joined = lines[0] if lines else ""
    for line in lines[1:]:
        ascii_seam = joined[-1].isascii() and line[0].isascii()
        joined += (" " if ascii_seam else "") + line
    return joined


def _markdown_safe(text: str) -> str:
    return MARKDOWN_SPECIALS.sub(r"\\\1", str(escape(text)))


def _prose(text: str) -> Markup:
    """YAML text as Markdown paragraphs: HTML-escaped, Markdown specials neutralised."""
    paragraphs = [p for p in re.split(r"\n\s*\n", str(text).strip()) if p.strip()]
    return Markup("\n\n".join(_markdown_safe(_join_lines(p)) for p in paragraphs))


def _inline(text: str) -> Markup:
    """YAML text inside a sentence: one line, escaped, no trailing 。 (the template adds it)."""
    return Markup(_markdown_safe(_join_lines(text))).rstrip("。")


def _money(value: Decimal | None) -> str:
    return "" if value is None else money(value)


def _percent(value: Decimal | None) -> str:
    return "" if value is None else percent(value)


def _change_text(change: Change | None) -> str:
    return "" if change is None else change.text


def _because(reason: str) -> Markup:
    """主要变动原因是…; a reason already enumerated (一是……二是……) follows 主要原因 directly."""
    text = _inline(reason)
    return Markup("主要原因") + text if text.startswith("一是") else Markup("主要变动原因是") + text


def _chinese_date(value: dt.date) -> str:
    return f"{value.year} 年 {value.month} 月 {value.day} 日"


def make_environment(templates_dir: Path) -> Environment:
    env = Environment(
        loader=FileSystemLoader(templates_dir),
        autoescape=select_autoescape(enabled_extensions=("j2",), default_for_string=True),
        undefined=StrictUndefined,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters.update(
        money=_money,
        money_table=money_grouped,
        pct=_percent,
        change=_change_text,
        prose=_prose,
        inline=_inline,
        cn=chinese_numeral,
        because=_because,
        cndate=_chinese_date,
    )
    return env
