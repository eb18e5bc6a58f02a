"""The Jinja environment of the pages: its loader, its escaping and the filters that word numbers and text.

**Every string from data is text.** What site.yaml, department.yaml, the evaluation files and the
workbook's cells say goes into Markdown, into HTML inside it (tables, attributes) and into MkDocs' titles.
``text`` makes a string safe for all of them at once: the characters HTML or Markdown give a meaning are
written as numeric character references, which Python-Markdown passes through and browsers show as the
character, in running text and attribute values alike; so ``<script>``, ``[x](javascript:…)``,
``*emphasis*`` and ``{: onclick=… }`` (attr_list) read as typed. The environment applies it to every value
a template prints (``finalize``): escaping is the default, not a filter to remember. What our own code
builds as ``Markup`` passes unchanged; a link target a template prints goes through ``link``, which
percent-encodes what could end it or make it a scheme.
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from functools import lru_cache
from pathlib import Path
from urllib.parse import quote

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape
from markupsafe import Markup

from generator.numbers import Change, money, money_grouped, percent

CHINESE_NUMERALS = "一二三四五六七八九十"
# HTML's five, and what makes Markdown inline markup or MkDocs' attr_list: code, emphasis, links and
# images, attribute lists, headings, tables, escapes.
_REFERENCES = {character: f"&#{ord(character)};" for character in "\\`*_[]{}#|"}
_TRANSLATION = str.maketrans(
    {**_REFERENCES, "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&#34;", "'": "&#39;"}
)
# What makes a block of a line a value begins: a list item (``- ``, ``+ ``, ``1. ``), a rule or setext
# underline (``---``, ``===``), an admonition (``!!!``). Its first character (or the dot after the
# digits) is enough to neutralise; ``-12.00`` stays as it is.
_LEADING = re.compile(r"^(?:[-+=!](?=\s|[-+=!]|$)|\d+(?=\.(?:\s|$)))")
_LINE_BREAKS = re.compile(r"\s*[\r\n]\s*")
# In a link target: what may stay as it is. Any other ASCII character (a colon among them, so never a
# scheme), white space and control characters are percent-encoded; MkDocs decodes them to find the file.
_LINK_KEEPS = re.compile(r"[A-Za-z0-9\-._~/#]|[^\x00-\x7f\s]")


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


def text(value: object) -> Markup:
    """``value`` as Markdown (or HTML) that shows exactly its text, on one line."""
    if isinstance(value, Markup):
        return value
    string = str(value)
    if "\n" in string or "\r" in string:
        string = _LINE_BREAKS.sub(" ", string)  # a blank line would end the HTML block it stands in
    string = string.translate(_TRANSLATION)
    if leading := _LEADING.match(string):
        at = leading.end() if leading.group().isdigit() else 0
        string = f"{string[:at]}&#{ord(string[at])};{string[at + 1 :]}"
    return Markup(string)


def _finalize(value: object) -> object:
    """Every string a template prints is ``text``; numbers and ``Markup`` are left as they are."""
    return text(value) if isinstance(value, str) else value


def _link(value: str) -> Markup:
    """A link target (a page or download gongkai wrote, whose name may hold a department's): a relative
    path, valid in a Markdown link and an HTML attribute alike."""
    return Markup("".join(c if _LINK_KEEPS.match(c) else quote(c) for c in value))


def _prose(value: str) -> Markup:
    """YAML text as Markdown paragraphs, each ``text``."""
    paragraphs = [p for p in re.split(r"\n\s*\n", str(value).strip()) if p.strip()]
    return Markup("\n\n".join(text(_join_lines(p)) for p in paragraphs))


def _inline(value: str) -> Markup:
    """YAML text inside a sentence: one line of ``text``, no trailing 。 (the template adds it)."""
    return text(_join_lines(value)).rstrip("。")


def _css_string(value: object) -> Markup:
    """A quoted CSS string showing ``value`` (a running header's text in a <style>): every character but
    letters, digits and spaces as a CSS escape, so that none can end the string, the rule or the element."""
    escaped = "".join(c if c.isalnum() or c == " " else f"\\{ord(c):x} " for c in str(value))
    return Markup(f'"{escaped}"')


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


# One per templates folder in a process: the preview renders again after every change, and compiling
# the templates would be most of the time it takes; Jinja compiles again a template whose file changed.
@lru_cache(maxsize=8)
def make_environment(templates_dir: Path) -> Environment:
    env = Environment(
        loader=FileSystemLoader(templates_dir),
        autoescape=select_autoescape(enabled_extensions=("j2",), default_for_string=True),
        undefined=StrictUndefined,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
        finalize=_finalize,
    )
    env.filters.update(
        {
            "money": _money,
            "money_table": money_grouped,
            "pct": _percent,
            "change": _change_text,
            "prose": _prose,
            "inline": _inline,
            "cn": chinese_numeral,
            "because": _because,
            "cndate": _chinese_date,
            "link": _link,
            "css_string": _css_string,
        }
    )
    return env
