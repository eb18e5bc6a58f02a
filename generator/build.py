"""Build stage: write a plain MkDocs project into a staging directory, build it strictly, swap ``site/``.

The staging directory (``.gongkai/staging-XXXX`` inside the project, so that the final rename stays on
one file system) is a complete MkDocs project: ``docs/`` holds a copy of ``content/``, the package's
``assets/`` and every rendered page; ``mkdocs.yml`` is the project's own with the site's values filled
in. Nothing essential lives in an MkDocs plugin or hook, so ``mkdocs build -f <staging>/mkdocs.yml``
(or a successor such as ProperDocs) builds the same site. A failed build leaves the previous ``site/``
untouched.
"""

from __future__ import annotations

import calendar
import datetime as dt
import hashlib
import hmac
import io
import logging
import os
import pickle
import re
import secrets
import shutil
import tempfile
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import jinja2
import yaml
from mkdocs.commands.build import build as mkdocs_build
from mkdocs.commands.serve import serve as mkdocs_serve
from mkdocs.config import load_config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import MkDocsException
from watchdog.events import FileSystemEvent, FileSystemEventHandler
from watchdog.observers import Observer

from generator.check import check_project, has_errors
from generator.load import SITE_FILE, folder_fingerprint, load_project
from generator.model import DepartmentYear, Finding, Project, Severity
from generator.parallel import Progress, cores
from generator.render import Rendered, render_site
from generator.staging.parts import build_parts, config_text, join_parts, read_config, write_part_configs

WORK_DIR = ".gongkai"  # in the project; git-ignored
PARTS_CACHE = Path(WORK_DIR, "parts")  # each part's last output, reused while its input is unchanged
PREVIEW_DIR = Path(WORK_DIR, "preview")  # where `gongkai build --only` puts its one-department site
CONFIG_FILE = "mkdocs.yml"
CONTENT_DIR = "content"
OVERRIDES_DIR = Path("templates", "overrides")
ASSETS = Path(__file__).resolve().parent / "assets"
JIEBA_DICTIONARY = "jieba-budget-terms.txt"
# What `gongkai serve` watches: a change there regenerates the served docs.
WATCHED_DIRS = ("data", "templates", CONTENT_DIR)
CONFIG_HEADER = (
    "# Written by `gongkai build` from the project's mkdocs.yml with the site's values filled in.\n"
    "# Plain YAML, no Python tags: `mkdocs build -f <this file>` rebuilds the site.\n"
)


class BuildError(Exception):
    """A build failed for a reason the user can act on. The message is Chinese and complete."""


class BuildRefused(BuildError):
    """The check found errors: nothing was built."""

    def __init__(self, findings: list[Finding]) -> None:
        self.findings = findings
        errors = sum(1 for finding in findings if finding.severity is Severity.ERROR)
        super().__init__(f"检查发现 {errors} 个错误，没有生成网站；请改正后重新构建。")


@dataclass
class BuildResult:
    site_dir: Path
    pages: int  # Markdown pages built
    findings: list[Finding]  # the check's warnings and notes (a build with errors is refused)
    staging_dir: Path | None  # the staging project, when it was kept


def load_selected(
    project_dir: Path,
    only: str | None = None,
    loaded: dict[Path, DepartmentYear] | None = None,
    progress: Progress | None = None,
) -> Project:
    """The project, or with ``only`` just that department-year (``2023/qu-xian-shang-wu-ju``)."""
    project = load_project(project_dir, only, loaded, progress)
    if only and not project.department_years:
        raise BuildError(
            f"找不到部门年度“{only}”：应写成“年度/部门文件夹名”，如 2023/qu-xian-shang-wu-ju，"
            f"且 data/ 下应有这个文件夹。"
        )
    return project


def load_checked(
    project_dir: Path,
    only: str | None = None,
    progress: Progress | None = None,
    memo: Memo | None = None,
) -> tuple[Project, list[Finding]]:
    """Load and check the project (or one department-year); raise ``BuildRefused`` on any error.

    With ``memo``, what it holds of unchanged department-years is reused, and it is updated.
    """
    project, findings = _load_and_check(project_dir, only, memo if memo is not None else Memo(), progress)
    if has_errors(findings):
        raise BuildRefused(findings)
    return project, findings


def _load_and_check(
    project_dir: Path, only: str | None, memo: Memo, progress: Progress | None = None
) -> tuple[Project, list[Finding]]:
    project = load_selected(project_dir, only, memo.loaded, progress)
    memo.loaded = {dy.directory: dy for dy in project.department_years}
    return project, check_project(project, workers=cores(), progress=progress, known=memo.checked)


# The generator's own files: a memo made by another version of gongkai is not used.
PACKAGE = Path(__file__).resolve().parent
MEMO_DIR = Path(WORK_DIR, "memo")  # the last full build's memo (memo.pickle) and the docs it describes
MEMO_FILE = "memo.pickle"


@dataclass
class Memo:
    """What the last build, or regeneration of the preview, loaded, checked and rendered.

    A department-year whose folder and earlier years' folders are unchanged (DepartmentYear.lineage) is
    neither read, checked nor rendered again, so that a change to one department is rebuilt, and shows
    in the preview, in seconds however many there are. A change to site.yaml, templates/ or gongkai
    itself starts afresh.
    """

    basis: str = ""  # fingerprint of site.yaml, templates/ and the generator package
    loaded: dict[Path, DepartmentYear] = field(default_factory=dict)
    checked: dict[str, tuple[str, list[Finding]]] = field(default_factory=dict)
    rendered: dict[str, Rendered] = field(default_factory=dict)

    def refresh(self, project_dir: Path) -> None:
        basis = folder_fingerprint(project_dir / "templates") + folder_fingerprint(PACKAGE)
        site = project_dir / "data" / SITE_FILE
        if site.is_file():
            basis += hashlib.sha256(site.read_bytes()).hexdigest()
        if basis != self.basis:
            self.forget(basis)

    def forget(self, basis: str = "") -> None:
        self.basis = basis
        self.loaded, self.checked, self.rendered = {}, {}, {}

    def describes(self) -> tuple[str, frozenset[tuple[str, str]]]:
        """What the memo holds: its basis and the department-years it has rendered, by lineage."""
        return self.basis, frozenset((label, entry[0]) for label, entry in self.rendered.items())


def _memo_key() -> bytes:
    """A secret of this user's, outside the project: a memo is a pickle, and a pickle from anyone else
    (a project folder received as a zip) could run code when read. A memo not signed with it is ignored."""
    key = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache", "gongkai", "memo-key")
    try:
        return key.read_bytes()
    except FileNotFoundError:
        key.parent.mkdir(parents=True, exist_ok=True)
        with os.fdopen(os.open(key, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600), "wb") as file:
            file.write(secrets.token_bytes(32))
        return key.read_bytes()


def read_memo(project_dir: Path) -> Memo:
    """The memo the last full build kept, or an empty one when there is none, it was not signed by this
    user, or it cannot be read (another Python, a damaged file): all of which only mean starting afresh."""
    with suppress(Exception):  # whatever is wrong with a memo, the build goes on without it
        signed = (project_dir / MEMO_DIR / MEMO_FILE).read_bytes()
        signature, pickled = signed[:32], signed[32:]
        if hmac.compare_digest(signature, hmac.digest(_memo_key(), pickled, "sha256")):
            memo = pickle.loads(pickled)
            if isinstance(memo, Memo):
                return memo
    return Memo()


def keep_memo(project_dir: Path, memo: Memo, docs_dir: Path, *, move: bool) -> None:
    """Keep ``memo`` for the next build with the docs it describes (moved, or linked when the staging
    project is kept)."""
    folder = project_dir / MEMO_DIR
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    if move:
        docs_dir.rename(folder / "docs")
    else:
        shutil.copytree(docs_dir, folder / "docs", copy_function=os.link)
    pickled = pickle.dumps(memo, protocol=pickle.HIGHEST_PROTOCOL)
    # written last, when the docs it names are complete
    (folder / MEMO_FILE).write_bytes(hmac.digest(_memo_key(), pickled, "sha256") + pickled)


# ---------------------------------------------------------------- the staging project


def write_docs(
    project: Project,
    docs_dir: Path,
    progress: Progress | None = None,
    known: dict[str, Rendered] | None = None,
    previous: Path | None = None,
) -> list[Any]:
    """Fill ``docs_dir`` (which must not exist yet) and return the MkDocs nav.

    Hand-written pages are copied first, so rendered pages of the same path replace them. Hand-written
    pages the rendered nav does not list are appended to it, as plain paths (MkDocs takes their titles
    from the pages).
    """
    content = project.root / CONTENT_DIR
    if content.is_dir():
        shutil.copytree(content, docs_dir)
    # A vendored library's README.md is provenance for the repository, not a page of the site.
    shutil.copytree(ASSETS, docs_dir / "assets", dirs_exist_ok=True, ignore=shutil.ignore_patterns("*.md"))
    try:
        nav = render_site(
            project, docs_dir, workers=cores(), progress=progress, known=known, previous=previous
        )
    except jinja2.TemplateError as error:
        raise BuildError(_template_error(error)) from error
    listed = set(_nav_paths(nav))
    pages = [p.relative_to(content) for p in content.rglob("*.md")] if content.is_dir() else []
    pages.sort(key=lambda page: (page.parts[:-1], page.name != "index.md", page.name))  # index first
    return [*nav, *_content_nav([page for page in pages if page.as_posix() not in listed], content)]


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
    return f"渲染模板时出错：{error.message}。请检查 templates/ 下最近修改的模板。"


def _nav_paths(nav: Any) -> Iterator[str]:
    if isinstance(nav, str):
        yield nav
    elif isinstance(nav, dict):
        for value in nav.values():
            yield from _nav_paths(value)
    elif isinstance(nav, list):
        for item in nav:
            yield from _nav_paths(item)


def write_config(project: Project, nav: list[Any], staging_dir: Path) -> Path:
    """Write ``staging_dir/mkdocs.yml``: the project's mkdocs.yml with the site's values filled in."""
    config = _read_project_config(project.root / CONFIG_FILE)
    site = project.site
    assert site is not None  # a missing or invalid site.yaml is an error, and errors refuse the build
    config.update(
        site_name=site.title,
        docs_dir="docs",
        site_dir="site",
        nav=nav,
        copyright=f"发布单位：{site.publisher}",
    )
    _set_or_drop(config, "site_url", site.url)
    extra = config.get("extra") or {}
    _set_or_drop(extra, "contact", site.contact)
    config["extra"] = extra
    theme = config.get("theme") or {}
    theme = {"name": theme} if isinstance(theme, str) else theme
    overrides = project.root / OVERRIDES_DIR
    if overrides.is_dir():
        theme["custom_dir"] = str(overrides)
    config["theme"] = theme
    search = _plugin_options(config, "search")
    if search is not None:
        # Material passes the path to jieba as it is, relative to the working directory: make it absolute.
        search["jieba_dict_user"] = str((staging_dir / "docs" / "assets" / JIEBA_DICTIONARY).resolve())
    path = staging_dir / CONFIG_FILE
    _write_if_changed(path, CONFIG_HEADER + config_text(config))
    return path


def _read_project_config(path: Path) -> dict[str, Any]:
    try:
        config = yaml.safe_load(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise BuildError(f"找不到网站配置文件 {path}：项目根目录下应有 {CONFIG_FILE}。") from None
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = f"第 {mark.line + 1} 行" if mark is not None else ""
        raise BuildError(
            f"{path} {where}不是合法的 YAML：应为普通 YAML，不能使用 !!python/… 或 !ENV 等标签。"
        ) from None
    if not isinstance(config, dict):
        raise BuildError(f"{path} 的内容应为“键: 值”形式的配置，例如 theme:、plugins:。")
    return config


def _set_or_drop(mapping: dict[str, Any], key: str, value: str) -> None:
    if value:
        mapping[key] = value
    else:
        mapping.pop(key, None)


def _plugin_options(config: dict[str, Any], name: str) -> dict[str, Any] | None:
    """The options of plugin ``name`` in ``config["plugins"]``, made editable; None when not configured."""
    plugins = config.get("plugins") or []
    for index, entry in enumerate(plugins):
        if entry == name:
            plugins[index] = {name: {}}
            return plugins[index][name]
        if isinstance(entry, dict) and name in entry:
            entry[name] = entry[name] or {}
            return entry[name]
    return None


def _write_if_changed(path: Path, text: str) -> None:
    """Write ``path`` unless it already holds ``text`` (an untouched file triggers no live reload)."""
    if not path.is_file() or path.read_text(encoding="utf-8") != text:
        path.write_text(text, encoding="utf-8")


# ---------------------------------------------------------------- MkDocs


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
def _environment(**values: str) -> Iterator[None]:
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


def _build_environment(project: Project) -> dict[str, str]:
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


def _require_jieba() -> None:
    """Material segments Chinese for search only when it can import jieba, and builds anyway without."""
    try:
        import jieba
    except ImportError:
        raise BuildError("没有安装 jieba：中文搜索要靠它在构建时分词。请运行 make site 重装依赖。") from None
    jieba.setLogLevel(logging.WARNING)  # it logs its dictionary loading to stderr at DEBUG
    # Half a second to load its dictionary: done once here, the parts' workers inherit it when they fork.
    jieba.initialize()


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
    _require_jieba()
    with _mkdocs_messages() as messages:
        try:
            mkdocs_build(_load_mkdocs_config(config_file))
        except MkDocsException as error:
            messages.append(str(error))  # the reasons were logged before; this is MkDocs' summary
    return messages


def _refuse_on(messages: list[str]) -> None:
    if messages:
        details = "\n".join(f"  - {message}" for message in messages)
        raise BuildError(f"MkDocs 构建失败（严格模式下任何警告都算失败），原有网站未改动：\n{details}")


def run_mkdocs(config_file: Path) -> None:
    """Build one MkDocs project strictly; any MkDocs warning fails the build."""
    _refuse_on(mkdocs_warnings(config_file))


def build_in_parts(config_file: Path, cache_dir: Path | None, progress: Progress | None = None) -> Path:
    """Build the staging project as parts side by side (``generator.staging.parts``); return the joined site.

    Parts whose input is unchanged since the build that filled ``cache_dir`` are taken from there.
    """
    staging = config_file.parent
    _require_jieba()
    config = read_config(config_file)
    parts = write_part_configs(config, CONFIG_HEADER, staging)
    theme = config.get("theme") or {}
    shared = (Path(theme["custom_dir"]),) if isinstance(theme, dict) and theme.get("custom_dir") else ()
    _refuse_on(
        build_parts(
            parts, mkdocs_warnings, workers=cores(), cache_dir=cache_dir, shared=shared, progress=progress
        )
    )
    join_parts(parts, staging / "site")
    return staging / "site"


# ---------------------------------------------------------------- swap


def swap_in(new_site: Path, site_dir: Path) -> None:
    """Replace ``site_dir`` by ``new_site`` whole; on failure the previous site stays as it was."""
    site_dir.parent.mkdir(parents=True, exist_ok=True)
    old = site_dir.with_name(f".site-old-{secrets.token_hex(4)}")
    had_site = site_dir.exists()
    try:
        if had_site:
            site_dir.rename(old)
    except OSError as error:
        raise BuildError(f"无法替换 {site_dir}（{error.strerror}）；原有网站未改动。") from error
    try:
        shutil.move(new_site, site_dir)  # a rename, or a copy when site_dir is on another file system
    except OSError as error:
        shutil.rmtree(site_dir, ignore_errors=True)
        if had_site:
            old.rename(site_dir)
        raise BuildError(f"无法把新网站放到 {site_dir}（{error.strerror}）；原有网站未改动。") from error
    if had_site:
        shutil.rmtree(old, ignore_errors=True)


# ---------------------------------------------------------------- build and serve


def _prepare_staging(project_dir: Path, staging_dir: Path | None) -> Path:
    if staging_dir is None:
        work = project_dir / WORK_DIR
        work.mkdir(exist_ok=True)
        return Path(tempfile.mkdtemp(prefix="staging-", dir=work))
    staging_dir = staging_dir.resolve()
    if staging_dir.exists():
        if any(staging_dir.iterdir()) and not (staging_dir / CONFIG_FILE).is_file():
            raise BuildError(f"{staging_dir} 已存在且不是 gongkai 的临时项目，不能用作构建目录。")
        shutil.rmtree(staging_dir)
    staging_dir.mkdir(parents=True)
    return staging_dir


def build_site(
    project_dir: Path,
    *,
    site_dir: Path | None = None,
    staging_dir: Path | None = None,
    only: str | None = None,
    progress: Progress | None = None,
) -> BuildResult:
    """Check, render, build strictly and swap the new site in.

    With ``only`` the site holds one department-year (its earlier years still give the comparisons),
    and goes to ``.gongkai/preview/`` unless ``site_dir`` says otherwise: a quick look, not a publication.

    Without ``staging_dir`` the staging project is a fresh ``.gongkai/staging-XXXX`` removed afterwards;
    with it, that directory is (re)written and kept, for debugging. Raises ``BuildRefused`` when the check
    finds errors (nothing is written), ``BuildError`` when a later step fails (``site/`` is untouched).
    """
    project_dir = project_dir.resolve()
    site_dir = (site_dir or project_dir / (PREVIEW_DIR if only else "site")).resolve()
    # A whole build reuses what the last one read, checked and rendered of unchanged department-years.
    memo = read_memo(project_dir) if only is None else Memo()
    memo.refresh(project_dir)
    described = memo.describes()
    project, findings = load_checked(project_dir, only, progress, memo)
    staging = _prepare_staging(project_dir, staging_dir)
    try:
        docs = staging / "docs"
        kept = project_dir / MEMO_DIR / "docs"
        nav = write_docs(project, docs, progress, known=memo.rendered, previous=kept)
        config_file = write_config(project, nav, staging)
        with _environment(**_build_environment(project)):
            cache = project_dir / PARTS_CACHE if only is None else None
            built = build_in_parts(config_file, cache, progress)
        swap_in(built, site_dir)
        pages = sum(1 for _ in docs.rglob("*.md"))
        # Unchanged, the memo kept before still describes its docs: writing it again would take seconds.
        if only is None and (memo.describes() != described or not kept.is_dir()):
            # the site is in place: a memo that cannot be kept (no home folder, a full disk) only means
            # that the next build starts afresh
            with suppress(OSError, RuntimeError):
                keep_memo(project_dir, memo, docs, move=staging_dir is None)
    finally:
        if staging_dir is None:
            shutil.rmtree(staging, ignore_errors=True)
            with suppress(OSError):
                staging.parent.rmdir()  # .gongkai/, when nothing else is in it
    return BuildResult(site_dir, pages, findings, staging if staging_dir is not None else None)


def _files_under(folder: Path) -> dict[str, os.stat_result]:
    """Every file under ``folder`` by its relative path, with its status (os.walk: pathlib is slow here)."""
    found: dict[str, os.stat_result] = {}
    for directory, _, names in os.walk(folder):
        relative = os.path.relpath(directory, folder)
        for name in names:
            found[os.path.normpath(os.path.join(relative, name))] = os.stat(os.path.join(directory, name))
    return found


def _sync_tree(source: Path, target: Path) -> None:
    """Make ``target`` equal to ``source``, touching only the files that differ.

    The differences are found first and written together, so that ``mkdocs serve`` sees one burst of
    changes and rebuilds once.
    """
    wanted, present = _files_under(source), _files_under(target)
    changed = []
    for relative, status in wanted.items():
        old = present.get(relative)
        if old is not None and (old.st_ino, old.st_dev) == (status.st_ino, status.st_dev):
            continue  # linked from the served folder (an unchanged department-year)
        if (
            old is None
            or old.st_size != status.st_size
            or (target / relative).read_bytes() != (source / relative).read_bytes()
        ):
            changed.append(relative)
    for relative in present.keys() - wanted.keys():
        (target / relative).unlink()
    for relative in changed:
        (target / relative).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source / relative, target / relative)
    for directory, _, _ in os.walk(target, topdown=False):  # children before their folders
        if directory != str(target) and not os.listdir(directory):
            os.rmdir(directory)


# Writes a page only the preview shows (the findings) into a docs folder; returns its nav entry.
ReportPage = Callable[[Project, list[Finding], Path], dict[str, str]]


def stage_for_serve(
    project_dir: Path,
    staging_dir: Path,
    report_page: ReportPage | None = None,
    only: str | None = None,
    memo: Memo | None = None,
) -> list[Finding]:
    """Regenerate the served staging project in place; return the check's findings.

    Pages are rendered into a scratch folder and synchronised into ``staging_dir/docs`` so that
    ``mkdocs serve`` sees only the files that really changed. Raises like ``build_site``, except that
    with ``report_page`` the preview shows what it can while data is being corrected: department-years
    with errors are left out, and the findings page (second in the nav) lists every finding. Errors of
    the whole project (site.yaml) still refuse, after rewriting the findings page among the previous pages.
    ``memo`` carries what is unchanged from one regeneration to the next.
    """
    if memo is None:
        memo = Memo()
    memo.refresh(project_dir)
    try:
        return _stage(project_dir, staging_dir, report_page, only, memo)
    except BaseException:
        memo.forget()  # what it holds may not match the served pages any more
        raise


def _stage(
    project_dir: Path, staging_dir: Path, report_page: ReportPage | None, only: str | None, memo: Memo
) -> list[Finding]:
    project, findings = _load_and_check(project_dir, only, memo)
    failing = {finding.department for finding in findings if finding.severity is Severity.ERROR}
    if failing and (report_page is None or None in failing):
        if report_page is not None and (staging_dir / "docs").is_dir():
            report_page(project, findings, staging_dir / "docs")
        raise BuildRefused(findings)
    shown = project
    if failing:  # only department-years fail here: the preview leaves them out
        kept = [dy for dy in project.department_years if dy.label not in failing]
        shown = replace(project, department_years=kept)
    staging_dir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="render-", dir=staging_dir.parent) as scratch:
        nav = write_docs(shown, Path(scratch) / "docs", known=memo.rendered, previous=staging_dir / "docs")
        if report_page is not None:
            nav.insert(1, report_page(project, findings, Path(scratch) / "docs"))
        _sync_tree(Path(scratch) / "docs", staging_dir / "docs")
    write_config(shown, nav, staging_dir)
    return findings


class _Regenerate(FileSystemEventHandler):
    """Calls ``action`` once a burst of file changes has settled (editors write several files)."""

    def __init__(self, action: Callable[[], None], delay: float = 0.5) -> None:
        self.action = action
        self.delay = delay
        self.timer: threading.Timer | None = None
        self.running = threading.Lock()  # one regeneration at a time: they write the same folder

    def _run(self) -> None:
        with self.running:
            self.action()

    def _changed(self, event: FileSystemEvent) -> None:
        if self.timer is not None:
            self.timer.cancel()
        self.timer = threading.Timer(self.delay, self._run)
        self.timer.daemon = True
        self.timer.start()

    # Only writes: reading the data (as rendering does) raises "opened" events, which must not loop.
    on_created = on_deleted = on_modified = on_moved = _changed


# Above this many pages the preview rebuilds only the pages whose Markdown changed (MkDocs' dirty
# build), so that a change to one department shows within seconds; until the preview is restarted the
# other pages keep their nav as it was and the preview's search finds only the rebuilt pages.
DIRTY_SERVE_PAGES = 2000


def _serve_build_type(docs_dir: Path) -> str | None:
    pages = sum(1 for _ in docs_dir.rglob("*.md"))
    return "dirty" if pages > DIRTY_SERVE_PAGES else None


def serve_site(
    project_dir: Path,
    *,
    dev_addr: str,
    report: Callable[[list[Finding] | BuildError], None],
    report_page: ReportPage | None = None,
    only: str | None = None,
) -> None:
    """Stage the project, then run ``mkdocs serve`` on it, regenerating on changes under WATCHED_DIRS.

    ``report`` receives the findings of each regeneration, or the error that stopped it (the previous
    pages stay served); ``report_page`` and ``only`` go to ``stage_for_serve``. Raises
    ``BuildRefused``/``BuildError`` when the first staging fails.
    """
    project_dir = project_dir.resolve()
    staging = project_dir / WORK_DIR / "serve"

    memo = Memo()

    def regenerate() -> None:
        try:
            report(stage_for_serve(project_dir, staging, report_page, only, memo))
        except BuildError as error:
            report(error)

    report(stage_for_serve(project_dir, staging, report_page, only, memo))
    _require_jieba()
    observer = Observer()
    handler = _Regenerate(regenerate)
    for name in WATCHED_DIRS:
        if (project_dir / name).is_dir():
            observer.schedule(handler, str(project_dir / name), recursive=True)
    observer.start()
    try:
        with _environment(NO_MKDOCS_2_WARNING="1"):
            # site_url pointed at the preview address so that pages are served from "/", whatever the
            # path of the real site's address.
            mkdocs_serve(
                str(staging / CONFIG_FILE),
                dev_addr=dev_addr,
                site_url=f"http://{dev_addr}/",
                watch_theme=True,
                strict=False,
                build_type=_serve_build_type(staging / "docs"),
            )
    finally:
        observer.stop()
        observer.join()
