"""绩效自评 pages: the samples rendered with the real Jinja environment, their HTML tables read back.

The tables are raw HTML blocks inside the Markdown; BeautifulSoup reads each block and the tests
check what a screen reader relies on (caption, header scopes, the region wrapper) and that the
row and column spans of the indicator grids tile the table exactly.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from bs4 import BeautifulSoup, Tag
from mkdocs.commands.build import build
from mkdocs.config import load_config
from pydantic import ValidationError

from generator.evaluation.forms import Layout, load_forms
from generator.evaluation.grading import available_gradings, load_grading
from generator.evaluation.load import Evaluations, load_evaluations
from generator.evaluation.render import PROJECT_PREFIX, grid, layout_columns, render_evaluations
from generator.evaluation.schema import Dimension
from generator.pages.environment import make_environment

REPO = Path(__file__).resolve().parent.parent
# department-year: (project, grading)
SAMPLES = {
    "2023/qu-xian-shang-wu-ju": (REPO, "sichuan"),
    "2024/sui-ning-xian-shang-wu-ju": (REPO / "examples" / "sui-ning", "hunan"),
}
BLOCK = re.compile(r'^<div class="gk-table-wrap".*?^</div>$', re.S | re.M)


def render(
    root: Path, base: str, grading: str, department: Any = None, project: Path = REPO
) -> tuple[Path, list[Any]]:
    evaluations, findings = load_evaluations(project / "data" / base, display_root=project)
    assert not findings
    out = root / "docs" / base
    env = make_environment(REPO / "templates")
    nav = render_evaluations(
        env, evaluations, load_grading(grading), {"base": base, "department": department}, out
    )
    return out / "jixiao", nav


@pytest.fixture(scope="module")
def rendered(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, list[Any]]]:
    root = tmp_path_factory.mktemp("jixiao")
    navs = {
        base: render(root, base, grading, project=project)[1] for base, (project, grading) in SAMPLES.items()
    }
    return root / "docs", navs


def tables(page: Path) -> list[Tag]:
    """The wrappers of the page's tables, each parsed from its own HTML block."""
    blocks = BLOCK.findall(page.read_text(encoding="utf-8"))
    wrappers = []
    for block in blocks:
        wrapper = BeautifulSoup(block, "html.parser").div
        assert wrapper is not None
        wrappers.append(wrapper)
    return wrappers


def table(page: Path, caption: str) -> Tag:
    for wrapper in tables(page):
        found = wrapper.find("caption")
        if found is not None and found.get_text().startswith(caption):
            result = wrapper.find("table")
            assert isinstance(result, Tag)
            return result
    raise AssertionError(f"no table “{caption}” in {page}")


def layout(grid: Tag) -> list[list[Tag]]:
    """The table as a matrix of cells, row and column spans expanded; fails when they overlap."""
    rows = grid.find_all("tr")
    matrix: list[list[Tag | None]] = [[] for _ in rows]
    for r, row in enumerate(rows):
        column = 0
        for cell in row.find_all(["th", "td"], recursive=False):
            while column < len(matrix[r]) and matrix[r][column] is not None:
                column += 1
            for dr in range(int(cell.get("rowspan", 1))):
                for dc in range(int(cell.get("colspan", 1))):
                    line = matrix[r + dr]
                    while len(line) <= column + dc:
                        line.append(None)
                    assert line[column + dc] is None, f"cells overlap in row {r + dr}"
                    line[column + dc] = cell
            column += int(cell.get("colspan", 1))
    widths = {len(line) for line in matrix}
    assert len(widths) == 1, f"rows of different widths: {widths}"
    assert all(cell is not None for line in matrix for cell in line)
    return matrix  # type: ignore[return-value]


def texts(cells: list[Tag]) -> list[str]:
    return [cell.get_text() for cell in cells]


def _numbers(stem: str) -> range:
    """The projects on the page ``xiangmu-NN-MM`` (or ``xiangmu-NN``)."""
    first, _, last = stem.removeprefix(PROJECT_PREFIX).partition("-")
    return range(int(first), int(last or first) + 1)


def project_place(folder: Path, number: int) -> tuple[str, int]:
    """The page holding project ``number`` and how many projects come before it there."""
    stems = [page.stem for page in folder.glob(f"{PROJECT_PREFIX}*.md")]
    stem = next(stem for stem in stems if number in _numbers(stem))
    return stem, number - _numbers(stem).start


def test_pages_and_nav(rendered: tuple[Path, dict[str, list[Any]]]) -> None:
    docs, navs = rendered
    folder = docs / "2023/qu-xian-shang-wu-ju/jixiao"
    # 37 projects several to a page, in order; each one's old page address sends the browser to its section
    pages = sorted(p.name for p in folder.glob("*.md"))
    stems = [name.removesuffix(".md") for name in pages if name.startswith(PROJECT_PREFIX)]
    specials = [f"zhuanxiang-{n:02d}.md" for n in range(1, 20)]
    assert pages == ["bumen.md", "index.md", *(f"{stem}.md" for stem in stems), *specials]
    assert [n for stem in stems for n in _numbers(stem)] == list(range(1, 38))
    assert len(stems) < 37 / 2
    stem, _ = project_place(folder, 20)
    moved = (folder / "xiangmu-20" / "index.html").read_text(encoding="utf-8")
    assert f'content="0; url=../{stem}/#xiangmu-20"' in moved
    ((title, entries),) = navs["2023/qu-xian-shang-wu-ju"][0].items()
    assert title == "第四部分 附件：绩效自评"
    assert entries[0] == "2023/qu-xian-shang-wu-ju/jixiao/index.md"
    assert entries[1] == {"部门整体支出绩效自评": "2023/qu-xian-shang-wu-ju/jixiao/bumen.md"}
    projects = entries[2]["项目支出绩效自评表"]
    assert projects == [
        {f"项目 {min(_numbers(stem))}–{max(_numbers(stem))}": f"2023/qu-xian-shang-wu-ju/jixiao/{stem}.md"}
        for stem in stems
    ]
    assert list(entries[3]) == ["专项绩效自评报告"]


def test_every_table_is_an_accessible_region(rendered: tuple[Path, dict[str, list[Any]]]) -> None:
    docs, _ = rendered
    pages = sorted(docs.rglob("*.md"))
    wrappers = [wrapper for page in pages for wrapper in tables(page)]
    assert len(wrappers) > 20
    for wrapper in wrappers:
        assert wrapper["tabindex"] == "0" and wrapper["role"] == "region"
        grid = wrapper.find("table", class_="gk-table")
        assert isinstance(grid, Tag)
        caption = grid.find("caption")
        assert caption is not None and caption.get_text().startswith(wrapper["aria-label"])
        assert all(th.get("scope") == "col" for th in grid.select("thead th"))
        assert all(th.get("scope") in ("row", "rowgroup") for th in grid.select("tbody th"))
        layout(grid)


def test_indicator_grid_spans_its_levels(rendered: tuple[Path, dict[str, list[Any]]]) -> None:
    docs, _ = rendered
    stem, position = project_place(docs / "2023/qu-xian-shang-wu-ju/jixiao", 20)
    page = docs / f"2023/qu-xian-shang-wu-ju/jixiao/{stem}.md"
    grid = [wrapper for wrapper in tables(page) if wrapper["aria-label"] == "绩效指标"][position]
    header = texts(grid.select("thead th"))
    # Sichuan's 项目支出绩效自评表 as seed 003 prints it (generator/data/forms/sichuan.yaml)
    assert header == [
        "一级指标",
        "二级指标",
        "三级指标",
        "指标性质",
        "指标值",
        "度量单位",
        "完成值",
        "权重",
        "得分",
        "未完成原因分析",
    ]
    bodies = grid.find_all("tbody")
    first = bodies[0]
    level1 = first.find("th")
    assert level1.get_text() == "产出指标" and level1["scope"] == "rowgroup"
    assert int(level1["rowspan"]) == len(first.find_all("tr")) == 3
    matrix = layout(grid)
    # 效益指标 spans its three 三级指标, each 二级 spans one
    rows = [texts(line[:3]) for line in matrix[1:]]
    assert rows[3] == ["效益指标", "经济效益指标", "签订意向性合作协议金额"]
    assert rows[5] == ["效益指标", "可持续发展指标", "对外开放合作"]
    assert texts(matrix[-1]) == ["合计"] * 3 + ["", "", "", "", "100", "100", ""]


def test_group_scored_as_a_whole_spans_its_indicators(rendered: tuple[Path, dict[str, list[Any]]]) -> None:
    docs, _ = rendered
    grid = table(docs / "2023/qu-xian-shang-wu-ju/jixiao/bumen.md", "2023 年部门预算绩效评价指标自评分表")
    matrix = layout(grid)
    duty = [line for line in matrix if line[1].get_text() == "履职效能（15 分）"]
    # 得分 comes right after 指标分值, before the long texts, so that it stays in view
    assert len(duty) == 5 and {line[4].get_text() for line in duty} == {"15"}
    assert duty[0][4] is duty[4][4]  # one cell, rowspan 5
    assert texts(matrix[-1])[:5] == ["合计", "合计", "合计", "100", "94"]  # the weights' and the score's sums


def test_summary_of_projects(rendered: tuple[Path, dict[str, list[Any]]]) -> None:
    docs, _ = rendered
    index = docs / "2023/qu-xian-shang-wu-ju/jixiao/index.md"
    grid = table(index, "项目支出绩效自评结果汇总")
    assert texts(grid.select("thead th")) == ["序号", "项目名称", "调整后预算金额", "自评得分", "自评等级"]
    rows = [texts(row.find_all(["th", "td"])) for row in grid.select("tbody tr")]
    assert rows[20] == ["21", "2023 年西洽会工作经费", "26.60", "94", "优"]
    assert rows[9] == ["10", "2022 年绩效奖金", "100.50", "", "未评分"]  # the seed's table states no 得分
    assert rows[-1][:2] == ["合计", "1,817.53"]
    text = index.read_text(encoding="utf-8")
    assert "“优”的 33 个、“良”的 0 个、“中”的 0 个、“差”的 0 个，另有 4 个未评分" in text
    assert "评优率" in text and "100.00%" in text
    first, _ = project_place(index.parent, 1)
    assert f"1. [在职工资性支出（行政）]({first}.md#xiangmu-01)" in text
    assert "[渠县商务局 2023 年部门预算绩效评价报告](bumen.md)" in text


def test_hunan_department_page(rendered: tuple[Path, dict[str, list[Any]]]) -> None:
    docs, _ = rendered
    folder = docs / "2024/sui-ning-xian-shang-wu-ju/jixiao"
    page = (folder / "bumen.md").read_text(encoding="utf-8")
    assert "自评得分：96 分　　自评等级：优秀" in page
    assert "优秀（高于 90 分）、良好（80 分及以上）、较差（60 分及以上）、差（低于 60 分）" in (
        folder / "index.md"
    ).read_text(encoding="utf-8")
    budget = layout(table(folder / "bumen.md", "年度预算执行情况"))
    # Hunan's order (seed 004): 分值 before 执行率
    assert texts(budget[0])[4:] == ["分值", "执行率（B/A）", "得分"]
    assert texts(budget[1]) == ["年度资金总额", "264.01", "716.83", "716.83", "10", "100.00%", "10"]
    split = layout(table(folder / "bumen.md", "年度预算的构成"))
    assert texts(split[1]) == ["按收入性质分", "合计", "716.83"]
    assert split[1][0] is split[5][0]  # 按收入性质分 spans its five rows
    grid = layout(table(folder / "bumen.md", "年度绩效指标"))
    assert texts(grid[-1])[-2:] == ["100", "96"]  # 总分 row: 分值, 得分, as Hunan prints them
    assert texts(grid[1])[:2] == ["产出指标（50 分）", "数量指标"]
    assert texts(grid[0])[3:] == ["年度指标值", "实际完成值", "分值", "得分"]
    assert "3.三级绩效指标按需自行增减行。个别不涉及的二级指标可删除不要。" in page  # the form's notes


def test_a_report_without_a_form_has_its_own_page(rendered: tuple[Path, dict[str, list[Any]]]) -> None:
    """Seed 004's 附件2, kind 报告: its text with its sections nested, listed after the forms."""
    docs, navs = rendered
    folder = docs / "2024/sui-ning-xian-shang-wu-ju/jixiao"
    ((_, entries),) = navs["2024/sui-ning-xian-shang-wu-ju"][0].items()
    address = "2024/sui-ning-xian-shang-wu-ju/jixiao/baogao-01.md"
    assert entries[-1] == {"其他绩效自评报告": [{"2024年项目绩效自评报告": address}]}
    page = (folder / "baogao-01.md").read_text(encoding="utf-8")
    assert page.startswith("---\n") and "\n# 2024年项目绩效自评报告\n\n（绥宁县商务局）\n" in page
    assert "\n### (二)项目绩效指标完成情况 {#s3-2}\n\n#### 1.产出指标完成情况分析 {#s3-2-1}\n" in page
    assert "<table" not in page  # no form of its own, none made up
    assert "- [2024年项目绩效自评报告](baogao-01.md)" in (folder / "index.md").read_text(encoding="utf-8")


def test_yaml_text_is_escaped(tmp_path: Path) -> None:
    folder = tmp_path / "2024" / "x" / "evaluation"
    folder.mkdir(parents=True)
    source = (REPO / "data/evaluation.example/xiangmu.yaml").read_text(encoding="utf-8")
    source = source.replace("name: 2024 年招商引资工作经费", 'name: "<script>alert(1)</script> *项目*"')
    source = source.replace("conclusion: 项目按计划完成", "conclusion: <b>项目</b>按计划完成")
    (folder / "xiangmu.yaml").write_text(source, encoding="utf-8")
    evaluations, findings = load_evaluations(folder.parent, display_root=tmp_path)
    assert not findings
    env = make_environment(REPO / "templates")
    render_evaluations(env, evaluations, load_grading(), {"base": "2024/x"}, tmp_path / "out")
    page = (tmp_path / "out" / "jixiao" / "xiangmu-01.md").read_text(encoding="utf-8")
    assert "<script>" not in page and "<b>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &#42;项目&#42;" in page  # the heading
    assert "&lt;b&gt;项目&lt;/b&gt;按计划完成" in page
    index = (tmp_path / "out" / "jixiao" / "index.md").read_text(encoding="utf-8")
    assert "<script>" not in index


def test_no_evaluation_no_page(tmp_path: Path) -> None:
    env = make_environment(REPO / "templates")
    empty = Evaluations(directory=tmp_path, display_root=tmp_path)
    assert render_evaluations(env, empty, load_grading(), {"base": "2024/x"}, tmp_path / "out") == []
    assert not (tmp_path / "out").exists()


def test_pages_build_with_mkdocs_strict(rendered: tuple[Path, dict[str, list[Any]]], tmp_path: Path) -> None:
    """Links between the pages resolve and the raw HTML passes MkDocs' strict build."""
    docs, navs = rendered
    (docs / "index.md").write_text("# 首页\n", encoding="utf-8")
    config = tmp_path / "mkdocs.yml"
    config.write_text(
        f"site_name: 测试\ndocs_dir: {docs}\nsite_dir: {tmp_path / 'site'}\nplugins: []\n"
        "markdown_extensions: [tables, attr_list, md_in_html, toc]\n",
        encoding="utf-8",
    )
    loaded = load_config(str(config), strict=True)
    loaded["nav"] = [{"首页": "index.md"}, *(entry for nav in navs.values() for entry in nav)]
    build(loaded)
    html = (tmp_path / "site/2023/qu-xian-shang-wu-ju/jixiao/index.html").read_text(encoding="utf-8")
    first, _ = project_place(docs / "2023/qu-xian-shang-wu-ju/jixiao", 1)
    assert f'href="{first}/#xiangmu-01"' in html


def test_a_form_layout_lists_every_column_once() -> None:
    """A province's layout that drops or doubles a column is refused: it would hide data."""
    with pytest.raises(ValidationError):
        Layout.model_validate({"name": "测试", "grid": {"项目": [{"key": "target", "header": "指标值"}]}})


def test_every_province_without_its_own_forms_prints_the_national_ones() -> None:
    national = load_forms("national")
    for key in available_gradings():
        forms = load_forms(key)
        for kind in ("部门整体", "项目", "专项"):
            assert {column.key for column in forms.grid(kind)} == {c.key for c in national.grid(kind)}
    assert load_forms("shanghai").grid("项目") == national.grid("项目")


def test_guangdong_scores_its_indicator_system_as_seed_000_words_it() -> None:
    """Seed 000 writes each indicator's “指标分值” before its “自评得分”; the form's notes are the report's
    sentences on how each indicator is assessed, each as printed."""
    forms = load_forms("guangdong")
    headers = ["指标分值", "自评得分", "评分说明", "指标解释", "评分方法"]
    assert [column.header for column in forms.sheet] == headers
    item = {"name": "预算编制合理性", "weight": 5, "score": 5}
    dimension = {
        "name": "预算编制情况",
        "weight": 28,
        "groups": [{"name": "预算编制", "weight": 18, "items": [item]}],
    }
    table = grid(
        "评价指标体系",
        [Dimension.model_validate(dimension)],
        layout_columns(forms.sheet),
        ("合计", None, None),
    )
    assert [cell.text for cell in table.head[0]] == ["一级指标", "二级指标", "三级指标", *headers[:2]]
    seed = (Path(__file__).resolve().parent / "fixtures" / "seed000.txt").read_text(encoding="utf-8")
    lines = {line.strip() for line in seed.splitlines()}
    notes = forms.notes("部门整体")
    assert len(notes) == 12 and [note for note in notes if note not in lines] == []
