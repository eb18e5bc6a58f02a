"""Shared fixtures: a project skeleton with the repository's site shell, written into a temporary folder."""

from __future__ import annotations

import shutil
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent

SITE_YAML = """\
title: 测试县部门决算公开
region: 四川省测试县
publisher: 测试县财政局
contact: 0818-1234567
url: https://example.gov.cn/juesuan/
profile: sichuan
"""


@pytest.fixture(autouse=True, scope="session")
def memo_key(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """Builds sign the memo they keep with a key in the user's cache folder: the tests' own."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("XDG_CACHE_HOME", str(tmp_path_factory.mktemp("cache")))
        yield


@pytest.fixture(scope="session")
def make_project() -> Callable[[Path], Path]:
    """Returns ``make(root)``: a project at ``root`` with the repository's mkdocs.yml, templates/ and
    content/, and a ``data/site.yaml`` but no department yet."""

    def make(root: Path) -> Path:
        root.mkdir(parents=True)
        shutil.copy(REPO / "mkdocs.yml", root / "mkdocs.yml")
        shutil.copytree(REPO / "templates", root / "templates")
        shutil.copytree(REPO / "content", root / "content")
        (root / "data").mkdir()
        (root / "data" / "site.yaml").write_text(SITE_YAML, encoding="utf-8")
        return root

    return make


def _rendered(root: Path, docs: Path) -> Path:
    """The project at ``root`` checked (no error) and rendered into ``docs``: its docs tree."""
    from generator.check import check_project, has_errors
    from generator.load import load_project
    from generator.render import render_site

    project = load_project(root)
    findings = check_project(project)
    assert not has_errors(findings), [f.message for f in findings if f.severity == "错误"]
    render_site(project, docs)
    return docs


@pytest.fixture(scope="session")
def sample_docs(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The repository's own sample (data/, templates/) checked and rendered once: its docs tree."""
    return _rendered(REPO, tmp_path_factory.mktemp("docs"))


@pytest.fixture(scope="session")
def example_docs(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The example project examples/sui-ning/ (seed 004) checked and rendered once: its docs tree."""
    return _rendered(REPO / "examples" / "sui-ning", tmp_path_factory.mktemp("example-docs"))


@pytest.fixture(scope="session")
def le_chang_docs(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The example project examples/le-chang/ (seed 000, evaluation only) checked and rendered once."""
    return _rendered(REPO / "examples" / "le-chang", tmp_path_factory.mktemp("le-chang-docs"))


@pytest.fixture(scope="session")
def hebei_docs(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The example project examples/hebei/ (seed 002, evaluation only) checked and rendered once."""
    return _rendered(REPO / "examples" / "hebei", tmp_path_factory.mktemp("hebei-docs"))
