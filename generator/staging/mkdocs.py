"""Running MkDocs on the staging project: strictly, in parts side by side, its messages collected."""

from __future__ import annotations

import calendar
import datetime as dt
import functools
import io
import logging
import os
import shutil
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path

from mkdocs.commands.build import build as mkdocs_build
from mkdocs.config import load_config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import MkDocsException
from mkdocs.structure.files import File

from generator.model import Project
from generator.parallel import Progress, cores
from generator.staging import BuildError
from generator.staging.config import CONFIG_HEADER
from generator.staging.docs import nav_paths
from generator.staging.parts import (
    build_parts,
    join_parts,
    patch_search,
    read_config,
    write_pages_config,
    write_part_configs,
)


class _Collect(logging.Handler):
    def __init__(self, messages: list[str]) -> None:
        super().__init__(logging.WARNING)
        self.messages = messages

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


@contextmanager
def _mkdocs_messages() -> Iterator[list[str]]:
    """Collect MkDocs' warnings and errors instead of letting them print (in English) mid-output."""
    messages: list[str] = []
    handler = _Collect(messages)
    logger = logging.getLogger("mkdocs")
    propagate = logger.propagate
    logger.addHandler(handler)
    logger.propagate = False
    try:
        yield messages
    finally:
        logger.removeHandler(handler)
        logger.propagate = propagate


@contextmanager
def environment(**values: str) -> Iterator[None]:
    """Set these environment variables while the block runs (MkDocs and Material read them)."""
    saved = {key: os.environ.get(key) for key in values}
    os.environ.update(values)
    try:
        yield
    finally:
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value


def build_environment(project: Project) -> dict[str, str]:
    """Variables for a reproducible build.

    MkDocs dates every page (sitemap.xml ``lastmod`` and the gzip header of sitemap.xml.gz) with the
    build day unless ``SOURCE_DATE_EPOCH`` is set; set it, unless the caller did, to a day taken from the
    input: the latest 公开日期, else 1 January after the latest year.
    """
    values = {"NO_MKDOCS_2_WARNING": "1"}  # Material's banner about MkDocs 2.0, printed on import
    if "SOURCE_DATE_EPOCH" not in os.environ:
        dys = project.department_years
        published = [
            dy.department.dates.published for dy in dys if dy.department and dy.department.dates.published
        ]
        day = max(published, default=None) or dt.date(max((dy.year for dy in dys), default=1969) + 1, 1, 1)
        values["SOURCE_DATE_EPOCH"] = str(calendar.timegm(day.timetuple()))
    return values


def require_jieba() -> None:
    """Material segments Chinese for search only when it can import jieba, and builds anyway without."""
    try:
        import jieba
    except ImportError:
        raise BuildError("没有安装 jieba：中文搜索要靠它在构建时分词。请运行 make site 重装依赖。") from None
    jieba.setLogLevel(logging.WARNING)  # it logs its dictionary loading to stderr at DEBUG
    # Half a second to load its dictionary: done once here, the parts' workers inherit it when they fork.
    jieba.initialize()


@contextmanager
def _segmenting_once() -> Iterator[None]:
    """While the block runs, jieba segments each distinct run of Chinese characters once.

    Material's search plugin has jieba segment every run of Han characters of every page, and a part's
    pages repeat the same runs (the templates' headings and sentences, the tables' row names): in ten
    department-years 18,680 runs, 1,233 of them different. The same run under the same dictionaries is
    segmented the same way, so the search index is the one plain MkDocs writes, only sooner
    (tests/test_lean_pages.py compares them). The dictionaries are loaded by Material when the build
    starts, so the memo lives for one build.
    """
    import jieba

    cut = jieba.cut

    @functools.cache
    def segmented(sentence: str | bytes, *args: object, **kwargs: object) -> tuple[str, ...]:
        return tuple(cut(sentence, *args, **kwargs))

    def cut_once(sentence: str | bytes, *args: object, **kwargs: object) -> Iterable[str]:
        return iter(segmented(sentence, *args, **kwargs))

    jieba.cut = cut_once
    try:
        yield
    finally:
        jieba.cut = cut


def _load_mkdocs_config(config_file: Path) -> MkDocsConfig:
    """MkDocs' configuration from ``config_file``, read with libyaml.

    MkDocs reads its file with PyYAML's pure-Python parser: for a nav of thousands of pages that alone
    takes seconds, in every part of a build. Our files are plain YAML (no !ENV or Python tags), so
    libyaml reads them, and MkDocs validates the values given as options exactly as read from a file.
    """
    options = {**read_config(config_file), "strict": True}
    return load_config(io.StringIO("{}"), config_file_path=str(config_file), **options)


def mkdocs_warnings(config_file: Path) -> list[str]:
    """``mkdocs build --strict`` through MkDocs' Python API; returns its warnings and errors."""
    return _build_strictly(_load_mkdocs_config(config_file))


def _pages_warnings(config_file: Path) -> list[str]:
    """Like ``mkdocs_warnings``, without the pages that are not made from the docs (404.html, the
    sitemap): the preview takes only the pages it asked for, and the 404 page draws the whole nav."""
    config = _load_mkdocs_config(config_file)
    config.theme.static_templates.clear()
    return _build_strictly(config)


def _build_strictly(config: MkDocsConfig) -> list[str]:
    require_jieba()
    with _mkdocs_messages() as messages, _segmenting_once():
        try:
            mkdocs_build(config)
        except MkDocsException as error:
            messages.append(str(error))  # the reasons were logged before; this is MkDocs' summary
    return messages


def _refuse_on(messages: list[str]) -> None:
    if messages:
        details = "\n".join(f"  - {message}" for message in messages)
        raise BuildError(f"MkDocs 构建失败（严格模式下任何警告都算失败），原有网站未改动：\n{details}")


def build_in_parts(
    config_file: Path,
    cache_dir: Path | None,
    progress: Progress | None = None,
    entries: Path | None = None,
) -> Path:
    """Build the staging project as parts side by side (``generator.staging.parts``); return the joined site.

    Parts whose input is unchanged since the build that filled ``cache_dir`` are taken from there;
    ``entries`` receives the site's search entries (``join_parts``).
    """
    staging = config_file.parent
    require_jieba()
    config = read_config(config_file)
    parts = write_part_configs(config, CONFIG_HEADER, staging)
    theme = config.get("theme") or {}
    overrides = [theme["custom_dir"]] if isinstance(theme, dict) and theme.get("custom_dir") else []
    shared = tuple(Path(path) for path in [*overrides, *(config.get("hooks") or [])])
    _refuse_on(
        build_parts(
            parts, mkdocs_warnings, workers=cores(), cache_dir=cache_dir, shared=shared, progress=progress
        )
    )
    join_parts(parts, staging / "site", entries)
    return staging / "site"


def build_pages(config_file: Path, pages: list[str]) -> Path:
    """Build strictly only the Markdown ``pages`` (docs paths) of the staging project; return where.

    The output holds those pages as the whole build makes them (with the theme's assets and a search
    index of those pages alone): the preview takes them into the site it serves.
    """
    require_jieba()
    part = write_pages_config(read_config(config_file), CONFIG_HEADER, config_file.parent, pages)
    _refuse_on(build_parts([part], _pages_warnings, workers=1))
    return part.site_dir


def update_site(config_file: Path, changed: set[str], site_dir: Path, entries: Path) -> None:
    """Bring ``site_dir``, built from the staging project before, up to date with the docs files
    ``changed`` since (written or removed) under the same configuration and theme.

    Their pages are built again (``build_pages``, with the pages before and after each in the nav: a
    page's footer names them, and MkDocs knows the title of a page it builds), their other files copied,
    the outputs of removed pages deleted, their search entries replaced (``patch_search``, in the
    ``entries`` that ``build_in_parts`` kept). Each file of ``site_dir`` is replaced whole; a failed build
    raises ``BuildError`` before any is.
    """
    docs = config_file.parent / "docs"
    config = read_config(config_file)
    directory_urls = config.get("use_directory_urls", True) is not False
    files = [File(path, str(docs), str(site_dir), directory_urls) for path in sorted(changed)]
    pages = [file for file in files if file.is_documentation_page()]
    written = {file.src_uri for file in pages if (docs / file.src_uri).is_file()}
    order = list(nav_paths(config.get("nav") or []))
    around = {
        order[j]
        for i, page in enumerate(order)
        if page in written
        for j in (i - 1, i + 1)
        if 0 <= j < len(order)
    }
    built = build_pages(config_file, sorted(written | around)) if written else None
    for file in files:
        target = site_dir / file.dest_uri
        if not (docs / file.src_uri).is_file():
            target.unlink(missing_ok=True)
            _remove_empty_folders(target.parent, site_dir)
        elif built is not None and file.is_documentation_page():
            _put(built / file.dest_uri, target, move=True)
        else:
            _put(docs / file.src_uri, target, move=False)
    if pages:
        patch_search(entries, built, {"" if file.url == "./" else file.url for file in pages}, site_dir)


def _put(source: Path, target: Path, *, move: bool) -> None:
    """Put ``source`` at ``target`` in one step: a reader finds the old file or the new one, whole."""
    target.parent.mkdir(parents=True, exist_ok=True)
    if not move:
        scratch = target.with_name(f".{target.name}.gongkai")
        shutil.copyfile(source, scratch)
        source = scratch
    os.replace(source, target)


def _remove_empty_folders(folder: Path, site_dir: Path) -> None:
    """``folder`` and its parents up to ``site_dir``, while they are empty (a removed page's)."""
    while folder != site_dir and folder.is_dir() and not any(folder.iterdir()):
        folder.rmdir()
        folder = folder.parent
