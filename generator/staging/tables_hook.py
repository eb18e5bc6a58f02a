"""An MkDocs hook that keeps the generated HTML tables out of Python-Markdown; the pages come out the same.

The 附表, the self-evaluation forms and the charts' data tables are raw HTML blocks inside the Markdown
gongkai writes. Python-Markdown's md_in_html parses every such block tag by tag only to hand it back
unchanged: about a fifth of MkDocs' time. This hook swaps each top-level table block
(``<div class="gk-table-wrap" …>`` … ``</div>``, after a blank line) for an HTML comment before Markdown
and the block back after it. Without the hook (another builder, a hand-run ``mkdocs build`` without it)
the same pages come out, only slower: tests/test_tables_hook.py builds both ways and compares.
"""

from __future__ import annotations

from typing import Any

from generator.pages.blocks import cut_tables, paste_tables

_cut: dict[str, list[str]] = {}  # page → its tables, from on_page_markdown to on_page_content


def on_page_markdown(markdown: str, page: Any, **_: Any) -> str:
    markdown, tables = cut_tables(markdown)
    if tables:
        _cut[page.file.src_uri] = tables
    return markdown


def on_page_content(html: str, page: Any, **_: Any) -> str:
    return paste_tables(html, _cut.pop(page.file.src_uri, []))
