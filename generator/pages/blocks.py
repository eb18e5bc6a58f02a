"""The generated HTML tables cut out of a page's Markdown before Python-Markdown and pasted back after.

The 附表, the self-evaluation forms and the charts' data tables are raw HTML blocks inside the Markdown
gongkai writes. Python-Markdown's md_in_html parses every such block tag by tag only to hand it back
unchanged: about a fifth of MkDocs' time. Both converters of gongkai's Markdown skip that work the same
way: the MkDocs hook (``generator/staging/tables_hook.py``) and the printable 全文 (``pages.fulltext``).
"""

from __future__ import annotations

import re

# A table block as the templates write it: from a line opening the wrapper after a blank line (or the
# start) to the next line that is only ``</div>``. Blocks inside another element (a <figure>) follow no
# blank line and are left to Markdown, which treats them as part of their parent's block.
TABLE_BLOCK = re.compile(
    r'(?:^|(?<=\n\n))<div class="gk-table-wrap"[^\n]*>\n.*?\n</div>(?=\n\n|\n?$)', re.DOTALL
)
PLACEHOLDER = "<!--gk-table-{}-->"
PLACED = re.compile(r"<!--gk-table-(\d+)-->")


def cut_tables(markdown: str) -> tuple[str, list[str]]:
    """``markdown`` with each top-level table block replaced by a placeholder (an HTML comment, which
    Markdown passes through), and the blocks in order."""
    tables: list[str] = []

    def cut(match: re.Match[str]) -> str:
        tables.append(match.group())
        return PLACEHOLDER.format(len(tables) - 1)

    return TABLE_BLOCK.sub(cut, markdown), tables


def paste_tables(html: str, tables: list[str]) -> str:
    """The HTML Markdown made of a cut page with its table blocks back in place."""
    return PLACED.sub(lambda match: tables[int(match.group(1))], html) if tables else html
