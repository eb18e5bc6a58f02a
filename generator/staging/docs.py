"""The staging project's docs tree: hand-written content, the package's assets, rendered pages, nav."""

from __future__ import annotations

import re
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import jinja2

from generator.model import Project
from generator.parallel import Progress, cores
from generator.render import Rendered, render_site
from generator.staging import BuildError

CONTENT_DIR = "content"
ASSETS = Path(__file__).resolve().parent.parent / "assets"


def write_docs(
    project: Project,
    docs_dir: Path,
    progress: Progress | None = None,
    known: dict[str, Rendered] | None = None,
    previous: Path | None = None,
    link_kept: bool = True,
) -> list[Any]:
    """Fill ``docs_dir`` (which must not exist yet) and return the MkDocs nav.

    Hand-written pages are copied first; one that gongkai writes a file of its own over (only
    content/index.md may be: it becomes the home page's introduction), or that lies in a department-year's
    folder, is refused by name rather than replaced without a word. Hand-written pages the rendered nav
    does not list are appended to it, as plain paths (MkDocs takes their titles from the pages).
    """
    content = project.root / CONTENT_DIR
    written = sorted(path.relative_to(content) for path in content.rglob("*") if path.is_file())
    _refuse_department_folders(written, project)
    if content.is_dir():
        shutil.copytree(content, docs_dir)
    # A vendored library's README.md is provenance for the repository, not a page of the site.
    shutil.copytree(ASSETS, docs_dir / "assets", dirs_exist_ok=True, ignore=shutil.ignore_patterns("*.md"))
    try:
        nav = render_site(
            project,
            docs_dir,
            workers=cores(),
            progress=progress,
            known=known,
            previous=previous,
            link_kept=link_kept,
        )
    except jinja2.TemplateError as error:
        raise BuildError(_template_error(error)) from error
    _refuse_replaced(written, content, docs_dir)
    listed = set(nav_paths(nav))
    pages = [p.relative_to(content) for p in content.rglob("*.md")] if content.is_dir() else []
    pages.sort(key=lambda page: (page.parts[:-1], page.name != "index.md", page.name))  # index first
    return [*nav, *_content_nav([page for page in pages if page.as_posix() not in listed], content)]


def _refuse_department_folders(written: list[Path], project: Project) -> None:
    labels = {dy.label for dy in project.department_years}
    inside = [path for path in written if "/".join(path.parts[:2]) in labels and len(path.parts) > 2]
    if inside:
        label = "/".join(inside[0].parts[:2])
        raise BuildError(
            f"{_listed(inside)} 位于部门年度 {label} 的文件夹中，这里的页面和下载文件都由 gongkai 根据 "
            f"data/{label}/ 生成，手写的文件会与之冲突：请把它移到 content/ 的其他文件夹中。"
        )


def _refuse_replaced(written: list[Path], content: Path, docs_dir: Path) -> None:
    """A hand-written file that gongkai wrote over (a year page, an asset, the key figures' CSV)."""
    replaced = [
        path
        for path in written
        if path != Path("index.md") and (docs_dir / path).read_bytes() != (content / path).read_bytes()
    ]
    if replaced:
        raise BuildError(
            f"{_listed(replaced)} 与 gongkai 生成的文件同名，会被生成的文件覆盖：请给手写的文件换一个名字"
            "（content/index.md 除外：它是首页的导语）。"
        )


def _listed(paths: list[Path]) -> str:
    return "、".join(f"{CONTENT_DIR}/{path.as_posix()}" for path in paths)


def _content_nav(pages: list[Path], content: Path) -> list[Any]:
    """Hand-written pages in the nav: top-level files as they are, each top-level folder one section.

    A folder's section is titled by the first heading of its index.md (else the folder's name), so that
    content/help/ appears as one entry “如何阅读部门决算” rather than one top-level entry per page.
    """
    nav: list[Any] = []
    sections: dict[str, list[str]] = {}
    for page in pages:
        if len(page.parts) == 1:
            nav.append(page.as_posix())
        else:
            folder = page.parts[0]
            if folder not in sections:
                sections[folder] = []
                nav.append({_section_title(content / folder): sections[folder]})
            sections[folder].append(page.as_posix())
    return nav


def _section_title(folder: Path) -> str:
    index = folder / "index.md"
    if index.is_file():
        for line in index.read_text(encoding="utf-8").splitlines():
            if line.startswith("# "):
                return re.sub(r"\s*\{:?\s*#[^}]*\}\s*$", "", line[2:]).strip()
    return folder.name


def _template_error(error: jinja2.TemplateError) -> str:
    if isinstance(error, jinja2.TemplateSyntaxError):
        return f"模板 {error.filename or error.name} 第 {error.lineno} 行有语法错误：{error.message}。"
    return (
        f"渲染模板时出错：{error.message}。请检查 templates/ 下最近修改的模板；"
        "gongkai 升级后，先运行 gongkai update-templates 更新项目的模板。"
    )


def nav_paths(nav: Any) -> Iterator[str]:
    if isinstance(nav, str):
        yield nav
    elif isinstance(nav, dict):
        for value in nav.values():
            yield from nav_paths(value)
    elif isinstance(nav, list):
        for item in nav:
            yield from nav_paths(item)
