"""Text from data reaches the page as text: no HTML, no Markdown markup (tests/browser/test_injection.py
tries every field in Chromium)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from bs4 import BeautifulSoup
from check_support import DEPARTMENT, write_project, yaml_with
from markupsafe import Markup

from generator.build import build_site
from generator.pages.environment import make_environment, text

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


def test_text_is_markdown_and_html_that_shows_itself() -> None:
    assert text("<b>&</b> \"'") == "&lt;b&gt;&amp;&lt;/b&gt; &#34;&#39;"
    assert (
        text("[链接](javascript:alert(1)) ![图](x)") == "&#91;链接&#93;(javascript:alert(1)) !&#91;图&#93;(x)"
    )
    assert text("*强调* _下划_ `代码` a|b") == "&#42;强调&#42; &#95;下划&#95; &#96;代码&#96; a&#124;b"
    assert text("标题 {: onclick=alert(1) }") == "标题 &#123;: onclick=alert(1) &#125;"
    assert text("# 标题") == "&#35; 标题"
    assert text("段一\n\n- 段二") == "段一 - 段二"  # one line: a blank line would end an HTML block
    # what begins a block when the value begins a line; numbers stay as they are
    assert [text(value) for value in ("- 项", "1. 项", "===", "!!! note", "-12.00", "2023.5")] == [
        "&#45; 项",
        "1&#46; 项",
        "&#61;==",
        "&#33;!! note",
        "-12.00",
        "2023.5",
    ]
    assert text(Markup("<br>")) == "<br>"


def test_every_value_a_template_prints_is_text(tmp_path: Path) -> None:
    env = make_environment(tmp_path)
    page = env.from_string("# {{ name }}\n\n<td>{{ name }}</td> {{ html }} [下载]({{ path|link }})")
    rendered = page.render(
        name="x <img src=y onerror=z> {: #a }", html=Markup("<br>"), path="../downloads/渠县（本级）a_b.csv"
    )
    assert rendered == (
        "# x &lt;img src=y onerror=z&gt; &#123;: &#35;a &#125;\n\n"
        "<td>x &lt;img src=y onerror=z&gt; &#123;: &#35;a &#125;</td> <br> "
        "[下载](../downloads/渠县（本级）a_b.csv)"
    )
    # what could end the link or make it a scheme is percent-encoded
    assert page.render(name="", html="", path='javascript:a(1) "x"').endswith(
        "(javascript%3Aa%281%29%20%22x%22)"
    )
