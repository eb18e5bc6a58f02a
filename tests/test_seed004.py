"""The example project examples/sui-ning/ states what seed 004 (绥宁县商务局 2024 年度部门整体支出
绩效自评报告) states, as printed: every line of the report and every cell of its 基础数据表
(附件 1-1, the evaluation's ``forms``) and 部门整体支出绩效自评表 (附件 1-2) is on the 部门整体
page, every line of 附件2 (the 项目绩效自评报告, kind 报告) on its own page, or is listed below with
the reason it is not."""

from __future__ import annotations

import re
from pathlib import Path

from test_seed003 import _flat

SEED = Path(__file__).resolve().parent / "fixtures" / "seed004.txt"
JIXIAO = Path("2024") / "sui-ning-xian-shang-wu-ju" / "jixiao"
# The page each part of seed 004 is published on.
PAGES = {"报告": "bumen.md", "附件1-1": "bumen.md", "附件1-2": "bumen.md", "附件2": "baogao-01.md"}
# Cells of the printed 自评表 that are its layout: the site prints the column heads of its own grid, the
# 年度预算申请 as two tables (执行情况, 构成) and the scheme's 说明 on the 附件 index page.
LAYOUT = {
    "单位名称", "年度预算申请（万元）", "年初预算数", "全年预算数(A)", "全年执行数(B)", "分值",
    "执行率(B/A)", "得分", "年度资金总额", "年度总体目标", "年初目标设定", "全年实际完成情况",
    "绩效指标（90分）", "绩效", "指标（90分）", "一级指标", "二级指标", "三级指标", "年度指标值",
    "年度", "指标值", "实际完成值", "偏差原因", "分析及", "改进措施", "偏差原因分析及改进措施", "总分",
    "附件：1.部门整体支出绩效评价基础数据表", "2.部门整体支出绩效自评表",
    "2024年度部门整体支出绩效自评表",
    # 附件2's list of its attachment, a form the seed prints nothing of (blank lines only)
    "附件：项目支出绩效目标自评表",
}  # fmt: skip
# The forms' notes on how to fill them in, and the 基础数据表's two empty template rows “××专项资金”.
SCHEME_NOTE = re.compile(r"^说明：|^\d\.(综合评价等级|三级绩效指标)|^(其中：)?××专项资金$")
# What the form prints inside one cell as “label：value” (按收入性质分：716.83): the site has a row for each.
SPLIT = re.compile(r"^(按收入性质分|按支出性质分|其中：一般公共预算|其中：基本支出|政府性基金拨款|项目支出|"
                   r"纳入专户管理的非税收入拨款|其他资金)：")  # fmt: skip


def _parts(text: str) -> dict[str, list[str]]:
    """The seed's report (before its 附件 list) and each 附件, by its label, as lines."""
    lines = text.splitlines()[1:]
    marks = [(i, line.strip()) for i, line in enumerate(lines) if re.fullmatch(r"附件[\d-]+", line.strip())]
    end_of_report = next(i for i, line in enumerate(lines) if line.startswith("附件：1."))
    parts = {"报告": lines[:end_of_report]}
    for n, (start, label) in enumerate(marks):
        parts[label] = lines[start + 1 : marks[n + 1][0] if n + 1 < len(marks) else len(lines)]
    return parts


def _cells(lines: list[str]) -> list[str]:
    cells = [_flat(cell.replace("[bookmark: _GoBack]", "")) for line in lines for cell in line.split("\t")]
    cells = [SPLIT.sub("", cell) for cell in cells]
    return [cell for cell in cells if cell and cell not in LAYOUT and not SCHEME_NOTE.match(cell)]


def test_the_reports_and_their_forms_are_on_their_pages(example_docs: Path) -> None:
    parts = _parts(SEED.read_text(encoding="utf-8"))
    assert set(parts) == set(PAGES)
    pages = {
        name: _flat((example_docs / JIXIAO / name).read_text(encoding="utf-8"))
        for name in set(PAGES.values())
    }
    missing = [
        f"{part}: {cell}"
        for part, name in PAGES.items()
        for cell in _cells(parts[part])
        if cell not in pages[name]
    ]
    assert not missing, "\n".join(missing)
