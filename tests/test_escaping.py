"""Text typed into department.yaml reaches the page as text: no HTML, no Markdown markup."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from bs4 import BeautifulSoup
from check_support import DEPARTMENT, write_project, yaml_with

from generator.build import build_site

HOSTILE = "<script>alert(1)</script> **粗体** [链接](http://example.com)"


def test_yaml_text_is_escaped_in_the_built_site(tmp_path: Path, make_project: Callable[[Path], Path]) -> None:
    root = make_project(tmp_path / "project")
    department = yaml_with(DEPARTMENT, "total: 预算项目调整", f"total: '{HOSTILE}'")
    department = yaml_with(department, "duties: 负责全县商务工作。", f"duties: '{HOSTILE}'")
    write_project(root, department=department)
    build_site(root)
    for page in ("gaikuang", "shuoming"):
        html = (root / "site" / "2023" / "ce-shi-ju" / page / "index.html").read_text(encoding="utf-8")
        article = BeautifulSoup(html, "html.parser").select_one("article")
        assert article is not None
        assert not article.find_all("script")
        assert not [tag for tag in article.find_all("strong") if "粗体" in tag.get_text()]
        assert not [a for a in article.find_all("a") if "example.com" in a.get("href", "")]
        assert "<script>alert(1)</script>" in article.get_text()
        assert "**粗体**" in article.get_text()
