"""``gongkai serve``: stage the project, run ``mkdocs serve`` on it, regenerate when the data changes.

The served staging project is ``.gongkai/serve/``. Only the preview has the 校验结果 page
(``write_findings_page``, from the template ``staging/jiaoyan.md.j2``): the check's findings beside the
pages they concern; and the staff's own pages, 操作指南 and 检查规则一览 (``generator/help/``, also shown
by ``gongkai help``). ``gongkai build`` never publishes them: citizens read the site.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import shutil
import tempfile
import threading
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

from mkdocs.commands.serve import serve as mkdocs_serve
from watchdog.events import (
    EVENT_TYPE_CREATED,
    EVENT_TYPE_DELETED,
    EVENT_TYPE_MODIFIED,
    EVENT_TYPE_MOVED,
    FileSystemEvent,
    FileSystemEventHandler,
)
from watchdog.observers import Observer

from generator.build import BuildError, BuildRefused, load_and_check
from generator.evaluation.render import FOLDER as EVALUATION_FOLDER
from generator.model import (
    SITE_WIDE,
    DepartmentYear,
    Finding,
    Project,
    Severity,
    Source,
    findings_by_department,
)
from generator.pages.environment import make_environment
from generator.pages.sections import page_of
from generator.render import CHAPTERS, TABLE_ANCHOR
from generator.staging import WORK_DIR
from generator.staging.config import CONFIG_FILE, write_config
from generator.staging.docs import CONTENT_DIR, write_docs
from generator.staging.memo import Memo
from generator.staging.mkdocs import environment, require_jieba
from generator.standard.tables import table_specs

# What `gongkai serve` watches: a change there regenerates the served docs.
WATCHED_DIRS = ("data", "templates", CONTENT_DIR)
# The findings page's template: the package's own, so that a project made before it existed still has it.
PAGE_TEMPLATES = Path(__file__).resolve().parent / "staging"
PAGE = "jiaoyan.md"
PAGE_TEMPLATE = "jiaoyan.md.j2"
TITLE = "校验结果"
# The staff's pages: shipped with the package, shown in the preview under STAFF_FOLDER.
STAFF_HELP = Path(__file__).resolve().parent / "help"
STAFF_FOLDER = "gongzuo"
STAFF_TITLE = "工作人员帮助（只在预览中）"
# department.yaml keys → (chapter, anchor) of the text they feed; the longest matching key wins.
YAML_SECTIONS = {
    "reasons.items": ("shuoming", "yiban-gonggong-juti"),
    "reasons.total": ("shuoming", "zongti"),
    "reasons.fiscal_total": ("shuoming", "caizheng-bokuan"),
    "reasons.gpb": ("shuoming", "yiban-gonggong"),
    "reasons.operating_costs": ("shuoming", "jiguan-yunxing"),
    "reasons.fund": ("shuoming", "zhengfu-jijin"),
    "reasons.soe": ("shuoming", "guoyou-ziben"),
    "reasons.sangong_abroad": ("sangong", "chuguo"),
    "reasons.sangong_vehicle": ("sangong", "gongwu-yongche"),
    "reasons.sangong_reception": ("sangong", "gongwu-jiedai"),
    "reasons.sangong": ("sangong", "zongti"),
    "sangong.abroad": ("sangong", "chuguo"),
    "sangong.vehicles": ("sangong", "gongwu-yongche"),
    "sangong.reception": ("sangong", "gongwu-jiedai"),
    "descriptions": ("shuoming", "yiban-gonggong-juti"),
    "procurement": ("shuoming", "zhengfu-caigou"),
    "assets": ("shuoming", "guoyou-zichan"),
    "performance": ("shuoming", "jixiao-guanli"),
    "other_matters": ("shuoming", "qita-shixiang"),
    "prior_year": ("shuoming", "zongti"),
    "dates": ("index", ""),
    "duties": ("gaikuang", "zhize"),
    "organisation": ("gaikuang", "jigou"),
    "staff": ("gaikuang", "renyuan"),
    "glossary": ("mingci", ""),
}
CHAPTER_TITLES = {"index": "部门首页", **dict(CHAPTERS)}


def _table_pages(dy: DepartmentYear) -> dict[str, tuple[str, str]]:
    """Sheet name → (附表 title, page) for the tables read from the department-year's workbook."""
    if dy.accounts is None:
        return {}
    key_of = {logical.id: key for key, spec in table_specs().items() for logical in spec.logical}
    pages = {}
    for table in dy.accounts.tables.values():
        key = key_of[table.id]
        if table.source.sheet is not None and key in dy.profile.tables:
            number = dy.profile.tables.index(key) + 1
            pages[table.source.sheet] = (f"附表 {table.title}", f"{dy.label}/fubiao/{number:02d}.md")
    return pages


def _link(dy: DepartmentYear | None, source: Source | None) -> tuple[str, str]:
    """(text, docs path with anchor) of the page a finding concerns."""
    if dy is None:
        return "首页", "index.md"
    index = ("部门首页", f"{dy.label}/index.md")
    if source is None:
        return index
    if source.sheet is not None:
        return _table_pages(dy).get(source.sheet, index)
    if "/evaluation/" in source.file:  # data/<year>/<dept>/evaluation/*.yaml
        return "绩效自评", f"{dy.label}/{EVALUATION_FOLDER}/index.md"
    key = source.key or ""
    matches = [prefix for prefix in YAML_SECTIONS if key == prefix or key.startswith(prefix)]
    if not matches:
        return index
    chapter, anchor = YAML_SECTIONS[max(matches, key=len)]
    return CHAPTER_TITLES[chapter], f"{dy.label}/{chapter}.md" + (f"#{anchor}" if anchor else "")


TABLE_ADDRESS = re.compile(r"(.+/fubiao/)(\d\d)\.md")


def _placed(docs_dir: Path, target: str) -> str:
    """A table's own address (``…/fubiao/03.md``) as the page holding it (``…/fubiao/01-04.md#biao-03``)."""
    match = TABLE_ADDRESS.fullmatch(target)
    if match is None:
        return target
    folder, number = match.groups()
    stem = page_of([page.stem for page in (docs_dir / folder).glob("*.md")], int(number))
    return target if stem is None else f"{folder}{stem}.md#{TABLE_ANCHOR}{number}"


def write_findings_page(project: Project, findings: list[Finding], docs_dir: Path) -> dict[str, str]:
    """Write the 校验结果 page into ``docs_dir``; return its navigation entry.

    Each finding links to the chapter, 附表 or 绩效自评 page of its department-year that shows what it is
    about, when that page exists in ``docs_dir``.
    """
    by_label = {dy.label: dy for dy in project.department_years}
    groups: dict[str, list[tuple[Finding, tuple[str, str] | None]]] = {}
    for label, group in findings_by_department(findings).items():
        dy = by_label.get(label) if label else None
        heading = (
            SITE_WIDE if dy is None else f"{dy.label}（{dy.department.name if dy.department else dy.slug}）"
        )
        for finding in group:
            text, target = _link(dy, finding.source)
            target = _placed(docs_dir, target)
            exists = (docs_dir / target.partition("#")[0]).is_file()
            groups.setdefault(heading, []).append((finding, (text, target) if exists else None))
    page = (
        make_environment(PAGE_TEMPLATES)
        .get_template(PAGE_TEMPLATE)
        .render(
            checked=dt.datetime.now(dt.UTC).astimezone().strftime("%H:%M:%S"),
            errors=sum(1 for finding in findings if finding.severity is Severity.ERROR),
            groups=list(groups.items()),
            location=lambda source: source.describe() if source else "",
        )
    )
    (docs_dir / PAGE).write_text(page, encoding="utf-8")
    return {TITLE: PAGE}


def write_staff_help(docs_dir: Path) -> dict[str, list[str]]:
    """Copy 操作指南 and 检查规则一览 into ``docs_dir``; return their navigation entry."""
    shutil.copytree(STAFF_HELP, docs_dir / STAFF_FOLDER, dirs_exist_ok=True)
    return {STAFF_TITLE: [f"{STAFF_FOLDER}/guide.md", f"{STAFF_FOLDER}/checks.md"]}


# ---------------------------------------------------------------- the served staging project


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


WRITES = (EVENT_TYPE_CREATED, EVENT_TYPE_DELETED, EVENT_TYPE_MODIFIED, EVENT_TYPE_MOVED)  # what regenerates

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
    project, findings = load_and_check(project_dir, only, memo)
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
            nav.append(write_staff_help(Path(scratch) / "docs"))
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

    def dispatch(self, event: FileSystemEvent) -> None:
        # Only writes: reading the data (as rendering does) raises "opened" events, which must not loop.
        if event.event_type not in WRITES:
            return
        if self.timer is not None:
            self.timer.cancel()
        self.timer = threading.Timer(self.delay, self._run)
        self.timer.daemon = True
        self.timer.start()


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
    only: str | None = None,
) -> None:
    """Stage the project, then run ``mkdocs serve`` on it, regenerating on changes under WATCHED_DIRS.

    ``report`` receives the findings of each regeneration, or the error that stopped it (the previous
    pages stay served); the preview has the findings page, and ``only`` goes to ``stage_for_serve``. Raises
    ``BuildRefused``/``BuildError`` when the first staging fails.
    """
    project_dir = project_dir.resolve()
    staging = project_dir / WORK_DIR / "serve"

    memo = Memo()

    def regenerate() -> None:
        try:
            report(stage_for_serve(project_dir, staging, write_findings_page, only, memo))
        except BuildError as error:
            report(error)
        except Exception as error:  # a defect must not stop the preview: the previous pages stay served
            report(BuildError(f"内部错误：{type(error).__name__}: {error}。预览保留上一次生成的页面。"))

    report(stage_for_serve(project_dir, staging, write_findings_page, only, memo))
    require_jieba()
    observer = Observer()
    handler = _Regenerate(regenerate)
    for name in WATCHED_DIRS:
        if (project_dir / name).is_dir():
            observer.schedule(handler, str(project_dir / name), recursive=True)
    observer.start()
    try:
        with environment(NO_MKDOCS_2_WARNING="1"):
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
