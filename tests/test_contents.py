"""A department-year's 目录 keeps the official numbering, and says why a part is missing."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from check_support import SLUG, YEAR, write_project

from generator.load import load_project
from generator.render import render_site


def test_without_self_evaluations_the_contents_say_so(
    tmp_path: Path, make_project: Callable[[Path], Path]
) -> None:
    root = write_project(make_project(tmp_path / "project"))  # no evaluation/ folder
    docs = tmp_path / "docs"
    render_site(load_project(root), docs)
    contents = (docs / str(YEAR) / SLUG / "index.md").read_text(encoding="utf-8")
    parts = [line for line in contents.splitlines() if line.startswith("- ") and "部分" in line]
    assert [line.split("部分")[0][-1] for line in parts] == ["一", "二", "三", "四", "五"]
    assert "- 第四部分 附件：绩效自评（本年度没有随决算公开绩效自评结果）" in parts
