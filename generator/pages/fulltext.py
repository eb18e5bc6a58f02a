"""A department-year's whole disclosure as one printable HTML document (全文（打印版）), in its downloads.

The site splits a disclosure into chapters and pages of at most 60 KB; a reader who prints it, or files it,
wants the one document the department publishes, in its order: 目录, 第一部分 … 第五部分 附表. So the render
stage, having written the department-year's pages, turns the same Markdown into HTML once more (Python-
Markdown with the site's extensions, the tables cut out as the MkDocs hook does) and joins the pages, in
the order of the department-year's navigation, into ``templates/quanwen.html.j2``: a standalone file with
its own print style and no request to any other file, which MkDocs copies as it is. It is no page of the
site: it adds neither to the page count nor to MkDocs' time.

In the document each page is a ``<section>`` whose headings sit one level below its part's; its ids are
prefixed with the page's (``fubiao-01-04--biao-02``), so that the pages' own anchors stay unique; a link
to a page of the disclosure leads to its section, a link elsewhere on the site to the site's address.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import markdown
from jinja2 import Environment
from markupsafe import Markup

from generator.pages.blocks import cut_tables, paste_tables

TEMPLATE = "quanwen.html.j2"
FOLDER = "downloads"  # of the department-year, where the document is written
# Pages of the navigation left out: 一图读懂 retells the figures as charts and is no part of the document.
LEFT_OUT = {"yitu.md"}
# 七、“三公”经费 is a chapter of its own on the site, a section of 第二部分 in the document (seed 003): such a
# page goes to the end of the section of its host page whose heading has this id.
WITHIN = {"sangong.md": ("shuoming.md", "sangong")}
# The site's Markdown extensions (mkdocs.yml), without the headings' permalinks: a printed ¶ means nothing.
EXTENSIONS = ["tables", "attr_list", "md_in_html", "admonition", "toc"]
_FRONT_MATTER = re.compile(r"\A---\n.*?\n---\n", re.DOTALL)
_HEADING = re.compile(r"<(/?)h([1-6])\b")
_ID = re.compile(r'(?<=\s)id="([^"]*)"')
_HREF = re.compile(r'(?<=\s)href="([^"]*)"')
_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")


def document_pages(entries: list[Any], level: int = 0) -> Iterator[tuple[str, int]]:
    """The pages of a department-year's navigation entries in order, each with how many levels its
    headings go down: a section's index page (its first entry) that of the section, the rest one more."""
    indexed = bool(entries) and isinstance(entries[0], str)
    for number, entry in enumerate(entries):
        inner = level + 1 if indexed and number > 0 else level
        if isinstance(entry, str):
            yield entry, inner
        else:
            for value in entry.values():
                if isinstance(value, str):
                    yield value, inner
                else:
                    yield from document_pages(value, inner)


def section_id(page: str) -> str:
    """A page's section in the document: ``fubiao/01-04.md`` → ``fubiao-01-04``."""
    return page.removesuffix(".md").replace("/", "-")


def _site_address(target: str) -> str:
    """A file of the department-year's folder as the site addresses it (directory URLs)."""
    if not target.endswith(".md"):
        return target
    stem = target.removesuffix(".md")
    return "" if stem == "index" else stem.removesuffix("/index") + "/"


def _relink(href: str, page: str, pages: set[str], folder: str) -> str:
    """A link of ``page`` as the document in ``folder`` (``downloads``) must write it."""
    if _SCHEME.match(href):
        return href
    path, _, fragment = href.partition("#")
    if not path:
        return f"#{section_id(page)}--{fragment}"
    target = posixpath.normpath(posixpath.join(posixpath.dirname(page), path))
    if target in pages:
        return f"#{section_id(target)}--{fragment}" if fragment else f"#{section_id(target)}"
    address = posixpath.relpath(_site_address(target) or ".", folder)
    address += "/" if target.endswith(".md") and not address.endswith("/") else ""
    return address + (f"#{fragment}" if fragment else "")


def page_html(
    converter: markdown.Markdown, text: str, page: str, down: int, pages: set[str], folder: str
) -> str:
    """One page's Markdown as a section of the document: headings ``down`` levels lower, ids and links
    rewritten (what data said is escaped in the Markdown already, and stays so)."""
    body, tables = cut_tables(_FRONT_MATTER.sub("", text, count=1))
    html = paste_tables(converter.reset().convert(body), tables)
    html = _HEADING.sub(lambda m: f"<{m.group(1)}h{min(int(m.group(2)) + down, 6)}", html)
    html = _ID.sub(lambda m: f'id="{section_id(page)}--{m.group(1)}"', html)
    return _HREF.sub(lambda m: f'href="{_relink(m.group(1), page, pages, folder)}"', html)


def write_full_text(
    env: Environment, context: dict[str, Any], out: Path, entries: list[Any], base: str, name: str
) -> None:
    """Write ``out/downloads/<name>``: the department-year's pages under ``out`` (``base`` in the docs
    tree), in the order of its navigation ``entries``, as one document."""
    order = [
        (page.removeprefix(f"{base}/"), down)
        for page, down in document_pages(entries)
        if page.removeprefix(f"{base}/") not in LEFT_OUT
    ]
    pages = {page for page, _ in order}
    converter = markdown.Markdown(extensions=EXTENSIONS)  # one for all pages: it costs as much to make

    def convert(page: str, down: int) -> str:
        return page_html(converter, (out / page).read_text(encoding="utf-8"), page, down, pages, FOLDER)

    html = {page: convert(page, down) for page, down in order if page not in WITHIN}
    for page, down in order:
        host, anchor = WITHIN.get(page, ("", ""))
        heading = re.search(rf'<h([1-6]) id="{section_id(host)}--{anchor}"', html.get(host, ""))
        if heading is None:
            if page in WITHIN:  # a region's templates without the section: the page stays a part
                html[page] = convert(page, down)
            continue
        level = int(heading.group(1))
        end = re.compile(rf"<h[1-{level}]\b").search(html[host], heading.end())
        at = end.start() if end else len(html[host])
        inner = f'<section id="{section_id(page)}">\n{convert(page, level)}\n</section>\n'
        html[host] = html[host][:at] + inner + html[host][at:]
    sections = [(section_id(page), down, Markup(html[page])) for page, down in order if page in html]
    text = env.get_template(TEMPLATE).render(context, sections=sections)
    (out / FOLDER / name).write_text(text, encoding="utf-8")
