"""Build stage: load and check, write the staging MkDocs project, build it strictly, swap ``site/``.

The staging directory (``.gongkai/staging-XXXX`` inside the project, so that the final rename stays on
one file system) is a complete MkDocs project (``generator.staging``): ``docs/`` holds a copy of
``content/``, the package's ``assets/`` and every rendered page; ``mkdocs.yml`` is the project's own
with the site's values filled in. Nothing essential lives in an MkDocs plugin or hook, so
``mkdocs build -f <staging>/mkdocs.yml`` (or a successor such as ProperDocs) builds the same site. A
failed build leaves the previous ``site/`` untouched.
"""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Callable
from contextlib import suppress
from dataclasses import dataclass
from pathlib import Path

from generator.check import check_project, has_errors
from generator.load import load_project
from generator.model import Finding, Project, Severity
from generator.parallel import Progress, checkpoint, cores
from generator.staging import WORK_DIR, BuildError
from generator.staging.config import CONFIG_FILE, write_config
from generator.staging.docs import write_docs
from generator.staging.memo import MEMO_DIR, Memo, keep_memo, read_memo
from generator.staging.mkdocs import build_environment, build_in_parts, environment
from generator.staging.publish import (
    NO_SPACE_MESSAGE,
    STAGING_PREFIX,
    build_lock,
    disk_full,
    publish,
    remove_leftovers,
)

PARTS_CACHE = Path(WORK_DIR, "parts")  # each part's last output, reused while its input is unchanged
PREVIEW_DIR = Path(WORK_DIR, "preview")  # where `gongkai build --only` puts its one-department site
# Told the name of each stage (load, check, render, build) as it ends: the benchmark times them.
Lap = Callable[[str], None]


def _no_lap(_stage: str) -> None:
    pass


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


def load_and_check(
    project_dir: Path, only: str | None, memo: Memo, progress: Progress | None = None, lap: Lap = _no_lap
) -> tuple[Project, list[Finding]]:
    """Load and check the project, or with ``only`` just that department-year (``2023/qu-xian-shang-wu-ju``).

    What ``memo`` holds of unchanged department-years is reused, and it is updated. Findings with errors
    are returned (the preview shows them); ``refuse_errors`` stops a build on them.
    """
    project = load_project(project_dir, only, memo.loaded, progress)
    if only and not project.department_years:
        raise BuildError(
            f"找不到部门年度“{only}”：应写成“年度/部门文件夹名”，如 2023/qu-xian-shang-wu-ju，"
            f"且 data/ 下应有这个文件夹。"
        )
    memo.loaded = {dy.directory: dy for dy in project.department_years}
    lap("load")
    findings = check_project(project, workers=cores(), progress=progress, known=memo.checked)
    lap("check")
    return project, findings


def refuse_errors(findings: list[Finding]) -> None:
    """``BuildRefused`` when the check found any error: nothing is built."""
    if has_errors(findings):
        raise BuildRefused(findings)


def make_site(
    project: Project,
    staging: Path,
    memo: Memo,
    *,
    previous: Path | None = None,
    cache_dir: Path | None = None,
    progress: Progress | None = None,
    lap: Lap = _no_lap,
) -> Path:
    """Render ``project`` into the staging project ``staging`` and build it strictly; return its site.

    ``memo`` gives the pages rendered before (``previous`` holds them), ``cache_dir`` the parts built
    before; both are optional.
    """
    nav = write_docs(project, staging / "docs", progress, known=memo.rendered, previous=previous)
    config_file = write_config(project, nav, staging)
    lap("render")
    with environment(**build_environment(project)):
        built = build_in_parts(config_file, cache_dir, progress)
    lap("build")
    return built


def _prepare_staging(project_dir: Path, staging_dir: Path | None) -> Path:
    if staging_dir is None:
        work = project_dir / WORK_DIR
        work.mkdir(exist_ok=True)
        return Path(tempfile.mkdtemp(prefix=STAGING_PREFIX, dir=work))
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
    with build_lock(project_dir):
        remove_leftovers(project_dir, site_dir)
        try:
            return _build(project_dir, site_dir, staging_dir, only, progress)
        except OSError as error:  # anywhere: the staging project, the caches, the site
            if not disk_full(error):
                raise
            raise BuildError(NO_SPACE_MESSAGE) from error


def _build(
    project_dir: Path, site_dir: Path, staging_dir: Path | None, only: str | None, progress: Progress | None
) -> BuildResult:
    # A whole build reuses what the last one read, checked and rendered of unchanged department-years.
    memo = read_memo(project_dir) if only is None else Memo()
    memo.refresh(project_dir)
    described = memo.describes()
    project, findings = load_and_check(project_dir, only, memo, progress)
    refuse_errors(findings)
    staging = _prepare_staging(project_dir, staging_dir)
    try:
        docs = staging / "docs"
        kept = project_dir / MEMO_DIR / "docs"
        cache = project_dir / PARTS_CACHE if only is None else None
        built = make_site(project, staging, memo, previous=kept, cache_dir=cache, progress=progress)
        checkpoint("staged")
        publish(built, site_dir)
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
