"""Running MkDocs on the staging project: strictly, in parts side by side, its messages collected."""

from __future__ import annotations

import calendar
import datetime as dt
import functools
import io
import logging
import os
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path

from mkdocs.commands.build import build as mkdocs_build
from mkdocs.config import load_config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import MkDocsException

from generator.model import Project
from generator.parallel import Progress, cores
from generator.staging import BuildError
from generator.staging.config import CONFIG_HEADER
from generator.staging.parts import build_parts, join_parts, read_config, write_part_configs


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
    require_jieba()
    with _mkdocs_messages() as messages, _segmenting_once():
        try:
            mkdocs_build(_load_mkdocs_config(config_file))
        except MkDocsException as error:
            messages.append(str(error))  # the reasons were logged before; this is MkDocs' summary
    return messages


def _refuse_on(messages: list[str]) -> None:
    if messages:
        details = "\n".join(f"  - {message}" for message in messages)
        raise BuildError(f"MkDocs 构建失败（严格模式下任何警告都算失败），原有网站未改动：\n{details}")


def build_in_parts(config_file: Path, cache_dir: Path | None, progress: Progress | None = None) -> Path:
    """Build the staging project as parts side by side (``generator.staging.parts``); return the joined site.

    Parts whose input is unchanged since the build that filled ``cache_dir`` are taken from there.
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
    join_parts(parts, staging / "site")
    return staging / "site"
