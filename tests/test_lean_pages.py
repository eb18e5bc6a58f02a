"""What makes the build cheaper leaves the pages as they were (issue #17).

The staging project may name an MkDocs hook that keeps the generated HTML tables out of Python-Markdown,
templates/overrides/partials/nav.html replaces Material's navigation macro with a lean one, and gongkai's
own run of MkDocs has jieba segment each run of Chinese characters once. None may change what a visitor
gets: the sample's staging project is built by MkDocs with the hook and without it, and by gongkai's run
and by plain MkDocs (byte for byte the same files), and with the lean navigation and with Material's own
(the same markup, up to whitespace between tags).
"""

from __future__ import annotations

import json
import re
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
import yaml
from mkdocs.commands.build import build as mkdocs_build
from mkdocs.config import load_config

from generator.build import build_site
from generator.load import load_project
from generator.staging.mkdocs import build_environment, environment, mkdocs_warnings

REPO = Path(__file__).resolve().parent.parent
NAV_OVERRIDE = Path("partials", "nav.html")


@pytest.fixture(scope="module")
def staging(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample's staging project, kept by a real build of a copy of the repository's project."""
    project = tmp_path_factory.mktemp("project")
    for name in ("data", "templates", "content"):
        shutil.copytree(REPO / name, project / name)
    shutil.copy(REPO / "mkdocs.yml", project / "mkdocs.yml")
    staging = project / ".gongkai" / "staging"
    build_site(project, site_dir=project / "site", staging_dir=staging)
    return staging


def _config(staging: Path) -> dict:
    return yaml.safe_load((staging / "mkdocs.yml").read_text(encoding="utf-8"))


def _plain_mkdocs(config_file: Path) -> None:
    mkdocs_build(load_config(str(config_file)))


def _mkdocs(
    staging: Path, config: dict, site: Path, build: Callable[[Path], object] = _plain_mkdocs
) -> dict[str, bytes]:
    """``mkdocs build`` (or ``build``) of the staging project with ``config`` in place of its mkdocs.yml;
    its files."""
    variant = staging / f"mkdocs-{site.name}.yml"
    variant.write_text(
        yaml.safe_dump({**config, "site_dir": str(site)}, allow_unicode=True), encoding="utf-8"
    )
    project = load_project(staging.parent.parent)
    with environment(**build_environment(project)):
        assert not build(variant)
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in sorted(site.rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def as_staged(staging: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, bytes]:
    return _mkdocs(staging, _config(staging), tmp_path_factory.mktemp("sites") / "staged")


def test_the_staging_project_names_the_tables_hook(staging: Path) -> None:
    hooks = _config(staging).get("hooks") or []
    assert [Path(hook).name for hook in hooks] == ["tables_hook.py"]
    assert all(Path(hook).is_file() for hook in hooks)


def test_without_the_hook_the_same_site(
    staging: Path, as_staged: dict[str, bytes], tmp_path_factory: pytest.TempPathFactory
) -> None:
    config = _config(staging)
    config.pop("hooks", None)
    plain = _mkdocs(staging, config, tmp_path_factory.mktemp("sites") / "no-hook")
    assert sorted(plain) == sorted(as_staged)
    differ = [name for name in plain if plain[name] != as_staged[name]]
    assert not differ, f"pages differ without the hook: {differ[:10]}"
    tables = sum(page.count(b'class="gk-table-wrap"') for page in plain.values())
    assert tables > 50, "the sample's pages carry the tables the hook moves"


def test_gongkais_run_of_mkdocs_writes_the_same_site(
    staging: Path, as_staged: dict[str, bytes], tmp_path_factory: pytest.TempPathFactory
) -> None:
    ours = _mkdocs(staging, _config(staging), tmp_path_factory.mktemp("sites") / "ours", mkdocs_warnings)
    assert sorted(ours) == sorted(as_staged)
    differ = [name for name in ours if ours[name] != as_staged[name]]
    assert not differ, f"files differ when gongkai runs MkDocs: {differ[:10]}"
    docs = json.loads(ours["search/search_index.json"])["docs"]
    assert any("\u200b" in doc["text"] for doc in docs), "the index holds Chinese segmented into words"


def _markup(html: bytes) -> str:
    """The page's markup with whitespace between and around tags ignored (compact_html changes it)."""
    text = re.sub(r"\s*(<[^>]*>)\s*", r"\1", html.decode("utf-8"))
    return re.sub(r"\s+", " ", text)


def test_lean_navigation_draws_materials_navigation(
    staging: Path, as_staged: dict[str, bytes], tmp_path_factory: pytest.TempPathFactory
) -> None:
    config = _config(staging)
    overrides = Path(config["theme"]["custom_dir"])
    assert (overrides / NAV_OVERRIDE).is_file(), "the project's theme overrides carry the lean navigation"
    materials = tmp_path_factory.mktemp("overrides") / "overrides"
    shutil.copytree(overrides, materials, ignore=shutil.ignore_patterns(NAV_OVERRIDE.name))
    config["theme"]["custom_dir"] = str(materials)
    material = _mkdocs(staging, config, tmp_path_factory.mktemp("sites") / "material-nav")
    pages = [name for name in as_staged if name.endswith(".html")]
    assert len(pages) > 40
    differ = [name for name in pages if _markup(material[name]) != _markup(as_staged[name])]
    assert not differ, f"the lean navigation differs from Material's on {differ[:10]}"


def test_every_page_is_small_and_every_table_keeps_its_address(staging: Path) -> None:
    site = staging.parent.parent / "site"
    # the printable 全文 in a department-year's downloads is a document to save, not a page of the site
    pages = [page for page in site.rglob("*.html") if "downloads" not in page.parts]
    assert pages and max(page.stat().st_size for page in pages) <= 60_000
    folders = list(site.glob("*/*/fubiao"))
    assert folders
    for folder in folders:  # every department-year of the sample publishes at least 9 tables
        for number in range(1, 10):
            assert (folder / f"{number:02d}" / "index.html").is_file(), f"{folder}/{number:02d}/"
