"""An MkDocs hook that keeps the generated HTML tables out of Python-Markdown; the pages come out the same.

The 附表, the self-evaluation forms and the charts' data tables are raw HTML blocks inside the Markdown
gongkai writes. Python-Markdown's md_in_html parses every such block tag by tag only to hand it back
unchanged: about a fifth of MkDocs' time. This hook swaps each top-level table block
(``<div class="gk-table-wrap" …>`` … ``</div>``, after a blank line) for an HTML comment before Markdown
and the block back after it. Without the hook (another builder, a hand-run ``mkdocs build`` without it)
the same pages come out, only slower: tests/test_tables_hook.py builds both ways and compares.
"""

from __future__ import annotations

import re
from typing import Any

# A table block as the templates write it: from a line opening the wrapper after a blank line (or the
# start) to the next line that is only ``</div>``. Blocks inside another element (a <figure>) follow no
# blank line and are left to Markdown, which treats them as part of their parent's block.
TABLE_BLOCK = re.compile(
    r'(?:^|(?<=\n\n))<div class="gk-table-wrap"[^\n]*>\n.*?\n</div>(?=\n\n|\n?$)', re.DOTALL
)
PLACEHOLDER = "<!--gk-table-{}-->"
PLACED = re.compile(r"<!--gk-table-(\d+)-->")

_cut: dict[str, list[str]] = {}  # page → its tables, from on_page_markdown to on_page_content


def on_page_markdown(markdown: str, page: Any, **_: Any) -> str:
    tables: list[str] = []

    def cut(match: re.Match[str]) -> str:
        tables.append(match.group())
        return PLACEHOLDER.format(len(tables) - 1)

    markdown = TABLE_BLOCK.sub(cut, markdown)
    if tables:
        _cut[page.file.src_uri] = tables
    return markdown


def on_page_content(html: str, page: Any, **_: Any) -> str:
    tables = _cut.pop(page.file.src_uri, None)
    if not tables:
        return html
    return PLACED.sub(lambda match: tables[int(match.group(1))], html)
