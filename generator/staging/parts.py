"""The MkDocs build split into parts that run side by side: the portal, and the department-years in groups.

MkDocs builds on one core, and its cost is per page. Every part is the staging project with MkDocs' own
``exclude_docs`` leaving out the pages of the other parts: links and nav entries to those still resolve
to their addresses (MkDocs only notes them at INFO level), so the joined site is the site one build
would make. So that a part does not pay for the whole site before its first page (MkDocs lists and
matches every file of its docs folder and makes a page of every nav entry: seconds per part at 500
department-years), each part reads its own docs folder of links (``part_docs``) — the portal's files,
its own department-years whole, and of the others only the pages its nav names — and its own nav
(``part_nav``): the whole nav down to its own pages, every other section reduced to its first and last
pages, which are all that a page's navigation (a link to a pruned section's first page) and its footer
(the pages before and after it) show of them. The parts' outputs are then joined:
the portal's files, each year's folder, one sitemap, and the search entries split into an index per
year and one for the site (``_join_search_indexes``). Each part's pages lose the templates' indentation
(``compact_html``) in the worker that built them.

A part whose input has not changed since the last build is not built again: its output is kept in
``.gongkai/parts/<part>/`` under a hash of everything it is made from (its pages and files, the
configuration with the nav, the theme overrides, the MkDocs and Material versions, the build date), with
the SHA-256 of every file, the record signed with this user's key: it is copied back (never linked) only
when every file is as stored, so an edited, truncated or deleted file makes the part build again.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import os
import re
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from importlib.metadata import version
from pathlib import Path
from typing import Any

import yaml

from generator.load import YEAR_PATTERN
from generator.parallel import Progress, checkpoint, cores, run_all
from generator.staging import seal

PORTAL = "portal"
PAGES_PART = "pages"  # the preview's part: the pages a change rewrote
PART_KEYS = ("docs_dir", "site_dir", "exclude_docs", "nav")  # what each part's configuration sets for itself
PART_DOCS = "part-docs"  # beside the staging project's docs/: each part's folder of links into it
YEAR_SEARCH = "year_search"  # extra: in templates/overrides/main.html, search the page's year index
PARTS_DIR = "parts"
SEARCH_INDEX = Path("search", "search_index.json")
SITEMAP = "sitemap.xml"
URLSET_END = "</urlset>"
DEPARTMENT_PAGE = re.compile(r"\d{4}/[^/#]+/")  # the address of a department-year's own page


# Department-years per part, at least: small enough that a change to one department rebuilds a few
# hundred pages and that the parts share the cores evenly.
DEPARTMENTS_PER_PART = 25
# Parts per core, at most: every part pays for MkDocs reading the whole site's files and nav (about 1.3 s
# at 500 department-years), so a fixed part size would make that cost grow with the square of the site.
PARTS_PER_CORE = 4

# libyaml, when PyYAML has it: the staging configs hold the nav of every page, and PyYAML's pure-Python
# emitter and parser take seconds over a nav of thousands of pages.
_DUMPER = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def config_text(config: dict[str, Any]) -> str:
    """A staging configuration as plain YAML (no tags), Chinese written as it is."""
    return yaml.dump(config, Dumper=_DUMPER, allow_unicode=True, sort_keys=False)


def read_config(path: Path) -> Any:
    """A staging configuration written by ``config_text``."""
    return yaml.load(path.read_text(encoding="utf-8"), Loader=_LOADER)


@dataclass(frozen=True)
class Part:
    name: str  # "portal", "2023", or "2023-2" when a year has more departments than one part takes
    config_file: Path
    site_dir: Path
    folders: tuple[
        str, ...
    ]  # the department-year folders it builds (2023/qu-xian-shang-wu-ju); () for the portal


def year_folders(docs_dir: Path) -> list[str]:
    """The years of the docs tree, latest first (the nav's order)."""
    names = [p.name for p in docs_dir.iterdir() if p.is_dir() and YEAR_PATTERN.match(p.name)]
    return sorted(names, reverse=True)


def _department_folders(docs_dir: Path, year: str) -> list[str]:
    """A year's department-year folders: its subfolders holding an index page (not its downloads/)."""
    return sorted(p.name for p in (docs_dir / year).iterdir() if (p / "index.md").is_file())


def _exclusions(folders: tuple[str, ...]) -> list[str]:
    """exclude_docs patterns (gitignore style): the portal leaves out every department-year folder,
    a department part everything but its own folders."""
    if not folders:
        return ["/[0-9][0-9][0-9][0-9]/*/", "!/[0-9][0-9][0-9][0-9]/downloads/"]
    years = sorted({folder.split("/")[0] for folder in folders})
    patterns = ["/*"]
    for year in years:
        patterns += [f"!/{year}/", f"/{year}/*"]
    return patterns + [f"!/{folder}/" for folder in folders]


def plan_parts(docs_dir: Path) -> list[tuple[str, tuple[str, ...]]]:
    """(name, folders) of every part: the portal first, then each year's departments in groups."""
    plan: list[tuple[str, tuple[str, ...]]] = [(PORTAL, ())]
    years = {year: _department_folders(docs_dir, year) for year in year_folders(docs_dir)}
    total = sum(len(departments) for departments in years.values())
    size = max(DEPARTMENTS_PER_PART, -(-total // (PARTS_PER_CORE * cores())))
    for year, departments in years.items():
        count = -(-len(departments) // size)
        even = -(-len(departments) // count) if count else 1  # 100 in parts of 63: two of 50
        groups = [departments[i : i + even] for i in range(0, len(departments), even)]
        for number, group in enumerate(groups, start=1):
            name = year if len(groups) == 1 else f"{year}-{number}"
            plan.append((name, tuple(f"{year}/{slug}" for slug in group)))
    return plan


def write_part_configs(config: dict[str, Any], header: str, staging_dir: Path) -> list[Part]:
    """One ``mkdocs-<part>.yml`` beside the staging project's mkdocs.yml for every part of the plan, each
    with its own docs folder of links (``part_docs``) and nav (``part_nav``)."""
    shared = header + _shared_config(config)
    docs = staging_dir / "docs"
    departments = {
        f"{year}/{slug}" for year in year_folders(docs) for slug in _department_folders(docs, year)
    }
    shutil.rmtree(staging_dir / PART_DOCS, ignore_errors=True)
    parts = []
    for name, folders in plan_parts(docs):
        mine = set(folders)

        def own(page: str, mine: set[str] = mine) -> bool:
            folder = _folder(page)
            return folder in mine if mine else folder not in departments

        nav = _with_titles(part_nav(config["nav"], own), own, docs) if "nav" in config else None
        shown = list(
            dict.fromkeys(_nav_pages(nav or []) + ([] if mine else _linked_pages(docs, departments)))
        )
        part_docs(docs, staging_dir / PART_DOCS / name, departments, mine, shown)
        own_keys: dict[str, Any] = {"docs_dir": f"{PART_DOCS}/{name}"}
        if nav is not None:
            own_keys["nav"] = nav
        parts.append(_write_part(name, folders, _exclusions(folders), own_keys, shared, staging_dir))
    return parts


def write_pages_config(config: dict[str, Any], header: str, staging_dir: Path, pages: list[str]) -> Part:
    """``mkdocs-pages.yml``: a part that builds only ``pages`` (docs paths) of the staging project.

    What the preview rebuilds after a change: over the whole docs folder and the whole nav, the other
    pages left out as the other parts' are, so each of these is the page the whole build makes.
    """
    exclusions = ["/*", *(f"!/{_literal(page)}" for page in pages)]
    own_keys: dict[str, Any] = {"docs_dir": "docs"}
    if "nav" in config:
        own_keys["nav"] = config["nav"]
    return _write_part(PAGES_PART, (), exclusions, own_keys, header + _shared_config(config), staging_dir)


def _shared_config(config: dict[str, Any]) -> str:
    # Only a build in parts splits the search index (join_parts): the flag tells the pages to use it.
    config = {**config, "extra": {**(config.get("extra") or {}), YEAR_SEARCH: True}}
    return config_text({key: value for key, value in config.items() if key not in PART_KEYS})


def _write_part(
    name: str,
    folders: tuple[str, ...],
    exclusions: list[str],
    own_keys: dict[str, Any],
    shared: str,
    staging_dir: Path,
) -> Part:
    own = {**own_keys, "site_dir": f"{PARTS_DIR}/{name}", "exclude_docs": "\n".join(exclusions) + "\n"}
    config_file = staging_dir / f"mkdocs-{name}.yml"
    config_file.write_text(shared + config_text(own), encoding="utf-8")
    return Part(name, config_file, staging_dir / PARTS_DIR / name, folders)


def _literal(path: str) -> str:
    """``path`` as a gitignore pattern matching only itself (a hand-written page may be named anything)."""
    return re.sub(r"([\\*?\[\]!# ])", r"\\\1", path)


def _folder(page: str) -> str:
    """The department-year folder a docs path would be in (``2023/qu-xian-shang-wu-ju``)."""
    return "/".join(page.split("/")[:2])


def _entry_page(entry: Any) -> str | None:
    """The docs path of a nav entry that is a page (``path`` or ``{title: path}``), else None."""
    if isinstance(entry, str):
        return entry
    if isinstance(entry, dict) and len(entry) == 1:
        value = next(iter(entry.values()))
        return value if isinstance(value, str) else None
    return None


def _leaves(entries: list[Any]) -> list[Any]:
    """The page entries of a nav list, depth first, as written (with their titles)."""
    leaves = []
    for entry in entries:
        if _entry_page(entry) is not None:
            leaves.append(entry)
        else:
            leaves += [leaf for value in entry.values() for leaf in _leaves(value)]
    return leaves


def part_nav(nav: list[Any], own: Callable[[str], bool]) -> list[Any]:
    """The nav a part's pages show the same with: every section holding one of its own pages kept, every
    other section reduced to its first and last pages (the link to a pruned section is to its first page;
    the footer of the part's page next to that section names its first or last page)."""
    kept: list[Any] = []
    for entry in nav:
        if _entry_page(entry) is not None:
            kept.append(entry)
            continue
        trimmed = {}
        for title, value in entry.items():
            leaves = _leaves(value)
            if any(own(page) for page in map(_entry_page, leaves) if page is not None):
                trimmed[title] = part_nav(value, own)
            else:
                trimmed[title] = leaves[:1] + leaves[-1:] if len(leaves) > 1 else leaves
        kept.append(trimmed)
    return kept


def _with_titles(nav: list[Any], own: Callable[[str], bool], docs: Path) -> list[Any]:
    """``nav`` with a title on each entry of another part's page that has none: MkDocs does not read a
    page it leaves out, and the footer's 上一页/下一页 would name it "None"; the title is the one MkDocs
    gives the page where it is built (its front matter's ``title``, else its first heading)."""
    titled: list[Any] = []
    for entry in nav:
        if isinstance(entry, str) and not own(entry) and (title := page_title(docs / entry)):
            titled.append({title: entry})
        elif isinstance(entry, dict) and _entry_page(entry) is None:
            titled.append({key: _with_titles(value, own, docs) for key, value in entry.items()})
        else:
            titled.append(entry)
    return titled


def page_title(page: Path) -> str | None:
    """A generated page's title as MkDocs finds it: front matter ``title:``, else the first ``# `` heading
    (an attribute list ``{: …}`` after it dropped)."""
    try:
        text = page.read_text(encoding="utf-8")
    except OSError:
        return None
    if text.startswith("---\n"):
        end = text.find("\n---", 4)
        meta = yaml.safe_load(text[4:end]) if end > 0 else None
        if isinstance(meta, dict) and isinstance(meta.get("title"), str):
            return meta["title"]
    heading = re.search(r"^# (.+?)\s*(?:\{:[^}]*\})?\s*$", text, re.MULTILINE)
    return heading.group(1) if heading else None


def _nav_pages(nav: list[Any]) -> list[str]:
    return [page for page in map(_entry_page, _leaves(nav)) if page is not None]


MARKDOWN_LINK = re.compile(r"\]\(([^)#\s]+\.md)")


def _linked_pages(docs: Path, departments: set[str]) -> list[str]:
    """The department-years' pages the portal's own pages link to (the 校验结果 page names the 附表 a
    finding is in; a region's page may cite a table): MkDocs checks that each link's target is listed."""
    linked = []
    for page in docs.rglob("*.md"):
        relative = page.relative_to(docs).as_posix()
        if _folder(relative) in departments:
            continue
        for target in MARKDOWN_LINK.findall(page.read_text(encoding="utf-8")):
            resolved = os.path.normpath(os.path.join(os.path.dirname(relative), target)).replace(os.sep, "/")
            if _folder(resolved) in departments:
                linked.append(resolved)
    return linked


def part_docs(docs: Path, target: Path, departments: set[str], folders: set[str], pages: list[str]) -> None:
    """``target``: what one part's MkDocs lists, as links into ``docs``. Everything but the department-year
    folders; of those, its own ``folders`` whole (the portal has none) and of the others only the
    ``pages`` its nav names, so that their entries resolve to their addresses."""
    target.mkdir(parents=True)
    for entry in docs.iterdir():
        if not (entry.is_dir() and YEAR_PATTERN.match(entry.name)):
            (target / entry.name).symlink_to(entry.resolve())
            continue
        (target / entry.name).mkdir()
        for inner in entry.iterdir():
            folder = f"{entry.name}/{inner.name}"
            if folder not in departments or folder in folders:
                (target / folder).symlink_to(inner.resolve())
    for page in pages:
        if _folder(page) in departments and _folder(page) not in folders and (docs / page).is_file():
            (target / page).parent.mkdir(parents=True, exist_ok=True)
            (target / page).symlink_to((docs / page).resolve())


BuildPart = Callable[[Path], list[str]]  # builds one config file, returns MkDocs' warnings
RECORD_FILE = "record"  # signed: the part's input key and the SHA-256 of every file of its output


def build_parts(
    parts: list[Part],
    build: BuildPart,
    *,
    workers: int,
    cache_dir: Path | None = None,
    shared: tuple[Path, ...] = (),
    progress: Progress | None = None,
) -> list[str]:
    """Build every part not found in ``cache_dir``, ``workers`` at a time; return their warnings.

    ``shared`` lists the folders and files every part depends on besides its own pages (the theme
    overrides, the hooks).
    """
    keys = {part: _key(part, shared) for part in parts} if cache_dir is not None else {}
    todo = [part for part in parts if cache_dir is None or not _restore(part, keys[part], cache_dir)]
    # the largest parts first, so that the pool does not end waiting on one big year
    todo.sort(key=_pages, reverse=True)
    jobs = [(build, part) for part in todo]
    built = run_all(_build_part, jobs, workers=workers, stage="构建网站", progress=progress)
    messages = dict(zip(todo, built, strict=True))
    if cache_dir is not None:
        for part in todo:
            if not messages[part]:
                _store(part, keys[part], cache_dir)
    return [message for part in parts for message in messages.get(part, [])]


def _build_part(job: tuple[BuildPart, Part]) -> list[str]:
    """Build one part (in a worker); when MkDocs had nothing to say, compact its pages."""
    build, part = job
    messages = build(part.config_file)
    if not messages:
        for page in part.site_dir.rglob("*.html"):
            page.write_text(compact_html(page.read_text(encoding="utf-8")), encoding="utf-8")
    return messages


# Where whitespace is content: left as it is.
_VERBATIM = re.compile(r"<(pre|textarea|script|style)\b.*?</\1\s*>", re.DOTALL | re.IGNORECASE)
_INDENTATION = re.compile(r"\n\s+")


def compact_html(html: str) -> str:
    """``html`` without the indentation and blank lines of Material's templates.

    They are a third of a page's bytes, two thirds of its navigation (at 500 department-years a page's
    nav lists its group's 37 towns in 30 KB, 13 KB without). A newline stays wherever whitespace was, so
    the page reads and renders the same; <pre>, <textarea>, <script> and <style> are kept as written.
    """
    kept, start = [], 0
    for verbatim in _VERBATIM.finditer(html):
        kept += [_INDENTATION.sub("\n", html[start : verbatim.start()]), verbatim.group()]
        start = verbatim.end()
    kept.append(_INDENTATION.sub("\n", html[start:]))
    return "".join(kept)


def _key(part: Part, shared: tuple[Path, ...]) -> str:
    digest = hashlib.sha256()
    for name in ("mkdocs", "mkdocs-material"):
        digest.update(f"{name} {version(name)}\n".encode())
    digest.update(os.environ.get("SOURCE_DATE_EPOCH", "").encode())
    staging = part.config_file.parent
    # the staging folder's name changes from build to build; the paths in the config under it do not
    digest.update(part.config_file.read_text(encoding="utf-8").replace(str(staging), "").encode())
    docs = staging / "docs"
    if part.folders:
        files = [p for folder in part.folders for p in (docs / folder).rglob("*")]
    else:
        inside = {tuple(folder.split("/")) for other in plan_parts(docs) for folder in other[1]}
        files = [p for p in docs.rglob("*") if p.relative_to(docs).parts[:2] not in inside]
    files += [p for path in shared for p in (path.rglob("*") if path.is_dir() else [path])]
    for path in sorted(p for p in files if p.is_file()):
        digest.update(f"\n{path.relative_to(docs) if path.is_relative_to(docs) else path}\n".encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


def _restore(part: Part, key: str, cache_dir: Path) -> bool:
    """Copy the cached output of ``part`` in place when it was made from the same input and every file
    is as this user's build stored it (``generator.staging.seal``); else it is built again."""
    cached = cache_dir / part.name
    record = seal.read_record(cached / RECORD_FILE)
    if record is None or record.get("key") != key or not isinstance(record.get("files"), dict):
        return False
    return seal.copy_verified(cached / "site", part.site_dir, record["files"])


def _store(part: Part, key: str, cache_dir: Path) -> None:
    """Keep, copied (the site shares no file with a cache), what ``join_parts`` takes of the part."""
    cached = cache_dir / part.name
    shutil.rmtree(cached, ignore_errors=True)
    try:
        files = seal.copy_hashed(part.site_dir, cached / "site", _joined(part))
        checkpoint("part-stored")
        seal.write_record(cached / RECORD_FILE, {"key": key, "files": files})
    except OSError as error:  # e.g. no key can be made (no home folder): the part is built again next time
        shutil.rmtree(cached, ignore_errors=True)
        if error.errno in seal.NO_SPACE:
            raise


def _joined(part: Part) -> list[str] | None:
    """The files of a department part's output that ``join_parts`` takes (its folders, its search index
    and sitemap: not its copy of the theme's assets, most of its bytes); None for the portal: all."""
    if not part.folders:
        return None
    site = part.site_dir
    files = [site / SEARCH_INDEX, site / SITEMAP]
    files += [path for folder in part.folders for path in (site / folder).rglob("*")]
    return [path.relative_to(site).as_posix() for path in files if path.is_file()]


def _pages(part: Part) -> int:
    docs = part.config_file.parent / "docs"
    return sum(1 for folder in part.folders for _ in (docs / folder).rglob("*.md"))


def join_parts(parts: list[Part], site_dir: Path, entries: Path | None = None) -> None:
    """Assemble ``site_dir`` from the parts' outputs: the portal whole, then each year's folder.

    ``entries``, when given, receives every search entry as MkDocs wrote it, for ``patch_search``.
    """
    portal, years = parts[0], parts[1:]
    portal.site_dir.rename(site_dir)  # all inside the staging project: renames, nothing copied
    for part in years:
        for folder in part.folders:
            if (part.site_dir / folder).is_dir():
                (part.site_dir / folder).rename(site_dir / folder)
    _join_search_indexes([part.site_dir for part in years], site_dir, entries)
    _join_sitemaps([part.site_dir for part in years], site_dir)


def _join_search_indexes(year_sites: list[Path], site_dir: Path, entries: Path | None) -> None:
    target = site_dir / SEARCH_INDEX
    if not target.is_file():
        return  # search is not configured
    index = json.loads(target.read_text(encoding="utf-8"))
    for year_site in year_sites:
        index["docs"].extend(json.loads((year_site / SEARCH_INDEX).read_text(encoding="utf-8"))["docs"])
    if entries is not None:
        _replace(entries, _index_bytes(index))
    _split_search_index(index, site_dir)


def patch_search(entries: Path, pages_site: Path | None, addresses: set[str], site_dir: Path) -> None:
    """Replace, in the search entries ``join_parts`` kept, those of the pages at ``addresses``
    (``2023/qu-xian-shang-wu-ju/sangong/``) by what the pages part built in ``pages_site`` wrote for
    them (None: the pages were removed), and write again the site's index and those of their years."""
    if not entries.is_file():
        return  # search is not configured
    index = json.loads(entries.read_text(encoding="utf-8"))
    built = pages_site / SEARCH_INDEX if pages_site is not None else None
    new = json.loads(built.read_text(encoding="utf-8"))["docs"] if built and built.is_file() else []
    # the pages part built their neighbours in the nav too: their entries are as kept
    kept = [doc for doc in index["docs"] if doc["location"].partition("#")[0] not in addresses]
    index["docs"] = kept + [doc for doc in new if doc["location"].partition("#")[0] in addresses]
    _replace(entries, _index_bytes(index))
    years = {address.partition("/")[0] for address in addresses}
    _split_search_index(index, site_dir, {year for year in years if YEAR_PATTERN.match(year)})


def _split_search_index(index: dict[str, Any], site_dir: Path, years: set[str] | None = None) -> None:
    """Split the search entries of the whole site into one index per year and one for the site.

    A visitor's browser downloads the index of the page it is on, so none grows with every year: a
    year's pages search ``<year>/search/search_index.json`` (that year's full text, addresses relative
    to the year's folder; templates/overrides/main.html points them there), the other pages the site's
    index, which holds its own pages in full and every year's page and section titles, each page's with
    its department-year's, so that the home page still finds each department, chapter and section, and
    tells whose they are. ``years``, when given, are the only years whose index is written.
    """
    docs = index["docs"]
    # A department-year's pages share titles (“三公”经费…) with every other's: in both indexes each
    # page's title adds its department-year's, which is what a search result shows.
    names = {doc["location"]: doc["title"] for doc in docs if DEPARTMENT_PAGE.fullmatch(doc["location"])}
    site_docs: list[dict[str, Any]] = []
    by_year: dict[str, list[dict[str, Any]]] = {}
    for doc in docs:
        folder, _, rest = doc["location"].partition("/")
        if YEAR_PATTERN.match(folder):
            doc = {**doc, "title": _titled(doc, names)}
            by_year.setdefault(folder, []).append({**doc, "location": rest})
            doc = {**doc, "text": ""}
        site_docs.append(doc)
    _replace(site_dir / SEARCH_INDEX, _index_bytes({**index, "docs": site_docs}))
    for year in by_year.keys() if years is None else years:
        _replace(site_dir / year / SEARCH_INDEX, _index_bytes({**index, "docs": by_year.get(year, [])}))


def _titled(doc: dict[str, Any], names: dict[str, str]) -> str:
    """A page's title with its department-year's (“……（渠县商务局 2023 年度部门决算公开）”); as it is
    for that department-year's own page, a section (shown under its page) and a year's page."""
    own = DEPARTMENT_PAGE.match(doc["location"])
    if own is None or "#" in doc["location"] or own.group() == doc["location"] or own.group() not in names:
        return str(doc["title"])
    return f"{doc['title']}（{names[own.group()]}）"


def _index_bytes(index: dict[str, Any]) -> bytes:
    # Written as UTF-8 rather than \u escapes: a Chinese index is half the size a browser downloads.
    return json.dumps(index, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def _join_sitemaps(year_sites: list[Path], site_dir: Path) -> None:
    target = site_dir / SITEMAP
    if not target.is_file():
        return
    text = target.read_text(encoding="utf-8")
    entries = []
    for year_site in year_sites:
        other = (year_site / SITEMAP).read_text(encoding="utf-8")
        start = other.find("<url>")
        if start != -1:
            entries.append(other[start : other.rindex(URLSET_END)])
    text = text.replace(URLSET_END, "".join(entries) + URLSET_END)
    _replace(target, text.encode("utf-8"))
    archive = site_dir / f"{SITEMAP}.gz"
    archive.unlink()
    # as MkDocs writes its own archive, dated by the build date, so that one input builds identical bytes
    mtime = int(os.environ.get("SOURCE_DATE_EPOCH", "0"))
    with (
        archive.open("wb") as raw,
        gzip.GzipFile(fileobj=raw, filename=str(archive), mode="wb", mtime=mtime) as gz,
    ):
        gz.write(text.encode("utf-8"))


def _replace(path: Path, content: bytes) -> None:
    """Write a new file in place of ``path`` in one step: the old one may be a hard link into the parts
    cache, and the preview's server may be sending it."""
    path.parent.mkdir(parents=True, exist_ok=True)
    scratch = path.with_name(f".{path.name}.gongkai")
    scratch.write_bytes(content)
    os.replace(scratch, path)
