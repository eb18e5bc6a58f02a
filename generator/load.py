"""Load stage: find every department-year under ``data/`` and read its YAML and workbook.

Loading never stops at the first problem: each one becomes a ``Finding`` so that ``gongkai check``
can list everything a clerk has to fix in one pass.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Mapping
from dataclasses import replace
from pathlib import Path

from generator.evaluation.grading import load_grading
from generator.evaluation.load import Evaluations, load_evaluations
from generator.model import DepartmentYear, Finding, Project, Severity, Source, display_path
from generator.parallel import Progress, batches, checkpoint, cores, run_shared
from generator.readers.boundary import blocked, link_findings, links_leaving
from generator.readers.schema import Site
from generator.readers.templates import template_findings
from generator.readers.workbook import read_workbook
from generator.readers.yamlfile import read_department, read_site
from generator.standard.profiles import load_profile

YEAR_PATTERN = re.compile(r"^\d{4}$")
SLUG_PATTERN = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
MAX_SLUG = 100  # a folder name becomes a path of the site, under file systems' 255-byte limit
YEARS = range(1990, 2101)
READING = "读取数据"  # the stage's name in the progress bar
WORKBOOK_SUFFIXES = (".xlsx", ".xls")
SITE_FILE = "site.yaml"


def folder_fingerprint(directory: Path) -> str:
    """A digest of the names and contents of the files under ``directory`` (Python's caches left out).

    Contents rather than modification times: a file put back from an archive keeps its old time, and a
    build that reused what it read before would publish the old figures.
    """
    digest = hashlib.sha256()
    for path in sorted(directory.rglob("*")):
        if path.is_file() and "__pycache__" not in path.parts:
            digest.update(f"{path.relative_to(directory)}\0".encode())
            digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()


def _error(rule: str, message: str, path: str, department: str | None = None) -> Finding:
    return Finding(Severity.ERROR, rule, message, Source(file=path), department=department)


def _empty_department_year(root: Path, directory: Path, year: int, site: Site | None) -> DepartmentYear:
    return DepartmentYear(
        year=year,
        slug=directory.name,
        directory=directory,
        profile=load_profile(site.profile if site else "mof"),
        grading=load_grading(site.grading if site else "national"),
        evaluations=Evaluations(directory=directory, display_root=root),
    )


def _load_department_year(root: Path, directory: Path, year: int, site: Site | None) -> DepartmentYear:
    dy = _empty_department_year(root, directory, year, site)
    checkpoint(f"read:{dy.label}")
    where = display_path(directory, root)
    yaml_path = directory / "department.yaml"
    if yaml_path.is_file():
        dy.department, dy.department_document, found = read_department(
            yaml_path, display_path=display_path(yaml_path, root)
        )
        dy.findings.extend(found)
        if dy.department is not None and dy.department.profile:
            dy.profile = load_profile(dy.department.profile)
        if dy.department is not None and dy.department.grading:
            dy.grading = load_grading(dy.department.grading)
    else:
        dy.findings.append(
            _error(
                "load.department-yaml-missing", f"缺少 department.yaml：{where}/ 下应有部门说明文件。", where
            )
        )
    workbooks = sorted(
        p
        for p in directory.iterdir()
        if p.is_file() and p.suffix.lower() in WORKBOOK_SUFFIXES and not p.name.startswith(("~$", "."))
    )
    dy.evaluations, found_evaluations = load_evaluations(directory, display_root=root)
    if dy.department is not None and dy.department.evaluation_only:
        dy.findings.extend(_evaluation_only(dy, workbooks, root))
    elif not workbooks:
        dy.findings.append(
            _error(
                "load.workbook-missing",
                f"缺少决算公开报表：{where}/ 下应有一个 .xlsx 或 .xls 工作簿。"
                "（只公开绩效自评、不公开决算的部门，在 department.yaml 中写 publishes: 绩效自评。）",
                where,
            )
        )
    elif len(workbooks) > 1:
        names = "、".join(p.name for p in workbooks)
        dy.findings.append(
            _error(
                "load.workbook-ambiguous",
                f"{where}/ 下有多个工作簿（{names}），只能保留一个决算公开报表。",
                where,
            )
        )
    else:
        dy.workbook = workbooks[0]
        dy.accounts, found = read_workbook(
            workbooks[0], display_path=display_path(workbooks[0], root), profile=dy.profile
        )
        dy.findings.extend(found)
    dy.findings.extend(found_evaluations)
    dy.findings = [replace(finding, department=dy.label) for finding in dy.findings]
    return dy


def _evaluation_only(dy: DepartmentYear, workbooks: list[Path], root: Path) -> list[Finding]:
    """A department-year that declares it publishes only its self-evaluation has no workbook, which would
    otherwise go unpublished, and has self-evaluation files, or it would publish nothing."""
    assert dy.department_document is not None
    declared = dy.department_document.locate("publishes")
    findings = []
    if workbooks:
        names = "、".join(display_path(p, root) for p in workbooks)
        findings.append(
            Finding(
                Severity.ERROR,
                "load.workbook-unexpected",
                "department.yaml 写明本部门本年度只公开绩效自评（publishes: 绩效自评），"
                f"但文件夹中有工作簿 {names}，它不会发布："
                "公开决算的，请删去 publishes 这一行；否则请把工作簿移出这个文件夹。",
                declared,
                expected="没有工作簿",
                found=names,
            )
        )
    if dy.evaluations.is_empty:
        findings.append(
            Finding(
                Severity.ERROR,
                "load.evaluation-missing",
                "department.yaml 写明本部门本年度只公开绩效自评（publishes: 绩效自评），但没有绩效自评文件："
                f"应在 {display_path(dy.directory / 'evaluation', root)}/ 下放入自评文件"
                "（格式见 data/evaluation.example/）。",
                declared,
                expected="evaluation/ 下的绩效自评文件",
                found="无",
            )
        )
    return findings


def _scan_data(
    root: Path,
    data: Path,
    site: Site | None,
    findings: list[Finding],
    slug: str | None,
    loaded: Mapping[Path, DepartmentYear] | None,
    progress: Progress | None,
    leaving: dict[Path, Path],
) -> list[DepartmentYear]:
    """Every department folder of every year; only those named ``slug`` (all its years) when given.

    A folder found in ``loaded`` with the same fingerprint is not read again; one holding a link that
    leaves the project (``leaving``, reported as an error) is not read at all.
    """
    department_years: list[DepartmentYear] = []
    to_read: list[tuple[Path, int, str]] = []  # folder, year, fingerprint
    for year_dir in sorted(data.iterdir()):
        # besides the year folders, data/ holds site.yaml and annotated examples (*.example*)
        if year_dir.name == SITE_FILE or ".example" in year_dir.name or year_dir in leaving:
            continue
        if _set_aside(year_dir, root, findings):
            continue
        where = display_path(year_dir, root)
        if not year_dir.is_dir() or not YEAR_PATTERN.match(year_dir.name) or not _in_range(year_dir.name):
            findings.append(
                _error(
                    "load.year-folder",
                    f"data/ 下的“{year_dir.name}”不是年度文件夹：应为 {YEARS.start} 至 {YEARS.stop - 1} "
                    "之间的四位年份，如 data/2023/。",
                    where,
                )
            )
            continue
        for dept_dir in sorted(year_dir.iterdir()):
            if (slug is not None and dept_dir.name != slug) or blocked(dept_dir, leaving):
                continue
            if _set_aside(dept_dir, root, findings):
                continue
            if (
                not dept_dir.is_dir()
                or not SLUG_PATTERN.match(dept_dir.name)
                or len(dept_dir.name) > MAX_SLUG
            ):
                findings.append(
                    _error(
                        "load.department-folder",
                        f"部门文件夹名“{dept_dir.name}”不合规：只能用小写英文字母、数字和连字符"
                        f"（如拼音 qu-xian-shang-wu-ju），不超过 {MAX_SLUG} 个字符，它会成为网址的一部分。",
                        display_path(dept_dir, root),
                    )
                )
                continue
            fingerprint = folder_fingerprint(dept_dir)
            known = loaded.get(dept_dir) if loaded is not None else None
            if known is not None and known.fingerprint == fingerprint:
                department_years.append(known)
            else:
                to_read.append((dept_dir, int(year_dir.name), fingerprint))
    # Reading workbooks is most of the time a load takes: the folders are read side by side.
    jobs = batches(to_read, cores())
    read = run_shared(
        _read_batch,
        (root, site),
        jobs,
        workers=cores(),
        stage=READING,
        progress=progress,
        crashed=_crashed,
    )
    department_years += [dy for batch in read for dy in batch]
    department_years.sort(key=lambda dy: (dy.year, dy.slug))
    return department_years


def _in_range(year: str) -> bool:
    return int(year) in YEARS


def _slug(name: str) -> bool:
    return bool(SLUG_PATTERN.match(name)) and len(name) <= MAX_SLUG


def _set_aside(path: Path, root: Path, findings: list[Finding]) -> bool:
    """Whether ``path`` is skipped: a hidden file (.DS_Store), or a folder named with a leading dot or
    underscore (a draft, a copy), which is skipped with a warning naming it rather than silently."""
    if not path.name.startswith((".", "_")):
        return False
    if path.is_dir():
        where = display_path(path, root)
        findings.append(
            Finding(
                Severity.WARNING,
                "load.folder-skipped",
                f"文件夹 {where} 的名称以“{path.name[0]}”开头，已跳过，其中的数据不会发布；"
                "如果它应当发布，请去掉名称开头的这个字符。",
                Source(file=where),
            )
        )
        return True
    return path.name.startswith(".")


def _read_batch(shared: tuple[Path, Site | None], batch: list[tuple[Path, int, str]]) -> list[DepartmentYear]:
    root, site = shared
    read = []
    for directory, year, fingerprint in batch:
        try:
            dy = _load_department_year(root, directory, year, site)
        except BaseException as error:
            # a reader that panics (calamine's PanicException is no Exception) or runs out of memory or
            # stack fails its own department-year only; any other exception is a defect of gongkai
            if isinstance(error, (KeyboardInterrupt, SystemExit)) or (
                isinstance(error, Exception) and not isinstance(error, (MemoryError, RecursionError))
            ):
                raise
            read += _unreadable(root, site, directory, year)
            continue
        dy.fingerprint = fingerprint
        read.append(dy)
    return read


def _crashed(shared: tuple[Path, Site | None], batch: list[tuple[Path, int, str]]) -> list[DepartmentYear]:
    """A batch whose reading killed its worker process (a reader aborted, or ran out of memory): its
    department-years are read again one by one, and the one that dies again is an error of its own,
    while the others go on."""
    if len(batch) > 1:
        singles = [[item] for item in batch]
        read = run_shared(_read_batch, shared, singles, workers=cores(), stage=READING, crashed=_crashed)
        return [dy for one in read for dy in one]
    [(directory, year, _)] = batch
    return _unreadable(*shared, directory, year)


def _unreadable(root: Path, site: Site | None, directory: Path, year: int) -> list[DepartmentYear]:
    dy = _empty_department_year(root, directory, year, site)
    where = display_path(directory, root)
    message = (
        f"读取 {where}/ 时读取程序异常终止，这个部门年度没有读入："
        "工作簿可能已损坏，或含有读取程序无法处理的内容。"
        "请在 Excel 或 WPS 中打开工作簿，删除表格以外的内容后另存，再重新检查。"
    )
    dy.findings.append(_error("load.reader-crashed", message, where, dy.label))
    return [dy]  # no fingerprint: read again next time


def load_project(
    root: Path,
    only: str | None = None,
    loaded: Mapping[Path, DepartmentYear] | None = None,
    progress: Progress | None = None,
) -> Project:
    """Read ``root/data``: site.yaml and every ``<year>/<dept>/`` folder.

    With ``only`` (a label such as ``2023/qu-xian-shang-wu-ju``) the project holds just that
    department-year, its earlier years still linked as ``prior``; an unknown label holds none.
    ``loaded`` (folder → department-year, from a previous load with the same site.yaml) saves reading
    the folders whose files have not changed since: the preview reloads in a moment.
    """
    root = root.resolve()
    data = root / "data"
    findings: list[Finding] = []
    site: Site | None = None
    site_document = None
    site_path = data / SITE_FILE
    # before anything is read: a link out of the project is an error, and nothing behind it is read
    leaving = links_leaving(root)
    findings.extend(link_findings(root, leaving))
    findings.extend(template_findings(root, frozenset(leaving)))
    if site_path in leaving:
        pass  # reported above
    elif site_path.is_file():
        site, site_document, found = read_site(site_path, display_path=display_path(site_path, root))
        findings.extend(found)
    else:
        findings.append(
            _error("load.site-yaml-missing", "缺少 data/site.yaml（网站标题、地区、发布单位）。", "data")
        )
    slug = only.strip("/").rpartition("/")[2] if only else None
    department_years = (
        _scan_data(root, data, site, findings, slug, loaded, progress, leaving) if data.is_dir() else []
    )
    if not data.is_dir():
        findings.append(
            _error("load.data-missing", f"找不到数据文件夹：{display_path(data, root)}/。", "data")
        )
    by_label = {dy.label: dy for dy in department_years}
    for dy in department_years:
        dy.prior = by_label.get(f"{dy.year - 1}/{dy.slug}")
    if only:
        department_years = [dy for dy in department_years if dy.label == only.strip("/")]
    content_pages = _content_pages(root, leaving)
    if data.is_dir() and not only and not department_years:
        findings.append(_without_departments(content_pages))
    return Project(
        root=root,
        site=site,
        department_years=department_years,
        findings=findings,
        site_document=site_document,
        content_pages=content_pages,
    )


def _without_departments(content_pages: dict[str, str]) -> Finding:
    """A project of no department-year publishes its content/ pages alone (a finance bureau's report
    may come before any department's 决算); with none, there is nothing to publish."""
    pages = [page for page in content_pages if page != "content/index.md"]  # the home page's introduction
    if pages:
        return Finding(
            Severity.INFO,
            "load.no-department-years",
            f"data/ 下没有部门年度文件夹：网站只发布 content/ 下的 {len(pages)} 个页面，"
            "首页写明尚未公开部门决算。部门的决算放在 data/<年度>/<部门文件夹>/ 下"
            "（如 data/2024/qu-xian-shang-wu-ju/）。",
            Source(file="data"),
        )
    return _error(
        "load.nothing-to-publish",
        "没有可公开的内容：data/ 下没有部门年度文件夹（如 data/2024/qu-xian-shang-wu-ju/），"
        "content/ 下也没有页面。",
        "data",
    )


def _content_pages(root: Path, leaving: dict[Path, Path]) -> dict[str, str]:
    """The hand-written pages of content/ as written, by their path as the user sees it (the check reads
    their prose; a page behind a link that leaves the project is not read)."""
    content = root / "content"
    pages = sorted(content.rglob("*.md")) if content.is_dir() else []
    return {
        display_path(page, root): page.read_text(encoding="utf-8")
        for page in pages
        if page.is_file() and not blocked(page, leaving)
    }
