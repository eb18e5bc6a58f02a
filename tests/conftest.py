"""Shared fixtures: a project skeleton with the repository's site shell, written into a temporary folder."""

from __future__ import annotations

import shutil
from collections.abc import Callable
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
