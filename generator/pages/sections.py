"""Numbered sections several to a page under a size: the 附表 and the project self-evaluations.

One page per table or project made 15,000 pages at 500 department-years, each half navigation; all of a
department-year's tables on one page made pages of 84–106 KB, a department's 40 projects one of 274 KB.
So consecutive sections share a page until it would pass ``PAGE_BYTES`` of Markdown, which keeps the
built page (navigation and Material's chrome added) under 60 KB. A page is named by the numbers it
holds (``01-04.md``: sections 1 to 4; ``09.md``: section 9 alone), each section has its own anchor, and
the address a section had on a page of its own (``01/``) stays: a small HTML file there, copied by
MkDocs as it is (no page to build), sends the browser to the section's new place.
"""

from __future__ import annotations

import html
from dataclasses import dataclass
from pathlib import Path

# Markdown bytes of sections on one page at most (one larger section gets a page of its own). The built
# page adds about 30 KB: Material's chrome, and the navigation, which grows with the site.
PAGE_BYTES = 24_000


@dataclass(frozen=True)
class SectionPage:
    """A page of consecutive sections: their numbers, and the page's name without ``.md``."""

    numbers: list[int]
    prefix: str = ""  # of the page's name and of each section's old one: xiangmu-01-05, xiangmu-01

    @property
    def stem(self) -> str:
        first, last = self.numbers[0], self.numbers[-1]
        return self.old(first) if first == last else f"{self.old(first)}-{last:02d}"

    def old(self, number: int) -> str:
        """The name of the page section ``number`` had alone."""
        return f"{self.prefix}{number:02d}"


def pack(sizes: dict[int, int], prefix: str = "", budget: int = PAGE_BYTES) -> list[SectionPage]:
    """Sections (number → bytes, in order) on as few pages as keep each within ``budget``, in order."""
    pages: list[list[int]] = []
    filled = budget
    for number, size in sizes.items():
        if filled + size > budget:
            pages.append([])
            filled = 0
        pages[-1].append(number)
        filled += size
    return [SectionPage(numbers, prefix) for numbers in pages]


def page_of(stems: list[str], number: int) -> str | None:
    """The stem, among the names of pages of sections without prefix, of the page holding ``number``."""
    for stem in stems:
        first, _, last = stem.partition("-")
        if first.isdigit() and int(first) <= number <= int(last or first):
            return stem
    return None


REDIRECT = """\
<!doctype html>
<html lang="zh">
<head>
<meta charset="utf-8">
<meta name="robots" content="noindex">
<title>{title}</title>
<link rel="canonical" href="{target}">
<meta http-equiv="refresh" content="0; url={target}">
</head>
<body>
<p>{title} 已移至<a href="{target}">新的地址</a>。</p>
</body>
</html>
"""


def write_moved(folder: Path, page: SectionPage, anchor: str, titles: dict[int, str]) -> None:
    """For each section of a page holding several, ``folder/<old>/index.html`` sending the address of the
    page it had alone (``01/``, ``xiangmu-01/``) to its place, ``<stem>/#<anchor><NN>``."""
    if len(page.numbers) == 1:
        return  # 09.md is at 09/ as before
    for number in page.numbers:
        target = html.escape(f"../{page.stem}/#{anchor}{number:02d}")
        moved = folder / page.old(number) / "index.html"
        moved.parent.mkdir(parents=True, exist_ok=True)
        text = REDIRECT.format(title=html.escape(titles[number]), target=target)
        moved.write_text(text, encoding="utf-8")
