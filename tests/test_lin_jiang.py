"""The portal example examples/lin-jiang/: the benchmark's fictional 临江县, four departments over three
years, generated and built by its one command (``python -m bench.lin_jiang``), clean of every check, and
marked fictional on every page."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
import yaml

from bench import lin_jiang
from generator.check import check_project
from generator.load import load_project

REFRESH = 'http-equiv="refresh"'  # the stub left at a moved 附表's old address, not a page


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("example") / "lin-jiang"
    shutil.copytree(lin_jiang.EXAMPLE, root, ignore=shutil.ignore_patterns("site", ".gongkai"))
    with pytest.raises(SystemExit) as exit_status:
        lin_jiang.main([str(root)])
    assert exit_status.value.code == 0
    return root


def test_every_check_holds(project: Path) -> None:
    """Not one finding: every 勾稽 rule holds, no reason or text is missing."""
    loaded = load_project(project)
    assert len(loaded.department_years) == 3 + 3 + 3 + 2
    findings = check_project(loaded)
    assert findings == [], [f"{f.department} {f.rule}: {f.message}" for f in findings]


def test_every_page_says_the_region_is_fictional(project: Path) -> None:
    notice = yaml.safe_load((project / "data" / "site.yaml").read_text(encoding="utf-8"))["notice"]
    assert "虚构" in notice
    banner = f'<p class="gongkai-notice">{notice}</p>'
    files = list((project / "site").rglob("*.html"))
    pages = [page.read_text(encoding="utf-8") for page in files if "downloads" not in page.parts]
    pages = [page for page in pages if REFRESH not in page]
    assert len(pages) > 100
    assert all(banner in page for page in pages)
    # the printable 全文 of each department-year, a download, says so in its own markup
    documents = [page.read_text(encoding="utf-8") for page in files if "downloads" in page.parts]
    assert len(documents) == 3 + 3 + 3 + 2
    assert all(f'<p class="gk-notice">{notice}</p>' in document for document in documents)
    assert not [page for page in pages if re.search("渠县|绥宁|下陆", page)]  # one region per site


def test_the_portal_compares_departments_and_years(project: Path) -> None:
    site = project / "site"
    home = (site / "index.html").read_text(encoding="utf-8")
    assert all(f"{year} 年度" in home for year in (2022, 2023, 2024))
    for year, departments in ((2022, 3), (2023, 4), (2024, 4)):
        page = (site / str(year) / "index.html").read_text(encoding="utf-8")
        assert f"{year} 年度共有 {departments} 个部门公开决算" in page
        assert all(group in page for group in ("政府部门", "群团组织")), year  # navigated by group
    # last year's figures from last year's folder, the first year's from prior_year
    for year in (2022, 2024):
        page = site / str(year) / "lin-jiang-xian-shang-wu-ju" / "shuoming" / "index.html"
        assert f"与 {year - 1} 年度相比，收、支总计各" in page.read_text(encoding="utf-8")
